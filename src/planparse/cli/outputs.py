"""Output formats: chosen by ``--format`` or, when it is absent, by the extension of ``--out``.

One place for every command, so ``diff A B --out r.html`` writes HTML, ``export X -o x.txt --to docx`` is
refused, and the messages read the same everywhere. A command describes what it writes once::

    DIFF_FORMATS = OutputFormats("diff", ("markdown", "json", "html", "table"), default="markdown",
                                 extensions={".md": "markdown", ".json": "json", ".html": "html", ".txt": "table"},
                                 plain_text=("markdown", "json", "table"))
    fmt = choose_format(DIFF_FORMATS, format, out)     # typer.Exit(2) and one line on stderr when refused

Rules: an explicit ``--format`` wins when ``--out`` has no extension or one not in KNOWN_EXTENSIONS (``--out
report.log``); a known extension that names another format is a contradiction (exit 2 naming both), except
that a ``.txt`` file may hold any of the command's plain-text formats. Without ``--format`` the extension
decides; one the command cannot write is an error listing the extensions it can.

Each message is one f-string, so it can move to a message catalogue unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# What each extension means to a reader of the file name (shown in messages).
KNOWN_EXTENSIONS: Mapping[str, str] = {
    ".html": "an HTML page",
    ".htm": "an HTML page",
    ".md": "a Markdown file",
    ".markdown": "a Markdown file",
    ".json": "a JSON file",
    ".jsonl": "a JSON Lines file",
    ".docx": "a Word document",
    ".xlsx": "an Excel workbook",
    ".txt": "a plain-text file",
    ".png": "a PNG image",
    ".svg": "an SVG image",
    ".pdf": "a PDF file",
    ".csv": "a CSV file",
}


@dataclass(frozen=True)
class OutputFormats:
    """The formats one command writes.

    ``names``: the values ``--format`` accepts, in the order help shows them; ``default`` when neither
    ``--format`` nor an ``--out`` extension says; ``extensions``: the extension each format is named by
    (several may map to one format); ``plain_text``: formats that may also be written to a ``.txt``.
    """

    command: str
    names: tuple[str, ...]
    default: str
    extensions: Mapping[str, str]
    plain_text: tuple[str, ...] = ()
    option: str = "--format"
    out_option: str = "--out"

    @property
    def metavar(self) -> str:
        """How help shows the option's value: the choices, ``markdown|html|json|table``."""
        return "|".join(self.names)

    def by_extension(self, out: Path) -> str | None:
        return self.extensions.get(out.suffix.lower())

    def accepts(self, fmt: str, out: Path) -> bool:
        """Whether ``fmt`` may be written to a file named ``out``."""
        suffix = out.suffix.lower()
        if suffix not in KNOWN_EXTENSIONS:
            return True  # report.log, report.out, a name with no extension: the user said --format
        if self.extensions.get(suffix) == fmt:
            return True
        return suffix == ".txt" and fmt in self.plain_text

    def suffix_of(self, fmt: str) -> str | None:
        """The extension a file in ``fmt`` is named by (the first one listed for it)."""
        return next((ext for ext, name in self.extensions.items() if name == fmt), None)

    def suffixes(self) -> str:
        """The extensions the command writes, one per format: ".md, .html, .json or .txt"."""
        found = list(dict.fromkeys(filter(None, (self.suffix_of(name) for name in self.names))))
        return found[0] if len(found) == 1 else f"{', '.join(found[:-1])} or {found[-1]}"


class FormatChoiceError(ValueError):
    """The format asked for cannot be used (unknown, contradicts the output's name, or cannot be told)."""


def resolve_format(formats: OutputFormats, given: str | None, out: Path | None) -> str:
    """The format to write: ``given`` (checked against ``out``'s extension), else ``out``'s extension,
    else the default. Raises FormatChoiceError with a one-line message."""
    opt, out_opt = formats.option, formats.out_option
    if given is not None:
        given = given.strip().lower()
        if given not in formats.names:
            raise FormatChoiceError(f"unknown format {given!r} for {opt}; choose one of {', '.join(formats.names)}")
        if out is not None and not formats.accepts(given, out):
            implied = formats.by_extension(out)
            what = KNOWN_EXTENSIONS[out.suffix.lower()]
            if implied is not None:
                remedy = f"drop {opt} or use {opt} {implied}"
            else:
                remedy = f"name the file {out.stem}{formats.suffix_of(given) or ''}"
            raise FormatChoiceError(f"{opt} {given} and {out_opt} {out.name} disagree: {out.suffix} is {what}; {remedy}")
        return given
    if out is None:
        return formats.default
    implied = formats.by_extension(out)
    if implied is not None:
        return implied
    suffix = out.suffix.lower()
    if suffix in KNOWN_EXTENSIONS:
        raise FormatChoiceError(
            f"{out_opt} {out.name}: {formats.command} does not write {KNOWN_EXTENSIONS[suffix]} ({out.suffix}); "
            f"end the name in {formats.suffixes()}, or give {opt} {formats.metavar}")
    ext = f"the extension {out.suffix!r}" if out.suffix else "a name without an extension"
    raise FormatChoiceError(
        f"{out_opt} {out.name}: cannot tell the format from {ext}; end the name in {formats.suffixes()}, "
        f"or give {opt} {formats.metavar}")


def choose_format(formats: OutputFormats, given: str | None, out: Path | None) -> str:
    """``resolve_format`` for a command: a refusal is one line on stderr and ``typer.Exit(2)``."""
    from planparse.cli import fail

    try:
        return resolve_format(formats, given, out)
    except FormatChoiceError as exc:
        raise fail(str(exc)) from None


# The formats of the commands in this package (trends: see cli/store.py; it may use OutputFormats too).
DIFF_FORMATS = OutputFormats(
    "diff", ("markdown", "html", "json", "table"), default="markdown",
    extensions={".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".json": "json",
                ".txt": "table"},
    plain_text=("markdown", "json", "table"))
PARSE_FORMATS = OutputFormats(
    "parse", ("tree", "markdown", "json"), default="tree",
    extensions={".txt": "tree", ".md": "markdown", ".markdown": "markdown", ".json": "json"},
    plain_text=("tree", "markdown", "json"))
DEDUP_FORMATS = OutputFormats(
    "dedup", ("table", "json"), default="table", extensions={".txt": "table", ".json": "json"},
    plain_text=("table", "json"))
LINT_FORMATS = OutputFormats(
    "lint", ("text", "json"), default="text", extensions={".txt": "text", ".json": "json", ".jsonl": "json"},
    plain_text=("text", "json"))
CLASSIFY_FORMATS = OutputFormats(
    "classify", ("table", "json"), default="table", extensions={".txt": "table", ".json": "json", ".jsonl": "json"},
    plain_text=("table", "json"))
EXPORT_FORMATS = OutputFormats(
    "export", ("docx", "md", "xlsx"), default="md",
    extensions={".docx": "docx", ".md": "md", ".markdown": "md", ".xlsx": "xlsx"},
    plain_text=("md",), option="--to")
