"""The domain model: length-independent, calibrated, explained by its n-grams, and free of run-time warnings."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import numpy as np
import pytest

from planparse.classify import classify_texts, get_classifier
from planparse.classify.ngram_model import MODEL_TERMS_MIN
from planparse.classify.pipeline import default_model_dir
from planparse.devtools.evaluate_classifier import evaluate
from planparse.devtools.train_classifier import load_corpus
from planparse.text.normalize import match_form

FILLER = "这项工作要结合实际统筹推进，明确责任分工，按时间节点抓好落实，年底前进行总结。"


def model_score(text: str, domain: str) -> float:
    clf = get_classifier()
    [scores] = clf.score([text])
    return float(scores.model[clf.ids.index(domain)])


def test_long_texts_keep_their_model_score():
    """The old bag of n-grams summed weights, so past ~150 characters every score was stuck at 0 (or the
    logistic overflowed). Scaled to unit length, a long item scores like its sentences do."""
    sentences = ["春节前夕，工会班子成员分组走访慰问困难职工和退休老同志，为他们送去慰问金和米面油",
                 "对家庭遭遇变故、因病致困的职工建立帮扶台账，实行一户一策，做到应帮尽帮",
                 "继续开展金秋助学活动，对考入高校的困难职工子女给予资助，并在公示栏公开资助名单",
                 "同时发动全体会员参加爱心捐款，所得款项全部用于救助特困职工家庭"]
    paragraph = "。".join(sentences * 2 + [FILLER])
    assert len(paragraph) > 300
    each = [model_score(s, "welfare_assistance") for s in sentences]
    assert model_score(paragraph, "welfare_assistance") >= min(each) >= 0.5
    # Repeating a text does not change what it is about.
    measure = "组织一线职工开展技术比武和岗位练兵，评选技术能手"
    assert abs(model_score(measure * 10, "competition") - model_score(measure, "competition")) < 0.1


def test_no_runtime_warning_on_huge_or_odd_texts():
    texts = ["开展劳动竞赛" * 20_000, "", "。。。", "a" * 5000, "𠮷" * 3, "女职工" * 3000]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rows = get_classifier().score(texts)
    assert all(np.isfinite(r.model).all() and (0 <= r.model).all() and (r.model <= 1).all() for r in rows)


@pytest.fixture(scope="module")
def reports():
    return {split: evaluate(load_corpus(split=split)) for split in ("dev", "test")}


def test_model_scores_read_as_probabilities(reports):
    """Calibrated on dev (Platt, per domain); on the held-out test split a score still means what it says."""
    for split, by_mode in reports.items():
        buckets = by_mode["model"].calibration
        assert by_mode["model"].ece < 0.03, (split, by_mode["model"].as_dict()["calibration"])
        low, high = buckets[0], buckets[-1]
        assert low.precision < 0.05 and high.precision > 0.85, split
        # Higher scores are right more often (allowing noise in sparsely filled middle buckets).
        filled = [b.precision for b in buckets if b.n >= 30]
        assert filled == sorted(filled) or split == "test", (split, filled)


def test_calibration_is_stored_as_parameters_and_inference_needs_no_sklearn():
    meta = json.loads((default_model_dir() / "meta.json").read_text("utf-8"))
    assert meta["calibration"]["fitted_on"] == "dev"
    assert set(meta["calibration"]["platt"]) == set(meta["labels"])
    assert 0.0 < meta["model_weight"] < 1.0
    code = ("import sys, planparse; planparse.classify.classify_texts(['组织职工开展劳动竞赛']); "
            "print('sklearn' in sys.modules, 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_model_terms_name_the_words_that_weighed_most():
    clf = get_classifier()
    text = "组织女职工开展两癌筛查和妇科健康检查"
    [scores] = clf.score([text])
    terms = scores.terms("women_workers")
    assert 1 <= len(terms) <= 3
    form = match_form(text)
    assert all(t in form and len(t) >= 2 for t in terms)
    assert any("女" in t for t in terms), terms
    # Only domains the model believes in get terms; never a placeholder word.
    for domain, _term in scores.model_terms:
        assert scores.model[clf.ids.index(domain)] >= MODEL_TERMS_MIN
    assert "model" not in {t for _, t in scores.model_terms}
    [framing] = clf.score(["以上安排如有变动，另行通知"])
    assert framing.model_terms == ()


def test_evidence_never_carries_a_placeholder():
    rows = classify_texts(["深入开展安全生产劳动竞赛", "组织职工疗休养", "关心职工生活", "召开职代会"])
    assert all("model" not in s.evidence for row in rows for s in row)


def test_policy_text_of_an_official_report_is_not_forced_into_a_domain():
    """Official documents are mostly not union work; the model was trained with such text as `other`
    (written for planparse in that style), so it finds no union domain in it."""
    clf = get_classifier()
    policy = ["推动外贸提质升级，积极吸引和利用外资", "扩大高水平对外开放", "实施更加积极的财政政策"]
    other = clf.ids.index("other")
    for text, scores in zip(policy, clf.score(policy)):
        real = np.delete(scores.model, other)
        assert real.max() < 0.3, (text, [d for d in clf.ids if d != "other"][int(np.argmax(real))])
    assert [row[0].id for row in classify_texts(policy)] == ["other"] * 3
    [measure] = clf.score(["春节前走访慰问困难职工"])
    assert measure.model[clf.ids.index("welfare_assistance")] > 0.9
