"""Tick boxes: which option of '☑新建项目 □升级项目' the applicant chose.

Why a module: questionnaires state type, track, legal-person status, IP
department and pledges as tick boxes, and PDF text layers often move the
☑ glyph away from its option (a symbol font laid out after the line:
'新建项目□升级项目☑', or into the middle of a word: '近三年无☑ ☑严重…').
A ☑ with no text of its own is such a displaced mark; the option that then
has no mark at all is the ticked one. Marks are data (claims_fields.yaml).
"""
from __future__ import annotations

import re

from extractors.claims.spans import fields_cfg


def _marks() -> tuple[str, str]:
    cfg = fields_cfg()
    return "".join(map(re.escape, cfg["check_marks"])), "".join(map(re.escape, cfg["unchecked_marks"]))


def has_boxes(value: str) -> bool:
    on, off = _marks()
    return bool(re.search(f"[{on}{off}]", value))


def _segments(value: str) -> list[tuple[str | None, str]]:
    """(mark, text after it) pairs; the text before the first mark has mark None."""
    on, off = _marks()
    parts = re.split(f"([{on}{off}])", value)
    out: list[tuple[str | None, str]] = [(None, parts[0].strip())]
    for i in range(1, len(parts), 2):
        out.append((parts[i], parts[i + 1].strip()))
    return out


def checked(value: str, options: list[str] | None = None) -> str:
    """The ticked option; the value itself when it has no boxes; '' when none is ticked.

    `options` are known option words: with them '□技术创新类产业链协同攻关类☑'
    (the ticked option's mark displaced to the end, its text glued to the
    unticked one) still reads as 产业链协同攻关类.
    """
    if not has_boxes(value):
        return value.strip()
    on_marks = set(fields_cfg()["check_marks"])
    segs = _segments(value)
    ticked = [t for m, t in segs if m in on_marks and t]
    if ticked:
        return ticked[0].split()[0].strip("，,；;")
    displaced = any(m in on_marks and not t for m, t in segs)
    unmarked = [t for m, t in segs if m is None and t]
    if displaced and len(unmarked) == 1:
        return unmarked[0].split()[-1].strip("，,；;")
    if displaced and not unmarked and options:
        off = set(fields_cfg()["unchecked_marks"])
        glued = [t[len(w):] for m, t in segs if m in off for w in _first_option(t, options)]
        if len(glued) == 1:
            return glued[0].strip("，,；; ")
    return ""


def _first_option(text: str, options: list[str]) -> list[str]:
    """The longest known option opening the text, when more text follows it."""
    w = next((o for o in sorted(options, key=len, reverse=True) if text.startswith(o) and len(text) > len(o)), None)
    return [w] if w else []


def ticked_text(text: str) -> str:
    """The text of a pledge line with unticked options removed and marks dropped.

    '☑近三年无严重失信行为□无非正常专利申请行为' -> '近三年无严重失信行为';
    a line whose marks were all displaced keeps all its text.
    """
    if not has_boxes(text):
        return text
    cfg = fields_cfg()
    off = set(cfg["unchecked_marks"])
    segs = _segments(text)
    boxes = [m for m, _ in segs if m is not None and m not in cfg.get("bullet_marks", [])]
    if not any(m not in off for m in boxes) and sum(m in off for m in boxes) < 2:
        return "".join(t for _, t in segs)   # one ○ opening a line is a bullet, not an empty box
    return "".join(t for m, t in segs if m not in off)
