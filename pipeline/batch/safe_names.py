"""Output file names derived from applicant-controlled file names.

Why this exists: submission file names come from applicants. A report named
after `../../etc/passwd`, `CON.docx` or a 300-byte Chinese title must still land
inside the output folder, open on Windows and macOS (staff copy folders to USB
sticks), keep its Chinese so staff recognize it, and never overwrite another
submission's report or the batch's own index/summary files.
"""
from __future__ import annotations

import re
import unicodedata

# Bytes, not characters: file systems limit names to 255 bytes and a Chinese
# character is 3 bytes in UTF-8. Leave room for a collision suffix and ".html".
MAX_BYTES = 150

_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]')
_SPACES = re.compile(r"\s+")
_UNDERSCORES = re.compile(r"_{2,}")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.IGNORECASE)
# Names the batch writes itself (index.html, summary.csv, results.sqlite …).
OWN_OUTPUTS = frozenset({"index", "summary", "results", "results.sqlite"})


def sanitize(text: str, max_bytes: int = MAX_BYTES) -> str:
    """A single safe path component: no separators, no control or bidi characters,
    no leading dot, not a Windows device name, at most `max_bytes` UTF-8 bytes."""
    name = unicodedata.normalize("NFC", text or "")
    name = _BAD_CHARS.sub("_", name)
    name = _UNDERSCORES.sub("_", _SPACES.sub(" ", name))
    name = name.strip(" ._")
    name = _truncate_keep_ext(name, max_bytes)
    if not name:
        name = "file"
    if is_reserved(name):
        name = _truncate_keep_ext("_" + name, max_bytes)
    return name


def is_reserved(name: str) -> bool:
    """Windows maps a device name to the device whatever follows it: `CON.docx`,
    `con .pdf` (spaces before the dot are ignored) and `NUL.tar.gz` all open NUL."""
    return bool(_RESERVED.match(name.split(".", 1)[0].rstrip(" ")))


def name_for(rel_path: str, max_bytes: int = MAX_BYTES) -> str:
    """Base output name for an input's relative path: path parts joined by '_',
    extension kept (a.pdf and a.docx in one folder stay distinct)."""
    parts = [p for p in re.split(r"[\\/]+", rel_path) if p and p not in (".", "..")]
    return sanitize("_".join(parts) or "file", max_bytes)


def _truncate_keep_ext(name: str, max_bytes: int) -> str:
    """Shorten the stem, not the extension, so staff still see .pdf/.docx."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 8 or len(name.encode("utf-8")) <= max_bytes:
        return _truncate(name, max_bytes).rstrip(" .")
    return _truncate(stem, max_bytes - len(ext.encode("utf-8")) - 1).rstrip(" .") + "." + ext


def _truncate(text: str, max_bytes: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max_bytes].decode("utf-8", errors="ignore")


class NameAllocator:
    """Hands out collision-free names, compared case-insensitively (Windows and
    macOS file systems), stable for a key once given."""

    def __init__(self, taken: dict[str, str] | None = None, reserved: frozenset[str] = OWN_OUTPUTS):
        self._by_key: dict[str, str] = {}
        self._used: set[str] = {r.casefold() for r in reserved}
        for key, name in (taken or {}).items():
            self._by_key[key] = name
            self._used.add(name.casefold())

    def allocate(self, key: str, base: str) -> str:
        if key in self._by_key:
            return self._by_key[key]
        base = sanitize(base)
        name, n = base, 1
        while name.casefold() in self._used:
            n += 1
            stem, dot, ext = base.rpartition(".")
            if not dot or not stem or len(ext) > 8:
                stem, ext = base, ""
            tail = f"~{n}" + (f".{ext}" if ext else "")
            name = _truncate(stem, MAX_BYTES - len(tail.encode("utf-8"))).rstrip(" .") + tail
        self._used.add(name.casefold())
        self._by_key[key] = name
        return name
