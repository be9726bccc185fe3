"""The typed output model: a PlanCollection of plans, sections and items.

The names in ``json-contract.md`` are the public contract; everything else here is additive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _short(text: str | None, width: int = 24) -> str:
    """A repr of a text cut to ``width`` characters (a model's repr stays one short line; see __repr__s).

    Hand-written: the model is the bottom layer and imports nothing of planparse (text.strings.shorten)."""
    if text is None:
        return "None"
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _depth(items: list[Item]) -> int:
    """Items at every depth."""
    total, stack = 0, list(items)
    while stack:
        item = stack.pop()
        total += 1
        stack.extend(item.children)
    return total


class Provenance(_Model):
    """Where a node came from: file, block (paragraph) index and character span in the original text."""

    source: str | None = None
    block: int | None = None
    start: int | None = Field(None, description="offset of the first character in the original decoded text")
    end: int | None = Field(None, description="offset one past the last character in the original decoded text")


class DomainScore(_Model):
    id: str = Field(description="taxonomy id, e.g. 'competition'")
    score: float
    evidence: list[str] = Field(
        default_factory=list,
        description="why this domain, at most 6 words of the text: the cue words of the taxonomy that fired for it "
        "(strong cues first, then the most frequent), then the character n-grams that weighed most for it in the "
        "model (when the model gives it at least 0.5); empty for 'other'")


class Placeholder(_Model):
    """A template placeholder left in the text (20xx, xx届, __, *次 …). The text keeps it; this flags it."""

    text: str
    kind: str
    start: int = Field(description="offset in the original decoded text")
    end: int
    block: int | None = None


class Removal(_Model):
    """One thing cleaning removed or changed, with the reason (ftfy-style explanation)."""

    kind: str
    reason: str
    text: str
    start: int = Field(description="offset in the original decoded text")
    end: int
    block: int | None = None


class Item(_Model):
    id: str = ""
    marker: str | None = None
    number: int | None = None
    kind: Literal["item", "schedule", "field", "table_row", "paragraph"] = "item"
    text: str
    domains: list[str] = Field(default_factory=list)
    domain_scores: list[DomainScore] = Field(default_factory=list)
    children: list[Item] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)

    def __repr__(self) -> str:
        below = _depth(self.children)
        children = "" if not below else (", 1 child" if below == 1 else f", {below} children")
        return f"Item(marker={self.marker!r}, text={_short(self.text, 30)}{children})"

    __str__ = __repr__


class Section(_Model):
    id: str = ""
    marker: str | None = None
    number: int | None = None
    title: str = ""
    implied: bool = False
    intro: str = ""
    domains: list[str] = Field(default_factory=list)
    domain_scores: list[DomainScore] = Field(default_factory=list)
    items: list[Item] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)

    @property
    def label(self) -> str:
        """Marker and title as the source writes them ("一、加强思想引领"); "" for an implied section."""
        return f"{self.marker or ''}{self.title}".strip()

    def __repr__(self) -> str:
        return f"Section(marker={self.marker!r}, title={_short(self.title)}, {_count(_depth(self.items), 'item')})"

    __str__ = __repr__


class Plan(_Model):
    title: str = ""
    year: int | None = None
    organization: str | None = None
    preamble: str = ""
    closing: str = ""
    signature: str = Field("", description="issuing body and date lines at the end; not items")
    date: str | None = None
    separator: str | None = Field(None, description="the several-plans-per-page label that opened this plan, e.g. '篇二'")
    separator_text: str | None = Field(None, description="the separator line exactly as written, e.g. '【篇2】学校工会工作计划'")
    truncated: bool = False
    domain_scope: Literal["union", "outside"] | None = Field(
        None, description="'outside' when the plan holds few union words over its whole text (not a union plan: its "
        "nodes get a union domain only where their own text names union work); None when not classified")
    sections: list[Section] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)

    def iter_items(self):
        """Yield (section, item, path) for every item at every depth, in document order.

        ``path`` is "section/item[/child…]", 1-based ("3/1/2")."""
        for s_index, section in enumerate(self.sections):
            stack = [(item, f"{s_index + 1}/{i + 1}") for i, item in enumerate(section.items)]
            stack.reverse()
            while stack:
                item, path = stack.pop()
                yield section, item, path
                stack.extend(reversed([(c, f"{path}/{j + 1}") for j, c in enumerate(item.children)]))

    def __repr__(self) -> str:
        return (f"Plan(title={_short(self.title)}, year={self.year!r}, organization={_short(self.organization)}, "
                f"{_count(len(self.sections), 'section')}, {_count(sum(_depth(s.items) for s in self.sections), 'item')})")

    __str__ = __repr__


class ItemEntry(NamedTuple):
    """One item with where it sits: yielded by ``PlanCollection.all_items()``."""

    plan: Plan
    section: Section
    item: Item
    path: str  # "plan/section/item[/child…]", 1-based ("2/3/1/2")


class PlanCollection(_Model):
    schema_version: str = SCHEMA_VERSION
    source: str | None = None
    format: str = "text"
    encoding: str | None = None
    page_title: str = Field("", description="a page heading above several plans, e.g. '2023年企业工会工作计划(模板5篇)'")
    page_intro: str = ""
    plans: list[Plan] = Field(default_factory=list)
    placeholders: list[Placeholder] = Field(default_factory=list)
    removals: list[Removal] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def iter_items(self):
        """Yield (plan_index, section, item, path) for every item at every depth, in document order.

        ``path`` is "plan/section/item[/child…]", 1-based ("2/3/1/2")."""
        for p_index, plan in enumerate(self.plans):
            for section, item, path in plan.iter_items():
                yield p_index, section, item, f"{p_index + 1}/{path}"

    def all_items(self) -> Iterator[ItemEntry]:
        """Every item at every depth, in document order, with its plan, section and path::

            for entry in col.all_items():
                print(entry.plan.title, entry.section.label, entry.item.text)
        """
        for p_index, plan in enumerate(self.plans):
            for section, item, path in plan.iter_items():
                yield ItemEntry(plan, section, item, f"{p_index + 1}/{path}")

    def __repr__(self) -> str:
        sections = sum(len(p.sections) for p in self.plans)
        items = sum(_depth(s.items) for p in self.plans for s in p.sections)
        return (f"PlanCollection(source={_short(self.source, 40)}, {_count(len(self.plans), 'plan')}, "
                f"{_count(sections, 'section')}, {_count(items, 'item')})")

    __str__ = __repr__


def json_schema() -> dict:
    return PlanCollection.model_json_schema()


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2)
