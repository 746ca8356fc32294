"""Claims extraction on varied, hand-written applications.

Each document is written the way a different company would write it (prose
only, tables only, a financial table broken by a page, amounts in 元 and 亿元,
Chinese numerals); expected values are read off the text by hand.
"""
from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from extractors.claims import extract_claims
from extractors.readers import read_text
from extractors.readers.builder import DocumentBuilder


def fig(claims, metric, year=None):
    f = claims.figure(metric, year)
    assert f is not None, f"missing {metric} {year}: {[(x.metric, x.year) for x in claims.figures]}"
    return f


def assert_evidence_quotes_text(doc, claims):
    """Every sentence-level evidence quote is the document text at its offsets."""
    evs = [e for f in claims.figures for e in f.evidence]
    evs += [e for s in claims.standings for e in s.evidence]
    for e in evs:
        assert e.file == doc.source
        assert e.start is not None and e.end is not None
        if " | " not in e.quote:
            assert doc.text[e.start:e.end] == e.quote


PROSE = """\
2022年度江苏省高价值专利培育计划项目申报书
申报单位：无锡恒拓智能装备有限公司
统一社会信用代码：91350100M000100Y43
注册地址：江苏省无锡市新吴区长江路21号
一、企业基本情况
公司具有独立法人资格。2019年至2021年分别实现营业收入3.2亿元、3.8亿元和4.5亿元，2021年研发投入2,350万元，占营业收入的5.2%。
公司2021年利润总额2,100万元，上缴税金650万元。
截至2021年底，公司拥有有效专利一百二十六件，其中发明专利四十八件；进入国家阶段的PCT专利申请3件。
公司知识产权工作由技术部兼管，配备知识产权专兼职管理人员5名。
2021年获评国家级专精特新“小巨人”企业，2020年获第二十一届中国专利优秀奖。本企业不属于国家知识产权优势企业，力争三年内创建国家知识产权示范企业。
公司曾作为牵头单位承担2019年度省高价值专利培育计划项目并通过验收；目前正在承担2021年度市专利导航项目，尾款尚未拨付。
信用承诺书
本单位郑重承诺：近三年无严重失信行为，无非正常专利申请行为。
2022年3月15日
"""


@pytest.fixture(scope="module")
def prose():
    doc = read_text(PROSE, source="prose.txt")
    assert not doc.tables
    return doc, extract_claims(doc)


def test_prose_identity(prose):
    doc, c = prose
    assert c.applicant_name.value == "无锡恒拓智能装备有限公司"
    assert c.credit_code.value.valid
    assert c.applicant_type.value == "enterprise"          # from the name's legal form 有限公司
    assert c.address.value.province == "江苏省" and c.address.value.city == "无锡市"
    assert c.legal_person.value is True
    assert c.submission_date.value == date(2022, 3, 15)
    assert "高价值专利培育计划" in c.program_name.value


def test_prose_financials_by_year(prose):
    doc, c = prose
    assert [(f.year, f.value) for f in c.figures_of("revenue")] == [(2019, 32000), (2020, 38000), (2021, 45000)]
    assert fig(c, "revenue", 2019).original == "3.2亿元"
    assert fig(c, "rd_expense", 2021).value == 2350
    assert fig(c, "rd_expense_ratio", 2021).value == pytest.approx(5.2)
    assert c.figure("rd_expense", 2020) is None             # not stated, not guessed


def test_prose_profit_plus_tax_is_derived(prose):
    doc, c = prose
    pt = fig(c, "profit_tax", 2021)
    assert pt.value == 2750
    assert pt.derived_from == ["profit", "tax"]
    assert "2,750" in pt.original and "2,100" in pt.original and "650" in pt.original
    assert len(pt.evidence) >= 1


def test_prose_chinese_numerals_and_stock_counts(prose):
    doc, c = prose
    assert fig(c, "valid_patents").value == 126
    assert fig(c, "valid_patents").original == "一百二十六件"
    assert fig(c, "valid_invention_patents").value == 48
    assert fig(c, "pct_national_phase").value == 3
    assert fig(c, "ip_staff").value == 5 and fig(c, "ip_staff").unit == "人"


def test_prose_standings_skip_negations_and_goals(prose):
    doc, c = prose
    got = {(s.kind, s.id, s.year) for s in c.standings}
    assert ("title", "little_giant", 2021) in got
    assert ("award", "china_patent_award", 2020) in got
    ids = {s.id for s in c.standings}
    assert "national_ip_advantage" not in ids             # 不属于
    assert "national_ip_demonstration" not in ids          # 力争…创建


def test_prose_projects(prose):
    doc, c = prose
    hv = [p for p in c.projects if p.program == "high_value_patent"]
    assert len(hv) == 1
    assert (hv[0].level, hv[0].year, hv[0].role, hv[0].status) == ("provincial", 2019, "lead", "accepted")
    nav = [p for p in c.projects if p.program == "patent_navigation"]
    assert nav and nav[0].status == "unpaid" and nav[0].level == "city" and nav[0].year == 2021


def test_prose_attestations_department_and_page(prose):
    doc, c = prose
    att = {a.attestation: a.present for a in c.attestations}
    assert att == {"no_serious_dishonesty": True, "no_abnormal_patent_filing": True}
    assert c.ip_department.value == "exists"               # 由技术部兼管
    pages = [a for a in c.attachments if a.found == "page"]
    assert any(a.material == "credit_commitment" for a in pages)
    assert c.conflicts == [] and c.warnings == []


def test_prose_evidence_points_into_text(prose):
    doc, c = prose
    assert_evidence_quotes_text(doc, c)
    ev = fig(c, "valid_invention_patents").evidence[0]
    assert "其中发明专利四十八件" in ev.quote
    assert ev.location.line is not None


# ---------------------------------------------------------------- tables only
def build(tables, paragraphs_before=(), source="form.docx"):
    b = DocumentBuilder(source, "docx")
    p = 0
    for text in paragraphs_before:
        b.add(text, b.loc(paragraph=p))
        p += 1
    for ti, rows in enumerate(tables):
        if isinstance(rows, str):
            b.add(rows, b.loc(paragraph=p))
            p += 1
            continue
        cells = [[(txt, b.loc(table=len(b.tables), row=r, col=cc)) for cc, txt in enumerate(row)]
                 for r, row in enumerate(rows)]
        b.add_table(cells)
    return b.build()


FORM = [
    [["申报单位名称（盖章）", "贵州黔锐新能源科技股份有限公司", "统一社会信用代码", "91350100M000100Y43"],
     ["单位性质", "☑企业 □高校 □科研院所", "是否具有独立法人资格", "是"],
     ["注册地址", "贵州省贵阳市观山湖区金阳南路6号", "注册地址", "贵州省贵阳市观山湖区金阳南路6号"],
     ["申报类型", "□技术创新类 ☑产业链协同攻关类", "填报日期", "2026年5月8日"],
     ["有效专利（件）", "96", "其中：发明专利（件）", "31"],
     ["知识产权管理部门", "设立独立的知识产权中心", "", ""]],
    "主要经济指标（金额单位：万元）",
    [["年度", "营业收入", "研发费用", "利税总额", "研发费用占营业收入比例（%）"],
     ["2023年", "12,500.6", "620.3", "2,130", "4.96"],
     ["2024年", "14,210", "705", "2,450", "4.96"],
     ["2025年", "—", "", "", ""]],
]


@pytest.fixture(scope="module")
def form():
    doc = build(FORM)
    return doc, extract_claims(doc)


def test_tables_only_identity(form):
    doc, c = form
    assert c.applicant_name.value == "贵州黔锐新能源科技股份有限公司"
    assert c.applicant_type.value == "enterprise"          # the ticked box
    assert c.legal_person.value is True
    assert c.track.value == "产业链协同攻关类"
    assert c.submission_date.value == date(2026, 5, 8)
    assert (c.address.value.province, c.address.value.city) == ("贵州省", "贵阳市")
    assert c.ip_department.value == "independent"


def test_tables_only_years_down(form):
    doc, c = form
    assert fig(c, "revenue", 2023).value == pytest.approx(12500.6)
    assert fig(c, "revenue", 2024).value == 14210
    assert fig(c, "rd_expense", 2024).value == 705
    assert fig(c, "profit_tax", 2023).value == 2130
    assert fig(c, "rd_expense_ratio", 2024).value == pytest.approx(4.96)
    assert c.figure("revenue", 2025) is None               # a dash is not a number
    assert fig(c, "valid_patents").value == 96
    assert fig(c, "valid_invention_patents").value == 31
    ev = fig(c, "revenue", 2024).evidence[0]
    assert ev.location.table == 1 and ev.location.row == 2 and ev.location.col == 1
    assert "14,210" in ev.quote


def test_continued_table_inherits_header_and_unit():
    doc = build([
        "表3 近三年经营情况（单位：元）",
        [["项目", "2019年", "2020年", "2021年"],
         ["主营业务收入", "410,000,000.00", "452,300,000.00", "498,750,000.00"],
         ["研究开发费用", "16,400,000.00", "18,500,000.00", "21,000,000.00"]],
        # page break: the rest of the table arrives as a table without header
        [["利润总额", "15,000,000.00", "16,000,000.00", "17,500,000.00"],
         ["税金总额", "5,000,000.00", "5,500,000.00", "6,000,000.00"]],
    ])
    c = extract_claims(doc)
    assert fig(c, "revenue", 2020).value == pytest.approx(45230)
    assert fig(c, "rd_expense", 2019).value == pytest.approx(1640)
    assert fig(c, "profit", 2021).value == pytest.approx(1750)     # 17,500,000元 = 1750万元
    pt = fig(c, "profit_tax", 2021)
    assert pt.value == pytest.approx(2350) and pt.derived_from == ["profit", "tax"]
    assert fig(c, "tax", 2019).evidence[0].location.table == 1


def test_amounts_in_yuan_and_yi_agree_without_conflict():
    text = ("2021年营业收入为3.2亿元。\n"
            "2021年营业收入（元）：320,150,000.00\n"
            "2021年研发费用为12,345,678元。")
    c = extract_claims(read_text(text, source="a.txt"))
    assert fig(c, "revenue", 2021).value == 32000                  # first statement kept
    assert len(fig(c, "revenue", 2021).evidence) == 2              # within rounding: same fact
    assert fig(c, "rd_expense", 2021).value == pytest.approx(1234.5678)
    assert c.conflicts == []


def test_conflicting_figures_are_reported_and_first_kept():
    text = "2021年研发投入2,350万元。\n另据财务报表，2021年研发投入为2,800万元。"
    c = extract_claims(read_text(text, source="b.txt"))
    assert fig(c, "rd_expense", 2021).value == 2350
    assert len(c.conflicts) == 1
    assert c.conflicts[0].values == ["2,350万元", "2,800万元"]
    assert len(c.conflicts[0].evidence) == 2
    assert any("不一致" in w for w in c.warnings)


def test_invalid_credit_code_gives_warning_not_crash():
    c = extract_claims(read_text("单位名称：某某科技有限公司\n统一社会信用代码：91350100M000100Y44\n", source="c.txt"))
    assert c.credit_code.value.valid is False
    assert any(w.startswith("统一社会信用代码校验位错误") for w in c.warnings)


def test_unreadable_number_in_table_is_a_warning():
    doc = build([[["指标", "2020年", "2021年"], ["营业收入", "3,2OO", "4,100"]]])
    c = extract_claims(doc)
    assert fig(c, "revenue", 2021).value == 4100
    assert c.figure("revenue", 2020) is None
    assert any("无法识别" in w and "3,2OO" in w for w in c.warnings)


def test_years_across_with_chinese_numerals_and_sub_rows():
    doc = build([
        "知识产权情况",
        [["指标", "2020年", "2021年"],
         ["专利授权量（件）", "三十五", "四十二"],
         ["其中：发明专利", "十二", "十五"],
         ["知识产权费用（万元）", "85", "96.5"]],
    ])
    c = extract_claims(doc)
    assert fig(c, "patent_grants", 2021).value == 42
    assert fig(c, "invention_grants", 2020).value == 12
    assert fig(c, "ip_expense", 2021).value == 96.5


def test_per_year_figure_without_year_is_dropped_with_warning():
    c = extract_claims(read_text("近三年研发投入分别为1200万元、1350万元、1500万元。", source="d.txt"))
    assert c.figures_of("rd_expense") == []
    assert any("未能确定年份" in w for w in c.warnings)


def test_stated_requirement_is_not_a_claim():
    c = extract_claims(read_text("申报条件：有效专利不少于100件，近三年利税总额均不低于2000万元。", source="e.txt"))
    assert c.figures == []


def test_joint_application_lead_and_partners():
    text = ("项目由常州天合新能源有限公司牵头，联合常州锂源电池材料有限公司、江苏星辰储能科技有限公司共同申报。\n"
            "申报类别：产业链协同攻关类\n")
    c = extract_claims(read_text(text, source="f.txt"))
    assert c.lead_unit.value == "常州天合新能源有限公司"
    assert [p.value for p in c.partners] == ["常州锂源电池材料有限公司", "江苏星辰储能科技有限公司"]
    assert c.applicant_name.value == "常州天合新能源有限公司"


def test_attachment_list_with_items_on_lines():
    text = ("五、附件清单\n附件清单：\n1. 营业执照复印件\n2. 近三年财务审计报告\n3. 专利清单\n"
            "六、其他说明\n本单位已对以上材料的真实性负责。\n")
    c = extract_claims(read_text(text, source="g.txt"))
    listed = {a.material for a in c.attachments if a.found == "listed"}
    assert {"business_license", "audit_report", "patent_list"} <= listed
    assert "credit_commitment" not in {a.material for a in c.attachments}


def test_explicit_no_ip_department_and_violation():
    text = "本单位未设立知识产权管理部门。\n本单位承诺：存在非正常专利申请行为的，已全部撤回。\n"
    c = extract_claims(read_text(text, source="h.txt"))
    assert c.ip_department.value == "none"
    att = {a.attestation: a.present for a in c.attestations}
    assert att.get("no_abnormal_patent_filing") is False


def test_nothing_stated_means_nothing_claimed():
    c = extract_claims(read_text("项目实施方案\n本项目围绕新能源汽车电池开展专利布局。\n", source="i.txt"))
    assert c.applicant_name is None and c.credit_code is None and c.figures == []
    assert c.ip_department is None and c.standings == [] and c.projects == [] and c.attestations == []


# ---------------------------------------------------------------- real DOCX -> PDF with a page break
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_docx_and_pdf_with_financial_table_broken_across_pages(tmp_path: Path):
    docx = pytest.importorskip("docx")
    from extractors.readers import read_document

    d = docx.Document()
    d.add_heading("知识产权优势企业培育项目申请书", 0)
    for _ in range(18):
        d.add_paragraph("公司坚持自主创新，围绕核心产品开展专利布局和知识产权运营工作，持续完善管理制度。")
    d.add_paragraph("表1 主要财务指标（单位：万元）")
    t = d.add_table(rows=0, cols=3)
    t.style = "Table Grid"
    rows = [("年度", "营业收入", "研发费用")] + [(f"{y}年", f"{1000 + 100 * i:,}", f"{50 + i}") for i, y in
                                            enumerate(range(1961, 2025))]
    for r in rows:
        cells = t.add_row().cells
        for i, v in enumerate(r):
            cells[i].text = v
    path = tmp_path / "broken.docx"
    d.save(path)
    subprocess.run(["soffice", "--headless", "-env:UserInstallation=file:///tmp/lo_claims_test",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=120)
    for f in (path, tmp_path / "broken.pdf"):
        doc = read_document(f)
        c = extract_claims(doc)
        got = {f_.year: f_.value for f_ in c.figures_of("revenue")}
        assert got == {y: 1000 + 100 * i for i, y in enumerate(range(1961, 2025))}, f.suffix
        assert fig(c, "rd_expense", 2024).value == 50 + 63
        if f.suffix == ".pdf":
            pages = {fig(c, "revenue", y).evidence[0].location.page for y in (1961, 2024)}
            assert len(pages) == 2                         # the table really broke across pages


def test_type_stated_in_prose_beats_name_ending():
    text = ("2026年省高价值专利培育计划项目\n项目申报书\n（技术创新类）\n"
            "南京智能制造产业技术研究院有限公司成立于2003年，是具有独立法人资格的省级新型研发机构，"
            "注册地址为江苏省南京市江宁区汉江路207号。\n")
    c = extract_claims(read_text(text, source="j.txt"))
    assert c.applicant_name.value == "南京智能制造产业技术研究院有限公司"
    assert c.applicant_type.value == "new_rd_institution"
    assert c.track.value == "技术创新类"
    assert c.program_name.value == "2026年省高价值专利培育计划项目"     # title broken over two lines
    assert (c.address.value.province, c.address.value.city) == ("江苏省", "南京市")


def test_status_only_history_sentence_and_year_after_value():
    text = ("2020年度省企业知识产权战略推进计划项目“功率半导体专利导航”尚未验收，尾款未拨付。\n"
            "营业收入（万元）：3200（2019年）、3800（2020年）、4500（2021年）\n")
    c = extract_claims(read_text(text, source="k.txt"))
    assert len(c.projects) == 1                       # 专利导航 inside the quoted name is not a second project
    p = c.projects[0]
    assert (p.program, p.level, p.year, p.status) == ("ip_strategy", "provincial", 2020, "unpaid")
    assert {f.year: f.value for f in c.figures_of("revenue")} == {2019: 3200, 2020: 3800, 2021: 4500}


def test_paragraph_year_carries_to_following_clauses():
    c = extract_claims(read_text("2021年度：营业收入4500万元；研发费用300万元。\n", source="l.txt"))
    assert fig(c, "rd_expense", 2021).value == 300


def test_same_period_sentence_reuses_previous_year_list():
    text = ("二、经营情况\n2019年至2021年，公司分别实现营业收入6.88亿元、7.47亿元和8.49亿元。\n"
            "同期知识产权费用分别为2,083,000元、2,261,600元和2,570,400元。\n")
    c = extract_claims(read_text(text, source="m.txt"))
    assert {f.year: f.value for f in c.figures_of("ip_expense")} == pytest.approx({2019: 208.3, 2020: 226.16, 2021: 257.04})


def test_years_across_with_index_and_unit_columns_and_two_level_header():
    doc = build([
        [["序号", "指标名称", "单位", "近三年数据", "近三年数据", "近三年数据"],
         ["", "", "", "2019", "2020", "2021"],
         ["1", "销售收入", "亿元", "1.25", "1.5", "1.85"],
         ["2", "研发经费投入", "万元", "510", "630", "802"],
         ["3", "研发经费投入占销售收入比例", "%", "4.08", "4.2", "4.34"],
         ["4", "有效发明专利", "件", "20", "28", "35"]],
    ])
    c = extract_claims(doc)
    assert fig(c, "revenue", 2021).value == pytest.approx(18500)
    assert fig(c, "rd_expense", 2019).value == 510
    assert fig(c, "rd_expense_ratio", 2020).value == pytest.approx(4.2)
    assert fig(c, "valid_invention_patents", 2021).value == 35


def test_portal_style_text_export():
    text = ("企业名称：扬州瑞丰环保科技有限公司\n"
            "统一社会信用代码：91350100M000100Y43\n"
            "所属地区：江苏省扬州市\n"
            "2021年度营业收入（万元）：8,650.32\n"
            "2021年度研发费用（万元）：402.1\n"
            "2021年度利润总额（万元）：1,020\n"
            "2021年度上缴税金（万元）：386.5\n"
            "有效发明专利数（件）：27\n"
            "是否设立独立的知识产权管理机构：是\n"
            "申报日期：2022-02-28\n")
    c = extract_claims(read_text(text, source="portal.txt"))
    assert c.applicant_name.value == "扬州瑞丰环保科技有限公司"
    assert fig(c, "revenue", 2021).value == pytest.approx(8650.32)
    pt = fig(c, "profit_tax", 2021)
    assert pt.value == pytest.approx(1406.5) and pt.derived_from == ["profit", "tax"]
    assert fig(c, "valid_invention_patents").value == 27
    assert c.ip_department.value == "independent"
    assert c.submission_date.value == date(2022, 2, 28)


def test_history_and_honours_tables():
    doc = build([
        "五、承担项目情况",
        [["项目名称", "项目类别", "级别", "立项年度", "承担角色", "完成情况"],
         ["先进碳材料高价值专利培育示范中心", "高价值专利培育计划", "省级", "2019", "牵头", "已验收"],
         ["储能电池专利导航", "专利导航项目", "市级", "2021", "参与", "在研"]],
        "六、荣誉资质",
        [["荣誉名称", "获得时间", "授予单位"],
         ["国家级专精特新“小巨人”企业", "2021年7月", "工业和信息化部"],
         ["第二十一届中国专利优秀奖", "2020年", "国家知识产权局"]],
    ])
    c = extract_claims(doc)
    got = {(p.program, p.level, p.year, p.role, p.status) for p in c.projects}
    assert got == {("high_value_patent", "provincial", 2019, "lead", "accepted"),
                   ("patent_navigation", "city", 2021, "partner", "ongoing")}
    assert {(s.kind, s.id, s.year) for s in c.standings} == {("title", "little_giant", 2021),
                                                              ("award", "china_patent_award", 2020)}


# ---------------------------------------------------------------- generalization: report prose
REPORT = """\
苏州启明光电股份有限公司
2023年度经营与创新情况说明
（申报2024年度苏州市专利导航项目—区域规划类专用）
一、基本情况
苏州启明光电股份有限公司（以下简称“启明光电”）于2009年在苏州市登记设立，住所为江苏省苏州市吴中区东吴北路18号。启明光电属股份有限公司，统一社会信用代码：91350100M000100Y43。
本项目以苏州启明光电股份有限公司为牵头单位，昆山海纳精工有限公司、常熟理工学院为成员单位。
二、经营
公司2023年营业收入达到6.4亿元，2022年和2021年分别为5.9亿元和5.1亿元。
研发费用从2021年的1,200万元提高到2023年的1,650万元，其中2022年为1,480万元；三年累计研发投入4,330万元。
2021至2023年研发经费分别占营业收入的2.4%、2.5%、2.6%，相应金额分别为1,224万元、1,475万元、1,664万元。
三、知识产权
公司拥有58件有效专利；此外还有3件PCT专利申请已进入欧洲国家阶段。
现有知识产权专职工作人员六名。
"""


@pytest.fixture(scope="module")
def report():
    doc = read_text(REPORT, source="report.txt")
    return doc, extract_claims(doc)


def test_defined_short_name_is_not_the_applicant(report):
    _, c = report
    # 启明光电属股份有限公司 opens a later sentence; the full name is the one defined by 以下简称
    assert c.applicant_name.value == "苏州启明光电股份有限公司"


def test_purpose_note_names_program_and_track(report):
    _, c = report
    assert c.program_name.value == "2024年度苏州市专利导航项目"
    assert c.track.value == "区域规划类"


def test_purpose_note_without_separator_names_no_track():
    doc = read_text("某某研究院\n2023年度工作总结\n（申报2024年度省知识产权强省建设项目专用）\n某某研究院成立于2001年。\n")
    c = extract_claims(doc)
    assert c.program_name.value == "2024年度省知识产权强省建设项目"
    assert c.track is None


def test_lead_and_members_named_with_wei(report):
    _, c = report
    assert c.lead_unit.value == "苏州启明光电股份有限公司"
    assert sorted(p.value for p in c.partners) == ["常熟理工学院", "昆山海纳精工有限公司"]


def test_year_list_written_latest_first(report):
    _, c = report
    assert [(f.year, f.value) for f in c.figures_of("revenue")] == [(2021, 51000), (2022, 59000), (2023, 64000)]


def test_from_to_phrase_and_three_year_total(report):
    _, c = report
    # 从2021年的1,200万元提高到2023年的1,650万元，其中2022年为1,480万元 — then a ratio sentence
    # restates the amounts (相应金额) with small differences: those are conflicts, first value kept
    assert fig(c, "rd_expense", 2021).value == 1200
    assert fig(c, "rd_expense", 2022).value == 1480
    assert fig(c, "rd_expense", 2023).value == 1650
    assert not any(f.value == 4330 for f in c.figures)     # 三年累计 is no year's figure


def test_amount_behind_a_ratio():
    doc = read_text("2021至2023年研发经费分别占营业收入的4.1%、4.5%、4.8%，相应金额分别为820万元、950万元、1,100万元。\n")
    c = extract_claims(doc)
    assert [(f.year, f.value) for f in c.figures_of("rd_expense")] == [(2021, 820), (2022, 950), (2023, 1100)]
    assert [f.value for f in c.figures_of("rd_expense_ratio")] == [4.1, 4.5, 4.8]


def test_counts_written_before_their_noun(report):
    _, c = report
    assert fig(c, "valid_patents").value == 58
    assert fig(c, "pct_national_phase").value == 3
    assert fig(c, "ip_staff").value == 6                  # 六名


def test_month_of_a_date_is_not_a_figure():
    doc = read_text("成立时间：2011年9月\n成立日期：2012.10\n企业已成立满12年。\n")
    c = extract_claims(doc)
    assert [f.value for f in c.figures_of("years_established")] == []


def test_pdf_line_break_inside_a_sentence_is_joined():
    b = DocumentBuilder("wrap.pdf", "pdf")
    b.add("2020年至2022年，公司持续加大投入，研发费用分别占当年营业收入的", b.loc(page=1))
    b.add("3.1%、3.4%、3.9%，营业收入分别为2.1亿", b.loc(page=1))
    b.add("元、2.6亿元、3.0亿元。", b.loc(page=1))
    doc = b.build()
    c = extract_claims(doc)
    assert [f.value for f in c.figures_of("rd_expense_ratio")] == [3.1, 3.4, 3.9]
    assert [(f.year, f.value) for f in c.figures_of("revenue")] == [(2020, 21000), (2021, 26000), (2022, 30000)]
    ev = fig(c, "revenue", 2020).evidence[0]
    assert doc.text[ev.start:ev.end] == ev.quote and ev.start < doc.blocks[1].start < ev.end


def test_docx_paragraphs_are_never_joined():
    # a Word paragraph ends where the author ended it: no figure is read across two of them
    b = DocumentBuilder("two.docx", "docx")
    b.add("公司主营电力设备，近年来加大投入，研发费用分别为", b.loc(paragraph=0))
    b.add("2021年300万元、2022年400万元。", b.loc(paragraph=1))
    assert extract_claims(b.build()).figures_of("rd_expense") == []
    b = DocumentBuilder("two.pdf", "pdf")
    b.add("公司主营电力设备，近年来加大投入，研发费用分别为", b.loc(page=1))
    b.add("2021年300万元、2022年400万元。", b.loc(page=1))
    assert [f.value for f in extract_claims(b.build()).figures_of("rd_expense")] == [300, 400]


# ---------------------------------------------------------------- generalization: questionnaire forms
def test_tick_boxes_including_displaced_marks():
    from extractors.claims.checkbox import checked, ticked_text
    assert checked("□甲类 ☑乙类") == "乙类"
    assert checked("甲类□乙类☑") == "甲类"                       # PDF moved the ☑ to the end
    assert checked("□示范类培育类☑", ["示范类", "培育类"]) == "培育类"   # …and glued the ticked option on
    assert checked("□甲类□乙类") == ""
    assert ticked_text("☑无严重失信行为□无非正常专利申请行为") == "无严重失信行为"


def test_unticked_pledge_is_not_an_attestation():
    doc = read_text("本单位承诺：☑近三年无严重失信行为□无非正常专利申请行为\n")
    c = extract_claims(doc)
    assert {a.attestation for a in c.attestations} == {"no_serious_dishonesty"}


QUESTIONS = [
    "2024年度市知识产权示范企业培育项目申请表",
    [["单位名称", "南通瑞丰精密制造有限公司", "统一社会信用代码", "91350100M000100Y43"],
     ["成立时间", "2006年11月", "职工总数", "560人"]],
    "联合体成员",
    [["序号", "单位名称", "角色"],
     ["1", "南通瑞丰精密制造有限公司", "牵头单位"],
     ["2", "南通科达软件有限公司", "成员单位"]],
    [["编号", "名称", "类别", "级别", "取得时间"],
     ["1", "高新技术企业", "资质认定", "国家级", "2020.11"]],
    "近三年经济指标（单位：千元）",
    [["项目", "2021年", "2022年", "2023年", "三年合计"],
     ["营业收入", "300000", "320000", "350000", "970000"]],
    [["知识产权指标", "截至2023年底", "", "", ""],
     ["有效专利总数（件）", "88", "", "", ""],
     ["知识产权管理机构", "", "☑单独设立□由其他部门兼管□未设立", "", ""],
     ["指标", "2021年", "2022年", "2023年", "年均"],
     ["专利授权量（件）", "20", "25", "30", "25"]],
    [["序号", "材料名称", "备注"],
     ["1", "营业执照复印件", "第3页"],
     ["2", "建设方案", "无"]],
]


@pytest.fixture(scope="module")
def questions():
    doc = build(QUESTIONS)
    return doc, extract_claims(doc)


def test_member_list_table_gives_lead_and_partners(questions):
    _, c = questions
    assert c.lead_unit.value == "南通瑞丰精密制造有限公司"
    assert [p.value for p in c.partners] == ["南通科达软件有限公司"]


def test_list_table_column_is_no_track_and_honour_dated_by_month(questions):
    _, c = questions
    assert c.track is None                                   # 类别 | 级别 is a column header, not a field
    assert [(s.id, s.year) for s in c.standings] == [("high_tech", 2020)]


def test_thousand_yuan_table_total_column_and_founding_month(questions):
    _, c = questions
    assert [(f.year, f.value) for f in c.figures_of("revenue")] == [(2021, 30000), (2022, 32000), (2023, 35000)]
    assert c.figures_of("years_established") == []


def test_year_header_lower_in_a_joined_table(questions):
    _, c = questions
    assert fig(c, "valid_patents").value == 88
    assert [(f.year, f.value) for f in c.figures_of("patent_grants")] == [(2021, 20), (2022, 25), (2023, 30)]


def test_ticked_ip_department_option(questions):
    _, c = questions
    assert c.ip_department.value == "independent"


def test_attachment_rows_marked_absent_and_form_title(questions):
    _, c = questions
    mats = {a.material: a.found for a in c.attachments}
    assert mats.get("business_license") == "listed"
    assert "construction_plan" not in mats                   # 建设方案 | 无: named, not attached
    assert mats.get("application_form") == "page"            # the form's own title …申请表


def test_count_before_noun_beats_a_count_of_something_else():
    c = extract_claims(read_text("公司拥有5名知识产权专职人员，共有员工120名。\n"))
    assert [f.value for f in c.figures_of("ip_staff")] == [5]


def test_a_single_circle_bullet_is_no_empty_box():
    doc = read_text("承诺事项\n○ 本单位郑重承诺近三年无严重失信行为。\n")
    assert {a.attestation for a in extract_claims(doc).attestations} == {"no_serious_dishonesty"}


def test_a_parenthetical_naming_no_program_is_no_purpose_note():
    doc = read_text("某某科技有限公司情况介绍\n（申报单位盖章后使用）\n某某科技有限公司成立于2015年。\n")
    c = extract_claims(doc)
    assert c.program_name is None or "盖章" not in c.program_name.value
    assert c.track is None


# ---------------------------------------------------------------- bound dossier (目录 + one section per material)
BUNDLE = [
    "2025年度浙江省专利转化运用试点项目",
    "申请材料汇编",
    "申报单位（公章）：宁波海曙精工机械有限公司",
    "项目类别：重点项目",
    "填报日期：2025年3月2日",
    "目  录",
    "第一部分  申请书 ........ 1",
    "一、企业概况 ........ 2",
    "二、有效专利情况 ........ 5",
    "第二部分  附件材料 ⋯⋯ 9",
    "（一）营业执照副本 ........ 10",
    "（二）专利转化实施方案 ........ 12",
    "（三）财务审计报告 ........ 15",
    "（四）信用承诺书 ........ 18",
    "第一部分  申请书",
    "一、企业概况",
    "营业收入：2022年1.2亿元；2023年13,500万元；2024年150,000,000元。",
    "研发费用占营业收入比重：2022年4.1%；2023年4.3%；2024年4.6%。",
    "知识产权专兼职人员：兼职4名，专职1名。",
    "二、有效专利情况",
    [["项目", "件数", "备注"],
     ["发明专利（有效）", "37", "含受让2件"],
     ["实用新型（有效）", "80", ""],
     ["PCT申请（进入国家阶段）", "3", ""],
     ["合计", "120", "含PCT"]],
    "第二部分  附件材料",
    "附件一：营业执照副本",
    "（副本扫描件见后页）",
    "附件二：专利转化实施方案",
    "本方案尚在修改，将于评审前另行提交。",
    "附件三：2024年度财务审计报告（节选）",
    "出具单位：甬信会计师事务所",
    "附件四：信用承诺书",
    "我单位承诺：近三年无严重失信行为。",
]


@pytest.fixture(scope="module")
def bundle():
    doc = build(BUNDLE, source="bundle.docx")
    return doc, extract_claims(doc)


def test_bundle_cover_title_over_two_lines_and_category_value_is_a_track(bundle):
    _, c = bundle
    assert c.program_name.value == "2025年度浙江省专利转化运用试点项目"   # not 第一部分
    assert c.track.value == "重点项目"                                    # 项目类别：重点项目


def test_bundle_semicolon_cut_label_lines_keep_their_label(bundle):
    _, c = bundle
    assert [(f.year, f.value) for f in c.figures_of("revenue")] == [(2022, 12000), (2023, 13500), (2024, 15000)]
    assert [(f.year, f.value) for f in c.figures_of("rd_expense_ratio")] == [(2022, 4.1), (2023, 4.3), (2024, 4.6)]


def test_bundle_toc_page_numbers_are_no_figures(bundle):
    _, c = bundle
    # 二、有效专利情况 ........ 5 names no count of 5 patents
    assert all(f.value != 5 for f in c.figures if f.metric.startswith("valid"))


def test_bundle_summary_table_reads_qualified_labels_and_value_column(bundle):
    _, c = bundle
    assert fig(c, "valid_invention_patents").value == 37     # 发明专利（有效）, not the 2 of 含受让2件
    assert fig(c, "pct_national_phase").value == 3
    assert c.figure("valid_patents") is None                 # a plain 合计 (含PCT) is no valid-patent count


def test_bundle_staff_parts_add_up(bundle):
    _, c = bundle
    f = fig(c, "ip_staff")
    assert f.value == 5 and f.original == "兼职4名，专职1名"


def test_bundle_attachments_need_their_section_and_pending_is_not_attached(bundle):
    _, c = bundle
    found = {a.material: a for a in c.attachments if a.material}
    assert {"business_license", "audit_report", "credit_commitment", "application_form"} <= set(found)
    assert "construction_plan" not in found                   # 目录 lists it, its section says 另行提交
    lic = found["business_license"]
    assert lic.found == "page" and len(lic.evidence) == 2     # its 目录 line and its section title
    assert "目  录" not in [e.quote for e in lic.evidence]


def test_toc_listing_without_sections_still_lists_materials():
    doc = build(["目录", "第一部分 申报表……1", "第二部分 佐证材料……6", "三、合作协议书……7", "四、近三年审计报告……9"])
    c = extract_claims(doc)
    got = {a.material: a.found for a in c.attachments if a.material}
    assert got.get("cooperation_agreement") == "listed" and got.get("audit_report") == "listed"
    assert "application_form" not in got                      # a part of the 目录 outside the materials


def test_a_stated_staff_total_is_not_added_to_its_parts():
    doc = read_text("公司共有知识产权管理人员6人（其中专职2人、兼职4人）。另有专职3人、兼职1人负责档案。", source="t.txt")
    assert fig(extract_claims(doc), "ip_staff").value == 6


def test_column_heading_row_is_no_field_value():
    doc = build([[["类别", "数量（件）"], ["有效发明专利", "12"]]])
    c = extract_claims(doc)
    assert c.track is None
    assert fig(c, "valid_invention_patents").value == 12


def test_stated_valid_patent_total_in_summary_table():
    doc = build([[["知识产权种类", "数量", "附注"], ["发明专利（有效）", "20件", "另有申请中9件"],
                  ["有效专利合计", "64件", ""]]])
    c = extract_claims(doc)
    assert fig(c, "valid_patents").value == 64 and fig(c, "valid_invention_patents").value == 20
