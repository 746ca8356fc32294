"""The reader registry: which formats exist, how each is recognized, checked and read.

Why one registry: "can we read this file?" used to be answered twice, by the batch's
pre-read checks and by the readers, each with its own signature table, OLE parser,
error class and limits. Now every format is one backend module here with

- `extensions` it is submitted under and the content families it accepts,
- `check(path, data, real, limits, ext)`: the pre-read gate — magic bytes, container
  structure, limits — in well under a second and before any parser (pdfminer inflates
  streams without a cap, python-docx reads zip parts whole), returning a `Precheck`
  or raising `ReadError` with the code to report,
- `read(data, source)`: bytes → `models.document.Document`.

The signature table below is the only place that knows file signatures. A new format
is one module in this package, one line in `BACKENDS`, and one test file.
"""
from __future__ import annotations

import mmap
import os
import stat
from pathlib import Path

from extractors.readers.signatures import HTML_LABEL, SIGNATURES, Signature, identify, sniff  # noqa: F401  (the registry's API)
from extractors.readers.errors import ReadError
from extractors.readers.formats import docx, legacy, pdf, text
from extractors.readers.formats.base import BLANK_MESSAGE, Backend, Precheck, is_blank, require_text, wrong
from extractors.readers.limits import DEFAULT, Limits

__all__ = ["BACKENDS", "Precheck", "ReadError", "SUPPORTED", "identify", "is_blank", "precheck", "require_text",
           "skip_reason", "sniff", "wrong"]


BACKENDS: list[Backend] = [pdf.BACKEND, docx.BACKEND, legacy.BACKEND, text.BACKEND]
BY_EXTENSION: dict[str, Backend] = {ext: b for b in BACKENDS for ext in b.extensions}
BY_FAMILY: dict[str, Backend] = {f: b for b in BACKENDS for f in b.families}
SUPPORTED: tuple[str, ...] = tuple(BY_EXTENSION)
# Extensions a submission may carry and the content family each promises: one list for
# the batch and the single-file readers, so both accept (and refuse) the same files.
EXTENSIONS: dict[str, str] = {e: b.families[0] for b in BACKENDS for e in b.extensions}


def skip_reason(path: Path) -> str | None:
    """Why discovery must not open this path at all (lock files, links, devices, FIFOs)."""
    if path.name.startswith("~$"):
        return "Office临时锁定文件（~$开头），不是申报材料，已跳过。"
    try:
        st = path.lstat()
    except OSError as exc:
        return f"无法访问该文件（{exc.strerror or exc}），已跳过。"
    if stat.S_ISLNK(st.st_mode):
        return "该路径是符号链接，为安全起见已跳过，请直接提交文件本身。"
    if not stat.S_ISREG(st.st_mode):
        return "不是普通文件（设备、管道或套接字），已跳过。"
    return None


def precheck(path: Path, limits: Limits = DEFAULT) -> Precheck:
    """The pre-read gate: classify a file by content or raise ReadError with the code to report."""
    size = os.stat(path).st_size
    if size == 0:
        raise ReadError("empty_file", "文件为空（0字节），请向申报单位索取完整文件后重新提交。")
    if size > limits.max_bytes:
        raise ReadError("too_large", f"文件大小{size / 1048576:.1f}MB，超过上限"
                                     f"{limits.max_bytes / 1048576:.0f}MB，请拆分或压缩后重新提交。")
    ext = path.suffix.lower()
    backend = BY_EXTENSION.get(ext)
    if backend is None:
        raise ReadError("unsupported_format", f"不支持“{ext or '无扩展名'}”格式，请另存为 .docx 或 .pdf 后重新提交。")
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        head = bytes(data[:4096])
        if is_blank(data):
            raise ReadError("empty_file", BLANK_MESSAGE)
        return backend.check(path, data, sniff(head), limits, ext)
