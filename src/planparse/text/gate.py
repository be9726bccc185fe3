"""Literal gates for regular expressions: strings one of which every match must contain.

Python's ``re`` scans a document at every position unless a pattern opens with a literal; most noise rules
open with an optional prefix (``[…\\.]{0,6}``, ``(?:^|(?<=[。！？]))[^。]{0,60}?``), so each one costs a full
scan even on a page that holds none of its words. ``required_literals`` reads the pattern's parse tree and
returns strings such that any match contains at least one of them; a caller skips the pattern when none
occurs in the text (``str.__contains__`` is a fast C search). No library computes this for Python
patterns, hence the small walk over ``re._parser`` below; anything it does not understand yields no gate.
"""

from __future__ import annotations

import itertools
import re

try:  # Python 3.11+: the parser lives in re._parser (sre_parse is its deprecated alias)
    from re import _parser as sre_parse
    from re._constants import (
        ASSERT, ASSERT_NOT, AT, AT_BEGINNING, ATOMIC_GROUP, BRANCH, CATEGORY, CATEGORY_DIGIT, CATEGORY_SPACE, IN,
        LITERAL, MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT, RANGE, SUBPATTERN,
    )
except ImportError:  # pragma: no cover - an older or future layout: no gates, same results
    sre_parse = None

# A gate of more alternatives than this costs more to test than the scan it saves.
MAX_ALTERNATIVES = 24
_MAX_RANGE = 12


def _parse_tree(pattern: re.Pattern, scoped_flags: bool = False):
    """``pattern``'s parse tree, or None when it is not read here: no parser, or case-insensitive matching
    (with ``scoped_flags`` a ``(?i:…)`` group is allowed: the caller never looks into such a group)."""
    if sre_parse is None or pattern.flags & re.IGNORECASE or (not scoped_flags and "(?i" in pattern.pattern):
        return None
    try:
        return sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - compiled already, so parsing again does not fail
        return None


def required_literals(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which occurs in every match of ``pattern``; None when that cannot be told."""
    tree = _parse_tree(pattern)
    if tree is None:
        return None
    best = _sequence(list(tree))
    if not best or len(best) > MAX_ALTERNATIVES or "" in best:
        return None
    return tuple(sorted(best, key=len, reverse=True))


def _sequence(items: list) -> set[str] | None:
    """The best requirement of a sequence: consecutive fixed pieces are joined into longer strings."""
    best: set[str] | None = None
    run: set[str] | None = None  # the strings the current stretch of fixed pieces spells
    for op, av in items:
        fixed = _fixed(op, av)
        if fixed is not None:
            run = fixed if run is None else _join(run, fixed)
            if run is None:  # too many combinations: start again from this piece
                run = fixed
            best = _better(best, run)
            continue
        run = None
        best = _better(best, _required(op, av))
    return best


def _join(left: set[str], right: set[str]) -> set[str] | None:
    if len(left) * len(right) > MAX_ALTERNATIVES:
        return None
    return {a + b for a in left for b in right}


def _fixed(op, av) -> set[str] | None:
    """The strings an element always spells exactly (a literal, a small class, a group of such), or None."""
    if op is LITERAL:
        return {chr(av)}
    if op is IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is LITERAL:
                chars.add(chr(value))
            elif kind is RANGE and value[1] - value[0] <= _MAX_RANGE:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:
                return None
        return chars if len(chars) <= MAX_ALTERNATIVES else None
    if op is SUBPATTERN and not av[1] and not av[2]:  # a plain group, no inline flags
        out: set[str] | None = {""}
        for sub_op, sub_av in av[3]:
            piece = _fixed(sub_op, sub_av)
            if piece is None:
                return None
            out = _join(out, piece)
            if out is None:
                return None
        return out
    if op is BRANCH:
        out = set()
        for branch in av[1]:
            piece = _fixed(SUBPATTERN, (None, 0, 0, branch))
            if piece is None:
                return None
            out |= piece
        return out if len(out) <= MAX_ALTERNATIVES else None
    return None


def _required(op, av) -> set[str] | None:
    """What any match of one element must contain, when it is not a fixed string."""
    if op in (MAX_REPEAT, MIN_REPEAT):
        low, _high, body = av
        return _sequence(list(body)) if low >= 1 else None
    if op is SUBPATTERN and not av[1] and not av[2]:
        return _sequence(list(av[3]))
    if op is BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            need = _sequence(list(branch))
            if not need:
                return None  # one alternative needs nothing: the branch gives no gate
            out |= need
        return out
    if op in (AT, ASSERT, ASSERT_NOT):
        return None
    return None


def _better(current: set[str] | None, candidate: set[str] | None) -> set[str] | None:
    """The more selective of two requirements: longer shortest string, then fewer alternatives."""
    if not candidate or "" in candidate or len(candidate) > MAX_ALTERNATIVES:
        return current
    if current is None:
        return candidate
    score = (min(map(len, candidate)), -len(candidate))
    return candidate if score > (min(map(len, current)), -len(current)) else current


def first_characters(pattern: re.Pattern, among: frozenset[str]) -> frozenset[str] | None:
    """The characters of ``among`` that a match of ``pattern`` can start with; None when that cannot be told
    (the pattern may match the empty string, opens with an assertion, or uses a construct not read here)."""
    tree = _parse_tree(pattern)
    if tree is None:
        return None
    if tree.getwidth()[0] == 0:
        return None
    first = _first(list(tree), among)
    return None if first is None else frozenset(first)


def _first(items: list, among: frozenset[str]) -> set[str] | None:
    if not items:
        return None
    op, av = items[0]
    if op is LITERAL:
        return {chr(av)} & among
    if op is IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is LITERAL:
                chars.add(chr(value))
            elif kind is RANGE:
                chars.update(c for c in among if value[0] <= ord(c) <= value[1])
            elif kind is CATEGORY and value is CATEGORY_DIGIT:
                chars.update(c for c in among if c.isdecimal())  # \d: Unicode category Nd
            else:
                return None  # a negated class or another category
        return chars & among
    if op is SUBPATTERN and not av[1] and not av[2] and av[3].getwidth()[0] > 0:
        return _first(list(av[3]), among)
    if op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1 and av[2].getwidth()[0] > 0:
        return _first(list(av[2]), among)
    if op is BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            if branch.getwidth()[0] == 0:
                return None
            piece = _first(list(branch), among)
            if piece is None:
                return None
            out |= piece
        return out
    return None


# -- Scanning a whole document for a pattern ------------------------------------------------------------------
# ``re`` finds a pattern's matches by trying it at every position, unless the pattern opens with a literal or a
# plain character class (then a C loop skips to the next possible start). A pattern opening with a lookbehind,
# ``^`` or an optional prefix gets no such skip: on a 3 MB document each costs tens of milliseconds even when it
# matches nowhere. ``Scanner`` finds the characters every match must start with (the pattern's FIRST set, read
# from its parse tree), lets a plain character class find where they occur, and tries the pattern only there.

# A FIRST set wider than this many characters is not worth a candidate search (a Chinese range, \w …); a
# narrow one that still occurs everywhere is caught while scanning (the try budget in Scanner.finditer).
_MAX_FIRST_SPAN = 4096
_LINE_START_FLAGS = re.MULTILINE


class Scanner:
    """``finditer`` over a whole text with the same matches as ``pattern.finditer(text)``.

    Every match starts with a character of the pattern's FIRST set (and, for a pattern anchored by ``^`` in
    multi-line mode, at a line start), so trying ``pattern.match`` at those positions only, leftmost first and
    from the end of the previous match on, finds exactly the matches ``finditer`` finds. A few characters are
    found with ``str.find``, more with a character class; when the candidates are dense, the text is left to
    ``pattern.finditer``. A pattern ``re`` can already skip through (one opening with a literal or a class) is
    left to it.
    """

    __slots__ = ("pattern", "candidates", "chars", "line_start")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.candidates: re.Pattern | None = None
        self.chars: tuple[str, ...] | None = None  # the FIRST set, when it is a few characters
        self.line_start = False  # every match starts at position 0 or right after a "\n"
        found = _first_class(pattern)
        if found is not None:
            cls, chars, self.line_start = found
            if chars is not None and len(chars) <= _MAX_FIND_CHARS and not self.line_start:
                self.chars = tuple(sorted(chars))
            else:
                self.candidates = re.compile(f"\n{cls}" if self.line_start else cls)

    def finditer(self, text: str):
        pattern = self.pattern
        budget = len(text) // 32 + 64  # tries before a plain scan is cheaper
        if self.chars is not None:
            starts = _positions(text, self.chars, budget)
        elif self.candidates is not None:
            shift = 1 if self.line_start else 0  # "\n" + a FIRST character: the match starts after the "\n"
            starts = (c.start() + shift for c in self.candidates.finditer(text))
            if self.line_start and text:
                starts = itertools.chain((0,), starts)
        else:
            starts = None
        if starts is None:
            yield from pattern.finditer(text)
            return
        end = 0
        for at in starts:
            if at < end:
                continue
            budget -= 1
            if budget < 0:
                yield from pattern.finditer(text, at)  # no match starts between ``end`` and ``at``
                return
            m = pattern.match(text, at)
            if m:
                end = m.end()
                yield m


# A FIRST set of at most this many characters is found with str.find, one character at a time.
_MAX_FIND_CHARS = 8


def _positions(text: str, chars: tuple[str, ...], limit: int) -> list[int] | None:
    """Where any of ``chars`` occurs in ``text``, ascending; None when that is more than ``limit`` places."""
    found: list[int] = []
    for ch in chars:
        at = text.find(ch)
        while at >= 0:
            found.append(at)
            if len(found) > limit:
                return None
            at = text.find(ch, at + 1)
    found.sort()
    return found


def _first_class(pattern: re.Pattern) -> tuple[str, frozenset[str] | None, bool] | None:
    """A character class holding every character a match of ``pattern`` can start with (and those characters
    when the class lists single characters only), and whether every match starts at a line start (``^`` in
    multi-line mode). None when that cannot be told, is not narrow, or when ``re`` itself skips to where the
    pattern can start. (A group with its own flags, such as ``(?i:…)``, is never looked into.)"""
    tree = _parse_tree(pattern, scoped_flags=True)
    if tree is None:
        return None
    if tree.getwidth()[0] == 0:
        return None  # a match may be empty
    if _own_prefix(tree, pattern.flags):
        return None
    items = list(tree)
    first = _first_of_sequence(items)
    if first is None or first[1] or not first[0]:
        return None
    parts, span = [], 0
    for kind, value in sorted(first[0], key=repr):
        if kind == "char":
            parts.append(_class_char(value))
            span += 1
        elif kind == "range":
            parts.append(f"{_class_char(value[0])}-{_class_char(value[1])}")
            span += value[1] - value[0] + 1
        else:
            parts.append(value)  # \d or \s
            span += 64
    if span > _MAX_FIRST_SPAN:
        return None
    chars = frozenset(chr(v) for k, v in first[0] if k == "char") if all(k == "char" for k, _v in first[0]) else None
    flags = tree.state.flags if hasattr(tree, "state") else pattern.flags
    line_start = bool(flags & _LINE_START_FLAGS) and _anchored(items)
    return f"[{''.join(parts)}]", chars, line_start


def _own_prefix(tree, flags: int) -> bool:
    """``re`` opens this pattern with a literal prefix or a character set it scans for in C (re._compiler's
    own analysis; without it, assume not)."""
    try:
        from re import _compiler

        prefix, _skip, _got_all = _compiler._get_literal_prefix(tree, flags)
        return bool(prefix) or _compiler._get_charset_prefix(tree, flags) is not None
    except Exception:  # pragma: no cover - another Python's internals: the candidate search still holds
        return False


def _class_char(code: int) -> str:
    ch = chr(code)
    return "\\" + ch if ch in "\\]^-[" else ch if ch.isprintable() and ch != " " else f"\\U{code:08x}"


def _anchored(items: list) -> bool:
    """The sequence opens with ``^`` in every alternative."""
    if not items:
        return False
    op, av = items[0]
    if op is AT:
        return av is AT_BEGINNING
    if op is SUBPATTERN and not av[1] and not av[2]:
        return _anchored(list(av[3]))
    if op is BRANCH:
        return all(_anchored(list(branch)) for branch in av[1])
    return False


def _first_of_sequence(items: list) -> tuple[set, bool] | None:
    """(FIRST set, whether the whole sequence can match the empty string); None when not known."""
    first: set = set()
    for op, av in items:
        found = _first_of(op, av)
        if found is None:
            return None
        first |= found[0]
        if not found[1]:
            return first, False
    return first, True


def _first_of(op, av) -> tuple[set, bool] | None:
    if op is LITERAL:
        return {("char", av)}, False
    if op is IN:
        out: set = set()
        for kind, value in av:
            if kind is LITERAL:
                out.add(("char", value))
            elif kind is RANGE:
                out.add(("range", value))
            elif kind is CATEGORY and value is CATEGORY_DIGIT:
                out.add(("category", "\\d"))
            elif kind is CATEGORY and value is CATEGORY_SPACE:
                out.add(("category", "\\s"))
            else:
                return None  # a negated class or a wide category: no narrow FIRST set
        return out, False
    if op is ASSERT and av[0] == 1:  # a lookahead: the character here must open what it looks for
        found = _first_of_sequence(list(av[1]))
        return (found[0], False) if found is not None and not found[1] else (set(), True)
    if op in (AT, ASSERT, ASSERT_NOT):
        return set(), True  # zero width: the next element opens the match
    if op is SUBPATTERN:
        if av[1] or av[2]:
            return None  # scoped flags
        return _first_of_sequence(list(av[3]))
    if op is ATOMIC_GROUP:
        return _first_of_sequence(list(av))
    if op is BRANCH:
        out, empty = set(), False
        for branch in av[1]:
            found = _first_of_sequence(list(branch))
            if found is None:
                return None
            out |= found[0]
            empty = empty or found[1]
        return out, empty
    if op in (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT):
        low, _high, body = av
        found = _first_of_sequence(list(body))
        if found is None:
            return None
        return found[0], found[1] or low == 0
    return None
