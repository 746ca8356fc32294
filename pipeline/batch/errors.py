"""Exception → error report: every failure of a file becomes a coded `error` row.

Why a closed set: staff sort and filter the summary by error code, and each
code must say what to do next (ask for another file, run OCR, raise a limit).
A file that fails must never look like an applicant who failed a condition, so
every failure becomes a `ScreeningReport` with decision `error`; the original
exception class is kept for developers.
"""
from __future__ import annotations

from extractors.readers.errors import CODES, MESSAGES
from models.report import ErrorInfo, ScreeningReport

__all__ = ["CODES", "MESSAGES", "error_info", "error_report", "from_exception"]

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
