"""Two families read on real notices (issue 13), tested in our own words.

- A cap on how many are selected in all (…总数不超过8家, …共计不超过12个) is a quota, not a
  bound an applicant must meet; a firm's own head count (从业人数不超过300人) stays a condition.
- Money in another currency keeps its unit (500万美元 is not 500万元).
"""
from extractors.guide import extract_guide
from extractors.numbers import find_comparisons
from extractors.readers.text import read_text

GUIDE = (
    "关于开展2032年度某市服务业示范基地认定的通知\n"
    "一、申报条件\n"
    "（一）在本市注册的企业，从业人数不超过300人。\n"
    "（二）上年度营业收入不低于2000万元。\n"
    "二、认定数量\n"
    "本年度拟认定的示范基地总数不超过8家，其中新建基地共计不超过3个。\n"
    "三、申报时间\n"
    "请于2032年4月30日前提交。\n"
)


def test_selection_totals_are_quotas_and_own_size_is_a_condition():
    schema = extract_guide(read_text(GUIDE, "g.txt"))
    quotas = [q for p in schema.programs for q in p.quotas]
    assert sorted(q.max_count for q in quotas) == [3, 8], [q.text for q in quotas]
    bounds = [(t.unit, t.value) for p in schema.programs for t in p.conditions if hasattr(t, "value")]
    assert any(v == 300.0 for _, v in bounds), bounds
    assert not any(v in (3.0, 8.0) for _, v in bounds), bounds


def test_a_firms_own_head_count_in_名_stays_a_condition():
    """Found in review: 从业人数不超过300名 / 职工总数不超过200名 are the applicant's size."""
    text = GUIDE.replace("从业人数不超过300人", "从业人数不超过300名").replace(
        "（二）上年度营业收入不低于2000万元。", "（二）申报单位职工总数不超过200名。")
    schema = extract_guide(read_text(text, "g.txt"))
    caps = sorted(q.max_count for p in schema.programs for q in p.quotas)
    assert caps == [3, 8], caps


def test_foreign_money_keeps_its_own_unit():
    (c,) = find_comparisons("项目产品出口规模不超过800万美元")
    assert (c.operator, c.quantity.value, c.quantity.unit) == ("<=", 800.0, "万美元")
    (d,) = find_comparisons("境外投资额不低于3亿日元")
    assert (d.quantity.value, d.quantity.unit) == (3.0, "亿日元")
    (e,) = find_comparisons("营业收入不低于800万元")
    assert e.quantity.unit == "万元"
