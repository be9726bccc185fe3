"""Cleaning: remove noise, rejoin broken lines, flag placeholders, and explain every change.

Cleaning only ever *deletes* spans of the original text (or the line break between two lines it joins),
so each cleaned block maps back to exact offsets of the original, and every deletion that is not plain
whitespace is written to the removal log with its reason, like ftfy's ``fix_and_explain``.
The rules live in ``data/noise.toml``.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from planparse.model import Placeholder, Removal
from planparse.normalize import to_simplified
from planparse.read.types import Block, RawDocument
from planparse.structure.markers import match_line_marker


@dataclass(frozen=True)
class Rule:
    kind: str
    reason: str
    pattern: re.Pattern


@dataclass(frozen=True)
class NoiseRules:
    line: list[Rule]
    line_any: re.Pattern  # all line rules in one alternation: a cheap first test
    span: list[Rule]
    placeholder: list[Rule]
    title_end: re.Pattern


@lru_cache(maxsize=1)
def noise_rules() -> NoiseRules:
    data = tomllib.loads(resources.files("planparse.data").joinpath("noise.toml").read_text("utf-8"))

    def rules(key: str, flags: int = 0) -> list[Rule]:
        return [Rule(r["kind"], r.get("reason", r["kind"]), re.compile(r["pattern"], flags)) for r in data[key]]

    line = rules("line")
    return NoiseRules(
        line=line,
        line_any=re.compile("|".join(f"(?:{r.pattern.pattern})" for r in line)),
        span=rules("span", re.MULTILINE),
        placeholder=rules("placeholder"),
        title_end=re.compile(r"(计划|要点|方案|安排|思路|打算|规划|意见|通知|总结)\s*$"),
    )


@dataclass
class CleanBlock:
    """A cleaned paragraph: display text plus the map from its characters back to the original text."""

    text: str
    pieces: list[tuple[int, int, int]]  # (offset in text, offset in original, length), ascending
    indices: list[int]  # raw block indices merged into this one (more than one after a line join)
    kind: str = "paragraph"
    label: str | None = None
    style: str | None = None
    heading_level: int | None = None
    cells: list[str] | None = None

    @property
    def index(self) -> int:
        return self.indices[0]

    def original_offset(self, i: int) -> int:
        """Original offset of text[i] (i == len(text) maps one past the last character)."""
        if not self.pieces:
            return 0
        starts = [p[0] for p in self.pieces]
        k = max(0, bisect.bisect_right(starts, i) - 1)
        clean_at, orig_at, length = self.pieces[k]
        return orig_at + min(i - clean_at, length)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            o = self.original_offset(start)
            return o, o
        return self.original_offset(start), self.original_offset(end - 1) + 1


@dataclass
class CleanDocument:
    raw: RawDocument
    blocks: list[CleanBlock]
    removals: list[Removal] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    truncated: bool = False


_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_STRAY_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])|(?<=[{_CJK}])[ \t](?=[0-9])|(?<=[0-9])[ \t](?=[{_CJK}])")
_SPACE_RUN = re.compile(r"[ \t\u3000\xa0]{2,}")
_SENTENCE_END = set("。！？!?；;：:…”」』）)】.．")


_CLAUSE_END = re.compile(r"[。！？!?；;：:]")


def _heading_gap(text: str, pos: int) -> bool:
    """A space right after a short numbered heading ("一、组织建设 推进…") separates title from body: keep it."""
    seg_start = 0
    for m in _CLAUSE_END.finditer(text, 0, pos):
        seg_start = m.end()
    segment = text[seg_start:pos].lstrip()
    marker = match_line_marker(segment)
    return (
        marker is not None
        and marker.family in ("cn_dun", "cn_paren", "chapter", "digit", "digit_paren")
        and 0 < len(segment) - marker.end <= 25
        and "，" not in segment
    )


def _kept_pieces(text_len: int, deletions: list[tuple[int, int]], base: int) -> list[tuple[int, int]]:
    """The (start, end) spans of a block left after deleting the given spans."""
    kept = []
    pos = 0
    for start, end in sorted(deletions):
        if start > pos:
            kept.append((pos, start))
        pos = max(pos, end)
    if pos < text_len:
        kept.append((pos, text_len))
    return [(base + s, base + e) for s, e in kept]


def _clean_block(block: Block, rules: NoiseRules, removals: list[Removal]) -> CleanBlock | None:
    text = block.text
    stripped = text.strip()
    if not stripped:
        return None
    # Rules are written in Simplified; OpenCC t2s keeps lengths for almost all text, so offsets carry over.
    simple = to_simplified(text)
    if len(simple) != len(text):
        simple = text
    simple_stripped = simple.strip()
    if rules.line_any.search(simple_stripped):
        for rule in rules.line:
            if rule.pattern.search(simple_stripped):
                lead = len(text) - len(text.lstrip())
                removals.append(
                    Removal(kind=rule.kind, reason=rule.reason, text=stripped, block=block.index,
                            start=block.start + lead, end=block.start + lead + len(stripped))
                )
                return None
    deletions: list[tuple[int, int]] = []
    for rule in rules.span:
        groups = [g for g in rule.pattern.groupindex if g.startswith("del")] or [0]
        for m in rule.pattern.finditer(simple):
            for g in groups:
                start, end = m.span(g)
                if end > start:
                    deletions.append((start, end))
                    removals.append(
                        Removal(kind=rule.kind, reason=rule.reason, text=text[start:end], block=block.index,
                                start=block.start + start, end=block.start + end)
                    )
    # Whitespace is normalised without logging: leading/trailing, stray single spaces inside Chinese
    # text ("积 极性"), and runs of spaces reduced to one (kept, since a gap can separate a heading from text).
    lead = len(text) - len(text.lstrip())
    trail = len(text.rstrip())
    deletions.append((0, lead))
    deletions.append((trail, len(text)))
    deletions.extend((m.start(), m.end()) for m in _STRAY_SPACE.finditer(text) if not _heading_gap(text, m.start()))
    deletions.extend((m.start() + 1, m.end()) for m in _SPACE_RUN.finditer(text))
    spans = _kept_pieces(len(text), deletions, block.start)
    pieces = []
    parts = []
    at = 0
    raw_base = block.start
    for s, e in spans:
        pieces.append((at, s, e - s))
        parts.append(text[s - raw_base : e - raw_base])
        at += e - s
    cleaned = "".join(parts)
    if not cleaned.strip():
        return None
    return CleanBlock(
        text=cleaned, pieces=pieces, indices=[block.index], kind=block.kind, label=block.label,
        style=block.style, heading_level=block.heading_level, cells=block.cells,
    )


def _is_continuation(prev: CleanBlock, nxt: CleanBlock, rules: NoiseRules) -> bool:
    """True when ``nxt`` is the rest of a sentence that a page break cut off at the end of ``prev``."""
    if prev.kind != "paragraph" or nxt.kind != "paragraph" or nxt.label or nxt.heading_level or prev.heading_level:
        return False
    a, b = prev.text, nxt.text
    if len(a) < 15 or a[-1] in _SENTENCE_END or not ("\u4e00" <= a[-1] <= "\u9fff"):
        return False
    if rules.title_end.search(a) or match_line_marker(b) is not None:
        return False
    head = match_line_marker(a)
    if head is not None and head.family in ("cn_dun", "cn_paren", "chapter") and len(a) <= 40:
        return False  # a short numbered heading without final punctuation
    return True


def _join(prev: CleanBlock, nxt: CleanBlock) -> CleanBlock:
    shift = len(prev.text)
    prev.pieces.extend((c + shift, o, n) for c, o, n in nxt.pieces)
    prev.text += nxt.text
    prev.indices.extend(nxt.indices)
    return prev


def clean(raw: RawDocument) -> CleanDocument:
    """Clean a RawDocument: remove noise, rejoin page-broken lines, find placeholders."""
    rules = noise_rules()
    removals: list[Removal] = []
    blocks: list[CleanBlock] = []
    for block in raw.blocks:
        cleaned = _clean_block(block, rules, removals)
        if cleaned is None:
            continue
        if blocks and _is_continuation(blocks[-1], cleaned, rules):
            prev = blocks[-1]
            gap_start = prev.original_offset(len(prev.text))
            gap_end = cleaned.original_offset(0)
            removals.append(
                Removal(kind="line_join", reason="line broken mid-sentence (page break) rejoined",
                        text=raw.text[gap_start:gap_end], block=cleaned.index, start=gap_start, end=gap_end)
            )
            _join(prev, cleaned)
        else:
            blocks.append(cleaned)
    placeholders = []
    for cb in blocks:
        for rule in rules.placeholder:
            for m in rule.pattern.finditer(cb.text):
                start, end = cb.original_span(m.start(), m.end())
                placeholders.append(Placeholder(text=m.group(0), kind=rule.kind, start=start, end=end, block=cb.index))
    placeholders.sort(key=lambda p: p.start)
    # Drop placeholders nested inside another (e.g. "xx" inside "20xx").
    deduped: list[Placeholder] = []
    for p in placeholders:
        if deduped and p.start < deduped[-1].end:
            if p.end - p.start > deduped[-1].end - deduped[-1].start:
                deduped[-1] = p
            continue
        deduped.append(p)
    removals.sort(key=lambda r: r.start)
    truncated = any(r.kind == "truncation" for r in removals)
    return CleanDocument(raw=raw, blocks=blocks, removals=removals, placeholders=deduped, truncated=truncated)


def explain(text: str) -> tuple[str, list[Removal]]:
    """Clean a string and return (cleaned text, what was removed), like ftfy's fix_and_explain."""
    from planparse.read.types import blocks_from_lines

    doc = clean(RawDocument(text=text, blocks=blocks_from_lines(text)))
    return "\n".join(b.text for b in doc.blocks), doc.removals
