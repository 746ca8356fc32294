"""The default backend: TF-IDF over jieba words, character n-grams and lexicon concepts.

Why these three feature families: jieba words carry whole terms (知识产权, 研发投入);
character 1–3-grams survive segmentation differences and near-synonyms sharing
characters (诚信承诺书 / 信用承诺书, 营业收入 / 销售收入); concept features map every
alias in the lexicon data files to its id, so 主营业务收入 and 销售收入 meet on
`revenue` although they share few characters. The lexicon is the only synonym
source: a new province's wording is taught by adding an alias to YAML.

Why IDF is refitted per call: document frequencies are taken from the texts at
hand (the passages of one submission, the aliases being matched) plus the
lexicon aliases as a fixed background, so a word common in this submission
counts little here. Tokenizing is the costly part, so features are cached per
text hash; reweighting is cheap dictionary arithmetic.

Why torch never appears here: this module is imported on every run.
"""
from __future__ import annotations

import hashlib
import logging
import math
import re
import unicodedata
from collections import Counter, OrderedDict
from functools import lru_cache

from extractors import lexicon

# Per-family weights: words and bigrams carry most meaning; unigrams only break
# ties (they match everything); concepts are strong because they come from the
# curated lexicon; the head (last two characters, e: 人员/经费/机构) is strong
# because Chinese noun phrases are head-final, which is what separates
# 知识产权管理人员 (a metric) from 知识产权管理机构 (a qualitative condition).
# Chosen on corpus/semantic (see evaluation/semantic_eval.py): all three tasks.
WEIGHTS = {"w": 1.0, "u": 0.3, "b": 1.0, "t": 0.3, "k": 1.6, "e": 2.0}
# Function characters: frequent everywhere, meaningless as unigrams or words.
STOP = set("的了和与及或等在为是有对其并且将由从以之于也中上下个该各此其所被把向")
_RUN = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff]+")
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_CACHE_MAX = 50_000
# factor lists are ~5x a feature dict: enough for the passages of the longest submission
# (they are reused across that file's checks), not for a whole batch
_TERMS_MAX = 4_000

Features = dict[str, float]


def text_key(text: str) -> str:
    """Stable cache key for a text (callers may keep caches across backends' lifetimes)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _DIGITS.sub("#", text)


@lru_cache(maxsize=1)
def _tokenizer():
    """A private jieba instance with the project's words, leaving the global one alone."""
    from extractors.segmenter import jieba

    tk = jieba(logging.WARNING).Tokenizer()
    tk.load_userdict(str(lexicon.USERDICT))
    for alias in _concept_aliases():
        if len(alias[0]) > 1:
            tk.add_word(alias[0], freq=2000)
    return tk


def warm() -> None:
    """Load the tokenizer now (jieba's dictionary and the project's words): a batch's
    forkserver does it once for all its workers."""
    _tokenizer()


@lru_cache(maxsize=1)
def _concept_aliases() -> tuple[tuple[str, str], ...]:
    """(normalized alias, concept id) of every lexicon vocabulary, for concept features."""
    vocabs = {"m": lexicon.metrics(), "mat": lexicon.materials(), "at": lexicon.applicant_types()}
    vocabs |= {k[:2]: v for k, v in lexicon.standings().items()}
    pairs = set()
    for prefix, vocab in vocabs.items():
        for alias, eid in vocab.alias_index:
            a = normalize(alias).replace(" ", "")
            if len(a) >= 2:
                pairs.add((a, f"{prefix}:{eid}"))
    return tuple(sorted(pairs))


@lru_cache(maxsize=1)
def background() -> tuple[int, Counter]:
    """(N, df) over every lexicon alias as its own tiny document: the fixed IDF prior."""
    df: Counter = Counter()
    docs = {a for a, _ in _concept_aliases()}
    for a in docs:
        df.update(set(featurize(a)))
    return len(docs), df


def featurize(text: str) -> Features:
    """Raw term counts of one text across the feature families."""
    t = normalize(text)
    out: Counter = Counter()
    runs = _RUN.findall(t)
    if runs and len(runs[-1]) >= 2:  # Chinese noun phrases are head-final: 人员, 经费, 机构
        out["e:" + runs[-1][-2:]] += 1
    for run in runs:
        for i, ch in enumerate(run):
            if ch not in STOP and ch != "#":
                out["u:" + ch] += 1
            if i + 1 < len(run):
                out["b:" + run[i:i + 2]] += 1
            if i + 2 < len(run):
                out["t:" + run[i:i + 3]] += 1
    for w in _tokenizer().lcut(t):
        w = w.strip()
        if len(w) > 1 and _RUN.fullmatch(w):  # single characters are already unigrams
            out["w:" + w] += 1
    flat = t.replace(" ", "")
    for alias, cid in _concept_aliases():
        if alias in flat:
            out["k:" + cid] += 1
    return {k: float(v) for k, v in out.items() if v}


class LexicalEmbedder:
    """Sparse TF-IDF vectors; `similarity` refits IDF on the texts it is given."""

    name = "lexical"
    # Floors read off corpus/semantic score distributions (no held-out set yet):
    # below them the labeled non-metric wordings and non-materials sit. Programs
    # are chosen among the guide's few names only, so their floor is lower.
    floors = {"metric": 0.30, "material": 0.35, "program": 0.15, "align": 0.50, "passage": 0.05}

    def __init__(self, weights: dict[str, float] | None = None):
        self.weights = dict(WEIGHTS, **(weights or {}))
        self._cache: OrderedDict[str, Features] = OrderedDict()
        self._terms: OrderedDict[int, tuple] = OrderedDict()  # id(features) -> (features, factors)
        self.stats = {"featurized": 0, "cache_hits": 0}

    # -- features -------------------------------------------------------------
    def features(self, texts: list[str], cache: dict | None = None) -> list[Features]:
        """Raw counts per text, from `cache` (a caller's dict), then the instance LRU."""
        out = []
        for text in texts:
            key = text_key(text)
            ext_key = ("lexical", key)
            if cache is not None and ext_key in cache:
                self.stats["cache_hits"] += 1
                out.append(cache[ext_key])
                continue
            f = self._cache.get(key)
            if f is None:
                f = featurize(text)
                self.stats["featurized"] += 1
                self._cache[key] = f
                if len(self._cache) > _CACHE_MAX:
                    self._cache.popitem(last=False)
            else:
                self.stats["cache_hits"] += 1
                self._cache.move_to_end(key)
            if cache is not None:
                cache[ext_key] = f
            out.append(f)
        return out

    def idf(self, feats: list[Features]) -> dict[str, float]:
        """IDF over the background aliases plus the given texts (each counted once)."""
        n0, df0 = background()
        df: Counter = Counter()
        seen = set()
        for f in feats:
            k = id(f)
            if k in seen:
                continue
            seen.add(k)
            df.update(f.keys())
        n = n0 + len(seen)
        keys = set(df) | {k for f in feats for k in f}
        return {k: math.log((n + 1) / (df0.get(k, 0) + df.get(k, 0) + 1)) + 1.0 for k in keys}

    def weigh(self, f: Features, idf: dict[str, float]) -> dict[str, float]:
        # the IDF-free factors of each feature, computed once per feature dict: a long
        # submission's passages are weighed again for every condition ranked against
        # them (issue 15); same operations in the same order, so the same floats
        terms = self._held(f)[1]
        v = {k: a * idf.get(k, 1.0) * w for k, a, w in terms}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {k: x / norm for k, x in v.items()}

    def _held(self, f: Features) -> tuple:
        """(f, [(key, 1 + log count, family weight)], {key: position}) of one feature dict, cached."""
        held = self._terms.get(id(f))  # the entry holds f itself, so its id cannot be reused meanwhile
        if held is None:
            terms = [(k, 1.0 + math.log(c), self.weights.get(k[0], 1.0)) for k, c in f.items()]
            held = (f, terms, {k: i for i, (k, _, _) in enumerate(terms)})
            self._terms[id(f)] = held
            if len(self._terms) > _TERMS_MAX:
                self._terms.popitem(last=False)
        else:
            self._terms.move_to_end(id(f))
        return held

    def _cosines(self, qv: list[dict[str, float]], f: Features, idf: dict[str, float]) -> list[float]:
        """_dot(q, self.weigh(f, idf)) for each query vector q, the same floats: the document's
        weights and norm as weigh computes them, but its normalized vector is built only when
        the dot product walks it (a query longer than the document); otherwise only the
        query's keys are looked up. The passages of a long submission are ranked against
        every condition, so most of the vectors weigh built were never read (issue 15)."""
        _, terms, pos = self._held(f)
        vals = [a * idf.get(k, 1.0) * w for k, a, w in terms]
        norm = math.sqrt(sum(x * x for x in vals)) or 1.0
        out, full = [], None
        for q in qv:
            if len(q) > len(terms):  # _dot iterates the shorter vector: here the document's
                if full is None:
                    full = {k: x / norm for (k, _, _), x in zip(terms, vals)}
                out.append(_dot(q, full))
            else:
                out.append(sum(x * (vals[pos[k]] / norm if k in pos else 0.0) for k, x in q.items()))
        return out

    # -- Embedder API ---------------------------------------------------------
    def encode(self, texts: list[str], cache: dict | None = None) -> list[dict[str, float]]:
        """L2-normalized sparse vectors under the background IDF (stable across calls)."""
        feats = self.features(texts, cache)
        n0, df0 = background()
        idf = {k: math.log((n0 + 1) / (df0.get(k, 0) + 1)) + 1.0 for f in feats for k in f}
        return [self.weigh(f, idf) for f in feats]

    def similarity(self, queries: list[str], docs: list[str], cache: dict | None = None) -> list[list[float]]:
        """Cosine matrix (queries × docs) with IDF fitted on queries + docs + background."""
        qf = self.features(queries, cache)
        df_ = self.features(docs, cache)
        idf = self.idf(qf + df_)
        qv = [self.weigh(f, idf) for f in qf]
        columns = [self._cosines(qv, f, idf) for f in df_]
        return [[col[i] for col in columns] for i in range(len(qv))]


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())
