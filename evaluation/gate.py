"""The CI gate: headline figures must stay above the floors in floors.yaml."""
from __future__ import annotations

from pathlib import Path

from extractors.lexicon import safe_load

FLOORS = Path(__file__).with_name("floors.yaml")


def load_floors(path: Path = FLOORS) -> dict:
    with open(path, encoding="utf-8") as fh:
        return safe_load(fh) or {}


def _get(metrics: dict, dotted: str):
    cur = metrics
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def check_floors(metrics: dict, floors: dict) -> list[str]:
    """Human-readable failures; empty when the gate passes. A missing figure fails."""
    out = []
    for key, floor in (floors.get("min") or {}).items():
        v = _get(metrics, key)
        if v is None or v < floor:
            out.append(f"{key} = {v} < 下限 {floor}")
    for key, ceil in (floors.get("max") or {}).items():
        v = _get(metrics, key)
        if v is None or v > ceil:
            out.append(f"{key} = {v} > 上限 {ceil}")
    return out
