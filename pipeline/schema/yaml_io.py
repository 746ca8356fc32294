"""Saving, loading and checking requirement schemas as files staff can edit.

Why a hand-written emitter and not yaml.dump: policy staff correct next year's
schema by hand. Each item starts with a Chinese heading comment (# 条件3：近三年
利税总额（每年） ≥ 2000万元), keys carry Chinese labels, the item's main fields
come first and its source quote right after them, and empty defaults are left
out so the file reads like the guide. Scalars are still written by PyYAML, so
whatever text a guide carries reloads unchanged (dump → load is lossless).
`validate` points at the line to fix instead of dumping a stack trace; the
checks themselves live in pipeline.schema.validate.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import BaseModel

from extractors import lexicon
from pipeline import labels
from models.schema import GuideSchema
from pipeline.schema import labels as sl
from pipeline.schema.validate import Problem, check_text, load_raw
from pipeline.schema.yaml_scalar import BIG as _BIG, LINE_BREAKS as _LINE_BREAKS, breaks as _breaks, \
    printable as _printable, scalar as _scalar

__all__ = ["dump_yaml", "load_schema", "parse_schema", "validate_file", "check_file", "Problem"]

LABELS_FILE = sl.LABELS_FILE
_ALWAYS = {"kind", "schema_version"}  # kept even when default: the union needs `kind`
_HEADER = """\
# shenbao 申报要求（可编辑）。修改后请运行：shenbao validate 本文件
# 每个“- ”开始一项；行尾 # 后是中文说明，可以不管。缩进只用空格。
# 比较方式：>= 不低于，> 超过，<= 不超过，< 低于。日期写成 2026-05-31。
# source.quote 是指南原文，用来核对，请勿改动或删除。
"""


def dump_yaml(schema: GuideSchema) -> str:
    """YAML in reading order with Chinese labels; load_schema reads it back equal."""
    lines = _HEADER.splitlines()
    lines += _mapping(_ordered(schema), 0)
    return "\n".join(lines) + "\n"


def _ordered(model: BaseModel) -> list[tuple[str, object]]:
    """(key, value) pairs: id, kind, scalar main fields, source, then lists and nested items."""
    fields = type(model).model_fields
    head, main, rest = [], [], []
    source = None
    for name, info in fields.items():
        value = getattr(model, name)
        if name not in _ALWAYS and not info.is_required() and _is_default(value, info):
            continue
        if name == "source" and not isinstance(model, GuideSchema):
            source = value
        elif name in ("id", "kind"):
            head.append((name, value))
        elif isinstance(value, (list, BaseModel)):
            rest.append((name, value))
        else:
            main.append((name, value))
    mid = [("source", source)] if source is not None else []
    return head + main + mid + rest


def _is_default(value, info) -> bool:
    default = info.get_default(call_default_factory=True)
    return value == default


def _flow(values: list) -> str:
    style = '"' if any(isinstance(v, str) and _breaks(v) for v in values) else None
    return yaml.safe_dump(values, allow_unicode=True, width=_BIG, default_flow_style=True,
                          default_style=style).rstrip("\n")


def _gloss(key: str, value) -> str:
    """What an id means, appended to the key label (metric: profit_tax  # 指标编号：利税总额)."""
    try:
        if key in ("metric", "from_metric") and isinstance(value, str) and value in lexicon.metrics():
            return labels.metric_name(value)
        if key == "period":
            return sl.period_name(value) or ""
        if key in ("applies_to", "applicant_types", "member_types") and value:
            return sl.applicant_type_names(value)
        if key == "titles" and value:
            return "、".join(sl.title_name(t) for t in value)
        if key == "material" and value in lexicon.materials():
            return lexicon.materials().name(value)
        if key == "requirements" and value:
            return "、".join(sl.words()["material_requirements"].get(r, r) for r in value)
        if key == "operator":
            return sl.words()["operator_words"].get(value, "")
        if key == "aggregation":
            return sl.words()["aggregations"].get(value, "")
    except (TypeError, KeyError):
        return ""
    return ""


def _safe_comment(text: str) -> str:
    """A comment must stay on its line and hold only characters YAML accepts."""
    return "".join(ch if _printable(ch) and ch not in _LINE_BREAKS else " " for ch in text).strip()


def _comment(key: str, value) -> str:
    label = sl.label(key) or ""
    gloss = _gloss(key, value)
    if gloss and label:
        label = f"{label.split('（')[0]}：{gloss}"
    elif gloss:
        label = gloss
    return f"  # {_safe_comment(label)}" if label else ""


def _mapping(pairs: list[tuple[str, object]], indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for key, value in pairs:
        if isinstance(value, BaseModel):
            out.append(f"{pad}{key}:{_comment(key, value)}")
            out += _mapping(_ordered(value), indent + 2)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            out.append(f"{pad}{key}:{_comment(key, value)}")
            out += _items(key, value, indent + 2)
        elif isinstance(value, list):
            flow = _flow(value)
            out.append(f"{pad}{key}: {flow}{_comment(key, value)}")
        else:
            out.append(f"{pad}{key}: {_scalar(value)}{_comment(key, value)}")
    return out


def _items(field: str, items: list[BaseModel], indent: int) -> list[str]:
    pad = " " * indent
    head = sl.words()["items"].get(field, "")
    out: list[str] = []
    for i, item in enumerate(items, 1):
        summary = sl.item_summary(field, item)
        if head:
            out.append(f"{pad}# " + _safe_comment(f"{head}{i}" + (f"：{summary}" if summary else "")))
        body = _mapping(_ordered(item), indent + 2)
        if not body:
            out.append(f"{pad}- {{}}")
            continue
        out.append(f"{pad}- {body[0][indent + 2:]}")
        out += body[1:]
    return out


def parse_schema(text: str, name: str = "<schema>", strict: bool = True) -> GuideSchema:
    """A schema from YAML/JSON text; raises ValueError listing every problem (Chinese).

    strict=False tolerates what the models accept but `validate` flags (unknown
    lexicon ids, missing quotes), for callers that must run on imperfect files.
    """
    problems = check_text(text, name, semantic=strict, notices=False)
    if problems:
        raise ValueError("\n".join(str(p) for p in problems))
    data = json.loads(text) if name.lower().endswith(".json") else load_raw(text)
    return GuideSchema.model_validate(data)


def load_schema(path: Path, strict: bool = True) -> GuideSchema:
    """A saved schema (.json/.yaml/.yml) as a GuideSchema; raises ValueError with Chinese problems."""
    path = Path(path)
    return parse_schema(path.read_text(encoding="utf-8-sig"), str(path), strict)


def check_file(path: Path) -> list[Problem]:
    """Every problem of an edited schema file, each with its line and a fix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [Problem(None, "", "文件不是 UTF-8 编码", "用记事本“另存为”UTF-8 编码后再检查。", str(path))]
    return check_text(text, str(path))


def validate_file(path: Path) -> list[str]:
    """Every problem of an edited schema file as `文件:第N行：问题 → 修改建议`."""
    return [str(p) for p in check_file(path)]

