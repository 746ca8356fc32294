"""Document readers: any supported file → models.document.Document.

Why dispatch by content first: submissions arrive misnamed (a PDF saved as
.docx, a .doc renamed .docx). The magic bytes decide the reader; the extension
only decides when the content has no signature (plain text). Both lookups are
tables so a new format is one line, not another branch.
"""
from __future__ import annotations

from pathlib import Path

from models.document import Document
from extractors.readers import formats
from extractors.readers.errors import ReadError
from extractors.readers.limits import DEFAULT, Limits
from extractors.readers.text import looks_textual, read_text, read_text_bytes

__all__ = ["read_document", "read_text", "ReadError", "Limits"]


def read_document(path: Path | str, limits: Limits = DEFAULT) -> Document:
    """Read a .txt/.md/.docx/.pdf file into a Document, or raise ReadError.

    The light checks only (size, emptiness, signature against extension); the batch runs
    the full pre-read gate (`formats.precheck`) first. Emptiness is one rule for both
    (`formats.is_blank` before reading, `formats.require_text` after), so a file is
    `empty_file` in the batch exactly when it is for `shenbao claims`."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"文件不存在：{p}")
    if p.is_dir():
        raise ReadError("wrong_format", f"{p.name} 是文件夹，不是文件。")
    size = p.stat().st_size
    if size == 0:
        raise ReadError("empty_file")
    if size > limits.max_bytes:
        raise ReadError("too_large", detail=f"{size} bytes")
    data = p.read_bytes()
    if formats.is_blank(data):  # the batch's gate applies the very same rule
        raise ReadError("empty_file", formats.BLANK_MESSAGE)
    return formats.require_text(_dispatch(data, str(path), p.suffix.lower()))


def _dispatch(data: bytes, source: str, ext: str) -> Document:
    sig = formats.identify(data[:4096])
    family = sig.family if sig else None
    expected = formats.EXTENSIONS.get(ext)
    if family and expected and family != expected:
        if family == "ole":  # a password-protected .docx is an OLE container: say so
            from extractors.readers.ole import is_encrypted
            if is_encrypted(data):
                raise ReadError("encrypted", "文件已加密（设有打开密码），请索取未加密版本后重新提交。")
        raise ReadError("wrong_format", f"文件扩展名为{ext}，但内容是{sig.label}，请确认文件类型、改正扩展名后重新提交。")
    backend = formats.BY_FAMILY.get(family) if family else None
    if backend is not None and backend.read is not None:
        return backend.read(data, source)
    if family and family != "text":
        raise ReadError("unsupported_format", f"不支持{sig.label}文件，请另存为 .docx 或 .pdf 后重新提交。")
    if expected == "text" or (not ext and looks_textual(data)):
        if not looks_textual(data):
            raise ReadError("wrong_format", f"文件扩展名为{ext}，但内容不是文本，请确认文件类型。")
        return read_text_bytes(data, source)
    if expected:
        raise ReadError("wrong_format", f"文件扩展名为{ext}，但内容不是该格式（可能已损坏或被改名），请索取原始文件。")
    raise ReadError("unsupported_format", f"不支持的文件类型（{ext or '无扩展名'}），请提交 .docx、.pdf 或 .txt 文件。")
