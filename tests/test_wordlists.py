"""The word lists regular expressions are built around (extractors/data/wordlists.yaml, issue 17.5).

Why: a list name is a string, so a typo would silently match nothing, and a list
no code reads any more is vocabulary staff would edit in vain. The loader refuses
an unknown name; every list in the file must be read by some module's code.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors import lexicon

ROOT = Path(__file__).resolve().parent.parent


def test_unknown_list_is_refused():
    with pytest.raises(KeyError, match="no_such_list"):
        lexicon.words("no_such_list")
    with pytest.raises(KeyError):
        lexicon.alternation("no_such_list")
    with pytest.raises(KeyError):
        lexicon.word_map("no_such_list")


def test_alternation_keeps_order_and_escapes():
    words = lexicon.words("tranche_words")
    assert lexicon.alternation("tranche_words") == "|".join(words) == "拨付|分期|分两次|分两期"
    assert lexicon.alternation("label_units").split("|")[:4] == ["亿元", "万元", "千元", "元"]
    assert re.fullmatch(lexicon.alternation("list_separators"), ",")  # punctuation is matched literally


def test_every_list_is_used_by_code():
    source = "\n".join(p.read_text(encoding="utf-8") for pkg in ("extractors", "pipeline")
                       for p in (ROOT / pkg).rglob("*.py"))
    used = set(re.findall(r"""lexicon\.(?:words|alternation|word_map)\(\s*["']([a-z_]+)["']""", source))
    names = lexicon.wordlist_names()
    assert names, "wordlists.yaml is empty"
    assert len(names) == len(set(names))
    assert sorted(set(names) - used) == [], "lists no code reads (dead vocabulary)"
    assert sorted(used - set(names)) == [], "lists code reads that the file does not define"


def test_lists_are_nonempty_words():
    for name in lexicon.wordlist_names():
        ws = lexicon.words(name)
        assert ws and all(isinstance(w, str) and w for w in ws), name
        assert len(ws) == len(set(ws)), f"{name} repeats a word"
