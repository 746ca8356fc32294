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

DECISION_LABELS = {
    "eligible": "符合条件", "ineligible": "不符合条件", "incomplete": "材料不全",
    "needs_review": "需人工核查", "error": "无法处理",
}
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
        return DECISION_LABELS.get(self.decision, self.decision)


def row_from_report(report: ScreeningReport, name: str) -> SummaryRow:
    from extractors import lexicon  # display names live in the data files

    failed = list(report.failed_metrics) or [c.metric for c in report.checks if c.status == "fail" and c.metric]
    metric_names = _names(lexicon.metrics(), failed)
    material_names = _names(lexicon.materials(), report.missing_materials)
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


def _names(vocab, ids: list[str]) -> list[str]:
    out: list[str] = []
    for i in ids:
        label = vocab.name(i) if i in vocab else i
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


def write_xlsx(rows: list[SummaryRow], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "预审结果"
    table = [[label for _, label in COLUMNS]] + [_cells(r) for r in rows]
    for r, values in enumerate(table, start=1):
        for c, value in enumerate(values, start=1):
            text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:_XLSX_MAX]
            cell = ws.cell(row=r, column=c)
            cell.value = text
            cell.data_type = "s"  # never a formula, whatever the text
    ws.freeze_panes = "A2"
    for c, (key, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = 40 if key in ("file", "applicant", "error_message") else 18
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary name in the same folder, then rename over the target:
    a killed run leaves either the old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp_", suffix=path.suffix, dir=path.parent)
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
