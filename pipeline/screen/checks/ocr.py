"""Provenance of OCR evidence: what a check may conclude from text read off a scan.

Why a guard at check construction: a misread digit on a scanned page (8 read
as 3) must never exclude an applicant. Every check is built through
`base.make`, which asks this module whether the facts that decided a `fail`
were read only by OCR with a confidence below the floor (pipeline/data/
explain.yaml `ocr_review_below`); such a check becomes `review` and says why.
A fact counts as low-confidence only when ALL of its evidence is low-confidence
OCR: the same fact also stated on a typed page, or read clearly elsewhere,
stands. Passes and materials found only through OCR keep their status but say
so, so staff know which lines to hold against the original.
"""
from __future__ import annotations

from pydantic import BaseModel

from models.claims import ApplicationClaims, Evidence
from pipeline.screen.ocr_trust import confidence_label, floor, words


def is_ocr(e: Evidence) -> bool:
    return e.origin == "ocr"


def is_low(e: Evidence) -> bool:
    """OCR evidence below the floor; an OCR quote without a confidence is not vouched for either."""
    return is_ocr(e) and (e.confidence is None or e.confidence < floor())


def low_facts(deciding: list[list[Evidence]]) -> list[list[Evidence]]:
    """Facts (each a list of evidence stating the same thing) known only through low-confidence OCR."""
    return [fact for fact in deciding if fact and all(is_low(e) for e in fact)]


def review_note(ev: list[Evidence]) -> str:
    tpl = words().get("review_note", "（该数据来自扫描页文字识别，识别置信度{confidence}，请核对原件）")
    return tpl.format(confidence=confidence_label(ev))


def found_note() -> str:
    return words().get("found_note", "（经文字识别）")


def _insert(explanation: str, note: str, tail: str) -> str:
    """The note goes before the guide citation that ends most explanations."""
    if tail and explanation.endswith(tail):
        return explanation[: -len(tail)] + note + tail
    return explanation + note


def guard(status: str, explanation: str, evidence: list[Evidence], deciding: list[list[Evidence]] | None,
          tail: str = "") -> tuple[str, str]:
    """(status, explanation) once OCR provenance is taken into account."""
    if status == "fail":
        low = low_facts(deciding if deciding is not None else [evidence])
        if low:
            return "review", _insert(explanation, review_note([e for fact in low for e in fact]), tail)
    if status in ("pass", "fail") and evidence and all(is_ocr(e) for e in evidence):
        return status, _insert(explanation, found_note(), tail)
    return status, explanation


def evidence_in(obj) -> list[Evidence]:
    """Every Evidence inside a claims object (models nest it at several depths)."""
    out: list[Evidence] = []
    stack = [obj]
    while stack:
        x = stack.pop()
        if isinstance(x, Evidence):
            out.append(x)
        elif isinstance(x, BaseModel):
            stack.extend(getattr(x, name) for name in type(x).model_fields)
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
    return out


def warning(claims: ApplicationClaims, ocr_pages: list[int] | None = None) -> str | None:
    """The report-level note for a submission that was (partly) read by OCR, or None."""
    ocr_ev = [e for e in evidence_in(claims) if is_ocr(e)]
    pages = sorted(set(ocr_pages or []) | {e.location.page for e in ocr_ev if e.location and e.location.page})
    if not pages and not ocr_ev:
        return None
    where = f"第{'、'.join(map(str, pages))}页为扫描页" if pages else "含扫描图片"
    tpl = words().get("warning", "申报材料{where}，已经文字识别（OCR）读取，识别结果可能有误；"
                                  "来自识别文字的内容已在各项中注明，识别置信度低于{floor}的数据不作“不符合”结论，请核对原件")
    return tpl.format(where=where, floor=f"{floor():.2f}")
