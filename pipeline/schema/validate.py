"""Checks an edited schema file and says, per problem, which line and how to fix it.

Why its own pass over the raw data (not only pydantic): staff need *every*
problem in one run, including the ones pydantic cannot know about (a metric id
that is not in the lexicon, a unit that does not fit the metric, a condition
without its source quote), and those checks must still run when pydantic has
already rejected some other field. Line numbers come from PyYAML's node marks;
pydantic's discriminated-union tag ('threshold' …) in an error location is
skipped because it is not a key of the file.
"""
from __future__ import annotations

import difflib
import re
import json
import typing
from dataclasses import dataclass

import yaml
from pydantic import ValidationError

from extractors import lexicon
from pipeline import labels
from models.schema import Condition, GuideSchema
from pipeline.schema import labels as sl

UNITS_BY_KIND = {"ratio": {"%"}, "amount": {"万元"}}
_OTHER_KINDS_UNITS = {"%", "万元"}  # a count (件, 人, 项 …) is never in these
_TAGS = {typing.get_args(m.model_fields["kind"].annotation)[0] for m in typing.get_args(typing.get_args(Condition)[0])}
_ITEM_LISTS = ("joint", "conditions", "exclusions", "materials", "deadlines", "channels", "quotas",
               "funding", "contacts", "tasks")
_SOURCED = ("conditions", "exclusions", "materials", "deadlines", "quotas", "funding", "joint", "tasks")


class SchemaLoader(yaml.SafeLoader):
    """Safe loading that leaves dates as text: pydantic then reports a bad date
    (2026-13-45) with its line instead of PyYAML crashing on it."""


SchemaLoader.add_constructor("tag:yaml.org,2002:timestamp", SchemaLoader.construct_yaml_str)


def load_raw(text: str):
    return yaml.load(text, Loader=SchemaLoader)


@dataclass
class Problem:
    line: int | None
    field: str
    message: str
    fix: str
    file: str = ""

    def __str__(self) -> str:
        where = f"第{self.line}行" if self.line else (self.field or "文件")
        field = f"（{self.field}）" if self.field and self.line else ""
        return f"{self.file}:{where}：{self.message}{field} → {self.fix}"


def check_text(text: str, name: str = "<schema>", semantic: bool = True, notices: bool = True) -> list[Problem]:
    """Every problem of schema text (YAML or JSON), in file order; semantic=False: structure only.

    notices=False leaves out what a person may have done on purpose (a value edited away
    from its value_text): `validate` reports it, loading a schema for screening does not
    refuse it (the report marks the edited value instead)."""
    try:
        if name.lower().endswith(".json"):
            raw = json.loads(text)
            index, dups = _json_lines(text), []
        else:
            root = yaml.compose(text, Loader=SchemaLoader)
            raw = load_raw(text)
            index, dups = line_index(root)
    except json.JSONDecodeError as exc:
        return [Problem(exc.lineno, "", f"JSON 格式错误（{exc.msg}）", "检查这一行附近的逗号、引号和括号。", name)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        what = " ".join(x for x in (getattr(exc, "context", None), getattr(exc, "problem", None)) if x) or str(exc)
        return [Problem(mark.line + 1 if mark else None, "", f"YAML 格式错误（{what}）",
                        "检查这一行及上一行的缩进和冒号：同一层的字段左端对齐，只用空格缩进，不要用 Tab。", name)]
    if not isinstance(raw, dict):
        return [Problem(1, "", "文件内容不是一份申报要求", "文件应以 schema_version:、programs: 等字段开头。", name)]
    problems: list[Problem] = []
    problems += [Problem(line, ".".join(map(str, loc)), f"字段 {loc[-1]} 重复出现", "删除多余的一行，只保留一个。", name)
                 for loc, line in dups]
    seen: set[tuple] = set()
    try:
        GuideSchema.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = _strip_tags(err["loc"])
            seen.add(loc)
            problems.append(_from_pydantic(err, loc, raw, index, name))
    for loc, message, fix in (_semantic(raw, notices) if semantic else ()):
        if loc not in seen:
            problems.append(Problem(_line_of(index, loc), ".".join(map(str, loc)), message, fix, name))
    problems.sort(key=lambda p: (p.line or 0))
    return problems


def line_index(root) -> tuple[dict[tuple, int], list[tuple[tuple, int]]]:
    """Each key path (keys and list indices) → 1-based line; plus duplicated keys."""
    index: dict[tuple, int] = {}
    dups: list[tuple[tuple, int]] = []

    def walk(node, prefix: tuple) -> None:
        index.setdefault(prefix, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = prefix + (k.value,)
                if key in index:
                    dups.append((key, k.start_mark.line + 1))
                index[key] = k.start_mark.line + 1
                walk(v, key)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, prefix + (i,))

    if root is not None:
        walk(root, ())
    return index, dups


def _json_lines(text: str) -> dict[tuple, int]:
    """JSON is (nearly always) YAML too, which gives line numbers; else none."""
    try:
        return line_index(yaml.compose(text, Loader=SchemaLoader))[0]
    except yaml.YAMLError:
        return {}


def _strip_tags(loc: tuple) -> tuple:
    """Drop the union tag pydantic inserts after a list index (conditions.2.threshold.unit)."""
    out: list = []
    for i, x in enumerate(loc):
        if isinstance(x, str) and x in _TAGS and i > 0 and isinstance(loc[i - 1], int):
            continue
        out.append(x)
    return tuple(out)


def _line_of(index: dict[tuple, int], loc: tuple) -> int | None:
    while loc and loc not in index:
        loc = loc[:-1]
    return index.get(loc)


def _get(raw, loc: tuple):
    for x in loc:
        try:
            raw = raw[x]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


def _from_pydantic(err: dict, loc: tuple, raw, index, name: str) -> Problem:
    t = err.get("type", "")
    field = next((x for x in reversed(loc) if isinstance(x, str)), "")
    label = sl.label(field) or field
    val = err.get("input")
    fixes = sl.words()["fixes"]
    line = _line_of(index, loc)
    where = ".".join(map(str, loc))
    if t == "missing":
        fix = fixes.get(field, f"补上 {field}（{label}）。")
        parent = _get(raw, loc[:-1])
        metric = parent.get("metric") if isinstance(parent, dict) else None
        if field == "unit" and isinstance(metric, str) and metric in lexicon.metrics():
            fix = f"补上一行 unit: {lexicon.metrics().entries[metric].extra.get('unit')}（{labels.metric_name(metric)}的单位）。"
        return Problem(line, where, f"缺少 {field}（{label}）", fix, name)
    if t == "extra_forbidden":
        close = difflib.get_close_matches(str(field), list(sl.words()["labels"]), n=1)
        hint = f"是不是 {close[0]}？" if close else ""
        return Problem(line, where, f"多余的字段 {field}（不认识）", f"{hint}检查拼写，或删除这一行。", name)
    if t == "literal_error" and field == "operator":
        code = sl.operator_for(val) if isinstance(val, str) else None
        fix = f"改为 operator: '{code}'。" if code else "只能取 '>='（不低于）、'>'（超过）、'<='（不超过）、'<'（低于）、'=='（等于），要加引号。"
        return Problem(line, where, f"比较方式 {val!r} 不可用", fix, name)
    if t == "literal_error":
        return Problem(line, where, f"{field} 的值 {val!r} 不可用", f"只能取：{err.get('ctx', {}).get('expected', '')}。", name)
    if t == "union_tag_invalid":
        return Problem(line, where, f"条件类型 kind: {err.get('ctx', {}).get('tag')} 不存在", fixes["kind"], name)
    if t == "union_tag_not_found":
        return Problem(line, where, "这一条件缺少 kind（类型）", fixes["kind"], name)
    if "date" in t or "time" in t:
        if isinstance(val, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", val.strip()):
            month = int(val.strip().split("-")[1])
            why = "没有这个月份" if not 1 <= month <= 12 else "该月没有这一天"
            return Problem(line, where, f"日期 {val!r} 不存在（{why}）",
                           "核对原文中的日期，写成实际存在的日期 YYYY-MM-DD，例如 2023-06-30。", name)
        return Problem(line, where, f"日期 {val!r} 格式不对", fixes["date"], name)
    if t.startswith(("float", "int", "decimal")):
        return Problem(line, where, f"{field}（{label}）应为数字，现在是 {val!r}", "只写数字，不带单位或逗号，例如 2000；单位写在 unit。", name)
    if t.startswith("bool"):
        return Problem(line, where, f"{field}（{label}）应为 true 或 false，现在是 {val!r}", "改为 true（是）或 false（否）。", name)
    if t == "string_type":
        return Problem(line, where, f"{field}（{label}）应为文字", fixes.get(field, "填写文字；以数字或特殊符号开头时用引号括起来。"), name)
    if t == "list_type":
        return Problem(line, where, f"{field}（{label}）应为列表", "写成 [甲, 乙]，或每行一个以“- ”开头。", name)
    if t in ("model_type", "dict_type", "model_attributes_type"):
        return Problem(line, where, f"{field or '这一项'} 应为若干字段组成的一项", "检查缩进：下属字段要比它多缩进两个空格。", name)
    return Problem(line, where, f"{field}：{err.get('msg')}", "按字段说明修改。", name)


def _items(raw, key: str):
    value = raw.get(key) if isinstance(raw, dict) else None
    return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)] if isinstance(value, list) else []


def _strs(value) -> list[str]:
    return [x for x in value if isinstance(x, str)] if isinstance(value, list) else []


def _semantic(raw: dict, notices: bool = True):
    """(loc, message, fix) for what the models accept but the lexicon or evidence rule does not."""
    metrics = lexicon.metrics()
    types = set(lexicon.applicant_types().entries) | set(lexicon.applicant_type_groups())
    titles = {t for v in lexicon.standings().values() for t in v.entries}
    triggers = set(lexicon.triggers())
    materials = lexicon.materials()

    def metric_problem(loc, metric):
        if not isinstance(metric, str) or not metric or metric in metrics:
            return None  # "" is an open-vocabulary threshold: its subject is kept, no metric claimed
        guess = metrics.first(metric) or next(iter(difflib.get_close_matches(metric, list(metrics.entries), n=1)), None)
        fix = f"改为 {guess}（{metrics.name(guess)}）。" if guess else "改用 extractors/data/metrics.yaml 中的指标编号。"
        return (loc, f"未知的指标编号 {metric}", fix)

    def unknown_ids(loc, values, known, what, where):
        for j, v in enumerate(_strs(values)):
            if v not in known:
                yield (loc + (j,), f"未知的{what} {v}", f"改用 {where} 中的编号。")

    for pi, prog in _items(raw, "programs"):
        p = ("programs", pi)
        track_refs = {x for _, t in _items(prog, "tracks") for x in (t.get("id"), t.get("name")) if isinstance(x, str) and x}
        yield from unknown_ids(p + ("applicant_types",), prog.get("applicant_types"), types, "申报主体类型", "extractors/data/applicant_types.yaml")
        for ti, tr in _items(prog, "tracks"):
            yield from unknown_ids(p + ("tracks", ti, "applicant_types"), tr.get("applicant_types"), types, "申报主体类型", "extractors/data/applicant_types.yaml")
        for field in _ITEM_LISTS:
            for ii, item in _items(prog, field):
                loc = p + (field, ii)
                src = item.get("source")
                if field in _SOURCED and not (isinstance(src, dict) and isinstance(src.get("quote"), str) and src["quote"].strip()):
                    yield (loc, "这一项没有原文出处（source.quote）", "补上 source: 和其下的 quote:（从指南中复制原句），便于核对。")
                yield from unknown_ids(loc + ("applies_to",), item.get("applies_to"), types, "申报主体类型", "extractors/data/applicant_types.yaml")
                for j, ref in enumerate(_strs(item.get("tracks"))):
                    if ref not in track_refs:
                        fix = f"改为本项目 tracks 中的编号或名称：{'、'.join(sorted(track_refs))}。" if track_refs else "本项目没有 tracks，删除这一行。"
                        yield (loc + ("tracks", j), f"类别 {ref} 在本项目中不存在", fix)
                if field == "exclusions":
                    yield from unknown_ids(loc + ("titles",), item.get("titles"), titles, "称号编号", "extractors/data/titles.yaml")
                if field == "materials" and isinstance(item.get("material"), str) and item["material"] not in materials:
                    guess = materials.first(item["material"])
                    yield (loc + ("material",), f"未知的材料编号 {item['material']}",
                           f"改为 {guess}（{materials.name(guess)}）。" if guess else "改用 extractors/data/materials.yaml 中的材料编号。")
                if field == "conditions":
                    yield from _condition(loc, item, metric_problem, titles, triggers, notices)


def value_mismatch(th: dict) -> str | None:
    """An edited `value` that no longer matches the guide's own wording (value_text)."""
    from extractors.numbers import find_quantities

    value, text, unit = th.get("value"), th.get("value_text"), th.get("unit")
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not isinstance(text, str) or not text.strip():
        return None
    qs = find_quantities(text)
    if not qs:
        return None
    q = qs[0]
    written = q.norm_value if unit == q.norm_unit or q.wan is not None else q.value
    if abs(written - float(value)) <= 1e-6 * max(1.0, abs(written)):
        return None
    return f"数值 value: {value:g} 与原文写法 value_text: {text} 不一致"


def _condition(loc, item, metric_problem, titles, triggers, notices: bool = True):
    metrics = lexicon.metrics()
    members = [(loc, item)] if item.get("kind") == "threshold" else []
    if item.get("kind") == "any_of":
        members = [(loc + ("members", mi), m) for mi, m in _items(item, "members")]
    for mloc, th in members:
        if p := metric_problem(mloc + ("metric",), th.get("metric")):
            yield p
        metric, unit = th.get("metric"), th.get("unit")
        if isinstance(metric, str) and metric in metrics and isinstance(unit, str):
            entry = metrics.entries[metric]
            allowed = UNITS_BY_KIND.get(entry.extra.get("kind"))
            expected = "/".join(sorted(allowed)) if allowed else entry.extra.get("unit", "")
            if not unit.strip():
                yield (mloc + ("unit",), "单位为空", f"填写 {expected}。")
            elif (allowed and unit not in allowed) or (not allowed and unit in _OTHER_KINDS_UNITS):
                yield (mloc + ("unit",), f"指标 {metric}（{entry.name}）的单位应为 {expected}，不是 {unit}",
                       f"改为 {expected}，并相应换算 value。")
        if notices and (mismatch := value_mismatch(th)) is not None:
            yield (mloc + ("value",), mismatch, "value 与 value_text（原文写法）应一致：改回原文的数值，"
                                                "或确认修改后同时更新 value_text。")
        period = th.get("period")
        if isinstance(period, str) and sl.period_name(period) is None:
            yield (mloc + ("period",), f"看不懂的期间 {period}",
                   "写 last_3_years（近三年）、last_year（上一年度）、within_3_years（三年内）、year:2024 或 current（申报时）。")
    for ei, ex in _items(item, "exemptions"):
        for j, t in enumerate(_strs(ex.get("titles"))):
            if t not in titles:
                yield (loc + ("exemptions", ei, "titles", j), f"未知的称号编号 {t}", "改用 extractors/data/titles.yaml 中的编号。")
    for ai, adj in _items(item, "adjustments"):
        a = loc + ("adjustments", ai)
        for j, t in enumerate(_strs(adj.get("triggers"))):
            if t not in triggers:
                yield (a + ("triggers", j), f"未知的触发条件 {t}", f"改为 {'、'.join(sorted(triggers))} 之一。")
        if p := metric_problem(a + ("from_metric",), adj.get("from_metric")):
            yield p
        for j, m in enumerate(_strs(adj.get("metrics"))):
            if p := metric_problem(a + ("metrics", j), m):
                yield p
