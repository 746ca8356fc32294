"""The scenario list: which applicant, which program, what is special about it.

Tag prefix states the decision a reader expects (checked against the rule
code at generation time and again by the tests):
clean_/pass_/review_ → needs_review (qualitative conditions always need a
person), fail_ → ineligible, missing_ → incomplete.
"""
from __future__ import annotations

from datetime import date

from appgen.profile import Profile, Project, Standing, set_ip_ratio, set_ppr, set_ratio

E, U, R, N = "enterprise", "university", "research_institute", "new_rd_institution"

LG = Standing("title", "little_giant", "国家级专精特新“小巨人”企业", 2021, "national")
SC = Standing("title", "single_champion", "国家制造业单项冠军企业", 2020, "national")


def _p(text, name, program, level, year, role, status):
    return Project(text, name, program, level, year, role, status)


DEV = [
    # 常州市高价值专利培育示范中心 2023 (years 2020-2022)
    ("cz_hvp", "clean_enterprise", E, "常州", {}),
    ("cz_hvp", "fail_rd_ratio_below", E, "常州", {"rd": [3.49, 3.49, 3.49]}),
    ("cz_hvp", "pass_rd_ratio_above", E, "常州", {"rd": [3.51, 3.51, 3.51]}),
    ("cz_hvp", "review_rd_ratio_mixed", E, "常州", {"rd": [3.30, 3.80, 3.90]}),
    ("cz_hvp", "fail_ip_expense_below", E, "常州", {"ip": 4.98}),
    ("cz_hvp", "pass_ip_expense_above", E, "常州", {"ip": 5.02}),
    ("cz_hvp", "fail_profit_tax_below", E, "常州", {"pt": [1999.0, 1985.5, 1990.0]}),
    ("cz_hvp", "pass_profit_tax_above", E, "常州", {"pt": [2001.0, 2150.0, 2300.0]}),
    ("cz_hvp", "pass_exemption_little_giant", E, "常州", {"pt": [1520.5, 1680.0, 1750.0], "standings": [LG]}),
    ("cz_hvp", "fail_patents_below", E, "常州", {"patents": (99, 49, 0)}),
    ("cz_hvp", "pass_patents_at_threshold", E, "常州", {"patents": (100, 49, 0)}),
    ("cz_hvp", "pass_award_halving", E, "常州", {"patents": (62, 28, 0), "standings": [
        Standing("award", "provincial_patent_award", "江苏专利奖", 2021, "provincial")]}),
    ("cz_hvp", "pass_pct_counting", E, "常州", {"patents": (80, 44, 3)}),
    ("cz_hvp", "fail_ip_staff_below", E, "常州", {"ip_staff": 2}),
    ("cz_hvp", "fail_excluded_provincial_hvp", E, "常州", {"projects": [_p(
        "2021年作为牵头单位承担江苏省高价值专利培育计划项目“{dom}高价值专利培育示范中心”，目前正在实施",
        "江苏省高价值专利培育计划项目“{dom}高价值专利培育示范中心”", "high_value_patent", "provincial", 2021, "lead",
        "ongoing")]}),
    ("cz_hvp", "fail_outside_region", E, "无锡", {}),
    ("cz_hvp", "missing_credit_commitment", E, "常州", {"drop": "credit_commitment"}),
    ("cz_hvp", "fail_late_submission", E, "常州", {"late": date(2023, 7, 5)}),
    ("cz_hvp", "clean_invalid_credit_code", E, "常州", {"code": "bad_check"}),
    # 江苏 2022 高价值专利 新建项目, enterprises (years 2019-2021)
    ("js3_new", "clean_enterprise", E, None, {}),
    ("js3_new", "fail_rd_ratio_below", E, None, {"rd": [3.49, 3.49, 3.49]}),
    ("js3_new", "pass_rd_ratio_above", E, None, {"rd": [3.51, 3.51, 3.51]}),
    ("js3_new", "review_rd_ratio_mixed", E, None, {"rd": [3.40, 3.70, 3.80]}),
    ("js3_new", "fail_ip_expense_below", E, None, {"ip": 4.98}),
    ("js3_new", "fail_profit_tax_below", E, None, {"pt": [1999.0, 1980.0, 1995.0]}),
    ("js3_new", "pass_profit_tax_above", E, None, {"pt": [2001.0, 2080.0, 2260.0]}),
    ("js3_new", "pass_exemption_single_champion", E, None, {"pt": [1200.0, 1350.0, 1400.0], "standings": [SC]}),
    ("js3_new", "fail_patents_below", E, None, {"patents": (99, 49, 0)}),
    ("js3_new", "pass_award_halving", E, None, {"patents": (60, 27, 0), "standings": [
        Standing("award", "china_patent_award", "中国专利优秀奖", 2020, "national")]}),
    ("js3_new", "fail_award_too_old", E, None, {"patents": (60, 27, 0), "standings": [
        Standing("award", "china_patent_award", "中国专利优秀奖", 2017, "national")]}),
    ("js3_new", "pass_pct_counting", E, None, {"patents": (85, 44, 3)}),
    ("js3_new", "fail_led_provincial_hvp", E, None, {"projects": [_p(
        "2018年作为牵头单位承担省高价值专利培育计划项目“{dom}高价值专利培育示范中心”，已于2021年通过验收",
        "省高价值专利培育计划项目“{dom}高价值专利培育示范中心”", "high_value_patent", "provincial", 2018, "lead",
        "accepted")]}),
    ("js3_new", "fail_ongoing_unpaid_project", E, None, {"projects": [_p(
        "2020年度省企业知识产权战略推进计划项目“{dom}知识产权战略推进”尚未验收，尾款未拨付",
        "2020年度省企业知识产权战略推进计划项目“{dom}知识产权战略推进”", "ip_strategy", "provincial", 2020, "lead",
        "unpaid")]}),
    ("js3_new", "fail_outside_region", E, "杭州", {}),
    ("js3_new", "missing_credit_commitment", E, None, {"drop": "credit_commitment"}),
    ("js3_new", "missing_construction_plan", E, None, {"drop": "construction_plan"}),
    ("js3_new", "fail_late_submission", E, None, {"late": date(2022, 2, 14)}),
    ("js3_new", "clean_invalid_org_code", E, None, {"code": "bad_org"}),
    ("js3_new", "fail_ip_staff_below", E, None, {"ip_staff": 2}),
    # 新建项目, institutions
    ("js3_new", "clean_university", U, None, {}),
    ("js3_new", "clean_research_institute", R, None, {}),
    ("js3_new", "clean_new_rd_institution", N, None, {}),
    ("js3_new", "pass_key_lab_halving", R, None, {"patents": (58, 30, 0), "standings": [
        Standing("platform", "provincial_key_lab", "省重点实验室", 2016, "provincial")]}),
    ("js3_new", "fail_patents_below_university", U, None, {"patents": (99, 49, 0)}),
    ("js3_new", "fail_ip_staff_below_university", U, None, {"ip_staff": 2}),
    # 工业品牌 (last year 2021)
    ("js22_brand", "clean_enterprise", E, None, {}),
    ("js22_brand", "fail_profit_tax_below", E, None, {"pt": [1850.0, 1920.0, 1999.0]}),
    ("js22_brand", "pass_profit_tax_above", E, None, {"pt": [1850.0, 1920.0, 2001.0]}),
    ("js22_brand", "pass_exemption_little_giant", E, None, {"pt": [1100.0, 1260.0, 1380.0], "standings": [LG]}),
    ("js22_brand", "fail_rd_ratio_below", E, None, {"rd": [3.2, 3.1, 2.99]}),
    ("js22_brand", "pass_rd_ratio_above", E, None, {"rd": [2.9, 2.95, 3.01]}),
    ("js22_brand", "fail_ip_expense_below", E, None, {"ip": 4.98}),
    ("js22_brand", "fail_ongoing_unpaid_project", E, None, {"projects": [_p(
        "正在承担2021年度省知识产权战略推进计划项目“{dom}企业知识产权战略推进”，尾款未拨付",
        "2021年度省知识产权战略推进计划项目“{dom}企业知识产权战略推进”", "ip_strategy", "provincial", 2021, "lead",
        "unpaid")]}),
    ("js22_brand", "missing_credit_commitment", E, None, {"drop": "credit_commitment"}),
    ("js22_brand", "fail_wrong_applicant_type", U, None, {}),
    # 专利转化 高校院所 (2019-2021)
    ("js4_uni", "clean_university", U, None, {}),
    ("js4_uni", "clean_research_institute", R, None, {}),
    ("js4_uni", "fail_grants_below", U, None, {"grants": [148, 150, 152], "inv_grants": [48, 50, 52]}),
    ("js4_uni", "pass_invention_grants_only", U, None, {"grants": [120, 130, 140], "inv_grants": [51, 52, 54]}),
    ("js4_uni", "fail_commercialization_below", R, None, {"comm": [14, 15, 16], "comm_amt": [1400, 1500, 1550]}),
    ("js4_uni", "pass_commercialization_amount_only", U, None, {"comm": [10, 12, 13], "comm_amt": [1510, 1600, 1700]}),
    ("js4_uni", "fail_ip_staff_below", U, None, {"ip_staff": 4}),
    ("js4_uni", "fail_commercialization_staff_below", R, None, {"comm_staff": 1}),
    ("js4_uni", "missing_construction_plan", U, None, {"drop": "construction_plan"}),
    # 2026 技术创新类
    ("js26_tech", "clean_enterprise", E, None, {}),
    ("js26_tech", "clean_university", U, None, {}),
    ("js26_tech", "clean_research_institute", R, None, {}),
    ("js26_tech", "clean_new_rd_institution", N, None, {}),
    ("js26_tech", "fail_led_provincial_hvp", E, None, {"projects": [_p(
        "2022年作为牵头单位承担省高价值专利培育计划项目“{dom}高价值专利培育示范中心”，2025年通过验收",
        "省高价值专利培育计划项目“{dom}高价值专利培育示范中心”", "high_value_patent", "provincial", 2022, "lead",
        "accepted")]}),
    ("js26_tech", "fail_ongoing_unpaid_project", E, None, {"projects": [_p(
        "承担的2024年度省知识产权战略推进计划项目“{dom}知识产权战略推进”已完成验收，尾款未拨付",
        "2024年度省知识产权战略推进计划项目“{dom}知识产权战略推进”", "ip_strategy", "provincial", 2024, "lead",
        "unpaid")]}),
    ("js26_tech", "fail_outside_region", E, "合肥", {}),
    ("js26_tech", "fail_late_submission", U, None, {"late": date(2026, 6, 12)}),
    ("js26_tech", "missing_credit_commitment", E, None, {"drop": "credit_commitment"}),
    # 2026 产业链协同攻关类
    ("js26_chain", "clean_joint", E, None, {"partners": 2}),
    ("js26_chain", "fail_joint_one_partner", E, None, {"partners": 1}),
    ("js26_chain", "fail_joint_three_partners", E, None, {"partners": 3}),
    ("js26_chain", "missing_cooperation_agreement", E, None, {"partners": 2, "drop": "cooperation_agreement"}),
    # 贵州 知识产权优势企业 (2024-2025)
    ("gz_adv", "clean_enterprise", E, "贵阳", {}),
    ("gz_adv", "review_patent_product_ratio_below_other_route", E, "遵义", {"ppr": [39.9, 39.8]}),
    ("gz_adv", "pass_patent_product_ratio_above", E, "贵阳", {"ppr": [40.1, 40.2]}),
    ("gz_adv", "review_patent_product_ratio_mixed", E, "安顺", {"ppr": [37.5, 44.0]}),
    ("gz_adv", "fail_holds_national_ip_advantage", E, "贵阳", {"standings": [
        Standing("title", "national_ip_advantage", "国家知识产权优势企业", 2022, "national")]}),
    ("gz_adv", "fail_holds_provincial_ip_advantage", E, "毕节", {"standings": [
        Standing("title", "provincial_ip_advantage", "贵州省知识产权优势企业", 2021, "provincial")]}),
    ("gz_adv", "fail_outside_region", E, "成都", {}),
    # 贵州 高价值专利培育
    ("gz_hvp", "clean_university", U, "贵阳", {}),
    ("gz_hvp", "clean_research_institute", R, "贵阳", {}),
    ("gz_hvp", "clean_enterprise", E, "遵义", {}),
    ("gz_hvp", "fail_patents_below", U, "贵阳", {"patents": (29, 11, 0)}),
    ("gz_hvp", "pass_patents_at_threshold", R, "贵阳", {"patents": (30, 12, 0)}),
]

HELDOUT = [
    ("cz_hvp", "clean_enterprise", E, "常州", {}),
    ("cz_hvp", "fail_rd_ratio_below", E, "常州", {"rd": [3.49, 3.49, 3.49]}),
    ("cz_hvp", "pass_exemption_little_giant", E, "常州", {"pt": [1520.5, 1680.0, 1750.0], "standings": [LG]}),
    ("js3_new", "clean_enterprise", E, None, {}),
    ("js3_new", "pass_award_halving", E, None, {"patents": (60, 27, 0), "standings": [
        Standing("award", "provincial_patent_award", "江苏专利奖", 2019, "provincial")]}),
    ("js3_new", "fail_led_provincial_hvp", E, None, next(m for k, t, _, _, m in DEV if (k, t) == ("js3_new", "fail_led_provincial_hvp"))),
    ("js3_new", "clean_university", U, None, {}),
    ("js3_new", "review_rd_ratio_mixed", E, None, {"rd": [3.30, 3.75, 3.85]}),
    ("js22_brand", "fail_profit_tax_below", E, None, {"pt": [1850.0, 1920.0, 1999.0]}),
    ("js4_uni", "clean_university", U, None, {}),
    ("js26_tech", "clean_enterprise", E, None, {}),
    ("js26_tech", "missing_credit_commitment", E, None, {"drop": "credit_commitment"}),
    ("js26_chain", "fail_joint_one_partner", E, None, {"partners": 1}),
    ("gz_adv", "clean_enterprise", E, "贵阳", {}),
    ("gz_adv", "fail_holds_national_ip_advantage", E, "遵义", {"standings": [
        Standing("title", "national_ip_advantage", "国家知识产权优势企业", 2023, "national")]}),
    ("gz_hvp", "fail_patents_below", R, "贵阳", {"patents": (29, 10, 0)}),
]


def expected_decision(tag: str) -> str:
    return {"clean": "needs_review", "pass": "needs_review", "review": "needs_review",
            "fail": "ineligible", "missing": "incomplete"}[tag.split("_")[0]]


def apply(p: Profile, mods: dict, partner_names: list[str]) -> None:
    rng = p.rng
    if "rd" in mods:
        ipr = [p.fin["ip_expense"][y] / p.fin["rd_expense"][y] * 100 for y in p.years]
        set_ratio(p, "rd_expense", mods["rd"])
        p.fin["ip_expense"] = {y: round(p.fin["rd_expense"][y] * r / 100, 2) for y, r in zip(p.years, ipr)}
    if "ip" in mods:
        set_ip_ratio(p, mods["ip"])
    if "pt" in mods:
        p.fin["profit_tax"] = dict(zip(p.years, mods["pt"]))
    if "ppr" in mods:
        set_ppr(p, mods["ppr"])
    if "patents" in mods:
        vp, vi, pct = mods["patents"]
        p.stock.update(valid_patents=vp, valid_invention_patents=vi, pct_national_phase=pct)
    if "ip_staff" in mods:
        p.stock["ip_staff"] = mods["ip_staff"]
    if "comm_staff" in mods:
        p.stock["commercialization_staff"] = mods["comm_staff"]
    for key, metric in (("grants", "patent_grants"), ("inv_grants", "invention_grants"),
                        ("comm", "patents_commercialized"), ("comm_amt", "commercialization_amount")):
        if key in mods:
            p.yearly[metric] = {y: float(v) for y, v in zip(p.years, mods[key])}
    for s in mods.get("standings", []):
        p.standings = [x for x in p.standings if x.kind != s.kind or x.id != s.id] + [s]
    for pr in mods.get("projects", []):
        dom = rng.choice(["新能源汽车电驱系统", "高端轴承", "功率半导体", "先进碳材料", "智能传感器"])
        p.projects.append(Project(pr.text.format(dom=dom), pr.name.format(dom=dom), pr.program, pr.level,
                                  pr.year, pr.role, pr.status))
    if mods.get("code"):
        from appgen import codes
        p.code = codes.break_check(p.code) if mods["code"] == "bad_check" else codes.break_org(p.code)
        p.code_state = mods["code"]
    if mods.get("drop"):
        p.materials = [m for m in p.materials if m[0] != mods["drop"]]
        if mods["drop"] == "credit_commitment":
            p.commitment_page = False
    if mods.get("late"):
        p.submitted = mods["late"]
    p.partners = partner_names[: mods.get("partners", 0)]
