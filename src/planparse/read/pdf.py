"""PDF plans and scanned pages: text lines with their boxes, rebuilt into paragraphs by layout.

A PDF keeps where each line of text is drawn, not which paragraph it belongs to: a Word file printed to
PDF breaks every paragraph at each visual line end (``…全`` / ``年组织宣讲…``) and repeats its header,
footer and page number on every page. This reader gets the lines and their boxes, from the text layer
(pypdfium2: PDFium, the engine of Chrome's viewer, fast and permissively licensed) or, for a page that has
none (a scan), from OCR (``planparse.read.ocr``, the ``planparse[ocr]`` extra); then, for both alike:

- running headers, footers and page numbers are removed and logged: a line in the top or bottom band of
  its page that reads as a page number (``- 3 -``, ``第 3 页 共 9 页``, ``3/9``), or that repeats, digits
  aside, at the same height on at least half of the pages (and on two or more);
- lines are joined into paragraphs by layout, not by guessing from the text: a line continues the one
  above when that one fills the text block's width (ending on sentence punctuation, it must fill it
  exactly), the next starts where the paragraph's lines start (a first-line indent opens a new paragraph;
  a hanging indent under ``一、`` continues it), the gap between them is a line gap, not a paragraph gap,
  and the font size stays the same. A line that opens with a heading or item marker (``一、`` ``（二）``
  ``3.``) always starts a paragraph. A paragraph runs on across a page break by the same rules;
- Word's rendered numbering (``一、 突出…``, ``1.\\t…``) stays in the text, where the parser reads it as a
  marker, as it does for a .txt file;
- each block records its page and box (``PdfBlock.page``, ``PdfBlock.box``, points from the page's
  top-left corner, or pixels for an image), and ``PdfDocument.pages`` what each page held and how it was read.

The text of the RawDocument is the rebuilt paragraphs, one per line, with the removed header and footer
lines kept between them (in no block), so the removal log's offsets point at them.

Budgets, checked before the expensive step: the file's size (``MAX_PDF_BYTES``), the page count
(``MAX_PAGES``), each page's size (``MAX_PAGE_SIDE``, the PDF specification's own limit), the characters of
a page and of the document (``MAX_PAGE_CHARS``, ``MAX_TEXT_CHARS``), the pages OCR is asked to read
(``MAX_OCR_PAGES``) and the pixels of a page rendered for it (``MAX_RENDER_PIXELS``: a larger page is
rendered at a lower resolution) or of an image (``MAX_IMAGE_PIXELS``). Each is a module constant read at
call time.
"""

from __future__ import annotations

import bisect
import math
import mmap
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from planparse.errors import InputError
from planparse.messages import say
from planparse.model import Removal
from planparse.read.types import Block, RawDocument
from planparse.text.lexicon import char_set
from planparse.text.markers import INLINE_FAMILIES, match_line_marker

MAX_PDF_BYTES = 200 * 1024 * 1024
MAX_PAGES = 2000
MAX_PAGE_SIDE = 14400.0  # points: 200 inches (508 cm), the largest page side the PDF specification allows
MAX_STREAM_BYTES = 256 * 1024 * 1024  # one compressed stream inflated (a 600 dpi A3 greyscale scan is 70 MB)
MAX_INFLATED_BYTES = 2 * 1024 * 1024 * 1024  # all of them together
MAX_PAGE_CHARS = 1_000_000
MAX_TEXT_CHARS = 20_000_000
MAX_OCR_PAGES = 200
OCR_DPI = 150  # the resolution scans are read at: a 10.5 pt character is 22 pixels high
MAX_RENDER_PIXELS = 40_000_000  # an A0 page at 150 dpi; a larger page is rendered at a lower resolution
MAX_IMAGE_PIXELS = 120_000_000  # an A3 page scanned at 600 dpi is 70 M pixels

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

_SPACES = " \t\u3000\xa0"
_FINAL = char_set("sentence_end", "ellipsis")
_CLOSING = char_set("closing")
# What no line may start with (it stays with the character before it, and moves to the next line with it)
_NO_START = char_set("clause_end", "comma", "list_comma", "closing", "ellipsis")
_WORD = re.compile(r"[0-9A-Za-z.%]+")


# ---------------------------------------------------------------------------- what the reader produces


@dataclass(slots=True)
class PdfBlock(Block):
    """A paragraph of a PDF or an image: ``page`` (1-based) and ``box`` (x0, top, x1, bottom on that page,
    from its top-left corner: points for a PDF, pixels for an image) of its first line's page;
    ``last_page`` is where it ends (a paragraph may run on across a page break)."""

    page: int = 0
    box: tuple[float, float, float, float] | None = None
    last_page: int = 0


@dataclass(slots=True)
class PageInfo:
    """One page: its size (points; pixels for an image), how it was read (``text``: its text layer;
    ``ocr``; ``blank``: nothing on it; ``unread``: a scan read without OCR) and the span of ``text`` its
    lines start in."""

    number: int
    width: float
    height: float
    method: str
    start: int = 0
    end: int = 0


@dataclass
class PdfDocument(RawDocument):
    pages: list[PageInfo] = field(default_factory=list)

    def page_of(self, offset: int) -> int | None:
        """The page (1-based) holding ``offset`` of ``text`` (e.g. an item's ``provenance.start``)."""
        starts = [p.start for p in self.pages if p.end > p.start]
        numbers = [p.number for p in self.pages if p.end > p.start]
        k = bisect.bisect_right(starts, offset) - 1
        return numbers[k] if k >= 0 else None


@dataclass(slots=True)
class Fix:
    """An OCR confusion put right in a line: ``text[start:end]`` of the line now reads what the scan
    shows; ``original`` is what OCR read there."""

    start: int
    end: int
    original: str
    reason: str


@dataclass(slots=True)
class Line:
    """One visual line: its text and box on the page (top-left origin), ``em`` its character size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int  # 0-based
    em: float
    body_x: float | None = None  # where the text after a leading marker starts (a hanging indent), if known
    fixes: list[Fix] = field(default_factory=list)
    marker_family: str | None = None
    ocr: bool = False
    first_width: float | None = None  # the advance of its first character, when measured


# ---------------------------------------------------------------------------- PDF files


def read_pdf(path: str | Path, source: str | None = None) -> PdfDocument:
    """Read a PDF: the text layer of each page, OCR for pages that have none (with the ``ocr`` extra)."""
    import pypdfium2 as pdfium

    path = Path(path)
    name = source or str(path)
    _check_file(path, name)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise InputError(_open_error(name, exc)) from None
    except OSError as exc:
        raise InputError(say("read.cannot_read", name=name, reason=exc.strerror or exc)) from None
    try:
        return _read_document(pdf, name)
    finally:
        pdf.close()


def _check_file(path: Path, name: str) -> None:
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise InputError(say("read.no_such_file", name=name)) from None
    except OSError as exc:
        raise InputError(say("read.cannot_read", name=name, reason=exc.strerror or exc)) from None
    if path.is_dir():
        raise InputError(say("read.is_folder", name=name, what=say("pdf.kind")))
    if size == 0:
        raise InputError(say("pdf.empty", name=name))
    if size > MAX_PDF_BYTES:
        raise InputError(say("pdf.too_large", name=name, size=_mb(size), limit=_mb(MAX_PDF_BYTES)))
    _check_streams(path, name)


# "stream" and its end-of-line open a stream's data ("endstream" does not count).
_STREAM_START = re.compile(rb"stream\r?\n")
_CHUNK = 1 << 16


def _check_streams(path: Path, name: str) -> None:
    """Refuse a decompression bomb before PDFium inflates it: each zlib stream of the file is inflated
    here, its output counted and dropped, up to ``MAX_STREAM_BYTES`` for one and ``MAX_INFLATED_BYTES`` for
    all (400 KB of PDF can hold a 400 MB content stream, which PDFium would inflate whole to read one page).

    Hand-written because PDFium has no such limit and no library bounds it; the scan costs a few
    milliseconds for an ordinary plan. Streams that are not zlib (JPEG scans) or are encrypted fail at once
    and count nothing.
    """
    try:
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            view = memoryview(data)
            try:
                total = 0
                for match in _STREAM_START.finditer(data):
                    if data[max(0, match.start() - 3) : match.start()] == b"end":
                        continue
                    inflated = _inflated_size(view, match.end(), MAX_STREAM_BYTES)
                    if inflated > MAX_STREAM_BYTES:
                        raise InputError(say("pdf.stream_bomb", name=name, limit=_mb(MAX_STREAM_BYTES)))
                    total += inflated
                    if total > MAX_INFLATED_BYTES:
                        raise InputError(say("pdf.inflated_bomb", name=name, limit=_mb(MAX_INFLATED_BYTES)))
            finally:
                view.release()
    except (OSError, ValueError) as exc:
        raise InputError(say("read.cannot_read", name=name, reason=getattr(exc, "strerror", None) or exc)) from None


def _inflated_size(view: memoryview, start: int, limit: int) -> int:
    """How many bytes the zlib stream at ``view[start:]`` inflates to, counting no further than past ``limit``."""
    inflater = zlib.decompressobj()
    size = 0
    pos = start
    end = len(view)
    while pos < end:
        pending = view[pos : pos + _CHUNK]
        pos += len(pending)
        while pending:
            try:
                size += len(inflater.decompress(pending, _CHUNK * 16))
            except zlib.error:
                return size  # not zlib data (or damaged): PDFium meets the same
            if size > limit or inflater.eof:
                return size
            pending = inflater.unconsumed_tail
    return size


def _mb(size: int) -> str:
    return f"{size / 1_048_576:,.0f}"


def _open_error(name: str, exc: Exception) -> str:
    """One line for a PDF PDFium cannot open: a password, a security handler it lacks, or damage."""
    import pypdfium2.raw as pdfium_c

    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return say("pdf.encrypted", name=name)
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return say("pdf.security", name=name)
    return say("pdf.damaged", name=name)


def _read_document(pdf, name: str) -> PdfDocument:
    count = len(pdf)
    if count == 0:
        raise InputError(say("pdf.no_pages", name=name))
    if count > MAX_PAGES:
        raise InputError(say("pdf.too_many_pages", name=name, pages=count, limit=MAX_PAGES))
    pages: list[PageInfo] = []
    lines: list[list[Line]] = []
    scans: list[int] = []
    total = 0
    for index in range(count):
        page = pdf[index]
        try:
            width, height = page.get_size()
            if not (0 < width <= MAX_PAGE_SIDE and 0 < height <= MAX_PAGE_SIDE):
                raise InputError(say("pdf.page_too_large", name=name, page=index + 1, width=_cm(width),
                                     height=_cm(height), limit=_cm(MAX_PAGE_SIDE)))
            rotation = page.get_rotation() % 360
            display = (height, width) if rotation in (90, 270) else (width, height)
            textpage = page.get_textpage()
            try:
                found, chars = _text_lines(textpage, index, width, height, rotation, name)
            finally:
                textpage.close()
            total += chars
            if total > MAX_TEXT_CHARS:
                raise InputError(say("pdf.too_much_text", name=name, limit=MAX_TEXT_CHARS))
            cover = 0.0 if found and sum(len(line.text) for line in found) >= _STAMP_CHARS else _image_cover(page)
            if found and cover < 0.5:
                method = "text"
            elif cover > 0:
                method = "unread"  # a scan, perhaps stamped with a few words of text (a page number, 扫描件)
                scans.append(index)
            else:
                method = "blank"
        finally:
            page.close()
        pages.append(PageInfo(index + 1, display[0], display[1], method))
        lines.append(found)
    warnings: list[str] = []
    if scans:
        from planparse.read import ocr

        if not ocr.available():
            if all(p.method != "text" for p in pages):
                raise InputError(say("pdf.needs_ocr", name=name))
            warnings.append(say("pdf.scans_not_read", pages=_page_list(i + 1 for i in scans)))
            for index in scans:
                lines[index] = []  # a stamp's few words on a page the warning names as not read
        else:
            if len(scans) > MAX_OCR_PAGES:
                raise InputError(say("pdf.too_many_scans", name=name, pages=len(scans), limit=MAX_OCR_PAGES))
            for index in scans:
                lines[index] = _ocr_page(pdf, index, name)  # a stamp's few words of text are in the image too
                pages[index].method = "ocr"
            warnings.append(say("pdf.read_by_ocr", pages=_page_list(i + 1 for i in scans)))
    return _assemble(lines, pages, name, "pdf", warnings)


def _cm(points: float) -> str:
    return f"{points / 72 * 2.54:,.0f}"


def _page_list(numbers: Iterable[int]) -> str:
    """1, 2, 3, 5 → "1–3, 5"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


_STAMP_CHARS = 30  # a page with fewer characters of text over an image that covers it is a (stamped) scan


def _image_cover(page) -> float:
    """How much of the page its images cover (0 when it has none; over 1 when they overlap)."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    covered = 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = image.get_bounds()
        covered += max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0))
    return covered / (width * height)


# ---------------------------------------------------------------------------- the text layer


_LINE = re.compile(r"[^\r\n]+")
_GAP = re.compile(r"[^\x00-\x7f] +[^\x00-\x7f]")  # a space between two Chinese characters or marks
# Private-use characters and U+FFFD: what a font without a usable ToUnicode map extracts to.
_UNDECODABLE = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text_lines(textpage, index: int, width: float, height: float, rotation: int, name: str) -> tuple[list[Line], int]:
    """The lines of one page's text layer, in PDFium's reading order, and how many characters it has.

    PDFium breaks lines itself (``\\r\\n`` between them). A line whose glyphs were drawn out of order
    (LibreOffice draws quotation marks after the rest of their line) is put in order by its glyphs' boxes:
    the boxes of its runs say when that is needed, so the glyphs of ordinary lines are never measured one
    by one. PDFium is called directly (``pypdfium2.raw``): its wrappers cost more than the calls here.
    """
    count = textpage.count_chars()
    if count <= 0:
        return [], 0
    if count > MAX_PAGE_CHARS:
        raise InputError(say("pdf.page_too_much_text", name=name, page=index + 1, chars=count, limit=MAX_PAGE_CHARS))
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP: one code point per glyph, from PDFium itself
        import pypdfium2.raw as pdfium_c

        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 0xFFFD) for i in range(count))
    visible = len(text) - sum(map(text.count, " \r\n\t\u3000\xa0"))
    if visible <= 0 or len(_UNDECODABLE.findall(text)) > 0.3 * visible:
        return [], count  # no text, or none that decodes: the page is read as a scan
    boxes = _Boxes(textpage, width, height, rotation)
    lines = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        while start < end and text[start] in _SPACES:
            start += 1
        while end > start and text[end - 1] in _SPACES:
            end -= 1
        if start < end:
            line = _pdf_line(boxes, text, start, end, index)
            if line is not None:
                lines.append(line)
    return lines, count


class _Boxes:
    """Boxes of a page's characters and text runs, turned to the page as shown (origin top-left, y down,
    the page's rotation applied)."""

    def __init__(self, textpage, width: float, height: float, rotation: int):
        import ctypes

        import pypdfium2.raw as pdfium_c

        self._c = pdfium_c
        self._page = textpage.raw
        self._rect = pdfium_c.FS_RECTF()
        self._ltrb = [ctypes.c_double() for _ in range(4)]
        self.width, self.height, self.rotation = width, height, rotation

    def _shown(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        w, h, rotation = self.width, self.height, self.rotation
        if rotation == 0:
            return left, h - top, right, h - bottom
        if rotation == 90:
            return bottom, left, top, right
        if rotation == 180:
            return w - right, bottom, w - left, top
        return h - top, w - right, h - bottom, w - left  # 270

    def char(self, i: int) -> tuple[float, float, float, float]:
        """The loose box of character ``i`` (the font's whole height, whatever the glyph)."""
        rect = self._rect
        self._c.FPDFText_GetLooseCharBox(self._page, i, rect)
        return self._shown(rect.left, rect.bottom, rect.right, rect.top)

    def size(self, i: int) -> float:
        """The font size of character ``i``, in points."""
        return self._c.FPDFText_GetFontSize(self._page, i)

    def runs(self, start: int, count: int) -> list[tuple[float, float, float, float]]:
        """The boxes of the text runs of characters ``start``… (one per run of one font on one line)."""
        c, page = self._c, self._page
        left, top, right, bottom = self._ltrb
        out = []
        for k in range(c.FPDFText_CountRects(page, start, count)):
            c.FPDFText_GetRect(page, k, left, top, right, bottom)
            out.append(self._shown(left.value, bottom.value, right.value, top.value))
        return out


def _pdf_line(boxes: _Boxes, text: str, start: int, end: int, page: int) -> Line | None:
    first = boxes.char(start)
    last = boxes.char(end - 1)
    em = boxes.size(start)
    if not em > 0:
        em = max(first[3] - first[1], 1e-3)
    line_text = text[start:end]
    if _GAP.search(line_text):
        # A glyph drawn out of order leaves a gap where it belongs, and PDFium puts a space there: only then
        # may the line's first and last characters not be its ends, and its runs are measured. (A space
        # beside a Latin letter or digit is a word space, or the gap LibreOffice sets around 2026.)
        runs = boxes.runs(start, end - start)
        runs.append(first)
        runs.append(last)
        x0, top = min(r[0] for r in runs), min(r[1] for r in runs)
        x1, bottom = max(r[2] for r in runs), max(r[3] for r in runs)
        in_order = first[0] <= x0 + 0.5 * em and last[2] >= x1 - 0.5 * em
    else:
        x0, top, x1, bottom = first[0], min(first[1], last[1]), last[2], max(first[3], last[3])
        in_order = True
    if not in_order:
        line_text = _in_drawing_order(boxes, text, start, end, em)
        if not line_text:
            return None
    line = Line(line_text, x0, top, x1, bottom, page, em, first_width=first[2] - first[0] if in_order else None)
    marker = match_line_marker(line_text)
    if marker is not None:
        line.marker_family = marker.family
        if marker.end < len(line_text) and in_order:
            line.body_x = boxes.char(start + marker.end)[0]
    return line


def _in_drawing_order(boxes: _Boxes, text: str, start: int, end: int, em: float) -> str:
    """The line's glyphs sorted left to right by their boxes; PDFium's own spaces are dropped and a space
    stands where two glyphs stand apart (``1. 在…``, ``2026 年``: cleaning decides which spaces stay)."""
    glyphs = sorted(((boxes.char(i), text[i]) for i in range(start, end) if not text[i].isspace()),
                    key=lambda g: g[0][0] + g[0][2])
    out = []
    for k, (box, ch) in enumerate(glyphs):
        if k and box[0] - glyphs[k - 1][0][2] > 0.3 * em:
            out.append(" ")
        out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------- scans


def _ocr_page(pdf, index: int, name: str) -> list[Line]:
    """Render one page (at ``OCR_DPI``, lower if it would pass ``MAX_RENDER_PIXELS``) and read it by OCR."""
    from planparse.read import ocr

    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = min(OCR_DPI / 72, math.sqrt(MAX_RENDER_PIXELS / (width * height)))
        bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB(x)
        try:
            image = bitmap.to_numpy()[:, :, :3].copy()
        finally:
            bitmap.close()
    finally:
        page.close()
    return [_scaled(line, 1 / scale) for line in ocr.read_lines(image, index, name)]


def _scaled(line: Line, factor: float) -> Line:
    line.x0 *= factor
    line.x1 *= factor
    line.top *= factor
    line.bottom *= factor
    line.em *= factor
    if line.first_width is not None:
        line.first_width *= factor
    if line.body_x is not None:
        line.body_x *= factor
    return line


def read_image(path: str | Path, source: str | None = None) -> PdfDocument:
    """Read a scanned page saved as .png or .jpg by OCR (the ``ocr`` extra); boxes are in pixels."""
    from planparse.read import ocr

    path = Path(path)
    name = source or str(path)
    try:
        size = os.stat(path).st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise InputError(say("read.no_such_file", name=name)) from None
    except OSError as exc:
        raise InputError(say("read.cannot_read", name=name, reason=exc.strerror or exc)) from None
    if size > MAX_PDF_BYTES:
        raise InputError(say("pdf.image_too_large_file", name=name, size=_mb(size), limit=_mb(MAX_PDF_BYTES)))
    if not ocr.available():
        png = head.startswith(PNG_MAGIC) or (not head.startswith(JPEG_MAGIC) and path.suffix.lower() == ".png")
        raise InputError(say("pdf.image_needs_ocr", name=name, kind=say("pdf.kind_png" if png else "pdf.kind_jpeg")))
    image = ocr.load_image(path, name, MAX_IMAGE_PIXELS)
    height, width = image.shape[:2]
    lines = ocr.read_lines(image, 0, name)
    pages = [PageInfo(1, float(width), float(height), "ocr")]
    return _assemble([lines], pages, name, "image", [say("pdf.image_read_by_ocr")])


# ---------------------------------------------------------------------------- running headers and footers


_PAGE_NUMBER = re.compile(
    r"[-—–－―‒·•]*\s*(?:[0-9]{1,4}|[ivxlcdmIVXLCDM]{1,6})\s*[-—–－―‒·•]*"  # 3  - 3 -  — 3 —  ·3·  iv
    r"|第\s*[0-9一二三四五六七八九十百]{1,5}\s*页(?:\s*[,，/、]?\s*共\s*[0-9一二三四五六七八九十百]{1,5}\s*页)?"  # 第 3 页 共 9 页
    r"|共\s*[0-9]{1,4}\s*页\s*[,，]?\s*第\s*[0-9]{1,4}\s*页"
    r"|[0-9]{1,4}\s*/\s*[0-9]{1,4}"  # 3/9
    r"|(?:[Pp]age|P\.)\s*[0-9]{1,4}(?:\s*(?:of|/)\s*[0-9]{1,4})?"
)
_BAND = 0.1  # a running header or footer sits in the top or bottom tenth of its page
_NUMBER_BAND = 0.16  # a page number may sit a little further in (GB/T 9704 puts it just below the text)
_DIGITS = re.compile(r"[0-9一二三四五六七八九十百〇]+")


@dataclass(slots=True)
class _Furniture:
    kind: str  # page_number, page_header, page_footer
    reason: str


def _furniture(pages: list[list[Line]], infos: list[PageInfo]) -> dict[tuple[int, int], _Furniture]:
    """Which lines are page furniture: (page index, line index) → why.

    A running header or footer is the same line at the same height on at least half of the pages that hold
    text (and on two or more); its text may differ between pages only by a number that counts the pages
    (``工作要点 · 3``), or, read by OCR, by a misread character or two. Two plans that each start a page
    with a title of the same words and another year are not a running header.
    """
    from rapidfuzz.fuzz import ratio

    found: dict[tuple[int, int], _Furniture] = {}
    candidates: list[tuple[int, int, str, Line]] = []
    for p, lines in enumerate(pages):
        if not lines:
            continue
        height = infos[p].height
        order = sorted(range(len(lines)), key=lambda k: lines[k].top)
        for where, ks in (("top", order[:2]), ("bottom", order[::-1][:2])):
            for k in ks:
                line = lines[k]
                position = line.top / height if where == "top" else 1 - line.bottom / height
                if position > _NUMBER_BAND or (p, k) in found:
                    continue
                if _PAGE_NUMBER.fullmatch(line.text.strip()) and _outside_body(lines, k, where):
                    found[(p, k)] = _Furniture("page_number", f"page number in the {where} margin of page {p + 1}")
                elif position <= _BAND:
                    candidates.append((p, k, where, line))
    groups: list[list[tuple[int, int, str, Line]]] = []
    for candidate in candidates:
        _p, _k, where, line = candidate
        key = _DIGITS.sub("#", re.sub(r"\s+", "", line.text))
        for group in groups:
            first = group[0][3]
            if group[0][2] == where and abs(first.top - line.top) <= 1.5 * (line.bottom - line.top):
                other = _DIGITS.sub("#", re.sub(r"\s+", "", first.text))
                if other == key or ((line.ocr or first.ocr) and ratio(other, key) >= 85):
                    group.append(candidate)
                    break
        else:
            groups.append([candidate])
    with_text = sum(1 for lines in pages if lines)
    for group in groups:
        on_pages = {p for p, _k, _w, _l in group}
        if len(on_pages) < 2 or len(on_pages) * 2 < with_text or len(on_pages) < len(group):
            continue
        if not (group[0][3].ocr or _counts_pages([(p, line.text) for p, _k, _w, line in group])):
            continue
        where = group[0][2]
        kind, name = ("page_header", "header") if where == "top" else ("page_footer", "footer")
        for p, k, _w, _l in group:
            found[(p, k)] = _Furniture(kind, f"running {name} repeated on {len(on_pages)} of {with_text} pages")
    return found


_INTEGER = re.compile(r"[0-9]+")
_PAGE_OFFSET = 50  # printed page numbers may start after unnumbered front matter, not at 2024


def _counts_pages(texts: list[tuple[int, str]]) -> bool:
    """The texts are one text, or differ only in a number that goes up with the page (``第 3 期`` on every
    page is the same text; ``2023年`` on one page and ``2024年`` on the next is no page number)."""
    squashed = {re.sub(r"\s+", "", text) for _p, text in texts}
    if len(squashed) == 1:
        return True
    numbers = [[int(n) for n in _INTEGER.findall(text)] for _p, text in texts]
    if len({len(n) for n in numbers}) != 1:
        return False
    for j in range(len(numbers[0])):
        offsets = {n[j] - (p + 1) for (p, _t), n in zip(texts, numbers)}  # a page's number is near its place
        if len(offsets) == 1 and abs(offsets.pop()) <= _PAGE_OFFSET:
            return all(len({n[i] for n in numbers}) == 1 for i in range(len(numbers[0])) if i != j)
    return False


def _outside_body(lines: list[Line], k: int, where: str) -> bool:
    """A page number stands apart: no other line shares its height (``3`` inside a table row does)."""
    line = lines[k]
    return not any(j != k and other.top < line.bottom and other.bottom > line.top for j, other in enumerate(lines))


# ---------------------------------------------------------------------------- layout of the text block


@dataclass(slots=True)
class _Geometry:
    left: float
    right: float
    em: float
    pitch: float


def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(q * (len(values) - 1) + 0.5)))]


def _geometry(lines: list[Line], width: float | None) -> _Geometry | None:
    """The text block of a set of lines: its left and right edges, its body character size, its line pitch."""
    if not lines:
        return None
    long_lines = [ln for ln in lines if len(ln.text) >= 6] or lines
    em = _quantile([ln.em for ln in long_lines], 0.5)
    left = _quantile([ln.x0 for ln in lines], 0.1)
    ends = sorted((ln.x1 for ln in lines), reverse=True)
    right = ends[min(len(ends) - 1, len(ends) // 20)]
    if width is not None and sum(1 for x in ends if x >= right - em) < 3:
        right = max(right, width - left)  # few lines fill the block: assume margins as wide as the left one
    steps = [b.top - a.top for a, b in zip(lines, lines[1:])
             if a.page == b.page and b.top > a.top and abs(a.em - b.em) <= 0.15 * em]
    pitch = _quantile(steps, 0.25) if steps else 1.5 * em
    return _Geometry(left, right, em, pitch)


def _page_geometries(pages: list[list[Line]], infos: list[PageInfo]) -> list[_Geometry | None]:
    """Each page's text block: its own when it holds enough lines to tell, else the document's (moved by
    the page's own left edge: a scan sits a little off on each page)."""
    everything = [ln for lines in pages for ln in lines]
    widths = Counter(round(info.width) for info, lines in zip(infos, pages) if lines)
    common = widths.most_common(1)[0][0] if widths else None
    whole = _geometry(everything, common)
    out = []
    for info, lines in zip(infos, pages):
        own = _geometry(lines, info.width)
        if own is None or whole is None:
            out.append(own)
            continue
        if len(lines) >= 12 or round(info.width) != common:
            out.append(own)
            continue
        shift = max(-1.5 * whole.em, min(1.5 * whole.em, own.left - whole.left))
        out.append(_Geometry(whole.left + shift, whole.right + shift, whole.em, whole.pitch))
    return out


# ---------------------------------------------------------------------------- paragraphs


def _opens_item(line: Line) -> bool:
    """The line opens with a heading or item marker (一、 （二） 3. ①), not an inline one (一是, 首先)."""
    return line.marker_family is not None and line.marker_family not in INLINE_FAMILIES


def _ends_sentence(text: str) -> bool:
    text = text.rstrip(_SPACES)
    while text and text[-1] in _CLOSING:
        text = text[:-1]
    return bool(text) and text[-1] in _FINAL


def _continues(paragraph: list[Line], nxt: Line, geometry: _Geometry) -> bool:
    """Whether ``nxt`` is the next line of ``paragraph`` (see the module docstring)."""
    prev = paragraph[-1]
    em = geometry.em
    if nxt.page == prev.page:
        if nxt.top <= prev.top or nxt.top - prev.top > 1.45 * max(geometry.pitch, prev.bottom - prev.top):
            return False  # a paragraph gap, or a line beside or above (another column)
    elif nxt.page != prev.page + 1:
        return False
    if abs(nxt.em - prev.em) > (0.3 if nxt.ocr or prev.ocr else 0.15) * max(nxt.em, prev.em):
        return False  # another font size: a heading and its text
    if _opens_item(nxt):
        return False
    # The line above ended where it did because what opens the next line did not fit after it; a paragraph
    # that ends leaves room. After a full stop the room must be plainly too small (a ragged right edge).
    room = geometry.right - prev.x1
    if room >= _lead_width(nxt, em) + (-0.15 if _ends_sentence(prev.text) else 0.35) * em:
        return False
    if len(paragraph) >= 2:  # the paragraph's lines after its first show where its lines start
        return abs(nxt.x0 - paragraph[1].x0) <= 0.7 * em
    if nxt.x0 <= prev.x0 + 0.7 * em:
        return True  # under its first line, or left of it (a first-line indent)
    return prev.body_x is not None and abs(nxt.x0 - prev.body_x) <= 0.7 * em  # hanging indent under a marker


def _lead_width(line: Line, em: float) -> float:
    """How wide the start of ``line`` that could not be split from its first character is: a character with
    the punctuation that may not open a line (``度；``), or a run of Latin letters and digits (``2026``)."""
    text = line.text
    advance = line.first_width if line.first_width else em
    word = _WORD.match(text)
    if word is not None:
        width, rest = min(len(word.group()), 8) * 0.5 * em, text[word.end():]
    else:
        width, rest = advance, text[1:]
    for ch in rest[:3]:
        if ch not in _NO_START:
            break
        width += 0.5 * em  # CJK punctuation at a line's end may be set half width
    return width


def _join(left: str, right: str) -> str:
    """Two lines of one paragraph: no space between them, but between two Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


def _assemble(pages: list[list[Line]], infos: list[PageInfo], name: str, fmt: str, warnings: list[str]) -> PdfDocument:
    """Remove page furniture, restore the lost 、 of OCR'd headings, join lines into paragraphs and lay
    them out as the document's text: one paragraph a line, removed furniture on lines of its own."""
    furniture = _furniture(pages, infos)
    geometries = _page_geometries([[ln for k, ln in enumerate(lines) if (p, k) not in furniture]
                                   for p, lines in enumerate(pages)], infos)
    sequence: list[tuple[str, object]] = []  # ("line", Line) or ("furniture", (Line, _Furniture))
    for p, lines in enumerate(pages):
        for k, line in enumerate(lines):
            sequence.append(("furniture", (line, furniture[(p, k)])) if (p, k) in furniture else ("line", line))
    body = [item for kind, item in sequence if kind == "line"]
    _restore_lost_dun(body, geometries)

    text_parts: list[str] = []
    blocks: list[Block] = []
    removals: list[Removal] = []
    pos = 0
    page_start: dict[int, int] = {}

    def emit(s: str) -> int:
        nonlocal pos
        if text_parts:
            text_parts.append("\n")
            pos += 1
        start = pos
        text_parts.append(s)
        pos += len(s)
        return start

    paragraph: list[Line] = []
    pending: list[tuple[Line, _Furniture]] = []

    def close() -> None:
        if not paragraph:
            return
        joined = ""
        offsets = []
        for line in paragraph:
            joined = _join(joined, line.text)
            offsets.append(len(joined) - len(line.text))
        start = emit(joined)
        first = paragraph[0]
        page_start.setdefault(first.page, start)
        on_first = [ln for ln in paragraph if ln.page == first.page]
        box = (min(ln.x0 for ln in on_first), min(ln.top for ln in on_first),
               max(ln.x1 for ln in on_first), max(ln.bottom for ln in on_first))
        index = len(blocks)
        blocks.append(PdfBlock(text=joined, index=index, start=start, end=start + len(joined), page=first.page + 1,
                               box=box, last_page=paragraph[-1].page + 1))
        for line, at in zip(paragraph, offsets):
            for fix in line.fixes:
                removals.append(Removal(kind="ocr_fix", reason=fix.reason, text=fix.original, block=index,
                                        start=start + at + fix.start, end=start + at + fix.end))
        paragraph.clear()
        flush()

    def flush() -> None:
        for line, why in pending:
            start = emit(line.text)
            page_start.setdefault(line.page, start)
            removals.append(Removal(kind=why.kind, reason=why.reason, text=line.text, start=start,
                                    end=start + len(line.text)))
        pending.clear()

    for kind, item in sequence:
        if kind == "furniture":
            pending.append(item)
            if not paragraph:
                flush()
            continue
        line = item
        geometry = geometries[line.page]
        if paragraph and geometry is not None and _continues(paragraph, line, geometry):
            paragraph.append(line)
            continue
        close()
        paragraph.append(line)
    close()
    flush()

    text = "".join(text_parts)
    starts = sorted(page_start.items())
    for info in infos:
        info.start = info.end = page_start.get(info.number - 1, -1)
    for k, (page, start) in enumerate(starts):
        infos[page].end = starts[k + 1][1] if k + 1 < len(starts) else len(text)
    for info in infos:
        if info.start < 0:
            info.start = info.end = 0
    removals.sort(key=lambda r: r.start)
    return PdfDocument(text=text, blocks=blocks, source=name, format=fmt, encoding=None, warnings=warnings,
                       removals=removals, pages=infos)


# ---------------------------------------------------------------------------- OCR: the 、 a heading lost


_NUMERALS = "一二三四五六七八九十"


def _cn_value(text: str) -> int | None:
    from planparse.text.numerals import chinese_to_int

    return chinese_to_int(text)


def _restore_lost_dun(lines: list[Line], geometries: list[_Geometry | None]) -> None:
    """OCR drops the 、 of a heading now and then (``二坚持建功立业`` for ``二、坚持建功立业``); put it back
    where the numbering proves it: a short OCR'd line that starts a paragraph at the left edge with the
    numeral that comes next in the document's run of ``一、`` headings (or, first of all, with 一 when
    ``二、`` follows)."""
    last: int | None = None  # number of the last 一、 heading seen
    pending_first: Line | None = None  # a "一…" line waiting for 二、 to prove it
    for k, line in enumerate(lines):
        if line.marker_family == "cn_dun":
            marker = match_line_marker(line.text)
            if marker is not None and marker.number is not None:
                if pending_first is not None and marker.number == 2:
                    _insert_dun(pending_first, 1)
                pending_first = None
                last = marker.number
            continue
        if not line.ocr or line.marker_family is not None:
            continue
        m = re.match(f"([{_NUMERALS}]{{1,3}})(?=[\u4e00-\u9fff])", line.text)
        if m is None:
            continue
        geometry = geometries[line.page]
        if geometry is None or line.x0 > geometry.left + 0.7 * geometry.em or line.x1 > geometry.right - 2 * geometry.em:
            continue  # not a short line at the left edge: running text, not a heading
        if k and geometries[lines[k - 1].page] is not None and _continues([lines[k - 1]], line, geometry):
            continue
        value = _cn_value(m.group(1))
        if value is None:
            continue
        if last is not None and value == last + 1:
            _insert_dun(line, value)
            last = value
        elif last is None and value == 1:
            pending_first = line


def _insert_dun(line: Line, value: int) -> None:
    width = len(re.match(f"[{_NUMERALS}]+", line.text).group(0))
    numeral = line.text[:width]
    line.text = numeral + "、" + line.text[width:]
    for fix in line.fixes:
        if fix.start >= width:
            fix.start += 1
            fix.end += 1
    line.fixes.insert(0, Fix(0, width + 1, numeral, f"OCR dropped the 、 of heading {numeral}、 (the headings run in sequence)"))
    line.marker_family = "cn_dun"
