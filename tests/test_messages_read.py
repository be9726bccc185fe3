"""The readers speak the interface's language: a file that cannot be read gets one line in Chinese or English.

Each case reads a real-looking bad input and checks the whole message in both languages: Chinese under
``set_language("zh")``, and under ``"en"`` exactly the English the readers always gave (scripts match it).
"""

from __future__ import annotations

import ast
import io
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planparse.read.text as text_module
from fixtures_docx import minimal_docx, zip_bytes
from planparse import messages
from planparse.budget import time_budget
from planparse.cli import app
from planparse.errors import PlanparseError
from planparse.read.doc import read_doc
from planparse.read.docx import OLE_MAGIC, read_docx
from planparse.read.folder import find_plan_files
from planparse.read.text import read_text_file, read_text_stream
from planparse.safe_io import atomic_write, refuse_input

SRC = Path(__file__).resolve().parents[1] / "src" / "planparse"
PLAN = "区工会2025年工作计划\n一、加强职工思想引领\n1、组织职工学习。\n二、做好困难职工帮扶\n1、开展送温暖活动。\n"


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    messages.set_language(None)


def _error(call) -> str:
    with pytest.raises(PlanparseError) as info:
        call()
    return str(info.value)


# Each case: (run(tmp_path, monkeypatch): set up the input and return the message it gives, the input's name
# under tmp_path, Chinese, English); the expected texts are templates over {p}, the path of the input.
def _missing(reader, name):
    return lambda tmp, _monkeypatch: _error(lambda: reader(tmp / name))


def _written(name, data, reader):
    def run(tmp, _monkeypatch):
        path = tmp / name
        path.write_bytes(data)
        return _error(lambda: reader(path))
    return run


def _too_large(tmp, monkeypatch):
    monkeypatch.setattr(text_module, "MAX_TEXT_BYTES", 1000)
    path = tmp / "plan.txt"
    path.write_text(PLAN * 20, encoding="utf-8")  # 2,920 bytes
    return _error(lambda: read_text_file(path))


def _too_many_lines(tmp, monkeypatch):
    monkeypatch.setattr(text_module, "MAX_TEXT_LINES", 3)
    path = tmp / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")  # five lines and a final break: six blocks
    return _error(lambda: read_text_file(path))


def _docx_named_doc(tmp, _monkeypatch):
    path = tmp / "plan.doc"
    path.write_bytes(minimal_docx("<w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>"))
    return read_doc(path).warnings[0]


def _broken_link(tmp, _monkeypatch):
    (tmp / "计划").mkdir()
    (tmp / "计划" / "失效.txt").symlink_to(tmp / "不存在.txt")
    skipped = []
    find_plan_files(tmp / "计划", on_skip=lambda path, reason: skipped.append(reason))
    return skipped[0]


def _cannot_write(tmp, _monkeypatch):
    return _error(lambda: atomic_write(tmp / "无此文件夹" / "对比.md", "# 对比\n"))


def _is_input(tmp, _monkeypatch):
    path = tmp / "计划.txt"
    path.write_text(PLAN, encoding="utf-8")
    return _error(lambda: refuse_input(path, [path]))


def _out_of_time(_tmp, _monkeypatch):
    def run():
        with time_budget(0.2, messages.say("budget.reading", name="甲.txt")):
            while True:
                time.sleep(0.01)
    return _error(run)


# name: the input's name under tmp_path, filled in for {p}.
CASES = {
    "missing text": (_missing(read_text_file, "缺失.txt"), "缺失.txt", "{p}：文件不存在", "{p}: no such file"),
    "missing docx": (_missing(read_docx, "缺失.docx"), "缺失.docx", "{p}：文件不存在", "{p}: no such file"),
    "missing doc": (_missing(read_doc, "缺失.doc"), "缺失.doc", "{p}：文件不存在", "{p}: no such file"),
    "image named .txt": (_written("图片.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, read_text_file), "图片.txt",
                         "{p}：不是文本文件，或无法识别其编码", "{p}: not a text file, or its encoding cannot be detected"),
    "control characters": (_written("乱码.txt", "计划\x00\x01\x02\x03".encode() * 200, read_text_file), "乱码.txt",
                           "{p}：看起来是二进制文件，不是文本", "{p}: looks like a binary file, not text"),
    "too large": (_too_large, "plan.txt", "{p}：文件过大（2,920 字节，文本上限为 1,000 字节）",
                  "{p}: file too large (2,920 bytes; the limit is 1,000 bytes of text)"),
    "too many lines": (_too_many_lines, "plan.txt", "{p}：文本有 6 行，超过上限 3 行，不予读取",
                       "{p}: refusing text of 6 lines (the limit is 3)"),
    "standard input too large": (lambda _tmp, _monkeypatch: _error(lambda: read_text_stream(io.BytesIO(b"x" * 3000), limit=1000)), None,
                                 "<stdin>：输入内容过大（超过文本上限 1,000 字节）",
                                 "<stdin>: input too large (over the limit of 1,000 bytes of text)"),
    "empty docx": (_written("空白.docx", b"", read_docx), "空白.docx",
                   "{p}：文件为空，不是 Word 文档", "{p}: empty file, not a Word document"),
    "zip that is not a docx": (_written("表格.docx", zip_bytes({"xl/workbook.xml": b"<workbook/>"}), read_docx), "表格.docx",
                               "{p}：不是 Word 文档（压缩包中没有 word/document.xml）",
                               "{p}: not a Word document (no word/document.xml in the archive)"),
    "text named .docx": (_written("草稿.docx", PLAN.encode("utf-8"), read_docx), "草稿.docx",
                         "{p}：不是 Word 文档（.docx 文件是 zip 压缩包，该文件不是）",
                         "{p}: not a Word document (.docx is a zip archive; this file is not one)"),
    "password-protected docx": (
        _written("加密.docx", OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1024), read_docx),
        "加密.docx", "{p}：文档有密码保护，请另存为无密码文档后再试",
        "{p}: the document is password-protected; save it without a password"),
    "text named .doc": (_written("草稿.doc", PLAN.encode("utf-8"), read_doc), "草稿.doc",
                        "{p}：不是 Word 97-2003 或 WPS 文档（无法识别的文件头）",
                        "{p}: not a Word 97-2003 or WPS document (unrecognised file signature)"),
    "docx named .doc (a warning)": (_docx_named_doc, None, "plan.doc 实为 .docx 文件，扩展名却是 .doc；已按 .docx 读取",
                                    "plan.doc is a .docx file with a .doc name; read as .docx"),
    "broken link in a folder": (_broken_link, None, "链接已失效", "broken symlink"),
    "output is an input": (_is_input, "计划.txt", "{p}：这是输入文件，不会覆盖它", "{p}: is an input file; refusing to overwrite it"),
    "output folder missing": (_cannot_write, "无此文件夹/对比.md", "无法写入 {p}：No such file or directory",
                              "cannot write {p}: No such file or directory"),
    "time budget": (_out_of_time, None, "读取 甲.txt：超过单个文件的处理时限（0 秒），已停止；其余文件继续处理",
                    "甲.txt: reading: stopped after 0 s (the time budget for one file); the other files go on"),
}


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_reader_messages_in_each_language(tmp_path, monkeypatch, case, language):
    run, name, chinese, english = CASES[case]
    messages.set_language(language)
    message = run(tmp_path, monkeypatch)
    assert message == (chinese if language == "zh" else english).format(p=tmp_path / name if name else None)
    assert "\n" not in message


def test_cli_reports_an_unreadable_file_in_chinese_on_one_line(tmp_path):
    path = tmp_path / "乱码.txt"
    path.write_bytes("计划\x00\x01\x02\x03".encode() * 200)
    for language, said in (("zh", "看起来是二进制文件，不是文本"), ("en", "looks like a binary file, not text")):
        result = CliRunner().invoke(app, ["parse", str(path)], env={"PLANPARSE_LANG": language})
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1 and f"{path}{'：' if language == 'zh' else ': '}{said}" in result.stderr


# Modules whose user-facing messages must all come from the catalogue.
READERS = ["read/text.py", "read/types.py", "read/folder.py", "read/docx.py", "read/doc.py", "budget.py", "safe_io.py"]
_USER_ERRORS = {"InputError", "OutputError", "MissingToolError", "TimeBudgetError", "PlanparseError"}


def _literal_text(node) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)) or (
        isinstance(node, ast.BinOp) and (_literal_text(node.left) or _literal_text(node.right)))


@pytest.mark.parametrize("module", READERS)
def test_reader_messages_come_from_the_catalogue(module):
    """No error a user sees, no warning on a document and no skip reason is written as a literal in the code."""
    literal = []
    for node in ast.walk(ast.parse((SRC / module).read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = getattr(func, "id", None) or getattr(func, "attr", None)
        appends_warning = name == "append" and getattr(func.value, "attr", None) == "warnings"
        if (name in _USER_ERRORS or appends_warning or name in ("report", "warning")) and _literal_text(node.args[0]):
            literal.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    assert literal == []
