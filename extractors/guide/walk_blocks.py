"""Reading one block of a program: which role reader gets its sentences.

Why apart from the readers: before a sentence is a condition or a deadline, the
block may be used up otherwise: a list intro (下列情形之一的…不得申报：) that turns
its items into exclusions or exemptions, an item of such a list, a contact line,
an unnamed material item, or a cell of an indicator table.
"""
from __future__ import annotations

import re

from extractors.guide import contacts as contact_rules
from extractors.guide import logistics as lg
from extractors.guide import waivers
from extractors.guide.ctx import Ctx
from extractors.guide.exclusions import exclusions, is_exclusion, is_exclusion_list
from extractors.guide.tables import table_role
from extractors.guide.text import Span, applicant_types_in, compact, has_any, sentences, terms
from extractors.guide.walk_context import applies_to, chain_at, content, group_of, role_in
from extractors.guide.walk_roles import read_condition, read_logistics, read_subject
from extractors.guide.walk_state import WalkState
from extractors.guide.walk_tasks import read_task
from extractors.outline import block_text, is_short_title, parse_label
from models.document import Block, Section


def read_block(w: WalkState, b: Block, next_text: str | None) -> None:
    p = w.program
    chain = chain_at(w, b.start)
    if any(s.path in w.consumed for s in chain):
        return
    role_sec, role = role_in(chain)
    if role in ("tasks", "support"):
        if role == "tasks":
            read_task(w, b, chain, role_sec)
        return
    deepest = chain[-1] if chain else None
    path = deepest.path if deepest else p.section
    tracks = [compact(s.title) for s in chain if compact(s.title) in w.tracks and s in w.track_secs]
    ctx = Ctx(w.doc, path, applies_to(w, chain, role_sec), tracks)
    if deepest is not None and deepest.start == b.start and _list_intro(w, b, deepest, ctx):
        return
    if deepest is not None and deepest.start != b.start and _inline_intro(w, b, deepest, ctx, role):
        return
    for s in chain:  # （三）不予受理情形 / 【限制申报情形】: its numbered items are exclusions, intro or not
        if s.children and is_short_title(s.title) and has_any(s.title, terms()["exclusion_section_titles"]):
            w.exclusion_lists.update(c.path for c in s.children)
    listed = next((i for i, s in enumerate(chain) if s.path in w.exclusion_lists), None)
    if listed is not None and role != "contacts":
        # an item's own title (已被…认定为…的) names no applicant type: who it binds is the list's
        ctx.applies_to = applies_to(w, chain[: listed + 1], role_sec)
        for sent in sentences(content(w, b, deepest) or Span(b.start, b.end, b.text)):
            p.exclusions.extend(exclusions(ctx, sent, w.track_names, p.name, listed=True))
        return
    span = content(w, b, deepest)
    if span is None:
        return
    if (role != "contacts" and deepest is not None and deepest.start == b.start and span.start > b.start
            and is_exclusion_list(compact(deepest.title).rstrip("：:") + "：")):
        # （二）有下列情形之一的不予受理：1.…，2.…: the title introduces, the rest of the line lists
        for sent in sentences(span):
            p.exclusions.extend(exclusions(ctx, sent, w.track_names, p.name, listed=True))
        return
    if re.match(r"^\s*(联系)?电\s*话\s*[:：]", span.text) and any(c.phone in span.text for c in p.contacts):
        return
    found = contact_rules.from_text(ctx, Span(b.start, b.end, b.text), next_text, in_contacts=role == "contacts")
    p.contacts.extend(found)
    if found:
        return
    if (role not in terms()["condition_roles"] and deepest is not None and deepest.start == b.start and len(chain) >= 2
            and has_any(chain[-2].title, terms()["material_list_titles"]) and not is_exclusion(span.text)
            and lg.unnamed_item(ctx, span, w.materials)):
        return
    listing = False  # 有下列情形之一的不予受理：1.…，2.… — the rest of the line is the list
    for sent in sentences(span):
        if listing:
            p.exclusions.extend(exclusions(ctx, sent, w.track_names, p.name, listed=True))
            continue
        if role != "contacts" and is_exclusion_list(sent.text):
            listing = True
            continue
        if role in ("subject", "subject_conditions"):
            read_subject(w, ctx, sent, role_sec)
        elif role == "conditions":
            read_condition(w, ctx, sent, chain, role_sec)
        else:
            read_logistics(w, ctx, sent, role)


def read_indicator_cell(w: WalkState, b: Block) -> None:
    """A cell of an indicator table (指标 | 要求) inside a conditions section: its
    requirement cells are conditions read in reading order, so the 条件说明 below
    the table can still attach exemptions and adjustments to them. Tables with a
    subject column (one row per track) and quota/contact tables are read elsewhere;
    the first column (the indicator's name) and the header row say nothing alone."""
    at = w.cell_at.get(b.id)
    if at is None:
        return
    t, r, c = at
    if r == 0 or c == 0 or any(r.start <= t.end and r.start >= t.start for r in w.rows):
        return
    chain = chain_at(w, b.start)
    role_sec, role = role_in(chain)
    if role not in ("conditions", "subject_conditions") or table_role(t) is not None:
        return
    if t.block_ids[r].index(b.id) != c:  # a merged cell repeats its block: read it once
        return
    path = (chain[-1].path if chain else w.program.section) + "/表"
    ctx = Ctx(w.doc, path, applies_to(w, chain, role_sec), [])
    for sent in sentences(Span(b.start, b.end, b.text)):
        read_condition(w, ctx, sent, chain, role_sec)


def _list_intro(w: WalkState, b: Block, sec: Section, ctx: Ctx) -> bool:
    """A numbered line that only introduces the items below it (`第四条 申报企业应当同时具备
    下列条件：`, `（三）有下列情形之一的单位不得申报：`): it names who the items bind, or
    makes each item an exclusion. True when the line says nothing else."""
    text, _ = block_text(b)
    parsed = parse_label(text.strip())
    rest = text.strip()[parsed[3]:].strip() if parsed else text.strip()
    if not sec.children:
        return False
    if is_exclusion_list(rest, open_end=True):  # its numbered items follow: 。 or ： alike
        w.exclusion_lists.add(sec.path)
        return True
    if not rest.endswith(("：", ":")):
        return False
    types = applicant_types_in(rest)
    if types and has_any(rest, terms()["intro_cues"]):
        w.intro_types[sec.path] = types
    return False


def _inline_intro(w: WalkState, b: Block, sec: Section, ctx: Ctx, role: str | None) -> bool:
    """An unnumbered line ending in `：` inside a section, followed by numbered
    items (`有下列情形之一的，不予受理：` / `符合下列情形之一的企业，不受第（二）项限制：`):
    each item after it is an exclusion, or the items name who is exempt. True
    when the line was used up here."""
    text = b.text.strip()
    if parse_label(text):
        return False
    items = [c for c in sec.children if c.start > b.start]
    if not items:
        return False
    if is_exclusion_list(text, open_end=True):  # 以下项目不得参加评选 + numbered items
        w.exclusion_lists.update(c.path for c in items)
        return True
    if not text.endswith(("：", ":")):
        return False
    if role in terms()["condition_roles"] and waivers.is_exemption(text):
        listed = [content(w, w.doc.block_at(c.start), c) for c in items]
        listed = [x for x in listed if x is not None]
        whole = text + "".join(x.text for x in listed)
        sent = Span(b.start, b.end, w.doc.text[b.start:b.end]).strip()
        for target in (w.groups.get(group_of(chain_at(w, b.start), None), []), w.program.conditions):
            if waivers.exemption(ctx, sent, target, text=whole):
                w.consumed.update(c.path for c in items)
                return True
    return False
