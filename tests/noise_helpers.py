"""What the noise tests read of a parse: shared by tests/test_noise_real.py and tests/test_noise_sites.py."""

from __future__ import annotations

import re

import planparse


def parse(text: str):
    return planparse.parse(text, classify=False)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shown(col) -> str:
    """Everything a reader of the parse sees: page title/intro, titles, preambles, intros, items, closings."""
    parts = [col.page_title, col.page_intro]
    for plan in col.plans:
        parts += [plan.title, plan.preamble, plan.closing, plan.signature]
        for section in plan.sections:
            parts += [section.title, section.intro]
        parts += [item.text for _s, item, _p in plan.iter_items()]
    return "\n".join(p for p in parts if p)
