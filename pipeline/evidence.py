"""Evidence passages for the checks a person must look at.

Why: for `review` and `missing` checks the reviewer's time goes into finding
where in a long submission the applicant addresses the condition. The
semantic layer ranks the submission's passages against the condition's own
words; the cache keeps a guide's condition vectors across submissions, so a
batch never re-encodes the guide per file.
"""
from __future__ import annotations

from models.document import Document
from models.report import Check, ScreeningReport

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
            c = c.model_copy(update={"passages": top_passages(_query(c), doc, k=k, embedder=embedder, cache=_CACHE)})
        checks.append(c)
    return report.model_copy(update={"checks": checks})
