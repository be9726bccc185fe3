"""Numeric targets in plan text ("20名", "120人次", "十二场", "95%") and how they changed.

A target is a number (digits or Chinese numerals) followed by a unit word. Targets of an old and a
new text are paired through a word-level alignment in which every target is one placeholder token,
so "培训20名…表彰50名" → "培训30名…表彰50名" pairs 20→30 by context, not by position or value.

The word-level alignment (``token_opcodes``, also behind the inline diff) is bounded per pair of
texts: difflib's matcher as long as it stays within ``MATCHER_WORK`` steps (every measure of a real
plan does, by far), then a bit-parallel LCS (rapidfuzz) up to ``LCS_CELLS``, then a shared head and
tail with one replaced middle.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import repeat

from rapidfuzz.distance import Indel

from planparse.text.lexicon import alternation, char_class, class_body, lexicon
from planparse.text.numerals import chinese_to_int

# The measure words (data/lexicon.toml [units]); dedup's number masking reads the same tuple.
MEASURE_WORDS = lexicon().units.measure_words
# Longest first so 人次 wins over 人 and 万元 over 元. Units are what plans count targets in.
UNITS = sorted(MEASURE_WORDS, key=len, reverse=True)
_CN = class_body("numerals.quantity")
_DECIMAL = rf"\d+(?:{char_class('decimal_point')}\d+)?"
_NUMBER = rf"(?P<num>{_DECIMAL}|[{_CN}]+)"
_UNIT = "(?P<unit>" + "|".join(re.escape(u) for u in UNITS) + ")"
TARGET_RE = re.compile(rf"(?P<pct>百分之)?{_NUMBER}(?P<approx>{alternation(lexicon().units.approx)})?{_UNIT}?")
# What alignment masks so that 20名 and 30名 read alike: any number in digits, and a Chinese numeral
# when a unit follows (alone, 一 and 十 are ordinary characters: 统一, 十分).
QUANTITY_RE = re.compile(rf"{_DECIMAL}|[{_CN}]+(?={_UNIT})")
# Ordinals and dates are numbers but not targets: 第二次, 三届二次, 2025年, 一是.
_ORDINAL_BEFORE = frozenset(lexicon().units.ordinal_before)


@dataclass(frozen=True)
class Target:
    text: str  # as it reads, e.g. "十二名"
    value: float
    unit: str
    start: int
    end: int


def _value(number: str) -> float | None:
    number = number.replace("．", ".")
    if number[0].isdigit():
        try:
            return float(number)
        except ValueError:
            return None
    return chinese_to_int(number)


def extract_targets(text: str, boundaries: set[int] | None = None) -> list[Target]:
    """Targets in ``text``. ``boundaries`` (word starts from a tokenizer) rejects numerals inside words.

    Without boundaries a Chinese numeral inside a word ("统一名称") would read as a target, so a
    numeral written in Chinese must start a word; digits are never inside a word.
    """
    found: list[Target] = []
    for match in TARGET_RE.finditer(text):
        number, unit = match.group("num"), match.group("unit")
        pct = match.group("pct")
        if pct:
            unit = "%"
        if not unit:
            continue
        start = match.start()
        if start > 0 and text[start - 1] in _ORDINAL_BEFORE:
            continue
        if start > 0 and text[start - 1].isdigit():
            continue
        chinese = not number[0].isdigit()
        if chinese and boundaries is not None and match.start("num") not in boundaries and not pct:
            continue
        if chinese and unit == "万":
            continue  # "一万" alone is a number word, not a counted target
        value = _value(number)
        if value is None:
            continue
        unit = "%" if unit == "％" else unit
        found.append(Target(match.group(0), float(value), unit, start, match.end()))
    return found


@dataclass(frozen=True)
class TargetDelta:
    old: Target | None
    new: Target | None


def pair_targets(
    old_text: str,
    new_text: str,
    old_tokens: list[str],
    new_tokens: list[str],
) -> list[TargetDelta]:
    """Targets that changed value, appeared or disappeared between two versions of one measure."""
    old_targets = extract_targets(old_text, _starts(old_tokens))
    new_targets = extract_targets(new_text, _starts(new_tokens))
    if not old_targets and not new_targets:
        return []
    old_seq, old_slots = _masked(old_tokens, old_targets)
    new_seq, new_slots = _masked(new_tokens, new_targets)
    pairs: list[TargetDelta] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for tag, i1, i2, j1, j2 in token_opcodes(old_seq, new_seq):
        if tag == "insert" or tag == "delete":
            continue
        old_here = [old_slots[k] for k in range(i1, i2) if k in old_slots]
        new_here = [new_slots[k] for k in range(j1, j2) if k in new_slots]
        # Within an equal or replaced stretch, pair targets of the same unit in reading order.
        for unit in dict.fromkeys(old_targets[o].unit for o in old_here):
            olds = [o for o in old_here if old_targets[o].unit == unit and o not in used_old]
            news = [n for n in new_here if new_targets[n].unit == unit and n not in used_new]
            for o, n in zip(olds, news):
                used_old.add(o)
                used_new.add(n)
                if old_targets[o].value != new_targets[n].value:
                    pairs.append(TargetDelta(old_targets[o], new_targets[n]))
    # A target that only moved within the sentence (clauses swapped) is unchanged, not dropped + added:
    # each old target takes the first unused new target of the same unit and value.
    waiting: dict[tuple[str, float], deque[int]] = defaultdict(deque)
    for n, other in enumerate(new_targets):
        if n not in used_new:
            waiting[(other.unit, other.value)].append(n)
    for o, target in enumerate(old_targets):
        if o in used_old:
            continue
        queue = waiting.get((target.unit, target.value))
        if queue:
            used_old.add(o)
            used_new.add(queue.popleft())
    for o, target in enumerate(old_targets):
        if o not in used_old:
            pairs.append(TargetDelta(target, None))
    for n, target in enumerate(new_targets):
        if n not in used_new:
            pairs.append(TargetDelta(None, target))
    return pairs


def _starts(tokens: list[str]) -> set[int]:
    starts, offset = set(), 0
    for token in tokens:
        starts.add(offset)
        offset += len(token)
    return starts


def _masked(tokens: list[str], targets: list[Target]) -> tuple[list[str], dict[int, int]]:
    """Tokens with targets collapsed to unit-tagged placeholders; slot index -> target index.

    A target spanning several tokens gets one slot; a token holding several targets gets one slot
    for each, so every target has exactly one slot.
    """
    seq: list[str] = []
    slots: dict[int, int] = {}
    offset = 0
    t = 0
    for token in tokens:
        end = offset + len(token)
        overlapping = False
        while t < len(targets) and targets[t].start < end:
            if targets[t].end > offset:
                overlapping = True
                slots[len(seq)] = t
                seq.append("\x00" + targets[t].unit)
            t += 1
        if not overlapping:
            # A multi-token target already slotted at its first token: skip its remaining tokens.
            if t > 0 and targets[t - 1].end > offset:
                pass
            else:
                seq.append(token)
        offset = end
    return seq, slots


# --- bounded word alignment ---------------------------------------------------------------------
# difflib's matcher costs (token pairs it visits) x (depth of its recursion): nothing for a measure,
# but minutes for one "measure" that holds hundreds of look-alike ones (a plan whose numbering the
# parser could not follow). Within MATCHER_WORK steps (~0.1 s) its result is kept as it is; every
# measure of corpus/ and every paragraph of the two State Council year pairs stays below (the largest,
# a 2,000-character paragraph of the 2024 report: ~260,000 steps). Above it, the longest common subsequence of the tokens (rapidfuzz, bit-parallel:
# time and memory ~ len(a) x len(b) / 64 words) stands in; above LCS_CELLS (~16,000 tokens a side,
# ~32 MB) only the shared head and tail are equal and the middle is one replacement.
MATCHER_WORK = 1_000_000
LCS_CELLS = 1 << 28

Opcode = tuple[str, int, int, int, int]


class _OverBudget(Exception):
    pass


class _BoundedMatcher(SequenceMatcher):
    """difflib.SequenceMatcher (no autojunk) that gives up once it has visited ``budget`` token pairs."""

    def __init__(self, a: list[str], b: list[str], budget: int) -> None:
        self.budget = budget
        super().__init__(None, a, b, autojunk=False)

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        if ahi is None:
            ahi = len(self.a)
        # The search visits, for each a[i] of the range, b's occurrences of that token: at most this many.
        cost = (ahi - alo) + sum(map(len, map(self.b2j.get, self.a[alo:ahi], repeat((), ahi - alo))))
        self.budget -= cost
        if self.budget < 0:
            raise _OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)


def token_opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """``SequenceMatcher(None, a, b, autojunk=False).get_opcodes()``, bounded (see MATCHER_WORK)."""
    try:
        return _BoundedMatcher(a, b, MATCHER_WORK).get_opcodes()
    except _OverBudget:
        pass
    if len(a) * len(b) <= LCS_CELLS:
        ids: dict[str, int] = {}  # exact token identity (rapidfuzz would compare hashes)
        a_ids = [ids.setdefault(t, len(ids)) for t in a]
        b_ids = [ids.setdefault(t, len(ids)) for t in b]
        blocks = [(op.src_start, op.dest_start, op.src_end - op.src_start)
                  for op in Indel.opcodes(a_ids, b_ids) if op.tag == "equal"]
    else:
        head = 0
        limit = min(len(a), len(b))
        while head < limit and a[head] == b[head]:
            head += 1
        tail = 0
        while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
            tail += 1
        blocks = [(0, 0, head), (len(a) - tail, len(b) - tail, tail)]
    return _opcodes(blocks, len(a), len(b))


def _opcodes(blocks: list[tuple[int, int, int]], len_a: int, len_b: int) -> list[Opcode]:
    """Opcodes from increasing matching blocks, as difflib builds them (adjacent blocks joined)."""
    merged: list[list[int]] = []
    for i, j, size in blocks:
        if not size:
            continue
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1][2] += size
        else:
            merged.append([i, j, size])
    answer: list[Opcode] = []
    i = j = 0
    for ai, bj, size in [*merged, [len_a, len_b, 0]]:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            answer.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            answer.append(("equal", ai, i, bj, j))
    return answer
