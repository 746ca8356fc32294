"""The reader registry: one signature table, one backend per format, one gate for batch and reader."""
from __future__ import annotations

import pytest

from extractors.readers import ReadError, formats, read_document
from extractors.readers.errors import CODES, MESSAGES


def test_every_supported_extension_has_exactly_one_backend():
    seen = {}
    for backend in formats.BACKENDS:
        for ext in backend.extensions:
            assert ext not in seen, f"{ext} claimed by {seen.get(ext)} and {backend.name}"
            seen[ext] = backend.name
    assert set(formats.SUPPORTED) == set(seen)
    assert {".pdf", ".docx", ".doc", ".wps", ".txt", ".md"} <= set(seen)


@pytest.mark.parametrize("head,family", [
    (b"%PDF-1.7\n", "pdf"), (b"junk" * 10 + b"%PDF-1.4", "pdf"), (b"PK\x03\x04rest", "zip"),
    (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 8, "ole"), (b"\x89PNG\r\n", "image"), (b"GIF89a", "image"),
    (b"{\\rtf1\\ansi", "rtf"), (b"Rar!\x1a\x07", "archive"), (b"<!DOCTYPE html><p>x", "text"),
])
def test_signatures_name_the_real_content(head, family):
    sig = formats.identify(head)
    assert sig is not None and sig.family == family


def test_plain_words_have_no_signature():
    assert formats.identify("申报书正文".encode("utf-8")) is None


@pytest.mark.parametrize("name,content", [
    ("a.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    ("b.docx", b"%PDF-1.4\n" + b"x" * 64),
    ("c.txt", b"Rar!\x1a\x07\x00" + b"\0" * 64),
])
def test_gate_and_reader_agree_on_a_misnamed_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError) as gate:
        formats.precheck(path)
    with pytest.raises(ReadError) as reader:
        read_document(path)
    assert gate.value.code == reader.value.code == "wrong_format"
    label = formats.identify(content).label
    assert label in gate.value.message and label in reader.value.message


def test_one_message_per_error_code():
    assert set(MESSAGES) == set(CODES)
    assert all(m.endswith("。") for m in MESSAGES.values())
