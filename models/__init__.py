"""Pydantic models: the contract between stages. Imports nothing else of the project.

Names are re-exported lazily (PEP 562): `from models import GuideSchema` still works,
but importing one submodule (models.schema for a cached guide) no longer builds every
model class of the package, a third of a cached `shenbao guide` (issue 15).
"""
from __future__ import annotations

import importlib

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
