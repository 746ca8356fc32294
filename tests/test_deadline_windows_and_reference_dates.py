"""Deadlines in two more real-notice shapes (issue 13), in our own words.

- a registration window written with a dash (报名时间为A—B): its end is the deadline;
- a date that closes the count of a duration the applicant needs (任职年限计算截止日期为…)
  is a reference date, never a filing deadline.
"""
from datetime import date

from extractors.guide import extract_guide
from extractors.readers.text import read_text

GUIDE = (
    "关于2033年度某市青年技术骨干评选的通知\n"
    "一、申报条件\n"
    "（一）在本市企业从事技术工作满3年。\n"
    "（二）上述任职年限的要求，其计算截止日期为2033年12月31日。\n"
    "二、报名方式\n"
    "网上报名时间为2033年4月6日—2033年4月27日，逾期不予受理。\n"
)


def test_dash_window_ends_in_the_deadline_and_reference_date_is_not_one():
    schema = extract_guide(read_text(GUIDE, "g.txt"))
    got = {d.date for p in schema.programs for d in p.deadlines}
    assert date(2033, 4, 27) in got
    assert date(2033, 12, 31) not in got
    assert date(2033, 4, 6) not in got


def test_a_duration_word_elsewhere_does_not_make_a_deadline_a_reference_date():
    """Found in review: the reference-date rule must look at the date's own clause."""
    text = (
        "关于2034年度某区小微企业技改补助申报的通知\n"
        "一、申报要求\n"
        "项目实施年限为两年，申报单位请于2034年5月31日前提交申报材料。\n"
        "网上申报工作时间为2034年6月1日至2034年6月20日。\n"
    )
    got = {d.date for p in extract_guide(read_text(text, "g.txt")).programs for d in p.deadlines}
    assert date(2034, 5, 31) in got and date(2034, 6, 20) in got
