"""Folders: file discovery, a broken file among good ones, JSON Lines and --out output, the CLI."""

from __future__ import annotations

import json

import pytest

from fixtures_docx import build_plan
from planparse.cli.folder import parse_folder
from planparse.errors import InputError
from planparse.read.folder import find_plan_files, iter_folder

TEXT_PLAN = "社区工会2025年工作要点\n一、加强组织建设\n1、发展新会员五十名。\n二、服务职工群众\n1、开展夏送清凉活动。\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "区县").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b_计划.docx").write_bytes(build_plan()[0])
    (tmp_path / "a_要点.txt").write_text(TEXT_PLAN, encoding="gb18030")
    (tmp_path / "区县" / "c_损坏.docx").write_bytes(b"PK\x03\x04 this zip stops here")
    (tmp_path / "~$b_计划.docx").write_bytes(b"lock")
    (tmp_path / ".cache" / "d.txt").write_text("一、隐藏\n", encoding="utf-8")
    (tmp_path / "说明.xlsx").write_bytes(b"PK\x03\x04")  # not a plan format: skipped (PDFs are read since issue 16)
    return tmp_path


def test_find_plan_files_sorted_and_filtered(folder):
    found = [p.relative_to(folder).as_posix() for p in find_plan_files(folder)]
    assert found == ["a_要点.txt", "b_计划.docx", "区县/c_损坏.docx"]
    with pytest.raises(InputError):
        find_plan_files(folder / "a_要点.txt")


def test_iter_folder_reports_broken_file_and_continues(folder):
    results = list(iter_folder(folder))
    assert [type(r).__name__ for _, r in results] == ["RawDocument", "RawDocument", "InputError"]
    assert results[0][1].encoding and results[1][1].blocks[2].label == "一、"


def test_json_lines_to_stdout_with_summary(folder, capsys):
    status = parse_folder(folder, "json", None, classify=False)
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert status == 1 and len(lines) == 2
    collections = [json.loads(line) for line in lines]
    assert [c["source"].rsplit("/", 1)[-1] for c in collections] == ["a_要点.txt", "b_计划.docx"]
    assert collections[1]["plans"][0]["sections"][0]["marker"] == "一、"
    assert "c_损坏.docx" in err and "3 files: 2 ok, 1 failed" in err
    assert "Traceback" not in err


def test_out_dir_gets_one_json_per_file(folder, tmp_path_factory, capsys):
    out_dir = tmp_path_factory.mktemp("out")
    status = parse_folder(folder, "json", out_dir, classify=False)
    capsys.readouterr()
    written = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.json"))
    assert status == 1 and written == ["a_要点.json", "b_计划.json"]
    assert json.loads((out_dir / "b_计划.json").read_text("utf-8"))["format"] == "docx"


def test_empty_folder_is_an_error(tmp_path, capsys):
    assert parse_folder(tmp_path, "json", None) == 2
    assert "no .txt/.docx/.doc/.wps/.pdf files" in capsys.readouterr().err


def test_cli_parse_on_a_folder(folder):
    from typer.testing import CliRunner

    from planparse.cli import app

    result = CliRunner().invoke(app, ["parse", str(folder), "--format", "json", "--no-classify"])
    assert result.exit_code == 1
    assert len([line for line in result.stdout.splitlines() if line.startswith("{")]) == 2
