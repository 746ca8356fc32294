"""Issue 14.5: the single-file commands and the batch classify every file alike.

The batch runs the pre-read gate (`formats.precheck`) and then the reader with the
emptiness rule (`require_text`); `shenbao claims`/`guide` call `read_document`. For
every case of the bad-input suite both must end with the same error code, or both
read the file.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import badinputs
from extractors.readers import read_document
from extractors.readers.errors import ReadError
from extractors.readers.formats import precheck, require_text, skip_reason

_OCR = badinputs.ocr_installed()


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    root = tmp_path_factory.mktemp("consistency")
    return root, badinputs.generate(root)


def batch_code(path: Path) -> str | None:
    """What the batch worker reports (legacy formats aside: those are converted first)."""
    try:
        pre = precheck(path)
        if pre.kind == "legacy":
            return "legacy"
        require_text(read_document(path))
    except ReadError as exc:
        return exc.code
    return None


def single_code(path: Path) -> str | None:
    try:
        read_document(path)
    except ReadError as exc:
        return exc.code
    return None


def test_single_file_and_batch_classify_every_bad_input_alike(suite):
    root, cases = suite
    differ = []
    for case in cases:
        path = root / case.name
        if skip_reason(path):
            continue
        batch, single = batch_code(path), single_code(path)
        if batch == "legacy":  # the batch converts with LibreOffice; the reader explains how
            assert single in ("unsupported_format", "encrypted"), (case.name, single)
            continue
        if batch != single:
            differ.append((case.name, batch, single))
        assert batch in case.codes(_OCR), f"{case.name}: batch {batch} not in {set(case.codes(_OCR))} ({case.note})"
    assert not differ, differ


@pytest.mark.parametrize("name, code", [
    ("encrypted_ole_lowercase.docx", "encrypted"), ("encrypted_ole_lowercase.doc", "encrypted"),
    ("irm_protected.doc", "encrypted"), ("strict.docx", None), ("macro.docm", None), ("template.dotx", None),
    ("english.pdf", None), ("cp1252.txt", None), ("bom_only.txt", "empty_file"), ("nul_only.txt", "empty_file"),
    ("ideographic_space.txt", "empty_file"), ("empty_paragraphs.docx", "empty_file"), ("tiny.txt", None),
    ("notes.markdown", None),
])
def test_issue_14_5_labels(suite, name, code):
    root, _ = suite
    assert single_code(root / name) == code
    if not name.endswith(".doc"):
        assert batch_code(root / name) == code
    else:
        with pytest.raises(ReadError) as exc:
            precheck(root / name)
        assert exc.value.code == code


def test_strict_docm_and_dotx_content_is_read(suite):
    root, _ = suite
    assert "严格格式有限公司" in read_document(root / "strict.docx").text
    assert "宏文档有限公司" in read_document(root / "macro.docm").text
    assert "模板文档有限公司" in read_document(root / "template.dotx").text


def test_english_pdf_and_cp1252_text_are_read(suite):
    root, _ = suite
    assert "recycled polymers" in read_document(root / "english.pdf").text
    assert "Café Résumé" in read_document(root / "cp1252.txt").text


def test_garbled_latin_is_still_unreliable():
    from extractors.readers.pdf_pages import is_mojibake

    assert is_mojibake("ÃÂ¤Ã¥Â¼Ã¦ÂÂ°Ã©ÂÂ¨Ã¨Â¯ÂÃ§Â§ÂÃ¦ÂÂÃ¦ÂÂÃ©ÂÂÃ¥ÂÂ¬Ã¥ÂÂ¸" * 3)
    assert is_mojibake("BCDFG HJKLM NPQRS TVWXZ BCDFG HJKLM NPQRS TVWXZ bcdfg hjklm")  # glyph ids, no vowels
    assert not is_mojibake("This application describes a research and development project on recycled polymers.")
    assert not is_mojibake("申报单位：江苏某某科技有限公司，研发费用占比5%")
