"""Readers: every input format becomes a RawDocument of blocks with provenance."""

from __future__ import annotations

from pathlib import Path

from planparse.errors import InputError
from planparse.read.text import decode_text, read_text_bytes, read_text_file, read_text_stream
from planparse.read.types import OLE_MAGIC, ZIP_MAGIC, Block, RawDocument, blocks_from_lines

__all__ = ["Block", "RawDocument", "blocks_from_lines", "decode_text", "read_path", "read_text_bytes", "read_text_file",
           "read_text_stream"]


# Files that are not plan documents, named by what they are (suffix first, then the file's first bytes).
PDF_MESSAGE = "PDF is not supported yet; save it as .docx or .txt (a scanned PDF needs OCR first)"
_NOT_PLANS = {
    ".xlsx": "an Excel workbook", ".xlsm": "an Excel workbook", ".xls": "an Excel workbook", ".et": "a WPS spreadsheet",
    ".pptx": "a PowerPoint presentation", ".ppt": "a PowerPoint presentation",
    ".dps": "a WPS presentation", ".png": "a PNG image", ".jpg": "a JPEG image", ".jpeg": "a JPEG image",
    ".gif": "a GIF image", ".bmp": "a BMP image", ".tif": "a TIFF image", ".tiff": "a TIFF image",
    ".webp": "a WebP image", ".zip": "a zip archive", ".rar": "a RAR archive", ".7z": "a 7-Zip archive",
    ".gz": "a gzip archive", ".tar": "a tar archive", ".odt": "an OpenDocument text", ".rtf": "an RTF document",
    ".ofd": "an OFD document", ".mp3": "an audio file", ".mp4": "a video file",
}
_MAGIC = (
    (b"%PDF-", None), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"\x1f\x8b", "a gzip archive"), (b"{\\rtf", "an RTF document"),
)


def unsupported(path: Path, head: bytes) -> str | None:
    """Why ``path`` is not read, when it is a known kind of file that is not a plan document; else None."""
    suffix = path.suffix.lower()
    if suffix == ".pdf" or head.startswith(b"%PDF-"):
        return PDF_MESSAGE
    if suffix in _NOT_PLANS:
        return f"{_NOT_PLANS[suffix]} ({suffix}) is not a format planparse reads (.txt .docx .doc .wps)"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return f"{kind} by its content, not a format planparse reads (.txt .docx .doc .wps)"
    return None


def read_path(path: str | Path) -> RawDocument:
    """Read one file of any supported format, choosing the reader by content first, then by suffix.

    A PDF, a spreadsheet, a presentation, an image or an archive is an InputError naming what it is."""
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
    reason = unsupported(path, head)
    if reason is not None:
        raise InputError(f"{path}: {reason}")
    suffix = path.suffix.lower()
    if head.startswith(ZIP_MAGIC) or suffix == ".docx":
        from planparse.read.docx import read_docx

        return read_docx(path, source=str(path))
    if head.startswith(OLE_MAGIC) or suffix in (".doc", ".wps"):
        from planparse.read.doc import read_doc

        return read_doc(path)
    return read_text_file(path, source=str(path))  # size checked before reading (read.text.MAX_TEXT_BYTES)
