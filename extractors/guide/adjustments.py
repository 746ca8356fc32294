"""Counting rules that change how a count condition is judged (adjustments).

Why apart from the threshold reader: guides state them beside or after the
condition they bind (按1:2抵算, 每件按2件…折算, 数量要求减半, 按50%执行, 子公司专利不计入),
so they are read on their own and then attached to the latest count condition
whose metrics they name. `conditions` re-exports these names for its callers.
"""
from __future__ import annotations

import re

from extractors import lexicon
from extractors.dates import find_periods
from extractors.guide.ctx import Ctx
from extractors.guide.text import Span, clauses, find_metrics, first_key, has_any, source, terms, titles_in
from extractors.numbers import find_ratios
from models.schema import Adjustment, AnyOf, Threshold


_EVERY_N = re.compile(rf"每\s*(\d*)\s*件[^，。；]{{0,20}}?(?:{lexicon.alternation('conversion_verbs')})为?\s*(\d+)\s*件")


def count_factor(text: str) -> float | None:
    """Target units one source unit is worth: A按1:2抵算B → 2.0 (ratio A:B read
    literally); 每2件可折算为1件 → 0.5; 每件…可视同2件 → 2.0. None when the text gives no ratio."""
    m = _EVERY_N.search(text)
    if m and int(m.group(1) or 1):
        return int(m.group(2)) / int(m.group(1) or 1)
    ratios = find_ratios(text)
    if ratios and ratios[0][2]:
        return ratios[0][3] / ratios[0][2]
    return None


def _scaling(text: str) -> float | None:
    """`…数量要求按50%执行`: the requirement scaled to a percentage (0.5), else None."""
    for pat in terms().get("adjustment_scalings") or []:
        m = re.search(pat, text)
        if m and 0 < float(m.group(1)) < 100:
            return float(m.group(1)) / 100
    return None


def is_adjustment(text: str) -> bool:
    return has_any(text, [w for ws in terms()["adjustment_cues"].values() for w in ws]) or _scaling(text) is not None


def adjustments(ctx: Ctx, span: Span) -> list[Adjustment]:
    """Counting rules stated in a span (a sentence or a parenthetical aside)."""
    cues = terms()["adjustment_cues"]
    out: list[Adjustment] = []
    for cl in clauses(span):
        kind = first_key(cl.text, cues)
        scale = _scaling(cl.text) if kind is None else None
        if scale is not None:
            out.append(Adjustment(kind="halve", text=span.text if len(clauses(span)) > 1 else cl.text, factor=scale,
                                  triggers=_triggers(span.text), window_years=window_years(span.text),
                                  source=source(ctx.doc, ctx.path, span)))
            continue
        if kind is None:
            continue
        src = source(ctx.doc, ctx.path, cl)
        cue_at = min(cl.text.find(w) for w in cues[kind] if w in cl.text)
        mets = find_metrics(cl.text)
        before = [m[2] for m in mets if m[1] <= cue_at]
        after = [m[2] for m in mets if m[0] >= cue_at]
        every = _EVERY_N.search(cl.text) if kind == "count_as" else None
        if every:  # 每件按2件有效发明专利折算: what is counted stands before the factor, the target after it
            before = [m[2] for m in mets if m[1] <= every.start(2)]
            after = [m[2] for m in mets if m[0] >= every.end(2)] or after
            cue_at = every.start(2)
        if kind == "count_as" and not before and span.start < cl.start:
            # 进入国家阶段的PCT专利申请，每件按2件有效发明专利折算: the source sits in the clause before
            head = Span(span.start, cl.end, span.text[: cl.end - span.start])
            head_mets = find_metrics(head.text)
            shift = cl.start - span.start
            before = [m[2] for m in head_mets if m[1] <= shift + cue_at and m[0] < shift] or before
            if before:
                cl, src = head, source(ctx.doc, ctx.path, head)
                after = [m[2] for m in head_mets if m[0] >= shift and m[2] not in before] or after
        if kind == "count_as":
            factor = count_factor(cl.text)
            out.append(Adjustment(kind="count_as", text=cl.text, factor=factor, from_metric=before[0] if before else None,
                                  metrics=after, source=src))
        elif kind == "exclude":
            out.append(Adjustment(kind="exclude", text=cl.text, from_metric=before[0] if before else None,
                                  metrics=after, source=src))
        else:
            out.append(Adjustment(kind="halve", text=span.text if len(clauses(span)) > 1 else cl.text, factor=0.5,
                                  triggers=_triggers(span.text), window_years=window_years(span.text),
                                  source=source(ctx.doc, ctx.path, span)))
    return out


_WINDOW = re.compile(r"^(?:last|within)_(\d+)_years?$")


def window_years(text: str) -> int | None:
    """The award window a halving rule states (近三年获得… → 3, 上年度 → 1); None when the
    sentence names none: the rule then holds for an award at any time, not for a window
    taken from another guide."""
    for p in find_periods(text):
        if p.period == "last_year":
            return 1
        m = _WINDOW.match(p.period or "")
        if m:
            return int(m.group(1))
    return None


def _triggers(text: str) -> list[str]:
    ids = titles_in(text, ("awards", "platforms"))
    out: list[str] = []
    for trig, members in lexicon.triggers().items():
        if any(i in members for i in ids) and trig not in out:
            out.append(trig)
    return out


def _metrics_of(cond) -> list[str]:
    members = cond.members if isinstance(cond, AnyOf) else [cond]
    return [m.metric for m in members]


def target_of(prior: list, adj: Adjustment, hint: list[str] | None = None):
    """The count condition an adjustment binds: the latest one sharing its target
    metrics (or, for a halving, the metrics its wording names), else the latest."""
    counts = [c for c in prior if isinstance(c, (Threshold, AnyOf))
              and any(lexicon.metric_unit(m) == "件" for m in _metrics_of(c))]
    if not counts:
        return None
    for wanted in (adj.metrics, hint):
        for c in reversed(counts):
            if wanted and set(wanted) & set(_metrics_of(c)):
                return c
    return counts[-1]


def apply_adjustment(target, adj: Adjustment) -> None:
    if not adj.metrics:
        adj.metrics = _metrics_of(target)
    target.adjustments.append(adj)


def attach_adjustments(ctx: Ctx, sent: Span, prior: list) -> bool:
    """A sentence that only states counting rules for an earlier condition."""
    adjs = adjustments(ctx, sent)
    if not adjs:
        return False
    done = False
    for adj in adjs:
        hint = [m[2] for m in find_metrics(adj.text)] if adj.kind == "halve" else None
        target = target_of(prior, adj, hint)
        if target is not None:
            apply_adjustment(target, adj)
            done = True
    return done
