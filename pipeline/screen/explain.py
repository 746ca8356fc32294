"""Chinese wording of screening results.

Why one module: every check explains itself the same way (figures with units,
the guide sentence it was judged against, the numbers it was computed from) so
a staff member learns one format and verifies any line in seconds.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from extractors.lexicon import safe_load

from extractors import lexicon
from models.claims import Evidence
from models.report import GuideSource
from models.schema import SourceRef

_DATA = Path(__file__).parent / "data" / "explain.yaml"
_COUNT_UNITS = {"件", "人", "家", "项", "个", "年", "次", "名", "篇"}


@lru_cache(maxsize=None)
def texts() -> dict:
    with open(_DATA, encoding="utf-8") as fh:
        return safe_load(fh) or {}



def metric_unit(metric: str, default: str = "") -> str:
    e = lexicon.metrics().entries.get(metric)
    return (e.extra.get("unit") if e else None) or default





def op_word(op: str, key: str) -> str:
    return texts()["operators"].get(op, {}).get(key, op)


def num(v: float, decimals: int = 2) -> str:
    """31500 → 31,500; 2.60 → 2.6; never scientific notation."""
    s = f"{v:,.{decimals}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def value(v: float, unit: str, near: float | None = None) -> str:
    """A figure with its unit; more decimals when rounding would hide the gap to `near`."""
    decimals = 2
    if near is not None and v != near:
        while decimals < 6 and round(v, decimals) == round(near, decimals):
            decimals += 1
    if unit in _COUNT_UNITS and float(v).is_integer():
        return f"{int(v):,}{unit}"
    return f"{num(v, decimals)}{unit}"


def years_label(years: list[int]) -> str:
    return "、".join(f"{y}年" for y in years)


def cite(src: SourceRef | None) -> str:
    """（指南：附件3 三、（一） 第5页“…”） — the guide sentence a check was judged against."""
    if src is None or not src.quote:
        return ""
    where = " ".join(p for p in (src.section.strip(), f"第{src.page}页" if src.page else "") if p)
    quote = src.quote.strip()
    if len(quote) > 160:
        quote = quote[:157] + "…"
    return f"（指南：{where + ' ' if where else ''}“{quote}”）"


def guide_source(src: SourceRef | None) -> GuideSource | None:
    if src is None:
        return None
    return GuideSource(quote=src.quote, section=src.section, page=src.page)


def where(ev: list[Evidence]) -> str:
    """申报材料第3页“…” for the first piece of evidence, to quote the applicant back."""
    if not ev:
        return ""
    e = ev[0]
    loc = e.location.label() if e.location else ""
    quote = e.quote.strip()
    if len(quote) > 80:
        quote = quote[:77] + "…"
    return f"（申报材料{loc}“{quote}”）"


def level_name(level: str | None) -> str:
    return texts()["levels"].get(level or "", level or "")
