"""The cross-year store: parsed plans in one SQLite file (stdlib sqlite3, the embedded default).

    from planparse.store import open_store, ingest_paths
    with open_store("planparse.db") as db:
        results = ingest_paths(db, ["corpus/plans"])

Tables (schema version in ``PRAGMA user_version``, upgraded by ``migrate``):

- ``documents``: one row per distinct file content (sha256 of the bytes), with the full model JSON.
  Ingesting bytes already stored changes nothing.
- ``plans``: one row per plan of a document, keyed by ``plan_key`` (organization, year and title in
  matching form). A later document with the same key is a new *version* kept beside the old one;
  the view ``current_plans`` holds the latest version of each key, which is what trends count.
- ``items``: every item at every depth, with its stable id (``item.id``), its primary domain and
  domain list, and a hash of its matching form (``planparse.text.normalize.match_form``).

Each file is written in one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``): a crash mid-file leaves
the previous files committed and nothing of the interrupted one; a file that fails rolls back alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from planparse.errors import InputError, PlanparseError
from planparse.model import Plan, PlanCollection
from planparse.text.normalize import match_form, match_forms

DEFAULT_DB = "planparse.db"

# Each entry upgrades the schema by one version; never edit a shipped entry, append a new one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: documents, plans, items
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            source_hash TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            format TEXT,
            encoding TEXT,
            schema_version TEXT NOT NULL,
            planparse_version TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            model_json TEXT NOT NULL
        )""",
        """CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            plan_index INTEGER NOT NULL,
            plan_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            organization TEXT,
            org_key TEXT NOT NULL,
            year INTEGER,
            title TEXT NOT NULL,
            item_count INTEGER NOT NULL,
            UNIQUE (document_id, plan_index),
            UNIQUE (plan_key, version)
        )""",
        """CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            item_uid TEXT NOT NULL,
            path TEXT NOT NULL,
            depth INTEGER NOT NULL,
            section_index INTEGER NOT NULL,
            section_title TEXT NOT NULL,
            marker TEXT,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            norm_hash TEXT NOT NULL,
            primary_domain TEXT,
            domains TEXT NOT NULL
        )""",
        "CREATE INDEX items_plan ON items(plan_id)",
        "CREATE INDEX items_norm_hash ON items(norm_hash)",
        "CREATE INDEX plans_key ON plans(plan_key)",
        "CREATE INDEX plans_org_year ON plans(org_key, year)",
    ),
    (  # 2: the latest version of each plan, what trends and history read
        """CREATE VIEW current_plans AS
            SELECT p.* FROM plans p
            WHERE p.version = (SELECT MAX(q.version) FROM plans q WHERE q.plan_key = p.plan_key)""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

# Fault-injection hook for tests: stall inside the transaction of the N-th file written, so a test can
# SIGKILL the process mid-file and check the database (tests/test_store.py).
STALL_ENV = "PLANPARSE_INGEST_STALL_AT"


@dataclass
class IngestResult:
    path: str
    status: str  # added | unchanged | failed
    document_id: int | None = None
    plans: int = 0
    items: int = 0
    versions: list[int] = field(default_factory=list)
    message: str = ""


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to SCHEMA_VERSION, one version per transaction; return the version now."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise InputError(f"the database has schema version {version}, newer than this planparse "
                         f"understands ({SCHEMA_VERSION}); upgrade planparse")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with transaction(conn):
            for statement in MIGRATIONS[target - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")  # in the same transaction as the DDL
    return SCHEMA_VERSION


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (the connection is in autocommit mode)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def connect(path: str | Path = DEFAULT_DB, upgrade: bool = True) -> sqlite3.Connection:
    """Open (or create) a store and upgrade its schema. Bad files raise InputError."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a database file")
    if path.parent and not path.parent.exists():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    try:
        # isolation_level=None: no implicit transactions; `transaction` decides where they start and end.
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")  # readers (trends, a notebook) never block an ingest
        # In WAL mode NORMAL still makes every commit atomic and the file consistent after a crash; it
        # skips the fsync per commit (half the ingest time in benchmarks/bench_store.py), so only the
        # last commits before a power cut can be lost, never half a file.
        conn.execute("PRAGMA synchronous = NORMAL")
        if upgrade:
            migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise InputError(f"{path}: not a planparse database ({exc})") from None
    return conn


@contextmanager
def open_store(path: str | Path = DEFAULT_DB) -> Iterator[sqlite3.Connection]:
    """``connect`` as a context manager: the connection is closed on leaving the block."""
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


def integrity_ok(conn: sqlite3.Connection) -> bool:
    return [row[0] for row in conn.execute("PRAGMA integrity_check")] == ["ok"]


# --- keys -------------------------------------------------------------------------------------
def plan_key(plan: Plan) -> str:
    """What makes two stored plans versions of one plan: organization, year and title in matching form."""
    org, title = match_form(plan.organization or ""), match_form(plan.title or "")
    return f"{org}|{plan.year or ''}|{title}"


def norm_hash(form: str) -> str:
    return hashlib.blake2b(form.encode("utf-8"), digest_size=8).hexdigest()


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- writing ----------------------------------------------------------------------------------
def _stall_hook(count: int) -> None:
    wanted = os.environ.get(STALL_ENV)
    if wanted and wanted.isdigit() and count == int(wanted):
        print(f"planparse: test hook: stalled inside the transaction of file {count}", file=sys.stderr, flush=True)
        time.sleep(600)


def _item_rows(col: PlanCollection, plan_index: int) -> list[tuple]:
    rows = []
    section_numbers = {id(s): k for k, s in enumerate(col.plans[plan_index].sections, 1)}
    entries = list(col.plans[plan_index].iter_items())
    forms = match_forms([item.text for _s, item, _p in entries])  # one OpenCC call for the whole plan
    for (section, item, path), form in zip(entries, forms):
        rows.append((item.id, f"{plan_index + 1}/{path}", path.count("/"), section_numbers[id(section)], section.label,
                     item.marker, item.kind,
                     item.text, norm_hash(form), item.domains[0] if item.domains else None,
                     json.dumps(item.domains, ensure_ascii=False)))
    return rows


_writes = 0  # files written by this process (for the stall hook)


def store_collection(conn: sqlite3.Connection, col: PlanCollection, source: str, data_hash: str,
                     size: int) -> IngestResult:
    """Write one parsed file in one transaction. Returns status 'unchanged' when its bytes are already stored."""
    from planparse.version import __version__

    global _writes
    result = IngestResult(path=source, status="added")
    with transaction(conn):
        known = conn.execute("SELECT id FROM documents WHERE source_hash = ?", (data_hash,)).fetchone()
        if known:
            return IngestResult(path=source, status="unchanged", document_id=known[0],
                                message=f"already stored as document {known[0]}")
        _writes += 1
        cursor = conn.execute(
            "INSERT INTO documents (source, source_hash, size, format, encoding, schema_version, planparse_version,"
            " ingested_at, model_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (source, data_hash, size, col.format, col.encoding, col.schema_version, __version__,
             datetime.now(timezone.utc).isoformat(timespec="seconds"),
             col.model_dump_json()))
        result.document_id = cursor.lastrowid
        for index, plan in enumerate(col.plans):
            key = plan_key(plan)
            version = conn.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE plan_key = ?",
                                   (key,)).fetchone()[0]
            rows = _item_rows(col, index)
            plan_id = conn.execute(
                "INSERT INTO plans (document_id, plan_index, plan_key, version, organization, org_key, year, title,"
                " item_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result.document_id, index, key, version, plan.organization, match_form(plan.organization or ""),
                 plan.year, plan.title, len(rows))).lastrowid
            half = len(rows) // 2
            conn.executemany(_INSERT_ITEM, [(plan_id, *row) for row in rows[:half]])
            if index == 0:
                _stall_hook(_writes)  # no-op unless a test asks for it
            conn.executemany(_INSERT_ITEM, [(plan_id, *row) for row in rows[half:]])
            result.plans += 1
            result.items += len(rows)
            result.versions.append(version)
    return result


_INSERT_ITEM = ("INSERT INTO items (plan_id, item_uid, path, depth, section_index, section_title, marker, kind, text,"
                " norm_hash, primary_domain, domains) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def ingest_file(conn: sqlite3.Connection, path: str | Path, classify: bool = True) -> IngestResult:
    """Parse and store one file. Raises PlanparseError for unreadable input (nothing is written then)."""
    from planparse.pipeline import parse_document
    from planparse.read import read_path

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        read_path(path)  # raises the readers' own one-line InputError (no such file, a folder, cannot read)
        raise
    data_hash = file_hash(data)
    known = conn.execute("SELECT id FROM documents WHERE source_hash = ?", (data_hash,)).fetchone()
    if known:  # skip parsing; store_collection checks again inside its transaction
        return IngestResult(path=str(path), status="unchanged", document_id=known[0],
                            message=f"already stored as document {known[0]}")
    # read_path reads the file a second time: planparse.read has no reader from bytes that picks the format.
    collection = parse_document(read_path(path), classify=classify)
    return store_collection(conn, collection, str(path), data_hash, len(data))


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the plan files inside folders (sorted)."""
    from planparse.read.folder import find_plan_files

    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(find_plan_files(path))  # skips NAME.gold.txt annotations beside corpus plans
        else:
            found.append(path)
    return found


def ingest_paths(conn: sqlite3.Connection, paths: Iterable[str | Path], *, classify: bool = True,
                 progress: bool = False, on_result=None) -> list[IngestResult]:
    """Ingest files and folders; a file that fails is rolled back and reported, the rest continue."""
    paths = list(paths)
    files = expand_paths(paths)
    results: list[IngestResult] = []
    bar = None
    if progress and any(Path(p).is_dir() for p in paths):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        if console.is_terminal:  # a bar only when someone is watching
            bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=console, transient=True)
    task = None
    if bar is not None:
        bar.start()
        task = bar.add_task("ingesting", total=len(files))
    try:
        for path in files:
            if bar is not None:
                bar.update(task, description=path.name)
            try:
                result = ingest_file(conn, path, classify=classify)
            except PlanparseError as exc:
                result = IngestResult(path=str(path), status="failed", message=str(exc))
            except sqlite3.DatabaseError as exc:
                result = IngestResult(path=str(path), status="failed", message=f"{path}: database error: {exc}")
            except Exception as exc:  # one bad file must not stop the batch; its transaction rolled back
                result = IngestResult(path=str(path), status="failed",
                                      message=f"{path}: internal error: {type(exc).__name__}: {exc}")
            results.append(result)
            if on_result is not None:
                on_result(result, bar.console if bar is not None else None)
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
    return results


# --- reading ----------------------------------------------------------------------------------
@dataclass
class StoredPlan:
    plan_id: int
    document_id: int
    plan_index: int
    version: int
    organization: str | None
    year: int | None
    title: str
    source: str

    def load(self, conn: sqlite3.Connection) -> Plan:
        (text,) = conn.execute("SELECT model_json FROM documents WHERE id = ?", (self.document_id,)).fetchone()
        return PlanCollection.model_validate_json(text).plans[self.plan_index]


def current_plans(conn: sqlite3.Connection, organization: str | None = None) -> list[StoredPlan]:
    """The latest version of every stored plan (optionally of organizations matching ``organization``)."""
    sql = ("SELECT p.id, p.document_id, p.plan_index, p.version, p.organization, p.year, p.title, d.source "
           "FROM current_plans p JOIN documents d ON d.id = p.document_id")
    args: tuple = ()
    if organization:
        sql += " WHERE instr(p.org_key, ?) > 0"
        args = (match_form(organization),)
    sql += " ORDER BY p.org_key, p.year, p.id"
    return [StoredPlan(*row) for row in conn.execute(sql, args)]


def trend_rows(conn: sqlite3.Connection, organization: str | None = None) -> list[dict]:
    """Items per primary domain, per organization and year, over the latest version of each plan.

    Plans without a year cannot sit on a time axis and are left out; an unsigned plan's organization is "".
    """
    sql = ("SELECT COALESCE(p.organization, ''), p.year, i.primary_domain, COUNT(*) "
           "FROM items i JOIN current_plans p ON p.id = i.plan_id "
           "WHERE p.year IS NOT NULL AND i.primary_domain IS NOT NULL")
    args: tuple = ()
    if organization:
        sql += " AND instr(p.org_key, ?) > 0"
        args = (match_form(organization),)
    sql += " GROUP BY 1, 2, 3 ORDER BY 1, 2, 4 DESC, 3"
    return [{"organization": org, "year": year, "domain": domain, "count": count}
            for org, year, domain, count in conn.execute(sql, args)]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("documents", "plans", "items")}
