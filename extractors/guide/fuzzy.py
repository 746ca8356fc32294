"""Metric ids for condition wording the rule lexicon does not know.

Why a second step after the lexicon: provinces and years word the same metric
differently (研究与试验发展经费支出占营业收入比重, 年度缴税总额); a comparison the
lexicon cannot name used to make the whole clause qualitative, so a person
read every such number. The semantic layer maps the wording to the nearest
metric alias; the threshold keeps that confidence and the reason, and the
matcher never fails it mechanically (pipeline/checks/thresholds.py).

Why a guide floor above the backend's own and a unit check: a wrong metric is
worse than a qualitative clause (it can pass an applicant on the wrong
figure), so only confident mappings whose unit agrees with the stated number
(% for a share, 万元 for an amount, 件/人 for a count) become thresholds.
"""
from __future__ import annotations

import re

from extractors import lexicon
from extractors.dates import find_periods
from extractors.guide.text import MASK, terms

_SEP = re.compile(r"[，,；;：:。]")
_WORD = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


def _embedder():
    """The configured backend (one per process, so alias features are computed once);
    None when it cannot be built: the clause then stays qualitative, as before."""
    from extractors.semantic import SemanticBackendError, get_backend

    try:
        return get_backend()
    except SemanticBackendError:
        return None


def _floor(emb) -> float:
    floors = terms().get("fuzzy_metric_floor") or {}
    return float(floors.get(emb.name, emb.floors.get("metric", 1.0)))


def metric_for(window: str, unit: str | None) -> tuple[str, float, str, int] | None:
    """(metric id, confidence, reason, offset of the wording in `window`) or None.

    `window` is the text between the previous comparison and this one; only the
    part after the last clause mark is this comparison's wording. `unit` is the
    compared quantity's canonical unit.
    """
    if not unit:
        return None
    cut = max((m.end() for m in _SEP.finditer(window)), default=0)
    wording = window[cut:]
    lead = len(wording) - len(wording.lstrip(MASK + " \u3000"))
    wording = wording.strip(MASK + " \u3000")
    if not wording:
        return None
    from extractors.semantic.align import core_phrase, map_metric

    n = int(terms().get("fuzzy_metric_min_chars", 3))
    if len(_WORD.findall(core_phrase(wording))) < n:
        return None
    emb = _embedder()
    if emb is None:
        return None
    mid, conf, reason = map_metric(wording, emb)
    if mid is None or conf < _floor(emb):
        return None
    entry = lexicon.metrics().entries.get(mid)
    want = entry.extra.get("unit") if entry else None
    if want and want != unit:
        return None
    # the wording starts after its period word, as a lexicon alias would: the
    # period before it is then found by the caller as for any threshold
    after = max((x.end for x in find_periods(wording) if len(_WORD.findall(core_phrase(wording[x.end:]))) >= n),
                default=0)
    return mid, round(float(conf), 4), reason, cut + lead + after
