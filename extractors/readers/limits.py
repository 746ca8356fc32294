"""The one set of limits a file must stay within before and while it is read.

Why one object: the pre-read gate, the readers and the batch options used to
carry their own constants (two different size caps); a bureau that raises a
limit raises it here, and the batch passes its options in as a `Limits`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000
    max_zip_entries: int = 5000
    max_part_bytes: int = 512 * 1024 * 1024
    max_total_bytes: int = 1024 * 1024 * 1024
    max_ratio: float = 200.0  # uncompressed/compressed, checked for parts above ratio_floor
    ratio_floor: int = 20 * 1024 * 1024
    flate_budget: int = 32 * 1024 * 1024  # compressed PDF bytes inflated during pre-parse


DEFAULT = Limits()
