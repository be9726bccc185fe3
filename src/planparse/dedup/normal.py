"""Comparison forms for dedup: markers stripped, width folded, Simplified, placeholders and numbers
masked, punctuation and whitespace removed.

The comparison form is only for matching; reports always show the text as the source has it.
Normalising one joined string (one line per unit) lets NFKC, OpenCC and the regexes run once over the
whole batch instead of once per paragraph, which matters at 100,000+ paragraphs.
"""

from __future__ import annotations

import re

from planparse.normalize import fold_width, to_simplified

MASK = "#"

_CN_DIGITS = "一二三四五六七八九十百零〇两"
# A bullet and/or a list marker at the start of a unit (after NFKC, so brackets are ASCII).
# Markers carry the numbering, not the content: "- 1、" and "1、" and "（一）" must compare equal.
_LEADING_MARKER = re.compile(
    r"^[ \t\u3000]*(?:[-*•·●○■□◆◇▪►>]+[ \t\u3000]*)?"
    r"(?:"
    rf"第[{_CN_DIGITS}\d]+[条章节部分点项][、:.．]?"
    r"|\(\s*[\d" + _CN_DIGITS + r"]+\s*\)[、.．]?"
    r"|\d+(?:\.\d+)*\s*[、.．)）:](?!\d)"
    rf"|[{_CN_DIGITS}]+\s*[、.．:]"
    rf"|[{_CN_DIGITS}]+是(?=\S)"
    r"|[①-⑳⑴-⒇]"
    r"|[A-Za-z][、.)](?![A-Za-z])"
    r")?",
    re.MULTILINE,
)
# Template placeholders (20xx, 201x, xx届, __, **, ×× …) and numbers: copies of one template differ in
# exactly these, so they compare equal whatever fills them.
_PLACEHOLDER_OR_NUMBER = re.compile(
    r"\d*(?<![A-Za-z])[xX×]{1,4}(?![A-Za-z])|_+|\*+|○{2,}|\d+(?:\.\d+)?%?"
)
# Everything that is not a letter, digit, CJK character or the mask goes (punctuation, whitespace).
# Newlines are kept: they separate the units of a batch.
_NOT_CONTENT = re.compile(r"[^\w#\n]|_")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_MASK_RUN = re.compile("#{2,}")


def comparison_forms(texts: list[str]) -> list[str]:
    """The comparison form of each text, in order. An empty string means "nothing to compare"."""
    if not texts:
        return []
    joined = "\n".join(_LINE_BREAKS.sub(" ", t) for t in texts)
    joined = to_simplified(fold_width(joined)).lower()
    joined = _LEADING_MARKER.sub("", joined)
    joined = _PLACEHOLDER_OR_NUMBER.sub(MASK, joined)
    joined = _MASK_RUN.sub(MASK, _NOT_CONTENT.sub("", joined))
    forms = joined.split("\n")
    if len(forms) != len(texts):  # a converter changed the line count: fall back to one at a time
        forms = [_single(t) for t in texts]
    return forms


def _single(text: str) -> str:
    text = to_simplified(fold_width(_LINE_BREAKS.sub(" ", text))).lower()
    text = _LEADING_MARKER.sub("", text)
    text = _PLACEHOLDER_OR_NUMBER.sub(MASK, text)
    return _MASK_RUN.sub(MASK, _NOT_CONTENT.sub("", text))


def comparison_form(text: str) -> str:
    return _single(text)


def clause_forms(text: str) -> list[str]:
    """Comparison forms of the clauses of one text (split at ，、；。 etc.), for order-free matching."""
    parts = re.split(r"[,，、;；。!！?？:：\n]+", text)
    return [f for f in comparison_forms(parts) if f]


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of a text, each end including its closing punctuation."""
    spans = []
    for match in re.finditer(r"[^。！？；!?;\n]+[。！？；!?;]*", text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            spans.append((start, end))
    return spans
