"""`planparse diff OLD NEW`: what changed between last year's plan and this year's."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from planparse.cli import app, fail
from planparse.errors import PlanparseError
from planparse.safe_io import atomic_write, refuse_input, write_stdout


@app.command()
def diff(
    old: Path = typer.Argument(..., help="last version (.txt .docx .doc …)"),
    new: Path = typer.Argument(..., help="new version"),
    format: str = typer.Option("markdown", "--format", "-f", help="json | markdown | html | table"),
    old_plan: int = typer.Option(None, "--old-plan", help="which plan of OLD to compare (1-based; default 1)"),
    new_plan: int = typer.Option(None, "--new-plan", help="which plan of NEW to compare (1-based; default 1)"),
    out: Path = typer.Option(None, "--out", "-o", help="write the report to this file instead of stdout"),
) -> None:
    """Structural diff of two plan versions: added, removed, reworded and moved measures, and changed targets."""
    import planparse
    from planparse.plandiff import diff_plans
    from planparse.plandiff.render import FORMATS, render, to_table

    if format not in FORMATS:
        raise fail(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    try:
        if out is not None:  # checked before parsing: an input is never replaced
            refuse_input(out, [old, new], "choose another --out path")
        old_collection = planparse.load(str(old))
        new_collection = planparse.load(str(new))
        result = diff_plans(old_collection, new_collection, old_plan=old_plan, new_plan=new_plan)
        if format == "table":  # colour only when a person is looking at a terminal
            report = to_table(result, color=out is None and sys.stdout.isatty())
        else:
            report = render(result, format)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"{exc.filename or old}: {exc.strerror or exc}") from None
    if out is None:
        write_stdout(report if report.endswith("\n") else report + "\n")
        return
    try:
        atomic_write(out, report)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
