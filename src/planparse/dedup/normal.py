"""Comparison forms for dedup: markers stripped, width folded, Simplified, placeholders and numbers
masked, punctuation and whitespace removed.

The comparison form is only for matching; reports always show the text as the source has it.
Normalising one joined string (one line per unit) lets NFKC, OpenCC and the regexes run once over the
whole batch instead of once per paragraph, which matters at 100,000+ paragraphs.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
# A bullet and/or a list marker at the start of a unit, in full or half width.
# Markers carry the numbering, not the content: "- 1、" and "1、" and "（一）" must compare equal.
_LEADING_MARKER = re.compile(
    rf"^[ \t\u3000]*(?:{char_class('bullets')}[ \t\u3000]*)*"
    r"(?:"
    rf"第[{_CN_DIGITS}{_DIGIT}]+[条章节部分点项][、:.．：]?"
    rf"|[(（]\s*[{_DIGIT}{_CN_DIGITS}]+\s*[)）][、.．]?"
    rf"|[{_DIGIT}]+(?:{_POINT}[{_DIGIT}]+)*\s*[、.．)）:：](?![{_DIGIT}])"
    rf"|[{_CN_DIGITS}]+\s*[、.．:：]"
    rf"|[{_CN_DIGITS}]+是(?=\S)"
    r"|[①-⑳⑴-⒇]"
    r"|[A-Za-zＡ-Ｚａ-ｚ][、.)）．](?![A-Za-z])"
    r")?",
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


# Everything that is not a letter, digit, CJK character or the mask goes (punctuation, whitespace).
# Newlines are kept: they separate the units of a batch.
_NOT_CONTENT = re.compile(r"[^\w#\n]|_")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_OTHER_BREAKS = re.compile(r"[\r\u2028\u2029\x0b\x0c\x85]")
_MASK_RUN = re.compile("#{2,}")
_NOT_IDEOGRAPH = re.compile(r"[^\u4e00-\u9fff\n#]+")


def comparison_forms(texts: list[str]) -> list[str]:
    """The comparison form of each text, in order. An empty string means "nothing to compare".

    The batch is one joined string (a line per text) so each regex, NFKC and OpenCC run once; the
    order (markers, masks, punctuation out, then width fold) keeps the slow folding to the few
    characters left that are not ideographs.
    """
    if not texts:
        return []
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1 or _OTHER_BREAKS.search(joined):
        joined = "\n".join(_LINE_BREAKS.sub(" ", t) for t in texts)  # texts with line breaks inside
    forms = _comparison(joined).split("\n")
    if len(forms) != len(texts):  # a converter changed the line count: fall back to one at a time
        forms = [comparison_form(t) for t in texts]
    return forms


def comparison_form(text: str) -> str:
    return _comparison(_LINE_BREAKS.sub(" ", text))


def _comparison(text: str) -> str:
    text = _LEADING_MARKER.sub("", text)
    text = _NOT_CONTENT.sub("", _chinese_count().sub(MASK, _PLACEHOLDER_OR_NUMBER.sub(MASK, text)))
    text = to_simplified(_NOT_IDEOGRAPH.sub(_fold_run, text))
    return _MASK_RUN.sub(MASK, text)


@lru_cache(maxsize=65536)
def _fold_run_text(run: str) -> str:
    # folding can reveal digits or punctuation (e.g. compatibility forms): mask and strip again
    return _NOT_CONTENT.sub("", _PLACEHOLDER_OR_NUMBER.sub(MASK, fold_width(run))).lower()


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
