"""Numbers, units, comparators, ranges and ratios on guide wordings.

Expected values come from reading the phrases (seed guides and typical wordings
of other provinces), not from the extractor's output.
"""
import pytest
from hypothesis import given, strategies as st

from extractors.numbers import (Quantity, find_comparisons, find_quantities, find_ratios,
                                parse_number, to_wan)


@pytest.mark.parametrize("s,v", [
    ("3.5", 3.5), ("1,000", 1000), ("410,000,000.00", 410_000_000), ("３．５", 3.5),
    ("三", 3), ("十五", 15), ("一百二十", 120), ("两", 2), ("二", 2), ("两千", 2000),
    ("二〇二二", 2022), ("百分之四十", 40), ("三点五", 3.5), ("一万二千", 12000),
    ("十", 10), ("二十", 20), ("一千零五", 1005), ("1.2万", 12000),
])
def test_parse_number(s, v):
    assert parse_number(s) == pytest.approx(v)


@pytest.mark.parametrize("s", ["", "abc", "十四五", "万"])
def test_parse_number_rejects(s):
    assert parse_number(s) is None


@given(st.integers(min_value=0, max_value=10**9))
def test_parse_number_thousands_roundtrip(n):
    assert parse_number(f"{n:,}") == n


def test_to_wan():
    assert to_wan(1.2, "亿元") == pytest.approx(12000)
    assert to_wan(410_000_000, "元") == pytest.approx(41000)
    assert to_wan(500, "千元") == pytest.approx(50)
    assert to_wan(3, "件") is None


def one(text) -> Quantity:
    qs = [q for q in find_quantities(text) if q.unit is not None]
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize("text,value,unit,wan,span", [
    ("营业收入410,000,000.00元", 410_000_000, "元", 41000, "410,000,000.00元"),
    ("上年度主营业务收入5亿元以上", 5, "亿元", 50000, "5亿元"),
    ("销售收入1.2亿元", 1.2, "亿元", 12000, "1.2亿元"),
    ("年销售额超过五千万元", 5000, "万元", 5000, "五千万元"),
    ("利税总额均不低于 2000 万元", 2000, "万元", 2000, "2000 万元"),
    ("利税2000万，", 2000, "万元", 2000, "2000万"),
    ("补助一万二千元", 12000, "元", 1.2, "一万二千元"),
    ("资助二十万元", 20, "万元", 20, "二十万元"),
    ("比例达３．５％以上", 3.5, "%", None, "３．５％"),
    ("占比百分之四十", 40, "%", None, "百分之四十"),
    ("知识产权管理人员不少于二人", 2, "人", None, "二人"),
    ("拥有有效发明专利10件及以上", 10, "件", None, "10件"),
    ("专利申请量1.2万件", 12000, "件", None, "1.2万件"),
    ("增长5个百分点", 5, "个百分点", None, "5个百分点"),
])
def test_quantities(text, value, unit, wan, span):
    q = one(text)
    assert (q.value, q.unit, q.text) == (pytest.approx(value), unit, span)
    assert q.wan == (None if wan is None else pytest.approx(wan))
    assert text[q.start:q.end] == q.text
    assert q.norm_unit == ("万元" if wan is not None else unit)


@pytest.mark.parametrize("text", [
    "（1）近三年研发费用", "1. 重点完成以下任务", "2022年度省知识产权", "2022 年 2 月 15 日",
    "联系电话：025-83279100", "苏知发〔2021〕140号", "符合GB/T 29490-2023标准", "DB32/T 4308-2022",
    "详见https://www.jsipa.gov.cn/a/2023", "《知识产权强国建设纲要（2021-2035年）》",
    "第3条", "附件1", "汉中门大街145号", "统一社会信用代码", "“十四五”规划", "5G通信",
    "（2024-2025年）", "按1:2抵算", "截止时间为下午5:00", "手机13912345678",
])
def test_not_quantities_with_units(text):
    assert [q for q in find_quantities(text) if q.unit is not None] == []


def cmp1(text):
    cs = find_comparisons(text)
    assert len(cs) == 1, cs
    c = cs[0]
    assert text[c.start:c.end] == c.text
    return c


@pytest.mark.parametrize("text,op,value,unit,quote", [
    ("研发投入占营业收入比重不低于3%", ">=", 3, "%", "不低于3%"),
    ("上年度主营业务收入5亿元以上", ">=", 50000, "万元", "5亿元以上"),
    ("拥有有效发明专利10件及以上", ">=", 10, "件", "10件及以上"),
    ("知识产权管理人员不少于二人", ">=", 2, "人", "不少于二人"),
    ("年销售额超过五千万元", ">", 5000, "万元", "超过五千万元"),
    ("近三年年均增长15%以上", ">=", 15, "%", "15%以上"),
    ("比例达 3.5%以上，", ">=", 3.5, "%", "达 3.5%以上"),       # prefix+suffix counted once
    ("注册时间超过 3 年以上。", ">=", 3, "年", "超过 3 年以上"),   # suffix wins
    ("推荐项目数不超过5项", "<=", 5, "项", "不超过5项"),
    ("企业职工人数不足100人", "<", 100, "人", "不足100人"),
    ("研发人员占比低于10%", "<", 10, "%", "低于10%"),
    ("专利申请量3件以下", "<=", 3, "件", "3件以下"),
    ("成立时间5年以内", "<=", 5, "年", "5年以内"),
    ("每个项目给予最高100万元资金支持", "<=", 100, "万元", "最高100万元"),
    ("项目实施期限为3年", "==", 3, "年", "为3年"),
    ("至少5项内容", ">=", 5, "项", "至少5项"),
    ("利税总额均不低\n于2000万元", ">=", 2000, "万元", "不低\n于2000万元"),
    ("销售额5000万元（不含）以上", ">", 5000, "万元", "5000万元（不含）以上"),
    ("销售额5000万元（含）以上", ">=", 5000, "万元", "5000万元（含）以上"),
    ("注册资本不低于人民币500万元", ">=", 500, "万元", "不低于人民币500万元"),
    ("增幅达到 20%", ">=", 20, "%", "达到 20%"),
])
def test_comparisons(text, op, value, unit, quote):
    c = cmp1(text)
    assert (c.operator, c.quantity.norm_value, c.quantity.norm_unit, c.text) == (op, pytest.approx(value), unit, quote)


def test_range_with_comparators():
    text = "发明专利授权量超过 5000 件不足 10000 件的设区市推荐新建项目不超过 5 项"
    cs = find_comparisons(text)
    assert len(cs) == 2
    rng, quota = cs
    assert (rng.operator, rng.quantity.value, rng.quantity.unit) == (">", 5000, "件")
    assert rng.upper is not None and (rng.upper.operator, rng.upper.quantity.value) == ("<", 10000)
    assert rng.text == "超过 5000 件不足 10000 件"
    assert (quota.operator, quota.quantity.value, quota.quantity.unit) == ("<=", 5, "项")


def test_range_unit_inherited():
    c = cmp1("授权量超过5000不足10000件")
    assert c.quantity.unit == "件" and c.upper.quantity.value == 10000


def test_bare_range():
    c = cmp1("选择1-2个研发方向")
    assert (c.operator, c.quantity.value, c.quantity.unit) == (">=", 1, "个")
    assert (c.upper.operator, c.upper.quantity.value) == ("<=", 2)
    m = cmp1("年销售额1000万元至5000万元的企业")
    assert m.quantity.norm_value == 1000 and m.upper.quantity.norm_value == 5000


def test_seed_sentence_004():
    text = ("（三）经营状况良好，近三年利税总额均不低于2000万元；国家制造业单项冠军企业、"
            "专精特新“小巨人”企业可不受利税总额限制。（四）企业有效专利数量不少于100件或"
            "有效发明专利数量不少于50件（进入国家阶段的PCT专利申请可按1:2抵算有效发明专利数）。")
    got = [(c.operator, c.quantity.norm_value, c.quantity.norm_unit) for c in find_comparisons(text)]
    assert got == [(">=", 2000, "万元"), (">=", 100, "件"), (">=", 50, "件")]
    assert [(a, b) for _, _, a, b in find_ratios(text)] == [(1, 2)]


def test_no_comparison_without_comparator():
    assert find_comparisons("拟支持18项，每项资助50万元。") == []
    assert find_comparisons("已作为3家企业之一") == []


@pytest.mark.parametrize("text,ratio", [
    ("按1:2抵算", (1, 2)), ("两级原则上按1：1分担资金", (1, 1)), ("按照1比1配套", (1, 1)),
    ("按1∶2折算", (1, 2)), ("按1:10配套", (1, 10)),
])
def test_ratios(text, ratio):
    rs = find_ratios(text)
    assert len(rs) == 1
    a, b, x, y = rs[0]
    assert (x, y) == ratio and text[a] in "1"


@pytest.mark.parametrize("text", ["截止时间为2023年6月21日下午5:00", "上午9:30前", "9:00-17:00"])
def test_times_are_not_ratios(text):
    assert find_ratios(text) == []
