"""统一社会信用代码 (GB 32100-2015) validation.

Why validate rather than just read: a mistyped code is common in hand-filled
forms, and the registration region that the matcher checks is read from the
code's division digits, so staff must know when those digits can't be trusted.
Problems are reported in Chinese because they go straight into the report.
"""
from __future__ import annotations

from models.claims import CreditCode

from extractors.lexicon import region_of

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Separators people type into forms; letters are never "corrected".
_FOLD = str.maketrans({"—": "", "-": "", " ": "", "\u3000": ""})


def normalize_code(code: str) -> str:
    """Upper-case, fold full-width characters, drop spaces and dashes."""
    out = []
    for ch in code.strip():
        o = ord(ch)
        if 0xFF01 <= o <= 0xFF5E:
            ch = chr(o - 0xFEE0)
        out.append(ch)
    return "".join(out).upper().translate(_FOLD)


def check_char(code17: str) -> str:
    """The 18th character for the first 17 (all in CHARSET)."""
    total = sum(_VALUE[c] * w for c, w in zip(code17, _WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def org_check_char(org8: str) -> str:
    """GB 11714 check character for the 8-character organization code body."""
    total = sum(_ORG_CHARS.index(c) * w for c, w in zip(org8, _ORG_WEIGHTS))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def validate_credit_code(code: str) -> CreditCode:
    """Check length, charset, both check characters; read the division code.

    The region is filled in even when a check fails (the division digits may
    still be right), but `valid` is False so the matcher does not rely on it.
    """
    raw = code
    code = normalize_code(code)
    problems: list[str] = []
    if len(code) != 18:
        problems.append(f"统一社会信用代码应为18位，实为{len(code)}位：{raw}")
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        problems.append(f"统一社会信用代码含非法字符：{''.join(bad)}")
    if not problems:
        expected = check_char(code[:17])
        if code[17] != expected:
            problems.append(f"统一社会信用代码校验位错误：{code}（第18位应为{expected}）")
        org = code[8:17]
        if all(c in _ORG_CHARS for c in org[:8]):
            oc = org_check_char(org[:8])
            if org[8] != oc:
                problems.append(f"统一社会信用代码中组织机构代码校验位错误：{org}（应为{oc}）")
    valid = not problems
    division = code[2:8] if len(code) >= 8 and code[2:8].isdigit() else None
    province = city = None
    if division:
        province, city = region_of(division)
        if province is None:  # an unknown division is not a check failure
            problems.append(f"统一社会信用代码行政区划码无法识别：{division}")
    return CreditCode(code=code, valid=valid, problems=problems,
                      division_code=division, province=province, city=city)
