"""Editable schema YAML: lossless round trip, staff-readable layout, validation
with line numbers and fixes, and an edited threshold changing a verdict.

The broken files under tests/data/broken_yaml/ mark each faulty line with a
trailing comment `# 错误：关键词`; expected lines and keywords are read from those
markers (written by hand next to the fault), not from the validator's output.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from models.claims import ApplicationClaims, Figure
from models.schema import (
    AnyOf, Deadline, GuideSchema, Program, Qualitative, SourceRef, Threshold, Track, UnparsedSection,
)
from pipeline.schema.yaml_io import check_file, dump_yaml, load_schema, parse_schema, validate_file

ROOT = Path(__file__).resolve().parents[1]
GOLDS = sorted((ROOT / "corpus" / "guides").glob("*/gold.yaml"))
BROKEN = Path(__file__).parent / "data" / "broken_yaml"
MARK = re.compile(r"#\s*错误：(.+?)\s*$")


def gold(path: Path) -> GuideSchema:
    return GuideSchema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def cz2023() -> GuideSchema:
    return gold(ROOT / "corpus" / "guides" / "cz2023_hvp" / "gold.yaml")


# --- round trip -----------------------------------------------------------------

def test_there_are_gold_schemas():
    assert len(GOLDS) >= 4


@pytest.mark.parametrize("path", GOLDS, ids=[p.parent.name for p in GOLDS])
def test_gold_schema_round_trips_and_validates_clean(path, tmp_path):
    schema = gold(path)
    out = tmp_path / "g.yaml"
    out.write_text(dump_yaml(schema), encoding="utf-8")
    assert validate_file(out) == []
    assert load_schema(out) == schema


def _schema_with(text: str) -> GuideSchema:
    src = SourceRef(quote=text + "。", section=text)
    return GuideSchema(title=text, programs=[Program(
        name=text or "x", tracks=[Track(id=text, name=text)],
        conditions=[
            Threshold(metric="profit_tax", operator=">=", value=1500.5, unit="万元", text=text, value_text=text,
                      tracks=[text], source=src),
            Qualitative(text=text, source=src),
        ],
        deadlines=[Deadline(date=dt.date(2026, 5, 31), text=text, source=src)],
    )], unparsed=[UnparsedSection(section=text, text=text)])


@pytest.mark.parametrize("text", [
    "第一行\n第二行", "# 不是注释", "键: 值", "- 不是列表", "null", "yes", "2026-05-31", "0123", "'单引号'", '"双引号"',
    "  前后空格  ", "a\u2028b", "a\x85b", "\x00控制符", "\t制表", "{a: 1}", "[1, 2]", "*别名", "&锚点", "!标签", "%指令", "",
])
def test_awkward_guide_text_survives_dump_and_load(text):
    schema = _schema_with(text)
    assert parse_schema(dump_yaml(schema), strict=False) == schema


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=40))
def test_any_text_survives_dump_and_load(text):
    schema = _schema_with(text)
    assert parse_schema(dump_yaml(schema), strict=False) == schema


# --- layout for staff -----------------------------------------------------------------

def _items(text: str, marker: str) -> list[list[str]]:
    """Lines of each list item that follows a heading comment starting with `marker`."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip().startswith(f"# {marker}")]
    out = []
    for i in starts:
        indent = len(lines[i + 1]) - len(lines[i + 1].lstrip())
        body = [lines[i + 1]]
        for line in lines[i + 2:]:
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            body.append(line)
        out.append(body)
    return out


def test_conditions_in_reading_order_with_chinese_headings():
    text = dump_yaml(cz2023())
    headings = [line.strip() for line in text.splitlines() if re.match(r"\s*# 条件\d+：", line)]
    # 三、申报条件 of the guide: （一）领先地位 （二）研发 3.5% / 知识产权 5% （三）利税 2000万元 …
    assert headings[0].startswith("# 条件1：【定性条件】在相关技术领域研发水平处于行业领先地位")
    assert headings[1] == "# 条件2：近三年 研发费用占销售收入比例 ≥ 3.5%"
    assert headings[2] == "# 条件3：上一年度 知识产权费用占研发费用比例 ≥ 5%"
    assert headings[3] == "# 条件4：近三年 利税总额（每年） ≥ 2000万元"
    assert any(h.startswith("# 条件7：【任一满足】有效专利数量 ≥ 100件；或 有效发明专利数量 ≥ 50件") for h in headings)


def test_source_quote_follows_main_fields():
    text = dump_yaml(cz2023())
    for body in _items(text, "条件"):
        col = body[0].index("kind")  # the item's own keys, not those of nested members
        keys = [m.group(2) for line in body if (m := re.match(r"(\s*(?:- )?)([a-z_]+):", line)) and len(m.group(1)) == col]
        assert keys[0] == "kind"
        src = keys.index("source")
        below = next(i for i, line in enumerate(body) if line[col:].startswith("source:"))
        assert body[below + 1].strip().startswith("quote:"), body
        for main in ("metric", "operator", "value", "unit", "text"):
            if main in keys:
                assert keys.index(main) < src, (main, keys)
        for nested in ("applies_to", "exemptions", "adjustments", "members"):
            if nested in keys:
                assert keys.index(nested) > src, (nested, keys)


def test_ids_are_glossed_in_chinese():
    text = dump_yaml(cz2023())
    assert re.search(r"metric: profit_tax\s+# 指标编号：利税总额", text)
    assert re.search(r"period: last_3_years\s+# 期间：近三年", text)
    assert re.search(r"operator: '>='\s+# 比较方式：不低于", text)
    assert re.search(r"applies_to: \[enterprise\]\s+# 适用主体：企业", text)
    assert "value: 2000  # 数值" in text  # not 2000.0: staff type plain numbers


# --- validation ---------------------------------------------------------------------

BROKEN_FILES = sorted(p for p in BROKEN.glob("*.yaml") if p.name != "valid.yaml")


def _markers(path: Path) -> dict[int, str]:
    return {n: m.group(1) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if (m := MARK.search(line)) and n > 2}


def test_the_reference_file_is_valid():
    assert validate_file(BROKEN / "valid.yaml") == []


def test_every_kind_of_break_is_covered():
    names = {p.stem for p in BROKEN_FILES}
    assert {"unknown_metric", "bad_operator", "missing_unit", "no_source", "bad_date", "bad_indent", "extra_key"} <= names


@pytest.mark.parametrize("path", BROKEN_FILES, ids=[p.stem for p in BROKEN_FILES])
def test_broken_file_reports_every_problem_on_its_line_with_a_fix(path):
    expected = _markers(path)
    assert expected, f"{path.name} has no 错误 marker"
    problems = check_file(path)
    assert sorted(p.line for p in problems) == sorted(expected), [str(p) for p in problems]
    for p in problems:
        text = str(p)
        assert f"第{p.line}行" in text
        assert expected[p.line] in text, (expected[p.line], text)
        assert p.fix and len(p.fix) > 4, text


def test_load_schema_refuses_a_broken_file_naming_the_line():
    with pytest.raises(ValueError, match="第12行"):
        load_schema(BROKEN / "bad_operator.yaml")


def test_lenient_load_accepts_unknown_ids_but_not_broken_structure():
    schema = load_schema(BROKEN / "unknown_metric.yaml", strict=False)
    assert schema.programs[0].conditions[0].metric == "profit_taxes"
    with pytest.raises(ValueError):
        load_schema(BROKEN / "missing_unit.yaml", strict=False)


def test_json_schema_problems_have_lines(tmp_path):
    path = tmp_path / "g.json"
    path.write_text(cz2023().model_dump_json(indent=2).replace('"rd_expense_ratio"', '"rd_ratio"'), encoding="utf-8")
    problems = check_file(path)
    assert len(problems) == 1
    line = path.read_text(encoding="utf-8").splitlines()[problems[0].line - 1]
    assert '"rd_ratio"' in line


def test_cli_validate_exit_codes():
    from pipeline.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(BROKEN / "valid.yaml")])
    assert ok.exit_code == 0
    bad = runner.invoke(app, ["validate", str(BROKEN / "several.yaml")])
    assert bad.exit_code == 1
    assert "第12行" in bad.output and "profit_tax" in bad.output


# --- an edited threshold changes the verdict -------------------------------------------

def _profit_tax_check(schema: GuideSchema, claims: ApplicationClaims):
    matcher = pytest.importorskip("pipeline.screen.matcher", reason="pipeline.screen.matcher (screening) is not available")
    report = matcher.screen_program(schema.programs[0], claims, guide_year=schema.year)
    found = [c for c in report.checks if c.metric == "profit_tax"]
    assert len(found) == 1, [c.condition_id for c in report.checks]
    return found[0]


def test_editing_one_threshold_in_the_yaml_flips_the_screening_verdict(tmp_path):
    # 2023 常州 guide: 近三年利税总额均不低于2000万元; this applicant made 1500万元 each year.
    claims = ApplicationClaims(
        file="hand.docx", applicant_type={"value": "enterprise"},
        figures=[Figure(metric="profit_tax", year=y, value=1500, unit="万元", original="1500万元") for y in (2020, 2021, 2022)],
    )
    path = tmp_path / "cz.yaml"
    text = dump_yaml(cz2023())
    path.write_text(text, encoding="utf-8")
    assert _profit_tax_check(load_schema(path), claims).status == "fail"

    # staff lower the threshold to 100万元 in the file, as a person would: edit one line
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if re.match(r"\s*metric: profit_tax\b", line))
    value_line = next(i for i in range(at, at + 6) if re.match(r"\s*value: 2000\b", lines[i]))
    lines[value_line] = lines[value_line].replace("value: 2000", "value: 100")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # validate says the value no longer matches the guide's own wording (issue 16.6) …
    problems = validate_file(path)
    assert len(problems) == 1 and "value_text" in str(problems[0]) and "2000万元" in str(problems[0])
    # … and is satisfied once the person records the new wording too
    text_line = next(i for i in range(at, at + 8) if re.match(r"\s*value_text: 2000万元", lines[i]))
    lines[text_line] = lines[text_line].replace("value_text: 2000万元", "value_text: 100万元")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert validate_file(path) == []
    edited = load_schema(path)
    assert _profit_tax_check(edited, claims).status == "pass"
    # nothing else changed
    before = cz2023()
    before.programs[0].conditions[3].value = 100.0
    before.programs[0].conditions[3].value_text = "100万元"
    assert edited == before


def test_any_of_members_keep_their_parent_when_edited(tmp_path):
    schema = cz2023()
    anyof = next(c for c in schema.programs[0].conditions if isinstance(c, AnyOf))
    assert [m.metric for m in anyof.members] == ["valid_patents", "valid_invention_patents"]
    text = dump_yaml(schema).replace("metric: valid_invention_patents", "metric: valid_invention_patent", 1)
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    problems = check_file(path)
    assert len(problems) == 1 and "members.1.metric" in problems[0].field
    assert "valid_invention_patents" in problems[0].fix


def test_validate_flags_an_impossible_date_and_an_edited_value(tmp_path):
    """Issue 16.6: 2023-06-31 is said to be impossible, and a value edited away from its
    value_text is flagged; an open-vocabulary threshold (metric "") is valid."""
    from pipeline.schema.validate import check_text

    text = """programs:
  - id: main
    name: 示范项目
    conditions:
      - kind: threshold
        metric: revenue
        operator: ">="
        value: 3000
        unit: 万元
        value_text: 2000万元
        source: {quote: 上年度营业收入不低于2000万元}
      - kind: threshold
        metric: ""
        subject: 年节能量
        operator: ">="
        value: 30
        unit: 吨标准煤
        value_text: 30吨标准煤
        source: {quote: 年节能量30吨标准煤以上}
    deadlines:
      - date: 2023-06-31
        source: {quote: 6月31日前提交}
"""
    problems = [str(p) for p in check_text(text, "g.yaml")]
    assert any("第8行" in p and "value_text" in p and "2000万元" in p for p in problems), problems
    assert any("2023-06-31" in p and "该月没有这一天" in p for p in problems), problems
    assert not any("指标编号" in p for p in problems), problems  # metric "" is an open threshold
    assert len(problems) == 2
