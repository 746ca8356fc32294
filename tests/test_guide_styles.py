"""General mechanisms of the guide extractor on small synthetic notices written
here (an imaginary 湖北/某某市 style), not on corpus files: chapters and
articles, a list that restarts under a bare title, `1）` items, the program
named by the title line(s) or the notice title, a conditions table with one
track per row, a period carried over a sentence, exclusion list intros,
relaxations, funding stated in pieces, unlabeled contact entries, deadline
windows, per-track quotas, topic groups that are not tracks. Expected values
were read from the snippets."""
from datetime import date

import pytest

from extractors.guide import extract_guide
from extractors.guide.programs import notice_program
from extractors.outline import build_outline, iter_sections, parse_label
from extractors.readers import read_text
from models.schema import AnyOf, Threshold


def _guide(text: str):
    return extract_guide(read_text(text, "<snippet>"))


def _thresholds(p):
    out = []
    for c in p.conditions:
        out.extend(c.members if isinstance(c, AnyOf) else [c] if isinstance(c, Threshold) else [])
    return out


def _by_metric(p, metric):
    return [t for t in _thresholds(p) if t.metric == metric]


ARTICLES = """湖北省知识产权局文件

鄂知发〔2027〕3号

湖北省知识产权局关于组织开展2027年度湖北省知识产权强企申报工作的通知

各市、州知识产权局：
　　现将《2027年度湖北省知识产权强企申报指南》印发给你们，请认真组织申报。

湖北省知识产权局
2027年2月10日

2027年度湖北省知识产权强企申报指南

第一章　总　则
　　第一条　为培育知识产权强企，制定本指南。
第二章　申报条件
　　第二条　申报企业应当具备下列条件：
　　（一）在湖北省内依法注册，具有独立法人资格，注册成立满2年；
　　（二）上一年度销售收入不低于8000万元，研发费用占销售收入比例不低于4%；
　　（三）有效发明专利5件（含）以上；
　　（四）配备知识产权专职管理人员不少于1名。
　　第三条　经认定的国家级专精特新“小巨人”企业，销售收入要求放宽至3000万元。
　　第四条　存在下列情形之一的，不得申报：
　　（一）已被认定为国家知识产权优势企业的；
　　（二）承担的省级知识产权项目尚在实施期内的。
第三章　申报材料
　　第五条　申报企业提交下列材料：
　　1）申报书；
　　2）营业执照复印件；
　　3）信用承诺书。
　　以上材料均须加盖单位公章。
第四章　组织实施
　　第六条　申报截止时间为2027年3月31日，逾期不予受理。
　　第七条　每家强企给予最高40万元奖励。2027年度拟认定不超过25家。
"""


@pytest.fixture(scope="module")
def articles():
    return _guide(ARTICLES)


def test_chapters_hold_articles_and_paths_name_articles_by_label():
    assert parse_label("第二章　申报条件")[0:3:2] == ("chapter", "第二章")
    assert parse_label("第十二条　本指南自发布之日起施行。")[0:3:2] == ("article", "第十二条")
    assert parse_label("3）信用承诺书")[0:3:2] == ("arabic_right", "3）")
    paths = [s.path for s in iter_sections(build_outline(read_text(ARTICLES)))]
    assert "第二章申报条件/第二条/（三）" in paths
    assert "第三章申报材料/第五条/2）" in paths
    assert "第二章申报条件/第四条/（二）" in paths


def test_program_named_by_guide_title_not_by_header(articles):
    assert len(articles.programs) == 1
    p = articles.programs[0]
    assert p.name == "2027年度湖北省知识产权强企"
    assert p.applicant_types == ["enterprise"]
    assert p.legal_person_required is True


def test_notice_title_names_the_program():
    assert notice_program("湖北省知识产权局关于组织开展2027年度湖北省知识产权强企申报工作的通知") == "2027年度湖北省知识产权强企"
    assert notice_program("某某市市场监督管理局关于开展2027年度某某市专利导航服务基地认定工作的通知") == "2027年度某某市专利导航服务基地"
    assert notice_program("关于印发管理办法的通知") == ""


def test_article_conditions_period_carried_and_units(articles):
    p = articles.programs[0]
    years = _by_metric(p, "years_established")
    assert [(t.operator, t.value, t.unit) for t in years] == [(">=", 2, "年")]
    ratio = _by_metric(p, "rd_expense_ratio")[0]
    assert (ratio.value, ratio.period) == (4, "last_year")  # 上一年度 heads the sentence
    pats = _by_metric(p, "valid_invention_patents")[0]
    assert (pats.operator, pats.value) == (">=", 5)  # 5件（含）以上
    staff = _by_metric(p, "ip_staff")[0]
    assert (staff.value, staff.unit) == (1, "人")  # 1名


def test_relaxation_exempts_and_keeps_the_lower_bar(articles):
    revenue = sorted(_by_metric(articles.programs[0], "revenue"), key=lambda t: -t.value)
    assert [(t.value, t.period) for t in revenue] == [(8000, "last_year"), (3000, "last_year")]
    assert [e.titles for e in revenue[0].exemptions] == [["little_giant"]]
    assert revenue[1].exemptions == []


def test_exclusion_list_items_are_exclusions_and_late_filing_is_not(articles):
    ex = articles.programs[0].exclusions
    assert [e.kind for e in ex] == ["holds_title", "ongoing_project"]
    assert ex[0].titles == ["national_ip_advantage"]
    assert not any("逾期" in e.text or "下列情形" in e.text for e in ex)


def test_article_materials_funding_and_deadline(articles):
    p = articles.programs[0]
    mats = {m.material: m for m in p.materials}
    assert set(mats) == {"application_form", "business_license", "credit_commitment"}
    assert all("stamped" in m.requirements for m in mats.values())  # 以上材料均须加盖单位公章
    assert [(f.count, f.amount_each, f.max_amount) for f in p.funding] == [(25, 40, True)]
    assert [d.date for d in p.deadlines] == [date(2027, 3, 31)]


TABLE = """某某省知识产权局关于组织申报2027年度某某省知识产权服务能力提升项目的通知

一、项目类别
本年度设创新型企业、服务机构两个类别。

二、申报对象、申报条件及资助标准
申报对象\t申报条件\t资助标准
创新型企业：省内注册的企业\t1.上一年度销售收入不低于5000万元；2.有效发明专利不少于5件。\t每个项目资助500,000元，共支持6个项目
服务机构：省内知识产权服务机构\t1.成立满3年；2.近两年代理专利申请累计不少于200件。\t每个项目资助200,000元，共支持4个项目

三、申报要求
（一）每个市推荐创新型企业不超过3个、服务机构不超过1个。
（二）项目资助资金分两次拨付：立项后拨付60%，验收后拨付40%。
（三）网上申报时间：2027年5月6日至5月29日。

四、联系方式
政策咨询：某某省知识产权局运用处，陈明，027-87654321
"""


@pytest.fixture(scope="module")
def table():
    return _guide(TABLE)


def test_table_rows_are_tracks_with_their_conditions(table):
    p = table.programs[0]
    assert p.name == "2027年度某某省知识产权服务能力提升项目"
    assert [(t.name, t.applicant_types) for t in p.tracks] == [("创新型企业", ["enterprise"]), ("服务机构", ["service_agency"])]
    rev = _by_metric(p, "revenue")[0]
    assert (rev.value, rev.period, rev.tracks, rev.applies_to) == (5000, "last_year", ["创新型企业"], ["enterprise"])
    years = _by_metric(p, "years_established")[0]
    assert (years.value, years.tracks) == (3, ["服务机构"])
    assert set(p.applicant_types) == {"enterprise", "service_agency"}


def test_table_funding_per_track_with_split_stated_elsewhere(table):
    got = sorted((f.tracks[0], f.count, f.amount_each, tuple(f.split)) for f in table.programs[0].funding)
    assert got == [("创新型企业", 6, 50, (60, 40)), ("服务机构", 4, 20, (60, 40))]


def test_quota_per_track_window_deadline_and_contact_entry(table):
    p = table.programs[0]
    assert sorted((q.tracks[0], q.max_count) for q in p.quotas) == [("创新型企业", 3), ("服务机构", 1)]
    assert [(d.kind, d.date) for d in p.deadlines] == [("online", date(2027, 5, 29))]
    assert [(c.unit, c.person, c.phone) for c in p.contacts] == [("某某省知识产权局运用处", "陈明", "027-87654321")]


NUMBERED = """某某市知识产权局关于开展2027年度某某市专利运营示范企业申报工作的通知

1. 申报条件
(1) 经营情况
① 近三年每年营业收入不低于2亿元，每年利润总额不低于1000万元；
② 近三年研发费用不低于3000万元，有效发明专利不少于20件。
(2) 专利基础
① 有效发明专利30件以上或PCT申请进入国家阶段5件以上；
② 曾获中国专利奖的，上述专利数量要求降低为原要求的一半。
(3) 限制条件
同一单位限报1项。
2. 申报方式
申报单位登录系统填报并上传附件材料。申报时间：即日起至2027年6月1日下午5:00。
3. 申报材料清单
1. 申报书；
2. 营业执照副本扫描件。
"""


@pytest.fixture(scope="module")
def numbered():
    return _guide(NUMBERED)


def test_topic_groups_are_not_tracks_and_restarted_list_nests(numbered):
    p = numbered.programs[0]
    assert p.name == "2027年度某某市专利运营示范企业"
    assert p.tracks == []
    paths = [s.path for s in iter_sections(build_outline(read_text(NUMBERED)))]
    assert "3.申报材料清单/2." in paths


def test_each_year_carried_but_stock_counts_keep_no_period(numbered):
    p = numbered.programs[0]
    profit = _by_metric(p, "profit")[0]
    assert (profit.period, profit.aggregation) == ("last_3_years", "each_year")
    rd = _by_metric(p, "rd_expense")[0]
    assert rd.period == "last_3_years"
    stock = [t for t in _by_metric(p, "valid_invention_patents") if t.value == 20]
    assert stock and stock[0].period is None


def test_halving_wording_and_pct_alias(numbered):
    p = numbered.programs[0]
    group = next(c for c in p.conditions if isinstance(c, AnyOf))
    assert sorted(m.metric for m in group.members) == ["pct_national_phase", "valid_invention_patents"]
    assert [(a.kind, a.factor) for a in group.adjustments] == [("halve", 0.5)]


def test_one_per_unit_exclusion_generic_material_and_open_window(numbered):
    p = numbered.programs[0]
    assert [e.kind for e in p.exclusions] == ["other"]
    assert {m.material for m in p.materials} == {"application_form", "business_license"}  # 上传附件材料 refers to the list
    assert [(d.date, d.time) for d in p.deadlines] == [(date(2027, 6, 1), "17:00")]


def test_window_outside_filing_and_region_quota_are_not_deadline_or_exclusion():
    g = _guide("""2027年度某某市知识产权运营项目申报指南

一、申报条件
申报单位须在某某市内注册。
二、申报要求
（一）项目实施期为2027年7月1日至2028年6月30日。
（二）每个区限报3个项目。同一单位限报1个项目。
（三）申报截止时间为2027年6月10日。
""")
    p = g.programs[0]
    assert p.name == "2027年度某某市知识产权运营项目"
    assert [d.date for d in p.deadlines] == [date(2027, 6, 10)]
    assert [e.text for e in p.exclusions] == ["同一单位限报1个项目"]
