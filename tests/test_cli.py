"""The `shenbao` command as staff run it: flags mapped onto the API, files at the edges."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "corpus" / "applications"
GUIDE = ROOT / "corpus" / "guides" / "cz2023_hvp" / "guide.docx"
runner = CliRunner()


def test_screen_with_default_workers_writes_one_row_per_input(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    out = tmp_path / "rep"
    res = runner.invoke(app, ["screen", "--guide", str(GUIDE), "--out", str(out),
                              str(APPS / "app001.docx"), str(APPS / "app002.docx"), str(empty)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8-sig")))
    assert sorted(r["文件"] for r in rows) == ["app001.docx", "app002.docx", "empty.pdf"]
    bad = next(r for r in rows if r["文件"] == "empty.pdf")
    assert bad["错误代码"] == "empty_file" and bad["结论"] == "无法处理"
    report = json.loads((out / "app002.docx.json").read_text(encoding="utf-8"))
    assert {"file", "applicant", "program", "decision", "checks", "missing_materials", "error"} <= set(report)


def test_guide_yaml_then_validate_reports_an_edited_bad_value(tmp_path):
    g = tmp_path / "G.yaml"
    res = runner.invoke(app, ["guide", str(GUIDE), "--format", "yaml", "--out", str(g)])
    assert res.exit_code == 0, res.output
    assert runner.invoke(app, ["validate", str(g)]).exit_code == 0
    text = g.read_text(encoding="utf-8")
    assert "value: 2000" in text
    g.write_text(text.replace("value: 2000", "value: 两千", 1), encoding="utf-8")
    res = runner.invoke(app, ["validate", str(g)])
    assert res.exit_code == 1 and "行" in res.output


def test_claims_on_an_empty_file_is_a_clear_error(tmp_path):
    empty = tmp_path / "x.pdf"
    empty.write_bytes(b"")
    res = runner.invoke(app, ["claims", str(empty)])
    assert res.exit_code == 1 and "empty_file" in res.output


def test_schema_publishes_the_report_contract():
    res = runner.invoke(app, ["schema", "report"])
    assert res.exit_code == 0
    props = json.loads(res.output)["properties"]
    assert {"file", "applicant", "program", "decision", "checks", "missing_materials", "error"} <= set(props)
