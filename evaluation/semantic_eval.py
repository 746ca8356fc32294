"""Scores each available semantic backend on the labeled sets in corpus/semantic.

Why side by side and per subset: the lexicon decides many wordings before any
embedder runs, which would flatter a weak backend; so condition→metric is
reported three ways (the full `map_metric`, the items the lexicon leaves to the
embedder, and embedder-only over every item). Time per item is wall time on
this machine, for comparing backends, not a benchmark.
"""
from __future__ import annotations

import time
from pathlib import Path

from extractors.lexicon import safe_load

from extractors.semantic import SemanticBackendError, get_backend, resolve_config

KS = (1, 3)


def _dir(corpus_dir: Path) -> Path:
    corpus_dir = Path(corpus_dir)
    return corpus_dir if (corpus_dir / "condition_metric.yaml").exists() else corpus_dir / "semantic"


def _load(d: Path, name: str) -> dict:
    with open(d / name, encoding="utf-8") as fh:
        return safe_load(fh) or {}


def _acc(hits: list[bool]) -> float:
    return round(sum(hits) / len(hits), 4) if hits else 0.0


def eval_metric(items: list[dict], emb) -> dict:
    from extractors.semantic.align import core_phrase, metric_aliases, similarity_floor, lexicon_metric, map_metric

    aliases, ids = metric_aliases()
    full, lex_part, emb_part, only, null_ok, errors = [], [], [], [], [], []
    t0 = time.perf_counter()
    for it in items:
        gold = it.get("metric")
        pred, conf, reason = map_metric(it["text"], emb)
        ok = pred == gold
        full.append(ok)
        (lex_part if lexicon_metric(it["text"])[0] else emb_part).append(ok)
        if gold is None:
            null_ok.append(ok)
        if not ok:
            errors.append({"text": it["text"], "gold": gold, "pred": pred, "conf": round(conf, 3), "reason": reason})
    ms = 1000 * (time.perf_counter() - t0) / max(1, len(items))
    # embedder alone: nearest alias with the floor, no lexicon shortcut
    floor = similarity_floor(emb, "metric", 0.45)
    sims = emb.similarity([core_phrase(it["text"]) for it in items], aliases)
    for it, row in zip(items, sims):
        best = max(range(len(row)), key=row.__getitem__)
        pred = ids[best] if row[best] >= floor else None
        only.append(pred == it.get("metric"))
    return {"n": len(items), "accuracy": _acc(full), "lexicon_items": len(lex_part), "lexicon_accuracy": _acc(lex_part),
            "embedder_items": len(emb_part), "embedder_accuracy": _acc(emb_part), "embedder_only_accuracy": _acc(only),
            "null_items": len(null_ok), "null_accuracy": _acc(null_ok), "ms_per_item": round(ms, 2), "errors": errors}


def eval_material(items: list[dict], emb) -> dict:
    from extractors import lexicon
    from extractors.semantic.align import match_material

    hits, emb_part, errors = [], [], []
    t0 = time.perf_counter()
    for it in items:
        pred, conf = match_material(it["name"], emb)
        ok = pred == it.get("material")
        hits.append(ok)
        if not lexicon.materials().find_all(it["name"]):
            emb_part.append(ok)
        if not ok:
            errors.append({"name": it["name"], "gold": it.get("material"), "pred": pred, "conf": round(conf, 3)})
    ms = 1000 * (time.perf_counter() - t0) / max(1, len(items))
    return {"n": len(items), "accuracy": _acc(hits), "embedder_items": len(emb_part),
            "embedder_accuracy": _acc(emb_part), "ms_per_item": round(ms, 2), "errors": errors}


def eval_passages(docs: list[dict], emb) -> dict:
    from extractors.semantic.retrieval import rank_passages

    recall = {k: [] for k in KS}
    rr, errors, n = [], [], 0
    t0 = time.perf_counter()
    for doc in docs:
        cache: dict = {}
        for cond in doc["conditions"]:
            n += 1
            ranked = [i for i, _ in rank_passages(cond["text"], doc["passages"], emb, cache)]
            rel = set(cond["relevant"])
            for k in KS:
                recall[k].append(bool(rel & set(ranked[:k])))
            first = next((r for r, i in enumerate(ranked, 1) if i in rel), None)
            rr.append(1.0 / first if first else 0.0)
            if ranked[0] not in rel:
                errors.append({"doc": doc["id"], "condition": cond["text"], "gold": sorted(rel), "top3": ranked[:3]})
    ms = 1000 * (time.perf_counter() - t0) / max(1, n)
    out = {"n": n, "mrr": round(sum(rr) / max(1, n), 4), "ms_per_item": round(ms, 2), "errors": errors}
    out |= {f"recall@{k}": _acc(v) for k, v in recall.items()}
    return out


def evaluate_semantic(corpus_dir: Path, backends: tuple[str, ...] = ("lexical", "st")) -> dict:
    """{backend: {condition_metric, material_pairs, condition_passage} | {unavailable}}."""
    d = _dir(corpus_dir)
    metric_items = _load(d, "condition_metric.yaml")["items"]
    material_items = _load(d, "material_pairs.yaml")["items"]
    passage_docs = _load(d, "condition_passage.yaml")["documents"]
    out: dict = {}
    for name in backends:
        try:
            backend, model = resolve_config(name, None)
            t0 = time.perf_counter()
            emb = get_backend(backend, model)
            load_s = time.perf_counter() - t0
        except SemanticBackendError as exc:
            out[name] = {"unavailable": str(exc)}
            continue
        out[name] = {
            "model": getattr(emb, "model_name", None), "load_seconds": round(load_s, 2),
            "condition_metric": eval_metric(metric_items, emb),
            "material_pairs": eval_material(material_items, emb),
            "condition_passage": eval_passages(passage_docs, emb),
        }
    return out


def print_semantic(metrics: dict, console=None, show_errors: bool = False) -> None:
    """Both backends' figures in one table; unavailable backends with their reason."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console(highlight=False)
    ok = {k: v for k, v in metrics.items() if "unavailable" not in v}
    t = Table(title="语义层 semantic layer (corpus/semantic)")
    t.add_column("task / figure")
    for name, v in ok.items():
        t.add_column(f"{name}" + (f" ({Path(v['model']).name})" if v.get("model") else ""), justify="right")
    rows = [("condition_metric", k) for k in ("n", "accuracy", "lexicon_accuracy", "embedder_accuracy",
                                              "embedder_only_accuracy", "null_accuracy", "ms_per_item")]
    rows += [("material_pairs", k) for k in ("n", "accuracy", "embedder_accuracy", "ms_per_item")]
    rows += [("condition_passage", k) for k in ("n", "recall@1", "recall@3", "mrr", "ms_per_item")]
    for task, key in rows:
        cells = []
        for v in ok.values():
            x = v[task].get(key)
            cells.append(f"{x:.3f}" if isinstance(x, float) else str(x))
        t.add_row(f"{task}.{key}", *cells)
    console.print(t)
    for name, v in metrics.items():
        if "unavailable" in v:
            console.print(escape(f"[{name}] 不可用 unavailable: {v['unavailable']}"))
    if show_errors:
        for name, v in ok.items():
            for task in ("condition_metric", "material_pairs", "condition_passage"):
                for e in v[task]["errors"]:
                    console.print(escape(f"[{name}] {task}: {e}"))


if __name__ == "__main__":  # python -m evaluation.semantic_eval [corpus_dir]
    import sys

    print_semantic(evaluate_semantic(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")), show_errors=True)
