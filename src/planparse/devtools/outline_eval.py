"""Outline checks of parsed pages against hand-written gold outlines (``gold_<id>.json`` + ``<id>_*.txt``).

The gold format and the check semantics are those of the team's real-page development set
(``shared/realpages``, scored there by ``tools/eval_outline.py``); this is an independent implementation
of the same rules, so both give the same numbers on the same pages. In short:

* page: ``plans`` (in page order), ``check_plan_count`` (default true: the parse has exactly as many
  plans), ``joins`` (strings that must sit inside one parsed title/intro/text/closing/preamble),
  ``noise_absent`` (strings that must appear in none of them).
* plan: ``title`` (a substring of the parsed title; empty = not checked), ``year`` and ``organization``
  (equal, when present), ``sections`` (absent = no section checks; present = the section count must be
  equal, or at least as large with ``sections_atleast``).
* section: ``title`` (a prefix of the parsed title; empty = not checked), ``marker`` (as written, ``null``
  = implied), ``implied``, ``items`` (count), ``item_markers`` (list, in order), ``children``
  (``{"item index": count}``).

Comparisons ignore whitespace, except ``noise_absent``, which looks for the string as written in the
parsed strings joined by newlines. Every check a gold plan or section defines counts even when the parse
lacks that plan or section (then all of its checks are misses), so a page's N is fixed by its gold file;
a page the parser fails on scores 0/N. Keys starting with ``_`` are notes.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from planparse.errors import InputError

_SPACE = re.compile(r"\s+")
_NODE_STRINGS = ("title", "intro", "text", "closing", "preamble")
_SECTION_CHECKS = ("marker", "item_markers", "implied", "items")


def _squash(text) -> str:
    return _SPACE.sub("", text or "")


@dataclass
class PageScore:
    page: str
    ok: int
    total: int
    misses: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return self.ok == self.total


@dataclass
class OutlineReport:
    directory: str
    pages: list[PageScore] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return sum(p.ok for p in self.pages)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.pages)

    @property
    def perfect(self) -> int:
        return sum(p.perfect for p in self.pages)

    def summary(self) -> str:
        return f"total: {self.ok}/{self.total} checks, {self.perfect}/{len(self.pages)} pages perfect"

    def to_dict(self) -> dict:
        return {"directory": self.directory, "ok": self.ok, "total": self.total, "perfect": self.perfect,
                "pages": [asdict(p) | {"perfect": p.perfect} for p in self.pages]}


# ---------------------------------------------------------------------------- how many checks a gold holds


def _section_check_count(section: dict) -> int:
    return (bool(section.get("title")) + sum(key in section for key in _SECTION_CHECKS)
            + len(section.get("children", {})))


def _plan_check_count(plan: dict) -> int:
    count = bool(plan.get("title")) + ("year" in plan) + ("organization" in plan)
    if "sections" in plan:
        count += 1 + sum(_section_check_count(s) for s in plan["sections"])
    return count


def gold_check_count(gold: dict) -> int:
    """N of a page: every check its gold defines."""
    return (int(gold.get("check_plan_count", True)) + sum(_plan_check_count(p) for p in gold["plans"])
            + len(gold.get("joins", [])) + len(gold.get("noise_absent", [])))


# ---------------------------------------------------------------------------- scoring one page


class _Tally:
    def __init__(self) -> None:
        self.ok = self.total = 0
        self.misses: list[str] = []

    def check(self, passed: bool, miss: str) -> None:
        self.total += 1
        if passed:
            self.ok += 1
        else:
            self.misses.append(miss)

    def missing(self, what: str, count: int) -> None:
        if count:
            self.total += count
            self.misses.append(f"{what} missing ({count} checks)")


def _node_strings(node, out: list[str]) -> list[str]:
    """Every title/intro/text/closing/preamble string under ``node``, in document order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _NODE_STRINGS and isinstance(value, str):
                out.append(value)
            else:
                _node_strings(value, out)
    elif isinstance(node, list):
        for value in node:
            _node_strings(value, out)
    return out


def _score_section(tally: _Tally, where: str, gold: dict, parsed: dict) -> None:
    if gold.get("title"):
        tally.check(_squash(parsed.get("title")).startswith(_squash(gold["title"])),
                    f"{where}: title {parsed.get('title')!r}, want {gold['title']!r}…")
    if "marker" in gold:
        tally.check(_squash(parsed.get("marker")) == _squash(gold["marker"]),
                    f"{where}: marker {parsed.get('marker')!r}, want {gold['marker']!r}")
    items = parsed.get("items", [])
    if "item_markers" in gold:
        got = [_squash(item.get("marker")) for item in items]
        tally.check(got == [_squash(m) for m in gold["item_markers"]],
                    f"{where}: item markers {got}, want {gold['item_markers']}")
    if "implied" in gold:
        tally.check(bool(parsed.get("implied")) == gold["implied"],
                    f"{where}: implied={parsed.get('implied')}, want {gold['implied']}")
    if "items" in gold:
        tally.check(len(items) == gold["items"], f"{where}: {len(items)} items, want {gold['items']}")
    for index, count in gold.get("children", {}).items():
        i = int(index)
        got_children = len(items[i].get("children", [])) if i < len(items) else None
        tally.check(got_children == count, f"{where} item {i + 1}: {got_children} children, want {count}")


def _score_plan(tally: _Tally, number: int, gold: dict, parsed: dict) -> None:
    if gold.get("title"):
        tally.check(_squash(gold["title"]) in _squash(parsed.get("title")),
                    f"plan {number} title {parsed.get('title')!r} lacks {gold['title']!r}")
    for key in ("year", "organization"):
        if key in gold:
            tally.check(parsed.get(key) == gold[key], f"plan {number} {key}: got {parsed.get(key)!r}, want {gold[key]!r}")
    if "sections" not in gold:
        return
    gold_sections, sections = gold["sections"], parsed.get("sections", [])
    if gold.get("sections_atleast"):
        tally.check(len(sections) >= len(gold_sections),
                    f"plan {number}: {len(sections)} sections, want at least {len(gold_sections)}")
    else:
        tally.check(len(sections) == len(gold_sections),
                    f"plan {number}: {len(sections)} sections, want {len(gold_sections)}")
    for s_index, gold_section in enumerate(gold_sections):
        where = f"plan {number} section {s_index + 1}"
        if s_index < len(sections):
            _score_section(tally, where, gold_section, sections[s_index])
        else:
            tally.missing(where, _section_check_count(gold_section))


def score_parsed(gold: dict, parsed: dict, page: str = "") -> PageScore:
    """Score one parsed page (``PlanCollection.model_dump(mode="json")``) against its gold outline."""
    tally = _Tally()
    plans = parsed.get("plans", [])
    if gold.get("check_plan_count", True):
        tally.check(len(plans) == len(gold["plans"]), f"plans: got {len(plans)}, want {len(gold['plans'])}")
    for p_index, gold_plan in enumerate(gold["plans"]):
        if p_index < len(plans):
            _score_plan(tally, p_index + 1, gold_plan, plans[p_index])
        else:
            tally.missing(f"plan {p_index + 1}", _plan_check_count(gold_plan))
    strings = _node_strings(plans, [])
    squashed = [_squash(s) for s in strings]
    joined = "\n".join(strings)
    for join in gold.get("joins", []):
        # inside ONE node: a heading ending in half a word followed by an item holding the rest is no join
        tally.check(any(_squash(join) in s for s in squashed), f"page-break join missing: {join}")
    for noise in gold.get("noise_absent", []):
        tally.check(noise not in joined, f"noise left in output: {noise}")
    return PageScore(page, tally.ok, tally.total, tally.misses)


# ---------------------------------------------------------------------------- folders of gold + page pairs


def read_gold(path: str | Path) -> dict:
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: cannot read gold outline: {exc}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("plans"), list):
        raise InputError(f"{path}: a gold outline is a JSON object with a 'plans' list")
    return gold


def is_outline_folder(directory: str | Path) -> bool:
    """A folder of ``gold_*.json`` outlines (rather than the corpus' ``NAME.gold.txt`` annotations)."""
    directory = Path(directory)
    return directory.is_dir() and any(directory.glob("gold_*.json"))


def page_pairs(directory: str | Path, only: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, Path, Path | None]]:
    """``(id, gold file, page file or None)`` for every ``gold_<id>.json``, in name order."""
    directory = Path(directory)
    out = []
    for gold_path in sorted(directory.glob("gold_*.json")):
        page_id = gold_path.name[len("gold_"):-len(".json")]
        if only and page_id not in only:
            continue
        candidates = sorted(str(p) for p in [*directory.glob(f"{page_id}_*.txt"), directory / f"{page_id}.txt"]
                            if p.is_file())
        out.append((page_id, gold_path, Path(candidates[0]) if candidates else None))
    return out


def _parse_file(path: Path) -> dict:
    from planparse import load

    return load(path, classify=False).model_dump(mode="json")


def score_page(gold_path: str | Path, page_path: str | Path, loader=_parse_file) -> PageScore:
    """Parse one page (or read a saved ``--format json`` output) and score it; a failure scores 0/N."""
    gold, page_path = read_gold(gold_path), Path(page_path)
    try:
        parsed = json.loads(page_path.read_text(encoding="utf-8")) if page_path.suffix == ".json" else loader(page_path)
    except Exception as exc:  # noqa: BLE001 - a parser failure is a scored failure, never a crash
        return PageScore(page_path.stem, 0, gold_check_count(gold), [f"planparse failed: {type(exc).__name__}: {exc}"])
    return score_parsed(gold, parsed, page_path.stem)


def evaluate_outlines(directory: str | Path, only=(), loader=_parse_file) -> OutlineReport:
    """Score every ``gold_<id>.json`` of ``directory`` against its page ``<id>_*.txt``."""
    pairs = page_pairs(directory, frozenset(only))
    if not pairs:
        raise InputError(f"{directory}: no gold_*.json outline" + (" for the pages asked for" if only else ""))
    report = OutlineReport(directory=str(directory))
    for page_id, gold_path, page_path in pairs:
        if page_path is None:
            report.pages.append(PageScore(page_id, 0, gold_check_count(read_gold(gold_path)),
                                          [f"no page file {page_id}_*.txt"]))
        else:
            report.pages.append(score_page(gold_path, page_path, loader))
    return report


def format_report(report: OutlineReport, quiet: bool = False) -> str:
    lines = []
    for page in report.pages:
        lines.append(f"{page.page}: {page.ok}/{page.total}")
        if not quiet:
            lines.extend(f"    miss: {miss}" for miss in page.misses)
    lines.append(report.summary())
    return "\n".join(lines)
