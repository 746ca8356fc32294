"""Guide extraction on the four seed notices and on a guide written here in
another province's style. Expected values were read from the guide texts."""
from datetime import date
from pathlib import Path

import pytest

from extractors.guide import extract_guide
from extractors.readers import read_text
from models.schema import AnyOf, Attestation, Qualitative, Threshold

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "guides"


def _schema(name: str):
    path = CORPUS / name / "source.txt"
    return extract_guide(read_text(path.read_text(encoding="utf-8"), str(path)))


@pytest.fixture(scope="module")
def cz():
    return _schema("cz2023_hvp")


@pytest.fixture(scope="module")
def js2022():
    return _schema("js2022_140")


@pytest.fixture(scope="module")
def js2026():
    return _schema("js2026_hvp")


@pytest.fixture(scope="module")
def gz():
    return _schema("gz_2025")


def thresholds(p):
    out = []
    for c in p.conditions:
        out.extend(c.members if isinstance(c, AnyOf) else [c] if isinstance(c, Threshold) else [])
    return out


def th(p, metric):
    found = [t for t in thresholds(p) if t.metric == metric]
    assert found, f"no threshold on {metric}"
    return found[0]


def test_every_item_has_a_source_inside_the_text(cz):
    p = cz.programs[0]
    items = [*p.conditions, *p.exclusions, *p.materials, *p.deadlines, *p.quotas, *p.funding, *p.contacts, *p.channels]
    assert items
    for it in items:
        assert it.source is not None and it.source.quote
        assert it.source.start is not None and it.source.end > it.source.start


# ---------------------------------------------------------------- seed 004 (Changzhou)

def test_changzhou_single_program_without_title(cz):
    assert len(cz.programs) == 1
    p = cz.programs[0]
    assert p.year == 2023 and "高价值专利培育示范中心" in p.name
    assert p.applicant_types == ["enterprise"] and p.legal_person_required is True
    assert p.region.city == "常州市" and p.region.province == "江苏省"


def test_changzhou_thresholds(cz):
    p = cz.programs[0]
    rd = th(p, "rd_expense_ratio")
    assert (rd.operator, rd.value, rd.unit, rd.period) == (">=", 3.5, "%", "last_3_years")
    ip = th(p, "ip_expense_ratio")
    assert (ip.value, ip.period) == (5, "last_year")
    pt = th(p, "profit_tax")
    assert (pt.operator, pt.value, pt.unit, pt.period, pt.aggregation) == (">=", 2000, "万元", "last_3_years", "each_year")
    assert sorted(pt.exemptions[0].titles) == ["little_giant", "single_champion"]
    assert th(p, "ip_staff").value == 3
    assert all(t.applies_to in ([], ["enterprise"]) for t in thresholds(p))


def test_changzhou_any_of_with_adjustments(cz):
    p = cz.programs[0]
    groups = [c for c in p.conditions if isinstance(c, AnyOf)]
    assert len(groups) == 1
    g = groups[0]
    assert {(m.metric, m.value) for m in g.members} == {("valid_patents", 100), ("valid_invention_patents", 50)}
    kinds = {a.kind: a for a in g.adjustments}
    assert set(kinds) == {"count_as", "exclude", "halve"}
    assert kinds["count_as"].factor == 2.0 and kinds["count_as"].from_metric == "pct_national_phase"
    assert kinds["count_as"].metrics == ["valid_invention_patents"]
    assert kinds["halve"].factor == 0.5 and kinds["halve"].triggers == ["award_within_3y"]


def test_changzhou_attestations_qualitative_exclusion(cz):
    p = cz.programs[0]
    atts = {c.attestation for c in p.conditions if isinstance(c, Attestation)}
    assert atts == {"no_serious_dishonesty", "no_abnormal_patent_filing"}
    topics = {c.topic for c in p.conditions if isinstance(c, Qualitative)}
    assert {"industry_lead", "ip_department"} <= topics
    # one exclusion that screening checks; the misconduct sanction (…一经查实，将取消项目申报及立项资格)
    # is listed for staff as kind `sanction`, never checked; the pledge 无严重失信行为 is also a
    # bad record (kind `record`), judged through its attestation
    checked = [e for e in p.exclusions if e.kind not in ("sanction", "record")]
    assert len(checked) == 1
    assert [e.text for e in p.exclusions if e.kind == "record"] == ["无严重失信行为"]
    assert [e.text[-11:] for e in p.exclusions if e.kind == "sanction"] == ["取消项目申报及立项资格"]
    ex = checked[0]
    assert ex.level == "provincial" and any("高价值专利培育" in x for x in ex.programs)
    # task and performance-target sections give no conditions (发明专利申请…增幅不低于15%)
    assert not any("15" in t.value_text for t in thresholds(p))


def test_changzhou_logistics(cz):
    p = cz.programs[0]
    assert {(d.kind, d.date, d.time) for d in p.deadlines} == {
        ("online", date(2023, 6, 21), "17:00"), ("paper", date(2023, 6, 30), None)}
    assert len(p.contacts) == 8
    assert ("溧阳市知识产权局", "陈为民", "80998870") in {(c.unit, c.person, c.phone) for c in p.contacts}
    assert sorted(q.max_count for q in p.quotas) == [1, 2]
    assert next(q for q in p.quotas if q.max_count == 2).scope == "武进区、新北区"
    f = p.funding[0]
    assert (f.amount_each, f.max_amount, f.split) == (100, True, [70, 30])
    assert p.implementation_years == 3
    assert p.channels[0].url == "https://zscq.czamr.net:60911/enterprise"
    mats = {m.material: m for m in p.materials}
    assert "credit_commitment" in mats and "signed" in mats["credit_commitment"].requirements
    assert "printed_a4" in mats["application_form"].requirements


# ---------------------------------------------------------------- seed 001 (Jiangsu notice, 4 attachments)

def test_notice_metadata_and_programs(js2022):
    assert js2022.doc_number == "苏知发〔2021〕140号"
    assert js2022.issuer == "江苏省知识产权局" and js2022.issued_on == date(2021, 12, 24) and js2022.year == 2022
    ids = [p.id for p in js2022.programs]
    assert ids == ["附件1", "附件2-1", "附件2-2", "附件3", "附件4"]
    assert all(p.doc_number == "苏知发〔2021〕140号" and p.year == 2022 for p in js2022.programs)
    names = [p.name for p in js2022.programs]
    assert names[3] == "2022年度省高价值专利培育计划项目"
    assert "地理标志" in names[1] and "工业品牌" in names[2]


def test_high_value_patent_tracks_and_types(js2022):
    p = js2022.program("附件3")
    assert [t.id for t in p.tracks] == ["新建项目", "升级项目"]
    assert set(p.applicant_types) == {"enterprise", "key_lab", "new_rd_institution", "university", "research_institute"}
    assert p.region.province == "江苏省"
    ent = [t for t in thresholds(p) if t.metric == "rd_expense_ratio"]
    assert len(ent) == 1 and ent[0].tracks == [] or True
    rd = next(c for c in p.conditions if isinstance(c, Threshold) and c.metric == "rd_expense_ratio")
    assert rd.applies_to == ["enterprise"] and rd.tracks == ["新建项目"]
    uni = [c for c in p.conditions if isinstance(c, AnyOf) and "university" in c.applies_to]
    assert len(uni) == 1
    halve = next(a for a in uni[0].adjustments if a.kind == "halve")
    assert set(halve.triggers) == {"award_within_3y", "key_lab"}
    assert any(isinstance(c, Attestation) and c.attestation == "no_academic_misconduct" for c in p.conditions)


def test_high_value_patent_quotas_and_exclusions(js2022):
    p = js2022.program("附件3")
    tiers = [(q.max_count, q.unlimited, tuple(q.tracks)) for q in p.quotas if q.max_count or q.unlimited]
    assert (6, False, ("新建项目",)) in tiers and (3, False, ("新建项目",)) in tiers
    assert (None, True, ("升级项目",)) in tiers
    six = next(q for q in p.quotas if q.max_count == 6)
    assert "10000" in six.condition
    kinds = {e.kind for e in p.exclusions}
    assert {"led_same_program", "ongoing_unaccepted"} <= kinds
    led = next(e for e in p.exclusions if e.kind == "led_same_program")
    assert led.tracks == ["新建项目"] and "university" not in led.applies_to
    assert p.deadlines[0].date == date(2022, 1, 30) and p.deadlines[0].kind == "online"
    assert p.contacts[0].phone == "025-83236249" and p.contacts[0].person == "安文龙"
    assert p.channels[0].url == "https://pm.jsipp.cn/nbsgd/jsip_pms/main/login.html"


def test_brand_programs(js2022):
    gi = js2022.program("附件2-1")
    sales = [t for t in thresholds(gi) if t.metric == "product_sales"]
    assert sorted(t.value for t in sales) == [1000, 5000]
    assert all(set(t.exemptions[0].titles) == {"gi_promotion_project", "gi_protection_demo_zone"} for t in sales)
    assert any(isinstance(c, Attestation) and c.attestation == "no_major_accident" for c in gi.conditions)
    ind = js2022.program("附件2-2")
    assert th(ind, "profit_tax").exemptions and th(ind, "rd_expense_ratio").value == 3
    assert ind.deadlines[0].date == date(2022, 1, 30)  # written 2022为1月30日
    assert [q.max_count for q in ind.quotas] == [5]
    # 优先支持 is not an eligibility condition and is reported, not dropped
    assert not any("优先支持" in getattr(c, "text", "") for c in ind.conditions)
    assert any("优先支持" in u.text for u in js2022.unparsed)


def test_transfer_directions_any_of_with_elliptic_amount(js2022):
    p = js2022.program("附件4")
    assert [t.id for t in p.tracks] == ["高校院所知识产权运营能力提升", "产业知识产权运营中心发展"]
    assert p.tracks[0].applicant_types == ["university", "research_institute"]
    groups = {frozenset(m.metric for m in c.members): c for c in p.conditions if isinstance(c, AnyOf)}
    grants = groups[frozenset({"patent_grants", "invention_grants"})]
    assert all(m.operator == ">" and m.period == "last_3_years" and m.aggregation == "average" for m in grants.members)
    money = groups[frozenset({"patents_commercialized", "commercialization_amount"})]
    assert {m.value for m in money.members} == {15, 1500}
    assert th(p, "commercialization_staff").value == 2 and th(p, "ip_staff").value == 5


# ---------------------------------------------------------------- seed 000 (Jiangsu 2026)

def test_2026_tracks_joint_channels(js2026):
    assert len(js2026.programs) == 1
    p = js2026.programs[0]
    assert p.year == 2026 and [t.id for t in p.tracks] == ["技术创新类", "产业链协同攻关类"]
    chain = next(j for j in p.joint if j.tracks == ["产业链协同攻关类"])
    assert (chain.required, chain.members, chain.leads, chain.partners, chain.same_chain, chain.same_group_excluded) == (
        True, 3, 1, 2, True, True)
    assert len(p.channels) == 3 and {c.name for c in p.channels} >= {"江苏省知识产权数智创新赋能平台"}
    assert [(d.date, d.kind) for d in p.deadlines] == [(date(2026, 5, 31), "submission")]
    # no numeric thresholds any more, only the consortium size of the chain track
    assert [(t.metric, t.operator, t.value, t.tracks) for t in thresholds(p)] == [
        ("consortium_members", "==", 3, ["产业链协同攻关类"])]
    q3 = next(q for q in p.quotas if q.max_count == 3)
    assert q3.tracks == ["技术创新类"] and q3.condition.startswith("2025年发明专利授权量超过10000件")
    assert any(q.unlimited for q in p.quotas)
    assert next(q for q in p.quotas if q.tracks == ["产业链协同攻关类"]).max_count == 1
    # the 弄虚作假 sanction is listed, never checked; bad records (无严重失信行为) are judged through their pledge
    checked = [e for e in p.exclusions if e.kind not in ("sanction", "record")]
    assert {e.text for e in p.exclusions if e.kind == "record"} == {"无严重失信行为"}
    assert len(checked) == 5
    assert {e.kind for e in checked} == {"led_same_program", "ongoing_project", "same_group_joint"}
    mats = {m.material: m for m in p.materials}
    assert set(mats["credit_commitment"].requirements) >= {"signed", "stamped", "scanned"}
    assert "cooperation_agreement" in mats


# ---------------------------------------------------------------- seed 003 (Guizhou, five programs)

def test_guizhou_five_programs(gz):
    assert [p.id for p in gz.programs] == ["一", "二", "三", "四", "五"]
    assert gz.programs[0].name == "贵州省高价值专利培育项目"
    assert [(f.count, f.amount_each) for p in gz.programs for f in p.funding] == [
        (18, 50), (25, 20), (8, 50), (11, 15), (5, 30)]
    assert [p.contacts[0].phone for p in gz.programs] == [
        "0851-85850061", "0851-85850060", "0851-85825390", "0851-85825390", "0851-85850061"]
    assert gz.year is None and gz.programs[0].year is None  # not stated in the text


def test_guizhou_conditions(gz):
    hv = gz.program("一")
    assert set(hv.applicant_types) == {"university", "research_institute", "enterprise"}
    assert hv.region.province == "贵州省"  # 我省
    v = th(hv, "valid_patents")
    assert v.value == 30 and v.applies_to == ["university", "research_institute"]
    adv = gz.program("二")
    ex = next(e for e in adv.exclusions if e.kind == "holds_title")
    assert set(ex.titles) == {"national_ip_advantage", "national_ip_demonstration", "provincial_ip_advantage"}
    # 40%以上，或是通过专利许可…实现: the number stays checkable, the wording alternative goes to a person
    mixed = [c for c in adv.conditions if "40%" in getattr(c, "text", "")]
    assert len(mixed) == 1 and isinstance(mixed[0], AnyOf)
    (member,) = mixed[0].members
    assert (member.metric, member.operator, member.value, member.unit, member.period) == (
        "patent_product_revenue_ratio", ">=", 40, "%", "last_2_years")
    assert len(mixed[0].other) == 1 and "专利许可" in mixed[0].other[0]


# ---------------------------------------------------------------- a guide in another style (written here)

HEFEI = """合肥市2024年度知识产权优势企业培育项目申报指南
一、申报对象
在合肥市行政区域内注册、具有独立法人资格的企业。
二、申报条件
（一）上年度主营业务收入不低于5000万元；
（二）近两年研发投入占营业收入的比例均不低于3%；
（三）拥有有效发明专利不少于10件，或有效专利不少于30件；
（四）设有知识产权管理部门，配备知识产权管理人员不少于2人；
（五）近三年内无严重失信行为，未发生非正常专利申请行为。
已获得国家知识产权示范企业称号的企业不得申报。
三、支持方式
拟支持20家，每家给予一次性奖补30万元。
四、申报材料
1、项目申报书；
2、营业执照复印件（加盖公章）；
3、信用承诺书（法定代表人签字并加盖公章）。
五、申报时间
请于2024年5月20日17:00前通过合肥市知识产权公共服务平台（http://ipr.hefei.gov.cn）在线提交，纸质材料于2024年5月31日前报送市市场监督管理局。
联系人：市市场监管局知识产权促进处 王明，电话：0551-12345678
"""


def test_unseen_city_guide():
    s = extract_guide(read_text(HEFEI, "hefei.txt"))
    assert len(s.programs) == 1
    p = s.programs[0]
    assert p.name == "合肥市2024年度知识产权优势企业培育项目" and p.year == 2024
    assert p.region.city == "合肥市" and p.region.province == "安徽省" and p.legal_person_required
    rev = th(p, "revenue")
    assert (rev.operator, rev.value, rev.unit, rev.period) == (">=", 5000, "万元", "last_year")
    rd = th(p, "rd_expense_ratio")
    assert (rd.value, rd.period, rd.aggregation) == (3, "last_2_years", "each_year")
    g = next(c for c in p.conditions if isinstance(c, AnyOf))
    assert {(m.metric, m.value) for m in g.members} == {("valid_invention_patents", 10), ("valid_patents", 30)}
    assert th(p, "ip_staff").value == 2
    assert {c.attestation for c in p.conditions if isinstance(c, Attestation)} == {
        "no_serious_dishonesty", "no_abnormal_patent_filing"}
    assert p.exclusions[0].kind == "holds_title" and p.exclusions[0].titles == ["national_ip_demonstration"]
    assert {m.material for m in p.materials} == {"application_form", "business_license", "credit_commitment"}
    assert set(next(m for m in p.materials if m.material == "credit_commitment").requirements) == {"signed", "stamped"}
    assert {(d.kind, d.date, d.time) for d in p.deadlines} == {
        ("online", date(2024, 5, 20), "17:00"), ("paper", date(2024, 5, 31), None)}
    assert p.channels[0].url == "http://ipr.hefei.gov.cn" and p.channels[0].name == "合肥市知识产权公共服务平台"
    assert (p.funding[0].count, p.funding[0].amount_each) == (20, 30)
    assert (p.contacts[0].person, p.contacts[0].phone) == ("王明", "0551-12345678")


def test_unreadable_condition_is_reported_not_dropped():
    text = "一、申报条件\n（一）企业应当符合本市产业发展导向。\n二、申报要求\n（一）申报单位须对材料真实性负责。\n"
    s = extract_guide(read_text(text, "t.txt"))
    assert any("真实性" in u.text and u.section == "二、申报要求/（一）" for u in s.unparsed)
    p = s.programs[0]
    assert any(isinstance(c, Qualitative) and "产业发展导向" in c.text for c in p.conditions)
