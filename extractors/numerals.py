"""One written number read as a value: 3.5, 1,000, ３．５, 十五, 一百二十, 两, 二〇二二, 百分之四十.

Why a module of its own: dates need it (二〇二二年三月十五日, 近三年) and numbers need
dates (a date is masked before its digits are read as quantities). Reading a
numeral is the piece both share, so it lives here and neither of them imports
the other.
"""
from __future__ import annotations

import re

# length-preserving fold: full-width digits/punctuation -> ASCII
FOLD = str.maketrans("０１２３４５６７８９．，％：∶（）－～", "0123456789.,%::()-~")

CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5,
             "陆": 6, "柒": 7, "捌": 8, "玖": 9}
CN_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)

ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _parse_cn_int(s: str) -> int | None:
    if not s:
        return None
    if all(c in CN_DIGITS for c in s):
        # 二〇二二 is read digit by digit; a lone digit is itself
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total, section, digit = 0, 0, None
    last_small = 10_000
    for c in s:
        if c in CN_DIGITS:
            if digit is not None and digit != 0 and CN_DIGITS[c] != 0:
                return None  # 十四五: two digits in a row is not a number
            digit = CN_DIGITS[c]
        elif c in CN_SMALL:
            mult = CN_SMALL[c]
            if mult >= last_small:
                return None
            section += (1 if digit is None else digit) * mult
            digit, last_small = None, mult
        elif c in CN_BIG:
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * CN_BIG[c] if c == "亿" else total + section * CN_BIG[c]
            section, digit, last_small = 0, None, 10_000
        else:
            return None
    return total + section + (digit or 0)


def parse_number(s: str) -> float | None:
    """'3.5', '1,000', '３．５', '十五', '一百二十', '两', '二〇二二', '百分之四十' -> float.

    A trailing 万/亿 multiplies ('1.2万' -> 12000); units are the caller's business.
    """
    s = s.strip().translate(FOLD).replace(" ", "")
    if not s:
        return None
    if s.startswith("百分之"):
        return parse_number(s[3:])
    mult = 1.0
    if len(s) > 1 and s[-1] in CN_BIG and (s[-2].isdigit() or s[-2] in CN_BIG):
        mult, s = CN_BIG[s[-1]], s[:-1]
    if re.fullmatch(ARABIC, s):
        return float(s.replace(",", "")) * mult
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = _parse_cn_int(whole) if whole else 0
        if w is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return float(f"{w}.{''.join(str(CN_DIGITS[c]) for c in frac)}") * mult
    v = _parse_cn_int(s)
    if v is None:
        try:  # cn2an knows rarer forms; it raises on what it cannot read
            import cn2an
            v = cn2an.cn2an(s, "normal")
        except Exception:
            return None
    return float(v) * mult
