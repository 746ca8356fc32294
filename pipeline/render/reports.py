"""Per-submission HTML reports and the batch index, from Jinja2 templates.

Why templates with autoescape and nothing else: company names, file names and
quotes are applicant-controlled. Every value reaches the page through an
autoescaping template loaded from the package folder; no template is ever
built from data, so `{{7*7}}` in a company name stays text and `<script>` stays
visible characters. The pages also carry a CSP that forbids scripts outright.
Failed and missing items come first: that is what staff act on. Quotes read
off a scan carry a “文字识别” badge with the OCR confidence (red below the
floor of pipeline.screen.checks.ocr), so staff know which lines to hold against the
original.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Mapping
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from models.report import Check, ScreeningReport
from pipeline.screen import ocr_trust
from pipeline import labels
from pipeline.render.evidence_images import EvidenceView, evidence_key
from pipeline.render.exports import SummaryRow

TEMPLATES = Path(__file__).parent / "templates"

_GROUPS = [  # evidence_images.STATUS_ORDER follows this order (the first quotes get images)
    ("未达标项", ("fail",)), ("缺失项", ("missing",)), ("需人工核查项", ("review",)), ("已满足项", ("pass",)),
    ("不适用项", ("not_applicable",)),
]


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True,
                      default_for_string=True), trim_blocks=True, lstrip_blocks=True)
    return env


def warm() -> None:
    """Compile the report and index templates now (the environment keeps them)."""
    env = environment()
    for name in ("report.html", "index.html"):
        env.get_template(name)


def render_report(report: ScreeningReport, name: str, views: Mapping[str, EvidenceView] | None = None) -> str:
    """HTML for one submission; `name` is the safe output base name (for the JSON link).
    `views` (pipeline.render.evidence_images, keyed by `evidence_key`) put the place in the
    original next to each quote: a linked PNG of the PDF region or the DOCX context."""
    views = views or {}
    groups = []
    for title, statuses in _GROUPS:
        checks: list[Check] = [c for c in report.checks if c.status in statuses]
        if checks:
            groups.append({"title": title, "checks": checks})
    return environment().get_template("report.html").render(
        report=report, decision_label=labels.decision(report.decision), groups=groups,
        missing_materials=[labels.material_name(m) for m in report.missing_materials],
        status_labels=labels.statuses(), kind_labels=labels.check_kinds(), metric_name=labels.metric_name,
        json_href=quote(name) + ".json", ocr_floor=ocr_trust.floor(), ocr_confidence=lambda ev: ocr_trust.confidence_label([ev]),
        evidence_view=lambda ev: views.get(evidence_key(ev)) if views else None,
    )


_BAR_COLOURS = {"eligible": "#2e7d32", "ineligible": "#c62828", "incomplete": "#b26a00", "needs_review": "#1d4f91",
                "error": "#6b1d91"}


def _top(rows: list[SummaryRow], attr: str, n: int = 8) -> list[tuple[str, int]]:
    """The most frequent items of a 、-joined column (failing conditions, missing materials)."""
    counts: dict[str, int] = {}
    for r in rows:
        for item in filter(None, (getattr(r, attr) or "").split("、")):
            counts[item] = counts.get(item, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def render_index(rows: list[SummaryRow], guide_title: str = "") -> str:
    """The overview staff open first: counts per decision as a small inline SVG bar chart
    (no CDN), the most frequent failing conditions and missing materials, a filter by
    decision, and a link to each report."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.decision] = counts.get(r.decision, 0) + 1
    most = max(counts.values(), default=1)
    bars = [{"key": k, "label": label, "n": counts.get(k, 0), "width": round(300 * counts.get(k, 0) / most),
             "colour": _BAR_COLOURS[k]} for k, label in labels.decisions().items()]
    return environment().get_template("index.html").render(
        rows=rows, counts=counts, decision_labels=labels.decisions(), guide_title=guide_title, bars=bars,
        top_failed=_top(rows, "failed_metrics"), top_missing=_top(rows, "missing_materials"))
