"""Chinese tokenization (jieba inside a blank spaCy `zh`) and rule spans kept as data.

Why spaCy around jieba: the SpanRuler gives token patterns (研发…占…收入…比例)
that survive wording changes, and spaCy's jieba segmenter keeps character offsets
true (doc.text == input), so every span is evidence-ready. No model is downloaded.

Why the lexicon words are added to jieba: a phrase pattern only matches when the
phrase is segmented the same way alone and in context; registering every metric
alias and cue word as a jieba word makes that so. Metric aliases are also matched
character-wise from the lexicon as a safety net, and all candidates are resolved
longest-first, so 有效发明专利 always beats 有效专利 whatever jieba does.
"""
from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path

from extractors import lexicon

_DATA = Path(__file__).parent / "data"
PATTERNS = _DATA / "patterns.jsonl"
LABELS = {"METRIC", "COMPARATOR", "EXEMPTION_CUE", "ADJUSTMENT_CUE", "EXCLUSION_CUE", "MATERIAL_CUE"}
_KEYS = {"label", "pattern", "id"}
_SPANS_KEY = "shenbao"


class PatternError(ValueError):
    """A line of patterns.jsonl that spaCy or the lexicon would not accept."""


def _comparator_words() -> list[tuple[str, str]]:
    with open(_DATA / "comparators.yaml", encoding="utf-8") as fh:
        raw = lexicon.safe_load(fh)
    return [(w, op) for part in ("prefix", "suffix") for op, ws in raw[part].items() for w in ws if w != "为"]


def _import_spacy():
    """spaCy without torch: thinc imports torch whenever it is importable, which
    costs ~4 s and ~400 MB per process and nothing here needs it. torch is
    hidden only while spaCy/thinc load, so an explicitly configured
    sentence-transformers backend can still import it later."""
    import sys

    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy
        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return spacy


def load_patterns(path: Path = PATTERNS) -> list[dict]:
    """Hand-written patterns, validated line by line so a typo names its line."""
    spacy = _import_spacy()
    from spacy.matcher import Matcher

    vocab = spacy.blank("xx").vocab
    metric_ids = set(lexicon.metrics().entries)
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            where = f"{path.name} 第{n}行"
            try:
                p = json.loads(line)
            except json.JSONDecodeError as e:
                raise PatternError(f"{where}: JSON 无法解析 ({e})") from None
            if not isinstance(p, dict):
                raise PatternError(f"{where}: 应为 JSON 对象")
            unknown = set(p) - _KEYS
            if unknown:
                raise PatternError(f"{where}: 未知字段 {sorted(unknown)}（允许 {sorted(_KEYS)}）")
            if p.get("label") not in LABELS:
                raise PatternError(f"{where}: 未知标签 {p.get('label')!r}（允许 {sorted(LABELS)}）")
            if "pattern" not in p or not isinstance(p.get("id", ""), str):
                raise PatternError(f"{where}: 缺少 pattern 或 id 不是字符串")
            if p["label"] == "METRIC" and p.get("id") not in metric_ids:
                raise PatternError(f"{where}: 指标 id {p.get('id')!r} 不在 metrics.yaml 中")
            pat = p["pattern"]
            if isinstance(pat, list):
                try:
                    Matcher(vocab, validate=True).add("check", [pat])
                except Exception as e:  # spaCy reports schema errors as ValueError/MatchPatternError
                    raise PatternError(f"{where}: 模式无效: {e}") from None
            elif not isinstance(pat, str) or not pat:
                raise PatternError(f"{where}: pattern 应为字符串或 token 列表")
            out.append(p)
    return out


def _generated_patterns() -> list[dict]:
    """METRIC phrases from metrics.yaml and COMPARATOR words from comparators.yaml."""
    pats = []
    for e in lexicon.metrics().entries.values():
        for alias in {e.name, *e.aliases}:
            pats.append({"label": "METRIC", "id": e.id, "pattern": alias})
    for w, op in _comparator_words():
        pats.append({"label": "COMPARATOR", "id": op, "pattern": w})
    return pats


def _literal_words(pattern) -> list[str]:
    """Phrase strings and IN-list words of a pattern: what jieba must keep whole."""
    if isinstance(pattern, str):
        return [pattern] if len(pattern) > 1 else []
    words = []
    for tok in pattern:
        spec = tok.get("TEXT") or tok.get("ORTH")
        if isinstance(spec, str):
            words.append(spec)
        elif isinstance(spec, dict):
            words += [w for w in spec.get("IN", []) if isinstance(w, str)]
    return [w for w in words if len(w) > 1 and not w.isspace()]


@lru_cache(maxsize=None)
def get_nlp():
    """Blank zh + jieba + domain words + SpanRuler; built once per process (~1 s)."""
    from extractors.segmenter import jieba as load_jieba

    spacy = _import_spacy()
    jieba = load_jieba(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    jieba.load_userdict(str(lexicon.USERDICT))
    hand = load_patterns()
    pats = _generated_patterns() + hand
    for p in pats:
        for word in _literal_words(p["pattern"]):
            jieba.add_word(word, freq=max(jieba.suggest_freq(word, False), 2000))
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": _SPANS_KEY, "phrase_matcher_attr": "TEXT"})
    ruler.add_patterns(pats)
    return nlp


def tokenize(text: str) -> list[str]:
    return [t.text for t in get_nlp().make_doc(text)]


def _longest_first(cands: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    taken: list[tuple[int, int]] = []
    out = []
    for c in sorted(set(cands), key=lambda c: (c[0] - c[1], c[0], c[2], c[3])):
        if all(c[1] <= a or c[0] >= b for a, b in taken):
            out.append(c)
            taken.append((c[0], c[1]))
    return sorted(out)


def find_spans(text: str, labels: set[str] | None = None) -> list[tuple[int, int, str, str]]:
    """(char start, char end, label, id), non-overlapping, longest first."""
    doc = get_nlp()(text)
    cands = [(s.start_char, s.end_char, s.label_, s.id_) for s in doc.spans[_SPANS_KEY]
             if labels is None or s.label_ in labels]
    if labels is None or "METRIC" in labels:
        cands += [(a, b, "METRIC", mid) for a, b, mid in lexicon.metrics().find_all(text)]
    return _longest_first(cands)


def find_metrics(text: str) -> list[tuple[int, int, str]]:
    """(start, end, metric_id); the longest phrase wins (有效发明专利 over 有效专利).

    The hot path: the METRIC token patterns of patterns.jsonl compiled to character
    regular expressions (`metric_regexes`) plus the lexicon's aliases, so guide ingestion
    needs neither spaCy nor jieba loaded (about 1.5 s of a fresh process). `find_spans`
    keeps the spaCy matcher for the other labels and for checking the compiled form."""
    cands = [(m.start(), m.end(), "METRIC", mid) for mid, rx in metric_regexes() for m in rx.finditer(text)
             if m.end() > m.start()]
    cands += [(a, b, "METRIC", mid) for a, b, mid in lexicon.metrics().find_all(text)]
    return [(a, b, i) for a, b, _, i in _longest_first(cands)]


_QUANT = re.compile(r"^\{(\d*),(\d*)\}$")


def token_regex(spec: dict) -> str:
    """One spaCy token pattern as a piece of a character regex: a TEXT/ORTH string or IN list
    is its words, a REGEX its expression without the token anchors ^ and $, IS_SPACE optional
    white space; OP ?, *, + and {m,n} become the same quantifiers over the piece."""
    if spec.get("IS_SPACE"):
        core = r"\s+"
    else:
        t = spec.get("TEXT", spec.get("ORTH"))
        if isinstance(t, str):
            core = re.escape(t)
        elif isinstance(t, dict) and "IN" in t:
            core = "|".join(map(re.escape, sorted(t["IN"], key=len, reverse=True)))
        elif isinstance(t, dict) and "REGEX" in t:
            core = t["REGEX"].removeprefix("^").removesuffix("$")
        else:
            raise PatternError(f"token pattern not compilable to a character pattern: {spec}")
    op = spec.get("OP")
    quant = {None: "", "?": "?", "*": "*", "+": "+", "!": None}.get(op, "")
    if op and _QUANT.match(op):
        quant = op
    if quant is None:
        raise PatternError(f"token pattern OP {op!r} has no character form")
    return f"(?:{core}){quant}"


@lru_cache(maxsize=1)
def metric_regexes() -> tuple[tuple[str, re.Pattern], ...]:
    """The METRIC token patterns of patterns.jsonl as (metric id, compiled regex)."""
    out = []
    with open(PATTERNS, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            p = json.loads(line)
            if p.get("label") == "METRIC" and isinstance(p.get("pattern"), list):
                out.append((p["id"], re.compile("".join(token_regex(t) for t in p["pattern"]))))
    return tuple(out)
