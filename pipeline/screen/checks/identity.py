"""Who the applicant is: applicant type, legal person, registration region.

Why region from two sources: the credit code's division (characters 3–8) is
where the unit is registered and cannot be mistyped into another valid region
without failing the checksum, while the address is what staff read first; if
either clearly lies outside the guide's region the applicant is out.
"""
from __future__ import annotations

import re

from extractors import lexicon
from models.report import Check
from models.schema import RegionConstraint
from pipeline import labels
from pipeline.screen import explain
from pipeline.screen.checks.base import Ctx, expand_types, find_track, make

_SUFFIX = re.compile(rf"({lexicon.alternation('region_suffixes')})$")


def _core(name: str | None) -> str:
    """江苏省 → 江苏, 常州市 → 常州 (so short and full names compare)."""
    if not name:
        return ""
    return _SUFFIX.sub("", name.strip()) or name.strip()


def allowed_types(ctx: Ctx) -> set[str]:
    if ctx.track:
        tr = find_track(ctx.program, ctx.track)
        if tr and tr.applicant_types:
            return expand_types(tr.applicant_types)
    return expand_types(ctx.program.applicant_types)


def check_applicant_type(ctx: Ctx) -> Check | None:
    allowed = allowed_types(ctx)
    if not allowed:
        return None
    wanted = "、".join(labels.type_name(t) for t in sorted(allowed))
    claim = ctx.claims.applicant_type
    if claim is None:
        return make("applicant_type", "applicant_type", "missing",
                    f"申报主体类型：申报材料未载明单位类型，指南要求为{wanted}")
    ev = claim.evidence
    got = labels.type_name(claim.value)
    if claim.value in allowed:
        return make("applicant_type", "applicant_type", "pass",
                    f"申报主体类型：{got}，属于指南规定的申报主体（{wanted}）{explain.where(ev)}", evidence=ev)
    return make("applicant_type", "applicant_type", "fail",
                f"申报主体类型：{got}，不属于指南规定的申报主体（{wanted}）{explain.where(ev)}", evidence=ev)


def check_legal_person(ctx: Ctx) -> Check | None:
    """Only a stated fact decides; an unstated legal-person status is not guessed."""
    if not ctx.program.legal_person_required or ctx.claims.legal_person is None:
        return None
    c = ctx.claims.legal_person
    if c.value:
        return make("legal_person", "applicant_type", "pass", f"具有独立法人资格{explain.where(c.evidence)}",
                    evidence=c.evidence)
    return make("legal_person", "applicant_type", "fail",
                f"指南要求具有独立法人资格，申报单位不具有独立法人资格{explain.where(c.evidence)}", evidence=c.evidence)


def _target(r: RegionConstraint) -> tuple[str | None, str | None, str | None]:
    """(province, city, division prefix) of the constraint, reading names from its text when unset."""
    regions = lexicon.regions()
    prov, city, code = r.province, r.city, r.division_code
    if not prov and not city and not code:
        prov, city = _place_in_text(r.text)
    if not code:
        if city:
            code = next((c for c, n in regions["cities"].items() if _core(n) == _core(city)), None)
        elif prov:
            code = next((c for c, n in regions["provinces"].items() if _core(n) == _core(prov)), None)
    if code and not prov:
        prov = regions["provinces"].get(code[:2])
    return prov, city, code


def _earliest(names: dict[str, str], text: str) -> tuple[str, str] | None:
    """(code, name) of the region named earliest in text; full names (常州市) before short ones (常州)."""
    for key in (lambda n: n, _core):
        hits = [(text.find(key(n)), c, n) for c, n in names.items() if key(n) and key(n) in text]
        if hits:
            _, c, n = min(hits)
            return c, n
    return None


def _place_in_text(text: str) -> tuple[str | None, str | None]:
    """(province, city) named in an address; a city implies its province."""
    regions = lexicon.regions()
    p = _earliest(regions["provinces"], text)
    c = _earliest(regions["cities"], text)
    prov = p[1] if p else None
    city = c[1] if c else None
    if c and (prov is None or text.find(_core(prov)) > text.find(_core(city))):
        prov = regions["provinces"].get(c[0][:2], prov)
    return prov, city


def _verdict(prov, city, t_prov, t_city, t_code, code) -> str | None:
    """'in', 'out' or None (cannot tell) for one source."""
    if t_code and code:
        if code.startswith(t_code):
            return "in"
        if len(code) >= len(t_code):
            return "out"
    if t_prov and prov:
        if _core(prov) != _core(t_prov):
            return "out"
        if not t_city:
            return "in"
    if t_city and city:
        return "in" if _core(city) == _core(t_city) else "out"
    return None


def check_region(ctx: Ctx) -> Check | None:
    r = ctx.program.region
    if r is None:
        return None
    t_prov, t_city, t_code = _target(r)
    if not (t_prov or t_city or t_code):
        return None
    want = t_city or t_prov
    cite = explain.cite(r.source)
    facts, verdicts, ev, out_ev = [], [], [], []
    cc = ctx.claims.credit_code
    if cc is not None and cc.value.valid and cc.value.division_code:
        v = cc.value
        prov, city = v.province, v.city
        if not prov:
            prov, city = lexicon.region_of(v.division_code)
        verdict = _verdict(prov, city, t_prov, t_city, t_code, v.division_code)
        verdicts.append(verdict)
        out_ev += cc.evidence if verdict == "out" else []
        place = f"{prov or ''}{city or ''}" or "未知地区"
        facts.append(f"统一社会信用代码{v.code}登记地为{place}（行政区划代码{v.division_code}）")
        ev.extend(cc.evidence)
    addr = ctx.claims.address
    if addr is not None:
        a = addr.value
        prov, city = a.province, a.city
        if not prov and not city:
            prov, city = _place_in_text(a.text)
        elif prov and not city:
            city = _place_in_text(a.text)[1]
        verdict = _verdict(prov, city, t_prov, t_city, None, None)
        verdicts.append(verdict)
        out_ev += addr.evidence if verdict == "out" else []
        facts.append(f"地址“{a.text}”")
        ev.extend(addr.evidence)
    if "out" in verdicts:
        status, tail = "fail", f"不在{want}范围内"
    elif "in" in verdicts:
        status, tail = "pass", f"位于{want}"
    elif not facts:
        return make("region", "region", "missing", f"注册地：申报材料未载明有效的统一社会信用代码或地址，无法确认是否在{want}{cite}",
                    source=r.source)
    else:
        status, tail = "missing", f"无法确认是否在{want}"
    return make("region", "region", status, f"注册地：{'；'.join(facts)}，{tail}{cite}", source=r.source, evidence=ev,
                deciding=[out_ev])  # either source outside the region decides on its own
