"""Required materials: each one found among the application's attachments, or missing.

Why canonical ids with an alias fallback: guides and applicants name the same
document differently (信用承诺书 / 诚信承诺书, 营业执照 / 营业执照复印件); the
claims extractor maps names to ids when it can, and the lexicon's aliases
catch what it left unmapped. A name neither recognizes (统一社会信用代码证 for
营业执照) goes to the semantic layer last; such a match names its confidence so
staff can confirm it.
"""
from __future__ import annotations

from extractors import lexicon
from models.claims import Attachment
from models.report import Check
from models.schema import Material
from pipeline.screen import explain
from pipeline.screen.checks.base import Ctx, inapplicable, make, track_excluded


def attachment_ids(att: Attachment) -> set[str]:
    if att.material:
        return {att.material}
    return {mid for _, _, mid in lexicon.materials().find_all(att.name)}


def find(ctx: Ctx, m: Material) -> Attachment | None:
    return match(ctx, m)[0]


def match(ctx: Ctx, m: Material) -> tuple[Attachment | None, float | None]:
    """(attachment, similarity) — similarity None when ids or the names themselves decided."""
    for att in ctx.claims.attachments:
        if m.material in attachment_ids(att):
            return att, None
    # A material id the lexicon does not know: compare the names themselves.
    if m.material not in lexicon.materials():
        for att in ctx.claims.attachments:
            if m.name and (m.name in att.name or att.name in m.name):
                return att, None
    return _similar(ctx, m)


def _similar(ctx: Ctx, m: Material) -> tuple[Attachment | None, float | None]:
    """Among attachments no alias recognizes, the one the semantic layer maps to this
    material id, else the one whose name is nearest the guide's name (above the
    backend's material floor). The backend is the process's own, so the guide's
    names are featurized once per batch worker, not per submission."""
    from extractors.semantic import get_backend
    from extractors.semantic.align import match_material

    loose = [a for a in ctx.claims.attachments if not attachment_ids(a)]
    if not loose:
        return None, None
    emb = get_backend()
    best: tuple[float, int] | None = None
    for i, att in enumerate(loose):
        mid, score = match_material(att.name, emb)
        if mid is not None and mid == m.material and (best is None or score > best[0]):
            best = (score, i)
    if best is None and m.name:
        row = emb.similarity([m.name], [a.name for a in loose])[0]
        i = max(range(len(row)), key=row.__getitem__)
        if row[i] >= float(emb.floors.get("material", 1.0)):
            best = (float(row[i]), i)
    return (loose[best[1]], round(best[0], 4)) if best else (None, None)


def _is_joint(ctx: Ctx) -> bool:
    return bool(ctx.claims.partners)


def implied(ctx: Ctx) -> list[Material]:
    """Joint-application materials demanded in the text of an applicable condition or joint rule."""
    wanted = set(explain.texts().get("joint_materials", []))
    if not wanted or not _is_joint(ctx):
        return []
    vocab = lexicon.materials()
    items = [r for r in ctx.program.joint if not track_excluded(ctx, r.tracks)]
    items += [c for c in ctx.program.conditions if not inapplicable(ctx, c.applies_to, c.tracks)]
    out = []
    for item in items:
        for _, _, mid in vocab.find_all(item.text):
            if mid in wanted and mid not in {m.material for m in out}:
                out.append(Material(name=vocab.name(mid), material=mid, source=item.source))
    return out


def check_materials(ctx: Ctx) -> list[Check]:
    skip = set(explain.texts().get("not_required_of_applicant", []))
    itself = set(explain.texts().get("the_submission_itself", []))
    out: list[Check] = []
    seen: set[str] = set()
    listed = {m.material for m in ctx.program.materials}
    for m in ctx.program.materials + [m for m in implied(ctx) if m.material not in listed]:
        key = m.material or m.name
        if key in seen:
            continue
        seen.add(key)
        cid = m.id or f"mat-{key}"
        src = m.source
        cite = explain.cite(src)
        reason = inapplicable(ctx, m.applies_to, m.tracks)
        if reason:
            out.append(make(cid, "material", "not_applicable", f"{m.name}：{reason}{cite}", source=src))
            continue
        if m.generic:  # 附件材料 / 相关证明材料: guidance, not a document to look for
            out.append(make(cid, "material", "not_applicable",
                            f"{m.name}：泛指随附材料，不作为单项材料核查{cite}", source=src))
            continue
        if m.material in itself:
            att = find(ctx, m)
            out.append(make(cid, "material", "pass", f"{m.name}：即本申报材料{explain.where(att.evidence) if att else ''}",
                            source=src, evidence=att.evidence if att else []))
            continue
        if m.material in skip:
            out.append(make(cid, "material", "not_applicable",
                            f"{m.name}：由推荐单位出具，不要求申报单位提交{cite}", source=src))
            continue
        att, similar = match(ctx, m)
        if att is not None and att.found == "listed_only":
            out.append(make(cid, "material", "review",
                            f"{m.name}：仅列于清单（申报书列有“{att.name}”，文件夹中未见该文件），请核实{cite}",
                            source=src, evidence=att.evidence))
            continue
        if att is not None:
            how = {"listed": "附件清单列有", "page": "申报材料中含有", "file": "随附文件"}[att.found]
            note = "" if similar is None else explain.texts().get(
                "fuzzy_material_note", "（名称相近，置信度{confidence}，请核对）").format(confidence=f"{similar:.2f}")
            out.append(make(cid, "material", "pass", f"{m.name}：{how}“{att.name}”{note}{explain.where(att.evidence)}",
                            source=src, evidence=att.evidence))
        elif m.required:
            out.append(make(cid, "material", "missing", f"{m.name}：申报材料中未见{m.name}{cite}", source=src))
        else:
            out.append(make(cid, "material", "not_applicable", f"{m.name}：非必需材料，未提供{cite}", source=src))
    return out


def missing_names(ctx: Ctx, checks: list[Check]) -> list[str]:
    by_id = {(m.id or f"mat-{m.material or m.name}"): m.name for m in ctx.program.materials + implied(ctx)}
    return [by_id.get(c.condition_id, c.condition_id) for c in checks if c.kind == "material" and c.status == "missing"]
