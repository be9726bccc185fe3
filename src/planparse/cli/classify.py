"""`planparse classify`, `planparse train` and `planparse evaluate` (domain classification), and the
``--taxonomy FILE`` option that parse, classify, ingest, trends, train and evaluate share."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from planparse.cli import app, fail, warn_if_empty
from planparse.cli.outputs import CLASSIFY_FORMATS, choose_format
from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.safe_io import atomic_write, printable, refuse_input, write_stdout

if TYPE_CHECKING:
    from planparse.classify.taxonomy import Taxonomy

DEFAULT_LABELLED = Path("corpus") / "labelled"

TAXONOMY_HELP = ("A domain taxonomy file (.toml, the format of examples/school_taxonomy.toml) instead of the "
                 "union taxonomy.")


def taxonomy_option(path: Path | None, classify: bool = True) -> "Taxonomy | None":
    """The taxonomy a ``--taxonomy FILE`` option names (None: the default), read and with its classifier built,
    so that a bad file is one line (exit 2) and a taxonomy with no trained model says so once, as a warning."""
    if path is None or not classify:
        return None
    import warnings

    from planparse.classify import get_classifier
    from planparse.classify.pipeline import NoModelWarning
    from planparse.classify.taxonomy import Taxonomy
    from planparse.cli import warn

    try:
        taxonomy = Taxonomy.load(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NoModelWarning)  # said below, as one line of ours
            classifier = get_classifier(taxonomy)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    if classifier.notice:
        warn(classifier.notice)
    return taxonomy


def _names(taxonomy: "Taxonomy | None") -> dict[str, str]:
    from planparse.classify.taxonomy import default_taxonomy

    return (taxonomy or default_taxonomy()).names


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


def _payload(collection, source: str, taxonomy: "Taxonomy | None" = None) -> dict:
    """The JSON of one file; with a user's taxonomy, its name too (the union taxonomy's JSON is as it was)."""
    payload = {"source": source, "rows": _rows(collection)}
    if taxonomy is not None and not taxonomy.builtin:
        payload["taxonomy"] = taxonomy.name
    return payload


@app.command()
def classify(
    path: Path = typer.Argument(..., metavar="PATH", help="A .txt/.docx/.doc/.wps/.pdf plan file (scans and .png/.jpg by OCR), or a folder of them."),
    format: str = typer.Option(
        None, "--format", "-f", metavar=CLASSIFY_FORMATS.metavar, show_default=False,
        help="Output format (default: from the --out extension, .txt .json; else table). A folder's json is "
             "JSON Lines, one object per file."),
    width: int = typer.Option(48, "--width", metavar="N", help="Table: characters of text shown per row."),
    out: Path = typer.Option(None, "--out", "-o", metavar="FILE", help="Write here instead of standard output."),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", metavar="FILE", help=TAXONOMY_HELP),
) -> None:
    """Print every section and measure with its domains, scores and evidence: the cue words that fired, then
    the n-grams that weighed most in the model.

    A folder gives one summary row per file (plans, sections, measures, main domains) or, as json, every
    file's rows.
    """
    import planparse

    fmt = choose_format(CLASSIFY_FORMATS, format, out)
    tax = taxonomy_option(taxonomy)
    try:
        if out is not None:
            refuse_input(out, [path], say("cli.choose_out"))
        if path.is_dir():
            text, code = _classify_folder(path, fmt, to_stdout=out is None, taxonomy=tax)
        else:
            collection = planparse.load(path, taxonomy=tax)
            warn_if_empty(collection, path)
            if fmt == "json":
                text = json.dumps(_payload(collection, collection.source, tax), ensure_ascii=False, indent=2) + "\n"
            else:
                text = _table(collection, path, width, to_stdout=out is None, names=_names(tax))
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


def _table(collection, path: Path, width: int, to_stdout: bool, names: dict[str, str] | None = None) -> str:
    from rich.table import Table
    from rich.text import Text

    from planparse.text.strings import shorten

    names = names if names is not None else _names(None)
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


def _classify_folder(folder: Path, fmt: str, to_stdout: bool, taxonomy: "Taxonomy | None" = None) -> tuple[str, int]:
    """JSON Lines of every file's rows, or a table of one summary row per file."""
    from collections import Counter

    from rich.table import Table
    from rich.text import Text

    from planparse.classify import classify_collection
    from planparse.cli.batch import FolderRun, parse_each

    run = FolderRun(folder, "classifying")
    run.find()
    names = _names(taxonomy)
    lines: list[str] = []
    table = Table(title=Text(printable(str(folder))))
    for column in ("file", "plans", "sections", "measures", "main_domains"):
        table.add_column(say(f"classify_table.{column}"), overflow="fold",
                         justify="right" if column in ("plans", "sections", "measures") else "left")
    done = 0

    def work(file, relative, _raw, collection) -> None:
        nonlocal done
        if taxonomy is not None:  # parsed without classification below: classified here with the taxonomy
            classify_collection(collection, taxonomy)
        warn_if_empty(collection, file)
        if fmt == "json":
            lines.append(json.dumps(_payload(collection, collection.source, taxonomy), ensure_ascii=False) + "\n")
        else:
            items = [entry.item for entry in collection.all_items()]
            primary = Counter(item.domains[0] for item in items if item.domains and item.domains[0] != "other")
            top = " · ".join(f"{names.get(d, d)} {n}" for d, n in primary.most_common(3))
            table.add_row(Text(relative), str(len(collection.plans)),
                          str(sum(len(p.sections) for p in collection.plans)), str(len(items)), Text(top))
        done += 1

    parse_each(run, taxonomy is None, work)
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
    corpus: Path = typer.Option(None, "--corpus", "--data", metavar="DIR|FILE", show_default=False,
                                help="Labelled corpus folder or .jsonl file (default: corpus/labelled in the current "
                                     "directory; required with --taxonomy)."),
    output: Path | None = typer.Option(None, "--output", "--out", "-o", metavar="DIR",
                                       help="Model folder (default: the shipped model in the package; with "
                                            "--taxonomy, the folder its file names, beside it)."),
    seed: int = typer.Option(0, "--seed", metavar="N", help="Random seed; the same corpus and seed give the same model."),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", metavar="FILE",
                                         help="Train a model for this taxonomy file, from labels of its domain ids."),
) -> None:
    """Rebuild the domain model from the train split of the labelled corpus (calibrated on its dev split), or
    train one for your own taxonomy: planparse train --taxonomy FILE.toml --data FILE.jsonl.

    Each line of the data is {"text": ..., "labels": [ids, primary first], "split": "train"|"dev"|"test"};
    without dev lines, every fifth line of each domain calibrates. Lines of the test split are never read."""
    from planparse.classify.taxonomy import Taxonomy
    from planparse.devtools.train_classifier import train as train_model

    if taxonomy is not None and corpus is None:
        raise fail("--taxonomy needs --data FILE.jsonl: lines labelled with that taxonomy's domain ids")
    corpus = _corpus_path(corpus if corpus is not None else DEFAULT_LABELLED)
    try:
        tax = Taxonomy.load(taxonomy) if taxonomy is not None else None
        out = train_model(corpus, output, seed=seed, log=lambda m: typer.echo(m, err=True), taxonomy=tax)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    if tax is not None and (tax.model_dir is None or Path(out).resolve() != tax.model_dir.resolve()):
        import os

        where = os.path.relpath(Path(out).resolve(), tax.source.resolve().parent)
        typer.echo(f"to use it, set model = \"{Path(where).as_posix()}\" in {tax.source}", err=True)
    typer.echo(str(out))


@app.command()
def evaluate(
    corpus: Path = typer.Option(DEFAULT_LABELLED, "--corpus", metavar="DIR|FILE", help="Labelled corpus folder or .jsonl file (default: corpus/labelled in the current directory)."),
    model: Path | None = typer.Option(None, "--model", metavar="DIR", help="Model folder (default: the shipped model)."),
    split: str = typer.Option("test", "--split", metavar="NAME", help="Which split to score (the held-out one is 'test')."),
    format: TableOrJson = typer.Option(TableOrJson.table, "--format", "-f", help="Output format."),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", metavar="FILE",
                                         help="Evaluate the model of this taxonomy file (its labels in --corpus)."),
) -> None:
    """Per-domain precision, recall and F1, macro-F1 and a calibration table: rules only, model only and combined."""
    import warnings

    from planparse.classify.ngram_model import NgramModel
    from planparse.classify.pipeline import Classifier, NoModelWarning
    from planparse.classify.taxonomy import Taxonomy
    from planparse.devtools.evaluate_classifier import evaluate as run_evaluation
    from planparse.devtools.train_classifier import load_corpus

    corpus = _corpus_path(corpus)
    try:
        tax = Taxonomy.load(taxonomy) if taxonomy is not None else None
        rows = load_corpus(corpus, split=split, taxonomy=tax)
        if not rows:
            raise fail(f"no rows in split {split!r}")
        if model is not None and not NgramModel.exists(model):
            raise fail(f"no domain model (model.npz, meta.json) at {model}")
        classifier = None
        if model is not None or tax is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NoModelWarning)
                classifier = Classifier(model, taxonomy=tax)
            if classifier.notice:
                from planparse.cli import warn

                warn(classifier.notice)
        reports = run_evaluation(rows, classifier)
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
