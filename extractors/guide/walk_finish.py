"""Passes after the block walk: conditions-table rows, tables, and the finish.

Why after: table rows and contact/quota tables are read whole rather than block
by block, and what is filled in last (funding splits, track and program
applicant types) depends on everything the walk found.
"""
from __future__ import annotations

from extractors.guide import contacts as contact_rules
from extractors.guide import logistics as lg
from extractors.guide.ctx import Ctx
from extractors.guide.programs import role_of
from extractors.guide.tables import quota_rows
from extractors.guide.text import sentences, source
from extractors.guide.walk_context import chain_at
from extractors.guide.walk_roles import add_funding, read_condition
from extractors.guide.walk_state import WalkState
from extractors.outline import ancestors, parse_label
from models.document import Block
from models.schema import Quota


def read_rows(w: WalkState) -> None:
    """Conditions and funding of each conditions-table row, bound to the row's track."""
    for r in w.rows:
        chain = chain_at(w, r.start)
        path = (chain[-1].path if chain else w.program.section) + "/表"
        ctx = Ctx(w.doc, path, list(r.types), [r.track])
        for item in r.conditions:
            for sent in sentences(item):
                read_condition(w, ctx, sent, [], None, group=f"{path}/{r.track}")
        for cell in r.funding:
            for sent in sentences(cell):
                f = lg.funding(ctx, sent)
                if f:
                    add_funding(w, f)


def read_tables(w: WalkState, blocks: list[Block]) -> None:
    """Contacts and quotas of the program's tables; without tables, the contact cells."""
    u, p = w.unit, w.program
    ctx = Ctx(w.doc, p.section)
    for t in w.doc.tables:
        if u.start <= t.start <= u.end:
            sec = ancestors(w.roots, t.start)
            ctx.path = sec[-1].path if sec else p.section
            p.contacts.extend(contact_rules.from_table(ctx, w.doc, t))
            for scope, n, text, span in quota_rows(w.doc, t):
                src = source(w.doc, ctx.path + "/表", span)
                src.quote = span.text
                p.quotas.append(Quota(text=text, max_count=n, scope=scope, source=src))
    if not w.doc.tables:
        cells = [b for b in blocks if role_of((chain_at(w, b.start) or [None])[0].title if chain_at(w, b.start) else "") == "contacts"]
        if cells and not any(c.source and c.source.start >= cells[0].start for c in p.contacts):
            chain = chain_at(w, cells[0].start)
            ctx.path = chain[-1].path if chain else p.section
            body = [b for b in cells if not parse_label(b.text)]
            p.contacts.extend(contact_rules.from_cells(ctx, w.doc, body))


def finish(w: WalkState) -> None:
    """Generic materials dropped, funding splits filled in, applicant types of tracks
    and program completed from the conditions, same-group exclusions marked on joints."""
    p = w.program
    p.materials = lg.drop_generic_materials(p.materials, w.roots, w.unit.start, w.unit.end)
    for f in p.funding:
        if not f.split and w.splits:
            f.split = list(w.splits)
    for t in p.tracks:
        if not t.applicant_types:
            types: list[str] = []
            for c in p.conditions:
                if t.id in c.tracks:
                    for a in c.applies_to:
                        if a not in types:
                            types.append(a)
            t.applicant_types = types
    if not p.applicant_types:
        for t in p.tracks:
            for a in t.applicant_types:
                if a not in p.applicant_types:
                    p.applicant_types.append(a)
    if not p.applicant_types or not w.has_subject:  # who the conditions bind may apply
        for c in p.conditions:
            for a in c.applies_to:
                if a not in p.applicant_types:
                    p.applicant_types.append(a)
    for e in p.exclusions:
        if e.kind == "same_group_joint":
            for j in p.joint:
                if not e.tracks or set(e.tracks) & set(j.tracks):
                    j.same_group_excluded = True
