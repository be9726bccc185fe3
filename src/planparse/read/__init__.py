"""Readers: every input format becomes a RawDocument of blocks with provenance."""

from __future__ import annotations

from pathlib import Path

from planparse.errors import InputError
from planparse.messages import say
from planparse.read.text import decode_text, read_text_bytes, read_text_file, read_text_stream
from planparse.read.types import OLE_MAGIC, ZIP_MAGIC, Block, RawDocument, blocks_from_lines

__all__ = ["Block", "RawDocument", "blocks_from_lines", "decode_text", "read_path", "read_text_bytes", "read_text_file",
           "read_text_stream"]


# Files that are not plan documents, named by what they are (suffix first, then the file's first bytes); the
# names are [file_kind] of data/messages/files.toml.
_NOT_PLANS = {
    ".xlsx": "excel", ".xlsm": "excel", ".xls": "excel", ".et": "wps_sheet",
    ".pptx": "powerpoint", ".ppt": "powerpoint", ".dps": "wps_presentation", ".png": "png", ".jpg": "jpeg",
    ".jpeg": "jpeg", ".gif": "gif", ".bmp": "bmp", ".tif": "tiff", ".tiff": "tiff", ".webp": "webp", ".zip": "zip",
    ".rar": "rar", ".7z": "sevenzip", ".gz": "gzip", ".tar": "tar", ".odt": "odt", ".rtf": "rtf", ".ofd": "ofd",
    ".mp3": "audio", ".mp4": "video",
}
_MAGIC = (
    (b"%PDF-", None), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
    (b"Rar!\x1a\x07", "rar"), (b"7z\xbc\xaf\x27\x1c", "sevenzip"), (b"\x1f\x8b", "gzip"), (b"{\\rtf", "rtf"),
)


def unsupported(path: Path, head: bytes) -> str | None:
    """Why ``path`` is not read, when it is a known kind of file that is not a plan document; else None."""
    suffix = path.suffix.lower()
    if suffix == ".pdf" or head.startswith(b"%PDF-"):
        return say("read_path.pdf")
    if suffix in _NOT_PLANS:
        return say("read_path.not_a_plan", kind=say(f"file_kind.{_NOT_PLANS[suffix]}"), suffix=suffix)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return say("read_path.not_a_plan_by_content", kind=say(f"file_kind.{kind}"))
    return None


def read_path(path: str | Path) -> RawDocument:
    """Read one file of any supported format, choosing the reader by content first, then by suffix.

    A PDF is read by its text layer (scans and .png/.jpg pages by OCR, with planparse[ocr]); a spreadsheet, a
    presentation, another image or an archive is an InputError naming what it is."""
    path = Path(path)
    if not path.exists():
        raise InputError(say("read_path.no_such_file", name=path))
    if path.is_dir():
        raise InputError(say("read_path.is_folder", name=path))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(say("read_path.cannot_read", name=path, reason=exc.strerror)) from None
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF-") or suffix == ".pdf":  # the text layer; scanned pages by OCR (planparse[ocr])
        from planparse.read.pdf import read_pdf

        return read_pdf(path, source=str(path))
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")) or suffix in (".png", ".jpg", ".jpeg"):
        from planparse.read.pdf import read_image  # a scanned page, by OCR

        return read_image(path, source=str(path))
    reason = unsupported(path, head)
    if reason is not None:
        raise InputError(say("read_path.unsupported", name=path, reason=reason))
    if head.startswith(ZIP_MAGIC) or suffix == ".docx":
        from planparse.read.docx import read_docx

        return read_docx(path, source=str(path))
    if head.startswith(OLE_MAGIC) or suffix in (".doc", ".wps"):
        from planparse.read.doc import read_doc

        return read_doc(path)
    return read_text_file(path, source=str(path))  # size checked before reading (read.text.MAX_TEXT_BYTES)
