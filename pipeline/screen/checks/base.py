"""What every check needs: the screening context and the applicability rule.

Why a context object: the reference year, the selected track and the applicant
type (stated or implied by the track) decide how every condition is read, and
they must be decided once per submission, not re-derived by each check.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from extractors import lexicon
from models.claims import ApplicationClaims, Evidence
from models.report import Check
from models.schema import Program, SourceRef, Track
from pipeline import labels
from pipeline.screen import explain
from pipeline.screen.checks import ocr


@dataclass
class Ctx:
    program: Program
    claims: ApplicationClaims
    track: str | None = None
    ref_year: int | None = None
    received_on: date | None = None
    applicant_type: str | None = None
    notes: list[str] = field(default_factory=list)

    def standings(self, ids: list[str] | set[str], kinds: tuple[str, ...] = ("title", "award", "platform")):
        return [s for s in self.claims.standings if s.id in ids and s.kind in kinds]


def expand_types(types: list[str]) -> set[str]:
    """Applicant type ids with groups (高校院所 → university, research_institute) expanded."""
    groups = lexicon.applicant_type_groups()
    vocab = lexicon.applicant_types()
    out: set[str] = set()
    for t in types:
        if t in groups:
            out.update(groups[t])
        elif t in vocab:
            out.add(t)
        else:
            hit = vocab.first(t)
            out.add(hit or t)
    return out


def reference_year(program: Program, claims: ApplicationClaims, guide_year: int | None) -> int | None:
    """Y of the semantics note: the guide's year, else the applicant's latest figure year + 1."""
    if program.year:
        return program.year
    if guide_year:
        return guide_year
    years = [f.year for f in claims.figures if f.year]
    return max(years) + 1 if years else None


def track_key(t: Track) -> str:
    """Tracks are referred to by id, or by name when the guide schema gives none."""
    return t.id or t.name


def find_track(program: Program, key: str | None) -> Track | None:
    if not key:
        return None
    return next((t for t in program.tracks if key in (t.id, t.name)), None)


def track_name(program: Program, key: str) -> str:
    t = find_track(program, key)
    return t.name if t else key


def track_excluded(ctx: "Ctx", tracks: list[str]) -> bool:
    """True when a selected track is known and the item is restricted to other tracks."""
    if not tracks or not ctx.track:
        return False
    t = find_track(ctx.program, ctx.track)
    names = {ctx.track} | ({t.id, t.name} if t else set())
    return not (names - {""}) & set(tracks)


def inapplicable(ctx: Ctx, applies_to: list[str], tracks: list[str]) -> str | None:
    """Why a condition does not bind this applicant, or None when it does.

    An unknown applicant type or track never excludes: a condition is only set
    aside on a stated fact, otherwise a missing fact would hide a failure.
    """
    if track_excluded(ctx, tracks):
        wanted = "、".join(track_name(ctx.program, t) for t in tracks)
        return f"本条件仅适用于{wanted}，申报类别为{track_name(ctx.program, ctx.track)}"
    if applies_to and ctx.applicant_type and ctx.applicant_type not in expand_types(applies_to):
        wanted = "、".join(labels.type_name(t) for t in sorted(expand_types(applies_to)))
        return f"本条件仅适用于{wanted}，申报单位为{labels.type_name(ctx.applicant_type)}"
    return None


def make(
    cid: str,
    kind: str,
    status: str,
    explanation: str,
    *,
    source: SourceRef | None = None,
    metric: str | None = None,
    evidence: list[Evidence] | None = None,
    computation: str | None = None,
    alternatives: list[Check] | None = None,
    deciding: list[list[Evidence]] | None = None,
) -> Check:
    """A check, with OCR provenance applied (see pipeline.screen.checks.ocr).

    `deciding` lists the facts a `fail` rests on, each as the evidence stating
    that one fact; by default all the evidence is one fact.
    """
    status, explanation = ocr.guard(status, explanation, evidence or [], deciding, explain.cite(source))
    return Check(
        condition_id=cid,
        kind=kind,
        metric=metric,
        status=status,
        explanation=explanation,
        evidence=_dedupe(evidence or []),
        guide_source=explain.guide_source(source),
        alternatives=alternatives or [],
        computation=computation or None,
    )


def not_applicable(cid: str, kind: str, reason: str, source: SourceRef | None, metric: str | None = None) -> Check:
    return make(cid, kind, "not_applicable", f"不适用：{reason}{explain.cite(source)}", source=source, metric=metric)


def _dedupe(ev: list[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for e in ev:
        key = (e.file, e.start, e.end, e.quote)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
