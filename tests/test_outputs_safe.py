"""Issue 11, outputs: no output crashes on document text, and none harms the user's files.

Document text is data everywhere it is shown: never rich console markup, never matplotlib mathtext,
never a spreadsheet formula, never Markdown/HTML. No output replaces an input; every output is written
beside its target and renamed, so a failed write leaves the previous file as it was. Folders do not
follow symlinks out of themselves, and file names are printed safely.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook
from typer.testing import CliRunner

import planparse
from planparse.cli import app
from planparse.model import Item, Plan, PlanCollection, Section

runner = CliRunner()

# Our own hostile plan: console markup, HTML, a javascript: link, spreadsheet formulas, mathtext.
HOSTILE_2024 = """星海[/bold]区$\\frac{$总工会2024年工作计划

一、加强职工思想引领

1、学习[/bold]新思想。

2、举办[red]读书[/red]会二十场。

3、开展<script>alert("职工")</script>主题宣讲，报名见[点此](javascript:alert(1))。

二、深化劳动竞赛

1、=HYPERLINK("http://example.com/x","点击领取")开展技能比武。

2、+86 岗位练兵，-3 项难题攻关，@各基层工会 组织参加。

3、举办“$\\sqrt{$杯”职工技能大赛。

星海[/bold]区$\\frac{$总工会
2024年1月8日
"""
HOSTILE_2025 = (HOSTILE_2024.replace("2024", "2025").replace("二十场", "三十场")
                .replace("技能比武", "技能比武和岗位练兵"))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path) -> tuple[Path, Path]:
    return _write(tmp_path / "星海2024.txt", HOSTILE_2024), _write(tmp_path / "星海2025.txt", HOSTILE_2025)


def _ok(result) -> str:
    assert result.exit_code == 0, (result.exit_code, result.stderr[-800:] if result.stderr else "", result.exception)
    return result.stdout


# --- 1. document text is not console markup -----------------------------------------------------
def test_classify_table_shows_markup_literally(pair):
    out = _ok(runner.invoke(app, ["classify", str(pair[0]), "--width", "200"], env={"COLUMNS": "300"}))
    assert "[/bold]" in out and "[red]读书[/red]" in out


def test_dedup_table_shows_markup_literally(pair):
    out = _ok(runner.invoke(app, ["dedup", str(pair[0]), str(pair[1])]))
    assert "[/bold]" in out and "[red]读书[/red]" in out


def test_diff_table_shows_markup_literally(pair):
    out = _ok(runner.invoke(app, ["diff", str(pair[0]), str(pair[1]), "--format", "table"]))
    assert "[/bold]" in out and "[-二十场-]" in out.replace("[-二十-]{+三十+}场", "[-二十场-]")


@pytest.fixture
def store(tmp_path, pair) -> Path:
    db = tmp_path / "plans.db"
    _ok(runner.invoke(app, ["ingest", str(pair[0]), str(pair[1]), "--db", str(db)]))  # trends need domains
    return db


def test_trends_table_shows_markup_literally(store):
    out = _ok(runner.invoke(app, ["trends", "--db", str(store)]))
    assert "星海[/bold]区$\\frac{$总工会" in out


# --- 2. document text is not mathtext ------------------------------------------------------------
# (the chart's own $-label test is in tests/test_chart.py)
def test_cli_trends_png_with_dollar_organization(tmp_path, store):
    out = tmp_path / "trends.png"
    _ok(runner.invoke(app, ["trends", "--db", str(store), "--format", "png", "--out", str(out), "--org", "[/bold]区$\\frac{$"]))
    assert out.read_bytes().startswith(b"\x89PNG")


# --- 3. spreadsheet cells are strings, never formulas --------------------------------------------
def test_xlsx_writes_formula_like_text_as_strings(tmp_path, pair):
    out = tmp_path / "measures.xlsx"
    _ok(runner.invoke(app, ["export", str(pair[0]), "--to", "xlsx", "--out", str(out)]))
    ws = load_workbook(out)["措施"]
    column = [c.value for c in ws[1]].index("measure")
    cells = {c.value: c for c in (row[column] for row in ws.iter_rows(min_row=2))}
    formula = next(v for v in cells if v.startswith("=HYPERLINK"))
    signs = next(v for v in cells if v.startswith("+86"))
    assert formula == '=HYPERLINK("http://example.com/x","点击领取")开展技能比武。'
    assert cells[formula].data_type == "s" and cells[signs].data_type == "s"
    assert cells[formula].quotePrefix  # Excel keeps it text even when the cell is edited
    with zipfile.ZipFile(out) as package:
        assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere
    for value in ("-3 起步", "@工会", "#N/A"):  # the other leading signs, and an error literal
        col = PlanCollection(plans=[Plan(title="测试计划", sections=[Section(title="一", items=[Item(text=value)])])])
        planparse.export.to_xlsx(col, tmp_path / "one.xlsx")
        cell = load_workbook(tmp_path / "one.xlsx")["措施"].cell(2, column + 1)
        assert (cell.value, cell.data_type) == (value, "s")


# --- 4. Markdown: HTML and links escaped, ** kept ------------------------------------------------
def test_export_md_has_no_raw_html_nor_links(pair):
    md = _ok(runner.invoke(app, ["export", str(pair[0]), "--to", "md"]))
    assert "<script>" not in md and "\\[点此\\](javascript:" in md  # no link: the brackets are escaped
    page = MarkdownIt("commonmark").render(md)
    assert "<script" not in page and "<a " not in page and "<em>" not in page and "<strong>" not in page
    assert "&lt;script&gt;" in page and "[点此](javascript:alert(1))" in page  # shown as written
    assert "=HYPERLINK" in page and "$\\sqrt{$杯" in page


def test_export_md_keeps_star_placeholders_as_written():
    col = PlanCollection(plans=[Plan(title="星海区总工会2025年工作计划", sections=[
        Section(marker="一、", number=1, title="丰富职工文化生活", items=[
            Item(marker="1、", number=1, text="全年开展活动**次，覆盖职工**人。"),
            Item(marker="2、", number=2, text="# 不是标题\n- 不是列表\n1. 不是编号\n    不是代码"),
        ])])])
    md = planparse.export.to_markdown(col)
    page = MarkdownIt("commonmark").render(md.replace("==", ""))  # the ==mark== extension aside
    assert "全年开展活动**次，覆盖职工**人。" in page and "<strong>" not in page and "<em>" not in page
    assert "<h1>不是标题" not in page and "<code>" not in page and page.count("<li>") == 2


def test_parse_markdown_has_no_raw_html(pair):
    md = _ok(runner.invoke(app, ["parse", str(pair[0]), "--format", "markdown", "--no-classify"]))
    page = MarkdownIt("commonmark").render(md)
    assert "<script" not in page and "<a " not in page


# --- 5. never onto an input; atomic writes --------------------------------------------------------
def _refused(result, path: Path) -> None:
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr and "input" in result.stderr


def test_dedup_write_onto_its_input_is_refused(tmp_path, pair):
    src = pair[0]
    before = src.read_bytes()
    _refused(runner.invoke(app, ["dedup", str(src), "--write", str(src)]), src)
    alias = tmp_path / "alias.txt"
    alias.symlink_to(src)  # another name for the same file
    _refused(runner.invoke(app, ["dedup", str(src), "--write", str(alias)]), alias)
    assert src.read_bytes() == before and not src.with_name(src.name + ".log.json").exists()
    # An explicit --in-place replaces it (the log beside it).
    _ok(runner.invoke(app, ["dedup", str(src), "--write", str(src), "--in-place"]))
    assert src.with_name(src.name + ".log.json").exists()
    assert planparse.load(src, classify=False).plans[0].sections  # still a plan


def test_parse_folder_out_onto_the_folder_is_refused(tmp_path):
    folder = tmp_path / "计划"
    (folder / "子目录").mkdir(parents=True)
    files = [_write(folder / "甲.txt", HOSTILE_2024), _write(folder / "子目录" / "乙.txt", HOSTILE_2025)]
    before = [f.read_bytes() for f in files]
    result = runner.invoke(app, ["parse", str(folder), "--out", str(folder), "--format", "tree", "--no-classify"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "input" in result.stderr
    assert "乙.txt" in result.stderr or "甲.txt" in result.stderr
    assert [f.read_bytes() for f in files] == before
    _ok(runner.invoke(app, ["parse", str(folder), "--out", str(folder), "--format", "json", "--no-classify"]))
    assert (folder / "甲.json").exists() and [f.read_bytes() for f in files] == before


def test_diff_and_export_out_onto_an_input_are_refused(pair):
    old, new = pair
    before = new.read_bytes(), old.read_bytes()
    _refused(runner.invoke(app, ["diff", str(old), str(new), "--out", str(new)]), new)
    _refused(runner.invoke(app, ["export", str(old), "--to", "md", "--out", str(old)]), old)
    assert (new.read_bytes(), old.read_bytes()) == before


def test_failed_rename_leaves_the_previous_file_and_no_partial(tmp_path, monkeypatch, pair):
    out = _write(tmp_path / "对比.md", "上一次的对比报告\n")

    def full_disk(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = runner.invoke(app, ["diff", str(pair[0]), str(pair[1]), "--out", str(out)])
    assert result.exit_code == 2 and "cannot write" in result.stderr and "No space left" in result.stderr
    assert out.read_text(encoding="utf-8") == "上一次的对比报告\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["对比.md", pair[0].name, pair[1].name])


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_writer_failing_midway_leaves_the_previous_file(tmp_path, monkeypatch, pair, fmt):
    import docx.document
    import openpyxl.workbook.workbook

    out = tmp_path / f"导出.{fmt}"
    _ok(runner.invoke(app, ["export", str(pair[0]), "--to", fmt, "--out", str(out)]))
    good = out.read_bytes()

    def half_then_full(self, filename):
        Path(filename).write_bytes(good[: len(good) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    owner = docx.document.Document if fmt == "docx" else openpyxl.workbook.workbook.Workbook
    monkeypatch.setattr(owner, "save", half_then_full)
    result = runner.invoke(app, ["export", str(pair[1]), "--to", fmt, "--out", str(out)])
    assert result.exit_code == 2 and "cannot write" in result.stderr and result.stderr.count("\n") == 1
    assert out.read_bytes() == good
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


def test_png_save_failing_midway_leaves_the_previous_chart(tmp_path, monkeypatch, store):
    import matplotlib.figure

    out = _write(tmp_path / "trends.png", "the previous chart")

    def half_then_full(self, fname, **_kwargs):
        Path(fname).write_bytes(b"\x89PNG half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", half_then_full)
    result = runner.invoke(app, ["trends", "--db", str(store), "--format", "png", "--out", str(out)])
    assert result.exit_code == 2 and "No space left" in result.stderr
    assert out.read_text() == "the previous chart"
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]


def test_atomic_write_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    from planparse.safe_io import atomic_write

    out = _write(tmp_path / "计划.txt", "旧")
    out.chmod(0o640)
    atomic_write(out, "新")
    assert out.read_text(encoding="utf-8") == "新" and out.stat().st_mode & 0o777 == 0o640


# --- 6. folders -----------------------------------------------------------------------------------
@pytest.fixture
def folder(tmp_path) -> Path:
    root = tmp_path / "计划"
    root.mkdir()
    _write(root / "甲.txt", HOSTILE_2024)
    secret = tmp_path / "外部"
    secret.mkdir()
    _write(secret / "机密.txt", "外部机密文件，不应读取。\n")
    (root / "外链.txt").symlink_to(secret / "机密.txt")
    (root / "外链目录").symlink_to(secret, target_is_directory=True)
    (root / "内链.txt").symlink_to(root / "甲.txt")  # inside the folder: read
    return root


def test_folder_symlinks_outside_are_not_read(folder):
    result = runner.invoke(app, ["parse", str(folder), "--format", "json", "--no-classify"])
    assert result.exit_code == 0
    assert "机密" not in result.stdout and len(result.stdout.splitlines()) == 2  # 甲.txt and 内链.txt
    skipped = [line for line in result.stderr.splitlines() if line.startswith("planparse: warning: skipped")]
    assert len(skipped) == 2 and any("外链.txt" in line for line in skipped) and any("外链目录" in line for line in skipped)
    assert "2 skipped" in result.stderr


def test_ingest_does_not_store_a_symlink_outside(folder, tmp_path):
    db = tmp_path / "store.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-classify"])
    assert result.exit_code == 0 and "外链.txt" not in result.stdout
    import sqlite3

    with sqlite3.connect(db) as conn:
        sources = [row[0] for row in conn.execute("select source from documents")]
    assert not any("机密" in s or "外链" in s for s in sources) and sources


def test_unreadable_subfolder_is_reported(folder, monkeypatch):
    locked = folder / "上锁"
    locked.mkdir()
    _write(locked / "乙.txt", HOSTILE_2025)
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # root may read anything: simulate the unreadable folder
    result = runner.invoke(app, ["parse", str(folder), "--format", "json", "--no-classify"])
    assert result.exit_code == 0
    assert any("上锁" in line and "Permission denied" in line for line in result.stderr.splitlines())


def test_unsafe_file_names_are_printed_escaped(tmp_path):
    root = tmp_path / "名单"
    root.mkdir()
    _write(root / "正常.txt", HOSTILE_2024)
    bad = os.fsencode(root) + b"/\xff\xfe\xe5\x9d\x8f.txt"  # not UTF-8
    with open(bad, "wb") as handle:
        handle.write(HOSTILE_2025.encode("utf-8"))
    _write(root / "转义\x1b[31m红.txt", HOSTILE_2025)
    (root / "损坏\x1b]0;标题\x07.docx").write_bytes(b"PK\x03\x04 broken")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "PYTHONUTF8": "0"}  # a strict terminal
    for fmt in ("tree", "json"):
        done = subprocess.run([sys.executable, "-m", "planparse", "parse", str(root), "--format", fmt, "--no-classify"],
                              capture_output=True, env=env, timeout=120)
        out, err = done.stdout, done.stderr
        assert done.returncode == 1, err[-800:]  # the broken .docx fails, the others are parsed
        assert b"Traceback" not in err and b"\x1b" not in out + err and b"\x07" not in out + err
        assert "损坏\\x1b]0;标题\\x07.docx".encode() in err  # the error line names it, escaped
        if fmt == "tree":
            assert b"==> \\xff\\xfe\xe5\x9d\x8f.txt <==" in out and b"==> \xe8\xbd\xac\xe4\xb9\x89\\x1b[31m" in out
        else:
            # the model's source names the file with its undecodable bytes shown escaped (\xff), valid JSON
            assert len(out.splitlines()) == 3 and b"\\\\xff\\\\xfe" in out


# --- the store's outputs ---------------------------------------------------------------------------
def test_ingest_of_a_file_name_that_is_not_utf8_stores_it_escaped(tmp_path):
    name = os.fsdecode(b"plan\xff[red].txt")
    (tmp_path / name).write_text("机关工会工作计划\n一、思想引领\n1、每月集中学习一次。\n", encoding="utf-8")
    db = tmp_path / "plans.db"
    result = runner.invoke(app, ["ingest", str(tmp_path / name), "--db", str(db), "--no-classify"])
    assert result.exit_code == 0, result.stderr
    assert "\\xff[red].txt" in result.stdout
    trends = runner.invoke(app, ["trends", "--db", str(db), "--format", "json", "--out", str(db)])
    assert trends.exit_code == 2 and str(db) in trends.stderr  # never written onto the store it reads
