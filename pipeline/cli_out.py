"""Where the `shenbao` commands put their results: standard output or a file written whole.

Why its own module: pipeline.cli (typer) and pipeline.cli_fast (a cached `shenbao guide`
answered before typer is imported) write results the same way, byte for byte.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

__all__ = ["write", "written_note"]


def write(data: str, out: Optional[Path]) -> bool:
    """Write `data` to standard output (out None) or to `out`; True when a file was
    replaced, so the caller says where (written_note)."""
    if out is None:
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return False
    if out.exists() and not out.is_file():  # /dev/null, a pipe: never replace it, write through
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(data)
        return False
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")  # a killed run never leaves a half-written file
    tmp.write_text(data, encoding="utf-8")
    tmp.replace(out)
    return True


def written_note(out: Path) -> str:
    return f"已写入 {out}"
