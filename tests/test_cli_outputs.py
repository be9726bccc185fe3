"""Issue 12, "outputs named as asked": the --out extension picks the format, a contradiction is refused,
and lint, classify and export take folders with a per-file summary and a progress bar.

The plans are our own text in the style of a hospital union's annual plan.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

import planparse
from planparse.cli import app
from planparse.cli.batch import FolderRun, parse_each
from planparse.cli.outputs import DIFF_FORMATS, EXPORT_FORMATS, LINT_FORMATS, FormatChoiceError, resolve_format

runner = CliRunner()

HOSPITAL_2024 = """市中医院工会2024年工作要点

2024年，院工会将坚持以职工为中心，围绕医院高质量发展目标，团结动员全院职工建功立业。

一、加强思想政治引领

1、每季度组织一次职工思想政治学习，全年不少于4次。

2、开展“白衣天使”先进事迹宣讲，年内宣讲6场。

二、开展岗位技能竞赛

1、举办护理技能竞赛和急救技能比武，参赛职工不少于200人次。

2、组织青年医师病历书写评比，评选优秀病历20份。

三、做好职工服务保障

1、开展“两节”送温暖活动，走访慰问困难职工30户。

2、为全院职工安排一次健康体检。

市中医院工会
2024年1月15日
"""
HOSPITAL_2025 = (HOSPITAL_2024.replace("2024", "2025").replace("宣讲6场", "宣讲8场")
                 .replace("困难职工30户", "困难职工40户"))
DRAFT = (HOSPITAL_2024.replace("2024年，院工会", "20xx年，院工会")
         .replace("2、组织青年医师", "3、组织青年医师"))


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path):
    return _write(tmp_path / "2024.txt", HOSPITAL_2024), _write(tmp_path / "2025.txt", HOSPITAL_2025)


def _one_line_error(result, *words: str) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("planparse: error: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


# --- the rule, in one place -----------------------------------------------------------------------
@pytest.mark.parametrize("given,out,expected", [
    (None, None, "markdown"),
    (None, "r.html", "html"),
    (None, "R.HTM", "html"),
    (None, "r.json", "json"),
    (None, "r.md", "markdown"),
    (None, "r.txt", "table"),
    (None, "对比.DOCX", "docx"),  # the Word redline
    ("json", "r.json", "json"),
    ("markdown", "r.txt", "markdown"),  # a .txt holds any plain-text format
    ("json", "report.log", "json"),  # an extension no one writes: --format decides
    ("HTML", None, "html"),
])
def test_format_from_option_or_extension(given, out, expected):
    assert resolve_format(DIFF_FORMATS, given, Path(out) if out else None) == expected


@pytest.mark.parametrize("formats,given,out,said", [
    (DIFF_FORMATS, "markdown", "r.html", "--format markdown and --out r.html disagree: .html is an HTML page; "
                                         "drop --format or use --format html"),
    (DIFF_FORMATS, "html", "r.txt", "--format html and --out r.txt disagree"),
    (EXPORT_FORMATS, "docx", "x.txt", "--to docx and --out x.txt disagree: .txt is a plain-text file; "
                                      "name the file x.docx"),
    (DIFF_FORMATS, None, "r.xlsx", "--out r.xlsx: diff does not write an Excel workbook (.xlsx); end the name in "
                                   ".md, .html, .json, .txt or .docx, or give --format markdown|html|json|table|docx"),
    (DIFF_FORMATS, None, "r.report", "--out r.report: cannot tell the format from the extension '.report'"),
    (LINT_FORMATS, None, "lint", "cannot tell the format from a name without an extension"),
    (DIFF_FORMATS, "pdf", None, "unknown format 'pdf' for --format; choose one of markdown, html, json, table"),
])
def test_refusals_name_what_disagrees(formats, given, out, said):
    with pytest.raises(FormatChoiceError) as caught:
        resolve_format(formats, given, Path(out) if out else None)
    assert said in str(caught.value) and "\n" not in str(caught.value)


# --- diff -----------------------------------------------------------------------------------------
def test_diff_out_extension_picks_the_format(pair, tmp_path):
    old, new = map(str, pair)
    html = tmp_path / "对比.html"
    assert runner.invoke(app, ["diff", old, new, "--out", str(html)]).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<del>6</del>" in page and "<ins>8</ins>" in page
    data = tmp_path / "对比.json"
    assert runner.invoke(app, ["diff", old, new, "-o", str(data)]).exit_code == 0
    assert json.loads(data.read_text(encoding="utf-8"))["counts"]["modified"] >= 3
    md = tmp_path / "对比.md"
    assert runner.invoke(app, ["diff", old, new, "-o", str(md)]).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("# 计划对比：")
    txt = tmp_path / "对比.txt"
    assert runner.invoke(app, ["diff", old, new, "-o", str(txt)]).exit_code == 0
    table = txt.read_text(encoding="utf-8")
    assert "[-30-]{+40+}" in table and "┃ kind" in table and "\x1b[" not in table  # a plain table, no colour
    log = tmp_path / "对比.log"
    assert runner.invoke(app, ["diff", old, new, "-o", str(log), "--format", "json"]).exit_code == 0
    json.loads(log.read_text(encoding="utf-8"))


def test_diff_contradiction_is_refused_before_anything_is_written(pair, tmp_path):
    old, new = map(str, pair)
    out = tmp_path / "r.html"
    _one_line_error(runner.invoke(app, ["diff", old, new, "--format", "markdown", "--out", str(out)]),
                    "--format markdown", "r.html", "--format html")
    assert not out.exists()
    _one_line_error(runner.invoke(app, ["diff", old, new, "--out", str(tmp_path / "r.png")]),
                    "r.png", ".md, .html, .json, .txt or .docx")
    assert not (tmp_path / "r.png").exists()


# --- parse, lint, classify, dedup, export: the same rule -------------------------------------------
def test_parse_lint_classify_dedup_follow_the_extension(pair, tmp_path):
    old, new = map(str, pair)
    parsed = tmp_path / "p.json"
    assert runner.invoke(app, ["parse", old, "--no-classify", "-o", str(parsed)]).exit_code == 0
    assert json.loads(parsed.read_text(encoding="utf-8"))["plans"][0]["year"] == 2024
    markdown = tmp_path / "p.md"
    assert runner.invoke(app, ["parse", old, "--no-classify", "-o", str(markdown)]).exit_code == 0
    assert markdown.read_text(encoding="utf-8").startswith("## 市中医院工会2024年工作要点")
    report = tmp_path / "l.json"
    assert runner.invoke(app, ["lint", old, "--no-classify", "-o", str(report)]).exit_code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["clean"] is True
    _one_line_error(runner.invoke(app, ["lint", old, "--format", "json", "-o", str(tmp_path / "l.md")]),
                    "--format json", "l.md")
    domains = tmp_path / "c.json"
    assert runner.invoke(app, ["classify", old, "-o", str(domains)]).exit_code == 0
    rows = json.loads(domains.read_text(encoding="utf-8"))["rows"]
    assert [r["kind"] for r in rows[:2]] == ["section", "item"]
    duplicates = tmp_path / "d.json"
    assert runner.invoke(app, ["dedup", old, new, "-o", str(duplicates)]).exit_code == 0
    assert json.loads(duplicates.read_text(encoding="utf-8"))["groups"]


def test_export_format_from_out_and_contradiction(pair, tmp_path):
    old = str(pair[0])
    xlsx = tmp_path / "措施.xlsx"
    result = runner.invoke(app, ["export", old, "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    assert load_workbook(xlsx).active.max_row > 6
    docx = tmp_path / "计划.docx"
    assert runner.invoke(app, ["export", old, "-o", str(docx)]).exit_code == 0
    assert zipfile.is_zipfile(docx) and len(planparse.load(docx, classify=False).plans[0].sections) == 3
    _one_line_error(runner.invoke(app, ["export", old, "--to", "docx", "-o", str(tmp_path / "x.txt")]),
                    "--to docx", "x.txt")
    assert not (tmp_path / "x.txt").exists()
    _one_line_error(runner.invoke(app, ["export", old]), "--to docx|md|xlsx")


# --- folders --------------------------------------------------------------------------------------
@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "各科室计划"
    _write(root / "2024年要点.txt", HOSPITAL_2024)
    _write(root / "草稿" / "护理部草稿.txt", DRAFT)
    (root / "草稿" / "空白.txt").write_bytes(b"")
    (root / "损坏.txt").write_bytes(bytes(range(256)) * 8)
    return root


def test_lint_a_folder_reports_each_file_then_a_summary(folder):
    result = runner.invoke(app, ["lint", str(folder), "--no-classify"])
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert f"{folder / '2024年要点.txt'}: 0 problems (clean)" in out
    assert f"{folder / '草稿' / '护理部草稿.txt'}: 2 problems (1 numbering-gap, 1 placeholder)" in out
    assert f"{folder / '草稿' / '护理部草稿.txt'}:3: error placeholder" in out
    assert f"{folder / '草稿' / '空白.txt'}: error empty-item" in out
    err = result.stderr.splitlines()
    assert err[-1] == "planparse: 4 files: 1 clean, 2 with problems, 1 failed"
    assert any("损坏.txt" in line and line.startswith("planparse: error:") for line in err)
    assert any("空白.txt" in line and line.startswith("planparse: warning:") for line in err)
    lines = runner.invoke(app, ["lint", str(folder), "--no-classify", "--format", "json"]).stdout.splitlines()
    assert [json.loads(line)["clean"] for line in lines] == [True, False, False]


def test_lint_a_clean_folder_exits_0_and_a_folder_of_unreadable_files_2(tmp_path):
    clean = tmp_path / "clean"
    _write(clean / "a.txt", HOSPITAL_2024)
    _write(clean / "b.txt", HOSPITAL_2025)
    result = runner.invoke(app, ["lint", str(clean), "--no-classify"])
    assert result.exit_code == 0 and result.stderr.splitlines()[-1] == "planparse: 2 files: 2 clean, 0 with problems"
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.txt").write_bytes(bytes(range(256)) * 8)
    result = runner.invoke(app, ["lint", str(broken)])
    assert result.exit_code == 2 and "none of the 1 files could be read" in result.stderr.splitlines()[-1]
    empty = tmp_path / "nothing"
    empty.mkdir()
    _one_line_error(runner.invoke(app, ["lint", str(empty)]), "no .txt/.docx/.doc/.wps/.pdf files")


def test_classify_a_folder_one_row_per_file_or_json_lines(folder):
    result = runner.invoke(app, ["classify", str(folder)], env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output  # one file could not be read
    table = result.stdout
    assert "2024年要点.txt" in table and "护理部草稿.txt" in table and "劳动竞赛与建功立业" in table
    assert result.stderr.splitlines()[-1] == "planparse: 4 files: 3 classified, 1 failed"
    lines = runner.invoke(app, ["classify", str(folder), "--format", "json"]).stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert [Path(o["source"]).name for o in objects] == ["2024年要点.txt", "护理部草稿.txt", "空白.txt"]
    assert objects[0]["rows"][0]["text"] == "加强思想政治引领" and objects[2]["rows"] == []


def test_export_a_folder_mirrors_it_and_never_writes_onto_an_input(folder, tmp_path):
    out = tmp_path / "导出"
    result = runner.invoke(app, ["export", str(folder), "--to", "docx", "--out", str(out)])
    assert result.exit_code == 1, result.output  # the unreadable and the empty file fail alone
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert written == ["2024年要点.docx", "草稿/护理部草稿.docx"]
    assert len(planparse.load(out / "2024年要点.docx", classify=False).plans[0].sections) == 3
    assert result.stderr.splitlines()[-1] == "planparse: 4 files: 2 written, 2 failed"
    beside = runner.invoke(app, ["export", str(folder), "--to", "md"])
    assert (folder / "2024年要点.planparse.md").read_text(encoding="utf-8").startswith("# 市中医院工会2024年工作要点")
    assert beside.exit_code == 1
    _one_line_error(runner.invoke(app, ["export", str(folder)]), "is a folder: give --to docx|md|xlsx")
    # A folder of .docx plans exported to .docx into itself would replace them: refused before any write.
    words = tmp_path / "word"
    words.mkdir()
    assert runner.invoke(app, ["export", str(folder / "2024年要点.txt"), "-o", str(words / "要点.docx")]).exit_code == 0
    before = (words / "要点.docx").read_bytes()
    _one_line_error(runner.invoke(app, ["export", str(words), "--to", "docx", "--out", str(words)]),
                    "要点.docx", "is an input file")
    assert (words / "要点.docx").read_bytes() == before and sorted(p.name for p in words.iterdir()) == ["要点.docx"]


def test_a_folder_run_shows_a_progress_bar_on_a_terminal(folder):
    buffer = io.StringIO()
    run = FolderRun(folder, "linting", console=Console(file=buffer, force_terminal=True, width=100))
    run.find()
    seen = []
    parse_each(run, False, lambda file, relative, raw, collection: seen.append(relative))
    assert seen == ["2024年要点.txt", "草稿/护理部草稿.txt", "草稿/空白.txt"] and run.failed == 1
    shown = buffer.getvalue()
    assert "━" in shown and "/4" in shown and "损坏.txt" in shown
