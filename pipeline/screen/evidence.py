"""Evidence passages for the checks a person must look at.

Why: for `review` and `missing` checks the reviewer's time goes into finding
where in a long submission the applicant addresses the condition. The
semantic layer ranks the submission's passages against the condition's own
words; the cache keeps a guide's condition vectors across submissions, so a
batch never re-encodes the guide per file.
"""
from __future__ import annotations

import re

from models.document import Document
from models.report import Check, ScreeningReport
from pipeline.screen import explain

K = 3
_CACHE: dict = {}  # per process: condition texts and passages keyed by content hash


def _query(check: Check) -> str:
    if check.guide_source and check.guide_source.quote:
        return check.guide_source.quote
    return check.explanation


def add_passages(report: ScreeningReport, doc: Document, embedder=None, k: int = K) -> ScreeningReport:
    """Copy of `report` whose review/missing checks carry the top-k passages."""
    from extractors.semantic.retrieval import top_passages

    if len(_CACHE) > 20000:  # long batches: keep the cache bounded
        _CACHE.clear()
    checks = []
    for c in report.checks:
        if c.status in ("review", "missing") and c.kind != "material":
            found = [p for p in top_passages(_query(c), doc, k=k + 2, embedder=embedder, cache=_CACHE)
                     if not _signature_block(p.text)][:k]
            support = None if c.evidence or not found else ("related" if any(_restates(c, p.text) for p in found) else "weak")
            if support == "related":  # the passage that restates the condition first
                found.sort(key=lambda p: not _restates(c, p.text))
            c = c.model_copy(update={"passages": found, "passage_support": support})
        checks.append(c)
    return report.model_copy(update={"checks": checks})


def _signature_block(text: str) -> bool:
    """法定代表人（签字）：… 单位（盖章） 日期：…: a signature or stamp block says nothing about a condition."""
    words = explain.texts().get("signature_words", [])
    hits = sum(1 for w in words if w in text)
    return hits >= 2 or (hits >= 1 and len(text.strip()) <= 40)


_STOP = re.compile(r"[\s，,。；;：:、（）()“”\"]+")


def _restates(c: Check, passage: str) -> bool:
    """The passage repeats a run of the condition's own words (at least 4 characters
    beyond the boilerplate every application repeats): a related statement to verify."""
    cond = c.guide_source.quote if c.guide_source and c.guide_source.quote else c.explanation
    a = _STOP.sub("", cond)
    for w in explain.texts().get("boilerplate_words", []):
        a = a.replace(w, "|")
    b = _STOP.sub("", passage)
    return any(len(part) >= 4 and any(part[i:i + 4] in b for i in range(len(part) - 3)) for part in a.split("|"))
