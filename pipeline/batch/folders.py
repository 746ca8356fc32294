"""Submission folders: one folder per applicant, the 申报书 plus separate attachment files.

Why: applicants send a scanned 信用承诺书, a 营业执照 photo or an 审计报告 as files of
their own next to the application. Screening each file alone would flag those
materials missing and add rows that are not submissions. In folder mode the main
document is screened as usual and every other file is read only to recognize
which material it is, so a separate file counts as the material it is — with the
file as evidence. This module only finds the files, picks the main one and hashes
them (in the parent); recognizing a material is extraction work and lives in
extractors/claims/attachments.py, which the worker calls (parsers may hang or crash).
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from extractors.lexicon import safe_load

from extractors.readers.formats import SUPPORTED, skip_reason

DATA = Path(__file__).parent / "data" / "folders.yaml"


@lru_cache(maxsize=1)
def _conf() -> dict:
    return safe_load(DATA.read_text(encoding="utf-8")) or {}


def folder_files(folder: Path) -> list[tuple[Path, str]]:
    """(path, name relative to the folder) of every regular file below it; links,
    Office lock files and hidden files (.DS_Store, Thumbs.db …) are not materials."""
    out: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not os.path.islink(os.path.join(dirpath, d)))
        for fname in sorted(filenames):
            p = Path(dirpath, fname)
            if fname.startswith(".") or fname.lower() == "thumbs.db" or skip_reason(p):
                continue
            out.append((p, p.relative_to(folder).as_posix()))
    return out


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return -1


def pick_main(files: list[tuple[Path, str]]) -> tuple[Path, str] | None:
    """The file named as the application (申报书/申请书/申报表), else the largest .docx/.pdf;
    among several named ones, the largest of the preferred formats."""
    conf = _conf()
    words, suffixes = conf.get("main_names", []), tuple(conf.get("main_suffixes", [".docx", ".pdf"]))
    readable = [f for f in files if f[0].suffix.lower() in SUPPORTED]
    named = [f for f in readable if any(w in f[0].stem for w in words)]
    for pool in ([f for f in named if f[0].suffix.lower() in suffixes], named,
                 [f for f in readable if f[0].suffix.lower() in suffixes]):
        if pool:
            return max(pool, key=lambda f: (_size(f[0]), f[1]))
    return None


def file_hash(path: Path, max_bytes: int) -> str:
    """SHA-256 of the content; files over the limit by size and mtime (as batch does)."""
    try:
        st = path.stat()
        if st.st_size > max_bytes:
            return f"size:{st.st_size}:{st.st_mtime_ns}"
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError as exc:
        return f"unreadable:{exc.errno}"


def folder_hash(files: list[tuple[Path, str]], max_bytes: int) -> str:
    """One key over the sorted (name, content hash) pairs: any added, removed,
    renamed or changed file re-screens the submission."""
    pairs = sorted((name, file_hash(p, max_bytes)) for p, name in files)
    return hashlib.sha256(json.dumps(pairs, ensure_ascii=False).encode("utf-8")).hexdigest()
