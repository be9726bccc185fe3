"""Dedup over parsed plans: provenance paths, the JSON contract, --write, --corpus and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planparse.cli import app
from planparse.dedup.collection import collection_units, dedup_collections, deduplicate, render_text
from planparse.model import Item, Plan, PlanCollection, Section

runner = CliRunner()

INTRO = "职工之家是工会联系职工的桥梁，今年要把建家工作与班组建设结合起来，做到有场所、有制度、有活动。"
ITEM_A = "完善职工书屋，每季度更新图书一次，组织读书分享会，引导职工多读书、读好书。"
ITEM_B = "建成母婴关爱室，配齐冰箱、沙发等必要设施，为哺乳期女职工提供方便。"
ITEM_C = "开展“最美家庭”评选，发挥先进家庭的示范作用，弘扬尊老爱幼的良好家风。"
OTHER = "深化厂务公开，重大事项及时在公开栏和内网公布，接受职工监督并做好意见反馈。"
REPEATED = "每月召开一次分会主席例会，通报工作进展，布置下月任务。"


def _plan(separator, title, items, intro=INTRO, second_title="加强民主管理"):
    return Plan(
        title=title,
        separator=separator,
        sections=[
            Section(marker="一、", number=1, title="推进职工之家建设", intro=intro,
                    items=[Item(marker=f"{k}、", number=k, text=t) for k, t in enumerate(items, 1)]),
            Section(marker="二、", number=2, title=second_title,
                    items=[Item(marker="1、", number=1, text=OTHER, children=[Item(marker="（1）", number=1, text=REPEATED + REPEATED)])]),
        ],
    )


def _collection():
    first = _plan("篇一", "机关工会工作计划篇一", [ITEM_A, ITEM_B])
    second = _plan("篇二", "机关工会工作计划篇二", ["- " + ITEM_A, ITEM_C, ITEM_B.replace("必要设施", "必要设施和药品")],
                   intro="", second_title="做好宣传工作")
    second.sections[1].items = [Item(marker="1、", number=1, text="办好工会宣传栏，及时报道基层工会的好做法、好经验，每月至少更新一期内容。")]
    return PlanCollection(plans=[first, second])


def test_units_carry_paths_from_separator_marker_and_number():
    units = collection_units(_collection(), "a.txt")
    paths = [u.path for u in units]
    assert "篇一/一" in paths and "篇一/一/intro" in paths and "篇二/一/3" in paths and "篇一/二/1/1" in paths
    plan_without_label = PlanCollection(plans=[Plan(title="x", sections=[Section(title="", implied=True, items=[Item(text=ITEM_A)])])])
    assert [u.path for u in collection_units(plan_without_label, "b.txt")] == ["1/1/1"]


def test_report_matches_the_contract():
    report = dedup_collections([_collection()], ["plans.txt"])
    data = report.model_dump(mode="json")
    assert set(data) >= {"groups"}
    kinds = {}
    for group in data["groups"]:
        assert set(group) >= {"kind", "similarity", "members"}
        for member in group["members"]:
            assert set(member) >= {"text", "plan", "path", "source"}
        kinds.setdefault(group["kind"], []).append([m["path"] for m in group["members"]])
    assert sorted(kinds["exact"]) == [["篇一/一", "篇二/一"], ["篇一/一/1", "篇二/一/1"]]
    assert kinds["near"] == [["篇一/一/2", "篇二/一/3"]]
    assert kinds["sentence"] == [["篇一/二/1/1", "篇一/二/1/1"]]
    json.dumps(data, ensure_ascii=False)


def test_write_keeps_first_occurrence_and_logs_drops():
    collection = _collection()
    report = dedup_collections([collection], ["plans.txt"])
    (output,), log = deduplicate([collection], ["plans.txt"], report)
    second = output.plans[1].sections[0]
    assert [i.text for i in second.items] == [ITEM_C]  # item 1 (exact) and item 3 (near) dropped
    assert second.title == "推进职工之家建设"  # heading stays: the section still has its own item
    first = output.plans[0]
    assert first.sections[1].items[0].children[0].text == REPEATED  # repeated sentence cut once
    dropped = {(e["path"], e["kind"]) for e in log}
    assert dropped == {("篇二/一/1", "exact"), ("篇二/一/3", "near"), ("篇一/二/1/1", "sentence")}
    assert all(e["kept"]["path"].startswith("篇一/") for e in log)
    assert collection.plans[1].sections[0].items[0].text == "- " + ITEM_A  # the input is untouched
    text = render_text(output)
    assert text.count(ITEM_A) == 1 and ITEM_C in text


def test_whole_duplicate_section_goes_with_its_heading():
    plan = _plan("篇一", "a", [ITEM_A, ITEM_B])
    copy = _plan("篇二", "b", [ITEM_A, ITEM_B], second_title="做好宣传工作")
    copy.sections[1].items = [Item(marker="1、", number=1, text="办好工会宣传栏，及时报道基层工会的好做法、好经验，每月至少更新一期内容。")]
    collection = PlanCollection(plans=[plan, copy])
    report = dedup_collections([collection], ["x.txt"])
    (output,), log = deduplicate([collection], ["x.txt"], report)
    assert [s.title for s in output.plans[1].sections] == ["做好宣传工作"]
    assert {e["path"] for e in log} >= {"篇二/一", "篇二/一/intro", "篇二/一/1", "篇二/一/2"}


def test_corpus_counts_documents_and_template_share():
    mine = PlanCollection(plans=[_plan(None, "本单位计划", [ITEM_A, ITEM_B])])
    other1 = PlanCollection(plans=[_plan(None, "甲单位", [ITEM_A, ITEM_C])])
    other2 = PlanCollection(plans=[_plan(None, "乙单位", [ITEM_A])])
    report = dedup_collections([mine], ["mine.txt"], corpus=[(other1, "c/1.txt"), (other2, "c/2.txt")])
    corpus = report.corpus
    assert corpus.documents == 2
    counts = {p.path: p.documents for p in corpus.paragraphs}
    assert counts["1/一/1"] == 2  # ITEM_A is in both corpus documents
    assert "1/一/2" not in counts  # ITEM_B is nowhere else
    (share,) = corpus.plans
    assert 0 < share.template_share < 1 and share.template_units < share.units


# ---- CLI -------------------------------------------------------------------------------------

PLAN_TEXT = f"""基层工会2025年工作计划

一、推进职工之家建设

{INTRO}

1、{ITEM_A}

2、{ITEM_B}

二、加强民主管理

1、{OTHER}
"""


@pytest.fixture
def plan_files(tmp_path: Path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(PLAN_TEXT, encoding="utf-8")
    b.write_text(PLAN_TEXT.replace("2025", "2026").replace(f"2、{ITEM_B}", f"- 2、{ITEM_B}\n\n3、{ITEM_C}"), encoding="utf-8")
    return a, b


def test_cli_json_across_files(plan_files):
    a, b = plan_files
    result = runner.invoke(app, ["dedup", str(a), str(b), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    across = [g for g in data["groups"] if {m["source"] for m in g["members"]} == {str(a), str(b)}]
    texts = {g["members"][0]["text"] for g in across}
    assert ITEM_A in texts and ITEM_B in texts and OTHER in texts
    assert ITEM_C not in json.dumps(data, ensure_ascii=False)


def test_cli_table_and_write(plan_files, tmp_path):
    a, b = plan_files
    result = runner.invoke(app, ["dedup", str(a), str(b)])
    assert result.exit_code == 0 and "exact" in result.stdout
    out = tmp_path / "out"
    result = runner.invoke(app, ["dedup", str(a), str(b), "--write", str(out)])
    assert result.exit_code == 0, result.output
    kept = (out / "b.dedup.txt").read_text(encoding="utf-8")
    assert ITEM_C in kept and ITEM_A not in kept
    assert ITEM_A in (out / "a.dedup.txt").read_text(encoding="utf-8")
    log = json.loads((out / "dedup-log.json").read_text(encoding="utf-8"))
    assert {e["source"] for e in log["dropped"]} == {str(b)}


def test_cli_corpus(plan_files, tmp_path):
    a, b = plan_files
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "c.txt").write_text(PLAN_TEXT.replace("基层", "车间"), encoding="utf-8")
    result = runner.invoke(app, ["dedup", str(a), "--corpus", str(corpus), "--format", "json"])
    assert result.exit_code == 0, result.output
    share = json.loads(result.stdout)["corpus"]["plans"][0]["template_share"]
    assert share > 0.9


@pytest.mark.parametrize("args, message", [
    (["--threshold", "2"], "threshold"),
    (["--format", "xml"], "format"),
])
def test_cli_bad_options_exit_2(plan_files, args, message):
    result = runner.invoke(app, ["dedup", str(plan_files[0]), *args])
    assert result.exit_code == 2 and message in result.output


def test_cli_missing_file_is_one_line(tmp_path):
    result = runner.invoke(app, ["dedup", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_cli_store_as_corpus(plan_files, tmp_path):
    from planparse.store import ingest_paths, open_store

    a, b = plan_files
    db = tmp_path / "plans.db"
    with open_store(db) as conn:
        ingest_paths(conn, [b], classify=False)
    result = runner.invoke(app, ["dedup", str(a), "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    corpus = json.loads(result.stdout)["corpus"]
    assert corpus["documents"] == 1
    assert {p["text"] for p in corpus["paragraphs"]} >= {ITEM_A, ITEM_B, OTHER}
    missing = runner.invoke(app, ["dedup", str(a), "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such database" in missing.output


def test_store_copy_of_the_file_itself_is_not_another_document(plan_files, tmp_path):
    from planparse.store import ingest_paths, open_store

    a, _ = plan_files
    db = tmp_path / "plans.db"
    with open_store(db) as conn:
        ingest_paths(conn, [a], classify=False)
    result = runner.invoke(app, ["dedup", str(a), "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["corpus"]["paragraphs"] == []


def test_item_of_two_paragraphs_dropped_whole_is_logged_whole():
    body = ITEM_A + "\n" + ITEM_C
    first = Plan(title="a", separator="篇一", sections=[Section(marker="一、", title="职工之家", items=[Item(marker="1、", text=body)])])
    second = Plan(title="b", separator="篇二", sections=[Section(marker="一、", title="民主管理", items=[
        Item(marker="1、", text=body), Item(marker="2、", text=OTHER)])])
    collection = PlanCollection(plans=[first, second])
    report = dedup_collections([collection], ["x.txt"])
    (output,), log = deduplicate([collection], ["x.txt"], report)
    assert [i.text for i in output.plans[1].sections[0].items] == [OTHER]
    assert sorted(e["path"] for e in log) == ["篇二/一/1#1", "篇二/一/1#2"]
