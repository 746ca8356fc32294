"""One OCR set-up for the OCR tests: a private page cache, OCR switched on, no engine
left over from another test. Imported by the test modules that read through OCR."""
from __future__ import annotations

import pytest

from extractors.readers import ocr


@pytest.fixture(autouse=True)
def isolated_ocr(tmp_path, monkeypatch):
    monkeypatch.setenv(ocr.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(ocr.SWITCH_ENV, raising=False)
    ocr.set_engine(None)
    yield
    ocr.set_engine(None)
