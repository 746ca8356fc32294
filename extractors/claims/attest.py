"""Attestations, attachments and the IP department.

Why pages as well as lists: a submission proves a 信用承诺书 either by listing
it (附件清单) or by containing it (a page titled 信用承诺书); the matcher accepts
both, so both are claims, each with its own evidence.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from models.claims import AttestationClaim, Attachment, Claim
from models.document import Document

from extractors import lexicon
from extractors.lexicon import Entry, Vocabulary
from extractors.claims.checkbox import checked, ticked_text
from extractors.claims.sections import PAGE_REF, is_pending, is_toc_line, section_body, strip_trailers, toc_entries
from extractors.claims.spans import Unit, cues, row_unit, unit_evidence

_NEG_BEFORE = re.compile(rf"(?:{lexicon.alternation('negation_before')})$")
_OBLIGATION = re.compile(rf"(?:{lexicon.alternation('obligation_words')})[^。；，,]{{0,6}}$")


def find_attestations(doc: Document, units: list[Unit]) -> list[AttestationClaim]:
    c = cues()
    out: dict[str, AttestationClaim] = {}
    for u in units:
        t = ticked_text(u.text)   # a pledge line of tick boxes: only the ticked options count
        pledge = any(w in t for w in c["attestation_cues"]) or "承诺" in u.section
        for aid, spec in c["attestations"].items():
            hit = next((p for p in sorted(spec["present"], key=len, reverse=True) if p in t), None)
            present: bool | None = None
            if hit is not None:
                if _OBLIGATION.search(t[:t.find(hit)]) and not pledge:
                    continue
                present = True
            else:
                for p in spec.get("absent", []):
                    i = t.find(p)
                    if i != -1 and not _NEG_BEFORE.search(t[max(0, i - 2):i]):
                        present = False
                        break
            if present is None:
                continue
            ev = unit_evidence(doc, u)
            cur = out.get(aid)
            if cur is None:
                out[aid] = AttestationClaim(attestation=aid, present=present, evidence=[ev])
            elif cur.present == present and len(cur.evidence) < 3:
                cur.evidence.append(ev)
            elif cur.present and not present:
                out[aid] = AttestationClaim(attestation=aid, present=False, evidence=[ev, *cur.evidence])
    return list(out.values())


_ITEM_MARK = re.compile(r"^\s*(?:附件\s*\d+\s*[：:、.．]?|\d+\s*[.、．)）]|[（(]\s*\d+\s*[）)]|[①-⑳]|[一二三四五六七八九十]+、|[-•·])\s*")
_SPLIT_ITEMS = re.compile(r"[；;]|(?<=[^\d])(?=\d+\s*[.、．](?!\d))|(?=[（(]\d+[）)])|(?=[①-⑳])")


def _heading_match(text: str) -> str | None:
    """The rest of the line after an attachment-list heading, or None."""
    t = text.strip()
    for h in sorted(cues()["attachment_headings"], key=len, reverse=True):
        if t.startswith(h):
            rest = t[len(h):]
            if h in ("附件", "附") and not re.match(r"^\s*[：:]", rest) and rest.strip():
                return None  # 附件1：… is an item, 附加… is not a heading
            return re.sub(r"^\s*[：:]\s*", "", rest)
    return None


def _items(text: str) -> list[str]:
    parts = [p for p in _SPLIT_ITEMS.split(text) if p and p.strip()]
    out = []
    for p in parts:
        p = PAGE_REF.sub("", _ITEM_MARK.sub("", p)).strip(" 。，,；;：:")
        if 2 <= len(p) <= 60:
            out.append(p)
    return out


@lru_cache(maxsize=None)
def material_vocab() -> Vocabulary:
    """lexicon materials plus the claims-only aliases of claims_cues.yaml (申请表 …)."""
    extra = cues().get("material_aliases", {})
    return Vocabulary({eid: Entry(e.id, e.name, tuple(dict.fromkeys((*e.aliases, *extra.get(eid, [])))), e.extra)
                       for eid, e in lexicon.materials().entries.items()})


def _material(name: str) -> str | None:
    return material_vocab().first(name)


def _similar_material(name: str) -> str | None:
    """A listed name no alias covers (统一社会信用代码证): the semantic layer's nearest
    material above the backend's floor, so the matcher can count it; None keeps the
    name unrecognized, as before, when nothing is close or no backend can be built."""
    from extractors.semantic import SemanticBackendError
    from extractors.semantic.align import match_material

    try:
        return match_material(name)[0]
    except SemanticBackendError:
        return None


def _prose_intros() -> list[re.Pattern]:
    return [re.compile(p) for p in cues().get("attachment_prose_intros", [])]


def _not_provided(doc: Document, u: Unit) -> bool:
    """A list row whose page/remark cell says 无, 暂缺, 后补 or 另附, or whose page cell is
    blank where the table has a page column: the material is named but not attached."""
    t = doc.tables[u.extra["table"]]
    cells = [c.strip() for c in t.rows[u.extra["row"]]]
    if any(c in cues()["attachment_absent"] or is_pending(c) or c.startswith("另附") for c in cells[1:]):
        return True
    head = [h.strip() for h in t.rows[0]] if t.rows else []
    page_cols = [i for i, h in enumerate(head) if "页" in h and i < len(cells)]
    return bool(page_cols) and all(not cells[i] for i in page_cols)


def find_attachments(doc: Document, units: list[Unit], table_rows: list[Unit]) -> list[Attachment]:
    out: list[Attachment] = []

    def add(name: str, found: Literal["listed", "page"], u: Unit) -> None:
        """One entry per material: a page inside the file supersedes a listing."""
        mat = _material(name) or _similar_material(name)
        same = [a for a in out if (a.material == mat if mat else a.name == name)]
        if same:
            if found == "page" and same[0].found == "listed":
                same[0].found = "page"
                same[0].evidence.append(unit_evidence(doc, u))
            return
        out.append(Attachment(name=name, material=mat, found=found, evidence=[unit_evidence(doc, u)]))

    pending: set[str] = set()   # materials whose own section says 暂缺/后补
    toc = {id(e.unit): e for e in toc_entries(units)}
    in_list = False
    list_start = -1
    for i, u in enumerate(units):
        if u.kind == "cell":
            continue
        e = toc.get(id(u))
        if e is not None:   # a 目录 line: a listing when its part lists materials, never a page
            if e.in_materials and not e.is_part and (name := strip_trailers(e.title)):
                add(name, "listed", u)
            continue
        rest = _heading_match(u.text)
        if rest is not None:
            in_list, list_start = True, i
            for item in _items(rest):
                add(item, "listed", u)
            continue
        if in_list:
            if _ITEM_MARK.match(u.text) and len(u.text) <= 80 and i - list_start <= 30:
                for item in _items(u.text):
                    add(item, "listed", u)
                continue
            in_list = False
        if u.block is not None and u.start == u.block.start and (name := _page_name(u)):
            body = section_body(units, i, lambda x: _page_name(x) is not None or bool(_ATTACHMENT_TITLE.match(x.text)))
            if is_pending(u.text) or any(is_pending(b.text) for b in body):
                pending.add(_material(name) or _similar_material(name) or name)
            else:
                add(name, "page", u)
    read_blocks: set[int] = set()
    for u in units:  # 随本申报书提交的材料包括：A；B；C — a list in prose, anywhere in a paragraph
        if u.kind == "cell" or u.block is None or u.block.id in read_blocks:
            continue
        text = u.block.text
        for rx in _prose_intros():
            m = rx.search(text)
            if not m:
                continue
            read_blocks.add(u.block.id)
            body = re.split(r"[。]", text[m.end():], maxsplit=1)[0]
            for item in _items(re.sub(r"[、]", "；", body)):
                if not (is_pending(item) or any(w in item for w in cues()["attachment_absent"] if len(w) > 1)):
                    add(strip_trailers(item) or item, "listed", u)
            break
    for u in table_rows:
        if u.extra.get("attachment_table") and not _not_provided(doc, u):
            for item in _items(u.text.split(" | ", 1)[-1]):
                if _material(item):
                    add(item, "listed", u)
    # listed but its section says it is still missing: named, not supplied
    return [a for a in out if not (a.found == "listed" and (a.material or a.name) in pending)]


_PAGE_PREFIX = re.compile(r"^(?:附(?:件|表)?\s*[\d一二三四五六七八九十]*\s*[：:、.．]\s*|\d+\s*[.、．]\s*)")


_ATTACHMENT_TITLE = re.compile(r"^\s*附\s*(?:件|表)\s*[\d一二三四五六七八九十]")


def _page_name(u: Unit) -> str | None:
    """A title line naming a material (the material is a page of this file): its name.

    A note on what form the copy takes (（摘要）, 复印件) does not end the name."""
    if u.block is None or is_toc_line(u.block.text):
        return None
    t = _PAGE_PREFIX.sub("", u.block.text.strip())
    if len(t) > cues()["page_title_max_len"] or re.search(r"[。；;，,：:]", t):
        return None
    for cand in dict.fromkeys((t, strip_trailers(t))):
        for a, b, mid in material_vocab().find_all(cand):
            if b >= len(cand) - 1:  # the title ends with the material's name
                return t
    return None


def mark_attachment_tables(doc: Document, rows: list[Unit]) -> None:
    """Rows of a table whose header names materials (材料名称/附件名称) are list items."""
    heads = ("材料名称", "附件名称", "附件清单", "材料清单", "随附材料")
    for u in rows:
        t = doc.tables[u.extra["table"]]
        first = " ".join(t.rows[0]) if t.rows else ""
        if any(h in first for h in heads) and u.extra["row"] > 0:
            u.extra["attachment_table"] = True


_IP = lexicon.alternation("ip_words")
_INDEPENDENT = re.compile(rf"独立(?:{lexicon.alternation('independent_modifiers')})?(?:{_IP})[^，。；,;]{{0,8}}?"
                          rf"(?:{lexicon.alternation('ip_department_units')})")
_SET_UP = re.compile(rf"设(?:{lexicon.alternation('set_up_verbs')})了?(?:{lexicon.alternation('dedicated_modifiers')})?"
                     rf"(?:{_IP})(?:管理)?(?:{lexicon.alternation('ip_department_units_set_up')})")
_NO_ANSWER = re.compile(rf"^(?:{lexicon.alternation('negative_answers')})")
_YES_ANSWER = re.compile(rf"^(?:{lexicon.alternation('affirmative_answers')})")


def find_ip_department(doc: Document, units: list[Unit], pairs) -> Claim | None:
    c = cues()["ip_department"]

    def classify(t: str) -> str | None:
        if any(w in t for w in c["exists"]):
            return "exists"
        if any(w in t for w in c["none"]):
            return "none"
        if (any(w in t for w in c["independent"]) and "独立" in t or _INDEPENDENT.search(t)
                or _SET_UP.search(t)):
            return "independent"
        if any(w in t for w in c["exists_weak"]) or any(w in t for w in c["independent"]):
            return "exists"
        return None

    labelled = [(p.label, p.value, p.unit) for p in pairs]
    for t in doc.tables:  # label cells are not claim fields, so read their rows here
        for r, row in enumerate(t.rows):
            for i, cell in enumerate(row[:-1]):
                if not any(l in cell for l in c["field_labels"]):
                    continue
                # the value is the next distinct non-empty cell (merged label cells repeat, PDF grids add blanks)
                j = next((j for j in range(i + 1, len(row)) if row[j].strip() and row[j] != cell), None)
                if j is not None:
                    labelled.append((cell, row[j], row_unit(doc, t.index, r, j)))
                break
    for label, value, unit in labelled:
        if any(l in label for l in c["field_labels"]):
            v = checked(value)   # ☑独立设置□挂靠其他部门□未设立 -> 独立设置
            if not v:
                continue
            if _NO_ANSWER.match(v):
                return Claim(value="none", original=v, evidence=[unit_evidence(doc, unit)])
            # a ticked option is a short answer: 独立设置 / 挂靠其他部门 / 未设立
            for kind in ("exists", "none", "independent"):
                if any(v.startswith(w) for w in c["answer_words"][kind]):
                    return Claim(value=kind, original=v, evidence=[unit_evidence(doc, unit)])
            kind = classify(v) or ("independent" if _YES_ANSWER.match(v) and "独立" in label else
                                   "exists" if _YES_ANSWER.match(v) else None)
            if kind:
                return Claim(value=kind, original=v, evidence=[unit_evidence(doc, unit)])
    for u in units:
        if "知识产权" not in u.text or any(w in u.text for w in cues()["condition_cues"]):
            continue
        if u.kind in ("cell", "row") and any(l in u.text for l in c["field_labels"]):
            continue  # a form label, read above with its value
        kind = classify(u.text)
        if kind:
            return Claim(value=kind, evidence=[unit_evidence(doc, u)])
    return None
