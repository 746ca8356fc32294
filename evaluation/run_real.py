"""Guide extraction on the real public notices, dev and held-out reported apart.

Why held-out mismatches are never written out: the held-out notices are only
scored; their per-item misses would show rule writers exactly what to patch.
Figures of both parts are printed; item lists only for dev.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from evaluation.prf import Tally
from evaluation.real import SPLIT_RULE, load_real, real_dir
from evaluation.miss_buckets import missed_where
from evaluation.score_real import score_real

REAL_ORDER = ("thresholds", "threshold_comparator", "deadlines", "exclusions", "materials", "quotas", "programs")


def _tally_dict(t: Tally) -> dict:
    d = {k: v.as_dict() for k, v in t.fields.items()}
    return d


def evaluate_real(corpus: Path, timer=None) -> tuple[dict, list]:
    """Returns ({'dev': …, 'heldout': …, 'by_notice': …}, dev mismatches)."""
    from extractors.guide import extract_guide
    from extractors.readers import read_document

    cases = load_real(corpus, "all")
    if not cases:
        return {"skipped": f"no real notices found in {real_dir(corpus)} (set SHENBAO_REAL_GUIDES)"}, []
    tallies: dict[str, Tally] = defaultdict(Tally)
    by_notice, errors, mismatches = {}, [], []
    for case in cases:
        try:
            doc = timer.run("read_guide (real)", read_document, case.path) if timer else read_document(case.path)
            pred = timer.run("extract_guide (real)", extract_guide, doc) if timer else extract_guide(doc)
        except Exception as exc:  # one notice must not stop the figures of the others
            errors.append(f"{case.gold.file}: {type(exc).__name__}: {exc}")
            continue
        t = score_real(case.gold, pred, where=case.gold.file[:2])
        tallies[case.split].merge(Tally(t.fields, missed_where=missed_where(t.mismatches, pred)))
        by_notice[case.gold.file[:2]] = {"split": case.split, **{k: v.as_dict() for k, v in t.fields.items()}}
        if case.split == "dev":
            mismatches += t.mismatches
    out = {"split_rule": SPLIT_RULE, "errors": errors, "by_notice": by_notice,
           "n": {s: sum(1 for c in cases if c.split == s) for s in ("dev", "heldout")}}
    for split in ("dev", "heldout"):
        out[split] = _tally_dict(tallies[split])
    # where the missed gold items went, by split (counts only: the held-out texts stay unread)
    out["missed_where"] = {s: tallies[s].missed_where for s in ("dev", "heldout")}
    return out, mismatches


def print_real(real: dict, console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console(highlight=False)
    if "skipped" in real:
        console.print(f"真实通知 real notices: skipped — {real['skipped']}")
        return
    t = Table(title=f"真实通知 real notices (dev n={real['n']['dev']}, held-out n={real['n']['heldout']}; {real['split_rule']})")
    for col in ("field", "dev P", "dev R", "dev tp/fp/fn", "held-out P", "held-out R", "held-out tp/fp/fn"):
        t.add_column(col)
    for k in REAL_ORDER:
        cells = [k]
        for split in ("dev", "heldout"):
            v = real[split].get(k)
            cells += ([f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['tp']}/{v['fp']}/{v['fn']}"] if v else ["—"] * 3)
        t.add_row(*cells)
    console.print(t)
    where = real.get("missed_where") or {}
    if any(where.values()):
        w = Table(title="漏检去向 where missed gold items went (counts only; evaluation/miss_buckets.py)")
        w.add_column("split")
        w.add_column("field")
        w.add_column("buckets")
        for split in ("dev", "heldout"):
            for k in REAL_ORDER:
                counts = where.get(split, {}).get(k)
                if counts:
                    w.add_row(split, k, ", ".join(f"{b} {n}" for b, n in sorted(counts.items(), key=lambda x: -x[1])))
        console.print(w)
    for e in real.get("errors", []):
        console.print(f"[red]{e}[/red]")


def main(argv: list[str]) -> int:
    corpus = Path("corpus")
    real, mismatches = evaluate_real(corpus)
    print_real(real)
    if "--show" in argv:
        fields = [a.split("=", 1)[1] for a in argv if a.startswith("--field=")]
        for m in mismatches:
            if not fields or m.field in fields:
                print(f"{m.where} {m.field:11s} gold={m.gold!s:40s} pred={m.predicted!s:40s} | {(m.quote or '')[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
