"""Start-up and single-file figures (issue 15), measured side by side in one run.

Prints wall times of fresh processes: `shenbao --help`, `shenbao guide` on a guide
with an empty schema cache and again with the cache filled, and `shenbao claims` on
one application, next to the goals. A script, not a test.

    python benchmarks/bench_startup.py
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "corpus" / "guides" / "cz2023_hvp" / "source.txt"
APP = ROOT / "corpus" / "applications" / "app001.pdf"
EXE = [sys.executable, "-m", "pipeline.cli"]


def _wall(args: list[str], env: dict) -> tuple[float, float]:
    """(wall, CPU) seconds of one fresh process: CPU (user + system of the child) is
    what the machine's other load cannot inflate, so it is printed beside the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(EXE + args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "SHENBAO_CACHE": cache}
        rows = [
            ("shenbao --help", _wall(["--help"], env), "instant"),
            ("guide, fresh process, empty cache", _wall(["guide", str(GUIDE)], env), "≤ 1.0 s"),
            ("guide, fresh process, cached schema", _wall(["guide", str(GUIDE)], env), "≤ 0.3 s"),
            ("claims, one application PDF", _wall(["claims", str(APP)], env), "(screen ≤ 1.5 s)"),
        ]
    print(f"{'what':40s} {'wall s':>7s} {'CPU s':>6s}  goal   (load average {os.getloadavg()[0]:.1f})")
    for what, (wall, cpu), goal in rows:
        print(f"{what:40s} {wall:7.2f} {cpu:6.2f}  {goal}")


if __name__ == "__main__":
    main()
