"""Deadlines and reference periods as written in guides."""
import datetime as dt

import pytest

from extractors.dates import find_dates, find_periods


def d1(text, **kw):
    ds = find_dates(text, **kw)
    assert len(ds) == 1, ds
    assert text[ds[0].start:ds[0].end] == ds[0].text
    return ds[0]


@pytest.mark.parametrize("text,date,time", [
    ("网上申报截止日期为2022年1月30日。", dt.date(2022, 1, 30), None),
    ("项目申报截止日期为 2022 年 2 月 15 日", dt.date(2022, 2, 15), None),
    ("截止时间为2023年6月21日下午5:00", dt.date(2023, 6, 21), "17:00"),
    ("截止时间为2023年6月21日下午5\n:00，", dt.date(2023, 6, 21), "17:00"),
    ("2023年6月21日上午9：30前", dt.date(2023, 6, 21), "09:30"),
    ("2023年6月21日17时", dt.date(2023, 6, 21), "17:00"),
    ("报送截止2023-06-30", dt.date(2023, 6, 30), None),
    ("报送截止2023/6/30", dt.date(2023, 6, 30), None),
    ("报送截止2023.6.30。", dt.date(2023, 6, 30), None),
    ("二〇二二年一月三十日", dt.date(2022, 1, 30), None),
    ("二〇二一年十二月二十四日印发", dt.date(2021, 12, 24), None),
    ("网上申报截止日期为2022为1月30日", dt.date(2022, 1, 30), None),   # real typo
    ("请于2024年6月底前提交", dt.date(2024, 6, 30), None),
    ("2024年2月末", dt.date(2024, 2, 29), None),
    ("2021 年 12 月 24 日", dt.date(2021, 12, 24), None),
])
def test_dates(text, date, time):
    f = d1(text)
    assert (f.date, f.time) == (date, time)


def test_time_span_included():
    f = d1("截止时间为2023年6月21日下午5:00，逾期不予受理")
    assert f.text == "2023年6月21日下午5:00"


def test_month_day_needs_default_year():
    assert find_dates("6月30日前报送") == []
    f = d1("6月30日前报送", default_year=2023)
    assert f.date == dt.date(2023, 6, 30) and f.text == "6月30日"


@pytest.mark.parametrize("text", ["2022年2月30日", "2023年13月1日", "3.5%", "2021-2035年", "第1.2.3条"])
def test_not_dates(text):
    assert find_dates(text) == []


def test_several_dates():
    text = "网上审核截止时间为2023年6月21日下午5:00，纸质书面材料的报送截止时间为2023年6月30日。"
    ds = find_dates(text)
    assert [(d.date, d.time) for d in ds] == [(dt.date(2023, 6, 21), "17:00"), (dt.date(2023, 6, 30), None)]


def p1(text):
    ps = find_periods(text)
    assert len(ps) == 1, ps
    assert text[ps[0].start:ps[0].end] == ps[0].text
    return ps[0]


@pytest.mark.parametrize("text,pid,agg", [
    ("近三年利税总额均不低于2000万元", "last_3_years", "each_year"),
    ("近三年研发费用投入占销售收入的比例达3.5%以上", "last_3_years", None),
    ("近3年研发投入占比不低于3%", "last_3_years", None),
    ("最近三年主营业务收入", "last_3_years", None),
    ("前三年平均销售收入", "last_3_years", "average"),
    ("近三个年度的研发费用", "last_3_years", None),
    ("近三个会计年度研发费用总额占同期销售收入总额的比例", "last_3_years", None),
    ("近三年年均增长15%以上", "last_3_years", "average"),
    ("近 3 年内,申报单位年均专利授权量超过 150 件", "last_3_years", "average"),
    ("近三年累计研发投入不低于1000万元", "last_3_years", "total"),
    ("近两年有促进专利产业化", "last_2_years", None),
    ("连续三年盈利", "last_3_years", "each_year"),
    ("上一年度利税总额均不低于2000万元", "last_year", "each_year"),
    ("上年度主营业务收入5亿元以上", "last_year", None),
    ("上一年销售额", "last_year", None),
    ("三年内获得国家或省科学技术奖的", "within_3_years", None),
    ("3年内未发生重大产品质量事故", "within_3_years", None),
    ("2020年度省知识产权工作先进集体", "year:2020", None),
    ("2025年发明专利授权量超过10000件的设区市", "year:2025", None),
    ("截至申报时拥有有效发明专利", "current", None),
])
def test_periods(text, pid, agg):
    p = p1(text)
    assert (p.period, p.aggregation) == (pid, agg)


def test_period_with_years():
    p = p1("最近两年（2024-2025年）有实际从事知识产权运营业务")
    assert p.period == "last_2_years" and p.years == (2024, 2025)
    assert p.text == "最近两年（2024-2025年）"
    p = p1("近三年（2021、2022、2023年）研发费用")
    assert p.years == (2021, 2022, 2023)
    assert p1("2020年度真抓实干").years == (2020,)


def test_profit_tax_total_is_not_a_sum_hint():
    # 总额 belongs to the metric name 利税总额: no 'total' aggregation from it
    assert p1("近三年利税总额不低于2000万元").aggregation is None


def test_no_false_periods():
    assert find_periods("3年以上的商标") == []          # duration, not a period
    assert find_periods("5年以上年销售额") == []        # 以上年 is not 上年
    assert [p.period for p in find_periods("2022年1月30日前")] == []   # a date, not a period
    assert [p.period for p in find_periods("2020 年、2021 年省级地理标志计划")] == ["year:2020", "year:2021"]


def test_part_of_year_ends_are_the_last_day():
    from extractors.dates import part_of_year_ends

    got = {d.text: str(d.date) for d in part_of_year_ends("请于2025年第二季度内提交，2026年上半年复核，2024年三季度评审，2027年底前验收")}
    assert got == {"2025年第二季度": "2025-06-30", "2026年上半年": "2026-06-30", "2024年三季度": "2024-09-30",
                   "2027年底": "2027-12-31"}


def test_a_quarter_when_filing_happens_is_a_deadline_and_one_the_money_is_for_is_not():
    from extractors.guide import extract_guide
    from extractors.readers import read_text

    notice = ("关于组织申报2025年三季度物流补贴资金的通知\n一、申报条件\n（一）在本市注册的物流企业。\n"
              "二、申报时间\n符合条件的企业须于2025年四季度内报送申报材料。\n")
    dates = {str(d.date) for p in extract_guide(read_text(notice, "n.txt")).programs for d in p.deadlines}
    assert "2025-12-31" in dates and "2025-09-30" not in dates, dates
