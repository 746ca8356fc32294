"""Exemptions: which earlier thresholds a `不受…限制` / `可适当放宽` sentence lifts.

Why a module of its own: guides name what is lifted in three ways, and each
needs a different lookup — by the limit's wording (可不受利税总额限制 → the
threshold on 利税总额), by a pointer at a numbered item (不受第（二）项限制 → every
threshold of item （二）, read from the thresholds' section paths), or by a short
name of the requirement (营收条件可适当放宽; 不受前述研发投入比例限制, whose words are
spread over the threshold's own wording 研发投入占营业收入比例). A figure-less
relaxation is recorded as an exemption: the schema has no "discretionary"
marker and no relaxed floor can be read (a relaxation with a figure is
`conditions.relaxation`).
"""
from __future__ import annotations

import re

from extractors import lexicon
from extractors.guide.ctx import Ctx
from extractors.guide.text import Span, clauses, find_metrics, has_any, source, terms, titles_in
from extractors.textsim import bigrams
from models.schema import AnyOf, Exemption, Threshold

_LIMIT = re.compile(rf"不受(.{{1,14}}?)(?:的)?(?:{lexicon.alternation('limit_words')})")
# 获得中国专利奖的企业，视同满足有效发明专利数量要求: the requirement named is lifted
_DEEMED = re.compile(rf"(?:{lexicon.alternation('deemed_words')})(?:已)?(?:{lexicon.alternation('meet_verbs')})"
                     rf"(.{{1,14}}?)(?:的)?(?:{lexicon.alternation('requirement_words')})")
_ITEM_REF = re.compile(r"第\s*([（(])?\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[）)]?\s*"
                       rf"(?:{lexicon.alternation('item_words')})")
_CN_DIGITS = "一二三四五六七八九十"


def is_exemption(text: str) -> bool:
    if has_any(text, terms()["unlimited_cues"]):
        return False
    return has_any(text, terms()["exemption_cues"]) or bool(_LIMIT.search(text))


def item_labels(ref: str) -> set[str]:
    """Canonical outline labels a reference such as 第（二）项 / 第3项 / 第二条 may point at."""
    m = _ITEM_REF.search(ref)
    if not m:
        return set()
    n = m.group(2)
    if m.group(1):
        return {f"（{n}）"}
    labels = {f"（{n}）", f"第{n}条"}
    labels.add(f"{n}、" if n[0] in _CN_DIGITS else f"{n}.")
    return labels


def _limit(text: str) -> str:
    """What is lifted: the words of 不受…限制, else the subject of the relaxing clause
    (营收条件可适当放宽 → 营收条件), without pointer and tail words."""
    m = _LIMIT.search(text) or _DEEMED.search(text)
    if m:
        limit = m.group(1)
    else:
        cues = terms()["exemption_cues"]
        limit = ""
        for cl in clauses(Span(0, len(text), text)):
            at = min((cl.text.find(w) for w in cues if w in cl.text), default=-1)
            if at > 0:
                limit = cl.text[:at]
                break
    for w in terms().get("limit_reference_words") or []:
        limit = limit.replace(w, "")
    for w in terms().get("limit_tail_words") or []:
        if limit.endswith(w) and len(limit) > len(w):
            limit = limit[: -len(w)]
    return limit.strip("的，, ")


def _names(limit: str, limit_metrics: set[str], t: Threshold) -> bool:
    """The limit names threshold `t`: its metric, its wording, or (a short name
    spread over the wording) at least 3/4 of its character pairs occur in it."""
    if not limit:
        return False
    if t.metric in limit_metrics or limit in t.text:
        return True
    grams = bigrams(limit)
    return len(grams) >= 2 and len(grams & bigrams(t.text)) >= 0.75 * len(grams)


def _item_of(t: Threshold | AnyOf) -> str:
    """The numbering label of the item a condition was read from (last path part)."""
    section = t.source.section if t.source else ""
    return section.rsplit("/", 1)[-1]


def exemption(ctx: Ctx, sent: Span, prior: list, text: str | None = None) -> bool:
    """Attach the exemption stated by `sent` to the conditions of `prior` it lifts;
    False when nothing matched. `text` is the whole statement when the exempt
    titles are listed below the sentence (…不受第（二）项限制：1. … 2. …)."""
    if not is_exemption(sent.text):
        return False
    whole = text or sent.text
    limit = _limit(sent.text)
    labels = item_labels(sent.text)
    limit_metrics = {mid for _, _, mid in find_metrics(limit)} if limit and not labels else set()
    ex = Exemption(text=whole, titles=titles_in(whole, ("titles", "awards")), source=source(ctx.doc, ctx.path, sent))
    hit = False
    for cond in reversed(prior):
        if not isinstance(cond, (Threshold, AnyOf)):
            continue
        members = cond.members if isinstance(cond, AnyOf) else [cond]
        if labels:
            lifted = any(_item_of(cond).startswith(lab) for lab in labels)
        else:
            lifted = any(_names(limit, limit_metrics, t) for t in members)
        if lifted:
            cond.exemptions.append(ex.model_copy())
            hit = True
    return hit
