"""Provenance of OCR evidence in screening, on hand-built claims.

The rules come from issue 9 (low-confidence OCR evidence turns a check into
review, never into fail; what is found only through OCR says so) and
pipeline/data/explain.yaml (`ocr_review_below: 0.85`). The guide sentences and
numbers are made up for the tests; the expected statuses are worked out from
those rules by hand.
"""
from __future__ import annotations

import pytest

from models.claims import (Address, ApplicationClaims, Attachment, AttestationClaim, Claim, CreditCode, Evidence,
                           Figure)
from models.document import Location
from models.schema import Attestation, Material, Program, RegionConstraint, SourceRef, Threshold
from pipeline.screen import explain
from pipeline.screen.matcher import screen_program
from pipeline.render.reports import render_report

GUIDE = SourceRef(quote="近三年研发费用投入占销售收入的比例均达3.5%以上。", section="三、申报条件")


def ev(origin: str, confidence: float | None = None, page: int = 2, quote: str = "…") -> Evidence:
    return Evidence(file="a.pdf", location=Location(file="a.pdf", page=page), quote=quote, origin=origin,
                    confidence=confidence)


def fig(metric: str, year: int | None, value: float, unit: str, *evidence: Evidence) -> Figure:
    return Figure(metric=metric, year=year, value=value, unit=unit, evidence=list(evidence))


def program(*conditions, materials=(), region=None) -> Program:
    return Program(name="高价值专利培育示范中心", year=2023, conditions=list(conditions), materials=list(materials),
                   region=region)


RD_RATIO = Threshold(metric="rd_expense_ratio", operator=">=", value=3.5, unit="%", period="last_3_years",
                     aggregation="each_year", source=GUIDE)
STAFF = Threshold(metric="ip_staff", operator=">=", value=3, unit="人", source=SourceRef(quote="知识产权管理人员不少于3人"))


def ratio_claims(values: dict[int, float], evidence: dict[int, Evidence]) -> ApplicationClaims:
    return ApplicationClaims(file="a.pdf", figures=[fig("rd_expense_ratio", y, v, "%", evidence[y]) for y, v in values.items()])


def only(report, metric):
    return next(c for c in report.checks if c.metric == metric)


# ---------------------------------------------------------------- fail on OCR evidence

def test_fail_read_only_by_low_confidence_ocr_becomes_review():
    # 3.2% in 2021 is below 3.5%, but that page was read by OCR with confidence 0.72
    claims = ratio_claims({2020: 3.6, 2021: 3.2, 2022: 3.8},
                          {2020: ev("pdf"), 2021: ev("ocr", 0.72, page=3), 2022: ev("pdf")})
    r = screen_program(program(RD_RATIO), claims)
    c = only(r, "rd_expense_ratio")
    assert c.status == "review"
    assert "（该数据来自扫描页文字识别，识别置信度0.72，请核对原件）" in c.explanation
    assert c.explanation.endswith(explain.cite(GUIDE))  # the note sits before the guide citation
    assert r.decision == "needs_review" and r.failed_metrics == []


def test_fail_on_high_confidence_ocr_stays_fail_and_says_it_was_read_by_ocr():
    claims = ratio_claims({2020: 3.6, 2021: 3.2, 2022: 3.8},
                          {y: ev("ocr", 0.97) for y in (2020, 2021, 2022)})
    r = screen_program(program(RD_RATIO), claims)
    c = only(r, "rd_expense_ratio")
    assert c.status == "fail"
    assert "（经文字识别）" in c.explanation
    assert r.decision == "ineligible" and r.failed_metrics == ["rd_expense_ratio"]


def test_one_failing_year_on_a_typed_page_decides_despite_a_doubtful_one():
    # 2020 (typed page) and 2021 (low-confidence OCR) both fail: the typed figure alone excludes
    claims = ratio_claims({2020: 3.0, 2021: 3.1, 2022: 3.8},
                          {2020: ev("pdf"), 2021: ev("ocr", 0.6), 2022: ev("pdf")})
    c = only(screen_program(program(RD_RATIO), claims), "rd_expense_ratio")
    assert c.status == "fail"
    assert "请核对原件" not in c.explanation


def test_computed_ratio_with_one_doubtful_part_is_not_a_fail():
    # 研发费用 from a typed page, 销售收入 read by OCR at 0.70: 300/10000 = 3% would fail 3.5%
    claims = ApplicationClaims(file="a.pdf", figures=[
        fig("rd_expense", y, 300 if y == 2021 else 400, "万元", ev("pdf")) for y in (2020, 2021, 2022)
    ] + [fig("revenue", y, 10000, "万元", ev("ocr", 0.70 if y == 2021 else 0.99)) for y in (2020, 2021, 2022)])
    c = only(screen_program(program(RD_RATIO), claims), "rd_expense_ratio")
    assert c.status == "review"
    assert "识别置信度0.70" in c.explanation


def test_floor_is_read_from_the_data_file(monkeypatch):
    monkeypatch.setitem(explain.texts(), "ocr_review_below", 0.5)
    claims = ratio_claims({2020: 3.6, 2021: 3.2, 2022: 3.8},
                          {2020: ev("pdf"), 2021: ev("ocr", 0.72), 2022: ev("pdf")})
    assert only(screen_program(program(RD_RATIO), claims), "rd_expense_ratio").status == "fail"


def test_ocr_without_confidence_is_not_trusted_and_confidence_is_cut_not_rounded():
    claims = ratio_claims({2020: 3.0, 2021: 3.0, 2022: 3.0}, {y: ev("ocr", None) for y in (2020, 2021, 2022)})
    c = only(screen_program(program(RD_RATIO), claims), "rd_expense_ratio")
    assert c.status == "review" and "识别置信度未知" in c.explanation
    claims = ratio_claims({2020: 3.0, 2021: 3.0, 2022: 3.0}, {y: ev("ocr", 0.849) for y in (2020, 2021, 2022)})
    c = only(screen_program(program(RD_RATIO), claims), "rd_expense_ratio")
    assert c.status == "review" and "识别置信度0.84" in c.explanation  # 0.849 must not read as the floor 0.85


def test_attestation_violation_stated_on_a_typed_page_and_a_doubtful_scan_stays_fail():
    a = Attestation(text="无严重失信行为", attestation="no_serious_dishonesty")
    both = ApplicationClaims(file="a.pdf", attestations=[
        AttestationClaim(attestation="no_serious_dishonesty", present=False, evidence=[ev("pdf"), ev("ocr", 0.6)])])
    assert screen_program(program(a), both).checks[0].status == "fail"
    scan_only = ApplicationClaims(file="a.pdf", attestations=[
        AttestationClaim(attestation="no_serious_dishonesty", present=False, evidence=[ev("ocr", 0.6)])])
    c = screen_program(program(a), scan_only).checks[0]
    assert c.status == "review" and "识别置信度0.60" in c.explanation


def test_region_outside_only_by_a_doubtful_address_is_review():
    region = RegionConstraint(text="常州市内注册的企业", province="江苏省", city="常州市")
    addr = Claim[Address](value=Address(text="浙江省杭州市西湖区文三路1号"), evidence=[ev("ocr", 0.65)])
    r = screen_program(program(region=region), ApplicationClaims(file="a.pdf", address=addr))
    c = next(c for c in r.checks if c.kind == "region")
    assert c.status == "review" and "请核对原件" in c.explanation
    # the credit code on a typed page also places it outside 常州 (330106 = 杭州西湖区): that alone decides
    code = Claim[CreditCode](value=CreditCode(code="91330106MA2XXXXX0X", valid=True, division_code="330106"),
                             evidence=[ev("pdf")])
    r = screen_program(program(region=region), ApplicationClaims(file="a.pdf", address=addr, credit_code=code))
    assert next(c for c in r.checks if c.kind == "region").status == "fail"


# ---------------------------------------------------------------- pass / material through OCR

def test_pass_on_low_confidence_ocr_stays_pass_and_says_so():
    claims = ApplicationClaims(file="a.pdf", figures=[fig("ip_staff", None, 12, "人", ev("ocr", 0.6))])
    c = only(screen_program(program(STAFF), claims), "ip_staff")
    assert c.status == "pass" and "（经文字识别）" in c.explanation


def test_pass_on_a_typed_page_has_no_ocr_note():
    claims = ApplicationClaims(file="a.pdf", figures=[fig("ip_staff", None, 12, "人", ev("pdf"))])
    c = only(screen_program(program(STAFF), claims), "ip_staff")
    assert c.status == "pass" and "文字识别" not in c.explanation


def test_material_found_only_on_a_scanned_page_passes_with_note():
    m = Material(name="信用承诺书", material="credit_commitment")
    scanned = Attachment(name="信用承诺书", material="credit_commitment", found="page",
                         evidence=[ev("ocr", 0.93, page=5, quote="信用承诺书")])
    r = screen_program(program(materials=[m]), ApplicationClaims(file="a.pdf", attachments=[scanned]))
    c = r.checks[0]
    assert c.status == "pass" and "（经文字识别）" in c.explanation
    assert r.missing_materials == []
    listed = Attachment(name="信用承诺书", material="credit_commitment", evidence=[ev("pdf", page=4), ev("ocr", 0.93, page=5)])
    c = screen_program(program(materials=[m]), ApplicationClaims(file="a.pdf", attachments=[listed])).checks[0]
    assert c.status == "pass" and "文字识别" not in c.explanation  # also listed on a typed page


# ---------------------------------------------------------------- report level

def test_warning_names_the_scanned_pages():
    claims = ApplicationClaims(file="a.pdf", figures=[fig("ip_staff", None, 12, "人", ev("ocr", 0.99, page=5))])
    r = screen_program(program(STAFF), claims)
    assert any("第5页为扫描页" in w for w in r.warnings)
    r = screen_program(program(STAFF), claims, ocr_pages=[3, 5])  # pages that yielded no claim count too
    assert any("第3、5页为扫描页" in w for w in r.warnings)


def test_no_ocr_no_warning():
    claims = ApplicationClaims(file="a.pdf", figures=[fig("ip_staff", None, 12, "人", ev("pdf"))])
    assert not any("文字识别" in w for w in screen_program(program(STAFF), claims).warnings)


@pytest.mark.parametrize("confidence,low", [(0.72, True), (0.97, False)])
def test_html_report_marks_ocr_evidence_with_its_confidence(confidence, low):
    claims = ApplicationClaims(file="a.pdf", figures=[
        fig("ip_staff", None, 12, "人", ev("ocr", confidence, quote="知识产权管理人员12人")),
    ], attestations=[AttestationClaim(attestation="no_serious_dishonesty", present=True,
                                      evidence=[ev("pdf", quote="本单位无严重失信行为")])])
    a = Attestation(text="无严重失信行为", attestation="no_serious_dishonesty")
    html = render_report(screen_program(program(STAFF, a), claims), "a")
    assert html.count("文字识别 · 置信度") == 1  # the typed-page quote has no badge
    assert f"置信度{confidence:.2f}" in html
    assert ("ocr-low" in html) is low
