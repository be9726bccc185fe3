"""The cross-year store: parsed plans in one SQLite file (stdlib sqlite3, the embedded default).

    from planparse.store import open_store, ingest_paths
    with open_store("planparse.db") as db:
        results = ingest_paths(db, ["corpus/plans"])

Tables (schema version in ``PRAGMA user_version``, upgraded by ``migrate``):

- ``documents``: one row per distinct file content (sha256 of the bytes), with the full model JSON, and
  the taxonomy its domains came from (``taxonomy``: its name, ``taxonomy_hash``: the digest of its file;
  both NULL for a document stored without classification; ``union`` with no hash for documents stored
  before schema 4). Ingesting bytes already stored changes nothing (unless ``--org``/``--year`` name
  other attributes for it: then its plans take them and every series is derived again); ingesting them
  with another taxonomy is refused (a document is stored once).
- ``plans``: one row per plan of a document. A plan's identity is its document and its index in it
  (``UNIQUE (document_id, plan_index)``); organization, year and title are attributes (``ingest --org
  --year`` override the parsed ones; a plan with no year takes the page title's). ``plan_key`` names a
  *series*: the versions of one plan, keyed by the identity of its first version (``sha256/index``).
  A plan of a later document joins a series only when it is the same plan of the same organization
  (``_series_for``): same organization and year, and the same title or ``SIMILAR_TEXT`` of its text. A
  plan with no organization always starts a series of its own. The view ``current_plans`` holds the
  latest version of each series, which is what trends count.
- ``items``: every item at every depth, with its stable id (``item.id``), its primary domain and
  domain list, and a hash of its matching form (``planparse.text.normalize.match_form``).

Trends count one taxonomy's domains at a time (``stored_taxonomies``, ``trend_rows(taxonomy=...)``).

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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from typing import TYPE_CHECKING

from planparse.errors import InputError, PlanparseError
from planparse.messages import say
from planparse.model import Plan, PlanCollection
from planparse.read.docx import MAX_FILE_BYTES as LARGEST_INPUT_BYTES  # the largest any reader accepts
from planparse.safe_io import printable
from planparse.text.lines import year_of
from planparse.text.normalize import match_form, match_forms

if TYPE_CHECKING:
    from planparse.classify.taxonomy import Taxonomy

DEFAULT_DB = "planparse.db"

# Each entry upgrades the schema by one version; never edit a shipped entry, append a new one. A step is
# an SQL statement or a function of the connection (run inside the same transaction as the statements).
MIGRATIONS: tuple[tuple[str | Callable[[sqlite3.Connection], None], ...], ...] = (
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
    (  # 3: a plan is its document and index; plan_key names a series of versions (see _migrate_identity)
        lambda conn: _migrate_identity(conn),
    ),
    (  # 4: the taxonomy each document's domains came from (see _migrate_taxonomy)
        "ALTER TABLE documents ADD COLUMN taxonomy TEXT",
        "ALTER TABLE documents ADD COLUMN taxonomy_hash TEXT",
        lambda conn: _migrate_taxonomy(conn),
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
    status: str  # added | updated (stored before; --org/--year changed its plans) | unchanged | failed
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
        raise _Foreign(say("store.foreign_app_id", app_id=f"{app_id:#x}"))
    if not names and version == 0:
        return "new", 0
    if version >= 1 and all(
            columns <= {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            for table, columns in _LEGACY_COLUMNS.items()):
        return "planparse", version  # a store made before application_id was set
    shown = ", ".join(sorted(names)[:5]) + (", …" if len(names) > 5 else "")
    raise _Foreign(say("store.foreign_tables", tables=shown) if names else say("store.foreign_empty", version=version))


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
        raise InputError(say("store.not_planparse", reason=exc)) from None
    if kind == "planparse" and version == SCHEMA_VERSION:
        return version
    if version > SCHEMA_VERSION:
        raise InputError(say("store.newer_schema", version=version, supported=SCHEMA_VERSION))
    with transaction(conn):
        try:
            _kind, version = _inspect(conn)  # again, under the write lock: another run may have done it
        except _Foreign as exc:
            raise InputError(say("store.not_planparse", reason=exc)) from None
        if version > SCHEMA_VERSION:
            raise InputError(say("store.newer_schema", version=version, supported=SCHEMA_VERSION))
        for target in range(version + 1, SCHEMA_VERSION + 1):
            for step in MIGRATIONS[target - 1]:
                if callable(step):
                    step(conn)
                else:
                    conn.execute(step)
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
        raise InputError(say("store.is_directory", name=path))
    if path.parent and not path.parent.exists():
        raise InputError(say("store.no_folder", name=path, folder=path.parent))
    return path


def connect(path: str | Path = DEFAULT_DB, upgrade: bool = True) -> sqlite3.Connection:
    """Open (or create) a store and upgrade its schema. Bad files raise InputError.

    Nothing is written until the file is known to be a planparse store or an empty database: a file
    of another application is refused byte-identical. ``upgrade=False`` opens a store read-only in
    spirit (no schema change, no journal-mode switch) and refuses an empty file.
    """
    path = check_path(path)
    if not upgrade and not path.exists():  # sqlite3.connect would create an empty file
        raise InputError(say("store.no_database", name=path))
    try:
        # isolation_level=None: no implicit transactions; `transaction` decides where they start and end.
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as exc:
        raise InputError(say("store.cannot_open", name=path, reason=exc)) from None
    try:
        conn.execute("PRAGMA foreign_keys = ON")  # settings of this connection; the file is not written
        # In WAL mode NORMAL still makes every commit atomic and the file consistent after a crash; it
        # skips the fsync per commit (half the ingest time in benchmarks/bench_store.py), so only the
        # last commits before a power cut can be lost, never half a file.
        conn.execute("PRAGMA synchronous = NORMAL")
        kind, version = _read_state(conn)  # reads only: a foreign file raises _Foreign here, untouched
        if version > SCHEMA_VERSION:
            raise InputError(say("store.newer_schema", version=version, supported=SCHEMA_VERSION))
        if upgrade:
            migrate(conn)
            _use_wal(conn, BUSY_TIMEOUT)
        elif kind == "new":
            raise InputError(say("store.empty"))
    except BaseException as exc:
        conn.close()
        if isinstance(exc, InputError):
            message = str(exc)
            raise InputError(message if message.startswith(str(path)) else f"{path}: {message}") from None
        if isinstance(exc, _Foreign):
            raise InputError(f"{path}: " + say("store.not_planparse", reason=exc)) from None
        if isinstance(exc, sqlite3.Error):
            raise InputError(_database_message(path, exc)) from None
        raise
    return conn


def _database_message(path: Path, exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return say("store.busy", name=path, seconds=f"{BUSY_TIMEOUT:.0f}")
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return say("store.not_planparse_plain", name=path, reason=exc)
    return say("store.cannot_use", name=path, reason=exc)


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


# --- identity and series -----------------------------------------------------------------------
# Two plans of one organization and year with different titles are one plan re-issued when their texts
# are this similar (rapidfuzz Indel ratio of the dedup comparison form: numbers masked, so a revision that
# only raises its targets still matches).
SIMILAR_TEXT = 0.8
# At most this many plans of one organization and year are compared by text (the latest ones).
MAX_TEXT_CANDIDATES = 16


def identity_key(source_hash: str, plan_index: int) -> str:
    """A plan's identity: its document's content hash and its index in it; the key of a series it starts."""
    return f"{source_hash}/{plan_index}"


def _plan_form(texts: list[str]) -> str:
    from planparse.dedup.normal import comparison_forms

    return "\n".join(form for form in comparison_forms(texts) if form)


def _stored_texts(conn: sqlite3.Connection, plan_id: int) -> list[str]:
    return [text for (text,) in conn.execute("SELECT text FROM items WHERE plan_id = ? ORDER BY id", (plan_id,))]


def _series_for(conn: sqlite3.Connection, org_key: str, year: int | None, title: str, document_id: int,
                texts: Callable[[], list[str]], before_id: int | None = None) -> tuple[str, int] | None:
    """The series a new plan continues, as (plan_key, its version there); None when it starts its own.

    Only the same plan of the same organization continues a series: same organization and year, and the
    same title (matching form) or ``SIMILAR_TEXT`` of the text. A plan with no organization never does:
    nothing says two unsigned documents come from one office. Plans of one document are never versions of
    one another. ``before_id`` limits the search to plans stored before it (the migration re-walks them).
    """
    if not org_key:
        return None
    sql = ("SELECT id, plan_key, version, title FROM current_plans "
           "WHERE org_key = ? AND year IS ? AND document_id <> ?")
    args: tuple = (org_key, year, document_id)
    if before_id is not None:
        sql += " AND id < ?"
        args += (before_id,)
    candidates = conn.execute(sql + " ORDER BY id DESC", args).fetchall()
    if not candidates:
        return None
    wanted = match_form(title or "")
    for _id, key, version, other in candidates:
        if wanted and match_form(other or "") == wanted:
            return key, version + 1
    from rapidfuzz.distance import Indel

    form = _plan_form(texts())
    if not form:
        return None
    best: tuple[float, str, int] | None = None
    for plan_id, key, version, _title in candidates[:MAX_TEXT_CANDIDATES]:
        other = _plan_form(_stored_texts(conn, plan_id))
        score = Indel.normalized_similarity(form, other, score_cutoff=SIMILAR_TEXT) if other else 0.0
        if score and (best is None or score > best[0]):
            best = (score, key, version + 1)
    return best[1:] if best else None


def _migrate_identity(conn: sqlite3.Connection) -> None:
    """Schema 3. Before it, ``plan_key`` was organization|year|title, so every plan with no organization and
    the same (often empty) title and year was a version of every other: trends counted only the last one.
    Now each plan's series is derived again, in the order the plans were stored, with the rule of
    ``_series_for``; a plan with no year takes its page title's year, as ingest now does."""
    for document_id, model in conn.execute(
            "SELECT id, model_json FROM documents WHERE id IN (SELECT document_id FROM plans WHERE year IS NULL)"
    ).fetchall():
        try:
            page_year = year_of(json.loads(model).get("page_title") or "")
        except (ValueError, AttributeError):
            page_year = None  # a model that does not parse keeps its plans undated
        if page_year:
            conn.execute("UPDATE plans SET year = ? WHERE document_id = ? AND year IS NULL", (page_year, document_id))
    _derive_series(conn)


def _migrate_taxonomy(conn: sqlite3.Connection) -> None:
    """Schema 4. Before it, every classified document was classified with the union taxonomy (the only one);
    which version of it is unknown (no hash). A document counts as classified when an item has a domain or its
    model JSON gives a plan its ``domain_scope``."""
    conn.execute("UPDATE documents SET taxonomy = 'union' WHERE instr(model_json, '\"domain_scope\":\"') > 0 "
                 "OR id IN (SELECT p.document_id FROM plans p JOIN items i ON i.plan_id = p.id "
                 "WHERE i.primary_domain IS NOT NULL)")


def _derive_series(conn: sqlite3.Connection) -> None:
    """Every plan's series and version again, walking the plans in the order they were stored: the store
    becomes what ingesting the same documents in that order with today's attributes would give."""
    conn.execute("UPDATE plans SET plan_key = 'deriving/' || id")  # unique, so no step collides with another
    rows = conn.execute("SELECT p.id, p.document_id, p.plan_index, p.org_key, p.year, p.title, d.source_hash "
                        "FROM plans p JOIN documents d ON d.id = p.document_id ORDER BY p.id").fetchall()
    for plan_id, document_id, index, org_key, year, title, source_hash in rows:
        found = _series_for(conn, org_key, year, title, document_id,
                            lambda plan_id=plan_id: _stored_texts(conn, plan_id), before_id=plan_id)
        key, version = found or (identity_key(source_hash, index), 1)
        conn.execute("UPDATE plans SET plan_key = ?, version = ? WHERE id = ?", (key, version, plan_id))


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


def _differs(conn: sqlite3.Connection, document_id: int, organization: str | None, year: int | None) -> bool:
    """Whether ``organization`` or ``year``, when given, differ from what a stored document's plans have."""
    if not organization and not year:
        return False
    stored = conn.execute("SELECT organization, year FROM plans WHERE document_id = ?", (document_id,)).fetchall()
    return any((organization and org != organization) or (year and y != year) for org, y in stored)


def _known(conn: sqlite3.Connection, document_id: int, source: str, organization: str | None,
           year: int | None) -> IngestResult:
    """A document already stored (inside a write transaction): unchanged, or given the organization and
    year the run names, every series then derived again as if it had been ingested with them."""
    if not _differs(conn, document_id, organization, year):
        return IngestResult(path=source, status="unchanged", document_id=document_id,
                            message=say("store.already_stored", id=document_id))
    if organization:
        conn.execute("UPDATE plans SET organization = ?, org_key = ? WHERE document_id = ?",
                     (organization, match_form(organization), document_id))
    if year:
        conn.execute("UPDATE plans SET year = ? WHERE document_id = ?", (year, document_id))
    _derive_series(conn)
    versions = [v for (v,) in conn.execute("SELECT version FROM plans WHERE document_id = ? ORDER BY plan_index",
                                           (document_id,))]
    given = say("store.given_and").join(say(f"store.given_{name}", value=value)
                                        for name, value in (("organization", organization), ("year", year)) if value)
    return IngestResult(path=source, status="updated", document_id=document_id, plans=len(versions),
                        versions=versions, message=say("store.now_has", id=document_id, given=given))


def _classified(col: PlanCollection) -> bool:
    return any(plan.domain_scope is not None for plan in col.plans) or any(
        item.domains for plan in col.plans for _s, item, _p in plan.iter_items())


def store_collection(conn: sqlite3.Connection, col: PlanCollection, source: str, data_hash: str,
                     size: int, *, organization: str | None = None, year: int | None = None,
                     taxonomy: Taxonomy | None = None) -> IngestResult:
    """Write one parsed file in one transaction. Returns status 'unchanged' when its bytes are already stored.

    ``organization`` and ``year`` replace what the parser found for every plan of the file; otherwise a
    plan with no year takes the year of the page title (``2023年…(模板5篇)``). ``taxonomy`` is the one the
    collection was classified with (recorded with the document; default: the union taxonomy when the
    collection is classified at all)."""
    from planparse.version import __version__

    if taxonomy is None and _classified(col):
        from planparse.classify.taxonomy import default_taxonomy

        taxonomy = default_taxonomy()
    result = IngestResult(path=source, status="added")
    with transaction(conn):
        known = conn.execute("SELECT id FROM documents WHERE source_hash = ?", (data_hash,)).fetchone()
        if known:
            return _known(conn, known[0], source, organization, year)
        cursor = conn.execute(
            "INSERT INTO documents (source, source_hash, size, format, encoding, schema_version, planparse_version,"
            " ingested_at, model_json, taxonomy, taxonomy_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (source, data_hash, size, col.format, col.encoding, col.schema_version, __version__,
             datetime.now(timezone.utc).isoformat(timespec="seconds"),
             col.model_dump_json(), taxonomy.name if taxonomy else None, taxonomy.digest if taxonomy else None))
        result.document_id = cursor.lastrowid
        page_year = year_of(col.page_title or "")
        for index, plan in enumerate(col.plans):
            org = organization or plan.organization
            plan_year = year or plan.year or page_year
            org_key = match_form(org or "")
            rows = _item_rows(col, index)
            found = _series_for(conn, org_key, plan_year, plan.title, result.document_id,
                                lambda rows=rows: [row[7] for row in rows])
            key, version = found or (identity_key(data_hash, index), 1)
            plan_id = conn.execute(
                "INSERT INTO plans (document_id, plan_index, plan_key, version, organization, org_key, year, title,"
                " item_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result.document_id, index, key, version, org, org_key, plan_year, plan.title, len(rows))).lastrowid
            conn.executemany(_INSERT_ITEM, [(plan_id, *row) for row in rows])
            result.plans += 1
            result.items += len(rows)
            result.versions.append(version)
    return result


_INSERT_ITEM = ("INSERT INTO items (plan_id, item_uid, path, depth, section_index, section_title, marker, kind, text,"
                " norm_hash, primary_domain, domains) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _other_taxonomy(db: sqlite3.Connection, document_id: int, source: str, taxonomy: Taxonomy) -> None:
    """Refuse to store a document again classified with another taxonomy than the one it is stored with."""
    (stored,) = db.execute("SELECT taxonomy FROM documents WHERE id = ?", (document_id,)).fetchone()
    if stored is not None and stored != taxonomy.name:
        raise InputError(say("store.other_taxonomy", name=source, id=document_id, stored=repr(stored),
                             taxonomy=repr(taxonomy.name)))


def ingest_file(conn: sqlite3.Connection | LazyStore, path: str | Path, classify: bool = True, *,
                organization: str | None = None, year: int | None = None,
                taxonomy: Taxonomy | str | Path | None = None) -> IngestResult:
    """Parse and store one file. Raises PlanparseError for unreadable input (nothing is written then).

    With a LazyStore the database is opened (created) only once the file has been parsed. ``organization``
    and ``year`` override the parsed ones (``store_collection``). ``taxonomy``: the one to classify with (a
    Taxonomy or the path of its file; default the union taxonomy), recorded with the document."""
    from planparse.budget import file_budget, time_budget
    from planparse.classify.taxonomy import resolve
    from planparse.pipeline import parse_document
    from planparse.read import read_path

    tax = resolve(taxonomy) if classify else None

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
    if known and tax is not None:
        _other_taxonomy(db, known[0], source, tax)
    if known and not _differs(db, known[0], organization, year):
        # skip parsing; store_collection checks again inside its transaction
        return IngestResult(path=source, status="unchanged", document_id=known[0],
                            message=say("store.already_stored", id=known[0]))
    if known:
        with transaction(db):
            return _known(db, known[0], source, organization, year)
    # read_path reads the file a second time: planparse.read has no reader from bytes that picks the format.
    # Reading and parsing run within the per-file budget (planparse.budget), so one runaway file of a folder
    # ingest is reported and the rest go on; the store's own transaction is never interrupted.
    with time_budget(file_budget(len(data), path.suffix), say("budget.reading_parsing", name=source)):
        collection = parse_document(read_path(path), classify=classify, taxonomy=tax)
    if lazy is not None:
        db = lazy.open()
        if tax is not None:  # the database may have held this document already (opened only now)
            known = db.execute("SELECT id FROM documents WHERE source_hash = ?", (data_hash,)).fetchone()
            if known:
                _other_taxonomy(db, known[0], source, tax)
    return store_collection(db, collection, source, data_hash, len(data), organization=organization, year=year,
                            taxonomy=tax)


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
                 progress: bool = False, on_result=None, organization: str | None = None,
                 year: int | None = None, taxonomy: Taxonomy | str | Path | None = None) -> list[IngestResult]:
    """Ingest files and folders; a file that fails is rolled back and reported, the rest continue.

    ``conn`` is an open store, or a LazyStore that is opened when the first file is ready to be stored.
    ``organization`` and ``year`` override the parsed ones for every plan of every file; ``taxonomy`` is the
    one to classify every file with (read once)."""
    if classify and taxonomy is not None:
        from planparse.classify.taxonomy import resolve

        taxonomy = resolve(taxonomy)
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
                result = ingest_file(conn, path, classify=classify, organization=organization, year=year,
                                     taxonomy=taxonomy)
            except PlanparseError as exc:
                result = IngestResult(path=str(path), status="failed", message=str(exc))
            except sqlite3.DatabaseError as exc:
                result = IngestResult(path=str(path), status="failed", message=say("store.database_error", name=path, reason=exc))
            except Exception as exc:  # one bad file must not stop the batch; its transaction rolled back
                result = IngestResult(path=str(path), status="failed",
                                      message=say("store.internal_error", name=path, reason=f"{type(exc).__name__}: {exc}"))
            results.append(result)
            if on_result is not None:
                on_result(result, bar.console if bar is not None else None)
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
    return results


@dataclass(frozen=True)
class _RecordedTaxonomy:
    """The taxonomy a document was classified with elsewhere (planparse spark ingest), as it was recorded there:
    its name and file digest, all the store keeps of a taxonomy (``store_collection`` reads only these)."""

    name: str
    digest: str | None


_PARQUET_DOCUMENT_COLUMNS = ["document", "sha256", "size", "taxonomy", "taxonomy_hash", "model_json"]


def _parquet_batches(folder: Path, columns: list[str], batch_size: int):
    """Record batches of one Parquet dataset folder (Spark's ``_SUCCESS`` and ``.crc`` files are skipped)."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    try:
        dataset = ds.dataset(folder, format="parquet")
        missing = [c for c in columns if c not in dataset.schema.names]
        if missing:
            raise InputError(say("parquet_import.bad_dataset", name=folder, reason=f"no column {', '.join(missing)}"))
        yield from dataset.to_batches(columns=columns, batch_size=batch_size)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(say("parquet_import.bad_dataset", name=folder, reason=" ".join(str(exc).split()))) from None


def _store_parquet_document(conn: sqlite3.Connection | LazyStore, row: dict, organization: str | None,
                            year: int | None) -> IngestResult:
    """One row of documents/: its model stored as ``ingest_file`` stores a parsed file (same identity, series and
    taxonomy rules)."""
    from pydantic import ValidationError

    from planparse.classify.taxonomy import default_taxonomy

    source = printable(row["document"])
    try:
        collection = PlanCollection.model_validate_json(row["model_json"])
    except ValidationError as exc:
        reason = " ".join(str(exc).split("\n")[:2])
        raise InputError(say("parquet_import.bad_model", name=source, reason=reason)) from None
    taxonomy = None
    if row["taxonomy"] is not None:
        default = default_taxonomy()
        same = row["taxonomy"] == default.name and row["taxonomy_hash"] in (None, default.digest)
        taxonomy = default if same else _RecordedTaxonomy(row["taxonomy"], row["taxonomy_hash"])
    db = conn.open() if isinstance(conn, LazyStore) else conn
    known = db.execute("SELECT id FROM documents WHERE source_hash = ?", (row["sha256"],)).fetchone()
    if known and taxonomy is not None:
        (stored,) = db.execute("SELECT taxonomy FROM documents WHERE id = ?", (known[0],)).fetchone()
        if stored is not None and stored != taxonomy.name:
            raise InputError(say("parquet_import.other_taxonomy", name=source, id=known[0], stored=repr(stored),
                                 given=repr(taxonomy.name)))
    return store_collection(db, collection, source, row["sha256"], row["size"], organization=organization, year=year,
                            taxonomy=taxonomy)  # type: ignore[arg-type] - a recorded taxonomy has what it reads


def ingest_parquet(conn: sqlite3.Connection | LazyStore, directory: str | Path, *, organization: str | None = None,
                   year: int | None = None, on_result=None) -> list[IngestResult]:
    """Store what ``planparse spark ingest --out DIR`` wrote (``planparse ingest --from-parquet DIR``).

    Each row of ``DIR/documents`` (a file's hash, size and model JSON) is stored as ``ingest_file`` stores a parsed
    file: the same identity (document hash and plan index), series rules, ``organization``/``year`` overrides and
    taxonomy record, so trends and history work on it; a document already stored changes nothing. Each row of
    ``DIR/errors`` is a failed result with its message, as ingesting that file would have been. Read with pyarrow
    (no Spark needed); ``on_result(result, None)`` is called after each.
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError(say("parquet_import.no_pyarrow")) from None
    root = Path(directory)
    if not (root / "documents").is_dir():
        raise InputError(say("parquet_import.no_documents", name=root))
    results: list[IngestResult] = []

    def done(result: IngestResult) -> None:
        results.append(result)
        if on_result is not None:
            on_result(result, None)

    # A few rows at a time: each holds a whole document's model JSON.
    for batch in _parquet_batches(root / "documents", _PARQUET_DOCUMENT_COLUMNS, batch_size=32):
        for row in batch.to_pylist():
            try:
                result = _store_parquet_document(conn, row, organization, year)
            except PlanparseError as exc:
                result = IngestResult(path=printable(row["document"]), status="failed", message=str(exc))
            except sqlite3.DatabaseError as exc:
                result = IngestResult(path=printable(row["document"]), status="failed",
                                      message=say("store.database_error", name=row["document"], reason=exc))
            done(result)
    if (root / "errors").is_dir():
        for batch in _parquet_batches(root / "errors", ["document", "message"], batch_size=1024):
            for row in batch.to_pylist():
                done(IngestResult(path=printable(row["document"]), status="failed", message=row["message"]))
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
    """The latest version of every stored series (optionally of organizations matching ``organization``)."""
    sql = ("SELECT p.id, p.document_id, p.plan_index, p.version, p.organization, p.year, p.title, d.source "
           "FROM current_plans p JOIN documents d ON d.id = p.document_id")
    args: tuple = ()
    if organization:
        sql += " WHERE instr(p.org_key, ?) > 0"
        args = (match_form(organization),)
    sql += " ORDER BY p.org_key, p.year, p.id"
    return [StoredPlan(*row) for row in conn.execute(sql, args)]


def stored_taxonomies(conn: sqlite3.Connection, organization: str | None = None) -> list[tuple[str, str | None, int]]:
    """(taxonomy name, file digest or None, documents) of the documents whose domains trends would count (latest
    versions, dated, optionally of organizations matching ``organization``), most documents first."""
    sql = ("SELECT d.taxonomy, d.taxonomy_hash, COUNT(DISTINCT d.id) FROM current_plans p "
           "JOIN documents d ON d.id = p.document_id WHERE p.year IS NOT NULL AND d.taxonomy IS NOT NULL")
    args: tuple = ()
    if organization:
        sql += " AND instr(p.org_key, ?) > 0"
        args = (match_form(organization),)
    sql += " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2"
    return [(name, digest, n) for name, digest, n in conn.execute(sql, args)]


def trend_rows(conn: sqlite3.Connection, organization: str | None = None, taxonomy: str | None = None) -> list[dict]:
    """Items per primary domain, per organization and year, over the latest version of each series.

    Plans without a year cannot sit on a time axis and are left out; an unsigned plan's organization is "".
    ``taxonomy`` (a name) counts only documents classified with that taxonomy (``stored_taxonomies`` says which
    a store holds; domains of two taxonomies do not add up).
    """
    sql = ("SELECT COALESCE(p.organization, ''), p.year, i.primary_domain, COUNT(*) "
           "FROM items i JOIN current_plans p ON p.id = i.plan_id "
           "WHERE p.year IS NOT NULL AND i.primary_domain IS NOT NULL")
    args: tuple = ()
    if organization:
        sql += " AND instr(p.org_key, ?) > 0"
        args = (match_form(organization),)
    if taxonomy is not None:
        sql += " AND p.document_id IN (SELECT id FROM documents WHERE taxonomy = ?)"
        args += (taxonomy,)
    sql += " GROUP BY 1, 2, 3 ORDER BY 1, 2, 4 DESC, 3"
    return [{"organization": org, "year": year, "domain": domain, "count": count}
            for org, year, domain, count in conn.execute(sql, args)]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("documents", "plans", "items")}
