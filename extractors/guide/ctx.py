"""Ctx: where a guide sentence was read and whom it binds.

Why a module of its own: every reader of a sentence (conditions, adjustments,
waivers, exclusions, subject, logistics, contacts) takes one and the walk makes
them; kept here, a reader that needs only this small record does not import the
threshold reader, and conditions.py and adjustments.py do not import each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from models.document import Document


@dataclass
class Ctx:
    doc: Document
    path: str
    applies_to: list[str] = field(default_factory=list)
    tracks: list[str] = field(default_factory=list)
