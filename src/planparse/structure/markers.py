"""The numbering grammar: recognise a marker, its family and its value.

A *family* is a numbering style (``一、`` and ``一．`` are one family, ``1.`` and ``2、`` are one family since
real lists mix them). Families rank by the GB/T 9704 order; a plan's levels come from the families it uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planparse.structure.numerals import ENCLOSED, chinese_to_int

CN = "零〇一二三四五六七八九十百两"
CN_NUM = f"[{CN}]{{1,4}}"
SP = r"[ \t\u3000]*"

# Default rank of each family: lower is higher in the outline (GB/T 9704: 一、→（一）→1.→（1）).
RANK = {
    "chapter": -2,  # 第一章
    "cn_dun": 0,  # 一、 一． 四.
    "cn_paren": 1,  # （一） (一) (一)、
    "digit": 2,  # 1、 1. 1． 1, 1 、
    "digit_paren": 3,  # （1） (1)
    "digit_half_paren": 4,  # 1)
    "circled": 5,  # ①
    "paren_enclosed": 6,  # ⑴ and [2] (seen mixed in one list)
    "decimal": 7,  # 1.1
    "article": 8,  # 第一条
    "shi": 10,  # inline 一是 / 二是
    "ordinal": 11,  # 第一， 第二，
    "sequence": 12,  # 首先 / 其次 / 最后
}

# Families that enumerate inside running text rather than open a line of their own.
INLINE_FAMILIES = frozenset({"shi", "ordinal", "sequence"})

_SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3, "然后": 3, "最后": 9, "最後": 9}


@dataclass(frozen=True)
class Marker:
    family: str
    number: int | None
    text: str  # as written, e.g. "一、", "( 二 )", "1．", "一是"
    start: int
    end: int

    @property
    def rank(self) -> int:
        return RANK[self.family]


_LINE_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("chapter", re.compile(rf"第{SP}(?P<n>{CN_NUM}|\d{{1,3}}){SP}章{SP}[、：:]?")),
    ("article", re.compile(rf"第{SP}(?P<n>{CN_NUM}|\d{{1,3}}){SP}条{SP}[、：:]?")),
    ("cn_paren", re.compile(rf"[（(]{SP}(?P<n>{CN_NUM}){SP}[)）]{SP}[、.．]?")),
    ("cn_dun", re.compile(rf"(?P<n>{CN_NUM}){SP}[、.．](?![\d])")),
    ("decimal", re.compile(r"(?P<n>\d{1,2}[.．]\d{1,2})(?:[.．]\d{1,2})*[.．、]?(?![\d%])")),
    ("digit_paren", re.compile(rf"[（(]{SP}(?P<n>[0-9０-９]{{1,2}}){SP}[)）]{SP}[、.．]?")),
    ("digit_half_paren", re.compile(r"(?P<n>[0-9０-９]{1,2})[)）](?![\d])")),
    ("digit", re.compile(rf"(?P<n>[0-9０-９]{{1,2}}){SP}(?:[、，,](?!\d)|[.．](?![\d]))")),
    ("circled", re.compile(r"(?P<n>[①-⑳㉑-㉟])[、.．]?")),
    ("paren_enclosed", re.compile(r"(?P<n>[⑴-⒇]|[\[【][0-9]{1,2}[\]】])")),
    ("cn_paren", re.compile(r"(?P<n>[㈠-㈩])")),
    ("shi", re.compile(rf"(?P<n>[一二三四五六七八九十]{{1,3}})是(?![否的])")),
    ("ordinal", re.compile(rf"第(?P<n>[一二三四五六七八九十]{{1,3}})[，,、：:]")),
    ("sequence", re.compile(r"(?P<n>首先|其次|再次|最后|最後)[，,、：:]")),
]

# After a digit marker these mean the digits were a quantity or a date, not numbering.
_QUANTITY_AFTER = re.compile(r"[0-9]|[个名家项次场期年月日号人册元万千百%％kK]")
_CN_FALSE = re.compile(rf"{CN_NUM}(?:是否|是的)")


def _number(family: str, raw: str) -> int | None:
    if family == "paren_enclosed" and raw[0] in "[【":
        return int(raw[1:-1])
    if family == "decimal":
        return int(re.split(r"[.．]", raw)[-1])
    if family == "sequence":
        return _SEQUENCE_WORDS[raw]
    if len(raw) == 1 and raw in ENCLOSED:
        return ENCLOSED[raw]
    return chinese_to_int(raw)


def match_line_marker(text: str, pos: int = 0) -> Marker | None:
    """The numbering marker at ``text[pos:]`` (leading spaces skipped), or None.

    False markers are rejected here: ``201x年``, ``220kv``, ``一月份``, ``一如既往``, ``10个重点项目``.
    """
    m = re.compile(SP).match(text, pos)
    start = m.end() if m else pos
    if start >= len(text):
        return None
    for family, pattern in _LINE_PATTERNS:
        match = pattern.match(text, start)
        if not match:
            continue
        end = match.end()
        if family == "shi" and _CN_FALSE.match(text, start):
            continue
        number = _number(family, match.group("n").replace(" ", ""))
        if number is None:
            continue
        if family == "decimal" and end < len(text) and _QUANTITY_AFTER.match(text, end):
            continue  # "1.5万元" is an amount
        if family == "digit" and text[end - 1] in ",，":
            # "1," is a marker only when followed by text, not by a quantity word.
            if end < len(text) and _QUANTITY_AFTER.match(text, end):
                continue
        # Spaces after a marker belong to the marker.
        trail = re.compile(SP).match(text, end)
        end = trail.end() if trail else end
        return Marker(family, number, text[start:end].strip(), start, end)
    return None


_INLINE_SHI = re.compile(rf"(?:(?<=^)|(?<=[。；;：:，,！!？?）)\s\]】”]))(?P<n>[一二三四五六七八九十]{{1,3}})是(?![否的])")
_INLINE_ORDINAL = re.compile(rf"(?:(?<=^)|(?<=[。；;：:，,！!？?\s]))第(?P<n>[一二三四五六七八九十]{{1,3}})[，,、：:]")
_INLINE_SEQUENCE = re.compile(r"(?:(?<=^)|(?<=[。；;：:，,！!？?\s]))(?P<n>首先|其次|再次|最后|最後)[，,、：:]?")
# Markers that open a heading or item inside running text (a document that lost its newlines).
_INLINE_LINE_START = re.compile(
    rf"(?<=[。！？!?；;：:])[ \t\u3000]*(?=(?:[一二三四五六七八九十]{{1,3}}{SP}[、．.](?!\d)|[（(]{SP}[一二三四五六七八九十]{{1,3}}{SP}[)）]|[0-9]{{1,2}}{SP}[、．.](?![\d])|[（(][0-9]{{1,2}}[)）]|[①-⑳⑴-⒇]))"
)


def find_inline_runs(text: str) -> list[Marker]:
    """Inline enumeration markers (一是…二是…, 第一，…第二，, 首先…其次…) that form real sequences.

    A lone ``一是`` inside a sentence is not an enumeration; a run needs a second member, unless the
    marker opens the text (a paragraph that starts ``二是`` continues a run across paragraphs).
    """
    found: list[Marker] = []
    for family, pattern in (("shi", _INLINE_SHI), ("ordinal", _INLINE_ORDINAL), ("sequence", _INLINE_SEQUENCE)):
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


def split_points_for_lost_newlines(text: str) -> list[int]:
    """Offsets where a heading or item marker follows sentence punctuation inside one block."""
    return [m.end() for m in _INLINE_LINE_START.finditer(text)]
