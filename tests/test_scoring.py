"""The scorer must catch wrong, missing and spurious values, and the gate must trip."""
from __future__ import annotations

from datetime import date

import pytest

from evaluation.corpus import GoldError, load_guides
from evaluation.gate import check_floors
from evaluation.prf import bigram_dice
from evaluation.score_claims import score_claims
from evaluation.score_guide import score_guide
from models import (AnyOf, ApplicationClaims, Claim, Deadline, Figure, GuideSchema, Material, Program, Threshold)


def _program(**kw) -> Program:
    base = dict(
        id="main", name="2023年度市高价值专利培育示范中心",
        conditions=[
            Threshold(metric="rd_expense_ratio", operator=">=", value=3.5, unit="%", period="last_3_years"),
            Threshold(metric="profit_tax", operator=">=", value=2000, unit="万元", period="last_3_years"),
            AnyOf(members=[Threshold(metric="valid_patents", operator=">=", value=100, unit="件"),
                           Threshold(metric="valid_invention_patents", operator=">=", value=50, unit="件")]),
        ],
        materials=[Material(name="信用承诺书", material="credit_commitment")],
        deadlines=[Deadline(kind="online", date=date(2023, 6, 21), time="17:00")],
    )
    base.update(kw)
    return Program(**base)


def _schema(p: Program) -> GuideSchema:
    return GuideSchema(programs=[p])


def test_identical_schema_scores_perfectly():
    s = score_guide(_schema(_program()), _schema(_program()))
    assert s.fields["thresholds"].as_dict()["f1"] == 1.0
    assert s.fields["any_of"].tp == 1 and s.fields["deadlines"].tp == 1
    assert not s.mismatches


def test_wrong_threshold_value_is_both_fp_and_fn():
    pred = _program()
    pred.conditions[0] = Threshold(metric="rd_expense_ratio", operator=">=", value=3.0, unit="%", period="last_3_years")
    s = score_guide(_schema(_program()), _schema(pred))
    th = s.fields["thresholds"]
    assert (th.tp, th.fp, th.fn) == (3, 1, 1)
    assert any(m.field == "thresholds" and m.gold and "3.5" in m.gold for m in s.mismatches)


def test_missing_field_is_a_false_negative():
    pred = _program(deadlines=[])
    s = score_guide(_schema(_program()), _schema(pred))
    assert (s.fields["deadlines"].fn, s.fields["deadlines"].tp) == (1, 0)
    assert s.fields["deadlines"].recall == 0.0


def test_spurious_item_is_a_false_positive():
    pred = _program(materials=[Material(name="信用承诺书", material="credit_commitment"),
                               Material(name="审计报告", material="audit_report")])
    s = score_guide(_schema(_program()), _schema(pred))
    assert (s.fields["materials"].tp, s.fields["materials"].fp) == (1, 1)
    assert s.fields["materials"].precision == 0.5


def test_period_and_operator_are_part_of_the_threshold_key():
    pred = _program()
    pred.conditions[1] = Threshold(metric="profit_tax", operator=">", value=2000, unit="万元", period="last_3_years")
    assert score_guide(_schema(_program()), _schema(pred)).fields["thresholds"].fp == 1
    pred.conditions[1] = Threshold(metric="profit_tax", operator=">=", value=2000, unit="万元", period="last_year")
    assert score_guide(_schema(_program()), _schema(pred)).fields["thresholds"].fp == 1


def test_programs_align_by_name_not_position():
    a = _program(id="x1", name="2022年度省高价值专利培育计划项目")
    b = _program(id="x2", name="2022年度省专利转化专项计划项目", deadlines=[])
    s = score_guide(GuideSchema(programs=[a, b]), GuideSchema(programs=[b, a]))
    assert s.fields["programs"].tp == 2 and s.fields["deadlines"].fn == 0


def _claims(**kw) -> ApplicationClaims:
    figs = [Figure(metric="revenue", year=2021, value=45000, unit="万元"),
            Figure(metric="valid_patents", value=126, unit="件")]
    base = dict(file="a.docx", applicant_name=Claim[str](value="常州某某科技有限公司"), figures=figs)
    base.update(kw)
    return ApplicationClaims(**base)


def test_claims_wrong_value_missing_and_spurious():
    gold = _claims()
    # 4.5亿元 read as 4.5万元: wrong value → FN and FP on financial
    wrong = _claims(figures=[Figure(metric="revenue", year=2021, value=4.5, unit="万元"),
                             Figure(metric="valid_patents", value=126, unit="件")])
    t = score_claims(gold, wrong)
    assert (t.fields["financial"].tp, t.fields["financial"].fn, t.fields["financial"].fp) == (0, 1, 1)
    missing = _claims(applicant_name=None)
    t = score_claims(gold, missing)
    assert t.fields["applicant_name"].fn == 1 and t.fields["applicant_name"].tp == 0
    extra = _claims(figures=gold.figures + [Figure(metric="rd_expense", year=2021, value=900, unit="万元")])
    t = score_claims(gold, extra)
    assert t.fields["financial"].fp == 1 and t.fields["financial"].tp == 1


def test_claims_value_tolerance_is_tight():
    gold = _claims()
    near = _claims(figures=[Figure(metric="revenue", year=2021, value=45000 * 1.004, unit="万元"),
                            Figure(metric="valid_patents", value=126, unit="件")])
    assert score_claims(gold, near).fields["financial"].tp == 1
    off = _claims(figures=[Figure(metric="revenue", year=2021, value=45000 * 1.02, unit="万元"),
                           Figure(metric="valid_patents", value=126, unit="件")])
    assert score_claims(gold, off).fields["financial"].tp == 0


def test_gold_validator_names_file_and_field(tmp_path):
    (tmp_path / "guides" / "g").mkdir(parents=True)
    (tmp_path / "guides" / "g" / "source.txt").write_text("x", encoding="utf-8")
    (tmp_path / "guides" / "g" / "gold.yaml").write_text(
        "programs:\n  - name: 测试\n    conditions:\n      - kind: threshold\n        metric: revenue\n        operator: '≥'\n        value: 1\n        unit: 万元\n",
        encoding="utf-8")
    (tmp_path / "guides" / "index.yaml").write_text(
        "- id: g\n  text: guides/g/source.txt\n  gold: guides/g/gold.yaml\n", encoding="utf-8")
    with pytest.raises(GoldError) as exc:
        load_guides(tmp_path)
    assert "gold.yaml" in str(exc.value) and "operator" in str(exc.value)


def test_gate_trips_on_a_tampered_prediction_set():
    """A deliberate regression (predictions lose their thresholds) must fail the gate."""
    gold = _schema(_program())
    good = score_guide(gold, _schema(_program()))
    tampered_prog = _program(conditions=[])
    bad = score_guide(gold, _schema(tampered_prog))
    floors = {"min": {"guide.all.thresholds.recall": 0.9}}
    as_metrics = lambda t: {"guide": {"all": {k: v.as_dict() for k, v in t.fields.items()}}}
    assert check_floors(as_metrics(good), floors) == []
    failures = check_floors(as_metrics(bad), floors)
    assert failures and "thresholds.recall" in failures[0]
    assert check_floors({}, floors), "a missing figure must fail the gate"


def test_bigram_dice_symmetry_and_bounds():
    assert bigram_dice("信用承诺书", "诚信承诺书") == bigram_dice("诚信承诺书", "信用承诺书")
    assert 0 < bigram_dice("信用承诺书", "诚信承诺书") < 1
    assert bigram_dice("abc", "abc") == 1.0
