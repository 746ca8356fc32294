"""Exclusion wording families (issue 13), each in sentences written here, none from a notice.

- bad records whose absence is required (无…事故，无…投诉): one exclusion per record, kind
  `record`, even where the sentence also stands as a condition;
- enumerated misconducts before one refusal (A、B及C的，取消…): one exclusion per ground;
- scopes refused with 不在 (以下企业不在支持范围内：…) and refusals of 申领;
and the near misses each must leave alone.
"""
from extractors.guide import extract_guide
from extractors.guide.exclusions import grounds
from extractors.guide.text import Span, refusal_at
from extractors.readers.text import read_text


def _guide(body: str):
    text = ("关于组织2033年度某区生态农业补助申报的通知\n" + body +
            "\n三、申报时间\n请于2033年5月20日前报送。\n")
    return extract_guide(read_text(text, "g.txt"))


def _excl(schema):
    return [e for p in schema.programs for e in p.exclusions]


def test_each_absent_record_is_its_own_exclusion():
    s = _guide("一、申报条件\n（一）在本区登记的农业合作社。\n"
               "（二）近两年无重大动物疫病、农产品质量、环境污染等事故，无消费者集体投诉，未发生欠缴社保费用的情形。\n")
    recs = [e for e in _excl(s) if e.kind == "record"]
    texts = [e.text for e in recs]
    assert any("事故" in t and "投诉" not in t for t in texts), texts   # the kinds listed before 事故 stay with it
    assert any("投诉" in t and "事故" not in t for t in texts), texts
    assert any("欠缴" in t for t in texts), texts
    assert all(e.source and e.source.quote == e.text for e in recs)


def test_a_sentence_without_a_record_word_gives_no_record():
    s = _guide("一、申报条件\n（一）在本区登记的农业合作社，无需提供验资报告。\n")
    assert not [e for e in _excl(s) if e.kind == "record"]


def test_enumerated_misconducts_are_one_exclusion_each():
    part = "对虚报种植面积、重复领取补助及拒不配合抽查的合作社，取消其补助资格"
    found = grounds(Span(0, len(part), part))
    assert [g.text for g in found] == ["虚报种植面积", "重复领取补助", "拒不配合抽查"]
    s = _guide("一、申报条件\n（一）在本区登记的农业合作社。\n二、监督管理\n" + part + "，三年内不再受理其申请。\n")
    texts = [e.text for e in _excl(s)]
    assert any(t.startswith("虚报种植面积") for t in texts), texts
    assert any(t.startswith("拒不配合抽查") for t in texts), texts


def test_levels_of_one_title_are_not_grounds():
    for part in ("已获得国家级、省级示范社称号的合作社不得申报",
                 "逾期未报送、未按要求补正的，不予受理"):   # a late-filing rule stays one item
        assert grounds(Span(0, len(part), part)) == [], part


def test_scope_refused_with_bu_zai_and_an_inline_list():
    s = _guide("一、支持对象\n本区农业经营主体。下列主体不在补助范围内：从事林木采伐的企业；已整体搬迁的养殖场。\n")
    texts = [e.text for e in _excl(s)]
    assert any("林木采伐" in t for t in texts), texts
    assert any("整体搬迁" in t for t in texts), texts
    assert refusal_at("未在规定时间内提交的材料不在此列") >= 0
    assert refusal_at("申报人不在本区居住的需另附说明") < 0    # 不在 refuses only a scope


def test_refusing_a_claim_for_support_by_shen_ling():
    assert refusal_at("法定代表人被列为失信被执行人的，不得申领本补助") >= 0


def test_taking_back_papers_is_no_sanction():
    s = _guide("一、申报条件\n（一）在本区登记的农业合作社。\n二、评审安排\n答辩材料由工作人员统一发放，评审结束后收回。\n")
    assert not [e for e in _excl(s) if e.kind == "sanction"]


def test_list_intros_ending_without_a_colon_and_inline_lists():
    s = _guide("一、申报条件\n（一）在本区登记的农业合作社。\n"
               "（二）凡存在下列情况之一者，不予补助。\n1.擅自改变土地用途的；\n2.被媒体曝光存在食品安全问题的；\n"
               "（三）合作社有以下情形的，不予推荐:①账目不全；②成员不足5户。\n"
               "（四）以下行为实行一票否决：一是套取补助的；二是拒报统计数据的。\n")
    texts = [e.text for e in _excl(s)]
    for want in ("擅自改变土地用途", "食品安全问题", "账目不全", "成员不足5户", "套取补助", "拒报统计数据"):
        assert any(want in t for t in texts), (want, texts)
    assert not any(t.startswith("②") for t in texts), texts   # the item, not its number
    assert not any("凡存在下列情况之一者" in t for t in texts), texts  # an intro is no exclusion itself


def test_a_conditions_intro_that_refuses_failures_lists_conditions():
    s = _guide("一、申报条件\n（一）申报单位须符合以下条件，不符合的不予受理。\n1.在本区登记满2年；\n2.年销售额不低于300万元。\n")
    assert not any("销售额" in e.text for e in _excl(s))
    assert any(getattr(c, "value", None) == 3_000_000 or getattr(c, "value", None) == 300
               for p in s.programs for c in p.conditions)


def test_plain_refusals_of_support_and_single_award_rules():
    s = _guide("一、申报条件\n（一）在本区登记的农业合作社。\n"
               "（二）本补助不支持以下内容：1.办公用房装修；2.车辆购置。\n"
               "（三）同一合作社同一年度只能享受一项区级农业补助。\n")
    texts = [e.text for e in _excl(s)]
    assert any("办公用房装修" in t for t in texts), texts
    assert any("车辆购置" in t for t in texts), texts
    assert any("只能享受一项" in t for t in texts), texts


def test_each_ground_names_its_consequence_also_without_a_refusal_word():
    s = _guide("一、申报条件\n（一）在本区登记的农业合作社。\n二、监督管理\n"
               "对虚报产量、冒领补助、挪用补助资金的合作社，由区农业农村委追回已拨付资金。\n")
    texts = [e.text for e in _excl(s) if e.kind == "sanction"]
    assert len([t for t in texts if t.endswith("（由区农业农村委追回已拨付资金）")]) == 3, texts


def test_a_barred_category_or_a_lost_standing_is_an_exclusion():
    s = _guide("一、申报条件\n（一）在本区登记的农业合作社。\n（二）项目不属于国家限制类、淘汰类产业。\n"
               "（三）合作社未列入经营异常名录。\n二、其他\n瞒报成员人数的合作社，不具备申报资格。\n"
               "未通过资格审查的项目，不纳入评审。\n")
    texts = [e.text for e in _excl(s)]
    for want in ("限制类", "经营异常名录", "不具备申报资格", "不纳入评审"):
        assert any(want in t for t in texts), (want, texts)
    assert refusal_at("超出统计口径的数据不纳入统计") < 0      # arithmetic, not a refusal
    assert refusal_at("申报人具备高级职称资格") < 0


def test_items_written_inside_the_intro_line_are_one_exclusion_each():
    s = _guide("一、申报条件\n（一）在本区登记的农业合作社。\n"
               "（二）有下列情形之一的不予受理：1.成立不满两年的，2.未建立成员账户的，3.被列入异常名录的。\n")
    texts = [e.text for e in _excl(s)]
    assert {"成立不满两年的", "未建立成员账户的", "被列入异常名录的"} <= set(texts), texts
    # the bound inside an item after the refusal is the item, not an inverted requirement
    assert not [c for p in s.programs for c in p.conditions if getattr(c, "value", None) == 2]


def test_clauses_each_closed_by_de_before_one_refusal_are_grounds():
    part = "已获评省级示范社且仍在有效期内的、正在申报国家级示范社的，不得重复申报"
    assert [g.text for g in grounds(Span(0, len(part), part))] == ["已获评省级示范社且仍在有效期内的", "正在申报国家级示范社"]
