"""The labelled corpus, the shipped model, held-out F1, reproducible training and the CLI commands."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planparse.devtools.evaluate_classifier import evaluate
from planparse.classify.pipeline import Classifier, default_model_dir
from planparse.classify.taxonomy import domain_ids
from planparse.devtools.train_classifier import load_corpus, train
from planparse.cli import app
from planparse.errors import InputError
from planparse.text.normalize import match_form

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return load_corpus()


def test_corpus_size_coverage_and_variety(corpus):
    assert len(corpus) >= 1200
    per_label = Counter(label for row in corpus for label in row["labels"])
    assert set(per_label) == set(domain_ids())
    assert min(per_label.values()) >= 50, per_label
    assert sum(len(row["labels"]) > 1 for row in corpus) >= 50  # multi-label where two truly apply
    assert sum(row["script"] == "traditional" for row in corpus) >= 100
    assert {row["org"] for row in corpus} == {"enterprise", "school", "hospital", "street", "government"}
    assert {row["kind"] for row in corpus} >= {"measure", "heading", "paragraph", "framing"}


def test_held_out_split_is_not_a_copy_of_training(corpus):
    train_rows = [r for r in corpus if r["split"] == "train"]
    test_rows = [r for r in corpus if r["split"] == "test"]
    assert len(test_rows) >= 300 and len(train_rows) > len(test_rows)
    train_forms = {match_form(r["text"]) for r in train_rows}
    assert not [r["text"] for r in test_rows if match_form(r["text"]) in train_forms]
    # Test lines come from their own hand-written phrases, never from a training phrase.
    assert not {r["group"] for r in test_rows} & {r["group"] for r in train_rows}


def test_shipped_model_is_small_and_covers_the_taxonomy():
    model_dir = default_model_dir()
    size = sum(f.stat().st_size for f in model_dir.rglob("*") if f.is_file())
    assert size < 2_000_000
    assert Classifier().has_model


def test_combined_macro_f1_on_held_out_split(corpus):
    reports = evaluate([r for r in corpus if r["split"] == "test"])
    assert set(reports) == {"rules", "model", "combined"}
    combined = reports["combined"]
    assert combined.macro_f1 >= 0.85, combined.as_dict()
    # Combining must not be worse than either part alone.
    assert combined.macro_f1 >= max(reports["rules"].macro_f1, reports["model"].macro_f1) - 0.005


def test_training_is_reproducible(tmp_path, corpus):
    rows = [r for r in corpus if r["split"] == "train"][::8]
    a = train(rows=rows, output=tmp_path / "a", epochs=2, log=lambda *_: None)
    b = train(rows=rows, output=tmp_path / "b", epochs=2, log=lambda *_: None)
    weights = Path("textcat_multilabel") / "model"
    assert (a / weights).read_bytes() == (b / weights).read_bytes()
    clf = Classifier(a)
    assert clf.has_model and len(clf.score(["组织职工技能比武"])) == 1


def test_bad_corpus_lines_are_one_line_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "开展劳动竞赛", "labels": ["no_such_domain"]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:1"):
        load_corpus(bad)
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:1"):
        load_corpus(bad)


PLAN = """某街道总工会2025年工作要点

一、扩大工会组织覆盖
1、推动辖区新建企业依法组建工会，吸收农民工入会。
2、开展快递员、外卖送餐员集中入会行动。
二、做好困难职工帮扶
1、春节前走访慰问困难职工40户。
2、开展金秋助学活动。
"""


def test_classify_command_json_and_table(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    result = runner.invoke(app, ["classify", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    sections = [r for r in rows if r["kind"] == "section"]
    assert [s["domains"][0] for s in sections] == ["organization_building", "welfare_assistance"]
    items = [r for r in rows if r["kind"] == "item"]
    assert len(items) == 4 and all(r["domain_scores"][0]["evidence"] for r in items)
    table = runner.invoke(app, ["classify", str(path)], env={"COLUMNS": "160"})
    assert table.exit_code == 0
    assert "organization_building" in table.output and "金秋助学" in table.output


def test_classify_command_on_missing_or_binary_input(tmp_path):
    result = runner.invoke(app, ["classify", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    result = runner.invoke(app, ["classify", str(binary)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_evaluate_command_reports_three_modes():
    result = runner.invoke(app, ["evaluate", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"rules", "model", "combined"}
    assert set(data["combined"]["domains"]) == set(domain_ids())
    assert data["combined"]["macro_f1"] >= 0.85


def test_batch_inference_equals_the_spacy_pipeline():
    """The fast path (cue automaton + batched n-gram keys into the linear layer) must give the
    scores and cues that running the spaCy pipeline text by text gives."""
    import numpy as np

    from planparse.classify import get_classifier
    from planparse.text.normalize import match_form

    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Span
    from spacy.util import filter_spans

    from planparse.classify.pipeline import blank_nlp
    from planparse.classify.taxonomy import cue_lexicon

    clf = get_classifier()
    # The reference for the cue automaton: spaCy's PhraseMatcher over one-character tokens, longest wins.
    nlp = blank_nlp()
    matcher = PhraseMatcher(nlp.vocab)
    for phrase, (domain, _strong) in cue_lexicon().items():
        matcher.add(domain, [nlp.make_doc(phrase)])
    texts = ["组织职工开展劳动竞赛和技术比武", "做好困难职工帮扶工作，春节走访慰问", "召", "开展女职工两癌筛查",
             "加强工会干部培训工作工作工作", "開展職工技能比賽", "推进厂务公开和职代会提案办理",
             "开展安全生产劳动竞赛和技能比赛，组织女职工技能比武"]
    forms = [match_form(t) for t in texts]
    fast = clf._predict(forms)
    for form, row, scores in zip(forms, fast, clf._score_batch(forms)):
        doc = clf.nlp(form)
        assert np.abs(np.array([doc.cats[d] for d in clf.ids]) - row).max() < 1e-6
        ref = nlp.make_doc(form)
        expected = {(s.text, s.label_) for s in filter_spans([Span(ref, a, b, label=k) for k, a, b in matcher(ref)])}
        assert expected == {(w, d) for d, words in scores.cues.items() for w in words}
