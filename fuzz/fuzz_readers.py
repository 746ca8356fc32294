"""atheris harness for extractors.readers.read_document.

    python fuzz/make_seeds.py fuzz/seeds            # once: corpus files + the bad-input suite
    python fuzz/fuzz_readers.py fuzz/work fuzz/seeds -max_total_time=300 \
        -artifact_prefix=fuzz/crashes/ -max_len=300000 -timeout=60 -rss_limit_mb=3072
    python fuzz/fuzz_readers.py fuzz/crashes/crash-…   # reproduce one finding

Why this contract: a reader may refuse a file only with ReadError (a coded,
Chinese-explained `error` row in the batch) — any other exception reaches the
batch as `crashed`, which tells staff nothing. So every exception other than
ReadError (and FileNotFoundError, which the harness never causes) is a finding;
hangs and runaway memory are findings too (libFuzzer's -timeout and
-rss_limit_mb). The first input byte picks the file extension, so one corpus
exercises the content-vs-extension dispatch as well as each reader. OCR is
switched off (SHENBAO_OCR=off) unless the environment says otherwise: it is
slow, and what it reads is rendered pixels, not the parsers under test.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

EXTENSIONS = (".pdf", ".docx", ".txt", ".doc", ".md", ".wps", "")
INSTRUMENT = ["extractors", "docx", "pdfplumber", "pdfminer", "zipfile"]  # pypdfium2 is C: exercised, not traced

_WORK = Path(tempfile.mkdtemp(prefix="fuzz_readers_"))
_read = None
_allowed: tuple[type[BaseException], ...] = (FileNotFoundError,)


def split(data: bytes) -> tuple[str, bytes]:
    """First byte → extension, the rest → file content (make_seeds.py writes the same layout)."""
    if not data:
        return ".pdf", b""
    return EXTENSIONS[data[0] % len(EXTENSIONS)], data[1:]


def encode(ext: str, content: bytes) -> bytes:
    return bytes([EXTENSIONS.index(ext)]) + content


def test_one_input(data: bytes) -> None:
    ext, content = split(data)
    path = _WORK / f"input{ext}"
    path.write_bytes(content)
    try:
        _read(path)
    except _allowed:
        pass


def main() -> None:
    global _read, _allowed
    import atheris

    os.environ.setdefault("SHENBAO_OCR", "off")
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]  # spaCy would import it: seconds per start
    with atheris.instrument_imports(include=INSTRUMENT):
        from extractors.readers import ReadError, read_document
    _read, _allowed = read_document, (ReadError, FileNotFoundError)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
