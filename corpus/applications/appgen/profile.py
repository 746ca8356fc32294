"""The facts of one synthetic applicant, before any wording or layout.

Why separate facts from rendering: one scenario (say 利税 just below 2000万元)
must read the same in a form table, in prose and in a portal printout, and the
gold claims are written by the layout from these facts, quote by quote.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from appgen import codes, names
from appgen.programs import Spec

DOMAINS = ["高端装备", "新能源汽车核心零部件", "碳纤维复合材料", "集成电路封装测试", "工业机器人", "生物医药",
           "新型储能", "智能电网", "精密减速器", "光伏组件", "高性能膜材料", "医疗影像设备", "工业互联网", "特高压设备"]


@dataclass
class Standing:
    kind: str   # title, award, platform
    id: str
    text: str   # as written
    year: int | None
    level: str | None


@dataclass
class Project:
    text: str       # the sentence naming the project
    name: str
    program: str | None
    level: str
    year: int | None  # the fact; the gold states it only where the text does (Acc.project)
    role: str
    status: str


@dataclass
class Profile:
    id: str
    layout: str
    split: str
    scenario: str
    spec: Spec
    atype: str
    name: str
    short: str
    code: str
    code_state: str
    address: str
    province: str
    city: str
    division: str
    rep: str
    founded: int
    project_name: str
    submitted: date
    fin: dict[str, dict[int, float]] = field(default_factory=dict)
    split_pt: bool = False
    stock: dict[str, int] = field(default_factory=dict)
    yearly: dict[str, dict[int, float]] = field(default_factory=dict)
    ip_dept: str | None = "independent"
    standings: list[Standing] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    attest: bool = True
    materials: list[tuple[str, str]] = field(default_factory=list)
    commitment_page: bool = True
    partners: list[str] = field(default_factory=list)
    features: set[str] = field(default_factory=set)
    rng: random.Random = field(default_factory=random.Random, repr=False)

    @property
    def years(self) -> list[int]:
        return list(self.spec.fin_years)

    @property
    def is_enterprise(self) -> bool:
        return self.atype == "enterprise"


AUTHORITY = {"enterprise": ("9", "1"), "university": ("1", "2"), "research_institute": ("1", "2"),
             "new_rd_institution": ("5", "2"), "key_lab": ("1", "2")}


def base(rng: random.Random, pid: str, layout: str, split: str, scenario: str, spec: Spec, atype: str,
         city_key: str, used: set[str]) -> Profile:
    addr, prov, city, division = names.address(rng, city_key)
    short_city = city_key
    if atype == "enterprise":
        name = names.company(rng, short_city, used)
        short = name[len(short_city):len(short_city) + 2]
        short = short + "公司"
    else:
        name = names.institution(rng, atype, prov, used)
        short = {"university": "学校", "research_institute": "本所", "new_rd_institution": "研究院"}[atype]
        if atype == "research_institute" and name.endswith("研究院"):
            short = "本院"
    auth, cat = AUTHORITY[atype]
    code = codes.make_code(rng, division, auth, cat)
    y = spec.fin_years[-1] + 1 if spec.fin_years else spec.year
    dl = spec.deadline
    if dl:
        submitted = date(dl.year, dl.month, max(1, dl.day - rng.randint(3, 20)))
    else:
        submitted = date(y, 3, rng.randint(2, 27))
    p = Profile(
        id=pid, layout=layout, split=split, scenario=scenario, spec=spec, atype=atype, name=name, short=short,
        code=code, code_state="valid", address=addr, province=prov, city=city, division=division,
        rep=names.person(rng), founded=rng.randint(1995, 2012),
        project_name=_project_name(rng, spec, name), submitted=submitted, rng=rng,
    )
    _fill_numbers(p)
    _fill_defaults(p)
    return p


def _project_name(rng: random.Random, spec: Spec, name: str) -> str:
    dom = rng.choice(DOMAINS)
    return {
        "high_value_patent": f"{dom}高价值专利培育示范中心",
        "brand": f"“{name[2:4]}”工业品牌培育",
        "commercialization": f"{name}知识产权运营中心建设",
        "ip_advantage": f"{dom}知识产权优势企业培育",
    }[spec.kind]


def _fill_numbers(p: Profile) -> None:
    rng, years = p.rng, p.years
    if p.is_enterprise and years:
        r0 = rng.randint(300, 2000) * 100.0
        rev = {}
        for i, yr in enumerate(years):
            rev[yr] = round(r0 * (1 + 0.12 * i + rng.uniform(-0.03, 0.05)) / 100) * 100.0
        p.fin["revenue"] = rev
        set_ratio(p, "rd_expense", [rng.uniform(4.0, 6.5) for _ in years])
        set_ip_ratio(p, rng.uniform(6.0, 9.0))
        p.fin["profit_tax"] = {yr: round(rng.uniform(2600, 9800), 2) for yr in years}
        if p.spec.kind == "ip_advantage":
            set_ppr(p, [rng.uniform(45, 70) for _ in years])
    if p.is_enterprise:
        vp = rng.randint(130, 420)
        p.stock.update(valid_patents=vp, valid_invention_patents=rng.randint(55, min(vp - 20, 180)),
                       pct_national_phase=rng.choice([0, 0, 2, 4, 6]))
    else:
        vp = rng.randint(160, 900)
        p.stock.update(valid_patents=vp, valid_invention_patents=rng.randint(60, vp // 2))
    p.stock["ip_staff"] = rng.randint(4, 12)
    if p.spec.kind == "commercialization":
        p.stock["ip_staff"] = rng.randint(6, 14)
        p.stock["commercialization_staff"] = rng.randint(2, 5)
        p.yearly["patent_grants"] = {yr: float(rng.randint(170, 420)) for yr in years}
        p.yearly["invention_grants"] = {yr: float(rng.randint(60, 200)) for yr in years}
        p.yearly["patents_commercialized"] = {yr: float(rng.randint(18, 60)) for yr in years}
        p.yearly["commercialization_amount"] = {yr: float(rng.randint(1600, 6000)) for yr in years}
    if p.spec.key == "gz_hvp" and not p.is_enterprise:
        vp = rng.randint(36, 140)
        p.stock.update(valid_patents=vp, valid_invention_patents=rng.randint(12, vp // 2))


def set_ratio(p: Profile, metric: str, ratios: list[float]) -> None:
    """rd_expense = revenue × ratio, rounded so the computed ratio keeps its side of 0.01%."""
    p.fin[metric] = {yr: _scaled(p.fin["revenue"][yr], r) for yr, r in zip(p.years, ratios)}


def set_ip_ratio(p: Profile, ratio: float, years: list[int] | None = None) -> None:
    p.fin["ip_expense"] = {yr: _scaled(p.fin["rd_expense"][yr], ratio) for yr in (years or p.years)}


def set_ppr(p: Profile, ratios: list[float]) -> None:
    p.fin["patent_product_revenue"] = {yr: _scaled(p.fin["revenue"][yr], r) for yr, r in zip(p.years, ratios)}


def _scaled(base: float, pct: float) -> float:
    """base × pct%, to 0.01万元 (whole 元): revenues are multiples of 100万元, so
    a two-decimal target such as 3.49% is met exactly."""
    return round(base * pct / 100, 2)


def _fill_defaults(p: Profile) -> None:
    rng = p.rng
    if p.is_enterprise and rng.random() < 0.6:
        p.standings.append(Standing("title", "high_tech", "高新技术企业", rng.randint(2016, p.spec.year - 2), "national"))
    if p.is_enterprise and rng.random() < 0.4:
        p.standings.append(Standing("title", "ip_standard_certified", "《企业知识产权管理规范》（GB/T 29490）贯标认证",
                                    rng.randint(2017, p.spec.year - 2), "national"))
    if not p.is_enterprise and p.atype != "new_rd_institution" and rng.random() < 0.5:
        p.standings.append(Standing("platform", "engineering_center", f"{p.province}{rng.choice(DOMAINS)}工程技术研究中心",
                                    rng.randint(2012, 2019), "provincial"))
    if rng.random() < 0.5:
        dom = rng.choice(DOMAINS)
        yr = p.spec.year - rng.randint(1, 2)
        p.projects.append(Project(f"正在承担国家重点研发计划“{dom}关键技术研究”课题", f"国家重点研发计划“{dom}关键技术研究”课题",
                                  "sci_tech", "national", yr, "lead", "ongoing"))
    lic = rng.choice(["营业执照复印件", "营业执照"]) if p.is_enterprise else rng.choice(["事业单位法人证书", "法人证书复印件"])
    mats = [("business_license", lic)]
    if p.is_enterprise:
        mats.append(("audit_report", rng.choice(["近三年财务审计报告", "年度审计报告", "财务审计报告"])))
    mats.append(("patent_list", rng.choice(["有效专利清单", "专利证书复印件"])))
    if "construction_plan" in p.spec.materials:
        mats.append(("construction_plan", rng.choice(["高价值专利培育示范中心建设方案", "建设实施方案"])
                     if p.spec.kind == "high_value_patent" else "知识产权运营中心建设实施方案"))
    if "cooperation_agreement" in p.spec.materials:
        mats.append(("cooperation_agreement", rng.choice(["合作协议", "联合申报协议"])))
    mats.append(("attachments", rng.choice(["其他相关证明材料", "知识产权证明材料"])))
    commit = "诚信承诺书" if p.layout == "portal_export" else rng.choice(["信用承诺书", "信用承诺书", "诚信承诺书"])
    mats.insert(rng.randint(1, len(mats)), ("credit_commitment", commit))
    p.materials = mats
