"""Issue 9's done-when checks on the corpus scans, with the real OCR engine.

Skipped where OCR cannot run (CI installs only `.[dev]`; SHENBAO_OCR=off).
Results are cached by page image (~/.cache/shenbao/ocr), so only the first run
pays for recognition (about 4 pages here). The programs are the gold guide
schemas, so a guide-extraction change cannot hide an OCR regression; the
expected decisions are the originals' gold (corpus/applications/*.gold.yaml).
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from extractors.readers import ocr

pytestmark = pytest.mark.skipif(not ocr.available(), reason="OCR extra not installed or switched off "
                                                            f"({ocr.INSTALL_HINT})")

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def corpus():
    from evaluation.corpus import load_applications, load_guides, load_scans

    guides = {c.entry.id: c.gold for c in load_guides(CORPUS, "all")}
    apps = {c.gold.id: c for c in load_applications(CORPUS, "all")}
    scans = {s.id: s for s in load_scans(CORPUS, "all")}
    return guides, apps, scans


def _screen(path: Path, schema):
    from extractors.claims import extract_claims
    from extractors.readers import read_document
    from pipeline.screen.matcher import screen

    doc = read_document(path)
    return doc, screen(schema, extract_claims(doc), ocr_pages=doc.ocr_pages)


def test_image_only_application_gets_the_decision_of_its_text_version(corpus):
    guides, apps, scans = corpus
    scan = scans["app002_scan"]  # every page an image, mild tilt and noise; gold: ineligible on 研发费用占比
    gold = apps[scan.original].gold
    schema = guides[gold.expected.guide]
    doc, by_ocr = _screen(scan.pdf, schema)
    _, by_text = _screen(apps[scan.original].files["pdf"], schema)
    assert doc.ocr_pages == list(range(1, (doc.pages or 0) + 1)) and doc.pages
    assert by_text.decision == gold.expected.decision == "ineligible"
    assert by_ocr.decision == by_text.decision
    assert by_ocr.failed_metrics == by_text.failed_metrics == gold.expected.failed_metrics
    assert any("扫描页" in w for w in by_ocr.warnings)
    failed = next(c for c in by_ocr.checks if c.status == "fail")
    assert "（经文字识别）" in failed.explanation and all(e.origin == "ocr" for e in failed.evidence)
    assert all(e.confidence is not None for e in failed.evidence)


def test_scanned_credit_commitment_page_is_not_missing(corpus):
    guides, apps, scans = corpus
    scan = scans["app003_p5scan"]  # typed PDF whose signed 信用承诺书 (p.5) is a scan
    schema = guides[apps[scan.original].gold.expected.guide]
    doc, report = _screen(scan.pdf, schema)
    assert doc.ocr_pages == [5]
    assert "信用承诺书" not in report.missing_materials
    check = next(c for c in report.checks if c.kind == "material" and "信用承诺书" in c.explanation)
    assert check.status == "pass"


def test_scanned_credit_commitment_alone_is_found_as_a_page(corpus, tmp_path):
    """Without the typed page that lists the attachments, only the scan can show the 信用承诺书."""
    import pypdfium2 as pdfium

    guides, apps, scans = corpus
    scan = scans["app003_p5scan"]
    src = pdfium.PdfDocument(str(scan.pdf))
    assert len(src) == 5
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [0, 1, 2, 4])  # drop p.4 (承诺 sentence and 附件清单), keep the scanned p.5
    buf = io.BytesIO()
    out.save(buf)
    path = tmp_path / "app003_without_list.pdf"
    path.write_bytes(buf.getvalue())
    doc, report = _screen(path, guides[apps[scan.original].gold.expected.guide])
    assert doc.ocr_pages == [4]
    assert "信用承诺书" not in report.missing_materials
    check = next(c for c in report.checks if c.kind == "material" and c.status == "pass" and "信用承诺书" in c.explanation)
    assert "（经文字识别）" in check.explanation
    assert {(e.origin, e.location.page) for e in check.evidence} == {("ocr", 4)}
