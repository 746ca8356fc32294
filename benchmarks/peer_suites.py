"""Run the batch and the single-file reader over peer projects' test fixtures (a script, not a test).

    python benchmarks/peer_suites.py [LABEL=]DIR ... [--guide GUIDE] [--sample N] [--workers N] [--timeout S]

Each DIR is one source (e.g. pdfplumber's tests/pdfs, pypdf's resources,
python-docx's test files), extracted locally from a snapshot of the peer repository;
nothing of them is committed. Every file under a DIR with a supported extension
(.pdf .docx .doc .wps .txt unless --ext says otherwise; at most --sample per source,
an even spread over the sorted list) is copied into
one staging folder per source, then

1. the whole batch runs once over all sources (pipeline.batch.run.run_batch, real
   stages, the default limits, the given guide), and
2. every file is read alone with `read_document`, as `shenbao claims` reads it, in a
   child process with the same time limit and address-space cap (so a hang or a
   crash of the reader is counted, not suffered).

A DIR may also be a git directory (e.g. a bare mirror) with the folders to take:
`LABEL=GITDIR::PATH[,PATH...]` (a PATH ending in `/` matches every folder of that name
anywhere, e.g. `test-documents/`); files are extracted from HEAD, blobs absent from a
partial clone are skipped and counted.

It prints per source: files, ok (read), named errors per code, crash, timeout,
memory, the number of files the batch and the single-file reader classify
differently, and the number of verdicts on content that was not read (see
`unread_verdict`), then lists those files. The issue-14 goal: 0 crash, 0 timeout,
0 differ, 0 verdicts on unread content. A legacy .doc/.wps that the batch converts
with LibreOffice and the single-file reader declines (it explains how to convert)
counts as consistent.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_GUIDE = ROOT / "corpus" / "guides" / "js2026_hvp" / "guide.pdf"
FAILURES = {"crashed": "crash", "timeout": "timeout", "resource_limit": "memory"}
SCREENING_CODES = {"program_not_found", "program_ambiguous"}  # the file was read; the guide did not fit
VERDICTS = {"eligible", "ineligible", "incomplete", "needs_review"}
ABSENCE_VERDICTS = {"eligible", "incomplete"}  # concluded from what was not found
EXTENSIONS = (".pdf", ".docx", ".doc", ".wps", ".txt")  # what applications arrive as (not .md ground truth)
# the reader's own words for content it did not read (pages without a text layer, scans
# without OCR, notes it could not parse)
UNREAD = re.compile("未读取|没有文字层|无法读取|无法识别|仍无文字")

_CHILD = r"""
import json, resource, sys
mb = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (mb << 20, resource.getrlimit(resource.RLIMIT_AS)[1]))
from extractors.readers import ReadError, read_document
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    path = line.rstrip("\n")
    try:
        doc = read_document(path)
        out = {"path": path, "code": None, "warnings": doc.warnings, "chars": len(doc.text), "pages": doc.pages}
    except ReadError as exc:
        out = {"path": path, "code": exc.code}
    except MemoryError:
        out = {"path": path, "code": "resource_limit"}
    except Exception as exc:
        out = {"path": path, "code": "crashed", "detail": f"{type(exc).__name__}: {exc}"[:300]}
    print(json.dumps(out), flush=True)
"""


def from_git(gitdir: Path, paths: list[str], dest: Path) -> Path:
    """Extract the supported files under `paths` at HEAD of `gitdir` into `dest`."""
    from extractors.readers.formats import SUPPORTED

    listing = subprocess.run(["git", "-C", str(gitdir), "ls-tree", "-r", "-z", "HEAD"], capture_output=True,
                             check=True).stdout.decode("utf-8", "replace").split("\0")
    absent = 0
    for entry in filter(None, listing):
        meta, path = entry.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind != "blob" or mode not in ("100644", "100755") or not path.lower().endswith(SUPPORTED):
            continue
        if not any(path.startswith(p) or (p.endswith("/") and f"/{p}" in f"/{path}") for p in paths):
            continue
        blob = subprocess.run(["git", "-C", str(gitdir), "cat-file", "blob", sha], capture_output=True)
        if blob.returncode:
            absent += 1
            continue
        out = dest / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(blob.stdout)
    head = subprocess.run(["git", "-C", str(gitdir), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    print(f"{gitdir}: HEAD {head.strip()[:12]}, {absent} blobs absent from the clone, skipped", file=sys.stderr)
    return dest


def stage(dirs: list[tuple[str, Path]], sample: int, root: Path,
          exts: tuple[str, ...] = EXTENSIONS) -> dict[str, list[tuple[Path, str]]]:
    """source label → [(original path, relative name in the batch)]; copies into `root`."""
    out: dict[str, list[tuple[Path, str]]] = {}
    for label, d in dirs:
        label = label.replace("/", "_")
        while label in out:
            label += "_"
        files = sorted(p for p in d.rglob("*") if p.is_file() and not p.is_symlink()
                       and p.name.lower().endswith(exts) and not p.name.startswith("~$"))
        if sample and len(files) > sample:
            step = len(files) / sample
            files = [files[int(i * step)] for i in range(sample)]
        picked = []
        for p in files:
            rel = p.relative_to(d).as_posix()
            dest = root / label / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dest)
            picked.append((dest, f"{label}/{rel}"))
        out[label] = picked
    return out


def single_file(paths: list[Path], timeout_s: float, memory_mb: int) -> dict[str, dict]:
    """read_document per file in a child process; a hang or a crash restarts the child."""
    results: dict[str, dict] = {}
    todo = [str(p) for p in paths]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    while todo:
        child = subprocess.Popen([sys.executable, "-c", _CHILD, str(memory_mb)], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
        child.stdout.readline()  # ready
        while todo:
            path = todo[0]
            child.stdin.write(path + "\n")
            child.stdin.flush()
            ready, _, _ = select.select([child.stdout], [], [], timeout_s)
            line = child.stdout.readline() if ready else ""
            todo.pop(0)
            if not line:  # hung (killed below) or died
                child.kill()
                child.wait()
                rc = child.returncode
                results[path] = {"code": "timeout" if not ready else
                                 ("resource_limit" if rc == -9 else "crashed"), "detail": f"exit {rc}"}
                break
            results[path] = json.loads(line)
        else:
            child.stdin.close()
            child.wait(timeout=10)
    return results


def batch_code(row) -> str | None:
    code = row.error_code or None
    return None if code in SCREENING_CODES else code


def unread_verdict(row, single: dict, legacy: bool = False) -> str | None:
    """Why the batch's decision on this file rests on content the reader did not read, or None.

    - The single-file reader refused the file (needs_ocr, empty_file, text_unreliable …):
      any decision but `error` is a verdict on unread content (a legacy .doc/.wps the
      batch converts is read there, so its single-file refusal does not count).
    - A reader warning (single-file or in the batch row) says part of it was not read:
      `incomplete` (something not found) and `eligible` (nothing against it found) are
      conclusions from absence and count; `needs_review` hands the file to a person and
      `ineligible` rests on a failed condition read in the text, so neither counts."""
    if row is None or row.decision not in VERDICTS:
        return None
    code = single.get("code")
    if code and code not in SCREENING_CODES and not legacy:
        return f"single-file reader: {code}"
    notes = [*single.get("warnings", []), *filter(None, (row.warnings or "").split("；"))]
    partly = next((w for w in notes if UNREAD.search(w)), None)
    return partly if partly and row.decision in ABSENCE_VERDICTS else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+", help="DIR or LABEL=DIR (the label names the source in the table)")
    ap.add_argument("--guide", type=Path, default=DEFAULT_GUIDE)
    ap.add_argument("--sample", type=int, default=150, help="at most this many files per source (0: all)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--memory-mb", type=int, default=2048)
    ap.add_argument("--ext", default=",".join(EXTENSIONS), help="extensions to take (comma-separated)")
    ap.add_argument("--keep", type=Path, help="stage files and reports here instead of a temporary folder")
    args = ap.parse_args()

    from pipeline.batch.run import BatchOptions, load_guide, run_batch

    work = args.keep or Path(tempfile.mkdtemp(prefix="peer_suites_"))
    sources = [(a.split("=", 1)[0], Path(a.split("=", 1)[1])) if "=" in a else (Path(a).resolve().name, Path(a))
               for a in args.dirs]
    for i, (label, d) in enumerate(sources):
        if "::" in str(d):
            gitdir, paths = str(d).split("::", 1)
            sources[i] = (label, from_git(Path(gitdir), paths.split(","), work / "git" / label))
    staged = stage([(label, d) for label, d in sources if d.is_dir()], args.sample, work / "in",
                   tuple(e.strip().lower() for e in args.ext.split(",") if e.strip()))
    t0 = time.perf_counter()
    guide = load_guide(args.guide)
    opts = BatchOptions(guide=guide, out_dir=work / "out", workers=args.workers, timeout_s=args.timeout,
                        memory_mb=args.memory_mb, progress=False, guide_file=args.guide)
    result = run_batch([work / "in" / label for label in staged], opts)
    batch_s = time.perf_counter() - t0
    rows = {r.file: r for r in result.rows}
    t1 = time.perf_counter()
    single = single_file([p for files in staged.values() for p, _ in files], args.timeout, args.memory_mb)
    single_s = time.perf_counter() - t1

    from extractors.readers.formats import precheck

    table, differ, unread, partly = [], [], [], Counter()
    for label, files in staged.items():
        n, ok, named, fails = 0, 0, Counter(), Counter()
        nd = nu = 0
        for path, rel in files:
            n += 1
            row = rows.get(rel)
            b = batch_code(row) if row is not None else "missing_row"
            s = single[str(path)].get("code")
            legacy = False
            if s == "unsupported_format" and path.suffix.lower() in (".doc", ".wps"):
                try:
                    legacy = precheck(path).kind == "legacy"  # converted by the batch, explained by the reader
                except Exception:
                    legacy = False
            why = unread_verdict(row, single[str(path)], legacy)
            if why:
                nu += 1
                unread.append((rel, row.decision, why))
            elif row is not None and row.decision in VERDICTS and UNREAD.search(row.warnings or ""):
                partly[row.decision] += 1
            if b is None:
                ok += 1
            elif b in FAILURES:
                fails[FAILURES[b]] += 1
            else:
                named[b] += 1
            same = b == s or legacy
            if not same:
                nd += 1
                differ.append((rel, b, s, (row.error_message if row is not None else "") or "",
                               single[str(path)].get("detail", "")))
        table.append((label, n, ok, named, fails, nd, nu))

    print(f"\nbatch {batch_s:.0f} s ({len(result.rows)} rows, {result.processed} processed, {result.cached} reused); "
          f"single-file {single_s:.0f} s; guide {args.guide.relative_to(ROOT) if args.guide.is_relative_to(ROOT) else args.guide}\n")
    head = (f"| {'source':<28} | files | ok | named errors | crash | timeout | memory | single≠batch "
            f"| verdict on unread |")
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    tot = [0, 0, Counter(), Counter(), 0, 0]
    for label, n, ok, named, fails, nd, nu in table + [("total", *[None] * 6)]:
        if label == "total":
            n, ok, named, fails, nd, nu = tot
        else:
            for i, v in enumerate((n, ok, named, fails, nd, nu)):
                tot[i] += v
        names = ", ".join(f"{c} {k}" for c, k in sorted(named.items())) or "–"
        print(f"| {label:<28} | {n:>5} | {ok:>2} | {names} | {fails['crash']:>5} | {fails['timeout']:>7} | "
              f"{fails['memory']:>6} | {nd:>12} | {nu:>17} |")
    if differ:
        print("\nbatch vs single-file:")
        for rel, b, s, msg, detail in differ:
            print(f"  {rel}: batch {b or 'read'} / single {s or 'read'}  {msg[:80]} {detail[:120]}")
    if partly:
        print("\npartly read (a reader warning names unread pages or images), decisions: "
              + ", ".join(f"{k} {v}" for k, v in sorted(partly.items())))
    if unread:
        print("\nverdicts on content the reader did not read:")
        for rel, decision, why in unread:
            print(f"  {rel}: {decision}  ({why[:100]})")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
