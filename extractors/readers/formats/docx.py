"""Word (.docx): the pre-read gate (zip central directory, limits, main part) and the reader.

Why the central directory: python-docx reads zip parts whole; the directory says
how large each part will be before a byte is inflated.
"""
from __future__ import annotations

import mmap
import re
import zipfile
import zlib
from pathlib import Path

from extractors.readers import ole
from extractors.readers.errors import ReadError
from extractors.readers.formats.base import Backend, Precheck, wrong
from extractors.readers.limits import DEFAULT, Limits


def check(path: Path, data: mmap.mmap, real: str | None, limits: Limits, ext: str = ".docx") -> Precheck:
    if real == "旧版Office(OLE)":
        names = ole_names(data)
        if ole.is_protected(names):
            raise ReadError("encrypted", "Word文件设有打开密码，无法读取，请索取未加密版本后重新提交。")
        raise ReadError("wrong_format", "文件扩展名为.docx，但内容实际为旧版Word（.doc）格式，"
                                         "请将扩展名改为.doc或另存为.docx后重新提交。")
    if real != "ZIP/DOCX":
        raise wrong(real, ext)
    try:
        with zipfile.ZipFile(path) as zf:  # reads the central directory only
            infos = zf.infolist()
            _check_zip(infos, limits)
            names = {i.filename for i in infos}
            main = _main_part(zf, names)
    except zipfile.BadZipFile as exc:
        raise ReadError("malformed", "DOCX文件已损坏（压缩结构不完整），请索取原始文件后重新提交。",
                         detail=str(exc)) from exc
    if main is None:
        if any(n.startswith(("xl/", "ppt/")) for n in names):
            raise ReadError("wrong_format", "文件扩展名为.docx，但内容实际为Excel或PowerPoint文件，请确认后重新提交。")
        raise ReadError("malformed", "DOCX文件缺少正文部分（word/document.xml），文件已损坏，请索取原始文件后重新提交。")
    return Precheck("docx")


def _check_zip(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_zip_entries:
        raise ReadError("zip_bomb", detail=f"{len(infos)} zip entries")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError("encrypted", "DOCX文件内容已加密，请索取未加密版本后重新提交。")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (info.file_size > limits.max_part_bytes or total > limits.max_total_bytes
                or (info.file_size > limits.ratio_floor and ratio > limits.max_ratio)):
            raise ReadError("zip_bomb", detail=f"{info.filename}: declared {info.file_size} bytes, ratio {ratio:.0f}")


def _main_part(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    if "word/document.xml" in names:
        return "word/document.xml"
    if "_rels/.rels" in names and zf.getinfo("_rels/.rels").file_size < 65536:
        rels = zf.read("_rels/.rels").decode("utf-8", "replace")
        for target in re.findall(r'Target="/?([^"]+)"[^>]*?/?>', rels):
            if target.startswith("word/") and target.endswith(".xml") and target in names:
                return target
    return None

def ole_names(data: mmap.mmap) -> dict[str, tuple[int, int]]:
    try:
        return ole.streams(data)
    except (ole.OleError, IndexError, ValueError) as exc:
        raise ReadError("malformed", "旧版Office文件已损坏，无法读取，请索取原始文件后重新提交。", detail=str(exc)) from exc


# OOXML Strict (ISO 29500 strict) names the same elements under purl.oclc.org namespaces,
# and macro-enabled documents (.docm) and templates (.dotx/.dotm) declare another main
# content type; python-docx knows only the transitional document. Both are rewritten to
# it before parsing: the text is the same, and a macro is never run (vbaProject.bin is
# not even read).
_STRICT = [
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties", b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/customProperties", b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
    (b"http://purl.oclc.org/ooxml/officeDocument/", b"http://schemas.openxmlformats.org/officeDocument/2006/"),
    (b"http://purl.oclc.org/ooxml/wordprocessingml/", b"http://schemas.openxmlformats.org/wordprocessingml/2006/"),
    (b"http://purl.oclc.org/ooxml/drawingml/", b"http://schemas.openxmlformats.org/drawingml/2006/"),
]
_MAIN_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_MAIN_TYPES = (
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def as_transitional(data: bytes) -> bytes:
    """The package with Strict namespaces and .docm/.dotx main content types rewritten to
    a transitional .docx; the bytes unchanged when there is nothing to rewrite."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in zf.namelist() else b""
            rels = zf.read("_rels/.rels") if "_rels/.rels" in zf.namelist() else b""
            strict = b"purl.oclc.org/ooxml" in rels or b"purl.oclc.org/ooxml" in types
            other_type = any(t in types for t in _OTHER_MAIN_TYPES)
            if not strict and not other_type:
                return data
            if (sum(i.file_size for i in infos) > DEFAULT.max_total_bytes or len(infos) > DEFAULT.max_zip_entries
                    or any(i.file_size > DEFAULT.max_part_bytes for i in infos)):
                return data  # a bomb is the reader's to refuse, not ours to inflate
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
                for info in infos:
                    body = zf.read(info)
                    if info.filename == "[Content_Types].xml":
                        for t in _OTHER_MAIN_TYPES:
                            body = body.replace(t, _MAIN_TYPE)
                    if strict and (info.filename.endswith((".xml", ".rels"))):
                        for a, b in _STRICT:
                            body = body.replace(a, b)
                    out.writestr(info, body)
            return buf.getvalue()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error):
        return data  # the reader reports the damage


def read(data: bytes, source: str):
    from extractors.readers.docx_reader import read_docx_bytes

    return read_docx_bytes(as_transitional(data), source)


BACKEND = Backend("docx", (".docx", ".docm", ".dotx", ".dotm"), ("zip",), check, read)
