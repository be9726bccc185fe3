"""Comparison forms for dedup: markers stripped, width folded, Simplified, placeholders and numbers
masked, punctuation and whitespace removed.

Two views of one text: the comparison form (characters only) and the clause form, the same characters
with ``|`` where a clause ended (commas, semicolons, stops, colons), which the engine uses to
compare clauses regardless of their order. A marker is stripped at the start of every clause, not only
of the text: a clause swap carries "（5）" or "六、" into the middle, and inline lists renumber (一是/二是).

The comparison form is only for matching; reports always show the text as the source has it.
Normalising one joined string (one line per unit) lets NFKC, OpenCC and the regexes run once over the
whole batch instead of once per paragraph, which matters at 100,000+ paragraphs.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from planparse.text.lexicon import char_class, class_body, lexicon
from planparse.text.normalize import fold_width, to_simplified

MASK = "#"

# The measure words of planparse.plandiff.targets (one list, data/lexicon.toml [units]), plus the dated
# words (届 月 年) that dedup masks too: template copies differ in them, but they are not targets.
MEASURE_WORDS = lexicon().units.measure_words
COUNTED_WORDS = MEASURE_WORDS + lexicon().units.dated_words

_CN_DIGITS = class_body("numerals.ordinal")
_DIGIT = "0-9０-９"
_POINT = char_class("decimal_point")
CLAUSE = "|"
# Where a clause ends: sentence and clause punctuation and commas (and a literal | of a table row).
# Whitespace does not end a clause (a stray space inside one is common), but a marker may follow it.
_CLAUSE_END = rf"{class_body('clause_end', 'comma')}|"
_MARKER_AFTER = rf"{_CLAUSE_END} \t\u3000\u00a0"
# A bullet and/or a list marker at the start of a unit or of a clause, in full or half width.
# Markers carry the numbering, not the content: "- 1、" and "1、" and "（一）" must compare equal.
_MARKER = (
    r"(?:"
    rf"第[{_CN_DIGITS}{_DIGIT}]+[条章节部分点项][、:.．：]?"
    rf"|[(（]\s*[{_DIGIT}{_CN_DIGITS}]+\s*[)）][、.．]?"
    rf"|[{_DIGIT}]+(?:{_POINT}[{_DIGIT}]+)*\s*[、.．)）:：](?![{_DIGIT}])"
    rf"|[{_CN_DIGITS}]+\s*[、.．:：]"
    rf"|[{_CN_DIGITS}]+是(?=\S)"
    r"|[①-⑳⑴-⒇]"
    r"|[A-Za-zＡ-Ｚａ-ｚ][、.)）．](?![A-Za-z])"
    r")"
)
_BULLET = rf"{char_class('bullets')}[ \t\u3000]*"
_NEXT_MARKER = rf"(?:[ \t\u3000]*{_MARKER})?"  # a list inside an item: （3）一是…
# Group 1 is the clause end before the marker (kept); matching it, not looking behind for it, lets the
# regex skip to the next clause end (5x faster over a 1M-paragraph batch).
_LEADING_MARKER = re.compile(
    rf"(^|[{_MARKER_AFTER}])[ \t\u3000]*(?:(?:{_BULLET})+(?:{_MARKER}{_NEXT_MARKER})?|{_MARKER}{_NEXT_MARKER})",
    re.MULTILINE,
)
# Template placeholders (20xx, 201x, xx届, __, **, ×× …) and numbers: copies of one template differ in
# exactly these, so every run of digits and placeholder characters becomes one mask. Latin x inside a
# word becomes the mask too, which is harmless: both sides of a comparison change alike.
_PLACEHOLDER_OR_NUMBER = re.compile(rf"[{_DIGIT}{class_body('placeholders.characters')}]+(?:{_POINT}[{_DIGIT}]+)?")


@lru_cache(maxsize=1)
def _traditional_forms() -> dict[str, str]:
    """Simplified character -> its Traditional forms (个 -> 個箇), by running OpenCC t2s over the CJK blocks."""
    cjk = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    forms: dict[str, str] = {}
    for ch, simple in zip(cjk, to_simplified("\n".join(cjk)).split("\n")):
        if len(simple) == 1 and simple != ch:
            forms[simple] = forms.get(simple, "") + ch
    return forms


def _any_script(text: str) -> str:
    """``text``'s characters with their Traditional forms (个 -> 个個箇), as the inside of a regex class."""
    forms = _traditional_forms()
    return re.escape("".join(dict.fromkeys("".join(ch + forms.get(ch, "") for ch in text))))


@lru_cache(maxsize=1)
def _chinese_count() -> re.Pattern:
    """Chinese numerals are numbers too when a counted word follows (十名 / 十二名, 六场 / 八场, 三届 / 四届);
    elsewhere they are part of words (一线, 三八妇女节, 一强三优) and stay. Built on first use: it runs before
    the script is folded, so it matches Traditional forms too (個, 場, 萬, 兩), found with OpenCC.
    """
    single = "".join(w for w in COUNTED_WORDS if len(w) == 1)
    longer = "".join(f"|{''.join(f'[{_any_script(ch)}]' for ch in w)}" for w in COUNTED_WORDS if len(w) > 1)
    return re.compile(rf"[{_any_script(lexicon().numerals.quantity)}]+(?=[{_any_script(single)}]{longer})")


# Runs of clause ends become one clause mark (before the rest of the punctuation goes).
_CLAUSE_BREAKS = re.compile(rf"[{_CLAUSE_END}]+")
# Everything that is not a letter, digit, CJK character, the mask or a clause mark goes (punctuation).
# Newlines are kept: they separate the units of a batch.
_NOT_CONTENT = re.compile(r"[^\w#\n|]|_")
_CLAUSE_RUN = re.compile(r"\|{2,}")
_CLAUSE_EDGE = re.compile(r"^\||\|$", re.MULTILINE)
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_OTHER_BREAKS = re.compile(r"[\r\u2028\u2029\x0b\x0c\x85]")
_MASK_RUN = re.compile("#{2,}")
_MASK_AFTER_MASK = re.compile(r"(?<=#\|)#")
BATCH = 20_000
_NOT_IDEOGRAPH = re.compile(r"[^\u4e00-\u9fff\n#|]+")


def comparison_forms(texts: list[str]) -> list[str]:
    """The comparison form of each text, in order. An empty string means "nothing to compare"."""
    return both_forms(texts, clauses=False)[1]


def clause_forms(texts: list[str]) -> list[str]:
    """The clause form of each text: its comparison form with ``|`` between clauses."""
    return both_forms(texts, comparison=False)[0]


def both_forms(texts: list[str], clauses: bool = True, comparison: bool = True) -> tuple[list[str], list[str]]:
    """(clause forms, comparison forms), each list empty when not asked for; one normalisation pass.

    A batch of texts is one joined string (a line per text) so each regex, NFKC and OpenCC run once per
    batch; the order (markers, masks, punctuation out, then width fold) keeps the slow folding to the
    few characters left that are not ideographs. Batches of BATCH texts bound the joined strings and
    their regex copies (one batch of 1M paragraphs held ~1 GB of them at once).
    """
    clause_out: list[str] = []
    comparison_out: list[str] = []
    for lo in range(0, len(texts), BATCH):
        out = _clause_batch(texts[lo : lo + BATCH])
        if clauses:
            clause_out.extend(out.split("\n"))
        if comparison:
            comparison_out.extend(without_clauses(out).split("\n"))
    return clause_out, comparison_out


def _clause_batch(chunk: list[str]) -> str:
    """The clause forms of a batch of texts, newline-joined."""
    joined = "\n".join(chunk)
    if joined.count("\n") != len(chunk) - 1 or _OTHER_BREAKS.search(joined):
        joined = "\n".join(_LINE_BREAKS.sub(" ", t) for t in chunk)  # texts with line breaks inside
    out = _comparison(joined)
    if out.count("\n") != len(chunk) - 1:  # a converter changed the line count: one at a time
        out = "\n".join(_comparison(_LINE_BREAKS.sub(" ", t)) for t in chunk)
    return out


def without_clauses(joined: str) -> str:
    """Clause forms (one or many, newline-joined) -> comparison forms."""
    return joined.replace(CLAUSE, "")


def forms_and_clauses(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The comparison forms, and where their clauses end without holding the clause forms (at 1M
    paragraphs another ~280 MB of strings): ``lengths`` of every clause, text after text, and
    ``starts`` (len(texts) + 1 offsets) where each text's lengths begin. Text i's clauses are its form
    cut at the running sums of ``lengths[starts[i]:starts[i + 1]]``."""
    forms: list[str] = []
    lengths: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    for lo in range(0, len(texts), BATCH):
        chunk = texts[lo : lo + BATCH]
        out = _clause_batch(chunk)
        code_points = np.frombuffer(out.encode("utf-32-le"), dtype=np.uint32)
        ends = np.flatnonzero((code_points == ord(CLAUSE)) | (code_points == ord("\n")))
        bounds = np.concatenate(([-1], ends, [len(code_points)]))
        lengths.append((np.diff(bounds) - 1).astype(np.int32))
        new_text = np.concatenate(([True], code_points[ends] == ord("\n")))  # does part k begin a text
        counts.append(np.bincount(np.cumsum(new_text) - 1, minlength=len(chunk)))
        forms.extend(without_clauses(out).split("\n"))
    if not texts:
        return [], np.empty(0, dtype=np.int32), np.zeros(1, dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(np.concatenate(counts))))
    return forms, np.concatenate(lengths), starts


def comparison_form(text: str) -> str:
    return without_clauses(_comparison(_LINE_BREAKS.sub(" ", text)))


def _comparison(text: str) -> str:
    """The clause form of newline-separated texts."""
    text = _LEADING_MARKER.sub(r"\1", text)
    text = _chinese_count().sub(MASK, _PLACEHOLDER_OR_NUMBER.sub(MASK, text))
    text = _NOT_CONTENT.sub("", _CLAUSE_BREAKS.sub(CLAUSE, text))
    text = to_simplified(_NOT_IDEOGRAPH.sub(_fold_run, text))
    # one mask for a run of numbers across a clause end too (3，5 -> #|), so that the comparison form is
    # exactly the clause form without its |
    text = _MASK_AFTER_MASK.sub("", _CLAUSE_RUN.sub(CLAUSE, _MASK_RUN.sub(MASK, text)))
    return _CLAUSE_EDGE.sub("", _CLAUSE_RUN.sub(CLAUSE, text))


@lru_cache(maxsize=65536)
def _fold_run_text(run: str) -> str:
    # folding can reveal digits or punctuation (e.g. compatibility forms): mask and strip again
    return _NOT_CONTENT.sub("", _CLAUSE_BREAKS.sub(CLAUSE, _PLACEHOLDER_OR_NUMBER.sub(MASK, fold_width(run)))).lower()


def _fold_run(match: re.Match) -> str:
    return _fold_run_text(match.group())


_SENTENCE = re.compile(rf"[^{class_body('sentence_break')}\n]+{char_class('sentence_break')}*")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of a text, each end including its closing punctuation."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            spans.append((start, end))
    return spans
