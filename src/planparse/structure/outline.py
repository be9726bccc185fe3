"""The outline decision: which numbering family is a plan's top level, decided once for the whole plan.

Candidates are the units that open with a line-level marker (一、 （一） 1、 …) or carry a Word heading
level. A family can be the top level only when its candidates run in sequence across the plan (一、 → 二、
→ 三、, a restart at 一 allowed); the highest-ranked such family wins, in the GB/T 9704 order. A plan whose
highest family is 1./1、 has those lines as its sections when they are headings with a body, and one
implied section of measures when they are a plain list (after a lead line ending in ：, or short lines).

Every decision is written as a :class:`Decision`, so ``planparse parse --explain`` can say why a line
became a heading or did not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planparse.structure.segment import Unit
from planparse.text.lexicon import lexicon
from planparse.text.markers import INLINE_FAMILIES, RANK

# A 1、 list whose lines average this many characters or fewer is a list of single-sentence measures
# (json-contract: "short single sentences"); heading lines with their body run longer.
SHORT_MEASURE = 40


@dataclass(frozen=True)
class Decision:
    """Why one candidate line was taken or refused."""

    line: int  # 1-based line (block) number in the source
    marker: str  # the marker as written, or the schedule label
    verdict: str  # "section", "item", "implied", "refused", "noise", "join"
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.marker} {self.verdict}: {self.reason}"


def family_rank(family: str) -> float:
    if family.startswith("h") and family[1:].isdigit():  # a Word heading style with no marker
        return int(family[1:]) - 1.5
    return RANK.get(family, 9)


def structural_family(unit: Unit) -> str | None:
    if unit.marker is not None:
        return unit.marker.family
    if unit.heading_level:
        return f"h{unit.heading_level}"
    return None


def _in_sequence(numbers: list[int | None]) -> int:
    """How many members continue the run before them (1 starts or restarts it; n follows n-1)."""
    count, last = 0, None
    for n in numbers:
        if n is None:
            continue
        if n == 1 or (last is not None and n == last + 1):
            count += 1
        last = n
    return count


@dataclass
class Outline:
    top: str | None  # the family whose lines are the plan's sections; None: implied sections only
    decisions: list[Decision]
    nested: set[int] = field(default_factory=set)  # id() of top-family lines that are a nested run, not sections

    def is_section(self, unit: Unit, family: str | None) -> bool:
        return self.top is not None and family == self.top and id(unit) not in self.nested


def decide_top(units: list[Unit], explain: bool = True) -> Outline:
    """Choose the plan's top-level family by sequence, with the reasons (``explain=False``: without them, which
    only ``--explain`` reads; the choice is the same)."""
    members: dict[str, list[Unit]] = {}
    for unit in units:
        family = structural_family(unit)
        if family and family not in INLINE_FAMILIES:
            members.setdefault(family, []).append(unit)
    decisions: list[Decision] = []
    for family in list(members):
        contents = _contents_run(members[family])
        for u in contents:
            if explain:
                decisions.append(_decision(u, "refused", "a table of contents: the same headings follow below"))
            u.marker = None  # kept as plain text of the preamble
        if contents:
            taken = {id(u) for u in contents}
            members[family] = [u for u in members[family] if id(u) not in taken]
            if not members[family]:
                del members[family]
    refused: set[str] = set()
    outline = _choose(members, units, decisions, refused, explain)
    for family, found in members.items():
        if explain and family != outline.top and family not in refused:
            for u in found:
                decisions.append(_decision(u, "item", f"{family} ranks below the top level {outline.top or '(implied)'}"))
    decisions.sort(key=lambda d: d.line)
    return outline


def _contents_run(found: list[Unit]) -> list[Unit]:
    """The first run of a family when its headings reappear, in order, in a later run ("报告分六个部分：一、…；二、…")."""
    starts = [i for i, u in enumerate(found) if u.marker is not None and u.marker.number == 1]
    if len(starts) < 2:
        return []
    first, later = found[starts[0] : starts[1]], found[starts[1] :]
    heads = {_head(u) for u in later}
    repeated = sum(1 for u in first if _head(u) in heads)
    return first if repeated >= 2 and repeated >= len(first) - 1 else []


def _head(unit: Unit) -> str:
    # A contents line's page number and dot leader ("指导思想…………1") are not part of the heading.
    return unit.body.strip().rstrip("0123456789").rstrip(_LEADERS)[:6]


def _choose(
    members: dict[str, list[Unit]], units: list[Unit], decisions: list[Decision], refused: set[str], explain: bool = True
) -> Outline:
    """The top family, highest rank first; families that do not run in sequence are added to ``refused``."""
    for family in sorted(members, key=family_rank):
        found = members[family]
        numbers = [u.marker.number if u.marker else None for u in found]
        heading_style = family.startswith("h")
        in_run = _in_sequence(numbers)
        if family == "chapter" and (through := _numbered_through(found, members, units)) is not None:
            refused.add(family)
            for u in found:
                if explain:
                    decisions.append(_decision(u, "refused", f"a part heading: the {through} numbering runs straight "
                                                             "through the parts, so it is the top level"))
                u.marker = None  # read as a plain paragraph between the sections
            continue
        if not heading_style and len(found) >= 2 and in_run < 2:
            refused.add(family)
            for u in found:
                if explain:
                    decisions.append(_decision(u, "refused", f"{family} lines do not run in sequence ({_numbers(numbers)})"))
                u.marker = None  # read as a plain paragraph; its text still holds what looked like a marker
            continue
        if family_rank(family) >= RANK["digit"]:
            verdict, reason = _digit_top(units, found)
            if verdict == "implied":
                if explain:
                    decisions.append(_decision(found[0], "implied", reason))
                return Outline(None, decisions)
        else:
            reason = (
                f"Word heading level {family[1:]}" if heading_style
                else f"highest numbering that runs in sequence ({_numbers(numbers)})"
            )
        nested = _nested_runs(found)
        for u in found if explain else ():
            if id(u) in nested:
                decisions.append(_decision(u, "item", f"{family} run restarted inside a part; the outer run continues after it"))
            else:
                decisions.append(_decision(u, "section", reason))
        return Outline(family, decisions, nested)
    return Outline(None, decisions)


def _numbered_through(parts: list[Unit], members: dict[str, list[Unit]], units: list[Unit]) -> str | None:
    """The 一、 family below the parts (第一部分, 第二部分) when it numbers 1, 2, 3 … straight through two or more parts
    without restarting (第一部分 一、二、三、 第二部分 四、五、): the parts only group the document's sections. (Articles
    numbered through chapters, 第一章 第一条 … 第二章 第四条, are a rule's own form: its chapters stay the top.)"""
    below = sorted((f for f in members if family_rank(f) > family_rank("chapter") and not f.startswith("h")),
                   key=family_rank)
    if len(parts) < 2 or not below or below[0] != "cn_dun":
        return None
    found = members[below[0]]
    numbers = [u.marker.number if u.marker else None for u in found]
    if len(found) < 3 or numbers != list(range(1, len(found) + 1)):
        return None
    position = {id(u): i for i, u in enumerate(units)}
    starts = sorted(position[id(u)] for u in parts)
    holding = {sum(1 for s in starts if s < position[id(u)]) for u in found}  # which part each member sits in
    return below[0] if len(holding - {0}) >= 2 else None


def _nested_runs(found: list[Unit]) -> set[int]:
    """Top-family lines that restart at 1 inside a part whose own numbering carries on after them.

    一、二、三、 | 一、二、 | 四、: the inner 一、二、 are items of 三、, since 四、 continues the outer run.
    """
    numbers = [u.marker.number if u.marker else None for u in found]
    nested: set[int] = set()
    outer = None
    i = 0
    while i < len(found):
        n = numbers[i]
        if outer is not None and n == 1 and outer >= 1:
            end = i + 1  # the inner run: 1, 2, 3 … in sequence
            while end < len(found) and numbers[end] is not None and numbers[end] == numbers[end - 1] + 1:
                end += 1
            if outer + 1 in numbers[end:]:
                nested.update(id(u) for u in found[i:end])
                i = end
                continue
        outer = n
        i += 1
    return nested


def _digit_top(units: list[Unit], found: list[Unit]) -> tuple[str, str]:
    """Sections or one implied section for a plan numbered only 1、 / （1） / ①."""
    if any(u.kind in ("schedule", "schedule_row") for u in units):
        return "implied", "numbered lines sit under month or schedule labels: they are measures"
    position = {id(u): k for k, u in enumerate(units)}
    members = set(position[id(u)] for u in found)
    with_body = sum(
        1 for u in found
        if (k := position[id(u)] + 1) < len(units) and k not in members
        and units[k].marker is None and units[k].kind == "paragraph"
    )
    if with_body * 2 >= len(found):
        return "section", "each numbered line is followed by its own body paragraph: they are headings"
    family = found[0].marker.family if found[0].marker else None
    with_list = sum(
        1 for u in found
        if (k := position[id(u)] + 1) < len(units) and k not in members and units[k].marker is not None
        and units[k].marker.number == 1
        and units[k].marker.family not in INLINE_FAMILIES and family_rank(units[k].marker.family) > family_rank(family)
    )
    if with_list * 2 >= len(found):
        return "section", "each numbered line is followed by its own lower list (（1）…): they are headings"
    first = position[id(found[0])]
    lead = next((u for u in reversed(units[:first]) if u.marker is None), None)
    if lead is not None and units.index(lead) == first - 1 and lead.text.rstrip()[-1:] in _COLON:
        return "implied", "the numbered lines follow a lead line ending in ：, a list of measures"
    bodies = [len(u.body) for u in found]
    if sum(bodies) / len(bodies) <= SHORT_MEASURE:
        return "implied", f"the numbered lines are short measures (average {sum(bodies) // len(bodies)} characters)"
    return "section", "the highest numbering the plan uses: each line is a heading with its body"


_COLON = lexicon().punctuation.colon  # a string: "" (no last character) is in it, as before
_LEADERS = lexicon().punctuation.leaders + " \t\u3000"  # dot leaders and spaces before a page number


def _numbers(numbers: list[int | None]) -> str:
    shown = [str(n) for n in numbers[:8] if n is not None]
    return " ".join(shown) + (" …" if len(numbers) > 8 else "")


def _decision(unit: Unit, verdict: str, reason: str) -> Decision:
    marker = unit.marker.text if unit.marker is not None else f"(heading level {unit.heading_level})"
    return Decision(unit.block.index + 1, marker, verdict, reason)
