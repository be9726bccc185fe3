"""Lint a draft plan: what a reviewer would send back before the plan is issued.

    from planparse.lint import lint_path
    report = lint_path("draft.docx")
    for f in report.findings:
        print(f.line, f.code, f.message)

Checks (codes in brackets):

- template leftovers: placeholders such as 20xx, xx届, 第*届 [placeholder]; watermarks, site menus,
  editor intros and other site noise from the cleaning log [leftover];
- numbering: gaps (1、→3、) [numbering-gap], repeats and restarts [numbering-repeat], two numbering
  styles in one list (1. and 2、, (一) and ( 二 )) [numbering-style]; empty items [empty-item];
- the year in the title against the years written in the body and the date [year-mismatch];
- paragraphs repeated in one plan, and sentences repeated in one paragraph, via planparse.find_duplicates
  [duplicate];
- sections where most measures have neither a quantitative target nor a time [smart]; the per-section
  counts are always in ``report.smart``;
- a section whose heading reads as one domain while none of its measures do [domain-mismatch]
  (skipped quietly when the classifier is unavailable).

Every finding makes the report non-clean: ``planparse lint`` exits 1 when there is any.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from planparse.messages import say
from planparse.model import Plan, PlanCollection, Section
from planparse.text.lexicon import alternation, char_class, class_body, lexicon
from planparse.text.normalize import match_form
from planparse.text.strings import shorten
from planparse.text.markers import match_line_marker
from planparse.text.lines import year_of

# Removal kinds that are leftovers of the page a plan was copied from, not formatting; each is named
# in data/messages.toml [leftover_kind].
LEFTOVER_KINDS = frozenset({"watermark", "site_menu", "site_meta", "editor_intro", "related_links", "viewer", "spam",
                            "truncation", "pinyin", "junk_character"})
_NUMERAL = re.compile(rf"\d+|{char_class('numerals.ordinal')}+")
_CIRCLED = re.compile("[\u2460-\u2473]")  # ①-⑳
_PAREN_DIGIT = re.compile("[\u2474-\u2487]")  # ⑴-⒇
# A time: a date in digits or numerals (3月, 十天内, 2025年), or a time word of data/lexicon.toml [time].
_TEN = char_class("numerals.one_to_ten")
_TIME = re.compile(rf"\d+\s*月|{_TEN}+月|\d+\s*[日号天周]|{_TEN}+[日天周]内|(?:19|20)\d{{2}}\s*年|"
                   + alternation(lexicon().time.words))
# Besides a counted target (planparse.plandiff.targets): any number in digits, or words that set a level.
_TARGET_WORDS = re.compile(r"\d|" + alternation(lexicon().targets.level_words))
MIN_SMART_MEASURES = 3  # a section needs this many measures before its share is judged
SMART_SHARE = 0.75  # flag a section when at least this share of its measures is vague


@dataclass
class Finding:
    code: str
    message: str
    severity: str = "warning"  # error: must fix before issuing; warning: should fix
    plan: int | None = None  # 1-based
    path: str | None = None  # 1-based section/item path, as in PlanCollection.iter_items
    line: int | None = None  # 1-based line in the decoded source
    text: str = ""


@dataclass
class SmartRow:
    plan: int
    section: str
    measures: int
    without_target: int
    without_time: int
    without_either: int


@dataclass
class LintReport:
    source: str | None
    findings: list[Finding] = field(default_factory=list)
    smart: list[SmartRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # checks that could not run, and why

    @property
    def clean(self) -> bool:
        return not self.findings

    def counts(self) -> dict[str, int]:
        return dict(Counter(f.code for f in self.findings))

    def as_dict(self) -> dict:
        return {"source": self.source, "clean": self.clean, "counts": self.counts(),
                "findings": [asdict(f) for f in self.findings], "smart": [asdict(r) for r in self.smart],
                "skipped": self.skipped}


# --- helpers ------------------------------------------------------------------------------------
class _Lines:
    """Offset → 1-based line number in the decoded source."""

    def __init__(self, text: str | None):
        self.starts = [0]
        if text:
            self.starts += [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int | None) -> int | None:
        if offset is None:
            return None
        import bisect

        return bisect.bisect_right(self.starts, offset)


def _short(text: str, width: int = 40) -> str:
    return shorten(" ".join(text.split()), width)


def _label(section: Section) -> str:
    return say("lint_where.implied_section") if section.implied and not section.title else section.label


def marker_style(marker: str) -> str:
    """The numbering style of a marker: its numeral replaced by N, so 1. and 2、 differ but 1、 and 12、 agree."""
    style = _CIRCLED.sub("①", _PAREN_DIGIT.sub("⑴", marker.strip()))
    return _NUMERAL.sub("N", style)


def _is_sequence_word(marker: str) -> bool:
    """首先/其次/最后 order a list in words; their "numbers" (最后 = 9) are not a count that can have gaps."""
    found = match_line_marker(marker.strip())
    return found is not None and found.family == "sequence"


@lru_cache(maxsize=1)
def _placeholder_context() -> tuple[frozenset[str], frozenset[str]]:
    """Characters that, right before / right after a placeholder, make its reading (第*届, xx届, *次).

    They are listed in noise.toml's [placeholder_context], beside the placeholder rules themselves.
    """
    from planparse.text.noise import noise_rules

    context = noise_rules().placeholder_context
    return frozenset(context.get("before", "")), frozenset(context.get("after", ""))


# --- checks -------------------------------------------------------------------------------------
def placeholder_reading(text: str | None, start: int, end: int, fallback: str) -> str:
    """The placeholder with the characters that make its reading: 第*届, xx届, *次, **年."""
    if text is None or not (0 <= start < end <= len(text)):
        return fallback
    before, after = _placeholder_context()
    if start > 0 and text[start - 1] in before:
        start -= 1
    if end < len(text) and text[end] in after:
        end += 1
    return text[start:end]


def _placeholder_kind(kind: str) -> str:
    from planparse.messages import catalogue

    return say(f"placeholder_kind.{kind}") if f"placeholder_kind.{kind}" in catalogue() else kind


def check_leftovers(col: PlanCollection, source_text: str | None, line) -> list[Finding]:
    found = []
    for p in col.placeholders:
        reading = placeholder_reading(source_text, p.start, p.end, p.text)
        context = source_text[max(p.start - 8, 0): p.end + 8] if source_text else ""
        found.append(Finding("placeholder", say("lint.placeholder", reading=reading, kind=_placeholder_kind(p.kind)),
                             severity="error", line=line(p.start), text=_short(context.replace("\n", " "))))
    for r in col.removals:
        if r.kind not in LEFTOVER_KINDS:
            continue  # formatting (markdown, broken lines) is not something to send back
        shown = r.text if r.text.strip() and r.text.isprintable() else " ".join(f"U+{ord(c):04X}" for c in r.text[:4])
        found.append(Finding("leftover", say("lint.leftover", what=say(f"leftover_kind.{r.kind}"), shown=_short(shown, 50)),
                             severity="error" if r.kind in ("watermark", "spam", "editor_intro") else "warning",
                             line=line(r.start), text=r.text))
    return found


def _list_findings(nodes: list, plan_no: int, paths: list[str], where: str, line) -> list[Finding]:
    """Gaps, repeats and mixed styles in one list of siblings (sections of a plan, or items of a parent)."""
    numbered = [(n, p) for n, p in zip(nodes, paths)
                if n.marker and n.number is not None and getattr(n, "kind", "item") == "item"
                and not _is_sequence_word(n.marker)]
    found: list[Finding] = []
    if len(numbered) < 2:
        return found
    styles = Counter(marker_style(n.marker) for n, _ in numbered)
    if len(styles) > 1:
        main = styles.most_common(1)[0][0]
        odd = [(n, p) for n, p in numbered if marker_style(n.marker) != main]
        shown = " ".join(dict.fromkeys(n.marker.strip() for n, _ in numbered))
        found.append(Finding("numbering-style", say("lint.numbering_style", where=where, shown=shown), plan=plan_no,
                             path=odd[0][1], line=line(odd[0][0].provenance.start),
                             text=_short(f"{odd[0][0].marker}{getattr(odd[0][0], 'text', '') or odd[0][0].title}")))
    for (prev, _), (node, path) in zip(numbered, numbered[1:]):
        if marker_style(prev.marker) != marker_style(node.marker) and node.number == 1:
            continue  # a new style starting at 1 is a new list (counted above as mixed style)
        text = _short(f"{node.marker}{getattr(node, 'text', None) or getattr(node, 'title', '')}")
        if node.number > prev.number + 1:
            missing = node.number - prev.number - 1
            found.append(Finding("numbering-gap", say("lint.numbering_gap", prev=prev.marker.strip(), next=node.marker.strip(),
                                                      where=where, missing=missing), plan=plan_no, path=path,
                                 line=line(node.provenance.start), text=text))
        elif node.number <= prev.number:
            key = "lint.numbering_repeats" if node.number == prev.number else "lint.numbering_restarts"
            found.append(Finding("numbering-repeat", say(key, node=node.marker.strip(), prev=prev.marker.strip(), where=where),
                                 plan=plan_no, path=path,
                                 line=line(node.provenance.start), text=text))
    return found


def check_numbering(plan: Plan, plan_no: int, line) -> list[Finding]:
    found = _list_findings(plan.sections, plan_no, [str(k) for k in range(1, len(plan.sections) + 1)],
                           say("lint_where.section_headings"), line)
    for s_number, section in enumerate(plan.sections, 1):
        found += _list_findings(section.items, plan_no, [f"{s_number}/{i}" for i in range(1, len(section.items) + 1)],
                                say("lint_where.section", label=_label(section)), line)
    for _section, item, path in plan.iter_items():
        if item.children:
            found += _list_findings(item.children, plan_no, [f"{path}/{j}" for j in range(1, len(item.children) + 1)],
                                    say("lint_where.item", path=path), line)
    return found


_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")
_COLON = lexicon().punctuation.colon
_HOLDS_CONTENT = re.compile(rf"{char_class('colon')}\s*\S{{2,}}")


def check_empty(plan: Plan, plan_no: int, line) -> list[Finding]:
    found = []
    for s_number, section in enumerate(plan.sections, 1):
        # "二、活动时间：4月26日上午" carries its content in the heading itself.
        holds_content = bool(_HOLDS_CONTENT.search(section.title))
        if not section.items and not section.intro.strip() and not holds_content:
            found.append(Finding("empty-item", say("lint.empty_section", label=_label(section)), plan=plan_no,
                                 path=str(s_number), line=line(section.provenance.start)))
    for _section, item, path in plan.iter_items():
        body = item.text.strip()
        if item.children or item.kind == "field":
            continue
        # A heading-like item ("3、劳资纠纷:") with nothing after its colon promised content that is missing.
        if not _CONTENT.search(body) or (body[-1:] in _COLON and len(body) <= 16):
            found.append(Finding("empty-item", say("lint.empty_item", text=f"{item.marker or ''}{_short(body, 20)}"), plan=plan_no,
                                 path=path, line=line(item.provenance.start), text=body))
    return found


# A year used as the plan's own year: "2024年，公司工会将…", "2024年是…之年", "完成2024年的各项任务",
# "2024年工作要点". A past year in a review ("自2018年搬迁以来") is normal and not matched.
# The words come from data/lexicon.toml [years].
_PLAN_YEAR_PHRASE = re.compile(
    rf"(?:(?<!\d)(?P<a>(?:19|20)\d{{2}})\s*年(?:度)?[，,]?[^{class_body('sentence_break')}\n]{{0,14}}?"
    rf"{alternation(lexicon().years.intent_words)}"
    r"|(?<!\d)(?P<b>(?:19|20)\d{2})\s*年(?:是|为)"
    r"|完成(?P<c>(?:19|20)\d{2})\s*年"
    rf"|(?<!\d)(?P<d>(?:19|20)\d{{2}})\s*年(?:度)?(?:的)?(?:工会)?{alternation(lexicon().years.plan_objects)})")
# "自2018年…以来", "2018年以来", "截至2018年" look back, whatever follows.
_LOOKBACK = re.compile(rf"{alternation(lexicon().years.lookback_words)}\s*$")


def _plan_years(text: str) -> list[int]:
    years = []
    for m in _PLAN_YEAR_PHRASE.finditer(text):
        if _LOOKBACK.search(text[max(m.start() - 3, 0):m.start()]) or "以来" in m.group(0):
            continue
        years.append(int(next(g for g in m.group("a", "b", "c", "d") if g)))
    return years


def check_years(plan: Plan, plan_no: int, line) -> list[Finding]:
    """The body speaking of a different year as the plan's own (a copy of last year's plan), or a stray date."""
    title_year = year_of(plan.title)
    if title_year is None:
        return []
    found = []
    bodies = [("preamble", plan.preamble, plan.provenance.start)]
    for s_number, section in enumerate(plan.sections, 1):
        bodies.append((str(s_number), f"{section.title}\n{section.intro}", section.provenance.start))
    bodies += [(path, item.text, item.provenance.start) for _section, item, path in plan.iter_items()]
    bodies.append(("closing", plan.closing, None))
    for path, text, start in bodies:
        for year in sorted(set(_plan_years(text))):
            if year != title_year:
                found.append(Finding("year-mismatch", say("lint.year_in_body", title_year=title_year, where=_where(path),
                                                          year=year), plan=plan_no, path=None if path in ("preamble", "closing") else path,
                                     line=line(start), text=_short(text)))
    signed = plan.date or ""
    dated = year_of(signed)
    if dated is not None and dated not in (title_year - 1, title_year):
        found.append(Finding("year-mismatch", say("lint.year_signed", title_year=title_year, signed=signed),
                             plan=plan_no, text=signed))
    return found


def _where(path: str) -> str:
    if path in ("preamble", "closing"):
        return say(f"lint_where.{path}")
    return say("lint_where.section_path", path=path) if "/" not in path else say("lint_where.item", path=path)


def check_duplicates(plan: Plan, plan_no: int, line) -> list[Finding]:
    from planparse.dedup import find_duplicates

    units: list[tuple[str, str | None, int | None]] = []
    if plan.preamble.strip():
        units.append((plan.preamble, "preamble", plan.provenance.start))
    for s_number, section in enumerate(plan.sections, 1):
        if section.intro.strip():
            units.append((section.intro, f"{s_number}/intro", section.provenance.start))
    units += [(item.text, path, item.provenance.start) for _section, item, path in plan.iter_items() if item.text.strip()]
    if plan.closing.strip():
        units.append((plan.closing, "closing", None))
    if len(units) < 1:
        return []
    found = []
    for group in find_duplicates([u[0] for u in units]):
        members = [units[i] for i in group.indices]
        first = members[0]
        if group.kind == "sentence":
            found.append(Finding("duplicate", say("lint.duplicate_sentence", where=_where(first[1])), plan=plan_no,
                                 path=first[1], line=line(first[2]), text=_short(first[0])))
            continue
        where = ", ".join(m[1] for m in members)
        message = (say("lint.duplicate_exact", count=len(members), where=where) if group.kind == "exact" else
                   say("lint.duplicate_near", count=len(members), where=where, similarity=f"{group.similarity:.0%}"))
        found.append(Finding("duplicate", message, plan=plan_no,
                             path=members[1][1], line=line(members[1][2]), text=_short(first[0])))
    return found


def smart_rows(plan: Plan, plan_no: int) -> list[SmartRow]:
    """Per section: its measures (leaf items with content), and how many lack a target, a time, or both."""
    # (has a target, has a time) of each measure, by section; one walk of the plan, each regex once per measure.
    judged: dict[int, list[tuple[bool, bool]]] = defaultdict(list)
    for section, item, _path in plan.iter_items():
        if not item.children and item.kind in ("item", "schedule", "paragraph") and _CONTENT.search(item.text):
            judged[id(section)].append((_has_target(item.text), _TIME.search(item.text) is not None))
    rows = []
    for section in plan.sections:
        measures = judged[id(section)]
        rows.append(SmartRow(plan_no, _label(section), len(measures), sum(not target for target, _ in measures),
                             sum(not time for _, time in measures),
                             sum(not target and not time for target, time in measures)))
    return rows


def _has_target(text: str) -> bool:
    from planparse.plandiff.targets import extract_targets

    return _TARGET_WORDS.search(text) is not None or bool(extract_targets(text))


def check_smart(rows: list[SmartRow]) -> list[Finding]:
    found = []
    for s_number, row in enumerate(rows, 1):
        if row.measures >= MIN_SMART_MEASURES and row.without_either >= SMART_SHARE * row.measures:
            found.append(Finding(
                "smart", say("lint.smart", section=row.section, either=row.without_either, measures=row.measures),
                plan=row.plan, path=str(s_number),
                line=None, severity="warning"))
    return found


def check_domains(plan: Plan, plan_no: int, line, skipped: list[str]) -> list[Finding]:
    """A heading that names its subject in cue words (taxonomy.toml) while its measures are all about something else.

    The heading's subjects are every domain whose cue words it contains (so "加强民主管理，构建和谐劳动关系"
    names two); the measures' subject is the primary domain most of them share. Sections with fewer
    than MIN_DOMAIN_ITEMS measures, or whose measures do not agree, are not judged.
    """
    sections = [(k, s) for k, s in enumerate(plan.sections, 1) if s.title.strip() and len(s.items) >= MIN_DOMAIN_ITEMS]
    if not sections:
        return []
    if not any(item.domains for s in plan.sections for item in s.items):
        skipped.append(say("lint.skipped_no_domains"))
        return []
    try:
        from planparse.classify.pipeline import cue_rules

        rules = cue_rules()
    except Exception as exc:  # the cue rules ship with the classifier; say why the check did not run
        skipped.append(say("lint.skipped_no_cues", error=type(exc).__name__))
        return []
    found = []
    for s_number, section in sections:
        heading = match_form(section.title)
        # The classifier's own longest-match reading of the heading, not every cue that occurs inside it.
        cues = [(heading[start:end], d, strong) for start, end, d, strong in rules.find(heading)]
        if not any(strong for _w, _d, strong in cues):
            continue
        named = {d for _w, d, _s in cues}
        item_domains = {d for item in section.items for d in item.domains}
        primary = Counter(item.domains[0] for item in section.items if item.domains)
        if named & item_domains or not primary:
            continue
        mostly, count = primary.most_common(1)[0]
        if count < MOSTLY_SHARE * len(section.items) or mostly == "other":
            continue
        words = "、".join(w for w, _d, strong in cues if strong)
        found.append(Finding("domain-mismatch", say("lint.domain_mismatch", label=_label(section), words=words,
                                                     named="/".join(sorted(_domain_name(d) for d in named)),
                                                     count=len(section.items), mostly=_domain_name(mostly)),
                             plan=plan_no, path=str(s_number), line=line(section.provenance.start)))
    return found


MIN_DOMAIN_ITEMS = 3
MOSTLY_SHARE = 0.5


def _domain_name(domain: str) -> str:
    """A domain's Chinese name when speaking Chinese; its id otherwise (ids are what English users filter on)."""
    from planparse.messages import language

    if language() != "zh":
        return domain
    from planparse.classify.taxonomy import domain_names

    return domain_names().get(domain, domain)


# --- entry points -------------------------------------------------------------------------------
def lint_collection(col: PlanCollection, source_text: str | None = None) -> LintReport:
    """Lint a parsed collection. ``source_text`` (the decoded original) gives line numbers and placeholder context."""
    line = _Lines(source_text)
    report = LintReport(source=col.source)
    report.findings += check_leftovers(col, source_text, line)
    for plan_no, plan in enumerate(col.plans, 1):
        report.findings += check_numbering(plan, plan_no, line)
        report.findings += check_empty(plan, plan_no, line)
        report.findings += check_years(plan, plan_no, line)
        report.findings += check_duplicates(plan, plan_no, line)
        rows = smart_rows(plan, plan_no)
        report.smart += rows
        report.findings += check_smart(rows)
        report.findings += check_domains(plan, plan_no, line, report.skipped)
    if not col.plans:
        report.findings.append(Finding("empty-item", say("lint.no_plan"), severity="error"))
    report.findings.sort(key=lambda f: (f.line is None, f.line or 0, f.plan or 0))
    return report


def lint_path(path: str | Path, classify: bool = True) -> LintReport:
    """Read, parse and lint one file. Unreadable input raises planparse.errors.InputError."""
    from planparse.pipeline import parse_document
    from planparse.read import read_path

    raw = read_path(path)
    col = parse_document(raw, classify=classify)
    return lint_collection(col, raw.text)


def lint_text(text: str, classify: bool = True) -> LintReport:
    from planparse.pipeline import parse

    return lint_collection(parse(text, classify=classify), text)


def format_text(report: LintReport) -> str:
    """One line per finding (file:line: severity code: message), then the SMART table and a summary."""
    name = report.source or "<text>"
    out = []
    for f in report.findings:
        where = f"{name}:{f.line}" if f.line else name
        extra = f"  「{_short(f.text, 50)}」" if f.text and f.code not in ("leftover",) else ""
        out.append(say("lint_report.finding", where=where, severity=say(f"lint_report.{f.severity}"), code=f.code,
                       message=f.message, extra=extra))
    if report.smart:
        out.append("")
        out.append(say("lint_report.smart_header"))
        for row in report.smart:
            out.append(say("lint_report.smart_row", plan=row.plan, section=f"{_short(row.section, 30):<32}",
                           measures=row.measures, without_target=row.without_target, without_time=row.without_time,
                           without_either=row.without_either))
    for note in report.skipped:
        out.append(say("lint_report.skipped", note=note))
    counts = report.counts()
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) if counts else say("lint_report.clean")
    out.append(say("lint_report.summary", name=name, count=len(report.findings), counts=summary))
    return "\n".join(out) + "\n"
