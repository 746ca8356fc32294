"""`shenbao eval`: run the pipeline on the labeled corpus, score it, gate it."""
from __future__ import annotations

import json
import time
import traceback
from collections import defaultdict
from pathlib import Path

from evaluation.corpus import load_applications, load_guides
from evaluation.gate import check_floors, load_floors
from evaluation.ocr_path import evaluate_ocr
from evaluation.prf import Tally
from evaluation.report import print_tables, write_markdown
from evaluation.score_claims import score_claims
from evaluation.score_guide import align_programs, score_guide
from evaluation.score_screen import ScreenTally


class Timer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)

    def run(self, stage: str, fn, *args, **kw):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kw)
        finally:
            self.seconds[stage] += time.perf_counter() - t0
            self.counts[stage] += 1

    def as_dict(self) -> dict:
        return {k: {"seconds": round(v, 3), "calls": self.counts[k], "per_call_ms": round(1000 * v / max(1, self.counts[k]), 1)}
                for k, v in self.seconds.items()}


def _tally_dict(t: Tally) -> dict:
    return {k: v.as_dict() for k, v in sorted(t.fields.items())} | {"_all": t.total().as_dict()}


def evaluate(corpus: Path, split: str = "dev", formats: tuple[str, ...] = ("text", "docx", "pdf")) -> tuple[dict, list]:
    """Runs every stage and returns (metrics, mismatches)."""
    from extractors.claims import extract_claims
    from extractors.guide import extract_guide
    from extractors.readers import read_document
    from pipeline.screen.matcher import screen

    timer = Timer()
    mismatches = []
    errors: list[str] = []
    guide_all, guide_by_format, guide_by_guide = Tally(), defaultdict(Tally), defaultdict(Tally)
    schemas = {}  # guide id → extracted schema (text rendition) used for screening
    golds = {}
    all_guides = load_guides(corpus, "all")
    for case in all_guides:
        golds[case.entry.id] = case.gold
        scored = split == "all" or case.entry.split == split
        for fmt, path in case.files.items():
            if fmt not in formats and not (fmt == "text" and not scored):
                continue
            try:
                doc = timer.run("read_guide", read_document, path)
                pred = timer.run("extract_guide", extract_guide, doc)
            except Exception as exc:  # one broken stage must not stop the evaluation
                errors.append(f"guide {case.entry.id} [{fmt}]: {type(exc).__name__}: {exc}")
                continue
            if fmt == "text":
                schemas[case.entry.id] = pred
            if scored and fmt in formats:
                t = score_guide(case.gold, pred, where=f"{case.entry.id}[{fmt}]")
                guide_all.merge(t)
                guide_by_format[fmt].merge(Tally(t.fields))
                guide_by_guide[case.entry.id].merge(Tally(t.fields))
    mismatches += guide_all.mismatches

    claims_all, claims_by_layout, claims_by_format = Tally(), defaultdict(Tally), defaultdict(Tally)
    screen_by_split = defaultdict(ScreenTally)
    screen_gold_guide = defaultdict(ScreenTally)
    from extractors.lexicon import materials
    mat_names = {k: v.name for k, v in materials().entries.items()}
    program_hits = defaultdict(lambda: [0, 0])
    for case in load_applications(corpus, split):
        g = case.gold
        for fmt, path in case.files.items():
            if fmt not in formats:
                continue
            name = f"{g.id}[{fmt}]"
            try:
                doc = timer.run("read_application", read_document, path)
                claims = timer.run("extract_claims", extract_claims, doc)
            except Exception as exc:
                errors.append(f"application {name}: {type(exc).__name__}: {exc}")
                continue
            t = score_claims(g.claims, claims, where=name)
            claims_all.merge(t)
            claims_by_layout[f"{g.layout} ({g.split})"].merge(Tally(t.fields))
            claims_by_format[fmt].merge(Tally(t.fields))
            for label, schema, tally in (("extracted", schemas.get(g.expected.guide), screen_by_split),
                                         ("gold", golds.get(g.expected.guide), screen_gold_guide)):
                if schema is None:
                    continue
                try:
                    report = timer.run(f"screen ({label} guide)", screen, schema, claims)
                except Exception as exc:
                    from models.report import ErrorInfo, ScreeningReport
                    code = getattr(exc, "code", "crashed")
                    report = ScreeningReport(file=str(path), decision="error", error=ErrorInfo(
                        code=code if code in ("program_not_found", "program_ambiguous") else "crashed",
                        message=str(getattr(exc, "message", exc)), exception=type(exc).__name__))
                    if label == "extracted" and code == "crashed":
                        errors.append(f"screen {name}: {traceback.format_exc(limit=2)}")
                tally[f"{g.layout} ({g.split})"].add(name, g.expected, report, mat_names)
                if label == "extracted":
                    gold_prog = _gold_program_id(golds.get(g.expected.guide), schema, report.program.id)
                    program_hits[g.split][0] += int(gold_prog == g.expected.program)
                    program_hits[g.split][1] += 1
    screen_total = ScreenTally()
    for st in screen_by_split.values():
        _merge_screen(screen_total, st)
    gold_total = ScreenTally()
    for st in screen_gold_guide.values():
        _merge_screen(gold_total, st)
    mismatches += claims_all.mismatches + screen_total.mismatches
    try:
        ocr_metrics, ocr_mismatches = evaluate_ocr(corpus, split, schemas, timer, mat_names)
    except Exception as exc:  # the OCR path must never stop the text-path figures
        ocr_metrics, ocr_mismatches = {"skipped": f"OCR path crashed: {type(exc).__name__}: {exc}"}, []
        errors.append(f"ocr path: {traceback.format_exc(limit=3)}")
    mismatches += ocr_mismatches
    metrics = {
        "split": split,
        "guide": {"all": _tally_dict(guide_all), "by_format": {k: _tally_dict(v) for k, v in guide_by_format.items()},
                  "by_guide": {k: _tally_dict(v) for k, v in guide_by_guide.items()}},
        "claims": {"all": _tally_dict(claims_all), "by_layout": {k: _tally_dict(v) for k, v in claims_by_layout.items()},
                   "by_format": {k: _tally_dict(v) for k, v in claims_by_format.items()}},
        "screening": {"all": screen_total.as_dict(), "by_layout": {k: v.as_dict() for k, v in screen_by_split.items()},
                      "with_gold_guide": gold_total.as_dict(),
                      "program_selection": {k: {"correct": a, "n": n} for k, (a, n) in program_hits.items()}},
        "ocr": ocr_metrics,
        "timing": timer.as_dict(),
        "errors": errors,
    }
    return metrics, mismatches


def _gold_program_id(gold, schema, pred_id):
    if gold is None or schema is None or pred_id is None:
        return None
    for g, p in align_programs(gold, schema):
        if g is not None and p is not None and p.id == pred_id:
            return g.id
    return None


def _merge_screen(total: ScreenTally, st: ScreenTally) -> None:
    total.n += st.n
    for g, row in st.confusion.items():
        for p, n in row.items():
            total.confusion[g][p] += n
    total.failed_metrics += st.failed_metrics
    total.missing_materials += st.missing_materials
    total.passed_unflagged += st.passed_unflagged
    total.mismatches += st.mismatches


def run_evaluation(corpus: Path, split: str = "dev", out: Path = Path("out/eval"), gate: bool = False,
                   formats: tuple[str, ...] = ("text", "docx", "pdf")) -> bool:
    t0 = time.perf_counter()
    metrics, mismatches = evaluate(corpus, split, formats)
    from evaluation.run_real import evaluate_real

    try:  # real public notices: dev and held-out reported apart whatever --split says
        metrics["real"], real_mismatches = evaluate_real(corpus)
    except Exception as exc:  # a broken gold file is reported, the other figures still stand
        metrics["real"], real_mismatches = {"skipped": f"{type(exc).__name__}: {exc}"}, []
    mismatches += real_mismatches
    try:
        from evaluation.semantic_eval import evaluate_semantic

        metrics["semantic"] = evaluate_semantic(corpus)
    except Exception as exc:  # the semantic sets are optional; say why they were skipped
        metrics["semantic"] = {"skipped": f"{type(exc).__name__}: {exc}"}
    try:  # Word-feature set (issue 12): per feature, dev and held-out apart whatever --split says
        from evaluation.score_features import evaluate_features

        metrics["word_features"], wf_mismatches = evaluate_features(corpus)
        mismatches += wf_mismatches
    except Exception as exc:
        metrics["word_features"] = {"skipped": f"{type(exc).__name__}: {exc}"}
    metrics["total_seconds"] = round(time.perf_counter() - t0, 2)
    failures = check_floors(metrics, load_floors()) if split == "dev" else []
    metrics["gate"] = {"failures": failures, "checked": split == "dev"}
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "metrics.json.tmp"
    tmp.write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(out / "metrics.json")
    write_markdown(metrics, mismatches, out / "report.md")
    print_tables(metrics)
    if metrics.get("word_features"):
        from evaluation.score_features import print_features

        print_features(metrics["word_features"])
    if "skipped" not in metrics["semantic"]:
        from evaluation.semantic_eval import print_semantic

        print_semantic(metrics["semantic"])
    if gate and split == "dev":
        return not failures
    return True
