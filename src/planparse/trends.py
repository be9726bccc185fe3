"""Trends over the store: domain emphasis per organization and year, and the history of one measure.

``history`` follows a measure from year to year through the diff alignment (``planparse.plandiff``):
consecutive years of one organization are diffed, and the measure's record in each diff links its
position in one year to its position in the next. No second matcher is written here; even finding
the measure a user typed goes through the same alignment when its words are not found verbatim.

A thread runs only through the plans of one organization (one plan per year); a plan with no
organization is a thread of its own, never linked to another plan, signed or not.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from planparse.messages import say
from planparse.model import Item, Plan, Section
from planparse.plandiff.records import TargetChange
from planparse.text.normalize import match_form, match_forms
from planparse.store import StoredPlan, current_plans, trend_rows

__all__ = ["trend_rows", "trends_table", "history", "history_text", "Step", "Thread", "pivot"]


def pivot(rows: list[dict]) -> tuple[list[tuple[str, int]], list[str], dict[tuple[str, int], dict[str, int]]]:
    """(organization, year) keys, domains by total count, and the count table."""
    table: dict[tuple[str, int], dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        table[(row["organization"], row["year"])][row["domain"]] = row["count"]
        totals[row["domain"]] += row["count"]
    domains = sorted(totals, key=lambda d: (-totals[d], d))
    return sorted(table), domains, table


def trends_table(rows: list[dict], color: bool = False) -> str:
    """A plain-text table: one line per organization and year, one column per domain (its id in English, its
    name in Chinese)."""
    from io import StringIO

    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from planparse.plandiff.render import domain_label
    from planparse.safe_io import printable

    keys, domains, table = pivot(rows)
    if not keys:
        return say("trends_table.empty") + "\n"
    # Organization names are document text, never console markup: Text cells and headers.
    out = Table(show_lines=False)
    out.add_column(say("trends_table.organization"), no_wrap=True)
    out.add_column(say("trends_table.year"), justify="right")
    headers = [printable(domain_label(domain)) for domain in domains]
    for header in headers:
        out.add_column(Text(header), justify="right")
    out.add_column(say("trends_table.total"), justify="right")
    for org, year in keys:
        counts = table[(org, year)]
        out.add_row(Text(printable(org or say("chart.unsigned"))), str(year), *[str(counts.get(d, "")) for d in domains],
                    str(sum(counts.values())))
    buffer = StringIO()
    width = 44 + sum(cell_len(h) + 3 for h in headers)  # wide enough that no domain column folds
    Console(file=buffer, width=max(100, width), color_system="standard" if color else None, force_terminal=color).print(out)
    return buffer.getvalue()


# --- history of one measure ----------------------------------------------------------------------
@dataclass
class Step:
    year: int | None
    status: str  # found | unchanged | modified | moved | added | removed | absent
    text: str | None = None
    path: str | None = None
    section: str | None = None
    targets: list[TargetChange] = field(default_factory=list)  # 40期 → 48期, as in the diff's target_changes
    similarity: float | None = None
    source: str = ""


@dataclass
class Thread:
    organization: str | None
    steps: list[Step]

    def as_dict(self) -> dict:
        """JSON-ready; each step's targets are objects, as the diff's ``target_changes``."""
        steps = [{**vars(s), "targets": [t.model_dump(mode="json") for t in s.targets]} for s in self.steps]
        return {"organization": self.organization, "steps": steps}


def _items_by_path(plan: Plan) -> dict[str, tuple[Section, Item]]:
    return {path: (section, item) for section, item, path in plan.iter_items()}


def _locate(query: str, plan: Plan, items: dict[str, tuple[Section, Item]]) -> list[tuple[str, float | None]]:
    """Paths of items that hold the query: verbatim in matching form, else the item the diff alignment pairs it with."""
    from planparse.plandiff import diff_plans

    wanted = match_form(query)
    texts = [item.text for _s, item in items.values()]
    paths = [path for path, form in zip(items, match_forms(texts)) if wanted and wanted in form]
    if paths:
        return [(p, 1.0) for p in sorted(paths)]
    probe = Plan(sections=[Section(implied=True, items=[Item(text=query)])])
    result = diff_plans(probe, plan)
    return [(c.new.path, c.similarity) for c in result.changes
            if c.node == "item" and c.old is not None and c.new is not None]


def history(conn: sqlite3.Connection, query: str, organization: str | None = None) -> list[Thread]:
    """How the measure best described by ``query`` evolved across the years of each organization."""
    from planparse.plandiff import diff_plans

    by_org: dict[str, list[StoredPlan]] = defaultdict(list)
    unsigned: list[list[StoredPlan]] = []
    for stored in current_plans(conn, organization):
        if stored.year is None:
            continue
        org_key = match_form(stored.organization or "")
        if org_key:
            by_org[org_key].append(stored)
        else:  # nothing says two unsigned documents come from one office: each is its own timeline
            unsigned.append([stored])
    threads: list[Thread] = []
    for timeline in [*by_org.values(), *unsigned]:
        # One plan per year: the latest ingested wins when a year holds several (e.g. a reissued plan).
        per_year = {s.year: s for s in sorted(timeline, key=lambda s: s.plan_id)}
        stored = [per_year[y] for y in sorted(per_year)]
        plans = [s.load(conn) for s in stored]
        items = [_items_by_path(plan) for plan in plans]
        hits = {(k, path): sim for k, plan in enumerate(plans) for path, sim in _locate(query, plan, items[k])}
        if not hits:
            continue
        diffs = [diff_plans(a, b) for a, b in zip(plans, plans[1:])]
        # Links between consecutive years: (year index, path) -> (next path or None, change)
        forward: dict[tuple[int, str], object] = {}
        backward: dict[tuple[int, str], object] = {}
        for k, d in enumerate(diffs):
            for change in d.changes:
                if change.node != "item":
                    continue
                if change.old is not None and (k, change.old.path) not in forward:
                    forward[(k, change.old.path)] = change
                if change.new is not None and (k + 1, change.new.path) not in backward:
                    backward[(k + 1, change.new.path)] = change
        covered: set[tuple[int, str]] = set()
        for (k, path), _sim in sorted(hits.items()):
            if (k, path) in covered:
                continue
            # Walk back to where the measure first appears, then forward to its last year.
            start_k, start_path = k, path
            while (start_k, start_path) in backward and backward[(start_k, start_path)].old is not None:
                start_path = backward[(start_k, start_path)].old.path
                start_k -= 1
            steps: list[Step] = []
            if start_k > 0:
                steps.append(Step(year=stored[start_k - 1].year, status="absent", source=stored[start_k - 1].source))
            cur_k, cur_path = start_k, start_path
            status = "added" if start_k > 0 else "found"
            change = None
            while True:
                covered.add((cur_k, cur_path))
                section, item = items[cur_k][cur_path]
                step = Step(year=stored[cur_k].year, status=status, text=item.text, path=cur_path,
                            section=section.label, source=stored[cur_k].source)
                if change is not None:
                    step.similarity = change.similarity
                    step.targets = list(change.target_changes)
                steps.append(step)
                change = forward.get((cur_k, cur_path))
                if change is None or cur_k + 1 >= len(plans):
                    break
                if change.new is None:
                    steps.append(Step(year=stored[cur_k + 1].year, status="removed", source=stored[cur_k + 1].source))
                    break
                status = change.kind
                cur_k, cur_path = cur_k + 1, change.new.path
            threads.append(Thread(organization=stored[0].organization, steps=steps))
    # The longest histories first: a measure followed over three years says more than a single hit.
    threads.sort(key=lambda t: -sum(s.text is not None for s in t.steps))
    return threads


def step_status(status: str) -> str:
    """A step's status in words: a change kind (修改, moved …) or found / absent."""
    return say(f"history_status.{status}") if status in ("found", "absent") else say(f"diff_kind.{status}")


def history_text(threads: list[Thread], query: str) -> str:
    if not threads:
        return say("history.none", query=query) + "\n"
    out: list[str] = []
    for thread in threads:
        out.append(say("history.thread", organization=thread.organization or say("chart.unsigned"), query=query))
        for step in thread.steps:
            line = say("history.step", year=step.year, status=step_status(step.status))
            if step.text is not None:
                line += say("history.where", path=step.path, section=step.section, text=step.text)
            if step.targets:
                changes = say("history.target_separator").join(f"{t.old or '—'} → {t.new or '—'}" for t in step.targets)
                line += say("history.targets", targets=changes)
            out.append(line)
    return "\n".join(out) + "\n"
