"""Conditions tables: one row per track, columns named by their header cell.

Why a table reader of its own: a province may put subject, conditions and
funding of each 类别 side by side (申报主体 | 申报条件 | 支持标准) instead of writing
sections. The header words say which column is which (data/guide_terms.yaml
`table_columns`); each data row is a track named by its subject cell (the text
before `：`, else the whole cell), whose conditions cell holds inline-numbered
items `1.…；2.…；`. A row that a page break split arrives as a continuation row
with an empty subject cell and is joined to the row above.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.guide.text import Span, applicant_types_in, compact, has_any, terms
from models.document import Document, Table

_INLINE_LABEL = re.compile(r"(?:^|(?<=[；;。]))\s*(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])")


@dataclass
class Row:
    track: str
    track_span: Span
    types: list[str]
    conditions: list[Span] = field(default_factory=list)  # one span per numbered item
    funding: list[Span] = field(default_factory=list)
    start: int = 0


def _columns(header: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, cell in enumerate(header):
        c = compact(cell)
        for role, words in terms()["table_columns"].items():
            if role not in cols and has_any(c, words):
                cols[role] = i
                break
    return cols


def _cells(doc: Document, table: Table, r: int, c: int) -> list[Span]:
    """The cell's text as spans of `doc.text` (one per block it came from)."""
    ids = table.block_ids[r] if r < len(table.block_ids) else []
    bid = ids[c] if c < len(ids) else None
    block = next((b for b in doc.blocks if b.id == bid), None) if bid is not None else None
    if block is None or not block.text.strip():
        return []
    return [Span(block.start, block.end, doc.text[block.start:block.end])]


def _join(spans: list[Span]) -> Span | None:
    """One span over cell pieces; when a page break split the cell, the quote is the
    pieces re-joined (the text between them belongs to other cells)."""
    if not spans:
        return None
    return Span(spans[0].start, spans[-1].end, "".join(s.text for s in spans))


def table_role(table: Table) -> str | None:
    """What a table's header row says it is (subject / conditions-by-track / quota /
    funding), or None for an indicator table whose columns name no role."""
    cols = _columns(table.rows[0]) if table.rows else {}
    for role in ("subject", "quota", "funding"):
        if role in cols:
            return role
    return None


def items(cell: Span) -> list[Span]:
    """The inline-numbered items of a cell (`1.…；2.…；`), labels cut; the whole cell when unnumbered."""
    marks = list(_INLINE_LABEL.finditer(cell.text))
    if not marks:
        return [cell]
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(cell.text)
        piece = cell.sub(m.end(), end).strip()
        if piece.text.strip("；;。 "):
            out.append(piece)
    return out


def condition_rows(doc: Document, start: int, end: int) -> list[Row]:
    """Rows of the conditions tables between `start` and `end` (a program's span)."""
    rows: list[Row] = []
    for t in doc.tables:
        if not (start <= t.start <= end) or len(t.rows) < 3:
            continue
        cols = _columns(t.rows[0])
        if "subject" not in cols or "conditions" not in cols:
            continue
        merged: list[dict[str, list[Span]]] = []
        for r in range(1, len(t.rows)):
            cells = {role: _cells(doc, t, r, c) for role, c in cols.items()}
            if not cells["subject"] and merged:  # continuation of the row above
                for role, spans in cells.items():
                    merged[-1][role].extend(spans)
                continue
            merged.append(cells)
        for cells in merged:
            subj = _join(cells["subject"])
            if subj is None:
                continue
            cut = re.search(r"[：:]", subj.text)
            name = compact(subj.text[: cut.start()]) if cut else compact(subj.text)
            who = subj.text[cut.end():] if cut else subj.text
            cond = _join(cells["conditions"])
            rows.append(Row(
                track=name, track_span=subj, types=applicant_types_in(who),
                conditions=items(cond) if cond else [],
                funding=[s for s in [_join(cells.get("funding", []))] if s], start=subj.start,
            ))
    return rows


# ---------------------------------------------------------------- quota tables

_COUNT = re.compile(r"([0-9]+|[一二三四五六七八九十两]{1,3})\s*(?:项|个|家|名)?")


def _cell_count(cell: str) -> int | None:
    """The number of a quota cell (5项, 各3项, 不超过2个, 3)."""
    from extractors.numbers import parse_number

    m = _COUNT.search(compact(cell))
    if not m:
        return None
    v = parse_number(m.group(1))
    return int(v) if v else None


def quota_rows(doc: Document, table: Table) -> list[tuple[str, int, str, Span]]:
    """Rows of a quota table (市（州） | 推荐名额): (scope, count, `scope+header+cell` text, row span).

    Why the first column is the scope: such tables list who recommends (a city,
    a group of cities `各3项`, `其他市（州）`) and how many; the quota column is
    the one whose header names a quota (data/guide_terms.yaml `table_columns.quota`).
    """
    if len(table.rows) < 2:
        return []
    cols = _columns(table.rows[0])
    q = cols.get("quota")
    if q is None or q == 0 or "conditions" in cols:
        return []
    out = []
    for r in range(1, len(table.rows)):
        row = table.rows[r]
        if q >= len(row) or not row[0].strip():
            continue
        n = _cell_count(row[q])
        if n is None:
            continue
        spans = [s for c in range(len(row)) for s in _cells(doc, table, r, c)]
        quote = "".join(compact(c) for c in row)
        span = Span(spans[0].start, spans[-1].end, quote) if spans else Span(table.start, table.end, quote)
        out.append((compact(row[0]), n, compact(row[0] + table.rows[0][q] + row[q]), span))
    return out
