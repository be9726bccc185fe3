"""Segmentation: cleaned blocks → units (one heading, item or paragraph each), and inline runs.

A *unit* is a slice of one cleaned block. Most blocks are one unit; a block that lost its newlines is
split where a heading or item marker follows sentence punctuation. Inline enumerations
(一是…二是…) are split into nested runs by sequence continuity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planparse.clean import CleanBlock
from planparse.text.lexicon import alternation, char_class, char_set, class_body, lexicon
from planparse.text.normalize import simplified_in_place
from planparse.text.lines import signature_tail
from planparse.text.numerals import chinese_to_int
from planparse.text.markers import (
    FIELD_LABEL,
    INLINE_FAMILIES,
    Marker,
    find_inline_runs,
    schedule_prefix,
    match_line_marker,
    split_points_by_continuity,
    split_points_for_lost_newlines,
)

# A paragraph this long holding several numbered markers is a document that lost its newlines.
LOST_NEWLINES_LENGTH = 400
# On a page where one long paragraph plainly lost its newlines (several numbered markers after sentence ends), a
# shorter one this long did too (the second of two plans, each on its own line). A report's long paragraphs hold none.
LOST_NEWLINES_ON_SUCH_A_PAGE = 200
LOST_PAGE_MARKERS = 3  # numbered markers after a sentence's end, inside one long paragraph, make such a page

# Every schedule prefix and field label has one of these near the start; others skip the full test. A month
# label holds 月 (a counted period 季度 or 周); a period label (寒假：) and a field label (活动时间：) end in a colon
# within 8 characters.
_MAY_BE_LISTED = re.compile(char_class("colon") + "|月|" + alternation(lexicon().schedule.period_units)
                            + "|" + alternation(lexicon().schedule.periods))  # 上学期 alone on its line


@dataclass(slots=True)
class Unit:
    """One heading, item or paragraph: a slice [start, end) of a cleaned block, ``text``. Units are made after
    the blocks' last change, so the slice is taken once."""

    block: CleanBlock
    start: int
    end: int
    text: str
    marker: Marker | None = None  # offsets relative to the unit's text
    schedule: str | None = None  # the month prefix of a schedule line ("1月：")
    heading_level: int | None = None
    kind: str = "paragraph"
    _runs: Sequence[Marker] | None = field(default=None, repr=False)

    @property
    def body_start(self) -> int:
        """Offset in ``text`` after the marker (or schedule prefix)."""
        if self.marker is not None:
            return self.marker.end
        return 0

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    def runs(self) -> Sequence[Marker]:
        """Inline enumeration markers in the body, offsets relative to ``text`` (a tuple: most have none)."""
        if self._runs is None:
            if self.marker is not None and self.marker.family in INLINE_FAMILIES:
                # The opening 一是 is the run's first member: find the run on the whole text, without it.
                self._runs = tuple(m for m in find_inline_runs(self.text) if m.start >= self.marker.end)
            else:
                offset = self.body_start
                found = find_inline_runs(self.text[offset:] if offset else self.text)
                self._runs = tuple(
                    Marker(m.family, m.number, m.text, m.start + offset, m.end + offset) for m in found
                ) if found else ()
        return self._runs

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Original-text span of text[start:end]."""
        end = len(self.text) if end is None else end
        return self.block.original_span(self.start + start, self.start + end)


_ONE_TO_TEN = class_body("numerals.one_to_ten")
_BARE_NUMERAL = re.compile(f"[{_ONE_TO_TEN}]{{1,3}}")


def _marker_of(block: CleanBlock, text: str) -> Marker | None:
    if block.label:
        # A Word-rendered number: the label is the marker; the text itself may repeat one (keep one).
        # A label that is no known marker (a bullet "•", "a)") ranks as a plain item number.
        label_marker = match_line_marker(block.label)
        family = label_marker.family if label_marker else "digit"
        number = label_marker.number if label_marker else None
        return Marker(family, number, block.label, 0, 0)
    if _BARE_NUMERAL.fullmatch(text):
        # "一" alone on its line heads a part whose title is the next line (older official documents)
        return Marker("cn_dun", chinese_to_int(text), text, 0, len(text))
    return block.opening_marker() if text is block.text else match_line_marker(text)




# In a document that lost its newlines: a title running into the text (at a two-word plan word: 工作计划, not
# 计划), and a closing after the last item: after a full stop, a closing opener (总之, 新的一年) or a resolution
# under a leading body ("…将在上级工会的领导下…"). Words from data/lexicon.toml [plan] and [closing].
_FUSED_TITLE = re.compile(
    rf"^{char_class('clause_end', 'comma', negate=True)}{{2,40}}?"
    rf"{alternation(w for w in lexicon().plan.document_words if len(w) >= 4)}(?=[^）)])"
)
# ... or the same title after the page's lead sentences (an editor's question: "…活动方案怎么写呢？青漪市…活动方案
# 为弘扬…"): after a sentence's end near the start, where the plan's first sentence opens (为, 根据, 2025年).
_FUSED_TITLE_AFTER = re.compile(
    rf"(?<={char_class('sentence_end')})\s*({char_class('clause_end', 'comma', negate=True)}{{2,40}}?"
    rf"{alternation(w for w in lexicon().plan.document_words if len(w) >= 4)})"
    rf"(?=\s*(?:{alternation(lexicon().plan.opening_words)}|20[0-9]{{2}}年))"
)
TITLE_AFTER_REACH = 300  # characters from the start of the line
_NOT_STOP = char_class("sentence_end", negate=True)
_CLOSING_OPENER = re.compile(
    rf"(?<={char_class('sentence_end')})(?={alternation(lexicon().closing.openers)}"
    rf"|{char_class('sentence_end', 'comma', negate=True)}{{2,16}}(?:将|要)在{_NOT_STOP}{{2,40}}"
    rf"{alternation(lexicon().closing.led_by)}下)"
)


# A page of several plans that lost its newlines: "…慰问困难职工。镇总工会工作计划范文二: 今年…" — a separator
# label (篇/范文 and a number, then a colon; 【篇3】; 第二篇), with the short title before it back to a sentence's end
# or a space; where nothing delimits that title ("…范文两篇镇总工会工作计划范文一:"), the label alone.
_PIECE = alternation(lexicon().plan.piece_words)
_ORDINAL = f"[{class_body('numerals.one_to_ten')}0-9]{{1,3}}"
_INLINE_SEPARATOR = re.compile(
    rf"(?:{_PIECE}){_ORDINAL}[:：]|【(?:{_PIECE}){_ORDINAL}】|第{_ORDINAL}篇[:：]?"
    rf"|(?<={alternation(sorted({w[-2:] for w in lexicon().plan.document_words}))})(?:{_PIECE}){_ORDINAL}(?![0-9{class_body('list_comma', 'comma', 'decimal_point', 'closing')}])"
)  # the last: a number right after a plan word's last two characters (…活动方案篇1为倡导…, not …计划范文一、指导思想:
#    that 一、 is a heading; a lookbehind has one width)
_TITLE_BEFORE = re.compile(rf"[{class_body('sentence_end')}\s][^\s{class_body('sentence_break', 'comma', 'colon')}]{{0,30}}$")


def _separator_cuts(simple: str) -> list[int]:
    cuts = []
    for label in _INLINE_SEPARATOR.finditer(simple):
        title = _TITLE_BEFORE.search(simple, max(0, label.start() - 31), label.start())
        cuts += [title.start() + 1 if title else label.start(), label.end()]
    return cuts


# A title standing between two gaps of a page that lost its newlines (where the newline became a space, or site
# chrome was cut out): one phrase ending in a plan or title word (…工作要点, …工作总结), with an optional bracketed
# note (…工作要点（两篇）).
_TITLE_PHRASE = re.compile(
    rf"{char_class('clause_end', 'comma', negate=True)}{{4,50}}?"
    rf"(?:{alternation(lexicon().plan.document_words + lexicon().plan.title_words)})(?:[（(][^）)]{{1,10}}[）)])?"
)


_SPACE = re.compile(r"[ \t\u3000]+")


def _gaps(block: CleanBlock) -> list[int]:
    """Offsets in the block's text where the source had characters that cleaning took out (a space between two
    words, a removed span): in a page that lost its newlines, where a line once ended."""
    pieces = block.pieces
    return [pieces[k][0] for k in range(1, len(pieces))
            if pieces[k][1] > pieces[k - 1][1] + pieces[k - 1][2]]


def _titles_between_gaps(block: CleanBlock, simple: str) -> list[int]:
    """Cuts around each title that fills the stretch between two gaps (or the start and a gap): "…首页 >
    工会工作 县统计局机关工会2025年工作要点 2025年，…" holds the title as a line of its own."""
    cuts = []
    spaces = [p for m in _SPACE.finditer(block.text) for p in m.span()]  # spaces cleaning kept (before a marker)
    bounds = sorted({0, *_gaps(block), *spaces})
    for a, b in zip(bounds, bounds[1:]):
        if _TITLE_PHRASE.fullmatch(simple, a, b) is not None:
            cuts += [a, b]
    return cuts


def _title_and_closing_cuts(block: CleanBlock) -> list[int]:
    text = block.text
    simple = simplified_in_place(text)
    cuts = _separator_cuts(simple) + _titles_between_gaps(block, simple)
    title = _FUSED_TITLE.match(simple)
    if title:
        cuts.append(title.end())
    elif (later := _FUSED_TITLE_AFTER.search(simple, 0, TITLE_AFTER_REACH)) is not None:
        cuts += [later.start(1), later.end(1)]
    closings = list(_CLOSING_OPENER.finditer(simple))
    if closings:
        cuts.append(closings[-1].start())
    signature = signature_tail(text)
    if signature is not None:
        cuts += signature  # the body's name, then the date: each a signature line
    return cuts


# The members a heading's own list may open with, right after the heading's words on the same line.
_FIRST_MEMBER = re.compile(r"[（(]一[)）]|[（(]1[)）]|1[、.．](?![0-9])")
HEADING_MAX = 40  # a heading is short: its list's first member comes within this many characters


def _list_after_heading(text: str, opening: Marker | None, cuts: list[int]) -> list[int]:
    """"一、强化思想引领（一）深入开展…。（二）加强…": a heading line that runs into its own list (a Word
    export that lost the paragraph breaks). The list's first member follows the heading's last word
    without punctuation, so only the run proves it: member 1 of a lower family right after the heading,
    and member 2 of that family at one of the block's other cuts."""
    if opening is None or len(cuts) < 2 or opening.family not in ("cn_dun", "chapter", "cn_paren"):
        return []
    m = _FIRST_MEMBER.search(text, opening.end + 2, opening.end + HEADING_MAX)
    if m is None:
        return []
    first = match_line_marker(text, m.start())
    if first is None or first.number != 1 or first.rank <= opening.rank:
        return []
    for cut in cuts[1:]:
        member = match_line_marker(text, cut)
        if member is not None and member.family == first.family and member.number == 2:
            return [first.start]
    return []


def _skipped_member(text: str, first: Marker | None, following: Marker | None) -> list[int]:
    """"1、…活动,2、…" followed by a line "3、…": the 2、 after the comma is the list's missing member."""
    if first is None or following is None or first.family != following.family or first.number is None:
        return []
    if first.family not in ("digit", "digit_paren", "cn_dun", "cn_paren") or following.number != first.number + 2:
        return []
    for m in _AFTER_CLAUSE.finditer(text, first.end):
        member = match_line_marker(text, m.end())
        if member is not None and member.family == first.family and member.number == first.number + 1:
            return [member.start]
    return []


_AFTER_CLAUSE = re.compile(char_class("sentence_break", "comma"))  # where a skipped member may follow
_MAY_OPEN_LIST = re.compile(rf"[ \t\u3000]*[0-9０-９{_ONE_TO_TEN}（(]")


def _opening_marker(block: CleanBlock) -> Marker | None:
    """The marker a plain paragraph opens with (cheap first-character test before the grammar)."""
    if block.kind != "paragraph" or block.label or not _MAY_OPEN_LIST.match(block.text):
        return None
    return block.opening_marker()


# A month label with its colon after a space, in a line that opens with one: the second column of a schedule table
# pasted as text ("1月：迎新春游园会      7月：送清凉到科室").
_NEXT_COLUMN = re.compile(rf"(?<=\s)[0-9０-９]{{1,2}}(?:{char_class('schedule.range_marks')}[0-9０-９]{{1,2}})?月份?{char_class('colon')}")


def _second_column(text: str) -> list[int]:
    if not text[:1].isdigit() or schedule_prefix(text) is None:
        return []
    return [m.start() for m in _NEXT_COLUMN.finditer(text)]


def make_units(blocks: list[CleanBlock]) -> list[Unit]:
    units: list[Unit] = []
    # The marker cuts of the long paragraphs, read once: they decide whether the page lost its newlines, and cut.
    long_cuts = {k: split_points_for_lost_newlines(b.text) for k, b in enumerate(blocks)
                 if len(b.text) >= LOST_NEWLINES_LENGTH and b.kind == "paragraph" and not b.label}
    lost_page = any(len(found) >= LOST_PAGE_MARKERS for found in long_cuts.values())
    long_line = LOST_NEWLINES_ON_SUCH_A_PAGE if lost_page else LOST_NEWLINES_LENGTH
    following = _opening_marker(blocks[0]) if blocks else None
    for k, block in enumerate(blocks):
        opening, following = following, (_opening_marker(blocks[k + 1]) if k + 1 < len(blocks) else None)
        cuts = [0]
        if block.kind == "paragraph" and not block.label:
            cuts += long_cuts[k] if k in long_cuts else split_points_for_lost_newlines(block.text)
            cuts += _skipped_member(block.text, opening, following)
            cuts += _second_column(block.text)
            if len(cuts) > 1:
                cuts = sorted({*cuts, *_list_after_heading(block.text, opening, sorted(cuts))})
            if len(block.text) >= long_line:
                cuts = sorted({*cuts, *split_points_by_continuity(block.text), *_title_and_closing_cuts(block)})
        cuts.append(len(block.text))
        for a, b in zip(cuts, cuts[1:]) if len(cuts) > 2 else ((0, cuts[1]),):  # most blocks: one unit
            piece = block.text[a:b]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail <= lead:
                continue
            text = block.text[a + lead : a + trail]  # the block's own string when the unit is the whole block
            unit = Unit(block, a + lead, a + trail, text, heading_level=block.heading_level, kind=block.kind)
            if block.kind == "paragraph":
                if a == 0 and opening is not None and text == block.text:
                    unit.marker = opening  # already read for the continuity check above
                else:
                    unit.marker = _marker_of(block, text) if a == 0 else match_line_marker(text)
            elif block.label:
                unit.marker = _marker_of(block, text)  # a table row numbered by Word (its 序号 cell)
            if block.kind == "paragraph" and not block.label and _MAY_BE_LISTED.search(text, 0, 14):
                text = simplified_in_place(text)
                sched = schedule_prefix(text)
                if sched is not None and (unit.marker is None or unit.marker.end < sched):
                    # "1月：" and a label alone on its line ("4月份", "七、八月份：") are the line's marker;
                    # "一月份召开…" has none (一月份 is not numbering). "七、八月份" is not section 七.
                    label_only = not text[sched:].strip()
                    unit.marker = None
                    unit.schedule = unit.text[:sched].strip() if label_only or text[sched - 1] in _COLON else None
                    unit.kind = "schedule"
                elif unit.marker is None:
                    if FIELD_LABEL.match(text):
                        unit.kind = "field"
            units.append(unit)
    return units


@dataclass
class RunNode:
    """One member of an inline enumeration with the text it owns and its nested runs."""

    marker: Marker
    start: int  # offset in the unit text where the marker starts
    end: int  # offset where this member's own text ends (before its first child or next sibling)
    stop: int  # offset where this member's whole extent ends
    children: list["RunNode"] = field(default_factory=list)


_FULL_STOP = char_set("sentence_end")
_COLON = char_set("colon")
# Real plans nest inline runs two or three deep; deeper "一是" restarts are siblings (this also keeps
# hostile input like "一是，" × 20,000 from building a tree thousands of levels deep).
MAX_INLINE_DEPTH = 3


def nest_runs(markers: list[Marker], text_end: int, text: str = "") -> list[RunNode]:
    """Turn a flat list of inline markers into a tree by sequence continuity.

    ``一是 二是 一是 二是 三是 三是`` nests the inner run under the first ``二是``: a number that
    continues an outer run closes the inner one; ``一`` (or a new family) opens a nested run.
    """
    if not markers:
        return []
    roots: list[RunNode] = []
    # Each open run: (family, last number, list to append to, the node owning it or None)
    stack: list[tuple[str, int, list[RunNode]]] = []
    nodes: list[RunNode] = []
    for m in markers:
        node = RunNode(m, m.start, text_end, text_end)
        placed = False
        depths = [d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == m.family and m.number == stack[d][1] + 1]
        if len(depths) > 1 and _after_full_stop(text, m.start) and not _after_full_stop(text, stack[depths[0]][2][-1].start):
            # Both an inner and an outer run could continue here. The inner run's members were separated
            # by ；/， and this one follows a full stop: it continues the outer run.
            depths = depths[1:]
        if depths:
            family, _last, siblings = stack[depths[0]]
            del stack[depths[0] + 1 :]
            siblings.append(node)
            stack[depths[0]] = (family, m.number, siblings)
            placed = True
        if not placed:
            if stack and (m.number == 1 or m.family != stack[-1][0]) and nodes and len(stack) < MAX_INLINE_DEPTH:
                parent = _deepest_last(stack)
                parent.children.append(node)
                stack.append((m.family, m.number or 1, parent.children))
            elif stack:
                # A gap or repeat in the innermost run: keep it a sibling there.
                family, _last, siblings = stack[-1]
                siblings.append(node)
                stack[-1] = (family, m.number or 0, siblings)
            else:
                roots.append(node)
                stack.append((m.family, m.number or 1, roots))
        nodes.append(node)
    _set_extents(roots, text_end)
    return roots


def _after_full_stop(text: str, pos: int) -> bool:
    return pos > 0 and pos <= len(text) and text[pos - 1] in _FULL_STOP


def _deepest_last(stack: list[tuple[str, int, list[RunNode]]]) -> RunNode:
    return stack[-1][2][-1]


def _set_extents(siblings: list[RunNode], stop: int) -> None:
    for i, node in enumerate(siblings):
        node.stop = siblings[i + 1].start if i + 1 < len(siblings) else stop
        node.end = node.children[0].start if node.children else node.stop
        _set_extents(node.children, node.stop)
