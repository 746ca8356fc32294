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
