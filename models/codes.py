"""Why a file ended without a verdict: the `code` of a report's error (models.report.ErrorInfo).

Why its own module: the readers raise these codes (extractors.readers.errors) and are
imported by `shenbao guide`, which needs no report model; importing models.report for
the list built the report and claims models too (issue 15: a fresh guide in ≤ 1 s).
"""
from __future__ import annotations

from typing import Literal

ErrorCode = Literal[
    "empty_file", "wrong_format", "unsupported_format", "encrypted", "malformed", "too_large", "zip_bomb",
    "timeout", "resource_limit", "needs_ocr", "text_unreliable", "crashed", "skipped", "program_not_found",
    "program_ambiguous",
]
