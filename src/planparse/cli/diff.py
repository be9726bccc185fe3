"""`planparse diff OLD NEW`: what changed between last year's plan and this year's."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from planparse.cli import app, fail
from planparse.cli.outputs import DIFF_FORMATS, choose_format
from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.safe_io import atomic_write, refuse_input, write_stdout


@app.command()
def diff(
    old: Path = typer.Argument(..., metavar="OLD", help="Last version (.txt .docx .doc .wps .pdf)."),
    new: Path = typer.Argument(..., metavar="NEW", help="New version."),
    format: str = typer.Option(
        None, "--format", "-f", metavar=DIFF_FORMATS.metavar, show_default=False,
        help="Report format (default: from the --out extension, .docx .html .md .json .txt; else markdown)."),
    old_plan: int = typer.Option(None, "--old-plan", metavar="N",
                                 help="Which plan of OLD to compare (1-based; default 1)."),
    new_plan: int = typer.Option(None, "--new-plan", metavar="N",
                                 help="Which plan of NEW to compare (1-based; default 1)."),
    out: Path = typer.Option(None, "--out", "-o", metavar="FILE",
                             help="Write the report to this file instead of standard output."),
) -> None:
    """Structural diff of two plan versions: added, removed, reworded and moved measures, and changed targets."""
    import planparse

    fmt = choose_format(DIFF_FORMATS, format, out)
    if fmt == "docx" and out is None:  # a Word file is not written to a terminal
        raise fail(say("redline.needs_out"))
    try:
        if out is not None:  # checked before parsing: an input is never replaced
            refuse_input(out, [old, new], say("cli.choose_out"))
        result = planparse.diff(planparse.load(old), planparse.load(new), old_plan=old_plan, new_plan=new_plan)
        if fmt == "docx":  # the redline: Word tracked changes, written atomically by to_docx
            result.to_docx(out)
            return
        if fmt == "table":  # colour only when a person is looking at a terminal
            report = result.to_table(color=out is None and sys.stdout.isatty())
        else:
            report = result.render(fmt)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(say("cli.os_error", name=exc.filename or old, reason=exc.strerror or exc)) from None
    if out is None:
        write_stdout(report if report.endswith("\n") else report + "\n")
        return
    try:
        atomic_write(out, report)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
