"""Joint-application rules: how many units apply together.

Why only the count is judged: the number of members is stated on the cover
(牵头单位 + 合作单位); whether partners belong to one group or one chain needs
registry data the application does not hold, so it is left to staff.
"""
from __future__ import annotations

from models.report import Check
from models.schema import JointRule
from pipeline.screen import explain
from pipeline.screen.checks.base import Ctx, make, not_applicable, track_excluded, track_name


def _members(ctx: Ctx) -> tuple[int, list[str]]:
    c = ctx.claims
    lead = c.lead_unit.value if c.lead_unit else (c.applicant_name.value if c.applicant_name else None)
    partners = [p.value for p in c.partners if not lead or p.value != lead]
    return 1 + len(partners), ([lead] if lead else ["申报单位"]) + partners


def _bounds(rule: JointRule) -> tuple[int | None, int | None]:
    """(min, max) number of units, from members, leads + partners or explicit bounds."""
    exact = rule.members
    if exact is None and rule.partners is not None:
        exact = (rule.leads or 1) + rule.partners
    if exact is not None:
        return exact, exact
    return rule.min_members, rule.max_members


def check_joint(ctx: Ctx, rule: JointRule, cid: str) -> Check:
    src = rule.source
    cite = explain.cite(src)
    if track_excluded(ctx, rule.tracks):
        wanted = "、".join(track_name(ctx.program, t) for t in rule.tracks)
        return not_applicable(cid, "joint", f"联合申报要求仅适用于{wanted}", src)
    n, names = _members(ctx)
    ev = [e for p in ctx.claims.partners for e in p.evidence]
    if ctx.claims.lead_unit:
        ev = ctx.claims.lead_unit.evidence + ev
    lo, hi = _bounds(rule)
    if n == 1 and not rule.required:
        return make(cid, "joint", "pass", f"联合申报：单独申报，指南允许{cite}", source=src, evidence=ev)
    if rule.tracks and not ctx.track and n == 1:
        return not_applicable(cid, "joint", "未注明申报类别且为单独申报，联合申报要求不作判断", src)
    who = f"共{n}家（{'、'.join(names[:1])}牵头" + (f"，合作单位{'、'.join(names[1:])}" if n > 1 else "") + "）"
    if lo is not None and hi is not None and lo == hi:
        want = f"{lo}家"
    elif lo is not None or hi is not None:
        want = "、".join(x for x in (f"不少于{lo}家" if lo else "", f"不超过{hi}家" if hi else "") if x)
    else:
        want = ""
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        return make(cid, "joint", "fail", f"联合申报单位{who}，指南要求{want}{cite}", source=src, evidence=ev)
    if rule.required and n == 1:
        return make(cid, "joint", "fail", f"联合申报：指南要求联合申报，申报材料仅有一家单位{cite}", source=src, evidence=ev)
    return make(cid, "joint", "pass", f"联合申报单位{who}{'，符合' + want + '的要求' if want else ''}{cite}",
                source=src, evidence=ev)
