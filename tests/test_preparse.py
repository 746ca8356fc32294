"""Pre-parse checks, error mapping, OLE directory reading and safe output names."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import badinputs
from extractors.readers import ole
from extractors.readers.errors import CODES, MESSAGES, ReadError
from pipeline.batch.errors import from_exception
from extractors.readers.formats import precheck, skip_reason
from extractors.readers.limits import Limits
from pipeline.batch.safe_names import MAX_BYTES, NameAllocator, name_for, sanitize


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    return root, badinputs.generate(root)


def _code(path: Path) -> str | None:
    if skip_reason(path):
        return "skipped"
    try:
        precheck(path)
    except ReadError as exc:
        return exc.code
    return None


# Cases whose code comes from later stages (reader text gate), not from pre-parse.
_LATER = {"image_only.pdf", "cid_no_tounicode.pdf", "ideographic_space.txt", "empty_paragraphs.docx"}


def test_every_suite_case_gets_its_code_before_parsing(suite):
    root, cases = suite
    for case in cases:
        if case.name in _LATER:
            continue
        got = _code(root / case.name)
        assert got in case.expected, f"{case.name}: got {got}, expected {set(case.expected)} ({case.note})"


def test_image_only_pdf_passes_preparse_with_its_page_count(suite):
    root, _ = suite
    assert precheck(root / "image_only.pdf").pages == 1


def test_page_and_size_limits(suite):
    root, _ = suite
    with pytest.raises(ReadError) as exc:
        precheck(root / "good.pdf", Limits(max_pages=0))
    assert exc.value.code == "too_large" and "页" in exc.value.message
    with pytest.raises(ReadError) as exc:
        precheck(root / "good.pdf", Limits(max_bytes=10))
    assert exc.value.code == "too_large"


def test_legacy_word_is_routed_to_conversion(tmp_path):
    (tmp_path / "a.doc").write_bytes(badinputs.word97())
    (tmp_path / "kingsoft.wps").write_bytes(badinputs.word97())
    (tmp_path / "r.doc").write_bytes(badinputs.rtf("申报单位：某公司"))
    for name in ("a.doc", "kingsoft.wps", "r.doc"):
        assert precheck(tmp_path / name).kind == "legacy"


def test_ole_directory_lists_stream_names():
    data = badinputs.build_ole({"WordDocument": b"x" * 5000, "1Table": b"", "Data": b"y"})
    names = ole.streams(data)
    assert {"Root Entry", "WordDocument", "1Table", "Data"} <= set(names)
    assert names["WordDocument"][1] >= 5000
    with pytest.raises(ole.OleError):
        ole.streams(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600)


def test_fifo_and_missing_paths_are_skipped(tmp_path):
    import os

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    assert "普通文件" in skip_reason(fifo)
    assert skip_reason(tmp_path / "nope.pdf") is not None


# ------------------------------------------------------------------ errors
def test_every_code_has_a_chinese_message():
    assert set(MESSAGES) == CODES
    for code, msg in MESSAGES.items():
        assert re.search("[\u4e00-\u9fff]", msg), code


def test_exception_mapping_keeps_class_and_code():
    from extractors.readers.errors import ReadError

    info = from_exception(ReadError("needs_ocr"))
    assert info.code == "needs_ocr" and "OCR" in info.message and info.exception.endswith("ReadError")
    assert from_exception(MemoryError()).code == "resource_limit"
    crash = from_exception(ZeroDivisionError("x"))
    assert crash.code == "crashed" and crash.exception == "ZeroDivisionError"

    class ProgramSelectionError(Exception):
        def __init__(self):
            self.code, self.message = "program_ambiguous", "可能对应：甲项目、乙项目"
            super().__init__(self.message)

    sel = from_exception(ProgramSelectionError())
    assert sel.code == "program_ambiguous" and "甲项目" in sel.message
    import zipfile

    assert from_exception(zipfile.BadZipFile("bad")).code == "malformed"


def test_pdfplumber_wrapped_parser_errors_are_malformed_not_crashed():
    """Found by fuzz/fuzz_readers.py: a damaged object dictionary on a ruled page
    makes pdfplumber raise PdfminerException from the table path."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.psparser import PSSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    info = from_exception(PdfminerException(PSSyntaxError("Invalid dictionary construct: [/'Length\x00']")))
    assert info.code == "malformed" and "PdfminerException" in info.exception and "PSSyntaxError" in info.exception
    assert from_exception(PdfminerException(KeyError("Root"))).code == "malformed"
    assert from_exception(PdfminerException(PDFPasswordIncorrect())).code == "encrypted"
    assert from_exception(PdfminerException("no inner exception")).code == "malformed"


def test_missing_libreoffice_names_it(tmp_path, monkeypatch):
    from extractors.readers import convert

    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    (tmp_path / "a.doc").write_bytes(badinputs.word97())
    with pytest.raises(ReadError) as exc:
        convert.convert_to_docx(tmp_path / "a.doc", tmp_path)
    assert exc.value.code == "unsupported_format" and "LibreOffice" in exc.value.message


# ------------------------------------------------------------------ safe names
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def _assert_safe(name: str) -> None:
    assert name and name not in (".", "..")
    assert not re.search(r'[\x00-\x1f/\\<>:"|?*]', name)
    assert not name.startswith(".") and not name.endswith((" ", "."))
    assert len(name.encode("utf-8")) <= MAX_BYTES
    assert name.split(".")[0].upper() not in _RESERVED


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_sanitize_always_yields_a_safe_component(text):
    _assert_safe(sanitize(text))
    _assert_safe(name_for(text))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=40))
def test_chinese_names_are_kept_verbatim(text):
    assert sanitize(text + ".docx") == text + ".docx"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=30))
def test_allocator_never_collides(bases):
    alloc = NameAllocator()
    names = [alloc.allocate(str(i), b) for i, b in enumerate(bases)]
    folded = [n.casefold() for n in names]
    assert len(set(folded)) == len(names)
    assert not {"index", "summary"} & set(folded)
    for n in names:
        _assert_safe(n)


def test_known_hostile_names():
    assert name_for("../../etc/passwd") == "etc_passwd"
    assert name_for("CON.docx") == "_CON.docx"
    long = name_for("公司" * 100 + ".docx")
    assert long.endswith(".docx") and long.startswith("公司公司") and len(long.encode()) <= MAX_BYTES
    alloc = NameAllocator()
    assert alloc.allocate("x/a:b.docx", name_for("a:b.docx")) == "a_b.docx"
    assert alloc.allocate("x/a|b.docx", name_for("a|b.docx")) == "a_b~2.docx"
    assert alloc.allocate("x/A_B.docx", "A_B.docx") == "A_B~3.docx"  # case-insensitive file systems
    assert alloc.allocate("x/index", "index") == "index~2"
    assert unicodedata.is_normalized("NFC", sanitize("e\u0301.pdf"))


def _image_pdf(width: int, height: int, inflated: int) -> bytes:
    """One page drawing a Flate-compressed grey image; `inflated` bytes of zeros in its stream."""
    import zlib

    from badinputs import build_pdf

    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(b"\0" * (1 << 20)) for _ in range(inflated >> 20))
    body += comp.compress(b"\0" * (inflated & ((1 << 20) - 1))) + comp.flush()
    image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
             b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(body))
             + body + b"\nendstream")
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length 35 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream",
        image,
    ])


def test_a_600dpi_grey_scan_is_no_compression_bomb(tmp_path):
    """Issue 14.2: an A4 page at 600 dpi inflates ~1000x; its own dimensions allow that."""
    w, h = 4960, 7016
    path = tmp_path / "scan600.pdf"
    path.write_bytes(_image_pdf(w, h, w * h))
    assert precheck(path).pages == 1


def test_an_image_inflating_past_its_dimensions_is_a_bomb(tmp_path):
    path = tmp_path / "liar.pdf"
    path.write_bytes(_image_pdf(100, 100, 60 << 20))
    with pytest.raises(ReadError) as exc:
        precheck(path)
    assert exc.value.code == "zip_bomb"
