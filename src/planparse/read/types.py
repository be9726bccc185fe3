"""What every reader produces: a RawDocument of blocks with provenance."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from planparse.errors import InputError
from planparse.messages import say
from planparse.model import Removal

BlockKind = Literal["paragraph", "table_row"]

# File signatures: a .docx is a zip package; .doc and .wps are OLE compound files.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(slots=True)  # one per line of a text file: ~100 bytes each instead of ~270 with a __dict__
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
    # What the reader itself removed or changed (a PDF's running headers and page numbers, OCR fixes), with
    # offsets into ``text``; cleaning starts its log with these.
    removals: list[Removal] = field(default_factory=list)


_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")  # what str.splitlines() breaks on


def count_lines(text: str) -> int:
    """How many blocks ``blocks_from_lines(text)`` makes, counted without building them."""
    return sum(text.count(ch) for ch in _BREAKS) - text.count("\r\n") + 1


def blocks_from_lines(text: str) -> list[Block]:
    """Split text into one block per line, keeping exact spans (line breaks belong to no block).

    A text ending in a line break (or empty) ends with an empty block. The lines from ``splitlines``
    are the blocks' texts (one copy of the text in all); each break is one character or "\r\n".
    """
    blocks: list[Block] = []
    pos = 0
    for body in text.splitlines():
        end = pos + len(body)
        blocks.append(Block(text=body, index=len(blocks), start=pos, end=end))
        pos = end + (2 if text.startswith("\r\n", end) else 1)
    if not text or text[-1] in _BREAKS:
        blocks.append(Block(text="", index=len(blocks), start=len(text), end=len(text)))
    return blocks


def read_file_bytes(
    path: Path, name: str, what: str, read: Callable[[BinaryIO, int], bytes], refuse: Callable[[int], InputError | None]
) -> bytes:
    """Open ``path``, let ``refuse(size)`` turn it down before a byte is read, then ``read(handle, size)``.

    Every reader maps the same OS errors to the same one-line messages (``what`` names the expected file,
    in the interface's language: ``say("read.kind_text")``).
    """
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            refusal = refuse(size)
            if refusal is not None:
                raise refusal
            return read(handle, size)
    except IsADirectoryError:
        raise InputError(say("read.is_folder", name=name, what=what)) from None
    except FileNotFoundError:
        raise InputError(say("read.no_such_file", name=name)) from None
    except OSError as exc:
        raise InputError(say("read.cannot_read", name=name, reason=exc.strerror or exc)) from None
