"""Plain text (.txt, .md): the pre-read gate; the reader is extractors.readers.text.

Why a gate: a binary file renamed .txt must be refused with its real format named,
not decoded into garbage that looks like an applicant saying nothing.
"""
from __future__ import annotations

import mmap
from pathlib import Path

from extractors.readers.formats.base import Backend, Precheck, wrong
from extractors.readers.limits import Limits
from extractors.readers.text import looks_textual


def check(path: Path, data: mmap.mmap, real: str | None, limits: Limits, ext: str = ".txt") -> Precheck:
    if real and not real.startswith("HTML"):
        raise wrong(real, "文本")
    if not looks_textual(data):
        raise wrong(None, "文本")
    return Precheck("text")


BACKEND = Backend("text", (".txt", ".md", ".markdown", ".text"), ("text",), check, None)
