"""Screening: a program's requirements against one application's claims.

Why orchestration only: each kind of check lives in pipeline.screen.checks and knows
its own rule; this module decides the context once (program, track, reference
year, applicant type), runs every check in the order staff read a guide
(who may apply, conditions, exclusions, joint rules, materials, deadline), and
derives the decision with models.report.decide so the rule has one home.
"""
from __future__ import annotations

from datetime import date

from models.claims import ApplicationClaims
from models.report import ReviewSplit, Applicant, Check, ProgramRef, ScreeningReport, decide
from models.schema import GuideSchema, Program
from pipeline.screen.checks import deadline, exclusions, identity, joint, materials, ocr, qualitative, thresholds
from pipeline.screen.checks import unread as unread_content
from pipeline.screen.checks.base import Ctx, expand_types, find_track, reference_year, track_key
from pipeline.screen.select import ProgramSelectionError, select_program, select_track

__all__ = ["screen", "screen_program", "ProgramSelectionError"]


def screen(
    schema: GuideSchema,
    claims: ApplicationClaims,
    program: str | None = None,
    track: str | None = None,
    received_on: date | None = None,
    ocr_pages: list[int] | None = None,
    unread: list[str] | None = None,
) -> ScreeningReport:
    """Select the program (raises ProgramSelectionError when none or several fit), then screen.

    `ocr_pages` (Document.ocr_pages) names the pages read by OCR; without it
    they are inferred from the claims' OCR evidence. `unread` (Document.unread) names
    parts whose content was not read: nothing is concluded from what is absent there.
    """
    chosen, track_id = select_program(schema, claims, program, track)
    return screen_program(chosen, claims, track_id, received_on, guide_year=schema.year, ocr_pages=ocr_pages,
                          unread=unread)


def _implied_type(program: Program, track: str | None, claims: ApplicationClaims) -> str | None:
    """The stated applicant type, else the only type the track (or program) is open to."""
    if claims.applicant_type is not None:
        return claims.applicant_type.value
    tr = find_track(program, track)
    types = expand_types(tr.applicant_types) if tr and tr.applicant_types else expand_types(program.applicant_types)
    return next(iter(types)) if len(types) == 1 else None


def _conditions(ctx: Ctx) -> list[Check]:
    out = []
    for i, cond in enumerate(ctx.program.conditions):
        cid = cond.id or f"cond-{i + 1}"
        if cond.kind == "threshold":
            out.append(thresholds.check_threshold(ctx, cond, cid))
        elif cond.kind == "any_of":
            out.append(thresholds.check_any_of(ctx, cond, cid))
        elif cond.kind == "qualitative":
            out.append(qualitative.check_qualitative(ctx, cond, cid))
        elif cond.kind == "attestation":
            out.append(qualitative.check_attestation(ctx, cond, cid))
    return out


def failed_metrics(checks: list[Check]) -> list[str]:
    out: list[str] = []
    for c in checks:
        if c.kind != "threshold" or c.status != "fail":
            continue
        for m in [c.metric] + [a.metric for a in c.alternatives if a.status == "fail"]:
            if m and m not in out:
                out.append(m)
    return out


def screen_program(
    program: Program,
    claims: ApplicationClaims,
    track: str | None = None,
    received_on: date | None = None,
    guide_year: int | None = None,
    ocr_pages: list[int] | None = None,
    unread: list[str] | None = None,
) -> ScreeningReport:
    given = find_track(program, track)
    if given is not None:
        track = track_key(given)
    elif track and program.tracks:
        track = select_track(program, claims, track)
    elif track is None:
        track = select_track(program, claims)
    ctx = Ctx(
        program=program,
        claims=claims,
        track=track,
        ref_year=reference_year(program, claims, guide_year),
        received_on=received_on,
        applicant_type=_implied_type(program, track, claims),
    )
    checks: list[Check] = []
    for fn in (identity.check_applicant_type, identity.check_legal_person, identity.check_region):
        c = fn(ctx)
        if c is not None:
            checks.append(c)
    checks += _conditions(ctx)
    checks += [exclusions.check_exclusion(ctx, ex, ex.id or f"excl-{i + 1}") for i, ex in enumerate(program.exclusions)]
    checks += [joint.check_joint(ctx, r, r.id or f"joint-{i + 1}") for i, r in enumerate(program.joint)]
    checks += materials.check_materials(ctx)
    d = deadline.check_deadline(ctx)
    if d is not None:
        checks.append(d)
    checks = unread_content.guard(checks, unread or [])
    warnings = list(claims.warnings) + list(ctx.notes)  # reader and extraction warnings first
    if ctx.ref_year is None:
        warnings.append("无法确定参照年度（指南未注明年度，申报材料也无分年度数据），按年度的条件无法判断")
    warnings += [f"申报材料中“{cf.field}”前后不一致：{'／'.join(cf.values)}" for cf in claims.conflicts]
    scanned = ocr.warning(claims, ocr_pages)
    if scanned:
        warnings.append(scanned)
    not_read = unread_content.warning(unread or [])
    if not_read:
        warnings.append(not_read)
    return ScreeningReport(
        file=claims.file,
        applicant=Applicant(
            name=claims.applicant_name.value if claims.applicant_name else None,
            credit_code=claims.credit_code.value.code if claims.credit_code else None,
        ),
        program=ProgramRef(id=program.id or None, name=program.name, track=track),
        decision=unread_content.cap(decide(checks), unread or []),
        checks=checks,
        missing_materials=materials.missing_names(ctx, checks),
        failed_metrics=failed_metrics(checks),
        error=None,
        warnings=list(dict.fromkeys(warnings)),
        review_split=review_split(checks),
    )


_JUDGED = ("qualitative", "attestation")


def review_split(checks) -> ReviewSplit:
    """Half of all files go to review for the same few qualitative conditions; staff need
    to see at once whether every checkable condition was met and only judgement is left,
    or whether a fact could not be found."""
    judged = [c for c in checks if c.status == "review" and (c.kind in _JUDGED or (c.kind == "threshold" and not c.metric))]
    facts = [c for c in checks if c.status in ("review", "missing") and c not in judged and c.kind != "material"]
    met = not any(c.status in ("fail", "missing") for c in checks if c.kind not in _JUDGED + ("material",)) and not facts
    return ReviewSplit(checkable_met=met, to_judge=len(judged), facts_not_found=len(facts))
