"""`planparse evaluate-structure` and `planparse evaluate-reports`: structure accuracy of the parser.

Development commands: they run the evaluators in ``planparse.devtools`` (which the library never imports).
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from planparse.cli import app, fail
from planparse.errors import PlanparseError
from planparse.messages import say

DEFAULT_PLANS = Path("corpus") / "plans"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


@app.command("evaluate-structure")
def evaluate_structure(
    directory: Path = typer.Argument(
        DEFAULT_PLANS, metavar="DIR",
        help="A folder of gold_<id>.json outlines + <id>_*.txt pages, or of NAME.txt + NAME.gold.txt "
             "annotations (default: corpus/plans in the current directory).",
    ),
    pages: list[str] | None = typer.Option(None, "--page", "-p", metavar="ID", help="Outline folders: only this page id (repeatable)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Outline folders: per-page scores without the miss lines."),
    details: bool = typer.Option(False, "--details", help="Corpus folders: list every missing and extra node."),
    format: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="Output format."),
    threshold: float | None = typer.Option(
        None, "--threshold", metavar="X", help="Exit 1 below this: overall accuracy (corpus) or share of checks held (outlines)."),
) -> None:
    """Score the parser's structure against gold files, per document and in total."""
    if not directory.is_dir():
        raise fail(say("dev_cli.no_directory", name=directory))
    from planparse.devtools.outline_eval import evaluate_outlines, format_report, is_outline_folder

    try:
        if is_outline_folder(directory):
            outline = evaluate_outlines(directory, only=pages or ())
            score, text, data = (outline.ok / outline.total if outline.total else 1.0,
                                 format_report(outline, quiet=quiet), outline.to_dict())
        else:
            from planparse.devtools.corpus_eval import evaluate_corpus, format_table

            corpus = evaluate_corpus(directory)
            score, text, data = corpus.overall, format_table(corpus, details=details), corpus.to_dict()
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2) if format is TextOrJson.json else text)
    if threshold is not None and score < threshold:
        typer.echo(say("dev_cli.below_threshold", score=score, threshold=threshold), err=True)
        raise typer.Exit(1)


@app.command("evaluate-reports")
def evaluate_reports(
    file: Path = typer.Argument(..., metavar="FILE", help="A JSON Lines file of records with a 'content' string (and title, year)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Every report's misses before the summary."),
    format: TextOrJson = typer.Option(TextOrJson.text, "--format", "-f", help="Output format."),
) -> None:
    """Structure of long official documents: the two heading levels, 一是 items, crashes, lost characters.

    Reads a two-level gold from each record's text (line-start 一、 runs, （一） runs under them, 一是
    paragraphs) and scores the parser against it."""
    if not file.is_file():
        raise fail(say("dev_cli.no_file", name=file))
    from planparse.devtools.reports_eval import evaluate_reports as run, format_summary

    try:
        summary = run(file)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    if format is TextOrJson.json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_summary(summary, verbose=verbose))
