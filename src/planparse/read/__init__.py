"""Readers: every input format becomes a RawDocument of blocks with provenance."""

from __future__ import annotations

from pathlib import Path

from planparse.errors import InputError
from planparse.read.text import decode_text, read_text_bytes, read_text_file, read_text_stream
from planparse.read.types import OLE_MAGIC, ZIP_MAGIC, Block, RawDocument, blocks_from_lines

__all__ = ["Block", "RawDocument", "blocks_from_lines", "decode_text", "read_path", "read_text_bytes", "read_text_file",
           "read_text_stream"]


def read_path(path: str | Path) -> RawDocument:
    """Read one file of any supported format, choosing the reader by content first, then by suffix."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder (use planparse.load_folder, or `planparse parse` on the folder)")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    suffix = path.suffix.lower()
    if head.startswith(ZIP_MAGIC) or suffix == ".docx":
        from planparse.read.docx import read_docx

        return read_docx(path, source=str(path))
    if head.startswith(OLE_MAGIC) or suffix in (".doc", ".wps"):
        from planparse.read.doc import read_doc

        return read_doc(path)
    return read_text_file(path, source=str(path))  # size checked before reading (read.text.MAX_TEXT_BYTES)
