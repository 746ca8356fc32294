"""OCR of scanned pages: only where the text layer is unusable, cached, optional.

A fake engine (fixed boxes, counting its calls) carries these tests so they run
where the `ocr` extra is not installed (CI installs only `.[dev]`); one test
runs the real rapidocr when it is present. Expected texts and coordinates are
derived from the boxes the fake engine is given (pixels at 144 dpi = 0.5 pt
per pixel) and from the source text of the corpus guide, never from a read.
"""
from __future__ import annotations

import io
import sys
import types
from pathlib import Path

import pytest
from ocr_isolation import isolated_ocr  # noqa: F401  (autouse: OCR cache and engine per test)
from pdfbytes import one_page_pdf
from PIL import Image, ImageDraw

from extractors.readers import ReadError, read_document
from extractors.readers import ocr, pdf_reader
from extractors.readers.ocr import Box

ROOT = Path(__file__).resolve().parents[1]
GUIDE_PDF = ROOT / "corpus" / "guides" / "cz2023_hvp" / "guide.pdf"
GUIDE_TXT = ROOT / "corpus" / "guides" / "cz2023_hvp" / "source.txt"

# What the fake engine "sees" on each page, keyed by the grey level of a corner block.
# Boxes are 32 px high with a character pitch of about 35.6 px, like real 12 pt text.
PAGE1 = [
    Box("申报单位应当如实填写申报材料，对材料的真实性负责，", 0.98, 150, 200, 1040, 232),
    Box("并按要求装订成册。", 0.91, 150, 240, 470, 272),
    Box("二、申报条件", 0.99, 150, 320, 420, 352),
    Box("企业近三年研发费用占销售收入的比例达3.5%以上。", 0.97, 150, 360, 1040, 392),
]
PAGE2 = [Box("附件：营业执照复印件", 0.95, 150, 200, 506, 232)]
# A ruled form (see _form_image): label | value | label | value, then a value merged over three columns.
FORM = [
    Box("一、申报单位基本情况", 0.99, 150, 200, 500, 232),
    Box("单位名称", 0.99, 160, 315, 300, 345),
    Box("常州长风新材料股", 0.97, 360, 305, 590, 330),   # a value wrapped inside its cell
    Box("份有限公司", 0.96, 360, 333, 500, 357),
    Box("统一社会信用代码", 0.99, 610, 315, 790, 345),
    Box("9132048163K2C9177L", 0.93, 810, 315, 1040, 345),
    Box("法定代表人", 0.99, 160, 375, 300, 405),
    Box("卢文斌", 0.98, 360, 375, 460, 405),
    Box("以上信息真实。", 0.99, 150, 460, 400, 492),
]
SCRIPTS = {10: PAGE1, 20: PAGE2, 50: FORM}


class FakeEngine:
    name = "fake-1"

    def __init__(self, fail: bool = False):
        self.calls = 0
        self.fail = fail

    def __call__(self, image) -> list[Box]:
        if self.fail:
            raise AssertionError("OCR must not run on a page with a good text layer")
        self.calls += 1
        marker = round(image.convert("L").getpixel((4, 4)) / 10) * 10  # JPEG pages: ±a few levels
        return [Box(**b.__dict__) for b in SCRIPTS.get(marker, PAGE2)]




@pytest.fixture
def fake(monkeypatch):
    engine = FakeEngine()
    ocr.set_engine(engine)
    return engine


@pytest.fixture
def no_rapidocr(monkeypatch):
    """The extra is not installed: importing rapidocr fails."""
    monkeypatch.setitem(sys.modules, "rapidocr", None)
    ocr.set_engine(None)


def _page_image(marker: int, size=(1190, 1684)) -> Image.Image:
    im = Image.new("L", size, 255)
    im.paste(marker, (0, 0, 16, 16))  # a flat block survives the JPEG encoding of PDF pages
    ImageDraw.Draw(im).rectangle((150, 200, 1040, 232), fill=0)  # ink where the "text" is
    return im


def _form_image(marker: int = 50) -> Image.Image:
    im = Image.new("L", (1190, 1684), 255)
    im.paste(marker, (0, 0, 16, 16))
    d = ImageDraw.Draw(im)
    for y in (300, 360, 420):                      # three rules: two rows
        d.line((150, y, 1050, y), fill=0, width=2)
    for x in (150, 350, 1050):                     # borders of both rows
        d.line((x, 300, x, 420), fill=0, width=2)
    for x in (600, 800):                           # only the first row has four columns
        d.line((x, 300, x, 360), fill=0, width=2)
    return im


def image_only_pdf(path: Path, markers=(10, 20)) -> Path:
    """A4 pages (1190×1684 px at 144 dpi = 595×842 pt) with no text layer."""
    pages = [_page_image(m) for m in markers]
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=144)
    return path


# ---------------------------------------------------------------- detection

def test_page_quality_detection():
    chinese = "申报单位应当如实填写申报材料，对材料的真实性负责。" * 3
    assert not pdf_reader.page_is_unusable(chinese)
    assert pdf_reader.page_is_unusable("")
    assert pdf_reader.page_is_unusable(" 3 \n")                      # a page number only
    assert pdf_reader.page_is_unusable("(cid:123)(cid:456)(cid:78)" * 10 + "申报")
    assert pdf_reader.page_is_unusable("ÉêÇëµ¥Î»Ãû³Æ£º³£ÖÝ" * 6)    # GBK bytes read as Latin-1
    # plain English is a real text layer: OCR would read the same words
    assert not pdf_reader.page_is_unusable("The applicant shall submit the audit report. " * 6)


def test_image_only_pdf_is_read_by_ocr(tmp_path, fake):
    doc = read_document(image_only_pdf(tmp_path / "scan.pdf"))
    assert doc.ocr_pages == [1, 2] and doc.pages == 2
    assert fake.calls == 2
    texts = [b.text for b in doc.blocks]
    assert texts == [
        "申报单位应当如实填写申报材料，对材料的真实性负责，并按要求装订成册。",  # wrapped line joined
        "二、申报条件",
        "企业近三年研发费用占销售收入的比例达3.5%以上。",
        "附件：营业执照复印件",
    ]
    first = doc.blocks[0]
    assert first.origin == "ocr" and first.kind == "paragraph"
    assert first.confidence == pytest.approx(0.91)      # the weakest line of the paragraph
    assert first.location.page == 1
    x0, top, x1, bottom = first.location.bbox
    assert (x0, top, bottom) == pytest.approx((75.0, 100.0, 136.0))  # pixels × 0.5
    assert 520.0 <= x1 <= 530.0            # the closing ， is inked in the left half of its em
    assert doc.blocks[1].location.bbox == pytest.approx((75.0, 160.0, 210.0, 176.0))
    assert doc.blocks[3].location.page == 2
    assert all(b.origin == "ocr" for b in doc.blocks)
    assert doc.text[first.start:first.end] == first.text
    assert any("OCR" in w for w in doc.warnings)


def test_good_text_layer_never_calls_ocr():
    if not GUIDE_PDF.exists():
        pytest.skip("corpus guide PDF not generated")
    ocr.set_engine(FakeEngine(fail=True))
    doc = read_document(GUIDE_PDF)
    assert doc.ocr_pages == []
    assert doc.blocks and all(b.origin == "pdf" for b in doc.blocks)


def test_only_the_garbled_page_is_ocred(monkeypatch, fake):
    if not GUIDE_PDF.exists():
        pytest.skip("corpus guide PDF not generated")
    real = pdf_reader.page_lines

    def garbled_page_2(page, number):
        pt = real(page, number)
        if number == 2:  # a font without ToUnicode: pdfminer-style (cid:NNN) runs
            for ln in pt.lines:
                ln.text = "(cid:3021)(cid:1187)" * max(1, len(ln.text) // 4)
        return pt

    monkeypatch.setattr(pdf_reader, "page_lines", garbled_page_2)
    doc = read_document(GUIDE_PDF)
    assert doc.ocr_pages == [2] and fake.calls == 1
    assert "(cid:" not in doc.text
    assert {b.origin for b in doc.blocks if b.location.page == 2} == {"ocr"}
    assert {b.origin for b in doc.blocks if b.location.page != 2} == {"pdf"}
    assert "附件：营业执照复印件" in doc.text  # the fake engine's reading of page 2


def test_ruled_form_on_a_scan_becomes_a_table(tmp_path, fake):
    _form_image().save(tmp_path / "form.pdf", resolution=144)
    doc = read_document(tmp_path / "form.pdf")
    assert len(doc.tables) == 1
    assert doc.tables[0].rows == [
        ["单位名称", "常州长风新材料股份有限公司", "统一社会信用代码", "9132048163K2C9177L"],
        ["法定代表人", "卢文斌", "卢文斌", "卢文斌"],             # merged cell repeats its text
    ]
    order = [b.text for b in doc.blocks]
    assert order[0] == "一、申报单位基本情况" and order[-1] == "以上信息真实。"
    cell = doc.blocks[doc.tables[0].block_ids[0][1]]
    assert cell.origin == "ocr" and cell.kind == "table_cell"
    assert cell.confidence == pytest.approx(0.96)          # the weaker of the two boxes
    assert cell.location.table == 0 and cell.location.page == 1
    assert cell.location.bbox == pytest.approx((175.0, 150.0, 300.0, 180.0), abs=2)  # cell rules × 0.5


def _captioned_scan_pdf() -> bytes:
    """One A4 page: a full-page image (top-left pixel grey 20) under a short typed caption."""
    pixels = bytes([20, 255, 255, 255] * 4)
    content = (b"q 595 0 0 842 0 0 cm BI /W 4 /H 4 /CS /G /BPC 8 ID " + pixels + b" EI Q "
               b"BT /F1 12 Tf 50 810 Td (Annex 1 licence) Tj ET")
    return one_page_pdf(content)


def test_scan_with_a_short_typed_caption_is_ocred(tmp_path, fake):
    (tmp_path / "annex.pdf").write_bytes(_captioned_scan_pdf())
    assert not pdf_reader.page_is_unusable("Annex 1 licence")  # as text alone it would pass
    doc = read_document(tmp_path / "annex.pdf")
    assert doc.ocr_pages == [1] and fake.calls == 1
    assert doc.text == "附件：营业执照复印件"  # the page as OCR reads it, caption included in the image


def test_without_ocr_a_captioned_scan_needs_ocr_and_gets_no_verdict(tmp_path, no_rapidocr):
    """Issue 14.1: a phone-scanner caption on a page image is no text layer."""
    (tmp_path / "annex.pdf").write_bytes(_captioned_scan_pdf())
    with pytest.raises(ReadError) as e:
        read_document(tmp_path / "annex.pdf")
    assert e.value.code == "needs_ocr"


# ---------------------------------------------------------------- cache

def test_second_read_of_a_scan_makes_no_engine_call(tmp_path, fake):
    path = image_only_pdf(tmp_path / "scan.pdf")
    first = read_document(path)
    assert fake.calls == 2
    again = read_document(path)
    assert fake.calls == 2                      # both pages from the cache
    assert again.text == first.text and again.blocks == first.blocks
    assert list((tmp_path / "cache").rglob("*.json"))
    read_document(image_only_pdf(tmp_path / "other.pdf", markers=(10, 30)))
    assert fake.calls == 3                      # page 1 is the same image, page 2 is new


def test_cache_key_depends_on_engine(tmp_path, fake):
    path = image_only_pdf(tmp_path / "scan.pdf", markers=(20,))
    read_document(path)
    other = FakeEngine()
    other.name = "fake-2"
    ocr.set_engine(other)
    read_document(path)
    assert fake.calls == 1 and other.calls == 1


# ---------------------------------------------------------------- without the extra

def test_without_rapidocr_image_only_pdf_needs_ocr(tmp_path, no_rapidocr):
    with pytest.raises(ReadError) as e:
        read_document(image_only_pdf(tmp_path / "scan.pdf"))
    assert e.value.code == "needs_ocr"
    assert "pip install -e '.[ocr]'" in e.value.message and "OCR" in e.value.message
    assert ocr.estimate_seconds(tmp_path / "scan.pdf") == 0.0


def test_switched_off_ocr_behaves_as_absent(tmp_path, monkeypatch, fake):
    monkeypatch.setenv(ocr.SWITCH_ENV, "off")
    with pytest.raises(ReadError) as e:
        read_document(image_only_pdf(tmp_path / "scan.pdf"))
    assert e.value.code == "needs_ocr" and fake.calls == 0


def test_engine_finding_nothing_still_needs_ocr(tmp_path, fake):
    SCRIPTS[40] = [Box("_", 0.72, 100, 100, 300, 130)]  # what rapidocr reads off a checkerboard
    try:
        with pytest.raises(ReadError) as e:
            read_document(image_only_pdf(tmp_path / "blank.pdf", markers=(40,)))
    finally:
        del SCRIPTS[40]
    assert e.value.code == "needs_ocr" and "未识别出" in e.value.message


# ---------------------------------------------------------------- DOCX with a pasted scan

def _docx_with_pictures(path: Path, scan: bool = True, text: bool = True) -> Path:
    import docx
    from docx.shared import Cm

    d = docx.Document()
    if text:
        d.add_paragraph("附件1：营业执照")
    if scan:
        buf = io.BytesIO()
        _page_image(20, size=(1200, 900)).save(buf, format="PNG")
        d.add_picture(io.BytesIO(buf.getvalue()), width=Cm(15))
    logo = io.BytesIO()
    Image.new("RGB", (120, 120), "red").save(logo, format="PNG")
    d.add_picture(io.BytesIO(logo.getvalue()), width=Cm(2))  # a logo or stamp: not a scan
    d.save(path)
    return path


def test_docx_pasted_scan_is_ocred_after_its_paragraph(tmp_path, fake):
    doc = read_document(_docx_with_pictures(tmp_path / "a.docx"))
    assert fake.calls == 1                      # the logo is not sent to OCR
    assert [b.text for b in doc.blocks] == ["附件1：营业执照", "附件：营业执照复印件"]
    scan = doc.blocks[1]
    assert scan.origin == "ocr" and scan.confidence == pytest.approx(0.95)
    assert scan.location.paragraph == 1         # the picture's own paragraph
    assert doc.blocks[0].origin == "docx"


def test_docx_scan_without_rapidocr(tmp_path, no_rapidocr):
    doc = read_document(_docx_with_pictures(tmp_path / "a.docx"))
    assert [b.text for b in doc.blocks] == ["附件1：营业执照"]
    assert any("第2段" in w and "OCR" in w for w in doc.warnings)
    with pytest.raises(ReadError) as e:
        read_document(_docx_with_pictures(tmp_path / "b.docx", text=False))
    assert e.value.code == "needs_ocr"


# ---------------------------------------------------------------- geometry and text

def test_boxes_on_one_baseline_form_one_line_in_reading_order():
    boxes = [
        Box("常州长风新材料股份有限公司", 0.9, 400, 102, 800, 130),
        Box("单位名称", 0.99, 100, 100, 220, 128),
        Box("统一社会信用代码", 0.97, 100, 150, 330, 178),
    ]
    lines = ocr.to_lines(boxes, 3, 0.5)
    assert [ln.text for ln in lines] == ["单位名称  常州长风新材料股份有限公司", "统一社会信用代码"]
    assert lines[0].score == pytest.approx(0.9) and lines[0].page == 3
    assert (lines[0].x0, lines[0].x1) == (50.0, 400.0)


def test_upside_down_page_is_read_in_upright_order():
    # boxes in the coordinates of a page turned by 180°: the first line read sits lowest
    boxes = [Box("第一行", 0.9, 500, 900, 800, 930, True), Box("第二行", 0.9, 500, 850, 800, 880, True)]
    assert [ln.text for ln in ocr.to_lines(boxes, 1, 1.0)] == ["第一行", "第二行"]


def test_halfwidth_punctuation_next_to_chinese():
    assert ocr.fullwidth_punct("本单位郑重承诺:无") == "本单位郑重承诺：无"
    assert ocr.fullwidth_punct("2,570,400元,主要用于") == "2,570,400元，主要用于"
    assert ocr.fullwidth_punct("法定代表人(签字):江思远") == "法定代表人（签字）：江思远"
    assert ocr.fullwidth_punct("ISO 9001, GB/T 29490") == "ISO 9001, GB/T 29490"
    assert ocr.fullwidth_punct("苏审字[2021〕第180号") == "苏审字〔2021〕第180号"  # one half read as [
    assert ocr.fullwidth_punct("见[1]和[2]") == "见[1]和[2]"


def test_line_sizes_follow_character_pitch_not_box_height():
    # two body lines (pitch 30 px) and a short last line whose box is taller (padding, 。)
    first, second = "申报单位应当如实填写申报材料对材料的真实性负责", "并按要求装订成册按时提交至主管部门审核"
    boxes = [
        Box(first, 0.99, 100, 100, 100 + 30 * len(first), 132),
        Box(second, 0.99, 100, 140, 100 + 30 * len(second), 170),
        Box("为准）。", 0.99, 100, 178, 220, 218),                 # 40 px high for a 30 px font
    ]
    lines = ocr.to_lines(boxes, 1, 1.0)
    assert [ln.size for ln in lines] == pytest.approx([30.0, 30.0, 30.0])


def test_bold_lines_have_thick_strokes():
    lines = [ocr.OcrLine(1, f"第{i}行正文内容", 0, 100, i * 20, i * 20 + 12, 10, stroke=0.075) for i in range(6)]
    lines[2].stroke = 0.14   # a bold heading: strokes about twice as thick
    lines[4].stroke = 0.085  # ordinary jitter
    ocr.mark_bold(lines)
    assert [ln.bold for ln in lines] == [False, False, True, False, False, False]


# ---------------------------------------------------------------- time budget

def test_estimate_counts_only_pages_without_text(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "rapidocr", types.ModuleType("rapidocr"))
    scan = image_only_pdf(tmp_path / "scan.pdf")
    assert ocr.estimate_seconds(scan) == pytest.approx(2 * ocr.SECONDS_PER_PAGE)
    assert ocr.estimate_seconds(_docx_with_pictures(tmp_path / "a.docx")) == pytest.approx(ocr.SECONDS_PER_PAGE)
    if GUIDE_PDF.exists():
        assert ocr.estimate_seconds(GUIDE_PDF) == 0.0


# ---------------------------------------------------------------- corpus scans

def test_corpus_scans_have_no_text_layer_where_scanned():
    import pypdfium2 as pdfium
    import yaml

    index = ROOT / "corpus" / "scans" / "index.yaml"
    if not index.exists():
        pytest.skip("corpus/make_scans.py not run")
    for entry in yaml.safe_load(index.read_text("utf-8"))["scans"]:
        assert (ROOT / "corpus" / entry["gold"]).exists(), entry["id"]
        pdf = pdfium.PdfDocument(ROOT / "corpus" / entry["pdf"])
        scanned = range(1, len(pdf) + 1) if entry["scanned_pages"] == "all" else entry["scanned_pages"]
        for n in range(1, len(pdf) + 1):
            chars = pdf[n - 1].get_textpage().count_chars()
            assert (chars == 0) == (n in scanned), (entry["id"], n)


# ---------------------------------------------------------------- the real engine

def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def test_real_ocr_recovers_a_rendered_chinese_paragraph(tmp_path):
    pytest.importorskip("rapidocr")
    pytest.importorskip("onnxruntime")
    import pypdfium2 as pdfium

    if not GUIDE_PDF.exists():
        pytest.skip("corpus guide PDF not generated")
    expected = next(ln.strip() for ln in GUIDE_TXT.read_text("utf-8").splitlines()
                    if ln.strip().startswith("（二）近三年研发费用"))
    src = pdfium.PdfDocument(GUIDE_PDF)
    page = src[0].render(scale=150 / 72, grayscale=True).to_pil()
    page.save(tmp_path / "scan.pdf", resolution=150)
    doc = read_document(tmp_path / "scan.pdf")
    assert doc.ocr_pages == [1]
    best = min((b for b in doc.blocks), key=lambda b: _edit_distance(b.text, expected))
    cer = _edit_distance(best.text, expected) / len(expected)
    assert cer < 0.05, (best.text, expected)
    assert best.origin == "ocr" and 0.5 < best.confidence <= 1.0
