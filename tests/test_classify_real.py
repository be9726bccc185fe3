"""Domains on real text: the primary domain of every section of the shared real pages (hand annotation in
corpus/realpage_domains.tsv), the "not a union plan" flag on official documents, and the evaluator itself.

The shared data is read only when it sits next to the repository; the evaluator tests use pages written here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planparse.devtools import realpage_domains as rd

ROOT = Path(__file__).resolve().parents[1]
ANNOTATION = ROOT / "corpus" / "realpage_domains.tsv"
SHARED = ROOT.parent / "shared"
REALPAGES = SHARED / "realpages"
REPORTS = SHARED / "corpora" / "government_work_reports.jsonl"

# 98/101 measured 2026-12 (before the section tally and cue contexts of issue 13: 76/101).
REALPAGES_MIN_ACCURACY = 0.9

needs_realpages = pytest.mark.skipif(not REALPAGES.is_dir(), reason=f"the shared real pages are not here ({REALPAGES})")
needs_reports = pytest.mark.skipif(not REPORTS.is_file(), reason=f"the shared official documents are not here ({REPORTS})")


def test_annotation_is_headings_and_taxonomy_ids_only():
    from planparse.classify.taxonomy import domain_ids

    rows = rd.load_annotation(ANNOTATION)
    assert len(rows) >= 100
    assert len({r.page for r in rows}) == 30
    assert all(set(r.accepted) <= set(domain_ids()) for r in rows)
    assert all(len(r.heading) <= 16 for r in rows)  # the start of a heading, never body text


def test_evaluator_finds_sections_by_heading_and_counts_lost_ones(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "x01_union.txt").write_text(
        "某厂工会2026年工作计划\n一、活动时间\n3月8日上午\n二、开展劳动竞赛\n1、组织技能比武。\n2、评选技术能手。\n", "utf-8")
    annotation = tmp_path / "a.tsv"
    annotation.write_text(
        "# test\npage\tplan\tsection\theading\tdomains\n"
        "x01\t0\t1\t开展劳动竞赛\tcompetition\n"  # found at its index
        "x01\t0\t5\t活动时间\tother\n"  # index moved: found by heading
        "x01\t0\t2\t加强民主管理\tdemocratic_management\n", "utf-8")  # no such section: a miss
    report = rd.evaluate_sections(pages, annotation, explain=True)
    assert [(r.title, r.predicted, r.ok) for r in report.results] == [
        ("开展劳动竞赛", "competition", True), ("活动时间", "other", True), (None, None, False)]
    assert report.correct == 2 and report.lines()[-1] == "primary domain: 2/3 sections (66.7%)"
    assert "section not found" in report.lines()[0]


def test_annotation_with_a_wrong_header_is_refused(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("page\tdomains\nd01\tother\n", "utf-8")
    with pytest.raises(ValueError, match="header"):
        rd.load_annotation(bad)


@needs_realpages
def test_primary_domain_of_real_page_sections():
    report = rd.evaluate_sections(REALPAGES, ANNOTATION)
    assert len(report.results) == len(rd.load_annotation(ANNOTATION))
    assert report.accuracy >= REALPAGES_MIN_ACCURACY, "\n".join(report.lines())


@needs_reports
def test_official_documents_are_not_union_plans(tmp_path):
    # The first records of the file: a 2025 work report (long) and short NPC resolutions come later; take
    # a few of each kind by size to keep the test fast.
    records = [json.loads(line) for line in REPORTS.read_text("utf-8").splitlines()]
    records.sort(key=lambda r: len(r["content"]))
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records[:3] + records[30:32]), "utf-8")
    results = rd.evaluate_scope(sample)
    assert all(r.flagged for r in results), [(r.title, r.scopes) for r in results]
    assert all(any("does not read as a union plan" in w for w in r.warnings) for r in results)
