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
