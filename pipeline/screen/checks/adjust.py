"""Exemptions and adjustments: rules that lift or change a threshold.

Why only on proven standings: an exemption or a halving is a privilege the
applicant must show (a title, an award with its year); the claims extractor
decides what the applicant holds, the matcher trusts those standings and
checks only what the rule itself asks (e.g. the award lies within three years).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors import lexicon
from models.claims import Evidence, Standing
from models.schema import Adjustment, Exemption
from pipeline import labels
from pipeline.screen import explain
from pipeline.screen.checks.base import Ctx

_WINDOWS = {"award_within_3y": 3}


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


def _trigger_standings(ctx: Ctx, trigger: str, notes: Notes) -> list[Standing]:
    ids = set(lexicon.triggers().get(trigger, [trigger]))
    found = [s for s in ctx.claims.standings if s.id in ids]
    span = _WINDOWS.get(trigger)
    if span is None:
        return found
    ok = []
    for s in found:
        y = ctx.ref_year
        if s.year is not None and y is not None and y - span <= s.year <= y:
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
        for trig in adj.triggers or ["award_within_3y"]:
            hits = _trigger_standings(ctx, trig, notes)
            if hits:
                best = max(hits, key=lambda s: s.year or 0)
                return Halving(adj.factor if adj.factor else 0.5, best, adj)
    return None


def count_as(adjustments: list[Adjustment], metric: str) -> list[Adjustment]:
    """count_as rules adding another metric to this one (PCT national phase → invention patents)."""
    out = []
    for adj in adjustments:
        if adj.kind != "count_as" or not adj.from_metric or adj.from_metric == metric:
            continue
        if adj.metrics and metric not in adj.metrics:
            continue
        if not adj.metrics and metric != "valid_invention_patents":
            # An untargeted rule is read as the common case: toward invention patents.
            continue
        out.append(adj)
    return out


def count_factor(adj: Adjustment) -> float:
    """Units of the target one unit of `from_metric` is worth, as the schema
    states it (按1:2抵算 → 2.0, 每2件折算1件 → 0.5); without a stated ratio, 1:1."""
    return adj.factor if adj.factor else 1.0
