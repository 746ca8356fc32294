"""Scenarios of the later development layouts (questionnaire, report_prose:
app106–app145; dossier: app146 onward), numbered after the first 105 applications.

Why a list of its own: the first batch's ids, random streams and files must
not move when layouts are added, so new applications are appended, never
interleaved. Tags follow the same prefix convention as scenarios.DEV.
"""
from __future__ import annotations

from datetime import date

from appgen.profile import Standing
from appgen.scenarios import DEV, LG, SC, E, N, R, U


def _projects(spec: str, tag: str) -> dict:
    """Reuse a first-batch exclusion history (same sentence templates)."""
    return next(m for k, t, _, _, m in DEV if (k, t) == (spec, tag))


QUESTIONNAIRE = [
    ("cz_hvp", "clean_enterprise", E, "常州", {}),
    ("cz_hvp", "fail_profit_tax_below", E, "常州", {"pt": [2100.0, 1999.5, 2200.0]}),
    ("cz_hvp", "pass_exemption_little_giant", E, "常州", {"pt": [1480.0, 1620.0, 1710.0], "standings": [LG]}),
    ("cz_hvp", "review_rd_ratio_mixed", E, "常州", {"rd": [3.20, 3.70, 3.90]}),
    ("cz_hvp", "fail_ip_staff_below", E, "常州", {"ip_staff": 2}),
    ("js3_new", "clean_university", U, None, {}),
    ("js3_new", "pass_pct_counting", E, None, {"patents": (82, 45, 3)}),
    ("js3_new", "fail_led_provincial_hvp", E, None, _projects("js3_new", "fail_led_provincial_hvp")),
    ("js3_new", "missing_construction_plan", E, None, {"drop": "construction_plan"}),
    ("js3_new", "fail_ip_expense_below", E, None, {"ip": 4.95}),
    ("js22_brand", "clean_enterprise", E, None, {}),
    ("js22_brand", "fail_wrong_applicant_type", R, None, {}),
    ("js4_uni", "clean_research_institute", R, None, {}),
    ("js4_uni", "fail_grants_below", U, None, {"grants": [140, 150, 155], "inv_grants": [45, 50, 52]}),
    ("js26_tech", "clean_new_rd_institution", N, None, {}),
    ("js26_tech", "fail_outside_region", E, "成都", {}),
    ("js26_chain", "clean_joint", E, None, {"partners": 2}),
    ("js26_chain", "fail_joint_three_partners", E, None, {"partners": 3}),
    ("gz_adv", "pass_patent_product_ratio_above", E, "遵义", {"ppr": [40.05, 41.0]}),
    ("gz_hvp", "fail_patents_below", R, "贵阳", {"patents": (28, 10, 0)}),
]

REPORT_PROSE = [
    ("cz_hvp", "clean_enterprise", E, "常州", {}),
    ("cz_hvp", "fail_rd_ratio_below", E, "常州", {"rd": [3.49, 3.49, 3.49]}),
    ("cz_hvp", "pass_award_halving", E, "常州", {"patents": (64, 29, 0), "standings": [
        Standing("award", "provincial_patent_award", "江苏专利奖", 2022, "provincial")]}),
    ("cz_hvp", "missing_credit_commitment", E, "常州", {"drop": "credit_commitment"}),
    ("cz_hvp", "fail_excluded_provincial_hvp", E, "常州", _projects("cz_hvp", "fail_excluded_provincial_hvp")),
    ("js3_new", "clean_enterprise", E, None, {}),
    ("js3_new", "pass_profit_tax_above", E, None, {"pt": [2001.0, 2100.0, 2350.0]}),
    ("js3_new", "pass_exemption_single_champion", E, None, {"pt": [1300.0, 1420.0, 1510.0], "standings": [SC]}),
    ("js3_new", "fail_award_too_old", E, None, {"patents": (61, 28, 0), "standings": [
        Standing("award", "china_patent_award", "中国专利优秀奖", 2018, "national")]}),
    ("js3_new", "clean_research_institute", R, None, {}),
    ("js3_new", "pass_key_lab_halving", R, None, {"patents": (55, 29, 0), "standings": [
        Standing("platform", "provincial_key_lab", "省重点实验室", 2017, "provincial")]}),
    ("js22_brand", "fail_ongoing_unpaid_project", E, None, _projects("js22_brand", "fail_ongoing_unpaid_project")),
    ("js22_brand", "pass_rd_ratio_above", E, None, {"rd": [2.8, 2.9, 3.02]}),
    ("js4_uni", "pass_commercialization_amount_only", U, None, {"comm": [11, 12, 14], "comm_amt": [1520, 1580, 1720]}),
    ("js4_uni", "fail_commercialization_staff_below", R, None, {"comm_staff": 1}),
    ("js26_tech", "fail_late_submission", E, None, {"late": date(2026, 6, 3)}),
    ("js26_chain", "fail_joint_one_partner", E, None, {"partners": 1}),
    ("gz_adv", "fail_holds_national_ip_advantage", E, "贵阳", {"standings": [
        Standing("title", "national_ip_advantage", "国家知识产权优势企业", 2021, "national")]}),
    ("gz_adv", "review_patent_product_ratio_mixed", E, "遵义", {"ppr": [38.0, 43.5]}),
    ("gz_hvp", "clean_university", U, "贵阳", {}),
]

# `dossier` (申报材料汇编): aimed at attachments. "pending" keeps a material's 目录
# line and its 附件 section, but the section says 暂缺/后补 — listed, not supplied,
# so the gold has no attachment for it (a `missing_` scenario when it is required).
DOSSIER = [
    ("cz_hvp", "clean_enterprise", E, "常州", {}),
    ("cz_hvp", "fail_patents_below", E, "常州", {"patents": (99, 49, 0)}),
    ("cz_hvp", "pass_pct_counting", E, "常州", {"patents": (84, 46, 2)}),
    ("cz_hvp", "fail_ip_staff_below", E, "常州", {"ip_staff": 2}),
    ("cz_hvp", "missing_credit_commitment", E, "常州", {"drop": "credit_commitment"}),
    ("cz_hvp", "clean_invalid_credit_code", E, "常州", {"code": "bad_check"}),
    ("js3_new", "clean_enterprise", E, None, {}),
    ("js3_new", "review_rd_ratio_mixed", E, None, {"rd": [3.30, 3.60, 3.85]}),
    ("js3_new", "missing_construction_plan", E, None, {"pending": "construction_plan"}),
    ("js3_new", "pass_award_halving", E, None, {"patents": (63, 26, 0), "standings": [
        Standing("award", "provincial_patent_award", "江苏专利奖", 2020, "provincial")]}),
    ("js3_new", "fail_ongoing_unpaid_project", E, None, _projects("js3_new", "fail_ongoing_unpaid_project")),
    ("js22_brand", "clean_audit_report_pending", E, None, {"pending": "audit_report"}),
    ("js22_brand", "fail_profit_tax_below", E, None, {"pt": [2300.0, 2150.0, 1998.0]}),
    ("js4_uni", "clean_university", U, None, {}),
    ("js4_uni", "missing_construction_plan", R, None, {"drop": "construction_plan"}),
    ("js26_tech", "clean_enterprise", E, None, {}),
    ("js26_tech", "fail_led_provincial_hvp", E, None, _projects("js26_tech", "fail_led_provincial_hvp")),
    ("js26_chain", "clean_joint", E, None, {"partners": 2}),
    ("js26_chain", "missing_cooperation_agreement", E, None, {"partners": 2, "pending": "cooperation_agreement"}),
    ("gz_adv", "review_patent_product_ratio_mixed", E, "遵义", {"ppr": [38.5, 43.0]}),
    ("gz_adv", "fail_outside_region", E, "成都", {}),
    ("gz_hvp", "pass_patents_at_threshold", U, "贵阳", {"patents": (30, 11, 0)}),
]

EXTRA = {"questionnaire": QUESTIONNAIRE, "report_prose": REPORT_PROSE, "dossier": DOSSIER}
