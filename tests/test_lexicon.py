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


# -- the lists of text/, clean and structure/ ------------------------------------------------------------------


def test_sentence_and_clause_classes_are_shared_lexicon_entries():
    from planparse import clean
    from planparse.structure import joins, segment, tree, viewer
    from planparse.text import lines, markers
    from planparse.text.lexicon import char_set

    # One sentence-end class: the join pass's line end is tree's statement end plus the colon (a line ending in ： is
    # finished, its item still expects a body); the viewer's chunk end adds the commas. Same entries, same objects.
    assert tree._SENTENCE_END is char_set("sentence_break", "ellipsis", "closing", "decimal_point")
    assert joins._SENTENCE_END is char_set("clause_end", "ellipsis", "closing", "decimal_point")
    assert joins._SENTENCE_END == tree._SENTENCE_END | char_set("colon")
    assert viewer._END_PUNCTUATION == joins._SENTENCE_END | char_set("comma", "list_comma")
    assert segment._FULL_STOP is char_set("sentence_end")
    # One clause class (sentence_break + comma) for titles, separators, headings and the skipped-member search.
    clause = char_class("sentence_break", "comma")
    assert lines._CLAUSE_PUNCTUATION.pattern == clause and segment._AFTER_CLAUSE.pattern == clause
    assert tree._CLAUSE is char_set("sentence_break", "comma")
    assert joins._CLAUSE_PUNCTUATION.pattern == char_class("clause_end", "comma", "list_comma")
    assert tree._CLAUSE_OR_LIST is char_set("clause_end", "comma", "list_comma")
    assert clean._CLAUSE_END.pattern == char_class("clause_end")
    assert markers._INLINE_LINE_START.pattern.startswith(f"(?<={char_class('clause_end')})")
    # A line never starts with a closing mark, the closing half of a bracket pair, or clause punctuation.
    closers = {pair.split()[1] for pair in lexicon().punctuation.bracket_pairs}
    assert joins._CONTINUES == char_set("clause_end", "comma", "list_comma", "closing") | set("".join(closers))
    assert joins._PAIRS == tuple(tuple(p.split()) for p in lexicon().punctuation.bracket_pairs)


def test_plan_words_are_one_list_for_titles_separators_and_fused_titles():
    from planparse.structure import segment
    from planparse.text import lines

    words = lexicon().plan.document_words
    assert lines._PLAN_WORD == alternation(words)
    for word in words:
        assert lines.is_title_like(f"机关工会2025年{word}"), word
        fused = segment._FUSED_TITLE.match(f"机关工会2025年{word}一、加强思想引领")
        assert (fused is not None) == (len(word) >= 4), word  # 工作计划 ends a fused title, 计划 alone does not
        if fused:
            assert fused.end() == len(f"机关工会2025年{word}")


def test_closing_openers_are_one_list_and_address_words_open_paragraphs_only():
    from planparse.structure import segment
    from planparse.text import lines

    for word in lexicon().closing.openers:
        assert lines.is_closing_opener(f"{word}，工会将继续努力。"), word
        assert segment._CLOSING_OPENER.search(f"开展帮扶活动。{word}，工会将继续努力。"), word
    for word in lexicon().closing.address_words:
        assert lines.is_closing_opener(f"{word}！让我们携手奋进。"), word
        # inside a long paragraph a speech addresses its audience without closing ("…。各位代表可以看到，…")
        assert not segment._CLOSING_OPENER.search(f"开展帮扶活动。{word}可以看到，成绩来之不易。"), word
    assert lines.is_closing_opener("综上所述，…") and lines.is_closing_opener("展望未来，…")  # a prefix covers them


def test_numbering_schedule_and_field_words_come_from_the_lexicon():
    from itertools import product

    from planparse import clean
    from planparse.structure import segment
    from planparse.text import markers

    words = lexicon().numbering.sequence_words
    assert markers._SEQUENCE_WORDS is words
    for word, number in words.items():
        found = markers.match_line_marker(f"{word}，加强学习")
        assert found is not None and (found.family, found.number) == ("sequence", number), word
    assert markers.match_line_marker("然后，加强学习") is None  # not a sequence word
    assert markers.match_line_marker("一是否开展") is None and markers.match_line_marker("一是加强").family == "shi"
    assert set(markers.CN) == set(lexicon().numerals.ordinal)
    schedule = lexicon().schedule
    for period in schedule.periods:
        assert markers.schedule_prefix(f"{period}：召开职代会") == len(period) + 1, period
    for part in schedule.month_parts:
        assert markers.schedule_prefix(f"3月{part}：走访") == len(part) + 3, part
    for mark in schedule.range_marks:
        assert markers.SCHEDULE_PREFIX.match(f"3{mark}4月：培训"), mark
    for word in schedule.header_words:
        assert clean.SCHEDULE_HEADER.search(word), word
    fields = lexicon().fields
    labels = [*(a + b for a, b in product(("", *fields.event_kinds), fields.event_aspects)),
              *(a + b for a, b in product(fields.party_roles, fields.party_kinds)),
              *(a + b for a, b in product(fields.arrangement_owners, fields.arrangement_aspects))]
    for label in labels:
        assert markers.FIELD_LABEL.fullmatch(f"{label}："), label
    # segment tests the first 14 characters for a colon or 月 before trying these patterns: every period and
    # field label must end in its colon inside them.
    for text in [f"{p}：" for p in schedule.periods] + [f"{label}：" for label in labels]:
        assert segment._MAY_BE_LISTED.search(text, 0, 14), text


def test_year_organization_and_date_words_come_from_the_lexicon():
    from planparse.text import lines

    assert lines.year_of("二〇二五年工会工作计划") == 2025 and lines.year_of("二○二四年") == 2024
    assert lines.is_date_line("二〇二五年三月一日") and lines.is_date_line("20ｘｘ年ｘ月ｘ日")
    for suffix in lexicon().years.year_suffixes:
        assert lines.organization_from_title(f"2025{suffix}石桥镇总工会工作计划") == "石桥镇总工会", suffix
    for name in lexicon().organizations.generic_names:
        assert lines.organization_from_title(f"{name}2025年工作计划") is None, name
    for suffix in lexicon().organizations.suffixes:
        assert lines.is_signature_line(f"石桥镇{suffix}"), suffix


# Literals under text/, clean.py and structure/ that look like word lists but stay in code, with the reason.
# Keyed by module and the name the literal is assigned to (or the function it sits in).
KEPT_LITERALS = {
    # The numeral parser's value tables (character → value, with Traditional and financial forms): the grammar
    # of numerals itself, which the lexicon's numeral classes are checked against (test_numeral_classes_are_numerals).
    ("text/numerals.py", "DIGITS"), ("text/numerals.py", "UNITS"), ("text/numerals.py", "BIG_UNITS"),
    # The formatters' digit alphabets and the big units they write (Word's Chinese number formats: 〇一二, 壹贰叁,
    # 甲乙丙, 子丑寅; 万 亿 万亿): the output alphabet of a numbering format, indexed by value, not words to match.
    ("text/numerals.py", "CN_DIGITS"), ("text/numerals.py", "CN_LEGAL_DIGITS"), ("text/numerals.py", "CN_TRAD_LEGAL_DIGITS"),
    ("text/numerals.py", "STEMS"), ("text/numerals.py", "BRANCHES"), ("text/numerals.py", "big_units"),
}

_NON_ASCII_LIST_CHAR = re.compile(r"[^\x00-\x7f]")
_CJK_WORDS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+(?:\|[\u3400-\u9fff\uf900-\ufaff]+)+")
_BRACKETED = re.compile(r"\[\^?((?:\\.|[^\]\\])+)\]")


def _list_chars(text: str) -> int:
    """Non-ASCII characters that make a literal a list: CJK words and full-width punctuation, not digits (０-９ ①)."""
    import unicodedata

    return sum(1 for ch in text if ord(ch) > 127 and unicodedata.category(ch)[0] in "LPS")


def _word_list_literals(text: str) -> list[str]:
    """Why a string constant holds lexicon data: ``|``-separated CJK words (4+ characters), a bracketed class of
    4+ CJK or full-width marks, or a bare set written as a string (。；;，,  一二三四五六七八九十（( ): no regex
    syntax, no ASCII letter or digit, 3+ such characters."""
    found = [m.group(0) for m in _CJK_WORDS.finditer(text) if len(m.group(0).replace("|", "")) >= 4]
    found += [m.group(0) for m in _BRACKETED.finditer(text) if _list_chars(m.group(1)) >= 4]
    regex_like = any(s in text for s in ("[", "(?", "\\", "|"))
    bare = text.replace(" ", "").replace("\t", "").replace("\u3000", "")
    ascii_words = any(ch.isascii() and ch.isalnum() for ch in bare)
    if not regex_like and not ascii_words and len(bare) >= 4 and _list_chars(bare) >= 3:
        found.append(text)
    return found


def _scanned_modules():
    root = resources.files("planparse")
    paths = [*sorted(p.name for p in root.joinpath("text").iterdir() if p.name.endswith(".py"))]
    yield from ((f"text/{name}", root.joinpath("text", name)) for name in paths)
    yield "clean.py", root.joinpath("clean.py")
    for name in sorted(p.name for p in root.joinpath("structure").iterdir() if p.name.endswith(".py")):
        yield f"structure/{name}", root.joinpath("structure", name)


def _owner(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            return node.targets[0].id
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            return node.target.id
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            return node.name
    return "<module>"


def _leftover_lists() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for module, path in _scanned_modules():
        tree = ast.parse(path.read_text("utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
        for node in ast.walk(tree):
            hits: list[str] = []
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                hits = _word_list_literals(node.value)
            elif isinstance(node, (ast.Set, ast.List, ast.Tuple, ast.Dict)):
                elements = node.keys if isinstance(node, ast.Dict) else node.elts
                strings = [e.value for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                strings += [s.value for e in elements if isinstance(e, (ast.Tuple, ast.List)) for s in e.elts
                            if isinstance(s, ast.Constant) and isinstance(s.value, str)]
                listed = [s for s in strings if _list_chars(s)]
                if len(listed) >= 2 and sum(map(_list_chars, listed)) >= 4:
                    hits = [" ".join(listed)]
            if hits:
                found.setdefault((module, _owner(node, parents)), []).extend(hits)
    return found


def test_the_scanner_finds_word_lists_and_spares_marker_grammar():
    assert _word_list_literals(r"(?:总之|综上|新的一年)") and _word_list_literals("[个名家项次]")
    assert _word_list_literals("。；;，,") and _word_list_literals(r"[—\-–~～至到、,，]")
    assert _word_list_literals("一二三四五六七八九十（(")
    for grammar in ("[、：:]?", "[（(]", r"[)）][ \t\u3000]*[、.．]?", "[0-9０-９]{1,2}", "[①-⑳⑴-⒇]", "：:", " \t\u3000",
                    "(?:将|要)在", "1、2、3、 over long chunks"):
        assert not _word_list_literals(grammar), grammar


def test_no_word_list_is_left_in_text_clean_or_structure():
    found = _leftover_lists()
    leftover = {key: hits for key, hits in found.items() if key not in KEPT_LITERALS}
    assert not leftover, f"word lists or punctuation sets to move to data/lexicon.toml: {leftover}"
    assert not KEPT_LITERALS - set(found), f"allow-list entries no longer needed: {KEPT_LITERALS - set(found)}"
