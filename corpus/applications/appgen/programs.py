"""The target programs as the generator reads them from the seed notices.

Why a second, hand-written reading of the guides: expected outcomes must not
come from the pipeline's own guide extraction. Each spec mirrors one program
of the guide gold files (corpus/guides/<id>/gold.yaml) closely enough to apply
the shared screening semantics (notes/screening_semantics.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

INSTITUTIONS = ("university", "research_institute")


@dataclass(frozen=True)
class T:
    """A numeric threshold (period: last_3_years, last_2_years, last_year, current)."""

    metric: str
    op: str
    value: float
    period: str
    agg: str | None = None  # each_year, average, None = ambiguous (both readings)
    applies_to: tuple[str, ...] = ()
    exemptions: tuple[str, ...] = ()
    other_route: bool = False  # 或是通过专利许可…: a non-numeric alternative, so a miss is for a person to judge


@dataclass(frozen=True)
class AnyOf:
    members: tuple[T, ...]
    applies_to: tuple[str, ...] = ()
    halve_triggers: tuple[str, ...] = ()  # award_within_3y, key_lab
    halve_awards: tuple[str, ...] = ()     # award ids the guide names for halving
    pct_factor: float | None = None        # PCT national phase counted toward invention patents


@dataclass(frozen=True)
class Excl:
    kind: str  # led_same_program, ongoing_project, ongoing_unaccepted, holds_title
    programs: tuple[str, ...] = ()
    level: str | None = None
    titles: tuple[str, ...] = ()
    applies_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spec:
    key: str
    guide: str
    program: str
    track: str | None
    year: int
    title: str            # the program name an applicant writes
    track_text: str | None
    types: tuple[str, ...]
    province: str
    city: str | None
    deadline: date | None
    conditions: tuple = ()
    qualitative: bool = True
    ip_department: str | None = None   # "independent" when the guide says 有独立的…
    attestation: bool = True
    exclusions: tuple[Excl, ...] = ()
    materials: tuple[str, ...] = ()    # applicant-supplied required materials (ids)
    joint_partners: int | None = None  # exact number of partners required
    fin_years: tuple[int, ...] = ()
    kind: str = "high_value_patent"


def _patents(types, awards, key_lab=False):
    return AnyOf(
        (T("valid_patents", ">=", 100, "current"), T("valid_invention_patents", ">=", 50, "current")),
        applies_to=types, halve_triggers=("award_within_3y",) + (("key_lab",) if key_lab else ()),
        halve_awards=awards, pct_factor=2.0,
    )


_EXEMPT = ("single_champion", "little_giant")
_JS_AWARDS = ("national_sci_award", "provincial_sci_award", "china_patent_award",
              "provincial_inventor_award", "provincial_patent_award")

SPECS: dict[str, Spec] = {s.key: s for s in [
    Spec(
        "cz_hvp", "cz2023_hvp", "main", None, 2023, "2023年度常州市高价值专利培育示范中心建设项目", None,
        ("enterprise",), "江苏省", "常州市", date(2023, 6, 21),
        conditions=(
            T("rd_expense_ratio", ">=", 3.5, "last_3_years"),
            T("ip_expense_ratio", ">=", 5, "last_year"),
            T("profit_tax", ">=", 2000, "last_3_years", "each_year", exemptions=_EXEMPT),
            T("ip_staff", ">=", 3, "current"),
            _patents((), ("national_sci_award", "provincial_sci_award", "china_patent_award", "provincial_patent_award")),
        ),
        ip_department="independent",
        exclusions=(Excl("led_same_program", ("high_value_patent",), "provincial"),),
        materials=("credit_commitment",), fin_years=(2020, 2021, 2022),
    ),
    Spec(
        "js3_new", "js2022_140", "附件3", "新建项目", 2022, "2022年度省高价值专利培育计划项目", "新建项目",
        ("enterprise", "key_lab", "new_rd_institution", "university", "research_institute"), "江苏省", None,
        date(2022, 1, 30),
        conditions=(
            T("rd_expense_ratio", ">=", 3.5, "last_3_years", applies_to=("enterprise",)),
            T("ip_expense_ratio", ">=", 5, "last_year", applies_to=("enterprise",)),
            T("profit_tax", ">=", 2000, "last_3_years", "each_year", applies_to=("enterprise",), exemptions=_EXEMPT),
            T("ip_staff", ">=", 3, "current"),
            _patents(("enterprise",), _JS_AWARDS),
            _patents(("university", "research_institute", "key_lab", "new_rd_institution"), _JS_AWARDS, key_lab=True),
        ),
        ip_department="independent",
        exclusions=(
            Excl("led_same_program", ("high_value_patent",), "provincial"),
            Excl("ongoing_unaccepted", ("ip_strategy",), "provincial"),
        ),
        materials=("credit_commitment", "construction_plan"), fin_years=(2019, 2020, 2021),
    ),
    Spec(
        "js22_brand", "js2022_140", "附件2-2", None, 2022, "2022年度省商标品牌培育和保护项目（工业品牌）", None,
        ("enterprise",), "江苏省", None, date(2022, 1, 30),
        conditions=(
            T("profit_tax", ">=", 2000, "last_year", exemptions=_EXEMPT),
            T("ip_staff", ">=", 3, "current"),
            T("ip_expense_ratio", ">=", 5, "last_year"),
            T("rd_expense_ratio", ">=", 3, "last_year"),
        ),
        ip_department="independent",
        exclusions=(Excl("ongoing_project", ("ip_strategy", "high_value_patent"), "provincial"),),
        materials=("credit_commitment",), fin_years=(2019, 2020, 2021), kind="brand",
    ),
    Spec(
        "js4_uni", "js2022_140", "附件4", "高校院所知识产权运营能力提升", 2022, "2022年度省专利转化专项计划项目",
        "高校院所知识产权运营能力提升", INSTITUTIONS, "江苏省", None, date(2022, 1, 30),
        conditions=(
            T("ip_staff", ">=", 5, "current"),
            T("commercialization_staff", ">=", 2, "current"),
            AnyOf((T("patent_grants", ">", 150, "last_3_years", "average"),
                   T("invention_grants", ">", 50, "last_3_years", "average"))),
            AnyOf((T("patents_commercialized", ">", 15, "last_3_years", "average"),
                   T("commercialization_amount", ">", 1500, "last_3_years", "average"))),
        ),
        attestation=False, materials=("construction_plan",), fin_years=(2019, 2020, 2021), kind="commercialization",
    ),
    Spec(
        "js26_tech", "js2026_hvp", "附件1", "技术创新类", 2026, "2026年省高价值专利培育计划项目", "技术创新类",
        ("enterprise", "university", "research_institute", "new_rd_institution"), "江苏省", None, date(2026, 5, 31),
        exclusions=(
            Excl("led_same_program", ("high_value_patent",), "provincial"),
            Excl("ongoing_project", ("ip_strategy", "high_value_patent", "ip_program"), "provincial"),
        ),
        materials=("credit_commitment",), fin_years=(2023, 2024, 2025),
    ),
    Spec(
        "js26_chain", "js2026_hvp", "附件1", "产业链协同攻关类", 2026, "2026年省高价值专利培育计划项目", "产业链协同攻关类",
        ("enterprise",), "江苏省", None, date(2026, 5, 31),
        exclusions=(
            Excl("led_same_program", ("high_value_patent",), "provincial"),
            Excl("ongoing_project", ("ip_strategy", "high_value_patent", "ip_program"), "provincial"),
        ),
        materials=("credit_commitment", "cooperation_agreement"), joint_partners=2, fin_years=(2023, 2024, 2025),
    ),
    Spec(
        "gz_adv", "gz_2025", "二", None, 2026, "贵州省知识产权优势企业培育项目", None,
        ("enterprise",), "贵州省", None, None,
        conditions=(T("patent_product_revenue_ratio", ">=", 40, "last_2_years", other_route=True),),
        attestation=False,
        exclusions=(Excl("holds_title", titles=("national_ip_advantage", "national_ip_demonstration",
                                                "provincial_ip_advantage")),),
        fin_years=(2024, 2025), kind="ip_advantage",
    ),
    Spec(
        "gz_hvp", "gz_2025", "一", None, 2026, "贵州省高价值专利培育项目", None,
        ("university", "research_institute", "enterprise"), "贵州省", None, None,
        conditions=(T("valid_patents", ">=", 30, "current", applies_to=INSTITUTIONS),),
        attestation=False, fin_years=(2024, 2025),
    ),
]}
