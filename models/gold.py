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
