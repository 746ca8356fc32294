"""A share bound whose comparator stands before the base (不超过项目总经费的10%): 超过 inside
不超过 must not win (it read the opposite bound). Own wording."""
import pytest

from extractors.guide.conditions import comparisons


@pytest.mark.parametrize("text,op", [
    ("间接费用不超过项目总经费的10%", "<="),
    ("自筹资金不低于项目总投资的40%", ">="),
    ("境外销售额超过主营业务收入的30%", ">"),
    ("负债总额不高于资产总额的65%", "<="),
    ("研发人员不足职工总数的10%", "<"),
])
def test_the_longest_comparator_before_the_base_wins(text, op):
    (c,) = comparisons(text)
    assert c.operator == op
