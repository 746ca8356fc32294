"""Table structure for the few PDF pages that have ruled tables.

Why two finders: pdfplumber recovers cells of ruled tables reliably (financial
tables, merged header cells) but runs the whole pdfminer interpreter on a page,
20-50× the pypdfium2 text path. pdf_grid applies pdfplumber's grid rules to
pdfium's own paths and characters, which costs milliseconds; pdfplumber is
opened (lazily, once, on the bytes already in memory) only for a page whose
ruling pdf_grid cannot turn into a consistent grid. `stats` counts both, for
the benchmark.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.readers import pdf_grid
from extractors.readers.normalize import join, Mapped, normalize_inline

MIN_PATHS = 4

log = logging.getLogger(__name__)
stats = {"grid_pages": 0, "fallback_pages": 0}  # per process; read by benchmarks


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
    """pdf_grid first; pdfplumber for pages it is unsure of. `use_grid=False`
    forces pdfplumber everywhere (the reference in benchmarks/compare_tables)."""

    def __init__(self, data: bytes, use_grid: bool = True):
        self.data = data
        self.use_grid = use_grid
        self._pdf = None
        self._pdfium = None

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
        if self._pdfium is not None:
            self._pdfium.close()

    def find(self, page_number: int) -> list[PdfTable]:
        if self.use_grid:
            try:
                found = self._grid(page_number)
                stats["grid_pages"] += 1
                return found
            except pdf_grid.GridUnsure as e:
                stats["fallback_pages"] += 1
                log.debug("page %d: table grid unsure (%s), using pdfplumber", page_number, e)
        return self._plumber(page_number)

    def _grid(self, page_number: int) -> list[PdfTable]:
        if self._pdfium is None:
            self._pdfium = pdfium.PdfDocument(self.data)
        page = self._pdfium[page_number - 1]
        try:
            if page.get_rotation():
                raise pdf_grid.GridUnsure("rotated page")
            height = page.get_size()[1]
            grids = pdf_grid.find_grids(page, height)
            if not grids:
                return []
            tp = page.get_textpage()
            try:
                chars = pdf_grid.page_chars(tp, height, [g.bbox for g in grids])
            finally:
                tp.close()
        finally:
            page.close()
        out = []
        for g in grids:
            if len(g.col_boxes) < 2:
                continue  # a box around a paragraph, not a table (one row is kept: it may continue a table)
            texts = pdf_grid.cell_chars(g, chars)
            cells = [[_cell_text(pdf_grid.chars_text(c)) if c is not None else None for c in row] for row in texts]
            boxes = [list(r) for r in g.rows]
            out.append(PdfTable(page_number, g.bbox, cells, boxes, _merges(g.row_boxes, g.col_boxes, boxes),
                                [page_number] * len(cells)))
        return out

    def _plumber(self, page_number: int) -> list[PdfTable]:
        import pdfplumber

        try:
            if self._pdf is None:
                self._pdf = pdfplumber.open(io.BytesIO(self.data))
            page = self._pdf.pages[page_number - 1]
            found = page.find_tables()
        except Exception:  # pdfminer on odd content (pdfium read it): the text path stands alone
            log.debug("page %d: pdfplumber cannot read it", page_number, exc_info=True)
            return []
        out = []
        for t in found:
            rows = t.extract()
            if not rows or max(len(r) for r in rows) < 2:
                continue  # a box around a paragraph, not a table (one row is kept: it may continue a table)
            cells = [[_cell_text(c) if c is not None else None for c in row] for row in rows]
            boxes = [list(r.cells) for r in t.rows]
            try:
                merged = _merges([r.bbox for r in t.rows], [c.bbox for c in t.columns], boxes)
            except Exception:
                merged = {}
            out.append(PdfTable(page_number, tuple(t.bbox), cells, boxes, merged, [page_number] * len(cells)))
        page.flush_cache()
        return out


def _cell_text(raw: str) -> str:
    """Cell lines re-joined: CJK and digits without spaces (410,000,0 / 00.00)."""
    m = Mapped()
    for part in raw.split("\n"):
        t, _ = normalize_inline(part)
        m = join(m, Mapped(t, [0] * len(t)))
    return m.text


def _merges(rows, cols, boxes) -> dict[tuple[int, int], tuple[int, int]]:
    """Map each covered grid position to the origin cell whose box covers it
    (rows/cols: the bounding boxes of the cells starting on each row/column)."""
    merged = {}
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
