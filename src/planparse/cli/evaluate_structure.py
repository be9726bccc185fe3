"""`planparse evaluate-structure`: structure accuracy against the corpus gold files."""

from __future__ import annotations

from pathlib import Path

import typer

from planparse.cli import app


@app.command("evaluate-structure")
def evaluate_structure(
    directory: Path | None = typer.Argument(None, help="Corpus folder with NAME.txt + NAME.gold.txt (default: corpus/plans)."),
    details: bool = typer.Option(False, "--details", help="List every missing and extra node."),
    threshold: float | None = typer.Option(None, "--threshold", help="Exit 1 when overall accuracy is below this."),
) -> None:
    """Score the parser's structure against gold annotations, per document and overall."""
    from planparse.structure.evaluate import default_corpus_dir, evaluate_corpus, format_table

    report = evaluate_corpus(directory or default_corpus_dir())
    typer.echo(format_table(report, details=details))
    if threshold is not None and report.overall < threshold:
        typer.echo(f"planparse: overall structure accuracy {report.overall:.3f} is below {threshold}", err=True)
        raise typer.Exit(1)
