"""Per-role handlers: one sentence of a subject, conditions or logistics section.

Why together: they share the walker's accumulators (condition groups for
exemptions and adjustments, materials, channels, unparsed sentences), and a
subject sentence that names no applicant type falls through to the conditions
handler.
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
from models.document import Section
from models.schema import Threshold


_UNPARSED = "未能识别为条件或申报事项，请人工核对"


class RolesMixin:
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
        if cond.is_adjustment(text) and not any(p.metric and p.comp.operator != "==" for p in cond.metric_pairs(text)):
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

    def _add(self, prior: list, items: list) -> None:
        prior.extend(items)
        self.p.conditions.extend(items)

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

    def _funding(self, f) -> None:
        if not lg.merge_funding(self.p.funding, f):
            self.splits = self.splits or list(f.split)
