"""Readers: seeds as text, a generated DOCX, and its LibreOffice PDF rendition.

Expected values come from the source text (the seed files, or the fixture
document written below), never from the reader's output.
"""
from __future__ import annotations

import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
from pdfbytes import one_page_pdf

from extractors.readers import ReadError, read_document, read_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
if not SEEDS.exists():
    SEEDS = Path("/work/shared/seeds")

LONG = "申报单位应当如实填写申报材料，对材料的真实性负责，" * 12 + "并按要求装订成册。"
HEADER = "测试市知识产权局文件"


def check_offsets(doc):
    assert doc.text == "\n".join(b.text for b in doc.blocks)
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text
        assert b.text and "\n" not in b.text
    for t in doc.tables:
        for r, row in enumerate(t.rows):
            for c, cell in enumerate(row):
                bid = t.block_ids[r][c]
                if bid is not None:
                    assert doc.blocks[bid].text == cell and doc.blocks[bid].kind == "table_cell"


# ---------------------------------------------------------------- text seeds

@pytest.fixture(scope="module")
def seed_docs():
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.skip(f"seed notices not found in {SEEDS}")
    return {f.name[:3]: (f.read_text(encoding="utf-8"), read_document(f)) for f in files}


def test_seed_offsets_and_orig_offsets(seed_docs):
    for raw, doc in seed_docs.values():
        check_offsets(doc)
        assert doc.format == "text"
        for b in doc.blocks:
            assert b.orig_start is not None and b.orig_end > b.orig_start
            assert raw[b.orig_start] == b.text[0] and raw[b.orig_end - 1] == b.text[-1]


def test_seed_artifacts_gone(seed_docs):
    for _, doc in seed_docs.values():
        assert "[bookmark" not in doc.text and "**" not in doc.text and "\\_" not in doc.text
        assert "2022 年度" not in doc.text
        assert not any(b.text.startswith("#") for b in doc.blocks)
    raw001, doc001 = seed_docs["001"]
    assert "1.被评为2020年度省知识产权工作真抓实干成效明显地区；" in doc001.text.split("\n")
    heading = next(b for b in doc001.blocks if b.text == "四、项目任务和绩效目标")
    assert heading.kind == "heading"
    url = "https://pm.jsipp.cn/nbsgd/jsip_pms/main/login.html"
    assert doc001.text.count(url) == sum(1 for line in raw001.splitlines() if "login.html" in line)


def test_seed_004_contact_table(seed_docs):
    _, doc = seed_docs["004"]
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.rows[0] == ["单位", "联系人", "联系电话"]
    assert len(t.rows) == 9
    assert ["天宁区知识产权局", "周平", "69661537"] in t.rows
    assert t.rows[-1] == ["常州市知识产权局", "魏金", "88588192"]
    cell = doc.blocks[t.block_ids[1][2]]
    assert cell.location.table == 0 and cell.location.row == 1 and cell.location.col == 2
    assert doc.text[t.start:t.end].startswith("单位\n联系人\n联系电话\n溧阳市知识产权局")


def test_read_text_api_and_encodings(tmp_path):
    doc = read_text("一、申报条件\n企业注册满 3 年。", source="guide.md")
    assert doc.source == "guide.md" and [b.text for b in doc.blocks] == ["一、申报条件", "企业注册满3年。"]
    assert doc.blocks[1].location.line == 2 and doc.blocks[1].location.file == "guide.md"
    body = "（一）研发费用占比不低于 3%。\n"
    for enc, name in (("gb18030", "a.txt"), ("utf-8-sig", "b.txt"), ("utf-8", "c.md")):
        p = tmp_path / name
        p.write_bytes(body.encode(enc))
        assert read_document(p).blocks[0].text == "（一）研发费用占比不低于3%。"


# ---------------------------------------------------------------- errors

def _code(path) -> str:
    with pytest.raises(ReadError) as e:
        read_document(path)
    assert e.value.message and any("\u4e00" <= ch <= "\u9fff" for ch in e.value.message)
    return e.value.code


def test_error_cases(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_document(str(tmp_path / "missing.pdf"))
    (tmp_path / "empty.docx").write_bytes(b"")
    assert _code(tmp_path / "empty.docx") == "empty_file"
    (tmp_path / "text.docx").write_text("这不是Word文件", encoding="utf-8")
    assert _code(tmp_path / "text.docx") == "wrong_format"
    (tmp_path / "cut.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    assert _code(tmp_path / "cut.docx") == "malformed"
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as z:
        z.writestr("readme.txt", "hello")
    assert _code(tmp_path / "other.docx") == "wrong_format"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    (tmp_path / "old.doc").write_bytes(ole + "WordDocument".encode("utf-16-le"))
    (tmp_path / "page.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert _code(tmp_path / "page.docx") == "wrong_format"
    (tmp_path / "notes.xyz").write_text("随便写的内容", encoding="utf-8")
    assert _code(tmp_path / "notes.xyz") == "unsupported_format"
    (tmp_path / "blank.docx").write_bytes(b"  \n\t ")
    assert _code(tmp_path / "blank.docx") == "empty_file"
    with pytest.raises(ReadError) as e:
        read_document(tmp_path / "old.doc")
    assert e.value.code == "unsupported_format" and "LibreOffice" in e.value.message
    (tmp_path / "locked.docx").write_bytes(ole + "EncryptionInfo".encode("utf-16-le"))
    assert _code(tmp_path / "locked.docx") == "encrypted"
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    assert _code(tmp_path / "broken.pdf") == "malformed"


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.new_page(595, 842)
    pdf.save(tmp_path / "scan.pdf")
    assert _code(tmp_path / "scan.pdf") == "needs_ocr"


def _latin_pdf(text: str) -> bytes:
    content = f"BT /F1 8 Tf 20 700 Td ({text}) Tj ET".encode()
    return one_page_pdf(content, width=2000)


def test_pdf_with_no_chinese_text_is_unreliable(tmp_path):
    (tmp_path / "garbled.pdf").write_bytes(_latin_pdf("qxzv wkpr jhtl " * 30))
    assert _code(tmp_path / "garbled.pdf") == "text_unreliable"


# ---------------------------------------------------------------- DOCX fixture

NUMBERING = (
    '<w:abstractNum {ns} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/></w:lvl>'
    "</w:abstractNum>"
)


def _make_docx(path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Cm, Pt

    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING.format(ns=nsdecls("w"))))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    normal = doc.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    normal.font.size = Pt(12)

    def numbered(text, ilvl):
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'))

    footer = doc.sections[0].footer.paragraphs[0]
    footer.add_run("— ")
    run = footer.add_run()
    for xml in ('<w:fldChar {ns} w:fldCharType="begin"/>', '<w:instrText {ns} xml:space="preserve"> PAGE </w:instrText>',
                '<w:fldChar {ns} w:fldCharType="end"/>'):
        run._r.append(parse_xml(xml.format(ns=nsdecls("w"))))
    footer.add_run(" —")
    doc.sections[0].header.paragraphs[0].text = HEADER

    doc.add_heading("2024年度测试市高价值专利培育项目申报指南", level=1)
    doc.add_paragraph("为加快知识产权强市建设，现将有关事项通知如下。")
    numbered("申报条件", 0)
    numbered("企业申报的，应满足以下条件：", 1)
    numbered("在本市注册，具有独立法人资格；", 2)
    numbered("近三年研发费用占销售收入的比例达3.5%以上；", 2)
    numbered("有效发明专利不少于50件。", 2)
    numbered("高校申报的，应满足以下条件：", 1)
    numbered("具有良好的研发基础；", 2)
    numbered("拥有省级以上重点实验室。", 3)
    numbered("联系方式", 0)
    t = doc.add_table(rows=3, cols=3)
    t.style = "Table Grid"
    for (r, c), s in {(0, 0): "单位", (0, 1): "联系人", (0, 2): "电话", (1, 0): "测试市知识产权局",
                      (1, 1): "张三", (1, 2): "025-83279967", (2, 1): "李四", (2, 2): "025-83279968"}.items():
        t.cell(r, c).text = s
    t.cell(1, 0).merge(t.cell(2, 0))
    numbered("财务数据", 0)
    rows = [["指标", "2021年", "2022年", "2023年"],
            ["营业收入（元）", "410,000,000.00", "455,000,000.00", "502,300,000.00"],
            ["研发费用（元）", "15,000,000.00", "16,200,000.00", "18,100,000.00"]]
    ft = doc.add_table(rows=3, cols=4)
    ft.style = "Table Grid"
    widths = [Cm(4), Cm(2.2), Cm(2.2), Cm(2.2)]  # narrow: the amounts wrap inside their cells
    for gc, w in zip(ft._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(w.twips)))
    ft._tbl.tblPr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    for r, row in enumerate(rows):
        for c, s in enumerate(row):
            ft.cell(r, c).text = s
            ft.cell(r, c).width = widths[c]
    for i in range(14):  # long paragraphs: several cross a page break
        p = doc.add_paragraph(f"第{i + 1}段说明：" + LONG)
        p.paragraph_format.first_line_indent = Pt(24)
    doc.add_paragraph("附件：1.申报书")
    doc.save(path)


@pytest.fixture(scope="session")
def fixture_docx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("readers") / "guide.docx"
    _make_docx(path)
    return path


@pytest.fixture(scope="session")
def fixture_pdf(fixture_docx) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed: PDF fixtures cannot be generated")
    out = fixture_docx.parent
    profile = (out / f"lo_profile_{uuid.uuid4().hex}").as_uri()  # private profile: parallel runs don't clash
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(fixture_docx)], check=True, capture_output=True, timeout=120)
    pdf = out / "guide.pdf"
    if not pdf.exists():
        pytest.skip("LibreOffice did not produce a PDF")
    return pdf


def _texts(doc, kind=None):
    return [b.text for b in doc.blocks if kind is None or b.kind == kind]


def test_docx_order_numbering_headings(fixture_docx):
    doc = read_document(fixture_docx)
    check_offsets(doc)
    assert doc.format == "docx"
    body = _texts(doc)
    assert body[:12] == [
        "2024年度测试市高价值专利培育项目申报指南", "为加快知识产权强市建设，现将有关事项通知如下。",
        "一、申报条件", "（一）企业申报的，应满足以下条件：", "1.在本市注册，具有独立法人资格；",
        "2.近三年研发费用占销售收入的比例达3.5%以上；", "3.有效发明专利不少于50件。",
        "（二）高校申报的，应满足以下条件：", "1.具有良好的研发基础；", "①拥有省级以上重点实验室。",
        "二、联系方式", "单位",
    ]
    assert doc.blocks[0].kind == "heading" and doc.blocks[0].style == "Heading 1"
    assert doc.blocks[3].label == "（一）" and doc.blocks[3].location.paragraph == 3
    assert body.index("三、财务数据") > body.index("025-83279968")  # table sits between 二 and 三
    assert HEADER in doc.headers and HEADER not in doc.text


def test_docx_tables_merged_cells(fixture_docx):
    doc = read_document(fixture_docx)
    contacts, money = doc.tables
    assert contacts.rows == [["单位", "联系人", "电话"], ["测试市知识产权局", "张三", "025-83279967"],
                             ["测试市知识产权局", "李四", "025-83279968"]]
    assert contacts.block_ids[1][0] == contacts.block_ids[2][0]  # merged: one block, repeated in the grid
    assert doc.text.count("测试市知识产权局\n") == 1
    assert money.rows[1] == ["营业收入（元）", "410,000,000.00", "455,000,000.00", "502,300,000.00"]
    cell = doc.blocks[money.block_ids[2][3]]
    assert cell.text == "18,100,000.00" and (cell.location.table, cell.location.row, cell.location.col) == (1, 2, 3)


def test_pdf_reader(fixture_pdf):
    doc = read_document(fixture_pdf)
    check_offsets(doc)
    assert doc.format == "pdf" and doc.pages and doc.pages >= 3
    body = _texts(doc)
    for expected in ("一、申报条件", "（一）企业申报的，应满足以下条件：", "2.近三年研发费用占销售收入的比例达3.5%以上；",
                     "①拥有省级以上重点实验室。", "附件：1.申报书"):
        assert expected in body
    assert body[0] == "2024年度测试市高价值专利培育项目申报指南" and doc.blocks[0].kind == "heading"
    # every long paragraph comes back whole, including those split by a page break
    long_paras = [b for b in doc.blocks if "段说明：" in b.text]
    assert [b.text for b in long_paras] == [f"第{i + 1}段说明：" + LONG for i in range(14)]
    assert len({b.location.page for b in long_paras}) >= 3
    # running header and page numbers are not body text
    assert HEADER not in doc.text and "—" not in doc.text
    assert HEADER in doc.headers
    assert doc.blocks[0].location.page == 1 and doc.blocks[0].location.bbox is not None


def test_pdf_tables_and_wrapped_numbers(fixture_pdf):
    import pdfplumber

    with pdfplumber.open(fixture_pdf) as pdf:  # the fixture really wraps the amounts
        raw = pdf.pages[0].extract_text()
    assert "410,000,000.00" not in raw

    doc = read_document(fixture_pdf)
    assert len(doc.tables) == 2
    contacts, money = doc.tables
    assert contacts.rows[2] == ["测试市知识产权局", "李四", "025-83279968"]
    assert money.rows == [["指标", "2021年", "2022年", "2023年"],
                          ["营业收入（元）", "410,000,000.00", "455,000,000.00", "502,300,000.00"],
                          ["研发费用（元）", "15,000,000.00", "16,200,000.00", "18,100,000.00"]]
    cell = doc.blocks[money.block_ids[1][1]]
    assert cell.location.page == 1 and cell.location.table == 1 and cell.location.bbox is not None
    assert money.page == 1


def test_content_decides_and_misnamed_files_are_flagged(fixture_pdf, tmp_path):
    renamed = tmp_path / "really_a_pdf.docx"
    renamed.write_bytes(fixture_pdf.read_bytes())
    with pytest.raises(ReadError) as e:
        read_document(renamed)
    assert e.value.code == "wrong_format" and "PDF" in e.value.message
    bare = tmp_path / "scan_without_extension"
    bare.write_bytes(fixture_pdf.read_bytes())
    assert read_document(bare).format == "pdf"


def test_zip_bomb_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * (30 * 1024 * 1024))
    assert _code(path) == "zip_bomb"
