"""The diff as a Word document with tracked changes (a redline), for people who review plans in Word or WPS.

    d = planparse.diff("2024年计划.docx", "2025年计划.docx")
    d.to_docx("对比.docx")        # or: planparse diff OLD NEW --out 对比.docx

The document is the new plan laid out like ``planparse export --to docx`` (GB/T 9704 fonts and page, markers
as the new plan writes them), carrying Word revisions by author ``planparse`` dated at the run:

- a reworded paragraph (``modified``) keeps its place, with the word-level diff of the HTML report as
  ``w:del`` / ``w:ins`` runs (the same jieba words: ``plandiff.tokenize_changed`` / ``inline_diff``);
- an ``added`` paragraph is inserted whole, its paragraph mark included (``w:ins`` in ``w:pPr/w:rPr``);
- a ``removed`` paragraph stays at its old place as a deletion, mark included;
- a ``moved`` paragraph, and sections or measures that swapped places (``unchanged`` but reordered in the
  JSON), are ``w:moveFrom`` at the old place and ``w:moveTo`` at the new one, one pair of ranges with one
  name per run of consecutive paragraphs; words reworded on the way are a ``w:del`` inside the source and a
  ``w:ins`` inside the destination. Chosen over a deletion + insertion with a comment: it is Word's own markup
  for a move (the two halves paired by name), and LibreOffice 7.4 reads it too (drawn in its move colour, written back as moves
  when it saves the file; tests/test_redline.py checks the round trip);
- renumbering alone is no revision: the new number is plain text. A difference the JSON calls no change
  (full-width forms, a final stop) is still a revision, so that rejecting gives the old text exactly;
- target changes (``20名 → 30名``) and the domain-emphasis summary are Word comments, in the interface
  language (``planparse.messages``); a half of a split or merge, which has no partner to sit beside, gets a
  comment saying where the other half is.

Accepting every revision gives the new plan's paragraphs, rejecting every revision the old plan's, in order
(markers aside): the paragraphs kept in place are a heaviest common subsequence of the two orders
(``_pairs``), everything else is a move, an insertion or a deletion placed between them.

python-docx builds the document, its paragraphs and runs (with ``planparse.export``'s layout) and the
comments part; it has no API for tracked changes, so the revision elements (``w:ins``, ``w:del``,
``w:moveFrom``, ``w:moveTo``, their ranges and paragraph marks) are made here with its lxml element factory.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from planparse.messages import language, say
from planparse.plandiff.records import Change, NodeRef, PlanDiff, Segment

AUTHOR = "planparse"
INITIALS = "PP"

# What a side of a block shows each op of a segment as: None is plain text, a tag is that revision, and an op
# missing from the map is not on this side (the old side never shows inserted words, the new side deleted ones).
_SAME = {"equal": None, "delete": "del", "insert": "ins"}
_DELETION = ("del", "moveFrom")  # revisions whose text is gone once accepted (w:delText)


@dataclass
class Block:
    """One node of either version as it is written into the document (one or more paragraphs)."""

    side: str  # same: in place, both versions | old: only the old version's reading | new: only the new one's
    revision: str | None  # the block's own revision: del/moveFrom (side old), ins/moveTo (side new), None (same)
    marker: str
    segments: list[Segment]  # equal/delete/insert runs; the text of a side is its equal runs and its own ops
    level: int  # export outline level of the first line: 1 section heading, 2 item, 3 child, 0 body
    kind: str = "node"  # node | title | signature
    move: str | None = None  # move range name (moveFrom/moveTo blocks)
    move_start: bool = False
    move_end: bool = False
    comments: list[str] = field(default_factory=list)

    def runs(self) -> list[tuple[str | None, str]]:
        """(revision tag or None, text) in reading order; ``\\n`` inside a text ends a paragraph."""
        ops = _SAME if self.side == "same" else (
            {"equal": self.revision, "delete": "del"} if self.side == "old" else {"equal": self.revision, "insert": "ins"})
        out: list[tuple[str | None, str]] = []
        if self.marker:
            out.append((self.revision, self.marker))
        out += [(ops[s.op], s.text) for s in self.segments if s.op in ops and s.text]
        return out


# --- which paragraphs stay in place ---------------------------------------------------------------
def _heaviest_increasing(keys: list[int], weights: list[float]) -> list[int]:
    """Indices of a heaviest strictly increasing subsequence of ``keys`` (distinct), in order.

    Hand-written (a Fenwick tree of prefix maxima, O(n log n)): the LIS helpers of PyPI count elements and
    do not weigh them, and a plan of 10,000 measures rules out the quadratic dynamic programme.
    """
    rank = {key: r for r, key in enumerate(sorted(keys), 1)}
    size = len(rank)
    tree_best, tree_at = [0.0] * (size + 1), [-1] * (size + 1)
    best, previous = [0.0] * len(keys), [-1] * len(keys)
    for i, key in enumerate(keys):
        r, top, at = rank[key] - 1, 0.0, -1
        while r > 0:  # the best chain ending below this key
            if tree_best[r] > top:
                top, at = tree_best[r], tree_at[r]
            r -= r & -r
        best[i], previous[i] = top + weights[i], at
        r = rank[key]
        while r <= size:
            if best[i] > tree_best[r]:
                tree_best[r], tree_at[r] = best[i], i
            r += r & -r
    if not keys:
        return []
    chain, i = [], max(range(len(keys)), key=best.__getitem__)
    while i >= 0:
        chain.append(i)
        i = previous[i]
    return chain[::-1]


def _pairs(changes: list[Change]) -> tuple[list[Change], list[Change]]:
    """(records shown in place, records shown as moves): each old and each new node in at most one of them.

    In place: among records pairing an old and a new node (not ``moved``: a measure that changed parents is a
    move even where the flat order allows it to stay), one per node by similarity, then the heaviest subsequence
    increasing in both orders (a reordered record weighs half, so the one the JSON calls reordered moves).
    Moves: the remaining pairs whose two nodes are both still free.
    """
    def strength(c: Change) -> float:
        return c.similarity if c.similarity is not None else 1.0

    paired = sorted((c for c in changes if c.old is not None and c.new is not None), key=strength, reverse=True)
    used_old: set[int] = set()
    used_new: set[int] = set()
    candidates = []
    for change in paired:
        if change.kind != "moved" and change.old.order not in used_old and change.new.order not in used_new:
            used_old.add(change.old.order)
            used_new.add(change.new.order)
            candidates.append(change)
    candidates.sort(key=lambda c: c.old.order)
    chain = _heaviest_increasing([c.new.order for c in candidates], [0.5 if c.reordered else 1.0 for c in candidates])
    in_place = [candidates[i] for i in chain]
    used_old = {c.old.order for c in in_place}
    used_new = {c.new.order for c in in_place}
    moves = []
    for change in paired:
        if change.old.order not in used_old and change.new.order not in used_new:
            used_old.add(change.old.order)
            used_new.add(change.new.order)
            moves.append(change)
    return in_place, moves


# --- the blocks of the document -------------------------------------------------------------------
def _segments(old: str, new: str, known: list[Segment] | None = None) -> list[Segment]:
    """The inline diff of two texts: the record's own when it has one, else computed the same way."""
    if old == new:
        return [Segment(op="equal", text=new)] if new else []
    if known:
        return list(known)
    from planparse.plandiff import inline_diff, tokenize_changed

    return inline_diff(*tokenize_changed(old, new))


def _level(ref: NodeRef) -> int:
    if ref.node == "section":
        return 1
    return ref.level + 1 if ref.node == "item" else 0


def _marker(ref: NodeRef) -> str:
    return ref.marker or "" if ref.node in ("section", "item") else ""


def _where(ref: NodeRef) -> str:
    from planparse.plandiff.render import where

    return where(ref)


def _target_comment(change: Change) -> str:
    from planparse.plandiff.render import target_delta, target_text

    lines = [say("redline.targets")]
    for t in change.target_changes:
        delta = target_delta(t)
        lines.append(say("redline.target", change=target_text(t), delta=delta) if delta else target_text(t))
    return "\n".join(lines)


def _domain_comment(diff: PlanDiff) -> str | None:
    if not diff.domains.classified:
        return None
    from planparse.classify.taxonomy import load_taxonomy

    names = {d.id: (d.zh if language() == "zh" else d.en) for d in load_taxonomy()}
    changed = [r for r in diff.domains.rows if r.delta]
    lines = [say("redline.domains")]
    lines += [say("redline.domain", name=names.get(r.domain, r.domain), old=r.old, new=r.new, delta=f"{r.delta:+d}")
              for r in changed]
    lines.append(say("redline.domains_unchanged") if changed else say("redline.domains_same"))
    return "\n".join(lines)


def blocks(diff: PlanDiff, signatures: tuple[str, str] | None = None) -> list[Block]:
    """The document as blocks, in reading order: title, the plan's nodes, signature.

    ``signatures``: the old and new plans' signature blocks, when known (a diff read back from JSON has none).
    """
    changes = diff.changes
    old_refs = {c.old.order: c.old for c in changes if c.old is not None}
    new_refs = {c.new.order: c.new for c in changes if c.new is not None}
    in_place, moves = _pairs(changes)
    placed_old = {c.old.order: c for c in in_place}
    placed_new = {c.new.order: c for c in in_place}
    moved_old = {c.old.order: c for c in moves}
    moved_new = {c.new.order: c for c in moves}

    # Move ranges: runs of pairs consecutive in both versions share one name.
    old_next = dict(itertools.pairwise(sorted(old_refs)))
    new_next = dict(itertools.pairwise(sorted(new_refs)))
    names: dict[str, str] = {}
    ends: set[str] = set()
    starts: set[str] = set()
    run = 0
    previous: Change | None = None
    for change in sorted(moves, key=lambda c: c.new.order):
        if (previous is not None and old_next.get(previous.old.order) == change.old.order
                and new_next.get(previous.new.order) == change.new.order):
            names[change.id] = names[previous.id]
        else:
            if previous is not None:
                ends.add(previous.id)
            run += 1
            names[change.id] = f"planparse_move{run}"
            starts.add(change.id)
        previous = change
    if previous is not None:
        ends.add(previous.id)

    by_node: dict[tuple[str, int], Block] = {}  # ("old"/"new", order) -> the block showing that node

    def make_same(change: Change) -> Block:
        block = Block("same", None, _marker(change.new), _segments(change.old.text, change.new.text, change.inline),
                      _level(change.new))
        by_node[("old", change.old.order)] = by_node[("new", change.new.order)] = block
        return block

    def make_old(order: int) -> Block:
        ref = old_refs[order]
        move = moved_old.get(order)
        if move is not None:
            block = Block("old", "moveFrom", _marker(ref), _segments(ref.text, move.new.text, move.inline), _level(ref),
                          move=names[move.id], move_start=move.id in starts, move_end=move.id in ends)
        else:
            block = Block("old", "del", _marker(ref), [Segment(op="equal", text=ref.text)] if ref.text else [], _level(ref))
        by_node[("old", order)] = block
        return block

    def make_new(order: int) -> Block:
        ref = new_refs[order]
        move = moved_new.get(order)
        if move is not None:
            block = Block("new", "moveTo", _marker(ref), _segments(move.old.text, ref.text, move.inline), _level(ref),
                          move=names[move.id], move_start=move.id in starts, move_end=move.id in ends)
        else:
            block = Block("new", "ins", _marker(ref), [Segment(op="equal", text=ref.text)] if ref.text else [], _level(ref))
        by_node[("new", order)] = block
        return block

    # Reading order: the blocks kept in place, and between two of them the old-only blocks (old order), then
    # the new-only ones (new order). Rejecting drops the new-only ones, accepting the old-only ones.
    in_place.sort(key=lambda c: c.old.order)
    anchors_old = [c.old.order for c in in_place]
    anchors_new = [c.new.order for c in in_place]
    gaps_old: list[list[int]] = [[] for _ in range(len(in_place) + 1)]
    gaps_new: list[list[int]] = [[] for _ in range(len(in_place) + 1)]
    for order in sorted(old_refs):
        if order not in placed_old:
            gaps_old[bisect.bisect_left(anchors_old, order)].append(order)
    for order in sorted(new_refs):
        if order not in placed_new:
            gaps_new[bisect.bisect_left(anchors_new, order)].append(order)
    body: list[Block] = []
    for k in range(len(in_place) + 1):
        body += [make_old(order) for order in gaps_old[k]]
        body += [make_new(order) for order in gaps_new[k]]
        if k < len(in_place):
            body.append(make_same(in_place[k]))

    # Comments, on the block showing the record's new node (its old one when it has none).
    shown_as_pairs = {c.id for c in in_place} | {c.id for c in moves}
    for change in changes:
        sides = [("new", change.new.order) if change.new else None, ("old", change.old.order) if change.old else None]
        shown = [by_node[s] for s in sides if s is not None and s in by_node]
        if not shown:
            continue
        if change.target_changes:
            shown[0].comments.append(_target_comment(change))
        if change.old is not None and change.new is not None and change.id not in shown_as_pairs:
            # Half of a split or merge (or a pair whose nodes went elsewhere): say where the other half is.
            if change.new.order in placed_new or change.new.order in moved_new:
                by_node[("old", change.old.order)].comments.append(say("redline.merged_into", where=_where(change.new)))
            else:
                by_node[("new", change.new.order)].comments.append(say("redline.split_from", where=_where(change.old)))

    title = Block("same", None, "", _segments(diff.old_plan.title, diff.new_plan.title), 0, kind="title")
    summary = _domain_comment(diff)
    if summary:
        title.comments.append(summary)
    out = ([title] if diff.old_plan.title or diff.new_plan.title or summary else []) + body
    if signatures and any(s.strip() for s in signatures):
        old_sig, new_sig = (s.strip() for s in signatures)
        out.append(Block("same", None, "", _segments(old_sig, new_sig), 0, kind="signature"))
    return out


# --- writing the .docx ----------------------------------------------------------------------------
class _Writer:
    """Blocks to paragraphs of a python-docx Document, revisions as lxml elements."""

    def __init__(self, doc, date: datetime, first_id: int) -> None:
        self.doc = doc
        self.date = date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.ids = itertools.count(first_id)
        self.ranges: dict[tuple[str, str], str] = {}  # (revision, move name) -> id of its range start

    def element(self, tag: str, *, revision: bool = True, **attrs: str):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        el = OxmlElement(f"w:{tag}")
        if revision:
            el.set(qn("w:id"), str(next(self.ids)))
            el.set(qn("w:author"), AUTHOR)
            el.set(qn("w:date"), self.date)
        for name, value in attrs.items():
            el.set(qn(f"w:{name}"), value)
        return el

    def paragraph(self, block: Block):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        from planparse.export import BODY_SIZE, TITLE_SIZE, format_paragraph

        para = self.doc.add_paragraph()
        if block.kind == "title":
            format_paragraph(para, TITLE_SIZE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif block.kind == "signature":
            format_paragraph(para, BODY_SIZE, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        else:
            format_paragraph(para, BODY_SIZE)
        return para

    def font(self, block: Block, first: bool) -> tuple[str, bool, float]:
        from planparse.export import BODY_FONT, BODY_SIZE, TITLE_FONT, TITLE_SIZE, level_font

        if block.kind == "title":
            return TITLE_FONT, False, TITLE_SIZE
        if block.kind == "signature" or not first:
            return BODY_FONT, False, BODY_SIZE
        return (*level_font(block.level), BODY_SIZE)

    def text(self, para, block: Block, first: bool, tag: str | None, text: str) -> None:
        from docx.oxml.ns import qn

        from planparse.export import add_runs, placeholder_pieces

        font, bold, size = self.font(block, first)
        pieces = placeholder_pieces(text) if block.kind != "signature" else [(text, False)]
        runs = add_runs(para, pieces, font, bold, size)
        if tag is None or not runs:
            return
        p = para._p
        wrapper = p[-1 - len(runs)] if len(p) > len(runs) else None
        if wrapper is None or wrapper.tag != qn(f"w:{tag}"):
            wrapper = self.element(tag)
            runs[0]._r.addprevious(wrapper)
        for run in runs:
            wrapper.append(run._r)  # moves the run into the revision
            if tag in _DELETION:
                for t in run._r.iter(qn("w:t")):
                    t.tag = qn("w:delText")

    def mark(self, para, tag: str | None) -> None:
        """The paragraph mark's revision: ``<w:pPr><w:rPr><w:ins …/></w:rPr></w:pPr>``."""
        from docx.oxml.ns import qn

        if tag is None:
            return
        ppr = para._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = self.element("rPr", revision=False)
            ppr.append(rpr)  # after the spacing/indent/alignment format_paragraph wrote, as the schema orders them
        rpr.append(self.element(tag))

    def block(self, block: Block) -> list:
        from docx.oxml.ns import qn

        paragraphs = [self.paragraph(block)]
        if block.move and block.move_start:
            start = self.element(f"{block.revision}RangeStart", name=block.move)
            self.ranges[(block.revision, block.move)] = start.get(qn("w:id"))
            paragraphs[0]._p.append(start)
        for tag, text in block.runs():
            for k, line in enumerate(text.split("\n")):
                if k:  # a paragraph mark inside the text, with the revision of its run
                    self.mark(paragraphs[-1], tag)
                    paragraphs.append(self.paragraph(block))
                if line:
                    self.text(paragraphs[-1], block, len(paragraphs) == 1, tag, line)
        if block.move and block.move_end:
            paragraphs[-1]._p.append(self.element(f"{block.revision}RangeEnd", revision=False,
                                                  id=self.ranges[(block.revision, block.move)]))
        self.mark(paragraphs[-1], block.revision)
        return paragraphs

    def comment(self, paragraphs: list, text: str) -> None:
        from docx.oxml.ns import qn

        from planparse.export import xml_safe

        comment = self.doc.comments.add_comment(text=xml_safe(text), author=AUTHOR, initials=INITIALS)
        cid = str(comment.comment_id)
        first, last = paragraphs[0]._p, paragraphs[-1]._p
        ppr = first.find(qn("w:pPr"))
        start = self.element("commentRangeStart", revision=False, id=cid)
        if ppr is not None:
            ppr.addnext(start)
        else:
            first.insert(0, start)
        last.append(self.element("commentRangeEnd", revision=False, id=cid))
        reference = self.element("r", revision=False)
        style = self.element("rPr", revision=False)
        style.append(self.element("rStyle", revision=False, val="CommentReference"))
        reference.append(style)
        reference.append(self.element("commentReference", revision=False, id=cid))
        last.append(reference)


def to_docx(diff: PlanDiff, out: str | Path, *, signatures: tuple[str, str] | None = None,
            date: datetime | None = None) -> Path:
    """Write the redline of ``diff`` to ``out`` (atomically: a temporary file beside it, renamed when complete)."""
    from planparse.export import new_document
    from planparse.safe_io import atomic_target

    doc = new_document()
    shown = blocks(diff, signatures)
    # Comments are numbered 0… by python-docx; revisions take the ids after them, so no two annotations share one.
    writer = _Writer(doc, date or datetime.now(timezone.utc), first_id=sum(len(b.comments) for b in shown))
    placed = [(block, writer.block(block)) for block in shown]
    for block, paragraphs in placed:
        for text in block.comments:
            writer.comment(paragraphs, text)
    out = Path(out)
    with atomic_target(out) as tmp:
        doc.save(str(tmp))
    return out
