"""Plain-text reading: detect the encoding, refuse binaries, split into line blocks."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from planparse.errors import InputError
from planparse.read.types import RawDocument, blocks_from_lines

MAX_TEXT_BYTES = 64 * 1024 * 1024
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


def decode_text(data: bytes, source: str | None = None) -> tuple[str, str]:
    """Decode bytes to text and name the encoding. Raises InputError for binary or undecodable data."""
    name = source or "input"
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(f"{name}: file too large ({len(data) // 1_048_576} MB; the limit is {MAX_TEXT_BYTES // 1_048_576} MB)")
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
            raise InputError(f"{name}: not a text file, or its encoding cannot be detected") from None
        encoding = best.encoding.replace("_", "-")
        if encoding in ("gb2312", "gbk"):
            encoding = "gb18030"  # a superset: decodes every GBK file and more
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            text = str(best)
    if "\x00" in text or _looks_binary(text):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text, encoding


def read_text_bytes(data: bytes, source: str | None = None) -> RawDocument:
    text, encoding = decode_text(data, source)
    return RawDocument(text=text, blocks=blocks_from_lines(text), source=source, format="text", encoding=encoding)


def document_from_text(text: str, source: str | None = None) -> RawDocument:
    return RawDocument(text=text, blocks=blocks_from_lines(text), source=source, format="text", encoding=None)
