"""Spark dedup benchmark (issue 17): planparse.spark.find_duplicates beside planparse.find_duplicates.

Same data for both: the independent edits generator (gen_dedup_edits.py), ids in generation order. Each
engine runs in its own process. Reported per engine: wall time, pairwise precision/recall against the
generator's families (bench_dedup.evaluate), and memory:

- single machine: getrusage peak RSS of its process;
- Spark (local mode: the driver and the executor are one JVM): the JVM's peak RSS, and the Python
  workers' peak (the sum of their PSS, shared pages counted once, and the largest single worker),
  sampled every half second with psutil. Shuffle bytes and records per stage come from Spark's event log.

Agreement: the sets of same-group pairs of the two engines, |both| / |either|, and each one's share found
by the other.

    python benchmarks/bench_spark.py                                  # 100,000 paragraphs, single + local[2]
    python benchmarks/bench_spark.py --paragraphs 1000000 --masters 'local[1],local[2]'
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _corpus(paragraphs: int, seed: int, workdir: Path) -> Path:
    path = workdir / f"dedup_edits_{paragraphs}_{seed}.jsonl"
    if not path.exists():
        from gen_dedup_edits import generate

        tmp = path.with_suffix(".part")
        with open(tmp, "w", encoding="utf-8") as fh:
            for k, rec in enumerate(generate(paragraphs, seed)):
                rec["id"] = k
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        tmp.rename(path)
    return path


# ---- workers (one per engine, each in its own process) ---------------------------------------------------


def single_worker(corpus: str, threshold: float, out: str) -> dict:
    import resource

    texts = [json.loads(line)["text"] for line in open(corpus, encoding="utf-8")]
    import planparse

    start = time.perf_counter()
    groups = planparse.find_duplicates(texts, threshold, sentences=False)
    seconds = time.perf_counter() - start
    with open(out, "w", encoding="utf-8") as fh:
        json.dump([g.indices for g in groups], fh)
    return {"engine": "single machine", "seconds": round(seconds, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


class _Sampler(threading.Thread):
    """Peak RSS of the JVM this process started, and of the Python workers below it (PSS summed)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.jvm_mb = self.workers_mb = self.largest_worker_mb = self.total_mb = 0.0

    def run(self):
        import psutil

        me = psutil.Process()
        while not self.stop.is_set():
            try:
                jvm, workers = 0.0, []
                for child in me.children(recursive=True):
                    try:
                        name = child.name()
                        if name.startswith("java"):
                            jvm += child.memory_info().rss / 2**20
                        elif name.startswith("python"):
                            workers.append(child.memory_full_info().pss / 2**20)
                    except psutil.Error:
                        continue
                self.jvm_mb = max(self.jvm_mb, jvm)
                self.workers_mb = max(self.workers_mb, sum(workers))
                self.largest_worker_mb = max(self.largest_worker_mb, max(workers, default=0.0))
                self.total_mb = max(self.total_mb, jvm + sum(workers))
            except psutil.Error:
                pass
            self.stop.wait(0.5)


def spark_worker(corpus: str, threshold: float, out: str, master: str, driver_memory: str, events: str, partitions: int) -> dict:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    sampler = _Sampler()
    sampler.start()
    started = time.perf_counter()
    spark = (
        SparkSession.builder.master(master).appName("planparse-bench-spark")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", driver_memory)
        .config("spark.eventLog.enabled", "true")
        .config("spark.eventLog.dir", events)
        .config("spark.eventLog.compress", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    startup = time.perf_counter() - started
    from planparse.spark.dedup import find_duplicates

    start = time.perf_counter()
    items = spark.read.schema("id long, text string").json(corpus)
    groups = find_duplicates(items, threshold=threshold)
    groups.select("id", "group").write.mode("overwrite").parquet(out)
    seconds = time.perf_counter() - start
    app = spark.sparkContext.applicationId
    spark.stop()
    sampler.stop.set()
    sampler.join()
    return {
        "engine": f"spark {master}", "seconds": round(seconds, 1), "startup_seconds": round(startup, 1),
        "driver_memory": driver_memory, "shuffle_partitions": partitions,
        "jvm_peak_rss_mb": round(sampler.jvm_mb), "python_workers_peak_pss_mb": round(sampler.workers_mb),
        "largest_worker_peak_mb": round(sampler.largest_worker_mb), "total_peak_mb": round(sampler.total_mb),
        "shuffle": _shuffle_stages(Path(events) / app),
    }


def _shuffle_stages(log: Path) -> list[dict]:
    """Shuffle write (bytes, records) per completed stage, from the event log, largest first."""
    stages = []
    found = sorted(log.parent.glob(f"*{log.name}*"))  # Spark 4 writes a folder eventlog_v2_<app>/events_<n>_<app>
    files = [f for d in found for f in (sorted(d.glob("events_*")) if d.is_dir() else [d])]
    lines = (line for f in files for line in open(f, encoding="utf-8"))
    for line in lines:
        event = json.loads(line)
        if event.get("Event") != "SparkListenerStageCompleted":
            continue
        info = event["Stage Info"]
        written = bytes_ = 0
        for acc in info.get("Accumulables", []):
            if acc.get("Name") == "internal.metrics.shuffle.write.recordsWritten":
                written = int(acc["Value"])
            elif acc.get("Name") == "internal.metrics.shuffle.write.bytesWritten":
                bytes_ = int(acc["Value"])
        if bytes_:
            scopes = sorted({json.loads(r["Scope"])["name"].split(" (")[0] for r in info.get("RDD Info", []) if r.get("Scope")})
            stages.append({"stage": info["Stage ID"], "records": written, "mb": round(bytes_ / 2**20, 1), "operators": scopes})
    return sorted(stages, key=lambda s: -s["mb"])


# ---- parent --------------------------------------------------------------------------------------------------


def _pairs(groups: list[list[int]]) -> set[tuple[int, int]]:
    out = set()
    for members in groups:
        members = sorted(members)
        out.update((members[a], members[b]) for a in range(len(members)) for b in range(a + 1, len(members)))
    return out


def _spark_groups(path: str) -> list[list[int]]:
    import pyarrow.parquet as pq

    table = pq.read_table(path).to_pydict()
    by_group: dict[int, list[int]] = {}
    for uid, group in zip(table["id"], table["group"]):
        by_group.setdefault(group, []).append(uid)
    return list(by_group.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--masters", default="local[2]", help="comma-separated Spark masters, each run in turn")
    parser.add_argument("--driver-memory", default="3g")
    parser.add_argument("--threshold", type=float, default=0.75)
    parser.add_argument("--partitions", type=int, default=None,
                        help="spark.sql.shuffle.partitions (default: one per 50,000 paragraphs, at least 4); each "
                             "partition of a Python step is a task with its own start-up, so 200 small ones cost minutes")
    parser.add_argument("--no-single", action="store_true", help="skip the single-machine engine")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "planparse-bench-spark"))
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--master", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker == "single":
        print(json.dumps(single_worker(args.corpus, args.threshold, args.out)))
        return
    if args.worker == "spark":
        events = Path(args.out).parent / "events"
        events.mkdir(exist_ok=True)
        print(json.dumps(spark_worker(args.corpus, args.threshold, args.out, args.master, args.driver_memory, str(events), args.partitions)))
        return

    from bench_dedup import evaluate

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = _corpus(args.paragraphs, args.seed, workdir)
    records = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    runs = [("single", None)] * (not args.no_single) + [("spark", m) for m in args.masters.split(",") if m]
    results, pair_sets = [], {}
    for kind, master in runs:
        out = str(workdir / (f"groups_{kind}_{(master or '').strip('[]').replace('[', '')}_{args.paragraphs}" + (".json" if kind == "single" else "")))
        cmd = [sys.executable, __file__, "--worker", kind, "--corpus", str(corpus), "--threshold", str(args.threshold),
               "--out", out, "--driver-memory", args.driver_memory,
               "--partitions", str(args.partitions or max(4, args.paragraphs // 50_000))]
        if master:
            cmd += ["--master", master]
        print(f"running {kind} {master or ''} on {args.paragraphs:,} paragraphs (load {os.getloadavg()[0]:.1f})", flush=True)
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            print(done.stderr[-4000:], file=sys.stderr)
            raise SystemExit(f"{kind} {master or ''} failed")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        groups = json.load(open(out, encoding="utf-8")) if kind == "single" else _spark_groups(out)
        result["load_average"] = round(os.getloadavg()[0], 1)
        result["metrics"] = evaluate(records, groups)["overall"]
        pair_sets[result["engine"]] = _pairs(groups)
        results.append(result)
        print(json.dumps(result, ensure_ascii=False), flush=True)

    base = pair_sets.get("single machine")
    if base is not None:
        for result in results[1:]:
            other = pair_sets[result["engine"]]
            both = len(base & other)
            result["agreement"] = {
                "pairs_single": len(base), "pairs_spark": len(other), "both": both,
                "jaccard": round(both / max(len(base | other), 1), 5),
                "single_found_by_spark": round(both / max(len(base), 1), 5),
                "spark_found_by_single": round(both / max(len(other), 1), 5),
            }
    print()
    for r in results:
        m = r["metrics"]
        line = f"{r['engine']:<16} {r['seconds']:>8} s  P {m['precision']}  R {m['recall']}  "
        if "jvm_peak_rss_mb" in r:
            line += (f"JVM {r['jvm_peak_rss_mb']} MB + Python workers {r['python_workers_peak_pss_mb']} MB "
                     f"(largest {r['largest_worker_peak_mb']} MB; total {r['total_peak_mb']} MB)")
        else:
            line += f"peak RSS {r['peak_rss_mb']} MB"
        print(line)
        if "agreement" in r:
            print(f"{'':<16} same-group pairs vs single machine: {r['agreement']}")
        for stage in r.get("shuffle", [])[:6]:
            print(f"{'':<16} shuffle stage {stage['stage']}: {stage['records']:,} records, {stage['mb']} MB  {', '.join(stage['operators'])}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
