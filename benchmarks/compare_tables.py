"""Compare the pdfium grid table finder with pdfplumber's (a script, not a test).

    python benchmarks/compare_tables.py [PDF ...] [--timing N]

Default inputs: corpus/applications/*.pdf and corpus/guides/*/guide.pdf. For
every page with ruling (the pages the reader asks for tables), both finders
run on the same bytes; tables must agree in count, rows, cell texts (after
the reader's cell normalisation), merges and, within 0.5 pt, boxes. Prints
each difference, the time each finder took, and the grid's fallback count.

--timing N: also times the whole reader (read_document) and plain pdfplumber
extract_text on the first N application PDFs (app0*.pdf), the issue-4 ratio.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.readers import pdf_tables  # noqa: E402
from extractors.readers.pdf_tables import TableFinder, has_ruling  # noqa: E402

TOL = 0.5


def _ruled_pages(data: bytes) -> list[int]:
    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                if has_ruling(page):
                    out.append(i + 1)
            finally:
                page.close()
        return out
    finally:
        pdf.close()


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return all(abs(x - y) <= TOL for x, y in zip(a, b))


def _diff(page: int, grid: list, ref: list) -> list[str]:
    out = []
    if len(grid) != len(ref):
        out.append(f"p{page}: {len(grid)} tables (grid) vs {len(ref)} (pdfplumber)")
    for k, (g, r) in enumerate(zip(grid, ref)):
        where = f"p{page} t{k}"
        if len(g.cells) != len(r.cells) or any(len(a) != len(b) for a, b in zip(g.cells, r.cells)):
            out.append(f"{where}: shape {[len(x) for x in g.cells]} vs {[len(x) for x in r.cells]}")
            continue
        for i, (ga, ra) in enumerate(zip(g.cells, r.cells)):
            for j, (x, y) in enumerate(zip(ga, ra)):
                if x != y:
                    out.append(f"{where} r{i}c{j}: {x!r} vs {y!r}")
        if g.merged != r.merged:
            out.append(f"{where}: merged {sorted(g.merged.items())} vs {sorted(r.merged.items())}")
        if not _close(g.bbox, r.bbox):
            out.append(f"{where}: bbox {g.bbox} vs {r.bbox}")
        bad = [(i, j) for i, (ga, ra) in enumerate(zip(g.boxes, r.boxes))
               for j, (x, y) in enumerate(zip(ga, ra)) if not _close(x, y)]
        if bad:
            out.append(f"{where}: {len(bad)} cell boxes differ, first {bad[0]}")
    return out


def compare(paths: list[Path]) -> int:
    t_grid = t_ref = 0.0
    pages = tables = problems = 0
    for path in paths:
        data = path.read_bytes()
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        try:
            ruled = _ruled_pages(data)
        except Exception as e:  # unreadable input: nothing to compare
            print(f"{name}: not readable by pdfium ({e})")
            continue
        grid_finder, ref_finder = TableFinder(data), TableFinder(data, use_grid=False)
        try:
            for p in ruled:
                t0 = time.perf_counter()
                grid = grid_finder.find(p)
                t1 = time.perf_counter()
                try:
                    ref = ref_finder.find(p)
                except Exception as e:
                    print(f"{name}: p{p}: pdfplumber cannot open it ({type(e).__name__}); grid found {len(grid)} tables")
                    continue
                t2 = time.perf_counter()
                t_grid += t1 - t0
                t_ref += t2 - t1
                pages += 1
                tables += len(ref)
                for line in _diff(p, grid, ref):
                    problems += 1
                    print(f"{name}: {line}")
        finally:
            grid_finder.close()
            ref_finder.close()
    print(f"\n{len(paths)} files, {pages} ruled pages, {tables} tables (pdfplumber), {problems} differences")
    print(f"table finding: grid {t_grid:.2f} s, pdfplumber {t_ref:.2f} s ({t_ref / max(t_grid, 1e-9):.0f}×)")
    print(f"grid pages {pdf_tables.stats['grid_pages']}, fallbacks to pdfplumber {pdf_tables.stats['fallback_pages']}")
    return problems


def timing(n: int) -> None:
    import pdfplumber

    from extractors.readers import read_document

    files = sorted((ROOT / "corpus" / "applications").glob("app0*.pdf"))[:n]
    read_document(files[0])  # imports and lexicon loading out of the measurement

    def reader_seconds() -> float:
        t0 = time.perf_counter()
        for f in files:
            read_document(f)
        return time.perf_counter() - t0

    before = dict(pdf_tables.stats)
    t_reader = reader_seconds()
    fb = pdf_tables.stats["fallback_pages"] - before["fallback_pages"]
    init = TableFinder.__init__
    TableFinder.__init__ = lambda self, data, use_grid=True: init(self, data, use_grid=False)
    try:
        t_old = reader_seconds()  # the reader as it was: pdfplumber for every ruled page
    finally:
        TableFinder.__init__ = init
    t0, n_pages = time.perf_counter(), 0
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()
                n_pages += 1
    t_plumber = time.perf_counter() - t0
    print(f"\n{len(files)} files, {n_pages} pages: pdfplumber extract_text {t_plumber:.2f} s")
    print(f"read_document, pdfium grid:          {t_reader:.2f} s, ratio {t_reader / t_plumber:.2f}; fallbacks {fb}")
    print(f"read_document, pdfplumber tables:    {t_old:.2f} s, ratio {t_old / t_plumber:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--timing", type=int, default=0, metavar="N")
    args = ap.parse_args()
    paths = [p.resolve() for p in args.pdfs] or (
        sorted((ROOT / "corpus" / "applications").glob("*.pdf")) + sorted((ROOT / "corpus" / "guides").glob("*/guide.pdf")))
    problems = compare(paths)
    if args.timing:
        timing(args.timing)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
