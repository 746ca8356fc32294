"""Screening scores: decision confusion matrix, flagged failures and missing materials."""
from __future__ import annotations

from dataclasses import dataclass, field

from models.gold import ExpectedOutcome
from models.report import ScreeningReport

from evaluation.prf import PRF, Mismatch

def _material_id(name: str) -> str:
    from extractors.lexicon import materials

    return materials().first(name) or name


DECISIONS = ("eligible", "ineligible", "incomplete", "needs_review", "error")
BAD = {"ineligible", "incomplete"}


@dataclass
class ScreenTally:
    confusion: dict[str, dict[str, int]] = field(default_factory=lambda: {g: {p: 0 for p in DECISIONS} for g in DECISIONS})
    failed_metrics: PRF = field(default_factory=PRF)
    missing_materials: PRF = field(default_factory=PRF)
    passed_unflagged: list[str] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    n: int = 0

    @property
    def correct(self) -> int:
        return sum(self.confusion[d][d] for d in DECISIONS)

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 1.0

    @property
    def bad_total(self) -> int:
        return sum(sum(self.confusion[g].values()) for g in BAD)

    def add(self, name: str, expected: ExpectedOutcome, report: ScreeningReport, material_names: dict[str, str]) -> None:
        self.n += 1
        self.confusion[expected.decision][report.decision] += 1
        g, p = set(expected.failed_metrics), set(report.failed_metrics)
        self.failed_metrics += PRF(len(g & p), len(p - g), len(g - p))
        # both sides as canonical material ids: the report lists the guide's own names
        gm = set(expected.missing_materials)
        pm = {_material_id(n) for n in report.missing_materials}
        self.missing_materials += PRF(len(gm & pm), len(pm - gm), len(gm - pm))
        if expected.decision != report.decision:
            why = report.error.message if report.error else "; ".join(
                c.explanation for c in report.checks if c.status in ("fail", "missing"))[:300]
            self.mismatches.append(Mismatch("decision", expected.decision, report.decision, why, name))
        flagged = (g & p) or (gm & pm) or report.decision in BAD or report.decision == "error"
        if expected.decision in BAD and not flagged:
            self.passed_unflagged.append(name)

    def as_dict(self) -> dict:
        return {
            "n": self.n, "accuracy": round(self.accuracy, 4), "confusion": self.confusion,
            "failed_metrics": self.failed_metrics.as_dict(), "missing_materials": self.missing_materials.as_dict(),
            "bad_total": self.bad_total, "passed_unflagged": len(self.passed_unflagged),
            "passed_unflagged_files": self.passed_unflagged,
        }
