"""Guide → GuideSchema: walks each program's blocks with their outline context.

Why one walk with roles: what a sentence means depends on where it sits. The
outermost titled section decides the role (申报主体 / 申报条件 / 申报要求 /
项目任务 …); tracks and applicant types come from the sections in between; the
sentence itself decides the item. Task and performance-target sections are
skipped (they bind the project, not the applicant). A sentence of a conditions
or requirements section that yields nothing is reported in `unparsed`.

Why a state record and plain functions: what the walk accumulates is one
WalkState (walk_state), made here and passed to the steps, whose concerns live
in walk_context (outline questions), walk_blocks (which reader gets a block),
walk_roles (subject / conditions / logistics sentences), walk_tasks (task
items) and walk_finish (table rows, tables, the finishing pass).
"""
from __future__ import annotations

from extractors.guide.programs import Notice, Unit, declared_tracks, find_tracks, find_units, notice_meta, program_year
from extractors.guide.checkup import add_coverage_warnings, drop_cited_documents, mark_generic_materials
from extractors.guide.sweep import sweep
from extractors.guide.tiers import apply_tiers
from extractors.guide.tables import condition_rows
from extractors.guide.text import Span, compact, source
from extractors.guide.walk_blocks import read_block, read_indicator_cell
from extractors.guide.walk_context import role_in, unit_sections
from extractors.guide.walk_finish import finish, read_rows, read_tables
from extractors.guide.walk_state import WalkState
from extractors.outline import build_outline
from models.document import Document, Section
from models.schema import GuideSchema, Program, SourceRef, Track, UnparsedSection

__all__ = ["extract_guide", "role_in", "walk_program"]


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
        schema.programs.append(walk_program(doc, roots, unit, notice, schema))
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


def walk_program(doc: Document, roots: list[Section], unit: Unit, notice: Notice, schema: GuideSchema) -> Program:
    """One program of the guide: its tracks and program record, then every block in
    reading order, then the table rows, tables and the finishing pass."""
    u = unit
    track_secs = find_tracks(doc, u)
    track_names = [compact(s.title) for s in track_secs]
    declared = declared_tracks(doc, u)
    tracks = {compact(s.title): Track(id=compact(s.title), name=compact(s.title),
                                      applicant_types=list(declared.get(compact(s.title), [])),
                                      source=source(doc, s.path, Span(s.start, s.start + len(s.title) + len(s.label), doc.text[s.start: s.start + len(s.label) + len(s.title)])))
              for s in track_secs}
    rows = condition_rows(doc, u.start, u.end) if not tracks else []
    for r in rows:
        sec = unit_sections(roots, u, r.start)
        path = (sec[-1].path if sec else (u.section.path if u.section else "")) + "/表"
        tracks[r.track] = Track(id=r.track, name=r.track, applicant_types=list(r.types),
                                source=source(doc, path, r.track_span))
        track_names.append(r.track)
    p = Program(
        id=u.id, name=u.name, year=program_year(u.name, notice), issuer=notice.issuer,
        doc_number=notice.doc_number, section=u.section.path if u.section else "",
        tracks=list(tracks.values()),
    )
    if not u.name:
        # a title for every program: the notice's title names a single unnamed program
        first = next((compact(b.text.strip().split("\n")[0]) for b in doc.blocks if b.text.strip()), "")
        fallback = (notice.title or first)[:60]
        if fallback and len(schema.programs) == 0 and u.start <= (doc.blocks[0].start if doc.blocks else 0) + 1:
            p.name = fallback
            schema.warnings.append(f"项目{u.id}没有单独的名称，已取文件标题“{fallback}”，请核对。")
        else:
            schema.warnings.append(f"项目{u.id}没有可识别的名称。")
    quote = doc.text[u.start: u.start + 40].split("\n")[0]
    p.source = SourceRef(quote=quote, section=p.section, start=u.start, end=u.start + len(quote))
    blocks = [b for b in doc.blocks if u.start <= b.start <= u.end]
    w = WalkState(
        doc=doc, roots=roots, unit=u, notice=notice, schema=schema, program=p,
        track_secs=track_secs, track_names=track_names, declared=declared, tracks=tracks, rows=rows,
        has_subject=any(role_in(unit_sections(roots, u, b.start))[1] in ("subject", "subject_conditions") for b in blocks),
        cell_at={bid: (t, r, c) for t in doc.tables for r, row in enumerate(t.block_ids)
                 for c, bid in enumerate(row) if bid is not None},
    )
    for i, b in enumerate(blocks):
        if b.kind == "table_cell":
            read_indicator_cell(w, b)
            continue
        if b.kind in ("header", "footer"):
            continue
        nxt = blocks[i + 1].text if i + 1 < len(blocks) else None
        read_block(w, b, nxt)
    read_rows(w)
    read_tables(w, blocks)
    p.materials = list(w.materials.values())
    p.channels = list(w.channels.values())
    for (path, reason), spans in w.unparsed.items():
        schema.unparsed.append(UnparsedSection(
            section=path, text="".join(s.text + ("" if s.text.endswith(("。", "；")) else "。") for s in spans),
            start=spans[0].start, end=spans[-1].end, reason=reason))
    finish(w)
    return p
