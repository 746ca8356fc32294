"""Issue 14: no verdict rests on content that was not read.

Found on the peer suites (benchmarks/peer_suites.py): a PDF with text pages and pages
the reader could not read (scans without OCR, text without a Unicode map) was screened
`incomplete` (材料不全) although the material may be on the unread page, and blank
pages (a separator, the back of a sheet) were named as unread scans. Now the reader
names only pages holding unread content (`Document.unread`), and screening turns a
`missing` into `review` and never says `eligible` while anything was not read.
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

import badinputs
from extractors.readers import read_document

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
APP = CORPUS / "applications" / "app017.pdf"  # gold: incomplete (a material missing)


def _with_pages(base: Path, extra: list[bytes], out: Path) -> Path:
    """`base` with one-page PDFs `extra` appended."""
    pdf = pdfium.PdfDocument(str(base))
    for data in extra:
        pdf.import_pages(pdfium.PdfDocument(data))
    pdf.save(str(out))
    return out


def _blank_page() -> bytes:
    return badinputs.build_pdf(badinputs._page_objects(b""))


@pytest.fixture(scope="module")
def schema():
    import yaml

    from evaluation.corpus import load_guides

    expected = yaml.safe_load((APP.with_suffix(".gold.yaml")).read_text(encoding="utf-8"))["expected"]
    assert expected["decision"] == "incomplete"
    return next(c.gold for c in load_guides(CORPUS, "all") if c.entry.id == expected["guide"])


def _screen(path: Path, schema, **kw):
    from extractors.claims import extract_claims
    from pipeline.screen.matcher import screen

    doc = read_document(path)
    return doc, screen(schema, extract_claims(doc), ocr_pages=doc.ocr_pages, unread=doc.unread, **kw)


def test_a_blank_page_is_not_unread_content(tmp_path, monkeypatch):
    monkeypatch.setenv("SHENBAO_OCR", "off")
    n = len(pdfium.PdfDocument(str(APP)))
    doc = read_document(_with_pages(APP, [_blank_page()], tmp_path / "blank.pdf"))
    assert doc.pages == n + 1
    assert doc.unread == [] and not any("没有文字层" in w for w in doc.warnings)


def test_a_scanned_page_without_ocr_is_named_unread(tmp_path, monkeypatch):
    monkeypatch.setenv("SHENBAO_OCR", "off")
    n = len(pdfium.PdfDocument(str(APP)))
    doc = read_document(_with_pages(APP, [_blank_page(), badinputs.image_only_pdf()], tmp_path / "scan.pdf"))
    assert doc.unread == [f"第{n + 2}页"]
    assert any(f"第{n + 2}页没有文字层" in w for w in doc.warnings)


def test_no_missing_verdict_when_a_page_was_not_read(tmp_path, monkeypatch, schema):
    monkeypatch.setenv("SHENBAO_OCR", "off")
    _, whole = _screen(APP, schema)
    assert whole.decision == "incomplete" and whole.missing_materials  # the text version, as gold says
    doc, part = _screen(_with_pages(APP, [badinputs.image_only_pdf()], tmp_path / "scan.pdf"), schema)
    assert doc.unread
    assert part.decision not in ("incomplete", "eligible")
    assert not any(c.status == "missing" for c in part.checks) and not part.missing_materials
    was_missing = {c.condition_id for c in whole.checks if c.status == "missing"}
    for c in part.checks:
        if c.condition_id in was_missing:
            assert c.status == "review" and "未读取" in c.explanation, c
    assert any("未读取" in w and "不作“缺失”结论" in w for w in part.warnings)


def test_never_eligible_while_content_was_not_read():
    from pipeline.screen.checks import unread

    assert unread.cap("eligible", ["第2页"]) == "needs_review"
    assert unread.cap("eligible", []) == "eligible"
    assert unread.cap("ineligible", ["第2页"]) == "ineligible"  # decided by what was read


def test_a_rights_managed_pdf_is_encrypted_not_screened_on_its_notice(tmp_path):
    """Found in Apache Tika's fixtures: an IRM-protected PDF is a PDF 2.0 unencrypted wrapper
    whose page only says "This PDF file is protected"; it was read and screened."""
    from extractors.readers import ReadError
    from extractors.readers.formats import precheck

    path = tmp_path / "protected.pdf"
    path.write_bytes(badinputs.irm_wrapper_pdf())
    with pytest.raises(ReadError) as single:
        read_document(path)
    with pytest.raises(ReadError) as gate:
        precheck(path)
    assert single.value.code == gate.value.code == "encrypted"
    assert "权限保护" in single.value.message


def test_a_page_of_spaces_is_blank_but_undecodable_text_is_unread(tmp_path, monkeypatch):
    """A blank page exported from Word may hold a text object of spaces: nothing unread.
    A mis-encoded page has text, and it is unread."""
    from extractors.readers.pdf_pages import holds_unread, page_is_unusable

    monkeypatch.setenv("SHENBAO_OCR", "off")
    spaces = badinputs.build_pdf(badinputs._page_objects(b"BT /F1 12 Tf 72 770 Td (   ) Tj ET"))
    doc = read_document(_with_pages(APP, [spaces], tmp_path / "spaces.pdf"))
    assert doc.unread == []
    garbled = pdfium.PdfDocument(badinputs.cid_font_pdf())[0]  # CID font without a Unicode map: mojibake
    text = garbled.get_textpage().get_text_range()
    assert page_is_unusable(text, garbled) and holds_unread(text, garbled)
    blank = pdfium.PdfDocument(_blank_page())[0]
    assert page_is_unusable("", blank) and not holds_unread("", blank)
