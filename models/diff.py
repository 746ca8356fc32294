"""A diff between two requirement schemas (last year's guide vs next year's)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class DiffItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    change: Literal["added", "removed", "changed"]
    program: str = Field(description="program name (new side when present)")
    field: str = Field(description="threshold, any_of, qualitative, attestation, track, exclusion, material, deadline, channel, quota, funding, contact, task, applicant_type, region, joint, implementation_years, program")
    key: str = Field("", description="what was aligned, e.g. the metric id or material id")
    old: str | None = None
    new: str | None = None
    old_quote: str | None = None
    new_quote: str | None = None
    summary: str = Field(description="one Chinese line, e.g. 研发费用占销售收入比例：≥3.5% → ≥3%")


class GuideDiff(BaseModel):
    model_config = ConfigDict(extra="forbid")

    old_source: str = ""
    new_source: str = ""
    programs: list[tuple[str | None, str | None]] = Field(default_factory=list, description="aligned (old, new) program names")
    not_compared: list[str] = Field(default_factory=list, description="programs of a multi-program notice left out of the comparison")
    items: list[DiffItem] = Field(default_factory=list)
