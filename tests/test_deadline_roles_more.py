"""Dates that are not filing deadlines, and recommendation deadlines written as steps
(issue 13). Sentences written here in our own words, none from a notice."""
import pytest

from extractors.guide import extract_guide
from extractors.readers.text import read_text


def _dates(lines: str):
    text = ("关于组织2031年度某市数字化车间认定的通知\n一、申报条件\n在本市注册的制造业企业。\n二、工作安排\n"
            + lines + "\n")
    s = extract_guide(read_text(text, "g.txt"))
    return {d.date.isoformat(): d.kind for p in s.programs for d in p.deadlines}


@pytest.mark.parametrize("line", [
    "1.企业须于2029年6月1日前在本市登记注册。",             # the applicant's founding
    "1.认定结果于2031年5月20日前在市经信委网站公示。",       # the office's later step
    "1.补助资金于2031年7月15日前拨付到企业账户。",
    "1.企业主营业务收入统计截止日期为2030年12月31日。",       # the close of a statistic
    "1.有效专利数量以2031年2月28日为截止日期计算。",
])
def test_dates_of_other_events_are_not_deadlines(line):
    found = _dates(line + "\n2.请于2031年4月10日前提交申报材料。")
    assert found == {"2031-04-10": "submission"}, found


def test_a_review_step_with_a_date_is_a_recommendation_deadline():
    found = _dates("1.企业于2031年3月31日前提交申报书。\n2.各区经信部门于2031年4月20日前完成初审并上报市经信委。")
    assert found.get("2031-04-20") == "recommendation", found
    assert "2031-03-31" in found


def test_a_filing_deadline_keeps_its_closing_words():
    found = _dates("1.申报截止日期为2031年4月30日。")
    assert "2031-04-30" in found, found


@pytest.mark.parametrize("line,day", [
    ("1.网上填报工作于2031年4月20日结束。", "2031-04-20"),   # a closing word after the date
    ("1.纸质材料受理于2031年4月21日截止。", "2031-04-21"),
    ("1.申报系统将于2031年4月22日18:00关闭。", "2031-04-22"),
])
def test_a_filing_that_closes_on_a_date(line, day):
    assert day in _dates(line)


def test_a_project_that_ends_is_not_a_filing_that_closes():
    assert _dates("1.项目建设须于2031年12月31日前结束。\n2.请于2031年4月10日前提交申报书。") == {"2031-04-10": "submission"}
