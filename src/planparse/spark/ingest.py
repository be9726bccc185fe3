"""Parse an archive of plan files on Apache Spark: ``parse_files(spark, paths) -> ParsedFiles``.

    from planparse.spark import parse_files
    parsed = parse_files(spark, ["hdfs:///archive/plans"]).persist()
    parsed.items.write.parquet("out/items")        # one row per item, every depth
    parsed.errors.write.parquet("out/errors")      # one row per file that could not be read
    parsed.documents.write.parquet("out/documents")  # one row per file read: its full model (for the store)

Files are read with Spark's ``binaryFile`` source (the DataFrame form of ``SparkContext.binaryFiles``):
folders are walked recursively and only the suffixes ``planparse.load_folder`` reads are kept (.txt .docx
.doc .wps .pdf; gold annotations ``NAME.gold.txt``, Word lock files ``~$…`` and hidden names skipped). A
local path (no URL scheme, or ``file:``) is listed on the driver with ``find_plan_files``, the same walk as
``load_folder`` (symlinks out of the folder are refused and reported); any other URL (hdfs://, s3a://,
abfss://…) is listed by Spark. Spark never reads a file whose name starts with ``_`` or ``.``: a local one
found by the walk is reported in ``errors`` instead of vanishing.

Each partition is parsed in one Python worker with ``mapInArrow``: the taxonomy is resolved once per
partition and the parser and classifier are the worker's own module-level ones (loaded once per worker
process, which Spark reuses), never per row. Every file runs through ``planparse.read.read_path`` and
``pipeline.parse_document`` exactly as ``load_folder`` runs it, within its time budget
(``planparse.budget``, per file); whatever fails (unreadable, not a plan, over its budget, a bug) becomes
one row of ``errors`` with a one-line message, never a failed job.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.read.docx import MAX_FILE_BYTES as LARGEST_INPUT_BYTES  # the largest file any reader accepts
from planparse.read.folder import GOLD_SUFFIX, PLAN_SUFFIXES

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from pyspark.sql import DataFrame, SparkSession

    from planparse.classify.taxonomy import Taxonomy
    from planparse.model import PlanCollection

ITEM_COLUMNS = ("id", "document", "sha256", "plan_index", "title", "organization", "year", "section_id", "section",
                "item_id", "path", "marker", "kind", "text", "domains")
DOCUMENT_COLUMNS = ("document", "sha256", "size", "format", "encoding", "plans", "items", "taxonomy",
                    "taxonomy_hash", "model_json")
ERROR_COLUMNS = ("document", "message")

# What the Python workers return, one flat row per item, document or error (``record`` says which); the
# three DataFrames of ParsedFiles select their own rows and columns from it.
_PARSED_SCHEMA = (
    "record string, document string, sha256 string, size long, "
    "id string, plan_index int, title string, organization string, year int, section_id string, section string, "
    "item_id string, path string, marker string, kind string, text string, domains array<string>, "
    "format string, encoding string, plans int, items int, taxonomy string, taxonomy_hash string, "
    "model_json string, message string"
)
_FIELDS = [part.strip().split(" ", 1)[0] for part in _PARSED_SCHEMA.split(",")]

# Names load_folder skips, for the files Spark lists itself: hidden ones, Word lock files, gold annotations.
_SKIPPED_NAME = r"(?i)(^|/)(\.|~\$)[^/]*$|" + re.escape(GOLD_SUFFIX) + "$"
_SUFFIX_PATTERN = r"(?i)\.(" + "|".join(s.lstrip(".") for s in PLAN_SUFFIXES) + r")$"


def require_pyspark() -> None:
    """Raise the one-line PlanparseError naming the extra to install when pyspark (or pyarrow) is missing."""
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError:
        raise PlanparseError(say("spark.no_pyspark")) from None


@dataclass
class ParsedFiles:
    """What ``parse_files`` returns: three DataFrames over one parse (lazy, as Spark DataFrames are).

    - ``items``: one row per item at every depth, columns ``ITEM_COLUMNS``: ``id`` (unique:
      ``document#plan/section/item…``, 1-based indices), ``document`` (the file's path), ``sha256`` (of its
      bytes), ``plan_index`` (0-based), ``title``, ``organization``, ``year`` (the plan's, else its page
      title's, as the store takes it), ``section_id`` and ``section`` (its label, "一、加强思想引领"),
      ``item_id`` (the item's stable id), ``path`` (``篇二/二/3``: plan separator or index / section marker /
      item markers, as dedup reports name paragraphs), ``marker``, ``kind``, ``text``, ``domains``.
    - ``documents``: one row per file read, ``DOCUMENT_COLUMNS``, with the full model as JSON
      (``model_json``): what ``planparse ingest --from-parquet`` stores.
    - ``errors``: one row per file that could not be read or parsed: ``document``, ``message`` (one line).

    Each DataFrame used runs the parse again unless ``persist()`` was called first (as the CLI does).
    """

    parsed: DataFrame
    skipped: DataFrame

    @property
    def items(self) -> DataFrame:
        return self.parsed.where("record = 'item'").select(*ITEM_COLUMNS)

    @property
    def documents(self) -> DataFrame:
        return self.parsed.where("record = 'document'").select(*DOCUMENT_COLUMNS)

    @property
    def errors(self) -> DataFrame:
        return self.parsed.where("record = 'error'").select(*ERROR_COLUMNS).unionByName(self.skipped)

    def persist(self) -> ParsedFiles:
        """Keep the parse (memory, spilling to disk) so that items, documents and errors parse only once."""
        from pyspark import StorageLevel

        self.parsed.persist(StorageLevel.MEMORY_AND_DISK)
        return self

    def unpersist(self) -> ParsedFiles:
        self.parsed.unpersist()
        return self


# --- listing (driver) ------------------------------------------------------------------------------------

def _local(path: str) -> str | None:
    """The local file-system path of ``path`` (plain, or a ``file:`` URL); None for any other URL."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", path) and not re.match(r"^[A-Za-z]:[\\/]", path):
        parsed = urlparse(path)
        return parsed.path if parsed.scheme == "file" else None
    return path


def _glob_escaped(path: str) -> str:
    """A file path as Spark's reader takes it literally (it expands Hadoop globs: * ? [ ] { } \\)."""
    return re.sub(r"([\\*?\[\]{}])", r"\\\1", path)


def _list_local(path: str, skipped: list[tuple[str, str]]) -> list[str]:
    """The files ``load_folder`` would read under ``path`` (or ``path`` itself), absolute; what is refused goes to
    ``skipped`` as (path, reason)."""
    from planparse.read.folder import find_plan_files
    from planparse.safe_io import printable

    target = Path(path)
    if target.is_dir():
        try:
            found = find_plan_files(target, on_skip=lambda p, reason: skipped.append(
                (printable(str(p.absolute())), say("cli.named", name=printable(str(p)), message=reason))))
        except PlanparseError as exc:
            skipped.append((printable(str(target.absolute())), str(exc)))
            return []
    elif target.exists():
        found = [target]
    else:
        skipped.append((printable(str(target.absolute())), say("read_path.no_such_file", name=printable(path))))
        return []
    files = []
    for file in found:
        if file.name.startswith(("_", ".")):  # Spark's listing drops such names, even when named one by one
            skipped.append((printable(str(file.absolute())), say("spark.hidden_name", name=printable(str(file)))))
        else:
            files.append(str(file.absolute()))
    return files


def _document_name(spark_path: str) -> str:
    """The path a row names: Spark's ``file:/abs/path`` as ``/abs/path``; other URLs as Spark gives them."""
    return spark_path[len("file:"):] if spark_path.startswith("file:/") else spark_path


# --- parsing (workers) -----------------------------------------------------------------------------------

def _label_paths(collection: PlanCollection) -> dict[int, str]:
    """``id(item) -> "篇二/二/3"`` for every item: the paths ``dedup.collection.collection_units`` gives items,
    from the same ``section_labels`` and ``item_labels``."""
    from planparse.dedup.collection import item_labels, plan_label, section_labels

    paths: dict[int, str] = {}
    for p_index, plan in enumerate(collection.plans):
        label = plan_label(plan, p_index)
        for section, value in zip(plan.sections, section_labels(plan.sections)):
            stack = [(section.items, f"{label}/{value}")]
            while stack:
                items, parent = stack.pop()
                for item, value_i in zip(items, item_labels(items)):
                    paths[id(item)] = f"{parent}/{value_i}"
                    stack.append((item.children, paths[id(item)]))
    return paths


def _rows(collection: PlanCollection, document: str, sha256: str, size: int, taxonomy: Taxonomy | None
          ) -> Iterator[dict[str, Any]]:
    """The item rows and then the document row of one parsed file."""
    from planparse.text.lines import year_of

    labels = _label_paths(collection)
    page_year = year_of(collection.page_title or "")
    count = 0
    for entry in collection.all_items():
        plan_index = int(entry.path.split("/", 1)[0]) - 1
        count += 1
        yield {"record": "item", "document": document, "sha256": sha256, "size": size,
               "id": f"{document}#{entry.path}", "plan_index": plan_index, "title": entry.plan.title,
               "organization": entry.plan.organization, "year": entry.plan.year or page_year,
               "section_id": entry.section.id, "section": entry.section.label, "item_id": entry.item.id,
               "path": labels[id(entry.item)], "marker": entry.item.marker, "kind": entry.item.kind,
               "text": entry.item.text, "domains": list(entry.item.domains)}
    yield {"record": "document", "document": document, "sha256": sha256, "size": size,
           "format": collection.format, "encoding": collection.encoding, "plans": len(collection.plans),
           "items": count, "taxonomy": taxonomy.name if taxonomy else None,
           "taxonomy_hash": taxonomy.digest if taxonomy else None, "model_json": collection.model_dump_json()}


def _parse_one(document: str, data: bytes | None, size: int, workdir: Path, classify: bool,
               taxonomy: Taxonomy | None) -> list[dict[str, Any]]:
    """The rows of one file, as ``load_folder`` reads and parses it; an error row when it cannot be."""
    from planparse.budget import file_budget, time_budget
    from planparse.pipeline import parse_document
    from planparse.read import read_path
    from planparse.safe_io import printable

    document = printable(document)
    if data is None:  # too large to load: refused from its listed length
        return [{"record": "error", "document": document,
                 "message": say("word.too_large", name=document, size=size // 2**20,
                                limit=LARGEST_INPUT_BYTES // 2**20)}]
    # The readers take a path (they choose the format by content and suffix, and .doc/.wps go through
    # LibreOffice): the bytes are written under the file's own name in a private folder of this partition,
    # and that folder's path is put back to the file's in what comes out.
    name = Path(urlparse(document).path if "://" in document else document).name or "document"
    local = workdir / name
    try:
        local.write_bytes(data)
        with time_budget(file_budget(size, local.suffix), say("budget.reading_parsing", name=document)):
            raw = read_path(local)
            raw.source = document
            collection = parse_document(raw, classify=classify, taxonomy=taxonomy)
        return list(_rows(collection, document, hashlib.sha256(data).hexdigest(), size, taxonomy))
    except PlanparseError as exc:
        message = str(exc)
    except Exception as exc:  # a bug on one file is reported with it; the job goes on
        message = f"{document}: internal error: {type(exc).__name__}: {exc}"
    finally:
        local.unlink(missing_ok=True)
    message = message.replace(str(local), document).replace(str(workdir), str(Path(document).parent))
    return [{"record": "error", "document": document, "message": " ".join(message.split())}]


def _taxonomy_in_worker(shipped: tuple[str, bytes] | None, classify: bool) -> Taxonomy | None:
    """The taxonomy to classify with, made once per partition (the default one is the worker's own)."""
    if not classify:
        return None
    from planparse.classify.taxonomy import Taxonomy, default_taxonomy

    if shipped is None:
        return default_taxonomy()
    source, data = shipped
    cached = _WORKER_TAXONOMIES.get(hashlib.sha256(data).hexdigest())
    if cached is None:
        cached = Taxonomy.from_bytes(data, source=Path(source))
        _WORKER_TAXONOMIES[hashlib.sha256(data).hexdigest()] = cached
    return cached


_WORKER_TAXONOMIES: dict[str, Taxonomy] = {}


def _partition_parser(classify: bool, shipped: tuple[str, bytes] | None):
    """The function mapInArrow runs over one partition's record batches (path, length, content)."""

    def parse_partition(batches: Iterable[Any]) -> Iterator[Any]:
        import pyarrow as pa

        taxonomy = _taxonomy_in_worker(shipped, classify)
        workdir = Path(tempfile.mkdtemp(prefix="planparse-spark-"))
        try:
            for batch in batches:
                columns = batch.to_pydict()
                rows: list[dict[str, Any]] = []
                for path, length, content in zip(columns["path"], columns["length"], columns["content"]):
                    rows.extend(_parse_one(_document_name(path), content, length, workdir, classify, taxonomy))
                if rows:
                    yield pa.RecordBatch.from_pylist(rows, schema=_arrow_schema())
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    return parse_partition


def _arrow_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "long": pa.int64(), "int": pa.int32(), "array<string>": pa.list_(pa.string())}
    fields = []
    for part in _PARSED_SCHEMA.split(","):
        name, kind = part.strip().split(" ", 1)
        fields.append(pa.field(name, types[kind]))
    return pa.schema(fields)


# --- the entry point -------------------------------------------------------------------------------------

def parse_files(spark: SparkSession, paths: str | os.PathLike | Iterable[str | os.PathLike], *,
                classify: bool = True, taxonomy: Taxonomy | str | os.PathLike | None = None) -> ParsedFiles:
    """Parse every plan file under ``paths`` (files, folders, or URLs Spark can read) on ``spark``.

    Returns a ``ParsedFiles``: ``.items`` (one row per item), ``.documents`` (one per file read, with its
    model JSON) and ``.errors`` (one per file that failed: ``document``, ``message``); see the module
    docstring for how files are found. ``classify`` and ``taxonomy`` are as for ``planparse.load``; the
    taxonomy file is read here, on the driver, and shipped to the workers.
    """
    require_pyspark()
    from pyspark.sql import functions as F

    from planparse.classify.taxonomy import resolve

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    tax = resolve(taxonomy) if classify else None
    shipped = (str(tax.source or tax.name), tax._data) if tax is not None and not tax.builtin else None
    skipped: list[tuple[str, str]] = []
    local_files: dict[str, None] = {}  # in order, each once
    remote: list[str] = []
    for path in map(os.fspath, paths):
        local = _local(path)
        if local is None:
            remote.append(path)
        else:
            local_files.update(dict.fromkeys(_list_local(local, skipped)))
    # Spark's file scan gives no row for an empty file: a local one is parsed here, on the driver (no plan, and the
    # no-text warning in its model, as load_folder gives it). An empty file that Spark lists itself (under a URL)
    # gives no row at all.
    empty = {f for f in local_files if _size(f) == 0}
    driver_rows: list[tuple] = []
    if empty:
        workdir = Path(tempfile.mkdtemp(prefix="planparse-spark-"))
        try:
            for file in sorted(empty):
                driver_rows += [tuple(row.get(f) for f in _FIELDS)
                                for row in _parse_one(file, b"", 0, workdir, classify, tax)]
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    listed = []
    if len(local_files) > len(empty):
        listed.append(spark.read.format("binaryFile").load([_glob_escaped(f) for f in local_files if f not in empty]))
    if remote:
        found = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(remote)
        lowered = F.lower(F.col("path"))
        listed.append(found.where(lowered.rlike(_SUFFIX_PATTERN) & ~F.col("path").rlike(_SKIPPED_NAME)))
    parsed = spark.createDataFrame(driver_rows, _PARSED_SCHEMA)
    for files in listed:
        # Files over the readers' limit are passed on without their content: Spark never loads them into a worker (its
        # binaryFile source would fail the task on a file over 2 GB), and the row reports the size.
        small = files.where(F.col("length") <= LARGEST_INPUT_BYTES).select("path", "length", "content")
        large = files.where(F.col("length") > LARGEST_INPUT_BYTES).select(
            "path", "length", F.lit(None).cast("binary").alias("content"))
        parsed = parsed.unionByName(small.unionByName(large).mapInArrow(_partition_parser(classify, shipped),
                                                                        _PARSED_SCHEMA))
    return ParsedFiles(parsed, spark.createDataFrame(skipped, "document string, message string"))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return -1  # Spark's reader reports it
