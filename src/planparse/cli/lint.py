"""`planparse lint PATH`: what a reviewer would send back. Exit 1 when anything is found, 0 when clean."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from planparse.cli import app, fail, warn_if_empty
from planparse.cli.outputs import LINT_FORMATS, choose_format
from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.safe_io import atomic_write, refuse_input, write_stdout


def _render(report, fmt: str, one_line: bool = False) -> str:
    from planparse.lint import format_text

    if fmt == "json":
        return json.dumps(report.as_dict(), ensure_ascii=False, indent=None if one_line else 2) + "\n"
    return format_text(report)


@app.command()
def lint(
    path: Path = typer.Argument(..., metavar="PATH", help="A draft plan (.txt .docx .doc .wps .pdf), or a folder of them."),
    format: str = typer.Option(
        None, "--format", "-f", metavar=LINT_FORMATS.metavar, show_default=False,
        help="Report format (default: from the --out extension, .txt .json; else text). A folder's json is "
             "JSON Lines, one report per file."),
    out: Path = typer.Option(None, "--out", "-o", metavar="FILE", help="Write the report here instead of standard output."),
    no_classify: bool = typer.Option(False, "--no-classify", help="Skip the domain check (faster)."),
) -> None:
    """Template leftovers, numbering faults, empty items, year mismatches, duplicates, vague measures.

    A folder is linted file by file: each file's report ends with its own summary line, and a last line
    on stderr counts the clean files, those with problems and those that could not be read.

    Exit status: 0 clean, 1 problems found (or some files of a folder unreadable), 2 unreadable input.
    """
    fmt = choose_format(LINT_FORMATS, format, out)
    try:
        if out is not None:
            refuse_input(out, [path], say("cli.choose_out"))
        if path.is_dir():
            text, code = _lint_folder(path, fmt, classify=not no_classify)
        else:
            text, code = _lint_file(path, fmt, classify=not no_classify)
        if out is None:
            write_stdout(text)
        else:
            atomic_write(out, text)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    raise typer.Exit(code)


def _lint_file(path: Path, fmt: str, classify: bool) -> tuple[str, int]:
    from planparse.lint import lint_collection
    from planparse.pipeline import parse_document
    from planparse.read import read_path

    raw = read_path(path)
    collection = parse_document(raw, classify=classify)
    warn_if_empty(collection, path)
    report = lint_collection(collection, raw.text)
    return _render(report, fmt), 0 if report.clean else 1


def _lint_folder(folder: Path, fmt: str, classify: bool) -> tuple[str, int]:
    from planparse.cli.batch import FolderRun, parse_each
    from planparse.lint import lint_collection

    run = FolderRun(folder, "linting")
    run.find()
    parts: list[str] = []
    clean = problems = 0

    def work(file, _relative, raw, collection) -> None:
        nonlocal clean, problems
        warn_if_empty(collection, file)
        report = lint_collection(collection, raw.text)
        parts.append(_render(report, fmt, one_line=True))
        clean, problems = clean + report.clean, problems + (not report.clean)

    parse_each(run, classify, work)
    run.say(run.summary(say("folder_run.linted", clean=clean, problems=problems)))
    if clean + problems == 0:
        raise PlanparseError(say("cli.none_readable", name=folder, count=len(run.files)))
    separator = "" if fmt == "json" else "\n"
    return separator.join(parts), run.exit_code(problems=problems > 0)
