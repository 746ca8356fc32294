"""Screening report: the contract other tools read (field names are stable).

Why an error object rather than a verdict: a file that could not be read must
never look like an applicant who failed a condition.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.claims import Evidence
from models.codes import ErrorCode
from models.schema import SourceRef

CheckStatus = Literal["pass", "fail", "missing", "review", "not_applicable"]
CheckKind = Literal[
    "threshold", "region", "applicant_type", "exclusion", "joint", "attestation", "qualitative", "material", "deadline"
]
Decision = Literal["eligible", "ineligible", "incomplete", "needs_review", "error"]


class GuideSource(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quote: str
    section: str = ""
    page: int | None = None


class Passage(BaseModel):
    """A submission passage that addresses a condition (for review items)."""

    model_config = ConfigDict(extra="forbid")

    text: str
    score: float
    location: str = ""
    start: int | None = None
    end: int | None = None


class Check(BaseModel):
    model_config = ConfigDict(extra="forbid")

    condition_id: str
    kind: CheckKind
    metric: str | None = None
    status: CheckStatus
    explanation: str
    evidence: list[Evidence] = Field(default_factory=list)
    guide_source: GuideSource | None = None
    alternatives: list["Check"] = Field(default_factory=list)
    computation: str | None = Field(None, description="how a computed value was obtained, e.g. 820/23400=3.50%")
    passages: list[Passage] = Field(default_factory=list)
    passage_support: Literal["related", "weak"] | None = Field(
        None, description="for a review item without evidence: 'related' when a passage restates the "
                          "condition's own wording (有相关表述，请核实), 'weak' when the passages are only the nearest text")


class ReviewSplit(BaseModel):
    """Why a submission needs a person: judgement items versus facts not found."""

    model_config = ConfigDict(extra="forbid")

    checkable_met: bool = Field(description="every mechanically checkable condition passed (or does not apply)")
    to_judge: int = Field(0, description="items only a person can judge (qualitative, attestations, open bounds)")
    facts_not_found: int = Field(0, description="checks sent to review because a fact could not be found or read")


class Applicant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    credit_code: str | None = None


class ProgramRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    name: str | None = None
    track: str | None = None


class ErrorInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: ErrorCode
    message: str = Field(description="Chinese message for staff, saying what to do")
    exception: str | None = Field(None, description="original exception class, for developers")
    detail: str | None = None


class GuideRef(BaseModel):
    """Which guide or edited schema file a submission was screened against."""

    model_config = ConfigDict(extra="forbid")

    file: str
    sha256: str


class ScreeningReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str
    sha256: str | None = None
    applicant: Applicant = Field(default_factory=Applicant)
    program: ProgramRef = Field(default_factory=ProgramRef)
    decision: Decision
    checks: list[Check] = Field(default_factory=list)
    missing_materials: list[str] = Field(default_factory=list)
    failed_metrics: list[str] = Field(default_factory=list)
    error: ErrorInfo | None = None
    warnings: list[str] = Field(default_factory=list)
    review_split: ReviewSplit | None = None
    guide: GuideRef | None = Field(None, description="the guide or schema file screened against, with its hash")


def decide(checks: list[Check]) -> Decision:
    """ineligible if any check fails; else incomplete if a material or a required
    fact is missing; else needs_review if any check needs a person; else eligible."""
    statuses = [c.status for c in checks]
    if "fail" in statuses:
        return "ineligible"
    if "missing" in statuses:
        return "incomplete"
    if "review" in statuses:
        return "needs_review"
    return "eligible"
