"""Render Word's automatic numbering (numbering.xml) the way Word shows it.

Word keeps list numbers out of the paragraph text: a paragraph only says "list 3, level 1", and the
number ("一、", "（二）", "1.2") is computed from numbering.xml and the paragraphs before it. Every
Python reader we measured drops or mangles these numbers, so this module is written by hand over lxml.

Rules implemented (ECMA-376 Part 1, §17.9):
- ``w:abstractNum`` holds the level definitions; ``w:num`` instances point at one and may override
  levels (``w:lvlOverride`` with ``w:startOverride`` and/or a whole ``w:lvl``).
- Instances of one abstractNum share one set of counters, as in Word. An instance with a
  ``startOverride`` for a level restarts that shared counter at the override, once: on its first
  paragraph at that level. After it every instance of the list, itself included, carries on from
  there, and a level restarted by a higher one starts again at the level's own ``w:start``
  (pandoc issue #8367 has Word's output for the style-continued case; LibreOffice 7.4 renders the
  same numbers, see tests/test_docx_archives.py).
- ``w:numStyleLink`` is followed to the list style's real definition.
- A level restarts after any higher level is used, unless ``w:lvlRestart`` says otherwise (0 = never).
- ``w:lvlText`` is a template: ``%N`` is replaced by level N's current value in level N's format;
  ``w:isLgl`` forces every ``%N`` of that level to decimal.
- ``w:suff`` (tab/space/nothing) is the separator after the label; it is reported, not put in it.

A .docx is untrusted: a few bytes of numbering.xml can ask for a label of 10^13 letters or a template
rendered for every paragraph. Every such size is capped here by construction (MAX_START,
MAX_LETTER_REPEAT, MAX_LVL_TEXT, MAX_LABEL_CHARS below), so a label costs at most a few hundred
characters whatever the file says; what a cap hides is named once in ``Numbering.warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planparse.messages import say
from planparse.text.numerals import (
    chinese_counting,
    chinese_digits,
    chinese_legal,
    chinese_legal_traditional,
    earthly_branch,
    heavenly_stem,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_VAL = w("val")
MAX_LEVELS = 9

# Budgets for hostile numbering definitions (real documents stay far below each of them).
# Start values (w:start, w:startOverride) are clamped to 0..MAX_START: Word's own "Start at" box stops
# at 32767. A counter then grows by one per numbered paragraph, so it stays below MAX_START plus the
# paragraph count (a few million at most), and no value ever needs more than a handful of digits.
MAX_START = 32_767
# lowerLetter/upperLetter repeat one letter per 26 (27 → aa): beyond 30 repeats (value 780) the number
# is shown in decimal instead, so a letter label is at most 30 characters.
MAX_LETTER_REPEAT = 30
# A w:lvlText template longer than this (real ones are "%1、" or "第%1章") shows no number at all:
# it would be copied into every numbered paragraph.
MAX_LVL_TEXT = 256
# A rendered label longer than this is dropped (e.g. 100 placeholders of 30 letters each).
MAX_LABEL_CHARS = 256

# ---------------------------------------------------------------------------------------------
# Number formats. Hand-written: no maintained Python library renders OOXML numFmt values, and each
# format is a few lines. The Chinese ones live with the parser in planparse.text.numerals.


def _letters(n: int, alphabet: str) -> str:
    # Word repeats the letter: 27 → aa, 53 → aaa. Past MAX_LETTER_REPEAT letters: decimal (bounded size).
    if n <= 0 or (n - 1) // 26 + 1 > MAX_LETTER_REPEAT:
        return str(n)
    return alphabet[(n - 1) % 26] * ((n - 1) // 26 + 1)


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _enclosed(n: int, ranges: tuple[tuple[int, int, int], ...], fallback: str) -> str:
    for low, high, base in ranges:
        if low <= n <= high:
            return chr(base + n - low)
    return fallback.format(n)


FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")

FORMATTERS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}" if 0 <= n < 10 else str(n),
    "decimalFullWidth": lambda n: str(n).translate(FULL_WIDTH_DIGITS),
    "decimalFullWidth2": lambda n: str(n).translate(FULL_WIDTH_DIGITS),
    "decimalHalfWidth": str,
    # ①-⑳ then ㉑-㉟ and ㊱-㊿ exist in Unicode; above 50 plain digits.
    "decimalEnclosedCircle": lambda n: _enclosed(n, ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1)), "{}"),
    "decimalEnclosedCircleChinese": lambda n: _enclosed(n, ((1, 20, 0x2460),), "{}"),
    "decimalEnclosedParen": lambda n: _enclosed(n, ((1, 20, 0x2474),), "({})"),
    "decimalEnclosedFullstop": lambda n: _enclosed(n, ((1, 20, 0x2488),), "{}."),
    "ideographEnclosedCircle": lambda n: _enclosed(n, ((1, 10, 0x3280),), "{}"),
    "ideographParenthesized": lambda n: _enclosed(n, ((1, 10, 0x3220),), "({})"),
    "lowerLetter": lambda n: _letters(n, "abcdefghijklmnopqrstuvwxyz"),
    "upperLetter": lambda n: _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "taiwaneseCountingThousand": chinese_counting,
    "chineseLegalSimplified": chinese_legal,
    "japaneseLegal": chinese_legal_traditional,
    "ideographLegalTraditional": chinese_legal_traditional,
    "ideographDigital": chinese_digits,
    "taiwaneseDigital": chinese_digits,
    "ideographTraditional": heavenly_stem,
    "ideographZodiac": earthly_branch,
    "none": lambda n: "",
    "bullet": lambda n: "",  # a bullet level quoted by another level's %N shows nothing
}

# Bullets in Symbol/Wingdings fonts sit in the private use area; show the character Word draws.
PUA_BULLETS = {
    "\uf0b7": "•", "\uf06c": "●", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓",
    "\uf06e": "■", "\uf0a8": "◆", "\uf075": "◆", "\uf0b2": "◇", "\uf06f": "□", "\uf0d2": "◎",
}


def format_number(value: int, fmt: str) -> str | None:
    """Render one counter value; None when the format is unknown."""
    formatter = FORMATTERS.get(fmt)
    return formatter(value) if formatter else None


# ---------------------------------------------------------------------------------------------
# Definitions


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None  # w:lvlRestart: restart after levels < this (1-based); 0 = never
    is_legal: bool = False
    suffix: str = "tab"
    style_id: str | None = None  # w:pStyle: the paragraph style linked to this level


@dataclass
class NumInstance:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


@dataclass
class Label:
    """A rendered number: ``text`` as Word shows it ("一、", "（二）", "1.2"); ``suffix`` is the separator."""

    text: str
    suffix: str
    fmt: str
    value: int
    level: int


_PLACEHOLDER = re.compile(r"%([1-9])")


def _int(value: str | None, default: int | None = None) -> int | None:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return default


def _start_value(value: str | None) -> int:
    """A w:start / w:startOverride value clamped to 0..MAX_START (absent or unreadable: 1).

    Digits beyond the clamp are never converted: a 4,300-digit value would overflow int→str later.
    """
    if value is None:
        return 1
    text = value.strip()
    digits = text.lstrip("+-")
    if not digits.isascii() or not digits.isdigit():
        return 1
    if text.startswith("-"):
        return 0
    if len(digits.lstrip("0")) > len(str(MAX_START)):
        return MAX_START
    return min(int(digits), MAX_START)


def _on(element) -> bool:
    """OOXML on/off property: present means on unless val is false/0/off."""
    if element is None:
        return False
    return element.get(W_VAL, "true").lower() not in ("false", "0", "off")


def _child(element, tag: str):
    """A child, also looking into mc:AlternateContent's Fallback (Word 2010 writes custom numFmt there)."""
    found = element.find(w(tag))
    if found is not None:
        return found
    for alternate in element.iterfind(f"{{{MC_NS}}}AlternateContent"):
        found = alternate.find(f"{{{MC_NS}}}Fallback/{w(tag)}")
        if found is not None:
            return found
    return None


def restart_after_level(level: Level | None, ilvl: int) -> int:
    """Level ``ilvl`` restarts when a level with index below the returned value is used.

    w:lvlRestart is 1-based ("restart after level N or any higher level", as Word applies it); 0 never
    restarts; absent, or pointing at this level or a deeper one, means the level just above. Word ignores
    lvlRestart inside a w:lvlOverride, so callers pass the abstractNum's level.
    """
    if level is None or level.restart is None or level.restart > ilvl:
        return ilvl
    return level.restart


def parse_level(element) -> Level:
    level = Level()
    start = element.find(w("start"))
    level.start = _start_value(start.get(W_VAL) if start is not None else None)
    fmt = _child(element, "numFmt")
    if fmt is not None:
        level.fmt = fmt.get(W_VAL, "decimal")
    text = element.find(w("lvlText"))
    if text is not None:
        level.text = text.get(W_VAL, "")
    restart = element.find(w("lvlRestart"))
    if restart is not None:
        level.restart = _int(restart.get(W_VAL))
    level.is_legal = _on(element.find(w("isLgl")))
    suffix = element.find(w("suff"))
    if suffix is not None:
        level.suffix = suffix.get(W_VAL, "tab")
    style = element.find(w("pStyle"))
    if style is not None:
        level.style_id = style.get(W_VAL)
    return level


class Numbering:
    """Definitions from numbering.xml plus the running counters of one document.

    ``next_label(num_id, ilvl)`` must be called once per numbered paragraph, in document order.
    """

    def __init__(self, numbering_root=None, style_num_ids: dict[str, str] | None = None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.abstract_style_links: dict[str, str] = {}
        self.nums: dict[str, NumInstance] = {}
        self.warnings: list[str] = []
        self._warned_formats: set[str] = set()
        # numbering style id -> numId, to follow w:numStyleLink
        self._style_num_ids = style_num_ids or {}
        self._counters: dict[str, list[int | None]] = {}  # abstractNum id → counter per level
        self._restarted: set[tuple[str, int]] = set()  # (numId, level) whose startOverride has been applied
        self._resolved: dict[str, tuple[str, NumInstance] | None] = {}
        self._link_targets: dict[str, str] = {}  # abstractNum id → where its numStyleLink chain ends
        if numbering_root is not None:
            self._load(numbering_root)

    def _load(self, root) -> None:
        for abstract in root.iterfind(w("abstractNum")):
            abstract_id = abstract.get(w("abstractNumId"))
            if abstract_id is None:
                continue
            levels = {}
            for lvl in abstract.iterfind(w("lvl")):
                ilvl = _int(lvl.get(w("ilvl")), 0)
                if 0 <= ilvl < MAX_LEVELS:
                    levels[ilvl] = parse_level(lvl)
            self.abstracts[abstract_id] = levels
            link = abstract.find(w("numStyleLink"))
            if link is not None and link.get(W_VAL):
                self.abstract_style_links[abstract_id] = link.get(W_VAL)
        for num in root.iterfind(w("num")):
            num_id = num.get(w("numId"))
            ref = num.find(w("abstractNumId"))
            if num_id is None or ref is None or ref.get(W_VAL) is None:
                continue
            instance = NumInstance(ref.get(W_VAL))
            for override in num.iterfind(w("lvlOverride")):
                ilvl = _int(override.get(w("ilvl")), 0)
                start = override.find(w("startOverride"))
                if start is not None:
                    instance.start_overrides[ilvl] = _start_value(start.get(W_VAL))
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    instance.level_overrides[ilvl] = parse_level(lvl)
            self.nums[num_id] = instance

    # -- resolution ----------------------------------------------------------------------------

    def _abstract_for(self, num_id: str) -> tuple[str, NumInstance] | None:
        """The abstractNum id that really holds the levels (numStyleLink followed) and the instance."""
        if num_id in self._resolved:
            return self._resolved[num_id]
        instance = self.nums.get(num_id)
        result = None
        if instance is not None:
            abstract_id = self._link_target(instance.abstract_id)
            if abstract_id in self.abstracts:
                result = (abstract_id, instance)
        self._resolved[num_id] = result
        return result

    def _linked_abstract(self, abstract_id: str) -> str | None:
        """One numStyleLink step: the abstractNum that ``abstract_id``'s list style points at, if any."""
        style = self.abstract_style_links.get(abstract_id)
        linked_num = self._style_num_ids.get(style) if style is not None else None
        linked = self.nums.get(linked_num) if linked_num else None
        return linked.abstract_id if linked is not None else None

    def _link_target(self, abstract_id: str) -> str:
        """Where the numStyleLink chain from ``abstract_id`` ends: the first abstractNum without a (valid)
        link, or, in a cycle, the first abstractNum met twice.

        Memoised for every abstractNum on the way, so a document whose lists chain through thousands of
        list styles costs one walk in all, not one per list (that was quadratic).
        """
        cached = self._link_targets.get(abstract_id)
        if cached is not None:
            return cached
        path: list[str] = []
        position: dict[str, int] = {}
        current = abstract_id
        while True:
            if current in self._link_targets:
                end = self._link_targets[current]
                break
            if current in position:  # a cycle: its members end at themselves, the lead-in at its entry
                entry = position[current]
                for member in path[entry:]:
                    self._link_targets[member] = member
                path, end = path[:entry], current
                break
            following = self._linked_abstract(current)
            if following is None:
                end = current
                self._link_targets[current] = current
                break
            position[current] = len(path)
            path.append(current)
            current = following
        for member in path:
            self._link_targets[member] = end
        return self._link_targets[abstract_id]

    def level(self, num_id: str, ilvl: int) -> Level | None:
        resolved = self._abstract_for(num_id)
        if resolved is None:
            return None
        abstract_id, instance = resolved
        if ilvl in instance.level_overrides:
            return instance.level_overrides[ilvl]
        return self.abstracts[abstract_id].get(ilvl)

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        """The level whose w:pStyle links it to this paragraph style, if any."""
        resolved = self._abstract_for(num_id)
        if resolved is None:
            return None
        for ilvl, level in self.abstracts[resolved[0]].items():
            if level.style_id == style_id:
                return ilvl
        return None

    def _start(self, num_id: str, instance: NumInstance, ilvl: int, level: Level | None) -> int:
        """Where level ``ilvl`` (re)starts: the instance's startOverride the first time the instance
        reaches that level (marked as applied), else the level's own start."""
        if ilvl in instance.start_overrides and (num_id, ilvl) not in self._restarted:
            self._restarted.add((num_id, ilvl))
            return instance.start_overrides[ilvl]
        return level.start if level is not None else 1

    # -- counting ------------------------------------------------------------------------------

    def next_label(self, num_id: str | None, ilvl: int = 0) -> Label | None:
        """Advance the counters for one paragraph of list ``num_id`` at level ``ilvl``; return its label."""
        if not num_id or num_id == "0":
            return None
        ilvl = min(max(ilvl, 0), MAX_LEVELS - 1)
        resolved = self._abstract_for(num_id)
        if resolved is None:
            return None
        abstract_id, instance = resolved
        level = self.level(num_id, ilvl)
        if level is None:
            return None
        # Instances of one abstractNum continue each other (Word's shared list). An instance overriding
        # this level's start restarts the shared counter there, the first time it reaches the level.
        counters = self._counters.setdefault(abstract_id, [None] * MAX_LEVELS)
        current = counters[ilvl]
        if current is None or (ilvl in instance.start_overrides and (num_id, ilvl) not in self._restarted):
            counters[ilvl] = self._start(num_id, instance, ilvl, level)
        else:
            counters[ilvl] = current + 1
        for parent in range(ilvl):
            # A level skipped over counts as used once (1.1 then 2., as Word and LibreOffice show).
            if counters[parent] is None:
                counters[parent] = self._start(num_id, instance, parent, self.level(num_id, parent))
        for deeper in range(ilvl + 1, MAX_LEVELS):
            if restart_after_level(self.abstracts[abstract_id].get(deeper), deeper) > ilvl:
                counters[deeper] = None
        text = self._render(num_id, instance, ilvl, level, counters)
        if text is None:
            return None
        suffix = {"tab": "\t", "space": " "}.get(level.suffix, "")
        return Label(text=text, suffix=suffix, fmt=level.fmt, value=counters[ilvl], level=ilvl)

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned_formats:
            self._warned_formats.add(key)
            self.warnings.append(message)

    def _render(self, num_id, instance, ilvl, level, counters) -> str | None:
        template = level.text
        if template is None or template == "":
            return None
        if len(template) > MAX_LVL_TEXT:
            self._warn_once("\x00lvlText", say("numbering.template_too_long", length=len(template), limit=MAX_LVL_TEXT))
            return None
        if level.fmt == "bullet":
            return "".join(PUA_BULLETS.get(ch, ch) for ch in template).strip() or None

        def substitute(match: re.Match) -> str:
            ref = int(match.group(1)) - 1
            ref_level = self.level(num_id, ref)
            value = counters[ref]
            if value is None:  # a level not used yet (a deeper one, or one restarted) shows its start value
                value = instance.start_overrides.get(ref) if (num_id, ref) not in self._restarted else None
                if value is None:
                    value = ref_level.start if ref_level is not None else 1
            fmt = ref_level.fmt if ref_level is not None else "decimal"
            if level.is_legal and fmt != "none":
                fmt = "decimal"
            rendered = format_number(value, fmt)
            if rendered is None:
                self._warn_once(fmt, say("numbering.unknown_format", fmt=fmt[:40]))
                rendered = str(value)
            return rendered

        text = _PLACEHOLDER.sub(substitute, template)
        if len(text) > MAX_LABEL_CHARS:
            self._warn_once("\x00label", say("numbering.label_too_long", length=len(text), limit=MAX_LABEL_CHARS))
            return None
        return text if text.strip() else None
