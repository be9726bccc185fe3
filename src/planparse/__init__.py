"""planparse: parse, classify, deduplicate and diff Chinese plan documents.

    import planparse
    col = planparse.load("plan.docx")
    for section in col.plans[0].sections:
        print(section.marker, section.title, section.domains)
"""

from __future__ import annotations

from planparse.errors import InputError, PlanparseError
from planparse.model import Item, Plan, PlanCollection, Section
from planparse.pipeline import load, load_folder, parse

from planparse.version import __version__
__all__ = [
    "load", "load_folder", "parse", "diff", "find_duplicates",
    "PlanCollection", "Plan", "Section", "Item", "PlanparseError", "InputError",
]


def diff(old, new, **options):
    """Diff two plans (or collections): see planparse.plandiff.diff_plans.

    Exact up to 2,000 × 2,000 measures; above that budget, measures identical in both versions pair
    directly and the rest are matched among each one's 24 best candidates, so time and memory stay bounded
    (10,000 measures a side: seconds and a few hundred MB) at the cost of rare non-optimal pairings.
    """
    from planparse.plandiff import diff_plans

    return diff_plans(old, new, **options)


def find_duplicates(texts, threshold: float = 0.75, **options):
    """Group repeated paragraphs among ``texts`` (exact, near and repeated-sentence groups, each with
    ``.indices``, ``.kind`` and ``.similarity``): see planparse.dedup.find_duplicates."""
    from planparse.dedup import find_duplicates as _find

    return _find(texts, threshold=threshold, **options)
