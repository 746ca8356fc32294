"""Guide → GuideSchema: walks each program's blocks with their outline context.

Why one walk with roles: what a sentence means depends on where it sits. The
outermost titled section decides the role (申报主体 / 申报条件 / 申报要求 /
项目任务 …); tracks and applicant types come from the sections in between; the
sentence itself decides the item. Task and performance-target sections are
skipped (they bind the project, not the applicant). A sentence of a conditions
or requirements section that yields nothing is reported in `unparsed`.

Why mixins: the walker's state is one object (accumulators shared by every
handler), but its concerns live in walk_context (outline questions), walk_blocks
(which handler reads a block), walk_roles (subject / conditions / logistics
sentences), walk_tasks and walk_finish (table rows, tables, the finishing pass).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.guide.programs import Notice, Unit, declared_tracks, find_tracks, find_units, notice_meta, program_year
from extractors.guide.checkup import add_coverage_warnings, drop_cited_documents, mark_generic_materials
from extractors.guide.sweep import sweep
from extractors.guide.tiers import apply_tiers
from extractors.guide.tables import condition_rows
from extractors.guide.text import Span, compact, source
from extractors.guide.walk_blocks import BlocksMixin
from extractors.guide.walk_context import ContextMixin, role_in
from extractors.guide.walk_finish import FinishMixin
from extractors.guide.walk_roles import RolesMixin
from extractors.guide.walk_tasks import TasksMixin
from extractors.outline import build_outline
from models.document import Document, Section
from models.schema import Channel, GuideSchema, Material, Program, SourceRef, Track, UnparsedSection

__all__ = ["extract_guide", "role_in"]


def extract_guide(doc: Document) -> GuideSchema:
    roots = build_outline(doc)
    notice = notice_meta(doc, roots)
    schema = GuideSchema(source=doc.source, title=notice.title, issuer=notice.issuer, doc_number=notice.doc_number,
                         year=notice.year, issued_on=notice.issued_on)
    units = find_units(doc, roots)
    if not units:
        schema.warnings.append("未识别出任何申报项目（没有申报主体/申报条件章节）。")
    seen: set[str] = set()
    for unit in units:
        uid, n = unit.id, 2
        while uid in seen:
            uid, n = f"{unit.id}-{n}", n + 1
        seen.add(uid)
        unit.id = uid
        schema.programs.append(_Walker(doc, roots, unit, notice, schema).run())
    sweep(doc, roots, schema, [(u.start, u.end) for u in units])
    for p in schema.programs:
        apply_tiers(p)
    mark_generic_materials(schema)
    drop_cited_documents(schema)
    add_coverage_warnings(schema)
    if schema.title is None and len(units) == 1 and units[0].section is not None and units[0].section.title:
        schema.title = compact(units[0].section.title)
    if schema.year is None and len({p.year for p in schema.programs}) == 1:
        schema.year = schema.programs[0].year
    return schema


@dataclass
class _Walker(ContextMixin, BlocksMixin, RolesMixin, TasksMixin, FinishMixin):
    doc: Document
    roots: list[Section]
    unit: Unit
    notice: Notice
    schema: GuideSchema
    materials: dict[str, Material] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    groups: dict[str, list] = field(default_factory=dict)
    intro_types: dict[str, list[str]] = field(default_factory=dict)
    unparsed: dict[tuple[str, str], list[Span]] = field(default_factory=dict)
    subject_seen: set[str] = field(default_factory=set)
    exclusion_lists: set[str] = field(default_factory=set)  # sections whose items are exclusions
    consumed: set[str] = field(default_factory=set)  # list items already read with their intro
    has_subject: bool = False
    splits: list[float] = field(default_factory=list)

    def run(self) -> Program:
        u = self.unit
        self.track_secs = find_tracks(self.doc, u)
        self.track_names = [compact(s.title) for s in self.track_secs]
        self.declared = declared_tracks(self.doc, u)
        self.tracks = {compact(s.title): Track(id=compact(s.title), name=compact(s.title),
                                                applicant_types=list(self.declared.get(compact(s.title), [])),
                                                source=source(self.doc, s.path, Span(s.start, s.start + len(s.title) + len(s.label), self.doc.text[s.start: s.start + len(s.label) + len(s.title)])))
                       for s in self.track_secs}
        self.rows = condition_rows(self.doc, u.start, u.end) if not self.tracks else []
        for r in self.rows:
            sec = self._chain(r.start)
            path = (sec[-1].path if sec else (u.section.path if u.section else "")) + "/表"
            self.tracks[r.track] = Track(id=r.track, name=r.track, applicant_types=list(r.types),
                                         source=source(self.doc, path, r.track_span))
            self.track_names.append(r.track)
        self.p = Program(
            id=u.id, name=u.name, year=program_year(u.name, self.notice), issuer=self.notice.issuer,
            doc_number=self.notice.doc_number, section=u.section.path if u.section else "",
            tracks=list(self.tracks.values()),
        )
        if not u.name:
            # a title for every program: the notice's title names a single unnamed program
            first = next((compact(b.text.strip().split("\n")[0]) for b in self.doc.blocks if b.text.strip()), "")
            fallback = (self.notice.title or first)[:60]
            if fallback and len(self.schema.programs) == 0 and u.start <= (self.doc.blocks[0].start if self.doc.blocks else 0) + 1:
                self.p.name = fallback
                self.schema.warnings.append(f"项目{u.id}没有单独的名称，已取文件标题“{fallback}”，请核对。")
            else:
                self.schema.warnings.append(f"项目{u.id}没有可识别的名称。")
        quote = self.doc.text[u.start: u.start + 40].split("\n")[0]
        self.p.source = SourceRef(quote=quote, section=self.p.section, start=u.start, end=u.start + len(quote))
        blocks = [b for b in self.doc.blocks if u.start <= b.start <= u.end]
        self.has_subject = any(role_in(self._chain(b.start))[1] in ("subject", "subject_conditions") for b in blocks)
        self.cell_at = {bid: (t, r, c) for t in self.doc.tables for r, row in enumerate(t.block_ids)
                        for c, bid in enumerate(row) if bid is not None}
        for i, b in enumerate(blocks):
            if b.kind == "table_cell":
                self._indicator_cell(b)
                continue
            if b.kind in ("header", "footer"):
                continue
            nxt = blocks[i + 1].text if i + 1 < len(blocks) else None
            self._block(b, nxt)
        self._rows()
        self._tables(blocks)
        self.p.materials = list(self.materials.values())
        self.p.channels = list(self.channels.values())
        for (path, reason), spans in self.unparsed.items():
            self.schema.unparsed.append(UnparsedSection(
                section=path, text="".join(s.text + ("" if s.text.endswith(("。", "；")) else "。") for s in spans),
                start=spans[0].start, end=spans[-1].end, reason=reason))
        self._finish()
        return self.p
