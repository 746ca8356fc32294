"""One YAML scalar as the schema files write it (pipeline.schema.yaml_io's emitter).

Why its own module: a cached `shenbao guide --format yaml` (pipeline.cli_fast) writes
the guide file's path into a stored rendition with exactly this function, without
importing pydantic and the models that yaml_io needs for everything else.
"""
from __future__ import annotations

import yaml

__all__ = ["scalar", "breaks", "reload", "printable", "BIG", "LINE_BREAKS"]

BIG = 10**9
LINE_BREAKS = "\r\n\x85\u2028\u2029"


def scalar(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)  # 2000 not 2000.0; pydantic turns it back into 2000.0
    text = yaml.safe_dump(value, allow_unicode=True, width=BIG, default_flow_style=True)
    if text.endswith("\n...\n"):
        text = text[:-5]
    text = text.rstrip("\n")
    if "\n" in text or (isinstance(value, str) and (breaks(value) or reload(text) != value)):
        # line breaks (also NEL, U+2028) and odd characters: one escaped double-quoted line
        text = yaml.safe_dump(value, allow_unicode=True, width=BIG, default_style='"').rstrip("\n")
    return text


def breaks(value: str) -> bool:
    return any(ch in LINE_BREAKS or not printable(ch) for ch in value)


def reload(text: str):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def printable(ch: str) -> bool:
    return ch == "\t" or "\x20" <= ch <= "\x7e" or "\xa0" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" and ch != "\ufeff" \
        or "\U00010000" <= ch <= "\U0010ffff"
