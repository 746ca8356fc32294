"""Inputs the reader fuzzer once crashed on: each must now read or fail with a ReadError."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from extractors.readers import ReadError, read_document

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fuzz"))
from fuzz_readers import EXTENSIONS  # noqa: E402

CRASHES = sorted((ROOT / "fuzz" / "crashes").glob("crash-*"))


@pytest.mark.parametrize("path", CRASHES, ids=lambda p: p.name[:16])
def test_former_crash_is_a_clean_outcome(path, tmp_path):
    data = path.read_bytes()
    target = tmp_path / f"input{EXTENSIONS[data[0] % len(EXTENSIONS)]}"
    target.write_bytes(data[1:])
    try:
        doc = read_document(target)
    except ReadError as exc:
        assert exc.code in {"malformed", "wrong_format", "encrypted", "empty_file", "unsupported_format",
                            "needs_ocr", "text_unreliable", "zip_bomb", "too_large"}
    else:
        assert doc.text is not None


def test_there_are_regression_inputs():
    assert len(CRASHES) >= 3
