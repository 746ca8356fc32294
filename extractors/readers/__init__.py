"""Document readers: any supported file → models.document.Document.

Why dispatch by content first: submissions arrive misnamed (a PDF saved as
.docx, a .doc renamed .docx). The magic bytes decide the reader; the extension
only decides when the content has no signature (plain text). Both lookups are
tables so a new format is one line, not another branch.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from models.document import Document
from extractors.readers.errors import ReadError
from extractors.readers.text import read_text, read_text_bytes

__all__ = ["read_document", "read_text", "ReadError", "MAX_BYTES"]

MAX_BYTES = 200 * 1024 * 1024

Reader = Callable[[bytes, str], Document]


def _docx(data: bytes, source: str) -> Document:
    from extractors.readers.docx_reader import read_docx_bytes
    return read_docx_bytes(data, source)


def _pdf(data: bytes, source: str) -> Document:
    from extractors.readers.pdf_reader import read_pdf_bytes
    return read_pdf_bytes(data, source)


def _ole(data: bytes, source: str) -> Document:
    from extractors.readers.docx_reader import read_ole
    return read_ole(data, source)


def _unsupported(name: str) -> Reader:
    def reader(data: bytes, source: str) -> Document:
        raise ReadError("unsupported_format", f"不支持{name}文件，请另存为 .docx 或 .pdf 后重新提交。")
    return reader


# Content signatures, checked in order: (prefix, offset window, reader).
MAGIC: list[tuple[bytes, int, Reader]] = [
    (b"%PDF-", 1024, _pdf),               # PDF header may follow junk bytes
    (b"PK\x03\x04", 0, _docx),            # OOXML zip (docx); xlsx/pptx are refused inside
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, _ole),  # OLE: .doc/.wps/.xls or encrypted .docx
    (b"{\\rtf", 0, _unsupported("RTF")),
    (b"\x89PNG", 0, _unsupported("图片（PNG）")),
    (b"\xff\xd8\xff", 0, _unsupported("图片（JPEG）")),
    (b"Rar!", 0, _unsupported("压缩包（RAR）")),
    (b"7z\xbc\xaf", 0, _unsupported("压缩包（7z）")),
]

# Extension fallback when no signature matched.
EXTENSIONS: dict[str, Reader] = {
    ".txt": read_text_bytes,
    ".md": read_text_bytes,
    ".markdown": read_text_bytes,
    ".text": read_text_bytes,
    ".csv": read_text_bytes,
}
# Binary formats whose signature did not match: the file is not what it claims.
_BINARY_EXT = {".docx", ".pdf", ".doc", ".wps", ".xlsx", ".xls"}


def sniff(data: bytes) -> Reader | None:
    for magic, window, reader in MAGIC:
        if data.startswith(magic) or (window and magic in data[:window]):
            return reader
    return None


def read_document(path: Path | str) -> Document:
    """Read a .txt/.md/.docx/.pdf file into a Document, or raise ReadError."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"文件不存在：{p}")
    if p.is_dir():
        raise ReadError("wrong_format", f"{p.name} 是文件夹，不是文件。")
    size = p.stat().st_size
    if size == 0:
        raise ReadError("empty_file")
    if size > MAX_BYTES:
        raise ReadError("too_large", detail=f"{size} bytes")
    data = p.read_bytes()
    source = str(path)
    ext = p.suffix.lower()
    reader = sniff(data)
    if reader is None:
        if ext in _BINARY_EXT:
            raise ReadError("wrong_format", f"文件扩展名为{ext}，但内容不是该格式（可能已损坏或被改名），请索取原始文件。")
        reader = EXTENSIONS.get(ext, read_text_bytes if _looks_textual(data) else None)
    if reader is None:
        raise ReadError("unsupported_format", f"不支持的文件类型（{ext or '无扩展名'}），请提交 .docx、.pdf 或 .txt 文件。")
    if reader is read_text_bytes and not data.strip():
        raise ReadError("empty_file", "文件只含空白字符，没有内容。")
    return reader(data, source)


def _looks_textual(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError as e:
            if e.start > len(head) - 4:  # cut in the middle of a character
                return True
    return False
