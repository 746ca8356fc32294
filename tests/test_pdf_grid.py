"""pdf_grid: ruled tables read from pdfium paths and characters.

The PDF is a DOCX built below (python-docx) and printed by LibreOffice, so the
grid is real PDF ruling. Expected cells and merges are those of the DOCX as
written here, never the finder's output, and pdfplumber is not consulted
(except in the fallback test, which is about using it).
"""
from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from extractors.readers import pdf_grid, pdf_tables, read_document
from extractors.readers.pdf_tables import TableFinder

PATENTS = [(f"{i + 1}", f"测试装置第{i + 1}号", f"ZL2022101{i:05d}.{i % 10}") for i in range(48)]


def _make_docx(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Cm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    normal.font.size = Pt(11)

    doc.add_paragraph("一、知识产权情况")
    t = doc.add_table(rows=5, cols=4)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(1, 0)).text = "地区"              # vertically merged header cell
    t.cell(0, 1).merge(t.cell(0, 3)).text = "有效专利（件）"    # horizontally merged header
    for c, s in enumerate(["发明", "实用新型", "外观设计"], start=1):
        t.cell(1, c).text = s
    t.cell(2, 0).merge(t.cell(3, 0)).text = "国内"              # vertically merged first column
    for r, vals in ((2, ["12", "30", "5"]), (3, ["8", "20", "3"]), (4, ["2", "0", "1"])):
        for c, s in enumerate(vals, start=1):
            t.cell(r, c).text = s
    t.cell(4, 0).text = "国外"

    doc.add_paragraph("二、财务数据")
    ft = doc.add_table(rows=2, cols=3)
    ft.style = "Table Grid"
    widths = [Cm(4), Cm(2.0), Cm(4)]  # the middle column is too narrow for the amount: it wraps
    for gc, w in zip(ft._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(w.twips)))
    ft._tbl.tblPr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    for r, row in enumerate([["指标", "2023年", "说明"], ["营业收入（元）", "410,000,000.00", "经审计"]]):
        for c, s in enumerate(row):
            ft.cell(r, c).text = s
            ft.cell(r, c).width = widths[c]

    doc.add_paragraph("三、专利清单").runs[0].add_break(WD_BREAK.PAGE)
    pt = doc.add_table(rows=len(PATENTS) + 1, cols=3)
    pt.style = "Table Grid"
    for c, s in enumerate(["序号", "专利名称", "专利号"]):
        pt.cell(0, c).text = s
    for r, row in enumerate(PATENTS, start=1):
        for c, s in enumerate(row):
            pt.cell(r, c).text = s
        pt.rows[r]._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))  # rows stay whole
    doc.add_paragraph("以上情况属实。")
    doc.save(path)


@pytest.fixture(scope="module")
def grid_pdf(tmp_path_factory) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed: PDF fixtures cannot be generated")
    out = tmp_path_factory.mktemp("grid")
    src = out / "grid.docx"
    _make_docx(src)
    profile = f"file:///tmp/lo_grid_{uuid.uuid4().hex}"  # private profile: parallel runs don't clash
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(src)], check=True, capture_output=True, timeout=120)
    shutil.rmtree(profile[len("file://"):], ignore_errors=True)
    pdf = out / "grid.pdf"
    if not pdf.exists():
        pytest.skip("LibreOffice did not produce a PDF")
    return pdf


def _find(pdf: Path, page: int) -> list:
    """Tables of one page through the grid finder, which must not need pdfplumber."""
    before = pdf_tables.stats["fallback_pages"]
    finder = TableFinder(pdf.read_bytes())
    try:
        found = finder.find(page)
    finally:
        finder.close()
    assert pdf_tables.stats["fallback_pages"] == before, "the grid finder handed this page to pdfplumber"
    assert finder._pdf is None  # pdfplumber never opened
    return found


def test_merged_header_and_first_column(grid_pdf):
    tables = _find(grid_pdf, 1)
    assert len(tables) == 2
    t = tables[0]
    assert t.cells == [["地区", "有效专利（件）", None, None],
                       [None, "发明", "实用新型", "外观设计"],
                       ["国内", "12", "30", "5"],
                       [None, "8", "20", "3"],
                       ["国外", "2", "0", "1"]]
    assert t.merged == {(0, 2): (0, 1), (0, 3): (0, 1), (1, 0): (0, 0), (3, 0): (2, 0)}
    # the merged boxes really span: the header over three columns, 国内 over two rows
    head, first = t.boxes[0][1], t.boxes[1][3]
    assert head[0] < first[0] and abs(head[2] - first[2]) < 0.5
    domestic, below = t.boxes[2][0], t.boxes[4][0]
    assert abs(domestic[3] - below[1]) < 0.5 and domestic[3] - domestic[1] > 1.5 * (below[3] - below[1])
    assert t.pages == [1] * 5 and t.bbox[0] <= head[0] and t.bbox[3] >= below[3]


def test_wrapped_amount_rejoined(grid_pdf):
    t = _find(grid_pdf, 1)[1]
    assert t.cells == [["指标", "2023年", "说明"], ["营业收入（元）", "410,000,000.00", "经审计"]]
    # the amount really wraps in the PDF: its characters sit on two lines of the cell
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(grid_pdf.read_bytes())
    try:
        page = pdf[0]
        height = page.get_size()[1]
        grid = pdf_grid.find_grids(page, height)[1]
        chars = pdf_grid.page_chars(page.get_textpage(), height, [grid.bbox])
        raw = pdf_grid.chars_text(pdf_grid.cell_chars(grid, chars)[1][1])
    finally:
        pdf.close()
    assert "\n" in raw and raw.replace("\n", "") == "410,000,000.00"


def test_table_across_page_break(grid_pdf):
    first, second = _find(grid_pdf, 2), _find(grid_pdf, 3)
    assert len(first) == 1 and len(second) == 1
    rows = first[0].cells + second[0].cells
    expected = [["序号", "专利名称", "专利号"]] + [list(p) for p in PATENTS]
    assert rows == expected
    assert 1 < len(first[0].cells) < len(expected)  # really split by the page break
    assert first[0].pages == [2] * len(first[0].cells) and second[0].pages == [3] * len(second[0].cells)
    # the reader puts the two parts back together as one table
    doc = read_document(grid_pdf)
    patents = [t for t in doc.tables if t.rows and t.rows[0] == ["序号", "专利名称", "专利号"]]
    assert len(patents) == 1 and patents[0].rows == expected


# ------------------------------------------------------------ grid rules alone

def test_snap_and_join_collinear_pieces():
    # two strokes 1 pt apart are one line; pieces with a 2 pt gap join, a 10 pt gap does not
    h = [(100.0, 10.0, 50.0), (101.0, 52.0, 90.0), (100.0, 100.0, 140.0)]
    merged = sorted(pdf_grid.merge_edges(h))
    assert merged == [(301 / 3, 10.0, 90.0), (301 / 3, 100.0, 140.0)]  # the mean of the three strokes
    assert pdf_grid.merge_edges([(5.0, 0.0, 2.0)]) == []  # shorter than MIN_EDGE: a dot, not ruling


def test_missing_inner_segment_makes_a_merged_cell():
    # 3 columns x 2 rows; the vertical at x=20 is drawn only in the lower row
    h = [(0.0, 0.0, 30.0), (10.0, 0.0, 30.0), (20.0, 0.0, 30.0)]
    v = [(0.0, 0.0, 20.0), (10.0, 0.0, 20.0), (20.0, 10.0, 20.0), (30.0, 0.0, 20.0)]
    grids = [pdf_grid._grid(t) for t in pdf_grid._group(pdf_grid._cells(h, v))]
    assert len(grids) == 1
    g = grids[0]
    assert g.rows == [[(0.0, 0.0, 10.0, 10.0), (10.0, 0.0, 30.0, 10.0), None],
                      [(0.0, 10.0, 10.0, 20.0), (10.0, 10.0, 20.0, 20.0), (20.0, 10.0, 30.0, 20.0)]]
    assert pdf_tables._merges(g.row_boxes, g.col_boxes, g.rows) == {(0, 2): (0, 1)}


def test_overlapping_cells_are_not_a_grid():
    with pytest.raises(pdf_grid.GridUnsure):
        pdf_grid._check_disjoint([(0.0, 0.0, 20.0, 10.0), (10.0, 0.0, 30.0, 10.0)])
    pdf_grid._check_disjoint([(0.0, 0.0, 10.0, 10.0), (10.0, 0.0, 30.0, 10.0)])


def test_words_and_lines_of_a_cell():
    C = pdf_grid.Char
    chars = [C("A", 0, 5, 10, 20), C("B", 5, 10, 10, 20), C("C", 20, 25, 11, 21),  # gap > 3 pt: a space
             C(" ", 25, 28, 10, 20), C("D", 28, 33, 10, 20),                       # a drawn blank: a space
             C("E", 0, 5, 30, 40)]                                                  # next line
    assert pdf_grid.chars_text(chars) == "AB C D\nE"


def test_unsure_page_falls_back_to_pdfplumber(grid_pdf, monkeypatch):
    def unsure(page, height):
        raise pdf_grid.GridUnsure("test")

    monkeypatch.setattr(pdf_grid, "find_grids", unsure)
    before = pdf_tables.stats["fallback_pages"]
    finder = TableFinder(grid_pdf.read_bytes())
    try:
        tables = finder.find(1)
    finally:
        finder.close()
    assert pdf_tables.stats["fallback_pages"] == before + 1
    assert tables[0].cells[2] == ["国内", "12", "30", "5"] and tables[0].merged[(3, 0)] == (2, 0)


# ------------------------------------------- other producers' ways of drawing

XS, TOPS, SIZE = [50.0, 150.0, 250.0, 350.0], [50.0, 80.0, 110.0, 140.0], 400.0
TEXTS = {(0, 0): "Name", (0, 1): "Total 2023", (1, 0): "A1", (1, 1): "10", (1, 2): "20",
         (2, 0): "B2", (2, 1): "30", (2, 2): "40"}


def _synthetic(path: Path, style: str) -> None:
    """A 3x3 table whose first row merges columns 1-2, drawn the way Word
    (filled hairline rectangles), per-cell generators (one stroked rectangle per
    cell) or imposition tools (everything inside a moved form XObject) draw it."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    def rect(page, x0, top, x1, bottom, fill):
        obj = c.FPDFPageObj_CreateNewRect(x0, SIZE - bottom, x1 - x0, bottom - top)
        if fill:
            c.FPDFPageObj_SetFillColor(obj, 0, 0, 0, 255)
            c.FPDFPath_SetDrawMode(obj, c.FPDF_FILLMODE_ALTERNATE, False)
        else:
            c.FPDFPageObj_SetStrokeColor(obj, 0, 0, 0, 255)
            c.FPDFPageObj_SetStrokeWidth(obj, 0.75)
            c.FPDFPath_SetDrawMode(obj, c.FPDF_FILLMODE_NONE, True)
        c.FPDFPage_InsertObject(page, obj)

    def draw(doc, page):
        if style == "cells":
            rect(page, XS[0], TOPS[0], XS[1], TOPS[1], False)
            rect(page, XS[1], TOPS[0], XS[3], TOPS[1], False)
            for r in (1, 2):
                for k in range(3):
                    rect(page, XS[k], TOPS[r], XS[k + 1], TOPS[r + 1], False)
        else:
            for y in TOPS:
                rect(page, XS[0], y - 0.25, XS[3], y + 0.25, True)
            for k, x in enumerate(XS):
                top = TOPS[1] if k == 2 else TOPS[0]  # no rule between the merged header's columns
                rect(page, x - 0.25, top, x + 0.25, TOPS[3], True)
        for (r, k), s in TEXTS.items():
            obj = c.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", 10.0)
            buf = (s + "\x00").encode("utf-16-le")
            c.FPDFText_SetText(obj, ctypes.cast(ctypes.create_string_buffer(buf, len(buf)), ctypes.POINTER(ctypes.c_ushort)))
            c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, XS[k] + 5, SIZE - TOPS[r + 1] + 10)
            c.FPDFPage_InsertObject(page, obj)
        c.FPDFPage_GenerateContent(page)

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(SIZE, SIZE)
    if style == "form":  # the table is drawn 20 pt too far right and 30 pt too high, then moved back
        src = pdfium.PdfDocument.new()
        sp = src.new_page(SIZE, SIZE)
        draw(src, sp)
        xobj = c.FPDF_NewXObjectFromPage(doc.raw, src.raw, 0)
        form = c.FPDF_NewFormObjectFromXObject(xobj)
        c.FPDFPageObj_Transform(form, 1, 0, 0, 1, 20, -30)
        c.FPDFPage_InsertObject(page.raw, form)
        c.FPDFPage_GenerateContent(page.raw)
        c.FPDF_CloseXObject(xobj)
    else:
        draw(doc, page.raw)
    doc.save(str(path))


@pytest.mark.parametrize("style", ["filled", "cells", "form"])
def test_other_drawing_styles(tmp_path, style):
    path = tmp_path / f"{style}.pdf"
    _synthetic(path, style)
    t, = _find(path, 1)
    assert t.cells == [["Name", "Total 2023", None], ["A1", "10", "20"], ["B2", "30", "40"]]
    assert t.merged == {(0, 2): (0, 1)}
    dx, dy = (20, 30) if style == "form" else (0, 0)
    assert abs(t.bbox[0] - (XS[0] + dx)) < 0.6 and abs(t.bbox[1] - (TOPS[0] + dy)) < 0.6
    assert abs(t.bbox[2] - (XS[3] + dx)) < 0.6 and abs(t.bbox[3] - (TOPS[3] + dy)) < 0.6
