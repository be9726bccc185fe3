"""The planparse command line: a thin typer layer over the library API.

Each command group lives in its own module and registers itself on ``app``.
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

# Command modules register on import. One line per module; keep the list sorted.
from planparse.cli import parse as _parse  # noqa: E402,F401
for _name in ("classify", "dedup", "diff", "docx", "store", "lint", "export"):
    try:
        __import__(f"planparse.cli.{_name}")
    except ModuleNotFoundError as exc:  # a command group not built yet must not break the others
        if exc.name != f"planparse.cli.{_name}":
            raise


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print one line on stderr and return the Exit to raise."""
    typer.echo(f"planparse: error: {message}", err=True)
    return typer.Exit(code)


def main() -> None:
    try:
        app()
    except PlanparseError as exc:
        typer.echo(f"planparse: error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("planparse: interrupted", err=True)
        sys.exit(130)
