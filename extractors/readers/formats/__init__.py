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
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from extractors.readers import ole
from extractors.readers.errors import ReadError
from extractors.readers.formats import docx, legacy, pdf, text
from extractors.readers.formats.base import Backend, Precheck, wrong
from extractors.readers.limits import DEFAULT, Limits

__all__ = ["BACKENDS", "Precheck", "ReadError", "SUPPORTED", "identify", "precheck", "skip_reason", "sniff", "wrong"]


@dataclass(frozen=True)
class Signature:
    magic: bytes
    family: str   # pdf, zip, ole, rtf, image, archive, text
    label: str    # what staff are told the content really is
    window: int = 0  # >0: the magic may also appear within the first `window` bytes


SIGNATURES: list[Signature] = [
    Signature(b"%PDF-", "pdf", "PDF", 1024),  # the header may follow junk bytes
    Signature(b"PK\x03\x04", "zip", "ZIP/DOCX"),
    Signature(ole.MAGIC, "ole", "旧版Office(OLE)"),  # .doc/.wps/.xls or a password-protected .docx
    Signature(b"\x89PNG", "image", "PNG图片"),
    Signature(b"\xff\xd8\xff", "image", "JPEG图片"),
    Signature(b"GIF8", "image", "GIF图片"),
    Signature(b"II*\x00", "image", "TIFF图片"),
    Signature(b"MM\x00*", "image", "TIFF图片"),
    Signature(b"{\\rtf", "rtf", "RTF"),
    Signature(b"Rar!", "archive", "RAR压缩包"),
    Signature(b"7z\xbc\xaf", "archive", "7z压缩包"),
    Signature(b"\x1f\x8b", "archive", "gzip压缩包"),
]
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<\?xml|<script|<div)", re.IGNORECASE)
HTML_LABEL = "HTML/XML网页"


def identify(head: bytes) -> Signature | None:
    """The real format of a file from its first bytes (None: no known signature)."""
    for sig in SIGNATURES:
        if head.startswith(sig.magic):
            return sig
    for sig in SIGNATURES:
        if sig.window and sig.magic in head[:sig.window]:
            return sig
    if _HTML.match(head.lstrip(b"\xef\xbb\xbf")):
        return Signature(b"", "text", HTML_LABEL)  # markup is text to the text reader
    return None


def sniff(head: bytes) -> str | None:
    """A short Chinese name of the real format, from the first bytes."""
    sig = identify(head)
    return sig.label if sig else None


BACKENDS: list[Backend] = [pdf.BACKEND, docx.BACKEND, legacy.BACKEND, text.BACKEND]
BY_EXTENSION: dict[str, Backend] = {ext: b for b in BACKENDS for ext in b.extensions}
BY_FAMILY: dict[str, Backend] = {f: b for b in BACKENDS for f in b.families}
SUPPORTED: tuple[str, ...] = tuple(BY_EXTENSION)
# Extensions a submission may carry and the content family each promises: the batch's
# supported ones plus the spellings the single-file readers also accept.
EXTENSIONS: dict[str, str] = {**{e: b.families[0] for b in BACKENDS for e in b.extensions},
                              ".docm": "zip", ".markdown": "text", ".text": "text"}


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
        if size <= 4 * 1024 * 1024 and not bytes(data).strip(b" \t\r\n\x00\x0b\x0c\xef\xbb\xbf"):
            raise ReadError("empty_file", "文件只有空白内容，没有任何文字，请索取完整文件后重新提交。")
        return backend.check(path, data, sniff(head), limits, ext)
