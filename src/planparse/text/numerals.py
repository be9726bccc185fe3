"""Chinese numerals to integers.

Hand-written on purpose: cn2an rejects the forms plans use as markers and targets
(bare 十 inside 十二, 两, 〇, financial 壹贰, circled ①/⑴/㈠), and this parser is ~30 lines.
"""

from __future__ import annotations

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

# Enclosed forms used as markers: ①-⑳, ⑴-⒇, ⒈-⒛, ㈠-㈩.
ENCLOSED = {}
for _base, _count in ((0x2460, 20), (0x2474, 20), (0x2488, 20), (0x3220, 10)):
    for _i in range(_count):
        ENCLOSED[chr(_base + _i)] = _i + 1
ENCLOSED.update({chr(0x3251 + i): 21 + i for i in range(15)})  # ㉑-㉟



def chinese_to_int(text: str) -> int | None:
    """Parse a Chinese numeral ("十二", "二十", "一百零五", "两", "三万五千") or digits; None if not a number."""
    if not text:
        return None
    if len(text) == 1 and text in ENCLOSED:
        return ENCLOSED[text]
    if text.isdigit():
        try:
            return int(text)  # int() understands full-width digits too
        except ValueError:
            return None
    total = 0  # completed 万/亿 groups
    group = 0  # value inside the current group
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and digit != 0 and DIGITS[ch] != 0:
                # Digit strings without units ("二〇二五") read positionally.
                return _positional(text)
            digit = DIGITS[ch]
        elif ch in UNITS:
            group += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        elif ch in BIG_UNITS:
            group += digit or 0
            total = (total + group) * BIG_UNITS[ch] if total < BIG_UNITS[ch] else total + group * BIG_UNITS[ch]
            group, digit = 0, None
        else:
            return None
    return total + group + (digit or 0)


def _positional(text: str) -> int | None:
    value = 0
    for ch in text:
        if ch not in DIGITS:
            return None
        value = value * 10 + DIGITS[ch]
    return value
