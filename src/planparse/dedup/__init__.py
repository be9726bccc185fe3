"""Duplicate paragraphs within a plan and across a corpus (issue 5)."""

from planparse.dedup.engine import DEFAULT_THRESHOLD, DuplicateGroup, Settings, find_duplicates
from planparse.dedup.normal import comparison_form, comparison_forms

__all__ = [
    "DEFAULT_THRESHOLD",
    "DuplicateGroup",
    "Settings",
    "comparison_form",
    "comparison_forms",
    "find_duplicates",
]
