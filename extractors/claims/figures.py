"""All figures of a submission: tables and prose merged, conflicts found, sums derived.

Why merge here: the same fact is often stated twice (a financial table and the
narrative 企业概况). Equal values (within rounding: 3.2亿元 vs 32,156万元 is the
same statement) are one figure with two pieces of evidence; different values
are a conflict, reported with both quotes and amounts; the first stated value is the
figure, and screening judges a condition under every stated value (a conflict that
changes the verdict goes to a person with both quotes, pipeline.screen.checks).
利润总额 and 上缴税金 given apart add up to 利税总额 only when the application
does not state 利税 itself for that year; the sum is shown in `original`. Which
metrics are sums of which is data (data/derived_metrics.yaml), not code.
"""
from __future__ import annotations

import re

from models.claims import Conflict, Evidence, Figure
from models.document import Document

from extractors import lexicon
from extractors.claims.prose import RawFigure, figures_in_text, find_mentions, find_years, metric_vocab, unit_of
from extractors.claims.sections import is_toc_line
from extractors.claims.spans import Unit, cues, sentence_units, unit_evidence
from extractors.claims.tables import table_figures

_REL_TOL = 0.01
# a paragraph opened by a year (2021年度：… / 2021年，…) dates the sentences after it
_LEAD_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:年度|年)\s*[：:，,]")


def _fmt(v: float) -> str:
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def _order(ev: Evidence) -> int:
    return ev.start if ev.start is not None else 10**9


def collect(doc: Document, units: list[Unit] | None = None) -> tuple[list[tuple[RawFigure, Evidence]], list[str]]:
    """Raw figures with evidence, in document order, and warnings."""
    found: list[tuple[RawFigure, Evidence]] = []
    warns: list[str] = []
    tf, tw = table_figures(doc)
    for f, u in tf:
        found.append((f, unit_evidence(doc, u)))
    warns += tw
    parent: str | None = None
    last_block = None
    carry: int | None = None
    seq: tuple[int, ...] | None = None      # the last year list of this section
    section = None
    label: str | None = None                # the metric label a ；-cut enumeration continues
    item = re.compile(cues().get("enumeration_item", r"^\s*(?:19|20)\d{2}\s*年"))
    for u in units if units is not None else sentence_units(doc):
        if is_toc_line(u.text):
            continue   # 四、有效专利清单……25: a page number, not a count
        if u.block is not last_block:
            parent, last_block, carry, label = None, u.block, None, None
        if u.section != section:
            seq, section = None, u.section
        text, shift = u.text, 0
        if label and item.match(text) and not find_mentions(text):
            # 销售收入：2020年18.5亿元；2021年21.41亿元；… — the ； cut the label off this item
            text, shift = f"{label}：{text}", len(label) + 1
        figs, w = figures_in_text(text, parent=parent, seq_hint=seq if u.kind == "sentence" else None,
                                  carry_year=carry)
        if shift:
            figs = [f for f in figs if f.start >= shift]
        ms_own = find_mentions(u.text)
        if ms_own:
            label = u.text[ms_own[-1].start:ms_own[-1].end] if u.text.rstrip().endswith(("；", ";")) else None
        elif not (label and u.text.rstrip().endswith(("；", ";"))):
            label = None
        lead = _LEAD_YEAR.match(u.text)
        if lead:
            carry = int(lead.group(1))
        multi = [t for t in find_years(u.text) if len(t.years) > 1]
        if multi:
            seq = multi[-1].years
        ms = find_mentions(u.text, parent)
        if ms:
            parent = ms[-1].metric
        ev = unit_evidence(doc, u)
        for f in figs:
            found.append((f, ev))
        warns += w
    found.sort(key=lambda p: _order(p[1]))
    return found, warns


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= max(_REL_TOL * max(abs(a), abs(b)), 0.005)


def merge(found: list[tuple[RawFigure, Evidence]]) -> tuple[list[Figure], list[Conflict], list[str]]:
    figures: dict[tuple[str, int | None], Figure] = {}
    conflicts: dict[tuple[str, int | None], Conflict] = {}
    warns: list[str] = []
    for raw, ev in found:
        key = (raw.metric, raw.year)
        fig = figures.get(key)
        if fig is None:
            figures[key] = Figure(metric=raw.metric, year=raw.year, value=raw.value, unit=raw.unit,
                                  original=raw.original, evidence=[ev], value_max=raw.value_max)
            continue
        if any(e.start == ev.start and e.quote == ev.quote for e in fig.evidence):
            continue
        if _same(fig.value, raw.value) and (fig.value_max is None) == (raw.value_max is None) and (
                fig.value_max is None or _same(fig.value_max, raw.value_max)):
            fig.evidence.append(ev)
            continue
        c = conflicts.get(key)
        name = metric_vocab().name(raw.metric)
        label = f"{raw.year}年{name}" if raw.year else name
        if c is None:
            conflicts[key] = Conflict(field=f"figures.{raw.metric}" + (f".{raw.year}" if raw.year else ""),
                                      values=[fig.original, raw.original], evidence=[fig.evidence[0], ev],
                                      amounts=[fig.value, raw.value])
            warns.append(f"{label}前后不一致：{fig.original}与{raw.original}，相关条件按各个数值分别判断，结论不同的转人工核对")
        elif raw.original not in c.values:
            c.values.append(raw.original)
            c.evidence.append(ev)
            c.amounts.append(raw.value)
    out = list(figures.values())
    for total_id, parts in lexicon.derived_sums().items():
        out += _derive_sum(figures, total_id, parts)
    return out, list(conflicts.values()), warns


def _derive_sum(figures: dict[tuple[str, int | None], Figure], total_id: str, parts: list[str]) -> list[Figure]:
    """The sum of `parts` for every year all parts are stated and `total_id` is not
    (利润总额 + 上缴税金 → 利税总额), in the order the first part's figures were found."""
    derived = []
    unit = unit_of(total_id)
    for (metric, year) in figures:
        if metric != parts[0] or (total_id, year) in figures:
            continue
        figs = [figures.get((p, year)) for p in parts]
        if any(f is None for f in figs):
            continue
        total = round(sum((f.value for f in figs[1:]), figs[0].value), 6)   # a + b, as stated
        terms = "+".join(f"{metric_vocab().name(f.metric)}{f.original}" for f in figs)
        derived.append(Figure(
            metric=total_id, year=year, value=total, unit=unit, original=f"{terms}={_fmt(total)}{unit}",
            evidence=[e for f in figs for e in f.evidence], derived_from=list(parts),
        ))
    return derived


def extract_figures(doc: Document, units: list[Unit] | None = None) -> tuple[list[Figure], list[Conflict], list[str]]:
    found, warns = collect(doc, units)
    figs, conflicts, w2 = merge(found)
    figs.sort(key=lambda f: (f.metric, f.year or 0))
    return figs, conflicts, _dedup(warns + w2)


def _dedup(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
