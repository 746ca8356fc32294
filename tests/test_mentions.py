"""Documents asked for in prose and several documents in one list item (issue 13, materials).

Wordings here are written for the test, not copied from any notice: other members of the
family "verb of handing in + object ending in a document noun"."""
from __future__ import annotations

from extractors.guide import extract_guide
from extractors.guide.mentions import documents_in
from extractors.readers import read_text


def names(text: str, whole: bool = False) -> list[str]:
    return [m.name for m in documents_in(text, whole=whole)]


def test_object_of_a_verb_split_at_joiners():
    assert names("申请人须提供近两年的完税证明和社保缴纳证明。") == ["完税证明", "社保缴纳证明"]
    assert names("请随申报书附上合作协议复印件和项目验收报告，一并寄送。") == ["合作协议复印件", "项目验收报告"]
    # 及 binds a bundle (a list with its proofs), as the corpus gold counts it: one document
    assert names("须提供有效专利清单及证书复印件") == ["有效专利清单及证书复印件"]
    assert names("答辩时请准备10分钟的项目介绍PPT") == ["项目介绍PPT"]


def test_titles_and_quantities():
    assert names("申报人应如实填写《市级人才项目推荐表》（一式三份）") == ["市级人才项目推荐表"]
    assert names("应附获奖证书复印件、专利证书复印件各1份") == ["获奖证书复印件", "专利证书复印件"]


def test_not_documents():
    assert names("对提供虚假信息的单位，取消其资格") == []
    assert names("按照《某省科技计划项目管理办法》提交申请") == []  # a cited rule, no document noun
    assert names("企业代表须提供优质服务") == []


def test_list_item_with_two_documents(tmp_path):
    guide = ("某区专项资金申报通知\n一、申报条件\n（一）在本区注册的企业。\n二、报送内容\n"
             "1.资金使用计划表和年度业务量清单。\n2.场地租赁合同扫描件。\n三、其他\n如有疑问请联系区科技局。\n")
    schema = extract_guide(read_text(guide, "n.txt"))
    got = {m.name for p in schema.programs for m in p.materials}
    assert {"资金使用计划表", "年度业务量清单", "场地租赁合同扫描件"} <= got, got


def test_prose_request_outside_lists_is_a_material():
    guide = ("某市人才计划申报通知\n一、申报条件\n（一）年龄不超过45周岁。\n（二）海外学历须提供学历学位认证书。\n")
    schema = extract_guide(read_text(guide, "n.txt"))
    found = {m.name: m for p in schema.programs for m in p.materials}
    assert "学历学位认证书" in found
    # named in passing (and only for some applicants): listed for staff, never flagged as missing
    assert found["学历学位认证书"].required is False
