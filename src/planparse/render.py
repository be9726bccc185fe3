"""Text renderings of a PlanCollection: JSON, an outline tree and Markdown, markers exactly as written."""

from __future__ import annotations

import json

from planparse.model import Item, PlanCollection
from planparse.safe_io import markdown_text as md
from planparse.text.strings import shorten

FORMATS = ("json", "markdown", "tree")


def render(collection: PlanCollection, fmt: str, one_line: bool = False) -> str:
    """The collection as ``fmt`` (json | markdown | tree); ``one_line`` JSON is for JSON Lines."""
    if fmt == "json":
        data = collection.model_dump(mode="json")
        return json.dumps(data, ensure_ascii=False, indent=None if one_line else 2) + "\n"
    if fmt == "markdown":
        return to_markdown(collection)
    if fmt == "tree":
        return to_tree(collection)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _domains(node) -> str:
    return f"  [{', '.join(node.domains)}]" if node.domains else ""


def _label(marker: str | None, text: str) -> str:
    """Marker and text as the source writes them: "一、加强学习", "（1）组织…"."""
    return f"{marker}{text}" if marker else text


def to_markdown(collection: PlanCollection, show_domains: bool = False) -> str:
    """Markdown of the outline; document text is escaped (safe_io.markdown_text), so it shows as written."""
    out: list[str] = []
    if collection.page_title:
        out += [f"# {md(collection.page_title, True)}", ""]
    for plan in collection.plans:
        out += [f"## {md(plan.title, True) if plan.title else '(untitled plan)'}", ""]
        if plan.preamble:
            out += [md(plan.preamble), ""]
        for section in plan.sections:
            heading = "(implied section)" if section.implied else md(_label(section.marker, section.title), True)
            out += [f"### {heading}" + (_domains(section) if show_domains else ""), ""]
            if section.intro:
                out += [md(section.intro), ""]

            def items(nodes: list[Item], depth: int) -> None:
                for item in nodes:
                    text = item.text.replace("\n", " ")
                    line = md(_label(item.marker, text), True)
                    out.append("  " * depth + f"- {line}" + (_domains(item) if show_domains else ""))
                    items(item.children, depth + 1)

            items(section.items, 0)
            out.append("")
        if plan.closing:
            out += [md(plan.closing), ""]
        if plan.signature:
            out += [md(plan.signature), ""]
    return "\n".join(out).rstrip() + "\n"


def to_tree(collection: PlanCollection, width: int = 60, show_domains: bool = True) -> str:
    """An indented outline for reading in a terminal; long texts are cut to ``width`` characters."""

    def cut(text: str) -> str:
        return shorten(text, width)

    out: list[str] = []
    if collection.page_title:
        out.append(f"页面: {collection.page_title}")
    for i, plan in enumerate(collection.plans, 1):
        facts = ", ".join(f for f in [f"{plan.year}" if plan.year else "", plan.organization or ""] if f)
        out.append(f"计划 {i}: {plan.title or '(untitled)'}" + (f" ({facts})" if facts else ""))
        if plan.preamble:
            out.append(f"  前言: {cut(plan.preamble)}")
        for section in plan.sections:
            head = "(implied section)" if section.implied else _label(section.marker, cut(section.title))
            out.append(f"  {head}" + (_domains(section) if show_domains else ""))
            if section.intro:
                out.append(f"    引言: {cut(section.intro)}")

            def items(nodes: list[Item], depth: int) -> None:
                for item in nodes:
                    out.append("    " + "  " * depth + _label(item.marker, cut(item.text)) + (_domains(item) if show_domains else ""))
                    items(item.children, depth + 1)

            items(section.items, 0)
        if plan.closing:
            out.append(f"  结尾: {cut(plan.closing)}")
        if plan.signature:
            out.append(f"  落款: {plan.signature.replace(chr(10), ' / ')}")
    if collection.placeholders:
        kinds = sorted({p.text for p in collection.placeholders})
        out.append(f"占位符 {len(collection.placeholders)}: {' '.join(kinds)}")
    if collection.removals:
        counts: dict[str, int] = {}
        for r in collection.removals:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        out.append("已清理: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for warning in collection.warnings:
        out.append(f"警告: {warning}")
    return "\n".join(out) + "\n"


def explain_lines(collection: PlanCollection, decisions: list) -> list[str]:
    """The outline decisions and the cleaning joins and removals, one line each, in source line order."""
    rows = [(d.line, str(d)) for d in decisions]
    for r in collection.removals:
        line = (r.block or 0) + 1
        if r.kind == "line_join":
            rows.append((line, f"line {line}: joined to the line above: {r.reason}"))
        elif r.kind != "viewer_counter":  # counters are already among the decisions
            rows.append((line, f"line {line}: removed {shorten(r.text, 30)!r} ({r.kind}): {r.reason}"))
    return [text for _line, text in sorted(rows, key=lambda row: row[0])]
