"""Document-viewer chunk counters: ``1、`` ``2、`` ``3、`` that a viewer prints at the start of each chunk.

A viewer page splits a document into fixed-size chunks and numbers them, so the counter lands wherever the
chunk boundary falls, often inside a word (``…工会的`` / ``2、首要政治任务…``). A single line-start
marker cannot tell a counter from a list item; the run of them can: counters run 1, 2, 3 over long chunks,
and each one after the first follows a chunk that stops mid-sentence. When a run shows that pattern at
least twice (or once when the text has no other line breaks), every member is a counter: it goes to the
removal log and the cut sentence is rejoined.
"""

from __future__ import annotations

from planparse.clean import CleanBlock, CleanDocument, drop_prefix, join_blocks, join_removal
from planparse.model import Removal
from planparse.structure.joins import DIGIT_COUNTER as _DIGIT_COUNTER, stops_inside_brackets
from planparse.structure.outline import Decision
from planparse.text.lexicon import char_set
from planparse.text.markers import Marker

# A viewer chunk is long; list items that happen to follow an unpunctuated line are short.
CHUNK_MIN = 80
# A line this long that stops without punctuation was cut mid-sentence.
LONG_LINE = 120
# The last line of a chunk may be shorter than a chunk (the viewer kept the document's own line breaks):
# it is still prose cut mid-sentence when it holds a sentence of its own and is this long. A heading that
# introduces a list (一、围绕中心，组织劳动竞赛) has no full stop inside and is shorter.
PROSE_MIN = 40
# A chunk that ends on punctuation (data/lexicon.toml [punctuation]) did not stop mid-word.
_END_PUNCTUATION = char_set("clause_end", "ellipsis", "closing", "decimal_point", "comma", "list_comma")
_SENTENCE_END = char_set("clause_end")


def _cut_mid_sentence(block: CleanBlock) -> bool:
    text = block.text
    if len(text) < PROSE_MIN or text[-1] in _END_PUNCTUATION:
        return False
    return len(text) >= LONG_LINE or any(ch in _SENTENCE_END for ch in text)


# What follows a counter when the chunk cut a word: the word's last characters and the sentence's end (2、用。).
# No list item is this short.
TAIL_MAX = 4


def _tail_of_a_word(block: CleanBlock, marker: Marker) -> bool:
    rest = block.text[marker.end :].strip()
    return 0 < len(rest) <= TAIL_MAX and rest[-1] in _SENTENCE_END and not _END_PUNCTUATION.intersection(rest[:-1])


def _cut_before(blocks: list[CleanBlock], k: int) -> bool:
    return _cut_mid_sentence(blocks[k - 1]) or (bool(blocks[k - 1].text) and stops_inside_brackets(blocks[k - 1].text))


def _interleaved_runs(blocks: list[CleanBlock], markers: dict[int, Marker]) -> tuple[list[list[int]], list[int]]:
    """Counters that run through a list of the document's own written the same way (1、…3、 / 2、选… / 4、):
    each one out of the list's order and after a line cut mid-sentence or inside quotes, numbered on from the
    last; the first 1、 of the page heads them when they start at 2 (the first chunk opens the page).

    Returns those runs and the lone ones that cut a quoted phrase (开展“法官讲 / 2、堂进社区”…): out of order
    and inside quotes, a counter even without a run."""
    runs: list[list[int]] = []
    quoted: list[int] = []
    last_number: dict[str, int] = {}  # the number of the last marker written each way, counter or not
    first_one: dict[str, int] = {}
    open_runs: dict[str, list[int]] = {}
    for k, marker in markers.items():
        style = marker.text.lstrip("0123456789０１２３４５６７８９ ")
        before = last_number.get(style)
        last_number[style] = marker.number
        if marker.number == 1:
            first_one.setdefault(style, k)
        if before is None or marker.number == before + 1 or k == 0 or not _cut_before(blocks, k):
            continue
        if blocks[k - 1].text and stops_inside_brackets(blocks[k - 1].text):
            quoted.append(k)
        run = open_runs.get(style)
        if run and markers[run[-1]].number + 1 == marker.number:
            run.append(k)
        elif marker.number == 2 and first_one.get(style, k) < k:
            open_runs[style] = [first_one[style], k]
            runs.append(open_runs[style])
        else:
            open_runs[style] = [k]
            runs.append(open_runs[style])
    runs = [run for run in runs if len(run) > 1]
    # a lone quoted cut stays lone when its run is only the page's first 1、 and itself
    in_runs = {k for run in runs if len(run) > 2 or markers[run[0]].number != 1 for k in run}
    return runs, [k for k in quoted if k not in in_runs]


def remove_viewer_counters(doc: CleanDocument, explain: list[Decision] | None = None) -> None:
    """Find runs of chunk counters in ``doc.blocks``, log them as removals and rejoin the cut text."""
    blocks = doc.blocks
    markers: dict[int, Marker] = {}  # block position -> its opening 1、 2、 …
    # The current run of 1、2、3、 candidates per way of writing the marker: a viewer writes its counters one
    # way (1、), and a list of the document's own (1. 2. 3.) may run between them.
    current: dict[str, list[int]] = {}
    runs: list[list[int]] = []
    for k, block in enumerate(blocks):
        if block.kind != "paragraph" or block.label or not block.text[:1].isdigit():
            continue
        marker = block.opening_marker()
        if marker is None or marker.family != "digit" or marker.start != 0:
            continue
        markers[k] = marker
        style = marker.text.lstrip("0123456789０１２３４５６７８９ ")
        run = current.setdefault(style, [])
        if marker.number == 1:
            if len(run) > 1:
                runs.append(run)
            current[style] = [k]
        elif run and marker.number == len(run) + 1:
            run.append(k)
    runs.extend(run for run in current.values() if len(run) > 1)
    interleaved, lone = _interleaved_runs(blocks, markers)
    runs.extend(interleaved)
    counters: list[int] = []
    for run in runs:
        cut = sum(1 for k in run[1:] if k > 0 and (_cut_before(blocks, k) or _tail_of_a_word(blocks[k], markers[k])))
        # A chunk runs from its counter to the next one, over however many lines the viewer kept; the last
        # chunk may be cut short.
        long_chunks = all(sum(len(b.text) for b in blocks[k:nxt]) >= CHUNK_MIN for k, nxt in zip(run, run[1:]))
        if long_chunks and (cut >= 2 or (cut == len(run) - 1 and len(blocks) <= len(run) + 3)):
            counters.extend(run)
    counters = sorted(set(counters).union(lone))
    if not counters:
        _join_after_quotes(doc)
        return
    removed: set[int] = set()
    for k in counters:
        block, marker = blocks[k], markers[k]
        start, end = block.original_span(0, marker.end)
        doc.removals.append(Removal(kind="viewer_counter", reason="document-viewer chunk counter at a chunk start",
                                    text=doc.raw.text[start:end], block=block.index, start=start, end=end))
        if explain is not None:
            explain.append(Decision(block.index + 1, marker.text, "noise",
                                    "document-viewer chunk counter: 1、2、3、 over long chunks that cut sentences"))
        drop_prefix(block, marker.end)
        prev = k - 1
        while prev in removed:
            prev -= 1
        if k > 0 and prev >= 0 and _cut_before(blocks, prev + 1):
            doc.removals.append(join_removal(doc.raw, blocks[prev], block, "sentence cut by a viewer chunk rejoined"))
            join_blocks(blocks[prev], block)
            removed.add(k)
    doc.blocks = [b for k, b in enumerate(blocks) if k not in removed]
    _join_after_quotes(doc)
    doc.removals.sort(key=lambda r: r.start)


def _join_after_quotes(doc: CleanDocument) -> None:
    """What structure.joins left for this module: a line opening with 3、 after a line cut inside quotes. Not a
    counter, it is still the rest of the quoted phrase, as joins would read it."""
    blocks: list[CleanBlock] = []
    joined = False
    for block in doc.blocks:
        prev = blocks[-1] if blocks else None
        if (prev is not None and prev.kind == "paragraph" and block.kind == "paragraph" and prev.text
                and block.text[:1].isdigit() and _DIGIT_COUNTER.match(block.text) and stops_inside_brackets(prev.text)):
            doc.removals.append(join_removal(doc.raw, prev, block, "line broken mid-sentence (page break) rejoined"))
            join_blocks(prev, block)
            joined = True
        else:
            blocks.append(block)
    if joined:
        doc.blocks = blocks
        doc.removals.sort(key=lambda r: r.start)
