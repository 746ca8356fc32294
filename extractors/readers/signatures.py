"""The one table of file signatures: what a file really is, from its first bytes.

Why a leaf module: the reader registry (extractors.readers.formats), the readers and the
OCR time estimate all ask it, and it imports nothing of theirs, so none of them loop.
A new signature is one line here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.readers import ole


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
