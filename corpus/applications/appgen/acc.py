"""Collects the gold claims while a layout writes the document.

Why alongside rendering: the gold must list what the document states, with the
quote the document uses; writing both in one place keeps them in step.
"""
from __future__ import annotations

from datetime import date

from models.claims import (Address, ApplicationClaims, AttestationClaim, Attachment, Claim, CreditCode, Evidence,
                           Figure, ProjectRecord)
from models.claims import Standing as StandingClaim

from appgen import codes
from appgen.doc import Builder
from appgen.profile import Profile, Project, Standing

UNITS = {"valid_patents": "件", "valid_invention_patents": "件", "pct_national_phase": "件", "patent_grants": "件",
         "invention_grants": "件", "patents_commercialized": "件", "ip_staff": "人", "commercialization_staff": "人",
         "rd_expense_ratio": "%", "ip_expense_ratio": "%", "patent_product_revenue_ratio": "%"}
MONEY_LABELS = {
    "revenue": ["营业收入", "销售收入", "主营业务收入"],
    "rd_expense": ["研发费用", "研究开发费用", "研发投入"],
    "profit_tax": ["利税总额"],
    "profit": ["利润总额"],
    "tax": ["上缴税金", "税金总额"],
    "ip_expense": ["知识产权费用", "知识产权经费"],
    "patent_product_revenue": ["专利产品销售收入"],
}


class Acc:
    def __init__(self, p: Profile, b: Builder):
        self.p, self.b = p, b
        self.c = ApplicationClaims(file=b.file)
        self._attach: dict[str, Attachment] = {}

    def name(self, ev: Evidence) -> None:
        self.c.applicant_name = Claim[str](value=self.p.name, evidence=[ev])

    def code(self, ev: Evidence) -> None:
        p = self.p
        probs = codes.problems(p.code)
        self.c.credit_code = Claim[CreditCode](value=CreditCode(
            code=p.code, valid=not probs, problems=probs, division_code=p.division,
            province=p.province, city=p.city), original=p.code, evidence=[ev])
        self.c.warnings += probs

    def atype(self, text: str, ev: Evidence) -> None:
        self.c.applicant_type = Claim[str](value=self.p.atype, original=text, evidence=[ev])

    def address(self, ev: Evidence) -> None:
        self.c.address = Claim[Address](value=Address(text=self.p.address, province=self.p.province, city=self.p.city),
                                        evidence=[ev])

    def legal(self, text: str, ev: Evidence) -> None:
        self.c.legal_person = Claim[bool](value=True, original=text, evidence=[ev])

    def program(self, ev: Evidence) -> None:
        self.c.program_name = Claim[str](value=self.p.spec.title, evidence=[ev])

    def track(self, ev: Evidence) -> None:
        self.c.track = Claim[str](value=self.p.spec.track_text, evidence=[ev])

    def submitted(self, text: str, ev: Evidence) -> None:
        self.c.submission_date = Claim[date](value=self.p.submitted, original=text, evidence=[ev])

    def lead(self, ev: Evidence) -> None:
        self.c.lead_unit = Claim[str](value=self.p.name, evidence=[ev])

    def partner(self, name: str, ev: Evidence) -> None:
        self.c.partners.append(Claim[str](value=name, evidence=[ev]))

    def fig(self, metric: str, year: int | None, value: float, original: str, evs: list[Evidence],
            derived: list[str] | None = None) -> None:
        unit = UNITS.get(metric, "万元")
        if unit in ("件", "人"):
            value = float(round(value))
        else:
            value = round(value, 4)
        self.c.figures.append(Figure(metric=metric, year=year, value=value, unit=unit, original=original,
                                     evidence=evs, derived_from=derived or []))

    def dept(self, value: str, text: str, ev: Evidence) -> None:
        self.c.ip_department = Claim(value=value, original=text, evidence=[ev])

    def standing(self, s: Standing, ev: Evidence | list[Evidence]) -> None:
        self.c.standings.append(StandingClaim(kind=s.kind, id=s.id, name=s.text, year=s.year, level=s.level,
                                              evidence=ev if isinstance(ev, list) else [ev]))

    def project(self, pr: Project, ev: Evidence | list[Evidence], year: int | None | str = "text") -> None:
        """Record a project. The year goes into the gold only where the document
        states it: by default when it is written in the project sentence (a
        "正在承担国家重点研发计划…课题" line names no year, so the gold has none);
        a layout that writes the year elsewhere (a table cell) passes it."""
        if year == "text":
            year = pr.year if pr.year is not None and f"{pr.year}" in pr.text else None
        evs = ev if isinstance(ev, list) else [ev]
        self.c.projects.append(ProjectRecord(name=pr.name, program=pr.program, level=pr.level, year=year,
                                             role=pr.role, status=pr.status, evidence=evs))

    def attest(self, att: str, ev: Evidence) -> None:
        a = next((a for a in self.c.attestations if a.attestation == att), None)
        if a is None:
            self.c.attestations.append(AttestationClaim(attestation=att, present=True, evidence=[ev]))
        else:
            a.evidence.append(ev)

    def attach(self, material: str, name: str, found: str, ev: Evidence) -> None:
        a = self._attach.get(material)
        if a is None:
            a = self._attach[material] = Attachment(name=name, material=material, found=found, evidence=[ev])
            self.c.attachments.append(a)
        else:
            a.evidence.append(ev)
            if found == "page":
                a.found = "page"
