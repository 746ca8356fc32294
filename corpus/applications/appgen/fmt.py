"""How applicants write numbers and dates: 万元/亿元/元, thousands separators,
Chinese numerals. Every writer returns the text exactly as it appears in the
document, so the gold `original` and quotes are the written form."""
from __future__ import annotations

from datetime import date

DIGITS = "零一二三四五六七八九"


def cn_int(n: int) -> str:
    """126 → 一百二十六, 12 → 十二, 105 → 一百零五 (n < 10000)."""
    if n == 0:
        return "零"
    units = [(1000, "千"), (100, "百"), (10, "十")]
    out, zero = "", False
    for size, name in units:
        d, n = divmod(n, size)
        if d:
            if zero:
                out += "零"
                zero = False
            out += ("" if (size == 10 and d == 1 and not out) else DIGITS[d]) + name
        elif out:
            zero = True
    if n:
        if zero:
            out += "零"
        out += DIGITS[n]
    return out


def trim(x: float, places: int = 2) -> str:
    s = f"{x:.{places}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def sep(x: float, places: int = 2) -> str:
    return f"{x:,.{places}f}"


def money(wan: float, unit: str, style: str = "plain") -> str:
    """A 万元 amount written in `unit` (万元, 元, 亿元), with the unit suffix."""
    if unit == "亿元":
        if abs(wan / 100 - round(wan / 100)) > 1e-6:  # not a whole 百万: 亿元 would need 6 decimals
            return (sep(wan) if style == "sep" else trim(wan)) + "万元"
        return trim(wan / 10000, 4) + "亿元"
    if unit == "元":
        yuan = round(wan * 10000)
        return (f"{yuan:,}" if style == "sep" else str(yuan)) + "元"
    return (sep(wan) if style == "sep" else trim(wan)) + "万元"


def money_cell(wan: float, unit: str, style: str = "plain") -> str:
    """Value for a table cell whose header carries the unit."""
    if unit == "元":
        yuan = round(wan * 10000)
        return f"{yuan:,}.00" if style == "sep" else f"{yuan}"
    if unit == "亿元":
        return trim(wan / 10000, 4)
    return sep(wan) if style == "sep" else f"{wan:.2f}"


def count(n: int, cn: bool) -> str:
    return cn_int(n) if cn else str(n)


def cn_date(d: date, pad: bool = False) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日" if pad else f"{d.year}年{d.month}月{d.day}日"


def slash_date(d: date) -> str:
    return f"{d.year}/{d.month:02d}/{d.day:02d}"


def qian_cell(wan: float, style: str = "plain") -> str:
    """A 万元 amount written in 千元 (one decimal: amounts are whole 100元)."""
    q = round(wan * 10, 1)
    return f"{q:,.1f}" if style == "sep" else f"{q:.1f}"


def dot_date(d: date) -> str:
    return f"{d.year}.{d.month:02d}.{d.day:02d}"


def month_only(d: date) -> str:
    """2023年6月: no day stated, so no submission date in the gold."""
    return f"{d.year}年{d.month}月"


def cn_digits_date(d: date) -> str:
    """二〇二三年六月十八日 (year digit by digit, month and day as numbers)."""
    y = "".join("〇一二三四五六七八九"[int(c)] for c in str(d.year))
    return f"{y}年{cn_int(d.month)}月{cn_int(d.day)}日"
