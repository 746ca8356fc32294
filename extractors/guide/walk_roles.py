"""Per-role readers: one sentence of a subject, conditions or logistics section.

Why together: they share the walk's accumulators (condition groups for
exemptions and adjustments, materials, channels, unparsed sentences), and a
subject sentence that names no applicant type falls through to the conditions
reader.
"""
from __future__ import annotations

import re

from extractors.guide import conditions as cond
from extractors.guide import logistics as lg
from extractors.guide import subject as subj
from extractors.guide import waivers
from extractors.guide.ctx import Ctx
from extractors.guide.exclusions import exclusions, is_exclusion
from extractors.guide.text import Span, applicant_types_in, has_any, leading_types, terms
from extractors.guide.walk_context import group_of, heading_of
from extractors.guide.walk_state import WalkState
from models.document import Section
from models.schema import Threshold


_UNPARSED = "未能识别为条件或申报事项，请人工核对"


def read_subject(w: WalkState, ctx: Ctx, sent: Span, role_sec: Section) -> None:
    p = w.program
    key = role_sec.path
    if is_exclusion(sent.text):
        p.exclusions.extend(exclusions(ctx, sent, w.track_names, p.name))
        return
    if key not in w.subject_seen:
        w.subject_seen.add(key)
        types = subj.types_of(sent.text)
        track = w.tracks.get(ctx.tracks[0]) if ctx.tracks else None
        if track is not None:
            track.applicant_types = types
        _who_may_apply(w, ctx, sent, types)
        j = subj.joint(ctx, sent)
        if j:
            p.joint.append(j)
            if j.members:
                p.conditions.append(Threshold(
                    metric="consortium_members", operator="==", value=j.members, unit="家",
                    value_text=f"{j.members}家", text=j.text, tracks=list(ctx.tracks), source=j.source))
        return
    j = subj.joint(ctx, sent)
    if j and re.match(r"^(鼓励|支持)", sent.text):
        p.joint.append(j)
        return
    read_condition(w, ctx, sent, [], role_sec)


def _registration(w: WalkState, ctx: Ctx, sent: Span) -> None:
    """Without a 申报主体 section, the condition that states registration (企业须在宁波市内注册，
    具有独立法人资格) says who may apply."""
    if w.has_subject or not has_any(sent.text, terms()["registration_cues"]):
        return
    _who_may_apply(w, ctx, sent, subj.types_of(sent.text))


def _who_may_apply(w: WalkState, ctx: Ctx, sent: Span, types: list[str]) -> None:
    """Applicant types, the legal-person requirement and the region a sentence states."""
    p = w.program
    for t in types:
        if t not in p.applicant_types:
            p.applicant_types.append(t)
    if subj.legal_person(sent.text):
        p.legal_person_required = True
    if p.region is None:
        p.region = subj.region(ctx, sent, w.notice.province)


def read_condition(w: WalkState, ctx: Ctx, sent: Span, chain: list[Section], role_sec: Section | None,
                   group: str | None = None) -> None:
    p = w.program
    text = sent.text
    _registration(w, ctx, sent)
    if group is None:
        group = group_of(chain, role_sec)
    prior = w.groups.setdefault(group, [])
    lg.materials(ctx, sent, w.materials)
    flipped = cond.inverted(ctx, sent)
    if flipped:
        _add(w, prior, flipped)
        return
    if is_exclusion(text):
        p.exclusions.extend(exclusions(ctx, sent, w.track_names, p.name))
        return
    if text.endswith(("：", ":")) or (has_any(text, terms()["intro_cues"]) and len(text) < 40):
        types = applicant_types_in(text)
        if types and chain:
            w.intro_types[chain[-1].path] = types
        if has_any(text, terms()["one_of_cues"]):
            w.schema.warnings.append(f"{ctx.path}：下列条件为“符合其一”，已逐条列为需人工判断的条件。")
            rest = re.sub(r"[，,]?且?(符合|满足)(下列|以下)条件之一[：:]?$", "", text)
            if rest and rest != text:
                _add(w, prior, cond.analyze(ctx, Span(sent.start, sent.start + len(rest), rest)))
        return
    if cond.relaxation(ctx, sent, prior, p.conditions):
        return
    if waivers.exemption(ctx, sent, prior) or waivers.exemption(ctx, sent, p.conditions):
        return
    # a counting rule states no bar of its own: its only "comparison" is the 为2件 it counts as
    if cond.is_adjustment(text) and not any(x.metric and x.comp.operator != "==" for x in cond.metric_pairs(text)):
        if cond.attach_adjustments(ctx, sent, prior) or cond.attach_adjustments(ctx, sent, p.conditions):
            return
    if has_any(text, terms()["preference_cues"]):
        w.unparsed.setdefault((ctx.path, "优先支持条款，不是资格条件"), []).append(sent)
        return
    types = leading_types(text)
    if types:
        ctx = Ctx(ctx.doc, ctx.path, types, ctx.tracks)
    items = cond.analyze(ctx, sent)
    if items:
        _add(w, prior, items)
    else:
        w.unparsed.setdefault((ctx.path, _UNPARSED), []).append(sent)


def _add(w: WalkState, prior: list, items: list) -> None:
    prior.extend(items)
    w.program.conditions.extend(items)


def read_logistics(w: WalkState, ctx: Ctx, sent: Span, role: str | None) -> None:
    p = w.program
    used = excluded = is_exclusion(sent.text)
    if excluded:
        p.exclusions.extend(exclusions(ctx, sent, w.track_names, p.name))
    used |= lg.materials(ctx, sent, w.materials)
    issued = w.notice.issued_on
    year = p.deadlines[-1].date.year if p.deadlines else (issued.year if issued else p.year)
    dls = lg.deadlines(ctx, sent, heading_of(w, sent.start), year=year, after=issued)
    p.deadlines.extend(dls)
    used |= bool(dls)
    used |= lg.channels(ctx, sent, w.channels)
    qs = lg.quotas(ctx, sent, w.track_names)
    p.quotas.extend(qs)
    used |= bool(qs)
    f = lg.funding(ctx, sent) if not excluded else None  # 已享受…资金支持的同一项目，不得重复申报
    if f:
        add_funding(w, f)
        used = True
    years = lg.implementation_years(sent)
    if years and p.implementation_years is None:
        p.implementation_years = years
        used = True
    if re.search(r"同一集团.{0,8}不", sent.text):
        for j in p.joint:
            j.same_group_excluded = True
    if not used and role in terms()["reported_roles"]:
        w.unparsed.setdefault((ctx.path, _UNPARSED), []).append(sent)


def add_funding(w: WalkState, f) -> None:
    """A funding statement: merged into the program's, its split kept if it is the first."""
    if not lg.merge_funding(w.program.funding, f):
        w.splits = w.splits or list(f.split)
