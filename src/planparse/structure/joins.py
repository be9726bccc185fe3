"""Page-break joins: a line that a page break, a viewer or a scraped link cut from the line above is rejoined.

Decided after cleaning, with the numbering grammar: a line that opens with a marker, a separator, a title,
a schedule or field label, or that is a signature (the issuing body, a date) is never joined; a blank line
counts against a join unless the line above is plainly a sentence in progress; a line opening with closing punctuation, or cut just after an opening
bracket, is always rejoined. A bare page number between the two halves of a cut sentence is removed.
Every join and removal goes to the document's removal log with its reason.
"""

from __future__ import annotations

import bisect

import re
from collections.abc import Callable

from planparse.clean import PAGE_BREAK_KINDS, PAGE_HEADER_MAX, CleanBlock, CleanDocument, join_blocks, join_removal
from planparse.model import Removal
from planparse.read.types import RawDocument
from planparse.text.lexicon import char_class, char_set, lexicon
from planparse.text.lines import (ends_on_date, is_separator, is_signature_line, is_title_like, is_title_tail,
                                  names_body, year_of)
from planparse.text.markers import FIELD_LABEL, SCHEDULE_PREFIX, match_line_marker
from planparse.text.normalize import simplified_in_place
from planparse.text.strings import display_width

# A line ending in one of these is finished: a clause's end, an ellipsis, a closing mark, a decimal point
# (data/lexicon.toml [punctuation]); the next line is not its continuation.
_SENTENCE_END = char_set("clause_end", "ellipsis", "closing", "decimal_point")
_HEADING_FAMILIES = ("cn_dun", "cn_paren", "chapter")
_COMMAS = char_set("comma", "list_comma")


def rejoin_lines(doc: CleanDocument) -> None:
    """Join, in place, the cleaned blocks of ``doc`` that continue the sentence of the block above."""
    blocks: list[CleanBlock] = []
    last_length = 0  # length of the last source line added to blocks[-1]
    # Where a page label or page number line was removed: a page break, across which even a line that ends
    # on a comma continues (…开设心理咨询热线， / 第2页 / 共3页 / 帮助职工疏导工作压力。).
    breaks = sorted(r.start for r in doc.removals if r.kind in PAGE_BREAK_KINDS)

    def page_break(prev: CleanBlock, nxt: CleanBlock) -> bool:
        at = bisect.bisect_right(breaks, prev.original_offset(len(prev.text) - 1))
        return at < len(breaks) and breaks[at] < nxt.original_offset(0)

    source = doc.blocks
    margin = _wrap_margin(source)
    for k, block in enumerate(source):
        if blocks and len(block.text) <= 3 and _PAGE_NUMBER.fullmatch(block.text) and _is_cut(blocks[-1].text):
            start, end = block.original_span(0, len(block.text))
            doc.removals.append(Removal(kind="page_number", reason="page number between the two halves of a cut sentence",
                                        text=block.text, block=block.index, start=start, end=end))
            continue
        if (breaks and blocks and k + 1 < len(source) and _is_cut(blocks[-1].text) and _header_line(block)
                and page_break(blocks[-1], block) and _continues(blocks[-1], source[k + 1])):
            # "…每月活动不少于一" / — 1 — / "住建局机关工会2025年工作要点" / "次。": a page's running header between the
            # two halves of a cut sentence (seen once, so clean's repeated-header test cannot know it)
            start, end = block.original_span(0, len(block.text))
            doc.removals.append(Removal(kind="page_header", reason="page header between the two halves of a cut sentence",
                                        text=block.text.strip(), block=block.index, start=start, end=end))
            continue
        if blocks and _is_continuation(blocks[-1], block, lambda prev=blocks[-1], nxt=block: _blank_line_between(doc.raw, prev, nxt),
                                       last_length, (lambda prev=blocks[-1], nxt=block: page_break(prev, nxt)) if breaks else None,
                                       lambda b: _table_row(doc.raw, b), margin):
            doc.removals.append(join_removal(doc.raw, blocks[-1], block, "line broken mid-sentence (page break) rejoined"))
            join_blocks(blocks[-1], block)
        else:
            blocks.append(block)
        last_length = len(block.text)
    doc.blocks = blocks
    doc.removals.sort(key=lambda r: r.start)


# A hard-wrapped text (a PDF copied as text) cuts most of its long lines at one right margin: at least this many
# lines cut mid-sentence, most of them within WRAP_BAND columns of their median width.
WRAP_LINES_MIN = 3
WRAP_BAND = 4


def _wrap_margin(blocks: list[CleanBlock]) -> int | None:
    """The display width at which the document was hard-wrapped, or None when its cut lines show no margin."""
    widths = sorted(display_width(b.text) for b in blocks if b.kind == "paragraph" and _is_cut(b.text) and len(b.text) <= 80)
    if len(widths) < WRAP_LINES_MIN:
        return None
    median = widths[len(widths) // 2]
    band = [w for w in widths if abs(w - median) <= WRAP_BAND]
    if len(band) < WRAP_LINES_MIN or len(band) * 10 < len(widths) * 6:
        return None
    return band[0]


def _header_line(block: CleanBlock) -> bool:
    """A short line that may be a page's running header: one phrase, unnumbered."""
    text = block.text.strip()
    return (block.kind == "paragraph" and 2 <= len(text) <= PAGE_HEADER_MAX and not _CLAUSE_PUNCTUATION.search(text)
            and block.opening_marker() is None)


def _continues(prev: CleanBlock, nxt: CleanBlock) -> bool:
    """``nxt`` reads as the rest of ``prev``'s cut sentence: it opens with closing punctuation, or it is a short
    fragment that ends its sentence ("次。", "化建议征集活动。")."""
    b = nxt.text.strip()
    if not b or nxt.opening_marker() is not None or nxt.kind != "paragraph":
        return False
    return b[0] in _CONTINUES or (len(b) <= 12 and b[-1] in _SENTENCE_STOP and not _CLAUSE_PUNCTUATION.search(b[:-1]))


def _is_continuation(
    prev: CleanBlock, nxt: CleanBlock, blank_between: bool | Callable[[], bool] = False, prev_line_length: int = 0,
    page_break: Callable[[], bool] | None = None, table_row: Callable[[CleanBlock], bool] | None = None,
    margin: int | None = None,
) -> bool:
    """True when ``nxt`` is the rest of a sentence that a page break cut off at the end of ``prev``.

    A blank line between them counts against the join unless the last line of ``prev`` (its last
    ``prev_line_length`` characters) is plainly a sentence in progress, holding clause punctuation: a title,
    byline or unnumbered sub-heading line above a blank line is never joined to what follows.
    ``blank_between`` may be a function, called only when the answer depends on it (most lines end finished).
    ``page_break``, when given, says whether a page label was removed between them: then a line ending on a
    comma is cut as well. ``table_row`` says whether a block's original line is a row of space-aligned columns.
    ``margin``: the display width at which the document's lines were hard-wrapped (``_wrap_margin``), if any; a
    line ending on a comma that reaches it was wrapped there too.
    """
    if prev.kind != "paragraph" or nxt.kind != "paragraph" or nxt.label or nxt.heading_level or prev.heading_level:
        return False
    a, b = prev.text, nxt.text
    last = a[-prev_line_length:] if prev_line_length else a  # what joined before was read when it joined
    if "\t" in last or "\t" in b:
        return False  # tab-separated columns: a table pasted as text, one row per line
    if table_row is not None and table_row(nxt) and table_row(prev):
        return False  # two rows of a table pasted with runs of spaces
    if _plainly_cut(last, b):
        # …开展“金秋助 / 3、学”活动: a digit marker after a cut inside quotes is a viewer's chunk counter when the
        # page's counters run on (structure.viewer decides and joins); otherwise the lines stay apart
        return not DIGIT_COUNTER.match(b)

    def blank() -> bool:
        return blank_between() if callable(blank_between) else blank_between

    if ends_on_date(a):
        return False  # a line that ends on a full date (…信息。某公司工会2025年9月28日) is finished
    if a[-1] in _DANGLING and _is_cut(a) and (len(a) > 40 or prev.opening_marker() is None) \
            and nxt.opening_marker() is None and not blank():
        return True  # "…所作的" / "政府工作报告": no sentence stops on 的 (a heading may: 一、活动目的)
    if len(b) <= TITLE_TAIL_MAX and len(a) <= 50 and not _CLAUSE_PUNCTUATION.search(a) and is_title_tail(b) \
            and _wrapped_title(prev):
        return True  # "…2025年“大干一百天”劳动竞赛" / "实施方案": a title wrapped before its plan word
    label = match_line_marker(prev.label) if prev.label else None
    if label is not None and label.family in _HEADING_FAMILIES and len(a) <= 40:
        return False  # a short heading numbered by Word
    if not _is_cut(a) and not (len(a) >= 15 and a[-1] in _COMMAS and (
            (page_break is not None and page_break())
            or (margin is not None and display_width(last) >= margin - 2))):
        return False
    if is_title_like(a) or nxt.opening_marker() is not None or is_separator(b) or is_title_like(b):
        return False
    if is_signature_line(b):
        return False  # the issuing body or the date under a plan (局机关工会 / 2025年2月25日) starts its own line
    if not _CLAUSE_PUNCTUATION.search(last) and blank():
        return False
    if SCHEDULE_PREFIX.match(b) or FIELD_LABEL.match(simplified_in_place(b[:12])) or _LABEL_LINE.match(b) \
            or _CLOCK_TIME.match(b):
        return False  # a schedule, field or label line; "8:10 开幕式…" is a step of a programme
    head = prev.opening_marker()
    if head is not None and len(a) <= 40 and (not _CLAUSE_PUNCTUATION.search(a) or (
            head.family in _HEADING_FAMILIES and not _SENTENCE_BREAK.search(a, head.end))):
        # a short numbered heading without final punctuation ("1.加强职工思想引领", "一、加强学习，提高素质"); a
        # heading that ran into its body ("（二）助推医院发展。一是开展…医技岗") is cut like any sentence
        return False
    return True


# A line opening with a short label and a colon ("主讲人：…", "评委:") is a field of its own, not the rest of a cut
# sentence (FIELD_LABEL knows the common labels; this catches the others).
_LABEL_LINE = re.compile(r"[\u4e00-\u9fff]{2,5}[：:]")
DIGIT_COUNTER = re.compile(r"[0-9]{1,3}、")
_CLOCK_TIME = re.compile(r"[0-9０-９]{1,2}[:：][0-9０-９]{2}(?![0-9])")  # 8:10, 13:30 at a line's start
_PAGE_NUMBER = re.compile(r"[0-9]{1,3}")  # a bare number: a page number only between the halves of a cut sentence


TITLE_TAIL_MAX = 16  # 工作计划（征求意见稿）


def _wrapped_title(block: CleanBlock) -> bool:
    """A line (one phrase of at most 50 characters, checked by the caller) that may be a title's first part:
    unnumbered, not itself a whole title, naming a year or a body."""
    a = block.text
    return (block.opening_marker() is None and not is_title_like(a)
            and (year_of(a) is not None or names_body(a)))


def _is_cut(text: str) -> bool:
    """A line that stops mid-sentence: long enough to be running text, ending on a Chinese character."""
    return len(text) >= 15 and "\u4e00" <= text[-1] <= "\u9fff"


_CLAUSE_PUNCTUATION = re.compile(char_class("clause_end", "comma", "list_comma"))
_SENTENCE_BREAK = re.compile(char_class("sentence_break"))
_SENTENCE_STOP = char_set("sentence_break")
_DANGLING = frozenset(lexicon().punctuation.dangling)
# Opening and closing marks of one bracket or quote (full and half width together): data/lexicon.toml bracket_pairs.
_PAIRS = tuple(tuple(pair.split()) for pair in lexicon().punctuation.bracket_pairs)
# No line starts with these: a line that does is the rest of the line above (a scraped link split it out).
_CONTINUES = char_set("clause_end", "comma", "list_comma", "closing") | frozenset("".join(c for _o, c in _PAIRS))
_OPEN_TAIL = 12
_OPENING = re.compile(f"[{re.escape(''.join(o for o, _c in _PAIRS))}]")


def _plainly_cut(last_line: str, nxt: str) -> bool:
    """The line above stops inside brackets or quotes, or the next line opens with closing punctuation.

    "…关于《" / "…纲要（草案）" / "》的说明" and "（PM" / "2.5" / "）平均…" are one line each.
    """
    return nxt[0] in _CONTINUES or stops_inside_brackets(last_line)


def stops_inside_brackets(last_line: str) -> bool:
    """The line stops inside brackets or quotes opened near its end ("…开展“金秋助", "…关于《")."""
    if last_line[-1] in _SENTENCE_END:
        return False
    tail = last_line[-_OPEN_TAIL:]  # the bracket must open near the cut, not somewhere up the paragraph
    if not _OPENING.search(tail):
        return False  # nothing opened: no count below can exceed its closing count
    return any(sum(map(tail.count, opening)) > sum(map(tail.count, closing)) for opening, closing in _PAIRS)


# Columns of a table pasted as text with runs of spaces (生日慰问    200元/人    全体会员): a gap of three or more
# spaces, or two ideographic spaces, between two characters of one line. Clean folds such runs away, so the
# original line is read.
_COLUMN_GAP = re.compile(r"\S(?: {3,}|\u3000{2,}|[ \u3000]*\t[ \u3000\t]*)\S")


def _table_row(raw: RawDocument, block: CleanBlock) -> bool:
    return _COLUMN_GAP.search(raw.text, block.original_offset(0), block.original_offset(len(block.text) - 1) + 1) is not None


def _blank_line_between(raw: RawDocument, prev: CleanBlock, nxt: CleanBlock) -> bool:
    return raw.text.count("\n", prev.original_offset(len(prev.text)), nxt.original_offset(0)) >= 2
