"""Dedup over parsed plans: units with provenance, the JSON report, template shares, and --write.

A unit is one paragraph of a plan: a section heading, a paragraph of a section intro, an item's text
(every depth), a paragraph of the preamble or closing. Its path reads like ``篇二/二/3``: the plan's
separator label (or 1-based index) / the section's marker value / the item's marker value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planparse.dedup.engine import DEFAULT_THRESHOLD, find_duplicates
from planparse.model import Item, PlanCollection
from planparse.text.lexicon import class_body

Role = Literal["heading", "intro", "item", "preamble", "closing"]
_MARKER_PUNCT = re.compile(rf"[\s{class_body('marker')}]+")


@dataclass
class Unit:
    text: str
    source: str
    plan: int | str          # separator label, else 1-based index
    plan_index: int          # 0-based, for removal
    path: str
    role: Role
    section: int | None = None          # 0-based section index
    item_path: tuple[int, ...] = ()      # 0-based indices from the section's items down
    paragraph: int = 0                   # which paragraph of a multi-paragraph field
    document: int = 0                    # which input (collection) it came from


class Member(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    plan: int | str
    path: str
    source: str
    role: Role
    similarity: float = Field(description="similarity to the group's representative (1.0 for itself)")
    match: str = Field(description="exact | ratio | reordered | containment | sentence")
    start: int | None = Field(None, description="sentence groups: offset of this occurrence in the unit text")
    end: int | None = None


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["exact", "near", "sentence"]
    similarity: float = Field(description="lowest member similarity to the representative")
    representative: int = Field(0, description="index in members of the unit the group formed around")
    members: list[Member]


class TemplateParagraph(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str
    plan: int | str
    path: str
    text: str
    documents: int = Field(description="how many other documents of the corpus contain this paragraph")


class TemplateShare(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str
    plan: int | str
    title: str
    units: int
    template_units: int
    template_share: float = Field(description="share of the plan's characters found in other documents")


class CorpusReport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: int
    plans: list[TemplateShare]
    paragraphs: list[TemplateParagraph]


class DedupReport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    threshold: float
    sources: list[str]
    units: int
    groups: list[Group]
    corpus: CorpusReport | None = None


# ---- units ----------------------------------------------------------------------------------------

def _marker_value(marker: str | None) -> str:
    return _MARKER_PUNCT.sub("", marker or "")


def plan_label(plan, index: int) -> int | str:
    return plan.separator or index + 1


def section_labels(sections: list) -> list[str]:
    """Each section's part of an item path: its marker's value (or number), else its position; a value two
    sections share is replaced by the position, so every path is unique."""
    used: set[str] = set()
    labels = []
    for s_index, section in enumerate(sections):
        value = _marker_value(section.marker) or str(section.number or "") or str(s_index + 1)
        if value in used:
            value = str(s_index + 1)
        used.add(value)
        labels.append(value)
    return labels


def item_labels(items: list[Item]) -> list[str]:
    """Each item's part of its path among its siblings: its marker's value, else (or when repeated) its position."""
    seen: set[str] = set()
    labels = []
    for i, item in enumerate(items):
        value = _marker_value(item.marker) or str(i + 1)
        if value in seen:
            value = str(i + 1)
        seen.add(value)
        labels.append(value)
    return labels


def collection_units(collection: PlanCollection, source: str, document: int = 0) -> list[Unit]:
    """Every comparable paragraph of a collection, in document order."""
    units: list[Unit] = []
    for p_index, plan in enumerate(collection.plans):
        label = plan_label(plan, p_index)

        def paragraphs(text: str, path: str, role: Role, **where) -> None:
            parts = [part for part in text.split("\n") if part.strip()]
            for k, part in enumerate(parts):
                suffix = f"#{k + 1}" if len(parts) > 1 else ""
                units.append(Unit(part, source, label, p_index, path + suffix, role, paragraph=k, document=document, **where))

        paragraphs(plan.preamble, f"{label}/preamble", "preamble")
        for s_index, (section, value) in enumerate(zip(plan.sections, section_labels(plan.sections))):
            section_path = f"{label}/{value}"
            if section.title.strip():
                units.append(Unit(section.title, source, label, p_index, section_path, "heading", section=s_index, document=document))
            paragraphs(section.intro, f"{section_path}/intro", "intro", section=s_index)

            def walk(items: list[Item], parent: str, trail: tuple[int, ...]) -> None:
                for i, (item, value) in enumerate(zip(items, item_labels(items))):
                    path = f"{parent}/{value}"
                    paragraphs(item.text, path, "item", section=s_index, item_path=trail + (i,))
                    walk(item.children, path, trail + (i,))

            walk(section.items, section_path, ())
        paragraphs(plan.closing, f"{label}/closing", "closing")
    return units


# ---- report ---------------------------------------------------------------------------------------

def dedup_collections(
    collections: list[PlanCollection],
    sources: list[str],
    threshold: float = DEFAULT_THRESHOLD,
    corpus: list[tuple[PlanCollection, str]] | None = None,
) -> DedupReport:
    """Duplicate groups across all the collections given (one per source), with provenance.

    ``corpus`` (collections and their sources) adds, for each paragraph of the given plans, how many
    other corpus documents contain it, and each plan's share of such template text.
    """
    if len(collections) != len(sources):
        raise ValueError("one source per collection")
    units = [u for d, (c, s) in enumerate(zip(collections, sources)) for u in collection_units(c, s, d)]
    groups = find_duplicates([u.text for u in units], threshold)
    report = DedupReport(
        threshold=threshold,
        sources=list(sources),
        units=len(units),
        groups=[_group(g, units) for g in groups],
    )
    if corpus is not None:
        report.corpus = _template_report(collections, units, corpus, threshold)
    return report


def _member(unit: Unit, similarity: float, match: str, span=None) -> Member:
    text = unit.text[span[0] : span[1]] if span else unit.text
    return Member(
        text=text, plan=unit.plan, path=unit.path, source=unit.source, role=unit.role,
        similarity=similarity, match=match,
        start=span[0] if span else None, end=span[1] if span else None,
    )


def _group(group, units: list[Unit]) -> Group:
    if group.kind == "sentence":
        unit = units[group.indices[0]]
        members = [_member(unit, 1.0, "sentence", span) for span in group.spans]
        return Group(kind="sentence", similarity=1.0, representative=0, members=members)
    order = [group.representative] + [i for i in group.indices if i != group.representative]
    members = [_member(units[i], group.similarities[i], group.matches[i]) for i in order]
    return Group(kind=group.kind, similarity=group.similarity, representative=0, members=members)


def _template_report(collections, units, corpus, threshold) -> CorpusReport:
    own = {str(Path(u.source).resolve()) for u in units}
    corpus = [(c, s) for c, s in corpus if str(Path(s).resolve()) not in own]
    base = len(collections)
    corpus_units = [u for d, (c, s) in enumerate(corpus) for u in collection_units(c, s, base + d)]
    everything = units + corpus_units
    documents = [set() for _ in units]
    for group in find_duplicates([u.text for u in everything], threshold, sentences=False):
        found_in = {everything[i].document for i in group.indices}
        for i in group.indices:
            if i < len(units):
                documents[i] = {d for d in found_in if d >= base}
    paragraphs = [
        TemplateParagraph(source=u.source, plan=u.plan, path=u.path, text=u.text, documents=len(documents[k]))
        for k, u in enumerate(units)
        if documents[k]
    ]
    shares = []
    for d, collection in enumerate(collections):
        for p_index, plan in enumerate(collection.plans):
            mine = [k for k, u in enumerate(units) if u.document == d and u.plan_index == p_index]
            total = sum(len(units[k].text) for k in mine)
            templated = [k for k in mine if documents[k]]
            shares.append(
                TemplateShare(
                    source=units[mine[0]].source if mine else "",
                    plan=plan_label(plan, p_index),
                    title=plan.title,
                    units=len(mine),
                    template_units=len(templated),
                    template_share=round(sum(len(units[k].text) for k in templated) / total, 4) if total else 0.0,
                )
            )
    return CorpusReport(documents=len(corpus), plans=shares, paragraphs=paragraphs)


# ---- --write --------------------------------------------------------------------------------------

def deduplicate(
    collections: list[PlanCollection], sources: list[str], report: DedupReport
) -> tuple[list[PlanCollection], list[dict]]:
    """Copies of the collections with every later occurrence dropped (the first in document order is
    kept), and a log entry per drop. A heading, or an item with children, goes only when everything
    under it goes too, so kept text never loses its heading."""
    units = [u for d, (c, s) in enumerate(zip(collections, sources)) for u in collection_units(c, s, d)]
    by_key = {(u.source, u.path): u for u in units}
    position = {(u.source, u.path): k for k, u in enumerate(units)}
    dropped: dict[tuple[str, str], dict] = {}
    cut_sentences: dict[tuple[str, str], list[tuple[int, int]]] = {}
    log: list[dict] = []
    for group in report.groups:
        if group.kind == "sentence":
            first, *later = group.members
            key = (first.source, first.path)
            cut_sentences.setdefault(key, []).extend((m.start, m.end) for m in later)
            for m in later:
                log.append({"kind": "sentence", "source": m.source, "plan": m.plan, "path": m.path, "text": m.text,
                            "kept": {"source": first.source, "plan": first.plan, "path": first.path}})
            continue
        ordered = sorted(group.members, key=lambda m: position[(m.source, m.path)])
        first = ordered[0]
        for m in ordered[1:]:
            dropped[(m.source, m.path)] = {
                "kind": group.kind, "source": m.source, "plan": m.plan, "path": m.path, "text": m.text,
                "similarity": m.similarity, "match": m.match,
                "kept": {"source": first.source, "plan": first.plan, "path": first.path},
            }
    outputs = [c.model_copy(deep=True) for c in collections]
    dropped_units = [by_key[k] for k in dropped]
    actually_dropped = _apply(outputs, units, {id(u) for u in dropped_units}, cut_sentences)
    log = [dropped[(u.source, u.path)] for u in units if id(u) in actually_dropped] + log
    return outputs, log


def _apply(outputs, units, drop_ids: set[int], cut_sentences) -> set[int]:
    """Remove dropped units from the copies; returns the ids of units really removed."""
    removed: set[int] = set()
    # group units by their owner so multi-paragraph fields are rebuilt once
    by_document: dict[int, list[Unit]] = {}
    for u in units:
        by_document.setdefault(u.document, []).append(u)
    for d, collection in enumerate(outputs):
        doc_units = by_document.get(d, [])
        for u in doc_units:  # sentence repeats: cut later occurrences out of the unit's text
            spans = cut_sentences.get((u.source, u.path))
            if spans and id(u) not in drop_ids:
                u.text = _cut(u.text, spans)
        fields: dict[tuple, list[Unit]] = {}
        for u in doc_units:
            if u.role != "heading":  # headings are decided last, with their whole section
                fields.setdefault((u.plan_index, u.role, u.section, u.item_path), []).append(u)
        for (p_index, role, s_index, trail), parts in fields.items():
            plan = collection.plans[p_index]
            kept = [p.text for p in parts if id(p) not in drop_ids]
            text = "\n".join(kept)
            if role == "preamble":
                plan.preamble = text
            elif role == "closing":
                plan.closing = text
            elif role == "intro":
                plan.sections[s_index].intro = text
            elif role == "item":
                _item(plan.sections[s_index], trail).text = text
            if role != "item" or kept:  # an item emptied entirely is decided below, with its children
                removed.update(id(p) for p in parts if id(p) in drop_ids)
        # items: remove bottom-up those whose text is gone and which have no children left
        gone: set[tuple] = set()
        for u in sorted((u for u in doc_units if u.role == "item"), key=lambda u: -len(u.item_path)):
            section = collection.plans[u.plan_index].sections[u.section]
            if (u.plan_index, u.section, u.item_path) in gone:  # another paragraph of a removed item
                removed.add(id(u))
                continue
            item = _item(section, u.item_path)
            if item is None or item.text or any(c is not None for c in item.children):
                if item is not None and not item.text and id(u) in drop_ids:
                    item.text = u.text  # still needed as a parent: keep its text
                continue
            siblings = section.items if len(u.item_path) == 1 else _item(section, u.item_path[:-1]).children
            siblings[u.item_path[-1]] = None  # placeholder keeps later indices valid until the sweep
            gone.add((u.plan_index, u.section, u.item_path))
            removed.add(id(u))
        for plan in collection.plans:
            for section in plan.sections:
                _sweep(section)
        for u in doc_units:  # headings go only with their whole section
            if u.role != "heading" or id(u) not in drop_ids:
                continue
            section = collection.plans[u.plan_index].sections[u.section]
            if not section.items and not section.intro.strip():
                section.title = ""
                section.marker = None
                removed.add(id(u))
        for plan in collection.plans:
            plan.sections = [s for s in plan.sections if s.title or s.intro or s.items]
    return removed


def _item(section, trail: tuple[int, ...]):
    nodes = section.items
    item = None
    for i in trail:
        if nodes is None or i >= len(nodes) or nodes[i] is None:
            return None
        item = nodes[i]
        nodes = item.children
    return item


def _sweep(node) -> None:
    items = node.items if hasattr(node, "items") else node.children
    kept = [i for i in items if i is not None]
    for i in kept:
        _sweep(i)
    if hasattr(node, "items"):
        node.items = kept
    else:
        node.children = kept


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text


def render_text(collection: PlanCollection) -> str:
    """A plain-text plan document (one paragraph per line, markers as written) that parses back."""
    out: list[str] = []
    if collection.page_title:
        out.append(collection.page_title)
    for plan in collection.plans:
        if plan.title:
            out.append(plan.title)
        out += [p for p in plan.preamble.split("\n") if p.strip()]
        for section in plan.sections:
            if section.title or section.marker:
                out.append(f"{section.marker or ''}{section.title}")
            out += [p for p in section.intro.split("\n") if p.strip()]

            def items(nodes: list[Item]) -> None:
                for item in nodes:
                    lines = [p for p in item.text.split("\n") if p.strip()] or [""]
                    out.append(f"{item.marker or ''}{lines[0]}")
                    out.extend(lines[1:])
                    items(item.children)

            items(section.items)
        out += [p for p in plan.closing.split("\n") if p.strip()]
        if plan.signature:
            out += [p for p in plan.signature.split("\n") if p.strip()]
    return "\n\n".join(out) + "\n"
