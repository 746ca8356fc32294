"""Word-feature set (corpus/word_features, made by corpus/make_word_features.py): per feature,
facts found correct / total and decision accuracy, dev and held-out apart.

Every file runs the real pipeline: read_document → extract_claims → screen, under the
guide's gold schema (so a wrong verdict is the reader's or the claims extractor's, not
the guide extractor's). Facts are the gold's recall per field kind (name, code, IP
department, figures, partners, materials); extra facts are not counted here (the main
corpus scores precision).
"""
from __future__ import annotations

import traceback
from collections import defaultdict
from pathlib import Path


from evaluation.corpus import load_yaml, validate
from evaluation.prf import Mismatch
from evaluation.score_claims import score_claims
from models.gold import ApplicationGold
from models.schema import GuideSchema

FIELDS = ("applicant_name", "credit_code", "ip_department", "financial", "ip_counts", "partners", "attachments")
# Features whose facts only OCR can read (a table pasted as a picture). Without an OCR
# engine their gold cannot be reached; they are then scored on honesty instead — the
# report must say an image was not read and must not pass the file — shown on a row of
# their own and left out of the ALL figures (as corpus/scans are scored only with OCR).
OCR_FEATURES = {"image_table"}
NO_OCR = " — no OCR engine: scored as warned, not passed"


def load_features(corpus: Path) -> list[dict]:
    index = corpus / "word_features" / "index.yaml"
    if not index.exists():
        return []
    raw = load_yaml(index)
    return raw.get("applications", []) or []


def evaluate_features(corpus: Path, timer=None) -> tuple[dict, list[Mismatch]]:
    from extractors.claims import extract_claims
    from extractors.readers import read_document
    from pipeline.screen.matcher import screen

    base = corpus / "word_features"
    schemas: dict[str, GuideSchema] = {}
    extracted: dict[str, GuideSchema] = {}
    rows: dict[tuple[str, str], dict] = defaultdict(lambda: {"facts": 0, "facts_total": 0, "decisions": 0, "n": 0, "decisions_extracted": 0,
                                                             "files": []})
    mismatches: list[Mismatch] = []
    errors: list[str] = []
    from extractors.readers import ocr

    have_ocr = ocr.available()
    for item in load_features(corpus):
        gpath = base / item["gold"]
        gold = validate(ApplicationGold, load_yaml(gpath), gpath)
        gid = gold.expected.guide
        if gid not in schemas:
            p = corpus / "guides" / gid / "gold.yaml"
            schemas[gid] = validate(GuideSchema, load_yaml(p), p)
            # the gold predates the generic flag: 附件材料 names no document (issue 12.1), as the extractor marks it
            from extractors.guide.checkup import mark_generic_materials

            mark_generic_materials(schemas[gid])
        for fmt, rel in item["files"].items():
            feature = item["feature"] + ("" if len(item["files"]) == 1 or fmt == "pdf" and item["feature"] == "rotated_pdf"
                                         else f" ({fmt})")
            honesty = item["feature"] in OCR_FEATURES and not have_ocr
            if honesty:
                feature += NO_OCR
            name = f"{item['id']}[{fmt}]"
            row = rows[(feature, gold.split)]
            row["n"] += 1
            try:
                doc = _read(read_document, base / rel)
                claims = extract_claims(doc)
                report = screen(schemas[gid], claims, program=gold.expected.program)
                if gid not in extracted:
                    extracted[gid] = _extracted_schema(corpus, gid)
                shipped = screen(extracted[gid], claims)
            except Exception as exc:
                errors.append(f"{name}: {type(exc).__name__}: {exc} {traceback.format_exc(limit=2)}")
                row["facts_total"] += _gold_count(gold)
                row["files"].append(f"{name}: error")
                continue
            t = score_claims(gold.claims, claims, where=name)
            for f in FIELDS:
                prf = t.fields.get(f)
                if prf:
                    row["facts"] += prf.tp
                    row["facts_total"] += prf.tp + prf.fn
            mismatches += [m for m in t.mismatches if m.gold is not None]
            ok = report.decision == gold.expected.decision
            if honesty:   # the image could not be read here: it must be named, and the file not passed
                ok = report.decision != "eligible" and any("图片" in w and "未读取" in w for w in report.warnings)
            row["decisions"] += int(ok)
            row["decisions_extracted"] += int(ok if honesty else shipped.decision == gold.expected.decision)
            if not ok:
                why = "; ".join(c.explanation for c in report.checks if c.status in ("fail", "missing"))[:200]
                mismatches.append(Mismatch("decision", gold.expected.decision, report.decision, why, name))
                row["files"].append(f"{name}: {gold.expected.decision}→{report.decision}")
    out: dict = {"rule": "sorted by id, every third file held out", "dev": {}, "heldout": {}, "errors": errors}
    for (feature, split), r in sorted(rows.items()):
        out[split][feature] = {"facts": r["facts"], "facts_total": r["facts_total"],
                               "facts_recall": round(r["facts"] / r["facts_total"], 4) if r["facts_total"] else 1.0,
                               "decision_correct": r["decisions"], "n": r["n"],
                               "decision_accuracy": round(r["decisions"] / r["n"], 4) if r["n"] else 1.0,
                               "decision_correct_extracted_guide": r["decisions_extracted"],
                               "wrong": r["files"]}
    for split in ("dev", "heldout"):
        d = {k: v for k, v in out[split].items() if not k.endswith(NO_OCR)}
        f, ft = sum(v["facts"] for v in d.values()), sum(v["facts_total"] for v in d.values())
        c, n = sum(v["decision_correct"] for v in d.values()), sum(v["n"] for v in d.values())
        ce = sum(v["decision_correct_extracted_guide"] for v in d.values())
        out[split + "_all"] = {"facts": f, "facts_total": ft, "facts_recall": round(f / ft, 4) if ft else 1.0,
                               "decision_correct": c, "n": n, "decision_accuracy": round(c / n, 4) if n else 1.0,
                               "decision_correct_extracted_guide": ce,
                               "decision_accuracy_extracted_guide": round(ce / n, 4) if n else 1.0}
    return out, mismatches


def _read(read_document, path: Path):
    """As the batch worker reads: .doc/.wps converted through LibreOffice first."""
    from extractors.readers.errors import ReadError

    try:
        return read_document(path)
    except ReadError as exc:
        if path.suffix.lower() not in (".doc", ".wps") or exc.code != "unsupported_format":
            raise
    import shutil
    import tempfile

    from extractors.readers.convert import convert_to_docx

    work = Path(tempfile.mkdtemp(prefix="wf_conv_"))
    try:
        return read_document(convert_to_docx(path, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _extracted_schema(corpus: Path, gid: str) -> GuideSchema:
    """The schema the shipped tool would use: the guide's text rendition through the extractor."""
    from evaluation.corpus import load_guides
    from extractors.guide import extract_guide
    from extractors.readers import read_document

    case = next(c for c in load_guides(corpus, "all") if c.entry.id == gid)
    return extract_guide(read_document(case.files["text"]))


def _gold_count(gold: ApplicationGold) -> int:
    c = gold.claims
    return (sum(x is not None for x in (c.applicant_name, c.credit_code, c.ip_department)) + len(c.figures)
            + len(c.partners) + len({a.material for a in c.attachments if a.material}))


def feature_rows(m: dict) -> list[list[str]]:
    feats = sorted(set(m.get("dev", {})) | set(m.get("heldout", {})))
    rows = []
    for f in feats:
        r = [f]
        for split in ("dev", "heldout"):
            v = m.get(split, {}).get(f)
            r += [f"{v['facts']}/{v['facts_total']}",
                  f"{v['decision_correct']}/{v['n']} · {v['decision_correct_extracted_guide']}/{v['n']}"] if v else ["—", "—"]
        rows.append(r)
    a, b = m.get("dev_all", {}), m.get("heldout_all", {})
    left_out = any(f.endswith(NO_OCR) for f in feats)
    rows.append(["ALL" + (" (without the no-OCR rows)" if left_out else ""),
                 f"{a.get('facts')}/{a.get('facts_total')} ({a.get('facts_recall')})",
                 f"{a.get('decision_correct')}/{a.get('n')} ({a.get('decision_accuracy')}) · "
                 f"{a.get('decision_correct_extracted_guide')}/{a.get('n')} ({a.get('decision_accuracy_extracted_guide')})",
                 f"{b.get('facts')}/{b.get('facts_total')} ({b.get('facts_recall')})",
                 f"{b.get('decision_correct')}/{b.get('n')} ({b.get('decision_accuracy')}) · "
                 f"{b.get('decision_correct_extracted_guide')}/{b.get('n')} ({b.get('decision_accuracy_extracted_guide')})"])
    return rows


HEADER = ["feature", "dev facts", "dev decisions (gold guide · extracted guide)", "held-out facts",
          "held-out decisions (gold · extracted)"]


def print_features(m: dict, console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    if "skipped" in m:
        console.print(f"Word-feature set: skipped — {m['skipped']}")
        return
    t = Table(title=f"Word-feature set (corpus/word_features; {m.get('rule')}; gold guide schema)")
    for h in HEADER:
        t.add_column(h, overflow="fold", min_width=24 if h == "feature" else None)
    for r in feature_rows(m):
        t.add_row(*r)
    console.print(t)
    if m.get("errors"):
        console.print(f"[red]word-feature errors: {len(m['errors'])}[/red]")


def features_markdown(m: dict) -> list[str]:
    if not m:
        return []
    if "skipped" in m:
        return [f"Word-feature set: skipped — {m['skipped']}", ""]
    lines = [f"## Word-feature set ({m.get('rule')}; facts found / total, decisions correct / n)", "",
             "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r) + " |" for r in feature_rows(m)]
    return lines + [""]


if __name__ == "__main__":
    import json
    import sys

    m, mm = evaluate_features(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus"))
    print_features(m)
    if "-v" in sys.argv:
        for x in mm:
            print(x.where, x.field, "gold:", x.gold, "pred:", x.predicted, (x.quote or "")[:120])
        print(json.dumps(m["errors"], ensure_ascii=False, indent=1))
