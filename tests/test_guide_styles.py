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
    everything = articles.programs[0].exclusions
    ex = [e for e in everything if e.kind != "sanction"]
    assert [e.kind for e in ex] == ["holds_title", "ongoing_project"]
    assert ex[0].titles == ["national_ip_advantage"]
    assert not any("逾期" in e.text or "下列情形" in e.text for e in ex)
    # late filing is listed for people as a sanction (never checked), not as who may apply
    assert all(e.kind == "sanction" for e in everything if "逾期" in e.text)


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


# ---------------------------------------------------------------- second round: bracket sub-headings,
# unnumbered list intros, item references, figure-less relaxations, 视同/按N% adjustments,
# year-less dates, quota tables and sub-caps, prose conditions naming their applicants.

BRACKETS = """某某省知识产权局关于开展2027年度某某省知识产权领军企业申报工作的通知

一、申报对象
在某某省内注册、具有独立法人资格的企业。
二、有关要求
【申报条件】
（一）成立5年以上；
（二）上一年度营业收入不低于2亿元，研发费用占营业收入的比例不低于4%；
（三）拥有有效发明专利30件以上。
具有下列称号之一的企业，不受第（二）项限制：
1. 国家制造业单项冠军企业；
2. 国家级专精特新“小巨人”企业。
【限制申报情形】
存在下列情形之一的，不予受理：
①已获评国家知识产权示范企业的；
②因提供虚假材料被取消资格未满2年的；
③承担的省级项目逾期未结项的。
【申报材料】
1. 申报书；
2. 企业知识产权战略规划文本；
3. 国家知识产权局颁发的备案证明。
三、时间安排
网上申报截止时间为2027年5月20日17:00。
纸质材料于5月28日前报送所在市知识产权局。
各市于6月5日前将推荐文件报送省知识产权局。
"""


@pytest.fixture(scope="module")
def brackets():
    return _guide(BRACKETS)


def test_bracket_subheading_is_a_section_label():
    assert parse_label("【申报条件】")[:3] == ("bracket", "【申报条件】", "【申报条件】")
    assert parse_label("【 申报材料 】申报单位须提交：")[2] == "【申报材料】"
    paths = [s.path for s in iter_sections(build_outline(read_text(BRACKETS)))]
    assert "二、有关要求/【申报条件】/（二）" in paths
    assert "二、有关要求/【限制申报情形】/③" in paths


def test_conditions_under_a_bracket_heading_inside_a_requirements_section(brackets):
    p = brackets.programs[0]
    got = sorted((t.metric, t.operator, t.value, t.period) for t in _thresholds(p))
    assert got == [("rd_expense_ratio", ">=", 4.0, "last_year"), ("revenue", ">=", 20000.0, "last_year"),
                   ("valid_invention_patents", ">=", 30.0, None), ("years_established", ">=", 5.0, None)]
    assert p.tracks == []


def test_item_reference_exemption_lifts_every_threshold_of_the_item_with_listed_titles(brackets):
    p = brackets.programs[0]
    for metric in ("revenue", "rd_expense_ratio"):
        ex = _by_metric(p, metric)[0].exemptions
        assert [sorted(e.titles) for e in ex] == [["little_giant", "single_champion"]]
        assert ex[0].source.quote == "具有下列称号之一的企业，不受第（二）项限制："
    assert _by_metric(p, "valid_invention_patents")[0].exemptions == []
    assert not any("单项冠军" in getattr(c, "text", "") for c in p.conditions)  # the title list is no condition


def test_unnumbered_exclusion_intro_makes_its_items_exclusions(brackets):
    p = brackets.programs[0]
    assert [(e.kind, e.text) for e in p.exclusions] == [
        ("holds_title", "已获评国家知识产权示范企业的"),
        ("other", "因提供虚假材料被取消资格未满2年的"),  # listed: 虚假 does not unmake it
        ("ongoing_unaccepted", "承担的省级项目逾期未结项的"),
    ]


def test_unnamed_checklist_item_is_an_attachment_and_issuer_is_no_actor(brackets):
    p = brackets.programs[0]
    names = sorted((m.material, m.name) for m in p.materials)
    assert ("application_form", "申报书") in names
    assert ("attachments", "企业知识产权战略规划文本") in names
    assert [m.material for m in p.materials].count("attachments") == 2  # and the 备案证明


def test_year_less_dates_take_the_year_of_the_deadlines_before_them(brackets):
    p = brackets.programs[0]
    assert [(d.kind, d.date, d.time) for d in p.deadlines] == [
        ("online", date(2027, 5, 20), "17:00"), ("paper", date(2027, 5, 28), None),
        ("recommendation", date(2027, 6, 5), None)]


PROSE = """2027年度某某市专利产业化项目申报指南

一、申报条件
申报单位须在某某市内依法登记注册，具有独立法人资格。此外，高等院校上一年度专利许可、转让合同金额累计不少于200万元；企业近三年年均专利转化数量不少于8件，上一年度研发投入占营业收入比例不低于2.5%。
近三年获得中国专利奖的企业，前述专利转化数量要求按60%执行；国家知识产权优势企业不受前述研发投入比例限制。
二、申报要求
各区限额推荐4个，其中高等院校项目不超过2个。市属企业由市国资委审核推荐，不超过2项。
区\t推荐名额
甲区\t4项
乙区、丙区\t各2项
对已获得其他市级财政资金支持的同一项目，不得重复申报。项目负责人正在主持在研市级项目的，不再受理其申报。提供虚假材料的，3年内不得申报市级知识产权项目。
"""


@pytest.fixture(scope="module")
def prose():
    return _guide(PROSE)


def test_prose_clauses_name_whom_they_bind_after_a_connective(prose):
    p = prose.programs[0]
    amount = _by_metric(p, "commercialization_amount")[0]
    assert (amount.value, amount.period, amount.aggregation, amount.applies_to) == (200.0, "last_year", "total", ["university"])
    count = _by_metric(p, "patents_commercialized")[0]
    assert (count.value, count.aggregation, count.applies_to) == (8.0, "average", ["enterprise"])
    assert {"university", "enterprise"} <= set(p.applicant_types)


def test_percentage_scaling_and_reference_exemption_find_their_thresholds(prose):
    p = prose.programs[0]
    count = _by_metric(p, "patents_commercialized")[0]
    assert [(a.kind, a.factor, a.triggers) for a in count.adjustments] == [("halve", 0.6, ["award_within_3y"])]
    ratio = _by_metric(p, "rd_expense_ratio")[0]
    assert [e.titles for e in ratio.exemptions] == [["national_ip_advantage"]]
    assert count.exemptions == [] and ratio.adjustments == []


def test_quota_table_sub_cap_and_other_recommender(prose):
    p = prose.programs[0]
    assert sorted(q.max_count for q in p.quotas) == [2, 2, 2, 4, 4]
    sub = next(q for q in p.quotas if q.condition and "高等院校" in q.condition)
    assert sub.max_count == 2
    soe = next(q for q in p.quotas if q.scope == "市国资委")
    assert (soe.max_count, soe.condition) == (2, "市属企业")
    row = next(q for q in p.quotas if q.scope == "乙区、丙区")
    assert (row.max_count, row.source.quote) == (2, "乙区、丙区各2项")


def test_person_bound_exclusion_refusal_wordings_and_sanction(prose):
    p = prose.programs[0]
    assert [(e.kind, e.text) for e in p.exclusions if e.kind != "sanction"] == [
        ("other", "对已获得其他市级财政资金支持的同一项目，不得重复申报"),
        ("other", "项目负责人正在主持在研市级项目的，不再受理其申报"),
    ]
    # the penalty for false material is listed for people, as a sanction only
    assert [e.text for e in p.exclusions if e.kind == "sanction"] == ["提供虚假材料的，3年内不得申报市级知识产权项目"]
    assert p.funding == []  # 资金支持 inside an exclusion is no funding


RELAXED = """某某省知识产权局关于开展2027年度某某省高价值专利培育项目申报工作的通知
某某省知识产权局
2026年12月20日
一、申报条件
（一）基本条件
（1）上一年度营业收入不低于3000万元；
（2）拥有有效发明专利10件以上。
（二）条件说明
对国家级专精特新“小巨人”企业，营收条件可适当放宽。每件进入国家阶段的PCT申请可视同3件有效发明专利。
二、申报时间
网上申报截止时间为1月10日17:00。
"""


def test_figureless_relaxation_item_heading_and_count_as_every_piece():
    g = _guide(RELAXED)
    p = g.programs[0]
    assert p.tracks == []
    assert not any(getattr(c, "text", "") == "条件说明" for c in p.conditions)
    rev = _by_metric(p, "revenue")[0]
    assert [e.titles for e in rev.exemptions] == [["little_giant"]] and "可适当放宽" in rev.exemptions[0].text
    inv = _by_metric(p, "valid_invention_patents")[0]
    assert [(a.kind, a.factor, a.from_metric) for a in inv.adjustments] == [("count_as", 3.0, "pct_national_phase")]
    # a December notice's year-less January date falls in the next year
    assert g.issued_on == date(2026, 12, 20)
    assert [(d.date, d.time) for d in p.deadlines] == [(date(2027, 1, 10), "17:00")]


def test_waiver_helpers():
    from extractors.guide.conditions import count_factor
    from extractors.guide.waivers import is_exemption, item_labels

    assert item_labels("不受第（二）项限制") == {"（二）"}
    assert {"3.", "（3）"} <= item_labels("可不受第3项限制")
    assert "二、" in item_labels("不受第二项限制")
    assert is_exemption("示范企业不受前述研发投入比例限制") and not is_exemption("省属高校不受名额限制")
    assert count_factor("每件进入国家阶段的PCT申请可视同2件有效发明专利") == 2.0
    assert count_factor("每2件实用新型专利折算为1件发明专利") == 0.5


def test_exclusion_subheading_without_intro_line():
    g = _guide("""2027年度某某市知识产权优势企业申报指南

一、申报条件
（一）基本条件
1. 上一年度营业收入不低于5000万元；
2. 拥有有效发明专利10件以上。
（二）不得申报情形
1. 已获评国家知识产权示范企业的；
2. 正在承担市级知识产权项目且尚未验收的。
""")
    p = g.programs[0]
    assert p.tracks == []
    assert [(e.kind, e.text) for e in p.exclusions] == [
        ("holds_title", "已获评国家知识产权示范企业的"), ("ongoing_unaccepted", "正在承担市级知识产权项目且尚未验收的")]
    assert sorted(t.metric for t in _thresholds(p)) == ["revenue", "valid_invention_patents"]


# ---------------------------------------------------------------- round 3: indicator tables,
# inverted bounds, 视同满足, 每件按N件折算, 取消申报资格 lists, declared categories as tracks

INDICATORS = """陕西省某某局关于开展2027年度知识产权领军企业申报工作的通知

一、申报条件
（一）核心指标
申报企业须同时达到下表要求：
指标\t标准
经营规模\t近三个会计年度主营业务收入平均不低于2.5亿元
研发强度\t上一年度研发费用支出占主营业务收入比例不得低于5%
专利储备\t有效发明专利30件及以上
（二）其他要求
1. 近两年累计投入知识产权经费不少于300万元；
2. 上一年度主营业务收入不足1亿元的企业，不予支持。
（三）说明
1. 国家制造业单项冠军企业的主营业务收入要求可放宽至1.2亿元。
2. 进入国家阶段的PCT专利申请，每件按3件有效发明专利折算。
3. 获得中国专利奖的企业，视同满足有效发明专利数量要求。
二、限制条件
有下列情形之一的，不予立项：
1. 正在承担省级知识产权项目且未通过验收的；
2. 2026年度已获得省级知识产权领军企业项目支持的。
同一企业只能申报一个项目，重复申报的一律不予受理。申报材料弄虚作假的，一经查实，取消申报资格。
"""


@pytest.fixture(scope="module")
def indicators():
    return _guide(INDICATORS).programs[0]


def test_indicator_table_cells_are_conditions(indicators):
    rev = sorted(((t.value, t.period, t.aggregation) for t in _by_metric(indicators, "revenue")), reverse=True)
    # 2.5亿 (table), 1.2亿 relaxed floor (same period as the relaxed bar), 1亿 inverted bound (上一年度)
    assert rev == [(25000, "last_3_years", "average"), (12000, "last_3_years", "average"), (10000, "last_year", None)]
    (ratio,) = _by_metric(indicators, "rd_expense_ratio")
    assert (ratio.operator, ratio.value, ratio.period) == (">=", 5, "last_year")
    assert ratio.source.section.endswith("（一）核心指标/表")
    (ip,) = _by_metric(indicators, "ip_expense")
    assert (ip.value, ip.period, ip.aggregation) == (300, "last_2_years", "total")


def test_inverted_bound_and_relaxation_pick_the_right_bars(indicators):
    by_value = {t.value: t for t in _by_metric(indicators, "revenue")}
    assert all(t.operator == ">=" for t in by_value.values())  # 不足1亿元的…不予支持 → >= 1亿
    assert [e.titles for e in by_value[25000].exemptions] == [["single_champion"]]
    assert by_value[10000].exemptions == [] and by_value[12000].exemptions == []


def test_deemed_fulfilled_is_an_exemption_and_every_piece_counts_as(indicators):
    (inv,) = _by_metric(indicators, "valid_invention_patents")
    assert (inv.operator, inv.value) == (">=", 30)
    assert [e.titles for e in inv.exemptions] == [["china_patent_award"]]
    assert [(a.kind, a.factor, a.from_metric, a.metrics) for a in inv.adjustments] == [
        ("count_as", 3.0, "pct_national_phase", ["valid_invention_patents"])]
    assert not _by_metric(indicators, "pct_national_phase")


def test_refusal_wordings_followups_and_sanctions(indicators):
    checked = [e for e in indicators.exclusions if e.kind != "sanction"]
    kinds = [(e.kind, e.programs) for e in checked]
    assert [k for k, _ in kinds] == ["ongoing_unaccepted", "led_same_program", "other"]
    assert kinds[1][1] == ["省级知识产权领军企业项目"]  # 已获得…项目支持: a project history, not a title
    assert all("弄虚作假" in e.text for e in indicators.exclusions if e.kind == "sanction")
    quotes = [e.source.quote.rstrip("。") for e in checked]
    assert quotes[2] == "同一企业只能申报一个项目，重复申报的一律不予受理"  # one exclusion, not two
    assert not any("弄虚作假" in q for q in quotes) and len(quotes) == 3


CATEGORIES = """江西省某某局关于开展2027年度专利运营项目申报工作的通知

一、项目类别
1. 企业转化类：支持企业实施专利转化；
2. 院所许可类：支持高等院校、科研院所向企业许可专利。
二、申报条件
（一）通用条件
1. 申报单位近三年内未发生严重失信行为。
（二）企业转化类
1. 上一年度营业收入达6000万元以上，且研发费用不低于营业收入的4.5%；
2. 拥有有效发明专利不少于8件。
（三）院所许可类
1. 近三年专利转让、许可数量累计达20项以上。
三、申报限制
有下列情形之一的申报单位，取消申报资格：
（一）承担的省级知识产权项目逾期未验收的。
各设区市超出推荐名额申报的，超出部分一律不予受理。
"""


def test_declared_categories_become_tracks_with_their_types():
    p = _guide(CATEGORIES).programs[0]
    assert [(t.name, sorted(t.applicant_types)) for t in p.tracks] == [
        ("企业转化类", ["enterprise"]), ("院所许可类", ["research_institute", "university"])]
    (ratio,) = _by_metric(p, "rd_expense_ratio")  # 研发费用不低于营业收入的4.5%
    assert (ratio.value, ratio.period, ratio.tracks, ratio.applies_to) == (4.5, "last_year", ["企业转化类"], ["enterprise"])
    (n,) = _by_metric(p, "patents_commercialized")  # 项 accepted for a count in 件
    assert (n.value, n.unit, n.period, n.aggregation, n.tracks) == (20, "项", "last_3_years", "total", ["院所许可类"])
    assert any(c.kind == "attestation" and c.attestation == "no_serious_dishonesty" for c in p.conditions)
    # 超出推荐名额 binds the bureaus; the pledge 无严重失信行为 is also listed as a bad record
    assert [e.kind for e in p.exclusions if e.kind != "record"] == ["ongoing_unaccepted"]
    assert any(e.kind == "record" and "失信" in e.text for e in p.exclusions)
