"""Legacy Word (.doc, Kingsoft .wps, RTF): the pre-read gate; reading means converting.

Why a gate of its own: the OLE container is shared by Word 97, Kingsoft WPS, Microsoft
Works and encrypted .docx files; only the stream names tell them apart, and "ask for
the password-free file", "convert with LibreOffice" and "save as .docx" are different
requests. The batch converts what passes (extractors.readers.convert); the plain
reader explains how to convert.
"""
from __future__ import annotations

import mmap
from pathlib import Path

from extractors.readers import ole
from extractors.readers.errors import ReadError
from extractors.readers.formats.base import Backend, Precheck, wrong
from extractors.readers.formats.docx import ole_names
from extractors.readers.limits import Limits


IRM_MESSAGE = ("Word文件设有权限保护（信息权限管理IRM），正文已加密，只能读到“权限受限”的提示文字，"
               "请索取未加保护的版本后重新提交。")


def check(path: Path, data: mmap.mmap, real: str | None, limits: Limits, ext: str = ".doc") -> Precheck:
    """.doc and .wps: Word 97 OLE (incl. Kingsoft WPS) or RTF → LibreOffice; Works → unsupported."""
    if real == "RTF":
        return Precheck("legacy", note="rtf")
    if real != "旧版Office(OLE)":
        if real == "ZIP/DOCX":
            raise ReadError("wrong_format", f"文件扩展名为{ext}，但内容实际为.docx格式，请将扩展名改为.docx后重新提交。")
        raise wrong(real, ext)
    names = ole_names(data)
    if ole.has(names, "EncryptedPackage", "EncryptionInfo"):
        raise ReadError("encrypted", "Word文件设有打开密码，无法读取，请索取未加密版本后重新提交。")
    if ole.is_protected(names):  # IRM: WordDocument holds only a "permission restricted" placeholder
        raise ReadError("encrypted", IRM_MESSAGE)
    word = ole.find(names, "WordDocument")
    if word is not None:
        start, length = word
        if length >= 4096:
            try:
                fib = ole.read_head(data, start, 12)
            except ole.OleError as exc:
                raise ReadError("malformed", detail=str(exc)) from exc
            if len(fib) >= 12 and fib[11] & 0x01:  # FIB fEncrypted
                raise ReadError("encrypted", "Word文件设有打开密码，无法读取，请索取未加密版本后重新提交。")
        return Precheck("legacy", note="wps" if ext == ".wps" else "doc")
    if ext == ".wps" and ole.has(names, "CONTENTS", "MatOST"):
        raise ReadError("unsupported_format", "该.wps文件为Microsoft Works格式（不是金山WPS文字），"
                                               "请另存为.docx或.pdf后重新提交。")
    raise ReadError("wrong_format", f"文件扩展名为{ext}，但内容不是Word文档，请确认文件类型后重新提交。")


def read(data: bytes, source: str):
    from extractors.readers.docx_reader import read_ole

    return read_ole(data, source)


BACKEND = Backend("legacy", (".doc", ".wps"), ("ole",), check, read)
