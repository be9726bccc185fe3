"""Train the shipped ``textcat_multilabel`` model from the labelled corpus, reproducibly.

Same corpus + same seed → same weights (CPU numpy ops are deterministic). Only the ``train`` split
is read; the ``test`` split is held out for ``evaluate``.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from planparse.errors import InputError

SEED = 0
EPOCHS = 12
DROPOUT = 0.2
# Bag of character 1–3-grams hashed into 2**14 buckets: ~15 labels × 16k floats ≈ 1 MB on disk.
# (spaCy's default 2**18 would be ~16 MB for no measurable gain on this corpus.)
BOW_CONFIG = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": False,
    "ngram_size": 3,
    "no_output_layer": False,
    "length": 2**14,
}


# Relative to the current directory (the repository root): callers pass the corpus they mean.
DEFAULT_CORPUS = Path("corpus") / "labelled"


def load_corpus(path: Path | str = DEFAULT_CORPUS, split: str | None = None) -> list[dict]:
    """Rows ``{"text", "labels", "split", ...}`` from every ``*.jsonl`` under ``path`` (or one file)."""
    from planparse.classify.taxonomy import domain_ids

    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise InputError(f"no labelled corpus (*.jsonl) at {path}")
    known = set(domain_ids())
    rows = []
    for file in files:
        for n, line in enumerate(file.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, labels = row["text"], row["labels"]
            except (ValueError, KeyError, TypeError):
                raise InputError(f"{file.name}:{n}: not a JSON object with 'text' and 'labels'") from None
            unknown = set(labels) - known
            if unknown or not labels:
                raise InputError(f"{file.name}:{n}: unknown or missing labels {sorted(unknown)}")
            if split is None or row.get("split", "train") == split:
                rows.append(row)
    return rows


def train(corpus: Path | str = DEFAULT_CORPUS, output: Path | str | None = None, seed: int = SEED,
          epochs: int = EPOCHS, rows: list[dict] | None = None, log=print) -> Path:
    """Train on the corpus' train split and save the model (tokenizer + textcat) to ``output``."""
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    from planparse.classify.pipeline import TEXTCAT_PIPE, blank_nlp, default_model_dir
    from planparse.classify.taxonomy import domain_ids
    from planparse.text.normalize import match_form

    rows = rows if rows is not None else load_corpus(corpus, split="train")
    output = Path(output) if output else default_model_dir()
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = blank_nlp()
    textcat = nlp.add_pipe(TEXTCAT_PIPE, config={"model": BOW_CONFIG, "threshold": 0.5})
    ids = domain_ids()
    for label in ids:
        textcat.add_label(label)
    examples = []
    for row in rows:
        doc = nlp.make_doc(match_form(row["text"]))
        examples.append(Example.from_dict(doc, {"cats": {d: float(d in row["labels"]) for d in ids}}))
    optimizer = nlp.initialize(lambda: examples)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=DROPOUT, losses=losses)
        log(f"epoch {epoch + 1:2d}  loss {losses.get(TEXTCAT_PIPE, 0.0):.4f}")
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
    log(f"saved {len(rows)}-example model to {output}")
    return output
