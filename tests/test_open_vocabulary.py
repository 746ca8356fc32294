"""Open-vocabulary guide reading (issue 13), on sentences written here in our own
words, one family of wording per test: bounds on things no metric names, units
no list holds, inclusive marks after the bound, day-only window ends, dates that
bound another event, refusals outside any 申报条件 section, list items broken over
lines, sanctions, and clauses that carry a number but are funding, quotas or
project targets. Expected values were read from the snippets, not from output."""
from datetime import date

import pytest

from extractors.guide import extract_guide
from extractors.guide.sweep import bound_role
from extractors.numbers import find_comparisons
from extractors.readers import read_text
from models.schema import AnyOf, Threshold


def _guide(text: str):
    return extract_guide(read_text(text, "<snippet>"))


def _thresholds(schema):
    out = []
    for p in schema.programs:
        for c in p.conditions:
            out.extend(c.members if isinstance(c, AnyOf) else [c] if isinstance(c, Threshold) else [])
    return out


def _one(ths, value, unit=None):
    hits = [t for t in ths if abs(t.value - value) < 1e-9 and (unit is None or t.unit == unit)]
    assert hits, f"no threshold {value}{unit or ''} in {[(t.subject, t.value, t.unit) for t in ths]}"
    return hits[0]


# ---------------------------------------------------------------- numbers: units and bound words

@pytest.mark.parametrize("text,op,value,unit", [
    ("项目年减排二氧化碳200吨以上", ">=", 200, "吨"),
    ("每年处理污水5万吨标准水量以上", ">=", 50000, "吨标准水量"),   # an unlisted unit before 以上
    ("储能规模不低于2兆瓦", ">=", 2, "兆瓦"),
    ("服务半径大于等于15公里", ">=", 15, "公里"),
    ("负责人年龄原则上不超过50周岁", "<=", 50, "周岁"),
    ("充电桩功率在120kW及以上", ">=", 120, "kW"),
    ("节水量达到3000立方米以上（不含）", ">", 3000, "立方米"),
    ("企业资产总额≥800万元", ">=", 800, "万元"),
])
def test_bounds_with_any_unit(text, op, value, unit):
    comps = find_comparisons(text)
    assert [(c.operator, c.quantity.norm_value, c.quantity.unit) for c in comps] == [(op, value, unit)]


def test_chinese_numerals_keep_to_listed_units():
    # 一定规模以上 is an expression, not one unit of 定规模
    assert find_comparisons("具有一定规模以上的生产能力") == []


def test_range_with_inclusive_mark_before_the_dash():
    (c,) = find_comparisons("单位产值能耗下降6%（含）至12%的")
    assert (c.operator, c.quantity.value, c.upper.quantity.value) == (">=", 6, 12)


# ---------------------------------------------------------------- conditions outside a 申报条件 heading

ARTICLE_STYLE = """某某市绿色工厂奖励办法

第一条 为推动工业节能，制定本办法。
第五条 申请奖励的企业，应当同时具备下列条件：
（一）在本市依法登记注册并经营满2年；
（二）上年度综合能耗5000吨标准煤以上；
（三）技术负责人从事节能管理工作8年以上；
（四）项目建设周期原则上不超过18个月。
第六条 对年节能量达到1000吨标准煤的项目，给予最高80万元奖励。
第七条 每个区推荐项目不超过4个。
第八条 项目实施期内，单位产品能耗下降不少于5%。
第九条 申报材料请于2031年4月10日前报送市工信局，逾期不予受理。
第十条 有下列情形之一的，不予支持：
（一）近两年发生较大安全生产事故的；
（二）已获得同一事项市级财政资金支持的。
第十一条 对提供虚假材料的企业，取消其申报资格，三年内不再受理其申请。
"""


def test_conditions_in_articles_keep_their_subject_and_unit():
    ths = _thresholds(_guide(ARTICLE_STYLE))
    energy = _one(ths, 5000, "吨标准煤")
    assert energy.operator == ">=" and "综合能耗" in energy.subject
    years = _one(ths, 8, "年")
    assert "节能管理" in years.subject
    build = _one(ths, 18, "个月")
    assert build.operator == "<=" and "建设周期" in build.subject
    # unmapped subjects are kept with an empty metric, never dropped
    assert energy.metric == "" and energy.source.quote


def test_funding_quota_and_target_numbers_are_not_conditions():
    ths = _thresholds(_guide(ARTICLE_STYLE))
    values = {(t.value, t.unit) for t in ths}
    assert (80, "万元") not in values        # 给予最高80万元奖励: money paid
    assert (4, "个") not in values           # 推荐项目不超过4个: a quota
    assert (5, "%") not in values            # 实施期内…下降不少于5%: a target once funded
    # the tier bound of the funding article is still a bound to meet
    assert (1000, "吨标准煤") in values


def test_deadline_and_refusals_outside_sections():
    schema = _guide(ARTICLE_STYLE)
    deadlines = {d.date for p in schema.programs for d in p.deadlines}
    assert date(2031, 4, 10) in deadlines
    excl = [e for p in schema.programs for e in p.exclusions]
    texts = [e.text for e in excl]
    assert any("安全生产事故" in t for t in texts), texts
    assert any("同一事项" in t for t in texts)
    sanctions = [e for e in excl if e.kind == "sanction"]
    assert sanctions and all("虚假" in e.text or "逾期" in e.text or "不再受理" in e.text for e in sanctions)
    assert schema.coverage is not None and 0 < schema.coverage <= 1


def test_list_item_broken_over_lines_stays_one_exclusion():
    text = """关于征集2034年度社区服务创新案例的通知

各街道：
现将有关事项通知如下。
凡有下列情形之一的，不得申报：
1.案例已在其他市级评选中获
奖的；
2.申报单位近一年内受到行政处罚的。
"""
    excl = [e.text for p in _guide(text).programs for e in p.exclusions]
    assert any("获" in t and "奖的" in t for t in excl), excl
    assert not any(t.strip("；") == "奖的" for t in excl)
    assert any("行政处罚" in t for t in excl)


def test_dates_that_bound_another_event_are_not_deadlines():
    text = """关于申报2032年度优秀论文奖的通知

参评论文应于2031年6月30日前公开发表。
评审结果于2032年5月20日前完成公示。
请各单位于2032年3月1日至3月20日期间登录系统填报。
"""
    deadlines = {d.date for p in _guide(text).programs for d in p.deadlines}
    assert date(2031, 6, 30) not in deadlines
    assert date(2032, 5, 20) not in deadlines
    assert date(2032, 3, 20) in deadlines


def test_window_whose_end_names_only_the_day():
    text = """关于开展2033年度技能大师工作室推荐的通知

一、推荐时间
请于2033年9月8-15日将材料送至市人社局。
"""
    deadlines = {d.date for p in _guide(text).programs for d in p.deadlines}
    assert date(2033, 9, 15) in deadlines


def test_bound_role_reads_the_clause():
    def role(sentence, value):
        comps = find_comparisons(sentence)
        c = next(c for c in comps if c.quantity.value == value)
        return bound_role(sentence, c, comps)
    assert role("企业给予其研发人员月薪不低于9000元", 9000) == "condition"
    assert role("按照每千瓦时0.3元给予补贴，单个项目最高不超过30万元", 30) == "funding"
    assert role("各县（市、区）限额推荐，不超过2家", 2) == "quota"
    assert role("项目实施期为3年", 3) == "statement"


def test_open_threshold_goes_to_a_person():
    from models.claims import ApplicationClaims
    from models.schema import GuideSchema, Program, SourceRef
    from pipeline.screen.matcher import screen

    th = Threshold(metric="", subject="技术负责人从业年限", operator=">=", value=8, unit="年", value_text="8年",
                   source=SourceRef(quote="技术负责人从事节能管理工作8年以上"))
    schema = GuideSchema(programs=[Program(id="main", name="奖励", conditions=[th])])
    report = screen(schema, ApplicationClaims(file="a.docx"))
    check = next(c for c in report.checks if c.kind == "threshold")
    assert check.status == "review" and "技术负责人从业年限" in check.explanation


# ---------------------------------------------------------------- materials: generic, listed, cited

MATERIALS = """关于组织2035年度某某区智慧农业示范基地申报的通知

为落实《某某区数字乡村建设实施方案》，现将有关事项通知如下。
一、申报条件
（一）基地面积不少于200亩。
二、申报材料
请按以下顺序装订纸质材料：
1.《智慧农业示范基地申报表》（加盖公章）；
2.土地流转合同复印件；
3.物联网设备采购发票；
4.1份纸质件、与纸质件一致的电子版。
申报单位另须按项目申报书、附件材料顺序装订成册，并提供其他相关证明材料。
三、截止时间
请于2035年5月20日前报送区农业农村局。
"""


def test_listed_materials_are_named_as_written_and_generic_ones_never_required():
    schema = _guide(MATERIALS)
    mats = [m for p in schema.programs for m in p.materials]
    names = {m.name for m in mats if not m.generic}
    assert {"智慧农业示范基地申报表", "土地流转合同复印件", "物联网设备采购发票"} <= names, names
    # a document cited as the basis is no material; copies and formats name no document
    assert not any("数字乡村" in n or "实施方案" in n for n in names), names
    assert not any("纸质件" in n or "电子版" in n for n in names), names
    generic = [m for m in mats if m.generic]
    assert generic and all(not m.required for m in generic)


def test_a_generic_material_is_never_flagged_missing():
    from models.claims import ApplicationClaims
    from models.schema import GuideSchema, Material, Program, SourceRef
    from pipeline.screen.matcher import screen

    mat = Material(name="附件材料", material="attachments", generic=True, required=False,
                   source=SourceRef(quote="按项目申报书、附件材料顺序装订成册"))
    schema = GuideSchema(programs=[Program(id="main", name="示范", materials=[mat])])
    report = screen(schema, ApplicationClaims(file="a.docx"))
    assert report.missing_materials == []
    check = next(c for c in report.checks if c.kind == "material" and "附件材料" in c.explanation)
    assert check.status == "not_applicable"


# ---------------------------------------------------------------- deadlines in everyday forms

EVERYDAY_DATES = """关于开展2030年度某某省节水型企业评定的通知

一、申报时间
1. 网上申报系统于2030年3月1日8时开放，3月20日18时关闭。
2. 纸质材料请于2030年3月25日（周一）前报送。
3. 受理时间为4月6日～4月28日17:30。
4. 截止时间为2030年5月8日。
5. 请于5月18-22日报送推荐材料。
6. 原则上于9月10日前完成项目实施。
二、其他
本办法自2030年1月1日起施行。
"""


def test_deadlines_in_everyday_forms_and_dates_with_other_roles():
    got = {(d.date, d.time) for p in _guide(EVERYDAY_DATES).programs for d in p.deadlines}
    assert (date(2030, 3, 20), "18:00") in got              # the system closes: the end of filing
    assert (date(2030, 3, 25), None) in got                 # a weekday aside before 前
    assert (date(2030, 4, 28), "17:30") in got              # a window with ～, year from context
    assert (date(2030, 5, 8), None) in got and (date(2030, 5, 22), None) in got
    dates = {d for d, _ in got}
    assert date(2030, 3, 1) not in dates                    # the opening day
    assert date(2030, 9, 10) not in dates                   # implementation, not filing
    assert date(2030, 1, 1) not in dates                    # the rules take effect


# ---------------------------------------------------------------- tiered thresholds

TIERED = """关于开展2031年度某某市研发投入后补助申报的通知

一、申报条件
（一）在本市注册的企业。
（二）上年度营业收入1亿元（含）以下的企业，研发投入占营业收入比例不低于4%；1亿元至5亿元的，不低于3%；5亿元以上的，不低于2%。
（三）服务企业达到300家以上的，给予10万元奖励；达到100家以上的，给予5万元奖励。
"""


def test_a_tiered_bound_is_one_condition_per_band():
    ths = _thresholds(_guide(TIERED))
    tiers = {t.value: t for t in ths if t.unit == "%"}
    assert set(tiers) == {4.0, 3.0, 2.0}
    assert all(t.subject == "研发投入占营业收入比例" for t in tiers.values())
    assert "1亿元（含）以下" in tiers[4.0].tier and "1亿元至5亿元" in tiers[3.0].tier and "5亿元以上" in tiers[2.0].tier
    assert not any(t.unit in ("亿元", "万元") and t.value in (1.0, 5.0, 10000.0, 50000.0) for t in ths)  # bands are no conditions


def test_bands_before_money_paid_stay_the_bars_to_reach():
    ths = _thresholds(_guide(TIERED))
    served = sorted(t.value for t in ths if t.unit == "家")
    assert served == [100.0, 300.0]
    assert all(t.subject == "服务企业" for t in ths if t.unit == "家")


# ---------------------------------------------------------------- metadata and contacts

SIGNED = """关于组织申报2032年度某某市科技型中小企业培育项目的通知

各区科技局，有关单位：
根据《某某市科技型中小企业培育实施办法》（某府办〔2029〕12号）要求，现将有关事项通知如下。
一、申报条件
（一）在本市注册满1年。
二、申报时间
请于2032年4月30日前提交。
三、联系方式
联系人：王明 0571-88886666，李华 0571-88887777
某某市科学技术局
2032年3月12日
"""


def test_cited_number_is_not_the_notices_own_and_the_signature_names_issuer_and_date():
    schema = _guide(SIGNED)
    assert schema.doc_number is None  # only a cited basis document has a number here
    assert schema.issuer == "某某市科学技术局" and schema.issued_on == date(2032, 3, 12)
    own = _guide(SIGNED.replace("各区科技局，有关单位：", "某科发〔2032〕8号\n各区科技局，有关单位："))
    assert own.doc_number == "某科发〔2032〕8号"


def test_several_contacts_on_one_line():
    got = [(c.person, c.phone) for p in _guide(SIGNED).programs for c in p.contacts]
    assert ("王明", "0571-88886666") in got and ("李华", "0571-88887777") in got


# ---------------------------------------------------------------- refusals wherever they stand

REFUSALS = """关于开展2033年度某某区绿色建筑补贴申报的通知

各有关单位：
现就有关事项通知如下。
一、支持对象
在本区注册的建设单位。已享受市级同类补贴的项目，不再重复享受区级补贴。
二、其他
同一项目不得多头申报。
被列入失信被执行人名单的单位，不予支持。
获得本补贴的单位两年内不得再次申报。
有下列情形之一的，不予受理：存在重大安全事故的；申报材料不完整的；项目未竣工验收的。
申报单位不得参与同一年度其他区级节能项目。
对于已纳入市级示范的项目不予补助。
"""


def test_refusals_in_every_wording_and_an_inline_list_keeps_all_items():
    texts = [e.text for p in _guide(REFUSALS).programs for e in p.exclusions]
    for phrase in ("不再重复享受", "不得多头申报", "失信被执行人", "两年内不得再次申报", "不得参与", "不予补助"):
        assert any(phrase in t for t in texts), (phrase, texts)
    items = [t for t in texts if t in ("存在重大安全事故的", "申报材料不完整的", "项目未竣工验收的")]
    assert len(items) == 3, texts  # each item alone, the intro not glued to the first
