"""planparse lint: what a reviewer would send back, on the seed, the corpus and written drafts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planparse.cli import app
from planparse.lint import lint_path, lint_text, marker_style

ROOT = Path(__file__).resolve().parents[1]
CLEAN_PLAN = ROOT / "corpus" / "years" / "hengtuo_2023.txt"
FAULTS = ROOT / "corpus" / "plans" / "faults_construction_2025.txt"
runner = CliRunner()


def _codes(report) -> list[str]:
    return [f.code for f in report.findings]


def test_seed_reports_every_placeholder_kind_and_the_watermark(seed_path):
    result = runner.invoke(app, ["lint", str(seed_path), "--format", "text"])
    assert result.exit_code == 1
    out = result.stdout
    for reading in ("201x", "20xx", "xx届", "__届", "*次", "**年", "第*届"):
        assert f"placeholder {reading}" in out or f"placeholder {reading}年" in out, reading
    assert "文章版权归文秘写作网作者所有" in out and "watermark" in out
    data = json.loads(runner.invoke(app, ["lint", str(seed_path), "--format", "json"]).stdout)
    assert data["clean"] is False and data["counts"]["placeholder"] >= 7
    leftovers = [f for f in data["findings"] if f["code"] == "leftover"]
    assert any("版权归" in f["text"] for f in leftovers)
    assert all(f["line"] for f in data["findings"] if f["code"] == "placeholder")


def test_a_clean_corpus_plan_exits_0():
    result = runner.invoke(app, ["lint", str(CLEAN_PLAN)])
    assert result.exit_code == 0, result.stdout
    assert "0 problems (clean)" in result.stdout
    data = json.loads(runner.invoke(app, ["lint", str(CLEAN_PLAN), "--format", "json"]).stdout)
    assert data["clean"] is True and data["findings"] == []
    # The SMART table is there even when nothing is wrong: one row per section.
    assert len(data["smart"]) == 6 and sum(r["measures"] for r in data["smart"]) == 17


def test_numbering_faults_and_empty_items_of_the_faults_plan():
    report = lint_path(FAULTS)
    by_code = {}
    for f in report.findings:
        by_code.setdefault(f.code, []).append(f)
    (gap,) = by_code["numbering-gap"]
    assert "1、" in gap.message and "3、" in gap.message and "1 missing" in gap.message
    assert gap.line == 8
    (style,) = by_code["numbering-style"]
    assert "( 二 )" in style.message
    (restart,) = by_code["numbering-repeat"]
    assert "restarts" in restart.message
    (empty,) = by_code["empty-item"]
    assert "劳资纠纷" in empty.text


def test_mixed_styles_in_one_list():
    text = ("某公司工会2025年工作计划\n\n一、加强职工教育\n\n1.每季度举办一次职工讲堂，全年四期。\n\n"
            "2、组织青年职工读书会，每月一次。\n\n3、开展岗位技能培训200人次。\n\n二、做好帮扶工作\n\n"
            "1、春节前走访慰问困难职工30户。\n\n2、开展金秋助学，资助职工子女10名。\n")
    report = lint_text(text, classify=False)
    (style,) = [f for f in report.findings if f.code == "numbering-style"]
    assert "1. 2、 3、" in style.message and style.path == "1/1"
    assert marker_style("1.") != marker_style("2、") and marker_style("（三）") == marker_style("（十二）")


def test_year_in_the_title_against_the_body():
    text = ("某公司工会2025年工作计划\n\n2024年，公司工会将在公司党委领导下，围绕年度目标开展工作。自2018年建厂以来，职工人数翻了一番。\n\n"
            "一、加强职工教育\n\n1、每季度举办一次职工讲堂，全年四期。\n\n2、开展岗位技能培训200人次。\n\n"
            "3、为全面完成2024年的各项任务，组织劳动竞赛六场。\n")
    report = lint_text(text, classify=False)
    years = [f for f in report.findings if f.code == "year-mismatch"]
    assert len(years) == 2
    assert all("2024" in f.message for f in years)  # 自2018年…以来 looks back: not flagged
    assert {f.path for f in years} == {None, "1/3"}


def test_duplicated_paragraphs_and_vague_sections():
    repeated = "组织职工参加市总工会举办的职工运动会，选拔优秀运动员组队参赛，争取取得好成绩"
    text = ("某公司工会2025年工作计划\n\n一、丰富职工文化生活\n\n"
            f"1、{repeated}。\n\n2、每月举办一次职工电影放映活动。\n\n3、{repeated}。\n\n"
            "二、加强自身建设\n\n1、加强工会干部队伍建设。\n\n2、提高工会工作水平。\n\n3、增强工会组织的凝聚力。\n")
    report = lint_text(text, classify=False)
    (dup,) = [f for f in report.findings if f.code == "duplicate"]
    assert "1/1" in dup.message and "1/3" in dup.message
    (smart,) = [f for f in report.findings if f.code == "smart"]
    assert smart.path == "2" and "3 of 3" in smart.message
    rows = {r.section: r for r in report.smart}
    # Two of three are vague (the repeated one, twice): below the 3-in-4 share that gets a section flagged.
    assert (rows["一、丰富职工文化生活"].measures, rows["一、丰富职工文化生活"].without_either) == (3, 2)


def test_section_whose_heading_names_another_domain():
    text = ("某公司工会2025年工作计划\n\n一、深入开展劳动竞赛\n\n"
            "1、春节前走访慰问困难职工和困难党员，发放慰问金。\n\n2、建立困难职工帮扶档案，实行动态管理。\n\n"
            "3、开展金秋助学活动，资助困难职工子女上大学。\n\n二、关心职工生活\n\n"
            "1、组织职工健康体检。\n\n2、开展送清凉活动。\n\n3、为困难职工办理大病救助。\n")
    report = lint_text(text)
    (mismatch,) = [f for f in report.findings if f.code == "domain-mismatch"]
    assert mismatch.path == "1" and "competition" in mismatch.message and "welfare_assistance" in mismatch.message
    quiet = lint_text(text, classify=False)  # without domains the check is skipped, and says so
    assert "domain-mismatch" not in _codes(quiet) and quiet.skipped


def test_leftovers_from_the_removal_log():
    text = ("您的位置：首页 > 工作计划 > 正文\n\n某街道工会2025年工作计划\n\n一、服务职工\n\n"
            "1、为快递员建设爱心驿站两个，全年开放。本文由范文网整理，转载请保留出处!\n\n"
            "2、举办第xx届职工运动会，设项目十个。\n\n3、每季度走访新就业形态劳动者一次。\n")
    report = lint_text(text, classify=False)
    kinds = {f.message.split(" copied")[0] for f in report.findings if f.code == "leftover"}
    assert kinds == {"website navigation", "watermark or advertising sentence"}
    (ph,) = [f for f in report.findings if f.code == "placeholder"]
    assert "第xx届" in ph.message and ph.line == 9


@pytest.mark.parametrize("content", [b"\x00\x01\x02binary\xff" * 200, b"PK\x03\x04broken zip"])
def test_unreadable_input_exits_2_with_one_line(tmp_path, content):
    bad = tmp_path / "draft.docx"
    bad.write_bytes(content)
    result = runner.invoke(app, ["lint", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("planparse: error:") and result.stderr.count("\n") == 1
    missing = runner.invoke(app, ["lint", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
