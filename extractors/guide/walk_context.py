"""Where a block sits in a program's outline, and what that says about it.

Why a module of its own: the meaning of a sentence depends on its section chain
(role, track, applicant types named by headings or list intros), and the block
reader, the role readers and the task reader all ask the same questions of it.
The functions read the walk's state (`unit`, `roots`, `track_secs`,
`intro_types` …) and change none of it.
"""
from __future__ import annotations

import re

from extractors.guide.programs import Unit, role_of
from extractors.guide.text import Span, applicant_types_in, compact, terms
from extractors.guide.walk_state import WalkState
from extractors.outline import ancestors, block_text, is_short_title, parse_label
from models.document import Block, Section


def role_in(chain: list[Section]) -> tuple[Section | None, str | None]:
    """The section that decides a block's role, and the role. The outermost named
    role wins, except a catch-all one (二、申报要求) whose sub-section names a role of
    its own (【申报条件】, 【申报材料】): there the deeper one decides."""
    roles = [(s, r) for s, r in ((s, role_of(s.title)) for s in chain) if r]
    if not roles:
        return None, None
    containers = set(terms().get("container_roles") or [])
    if roles[0][1] in containers:  # only a sub-heading, not an item whose first sentence names a role
        return next(((s, r) for s, r in roles[1:] if r not in containers and names_role(s.title)), roles[0])
    return roles[0]


def names_role(title: str) -> bool:
    """A heading that only names its section's role (申报主体, 申报主体和方式)."""
    return any(kw in title and len(title) - len(kw) <= 4 for e in terms()["section_roles"] for kw in e["keywords"])


def unit_sections(roots: list[Section], unit: Unit, offset: int) -> list[Section]:
    """The sections around `offset` inside the program, outermost first, without the program's own."""
    return [s for s in ancestors(roots, offset) if s.start >= unit.start and s.end <= unit.end
            and not (unit.section is not None and s.path == unit.section.path)]


def chain_at(w: WalkState, offset: int) -> list[Section]:
    """The section chain of `offset` in the walked program (see unit_sections)."""
    return unit_sections(w.roots, w.unit, offset)


def applies_to(w: WalkState, chain: list[Section], role_sec: Section | None) -> list[str]:
    """Applicant types a conditions or subject sentence under `chain` binds: named by a
    heading below the role section, else by a list intro or the track above it."""
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
            if s.path in w.intro_types:
                return list(w.intro_types[s.path])
            if s in w.track_secs and w.declared.get(compact(s.title)):
                return list(w.declared[compact(s.title)])
    return types


def content(w: WalkState, b: Block, sec: Section | None) -> Span | None:
    """The sentence text of a block: without its numbering label and a title that only
    names the section; None for a bare heading."""
    text, shift = block_text(b)
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
                if (after or (sec.children and not sentence) or names_role(title)
                        or (not rest[len(title):].strip() and sec.end > b.end)):
                    cut += len(rest) - len(after)
    elif sec is not None and sec.kind == "heading" and sec.start == b.start:
        return None
    cut = max(0, cut + min(shift, 0) if shift < 0 else cut + shift)
    span = Span(b.start + cut, b.end, w.doc.text[b.start + cut: b.end])
    return span if span.text.strip() else None


def group_of(chain: list[Section], role_sec: Section | None) -> str:
    """Conditions of one list share a group: exemptions and adjustments look there first."""
    return chain[-2].path if len(chain) >= 2 and chain[-1] is not role_sec else (chain[-1].path if chain else "")


def heading_of(w: WalkState, offset: int) -> str:
    """Title of the deepest section around `offset` (（三）网上申报时间：… cut from the sentence)."""
    sections = chain_at(w, offset)
    return sections[-1].title if sections else ""
