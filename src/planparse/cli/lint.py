"""`planparse lint FILE`: what a reviewer would send back. Exit 1 when anything is found, 0 when clean."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from planparse.cli import app, fail
from planparse.errors import PlanparseError
from planparse.safe_io import write_stdout


class LintFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def lint(
    path: Path = typer.Argument(..., help="A draft plan (.txt .docx .doc .wps)."),
    format: LintFormat = typer.Option(LintFormat.text, "--format", "-f", help="text | json"),
    no_classify: bool = typer.Option(False, "--no-classify", help="Skip the domain check (faster)."),
) -> None:
    """Template leftovers, numbering faults, empty items, year mismatches, duplicates, vague measures.

    Exit status: 0 clean, 1 problems found, 2 unreadable input.
    """
    from planparse.lint import format_text, lint_path

    try:
        report = lint_path(path, classify=not no_classify)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    if format is LintFormat.json:
        write_stdout(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        write_stdout(format_text(report))
    raise typer.Exit(0 if report.clean else 1)
