"""summary.csv and summary.xlsx: one row per input file, safe to open in Excel/WPS.

Why neutralize cells: company names, file names and quotes come from applicants;
a cell starting with = + - @ (or tab/CR, which some spreadsheet programs skip
before parsing) is executed as a formula when staff open the file
(=HYPERLINK, DDE payloads). Such cells get a leading apostrophe, and XLSX cells
are typed as strings so nothing is ever stored as a formula. The CSV is UTF-8
with a BOM because Excel and WPS otherwise decode it as GBK and garble Chinese.
"""
from __future__ import annotations

import csv
import io
import re
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from models.report import ScreeningReport
from pipeline import labels

COLUMNS = [
    ("file", "文件"), ("applicant", "申报单位"), ("credit_code", "统一社会信用代码"), ("program", "申报项目"),
    ("track", "类别"), ("decision", "结论"), ("failed_metrics", "未达标指标"), ("missing_materials", "缺少材料"),
    ("review_items", "需人工核查项数"), ("error_code", "错误代码"), ("error_message", "错误说明"),
    # added columns (other tools read the ones above by position: new ones go at the end)
    ("checkable_met", "可核查条件均满足"), ("to_judge", "需人工判断项数"), ("facts_not_found", "未找到事实项数"),
    ("warnings", "提示"),
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XLSX_MAX = 32767
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class SummaryRow:
    file: str
    applicant: str
    credit_code: str
    program: str
    track: str
    decision: str
    failed_metrics: str
    missing_materials: str
    review_items: int
    error_code: str
    error_message: str
    name: str = ""  # output base name (links to NAME.html / NAME.json)
    sha256: str = ""
    checkable_met: str = ""  # 是 / 否 / "" (no verdict)
    to_judge: int | str = ""
    facts_not_found: int | str = ""
    warnings: str = ""

    @property
    def decision_label(self) -> str:
        return labels.decision(self.decision)


def row_from_report(report: ScreeningReport, name: str) -> SummaryRow:
    failed = list(report.failed_metrics) or [c.metric for c in report.checks if c.status == "fail" and c.metric]
    metric_names = _names(labels.metric_name, failed)
    material_names = _names(labels.material_name, report.missing_materials)
    return SummaryRow(
        file=report.file, applicant=report.applicant.name or "", credit_code=report.applicant.credit_code or "",
        program=report.program.name or report.program.id or "", track=report.program.track or "",
        decision=report.decision, failed_metrics="、".join(metric_names),
        missing_materials="、".join(material_names),
        review_items=sum(1 for c in report.checks if c.status == "review"),
        error_code=report.error.code if report.error else "", error_message=report.error.message if report.error else "",
        name=name, sha256=report.sha256 or "",
        checkable_met=("是" if report.review_split.checkable_met else "否") if report.review_split else "",
        to_judge=report.review_split.to_judge if report.review_split else "",
        facts_not_found=report.review_split.facts_not_found if report.review_split else "",
        warnings="；".join(report.warnings),
    )


def _names(name_of, ids: list[str]) -> list[str]:
    out: list[str] = []
    for i in ids:
        label = name_of(i)
        if label not in out:
            out.append(label)
    return out


def neutralize(value: object) -> str:
    """The cell text, prefixed with ' when a spreadsheet would treat it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _cells(row: SummaryRow) -> list[str]:
    data = asdict(row)
    data["decision"] = row.decision_label
    return [neutralize(_CONTROL.sub("\ufffd", str(data[key]))) for key, _ in COLUMNS]


def write_csv(rows: list[SummaryRow], path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        writer.writerow(_cells(row))
    atomic_write(path, ("\ufeff" + buf.getvalue()).encode("utf-8"))


REVIEW_COLUMN = "复核意见"  # staff's own notes: merged back from the previous file, never overwritten
_NUMERIC = {"review_items", "to_judge", "facts_not_found"}
_FILLS = {"eligible": "E6F4EA", "ineligible": "FCE8E6", "incomplete": "FEF7E0", "needs_review": "E8F0FE",
          "error": "F3E8FD"}


def _previous_notes(path: Path) -> dict[str, str]:
    """file → 复核意见 from the summary.xlsx this run replaces (staff typed them there)."""
    if not path.exists():
        return {}
    try:
        from openpyxl import load_workbook

        ws = load_workbook(path, read_only=True).active
        rows = ws.iter_rows(values_only=True)
        head = [str(h or "") for h in next(rows)]
        if REVIEW_COLUMN not in head or "文件" not in head:
            return {}
        fi, ni = head.index("文件"), head.index(REVIEW_COLUMN)
        return {str(r[fi]): str(r[ni]) for r in rows if r and len(r) > ni and r[ni] not in (None, "")}
    except Exception:  # a damaged or foreign file: start without notes rather than fail the batch
        return {}


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _width(text: str) -> int:
    """Display width in Excel columns: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def warm() -> None:
    """Import openpyxl now (about 0.3 s of CPU): a batch does it while the workers' forkserver
    is still preloading, instead of after its last file (issue 15)."""
    import openpyxl.cell.cell  # noqa: F401
    import openpyxl.styles  # noqa: F401
    import openpyxl.utils  # noqa: F401


def write_xlsx(rows: list[SummaryRow], path: Path) -> None:
    """summary.xlsx as staff would build it: bold frozen header with a filter, widths fit to
    Chinese text, counts stored as numbers, the decision coloured, a link to each report,
    and a 复核意见 column whose entries survive re-runs."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    notes = _previous_notes(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "预审结果"
    header = [label for _, label in COLUMNS] + ["报告", REVIEW_COLUMN]
    ws.append(header)
    for c in range(1, len(header) + 1):
        ws.cell(row=1, column=c).font = Font(bold=True)
    widths = [_width(h) for h in header]
    dec_col = [k for k, _ in COLUMNS].index("decision") + 1
    for r, row in enumerate(rows, start=2):
        values = _cells(row)
        for c, ((key, _), value) in enumerate(zip(COLUMNS, values), start=1):
            cell = ws.cell(row=r, column=c)
            raw = getattr(row, key)
            if key in _NUMERIC and isinstance(raw, int):
                cell.value = raw  # a number staff can sum and sort
            else:
                cell.value = _NOT_XML.sub("\ufffd", ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))[:_XLSX_MAX]
                cell.data_type = "s"  # never a formula, whatever the text
            widths[c - 1] = max(widths[c - 1], min(_width(str(cell.value or "")), 60))
        ws.cell(row=r, column=dec_col).fill = PatternFill("solid", fgColor=_FILLS.get(row.decision, "FFFFFF"))
        link = ws.cell(row=r, column=len(COLUMNS) + 1)
        if row.name and not _NOT_XML.search(row.name):  # a name XML cannot hold gets no link
            link.value = "查看报告"
            link.hyperlink = f"{row.name}.html"
            link.font = Font(color="1D4F91", underline="single")
        note = ws.cell(row=r, column=len(COLUMNS) + 2)
        note.value = _NOT_XML.sub("\ufffd", notes.get(row.file, ""))
        note.data_type = "s"
        note.alignment = Alignment(wrap_text=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(8, min(w + 4, 62))
    ws.column_dimensions[get_column_letter(len(header))].width = 40
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary name in the same folder, then rename over the target:
    a killed run leaves either the old file or the new one, never half of one. The
    temporary name ends in .part, so nothing that lists a folder by extension (*.json,
    *.html) ever picks up a half-written file; the next run removes .tmp_* leftovers."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp_", suffix=path.suffix + ".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
