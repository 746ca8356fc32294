"""What every format backend provides, and the shared wrong-format error.

Why a separate module: the backends and the registry both need these types; keeping
them here lets the registry import the backends without an import loop.
"""
from __future__ import annotations

import mmap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from extractors.readers.errors import ReadError
from extractors.readers.limits import Limits


@dataclass(frozen=True)
class Precheck:
    """How the file is to be read: `pdf`, `docx`, `text`, or `legacy` (convert with LibreOffice)."""

    kind: str
    pages: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Backend:
    name: str
    extensions: tuple[str, ...]
    families: tuple[str, ...]  # content families this backend reads
    check: Callable[[Path, mmap.mmap, str | None, Limits, str], Precheck]
    read: Callable[[bytes, str], object] | None = None


def wrong(real: str | None, expected: str) -> ReadError:
    what = f"实际为{real}" if real else "不是可识别的文档格式"
    return ReadError("wrong_format", f"文件扩展名为{expected}，但内容{what}，请确认文件类型后重新提交。")
