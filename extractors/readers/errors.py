"""ReadError: why a file could not be turned into a Document.

Why a coded error and not a crash: a submission that cannot be read must show up
in the batch summary as `error` with a reason staff can act on (convert the
file, ask for the password-free version, run OCR), never as an applicant who
failed a condition. `code` is one of models.report.ErrorCode.
"""
from __future__ import annotations

from typing import get_args

from models.report import ErrorCode

_CODES = set(get_args(ErrorCode))

# Default Chinese messages per code; readers may pass a more specific one.
MESSAGES: dict[str, str] = {
    "empty_file": "文件为空（0字节），请向申报单位索取完整文件后重新提交。",
    "wrong_format": "文件内容与扩展名不符或不是可识别的文档格式，请确认文件类型后重新提交。",
    "unsupported_format": "不支持该文件格式，请另存为 .docx 或 .pdf 后重新提交。",
    "encrypted": "文件已加密或设有打开密码，请索取未加密版本后重新提交。",
    "malformed": "文件已损坏或不完整，无法读取，请索取原始文件后重新提交。",
    "too_large": "文件过大，超出处理上限，请拆分或压缩后重新提交。",
    "zip_bomb": "文件解压后体积异常，疑似压缩炸弹，已拒绝处理。",
    "needs_ocr": "PDF没有文字层（可能为扫描件），需先进行文字识别（OCR）或提供可复制文字的版本。",
    "text_unreliable": "PDF文字层不可靠（字体编码缺失，提取出的文字为乱码），请提供Word版本或进行OCR。",
}


class ReadError(Exception):
    """A file that cannot be read, with a code and a Chinese message saying what to do."""

    def __init__(self, code: str, message: str | None = None, detail: str | None = None):
        if code not in _CODES:
            raise ValueError(f"unknown read error code: {code}")
        self.code = code
        self.message = message or MESSAGES.get(code, "文件无法读取。")
        self.detail = detail
        super().__init__(f"{code}: {self.message}" + (f" ({detail})" if detail else ""))
