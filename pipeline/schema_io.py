"""Saving, loading and checking requirement schemas as files staff can edit.

Why YAML with comments: policy staff correct next year's schema by hand; the
Chinese label after each key tells them what a field means, and `validate`
points at the line to fix instead of dumping a stack trace.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from extractors import lexicon
from models.schema import GuideSchema

LABELS_FILE = Path(__file__).parent / "data" / "yaml_labels.yaml"
_KEY_RE = re.compile(r"^(\s*(?:- )?)([A-Za-z_]+):")
UNITS_BY_KIND = {"ratio": {"%"}, "amount": {"万元"}}


def _labels() -> dict[str, str]:
    with open(LABELS_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["labels"]


def dump_yaml(schema: GuideSchema) -> str:
    """YAML in reading order with a Chinese label comment after each known key."""
    data = schema.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    labels = _labels()
    out = ["# shenbao 申报要求（可编辑）。修改后请运行：shenbao validate 本文件"]
    for line in text.splitlines():
        m = _KEY_RE.match(line)
        if m and m.group(2) in labels and "#" not in line:
            line = f"{line}  # {labels[m.group(2)]}"
        out.append(line)
    return "\n".join(out) + "\n"


def load_schema(path: Path) -> GuideSchema:
    """A saved schema (.json/.yaml/.yml) as a GuideSchema; raises ValueError with Chinese problems."""
    problems = validate_file(path)
    if problems:
        raise ValueError("；".join(problems[:5]))
    raw = _load_raw(path)
    return GuideSchema.model_validate(raw)


def _load_raw(path: Path):
    text = Path(path).read_text(encoding="utf-8")
    if Path(path).suffix.lower() == ".json":
        return json.loads(text)
    return yaml.safe_load(text)


def _line_index(path: Path) -> dict[tuple, int]:
    """Map each key path (tuple of keys/indices) to its 1-based line in a YAML/JSON file."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    index: dict[tuple, int] = {}

    def walk(node, prefix: tuple) -> None:
        index[prefix] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                index[prefix + (k.value,)] = k.start_mark.line + 1
                walk(v, prefix + (k.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, prefix + (i,))

    if root is not None:
        walk(root, ())
    return index


def _line_of(index: dict[tuple, int], loc: tuple) -> int | None:
    loc = tuple(x for x in loc if not (isinstance(x, str) and x in {"threshold", "any_of", "qualitative", "attestation"}))
    while loc and loc not in index:
        loc = loc[:-1]
    return index.get(loc)


def validate_file(path: Path) -> list[str]:
    """Every problem of an edited schema file as `第N行：问题 → 修改建议`."""
    path = Path(path)
    try:
        raw = _load_raw(path)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"第{mark.line + 1}行：" if mark else ""
        return [f"{path}:{line}文件格式错误（{getattr(exc, 'problem', exc)}）→ 检查缩进和冒号，YAML 用空格缩进，不要用 Tab。"]
    index = _line_index(path)
    problems: list[str] = []
    try:
        schema = GuideSchema.model_validate(raw)
    except ValidationError as exc:
        for e in exc.errors():
            line = _line_of(index, tuple(e["loc"]))
            where = f"第{line}行" if line else "·".join(map(str, e["loc"]))
            problems.append(f"{path}:{where}：{'.'.join(map(str, e['loc']))} {e['msg']} → {_fix_hint(e)}")
        return problems
    problems.extend(_semantic_problems(schema, index, path))
    return problems


def _fix_hint(err: dict) -> str:
    t = err.get("type", "")
    if t == "missing":
        return "补上这个字段。"
    if t == "literal_error":
        return f"只能取：{err.get('ctx', {}).get('expected', '')}。"
    if t == "extra_forbidden":
        return "删除这个字段或检查拼写。"
    if "date" in t:
        return "日期写成 YYYY-MM-DD，例如 2026-05-31。"
    if "float" in t or "int" in t:
        return "这里应填数字。"
    return "按说明修改。"


def _semantic_problems(schema: GuideSchema, index: dict[tuple, int], path: Path) -> list[str]:
    known = lexicon.metrics()
    out: list[str] = []

    def where(loc: tuple) -> str:
        line = _line_of(index, loc)
        return f"{path}:第{line}行" if line else f"{path}:{'.'.join(map(str, loc))}"

    for pi, prog in enumerate(schema.programs):
        for ci, cond in enumerate(prog.conditions):
            loc = ("programs", pi, "conditions", ci)
            members = [(loc, cond)] if cond.kind == "threshold" else []
            if cond.kind == "any_of":
                members = [(loc + ("members", mi), m) for mi, m in enumerate(cond.members)]
            for mloc, th in members:
                if th.metric not in known:
                    out.append(f"{where(mloc + ('metric',))}：未知的指标 {th.metric} → 改用 extractors/data/metrics.yaml 中的编号，如 {', '.join(list(known.entries)[:4])}。")
                else:
                    kind = known.entries[th.metric].extra.get("kind")
                    allowed = UNITS_BY_KIND.get(kind)
                    if not th.unit:
                        out.append(f"{where(mloc + ('unit',))}：缺少单位 → 填写 {known.entries[th.metric].extra.get('unit')}。")
                    elif allowed and th.unit not in allowed:
                        out.append(f"{where(mloc + ('unit',))}：指标 {th.metric} 的单位应为 {'/'.join(sorted(allowed))}，不是 {th.unit} → 换算后修改。")
            if cond.source is None or not cond.source.quote.strip():
                out.append(f"{where(loc)}：条件没有原文出处（source.quote）→ 补上指南中的原句，便于核对。")
    return out
