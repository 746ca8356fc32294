"""Benchmark batch screening (a script, not a test).

    python benchmarks/bench_batch.py [FOLDER ...] [--guide GUIDE] [--workers N] [--repeat K]
    python benchmarks/bench_batch.py --mixed      # corpus + the whole bad-input suite, per guide
    python benchmarks/bench_batch.py --growth     # parent peak RSS for N and 4N files

Default: files/s, pages/s, peak RSS of the parent and of the workers, and the
ratio of total screening wall time to plain pdfplumber `extract_text` over the
same PDFs, both measured in this run (target, issue 4: well under 1, about 0.25
on two cores); then the same PDFs screened by a fresh `shenbao screen` command
(start-up included: issue 15's goal, ≤ 0.25× for 8 twenty-page PDFs, ≤ 0.15× for
300 files) and pages per second per core beside pypdfium2's raw text extraction.

    python benchmarks/make_long_apps.py --n 8 --patents 35-45 --out /tmp/twenty
    python benchmarks/bench_batch.py /tmp/twenty

--mixed (issue 8's Done-when at full size): each guide's corpus applications
form one batch, with the whole bad-input suite (tests/badinputs.py, heavy
cases included) mixed in; prints rows vs inputs, bad files whose code is not
the expected one, valid files that became `error`, and the slowest file
against the per-file limit.

--growth: the same batch of N files and of 4N files (copies under new paths,
so nothing is served from the cache), each in its own subprocess so ru_maxrss
is that run's parent peak: it should stay flat while the batch grows.

Why the order in the default mode: the batch runs first so the parent's peak
RSS is the batch's own; pdfplumber runs afterwards in this process. Workers
report their own peak RSS (forkserver children, which RUSAGE_CHILDREN misses).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ROOT / "corpus" / "applications"


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


def _pdfium_seconds(pdfs: list[Path]) -> tuple[float, int]:
    """pypdfium2's raw text extraction, one process: what reading the text layer costs at least."""
    import pypdfium2 as pdfium

    t0, pages = time.perf_counter(), 0
    for path in pdfs:
        try:
            doc = pdfium.PdfDocument(path)
        except Exception:  # broken inputs count as read attempts
            continue
        try:
            for page in doc:
                tp = page.get_textpage()
                tp.get_text_range()
                tp.close()
                page.close()
                pages += 1
        finally:
            doc.close()
    return time.perf_counter() - t0, pages


def _fresh_command(pdfs: list[Path], args, work: Path) -> tuple[float, float]:
    """(wall, CPU of the process tree) of `shenbao screen` over the PDFs in a fresh process,
    the guide's schema cached as in the everyday loop: start-up included, as staff see it."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from proctime import measure

    guide = str(args.guide or _default_guide())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SHENBAO_CACHE": str(work / "cache")}
    cmd = [sys.executable, "-m", "evaluation.cli"]
    measure(cmd + ["guide", guide], env=env, cwd=ROOT)  # fills the schema cache
    out = work / "out_fresh"
    wall, cpu, _ = measure(cmd + ["screen", "--guide", guide, "--out", str(out), "--workers", str(args.workers),
                                  "--timeout", str(args.timeout), *map(str, pdfs)], env=env, cwd=ROOT)
    return wall, cpu


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def _copies(folders: list[Path], repeat: int, work: Path) -> list[Path]:
    if repeat <= 1:
        return list(folders)
    inputs = []
    for k in range(repeat):  # copies have new paths, so nothing is served from the cache
        for folder in folders:
            dst = work / f"copy{k}" / folder.name
            if folder.is_dir():
                shutil.copytree(folder, dst, symlinks=True, ignore=shutil.ignore_patterns("*.yaml"))
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(folder, dst)
            inputs.append(dst)
    return inputs


def run_default(args) -> None:
    from pipeline.batch.run import BatchOptions, discover, load_guide, run_batch

    work = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    inputs = _copies(args.folders, args.repeat, work)
    found = [i for i in discover(inputs) if not i.skip]
    pdfs = [i.path for i in found if i.path.suffix.lower() == ".pdf"]
    if not args.json:
        print(f"inputs: {len(found)} files ({len(pdfs)} PDF), workers: {args.workers}")
    t0 = time.perf_counter()
    guide = load_guide(args.guide or _default_guide())
    guide_s = time.perf_counter() - t0
    options = BatchOptions(guide=guide, out_dir=work / "out", workers=args.workers, timeout_s=args.timeout,
                           progress=False)
    result = run_batch(inputs, options)
    parent_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    wall = result.elapsed_s
    if args.json:  # --growth child: one line for the parent script
        print(json.dumps({"files": result.total, "wall_s": wall, "parent_rss_kb": parent_rss,
                          "worker_rss_kb": result.worker_peak_rss_kb, "errors": result.errors}))
        shutil.rmtree(work, ignore_errors=True)
        return
    print(f"guide parsed once: {guide_s:.2f} s")
    print(f"batch: {result.total} files in {wall:.2f} s → {result.total / wall:.2f} files/s, "
          f"{result.pages} pages → {result.pages / wall:.1f} pages/s; decisions {result.counts}")
    print(f"worker time (sum over files): {result.screening_s:.2f} s")
    print(f"peak RSS: parent {_mb(parent_rss)}, largest worker {_mb(result.worker_peak_rss_kb)}")
    if pdfs:
        pdf_opts = BatchOptions(guide=guide, out_dir=work / "out_pdf", workers=args.workers, timeout_s=args.timeout,
                                progress=False)
        pdf_run = run_batch(pdfs, pdf_opts)
        fresh_wall, fresh_cpu = _fresh_command(pdfs, args, work)
        plumber_s, plumber_pages = _pdfplumber_seconds(pdfs)
        raw_s, raw_pages = _pdfium_seconds(pdfs)
        print(f"PDFs only: screening {pdf_run.elapsed_s:.2f} s (wall, {args.workers} workers, forkserver already "
              f"warm) vs plain pdfplumber extract_text {plumber_s:.2f} s ({plumber_pages} pages, 1 process)")
        print(f"ratio screening/pdfplumber: {pdf_run.elapsed_s / max(plumber_s, 1e-9):.2f} "
              f"(per-file worker time: {pdf_run.screening_s / max(plumber_s, 1e-9):.2f})")
        goal = "≤ 0.25 for 8 twenty-page PDFs" if len(pdfs) < 100 else "≤ 0.15 for 300 files"
        print(f"fresh command (shenbao screen, {args.workers} workers, start-up included): {fresh_wall:.2f} s wall, "
              f"{fresh_cpu:.2f} s CPU over the process tree → ratio to pdfplumber "
              f"{fresh_wall / max(plumber_s, 1e-9):.2f} (goal {goal}); load average {os.getloadavg()[0]:.1f}")
        cores = max(1, min(args.workers, os.cpu_count() or 1))
        print("pages/s per core: "
              f"screening {plumber_pages / fresh_wall / cores:.1f} (fresh command), "
              f"{plumber_pages / pdf_run.elapsed_s / cores:.1f} (warm); "
              f"pdfplumber extract_text {plumber_pages / plumber_s:.1f}; "
              f"pypdfium2 raw text {raw_pages / raw_s:.1f} (the text layer's physical limit here)")
    else:
        print("no PDFs among the inputs: pdfplumber ratio not measured")
    shutil.rmtree(work, ignore_errors=True)


def run_growth(args) -> None:
    base = max(1, args.repeat)
    rows = []
    for k in (base, 4 * base):
        cmd = [sys.executable, __file__, *map(str, args.folders), "--repeat", str(k), "--workers", str(args.workers),
               "--timeout", str(args.timeout), "--json"] + (["--guide", str(args.guide)] if args.guide else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        data = json.loads(out)
        rows.append(data)
        print(f"{data['files']:5d} files: {data['wall_s']:6.1f} s, {data['files'] / data['wall_s']:.2f} files/s, "
              f"parent peak RSS {_mb(data['parent_rss_kb'])}, largest worker {_mb(data['worker_rss_kb'])}, "
              f"errors {data['errors']}")
    print(f"parent peak RSS ratio 4N/N: {rows[1]['parent_rss_kb'] / rows[0]['parent_rss_kb']:.2f} "
          f"(files ratio {rows[1]['files'] / rows[0]['files']:.1f})")


_SELECTION = ("program_not_found", "program_ambiguous")


def run_mixed(args) -> None:
    import yaml

    sys.path.insert(0, str(ROOT / "tests"))
    import badinputs
    from pipeline.batch import pool
    from pipeline.batch.run import STORE_NAME, BatchOptions, load_guide, run_batch
    import sqlite3

    work = Path(tempfile.mkdtemp(prefix="bench_mixed_"))
    suite = work / "bad"
    cases = badinputs.generate(suite, heavy=True)
    ocr = badinputs.ocr_installed()
    index = yaml.safe_load((APPS / "index.yaml").read_text(encoding="utf-8"))
    apps = index.get("applications", index) if isinstance(index, dict) else index
    groups: dict[str, list[Path]] = {}
    for a in apps:
        groups.setdefault(a["guide"], []).extend(APPS / a[f] for f in ("docx", "pdf") if a.get(f))
    total_in = total_rows = bad_wrong = valid_err = 0
    selection: list[str] = []
    worst = ("", 0.0)
    t0 = time.perf_counter()
    for gid, files in sorted(groups.items()):
        guide = load_guide(ROOT / "corpus" / "guides" / gid / "gold.yaml")
        out = work / f"out_{gid}"
        opts = BatchOptions(guide=guide, out_dir=out, workers=args.workers, timeout_s=args.timeout, progress=False)
        result = run_batch([*files, suite, suite / "unknown.xyz"], opts)
        by_file = {r.file: r for r in result.rows}
        total_in += len(files) + len(cases)
        total_rows += len(result.rows)
        for case in cases:
            row = by_file[case.name if case.name == "unknown.xyz" else f"bad/{case.name}"]
            got = row.error_code or None
            if got in _SELECTION:  # read fine; the guide has several programs and the file names none
                got = None
            if got not in case.codes(ocr):
                bad_wrong += 1
                print(f"  [{gid}] {case.name}: {row.error_code or row.decision} not in {set(case.codes(ocr))}")
        for f in files:
            row = by_file[f.name]
            if row.error_code in _SELECTION:
                selection.append(f"{f.name}: {row.error_code}")
            elif row.decision == "error":
                valid_err += 1
                print(f"  [{gid}] valid file {f.name} became error: {row.error_code} {row.error_message}")
        with sqlite3.connect(out / STORE_NAME) as db:
            rel, elapsed = db.execute("SELECT rel, elapsed FROM results ORDER BY elapsed DESC LIMIT 1").fetchone()
        if elapsed > worst[1]:
            worst = (f"{gid}:{rel}", elapsed)
        print(f"{gid}: {len(files)} corpus files + {len(cases)} bad inputs → {len(result.rows)} rows, "
              f"{result.errors} errors, {result.elapsed_s:.1f} s")
    print(f"mixed total: {total_in} inputs → {total_rows} rows; bad files with an unexpected code: {bad_wrong}; "
          f"valid files turned into errors: {valid_err}; {time.perf_counter() - t0:.1f} s")
    if selection:  # the matcher's program selection (issue 4), the same when a file is screened alone
        print(f"program selection errors on valid files ({len(selection)}): {', '.join(selection)}")
    print(f"slowest file {worst[0]}: {worst[1]:.1f} s (limit {args.timeout:.0f} s + grace {pool.GRACE_S:.0f} s)")
    print(f"parent peak RSS: {_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}")
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[APPS])
    ap.add_argument("--guide", type=Path, default=None)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--mixed", action="store_true", help="corpus + bad-input suite, one batch per guide")
    ap.add_argument("--growth", action="store_true", help="parent peak RSS for N and 4N files")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mixed:
        run_mixed(args)
    elif args.growth:
        run_growth(args)
    else:
        run_default(args)


if __name__ == "__main__":
    main()
