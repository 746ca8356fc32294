"""Numbers, units, comparators, ranges and ratios in guide and submission text.

Why a dedicated module: every threshold in a guide is a phrase like
`近三年利税总额均不低于 2000 万元` or `达 3.5%以上`, and a submission states
`410,000,000.00元` or `1.2亿元`. The matcher can only compare them once both sides
are numbers in one unit, so money is normalized to 万元 (the unit guides use) while
the value as written is kept for evidence. Comparator words and units live in
data/comparators.yaml so a new province's wording is a data edit.

Offsets always refer to the caller's string: full-width characters are folded with
a length-preserving translation, never by re-writing the text. Reading one numeral
(parse_number, kept importable from here) lives in numerals.py, which dates.py
shares: this module masks dates, so dates must not need this module.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.lexicon import safe_load

from extractors.dates import find_dates, find_periods
from extractors.numerals import ARABIC, CN_BIG, CN_CHARS, CN_DIGITS, FOLD, parse_number

_DATA = Path(__file__).parent / "data"

_CHINESE = rf"[{''.join(CN_DIGITS)}十拾][{CN_CHARS}]*(?:点[{''.join(CN_DIGITS)}]+)?"
_NUMBER_RE = re.compile(
    rf"(?P<pct>百分之\s*)?(?:(?<![\d.,])(?P<ar>{ARABIC})(?![\d])|(?P<cn>{_CHINESE}))"
)


@lru_cache(maxsize=None)
def _table() -> dict:
    with open(_DATA / "comparators.yaml", encoding="utf-8") as fh:
        raw = safe_load(fh)
    def by_len(d):
        return sorted(((w, op) for op, ws in d.items() for w in ws), key=lambda p: -len(p[0]))
    units = raw["units"]
    loose = lambda w: r"\s*".join(map(re.escape, w))  # noqa: E731
    prefix = by_len(raw["prefix"])
    return {
        "prefix": prefix,
        "prefix_re": re.compile("(?:" + "|".join(loose(w) for w, _ in prefix) + r")\s*$"),
        "prefix_op": {w: op for w, op in prefix},
        "suffix_re": re.compile("|".join(loose(w) for w, _ in by_len(raw["suffix"]))),
        "suffix_op": dict(by_len(raw["suffix"])),
        "suffix": by_len(raw["suffix"]),
        "include": raw["inclusive_marks"]["include"],
        "exclude": raw["inclusive_marks"]["exclude"],
        "money": {k: float(v) for k, v in units["money"].items()},
        "currencies": sorted(units.get("foreign_currencies") or [], key=len, reverse=True),
        "mult": sorted(((k, float(v)) for k, v in units["multipliers"].items()), key=lambda p: -len(p[0])),
        "unit_words": sorted([*units["percent"], *units["count"], *units["money"]], key=len, reverse=True),
        "percent": set(units["percent"]),
        "open_re": re.compile(
            r"([^\d\s" + re.escape(raw.get("open_unit_stop_chars", "")) + r"]{1,%d}?)" % int(raw.get("open_unit_max_chars", 6))
            + r"(?=\s*(?:\(\s*(?:不含|含)\s*\)\s*)?(?:" + "|".join(map(re.escape, sorted(
                (w for ws in raw["suffix"].values() for w in ws), key=len, reverse=True))) + "))"),
    }


def to_wan(value: float, unit: str) -> float | None:
    """Money in 万元 (1.2, '亿元' -> 12000.0); None when `unit` is not money."""
    factor = _table()["money"].get(unit)
    return None if factor is None else round(value * factor, 6)


# ---------------------------------------------------------------- quantities
@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float
    unit: str | None
    wan: float | None = None

    @property
    def norm_unit(self) -> str | None:
        return "万元" if self.wan is not None else self.unit

    @property
    def norm_value(self) -> float:
        return self.wan if self.wan is not None else self.value


@dataclass(frozen=True)
class Comparison:
    start: int
    end: int
    text: str
    operator: str
    quantity: Quantity
    upper: "Comparison | None" = None
    # "number" (a comparator word and a figure) or the family of a bound in words
    # (word_bounds): "sign" (为正数), "rank" (前三名); "recency" (近3年获得), "award_count" (获得一等奖1次), read by the guide
    kind: str = "number"


_MASK_RES = [
    re.compile(r"(?:https?://|www\.)[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+"),
    re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),  # anchored: linear on long runs
    re.compile(r"(?<!\d)0\d{2,3}\s?[-—]\s?\d{7,8}(?:-\d{1,5})?(?!\d)"),      # 025-83279100
    re.compile(r"\(0\d{2,3}\)\s?\d{7,8}"),                                    # (025)83279100
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),                                  # mobile
    re.compile(r"[〔\[［【]\s*(?:19|20)\d{2}\s*[〕\]］】]\s*(?:第\s*)?\d*\s*号?"),  # 〔2021〕140号
    re.compile(r"[A-Za-z][A-Za-z/]*\s?\d[\d.\-—–:]*"),                         # GB/T 29490-2023, H04L
    re.compile(r"\(\s*[0-9一二三四五六七八九十]{1,3}\s*\)"),                      # (1) （一）
    re.compile(r"(?:^|(?<=[\s:。；;，,]))\d{1,2}\s*[.、)](?!\d)", re.M),          # 1.  1、 1)
    re.compile(r"(?:^|(?<=[\s:。；;]))[一二三四五六七八九十]{1,3}、", re.M),          # 一、
    re.compile(r"第\s*[0-9一二三四五六七八九十百千两〇零]+"),                        # 第3条
    re.compile(r"《[^《》\n]{0,80}》"),
    re.compile(r"(?<!\d)(?:19|20)\d{2}(?:\s*[-—–~至到]\s*(?:19|20)\d{2})?\s*(?:年度?|届)"),  # years
    re.compile(r"(?<!\d)(?:19|20)\d{2}\s*[-—–~]\s*(?:19|20)\d{2}(?!\d)"),       # 2021-2023
    re.compile(r"(?<!\d)\d{1,2}\s*:\s*\d{2}(?!\d)"),                           # 17:00
    # a page reference after leader dots at the end of a line (有效专利清单 …… 48-62): pages, not counts
    re.compile(r"(?:…+|\.{3,}|·{3,}|-{3,}|—{2,})\s*(?:第\s*)?\d{1,4}(?:\s*[-—–~至]\s*\d{1,4})?\s*页?[ \t]*$", re.M),
    re.compile(r"(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*[日号]"),                      # 6月30日
    # (?<!\d) before \d+: a pattern tried at every digit of a long run is quadratic
    re.compile(r"附件\s*\d+|(?<!\d)\d+\s*号|(?<!\d)\d+(?![kKM][Ww]|㎡)[A-Za-z]"),  # 附件1, 145号, 5G (not 400KW)
]


def _masked(folded: str) -> list[bool]:
    mask = [False] * len(folded)
    spans = [(m.start(), m.end()) for r in _MASK_RES for m in r.finditer(folded)]
    spans += [(d.start, d.end) for d in find_dates(folded)]
    spans += [(a, b) for a, b, _, _ in find_ratios(folded)]
    spans += [(p.start, p.end) for p in find_periods(folded) if p.period.startswith("last_")]  # 近三年
    for a, b in spans:
        for i in range(a, b):
            mask[i] = True
    return mask


def _open_unit(t: str, q: int, known: str | None) -> str | None:
    """Open vocabulary: the word between a number and its bound word is its unit,
    listed or not (100吨标准煤以上 → 吨标准煤, 2个百分点以上). Used when the listed
    unit is absent or is only the head of that word (吨 of 吨标准煤)."""
    m = _table()["open_re"].match(t, q)
    if not m or (known and (not m.group(1).startswith(known) or len(m.group(1)) <= len(known))):
        return None
    return m.group(1)


def _unit_after(t: str, pos: int, arabic: bool = False) -> tuple[str | None, float, int]:
    """(unit, multiplier, end) for the unit starting at `pos` (spaces allowed).

    `arabic`: the number was written in digits, so an unlisted word before a bound
    word counts as its unit (Chinese numerals stay on the list: 一定规模以上 is no quantity)."""
    tab = _table()
    m = re.match(r"\s*", t[pos:])
    p = pos + m.end()
    mult_word, mult = "", 1.0
    for w, f in tab["mult"]:
        if t.startswith(w, p):
            mult_word, mult = w, f
            break
    q = p + len(mult_word)
    q += len(re.match(r"\s*", t[q:]).group())
    for cur in tab["currencies"]:
        if t.startswith(cur, q):
            return mult_word + cur, 1.0, q + len(cur)
    for u in tab["unit_words"]:
        if t.startswith(u, q):
            if mult_word:
                if u == "元" and mult_word + "元" in tab["money"]:
                    return mult_word + "元", 1.0, q + 1
                if u in tab["money"] or u in tab["percent"]:
                    return None, 1.0, pos
            wider = _open_unit(t, q, u) if arabic and u not in tab["money"] and u not in tab["percent"] else None
            if wider:
                return wider, mult, q + len(wider)
            return u, mult, q + len(u)
    # an unlisted unit keeps its prefix as written (220千伏 is 220 of 千伏): only listed
    # units take a multiplier, so the value reads the same with or without a bound word after it
    wider = _open_unit(t, p, None) if arabic else None
    if wider and not (mult_word in ("万", "亿") and wider == mult_word):
        return wider, 1.0, p + len(wider)
    if mult_word in ("万", "亿"):  # bare 5000万: guides mean money
        return mult_word + "元", 1.0, p + len(mult_word)
    return None, 1.0, pos


# 半年 / 半个月 (a half alone) and 一年半 / 2年半 (a whole and a half)
_HALF = re.compile(r"(?<![\d一二三四五六七八九十两])半(?=\s*(?:年|个月|天|小时))|((?<!\d)\d+|[一二三四五六七八九十两]{1,3})(?=\s*(?:年|个月|天|小时)半)")
_ANY_NUMERAL = re.compile(r"[0-9〇零一二三四五六七八九十两百千万亿壹贰叁肆伍陆柒捌玖拾佰仟半]")


def _halves(t: str, text: str, mask: list[bool]) -> list[Quantity]:
    """半年以上 → 0.5 年, 一年半 / 2年半 → 1.5 / 2.5 年: a half is a number too."""
    out = []
    for m in _HALF.finditer(t):
        if any(mask[m.start():m.end()]):
            continue
        if m.group(1) is None:  # 半 + unit
            unit, _, uend = _unit_after(t, m.end())
            value, end = 0.5, uend
        else:  # whole + unit + 半
            whole = parse_number(m.group(1))
            unit, _, uend = _unit_after(t, m.end())
            if whole is None or unit is None or not t.startswith("半", uend):
                continue
            unit, uend = (unit[:-1], uend - 1) if unit.endswith("半") else (unit, uend)
            value, end = whole + 0.5, uend + 1
        if unit is not None:
            out.append(Quantity(m.start(), end, text[m.start():end], value, unit))
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every number with its unit; list labels, years, dates, phones, codes are skipped.

    A count written with a multiplier (1.2万件) is stored multiplied (12000 件) because
    no count unit carries 万; money keeps the value as written (1.2 亿元).
    """
    t = text.translate(FOLD)
    if not _ANY_NUMERAL.search(t):  # most prose has no number at all: skip the masking pass
        return []
    mask = _masked(t)
    halves = _halves(t, text, mask)
    out: list[Quantity] = []
    for m in _NUMBER_RE.finditer(t):
        a = m.start()
        if any(mask[a:m.end()]) or any(h.start <= a < h.end for h in halves):
            continue
        if m.group("pct"):
            v = parse_number(m.group("ar") or m.group("cn"))
            if v is not None:
                out.append(Quantity(a, m.end(), text[a:m.end()], v, "%"))
            continue
        num, end = (m.group("ar"), m.end()) if m.group("ar") else (m.group("cn"), m.end())
        cn = not m.group("ar")
        if cn and len(num) > 1 and num[-1] in CN_BIG and t.startswith("元", end):
            num, end = num[:-1], end - 1  # 五千万元 -> 五千 + 万元
        v = parse_number(num)
        if v is None:
            continue
        unit, mult, uend = _unit_after(t, end, arabic=not cn)
        if unit is None:
            if cn or ("," not in num and "." not in num and len(num) >= 6):
                continue  # Chinese words like 一定/统一, and long codes, are not quantities
            out.append(Quantity(a, end, text[a:end], v, None))
            continue
        value = v * mult
        out.append(Quantity(a, uend, text[a:uend], value, unit, to_wan(value, unit)))
    return sorted(out + halves, key=lambda q: q.start)


# ---------------------------------------------------------------- comparators
def _prefix_at(t: str, end: int) -> tuple[str, str, int] | None:
    j = end
    while j > 0 and t[j - 1].isspace():
        j -= 1
    if t.endswith("人民币", 0, j):
        j -= 3
        while j > 0 and t[j - 1].isspace():
            j -= 1
    tab = _table()
    m = tab["prefix_re"].search(t, max(0, j - 24), j)
    if m:
        w = re.sub(r"\s", "", m.group())
        if w == "为" and m.start() >= 1 and t[m.start() - 1] in "作成以视称分认改":
            return None
        return w, tab["prefix_op"][w], m.start()
    return None


def _suffix_at(t: str, start: int) -> tuple[str, int] | None:
    tab = _table()
    p = start + len(re.match(r"\s*", t[start:]).group())
    incl = None
    m = re.match(r"\(\s*(不含|含)\s*\)\s*", t[p:])
    if m:
        incl, p = m.group(1), p + m.end()
    s = tab["suffix_re"].match(t, p)
    if not s:
        return None
    op = tab["suffix_op"][re.sub(r"\s", "", s.group())]
    end = s.end()
    after = re.match(r"\s*\(\s*(不含|含)\s*\)", t[end:])  # 100吨以上（含） / 5万元以下（不含）
    if after and incl is None:
        incl, end = after.group(1), end + after.end()
    if incl in tab["exclude"]:
        op = {">=": ">", "<=": "<"}[op]
    return op, end


def find_comparisons(text: str) -> list[Comparison]:
    """Comparator + quantity phrases, ranges merged into one Comparison with `upper`.

    When a prefix and a suffix both bound one number, the suffix decides (see
    comparators.yaml): 达3.5%以上 and 超过3年以上 are both '>='.
    """
    t = text.translate(FOLD)
    qs = find_quantities(text)
    found: list[Comparison] = []
    for q in qs:
        pre = _prefix_at(t, q.start)
        suf = _suffix_at(t, q.end)
        if pre and pre[0] == "为" and (q.unit is None or suf):
            pre = None
        if not pre and not suf:
            continue
        op = suf[0] if suf else pre[1]
        a = pre[2] if pre else q.start
        b = suf[1] if suf else q.end
        found.append(Comparison(a, b, text[a:b], op, q))
    return _merge_ranges(text, t, qs, found)


_JOIN = re.compile(r"\s*[、，,且并但而及和]?\s*$")
_DASH = re.compile(r"\s*(?:\(\s*(?:不含|含)\s*\)\s*)?(?:[-—–~]|至|到)\s*$")


def _in_unit(q: Quantity, unit: str | None) -> Quantity | None:
    """`q` restated in `unit` when both are in one group of convertible_units (1年 → 12 个月);
    None when they are not."""
    for g in _convertible():
        if q.unit in g and unit in g:
            return Quantity(q.start, q.end, q.text, q.value * g[q.unit] / g[unit], unit)
    return None


@lru_cache(maxsize=None)
def _convertible() -> tuple[dict, ...]:
    with open(_DATA / "comparators.yaml", encoding="utf-8") as fh:
        return tuple({k: float(v) for k, v in g.items()} for g in safe_load(fh).get("convertible_units") or [])


def _with_unit(q: Quantity, like: Quantity) -> Quantity:
    if q.unit is not None or like.unit is None:
        return q
    return Quantity(q.start, q.end, q.text, q.value, like.unit, to_wan(q.value, like.unit))


def _merge_ranges(text: str, t: str, qs: list[Quantity], found: list[Comparison]) -> list[Comparison]:
    out: list[Comparison] = []
    i = 0
    while i < len(found):
        c = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (nxt and c.operator in (">", ">=") and nxt.operator in ("<", "<=")
                and _JOIN.match(t[c.end:nxt.start])
                and (c.quantity.unit in (None, nxt.quantity.unit)
                     or c.quantity.norm_unit == nxt.quantity.norm_unit)):
            low = Comparison(c.start, c.end, c.text, c.operator, _with_unit(c.quantity, nxt.quantity))
            out.append(Comparison(c.start, nxt.end, text[c.start:nxt.end], c.operator, low.quantity, nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    # bare ranges: 1-2个, 1000万元至5000万元 -> '>=' low, upper '<=' high
    used = {(c.quantity.start) for c in out} | {c.upper.quantity.start for c in out if c.upper}
    for q1, q2 in zip(qs, qs[1:]):
        if q1.start in used or q2.start in used or q2.unit is None:
            continue
        if q1.unit not in (None, q2.unit) and _DASH.match(t[q1.end:q2.start]):
            q2 = _in_unit(q2, q1.unit)  # 6个月至1年: the upper end in months
        if q2 is None or q1.unit not in (None, q2.unit) or not _DASH.match(t[q1.end:q2.start]):
            continue
        q1 = _with_unit(q1, q2)
        if q1.value >= q2.value:
            continue
        hi = Comparison(q2.start, q2.end, q2.text, "<=", q2)
        out.append(Comparison(q1.start, q2.end, text[q1.start:q2.end], ">=", q1, hi))
    return sorted(out, key=lambda c: c.start)


# ---------------------------------------------------------------- ratios
# the look-behind holds every character a number may start with, so a long run of
# digits or numerals is tried once, not at each of its characters (linear, not quadratic)
_RATIO_RE = re.compile(
    rf"(?<![\d.:{''.join(CN_DIGITS)}十])(?P<a>\d{{1,12}}(?:\.\d+)?|[{''.join(CN_DIGITS)}十]{{1,8}})\s*(?P<sep>[:]|比)\s*"
    rf"(?P<b>\d+(?:\.\d+)?|[{''.join(CN_DIGITS)}十]+)(?![\d.:])"
)


def find_ratios(text: str) -> list[tuple[int, int, float, float]]:
    """'按1:2抵算', '1：1分担', '1比1配套' -> (start, end, 1.0, 2.0); clock times are skipped."""
    t = text.translate(FOLD)
    out = []
    for m in _RATIO_RE.finditer(t):
        a, b = m.group("a"), m.group("b")
        if m.group("sep") == ":" and (not a.isascii() or not b.isascii()):
            continue
        if m.group("sep") == ":" and len(b) == 2 and b.isdigit() and float(a) <= 24:
            ctx = t[max(0, m.start() - 3):m.start()]
            if re.search(r"[午晚早时日\d]", ctx) or re.match(r"\s*(?:[-—~前止至到])", t[m.end():]) or b == "00":
                continue
        if t[max(0, m.start() - 8):m.start()].rstrip().endswith(("http", "https")):
            continue
        va, vb = parse_number(a), parse_number(b)
        if va is None or vb is None or vb == 0:
            continue
        out.append((m.start(), m.end(), va, vb))
    return out



# ---------------------------------------------------------------- bounds in words
@lru_cache(maxsize=None)
def _word_table() -> dict:
    with open(_DATA / "comparators.yaml", encoding="utf-8") as fh:
        raw = safe_load(fh)
    signs = sorted(((w, op) for op, ws in (raw.get("sign_bounds") or {}).items() for w in ws), key=lambda p: -len(p[0]))
    rank = raw.get("rank_bounds") or {}
    leads = sorted(rank.get("leads") or [], key=len, reverse=True)
    units = sorted(rank.get("units") or [], key=len, reverse=True)
    numeral = rf"(?P<num>\d+|[{''.join(CN_DIGITS)}十百]+)"
    return {
        "signs": signs,
        "sign_ends": raw.get("sign_bound_ends", ""),
        "rank_re": re.compile(
            "(?P<lead>" + "|".join(map(re.escape, leads)) + r")\s*" + numeral
            + r"\s*(?P<unit>" + "|".join(map(re.escape, units)) + ")?") if leads and units else None,
        "bare_leads": set(rank.get("bare_leads") or []),
        "not_after": set(rank.get("not_after") or []),
        "rank_unit": raw.get("rank_default_unit", "名"),
        "restated": set(rank.get("restated") or []),
    }


def word_bounds(text: str) -> list[Comparison]:
    """Bounds stated without a comparator before a number: a sign (利润总额为正数 → '>' 0)
    or a rank (前三名 → '<=' 3 名). Why apart from find_comparisons: the words are bounds
    only in requirement prose, so callers that read requirements (the guide) ask for them,
    while an application's figures (正数第二) never go through here."""
    t = text.translate(FOLD)
    return sorted(_sign_bounds(text, t) + _rank_bounds(text, t), key=lambda c: c.start)


def _sign_bounds(text: str, t: str) -> list[Comparison]:
    """利润总额为正数 / 净资产不为负 / 大于零: a bound at 0 (no unit: the metric gives it)."""
    tab = _word_table()
    taken: list[tuple[int, int]] = []
    out = []
    for w, op in tab["signs"]:
        for m in re.finditer(re.escape(w), t):
            a, b = m.start(), m.end()
            if b < len(t) and t[b] not in tab["sign_ends"]:
                continue  # 为正式员工, 为负责人: the word goes on, no sign is stated
            if any(x < b and a < y for x, y in taken):
                continue  # 不为负 is not also 为负
            taken.append((a, b))
            out.append(Comparison(a, b, text[a:b], op, Quantity(a, b, text[a:b], 0.0, None), kind="sign"))
    return out


def _rank_bounds(text: str, t: str) -> list[Comparison]:
    """前三名 / 排名前10位 / 名列前五 / 前十强: place '<=' N."""
    tab = _word_table()
    if tab["rank_re"] is None:
        return []
    out = []
    for m in tab["rank_re"].finditer(t):
        lead, unit = m.group("lead"), m.group("unit")
        if lead not in tab["bare_leads"]:
            if unit is None or (m.start() > 0 and t[m.start() - 1] in tab["not_after"]):
                continue  # 前3年, 目前5名员工: no rank
        elif unit is None and m.end() < len(t) and not (t[m.end()] in "的之" or t[m.end()] in tab["sign_ends"]):
            continue  # 排名前10%: a share, not a place
        value = parse_number(m.group("num"))
        if value is None:
            continue
        q0 = m.start("num")
        written = unit if unit and unit not in tab["restated"] else tab["rank_unit"]
        out.append(Comparison(m.start(), m.end(), text[m.start():m.end()], "<=",
                              Quantity(q0, m.end(), text[q0:m.end()], value, written), kind="rank"))
    return out
