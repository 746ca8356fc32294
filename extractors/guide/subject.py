"""Who may apply: applicant types, legal person, region and joint-application rules.

Why only the head of the first sentence: 申报主体 sentences go on to name the
partners an applicant may team up with (…与产业链上下游企业、知识产权服务机构联合申报);
those are not applicant types. The applicant is what the sentence names before
its first 可/也可/需/鼓励 clause.
"""
from __future__ import annotations

import re

from extractors import lexicon
from extractors.guide.ctx import Ctx
from extractors.guide.text import Span, applicant_types_in, source
from extractors.numbers import parse_number
from models.schema import JointRule, RegionConstraint

_N = r"([0-9一二三四五六七八九十两]+)"
_HEAD_END = re.compile(rf"[，,。；]\s*(?:{lexicon.alternation('subject_head_enders')})|。"
                       rf"|{lexicon.alternation('subject_head_breaks')}")
_REGISTRATION = lexicon.alternation("registration_verbs")
_CITY_TAIL = rf"市?(?:{lexicon.alternation('city_scopes')})?(?:{_REGISTRATION})"          # 常州 + 市范围内注册
_PROVINCE_TAIL = rf"省?(?:{lexicon.alternation('province_scopes')})?(?:{_REGISTRATION})"  # 江苏 + 省内注册
_OWN_PROVINCE = re.compile(lexicon.alternation("own_province_words"))
_JOINT = re.compile(lexicon.alternation("joint_cues"))
_PARTNERS = re.compile(_N + rf"\s*家(?:{lexicon.alternation('joint_partner_verbs')})")
_JOINT_REQUIRED = re.compile(rf"({lexicon.alternation('joint_obligation_words')})(?:与)?[^，。；]{{0,4}}联合")


def head(text: str) -> str:
    m = _HEAD_END.search(text)
    return text[: m.start()] if m else text


def types_of(text: str) -> list[str]:
    return applicant_types_in(head(text))


def legal_person(text: str) -> bool | None:
    return True if "独立法人" in head(text) else None


def region(ctx: Ctx, sent: Span, province: str | None) -> RegionConstraint | None:
    text = head(sent.text)
    regions = lexicon.regions()
    cities = {n: c for c, n in regions["cities"].items()}
    provinces = {n: c for c, n in regions["provinces"].items()}
    for name, code in cities.items():
        short = name.rstrip("市")
        if re.search(re.escape(short) + _CITY_TAIL, text) or text.startswith(name):
            return RegionConstraint(text=text, province=provinces and regions["provinces"].get(code[:2]), city=name,
                                    division_code=code, source=source(ctx.doc, ctx.path, sent))
    for name, code in provinces.items():
        short = name.rstrip("省")
        if re.search(re.escape(short) + _PROVINCE_TAIL, text) or text.startswith(name):
            return RegionConstraint(text=text, province=name, division_code=code, source=source(ctx.doc, ctx.path, sent))
    if province and _OWN_PROVINCE.search(text):
        return RegionConstraint(text=text, province=province, division_code=provinces.get(province),
                                source=source(ctx.doc, ctx.path, sent))
    return None


def joint(ctx: Ctx, sent: Span) -> JointRule | None:
    """A joint-application rule stated in a subject sentence, if any."""
    text = sent.text
    if not _JOINT.search(text):
        return None
    members = re.search(_N + r"\s*家[^，。；]{0,8}?联合", text)
    leads = re.search(_N + r"\s*家牵头", text)
    partners = _PARTNERS.search(text)
    required = bool(members) or bool(_JOINT_REQUIRED.search(text))
    num = lambda m: int(parse_number(m.group(1)) or 0) or None if m else None
    return JointRule(
        text=text, required=required, members=num(members), leads=num(leads), partners=num(partners),
        member_types=applicant_types_in(text[: members.end()]) if members else [],
        same_chain="同一产业链" in text, same_group_excluded=bool(re.search(r"同一集团.{0,6}不", text)),
        tracks=list(ctx.tracks), source=source(ctx.doc, ctx.path, sent),
    )
