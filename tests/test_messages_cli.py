"""The command line speaks Chinese under a Chinese locale (or --lang zh): error and warning lines, summaries, the
table headers of classify, dedup, trends and diff, the diff report's labels, history; --lang en and --lang xx."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planparse import messages
from planparse.cli import app
from planparse.cli.outputs import KNOWN_EXTENSIONS

ROOT = Path(__file__).resolve().parents[1]
OLD, NEW = ROOT / "corpus" / "pairs" / "hengtuo_2024.txt", ROOT / "corpus" / "pairs" / "hengtuo_2025.txt"
SRC = ROOT / "src" / "planparse"
ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "PLANPARSE_LANG": ""}
EN = {"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "PLANPARSE_LANG": ""}
runner = CliRunner()

DRAFT = """星海街道工会2025年工作计划
一、加强职工思想引领
1、每季度组织一次职工宣讲活动。
3、办好工会宣传栏。
二、做好困难职工帮扶
1、春节前走访慰问困难职工30户。
"""


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    messages.set_language(None)


def _literals(annotation) -> set[str]:
    """The strings of a Literal annotation, also inside ``Literal[...] | None``."""
    found = set()
    for arg in typing.get_args(annotation):
        found |= {arg} if isinstance(arg, str) else _literals(arg)
    return found


def _run(args: list, env: dict):
    return runner.invoke(app, [str(a) for a in args], env=env)


# --- every key the code builds at run time exists -----------------------------------------------------
def test_every_key_built_at_run_time_exists():
    from planparse.dedup.collection import Group
    from planparse.plandiff.records import Change
    from planparse.read import _MAGIC, _NOT_PLANS

    known = messages.catalogue()
    kinds = _literals(Change.model_fields["kind"].annotation)
    assert kinds == {"unchanged", "modified", "moved", "added", "removed"}
    wanted = {f"{table}.{kind}" for table in ("diff_kind", "diff_kind_label", "diff_kind_md") for kind in kinds}
    wanted |= {f"diff_relation.{r}" for r in _literals(Change.model_fields["relation"].annotation)}
    wanted |= {f"diff_report.relation_{r}" for r in ("split", "merge")}
    wanted |= {f"dedup_kind.{k}" for k in _literals(Group.model_fields["kind"].annotation)}
    wanted |= {"history_status.found", "history_status.absent"}
    wanted |= {f"file_kind.{k}" for k in [*KNOWN_EXTENSIONS.values(), *_NOT_PLANS.values(), *(k for _, k in _MAGIC if k)]}
    cli = (SRC / "cli").glob("*.py")
    wanted |= {f"folder_run.{a}" for path in cli for a in re.findall(r'FolderRun\(\w+, "(\w+)"\)', path.read_text())}
    assert {"folder_run.linting", "folder_run.classifying", "folder_run.exporting"} <= wanted
    for template in (SRC / "plandiff" / "templates").glob("*.j2"):
        wanted |= set(re.findall(r'say\("([\w.]+)"[,)]', template.read_text(encoding="utf-8")))
    assert "diff_html.side_by_side" in wanted
    assert sorted(wanted - set(known)) == []


# --- diff: the table, the Markdown and the HTML report ---------------------------------------------
def test_diff_table_in_chinese():
    result = _run(["diff", OLD, NEW, "--format", "table"], ZH)
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "┃" in line)
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == ["变化", "原位置", "新位置", "内容", "目标"]
    kinds = {line.split("│")[1].strip() for line in result.stdout.splitlines() if line.startswith("│")}
    assert {"未变", "修改", "移动", "新增", "删除", "修改（拆分）"} <= kinds
    assert not re.search(r"\b(kind|modified|unchanged|moved)\b", result.stdout)


def test_diff_markdown_in_chinese_and_english():
    zh = _run(["diff", OLD, NEW], ZH).stdout
    lines = zh.splitlines()
    assert lines[0].startswith("# 计划对比：恒拓精密机械有限公司工会2024年工作计划 → ")
    assert lines[2] == "未变 19 · 修改 9 · 移动 1 · 新增 1 · 删除 1" and re.fullmatch(r"目标变化 \d+", lines[3])
    assert {"## 变化", "## 目标变化", "## 领域侧重", "| 位置 | 指标 | 原 | 新 | 变化 |"} <= set(lines)
    assert any(line.startswith("- **移动** · 五、") for line in lines)
    assert any(line.startswith("  - 目标：工会动态 40期 → 48期") for line in lines)
    assert any(line.startswith("| 劳动竞赛与建功立业 | ") for line in lines)  # domains by their Chinese names
    assert not re.search(r"Changes|unchanged|moved|indicator|Domain|competition", zh)
    # --lang en under the same Chinese locale: the English (bilingual) report, as it always was.
    en = _run(["--lang", "en", "diff", OLD, NEW], ZH).stdout
    assert "## 变化 Changes" in en and "| 位置 where | 指标 indicator | 原 old | 新 new | 变化 Δ |" in en
    assert "- **移动** moved · 五、" in en and re.search(r"^\| competition \| \d", en, re.M)


def test_diff_html_labels_in_chinese(tmp_path):
    out = tmp_path / "对比.html"
    result = _run(["diff", OLD, NEW, "--out", out], ZH)
    assert result.exit_code == 0 and result.stderr == ""
    page = out.read_text(encoding="utf-8")
    for label in ("<h2>目标变化</h2>", "<h2>领域侧重</h2>", "<h2>逐条对照</h2>", ">隐藏未变条目</label>",
                  "<th>变化</th><th>原 2024年</th><th>新 2025年</th>", '<span class="tag k-moved">移动</span>',
                  '<span class="tag k-moved">移出</span>', "原计划：恒拓", 'data-kind="added">新增 <b>1</b>',
                  ">劳动竞赛与建功立业</text>", '<div class="targets">目标：', "<th>位置</th><th>指标</th>"):
        assert label in page, label
    words = re.sub(r"<[^>]*>", " ", re.sub(r"<style>.*?</style>", "", page, flags=re.S))  # text, not class names
    assert not re.search(r"Side by side|hide unchanged|Target changes|Domain emphasis|targets:|moved|modified", words)


# --- classify, dedup, trends and history tables ----------------------------------------------------
def test_classify_and_dedup_tables_in_chinese(tmp_path):
    draft = tmp_path / "草稿.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    table = _run(["classify", draft], ZH)
    assert table.exit_code == 0, table.output
    header = next(line for line in table.stdout.splitlines() if "┃" in line)
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == ["位置", "内容", "领域", "得分", "线索词"]
    dedup = _run(["dedup", OLD, NEW], ZH)
    assert dedup.exit_code == 0, dedup.output
    assert re.search(r"\d+ 个段落中有 \d+ 组重复", dedup.stdout)
    header = next(line for line in dedup.stdout.splitlines() if "┃" in line)
    assert [cell.strip() for cell in header.strip("┃").split("┃")] == ["序号", "类型", "相似度", "位置", "内容"]
    assert "完全重复" in dedup.stdout and "exact" not in dedup.stdout


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "plans.db"
    result = runner.invoke(app, ["ingest", str(OLD), str(NEW), "--db", str(db)], env=ZH)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"新增  {OLD}（1 个计划，")
    assert result.stderr == f"planparse：共 2 个文件：新增 2 个，未变 0 个，失败 0 个（数据库：{db}）\n"
    return db


def test_trends_table_and_history_in_chinese(store):
    trends = _run(["trends", "--db", store], ZH)
    assert trends.exit_code == 0, trends.output
    header = next(line for line in trends.stdout.splitlines() if "┃" in line)
    cells = [cell.strip() for cell in header.strip("┃").split("┃")]
    assert cells[:2] == ["单位", "年度"] and cells[-1] == "合计" and "劳动竞赛与建功立业" in cells
    assert "competition" not in trends.stdout
    history = _run(["history", "技能比武", "--db", store], ZH)
    lines = history.stdout.splitlines()
    assert lines[0] == "恒拓精密机械有限公司工会：技能比武"
    assert lines[1].startswith("  2024  检索到 [二、深化劳动竞赛，助力生产经营 2/2] 举办数控车工")
    assert lines[2].startswith("  2025  修改　 [二、") and lines[2].endswith("（目标：六场 → 八场；120人次 → 150人次）")
    nothing = _run(["history", "无人机飞行表演", "--db", store], ZH)
    assert nothing.exit_code == 1 and nothing.stdout == "库中没有与“无人机飞行表演”相符的措施\n"


# --- error and warning lines, folder summaries ----------------------------------------------------
def test_error_and_warning_lines_in_chinese(tmp_path):
    missing = tmp_path / "没有.txt"
    result = _run(["parse", missing], ZH)
    assert result.exit_code == 2 and result.stderr == f"planparse：错误：{missing}：文件不存在\n"
    pdf = tmp_path / "计划.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    assert _run(["lint", pdf], ZH).stderr == f"planparse：错误：{pdf}：PDF 已损坏，或不是 PDF 文件\n"  # issue 16 reads PDFs
    refused = _run(["diff", OLD, NEW, "--format", "html", "--out", tmp_path / "r.md"], ZH)
    assert refused.exit_code == 2 and refused.stderr == (
        "planparse：错误：--format html 与 --out r.md 不一致：.md 是 Markdown 文件；去掉 --format，或改用 --format markdown\n")
    empty = tmp_path / "空白.txt"
    empty.write_text("\n\n", encoding="utf-8")
    warned = _run(["parse", empty, "--no-classify"], ZH)
    assert warned.exit_code == 0
    assert warned.stderr == f"planparse：警告：{empty}：没有文字：文档为空，或只有空行和网页杂项，未读出计划\n"


def test_folder_summary_in_chinese(tmp_path):
    (tmp_path / "a.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(DRAFT.replace("3、", "2、"), encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02" * 200)
    result = _run(["lint", tmp_path, "--no-classify"], ZH)
    err = result.stderr.splitlines()
    assert result.exit_code == 1
    assert err[-1] == "planparse：共 3 个文件：1 个无问题，1 个有问题，1 个失败"  # b.txt numbers 1、2、
    assert any(line.startswith("planparse：错误：") and "c.txt" in line for line in err)


# --- choosing the language -------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "env", "said"), [
    ([], ZH, "planparse：错误：{path}：文件不存在\n"),
    (["--lang", "en"], ZH, "planparse: error: {path}: no such file\n"),
    (["--lang", "zh"], EN, "planparse：错误：{path}：文件不存在\n"),
    (["--lang", "ZH"], EN, "planparse：错误：{path}：文件不存在\n"),
    ([], {**EN, "PLANPARSE_LANG": "zh"}, "planparse：错误：{path}：文件不存在\n"),
    ([], EN, "planparse: error: {path}: no such file\n"),
])
def test_the_language_comes_from_lang_then_the_environment(tmp_path, args, env, said):
    missing = tmp_path / "missing.txt"
    result = _run([*args, "parse", missing], env)
    assert result.exit_code == 2 and result.stderr == said.format(path=missing)


def test_an_unknown_language_is_one_line(tmp_path):
    result = _run(["--lang", "xx", "parse", tmp_path / "a.txt"], EN)
    assert result.exit_code == 2 and result.stderr == "planparse: error: --lang xx: choose zh or en\n"
    result = _run(["--lang", "fr", "parse", tmp_path / "a.txt"], ZH)
    assert result.exit_code == 2 and result.stderr == "planparse：错误：--lang fr：只能是 zh 或 en\n"


def test_lang_does_not_outlive_its_run(tmp_path):
    missing = tmp_path / "missing.txt"
    assert "错误" in _run(["--lang", "zh", "parse", missing], EN).stderr
    assert _run(["parse", missing], EN).stderr.startswith("planparse: error: ")
    assert messages.language() == "en"  # the library too is back to the environment's language


def test_help_lists_commands_in_chinese():
    env = {**EN, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    text = _run(["--lang", "zh", "--help"], env).stdout
    assert "解析、分类、去重和对比中文计划文档。" in text
    assert text.index("─ 读取计划 ") < text.index("─ 比较计划 ") < text.index("─ 入库与逐年跟踪 ") < text.index("─ 导出 ")
    assert re.search(r"│ diff +对比计划的两个版本：新增、删除、修改、移动的措施和指标变化。", text)
    english = _run(["--help"], env).stdout
    assert "─ Read a plan " in english and "读取计划" not in english
