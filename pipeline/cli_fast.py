"""A repeated `shenbao guide FILE` answered before typer, click, rich and pydantic load.

Why: a policy officer iterating on a guide runs the same command again and again; with
the schema cached the work is a file read and a hash, but importing typer (which imports
pydantic) and building the models took about 0.45 s of CPU (issue 15 asks ≤ 0.3 s wall).
`shenbao guide` stores what it printed beside the cached schema (pipeline.schema.cache.
store_output); this module prints it again with the file's path put in, byte for byte
what the typer command prints on a cache hit (tests/test_cli_fast.py compares the two).

Only the plain shapes are taken here: `guide FILE` with --out/-o, --format/-f json|yaml
and --timeout, each at most once, as `--opt value` or `--opt=value`. Anything else (help,
--html, a saved .yaml/.json schema, an odd option or value, no stored output, a path
that needs escaping) returns None and the typer command runs as before.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

__all__ = ["cached_guide", "prestart_for"]

_OPTIONS = {"--out": "out", "-o": "out", "--format": "fmt", "-f": "fmt", "--timeout": "timeout"}


def _parse(argv: list[str]) -> Optional[dict]:
    if len(argv) < 2 or argv[0] != "guide":
        return None
    found: dict = {}
    rest = argv[1:]
    i = 0
    while i < len(rest):
        tok = rest[i]
        if tok.startswith("-"):
            name, eq, value = tok.partition("=")
            key = _OPTIONS.get(name)
            if key is None or key in found or (eq and not name.startswith("--")):
                return None
            if not eq:
                if i + 1 >= len(rest):
                    return None
                value = rest[i + 1]
                i += 1
            if not value or value.startswith("-"):
                return None
            found[key] = value
        else:
            if "file" in found or not tok:
                return None
            found["file"] = tok
        i += 1
    if "file" not in found:
        return None
    if "timeout" in found:
        try:
            float(found["timeout"])
        except ValueError:
            return None
    return found


def _plain(text: str) -> bool:
    """Written the same by pydantic's JSON, json.dumps and click.echo: no escapes, no
    terminal codes, encodable."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(ch < " " or ch in '"\\\x7f' for ch in text)


def _utf8(stream) -> bool:
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "") == "utf8"


def cached_guide(argv: list[str]) -> Optional[int]:
    """Exit status of `shenbao guide …` answered from the cache, or None: run the command."""
    args = _parse(argv)
    if args is None:
        return None
    file = Path(args["file"])
    fmt = args.get("fmt", "json")
    out = Path(args["out"]) if "out" in args else None
    if file.suffix.lower() in (".yaml", ".yml", ".json") or not _utf8(sys.stdout) or not _utf8(sys.stderr):
        return None
    from pipeline.schema import cache

    if cache.cache_dir() is None:
        return None
    try:
        data = file.read_bytes()
    except OSError:
        return None
    stored = cache.load_output(data, fmt)
    source = str(file)
    if stored is None or not _plain(source):
        return None
    text, notes = stored
    if not all(_plain(n) for n in notes):
        return None
    if fmt == "yaml":
        from pipeline.schema.yaml_scalar import scalar

        shown = scalar(source)
    else:
        shown = source  # inside the quotes pydantic wrote around the placeholder
    text = text.replace(cache.PLACEHOLDER, shown)
    from pipeline import cli_out

    if out is None:
        _notes(notes)
        cli_out.write(text, None)
        return 0
    try:  # the file first: if it cannot be written, the typer command fails as it always did
        replaced = cli_out.write(text, out)
    except OSError:
        return None
    _notes(notes + ([cli_out.written_note(out)] if replaced else []))
    return 0


def _notes(lines: list[str]) -> None:
    for line in lines:  # as click.echo(…, err=True): one line each, flushed
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def prestart_for(argv: list[str]) -> bool:
    """Start the workers' forkserver now for a plain `shenbao screen …` (its preload, ~1.3 s,
    then overlaps typer's and pydantic's imports too; `screen` itself starts it otherwise).
    Not when the command line names workers, a cluster or help, or a cluster may be
    configured (SHENBAO_CLUSTER, ./shenbao.toml): those are left to the command."""
    import os

    if not argv or argv[0] != "screen" or os.environ.get("SHENBAO_CLUSTER") or Path("shenbao.toml").exists():
        return False
    if any(a.split("=")[0] in ("--workers", "-j", "--cluster", "--help") or a.startswith("-j") for a in argv[1:]):
        return False
    from pipeline.batch.forkserver import prestart

    return prestart()
