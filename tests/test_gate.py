"""Literal gates (text/gate.py) are sound: a rule that matches a text always passes its gate."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from planparse.text.gate import required_literals
from planparse.text.noise import noise_rules

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _all_rules():
    rules = noise_rules()
    return [*rules.span, *rules.line_doc, *rules.line]


def _sound_on(text: str) -> None:
    for rule in _all_rules():
        if rule.pattern.search(text):
            assert rule.may_match(text), (rule.kind, rule.reason, rule.needs)


def test_gates_are_sound_on_every_page_we_have():
    pages = [p for p in (ROOT / "corpus" / "plans").glob("*.txt") if not p.name.endswith(".gold.txt")]
    pages += list((SHARED / "realpages").glob("*.txt")) + list((SHARED / "seeds").glob("*.txt"))
    for page in pages:
        try:
            _sound_on(page.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue


def test_gates_read_required_words_and_refuse_what_they_cannot_tell():
    assert set(required_literals(re.compile(r"[…]{0,6}(此处|余下)(内容)?已?隐藏\d+字"))) == {"隐藏"}
    assert set(required_literals(re.compile(r"(本文|文章)版权归"))) == {"本文版权归", "文章版权归"}
    assert required_literals(re.compile(r"(?:foo)?\d+")) is None  # a match may hold no fixed text
    assert required_literals(re.compile(r"(?i:abc)")) is None  # case-insensitive: no gate


# Texts made of the words the rules need, so gates are tested where they matter: near their own words.
WORDS = sorted({w for rule in _all_rules() if rule.needs for w in rule.needs} | set("：:，。 \n（）()【】[]0123456789"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=30).map("".join))
def test_gates_are_sound_on_text_built_from_their_own_words(text):
    _sound_on(text)


def test_gated_line_by_line_scanning_removes_exactly_what_a_whole_document_scan_removes(monkeypatch):
    from planparse import clean
    from planparse.read import read_path

    pages = [p for p in (ROOT / "corpus" / "plans").glob("*.txt") if not p.name.endswith(".gold.txt")]
    pages += list((SHARED / "realpages").glob("*.txt")) + list((SHARED / "seeds").glob("*.txt"))
    raws = [read_path(p) for p in pages]
    gated = [[(r.kind, r.start, r.end) for r in clean.clean(raw).removals] for raw in raws]
    monkeypatch.setattr(clean._Gates, "of", lambda self, rule, found, simple: None)  # every rule, whole document
    assert gated == [[(r.kind, r.start, r.end) for r in clean.clean(raw).removals] for raw in raws]
