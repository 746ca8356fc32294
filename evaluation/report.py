"""Terminal tables and the Markdown report of an evaluation run."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from evaluation.score_screen import DECISIONS

GUIDE_ORDER = ("thresholds", "any_of", "exemptions", "adjustments", "exclusions", "materials", "deadlines", "quotas",
               "funding", "contacts", "applicant_types", "channels", "programs")


def _prf_rows(block: dict, order=None):
    keys = [k for k in (order or sorted(block)) if k in block and k != "_all"] + (["_all"] if "_all" in block else [])
    for k in keys:
        v = block[k]
        yield k, v["precision"], v["recall"], v["f1"], v["tp"], v["fp"], v["fn"]


def print_tables(metrics: dict, console: Console | None = None) -> None:
    console = console or Console(stderr=False, highlight=False)
    if "real" in metrics:  # the figures that count come first: notices nobody here wrote
        from evaluation.run_real import print_real

        print_real(metrics["real"], console)
    g = metrics["guide"]
    t = Table(title=f"指南解析 guide extraction ({metrics['split']})", show_lines=False)
    for col in ("field", "P", "R", "F1", "tp", "fp", "fn"):
        t.add_column(col, justify="right" if col != "field" else "left")
    for row in _prf_rows(g["all"], GUIDE_ORDER):
        t.add_row(row[0], *(f"{x:.3f}" if isinstance(x, float) else str(x) for x in row[1:]))
    console.print(t)
    fmt = Table(title="guide by rendition (thresholds / deadlines / all)")
    for col in ("rendition", "thr P", "thr R", "ddl P", "ddl R", "all P", "all R"):
        fmt.add_column(col)
    for name, block in g["by_format"].items():
        cells = []
        for k in ("thresholds", "deadlines", "_all"):
            v = block.get(k, {"precision": 1.0, "recall": 1.0})
            cells += [f"{v['precision']:.3f}", f"{v['recall']:.3f}"]
        fmt.add_row(name, *cells)
    console.print(fmt)
    c = metrics["claims"]
    ct = Table(title="申报书信息抽取 claims extraction")
    for col in ("field", "P", "R", "F1", "tp", "fp", "fn"):
        ct.add_column(col)
    for row in _prf_rows(c["all"]):
        ct.add_row(row[0], *(f"{x:.3f}" if isinstance(x, float) else str(x) for x in row[1:]))
    console.print(ct)
    lt = Table(title="claims by layout / format (all fields)")
    for col in ("group", "P", "R", "figures P", "figures R"):
        lt.add_column(col)
    for group in ("by_layout", "by_format"):
        for name, block in c[group].items():
            a = block["_all"]
            f = block.get("financial", {"precision": 1.0, "recall": 1.0})
            lt.add_row(name, f"{a['precision']:.3f}", f"{a['recall']:.3f}", f"{f['precision']:.3f}", f"{f['recall']:.3f}")
    console.print(lt)
    s = metrics["screening"]
    st = Table(title=f"预审结论 screening: accuracy {s['all']['accuracy']:.3f} (n={s['all']['n']}); rows gold, columns predicted")
    st.add_column("gold \\ pred")
    for d in DECISIONS:
        st.add_column(d)
    for gd in DECISIONS:
        st.add_row(gd, *(str(s["all"]["confusion"][gd][pd]) for pd in DECISIONS))
    console.print(st)
    for name, block in s["by_layout"].items():
        console.print(f"  {name}: accuracy {block['accuracy']:.3f} (n={block['n']}), failed metrics "
                      f"P {block['failed_metrics']['precision']:.3f} R {block['failed_metrics']['recall']:.3f}, missing materials "
                      f"P {block['missing_materials']['precision']:.3f} R {block['missing_materials']['recall']:.3f}")
    console.print(f"  with the gold guide schema instead of the extracted one: accuracy {s['with_gold_guide']['accuracy']:.3f}")
    console.print(f"[bold]truly ineligible/incomplete submissions that would pass unflagged: "
                  f"{s['all']['passed_unflagged']} of {s['all']['bad_total']}[/bold]")
    print_ocr(metrics.get("ocr"), console)
    tt = Table(title="time per stage")
    for col in ("stage", "seconds", "calls", "ms/call"):
        tt.add_column(col)
    for k, v in metrics["timing"].items():
        tt.add_row(k, f"{v['seconds']:.2f}", str(v["calls"]), f"{v['per_call_ms']:.1f}")
    console.print(tt)
    if metrics.get("errors"):
        console.print(f"[red]{len(metrics['errors'])} pipeline errors[/red] (see report.md)")
    gate = metrics.get("gate", {})
    if gate.get("checked"):
        console.print("gate: " + ("PASS" if not gate["failures"] else "FAIL — " + "; ".join(gate["failures"])))


def _md_table(header: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in r) + " |" for r in rows]
    return "\n".join(out)


def write_markdown(metrics: dict, mismatches: list, path: Path) -> None:
    lines = [f"# shenbao evaluation ({metrics['split']})", ""]
    if metrics.get("word_features"):  # issue 12: real Word features, per feature, dev and held-out apart
        from evaluation.score_features import features_markdown

        lines += features_markdown(metrics["word_features"])
    real = metrics.get("real") or {}
    if "dev" in real:
        from evaluation.run_real import REAL_ORDER

        lines += [f"## Real public notices (dev n={real['n']['dev']}, held-out n={real['n']['heldout']}; {real['split_rule']})", "",
                  "Held-out notices are only scored: their item-level mismatches are not listed.", "",
                  _md_table(["field", "dev P", "dev R", "dev tp/fp/fn", "held-out P", "held-out R", "held-out tp/fp/fn"],
                            [[k, *sum(([f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['tp']}/{v['fp']}/{v['fn']}"]
                                       if (v := real[sp].get(k)) else ["—"] * 3 for sp in ("dev", "heldout")), [])]
                             for k in REAL_ORDER]), ""]
        where = real.get("missed_where") or {}
        rows = [[sp, k, ", ".join(f"{b} {n}" for b, n in sorted(c.items(), key=lambda x: -x[1]))]
                for sp in ("dev", "heldout") for k in REAL_ORDER if (c := where.get(sp, {}).get(k))]
        if rows:
            lines += ["Where the missed gold items went (counts only; split_differently: read in the same field but "
                      "cut or joined otherwise; as_X: held by an item of field X; unparsed; not_read):", "",
                      _md_table(["split", "field", "missed items by where they went"], rows), ""]
    elif real:
        lines += [f"Real public notices: skipped — {real.get('skipped')}", ""]
    lines += ["## Guide extraction", "", _md_table(["field", "P", "R", "F1", "tp", "fp", "fn"],
                                                   [list(r) for r in _prf_rows(metrics["guide"]["all"], GUIDE_ORDER)]), ""]
    for name, block in metrics["guide"]["by_format"].items():
        lines += [f"### rendition {name}", "", _md_table(["field", "P", "R", "F1", "tp", "fp", "fn"],
                                                         [list(r) for r in _prf_rows(block, GUIDE_ORDER)]), ""]
    for name, block in metrics["guide"]["by_guide"].items():
        a = block["_all"]
        lines.append(f"- guide {name}: P {a['precision']:.3f} R {a['recall']:.3f}")
    lines += ["", "## Claims extraction", "", _md_table(["field", "P", "R", "F1", "tp", "fp", "fn"],
                                                        [list(r) for r in _prf_rows(metrics["claims"]["all"])]), ""]
    for group in ("by_layout", "by_format"):
        for name, block in metrics["claims"][group].items():
            lines += [f"### {group[3:]} {name}", "", _md_table(["field", "P", "R", "F1", "tp", "fp", "fn"],
                                                               [list(r) for r in _prf_rows(block)]), ""]
    s = metrics["screening"]
    lines += ["## Screening", "", f"Decision accuracy: {s['all']['accuracy']:.3f} over {s['all']['n']} submissions.", "",
              f"**Truly ineligible or incomplete submissions that would pass unflagged: {s['all']['passed_unflagged']} of {s['all']['bad_total']}**", "",
              _md_table(["gold \\ predicted", *DECISIONS], [[g, *(s["all"]["confusion"][g][p] for p in DECISIONS)] for g in DECISIONS]), ""]
    for name, block in s["by_layout"].items():
        lines.append(f"- {name}: accuracy {block['accuracy']:.3f} (n={block['n']}); failed metrics P {block['failed_metrics']['precision']:.3f} "
                     f"R {block['failed_metrics']['recall']:.3f}; missing materials P {block['missing_materials']['precision']:.3f} R {block['missing_materials']['recall']:.3f}")
    lines += ["", f"With the gold guide schema: accuracy {s['with_gold_guide']['accuracy']:.3f}.", ""]
    lines += ocr_markdown(metrics.get("ocr"))
    lines += ["## Time per stage", "", _md_table(["stage", "seconds", "calls", "ms/call"],
                                                 [[k, v["seconds"], v["calls"], v["per_call_ms"]] for k, v in metrics["timing"].items()]), ""]
    if metrics.get("errors"):
        lines += ["## Pipeline errors", ""] + [f"- `{e}`" for e in metrics["errors"]] + [""]
    lines += ["## Mismatches (gold vs predicted)", "", _md_table(
        ["where", "field", "gold", "predicted", "source quote"],
        [[m.where, m.field, m.gold or "—", m.predicted or "—", (m.quote or "")[:120]] for m in mismatches])]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)


# ---------------------------------------------------------------- OCR path (evaluation/ocr_path.py)

def _pr(v: dict) -> list[str]:
    return [f"{v['precision']:.3f}", f"{v['recall']:.3f}"]


def _ocr_claim_rows(o: dict) -> list[list[str]]:
    text, ocr = o["claims"]["text"], o["claims"]["ocr"]
    return [[k, *_pr(text[k]), *_pr(ocr[k]), f"{ocr[k]['tp']}/{ocr[k]['fp']}/{ocr[k]['fn']}"] for k in ocr]


def _ocr_summary(o: dict) -> list[str]:
    sc = o["screening"]
    out = [f"decision accuracy: text layer {sc['text']['accuracy']:.3f}, OCR {sc['ocr']['accuracy']:.3f} (n={sc['n']}); "
           f"scan gets its text version's decision: {sc['same_decision']} of {sc['n']}; "
           f"OCR truly ineligible/incomplete passing unflagged: {sc['ocr']['passed_unflagged']} of {sc['ocr']['bad_total']}"]
    for gid, g in o["guides"].items():
        out.append(f"guide scan {gid} (OCR pages: {g['ocr_pages']}): text P {g['text']['_all']['precision']:.3f} "
                   f"R {g['text']['_all']['recall']:.3f}; OCR P {g['ocr']['_all']['precision']:.3f} "
                   f"R {g['ocr']['_all']['recall']:.3f}")
    out.append(f"OCR path {o['seconds']:.1f} s: {o['pages_ocr']} scanned pages, {o['pages_recognized']} recognized "
               f"this run, {max(0, o['pages_ocr'] - o['pages_recognized'])} from the cache")
    return out


def print_ocr(o: dict | None, console: Console) -> None:
    if not o:
        return
    if "skipped" in o:
        console.print(f"OCR path skipped: {o['skipped']}")
        return
    t = Table(title=f"OCR path: scanned renditions vs their text PDFs, claims by field group (n={o['applications']})")
    for col in ("group", "text P", "text R", "OCR P", "OCR R", "OCR tp/fp/fn"):
        t.add_column(col, justify="left" if col == "group" else "right")
    for row in _ocr_claim_rows(o):
        t.add_row(*row)
    console.print(t)
    for r in o["scans"]:  # one line per scan: a table this wide would be cut in an 80-column terminal
        console.print(f"  {r['scan']} (OCR pages: {r['ocr_pages']}): gold {r['gold']} · text {r.get('text', '—')} · "
                      f"OCR {r.get('ocr', '—')} · claims R {r['claims_text']['recall']:.3f}→{r['claims_ocr']['recall']:.3f}"
                      + (f" · {r['ocr_reviews']} low-confidence reviews" if r.get("ocr_reviews") else ""))
    for line in _ocr_summary(o):
        console.print("  " + line)
    if o["errors"]:
        console.print(f"[red]{len(o['errors'])} OCR path errors[/red] (see report.md)")


def ocr_markdown(o: dict | None) -> list[str]:
    if not o:
        return []
    lines = ["## OCR path", ""]
    if "skipped" in o:
        return lines + [f"Skipped: {o['skipped']}", ""]
    lines += ["Scanned renditions (corpus/scans) scored against their originals' gold, beside the text PDFs "
              "they were rendered from.", "",
              _md_table(["group", "text P", "text R", "OCR P", "OCR R", "OCR tp/fp/fn"], _ocr_claim_rows(o)), ""]
    lines += [f"- {line}" for line in _ocr_summary(o)] + [""]
    lines += [_md_table(["scan", "OCR pages", "gold", "text", "OCR", "claims R text", "claims R OCR", "OCR reviews", "s"],
                        [[r["scan"], r["ocr_pages"], r["gold"], r.get("text", "—"), r.get("ocr", "—"),
                          f"{r['claims_text']['recall']:.3f}", f"{r['claims_ocr']['recall']:.3f}",
                          r.get("ocr_reviews", 0), r["seconds"]] for r in o["scans"]]), ""]
    for gid, g in o["guides"].items():
        rows = [[k, *_pr(g["text"].get(k, {"precision": 1.0, "recall": 1.0})), *_pr(v)] for k, v in g["ocr"].items()]
        lines += [f"### guide scan {gid}", "", _md_table(["field", "text P", "text R", "OCR P", "OCR R"], rows), ""]
    if o["errors"]:
        lines += [f"- error: `{e}`" for e in o["errors"]] + [""]
    return lines
