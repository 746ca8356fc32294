"""Looking up the applicant's figure for a metric and year, computing it when needed.

Why computation lives here: applications often state only the parts (研发费用
and 销售收入 per year), not the ratio the guide asks for; the matcher derives the
ratio per year from parts of the SAME year and shows the arithmetic, so staff
can redo it by hand. A stated ratio wins over a computed one (the applicant's
own figure is what they attest to).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors import lexicon
from models.claims import ApplicationClaims, Evidence, Figure
from pipeline import labels
from pipeline.screen import explain


@dataclass
class Val:
    year: int | None
    value: float | None
    computation: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    lacking: list[str] = field(default_factory=list)
    num: float | None = None
    den: float | None = None
    facts: list[list[Evidence]] = field(default_factory=list)  # evidence per figure the value rests on
    value_max: float | None = None  # the applicant stated a range (在…至…之间): value is its lower bound
    conflict: str | None = None     # …or stated the fact twice with different values: value/value_max span them

    @property
    def missing(self) -> bool:
        return self.value is None

    def deciding(self) -> list[list[Evidence]]:
        return self.facts or ([self.evidence] if self.evidence else [])


def ratio_parts(metric: str) -> tuple[str, str] | None:
    e = lexicon.metrics().entries.get(metric)
    if e and e.extra.get("kind") == "ratio" and e.extra.get("numerator") and e.extra.get("denominator"):
        return e.extra["numerator"], e.extra["denominator"]
    return None


def _fig(claims: ApplicationClaims, metric: str, year: int | None) -> Figure | None:
    return claims.figure(metric, year)


def _amount_facts(
    claims: ApplicationClaims, metric: str, year: int | None
) -> tuple[float | None, str | None, list[list[Evidence]], float | None, str | None]:
    """An amount or count, summing its parts (利润 + 税金) when only those are stated,
    with the upper bound when a figure is a stated range or stated twice differently
    (and then what the conflicting statements are).

    Evidence comes per figure used: a sum is only as sure as each of its parts.
    """
    f = _fig(claims, metric, year)
    if f is not None:
        return _stated(claims, f)
    parts = lexicon.derived_sums().get(metric)  # the one table of sums (extractors/data/derived_metrics.yaml)
    if parts:
        figs = [_fig(claims, p, year) for p in parts]
        if all(figs):
            total = sum(x.value for x in figs)
            unit = explain.metric_unit(metric)
            terms = " + ".join(f"{labels.metric_name(x.metric)}{explain.value(x.value, unit)}" for x in figs)
            label = f"{year}年：" if year else ""
            comp = f"{label}{terms} = {explain.value(total, unit)}"
            top = (sum(x.value_max if x.value_max is not None else x.value for x in figs)
                   if any(x.value_max is not None for x in figs) else None)
            return total, comp, [list(x.evidence) for x in figs], top, None
    return None, None, [], None, None


def _stated(claims: ApplicationClaims, f: Figure) -> tuple[float, None, list[list[Evidence]], float | None, str | None]:
    """A stated figure; when the submission states it again with another value (a table
    and the narrative), the span of all its values and what they are, so a condition is
    judged under each (a conflict that changes the verdict goes to a person)."""
    field = f"figures.{f.metric}" + (f".{f.year}" if f.year else "")
    c = next((c for c in claims.conflicts if c.field == field and len(c.amounts) >= 2), None)
    if c is None or f.value_max is not None:
        return f.value, None, [list(f.evidence)], f.value_max, None
    label = (f"{f.year}年" if f.year else "") + labels.metric_name(f.metric)
    note = f"{label}" + "与".join(c.values)
    return min(c.amounts), None, [[e] for e in c.evidence], max(c.amounts), note


def lookup(claims: ApplicationClaims, metric: str, year: int | None) -> Val:
    """The applicant's value of `metric` for `year` (None = a stock figure without year)."""
    parts = ratio_parts(metric)
    if parts is None:
        v, comp, facts, top, note = _amount_facts(claims, metric, year)
        lacking = [] if v is not None else [labels.metric_name(metric)]
        return Val(year, v, comp, [e for f in facts for e in f], lacking, facts=facts, value_max=top, conflict=note)
    num_id, den_id = parts
    n, _, nfacts, ntop, nnote = _amount_facts(claims, num_id, year)
    d, _, dfacts, dtop, dnote = _amount_facts(claims, den_id, year)
    nev, dev = [e for f in nfacts for e in f], [e for f in dfacts for e in f]
    stated = _fig(claims, metric, year)
    if stated is not None:
        v, _, facts, top, note = _stated(claims, stated)
        return Val(year, v, None, [e for f in facts for e in f], [], n, d, facts=facts, value_max=top, conflict=note)
    if n is not None and d:
        r = n / d * 100
        label = f"{year}年：" if year else ""
        if ntop is not None or dtop is not None:
            # a part stated as a range (or twice, differently): the ratio spans smallest part /
            # largest base … the reverse
            lo, hi = n / (dtop if dtop is not None else d) * 100, (ntop if ntop is not None else n) / d * 100
            comp = (f"{label}{labels.metric_name(num_id)}{_span(n, ntop, nnote)} ÷ "
                    f"{labels.metric_name(den_id)}{_span(d, dtop, dnote)} = {lo:.2f}%至{hi:.2f}%")
            note = "；".join(x for x in (nnote, dnote) if x) or None
            return Val(year, lo, comp, nev + dev, [], None, None, facts=nfacts + dfacts, value_max=hi, conflict=note)
        comp = (
            f"{label}{labels.metric_name(num_id)}{explain.value(n, '万元')} ÷ "
            f"{labels.metric_name(den_id)}{explain.value(d, '万元')} = {r:.2f}%"
        )
        return Val(year, r, comp, nev + dev, [], n, d, facts=nfacts + dfacts)
    lacking = [labels.metric_name(metric)]
    absent = [labels.metric_name(m) for m, x in ((num_id, n), (den_id, d)) if x is None]
    if absent:
        lacking.append("用于计算的" + "、".join(absent))
    return Val(year, None, None, nev + dev, lacking, n, d)


def _span(v: float, top: float | None, conflict: str | None = None, unit: str = "万元") -> str:
    if top is None:
        return explain.value(v, unit)
    return f"{explain.value(v, unit)}{'或' if conflict else '至'}{explain.value(top, unit)}"


def _counted(claims: ApplicationClaims, metric: str) -> Val | None:
    """Counts the application shows by its structure (联合申报单位数 = lead + partners)."""
    how = explain.texts().get("counted_from_claims", {}).get(metric)
    if how == "joint_units" and (claims.lead_unit or claims.partners):
        units = ([claims.lead_unit] if claims.lead_unit else []) + list(claims.partners)
        names = "、".join(u.value for u in units)
        return Val(None, float(len(units)), f"牵头及合作单位：{names}，共{len(units)}家",
                   [e for u in units for e in u.evidence], facts=[list(u.evidence) for u in units])
    return None


def stock(claims: ApplicationClaims, metric: str) -> Val:
    """A stock count (有效专利): the figure without a year, else the latest year given."""
    v = lookup(claims, metric, None)
    if not v.missing:
        return v
    counted = _counted(claims, metric)
    if counted is not None:
        return counted
    years = sorted({f.year for f in claims.figures if f.year is not None}, reverse=True)
    for y in years:
        v = lookup(claims, metric, y)
        if not v.missing:
            return v
    return lookup(claims, metric, None)


def period_years(period: str | None, ref_year: int | None) -> list[int] | None:
    """Years a period covers; None for a stock (current / no period)."""
    import re

    if not period or period == "current":
        return None
    if period.startswith("year"):
        ys = [int(y) for y in re.findall(r"(?:19|20)\d{2}", period)]
        if len(ys) == 2 and "-" in period:
            return list(range(ys[0], ys[1] + 1))
        return ys or None
    if ref_year is None:
        return None
    spans = {"last_3_years": 3, "within_3_years": 3, "last_2_years": 2, "last_year": 1}
    m = re.fullmatch(r"last_(\d+)_years", period)
    n = spans.get(period) or (int(m.group(1)) if m else None)
    if n is None:
        return None
    return list(range(ref_year - n, ref_year))
