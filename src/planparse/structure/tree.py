"""Tree building: units → plans → sections → items, with implied sections, intro and closing.

The rules are json-contract.md's: a plan's top level is the highest numbering family it uses; deeper
families nest by order of appearance; unnumbered paragraphs before a section's first item are its intro,
after the last item of the last section the plan's closing; inline runs become items or children.
"""

from __future__ import annotations

import bisect
import hashlib
from functools import lru_cache
from importlib import resources
from dataclasses import dataclass, field

from planparse.clean import CleanDocument
from planparse.model import Item, Plan, PlanCollection, Provenance, Section
from planparse.text.lexicon import char_set
from planparse.text.normalize import match_forms
from planparse.text import lines
from planparse.text.markers import INLINE_FAMILIES, RANK, Marker
from planparse.structure.outline import Decision, decide_top, family_rank, structural_family
from planparse.structure.joins import rejoin_lines
from planparse.structure.viewer import remove_viewer_counters
from planparse.structure.segment import LOST_NEWLINES_LENGTH, RunNode, Unit, make_units, nest_runs

_LISTED = ("schedule", "schedule_row", "field", "table_row")  # items that count as unnumbered for the rules
# An item's text ending in one of these is a finished statement (data/lexicon.toml [punctuation]); the join pass's line
# end is the same class plus the colon, since a line ending in ： is finished but its item still expects a body.
_SENTENCE_END = char_set("sentence_break", "ellipsis", "closing", "decimal_point")


def _provenance(source: str | None, block: int | None, start: int | None, end: int | None) -> dict:
    """A node's provenance as the fields of a Provenance: the model builds it while validating the node,
    in one call instead of two (a parse makes one per item)."""
    return {"source": source, "block": block, "start": start, "end": end}


def _set_id(node: Section | Item, value: str) -> None:
    """``node.id = value`` as pydantic's own assignment does it for a plain field (the model has no assignment
    validation): the value into the instance dict, the name into the fields set. A parse sets one id per node;
    going through BaseModel.__setattr__ cost two Python calls each."""
    node.__dict__["id"] = value
    node.__pydantic_fields_set__.add("id")


def _marker_text(marker: Marker | None) -> str | None:
    return marker.text if marker is not None and marker.text else None


@dataclass(slots=True)
class _Open:
    family: str
    number: int | None
    item: Item


@dataclass
class _SectionBuilder:
    section: Section
    source: str | None
    stack: list[_Open] = field(default_factory=list)
    pending: set[int] = field(default_factory=set)  # ids of unnumbered paragraph items before the first item
    numbered: bool = False
    # paragraphs appended to an item: (item, its text before, the paragraph, its child count before)
    trailing: list[tuple[Item, str, Unit, int]] = field(default_factory=list)
    bodied: int = 0  # items (before the current one) that had body paragraphs: they are sub-headings

    # -- items -----------------------------------------------------------------------------------
    def _prov(self, unit: Unit, start: int = 0, end: int | None = None) -> dict:
        s, e = unit.span(start, end)
        return _provenance(self.source, unit.block.index, s, e)

    def _run_item(self, unit: Unit, node: RunNode) -> Item:
        text = unit.text[node.marker.end : node.end].strip()
        return Item(
            marker=node.marker.text,
            number=node.marker.number,
            text=text,
            children=[self._run_item(unit, c) for c in node.children],
            provenance=self._prov(unit, node.start, node.stop),
        )

    def _place(self, family: str, number: int | None, item: Item) -> None:
        if family_rank(family) < RANK["digit"]:
            # An inline run member (四是…, 第三，…) never hosts a heading-rank line: "（一）" after "四是…" is
            # the next sub-heading. Lower ranks (1. (1) ①) may be the run member's own list.
            while self.stack and self.stack[-1].family in INLINE_FAMILIES:
                self.stack.pop()
        stack = self.stack
        for i in range(len(stack) - 1, -1, -1):  # the innermost open level of this family closes, with those below
            if stack[i].family == family:
                del stack[i:]
                break
        siblings = self.stack[-1].item.children if self.stack else self.section.items
        siblings.append(item)
        self.stack.append(_Open(family, number, item))
        self.numbered = True
        self._end_body()

    def _end_body(self) -> None:
        self.bodied += bool(self.trailing)
        self.trailing = []

    def add_numbered(self, unit: Unit) -> None:
        marker = unit.marker
        assert marker is not None
        runs = unit.runs()
        if marker.family in INLINE_FAMILIES:
            # A paragraph that opens with 一是: its inline siblings continue the same run.
            head = Marker(marker.family, marker.number, marker.text, marker.start, marker.end)
            for node in nest_runs([head, *runs], len(unit.text), unit.text):
                self._place(node.marker.family, node.marker.number, self._run_item(unit, node))
            return
        end = runs[0].start if runs else len(unit.text)
        item = Item(
            marker=_marker_text(marker),
            number=marker.number,
            text=unit.text[marker.end : end].strip(),
            kind="table_row" if unit.kind == "table_row" else "item",
            provenance=self._prov(unit),
            children=[self._run_item(unit, n) for n in nest_runs(runs, len(unit.text), unit.text)],
        )
        self._place(marker.family, marker.number, item)

    def add_listed(self, unit: Unit) -> None:
        """Schedule lines, field labels and table rows: items of the section, unnumbered for the rules."""
        kind = {"schedule": "schedule", "schedule_row": "schedule", "field": "field", "table_row": "table_row"}.get(
            unit.kind, "paragraph"
        )
        # A field label (活动时间：) is no numbering: the item keeps it in its text, unmarked, as kind "field".
        marker = unit.schedule
        text = unit.text[len(marker) :].strip() if marker and unit.text.startswith(marker) else unit.text
        item = Item(marker=marker, kind=kind, text=text, provenance=self._prov(unit))
        self.section.items.append(item)
        self.stack = []
        self._end_body()
        if kind == "schedule" and marker and (not text or marker[-1] in _COLON):
            # A month label ("4月份", "3月：") heads its own numbered list: the list is its children.
            self.stack.append(_Open("schedule", None, item))

    def add_paragraph(self, unit: Unit, text_start: int = 0) -> None:
        runs = [r for r in unit.runs() if r.start >= text_start]
        end = runs[0].start if runs else len(unit.text)
        head = unit.text[text_start:end].strip()
        host = self.stack[-1].item if self.stack else None
        if host is None:
            if head:
                item = Item(kind="paragraph", text=head, provenance=self._prov(unit, text_start, end))
                self.section.items.append(item)
                if not self.numbered:
                    self.pending.add(id(item))
            for node in nest_runs(runs, len(unit.text), unit.text):
                self._place(node.marker.family, node.marker.number, self._run_item(unit, node))
            return
        # A body paragraph under a numbered item belongs to that item; its inline runs are children.
        if head:
            before = host.text
            host.text = f"{host.text}\n{head}" if host.text else head
            self.trailing.append((host, before, unit, len(host.children)))
        for node in nest_runs(runs, len(unit.text), unit.text):
            host.children.append(self._run_item(unit, node))

    def finish(self, is_last: bool) -> list[str]:
        """Settle intro and return paragraphs that belong to the plan's closing (last section only).

        When the section's earlier items were sub-headings with body paragraphs, the paragraphs after
        its last item are that item's body up to a closing opener ("总之", "各位代表！", "新的一年"…).
        """
        items = self.section.items
        if self.numbered:
            intro = []
            while items and id(items[0]) in self.pending:
                intro.append(items.pop(0).text)
            if intro:
                self.section.intro = "\n".join(filter(None, [self.section.intro, *intro]))
        closing: list[str] = []
        if is_last and self.trailing and self.bodied:
            start = next((i for i, t in enumerate(self.trailing) if lines.is_closing_opener(t[2].text)), None)
            if start is not None:
                closing = self._to_closing(start)
        elif is_last and self.trailing:
            _host, before, _unit, _children = self.trailing[0]
            if before and (before[-1] in _SENTENCE_END or len(before) > 40):
                closing = self._to_closing(0)
        if is_last and not closing:
            closing = self._attachments_to_closing()
        return closing

    def _attachments_to_closing(self) -> list[str]:
        """Attachment lines at the very end of the plan (附件：…预算表) are its closing, not measures: the
        trailing body paragraphs of the last item from the first one, or unnumbered items at the end."""
        start = next((i for i, t in enumerate(self.trailing) if lines.is_attachment_line(t[2].text)), None)
        if start is not None:
            return self._to_closing(start)
        items, tail = self.section.items, []
        while (items and items[-1].marker is None and not items[-1].children
               and lines.is_attachment_line(items[-1].text)):
            tail.append(items.pop().text)
        return tail[::-1]

    def _to_closing(self, start: int) -> list[str]:
        """Take the trailing paragraphs from ``start`` off their item (text and the runs they added)."""
        host, before, _unit, children = self.trailing[start]
        host.text = before
        del host.children[children:]
        return [t[2].text for t in self.trailing[start:]]


@lru_cache(maxsize=1)
def _known_headings() -> tuple[str, ...]:
    text = resources.files("planparse.data").joinpath("headings.txt").read_text("utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(sorted(lines, key=len, reverse=True))  # longest first: 具体工作安排 before 工作安排


def _split_heading(unit: Unit) -> int:
    """Where a section heading's title ends inside its unit (the rest is body text that lost its newline)."""
    text, body = unit.text, unit.body_start
    rest = text[body:]
    fused = len(unit.block.text) >= LOST_NEWLINES_LENGTH
    known = fused and next((h for h in _known_headings() if rest.startswith(h) and len(rest) > len(h) + 4), None)
    if known and rest[len(known)] not in _CLAUSE_OR_LIST:
        return body + len(known)  # "一、总体要求以…": a known heading ran into its body
    for i, ch in enumerate(rest[:26]):
        if ch in " \t\u3000" and i >= 2 and rest[i:].strip() and not _between_digits(rest, i):
            return body + i
        if ch in _CLAUSE:
            break
    if len(rest) <= 40:
        return len(text)
    for i, ch in enumerate(rest[:60]):
        if ch in _TITLE_END:
            return body + i + 1
    return len(text)


_COLON = char_set("colon")
_CLAUSE = char_set("sentence_break", "comma")  # a heading title is one phrase: these end it
_CLAUSE_OR_LIST = char_set("clause_end", "comma", "list_comma")  # a known heading followed by one stands alone
_TITLE_END = char_set("sentence_end", "colon")  # a long heading's title ends at its first full stop or colon
_FULL_STOP = char_set("sentence_end")


# How far down the lines before a plan's first numbered line its title may sit (a site name, a category line
# or an intro may come first).
TITLE_SEARCH = 4


def _title_position(units: list[Unit]) -> int | None:
    """Where the plan's title is among its first unnumbered lines: the last title-like line that names the year
    or the organization ("医院工会工作计划" above "仁济医院工会2025年度工作计划"; a headline above the plan's own
    title), else the first title-like line; without one, a headline on the first line."""
    candidates = []
    for k, unit in enumerate(units[:TITLE_SEARCH]):
        if unit.marker is not None or unit.kind != "paragraph":
            break
        if lines.is_title_like(unit.text):
            candidates.append(k)

    def specific(k: int) -> bool:
        text = units[k].text
        return lines.year_of(text) is not None or lines.organization_from_title(text) is not None

    if not candidates:
        far = _title_above_body(units, specific)
        if far is not None:
            return far
        # No line names a plan: a news page's headline (a body and a year in one short phrase) above prose
        headline = (units and units[0].marker is None and units[0].kind == "paragraph" and len(units) > 1
                    and units[1].marker is None and lines.is_headline(units[0].text))
        return 0 if headline else None

    # A news headline reporting the plan (镇总工会印发2025年工作要点) gives way to the plan's own title below it;
    # of several that name a year or a body, the one nearest the text is the plan's own (a page's headline or
    # a collection's title stands above it).
    candidates = [k for k in candidates if not lines.reports_act(units[k].text)] or candidates
    return next((k for k in reversed(candidates) if specific(k)), candidates[0])


# How far down a title may sit when the page talks before the plan (a Q&A page's question and byline, a chat
# answer's lead-in), and how many lead paragraphs may stand between it and the plan's first numbered line.
TITLE_SEARCH_FAR = 12
TITLE_LEADS = 1


def _title_above_body(units: list[Unit], specific) -> int | None:
    """Below TITLE_SEARCH lines of talk, the title-like line naming a year or a body right above the plan's text
    (at most TITLE_LEADS lead paragraphs between it and the first numbered line) is the plan's title."""
    first = next((k for k, unit in enumerate(units[:TITLE_SEARCH_FAR]) if unit.marker is not None
                  or unit.kind != "paragraph"), None)
    if first is None:
        return None
    for k in range(first - 1, max(first - 2 - TITLE_LEADS, TITLE_SEARCH - 1), -1):
        text = units[k].text
        if lines.is_title_like(text) and specific(k) and not lines.reports_act(text):
            return k
    return None


def _restarts_inline_run(unit: Unit) -> bool:
    if unit.marker is not None or unit.kind != "paragraph":
        return False
    runs = unit.runs()
    return len(runs) >= 2 and runs[0].number == 1 and runs[0].family == "shi"


def _is_heading_line(unit: Unit) -> bool:
    return unit.marker is None and unit.kind == "paragraph" and len(unit.text) <= 40 and unit.text[-1] not in _CLAUSE


def _between_digits(text: str, i: int) -> bool:
    """A space inside a spaced-out number ("1 9 9 8 年") is not the end of a heading."""
    return text[i - 1].isdigit() or (i + 1 < len(text) and text[i + 1].isdigit())


def _section_from(unit: Unit, source: str | None) -> tuple[Section, int]:
    cut = _split_heading(unit)
    s, e = unit.span(0, len(unit.text))
    section = Section(
        marker=_marker_text(unit.marker),
        number=unit.marker.number if unit.marker else None,
        title=unit.text[unit.body_start : cut].strip(),
        provenance=_provenance(source, unit.block.index, s, e),
    )
    return section, cut


def _implied(unit: Unit, source: str | None) -> Section:
    s, _e = unit.span(0, 0)
    return Section(implied=True, provenance=_provenance(source, unit.block.index, s, s))


# A plan may set its section headings apart by type alone (bold in the source, lost in the text): 工作目标 /
# 主要措施 / 保障措施 on lines of their own. They are its sections when there are at least this many and no
# 一、 or （一） numbering above them.
BARE_HEADINGS_MIN = 2
_BARE_HEADING_RANK_BELOW = RANK["digit"]  # families that may sit under a bare heading: 1、 and deeper


def _bare_heading(unit: Unit) -> bool:
    if unit.marker is not None or unit.kind != "paragraph" or unit.heading_level:
        return False
    text = unit.text.strip().rstrip("：:")
    return len(text) <= 8 and text in _known_heading_set()


@lru_cache(maxsize=1)
def _known_heading_set() -> frozenset[str]:
    return frozenset(_known_headings())


def _mark_bare_headings(units: list[Unit], explain: list[Decision] | None) -> None:
    """Known heading lines without a marker (工作目标 / 主要措施 / 保障措施) become level-1 headings, as a Word
    heading style would make them, when a plan has BARE_HEADINGS_MIN of them, the first above every numbered line,
    and no numbering above 1、."""
    bare = [k for k, unit in enumerate(units) if _bare_heading(unit)]
    if len(bare) < BARE_HEADINGS_MIN:
        return
    numbered = [k for k, unit in enumerate(units) if unit.marker is not None or unit.heading_level]
    if numbered and numbered[0] < bare[0]:
        return
    if any(family_rank(structural_family(units[k]) or "") < _BARE_HEADING_RANK_BELOW for k in numbered):
        return
    for k in bare:
        units[k].heading_level = 1
        if explain is not None:
            explain.append(Decision(units[k].block.index + 1, units[k].text.strip(), "section",
                                    "a known heading on a line of its own; the plan's headings carry no numbers"))


def _build_sections(
    units: list[Unit], source: str | None, explain: list[Decision] | None = None
) -> tuple[list[str], list[Section], list[str]]:
    """Returns (preamble paragraphs, sections, closing paragraphs)."""
    _mark_bare_headings(units, explain)
    outline = decide_top(units, explain is not None)
    if explain is not None:
        explain.extend(outline.decisions)
    top = outline.top
    shi_mode = top is None and any(u.marker and u.marker.family == "shi" for u in units)
    preamble: list[str] = []
    title_next = False
    builders: list[_SectionBuilder] = []
    current: _SectionBuilder | None = None
    for unit in units:
        family = structural_family(unit)
        if outline.is_section(unit, family):
            section, cut = _section_from(unit, source)
            current = _SectionBuilder(section, source)
            builders.append(current)
            if cut < len(unit.text):
                current.add_paragraph(unit, cut)
            elif not section.title:
                title_next = True  # a numeral alone on its line ("一"): the heading's title is the next line
            continue
        if title_next and current is not None and _is_heading_line(unit):
            current.section.title = unit.text
            title_next = False
            continue
        title_next = False
        if shi_mode and unit.marker and unit.marker.family == "shi" and unit.marker.number == 1:
            current = _SectionBuilder(_implied(unit, source), source)
            builders.append(current)
        elif top is None and current is not None and current.numbered and _restarts_inline_run(unit):
            # "…方面，一是…二是…" after a finished 一是…十是 run: each restart of 一是 is a new implied section
            current = _SectionBuilder(_implied(unit, source), source)
            builders.append(current)
        if current is None:
            numbered = unit.marker is not None or unit.kind in _LISTED
            if not numbered and (top is not None or shi_mode or not unit.runs()):
                if top is None and not shi_mode and preamble:
                    pass  # a plan with no numbering at all: later paragraphs become items below
                else:
                    preamble.append(unit.text)
                    continue
            current = _SectionBuilder(_implied(unit, source), source)
            builders.append(current)
        if unit.marker is not None:
            current.add_numbered(unit)
        elif unit.kind == "field" and current.stack:
            current.add_paragraph(unit)  # "比赛时间：…" under "（一）拔河比赛" is that item's body
        elif unit.kind in _LISTED:
            current.add_listed(unit)
        else:
            current.add_paragraph(unit)
    closing: list[str] = []
    for i, b in enumerate(builders):
        closing = b.finish(i == len(builders) - 1) or closing
    return preamble, [b.section for b in builders], closing


def _assign_ids(plan: Plan) -> None:
    """Stable ids from normalised text (and occurrence order among equal texts), so years can be compared."""
    kinds: list[str] = []
    nodes: list[Section | Item] = []
    texts: list[str] = []
    for section in plan.sections:
        kinds.append("s")
        nodes.append(section)
        texts.append(section.title or section.intro[:40])
        stack = section.items[::-1]  # every item at every depth, in document order
        while stack:
            item = stack.pop()
            kinds.append("i")
            nodes.append(item)
            texts.append(item.text)
            stack.extend(reversed(item.children))
    seen: dict[str, int] = {}
    blake2b = hashlib.blake2b
    for kind, node, form in zip(kinds, nodes, match_forms(texts)):
        digest = blake2b(f"{kind}|{form}".encode(), digest_size=6).hexdigest()
        count = seen[digest] = seen.get(digest, 0) + 1
        _set_id(node, digest if count == 1 else f"{digest}-{count}")


def _make_plan(
    units: list[Unit], source: str | None, separator: Unit | None, page_title: str,
    explain: list[Decision] | None = None, heading_above: Unit | None = None,
) -> Plan:
    title = named = ""
    label = None
    if separator is not None:
        named = lines.separator_title(separator.text)
        label = lines.separator_label(separator.text.removesuffix(named) if named else separator.text)
        # "【篇2】企业工会工作计划" keeps its label in the title, as "企业工会工作计划篇二" does
        title = separator.text.strip()
        bare = not named and len(title) <= 8
        if bare and units and units[0].marker is None and lines.is_title_like(units[0].text):
            title = units.pop(0).text
        elif bare and heading_above is not None and separator.marker is not None:
            title = heading_above.text  # "…工作计划" / "（一）": the page names the plan above a lone marker
    else:
        at = _title_position(units)
        if at is not None:
            title = units.pop(at).text
    signature: list[str] = []
    while units and len(signature) < 3 and units[-1].marker is None and lines.is_signature_line(units[-1].text):
        signature.insert(0, units.pop().text)
    preamble, sections, closing = _build_sections(units, source, explain)
    first = separator or (units[0] if units else None)
    span = first.span(0, 0) if first else (None, None)
    plan = Plan(
        title=title,
        separator=label,
        separator_text=separator.text if separator is not None else None,
        preamble="\n".join(preamble),
        closing="\n".join(closing),
        signature="\n".join(signature),
        date=next((s for s in signature if lines.is_date_line(s)), None),
        sections=sections,
        provenance=Provenance(source=source, block=first.block.index if first else None, start=span[0]),
    )
    plan.year = lines.plan_year_of(title) or _body_year(plan)
    plan.organization = lines.organization_from_title(named or title) or next(
        (s for s in signature if not lines.is_date_line(s)), None
    ) or lines.organization_from_title(page_title)
    _assign_ids(plan)
    return plan


def _body_year(plan: Plan) -> int | None:
    """The year of a plan whose title names none: the first year of its preamble, intros, closing or date,
    else the year of the first full date in its measures (an activity plan's 活动时间 item: 2025年1月18日上午;
    a year alone in a measure may name any year: 到2020年)."""
    for text in [plan.preamble, *(s.intro for s in plan.sections), plan.closing, plan.date or ""]:
        year = lines.year_of(text)
        if year:
            return year
    for section in plan.sections:
        for item in section.items:
            year = lines.date_year_of(item.text)
            if year:
                return year
    return None


def _flag_truncated(plans: list[Plan], doc: CleanDocument) -> None:
    """A truncation marker ("(开头部分已省略664字)") means the plan it sat in is incomplete."""
    starts = [p.provenance.start or 0 for p in plans]
    for removal in doc.removals:
        if removal.kind == "truncation" and plans:
            plans[max(0, bisect.bisect_right(starts, removal.start) - 1)].truncated = True


# A plan whose preamble holds this share of its text (and that is long enough to matter) was likely not
# understood: its headings may be unnumbered or in a form the grammar does not know.
UNSTRUCTURED_SHARE = 0.5
UNSTRUCTURED_MIN_CHARS = 400


def _unstructured_warning(number: int, plan: Plan) -> str | None:
    """A per-plan confidence warning: much of the text stayed outside any section."""
    structured = sum(len(s.title) + len(s.intro) for s in plan.sections)
    stack = [item for s in plan.sections for item in s.items]  # every item at every depth (no paths needed)
    while stack:
        item = stack.pop()
        structured += len(item.text)
        stack.extend(item.children)
    loose = len(plan.preamble)
    total = structured + loose + len(plan.closing)
    if total < UNSTRUCTURED_MIN_CHARS or loose < UNSTRUCTURED_SHARE * total:
        return None
    return (
        f"plan {number} ({plan.title or 'untitled'}): {round(100 * loose / total)}% of its text is in the preamble, "
        "outside any section; check its outline (planparse parse --explain says why each line was read as it was)"
    )


def _is_lone_separator(units: list[Unit], i: int) -> bool:
    """"（一）" alone on its line, followed by a plan whose own numbering ranks higher (一、), separates plans.

    A lone marker that heads deeper or equal numbering is a heading whose title sits on the next line.
    """
    unit = units[i]
    if unit.marker is None or unit.marker.family != "cn_paren" or unit.body.strip():
        return False
    following = next((u for u in units[i + 1 :] if u.marker is not None), None)
    return following is not None and following.marker.rank < unit.marker.rank


def _is_contents_line(unit: Unit) -> bool:
    """A page's table of contents before its first plan: "【2】工会春游活动方案", a marker and a plan title."""
    return unit.marker is not None and lines.is_title_like(unit.body) and len(unit.body) <= 30


# How far below a plan's title its numbering may start: a byline, a lead paragraph or two.
NEW_PLAN_REACH = 6


def _titles_a_new_plan(units: list[Unit], i: int) -> bool:
    """A page that shows two documents one after the other, with no 篇二 between them: a title line naming a
    plan, right after the signature or date that closed the plan above, whose numbering restarts at 1 below
    it in the family the page opened its numbering with; or a title that dates its plan (蓼滩镇2025年职工文体
    活动安排), after a finished sentence, with a new list right below it (a schedule line or a number 1)."""
    unit = units[i]
    if unit.marker is not None or unit.kind != "paragraph" or not lines.is_title_like(unit.text):
        return False
    if not lines.is_signature_line(units[i - 1].text):
        return _dated_title_over_a_new_list(units, i)
    return _restarts(units[i + 1 : i + 1 + NEW_PLAN_REACH], _first_numbering(units, i))


def _first_numbering(units: list[Unit], i: int) -> Marker | None:
    """The first line-level marker above unit ``i``: the family the page opened its numbering with."""
    return next((u.marker for u in units[:i] if u.marker is not None and u.marker.family not in INLINE_FAMILIES), None)


def _restarts(below: list[Unit], first: Marker | None) -> bool:
    """The family of ``first`` restarts at 1 among the units ``below`` a title (within NEW_PLAN_REACH of it)."""
    return first is not None and any(u.marker is not None and u.marker.family == first.family and u.marker.number == 1
                                     for u in below)


def _dated_title_over_a_new_list(units: list[Unit], i: int) -> bool:
    above, below = units[i - 1], units[i + 1] if i + 1 < len(units) else None
    if below is None or lines.plan_year_of(units[i].text) is None or above.text[-1:] not in _FULL_STOP:
        return False
    # a first plan above it: numbering already seen (a Q&A page's question and answer above a title are no plan)
    first = _first_numbering(units, i)
    if first is None and not any(u.kind == "schedule" for u in units[:i]):
        return False
    if below.kind == "schedule" or (below.marker is not None and below.marker.number == 1
                                    and below.marker.family not in INLINE_FAMILIES):
        return True
    # or a lead paragraph, then the page's first numbering restarting at 1 (a summary after a plan)
    return below.marker is None and _restarts(units[i + 2 : i + 1 + NEW_PLAN_REACH], first)


def build(doc: CleanDocument, explain: list[Decision] | None = None) -> PlanCollection:
    """Build the plans of a cleaned document; ``explain`` collects why each candidate heading was taken."""
    raw = doc.raw
    rejoin_lines(doc)
    remove_viewer_counters(doc, explain)
    units = make_units(doc.blocks)
    separators = [
        i for i, u in enumerate(units)
        if (u.marker is None and lines.is_separator(u.text)) or _is_lone_separator(units, i)
    ]
    plans: list[Plan] = []
    page_title, page_intro = "", []
    if separators:
        head = units[: separators[0]]
        if any(u.marker is not None and not _is_contents_line(u) for u in head):
            plans.append(_make_plan(head, raw.source, None, "", explain))
        else:
            for u in head:
                if not page_title and lines.is_title_like(u.text):
                    page_title = u.text
                else:
                    page_intro.append(u.text)
        bounds = separators + [len(units)]
        above = head[-1] if head and head[-1].marker is None and lines.is_title_like(head[-1].text) else None
        for a, b in zip(bounds, bounds[1:]):
            plans.append(_make_plan(units[a + 1 : b], raw.source, units[a], page_title, explain,
                                    above if a == separators[0] else None))
    else:
        starts = [0] + [i for i in range(1, len(units)) if _titles_a_new_plan(units, i)]
        for a, b in zip(starts, starts[1:] + [len(units)]):
            plans.append(_make_plan(units[a:b], raw.source, None, "", explain))
    _flag_truncated(plans, doc)
    low_confidence = [w for n, plan in enumerate(plans, 1) if (w := _unstructured_warning(n, plan))]
    return PlanCollection(
        source=raw.source,
        format=raw.format,
        encoding=raw.encoding,
        page_title=page_title,
        page_intro="\n".join(page_intro),
        plans=plans,
        placeholders=doc.placeholders,
        removals=doc.removals,
        warnings=list(raw.warnings) + doc.warnings
        + (["the source page was truncated (a truncation marker was removed)"] if doc.truncated else [])
        + low_confidence,
    )
