"""Evaluate the parser on long official documents: a JSON Lines file of records with ``content``.

Made for a corpus of government work reports (one ``{"title", "url", "content", "year"}`` object a line),
but any record with a ``content`` string works. No gold file is needed: a two-level gold is read from
each text itself, by rules that do not use planparse's own grammar.

Gold (lines stripped of whitespace; only a line's start counts):

* **Top level**: the lines starting ``一、`` (or ``一．``/``一.``, one family). The report has a top-level
  gold only when these lines, all of them in document order, number exactly 1, 2, … n with n ≥ 2; a
  report whose ``一、`` lines restart or skip (a deeper level reusing the family) has none.
* **（一） level**: under each top heading (up to the next one), the lines starting ``（一）`` or ``(一)``.
  The section holds a gold run when they number exactly 1 … m with m ≥ 2; otherwise it is not scored.
* **一是 level**: in the text directly under a top heading (before its first ``（一）`` line), the lines
  starting ``一是``, ``二是`` …, when they split into runs that each count 1, 2, … with at least two
  members. Inline runs inside a paragraph are not part of this gold.

Checks, after ``planparse.parse(content, classify=False)``:

a. top level — the sections of the parse (all plans, in order, implied ones included) are exactly the
   gold headings: same count, the numbers in order, a ``一、``-family marker, and each parsed title a
   prefix match of the heading text after its marker (whitespace ignored; the first 8 characters
   decide, and a shorter title must be a prefix of the heading).
b. （一） level — for every gold run, the parsed section that matches its heading (same number, title
   prefix match; the one starting on the heading's line when several do) has, among its top-level items,
   exactly the ``（N）``-marked items of the run, in order (numbers, text prefix).
c. crashes — an exception is caught, counted and reported; it fails the record's checks.
d. CJK lost — every CJK ideograph of the input (counted per character) must be found in the model's text
   (page title and intro, plan titles, preambles, closings, signatures, separators, section markers,
   titles and intros, item markers and texts at every depth) or in the removal log.
e. 一是 items — the gold ``一是`` paragraphs of a section are, in order, items of that parsed section
   marked ``一是``, ``二是`` … (numbers, text prefix); other items may sit between them. A report
   passes when all of its sections holding such runs do.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from planparse.errors import InputError

PREFIX = 8  # title characters compared
_SPACE = re.compile(r"\s+")
_NUMERAL = "一二三四五六七八九十"
TOP = re.compile(rf"([{_NUMERAL}]{{1,3}})[、．.]")
PAREN = re.compile(rf"[（(]([{_NUMERAL}]{{1,3}})[）)]")
SHI = re.compile(rf"([{_NUMERAL}]{{1,3}})是")
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def chinese_number(text: str) -> int | None:
    """一 … 九十九 as written in headings (一, 十, 十二, 二十, 二十三); None for anything else."""
    digits = {c: n for n, c in enumerate(_NUMERAL[:9], 1)}
    if text in digits:
        return digits[text]
    tens, ten, units = text.partition("十")
    if not ten or len(tens) > 1 or len(units) > 1:
        return None
    if (tens and tens not in digits) or (units and units not in digits):
        return None
    return digits.get(tens, 1) * 10 + digits.get(units, 0)


def squash(text: str | None) -> str:
    return _SPACE.sub("", text or "")


def title_matches(parsed: str | None, gold: str) -> bool:
    """The parsed title matches the gold heading text: equal first 8 characters, or a shorter title
    that is a prefix of the heading (its body went to the intro)."""
    parsed, gold = squash(parsed), squash(gold)
    if not gold:
        return True
    if not parsed:
        return False
    k = min(PREFIX, len(gold))
    return parsed[:k] == gold[:k] or gold.startswith(parsed)


# ---------------------------------------------------------------------------- gold from the text


@dataclass
class Heading:
    number: int
    marker: str
    text: str  # after the marker, whitespace removed
    line: int  # index in content.splitlines()
    start: int  # offset of the line in the content
    end: int

    def label(self) -> str:
        return f"{self.marker}{self.text[:PREFIX]}"


@dataclass
class GoldSection:
    heading: Heading
    paren: list[Heading] = field(default_factory=list)  # the （一） run, [] when there is none
    paren_unclean: list[int] = field(default_factory=list)  # numbers of （N） lines that did not run in sequence
    shi: list[Heading] = field(default_factory=list)  # 一是 paragraphs directly under the heading


@dataclass
class Line:
    text: str  # stripped
    index: int
    start: int
    end: int


def _lines(content: str) -> list[Line]:
    out, offset = [], 0
    for index, raw in enumerate(content.splitlines(keepends=True)):
        body = raw.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        lead = len(body) - len(body.lstrip())
        out.append(Line(body.strip(), index, offset + lead, offset + len(body)))
        offset += len(raw)
    return out


def _heading(line: Line, pattern: re.Pattern) -> Heading | None:
    match = pattern.match(line.text)
    if not match:
        return None
    number = chinese_number(match.group(1))
    if number is None:
        return None
    return Heading(number, match.group(0), squash(line.text[match.end():]), line.index, line.start, line.end)


def _counts_up(headings: list[Heading]) -> bool:
    return [h.number for h in headings] == list(range(1, len(headings) + 1))


def _shi_runs(headings: list[Heading]) -> bool:
    """Runs that each count 1, 2, … with at least two members."""
    runs: list[int] = []
    for h in headings:
        if h.number == 1:
            runs.append(1)
        elif runs and h.number == runs[-1] + 1:
            runs[-1] += 1
        else:
            return False
    return bool(runs) and min(runs) >= 2


def build_gold(content: str) -> list[GoldSection] | None:
    """The two-level gold of one text; None when its top level does not run cleanly from 一."""
    lines = _lines(content)
    tops = [(pos, h) for pos, line in enumerate(lines) if (h := _heading(line, TOP))]
    if len(tops) < 2 or not _counts_up([h for _, h in tops]):
        return None
    sections = []
    ends = [pos for pos, _ in tops[1:]] + [len(lines)]
    for (pos, heading), end in zip(tops, ends):
        body = lines[pos + 1:end]
        parens = [(i, h) for i, line in enumerate(body) if (h := _heading(line, PAREN))]
        section = GoldSection(heading)
        if len(parens) >= 2 and _counts_up([h for _, h in parens]):
            section.paren = [h for _, h in parens]
        elif parens:
            section.paren_unclean = [h.number for _, h in parens]
        direct = body[:parens[0][0]] if parens else body
        shi = [h for line in direct if (h := _heading(line, SHI))]
        if shi and _shi_runs(shi):
            section.shi = shi
        sections.append(section)
    return sections


# ---------------------------------------------------------------------------- the checks


def model_strings(collection) -> list[str]:
    """The text fields of a parsed collection (derived copies such as organization and date left out)."""
    out = [collection.page_title, collection.page_intro]
    out += [removal.text for removal in collection.removals]

    def items(nodes):
        for item in nodes:
            out.extend((item.marker or "", item.text))
            items(item.children)

    for plan in collection.plans:
        out += [plan.title, plan.preamble, plan.closing, plan.signature, plan.separator_text or ""]
        for section in plan.sections:
            out += [section.marker or "", section.title, section.intro]
            items(section.items)
    return out


def cjk_counter(text: str) -> Counter:
    return Counter(_CJK.findall(text))


def _find_section(sections, heading: Heading, position: int | None):
    """The parsed section standing for a gold heading: same number and matching title; the one whose
    provenance starts on the heading's line wins, then the one at the heading's position."""
    candidates = [(i, s) for i, s in enumerate(sections)
                  if s.number == heading.number and s.marker and title_matches(s.title, heading.text)]
    for _, section in candidates:
        start = section.provenance.start
        if start is not None and heading.start <= start < max(heading.end, heading.start + 1):
            return section
    for i, section in candidates:
        if i == position:
            return section
    return candidates[0][1] if candidates else None


def _describe(sections) -> str:
    return ", ".join(f"{s.marker or '(implied)'}{squash(s.title)[:PREFIX]}" for s in sections[:12]) + (
        " …" if len(sections) > 12 else "")


@dataclass
class ReportResult:
    index: int  # line number in the file, from 1
    title: str
    year: str | None
    top: bool | None = None  # None: no top-level gold
    paren_ok: int = 0
    paren_total: int = 0
    shi: bool | None = None  # None: no 一是 gold
    crash: str | None = None
    cjk_lost: int = 0
    lost_sample: str = ""
    misses: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.index}: {self.title or '(untitled)'}"


def evaluate_record(content: str, index: int = 0, title: str = "", year=None, parse=None) -> ReportResult:
    """Build the gold of one text, parse it and run every check."""
    if parse is None:
        from planparse import parse
    result = ReportResult(index, title, None if year is None else str(year))
    gold = build_gold(content)
    if gold is not None:
        result.top = False
        result.paren_total = sum(bool(s.paren) for s in gold)
        for s in gold:
            if s.paren_unclean:
                result.misses.append(f"(not scored) {s.heading.label()}: （N） lines {s.paren_unclean} do not run 1…m")
        result.shi = False if any(s.shi for s in gold) else None
    try:
        collection = parse(content, classify=False)
    except Exception as exc:  # noqa: BLE001 - an evaluator counts crashes, it does not stop on them
        result.crash = f"{type(exc).__name__}: {exc}"
        result.misses.append(f"crash: {result.crash}")
        return result

    lost = cjk_counter(content) - cjk_counter("".join(model_strings(collection)))
    result.cjk_lost = sum(lost.values())
    if lost:
        result.lost_sample = "".join(ch * n for ch, n in lost.most_common(20))[:40]
        result.misses.append(f"CJK lost: {result.cjk_lost} ({result.lost_sample})")
    if gold is None:
        return result

    sections = [s for plan in collection.plans for s in plan.sections]
    heads = [s.heading for s in gold]
    if len(collection.plans) > 1:
        result.misses.append(f"{len(collection.plans)} plans")
    result.top = len(sections) == len(heads) and all(
        s.number == h.number and s.marker and TOP.fullmatch(squash(s.marker)) and title_matches(s.title, h.text)
        for s, h in zip(sections, heads))
    if not result.top:
        result.misses.append(f"top level: got {len(sections)} sections [{_describe(sections)}], "
                             f"want {len(heads)} [{', '.join(h.label() for h in heads)}]")

    shi_ok = True
    for position, gold_section in enumerate(gold):
        if not gold_section.paren and not gold_section.shi:
            continue
        heading = gold_section.heading
        section = _find_section(sections, heading, position)
        if gold_section.paren:
            if section is None:
                result.misses.append(f"（一） level under {heading.label()}: no such section")
            else:
                got = [it for it in section.items if it.marker and PAREN.fullmatch(squash(it.marker))]
                ok = len(got) == len(gold_section.paren) and all(
                    it.number == h.number and title_matches(it.text, h.text) for it, h in zip(got, gold_section.paren))
                result.paren_ok += ok
                if not ok:
                    result.misses.append(
                        f"（一） level under {heading.label()}: got {len(got)} （N） items "
                        f"[{', '.join(f'{it.marker}{squash(it.text)[:PREFIX]}' for it in got[:10])}] of "
                        f"{len(section.items)} items, want {len(gold_section.paren)} "
                        f"[{', '.join(h.label() for h in gold_section.paren[:10])}]")
        if gold_section.shi:
            found = section is not None and _in_order(gold_section.shi, [
                it for it in section.items if it.marker and SHI.fullmatch(squash(it.marker))])
            shi_ok &= found
            if not found:
                where = "no such section" if section is None else \
                    f"items {[it.marker for it in section.items][:10]}"
                result.misses.append(f"一是 under {heading.label()}: want {len(gold_section.shi)} 一是 items "
                                     f"[{', '.join(h.label() for h in gold_section.shi[:6])}], {where}")
    if result.shi is not None:
        result.shi = shi_ok
    return result


def _in_order(gold: list[Heading], items) -> bool:
    """Every gold paragraph is one of ``items``, in order (other items may come between)."""
    position = 0
    for heading in gold:
        while position < len(items) and not (items[position].number == heading.number
                                             and title_matches(items[position].text, heading.text)):
            position += 1
        if position == len(items):
            return False
        position += 1
    return True


# ---------------------------------------------------------------------------- a file of records


@dataclass
class ReportsSummary:
    source: str
    reports: list[ReportResult] = field(default_factory=list)

    def _count(self, attr: str) -> tuple[int, int]:
        values = [getattr(r, attr) for r in self.reports if getattr(r, attr) is not None]
        return sum(values), len(values)

    @property
    def top(self) -> tuple[int, int]:
        return self._count("top")

    @property
    def paren(self) -> tuple[int, int]:
        return sum(r.paren_ok for r in self.reports), sum(r.paren_total for r in self.reports)

    @property
    def shi(self) -> tuple[int, int]:
        return self._count("shi")

    @property
    def crashes(self) -> int:
        return sum(r.crash is not None for r in self.reports)

    @property
    def cjk_lost(self) -> int:
        return sum(r.cjk_lost for r in self.reports)

    def summary(self) -> str:
        (t, tn), (p, pn), (s, sn) = self.top, self.paren, self.shi
        return (f"top level: {t}/{tn} reports; (一) level: {p}/{pn} sections; 一是 items: {s}/{sn} reports; "
                f"crashes: {self.crashes}; CJK lost: {self.cjk_lost}")

    def to_dict(self) -> dict:
        (t, tn), (p, pn), (s, sn) = self.top, self.paren, self.shi
        return {"source": self.source, "records": len(self.reports),
                "top": {"ok": t, "total": tn}, "paren": {"ok": p, "total": pn}, "shi": {"ok": s, "total": sn},
                "crashes": self.crashes, "cjk_lost": self.cjk_lost,
                "reports": [asdict(r) for r in self.reports]}


def read_records(path: str | Path) -> list[dict]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    records = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise InputError(f"{path.name}:{n}: not JSON") from None
        if not isinstance(record, dict) or not isinstance(record.get("content"), str):
            raise InputError(f"{path.name}:{n}: not an object with a 'content' string")
        records.append(record | {"_line": n})
    if not records:
        raise InputError(f"{path}: no records")
    return records


def evaluate_reports(path: str | Path, parse=None) -> ReportsSummary:
    summary = ReportsSummary(source=str(path))
    for record in read_records(path):
        summary.reports.append(evaluate_record(record["content"], record["_line"], str(record.get("title") or ""),
                                               record.get("year"), parse=parse))
    return summary


def format_summary(summary: ReportsSummary, verbose: bool = False) -> str:
    lines = []
    if verbose:
        for r in summary.reports:
            if not r.misses:
                continue
            top = {None: "no gold", True: "ok", False: "MISS"}[r.top]
            lines.append(f"{r.label}: top {top}; (一) {r.paren_ok}/{r.paren_total}; CJK lost {r.cjk_lost}")
            lines.extend(f"    {m}" for m in r.misses)
    lines.append(summary.summary())
    return "\n".join(lines)
