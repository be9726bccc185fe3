"""Development tools — evaluation and training — that the core library never imports.

- ``corpus_eval``: structure accuracy against the gold annotations of ``corpus/plans``.
- ``outline_eval``: outline checks against real pages with ``gold_*.json`` outlines.
- ``reports_eval``: two-level structure, crashes and lost characters on long official documents (JSONL).
- ``train_classifier`` / ``evaluate_classifier``: rebuild and score the domain model from ``corpus/labelled``.

Every function takes the corpus path as an argument; the command line defaults are relative to the current
directory (``corpus/plans``, ``corpus/labelled``), i.e. the repository root.
"""
