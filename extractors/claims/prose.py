"""Figures stated in running text: metric words, years and quantities.

Why a mention/segment model instead of one regex per wording: applicants write
the same fact in many orders (2021年研发投入2350万元; 研发投入2019-2021年分别为…;
2019年至2021年分别实现营业收入3.2亿元、3.8亿元和4.5亿元). Each metric mention
owns the quantities up to the next mention; years come from a year written
right before a quantity, else from a year list/range zipped with a list of
quantities, else from the one year that opens the clause. A figure whose year
cannot be read is dropped for per-year metrics (never guessed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors import lexicon
from extractors.lexicon import Entry, Vocabulary
from extractors.numbers import Quantity, find_quantities, to_wan
from extractors.numerals import parse_number

from extractors.claims.spans import cues
from extractors.claims.years import YEAR_AFTER, LIST_SEP, YearToken, assign_years, find_years, in_value_series, list_only

__all__ = ["Mention", "RawFigure", "YearToken", "figures_in_text", "find_mentions", "find_years", "metric_vocab"]


@dataclass
class Mention:
    start: int
    end: int
    metric: str


@dataclass
class RawFigure:
    metric: str
    year: int | None
    value: float
    unit: str
    original: str
    start: int
    end: int
    value_max: float | None = None   # upper bound of a stated range (value is the lower one)


@lru_cache(maxsize=None)
def metric_vocab() -> Vocabulary:
    """lexicon metrics plus the claims-only aliases of claims_cues.yaml."""
    base = lexicon.metrics()
    extra = cues().get("metric_aliases", {})
    entries = {}
    for eid, e in base.entries.items():
        entries[eid] = Entry(e.id, e.name, tuple(dict.fromkeys((*e.aliases, *extra.get(eid, [])))), e.extra)
    return Vocabulary(entries)


@lru_cache(maxsize=None)
def _metric_regex() -> tuple[re.Pattern, dict[str, str]]:
    """One alternation, longest alias first: a scan instead of one str.find per alias."""
    index = {a: i for a, i in metric_vocab().alias_index}
    aliases = sorted(index, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, aliases))), index


def _find_metrics(text: str) -> list[tuple[int, int, str]]:
    rx, index = _metric_regex()
    return [(m.start(), m.end(), index[m.group(0)]) for m in rx.finditer(text)]


def kind_of(metric: str) -> str:
    e = metric_vocab().entries.get(metric)
    return (e.extra.get("kind") if e else None) or "amount"


def unit_of(metric: str) -> str:
    e = metric_vocab().entries.get(metric)
    return (e.extra.get("unit") if e else None) or "万元"


@lru_cache(maxsize=None)
def _ratio_index() -> dict[tuple[str, str], str]:
    return {(e.extra["numerator"], e.extra["denominator"]): e.id
            for e in metric_vocab().entries.values() if e.extra.get("numerator")}


def is_stock(metric: str) -> bool:
    return metric in set(cues().get("stock_metrics", []))


_ZHAN_BEFORE = re.compile(rf"(?:{lexicon.alternation('share_words')})(?:{lexicon.alternation('share_scopes')})?(?:总)?$")
_ADJ_GAP = re.compile(rf"^\s*(?:{lexicon.alternation('amount_tails')})?\s*$")
_RATIO_TAIL = re.compile(rf"^(?:{lexicon.alternation('total_words')})?(?:的)?(?:{lexicon.alternation('share_tails')})?")


def find_mentions(text: str, parent: str | None = None) -> list[Mention]:
    """Metric mentions, with ratio phrases (A占B的比例) and 其中-sub-items resolved.

    `parent` is the metric of the previous table row, so a row labelled
    其中：发明专利 reads as a child of 有效专利.
    """
    ms = [Mention(a, b, m) for a, b, m in _find_metrics(text)]
    ratios = _ratio_index()
    out: list[Mention] = []
    for m in ms:
        pre = text[:m.start]
        z = _ZHAN_BEFORE.search(pre)
        if z and kind_of(m.metric) == "amount" and out:
            # nearest previous amount mention is the numerator
            num = next((p for p in reversed(out) if kind_of(p.metric) == "amount"), None)
            rid = ratios.get((num.metric, m.metric)) if num else None
            if rid:
                tail = _RATIO_TAIL.match(text[m.end:])
                end = m.end + (tail.end() if tail else 0)
                if _ADJ_GAP.match(text[num.end:z.start()]):
                    out.remove(num)
                    out.append(Mention(num.start, end, rid))
                else:
                    out.append(Mention(z.start(), end, rid))
                continue
        out.append(m)
    out = _ratio_refs(text, sorted(out, key=lambda m: m.start))
    return _subitems(text, out, parent)


def _ratio_refs(text: str, ms: list[Mention]) -> list[Mention]:
    """对应金额 after a ratio mention names the ratio's numerator amount."""
    refs = sorted(cues().get("ratio_amount_refs", []), key=len, reverse=True)
    if not refs or not any(kind_of(m.metric) == "ratio" for m in ms):
        return ms
    extra = []
    for m in re.finditer("|".join(map(re.escape, refs)), text):
        if any(x.start <= m.start() < x.end for x in ms):
            continue
        prev = [x for x in ms if x.end <= m.start()]
        num = metric_vocab().entries[prev[-1].metric].extra.get("numerator") if prev else None
        if num and kind_of(prev[-1].metric) == "ratio":
            extra.append(Mention(m.start(), m.end(), num))
    return sorted(ms + extra, key=lambda m: m.start)


def _subitems(text: str, ms: list[Mention], parent: str | None) -> list[Mention]:
    subs = cues().get("subitems", {})
    taken = [(m.start, m.end) for m in ms]
    extra: list[Mention] = []
    for qi in re.finditer(r"其中[：:，,\s]*", text):
        prev = [x for x in ms if x.end <= qi.start()]
        p = prev[-1].metric if prev else parent
        children = subs.get(p) or {}
        for key in sorted(children, key=len, reverse=True):
            a = qi.end()
            if text.startswith(key, a) and not any(s < a + len(key) and a < e for s, e in taken):
                extra.append(Mention(a, a + len(key), children[key]))
                break
    # a longer child key needs no 其中 right after its parent (有效专利126件、发明专利48件)
    for i, m in enumerate(ms):
        children = subs.get(m.metric) or {}
        nxt = ms[i + 1].start if i + 1 < len(ms) else len(text)
        for key, child in children.items():
            if len(key) < 4:
                continue
            pos = text.find(key, m.end, nxt)
            if pos != -1 and not any(s <= pos < e for s, e in taken) and not any(x.start == pos for x in extra):
                extra.append(Mention(pos, pos + len(key), child))
    return sorted(ms + extra, key=lambda m: m.start)


# ---------------------------------------------------------------- quantities
_COUNT_UNITS = {"件", "项", "个", "件次", "篇", "条", "份"}
_STAFF_UNITS = {"人", "名", "位", "人次"}
_ORG_UNITS = {"家", "个", "所"}
_UNIT_IN_LABEL = re.compile(rf"[（(]\s*(?:单位\s*[:：]\s*)?({lexicon.alternation('label_units')})\s*[）)]")
_UNIT_DECL = re.compile(rf"(?:金额)?单位\s*[:：]\s*({lexicon.alternation('declared_units')})")


def declared_unit(text: str) -> str | None:
    """A unit the text declares for bare numbers: （万元） or 单位：万元."""
    m = _UNIT_DECL.search(text) or _UNIT_IN_LABEL.search(text)
    return m.group(1).replace("％", "%") if m else None


def _compatible(q: Quantity, metric: str) -> bool:
    kind = kind_of(metric)
    if q.unit is None:
        return True
    if kind == "amount":
        return q.wan is not None
    if kind == "ratio":
        return q.unit in ("%", "‰")
    unit = unit_of(metric)
    if unit == "人":
        return q.unit in _STAFF_UNITS
    if unit == "家":
        return q.unit in _ORG_UNITS
    if unit == "年":
        return q.unit == "年"
    return q.unit in _COUNT_UNITS


def _bare_is_year(q: Quantity) -> bool:
    return q.unit is None and re.fullmatch(r"(?:19|20)\d{2}", q.text.strip()) is not None


def _inherit_units(text: str, qs: list[Quantity]) -> list[tuple[Quantity, str | None, str]]:
    """(quantity, unit, original): 3200、3800、4500万元 gives all three 万元."""
    out: list[tuple[Quantity, str | None, str]] = [(q, q.unit, q.text) for q in qs]
    for i in range(len(out) - 2, -1, -1):
        q, unit, orig = out[i]
        nq, nunit, _ = out[i + 1]
        if unit is None and nunit is not None and LIST_SEP.match(text[q.end:nq.start]):
            out[i] = (q, nunit, q.text + nunit)
    return out


def normalize_value(metric: str, value: float, unit: str | None, ctx_unit: str | None) -> tuple[float, str] | None:
    """(value, unit) in the metric's own unit (amounts in 万元, ratios in %); None when the
    stated unit cannot be the metric's. Shared by prose and table figures."""
    kind = kind_of(metric)
    unit = unit or ctx_unit
    if kind == "amount":
        wan = to_wan(value, unit or "万元")
        return (wan, "万元") if wan is not None else None
    if kind == "ratio":
        if unit == "‰":
            return value / 10, "%"
        return (value, "%") if unit in (None, "%") else None
    if unit in ("万元", "元", "亿元", "千元", "%"):
        return None
    return value, unit_of(metric)


def _has_cue(s: str, words: list[str]) -> bool:
    return any(w in s for w in words)


# （含委外研发费用300万元） and （其中…） comment on the figure before them
_ASIDE = re.compile(rf"[（(]\s*(?:{lexicon.alternation('aside_openers')})[^（）()]*[）)]")


def figures_in_text(text: str, ctx_unit: str | None = None, parent: str | None = None,
                    year_hint: int | None = None, seq_hint: tuple[int, ...] | None = None,
                    carry_year: int | None = None) -> tuple[list[RawFigure], list[str]]:
    """Figures in one sentence (or one synthetic table-row text).

    Returns figures and warnings (Chinese). `ctx_unit` is a unit declared
    around the text (table caption, label); `year_hint` is the year a
    table row's header gives; `seq_hint` is the year list of a preceding
    sentence, for 同期知识产权费用分别为a、b和c; `carry_year` the year that opened
    the paragraph (2021年度：营业收入…；研发费用…), used last.
    """
    c = cues()
    if _has_cue(text, c.get("condition_cues", [])):
        return [], []
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(text)]
    found = find_mentions(text, parent)
    # a part of the same metric inside （含…） is not a second value of it
    mentions = [m for m in found if not any(a <= m.start < b and any(p.metric == m.metric and p.end <= a for p in found)
                                            for a, b in asides)]
    allq = [q for q in find_quantities(text)
            if not (_bare_is_year(q) and not in_value_series(text, q.start, q.end)) and not _in_date(text, q)]
    if not mentions:
        return _counts_before_nouns(text, allq, []), []
    years = find_years(text)
    label_unit = declared_unit(text)
    figs: list[RawFigure] = []
    warns: list[str] = []
    for i, m in enumerate(mentions):
        seg_end = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        qs = [q for q in allq if m.end <= q.start < seg_end]
        qs, highs = _join_ranges(text, _inherit_units(text, qs))
        kept = []
        for q, unit, orig in qs:
            before = text[max(m.end, q.start - 6):q.start]
            after = text[q.end:q.end + 3]
            if _has_cue(before, c["delta_cues"]) or _has_cue(before, c["bound_cues"]):
                continue
            if any(after.startswith(s) for s in c["bound_suffixes"]):
                continue
            qq = Quantity(q.start, q.end, q.text, q.value, unit, q.wan if unit == q.unit else to_wan(q.value, unit) if unit else None)
            if not _compatible(qq, m.metric):
                continue
            if unit is None and not (ctx_unit or label_unit) and kind_of(m.metric) == "amount":
                # a bare number for money needs a declared unit nearby
                if not re.match(r"^[\s:：为是达]*$", text[m.end:q.start]) and not re.search(r"[（(]", text[m.end:q.start]):
                    continue
            kept.append((qq, orig))
        total = _part_sum(text, m.metric, kept)
        if total is not None:
            figs.append(total)
            continue
        kept = list_only(text, kept)
        if not kept:
            continue
        yrs = assign_years(text, m, [q for q, _ in kept], years, year_hint, seq_hint, carry_year)
        stock = is_stock(m.metric)
        if stock and len(kept) == 1 and year_hint is None and not YEAR_AFTER.match(text, kept[0][0].end):
            yrs = [None]  # 截至2021年底有效专利126件 is the current stock, not a per-year figure
        for (q, orig), yr in zip(kept, yrs):
            if yr == "total":
                if stock:
                    yr = None
                else:
                    continue
            each = [yr]
            if yr is None and not stock:
                each = recent_years(text[:q.start], seq_hint) or []
                if not each:
                    w = f"未能确定年份，未采用：{text[m.start:kept[-1][0].end]}"
                    if w not in warns:
                        warns.append(w)
                    continue
            norm = normalize_value(m.metric, q.value, q.unit, ctx_unit or label_unit)
            if norm is None:
                continue
            value, unit = norm
            top = None
            if q.start in highs:
                hi = normalize_value(m.metric, highs[q.start].value, highs[q.start].unit, ctx_unit or label_unit)
                if hi is None or hi[0] < value:
                    continue
                top = round(hi[0], 6)
            elif q.unit is None and (ctx_unit or label_unit):
                orig = f"{q.text}{ctx_unit or label_unit}"
            for y in each:
                figs.append(RawFigure(m.metric, y, round(value, 6), unit, orig, q.start, q.end, top))
    before = _counts_before_nouns(text, allq, figs)
    # 拥有5名知识产权专职人员，共120名员工: the count written before the noun is that noun's;
    # what follows the mention counts something else
    figs = [f for f in figs if not any(b.metric == f.metric and b.year == f.year for b in before)] + before
    return figs, warns


def _cue_alt(key: str) -> str:
    return "|".join(map(re.escape, sorted(cues().get(key, []), key=len, reverse=True))) or r"(?!)"


@lru_cache(maxsize=None)
def _range_rx() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    word = re.compile(rf"^\s*(?:{_cue_alt('range_connectors')})\s*$")
    symbol = re.compile(rf"^\s*(?:{_cue_alt('range_symbols')})\s*$")
    opener = re.compile(rf"(?:{_cue_alt('range_openers')})\s*$")
    closer = re.compile(rf"^\s*(?:{_cue_alt('range_closers')})")
    return word, symbol, opener, closer


def _join_ranges(text: str, qs: list[tuple[Quantity, str | None, str]]
                 ) -> tuple[list[tuple[Quantity, str | None, str]], dict[int, Quantity]]:
    """在10至20人之间 / 介于2～5名 / 处于1500万元到1900万元区间 / 3~5人: two quantities joined
    by a range connector are ONE stated value with bounds. Returns the quantities with
    each range as one quantity spanning both (its unit the upper bound's when the lower
    has none) and, by the range's start, the upper bound."""
    word, symbol, opener, closer = _range_rx()
    out: list[tuple[Quantity, str | None, str]] = []
    highs: dict[int, Quantity] = {}
    i = 0
    while i < len(qs):
        q, unit, orig = qs[i]
        if i + 1 < len(qs):
            nq, nunit, _ = qs[i + 1]
            gap = text[q.end:nq.start]
            framed = opener.search(text[max(0, q.start - 4):q.start]) or closer.match(text[nq.end:nq.end + 5])
            lo_unit = unit or nunit
            same_kind = unit is None or unit == nunit or (q.wan is not None and nq.wan is not None)
            if (symbol.match(gap) or (word.match(gap) and framed)) and nunit is not None and same_kind:
                wan = q.wan if unit == q.unit else to_wan(q.value, lo_unit)
                span = Quantity(q.start, nq.end, text[q.start:nq.end], q.value, lo_unit, wan)
                out.append((span, lo_unit, span.text))
                highs[q.start] = nq
                i += 2
                continue
        out.append((q, unit, orig))
        i += 1
    return out, highs


def cell_range(cell: str) -> tuple[float, float, str | None] | None:
    """A table cell holding only a range (2100～2500, 2300至2700, 3-5人, 1.2亿元－1.5亿元):
    (low, high, unit), the unit the upper bound's when the lower has none; None otherwise.
    In a cell nothing else is written, so 至/到 need no 在…之间 around them."""
    word, symbol, _, _ = _range_rx()
    qs = find_quantities(cell)
    if len(qs) != 2 or cell[:qs[0].start].strip() or cell[qs[1].end:].strip():
        return None
    lo, hi = qs
    gap = cell[lo.end:hi.start]
    if not (word.match(gap) or symbol.match(gap)):
        return None
    if lo.unit is not None and hi.unit is not None and lo.unit != hi.unit and (lo.wan is None or hi.wan is None):
        return None
    if lo.unit is not None and hi.unit is not None and lo.unit != hi.unit:
        return lo.wan, hi.wan, "万元"
    return lo.value, hi.value, hi.unit or lo.unit


def recent_years(before: str, seq: tuple[int, ...] | None) -> list[int] | None:
    """近三年…均 / 最近两年每年: the N latest years of the section's year list `seq`, when
    the text before the value says "each of the last N years" and that list has them."""
    if not seq:
        return None
    rx = re.compile(cues().get("recent_years", r"(?!)"))
    hits = list(rx.finditer(before))
    if not hits:
        return None
    last = hits[-1]
    if not any(w in before[last.end():] for w in cues().get("each_year_words", [])):
        return None
    n = parse_number(last.group(1))
    years = sorted(set(seq))
    if not n or int(n) != n or len(years) < n or years[-1] - years[0] != len(years) - 1:
        return None
    return years[-int(n):]


def _part_sum(text: str, metric: str, kept: list[tuple[Quantity, str]]) -> RawFigure | None:
    """专职3人、兼职2人 with no total stated: one figure, the sum, written as stated.

    Every quantity must follow its own part word (专职, 兼职) right away; a count
    before the parts (7人（其中专职3人、兼职4人）) is the stated total and wins."""
    words = cues().get("part_sums", {}).get(metric)
    if not words or len(kept) < 2:
        return None
    rx = re.compile(r"(" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")(?:人员)?\s*[为有:：]?\s*$")
    parts: list[tuple[str, int, Quantity]] = []   # (part word, where it starts, quantity)
    for q, _ in kept:
        lo = max(0, q.start - 8)
        m = rx.search(text[lo:q.start])
        if m is None or any(p[0] == m.group(1) for p in parts):
            break
        if parts and not re.fullmatch(r"[\s、，,和及与；;]{0,2}", text[parts[-1][2].end:lo + m.start()]):
            break
        parts.append((m.group(1), lo + m.start(), q))
    if len(parts) < 2:
        return None
    a, b = parts[0][1], parts[-1][2].end
    return RawFigure(metric, None, sum(p[2].value for p in parts), unit_of(metric), text[a:b], a, b)


_DATE_PART = re.compile(r"(?:19|20)\d{2}\s*(?:年|[.．/-])\s*\d{1,2}\s*(?:月|(?=[.．/-]\d)|$|(?=[^\d.]))(?:\s*[.．/-]?\s*\d{1,2}\s*[日号]?)?")


def _in_date(text: str, q: Quantity) -> bool:
    """The 8 of 成立时间：2003年8月 (or 2021.09) is a month, not a quantity."""
    return any(a <= q.start and q.end <= b for a, b in _date_spans(text))


@lru_cache(maxsize=16)
def _date_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Found once per text, not once per quantity (that was quadratic on figure-dense text)."""
    return tuple(m.span() for m in _DATE_PART.finditer(text))


@lru_cache(maxsize=None)
def _count_before() -> list[tuple[re.Pattern, str]]:
    # rx.match(text, pos) anchors at pos; a leading ^ would only match at 0
    return [(re.compile(p.lstrip("^")), metric) for metric, ps in cues().get("count_before", {}).items() for p in ps]


def _counts_before_nouns(text: str, allq: list[Quantity], figs: list[RawFigure]) -> list[RawFigure]:
    """另有4件PCT国际申请已进入…国家阶段 / 拥有126件有效专利: a count before the noun it counts.

    Only quantities no mention took are read, only with a unit that fits the
    metric (件/项 for patents, 名/人 for staff), and only for stock metrics (a
    count of what the applicant holds now).
    """
    used = {(f.start, f.end) for f in figs}
    out = []
    for q in allq:
        if (q.start, q.end) in used or q.unit is None or q.wan is not None or q.unit in ("%", "‰"):
            continue
        metric = next((mt for rx, mt in _count_before() if rx.match(text, q.end)), None)
        if metric is None:
            nxt = [m for m in _find_metrics(text[q.end:q.end + 30]) if m[0] <= 1 and text[q.end:q.end + m[0]] in ("", "的")]
            metric = nxt[0][2] if nxt else None
        if metric is None or not is_stock(metric) or kind_of(metric) == "ratio" or not _compatible(q, metric):
            continue
        out.append(RawFigure(metric, None, q.value, unit_of(metric), q.text, q.start, q.end))
    return out
