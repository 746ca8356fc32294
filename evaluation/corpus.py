"""Loads the labeled corpus and validates every gold file against the models.

Why validate at load time: a malformed gold file silently scored as "all
missed" would make the figures lie; instead it is an error naming the file and
the field.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from extractors.lexicon import safe_load
from pydantic import ValidationError

from models.gold import ApplicationGold, GuideEntry
from models.schema import GuideSchema


class GoldError(ValueError):
    """A gold or index file that does not fit the models."""


def load_yaml(path: Path):
    try:
        return safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{path}: 文件不存在")
    except yaml.YAMLError as exc:
        raise GoldError(f"{path}: YAML 格式错误：{exc}")


def validate(model, data, path: Path):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(map(str, first["loc"]))
        raise GoldError(f"{path}: 字段 {field}: {first['msg']}（共 {exc.error_count()} 处错误）") from exc


@dataclass
class GuideCase:
    entry: GuideEntry
    gold: GuideSchema
    files: dict[str, Path]  # rendition → path


@dataclass
class AppCase:
    gold: ApplicationGold
    files: dict[str, Path]  # format → path


def load_guides(corpus: Path, split: str = "all") -> list[GuideCase]:
    index = corpus / "guides" / "index.yaml"
    raw = load_yaml(index)
    entries = raw.get("guides", raw) if isinstance(raw, dict) else raw
    out = []
    for i, item in enumerate(entries or []):
        entry = validate(GuideEntry, item, Path(f"{index}[{i}]"))
        if split != "all" and entry.split != split:
            continue
        gold_path = corpus / entry.gold
        gold = validate(GuideSchema, load_yaml(gold_path), gold_path)
        files = {"text": corpus / entry.text}
        if entry.docx:
            files["docx"] = corpus / entry.docx
        if entry.pdf:
            files["pdf"] = corpus / entry.pdf
        out.append(GuideCase(entry, gold, {k: v for k, v in files.items() if v.exists()}))
    return out


def load_applications(corpus: Path, split: str = "all") -> list[AppCase]:
    index = corpus / "applications" / "index.yaml"
    if not index.exists():
        return []
    raw = load_yaml(index)
    items = raw.get("applications", raw) if isinstance(raw, dict) else raw
    out = []
    for item in items or []:
        gold_rel = item["gold"] if isinstance(item, dict) else item
        gold_path = corpus / "applications" / gold_rel if not (corpus / gold_rel).exists() else corpus / gold_rel
        gold = validate(ApplicationGold, load_yaml(gold_path), gold_path)
        if split != "all" and gold.split != split:
            continue
        files = {}
        for fmt in ("docx", "pdf"):
            rel = item.get(fmt) if isinstance(item, dict) else None
            p = (gold_path.parent / Path(rel).name) if rel else gold_path.with_name(gold.id + "." + fmt)
            if p.exists():
                files[fmt] = p
        out.append(AppCase(gold, files))
    return out


@dataclass
class ScanCase:
    """An image-only rendition (corpus/scans/index.yaml) scored with its original's gold."""

    id: str
    kind: str                 # application | guide
    original: str             # id of the original in applications/ or guides/
    split: str
    pdf: Path                 # the scan
    source: Path              # the text-layer PDF it was rendered from
    gold: ApplicationGold | GuideSchema
    scanned_pages: str | list[int]
    note: str = ""


def load_scans(corpus: Path, split: str = "all") -> list[ScanCase]:
    """Scans of the split; an absent index means no scans (older corpora), a broken one is an error."""
    index = corpus / "scans" / "index.yaml"
    if not index.exists():
        return []
    raw = load_yaml(index)
    items = raw.get("scans", raw) if isinstance(raw, dict) else raw
    out = []
    for i, item in enumerate(items or []):
        where = Path(f"{index}[{i}]")
        missing = [k for k in ("id", "kind", "original", "pdf", "source", "gold") if not (item or {}).get(k)]
        if missing:
            raise GoldError(f"{where}: 缺少字段 {', '.join(missing)}")
        if item["kind"] not in ("application", "guide"):
            raise GoldError(f"{where}: 字段 kind: 应为 application 或 guide，实为 {item['kind']!r}")
        if split != "all" and item.get("split", "dev") != split:
            continue
        gold_path = corpus / item["gold"]
        model = ApplicationGold if item["kind"] == "application" else GuideSchema
        gold = validate(model, load_yaml(gold_path), gold_path)
        pdf, source = corpus / item["pdf"], corpus / item["source"]
        if not pdf.exists():
            raise GoldError(f"{where}: 文件不存在 {pdf}")
        out.append(ScanCase(item["id"], item["kind"], item["original"], item.get("split", "dev"), pdf, source, gold,
                            item.get("scanned_pages", "all"), item.get("note", "")))
    return out
