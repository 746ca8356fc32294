"""Local pool vs Dask LocalCluster on the same files, and the cost model on paper (issue 18).

    python benchmarks/bench_cluster.py [--files 40] [--workers 2] [--guide GUIDE]
                                       [--pages 50] [--scanned 0.3] [--cluster-workers 16 64]

1. Screens the same corpus files (the first N/2 .docx and N/2 .pdf of
   corpus/applications) twice, each into a fresh output folder so nothing is
   served from the store: with the local WorkerPool (--workers processes) and on
   a LocalCluster (--workers worker processes, 1 thread each, started before the
   clock starts; its start-up is printed apart). Prints files/s side by side.
2. Fits the model's two measured constants on the local run: t_fix, the mean
   seconds of a .docx (per-submission cost: reading, claims, screening), and
   t_text, the seconds per text-layer PDF page beyond that; and the cluster's
   per-file coordination overhead o (shipping bytes, scheduling, the result's
   trip back), from the cluster run. Scanned pages cost OCR_S (4 s, the OCR
   reader's own estimate; OCR is not run here).
3. Prints the measured points next to the model's prediction for the same
   files, then the table for 10 … 10,000 submissions of --pages pages with a
   --scanned share of scanned pages: wall time on 2 local cores vs W cluster
   workers, and core-hours.

Model (per submission): core_s = t_fix + P·((1−s)·t_text + s·OCR_S)
   local wall   = start-up + N·core_s / cores
   cluster wall = start-up + N·(core_s + o) / min(W, N)
   core-hours   = N·core_s / 3600 (cluster: N·(core_s + o) / 3600)
The client writes every report and store row itself: at a few ms per file it
is not the bottleneck below ~100 files/s, i.e. far above what OCR-bound work reaches.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
APPS = ROOT / "corpus" / "applications"
OCR_S = 4.0
SIZES = (10, 100, 1_000, 10_000)


def _pick(n: int) -> list[Path]:
    docx = sorted(APPS.glob("*.docx"))[: n // 2]
    pdf = sorted(APPS.glob("*.pdf"))[: n - len(docx)]
    return docx + pdf


def _per_file(out: Path) -> list[tuple[str, int | None, float, str | None]]:
    with sqlite3.connect(out / "results.sqlite") as db:
        return list(db.execute("SELECT rel, pages, elapsed, error_code FROM results"))


def _run(files: list[Path], guide, out: Path, workers: int, cluster=None) -> tuple[float, object]:
    from pipeline.batch.run import BatchOptions, run_batch

    opts = BatchOptions(guide=guide, out_dir=out, workers=workers, timeout_s=120, progress=False, cluster=cluster)
    t0 = time.perf_counter()
    result = run_batch(files, opts)
    return time.perf_counter() - t0, result


def _hours(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=40)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--guide", type=Path, default=None)
    ap.add_argument("--pages", type=int, default=50, help="pages per submission in the model")
    ap.add_argument("--scanned", type=float, default=0.3, help="share of scanned pages in the model")
    ap.add_argument("--cluster-workers", type=int, nargs="+", default=[16, 64])
    args = ap.parse_args()

    from distributed import Client, LocalCluster

    from pipeline.batch.run import load_guide

    guide_path = args.guide or sorted((ROOT / "corpus" / "guides").glob("*/gold.yaml"))[0]
    guide = load_guide(guide_path)
    files = _pick(args.files)
    tmp = Path(tempfile.mkdtemp(prefix="bench_cluster_"))
    print(f"{len(files)} files ({sum(f.suffix == '.docx' for f in files)} docx, "
          f"{sum(f.suffix == '.pdf' for f in files)} pdf), guide {guide_path.relative_to(ROOT)}, "
          f"{args.workers} workers, outputs in {tmp}")

    warm = sorted(APPS.glob("*.docx"))[-args.workers:]  # one small file per worker, not among the measured ones
    # start-up, measured apart: a local batch starts its pool every time; a cluster starts once
    # (scheduler, workers, then each worker's resident child on its first file)
    local_start, _ = _run(warm, guide, tmp / "local_warm", args.workers)
    local_s, local = _run(files, guide, tmp / "local", args.workers)
    t0 = time.perf_counter()
    lc = LocalCluster(n_workers=args.workers, processes=True, threads_per_worker=1, dashboard_address=":0")
    client = Client(lc)
    _run(warm, guide, tmp / "cluster_warm", args.workers, cluster=lc.scheduler_address)
    start_s = time.perf_counter() - t0
    try:
        cluster_s, remote = _run(files, guide, tmp / "cluster", args.workers, cluster=lc.scheduler_address)
    finally:
        client.close()
        lc.close()

    same = [(r.file, r.decision) for r in local.rows] == [(r.file, r.decision) for r in remote.rows]
    print()
    print(f"{'executor':<28}{'wall s':>9}{'files/s':>9}{'errors':>8}")
    print(f"{'local WorkerPool':<28}{local_s:>9.1f}{len(files) / local_s:>9.2f}{local.errors:>8}"
          f"   (warm forkserver; start-up {local_start:.1f} s: first {len(warm)}-file batch)")
    print(f"{'Dask LocalCluster':<28}{cluster_s:>9.1f}{len(files) / cluster_s:>9.2f}{remote.errors:>8}"
          f"   (warm cluster; start-up {start_s:.1f} s: cluster + first file per worker)")
    print(f"same decisions: {same}")

    rows = _per_file(tmp / "local")
    docx = [e for rel, _, e, _ in rows if rel.endswith(".docx")]
    pdf = [(p or 0, e) for rel, p, e, _ in rows if rel.endswith(".pdf")]
    t_fix = sum(docx) / max(1, len(docx))
    pdf_pages = sum(p for p, _ in pdf)
    t_text = max(0.0, (sum(e for _, e in pdf) - t_fix * len(pdf)) / max(1, pdf_pages))
    core_measured = sum(e for _, _, e, _ in rows)
    o = max(0.0, (cluster_s * args.workers - core_measured) / len(files))  # fitted on the warm cluster run
    print()
    print(f"fitted: t_fix = {t_fix:.2f} s per submission, t_text = {t_text:.3f} s per text page "
          f"({pdf_pages} PDF pages), cluster overhead o = {o:.2f} s per file, OCR_S = {OCR_S} s per scanned page")

    def core_s(pages: float, scanned: float) -> float:
        return t_fix + pages * ((1 - scanned) * t_text + scanned * OCR_S)

    work = t_fix * len(docx) + sum(core_s(p, 0.0) for p, _ in pdf)
    model_local = work / args.workers  # the warm-up batch already started this process's forkserver
    model_cluster = (work + o * len(files)) / args.workers
    print()
    print("measured points vs model (same files, no scanned pages):")
    print(f"  local {args.workers} cores:        measured {local_s:6.1f} s   model {model_local:6.1f} s")
    print(f"  LocalCluster {args.workers} workers: measured {cluster_s:6.1f} s   model {model_cluster:6.1f} s "
          "(o fitted on this run)")

    per = core_s(args.pages, args.scanned)
    print()
    print(f"cost model: {args.pages}-page submissions, {args.scanned:.0%} scanned pages → "
          f"{per:.0f} core-seconds each (+{o:.2f} s on a cluster)")
    local_fixed = max(0.0, local_start - t_fix)
    head = f"{'submissions':>12}{'local 2 cores':>16}" + "".join(f"{f'{w} workers':>14}" for w in args.cluster_workers)
    print(head + f"{'core-hours':>12}")
    for n in SIZES:
        line = f"{n:>12,}{_hours(local_fixed + n * per / 2):>16}"
        for w in args.cluster_workers:
            line += f"{_hours(n * (per + o) / min(w, n) + start_s):>14}"
        print(line + f"{n * per / 3600:>12.1f}")


if __name__ == "__main__":
    main()
