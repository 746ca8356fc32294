"""Qualitative conditions and attestations.

Why most qualitative items go to a person: 行业领先, 制度健全 are judgments, not
facts; the one exception is whether an IP department exists, which
applications state plainly. Attestations pass on the applicant's own
statement (承诺书) and fail only when the applicant states a violation.
"""
from __future__ import annotations

from models.report import Check
from models.schema import Attestation, Qualitative
from pipeline.screen import explain
from pipeline.screen.checks.base import Ctx, inapplicable, make, not_applicable

_DEPT = {"independent": "有独立的知识产权管理机构", "exists": "有知识产权管理机构（非独立）", "none": "无知识产权管理机构"}


def check_qualitative(ctx: Ctx, q: Qualitative, cid: str) -> Check:
    src = q.source
    cite = explain.cite(src)
    reason = inapplicable(ctx, q.applies_to, q.tracks)
    if reason:
        return not_applicable(cid, "qualitative", reason, src)
    if q.topic == "ip_department":
        return _ip_department(ctx, q, cid)
    return make(cid, "qualitative", "review", f"需人工判断：{q.text}{cite}", source=src)


def _ip_department(ctx: Ctx, q: Qualitative, cid: str) -> Check:
    src = q.source
    cite = explain.cite(src)
    claim = ctx.claims.ip_department
    if claim is None:
        return make(cid, "qualitative", "missing", f"知识产权管理机构：申报材料未说明{cite}", source=src)
    got, ev = claim.value, claim.evidence
    said = f"知识产权管理机构：{_DEPT[got]}{explain.where(ev)}"
    strict = "独立" in q.text and "相对独立" not in q.text
    if got == "none":
        status = "fail"
    elif got == "exists" and strict:
        status, said = "review", said + "，指南要求独立机构，需人工判断"
    else:
        status = "pass"
    return make(cid, "qualitative", status, said + cite, source=src, evidence=ev)


def check_attestation(ctx: Ctx, a: Attestation, cid: str) -> Check:
    src = a.source
    cite = explain.cite(src)
    reason = inapplicable(ctx, a.applies_to, a.tracks)
    if reason:
        return not_applicable(cid, "attestation", reason, src)
    claim = next((c for c in ctx.claims.attestations if c.attestation == a.attestation), None)
    if claim is None:
        return make(cid, "attestation", "review", f"承诺事项：申报材料未见相应承诺，请核实“{a.text}”{cite}", source=src)
    if claim.present:
        return make(cid, "attestation", "pass", f"承诺事项：申报单位已承诺{a.text}{explain.where(claim.evidence)}{cite}",
                    source=src, evidence=claim.evidence)
    return make(cid, "attestation", "fail", f"承诺事项：申报材料显示存在违反“{a.text}”的情形{explain.where(claim.evidence)}{cite}",
                source=src, evidence=claim.evidence)
