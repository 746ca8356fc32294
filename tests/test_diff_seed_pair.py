"""The 2022 → 2026 高价值专利培育 guides: every real change, and no false one.

The expected diff (corpus/diffs/js2022_to_js2026.yaml) was checked line by
line against both guide texts; the changes the issue names carry an `issue`
note and must always be present.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from extractors.guide import extract_guide
from extractors.readers import read_document
from pipeline.schema.diff import diff_schemas

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "diffs" / "js2022_to_js2026.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["text", "docx"])
def seed_diff(request):
    ext = {"text": "source.txt", "docx": "guide.docx"}[request.param]
    old = extract_guide(read_document(CORPUS / "guides" / "js2022_140" / ext))
    new = extract_guide(read_document(CORPUS / "guides" / "js2026_hvp" / ext))
    return diff_schemas(old, new)


def _keys(items) -> Counter:
    return Counter((i["change"], i["field"], i["key"]) if isinstance(i, dict) else (i.change, i.field, i.key) for i in items)


def test_the_2022_program_is_compared_with_the_2026_one(seed_diff):
    assert seed_diff.programs == [("2022年度省高价值专利培育计划项目", "2026年省高价值专利培育计划项目")]
    assert len(seed_diff.not_compared) == 4


def test_every_change_the_issue_names_is_reported(seed_diff):
    got = _keys(seed_diff.items)
    for item in EXPECTED["items"]:
        if "issue" in item:
            assert got[(item["change"], item["field"], item["key"])] >= 1, item["issue"]


def test_exactly_the_hand_checked_changes_and_nothing_else(seed_diff):
    got, want = _keys(seed_diff.items), _keys(EXPECTED["items"])
    assert got - want == Counter(), "reported changes that did not happen"
    assert want - got == Counter(), "missed changes"


def test_unchanged_parts_are_silent(seed_diff):
    fields = {(i.field, i.key) for i in seed_diff.items}
    # the credit-commitment pledge and the 无非正常专利申请 attestation stay; implementation period stays 3 years
    assert ("attestation", "no_abnormal_patent_filing") not in fields
    assert ("implementation_years", "years") not in fields
