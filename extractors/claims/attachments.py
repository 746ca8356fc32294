"""Which material a separate attachment file is: by the title on its first page, else its file name.

Why in the extractors: applicants send a scanned 信用承诺书, a 营业执照 photo or an
审计报告 as files of their own next to the application (folder mode). Deciding which
material such a file is reads its text against the materials lexicon — the same
kind of work as finding an attachment list inside the 申报书 (claims/attest.py) —
so it lives beside that work and its data, not in the batch. The batch only finds
the files, hashes them and hands them here with its `read` function (pre-parse
checks, readers and OCR, in the worker process, since parsers may hang or crash).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from models.claims import Attachment, Evidence
from models.document import Document, Location

from extractors import lexicon
from extractors.readers.formats import SUPPORTED


@lru_cache(maxsize=1)
def _conf() -> dict:
    return lexicon.load_yaml("attachment_titles.yaml")


def from_title(doc: Document, rel: str) -> list[Attachment]:
    """Materials named in the first characters of the text (the first page's title)."""
    n = int(_conf().get("title_chars", 200))
    head = (doc.text or "")[:n]
    hits = lexicon.materials().find_all(head)
    if not hits:
        return []
    out, seen = [], set()
    for start, end, mid in hits:
        if mid in seen:
            continue
        seen.add(mid)
        block = next((b for b in doc.blocks if b.start <= start < b.end), None)
        quote = (block.text if block is not None else head[start:end]).strip()[:80] or head[start:end]
        loc = block.location.model_copy(update={"file": rel}) if block is not None else Location(file=rel)
        origin = block.origin if block is not None and block.origin in ("text", "docx", "pdf", "ocr") else None
        conf = block.confidence if block is not None else None
        ev = Evidence(file=rel, location=loc, quote=quote, origin=origin, confidence=conf)
        out.append(Attachment(name=head[start:end], material=mid, found="file", evidence=[ev]))
    return out


def from_file_name(name: str, rel: str) -> list[Attachment]:
    """Materials the file name names (营业执照.jpg)."""
    stem = Path(name).stem
    out, seen = [], set()
    for start, end, mid in lexicon.materials().find_all(stem):
        if mid not in seen:
            seen.add(mid)
            out.append(Attachment(name=stem[start:end], material=mid, found="file",
                                  evidence=[Evidence(file=rel, location=Location(file=rel), quote=Path(name).name)]))
    return out


def recognize(files: list[tuple[str, str]], read: Callable[[Path], Document]) -> tuple[list[Attachment], list[str]]:
    """Attachments recognized among the folder's other files, and warnings naming the
    files whose content could not be read. `read` applies the batch's pre-parse checks,
    readers and OCR; it raises for an unreadable file (timeouts are BaseExceptions and
    pass through: the whole submission is then reported as timed out)."""
    found: list[Attachment] = []
    warnings: list[str] = []
    for path_s, rel in files:
        path = Path(path_s)
        name = path.name
        by_text: list[Attachment] = []
        if path.suffix.lower() in SUPPORTED:
            try:
                doc = read(path)
                if not (doc.text or "").strip():
                    raise ValueError("empty")
                by_text = from_title(doc, rel)
            except Exception as exc:  # one bad attachment must not sink the submission
                reason = getattr(exc, "message", None) or "内容无法读取"
                warnings.append(f"附件文件“{rel}”无法读取（{reason}），未用于识别材料内容。")
        by_name = from_file_name(name, rel)
        if not by_text and not by_name and path.suffix.lower() not in SUPPORTED:
            warnings.append(f"附件文件“{rel}”格式不受支持且文件名未标明材料名称，已忽略。")
        found.extend(by_text or by_name)
    return found, warnings
