"""Matcher behaviour on data-driven cases (tests/data/matcher_cases.yaml).

Each case starts from a base applicant, changes the facts one rule depends on,
and states the outcome the guide demands; expected values come from the guide
sentences and the screening semantics, worked out by hand.
"""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from extractors import lexicon
from models.claims import ApplicationClaims
from models.report import ScreeningReport
from models.schema import GuideSchema, Program
from pipeline.screen.matcher import screen, screen_program

DATA = yaml.safe_load((Path(__file__).parent / "data" / "matcher_cases.yaml").read_text(encoding="utf-8"))
_CLAIM_FIELDS = {"applicant_name", "applicant_type", "legal_person", "program_name", "track", "lead_unit",
                 "submission_date", "ip_department", "credit_code"}


def _figure(row: list) -> dict:
    metric, year, value = row
    unit = lexicon.metrics().entries[metric].extra.get("unit", "")
    return {"metric": metric, "year": year, "value": value, "unit": unit}


def _expand(d: dict) -> dict:
    out = {}
    for k, v in d.items():
        if v is None:
            continue
        if k in _CLAIM_FIELDS:
            out[k] = {"value": v}
        elif k == "address":
            out[k] = {"value": {"text": v}}
        elif k == "partners":
            out[k] = [{"value": p} for p in v]
        elif k == "figures":
            out[k] = [_figure(r) for r in v]
        else:
            out[k] = v
    return out


def build_claims(case: dict) -> ApplicationClaims:
    base = copy.deepcopy(DATA["claims"][case["claims"]])
    drop = {tuple(x) for x in case.get("drop_figures", [])}
    base["figures"] = [r for r in base.get("figures", []) if (r[0], r[1]) not in drop]
    for k, v in (case.get("patch") or {}).items():
        if k == "figures":
            keys = {(r[0], r[1]) for r in v}
            base["figures"] = [r for r in base["figures"] if (r[0], r[1]) not in keys] + v
        else:
            base[k] = v
    return ApplicationClaims(file=f"{case['claims']}.pdf", **_expand(base))


def program(key: str) -> Program:
    return Program.model_validate(DATA["programs"][key])


def run(case: dict) -> ScreeningReport:
    received = case.get("received_on")
    if isinstance(received, str):
        received = dt.date.fromisoformat(received)
    return screen_program(program(case["program"]), build_claims(case), received_on=received)


def _check(report: ScreeningReport, cid: str):
    found = [c for c in report.checks if c.condition_id == cid]
    assert found, f"no check {cid}; have {[c.condition_id for c in report.checks]}"
    return found[0]


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["name"] for c in DATA["cases"]])
def test_case(case):
    report = run(case)
    exp = case["expect"]
    statuses = {c.condition_id: c.status for c in report.checks}
    for cid, status in exp.get("checks", {}).items():
        assert _check(report, cid).status == status, f"{cid}: {_check(report, cid).explanation}"
    if "decision" in exp:
        assert report.decision == exp["decision"], statuses
    if "failed_metrics" in exp:
        assert sorted(report.failed_metrics) == sorted(exp["failed_metrics"])
    if "missing_materials" in exp:
        assert sorted(report.missing_materials) == sorted(exp["missing_materials"])
    if "track" in exp:
        assert report.program.track == exp["track"]
    for cid, parts in exp.get("contains", {}).items():
        text = _check(report, cid).explanation
        for part in parts:
            assert part in text, f"{part!r} not in {text!r}"
    for cid, parts in exp.get("computation", {}).items():
        comp = _check(report, cid).computation or ""
        for part in parts:
            assert part in comp, f"{part!r} not in {comp!r}"
    for cid, members in exp.get("alternatives", {}).items():
        alts = {a.condition_id: a.status for a in _check(report, cid).alternatives}
        for mid, status in members.items():
            assert alts.get(mid) == status, alts


def test_report_contract_fields():
    case = DATA["cases"][0]
    report = run(case)
    d = report.model_dump(mode="json")
    assert d["file"] == "cz_good.pdf"
    assert d["applicant"] == {"name": "常州恒远精密机械有限公司", "credit_code": "91320412MA1XXXXX0X"}
    assert d["program"] == {"id": "cz2023_hvp", "name": "市高价值专利培育示范中心", "track": None}
    assert d["error"] is None
    rd = _check(report, "rd_ratio")
    assert rd.kind == "threshold" and rd.metric == "rd_expense_ratio"
    assert rd.guide_source.quote == "近三年研发费用投入占销售收入的比例达3.5%以上"
    assert rd.guide_source.section == "三、（二）"
    assert "指南：三、（二）" in rd.explanation
    assert _check(report, "patents").metric is None
    assert [a.metric for a in _check(report, "patents").alternatives] == ["valid_patents", "valid_invention_patents"]
    kinds = {c.kind for c in report.checks}
    assert {"applicant_type", "region", "threshold", "qualitative", "attestation", "exclusion", "material",
            "deadline"} <= kinds


def test_unnamed_conditions_get_stable_ids():
    p = program("cz2023").model_copy(deep=True)
    for c in p.conditions:
        c.id = ""
    for e in p.exclusions:
        e.id = ""
    report = screen_program(p, build_claims({"claims": "cz_good"}))
    ids = [c.condition_id for c in report.checks]
    assert ids[:3] == ["applicant_type", "legal_person", "region"]
    assert "cond-1" in ids and "cond-6" in ids and "excl-1" in ids and "mat-credit_commitment" in ids
    group = _check(report, "cond-6")
    assert [a.condition_id for a in group.alternatives] == ["cond-6.1", "cond-6.2"]
    assert ids == [c.condition_id for c in screen_program(p, build_claims({"claims": "cz_good"})).checks]


def test_reference_year_from_figures_when_guide_has_none():
    # No year on the program or guide: the latest figure year (2022) + 1 → 近三年 = 2020–2022.
    p = program("cz2023").model_copy(update={"year": None})
    report = screen_program(p, build_claims({"claims": "cz_good"}))
    assert _check(report, "rd_ratio").status == "pass"
    assert "2020年" in _check(report, "rd_ratio").explanation
    # With a guide year of 2022, the period is 2019–2021 and 2019 is not stated.
    report = screen_program(p, build_claims({"claims": "cz_good"}), guide_year=2022)
    assert _check(report, "rd_ratio").status == "missing"
    assert "2019年" in _check(report, "rd_ratio").explanation


def test_screen_selects_program_then_screens():
    schema = GuideSchema(year=2023, programs=[program("cz2023"), program("gz_adv")])
    report = screen(schema, build_claims({"claims": "cz_good"}))
    assert report.program.id == "cz2023_hvp"
    assert report.decision == "eligible"


def test_evidence_is_carried_from_claims():
    case = {"claims": "cz_good", "program": "cz2023",
            "patch": {"standings": [{"kind": "title", "id": "little_giant", "name": "专精特新“小巨人”企业", "year": 2021,
                                     "evidence": [{"file": "a.pdf", "quote": "公司于2021年获评国家级专精特新“小巨人”企业"}]}],
                      "figures": [["profit_tax", 2021, 1500]]}}
    report = run(case)
    pt = _check(report, "profit_tax")
    assert pt.status == "pass"
    assert pt.evidence and pt.evidence[0].quote.startswith("公司于2021年获评")
