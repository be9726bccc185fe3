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
    counters: list[int] = []
    for run in runs:
        cut = sum(1 for k in run[1:] if k > 0 and (_cut_mid_sentence(blocks[k - 1]) or _tail_of_a_word(blocks[k], markers[k])))
        # A chunk runs from its counter to the next one, over however many lines the viewer kept; the last
        # chunk may be cut short.
        long_chunks = all(sum(len(b.text) for b in blocks[k:nxt]) >= CHUNK_MIN for k, nxt in zip(run, run[1:]))
        if long_chunks and (cut >= 2 or (cut == len(run) - 1 and len(blocks) <= len(run) + 3)):
            counters.extend(run)
    if not counters:
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
        if k > 0 and prev >= 0 and _cut_mid_sentence(blocks[prev]):
            doc.removals.append(join_removal(doc.raw, blocks[prev], block, "sentence cut by a viewer chunk rejoined"))
            join_blocks(blocks[prev], block)
            removed.add(k)
    doc.blocks = [b for k, b in enumerate(blocks) if k not in removed]
    doc.removals.sort(key=lambda r: r.start)
