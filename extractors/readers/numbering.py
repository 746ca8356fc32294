"""Word auto-numbering resolved to the label a reader of the document sees.

Why: Chinese guides number their sections with Word lists (一、 （一） 1. （1）),
and that text is not in the paragraph runs. Without the label the outline
cannot find 三、申报条件 in a .docx. Counters are kept per numId and level, a
level restarting when a shallower level advances (Word's default behaviour).
"""
from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def chinese_count(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (counting style)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, zero = "", False
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                out += digits[0]
            out += ("" if (d == 1 and value == 10 and not out) else digits[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
            (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _cyclic(seq: str):
    return lambda n: seq[(n - 1) % len(seq)]


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "decimalHalfWidth": str,
    "chineseCounting": chinese_count,
    "chineseCountingThousand": chinese_count,
    "japaneseCounting": chinese_count,
    "taiwaneseCounting": chinese_count,
    "taiwaneseCountingThousand": chinese_count,
    "ideographLegalTraditional": lambda n: chinese_count(n, _LEGAL_DIGITS, "拾佰仟"),
    "chineseLegalSimplified": lambda n: chinese_count(n, _LEGAL_DIGITS, "拾佰仟"),
    "ideographDigital": lambda n: "".join(_CN_DIGITS[int(c)] for c in str(n)).replace("零", "〇"),
    "ideographTraditional": _cyclic(_TIANGAN),
    "ideographZodiac": _cyclic(_DIZHI),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})",
    "decimalEnclosedFullstop": lambda n: chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}.",
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperRoman": _roman,
    "none": lambda n: "",
}


class Numbering:
    """Resolves w:numPr of paragraphs (direct or via style) to visible labels."""

    def __init__(self, numbering_el, styles_el):
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.styles: dict[str, tuple[str | None, str | None, tuple[str | None, int | None] | None]] = {}
        if numbering_el is not None:
            self._parse_numbering(numbering_el)
        if styles_el is not None:
            self._parse_styles(styles_el)

    def _parse_numbering(self, el) -> None:
        for an in el.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in an.iter(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl", "0"))] = {
                    "start": int(_val(lvl, "start") or 1),
                    "fmt": _val(lvl, "numFmt") or "decimal",
                    "text": _val(lvl, "lvlText"),
                    "legal": lvl.find(f"{W}isLgl") is not None,
                }
            self.abstract[an.get(f"{W}abstractNumId")] = levels
        for num in el.iter(f"{W}num"):
            overrides = {}
            for ov in num.iter(f"{W}lvlOverride"):
                start = _val(ov, "startOverride")
                if start is not None:
                    overrides[int(ov.get(f"{W}ilvl", "0"))] = int(start)
            self.nums[num.get(f"{W}numId")] = (_val(num, "abstractNumId"), overrides)

    def _parse_styles(self, el) -> None:
        for st in el.iter(f"{W}style"):
            ppr = st.find(f"{W}pPr")
            num = None
            if ppr is not None and ppr.find(f"{W}numPr") is not None:
                npr = ppr.find(f"{W}numPr")
                ilvl = _val(npr, "ilvl")
                num = (_val(npr, "numId"), int(ilvl) if ilvl is not None else None)
            self.styles[st.get(f"{W}styleId")] = (_val(st, "name"), _val(st, "basedOn"), num)

    def style_name(self, style_id: str | None) -> str | None:
        return self.styles.get(style_id, (None,))[0] if style_id else None

    def _style_num(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            name, based, num = self.styles.get(style_id, (None, None, None))
            if num:
                return num
            style_id = based
        return None, None

    def label(self, p_el) -> str | None:
        """Advance the counters for this paragraph and return its label (None if unnumbered or a bullet)."""
        ppr = p_el.find(f"{W}pPr")
        num_id, ilvl = None, None
        style_id = _val(ppr, "pStyle") if ppr is not None else None
        npr = ppr.find(f"{W}numPr") if ppr is not None else None
        if npr is not None:
            num_id = _val(npr, "numId")
            lv = _val(npr, "ilvl")
            ilvl = int(lv) if lv is not None else None
        if num_id is None or ilvl is None:
            s_num, s_lvl = self._style_num(style_id)
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_lvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        ilvl = ilvl or 0
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(num_id, [None] * 10)
        current = counters[ilvl]
        counters[ilvl] = (overrides.get(ilvl, levels[ilvl]["start"]) if current is None else current + 1)
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = None
        lvl = levels[ilvl]
        if lvl["fmt"] == "bullet" or lvl["text"] is None:
            return None

        def fill(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            spec = levels.get(k, {"fmt": "decimal", "start": 1})
            n = counters[k] if counters[k] is not None else overrides.get(k, spec["start"])
            fmt = "decimal" if (lvl["legal"] and k < ilvl) else spec["fmt"]
            return FORMATS.get(fmt, str)(n)

        return re.sub(r"%([1-9])", fill, lvl["text"]).strip() or None


def _val(el, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(f"{W}{tag}")
    return child.get(f"{W}val") if child is not None else None
