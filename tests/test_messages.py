"""The interface speaks Chinese or English: every message has both, with the same fields; the locale decides."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planparse import messages
from planparse.cli import app
from planparse.lint import lint_text

SRC = Path(__file__).resolve().parents[1] / "src" / "planparse"

DRAFT = """实验小学工会20xx年工作计划
一、加强教代会建设
1、召开第*届教职工代表大会，审议学校发展规划。
3、落实校务公开制度。
二、关心教职工生活
1、开展教职工健康体检。
"""


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    messages.set_language(None)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_with_the_same_fields():
    for key, texts in messages.catalogue().items():
        assert set(texts) == {"zh", "en"}, key
        assert _fields(texts["zh"]) == _fields(texts["en"]), key
        words = re.sub(r"\{[^}]*\}", "", texts["zh"])
        assert re.search(r"[\u4e00-\u9fff]", words) or not re.search(r"[a-z]{4}", words), key  # translated


def test_every_key_used_in_the_code_exists():
    known = messages.catalogue()
    used = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "say"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                used.add(node.args[0].value)
    assert used, "no say() calls found"
    assert sorted(used - set(known)) == []


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"), ({}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),  # LC_ALL overrides LANG
    ({"LANG": "en_US.UTF-8", "PLANPARSE_LANG": "zh"}, "zh"),
])
def test_language_from_the_environment(monkeypatch, env, expected):
    for variable in ("LANG", "LC_ALL", "LC_MESSAGES", "PLANPARSE_LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    assert messages.language() == expected


def test_lint_findings_in_each_language():
    messages.set_language("zh")
    zh = {f.code: f.message for f in lint_text(DRAFT, classify=False).findings}
    messages.set_language("en")
    en = {f.code: f.message for f in lint_text(DRAFT, classify=False).findings}
    assert zh.keys() == en.keys() >= {"placeholder", "numbering-gap"}
    assert "编号从 1、 跳到 3、（缺 1 个）" in zh["numbering-gap"]
    assert en["numbering-gap"].startswith("numbering jumps from 1、 to 3、")
    assert "没有替换" in zh["placeholder"] and "left in the text" in en["placeholder"]


def test_cli_lint_speaks_chinese_under_a_chinese_locale(tmp_path):
    draft = tmp_path / "草稿.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", str(draft)], env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "PLANPARSE_LANG": ""})
    assert result.exit_code == 1
    assert "错误 placeholder：模板占位符 20xx年（年份）没有替换" in result.output
    assert "个问题" in result.output
