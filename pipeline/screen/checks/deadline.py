"""Deadline: the submission date against the guide's closing date.

Why the online date first: where a guide has both, the online submission is
the applicant's own deadline; paper copies and bureau review dates follow it
and are not the applicant's to miss.
"""
from __future__ import annotations

from datetime import date

from models.report import Check
from models.schema import Deadline
from pipeline.screen import explain
from pipeline.screen.checks.base import Ctx, make

_ORDER = ("online", "submission", "paper")


def governing(deadlines: list[Deadline]) -> Deadline | None:
    for kind in _ORDER:
        same = [d for d in deadlines if d.kind == kind]
        if same:
            return max(same, key=lambda d: d.date)
    return None


def _d(x: date) -> str:
    return f"{x.year}年{x.month}月{x.day}日"


def check_deadline(ctx: Ctx) -> Check | None:
    d = governing(ctx.program.deadlines)
    if d is None:
        return None
    src = d.source
    cite = explain.cite(src)
    kind = explain.texts()["deadline_kinds"].get(d.kind, "申报")
    due = f"{kind}截止{_d(d.date)}{(' ' + d.time) if d.time else ''}"
    claim = ctx.claims.submission_date
    if claim is not None:
        when, ev, how = claim.value, claim.evidence, f"申报日期{_d(claim.value)}{explain.where(claim.evidence)}"
    elif ctx.received_on is not None:
        when, ev, how = ctx.received_on, [], f"收件日期{_d(ctx.received_on)}"
    else:
        return make("deadline", "deadline", "review", f"截止时间：未注明申报日期，请核对是否在{due}前提交{cite}", source=src)
    if when > d.date:
        return make("deadline", "deadline", "fail", f"截止时间：{how}，晚于{due}{cite}", source=src, evidence=ev)
    return make("deadline", "deadline", "pass", f"截止时间：{how}，未超过{due}{cite}", source=src, evidence=ev)
