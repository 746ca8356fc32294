"""Tiered thresholds: a bound whose value depends on a band of another figure.

`上年度营业收入1亿元（含）以下的企业，研发投入占比不低于4%；1亿元至5亿元的，不低于3%；
5亿元以上的，不低于2%` is one condition in three bands. Sentence by sentence the
extractor reads five numbers; here the band clauses (a comparison in a clause that
ends in 的/者, followed in the same `；` segment by another bound) become the
`tier` of the bound after them instead of conditions of their own, and a bound
that names nothing (不低于3%) takes the subject and metric of the bound it
continues. A band followed by money paid (…的，奖励20万元) is left as it is: there the
band itself is the bar to reach.
"""
from __future__ import annotations

import re

from models.schema import Program, Threshold

_SEGMENT = re.compile(r"[；;。]")
_CLAUSE = re.compile(r"[，,]")
_BAND_END = re.compile(r"(?:的|者)(?:企业|单位|项目|主体)?\s*$")


def _place(quote: str, t: Threshold, after: int) -> int:
    at = quote.find(t.value_text, after) if t.value_text else -1
    return at if at >= 0 else quote.find(t.value_text) if t.value_text else -1


def apply_tiers(p: Program) -> None:
    groups: dict[tuple, list[Threshold]] = {}
    for c in p.conditions:
        if isinstance(c, Threshold) and c.source and c.source.start is not None:
            groups.setdefault((c.source.start, c.source.end), []).append(c)
    drop: set[int] = set()
    lead: Threshold | None = None  # the first tiered bound: what the later bands continue
    prev_end, prev = None, None
    for (start, end), items in sorted(groups.items()):
        if prev_end is None or start - prev_end > 2:  # `；`-segments of one sentence arrive one by one
            lead, prev = None, None
        prev_end = end
        for t in items:  # 达到300家以上的…；达到100家以上的…: a bound naming nothing continues the one before
            if prev is not None and not t.subject and not t.metric and t.unit == prev.unit:
                t.subject, t.metric = prev.subject, prev.metric
            prev = t
        if len(items) < 2:
            continue
        quote = items[0].source.quote
        placed, last = [], 0
        for t in items:
            at = _place(quote, t, last)
            if at < 0:
                break
            placed.append((at, t))
            last = at + 1
        else:
            lead = _tier_group(quote, sorted(placed, key=lambda x: x[0]), drop, lead)
    if drop:
        p.conditions = [c for c in p.conditions if id(c) not in drop]


def _tier_group(quote: str, placed: list[tuple[int, Threshold]], drop: set[int],
                lead: Threshold | None) -> Threshold | None:
    def segment_of(at: int) -> int:
        return len(_SEGMENT.findall(quote[:at]))

    def clause_span(at: int) -> tuple[int, int]:
        a = max((m.end() for m in re.finditer(r"[，,；;。：:]", quote[:at])), default=0)
        m = re.compile(r"[，,；;。]").search(quote, at)
        return a, (m.start() if m else len(quote))

    for i, (at, t) in enumerate(placed):
        a, b = clause_span(at)
        band = quote[a:b].strip()
        nxt = placed[i + 1] if i + 1 < len(placed) else None
        if (nxt is not None and _BAND_END.search(band) and segment_of(nxt[0]) == segment_of(at)
                and clause_span(nxt[0])[0] >= b):
            drop.add(id(t))
            target = nxt[1]
            target.tier = band
            if lead is not None and (not target.subject or len(target.subject) < 2 or target.subject == band):
                target.subject, target.metric = lead.subject, target.metric or lead.metric
            lead = lead or target
            continue
    return lead
