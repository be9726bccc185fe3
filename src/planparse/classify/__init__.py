"""Classify every section and item by domain: the union taxonomy of ``data/taxonomy.toml`` by default, or a
user's own (``taxonomy=``: a ``Taxonomy`` or the path of a taxonomy file; see ``classify.taxonomy``).

Importing this package is cheap: the model loads on first use, once per taxonomy.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from planparse.classify.pipeline import Classifier
    from planparse.classify.taxonomy import Taxonomy
    from planparse.model import DomainScore, PlanCollection

    TaxonomyLike = Union[Taxonomy, str, os.PathLike, None]

__all__ = ["classify_collection", "classify_texts", "get_classifier"]


def get_classifier(taxonomy: "TaxonomyLike" = None) -> "Classifier":
    """The classifier of a taxonomy (default: the union taxonomy with the shipped model), built once per taxonomy
    and kept on it. A user's taxonomy with no trained model warns once (``pipeline.NoModelWarning``)."""
    from planparse.classify.pipeline import Classifier
    from planparse.classify.taxonomy import resolve

    tax = resolve(taxonomy)
    return tax.memo("classifier", Classifier, None, True, tax)  # (model_dir, use_model, taxonomy)


def classify_texts(texts: list[str], taxonomy: "TaxonomyLike" = None) -> "list[list[DomainScore]]":
    """Domain scores for raw strings: one list per text, primary domain first."""
    from planparse.classify.assign import text_domain_scores

    return text_domain_scores(get_classifier(taxonomy), list(texts))


def classify_collection(col: "PlanCollection", taxonomy: "TaxonomyLike" = None) -> "PlanCollection":
    """Fill ``domains`` and ``domain_scores`` on every section and item (all depths), in place."""
    from planparse.classify.assign import assign_collection

    assign_collection(get_classifier(taxonomy), col)
    return col
