"""The place in the original next to each quote (issue 16.4), through the real batch.

A corpus PDF application gets PNG crops of its pages whose yellow mark lies exactly
where the quoted words are (checked against an independent pdfium render of the whole
page and against pdfplumber's words inside the box); its DOCX twin gets the quoted
cell in its table row under the header row; a broken or vanished source gets a report
without images and no error.
"""
from __future__ import annotations

import html as html_lib
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from models.claims import Evidence
from models.document import Location
from models.report import Check, ScreeningReport
from pipeline.batch.run import BatchOptions, load_guide, run_batch
from pipeline.render import evidence_images as ei
from pipeline.render.reports import render_report

ROOT = Path(__file__).resolve().parents[1]
APPS = ROOT / "corpus" / "applications"
GUIDE = ROOT / "corpus" / "guides" / "cz2023_hvp" / "gold.yaml"
PDF, DOCX = APPS / "app001.pdf", APPS / "app001.docx"  # form layout: table cells and paragraphs

pytestmark = pytest.mark.skipif(not (PDF.exists() and DOCX.exists() and GUIDE.exists()),
                                reason="application corpus not present")

Image = pytest.importorskip("PIL.Image")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("evidence")
    broken = base / "in" / "broken.pdf"
    broken.parent.mkdir()
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF garbage")
    out = base / "out"
    opts = BatchOptions(guide=load_guide(GUIDE), out_dir=out, workers=2, timeout_s=60, progress=False)
    result = run_batch([PDF, DOCX, broken, base / "in" / "missing.pdf"], opts)
    return out, {r.file: r for r in result.rows}


def _report(out: Path, name: str) -> tuple[ScreeningReport, str]:
    report = ScreeningReport.model_validate_json((out / f"{name}.json").read_text(encoding="utf-8"))
    return report, (out / f"{name}.html").read_text(encoding="utf-8")


def _figures(page: str) -> list[dict]:
    figs = []
    for m in re.finditer(r'<figure class="ev"><img src="([^"]+)" width="(\d+)" height="(\d+)" alt="([^"]*)">\s*'
                         r'<figcaption>([^<]*)</figcaption></figure>', page):
        figs.append({"src": m.group(1), "width": int(m.group(2)), "height": int(m.group(3)),
                     "alt": html_lib.unescape(m.group(4)), "caption": m.group(5)})
    return figs


def _norm(text: str) -> str:
    return re.sub(r"[\s,，]", "", text)


def test_pdf_report_links_existing_pngs_by_relative_path(batch):
    out, rows = batch
    name = "app001.pdf"
    assert rows[name].decision != "error"
    report, page = _report(out, name)
    figs = _figures(page)
    with_box = [ev for ev in ei.ordered_evidence(report) if ev.location and ev.location.bbox]
    assert with_box, "the corpus PDF must have quotes with bounding boxes"
    pngs = sorted((out / f"{name}.files").glob("*.png"))
    assert 1 <= len(pngs) <= ei.MAX_VIEWS and len(pngs) == min(len(with_box), ei.MAX_VIEWS)
    assert {unquote(f["src"]) for f in figs} == {f"{name}.files/{p.name}" for p in pngs}
    for f in figs:
        assert not re.match(r"^[a-z]+:|^/", f["src"]) and ".." not in f["src"]
        target = out / unquote(f["src"])
        assert target.is_file()
        with Image.open(target) as im:
            assert (im.width, im.height) == (f["width"], f["height"]) and im.width <= ei.MAX_WIDTH_PX
        assert "原文位置" in f["alt"] and re.fullmatch(r"第\d+页.*", f["caption"])
    assert "<script" not in page and json.loads((out / f"{name}.json").read_text(encoding="utf-8"))  # JSON unchanged in shape
    assert "views" not in (out / f"{name}.json").read_text(encoding="utf-8")


def test_pdf_crop_marks_the_quoted_words(batch):
    """Each PNG is the page band the worker rendered: outside the mark it is pixel-for-pixel
    an independent render of the whole page, inside it is tinted yellow over the words
    pdfplumber finds in the quote's box; the crop is not blank."""
    import pdfplumber
    import pypdfium2 as pdfium

    out, _ = batch
    name = "app001.pdf"
    report, page = _report(out, name)
    with_box = [ev for ev in ei.ordered_evidence(report) if ev.location and ev.location.bbox][: ei.MAX_VIEWS]
    pngs = sorted((out / f"{name}.files").glob("*.png"))
    assert len(pngs) == len(with_box)
    pdf = pdfium.PdfDocument(str(PDF))
    plumber = pdfplumber.open(str(PDF))
    try:
        for ev, png in zip(with_box, pngs):
            loc = ev.location
            assert png.name.endswith(f"_p{loc.page}.png")
            # the figure of this PNG sits with this quote
            fig = next(f for f in _figures(page) if unquote(f["src"]).endswith(png.name))
            assert ev.quote[:20] in fig["alt"]
            x0, top, x1, bottom = loc.bbox
            # the words inside the box are the quoted ones: a table cell is a cell of the quoted
            # row, a line or paragraph holds the quoted sentence
            words = _norm(plumber.pages[loc.page - 1].crop((x0, top, x1, bottom)).extract_text() or "")
            assert words and (words in _norm(ev.quote) or _norm(ev.quote) in words), (words, ev.quote)
            # independent reference: the whole page at the same scale
            p = pdf[loc.page - 1]
            w, h = p.get_size()
            scale = min(ei.SCALE, (ei.MAX_WIDTH_PX - 1) / w)
            full = p.render(scale=scale).to_pil().convert("RGB")
            band_top, _ = ei.band(h, loc.bbox, scale)
            with Image.open(png) as im:
                img = im.convert("RGB")
            oy = round(band_top * scale)
            ref = full.crop((0, oy, img.width, oy + img.height))
            bx0, by0, bx1, by1 = (round(x0 * scale), round((top - band_top) * scale),
                                  round(x1 * scale), round((bottom - band_top) * scale))
            px, rx = img.load(), ref.load()

            def outside(x, y):
                return not (bx0 - 6 <= x <= bx1 + 6 and by0 - 6 <= y <= by1 + 6)

            diffs = [sum(abs(a - b) for a, b in zip(px[x, y], rx[x, y]))
                     for x in range(0, img.width, 7) for y in range(0, img.height, 5) if outside(x, y)]
            assert diffs and sum(d < 30 for d in diffs) / len(diffs) > 0.97, ("crop not aligned with the page", png.name, loc.bbox, band_top * scale, img.size)
            # inside the box: white paper became yellow (blue drops), the glyphs are still there
            inside = [(px[x, y], rx[x, y]) for x in range(bx0 + 4, bx1 - 3, 2) for y in range(by0 + 4, by1 - 3, 2)]
            paper = [(a, b) for a, b in inside if min(b) > 240]
            assert paper and all(a[2] < 215 and a[0] > 230 and a[1] > 200 for a, _ in paper), "no yellow mark"
            assert any(sum(b) < 300 for _, b in inside), "no text under the mark"
            # the border, orange, just outside the box on its left edge
            left = [px[x, (by0 + by1) // 2] for x in range(max(0, bx0 - 5), bx0 + 1)]
            assert any(r > 200 and 40 < g < 150 and b < 80 for r, g, b in left), left
            dark = sum(1 for x in range(0, img.width, 2) for y in range(0, img.height, 2) if sum(px[x, y]) < 300)
            assert dark > 30, "blank crop"
            p.close()
    finally:
        plumber.close()
        pdf.close()


def test_docx_report_shows_the_cell_in_its_table_row(batch):
    from extractors.readers import read_document

    out, _ = batch
    report, page = _report(out, "app001.docx")
    doc = read_document(DOCX)
    tables = {t.index: t for t in doc.tables}
    figs = re.findall(r'<figure class="ev ev-table"><table class="ctx"[^>]*>(.*?)</table><figcaption>原文表格：'
                      r'表(\d+)第(\d+)行第(\d+)列', page, re.S)
    assert figs, "the DOCX report must show table context"
    quoted = {(ev.location.table, ev.location.row, ev.location.col): ev.quote
              for ev in ei.ordered_evidence(report) if ev.location and ev.location.table is not None}
    for body, t, r, c in figs:
        t, r, c = int(t) - 1, int(r) - 1, int(c) - 1
        hit = re.findall(r'<td class="hit"><mark>(.*?)</mark></td>', body, re.S)
        assert len(hit) == 1
        cell = html_lib.unescape(hit[0])
        assert cell == tables[t].rows[r][c] and cell in quoted[(t, r, c)]
        cells = [html_lib.unescape(x) for x in re.findall(r"<t[dh][^>]*>(?:<mark>)?(.*?)(?:</mark>)?</t[dh]>", body)]
        expected = (list(tables[t].rows[0]) if r > 0 else []) + list(tables[t].rows[r])
        assert cells == expected  # the header row, then the cell's row
    assert not (out / "app001.docx.files").exists() and "<img" not in page


def test_broken_and_missing_sources_have_reports_without_images(batch):
    out, rows = batch
    for name in ("broken.pdf", "missing.pdf"):
        report, page = _report(out, name)
        assert report.error is not None and "<figure" not in page and "<img" not in page
        assert not (out / f"{name}.files").exists()


def _pdf_report() -> tuple[ScreeningReport, object]:
    from extractors.claims import extract_claims
    from extractors.readers import read_document
    from pipeline.screen.matcher import screen

    doc = read_document(PDF)
    return screen(load_guide(GUIDE), extract_claims(doc)), doc


def test_source_gone_or_corrupt_at_render_time_means_quotes_without_images(tmp_path):
    report, doc = _pdf_report()
    assert ei.build_views(report, doc)  # sanity: it works on the real file
    gone = tmp_path / "gone.pdf"
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    for source in (gone, junk):
        views = ei.build_views(report, doc, source=source)
        assert views == {}
        page = render_report(report, "x", ei.write_images(views, tmp_path, "x"))
        assert "<figure" not in page and report.checks[0].explanation[:10] in html_lib.unescape(page)
        assert any(ev.quote[:10] in html_lib.unescape(page) for ev in ei.ordered_evidence(report))


def test_bad_box_or_page_gives_no_view_and_cap_holds():
    report, doc = _pdf_report()
    views = ei.build_views(report, doc, max_views=3)
    assert len(views) == 3
    bad = [Evidence(file=doc.source, location=Location(file=doc.source, page=99, bbox=(10, 10, 50, 50)), quote="甲"),
           Evidence(file=doc.source, location=Location(file=doc.source, page=1, bbox=(500, 10, 50, 50)), quote="乙"),
           Evidence(file=doc.source, location=Location(file=doc.source, page=1, bbox=(10, 10, 5000, 50)), quote="丙")]
    odd = ScreeningReport(file="x.pdf", decision="needs_review",
                          checks=[Check(condition_id="c", kind="threshold", status="fail", explanation="e", evidence=bad)])
    assert ei.build_views(odd, doc) == {}


def test_ocr_quote_on_an_image_only_page_is_marked_the_same_way(tmp_path):
    """A scan has no text layer; the OCR reader's boxes are in the same PDF points, so the
    crop and mark are the same. The scan here is page 2 of the corpus PDF as an image."""
    import pypdfium2 as pdfium

    report, doc = _pdf_report()
    ev = next(e for e in ei.ordered_evidence(report) if e.location and e.location.bbox and e.location.page == 2)
    pdf = pdfium.PdfDocument(str(PDF))
    w, h = pdf[1].get_size()
    picture = pdf[1].render(scale=2).to_pil().convert("RGB")
    pdf.close()
    scan = tmp_path / "scan.pdf"
    picture.save(scan, "PDF", resolution=144.0)  # 2 px per point: the page keeps its size in points
    scan_doc = doc.model_copy(update={"source": str(scan), "ocr_pages": [1]})
    loc = ev.location.model_copy(update={"file": str(scan), "page": 1})
    ocr_ev = ev.model_copy(update={"file": str(scan), "location": loc, "origin": "ocr", "confidence": 0.93})
    rep = ScreeningReport(file="scan.pdf", decision="needs_review",
                          checks=[Check(condition_id="c", kind="threshold", status="pass", explanation="e",
                                        evidence=[ocr_ev])])
    views = ei.build_views(rep, scan_doc)
    (view,) = views.values()
    img = Image.open(io.BytesIO(view.png)).convert("RGB")
    x0, y0, x1, y1 = view.highlight
    inside = [img.getpixel((x, y)) for x in range(x0 + 4, x1 - 3, 2) for y in range(y0 + 4, y1 - 3, 2)]
    assert any(sum(p) < 300 for p in inside), "the scanned words are under the mark"
    assert all(p[2] < 215 for p in inside if p[0] > 230 and p[1] > 200), "the paper under the mark is yellow"
    page = render_report(rep, "scan.pdf", ei.write_images(views, tmp_path, "scan.pdf"))
    assert "文字识别" in page and '<img src="scan.pdf.files/ev01_p1.png"' in page


def test_view_order_follows_the_report_groups():
    from pipeline.render import reports

    assert tuple(s for _, ss in reports._GROUPS for s in ss) == ei.STATUS_ORDER


def test_stale_images_are_removed_when_a_rescreen_has_none(tmp_path):
    (tmp_path / "a.pdf.files").mkdir()
    (tmp_path / "a.pdf.files" / "ev01_p1.png").write_bytes(b"old")
    assert ei.write_images(None, tmp_path, "a.pdf") == {} and (tmp_path / "a.pdf.files").exists()
    assert ei.write_images({}, tmp_path, "a.pdf") == {} and not (tmp_path / "a.pdf.files").exists()
