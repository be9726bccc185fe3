"""Train the shipped domain model (``classify.ngram_model.NgramModel``) from the labelled corpus, reproducibly.

1. Fit one logistic regression per label (scikit-learn, liblinear) on the ``train`` split: features are the
   hashed character 1–3-grams of ``ngram_model.Ngrams`` (√count, unit length), the same code inference runs.
2. Calibrate on the ``dev`` split, which training never sees: one Platt map (a logistic on the raw score)
   per label, so a score reads as a probability.
3. Tune the rule/model weight of ``pipeline.combine`` on ``dev`` (best macro-F1 of the combined decision).

The ``test`` split is never read here: it is held out for ``planparse evaluate``. Same corpus and seed give
byte-identical files (liblinear with a fixed seed; the archive is written with fixed timestamps).
scikit-learn is needed for training only (the ``test`` extra installs it); inference is numpy + scipy.

``train(..., taxonomy=...)`` trains a model for a user's taxonomy (``planparse train --taxonomy FILE --data
FILE.jsonl``) from labels of that taxonomy, saved where the taxonomy looks for it (``Taxonomy.model_dir``) unless
told otherwise. Data with no ``dev`` rows gives up every fifth row of each domain to calibrate on.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from planparse.errors import InputError

if TYPE_CHECKING:
    from planparse.classify.taxonomy import Taxonomy

SEED = 0
NGRAM_MAX = 3
# 2**18 buckets keep collisions rare for the ~20k distinct n-grams of the corpus; only buckets seen in
# training are stored (float16), so the shipped model stays well under 1 MB.
HASH_BITS = 18
# Inverse regularisation strength; 10–100 scored alike on dev (macro-F1 within 0.01).
C = 30.0
WEIGHT_GRID = (0.4, 0.5, 0.6, 0.7, 0.8)
# Weights whose dev macro-F1 is within this of the best count as tied, and the smallest of them is taken. On the
# ~400 dev lines one or two lines move macro-F1 by ~0.003, so neighbouring weights 0.5-0.7 swapped places from one
# corpus edit to the next (issue 13); a larger model weight also lost real-page sections the cue words got right
# (0.7: 95/101, 0.5 and 0.6: 98/101 on the same model), text unlike the corpus being where the model is weakest.
WEIGHT_TOLERANCE = 0.005
# Texts with fewer n-grams than a ~10-character heading are not scaled up to unit length (Ngrams.matrix):
# on dev as good as no floor (macro-F1 within 0.005), and 工会 or 的 alone no longer scores 1.0 for a domain.
MIN_NORM = 6.0

# Relative to the current directory (the repository root): callers pass the corpus they mean.
DEFAULT_CORPUS = Path("corpus") / "labelled"


def load_corpus(path: Path | str = DEFAULT_CORPUS, split: str | None = None, taxonomy: "Taxonomy | None" = None
                ) -> list[dict]:
    """Rows ``{"text", "labels", "split", ...}`` from every ``*.jsonl`` under ``path`` (or one file), labelled with
    ids of ``taxonomy`` (default: the union taxonomy)."""
    from planparse.classify.taxonomy import resolve

    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise InputError(f"no labelled corpus (*.jsonl) at {path}")
    known = set(resolve(taxonomy).ids)
    rows = []
    for file in files:
        for n, line in enumerate(file.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, labels = row["text"], row["labels"]
                if not isinstance(text, str) or not isinstance(labels, list):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                raise InputError(f"{file.name}:{n}: not a JSON object with 'text' and 'labels'") from None
            unknown = set(labels) - known
            if unknown or not labels:
                raise InputError(f"{file.name}:{n}: unknown or missing labels {sorted(unknown)} "
                                 f"(the taxonomy's ids: {', '.join(sorted(known))})")
            if split is None or row.get("split", "train") == split:
                rows.append(row)
    return rows


def _targets(rows: list[dict], ids: tuple[str, ...]) -> np.ndarray:
    return np.array([[d in row["labels"] for d in ids] for row in rows], dtype=np.int8)


def _features(rows: list[dict]):
    from planparse.classify.ngram_model import Ngrams
    from planparse.text.normalize import match_forms

    return Ngrams(match_forms([r["text"] for r in rows]), NGRAM_MAX, HASH_BITS).matrix(HASH_BITS, MIN_NORM)


def fit_linear(X, Y: np.ndarray, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Weights (buckets × labels) and bias of one-vs-rest logistic regressions."""
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((X.shape[1], Y.shape[1]), dtype=np.float64)
    bias = np.zeros(Y.shape[1])
    for j in range(Y.shape[1]):
        if Y[:, j].min() == Y[:, j].max():  # a label absent from (or everywhere in) the data: constant
            bias[j] = 10.0 if Y[0, j] else -10.0
            continue
        # dual liblinear: far faster than the primal with many more features than rows (< 1 s per label)
        fit = LogisticRegression(C=C, solver="liblinear", dual=True, max_iter=5000, random_state=seed)
        fit.fit(X, Y[:, j])
        weights[:, j], bias[j] = fit.coef_[0], fit.intercept_[0]
    return weights, bias


def fit_platt(logits: np.ndarray, Y: np.ndarray, smooth: bool = False) -> list[tuple[float, float]]:
    """Per label, (slope, intercept) of a logistic on the raw score: P(label) = σ(a·z + b).

    ``smooth``: fit Platt's own targets, (N₊ + 1)/(N₊ + 2) for a positive and 1/(N₋ + 2) for a negative (each row
    counted as both classes with those weights), not 1 and 0. On a dev set of a few rows per label, which a
    label's scores often separate perfectly, 0/1 targets give a step (slopes of 30–70 on the school example:
    anything the model leans to scores 1.0); smoothed targets keep the map finite. The union model keeps 0/1
    targets, so its shipped files stay reproducible."""
    from sklearn.linear_model import LogisticRegression

    params = []
    for j in range(Y.shape[1]):
        y = Y[:, j]
        if y.min() == y.max():
            params.append((1.0, 0.0))  # nothing to calibrate against: keep the raw score
            continue
        if smooth:
            pos = int(y.sum())
            target = np.where(y == 1, (pos + 1) / (pos + 2), 1 / (len(y) - pos + 2))
            x = np.concatenate([logits[:, [j]], logits[:, [j]]])
            labels = np.concatenate([np.ones(len(y)), np.zeros(len(y))])
            fit = LogisticRegression(C=1e4, max_iter=1000).fit(x, labels, sample_weight=np.concatenate([target, 1 - target]))
        else:
            fit = LogisticRegression(C=1e4, max_iter=1000).fit(logits[:, [j]], y)  # (nearly) unregularised
        params.append((float(fit.coef_[0, 0]), float(fit.intercept_[0])))
    return params


def tune_weight(model: np.ndarray, rules: np.ndarray, rows: list[dict], ids: tuple[str, ...]) -> tuple[float, float]:
    """The rule/model weight with the best combined macro-F1 on ``rows``, and that F1; weights within
    WEIGHT_TOLERANCE of the best tie, and the smallest of them is taken."""
    from planparse.classify.pipeline import combine, decide
    from planparse.devtools.evaluate_classifier import score_sets

    gold = [set(r["labels"]) for r in rows]
    scored = []
    for weight in WEIGHT_GRID:
        combined = combine(model, rules, True, weight)
        scored.append((weight, score_sets(gold, [{d for d, _ in decide(v, ids)} for v in combined], ids,
                                          "combined").macro_f1))
    best = max(f1 for _, f1 in scored)
    return next((w, f1) for w, f1 in scored if f1 >= best - WEIGHT_TOLERANCE - 1e-9)


def _save_npz(path: Path, **arrays: np.ndarray) -> None:
    """``np.savez_compressed`` with fixed entry timestamps, so the same arrays give the same bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.save(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def hold_out_dev(rows: list[dict], every: int = 5) -> tuple[list[dict], list[dict]]:
    """(train, dev) of rows with no dev split: every ``every``-th row of each primary label, in file order, is
    dev (deterministic, and every label with ``every`` rows or more has some)."""
    seen: dict[str, int] = {}
    train_rows, dev = [], []
    for row in rows:
        label = row["labels"][0]
        seen[label] = seen.get(label, 0) + 1
        (dev if seen[label] % every == 0 else train_rows).append(row)
    return train_rows, dev


def train(corpus: Path | str = DEFAULT_CORPUS, output: Path | str | None = None, seed: int = SEED,
          rows: list[dict] | None = None, dev_rows: list[dict] | None = None, log=print,
          taxonomy: "Taxonomy | str | Path | None" = None) -> Path:
    """Fit on the train split, calibrate and tune on the dev split, save to ``output`` (default: where the
    taxonomy looks for its model; the package's for the union taxonomy)."""
    from planparse.classify.ngram_model import META_FILE, MODEL_FILE, NgramModel
    from planparse.classify.pipeline import Classifier, default_model_dir
    from planparse.classify.taxonomy import resolve

    tax = resolve(taxonomy)
    ids = tax.ids
    if rows is None or dev_rows is None:
        every = load_corpus(corpus, taxonomy=tax)
        rows = rows if rows is not None else [r for r in every if r.get("split", "train") == "train"]
        dev_rows = dev_rows if dev_rows is not None else [r for r in every if r.get("split") == "dev"]
        if not dev_rows and not tax.builtin and rows:
            rows, dev_rows = hold_out_dev(rows)
            log(f"no dev split in the data: {len(dev_rows)} rows (every fifth of each domain) held out to calibrate")
    if not rows:
        raise InputError("no training rows (split 'train') in the corpus")
    if not dev_rows:
        raise InputError("no dev rows (split 'dev') in the corpus: the model is calibrated on them")
    if output:
        output = Path(output)
    elif tax.model_dir is not None:
        output = tax.model_dir
    elif tax.builtin:
        output = default_model_dir()
    else:
        raise InputError(f"taxonomy {tax.name!r} names no model folder: give --out DIR")

    weights, bias = fit_linear(_features(rows), _targets(rows, ids), seed)
    used = np.flatnonzero(np.abs(weights).max(axis=1) > 0)  # buckets of n-grams seen in training
    output.mkdir(parents=True, exist_ok=True)
    _save_npz(output / MODEL_FILE, rows=used.astype(np.int32), weights=weights[used].astype(np.float16),
              bias=bias.astype(np.float32))
    meta = {
        "format": "planparse hashed char n-gram logistic regression, 1",
        **({} if tax.builtin else {"taxonomy": {"name": tax.name, "digest": tax.digest}}),
        "labels": list(ids), "ngram_max": NGRAM_MAX, "hash_bits": HASH_BITS, "min_norm": MIN_NORM, "C": C,
        "seed": seed,
        "examples": {"train": len(rows), "dev": len(dev_rows)},
        "calibration": {"method": "platt", "fitted_on": "dev", "platt": {d: [1.0, 0.0] for d in ids}},
        "model_weight": 0.5,
    }
    (output / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", "utf-8")

    # Calibrate the saved (float16) weights on dev, exactly as inference will read them.
    model = NgramModel(output)
    from planparse.classify.ngram_model import Ngrams
    from planparse.text.normalize import match_forms

    dev_forms = match_forms([r["text"] for r in dev_rows])
    logits = model.raw(Ngrams(dev_forms, model.nmax, model.bits))
    dev_y = _targets(dev_rows, ids)
    meta["calibration"]["platt"] = {d: [round(a, 6), round(b, 6)] for d, (a, b) in zip(ids, fit_platt(logits, dev_y, smooth=not tax.builtin))}
    (output / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", "utf-8")
    model = NgramModel(output)
    probs = model.calibrate(logits)
    rules = np.array([s.rules for s in Classifier(use_model=False, taxonomy=tax).score([r["text"] for r in dev_rows])])
    weight, f1 = tune_weight(probs, rules, dev_rows, ids)
    meta["model_weight"] = weight
    meta["dev_macro_f1"] = round(f1, 4)
    (output / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", "utf-8")
    log(f"trained on {len(rows)} rows ({len(used)} n-gram buckets), calibrated on {len(dev_rows)} dev rows; "
        f"rule/model weight {weight} (dev combined macro-F1 {f1:.3f})")
    log(f"saved model to {output}")
    return output
