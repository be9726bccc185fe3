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

The messages are [output_format] of data/messages/cli.toml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from planparse.messages import say

# What each extension is, as [file_kind] of data/messages/files.toml names it to a reader of the file name.
KNOWN_EXTENSIONS: Mapping[str, str] = {
    ".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json", ".jsonl": "jsonl",
    ".docx": "word", ".xlsx": "excel", ".txt": "text", ".png": "png", ".svg": "svg", ".pdf": "pdf", ".csv": "csv",
}


def file_kind(suffix: str) -> str:
    """What a file with this (known) extension is, in words: 'an HTML page'."""
    return say(f"file_kind.{KNOWN_EXTENSIONS[suffix.lower()]}")


def or_list(items: list[str]) -> str:
    """'.md, .html, .json or .txt' (Chinese: '.md、.html、.json 或 .txt')."""
    if len(items) == 1:
        return items[0]
    return say("output_format.list_last", items=say("output_format.list_separator").join(items[:-1]), last=items[-1])


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
        return or_list(list(dict.fromkeys(filter(None, (self.suffix_of(name) for name in self.names)))))


class FormatChoiceError(ValueError):
    """The format asked for cannot be used (unknown, contradicts the output's name, or cannot be told)."""


def resolve_format(formats: OutputFormats, given: str | None, out: Path | None) -> str:
    """The format to write: ``given`` (checked against ``out``'s extension), else ``out``'s extension,
    else the default. Raises FormatChoiceError with a one-line message."""
    opt, out_opt = formats.option, formats.out_option
    if given is not None:
        given = given.strip().lower()
        if given not in formats.names:
            raise FormatChoiceError(say("output_format.unknown", given=given, option=opt,
                                        choices=say("output_format.list_separator").join(formats.names)))
        if out is not None and not formats.accepts(given, out):
            implied = formats.by_extension(out)
            if implied is not None:
                remedy = say("output_format.remedy_drop", option=opt, implied=implied)
            else:
                remedy = say("output_format.remedy_rename", name=f"{out.stem}{formats.suffix_of(given) or ''}")
            raise FormatChoiceError(say("output_format.disagree", option=opt, given=given, out_option=out_opt,
                                        name=out.name, suffix=out.suffix, what=file_kind(out.suffix), remedy=remedy))
        return given
    if out is None:
        return formats.default
    implied = formats.by_extension(out)
    if implied is not None:
        return implied
    suffix = out.suffix.lower()
    if suffix in KNOWN_EXTENSIONS:
        raise FormatChoiceError(say("output_format.cannot_write_kind", out_option=out_opt, name=out.name,
                                    command=formats.command, what=file_kind(suffix), suffix=out.suffix,
                                    suffixes=formats.suffixes(), option=opt, choices=formats.metavar))
    what = say("output_format.the_extension", suffix=out.suffix) if out.suffix else say("output_format.no_extension")
    raise FormatChoiceError(say("output_format.cannot_tell", out_option=out_opt, name=out.name, what=what,
                                suffixes=formats.suffixes(), option=opt, choices=formats.metavar))


def choose_format(formats: OutputFormats, given: str | None, out: Path | None) -> str:
    """``resolve_format`` for a command: a refusal is one line on stderr and ``typer.Exit(2)``."""
    from planparse.cli import fail

    try:
        return resolve_format(formats, given, out)
    except FormatChoiceError as exc:
        raise fail(str(exc)) from None


# The formats of the commands in this package (trends: see cli/store.py; it may use OutputFormats too).
DIFF_FORMATS = OutputFormats(
    "diff", ("markdown", "html", "json", "table", "docx"), default="markdown",
    extensions={".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".json": "json",
                ".txt": "table", ".docx": "docx"},
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
