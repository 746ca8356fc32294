"""Which year each stated quantity belongs to.

Why a module of its own: applicants date their figures in many orders —
a range before a list (2019—2021年分别为a、b、c), a list written latest year
first (2021年、2020年分别为a、b), a from/to phrase (由2020年的a增长至2022年的b，
其中2021年为c), a year right before each value. Each rule here reads a year
that the text states; when none fits, the figure stays undated and the
caller drops it (never guessed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors import lexicon
from extractors.numerals import FOLD
from extractors.claims.spans import cues

_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?度?\s*(?:[-—–~～至到])\s*((?:19|20)\d{2})\s*年?度?")
_YEAR = re.compile(rf"(?<![\d.])((?:19|20)\d{{2}})\s*(?:{lexicon.alternation('year_suffixes')}"
                   r"|年(?!\s*\d{1,2}\s*月)|(?![\d月.]))")
_SEP = lexicon.alternation("list_separators")   # 、，, 和 及 与 以及
LIST_SEP = re.compile(rf"^\s*(?:{_SEP})\s*$")


@dataclass
class YearToken:
    start: int
    end: int
    years: tuple[int, ...]


def _monotonic(a: tuple[int, ...], b: int) -> bool:
    """b continues the list a in a's direction (ascending, or latest year first)."""
    if len(a) == 1:
        return a[0] != b
    return (a[-1] < b) == (a[0] < a[-1]) and a[-1] != b


_SERIES_NEIGHBOUR = re.compile(r"\d+\.\d+|\d{1,3}(?!\d)|\d{5,}")


def in_value_series(text: str, start: int, end: int) -> bool:
    """A bare four-digit number between slashes next to a value that is no year
    (2163.06/1912/2342.57万元) is a value of the series, not a year."""
    if text[end:end + 1] in ("年",) or text[end:end + 2] == "年度":
        return False
    before = re.search(r"([\d.]+)\s*[/／]\s*$", text[max(0, start - 16):start])
    after = re.match(r"\s*[/／]\s*([\d.]+)", text[end:end + 16])
    return any(n and _SERIES_NEIGHBOUR.fullmatch(n.group(1)) for n in (before, after))


def find_years(text: str) -> list[YearToken]:
    """Single years, ranges (2019-2021年, 2019年至2021年) and lists (2019、2020和2021年; 2021年、2020年).

    Full-width digits (２０２２年) are folded first; the fold keeps every offset."""
    text = text.translate(FOLD)
    toks: list[YearToken] = []
    taken = [False] * len(text)
    for m in _RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b <= a + 10:
            toks.append(YearToken(m.start(), m.end(), tuple(range(a, b + 1))))
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    for m in _YEAR.finditer(text):
        if any(taken[m.start():m.end()]) or in_value_series(text, m.start(), m.end()):
            continue
        toks.append(YearToken(m.start(), m.end(), (int(m.group(1)),)))
    toks.sort(key=lambda t: t.start)
    merged: list[YearToken] = []
    for t in toks:  # 2019年、2020年和2021年 -> one list token
        if (merged and len(t.years) == 1 and LIST_SEP.match(text[merged[-1].end:t.start])
                and _monotonic(merged[-1].years, t.years[0])):
            last = merged[-1]
            merged[-1] = YearToken(last.start, t.end, last.years + t.years)
        else:
            merged.append(t)
    return merged


# ---------------------------------------------------------------- lists of values
_Y = r"(?:19|20)\d{2}\s*(?:年度|年)?"
_YLIST = rf"{_Y}(?:\s*(?:{_SEP})\s*{_Y})*"
_VERB = rf"(?:{lexicon.alternation('list_value_verbs')})?"
_LIST_GAP = re.compile(
    rf"^\s*(?:[（(]\s*(?:19|20)\d{{2}}\s*(?:年度|年)?\s*[）)])?\s*(?:[；;]|{_SEP})?\s*"
    rf"(?:{_Y}\s*(?:{lexicon.alternation('year_value_verbs')})?\s*[:：]?)?\s*$"
    # 12.3亿元，2021年、2020年分别为11.4亿元 / a，其中2021年为b: a year list restarts the same metric
    rf"|^\s*[，,；;]?\s*(?:其中)?\s*{_YLIST}\s*{_VERB}\s*[:：]?\s*$"
    # 由2020年的a增长至2022年的b: the end point of a from/to phrase is a stated value too
    rf"|^\s*[，,]?\s*(?:{lexicon.alternation('change_verbs')})?(?:{lexicon.alternation('change_to')})"
    rf"\s*{_YLIST}\s*{_VERB}\s*$")


def list_only(text: str, kept: list) -> list:
    """The first quantity and those continuing its list (a、b和c / 2019年a，2020年b).

    Anything else after it (其中人工费用2100万元, （含委外300万元）, 专职2名) is a
    part or a comment, not another value of the same metric.
    """
    out = kept[:1]
    for q, orig in kept[1:]:
        if not _LIST_GAP.match(text[out[-1][0].end:q.start]):
            break
        out.append((q, orig))
    return out


# ---------------------------------------------------------------- assignment
EVENT_YEAR = re.compile(lexicon.alternation("founding_words"))
YEAR_AFTER = re.compile(r"\s*[（(]\s*((?:19|20)\d{2})\s*(?:年度|年)?\s*[）)]")
_DIRECT_GAP = re.compile(rf"^[\s:：，,）)]*(?:{lexicon.alternation('direct_value_words')})?[\s:：]*$")


def _is_event(text: str, t: YearToken) -> bool:
    return bool(EVENT_YEAR.search(text[max(0, t.start - 4):t.end + 4]))


def _group_zip(text: str, qs: list, years: list[YearToken]) -> list | None:
    """Each run of quantities takes the year token written before the run.

    2022年…12.3亿元，2021年、2020年分别为11.4亿元、9.88亿元: the first run (one
    value) takes 2022, the second (two values) the list 2021、2020. A run
    whose token does not have as many years as values makes the rule fail.
    """
    groups: list[tuple[YearToken, list]] = []
    for i, q in enumerate(qs):
        lo = qs[i - 1].end if i else 0
        tok = next((t for t in reversed(years) if lo <= t.start and t.end <= q.start and not _is_event(text, t)), None)
        if tok is not None:
            groups.append((tok, [q]))
        elif groups:
            groups[-1][1].append(q)
        else:
            return None
    out: list = []
    for tok, run in groups:
        if len(tok.years) != len(run):
            return None
        out += list(tok.years)
    return out


def _has_cue(s: str, words: list[str]) -> bool:
    return any(w in s for w in words)


def assign_years(text: str, m, qs: list, years: list[YearToken], hint: int | None,
                 seq_hint: tuple[int, ...] | None = None, carry: int | None = None) -> list:
    """One year (or None, or 'total') per quantity of mention `m`."""
    c = cues()
    out: list = []
    # 1. a year written right before each quantity
    for q in qs:
        y = next((t for t in reversed(years) if t.end <= q.start and len(t.years) == 1
                  and _DIRECT_GAP.match(text[t.end:q.start])), None)
        after = YEAR_AFTER.match(text, q.end)   # 3200（2019年）
        out.append(y.years[0] if y else int(after.group(1)) if after else None)
    if all(y is not None for y in out):
        return out
    if len(qs) > 1:
        # 2. runs of values, each after its own year or year list
        zipped = _group_zip(text, qs, years)
        if zipped is not None:
            return zipped
        # 3. a list/range of as many years as quantities
        seqs = [t for t in years if len(t.years) == len(qs)]
        if seqs:
            before = [t for t in seqs if t.start < qs[0].start]
            return list((before[-1] if before else seqs[0]).years)
        if seq_hint and len(seq_hint) == len(qs) and not any(len(t.years) > 1 for t in years):
            return list(seq_hint)
        return out
    q = qs[0]
    if out[0] is not None:
        return out
    window = text[max(0, m.start - 8):q.start]
    if _has_cue(window, c["total_cues"]):
        return ["total"]
    if hint is not None:
        return [hint]
    before = [t for t in years if (t.end <= m.start or (m.end <= t.start and t.end <= q.start))
              and not _is_event(text, t)]
    if before:
        t = before[-1]
        if len(t.years) == 1:
            return [t.years[0]]
        return ["total"]  # 2019-2021年研发投入5000万元 is a sum over the range
    return [carry] if carry else [None]
