"""The diff result: a PlanDiff of change records (see json-contract.md, "Diff JSON")."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

ChangeKind = Literal["unchanged", "modified", "moved", "added", "removed"]
NodeKind = Literal["section", "intro", "item", "preamble", "closing"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NodeRef(_Model):
    """One side of a change: the node as it reads in that version and where it sits."""

    text: str = Field(description="the item's text, the section's title, or the paragraph")
    node: NodeKind
    path: str = Field(description="1-based position in the plan: '3' (section), '3/2' (item), '3/2/1' (child), "
                                  "'3/intro', 'preamble', 'closing'")
    marker: str | None = None
    number: int | None = None
    level: int = Field(0, description="0 section or plan-level paragraph, 1 top item or intro, 2+ children")
    section: str = Field("", description="the title of the section it sits in (marker included)")
    parent: str | None = Field(None, description="path of the parent node (None at plan level)")
    domains: list[str] = Field(default_factory=list)
    id: str = ""
    order: int = Field(0, description="position in document order among all nodes of this version")


class Segment(_Model):
    """One run of a word-level inline diff: equal text, text only in old (delete) or only in new (insert)."""

    op: Literal["equal", "delete", "insert"]
    text: str


class TargetChange(_Model):
    old: str | None = Field(description="the target as it read, e.g. '20名'; None when the target is new")
    new: str | None = Field(description="None when the target was dropped")
    unit: str = Field(description="the new target's unit, magnitude included ('万人', '万亿元', '%')")
    indicator: str = Field("", description="what the target measures, shared by old and new: '城镇新增就业'")
    old_value: float | None = None
    new_value: float | None = None
    delta: float | None = Field(None, description="new - old in the new target's unit, to the digits written")


class Change(_Model):
    id: str = Field(description="stable within one diff; used to link moves in reports")
    kind: ChangeKind
    node: NodeKind
    old: NodeRef | None
    new: NodeRef | None
    similarity: float | None = Field(None, description="text similarity of the matched pair, 0..1")
    renumbered: bool = Field(False, description="the marker's number changed (not itself a change)")
    reordered: bool = Field(False, description="moved among its siblings under the same parent (not itself a change)")
    text_changed: bool = Field(False, description="wording differs (also for moved records)")
    relation: Literal["split", "merge"] | None = Field(
        None, description="split: one old node became several new ones; merge: several old became one")
    group: str | None = Field(None, description="records of one split or merge share a group id")
    target_changes: list[TargetChange] = Field(default_factory=list)
    inline: list[Segment] = Field(default_factory=list, description="word-level diff, when the wording changed")


class PlanInfo(_Model):
    title: str = ""
    year: int | None = None
    organization: str | None = None
    source: str | None = None
    index: int = Field(1, description="1-based index of the plan in its collection")


class DomainRow(_Model):
    domain: str
    old: int
    new: int
    delta: int


class DomainSummary(_Model):
    classified: bool = Field(description="whether either version carries item domains")
    basis: str = "items counted under their primary domain"
    rows: list[DomainRow] = Field(default_factory=list)


class PlanDiff(_Model):
    old_plan: PlanInfo
    new_plan: PlanInfo
    changes: list[Change] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict, description="records per kind")
    target_change_count: int = 0
    domains: DomainSummary


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def after_predecessor(anchors: Iterable[tuple[int, K]], items: Iterable[tuple[int, V]]) -> tuple[list[V], dict[K, list[V]]]:
    """Place each (order, item) after the anchor with the greatest order below its own (bisect, O(n log n)).

    Used for records shown at their old place: removed records in the change list, ghosts of moved
    records in the HTML report. Returns the items no anchor precedes, and per anchor key the items
    placed after it, both in input order. Among anchors of equal order the last one given wins.
    """
    ordered = sorted(anchors, key=lambda anchor: anchor[0])  # stable: ties keep the caller's order
    orders = [order for order, _ in ordered]
    leading: list[V] = []
    after: dict[K, list[V]] = defaultdict(list)
    for order, item in items:
        k = bisect.bisect_left(orders, order)  # anchors before k come strictly earlier
        if k:
            after[ordered[k - 1][1]].append(item)
        else:
            leading.append(item)
    return leading, dict(after)
