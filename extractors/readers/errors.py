"""ReadError and the one table of staff messages for every error code.

Why a coded error and not a crash: a submission that cannot be read must show up
in the batch summary as `error` with a reason staff can act on (convert the
file, ask for the password-free version, run OCR, raise a limit), never as an
applicant who failed a condition. `code` is one of models.codes.ErrorCode;
the batch maps every other exception onto the same codes (pipeline.batch.errors),
so there is one message per code for the single-file commands and the batch alike.
"""
from __future__ import annotations

from typing import get_args

from models.codes import ErrorCode

CODES: frozenset[str] = frozenset(get_args(ErrorCode))

# Default Chinese messages per code; a check that knows more passes a more specific one.
MESSAGES: dict[str, str] = {
    "empty_file": "文件为空（0字节），请向申报单位索取完整文件后重新提交。",
    "wrong_format": "文件内容与扩展名不符或不是可识别的文档格式，请确认文件类型后重新提交。",
    "unsupported_format": "不支持该文件格式，请另存为 .docx 或 .pdf 后重新提交。",
    "encrypted": "文件已加密或设有打开密码，请索取未加密版本后重新提交。",
    "malformed": "文件已损坏或不完整，无法读取，请索取原始文件后重新提交。",
    "too_large": "文件过大，超出处理上限，请拆分或压缩后重新提交。",
    "zip_bomb": "文件解压后体积异常（疑似压缩炸弹），已拒绝处理，请索取正常保存的文件。",
    "timeout": "处理超时，已中止该文件，请人工审阅，或用更大的 --timeout（或加 --retry-errors）重新运行。",
    "resource_limit": "处理该文件所需内存超出上限，已中止，请人工审阅或调高内存上限后重试。",
    "needs_ocr": "PDF没有文字层（可能为扫描件），需先进行文字识别（OCR）或提供可复制文字的版本。",
    "text_unreliable": "PDF文字层不可靠（字体编码缺失，提取出的文字为乱码），请提供Word版本或进行OCR。",
    "crashed": "处理该文件时程序异常退出，请人工审阅，并将该文件反馈给技术人员。",
    "skipped": "已跳过该文件（非申报材料）。",
    "program_not_found": "无法确定申报项目：申报书中的项目名称与指南中的项目均不对应，请用 --program 指定。",
    "program_ambiguous": "申报项目不明确：可能对应指南中的多个项目，请用 --program 指定。",
}
assert set(MESSAGES) == CODES, "every error code needs a staff message"


class ReadError(Exception):
    """A file that cannot be read (or converted), with a code and a Chinese message saying what to do."""

    def __init__(self, code: str, message: str | None = None, detail: str | None = None):
        if code not in CODES:
            raise ValueError(f"unknown error code: {code}")
        self.code = code
        self.message = message or MESSAGES[code]
        self.detail = detail
        super().__init__(f"{code}: {self.message}" + (f" ({detail})" if detail else ""))
