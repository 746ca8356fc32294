"""The guide schema cache (issue 15): the same file is extracted once per extractor
version; a changed file is extracted again; SHENBAO_CACHE=off disables it."""
from pathlib import Path

from extractors.readers import read_document
from pipeline.schema import cache as guide_cache

GUIDE_TEXT = """关于开展2029年度某某市专利导航项目申报的通知

一、申报条件
（一）在本市注册满2年；
（二）上年度研发费用不低于300万元。
二、申报时间
请于2029年5月10日前提交。
"""


def test_second_extraction_is_served_from_the_cache(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SHENBAO_CACHE", str(tmp_path / "cache"))
    g = tmp_path / "g.txt"
    g.write_text(GUIDE_TEXT, encoding="utf-8")
    calls = []

    def reader(p):
        calls.append(p)
        return read_document(p)

    doc, first = guide_cache.extract_cached(g, reader)
    assert doc is not None and len(calls) == 1
    doc, again = guide_cache.extract_cached(g, reader)
    assert doc is None and len(calls) == 1 and again == first
    g.write_text(GUIDE_TEXT.replace("300万元", "500万元"), encoding="utf-8")
    doc, changed = guide_cache.extract_cached(g, reader)
    assert doc is not None and len(calls) == 2 and changed != first


def test_cache_can_be_switched_off(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SHENBAO_CACHE", "off")
    g = tmp_path / "g.txt"
    g.write_text(GUIDE_TEXT, encoding="utf-8")
    assert guide_cache.extract_cached(g, read_document)[0] is not None
    assert guide_cache.extract_cached(g, read_document)[0] is not None


def test_a_cached_schema_names_the_file_it_was_read_from_now(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SHENBAO_CACHE", str(tmp_path / "cache"))
    a, b = tmp_path / "a.txt", tmp_path / "copy" / "b.txt"
    b.parent.mkdir()
    a.write_text(GUIDE_TEXT, encoding="utf-8")
    b.write_text(GUIDE_TEXT, encoding="utf-8")
    guide_cache.extract_cached(a, read_document)
    doc, schema = guide_cache.extract_cached(b, read_document)
    assert doc is None and schema.source == str(b)


APPLICATION_TEXT = """某某市专利导航项目申报书

申报单位名称：某某科技有限公司
统一社会信用代码：91320400MA1XXXXX0X
法定代表人：张三
联系人：李四  联系电话：0519-00000000
一、申报单位基本情况
本单位成立于2015年，上年度研发费用420万元。
二、承诺
本单位承诺所填内容真实有效。
申报单位（盖章）：
"""


def test_a_document_refused_as_a_guide_is_never_cached(tmp_path: Path, monkeypatch):
    """The check runs before the store: an application given as the guide is refused on
    every run, not only the first (a cached hit skips the reader and the check)."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    monkeypatch.setenv("SHENBAO_CACHE", str(tmp_path / "cache"))
    app_file = tmp_path / "shenbaoshu.txt"
    app_file.write_text(APPLICATION_TEXT, encoding="utf-8")
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(app, ["guide", str(app_file)])
        assert result.exit_code == 1, result.output
        assert "申报书" in result.output
    cached = list((tmp_path / "cache").rglob("*.json")) if (tmp_path / "cache").exists() else []
    assert cached == []


def test_a_cached_hit_passes_without_reading_or_checking(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SHENBAO_CACHE", str(tmp_path / "cache"))
    g = tmp_path / "g.txt"
    g.write_text(GUIDE_TEXT, encoding="utf-8")
    checks = []
    guide_cache.extract_cached(g, read_document, lambda d, s: checks.append(d))
    doc, schema = guide_cache.extract_cached(g, read_document, lambda d, s: checks.append(d))
    assert doc is None and len(checks) == 1 and schema.programs
