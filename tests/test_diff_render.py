"""Diff reports: JSON shape, Markdown, the terminal table, the HTML page in headless Chromium, and the CLI."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from planparse.cli import app
from planparse.model import Item, Plan, Section
from planparse.plandiff import diff_plans
from planparse.plandiff.render import render, to_html, to_markdown, to_table

PAIR = Path(__file__).resolve().parents[1] / "corpus" / "pairs"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
HOSTILE = '<script>document.body.setAttribute("data-pwned","yes")</script><img src=x onerror="alert(1)">'


def _plan(year: int, sections: list[tuple[str, list[str]]], domains: dict[str, str] | None = None) -> Plan:
    numerals = "一二三四五六七八九十"
    plan = Plan(title=f"市第二人民医院工会{year}年工作计划", year=year, sections=[
        Section(marker=f"{numerals[i]}、", number=i + 1, title=title,
                items=[Item(marker=f"{j + 1}、", number=j + 1, text=text) for j, text in enumerate(items)])
        for i, (title, items) in enumerate(sections)
    ])
    for section in plan.sections:
        for item in section.items:
            item.domains = [next((d for cue, d in (domains or {}).items() if cue in item.text), "other")]
    return plan


DOMAINS = {"竞赛": "competition", "比武": "competition", "慰问": "welfare_assistance", "体检": "health_services",
           "书屋": "culture_sports", "联欢": "culture_sports"}


@pytest.fixture(scope="module")
def hospital_diff():
    """A small hand-built pair with one of each change kind and a measure carrying markup."""
    old = _plan(2024, [
        ("深化岗位建功", ["开展护理技能竞赛，全年举办6场，参赛护士不少于200人次", "组织医技人员技术比武十次",
                      "完善职工书屋，新增图书300册"]),
        ("关心职工生活", ["春节前走访慰问困难职工20户", "组织全院职工健康体检", "重阳节组织退休职工登高游园"]),
    ], DOMAINS)
    new = _plan(2025, [
        ("深化岗位建功", ["开展护理技能竞赛，全年举办8场，参赛护士不少于260人次", "组织医技人员技术比武十二次",
                      "举办新春职工联欢会" + HOSTILE]),
        ("关心职工生活", ["春节前走访慰问困难职工20户", "组织全院职工健康体检", "完善职工书屋，新增图书300册"]),
    ], DOMAINS)
    return diff_plans(old, new)


def test_json_carries_the_contract_keys(hospital_diff):
    data = json.loads(render(hospital_diff, "json"))
    assert {"changes", "counts", "domains", "old_plan", "new_plan"} <= set(data)
    kinds = {c["kind"] for c in data["changes"]}
    assert kinds == {"unchanged", "modified", "moved", "added", "removed"}
    modified = next(c for c in data["changes"] if c["target_changes"] and "6场" in c["old"]["text"])
    assert [(t["old"], t["new"]) for t in modified["target_changes"]] == [("6场", "8场"), ("200人次", "260人次")]
    assert all(t["indicator"] and t["delta"] > 0 for t in modified["target_changes"])
    for change in data["changes"]:
        for side in ("old", "new"):
            if change[side] is not None:
                assert {"text", "path", "marker"} <= set(change[side])
    moved = next(c for c in data["changes"] if c["kind"] == "moved")
    assert (moved["old"]["path"], moved["new"]["path"]) == ("1/3", "2/3")


def test_markdown_marks_words_targets_and_escapes_markup(hospital_diff):
    md = to_markdown(hospital_diff)
    assert "~~6场~~**8场**" in md.replace("\\", "") or "~~6~~**8**" in md
    assert "| 十次 | 十二次 |" in md
    assert "<script>" not in md and "\\<script\\>" in md
    assert re.search(r"competition \| 2 \| 2 \| \+0", md)
    assert "移动" in md and "完善职工书屋" in md


def test_table_shows_changes_without_colour(hospital_diff):
    table = to_table(hospital_diff, width=160)
    assert "[-6-]{+8+}" in table or "[-6场-]{+8场+}" in table
    assert "moved" in table and "removed" in table and "added" in table


def test_html_is_self_contained_and_escapes_document_text(hospital_diff):
    page = to_html(hospital_diff)
    assert "<script" not in page  # only escaped document text, no script element of ours either
    assert html.escape(HOSTILE, quote=False) in page or "&lt;script&gt;" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from outside
    assert "Content-Security-Policy" in page


def _dump_dom(page: Path, tmp_path: Path) -> str:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-500:]
    return result.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package 'chromium')")
def test_html_page_in_headless_chromium(hospital_diff, tmp_path):
    page = tmp_path / "diff.html"
    page.write_text(to_html(hospital_diff), encoding="utf-8")
    dom = _dump_dom(page, tmp_path)
    # The hostile measure stayed text: no attribute set by it, no element created from it.
    assert "data-pwned" not in re.search(r"<body[^>]*>", dom).group(0)
    assert "<img" not in dom and "&lt;script&gt;" in dom
    # Insertions and deletions are marked on words.
    assert "<del>6场</del>" in dom or "<del>6</del>" in dom
    assert re.search(r"<ins>[^<]*联欢会", dom)
    # The moved measure links both ways: new place → ghost at the old place → new place.
    moved = re.search(r'<tr class="moved" id="(c\d+)"', dom).group(1)
    assert f'id="from-{moved}"' in dom and f'href="#from-{moved}"' in dom and f'href="#{moved}"' in dom
    # Target changes are listed, and the domain chart has one row per domain.
    targets = re.search(r'<table class="targets-table" id="targets">(.*?)</table>', dom, re.S).group(1)
    assert "200人次" in targets and "260人次" in targets and "十二次" in targets
    chart_rows = re.findall(r'<g class="domain-row" data-domain="([a-z_]+)"', dom)
    assert set(chart_rows) == {r.domain for r in hospital_diff.domains.rows} and len(chart_rows) >= 3


# --- CLI ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cli():
    return CliRunner(), app


def test_cli_diff_markdown_and_json(cli, tmp_path):
    runner, app = cli
    old, new = str(PAIR / "hengtuo_2024.txt"), str(PAIR / "hengtuo_2025.txt")
    result = runner.invoke(app, ["diff", old, new, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["moved"] == 1 and data["counts"]["added"] == 1 and data["counts"]["removed"] == 1
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["diff", old, new, "--format", "html", "--out", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    result = runner.invoke(app, ["diff", old, new, "--format", "markdown"])
    assert "十名" in result.stdout and "十二名" in result.stdout


def test_cli_diff_gbk_text_against_docx(cli, tmp_path):
    """Inputs may differ in format and encoding: last year's GBK .txt against this year's .docx."""
    runner, app = cli
    old = tmp_path / "2024.txt"
    old.write_bytes((PAIR / "hengtuo_2024.txt").read_text(encoding="utf-8").encode("gbk"))
    document = docx.Document()
    for line in (PAIR / "hengtuo_2025.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    new = tmp_path / "2025.docx"
    document.save(new)
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"] == {"unchanged": 19, "modified": 9, "moved": 1, "added": 1, "removed": 1}


def test_cli_plan_selection_and_one_line_errors(cli, tmp_path):
    runner, app = cli
    page = tmp_path / "page.txt"
    year_2024 = (PAIR / "hengtuo_2024.txt").read_text(encoding="utf-8")
    year_2025 = (PAIR / "hengtuo_2025.txt").read_text(encoding="utf-8")
    page.write_text(f"恒拓公司工会计划汇编\n\n篇一\n\n{year_2024}\n\n篇二\n\n{year_2025}\n", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(page), str(page), "--old-plan", "1", "--new-plan", "2",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["moved"] == 1
    for args, message in (
        ([str(page), str(page), "--new-plan", "9"], "plan 9 requested"),
        ([str(tmp_path / "missing.txt"), str(page)], "missing.txt"),
        ([str(page), str(page), "--format", "pdf"], "unknown format"),
    ):
        result = runner.invoke(app, ["diff", *args])
        assert result.exit_code == 2, result.output
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output
