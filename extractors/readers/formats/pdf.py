"""PDF: the pre-read gate (trailer, capped inflation of streams, page count) and the reader.

Why inflate here: pdfminer inflates streams without a cap, and a few hundred KB of
zeros can declare gigabytes; a scanned page legitimately inflates 200–1000×, so an
image stream is bounded by what its own dimensions allow, not by a ratio.
"""
from __future__ import annotations

import mmap
import re
from pathlib import Path

from extractors.readers.errors import ReadError
from extractors.readers.formats.base import Backend, Precheck, wrong
from extractors.readers.limits import Limits


def check(path: Path, data: mmap.mmap, real: str | None, limits: Limits, ext: str = ".pdf") -> Precheck:
    if real != "PDF":
        raise wrong(real, ".pdf")
    tail = bytes(data[-2048:])
    # no file end: cut in transit, unless pdfium (which the reader uses) recovers the pages;
    # refusing what the single-file reader reads would classify one file two ways
    truncated = b"%%EOF" not in tail and b"startxref" not in tail
    if is_encrypted_wrapper(data):
        raise ReadError("encrypted", WRAPPER_MESSAGE)
    encrypted = data.find(b"/Encrypt") != -1
    if not encrypted:  # encrypted streams are not valid zlib until decrypted
        _check_flate(data, limits)
    try:
        pages = _pdf_pages(path, encrypted)
    except ReadError as exc:
        if truncated and exc.code == "malformed":
            raise ReadError("malformed", TRUNCATED_MESSAGE, detail=exc.detail) from exc
        raise
    if pages > limits.max_pages:
        raise ReadError("too_large", f"PDF共{pages}页，超过上限{limits.max_pages}页，请拆分后重新提交。")
    return Precheck("pdf", pages, "encrypted_owner_only" if encrypted else "")


WRAPPER_MESSAGE = ("PDF设有权限保护（如信息权限管理IRM）：正文加密封装在文件内的附件中，可见页面只是“文件受保护”的提示，"
                   "无法读取，请索取未加密版本后重新提交。")


def is_encrypted_wrapper(data) -> bool:
    """A PDF 2.0 unencrypted wrapper (ISO 32000-2 §7.6.7; Microsoft IRM-protected PDFs):
    its pages are a notice ("This PDF file is protected…"), the document itself an
    attached payload marked /EncryptedPayload. Screening the notice would be a verdict
    on content that was never read. (Looked for in the file's bytes: a wrapper whose
    catalog sits in a compressed object stream is not seen here.)"""
    return data.find(b"/EncryptedPayload") != -1


TRUNCATED_MESSAGE = "PDF文件不完整（缺少文件结尾，可能下载或传输中断），请索取完整文件后重新提交。"
_STREAM = re.compile(rb"stream\r?\n")


def _check_flate(data: mmap.mmap, limits: Limits) -> None:
    """Inflate Flate streams with a cap, before pdfminer inflates them without one:
    a few hundred KB of zeros can declare gigabytes. Bounded work: stops after
    `flate_budget` compressed bytes and at the first stream over the ratio."""
    import zlib

    budget = limits.flate_budget
    for m in _STREAM.finditer(data):
        start = m.end()
        head = bytes(data[max(0, m.start() - 400):m.start()])
        if b"FlateDecode" not in head:
            continue
        image = _image_bytes(head)
        if image is not None:
            _check_image(data, start, image, limits)  # a scan: bounded by its own dimensions
            budget -= min(len(data) - start, image)
            if budget <= 0:
                return
            continue
        d, pos, out = zlib.decompressobj(), start, 0
        while not d.eof and pos < len(data) and budget > 0:
            chunk = data[pos:pos + 65536]
            pos += len(chunk)
            budget -= len(chunk)
            try:
                out += len(d.decompress(chunk, limits.ratio_floor))
                while d.unconsumed_tail and out <= limits.ratio_floor:
                    out += len(d.decompress(d.unconsumed_tail, limits.ratio_floor))
            except zlib.error:
                break  # damaged stream: the parser reports it, not us
            if out > limits.ratio_floor and out / max(pos - start, 1) > limits.max_ratio:
                raise ReadError("zip_bomb", "PDF中有数据流解压后体积异常（疑似压缩炸弹），已拒绝处理，请索取正常保存的文件。",
                                 detail=f"stream at byte {start}: >{out} bytes from {pos - start}")
            if out > limits.ratio_floor:
                break
        if budget <= 0:
            return


_COMPONENTS = {b"DeviceGray": 1, b"CalGray": 1, b"Indexed": 1, b"DeviceRGB": 3, b"CalRGB": 3, b"Lab": 3,
               b"DeviceCMYK": 4}


def _image_bytes(head: bytes) -> int | None:
    """The most an image XObject's stream can inflate to, from its own dictionary
    (Width × Height × components × bits / 8, plus a predictor byte per row); None when
    the stream is not an image or its size is not stated."""
    dic = head[head.rfind(b"<<"):] if b"<<" in head else head
    if not re.search(rb"/Subtype\s*/Image", dic):
        return None
    w, h = re.search(rb"/Width\s+(\d+)", dic), re.search(rb"/Height\s+(\d+)", dic)
    if not w or not h:
        return None
    bpc = re.search(rb"/BitsPerComponent\s+(\d+)", dic)
    cs = re.search(rb"/ColorSpace\s*\[?\s*/(\w+)", dic)
    comps = _COMPONENTS.get(cs.group(1), 4) if cs else 4  # ICCBased and unknown: the widest
    bits = int(bpc.group(1)) if bpc else 8
    width, height = int(w.group(1)), int(h.group(1))
    return (width * comps * bits + 7) // 8 * height + height + 4096


def _check_image(data, start: int, allowed: int, limits: Limits) -> None:
    """A scanned page inflates 200–1000× and is fine; one that inflates past what its
    dimensions allow, or past the absolute cap, is a bomb."""
    import zlib

    cap = min(allowed, limits.max_part_bytes)
    d, pos, out = zlib.decompressobj(), start, 0
    while not d.eof and pos < len(data):
        chunk = data[pos:pos + 65536]
        pos += len(chunk)
        try:
            out += len(d.decompress(chunk, cap + 1 - out if cap + 1 > out else 1))
            while d.unconsumed_tail and out <= cap:
                out += len(d.decompress(d.unconsumed_tail, cap + 1 - out))
        except zlib.error:
            return  # damaged stream: the parser reports it, not us
        if out > cap:
            raise ReadError("zip_bomb", "PDF中的图片解压后超出其尺寸所允许的大小（疑似压缩炸弹），已拒绝处理，请索取正常保存的文件。",
                             detail=f"image stream at byte {start}: >{cap} bytes allowed by its dimensions")


def _pdf_pages(path: Path, encrypted: bool) -> int:
    """Open with pdfium (fast, C) to count pages; a password prompt means encrypted."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text or encrypted:
            raise ReadError("encrypted", "PDF设有打开密码，无法读取，请索取未加密版本后重新提交。",
                             detail=str(exc)) from exc
        if "format" in text or "file" in text:
            raise ReadError("malformed", detail=str(exc)) from exc
        raise ReadError("malformed", detail=str(exc)) from exc
    try:
        return len(pdf)
    finally:
        pdf.close()


def read(data: bytes, source: str):
    from extractors.readers.pdf_reader import read_pdf_bytes

    if is_encrypted_wrapper(data):  # the pre-read gate says the same: one classification
        raise ReadError("encrypted", WRAPPER_MESSAGE)

    return read_pdf_bytes(data, source)


BACKEND = Backend("pdf", (".pdf",), ("pdf",), check, read)
