"""`planparse ingest`, `planparse trends`, `planparse history`: the cross-year store."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer

from planparse.cli import app, fail, warn
from planparse.cli.classify import TAXONOMY_HELP, taxonomy_option
from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.safe_io import atomic_write, printable, refuse_input, write_stdout
from planparse.store import DEFAULT_DB


class TrendFormat(str, Enum):
    json = "json"
    table = "table"
    png = "png"


# The format an --out name asks for when --format is absent.
TREND_SUFFIXES = {".png": TrendFormat.png, ".json": TrendFormat.json, ".txt": TrendFormat.table}


def _trend_format(format: TrendFormat | None, out: Path | None) -> TrendFormat:
    """--format if given, else what --out's extension names; a contradiction between them is an error."""
    suffix = out.suffix.lower() if out is not None else ""
    named = TREND_SUFFIXES.get(suffix)
    if format is not None:
        if named is not None and named is not format:
            raise fail(say("store_cli.format_contradicts", given=format.value, name=out, suffix=suffix,
                           implied=named.value))
        return format
    if named is not None or not suffix:
        return named or TrendFormat.table
    known = say("output_format.list_separator").join(TREND_SUFFIXES)
    raise fail(say("store_cli.trends_cannot_write", name=out, suffix=suffix, known=known))


class HistoryFormat(str, Enum):
    text = "text"
    json = "json"


DB_OPTION = typer.Option(Path(DEFAULT_DB), "--db", help="SQLite store file.")


def _open(db: Path, create: bool):
    from planparse.store import connect

    if not create and not db.exists():
        raise fail(say("store_cli.no_database", name=db))
    try:
        return connect(db)
    except PlanparseError as exc:
        raise fail(str(exc)) from None


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(None, metavar="PATH...", show_default=False,
                                       help="Plan files or folders of them."),
    db: Path = DB_OPTION,
    no_classify: bool = typer.Option(False, "--no-classify", help="Store without domain classification."),
    org: str = typer.Option(None, "--org", help="The issuing organization of every plan, instead of the parsed one."),
    year: int = typer.Option(None, "--year", help="The year of every plan, instead of the parsed one."),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", metavar="FILE",
                                         help=TAXONOMY_HELP + " Stored with each document, so trends count one "
                                              "taxonomy's domains at a time."),
    from_parquet: Path | None = typer.Option(None, "--from-parquet", metavar="DIR",
                                             help="Store what planparse spark ingest --out DIR wrote, instead of "
                                                  "parsing PATH... (needs pyarrow, not Spark)."),
) -> None:
    """Parse plans and store them (organization, year, model JSON, items with domains) in SQLite.

    --from-parquet DIR stores the documents planparse spark ingest parsed (DIR/documents), with the same identity
    and series rules and --org/--year; each row of DIR/errors counts as a failed file.

    Each document records the taxonomy its domains came from (--taxonomy, else the union taxonomy): a file
    already stored with another taxonomy's domains fails (use another database for it).

    A plan with no year takes its page title's year. Re-ingesting a file already stored changes nothing;
    with --org/--year that differ from what it was stored with, its plans take them.
    A plan is a new version of a stored one only when it is the same plan of the same organization (same
    organization and year, and the same title or nearly the same text); plans with no organization are
    never versions of one another (give --org to sign them).
    Exit status 1 when some files failed (each failure rolls back alone; the others are kept), 2 when
    none could be stored (one line on stderr). A new database is created only when the first file is
    ready to be stored, so a run that stores nothing leaves none behind; no database is ever deleted
    (another run may be writing to it). Several runs may ingest into one database at once.
    """
    from planparse.store import LazyStore, ingest_parquet, ingest_paths

    if from_parquet is not None:
        if paths:
            raise fail(say("parquet_import.with_paths"))
        for given, option in ((no_classify, "--no-classify"), (taxonomy, "--taxonomy")):
            if given:
                raise fail(say("parquet_import.not_with", option=option))
    elif not paths:
        raise fail(say("parquet_import.needs_input"))
    if org is not None and not org.strip():
        raise fail(say("store_cli.empty_org"))
    if year is not None and not 1900 <= year <= 2199:
        raise fail(say("store_cli.bad_year", year=year))
    tax = taxonomy_option(taxonomy, classify=not no_classify) if from_parquet is None else None
    try:
        store = LazyStore(db)
        if db.exists():
            store.open()  # checked before any parsing: a foreign file is refused untouched
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    # Failures are held back until some file is stored: when none is, they become one line and exit 2.
    held: list[str] = []
    stored_any = False

    def emit(line: str, console, err: bool) -> None:
        if console is not None:
            console.print(line, markup=False, highlight=False)
        else:
            typer.echo(line, err=err)

    def report(result, console) -> None:
        nonlocal stored_any
        if result.status == "failed":
            line = say("cli.error", message=printable(result.message))
            if stored_any:
                emit(line, console, err=True)
            else:
                held.append(line)
            return
        if not stored_any:
            stored_any = True
            for line in held:
                emit(line, console, err=True)
            held.clear()
        versions = ",".join(str(v) for v in result.versions) or "-"
        name = printable(str(result.path))
        if result.status == "added":
            line = say("store_cli.added", name=name, plans=result.plans, items=result.items, versions=versions)
        elif result.status == "updated":
            line = say("store_cli.updated", name=name, message=printable(result.message), versions=versions)
        else:
            line = say("store_cli.unchanged", name=name, message=printable(result.message))
        emit(line, console, err=False)

    try:
        if from_parquet is not None:
            results = ingest_parquet(store, from_parquet, organization=org.strip() if org else None, year=year,
                                     on_result=report)
        else:
            results = ingest_paths(store, paths, classify=not no_classify, progress=True, on_result=report,
                                   organization=org.strip() if org else None, year=year, taxonomy=tax)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    if not results:
        raise fail(say("store_cli.no_files"))
    if not stored_any:
        first = results[0].message
        raise fail(first if len(results) == 1 else say("store_cli.none_stored", count=len(results), first=first))
    by_status = {s: sum(r.status == s for r in results) for s in ("added", "updated", "unchanged", "failed")}
    updated = say("store_cli.summary_updated", count=by_status["updated"]) if by_status["updated"] else ""
    typer.echo(say("store_cli.summary", count=len(results), added=by_status["added"], updated=updated,
                   unchanged=by_status["unchanged"], failed=by_status["failed"], db=db), err=True)
    if by_status["failed"]:
        raise typer.Exit(1)


@app.command()
def trends(
    db: Path = DB_OPTION,
    org: str = typer.Option(None, "--org", help="Only organizations whose name contains this."),
    format: TrendFormat = typer.Option(
        None, "--format", "-f",
        help="json | table | png (default: from --out's extension .json .txt .png, else table)"),
    out: Path = typer.Option(None, "--out", "-o", help="Write here (png without --out: trends.png)."),
    taxonomy: str | None = typer.Option(
        None, "--taxonomy", metavar="FILE|NAME",
        help="Count the documents classified with this taxonomy: its file (domain names and colours from it), or "
             "its name as stored (union is the default one). Needed when the store holds several."),
) -> None:
    """Domain counts per organization and year (latest version of each stored plan).

    The domains of one taxonomy at a time: a store that holds documents classified with several is refused
    unless --taxonomy names one; trends of a taxonomy other than the union one say which on stderr.
    """
    from planparse.chart import trends_chart
    from planparse.trends import trend_rows, trends_table

    format = _trend_format(format, out)
    tax, wanted = _trend_taxonomy(taxonomy)
    conn = _open(db, create=False)
    try:
        shown = _shown_taxonomy(conn, org, tax, wanted)
        rows = trend_rows(conn, org, taxonomy=shown)
    finally:
        conn.close()
    json_extra: dict = {}
    if shown is not None and (taxonomy is not None or shown != _default_name()):
        json_extra = {"taxonomy": shown}
        if format is TrendFormat.table and tax is not None:
            from planparse.messages import language

            if language() == "zh":  # the table names domains in Chinese: this taxonomy's names, not the union's
                rows = [{**r, "domain": tax.names.get(r["domain"], r["domain"])} for r in rows]
    if format is TrendFormat.png:
        target = out or Path("trends.png")
        try:
            refuse_input(target, [db])
            trends_chart(rows, target, title=say("chart.title_org", org=org) if org else "", taxonomy=tax)
        except PlanparseError as exc:
            raise fail(str(exc)) from None
        except OSError as exc:
            raise fail(say("cli.cannot_write", name=target, reason=exc.strerror or exc)) from None
        typer.echo(say("cli.wrote", name=target), err=True)
        return
    if format is TrendFormat.json:
        text = json.dumps({**json_extra, "rows": rows}, ensure_ascii=False, indent=2) + "\n"
    else:
        text = trends_table(rows, color=out is None and sys.stdout.isatty())
    if out is None:
        write_stdout(text)
        return
    try:
        refuse_input(out, [db])
        atomic_write(out, text)
    except PlanparseError as exc:
        raise fail(str(exc)) from None


def _default_name() -> str:
    from planparse.classify.taxonomy import default_taxonomy

    return default_taxonomy().name


def _trend_taxonomy(value: str | None):
    """(Taxonomy or None, name or None) of trends' --taxonomy: a file is read; a name (no such file, no .toml)
    is taken as stored, the union taxonomy's name giving the default taxonomy."""
    if value is None:
        return None, None
    from planparse.classify.taxonomy import Taxonomy, default_taxonomy

    path = Path(value)
    if not path.exists() and path.suffix.lower() != ".toml" and "/" not in value and "\\" not in value:
        return (default_taxonomy() if value == _default_name() else None), value
    try:
        tax = Taxonomy.load(path)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    return tax, tax.name


def _shown_taxonomy(conn, org: str | None, tax, wanted: str | None) -> str | None:
    """The name of the taxonomy whose domains trends count: the one --taxonomy names, else the only one the store
    holds (None: nothing classified). Several without --taxonomy, or one the store does not hold, is exit 2."""
    from planparse.store import stored_taxonomies

    held = stored_taxonomies(conn, org)
    documents: dict[str, int] = {}
    for name, _digest, n in held:
        documents[name] = documents.get(name, 0) + n
    listed = ", ".join(f"{name} ({n} documents)" for name, n in documents.items())
    if wanted is not None:
        if documents and wanted not in documents:
            raise fail(f"no document in the store was classified with taxonomy {wanted!r} (it holds: {listed})")
        versions = {digest for name, digest, _ in held if name == wanted and digest is not None}
        if tax is not None and not tax.builtin and versions - {tax.digest}:
            warn(f"some documents were classified with another version of taxonomy {wanted!r} (its file has "
                 f"changed since they were ingested)")
        name = wanted
    elif len(documents) > 1:
        raise fail(f"the store holds the domains of {len(documents)} taxonomies: {listed}; their domains do not add "
                   f"up: choose one with --taxonomy FILE")
    else:
        name = next(iter(documents), None)
    if name is not None and name != _default_name():  # say which, on stderr: the output itself stays data
        typer.echo(f"planparse: trends of taxonomy {name!r} ({documents.get(name, 0)} documents)", err=True)
    return name


@app.command()
def history(
    item_text: str = typer.Argument(..., help="Words of the measure to follow, e.g. 技能比武."),
    db: Path = DB_OPTION,
    org: str = typer.Option(None, "--org", help="Only organizations whose name contains this."),
    format: HistoryFormat = typer.Option(HistoryFormat.text, "--format", "-f", help="text | json"),
) -> None:
    """How one measure evolved across years (matched year to year by the diff alignment)."""
    from planparse.trends import history as follow
    from planparse.trends import history_text

    if not item_text.strip():
        raise fail(say("store_cli.empty_query"))
    conn = _open(db, create=False)
    try:
        threads = follow(conn, item_text, org)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    finally:
        conn.close()
    if format is HistoryFormat.json:
        write_stdout(json.dumps({"query": item_text, "threads": [t.as_dict() for t in threads]},
                                ensure_ascii=False, indent=2) + "\n")
    else:
        write_stdout(history_text(threads, item_text))
    if not threads:
        raise typer.Exit(1)
