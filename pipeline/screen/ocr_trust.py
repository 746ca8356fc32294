"""How far text read off a scan is trusted: the confidence floor and how a confidence is shown.

Why public and apart from the checks: screening applies the floor (a `fail` decided only by
low-confidence OCR becomes `review`), and the report page marks the same quotes; both read
the one floor from pipeline/screen/data/explain.yaml (`ocr_review_below`) through here.
"""
from __future__ import annotations

import math

from models.claims import Evidence
from pipeline.screen import explain


def floor() -> float:
    return float(explain.texts().get("ocr_review_below", 0.85))


def words() -> dict:
    return explain.texts().get("ocr_texts", {})


def confidence_label(ev: list[Evidence]) -> str:
    """Lowest confidence, cut (not rounded) to two decimals so 0.849 never reads as the floor 0.85."""
    known = [e.confidence for e in ev if e.confidence is not None]
    if not known:
        return words().get("unknown_confidence", "未知")
    return f"{math.floor(min(known) * 100) / 100:.2f}"
