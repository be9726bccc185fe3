"""Reports of a PlanDiff: JSON, Markdown, a terminal table, and one self-contained HTML page."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache
from io import StringIO

from planparse.messages import language, say
from planparse.plandiff.records import Change, NodeRef, PlanDiff, PlanInfo, TargetChange, after_predecessor
from planparse.plandiff.targets import CUT, RIGHT_WINDOW, WINDOW

# The reports' words are [diff_kind], [diff_report], [diff_html] and [diff_table] of data/messages/report.toml, in the
# language of planparse.messages; where a record stands (NODE_LABEL, where()) is the document's own vocabulary.
NODE_LABEL = {"section": "标题", "intro": "导语", "item": "条目", "preamble": "开头", "closing": "结尾"}
FORMATS = ("json", "markdown", "html", "table")


def where(ref: NodeRef | None) -> str:
    """A human location: '二、深化劳动竞赛 › 3、', '开头', '二、深化劳动竞赛 › 导语'."""
    if ref is None:
        return ""
    if ref.node in ("preamble", "closing"):
        return NODE_LABEL[ref.node]
    if ref.node == "section":
        return ref.section or ref.path
    tail = "导语" if ref.node == "intro" else (ref.marker or f"第{ref.path.rsplit('/', 1)[-1]}段")
    if ref.level > 1:
        tail = f"{ref.path} {tail}"
    return f"{ref.section or ref.path} › {tail}"


def plan_label(info: PlanInfo) -> str:
    label = info.title or (str(info.year) if info.year else "")
    if label:
        return label
    return say("diff_report.plan_of", index=info.index, source=info.source) if info.source else \
        say("diff_report.plan", index=info.index)


def kind_label(kind: str) -> str:
    """A change's kind by itself: '移动' (zh), 'moved' (en)."""
    return say(f"diff_kind.{kind}")


def domain_label(domain: str) -> str:
    """How a report names a domain: its Chinese name (劳动竞赛与建功立业) in Chinese, its id in English."""
    if language() != "zh":
        return domain
    from planparse.classify.taxonomy import domain_names

    return domain_names().get(domain, domain)


def render(diff: PlanDiff, fmt: str) -> str:
    if fmt == "json":
        return to_json(diff)
    if fmt == "markdown":
        return to_markdown(diff)
    if fmt == "html":
        return to_html(diff)
    if fmt == "table":
        return to_table(diff)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def to_json(diff: PlanDiff, indent: int | None = 2) -> str:
    return json.dumps(diff.model_dump(mode="json"), ensure_ascii=False, indent=indent)


# --- Markdown -------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$=&])")


def md_escape(text: str) -> str:
    """Document text is data: escape what Markdown (and HTML inside Markdown) would interpret."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def _md_inline(change: Change) -> str:
    parts = []
    for seg in change.inline:
        text = md_escape(seg.text)
        parts.append(text if seg.op == "equal" else (f"~~{text}~~" if seg.op == "delete" else f"**{text}**"))
    return "".join(parts)


def target_delta(t: TargetChange) -> str:
    """The change of a target in its new unit, as written: '+8.9万亿元', '-0.2%'; '' when added or dropped."""
    if t.delta is None:
        return ""
    return f"{'+' if t.delta > 0 else ''}{format(Decimal(repr(t.delta)).normalize(), 'f')}{t.unit}"


def target_text(t: TargetChange) -> str:
    """One target change in a line: '城镇新增就业 1244万人 → 1256万人'."""
    return f"{t.indicator} {t.old or '—'} → {t.new or '—'}".strip()


def target_where(change: Change, t: TargetChange) -> str:
    """Where a target stands: its record (where()), and in a record of several paragraphs its paragraph: numbered in a
    plan-level 开头 or 结尾 the parser found no headings in ('开头 › 第5段「我们在全国范围…」'), by its opening words
    past the first paragraph of any other record ('三、… › 导语 › 「工业消费品生产迅速发…」').

    Records carry no target offsets: the occurrence taken is the first whose surroundings name the indicator.
    """
    ref, text = (change.new, t.new) if t.new is not None and change.new is not None else (change.old, t.old)
    place = where(ref)
    if ref is None or not text or "\n" not in ref.text.strip():
        return place
    body = ref.text
    key = t.indicator.lstrip(CUT)[-4:]
    positions = [m.start() for m in re.finditer(re.escape(text), body)]
    if not positions:
        return place
    at = next((p for p in positions if key and key in body[max(p - WINDOW - len(key), 0):p + len(text) + RIGHT_WINDOW]),
              positions[0])
    paragraphs = [(m.start(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", body) if m.group(0).strip()]
    number, first = next(((k, line) for k, (start, line) in reversed(list(enumerate(paragraphs, 1))) if start <= at),
                         (1, paragraphs[0][1] if paragraphs else ""))
    if ref.node in ("preamble", "closing"):
        return f"{place} › 第{number}段「{first[:10]}…」"
    return f"{place} › 「{first[:10]}…」" if number > 1 else place


def _md_targets(change: Change) -> str:
    return "；".join(md_escape(target_text(t)) for t in change.target_changes)


def _md_head(change: Change) -> str:
    head = say(f"diff_kind_md.{change.kind}")
    if change.relation:
        head += " " + say(f"diff_report.relation_{change.relation}", group=change.group)
    return head


def _md_section_note(change: Change) -> str:
    """What a section record says beside its title: its inline diff, its kind, or its old number."""
    if change.kind == "modified":
        return f" — {_md_inline(change)}"
    if change.kind != "unchanged":
        return f" — {_md_head(change)}"
    if change.renumbered and change.old and change.new:
        return " " + say("diff_report.renumbered", marker=md_escape(change.old.marker or ""))
    return ""


def _md_record(change: Change) -> list[str]:
    """The list lines of one item, intro or plan-level paragraph record."""
    head = _md_head(change)
    loc_old, loc_new = md_escape(where(change.old)), md_escape(where(change.new))
    if change.kind == "added":
        lines = [f"- {head} · {loc_new}: **{md_escape(change.new.text)}**"]
    elif change.kind == "removed":
        lines = [f"- {head} · {loc_old}: ~~{md_escape(change.old.text)}~~"]
    else:
        text = _md_inline(change) if change.text_changed else md_escape(change.new.text)
        loc = f"{loc_old} → {loc_new}" if change.kind == "moved" or loc_old != loc_new else loc_new
        lines = [f"- {head} · {loc}: {text}"]
    if change.target_changes:
        lines.append(say("diff_report.targets", targets=_md_targets(change)))
    return lines


def to_markdown(diff: PlanDiff) -> str:
    old, new = plan_label(diff.old_plan), plan_label(diff.new_plan)
    lines = ["# " + say("diff_report.title", old=md_escape(old), new=md_escape(new)), ""]
    lines.append(" · ".join(say("diff_report.count", label=say(f"diff_kind_label.{k}"), count=n)
                            for k, n in diff.counts.items()))
    lines.append(say("diff_report.target_count", count=diff.target_change_count))
    lines.append("")
    lines.append("## " + say("diff_report.changes"))
    lines.append("")
    # Blocks: the records before the first section, then each section with the records under it. A
    # section is a heading only when something is listed under it; one with nothing under it is a bold
    # line of its own when it changed itself (reworded, added, removed, renumbered), else left out.
    blocks: list[tuple[Change | None, list[str]]] = [(None, [])]
    for change in diff.changes:
        if change.node == "section":
            blocks.append((change, []))
        elif change.kind != "unchanged":
            blocks[-1][1].extend(_md_record(change))
    listed = False
    for section, entries in blocks:
        if section is None:
            lines += entries
            listed = listed or bool(entries)
            continue
        ref = section.new or section.old
        title = md_escape(f"{ref.marker or ''}{ref.text}") or md_escape(where(ref))
        note = _md_section_note(section)
        if entries:
            lines += ["", f"### {title}{note}", "", *entries]
        elif note:  # a paragraph of its own, so it is not read as a record of the section above
            lines += ["", f"**{title}**{note}", ""]
        else:
            continue
        listed = True
    if not listed:
        lines.append(say("diff_report.no_changes"))
    hidden = sum(1 for c in diff.changes if c.kind == "unchanged" and c.node != "section")
    lines += ["", say("diff_report.hidden", count=hidden), ""]
    targets = [c for c in diff.changes if c.target_changes]
    if targets:
        header = " | ".join(say(f"diff_report.{column}") for column in ("where", "indicator", "old", "new", "delta"))
        lines += ["## " + say("diff_report.target_changes"), "", f"| {header} |", "|---|---|---|---|---:|"]
        for change in targets:
            for t in change.target_changes:
                lines.append(f"| {md_escape(target_where(change, t))} | {md_escape(t.indicator)} "
                             f"| {md_escape(t.old or '—')} | {md_escape(t.new or '—')} | {md_escape(target_delta(t))} |")
        lines.append("")
    lines += ["## " + say("diff_report.domain_emphasis"), ""]
    if diff.domains.classified:
        lines += [f"| {say('diff_report.domain')} | {md_escape(old)} | {md_escape(new)} | Δ |", "|---|---:|---:|---:|"]
        for row in diff.domains.rows:
            lines.append(f"| {domain_label(row.domain)} | {row.old} | {row.new} | {row.delta:+d} |")
    else:
        lines.append(say("diff_report.not_classified"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"  # one blank line between blocks


# --- terminal table -------------------------------------------------------------------------------
def to_table(diff: PlanDiff, width: int = 140, color: bool = False) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from planparse.safe_io import printable

    # Document text is data, never console markup: the title and every cell are Text.
    table = Table(title=Text(printable(f"{plan_label(diff.old_plan)} → {plan_label(diff.new_plan)}")), show_lines=False)
    for column in ("kind", "old", "new", "text", "targets"):
        table.add_column(say(f"diff_table.{column}"), overflow="fold")
    styles = {"modified": "yellow", "moved": "cyan", "added": "green", "removed": "red", "unchanged": "dim"}
    for change in diff.changes:
        text = Text()
        if change.text_changed:
            for seg in change.inline:
                words = printable(seg.text, newlines=True)
                if seg.op == "equal":
                    text.append(words)
                elif color:
                    text.append(words, style="red strike" if seg.op == "delete" else "green bold")
                else:  # wdiff-style brackets keep the change visible without colour
                    text.append(f"[-{words}-]" if seg.op == "delete" else f"{{+{words}+}}")
        else:
            text.append(printable((change.new or change.old).text, newlines=True))
        kind = kind_label(change.kind)
        if change.relation:
            kind = say("diff_table.kind_relation", kind=kind, relation=say(f"diff_relation.{change.relation}"))
        table.add_row(Text(kind, style=styles[change.kind]),
                      Text(change.old.path if change.old else ""), Text(change.new.path if change.new else ""), text,
                      Text(printable("；".join(target_text(t) for t in change.target_changes))))
    buffer = StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None)
    console.print(table)
    return buffer.getvalue()


# --- HTML -----------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("planparse.plandiff", "templates"),
        autoescape=select_autoescape(["html", "j2", "html.j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _rows(diff: PlanDiff) -> list[dict]:
    """Display rows: every record, plus a ghost row at the old place of each moved record."""
    rows: list[dict] = []
    anchors = [(c.old.order, c.id) for c in diff.changes if c.old is not None and c.kind != "moved"]
    moved = [(c.old.order, c) for c in diff.changes if c.kind == "moved"]
    leading, ghosts = after_predecessor(anchors, moved)
    for change in leading:
        rows.append({"ghost": True, "change": change})
    for change in diff.changes:
        rows.append({"ghost": False, "change": change})
        for ghost in ghosts.get(change.id, []):
            rows.append({"ghost": True, "change": ghost})
    return rows


def _chart(diff: PlanDiff) -> dict:
    rows = diff.domains.rows
    peak = max([max(r.old, r.new) for r in rows] or [1]) or 1
    return {"rows": rows, "names": {r.domain: domain_label(r.domain) for r in rows}, "peak": peak, "bar": 200,
            "label": 190, "height": 22 * len(rows) + 8}


def _short(info: PlanInfo, other: PlanInfo, fallback: str) -> str:
    """A column label: the year when the two years differ, else the fallback (原/新)."""
    if info.year and info.year != other.year:
        return f"{info.year}年"
    return fallback


def to_html(diff: PlanDiff) -> str:
    template = _environment().get_template("diff.html.j2")
    return template.render(
        diff=diff,
        rows=_rows(diff),
        chart=_chart(diff),
        old_label=plan_label(diff.old_plan),
        new_label=plan_label(diff.new_plan),
        old_short=_short(diff.old_plan, diff.new_plan, say("diff_html.old_short")),
        new_short=_short(diff.new_plan, diff.old_plan, say("diff_html.new_short")),
        kind_label=kind_label,
        say=say,
        node_label=NODE_LABEL,
        where=where,
        target_delta=target_delta,
        target_where=target_where,
    )
