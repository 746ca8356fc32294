"""Start-up and single-file figures (issue 15), measured side by side in one run.

Fresh processes of the `shenbao` console script's module (evaluation.cli): `--help`,
`shenbao guide` on a guide with an empty schema cache and again with the cache filled
(JSON and YAML), `shenbao claims` on one application, and `shenbao screen` of one
20-page submission (the guide's schema cached, as in the everyday loop), next to the goals.
Each row is the median of --repeat runs; wall time and the CPU time of the whole process
tree (the screen's forkserver and worker included, benchmarks/proctime.py) are printed
side by side with the load average: on a shared machine other jobs inflate the wall
figure, not the CPU one. A script, not a test.

    python benchmarks/make_long_apps.py --n 8 --patents 35-45 --out /tmp/twenty   # once
    python benchmarks/bench_startup.py [--twenty /tmp/twenty/long_00.pdf] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proctime import measure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "corpus" / "guides" / "cz2023_hvp" / "source.txt"
APP = ROOT / "corpus" / "applications" / "app001.pdf"
EXE = [sys.executable, "-m", "evaluation.cli"]


def _median(args: list[str], env: dict, repeat: int, before=None) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        wall, cpu, _tree = measure(EXE + args, env=env, cwd=ROOT)
        runs.append((wall, cpu))
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--twenty", type=Path, default=Path("/tmp/twenty/long_00.pdf"),
                    help="a 20-page application PDF (benchmarks/make_long_apps.py --patents 35-45)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    k = args.repeat
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        env = {**os.environ, "SHENBAO_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
        clear = lambda: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731
        rows = [("shenbao --help", _median(["--help"], env, k), "instant")]
        rows.append(("guide, fresh process, empty cache", _median(["guide", str(GUIDE)], env, k, clear), "≤ 1.0 s"))
        _median(["guide", str(GUIDE), "--format", "yaml"], env, 1)  # the YAML rendition stored once
        rows.append(("guide, fresh process, cached schema", _median(["guide", str(GUIDE)], env, k), "≤ 0.3 s"))
        rows.append(("guide --format yaml, cached schema",
                     _median(["guide", str(GUIDE), "--format", "yaml"], env, k), "≤ 0.3 s"))
        rows.append(("claims, one application PDF (4 pages)", _median(["claims", str(APP)], env, k), ""))
        if args.twenty.exists():
            out = Path(tmp) / "screen"
            rows.append((f"screen, one {args.twenty.name} (fresh)",
                         _median(["screen", "--guide", str(GUIDE), "--out", str(out), str(args.twenty)], env, k,
                                 lambda: shutil.rmtree(out, ignore_errors=True)), "≤ 1.5 s"))
        else:
            print(f"({args.twenty} missing: make it with benchmarks/make_long_apps.py --n 8 --patents 35-45 "
                  f"--out {args.twenty.parent})")
    print(f"{'what (median of ' + str(k) + ')':44s} {'wall s':>7s} {'CPU s':>6s}  goal (wall)   "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for what, (wall, cpu), goal in rows:
        print(f"{what:44s} {wall:7.2f} {cpu:6.2f}  {goal}")


if __name__ == "__main__":
    main()
