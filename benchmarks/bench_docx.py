"""Benchmark: reading a large auto-numbered .docx.

Generates a plan of 40 sections (一、) × 5 subsections (（一）) × 5 items (1.), each item followed by a
body paragraph: 2,240 paragraphs, 1,240 of them numbered by Word. Checks every rendered label against
the numbering it was built with (parsed back with planparse.text.numerals), then times:

- ``read_docx`` (our reader, labels rendered),
- ``planparse.load`` (read + clean + structure; without classification, and with it),
- python-docx reading only the paragraph texts: ``[p.text for p in Document(path).paragraphs]``,

in the same run, best of N, by wall time and by the process's CPU time (steadier on a loaded machine).
Target (issue 14): load with classification ≤ 2× python-docx, labels all correct.

    .venv/bin/python benchmarks/bench_docx.py [--repeat 5] [--libreoffice]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

SECTIONS, SUBSECTIONS, ITEMS = 40, 5, 5


def build(path: Path) -> list[tuple[int, int, tuple[int, ...]]]:
    """Write the benchmark document; return (block index, level, expected counters) per numbered paragraph."""
    from fixtures_docx import DocBuilder, abstract, lvl, num

    builder = DocBuilder([abstract(0, lvl(0, "chineseCounting", "%1、", suff="nothing"),
                                   lvl(1, "chineseCounting", "（%2）", suff="nothing"),
                                   lvl(2, "decimal", "%3.", suff="space"))], [num(1, 0)])
    expected = []
    index = 0
    builder.para("星火纺织集团工会年度重点工作安排", expect=False)
    index += 1
    for s in range(1, SECTIONS + 1):
        builder.para(f"第{s}方面重点工作", num_id=1, ilvl=0, expect=False)
        expected.append((index, 0, (s,)))
        index += 1
        for u in range(1, SUBSECTIONS + 1):
            builder.para(f"围绕第{s}方面的第{u}项任务抓好落实", num_id=1, ilvl=1, expect=False)
            expected.append((index, 1, (s, u)))
            index += 1
            for i in range(1, ITEMS + 1):
                builder.para(f"按季度推进第{s}-{u}-{i}项措施，明确牵头部门和完成时限。", num_id=1, ilvl=2, expect=False)
                expected.append((index, 2, (s, u, i)))
                builder.para(f"该项措施由各分会具体组织实施，年底纳入考核，共计{i * 10}人次参与。", expect=False)
                index += 2
    builder.doc.save(path)
    return expected


def labels_correct(raw, expected) -> int:
    from planparse.text.numerals import chinese_to_int

    correct = 0
    for index, level, counters in expected:
        label = raw.blocks[index].label or ""
        if level == 0:
            ok = label.endswith("、") and chinese_to_int(label[:-1]) == counters[0]
        elif level == 1:
            ok = label.startswith("（") and label.endswith("）") and chinese_to_int(label[1:-1]) == counters[1]
        else:
            ok = label == f"{counters[2]}."
        correct += ok
    unnumbered_clean = all(raw.blocks[i].label is None for i in range(len(raw.blocks))
                           if i not in {e[0] for e in expected})
    return correct if unnumbered_clean else -1


def best_of(repeat: int, function) -> tuple[float, float, float]:
    """(best wall time, median wall time, best CPU time) over ``repeat`` runs."""
    times, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        function()
        times.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return min(times), statistics.median(times), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--libreoffice", action="store_true", help="also time LibreOffice's text export")
    args = parser.parse_args()

    from docx import Document

    import planparse
    from planparse.read.docx import read_docx

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench_plan.docx"
        expected = build(path)
        raw = read_docx(path)
        paragraphs = sum(1 for b in raw.blocks if b.kind == "paragraph")
        correct = labels_correct(raw, expected)
        print(f"document: {paragraphs} paragraphs, {len(expected)} auto-numbered, {path.stat().st_size // 1024} KB")
        print(f"labels correct: {correct} / {len(expected)}")
        assert correct == len(expected), "some rendered labels are wrong"

        planparse.load(path)  # warm caches (jieba dictionary, classifier) outside the timings
        results = {
            "python-docx paragraph texts": best_of(args.repeat, lambda: [p.text for p in Document(path).paragraphs]),
            "read_docx (labels rendered)": best_of(args.repeat, lambda: read_docx(path)),
            "planparse.load(classify=False)": best_of(args.repeat, lambda: planparse.load(path, classify=False)),
            "planparse.load (with classification)": best_of(max(1, args.repeat // 2), lambda: planparse.load(path)),
        }
        baseline, _, cpu_baseline = results["python-docx paragraph texts"]
        print(f"{'step':40s} {'best s':>8s} {'median s':>9s} {'× python-docx':>14s} {'CPU s':>7s} {'CPU ×':>6s}")
        for name, (best, median, cpu) in results.items():
            print(f"{name:40s} {best:8.3f} {median:9.3f} {best / baseline:14.2f} {cpu:7.3f} {cpu / cpu_baseline:6.2f}")

        collection = planparse.load(path, classify=False)
        sections = sum(len(p.sections) for p in collection.plans)
        items = sum(1 for _ in collection.iter_items())
        print(f"structure: {sections} sections, {items} items (expected {SECTIONS} sections)")

        if args.libreoffice:
            from planparse.read.doc import convert_with_libreoffice, find_soffice

            if find_soffice() is None:
                print("LibreOffice: not installed")
            else:
                started = time.perf_counter()
                converted = convert_with_libreoffice([path], Path(tmp) / "lo", "txt:Text (encoded):UTF8")
                print(f"LibreOffice text export: {time.perf_counter() - started:.2f} s (incl. start-up), "
                      f"{'ok' if converted else 'failed'}")


if __name__ == "__main__":
    main()
