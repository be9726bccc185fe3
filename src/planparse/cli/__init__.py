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


# Command modules register on import; a group not built yet must not break the others.
for _name in ("parse", "classify", "dedup", "diff", "store", "lint", "export", "evaluate_structure"):
    try:
        __import__(f"planparse.cli.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"planparse.cli.{_name}":
            raise
