"""Materials that are not the applicant's (issue 13): the administering side's own papers,
papers asked of winners, documents one is told to look up. Own wording, not from a notice."""
from __future__ import annotations

from extractors.guide import extract_guide
from extractors.readers import read_text


def materials(guide: str) -> set[str]:
    schema = extract_guide(read_text(guide, "n.txt"))
    return {m.name for p in schema.programs for m in p.materials if not m.generic}


_HEAD = "某市稳岗补贴申报通知\n一、申报条件\n（一）在本市参保的企业。\n二、申报材料\n"
_TAIL = "三、申报时间\n请于2031年3月1日前报送。\n"


# ------------------------------------------------------------------ not the applicant's papers

def test_the_administering_side_s_own_papers_are_no_materials():
    # family: a sentence whose first clause has a bureau act (各县区科技部门…填写《…意见表》, 省级科技部门…出具推荐函)
    guide = ("某省创新券申报通知\n一、申报条件\n（一）在本省注册的中小企业。\n二、申报程序\n"
             "企业须提交《创新券申领表》和近一年财务报表。\n"
             "各县区科技部门收到企业材料后，须逐项核对并填写《创新券初审意见表》。\n"
             "省级科技部门负责汇总审核，并出具推荐函。\n"
             "申报企业经所在地科技部门审核后，还须提交研发项目清单。\n")
    got = materials(guide)
    assert {"创新券申领表", "研发项目清单"} <= got, got
    assert "创新券初审意见表" not in got and "推荐函" not in got, got


def test_a_summary_table_of_a_level_of_administration_is_no_material():
    guide = _HEAD + "（一）稳岗补贴申请表。\n（二）各区补贴资金汇总表（加盖区人社局公章）。\n（三）参保职工情况汇总表。\n" + _TAIL
    got = materials(guide)
    assert "各区补贴资金汇总表" not in got and "参保职工情况汇总表" in got, got


def test_papers_asked_of_winners_are_no_application_materials():
    guide = ("某市质量奖评选办法\n一、申报条件\n（一）在本市注册满3年的企业。\n二、后续管理\n"
             "获奖企业在获奖后2年内，应每年提交《质量提升年度报告》。\n三、申报材料\n申报企业须提交《质量奖申报表》。\n")
    got = materials(guide)
    assert "质量奖申报表" in got and "质量提升年度报告" not in got, got


def test_a_document_one_is_told_to_look_up_is_no_material():
    guide = ("某区数字化转型补贴通知\n一、申报条件\n（一）在本区注册的企业。\n二、政策依据\n"
             "具体政策可登录区政府网站查阅《某区数字化转型三年行动实施方案》。\n三、申报材料\n须提交补贴申请表。\n")
    got = materials(guide)
    assert not any("行动实施方案" in n for n in got), got
