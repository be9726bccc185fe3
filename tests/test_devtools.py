"""The development evaluators: gold outlines of pages (outline_eval), long reports (reports_eval), their
commands, and — when the team's shared evaluation data is next to the repository — today's scores on it.

Every fixture text here is written for this file; nothing is copied from the shared pages or reports.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planparse
from planparse.cli import app
from planparse.devtools import outline_eval as oe
from planparse.devtools import reports_eval as re_

# The shared evaluation data (real pages with gold outlines, official reports); only scored when present.
SHARED = Path(__file__).resolve().parents[2] / "shared"
REALPAGES = SHARED / "realpages"
REPORTS = SHARED / "corpora" / "government_work_reports.jsonl"
EVAL_OUTLINE = SHARED / "tools" / "eval_outline.py"

REALPAGES_MIN_CHECKS = 465  # 469/469 measured 2026-12-03 (baseline 0.1.0: 329); raise as the parser improves
REPORTS_MIN_TOP = 38  # reports whose 一、 headings are exactly the parsed sections (of 39 with a clean run)
REPORTS_MIN_PAREN = 38  # gold （一） runs found as the items of their section (of 38)
REPORTS_MAX_CJK_LOST = 0  # nothing is lost: every ideograph is in the model or in the removal log

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "plans"
runner = CliRunner()

PLAN = """某区总工会2026年工作要点

今年工会工作的总体思路是：围绕中心，服务大局，突出维权服务。

一、夯实基层组织基础
1、推动新建园区企业依法建立工会。
2、开展会员实名制复核。
二、提升职工技能素质
1、组织焊工、电工岗位练兵。
2、举办青年职工创新论坛。
3、评选十名区级技术能手。
三、做好困难职工帮扶
1、建立困难职工动态台账。
2、开展夏季送清凉活动。

区总工会办公室
2026年1月8日
"""

PLAN_GOLD = {
    "_note": "one plan, three 一、 sections of 1、 items",
    "plans": [{
        "title": "工作要点",
        "year": 2026,
        "sections": [
            {"title": "夯实基层组织", "marker": "一、", "items": 2, "item_markers": ["1、", "2、"]},
            {"title": "提升职工技能", "marker": "二、", "implied": False, "items": 3},
            {"title": "做好困难职工帮扶", "marker": "三、", "items": 2, "children": {"1": 0}},
        ],
    }],
    "joins": ["评选十名区级技术能手"],
    "noise_absent": ["本文来源于网络"],
}
PLAN_CHECKS = 1 + 2 + 1 + 4 + 4 + 4 + 1 + 1  # count, title+year, section count, 3 sections, join, noise

REPORT = """关于某市2026年经济社会发展的工作报告

各位代表：
现在，我向大会报告一年来的工作，请予审议。

一、过去一年的主要工作
过去一年，全市上下迎难而上，经济运行稳中有进。
一是稳住工业基本盘，规上企业产值增长六个百分点。
二是扩大有效投资，新开工重点项目四十二个。
三是改善城乡面貌，完成老旧小区改造一百余处。

二、今年的总体要求
今年发展的主要预期目标是：地区生产总值增长五点五左右，城镇新增就业两万人以上。

三、今年的重点任务
（一）壮大实体经济。支持制造业企业技术改造，培育专精特新企业三十家。
（二）激发消费潜力。办好夜间市集和农产品展销季，稳住汽车家电等大宗消费。
（三）办好民生实事。新增托育位一千个，改造农村公路一百公里。

各位代表，让我们团结一心，为完成全年目标任务而努力奋斗！
"""


def _write_outline_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gold_p01.json").write_text(json.dumps(PLAN_GOLD, ensure_ascii=False), encoding="utf-8")
    (folder / "p01_district_points.txt").write_text(PLAN, encoding="utf-8")
    return folder


def _parsed(text: str = PLAN) -> dict:
    return planparse.parse(text, classify=False).model_dump(mode="json")


# ---------------------------------------------------------------------------- outline_eval


def test_outline_gold_that_holds_scores_every_check():
    page = oe.score_parsed(PLAN_GOLD, _parsed(), "p01")
    assert (page.ok, page.total, page.misses) == (PLAN_CHECKS, PLAN_CHECKS, [])
    assert oe.gold_check_count(PLAN_GOLD) == PLAN_CHECKS


def test_outline_misses_name_what_is_wrong_and_lost_sections_keep_their_checks():
    parsed = _parsed()
    sections = parsed["plans"][0]["sections"]
    sections[0]["items"][1]["marker"] = "2."
    sections[1]["title"] = "提高职工素质"
    del sections[2]  # its 4 checks are misses, the total does not shrink
    parsed["plans"][0]["preamble"] += "本文来源于网络"
    page = oe.score_parsed(PLAN_GOLD, parsed, "p01")
    assert page.total == PLAN_CHECKS
    assert page.ok == PLAN_CHECKS - 1 - 1 - 1 - 4 - 1
    text = "\n".join(page.misses)
    assert "plan 1: 2 sections, want 3" in text
    assert "section 1: item markers" in text and "section 2: title" in text
    assert "plan 1 section 3 missing (4 checks)" in text
    assert "noise left in output: 本文来源于网络" in text


def test_outline_joins_must_sit_inside_one_node_and_ignore_whitespace():
    gold = {"plans": [], "check_plan_count": False, "joins": ["技术 能手", "能手。建立"]}
    page = oe.score_parsed(gold, _parsed(), "p")
    assert (page.ok, page.total) == (1, 2)  # 能手 and 建立 are adjacent across two items: no join


def test_outline_folder_missing_page_and_parser_failure_score_zero(tmp_path):
    folder = _write_outline_folder(tmp_path / "pages")
    (folder / "gold_p02.json").write_text(json.dumps(PLAN_GOLD, ensure_ascii=False), encoding="utf-8")
    report = oe.evaluate_outlines(folder)
    assert [p.page for p in report.pages] == ["p01_district_points", "p02"]
    assert report.pages[1].ok == 0 and report.pages[1].total == PLAN_CHECKS
    assert report.summary() == f"total: {PLAN_CHECKS}/{2 * PLAN_CHECKS} checks, 1/2 pages perfect"

    def broken(path):
        raise ValueError("boom")

    crashed = oe.evaluate_outlines(folder, only={"p01"}, loader=broken)
    assert crashed.pages[0].ok == 0 and "ValueError: boom" in crashed.pages[0].misses[0]
    with pytest.raises(planparse.InputError):
        oe.evaluate_outlines(folder, only={"p99"})


def test_evaluate_structure_command_on_an_outline_folder(tmp_path):
    folder = _write_outline_folder(tmp_path / "pages")
    (folder / "gold_p02.json").write_text(json.dumps({"plans": [{"title": "不存在的标题"}]}, ensure_ascii=False),
                                          encoding="utf-8")
    (folder / "p02_other.txt").write_text(PLAN, encoding="utf-8")
    result = runner.invoke(app, ["evaluate-structure", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"p01_district_points: {PLAN_CHECKS}/{PLAN_CHECKS}"
    assert lines[1] == "p02_other: 1/2" and lines[2].startswith("    miss: plan 1 title")
    assert lines[-1] == f"total: {PLAN_CHECKS + 1}/{PLAN_CHECKS + 2} checks, 1/2 pages perfect"
    quiet = runner.invoke(app, ["evaluate-structure", str(folder), "--quiet"])
    assert "miss:" not in quiet.output and quiet.output.splitlines()[-1] == lines[-1]
    data = json.loads(runner.invoke(app, ["evaluate-structure", str(folder), "--format", "json"]).output)
    assert (data["ok"], data["total"], data["perfect"]) == (PLAN_CHECKS + 1, PLAN_CHECKS + 2, 1)
    assert runner.invoke(app, ["evaluate-structure", str(folder), "--threshold", "1"]).exit_code == 1


def test_evaluate_structure_command_keeps_the_corpus_format_and_fails_cleanly(tmp_path):
    result = runner.invoke(app, ["evaluate-structure", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("overall")
    missing = runner.invoke(app, ["evaluate-structure", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "no such directory" in missing.output
    assert "Traceback" not in missing.output


def test_corpus_default_is_relative_to_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in (["evaluate-structure"], ["train"], ["evaluate"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert "corpus/" in result.output and "Traceback" not in result.output


def test_core_library_does_not_import_devtools():
    src = Path(planparse.__file__).resolve().parent
    offenders = [str(p.relative_to(src)) for p in src.rglob("*.py")
                 if p.parts[-2] not in ("devtools", "cli") and "planparse.devtools" in p.read_text(encoding="utf-8")]
    assert not offenders
    # the corpus is an argument, never found from the installed package's location
    assert not [p.name for p in src.glob("devtools/*.py") if "__file__" in p.read_text(encoding="utf-8")]


# ---------------------------------------------------------------------------- reports_eval


def test_chinese_numbers_of_headings():
    assert [re_.chinese_number(t) for t in ("一", "九", "十", "十二", "二十", "二十三")] == [1, 9, 10, 12, 20, 23]
    assert re_.chinese_number("十十") is None and re_.chinese_number("两") is None


def test_report_gold_reads_three_levels_from_the_text():
    gold = re_.build_gold(REPORT)
    assert [s.heading.number for s in gold] == [1, 2, 3]
    assert gold[0].heading.text == "过去一年的主要工作"
    assert [h.number for h in gold[0].shi] == [1, 2, 3] and not gold[0].paren
    assert [h.marker for h in gold[2].paren] == ["（一）", "（二）", "（三）"]
    assert gold[2].paren[0].text.startswith("壮大实体经济")


@pytest.mark.parametrize("text", [
    "一、只有一个标题\n正文。\n",  # fewer than two
    "二、从二开始\n三、接着三\n",  # not from 一
    "一、甲部分\n二、乙部分\n一、重新开始\n",  # a deeper level reusing the family
    "一、甲部分\n三、跳过了二\n",
    "正文里提到一、二、三条意见，并非标题。\n另一行。\n",
])
def test_report_without_a_clean_top_level_has_no_gold(text):
    assert re_.build_gold(text) is None


def test_report_gold_marker_family_and_unclean_paren_runs():
    text = "一．第一部分\n（一）甲\n（三）丙\n二.第二部分\n(一)子项\n(二)子项\n"
    gold = re_.build_gold(text)
    assert [s.heading.marker for s in gold] == ["一．", "二."]
    assert gold[0].paren == [] and gold[0].paren_unclean == [1, 3]
    assert [h.number for h in gold[1].paren] == [1, 2]


def test_report_checks_on_a_report_the_parser_gets_right():
    result = re_.evaluate_record(REPORT, 1, "某市报告")
    assert (result.top, result.paren_ok, result.paren_total, result.shi) == (True, 1, 1, True)
    assert result.crash is None and result.cjk_lost == 0 and result.misses == []


def test_report_checks_see_wrong_sections_and_lost_characters():
    def lossy(text, classify=False):
        collection = planparse.parse(text, classify=classify)
        sections = collection.plans[0].sections
        sections[2].items = sections[2].items[1:]  # the （一） item and its text are gone
        sections[1].title = "总体要求"  # not a prefix of 今年的总体要求
        return collection

    result = re_.evaluate_record(REPORT, 1, "某市报告", parse=lossy)
    assert result.top is False and (result.paren_ok, result.paren_total) == (0, 1)
    dropped = "（一）壮大实体经济。支持制造业企业技术改造，培育专精特新企业三十家。" + "今年的"
    assert result.cjk_lost == sum(re_.cjk_counter(dropped).values()) == 32
    assert any(m.startswith("top level: got 3 sections") for m in result.misses)


def test_report_crash_is_counted_not_raised(tmp_path):
    def crash(text, classify=False):
        raise RecursionError("too deep")

    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps({"title": t, "content": c, "year": "2026"}, ensure_ascii=False)
                              for t, c in (("甲", REPORT), ("乙", "没有编号的一段话。"))) + "\n", encoding="utf-8")
    summary = re_.evaluate_reports(path, parse=crash)
    assert summary.crashes == 2 and summary.top == (0, 1)
    assert summary.summary().startswith("top level: 0/1 reports; (一) level: 0/1 sections;")


def test_evaluate_reports_command(tmp_path):
    path = tmp_path / "reports.jsonl"
    broken = REPORT.replace("三、今年的重点任务", "四、今年的重点任务")
    path.write_text("\n".join(json.dumps({"title": t, "content": c}, ensure_ascii=False)
                              for t, c in (("好", REPORT), ("无金标", broken))) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate-reports", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == ("top level: 1/1 reports; (一) level: 1/1 sections; 一是 items: 1/1 reports; "
                                     "crashes: 0; CJK lost: 0")
    data = json.loads(runner.invoke(app, ["evaluate-reports", str(path), "--format", "json"]).output)
    assert data["records"] == 2 and data["reports"][1]["top"] is None
    for bad, message in (("nope.jsonl", "no such file"), ("bad.jsonl", "bad.jsonl:1")):
        if bad == "bad.jsonl":
            (tmp_path / bad).write_text("{not json\n", encoding="utf-8")
        result = runner.invoke(app, ["evaluate-reports", str(tmp_path / bad)])
        assert result.exit_code == 2 and message in result.output


# ---------------------------------------------------------------------------- the shared evaluation data


needs_realpages = pytest.mark.skipif(not (REALPAGES / "README.md").is_file(),
                                     reason=f"the shared real pages are not here ({REALPAGES})")
needs_reports = pytest.mark.skipif(not REPORTS.is_file(), reason=f"the shared reports are not here ({REPORTS})")


@needs_realpages
def test_realpages_score_reaches_the_threshold():
    report = oe.evaluate_outlines(REALPAGES)
    assert report.ok >= REALPAGES_MIN_CHECKS, oe.format_report(report)


@needs_realpages
@pytest.mark.skipif(not EVAL_OUTLINE.is_file(), reason=f"the team's scorer is not here ({EVAL_OUTLINE})")
def test_realpages_scores_equal_the_team_scorer():
    spec = importlib.util.spec_from_file_location("eval_outline", EVAL_OUTLINE)
    theirs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(theirs)
    for page_id, gold_path, page_path in oe.page_pairs(REALPAGES):
        gold = oe.read_gold(gold_path)
        parsed = oe._parse_file(page_path)
        ours = oe.score_parsed(gold, parsed)
        assert (ours.ok, ours.total, ours.misses) == theirs.score(gold, parsed), page_id
        assert oe.gold_check_count(gold) == theirs.n_checks(gold)


@pytest.fixture(scope="module")
def reports_summary():
    return re_.evaluate_reports(REPORTS)


@needs_reports
def test_reports_parse_without_crash_and_keep_their_scores(reports_summary):
    detail = re_.format_summary(reports_summary, verbose=True)
    assert reports_summary.crashes == 0, detail
    assert reports_summary.top[0] >= REPORTS_MIN_TOP, detail
    assert reports_summary.paren[0] >= REPORTS_MIN_PAREN, detail
    assert reports_summary.cjk_lost <= REPORTS_MAX_CJK_LOST, detail
