"""The SQLite store: ingest, versions, one transaction per file, migrations, trends, history."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planparse
from planparse.cli import app
from planparse.errors import InputError
from planparse.store import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    connect,
    counts,
    current_plans,
    ingest_paths,
    integrity_ok,
    trend_rows,
)
from planparse.chart import trends_chart
from planparse.trends import history

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "corpus" / "pairs"
YEARS = ROOT / "corpus" / "years"
PLANS = ROOT / "corpus" / "plans"
HENGTUO = [YEARS / "hengtuo_2023.txt", PAIRS / "hengtuo_2024.txt", PAIRS / "hengtuo_2025.txt"]
runner = CliRunner()

# A writer that fails or stalls in the middle of a file: a connection class whose executemany of the
# items of the N-th document written runs, then calls `fault` (still inside that file's transaction).
# Tests install it with monkeypatch, or in a subprocess through STALLING_INGEST; production code has no hook.
FAULTY_CONNECTION = """
import sqlite3


def faulty_connection(nth, fault):
    class Faulty(sqlite3.Connection):
        documents = 0

        def execute(self, sql, *args):
            if sql.lstrip().startswith("INSERT INTO documents"):
                Faulty.documents += 1
            return super().execute(sql, *args)

        def executemany(self, sql, *args):
            cursor = super().executemany(sql, *args)
            if sql.lstrip().startswith("INSERT INTO items") and Faulty.documents == nth:
                fault()
            return cursor

    return Faulty
"""
STALLING_INGEST = FAULTY_CONNECTION + """
import sys, time


def stall():
    print("stalled inside the transaction", file=sys.stderr, flush=True)
    time.sleep(600)


nth = int(sys.argv[1])
real_connect = sqlite3.connect
sqlite3.connect = lambda *a, **k: real_connect(*a, factory=faulty_connection(nth, stall), **k)  # this process only
from planparse.cli import main

sys.argv = ["planparse", *sys.argv[2:]]
main()
"""
_namespace: dict = {}
exec(FAULTY_CONNECTION, _namespace)
faulty_connection = _namespace["faulty_connection"]


@pytest.fixture(scope="module")
def hengtuo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "hengtuo.db"
    conn = connect(db)
    results = ingest_paths(conn, HENGTUO)
    conn.close()
    assert [r.status for r in results] == ["added"] * 3
    return db


def _snapshot(conn: sqlite3.Connection) -> tuple:
    return (counts(conn), trend_rows(conn),
            conn.execute("SELECT source_hash, model_json FROM documents ORDER BY id").fetchall())


def test_ingesting_the_corpus_twice_changes_nothing(tmp_path):
    db = tmp_path / "corpus.db"
    conn = connect(db)
    first = ingest_paths(conn, [YEARS, PAIRS, PLANS], classify=True)
    assert all(r.status == "added" for r in first), [r.message for r in first if r.status != "added"]
    assert not any(r.path.endswith(".gold.txt") for r in first)  # annotations are not plans
    before = _snapshot(conn)
    second = ingest_paths(conn, [YEARS, PAIRS, PLANS])
    assert {r.status for r in second} == {"unchanged"}
    assert _snapshot(conn) == before
    assert integrity_ok(conn)
    rows = trend_rows(conn)
    # Every stored item of a dated plan is counted once, under its primary domain.
    (dated_items,) = conn.execute(
        "SELECT COUNT(*) FROM items i JOIN current_plans p ON p.id = i.plan_id "
        "WHERE p.year IS NOT NULL AND i.primary_domain IS NOT NULL").fetchone()
    assert sum(r["count"] for r in rows) == dated_items > 300
    years = {r["year"] for r in rows if r["organization"] == "恒拓精密机械有限公司工会"}
    assert years == {2023, 2024, 2025}
    # The GBK and Traditional twins are versions of their clean plans, not extra organizations.
    assert len({r["organization"] for r in rows if "江城重型" in r["organization"]}) == 1
    versions = conn.execute("SELECT version FROM plans WHERE title LIKE '%江城重型%'").fetchall()
    assert sorted(v for (v,) in versions) == [1, 2]
    conn.close()


def test_items_table_holds_ids_domains_and_normalised_hashes(hengtuo_db):
    conn = connect(hengtuo_db)
    col = planparse.load(HENGTUO[1])
    stored = conn.execute(
        "SELECT i.item_uid, i.path, i.text, i.primary_domain, i.domains, i.norm_hash FROM items i "
        "JOIN plans p ON p.id = i.plan_id WHERE p.year = 2024 ORDER BY i.id").fetchall()
    expected = [(item.id, path, item.text) for _p, _s, item, path in col.iter_items()]
    assert [(uid, path, text) for uid, path, text, *_ in stored] == expected
    assert all(json.loads(domains)[0] == primary for *_, primary, domains, _h in stored if primary)
    # The same measure, unchanged between years, has the same normalised-text hash.
    book = conn.execute("SELECT DISTINCT norm_hash FROM items WHERE text LIKE '完善职工书屋%'").fetchall()
    assert len(book) == 1
    org, year = conn.execute("SELECT organization, year FROM plans WHERE year = 2023").fetchone()
    assert (org, year) == ("恒拓精密机械有限公司工会", 2023)
    conn.close()


def test_a_new_version_is_kept_beside_the_old(tmp_path):
    plan = tmp_path / "plan.txt"
    text = HENGTUO[1].read_text(encoding="utf-8")
    plan.write_text(text, encoding="utf-8")
    conn = connect(tmp_path / "v.db")
    assert ingest_paths(conn, [plan])[0].status == "added"
    before = {r["domain"]: r["count"] for r in trend_rows(conn)}
    # The office adds two competition measures and re-issues the plan under the same title.
    extra = ("5、举办数控铣工技能比武，全年两场。\n\n6、开展“金点子”合理化建议征集，全年征集100条。\n\n"
             "三、推进民主管理")
    plan.write_text(text.replace("三、推进民主管理", extra, 1), encoding="utf-8")
    result = ingest_paths(conn, [plan])[0]
    assert (result.status, result.versions) == ("added", [2])
    assert counts(conn)["documents"] == 2 and counts(conn)["plans"] == 2
    (current,) = current_plans(conn)
    assert current.version == 2
    after = {r["domain"]: r["count"] for r in trend_rows(conn)}
    assert after["competition"] == before["competition"] + 2  # trends read the latest version only
    assert sum(after.values()) == sum(before.values()) + 2
    conn.close()


def test_a_broken_file_rolls_back_alone_and_the_cli_exits_1(tmp_path, monkeypatch):
    good = tmp_path / "a_good.txt"
    good.write_text(HENGTUO[0].read_text(encoding="utf-8"), encoding="utf-8")
    binary = tmp_path / "b_binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    later = tmp_path / "c_later.txt"
    later.write_text(HENGTUO[2].read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "cli.db"
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(db), "--no-classify"])
    assert result.exit_code == 1
    assert "b_binary.txt" in result.stderr and "Traceback" not in result.output
    assert "2 added" in result.stderr and "1 failed" in result.stderr
    conn = connect(db)
    assert sorted(Path(s).name for (s,) in conn.execute("SELECT source FROM documents")) == ["a_good.txt", "c_later.txt"]

    # A failure in the middle of writing (after the document and half the items are inserted) leaves nothing.
    import planparse.store as store

    third = tmp_path / "d_third.txt"
    third.write_text(HENGTUO[1].read_text(encoding="utf-8"), encoding="utf-8")
    before = counts(conn)

    def explode():
        raise RuntimeError("disk full (simulated)")

    real_connect = sqlite3.connect
    monkeypatch.setattr(store.sqlite3, "connect",
                        lambda *a, **k: real_connect(*a, factory=faulty_connection(1, explode), **k))
    faulty = connect(db)
    (failed,) = ingest_paths(faulty, [third], classify=False)
    faulty.close()
    assert failed.status == "failed" and "disk full" in failed.message
    assert counts(conn) == before and integrity_ok(conn)
    conn.close()


def test_kill_mid_file_leaves_every_committed_file_complete(tmp_path):
    files = []
    for k, source in enumerate(HENGTUO + [PLANS / "school_union_2025.txt"]):
        target = tmp_path / f"{k}_{source.name}"
        target.write_bytes(source.read_bytes())
        files.append(target)
    db = tmp_path / "killed.db"
    wrapper = tmp_path / "stalling_ingest.py"
    wrapper.write_text(STALLING_INGEST, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(wrapper), "3", "ingest", *map(str, files), "--db", str(db),
                             "--no-classify"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "stalled inside the transaction" not in line:
            line = proc.stderr.readline()
            assert line, "ingest ended before it stalled"
        proc.send_signal(signal.SIGKILL)  # mid-transaction of file 3: its document, plan and item rows exist
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    conn = connect(db)
    assert integrity_ok(conn)
    stored = [Path(s).name for (s,) in conn.execute("SELECT source FROM documents ORDER BY id")]
    assert stored == [files[0].name, files[1].name]
    for path in files[:2]:  # complete: every item of the committed files is there
        col = planparse.load(path, classify=False)
        (n,) = conn.execute("SELECT COUNT(*) FROM items i JOIN plans p ON p.id = i.plan_id JOIN documents d "
                            "ON d.id = p.document_id WHERE d.source = ?", (str(path),)).fetchone()
        assert n == sum(1 for _ in col.iter_items()) > 10
    (orphans,) = conn.execute("SELECT COUNT(*) FROM items WHERE plan_id NOT IN (SELECT id FROM plans)").fetchone()
    assert orphans == 0
    # Running again finishes the job without touching what was committed.
    results = ingest_paths(conn, files, classify=False)
    assert [r.status for r in results] == ["unchanged", "unchanged", "added", "added"]
    assert integrity_ok(conn)
    conn.close()


def test_migrations_are_versioned(tmp_path):
    db = tmp_path / "old.db"
    old = sqlite3.connect(db)
    for statement in MIGRATIONS[0]:
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    conn = connect(db)  # a store made before application_id was set is recognised by its tables and marked
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("SELECT COUNT(*) FROM current_plans").fetchone()[0] == 0
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(InputError, match="newer"):
        connect(db)


def test_a_file_that_is_not_a_database_is_one_line_exit_2(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("这不是数据库" * 200, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(HENGTUO[0]), "--db", str(bogus)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not a planparse database" in result.stderr
    missing = runner.invoke(app, ["trends", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such database" in missing.stderr


def test_trends_cli_json_table_and_png(hengtuo_db, tmp_path):
    result = runner.invoke(app, ["trends", "--db", str(hengtuo_db), "--format", "json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)["rows"]
    assert rows and set(rows[0]) == {"organization", "year", "domain", "count"}
    by_year = {}
    for row in rows:
        by_year.setdefault(row["year"], {})[row["domain"]] = row["count"]
    # 2023 has a labour-protection section that 2024 dropped; competition grows year on year.
    assert by_year[2023].get("labour_protection", 0) >= 3 and "labour_protection" not in by_year[2024]
    assert by_year[2023]["competition"] < by_year[2024]["competition"] <= by_year[2025]["competition"]
    table = runner.invoke(app, ["trends", "--db", str(hengtuo_db), "--org", "恒拓", "--format", "table"])
    assert table.exit_code == 0 and "2023" in table.stdout and "competition" in table.stdout
    none = runner.invoke(app, ["trends", "--db", str(hengtuo_db), "--org", "不存在的单位", "--format", "json"])
    assert json.loads(none.stdout) == {"rows": []}
    png = tmp_path / "trends.png"
    result = runner.invoke(app, ["trends", "--db", str(hengtuo_db), "--format", "png", "--out", str(png)])
    assert result.exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    with pytest.raises(InputError):
        trends_chart([], tmp_path / "empty.png")


def test_history_follows_a_measure_through_the_diff_alignment(hengtuo_db):
    conn = connect(hengtuo_db)
    (thread,) = history(conn, "数控车工技能比武")
    assert [(s.year, s.status) for s in thread.steps] == [(2023, "found"), (2024, "modified"), (2025, "modified")]
    assert [(t.old, t.new) for t in thread.steps[1].targets] == [("四场", "六场"), ("80人次", "120人次")]
    assert [(t.old, t.new, t.indicator) for t in thread.steps[2].targets] == [
        ("六场", "八场", "数控车工、钳工、电工技能比武"), ("120人次", "150人次", "参赛职工")]
    (book,) = history(conn, "职工书屋")
    assert [(s.year, s.status) for s in book.steps] == [(2023, "absent"), (2024, "added"), (2025, "moved")]
    assert book.steps[1].section.startswith("五、") and book.steps[2].section.startswith("一、")
    # Wording that is not verbatim in any plan is found through the alignment itself.
    (reworded,) = history(conn, "组织全体职工进行健康体检，安排一线职工疗休养")
    assert {s.year for s in reworded.steps if s.text} >= {2024, 2025}
    assert history(conn, "建设无人机飞行表演基地") == []
    conn.close()


def test_history_cli(hengtuo_db):
    result = runner.invoke(app, ["history", "--db", str(hengtuo_db), "技能比武", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["threads"][0]["steps"][0]["year"] == 2023
    # Targets are objects, as in diff's JSON (target_changes), not "四场 → 六场" strings.
    (fours, eighties) = data["threads"][0]["steps"][1]["targets"]
    assert fours == {"old": "四场", "new": "六场", "unit": "场", "indicator": "技能比武", "old_value": 4.0,
                     "new_value": 6.0, "delta": 2.0}
    assert (eighties["old"], eighties["new"], eighties["delta"]) == ("80人次", "120人次", 40.0)
    text = runner.invoke(app, ["history", "--db", str(hengtuo_db), "技能比武"])
    assert "八场" in text.stdout and "六场 → 八场" in text.stdout
    nothing = runner.invoke(app, ["history", "--db", str(hengtuo_db), "建设无人机飞行表演基地"])
    assert nothing.exit_code == 1 and "no stored measure" in nothing.stdout


def test_ingest_of_nothing_readable_is_one_line_exit_2_and_leaves_no_database(tmp_path):
    binary = tmp_path / "bad.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    db = tmp_path / "x.db"
    said = []
    for args in ([str(binary)], [str(tmp_path / "missing.txt")], [str(binary), str(tmp_path / "missing.txt")]):
        result = runner.invoke(app, ["ingest", *args, "--db", str(db), "--no-classify"])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("planparse: error:") and result.stderr.count("\n") == 1, result.stderr
        assert not list(tmp_path.glob("x.db*"))  # no empty database left behind
        said.append(result.stderr)
    assert "not a text file" in said[0] and "no such file" in said[1] and "none of the 2 files" in said[2]
    # A database that already existed is kept, even when nothing new could be stored in it.
    good = tmp_path / "good.txt"
    good.write_bytes(HENGTUO[0].read_bytes())
    assert runner.invoke(app, ["ingest", str(good), "--db", str(db), "--no-classify"]).exit_code == 0
    result = runner.invoke(app, ["ingest", str(binary), "--db", str(db), "--no-classify"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert counts(connect(db))["documents"] == 1


def test_the_store_has_no_test_hooks():
    """Fault injection lives in the tests (a connection class installed with monkeypatch or a wrapper)."""
    import planparse.store as store

    source = Path(store.__file__).read_text(encoding="utf-8")
    assert "environ" not in source and "sleep(" not in source.replace("time.sleep(0.02)", "")
    assert not hasattr(store, "STALL_ENV")
