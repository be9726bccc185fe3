"""`planparse dedup PATH...`: repeated paragraphs within and across plan files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from planparse.cli import app, fail, warn_if_empty
from planparse.cli.outputs import DEDUP_FORMATS, choose_format
from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.safe_io import atomic_write, printable, refuse_input, write_stdout
from planparse.text.strings import shorten


@app.command()
def dedup(
    paths: list[Path] = typer.Argument(..., metavar="FILE...", help="Plan files (.txt .docx .doc .wps .pdf)."),
    format: str = typer.Option(
        None, "--format", "-f", metavar=DEDUP_FORMATS.metavar, show_default=False,
        help="Report format (default: from the --out extension, .txt .json; else table)."),
    threshold: float = typer.Option(None, "--threshold", "-t", metavar="X",
                                    help="Similarity a near duplicate needs, 0–1 (default 0.75)."),
    write: Path = typer.Option(None, "--write", "-w", metavar="FILE|DIR",
                               help="Write de-duplicated document(s) and a drop log here."),
    corpus: Path = typer.Option(None, "--corpus", metavar="DIR",
                                help="A folder of other plans: count how many contain each paragraph."),
    db: Path = typer.Option(None, "--db", metavar="FILE", help="Use the plans of a store (planparse ingest) as the corpus too."),
    in_place: bool = typer.Option(False, "--in-place", help="Allow --write to replace its .txt input (refused otherwise)."),
    out: Path = typer.Option(None, "--out", "-o", metavar="FILE", help="Write the report here instead of standard output."),
) -> None:
    """Group exact, near and repeated-sentence duplicates across all files given.

    --write never replaces an input (exit 2, naming it) unless --in-place is given; every file is
    written to a temporary file beside it and renamed when complete.
    """
    import planparse
    from planparse.dedup import DEFAULT_THRESHOLD
    from planparse.dedup.collection import dedup_collections, deduplicate, render_text

    fmt = choose_format(DEDUP_FORMATS, format, out)
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 < threshold <= 1.0:
        raise fail(say("dedup_cli.bad_threshold", threshold=threshold))
    if in_place and write is None:
        raise fail(say("dedup_cli.in_place_needs_write"))
    try:
        corpus_files = _corpus_files(corpus) if corpus is not None else []
        if out is not None:  # the report never replaces an input, a corpus file or the store
            refuse_input(out, [*paths, *corpus_files, *([db] if db is not None else [])], say("cli.choose_out"))
        targets = None
        if write is not None:  # checked before any parsing: an input is never replaced by accident
            targets = _targets(write, paths)
            _check_targets(targets, paths, corpus_files + ([db] if db is not None else []), in_place)
        collections = [planparse.load(str(p), classify=False) for p in paths]
        for path, collection in zip(paths, collections):
            warn_if_empty(collection, path)
        sources = [str(p) for p in paths]
        corpus_docs = None
        if corpus is not None or db is not None:
            corpus_docs = (_load_corpus(corpus_files) if corpus is not None else []) + (_load_store(db) if db is not None else [])
        report = dedup_collections(collections, sources, threshold, corpus=corpus_docs)
        if targets is not None:
            outputs, log = deduplicate(collections, sources, report)
            _write(targets, [render_text(c) for c in outputs], log)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(say("cli.os_error", name=exc.filename or paths[0], reason=exc.strerror or exc)) from None
    if fmt == "json":
        text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    else:
        text = _table(report)
    if out is None:
        write_stdout(text)
        return
    try:
        atomic_write(out, text)
    except PlanparseError as exc:
        raise fail(str(exc)) from None


def _corpus_files(folder: Path) -> list[Path]:
    from planparse.store import expand_paths  # the same file discovery as `planparse ingest`

    if not folder.is_dir():
        raise PlanparseError(say("dedup_cli.corpus_not_folder", name=folder))
    return expand_paths([folder])


def _load_corpus(files: list[Path]):
    import planparse

    docs = []
    for path in files:
        try:
            docs.append((planparse.load(str(path), classify=False), str(path)))
        except PlanparseError as exc:  # one unreadable corpus file must not sink the report
            typer.echo(say("cli.warning", message=say("cli.skipped", name=printable(str(path)), reason=printable(str(exc)))),
                       err=True)
    return docs


def _load_store(path: Path):
    """The latest version of every stored plan, one collection per stored document."""
    from planparse.model import PlanCollection
    from planparse.store import connect, current_plans

    if not path.is_file():
        raise PlanparseError(say("dedup_cli.no_database", name=path))
    conn = connect(path, upgrade=False)
    try:
        documents: dict[int, tuple[PlanCollection, str]] = {}
        for stored in current_plans(conn):
            collection, _ = documents.setdefault(stored.document_id, (PlanCollection(), stored.source))
            collection.plans.append(stored.load(conn))
    finally:
        conn.close()
    return list(documents.values())


def _targets(out: Path, paths: list[Path]) -> tuple[list[Path], Path]:
    """One input and OUT not a folder: OUT is the document and OUT.log.json the log. Otherwise OUT
    is a folder holding <name>.dedup.txt per input and dedup-log.json."""
    single_file = len(paths) == 1 and not out.is_dir() and not str(out).endswith(("/", "\\"))
    if single_file:
        return [out], out.with_name(out.name + ".log.json")
    names: list[str] = []
    for path in paths:
        name = f"{path.stem}.dedup.txt"
        k = 2
        while name in names:  # same file name from two folders
            name, k = f"{path.stem}-{k}.dedup.txt", k + 1
        names.append(name)
    return [out / name for name in names], out / "dedup-log.json"


def _check_targets(targets: tuple[list[Path], Path], paths: list[Path], others: list[Path], in_place: bool) -> None:
    """No output onto an input: the documents may replace their own .txt input only with --in-place;
    the log, the corpus files and the store are never written."""
    documents, log_path = targets
    for k, target in enumerate(documents):
        if in_place and len(paths) == 1 and target.exists() and paths[0].exists() and \
                os.path.samefile(target, paths[0]) and paths[0].suffix.lower() == ".txt":
            continue  # the user asked for exactly this
        hint = say("cli.pass_in_place") if len(paths) == 1 and paths[0].suffix.lower() == ".txt" else \
            say("cli.choose_write")
        refuse_input(target, paths, hint)
        refuse_input(target, others, say("cli.choose_write"))
    refuse_input(log_path, [*paths, *others], say("cli.choose_write"))


def _write(targets: tuple[list[Path], Path], texts: list[str], log: list[dict]) -> None:
    """Each document, then the log, written atomically (temporary file beside it, then renamed)."""
    documents, log_path = targets
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlanparseError(say("cli.cannot_write", name=printable(str(log_path)), reason=exc.strerror or exc)) from None
    for target, text in zip(documents, texts):
        atomic_write(target, text)
    atomic_write(log_path, json.dumps({"dropped": log}, ensure_ascii=False, indent=2))
    typer.echo(say("dedup_cli.wrote", documents=len(texts), dropped=len(log), log=printable(str(log_path))), err=True)


def _table(report) -> str:
    from rich.console import Console
    from rich.table import Table

    from rich.text import Text

    # Document text and file names are data, never console markup: those cells are Text.
    table = Table(title=say("dedup_table.title", groups=len(report.groups), units=report.units), show_lines=True)
    for column in ("number", "kind", "similarity", "where", "text"):
        table.add_column(say(f"dedup_table.{column}"), overflow="fold")
    many_sources = len(set(report.sources)) > 1
    for n, group in enumerate(report.groups, 1):
        where = "\n".join(
            printable(f"{Path(m.source).name}:" if many_sources else "") + printable(str(m.path))
            + (f" @{m.start}" if m.start is not None else "")
            for m in group.members
        )
        text = group.members[0].text
        table.add_row(str(n), say(f"dedup_kind.{group.kind}"), f"{group.similarity:.2f}", Text(where),
                      Text(printable(shorten(text, 60))))
    console = Console(file=None, width=120, force_terminal=False, color_system=None, record=True)
    with console.capture() as capture:
        console.print(table)
        if report.corpus:
            shares = Table(title=say("dedup_table.share_title", documents=report.corpus.documents))
            for column in ("source", "plan", "title_column", "paragraphs", "in_other_documents", "share"):
                shares.add_column(say(f"dedup_table.{column}"))
            for s in report.corpus.plans:
                shares.add_row(Text(printable(Path(s.source).name)), Text(printable(str(s.plan))), Text(printable(s.title)),
                               str(s.units), str(s.template_units), f"{s.template_share:.0%}")
            console.print(shares)
    return capture.get()
