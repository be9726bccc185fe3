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

Several processes may use one store at once, a new one included. A store is recognised by
``PRAGMA application_id`` (``APPLICATION_ID``; a store made before it was set is recognised by its
tables and ``user_version``). ``connect`` only reads until it knows the file is a planparse store (an
empty file is a new one): an SQLite file of another application is refused before anything is written,
journal mode included. The schema is created and upgraded in one ``BEGIN IMMEDIATE`` transaction that
reads the version again once it holds the write lock, so runs that start together create it once and
wait for each other (busy timeout ``BUSY_TIMEOUT``) instead of failing. Nothing here deletes a database.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from planparse.errors import InputError, PlanparseError
from planparse.model import Plan, PlanCollection
from planparse.read.docx import MAX_FILE_BYTES as LARGEST_INPUT_BYTES  # the largest any reader accepts
from planparse.safe_io import printable
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

# "PlPa" in the header's application_id field: what marks an SQLite file as a planparse store.
APPLICATION_ID = 0x506C5061
# Tables and columns that identify a store created before APPLICATION_ID was set (application_id 0).
_LEGACY_COLUMNS = {"documents": {"source_hash", "model_json"}, "plans": {"plan_key", "version"},
                   "items": {"item_uid", "norm_hash"}}
# Seconds a connection waits for another process's write lock before giving up with "database is busy".
BUSY_TIMEOUT = 60.0


@dataclass
class IngestResult:
    path: str
    status: str  # added | unchanged | failed
    document_id: int | None = None
    plans: int = 0
    items: int = 0
    versions: list[int] = field(default_factory=list)
    message: str = ""


class _Foreign(Exception):
    """The file is an SQLite database, but not a planparse store (the message says what it holds)."""


def _inspect(conn: sqlite3.Connection) -> tuple[str, int]:
    """What the file holds, read without writing: ("new" | "planparse", user_version).

    "new" is an empty database (no schema objects, application_id and user_version 0): a file this run or
    another planparse run just created, or an empty file. Raises _Foreign for anything else.
    """
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    names = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")]
    if app_id == APPLICATION_ID:
        return "planparse", version
    if app_id != 0:
        raise _Foreign(f"an SQLite database of another application: application_id {app_id:#x}")
    if not names and version == 0:
        return "new", 0
    if version >= 1 and all(
            columns <= {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            for table, columns in _LEGACY_COLUMNS.items()):
        return "planparse", version  # a store made before application_id was set
    shown = ", ".join(sorted(names)[:5]) + (", …" if len(names) > 5 else "")
    what = f"tables {shown}" if names else f"no tables, user_version {version}"
    raise _Foreign(f"an SQLite database of another application: {what}")


def _read_state(conn: sqlite3.Connection) -> tuple[str, int]:
    """``_inspect`` in one read transaction, so the three reads see one state of the file."""
    conn.execute("BEGIN DEFERRED")
    try:
        state = _inspect(conn)
    except BaseException:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # no transaction left to end (the error ended it)
        raise
    conn.execute("COMMIT")  # a read-only transaction: ends the read, writes nothing
    return state


def migrate(conn: sqlite3.Connection) -> int:
    """Create or upgrade the schema to SCHEMA_VERSION; return the version now.

    Idempotent and safe when several processes call it at once: everything happens in one
    ``BEGIN IMMEDIATE`` transaction (the write lock, waited for up to the busy timeout) that reads the
    version again inside, so a process that waited finds the work done and changes nothing.
    """
    try:
        kind, version = _read_state(conn)
    except _Foreign as exc:
        raise InputError(f"not a planparse database ({exc}); left untouched") from None
    if kind == "planparse" and version == SCHEMA_VERSION:
        return version
    if version > SCHEMA_VERSION:
        raise InputError(f"the database has schema version {version}, newer than this planparse "
                         f"understands ({SCHEMA_VERSION}); upgrade planparse")
    with transaction(conn):
        try:
            _kind, version = _inspect(conn)  # again, under the write lock: another run may have done it
        except _Foreign as exc:
            raise InputError(f"not a planparse database ({exc}); left untouched") from None
        if version > SCHEMA_VERSION:
            raise InputError(f"the database has schema version {version}, newer than this planparse "
                             f"understands ({SCHEMA_VERSION}); upgrade planparse")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[target - 1]:
                conn.execute(statement)
        # In the same transaction as the DDL: a store is either fully made and marked, or untouched.
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
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


def _use_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch the store to WAL (readers never block an ingest), waiting while another process holds it."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")  # a file system without shared memory keeps its mode
            return
        except sqlite3.OperationalError as exc:
            if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) \
                    and time.monotonic() < deadline:
                time.sleep(0.02)
                continue
            raise


def check_path(path: str | Path) -> Path:
    """A usable database path (the file may not exist yet), or InputError naming what is wrong."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a database file")
    if path.parent and not path.parent.exists():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    return path


def connect(path: str | Path = DEFAULT_DB, upgrade: bool = True) -> sqlite3.Connection:
    """Open (or create) a store and upgrade its schema. Bad files raise InputError.

    Nothing is written until the file is known to be a planparse store or an empty database: a file
    of another application is refused byte-identical. ``upgrade=False`` opens a store read-only in
    spirit (no schema change, no journal-mode switch) and refuses an empty file.
    """
    path = check_path(path)
    if not upgrade and not path.exists():  # sqlite3.connect would create an empty file
        raise InputError(f"{path}: no such database")
    try:
        # isolation_level=None: no implicit transactions; `transaction` decides where they start and end.
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as exc:
        raise InputError(f"{path}: cannot open the database ({exc})") from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")  # settings of this connection; the file is not written
        # In WAL mode NORMAL still makes every commit atomic and the file consistent after a crash; it
        # skips the fsync per commit (half the ingest time in benchmarks/bench_store.py), so only the
        # last commits before a power cut can be lost, never half a file.
        conn.execute("PRAGMA synchronous = NORMAL")
        kind, version = _read_state(conn)  # reads only: a foreign file raises _Foreign here, untouched
        if version > SCHEMA_VERSION:
            raise InputError(f"the database has schema version {version}, newer than this planparse "
                             f"understands ({SCHEMA_VERSION}); upgrade planparse")
        if upgrade:
            migrate(conn)
            _use_wal(conn, BUSY_TIMEOUT)
        elif kind == "new":
            raise InputError("an empty database: nothing is stored in it yet")
    except BaseException as exc:
        conn.close()
        if isinstance(exc, InputError):
            message = str(exc)
            raise InputError(message if message.startswith(str(path)) else f"{path}: {message}") from None
        if isinstance(exc, _Foreign):
            raise InputError(f"{path}: not a planparse database ({exc}); left untouched") from None
        if isinstance(exc, sqlite3.Error):
            raise InputError(_database_message(path, exc)) from None
        raise
    return conn


def _database_message(path: Path, exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (f"{path}: database is busy: another process held its write lock for more than "
                f"{BUSY_TIMEOUT:.0f} s")
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return f"{path}: not a planparse database ({exc})"
    return f"{path}: cannot use the database ({exc})"


class LazyStore:
    """A store opened on its first write: a run that stores nothing creates no file.

    ``ingest_paths(LazyStore(path), files)`` parses each file first and opens (creating if needed) the
    database only when there is something to store, so a run whose files are all unreadable leaves no
    database behind without ever deleting one (another process may be writing to it).
    """

    def __init__(self, path: str | Path):
        self.path = check_path(path)
        self.conn: sqlite3.Connection | None = None

    def open(self) -> sqlite3.Connection:
        if self.conn is None:
            self.conn = connect(self.path)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


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


def store_collection(conn: sqlite3.Connection, col: PlanCollection, source: str, data_hash: str,
                     size: int) -> IngestResult:
    """Write one parsed file in one transaction. Returns status 'unchanged' when its bytes are already stored."""
    from planparse.version import __version__

    result = IngestResult(path=source, status="added")
    with transaction(conn):
        known = conn.execute("SELECT id FROM documents WHERE source_hash = ?", (data_hash,)).fetchone()
        if known:
            return IngestResult(path=source, status="unchanged", document_id=known[0],
                                message=f"already stored as document {known[0]}")
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
            conn.executemany(_INSERT_ITEM, [(plan_id, *row) for row in rows])
            result.plans += 1
            result.items += len(rows)
            result.versions.append(version)
    return result


_INSERT_ITEM = ("INSERT INTO items (plan_id, item_uid, path, depth, section_index, section_title, marker, kind, text,"
                " norm_hash, primary_domain, domains) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def ingest_file(conn: sqlite3.Connection | LazyStore, path: str | Path, classify: bool = True) -> IngestResult:
    """Parse and store one file. Raises PlanparseError for unreadable input (nothing is written then).

    With a LazyStore the database is opened (created) only once the file has been parsed."""
    from planparse.pipeline import parse_document
    from planparse.read import read_path

    lazy = conn if isinstance(conn, LazyStore) else None
    db = lazy.conn if lazy is not None else conn
    path = Path(path)
    source = printable(str(path))  # a file name that is not valid UTF-8 is stored escaped
    try:
        if path.stat().st_size > LARGEST_INPUT_BYTES:
            read_path(path)  # the reader refuses it with its own one-line message before anything is read
        data = path.read_bytes()
    except OSError:
        read_path(path)  # raises the readers' own one-line InputError (no such file, a folder, cannot read)
        raise
    data_hash = file_hash(data)
    known = db.execute("SELECT id FROM documents WHERE source_hash = ?", (data_hash,)).fetchone() if db is not None else None
    if known:  # skip parsing; store_collection checks again inside its transaction
        return IngestResult(path=source, status="unchanged", document_id=known[0],
                            message=f"already stored as document {known[0]}")
    # read_path reads the file a second time: planparse.read has no reader from bytes that picks the format.
    collection = parse_document(read_path(path), classify=classify)
    if lazy is not None:
        db = lazy.open()
    return store_collection(db, collection, source, data_hash, len(data))


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


def ingest_paths(conn: sqlite3.Connection | LazyStore, paths: Iterable[str | Path], *, classify: bool = True,
                 progress: bool = False, on_result=None) -> list[IngestResult]:
    """Ingest files and folders; a file that fails is rolled back and reported, the rest continue.

    ``conn`` is an open store, or a LazyStore that is opened when the first file is ready to be stored."""
    paths = list(paths)
    files = expand_paths(paths)
    results: list[IngestResult] = []
    bar = None
    if progress and any(Path(p).is_dir() for p in paths):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        if console.is_terminal:  # a bar only when someone is watching
            bar = Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                           TimeElapsedColumn(),
                           console=console, transient=True)
    task = None
    if bar is not None:
        bar.start()
        task = bar.add_task("ingesting", total=len(files))
    try:
        for path in files:
            if bar is not None:
                bar.update(task, description=printable(path.name))
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
