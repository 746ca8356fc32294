"""Shared helpers of the guide extractor: vocabulary, sentences, spans, sources.

Why offsets everywhere: every item must point back at the guide sentence it
came from, so sentences and clauses are (start, end) spans into
`Document.text`, never detached strings. Parenthetical asides are masked (same
length) before clause analysis so a comma inside `（进入国家阶段的PCT…，子公司…）`
does not split the sentence it belongs to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors import lexicon
from models.document import Document
from models.schema import SourceRef

MASK = "□"
_SENT_END = "。；;！？!?"
_CLAUSE_END = "，,"


@lru_cache(maxsize=None)
def terms() -> dict:
    """The guide vocabulary (data/guide_terms.yaml)."""
    return lexicon.load_yaml("guide_terms.yaml")


def has_any(text: str, words) -> bool:
    return any(w in text for w in words)


def first_key(text: str, table: dict[str, list[str]]) -> str | None:
    """The first key of `table` one of whose words occurs in `text`."""
    for key, words in table.items():
        if has_any(text, words):
            return key
    return None


def _alt(words) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


@lru_cache(maxsize=None)
def _refusal_pattern() -> re.Pattern:
    """The literal cues and the grammar's rules as one compiled alternation. 被取消资格 /
    被暂停申报 (passive) tell an applicant's history, a ground for refusal, not one."""
    t = terms()
    blocking = t.get("refusal_blocking_verbs") or []
    step = rf"(?!{_alt(blocking)})[^，,。；;：:（）()、]" if blocking else r"[^，,。；;：:（）()、]"
    rules = [_alt(t["exclusion_cues"])]
    for r in t["refusal"]:
        body = rf"(?:{_alt(r['negations'])})"
        if r["objects"]:
            body += rf"(?:{step}){{0,{int(r['gap'])}}}?(?:{_alt(r['objects'])})"
        if r.get("not_before"):
            body += rf"(?!{_alt(r['not_before'])})"
        rules.append(body)
    return re.compile("|".join(rf"(?<!被)(?:{x})" for x in rules))


def _carve_out_at(text: str) -> int:
    """Start of a clause ending in 除外 outside brackets, or -1. One left-to-right pass
    (bracket depth and the last clause break carried along), linear in the text."""
    t = terms()
    words = t.get("refusal_suffixes") or []
    if not words or not any(w in text for w in words):
        return -1
    not_subjects = t.get("refusal_suffix_subjects_not") or []
    depth, lo, pos = 0, 0, 0
    for m in re.finditer(rf"(?:{_alt(words)})(?=\s*(?:[，,。；;]|$))", text):
        for i in range(pos, m.start()):
            ch = text[i]
            if ch in "（(":
                depth += 1
            elif ch in "）)":
                depth = max(0, depth - 1)
            elif ch in "，,。；;：:":
                lo = i + 1
        pos = m.start()
        if depth == 0 and m.start() - lo >= 4 and not has_any(text[lo:m.start()], not_subjects):
            return lo
    return -1


def refusal_at(text: str) -> int:
    """Where the first refusal of `text` starts, or -1.

    Why a grammar and not only a phrase list: guides refuse in open wording
    (不得参加申请, 不得在同一年内同时申报, 不纳入本细则的补贴资金支持范围, 取消贴息资格): a
    negation, a short stretch without punctuation, then what is refused (data:
    guide_terms.yaml `refusal`). The listed cues (只能申报, 单位限报 …) still count."""
    m = _refusal_pattern().search(text)
    found = [m.start()] if m else []
    carve = _carve_out_at(text)
    if carve >= 0:
        found.append(carve)
    return min(found, default=-1)


@dataclass(frozen=True)
class Span:
    """A piece of `doc.text` with absolute offsets."""

    start: int
    end: int
    text: str

    def sub(self, a: int, b: int) -> "Span":
        return Span(self.start + a, self.start + b, self.text[a:b])

    def strip(self) -> "Span":
        t = self.text
        a = len(t) - len(t.lstrip(" \u3000\t"))
        b = len(t.rstrip(" \u3000\t"))
        return self.sub(a, max(a, b))


def _aside(inner: str) -> bool:
    """A parenthetical that is an aside, not part of the phrase: （含）/（不含）
    after a number belongs to its comparator (10件（含）以上)."""
    return inner.strip() not in terms().get("inline_parens", [])


def mask_parens(text: str) -> str:
    """Replace everything inside （…）/(…) (brackets included) by MASK, keeping length."""
    out = list(text)
    depth, start = 0, -1
    for i, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0 and _aside(text[start + 1: i]):
                out[start: i + 1] = MASK * (i + 1 - start)
    return "".join(out)


def parens(span: Span) -> list[Span]:
    """Top-level parenthetical asides (without brackets) of a span."""
    found, depth, start = [], 0, -1
    for i, ch in enumerate(span.text):
        if ch in "（(":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0 and _aside(span.text[start + 1: i]):
                found.append(span.sub(start + 1, i))
    return found


def split(span: Span, ends: str, masked: str | None = None) -> list[Span]:
    """Split a span after each end mark (outside parentheses); drop empty pieces."""
    m = masked if masked is not None else mask_parens(span.text)
    pieces, a = [], 0
    for i, ch in enumerate(m):
        if ch in ends:
            pieces.append(span.sub(a, i))
            a = i + 1
    pieces.append(span.sub(a, len(m)))
    return [p.strip() for p in pieces if p.text.strip(" \u3000\t" + ends)]


def sentences(span: Span) -> list[Span]:
    return split(span, _SENT_END)


def clauses(span: Span) -> list[Span]:
    return split(span, _CLAUSE_END)


def source(doc: Document, section_path: str, span: Span) -> SourceRef:
    block = doc.block_at(span.start)
    page = block.location.page if block else None
    return SourceRef(quote=span.text, section=section_path, start=span.start, end=span.end, page=page)


def compact(text: str) -> str:
    """Text without inner spaces, half-width parentheses made full-width."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


# ---------------------------------------------------------------- vocabularies

@lru_cache(maxsize=None)
def guide_aliases(kind: str) -> lexicon.Vocabulary:
    """Guide-only wordings of metric or material ids (guide_terms.yaml `<kind>_aliases`).

    Why apart from metrics.yaml: guides phrase a metric as a requirement
    (成立满3年, PCT申请进入国家阶段, 专利转让、许可数量) where a submission states a
    value; keeping these here stops them from changing how submissions are read.
    """
    table = terms().get(f"{kind}_aliases") or {}
    return lexicon.Vocabulary({mid: lexicon.Entry(mid, words[0], tuple(words)) for mid, words in table.items()})


def merge_longest(*hit_lists) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, id) hits from several finders, longest first."""
    taken: list[tuple[int, int]] = []
    out = []
    for h in sorted({h for hits in hit_lists for h in hits}, key=lambda h: (h[0] - h[1], h[0], h[2])):
        if all(h[1] <= a or h[0] >= b for a, b in taken):
            out.append(h)
            taken.append((h[0], h[1]))
    return sorted(out)


def find_metrics(text: str) -> list[tuple[int, int, str]]:
    """Metric mentions; the nlp module's matcher when present, the lexicon otherwise,
    plus the guide-only wordings."""
    try:
        from extractors.nlp import find_metrics as nlp_find
    except ImportError:
        return merge_longest(lexicon.metrics().find_all(text), guide_aliases("metric").find_all(text))
    return merge_longest(nlp_find(text), guide_aliases("metric").find_all(text))


def unit_of(unit: str | None) -> str | None:
    """A count unit in its canonical spelling (2名 → 人)."""
    return terms().get("unit_synonyms", {}).get(unit, unit) if unit else unit


def applicant_types_in(text: str) -> list[str]:
    """Applicant type ids named in `text`, in order, groups expanded.

    A name used as a modifier (企业类服务机构) or negated (非企业类主体) names no type.
    """
    groups = lexicon.applicant_type_groups()
    hits: list[tuple[int, int, list[str]]] = []
    taken = [False] * len(text)
    for name in sorted(groups, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if not any(taken[m.start(): m.end()]):
                hits.append((m.start(), m.end(), list(groups[name])))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    masked = "".join(MASK if t else c for c, t in zip(text, taken))
    for a, b, tid in lexicon.applicant_types().find_all(masked):
        hits.append((a, b, [tid]))
    out: list[str] = []
    for a, b, ids in sorted(hits):
        if text[b: b + 1] == "类" or text[max(0, a - 1): a] == "非":
            continue
        for i in ids:
            if i not in out:
                out.append(i)
    return out


def titles_in(text: str, kinds: tuple[str, ...] = ("titles",)) -> list[str]:
    """Standing ids named in `text`, also inside enumerations (国家知识产权优势、示范企业)."""
    vocab = lexicon.standings()
    found: list[str] = []
    for kind in kinds:
        v = vocab[kind]
        for _, _, sid in v.find_all(text):
            if sid not in found:
                found.append(sid)
        for alias, sid in v.alias_index:
            if sid in found or len(alias) < 6:
                continue
            for k in range(4, len(alias) - 1):
                pat = re.escape(alias[:k]) + r"[^，。；]{0,6}?、[^，。；]{0,6}?" + re.escape(alias[k:])
                if re.search(pat, text):
                    found.append(sid)
                    break
            if sid in found:
                continue
    return found


def level_of(text: str) -> str | None:
    for entry in terms()["levels"]:
        if has_any(text, entry["words"]):
            return entry["level"]
    return None


def leading_types(text: str) -> list[str]:
    """Applicant types a sentence opens with (`高校、科研院所研发水平…` → university,
    research_institute); empty when it opens with anything else."""
    openers = "|".join(map(re.escape, terms().get("clause_openers") or []))
    t = re.sub(rf"^(?:(?:{openers})[，,]?)?", "", text) if openers else text
    t = re.sub(r"^(其中[，,]?|申报|对于|凡)", "", t)
    names = sorted({*lexicon.applicant_type_groups(), *(a for a, _ in lexicon.applicant_types().alias_index)},
                   key=len, reverse=True)
    out: list[str] = []
    pos = 0
    while True:
        name = next((n for n in names if t.startswith(n, pos)), None)
        if name is None or t[pos + len(name): pos + len(name) + 1] == "类":
            break
        for i in applicant_types_in(name):
            if i not in out:
                out.append(i)
        pos += len(name)
        if pos < len(t) and t[pos] in "、和及与或":
            pos += 1
        else:
            break
    return out
