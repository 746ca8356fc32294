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
from extractors.outline import ancestors, parse_label
from models.document import Block
from models.schema import Quota


class FinishMixin:
    def _rows(self) -> None:
        """Conditions and funding of each conditions-table row, bound to the row's track."""
        for r in self.rows:
            chain = self._chain(r.start)
            path = (chain[-1].path if chain else self.p.section) + "/表"
            ctx = Ctx(self.doc, path, list(r.types), [r.track])
            for item in r.conditions:
                for sent in sentences(item):
                    self._condition(ctx, sent, [], None, group=f"{path}/{r.track}")
            for cell in r.funding:
                for sent in sentences(cell):
                    f = lg.funding(ctx, sent)
                    if f:
                        self._funding(f)

    def _tables(self, blocks: list[Block]) -> None:
        u = self.unit
        ctx = Ctx(self.doc, self.p.section)
        for t in self.doc.tables:
            if u.start <= t.start <= u.end:
                sec = ancestors(self.roots, t.start)
                ctx.path = sec[-1].path if sec else self.p.section
                self.p.contacts.extend(contact_rules.from_table(ctx, self.doc, t))
                for scope, n, text, span in quota_rows(self.doc, t):
                    src = source(self.doc, ctx.path + "/表", span)
                    src.quote = span.text
                    self.p.quotas.append(Quota(text=text, max_count=n, scope=scope, source=src))
        if not self.doc.tables:
            cells = [b for b in blocks if role_of((self._chain(b.start) or [None])[0].title if self._chain(b.start) else "") == "contacts"]
            if cells and not any(c.source and c.source.start >= cells[0].start for c in self.p.contacts):
                chain = self._chain(cells[0].start)
                ctx.path = chain[-1].path if chain else self.p.section
                body = [b for b in cells if not parse_label(b.text)]
                self.p.contacts.extend(contact_rules.from_cells(ctx, self.doc, body))

    def _finish(self) -> None:
        p = self.p
        p.materials = lg.drop_generic_materials(p.materials, self.roots, self.unit.start, self.unit.end)
        for f in p.funding:
            if not f.split and self.splits:
                f.split = list(self.splits)
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
        if not p.applicant_types or not self.has_subject:  # who the conditions bind may apply
            for c in p.conditions:
                for a in c.applies_to:
                    if a not in p.applicant_types:
                        p.applicant_types.append(a)
        for e in p.exclusions:
            if e.kind == "same_group_joint":
                for j in p.joint:
                    if not e.tracks or set(e.tracks) & set(j.tracks):
                        j.same_group_excluded = True
