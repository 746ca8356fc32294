"""Chinese names of everything staff read: decisions, statuses, check kinds, changes,
schema item types, and the names of metric, material, applicant-type and standing ids.

Why one module fed by one data file (pipeline/data/labels.yaml): the same decision
must be called the same in the report, the summary table, the spreadsheet, the
overview page and the terminal; labels kept in several modules drifted apart
(需人工审核 vs 需人工核查). Ids' names come from the extractors' lexicon files,
looked up here once; an id with no name is shown as itself, never dropped.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from extractors.lexicon import safe_load

from extractors import lexicon

DATA = Path(__file__).parent / "data" / "labels.yaml"


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    with open(DATA, encoding="utf-8") as fh:
        return safe_load(fh)


def decisions() -> dict[str, str]:
    """decision id → name, in the order summaries list them."""
    return table()["decisions"]


def decision(d: str) -> str:
    return decisions().get(d, d)


def statuses() -> dict[str, str]:
    return table()["statuses"]


def status(s: str) -> str:
    return statuses().get(s, s)


def check_kinds() -> dict[str, str]:
    return table()["check_kinds"]


def change(c: str) -> str:
    return table()["changes"].get(c, c)


def changes() -> dict[str, str]:
    return table()["changes"]


def schema_field(f: str) -> str:
    return table()["schema_fields"].get(f, f)


def metric_name(metric: str) -> str:
    return lexicon.metrics().name(metric)


def material_name(material: str) -> str:
    return lexicon.materials().name(material)


def type_name(type_id: str) -> str:
    return lexicon.applicant_types().name(type_id)


def standing_name(sid: str) -> str:
    for vocab in lexicon.standings().values():
        if sid in vocab:
            return vocab.name(sid)
    return sid
