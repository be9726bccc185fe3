"""Reading text files: encodings are detected and recorded; binaries fail with one clear line."""

import subprocess
import sys

import pytest

import planparse
from planparse.errors import InputError

PLAN = "區工會2025年工作計劃\n一、加強職工思想引領\n1、組織職工學習。\n二、做好困難職工幫扶\n1、開展送溫暖活動。\n"
SIMPLE = "区工会2025年工作计划\n一、加强职工思想引领\n1、组织职工学习。\n二、做好困难职工帮扶\n1、开展送温暖活动。\n"


@pytest.mark.parametrize(
    "encoding, data, expected",
    [
        ("utf-8", SIMPLE.encode("utf-8"), "utf-8"),
        ("utf-8-sig", SIMPLE.encode("utf-8-sig"), "utf-8-sig"),
        ("gb18030", SIMPLE.encode("gb18030"), "gb18030"),
        ("utf-16", SIMPLE.encode("utf-16"), "utf-16"),
        ("big5", PLAN.encode("big5"), "big5"),
    ],
)
def test_encodings_detected_and_recorded(tmp_path, encoding, data, expected):
    path = tmp_path / f"plan.{encoding}.txt"
    path.write_bytes(data)
    col = planparse.load(path, classify=False)
    assert col.encoding == expected
    plan = col.plans[0]
    assert [s.marker for s in plan.sections] == ["一、", "二、"]
    assert plan.year == 2025
    assert plan.sections[1].items[0].text in ("开展送温暖活动。", "開展送溫暖活動。")


def test_traditional_text_is_kept_as_written(tmp_path):
    path = tmp_path / "trad.txt"
    path.write_text(PLAN, encoding="utf-8")
    plan = planparse.load(path, classify=False).plans[0]
    assert plan.title == "區工會2025年工作計劃"
    assert plan.organization == "區工會"


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match="not a text file|binary"):
        planparse.load(path)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "planparse", *args], capture_output=True, text=True, timeout=120)


def test_cli_errors_are_one_line_exit_2(tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 500)
    for target in [str(binary), str(tmp_path / "missing.txt")]:
        result = run_cli("parse", target)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("planparse: error:")
        assert "Traceback" not in result.stderr


def test_cli_parse_formats(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(SIMPLE.encode("gb18030"))
    import json

    result = run_cli("parse", str(path), "--format", "json", "--no-classify")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["encoding"] == "gb18030"
    assert data == planparse.load(path, classify=False).model_dump(mode="json")
    md = run_cli("parse", str(path), "--format", "markdown", "--no-classify").stdout
    assert "### 一、加强职工思想引领" in md and "- 1、组织职工学习。" in md
    tree = run_cli("parse", str(path), "--format", "tree", "--no-classify").stdout
    assert "  二、做好困难职工帮扶" in tree


def test_cli_schema_is_the_model_schema():
    import json

    from planparse.model import json_schema

    result = run_cli("schema")
    assert json.loads(result.stdout) == json_schema()


def test_load_folder_reports_broken_files_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(SIMPLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02\xff" * 500)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_bytes(PLAN.encode("big5"))
    results = {path.name: value for path, value in planparse.load_folder(tmp_path, classify=False)}
    assert set(results) == {"a.txt", "b.txt", "c.txt"}
    assert isinstance(results["b.txt"], planparse.PlanparseError)
    assert results["c.txt"].encoding == "big5" and len(results["a.txt"].plans[0].sections) == 2
    with pytest.raises(InputError, match="is a folder"):
        planparse.load(tmp_path)


# -- budgets: the size is checked before reading; stdin is read in chunks up to the limit ---------

import io  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import planparse.read.text as text_module  # noqa: E402
from planparse.read import read_path  # noqa: E402
from planparse.read.text import read_text_file, read_text_stream  # noqa: E402


def _sparse(path, size):
    with open(path, "wb") as handle:
        handle.truncate(size)  # no blocks written: a 5 GB file that costs nothing on disk


def test_five_gigabyte_sparse_file_is_refused_before_reading(tmp_path):
    """Was MemoryError (the whole file was read, then its size checked)."""
    path = tmp_path / "huge.txt"
    _sparse(path, 5 * 2**30)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InputError) as info:
            read_path(path)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert time.perf_counter() - started < 1 and peak < 5 * 2**20
    assert str(info.value) == f"{path}: file too large (5,120 MB; the limit is 50 MB of text)"


def test_cli_on_a_huge_file_is_one_line_exit_2(tmp_path):
    path = tmp_path / "huge.txt"
    _sparse(path, 5 * 2**30)
    result = run_cli("parse", str(path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "file too large" in result.stderr


def test_the_limit_is_a_module_constant_or_an_argument(tmp_path, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_text(SIMPLE * 100, encoding="utf-8")
    assert read_text_file(path).encoding == "utf-8"
    with pytest.raises(InputError, match=r"the limit is 1,000 bytes of text"):
        read_text_file(path, limit=1000)
    monkeypatch.setattr(text_module, "MAX_TEXT_BYTES", 2000)
    with pytest.raises(InputError, match=r"file too large \(14,600 bytes; the limit is 2,000 bytes of text\)"):
        read_path(path)


def test_a_file_without_a_size_is_read_only_to_the_limit(monkeypatch):
    """/dev/zero says it is empty and never ends: the read stops one chunk past the limit."""
    import os

    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    monkeypatch.setattr(text_module, "MAX_TEXT_BYTES", 3 * 2**20)
    with pytest.raises(InputError, match="too large"):
        read_text_file("/dev/zero")


class _EndlessStream:
    """Standard input that never ends (``yes | planparse parse -``)."""

    def __init__(self):
        self.given = 0

    def read(self, size=-1):
        assert size is not None and 0 < size <= text_module.CHUNK_BYTES + 1, "read in bounded chunks"
        self.given += size
        return b"y\n" * (size // 2) + b"y" * (size % 2)


def test_endless_stdin_is_cut_at_the_limit(monkeypatch):
    monkeypatch.setattr(text_module, "MAX_TEXT_BYTES", 4 * 2**20)
    stream = _EndlessStream()
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            read_text_stream(stream)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert str(info.value) == "<stdin>: input too large (over the limit of 4 MB of text)"
    assert stream.given <= 4 * 2**20 + 1 and peak < 12 * 2**20


def test_stdin_within_the_limit_reads_like_a_file():
    raw = read_text_stream(io.BytesIO(SIMPLE.encode("gb18030")))
    assert raw.encoding == "gb18030" and raw.source == "<stdin>" and raw.blocks[1].text == "一、加强职工思想引领"


def test_too_many_lines_are_refused(monkeypatch, tmp_path):
    """50 MB of bare line breaks made 50 M blocks (2.7 GB for 10 MB); lines are capped too."""
    monkeypatch.setattr(text_module, "MAX_TEXT_LINES", 1000)
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\r\n" * 1000)
    with pytest.raises(InputError, match=r"refusing text of 1,001 lines \(the limit is 1,000\)"):
        read_path(path)
    path.write_bytes(b"\r\n" * 999)
    assert len(read_path(path).blocks) == 1000


def test_blocks_keep_exact_spans_for_every_line_break():
    from planparse.read.types import blocks_from_lines, count_lines

    text = "甲\r\n乙\r丙\n\n丁\u2028戊\x85己\r\n"
    blocks = blocks_from_lines(text)
    assert [b.text for b in blocks] == ["甲", "乙", "丙", "", "丁", "戊", "己", ""]
    assert all(text[b.start:b.end] == b.text for b in blocks) and count_lines(text) == len(blocks)
    assert [(b.start, b.end) for b in blocks_from_lines("")] == [(0, 0)]
