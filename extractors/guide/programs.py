"""Where the programs of a notice are, what they are called, and their tracks.

Why structure and titles, not names: a notice bundles guides as 附件N, an
attachment may hold two guides each under its own `…申报指南` heading, a
provincial 申报说明 lists programs as 一、…项目 each with its own 申报条件, and a
city guide may have no title at all. The boundaries are read from guide-title
lines and from which top-level sections carry subject/condition sections; a
top-level section that does not look like a program name (技术创新类, 高校院所…
运营能力提升) is a track of the one program around it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors import lexicon
from extractors.dates import find_dates
from extractors.guide.text import applicant_types_in, compact, has_any, terms
from extractors.outline import is_short_title, iter_sections
from models.document import Document, Section

DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,8}\s*[〔\[［【（(]\s*(\d{4})\s*[〕\]］】）)]\s*\d{1,4}\s*号")
YEAR = re.compile(r"(20\d{2})\s*年度?")


@dataclass
class Unit:
    """One program's place in the document."""

    id: str
    name: str
    start: int
    end: int
    section: Section | None
    tops: list[Section] = field(default_factory=list)  # its top-level sections
    name_span: tuple[int, int] | None = None


def role_of(title: str) -> str | None:
    for entry in terms()["section_roles"]:
        if has_any(title, entry["keywords"]):
            return entry["role"]
    bare = compact(title).rstrip("：:。")
    for entry in terms()["section_roles"]:
        if bare.endswith(tuple(entry.get("suffixes", []))):
            return entry["role"]
    return None


def _has_role(sec: Section, roles: set[str]) -> bool:
    return any(role_of(s.title) in roles for s in iter_sections([sec]))


_GUIDE_ROLES = {"subject", "conditions", "subject_conditions"}


def clean_name(title: str) -> str:
    name = compact(title)
    for suffix in [*terms()["guide_title_suffixes"], *terms()["collection_title_suffixes"]]:
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            name = name[: -len(suffix)]
            break
    return name


def is_guide_title(text: str) -> bool:
    t = compact(text)
    return any(t.endswith(s) for s in terms()["guide_title_suffixes"])


def _is_program_title(title: str) -> bool:
    t = compact(title)
    return len(t) >= terms()["program_title_min_len"] and any(t.endswith(s) for s in terms()["program_title_suffixes"])


def _tops(roots: list[Section]) -> list[Section]:
    """Top-level numbered sections, looking through unnumbered heading roots."""
    out: list[Section] = []
    for r in roots:
        if r.kind == "heading":
            out.extend(_tops(r.children))
        else:
            out.append(r)
    return out


def find_units(doc: Document, roots: list[Section]) -> list[Unit]:
    attachments = [r for r in roots if r.kind == "attachment"]
    units: list[Unit] = []
    if attachments:
        for a in attachments:
            heads = [c for c in a.children if c.kind == "heading" and is_guide_title(c.title)]
            if len(heads) >= 2:
                for i, h in enumerate(heads, 1):
                    units.append(Unit(f"{a.path}-{i}", clean_name(h.title), h.start, h.end, h, list(h.children)))
            else:
                units.extend(_split_collection(doc, a.children, a.path, a.start, a.end, a, clean_name(a.title)))
        # an attachment is a program when it holds conditions or is titled as a guide; a form to
        # fill in (附件二 博导申请表.doc) or a list (学科专业目录.xls) is not
        kept = [u for u in units if any(_has_role(s, _GUIDE_ROLES) for s in u.tops)
                or (u.section is not None and is_guide_title(u.section.title))]
        if kept:
            return kept
    tops = _tops(roots)
    if not tops:
        return [Unit("main", _fallback_name(doc.text), 0, len(doc.text), None, [])]
    start = 0
    return _split_collection(doc, tops, "", start, len(doc.text), None, _doc_title_name(doc, tops[0].start))


def _split_collection(doc, tops, prefix, start, end, section, name) -> list[Unit]:
    programs = [s for s in tops if _is_program_title(s.title) and _has_role(s, _GUIDE_ROLES)]
    if len(programs) >= 2:
        out = []
        for s in programs:
            num = s.label.rstrip("、．. ")
            uid = f"{prefix}-{num}" if prefix else num
            out.append(Unit(uid, clean_name(s.title), s.start, s.end, s, [s]))
        return out
    if not name:
        name = _fallback_name(doc.text[start:end])
    return [Unit(prefix or "main", name, start, end, section, list(tops))]


def _doc_title_name(doc: Document, first_section: int) -> str:
    """The program named by the title line(s) before the first numbered section.

    Why title lines and not the whole head: a notice opens with a header
    (…文件), a doc number, the notice title, the addressees, a signature and
    only then the guide title; joining them all makes a name of the header. The
    guide title is the last line (or two or three consecutive short lines, as
    when an export breaks `2026年省…项目` / `申报指南`) that ends like a guide
    title; without one, the notice title `关于组织开展X申报工作的通知` names X.
    """
    blocks = [b for b in doc.blocks if b.start < first_section and b.kind not in ("header", "footer")]
    texts = [compact(b.text) for b in blocks]
    best = ""
    for i in range(len(texts)):
        joined = ""
        for j in range(i, min(i + 3, len(texts))):
            if len(texts[j]) > 40:
                break
            joined += texts[j]
            if is_guide_title(joined):
                best = joined
                break
    if best:
        return clean_name(best)
    for t in texts:
        name = notice_program(t)
        if name:
            return name
    return ""


def notice_program(title: str) -> str:
    """X of a notice title `…关于组织开展X申报工作的通知`; '' when the title is not of that shape."""
    t = compact(title)
    m = re.search(r"关于(.+?)的通知$", t)
    if not m:
        return ""
    name = m.group(1)
    for verb in sorted(terms()["notice_title_verbs"], key=len, reverse=True):
        if name.startswith(verb):
            name = name[len(verb):]
            break
    for tail in sorted(terms()["notice_title_tails"], key=len, reverse=True):
        if name.endswith(tail) and len(name) > len(tail) + 2:
            name = name[: -len(tail)]
            break
    return name if len(name) >= terms()["program_title_min_len"] else ""


_NAME_PATTERNS = [
    re.compile(r"(20\d{2}年度?[\u4e00-\u9fa5（）]{2,30}?(?:计划|专项|工程))(?:入选|立项)?项目"),
    re.compile(r"支持([\u4e00-\u9fa5]{4,30}?)建设"),
]


def _fallback_name(text: str) -> str:
    """A guide without a title: the program named where selection is announced."""
    for pat in _NAME_PATTERNS:
        m = pat.search(text)
        if m:
            return m.group(1)
    return ""


# ---------------------------------------------------------------- notice metadata

@dataclass
class Notice:
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    year: int | None = None
    issued_on: object = None
    province: str | None = None


def notice_meta(doc: Document, roots: list[Section]) -> Notice:
    first_att = next((r.start for r in roots if r.kind == "attachment"), None)
    head_end = first_att if first_att is not None else min(len(doc.text), 600)
    head = [b for b in doc.blocks if b.start < head_end]
    n = Notice()
    for b in head:
        t = compact(b.text)
        if n.title is None and (re.match(r"^关于.+通知$", t) or any(t.endswith(s) for s in terms()["collection_title_suffixes"]) or is_guide_title(t)):
            n.title = t
    if n.title is None and head and len(head[0].text) <= 40 and not head[0].text[:1].isdigit():
        t = compact(head[0].text)
        if not re.match(r"^[一二三四五六七八九十]+、", t) and not t.startswith("附件"):
            n.title = t
    zone = doc.text[:head_end] if first_att is not None else doc.text[:600]
    for m in DOC_NUMBER.finditer(zone):
        # 根据《…办法》（X府办〔2019〕12号）: a cited basis document's number is not the notice's own
        if re.search(r"》\s*[（(]\s*$", zone[max(0, m.start() - 3):m.start()]):
            continue
        n.doc_number = compact(m.group(0))
        break
    suffixes = terms()["issuer_suffixes"]
    for i, b in enumerate(head):
        t = compact(b.text)
        if t.endswith("文件") and any(t[:-2].endswith(s) for s in suffixes):
            n.issuer = t[:-2]
        elif any(t.endswith(s) for s in suffixes) and len(t) <= 30 and i + 1 < len(head):
            dates = find_dates(head[i + 1].text)
            if dates and len(compact(head[i + 1].text)) <= 14:
                n.issuer = n.issuer or t
                n.issued_on = dates[0].date
    if n.issuer is None or n.issued_on is None:
        _signature(doc, n, first_att)
    if n.title:
        m = YEAR.search(n.title)
        n.year = int(m.group(1)) if m else None
    n.province = home_province(doc, n)
    return n


def _signature(doc: Document, n: Notice, first_att: int | None) -> None:
    """The signature block at the end of the notice (before its attachments): an issuer
    line (…科学技术局) followed by a date line (2032年3月12日)."""
    end = first_att if first_att is not None else len(doc.text)
    tail = [b for b in doc.blocks if b.start < end and b.text.strip()][-12:]
    suffixes = terms()["issuer_suffixes"]
    for i in range(len(tail) - 1, 0, -1):
        line, prev = compact(tail[i].text), compact(tail[i - 1].text)
        dates = find_dates(line)
        if dates and len(line) <= 16 and any(prev.endswith(s) for s in suffixes) and len(prev) <= 40:
            n.issuer = n.issuer or prev
            n.issued_on = n.issued_on or dates[0].date
            return


def home_province(doc: Document, n: Notice) -> str | None:
    """The province 我省/省内 refers to: the issuer's, else the one the text names most."""
    regions = lexicon.regions()
    provinces = list(regions["provinces"].values())
    for text in (n.issuer or "", n.title or ""):
        for p in provinces:
            if text.startswith(p):
                return p
    counts = {p: doc.text.count(p) for p in provinces}
    best = max(counts, key=counts.get)
    if counts[best]:
        return best
    for code, city in regions["cities"].items():
        if city in doc.text:
            return regions["provinces"].get(code[:2])
    return None


def program_year(name: str, notice: Notice) -> int | None:
    m = YEAR.search(name)
    return int(m.group(1)) if m else notice.year


# ---------------------------------------------------------------- tracks

def _heading_only(doc: Document, sec: Section) -> bool:
    b = doc.block_at(sec.start)
    if b is None:
        return False
    rest = compact(b.text)
    return rest.rstrip("：:。") .endswith(compact(sec.title)) and len(rest) <= len(compact(sec.label + sec.title)) + 2


def declared_tracks(doc: Document, unit: Unit) -> dict[str, list[str]]:
    """Category names a `项目类别` section lists (`1. 专利产业化类：支持企业实施…`), with the
    applicant types named after the `：` (the name alone may name none)."""
    out: dict[str, list[str]] = {}
    for s in iter_sections(unit.tops):
        if not has_any(s.title, terms().get("track_list_titles") or []) or len(s.children) < 2:
            continue
        for c in s.children:
            b = doc.block_at(c.start)
            text = b.text if b is not None else c.title
            m = re.search(r"[：:]", text)
            if m is None:
                continue
            name = compact(c.title.split("：")[0].split(":")[0])
            if name and len(name) <= terms()["track_max_len"]:
                who = re.split(r"(?<=[\u4e00-\u9fff])(?:向|为|对|与)", text[m.end():], maxsplit=1)[0]
                out[name] = applicant_types_in(who)  # 支持高等院校、科研院所向企业转化: not 企业
    return out


def _ends_sentence(doc: Document, sec: Section) -> bool:
    """（一）在本市依法注册。 is a short condition, not a track heading: it ends a sentence."""
    b = doc.block_at(sec.start)
    return b is not None and b.text.rstrip().endswith(("。", "；", ";"))


def _is_category(title: str) -> bool:
    """企业创新类, 高校创新类: a heading ending in a category word names a track even when it
    names an applicant type (the type is who applies on that track)."""
    return compact(title).rstrip("：:。").endswith(tuple(terms().get("track_suffixes", [])))


def find_tracks(doc: Document, unit: Unit) -> list[Section]:
    """Track sections of a program: top-level sections with their own subject or
    conditions, else short unnumbered-looking headings inside a conditions section."""
    tops = unit.tops if unit.section is None or unit.section.kind != "cn" else unit.section.children
    found = [s for s in tops if s.title and role_of(s.title) is None and _has_role(s, _GUIDE_ROLES)]
    if len(found) >= 2:
        return found
    found = []
    declared = declared_tracks(doc, unit)
    for s in iter_sections(tops):
        if role_of(s.title) not in ("conditions", "subject_conditions"):
            continue
        for c in s.children:
            if compact(c.title) in declared and _heading_only(doc, c):
                found.append(c)
            elif (is_short_title(c.title) and len(c.title) <= terms()["track_max_len"] and role_of(c.title) is None
                    and (not applicant_types_in(c.title) or _is_category(c.title)) and _heading_only(doc, c)
                    and not _ends_sentence(doc, c)
                    and not compact(c.title).endswith(tuple(terms()["condition_group_suffixes"]))):
                found.append(c)
    return found if len(found) >= 2 else []
