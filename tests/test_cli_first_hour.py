"""Issue 12, "the first hour": what a new user meets first, from the library and the command line.

Short reprs, the named item iterator, the typed facade and DiffResult's reports; files that are not plans
named as such; an empty file warned about; --version; help with readable value names in grouped panels;
a Markdown diff without empty headings. The plan texts are our own, in the style of a school union plan.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

import planparse
from planparse.cli import COMMAND_PANELS, app
from planparse.errors import InputError

# The warning an empty file gets, in English (tests/test_messages_cli.py checks the Chinese).
NO_TEXT_WARNING = "no text: the document is empty or holds only blank lines and website clutter, so no plan was read"

runner = CliRunner()

PLAN_2024 = """城南实验小学工会2024年工作计划

2024年，学校工会在校党支部和上级工会的领导下，围绕学校中心工作，关心教职工生活，现将全年工作安排如下。

一、加强师德师风建设

1、每学期组织一次师德专题学习，全年不少于4次。

2、开展“最美教师”评选，年内评选优秀教师五名。

二、推进教职工民主管理

1、召开一届三次教职工代表大会，审议学校年度工作报告。

2、坚持校务公开，每月公布一次教职工关心的事项。

三、丰富教职工文体生活

1、举办教职工趣味运动会和迎新年联欢会。

2、组建羽毛球、合唱两个兴趣小组，每周活动一次。
（1）羽毛球小组每周三下午活动。
（2）合唱小组每周五下午排练。

城南实验小学工会
2024年1月10日
"""

PLAN_2025 = (PLAN_2024.replace("2024", "2025").replace("不少于4次", "不少于6次").replace("五名", "八名")
             .replace("2、坚持校务公开，每月公布一次教职工关心的事项。\n", ""))


@pytest.fixture
def pair(tmp_path):
    old, new = tmp_path / "2024年计划.txt", tmp_path / "2025年计划.txt"
    old.write_text(PLAN_2024, encoding="utf-8")
    new.write_text(PLAN_2025, encoding="utf-8")
    return old, new


# --- reprs and the item iterator ----------------------------------------------------------------
def test_reprs_are_one_short_line():
    page = f"教育工会计划汇编\n\n篇一\n\n{PLAN_2024}\n篇二\n\n{PLAN_2025}"
    col = planparse.parse(page, source="汇编.txt", classify=False)
    assert repr(col) == "PlanCollection(source='汇编.txt', 2 plans, 6 sections, 15 items)"
    assert str(col) == repr(col)
    plan = col.plans[0]
    assert repr(plan) == ("Plan(title='城南实验小学工会2024年工作计划', year=2024, organization='城南实验小学工会', "
                          "3 sections, 8 items)")
    third = plan.sections[2]
    assert repr(third) == "Section(marker='三、', title='丰富教职工文体生活', 4 items)"
    assert repr(third.items[1]) == "Item(marker='2、', text='组建羽毛球、合唱两个兴趣小组，每周活动一次。', 2 children)"
    long_item = planparse.parse("一、学习\n1、" + "组织教职工学习" * 30 + "。\n", classify=False).plans[0].sections[0].items[0]
    assert len(repr(long_item)) < 60 and repr(long_item).endswith("…')")


def test_all_items_names_plan_section_and_item():
    col = planparse.parse(PLAN_2024, classify=False)
    entries = list(col.all_items())
    assert [e.path for e in entries] == [path for *_, path in col.iter_items()]
    child = next(e for e in entries if e.path == "1/3/2/1")
    assert child.plan is col.plans[0] and child.section.label == "三、丰富教职工文体生活"
    assert child.item.marker == "（1）" and "羽毛球" in child.item.text


# --- the facade and DiffResult ------------------------------------------------------------------
def test_diff_takes_paths_or_collections_and_gives_every_report(pair):
    old, new = pair
    from_paths = planparse.diff(old, new, classify=False)
    from_collections = planparse.diff(planparse.load(old, classify=False), planparse.load(new, classify=False))
    assert isinstance(from_paths, planparse.DiffResult)
    assert from_paths.counts == from_collections.counts
    assert from_paths.counts["removed"] == 1 and from_paths.counts["modified"] >= 3
    assert json.loads(from_paths.to_json()) == from_paths.model_dump(mode="json")
    assert "\n" not in from_paths.to_json(indent=None)
    page = from_paths.to_html()
    assert page.startswith("<!DOCTYPE html>") and "五名" in page and "八名" in page
    markdown = from_paths.to_markdown()
    assert "4次 → 6次" in markdown and "~~坚持校务公开" in markdown
    assert "[-" in from_paths.to_table() or "{+" in from_paths.to_table()
    with pytest.raises(InputError, match="plan 3 requested"):
        planparse.diff(old, new, new_plan=3, classify=False)


def test_find_duplicates_takes_any_iterable_of_texts():
    col = planparse.parse(PLAN_2024 + "\n四、其他\n1、开展“最美教师”评选，年内评选优秀教师五名。\n", classify=False)
    groups = planparse.find_duplicates(entry.item.text for entry in col.all_items())
    assert [g.kind for g in groups] == ["exact"]
    texts = [e.item.text for e in col.all_items()]
    assert {texts[i] for i in groups[0].indices} == {"开展“最美教师”评选，年内评选优秀教师五名。"}


def test_markdown_diff_prints_no_empty_heading(pair):
    old, new = pair
    markdown = planparse.diff(old, new, classify=False).to_markdown()
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert "### 三、丰富教职工文体生活" not in headings  # nothing of it changed
    lines = markdown.splitlines()
    for k, line in enumerate(lines):  # every section heading has a record under it
        if line.startswith("### "):
            assert lines[k + 2].startswith("- "), line
    same = planparse.diff(old, old, classify=False).to_markdown()
    assert "###" not in same and "（无变化 no changes）" in same
    # Sections swapped, renumbered only, nothing under them changed: a line of each, not a heading.
    head, rest = PLAN_2024.split("二、推进教职工民主管理")
    second, third = rest.split("三、丰富教职工文体生活")
    third, tail = third.split("城南实验小学工会\n2024年1月10日")
    swapped_path = old.with_name("swapped.txt")
    swapped_path.write_text(f"{head}二、丰富教职工文体生活{third}三、推进教职工民主管理{second}"
                            f"城南实验小学工会\n2024年1月10日{tail}", encoding="utf-8")
    report = planparse.diff(old, swapped_path, classify=False).to_markdown()
    assert not [line for line in report.splitlines() if line.startswith("###")], report
    assert "**二、丰富教职工文体生活** （原 三、）" in report.splitlines()
    assert "**三、推进教职工民主管理** （原 二、）" in report.splitlines()


# --- files that are not plans, and files with no text -------------------------------------------
@pytest.mark.parametrize("name,data,said", [
    ("通知.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "damaged PDF, or not a PDF"),  # PDFs are read (issue 16)
    ("通知.txt", b"%PDF-1.4\n1 0 obj", "damaged PDF, or not a PDF"),
    ("台账.xlsx", b"PK\x03\x04\x14\x00\x06\x00", "an Excel workbook (.xlsx)"),
    ("汇报.pptx", b"PK\x03\x04\x14\x00\x06\x00", "a PowerPoint presentation (.pptx)"),
    ("照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image"),  # a scan: read by OCR, or named as needing it
    ("截图.gif", b"GIF89a\x01\x00\x01\x00", "a GIF image (.gif)"),
    ("材料.zip", b"PK\x03\x04\x14\x00\x00\x00", "a zip archive (.zip)"),
])
def test_files_that_are_not_plans_are_named(tmp_path, name, data, said):
    path = tmp_path / name
    path.write_bytes(data + b"\x00" * 64)
    with pytest.raises(InputError, match=re.escape(said)):
        planparse.load(path)
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"planparse: error: {path}: ") and said in result.stderr


@pytest.mark.parametrize("content", [b"", b"\r\n  \r\n\t\r\n", "\ufeff   \n".encode("utf-8")])
def test_an_empty_file_gives_no_plan_and_a_warning(tmp_path, content):
    path = tmp_path / "空白.txt"
    path.write_bytes(content)
    col = planparse.load(path, classify=False)
    assert col.plans == [] and col.warnings == [NO_TEXT_WARNING]
    result = runner.invoke(app, ["parse", str(path), "--format", "json", "--no-classify"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["plans"] == []
    assert result.stderr == f"planparse: warning: {path}: {NO_TEXT_WARNING}\n"


def test_a_plan_with_text_gets_no_emptiness_warning(tmp_path):
    col = planparse.parse("一、学习\n1、每月学习一次。\n", classify=False)
    assert NO_TEXT_WARNING not in col.warnings and len(col.plans) == 1


# --- --version and help ---------------------------------------------------------------------------
def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"planparse {planparse.__version__}\n"


def _help(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_help_groups_commands_in_panels_in_order():
    text = _help()
    positions = []
    for panel, names in COMMAND_PANELS:
        assert f"─ {panel} " in text, panel
        positions.append(text.index(f"─ {panel} "))
        for name in names:
            assert re.search(rf"│ {re.escape(name)} ", text[positions[-1]:]), name
    assert positions == sorted(positions)
    assert text.index("│ parse ") < text.index("│ diff ") < text.index("│ ingest ") < text.index("│ export ")
    assert "--version" in text


@pytest.mark.parametrize("command", [name for _, names in COMMAND_PANELS for name in names])
def test_help_shows_no_python_types(command):
    text = _help(command)
    assert not re.search(r"<(bool|str|int|float|path|list\[[^\]]*\])>", text), text
    assert "{" not in text.split("\n", 3)[1]  # the usage line names arguments plainly (OLD NEW, PATH...)


def test_help_names_values_plainly():
    diff_help = _help("diff")
    assert "Usage: planparse diff [OPTIONS] OLD NEW" in diff_help
    assert "markdown|html|json|table" in diff_help and "FILE" in diff_help
    assert "--old-plan" in diff_help and re.search(r"--old-plan\s+N\s", diff_help)
    assert "Usage: planparse dedup [OPTIONS] FILE..." in _help("dedup")
