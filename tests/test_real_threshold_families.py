"""Families of numeric bounds that real notices write without the usual
`comparator + number + unit` shape, one family per group of tests. Every sentence
here was written for this file (other members of each family, not copied from a
notice), with near misses that must stay no bound. Expected values were read from
the sentences, not from the extractor's output.

Families:
- sign bounds: a figure said to be positive / not negative (净利润为正, 不为负) is a
  bound at zero;
- rank bounds: a place in a ranking (前五名, 排名前20, 前十强) is place <= N;
- steps before filing: a floor on a procedure (公示, 工作日) that the applicant must
  complete before it files is a condition, while the agency's own procedure stays one;
- recency bounds: 近N年 right before a verb of obtaining (近两年获得…奖) bounds how long
  ago, '<=' N 年, while 近N年 before another bound stays that bound's period;
- ranges across units: a bare range whose ends are in two units of one dimension
  (8个月至2年, 5天至3周) is one range, read in the unit of its lower end;
- award counts: a count right after an award won (获得金奖2次) asks for at least that
  many, and is a condition even in a procedure unit (次);
- per-recipient money caps: 每家不超过30万元 in a sentence naming support paid is the
  most one recipient gets (funding), not a bar on the applicant's own money.
"""
import pytest

from extractors.guide import extract_guide
from extractors.guide.conditions import comparisons
from extractors.guide.sweep import bound_role
from extractors.numbers import find_comparisons
from extractors.readers import read_text
from evaluation.score_real import predicted_thresholds


def _guide(text: str):
    return extract_guide(read_text(text, "<snippet>"))


def _thresholds(schema):
    return predicted_thresholds(schema)  # every threshold, any-of member and tier, as the real-notice scorer pools them


def _read(text: str):
    return [(c.operator, c.quantity.value, c.quantity.unit) for c in comparisons(text)]


_HEAD = "关于组织申报2031年度示范企业的通知\n一、申报条件\n"


# ---------------------------------------------------------------- sign bounds

@pytest.mark.parametrize("text,op", [
    ("申报企业上一年度净利润为正", ">"),
    ("近两年利润总额均为正数，且无不良记录", ">"),
    ("企业上年度净利润须为正值（不含政府补助）", ">"),
    ("申报单位上年度利润总额大于零", ">"),
    ("上年度净利润不为负的企业可以申报", ">="),
])
def test_a_sign_bounds_the_named_figure_at_zero(text, op):
    assert _read(text) == [(op, 0.0, None)]


@pytest.mark.parametrize("text", [
    "申报人须为正式在编职工",          # 为正 goes on: a word, not a sign
    "项目负责人应为正高级职称",
    "该指标正数第二的单位",             # counting from the front
    "检测结果为正，须复核",             # a sign of nothing the metric lexicon knows
    "由项目单位法定代表人为负责人",
])
def test_sign_words_inside_other_words_are_no_bound(text):
    assert _read(text) == []


def test_sign_bound_becomes_a_threshold_on_its_metric():
    ths = _thresholds(_guide(_HEAD + "（一）在本市注册的企业；\n（二）上一年度利润总额为正数。\n"))
    hits = [t for t in ths if t.value == 0]
    assert len(hits) == 1 and hits[0].operator == ">" and "利润总额" in hits[0].subject


def test_a_figure_with_its_own_number_keeps_it():
    # 为 before a number stays a statement; the sign reader adds nothing here
    assert _read("上年度利润总额不低于500万元") == [(">=", 500.0, "万元")]


# ---------------------------------------------------------------- rank bounds

@pytest.mark.parametrize("text,value,unit", [
    ("参赛队伍曾在全省技能大赛中获得前五名", 5, "名"),
    ("个人成绩进入全国前8位", 8, "位"),
    ("企业在行业协会发布的榜单中排名前20的", 20, "名"),
    ("近两年位列全市纳税百强前十强", 10, "名"),
    ("所带学生名列前三", 3, "名"),
])
def test_a_place_in_a_ranking_is_a_rank_bound(text, value, unit):
    assert _read(text) == [("<=", float(value), unit)]


@pytest.mark.parametrize("text", [
    "须在申报截止前3年内完成注册",       # 前 + years: a time, no place
    "目前5名员工均已签订劳动合同",       # 目前: a word ending in 前
    "提前3名额已满",
    "排名前10%的企业",                   # a share of the ranking, not a place
    "获得比赛第三名",                    # one exact place, no bound
])
def test_words_like_a_rank_that_bound_nothing(text):
    assert [c for c in comparisons(text) if c.kind == "rank"] == []


def test_rank_bound_becomes_a_threshold():
    ths = _thresholds(_guide(_HEAD + "（一）具有中级以上职称；\n（二）指导的学生曾获得全国职业技能大赛前六名。\n"))
    hits = [t for t in ths if t.value == 6]
    assert len(hits) == 1 and hits[0].operator == "<=" and hits[0].unit in ("名", "人")


# ---------------------------------------------------------------- steps before filing

def _roles(sentence: str) -> list[str]:
    comps = comparisons(sentence)
    return [bound_role(sentence, c, comps) for c in comps]


@pytest.mark.parametrize("sentence", [
    "申请人提交申请前，须在本单位张榜公示，公示期不少于7个工作日。",
    "参评单位申报本奖项前应在单位网站公开有关材料，公开时间不少于10个工作日。",
    "报名前须在所在社区进行公示，公示不少于3个工作日",
])
def test_a_floor_on_a_step_before_filing_is_a_condition(sentence):
    assert _roles(sentence) == ["condition"]


@pytest.mark.parametrize("sentence", [
    # the agency's publicity after review: procedure, whatever the floor
    "对通过形式审查的项目，由主管部门在官网进行不少于5个工作日的公示。",
    "评审结果将向社会公示，公示期不少于7个工作日。",
    # 申报截止前 is a deadline, not a step before filing
    "请于申报截止前不少于3个工作日完成单位注册。",
    # a cap, not a floor: how long a procedure may take
    "申请前的公示时间不超过10个工作日。",
])
def test_procedure_bounds_that_are_no_precondition(sentence):
    assert _roles(sentence) == ["process"]


def test_step_before_filing_becomes_a_threshold():
    # under a procedure heading: only the sweep's role decides, no 申报条件 title does
    text = _HEAD + "（一）在本市注册的企业。\n二、申报程序\n（一）内部公示\n申报本奖项前，应在本单位内部公示，公示时间不少于7个工作日。\n"
    ths = _thresholds(_guide(text))
    hits = [t for t in ths if t.value == 7]
    assert len(hits) == 1 and hits[0].operator == ">=" and hits[0].unit in ("个工作日", "工作日")


# ---------------------------------------------------------------- recency bounds

@pytest.mark.parametrize("text,years", [
    ("优先推荐近两年获得省级教学成果奖的课程", 2),
    ("申报人最近五年内主持过国家级科研项目", 5),
    ("团队近3年以来承担过市级重点研发任务", 3),
    ("过去三年荣获全国五一劳动奖章的个人", 3),
])
def test_a_recent_award_or_project_is_a_recency_bound(text, years):
    got = [(c.operator, c.quantity.value, c.quantity.unit, c.kind) for c in comparisons(text)]
    assert got == [("<=", float(years), "年", "recency")]


@pytest.mark.parametrize("text", [
    "近三年研发投入占营业收入比例均不低于4%",           # the period of another bound
    "近两年获得授权发明专利不少于5件",                   # obtained, but counted: the count is the bound
    "近三年内获得国家专利金奖的企业，前述专利数量要求减半",  # who gets a relief (adjustment)
    "近三年获得本市同类资金支持的项目不予受理",           # a refusal, not a requirement
    "前三年获得过区级奖励",                              # 前三年 counts years, it does not look back
    "连续三年获得优秀等次",
    "近三年未发生重大安全事故",                          # no verb of obtaining
])
def test_look_back_periods_that_are_no_recency_bound(text):
    assert [c for c in comparisons(text) if c.kind == "recency"] == []


def test_recency_bound_names_the_award_and_carries_no_period():
    ths = _thresholds(_guide(_HEAD + "（一）在本省注册的企业；\n（二）原则上推荐近两年获得省科技进步奖一等奖的项目。\n"))
    hits = [t for t in ths if t.unit == "年" and t.value == 2]
    assert len(hits) == 1 and hits[0].operator == "<=" and hits[0].period is None
    assert "科技进步奖" in hits[0].subject


# ---------------------------------------------------------------- ranges across units

@pytest.mark.parametrize("text,low,high,unit", [
    ("脱产学习8个月至2年的人员", 8, 24, "个月"),
    ("病假累计10天至3周者，考核顺延", 10, 21, "天"),
    ("在岗2年至30个月者", 2, 2.5, "年"),
])
def test_a_range_across_units_of_one_dimension(text, low, high, unit):
    (c,) = find_comparisons(text)
    assert (c.operator, c.quantity.value, c.quantity.unit) == (">=", low, unit)
    assert c.upper is not None and (c.upper.quantity.value, c.upper.quantity.unit) == (high, unit)


@pytest.mark.parametrize("text", [
    "资助期6个月至5万元",      # months and money: no one dimension
    "培训3天至2个月",          # days and months are not in one group (a month has no fixed length)
    "工作满3年，至2025年底",   # a year and a date, no range
])
def test_ends_in_unrelated_units_are_no_range(text):
    assert [c for c in find_comparisons(text) if c.upper is not None] == []


# ---------------------------------------------------------------- award counts

@pytest.mark.parametrize("sentence,values", [
    ("在国家级技能竞赛中获得金奖1次或银奖3次", [1, 3]),
    ("任职期间荣获市级表彰2次", [2]),
    ("曾获省级优秀教师称号2次以上", [2]),
    ("获得区级科技进步奖2项", [2]),
])
def test_a_count_of_awards_won_is_a_floor_and_a_condition(sentence, values):
    comps = comparisons(sentence)
    assert [(c.operator, c.quantity.value) for c in comps] == [(">=", float(v)) for v in values]
    assert all(bound_role(sentence, c, comps) == "condition" for c in comps)


@pytest.mark.parametrize("sentence", [
    "评审委员会每年评奖1次",              # nobody obtains: how often the award is given
    "对获奖项目给予一次性奖励",            # the count does not follow the award
    "申报材料一式3份，并获得单位盖章",      # copies
    "获得奖励资金后1个月内报送使用情况",    # no award word before the count
])
def test_counts_that_are_no_award_floor(sentence):
    assert [c for c in comparisons(sentence) if c.kind == "award_count"] == []


def test_award_count_becomes_a_threshold_pair():
    text = (_HEAD + "（一）在本市注册的企业。\n二、其他事项\n"
            "任期内在全国职业技能大赛中获得金奖1次或银奖2次的，可提前一年申报。\n")
    ths = _thresholds(_guide(text))
    assert sorted(t.value for t in ths if t.unit == "次") == [1, 2]


# ---------------------------------------------------------------- per-recipient money caps

@pytest.mark.parametrize("sentence", [
    "入选单位可享受本区配套经费支持政策，每家不超过30万元。",
    "对认定的示范项目给予资助，单个项目不超过50万元。",
])
def test_a_money_cap_per_recipient_beside_support_is_funding(sentence):
    assert _roles(sentence) == ["funding"]


@pytest.mark.parametrize("sentence", [
    "每家企业上年度营业收入不超过2亿元。",          # the applicant's own figure, no support named
    "入选单位可享受经费支持政策，每家从业人员不超过300人。",  # a cap on staff, not money
])
def test_caps_that_stay_conditions(sentence):
    assert _roles(sentence) == ["condition"]
