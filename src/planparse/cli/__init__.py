"""The planparse command line: a thin typer layer over the library API.

Each command group lives in its own module and registers itself on ``app`` when imported below.
"""

from __future__ import annotations

import sys

import typer

from planparse.errors import PlanparseError

app = typer.Typer(
    name="planparse",
    help="Parse, classify, deduplicate and diff Chinese plan documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one line on stderr and return the Exit to raise.

    The message is made printable: file names in it may hold terminal escapes or bytes that are not
    UTF-8, shown escaped (``\\x1b``, ``\\xff``)."""
    from planparse.safe_io import printable

    typer.echo(f"planparse: error: {printable(str(message))}", err=True)
    return typer.Exit(code)


def main() -> None:
    try:
        app()
    except PlanparseError as exc:
        from planparse.safe_io import printable

        typer.echo(f"planparse: error: {printable(str(exc))}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("planparse: interrupted", err=True)
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
    store,
)
