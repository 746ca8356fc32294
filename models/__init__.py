"""Pydantic models: the contract between stages. Imports nothing else of the project."""
from models.claims import (
    Address, ApplicationClaims, Attachment, AttestationClaim, Claim, Conflict, CreditCode, Evidence, Figure,
    ProjectRecord, Standing,
)
from models.diff import DiffItem, GuideDiff
from models.document import Block, Document, Location, Section, Table
from models.gold import ApplicationGold, ExpectedOutcome, GuideEntry
from models.report import (
    Applicant, Check, ErrorInfo, GuideSource, Passage, ProgramRef, ScreeningReport, decide,
)
from models.schema import (
    Adjustment, AnyOf, Attestation, Channel, Condition, Contact, Deadline, Exemption, Exclusion, Funding,
    GuideSchema, JointRule, Material, Program, Qualitative, Quota, RegionConstraint, SourceRef, Task, Threshold, Track,
    UnparsedSection,
)

__all__ = [n for n in dir() if not n.startswith("_")]
