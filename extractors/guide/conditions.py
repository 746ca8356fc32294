"""Eligibility conditions from one sentence of a conditions section.

Why clause by clause: one sentence often holds several requirements
(`近三年研发费用…达3.5%以上，上一年度知识产权费用…达5%以上`), each with its own
period, or a threshold next to qualitative wording and attestations. Each
comparison is paired with the nearest metric after the previous comparison, and
the nearest period word after the previous threshold, so periods never leak
from one requirement to the next.

Decisions:
- two numeric requirements joined by 或/或者/或是 form an AnyOf;
- an any-of whose alternative is not numeric (`…40%以上，或是通过专利许可…实现`)
  becomes an AnyOf with the numbers as members and the wording in `other`, so
  meeting the number passes and missing it sends the check to a person;
- exemptions (可不受…限制) attach to the earlier thresholds whose wording names
  the limit; adjustments (抵算/不得计入/减半) attach to the latest count
  condition, preferring one that mentions the adjustment's target metric.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors import lexicon
from extractors.dates import aggregation_in, find_periods
from extractors.guide import fuzzy
from extractors.guide.adjustments import (  # noqa: F401  re-exported: callers read counting rules here
    adjustments, apply_adjustment, attach_adjustments, count_factor, is_adjustment, target_of,
)
from extractors.guide.ctx import Ctx
from extractors.guide.text import (
    MASK, Span, refusal_at, clauses, find_metrics, first_key, has_any, mask_parens, parens, source, terms, titles_in, unit_of,
)
from extractors.numbers import Comparison, Quantity, find_comparisons, find_quantities, word_bounds
from models.schema import AnyOf, Attestation, Exemption, Qualitative, Threshold

_JOINERS = ("或者", "或是", "或", "且", "并", "以及", "同时")


def _starts_or(text: str) -> bool:
    return any(text.lstrip(MASK).startswith(w) for w in terms()["or_words"])


@dataclass
class MetricPair:
    """A comparison and the metric it bounds (None: no metric named it)."""

    comp: object
    metric: str | None
    m_start: int
    m_end: int
    confidence: float | None = None  # set when the semantic layer, not the lexicon, named the metric
    reason: str | None = None


def _elliptic(masked: str, prev: MetricPair | None, c) -> MetricPair | None:
    """`转化实施专利超过15件或者金额超过1500万元`: the bare noun (金额) names the metric
    whose alias ends with it and shares a stem (转化) with the metric before it."""
    if prev is None or prev.metric is None:
        return None
    noun = masked[prev.comp.end: c.start]
    for w in terms()["or_words"]:
        noun = noun.replace(w, "")
    noun = noun.strip("，, " + MASK)
    said = masked[prev.m_start: prev.m_end]
    if not (1 < len(noun) <= 6):
        return None
    for alias, mid in lexicon.metrics().alias_index:
        if alias.endswith(noun) and alias != noun and mid != prev.metric:
            stem = alias[: -len(noun)]
            if len(stem) >= 2 and stem in said and lexicon.metric_unit(mid) in (None, c.quantity.norm_unit):
                return MetricPair(c, mid, c.start - len(noun), c.start)
    return None


def comparisons(text: str) -> list:
    """numbers.find_comparisons plus the guide-only comparator prefixes (成立满3年)."""
    found = find_comparisons(text)
    used = {c.quantity.start for c in found} | {c.upper.quantity.start for c in found if c.upper}
    extra = sorted(((w, op) for op, ws in (terms().get("comparator_prefixes") or {}).items() for w in ws),
                   key=lambda p: -len(p[0]))
    for q in find_quantities(text):
        if q.start in used or q.unit is None:
            continue
        w = next((w for w, _ in extra if text[:q.start].rstrip().endswith(w)), None)
        if w is not None:
            a = len(text[:q.start].rstrip()) - len(w)
            op = next(op for x, op in extra if x == w)
            found.append(Comparison(a, q.end, text[a:q.end], op, q))
    found.extend(c for c in _shares(text) if not any(c.quantity.start == f.quantity.start for f in found))
    found.extend(_recency(text, found))
    found.extend(_award_counts(text, found))
    # bounds in words (为正数, 前三名): only where no comparison already reads those characters
    found.extend(c for c in word_bounds(text) if not any(c.start < f.end and f.start < c.end for f in found)
                 and (c.kind != "sign" or _names_figure(text, c)))
    return sorted(found, key=lambda c: c.start)


def _recency(text: str, found: list) -> list:
    """`原则上推荐近3年获得省科学技术奖一等奖的项目`: how long ago the award may be, '<=' N 年
    (recency_bounds says when a 近N年 is such a bound rather than another bound's period)."""
    w = terms().get("recency_bounds") or {}
    if not w or _adjusts_or_refuses(text):
        return []
    out = []
    for per in find_periods(text):
        n = re.fullmatch(r"last_(\d+)_years|last_year", per.period)
        if not n or not per.text.lstrip().startswith(tuple(w.get("leads") or [])):
            continue
        rest = text[per.end:]
        for g in sorted(w.get("gap") or [], key=len, reverse=True):
            rest = rest[len(g):] if rest.startswith(g) else rest
        if not rest.startswith(tuple(w.get("verbs") or [])):
            continue
        a = max(text.rfind(ch, 0, per.start) for ch in "，,；;。：:") + 1
        b = min([i for i in (text.find(ch, per.end) for ch in "，,；;。：:") if i >= 0] or [len(text)])
        if any(a <= f.start < b for f in found):
            continue  # 近三年营业收入不低于…: the period of that bound
        years = float(n.group(1)) if n.group(1) else 1.0
        q = Quantity(per.start, per.end, text[per.start:per.end], years, "年")
        out.append(Comparison(per.start, per.end, q.text, "<=", q, kind="recency"))
    return out


def _award_counts(text: str, found: list) -> list:
    """`在省级竞赛中获得一等奖1次或二等奖2次`: a count right after an award word, with a verb
    of obtaining before it in the clause, is a floor on how many ('>=' N; award_counts).
    A count of awards that has its comparator (荣获表彰2次以上) is retagged in `found`."""
    used = {f.quantity.start for f in found}
    for i, f in enumerate(found):
        if f.kind == "number" and _counts_awards(text, f.quantity):
            found[i] = replace(f, kind="award_count")
    return [Comparison(q.start, q.end, q.text, ">=", q, kind="award_count")
            for q in find_quantities(text) if q.start not in used and _counts_awards(text, q)]


def _counts_awards(text: str, q) -> bool:
    w = terms().get("award_counts") or {}
    if q.unit not in (w.get("units") or []):
        return False
    head = text[max(text.rfind(ch, 0, q.start) for ch in "，,；;。：:") + 1: q.start].rstrip()
    return head.endswith(tuple(w.get("awards") or [])) and has_any(head, w.get("verbs") or [])


def _adjusts_or_refuses(sentence: str) -> bool:
    """A sentence that relaxes, adjusts or exempts from a requirement, or refuses someone."""
    t = terms()
    cues = [x for ws in (t.get("adjustment_cues") or {}).values() for x in ws]
    cues += (t.get("exemption_cues") or []) + (t.get("relaxation_cues") or [])
    scalings = t.get("adjustment_scalings") or []
    return has_any(sentence, cues) or any(re.search(r, sentence) for r in scalings) or refusal_at(sentence) >= 0


def _names_figure(text: str, c) -> bool:
    """A sign is a bound only on a figure the metric lexicon knows, named right before it
    (利润总额为正数, 净资产须不为负): 为正/为负 after anything else is no figure's sign."""
    gap = int(terms().get("sign_metric_gap", 3))
    return any(0 <= c.start - b <= gap and not re.search(r"[，,；;。：:、]", text[b:c.start])
               for _, b, _ in find_metrics(text[:c.start]))


def _shares(text: str) -> list:
    """`研发费用不低于营业收入的3.5%`: the comparator stands before the denominator, not the
    figure, so the number parser sees no comparison; the span runs from the comparator
    to the percentage (the denominator is read back in `_ratio_of`)."""
    out = []
    for op, words in (terms().get("share_comparators") or {}).items():
        for w in words:
            for m in re.finditer(re.escape(w) + r"([^，。；;,\d]{2,14}?)的\s*(?=\d)", text):
                qs = [q for q in find_quantities(text[m.end():]) if q.start == 0 and q.unit in ("%", "％")]
                if qs:
                    q = qs[0]
                    q = type(q)(**{**q.__dict__, "start": q.start + m.end(), "end": q.end + m.end()})
                    out.append(Comparison(m.start(), q.end, text[m.start():q.end], op, q))
    # 不超过总投资的20%: 超过 matches inside 不超过; of the words ending at one figure the one
    # that starts first (the longer comparator) is the comparator written
    best: dict[int, Comparison] = {}
    for c in out:
        if c.quantity.start not in best or c.start < best[c.quantity.start].start:
            best[c.quantity.start] = c
    return list(best.values())


def _ratio_of(numerator: str, masked: str, c) -> str | None:
    """The ratio metric whose numerator is `numerator` and whose denominator the
    comparison names (不低于营业收入的3.5% → rd_expense_ratio)."""
    dens = [mid for a, _, mid in find_metrics(masked[c.start: c.quantity.start])]
    for eid, e in lexicon.metrics().entries.items():
        if e.extra.get("numerator") == numerator and e.extra.get("denominator") in dens:
            return eid
    return None


def _units_agree(unit: str | None, qunit: str | None) -> bool:
    if not unit or not qunit or unit == qunit:
        return True
    same = terms().get("count_unit_equivalents") or []
    return unit in same and qunit in same


def metric_pairs(masked: str) -> list[MetricPair]:
    """Each comparison of `masked` with the nearest metric after the previous comparison."""
    metrics = find_metrics(masked)
    out: list[MetricPair] = []
    prev = 0
    for c in comparisons(masked):
        lo, prev = prev, c.end
        ms = [m for m in metrics if lo <= m[0] and m[1] <= c.start]
        if not ms:
            out.append(_elliptic(masked, out[-1] if out else None, c) or _fuzzy(masked, lo, c))
            continue
        a, b, mid = ms[-1]
        unit, qunit = lexicon.metric_unit(mid), unit_of(c.quantity.norm_unit)
        if qunit == "%" and unit != "%" and _ratio_of(mid, masked, c):
            out.append(MetricPair(c, _ratio_of(mid, masked, c), a, b))
            continue
        if not _units_agree(unit, qunit):
            out.append(_fuzzy(masked, lo, c))
            continue
        out.append(MetricPair(c, mid, a, b))
    return out


def _fuzzy(masked: str, lo: int, c) -> MetricPair:
    """No lexicon metric fits: the semantic layer's mapping if confident, else a bare number."""
    hit = fuzzy.metric_for(masked[lo:c.start], unit_of(c.quantity.norm_unit))
    if hit is None:
        return MetricPair(c, None, c.start, c.start)
    mid, conf, reason, at = hit
    return MetricPair(c, mid, lo + at, c.start, conf, reason)


_HEDGES = ("原则上", "一般", "应当", "必须", "需要", "应", "须", "需", "要", "均", "并且", "并", "且", "和", "或者", "或", "其",
           "同时", "要求", "具有", "有", "在")


def subject_of(masked: str, lo: int, c, clause_end: int) -> str:
    """What a bound constrains, as written: the words between the previous bound (or
    the clause start) and the comparison (年龄一般不超过55周岁 → 年龄); when nothing
    stands before it, the words after it (有5年以上…工作经历 → …工作经历)."""
    def clean(x: str) -> str:
        x = x.replace(MASK, "").strip(" \u3000\t，,：:；;。、")
        changed = True
        while changed:
            changed = False
            for h in _HEDGES:
                if x.startswith(h) and len(x) > len(h):
                    x, changed = x[len(h):], True
                if x.endswith(h) and len(x) > len(h) and h not in ("和", "或"):
                    x, changed = x[: -len(h)], True
            x = x.rstrip("的达为是").strip(" \u3000，,：:")
        return x
    cut = max(masked.rfind(ch, lo, c.start) for ch in "，,；;：:。")
    before = clean(masked[max(lo, cut + 1): c.start])
    if len(before) >= 2 and getattr(c, "kind", "") != "recency":  # 近3年获得…奖: the award is after
        return before
    after = masked[c.end: clause_end]
    stop = min([i for i in (after.find(ch) for ch in "，,；;。") if i >= 0] or [len(after)])
    return clean(after[:stop]) or before


def _threshold(ctx: Ctx, sent: Span, masked: str, p: MetricPair, periods, floor: int, clause_end: int | None = None) -> Threshold:
    c = p.comp
    cands = [x for x in periods if (floor <= x.start < p.m_start or (x.start >= p.m_end and x.end <= c.start))
             and not c.start <= x.start < c.end]  # a recency bound's own 近N年 is its value, not its period
    per = cands[-1] if cands else None
    agg = per.aggregation if per else None
    between = masked[p.m_end: c.start]
    if masked[max(0, p.m_start - 2): p.m_start] == "年均" or masked[p.m_start: p.m_start + 2] == "年均":
        agg = "average"
    elif "均" in between and agg is None:
        agg = "each_year"
    seg = sent.sub(p.m_start, c.end)
    return Threshold(
        metric=p.metric or "", subject=subject_of(masked, floor, c, len(masked) if clause_end is None else clause_end),
        value_max=c.upper.quantity.norm_value if c.upper else None, metric_confidence=p.confidence, metric_reason=p.reason, operator=c.operator, value=c.quantity.norm_value,
        unit=unit_of(c.quantity.norm_unit) or lexicon.metric_unit(p.metric) or "", value_text=c.quantity.text,
        period=per.period if per else None, aggregation=agg, text=seg.text,
        source=source(ctx.doc, ctx.path, sent),
    )


def analyze(ctx: Ctx, sent: Span) -> list:
    """Conditions stated by one sentence (no exclusions/exemptions: see callers)."""
    masked = mask_parens(sent.text)
    pairs = metric_pairs(masked)
    periods = find_periods(masked)
    items: list = []
    last_kind = None
    last_th = None  # (threshold, end of its comparison) of the sentence so far
    floor = 0
    cls = clauses(Span(sent.start, sent.end, sent.text))
    kinds = []
    for cl in cls:
        a, b = cl.start - sent.start, cl.end - sent.start
        inside = [p for p in pairs if a <= p.comp.start < b]
        # a bound on something no metric names is still a threshold (open vocabulary):
        # its subject is kept as written and the matcher sends it to a person
        kinds.append("numeric" if inside else "text")
    prefix = {i for i in range(len(cls) - 1) if kinds[i] == "text" and kinds[i + 1] == "numeric" and _qualifier(cls[i].text)}
    for i in range(len(cls) - 2, -1, -1):
        if kinds[i] == "text" and i + 1 in prefix and _qualifier(cls[i].text):
            prefix.add(i)
    for idx, cl in enumerate(cls):
        if idx in prefix:
            continue
        a, b = cl.start - sent.start, cl.end - sent.start
        cl_masked = masked[a:b]
        inside = [p for p in pairs if a <= p.comp.start < b]
        numeric = inside
        if numeric:
            for i, p in enumerate(numeric):
                th = _threshold(ctx, sent, masked, p, periods, floor, b)
                if last_th is not None:
                    _carry(masked[last_th[1]: p.m_start], last_th[0], th)
                last_th = (th, p.comp.end)
                floor = p.comp.end
                joined = _starts_or(masked[numeric[i - 1].comp.end if i else a: p.m_start]) if (i or last_kind == "numeric") else False
                if joined and items and isinstance(items[-1], (Threshold, AnyOf)):
                    items[-1] = _any_of(ctx, sent, items[-1], th)
                else:
                    items.append(th)
            last_kind = "numeric"
            continue
        att = first_key(cl.text, terms()["attestations"])
        if att:
            items.append(Attestation(text=cl.text, attestation=att, source=source(ctx.doc, ctx.path, cl)))
            last_kind = "attestation"
            continue
        if last_kind == "numeric" and _starts_or(cl_masked) and items and isinstance(items[-1], (Threshold, AnyOf)):
            # any-of with a non-numeric alternative: the numbers stay checkable, the rest goes to a person
            prev = items[-1]
            members = list(prev.members) if isinstance(prev, AnyOf) else [prev]
            other = (list(prev.other) if isinstance(prev, AnyOf) else []) + [_strip_or(cl.text)]
            items[-1] = AnyOf(members=members, other=other, text=sent.text, source=source(ctx.doc, ctx.path, sent))
            continue
        topic = first_key(cl.text, terms()["qualitative_topics"])
        prev = items[-1] if items else None
        if (isinstance(prev, Qualitative) and last_kind == "qualitative"
                and (topic is None or topic == prev.topic or cl.text.startswith(_JOINERS) or prev.topic is None)):
            merged = Span(prev.source.start, cl.end, ctx.doc.text[prev.source.start: cl.end])
            items[-1] = _qualitative(ctx, merged, merged.text, prev.topic or topic)
        else:
            items.append(_qualitative(ctx, cl, cl.text, topic))
        last_kind = "qualitative"
    for it in items:
        if isinstance(it, (Threshold, AnyOf, Qualitative, Attestation)):
            it.applies_to = list(ctx.applies_to)
            it.tracks = list(ctx.tracks)
    numeric_items = [i for i in items if isinstance(i, (Threshold, AnyOf))]
    for aside in parens(sent):
        for adj in adjustments(ctx, aside):
            target = target_of(numeric_items, adj)
            if target is not None:
                apply_adjustment(target, adj)
    return items


def _carry(between: str, prev: Threshold, th: Threshold) -> None:
    """A period at the head of a sentence governs the comparisons after it that
    state none: `上年度营业收入不低于2亿元，研发投入占…比重不低于3%`, `近三年每年主营业务收入…，
    每年利润总额…`. It carries over to amounts and ratios (flows over the period),
    or to anything the following words re-aggregate (每年/累计/年均); a stock such as
    有效发明专利 after a period-bound flow stays without one."""
    if th.period is not None or prev.period is None or find_periods(between):
        return
    agg = aggregation_in(between)
    flows = {"amount", "ratio"}
    if agg is None and not (lexicon.metric_kind(prev.metric) in flows and lexicon.metric_kind(th.metric) in flows):
        return
    th.period = prev.period
    th.aggregation = th.aggregation or agg


def _qualifier(text: str) -> bool:
    """A clause that only sets up the threshold after it (近3年内 / 申报单位年均通过…方式)."""
    return bool(find_periods(text)) or "年均" in text or first_key(text, terms()["qualitative_topics"]) is None


def _qualitative(ctx: Ctx, span: Span, text: str, topic: str | None = None) -> Qualitative:
    topic = topic or first_key(text, terms()["qualitative_topics"])
    return Qualitative(text=text, topic=topic, source=source(ctx.doc, ctx.path, span),
                       applies_to=list(ctx.applies_to), tracks=list(ctx.tracks))


def _strip_or(text: str) -> str:
    """The alternative's own words, without the leading 或/或是 and trailing punctuation."""
    t = text.strip().rstrip("。；;，,")
    for j in sorted(_JOINERS[:3], key=len, reverse=True):
        if t.startswith(j):
            return t[len(j):]
    return t


def _any_of(ctx: Ctx, sent: Span, first, th: Threshold) -> AnyOf:
    members = list(first.members) if isinstance(first, AnyOf) else [first]
    lead = members[0]
    if th.period is None:
        th.period = lead.period
    if th.aggregation is None:
        th.aggregation = lead.aggregation
    members.append(th)
    return AnyOf(members=members, text=sent.text, source=source(ctx.doc, ctx.path, sent))


def relaxation(ctx: Ctx, sent: Span, *priors: list) -> bool:
    """`被认定为…“小巨人”企业的，营业收入要求放宽至5000万元`: holders of the titles are
    exempt from the stated bar but still bound by the relaxed one. The schema has
    no relaxed value for an exemption, so the earlier threshold gets the
    exemption (its text keeps the figure) and a threshold at the relaxed value,
    with the earlier one's operator and period, binds everyone (for the others
    it is implied by the stricter bar)."""
    cues = terms()["relaxation_cues"]
    if not has_any(sent.text, cues):
        return False
    cue_at = min(sent.text.find(w) for w in cues if w in sent.text)
    mets = {mid for a, _, mid in find_metrics(sent.text) if a < cue_at}
    qs = [q for q in find_quantities(sent.text[cue_at:]) if q.unit]
    if not mets or not qs:
        return False
    q = qs[0]
    for prior in priors:
        hits = [c for c in prior if isinstance(c, Threshold) and c.metric in mets and _stricter(c, q.norm_value)]
        if not hits:
            continue
        ex = Exemption(text=sent.text, titles=titles_in(sent.text), source=source(ctx.doc, ctx.path, sent))
        for c in hits:
            c.exemptions.append(ex.model_copy())
        base = hits[-1]
        prior_all = priors[-1]
        prior_all.append(base.model_copy(update={
            "value": q.norm_value, "unit": unit_of(q.norm_unit) or base.unit, "value_text": q.text,
            "exemptions": [], "adjustments": [], "text": sent.text, "source": source(ctx.doc, ctx.path, sent)}))
        return True
    return False


def _stricter(t: Threshold, relaxed: float) -> bool:
    """A relaxation lowers a floor (or raises a cap): a bar already at or past the
    relaxed value (不足5000万元的不予支持 beside 可放宽至8000万元) is not the one relaxed."""
    return t.value > relaxed if t.operator in (">=", ">") else t.value < relaxed


_FLIP = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def inverted(ctx: Ctx, sent: Span) -> list[Threshold]:
    """`上一年度营业收入不足5000万元的企业，不列入支持范围`: who is refused is named by an upper
    bound; the requirement is its complement (营业收入 >= 5000). Only thresholds whose
    refusal follows them are flipped; [] when the sentence states no such bound."""
    cues = terms().get("inverted_threshold_cues") or []
    cue_at = min((sent.text.find(w) for w in cues if w in sent.text), default=-1)
    if cue_at < 0:
        return []
    if any(c.start > cue_at for c in comparisons(mask_parens(sent.text))):
        return []  # 有下列情形之一的不予受理：1.成立不满一年的…: the bound is an item after the refusal
    ths = [t for t in analyze(ctx, sent) if isinstance(t, Threshold)]
    if not ths or any(t.operator not in ("<", "<=") for t in ths):
        return []
    for t in ths:
        t.operator = _FLIP[t.operator]
        t.text = sent.text.rstrip("。；;")
    return ths


__all__ = ["Ctx", "analyze", "comparisons", "metric_pairs", "relaxation", "inverted", "count_factor",
           "is_adjustment", "adjustments", "attach_adjustments"]
