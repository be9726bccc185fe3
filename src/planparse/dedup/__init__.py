"""Duplicate paragraphs within a plan and across a corpus (issue 5).

    from planparse.dedup import find_duplicates, dedup_collections
    groups = find_duplicates(["…", "…"])            # list[DuplicateGroup]: .kind .indices .similarity
    report = dedup_collections([col], ["plan.txt"])  # DedupReport; model_dump(mode="json") is the CLI's JSON

How: comparison forms (normal.py) → exact groups by form → MinHash banding over character bigrams
(minhash.py) → rapidfuzz confirmation with reorder and containment checks → groups around a
representative (engine.py); units, provenance paths, template shares and --write in collection.py.
"""

from planparse.dedup.collection import DedupReport, dedup_collections, deduplicate, render_text
from planparse.dedup.engine import DEFAULT_THRESHOLD, DuplicateGroup, Settings, find_duplicates
from planparse.dedup.normal import comparison_form, comparison_forms

__all__ = [
    "DEFAULT_THRESHOLD",
    "DedupReport",
    "DuplicateGroup",
    "Settings",
    "comparison_form",
    "comparison_forms",
    "dedup_collections",
    "deduplicate",
    "find_duplicates",
    "render_text",
]
