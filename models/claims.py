"""What an applicant claims about itself, each claim with its evidence.

Why evidence on every claim: staff must be able to verify a verdict in seconds,
and a fact the submission does not state must be absent (None / empty list),
never guessed. Figures share one shape (metric id + year + value) so the
matcher can look them up the same way it looks up guide thresholds.
"""
from __future__ import annotations

from datetime import date
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from models.document import Location

T = TypeVar("T")


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str
    location: Location | None = None
    start: int | None = Field(None, description="offset into the normalized document text")
    end: int | None = None
    quote: str
    origin: Literal["text", "docx", "pdf", "ocr"] | None = None
    confidence: float | None = None


class Claim(BaseModel, Generic[T]):
    model_config = ConfigDict(extra="forbid")

    value: T
    original: str | None = Field(None, description="the value as written, e.g. 3.2亿元")
    evidence: list[Evidence] = Field(default_factory=list)


class CreditCode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    valid: bool
    problems: list[str] = Field(default_factory=list)
    division_code: str | None = None
    province: str | None = None
    city: str | None = None


class Address(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    province: str | None = None
    city: str | None = None


class Figure(BaseModel):
    """One number the applicant states: a financial amount, a count or a ratio.

    `value` is normalized: amounts in 万元, counts as numbers, ratios in %.
    `year` is None for a stock figure stated without a year (有效专利126件).
    """

    model_config = ConfigDict(extra="forbid")

    metric: str
    year: int | None = None
    value: float
    unit: str
    original: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    derived_from: list[str] = Field(default_factory=list, description="e.g. profit + tax when summed")
    value_max: float | None = Field(
        None, description="upper bound when the applicant states only a range (在10至20人之间); `value` is then the lower bound")


class Standing(BaseModel):
    """A title, certification, award or research platform with its year."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["title", "award", "platform"]
    id: str = Field(description="canonical id, e.g. little_giant, china_patent_award, provincial_key_lab")
    name: str
    year: int | None = None
    level: str | None = Field(None, description="national, provincial, city")
    evidence: list[Evidence] = Field(default_factory=list)


class ProjectRecord(BaseModel):
    """A project the applicant led or takes part in (exclusions depend on these)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    program: str | None = Field(None, description="canonical program kind, e.g. high_value_patent")
    level: str | None = None
    year: int | None = None
    role: Literal["lead", "partner"] | None = None
    status: Literal["accepted", "ongoing", "unpaid", "unknown"] = "unknown"
    evidence: list[Evidence] = Field(default_factory=list)


class AttestationClaim(BaseModel):
    model_config = ConfigDict(extra="forbid")

    attestation: str
    present: bool
    evidence: list[Evidence] = Field(default_factory=list)


class Attachment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    material: str | None = Field(None, description="canonical material id when recognized")
    found: Literal["listed", "page", "file", "listed_only"] = Field(
        "listed", description="listed in the submission's own list, a page of it, a separate file of its folder; "
                              "listed_only: a folder submission lists it but holds no file or page for it")
    evidence: list[Evidence] = Field(default_factory=list)


class Conflict(BaseModel):
    """One fact stated with different values in one submission (a table and the narrative)."""

    model_config = ConfigDict(extra="forbid")

    field: str
    values: list[str]
    evidence: list[Evidence] = Field(default_factory=list)
    amounts: list[float] = Field(
        default_factory=list, description="for a figure: each stated value in the figure's unit, in the order of `values`")


class ApplicationClaims(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str
    applicant_name: Claim[str] | None = None
    credit_code: Claim[CreditCode] | None = None
    applicant_type: Claim[str] | None = Field(None, description="applicant type id: enterprise, university …")
    address: Claim[Address] | None = None
    legal_person: Claim[bool] | None = None
    program_name: Claim[str] | None = None
    track: Claim[str] | None = None
    lead_unit: Claim[str] | None = None
    partners: list[Claim[str]] = Field(default_factory=list)
    submission_date: Claim[date] | None = None
    figures: list[Figure] = Field(default_factory=list)
    ip_department: Claim[Literal["independent", "exists", "none"]] | None = None
    standings: list[Standing] = Field(default_factory=list)
    projects: list[ProjectRecord] = Field(default_factory=list)
    attestations: list[AttestationClaim] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def figure(self, metric: str, year: int | None = None) -> Figure | None:
        for f in self.figures:
            if f.metric == metric and f.year == year:
                return f
        return None

    def figures_of(self, metric: str) -> list[Figure]:
        return sorted((f for f in self.figures if f.metric == metric), key=lambda f: (f.year or 0))
