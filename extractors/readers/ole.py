"""Just enough of the OLE compound-file format to say why a file cannot be read.

Why: an OLE container is either a password-protected .docx (EncryptionInfo
stream), a legacy Word 97-2003 file (WordDocument stream, itself possibly
encrypted: FIB flag fEncrypted) or another Office format. Staff need to know
which: "ask for the password-free file" and "convert with LibreOffice" are
different requests. No third-party OLE library is needed for that. Reading the
directory costs a few sectors, so a file is classified before any converter or
parser touches it; every loop is bounded, because the input is hostile. This is
the only OLE parser: the pre-read gate and the reader both use it.
"""
from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREESECT, _ENDOFCHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_MAX_CHAIN = 1 << 20


class OleError(ValueError):
    """The OLE container is damaged."""


def streams(data: bytes) -> dict[str, tuple[int, int]]:
    """Stream and storage names of the container → (start sector, size)."""
    if len(data) < 512 or data[:8] != MAGIC:
        raise OleError("not an OLE file")
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        raise OleError(f"bad sector shift {shift}")
    size = 1 << shift
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s not in (_FREESECT, _ENDOFCHAIN)]
    sid, guard = first_difat, 0
    while sid not in (_FREESECT, _ENDOFCHAIN) and guard < n_difat + 1 and len(fat_sectors) < n_fat:
        block = _sector(data, sid, size)
        entries = struct.unpack_from(f"<{size // 4}I", block)
        fat_sectors.extend(s for s in entries[:-1] if s not in (_FREESECT, _ENDOFCHAIN))
        sid, guard = entries[-1], guard + 1
    fat: list[int] = []
    for s in fat_sectors[:n_fat]:
        fat.extend(struct.unpack_from(f"<{size // 4}I", _sector(data, s, size)))
    out: dict[str, tuple[int, int]] = {}
    for sid in _chain(fat, first_dir):
        block = _sector(data, sid, size)
        for off in range(0, size, 128):
            entry = block[off:off + 128]
            name_len = struct.unpack_from("<H", entry, 64)[0]
            kind = entry[66]
            if kind == 0 or not 2 <= name_len <= 64:
                continue
            name = entry[: name_len - 2].decode("utf-16-le", errors="replace")
            start, length = struct.unpack_from("<II", entry, 116)
            out[name] = (start, length)
    return out


def read_head(data: bytes, start: int, n: int = 64) -> bytes:
    """First bytes of a stream stored in regular sectors (streams ≥ 4096 bytes)."""
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    return _sector(data, start, 1 << shift)[:n]


def _sector(data: bytes, sid: int, size: int) -> bytes:
    off = (sid + 1) * size
    if sid >= _ENDOFCHAIN - 4 or off + size > len(data) + size:  # last sector may be short
        raise OleError(f"sector {sid} outside the file")
    return bytes(data[off:off + size]).ljust(size, b"\0")


def _chain(fat: list[int], start: int) -> list[int]:
    out, sid, seen = [], start, set()
    while sid not in (_FREESECT, _ENDOFCHAIN):
        if sid in seen or sid >= len(fat) or len(out) > _MAX_CHAIN:
            raise OleError("broken sector chain")
        seen.add(sid)
        out.append(sid)
        sid = fat[sid]
    return out

def stream_names(data: bytes) -> dict[str, tuple[int, int]]:
    """`streams`, or an empty dict when the directory is unreadable (the caller then
    looks for the stream names in the raw bytes)."""
    try:
        return streams(data)
    except (OleError, struct.error, IndexError, ValueError, OverflowError, MemoryError):
        return {}


def key(name: str) -> str:
    """A directory name as compared: case-insensitive (Word writes `WordDocument`, other
    tools `worddocument`; the format compares names case-insensitively) and without the
    leading control character of reserved names (`\\x06DataSpaces`, `\\x05SummaryInformation`)."""
    return name.lstrip("\x01\x02\x03\x04\x05\x06\x07\x08\t").casefold()


def find(names: dict[str, tuple[int, int]], wanted: str) -> tuple[int, int] | None:
    """The (start, size) of stream `wanted` matched case-insensitively, or None."""
    want = key(wanted)
    for name, entry in names.items():
        if key(name) == want:
            return entry
    return None


def has(names: dict[str, tuple[int, int]], *wanted: str) -> bool:
    keys = {key(n) for n in names}
    return any(key(w) in keys for w in wanted)


# Password-encrypted OOXML (EncryptionInfo/EncryptedPackage) and rights-managed (IRM/DRM)
# documents: a protected .doc carries its real content encrypted in a DataSpaces/DRMContent
# storage and only a "permission restricted" placeholder in WordDocument.
PROTECTED = ("EncryptionInfo", "EncryptedPackage", "DataSpaces", "DRMContent", "DRMEncryptedDataSpace")


def is_protected(names: dict[str, tuple[int, int]]) -> bool:
    return has(names, *PROTECTED)


def _raw_has(data: bytes, name: str) -> bool:
    return name.encode("utf-16-le") in data or name.lower().encode("utf-16-le") in data \
        or name.upper().encode("utf-16-le") in data


def is_encrypted(data: bytes) -> bool:
    """Encrypted or rights-managed OOXML package, an IRM-protected Word 97 file, or a
    Word 97 file whose FIB says fEncrypted."""
    names = stream_names(data)
    if is_protected(names):
        return True
    if not names and any(_raw_has(data, n) for n in ("EncryptionInfo", "DRMContent")):
        return True
    word = find(names, "WordDocument")
    if word is not None:
        start, _ = word
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
    if has(names, "WordDocument") or (not names and raw("WordDocument")):
        return "word97"
    if has(names, "Workbook", "Book"):
        return "excel"
    if has(names, "PowerPoint Document"):
        return "powerpoint"
    return "other"
