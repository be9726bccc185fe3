"""Domain scores of texts: a cue lexicon (rules) and a learned n-gram model, combined per domain.

Everything here works for one ``Taxonomy`` (``classify.taxonomy``; the union taxonomy of ``data/taxonomy.toml``
unless another is given): its domain ids, its cues, and the model trained for it.

* ``CueRules``: the taxonomy's cue lexicon in an Aho-Corasick automaton. Every cue that
  fires is recorded per domain: the evidence users see.
* ``NgramModel`` (``classify.ngram_model``): a linear model over the character 1–3-grams of a text, hashed into 2**18 buckets
  (one-vs-rest logistic regression, trained by ``planparse train`` from ``corpus/labelled`` and shipped in
  ``data/domain_model``; ``planparse train --taxonomy FILE`` trains one for a user's taxonomy). A taxonomy
  with no trained model classifies by its cues alone. Length-independent: each n-gram counts by the square root of its count and the
  vector of a text is scaled to unit length, so a 300-character paragraph scores on the same scale as a
  10-character heading (the old bag-of-ngrams summed weights, so long texts overflowed the logistic).
  Calibrated: a logistic (Platt) map per domain, fitted on the ``dev`` split that training never sees,
  turns the raw score into a probability. Inference is numpy and scipy only (no download, no spaCy).
* ``combine``: a weighted mean of model and rules per domain; the weight is tuned on ``dev`` by training
  and stored with the model.

Everything runs on the matching form of the text (Simplified, width-folded, no whitespace), so
Traditional input gets the same answer.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from planparse.classify.ngram_model import MODEL_WEIGHT, NgramModel
from planparse.classify.taxonomy import OTHER, Taxonomy, default_taxonomy
from planparse.errors import InputError
from planparse.text.normalize import match_forms

# Rule scores: one strong cue is decisive on its own; weak cues only add up.
STRONG_CUE = 0.8
WEAK_CUE = 0.3
# Rule score of `other` when no cue at all fired.
NO_CUE_OTHER = 0.6
# A domain is assigned when its score reaches ASSIGN and SECONDARY_RATIO of the best domain's score (a
# second domain must be nearly as strong as the first: on the dev split this removed most spurious second
# labels, e.g. a weak 评选 next to a strong 班组); if none does, the best one is kept when it reaches
# FALLBACK, otherwise the text is `other`.
ASSIGN = 0.4
SECONDARY_RATIO = 0.8
FALLBACK = 0.2
MAX_DOMAINS = 3
# Cache of scored texts (by matching form). Plans repeat lines a lot (template sites), and a section
# title is often repeated in the intro.
CACHE_SIZE = 100_000

def default_model_dir() -> Path:
    return Path(str(resources.files("planparse.data").joinpath("domain_model")))


class CueRules:
    """A taxonomy's cue lexicon in an Aho-Corasick automaton (ahocorasick-rs), leftmost-longest.

    On the matching-form string it finds what a PhraseMatcher over one-character tokens finds,
    without building a Doc; where cues overlap the longest wins ("技能比赛" hides "比赛").
    """

    def __init__(self, taxonomy: Taxonomy | None = None) -> None:
        import ahocorasick_rs

        lexicon = (taxonomy or default_taxonomy()).cue_lexicon  # phrase -> (domain, strong)
        self.phrases = list(lexicon)
        self.labels = [lexicon[p] for p in self.phrases]
        self.automaton = (ahocorasick_rs.AhoCorasick(self.phrases, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                          if self.phrases else None)  # a taxonomy may have no cues at all (model only)

    def find(self, text: str) -> list[tuple[int, int, str, bool]]:
        """(start, end, domain, strong) for every cue in ``text``, left to right, not overlapping."""
        if self.automaton is None:
            return []
        labels = self.labels
        return [(start, end, *labels[k]) for k, start, end in self.automaton.find_matches_as_indexes(text)]


def cue_rules(taxonomy: Taxonomy | None = None) -> CueRules:
    """The cue automaton of ``taxonomy`` (default: the union taxonomy), built once per taxonomy."""
    taxonomy = taxonomy or default_taxonomy()
    return taxonomy.memo("pipeline.cue_rules", CueRules, taxonomy)


_NO_CUES: dict[str, tuple[str, ...]] = {}  # shared by every text without cues; never written to


@dataclass(slots=True)
class TextScores:
    """Scores of one text, as vectors over the taxonomy's ids (``Classifier.ids``).

    Cached for every distinct text, so kept small for the cyclic garbage collector: slots, and tuples of
    floats and strings (which the collector stops tracking) rather than lists and per-instance dicts.
    """

    model: np.ndarray
    rules: np.ndarray
    combined: np.ndarray
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)  # domain id -> cue words that fired
    confidence: float = 0.0  # best combined score of a real domain (not `other`)
    decision: tuple | None = None  # cached domain scores of this text on its own (see assign.py)
    values: tuple[float, ...] = ()  # `combined` as plain floats (fast small-vector maths)
    model_values: tuple[float, ...] = ()
    # (domain, n-gram) pairs: for each domain the model gives at least MODEL_TERMS_MIN, the n-grams of the
    # text that weighed most for it, heaviest first. The model's half of the evidence.
    model_terms: tuple[tuple[str, str], ...] = ()

    def terms(self, domain: str) -> tuple[str, ...]:
        """The n-grams that weighed most for ``domain`` in the model (empty when it scored below
        MODEL_TERMS_MIN there)."""
        return tuple(term for d, term in self.model_terms if d == domain)


def combine(model: np.ndarray, rules: np.ndarray, has_model: bool = True, weight: float = MODEL_WEIGHT) -> np.ndarray:
    if not has_model:
        return rules
    return weight * model + (1.0 - weight) * rules


def decide(scores: np.ndarray, ids: tuple[str, ...]) -> list[tuple[str, float]]:
    """Domains to assign, primary first: every non-other domain ≥ ASSIGN and ≥ SECONDARY_RATIO × the best,
    else the best if ≥ FALLBACK and ≥ `other`, else other."""
    values = scores.tolist()  # plain floats: much faster than numpy for 15 values
    other = ids.index(OTHER)
    order = sorted((i for i in range(len(values)) if i != other), key=lambda i: -values[i])
    top = values[order[0]] if order else 0.0
    bar = max(ASSIGN, SECONDARY_RATIO * top)
    chosen = [i for i in order if values[i] >= bar][:MAX_DOMAINS]
    if not chosen and order and top >= FALLBACK and top >= values[other]:
        chosen = [order[0]]
    if not chosen:
        return [(OTHER, max(values[other], 1.0 - top))]
    return [(ids[i], values[i]) for i in chosen]


class NoModelWarning(UserWarning):
    """A user's taxonomy has no trained model: it classifies by its cues alone."""


def no_model_message(taxonomy: Taxonomy, path: Path | None) -> str:
    where = f"no trained model at {path}" if path else "its file names no model folder (model = \"DIR\")"
    source = taxonomy.source or "FILE.toml"
    return (f"taxonomy {taxonomy.name!r}: {where}, so domains come from its cue words alone; train one with "
            f"`planparse train --taxonomy {source} --data FILE.jsonl`")


class Classifier:
    """Scores texts with rules + model for one taxonomy. Build once per taxonomy
    (``planparse.classify.get_classifier``), reuse.

    The model is ``model_dir`` if given, else the taxonomy's (``Taxonomy.model_dir``). A user's taxonomy with no
    trained model scores by its cues alone and says so once, as a ``NoModelWarning`` (``notice`` keeps the text).
    """

    def __init__(self, model_dir: Path | str | None = None, use_model: bool = True,
                 taxonomy: Taxonomy | None = None):
        self.taxonomy = taxonomy = taxonomy or default_taxonomy()
        self.ids = taxonomy.ids
        self.index = taxonomy.index
        if model_dir:
            path: Path | None = Path(model_dir)
        elif taxonomy.builtin and taxonomy.model_dir is None:
            path = default_model_dir()
        else:
            path = taxonomy.model_dir
        self.model: NgramModel | None = None
        self.notice: str | None = None
        if use_model and path is not None and NgramModel.exists(path):
            self.model = NgramModel(path)
            missing = set(self.ids) - set(self.model.labels)
            if missing:
                hint = "`planparse train`" if taxonomy.builtin else f"`planparse train --taxonomy {taxonomy.source}`"
                raise InputError(f"the model at {path} was not trained for taxonomy {taxonomy.name!r}: it lacks "
                                 f"{sorted(missing)}; run {hint}")
            self._columns = [self.model.labels.index(d) for d in self.ids]
        elif use_model and not taxonomy.builtin:
            self.notice = no_model_message(taxonomy, path)
            warnings.warn(self.notice, NoModelWarning, stacklevel=2)
        self.has_model = self.model is not None
        self.weight = self.model.weight if self.model else 0.0
        self._rules = cue_rules(taxonomy)
        self._cache: dict[str, TextScores] = {}  # matching form -> scores
        other = np.zeros(len(self.ids))
        other[self.ids.index(OTHER)] = 1.0
        self._empty = TextScores(model=other, rules=other, combined=other, confidence=0.0,
                                 values=tuple(other.tolist()), model_values=tuple(other.tolist()))

    def clear_cache(self) -> None:
        self._cache.clear()

    def score(self, texts: list[str], batch_size: int = 2000) -> list[TextScores]:
        # (Batches of 2000 texts score 10-20 % faster than 4000 on the 3 MB benchmark: the n-gram arrays of a
        # batch stay in cache. Each text's scores do not depend on its batch.)
        forms = match_forms(texts)
        # Gather into a local dict: clearing the bounded cache (when full) never loses a score needed here.
        found: dict[str, TextScores] = {}
        todo = []
        for f in dict.fromkeys(f for f in forms if f):
            scores = self._cache.get(f)
            if scores is None:
                todo.append(f)
            else:
                found[f] = scores
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            found.update(zip(batch, self._score_batch(batch)))
        if todo:
            if len(self._cache) + len(todo) > CACHE_SIZE:
                self._cache.clear()
            if len(todo) <= CACHE_SIZE:
                self._cache.update((f, found[f]) for f in todo)
        empty = self._empty
        return [found[f] if f else empty for f in forms]

    def _predict(self, forms: list[str]) -> tuple[np.ndarray | None, list[tuple]]:
        """Calibrated model probabilities (texts × ``self.ids``) and each text's model terms."""
        if self.model is None:
            return None, [()] * len(forms)
        probs, grams = self.model.predict(forms)
        probs = probs[:, self._columns]
        real = [i for i, d in enumerate(self.ids) if d != OTHER]
        terms = self.model.top_terms(grams, probs, real, list(self.ids))
        return probs, terms

    def _score_batch(self, forms: list[str]) -> list[TextScores]:
        """Rules and model for a batch of matching forms, combined as matrices (texts × domains)."""
        ids = self.ids
        index = self.index
        model, terms = self._predict(forms)
        if model is None:
            model = np.zeros((len(forms), len(ids)))
        # Noisy-OR of cue weights per domain: rules = 1 - Π(1 - w); `other` when no cue fired. The products are
        # taken in plain floats (cue by cue, left to right, as before) and written into the matrix in one go.
        miss = np.ones((len(forms), len(ids)))
        cues_of: list[dict[str, tuple[str, ...]]] = []
        at_rows: list[int] = []
        at_cols: list[int] = []
        at_miss: list[float] = []
        find = self._rules.find
        factor = {True: 1.0 - STRONG_CUE, False: 1.0 - WEAK_CUE}
        for row, form in enumerate(forms):
            found = find(form)
            if not found:
                cues_of.append(_NO_CUES)
                continue
            products: dict[str, float] = {}
            cues: dict[str, list[str]] = {}
            for start, end, domain, strong in found:
                products[domain] = products.get(domain, 1.0) * factor[strong]
                words = cues.get(domain)
                if words is None:
                    cues[domain] = [form[start:end]]
                elif form[start:end] not in words:
                    words.append(form[start:end])
            for domain, product in products.items():
                at_rows.append(row)
                at_cols.append(index[domain])
                at_miss.append(product)
            cues_of.append({domain: tuple(words) for domain, words in cues.items()})
        if at_rows:
            miss[at_rows, at_cols] = at_miss
        rules = 1.0 - miss
        rules[[not c for c in cues_of], index[OTHER]] = NO_CUE_OTHER
        combined = combine(model, rules, self.has_model, self.weight)
        real = np.ones(len(ids), dtype=bool)
        real[index[OTHER]] = False
        confidence = combined[:, real].max(axis=1).tolist()
        values, model_values = combined.tolist(), model.tolist()
        return [TextScores(model[i], rules[i], combined[i], cues_of[i], confidence[i], None, tuple(values[i]),
                           tuple(model_values[i]), terms[i])
                for i in range(len(forms))]
