"""Start-up and single-file figures (issue 15), measured side by side in one run.

Prints wall times of fresh processes: `shenbao --help`, `shenbao guide` on a guide
with an empty schema cache and again with the cache filled, and `shenbao claims` on
one application, next to the goals. A script, not a test.

    python benchmarks/bench_startup.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "corpus" / "guides" / "cz2023_hvp" / "source.txt"
APP = ROOT / "corpus" / "applications" / "app001.pdf"
EXE = [sys.executable, "-m", "pipeline.cli"]


def _wall(args: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(EXE + args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "SHENBAO_CACHE": cache}
        rows = [
            ("shenbao --help", _wall(["--help"], env), "instant"),
            ("guide, fresh process, empty cache", _wall(["guide", str(GUIDE)], env), "≤ 1.0 s"),
            ("guide, fresh process, cached schema", _wall(["guide", str(GUIDE)], env), "≤ 0.3 s"),
            ("claims, one application PDF", _wall(["claims", str(APP)], env), "(screen ≤ 1.5 s)"),
        ]
    print(f"{'what':40s} {'wall s':>7s}  goal")
    for what, s, goal in rows:
        print(f"{what:40s} {s:7.2f}  {goal}")


if __name__ == "__main__":
    main()
