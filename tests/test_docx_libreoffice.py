"""Check rendered labels against LibreOffice's own text export of the same fixtures.

LibreOffice is the independent renderer we can run here; where LibreOffice 7.x itself differs from
Word (it does not implement isLgl, decimalEnclosedParen or decimalFullWidth), the difference is
listed explicitly below and Word's rendering is what the other tests assert.
"""

from __future__ import annotations

import pytest

from fixtures_docx import build_formats, build_plan, build_restarts
from planparse.read.doc import convert_with_libreoffice, find_soffice
from planparse.read.docx import read_docx

pytestmark = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")

# paragraph text → the label LibreOffice 7.x shows where it does not follow Word
LIBREOFFICE_DIFFERS = {
    # isLgl is ignored by LibreOffice: Word shows 1.1 / 1.2 / 2.1
    "按期完成换届": "一.1", "健全会员档案": "一.2", "落实厂务公开": "二.1",
    # lvlRestart 0 (never restart) is ignored: Word shows ③
    "举办歌咏比赛": "①",
    # decimalEnclosedParen is shown as plain decimal: Word shows ⑴ ⑵
    "新增图书五百册": "1", "每月更新一次书目": "2", "每季度评选读书之星": "1",
    "decimalEnclosedParen 取值1": "1", "decimalEnclosedParen 取值10": "10", "decimalEnclosedParen 取值20": "20",
    # decimalFullWidth is shown half-width: Word shows １ １２
    "decimalFullWidth 取值1": "1", "decimalFullWidth 取值12": "12",
}

# LibreOffice's text export shows tracked deletions as well (it does not accept changes)
LIBREOFFICE_TEXT = {"组织三次技术比武，评出技术能手。": "组织两次三次技术比武，评出技术能手。"}


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    builders = {"plan": build_plan, "restarts": build_restarts, "formats": build_formats}
    paths = []
    for name, build in builders.items():
        path = folder / f"{name}.docx"
        path.write_bytes(build()[0])
        paths.append(path)
    converted = convert_with_libreoffice(paths, folder / "txt", "txt:Text (encoded):UTF8")
    assert len(converted) == len(paths), "LibreOffice failed to convert a fixture"
    return {path.stem: (read_docx(path), converted[path].read_text("utf-8-sig").splitlines()) for path in paths}


@pytest.mark.parametrize("name", ["plan", "restarts", "formats"])
def test_labels_match_libreoffice_text_export(exports, name):
    doc, lines = exports[name]
    rendered = {}
    for line in lines:
        stripped = line.strip()
        if " " in stripped:
            label, text = stripped.split(" ", 1)
            rendered.setdefault(text.strip(), label)
        rendered.setdefault(stripped, None)
    checked = 0
    for block in doc.blocks:
        if block.kind != "paragraph" or not block.text:
            continue
        first_line = block.text.split("\n")[0]
        if block.label is None:
            continue
        libreoffice_label = rendered.get(LIBREOFFICE_TEXT.get(first_line, first_line))
        assert libreoffice_label == LIBREOFFICE_DIFFERS.get(first_line, block.label), first_line
        checked += 1
    assert checked >= {"plan": 14, "restarts": 21, "formats": 53}[name]


def test_libreoffice_numbers_nothing_we_leave_unnumbered(exports):
    doc, lines = exports["restarts"]
    assert "本条不编号" in [line.strip() for line in lines]
    assert [b.label for b in doc.blocks if b.text == "本条不编号"] == [None]
