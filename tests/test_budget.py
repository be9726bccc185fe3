"""The per-file time budget of folder runs: a runaway file is stopped and reported, the rest go on."""

from __future__ import annotations

import re
from pathlib import Path
import signal
import time

import pytest

import planparse
import planparse.budget as budget
import planparse.pipeline as pipeline
from planparse.errors import TimeBudgetError
from planparse.pipeline import load_folder

PLAN = "街道工会{year}年工作要点\n一、加强组织建设\n1、新建基层工会三个。\n二、维护职工权益\n1、开展集体协商要约行动。\n"


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_budget_stops_python_code_and_says_what():
    with pytest.raises(TimeBudgetError, match="第一份.txt: parsing: stopped after 0 s"):
        with budget.time_budget(0.2, "第一份.txt: parsing"):
            _spin(5)
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0  # the timer is off again


def test_budget_stops_a_backtracking_regex():
    start = time.monotonic()
    with pytest.raises(TimeBudgetError):
        with budget.time_budget(0.3, "x"):
            re.match(r"(a+)+b", "a" * 40)  # minutes of backtracking without the budget
    assert time.monotonic() - start < 5


def test_broad_except_in_the_code_cannot_swallow_the_stop():
    def careless() -> None:
        try:
            _spin(5)
        except Exception:  # a library's catch-all must not turn the stop into "carry on"
            _spin(5)

    start = time.monotonic()
    with pytest.raises(TimeBudgetError):
        with budget.time_budget(0.2, "x"):
            careless()
    assert time.monotonic() - start < 2


def test_budget_leaves_a_host_timer_alone():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with budget.time_budget(0.1, "x"):  # the host's timer is running: no budget, no stolen alarm
            _spin(0.5)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_folder_run_reports_the_slow_file_and_goes_on(tmp_path, monkeypatch):
    for name, year in (("a.txt", 2024), ("b.txt", 2025), ("c.txt", 2026)):
        (tmp_path / name).write_text(PLAN.format(year=year), encoding="utf-8")
    real_parse = pipeline.parse_document

    def parse_document(raw, classify=True, explain=None, **kwargs):  # kwargs: taxonomy=
        if "2025" in raw.text:
            _spin(30)  # a file no rule foresaw
        return real_parse(raw, classify=classify, explain=explain, **kwargs)

    monkeypatch.setattr(pipeline, "parse_document", parse_document)
    planparse.parse(PLAN.format(year=2023), classify=False)  # loads converters and rules outside the budget
    monkeypatch.setattr(budget, "BASE_SECONDS", 2.0)
    start = time.monotonic()
    results = {file.name: outcome for file, outcome in load_folder(tmp_path, classify=False)}
    assert time.monotonic() - start < 20
    assert isinstance(results["b.txt"], TimeBudgetError)
    assert "b.txt: parsing: stopped after" in str(results["b.txt"])
    assert [p.title for p in results["a.txt"].plans] == ["街道工会2024年工作要点"]
    assert [p.title for p in results["c.txt"].plans] == ["街道工会2026年工作要点"]


def test_budget_grows_with_the_file():
    assert budget.file_budget(50_000_000) > budget.file_budget(1_000) >= budget.BASE_SECONDS


def test_ingest_reports_the_slow_file_and_stores_the_others(tmp_path, monkeypatch):
    from planparse.store import connect, counts, ingest_paths

    for name, year in (("a.txt", 2024), ("b.txt", 2025), ("c.txt", 2026)):
        (tmp_path / name).write_text(PLAN.format(year=year), encoding="utf-8")
    real_parse = pipeline.parse_document

    def parse_document(raw, classify=True, explain=None, **kwargs):  # kwargs: taxonomy=
        if "2025" in raw.text:
            _spin(30)
        return real_parse(raw, classify=classify, explain=explain, **kwargs)

    monkeypatch.setattr(pipeline, "parse_document", parse_document)
    planparse.parse(PLAN.format(year=2023), classify=False)  # loads converters and rules outside the budget
    monkeypatch.setattr(budget, "BASE_SECONDS", 2.0)
    conn = connect(tmp_path / "plans.db")
    results = ingest_paths(conn, [tmp_path], classify=False)
    by_name = {Path(r.path).name: r for r in results}
    assert by_name["b.txt"].status == "failed" and "stopped after" in by_name["b.txt"].message
    assert {by_name["a.txt"].status, by_name["c.txt"].status} == {"added"}
    assert counts(conn)["plans"] == 2


def test_files_that_may_be_scans_get_the_time_of_their_pages():
    # A 3 MB scanned PDF (~15 pages at 150 dpi) needs minutes of OCR; 3 MB of text needs seconds.
    assert budget.file_budget(3_000_000, ".pdf") >= 15 * 20
    assert budget.file_budget(3_000_000, ".JPG") == budget.file_budget(3_000_000, ".pdf")
    assert budget.file_budget(3_000_000, ".txt") < 120
