"""Numeric conditions: thresholds per period, ratios, any-of groups.

Why both readings for an unqualified period: 近三年研发费用投入占销售收入的比例达
3.5%以上 can mean every year or the three-year pooled ratio; when the two
readings disagree for an applicant, only a person can decide, so the check is
`review` and shows both figures. A fact the application does not state makes
the check `missing` (naming the years), never a failure.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from models.claims import Evidence
from models.report import Check
from models.schema import AnyOf, Adjustment, Exemption, SourceRef, Threshold
from pipeline import labels
from pipeline.screen import explain
from pipeline.screen.checks import adjust, ocr
from pipeline.screen.checks.base import Ctx, inapplicable, make, not_applicable
from pipeline.screen.checks.figures import Val, lookup, period_years, ratio_parts, stock

_EPS = 1e-9


def _ok(v: float, op: str, req: float) -> bool:
    v = round(v, 9)
    return {
        ">=": v >= req - _EPS,
        ">": v > req + _EPS,
        "<=": v <= req + _EPS,
        "<": v < req - _EPS,
        "==": abs(v - req) <= _EPS,
    }[op]


@dataclass
class Outcome:
    status: str
    text: str
    computation: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    deciding: list[list[Evidence]] | None = None  # facts a fail rests on (see pipeline.screen.checks.ocr)


def _unit(t: Threshold) -> tuple[float, str]:
    """Requirement in the claims' normalized unit (万元, %, counts)."""
    factors = explain.texts().get("unit_factors", {})
    if t.unit in factors:
        return t.value * factors[t.unit], "万元"
    return t.value, t.unit


def _with_count_as(ctx: Ctx, v: Val, rules: list[Adjustment], metric: str) -> Val:
    for adj in rules:
        extra = lookup(ctx.claims, adj.from_metric, v.year) if v.year else None
        if extra is None or extra.missing:
            extra = stock(ctx.claims, adj.from_metric)
        if extra.missing or not extra.value:
            continue
        k = adjust.count_factor(adj)
        total = v.value + k * extra.value
        unit = explain.metric_unit(adj.from_metric, "件")
        label = f"{v.year}年：" if v.year else ""
        comp = (
            f"{label}{labels.metric_name(metric)}"
            f"{explain.value(v.value, unit)} + {labels.metric_name(adj.from_metric)}"
            f"{explain.value(extra.value, unit)}×{explain.num(k)} = {explain.value(total, unit)}"
        )
        top = v.value_max + k * extra.value if v.value_max is not None else None
        v = Val(v.year, total, comp, v.evidence + extra.evidence, facts=v.deciding() + extra.deciding(), value_max=top,
                conflict=v.conflict)
    return v


def _vals_text(vals: list[Val], unit: str, req: float) -> str:
    shown = [v for v in vals if not v.missing]
    if len(vals) == 1 and vals[0].year is None:
        return explain.value(shown[0].value, unit, req) if shown else ""
    return "、".join(f"{v.year}年{explain.value(v.value, unit, req)}" for v in shown)


def _missing_text(vals: list[Val]) -> str:
    gone = [v for v in vals if v.missing]
    lacking = gone[0].lacking if gone else []
    what = lacking[0] if lacking else "相关数据"
    extra = f"，也未载明{lacking[1]}" if len(lacking) > 1 else ""
    years = [v.year for v in gone if v.year is not None]
    when = f"{explain.years_label(years)}的" if years else ""
    return f"申报材料未载明{when}{what}{extra}"


def _pooled(metric: str, vals: list[Val], aggregation: str | None) -> tuple[float, str, str]:
    """(value, label, computation) of the pooled reading: sum/sum for ratios, else total or mean."""
    n = len(vals)
    if ratio_parts(metric) and all(v.num is not None and v.den for v in vals):
        num_id, den_id = ratio_parts(metric)
        sn, sd = sum(v.num for v in vals), sum(v.den for v in vals)
        r = sn / sd * 100
        comp = (
            f"{n}年合计：{labels.metric_name(num_id)}{explain.value(sn, '万元')} ÷ "
            f"{labels.metric_name(den_id)}{explain.value(sd, '万元')} = {r:.2f}%"
        )
        return r, f"{n}年合计", comp
    if aggregation == "total" and not ratio_parts(metric):
        total = sum(v.value for v in vals)
        return total, f"{n}年合计", ""
    mean = sum(v.value for v in vals) / n
    return mean, f"{n}年平均", ""


def _ends(vals: list[Val], upper: bool) -> list[Val]:
    """Every stated range (or set of conflicting values) replaced by one of its ends."""
    return [v if v.value_max is None or v.missing else
            replace(v, value=v.value_max if upper else v.value, value_max=None, num=None, den=None, conflict=None)
            for v in vals]


def _evaluate_range(t: Threshold, vals: list[Val], req: float, unit: str) -> Outcome:
    """在2300万元至5900万元之间, or 2800万元 in the table and 2350万元 in the narrative: such a
    figure decides a condition only when its smallest and its largest value give the same
    verdict (the verdict is monotone in the value); otherwise a person judges it, with
    every quote."""
    name = labels.metric_name(t.metric)
    low, high = _evaluate(t, _ends(vals, False), req, unit), _evaluate(t, _ends(vals, True), req, unit)
    ranged = [v for v in vals if v.value_max is not None and not v.missing and not v.conflict]
    what = []
    if ranged:
        spans = "、".join((f"{v.year}年" if v.year else "") + f"{explain.value(v.value, unit, req)}至"
                          f"{explain.value(v.value_max, unit, req)}" for v in ranged)
        what.append(_range_text("range").format(spans=_collapse_years(spans, ranged, unit, req)))
    notes = list(dict.fromkeys(v.conflict for v in vals if v.conflict and not v.missing))
    if notes:
        what.append(_range_text("conflict").format(values="；".join(notes)))
    what_s = "；".join(what)
    if low.status == high.status:
        o = low if low.status != "fail" else high
        o.text += _range_text("same").format(what=what_s)
        o.evidence = low.evidence
        return o
    words = {"pass": explain.op_word(t.operator, "met"), "fail": explain.op_word(t.operator, "unmet")}
    undecided = _range_text("undecided")
    text = _range_text("across").format(name=name, what=what_s, low=words.get(low.status, undecided),
                                        high=words.get(high.status, undecided), req=explain.value(req, unit))
    return Outcome("review", text, low.computation, low.evidence, None)


def _range_text(key: str) -> str:
    return explain.texts()["range_texts"][key]


def _collapse_years(spans: str, ranged: list[Val], unit: str, req: float) -> str:
    """2020年a至b、2021年a至b、2022年a至b (one range stated for 近三年) reads once."""
    if len(ranged) > 1 and len({(v.value, v.value_max) for v in ranged}) == 1 and all(v.year for v in ranged):
        v = ranged[0]
        return _range_text("years_same").format(years=explain.years_label([x.year for x in ranged]),
                                                 low=explain.value(v.value, unit, req), high=explain.value(v.value_max, unit, req))
    return spans


def _evaluate(t: Threshold, vals: list[Val], req: float, unit: str) -> Outcome:
    if any(v.value_max is not None and not v.missing for v in vals):
        return _evaluate_range(t, vals, req, unit)
    name = labels.metric_name(t.metric)
    op = t.operator
    met, unmet = explain.op_word(op, "met"), explain.op_word(op, "unmet")
    req_s = explain.value(req, unit)
    comps = [v.computation for v in vals if v.computation]
    ev = [e for v in vals for e in v.evidence]
    present = [v for v in vals if not v.missing]
    missing = [v for v in vals if v.missing]
    shown = _vals_text(vals, unit, req)
    fails = [v for v in present if not _ok(v.value, op, req)]
    agg = t.aggregation if len(vals) > 1 else "each_year"

    def out(status: str, text: str, extra_comp: str = "", on: list[Val] | None = None) -> Outcome:
        deciding = [f for v in (present if on is None else on) for f in v.deciding()]
        return Outcome(status, f"{name}：{text}", comps + ([extra_comp] if extra_comp else []), ev, deciding)

    if agg == "any_year":
        if len(fails) < len(present):
            good = [v.year for v in present if _ok(v.value, op, req)]
            return out("pass", f"{shown}，{explain.years_label(good)}{met}{req_s}")
        if missing:
            return out("missing", f"{_missing_text(vals)}；" + (f"已载明{shown}，{unmet}{req_s}" if present else ""))
        return out("fail", f"{shown}，各年均{unmet}{req_s}")
    if agg in ("each_year", "latest"):
        if agg == "latest":
            vals = [vals[-1]]
            present, missing = [v for v in vals if not v.missing], [v for v in vals if v.missing]
            fails = [v for v in present if not _ok(v.value, op, req)]
            shown = _vals_text(vals, unit, req)
        if fails:
            which = "" if len(fails) == len(vals) else f"其中{explain.years_label([v.year for v in fails])}"
            gap = f"（{_missing_text(vals)}）" if missing else ""
            # each failing year is proof on its own: one read without doubt decides
            sure = [v for v in fails if not ocr.low_facts(v.deciding())]
            return out("fail", f"{shown}，{which}{unmet}{req_s}{gap}", on=sure[:1] or fails)
        if missing:
            return out("missing", _missing_text(vals) + (f"（已载明{shown}）" if present else ""))
        return out("pass", f"{shown}，{'均' if len(vals) > 1 else ''}{met}{req_s}")
    # total, average, or an unqualified multi-year period: pooled figures need every year
    if missing:
        return out("missing", _missing_text(vals) + (f"（已载明{shown}）" if present else ""))
    pooled, label, pcomp = _pooled(t.metric, vals, agg)
    pooled_ok = _ok(pooled, op, req)
    pooled_s = f"{label}{explain.value(pooled, unit, req)}"
    if agg in ("total", "average"):
        return out("pass" if pooled_ok else "fail", f"{shown}，{pooled_s}，{met if pooled_ok else unmet}{req_s}", pcomp)
    each_ok = not fails
    if each_ok and pooled_ok:
        return out("pass", f"{shown}，逐年均{met}{req_s}（{pooled_s}）", pcomp)
    if not each_ok and not pooled_ok:
        which = "" if len(fails) == len(vals) else f"其中{explain.years_label([v.year for v in fails])}"
        return out("fail", f"{shown}，{which}{unmet}{req_s}；{pooled_s}，亦{unmet}{req_s}", pcomp)
    each_s = (
        f"逐年计{explain.years_label([v.year for v in fails])}{unmet}{req_s}" if fails else f"逐年计均{met}{req_s}"
    )
    return out(
        "review",
        f"{shown}，{each_s}；{pooled_s}，{met if pooled_ok else unmet}{req_s}。"
        "指南未明确按每年还是按合计计算，两种口径结论不同，需人工判断",
        pcomp,
    )


def _alias(reason: str | None) -> str:
    """The wording the mapping rests on: `similar to 知识产权工作人员` → 知识产权工作人员,
    `ratio: 研发经费 / 主营业务收入` → 研发经费占主营业务收入."""
    words = explain.texts().get("fuzzy_metric_texts", {})
    r = (reason or "").strip()
    for prefix in ("similar to ", "lexicon: "):
        if r.startswith(prefix):
            return r[len(prefix):]
    if r.startswith("ratio:"):
        num, _, den = r[len("ratio:"):].partition("/")
        num, den = num.strip(), den.strip()
        return words.get("ratio", "{numerator}占{denominator}").format(numerator=num, denominator=den) \
            if den and den != "?" else num
    return r or words.get("unknown", "未知")


def fuzzy_note(t: Threshold) -> str | None:
    """Why this metric, when the semantic layer rather than the lexicon named it with
    less than the configured confidence; None when the lexicon decided."""
    below = float(explain.texts().get("fuzzy_metric_review_below", 0.9))
    if t.metric_confidence is None or t.metric_confidence >= below:
        return None
    note = explain.texts().get("fuzzy_metric_texts", {}).get("note", "指标识别依据：与“{alias}”相近（置信度{confidence}），请核对")
    return note.format(alias=_alias(t.metric_reason), confidence=f"{t.metric_confidence:.2f}")


def _kind(metric: str) -> str:
    """A count of the applying units (联合申报单位数) is a joint-application rule, not a figure."""
    counted = explain.texts().get("counted_from_claims", {})
    return "joint" if counted.get(metric) == "joint_units" else "threshold"


def check_threshold(
    ctx: Ctx,
    t: Threshold,
    cid: str,
    group_exemptions: list[Exemption] | None = None,
    group_adjustments: list[Adjustment] | None = None,
    group_source: SourceRef | None = None,
    cite: bool = True,
) -> Check:
    src = t.source or group_source
    tail = explain.cite(src) if cite else ""
    reason = inapplicable(ctx, t.applies_to, t.tracks)
    if reason:
        return not_applicable(cid, _kind(t.metric), reason, src, t.metric)
    if not t.metric:
        return _open(cid, t, src, tail)
    hit = adjust.exemption(ctx, t.exemptions + (group_exemptions or []))
    if hit:
        text = f"{labels.metric_name(t.metric)}：{adjust.exemption_text(t.metric, hit[1])}{tail}"
        return make(cid, "threshold", "pass", text, source=src, metric=t.metric, evidence=hit[1].evidence)
    adjustments = t.adjustments + (group_adjustments or [])
    req, unit = _unit(t)
    notes = adjust.Notes()
    halving = adjust.halving(ctx, adjustments, t.metric, notes)
    if halving:
        new = req * halving.factor
        notes.lines.insert(0, f"{halving.label()}，要求减半：{explain.value(req, unit)}→{explain.value(new, unit)}")
        notes.evidence.extend(halving.standing.evidence)
        req = new
    years = period_years(t.period, ctx.ref_year)
    if years is None and t.period and t.period != "current":
        notes.lines.append("无法确定指南所指年份，按申报材料所载最新数据判断")
    vals = [stock(ctx.claims, t.metric)] if years is None else [lookup(ctx.claims, t.metric, y) for y in years]
    rules = adjust.count_as(adjustments, t.metric, notes)
    if rules:
        vals = [v if v.missing else _with_count_as(ctx, v, rules, t.metric) for v in vals]
        for adj in rules:
            if any(v.computation and labels.metric_name(adj.from_metric) in v.computation for v in vals):
                notes.lines.append(f"{labels.metric_name(adj.from_metric)}按1:{explain.num(adjust.count_factor(adj))}"
                                   f"计入{labels.metric_name(t.metric)}")
    o = _evaluate(t, vals, req, unit)
    if notes.unresolved and o.status == "fail":  # an unjudged rule might have met it
        o.status = "review"
    guess = fuzzy_note(t)
    if guess:
        # a metric mapped by similarity may be the wrong figure: a person confirms the
        # reading either way (a confident-looking wrong mapping must not pass an applicant)
        notes.lines.append(guess)
        if o.status in ("fail", "pass"):
            o.status = "review"
    edited = edited_note(t)
    if edited:
        notes.lines.append(edited)
    text = o.text + (f"（{'；'.join(notes.lines)}）" if notes.lines else "") + tail
    return make(cid, _kind(t.metric), o.status, text, source=src, metric=t.metric,
                evidence=o.evidence + notes.evidence, computation="；".join(o.computation), deciding=o.deciding)


def edited_note(t: Threshold) -> str | None:
    """A value edited by hand in the schema no longer matches the guide's own wording."""
    from pipeline.schema.validate import value_mismatch

    if value_mismatch(t.model_dump()) is None:
        return None
    return f"该数值经人工修改，指南原文为“{t.value_text}”"


_OPS = {">=": "不低于", ">": "高于", "<=": "不超过", "<": "低于", "==": "等于"}


def _open(cid: str, t: Threshold, src: SourceRef | None, tail: str) -> Check:
    """A bound on something no known metric names (年龄, 年节能量, 装机容量): the
    submission's figure for it cannot be looked up mechanically yet, so a person
    judges it with the guide's own words; it is never dropped and never failed."""
    bound = f"{_OPS.get(t.operator, t.operator)}{t.value_text or explain.value(t.value, t.unit)}"
    if t.value_max is not None:
        bound += f"（上限{explain.num(t.value_max)}{t.unit}）"
    subject = t.subject or t.text
    return make(cid, "threshold", "review", f"需人工核对：{subject}{bound}（指南中的数值条件，系统尚无对应指标）{tail}",
                source=src)


def group_status(statuses: list[str]) -> str:
    """AnyOf: pass if any member passes; else missing before review before fail."""
    live = [s for s in statuses if s != "not_applicable"]
    if not live:
        return "not_applicable"
    if "pass" in live:
        return "pass"
    if "missing" in live:
        return "missing"
    if "review" in live:
        return "review"
    return "fail"


def check_any_of(ctx: Ctx, g: AnyOf, cid: str) -> Check:
    src = g.source
    reason = inapplicable(ctx, g.applies_to, g.tracks)
    if reason:
        return not_applicable(cid, "threshold", reason, src)
    hit = adjust.exemption(ctx, g.exemptions)
    if hit:
        names = "、".join(labels.metric_name(m.metric) for m in g.members)
        year = f"（{hit[1].year}年）" if hit[1].year else ""
        text = f"{names}：已获{hit[1].name}{year}，不受该条件限制{explain.cite(src)}"
        return make(cid, "threshold", "pass", text, source=src, evidence=hit[1].evidence)
    members = [
        check_threshold(ctx, m, m.id or f"{cid}.{j + 1}", g.exemptions, g.adjustments, src, cite=m.source is not None)
        for j, m in enumerate(g.members)
    ]
    status = group_status([m.status for m in members])
    if g.other and status in ("fail", "missing"):
        # a non-numeric route (专利许可、转让…) may still satisfy the group: never fail it mechanically
        status = "review"
    verdict = {
        "pass": "已满足其中一项，符合",
        "fail": "各项均不满足",
        "missing": "无一项满足，且有数据缺失",
        "review": "无一项明确满足，需人工判断",
        "not_applicable": "均不适用",
    }[status]
    body = "；".join([m.explanation for m in members] + [f"或：{o}（需人工核实）" for o in g.other])
    text = f"以下满足其一即可：{body}。结论：{verdict}{explain.cite(src)}"
    comps = [m.computation for m in members if m.computation]
    return make(cid, "threshold", status, text, source=src, evidence=[e for m in members for e in m.evidence],
                computation="；".join(comps), alternatives=members)
