"""Passages of a submission that address a condition, with scores and locations.

Why blocks as passages: a block is what a reader can point at (第3页, 表2第3行);
a window over raw text would cut quotes mid-sentence. Very short blocks (a
heading, one table cell) carry too little to match on their own, so they are
merged with their neighbours until a passage has enough text; very long blocks
are cut at sentence ends so one hit does not return a whole page.

Why a cache argument: a batch screens many submissions against one guide. The
caller keeps one dict per guide; condition encodings land in it once and are
reused for every submission, while each submission's passages are encoded once
for all its conditions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from models.document import Document
from models.report import Passage
from extractors.semantic import Embedder, get_backend
from extractors.semantic.lexical import text_key

MIN_CHARS = 40
MAX_CHARS = 320
_SENT_END = re.compile(r"[。；;！!？?]")
# A short line opening with official numbering (三、 / （二） / 第三章) is a heading
# even when the reader saw a plain paragraph.
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[章节部分])[^。；]{0,30}$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    location: str
    text: str


def _split_long(doc: Document, start: int, end: int, label: str) -> list[Span]:
    text = doc.text[start:end]
    if len(text) <= MAX_CHARS:
        return [Span(start, end, label, text)]
    out, a = [], 0
    cuts = [m.end() for m in _SENT_END.finditer(text)] + [len(text)]
    last = 0
    for c in cuts:
        if c - a > MAX_CHARS and last > a:
            out.append(Span(start + a, start + last, label, text[a:last]))
            a = last
        last = c
    if a < len(text):
        out.append(Span(start + a, end, label, text[a:]))
    return [s for s in out if s.text.strip()]


def _units(doc: Document) -> list[tuple[int, int, str, bool]]:
    """(start, end, label) of blocks, the cells of one table row kept together.

    Why rows: a row (研究开发费用（万元） | 9,328.80 | 12,926.91) is the smallest
    table unit that says something; its label is the row's first cell.
    """
    out: list[tuple[int, int, str]] = []
    row_key = None
    for b in doc.blocks:
        if b.kind in ("header", "footer") or not b.text.strip():
            continue
        key = (b.location.table, b.location.row) if b.kind == "table_cell" and b.location.table is not None else None
        if key is not None and key == row_key and out:
            out[-1] = (out[-1][0], b.end, out[-1][2], False)
        else:
            out.append((b.start, b.end, b.location.label(), b.kind == "heading" or _HEADING.match(b.text) is not None))
        row_key = key
    return out


def passages_of(doc: Document, min_chars: int = MIN_CHARS) -> list[Span]:
    """Blocks (table rows) in reading order, short neighbours merged, long ones split."""
    out: list[Span] = []
    units = _units(doc)
    i = 0
    while i < len(units):
        start, _, label, _ = units[i]
        j = i
        while (units[j][1] - start < min_chars and j + 1 < len(units) and not units[j + 1][3]
               and units[j + 1][1] - start <= MAX_CHARS):
            j += 1
        out.extend(_split_long(doc, start, units[j][1], label))
        i = j + 1
    if not out and doc.text.strip():
        out = _split_long(doc, 0, len(doc.text), doc.source)
    return out


def rank_passages(query: str, passages: list[str], embedder: Embedder | None = None,
                  cache: dict | None = None) -> list[tuple[int, float]]:
    """(passage index, score) best first; the backend's own passage scorer if it has one."""
    if not passages:
        return []
    emb = embedder or get_backend()
    scorer = getattr(emb, "passage_scores", None)
    if scorer is not None:
        row = scorer(query, passages, cache=cache)
    else:
        row = emb.similarity([query], passages, cache=cache)[0]
    return sorted(((i, float(s)) for i, s in enumerate(row)), key=lambda p: (-p[1], p[0]))


def top_passages(query: str, doc: Document, k: int = 3, embedder: Embedder | None = None,
                 cache: dict | None = None) -> list[Passage]:
    """The k passages of `doc` that best address `query`, above the backend's floor."""
    emb = embedder or get_backend()
    pkey = ("passages", doc.source, text_key(doc.text))
    spans = cache.get(pkey) if cache is not None else None
    if spans is None:
        spans = passages_of(doc)
        if cache is not None:
            cache[pkey] = spans
    floor = float(getattr(emb, "floors", {}).get("passage", 0.0))
    ranked = rank_passages(query, [s.text for s in spans], emb, cache)
    return [Passage(text=spans[i].text, score=round(s, 4), location=spans[i].location,
                    start=spans[i].start, end=spans[i].end)
            for i, s in ranked[:k] if s > floor]
