"""The `shenbao` command as staff run it: flags mapped onto the API, files at the edges."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from evaluation.cli import app  # the console script: every command, eval included

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


def test_unknown_program_or_track_stops_before_any_work(tmp_path):
    out = tmp_path / "rep"
    res = runner.invoke(app, ["screen", "--guide", str(GUIDE), "--out", str(out), "--program", "不存在的项目",
                              str(APPS / "app001.docx")])
    assert res.exit_code == 2 and "不存在的项目" in res.output and "Traceback" not in res.output
    assert not (out / "summary.csv").exists()  # nothing was screened
    res = runner.invoke(app, ["screen", "--guide", str(GUIDE), "--out", str(out), "--track", "没有这一类",
                              str(APPS / "app001.docx")])
    assert res.exit_code == 2 and "没有这一类" in res.output
    assert not (out / "summary.csv").exists()


def test_out_pointing_at_a_file_is_a_message_not_a_traceback(tmp_path):
    f = tmp_path / "reports.txt"
    f.write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["screen", "--guide", str(GUIDE), "--out", str(f), str(APPS / "app001.docx")])
    assert res.exit_code == 2 and "文件夹" in res.output and "Traceback" not in res.output


def test_end_of_batch_prints_counts_errors_and_where(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    out = tmp_path / "rep"
    res = runner.invoke(app, ["screen", "--guide", str(GUIDE), "--out", str(out), "--workers", "1",
                              str(APPS / "app001.docx"), str(empty)])
    assert res.exit_code == 0, res.output
    assert "预审完成：共 2 个文件" in res.output and "无法处理" in res.output and "empty.pdf" in res.output
    assert str(out.resolve()) in res.output.replace("\n", "")
    again = runner.invoke(app, ["screen", "--guide", str(GUIDE), "--out", str(out), "--workers", "1",
                                str(APPS / "app001.docx"), str(empty)])
    assert "未改动，沿用上次结果" in again.output


def test_version_flag():
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.startswith("shenbao ")


def test_help_examples_name_files_that_exist():
    """Issue 16.7: every example path in the commands' help exists in the repository."""
    import re

    from pipeline import cli

    text = Path(cli.__file__).read_text(encoding="utf-8")
    paths = re.findall(r"例：shenbao [^\n]*?((?:corpus)/[\w./-]+)", text)
    assert paths
    for found in re.finditer(r"例：shenbao ([^\n]*)", text):
        for p in re.findall(r"corpus/[\w./-]+", found.group(1)):
            assert (ROOT / p).exists(), p


def test_report_names_the_edited_schema_and_marks_edited_values(tmp_path):
    """Issue 16.6: a report names the schema file and its hash; a value edited by hand is marked."""
    import hashlib
    import re as _re

    g = tmp_path / "G.yaml"
    assert runner.invoke(app, ["guide", str(GUIDE), "--format", "yaml", "--out", str(g)]).exit_code == 0
    text = g.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if _re.match(r"\s*metric: profit_tax\b", line))
    v = next(i for i in range(at, at + 6) if _re.match(r"\s*value: 2000\b", lines[i]))
    lines[v] = lines[v].replace("value: 2000", "value: 100")
    g.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "rep"
    res = runner.invoke(app, ["screen", "--guide", str(g), "--out", str(out), "--workers", "1", str(APPS / "app001.docx")])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "app001.docx.json").read_text(encoding="utf-8"))
    assert report["guide"] == {"file": "G.yaml", "sha256": hashlib.sha256(g.read_bytes()).hexdigest()}
    edited = [c for c in report["checks"] if c.get("metric") == "profit_tax"]
    assert edited and all("经人工修改" in c["explanation"] and "2000万元" in c["explanation"] for c in edited)


def test_review_page_rebuilt_from_an_edited_yaml(tmp_path):
    """Issue 16.6: shenbao guide G.yaml --html review.html rebuilds the page from the schema as edited."""
    g = tmp_path / "G.yaml"
    assert runner.invoke(app, ["guide", str(GUIDE), "--format", "yaml", "--out", str(g)]).exit_code == 0
    text = g.read_text(encoding="utf-8").replace("value: 2000", "value: 1800", 1)
    g.write_text(text, encoding="utf-8")
    page = tmp_path / "review.html"
    res = runner.invoke(app, ["guide", str(g), "--html", str(page)])
    assert res.exit_code == 0, res.output
    html = page.read_text(encoding="utf-8")
    assert "1800" in html and "申报指南解析审阅" in html
    gone = tmp_path / "G2.yaml"
    gone.write_text(text.replace(str(GUIDE), "/nonexistent/guide.docx"), encoding="utf-8")
    res = runner.invoke(app, ["guide", str(gone), "--html", str(tmp_path / "r2.html")])
    assert res.exit_code == 1 and "找不到" in res.output and "Traceback" not in res.output


def test_diff_table_in_chinese_json_only_when_asked_and_nothing_in_common(tmp_path):
    """Issue 16.7: Chinese type names, no JSON dumped unless asked, and unrelated files said so."""
    old = ROOT / "corpus" / "guides" / "js2022_140" / "source.txt"
    new = ROOT / "corpus" / "guides" / "js2026_hvp" / "source.txt"
    res = runner.invoke(app, ["diff", str(old), str(new)])
    assert res.exit_code == 0, res.output
    assert "项目任务" in res.output and '"change"' not in res.output  # no JSON after the table
    res = runner.invoke(app, ["diff", str(old), str(new), "--json", "-"])
    assert '"change"' in res.output
    other = tmp_path / "other.txt"
    other.write_text("关于开展2031年度某某市优秀教师评选的通知\n\n一、评选条件\n（一）从事教学工作满10年。\n"
                     "二、申报时间\n请于2031年9月1日前报送。\n", encoding="utf-8")
    res = runner.invoke(app, ["diff", str(new), str(other)])
    assert res.exit_code == 0 and "没有可以对齐" in res.output


def test_guide_of_a_missing_file_is_a_message(tmp_path):
    res = runner.invoke(app, ["guide", str(tmp_path / "没有这个文件.pdf")])
    assert res.exit_code != 0 and "找不到" in res.output and "Traceback" not in res.output
    assert not isinstance(res.exception, FileNotFoundError)


def test_usage_errors_and_help_are_chinese_and_flags_show_no_type():
    """typer's own messages (issue 16.7): a mistyped option, a missing argument, a bad
    number and the help option speak Chinese; boolean flags show no <bool>."""
    from typer.testing import CliRunner

    runner = CliRunner()
    bogus = runner.invoke(app, ["screen", "--bogus"])
    assert bogus.exit_code == 2 and "没有选项 --bogus" in bogus.output and "No such option" not in bogus.output
    assert "错误" in bogus.output and "查看帮助" in bogus.output
    missing = runner.invoke(app, ["guide"])
    assert "缺少参数" in missing.output and "Missing argument" not in missing.output
    number = runner.invoke(app, ["screen", "--workers", "abc", "--guide", "g.yaml", "--out", "o", "x.pdf"])
    assert "应为整数" in number.output
    help_text = runner.invoke(app, ["screen", "--help"]).output
    assert "显示本帮助并退出" in help_text and "<bool>" not in help_text and "--per-folder" in help_text
