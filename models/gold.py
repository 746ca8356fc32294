"""Gold labels for the corpus: what a correct pipeline must produce.

Guide gold files are `GuideSchema` documents (YAML). Application gold files
pair the claims a reader of the application would list with the screening
outcome expected under the application's program.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.claims import ApplicationClaims
from models.report import Decision


class ExpectedOutcome(BaseModel):
    model_config = ConfigDict(extra="forbid")

    guide: str = Field(description="corpus guide id, e.g. 004_changzhou_2023")
    program: str = Field(description="program id in that guide's gold schema")
    track: str | None = None
    decision: Decision
    failed_metrics: list[str] = Field(default_factory=list)
    missing_materials: list[str] = Field(default_factory=list, description="canonical material ids")
    failed_kinds: list[str] = Field(default_factory=list, description="check kinds expected to fail, e.g. exclusion, region")
    note: str = ""


class ApplicationGold(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    layout: str
    split: Literal["dev", "heldout"] = "dev"
    claims: ApplicationClaims
    expected: ExpectedOutcome
    scenario: str = ""


class GuideEntry(BaseModel):
    """One line of corpus/guides/index.yaml."""

    model_config = ConfigDict(extra="forbid")

    id: str
    split: Literal["dev", "heldout"] = "dev"
    text: str
    docx: str | None = None
    pdf: str | None = None
    gold: str
    description: str = ""


# --- Real notices (corpus/real/) -------------------------------------------------
#
# Why a separate, flatter gold: real notices are annotated by reading, item by
# item, without forcing them into our program/track structure first. Every item
# carries a verbatim quote of the source, so the gold can be checked against
# the text mechanically (a quote that is not in the file is a gold error).

RealComparator = Literal[">=", ">", "<=", "<", "==", "range"]
DateRole = Literal["submission", "recommendation", "other"]


class RealThreshold(BaseModel):
    """A numeric condition as the sentence states it (open vocabulary)."""

    model_config = ConfigDict(extra="forbid")

    quote: str = Field(description="verbatim clause of the source holding the number")
    subject: str = Field(description="what is constrained, as written (研发人员占职工总数的比例, 年龄, 设备投入)")
    comparator: RealComparator
    value: float = Field(description="the bound; for a range the lower bound")
    value_max: float | None = Field(None, description="upper bound of a range (range comparator only)")
    unit: str = Field("", description="as written: 年, 岁, 项, 万元, %, 吨标准煤, 千瓦, 平方米 …")
    inclusive: bool | None = Field(None, description="以上（含）/大于等于 → true; 不足/超过 → false; unstated → null")
    tier: str | None = Field(None, description="the band or tier this bound belongs to, as written (一等奖, 营业收入1亿元以下的)")


class RealDate(BaseModel):
    """A calendar date the notice states, with its role."""

    model_config = ConfigDict(extra="forbid")

    quote: str
    date: str = Field(description="YYYY-MM-DD; the year from context when the sentence omits it")
    time: str | None = Field(None, description="HH:MM when given")
    role: DateRole = Field(description="submission: applicants file by it; recommendation: an intermediary "
                                       "(city, district, department) forwards by it; other: any other date")


class RealQuoted(BaseModel):
    """An exclusion, quota or program: a quote and a short label."""

    model_config = ConfigDict(extra="forbid")

    quote: str
    name: str = ""
    max_count: int | None = None


class RealGuideGold(BaseModel):
    """Hand-read gold of one real notice in corpus/real/gold/."""

    model_config = ConfigDict(extra="forbid")

    file: str = Field(description="file name under the real-notice folder")
    annotator: str = ""
    programs: list[RealQuoted] = Field(default_factory=list)
    thresholds: list[RealThreshold] = Field(default_factory=list)
    dates: list[RealDate] = Field(default_factory=list)
    exclusions: list[RealQuoted] = Field(default_factory=list)
    materials: list[RealQuoted] = Field(default_factory=list)
    quotas: list[RealQuoted] = Field(default_factory=list)
    notes: str = ""
