"""The numbering grammar: recognise a marker, its family and its value.

A *family* is a numbering style (``一、`` and ``一．`` are one family, ``1.`` and ``2、`` are one family since
real lists mix them). Families rank by the GB/T 9704 order; a plan's levels come from the families it uses.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from planparse.text.gate import first_characters
from planparse.text.lexicon import alternation, char_class, class_body, lexicon
from planparse.text.numerals import ENCLOSED, chinese_to_int

# The words and punctuation below come from data/lexicon.toml; every pattern is built once, here.
_LEX = lexicon()
CN = _LEX.numerals.ordinal  # the numerals of markers: 一、 （十二） 第一百条
CN_NUM = f"[{class_body('numerals.ordinal')}]{{1,6}}"  # up to 一百一十一
_ONE_TO_TEN = char_class("numerals.one_to_ten")  # inline runs (一是, 第三，) and schedule months (七月份)
_COLON = char_class("colon")
SP = r"[ \t\u3000]*"

# Default rank of each family: lower is higher in the outline (GB/T 9704: 一、→（一）→1.→（1）).
RANK = {
    "chapter": -3,  # 第一章, 第一部分
    "article": -2,  # 第一条: the clauses of a rule-like plan hold its （一） lists (第N章 > 第N条 > （一）)
    "cn_legal": -1,  # 壹、 貳、 (above 一、 where both are used)
    "cn_dun": 0,  # 一、 一． 四.
    "cn_paren": 1,  # （一） (一) (一)、
    "digit": 2,  # 1、 1. 1． 1, 1 、
    "digit_paren": 3,  # （1） (1)
    "digit_half_paren": 4,  # 1)
    "latin_paren": 5,  # (a) (b): Hong Kong and English-style lists under 1.
    "circled": 6,  # ①
    "paren_enclosed": 7,  # ⑴ and [2] (seen mixed in one list)
    "decimal": 8,  # 1.1
    "shi": 10,  # inline 一是 / 二是
    "ordinal": 11,  # 第一， 第二，
    "sequence": 12,  # 首先 / 其次 / 最后
}

# Families that enumerate inside running text rather than open a line of their own.
INLINE_FAMILIES = frozenset({"shi", "ordinal", "sequence"})

# 首先 / 其次 / 最后 and the number each stands for; the patterns match exactly these words.
_SEQUENCE_WORDS = _LEX.numbering.sequence_words
_SEQUENCE = alternation(_SEQUENCE_WORDS)
# 一是否 / 一是的: 是 is a verb there, not an enumeration.
_NOT_AFTER_SHI = char_class("numbering.not_after_shi")


class Marker(NamedTuple):
    """A numbering marker found in a text (a named tuple: a parse makes one per numbered line, and a tuple is
    built several times faster than a frozen dataclass)."""

    family: str
    number: int | None
    text: str  # as written, e.g. "一、", "( 二 )", "1．", "一是"
    start: int
    end: int

    @property
    def rank(self) -> int:
        return RANK[self.family]


_LINE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"第{SP}(?P<n>{CN_NUM}|\d{{1,3}}){SP}(?:章|部分){SP}[、：:]?")),
    ("article", re.compile(rf"第{SP}(?P<n>{CN_NUM}|\d{{1,3}}){SP}条{SP}[、：:]?")),
    ("cn_legal", re.compile(rf"(?P<n>[{class_body('numerals.legal')}]{{1,3}}){SP}[、,，.．](?![\d])")),
    ("cn_paren", re.compile(rf"[（(]{SP}(?P<n>{CN_NUM}){SP}[)）]{SP}[、.．]?")),
    # 一、 一, 一， may be followed by a digit ("一、2024年工作回顾"); 一. 一． only by a year ("三．2008年的主要任务":
    # 一.5 is not numbering).
    ("cn_dun", re.compile(rf"(?P<n>{CN_NUM}){SP}(?:[、,，]|[.．](?:(?![\d])|(?=(?:19|20)\d\d\s*年)))")),
    ("decimal", re.compile(r"(?P<n>\d{1,2}[.．]\d{1,2})(?:[.．]\d{1,2})*[.．、]?(?![\d%])")),
    ("digit_paren", re.compile(rf"[（(]{SP}(?P<n>[0-9０-９]{{1,3}}){SP}[)）]{SP}[、.．]?")),
    ("digit_half_paren", re.compile(r"(?P<n>[0-9０-９]{1,2})[)）](?![\d])")),
    ("latin_paren", re.compile(rf"[（(](?P<n>[a-zA-Z])[)）]{SP}")),
    # 1、3月召开… and 4、10个教研组… are items 1 and 4 (1、2月： is a schedule label: the schedule test runs after
    # this and wins), 1、2、3 a list of numbers; 1,000 is a number, 1，8:00集合 item 1 at a time of day
    ("digit", re.compile(rf"(?P<n>[0-9０-９]{{1,3}}){SP}(?:、(?![0-9０-９]{{1,3}}[、，,])|[，,](?!\d(?!\d?[:：]\d\d))|[.．](?![\d]))")),
    ("digit", re.compile(r"(?P<n>[⒈-⒛])")),  # ⒈ ⒉: one character for "1." (Word's and WPS's numbering glyphs)
    ("circled", re.compile(r"(?P<n>[①-⑳㉑-㉟])[、.．]?")),
    ("paren_enclosed", re.compile(r"(?P<n>[⑴-⒇]|[\[【][0-9]{1,2}[\]】])")),
    ("cn_paren", re.compile(r"(?P<n>[㈠-㈩])")),
    ("shi", re.compile(rf"(?P<n>{_ONE_TO_TEN}{{1,3}})是(?!{_NOT_AFTER_SHI})")),
    ("ordinal", re.compile(rf"第(?P<n>{_ONE_TO_TEN}{{1,3}})[，,、：:]")),
    ("sequence", re.compile(rf"(?P<n>{_SEQUENCE})[，,、：:]")),
]

# A month-schedule line: "1月：", "1—2月：", "一月份…", "七、八月份：", "第一季度：", "下半年：", "三、四季度：", "第五周：".
# Words and marks from data/lexicon.toml [schedule].
_RANGE = char_class("schedule.range_marks")
_MONTH_PART = alternation(_LEX.schedule.month_parts)
_AFTER_MONTH = f"[{class_body('colon', 'comma', 'list_comma')}\\s]?"
_PERIOD_UNIT = alternation(_LEX.schedule.period_units)
_PERIOD_NUMBER = rf"(?:{_ONE_TO_TEN}{{1,3}}|[0-9０-９]{{1,2}})"
# 一季度： 三、四季度 第五周： 第六至八周： 第十二周～第十四周： (a number or a range, then the unit)
_PERIOD_COUNT = (rf"第?{_PERIOD_NUMBER}(?:{_PERIOD_UNIT})?\s*(?:{_RANGE}\s*第?{_PERIOD_NUMBER})?(?:{_PERIOD_UNIT})"
                 rf"(?:[{class_body('colon', 'comma', 'list_comma')}\s]|$)")  # not 一周内完成
SCHEDULE_PREFIX = re.compile(
    rf"(?:[0-9０-９]{{1,2}}\s*(?:{_RANGE}\s*[0-9０-９]{{1,2}}\s*)?月(?:份)?(?:{_MONTH_PART})?{_AFTER_MONTH}"
    rf"|{_ONE_TO_TEN}{{1,3}}(?:{_RANGE}{_ONE_TO_TEN}{{1,3}})?月份(?:{_MONTH_PART})?{_AFTER_MONTH}"
    rf"|{_ONE_TO_TEN}{{1,3}}月(?:{_MONTH_PART})?(?:{_COLON}|\s*$)"  # 三月 alone on its line, 三月：
    rf"|{alternation(_LEX.schedule.periods)}(?:{_COLON}|\s*$)"
    rf"|{_PERIOD_COUNT}"
    r")"
)
_RANGE_SEPARATOR = re.compile(char_class("list_comma", "comma"))  # 七、八月份 names two months
_UNIT_IN_LABEL = re.compile(f"月|{_PERIOD_UNIT}")
# A day after the month: "3月8日：" labels a day of the schedule; "1月19日，镇总工会召开…" is a date in prose.
_DAY_AFTER = re.compile(rf"\s*[0-9０-９]{{1,2}}\s*[日号](?:前|后)?\s*(?P<colon>{_COLON})?")


_NOT_AFTER_MONTH = frozenset(_LEX.schedule.not_after_month)


def schedule_prefix(text: str) -> int | None:
    """End of a schedule label at the start of ``text`` ("3月：", "一月份", "七、八月份："), or None.

    A label joined by 、 or ， names two consecutive months ("七、八月份"); "1、5月份召开…" is item 1.
    """
    m = SCHEDULE_PREFIX.match(text)
    if m is None:
        return None
    label = m.group(0)
    sep = _RANGE_SEPARATOR.search(label)
    unit = _UNIT_IN_LABEL.search(label)
    if sep is not None and unit is not None and sep.start() < unit.start():
        first = chinese_to_int(label[: sep.start()].strip().lstrip("第").removesuffix(unit.group(0)))
        second = chinese_to_int(label[sep.end() : unit.start()].strip().lstrip("第"))
        if first is None or second != first + 1:
            return None
    if label[-1] in "月份" and text[m.end() : m.end() + 1] in _NOT_AFTER_MONTH and m.end() < len(text):
        return None  # "11月是公司业务量最大的月份": the month is what the sentence is about
    day = _DAY_AFTER.match(text, m.end()) if label[-1] in "月份" else None
    if day is not None:
        return day.end() if day.group("colon") else None
    return m.end()


# An activity plan's field label: "活动时间：", "参加人员：" (the words of data/lexicon.toml [fields]).
_FIELDS = _LEX.fields
FIELD_LABEL = re.compile(
    rf"{alternation(_FIELDS.event_kinds)}?{alternation(_FIELDS.event_aspects)}{_COLON}"
    rf"|{alternation(_FIELDS.party_roles)}{alternation(_FIELDS.party_kinds)}{_COLON}"
    rf"|{alternation(_FIELDS.arrangement_owners)}{alternation(_FIELDS.arrangement_aspects)}{_COLON}"
)

# After a digit marker these mean the digits were a quantity or a date, not numbering.
_QUANTITY_AFTER = re.compile(r"[0-9]|" + char_class("units.after_digit_marker"))
_CN_FALSE = re.compile(rf"{CN_NUM}是{_NOT_AFTER_SHI}")


# Every marker starts with one of these; most paragraphs don't, and are rejected at once.
_MARKER_START = frozenset(
    CN + _LEX.numerals.legal + "0123456789０１２３４５６７８９（(第[【" + "".join(w[0] for w in _SEQUENCE_WORDS)
    + "".join(chr(c) for c in range(0x2460, 0x249C)) + "".join(chr(c) for c in range(0x3220, 0x322A))
    + "".join(chr(c) for c in range(0x3251, 0x3260))
)


# For each possible first character, the line patterns that can start with it, in _LINE_PATTERNS order (the
# others would fail at once; trying them all cost ~10 regex calls per numbered line).
_PATTERNS_BY_START: dict[str, list[tuple[str, re.Pattern]]] = {}
for _family, _pattern in _LINE_PATTERNS:
    _first = first_characters(_pattern, _MARKER_START)
    for _ch in _MARKER_START if _first is None else _first:
        _PATTERNS_BY_START.setdefault(_ch, []).append((_family, _pattern))
for _ch in _MARKER_START:
    _PATTERNS_BY_START.setdefault(_ch, [])
del _family, _pattern, _first, _ch


def _number(family: str, raw: str) -> int | None:
    if family == "paren_enclosed" and raw[0] in "[【":
        return int(raw[1:-1])
    if family == "decimal":
        return int(re.split(r"[.．]", raw)[-1])
    if family == "sequence":
        return _SEQUENCE_WORDS[raw]
    if family == "latin_paren":
        return ord(raw.lower()) - ord("a") + 1
    if len(raw) == 1 and raw in ENCLOSED:
        return ENCLOSED[raw]
    return chinese_to_int(raw)


# "1.3月召开…", "1.8:00集合…", "1．20xx年3月上旬…": item 1 in March, at eight o'clock, in a year; not the decimals
# 1.3, 1.8 and 1.20
_DATE_AFTER_DOT = re.compile(r"(?P<marker>(?P<n>[0-9]{1,2})[.．])(?:(?:1[0-2]|[1-9])月|(?:[01]?[0-9]|2[0-3])[:：][0-5][0-9]"
                             r"|(?:19|20)(?:[0-9]{2}|[xX×]{2})\s*年)")


def match_line_marker(text: str, pos: int = 0) -> Marker | None:
    """The numbering marker at ``text[pos:]`` (leading spaces skipped), or None.

    False markers are rejected here: ``201x年``, ``220kv``, ``一月份``, ``一如既往``, ``10个重点项目``.
    """
    start = pos
    while start < len(text) and text[start] in " \t\u3000":
        start += 1
    if start >= len(text) or text[start] not in _MARKER_START:
        return None
    if text[start] <= "9" and (dated := _DATE_AFTER_DOT.match(text, start)) is not None:
        return Marker("digit", int(dated.group("n")), dated.group("marker"), start, dated.end("marker"))
    for family, pattern in _PATTERNS_BY_START[text[start]]:
        match = pattern.match(text, start)
        if not match:
            continue
        end = match.end()
        if family == "shi" and _CN_FALSE.match(text, start):
            continue
        number = _number(family, match.group("n").replace(" ", ""))
        if number is None or (number > 99 and family in ("cn_dun", "cn_paren")):
            continue  # "一九五八，" is a year written digit by digit, not item 1958
        if family == "decimal" and end < len(text) and _QUANTITY_AFTER.match(text, end):
            continue  # "1.5万元" is an amount
        if family == "digit" and text[end - 1] in ",，":
            # "1," is a marker only when followed by text, not by a quantity word.
            if end < len(text) and _QUANTITY_AFTER.match(text, end):
                continue
        # Spaces after a marker belong to the marker.
        while end < len(text) and text[end] in " \t\u3000":
            end += 1
        return Marker(family, number, text[start:end].strip(), start, end)
    return None


# An inline marker follows the start, a clause's punctuation or a space (一是 also a closing bracket or quote).
_AFTER_CLAUSE = class_body("clause_end", "comma")
_INLINE_SHI = re.compile(
    rf"(?:(?<=^)|(?<=[{_AFTER_CLAUSE}{class_body('closing')}\s\]]))(?P<n>{_ONE_TO_TEN}{{1,3}})是(?!{_NOT_AFTER_SHI})"
)
_INLINE_ORDINAL = re.compile(rf"(?:(?<=^)|(?<=[{_AFTER_CLAUSE}\s]))第(?P<n>{_ONE_TO_TEN}{{1,3}})[，,、：:]")
_INLINE_SEQUENCE = re.compile(rf"(?:(?<=^)|(?<=[{_AFTER_CLAUSE}\s]))(?P<n>{_SEQUENCE})[，,、：:]?")
# Markers that open a heading or item inside running text (a document that lost its newlines).
_INLINE_LINE_START = re.compile(
    rf"(?<={char_class('clause_end')})[ \t\u3000]*(?=(?:{_ONE_TO_TEN}{{1,3}}{SP}[、．.](?!\d)|{_ONE_TO_TEN}{{1,3}}{SP}[、．.](?=(?:19|20)[0-9]{{2}}年)|[（(]{SP}{_ONE_TO_TEN}{{1,3}}{SP}[)）]|[0-9]{{1,2}}{SP}[、．.](?![\d])|[（(][0-9]{{1,2}}[)）]|(?<![0-9][:：])[0-9]{{1,2}}[)）](?![0-9])|[①-⑳⑴-⒇]))"
)


# What a text must hold for each inline family to have a member there (for the sequence family, a member
# numbered 1: a run without one is dropped below).
_SHI_CORE = re.compile(rf"{_ONE_TO_TEN}是")
_MAY_HOLD = {
    "shi": lambda text: "是" in text and _SHI_CORE.search(text) is not None,
    "ordinal": lambda text: "第" in text,
    "sequence": lambda text: any(word in text for word, n in _SEQUENCE_WORDS.items() if n == 1),
}


def find_inline_runs(text: str) -> list[Marker]:
    """Inline enumeration markers (一是…二是…, 第一，…第二，, 首先…其次…) that form real sequences.

    A lone ``一是`` inside a sentence is not an enumeration; a run needs a second member, unless the
    marker opens the text (a paragraph that starts ``二是`` continues a run across paragraphs).
    """
    if "是" not in text and "第" not in text and "首先" not in text:
        return []
    found: list[Marker] = []
    for family, pattern in (("shi", _INLINE_SHI), ("ordinal", _INLINE_ORDINAL), ("sequence", _INLINE_SEQUENCE)):
        if not _MAY_HOLD[family](text):
            continue  # the family's patterns open with a lookbehind: re would try every position for nothing
        hits = []
        for m in pattern.finditer(text):
            if family == "shi" and _CN_FALSE.match(text, m.start()):
                continue
            number = _number(family, m.group("n"))
            if number is None or number > 20:
                continue
            hits.append(Marker(family, number, m.group(0), m.start(), m.end()))
        if family == "sequence":
            # 最后/其次 are ordinary words unless 首先 opened the run.
            if not hits or hits[0].number != 1:
                continue
            hits = [h for h in hits if h.start >= hits[0].start]
        if len(hits) >= 2 or (hits and hits[0].start == 0):
            found.extend(hits)
    found.sort(key=lambda m: m.start)
    return found


# The same search with the punctuation consumed instead of looked behind at: a pattern opening with a character
# class is scanned for that class in C, one opening with a lookbehind is tried at every position. Matches
# cannot overlap (a marker never starts with sentence punctuation), so both find the same ends.
_AFTER_PUNCTUATION = f"(?<={char_class('clause_end')})"
_INLINE_LINE_START_SCAN = re.compile(char_class("clause_end") + _INLINE_LINE_START.pattern.removeprefix(_AFTER_PUNCTUATION))


def split_points_for_lost_newlines(text: str) -> list[int]:
    """Offsets where a heading or item marker follows sentence punctuation inside one block."""
    return [m.end() for m in _INLINE_LINE_START_SCAN.finditer(text)]


_ANYWHERE = re.compile(
    rf"(?P<cn_dun>{_ONE_TO_TEN}{{1,3}}、)"
    rf"|(?P<cn_paren>[（(]{_ONE_TO_TEN}{{1,3}}[)）])"
    r"|(?P<digit_paren>[（(][0-9]{1,2}[)）])"
    # 1. not before a digit (1.5), except a time, a month or a year (1.8:00集合, 1.3月召开, 1.2025年); 1、 not before
    # a list of numbers (1、2、3号楼), as at a line's start
    r"|(?P<digit>[0-9]{1,2} ?(?:[．.](?![0-9])|、(?![0-9]{1,3}[、，,])|[．.](?=(?:[01]?[0-9]|2[0-3])[:：][0-5][0-9]|(?:1[0-2]|[1-9])月"
    r"|(?:19|20)(?:[0-9]{2}|[xX×]{2})年)))"
    r"|(?P<circled>[①-⑳])"
    r"|(?P<digit_half_paren>[0-9]{1,2}[)）])"  # 1) after a clause's end only (附件1） is a reference): see below
)
# A candidate right after one of these is inside a number or an ordinal (第十一、, 2.1., 三、一、), not a marker.
_NOT_BEFORE = frozenset("第0123456789" + _LEX.numerals.ordinal + _LEX.punctuation.list_comma
                        + _LEX.punctuation.decimal_point)
# Before a Chinese numeral marker a digit ends the text before it ("…上午8:30三、活动地点"): it is no part of the number.
_NOT_BEFORE_CN = _NOT_BEFORE - frozenset("0123456789")
_NOT_NUMERAL = re.compile(f"[^0-9{class_body('numerals.one_to_ten')}]")
# A new 一、 list starts only after a clause's end, a closing bracket or quote, or a space (单一、统一、之一、 are words).
_TIME_BEFORE = re.compile(r"[0-9][:：]")
_LIST_START_AFTER = frozenset(_LEX.punctuation.clause_end + _LEX.punctuation.closing + " \u3000")


def split_points_by_continuity(text: str) -> list[int]:
    """Offsets where numbering continues a sequence inside a block that lost all its newlines.

    Markers there may follow any character ("（一）加强思想引领1、配合…"), so a candidate is accepted
    only when it starts a sequence (number 1) or continues one (the next number of its family); a
    higher-level marker restarts the deeper families.
    """
    expected: dict[str, int] = {}
    points = []
    for m in _ANYWHERE.finditer(text):
        family = m.lastgroup
        if m.start() and text[m.start() - 1] in (_NOT_BEFORE_CN if family.startswith("cn") else _NOT_BEFORE):
            continue
        raw = m.group(0)
        digits = _NOT_NUMERAL.sub("", raw)
        number = chinese_to_int(digits) if family != "circled" else ENCLOSED.get(raw)
        if m.start() == 0:  # the block's own opening marker: not a split point, but the sequence starts there
            if number is not None:
                expected[family] = number + 1
            continue
        if number is None or (number != 1 and expected.get(family) != number):
            continue
        if number == 1 and family == "cn_dun" and text[m.start() - 1] not in _LIST_START_AFTER:
            continue  # 单一、统一、之一、 are words, not a new list
        if family == "digit_half_paren" and (text[m.start() - 1] not in _LIST_START_AFTER
                                             or _TIME_BEFORE.match(text, max(0, m.start() - 2), m.start())):
            continue  # 附件1）, 见表2) refer to something, 10:22:31) is a time; a 1) item follows a clause's end
        expected[family] = number + 1
        for deeper, rank in RANK.items():
            if rank > RANK[family] and deeper in expected:
                del expected[deeper]
        points.append(m.start())
    return points
