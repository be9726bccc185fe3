"""The lexicon (data/lexicon.toml via planparse.text.lexicon): it loads, its classes are safe regex, the lists that
were merged stay one list, and the call sites built from it still read plans as they did."""

from __future__ import annotations

import ast
import re
from importlib import resources

import pytest

from planparse.dedup import normal
from planparse.dedup.normal import comparison_form, sentences
from planparse.lint import lint_text
from planparse.plandiff import targets
from planparse.plandiff.align import base_forms
from planparse.plandiff.targets import extract_targets
from planparse.text import lexicon as lexicon_module
from planparse.text.lexicon import Units, _section, alternation, char_class, chars, lexicon
from planparse.text.numerals import chinese_to_int


def test_lexicon_loads_once_with_every_section():
    lex = lexicon()
    assert lex is lexicon()
    assert "人次" in lex.units.measure_words and "届" in lex.units.dated_words
    assert lex.punctuation.sentence_end == "。！？!?"
    assert set(lex.numerals.ordinal) < set(lex.numerals.quantity)
    assert all(isinstance(w, str) and w for w in lex.time.words)


def test_every_key_has_a_comment_saying_what_it_is_for():
    text = resources.files("planparse.data").joinpath("lexicon.toml").read_text("utf-8").splitlines()
    for number, line in enumerate(text):
        if re.match(r"^[a-z_]+ = ", line):
            assert text[number - 1].startswith("#"), f"line {number + 1} ({line.split()[0]}) has no comment above it"


def test_unknown_or_missing_keys_are_errors():
    good = {"measure_words": ["名"], "dated_words": ["年"], "approx": ["余"], "ordinal_before": ["第"],
            "after_digit_marker": ["个"]}
    assert _section(Units, "units", good).measure_words == ("名",)
    with pytest.raises(ValueError, match="unknown"):
        _section(Units, "units", {**good, "mesure_words": ["名"]})
    with pytest.raises(ValueError, match="missing"):
        _section(Units, "units", {k: v for k, v in good.items() if k != "approx"})
    with pytest.raises(ValueError, match="non-empty"):
        _section(Units, "units", {**good, "approx": []})


def test_char_class_escapes_regex_syntax():
    # [punctuation] marker holds ( ) [ ] and bullets hold - and *: each must stand for itself.
    for name in ("marker", "bullets", "decimal_point", "sentence_break", "numerals.quantity", "units.after_digit_marker"):
        pattern = re.compile(char_class(name) + "+")
        assert pattern.fullmatch(chars(name)), name
        assert not pattern.search("a\\^"), name
    assert re.fullmatch(char_class("sentence_end", negate=True) + "+", "加强职工之家建设")
    assert re.fullmatch(alternation(("人次", "a.b")), "a.b") and not re.fullmatch(alternation(("a.b",)), "axb")
    with pytest.raises(ValueError):
        chars("units.measure_words")  # words, not characters


def test_numeral_classes_are_numerals():
    lex = lexicon()
    for ch in lex.numerals.quantity + lex.numerals.one_to_ten:
        assert chinese_to_int(ch) is not None, ch


def test_targets_and_dedup_share_one_measure_word_list():
    words = lexicon().units.measure_words
    assert targets.MEASURE_WORDS is words and normal.MEASURE_WORDS is words
    assert sorted(targets.UNITS) == sorted(words)
    assert normal.COUNTED_WORDS == words + lexicon().units.dated_words
    # Every counted word masks the numeral before it, in Simplified and in Traditional script.
    for word in normal.COUNTED_WORDS:
        assert comparison_form(f"共三{word}") == comparison_form(f"共五{word}"), word
    assert comparison_form("舉辦三場培訓，覆蓋兩個街道") == comparison_form("举办五场培训，覆盖三个街道")


def test_bullets_are_one_class_for_dedup_and_diff():
    for bullet in lexicon().punctuation.bullets:
        assert comparison_form(f"{bullet} 3、组织职工健步走") == comparison_form("组织职工健步走"), bullet
        assert base_forms([f"{bullet}组织职工健步走"]) == ["组织职工健步走"], bullet


def test_a_counted_target_reads_the_same():
    found = extract_targets("全年开展安全培训120人次，举办十二场技能比赛，困难职工帮扶覆盖率达95%")
    assert [(t.text, t.value, t.unit) for t in found] == [("120人次", 120.0, "人次"), ("十二场", 12.0, "场"),
                                                          ("95%", 95.0, "%")]
    assert extract_targets("召开第二次会员代表大会") == []  # an ordinal, not a target
    assert [t.value for t in extract_targets("走访慰问二〇户困难家庭")] == [20.0]  # digit by digit, a zero inside


def test_dedup_masks_numbers_of_a_template_copy():
    old = "组织一线职工八百余人参加劳动技能竞赛，评选十名岗位能手，第三届职工运动会于五月举行。"
    new = "组织一线职工九百余人参加劳动技能竞赛，评选十二名岗位能手，第四届职工运动会于六月举行。"
    assert comparison_form(old) == comparison_form(new)
    assert "一线" in comparison_form(old)  # a numeral inside a word stays
    text = "开展送温暖活动；走访困难职工！完成了吗?好"
    assert [text[s:e] for s, e in sentences(text)] == [
        "开展送温暖活动；", "走访困难职工！", "完成了吗?", "好"]


def test_lint_reads_time_level_and_year_words_from_the_lexicon():
    text = ("2025年工会工作计划\n一、职工服务\n1、春节前走访困难职工。\n2、职工体检全覆盖。\n3、加强职工服务。\n"
            "4、做好职工服务。\n二、总结\n1、自2018年以来持续开展。\n2、2024年，工会将继续完善制度。\n")
    report = lint_text(text, classify=False)
    years = [f for f in report.findings if f.code == "year-mismatch"]
    assert len(years) == 1 and "2024" in years[0].message  # 自2018年…以来 looks back
    row = report.smart[0]
    assert (row.measures, row.without_target, row.without_time) == (4, 3, 3)


def test_markers_quantity_list_is_the_one_text_markers_uses():
    from planparse.text import markers

    for ch in lexicon().units.after_digit_marker:
        assert markers._QUANTITY_AFTER.match(ch), ch


def test_lexicon_module_imports_only_the_standard_library():
    tree = ast.parse(resources.files("planparse.text").joinpath("lexicon.py").read_text("utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "re", "tomllib", "dataclasses", "functools", "importlib", "types", "typing"}, imported
    assert lexicon_module.lexicon.cache_info().maxsize == 1
