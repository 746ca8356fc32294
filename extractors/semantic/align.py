"""Fuzzy mapping of unfamiliar wording onto the lexicon, programs and old clauses.

Why lexicon first: an alias written in metrics.yaml / materials.yaml is a human
decision and beats any similarity score, so it returns confidence 1.0 with the
alias as reason. Only wording the lexicon does not cover goes to the embedder,
and then the nearest alias is named in the reason so staff can see why (and add
the wording to the YAML if it was right). Below the backend's floor the answer
is None: a guess is worse than a `review`.

Why the condition text is trimmed before comparing: comparators, numbers with
units and period words (近三年…不低于3%) say nothing about *which* metric is
meant but dilute the similarity to short aliases. The words come from the same
data files the guide extractor uses.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors import lexicon
from extractors.semantic import Embedder, get_backend
from extractors.semantic.lexical import normalize

_RATIO_CUE = re.compile(lexicon.alternation("ratio_cues"))
_RATIO_SPLIT = re.compile(r"占")
_RATIO_TAIL = re.compile(rf"(?:的)?(?:{lexicon.alternation('ratio_side_tails')})$"
                         rf"|^(?:{lexicon.alternation('ratio_side_openers')})+|的$")
_CN_NUM = "一二三四五六七八九十两〇零"


@lru_cache(maxsize=1)
def _noise_pattern() -> re.Pattern:
    comp = lexicon.load_yaml("comparators.yaml")
    per = lexicon.load_yaml("periods.yaml")
    words: set[str] = set()
    for part in ("prefix", "suffix"):
        for op, ws in (comp.get(part) or {}).items():
            words |= {w for w in ws if len(w) > 1}
    for key in ("last_year", "current"):
        words |= {w for w in per.get(key) or [] if len(w) > 1}
    for ws in (per.get("aggregation") or {}).values():
        words |= {w for w in ws if len(w) > 1}
    units = (comp.get("units") or {})
    unit_words = set((units.get("money") or {})) | set(units.get("percent") or []) | set(units.get("count") or [])
    prefixes = "|".join(sorted(map(re.escape, per.get("last_n_prefix") or ["近"]), key=len, reverse=True))
    num = rf"[0-9.]+|[{_CN_NUM}]+"
    unit = "|".join(sorted(map(re.escape, unit_words), key=len, reverse=True))
    parts = [rf"(?:{prefixes})(?:{num})(?:个)?年(?:度)?", rf"(?:{num})\s*(?:{unit})?", r"[（(][^）)]{0,6}[）)]"]
    parts += [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join(parts))


def core_phrase(text: str) -> str:
    """The metric-bearing part of a condition: numbers, comparators and periods removed."""
    out = _noise_pattern().sub(" ", text)
    out = re.sub(r"[，,。；;：:、\s]+", " ", out).strip()
    return out or text


@lru_cache(maxsize=1)
def metric_aliases() -> tuple[list[str], list[str]]:
    vocab = lexicon.metrics()
    pairs = sorted({(a, eid) for a, eid in vocab.alias_index})
    return [a for a, _ in pairs], [e for _, e in pairs]


def similarity_floor(embedder: Embedder, use: str, default: float) -> float:
    return float(getattr(embedder, "floors", {}).get(use, default))


def _ratio_of(ids: set[str], text: str) -> str | None:
    """A ratio metric whose numerator and denominator are both named (研发经费…占…主营业务收入)."""
    if not has_ratio_cue(text):
        return None
    for e in lexicon.metrics().entries.values():
        num, den = e.extra.get("numerator"), e.extra.get("denominator")
        if e.extra.get("kind") == "ratio" and num in ids and den in ids:
            return e.id
    return None


def has_ratio_cue(text: str) -> bool:
    return bool(_RATIO_CUE.search(text))


def _is_ratio(eid: str) -> bool:
    e = lexicon.metrics().entries.get(eid)
    return bool(e and e.extra.get("kind") == "ratio")


def lexicon_metric(text: str) -> tuple[str | None, str]:
    """(metric id, alias) when the lexicon alone decides, else (None, '').

    One alias found decides, unless the text speaks of a share (占…比重) and the
    alias names an amount: 研发支出占销售额比重 contains 销售额 but is not revenue.
    """
    vocab = lexicon.metrics()
    flat = normalize(text).replace(" ", "")
    for alias, eid in vocab.alias_index:
        if normalize(alias) == flat:
            return eid, alias
    hits = vocab.find_all(text)
    ids = {h[2] for h in hits}
    if len(ids) == 1:
        a, b, eid = max(hits, key=lambda h: h[1] - h[0])
        if _is_ratio(eid) or not has_ratio_cue(text):
            return eid, text[a:b]
    if len(ids) > 1:
        rid = _ratio_of(ids, text)
        if rid:
            return rid, "+".join(text[a:b] for a, b, _ in hits)
    return None, ""


def _part_scores(part: str, emb: Embedder) -> dict[str, tuple[float, str]]:
    """metric id → (best similarity, alias) of an amount phrase; a lexicon hit scores 1."""
    out: dict[str, tuple[float, str]] = {}
    if not part:
        return out
    eid, alias = lexicon_metric(part)
    if eid:
        out[eid] = (1.0, alias)
    aliases, ids = metric_aliases()
    row = emb.similarity([part], aliases)[0]
    for s, a, i in zip(row, aliases, ids):
        if not _is_ratio(i) and s > out.get(i, (-1.0, ""))[0]:
            out[i] = (float(s), a)
    return out


def _ratio_candidates(core: str, emb: Embedder) -> list[tuple[float, str, str]]:
    """(score, ratio id, reason) from matching the two sides of X占Y比重 separately.

    Why: a share is defined by its numerator and denominator (metrics.yaml says
    which), and each side is a short amount phrase the lexicon or the embedder
    handles well, while the whole phrase resembles any amount alias it contains.
    """
    core = core.replace("占比", "占")
    m = _RATIO_SPLIT.search(core)
    if not m:
        return []
    num = _RATIO_TAIL.sub("", core[:m.start()]).strip()
    den = _RATIO_TAIL.sub("", core[m.end():]).strip()
    sn, sd = _part_scores(num, emb), _part_scores(den, emb)
    out = []
    for e in lexicon.metrics().entries.values():
        n, d = e.extra.get("numerator"), e.extra.get("denominator")
        if e.extra.get("kind") != "ratio" or n not in sn:
            continue
        if d in sd:
            score = (sn[n][0] + sd[d][0]) / 2
            reason = f"ratio: {sn[n][1]} / {sd[d][1]}"
        elif not den:
            score = 0.75 * sn[n][0]
            reason = f"ratio: {sn[n][1]} / ?"
        else:
            continue
        out.append((score, e.id, reason))
    return sorted(out, reverse=True)


def map_metric(text: str, embedder: Embedder | None = None) -> tuple[str | None, float, str]:
    """(metric id or None, confidence, reason) for a condition's metric wording.

    A share (占…比重, 占比) is only matched to ratio metrics and an amount only to
    amounts, so 研发投入占比 can never come back as 研发投入.
    """
    eid, alias = lexicon_metric(text)
    if eid:
        return eid, 1.0, f"lexicon: {alias}"
    emb = embedder or get_backend()
    aliases, ids = metric_aliases()
    core = core_phrase(text)
    ratio = has_ratio_cue(core)
    row = emb.similarity([core], aliases)[0]
    cands = [(float(s), i, f"similar to {a}") for s, a, i in zip(row, aliases, ids) if not ratio or _is_ratio(i)]
    if ratio:
        cands += _ratio_candidates(core, emb)
    score, best, reason = max(cands) if cands else (0.0, None, "")
    if best is None or score < similarity_floor(emb, "metric", 0.45):
        return None, score, f"最接近 {reason.removeprefix('similar to ')} ({score:.2f})，低于阈值 (below floor)"
    return best, score, reason


def match_material(name: str, embedder: Embedder | None = None) -> tuple[str | None, float]:
    """(material id or None, confidence) for an attachment or required-material name."""
    vocab = lexicon.materials()
    hits = vocab.find_all(name)
    if hits:
        a, b, eid = max(hits, key=lambda h: (h[1] - h[0], -h[0]))
        return eid, 1.0
    emb = embedder or get_backend()
    pairs = sorted({(a, eid) for a, eid in vocab.alias_index})
    row = emb.similarity([name], [a for a, _ in pairs])[0]
    best = max(range(len(row)), key=row.__getitem__)
    score = float(row[best])
    if score < similarity_floor(emb, "material", 0.45):
        return None, score
    return pairs[best][1], score


def match_program(name: str, program_names: list[str], embedder: Embedder | None = None) -> tuple[int | None, float]:
    """Index of the guide program an application names, or None (not found / ambiguous).

    A program name contained in the stated name (or the reverse) wins outright;
    the longest such name, so 产业链协同攻关类 is not taken for a shorter cousin.
    Two candidates within a small margin are ambiguous: None, for a person to pick.
    """
    if not program_names:
        return None, 0.0
    flat = normalize(name).replace(" ", "")
    contained = [(len(p), i) for i, p in enumerate(program_names)
                 if (q := normalize(p).replace(" ", "")) and (q in flat or flat in q)]
    if contained:
        contained.sort(reverse=True)
        if len(contained) == 1 or contained[0][0] > contained[1][0]:
            return contained[0][1], 1.0
    emb = embedder or get_backend()
    row = emb.similarity([name], list(program_names))[0]
    order = sorted(range(len(row)), key=lambda i: -row[i])
    best = order[0]
    score = float(row[best])
    if score < similarity_floor(emb, "program", 0.4):
        return None, score
    if len(order) > 1 and score - row[order[1]] < 0.02:
        return None, score
    return best, score


def align_texts(old: list[str], new: list[str], embedder: Embedder | None = None,
                floor: float | None = 0.5) -> list[tuple[int, int, float]]:
    """One-to-one (old index, new index, score) pairs, best first, sorted by old index.

    Identical texts pair at 1.0 before any similarity is computed, so an
    unchanged clause is never stolen by a near-duplicate.
    """
    pairs: list[tuple[int, int, float]] = []
    used_old, used_new = set(), set()
    by_text: dict[str, list[int]] = {}
    for j, t in enumerate(new):
        by_text.setdefault(t, []).append(j)
    for i, t in enumerate(old):
        if by_text.get(t):
            j = by_text[t].pop(0)
            pairs.append((i, j, 1.0))
            used_old.add(i)
            used_new.add(j)
    rest_old = [i for i in range(len(old)) if i not in used_old]
    rest_new = [j for j in range(len(new)) if j not in used_new]
    if rest_old and rest_new:
        emb = embedder or get_backend()
        lim = similarity_floor(emb, "align", 0.5) if floor is None else floor
        sim = emb.similarity([old[i] for i in rest_old], [new[j] for j in rest_new])
        cands = sorted(((sim[a][b], a, b) for a in range(len(rest_old)) for b in range(len(rest_new))
                        if sim[a][b] >= lim), reverse=True)
        for s, a, b in cands:
            i, j = rest_old[a], rest_new[b]
            if i in used_old or j in used_new:
                continue
            pairs.append((i, j, float(s)))
            used_old.add(i)
            used_new.add(j)
    return sorted(pairs)
