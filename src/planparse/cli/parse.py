"""`planparse parse` and `planparse schema`."""

from __future__ import annotations

from pathlib import Path

import typer

from planparse.cli import app, fail, warn_if_empty
from planparse.cli.classify import TAXONOMY_HELP, taxonomy_option
from planparse.cli.outputs import PARSE_FORMATS, choose_format
from planparse.errors import PlanparseError
from planparse.messages import say


@app.command()
def parse(
    path: Path = typer.Argument(..., metavar="PATH",
                                help="A .txt/.docx/.doc/.wps/.pdf file (scans and .png/.jpg by OCR), a folder of them, or - for standard input."),
    format: str = typer.Option(
        None, "--format", "-f", metavar=PARSE_FORMATS.metavar, show_default=False,
        help="Output format (default: from the --out extension, .txt .md .json; else tree; json for a folder)."),
    out: Path | None = typer.Option(
        None, "--out", "-o", metavar="FILE|DIR",
        help="Write here instead of standard output; for a folder, a folder with one file per input "
             "(never onto an input file)."),
    no_classify: bool = typer.Option(False, "--no-classify", help="Skip domain classification."),
    explain: bool = typer.Option(
        False, "--explain", help="Also print, on stderr, why each numbered line became a heading or item, or not."
    ),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", metavar="FILE", help=TAXONOMY_HELP),
) -> None:
    """Parse a plan document into plans, sections and items."""
    import sys

    import planparse
    from planparse.pipeline import parse_document
    from planparse.read.text import read_text_stream
    from planparse.render import render
    from planparse.safe_io import atomic_write, refuse_input, write_stdout

    tax = taxonomy_option(taxonomy, classify=not no_classify)
    if str(path) != "-" and path.is_dir():
        from planparse.cli.folder import parse_folder

        fmt = choose_format(PARSE_FORMATS, format, None) if format is not None else "json"  # JSON Lines
        raise typer.Exit(parse_folder(path, fmt, out, classify=not no_classify, taxonomy=tax))
    fmt = choose_format(PARSE_FORMATS, format, out)
    decisions: list | None = [] if explain else None
    try:
        if out is not None and str(path) != "-":
            refuse_input(out, [path], say("cli.choose_out"))
        if str(path) == "-":
            raw = read_text_stream(sys.stdin.buffer, source="<stdin>")  # chunked, refused past the size limit
            collection = parse_document(raw, classify=not no_classify, explain=decisions, taxonomy=tax)
        else:
            collection = planparse.load(path, classify=not no_classify, explain=decisions, taxonomy=tax)
        warn_if_empty(collection, path)
        text = render(collection, fmt)
        if out is None:
            write_stdout(text)  # a file name that is not UTF-8 is no UnicodeEncodeError
        else:
            atomic_write(out, text)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    if decisions is not None:
        from planparse.render import explain_lines

        sys.stderr.write("\n".join(explain_lines(collection, decisions)) + "\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the PlanCollection model."""
    from planparse.model import json_schema_text

    typer.echo(json_schema_text())
