"""The lexicon: every Chinese word list and named punctuation class, read from ``data/lexicon.toml``.

Why: the same lists (measure words after numbers, numeral characters, sentence punctuation, bullets) were
written as literals in many modules, and the copies drifted apart. They now live in one data file, each
with a line saying what it is for, and code builds its patterns from them. Data, not code: a new measure
word is one edit to the TOML, and every matcher that counts things sees it.

    from planparse.text.lexicon import lexicon, char_class, alternation
    lexicon().units.measure_words        # ("万人次", "人次", …)
    char_class("sentence_end")           # "[。！？!\\?]": a regex class, escaped
    char_class("numerals.quantity")      # another section: "section.key"
    char_class("sentence_break", "comma")  # several classes in one: "[。！？!\\?；;，,]"
    char_set("sentence_end")             # frozenset({"。", "！", …}) for ``ch in`` tests
    alternation(lexicon().targets.level_words)   # "(?:全覆盖|覆盖率|…)"

Loaded once (``lru_cache``); the accessors are frozen dataclasses of tuples, strings and read-only
mappings, so callers share the very same objects, and ``char_set``/``char_class`` return one shared object
per combination of names. Modules build their patterns from these at import time, never per call. A key
the dataclasses do not name, or one they miss, is an error at load time.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Iterable, Mapping

Words = tuple[str, ...]
Numbered = Mapping[str, int]  # a TOML inline table of words and their numbers, read-only


@dataclass(frozen=True)
class Units:
    measure_words: Words
    dated_words: Words
    approx: Words
    ordinal_before: Words
    after_digit_marker: Words


@dataclass(frozen=True)
class Numerals:
    ordinal: str
    quantity: str
    one_to_ten: str
    legal: str
    year_digits: str


@dataclass(frozen=True)
class Punctuation:
    sentence_end: str
    sentence_break: str
    clause_end: str
    colon: str
    comma: str
    list_comma: str
    ellipsis: str
    closing: str
    bracket_pairs: Words
    leaders: str
    decimal_point: str
    trailing: str
    bullets: str
    dangling: str
    marker: str


@dataclass(frozen=True)
class Numbering:
    sequence_words: Numbered
    not_after_shi: str


@dataclass(frozen=True)
class Schedule:
    periods: Words
    period_units: Words
    month_parts: Words
    range_marks: str
    not_after_month: str
    header_words: Words


@dataclass(frozen=True)
class Fields:
    event_kinds: Words
    event_aspects: Words
    party_roles: Words
    party_kinds: Words
    arrangement_owners: Words
    arrangement_aspects: Words


@dataclass(frozen=True)
class Placeholders:
    characters: str


@dataclass(frozen=True)
class Time:
    words: Words


@dataclass(frozen=True)
class Targets:
    level_words: Words


@dataclass(frozen=True)
class Quantities:
    magnitudes: Numbered
    units: Words
    not_units: Words
    name_openers: str
    named_counts: Words
    article_numerals: Words
    rate_words: Words


@dataclass(frozen=True)
class Indicators:
    linkers: Words
    changes: Words
    openers: Words
    comparisons: Words
    actions: Words
    after_value: Words
    connectors: Words


@dataclass(frozen=True)
class Years:
    intent_words: Words
    plan_objects: Words
    lookback_words: Words
    year_suffixes: Words


@dataclass(frozen=True)
class PlanWords:
    document_words: Words
    piece_words: Words
    option_words: Words
    opening_words: Words
    title_words: Words
    report_verbs: Words


@dataclass(frozen=True)
class Organizations:
    suffixes: Words
    after_in_title: Words
    union_after_year: Words
    placeholder_names: Words
    generic_names: Words


@dataclass(frozen=True)
class Closing:
    openers: Words
    address_words: Words
    led_by: Words
    attachment_labels: Words


@dataclass(frozen=True)
class Docx:
    table_header_words: Words
    heading_styles: Words


@dataclass(frozen=True)
class Lexicon:
    units: Units
    numerals: Numerals
    punctuation: Punctuation
    placeholders: Placeholders
    numbering: Numbering
    schedule: Schedule
    fields: Fields
    time: Time
    targets: Targets
    years: Years
    plan: PlanWords
    organizations: Organizations
    closing: Closing
    docx: Docx
    quantities: Quantities
    indicators: Indicators


def _section(cls: type, name: str, table: dict) -> object:
    expected = {f.name: f.type for f in fields(cls)}
    if set(table) != set(expected):
        raise ValueError(f"lexicon.toml [{name}]: unknown {sorted(set(table) - set(expected))}, "
                         f"missing {sorted(set(expected) - set(table))}")
    values = {}
    for key, value in table.items():
        if expected[key] in (str, "str"):
            ok = isinstance(value, str)
        elif expected[key] in (Numbered, "Numbered"):
            ok = isinstance(value, dict) and all(isinstance(k, str) and k and isinstance(v, int) for k, v in value.items())
            value = MappingProxyType(value)
        else:
            ok = isinstance(value, list) and all(isinstance(v, str) and v for v in value)
            value = tuple(value)
        if not ok or not value:
            raise ValueError(f"lexicon.toml [{name}] {key}: expected a non-empty {expected[key]}")
        values[key] = value
    return cls(**values)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, parsed once."""
    data = tomllib.loads(resources.files("planparse.data").joinpath("lexicon.toml").read_text("utf-8"))
    sections = {f.name: f.type for f in fields(Lexicon)}
    if set(data) != set(sections):
        raise ValueError(f"lexicon.toml: unknown sections {sorted(set(data) - set(sections))}, "
                         f"missing {sorted(set(sections) - set(data))}")
    classes = {f.name: globals()[f.type] for f in fields(Lexicon)}
    return Lexicon(**{name: _section(classes[name], name, data[name]) for name in sections})


def chars(name: str) -> str:
    """The characters of a class: ``"sentence_end"`` ([punctuation]) or ``"section.key"`` ("numerals.quantity").

    A list of single characters ([units] after_digit_marker) reads as a class too.
    """
    section, _, key = name.rpartition(".")
    value = getattr(getattr(lexicon(), section or "punctuation"), key)
    if not isinstance(value, str):
        if any(len(v) != 1 for v in value):
            raise ValueError(f"lexicon {name} holds words, not single characters")
        value = "".join(value)
    return value


@lru_cache(maxsize=None)
def char_set(*names: str) -> frozenset[str]:
    """The characters of the named classes as one frozenset (for ``ch in`` tests), shared per combination."""
    return frozenset("".join(chars(n) for n in names))


@lru_cache(maxsize=None)
def class_body(*names: str) -> str:
    """The escaped inside of a regex character class holding every character of the named classes."""
    return "".join(re.escape(ch) for ch in dict.fromkeys("".join(chars(n) for n in names)))


@lru_cache(maxsize=None)
def char_class(*names: str, negate: bool = False) -> str:
    """A regex character class (``[...]``, or ``[^...]`` with ``negate``) of the named classes."""
    return f"[{'^' if negate else ''}{class_body(*names)}]"


def alternation(words: Iterable[str], longest_first: bool = False) -> str:
    """A non-capturing regex group matching any of ``words`` (escaped), in their order or longest first."""
    words = tuple(words)
    if longest_first:
        words = tuple(sorted(words, key=len, reverse=True))
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"
