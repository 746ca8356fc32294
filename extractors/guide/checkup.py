"""Is the extracted schema usable, and was the document a guide at all?

Why: a schema with no condition, or an application passed as `--guide`, used to
screen every submission as 符合条件 — an answer that looks right and is not. So
the document's own wording decides whether it reads like a guide (words in
data/guide_terms.yaml `document_kind`), a schema without any checkable item is
refused, and a guide without conditions or deadlines says so in its warnings.
"""
from __future__ import annotations

import re

from extractors.guide.text import terms
from models.document import Document
from models.schema import GuideSchema


class NotAGuideError(ValueError):
    """The document cannot serve as a guide; `message` says what it looks like and what to do."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _distinct(text: str, words: list[str]) -> list[str]:
    return [w for w in words if w in text]


def document_kind(doc: Document) -> tuple[str, list[str]]:
    """('application' | 'guide', the words that decided)."""
    k = terms().get("document_kind") or {}
    app = _distinct(doc.text, k.get("application_words", []))
    guide = _distinct(doc.text, k.get("guide_words", []))
    if len(app) >= int(k.get("application_min", 3)) and len(app) > len(guide):
        return "application", app
    return "guide", guide


def checkable_items(schema: GuideSchema) -> int:
    return sum(len(p.conditions) + len(p.exclusions) + len(p.materials) + len(p.deadlines) for p in schema.programs)


def mark_generic_materials(schema: GuideSchema) -> None:
    """附件材料 / 相关证明材料 name no document: marked generic (guidance, never checked)."""
    from extractors import lexicon

    entries = lexicon.materials().entries
    generic = {a for e in entries.values() if e.extra.get("generic") for a in (e.name, *e.aliases)}
    for p in schema.programs:
        for m in p.materials:
            # only the bare phrase is generic: 科技成果转化证明材料 names a document
            bare = re.sub(r"^(?:需提供的|需要提供的|提供的|其他|其它|相关|有关|的)+", "", m.name.strip())
            if m.name in generic or bare in generic:
                m.generic = True
                m.required = False


def drop_cited_documents(schema: GuideSchema) -> None:
    """`根据《…光伏项目建设实施方案》…`: a document named as the basis of the notice is not
    a material; a material whose name stands only inside such a citation is dropped, as is
    a "material" that only names copies and formats (1份纸质件、电子版)."""
    cites = (terms().get("sweep") or {}).get("citing_words", [])
    doc_no = r"(?:\s*[（(][^（）()]{0,30}[）)])?"
    pattern = re.compile("(?:" + "|".join(map(re.escape, cites)) + r")[^，。；《]{0,6}《[^《》]*》" + doc_no
                         + r"(?:[、及和与]《[^《》]*》" + doc_no + ")*")
    formats = (terms().get("sweep") or {}).get("material_format_words", [])
    only_format = re.compile(r"[\d一二两三四五六七八九十份、，,及和与]*(?:" + "|".join(map(re.escape, formats))
                             + r")?[\d份、，,]*(?:[、，,及和与]*(?:与纸质件一致的)?(?:" + "|".join(map(re.escape, formats)) + "))*")
    for p in schema.programs:
        keep = []
        for m in p.materials:
            quote = m.source.quote if m.source else ""
            cited = [x.span() for x in pattern.finditer(quote)]
            at = [i for i in range(len(quote)) if quote.startswith(m.name, i)]
            if at and cited and all(any(a <= i < b for a, b in cited) for i in at):
                continue
            if only_format.fullmatch(m.name.strip("；;。 ")):
                continue  # 1份纸质件、与纸质件一致的电子版: how many and in what form, no document
            keep.append(m)
        p.materials = keep


def add_coverage_warnings(schema: GuideSchema) -> None:
    """A guide with no condition or no deadline says so (terminal, review page, YAML)."""
    if schema.programs and not any(p.conditions for p in schema.programs):
        schema.warnings.append("未识别出任何申报条件：请对照原文核对，必要时在 YAML 中手工补充。")
    if schema.programs and not any(p.deadlines for p in schema.programs):
        schema.warnings.append("未识别出申报截止时间：原文可能未写明，或写法未能识别，请人工核对。")


def check_guide(doc: Document | None, schema: GuideSchema) -> None:
    """Raises NotAGuideError when the document reads like an application or the schema
    holds nothing to check; screening against it would pass everyone."""
    if doc is not None:
        kind, words = document_kind(doc)
        if kind == "application":
            raise NotAGuideError(
                f"该文件看起来是申报书而不是申报指南（含“{'”“'.join(words[:4])}”等申报书用语）："
                "请用 --guide 指定申报指南或已保存的要求文件（.yaml/.json）。", "not_a_guide")
    if checkable_items(schema) == 0:
        raise NotAGuideError(
            "从该指南中没有识别出任何可检查的要求（条件、限制情形、材料、截止时间均为空）："
            "请确认文件是申报指南；如格式特殊，可先用 shenbao guide 导出 YAML，补充后再用 --guide 指定该 YAML。",
            "empty_schema")
