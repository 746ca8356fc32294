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


# Content signatures, checked in order: (prefix, search window, family, reader).
MAGIC: list[tuple[bytes, int, str, Reader]] = [
    (b"%PDF-", 1024, "pdf", _pdf),                # the header may follow junk bytes
    (b"PK\x03\x04", 0, "zip", _docx),              # OOXML; xlsx/pptx are refused inside
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "ole", _ole),  # .doc/.wps/.xls or a password-protected .docx
    (b"{\\rtf", 0, "rtf", _unsupported("RTF")),
    (b"\x89PNG", 0, "image", _unsupported("图片（PNG）")),
    (b"\xff\xd8\xff", 0, "image", _unsupported("图片（JPEG）")),
    (b"Rar!", 0, "archive", _unsupported("压缩包（RAR）")),
    (b"7z\xbc\xaf", 0, "archive", _unsupported("压缩包（7z）")),
]
FAMILY_NAMES = {"pdf": "PDF文档", "zip": "Word（.docx）或其他压缩格式文件", "ole": "旧版Office（.doc/.wps/.xls）文件",
                "rtf": "RTF文档", "image": "图片", "archive": "压缩包", "text": "纯文本"}

# What content each extension promises; a different signature means a misnamed file.
EXTENSIONS: dict[str, str] = {
    ".pdf": "pdf", ".docx": "zip", ".docm": "zip", ".doc": "ole", ".wps": "ole",
    ".txt": "text", ".md": "text", ".markdown": "text", ".text": "text",
}


def sniff(data: bytes) -> tuple[str | None, Reader | None]:
    for magic, window, family, reader in MAGIC:
        if data.startswith(magic) or (window and magic in data[:window]):
            return family, reader
    return None, None


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
    if not data.strip():
        raise ReadError("empty_file", "文件只含空白字符，没有内容。")
    return _dispatch(data, str(path), p.suffix.lower())


def _dispatch(data: bytes, source: str, ext: str) -> Document:
    family, reader = sniff(data)
    expected = EXTENSIONS.get(ext)
    if family and expected and family != expected:
        if family == "ole":  # a password-protected .docx is an OLE container: say so
            from extractors.readers.ole import is_encrypted
            if is_encrypted(data):
                raise ReadError("encrypted", "文件已加密（设有打开密码），请索取未加密版本后重新提交。")
        raise ReadError("wrong_format", f"文件扩展名为{ext}，但内容是{FAMILY_NAMES[family]}，请确认文件类型、改正扩展名后重新提交。")
    if reader is not None:
        return reader(data, source)
    if expected == "text" or (not ext and _looks_textual(data)):
        if not _looks_textual(data):
            raise ReadError("wrong_format", f"文件扩展名为{ext}，但内容不是文本，请确认文件类型。")
        return read_text_bytes(data, source)
    if expected:
        raise ReadError("wrong_format", f"文件扩展名为{ext}，但内容不是该格式（可能已损坏或被改名），请索取原始文件。")
    raise ReadError("unsupported_format", f"不支持的文件类型（{ext or '无扩展名'}），请提交 .docx、.pdf 或 .txt 文件。")


def _looks_textual(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError as e:
            if e.start > len(head) - 4:  # cut in the middle of a character
                return True
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))
