"""Chinese wording of requirement-schema items for staff.

Why one module: the editable YAML (comments), `shenbao validate` (fixes) and the
review page must name a threshold the same way (近三年 利税总额（每年） ≥ 2000万元),
so staff recognise an item wherever they meet it. Words live in
pipeline/schema/data/yaml_labels.yaml, ids' names through pipeline.labels.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from extractors.lexicon import safe_load

from extractors import lexicon
from pipeline import labels

LABELS_FILE = Path(__file__).parent / "data" / "yaml_labels.yaml"
_LAST_N = re.compile(r"^last_(\d+)_years$")
_WITHIN_N = re.compile(r"^within_(\d+)_years$")
_YEAR = re.compile(r"^year:(\d{4})$")


@lru_cache(maxsize=None)
def words() -> dict:
    with open(LABELS_FILE, encoding="utf-8") as fh:
        return safe_load(fh)


def label(key: str) -> str | None:
    return words()["labels"].get(key)


def numeral(n: int) -> str:
    nums = words()["numerals"]
    return nums[n] if 0 <= n < len(nums) else str(n)


def period_name(period: str | None) -> str | None:
    """近三年 for last_3_years …; None for a period id that is not understood."""
    if not period:
        return None
    p = words()["periods"]
    if period in p and period not in ("last_n_years", "within_n_years", "year"):
        return p[period]
    if m := _LAST_N.match(period):
        n = int(m.group(1))
        return p["last_year"] if n == 1 else p["last_n_years"].format(n=numeral(n))
    if m := _WITHIN_N.match(period):
        return p["within_n_years"].format(n=numeral(int(m.group(1))))
    if m := _YEAR.match(period):
        return p["year"].format(y=m.group(1))
    return None



def number(value: float | int | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def threshold_text(th) -> str:
    """近三年 研发费用占销售收入比例 ≥ 3.5% — period, metric, operator, value."""
    w = words()
    parts = []
    if per := period_name(th.period) or th.period:
        parts.append(per)
    name = labels.metric_name(th.metric)
    if th.aggregation and th.aggregation in w["aggregations"]:
        name += f"（{w['aggregations'][th.aggregation]}）"
    parts.append(name)
    parts.append(w["operators"].get(th.operator, th.operator))
    parts.append(f"{number(th.value)}{th.unit}")
    return " ".join(parts)


def names(ids: list[str], vocab) -> str:
    return "、".join(vocab.name(i) for i in ids)


def applicant_type_names(ids: list[str]) -> str:
    vocab = lexicon.applicant_types()
    return "、".join(vocab.name(i) if i in vocab else i for i in ids)


def title_name(tid: str) -> str:
    for vocab in lexicon.standings().values():
        if tid in vocab:
            return vocab.name(tid)
    return tid


def short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_summary(field: str, item) -> str:
    """One line naming an item: the YAML heading comment and the review-page label."""
    w = words()
    if field in ("conditions", "members"):
        kind = getattr(item, "kind", "")
        if kind == "threshold":
            return threshold_text(item)
        if kind == "any_of":
            return f"【{w['condition_kinds']['any_of']}】" + "；或 ".join(threshold_text(m) for m in item.members)
        return f"【{w['condition_kinds'].get(kind, kind)}】{short(item.text)}"
    if field == "deadlines":
        when = item.date.isoformat() + (f" {item.time}" if item.time else "")
        return f"{w['deadline_kinds'].get(item.kind, item.kind)} {when}"
    if field == "materials":
        return item.name
    if field == "contacts":
        return " ".join(x for x in (item.unit, item.person, item.phone) if x)
    if field in ("programs", "tracks", "channels"):
        return item.name
    if field == "tasks":
        return item.title
    if field == "adjustments":
        return f"【{w['adjustment_kinds'].get(item.kind, item.kind)}】{short(item.text)}"
    if field == "unparsed":
        return f"{item.section}：{short(item.text)}"
    return short(getattr(item, "text", "") or "")


def operator_for(typed: str) -> str | None:
    """The operator code for what staff typed (≥, 不低于 …), or None."""
    typed = str(typed).strip()
    for code, aliases in words()["operator_aliases"].items():
        if typed == code or typed in aliases:
            return code
    return None
