"""Guide → GuideSchema: walks each program's blocks with their outline context.

Why one walk with roles: what a sentence means depends on where it sits. The
outermost titled section decides the role (申报主体 / 申报条件 / 申报要求 /
项目任务 …); tracks and applicant types come from the sections in between; the
sentence itself decides the item. Task and performance-target sections are
skipped (they bind the project, not the applicant). A sentence of a conditions
or requirements section that yields nothing is reported in `unparsed`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.guide import conditions as cond
from extractors.guide import contacts as contact_rules
from extractors.guide import logistics as lg
from extractors.guide import subject as subj
from extractors.guide import waivers
from extractors.guide.conditions import Ctx
from extractors.guide.exclusions import exclusions, is_exclusion, is_exclusion_list
from extractors.guide.tables import condition_rows, quota_rows, table_role
from extractors.guide.programs import Notice, Unit, declared_tracks, find_tracks, find_units, notice_meta, program_year, role_of
from extractors.guide.text import Span, applicant_types_in, compact, has_any, leading_types, sentences, source, terms
from extractors.outline import ancestors, build_outline, is_short_title, parse_label, _block_text
from models.document import Block, Document, Section
from models.schema import (
    Task,
    AnyOf, Channel, GuideSchema, Material, Program, Qualitative, Quota, SourceRef, Threshold, Track, UnparsedSection,
)


_UNPARSED = "未能识别为条件或申报事项，请人工核对"


def role_in(chain: list[Section]) -> tuple[Section | None, str | None]:
    """The section that decides a block's role, and the role. The outermost named
    role wins, except a catch-all one (二、申报要求) whose sub-section names a role of
    its own (【申报条件】, 【申报材料】): there the deeper one decides."""
    roles = [(s, r) for s, r in ((s, role_of(s.title)) for s in chain) if r]
    if not roles:
        return None, None
    containers = set(terms().get("container_roles") or [])
    if roles[0][1] in containers:  # only a sub-heading, not an item whose first sentence names a role
        return next(((s, r) for s, r in roles[1:] if r not in containers and _names_role(s.title)), roles[0])
    return roles[0]


def _names_role(title: str) -> bool:
    """A heading that only names its section's role (申报主体, 申报主体和方式)."""
    return any(kw in title and len(title) - len(kw) <= 4 for e in terms()["section_roles"] for kw in e["keywords"])


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
    if schema.title is None and len(units) == 1 and units[0].section is not None and units[0].section.title:
        schema.title = compact(units[0].section.title)
    if schema.year is None and len({p.year for p in schema.programs}) == 1:
        schema.year = schema.programs[0].year
    return schema


@dataclass
class _Walker:
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

    # ------------------------------------------------------------ context
    def _chain(self, offset: int) -> list[Section]:
        u = self.unit
        return [s for s in ancestors(self.roots, offset) if s.start >= u.start and s.end <= u.end
                and not (u.section is not None and s.path == u.section.path)]

    def _block(self, b: Block, next_text: str | None) -> None:
        chain = self._chain(b.start)
        if any(s.path in self.consumed for s in chain):
            return
        role_sec, role = role_in(chain)
        if role in ("tasks", "support"):
            if role == "tasks":
                self._task(b, chain, role_sec)
            return
        deepest = chain[-1] if chain else None
        path = deepest.path if deepest else self.p.section
        tracks = [compact(s.title) for s in chain if compact(s.title) in self.tracks and s in self.track_secs]
        ctx = Ctx(self.doc, path, self._applies_to(chain, role_sec), tracks)
        if deepest is not None and deepest.start == b.start and self._list_intro(b, deepest, ctx):
            return
        if deepest is not None and deepest.start != b.start and self._inline_intro(b, deepest, ctx, role):
            return
        for s in chain:  # （三）不予受理情形 / 【限制申报情形】: its numbered items are exclusions, intro or not
            if s.children and is_short_title(s.title) and has_any(s.title, terms()["exclusion_section_titles"]):
                self.exclusion_lists.update(c.path for c in s.children)
        listed = next((i for i, s in enumerate(chain) if s.path in self.exclusion_lists), None)
        if listed is not None and role != "contacts":
            # an item's own title (已被…认定为…的) names no applicant type: who it binds is the list's
            ctx.applies_to = self._applies_to(chain[: listed + 1], role_sec)
            for sent in sentences(self._content(b, deepest) or Span(b.start, b.end, b.text)):
                self.p.exclusions.extend(exclusions(ctx, sent, self.track_names, self.p.name, listed=True))
            return
        span = self._content(b, deepest)
        if span is None:
            return
        if re.match(r"^\s*(联系)?电\s*话\s*[:：]", span.text) and any(c.phone in span.text for c in self.p.contacts):
            return
        found = contact_rules.from_text(ctx, Span(b.start, b.end, b.text), next_text, in_contacts=role == "contacts")
        self.p.contacts.extend(found)
        if found:
            return
        if (role not in terms()["condition_roles"] and deepest is not None and deepest.start == b.start and len(chain) >= 2
                and has_any(chain[-2].title, terms()["material_list_titles"]) and not is_exclusion(span.text)
                and lg.unnamed_item(ctx, span, self.materials)):
            return
        for sent in sentences(span):
            if role in ("subject", "subject_conditions"):
                self._subject(ctx, sent, role_sec)
            elif role == "conditions":
                self._condition(ctx, sent, chain, role_sec)
            else:
                self._logistics(ctx, sent, role)

    def _indicator_cell(self, b: Block) -> None:
        """A cell of an indicator table (指标 | 要求) inside a conditions section: its
        requirement cells are conditions read in reading order, so the 条件说明 below
        the table can still attach exemptions and adjustments to them. Tables with a
        subject column (one row per track) and quota/contact tables are read elsewhere;
        the first column (the indicator's name) and the header row say nothing alone."""
        at = self.cell_at.get(b.id)
        if at is None:
            return
        t, r, c = at
        if r == 0 or c == 0 or any(r.start <= t.end and r.start >= t.start for r in self.rows):
            return
        chain = self._chain(b.start)
        role_sec, role = role_in(chain)
        if role not in ("conditions", "subject_conditions") or table_role(t) is not None:
            return
        if t.block_ids[r].index(b.id) != c:  # a merged cell repeats its block: read it once
            return
        path = (chain[-1].path if chain else self.p.section) + "/表"
        ctx = Ctx(self.doc, path, self._applies_to(chain, role_sec), [])
        for sent in sentences(Span(b.start, b.end, b.text)):
            self._condition(ctx, sent, chain, role_sec)

    def _list_intro(self, b: Block, sec: Section, ctx: Ctx) -> bool:
        """A numbered line that only introduces the items below it (`第四条 申报企业应当同时具备
        下列条件：`, `（三）有下列情形之一的单位不得申报：`): it names who the items bind, or
        makes each item an exclusion. True when the line says nothing else."""
        text, _ = _block_text(b)
        parsed = parse_label(text.strip())
        rest = text.strip()[parsed[3]:].strip() if parsed else text.strip()
        if not rest.endswith(("：", ":")) or not sec.children:
            return False
        if is_exclusion_list(rest):
            self.exclusion_lists.add(sec.path)
            return True
        types = applicant_types_in(rest)
        if types and has_any(rest, terms()["intro_cues"]):
            self.intro_types[sec.path] = types
        return False

    def _inline_intro(self, b: Block, sec: Section, ctx: Ctx, role: str | None) -> bool:
        """An unnumbered line ending in `：` inside a section, followed by numbered
        items (`有下列情形之一的，不予受理：` / `符合下列情形之一的企业，不受第（二）项限制：`):
        each item after it is an exclusion, or the items name who is exempt. True
        when the line was used up here."""
        text = b.text.strip()
        if not text.endswith(("：", ":")) or parse_label(text):
            return False
        items = [c for c in sec.children if c.start > b.start]
        if not items:
            return False
        if is_exclusion_list(text):
            self.exclusion_lists.update(c.path for c in items)
            return True
        if role in terms()["condition_roles"] and waivers.is_exemption(text):
            listed = [self._content(self.doc.block_at(c.start), c) for c in items]
            listed = [x for x in listed if x is not None]
            whole = text + "".join(x.text for x in listed)
            sent = Span(b.start, b.end, self.doc.text[b.start:b.end]).strip()
            for target in (self.groups.get(self._group(self._chain(b.start), None), []), self.p.conditions):
                if waivers.exemption(ctx, sent, target, text=whole):
                    self.consumed.update(c.path for c in items)
                    return True
        return False

    def _task(self, b: Block, chain: list[Section], role_sec: Section | None) -> None:
        """One Task per numbered item of a task list (not performance targets):
        tasks are not conditions, but next year's guide is diffed on them."""
        below = chain[chain.index(role_sec) + 1:] if role_sec in chain else []
        words = terms()["performance_words"]
        if role_sec is None or any(has_any(s.title, words) for s in below):
            return
        if has_any(role_sec.title, words) and "任务" not in role_sec.title:
            return
        def container(sec: Section) -> bool:  # a track or a group heading above the task items
            return (compact(sec.title) in self.tracks or sec in self.track_secs
                    or any(role_of(c.title) or has_any(c.title, words) for c in sec.children))

        items = [s for s in below if not role_of(s.title) and not container(s)]
        if not items or items[0].start != b.start:
            return  # only the block that opens the first numbered item below the task heading
        item = items[0]
        tracks = [compact(s.title) for s in chain if compact(s.title) in self.tracks]
        title = compact(item.title) or sentences(Span(b.start, b.end, b.text))[0].text
        text = self.doc.text[item.start:item.end]
        self.p.tasks.append(Task(title=title, text=text, tracks=tracks,
                                 source=source(self.doc, item.path, Span(b.start, b.end, b.text))))

    def _applies_to(self, chain: list[Section], role_sec: Section | None) -> list[str]:
        if role_sec is None or role_of(role_sec.title) not in ("conditions", "subject_conditions", "subject"):
            return []
        below = chain[chain.index(role_sec) + 1:] if role_sec in chain else []
        types: list[str] = []
        for s in below:
            if not (is_short_title(s.title) or re.search(r"申报主体|条件|申报|的$", s.title)):
                continue
            found = applicant_types_in(s.title)
            if found:
                types = found
        if not types:
            for s in reversed(chain):
                if s.path in self.intro_types:
                    return list(self.intro_types[s.path])
                if s in self.track_secs and self.declared.get(compact(s.title)):
                    return list(self.declared[compact(s.title)])
        return types

    def _content(self, b: Block, sec: Section | None) -> Span | None:
        text, shift = _block_text(b)
        cut = 0
        if sec is not None and sec.start == b.start:
            parsed = parse_label(text.strip())
            lead = len(text) - len(text.lstrip())
            if parsed:
                cut = lead + parsed[3]
                rest = text[cut:]
                title = sec.title
                # an article's first sentence is body text (第七条 每家…给予…奖励。…), not a title
                article_body = sec.kind == "article" and rest.strip().rstrip("：:") != title
                if title and rest.startswith(title) and is_short_title(title) and not article_body:
                    after = rest[len(title):].lstrip("。：:；; ")
                    # a bare sub-heading line (（二）条件说明) over body paragraphs is no sentence either
                    # an item that ends its sentence (…30件以上。) stays a sentence although lines nest under it
                    sentence = rest.rstrip().endswith(("。", "；", ";"))
                    if (after or (sec.children and not sentence) or _names_role(title)
                            or (not rest[len(title):].strip() and sec.end > b.end)):
                        cut += len(rest) - len(after)
        elif sec is not None and sec.kind == "heading" and sec.start == b.start:
            return None
        cut = max(0, cut + min(shift, 0) if shift < 0 else cut + shift)
        span = Span(b.start + cut, b.end, self.doc.text[b.start + cut: b.end])
        return span if span.text.strip() else None

    # ------------------------------------------------------------ roles
    def _subject(self, ctx: Ctx, sent: Span, role_sec: Section) -> None:
        key = role_sec.path
        if is_exclusion(sent.text):
            self.p.exclusions.extend(exclusions(ctx, sent, self.track_names, self.p.name))
            return
        if key not in self.subject_seen:
            self.subject_seen.add(key)
            types = subj.types_of(sent.text)
            track = self.tracks.get(ctx.tracks[0]) if ctx.tracks else None
            if track is not None:
                track.applicant_types = types
            for t in types:
                if t not in self.p.applicant_types:
                    self.p.applicant_types.append(t)
            if subj.legal_person(sent.text):
                self.p.legal_person_required = True
            if self.p.region is None:
                self.p.region = subj.region(ctx, sent, self.notice.province)
            j = subj.joint(ctx, sent)
            if j:
                self.p.joint.append(j)
                if j.members:
                    self.p.conditions.append(Threshold(
                        metric="consortium_members", operator="==", value=j.members, unit="家",
                        value_text=f"{j.members}家", text=j.text, tracks=list(ctx.tracks), source=j.source))
            return
        j = subj.joint(ctx, sent)
        if j and re.match(r"^(鼓励|支持)", sent.text):
            self.p.joint.append(j)
            return
        self._condition(ctx, sent, [], role_sec)

    def _registration(self, ctx: Ctx, sent: Span) -> None:
        """Without a 申报主体 section, the condition that states registration (企业须在宁波市内注册，
        具有独立法人资格) says who may apply."""
        if self.has_subject or not has_any(sent.text, terms()["registration_cues"]):
            return
        for t in subj.types_of(sent.text):
            if t not in self.p.applicant_types:
                self.p.applicant_types.append(t)
        if subj.legal_person(sent.text):
            self.p.legal_person_required = True
        if self.p.region is None:
            self.p.region = subj.region(ctx, sent, self.notice.province)

    def _condition(self, ctx: Ctx, sent: Span, chain: list[Section], role_sec: Section | None,
                   group: str | None = None) -> None:
        text = sent.text
        self._registration(ctx, sent)
        if group is None:
            group = self._group(chain, role_sec)
        prior = self.groups.setdefault(group, [])
        lg.materials(ctx, sent, self.materials)
        flipped = cond.inverted(ctx, sent)
        if flipped:
            self._add(prior, flipped)
            return
        if is_exclusion(text):
            self.p.exclusions.extend(exclusions(ctx, sent, self.track_names, self.p.name))
            return
        if text.endswith(("：", ":")) or (has_any(text, terms()["intro_cues"]) and len(text) < 40):
            types = applicant_types_in(text)
            if types and chain:
                self.intro_types[chain[-1].path] = types
            if has_any(text, terms()["one_of_cues"]):
                self.schema.warnings.append(f"{ctx.path}：下列条件为“符合其一”，已逐条列为需人工判断的条件。")
                rest = re.sub(r"[，,]?且?(符合|满足)(下列|以下)条件之一[：:]?$", "", text)
                if rest and rest != text:
                    self._add(prior, cond.analyze(ctx, Span(sent.start, sent.start + len(rest), rest)))
            return
        if cond.relaxation(ctx, sent, prior, self.p.conditions):
            return
        if waivers.exemption(ctx, sent, prior) or waivers.exemption(ctx, sent, self.p.conditions):
            return
        # a counting rule states no bar of its own: its only "comparison" is the 为2件 it counts as
        if cond.is_adjustment(text) and not any(p.metric and p.comp.operator != "==" for p in cond._pairs(text)):
            if cond.attach_adjustments(ctx, sent, prior) or cond.attach_adjustments(ctx, sent, self.p.conditions):
                return
        if has_any(text, terms()["preference_cues"]):
            self.unparsed.setdefault((ctx.path, "优先支持条款，不是资格条件"), []).append(sent)
            return
        types = leading_types(text)
        if types:
            ctx = Ctx(ctx.doc, ctx.path, types, ctx.tracks)
        items = cond.analyze(ctx, sent)
        if items:
            self._add(prior, items)
        else:
            self.unparsed.setdefault((ctx.path, _UNPARSED), []).append(sent)

    @staticmethod
    def _group(chain: list[Section], role_sec: Section | None) -> str:
        """Conditions of one list share a group: exemptions and adjustments look there first."""
        return chain[-2].path if len(chain) >= 2 and chain[-1] is not role_sec else (chain[-1].path if chain else "")

    def _add(self, prior: list, items: list) -> None:
        prior.extend(items)
        self.p.conditions.extend(items)

    def _heading_of(self, offset: int) -> str:
        """Title of the deepest section around `offset` (（三）网上申报时间：… cut from the sentence)."""
        chain = self._chain(offset)
        return chain[-1].title if chain else ""

    def _logistics(self, ctx: Ctx, sent: Span, role: str | None) -> None:
        used = excluded = is_exclusion(sent.text)
        if excluded:
            self.p.exclusions.extend(exclusions(ctx, sent, self.track_names, self.p.name))
        used |= lg.materials(ctx, sent, self.materials)
        issued = self.notice.issued_on
        year = self.p.deadlines[-1].date.year if self.p.deadlines else (issued.year if issued else self.p.year)
        dls = lg.deadlines(ctx, sent, self._heading_of(sent.start), year=year, after=issued)
        self.p.deadlines.extend(dls)
        used |= bool(dls)
        used |= lg.channels(ctx, sent, self.channels)
        qs = lg.quotas(ctx, sent, self.track_names)
        self.p.quotas.extend(qs)
        used |= bool(qs)
        f = lg.funding(ctx, sent) if not excluded else None  # 已享受…资金支持的同一项目，不得重复申报
        if f:
            self._funding(f)
            used = True
        years = lg.implementation_years(sent)
        if years and self.p.implementation_years is None:
            self.p.implementation_years = years
            used = True
        if re.search(r"同一集团.{0,8}不", sent.text):
            for j in self.p.joint:
                j.same_group_excluded = True
        if not used and role in terms()["reported_roles"]:
            self.unparsed.setdefault((ctx.path, _UNPARSED), []).append(sent)

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

    def _funding(self, f) -> None:
        if not lg.merge_funding(self.p.funding, f):
            self.splits = self.splits or list(f.split)

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
