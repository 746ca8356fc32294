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
