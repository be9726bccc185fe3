"""What every reader produces: a RawDocument of blocks with provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "table_row"]


@dataclass
class Block:
    """One paragraph (or table row) of the source, before cleaning.

    ``start``/``end`` index into ``RawDocument.text``. ``label`` is a number rendered from Word's
    automatic numbering (it is not part of ``text``). ``heading_level`` is 1-based when a style or
    outline level says the block is a heading.
    """

    text: str
    index: int
    start: int
    end: int
    kind: BlockKind = "paragraph"
    label: str | None = None
    style: str | None = None
    heading_level: int | None = None
    cells: list[str] | None = None


@dataclass
class RawDocument:
    text: str
    blocks: list[Block]
    source: str | None = None
    format: str = "text"
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")


def blocks_from_lines(text: str) -> list[Block]:
    """Split text into one block per line, keeping exact spans (line breaks belong to no block).

    The break set is str.splitlines()'s, so every character is either in a block or a line break.
    """
    blocks: list[Block] = []
    pos = 0
    for brk in _LINE_BREAK.finditer(text):
        blocks.append(Block(text=text[pos : brk.start()], index=len(blocks), start=pos, end=brk.start()))
        pos = brk.end()
    blocks.append(Block(text=text[pos:], index=len(blocks), start=pos, end=len(text)))
    return blocks
