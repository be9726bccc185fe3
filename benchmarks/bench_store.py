"""Store throughput: files and items per second into SQLite, separated from parsing, plus trends/history latency.

    .venv/bin/python benchmarks/bench_store.py [--copies 20]

The corpus plans are written ``--copies`` times with one line varied per copy (so no copy is an
unchanged re-ingest), then ingested into a fresh database. Reports: parse-only time, ingest time
(parse + write), the write share, a re-ingest of everything (all unchanged: hash lookups only),
trend_rows and history on the resulting store, and the database size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--classify", action="store_true", help="classify while ingesting (slower)")
    args = parser.parse_args()

    import planparse
    from planparse.read.text import decode_text
    from planparse.store import connect, counts, ingest_paths
    from planparse.trends import history, trend_rows

    sources = [p for p in sorted((ROOT / "corpus" / "plans").glob("*.txt")) if not p.name.endswith(".gold.txt")]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plans"
        folder.mkdir()
        for copy in range(args.copies):
            for path in sources:
                text = decode_text(path.read_bytes())[0]
                (folder / f"{copy:03d}_{path.name}").write_text(f"{text}\n（第{copy}稿 {path.stem}）\n", encoding="utf-8")
        files = sorted(folder.iterdir())
        start = time.perf_counter()
        for path in files:
            planparse.load(path, classify=args.classify)
        parse_s = time.perf_counter() - start

        conn = connect(Path(tmp) / "bench.db")
        start = time.perf_counter()
        results = ingest_paths(conn, [folder], classify=args.classify)
        ingest_s = time.perf_counter() - start
        assert all(r.status == "added" for r in results), [r.message for r in results if r.status != "added"][:3]
        start = time.perf_counter()
        again = ingest_paths(conn, [folder], classify=args.classify)
        reingest_s = time.perf_counter() - start
        assert {r.status for r in again} == {"unchanged"}
        n = counts(conn)
        start = time.perf_counter()
        rows = trend_rows(conn)
        trends_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        history(conn, "技能比武", "江城")
        history_ms = (time.perf_counter() - start) * 1000
        conn.close()
        size = (Path(tmp) / "bench.db").stat().st_size + sum(
            p.stat().st_size for p in Path(tmp).glob("bench.db-*"))
    print(f"{len(files)} files, {n['plans']} plans, {n['items']} items (classify={args.classify})")
    print(f"parse only      {parse_s:7.2f} s  ({len(files) / parse_s:6.1f} files/s)")
    print(f"ingest          {ingest_s:7.2f} s  ({len(files) / ingest_s:6.1f} files/s, {n['items'] / ingest_s:7.0f} items/s)")
    print(f"  write share   {max(ingest_s - parse_s, 0) / ingest_s:7.1%}  (ingest minus parse)")
    print(f"re-ingest       {reingest_s:7.2f} s  (all unchanged: hash lookups, no parsing)")
    print(f"trend_rows      {trends_ms:7.1f} ms ({len(rows)} rows)")
    print(f"history         {history_ms:7.1f} ms")
    print(f"database        {size / 1e6:7.2f} MB")


if __name__ == "__main__":
    main()
