"""The labelled corpus follows its labelling conventions (corpus/labelled/conventions.toml: docs/taxonomy.md's
readings of ambiguous items and its scopes), and the checker finds lines that break one."""

from __future__ import annotations

from pathlib import Path

import pytest

from planparse.classify.taxonomy import domain_ids
from planparse.devtools.label_conventions import check, load_conventions, main
from planparse.devtools.train_classifier import load_corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "labelled"


@pytest.fixture(scope="module")
def conventions():
    return load_conventions(CORPUS / "conventions.toml", set(domain_ids()))


def test_every_split_of_the_corpus_follows_the_conventions(conventions):
    rows = load_corpus(CORPUS)
    assert {r["split"] for r in rows} == {"train", "dev", "test"}
    assert check(rows, conventions) == []
    assert main(["--corpus", str(CORPUS)]) == 0


def test_the_checker_finds_labels_that_break_a_reading(conventions):
    rows = [
        {"text": "举办基层工會主席培訓班", "labels": ["union_self_building"], "split": "test"},  # Traditional too
        {"text": "开展冬送温暖活动", "labels": ["welfare_assistance", "labour_protection"], "split": "train"},
        {"text": "组织女职工参加健康体检", "labels": ["women_workers", "health_services"], "split": "dev"},
        {"text": "组织劳模疗休养", "labels": ["model_workers"], "split": "train"},
        {"text": "开展“比质量、比安全、比效率”劳动竞赛", "labels": ["competition"], "split": "train"},  # unless
    ]
    found = {(v.text, v.convention, v.why) for v in check(rows, conventions)}
    assert found == {
        ("举办基层工會主席培訓班", "工会干部培训", "lacks skills_training"),
        ("组织女职工参加健康体检", "女职工健康", "has health_services"),
        ("组织劳模疗休养", "劳模疗休养", "lacks health_services"),
    }


def test_a_convention_naming_an_unknown_domain_is_refused(tmp_path):
    bad = tmp_path / "conventions.toml"
    bad.write_text('[[convention]]\nname = "x"\nall = ["培训"]\nrequire = ["training"]\n', "utf-8")
    with pytest.raises(ValueError, match="outside the taxonomy"):
        load_conventions(bad, set(domain_ids()))
