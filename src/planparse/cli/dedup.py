"""`planparse dedup PATH...`: repeated paragraphs within and across plan files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from planparse.cli import app, fail, warn_if_empty
from planparse.cli.outputs import DEDUP_FORMATS, choose_format
from planparse.errors import PlanparseError
from planparse.safe_io import atomic_write, printable, refuse_input, write_stdout
from planparse.text.strings import shorten


@app.command()
def dedup(
    paths: list[Path] = typer.Argument(..., metavar="FILE...", help="Plan files (.txt .docx .doc .wps)."),
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
        raise fail(f"--threshold must be in (0, 1], got {threshold}")
    if in_place and write is None:
        raise fail("--in-place only allows --write OUT to name the input; give --write")
    try:
        corpus_files = _corpus_files(corpus) if corpus is not None else []
        if out is not None:  # the report never replaces an input, a corpus file or the store
            refuse_input(out, [*paths, *corpus_files, *([db] if db is not None else [])], "choose another --out path")
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
        raise fail(f"{exc.filename or paths[0]}: {exc.strerror or exc}") from None
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
        raise PlanparseError(f"--corpus {folder}: not a folder")
    return expand_paths([folder])


def _load_corpus(files: list[Path]):
    import planparse

    docs = []
    for path in files:
        try:
            docs.append((planparse.load(str(path), classify=False), str(path)))
        except PlanparseError as exc:  # one unreadable corpus file must not sink the report
            typer.echo(f"planparse: warning: skipped {printable(str(path))}: {printable(str(exc))}", err=True)
    return docs


def _load_store(path: Path):
    """The latest version of every stored plan, one collection per stored document."""
    from planparse.model import PlanCollection
    from planparse.store import connect, current_plans

    if not path.is_file():
        raise PlanparseError(f"--db {path}: no such database file")
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
        hint = "pass --in-place to replace it" if len(paths) == 1 and paths[0].suffix.lower() == ".txt" else \
            "choose another --write path"
        refuse_input(target, paths, hint)
        refuse_input(target, others, "choose another --write path")
    refuse_input(log_path, [*paths, *others], "choose another --write path")


def _write(targets: tuple[list[Path], Path], texts: list[str], log: list[dict]) -> None:
    """Each document, then the log, written atomically (temporary file beside it, then renamed)."""
    documents, log_path = targets
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlanparseError(f"cannot write {printable(str(log_path))}: {exc.strerror or exc}") from None
    for target, text in zip(documents, texts):
        atomic_write(target, text)
    atomic_write(log_path, json.dumps({"dropped": log}, ensure_ascii=False, indent=2))
    typer.echo(f"wrote {len(texts)} document(s); dropped {len(log)} paragraph(s), log in {printable(str(log_path))}",
               err=True)


def _table(report) -> str:
    from rich.console import Console
    from rich.table import Table

    from rich.text import Text

    # Document text and file names are data, never console markup: those cells are Text.
    table = Table(title=f"{len(report.groups)} duplicate group(s) among {report.units} paragraphs", show_lines=True)
    for column in ("#", "kind", "sim", "where", "text"):
        table.add_column(column, overflow="fold")
    many_sources = len(set(report.sources)) > 1
    for n, group in enumerate(report.groups, 1):
        where = "\n".join(
            printable(f"{Path(m.source).name}:" if many_sources else "") + printable(str(m.path))
            + (f" @{m.start}" if m.start is not None else "")
            for m in group.members
        )
        text = group.members[0].text
        table.add_row(str(n), group.kind, f"{group.similarity:.2f}", Text(where), Text(printable(shorten(text, 60))))
    console = Console(file=None, width=120, force_terminal=False, color_system=None, record=True)
    with console.capture() as capture:
        console.print(table)
        if report.corpus:
            shares = Table(title=f"template share (against {report.corpus.documents} corpus documents)")
            for column in ("source", "plan", "title", "paragraphs", "in other docs", "share"):
                shares.add_column(column)
            for s in report.corpus.plans:
                shares.add_row(Text(printable(Path(s.source).name)), Text(printable(str(s.plan))), Text(printable(s.title)),
                               str(s.units), str(s.template_units), f"{s.template_share:.0%}")
            console.print(shares)
    return capture.get()
