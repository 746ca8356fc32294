"""Pydantic models: the contract between stages. Imports nothing else of the project.

Names are re-exported lazily (PEP 562): `from models import GuideSchema` still works,
but importing one submodule (models.schema for a cached guide) no longer builds every
model class of the package, a third of a cached `shenbao guide` (issue 15).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the same names for type checkers and IDEs, which do not run __getattr__
    from models.claims import (  # noqa: F401
        Address, ApplicationClaims, Attachment, AttestationClaim, Claim, Conflict, CreditCode, Evidence, Figure,
        ProjectRecord, Standing,
    )
    from models.diff import DiffItem, GuideDiff  # noqa: F401
    from models.document import Block, Document, Location, Section, Table  # noqa: F401
    from models.gold import ApplicationGold, ExpectedOutcome, GuideEntry  # noqa: F401
    from models.report import (  # noqa: F401
        Applicant, Check, ErrorInfo, GuideSource, Passage, ProgramRef, ScreeningReport, decide,
    )
    from models.schema import (  # noqa: F401
        Adjustment, AnyOf, Attestation, Channel, Condition, Contact, Deadline, Exemption, Exclusion, Funding,
        GuideSchema, JointRule, Material, Program, Qualitative, Quota, RegionConstraint, SourceRef, Task, Threshold,
        Track, UnparsedSection,
    )

_EXPORTS = {
    "models.claims": (
        "Address", "ApplicationClaims", "Attachment", "AttestationClaim", "Claim", "Conflict", "CreditCode",
        "Evidence", "Figure", "ProjectRecord", "Standing",
    ),
    "models.diff": ("DiffItem", "GuideDiff"),
    "models.document": ("Block", "Document", "Location", "Section", "Table"),
    "models.gold": ("ApplicationGold", "ExpectedOutcome", "GuideEntry"),
    "models.report": (
        "Applicant", "Check", "ErrorInfo", "GuideSource", "Passage", "ProgramRef", "ScreeningReport", "decide",
    ),
    "models.schema": (
        "Adjustment", "AnyOf", "Attestation", "Channel", "Condition", "Contact", "Deadline", "Exemption",
        "Exclusion", "Funding", "GuideSchema", "JointRule", "Material", "Program", "Qualitative", "Quota",
        "RegionConstraint", "SourceRef", "Task", "Threshold", "Track", "UnparsedSection",
    ),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'models' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
