"""Titles, awards, platforms and project history.

Why clause-level negation and goal checks: applications restate what they are
not (本企业不属于国家知识产权优势企业) and what they aim for (力争创建国家知识产
权示范企业); only held standings count, because exemptions and exclusions
depend on them. Program names (…优势企业培育项目) are not titles either.
"""
from __future__ import annotations

import re

from models.claims import ProjectRecord, Standing
from models.document import Document

from extractors import lexicon
from extractors.claims.prose import YearToken, find_years
from extractors.claims.spans import Unit, cues, unit_evidence

_CLAUSE = re.compile(r"[，,；;。：:！？]")


def _clause_before(text: str, pos: int) -> str:
    cut = max((m.end() for m in _CLAUSE.finditer(text, 0, pos)), default=0)
    return text[cut:pos]


_LEVEL_WORD = re.compile(lexicon.alternation("level_words"))
_LEVEL_OF = lexicon.word_map("level_words")


def _level_before(text: str, pos: int, default: str | None) -> str | None:
    """The level word nearest before the mention in its phrase (省企业知识产权战略推进计划 -> provincial)."""
    head = _clause_before(text, pos)[-12:]
    head = re.sub(r"(?:19|20)\d{2}\s*年度?", "", head)
    found = list(_LEVEL_WORD.finditer(head))
    return _LEVEL_OF[found[-1].group(0)] if found else default


_YEAR_MONTH = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*(?:[.．/-]|年)\s*(?:0?[1-9]|1[0-2])(?:\s*月)?(?![\d])")


def _dated_years(text: str) -> list[YearToken]:
    """Years, including those of dates (2021.09, 2021年9月): an honour is dated by when it was granted."""
    toks = [t for t in find_years(text) if len(t.years) == 1]
    for m in _YEAR_MONTH.finditer(text):
        if not any(t.start <= m.start() < t.end for t in toks):
            toks.append(YearToken(m.start(), m.end(), (int(m.group(1)),)))
    return sorted(toks, key=lambda t: t.start)


def _year_near(text: str, a: int, b: int) -> int | None:
    """The year nearest to the mention: before it in the clause, else after it in the clause."""
    years = _dated_years(text)
    cut = max((m.end() for m in _CLAUSE.finditer(text, 0, a)), default=0)
    nxt = _CLAUSE.search(text, b)
    end = nxt.start() if nxt else len(text)
    before = [t for t in years if cut <= t.start and t.end <= a]
    if before:
        return before[-1].years[0]
    after = [t for t in years if b <= t.start and t.end <= end]
    if after:
        return after[0].years[0]
    sentence_before = [t for t in years if t.end <= a]
    return sentence_before[-1].years[0] if sentence_before else None


def find_standings(doc: Document, units: list[Unit]) -> list[Standing]:
    c = cues()
    vocabs = lexicon.standings()
    kinds = {"titles": "title", "awards": "award", "platforms": "platform"}
    found: dict[tuple, Standing] = {}
    for u in units:
        t = u.text
        if any(w in t for w in c["condition_cues"]):
            continue
        for key, vocab in vocabs.items():
            for a, b, sid in vocab.find_all(t):
                if _unticked(t, a):
                    continue  # ☐国家知识产权示范企业: an option offered on the form, not a title held
                clause = _clause_before(t, a)
                if any(w in clause for w in c["standing_negations"] + c["standing_goals"]):
                    continue
                if any(t[b:b + 8].lstrip("”\"」").startswith(w) for w in c["standing_followers_skip"]):
                    continue
                entry = vocab.entries[sid]
                level = _level_before(t, a, entry.extra.get("level"))
                year = _year_near(t, a, b)
                k = (kinds[key], sid, year)
                ev = unit_evidence(doc, u)
                if k in found:
                    if len(found[k].evidence) < 3 and all(e.quote != ev.quote for e in found[k].evidence):
                        found[k].evidence.append(ev)
                    continue
                if year is None and any(s.id == sid and s.kind == kinds[key] for s in found.values()):
                    continue
                if year is not None:  # a dated mention supersedes an undated one
                    undated = (kinds[key], sid, None)
                    found.pop(undated, None)
                found[k] = Standing(kind=kinds[key], id=sid, name=t[a:b] if len(t[a:b]) > 3 else entry.name,
                                    year=year, level=level, evidence=[ev])
    return list(found.values())


def _unticked(t: str, a: int) -> bool:
    """The mention at `a` stands right after an unticked box (☐ □), or in a list of boxed
    options where it has no ticked mark of its own."""
    from extractors.claims.spans import fields_cfg

    cfg = fields_cfg()
    off, on = set(cfg["unchecked_marks"]), set(cfg["check_marks"])
    before = t[max(0, a - 3):a].rstrip(" \u3000“\"")
    return bool(before) and before[-1] in off and before[-1] not in on


def _status(seg: str) -> str:
    st = cues()["project_status"]
    for status in ("unpaid", "ongoing", "accepted"):
        if any(w in seg for w in st[status]):
            return status
    return "unknown"


def _role(seg: str) -> str | None:
    roles = cues()["project_roles"]
    if any(w in seg for w in roles["partner"]):
        return "partner"
    if any(w in seg for w in roles["lead"]):
        return "lead"
    return None


_QUOTED = re.compile(r"[“\"「《]([^”\"」》]{4,60})[”\"」》]")


def find_projects(doc: Document, units: list[Unit], table_rows: list[Unit]) -> list[ProjectRecord]:
    c = cues()
    progs = {a: pid for pid, al in c["project_programs"].items() for a in al}
    rx = re.compile("|".join(map(re.escape, sorted(progs, key=len, reverse=True))))
    out: list[ProjectRecord] = []
    for u in list(units) + list(table_rows):
        t = u.text
        if u.kind == "row" and " | " not in t:
            continue  # a one-cell table holds prose; its sentences are among the units already
        hits = []
        quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(t)]
        for m in rx.finditer(t):
            if not any(a < m.start() < b for a, b in quoted):
                hits.append((m.start(), m.end(), progs[m.group(0)]))
        if not hits:
            continue
        hits.sort()
        status_words = [w for ws in c["project_status"].values() for w in ws]
        role_words = [w for ws in c["project_roles"].values() for w in ws]
        history = any(w in t for w in c["project_history_cues"] + status_words)
        if u.kind == "row":  # a row of a project table: the row names a status/role, or the table is about 项目
            history = history or any(w in t for w in role_words) or "项目" in u.extra.get("header", "")
        if not history or any(w in t for w in c["condition_cues"]):
            continue
        if u.kind == "row":  # one project per table row; its cells give level, year, role, status
            hits = hits[:1]
        for i, (a, b, pid) in enumerate(hits):
            lo = hits[i - 1][1] if i else 0
            hi = hits[i + 1][0] if i + 1 < len(hits) else len(t)
            seg_before = _clause_before(t, a) if i == 0 else t[lo:a]
            seg = t[lo:hi]
            if any(w in seg_before for w in c["project_negations"]) or any(w in seg for w in c["project_current_cues"]):
                continue
            if u.kind != "row" and not any(w in seg for w in c["project_history_cues"] + status_words):
                continue
            if u.kind == "row":
                cells = t.split(" | ")
                name = next((x for x in cells if len(x) >= 4 and not re.fullmatch(r"[\d\s.年月日-]+", x)), t[a:b])
                level = next((_LEVEL_OF[x] for x in cells if x in _LEVEL_OF), None) or _level_before(t, a, None)
            else:
                name = _name(t, a, b, lo, hi)
                level = _level_before(t, a, None) or _level_in(seg_before)
            rec = ProjectRecord(name=name, program=pid, level=level, year=_year_near(t, a, b),
                                role=_role(seg) or _role(u.section), status=_status(seg), evidence=[unit_evidence(doc, u)])
            if any(r.program == rec.program and r.year == rec.year and r.level == rec.level and r.role == rec.role
                   for r in out):
                continue
            out.append(rec)
    return out


def _level_in(s: str) -> str | None:
    for level, words in cues()["level_words"].items():
        if any(w + "级" in s for w in words if not w.endswith("级")) or any(w in s for w in words if w.endswith("级")):
            return level
    return None


_NAME_END = re.compile(rf"[^，,；;。（(]{{0,16}}?(?:{lexicon.alternation('project_name_ends')})")


def _name(t: str, a: int, b: int, lo: int, hi: int) -> str:
    q = _QUOTED.search(t, lo, hi)
    if q and q.start() <= b and q.end() >= a:
        return q.group(1)
    start = a
    m = re.search(r"(?:(?:19|20)\d{2}年度?)?[^，,；;。：:、承担参与牵头作为的了过已曾在获得选评]{0,12}$", t[lo:a])
    if m:
        start = lo + m.start()
    tail = _NAME_END.match(t[b:hi])
    end = b + tail.end() if tail else b
    return t[start:end].strip("“”\"") or t[a:b]
