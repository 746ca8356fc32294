"""Page and word limits are rules for the paperwork, not bounds an applicant must meet
(issue 13: 页/字 counted as units so their clause reads as process). Own wording."""
from extractors.guide import extract_guide
from extractors.readers.text import read_text


def test_page_and_word_limits_are_not_thresholds():
    text = ("关于组织2032年度某市新型研发机构备案的通知\n一、申报条件\n（一）研发人员不少于20人。\n"
            "二、申报要求\n（一）可行性报告正文不超过25页。\n（二）项目摘要不超过800字。\n"
            "三、申报时间\n请于2032年3月1日前报送。\n")
    s = extract_guide(read_text(text, "g.txt"))
    values = sorted(getattr(c, "value", None) for p in s.programs for c in p.conditions if getattr(c, "value", None) is not None)
    assert values == [20.0], values
