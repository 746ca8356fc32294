"""Exemptions and adjustments: rules that lift or change a threshold.

Why only on proven standings: an exemption or a halving is a privilege the
applicant must show (a title, an award with its year); the claims extractor
decides what the applicant holds, the matcher trusts those standings and
checks only what the rule itself asks (e.g. the award lies within the window
the guide states). Every parameter comes from the guide: a rule whose trigger,
factor or target the guide does not name is never completed from another
guide's values; it is reported for a person to judge (`Notes.unresolved`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors import lexicon
from models.claims import Evidence, Standing
from models.schema import Adjustment, Exemption
from pipeline import labels
from pipeline.screen.checks.base import Ctx


@dataclass
class Halving:
    factor: float
    standing: Standing
    adjustment: Adjustment

    def label(self) -> str:
        year = f"{self.standing.year}年" if self.standing.year else ""
        verb = {"award": "获", "title": "已获", "platform": "建有"}.get(self.standing.kind, "具有")
        return f"{verb}{year}{self.standing.name}"


@dataclass
class Notes:
    """Side remarks for staff (an award outside the window, a rule not judged)."""

    lines: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    unresolved: bool = False  # a rule that could change the verdict was not judged: a fail goes to review


def exemption(ctx: Ctx, exemptions: list[Exemption]) -> tuple[Exemption, Standing] | None:
    for ex in exemptions:
        for s in ctx.claims.standings:
            if s.id in ex.titles:
                return ex, s
    return None


def exemption_text(metric: str, s: Standing) -> str:
    year = f"（{s.year}年）" if s.year else ""
    return f"已获{s.name or labels.standing_name(s.id)}{year}，不受{labels.metric_name(metric)}限制"


def _applies(adj: Adjustment, metric: str) -> bool:
    return not adj.metrics or metric in adj.metrics


def _trigger_standings(ctx: Ctx, trigger: str, span: int | None, notes: Notes) -> list[Standing]:
    ids = set(lexicon.triggers().get(trigger, [trigger]))
    found = [s for s in ctx.claims.standings if s.id in ids]
    if span is None:  # the guide names no window: an award at any time
        return found
    ok = []
    for s in found:
        y = ctx.ref_year
        if s.kind != "award":  # the window is the award's (获得…奖); a lab or title held now counts
            ok.append(s)
        elif s.year is not None and y is not None and y - span <= s.year <= y:
            ok.append(s)
        else:
            when = f"{s.year}年" if s.year else "年份未注明的"
            notes.lines.append(f"{when}{s.name}不在{span}年内（{y - span if y else '?'}年及以后），不适用减半")
            notes.evidence.extend(s.evidence)
    return ok


def halving(ctx: Ctx, adjustments: list[Adjustment], metric: str, notes: Notes) -> Halving | None:
    for adj in adjustments:
        if adj.kind != "halve" or not _applies(adj, metric):
            continue
        if not adj.triggers or not adj.factor:
            notes.lines.append("指南的减免规则未写明" + ("适用的奖项或称号" if not adj.triggers else "减免比例")
                               + f"（“{adj.text[:40]}”），是否适用请人工判断")
            notes.unresolved = True
            continue
        for trig in adj.triggers:
            hits = _trigger_standings(ctx, trig, adj.window_years, notes)
            if hits:
                best = max(hits, key=lambda s: s.year or 0)
                return Halving(adj.factor, best, adj)
    return None


def count_as(adjustments: list[Adjustment], metric: str, notes: Notes | None = None) -> list[Adjustment]:
    """count_as rules adding another metric to this one (PCT national phase → invention patents).
    A rule whose target the guide does not name is not applied to any metric: it is noted
    for a person to judge."""
    out = []
    for adj in adjustments:
        if adj.kind != "count_as" or not adj.from_metric or adj.from_metric == metric:
            continue
        if not adj.metrics:
            if notes is not None:
                notes.lines.append(f"指南写明{labels.metric_name(adj.from_metric)}可折算，但未写明计入哪项指标，是否计入请人工判断")
                notes.unresolved = True
            continue
        if metric not in adj.metrics:
            continue
        out.append(adj)
    return out


def count_factor(adj: Adjustment) -> float:
    """Units of the target one unit of `from_metric` is worth, as the schema
    states it (按1:2抵算 → 2.0, 每2件折算1件 → 0.5); without a stated ratio, 1:1."""
    return adj.factor if adj.factor else 1.0
