"""Scores extracted ApplicationClaims against gold claims (rules in evaluation/__init__)."""
from __future__ import annotations

from models.claims import ApplicationClaims

from evaluation.prf import PRF, Mismatch, Tally, match_multiset

SCALARS = {
    "applicant_name": lambda c: c.applicant_name and c.applicant_name.value,
    "credit_code": lambda c: c.credit_code and c.credit_code.value.code,
    "applicant_type": lambda c: c.applicant_type and c.applicant_type.value,
    "province": lambda c: c.address and c.address.value.province,
    "city": lambda c: c.address and c.address.value.city,
    "legal_person": lambda c: c.legal_person and c.legal_person.value,
    "track": lambda c: c.track and c.track.value,
    "submission_date": lambda c: c.submission_date and c.submission_date.value.isoformat(),
    "ip_department": lambda c: c.ip_department and c.ip_department.value,
}
NUMERIC_KINDS = ("financial", "ip_counts")
COUNT_METRICS = {"valid_patents", "valid_invention_patents", "pct_national_phase", "ip_staff", "patent_grants",
                 "invention_grants", "patents_commercialized", "commercialization_staff"}


def _norm(v):
    return "".join(str(v).split()) if isinstance(v, str) else v


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.01, 0.005 * max(abs(a), abs(b)))


def score_claims(gold: ApplicationClaims, pred: ApplicationClaims, where: str = "") -> Tally:
    tally = Tally()
    for name, get in SCALARS.items():
        g, p = _norm(get(gold)), _norm(get(pred))
        if g in (None, "") and p in (None, ""):
            continue
        if g not in (None, "") and g == p:
            tally.add(name, PRF(1, 0, 0))
            continue
        tally.add(name, PRF(0, int(p not in (None, "")), int(g not in (None, ""))))
        tally.mismatches.append(Mismatch(name, None if g is None else str(g), None if p is None else str(p), where=where))
    # figures: keyed by (metric, year), value within tolerance
    for field, pick in (("financial", lambda f: f.metric not in COUNT_METRICS), ("ip_counts", lambda f: f.metric in COUNT_METRICS)):
        gf = [f for f in gold.figures if pick(f)]
        pf = [f for f in pred.figures if pick(f)]
        prf, missed, extra = match_multiset(
            gf, pf, same=lambda a, b: a.metric == b.metric and a.year == b.year and _close(a.value, b.value))
        tally.add(field, prf)
        for m in missed:
            got = next((f for f in pf if f.metric == m.metric and f.year == m.year), None)
            tally.mismatches.append(Mismatch(field, f"{m.metric} {m.year}: {m.value:g}{m.unit}",
                                             f"{got.value:g}{got.unit}" if got else None,
                                             m.evidence[0].quote if m.evidence else m.original, where))
        for x in extra:
            if not any(f.metric == x.metric and f.year == x.year for f in gf):
                tally.mismatches.append(Mismatch(field, None, f"{x.metric} {x.year}: {x.value:g}{x.unit}",
                                                 x.evidence[0].quote if x.evidence else x.original, where))
    lists = {
        "standings": (gold.standings, pred.standings, lambda s: (s.kind, s.id, s.year)),
        "attachments": (gold.attachments, pred.attachments, lambda a: a.material),
        "attestations": (gold.attestations, pred.attestations, lambda a: (a.attestation, a.present)),
        "projects": (gold.projects, pred.projects, lambda p: (p.program, p.role, p.status)),
        "partners": (gold.partners, pred.partners, lambda c: _norm(c.value)),
    }
    for name, (g, p, key) in lists.items():
        if name == "attachments":  # a material found twice (listed and as a page) counts once
            g = list({key(a): a for a in g if a.material}.values())
            p = list({key(a): a for a in p if a.material}.values())
        prf, missed, extra = match_multiset(g, p, key=key)
        tally.add(name, prf)
        for m in missed:
            tally.mismatches.append(Mismatch(name, str(key(m)), None, where=where))
        for x in extra:
            tally.mismatches.append(Mismatch(name, None, str(key(x)), where=where))
    return tally
