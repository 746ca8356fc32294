"""Document structure of a bound submission: 目录 entries and material sections.

Why structure and not wording: a 申报材料汇编 says which materials it contains
twice — once as a 目录 line with leader dots and a page number, once as the
material's own titled section. The 目录 line alone is a promise; the section
is the proof, and a section that says 暂缺/后补 breaks the promise. A 目录
line is also no figure (四、有效专利清单……25 states no patent count), so the
figure passes skip it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.claims.spans import Unit, cues, fields_cfg

# leader dots (…… ⋯ ····· ....... ——) then a page number closing the line
_LEADER = re.compile(r"\s*(?:[…⋯]+|[·•．.\-_—－]{3,})\s*(?:第\s*)?(\d{1,4})\s*(?:页)?\s*$")
_NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+(?:部分|篇|章|卷)\s*|附\s*(?:件|表)\s*[\d一二三四五六七八九十]+(?:[-－—]\d+)?\s*[：:、.．]?\s*"
    r"|[一二三四五六七八九十]+\s*、\s*|\d+\s*[.、．]\s*(?!\d)|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]\s*)")
_PART = re.compile(r"^\s*第[一二三四五六七八九十\d]+(?:部分|篇|章|卷)")
_NOTE_END = re.compile(r"\s*[（(][^（）()]{1,12}[）)]\s*$")


@dataclass
class TocEntry:
    title: str          # the entry without numbering, leader dots and page: 年度审计报告
    raw: str            # the line as written before the leader dots: 三、年度审计报告
    page: int
    unit: Unit
    is_part: bool       # 第二部分 证明材料: a part, not an entry of one
    in_materials: bool  # under a part (or itself numbered 附件N) that lists materials


def toc_entry(text: str) -> tuple[str, int] | None:
    """(text before the leader dots, page number) of a 目录 line, else None."""
    m = _LEADER.search(text)
    if not m or m.start() == 0:
        return None
    head = text[:m.start()].strip()
    if not head or len(head) > 40 or re.search(r"[。；;，,]", head):
        return None
    return head, int(m.group(1))


def is_toc_line(text: str) -> bool:
    return toc_entry(text) is not None


def strip_numbering(title: str) -> str:
    """附件3：营业执照 / 三、营业执照复印件 / 第二部分 证明材料 -> the name alone."""
    prev = None
    t = PAGE_REF.sub("", title).strip()  # 有效专利清单 …… 48-62: the list's page range is no part of the name
    while prev != t:   # 第二部分 附件1：… carries two numberings
        prev, t = t, _NUMBERING.sub("", t, count=1).strip()
    return t


PAGE_REF = re.compile(r"\s*(?:…+|\.{3,}|·{3,}|-{3,}|—{2,}|\t+)\s*(?:第\s*)?\d{1,4}(?:\s*[-—–~至]\s*\d{1,4})?\s*页?\s*$")


def strip_trailers(title: str) -> str:
    """2021年度审计报告（摘要） / 法人证书复印件 -> the material's own name."""
    words = sorted(cues().get("title_trailers", []), key=len, reverse=True)
    prev = None
    t = PAGE_REF.sub("", title).strip()  # 有效专利清单 …… 48-62: the list's page range is no part of the name
    while prev != t:
        prev = t
        t = _NOTE_END.sub("", t).strip()
        for w in words:
            if t.endswith(w) and len(t) > len(w) + 1:
                t = t[:-len(w)].strip()
                break
    return t


def _is_materials_part(title: str) -> bool:
    return any(w in title for w in cues().get("attachment_parts", []))


def toc_entries(units: list[Unit]) -> list[TocEntry]:
    """Every 目录 line of the document, each knowing whether it names a material."""
    out: list[TocEntry] = []
    in_materials = False
    for u in units:
        if u.kind != "sentence":
            continue
        e = toc_entry(u.text)
        if e is None:
            continue
        raw, page = e
        is_part = bool(_PART.match(raw))
        title = strip_numbering(raw)
        if is_part:
            in_materials = _is_materials_part(raw)
        numbered_attachment = bool(re.match(r"^\s*附\s*(?:件|表)\s*[\d一二三四五六七八九十]", raw))
        out.append(TocEntry(title, raw, page, u, is_part, in_materials or numbered_attachment))
    return out


def is_pending(text: str) -> bool:
    """The text says the material is not there yet (暂缺, 后补 …)."""
    return any(w in text for w in cues().get("attachment_pending", []))


def section_body(units: list[Unit], i: int, is_title, limit: int = 20) -> list[Unit]:
    """The sentences after the title at units[i], up to the next title (or part heading)."""
    body = []
    for u in units[i + 1:i + 1 + limit]:
        if u.kind != "sentence":
            continue
        if u.block is not None and u.start == u.block.start and (is_title(u) or _PART.match(u.text)):
            break
        body.append(u)
    return body


def part_heading_rx() -> re.Pattern:
    return re.compile(fields_cfg().get("part_heading", r"^第[一二三四五六七八九十\d]+部分"))
