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
    from planparse.structure.evaluate import main

    argv = [str(directory)] if directory else []
    argv += ["--details"] if details else []
    argv += ["--threshold", str(threshold)] if threshold is not None else []
    raise typer.Exit(main(argv))
