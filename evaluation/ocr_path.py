"""The OCR path of the evaluation: scanned renditions scored against their originals' gold.

Why side by side on the same documents: a scan and the text PDF it was
rendered from share one gold, so the difference between the two columns is
what reading through OCR costs (misread digits, lost table cells) and nothing
else. Screening decisions are compared the same way, including how many scans
get the decision of their text version (low-confidence OCR turns a fail into
review by design, which shows here as a disagreement, not as an error).
Without the OCR extra the path is skipped with the reason, never failed: CI
installs only `.[dev]`.
"""
from __future__ import annotations

import time
import traceback
from pathlib import Path

from evaluation.corpus import load_scans
from evaluation.prf import PRF, Tally
from evaluation.score_claims import score_claims
from evaluation.score_guide import score_guide
from evaluation.score_screen import ScreenTally

# Claims fields (score_claims) grouped the way staff read a submission.
GROUPS = {
    "identity": ("applicant_name", "credit_code", "applicant_type", "province", "city", "legal_person", "track",
                 "submission_date"),
    "figures": ("financial", "ip_counts"),
    "standing": ("standings", "projects", "partners", "ip_department"),
    "materials": ("attachments", "attestations"),
}


def skip_reason() -> str | None:
    """Why the OCR path cannot run here, or None."""
    from extractors.readers import ocr

    if not ocr.enabled():
        return f"OCR switched off ({ocr.SWITCH_ENV}=off)"
    try:
        ocr.get_engine()
    except ocr.OcrUnavailable as exc:
        return f"{exc}; install the OCR extra with: {ocr.INSTALL_HINT}"
    return None


def grouped(t: Tally) -> dict:
    out = {}
    for group, names in GROUPS.items():
        prf = PRF()
        for n in names:
            prf += t.fields.get(n, PRF())
        out[group] = prf.as_dict()
    out["_all"] = t.total().as_dict()
    return out


def _cache_entries() -> int:
    from extractors.readers import ocr

    root = ocr.cache_dir()
    return sum(1 for _ in root.glob("*/*.json")) if root.exists() else 0


def _screen(schema, claims, path: Path, ocr_pages: list[int]):
    from models.report import ErrorInfo, ScreeningReport
    from pipeline.screen.matcher import screen

    try:
        return screen(schema, claims, ocr_pages=ocr_pages)
    except Exception as exc:  # program selection or a crash: scored as an error decision
        code = getattr(exc, "code", "crashed")
        return ScreeningReport(file=str(path), decision="error", error=ErrorInfo(
            code=code if code in ("program_not_found", "program_ambiguous") else "crashed",
            message=str(getattr(exc, "message", exc)), exception=type(exc).__name__))


def _ocr_reviews(report) -> int:
    """Checks that low-confidence OCR evidence turned from fail into review."""
    from pipeline.screen import explain

    marker = explain.texts().get("ocr_texts", {}).get("review_note", "（该数据来自扫描页文字识别").split("{")[0]
    return sum(1 for c in report.checks if c.status == "review" and marker in c.explanation)


def evaluate_ocr(corpus: Path, split: str, schemas: dict, timer, mat_names: dict) -> tuple[dict, list]:
    """metrics["ocr"] and the OCR path's mismatches; {"skipped": why} when OCR is unavailable."""
    from extractors.claims import extract_claims
    from extractors.guide import extract_guide
    from extractors.readers import read_document

    reason = skip_reason()
    if reason:
        return {"skipped": reason}, []
    t0, cached_before = time.perf_counter(), _cache_entries()
    text_claims, ocr_claims = Tally(), Tally()
    text_screen, ocr_screen = ScreenTally(), ScreenTally()
    guides, rows, errors = {}, [], []
    same = pages = 0
    for case in load_scans(corpus, split):
        started = time.perf_counter()
        try:
            ocr_doc = timer.run("ocr: read scan", read_document, case.pdf)
            text_doc = timer.run("ocr: read original", read_document, case.source)
        except Exception as exc:  # a scan that cannot be read is a finding, not a crash of the evaluation
            errors.append(f"scan {case.id}: {type(exc).__name__}: {exc}")
            continue
        pages += len(ocr_doc.ocr_pages)
        if case.kind == "guide":
            pred_ocr = timer.run("ocr: extract guide", extract_guide, ocr_doc)
            pred_text = timer.run("ocr: extract guide", extract_guide, text_doc)
            t_text = score_guide(case.gold, pred_text, where=f"{case.id}[text]")
            t_ocr = score_guide(case.gold, pred_ocr, where=f"{case.id}[ocr]")
            guides[case.id] = {"original": case.original, "ocr_pages": len(ocr_doc.ocr_pages),
                               "text": {k: v.as_dict() for k, v in sorted(t_text.fields.items())} | {"_all": t_text.total().as_dict()},
                               "ocr": {k: v.as_dict() for k, v in sorted(t_ocr.fields.items())} | {"_all": t_ocr.total().as_dict()},
                               "mismatches": len(t_ocr.mismatches)}
            ocr_claims.mismatches.extend(t_ocr.mismatches)
            continue
        g = case.gold
        try:
            c_ocr = timer.run("ocr: extract claims", extract_claims, ocr_doc)
            c_text = timer.run("ocr: extract claims", extract_claims, text_doc)
        except Exception as exc:
            errors.append(f"scan {case.id}: {traceback.format_exc(limit=2)}")
            continue
        s_text, s_ocr = score_claims(g.claims, c_text, f"{case.id}[text]"), score_claims(g.claims, c_ocr, f"{case.id}[ocr]")
        text_claims.merge(Tally(s_text.fields))
        ocr_claims.merge(s_ocr)
        row = {"scan": case.id, "ocr_pages": len(ocr_doc.ocr_pages), "gold": g.expected.decision,
               "claims_text": s_text.total().as_dict(), "claims_ocr": s_ocr.total().as_dict()}
        schema = schemas.get(g.expected.guide)
        if schema is not None:
            r_text = timer.run("ocr: screen", _screen, schema, c_text, case.source, text_doc.ocr_pages)
            r_ocr = timer.run("ocr: screen", _screen, schema, c_ocr, case.pdf, ocr_doc.ocr_pages)
            text_screen.add(f"{case.id}[text]", g.expected, r_text, mat_names)
            ocr_screen.add(f"{case.id}[ocr]", g.expected, r_ocr, mat_names)
            same += int(r_text.decision == r_ocr.decision)
            row |= {"text": r_text.decision, "ocr": r_ocr.decision, "ocr_reviews": _ocr_reviews(r_ocr)}
        row["seconds"] = round(time.perf_counter() - started, 2)
        rows.append(row)
    metrics = {
        "applications": len(rows),
        "claims": {"text": grouped(text_claims), "ocr": grouped(ocr_claims)},
        "screening": {"text": text_screen.as_dict(), "ocr": ocr_screen.as_dict(), "same_decision": same,
                      "n": ocr_screen.n},
        "guides": guides,
        "scans": rows,
        "pages_ocr": pages,
        "pages_recognized": max(0, _cache_entries() - cached_before),  # not served by the cache this run
        "seconds": round(time.perf_counter() - t0, 2),
        "errors": errors,
    }
    return metrics, ocr_claims.mismatches + ocr_screen.mismatches
