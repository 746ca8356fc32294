"""Dates (deadlines) and reference periods (近三年, 上一年度, 2020年度).

Why here and not in the guide extractor: the same phrases occur in guides
(截止日期为2022年1月30日, 近三年利税总额均不低于…) and in submissions (2023年度
审计报告), and both sides must agree on what 近三年 means. Period words live in
data/periods.yaml; the tolerance for one stray character between year and month
exists because real notices contain typos such as `2022为1月30日`.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.lexicon import safe_load

from extractors.numerals import FOLD, parse_number

_DATA = Path(__file__).parent / "data"
_CN = "零〇○一二两三四五六七八九十"
_N = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
_Y = rf"(?:(?:19|20)\d{{2}}|[{_CN}]{{4}})"
_TIME = (r"(?:\s*(?P<ampm>上午|下午|中午|晚上|早上|凌晨)?\s*"
         r"(?:(?P<h>\d{1,2})\s*:\s*(?P<mi>\d{2})|(?P<h2>\d{1,2}|[零一二两三四五六七八九十]{1,3})\s*[时点](?:\s*(?P<mi2>\d{1,2})\s*分|(?P<half>半))?))?")
_CN_DATE_RE = re.compile(
    rf"(?<!\d)(?P<y>{_Y})\s*(?:年\s*[^\d\s年月日{_CN}]?|[^\d\s年月日{_CN}])\s*(?P<m>{_N})\s*月\s*"
    rf"(?:(?P<d>{_N})\s*(?P<dm>[日号])|(?P<eom>底|末))" + _TIME
)
_MD_RE = re.compile(rf"(?<![\d年{_CN}])(?P<m>{_N})\s*月\s*(?:(?P<d>{_N})\s*(?P<dm>[日号])|(?P<eom>底|末))" + _TIME)
_ISO_RE = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*(?P<s>[-/.])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<d>\d{1,2})(?![\d.])" + _TIME)


def _num(s: str) -> int | None:
    v = parse_number(s)
    return int(v) if v is not None and v == int(v) else None


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    text: str
    date: _dt.date
    time: str | None = None


def _time(m: re.Match) -> str | None:
    h = m.group("h") or m.group("h2")
    if h is None:
        return None
    hour = _num(h)
    minute = int(m.group("mi") or m.group("mi2") or 0) + (30 if m.group("half") else 0)
    if hour is None or hour > 24 or minute > 59:
        return None
    if m.group("ampm") in ("下午", "晚上") and hour < 12:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def _make(text: str, m: re.Match, year: int) -> FoundDate | None:
    month = _num(m.group("m"))
    if month is None or not 1 <= month <= 12:
        return None
    if m.groupdict().get("eom"):
        day = calendar.monthrange(year, month)[1]
    else:
        day = _num(m.group("d"))
    try:
        d = _dt.date(year, month, day)
    except (TypeError, ValueError):
        return None
    tm = _time(m)
    end = m.end() if tm else _date_end(m)
    return FoundDate(m.start(), end, text[m.start():end], d, tm)


def _date_end(m: re.Match) -> int:
    return max(m.end(g) for g in ("d", "dm", "eom") if g in m.re.groupindex and m.group(g))


def find_dates(text: str, default_year: int | None = None) -> list[FoundDate]:
    """Calendar dates with optional time of day ('下午5:00' -> '17:00').

    `6月30日` without a year is only returned when `default_year` is given.
    """
    t = text.translate(FOLD)
    out: list[FoundDate] = []
    taken = [False] * len(t)
    for rx in (_CN_DATE_RE, _ISO_RE):
        for m in rx.finditer(t):
            if any(taken[m.start():m.end()]):
                continue
            y = _num(m.group("y"))
            fd = _make(text, m, y) if y else None
            if fd:
                out.append(fd)
                taken[fd.start:fd.end] = [True] * (fd.end - fd.start)
    if default_year:
        for m in _MD_RE.finditer(t):
            if any(taken[m.start():m.end()]):
                continue
            fd = _make(text, m, default_year)
            if fd:
                out.append(fd)
    return sorted(out, key=lambda f: f.start)


def part_of_year_ends(text: str) -> list[FoundDate]:
    """The last day of a part of a year the text names: 2023年四季度 / 第4季度 → 12-31,
    上半年 → 06-30, 下半年 / 年底 / 年末 → 12-31. The part is stated, its end derived; a
    caller decides by the words around it whether it bounds a filing."""
    t = text.translate(FOLD)
    out = []
    for m in _PART_OF_YEAR.finditer(t):
        y = int(m.group("y"))
        if m.group("q") or m.group("q2"):
            q = _num(m.group("q") or m.group("q2"))
            if not q or not 1 <= q <= 4:
                continue
            end = _dt.date(y, 3 * q, 31 if q in (1, 4) else 30)
        else:
            end = _dt.date(y, 6, 30) if m.group("h") == "上半年" else _dt.date(y, 12, 31)
        out.append(FoundDate(m.start(), m.end(), text[m.start():m.end()], end))
    return out


_PART_OF_YEAR = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?:度\s*)?(?:第\s*(?P<q>[1-4一二三四])\s*季度|(?P<q2>[一二三四])\s*季度"
                           r"|(?P<h>上半年|下半年|年底|年末|底))")


# ---------------------------------------------------------------- periods
@dataclass(frozen=True)
class Period:
    start: int
    end: int
    text: str
    period: str
    aggregation: str | None
    years: tuple[int, ...] = ()


@lru_cache(maxsize=None)
def _periods() -> dict:
    with open(_DATA / "periods.yaml", encoding="utf-8") as fh:
        raw = safe_load(fh)
    alt = lambda ws: "|".join(sorted(map(re.escape, ws), key=len, reverse=True))  # noqa: E731
    return {
        "last_n": re.compile(rf"(?P<pre>{alt(raw['last_n_prefix'])})\s*(?P<n>\d{{1,2}}|[{_CN}]{{1,3}})\s*个?\s*(?:会计|自然|财务)?\s*(?:年度|年)(?:\s*[以之]?内)?"),
        "within": re.compile(rf"(?P<n>\d{{1,2}}|[{_CN}]{{1,3}})\s*(?:个)?\s*(?:年度|年)\s*(?:[以之]内|内)"),
        "last_year": re.compile(rf"(?<![以及])(?:{alt(raw['last_year'])})"),
        "current": re.compile(alt(raw["current"])),
        "year": re.compile(r"(?<![\d\-—–~])(?P<y>(?:19|20)\d{2})\s*(?P<du>年度|年)(?!\s*\d{1,2}\s*月)(?!\s*(?:以前|之前|以后|之后|以来|起))"),
        "years_paren": re.compile(r"^\s*\(\s*(?P<a>(?:19|20)\d{2})\s*年?\s*(?P<sep>[-—–~至到、,]\s*(?:(?:19|20)\d{2}\s*年?\s*[、,]?\s*)+)(?:年度|年)?\s*\)"),
        "each": raw["aggregation"]["each_year"],
        "average": raw["aggregation"]["average"],
        "total": raw["aggregation"]["total"],
        "each_prefix": set(raw["each_year_prefix"]),
    }


def _years_after(t: str, pos: int) -> tuple[tuple[int, ...], int]:
    m = _periods()["years_paren"].match(t[pos:])
    if not m:
        return (), pos
    ys = [int(y) for y in re.findall(r"(?:19|20)\d{2}", m.group())]
    if re.match(r"\s*[-—–~至到]", m.group("sep")) and len(ys) == 2:
        ys = list(range(ys[0], ys[1] + 1))
    return tuple(ys), pos + m.end()


_CLAUSE_END = re.compile(r"[，。；;,！!？?\n]")
_HINT_WINDOW = 80  # characters after a period word in which its aggregation hint (均, 累计) stands


def _aggregation(t: str, start: int, end: int, pre: str | None) -> str | None:
    """Hint from the clause around the period: 均 -> each_year, 年均 -> average, 累计 -> total.

    `总额` alone is not a hint: 利税总额 is a metric name, not a sum over years.
    """
    p = _periods()
    if pre in p["each_prefix"]:
        return "each_year"
    end += len(re.match(r"[\s，,：:]*", t[end:]).group())  # 近3年内，申报单位年均…: the topic is followed by its clause
    stop = _CLAUSE_END.search(t, end, end + _HINT_WINDOW)  # bounded: a clause without punctuation
    clause = t[end:stop.start() if stop else min(len(t), end + _HINT_WINDOW)]  # is not read to its end per period
    before = t[max(0, start - 4):start]
    if any(w in clause or before.endswith(w) for w in p["average"]):
        return "average"
    if any(w in clause for w in p["total"]):
        return "total"
    stripped = re.sub("|".join(map(re.escape, p["average"])), "", clause)
    if any(w in stripped for w in p["each"]):
        return "each_year"
    return None


def aggregation_in(text: str) -> str | None:
    """The aggregation a bare phrase states (每年 → each_year, 年均 → average, 累计 → total)."""
    p = _periods()
    if any(w in text for w in p["average"]):
        return "average"
    if any(w in text for w in p["total"]):
        return "total"
    return "each_year" if any(w in text for w in p["each"]) else None


def find_periods(text: str) -> list[Period]:
    """Reference periods with an aggregation hint; the matcher decides when it is None."""
    t = text.translate(FOLD)
    p = _periods()
    taken = [False] * len(t)
    out: list[Period] = []

    def add(a: int, b: int, pid: str, pre: str | None = None, years: tuple[int, ...] = ()):
        if any(taken[a:b]):
            return
        ys, b2 = _years_after(t, b)
        agg = _aggregation(t, a, b2, pre)
        out.append(Period(a, b2, text[a:b2], pid, agg, years or ys))
        taken[a:b2] = [True] * (b2 - a)

    for d in find_dates(t):
        taken[d.start:d.end] = [True] * (d.end - d.start)
    for m in p["last_n"].finditer(t):
        n = _num(m.group("n"))
        if n:
            add(m.start(), m.end(), "last_year" if n == 1 else f"last_{n}_years", m.group("pre"))
    for m in p["within"].finditer(t):
        n = _num(m.group("n"))
        if n:
            add(m.start(), m.end(), f"within_{n}_years" if n > 1 else "within_1_year")
    for m in p["last_year"].finditer(t):
        add(m.start(), m.end(), "last_year")
    for m in p["year"].finditer(t):
        y = int(m.group("y"))
        add(m.start(), m.end(), f"year:{y}", years=(y,))
    for m in p["current"].finditer(t):
        add(m.start(), m.end(), "current")
    return sorted(out, key=lambda x: x.start)
