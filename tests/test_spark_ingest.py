"""planparse on Spark, ingest side (issue 17): parse_files against load_folder, hostile files as error rows, the
CLI's Parquet datasets stored with ``ingest --from-parquet`` and read back by trends and history.

The Spark tests share the session-wide ``spark`` fixture (tests/conftest.py, local[2]) and parse each input once
(module fixtures), so they add seconds, not minutes, to the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planparse
from planparse.cli import app
from planparse.dedup.collection import collection_units
from planparse.spark.ingest import LARGEST_INPUT_BYTES
from planparse.store import connect, counts, file_hash, ingest_paths, trend_rows

# The Python workers must run this interpreter (the one planparse is installed in), not the first python3 on PATH;
# set before the session fixture starts Spark (it reads the variable when the SparkContext starts).
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "corpus" / "plans"
HENGTUO = [ROOT / "corpus" / "years" / "hengtuo_2023.txt", ROOT / "corpus" / "pairs" / "hengtuo_2024.txt",
           ROOT / "corpus" / "pairs" / "hengtuo_2025.txt"]
runner = CliRunner()

# Our own short plan, for the folder of hostile neighbours.
SMALL_PLAN = """青山区机关工会2025年工作要点

一、加强职工思想引领
1、组织职工参加学习讲座，全年不少于六次。
2、开展读书分享活动，每季度一次。
二、关心职工生活
1、走访慰问困难职工，做到应访尽访。
"""


def _numeric(path: str) -> tuple[int, ...]:
    return tuple(int(part) for part in path.split("/"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A folder of files that cannot be read, beside one that can."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "good.txt").write_text(SMALL_PLAN, encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04" + os.urandom(2048))  # a zip header, then noise
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # an image under a text name
    (folder / "empty.txt").write_bytes(b"")
    with open(folder / "huge.txt", "wb") as fh:  # sparse: its length is past every reader's limit
        fh.truncate(LARGEST_INPUT_BYTES + 1)
    (folder / "_draft.txt").write_text(SMALL_PLAN, encoding="utf-8")  # a name Spark's listing never reads
    (folder / "passwd.txt").symlink_to("/etc/passwd")  # a link out of the folder
    return folder


@pytest.fixture(scope="module")
def parsed(spark, hostile):
    """The corpus folder and the hostile one, parsed once: (items, documents, errors) as lists of dicts."""
    from planparse.spark import parse_files

    result = parse_files(spark, [str(PLANS), str(hostile), str(hostile / "missing.txt")]).persist()
    try:
        return ([r.asDict() for r in result.items.collect()], [r.asDict() for r in result.documents.collect()],
                [r.asDict() for r in result.errors.collect()])
    finally:
        result.unpersist()


@pytest.mark.spark
def test_parse_files_yields_the_items_load_folder_yields(parsed):
    items, documents, errors = parsed
    spark_items: dict[str, list] = {}
    for row in items:
        if row["document"].startswith(str(PLANS)):
            path = row["id"].rsplit("#", 1)[1]
            spark_items.setdefault(row["document"], []).append(
                (_numeric(path), row["item_id"], row["marker"], row["text"], row["domains"]))
    expected = {}
    for file, collection in planparse.load_folder(PLANS):
        assert not isinstance(collection, Exception), collection
        expected[str(file.absolute())] = [(_numeric(e.path), e.item.id, e.item.marker, e.item.text, e.item.domains)
                                          for e in collection.all_items()]
    assert sorted(spark_items) == sorted(k for k, v in expected.items() if v)
    for document, rows in expected.items():
        assert sorted(spark_items.get(document, [])) == rows, document
    assert sum(map(len, spark_items.values())) == sum(map(len, expected.values())) > 400
    assert not [e for e in errors if e["document"].startswith(str(PLANS))]
    # One document row per file read, whose model JSON holds the same items.
    corpus_docs = {d["document"]: d for d in documents if d["document"].startswith(str(PLANS))}
    assert sorted(corpus_docs) == sorted(expected)
    for document, row in corpus_docs.items():
        model = planparse.PlanCollection.model_validate_json(row["model_json"])
        assert [e.item.text for e in model.all_items()] == [r[3] for r in expected[document]]
        assert row["items"] == len(expected[document]) and row["taxonomy"] == "union"


@pytest.mark.spark
def test_item_rows_carry_the_plan_section_and_a_readable_path(parsed):
    items, _documents, _errors = parsed
    multi = [r for r in items if r["document"].endswith("multi_plan_page.txt")]
    assert len({r["plan_index"] for r in multi}) > 1
    assert len({r["id"] for r in items}) == len(items)  # ids are unique over the whole run
    collection = planparse.load(PLANS / "multi_plan_page.txt")
    paths = {u.path for u in collection_units(collection, "x") if u.role == "item"}
    assert {r["path"] for r in multi} <= {p.split("#")[0] for p in paths}
    assert any(r["path"].startswith("篇") for r in multi)  # the page's separators name its plans
    second = next(r for r in multi if r["plan_index"] == 1)
    assert second["title"] == collection.plans[1].title and second["sha256"] == file_hash(
        (PLANS / "multi_plan_page.txt").read_bytes())
    assert second["section"] == next(s.label for s in collection.plans[1].sections if s.id == second["section_id"])
    assert all(r["year"] == 2025 for r in items if r["document"].endswith("school_union_2025.txt"))


@pytest.mark.spark
def test_unreadable_files_are_error_rows_not_a_failed_job(parsed, hostile):
    items, documents, errors = parsed
    by_name = {Path(e["document"]).name: e["message"] for e in errors}
    assert sorted(by_name) == ["_draft.txt", "broken.docx", "huge.txt", "missing.txt", "passwd.txt", "picture.txt"]
    assert "no such file" in by_name["missing.txt"]
    assert all("\n" not in m and m for m in by_name.values())
    assert str(hostile / "broken.docx") in by_name["broken.docx"]  # named by its own path, not a temporary one
    assert "planparse-spark-" not in " ".join(by_name.values())
    for name in ("broken.docx", "picture.txt"):  # the readers' own messages, as planparse.load says them
        with pytest.raises(planparse.PlanparseError) as raised:
            planparse.load(hostile / name)
        assert by_name[name] == " ".join(str(raised.value).split())
    assert "too large" in by_name["huge.txt"]
    assert "outside" in by_name["passwd.txt"] and "_" in by_name["_draft.txt"]
    assert not any("root:" in r["text"] for r in items)  # the link was never followed
    good = [r for r in items if r["document"] == str(hostile / "good.txt")]
    assert [r["text"] for r in good] == ["组织职工参加学习讲座，全年不少于六次。", "开展读书分享活动，每季度一次。",
                                         "走访慰问困难职工，做到应访尽访。"]
    assert [r["path"] for r in good] == ["1/一/1", "1/一/2", "1/二/1"]
    assert {d["document"] for d in documents} >= {str(hostile / "good.txt"), str(hostile / "empty.txt")}


@pytest.mark.spark
def test_folders_spark_lists_itself_keep_the_files_load_folder_reads(spark, tmp_path, monkeypatch):
    """Under a URL (hdfs://, s3a://…) Spark lists the folder: the same suffixes and skipped names as load_folder."""
    from planparse.spark import ingest

    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/B.TXT", "a.gold.txt", "~$a.docx", ".hidden.txt", "notes.xlsx", "sub/readme.md"):
        (tmp_path / name).write_text(SMALL_PLAN, encoding="utf-8")
    monkeypatch.setattr(ingest, "_local", lambda path: None)  # as if tmp_path were a URL
    rows = ingest.parse_files(spark, [f"file://{tmp_path}"], classify=False).parsed.collect()  # one job
    documents = sorted(Path(r["document"]).relative_to(tmp_path).as_posix() for r in rows if r["record"] == "document")
    assert documents == sorted(p.relative_to(tmp_path).as_posix() for p in planparse.read.folder.find_plan_files(
        tmp_path)) == ["a.txt", "sub/B.TXT"]
    items = [r for r in rows if r["record"] == "item"]
    assert len(items) == 3 * 2 and not any(r["domains"] for r in items)  # classify=False: no domains
    assert not [r for r in rows if r["record"] == "error"]


def test_a_file_over_its_time_budget_is_an_error_row(tmp_path, monkeypatch):
    """The per-file budget of planparse.budget applies inside a partition (no Spark needed to check)."""
    import time

    from planparse import budget, pipeline
    from planparse.spark.ingest import _parse_one

    monkeypatch.setattr(budget, "file_budget", lambda size, suffix="": 0.2)
    monkeypatch.setattr(pipeline, "parse_document", lambda *a, **k: time.sleep(5))
    start = time.monotonic()
    (row,) = _parse_one("/archive/slow.txt", SMALL_PLAN.encode(), 100, tmp_path, True, None)
    assert time.monotonic() - start < 3
    assert row["record"] == "error" and row["document"] == "/archive/slow.txt"
    assert row["message"].startswith("/archive/slow.txt: reading and parsing: stopped after")
    assert list(tmp_path.iterdir()) == []  # the bytes written for the reader are gone


def _snapshot(db: Path) -> dict:
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": sorted(conn.execute("SELECT source, source_hash, size, format, encoding, taxonomy, "
                                             "taxonomy_hash, model_json FROM documents")),
            "plans": sorted(conn.execute("SELECT d.source, p.plan_index, p.plan_key, p.version, p.organization, "
                                         "p.year, p.title, p.item_count FROM plans p JOIN documents d "
                                         "ON d.id = p.document_id")),
            "items": sorted(conn.execute("SELECT item_uid, path, marker, kind, text, norm_hash, primary_domain, "
                                         "domains FROM items")),
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def written(spark, tmp_path_factory):
    """planparse spark ingest of three years of one union's plans and a broken file, once."""
    folder = tmp_path_factory.mktemp("years")
    for path in HENGTUO:
        shutil.copy(path, folder / path.name)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04" + bytes(100))
    out = tmp_path_factory.mktemp("spark-out") / "run"
    result = runner.invoke(app, ["spark", "ingest", str(folder), "--out", str(out)])
    return folder, out, result


@pytest.mark.spark
def test_cli_ingest_writes_items_documents_and_errors(written):
    import pyarrow.parquet as pq

    folder, out, result = written
    assert result.exit_code == 1, result.output  # one file failed; the datasets are written
    assert "broken.docx" in result.stderr and "from 3 files, 1 files with errors" in result.stderr
    items = pq.read_table(out / "items").to_pylist()
    assert len(items) == sum(1 for path in HENGTUO for _ in planparse.load(path).all_items())
    assert {Path(r["document"]).name for r in items} == {p.name for p in HENGTUO}
    (error,) = pq.read_table(out / "errors").to_pylist()
    assert error["document"] == str(folder / "broken.docx")
    again = runner.invoke(app, ["spark", "ingest", str(folder), "--out", str(out)])
    assert again.exit_code == 2 and "already exists" in again.stderr  # results are never replaced


@pytest.mark.spark
def test_parquet_import_stores_what_ingest_stores_and_trends_and_history_work(written, tmp_path):
    folder, out, _result = written
    db = tmp_path / "from_parquet.db"
    result = runner.invoke(app, ["ingest", "--from-parquet", str(out), "--db", str(db)])
    assert result.exit_code == 1, result.output  # the broken file counts as failed, the rest are stored
    assert "3 added" in result.stderr and "1 failed" in result.stderr
    # The same store as parsing the same files on one machine: documents, series, items, domains.
    direct = tmp_path / "direct.db"
    conn = connect(direct)
    ingest_paths(conn, sorted(folder.glob("hengtuo_*.txt")))
    conn.close()
    assert _snapshot(db) == _snapshot(direct)
    trends = runner.invoke(app, ["trends", "--db", str(db), "--format", "json"])
    rows = json.loads(trends.stdout)["rows"]
    assert {r["year"] for r in rows if r["organization"] == "恒拓精密机械有限公司工会"} == {2023, 2024, 2025}
    history = runner.invoke(app, ["history", "数控车工技能比武", "--db", str(db), "--format", "json"])
    (thread,) = json.loads(history.stdout)["threads"]
    assert [(s["year"], s["status"]) for s in thread["steps"]] == [(2023, "found"), (2024, "modified"),
                                                                   (2025, "modified")]
    # Importing again changes nothing; --org applies as it does to files.
    before = _snapshot(db)
    again = runner.invoke(app, ["ingest", "--from-parquet", str(out), "--db", str(db)])
    assert "3 unchanged" in again.stderr and _snapshot(db) == before
    conn = connect(db)
    assert counts(conn)["documents"] == 3 and sum(r["count"] for r in trend_rows(conn)) > 0
    conn.close()


def test_from_parquet_refuses_paths_and_parse_options(tmp_path):
    both = runner.invoke(app, ["ingest", str(PLANS), "--from-parquet", str(tmp_path), "--db", str(tmp_path / "a.db")])
    assert both.exit_code == 2 and "not both" in both.stderr
    tax = runner.invoke(app, ["ingest", "--from-parquet", str(tmp_path), "--no-classify"])
    assert tax.exit_code == 2 and "--no-classify" in tax.stderr
    missing = runner.invoke(app, ["ingest", "--from-parquet", str(tmp_path), "--db", str(tmp_path / "a.db")])
    assert missing.exit_code == 2 and "no documents/ dataset" in missing.stderr
    assert not (tmp_path / "a.db").exists()
    nothing = runner.invoke(app, ["ingest", "--db", str(tmp_path / "a.db")])
    assert nothing.exit_code == 2 and "--from-parquet" in nothing.stderr


def test_without_pyspark_the_cli_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark raises ImportError
    result = runner.invoke(app, ["spark", "ingest", str(PLANS), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines() == ["planparse: error: Spark support is not installed: "
                                                  "pip install 'planparse[spark]'"]
    assert not (tmp_path / "out").exists()


def test_without_java_the_cli_says_so_in_one_line(monkeypatch, tmp_path):
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    monkeypatch.setattr(SparkSession, "getActiveSession", classmethod(lambda cls: None))
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = runner.invoke(app, ["spark", "dedup", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("planparse: error: no Java runtime") and "Java 17" in line


def test_importing_planparse_never_imports_pyspark():
    code = ("import sys, planparse, planparse.spark, planparse.cli, planparse.store; "
            "print(sorted(m for m in ('pyspark', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.spark
def test_cli_dedup_groups_the_items_an_ingest_wrote(written, tmp_path):
    """The three years of one union's plan repeat many measures word for word or nearly: spark dedup on the items
    finds them, each group around a representative that is one of its members."""
    import pyarrow.parquet as pq

    _folder, out, _result = written
    result = runner.invoke(app, ["spark", "dedup", str(out / "items"), "--out", str(tmp_path / "dups")])
    assert result.exit_code == 0, result.output
    groups = pq.read_table(tmp_path / "dups" / "groups").to_pylist()
    items = {r["id"]: r for r in pq.read_table(out / "items").to_pylist()}
    assert groups and {g["id"] for g in groups} <= set(items)
    members: dict[int, list] = {}
    for g in groups:
        members.setdefault(g["group"], []).append(g)
    assert all(len(m) >= 2 and {g["representative"] for g in m} <= {g["id"] for g in m} for m in members.values())
    # Some groups span the years: the same measure in two of the union's documents.
    assert any(len({items[g["id"]]["document"] for g in m}) > 1 for m in members.values())
    exact = [m for m in members.values() if m[0]["kind"] == "exact"]
    assert exact and all(g["similarity"] == 1.0 for m in exact for g in m)
    assert f"in {len(members)} duplicate groups" in result.stderr
    bad = runner.invoke(app, ["spark", "dedup", str(out / "errors"), "--out", str(tmp_path / "other")])
    assert bad.exit_code == 2 and "not an items dataset" in bad.stderr  # errors/ has no id and text
    wrong = runner.invoke(app, ["spark", "dedup", str(out / "items"), "--out", str(tmp_path / "x"), "-t", "1.5"])
    assert wrong.exit_code == 2 and "--threshold 1.5" in wrong.stderr


def _documents_dataset(folder: Path, rows: list[dict]) -> None:
    """A documents/ dataset as planparse spark ingest writes it, made with pyarrow alone."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (folder / "documents").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows), folder / "documents" / "part-00000.parquet")
    (folder / "documents" / "_SUCCESS").write_bytes(b"")


def _document_row(path: Path, **changes) -> dict:
    from planparse.classify.taxonomy import default_taxonomy

    data = path.read_bytes()
    collection = planparse.load(path)
    row = {"document": str(path), "sha256": file_hash(data), "size": len(data), "format": collection.format,
           "encoding": collection.encoding, "plans": len(collection.plans), "items": 0, "taxonomy": "union",
           "taxonomy_hash": default_taxonomy().digest, "model_json": collection.model_dump_json()}
    return {**row, **changes}


def test_parquet_import_reads_with_pyarrow_alone_and_reports_bad_rows(tmp_path):
    """No Spark needed to import: a row whose model does not load fails alone (one line); a document stored with
    another taxonomy's domains is refused as ingest refuses it."""
    pytest.importorskip("pyarrow")
    out = tmp_path / "run"
    _documents_dataset(out, [_document_row(HENGTUO[0]), _document_row(HENGTUO[1], model_json='{"plans": 3}'),
                             _document_row(HENGTUO[2], taxonomy="school", taxonomy_hash="0123456789abcdef")])
    db = tmp_path / "a.db"
    result = runner.invoke(app, ["ingest", "--from-parquet", str(out), "--db", str(db), "--org", "恒拓工会"])
    assert result.exit_code == 1, result.output  # some failed, some stored
    assert "3 files: 2 added, 0 unchanged, 1 failed" in result.stderr
    (bad,) = [line for line in result.stderr.splitlines() if "error" in line]
    assert HENGTUO[1].name in bad and "model JSON" in bad
    conn = connect(db)
    stored = conn.execute("SELECT taxonomy, taxonomy_hash FROM documents ORDER BY id").fetchall()
    assert stored[1] == ("school", "0123456789abcdef")  # recorded as the Spark run classified it
    assert {p.organization for p in planparse.store.current_plans(conn)} == {"恒拓工会"}
    conn.execute("UPDATE documents SET taxonomy = 'union' WHERE taxonomy = 'school'")
    conn.close()
    again = runner.invoke(app, ["ingest", "--from-parquet", str(out), "--db", str(db)])
    assert "with the domains of taxonomy 'union'" in again.stderr and again.exit_code == 1
