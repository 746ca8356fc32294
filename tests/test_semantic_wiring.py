"""The semantic layer wired into the pipeline (issue 7 items 3 and 5).

Small hand-made inputs in wordings the lexicons do not hold (an imaginary 甘肃
notice and application): 研究与试验发展经费支出占营业收入比重 is R&D spending
as a share of revenue; 知识产权专职工作人员 are IP staff; 统一社会信用代码证 is
the business licence; 地标商标品牌建设 is the 地理标志商标品牌培育 program.
Expected values come from reading the wordings, not from running the code.
"""
from __future__ import annotations

import pytest

from extractors.guide import extract_guide
from extractors.guide.text import terms
from extractors.readers import read_text
from models.claims import ApplicationClaims, Attachment, Claim, Figure
from models.schema import (AnyOf, Exclusion, GuideSchema, Material, Program, Qualitative, Threshold)
from pipeline.screen.matcher import screen_program
from pipeline.screen.select import ProgramSelectionError, select_program

GUIDE = """2027年度甘肃省知识产权强企培育项目申报指南

一、申报条件
（一）在甘肃省内注册，具有独立法人资格；
（二）企业上年度研究与试验发展经费支出占营业收入比重不低于3%；
（三）配备知识产权专职工作人员不少于2名；
（四）注册资本不低于500万元；
（五）有效发明专利不少于5件；
（六）知识产权管理制度比较健全。
"""


def _conditions(text: str = GUIDE):
    (program,) = extract_guide(read_text(text, "<甘肃>")).programs
    out = []
    for c in program.conditions:
        out.extend(c.members if isinstance(c, AnyOf) else [c])
    return out


def _by_quote(conds, words: str):
    found = [c for c in conds if words in (c.source.quote if c.source else c.text)]
    assert len(found) == 1, [c.text for c in conds]
    return found[0]


# --- 1. guide extraction ---------------------------------------------------------

def test_unfamiliar_share_wording_becomes_threshold_with_confidence():
    t = _by_quote(_conditions(), "研究与试验发展经费支出")
    assert isinstance(t, Threshold)
    assert (t.metric, t.operator, t.value, t.unit, t.period) == ("rd_expense_ratio", ">=", 3.0, "%", "last_year")
    floor = terms()["fuzzy_metric_floor"]["lexical"]
    assert floor <= t.metric_confidence < 1.0
    assert t.metric_reason.startswith("ratio:") and "营业收入" in t.metric_reason
    assert t.text == "研究与试验发展经费支出占营业收入比重不低于3%"  # the wording after its period word
    assert "企业上年度研究与试验发展经费支出" in t.source.quote


def test_unfamiliar_staff_wording_becomes_threshold():
    t = _by_quote(_conditions(), "知识产权专职工作人员")
    assert isinstance(t, Threshold)
    assert (t.metric, t.value, t.unit) == ("ip_staff", 2.0, "人")
    assert 0 < t.metric_confidence < 1.0 and t.metric_reason.startswith("similar to ")


def test_lexicon_metric_keeps_no_confidence_and_unmeasurable_stays_open():
    conds = _conditions()
    patents = _by_quote(conds, "有效发明专利")
    assert isinstance(patents, Threshold) and patents.metric == "valid_invention_patents"
    assert patents.metric_confidence is None and patents.metric_reason is None
    # 注册资本 is no metric of the lexicon and close to none: an open threshold with its
    # subject as written (a person reads it), never a guessed metric
    capital = _by_quote(conds, "注册资本")
    assert isinstance(capital, Threshold) and capital.metric == "" and capital.subject == "注册资本"
    assert (capital.operator, capital.value, capital.unit) == (">=", 500.0, "万元")
    assert isinstance(_by_quote(conds, "知识产权管理制度"), Qualitative)


def test_below_the_data_floor_the_bound_stays_open(monkeypatch):
    monkeypatch.setitem(terms(), "fuzzy_metric_floor", {"lexical": 0.99, "st": 0.99})
    conds = _conditions()
    for phrase in ("研究与试验发展经费支出", "知识产权专职工作人员"):
        t = _by_quote(conds, phrase)
        assert isinstance(t, Threshold) and t.metric == "" and t.metric_confidence is None
    assert _by_quote(conds, "有效发明专利").metric == "valid_invention_patents"  # the lexicon does not depend on the floor


def test_a_mapping_whose_unit_disagrees_is_not_taken():
    from extractors.guide.fuzzy import metric_for

    assert metric_for("三、配备知识产权专职工作人员", "人")[0] == "ip_staff"
    assert metric_for("三、配备知识产权专职工作人员", "万元") is None  # staff are not counted in money
    assert metric_for("三、配备知识产权专职工作人员", None) is None
    assert metric_for("（四）企业", "人") is None  # nothing measurable left once the number goes


# --- 2. matcher: a fuzzy metric never fails mechanically -------------------------------

def _claims(**kw) -> ApplicationClaims:
    base = dict(file="app.docx", applicant_type=Claim(value="enterprise"))
    base.update(kw)
    return ApplicationClaims(**base)


def _staff_program(confidence: float | None, reason: str | None = "similar to 知识产权工作人员") -> Program:
    return Program(id="gs", name="知识产权强企培育", conditions=[
        Threshold(id="staff", metric="ip_staff", operator=">=", value=3, unit="人",
                  metric_confidence=confidence, metric_reason=reason if confidence is not None else None)])


def _check(report, cid):
    return next(c for c in report.checks if c.condition_id == cid)


def _staff(n: int) -> ApplicationClaims:
    return _claims(figures=[Figure(metric="ip_staff", value=n, unit="人")])


def test_fuzzy_metric_would_be_fail_is_review_with_reason():
    c = _check(screen_program(_staff_program(0.62), _staff(2)), "staff")
    assert c.status == "review"
    assert "指标识别依据：与“知识产权工作人员”相近（置信度0.62），请核对" in c.explanation


def test_low_confidence_fuzzy_metric_never_passes_mechanically_either():
    """A confident-looking wrong mapping must not pass an applicant: a person confirms."""
    c = _check(screen_program(_staff_program(0.62), _staff(4)), "staff")
    assert c.status == "review" and "相近（置信度0.62）" in c.explanation


def test_lexicon_or_confident_metric_still_fails():
    assert _check(screen_program(_staff_program(None), _staff(2)), "staff").status == "fail"
    confident = _check(screen_program(_staff_program(0.95), _staff(2)), "staff")
    assert confident.status == "fail" and "指标识别依据" not in confident.explanation


def test_ratio_mapping_is_named_by_its_two_sides():
    p = Program(id="gs", name="强企", conditions=[
        Threshold(id="rd", metric="rd_expense_ratio", operator=">=", value=3, unit="%",
                  metric_confidence=0.53, metric_reason="ratio: 研究开发费用 / 营业收入")])
    claims = _claims(figures=[Figure(metric="rd_expense_ratio", value=2.0, unit="%")])
    c = _check(screen_program(p, claims), "rd")
    assert c.status == "review" and "与“研究开发费用占营业收入”相近（置信度0.53）" in c.explanation


# --- 3. attachments ---------------------------------------------------------------

APPLICATION = """2027年度甘肃省知识产权强企培育项目申报书

申报单位：兰州恒达新材料有限公司

附件清单：
1. 统一社会信用代码证
2. 联合体协议
3. 办公场地租赁合同
"""


def test_claims_attachment_names_mapped_by_similarity():
    from extractors.claims import extract_claims

    got = {a.name: a.material for a in extract_claims(read_text(APPLICATION, "app.txt")).attachments}
    assert got["统一社会信用代码证"] == "business_license"
    assert got["联合体协议"] == "cooperation_agreement"
    assert got["办公场地租赁合同"] is None  # names nothing the guide asks for


def _materials_program(*materials: Material) -> Program:
    return Program(id="gs", name="强企", materials=list(materials))


def test_matcher_finds_unrecognized_attachment_by_similarity():
    p = _materials_program(Material(id="lic", name="营业执照", material="business_license"),
                           Material(id="audit", name="审计报告", material="audit_report"))
    claims = _claims(attachments=[Attachment(name="统一社会信用代码证"), Attachment(name="办公场地租赁合同")])
    report = screen_program(p, claims)
    lic, audit = _check(report, "lic"), _check(report, "audit")
    assert lic.status == "pass" and "统一社会信用代码证" in lic.explanation and "名称相近" in lic.explanation
    assert audit.status == "missing"


def test_matcher_compares_names_for_a_material_the_lexicon_does_not_know():
    p = _materials_program(Material(id="cert", name="知识产权管理体系认证证书", material="ip_system_certificate"))
    ok = screen_program(p, _claims(attachments=[Attachment(name="知识产权管理体系认证证书复印件（贯标）")]))
    assert _check(ok, "cert").status == "pass"
    far = screen_program(p, _claims(attachments=[Attachment(name="办公场地租赁合同")]))
    assert _check(far, "cert").status == "missing"


# --- 4. program selection -----------------------------------------------------------

def _schema() -> GuideSchema:
    return GuideSchema(programs=[
        Program(id="zone", name="知识产权保护示范区创建"),
        Program(id="gi", name="地理标志商标品牌培育"),
        Program(id="brand", name="工业品牌培育"),
        Program(id="hvp", name="高价值专利培育计划"),
    ])


def test_reworded_program_title_selected_semantically():
    # bigrams of 地理标志商标品牌培育 found in the title: 商标, 标品, 品牌 — 3 of 9, below the bigram bar
    p, _ = select_program(_schema(), _claims(program_name=Claim(value="地标商标品牌建设项目申报书")))
    assert p.id == "gi"


def test_unrelated_title_still_not_found_with_the_same_message():
    with pytest.raises(ProgramSelectionError) as err:
        select_program(_schema(), _claims(program_name=Claim(value="知识产权保险保费补贴申请表")))
    assert err.value.code == "program_not_found"
    assert err.value.message.startswith("申报项目“知识产权保险保费补贴申请表”与指南中的项目均不对应。")


# --- 5. diff --------------------------------------------------------------------------

def _diff(old: Program, new: Program):
    from pipeline.schema.diff import diff_schemas

    return diff_schemas(GuideSchema(programs=[old]), GuideSchema(programs=[new]))


def test_diff_pairs_reworded_clauses_as_changed():
    old = Program(id="a", name="强企培育", conditions=[Qualitative(text="拥有稳定的研发经费来源")],
                  exclusions=[Exclusion(text="承担的省级知识产权项目尚未验收的单位，不得申报", kind="ongoing_unaccepted")])
    new = Program(id="a", name="强企培育", conditions=[Qualitative(text="有稳定充足的研发经费投入")],
                  exclusions=[Exclusion(text="省级知识产权项目尚未通过验收的承担单位，不得申报本项目", kind="ongoing_unaccepted")])
    got = sorted((i.change, i.field) for i in _diff(old, new).items)
    assert got == [("changed", "exclusion"), ("changed", "qualitative")]


def test_diff_unrelated_clauses_are_removed_and_added(monkeypatch):
    old = Program(id="a", name="强企培育", conditions=[Qualitative(text="拥有稳定的研发经费来源")])
    new = Program(id="a", name="强企培育", conditions=[Qualitative(text="注册地在本省行政区域内")])
    assert sorted(i.change for i in _diff(old, new).items) == ["added", "removed"]
    # the floor is data: raised above the reworded pair's similarity, the pair splits too
    import pipeline.schema.diff as diff

    monkeypatch.setattr(diff, "_settings", lambda: {"align_floor": {"lexical": 0.99, "st": 0.99}})
    reworded = Program(id="a", name="强企培育", conditions=[Qualitative(text="有稳定充足的研发经费投入")])
    assert sorted(i.change for i in _diff(old, reworded).items) == ["added", "removed"]


# --- caching: a batch does not re-encode the guide per submission ----------------------------

def test_guide_texts_featurized_once_across_submissions(monkeypatch):
    import extractors.semantic as semantic
    import extractors.semantic.lexical as lexical

    semantic._instance.cache_clear()  # a fresh process-wide backend, as in a new batch worker
    calls: dict[str, int] = {}
    real = lexical.featurize

    def counting(text):
        calls[text] = calls.get(text, 0) + 1
        return real(text)

    monkeypatch.setattr(lexical, "featurize", counting)
    schema = _schema()
    guide_material = Material(id="cert", name="知识产权管理体系认证证书", material="ip_system_certificate")
    program = _materials_program(guide_material)
    guide_texts = [p.name for p in schema.programs] + [guide_material.name]

    def submission(n: int):
        claims = _claims(program_name=Claim(value="地标商标品牌建设项目申报书"),
                         attachments=[Attachment(name=f"第{n}号办公场地租赁合同")])
        assert select_program(schema, claims)[0].id == "gi"
        screen_program(program, claims)

    submission(1)
    first = dict(calls)
    assert all(first.get(t) == 1 for t in guide_texts), {t: first.get(t) for t in guide_texts}
    submission(2)
    assert all(calls[t] == 1 for t in guide_texts)  # nothing of the guide again
    assert calls.get("第2号办公场地租赁合同") == 1  # the new submission's own names are featurized
    semantic._instance.cache_clear()
