"""Table structure for the few PDF pages that have ruled tables.

Why only some pages: pdfplumber recovers cells of ruled tables reliably
(financial tables, merged header cells) but costs 20-50× the pypdfium2 text
path. A page is a candidate only when pdfium sees enough vector paths to draw
a grid; pdfplumber then parses just those pages of the same in-memory bytes.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

from extractors.readers.normalize import join, Mapped, normalize_inline

MIN_PATHS = 4


@dataclass
class PdfTable:
    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    cells: list[list[str | None]]  # None: covered by a merged cell
    boxes: list[list[tuple | None]]
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)  # page of each row (tables continued across pages)


def has_ruling(page) -> bool:
    """Cheap test: enough path objects on the page to draw a table grid."""
    count = 0
    for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        count += 1
        if count >= MIN_PATHS:
            return True
    return False


class TableFinder:
    """Opens pdfplumber lazily, once, on the bytes already in memory."""

    def __init__(self, data: bytes):
        self.data = data
        self._pdf = None

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()

    def find(self, page_number: int) -> list[PdfTable]:
        import pdfplumber

        if self._pdf is None:
            self._pdf = pdfplumber.open(io.BytesIO(self.data))
        page = self._pdf.pages[page_number - 1]
        out = []
        try:
            found = page.find_tables()
        except Exception:  # pdfminer on odd content: fall back to the text path
            return []
        for t in found:
            rows = t.extract()
            if not rows or max(len(r) for r in rows) < 2:
                continue  # a box around a paragraph, not a table (one row is kept: it may continue a table)
            cells = [[_cell_text(c) if c is not None else None for c in row] for row in rows]
            boxes = [list(r.cells) for r in t.rows]
            out.append(PdfTable(page_number, tuple(t.bbox), cells, boxes, _merges(t, boxes),
                                [page_number] * len(cells)))
        page.flush_cache()
        return out


def _cell_text(raw: str) -> str:
    """Cell lines re-joined: CJK and digits without spaces (410,000,0 / 00.00)."""
    m = Mapped()
    for part in raw.split("\n"):
        t, _ = normalize_inline(part)
        m = join(m, Mapped(t, [0] * len(t)))
    return m.text


def _merges(table, boxes) -> dict[tuple[int, int], tuple[int, int]]:
    """Map each covered grid position to the origin cell whose box covers it."""
    merged = {}
    try:
        cols = [c.bbox for c in table.columns]
        rows = [r.bbox for r in table.rows]
    except Exception:
        return merged
    for r, row in enumerate(boxes):
        for c, box in enumerate(row):
            if box is not None or c >= len(cols):
                continue
            cx = (cols[c][0] + cols[c][2]) / 2
            cy = (rows[r][1] + rows[r][3]) / 2
            for r2 in range(r, -1, -1):
                hit = next((c2 for c2 in range(len(boxes[r2]) - 1, -1, -1)
                            if boxes[r2][c2] is not None and _inside(boxes[r2][c2], cx, cy)), None)
                if hit is not None:
                    merged[(r, c)] = (r2, hit)
                    break
    return merged


def _inside(box, x, y) -> bool:
    return box[0] - 0.5 <= x <= box[2] + 0.5 and box[1] - 0.5 <= y <= box[3] + 0.5
