"""A static review page: the guide text beside what the extractor made of it.

Why static and segmented: staff open the file from a share or an e-mail, with
no server and often no internet, so everything (CSS, script) is inline. The
guide text is cut at every boundary of every item's source span, so clicking an
item can highlight exactly its source sentence, even when spans overlap, by
marking the segments that fall inside it. Items whose source carries no offsets
(hand-written or older schemas) are located by their quote. Every string goes
through Jinja2 autoescaping: guide text may carry anything.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from models.document import Document
from models.schema import GuideSchema, Program, SourceRef
from pipeline.schema import labels as sl

_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(["html"]))


@dataclass
class Entry:
    """One clickable item of the schema panel."""

    dom_id: str
    title: str
    detail: str = ""
    span: tuple[int, int] | None = None
    section: str = ""
    css: str = ""
    children: list["Entry"] = field(default_factory=list)
    yaml_line: int | None = None  # where this item stands in the schema's YAML (shenbao guide --format yaml)


class _Locator:
    """Finds a source span in the document text: trusted offsets, else the quote."""

    def __init__(self, text: str):
        self.text = text
        self.squeezed, self.pos = [], []
        for i, ch in enumerate(text):
            if not ch.isspace():
                self.squeezed.append(ch)
                self.pos.append(i)
        self.squeezed = "".join(self.squeezed)

    def span(self, start: int | None, end: int | None, quote: str) -> tuple[int, int] | None:
        n = len(self.text)
        if start is not None and end is not None and 0 <= start < end <= n:
            if not quote or _squeeze(self.text[start:end]) == _squeeze(quote) or _squeeze(quote) in _squeeze(self.text[start:end]):
                return start, end
        return self.find(quote)

    def find(self, quote: str) -> tuple[int, int] | None:
        quote = (quote or "").strip()
        if not quote:
            return None
        at = self.text.find(quote)
        if at >= 0:
            return at, at + len(quote)
        q = _squeeze(quote)
        for cand in (q, q.rstrip("。；;，,.：:")):
            at = self.squeezed.find(cand) if cand else -1
            if at >= 0:
                return self.pos[at], self.pos[at + len(cand) - 1] + 1
        return None


def _squeeze(s: str) -> str:
    return "".join(s.split())


def render_review_page(doc: Document, schema: GuideSchema) -> str:
    """The whole page as one HTML string (UTF-8, no external resources)."""
    loc = _Locator(doc.text)
    programs = [_program(pi, p, loc) for pi, p in enumerate(schema.programs)]
    unparsed = []
    for ui, u in enumerate(schema.unparsed):
        span = loc.span(u.start, u.end, u.text)
        unparsed.append(Entry(f"item-u{ui}", u.section or "（无章节）", u.text, span, "", "unparsed"))
    spans = [e.span for e in _walk(programs + unparsed) if e.span]
    unparsed_spans = [e.span for e in unparsed if e.span]
    blocks = _blocks(doc, spans, unparsed_spans)
    entries = [e for e in _walk(programs) if not e.css.startswith("group")]
    lines = yaml_lines(schema)
    for e in entries:
        e.yaml_line = lines.get(e.dom_id)
    stats = {
        "total": len(entries),
        "located": sum(1 for e in entries if e.span),
        "unparsed": len(schema.unparsed),
    }
    return _ENV.get_template("review.html").render(
        doc=doc, schema=schema, programs=programs, unparsed=unparsed, blocks=blocks, stats=stats,
    )


_FIELD_OF = {"cond": "conditions", "excl": "exclusions", "mat": "materials", "dl": "deadlines", "ch": "channels",
             "quota": "quotas", "fund": "funding", "contact": "contacts", "task": "tasks", "track": "tracks",
             "joint": "joint"}
_CHILD_OF = {"m": "members", "ex": "exemptions", "adj": "adjustments"}
_DOM_ID = re.compile(r"^item-p(\d+)(?:-(\w+?)-(\d+)((?:-(?:m|ex|adj)\d+)*))?$")


def yaml_lines(schema: GuideSchema) -> dict[str, int]:
    """dom id → line of the item in the YAML that `shenbao guide --format yaml` writes for
    this schema, so a reviewer goes from the page to the line to edit."""
    import yaml

    from pipeline.schema.validate import SchemaLoader, line_index
    from pipeline.schema.yaml_io import dump_yaml

    index, _ = line_index(yaml.compose(dump_yaml(schema), Loader=SchemaLoader))
    out: dict[str, int] = {}
    for pi, prog in enumerate(schema.programs):
        out[f"item-p{pi}"] = index.get(("programs", pi), 0)
        if prog.region is not None:
            out[f"item-p{pi}-region-0"] = index.get(("programs", pi, "region"), 0)
    for dom_id in list(_walk_ids(schema)):
        m = _DOM_ID.match(dom_id)
        if not m or not m.group(2) or m.group(2) not in _FIELD_OF:
            continue
        path: tuple = ("programs", int(m.group(1)), _FIELD_OF[m.group(2)], int(m.group(3)))
        for kind, i in re.findall(r"-(m|ex|adj)(\d+)", m.group(4) or ""):
            path += (_CHILD_OF[kind], int(i))
        if path in index:
            out[dom_id] = index[path]
    return {k: v for k, v in out.items() if v}


def _walk_ids(schema: GuideSchema):
    loc = _Locator("")
    for e in _walk([_program(pi, p, loc) for pi, p in enumerate(schema.programs)]):
        yield e.dom_id


def _walk(entries):
    for e in entries:
        yield e
        yield from _walk(e.children)


def _source(src: SourceRef | None, loc: _Locator, inherit=None) -> tuple[tuple[int, int] | None, str]:
    if src is None:
        return inherit, ""
    return loc.span(src.start, src.end, src.quote), src.section


def _entry(dom_id: str, title: str, item, loc: _Locator, detail: str = "", inherit=None, css: str = "") -> Entry:
    span, section = _source(getattr(item, "source", None), loc, inherit)
    return Entry(dom_id, title, detail, span, section, css)


def _scope(item) -> str:
    """适用：企业 · 类别：新建项目 — who and which track an item binds."""
    parts = []
    if getattr(item, "applies_to", None):
        parts.append("适用：" + sl.applicant_type_names(item.applies_to))
    if getattr(item, "tracks", None):
        parts.append("类别：" + "、".join(item.tracks))
    return " · ".join(parts)


def _program(pi: int, prog: Program, loc: _Locator) -> Entry:
    p = f"item-p{pi}"
    facts = [x for x in (
        f"年度 {prog.year}" if prog.year else "",
        prog.issuer or "", prog.doc_number or "",
        "申报主体：" + sl.applicant_type_names(prog.applicant_types) if prog.applicant_types else "",
        "须独立法人" if prog.legal_person_required else "",
        f"实施期限 {prog.implementation_years} 年" if prog.implementation_years else "",
    ) if x]
    root = _entry(p, prog.name, prog, loc, " · ".join(facts), css="program")
    groups: list[Entry] = []

    def group(key: str, title: str, children: list[Entry]) -> None:
        if children:
            groups.append(Entry(f"{p}-{key}", title, css=f"group g-{key}", children=children))

    if prog.region:
        group("region", "注册地要求", [_entry(f"{p}-region-0", prog.region.text, prog.region, loc)])
    group("tracks", "类别", [_entry(f"{p}-track-{i}", t.name, t, loc, sl.applicant_type_names(t.applicant_types))
                             for i, t in enumerate(prog.tracks)])
    group("joint", "联合申报规则", [_entry(f"{p}-joint-{i}", j.text, j, loc, _scope(j)) for i, j in enumerate(prog.joint)])
    group("conditions", "申报条件", [_condition(f"{p}-cond-{i}", c, loc) for i, c in enumerate(prog.conditions)])
    w = sl.words()
    group("exclusions", "不得申报情形", [
        _entry(f"{p}-excl-{i}", e.text, e, loc, " · ".join(x for x in (w["exclusion_kinds"].get(e.kind, e.kind), _scope(e)) if x))
        for i, e in enumerate(prog.exclusions)])
    group("materials", "申报材料", [
        _entry(f"{p}-mat-{i}", m.name, m, loc, ("必须提交" if m.required else "可选") + (" · " + "、".join(w["material_requirements"].get(r, r) for r in m.requirements) if m.requirements else ""))
        for i, m in enumerate(prog.materials)])
    group("deadlines", "截止时间", [_entry(f"{p}-dl-{i}", sl.item_summary("deadlines", d), d, loc, d.text)
                                 for i, d in enumerate(prog.deadlines)])
    group("channels", "申报渠道", [_entry(f"{p}-ch-{i}", c.name, c, loc, c.url or "") for i, c in enumerate(prog.channels)])
    group("quotas", "推荐名额", [
        _entry(f"{p}-quota-{i}", q.text, q, loc, " · ".join(x for x in (
            f"最多 {q.max_count} 项" if q.max_count is not None else "", "不限名额" if q.unlimited else "",
            q.scope or "", q.condition or "") if x)) for i, q in enumerate(prog.quotas)])
    group("funding", "资助", [
        _entry(f"{p}-fund-{i}", f.text, f, loc, " · ".join(x for x in (
            f"{'最高' if f.max_amount else '每项'} {sl.number(f.amount_each)} 万元" if f.amount_each is not None else "",
            f"支持 {f.count} 项" if f.count is not None else "",
            "分期 " + "/".join(sl.number(s) + "%" for s in f.split) if f.split else "") if x))
        for i, f in enumerate(prog.funding)])
    group("contacts", "联系人", [_entry(f"{p}-contact-{i}", sl.item_summary("contacts", c), c, loc)
                              for i, c in enumerate(prog.contacts)])
    group("tasks", "项目任务", [_entry(f"{p}-task-{i}", t.title, t, loc, sl.short(t.text, 80)) for i, t in enumerate(prog.tasks)])
    root.children = groups
    return root


def _condition(dom_id: str, cond, loc: _Locator) -> Entry:
    w = sl.words()
    kind_name = w["condition_kinds"].get(cond.kind, cond.kind)
    if cond.kind == "threshold":
        title, detail = sl.threshold_text(cond), cond.text
    elif cond.kind == "any_of":
        title, detail = kind_name + "（满足其一即可）", cond.text
    else:
        title, detail = cond.text, ""
    e = _entry(dom_id, title, cond, loc, " · ".join(x for x in (detail, _scope(cond)) if x), css=f"c-{cond.kind}")
    e.detail = f"【{kind_name}】" + e.detail if cond.kind != "threshold" else e.detail
    if cond.kind == "any_of":
        e.children += [_entry(f"{dom_id}-m{i}", sl.threshold_text(m), m, loc, m.text, inherit=e.span, css="c-threshold")
                       for i, m in enumerate(cond.members)]
    for i, ex in enumerate(getattr(cond, "exemptions", [])):
        titles = "、".join(sl.title_name(t) for t in ex.titles)
        e.children.append(_entry(f"{dom_id}-ex{i}", "豁免：" + ex.text, ex, loc, titles, css="exemption"))
    for i, adj in enumerate(getattr(cond, "adjustments", [])):
        e.children.append(_entry(f"{dom_id}-adj{i}", sl.item_summary("adjustments", adj), adj, loc, css="adjustment"))
    return e


@dataclass
class _Block:
    id: int
    kind: str
    label: str
    css: str
    segs: list[tuple[int, int, str, bool]]
    page: int | None = None  # set on the first block of each PDF page


def _blocks(doc: Document, spans: list[tuple[int, int]], unparsed: list[tuple[int, int]]) -> list[_Block]:
    """Document blocks cut at every span boundary; each segment knows whether a span covers it."""
    cuts = sorted({x for s in spans for x in s})
    starts = sorted(spans)
    out: list[_Block] = []
    rows = [(b.id, b.kind, b.start, b.end, b.location.label() if b.kind == "table_cell" else "", b.location.page)
            for b in doc.blocks]
    if not rows and doc.text:  # a reader that gave text but no blocks: show it whole
        rows = [(0, "paragraph", 0, len(doc.text), "", None)]
    page_before = None
    for bid, kind, start, end, label, page in rows:
        new_page = page if page is not None and page != page_before else None
        page_before = page if page is not None else page_before
        inner = cuts[bisect.bisect_right(cuts, start): bisect.bisect_left(cuts, end)]
        edges = [start, *inner, end]
        segs = []
        for s, e in zip(edges, edges[1:]):
            if e > s:
                covered = any(a <= s and e <= z for a, z in starts if a <= s)
                segs.append((s, e, doc.text[s:e], covered))
        css = [kind]
        if any(a < end and start < z for a, z in unparsed):
            css.append("unparsed")
        out.append(_Block(bid, kind, label, " ".join(css), segs, new_page))
    return out
