"""`planparse spark ingest` and `planparse spark dedup`: archives of plans on Apache Spark, Parquet out.

Needs ``pip install 'planparse[spark]'`` and a Java 17+ runtime; without either, one line on stderr and exit 2.
Paths and --out are taken as given (not as local paths), so any URL the cluster reads works: hdfs://, s3a://…
"""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import typer
from typer.core import TyperGroup

from planparse.cli import _readable, _unwrap, app, fail, warn
from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.safe_io import printable



class _SparkGroup(TyperGroup):
    """The sub-commands' help as the root's commands show theirs: readable value names, unwrapped paragraphs."""

    def get_command(self, ctx, cmd_name: str):
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            if command.help and not getattr(command, "_unwrapped", False):
                command.help, command._unwrapped = _unwrap(command.help), True
            _readable(command.get_params(ctx))
        return command

    def get_params(self, ctx) -> list:
        return _readable(super().get_params(ctx))


spark_app = typer.Typer(
    name="spark", cls=_SparkGroup, no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="Parse and deduplicate archives of plans on Apache Spark (Parquet out).\n\n"
         "pip install 'planparse\\[spark]' and a Java 17+ runtime. --master takes any master URL Spark accepts "
         "(local[*], spark://host:7077, yarn, k8s://…); paths and --out may be URLs (hdfs://, s3a://…).",
)
app.add_typer(spark_app, name="spark")

DEFAULT_MASTER = "local[*]"
MASTER_OPTION = typer.Option(DEFAULT_MASTER, "--master", metavar="URL",
                             help="Spark master URL (local[N], spark://host:7077, yarn, k8s://…).")
# The most error lines ingest prints; the rest are in DIR/errors.
SHOWN_ERRORS = 10


def _reason(exc: BaseException) -> str:
    """The first line of what Spark or the JVM said (a Py4J error carries the whole Java stack)."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


@contextmanager
def _session(master: str):
    """The active Spark session, or a new one on ``master`` (stopped on leaving); a one-line error without pyspark or
    Java. Local masters run the workers with this Python and without the web UI."""
    from planparse.spark import require_pyspark

    try:
        require_pyspark()
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:  # a notebook's or a test's session: used, never stopped
        yield active
        return
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        raise fail(say("spark.no_java"))
    builder = SparkSession.builder.master(master).appName("planparse")
    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the workers need this planparse
        builder = (builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                   .config("spark.sql.shuffle.partitions", "8"))
    try:
        session = builder.config("spark.log.level", "ERROR").getOrCreate()
    except Exception as exc:  # the JVM did not start: the reason on one line
        raise fail(say("spark.cannot_start", master=master, reason=_reason(exc))) from None
    try:
        yield session
    finally:
        session.stop()


def _join(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}"


def _refuse_existing(out: str, names: tuple[str, ...]) -> None:
    """A local --out whose datasets exist is refused before any work (Spark would fail after the parse)."""
    from planparse.spark.ingest import _local

    local = _local(out)
    if local is None:
        return
    for name in names:
        target = Path(local) / name
        if target.exists():
            raise fail(say("spark.out_exists", name=target))


@spark_app.command("ingest")
def ingest(
    paths: list[str] = typer.Argument(..., metavar="PATH...",
                                      help="Plan files or folders (walked recursively), local or URLs."),
    out: str = typer.Option(..., "--out", "-o", metavar="DIR", help="Write DIR/items, DIR/documents, DIR/errors."),
    master: str = MASTER_OPTION,
    no_classify: bool = typer.Option(False, "--no-classify", help="Items without domains."),
    taxonomy: Path | None = typer.Option(None, "--taxonomy", metavar="FILE",
                                         help="Classify with this taxonomy file instead of the union one."),
) -> None:
    """Parse plan files on Spark into Parquet: items/ (one row per item), documents/ (one row per file, with its
    model JSON), errors/ (one row per file that could not be read, with the one-line message).

    Reads .txt .docx .doc .wps .pdf as planparse ingest does, each file within its time budget; a file that fails is
    a row of errors/, never a failed job. Store the result with: planparse ingest --from-parquet DIR --db FILE.
    Exit status 1 when some files failed (the datasets are written), 2 when nothing could be done.
    """
    from planparse.spark import parse_files

    _refuse_existing(out, ("items", "documents", "errors"))
    with _session(master) as spark:
        try:
            parsed = parse_files(spark, paths, classify=not no_classify, taxonomy=taxonomy).persist()
            parsed.items.write.parquet(_join(out, "items"))
            # In path order, as planparse ingest walks a folder: the store numbers versions of a plan in that order.
            parsed.documents.orderBy("document").write.parquet(_join(out, "documents"))
            parsed.errors.write.parquet(_join(out, "errors"))
            errors = spark.read.parquet(_join(out, "errors"))
            shown = errors.orderBy("document").limit(SHOWN_ERRORS).collect()
            counts = {"items": spark.read.parquet(_join(out, "items")).count(),
                      "documents": spark.read.parquet(_join(out, "documents")).count(), "errors": errors.count()}
            parsed.unpersist()
        except PlanparseError as exc:
            raise fail(str(exc)) from None
        except Exception as exc:  # Spark's own errors (a path it cannot list, a lost executor): one line
            raise fail(say("spark.job_failed", reason=_reason(exc))) from None
    for row in shown:
        typer.echo(say("cli.error", message=printable(row["message"])), err=True)
    if counts["errors"] > len(shown):
        warn(say("spark.more_errors", count=counts["errors"] - len(shown), name=_join(out, "errors")))
    typer.echo(say("spark.ingested", items=counts["items"], documents=counts["documents"], errors=counts["errors"],
                   out=out), err=True)
    if not counts["documents"] and not counts["errors"]:
        raise fail(say("store_cli.no_files"))
    if counts["errors"]:
        raise typer.Exit(1)


@spark_app.command("dedup")
def dedup(
    items_dir: str = typer.Argument(..., metavar="ITEMS_DIR", help="The items/ dataset of planparse spark ingest."),
    out: str = typer.Option(..., "--out", "-o", metavar="DIR", help="Write DIR/groups."),
    threshold: float = typer.Option(None, "--threshold", "-t", metavar="X",
                                    help="Similarity a near duplicate needs, 0–1 (default 0.75)."),
    master: str = MASTER_OPTION,
) -> None:
    """Group exact and near-duplicate items of an items/ dataset on Spark: DIR/groups has one row per item in a group
    (id, group, kind, similarity, representative); join it with items/ on id for the texts and their documents."""
    from planparse.dedup import DEFAULT_THRESHOLD

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 < threshold <= 1.0:
        raise fail(say("spark.bad_threshold", threshold=threshold))
    _refuse_existing(out, ("groups",))
    with _session(master) as spark:
        try:
            try:
                items = spark.read.parquet(items_dir)
            except Exception:
                raise PlanparseError(say("spark.no_dataset", name=items_dir)) from None
            missing = [c for c in ("id", "text") if c not in items.columns]
            if missing:
                raise PlanparseError(say("spark.not_items", name=items_dir, columns=", ".join(missing)))
            from planparse.spark import find_duplicates

            groups = find_duplicates(items, text_col="text", id_col="id", threshold=threshold)
            groups.write.parquet(_join(out, "groups"))
            written = spark.read.parquet(_join(out, "groups"))
            counts = {"items": items.count(), "members": written.count(),
                      "groups": written.select("group").distinct().count()}
        except PlanparseError as exc:
            raise fail(str(exc)) from None
        except Exception as exc:
            raise fail(say("spark.job_failed", reason=_reason(exc))) from None
    typer.echo(say("spark.grouped", members=counts["members"], items=counts["items"], groups=counts["groups"],
                   out=_join(out, "groups")), err=True)
