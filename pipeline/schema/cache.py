"""Extracted guide schemas cached by content: the same guide file is parsed once.

Why: a policy officer iterating on a guide, and every batch, reads the same guide
again and again; extraction loads the NLP layer (about 1.5 s in a fresh process).
The key is the file's bytes plus a fingerprint of the extractor's code and data
files, so a changed rule or lexicon never serves a stale schema. The cache lives in
~/.cache/shenbao/guides (SHENBAO_CACHE=DIR moves it, SHENBAO_CACHE=off disables it);
a damaged entry is ignored and rewritten.

Beside a schema, `shenbao guide` stores what it printed for it (store_output): the JSON
or YAML text with a placeholder where the file's path goes, and the notes it wrote to
standard error. pipeline.cli_fast answers a repeated `shenbao guide FILE` from that
before typer and pydantic are imported (issue 15: ≤ 0.3 s for a cached guide). This
module imports no model at load time for the same reason.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from models.schema import GuideSchema

_ROOT = Path(__file__).resolve().parents[2]  # the repository: extractors/ and models/ live there


def cache_dir() -> Path | None:
    env = os.environ.get("SHENBAO_CACHE")
    if env and env.lower() == "off":
        return None
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "shenbao"
    return base / "guides"


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """Hash of everything that decides a schema and the printed copy of it: the extractor
    and model code and data, and the pipeline that checks and renders it (a stored copy of
    `shenbao guide`'s output must not outlive a change of its rendering or warnings;
    hashing the pipeline's ~0.3 MB adds ~7 ms to a cached call)."""
    h = hashlib.sha256()
    for folder in ("extractors", "models", "pipeline"):
        for p in sorted((_ROOT / folder).rglob("*")):
            if p.is_file() and p.suffix in (".py", ".yaml", ".txt", ".jsonl"):
                h.update(str(p.relative_to(_ROOT)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _key(data: bytes) -> str:
    return f"{hashlib.sha256(data).hexdigest()}-{extractor_fingerprint()}.json"


def load(data: bytes) -> GuideSchema | None:
    from models.schema import GuideSchema

    d = cache_dir()
    if d is None:
        return None
    path = d / _key(data)
    try:
        return GuideSchema.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(data: bytes, schema: GuideSchema) -> None:
    d = cache_dir()
    if d is None:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / (_key(data) + f".{os.getpid()}.tmp")
        tmp.write_text(schema.model_dump_json(), encoding="utf-8")
        tmp.replace(d / _key(data))
    except OSError:
        pass  # a read-only home: the schema is simply extracted again next time


def extract_cached(path: Path, doc_loader, check=None):
    """(document or None, schema): the schema from the cache when this exact file was
    extracted (and passed `check`) before by this exact extractor; `doc_loader(path)`
    reads it otherwise. `check(doc, schema)` runs on a miss before anything is stored
    (without a check nothing is stored),
    so a refused document (an application passed as the guide) is never cached and a
    hit needs neither the reader nor the check: a cached guide costs a JSON parse."""
    try:
        data = Path(path).read_bytes()
    except OSError:  # missing or unreadable: the reader says so in its own words
        from extractors.guide import extract_guide

        doc = doc_loader(path)
        schema = extract_guide(doc)
        if check is not None:
            check(doc, schema)
        return doc, schema
    hit = load(data)
    if hit is not None:  # the same bytes may sit elsewhere now: the schema names this file
        return None, hit.model_copy(update={"source": str(path)})
    from extractors.guide import extract_guide  # only on a miss: a hit needs no extractor loaded

    doc = doc_loader(path)
    schema = extract_guide(doc)
    if check is None:
        return doc, schema  # only checked schemas are stored, so every hit has passed the check
    check(doc, schema)
    store(data, schema)
    return doc, schema


# Stands for the guide file's path in a stored output; plain in JSON and in YAML, and
# never part of a schema's own text (store_output checks it occurs exactly once).
PLACEHOLDER = "SHENBAO-SOURCE-PLACEHOLDER-7d41c2"
OUTPUT_FORMATS = ("json", "yaml")


def _output_path(d: Path, data: bytes, fmt: str) -> Path:
    return d / f"{_key(data)}.{fmt}.out"  # not *.json: the schema entries are the only JSON files


def store_output(path: Path, fmt: str, render: Callable[[GuideSchema], str],
                 notes: Callable[[GuideSchema], list[str]]) -> None:
    """Store the `fmt` text and notes `shenbao guide` prints for the cached schema of this file.

    Rendered from the schema as a cache hit sees it (`load`, source = PLACEHOLDER), so a
    stored output is exactly what the command prints on a hit. Written once per schema
    entry and format; nothing is stored without a schema entry (unchecked or refused)."""
    import json

    d = cache_dir()
    if d is None or fmt not in OUTPUT_FORMATS:
        return
    try:
        data = Path(path).read_bytes()
        target = _output_path(d, data, fmt)
        if target.exists():
            return
        hit = load(data)
        if hit is None:
            return
        shown = hit.model_copy(update={"source": PLACEHOLDER})
        text = render(shown)
        if text.count(PLACEHOLDER) != 1:
            return  # the placeholder would not stand for the path alone: no stored output
        tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"text": text, "notes": notes(shown)}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target)
    except Exception:  # noqa: BLE001 - the command's output is already written; a stored copy
        pass          # that cannot be made only means the next run takes the typer path


def load_output(data: bytes, fmt: str) -> tuple[str, list[str]] | None:
    """(text with PLACEHOLDER, notes) stored for these bytes by this extractor, or None.
    Only while the schema entry itself is there: removing it forces a fresh extraction."""
    import json

    d = cache_dir()
    if d is None or fmt not in OUTPUT_FORMATS:
        return None
    try:
        if not (d / _key(data)).is_file():
            return None
        stored = json.loads(_output_path(d, data, fmt).read_text(encoding="utf-8"))
        text, notes = stored["text"], stored["notes"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(text, str) or text.count(PLACEHOLDER) != 1 or not isinstance(notes, list) \
            or not all(isinstance(n, str) for n in notes):
        return None
    return text, notes
