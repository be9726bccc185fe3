"""`make demo` end to end: every step runs on the bundled corpus and every output it prints exists."""

from __future__ import annotations

import re
import sqlite3

from docx import Document
from openpyxl import load_workbook

import planparse
from planparse import demo


def test_demo_runs_end_to_end_and_prints_where_outputs_went(tmp_path, capsys):
    assert demo.main([str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    listed = dict(re.findall(r"^  (.+?)\s{2,}(/\S+)$", printed.split("Outputs:")[1], flags=re.M))
    assert len(listed) == 8
    for label, path in listed.items():
        assert path.startswith(str(tmp_path)), label
    files = {p.name: p for p in tmp_path.iterdir()}
    # 1. the multi-plan page
    assert "3 plans" in printed
    # 2. the Word plan carries its numbers as automatic numbering, and they come back as markers
    word = files["word_plan.docx"]
    texts = [p.text for p in Document(str(word)).paragraphs]
    assert not any(t.startswith(("一、", "1、")) for t in texts)
    wplan = planparse.load(word, classify=False).plans[0]
    assert [s.marker for s in wplan.sections[:2]] == ["一、", "二、"] and wplan.sections[1].items[0].marker == "1、"
    # 3. dedup, 4. diff report
    assert "duplicate groups" in printed and files["dedup.json"].stat().st_size > 100
    html = files["diff_2024_2025.html"].read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "48期" in html
    # 5. store and trends
    assert files["trends.png"].read_bytes()[:4] == b"\x89PNG"
    with sqlite3.connect(files["planparse.db"]) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(DISTINCT year) FROM plans WHERE organization LIKE '恒拓%'").fetchone()[0] == 3
    assert "integrity ok: True" in printed and "六场 → 八场" in printed
    # 6. lint and export
    assert "numbering-gap" in printed
    assert load_workbook(files["faults_construction_2025.measures.xlsx"])["措施"].max_row > 20
    # Running again (the db is rebuilt) works the same.
    assert demo.main([str(tmp_path)]) == 0
