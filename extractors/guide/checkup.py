"""Is the extracted schema usable, and was the document a guide at all?

Why: a schema with no condition, or an application passed as `--guide`, used to
screen every submission as 符合条件 — an answer that looks right and is not. So
the document's own wording decides whether it reads like a guide (words in
data/guide_terms.yaml `document_kind`), a schema without any checkable item is
refused, and a guide without conditions or deadlines says so in its warnings.
"""
from __future__ import annotations

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
