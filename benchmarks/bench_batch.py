"""Benchmark batch screening against plain pdfplumber text extraction (a script, not a test).

    python benchmarks/bench_batch.py [FOLDER ...] [--guide GUIDE] [--workers N] [--repeat K]

Prints files/s, pages/s, peak RSS of the parent and of the workers, and the ratio
of total screening wall time to plain pdfplumber `extract_text` over the same PDFs,
both measured in this run. The target (issue 4) is a batch bound by reading: the
ratio should be well under 1 (about 0.25 on two cores).

Why the order: the batch runs first so the parent's peak RSS is the batch's own;
pdfplumber runs afterwards in this process. Workers report their own peak RSS
(they are children of the forkserver, so RUSAGE_CHILDREN would miss them).
`--repeat K` lists every input K times (under copies in a temp folder) to show
the parent's memory staying flat as the batch grows.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _default_guide() -> Path:
    guides = sorted((ROOT / "corpus" / "guides").glob("*/source.txt"))
    if not guides:
        sys.exit("no guide given and none in corpus/guides")
    return guides[0]


def _pdfplumber_seconds(pdfs: list[Path]) -> tuple[float, int]:
    import pdfplumber

    t0, pages = time.perf_counter(), 0
    for path in pdfs:
        try:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    pages += 1
        except Exception as exc:  # broken inputs count as read attempts
            print(f"  pdfplumber failed on {path.name}: {type(exc).__name__}", file=sys.stderr)
    return time.perf_counter() - t0, pages


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[ROOT / "corpus" / "applications"])
    ap.add_argument("--guide", type=Path, default=None)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()

    from pipeline.batch import BatchOptions, discover, load_guide, run_batch

    work = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    inputs = list(args.folders)
    if args.repeat > 1:  # copies have new paths, so nothing is served from the cache
        inputs = []
        for k in range(args.repeat):
            for folder in args.folders:
                dst = work / f"copy{k}" / folder.name
                shutil.copytree(folder, dst, symlinks=True)
                inputs.append(dst)
    found = [i for i in discover(inputs) if not i.skip]
    pdfs = [i.path for i in found if i.path.suffix.lower() == ".pdf"]
    print(f"inputs: {len(found)} files ({len(pdfs)} PDF), workers: {args.workers}")

    t0 = time.perf_counter()
    guide = load_guide(args.guide or _default_guide())
    guide_s = time.perf_counter() - t0
    options = BatchOptions(guide=guide, out_dir=work / "out", workers=args.workers, timeout_s=args.timeout,
                           progress=False)
    result = run_batch(inputs, options)
    parent_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall = result.elapsed_s
    print(f"guide parsed once: {guide_s:.2f} s")
    print(f"batch: {result.total} files in {wall:.2f} s → {result.total / wall:.2f} files/s, "
          f"{result.pages} pages → {result.pages / wall:.1f} pages/s; decisions {result.counts}")
    print(f"worker time (sum over files): {result.screening_s:.2f} s")
    print(f"peak RSS: parent {_mb(parent_rss)}, largest worker {_mb(result.worker_peak_rss_kb)}")

    if pdfs:
        pdf_opts = BatchOptions(guide=guide, out_dir=work / "out_pdf", workers=args.workers, timeout_s=args.timeout,
                                progress=False)
        pdf_run = run_batch(pdfs, pdf_opts)
        plumber_s, plumber_pages = _pdfplumber_seconds(pdfs)
        print(f"PDFs only: screening {pdf_run.elapsed_s:.2f} s (wall, {args.workers} workers) vs plain pdfplumber "
              f"extract_text {plumber_s:.2f} s ({plumber_pages} pages, 1 process)")
        print(f"ratio screening/pdfplumber: {pdf_run.elapsed_s / max(plumber_s, 1e-9):.2f} "
              f"(per-file worker time: {pdf_run.screening_s / max(plumber_s, 1e-9):.2f})")
    else:
        print("no PDFs among the inputs: pdfplumber ratio not measured")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
