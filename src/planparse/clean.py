"""Cleaning: remove noise, flag placeholders, and explain every change.

Cleaning only ever *deletes* spans of the original text, so each cleaned block maps back to exact offsets
of the original, and every deletion that is not plain whitespace is written to the removal log with its
reason, like ftfy's ``fix_and_explain``. The rules live in ``data/noise.toml``. Cleaning imports nothing
from structure: lines a page break cut are rejoined there (``structure.joins``), where the outline is known.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from planparse.model import Placeholder, Removal
from planparse.read.types import Block, RawDocument
from planparse.text.lexicon import alternation, char_class, char_set, lexicon
from planparse.text.lines import is_title_like
from planparse.text.noise import NoiseRules, Rule, noise_rules
from planparse.text.normalize import simplified_in_place
from planparse.text.strings import shorten
from planparse.text.markers import Marker, match_line_marker


@dataclass(slots=True)  # one per line: no __dict__, and tuples where a list is not needed (see below)
class CleanBlock:
    """A cleaned paragraph: display text plus the map from its characters back to the original text.

    ``pieces`` and ``indices`` are tuples until a join extends them (then lists): a document holds one block
    per line, and every list is one more object for the cyclic garbage collector to scan during a parse.
    """

    text: str
    pieces: Sequence[tuple[int, int, int]]  # (offset in text, offset in original, length), ascending
    indices: Sequence[int]  # raw block indices merged into this one (more than one after a line join)
    kind: str = "paragraph"
    label: str | None = None
    style: str | None = None
    heading_level: int | None = None
    cells: list[str] | None = None
    _starts: list[int] | None = field(default=None, repr=False)  # pieces' text offsets, for bisect
    _opening: Marker | None | bool = field(default=False, repr=False)  # False: not read yet

    @property
    def index(self) -> int:
        return self.indices[0]

    def opening_marker(self) -> Marker | None:
        """``match_line_marker(self.text)``, read once: joins, viewer counters and segmentation all ask."""
        marker = self._opening
        if marker is False:
            marker = self._opening = match_line_marker(self.text)
        return marker

    def original_offset(self, i: int) -> int:
        """Original offset of text[i] (i == len(text) maps one past the last character)."""
        pieces = self.pieces
        if len(pieces) == 1:  # most blocks: one piece, nothing to search
            clean_at, orig_at, length = pieces[0]
            return orig_at + min(i - clean_at, length)
        if not pieces:
            return 0
        starts = self._starts
        if starts is None or len(starts) != len(pieces):
            starts = self._starts = [p[0] for p in pieces]
        k = max(0, bisect.bisect_right(starts, i) - 1)
        clean_at, orig_at, length = pieces[k]
        return orig_at + min(i - clean_at, length)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            o = self.original_offset(start)
            return o, o
        return self.original_offset(start), self.original_offset(end - 1) + 1


@dataclass
class CleanDocument:
    raw: RawDocument
    blocks: list[CleanBlock]
    removals: list[Removal] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)


_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# Tabs are never "stray": they separate table columns.
_STRAY_SPACE = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])|(?<=[{_CJK}]) (?=[0-9])|(?<=[0-9]) (?=[{_CJK}])")
_SPACE_RUN = re.compile(r"[ \u3000\xa0]{2,}")
# A table whose header row names months or times is a schedule (data/lexicon.toml [schedule] header_words).
SCHEDULE_HEADER = re.compile(alternation(lexicon().schedule.header_words))
_CLAUSE_END = re.compile(char_class("clause_end"))
# The first characters of a heading marker (一、 （二）).
_HEADING_START = frozenset(lexicon().numerals.one_to_ten + "（(")


def _heading_gap(text: str, pos: int) -> bool:
    """A space right after a short numbered heading ("一、组织建设 推进…") separates title from body: keep it."""
    seg_start = max(0, pos - 40)
    for m in _CLAUSE_END.finditer(text, seg_start, pos):
        seg_start = m.end()
    segment = text[seg_start:pos].lstrip()
    marker = match_line_marker(segment)
    return (
        marker is not None
        and marker.family in ("cn_dun", "cn_paren", "chapter", "digit", "digit_paren")
        and 0 < len(segment) - marker.end <= 25
        and "，" not in segment
    )


def _before_heading_marker(text: str, pos: int) -> bool:
    """A space before "一、" / "（二）" inside a line that lost its breaks marks where a heading starts: keep it."""
    if text[pos] not in _HEADING_START:
        return False
    marker = match_line_marker(text, pos)
    return marker is not None and marker.family in ("cn_dun", "cn_paren")


def _kept_pieces(text_len: int, deletions: list[tuple[int, int]], base: int) -> list[tuple[int, int]]:
    """The (start, end) spans of a block left after deleting the given spans."""
    kept = []
    pos = 0
    for start, end in sorted(deletions):
        if start > pos:
            kept.append((pos, start))
        pos = max(pos, end)
    if pos < text_len:
        kept.append((pos, text_len))
    return [(base + s, base + e) for s, e in kept]


def _span_hits(raw: RawDocument, rules: NoiseRules) -> tuple[dict[int, list[tuple[Rule, int, int]]], set[int], str]:
    """Run every span rule over the document (or only the lines holding its gate words) and bucket the hits
    by block; and find the lines a line rule may remove.

    One pass per rule over the document is far faster than one per rule and line. Rules are written in
    Simplified; OpenCC t2s keeps lengths for almost all text, so offsets found in the Simplified form
    apply to the original (where it does not, the original is searched).
    """
    simple = simplified_in_place(raw.text)
    starts = [b.start for b in raw.blocks]
    hits: dict[int, list[tuple[Rule, int, int]]] = defaultdict(list)
    gates = _gates(rules)
    found = gates.blocks(simple, starts)
    for rule in rules.span:
        blocks = gates.of(rule, found, simple)
        if blocks is not None and not blocks:
            continue  # none of the words every match needs is in the document
        groups = [g for g in rule.pattern.groupindex if g.startswith("del")] or [0]
        if blocks is None:  # no gate, or its words are everywhere: one pass over the whole document
            matches = rule.finditer(simple)
        else:  # only the lines holding its words (span rules never cross a line break)
            matches = (m for k in sorted(blocks)
                       for m in rule.pattern.finditer(simple, raw.blocks[k].start, raw.blocks[k].end + 1))
        for m in matches:
            for g in groups:
                start, end = m.span(g)
                k = bisect.bisect_right(starts, start) - 1
                if k < 0:
                    continue
                block = raw.blocks[k]
                end = min(end, block.end)
                if end > start:
                    hits[k].append((rule, start - block.start, end - block.start))
    if any(rule.series for rule in rules.span):
        _drop_lone_counters(hits, raw, simple)
    # Lines a line rule may remove: found here, then confirmed line by line in _clean_block.
    candidates: set[int] = set()
    for rule, whole_doc in zip(rules.line, rules.line_doc):
        blocks = gates.of(rule, found, simple)
        if blocks is not None:
            candidates.update(blocks)  # every line the rule can match holds one of its words
            continue
        for m in whole_doc.finditer(simple):
            first = bisect.bisect_right(starts, m.start()) - 1
            last = bisect.bisect_right(starts, max(m.start(), m.end() - 1)) - 1
            candidates.update(range(first, last + 1))
    return hits, candidates, simple


# A rule whose words occur more often than this is run once over the whole document instead of line by line.
_LINE_SCAN_MAX = 300


class _Gates:
    """The gate words of every noise rule (text.gate) in one Aho-Corasick automaton (ahocorasick-rs).

    One pass over a document tells, for each rule, the lines holding one of its words: the rule then runs
    on those lines only, or not at all. Rules gated by a single character (``#``, ``（``) would match
    almost every line; they keep a plain ``in`` test and a whole-document scan.
    """

    def __init__(self, rules: NoiseRules):
        import ahocorasick_rs

        self.words: list[str] = sorted({w for r in [*rules.span, *rules.line] if self._listed(r) for w in r.needs})
        index = {w: i for i, w in enumerate(self.words)}
        self.word_ids = {id(r): [index[w] for w in r.needs] for r in [*rules.span, *rules.line] if self._listed(r)}
        self.automaton = ahocorasick_rs.AhoCorasick(self.words) if self.words else None

    @staticmethod
    def _listed(rule: Rule) -> bool:
        return rule.needs is not None and all(len(w) >= 2 for w in rule.needs)

    def blocks(self, simple: str, starts: list[int]) -> dict[int, set[int]]:
        """For each gate word (by index), the blocks it occurs in."""
        found: dict[int, set[int]] = defaultdict(set)
        if self.automaton is not None:
            for word, start, _end in self.automaton.find_matches_as_indexes(simple, overlapping=True):
                found[word].add(bisect.bisect_right(starts, start) - 1)
        return found

    def of(self, rule: Rule, found: dict[int, set[int]], simple: str) -> set[int] | None:
        """The blocks ``rule`` can match in (empty: none), or None to scan the whole document."""
        ids = self.word_ids.get(id(rule))
        if ids is None:
            return None if rule.may_match(simple) else set()
        blocks = set().union(*(found.get(i, ()) for i in ids))
        blocks.discard(-1)
        return None if len(blocks) > _LINE_SCAN_MAX else blocks


_GATES: dict[int, tuple[NoiseRules, _Gates]] = {}


def _gates(rules: NoiseRules) -> _Gates:
    """The automaton of a rule set, built once (noise_rules() is itself loaded once)."""
    cached = _GATES.get(id(rules))
    if cached is None or cached[0] is not rules:
        cached = _GATES[id(rules)] = (rules, _Gates(rules))
    return cached[1]


_COUNTER = re.compile(r"[ \t\u3000\xa0]*([0-9]{1,3})[/／]([0-9]{1,3})[ \t\u3000\xa0\r]*")


def _drop_lone_counters(hits: dict[int, list[tuple[Rule, int, int]]], raw: RawDocument, simple: str) -> None:
    """Hits of ``series`` rules (N/M counters that could be fractions) stay only when the document holds
    another page counter with the same total M and a different N."""
    counters: dict[str, set[str]] = defaultdict(set)
    for k, block_hits in hits.items():
        base = raw.blocks[k].start
        for _rule, start, end in block_hits:
            m = _COUNTER.fullmatch(simple, base + start, base + end)
            if m:
                counters[m.group(2)].add(m.group(1))
    for k, block_hits in hits.items():
        base = raw.blocks[k].start

        def corroborated(start: int, end: int) -> bool:
            m = _COUNTER.fullmatch(simple, base + start, base + end)
            return bool(m) and len(counters[m.group(2)] - {m.group(1)}) > 0

        block_hits[:] = [h for h in block_hits if not h[0].series or corroborated(h[1], h[2])]


def _clean_block(
    block: Block, hits: Sequence[tuple[Rule, int, int]], removals: list[Removal], stripped: str | None = None
) -> CleanBlock | None:
    """Clean one block that no line rule removed: its span hits and whitespace (``stripped``: its text
    stripped, when the caller has it)."""
    text = block.text
    stripped = text.strip() if stripped is None else stripped
    if not stripped:
        return None
    deletions: list[tuple[int, int]] = []
    covered = 0  # two rules may match one span (a banner rule and a slogan rule): each character is logged once
    for rule, start, end in sorted(hits, key=lambda hit: (hit[1], -hit[2])) if len(hits) > 1 else hits:
        deletions.append((start, end))
        start = max(start, covered)
        if start >= end:
            continue
        covered = end
        removals.append(
            Removal(kind=rule.kind, reason=rule.reason, text=text[start:end], block=block.index,
                    start=block.start + start, end=block.start + end)
        )
    # Whitespace is normalised without logging: leading/trailing, stray single spaces inside Chinese
    # text ("积 极性"), and runs of spaces reduced to one (kept, since a gap can separate a heading from text).
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    spaced = " " in text or "\t" in text or "\u3000" in text or "\xa0" in text
    if not deletions and not spaced:  # most lines: only edge whitespace to drop, one piece left
        return CleanBlock(
            text=text[lead:trail], pieces=((0, block.start + lead, trail - lead),), indices=(block.index,),
            kind=block.kind, label=block.label, style=block.style, heading_level=block.heading_level, cells=block.cells,
        )
    deletions.append((0, lead))
    deletions.append((trail, len(text)))
    if spaced:
        deletions.extend(
            (m.start(), m.end()) for m in _STRAY_SPACE.finditer(text)
            if not _heading_gap(text, m.start()) and not _before_heading_marker(text, m.end())
        )
        deletions.extend((m.start() + 1, m.end()) for m in _SPACE_RUN.finditer(text))
    spans = _kept_pieces(len(text), deletions, block.start)
    pieces = []
    parts = []
    at = 0
    raw_base = block.start
    for s, e in spans:
        pieces.append((at, s, e - s))
        parts.append(text[s - raw_base : e - raw_base])
        at += e - s
    cleaned = "".join(parts)
    if not cleaned.strip():
        return None
    return CleanBlock(
        text=cleaned, pieces=tuple(pieces), indices=(block.index,), kind=block.kind, label=block.label,
        style=block.style, heading_level=block.heading_level, cells=block.cells,
    )


_PAGE_FOOTER = re.compile(r"[-—–][ \t\u3000]{0,3}[0-9]{1,4}[ \t\u3000]{0,3}[-—–]")
_DASHES = "-—–"  # what a page footer line opens with


def join_blocks(prev: CleanBlock, nxt: CleanBlock) -> CleanBlock:
    """Append ``nxt`` to ``prev`` (the line break between them is dropped); returns ``prev``."""
    shift = len(prev.text)
    if not isinstance(prev.indices, list):  # joined for the first time: lists from now on, so that the joins
        prev.pieces, prev.indices = list(prev.pieces), list(prev.indices)  # of a long run stay linear
    added = [(c + shift, o, n) for c, o, n in nxt.pieces]
    prev.pieces.extend(added)
    prev.text += nxt.text
    prev.indices.extend(nxt.indices)
    if prev._starts is not None:  # kept up to date: a long run of joins must not rebuild it at every step
        prev._starts.extend(p[0] for p in added)
    prev._opening = False
    return prev


def drop_prefix(block: CleanBlock, length: int) -> None:
    """Delete the first ``length`` characters of a cleaned block, keeping the map to the original."""
    pieces = []
    for c, o, n in block.pieces:
        if c + n <= length:
            continue
        cut = max(0, length - c)
        pieces.append((c + cut - length, o + cut, n - cut))
    block.pieces = pieces
    block.text = block.text[length:]
    block._starts = None
    block._opening = False


def join_removal(raw: RawDocument, prev: CleanBlock, nxt: CleanBlock, reason: str) -> Removal:
    """The log entry for joining ``nxt`` to ``prev``: the original text between them."""
    gap_start = prev.original_offset(len(prev.text))
    gap_end = nxt.original_offset(0)
    return Removal(kind="line_join", reason=reason, text=raw.text[gap_start:gap_end], block=nxt.index,
                   start=gap_start, end=gap_end)


def clean(raw: RawDocument) -> CleanDocument:
    """Clean a RawDocument: remove noise and find placeholders, one cleaned block per source line.

    Lines a page break cut are rejoined later, by ``structure.joins``, which knows the numbering grammar.
    """
    rules = noise_rules()
    removals: list[Removal] = list(raw.removals)  # what the reader removed (a PDF's page headers) comes first
    blocks: list[CleanBlock] = []
    table_header = ""  # the current table's header row tells a schedule table (月份/时间) from others
    open_list: _OpenList | None = None  # the list a removed lead line heads (相关推荐, ▼目录▼, 温馨提示：)
    whole = _blocks_index_text(raw)
    hits, candidates, simple = _span_hits(raw, rules) if whole else ({}, set(), "")

    def simple_text(k: int) -> str:
        """Block k in Simplified script (rules are written in Simplified)."""
        block = raw.blocks[k]
        return simple[block.start : block.end] if whole else simplified_in_place(block.text)

    def following(k: int) -> str | None:
        """The next non-blank line after block k, Simplified and stripped."""
        for j in range(k + 1, len(raw.blocks)):
            if raw.blocks[j].text.strip():
                return simple_text(j).strip()
        return None

    for k, block in enumerate(raw.blocks):
        if whole:
            block_hits = hits.get(k, ())
            block_simple = simple[block.start : block.end] if k in candidates else None
        else:  # a reader whose blocks are not slices of raw.text: search block by block
            one = RawDocument(text=block.text, blocks=[Block(block.text, 0, 0, len(block.text))])
            one_hits, one_candidates, one_simple = _span_hits(one, rules)
            block_hits, block_simple = one_hits.get(0, []), (one_simple if one_candidates else None)
        stripped = block.text.strip()
        if open_list is not None and stripped:
            entry = simple_text(k).strip()
            if open_list.takes(entry):
                lead = len(block.text) - len(block.text.lstrip())
                removals.append(
                    Removal(kind=open_list.rule.kind, reason=open_list.reason, text=stripped,
                            block=block.index, start=block.start + lead, end=block.start + lead + len(stripped))
                )
                continue
        if block.kind == "table_row" and block.style == "table_header":
            removals.append(
                Removal(kind="table_header", reason="table header row (column names), not an item",
                        text=block.text, block=block.index, start=block.start, end=block.end)
            )
            table_header = block.text
            continue
        if stripped[:1] in _DASHES and _PAGE_FOOTER.fullmatch(stripped):
            # "- 3 -" alone on a line: a printed page number (checked before the markdown rules see "- ")
            lead = block.start + len(block.text) - len(block.text.lstrip())
            removals.append(Removal(kind="page_number", reason="printed page number (- N -)", text=stripped,
                                    block=block.index, start=lead, end=lead + len(stripped)))
            continue
        rule = (
            _line_rule(block_simple, block.text, rules, lambda k=k: following(k))
            if stripped and block_simple is not None else None  # None: no line rule can match this line
        )
        if rule is not None:
            lead = len(block.text) - len(block.text.lstrip())
            removals.append(
                Removal(kind=rule.kind, reason=rule.reason, text=stripped, block=block.index,
                        start=block.start + lead, end=block.start + lead + len(stripped))
            )
            open_list = _OpenList(rule) if rule.then == "list" else None
            continue
        cleaned = _clean_block(block, block_hits, removals, stripped)
        if cleaned is not None and cleaned.kind == "table_row" and SCHEDULE_HEADER.search(table_header):
            cleaned.kind = "schedule_row"
        if stripped:
            open_list = None
        if cleaned is not None:
            blocks.append(cleaned)
    blocks = _drop_running_headers(blocks, removals)
    joined = _Joined(blocks)
    placeholders = _placeholders(blocks, rules, joined, raw.text if whole else None)
    removals.sort(key=lambda r: r.start)
    truncated = any(r.kind == "truncation" for r in removals)
    return CleanDocument(raw=raw, blocks=blocks, removals=removals, placeholders=placeholders, truncated=truncated,
                         warnings=_mojibake_warnings(blocks, rules, joined))


# Removals that mark a page break in a text (a printed page number, a viewer's page label).
PAGE_BREAK_KINDS = frozenset({"viewer", "page_number"})
PAGE_HEADER_MAX = 30  # characters of a page's running header (a body's name and a document kind)
_NOT_A_HEADER = re.compile(char_class("sentence_break", "comma", "colon"))
_DIGITS = re.compile(r"[0-9０-９]+")
# A page's number as a viewer or a printed page shows it (第2页 共5页, 2/5): the removals a running header sits beside
# (a viewer's other leftovers, banners and notices, are no page break).
_PAGE_MARK = re.compile(r"第\s*\d{1,4}\s*页[^\n]{0,12}|\d{1,4}\s*[/／]\s*\d{1,4}")


def _drop_running_headers(blocks: list[CleanBlock], removals: list[Removal]) -> list[CleanBlock]:
    """Remove a printed document's running header (栖凤市教育局机关工会文件 at the top of the pages): a short line
    without sentence punctuation that stands next to a page number (a removed - 2 -, 第2页 共5页, 2/5) and once
    more there or at the top of the document, the same words each time (page digits aside). Such a line cut a
    sentence in two; once it is gone, structure.joins rejoins the halves."""
    breaks = sorted(r.start for r in removals if r.kind == "page_number" or
                    (r.kind == "viewer" and _PAGE_MARK.fullmatch(r.text) is not None))
    if len(breaks) < 2:
        return blocks

    def break_between(a: int, b: int) -> bool:
        at = bisect.bisect_right(breaks, a)
        return at < len(breaks) and breaks[at] < b

    places: dict[str, list[tuple[int, bool]]] = {}  # header words -> (block, beside a page number)
    for i, block in enumerate(blocks):
        text = block.text.strip()
        if not 2 <= len(text) <= PAGE_HEADER_MAX or block.kind != "paragraph" or _NOT_A_HEADER.search(text):
            continue
        start, end = block.original_offset(0), block.original_offset(len(block.text))
        before = blocks[i - 1].original_offset(len(blocks[i - 1].text)) if i else -1
        after = blocks[i + 1].original_offset(0) if i + 1 < len(blocks) else end + 1
        beside = break_between(before, start) or break_between(end, after)
        if beside or i == 0:  # the first line is the top of page 1
            places.setdefault(_DIGITS.sub("#", text), []).append((i, beside))
    # A header that repeats the plan's title (住建局机关工会2025年工作要点 over every page) goes at the page breaks;
    # its first appearance, at the top of the document, is the title and stays.
    drop = {i for words, found in places.items() if len(found) >= 2 and any(b for _i, b in found)
            for n, (i, beside) in enumerate(found) if n or (beside and i) or not is_title_like(words)}
    if not drop:
        return blocks
    for i in sorted(drop):
        block = blocks[i]
        start, end = block.original_span(0, len(block.text))
        removals.append(Removal(kind="page_header", reason="running header repeated at the page breaks",
                                text=block.text.strip(), block=block.index, start=start, end=end))
    return [b for i, b in enumerate(blocks) if i not in drop]


class _Joined:
    """The cleaned blocks as one text, one line each, and where each block starts in it (one regex pass over a
    document is much cheaper than one per line)."""

    def __init__(self, blocks: list[CleanBlock]):
        self.text = "\n".join(cb.text for cb in blocks)
        self.starts = list(itertools.accumulate((len(cb.text) + 1 for cb in blocks[:-1]), initial=0))

    def block_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1


def _mojibake_warnings(blocks: list[CleanBlock], rules: NoiseRules, joined: _Joined | None = None) -> list[str]:
    """Lines that look decoded with the wrong codec: reported (with the line), never changed."""
    if joined is not None and rules.mojibake_min > 0 and not rules.mojibake.search("\n"):
        # One pass over the document; only lines holding a hit can be reported (the pattern is one character).
        found: dict[int, list[str]] = defaultdict(list)
        for m in rules.mojibake.finditer(joined.text):
            found[joined.block_of(m.start())].append(m.group())
        with_hits = [(blocks[k], found[k]) for k in sorted(found)]
    else:
        with_hits = [(cb, rules.mojibake.findall(cb.text)) for cb in blocks]
    warnings = []
    for cb, hits in with_hits:
        if len(hits) >= rules.mojibake_min or any("\u3100" <= h <= "\u312f" for h in hits):
            warnings.append(
                f"line {cb.index + 1} looks like mojibake (text decoded with the wrong codec): {shorten(cb.text, 30)}"
            )
    return warnings


_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")


def _line_rule(simple: str | None, text: str, rules: NoiseRules, following) -> Rule | None:
    """The first line rule that removes this line (``simple``: its Simplified text, None when no rule can).

    A rule that needs an entry after it (a 温馨提示： lead) removes the line only when ``following()``, the
    next non-blank line, is such an entry.
    """
    if simple is None:
        return None
    lead = len(text) - len(text.lstrip())
    simple_stripped = simple[lead : lead + len(text.strip())]
    if _ZERO_WIDTH.search(simple_stripped):  # ​点击上方蓝字 关注我们​: the marks a WeChat copy leaves around a line
        simple_stripped = _ZERO_WIDTH.sub("", simple_stripped).strip()
    for rule in rules.line:
        if rule.pattern.search(simple_stripped):
            if rule.needs_entry:
                nxt = following()
                if nxt is None or not _is_entry(rule, nxt):
                    continue
            return rule
    return None


def _is_entry(rule: Rule, text: str) -> bool:
    """An entry of the list that ``rule``'s line heads: its entry pattern, else a short link line (or a numbered
    line its numbered_entry pattern takes)."""
    if rule.entry is not None:
        return bool(rule.entry.search(text))
    return _is_link_line(text) or (rule.numbered_entry is not None and bool(rule.numbered_entry.search(text)))


class _OpenList:
    """The entries after a removed list lead; a repeated entry ends it (a contents list repeated as the
    body's titles: the body starts there)."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.reason = rule.entry_reason or f"entry under a removed line ({rule.reason})"
        self.seen: set[str] = set()

    def takes(self, text: str) -> bool:
        key = re.sub(r"[ \t\u3000\xa0]", "", text)
        if key in self.seen or not _is_entry(self.rule, text):
            return False
        self.seen.add(key)
        return True


def _is_link_line(text: str) -> bool:
    t = text.strip()
    return bool(t) and len(t) <= 40 and t[-1] not in _SENTENCE_BREAK and match_line_marker(t) is None


_SENTENCE_BREAK = char_set("sentence_break")


def _blocks_index_text(raw: RawDocument) -> bool:
    """Every block's text is raw.text[start:end] (compared in place, without slicing out every line)."""
    text = raw.text
    size = len(text)
    for b in raw.blocks:
        if 0 <= b.start <= b.end <= size:
            if b.end - b.start != len(b.text) or not text.startswith(b.text, b.start):
                return False
        elif text[b.start : b.end] != b.text:
            return False
    return True


def _placeholders(blocks: list[CleanBlock], rules: NoiseRules, joined: _Joined | None = None,
                  source: str | None = None) -> list[Placeholder]:
    """Placeholders in the cleaned text, with their offsets in the original; one pass per rule over
    the whole document, and a placeholder inside a longer one ("xx" in "20xx") is dropped. With ``source`` (the
    original text), a placeholder's text is its span there: a character cleaning took out of its middle (201x\x08×)
    stays in it, so the span and the text agree."""
    joined = joined or _Joined(blocks)
    text, starts = joined.text, joined.starts
    found = []
    for rule in rules.placeholder:
        for m in rule.finditer(text):
            k = bisect.bisect_right(starts, m.start()) - 1
            cb = blocks[k]
            start, end = cb.original_span(m.start() - starts[k], min(m.end() - starts[k], len(cb.text)))
            shown = source[start:end] if source is not None and end - start != len(m.group(0)) else m.group(0)
            found.append(Placeholder(text=shown, kind=rule.kind, start=start, end=end, block=cb.index))
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[Placeholder] = []
    for p in found:
        if kept and p.start < kept[-1].end:
            continue
        kept.append(p)
    return kept


def explain(text: str) -> tuple[str, list[Removal]]:
    """Clean a string and return (cleaned text, what was removed), like ftfy's fix_and_explain."""
    from planparse.read.types import blocks_from_lines

    doc = clean(RawDocument(text=text, blocks=blocks_from_lines(text)))
    return "\n".join(b.text for b in doc.blocks), doc.removals
