"""Documents a guide asks for in running prose, outside any materials list.

Why: real notices name what is to be handed in wherever the sentence needs it — 境外学位需提供
学历认证, 请预先准备时长15分钟的汇报PPT, 按要求填写《企业注册登记表》, 应附原文复印件、封面复印件
和目录复印件各2份 — and a materials list item often packs several documents into one line
(资金申请表和业务量清单). The family is one shape: a verb of handing in (提供, 提交, 填写, 附 …)
followed by its object; the object is split at 、/和/及 and each part is a document when it ends
in a document noun (…表, …书, 清单, 名单, 证明, 复印件, 报告, 协议, PPT …). Verbs and nouns are
data (extractors/data/wordlists.yaml); modifiers before the last 的 of a long name are dropped
(盖有…受理章的…纳税申报表 → 纳税申报表), quantities (各2份, 一式两份) and asides are cut.
A cited rule (《…管理办法》) ends in no document noun and is never a mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors import lexicon
from extractors.guide.text import MASK, mask_parens


@dataclass(frozen=True)
class Mention:
    start: int  # offsets into the text given
    end: int
    name: str


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    verbs = re.compile(f"(?:{lexicon.alternation('submit_verbs')})")
    heads = re.compile(f"(?:{lexicon.alternation('document_heads')})$")
    joiners = re.compile(f"(?:{lexicon.alternation('document_joiners')})")
    return verbs, heads, joiners


_CLAUSE_END = "，,。；;：:！？!?\n"
_QUANTITY = re.compile(r"(?:各|一式|共)?\s*[0-9一二两三四五六七八九十]+\s*份$|等$|各$")
_LEADING_YEARS = re.compile(r"^(?:(?:19|20)\d{2}\s*(?:[-—–~至到]\s*(?:19|20)\d{2})?\s*年度?)")
_TITLE = re.compile(r"[《“]([^《》“”]{2,60})[》”]")


def is_document_name(name: str) -> bool:
    """Ends in a document noun (申请表, 承诺书, 清单, 复印件 …), not in a word that only
    looks like one (代表, 发表)."""
    return bool(_patterns()[1].search(name)) and not name.endswith(tuple(lexicon.words("document_head_exceptions")))


def has_submit_verb(text: str) -> bool:
    """The text asks for something to be handed in (提供, 应附, 填写 …)."""
    return bool(_patterns()[0].search(text))


def _clean(part: str) -> str:
    """A part of an object as a document name: asides, quantities and long modifiers dropped."""
    masked = mask_parens(part)
    name = "".join(ch for ch, m in zip(part, masked) if m != MASK)  # （包括主表…） asides out
    name = name.strip(" \u3000“”\"'《》")
    prev = None
    while prev != name:
        prev = name
        name = _QUANTITY.sub("", name).strip()
    tail = name[name.rfind("的") + 1:] if "的" in name else ""
    if len(tail) >= 2 and is_document_name(tail):  # 盖有…受理章的纳税申报表, 时长15分钟的汇报PPT
        name = tail
    name = _LEADING_YEARS.sub("", name).strip()
    for w in lexicon.words("document_lead_words"):
        if name.startswith(w) and len(name) > len(w) + 1:
            name = name[len(w):]
    return name.strip()


def _object_end(text: str, start: int) -> int:
    """Where the verb's object ends: the clause end, not counting punctuation inside 《》/（）."""
    masked = mask_parens(text)
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "《":
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
        elif depth == 0 and masked[i] != MASK and ch in _CLAUSE_END:
            return i
    return len(text)


def documents_in(text: str, whole: bool = False) -> list[Mention]:
    """Documents named as the object of a verb of handing in, in order, each once. With
    `whole` (an item of a materials list), a text with no such verb is itself the object."""
    verbs, _, _ = _patterns()
    found = list(verbs.finditer(text))
    objects = []
    for k, m in enumerate(found):
        end = _object_end(text, m.end())
        if k + 1 < len(found):  # 报送学术成果应附…复印件: the object ends where the next verb starts
            end = min(end, found[k + 1].start())
        objects.append((m.end(), end))
    if not objects and whole:
        objects.append((0, _object_end(text, 0)))
    out: list[Mention] = []
    seen: set[str] = set()
    for a, end in objects:
        for m in _parts(text, a, end):
            if m.name not in seen:
                seen.add(m.name)
                out.append(m)
    return out


def _parts(text: str, start: int, end: int) -> list[Mention]:
    """The object split at 、/和/及 (outside 《》 and asides), each part kept when it is a document."""
    _, _, joiners = _patterns()
    masked = mask_parens(text)
    cuts = [(j.start(), j.end()) for j in joiners.finditer(text, start, end)
            if masked[j.start()] != MASK and not _in_title(text, j.start())]
    # 《机动车行驶证》《道路运输证》《机动车登记证书》: titles written side by side are one document each
    cuts += [(j.start() + 1, j.start() + 1) for j in re.finditer("》(?=《)", text[:end]) if j.start() >= start
             and masked[j.start()] != MASK]
    bounds, a = [], start
    for s, e in sorted(cuts):
        if s >= a:
            bounds.append((a, s))
            a = e
    bounds.append((a, end))
    out = []
    for a, b in bounds:
        part = text[a:b]
        title = _TITLE.search(part)
        name = title.group(1) if title and is_document_name(title.group(1)) else _clean(part)
        if 2 <= len(name) <= 40 and is_document_name(name):
            out.append(Mention(a, b, name))
    return out


def _in_title(text: str, i: int) -> bool:
    return text.rfind("《", 0, i) > text.rfind("》", 0, i)
