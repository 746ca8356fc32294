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


# Emptiness, decided by one rule for the batch's pre-read gate and the single-file reader:
# a file of nothing but whitespace, NUL bytes and byte-order marks (looked at up to
# BLANK_SCAN bytes) before reading; a document without any text after reading.
BLANK_BYTES = b" \t\r\n\x00\x0b\x0c\xef\xbb\xbf\xff\xfe"
BLANK_SCAN = 4 * 1024 * 1024
BLANK_MESSAGE = "文件只有空白内容，没有任何文字，请索取完整文件后重新提交。"
NO_TEXT_MESSAGE = "文件中没有可读取的文字内容，请索取完整文件后重新提交。"


def is_blank(data) -> bool:
    """Only whitespace/NUL/BOM bytes (a file over BLANK_SCAN bytes is never called blank here:
    its emptiness is found after reading, by `require_text`)."""
    return len(data) <= BLANK_SCAN and not bytes(data).strip(BLANK_BYTES)


def require_text(doc):
    """The document, or `empty_file` when reading found no text at all (a .doc converted
    to an empty page, a .docx of empty paragraphs): never an applicant who states nothing."""
    if not (getattr(doc, "text", "") or "").strip():
        raise ReadError("empty_file", NO_TEXT_MESSAGE)
    return doc
