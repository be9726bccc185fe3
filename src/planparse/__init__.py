"""planparse: parse, classify, deduplicate and diff Chinese plan documents.

    import planparse
    col = planparse.load("plan.docx")
    for section in col.plans[0].sections:
        print(section.marker, section.title, section.domains)
    d = planparse.diff("2024.txt", "2025.docx")   # a DiffResult: .changes, .to_markdown(), .to_html()
    school = planparse.load("plan.docx", taxonomy="school_taxonomy.toml")  # your own domains (planparse.Taxonomy)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from planparse.errors import InputError, PlanparseError
from planparse.model import Item, ItemEntry, Plan, PlanCollection, Section
from planparse.pipeline import load, load_folder, parse
from planparse.version import __version__

if TYPE_CHECKING:  # the diff and dedup engines (scipy, numpy, jieba) load on first use
    from planparse.classify.taxonomy import Taxonomy
    from planparse.dedup import DuplicateGroup, Settings
    from planparse.plandiff import DiffResult

__all__ = [
    "load", "load_folder", "parse", "diff", "find_duplicates", "__version__",
    "PlanCollection", "Plan", "Section", "Item", "ItemEntry", "DiffResult", "DuplicateGroup", "Taxonomy",
    "PlanparseError", "InputError",
]

PlanSource = PlanCollection | Plan | str | os.PathLike
"""What ``diff`` compares: a parsed collection or plan, or the path of a file to load."""


def _plans(value: PlanSource, classify: bool, taxonomy: Taxonomy | str | os.PathLike | None = None
           ) -> PlanCollection | Plan:
    return value if isinstance(value, (PlanCollection, Plan)) else load(value, classify=classify, taxonomy=taxonomy)


def diff(
    old: PlanSource,
    new: PlanSource,
    *,
    old_plan: int | None = None,
    new_plan: int | None = None,
    classify: bool = True,
    taxonomy: Taxonomy | str | os.PathLike | None = None,
) -> DiffResult:
    """What changed from ``old`` to ``new``: added, removed, reworded and moved measures, changed targets.

    ``old`` and ``new`` are a PlanCollection, a Plan, or a file path (loaded with ``load``; ``classify``
    says whether to classify it, which the domain-emphasis summary needs, and ``taxonomy`` with which taxonomy). ``old_plan``/``new_plan``
    choose a plan of a collection holding several (1-based; default the first). The result is a
    DiffResult: ``.changes``, ``.counts``, ``.to_markdown()``, ``.to_html()``, ``.to_json()``.

    Exact up to 2,000 × 2,000 measures; above that budget, measures identical in both versions pair
    directly and the rest are matched among each one's 24 best candidates, so time and memory stay bounded
    (10,000 measures a side: seconds and a few hundred MB) at the cost of rare non-optimal pairings.
    """
    from planparse.plandiff import diff_plans

    return diff_plans(_plans(old, classify, taxonomy), _plans(new, classify, taxonomy), old_plan=old_plan,
                      new_plan=new_plan)


def find_duplicates(
    texts: Iterable[str],
    threshold: float = 0.75,
    *,
    sentences: bool = True,
    settings: Settings | None = None,
) -> list[DuplicateGroup]:
    """Group repeated paragraphs among ``texts``: exact, near (similarity ≥ ``threshold``, 0–1) and, with
    ``sentences``, one sentence repeated inside a paragraph. Each DuplicateGroup has ``.kind``,
    ``.indices`` (positions in ``texts``), ``.representative`` and ``.similarity``.

        groups = planparse.find_duplicates([entry.item.text for entry in col.all_items()])
    """
    from planparse.dedup import find_duplicates as _find

    return _find(list(texts), threshold=threshold, sentences=sentences, settings=settings)


def __getattr__(name: str):
    """``planparse.DiffResult``, ``planparse.DuplicateGroup`` and ``planparse.Taxonomy`` without loading their
    engines at import."""
    if name == "Taxonomy":
        from planparse.classify.taxonomy import Taxonomy

        return Taxonomy
    if name == "DiffResult":
        from planparse.plandiff import DiffResult

        return DiffResult
    if name == "DuplicateGroup":
        from planparse.dedup import DuplicateGroup

        return DuplicateGroup
    raise AttributeError(f"module 'planparse' has no attribute {name!r}")
