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
    from rapidfuzz import fuzz, process

    train_rows = [r for r in corpus if r["split"] == "train"]
    train_forms = [match_form(r["text"]) for r in train_rows]
    for split, size in (("test", 300), ("dev", 300)):
        held = [r for r in corpus if r["split"] == split]
        assert len(held) >= size and len(train_rows) > len(held)
        held_forms = [match_form(r["text"]) for r in held]
        assert not set(held_forms) & set(train_forms)
        # Held-out lines come from their own hand-written phrases, never from a training phrase...
        assert not {r["group"] for r in held} & {r["group"] for r in train_rows}
        # ...and none is a near-copy of a training line (a few words changed), across all lines.
        best = process.cdist(held_forms, train_forms, scorer=fuzz.ratio, workers=-1).max(axis=1)
        near = [(held_forms[i], float(best[i])) for i in range(len(held_forms)) if best[i] >= 88]
        assert not near, near[:5]


def test_shipped_model_is_small_and_covers_the_taxonomy():
    model_dir = default_model_dir()
    size = sum(f.stat().st_size for f in model_dir.rglob("*") if f.is_file())
    assert size < 1_500_000
    clf = Classifier()
    assert clf.has_model and set(clf.model.labels) == set(domain_ids())


def test_macro_f1_on_held_out_split(corpus):
    reports = evaluate([r for r in corpus if r["split"] == "test"])
    assert set(reports) == {"rules", "model", "combined"}
    combined = reports["combined"]
    assert reports["model"].macro_f1 >= 0.80, reports["model"].as_dict()
    assert combined.macro_f1 >= 0.89, combined.as_dict()
    # Combining must beat either part alone.
    assert combined.macro_f1 >= max(reports["rules"].macro_f1, reports["model"].macro_f1) + 0.01


def test_training_is_reproducible(tmp_path, corpus):
    rows = [r for r in corpus if r["split"] == "train"][::8]
    dev = [r for r in corpus if r["split"] == "dev"][::2]
    a = train(rows=rows, dev_rows=dev, output=tmp_path / "a", log=lambda *_: None)
    b = train(rows=rows, dev_rows=dev, output=tmp_path / "b", log=lambda *_: None)
    for name in ("model.npz", "meta.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    clf = Classifier(a)
    assert clf.has_model and len(clf.score(["组织职工技能比武"])) == 1


def test_training_needs_a_dev_split(tmp_path, corpus):
    rows = [r for r in corpus if r["split"] == "train"][::20]
    with pytest.raises(InputError, match="dev"):
        train(rows=rows, dev_rows=[], output=tmp_path / "m", log=lambda *_: None)


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
    assert data["combined"]["macro_f1"] >= 0.89
    buckets = data["model"]["calibration"]
    assert len(buckets) == 10 and sum(b["pairs"] for b in buckets) == data["model"]["n"] * len(domain_ids())
    table = runner.invoke(app, ["evaluate"], env={"COLUMNS": "160"})
    assert table.exit_code == 0 and "macro-F1" in table.output and "observed precision" in table.output


def test_batch_model_scores_equal_a_text_by_text_reference():
    """The batched numpy path (hashing every n-gram of a batch at once, one sparse product) must give the
    logits a plain per-text computation gives: each 1-3-gram hashed with Python integers, √count, unit
    length, dot product with the weight table."""
    import math

    import numpy as np

    from planparse.classify import get_classifier
    from planparse.classify.ngram_model import Ngrams

    model = get_classifier().model
    texts = ["组织职工开展劳动竞赛和技术比武", "做好困难职工帮扶工作,春节走访慰问", "召", "工作工作工作工作",
             "開展職工技能比賽", "推进厂务公开和职代会提案办理" * 20, "a", "开展女职工两癌筛查"]
    forms = [match_form(t) for t in texts]
    batch = model.raw(Ngrams(forms, model.nmax, model.bits))

    def reference(form: str) -> np.ndarray:
        counts: Counter[int] = Counter()
        for n in range(1, model.nmax + 1):
            for i in range(len(form) - n + 1):
                h = 0
                for ch in form[i:i + n]:
                    h = (h * 1_000_003 + ord(ch)) % 2**64
                counts[(((h + n) * 0x9E3779B97F4A7C15) % 2**64) >> (64 - model.bits)] += 1
        norm = max(math.sqrt(sum(counts.values())), model.min_norm)  # Σ (√c)² = Σ c; short texts: the floor
        logits = model.bias.copy()
        for bucket, c in counts.items():
            logits += model.table[model.slot[bucket]] * (math.sqrt(c) / norm)
        return logits

    for form, row in zip(forms, batch):
        assert np.abs(reference(form) - row).max() < 1e-4


def test_cue_automaton_equals_a_phrase_matcher():
    """The cue automaton must find what spaCy's PhraseMatcher over one-character tokens finds, longest wins."""
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Span
    from spacy.util import filter_spans

    from planparse.classify import get_classifier
    from planparse.classify.taxonomy import cue_lexicon

    clf = get_classifier()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    matcher = PhraseMatcher(nlp.vocab)
    for phrase, (domain, _strong) in cue_lexicon().items():
        matcher.add(domain, [nlp.make_doc(phrase)])
    texts = ["组织职工开展劳动竞赛和技术比武", "做好困难职工帮扶工作，春节走访慰问", "召", "开展女职工两癌筛查",
             "加强工会干部培训工作工作工作", "開展職工技能比賽", "推进厂务公开和职代会提案办理",
             "开展安全生产劳动竞赛和技能比赛，组织女职工技能比武"]
    forms = [match_form(t) for t in texts]
    for form, scores in zip(forms, clf._score_batch(forms)):
        ref = nlp.make_doc(form)
        expected = {(s.text, s.label_) for s in filter_spans([Span(ref, a, b, label=k) for k, a, b in matcher(ref)])}
        assert expected == {(w, d) for d, words in scores.cues.items() for w in words}
