"""Safe outputs: writes that never replace an input and never leave a truncated file, and text that is
safe to show (file names on a terminal, document text in Markdown).

- ``atomic_write(path, data)`` / ``atomic_target(path)``: the output is written to a temporary file
  beside ``path`` and renamed onto it only when complete (``os.replace``), so a full disk or an
  interrupted run leaves the previous file as it was and no partial file behind.
- ``refuse_input(out, inputs)``: an output path that is (or links to) one of the inputs is an error
  naming it, before anything is written.
- ``printable(text)``: file names and messages for a terminal: invalid UTF-8 bytes (surrogate escapes)
  shown as ``\\xff``, control characters (terminal escapes) and bidi overrides shown escaped.
- ``write_stdout(text)``: never a UnicodeEncodeError on a strict stdout (unencodable characters are
  written backslash-escaped; in JSON output that is a valid ``\\udcff`` escape).
- ``markdown_text(text)``: document text as literal Markdown: HTML, links, emphasis and line-start
  syntax (headings, lists, quotes, code) neutralised.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from planparse.errors import PlanparseError
from planparse.messages import say

__all__ = [
    "OutputError", "atomic_target", "atomic_write", "refuse_input", "refuse_inputs", "printable", "write_stdout",
    "markdown_text",
]


class OutputError(PlanparseError):
    """An output cannot be written, or would replace an input."""


# --- never onto an input ------------------------------------------------------------------------
def _file_id(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def refuse_inputs(outs: Iterable[str | Path], inputs: Iterable[str | Path], hint: str = "") -> None:
    """Raise OutputError naming the first of ``outs`` that is one of ``inputs``: the same file (through
    symlinks and hard links too) or, for a file not there yet, the same resolved name."""
    inputs = list(inputs)
    ids = {fid for fid in map(_file_id, inputs) if fid is not None}
    names = {os.path.realpath(p) for p in inputs}
    for out in outs:
        fid = _file_id(out)
        if (fid is not None and fid in ids) or os.path.realpath(out) in names:
            name = printable(str(out))
            raise OutputError(say("output.is_input_hint", name=name, hint=hint) if hint else say("output.is_input", name=name))


def refuse_input(out: str | Path, inputs: Iterable[str | Path], hint: str = "") -> None:
    """Raise OutputError when ``out`` is one of ``inputs`` (the message names the path)."""
    refuse_inputs([out], inputs, hint)


# --- atomic writes ------------------------------------------------------------------------------
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_target(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block ends without error, rename it onto ``path``.

    On any error (or Ctrl-C) the temporary file is removed and ``path`` is untouched. OSError becomes
    OutputError("cannot write PATH: reason"). A symlink at ``path`` is written through (the link stays).
    The temporary name keeps the suffix (``.NAME.XXXX.partial.png``) for writers that look at it.
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    name = printable(str(path))
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem[:40]}.", suffix=f".partial{target.suffix}")
    except OSError as exc:
        raise OutputError(say("output.cannot_write", name=name, reason=exc.strerror or exc)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            mode = os.stat(target).st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        with open(tmp, "rb") as done:  # the data is on disk before the name points at it
            os.fsync(done.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(say("output.cannot_write", name=name, reason=exc.strerror or exc)) from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp: Path) -> None:
    try:
        tmp.unlink()
    except OSError:
        pass


def atomic_write(path: str | Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically (see atomic_target); returns ``path``."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    with atomic_target(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(payload)
    return Path(path)


# --- text for terminals -------------------------------------------------------------------------
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    ch = match.group(0)
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, newlines: bool = False) -> str:
    """``text`` with control characters, bidi controls and undecodable bytes shown escaped (one line, no
    terminal escapes, always encodable); ``newlines`` keeps line breaks (multi-line document text)."""
    if newlines:
        return "\n".join(_UNSAFE.sub(_escape, line) for line in text.split("\n"))
    return _UNSAFE.sub(_escape, text)


def write_stdout(text: str, stream=None) -> None:
    """Write ``text`` to stdout; characters the stream cannot encode are written backslash-escaped."""
    stream = stream or sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


# --- Markdown -----------------------------------------------------------------------------------
_MD_INLINE = re.compile(r"[\\`*_\[\]~=|$]")
_MD_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_LINE_START = re.compile(r"^([#+\-])|^(\d{1,9})([.)])(?=[ \t]|$)")


def markdown_text(text: str, continues: bool = False) -> str:
    """Document text as literal Markdown (CommonMark/GFM): shown as written, never as markup.

    HTML is entity-escaped (``<script>`` stays text); ``[ ] * _ ` ~ = | $ \\`` are backslash-escaped, so no
    link, image, emphasis (``**次`` stays two stars), code, strike-through, ==mark==, table or math is
    made of document text; at the start of a line ``# - +`` and ``1.`` / ``1)`` are escaped (no heading
    or list) and ASCII indentation is dropped (no code block). Line breaks are kept. ``continues``: the
    text's first line continues a line already begun (e.g. after ``- （一）``), so it is not a line start.
    """
    lines = []
    for k, line in enumerate(text.split("\n")):
        start = k > 0 or not continues
        if start:
            line = line.lstrip(" \t")
        line = _MD_INLINE.sub(lambda m: "\\" + m.group(0), line)
        line = "".join(_MD_HTML.get(ch, ch) for ch in line)
        if start:
            line = _MD_LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), line)
        lines.append(line)
    return "\n".join(lines)
