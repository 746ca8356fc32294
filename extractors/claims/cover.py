"""The cover page: program, track and applicant from titles; the signature date.

Why apart from the field passes: a cover states these facts by layout, not
by labels — a title ending in 申报书, a subtitle （新建项目）, a note
（申报…·…专用） saying what the document is for, the organization's name on a
line of its own, a date standing alone under the seal.
"""
from __future__ import annotations

import re

from models.document import Document

from extractors.claims.identity import Identity, org_at_start
from extractors.claims.spans import Unit, fields_cfg, is_heading
from extractors.dates import find_dates


def title_fallbacks(idn: Identity, doc: Document, units: list[Unit]) -> None:
    """Program name from a document title (…计划项目申报书), track from a subtitle
    such as （新建项目）, applicant from a cover line naming an organization."""
    cfg = fields_cfg()
    head = [u for u in units[:12] if u.kind == "sentence" and u.block is not None and is_heading(u.block)]
    cover = [u for u in units[:8] if u.kind == "sentence"]
    purpose = _purpose_line(cover)
    if purpose and purpose[1] and idn.out.track is None:
        idn.set("track", purpose[1], purpose[2], original=purpose[3])
    if idn.out.track is None and purpose is None:
        # a cover subtitle in parentheses names the track: （新建项目）
        for u in [u for u in units[:4] if u.kind == "sentence"]:
            m = _SUBTITLE.match(u.text.strip())
            if m and not any(w in m.group(1) for w in ("盖章", "公章", "签字", "全称", "草案", "试行", "修订")):
                idn.set("track", m.group(1).strip(), u, original=m.group(0))
                break
    if idn.out.applicant_name is None:
        for u in head:
            name = org_at_start(u.text)
            if name and name == u.text.strip():
                idn.set("applicant_name", name, u)
                break
    if idn.out.program_name is not None:
        return
    prev = None
    part = re.compile(cfg["part_heading"])
    for u in units[:25]:
        if u.kind != "sentence" or u.block is None or not is_heading(u.block):
            prev = None
            continue
        t = u.text.strip()
        for suf in sorted(cfg["title_suffixes"], key=len, reverse=True):
            if not t.endswith(suf):
                continue
            name = t[:-len(suf)].strip()
            if len(name) <= 3 and prev is not None:   # a title broken over two lines: …建设项目 / 项目申报书
                name, u = prev.text.strip(), prev
            if part.match(name):
                break     # 第一部分 申报书 names a part of the file, not the program
            if len(name) > 3:
                name = re.sub(r"(项目|计划)\1$", r"\1", name)
                name = re.sub(r"(?<=[）)])项目$", "", name)   # …（工业品牌）项目申报书: 项目 belongs to the form's name
                idn.set("program_name", name, u)
                return
        prev = u
    if purpose:
        idn.set("program_name", purpose[0], purpose[2])


def _purpose_line(units: list[Unit]) -> tuple[str, str | None, Unit, str] | None:
    """（申报2022年度省高价值专利培育计划项目·新建项目专用）: a cover note naming what the
    document is for — (program, track or None, unit, note). With no separator
    the note names a program and no track."""
    cfg = fields_cfg()["purpose_note"]
    pre = "|".join(map(re.escape, cfg["prefixes"]))
    suf = "|".join(map(re.escape, cfg["suffixes"]))
    # one level of nested parentheses: （申报…培育和保护项目（工业品牌）专用）
    rx = re.compile(rf"[（(]\s*(?:{pre})((?:[^（）()]|[（(][^（）()]{{1,20}}[）)]){{4,80}}?)(?:{suf})\s*[）)]")
    for u in units:
        m = rx.search(u.text)
        if not m:
            continue
        parts = [p.strip() for p in re.split("|".join(map(re.escape, cfg["separators"])), m.group(1)) if p.strip()]
        if not parts or not any(w in parts[0] for w in cfg["program_words"]):
            continue
        return parts[0], parts[-1] if len(parts) > 1 else None, u, m.group(0)
    return None


_SUBTITLE = re.compile(r"^[（(]([^（）()]{2,30})[）)]")
_DATE_ONLY = re.compile(r"^[\s（(]*(?:申报单位)?(?:（?盖章）?)?[\s:：]*$")


def date_fallback(idn: Identity, units: list[Unit]) -> None:
    """A date standing alone on its line (the signature date) when no date field is filled."""
    if idn.out.submission_date is not None:
        return
    last = None
    for u in units:
        if u.kind != "sentence":
            continue
        ds = find_dates(u.text)
        if len(ds) == 1:
            rest = u.text[:ds[0].start] + u.text[ds[0].end:]
            if _DATE_ONLY.match(rest) or re.fullmatch(r"[\s（(）)盖章日期签字:：年月]*", rest):
                last = (ds[0], u)
    if last:
        idn.set("submission_date", last[0].date, last[1], original=last[0].text)
