"""Just enough of the OLE compound-file format to say why a file cannot be read.

Why: an OLE container is either a password-protected .docx (EncryptionInfo
stream), a legacy Word 97-2003 file (WordDocument stream, itself possibly
encrypted: FIB flag fEncrypted) or another Office format. Staff need to know
which: "ask for the password-free file" and "convert with LibreOffice" are
different requests. No third-party OLE library is needed for that.
"""
from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE


def stream_names(data: bytes) -> dict[str, tuple[int, int]]:
    """Directory entries: name → (start sector, size). Empty dict if unparsable."""
    try:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        size = 1 << shift
        dir_start = struct.unpack_from("<I", data, 0x30)[0]
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _END]
        fat: list[int] = []
        for s in fat_sectors:
            off = (s + 1) * size
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, off))
        out: dict[str, tuple[int, int]] = {}
        sector, seen = dir_start, set()
        while sector < _END and sector not in seen and len(seen) < 4096:
            seen.add(sector)
            base = (sector + 1) * size
            for k in range(size // 128):
                entry = data[base + k * 128: base + (k + 1) * 128]
                if len(entry) < 128:
                    break
                name_len = struct.unpack_from("<H", entry, 0x40)[0]
                if 2 <= name_len <= 64:
                    name = entry[: name_len - 2].decode("utf-16-le", errors="replace")
                    out[name] = struct.unpack_from("<II", entry, 0x74)
            sector = fat[sector] if sector < len(fat) else _END
        return out
    except (struct.error, IndexError, ValueError, OverflowError, MemoryError):
        return {}  # a damaged header (e.g. a sector shift of 60): treated as no directory


def is_encrypted(data: bytes) -> bool:
    """Encrypted OOXML package, or a Word 97 file whose FIB says fEncrypted."""
    names = stream_names(data)
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return True
    if not names and ("EncryptionInfo".encode("utf-16-le") in data):
        return True
    if "WordDocument" in names:
        start, _ = names["WordDocument"]
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if not 7 <= shift <= 16:  # real files use 9 or 12; anything else is damage
            return False
        off = (start + 1) * (1 << shift)
        if len(data) >= off + 12 and struct.unpack_from("<H", data, off)[0] == 0xA5EC:
            return bool(struct.unpack_from("<H", data, off + 0x0A)[0] & 0x0100)
    return False


def kind(data: bytes) -> str:
    """'word97', 'wps', 'excel', 'powerpoint' or 'other'."""
    names = stream_names(data)
    raw = lambda s: s.encode("utf-16-le") in data  # noqa: E731 - fallback when the directory is unreadable
    if "WordDocument" in names or (not names and raw("WordDocument")):
        return "word97"
    if any(n in names for n in ("Workbook", "Book")):
        return "excel"
    if "PowerPoint Document" in names:
        return "powerpoint"
    return "other"
