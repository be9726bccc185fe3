"""OCR of scanned pages, with the ``planparse[ocr]`` extra: RapidOCR on ONNX Runtime.

The ``rapidocr`` wheel ships its PP-OCRv6 Chinese detection and recognition models (Apache-2.0, from
PaddleOCR) inside the package, so OCR runs offline: nothing is fetched at run time. (``rapidocr-onnxruntime``,
its predecessor, also ships its models but stops at Python 3.12 and reads 、 as 丶; ``rapidocr`` 3 needs
``onnxruntime`` beside it, which the extra installs.) The engine is loaded once per process, on first use.

Each recognised text box becomes a ``Line`` with its box, so scans go through the same header, footer and
paragraph rebuilding as text PDFs (``planparse.read.pdf``). Boxes that share a line are merged first (OCR
may cut a line at a wide gap: ``1.`` and its text). Confusions that change the outline are put right and
logged as ``ocr_fix`` removals: ``丶`` read for ``、``, ``°`` for ``。`` after Chinese text, and half-width
parentheses around a marker's numeral (``(一)`` for ``（一）``). A heading's dropped 、 is restored by
the reader, where the run of headings is known.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from functools import lru_cache
from pathlib import Path

from planparse.errors import InputError
from planparse.messages import say
from planparse.read.pdf import Fix, Line
from planparse.text.markers import match_line_marker

_lock = threading.Lock()  # one recognition at a time: the engine is shared and ONNX Runtime uses every core


def available() -> bool:
    """Whether the ``ocr`` extra is installed (rapidocr and onnxruntime)."""
    return importlib.util.find_spec("rapidocr") is not None and importlib.util.find_spec("onnxruntime") is not None


@lru_cache(maxsize=1)
def _engine():
    import logging

    from rapidocr import RapidOCR

    engine = RapidOCR(params={"Global.log_level": "error"})
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return engine


def load_image(path: Path, name: str, max_pixels: int):
    """An image file as an RGB array, its EXIF rotation applied; refused past ``max_pixels`` before decoding."""
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise InputError(say("pdf.image_too_large", name=name, width=width, height=height,
                                     limit=max_pixels // 1_000_000))
            image = ImageOps.exif_transpose(image).convert("RGB")
            return np.asarray(image)
    except InputError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
        raise InputError(say("pdf.image_damaged", name=name, reason=str(exc) or type(exc).__name__)) from None


def read_lines(image, page: int, name: str) -> list[Line]:
    """The text lines of one page image (an RGB array), top to bottom, confusions put right."""
    try:
        with _lock:
            result = _engine()(image)
    except Exception as exc:  # noqa: BLE001 - an engine failure on one page is one line, never a traceback
        raise InputError(say("pdf.ocr_failed", name=name, page=page + 1, reason=f"{type(exc).__name__}: {exc}")) from None
    if result.boxes is None or result.txts is None:
        return []
    pieces = []
    for box, text in zip(result.boxes, result.txts):
        text = text.strip()
        if not text:
            continue
        xs = [float(point[0]) for point in box]
        ys = [float(point[1]) for point in box]
        pieces.append((min(xs), min(ys), max(xs), max(ys), text))
    lines = [_line(row, page) for row in _rows(pieces)]
    return lines


def _rows(pieces: list[tuple[float, float, float, float, str]]) -> list[list[tuple[float, float, float, float, str]]]:
    """Boxes grouped into visual lines: a box joins a line when most of its height overlaps the line's."""
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for piece in sorted(pieces, key=lambda p: ((p[1] + p[3]) / 2, p[0])):
        x0, top, x1, bottom, _text = piece
        for row in reversed(rows[-3:]):
            r_top = min(p[1] for p in row)
            r_bottom = max(p[3] for p in row)
            overlap = min(bottom, r_bottom) - max(top, r_top)
            if overlap > 0.6 * min(bottom - top, r_bottom - r_top) and all(x1 <= p[0] or x0 >= p[2] for p in row):
                row.append(piece)
                break
        else:
            rows.append([piece])
    return [sorted(row, key=lambda p: p[0]) for row in rows]


def _weight(text: str) -> float:
    """The width of ``text`` in character sizes: a Latin letter or digit is half of a Chinese character."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _line(row: list[tuple[float, float, float, float, str]], page: int) -> Line:
    x0, x1 = row[0][0], max(p[2] for p in row)
    top, bottom = min(p[1] for p in row), max(p[3] for p in row)
    height = bottom - top
    widths = sum(p[2] - p[0] for p in row)
    weight = sum(_weight(p[4]) for p in row)
    em = widths / weight if weight >= 4 else 0.85 * height
    text = row[0][4]
    for left, right in zip(row, row[1:]):
        gap = right[0] - left[2]
        text += (" " if gap > 0.8 * em else "") + right[4]
    text, fixes = normalise(text)
    line = Line(text, x0, top, x1, bottom, page, em, fixes=fixes, ocr=True)
    marker = match_line_marker(text)
    if marker is not None:
        line.marker_family = marker.family
        if marker.end < len(text):
            line.body_x = x0 + (x1 - x0) * _weight(text[: marker.end]) / max(_weight(text), 1)
    return line


_CJK = "\u4e00-\u9fff"
_DEGREE = re.compile(f"(?<=[{_CJK}])°(?=$|[{_CJK}”」』）])")
_PAREN_MARKER = re.compile(r"^([(（])\s*([一二三四五六七八九十]{1,3}|[0-9]{1,2})\s*([)）])")


def normalise(text: str) -> tuple[str, list[Fix]]:
    """Put right the OCR confusions that change the outline; each change is a Fix (what OCR read, why)."""
    fixes: list[Fix] = []
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch == "丶":  # a radical no plan uses: OCR's reading of the enumeration comma
            chars[i] = "、"
            fixes.append(Fix(i, i + 1, ch, "OCR read 、 as 丶"))
    for m in _DEGREE.finditer(text):
        chars[m.start()] = "。"
        fixes.append(Fix(m.start(), m.end(), "°", "OCR read 。 as ° (after Chinese text)"))
    m = _PAREN_MARKER.match(text)
    if m and (m.group(1) == "(" or m.group(3) == ")"):
        for group, full in ((1, "（"), (3, "）")):
            at = m.start(group)
            if chars[at] != full:
                fixes.append(Fix(at, at + 1, chars[at], f"OCR read {full} of the marker as {chars[at]}"))
                chars[at] = full
    fixes.sort(key=lambda f: f.start)
    return "".join(chars), fixes
