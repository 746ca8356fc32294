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
from extractors.guide.text import Span, applicant_types_in, compact, source
from extractors.numbers import parse_number
from models.schema import JointRule, RegionConstraint

_HEAD_END = re.compile(r"[，,。；]\s*(?:可|也可|需|须|鼓励|原则上|并|其中)|。|鼓励")
_N = r"([0-9一二三四五六七八九十两]+)"


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
        if re.search(re.escape(short) + r"市?(?:内|范围内|辖区内|行政区域内)?(?:注册|登记)", text) or text.startswith(name):
            return RegionConstraint(text=text, province=provinces and regions["provinces"].get(code[:2]), city=name,
                                    division_code=code, source=source(ctx.doc, ctx.path, sent))
    for name, code in provinces.items():
        short = name.rstrip("省")
        if re.search(re.escape(short) + r"省?(?:内|范围内|行政区域内)?(?:注册|登记)", text) or text.startswith(name):
            return RegionConstraint(text=text, province=name, division_code=code, source=source(ctx.doc, ctx.path, sent))
    if province and re.search(r"我省|省内|本省", text):
        return RegionConstraint(text=text, province=province, division_code=provinces.get(province),
                                source=source(ctx.doc, ctx.path, sent))
    return None


def joint(ctx: Ctx, sent: Span) -> JointRule | None:
    """A joint-application rule stated in a subject sentence, if any."""
    text = sent.text
    if not re.search(r"联合|共同申报", text):
        return None
    members = re.search(_N + r"\s*家[^，。；]{0,8}?联合", text)
    leads = re.search(_N + r"\s*家牵头", text)
    partners = re.search(_N + r"\s*家(?:参与|合作)", text)
    required = bool(members) or bool(re.search(r"(需|须|应)(?:与)?[^，。；]{0,4}联合", text))
    num = lambda m: int(parse_number(m.group(1)) or 0) or None if m else None
    return JointRule(
        text=text, required=required, members=num(members), leads=num(leads), partners=num(partners),
        member_types=applicant_types_in(text[: members.end()]) if members else [],
        same_chain="同一产业链" in text, same_group_excluded=bool(re.search(r"同一集团.{0,6}不", text)),
        tracks=list(ctx.tracks), source=source(ctx.doc, ctx.path, sent),
    )
