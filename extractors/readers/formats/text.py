"""Plain text (.txt, .md): the pre-read gate; the reader is extractors.readers.text.

Why a gate: a binary file renamed .txt must be refused with its real format named,
not decoded into garbage that looks like an applicant saying nothing.
"""
from __future__ import annotations

import mmap
from pathlib import Path

from extractors.readers.formats.base import Backend, Precheck, wrong
from extractors.readers.limits import Limits


def check(path: Path, data: mmap.mmap, real: str | None, limits: Limits, ext: str = ".txt") -> Precheck:
    head = bytes(data[:4096])
    if real and not real.startswith("HTML"):
        raise wrong(real, "文本")
    if b"\x00" in head[:8192] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise wrong(None, "文本")
    return Precheck("text")


BACKEND = Backend("text", (".txt", ".md"), ("text",), check, None)
