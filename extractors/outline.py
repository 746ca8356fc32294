"""Outline: the section tree of a notice, read from Chinese official numbering.

Why a stack keyed by numbering family and not fixed levels: guides nest the
families in different orders (一、 > （一） > 1. > （1） is usual, but a guide
may start at （一） or skip a level), so a family's depth is where it first
appears under its parent; a label of a family already open closes everything
below it. 附件N always starts a new root. Unnumbered markdown/Word headings are
sections of kind `heading` under the current attachment; a lone heading right
at the top of an attachment is its title, not a level of its own, so paths read
`附件3/三、申报条件/（一）新建项目/1./（4）`.
"""
from __future__ import annotations

import re
from typing import Iterator

from models.document import Block, Document, Section

_CN_NUM = "一二三四五六七八九十百零〇两"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (kind, pattern); the first group is the number, the match end is where the title starts.
_FAMILIES: list[tuple[str, re.Pattern]] = [
    ("attachment", re.compile(r"^附\s*件\s*(\d{1,2}|[" + _CN_NUM + r"]{1,3})(?![\d年月日号])\s*[:：.．、]?\s*")),
    ("chapter", re.compile(r"^第\s*([" + _CN_NUM + r"]{1,4}|\d{1,3})\s*(?:章|部分|编)\s*")),
    ("article", re.compile(r"^第\s*([" + _CN_NUM + r"]{1,4}|\d{1,3})\s*条\s*")),
    ("paren_cn", re.compile(r"^[（(]\s*([" + _CN_NUM + r"]{1,3})\s*[）)]\s*")),
    ("cn", re.compile(r"^([" + _CN_NUM + r"]{1,3})\s*[、．.]\s*")),
    ("paren_arabic", re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*")),
    ("arabic", re.compile(r"^(\d{1,2})\s*(?:[.．](?!\d)|、)\s*")),
    ("arabic_right", re.compile(r"^(\d{1,2})\s*[）)]\s*")),
    ("circled", re.compile(r"^([" + _CIRCLED + r"])\s*")),
    # 【申报条件】: a bracketed sub-heading (bold body text in Word, no heading style) that
    # groups the numbered items after it; the bracketed words are its title.
    ("bracket", re.compile(r"^[【〖]\s*([^【】〖〗\s]{2,15}?)\s*[】〗]\s*")),
]
_MARKUP = re.compile(r"^[#>\-*\s]+|\*\*|__")
_TITLE_END = re.compile(r"[。：:；;！？]")
SHORT_TITLE = 16


def _canonical(kind: str, num: str) -> str:
    """The label as it appears in a path: one spelling per family."""
    return {
        "attachment": f"附件{num}",
        "chapter": f"第{num}章",
        "article": f"第{num}条",
        "paren_cn": f"（{num}）",
        "cn": f"{num}、",
        "paren_arabic": f"（{num}）",
        "arabic": f"{num}.",
        "arabic_right": f"{num}）",
        "circled": num,
        "bracket": f"【{num}】",
    }[kind]


def parse_label(text: str) -> tuple[str, str, str, int] | None:
    """(kind, label as written, canonical label, title start) for a numbered line."""
    for kind, pat in _FAMILIES:
        m = pat.match(text)
        if not m:
            continue
        rest = text[m.end():]
        if kind == "attachment" and rest[:1] in ("：", ":") :
            return None
        if kind == "cn" and not rest:
            return None
        return kind, m.group(0).strip(), _canonical(kind, m.group(1)), m.end()
    return None


def title_of(text: str) -> str:
    """First sentence of a heading line, without trailing punctuation."""
    m = _TITLE_END.search(text)
    return (text[: m.start()] if m else text).strip()


def is_short_title(title: str) -> bool:
    return 0 < len(title) <= SHORT_TITLE and not re.search(r"[，,]", title)


def block_text(b: Block) -> tuple[str, int]:
    """Text of a block with its Word numbering label, and the offset shift of markup."""
    text = b.text
    if b.label and not text.startswith(b.label):
        return f"{b.label}{text}", -len(b.label)
    m = _MARKUP.match(text)
    if m and m.end() < len(text):
        return text[m.end():].replace("**", ""), m.end()
    return text, 0


def _is_heading(b: Block) -> bool:
    return b.kind == "heading" or bool(b.style and (b.style.startswith("h") or "Heading" in b.style or "标题" in b.style))


class _Node:
    def __init__(self, kind: str, label: str, canon: str, title: str, start: int, block: Block):
        self.kind, self.label, self.canon, self.title, self.start = kind, label, canon, title, start
        self.block = block
        self.children: list[_Node] = []
        self.parent: _Node | None = None
        self.end = block.end
        self.heading_only = False
        self.bare_title = False  # the line is the label and a title, no punctuation at all


def _lines(doc: Document) -> Iterator[tuple[Block, str, int]]:
    """Blocks that can carry numbering (table cells and page furniture cannot)."""
    for b in doc.blocks:
        if b.kind in ("header", "footer"):
            continue
        text, shift = block_text(b)
        yield b, text.strip(), shift


def build_outline(doc: Document) -> list[Section]:
    """The section roots of `doc`, each with children, offsets and path."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for b, text, _ in _lines(doc):
        parsed = None if b.kind == "table_cell" else parse_label(text)
        if parsed is None:
            if b.kind != "table_cell" and _is_heading(b) and text and len(text) <= 60:
                node = _Node("heading", "", "", text.replace(" ", ""), b.start, b)
                while stack and stack[-1].kind != "attachment":
                    stack.pop()
                _attach(node, stack, roots)
            elif stack:
                _extend(stack, b)
            continue
        kind, label, canon, cut = parsed
        rest = text[cut:].strip()
        title = canon[1:-1] if kind == "bracket" else title_of(text[cut:])
        node = _Node(kind, label, canon, title, b.start, b)
        node.heading_only = kind == "bracket" or rest == title or rest[len(title):len(title) + 1] in ("：", ":")
        node.bare_title = (not rest) if kind == "bracket" else rest == title
        if kind == "attachment":
            stack.clear()
        elif not _restarts_under(stack, kind, canon):
            for i in range(len(stack) - 1, -1, -1):
                if stack[i].kind == kind:
                    del stack[i:]
                    break
        _attach(node, stack, roots)
    for r in roots:
        _fold_title_headings(r)
    _absorb_attachment_titles(roots, doc)
    return [_to_section(n, "", 1) for n in roots]


_FIRST = {"1", "一", "①"}


def _restarts_under(stack: list[_Node], kind: str, canon: str) -> bool:
    """`8. 申报材料清单` followed by `1. …；2. …`: numbering of the same family that
    restarts right under a bare title line is a list inside that section, not
    its sibling (a sibling would be 9.)."""
    if not stack or canon.strip("（）.、条章") not in _FIRST:
        return False
    top = stack[-1]
    return (top.kind == kind and not top.children and top.bare_title
            and top.canon.strip("（）.、条章") not in _FIRST)


def _attach(node: _Node, stack: list[_Node], roots: list[_Node]) -> None:
    if stack:
        node.parent = stack[-1]
        stack[-1].children.append(node)
    else:
        roots.append(node)
    stack.append(node)
    for n in stack:
        n.end = max(n.end, node.block.end)


def _extend(stack: list[_Node], b: Block) -> None:
    for n in stack:
        n.end = max(n.end, b.end)


def _fold_title_headings(node: _Node) -> None:
    """A single heading that opens an attachment is that attachment's title."""
    heads = [c for c in node.children if c.kind == "heading"]
    if node.kind == "attachment" and len(heads) == 1 and node.children[0] is heads[0]:
        h = heads[0]
        node.title = node.title or h.title
        idx = node.children.index(h)
        for c in h.children:
            c.parent = node
        node.children[idx: idx + 1] = h.children
    for c in node.children:
        _fold_title_headings(c)


def _absorb_attachment_titles(roots: list[_Node], doc: Document) -> None:
    """An attachment without a title takes the unnumbered lines before its first child.

    Plain exports split a title such as `2026年省…项目` / `申报指南` over two lines.
    """
    for n in roots:
        if n.kind != "attachment" or n.title:
            continue
        first_child = n.children[0].start if n.children else n.end
        parts = []
        for b in doc.blocks:
            if n.block.end < b.start < first_child and len(b.text) <= 40:
                parts.append(b.text.replace(" ", ""))
            elif b.start >= first_child:
                break
            elif b.start > n.block.end and len(b.text) > 40:
                break
        n.title = "".join(parts)


def _path_part(n: _Node) -> str:
    if n.kind == "heading":
        return n.title[:30]
    if n.kind in ("attachment", "bracket"):
        return n.canon
    if n.kind == "article" and not n.bare_title:
        return n.canon  # 第四条 申报企业应当…：the words are the article's first sentence
    if (n.children or n.heading_only) and is_short_title(n.title):
        return n.canon + n.title
    return n.canon


def _to_section(n: _Node, parent_path: str, level: int) -> Section:
    part = _path_part(n)
    path = f"{parent_path}/{part}" if parent_path else part
    return Section(
        label=n.label, kind=n.kind, title=n.title, path=path, level=level, start=n.start, end=n.end,
        children=[_to_section(c, path, level + 1) for c in n.children],
    )


def iter_sections(roots: list[Section]) -> Iterator[Section]:
    """All sections in document order (pre-order)."""
    for s in roots:
        yield s
        yield from iter_sections(s.children)


def section_at(roots: list[Section], offset: int) -> Section | None:
    """The deepest section whose span contains `offset`."""
    best = None
    level = roots
    while level:
        nxt = None
        for s in level:
            if s.start <= offset <= s.end:
                nxt = s
        if nxt is None:
            break
        best = nxt
        level = nxt.children
    return best


def ancestors(roots: list[Section], offset: int) -> list[Section]:
    """Sections containing `offset`, outermost first."""
    out: list[Section] = []
    level = roots
    while level:
        nxt = next((s for s in reversed(level) if s.start <= offset <= s.end), None)
        if nxt is None:
            break
        out.append(nxt)
        level = nxt.children
    return out
