"""Expected screening outcome of a gold application, by the shared semantics.

Why our own small rule code: the expected decisions must be derived from the
scenario (as written into the gold claims) without the pipeline, so the
corpus can measure the matcher instead of echoing it. It reads the gold
`ApplicationClaims` so an expected outcome can never disagree with what the
document actually states.
"""
from __future__ import annotations

from statistics import mean

from models.claims import ApplicationClaims
from models.gold import ExpectedOutcome

from appgen.programs import AnyOf, Spec, T

RATIOS = {
    "rd_expense_ratio": ("rd_expense", "revenue"),
    "ip_expense_ratio": ("ip_expense", "rd_expense"),
    "patent_product_revenue_ratio": ("patent_product_revenue", "revenue"),
}
OPS = {">=": lambda a, b: a >= b - 1e-9, ">": lambda a, b: a > b + 1e-9}


def _years(t: T, y: int) -> list[int]:
    return {"last_3_years": [y - 3, y - 2, y - 1], "last_2_years": [y - 2, y - 1], "last_year": [y - 1]}.get(t.period, [])


def _value(c: ApplicationClaims, metric: str, year: int | None) -> float | None:
    f = c.figure(metric, year)
    if f is not None:
        return f.value
    if metric in RATIOS:
        num, den = (c.figure(m, year) for m in RATIOS[metric])
        if num and den and den.value:
            return num.value / den.value * 100
    return None


def _stock(c: ApplicationClaims, metric: str) -> float | None:
    f = c.figure(metric, None)
    if f is None:
        fs = c.figures_of(metric)
        f = fs[-1] if fs else None
    return f.value if f else None


def _titles(c: ApplicationClaims, kind: str) -> set[str]:
    return {s.id for s in c.standings if s.kind == kind}


def _factor(c: ApplicationClaims, g: AnyOf, y: int) -> float:
    for trig in g.halve_triggers:
        if trig == "award_within_3y" and any(
                s.kind == "award" and s.id in g.halve_awards and (s.year or 0) >= y - 3 for s in c.standings):
            return 0.5
        if trig == "key_lab" and _titles(c, "platform") & {"national_key_lab", "provincial_key_lab"}:
            return 0.5
    return 1.0


def threshold(c: ApplicationClaims, t: T, y: int, factor: float = 1.0, pct: float | None = None) -> str:
    if t.exemptions and _titles(c, "title") & set(t.exemptions):
        return "pass"
    need = t.value * factor
    ok = OPS[t.op]
    if t.period == "current":
        v = _stock(c, t.metric)
        if v is None:
            return "missing"
        if pct and t.metric == "valid_invention_patents":
            v += pct * (_stock(c, "pct_national_phase") or 0)
        return "pass" if ok(v, need) else "fail"
    years = _years(t, y)
    vals = [_value(c, t.metric, yr) for yr in years]
    if any(v is None for v in vals):
        return "missing"
    each = all(ok(v, need) for v in vals)
    if t.agg == "each_year":
        return "pass" if each else "fail"
    if t.metric in RATIOS:
        num, den = RATIOS[t.metric]
        nums = [_value(c, num, yr) for yr in years]
        dens = [_value(c, den, yr) for yr in years]
        pooled = sum(nums) / sum(dens) * 100 if None not in nums + dens else mean(vals)
    else:
        pooled = mean(vals)
    if t.agg == "average":
        return "pass" if ok(pooled, need) else "fail"
    both = (each, ok(pooled, need))
    return "pass" if all(both) else "fail" if not any(both) else "review"


def _applies(applies_to: tuple[str, ...], atype: str | None) -> bool:
    return not applies_to or atype in applies_to


def evaluate(spec: Spec, c: ApplicationClaims) -> ExpectedOutcome:
    checks: list[tuple[str, str, list[str]]] = []  # (kind, status, metrics)
    atype = c.applicant_type.value if c.applicant_type else None
    y = spec.year
    checks.append(("applicant_type", "missing" if atype is None else "pass" if atype in spec.types else "fail", []))
    checks.append(("region", _region(spec, c), []))
    if c.legal_person is not None and c.legal_person.value is False:
        checks.append(("applicant_type", "fail", []))
    for cond in spec.conditions:
        if isinstance(cond, T):
            if _applies(cond.applies_to, atype):
                st = threshold(c, cond, y)
                if cond.other_route and st in ("fail", "missing"):
                    st = "review"
                checks.append(("threshold", st, [cond.metric]))
            continue
        if not _applies(cond.applies_to, atype):
            continue
        f = _factor(c, cond, y)
        sts = [threshold(c, m, y, f, cond.pct_factor) for m in cond.members]
        st = ("pass" if "pass" in sts else "missing" if "missing" in sts else "review" if "review" in sts else "fail")
        checks.append(("threshold", st, [m.metric for m in cond.members]))
    if spec.qualitative:
        checks.append(("qualitative", "review", []))
    if spec.ip_department:
        dep = c.ip_department.value if c.ip_department else None
        st = {"independent": "pass", "exists": "review", "none": "fail", None: "missing"}[dep]
        checks.append(("qualitative", st, []))
    if spec.attestation:
        for att in ("no_serious_dishonesty", "no_abnormal_patent_filing"):
            a = next((a for a in c.attestations if a.attestation == att), None)
            checks.append(("attestation", "review" if a is None else "pass" if a.present else "fail", []))
    for ex in spec.exclusions:
        if _applies(ex.applies_to, atype):
            checks.append(("exclusion", "fail" if _excluded(ex, c) else "pass", []))
    if spec.joint_partners is not None:
        ok = c.lead_unit is not None and len(c.partners) == spec.joint_partners
        checks.append(("joint", "pass" if ok else "fail", []))
    have = {a.material for a in c.attachments}
    missing = [m for m in spec.materials if m not in have]
    checks += [("material", "missing", []) for _ in missing]
    if spec.deadline:
        d = c.submission_date.value if c.submission_date else None
        checks.append(("deadline", "review" if d is None else "fail" if d > spec.deadline else "pass", []))
    statuses = [s for _, s, _ in checks]
    decision = ("ineligible" if "fail" in statuses else "incomplete" if "missing" in statuses
                else "needs_review" if "review" in statuses else "eligible")
    failed_metrics = sorted({m for k, s, ms in checks if k == "threshold" and s == "fail" for m in ms})
    failed_kinds = sorted({k for k, s, _ in checks if s == "fail"})
    return ExpectedOutcome(guide=spec.guide, program=spec.program, track=spec.track, decision=decision,
                           failed_metrics=failed_metrics, missing_materials=missing, failed_kinds=failed_kinds)


def _region(spec: Spec, c: ApplicationClaims) -> str:
    places = []
    cc = c.credit_code.value if c.credit_code else None
    if cc and cc.valid:
        places.append((cc.province, cc.city))
    if c.address:
        places.append((c.address.value.province, c.address.value.city))
    if not places:
        return "missing"
    for prov, city in places:
        if prov and prov != spec.province:
            return "fail"
        if spec.city and city and city != spec.city:
            return "fail"
    return "pass"


def _excluded(ex, c: ApplicationClaims) -> bool:
    if ex.kind == "holds_title":
        return bool({s.id for s in c.standings} & set(ex.titles))
    for p in c.projects:
        if ex.level and p.level != ex.level:
            continue
        if ex.programs and p.program not in ex.programs:
            continue
        if ex.kind == "led_same_program" and p.role == "lead":
            return True
        if ex.kind in ("ongoing_project", "ongoing_unaccepted") and p.status in ("ongoing", "unpaid"):
            return True
    return False
