"""Notice structure in real-notice shapes (issue 13), in wordings written for the test:
attached forms are no programs, a list intro is no exclusion, one checklist line naming
several documents is several materials."""
from __future__ import annotations

from extractors.guide import extract_guide
from extractors.readers import read_text

NOTICE = """关于开展2025年某市青年科技人才项目推荐工作的通知
各有关单位：
现将有关事项通知如下。
一、申报条件
（一）申报人年龄不超过40周岁。
（二）近三年主持完成市级以上科研项目不少于2项。
二、限制申报
有下列情形之一的，不得申报：
（一）正在承担市级人才项目的；
（二）存在科研失信记录的。
三、材料要求
1.申报时应附身份证复印件、学历证书复印件和获奖证书复印件各1份。
附件1：青年科技人才项目申请表.doc
附件2：推荐汇总表.xls
"""


def schema():
    return extract_guide(read_text(NOTICE, "notice.txt"))


def test_attached_forms_are_not_programs():
    s = schema()
    names = [p.name for p in s.programs]
    assert not any(n.endswith((".doc", ".xls")) or "申请表" in n or "汇总表" in n for n in names), names
    assert sum(len(p.conditions) for p in s.programs) >= 2


def test_list_intro_is_not_an_exclusion():
    texts = [e.text for p in schema().programs for e in p.exclusions]
    assert texts and not any(t.rstrip().endswith(("：", ":")) for t in texts), texts


def test_one_checklist_line_names_three_documents():
    got = {m.name for p in schema().programs for m in p.materials}
    assert {"身份证复印件", "学历证书复印件", "获奖证书复印件"} <= got, got


CATEGORIES = """关于申报2025年某市产学研合作项目的通知
一、基本条件
（一）在本市依法注册。
二、具体条件
各类申报主体除符合上述基本条件外，还应分别具备下列条件。
（一）企业研发类
1．上年度研发投入不低于200万元。
（二）高校转化类
1．近三年转化科技成果不少于3项。
三、申报方式
网上申报。
"""


def test_a_heading_ending_in_conditions_and_its_category_headings():
    from extractors.guide.programs import role_of

    assert role_of("二、遴选条件") == "conditions" and role_of("（一）具体条件") == "conditions"
    s = extract_guide(read_text(CATEGORIES, "c.txt"))
    tracks = [t.name for p in s.programs for t in p.tracks]
    assert tracks == ["企业研发类", "高校转化类"], tracks
