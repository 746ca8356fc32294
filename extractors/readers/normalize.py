"""Text normalization with an offset map back to the original.

Why a mapped string: every value the pipeline extracts must be quotable from
the source. Exports carry artifacts (Word bookmark markers, markdown emphasis,
justification spaces between CJK characters) that break matching, so they are
removed here; each kept character remembers its index in the raw text, so a
span of the normalized text can always be traced back.

Nothing semantic is changed: full-width punctuation, full-width digits and
numbering labels such as （一） stay as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence, Union

# CJK ideographs, CJK punctuation, kana, full-width forms, and the curly quotes,
# dashes and ellipsis that Chinese text uses. A space next to one of these is an
# export artifact, never a word separator.
CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201f\u2014\u2026\u00b7\u2460-\u24ff"
)
CJK_RE = re.compile(f"[{CJK}]")
IDEOGRAPH_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)\)")
_ESCAPE = re.compile(r"\\+([\\`*_{}\[\]()#+\-.!|~<>])")
_EMPHASIS = re.compile(r"\*{2,3}|(?<![A-Za-z0-9])__|__(?![A-Za-z0-9])|~~")
_CJK_SPACE = re.compile(f"(?<=[{CJK}]) +(?=\\S)|(?<=\\S) +(?=[{CJK}])")
_MULTI_SPACE = re.compile(r"  +")

# Markdown line syntax (text exports only).
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+")
_LIST_MARKER = re.compile(r"^ {0,3}[-*+][ \t]+(?=\S)")
_RULE = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")

# Where an official document starts a new item: 附件1 一、 （一） 1. （1） ① 第三条 …
_CN_NUM = "一二三四五六七八九十百零〇两"
NUMBERING_RE = re.compile(
    rf"^\s*(?:附件\s*(?:[\d{_CN_NUM}]+|[：:]|$)"
    rf"|[{_CN_NUM}]+\s*[、．.]"
    rf"|[（(]\s*[{_CN_NUM}]+\s*[）)]"
    r"|\d{1,3}\s*[、．](?!\d)|\d{1,3}\.(?!\d)"
    r"|\d{1,2}(?:\.\d{1,2}){2,}|\d{1,2}\.\d{1,2}\s+(?=[^\s\d%])"  # 1.2.3, or "2.4 " before text
    r"|[（(]\s*\d{1,3}\s*[）)]"
    r"|[\u2460-\u2473\u2776-\u277f]"
    rf"|第[\d{_CN_NUM}]+[章节条部分款]"
    r")"
)
DATE_LINE_RE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_SENTENCE_END = re.compile(r"[。；：！？!?;:][）)」』”’》〕】\]\"']*$")
_NON_INITIAL = re.compile(r"^[，。、；：！？）」』”’》〕】,.;:!?)\]a-z]")
_PUNCT = re.compile(r"[，、；。：！？,;]")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")


Piece = Union[int, str]


@dataclass
class Mapped:
    """A string whose every character knows its index in the original text."""

    text: str = ""
    pos: list[int] = field(default_factory=list)

    @classmethod
    def span(cls, raw: str, start: int, end: int) -> "Mapped":
        return cls(raw[start:end], list(range(start, end)))

    def __len__(self) -> int:
        return len(self.text)

    def end_pos(self) -> int:
        return self.pos[-1] + 1 if self.pos else 0

    def sub(self, pattern: re.Pattern, repl: Sequence[Piece] | Callable[[re.Match], Sequence[Piece]]) -> "Mapped":
        """Replace matches by pieces: an int keeps that group's characters (with
        their positions), a str is inserted and mapped to the match start."""
        text, pos, last = [], [], 0
        for m in pattern.finditer(self.text):
            s, e = m.span()
            text.append(self.text[last:s])
            pos.extend(self.pos[last:s])
            anchor = self.pos[s] if s < len(self.pos) else self.end_pos()
            for piece in repl(m) if callable(repl) else repl:
                if isinstance(piece, int):
                    a, b = m.span(piece)
                    if a >= 0:
                        text.append(self.text[a:b])
                        pos.extend(self.pos[a:b])
                else:
                    text.append(piece)
                    pos.extend([anchor] * len(piece))
            last = e
        if last == 0 and not text:
            return self
        text.append(self.text[last:])
        pos.extend(self.pos[last:])
        return Mapped("".join(text), pos)

    def strip(self) -> "Mapped":
        s = self.text
        a, b = len(s) - len(s.lstrip()), len(s.rstrip())
        if a == 0 and b == len(s):
            return self
        return Mapped(s[a:b], self.pos[a:b])

    def __add__(self, other: "Mapped") -> "Mapped":
        return Mapped(self.text + other.text, self.pos + other.pos)


def clean_inline(m: Mapped) -> Mapped:
    """Remove export artifacts inside one line or paragraph."""
    m = m.sub(_ZERO_WIDTH, ())
    m = m.sub(_SPACES, (" ",))
    m = m.sub(_BOOKMARK, ())
    m = m.sub(_LINK, _link_pieces)
    m = m.sub(_ESCAPE, (1,))
    m = m.sub(_EMPHASIS, ())
    m = m.sub(_MULTI_SPACE, (" ",))
    m = m.sub(_CJK_SPACE, ())
    return m.strip()


def _link_pieces(m: re.Match) -> Sequence[Piece]:
    """[url](url) keeps the URL once; [text](url) keeps text(url); in-page anchors keep the text."""
    label, url = _ESCAPE.sub(r"\1", m.group(1)).strip(), m.group(2)
    if not url or url.startswith("#"):
        return (1,)
    if not label or label == url or label.rstrip("/") == url.rstrip("/"):
        return (2,)
    return (1, "(", 2, ")")


def normalize_inline(text: str) -> tuple[str, list[int]]:
    """Normalize one line; returns the text and, per character, its index in `text`."""
    m = clean_inline(Mapped.span(text, 0, len(text)))
    return m.text, m.pos


@dataclass
class MarkdownLine:
    text: Mapped
    heading: int | None = None
    list_item: bool = False
    rule: bool = False


def markdown_line(m: Mapped) -> MarkdownLine:
    """Strip line-level markdown: heading markers, list markers, horizontal rules."""
    if _RULE.match(m.text):
        return MarkdownLine(Mapped(), rule=True)
    h = _HEADING.match(m.text)
    if h:
        return MarkdownLine(m.sub(_HEADING, ()), heading=len(h.group(1)))
    if _LIST_MARKER.match(m.text):
        return MarkdownLine(m.sub(_LIST_MARKER, ()), list_item=True)
    return MarkdownLine(m)


def starts_item(text: str) -> bool:
    """True when a line opens a numbered item (一、 （一） 1. （1） ① 附件N 第N条)."""
    return bool(NUMBERING_RE.match(text))


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def needs_space(left: str, right: str) -> bool:
    """Whether two wrapped pieces join with a space: only Latin words do. CJK and
    digits join directly, so `410,000,0` + `00.00` gives back one number."""
    return bool(left and right and _LATIN_END.search(left) and _LATIN_START.match(right))


def join(a: Mapped, b: Mapped, gap_pos: int | None = None) -> Mapped:
    """Concatenate two wrapped pieces of one paragraph (see needs_space)."""
    if not a.text:
        return b
    if not b.text:
        return a
    if needs_space(a.text, b.text):
        return a + Mapped(" ", [gap_pos if gap_pos is not None else a.end_pos()]) + b
    return a + b


def continues_after_break(prev: str, nxt: str, min_len: int = 20) -> bool:
    """A page break (blank lines in a text export) split a sentence when the text
    before it does not end a sentence and the text after it does not open a new
    item. Titles and signatures (short, or without any punctuation) only
    continue when the next line cannot start a sentence (it starts with ，。；）…)."""
    prev, nxt = prev.strip(), nxt.strip()
    if not prev or not nxt or ends_sentence(prev) or starts_item(nxt) or DATE_LINE_RE.match(nxt):
        return False
    if _NON_INITIAL.match(nxt):
        return True
    if len(prev) < min_len or not _PUNCT.search(nxt):
        return False  # a line without any punctuation is a title or a signature
    return starts_item(prev) or bool(_PUNCT.search(prev))


def cjk_ratio(text: str) -> float:
    """Share of ideographs among letters (ideographs + Latin letters)."""
    cjk = len(IDEOGRAPH_RE.findall(text))
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return cjk / (cjk + latin) if cjk + latin else 0.0


def iter_lines(raw: str) -> Iterable[tuple[int, int, int]]:
    """(line_no 1-based, start, end) of each physical line, any newline convention."""
    for no, m in enumerate(re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", raw), 1):
        if m.start() == len(raw) and m.start() > 0:
            break
        body = m.group(0).rstrip("\r\n")
        yield no, m.start(), m.start() + len(body)
