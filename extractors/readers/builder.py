"""Assembles a Document from blocks so offsets are right by construction.

Why one builder for every reader: `text[b.start:b.end] == b.text` is the
invariant evidence quoting relies on; computing offsets in one place means no
reader can get it wrong. Blocks are single lines (newlines inside a block are
folded), joined by "\n".
"""
from __future__ import annotations

import re

from models.document import Block, Document, Location, Table

_NEWLINES = re.compile(r"\s*[\r\n]+\s*")
_CONTENT = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")


class DocumentBuilder:
    def __init__(self, source: str, fmt: str):
        self.source = source
        self.format = fmt
        self.blocks: list[Block] = []
        self.tables: list[Table] = []
        self.headers: list[str] = []
        self.footers: list[str] = []
        self.warnings: list[str] = []
        self.unread: list[str] = []  # parts with content the reader could not read (models.document.Document.unread)
        self._offset = 0

    def loc(self, **kw) -> Location:
        return Location(file=self.source, **kw)

    def add(self, text: str, location: Location, kind: str = "paragraph", **kw) -> int | None:
        """Append a block; empty text is skipped (returns None)."""
        text = _NEWLINES.sub(" ", text).strip() if ("\n" in text or "\r" in text) else text
        if not text:
            return None
        start = self._offset + (1 if self.blocks else 0)
        block = Block(
            id=len(self.blocks), kind=kind, text=text, start=start, end=start + len(text),
            location=location, origin=kw.pop("origin", self._origin()), **kw,
        )
        self.blocks.append(block)
        self._offset = block.end
        return block.id

    def add_table(self, cells: list[list[tuple | None]], page: int | None = None,
                  merged: dict[tuple[int, int], tuple[int, int]] | None = None, caption: str = "",
                  parent: tuple[int, int, int] | None = None) -> Table:
        """Add a table grid of (text, Location[, block kwargs]) cells or None. `merged` maps a covered (row, col) to its origin cell,
        whose text and block the covered position repeats."""
        merged = merged or {}
        first = len(self.blocks)
        rows: list[list[str]] = []
        ids: list[list[int | None]] = []
        for r, row in enumerate(cells):
            rows.append([])
            ids.append([])
            for c, cell in enumerate(row):
                if (r, c) in merged:
                    orow, ocol = merged[(r, c)]
                    rows[r].append(rows[orow][ocol] if orow < r or ocol < c else "")
                    ids[r].append(ids[orow][ocol] if orow < r or ocol < c else None)
                    continue
                text, loc, extra = (tuple(cell) + ({},))[:3] if cell else ("", None, {})
                bid = self.add(text, loc, kind="table_cell", **extra) if loc is not None else None
                rows[r].append(self.blocks[bid].text if bid is not None else "")
                ids[r].append(bid)
        width = max((len(r) for r in rows), default=0)
        for r in range(len(rows)):
            rows[r] += [""] * (width - len(rows[r]))
            ids[r] += [None] * (width - len(ids[r]))
        own = self.blocks[first:]
        table = Table(
            index=len(self.tables), rows=rows, block_ids=ids, page=page,
            start=own[0].start if own else self._offset, end=own[-1].end if own else self._offset, caption=caption,
            parent=parent,
        )
        self.tables.append(table)
        return table

    def _origin(self) -> str:
        return {"docx": "docx", "pdf": "pdf"}.get(self.format, "text")

    def build(self, **kw) -> Document:
        return Document(
            source=self.source, format=self.format, text="\n".join(b.text for b in self.blocks),
            blocks=self.blocks, tables=self.tables, headers=_dedup(self.headers), footers=_dedup(self.footers),
            warnings=self.warnings, unread=self.unread, **kw,
        )


def _dedup(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for s in items:
        s = s.strip()
        if s and _CONTENT.search(s):  # a footer of dashes around a page field has no content
            seen.setdefault(s, None)
    return list(seen)
