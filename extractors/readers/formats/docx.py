"""Word (.docx): the pre-read gate (zip central directory, limits, main part) and the reader.

Why the central directory: python-docx reads zip parts whole; the directory says
how large each part will be before a byte is inflated.
"""
from __future__ import annotations

import mmap
import re
import zipfile
from pathlib import Path

from extractors.readers import ole
from extractors.readers.errors import ReadError
from extractors.readers.formats.base import Backend, Precheck, wrong
from extractors.readers.limits import Limits


def check(path: Path, data: mmap.mmap, real: str | None, limits: Limits, ext: str = ".docx") -> Precheck:
    if real == "旧版Office(OLE)":
        names = ole_names(data)
        if "EncryptedPackage" in names or "EncryptionInfo" in names:
            raise ReadError("encrypted", "Word文件设有打开密码，无法读取，请索取未加密版本后重新提交。")
        raise ReadError("wrong_format", "文件扩展名为.docx，但内容实际为旧版Word（.doc）格式，"
                                         "请将扩展名改为.doc或另存为.docx后重新提交。")
    if real != "ZIP/DOCX":
        raise wrong(real, ".docx")
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


def read(data: bytes, source: str):
    from extractors.readers.docx_reader import read_docx_bytes

    return read_docx_bytes(data, source)


BACKEND = Backend("docx", (".docx",), ("zip",), check, read)
