"""The store under concurrent runs, and a foreign SQLite file given as --db.

Worker processes are started once and run several rounds; in each round every worker waits on its stdin
until the test releases them all together (one "go" line each), then ingests its own plan file into the
same new database of that round. Plan texts are written here, in the styles of real plans.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planparse
from planparse.cli import app
from planparse.store import APPLICATION_ID, connect, counts, ingest_paths, integrity_ok

runner = CliRunner()

ORGS = [
    ("青山区环卫所工会", "环卫工人", "清扫保洁"),
    ("海港物流有限公司工会", "货车司机", "安全驾驶"),
    ("北湖小学工会", "教职工", "课堂教学"),
    ("南郊供水公司工会", "抄表员", "优质服务"),
]


def plan_text(k: int, year: int = 2026) -> str:
    org, who, work = ORGS[k]
    return f"""{org}{year}年工作计划

{year}年，{org}围绕单位中心工作，倾听{who}的呼声，为{who}办实事、解难事，现将全年工作安排如下。

一、强化思想引领
1、每季度组织一次{who}政治理论学习，结合身边事例开展讨论交流。
2、在宣传栏和微信群开设“{who}风采”专栏，全年刊出十二期。
3、组织{who}参观本地红色教育基地，全年不少于一次。

二、开展{work}劳动竞赛
1、围绕{work}开展季度竞赛，年底评出先进班组四个。
2、举办{who}岗位技能比武，全年两场，参赛不少于六十人次。
3、征集合理化建议，对采纳的建议给予奖励，全年征集八十条。

三、做好帮扶慰问
1、建立困难{who}档案，春节前逐户走访慰问，做到应帮尽帮。
2、夏季高温期间开展送清凉活动，为一线{who}配发防暑用品。
3、组织{who}健康体检，体检率达到百分之百。

四、加强工会自身建设
1、每月召开一次工会委员会议，研究落实各项工作。
2、规范工会经费收支，每半年向会员公开一次。

{org}
{year}年1月
"""


WORKER = r'''
import json, sys, traceback
from pathlib import Path

mode, db_dir = sys.argv[1], Path(sys.argv[2])
files = [Path(p) for p in sys.argv[3:]]

from typer.testing import CliRunner
from planparse import store
from planparse.cli import app
from planparse.pipeline import parse_document
from planparse.read import read_path

runner = CliRunner()
parsed = []
if mode == "library":  # parse before the barrier: every worker reaches connect() at the same instant
    parsed = [(parse_document(read_path(f), classify=False), f, f.read_bytes()) for f in files]
n = 0
while True:
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        break
    db = db_dir / f"round{n}.db"
    try:
        if mode == "cli":
            r = runner.invoke(app, ["ingest", *map(str, files), "--db", str(db), "--no-classify"])
            out = {"code": r.exit_code, "stderr": r.stderr, "stdout": r.stdout}
        else:
            conn = store.connect(db)
            try:
                for col, f, data in parsed:
                    store.store_collection(conn, col, str(f), store.file_hash(data), len(data))
            finally:
                conn.close()
            out = {"code": 0, "stderr": "", "stdout": ""}
    except BaseException:
        out = {"code": 99, "stderr": traceback.format_exc(), "stdout": ""}
    print("result " + json.dumps(out, ensure_ascii=False), flush=True)
    n += 1
'''


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> list[tuple[Path, int]]:
    """Four plan files of four organizations, with the number of items each holds."""
    folder = tmp_path_factory.mktemp("plans")
    out = []
    for k in range(len(ORGS)):
        path = folder / f"plan_{k}.txt"
        path.write_text(plan_text(k), encoding="utf-8")
        col = planparse.load(path, classify=False)
        n_items = sum(1 for _ in col.iter_items())
        assert len(col.plans) == 1 and n_items == 11, (k, len(col.plans), n_items)
        out.append((path, n_items))
    return out


def run_rounds(tmp_path: Path, mode: str, jobs: list[list[Path]], rounds: int) -> tuple[Path, list[list[dict]]]:
    """Start one worker per job; release them together `rounds` times. Returns the folder of the round
    databases and, per round, each worker's result."""
    worker = tmp_path / "worker.py"
    worker.write_text(WORKER, encoding="utf-8")
    db_dir = tmp_path / f"dbs_{mode}_{len(jobs)}"
    db_dir.mkdir()
    procs = [subprocess.Popen([sys.executable, str(worker), mode, str(db_dir), *map(str, files)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for files in jobs]
    watchdog = threading.Timer(90, lambda: [p.kill() for p in procs])
    watchdog.start()
    results: list[list[dict]] = [[] for _ in range(rounds)]
    try:
        for r in range(rounds + 1):
            for proc in procs:  # each worker prints its last result, then "ready"
                while True:
                    line = proc.stdout.readline()
                    assert line, f"worker ended early: {proc.stderr.read()}"
                    if line.startswith("result "):
                        results[r - 1].append(json.loads(line[len("result "):]))
                    elif line.strip() == "ready":
                        break
            word = "go\n" if r < rounds else "stop\n"
            for proc in procs:
                proc.stdin.write(word)
                proc.stdin.flush()
        for proc in procs:
            proc.wait(timeout=30)
    finally:
        watchdog.cancel()
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                stream.close()
    return db_dir, results


def check_round(db: Path, expected: list[tuple[Path, int]]) -> None:
    """Every file of every run is stored, completely, and the database is sound."""
    assert db.exists(), f"{db.name}: the database is gone"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], db.name
        stored = dict(conn.execute("SELECT d.source, COUNT(i.id) FROM documents d JOIN plans p ON p.document_id = d.id"
                                   " JOIN items i ON i.plan_id = p.id GROUP BY d.id").fetchall())
        assert stored == {str(path): n for path, n in expected}, db.name
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()


def _assert_clean(outcome: dict, code: int = 0) -> None:
    text = outcome["stderr"] + outcome["stdout"]
    assert outcome["code"] == code, text
    for bad in ("locked", "not a planparse", "Traceback", "busy", "schema"):
        assert bad not in text, text


ROUNDS = 8


@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_ingests_into_a_new_database_keep_every_row(tmp_path, plans, workers):
    db_dir, results = run_rounds(tmp_path, "cli", [[path] for path, _n in plans[:workers]], ROUNDS)
    for r, outcomes in enumerate(results):
        assert len(outcomes) == workers
        for outcome in outcomes:
            _assert_clean(outcome)
            assert "added" in outcome["stdout"]
        check_round(db_dir / f"round{r}.db", plans[:workers])


@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_connects_create_the_schema_once(tmp_path, plans, workers):
    """Parsed beforehand, the workers reach the schema step together: no 'locked', no half-made schema."""
    db_dir, results = run_rounds(tmp_path, "library", [[path] for path, _n in plans[:workers]], ROUNDS)
    for r, outcomes in enumerate(results):
        for outcome in outcomes:
            _assert_clean(outcome)
        check_round(db_dir / f"round{r}.db", plans[:workers])


def test_a_run_that_stores_nothing_never_removes_what_another_run_wrote(tmp_path, plans):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    missing = tmp_path / "missing.txt"
    jobs = [[plans[0][0]], [binary], [plans[1][0]], [missing]]
    db_dir, results = run_rounds(tmp_path, "cli", jobs, ROUNDS)
    for r, outcomes in enumerate(results):
        _assert_clean(outcomes[0])
        _assert_clean(outcomes[2])
        for failed in (outcomes[1], outcomes[3]):
            assert failed["code"] == 2 and failed["stderr"].count("\n") == 1, failed
        check_round(db_dir / f"round{r}.db", [plans[0], plans[1]])


def test_a_run_that_stores_nothing_while_a_writer_holds_the_database(tmp_path, plans):
    """A writer is inside its transaction when a run with nothing readable opens the same new database."""
    db = tmp_path / "shared.db"
    writer = connect(db)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\xff" * 4000)
    path, n = plans[0]
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO documents (source, source_hash, size, schema_version, planparse_version, ingested_at,"
                   " model_json) VALUES ('held', 'h', 0, '1', '0', 'now', '{}')")
    result = subprocess.run([sys.executable, "-m", "planparse", "ingest", str(binary), "--db", str(db), "--no-classify"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    writer.execute("COMMIT")
    assert ingest_paths(writer, [path], classify=False)[0].status == "added"
    writer.close()
    assert db.exists()
    conn = connect(db)
    assert counts(conn) == {"documents": 2, "plans": 1, "items": n} and integrity_ok(conn)
    conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name) and p != db)


@pytest.mark.parametrize("kind", ["rollback", "wal", "application_id", "empty_tables_user_version"])
def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path, plans, kind):
    db = tmp_path / "accounts.sqlite"
    conn = sqlite3.connect(db)
    if kind == "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    if kind == "application_id":
        conn.execute("PRAGMA application_id = 1234")
    if kind == "empty_tables_user_version":
        conn.execute("PRAGMA user_version = 3")  # no tables, but someone's schema version
    else:
        conn.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, who TEXT, amount REAL)")
        conn.executemany("INSERT INTO ledger (who, amount) VALUES (?, ?)", [("张三", 12.5), ("李四", 30.0)])
    conn.commit()
    conn.close()
    before, sides = _sha(db), _side_files(db)
    for args in (["ingest", str(plans[0][0]), "--db", str(db), "--no-classify"],
                 ["trends", "--db", str(db)],
                 ["history", "--db", str(db), "技能比武"],
                 ["dedup", str(plans[0][0]), "--db", str(db)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("\n") == 1 and str(db) in result.stderr, result.stderr
        assert "not a planparse database" in result.stderr and "Traceback" not in result.output
        assert _sha(db) == before and _side_files(db) == sides, args
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == ([] if kind.startswith("empty") else [("ledger",)])
    conn.close()
