"""Text units (sentences and table rows) and the evidence they become.

Why one unit type: every claim must quote its source; whether a fact came from
a sentence of a paragraph or from a row of a form table, the extractors work
on a `Unit` that knows its offsets into `Document.text` and its block's
Location, so evidence is built the same way everywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from models.claims import Evidence
from models.document import Block, Document, Location

from extractors.lexicon import DATA, safe_load


@lru_cache(maxsize=None)
def fields_cfg() -> dict:
    with open(DATA / "claims_fields.yaml", encoding="utf-8") as fh:
        return safe_load(fh)


@lru_cache(maxsize=None)
def cues() -> dict:
    with open(DATA / "claims_cues.yaml", encoding="utf-8") as fh:
        return safe_load(fh)


@dataclass
class Unit:
    """A sentence (or table row) with where it came from."""

    text: str
    start: int                      # offset of text[0] in Document.text (-1 when synthetic)
    location: Location | None
    origin: str | None
    kind: str = "sentence"          # sentence | row | cell
    block: Block | None = None
    section: str = ""               # nearest heading above (承诺书 pages, history sections)
    extra: dict = field(default_factory=dict)

    def evidence(self, file: str, a: int = 0, b: int | None = None, quote: str | None = None) -> Evidence:
        """Evidence for the unit (quote = the whole sentence or row)."""
        end = self.extra.get("end", self.start + len(self.text)) if self.start >= 0 else None
        return Evidence(file=file, location=self.location, start=self.start if self.start >= 0 else None,
                        end=end, quote=quote or self.extra.get("quote") or self.text, origin=self.origin,
                        confidence=self.block.confidence if self.block is not None else None)


_SENT_END = re.compile(r"(?<=[。；;！？!?])")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; a sentence keeps its closing punctuation."""
    out, pos = [], 0
    for part in _SENT_END.split(text):
        if part.strip():
            lead = len(part) - len(part.lstrip())
            out.append((pos + lead, part.strip()))
        pos += len(part)
    return out


def table_block_ids(doc: Document) -> set[int]:
    return {bid for t in doc.tables for row in t.block_ids for bid in row if bid is not None}


def host_block_ids(doc: Document) -> set[int]:
    """Blocks of cells that hold a nested table: their text is that table flattened (read
    through the table itself, never as a sentence: 营业收入49620 60818… has lost its columns)."""
    out = set()
    for t in doc.tables:
        if t.parent is None:
            continue
        ti, r, c = t.parent
        if ti < len(doc.tables) and r < len(doc.tables[ti].block_ids) and c < len(doc.tables[ti].block_ids[r]):
            bid = doc.tables[ti].block_ids[r][c]
            if bid is not None:
                out.add(bid)
    return out


def is_heading(block: Block) -> bool:
    """A short stand-alone line without sentence punctuation reads as a title."""
    t = block.text.strip()
    if block.kind == "heading":
        return True
    return 0 < len(t) <= 30 and not re.search(r"[。；;，,：:]", t[:-1] if t.endswith(("：", ":")) else t)


_OPEN_END = re.compile(r"[^。；;！？!?：:）)”\"」]$")
_ITEM_START = re.compile(r"^\s*(?:[●•·■◆▪\-—]|[①-⑳]|\d+\s*[.、．)）](?!\d)|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[一二三四五六七八九十]+、|附)")


_FIELD_START = re.compile(r"^\s*[^，。；;：:\s]{1,14}[：:]")


def _continues(prev: Block, nxt: Block) -> bool:
    """A PDF line break inside a sentence (…分别占当年营业收入的 / 6.18%、6.28%…, 13.51亿 / 元)."""
    return (prev.origin in ("pdf", "ocr") and nxt.origin == prev.origin   # only page layout breaks lines
            and prev.kind == "paragraph" and nxt.kind == "paragraph" and not is_heading(prev)
            and len(prev.text.strip()) >= 20 and bool(_OPEN_END.search(prev.text.rstrip()))
            and "，" in prev.text                      # running prose, not a 标签：值 line
            and not _ITEM_START.match(nxt.text) and not _FIELD_START.match(nxt.text))


def _runs(doc: Document, in_table: set[int]) -> list[list[Block]]:
    """Blocks in reading order, a paragraph broken over lines joined into one run."""
    runs: list[list[Block]] = []
    for b in doc.blocks:
        if b.kind in ("header", "footer"):
            continue
        cell = b.id in in_table or b.kind == "table_cell"
        if runs and not cell and runs[-1][-1].id not in in_table and _continues(runs[-1][-1], b):
            runs[-1].append(b)
        else:
            runs.append([b])
    return runs


def sentence_units(doc: Document, include_cells: bool = True) -> list[Unit]:
    """Every sentence of every paragraph block, and of long table cells.

    Table cells are included because forms put whole narratives in one cell
    (企业基本情况); short label/number cells produce nothing in prose rules.
    A sentence a PDF line break cut in two is one unit again, with evidence
    spanning both lines.
    """
    in_table = table_block_ids(doc)
    hosts = host_block_ids(doc)
    units: list[Unit] = []
    section = ""
    for run in _runs(doc, in_table):
        b = run[0]
        cell = b.id in in_table or b.kind == "table_cell"
        if (cell and not include_cells) or b.id in hosts:
            continue
        if not cell and len(run) == 1 and is_heading(b):
            section = b.text.strip()
        text = "".join(x.text for x in run)
        offs, pos = [], 0
        for x in run:
            offs.append(pos)
            pos += len(x.text)
        for off, s in split_sentences(text):
            i = max(k for k in range(len(run)) if offs[k] <= off)
            blk = run[i]
            u = Unit(s, blk.start + off - offs[i], blk.location, blk.origin, "cell" if cell else "sentence", blk, section)
            j = max(k for k in range(len(run)) if offs[k] < off + len(s))
            if j > i:  # the sentence runs on into the next line(s)
                u.extra["end"] = run[j].start + off + len(s) - offs[j]
                u.extra["quote"] = doc.text[u.start:u.extra["end"]]
            units.append(u)
    return units


def row_unit(doc: Document, table_index: int, r: int, col: int | None = None) -> Unit:
    """A table row as one unit; location is the given cell's (or the row's first cell)."""
    t = doc.tables[table_index]
    cells = t.rows[r]
    ids = t.block_ids[r] if r < len(t.block_ids) else []
    parts: list[str] = []
    for c in cells:
        c = c.strip()
        if c and (not parts or parts[-1] != c):
            parts.append(c)
    quote = " | ".join(parts)
    blocks = [doc.blocks[i] for i in ids if i is not None and 0 <= i < len(doc.blocks)]
    pick = None
    if col is not None and col < len(ids) and ids[col] is not None and ids[col] < len(doc.blocks):
        pick = doc.blocks[ids[col]]
    elif blocks:
        pick = blocks[0]
    if pick is not None:
        loc = pick.location
    else:
        loc = Location(file=doc.source, page=t.page, table=t.index, row=r, col=col)
    unit = Unit(quote, -1, loc, pick.origin if pick else None, "row", pick)
    if blocks:
        unit.extra["span"] = (min(b.start for b in blocks), max(b.end for b in blocks))
    return unit


def unit_evidence(doc: Document, unit: Unit) -> Evidence:
    """Evidence of a unit; rows span from their first to their last cell."""
    if unit.kind == "row":
        a, b = unit.extra.get("span", (None, None))
        # OCR confidence of the cell the evidence points to (the value cell when one was named)
        return Evidence(file=doc.source, location=unit.location, start=a, end=b, quote=unit.text, origin=unit.origin,
                        confidence=unit.block.confidence if unit.block is not None else None)
    return unit.evidence(doc.source)


_LABEL_NOISE = re.compile(r"[（(][^）)]{0,12}[）)]|[\s:：*＊]")


def norm_label(s: str) -> str:
    """单位名称（盖章）： -> 单位名称."""
    return _LABEL_NOISE.sub("", s)
