"""The refusal grammar (issue 13): a negation, a short stretch, then what is refused.

Sentences written here in our own words, none taken from a notice: each is another
member of the family the grammar is meant to cover, or a near miss it must leave alone.
"""
import pytest

from extractors.guide import extract_guide
from extractors.guide.text import refusal_at
from extractors.readers.text import read_text


@pytest.mark.parametrize("sentence", [
    "已列入经营异常名录的企业不可参加本次评选",          # 不可 … 评选
    "上一年度已享受同类补贴的，本年度不再纳入补贴范围",  # 不再 … 范围
    "违反承诺者，取消其评优资格",                        # 取消 … 资格
    "同一课题组当年度不得重复提出申请",                  # 不得 … 申请, open middle
    "财政全额拨款的事业单位除外",                        # a carve-out clause
    "其信用等级不得为D级",                              # a state the applicant must not be in
])
def test_open_refusals_are_found(sentence):
    assert refusal_at(sentence) >= 0


@pytest.mark.parametrize("sentence", [
    "项目实施期间不得出现重大安全生产事故和非正常专利申请",  # conduct forbidden, not a refusal
    "请于工作日办理（法定节假日除外）",                      # a bracketed carve-out narrows a rule
    "超出限额的部分不纳入贴息计算",                          # arithmetic, not a scope of support
    "取消原第五条第二款",                                    # an amendment, not a lost standing
    "不得挪用补贴资金",                                      # spending rules (review of 2026-12-02)
    "专项资金不得用于申报单位人员工资支出",
    "不得将奖励资金用于发放福利",
    "申报材料不得超出规定范围",
    "统一社会信用代码不能为空",                              # a form rule
    "因不可抗力因素除外",                                    # the usual exception of a timing rule
])
def test_near_misses_are_not_refusals(sentence):
    assert refusal_at(sentence) < 0


def test_a_guide_lists_open_wording_refusals_as_exclusions():
    text = (
        "关于开展2031年度某市绿色工厂奖励申报的通知\n"
        "一、申报条件\n"
        "（一）在本市依法注册的工业企业。\n"
        "（二）年综合能耗5000吨标准煤以上。\n"
        "（三）2029年已获得本奖励的企业今年不得参加申请。\n"
        "（四）国家明令淘汰的落后产能企业除外。\n"
        "二、申报时间\n"
        "请于2031年6月30日前提交。\n"
    )
    schema = extract_guide(read_text(text, "g.txt"))
    found = [e.text for p in schema.programs for e in p.exclusions]
    assert any("不得参加申请" in t for t in found), found
    assert any("落后产能企业除外" in t for t in found), found


def test_a_passive_refusal_is_history_not_a_refusal():
    """被取消评审资格未满3年的 names a ground (an item under a refusal intro), not a refusal."""
    assert refusal_at("曾被取消评审资格未满3年的") < 0
    assert refusal_at("曾被暂停申报资格的单位") < 0
    assert refusal_at("对其取消评审资格") >= 0
