"""What screening may conclude when part of a submission was not read.

Why: a page without a text layer (a scan, with no OCR installed), a scanned image in
a Word file or an unreadable attachment may hold exactly the fact or the material a
check looks for. Absence of evidence in what was read is then no evidence of absence:
a `missing` check (材料不全, a required fact not stated) becomes `review` and says which
parts were not read, and the submission is never `eligible` (an exclusion may be on
the unread page); a `fail` decided by what was read stands. The reader names the
unread parts (models.document.Document.unread); the batch worker passes them on.
"""
from __future__ import annotations

from models.report import Check, Decision
from pipeline.screen import explain


def _texts() -> dict:
    """The two sentences, from explain.yaml only: a missing key is an error, not a
    second copy of the wording here that drifts from the data file."""
    return explain.texts()["unread_texts"]


def where(unread: list[str]) -> str:
    return "、".join(dict.fromkeys(u for u in unread if u))


def guard(checks: list[Check], unread: list[str]) -> list[Check]:
    """`missing` → `review` (nested alternatives too) when some content was not read."""
    if not unread:
        return checks
    note = _texts()["review_note"].format(where=where(unread))
    return [_review(c, note) for c in checks]


def _review(c: Check, note: str) -> Check:
    alts = [_review(a, note) for a in c.alternatives]
    if c.status != "missing":
        return c.model_copy(update={"alternatives": alts}) if alts != c.alternatives else c
    return c.model_copy(update={"status": "review", "explanation": c.explanation + note, "alternatives": alts})


def cap(decision: Decision, unread: list[str]) -> Decision:
    """No `eligible` on a submission part of which was not read."""
    return "needs_review" if unread and decision == "eligible" else decision


def warning(unread: list[str]) -> str | None:
    if not unread:
        return None
    return _texts()["warning"].format(where=where(unread))
