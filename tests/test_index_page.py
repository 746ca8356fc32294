"""The overview page (issue 16.3): counts per decision as an inline SVG chart, the most
frequent failing conditions and missing materials, a filter by decision that works
without script (the pages forbid script), links to each report; rendered in headless
Chromium, with a screenshot kept as a test artifact."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from models.report import ScreeningReport
from pipeline.render.exports import row_from_report
from pipeline.render.reports import render_index


def _rows():
    def r(name, decision, failed=(), missing=()):
        rep = ScreeningReport(file=f"{name}.docx", decision=decision, failed_metrics=list(failed),
                              missing_materials=list(missing))
        return row_from_report(rep, name)
    return [r("甲", "eligible"), r("乙", "ineligible", ["rd_expense_ratio"]), r("丙", "ineligible", ["rd_expense_ratio"]),
            r("丁", "incomplete", missing=["credit_commitment"]), r("戊", "needs_review")]


def test_chart_top_lists_and_css_filter_in_the_markup():
    html = render_index(_rows(), "测试指南")
    bars = dict(re.findall(r'data-decision="(\w+)" transform.*?<rect x="90" y="4" width="(\d+)"', html, re.S))
    assert int(bars["ineligible"]) == 300 and int(bars["eligible"]) == 150 and int(bars["error"]) == 0
    assert re.search(r'<ol id="top-failed"><li>[^<]*研发[^<]*（2份）</li>', html)
    assert "信用承诺书（1份）" in html
    assert '#f-ineligible:checked ~ #rows tr[data-decision]:not([data-decision="ineligible"])' in html
    assert "<script" not in html and 'href="%E7%94%B2.html"' in html


def test_index_renders_in_chromium(tmp_path: Path):
    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if exe is None:
        pytest.skip("headless Chromium not installed (apt-get install chromium chromium-driver)")
    page = tmp_path / "index.html"
    page.write_text(render_index(_rows(), "测试指南"), encoding="utf-8")
    base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'p'}"]
    dom = subprocess.run(base + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90).stdout
    assert dom.count('class="bar"') == 5 and dom.count('<tr data-decision=') == 5
    shot = Path("out/test-artifacts/index.png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(base + [f"--screenshot={shot.resolve()}", "--window-size=1200,900", page.as_uri()],
                   capture_output=True, timeout=90)
    assert shot.exists() and shot.stat().st_size > 1000
