"""Plain-text reading: detect the encoding, refuse binaries, split into line blocks.

Budgets (module constants, read at call time, so a caller may change them; every reader function also
takes ``limit=``):

- ``MAX_TEXT_BYTES`` (50 MB): a file's size is checked *before* it is read (a 5 GB sparse file costs
  nothing), a file that grows while read or a device without a size is read to the limit and no
  further, and standard input is read in 1 MB chunks up to the limit.
- ``MAX_TEXT_LINES`` (1,000,000): one block is made per line; a file of 50 MB of bare line breaks
  would otherwise need 50 million of them.

Memory ceiling of the reader for a file at the limits: the bytes (≤ 50 MB) + the decoded text (≤ 50 M
characters, 1–4 bytes each, ≤ 200 MB; 35–100 MB for Chinese text) + one slice of it per line (the
same again) + 1 M blocks of ~100 bytes (100 MB): ≤ 0.55 GB worst case, about 5× the input for real
Chinese text. What the parser builds afterwards is not counted here.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from planparse.errors import InputError
from planparse.messages import say
from planparse.read.types import RawDocument, blocks_from_lines, count_lines, read_file_bytes

MAX_TEXT_BYTES = 50 * 1024 * 1024
MAX_TEXT_LINES = 2_000_000
CHUNK_BYTES = 1024 * 1024
# Encodings a Chinese plan file can plausibly be in; charset-normalizer chooses among them.
_CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be", "big5hkscs"]
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
]


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\x0b\x0c") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(sample) > 0.05


def _mb(size: int) -> str:
    return f"{size / 1_048_576:,.0f} MB" if size >= 1_048_576 else say("read.bytes", count=f"{size:,}")


_NOUNS = {"file": "read.noun_file", "input": "read.noun_input"}  # what= of read_limited, named in messages


def _too_large(name: str, size: int | None, limit: int, what: str = "file") -> InputError:
    noun = say(_NOUNS[what])
    if size is None:  # a stream: its size is known only to be past the limit
        return InputError(say("read.too_large_stream", name=name, what=noun, limit=_mb(limit)))
    return InputError(say("read.too_large", name=name, what=noun, size=_mb(size), limit=_mb(limit)))


def _limit(limit: int | None) -> int:
    return MAX_TEXT_BYTES if limit is None else limit


def read_limited(handle: BinaryIO, limit: int, name: str, what: str = "file") -> bytes:
    """Read ``handle`` to its end in chunks, refusing (InputError) as soon as it holds more than ``limit``
    bytes: at most ``limit`` + one chunk is ever in memory, whatever the stream is."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = handle.read(min(CHUNK_BYTES, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_large(name, None, limit, what)
    return b"".join(chunks)


def read_text_file(path: str | Path, source: str | None = None, limit: int | None = None) -> RawDocument:
    """Read a text file of any encoding into a RawDocument, checking its size before reading."""
    path = Path(path)
    name = source or str(path)
    limit = _limit(limit)
    data = read_file_bytes(
        path, name, say("read.kind_text"),
        read=lambda handle, _size: read_limited(handle, limit, name),  # bounded even if the file grows
        refuse=lambda size: _too_large(name, size, limit) if size > limit else None,
    )
    return read_text_bytes(data, source=name, limit=limit)


def read_text_stream(stream: BinaryIO, source: str = "<stdin>", limit: int | None = None) -> RawDocument:
    """Read a binary stream (standard input: ``sys.stdin.buffer``) in chunks up to the limit."""
    limit = _limit(limit)
    try:
        data = read_limited(stream, limit, source, what="input")
    except OSError as exc:
        raise InputError(say("read.cannot_read", name=source, reason=exc.strerror or exc)) from None
    return read_text_bytes(data, source=source, limit=limit)


def decode_text(data: bytes, source: str | None = None, limit: int | None = None) -> tuple[str, str]:
    """Decode bytes to text and name the encoding. Raises InputError for binary, undecodable or too
    large data."""
    name = source or "input"
    limit = _limit(limit)
    if len(data) > limit:
        raise _too_large(name, len(data), limit)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                break
            return text.lstrip("\ufeff"), label
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Most legacy Chinese files are GB18030/GBK or Big5; let charset-normalizer pick among those.
        best = from_bytes(data, cp_isolation=_CANDIDATES).best() if b"\x00" not in data[:4096] or len(data) % 2 == 0 else None
        if best is None:
            raise InputError(say("read.not_text", name=name)) from None
        encoding = best.encoding.replace("_", "-")
        if encoding in ("gb2312", "gbk"):
            encoding = "gb18030"  # a superset: decodes every GBK file and more
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            text = str(best)
    if "\x00" in text or _looks_binary(text):
        raise InputError(say("read.binary", name=name))
    return text, encoding


def _blocks(text: str, name: str) -> list:
    lines = count_lines(text)
    if lines > MAX_TEXT_LINES:
        raise InputError(say("read.too_many_lines", name=name, lines=lines, limit=MAX_TEXT_LINES))
    return blocks_from_lines(text)


def read_text_bytes(data: bytes, source: str | None = None, limit: int | None = None) -> RawDocument:
    text, encoding = decode_text(data, source, limit)
    return RawDocument(text=text, blocks=_blocks(text, source or "input"), source=source, format="text",
                       encoding=encoding)


def document_from_text(text: str, source: str | None = None) -> RawDocument:
    return RawDocument(text=text, blocks=_blocks(text, source or "input"), source=source, format="text", encoding=None)
