"""Exclusions: who may not apply, judged from the applicant's project history and titles.

Why silence passes: an exclusion fails only on a stated project or title that
matches it; an application that mentions no such project is not evidence of a
violation (staff check the bureau's own records for that).
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.lexicon import safe_load

from extractors import lexicon, textsim
from models.claims import ProjectRecord
from models.report import Check
from models.schema import Exclusion
from pipeline.screen import explain
from pipeline.screen.checks.base import Ctx, inapplicable, make, not_applicable

_NOISE = re.compile(r"[\s\d（）()年度、，,。\-—“”\"]+")


def _bigrams(s: str) -> set[str]:
    return textsim.bigrams(_NOISE.sub("", s))


def _strip_places(name: str) -> str:
    """江苏省高价值… → 省高价值…: the region in a project name says nothing about the programme."""
    regions = lexicon.regions()
    for names in (regions["provinces"], regions["cities"]):
        for n in names.values():
            core = re.sub(r"(省|市|自治区)$", "", n)
            if core and core in name:
                name = name.replace(n, n[len(core):]).replace(core, "")
    return name


def similar(a: str, b: str) -> float:
    """Share of the shorter name's character bigrams found in the other."""
    x, y = _bigrams(_strip_places(a)), _bigrams(_strip_places(b))
    if not x or not y:
        return 0.0
    return len(x & y) / min(len(x), len(y))


def record_level(r: ProjectRecord) -> str | None:
    if r.level:
        return r.level
    words = explain.texts().get("level_words", {})
    hits = [(r.name.find(w), lvl) for lvl, ws in words.items() for w in ws if w in r.name]
    return min(hits)[1] if hits else None


@lru_cache(maxsize=None)
def program_kinds() -> dict[str, tuple[str, ...]]:
    """Project kind id → names, from this package's data and the claims extractor's cues."""
    kinds = {k: list(v) for k, v in explain.texts().get("program_kinds", {}).items()}
    cues = lexicon.DATA / "claims_cues.yaml"
    if cues.exists():
        shared = (safe_load(cues.read_text(encoding="utf-8")) or {}).get("project_programs") or {}
        for k, v in shared.items():
            kinds.setdefault(k, []).extend(a for a in v if a not in kinds.get(k, []))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in kinds.items()}


def kinds_named(text: str) -> set[str]:
    return {k for k, names in program_kinds().items() if any(n in text for n in names)}


def _record_kind(r: ProjectRecord) -> str | None:
    if r.program:
        return r.program
    hits = kinds_named(r.name)
    return next(iter(hits)) if len(hits) == 1 else None


def _is_ip_project(r: ProjectRecord) -> bool:
    if r.program in program_kinds():
        return True
    return any(w in r.name for w in explain.texts().get("ip_project_words", []))


def _names_match(name: str, r: ProjectRecord) -> bool:
    """Does a programme named in an exclusion clause cover this project?"""
    if r.program and name == r.program:
        return True
    named, kind = kinds_named(name), _record_kind(r)
    if named and kind:
        return kind in named
    if not named and any(w in name for w in explain.texts().get("generic_program_words", [])):
        return _is_ip_project(r)
    return similar(name, r.name) >= 0.6


def _program_match(r: ProjectRecord, ex: Exclusion, ctx: Ctx) -> bool:
    if ex.programs:
        return any(_names_match(p, r) for p in ex.programs)
    if ex.kind == "led_same_program":
        return _names_match(ctx.program.name, r) or _in_text(r.name, ex.text)
    # 正在承担…项目 / 尚未验收的项目 without a named programme: any project at the level counts.
    return True


def _in_text(name: str, text: str) -> bool:
    x = _bigrams(_strip_places(name))
    return bool(x) and len(x & _bigrams(text)) / len(x) >= 0.6


def _level_ok(r: ProjectRecord, ex: Exclusion) -> bool:
    """A level-bound exclusion needs the project's level stated (or named in its title)."""
    if not ex.level:
        return True
    return record_level(r) == ex.level


def _is_this_application(ctx: Ctx, r: ProjectRecord) -> bool:
    """The application's own title read as a project of the applicant's history."""
    title = ctx.claims.program_name.value if ctx.claims.program_name else ""
    return bool(title) and r.status == "unknown" and similar(title, r.name) >= 0.9


def matching_records(ctx: Ctx, ex: Exclusion) -> list[ProjectRecord]:
    out = []
    for r in ctx.claims.projects:
        if _is_this_application(ctx, r) or not _level_ok(r, ex) or not _program_match(r, ex, ctx):
            continue
        if ex.kind == "led_same_program" and r.role != "lead":
            continue
        if ex.kind in ("ongoing_project", "ongoing_unaccepted") and r.status not in ("ongoing", "unpaid"):
            continue
        out.append(r)
    return out


def _describe(r: ProjectRecord) -> str:
    bits = [f"{r.year}年" if r.year else "", explain.level_name(record_level(r)) if record_level(r) else ""]
    role = {"lead": "牵头", "partner": "参与"}.get(r.role or "", "承担")
    status = explain.texts()["project_statuses"].get(r.status, "")
    return f"{''.join(bits)}{role}“{r.name}”（{status}）"


def _held_by_condition(ctx: Ctx, ex: Exclusion) -> bool:
    s = ex.source
    if not s or s.start is None:
        return False
    return any(c.source and c.source.start is not None and c.source.end is not None
               and c.source.start <= s.start < c.source.end for c in ctx.program.conditions)


def check_exclusion(ctx: Ctx, ex: Exclusion, cid: str) -> Check:
    src = ex.source
    cite = explain.cite(src)
    reason = inapplicable(ctx, ex.applies_to, ex.tracks)
    if reason:
        return not_applicable(cid, "exclusion", reason, src)
    if ex.kind == "sanction":  # a penalty for misconduct: shown to people, judged by no one here
        return not_applicable(cid, "exclusion", "违规处理条款（弄虚作假等），仅供参考", src)
    if ex.kind == "record" and _held_by_condition(ctx, ex):
        # 无严重失信行为 also stands as a condition (a pledge): judged there, once
        return not_applicable(cid, "exclusion", "不良记录情形，已由对应的申报条件核查", src)
    label = explain.texts()["exclusion_kinds"].get(ex.kind, "限制情形")
    if ex.kind == "holds_title" or (ex.titles and not ctx.claims.projects):
        held = [s for s in ctx.claims.standings if s.id in ex.titles]
        if held:
            names = "、".join(f"{s.name}{f'（{s.year}年）' if s.year else ''}" for s in held)
            return make(cid, "exclusion", "fail", f"限制申报（{label}）：申报单位已获{names}{cite}",
                        source=src, evidence=[e for s in held for e in s.evidence])
        if ex.kind == "holds_title":
            return make(cid, "exclusion", "pass", f"限制申报（{label}）：申报材料未显示已获相关称号{cite}", source=src)
    hits = matching_records(ctx, ex) if ex.kind in ("led_same_program", "ongoing_project", "ongoing_unaccepted") else []
    if hits:
        what = "；".join(_describe(r) for r in hits)
        return make(cid, "exclusion", "fail", f"限制申报（{label}）：申报单位{what}{cite}",
                    source=src, evidence=[e for r in hits for e in r.evidence])
    return make(cid, "exclusion", "pass", f"限制申报（{label}）：申报材料未显示属于该情形{cite}", source=src)
