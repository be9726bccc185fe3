"""Classify every section and item by domain (taxonomy ids in ``data/taxonomy.toml``).

Importing this package is cheap: spaCy and the model load on first use and are cached.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from planparse.classify.pipeline import Classifier
    from planparse.model import DomainScore, PlanCollection

__all__ = ["classify_collection", "classify_texts", "get_classifier"]


@lru_cache(maxsize=1)
def get_classifier() -> "Classifier":
    """The shared classifier with the shipped model (loaded once per process)."""
    from planparse.classify.pipeline import Classifier

    return Classifier()


def classify_texts(texts: list[str]) -> "list[list[DomainScore]]":
    """Domain scores for raw strings: one list per text, primary domain first."""
    from planparse.classify.assign import text_domain_scores

    return text_domain_scores(get_classifier(), list(texts))


def classify_collection(col: "PlanCollection") -> "PlanCollection":
    """Fill ``domains`` and ``domain_scores`` on every section and item (all depths), in place."""
    from planparse.classify.assign import assign_collection

    assign_collection(get_classifier(), col)
    return col
