"""Restructured export: a clean .docx in GB/T 9704 style, Markdown, and an .xlsx table of measures.

Numbering is regenerated so it is consistent whatever the source did (gaps, restarts, 1. next to 2、):
sections 一、二、… ; items （一）; their children 1. ; then （1）; then ①. Lines that were not numbered
in the source (plain paragraphs, schedule lines such as 1月：) keep their own form. With
``group_by="domain"`` the top-level items are regrouped under one section per primary domain.

The .docx writes markers as text (not Word auto-numbering), so any reader, including ours, sees
exactly the numbers shown; ``planparse.load`` re-imports it with the same structure.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from planparse.errors import InputError
from planparse.model import Item, Plan, PlanCollection, Section
from planparse.safe_io import atomic_target, atomic_write, markdown_text, refuse_input
from planparse.text.numerals import chinese_counting as int_to_chinese

GROUPINGS = (None, "domain")


# --- the outline every format renders -----------------------------------------------------------
@dataclass
class Node:
    level: int  # 1 section heading, 2 item, 3 child, …
    marker: str  # "" when unnumbered
    text: str  # first line: heading or measure
    body: list[str] = field(default_factory=list)  # further paragraphs of the same node
    item: Item | None = None
    section: str = ""


@dataclass
class OutlinePlan:
    title: str
    preamble: str
    nodes: list[Node]
    closing: str
    signature: str


def marker_for(level: int, number: int) -> str:
    """GB/T 9704 sequence: 一、 → （一） → 1. → （1） → ①."""
    if level == 1:
        return f"{int_to_chinese(number)}、"
    if level == 2:
        return f"（{int_to_chinese(number)}）"
    if level == 3:
        return f"{number}."
    if level == 4:
        return f"（{number}）"
    return chr(0x2460 + number - 1) if number <= 20 else f"{number})"


def _numbered(item: Item) -> bool:
    return item.marker is not None and item.kind == "item"


def _item_nodes(items: list[Item], level: int, section: str, keep: bool = False) -> list[Node]:
    """Items of one list: numbered afresh when any of them was numbered, else kept as plain lines.

    ``keep`` keeps the source markers of the top list (an implied section's 一是… run, whose restart
    is what tells one implied section from the next).
    """
    nodes: list[Node] = []
    number_all = any(_numbered(i) for i in items) and not keep
    for k, item in enumerate(items, 1):
        first, *rest = item.text.split("\n") or [""]
        if number_all:
            marker = marker_for(level, k)
        elif item.marker:  # a schedule label (1月：) or another unnumbered form, kept as written
            marker = item.marker
        else:
            marker = ""
        nodes.append(Node(level, marker, first.strip(), [r.strip() for r in rest if r.strip()], item, section))
        nodes.extend(_item_nodes(item.children, level + 1, section))
    return nodes


def regroup_by_domain(plan: Plan) -> list[Section]:
    """One section per primary domain (in order of first appearance), holding the top-level items of that domain."""
    from planparse.classify.taxonomy import domain_names

    names = domain_names()
    groups: dict[str, list[Item]] = {}
    for section in plan.sections:
        for item in section.items:
            domain = (item.domains or section.domains or ["other"])[0]
            groups.setdefault(domain, []).append(item)
    return [Section(title=names.get(d, d), domains=[d], items=items) for d, items in groups.items()]


def outline(plan: Plan, group_by: str | None = None) -> OutlinePlan:
    if group_by not in GROUPINGS:
        raise InputError(f"unknown grouping {group_by!r}; choose domain or nothing")
    sections = regroup_by_domain(plan) if group_by == "domain" else plan.sections
    nodes: list[Node] = []
    number = 0
    for section in sections:
        label = section.title
        if section.implied and not section.title:
            # A heading the source lost stays lost: its items follow the previous heading's level.
            nodes.extend(_item_nodes(section.items, 2, "", keep=True))
            continue
        number += 1
        nodes.append(Node(1, marker_for(1, number), section.title.strip(), [], None, label))
        if section.intro.strip() and group_by is None:
            nodes[-1].body = [p.strip() for p in section.intro.split("\n") if p.strip()]
        nodes.extend(_item_nodes(section.items, 2, label))
    return OutlinePlan(plan.title, plan.preamble, nodes, plan.closing, plan.signature)


def _placeholders() -> re.Pattern:
    """The placeholder rules of noise.toml, the same ones that flag PlanCollection.placeholders when cleaning."""
    from planparse.text.noise import noise_rules

    return noise_rules().placeholder_any


def placeholder_pieces(text: str) -> list[tuple[str, bool]]:
    """Text split into (piece, is_placeholder)."""
    out, pos = [], 0
    for m in _placeholders().finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


_pieces = placeholder_pieces


def xml_safe(text: str) -> str:
    """Characters XML 1.0 cannot hold (C0 controls but tab and newline) shown escaped (\\x01) instead of
    failing the whole .docx/.xlsx; cleaning normally removes them before this."""
    from planparse.safe_io import printable

    return _XML_ILLEGAL.sub(lambda m: printable(m.group(0)), text)


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# --- docx ---------------------------------------------------------------------------------------
# GB/T 9704-2012: title 2号 小标宋, body 3号 仿宋; level 1 黑体, level 2 楷体, level 3 仿宋 bold.
TITLE_FONT, BODY_FONT = "方正小标宋简体", "仿宋_GB2312"
LEVEL_FONTS = {1: ("黑体", False), 2: ("楷体_GB2312", False), 3: (BODY_FONT, True)}
TITLE_SIZE, BODY_SIZE = 22, 16


def _set_font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)  # Chinese text takes the East Asian font, not w:ascii


def level_font(level: int) -> tuple[str, bool]:
    """(font, bold) of a first line at outline ``level`` (1 section heading, 2 item, 3 child, deeper: body)."""
    return LEVEL_FONTS.get(level, (BODY_FONT, False))


def new_document():
    """An empty python-docx Document with the GB/T 9704 page: A4, margins 37/35/28/26 mm."""
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    return doc


def format_paragraph(para, size: float = BODY_SIZE, indent: bool = True, align=None) -> None:
    """GB/T 9704 paragraph format: first line indented two characters, fixed 28 pt lines, no spacing."""
    from docx.shared import Pt

    fmt = para.paragraph_format
    fmt.first_line_indent = Pt(size * 2) if indent else None  # 首行缩进两字
    fmt.line_spacing = Pt(28)  # GB/T 9704: 22 lines of 28 characters per page
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        para.alignment = align


@lru_cache(maxsize=64)
def _run_template(font: str, size: float, bold: bool):
    """An empty ``w:r`` carrying the ``w:rPr`` of _set_font, built once per style.

    Each run is a copy of it: python-docx's font setters cost ~0.6 ms a run and a diff's Word redline has
    several runs per paragraph (~10,000 for 2,000 reworded measures); a copy costs a few microseconds.
    """
    from docx.oxml import OxmlElement
    from docx.text.run import Run

    r = OxmlElement("w:r")
    _set_font(Run(r, None), font, size, bold)
    return r


def add_runs(para, pieces: list[tuple[str, bool]], font: str, bold: bool, size: float = BODY_SIZE) -> list:
    """Runs of (text, is_placeholder) pieces in ``font``; placeholders highlighted; text made XML-safe."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.text.run import Run

    runs = []
    template = _run_template(font, size, bold)
    for text, flagged in pieces:
        if not text:
            continue
        r = deepcopy(template)
        para._p.append(r)
        run = Run(r, para)
        run.text = xml_safe(text)  # python-docx writes tabs as w:tab, breaks as w:br
        if flagged:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        runs.append(run)
    return runs


def _paragraph(doc, pieces: list[tuple[str, bool]], font: str, bold: bool, size: float = BODY_SIZE,
               indent: bool = True, align=None):
    para = doc.add_paragraph()
    format_paragraph(para, size, indent, align)
    add_runs(para, pieces, font, bold, size)
    return para


def to_docx(col: PlanCollection, out: str | Path, group_by: str | None = None) -> Path:
    """Write a clean GB/T 9704-style .docx of every plan in the collection."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    if not col.plans:
        raise InputError(f"{col.source or 'the input'}: no plan to export")
    doc = new_document()
    for index, plan in enumerate(col.plans):
        shape = outline(plan, group_by)
        if index:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        # A page of several plans: the separator line ("【篇2】学校工会工作计划") is what tells them apart.
        headings = [shape.title]
        if plan.separator_text:
            headings = [plan.separator_text] if shape.title in plan.separator_text else [plan.separator_text, shape.title]
        for heading in filter(None, headings):
            _paragraph(doc, _pieces(heading), TITLE_FONT, False, TITLE_SIZE, indent=False,
                       align=WD_ALIGN_PARAGRAPH.CENTER)
        for text in filter(None, (p.strip() for p in shape.preamble.split("\n"))):
            _paragraph(doc, _pieces(text), BODY_FONT, False)
        for node in shape.nodes:
            font, bold = level_font(node.level)
            _paragraph(doc, _pieces(node.marker + node.text), font, bold)
            for extra in node.body:
                _paragraph(doc, _pieces(extra), BODY_FONT, False)
        for text in filter(None, (p.strip() for p in shape.closing.split("\n"))):
            _paragraph(doc, _pieces(text), BODY_FONT, False)
        for text in filter(None, (p.strip() for p in shape.signature.split("\n"))):
            _paragraph(doc, [(text, False)], BODY_FONT, False, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = Path(out)
    with atomic_target(out) as tmp:
        doc.save(str(tmp))
    return out


# --- markdown -----------------------------------------------------------------------------------
def to_markdown(col: PlanCollection, group_by: str | None = None) -> str:
    """Markdown with the regenerated GB/T numbering; placeholders in ==marks==.

    Document text is data: HTML, links, emphasis and line-start syntax in it are escaped (see
    ``planparse.safe_io.markdown_text``), so ``<script>`` and ``[x](javascript:…)`` stay text and
    ``开展活动**次`` keeps its two stars.
    """

    def mark(text: str, continues: bool = False) -> str:
        return "".join(f"=={markdown_text(t, True)}==" if flagged else markdown_text(t, continues or k > 0)
                       for k, (t, flagged) in enumerate(_pieces(text)))

    out: list[str] = []
    for plan in col.plans:
        shape = outline(plan, group_by)
        out += [f"# {mark(shape.title, True) or '(untitled plan)'}", ""]
        if shape.preamble.strip():
            out += [mark(shape.preamble.strip()), ""]
        for node in shape.nodes:
            if node.level == 1:
                if out and out[-1]:
                    out.append("")
                out += [f"## {markdown_text(node.marker, True)}{mark(node.text, True)}", ""]
                out += [line for b in node.body for line in (mark(b), "")]
                continue
            indent = "  " * (node.level - 2)
            out.append(f"{indent}- {markdown_text(node.marker, True)}{mark(node.text, True)}")
            out += [f"{indent}  {mark(b)}" for b in node.body]
        out.append("")
        if shape.closing.strip():
            out += [mark(shape.closing.strip()), ""]
        if shape.signature.strip():
            out += [markdown_text(line) + "  " for line in shape.signature.strip().split("\n")] + [""]
    return "\n".join(out).rstrip() + "\n"


# --- xlsx ---------------------------------------------------------------------------------------
XLSX_COLUMNS = ("plan", "section", "path", "marker", "measure", "parent", "domains", "targets", "placeholders")


def measure_rows(col: PlanCollection) -> list[dict]:
    """One row per measure: every item without children (a sub-heading with children is context, not a measure)."""
    from planparse.plandiff.targets import extract_targets, word_starts

    placeholders = _placeholders()
    rows = []
    for p_index, plan in enumerate(col.plans):
        headings: dict[str, str] = {}  # path of an item with children -> its first line, the context of its measures
        for section, item, path in plan.iter_items():
            if item.children:
                headings[path] = f"{item.marker or ''}{item.text.split(chr(10))[0]}"
                continue
            rows.append({
                "plan": p_index + 1, "section": "(implied)" if section.implied and not section.title else section.label,
                "path": path, "marker": item.marker or "", "measure": item.text,
                "parent": headings.get(path.rpartition("/")[0], ""), "domains": ", ".join(item.domains),
                # each target with what it measures: "技能培训 八百人次；服务站 十家" (plandiff.targets; word
                # starts as the diff reads them, so a numeral or action inside a word is no boundary)
                "targets": "；".join(f"{t.indicator} {t.text}" for t in extract_targets(item.text, word_starts(item.text))),
                "placeholders": " ".join(m.group(0) for m in placeholders.finditer(item.text)),
            })
    return rows


def to_xlsx(col: PlanCollection, out: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "措施"
    ws.append(list(XLSX_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    highlight = PatternFill("solid", fgColor="FFFF00")
    rows = measure_rows(col)
    for row in rows:
        _append(ws, [row[c] for c in XLSX_COLUMNS])
        if row["placeholders"]:
            ws.cell(ws.max_row, XLSX_COLUMNS.index("measure") + 1).fill = highlight
    widths = {"plan": 6, "section": 28, "path": 9, "marker": 7, "measure": 70, "parent": 24, "domains": 24,
              "targets": 30, "placeholders": 12}
    for k, name in enumerate(XLSX_COLUMNS, 1):
        ws.column_dimensions[get_column_letter(k)].width = widths[name]
    for cells in ws.iter_rows(min_row=2):
        cells[XLSX_COLUMNS.index("measure")].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    plans = wb.create_sheet("计划")
    plans.append(["plan", "title", "year", "organization", "sections", "measures"])
    measures_per_plan = Counter(row["plan"] for row in rows)
    for k, plan in enumerate(col.plans, 1):
        _append(plans, [k, plan.title, plan.year, plan.organization, len(plan.sections), measures_per_plan[k]])
    out = Path(out)
    with atomic_target(out) as tmp:
        wb.save(str(tmp))
    return out


_FORMULA_START = ("=", "+", "-", "@")


def _append(ws, values: list) -> None:
    """Append a row; document text is written as text, never as a formula or an error value.

    openpyxl reads a string starting with ``=`` as a formula (``=HYPERLINK(…)`` would be live) and
    ``#N/A`` as an error: every string cell gets the string type, and one starting with ``= + - @`` also
    Excel's quote prefix, so editing the cell does not turn it into a formula either.
    """
    ws.append([xml_safe(v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(_FORMULA_START):
                cell.quotePrefix = True


def export(col: PlanCollection, to: str, out: str | Path | None = None, group_by: str | None = None) -> Path | str:
    """Export to ``to`` (docx | md | xlsx). Markdown is returned as text when ``out`` is None.

    The file is written atomically (a temporary file beside ``out``, renamed when complete) and never
    onto the collection's own source file (OutputError naming it).
    """
    if out is not None and col.source and Path(col.source).exists():
        refuse_input(out, [col.source])
    if to == "docx":
        return to_docx(col, out, group_by)
    if to == "xlsx":
        return to_xlsx(col, out)
    if to == "md":
        text = to_markdown(col, group_by)
        if out is None:
            return text
        return atomic_write(out, text)
    raise InputError(f"unknown export format {to!r}; choose docx, md or xlsx")
