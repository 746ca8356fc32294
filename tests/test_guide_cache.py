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


def _ok(doc, schema):  # the check a caller passes; only checked schemas are stored
    return None


def test_second_extraction_is_served_from_the_cache(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SHENBAO_CACHE", str(tmp_path / "cache"))
    g = tmp_path / "g.txt"
    g.write_text(GUIDE_TEXT, encoding="utf-8")
    calls = []

    def reader(p):
        calls.append(p)
        return read_document(p)

    doc, first = guide_cache.extract_cached(g, reader, _ok)
    assert doc is not None and len(calls) == 1
    doc, again = guide_cache.extract_cached(g, reader, _ok)
    assert doc is None and len(calls) == 1 and again == first
    g.write_text(GUIDE_TEXT.replace("300万元", "500万元"), encoding="utf-8")
    doc, changed = guide_cache.extract_cached(g, reader, _ok)
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
    guide_cache.extract_cached(a, read_document, _ok)
    doc, schema = guide_cache.extract_cached(b, read_document, _ok)
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
    checks, reads = [], []

    def reader(p):
        reads.append(p)
        return read_document(p)

    guide_cache.extract_cached(g, reader, lambda d, s: checks.append(d))
    doc, schema = guide_cache.extract_cached(g, reader, lambda d, s: checks.append(d))
    assert doc is None and len(checks) == 1 and len(reads) == 1 and schema.programs


def test_without_a_check_nothing_is_stored(tmp_path: Path, monkeypatch):
    """A caller that passes no check must not leave an unchecked schema for later hits."""
    monkeypatch.setenv("SHENBAO_CACHE", str(tmp_path / "cache"))
    g = tmp_path / "g.txt"
    g.write_text(GUIDE_TEXT, encoding="utf-8")
    guide_cache.extract_cached(g, read_document)
    assert guide_cache.extract_cached(g, read_document, _ok)[0] is not None  # a miss: read again


def test_guide_review_page_on_a_cached_hit(tmp_path: Path, monkeypatch):
    """`shenbao guide G --html page` on a cache hit still quotes the document."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    monkeypatch.setenv("SHENBAO_CACHE", str(tmp_path / "cache"))
    g = tmp_path / "g.txt"
    g.write_text(GUIDE_TEXT, encoding="utf-8")
    pages = []
    for i in range(2):
        page = tmp_path / f"review{i}.html"
        result = CliRunner().invoke(app, ["guide", str(g), "--html", str(page), "--out", str(tmp_path / f"g{i}.json")])
        assert result.exit_code == 0, result.output
        pages.append(page.read_text(encoding="utf-8"))
    assert list((tmp_path / "cache").rglob("*.json"))  # the second run was a hit
    assert pages[0] == pages[1] and "300万元" in pages[1]
