"""Unified social credit codes (GB 32100-2015) with their embedded organization
code (GB 11714), so the corpus carries valid codes for the right region and a
few deliberately broken ones for the warning scenarios."""
from __future__ import annotations

import random

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def org_check(body: str) -> str:
    """GB 11714 check digit for the 8-char organization code body."""
    def val(ch: str) -> int:
        return int(ch) if ch.isdigit() else ord(ch) - 55
    c = 11 - sum(val(ch) * w for ch, w in zip(body, ORG_WEIGHTS)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def credit_check(first17: str) -> str:
    s = sum(CHARSET.index(ch) * w for ch, w in zip(first17, WEIGHTS))
    return CHARSET[(31 - s % 31) % 31]


def make_code(rng: random.Random, division: str, authority: str = "9", category: str = "1") -> str:
    body_chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "".join(rng.choice("0123456789") for _ in range(2)) + "".join(rng.choice(body_chars) for _ in range(6))
    org = body + org_check(body)
    first17 = authority + category + division + org
    return first17 + credit_check(first17)


def break_check(code: str) -> str:
    """Same code with a wrong final check character."""
    good = code[17]
    bad = CHARSET[(CHARSET.index(good) + 7) % 31]
    return code[:17] + bad


def break_org(code: str) -> str:
    """A code whose embedded organization-code digit is wrong but whose final
    check character is recomputed (only the GB 11714 check fails)."""
    org = code[8:17]
    good = org[8]
    choices = [c for c in "0123456789X" if c != good]
    bad = choices[(ord(org[0]) + ord(org[1])) % len(choices)]
    first17 = code[:16] + bad
    return first17 + credit_check(first17)


def problems(code: str) -> list[str]:
    """Problems a careful reader would note (Chinese, for staff)."""
    out: list[str] = []
    if len(code) != 18 or any(c not in CHARSET for c in code):
        return ["统一社会信用代码格式错误（应为18位数字或大写字母）"]
    if org_check(code[8:16]) != code[16]:
        out.append(f"组织机构代码校验位错误：第17位应为{org_check(code[8:16])}")
    want = credit_check(code[:17])
    if want != code[17]:
        out.append(f"统一社会信用代码校验位错误：第18位应为{want}")
    return out
