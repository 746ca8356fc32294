"""Where the time of one screened submission goes, stage by stage (issue 15).

    python benchmarks/profile_stages.py [FILE.pdf ...] [--guide GUIDE] [--repeat K] [--clock cpu|wall]

Runs the batch worker's own stages in this process on each file — read, claims,
checks, evidence passages, evidence images — after one warm-up pass (imports and
lexicons loaded, as in a batch worker), and prints the best of K times per stage
with pages/s and each stage's share. The clock is this process's CPU time by default
(the stages run in one thread, and on a shared machine other jobs inflate wall time,
not CPU time); --clock wall for wall time. A script that prints figures, not a test.
Default files: corpus/applications PDFs with the most pages (long ones come from
benchmarks/make_long_apps.py).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _stages():
    from extractors.claims import extract_claims
    from extractors.readers import read_document
    from pipeline.render.evidence_images import build_views
    from pipeline.screen.evidence import add_passages
    from pipeline.screen.matcher import screen

    return [
        ("read", lambda s: read_document(s["path"]), "doc"),
        ("claims", lambda s: extract_claims(s["doc"]), "claims"),
        ("checks", lambda s: screen(s["guide"], s["claims"]), "report"),
        ("passages", lambda s: add_passages(s["report"], s["doc"]), "report"),
        ("images", lambda s: build_views(s["report"], s["doc"]), "views"),
    ]


CLOCK = {"cpu": time.process_time, "wall": time.perf_counter}


def profile(path: Path, guide, repeat: int, clock=time.process_time) -> tuple[int, dict[str, float]]:
    best: dict[str, float] = {}
    pages = 0
    for _ in range(repeat + 1):  # the first pass warms imports and caches
        state = {"path": path, "guide": guide}
        for name, fn, key in _stages():
            t0 = clock()
            state[key] = fn(state)
            dt = clock() - t0
            if _ > 0:
                best[name] = min(best.get(name, dt), dt)
        pages = state["doc"].pages or 0
    return pages, best


def main() -> None:
    ap = argparse.ArgumentParser(description="按阶段统计单份申报书的处理时间")
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--guide", type=Path, default=ROOT / "corpus" / "guides" / "cz2023_hvp" / "source.txt")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--clock", choices=sorted(CLOCK), default="cpu")
    args = ap.parse_args()
    from pipeline.batch.run import load_guide

    guide = load_guide(args.guide)
    files = args.files or sorted((ROOT / "corpus" / "applications").glob("*.pdf"))[:3]
    print(f"{args.clock} time, best of {args.repeat}")
    print(f"{'file':28s} {'pages':>5s} " + " ".join(f"{n:>9s}" for n, _, _ in _stages()) + f" {'total':>8s} {'pages/s':>8s}")
    for f in files:
        pages, best = profile(f, guide, args.repeat, CLOCK[args.clock])
        total = sum(best.values())
        cells = " ".join(f"{best[n]:5.2f}s {best[n] / total:3.0%}".rjust(9) for n, _, _ in _stages())
        print(f"{f.name[:28]:28s} {pages:5d} {cells} {total:7.3f}s {pages / total:8.1f}")


if __name__ == "__main__":
    main()
