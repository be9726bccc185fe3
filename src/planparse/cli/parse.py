"""`planparse parse` and `planparse schema`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from planparse.cli import app


class ParseFormat(str, Enum):
    json = "json"
    markdown = "markdown"
    tree = "tree"


@app.command()
def parse(
    path: Path = typer.Argument(..., help="A .txt/.docx/.doc/.wps file, a folder of them, or - for standard input."),
    format: ParseFormat = typer.Option(ParseFormat.tree, "--format", "-f", help="Output format."),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="For a folder: write one file per input here (never onto an input file)."
    ),
    no_classify: bool = typer.Option(False, "--no-classify", help="Skip domain classification."),
    explain: bool = typer.Option(
        False, "--explain", help="Also print, on stderr, why each numbered line became a heading or item, or not."
    ),
) -> None:
    """Parse a plan document into plans, sections and items."""
    import sys

    import planparse
    from planparse.pipeline import parse_document
    from planparse.read.text import read_text_stream
    from planparse.render import render

    decisions: list | None = [] if explain else None
    if str(path) == "-":
        raw = read_text_stream(sys.stdin.buffer, source="<stdin>")  # chunked, refused past the size limit
        collection = parse_document(raw, classify=not no_classify, explain=decisions)
    elif path.is_dir():
        from planparse.cli.folder import parse_folder

        raise typer.Exit(parse_folder(path, format.value, out, classify=not no_classify))
    else:
        collection = planparse.load(path, classify=not no_classify, explain=decisions)
    from planparse.safe_io import write_stdout

    write_stdout(render(collection, format.value))  # a file name that is not UTF-8 is no UnicodeEncodeError
    if decisions is not None:
        from planparse.render import explain_lines

        sys.stderr.write("\n".join(explain_lines(collection, decisions)) + "\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the PlanCollection model."""
    from planparse.model import json_schema_text

    typer.echo(json_schema_text())
