"""The closed set of batch error codes, their staff messages, and exception mapping.

Why a closed set: staff sort and filter the summary by error code, and each
code must say what to do next (ask for another file, run OCR, raise a limit).
A file that fails must never look like an applicant who failed a condition, so
every failure becomes a `ScreeningReport` with decision `error`; the original
exception class is kept for developers.
"""
from __future__ import annotations

from typing import get_args

from models.report import ErrorCode, ErrorInfo, ScreeningReport

CODES: frozenset[str] = frozenset(get_args(ErrorCode))

MESSAGES: dict[str, str] = {
    "empty_file": "文件为空（无任何内容），请向申报单位索取完整文件后重新提交。",
    "wrong_format": "文件内容与扩展名不符或不是可识别的文档格式，请确认文件类型后重新提交。",
    "unsupported_format": "不支持该文件格式，请另存为 .docx 或 .pdf 后重新提交。",
    "encrypted": "文件已加密或设有打开密码，请索取未加密版本后重新提交。",
    "malformed": "文件已损坏或不完整，无法读取，请索取原始文件后重新提交。",
    "too_large": "文件过大，超出处理上限，请拆分或压缩后重新提交。",
    "zip_bomb": "文件解压后体积异常（疑似压缩炸弹），已拒绝处理，请索取正常保存的文件。",
    "timeout": "处理超时，已中止该文件，请人工审阅，或用更大的 --timeout（或加 --retry-errors）重新运行。",
    "resource_limit": "处理该文件所需内存超出上限，已中止，请人工审阅或调高内存上限后重试。",
    "needs_ocr": "PDF没有文字层（可能为扫描件），需先进行文字识别（OCR）或提供可复制文字的版本。",
    "text_unreliable": "文件提取出的文字不可靠（乱码或字体编码缺失），请提供Word版本或进行OCR。",
    "crashed": "处理该文件时程序异常退出，请人工审阅，并将该文件反馈给技术人员。",
    "skipped": "已跳过该文件（非申报材料）。",
    "program_not_found": "无法确定申报项目：申报书中的项目名称与指南中的项目均不对应，请用 --program 指定。",
    "program_ambiguous": "申报项目不明确：可能对应指南中的多个项目，请用 --program 指定。",
}
assert set(MESSAGES) == CODES, "every error code needs a staff message"

# Exception class names (from pdfminer, pypdfium2, zipfile, lxml …) matched by
# name so this module does not import those libraries.
_ENCRYPTED_NAMES = ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning", "PdfReadError_Encrypted")
_MALFORMED_NAMES = (
    "PDFSyntaxError", "PSEOF", "PSException", "PDFException", "PdfiumError", "BadZipFile", "BadZipfile",
    "XMLSyntaxError", "PackageNotFoundError", "UnicodeDecodeError", "PDFNoValidXRef", "PDFTypeError",
    "PDFValueError", "EOFError",
)
# pdfplumber wraps whatever pdfminer raised while opening or parsing a page; the
# inner exception decides (a password error stays `encrypted`), anything else
# means the parser could not make sense of the file: `malformed`, not `crashed`.
_WRAPPER_NAMES = ("PdfminerException", "MalformedPDFException")


class BatchError(Exception):
    """A coded failure raised inside the batch itself (pre-parse, conversion)."""

    def __init__(self, code: str, message: str | None = None, detail: str | None = None):
        if code not in CODES:
            raise ValueError(f"unknown error code: {code}")
        self.code = code
        self.message = message or MESSAGES[code]
        self.detail = detail
        super().__init__(f"{code}: {self.message}" + (f" ({detail})" if detail else ""))


def error_info(code: str, message: str | None = None, exception: str | None = None,
               detail: str | None = None) -> ErrorInfo:
    if code not in CODES:
        code, detail = "crashed", f"unknown code {code!r}; {detail or ''}"
    return ErrorInfo(code=code, message=message or MESSAGES[code], exception=exception,
                     detail=_clip(detail))


def from_exception(exc: BaseException) -> ErrorInfo:
    """Map any exception to an ErrorInfo; coded exceptions keep their code and message."""
    cls = type(exc)
    name = f"{cls.__module__}.{cls.__qualname__}" if cls.__module__ != "builtins" else cls.__qualname__
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code in CODES:
        return error_info(code, getattr(exc, "message", None) or None, name,
                          getattr(exc, "detail", None) or str(exc))
    if isinstance(exc, MemoryError):
        return error_info("resource_limit", None, name, str(exc) or "MemoryError")
    if isinstance(exc, RecursionError):
        return error_info("malformed", None, name, str(exc))
    if cls.__name__ in _WRAPPER_NAMES:
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        info = from_exception(inner) if inner is not None else None
        code = info.code if info is not None and info.code != "crashed" else "malformed"
        return error_info(code, None, f"{name}({info.exception})" if info else name, str(exc))
    text = str(exc)
    lowered = text.lower()
    if cls.__name__ in _ENCRYPTED_NAMES or "password" in lowered or "encrypt" in lowered:
        return error_info("encrypted", None, name, text)
    if cls.__name__ in _MALFORMED_NAMES or any(c.__name__ in _MALFORMED_NAMES for c in cls.__mro__[1:-2]):
        return error_info("malformed", None, name, text)
    return error_info("crashed", None, name, text)


def error_report(file: str, info: ErrorInfo, sha256: str | None = None) -> ScreeningReport:
    """The report of a file that could not be screened: decision `error`, no checks."""
    return ScreeningReport(file=file, sha256=sha256, decision="error", error=info)


def _clip(text: str | None, limit: int = 2000) -> str | None:
    if text is None:
        return None
    return text if len(text) <= limit else text[:limit] + "…"
