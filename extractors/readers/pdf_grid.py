"""Ruled tables from pdfium's vector paths and characters, without pdfminer.

Why: pdfplumber's `find_tables` runs the whole pdfminer interpreter on a page
(Python, ~0.2 s a page) only to learn where the ruling lines are, and that was
90% of reading a PDF application. pdfium has already parsed the page in C: its
path objects are the same ruling lines and its text page the same characters.
The grid rules below are pdfplumber's "lines" strategy (same tolerances, same
snapping, joining, intersection and cell rules), so both paths agree on the
tables; benchmarks/compare_tables.py checks that on the corpus.

A page the rules cannot read with confidence (rotated page or text, cells that
overlap) raises GridUnsure and the caller asks pdfplumber instead.
"""
from __future__ import annotations

import bisect
import ctypes
import math
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

SNAP = 3.0          # pdfplumber snap_tolerance: ruling this close is one line
JOIN = 3.0          # join_tolerance: collinear pieces with gaps this small are one line
MIN_EDGE = 3.0      # edge_min_length after joining
MIN_PIECE = 1.0     # edge_min_length_prefilter: drops the short sides of hairline rectangles
CROSS = 3.0         # intersection_tolerance
X_TOL = 3.0         # text: a gap wider than this between characters is a space
Y_TOL = 3.0         # text: tops this close are one line
_EPS = 1e-3         # float32 noise when deciding that a segment is axis-aligned
_MAX_DEPTH = 4      # form XObjects nested deeper than this are not searched for ruling
MAX_POINTS = 20000  # more crossings than this is a drawing (hatching, a chart), not a table
MAX_SEGMENTS = 200_000  # likewise for path segments on one page


class GridUnsure(Exception):
    """Ruling is present but its grid cannot be trusted; ask pdfplumber."""


class _TooDense(Exception):
    pass


@dataclass
class Grid:
    """One table: pdfplumber's Table.rows / .columns semantics."""

    bbox: tuple[float, float, float, float]
    rows: list[list[tuple | None]]   # per row, a box per column x0, None where no cell starts
    row_boxes: list[tuple]           # union of the cells starting on each row
    col_boxes: list[tuple]           # union of the cells starting at each column


# --- ruling lines ---------------------------------------------------------

def _mul(m, n):
    """Matrix m applied after n (PDF row-vector convention)."""
    a, b, c, d, e, f = n
    A, B, C, D, E, F = m
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _matrix(obj) -> tuple:
    fm = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, fm):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)


def _path_points(obj, m) -> list[list[tuple[float, float]]]:
    """Subpaths as the points pdfminer keeps: each segment's end point (Bézier
    control points dropped) and the start point again when the subpath closes."""
    subpaths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = m
    bez = 0
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([pt])
            bez = 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bez += 1
            if bez % 3 == 0:
                subpaths[-1].append(pt)
        else:
            subpaths[-1].append(pt)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and subpaths[-1]:
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


def _paths(container, m, depth, out, is_form=False):
    count = pdfium_c.FPDFFormObj_CountObjects if is_form else pdfium_c.FPDFPage_CountObjects
    get = pdfium_c.FPDFFormObj_GetObject if is_form else pdfium_c.FPDFPage_GetObject
    for i in range(max(count(container), 0)):
        obj = get(container, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            out[0] += max(pdfium_c.FPDFPath_CountSegments(obj), 0)
            if out[0] > MAX_SEGMENTS:
                raise _TooDense
            out[1].extend(_path_points(obj, _mul(m, _matrix(obj))))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
            _paths(obj, _mul(m, _matrix(obj)), depth + 1, out, True)


def page_edges(page, height: float) -> tuple[list[tuple], list[tuple]]:
    """Axis-aligned pieces of every painted path, top-down coordinates:
    horizontal (y, x0, x1) and vertical (x, top, bottom)."""
    found: list = [0, []]  # segments seen, subpaths
    try:
        _paths(page.raw, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0, found)
    except _TooDense:
        return [], []  # a vector drawing, not a table: the text path reads the page
    h, v = [], []
    for pts in found[1]:
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            if abs(x0 - x1) < _EPS and abs(y0 - y1) >= MIN_PIECE:
                v.append((x0, height - max(y0, y1), height - min(y0, y1)))
            elif abs(y0 - y1) < _EPS and abs(x0 - x1) >= MIN_PIECE:
                h.append((height - y0, min(x0, x1), max(x0, x1)))
    return h, v


def _snap(edges: list[tuple]) -> list[tuple]:
    """Positions within SNAP of their neighbour (chained) move to the group's mean."""
    if not edges:
        return []
    values = sorted({e[0] for e in edges})
    group, groups, last = {}, 0, values[0]
    for val in values:
        if val > last + SNAP:
            groups += 1
        group[val] = groups
        last = val
    sums: dict[int, list[float]] = {}
    for e in edges:
        s = sums.setdefault(group[e[0]], [0.0, 0])
        s[0] += e[0]
        s[1] += 1
    return [(sums[group[e[0]]][0] / sums[group[e[0]]][1], e[1], e[2]) for e in edges]


def merge_edges(edges: list[tuple]) -> list[tuple]:
    """Snap, then join collinear pieces that touch or nearly touch; keep long ones."""
    out = []
    by_pos: dict[float, list[tuple]] = {}
    for e in _snap(edges):
        by_pos.setdefault(e[0], []).append(e)
    for pos in sorted(by_pos):
        joined: list[list[float]] = []
        for _, a, b in sorted(by_pos[pos], key=lambda e: e[1]):
            if joined and a <= joined[-1][1] + JOIN:
                joined[-1][1] = max(joined[-1][1], b)
            else:
                joined.append([a, b])
        out.extend((pos, a, b) for a, b in joined if b - a >= MIN_EDGE)
    return out


# --- cells and tables -----------------------------------------------------

def _cells(h: list[tuple], v: list[tuple]) -> list[tuple]:
    """Smallest rectangles whose four sides are drawn (pdfplumber's rule: a side
    is drawn when one merged line passes through both corners). A merged cell
    is simply a rectangle whose inner sides are missing."""
    points: dict[tuple[float, float], tuple[set, set]] = {}
    order = sorted(range(len(h)), key=lambda i: h[i][0])
    ys = [h[i][0] for i in order]
    for vi, (x, top, bottom) in enumerate(v):
        for hi in order[bisect.bisect_left(ys, top - CROSS):bisect.bisect_right(ys, bottom + CROSS)]:
            y, x0, x1 = h[hi]
            if x0 - CROSS <= x <= x1 + CROSS:
                p = points.setdefault((x, y), (set(), set()))
                p[0].add(vi)
                p[1].add(hi)
                if len(points) > MAX_POINTS:
                    return []  # a drawing (hatching, a chart); pdfplumber's quadratic search would take minutes
    by_x: dict[float, list[float]] = {}
    by_y: dict[float, list[float]] = {}
    for x, y in sorted(points):
        by_x.setdefault(x, []).append(y)
        by_y.setdefault(y, []).append(x)

    def vjoin(p, q):
        return bool(points[p][0] & points[q][0])

    def hjoin(p, q):
        return bool(points[p][1] & points[q][1])

    cells = []
    for (x, y) in sorted(points):
        found = None
        col, row = by_x[x], by_y[y]
        for yb in col[bisect.bisect_right(col, y):]:
            if not vjoin((x, y), (x, yb)):
                continue
            for xr in row[bisect.bisect_right(row, x):]:
                if not hjoin((x, y), (xr, y)):
                    continue
                corner = (xr, yb)
                if corner in points and vjoin(corner, (xr, y)) and hjoin(corner, (x, yb)):
                    found = (x, y, xr, yb)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _group(cells: list[tuple]) -> list[list[tuple]]:
    """Cells sharing a corner belong to one table; single cells are no table."""
    parent = list(range(len(cells)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple, int] = {}
    for i, (x0, t, x1, b) in enumerate(cells):
        for corner in ((x0, t), (x0, b), (x1, t), (x1, b)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[tuple]] = {}
    for i, c in enumerate(cells):
        groups.setdefault(root(i), []).append(c)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _union(boxes) -> tuple:
    boxes = [b for b in boxes if b is not None]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _grid(cells: list[tuple]) -> Grid:
    xs = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    rows = []
    for top in tops:
        at = {c[0]: c for c in cells if c[1] == top}
        rows.append([at.get(x) for x in xs])
    cols = [_union(c for c in cells if c[0] == x) for x in xs]
    _check_disjoint(cells)
    return Grid(_union(cells), rows, [_union(r) for r in rows], cols)


def _check_disjoint(cells: list[tuple]) -> None:
    """A consistent grid never has two cells over the same ground: mark the
    lattice squares each cell covers (cells come from the lattice, so exact)."""
    xs = {x: i for i, x in enumerate(sorted({c[0] for c in cells} | {c[2] for c in cells}))}
    ys = {y: i for i, y in enumerate(sorted({c[1] for c in cells} | {c[3] for c in cells}))}
    seen: set[tuple[int, int]] = set()
    for x0, top, x1, bottom in cells:
        for i in range(xs[x0], xs[x1]):
            for j in range(ys[top], ys[bottom]):
                if (i, j) in seen:
                    raise GridUnsure("overlapping cells")
                seen.add((i, j))


def find_grids(page, height: float) -> list[Grid]:
    h, v = page_edges(page, height)
    cells = _cells(merge_edges(h), merge_edges(v))
    return [_grid(t) for t in _group(cells)]


# --- text -----------------------------------------------------------------

@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    cx: float = 0.0
    cy: float = 0.0
    index: int = 0  # text page order = content order, which pdfplumber's grouping keeps for ties


def page_chars(textpage, height: float, regions: list[tuple]) -> list[Char]:
    """The characters drawn inside `regions` (table boxes). pdfium's generated
    spaces and line breaks are left out: they are not glyphs, pdfplumber never
    sees them. Rotated text raises GridUnsure (pdfplumber groups it apart)."""
    raw = textpage.raw
    n = textpage.count_chars()
    text = textpage.get_text_range() if n else ""
    if len(text) != n:
        text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(n))
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    loose = pdfium_c.FPDFText_GetLooseCharBox
    x0, y0 = min(r[0] for r in regions), min(r[1] for r in regions)
    x1, y1 = max(r[2] for r in regions), max(r[3] for r in regions)
    out = []
    for i, ch in enumerate(text):
        if ch == "\r" or ch == "\n":
            continue
        loose(raw, i, ref)
        cx, cy = (rect.left + rect.right) / 2, height - (rect.top + rect.bottom) / 2
        if not (x0 <= cx <= x1 and y0 <= cy <= y1) or not any(
                r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in regions):
            continue
        if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue
        angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
        if not ch.isspace() and angle >= 0 and min(angle, 2 * math.pi - angle) > 1e-3:
            raise GridUnsure("rotated text in a table")
        out.append(Char(ch.replace("\ufffe", "").replace("\x02", "-"), rect.left, rect.right,
                        height - rect.top, height - rect.bottom, cx, cy, i))
    return out


def cell_chars(grid: Grid, chars: list[Char]) -> list[list[list[Char] | None]]:
    """Characters whose centre falls in each cell (half-open boxes, as pdfplumber)."""
    chars = sorted(chars, key=lambda c: c.cy)
    cys = [c.cy for c in chars]
    out = []
    for row, (_, top, _, bottom) in zip(grid.rows, grid.row_boxes):
        mine = chars[bisect.bisect_left(cys, top):bisect.bisect_left(cys, bottom)]
        out.append([None if box is None else
                    sorted((c for c in mine if box[0] <= c.cx < box[2] and box[1] <= c.cy < box[3]),
                           key=lambda c: c.index)
                    for box in row])
    return out


def _cluster(items: list, keys: list[float]) -> list[list]:
    """pdfplumber's cluster_objects: chain clustering of the distinct key values
    (order kept within a cluster)."""
    if len(items) < 2:
        return [items] if items else []
    index, k, last = {}, 0, None
    for val in sorted(set(keys)):
        if last is not None and val > last + Y_TOL:
            k += 1
        index[val] = k
        last = val
    groups: list[list] = [[] for _ in range(k + 1)]
    for item, key in zip(items, keys):
        groups[index[key]].append(item)
    return groups


def chars_text(chars: list[Char]) -> str:
    """Lines split by top, words by gaps wider than X_TOL or blanks, as
    pdfplumber's extract_text does, so the cell normalisation sees the same input."""
    words = []  # (top, text)
    for line in _cluster(chars, [c.top for c in chars]):
        word: list[Char] = []
        for c in sorted(line, key=lambda c: c.x0):
            if c.text.isspace():
                if word:
                    words.append(word)
                word = []
                continue
            if word:
                p = word[-1]
                if c.x0 < p.x0 or c.x0 > p.x1 + X_TOL or abs(c.top - p.top) > Y_TOL:
                    words.append(word)
                    word = []
            word.append(c)
        if word:
            words.append(word)
    merged = [(min(c.top for c in w), "".join(c.text for c in w)) for w in words]
    lines = _cluster(merged, [w[0] for w in merged])
    return "\n".join(" ".join(w[1] for w in line) for line in lines)
