"""Trends over the store: domain emphasis per organization and year, and the history of one measure.

``history`` follows a measure from year to year through the diff alignment (``planparse.plandiff``):
consecutive years of one organization are diffed, and the measure's record in each diff links its
position in one year to its position in the next. No second matcher is written here; even finding
the measure a user typed goes through the same alignment when its words are not found verbatim.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from planparse.model import Item, Plan, Section
from planparse.safe_io import atomic_target
from planparse.text.normalize import match_form, match_forms
from planparse.store import StoredPlan, current_plans, trend_rows

__all__ = ["trend_rows", "trends_table", "trends_chart", "history", "Step", "Thread"]


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
    """A plain-text table: one line per organization and year, one column per domain."""
    from io import StringIO

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from planparse.safe_io import printable

    keys, domains, table = pivot(rows)
    if not keys:
        return "no dated plans in the store (ingest some with: planparse ingest PATH --db FILE)\n"
    # Organization names are document text, never console markup: Text cells and headers.
    out = Table(show_lines=False)
    out.add_column("organization", no_wrap=True)
    out.add_column("year", justify="right")
    for domain in domains:
        out.add_column(Text(printable(domain)), justify="right")
    out.add_column("total", justify="right")
    for org, year in keys:
        counts = table[(org, year)]
        out.add_row(Text(printable(org or "(unsigned)")), str(year), *[str(counts.get(d, "")) for d in domains],
                    str(sum(counts.values())))
    buffer = StringIO()
    Console(file=buffer, width=max(100, 44 + sum(len(d) + 3 for d in domains)), color_system="standard" if color else None,
            force_terminal=color).print(out)
    return buffer.getvalue()


def _cjk_font() -> str | None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                 "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC"):
        if name in names:
            return name
    return None


MAX_PANELS = 6


def plain_label(text: str) -> str:
    """A label matplotlib draws as written: ``$…$`` in document text is not mathtext (``\\$`` is a literal $)."""
    return text.replace("$", r"\$")


def trends_chart(rows: list[dict], out: str | Path, title: str = "") -> Path:
    """A PNG of domain emphasis over years: per organization, one stacked bar per year of each domain's share.

    When some organizations have several years, only those are drawn (a single year is no trend);
    at most MAX_PANELS panels, organizations with the most years first.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display needed, and safe in threads and CI
    import matplotlib.pyplot as plt

    from planparse.errors import InputError

    keys, domains, table = pivot(rows)
    if not keys:
        raise InputError("no dated plans in the store to chart (ingest some first)")
    from planparse.classify.taxonomy import domain_names

    font = _cjk_font()
    labels = domain_names() if font is not None else {}  # without a CJK font the ids are the labels
    years_of: dict[str, list[int]] = defaultdict(list)
    for org, year in keys:
        years_of[org].append(year)
    orgs = sorted(years_of, key=lambda o: (-len(years_of[o]), o))
    if len(years_of[orgs[0]]) > 1:
        orgs = [o for o in orgs if len(years_of[o]) > 1]
    orgs = orgs[:MAX_PANELS]
    with plt.rc_context({"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
                         "axes.unicode_minus": False}):
        fig, axes = plt.subplots(len(orgs), 1, figsize=(9, 2.6 * len(orgs) + 0.8), squeeze=False)
        cmap = plt.get_cmap("tab20")
        colours = {d: cmap(k % 20) for k, d in enumerate(domains)}
        drawn: dict[str, object] = {}
        for number, (ax, org) in enumerate(zip(axes[:, 0], orgs), 1):
            years = sorted(years_of[org])
            totals = [max(sum(table[(org, y)].values()), 1) for y in years]
            bottom = [0.0] * len(years)
            for domain in domains:
                shares = [100.0 * table[(org, y)].get(domain, 0) / t for y, t in zip(years, totals)]
                if not any(shares):
                    continue
                bars = ax.bar([str(y) for y in years], shares, bottom=bottom, color=colours[domain], width=0.6,
                              label=plain_label(labels.get(domain, domain)))
                drawn.setdefault(domain, bars)
                for k, (share, base) in enumerate(zip(shares, bottom)):
                    if share >= 8:  # label the segments big enough to read
                        ax.text(k, base + share / 2, f"{share:.0f}%", ha="center", va="center", fontsize=7)
                bottom = [b + v for b, v in zip(bottom, shares)]
            org_label = org or "(unsigned)"
            ax.set_title(plain_label(org_label) if font or org_label.isascii() else f"organization {number}", fontsize=10)
            ax.set_ylabel("% of items")
            ax.set_ylim(0, 100)
        fig.legend([drawn[d] for d in domains if d in drawn], [plain_label(labels.get(d, d)) for d in domains if d in drawn],
                   loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8, frameon=False)
        fig.suptitle(plain_label(title or "Domain emphasis over years (share of each plan's items)"), fontsize=11)
        try:
            fig.tight_layout()
            out = Path(out)
            out.parent.mkdir(parents=True, exist_ok=True)
            fmt = out.suffix[1:].lower()
            fmt = fmt if fmt in fig.canvas.get_supported_filetypes() else "png"
            with atomic_target(out) as tmp:  # a failed save leaves the previous chart as it was
                fig.savefig(tmp, dpi=110, bbox_inches="tight", format=fmt)
        finally:
            plt.close(fig)
    return out


# --- history of one measure ----------------------------------------------------------------------
@dataclass
class Step:
    year: int | None
    status: str  # found | unchanged | modified | moved | added | removed | absent
    text: str | None = None
    path: str | None = None
    section: str | None = None
    targets: list[str] = field(default_factory=list)  # "40期 → 48期"
    similarity: float | None = None
    source: str = ""


@dataclass
class Thread:
    organization: str | None
    steps: list[Step]

    def as_dict(self) -> dict:
        return {"organization": self.organization, "steps": [vars(s) for s in self.steps]}


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
    for stored in current_plans(conn, organization):
        if stored.year is not None:
            by_org[match_form(stored.organization or "")].append(stored)
    threads: list[Thread] = []
    for timeline in by_org.values():
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
                    step.targets = [f"{t.old or '—'} → {t.new or '—'}" for t in change.target_changes]
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


def history_text(threads: list[Thread], query: str) -> str:
    if not threads:
        return f"no stored measure matches {query!r}\n"
    out: list[str] = []
    for thread in threads:
        out.append(f"{thread.organization or '(unsigned)'}: {query}")
        for step in thread.steps:
            line = f"  {step.year}  {step.status:<9}"
            if step.text is not None:
                line += f" [{step.path} in {step.section}] {step.text}"
            if step.targets:
                line += "  (targets: " + "; ".join(step.targets) + ")"
            out.append(line)
    return "\n".join(out) + "\n"
