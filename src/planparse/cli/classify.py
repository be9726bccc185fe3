"""`planparse classify`, `planparse train` and `planparse evaluate` (domain classification)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer

from planparse.cli import app, fail, warn_if_empty
from planparse.cli.outputs import CLASSIFY_FORMATS, choose_format
from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.safe_io import atomic_write, printable, refuse_input, write_stdout

DEFAULT_LABELLED = Path("corpus") / "labelled"


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


def _rows(collection, untitled: str = "(untitled section)") -> list[dict]:
    """One row per section and per item (all depths), in document order; an untitled section's text is
    ``untitled`` (the JSON's stays English: it is data, the same in every language)."""
    rows = []
    for p_index, plan in enumerate(collection.plans, 1):
        items_of: dict[int, list] = {}
        for section, item, path in plan.iter_items():
            items_of.setdefault(id(section), []).append((item, path))
        for s_index, section in enumerate(plan.sections, 1):
            rows.append(_row(f"{p_index}/{s_index}", "section", section.marker,
                             section.title or untitled, section.domain_scores))
            for item, path in items_of.get(id(section), []):
                rows.append(_row(f"{p_index}/{path}", "item", item.marker, item.text, item.domain_scores))
    return rows


def _row(path: str, kind: str, marker: str | None, text: str, scores) -> dict:
    return {
        "path": path, "kind": kind, "marker": marker, "text": text,
        "domains": [s.id for s in scores],
        "domain_scores": [s.model_dump(mode="json") for s in scores],
    }


def _payload(collection, source: str) -> dict:
    return {"source": source, "rows": _rows(collection)}


@app.command()
def classify(
    path: Path = typer.Argument(..., metavar="PATH", help="A .txt/.docx/.doc/.wps plan file, or a folder of them."),
    format: str = typer.Option(
        None, "--format", "-f", metavar=CLASSIFY_FORMATS.metavar, show_default=False,
        help="Output format (default: from the --out extension, .txt .json; else table). A folder's json is "
             "JSON Lines, one object per file."),
    width: int = typer.Option(48, "--width", metavar="N", help="Table: characters of text shown per row."),
    out: Path = typer.Option(None, "--out", "-o", metavar="FILE", help="Write here instead of standard output."),
) -> None:
    """Print every section and measure with its domains, scores and the cue words that fired.

    A folder gives one summary row per file (plans, sections, measures, main domains) or, as json, every
    file's rows.
    """
    import planparse

    fmt = choose_format(CLASSIFY_FORMATS, format, out)
    try:
        if out is not None:
            refuse_input(out, [path], say("cli.choose_out"))
        if path.is_dir():
            text, code = _classify_folder(path, fmt, to_stdout=out is None)
        else:
            collection = planparse.load(path)
            warn_if_empty(collection, path)
            if fmt == "json":
                text = json.dumps(_payload(collection, collection.source), ensure_ascii=False, indent=2) + "\n"
            else:
                text = _table(collection, path, width, to_stdout=out is None)
            code = 0
        if out is None:
            write_stdout(text)
        else:
            atomic_write(out, text)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    raise typer.Exit(code)


def _console_text(renderable, to_stdout: bool) -> str:
    """A rich renderable as text: as the terminal shows it (its width, colour when it is a terminal) for
    standard output, plain and 160 columns wide for a file."""
    from rich.console import Console

    if to_stdout:
        console = Console(soft_wrap=False)
    else:
        console = Console(soft_wrap=False, force_terminal=False, color_system=None, width=160)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def _table(collection, path: Path, width: int, to_stdout: bool) -> str:
    from rich.table import Table
    from rich.text import Text

    from planparse.classify.taxonomy import domain_names
    from planparse.text.strings import shorten

    names = domain_names()
    # Document text and file names are data, never console markup: every cell is a Text.
    table = Table(title=Text(printable(str(path))), show_lines=False)
    for column in ("path", "text", "domain", "score", "cues"):
        table.add_column(say(f"classify_table.{column}"), overflow="fold")
    for row in _rows(collection, untitled=say("classify_table.untitled_section")):
        text = printable(shorten((row["marker"] or "") + row["text"], width))
        scores = row["domain_scores"] or [{"id": "", "score": 0.0, "evidence": []}]
        style = "bold" if row["kind"] == "section" else None
        for n, s in enumerate(scores):
            table.add_row(Text(row["path"] if n == 0 else ""), Text(text if n == 0 else ""),
                          Text(f"{s['id']} {names.get(s['id'], '')}".strip()), f"{s['score']:.2f}",
                          Text(printable("、".join(s["evidence"]))), style=style)
    return _console_text(table, to_stdout)


def _classify_folder(folder: Path, fmt: str, to_stdout: bool) -> tuple[str, int]:
    """JSON Lines of every file's rows, or a table of one summary row per file."""
    from collections import Counter

    from rich.table import Table
    from rich.text import Text

    from planparse.classify.taxonomy import domain_names
    from planparse.cli.batch import FolderRun, parse_each

    run = FolderRun(folder, "classifying")
    run.find()
    names = domain_names()
    lines: list[str] = []
    table = Table(title=Text(printable(str(folder))))
    for column in ("file", "plans", "sections", "measures", "main_domains"):
        table.add_column(say(f"classify_table.{column}"), overflow="fold",
                         justify="right" if column in ("plans", "sections", "measures") else "left")
    done = 0

    def work(file, relative, _raw, collection) -> None:
        nonlocal done
        warn_if_empty(collection, file)
        if fmt == "json":
            lines.append(json.dumps(_payload(collection, collection.source), ensure_ascii=False) + "\n")
        else:
            items = [entry.item for entry in collection.all_items()]
            primary = Counter(item.domains[0] for item in items if item.domains and item.domains[0] != "other")
            top = " · ".join(f"{names.get(d, d)} {n}" for d, n in primary.most_common(3))
            table.add_row(Text(relative), str(len(collection.plans)),
                          str(sum(len(p.sections) for p in collection.plans)), str(len(items)), Text(top))
        done += 1

    parse_each(run, True, work)
    run.say(run.summary(say("folder_run.classified", count=done)))
    if not done:
        raise PlanparseError(say("cli.none_readable", name=folder, count=len(run.files)))
    return ("".join(lines) if fmt == "json" else _console_text(table, to_stdout)), run.exit_code()


def _corpus_path(corpus: Path) -> Path:
    if not corpus.exists():
        raise fail(say("dev_cli.no_corpus", name=corpus))
    return corpus


@app.command()
def train(
    corpus: Path = typer.Option(DEFAULT_LABELLED, "--corpus", metavar="DIR|FILE", help="Labelled corpus folder or .jsonl file (default: corpus/labelled in the current directory)."),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="DIR", help="Model folder (default: the shipped model in the package)."),
    seed: int = typer.Option(0, "--seed", metavar="N", help="Random seed; the same corpus and seed give the same model."),
) -> None:
    """Rebuild the domain model from the train split of the labelled corpus (calibrated on its dev split)."""
    from planparse.devtools.train_classifier import train as train_model

    corpus = _corpus_path(corpus)
    try:
        out = train_model(corpus, output, seed=seed, log=lambda m: typer.echo(m, err=True))
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    typer.echo(str(out))


@app.command()
def evaluate(
    corpus: Path = typer.Option(DEFAULT_LABELLED, "--corpus", metavar="DIR|FILE", help="Labelled corpus folder or .jsonl file (default: corpus/labelled in the current directory)."),
    model: Path | None = typer.Option(None, "--model", metavar="DIR", help="Model folder (default: the shipped model)."),
    split: str = typer.Option("test", "--split", metavar="NAME", help="Which split to score (the held-out one is 'test')."),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="Output format."),
) -> None:
    """Per-domain precision, recall and F1, macro-F1 and a calibration table: rules only, model only and combined."""
    from planparse.classify.pipeline import Classifier, NgramModel
    from planparse.devtools.evaluate_classifier import evaluate as run_evaluation
    from planparse.devtools.train_classifier import load_corpus

    corpus = _corpus_path(corpus)
    try:
        rows = load_corpus(corpus, split=split)
        if not rows:
            raise fail(f"no rows in split {split!r}")
        if model is not None and not NgramModel.exists(model):
            raise fail(f"no domain model (model.npz, meta.json) at {model}")
        reports = run_evaluation(rows, Classifier(model) if model else None)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    if format is TableOrJson.json:
        typer.echo(json.dumps({m: r.as_dict() for m, r in reports.items()}, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    modes = list(reports)
    table = Table(title=f"{split} split: {len(rows)} lines (P/R/F1)")
    table.add_column("domain")
    table.add_column("n", justify="right")
    for mode in modes:
        table.add_column(mode, justify="right")
    for domain in reports[modes[0]].per_domain:
        stats = [reports[m].per_domain[domain] for m in modes]
        cells = [f"{s.precision:.2f}/{s.recall:.2f}/{s.f1:.2f}" for s in stats]
        table.add_row(domain, str(stats[0].tp + stats[0].fn), *cells)
    table.add_section()
    table.add_row("macro-F1", "", *[f"{reports[m].macro_f1:.3f}" for m in modes], style="bold")
    table.add_row("micro-F1", "", *[f"{reports[m].micro_f1:.3f}" for m in modes])
    Console().print(table)
    from planparse.devtools.evaluate_classifier import calibration_rich_table

    Console().print(calibration_rich_table(reports))
