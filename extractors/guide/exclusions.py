"""Exclusions: who may not apply, wherever the guide says so.

Why anywhere: guides put them in 申报要求, at the end of 申报条件 (已承担…的单位
不再承担…) or in 申报主体资格 (已获得过…的，不能参与申报). A sentence is an
exclusion when it carries a refusal cue; its kind is the first kind of
data/guide_terms.yaml whose words it contains. The excluded party is what the
sentence names between its last 的 and the cue; the history that excludes is
the program named after 承担 (with its level), or the titles held.
"""
from __future__ import annotations

import re

from extractors.guide.ctx import Ctx
from extractors.guide.text import (
    Span, applicant_types_in, clauses, compact, first_key, has_any, level_of, refusal_at, source, terms, titles_in,
)
from models.schema import Exclusion

_PROGRAM = re.compile(
    r"承担(?:过)?(?:的)?((?:20\d{2}年、?)*(?:其他)?[^，。；、（(]{1,30}?(?:计划项目|项目|计划|示范中心建设))")


def is_exclusion(text: str) -> bool:
    return refusal_at(text) >= 0 and not has_any(text, terms()["exclusion_non_cues"])


def is_exclusion_list(text: str) -> bool:
    """`有下列情形之一的，不得申报：` — the items that follow are the exclusions."""
    t = text.strip().rstrip("。")
    return t.endswith(("：", ":")) and is_exclusion(t) and has_any(t, terms()["exclusion_list_cues"])


# 已获得市级专利转化专项项目支持的: support received from a program is a project history, not a title
_SUPPORTED = re.compile(r"获得(?:过)?((?:[^，。；]{0,8}?级)?[^，。；、]{2,24}?项目)(?:的)?(?:支持|资助|立项)")
_HOLDER = re.compile(r"([^，。；的]{2,30}?(?:计划项目|项目))承担单位")


def exclusions(ctx: Ctx, sent: Span, track_names: list[str], own_name: str = "", listed: bool = False) -> list[Exclusion]:
    """One Exclusion per refusing clause group of a sentence (split on cues).

    `listed`: the sentence is an item under an exclusion list intro, so it is an
    exclusion as a whole even without a cue of its own.
    """
    out: list[Exclusion] = []
    if is_exclusion_list(sent.text):
        return out  # 有下列情形之一的，不得申报该奖项： only announces the items that follow
    head, colon, tail = sent.text.partition("：")
    if colon and tail.strip() and is_exclusion_list(head + colon):
        # 有下列情形之一的，不予受理：存在重大事故的；…: the intro names the refusal, the item follows it
        sent, listed = sent.sub(len(head) + 1, len(sent.text)).strip(), True
    if listed and has_any(sent.text, terms()["exclusion_non_cues"]) and refusal_at(sent.text) >= 0:
        return out  # a sanction or a bureau rule written under the list (…一经查实，取消申报资格)
    for part in ([sent] if listed and not is_exclusion(sent.text) else _parts(sent)):
        text = part.text
        cue_at = refusal_at(text)
        if cue_at < 0 and listed:
            cue_at = len(text)
        if cue_at < 0:
            continue
        kind = first_key(text, terms()["exclusion_kinds"]) or "other"
        subject = text[:cue_at]
        who = subject[subject.rfind("的") + 1:] if "的" in subject else subject
        programs = [compact(m.group(1)) for pat in (_PROGRAM, _HOLDER) for m in pat.finditer(text) if m.start() < cue_at]
        own = [p for p in programs if re.fullmatch(r"(本|该)?(年度)?(本)?项目", p)]
        programs = [p for p in programs if p not in own] or ([own_name] if own and own_name else [])
        for p in programs:
            who = who.replace(p, "")
        titles = titles_in(text) if kind == "holds_title" else []
        supported = _SUPPORTED.search(text[:cue_at]) if kind == "holds_title" and not titles else None
        if supported:
            kind, programs = "led_same_program", [compact(supported.group(1))]
        level = level_of(programs[0]) if programs else (level_of(text) if kind in ("holds_title", "other") else None)
        tracks = [t for t in track_names if t in text[cue_at:]] or list(ctx.tracks)
        out.append(Exclusion(
            text=text, kind=kind, applies_to=applicant_types_in(who) or list(ctx.applies_to), tracks=tracks,
            titles=titles, programs=programs, level=level, source=source(ctx.doc, ctx.path, part),
        ))
    return out


def _parts(sent: Span) -> list[Span]:
    """Clause groups each ending at a refusal: `A…不得申报…；B…不得申报…` arrive as one sentence
    when a guide uses commas only."""
    cls = clauses(sent)
    parts, start = [], None
    for i, cl in enumerate(cls):
        if start is None:
            start = cl
        if is_exclusion(cl.text) or i == len(cls) - 1:
            parts.append(Span(start.start, cl.end, sent.text[start.start - sent.start: cl.end - sent.start]))
            start = None
    follow = terms().get("exclusion_followups") or []
    merged: list[Span] = []
    for p in parts:  # 只能申报一个项目，重复申报的一律不予受理: the second clause restates the first
        if merged and p.text.startswith(tuple(follow)) and is_exclusion(merged[-1].text):
            merged[-1] = Span(merged[-1].start, p.end, sent.text[merged[-1].start - sent.start: p.end - sent.start])
        else:
            merged.append(p)
    return [p for p in merged if is_exclusion(p.text)] or [sent]
