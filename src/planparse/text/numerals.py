"""Chinese numerals, both directions: integers to numerals (一百零五, 壹佰零伍, 甲乙丙) and back.

Hand-written on purpose: cn2an rejects the forms plans use as markers and targets
(bare 十 inside 十二, 两, 〇, financial 壹贰, circled ①/⑴/㈠), and the parser is ~30 lines. The
formatters render Word's Chinese number formats (read/numbering) and exported markers (export); the
round trip ``chinese_to_int(chinese_counting(n)) == n`` is a property test.
"""

from __future__ import annotations

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "参": 3, "四": 4, "肆": 4, "五": 5, "伍": 5,
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
ENCLOSED.update({chr(0x32B1 + i): 36 + i for i in range(15)})  # ㊱-㊿
ENCLOSED.update({chr(0x3280 + i): 1 + i for i in range(10)})  # ㊀-㊉



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
    if len(text) > 1 and not any(ch in UNITS or ch in BIG_UNITS for ch in text):
        return _positional(text)  # digits without units read positionally: 二〇二〇, 一〇五
    total = 0  # completed 万/亿 groups
    group = 0  # value inside the current group
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and digit != 0 and DIGITS[ch] != 0:
                return None  # two digits side by side next to a unit ("十二三", "三五百") are no single number
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


# ---------------------------------------------------------------------------------------------
# Integers to numerals (Word's chineseCounting, chineseLegalSimplified, ideographDigital, ideographTraditional …)

CN_DIGITS = "〇一二三四五六七八九"
CN_UNITS = ("", "十", "百", "千")
CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CN_LEGAL_UNITS = ("", "拾", "佰", "仟")
CN_TRAD_LEGAL_DIGITS = "零壹貳參肆伍陸柒捌玖"
STEMS = "甲乙丙丁戊己庚辛壬癸"  # the ten heavenly stems
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"  # the twelve earthly branches


def _chinese_group(n: int, digits: str, units: tuple[str, ...], zero: str) -> str:
    """0 < n < 10000 with units; inner zeros collapse to one zero character (一百零五)."""
    out: list[str] = []
    pending_zero = False
    for power in (3, 2, 1, 0):
        d = (n // 10**power) % 10
        if d == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append(zero)
            pending_zero = False
        out.append(digits[d] + units[power])
    return "".join(out)


def chinese_counting(n: int, digits: str = CN_DIGITS, units: tuple[str, ...] = CN_UNITS,
                     zero: str = "零", short_ten: bool = True) -> str:
    """Chinese counting with units: 1 一, 10 十, 11 十一, 20 二十, 105 一百零五, 12000 一万二千."""
    if n <= 0:
        return digits[0] if n == 0 else str(n)
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    big_units = ("", "万", "亿", "万亿")
    parts: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            if parts and parts[-1] != zero:
                parts.append(zero)
            continue
        if parts and group < 1000 and parts[-1] != zero:
            parts.append(zero)  # 一万零五百
        parts.append(_chinese_group(group, digits, units, zero) + big_units[index % len(big_units)])
    text = "".join(parts).rstrip(zero) or digits[0]
    if short_ten and text.startswith(digits[1] + units[1]):
        text = text[1:]  # 一十二 is written 十二
    return text


def chinese_legal(n: int) -> str:
    """Financial (legal) numerals, Simplified: 12 壹拾贰, 105 壹佰零伍."""
    return chinese_counting(n, CN_LEGAL_DIGITS, CN_LEGAL_UNITS, "零", False)


def chinese_legal_traditional(n: int) -> str:
    """Financial (legal) numerals, Traditional: 12 壹拾貳, 36 參拾陸."""
    return chinese_counting(n, CN_TRAD_LEGAL_DIGITS, CN_LEGAL_UNITS, "零", False)


def chinese_digits(n: int) -> str:
    """Digit by digit, no units: 2025 二〇二五, 10 一〇."""
    return "".join(CN_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)


def _cycle(n: int, symbols: str) -> str:
    return symbols[(n - 1) % len(symbols)] if n > 0 else str(n)


def heavenly_stem(n: int) -> str:
    """1 甲, 2 乙 … 10 癸, then round again (11 甲), as Word counts ideographTraditional."""
    return _cycle(n, STEMS)


def earthly_branch(n: int) -> str:
    """1 子, 2 丑 … 12 亥, then round again, as Word counts ideographZodiac."""
    return _cycle(n, BRANCHES)
