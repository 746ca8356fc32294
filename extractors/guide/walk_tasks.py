"""Task extraction: the numbered items of a 项目任务 section.

Why kept: tasks bind the project, not the applicant, so they are no conditions;
but next year's guide is diffed on them, so each item is kept with its source.
"""
from __future__ import annotations

from extractors.guide.programs import role_of
from extractors.guide.text import Span, compact, has_any, sentences, source, terms
from extractors.guide.walk_state import WalkState
from models.document import Block, Section
from models.schema import Task


def read_task(w: WalkState, b: Block, chain: list[Section], role_sec: Section | None) -> None:
    """One Task per numbered item of a task list (not performance targets):
    tasks are not conditions, but next year's guide is diffed on them."""
    below = chain[chain.index(role_sec) + 1:] if role_sec in chain else []
    words = terms()["performance_words"]
    if role_sec is None or any(has_any(s.title, words) for s in below):
        return
    if has_any(role_sec.title, words) and "任务" not in role_sec.title:
        return
    def container(sec: Section) -> bool:  # a track or a group heading above the task items
        return (compact(sec.title) in w.tracks or sec in w.track_secs
                or any(role_of(c.title) or has_any(c.title, words) for c in sec.children))

    items = [s for s in below if not role_of(s.title) and not container(s)]
    if not items or items[0].start != b.start:
        return  # only the block that opens the first numbered item below the task heading
    item = items[0]
    tracks = [compact(s.title) for s in chain if compact(s.title) in w.tracks]
    title = compact(item.title) or sentences(Span(b.start, b.end, b.text))[0].text
    text = w.doc.text[item.start:item.end]
    w.program.tasks.append(Task(title=title, text=text, tracks=tracks,
                                source=source(w.doc, item.path, Span(b.start, b.end, b.text))))
