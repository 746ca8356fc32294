"""The evaluation's OCR path when OCR cannot run, and how its figures are shown.

Why: CI installs only `.[dev]`; the evaluation must then say in one line that
the OCR path was skipped and how to enable it, and never fail.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from rich.console import Console

from evaluation.ocr_path import evaluate_ocr, grouped
from evaluation.prf import PRF, Tally
from evaluation.report import ocr_markdown, print_ocr
from extractors.readers import ocr

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _printed(o) -> str:
    buf = io.StringIO()
    print_ocr(o, Console(file=buf, width=200, highlight=False))
    return buf.getvalue()


def test_without_rapidocr_the_path_is_skipped_with_the_install_hint(monkeypatch):
    monkeypatch.delenv(ocr.SWITCH_ENV, raising=False)
    monkeypatch.setitem(sys.modules, "rapidocr", None)
    ocr.set_engine(None)
    try:
        metrics, mismatches = evaluate_ocr(CORPUS, "dev", {}, None, {})
    finally:
        ocr.set_engine(None)
    assert set(metrics) == {"skipped"} and mismatches == []
    assert "pip install -e '.[ocr]'" in metrics["skipped"]
    out = _printed(metrics).strip().splitlines()
    assert len(out) == 1 and out[0].startswith("OCR path skipped")
    assert any("pip install" in line for line in ocr_markdown(metrics))


def test_switched_off_says_so(monkeypatch):
    monkeypatch.setenv(ocr.SWITCH_ENV, "off")
    metrics, _ = evaluate_ocr(CORPUS, "dev", {}, None, {})
    assert metrics["skipped"] == "OCR switched off (SHENBAO_OCR=off)"


def test_field_groups_sum_their_fields():
    t = Tally()
    t.add("financial", PRF(8, 1, 2))
    t.add("ip_counts", PRF(2, 0, 0))
    t.add("applicant_name", PRF(1, 0, 1))
    g = grouped(t)
    assert (g["figures"]["tp"], g["figures"]["fp"], g["figures"]["fn"]) == (10, 1, 2)
    assert g["identity"]["recall"] == 0.5
    assert g["_all"]["tp"] == 11 and g["materials"]["tp"] == 0


def test_ocr_table_puts_text_and_ocr_figures_side_by_side():
    text = {"_all": PRF(10, 0, 0).as_dict(), "figures": PRF(10, 0, 0).as_dict()}
    ocr_ = {"_all": PRF(8, 1, 2).as_dict(), "figures": PRF(8, 1, 2).as_dict()}
    screening = {"text": {"accuracy": 1.0, "passed_unflagged": 0, "bad_total": 1},
                 "ocr": {"accuracy": 0.5, "passed_unflagged": 0, "bad_total": 1}, "same_decision": 1, "n": 2}
    o = {"applications": 2, "claims": {"text": text, "ocr": ocr_}, "screening": screening, "guides": {},
         "scans": [{"scan": "x_scan", "ocr_pages": 3, "gold": "ineligible", "text": "ineligible", "ocr": "needs_review",
                    "claims_text": text["_all"], "claims_ocr": ocr_["_all"], "ocr_reviews": 1, "seconds": 1.0}],
         "pages_ocr": 3, "pages_recognized": 1, "seconds": 4.2, "errors": []}
    out = _printed(o)
    assert "│ figures │  1.000 │  1.000 │ 0.889 │ 0.800 │" in out  # 8/(8+1), 8/(8+2)
    assert "text version's decision: 1 of 2" in out
    assert "x_scan (OCR pages: 3): gold ineligible · text ineligible · OCR needs_review" in out
    assert "1 recognized this run, 2 from the cache" in out
    md = "\n".join(ocr_markdown(o))
    assert "| figures | 1.000 | 1.000 | 0.889 | 0.800 | 8/1/2 |" in md
