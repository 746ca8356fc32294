"""Claims that real submissions state in prose (issue 12 causes 2 and 3), on
applications written here: an enclosure list inside a sentence (with an item marked
后补 that must not count), an attachment table whose page cell is blank or says 暂缺,
and a project history stated as support received (曾获…支持), which must fail the
matching exclusion while a denial passes it."""
from pathlib import Path

import docx

from extractors.claims import extract_claims
from extractors.readers import read_document, read_text
from models.schema import Exclusion, GuideSchema, Program, SourceRef
from pipeline.screen.matcher import screen

PROSE = """某某区知识产权示范企业申请书

申请单位：某某生物医药科技有限公司
一、基本情况
公司成立于2016年，现有员工160人。
本公司于2020年获得某某市知识产权战略推进计划项目资助，已通过验收。
本申请书一并附送的证明材料有：营业执照副本复印件、上年度财务审计报告、知识产权管理制度汇编、信用承诺书（暂缺，后补）。
"""

DENIAL = """某某区知识产权示范企业申请书

申请单位：某某新材料有限公司
本单位从未承担过市级知识产权战略推进计划项目。
"""


def _claims(text: str):
    return extract_claims(read_text(text, "<app>"))


def test_enclosures_listed_in_a_sentence_count_and_pending_ones_do_not():
    atts = {a.material: a for a in _claims(PROSE).attachments}
    assert {"business_license", "audit_report"} <= set(atts)
    assert all(a.found == "listed" for a in atts.values())
    assert "credit_commitment" not in atts  # 暂缺，后补: named, not enclosed


def test_support_received_is_a_project_history_and_fails_the_exclusion():
    claims = _claims(PROSE)
    assert any(p.program == "ip_strategy" and p.year == 2020 for p in claims.projects)
    ex = Exclusion(text="已获得市级知识产权战略推进计划项目支持的企业不得申报", kind="led_same_program",
                   programs=["知识产权战略推进计划项目"], level="city",
                   source=SourceRef(quote="已获得市级知识产权战略推进计划项目支持的企业不得申报"))
    schema = GuideSchema(programs=[Program(id="main", name="示范企业", exclusions=[ex])])
    check = next(c for c in screen(schema, claims).checks if c.kind == "exclusion")
    assert check.status == "fail" and check.evidence and "2020" in check.evidence[0].quote
    denial = next(c for c in screen(schema, _claims(DENIAL)).checks if c.kind == "exclusion")
    assert denial.status == "pass"


def test_attachment_table_rows_with_blank_or_pending_pages_are_not_enclosed(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("某某市专利导航项目申报书")
    d.add_paragraph("申报单位：某某电子有限公司")
    d.add_paragraph("附件清单")
    t = d.add_table(rows=4, cols=3)
    for r, row in enumerate([("序号", "材料名称", "页码"), ("1", "营业执照复印件", "12"),
                             ("2", "审计报告", ""), ("3", "建设方案", "暂缺")]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    path = tmp_path / "app.docx"
    d.save(path)
    atts = {a.material for a in extract_claims(read_document(path)).attachments}
    assert "business_license" in atts
    assert "audit_report" not in atts and "construction_plan" not in atts


def test_reader_warnings_reach_the_report():
    doc = read_text("某某公司申报书\n申报单位：某某公司\n", "<app>")
    doc.warnings.append("第5页没有文字层（可能为扫描页），请人工核对。")
    claims = extract_claims(doc)
    assert "第5页没有文字层（可能为扫描页），请人工核对。" in claims.warnings
    schema = GuideSchema(programs=[Program(id="main", name="示范企业")])
    report = screen(schema, claims)
    assert any("第5页没有文字层" in w for w in report.warnings)


def test_page_ranges_in_an_attachment_list_are_pages_not_counts():
    """Issue 12: 有效专利清单 …… 48-62 names pages of the file, not 48 patents."""
    text = ("某某市知识产权示范企业申报书\n申报单位：某某科技有限公司\n附件清单\n"
            "1. 营业执照复印件 …… 12\n2. 有效专利清单 …… 48-62\n3. 审计报告 …… 63-80\n公司现有有效发明专利35件。\n")
    claims = _claims(text)
    assert [(f.metric, f.value) for f in claims.figures] == [("valid_invention_patents", 35.0)]
    names = {a.material: a.name for a in claims.attachments}
    assert names.get("patent_list") == "有效专利清单" and names.get("audit_report") == "审计报告"


def test_series_written_with_slashes():
    """2021/2022/2023年…分别为a/b/c万元: slashes separate years and values as 、 does; a value
    of the series that looks like a year (1985) stays a value. Wording written for the test."""
    from extractors.claims import extract_claims

    doc = read_text("申报单位：某某科技有限公司\n2021/2022/2023年销售收入分别为1985/2430.5/3012万元。\n", "a.txt")
    got = {(f.year, f.value) for f in extract_claims(doc).figures if f.metric == "revenue"}
    assert got == {(2021, 1985.0), (2022, 2430.5), (2023, 3012.0)}, got
