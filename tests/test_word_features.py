"""Issue 12, real Word files: documents written in the failing form by corpus/make_word_features.py's
raw-WordprocessingML writer, read through the real reader and claims extractor."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "corpus"))

import make_word_features as mw  # noqa: E402

from extractors.claims import extract_claims  # noqa: E402
from extractors.readers import read_document  # noqa: E402


def _claims(tmp_path, app):
    p = tmp_path / "a.docx"
    mw.write_docx(p, app.body(), app.header, app.landscape)
    return extract_claims(read_document(p))


def _figs(c):
    return {(f.metric, f.year): f.value for f in c.figures}


def test_full_width_years_and_amounts(tmp_path):
    f = mw.facts(1)
    figs = _figs(_claims(tmp_path, mw.FullWidth(f)))
    for metric, key in (("revenue", "rev"), ("rd_expense", "rd"), ("profit_tax", "pt")):
        for y, v in zip(mw.YEARS, f[key]):
            assert abs(figs[(metric, y)] - v) < 0.01, (metric, y)


def test_staff_written_as_zhuanjianzhi_renyuan(tmp_path):
    f = mw.facts(2, "ip_staff")
    c = _claims(tmp_path, mw.IpDeptVariant(f, "fawu"))
    assert _figs(c)[("ip_staff", None)] == 2
    assert c.ip_department.value == "independent"


def test_nested_table_rows_are_read(tmp_path):
    f = mw.facts(3)
    p = tmp_path / "n.docx"
    app = mw.Nested(f)
    mw.write_docx(p, app.body())
    doc = read_document(p)
    inner = [t for t in doc.tables if any("营业收入" == (r[0] if isinstance(r[0], str) else None) for r in _rows(t))]
    assert inner, "the nested table is a table of its own"
    figs = _figs(extract_claims(doc))
    for y, v in zip(mw.YEARS, f["rd"]):
        assert abs(figs[("rd_expense", y)] - v) < 0.01


def _rows(t):
    return [[c if isinstance(c, str) else getattr(c, "text", c) for c in r] for r in (t.rows if hasattr(t, "rows") else t)]
