"""The planparse command line: a thin typer layer over the library API.

Each command group lives in its own module and registers itself on ``app`` when imported below. Help
lists the commands in the panels and order of ``COMMAND_PANELS``; every parameter shows a readable value
name (FILE, DIR, N, ``json|table``) or none for a flag, never a Python type.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.models import DefaultPlaceholder

from planparse import messages
from planparse.errors import PlanparseError
from planparse.messages import language, say
from planparse.version import __version__

# Help panels, in the order shown, and the commands of each in order. A command missing here is listed last.
COMMAND_PANELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Read a plan", ("parse", "lint", "classify", "schema")),
    ("Compare plans", ("diff", "dedup")),
    ("Store and follow years", ("ingest", "trends", "history")),
    ("Export", ("export",)),
    ("Scale out", ("spark",)),
    ("Development", ("evaluate-structure", "evaluate-reports", "train", "evaluate")),
)
# Each panel's key in [cli_panel] of data/messages/cli.toml (its title in the current language), in the same order.
_PANEL_KEYS = ("read", "compare", "store", "export", "scale", "dev")
_PANEL_OF = {name: key for key, (_, names) in zip(_PANEL_KEYS, COMMAND_PANELS) for name in names}
_ORDER = {name: k for k, name in enumerate(_PANEL_OF)}


class _NamedArgument(TyperArgument):
    """An argument shown by its name alone (FILE, DIR…), as ``FILE...`` when it takes several.

    typer (0.2x) prints the Python type beside every argument (``<list[Path]>``) and has no setting to
    turn that off per parameter; the name already says what to give, so the type column stays empty.
    """

    def display_type_rich(self, ctx) -> str | None:  # noqa: ARG002 - typer's signature
        return None

    def get_usage_pieces(self, ctx) -> list[str]:  # noqa: ARG002 - click's signature
        name = self.metavar or self.name.upper()
        name = name if self.required else f"[{name}]"
        return [name + ("..." if self.nargs != 1 and not name.endswith("...") else "")]


def _value_name(param: TyperOption) -> str:
    """The value name of an option that set none: nothing for a flag, else by its type."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    choices = getattr(getattr(param, "type_descriptor", None), "choices", None)
    if choices:
        return "|".join(str(getattr(c, "value", c)) for c in choices)
    return {int: "N", float: "X", Path: "PATH", str: "TEXT"}.get(annotation, "VALUE")


def _readable(params: list) -> list:
    """Readable value names for help (see the module docstring); idempotent."""
    for param in params:
        if type(param) is TyperArgument:
            if param.metavar is None:
                param.metavar = param.name.upper()
            param.__class__ = _NamedArgument  # adds no state: only how help shows it
        elif isinstance(param, TyperOption) and param.metavar is None:
            param.metavar = _value_name(param)
    return params


def _unwrap(text: str) -> str:
    """Join the hard-wrapped lines of each docstring paragraph (rich help keeps single line breaks, so a
    wrapped docstring showed ragged lines); lines opening with "- " stay lines of a list."""
    paragraphs = inspect.cleandoc(text).split("\n\n")
    joined = []
    for paragraph in paragraphs:
        lines = paragraph.splitlines()
        out = lines[:1]
        for line in lines[1:]:
            if line.lstrip().startswith(("- ", "* ")):
                out.append(line)
            else:
                out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        joined.append("\n".join(out))
    return "\n\n".join(joined)


class PlanparseGroup(TyperGroup):
    """The root command: panels and order from COMMAND_PANELS, readable value names everywhere.

    In Chinese, the root help's panel titles and one-line command summaries are Chinese ([cli_panel] and
    [cli_help] of data/messages/cli.toml); each command's own help, its options, and typer's words (Usage,
    Options) stay English. Both are set on every call: the language may change between runs in one process.
    """

    def main(self, *args, **kwargs):
        messages.set_language(None)  # each run starts from the environment's language until --lang says otherwise
        return super().main(*args, **kwargs)

    def format_help(self, ctx, formatter) -> None:
        self.help = say("cli_help.planparse")
        super().format_help(ctx, formatter)

    def list_commands(self, ctx) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: _ORDER.get(name, len(_ORDER)))  # stable: unknown ones last

    def get_command(self, ctx, cmd_name: str):
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            panel = getattr(command, "rich_help_panel", None)
            if cmd_name in _PANEL_OF and (panel is None or isinstance(panel, DefaultPlaceholder)
                                          or getattr(command, "_panel_ours", False)):
                command.rich_help_panel, command._panel_ours = say(f"cli_panel.{_PANEL_OF[cmd_name]}"), True
            if command.help and not getattr(command, "_unwrapped", False):
                command.help, command._unwrapped = _unwrap(command.help), True
            summary = f"cli_help.{cmd_name}"
            command.short_help = say(summary) if language() == "zh" and summary in messages.catalogue() else None
            _readable(command.get_params(ctx))
        return command

    def get_params(self, ctx) -> list:
        return _readable(super().get_params(ctx))


app = typer.Typer(
    name="planparse",
    cls=PlanparseGroup,
    help="Parse, classify, deduplicate and diff Chinese plan documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"planparse {__version__}")
        raise typer.Exit()


def _set_language(value: str | None) -> str | None:
    """``--lang``: the language of every message from here on; without it, the environment's (PLANPARSE_LANG,
    then the locale). Eager, so ``--lang zh --help`` already speaks Chinese. An unknown language is one line in
    the environment's language (exit 2)."""
    given = None if value is None else value.strip().lower()
    if given is not None and given not in messages.LANGUAGES:
        raise fail(say("cli.bad_language", given=value))
    messages.set_language(given)
    return given


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
    lang: str = typer.Option(None, "--lang", metavar="zh|en", callback=_set_language, is_eager=True,
                             show_default=False,
                             help="Language of messages, tables and reports (default: zh when the locale, LANG or "
                                  "LC_ALL, is Chinese; PLANPARSE_LANG=zh|en overrides the locale)."),
) -> None:
    """Parse, classify, deduplicate and diff Chinese plan documents."""


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise.

    The message is made printable: file names in it may hold terminal escapes or bytes that are not
    UTF-8, shown escaped (``\\x1b``, ``\\xff``)."""
    from planparse.safe_io import printable

    typer.echo(say("cli.error", message=printable(str(message))), err=True)
    return typer.Exit(code)


def warn(message: str) -> None:
    """Print one warning line on stderr (the run goes on; the exit status is unchanged)."""
    from planparse.safe_io import printable

    typer.echo(say("cli.warning", message=printable(str(message))), err=True)


def warn_if_empty(collection, name: object) -> None:
    """The warning for a document with no text (an empty collection, exit status unchanged)."""
    from planparse.pipeline import no_text_warning

    if no_text_warning() in collection.warnings:
        warn(say("cli.named", name=name, message=no_text_warning()))


def main() -> None:
    try:
        app()
    except PlanparseError as exc:
        from planparse.safe_io import printable

        typer.echo(say("cli.error", message=printable(str(exc))), err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo(say("cli.interrupted"), err=True)
        sys.exit(130)


# Command modules register their commands on import.
from planparse.cli import (  # noqa: E402,F401
    classify,
    dedup,
    diff,
    evaluate_structure,
    export,
    lint,
    parse,
    spark,
    store,
)
