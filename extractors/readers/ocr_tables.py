"""Ruled tables on scanned pages, from the page image and the OCR boxes.

Why: application forms are ruled tables (单位名称 | value | 统一社会信用代码 |
value, financial indicators by year). Read as plain lines, a wrapped value
("常州长风新材料股" / "份有限公司") is cut in two and a label runs into the
next cell's value; the claims extractor reads such forms by cell. The rules of
a printed grid survive scanning as long dark runs, so cells are found from the
image: horizontal rules are long horizontal runs of dark pixels, a column
separator is a column dark over the whole height of a row band. OCR boxes are
then put into the cell holding their centre. numpy only (it comes with the
`ocr` extra); the image is deskewed by the angle the OCR boxes were straightened by.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from extractors.readers.pdf_tables import PdfTable

DARK = 170            # grey level below which a pixel is ink (thin rules come out grey)
MIN_RULE_SHARE = 0.12  # a horizontal rule spans at least this share of the page width
SEP_DARK = 0.85       # share of a row band's height a column separator must be dark over


@dataclass
class OcrTable(PdfTable):
    scores: list[list[float | None]] = field(default_factory=list)


def find_tables(image, boxes, angle: float, page: int, scale: float) -> tuple[list[OcrTable], set[int]]:
    """Tables on one page (points) and the indices of the boxes placed in them."""
    import numpy as np

    img = image.convert("L")
    if angle:
        img = img.rotate(math.degrees(angle), fillcolor=255)  # the frame the boxes were straightened into
    dark = np.asarray(img) < DARK
    rules = _horizontal_rules(dark)
    tables: list[OcrTable] = []
    used: set[int] = set()
    for group in _rule_groups(rules):
        for bands in _grids(dark, group):
            t, inside = _fill(bands, boxes, page, scale)
            if t is not None:
                tables.append(t)
                used |= inside
    return tables, used


def _horizontal_rules(dark) -> list[tuple[int, int, int]]:
    """(y, x0, x1) of each horizontal rule, thick or broken rules merged."""
    import numpy as np

    h, w = dark.shape
    span = max(40, w // 30)
    tall = dark.copy()  # a thin rule resampled by the deskew is spread over two pixel rows
    tall[1:] |= dark[:-1]
    tall[:-1] |= dark[1:]
    c = np.cumsum(np.pad(tall, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    full = (c[:, span:] - c[:, :-span]) == span  # dark over a whole window starting here
    rows = []
    for y in np.nonzero(full.sum(axis=1) * 1 >= MIN_RULE_SHARE * w - span)[0]:
        xs = np.nonzero(full[y])[0]
        if len(xs) and xs[-1] + span - xs[0] >= MIN_RULE_SHARE * w:
            rows.append((int(y), int(xs[0]), int(xs[-1] + span)))
    merged: list[list[int]] = []
    for y, x0, x1 in rows:
        if merged and y - merged[-1][1] <= 3:
            m = merged[-1]
            m[1], m[2], m[3] = y, min(m[2], x0), max(m[3], x1)
        else:
            merged.append([y, y, x0, x1])
    return [((a + b) // 2, x0, x1) for a, b, x0, x1 in merged]


def _rule_groups(rules):
    """Consecutive rules with overlapping extents: candidate tables (≥ 2 rules)."""
    groups: list[list] = []
    for r in rules:
        if groups and min(groups[-1][-1][2], r[2]) - max(groups[-1][-1][1], r[1]) > 0.5 * (r[2] - r[1]):
            groups[-1].append(r)
        else:
            groups.append([r])
    return [g for g in groups if len(g) >= 2]


def _grids(dark, rules) -> list[list]:
    """Runs of row bands with column separators: (top, bottom, separator xs) per
    band. A band without separators (a heading between two tables) ends a run."""
    import numpy as np

    x0 = min(r[1] for r in rules)
    x1 = max(r[2] for r in rules)
    runs: list[list] = [[]]
    for (ya, _, _), (yb, _, _) in zip(rules, rules[1:]):
        top, bottom = ya + 3, yb - 2
        seps: list[int] = []
        if bottom - top >= 8:
            band = dark[top:bottom, max(0, x0 - 12):x1 + 13]
            wide = band.copy()  # a rule left by a residual tilt wanders over a few pixel columns
            for k in (1, 2):
                wide[:, k:] |= band[:, :-k]
                wide[:, :-k] |= band[:, k:]
            share = wide.mean(axis=0)
            for x in np.nonzero(share >= SEP_DARK)[0] + max(0, x0 - 12):
                if not seps or x - seps[-1] > 6:
                    seps.append(int(x) + 2)  # the first hit is the dilated edge
        if len(seps) >= 2:
            runs[-1].append((ya, yb, seps))
        elif runs[-1]:
            runs.append([])
    # boxed text or a rule under a heading is not a table: it needs columns
    return [r for r in runs if r and any(len(s) >= 3 for _, _, s in r)]


def _fill(bands, boxes, page: int, scale: float):
    """Cells from the bands; each box goes to the cell holding its centre.
    Column edges are pooled over the bands, so a band with fewer separators
    has merged cells (a value spanning two columns)."""
    edges: list[int] = []
    for _, _, seps in bands:
        for x in seps:
            if not any(abs(x - e) <= 8 for e in edges):
                edges.append(x)
    edges.sort()
    ncol = len(edges) - 1
    cells: list[list[str | None]] = []
    rects: list[list[tuple | None]] = []
    scores: list[list[float | None]] = []
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    inside: set[int] = set()
    for r, (ya, yb, seps) in enumerate(bands):
        row_cells, row_rects, row_scores = [None] * ncol, [None] * ncol, [None] * ncol
        idx = [min(range(len(edges)), key=lambda k: abs(edges[k] - x)) for x in seps]
        for a, b in zip(idx, idx[1:]):
            if b <= a:
                continue
            xa, xb = edges[a], edges[b]
            mine = [i for i, bx in enumerate(boxes)
                    if xa < (bx.x0 + bx.x1) / 2 < xb and ya < (bx.top + bx.bottom) / 2 < yb]
            inside.update(mine)
            row_cells[a] = _cell_text([boxes[i] for i in mine])
            row_scores[a] = min((boxes[i].score for i in mine), default=None)
            row_rects[a] = (xa * scale, ya * scale, xb * scale, yb * scale)
            for k in range(a + 1, b):
                merged[(r, k)] = (r, a)
        cells.append([c if c is not None else ("" if (r, k) not in merged else None) for k, c in enumerate(row_cells)])
        rects.append(row_rects)
        scores.append(row_scores)
    if not inside:
        return None, set()
    bbox = (edges[0] * scale, bands[0][0] * scale, edges[-1] * scale, bands[-1][1] * scale)
    return OcrTable(page=page, bbox=bbox, cells=cells, boxes=rects, merged=merged, pages=[page] * len(cells),
                    scores=scores), inside


def _cell_text(boxes) -> str:
    from extractors.readers.ocr_layout import paragraph_text, to_lines

    return paragraph_text(to_lines(boxes, None, 1.0)) if boxes else ""
