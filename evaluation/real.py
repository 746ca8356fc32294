"""Real public notices: loading the hand-read gold and checking it against the text.

Why quotes are checked: gold written by reading can drift from the text (a
retyped character, a paraphrase). Every gold item quotes the notice; a quote
that is not in the file is a gold error reported with its file and item, so the
figures never rest on a label nobody can find in the source.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from models.gold import RealGuideGold

_WS = re.compile(r"\s+")
GOLD_FIELDS = ("programs", "thresholds", "dates", "exclusions", "materials", "quotas")
SPLIT_RULE = "odd file number → dev, even → heldout"


def squash(text: str) -> str:
    """Whitespace-free form used to compare quotes with the text."""
    return _WS.sub("", text)


def real_dir(corpus: Path) -> Path:
    env = os.environ.get("SHENBAO_REAL_GUIDES")
    if env:
        return Path(env)
    return corpus.resolve().parent.parent / "shared" / "real-guides"


def text_of(corpus: Path, file_name: str) -> Path:
    """Where a notice's text lives: the steering team's folder of fetched notices, or
    corpus/real/texts for notices this project fetched itself (verbatim, sources in
    its INDEX.md). The first that holds the file wins; a missing one is the shared path."""
    own = corpus / "real" / "texts" / file_name
    shared = real_dir(corpus) / file_name
    return shared if shared.exists() or not own.exists() else own


def split_of(file_name: str) -> str:
    n = int(re.match(r"(\d+)", file_name).group(1))
    return "dev" if n % 2 else "heldout"


@dataclass
class RealCase:
    gold: RealGuideGold
    path: Path
    split: str
    text: str


def check_quotes(gold: RealGuideGold, text: str) -> list[str]:
    body = squash(text)
    problems = []
    for field in GOLD_FIELDS:
        for i, item in enumerate(getattr(gold, field)):
            if squash(item.quote) not in body:
                problems.append(f"{gold.file}: {field}[{i}] quote not in text: {item.quote[:40]}")
    return problems


def read_gold(path: Path) -> RealGuideGold:
    """One gold file, validated; a malformed one is a ValueError naming the file."""
    try:
        return RealGuideGold.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, ValidationError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: {exc}") from exc


def load_real(corpus: Path, split: str = "all") -> list[RealCase]:
    """Gold files of corpus/real/gold whose text exists; an invalid gold is an error."""
    out = []
    for path in sorted((corpus / "real" / "gold").glob("*.yaml")):
        gold = read_gold(path)
        text_path = text_of(corpus, gold.file)
        if not text_path.exists():
            continue
        sp = split_of(gold.file)
        if split not in ("all", sp):
            continue
        text = text_path.read_text(encoding="utf-8")
        problems = check_quotes(gold, text)
        if problems:
            raise ValueError("\n".join(problems))
        out.append(RealCase(gold, text_path, sp, text))
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "check":
        print("usage: python -m evaluation.real check GOLD.yaml [...]")
        return 2
    bad = 0
    for name in argv[1:]:
        path = Path(name)
        try:
            gold = read_gold(path)
            text = text_of(Path("corpus"), gold.file).read_text(encoding="utf-8")
        except (ValueError, OSError) as exc:
            print(f"{path}: {exc}")
            bad += 1
            continue
        problems = check_quotes(gold, text)
        for p in problems:
            print(p)
        bad += bool(problems)
        counts = {f: len(getattr(gold, f)) for f in GOLD_FIELDS}
        print(f"{path}: {'OK' if not problems else 'PROBLEMS'} {counts}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
