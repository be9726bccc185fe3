"""The matching form of text: width-folded, whitespace-free, Simplified.

Display text is never replaced by this form; it is derived on demand for matching, classification,
dedup and diff.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WHITESPACE = re.compile(r"\s+")
# Characters NFKC would fold but that carry meaning in plans (circled numbers are markers).
_KEEP = re.compile("[\u2460-\u24ff]")  # ①-⑳, ⑴-⒇, ⒈-⒛: NFKC would turn them into plain digits


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: building the converter costs ~20 ms

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text) if text else text


def simplified_in_place(text: str) -> str:
    """The Simplified form when it has the same length (OpenCC t2s almost always keeps it), else the text.

    Rules written in Simplified can then be matched on it and their offsets used on the original.
    """
    if not text or text.isascii():
        return text
    simple = _t2s().convert(text)
    return simple if len(simple) == len(text) else text


def fold_width(text: str) -> str:
    """NFKC without folding the circled/parenthesised numerals used as markers."""
    if text.isascii():
        return text
    if not _KEEP.search(text):
        return unicodedata.normalize("NFKC", text)
    return "".join(ch if _KEEP.match(ch) else unicodedata.normalize("NFKC", ch) for ch in text)


def match_form(text: str) -> str:
    """Width-folded, whitespace removed, Traditional converted to Simplified."""
    return to_simplified(_WHITESPACE.sub("", fold_width(text)))


# A private-use character: not whitespace, untouched by NFKC and OpenCC, so one call can convert many strings.
_RECORD = "\ue000"


# Recent matching forms: a parse computes them for item ids and the classifier needs the same texts
# right after, so the second call costs a lookup. Bounded: cleared when full. Results are gathered in a
# local dict first, so a clear (here or in another thread) can never lose a form a caller is waiting for.
_FORMS: dict[str, str] = {}
_FORMS_MAX = 100_000


def forget_forms() -> None:
    """Empty the cache of matching forms (benchmarks measure cold runs)."""
    _FORMS.clear()


def match_forms(texts: list[str]) -> list[str]:
    """match_form for many strings with a single OpenCC call (much faster than one call each)."""
    found: dict[str, str] = {}
    new = []
    for t in dict.fromkeys(texts):
        form = _FORMS.get(t)
        if form is None:
            new.append(t)
        else:
            found[t] = form
    if new:
        joined = _RECORD.join(t.replace(_RECORD, "") for t in new)
        computed = dict(zip(new, to_simplified(_WHITESPACE.sub("", fold_width(joined))).split(_RECORD)))
        found.update(computed)
        if len(_FORMS) + len(computed) > _FORMS_MAX:
            _FORMS.clear()
        if len(computed) <= _FORMS_MAX:
            _FORMS.update(computed)
    return [found[t] for t in texts]
