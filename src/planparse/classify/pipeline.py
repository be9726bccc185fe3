"""The spaCy classification pipeline: char tokenizer → textcat_multilabel → cue matcher.

* Tokenizer: spaCy's ``zh`` char segmenter. It is ~5× faster than its jieba segmenter, and a bag of
  character 1–3-grams recovers the words the taxonomy needs (厂务公开, 集体协商) without a dictionary.
* ``textcat_multilabel`` with a compact bag-of-ngrams model, trained from ``corpus/labelled`` and
  shipped in ``data/textcat``.
* ``planparse_cues``: a PhraseMatcher over the cue lexicon in ``data/taxonomy.toml``. It records
  every cue that fired in ``doc.spans["cues"]`` (label = domain id), which is the evidence users see.

Rules and model are combined per domain (``combine``). Everything runs on the matching form of the
text (Simplified, width-folded, no whitespace), so Traditional input gets the same answer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from planparse.classify.taxonomy import OTHER, cue_lexicon, domain_ids
from planparse.normalize import fold_width, match_form, to_simplified

_WHITESPACE = re.compile(r"\s+")  # as in planparse.normalize.match_form
CUES_PIPE = "planparse_cues"
TEXTCAT_PIPE = "textcat_multilabel"

# Rule scores: one strong cue is decisive on its own; weak cues only add up.
STRONG_CUE = 0.8
WEAK_CUE = 0.3
# Rule score of `other` when no cue at all fired.
NO_CUE_OTHER = 0.6
# Combined score = MODEL_WEIGHT * model + (1 - MODEL_WEIGHT) * rules. MODEL_WEIGHT, ASSIGN and FALLBACK
# were tuned on a grouped dev split of the train lines (never on the test split).
MODEL_WEIGHT = 0.6
# A domain is assigned when its score reaches ASSIGN; if none does, the best one is kept when it
# reaches FALLBACK, otherwise the text is `other`.
ASSIGN = 0.4
FALLBACK = 0.2
MAX_DOMAINS = 3
# Cache of scored texts (by matching form). Plans repeat lines a lot (template sites), and a section
# title is often repeated in the intro.
CACHE_SIZE = 100_000


def default_model_dir() -> Path:
    return Path(str(resources.files("planparse.data").joinpath("textcat")))


def blank_nlp() -> Language:
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})


class CharTokenizer:
    """One token per character of a whitespace-free string: what spaCy's zh "char" segmenter yields
    on matching-form text, without its per-character Python bookkeeping (~2× faster). Used only at
    inference; the saved model keeps spaCy's own tokenizer."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = list(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@Language.factory(CUES_PIPE)
def make_cue_matcher(nlp: Language, name: str) -> "CueMatcher":
    return CueMatcher(nlp)


class CueMatcher:
    """Marks cue phrases; overlapping matches resolve to the longest ("技能比赛" hides "比赛")."""

    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab)
        patterns: dict[str, list[Doc]] = defaultdict(list)
        for phrase, (domain, strong) in cue_lexicon().items():
            patterns[f"{domain}|{'strong' if strong else 'weak'}"].append(nlp.make_doc(phrase))
        for key, docs in patterns.items():
            self.matcher.add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=key) for key, start, end in self.matcher(doc)]
        doc.spans["cues"] = filter_spans(spans)
        return doc


@dataclass
class TextScores:
    """Scores of one text, as vectors over ``domain_ids()``."""

    model: np.ndarray
    rules: np.ndarray
    combined: np.ndarray
    cues: dict[str, list[str]] = field(default_factory=dict)  # domain id -> cue words that fired
    confidence: float = 0.0  # best combined score of a real domain (not `other`)
    decision: list | None = None  # cached domain scores of this text on its own (see assign.py)
    values: list[float] = field(default_factory=list)  # `combined` as plain floats (fast small-vector maths)
    model_values: list[float] = field(default_factory=list)


def rule_scores(cue_hits: list[tuple[str, bool]], ids: tuple[str, ...]) -> np.ndarray:
    """Noisy-OR of cue weights per domain: 1 - Π(1 - w)."""
    miss = np.ones(len(ids))
    index = {d: i for i, d in enumerate(ids)}
    for domain, strong in cue_hits:
        miss[index[domain]] *= 1.0 - (STRONG_CUE if strong else WEAK_CUE)
    scores = 1.0 - miss
    if not cue_hits:
        scores[index[OTHER]] = NO_CUE_OTHER
    return scores


def combine(model: np.ndarray, rules: np.ndarray, has_model: bool = True) -> np.ndarray:
    if not has_model:
        return rules
    return MODEL_WEIGHT * model + (1.0 - MODEL_WEIGHT) * rules


def decide(scores: np.ndarray, ids: tuple[str, ...]) -> list[tuple[str, float]]:
    """Domains to assign, primary first: every non-other domain ≥ ASSIGN, else the best ≥ FALLBACK, else other."""
    values = scores.tolist()  # plain floats: much faster than numpy for 15 values
    other = ids.index(OTHER)
    order = sorted((i for i in range(len(values)) if i != other), key=lambda i: -values[i])
    chosen = [i for i in order if values[i] >= ASSIGN][:MAX_DOMAINS]
    if not chosen and order and values[order[0]] >= FALLBACK and values[order[0]] >= values[other]:
        chosen = [order[0]]
    if not chosen:
        best = values[order[0]] if order else 0.0
        return [(OTHER, max(values[other], 1.0 - best))]
    return [(ids[i], values[i]) for i in chosen]


def match_forms(texts: list[str]) -> list[str]:
    """``match_form`` of many texts with one OpenCC call (a call costs ~50 µs; conversion is per line)."""
    folded = [_WHITESPACE.sub("", fold_width(t)) for t in texts]
    if not folded:
        return []
    joined = to_simplified("\n".join(folded))
    forms = joined.split("\n")
    if len(forms) != len(folded):  # cannot happen with OpenCC, but never trust a join blindly
        return [match_form(t) for t in texts]
    return forms


class Classifier:
    """Scores texts with rules + model. Build once (``planparse.classify.get_classifier``), reuse."""

    def __init__(self, model_dir: Path | str | None = None, use_model: bool = True):
        self.ids = domain_ids()
        path = Path(model_dir) if model_dir else default_model_dir()
        if use_model and (path / "config.cfg").exists():
            self.nlp = spacy.load(path)
            labels = tuple(self.nlp.get_pipe(TEXTCAT_PIPE).labels)
            missing = set(self.ids) - set(labels)
            if missing:
                raise ValueError(f"model at {path} lacks taxonomy labels: {sorted(missing)}; run `planparse train`")
            self.has_model = True
        else:
            self.nlp = blank_nlp()
            self.has_model = False
        if CUES_PIPE not in self.nlp.pipe_names:
            self.nlp.add_pipe(CUES_PIPE, last=True)
        # Texts reach the pipeline in matching form (no whitespace), where this is exact.
        self.nlp.tokenizer = CharTokenizer(self.nlp.vocab)
        self._cache: dict[str, TextScores] = {}  # matching form -> scores
        self._forms: dict[str, str] = {}  # raw text -> matching form
        other = np.zeros(len(self.ids))
        other[self.ids.index(OTHER)] = 1.0
        self._empty = TextScores(model=other, rules=other, combined=other, confidence=0.0,
                                 values=other.tolist(), model_values=other.tolist())

    def clear_cache(self) -> None:
        self._cache.clear()
        self._forms.clear()

    def score(self, texts: list[str], batch_size: int = 1000) -> list[TextScores]:
        known = self._forms
        new = [t for t in dict.fromkeys(texts) if t not in known]
        if len(known) + len(new) > CACHE_SIZE:
            known.clear()
            new = list(dict.fromkeys(texts))
        known.update(zip(new, match_forms(new)))
        forms = [known[t] for t in texts]
        todo = list(dict.fromkeys(f for f in forms if f and f not in self._cache))
        if len(self._cache) + len(todo) > CACHE_SIZE:
            self._cache.clear()
        for form, doc in zip(todo, self.nlp.pipe(todo, batch_size=batch_size)):
            self._cache[form] = self._scores_of(doc)
        empty = self._empty
        return [self._cache[f] if f else empty for f in forms]

    def _scores_of(self, doc: Doc) -> TextScores:
        ids = self.ids
        model = np.array([doc.cats.get(d, 0.0) for d in ids]) if self.has_model else np.zeros(len(ids))
        hits: list[tuple[str, bool]] = []
        cues: dict[str, list[str]] = {}
        for span in doc.spans["cues"]:
            domain, strength = span.label_.split("|")
            hits.append((domain, strength == "strong"))
            words = cues.setdefault(domain, [])
            if span.text not in words:
                words.append(span.text)
        rules = rule_scores(hits, ids)
        combined = combine(model, rules, self.has_model)
        values = combined.tolist()
        confidence = max(v for i, v in enumerate(values) if ids[i] != OTHER)
        return TextScores(model=model, rules=rules, combined=combined, cues=cues, confidence=confidence,
                          values=values, model_values=model.tolist())
