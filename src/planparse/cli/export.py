"""`planparse export FILE --to docx|md|xlsx`: a clean, consistently numbered copy of a plan."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from planparse.cli import app, fail
from planparse.errors import PlanparseError


class ExportFormat(str, Enum):
    docx = "docx"
    md = "md"
    xlsx = "xlsx"


class GroupBy(str, Enum):
    domain = "domain"


@app.command()
def export(
    path: Path = typer.Argument(..., help="A plan file (.txt .docx .doc .wps)."),
    to: ExportFormat = typer.Option(..., "--to", help="docx | md | xlsx"),
    group_by: GroupBy = typer.Option(None, "--group-by", help="Regroup the measures under one section per domain."),
    out: Path = typer.Option(None, "--out", "-o", help="Output file (default: next to the input, new suffix; md: stdout)."),
) -> None:
    """GB/T 9704 .docx (一、→（一）→1.→（1）, placeholders highlighted), Markdown, or an .xlsx of measures."""
    import planparse
    from planparse.export import export as run
    from planparse.safe_io import printable, refuse_input, write_stdout

    if out is None and to is not ExportFormat.md:
        out = path.with_name(f"{path.stem}.planparse.{to.value}")
    try:
        if out is not None:  # checked before parsing: the input is never replaced
            refuse_input(out, [path])
        collection = planparse.load(path)
        result = run(collection, to.value, out, group_by.value if group_by else None)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    if isinstance(result, str):
        write_stdout(result)
    else:
        typer.echo(f"wrote {printable(str(result))}", err=True)
