"""Wall time and CPU time of a command and of every process it starts (a helper of the benchmarks).

Why not RUSAGE_CHILDREN of the benchmark itself: `shenbao screen` starts a forkserver
whose workers are its children, not the command's, and the forkserver outlives the
command by a moment; their CPU was missing from the figures. Run as a script, this
process becomes a child subreaper (Linux prctl), runs the command, then waits for every
orphaned descendant, so RUSAGE_CHILDREN holds the whole tree. Elsewhere only the
command's own waited-for children count (printed as such).

    python benchmarks/proctime.py -- CMD ...        # prints {"wall": s, "cpu": s, "tree": bool}
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time


def _subreaper() -> bool:
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def measure(cmd: list[str], env: dict | None = None, cwd=None) -> tuple[float, float, bool]:
    """(wall, CPU of the whole process tree, whether the tree was complete) of one command."""
    out = subprocess.run([sys.executable, __file__, "--", *cmd], env=env, cwd=cwd, capture_output=True, text=True,
                         check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    return data["wall"], data["cpu"], data["tree"]


def main() -> None:
    cmd = sys.argv[sys.argv.index("--") + 1:]
    tree = _subreaper()
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t0
    while tree:  # the forkserver and any worker orphaned by the command's exit
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "tree": tree}))


if __name__ == "__main__":
    main()
