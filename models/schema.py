"""Requirement schema: what a guide asks of applicants, each item with its source.

Why these shapes: the matcher evaluates conditions mechanically, so thresholds
are typed (metric, operator, value, unit, period, aggregation); what cannot be
checked mechanically (qualitative text, attestations) stays as text for a
person. Nothing here is valid without a `source` pointing at the guide sentence.
Metric, applicant-type and title ids are plain strings whose allowed values live
in the extractors' lexicon data files (checked by `shenbao validate`).
"""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

Operator = Literal[">=", ">", "<=", "<", "=="]
Aggregation = Literal["each_year", "total", "average", "latest", "any_year"]

SCHEMA_VERSION = "1.0"


class SourceRef(BaseModel):
    """The guide sentence an item was read from."""

    model_config = ConfigDict(extra="forbid")

    quote: str
    section: str = ""
    start: int | None = None
    end: int | None = None
    page: int | None = None


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = ""
    source: SourceRef | None = None


class Exemption(_Item):
    """Holders of these titles are not bound by the condition (e.g. 小巨人 and 利税)."""

    text: str
    titles: list[str] = Field(default_factory=list, description="title ids, e.g. little_giant, single_champion")


class Adjustment(_Item):
    """A rule that changes how a count is judged.

    kind `halve`: the requirement values are multiplied by `factor` (0.5) when the
    applicant has one of `triggers` (award_within_3y, national_key_lab ...), within
    `window_years` of the reference year when the guide states a window (近三年获…奖 → 3);
    None: the guide names no window, an award at any time counts.
    kind `count_as`: each unit of `from_metric` counts `factor` units of the
    target metric (PCT 按1:2抵算有效发明专利 → factor 2.0, the ratio read
    literally; 每2件折算为1件 → 0.5).
    kind `exclude`: items of `from_metric` must not be counted (子公司专利).
    """

    kind: Literal["halve", "count_as", "exclude"]
    text: str
    factor: float | None = None
    triggers: list[str] = Field(default_factory=list)
    window_years: int | None = Field(None, description="halve: the award window the guide states, in years; None = any time")
    from_metric: str | None = None
    metrics: list[str] = Field(default_factory=list, description="target metric ids")


class Threshold(_Item):
    """A numeric bound, as the sentence states it (open vocabulary).

    `subject` is the phrase the bound constrains, as written (年龄, 设备和技术投入,
    年节能量); `metric` is the known metric id it maps to, or "" when it maps to
    none: such a threshold is still a condition (the matcher sends it to a person
    with the guide sentence), never dropped. A range (10%（含）至15%) is `value`
    with `operator` and its upper bound in `value_max`; a band of a tiered rule
    names its band in `tier`.
    """

    kind: Literal["threshold"] = "threshold"
    metric: str = Field("", description="known metric id; empty when the subject maps to no known metric")
    subject: str = Field("", description="what the bound constrains, as written in the guide")
    metric_confidence: float | None = Field(
        None, description="1.0 (or None) when the lexicon named the metric; below that a fuzzy match, checked by a person")
    metric_reason: str | None = Field(None, description="why this metric id: 'lexicon: 研发费用' or 'similar to …'")
    operator: Operator
    value: float
    unit: str = Field(description="%, 万元, 件, 人, 家, 项, 年, 个 — or any unit as written: 岁, 吨标准煤, 千瓦, 平方米")
    value_max: float | None = Field(None, description="upper bound of a range (operator is then the lower bound's)")
    tier: str | None = Field(None, description="the band of a tiered rule this bound belongs to, as written")
    value_text: str = Field("", description="value as written, e.g. 2000万元, 3.5%")
    period: str | None = Field(
        None, description="last_3_years, last_2_years, last_year, within_3_years, year:2020, current"
    )
    aggregation: Aggregation | None = None
    applies_to: list[str] = Field(default_factory=list, description="applicant type ids; empty = all")
    tracks: list[str] = Field(default_factory=list, description="track ids; empty = all")
    exemptions: list[Exemption] = Field(default_factory=list)
    adjustments: list[Adjustment] = Field(default_factory=list)
    text: str = ""


class AnyOf(_Item):
    """At least one member must hold (有效专利不少于100件或有效发明专利不少于50件)."""

    kind: Literal["any_of"] = "any_of"
    members: list[Threshold]
    other: list[str] = Field(
        default_factory=list,
        description="alternatives that are not numbers (…40%以上，或是通过专利许可…实现): when no member passes, a person must judge them",
    )
    applies_to: list[str] = Field(default_factory=list)
    tracks: list[str] = Field(default_factory=list)
    exemptions: list[Exemption] = Field(default_factory=list)
    adjustments: list[Adjustment] = Field(default_factory=list)
    text: str = ""


class Qualitative(_Item):
    """A requirement a person must judge; kept verbatim."""

    kind: Literal["qualitative"] = "qualitative"
    text: str
    topic: str | None = Field(None, description="e.g. ip_department, rd_platform, industry_lead")
    applies_to: list[str] = Field(default_factory=list)
    tracks: list[str] = Field(default_factory=list)


class Attestation(_Item):
    """A statement the applicant must make or not contradict (无严重失信行为)."""

    kind: Literal["attestation"] = "attestation"
    text: str
    attestation: str = Field(description="id, e.g. no_serious_dishonesty, no_abnormal_patent_filing")
    applies_to: list[str] = Field(default_factory=list)
    tracks: list[str] = Field(default_factory=list)


Condition = Annotated[Union[Threshold, AnyOf, Qualitative, Attestation], Field(discriminator="kind")]


class Exclusion(_Item):
    """Who may not apply (已作为牵头单位承担过…不得申报)."""

    text: str
    kind: str = Field(
        "other",
        description="led_same_program, ongoing_project, ongoing_unaccepted, holds_title, same_group_joint, same_item, other; sanction: a penalty for misconduct (弄虚作假…取消资格), listed for people, never checked; record: a bad record the applicant must not have (无严重失信行为, 近三年未发生重大事故), its sentence often a condition as well",
    )
    applies_to: list[str] = Field(default_factory=list)
    tracks: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list, description="for holds_title: title ids that exclude")
    programs: list[str] = Field(default_factory=list, description="project/program names the history must match")
    level: str | None = Field(None, description="national, provincial, city, county")


class Material(_Item):
    name: str
    material: str = Field(description="canonical material id, e.g. application_form, credit_commitment")
    requirements: list[str] = Field(default_factory=list, description="signed, stamped, scanned, printed_a4 …")
    required: bool = True
    applies_to: list[str] = Field(default_factory=list, description="applicant type ids; empty = all")
    tracks: list[str] = Field(default_factory=list, description="track ids; empty = all (合作协议 only for joint tracks)")
    generic: bool = Field(False, description="a reference to documents in general (附件材料, 相关证明材料): "
                                             "guidance kept with its quote, never checked or flagged missing")


class Deadline(_Item):
    kind: Literal["online", "paper", "submission", "review", "recommendation"] = "submission"
    date: date
    time: str | None = Field(None, description="HH:MM when given")
    text: str = ""


class Channel(_Item):
    name: str
    url: str | None = None


class Quota(_Item):
    text: str
    max_count: int | None = None
    scope: str | None = Field(None, description="who recommends: 设区市, 武进区 …")
    condition: str | None = Field(None, description="e.g. 2025年发明专利授权量超过10000件")
    tracks: list[str] = Field(default_factory=list)
    unlimited: bool = False


class Funding(_Item):
    text: str
    count: int | None = Field(None, description="number of projects supported")
    amount_each: float | None = Field(None, description="万元 per project")
    max_amount: bool = Field(False, description="amount is a maximum (最高)")
    split: list[float] = Field(default_factory=list, description="tranche percentages, e.g. [70, 30]")
    tracks: list[str] = Field(default_factory=list)


class Contact(_Item):
    unit: str | None = None
    person: str | None = None
    phone: str


class RegionConstraint(_Item):
    text: str
    province: str | None = None
    city: str | None = None
    division_code: str | None = Field(None, description="2/4/6-digit administrative division prefix")


class JointRule(_Item):
    text: str
    required: bool = Field(False, description="joint application is mandatory (产业链协同攻关类)")
    members: int | None = None
    min_members: int | None = None
    max_members: int | None = None
    leads: int | None = None
    partners: int | None = None
    member_types: list[str] = Field(default_factory=list)
    same_chain: bool = False
    same_group_excluded: bool = False
    tracks: list[str] = Field(default_factory=list)


class Track(_Item):
    name: str
    applicant_types: list[str] = Field(default_factory=list)


class Task(_Item):
    """A project task (项目任务) — not an eligibility condition, but next year's
    guide is diffed against this year's on them too."""

    title: str
    text: str = ""
    tracks: list[str] = Field(default_factory=list)


class UnparsedSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: str
    text: str
    start: int | None = None
    end: int | None = None
    reason: str = ""


class Program(_Item):
    name: str
    year: int | None = None
    issuer: str | None = None
    doc_number: str | None = None
    section: str = ""
    applicant_types: list[str] = Field(default_factory=list)
    legal_person_required: bool | None = None
    region: RegionConstraint | None = None
    tracks: list[Track] = Field(default_factory=list)
    joint: list[JointRule] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)
    exclusions: list[Exclusion] = Field(default_factory=list)
    materials: list[Material] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    quotas: list[Quota] = Field(default_factory=list)
    funding: list[Funding] = Field(default_factory=list)
    implementation_years: int | None = None
    contacts: list[Contact] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)


class GuideSchema(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: str = SCHEMA_VERSION
    source: str = ""
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    year: int | None = None
    issued_on: date | None = None
    programs: list[Program] = Field(default_factory=list)
    unparsed: list[UnparsedSection] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    coverage: float | None = Field(
        None, description="share of candidate sentences (a bound, a date, a refusal) that ended in an item or a "
                          "stated role; the rest are listed in `unparsed`")

    def program(self, program_id: str) -> Program | None:
        return next((p for p in self.programs if p.id == program_id), None)
