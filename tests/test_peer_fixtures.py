"""Issue 14 (Also): a regression suite of real-world files from other projects' tests.

tests/data/peer/ holds a small, license-compatible subset of the peer suites that
benchmarks/peer_suites.py runs in full (encrypted, rights-managed, damaged, scanned,
rotated, CJK, empty, forms, legacy Word); tests/data/peer/LICENSES.md records for each
file its project, commit, path and license. Every file is classified by the single-file
reader (`read_document`, as `shenbao claims` reads it) and by one batch run with the
real stages, and:

- nothing crashes, times out or runs out of memory; every file gets a named status;
- the batch and the single-file reader classify every file alike (a legacy .doc the
  batch converts with LibreOffice is declined, with instructions, by the reader);
- no verdict rests on content that was not read: a file the reader refuses gets no
  decision, and one of which a part was not read (Document.unread) is never
  `incomplete` or `eligible` (conclusions from absence);
- each file keeps the classification it has now (a change must be looked at).
"""
from __future__ import annotations

import re
import shutil
import signal
from pathlib import Path

import pytest

from extractors.readers import ReadError, ocr, read_document
from extractors.readers.errors import CODES
from extractors.readers.formats import precheck

PEER = Path(__file__).parent / "data" / "peer"
GUIDE = Path(__file__).resolve().parent.parent / "corpus" / "guides" / "js2026_hvp" / "guide.pdf"
FILES = sorted(p.relative_to(PEER).as_posix() for p in PEER.rglob("*")
               if p.is_file() and p.parent.name != "licenses" and p.name != "LICENSES.md")
LICENSES = {"MIT", "BSD-3-Clause", "Apache-2.0"}
SCREENING = {"program_not_found", "program_ambiguous"}  # read; the guide did not fit
FAILURES = {"crashed", "timeout", "resource_limit"}
UNREAD_WORDS = re.compile("未读取|没有文字层|仍无文字")

# What each file is now: None = read (screened), else the error code. Scans need OCR
# (read when the OCR extra is installed, so only pinned without it).
EXPECTED: dict[str, str | None] = {
    "docling/Strict.docx": None,                                # OOXML Strict
    "docling/docx_checkboxes.docx": None,                       # form check boxes
    "docling/ocr_test.pdf": "needs_ocr",                        # scanned page
    "docling/ocr_test_rotated_90.pdf": "needs_ocr",             # rotated scan
    "pdf.js/noembed-identity.pdf": None,                        # Japanese, Identity-H, font not embedded
    "pdf.js/vertical.pdf": None,                                # Japanese vertical writing
    "pdfminer.six/AcroForm_TEST.pdf": None,                     # AcroForm fields
    "pdfminer.six/aes-256.pdf": "encrypted",                    # AES-256 user password
    "pdfminer.six/issue-449-vertical.pdf": None,                # vertical text
    "pdfminer.six/zen_of_python_corrupted.pdf": None,           # damaged, recoverable
    "pdfplumber/empty.pdf": "empty_file",                       # zero bytes
    "pdfplumber/malformed-from-issue-932.pdf": "needs_ocr",     # no usable text layer
    "pdfplumber/nics-background-checks-2015-11-rotated.pdf": None,  # rotated table page
    "pypdf/r2-empty-password.pdf": None,                        # RC4, empty user password
    "pypdf/r6-user-password.pdf": "encrypted",                  # AES-256 R6 user password
    "qpdf/V4-aes.pdf": "empty_file",                            # AES owner-only; every page's text is a running header
    "qpdf/append-xref-loop.pdf": None,                          # xref chain that loops
    "qpdf/bad1.pdf": "wrong_format",                            # five bytes, no PDF header
    "qpdf/damaged-stream.pdf": None,                            # a damaged content stream
    "qpdf/form-filled-by-acrobat.pdf": None,                    # filled form
    "qpdf/page-no-content.pdf": "empty_file",                   # a page without /Contents
    "qpdf/rotated.pdf": None,  # rotated pages, read as displayed since issue 12: "Original page N" lines are its text
    "qpdf/tokenize-content-streams.pdf": None,                  # a text page and an image-only page (unread)
    "tika/testMicrosoftIRMServices.pdf": "encrypted",           # IRM wrapper: pages are a notice
    "tika/testOCR.pdf": "needs_ocr",                            # scanned page
    "tika/win1252-testTXT_win-1252.txt": None,                  # Windows-1252 text (renamed: pytest collects test*.txt)
    "tika/testWORD.doc": None,                                  # legacy Word, converted by the batch
    "tika/testWORD_embeded.docx": None,                         # a pasted scan (unread without OCR)
    "tika/testWORD_phonetic.docx": None,                        # Japanese with ruby
    "tika/testWORD_protected_drm.doc": "encrypted",             # rights-managed .doc
    "tika/testWORD_protected_passtika.docx": "encrypted",       # password-protected .docx
    "tika/testWORD_truncated.docx": "malformed",                # cut zip
    "tika/testWORKS.wps": "unsupported_format",                 # Microsoft Works, not WPS Office
}
PARTLY_UNREAD = {"qpdf/tokenize-content-streams.pdf", "tika/testWORD_embeded.docx"}


def _legacy(path: Path) -> bool:
    try:
        return precheck(path).kind == "legacy"
    except ReadError:
        return False


def _alarm(signum, frame):
    raise TimeoutError("single-file read took over 60 s")


@pytest.fixture(scope="module")
def single() -> dict[str, dict]:
    """read_document per file, as `shenbao claims` reads it (a hang fails, it does not stall)."""
    out: dict[str, dict] = {}
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        for rel in FILES:
            signal.alarm(60)
            try:
                doc = read_document(PEER / rel)
                out[rel] = {"code": None, "unread": list(doc.unread), "warnings": list(doc.warnings)}
            except ReadError as exc:
                out[rel] = {"code": exc.code}
            except Exception as exc:  # noqa: BLE001 - a crash is what the test looks for
                out[rel] = {"code": "crashed", "detail": f"{type(exc).__name__}: {exc}"}
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, old)
    return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict:
    """One batch run with the real stages over a copy of the fixtures (the license texts left out)."""
    from pipeline.batch.run import BatchOptions, load_guide, run_batch

    root = tmp_path_factory.mktemp("peer")
    for rel in FILES:
        (root / "in" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PEER / rel, root / "in" / rel)
    opts = BatchOptions(guide=load_guide(GUIDE), out_dir=root / "out", workers=2, timeout_s=60, progress=False,
                        guide_file=GUIDE)
    result = run_batch(sorted((root / "in").iterdir()), opts)  # rows named source/file
    return {row.file: row for row in result.rows}


def test_every_fixture_has_its_source_and_a_permissive_license():
    text = (PEER / "LICENSES.md").read_text(encoding="utf-8")
    listed = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[0].startswith("`") and cells[0] != "`file`":
            listed[cells[0].strip("`")] = cells
    assert set(listed) == set(FILES)
    for name, (_, project, commit, path, lic, *_) in listed.items():
        assert lic in LICENSES, (name, lic)
        assert re.fullmatch(r"`[0-9a-f]{12,40}`", commit), (name, commit)
        assert name.endswith(Path(path.strip("`")).name) and "github.com/" in project, name
        assert (PEER / "licenses" / f"{name.split('/')[0]}.txt").is_file(), name
    assert sum((PEER / f).stat().st_size for f in FILES) < 5 * 1024 * 1024


def test_single_file_reader_names_every_outcome(single):
    assert set(single) == set(FILES)
    crashed = {rel: r for rel, r in single.items() if r["code"] in FAILURES}
    assert not crashed
    assert all(r["code"] is None or r["code"] in CODES for r in single.values())


def test_batch_gives_every_file_a_named_row_and_never_fails(batch):
    assert set(batch) == set(FILES)
    failed = {rel: (row.error_code, row.error_message) for rel, row in batch.items() if row.error_code in FAILURES}
    assert not failed
    for rel, row in batch.items():
        assert (row.decision == "error") == bool(row.error_code), rel
        assert not row.error_code or (row.error_code in CODES and row.error_message), rel


def test_single_file_and_batch_classify_alike(single, batch):
    differ = []
    for rel in FILES:
        b = batch[rel].error_code or None
        b = None if b in SCREENING else b
        s = single[rel]["code"]
        if b != s and not (s == "unsupported_format" and b is None and _legacy(PEER / rel)):
            differ.append((rel, b, s))
    assert not differ


def test_no_verdict_on_content_that_was_not_read(single, batch):
    wrong = []
    for rel in FILES:
        row, s = batch[rel], single[rel]
        if row.decision == "error":
            continue
        if s["code"] and not (s["code"] == "unsupported_format" and _legacy(PEER / rel)):
            wrong.append((rel, row.decision, f"reader: {s['code']}"))
        partly = s.get("unread") or UNREAD_WORDS.search(row.warnings or "")
        if partly and row.decision in ("incomplete", "eligible"):
            wrong.append((rel, row.decision, f"unread: {s.get('unread')}"))
    assert not wrong
    for rel in PARTLY_UNREAD if not ocr.available() else ():  # the two files that exercise the rule
        assert single[rel]["unread"], rel
        assert batch[rel].decision not in ("incomplete", "eligible", "error"), rel


def test_each_fixture_keeps_its_classification(single, batch):
    assert set(EXPECTED) == set(FILES), "a new fixture needs its expected classification here"
    changed = []
    for rel, want in EXPECTED.items():
        if want == "needs_ocr" and ocr.available():
            continue  # read by OCR where the extra is installed
        b = batch[rel].error_code or None
        got = None if b in SCREENING else b
        if got != want:
            changed.append((rel, want, got, batch[rel].error_message))
    assert not changed
