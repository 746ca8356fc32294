"""WalkState: what the walk over one program's blocks knows and accumulates.

Why one explicit record: every step of the walk (walk_blocks, walk_roles,
walk_tasks, walk_finish) reads the same outline context of the program and adds
to the same accumulators: the condition groups that later exemptions and
adjustments attach to, materials and channels merged across sentences, the
sentences no reader understood. The steps are plain functions that take this
record, so each signature shows that it may read and change it; nothing else is
shared between them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.guide.programs import Notice, Unit
from extractors.guide.tables import Row
from extractors.guide.text import Span
from models.document import Document, Section, Table
from models.schema import Channel, GuideSchema, Material, Program, Track


@dataclass
class WalkState:
    # what is walked, fixed before the walk starts
    doc: Document
    roots: list[Section]
    unit: Unit
    notice: Notice
    schema: GuideSchema  # the guide's schema: the walk adds warnings and unparsed sections to it
    program: Program  # the program being filled
    track_secs: list[Section]  # sections that are tracks (申报类别)
    track_names: list[str]
    declared: dict[str, list[str]]  # track name -> applicant types the notice declares for it
    tracks: dict[str, Track]  # by name; the same objects as program.tracks
    rows: list[Row]  # rows of a conditions table, one track per row
    cell_at: dict[int, tuple[Table, int, int]]  # block id -> (table, row, column)
    has_subject: bool  # the program has a 申报主体 section
    # what the walk accumulates
    materials: dict[str, Material] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    groups: dict[str, list] = field(default_factory=dict)  # conditions of one list (see walk_context.group_of)
    intro_types: dict[str, list[str]] = field(default_factory=dict)  # section path -> types its intro names
    unparsed: dict[tuple[str, str], list[Span]] = field(default_factory=dict)  # (path, reason) -> sentences
    subject_seen: set[str] = field(default_factory=set)  # subject sections whose first sentence was read
    exclusion_lists: set[str] = field(default_factory=set)  # sections whose items are exclusions
    consumed: set[str] = field(default_factory=set)  # list items already read with their intro
    splits: list[float] = field(default_factory=list)  # the first funding split stated
