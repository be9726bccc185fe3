"""Word files as real archives hold them (issue 18): Strict OOXML, lists restarted with startOverride,
content embedded with w:altChunk, zips with duplicate member names, list numbers in table cells."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from fixtures_docx import (
    HTML_CHUNK,
    HTML_CHUNK_BLOCKS,
    MAIN_CONTENT_TYPE,
    PLAN_NUMBERING,
    PLAN_STYLES,
    altchunk,
    build_chunked_plan,
    build_list_number_restart,
    build_numbered_table,
    build_strict_plan,
    cell,
    docx_with_part,
    package_docx,
    para,
    rtf_document,
    table,
)
from planparse import messages
from planparse.errors import InputError
from planparse.read import doc as doc_module
from planparse.read import docx as docx_module
from planparse.read.doc import convert_with_libreoffice, find_soffice
from planparse.read.docx import read_docx

needs_libreoffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(autouse=True)
def _reset_language():
    yield
    messages.set_language(None)


def _shown(raw) -> list[tuple[str | None, str]]:
    return [(b.label, b.text) for b in raw.blocks]


def _refused(data: bytes, seconds: float = 5) -> str:
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_docx(data, source="archive.docx")
    assert time.perf_counter() - started < seconds
    message = str(info.value)
    assert "\n" not in message and message.startswith("archive.docx")
    return message


# -- Strict OOXML ----------------------------------------------------------------------------------------


def test_strict_document_reads_with_its_structure():
    data, expected = build_strict_plan(strict=True)
    part = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert b"purl.oclc.org/ooxml/wordprocessingml/main" in part and b"schemas.openxmlformats.org/wordprocessingml" not in part
    raw = read_docx(data)
    assert [(b.label, b.text) for b in raw.blocks if b.kind == "paragraph"] == expected
    assert [(b.text, b.heading_level) for b in raw.blocks if b.heading_level] == [
        ("总体要求", 1), ("重点工作", 1), ("做实职工之家", 2), ("关心困难职工", 2)]
    assert [b.cells for b in raw.blocks if b.kind == "table_row"] == [["时间", "活动内容"], ["五月", "职工趣味运动会"]]
    assert raw.warnings == []


def test_strict_and_transitional_copies_read_the_same():
    strict, transitional = read_docx(build_strict_plan(strict=True)[0]), read_docx(build_strict_plan(strict=False)[0])
    assert [(b.kind, b.label, b.text, b.heading_level, b.cells) for b in strict.blocks] == [
        (b.kind, b.label, b.text, b.heading_level, b.cells) for b in transitional.blocks]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_a_strict_part_in_utf16_reads_too(codec):
    data, expected = build_strict_plan(strict=True)
    part = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    part = part.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    raw = read_docx(docx_with_part(data, "word/document.xml", part.encode(codec)))
    assert [(b.label, b.text) for b in raw.blocks if b.kind == "paragraph"] == expected


def test_a_text_quoting_the_strict_namespace_is_left_alone_in_a_transitional_file():
    raw = read_docx(package_docx(para('命名空间写作 "http://purl.oclc.org/ooxml/wordprocessingml/main"')))
    assert raw.blocks[0].text == '命名空间写作 "http://purl.oclc.org/ooxml/wordprocessingml/main"'


def test_strict_relationship_attributes_reach_embedded_content():
    """r:id of w:altChunk is in Strict's relationships namespace, and so is the relationship type."""
    body = para("正文") + altchunk("rIdHtml")
    data = package_docx(body, strict=True, chunks={"rIdHtml": ("<p>嵌入的网页段落</p>".encode(), "text/html")})
    assert _shown(read_docx(data)) == [(None, "正文"), (None, "嵌入的网页段落")]


def test_a_document_in_an_unknown_namespace_is_still_refused():
    unknown = '<w:document xmlns:w="http://example.org/not-word/2006/main"><w:body><w:p/></w:body></w:document>'
    data = docx_with_part(package_docx(para("正文")), "word/document.xml", unknown.encode())
    assert "main part is <document>" in _refused(data)


# -- list restarts ---------------------------------------------------------------------------------------


def test_a_restarted_list_carries_on_through_its_paragraph_style():
    data, expected = build_list_number_restart()
    assert _shown(read_docx(data)) == expected  # 1 2 3 / 1 2 3 4, not 1 4 5 6


# -- table cells -----------------------------------------------------------------------------------------


def test_a_word_number_in_the_first_cell_is_the_rows_label():
    data, expected = build_numbered_table()
    rows = read_docx(data).blocks
    assert [(b.label, b.cells) for b in rows] == expected
    assert rows[1].text == "\t宣传教育\t开展形势任务宣讲\t三月"  # the label is not in the row's text


def test_a_cell_holding_a_list_keeps_its_numbers():
    """A first cell with two numbered paragraphs is a list inside the cell, not a numbered row."""
    body = table([cell(para("", 1, ilvl=2)), cell(para("概况"))],
                 [cell(para("安排专人值守", 1, ilvl=2), para("做好台账登记", 1, ilvl=2)), cell(para("说明"))],
                 [cell(para("备注：")), cell(para("由办公室负责", 1, ilvl=2))])
    rows = read_docx(package_docx(body, PLAN_NUMBERING, PLAN_STYLES)).blocks
    assert [(b.label, b.cells) for b in rows] == [
        ("1.", ["", "概况"]),
        (None, ["2.安排专人值守\n3.做好台账登记", "说明"]),
        (None, ["备注：", "4.由办公室负责"]),  # a number after a cell of text stays in its cell
    ]


def test_numbered_rows_become_numbered_items():
    body = para("重点任务", style="Heading1") + table(
        [cell(para("序号")), cell(para("工作内容")), cell(para("责任单位"))],
        [cell(para("", 1, ilvl=2)), cell(para("开展形势任务宣讲")), cell(para("宣传部"))],
        [cell(para("", 1, ilvl=2)), cell(para("编印职工学习手册")), cell(para("办公室"))])
    from planparse.pipeline import parse_document

    collection = parse_document(read_docx(package_docx(body, PLAN_NUMBERING, PLAN_STYLES)), classify=False)
    (section,) = collection.plans[0].sections
    assert section.title == "重点任务"
    assert [(item.marker, item.number, item.text) for item in section.items] == [
        ("1.", 1, "开展形势任务宣讲\t宣传部"), ("2.", 2, "编印职工学习手册\t办公室")]


# -- duplicate zip members -------------------------------------------------------------------------------


@pytest.mark.parametrize("duplicate", ["word/document.xml", "Word/Document.xml", "word/numbering.xml"])
def test_a_package_with_two_members_of_one_name_is_refused(duplicate):
    copy = package_docx(para("第二份正文")).split(b"word/document.xml")[0]  # any bytes: never read
    data = package_docx(para("第一份正文"), PLAN_NUMBERING, extra=[(duplicate, copy)])
    message = _refused(data)
    assert message == f"archive.docx: refusing .docx: the archive holds {duplicate} more than once " \
                      "(which copy is the document is ambiguous)"


def test_duplicate_members_are_refused_in_chinese_too():
    messages.set_language("zh")
    data = package_docx(para("正文"), extra=[("word/document.xml", b"<x/>")])
    assert _refused(data) == "archive.docx：拒绝读取该 .docx：压缩包中 word/document.xml 出现了不止一次（无法确定以哪一份为准）"


def test_folder_entries_are_not_duplicates():
    data = package_docx(para("正文"), extra=[("word/", b""), ("word/media/", b"")])
    assert _shown(read_docx(data)) == [(None, "正文")]


# -- altChunk --------------------------------------------------------------------------------------------


def test_embedded_html_docx_web_archive_and_text_are_imported_where_they_stand():
    data, expected = build_chunked_plan()
    raw = read_docx(data)
    assert _shown(raw) == expected
    assert raw.warnings == []
    for block in raw.blocks:
        assert raw.text[block.start:block.end] == block.text


def test_html_chunk_blocks_kinds_and_headings():
    data = package_docx(altchunk("rIdHtml"), chunks={"rIdHtml": (HTML_CHUNK.encode("gb18030"), "text/html")})
    raw = read_docx(data)
    assert [(b.kind, b.label, b.text, b.heading_level) for b in raw.blocks] == HTML_CHUNK_BLOCKS
    assert raw.blocks[-2].style == "table_header" and raw.blocks[-1].cells == ["四月", "滨江公园\n东门集合"]
    assert "不是正文" not in raw.text and "编辑说明" not in raw.text and "margin" not in raw.text


def test_xhtml_chunk_with_an_xml_declaration_and_utf8_without_a_charset():
    xhtml = ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
             "<p>一、指导思想</p><p>坚持&#x4EE5;职工为本&nbsp;。</p></body></html>").encode()
    data = package_docx(altchunk("rIdX"), chunks={"rIdX": (xhtml, "application/xhtml+xml")})
    assert _shown(read_docx(data)) == [(None, "一、指导思想"), (None, "坚持以职工为本\xa0。")]


def test_a_chunk_inside_a_table_cell_is_part_of_the_cell():
    body = table([cell(para("五月")), cell(altchunk("rIdHtml"))])
    data = package_docx(body, chunks={"rIdHtml": ("<p>职工运动会</p><p>分两天举行</p>".encode(), "text/html")})
    assert [b.cells for b in read_docx(data).blocks] == [["五月", "职工运动会\n分两天举行"]]


def test_html_has_no_way_to_fetch_or_expand_anything(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    html = (f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body><p>&x;正文</p>'
            f'<iframe src="file://{secret}"></iframe><img src="file://{secret}"><object data="file://{secret}">备用</object>'
            "</body></html>").encode()
    raw = read_docx(package_docx(altchunk("rIdH"), chunks={"rIdH": (html, "text/html")}))
    assert "机密内容" not in raw.text and "正文" in raw.text


def test_a_chunk_used_twice_is_shown_twice():
    data = package_docx(altchunk("rIdT") + para("中间") + altchunk("rIdT"),
                        chunks={"rIdT": ("落款：光华街道工会".encode(), "text/plain")})
    assert [b.text for b in read_docx(data).blocks] == ["落款：光华街道工会", "中间", "落款：光华街道工会"]


def test_embedded_docx_nested_past_the_depth_limit_is_named_in_a_warning():
    data = package_docx(para("最内层"))
    for level in range(docx_module.MAX_CHUNK_DEPTH + 1, 0, -1):
        data = package_docx(para(f"第{level}层") + altchunk("rIdD"), chunks={"rIdD": (data, MAIN_CONTENT_TYPE)})
    raw = read_docx(data)
    assert [b.text for b in raw.blocks] == [f"第{level}层" for level in range(1, docx_module.MAX_CHUNK_DEPTH + 2)]
    (warning,) = raw.warnings
    assert warning.startswith("embedded document word/afchunk1.docx > ") and "more than 3 levels deep" in warning


def test_chunks_that_cannot_be_imported_are_named_never_dropped_silently():
    body = para("正文") + altchunk("rIdPdf") + altchunk("rIdGone") + altchunk("rIdBroken") + para("结尾")
    data = package_docx(body, chunks={"rIdPdf": (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "application/pdf"),
                                      "rIdBroken": (package_docx(para("半截"))[:300], MAIN_CONTENT_TYPE)})
    raw = read_docx(data, source="plan.docx")
    assert [b.text for b in raw.blocks] == ["正文", "结尾"]
    assert raw.warnings == [
        "embedded document word/afchunk1.bin (application/pdf) is of a kind planparse does not import "
        "(HTML, RTF, Word, plain text); its content is missing",
        "an embedded document (relationship rIdGone) is not in the archive; its content is missing",
        "embedded document word/afchunk2.docx was not imported: corrupt or truncated .docx (File is not a zip file)",
    ]


def test_chunk_warnings_in_chinese():
    messages.set_language("zh")
    data = package_docx(altchunk("rIdGone"))
    assert read_docx(data).warnings == ["嵌入的文档（关系 rIdGone）不在压缩包中，其内容缺失"]


def test_rtf_chunk_without_libreoffice_is_named_in_a_warning(monkeypatch):
    monkeypatch.setattr(doc_module, "find_soffice", lambda: None)
    data, expected = build_chunked_plan(rtf=True)
    raw = read_docx(data)
    assert _shown(raw) == [pair for pair in expected if pair[1] not in ("三、保障措施", "各分会明确一名联络员。")]
    assert raw.warnings == ["embedded RTF document word/afchunk5.rtf was not imported: reading RTF needs LibreOffice "
                            "(apt-get install libreoffice-writer-nogui)"]


@needs_libreoffice
def test_rtf_chunk_is_imported_through_libreoffice():
    data, expected = build_chunked_plan(rtf=True)
    raw = read_docx(data)
    assert _shown(raw) == expected and raw.warnings == []


# -- hostile archives: the budgets are shared by everything embedded ----------------------------------------


def test_one_chunk_referenced_thousands_of_times_cannot_blow_up_the_text():
    big = ("职" * 200_000).encode()
    data = package_docx(altchunk("rIdT") * 2_000, chunks={"rIdT": (big, "text/plain")})
    assert "million characters" in _refused(data)


def test_a_chunk_of_too_many_tags_is_skipped_with_a_warning(monkeypatch):
    monkeypatch.setattr(docx_module, "MAX_PART_TAGS", 1_000)
    html = ("<p>段</p>" * 600).encode()
    raw = read_docx(package_docx(para("正文") + altchunk("rIdH"), chunks={"rIdH": (html, "text/html")}))
    assert [b.text for b in raw.blocks] == ["正文"]
    assert raw.warnings == ["embedded document word/afchunk1.htm was not imported: refusing Word document: "
                            "word/afchunk1.htm has more than 1,000 XML tags"]


def test_tags_are_counted_across_every_embedded_part(monkeypatch):
    monkeypatch.setattr(docx_module, "MAX_TOTAL_TAGS", 5_000)
    chunks = {f"rIdH{i}": (("<p>段</p>" * 400).encode(), "text/html") for i in range(10)}
    data = package_docx("".join(altchunk(rel) for rel in chunks), chunks=chunks)
    assert "hold more than 5,000 XML tags in all" in _refused(data)


def test_parts_read_are_counted_across_embedded_documents(monkeypatch):
    monkeypatch.setattr(docx_module, "MAX_PARTS_READ", 40)
    inner = package_docx(para("分册"))
    chunks = {f"rIdD{i}": (inner, MAIN_CONTENT_TYPE) for i in range(20)}
    data = package_docx("".join(altchunk(rel) for rel in chunks), chunks=chunks)
    assert "more than 40 parts" in _refused(data)


def test_nested_documents_each_embedding_the_next_twice_stay_bounded():
    """Each level embeds the one below twice: 2^depth copies of the text at most, each part read once."""
    data = package_docx(para("条" * 1000))
    for level in range(8, 0, -1):
        data = package_docx(para(f"第{level}层") + altchunk("rIdD") + altchunk("rIdD"), chunks={"rIdD": (data, MAIN_CONTENT_TYPE)})
    started = time.perf_counter()
    raw = read_docx(data)
    assert time.perf_counter() - started < 5
    # Levels 1-4 are read (the file and three levels of embedding): 1 + 2 + 4 + 8 paragraphs.
    assert len(raw.blocks) == 15 and {b.text for b in raw.blocks} == {"第1层", "第2层", "第3层", "第4层"}
    assert len(raw.warnings) == 1 and "nested more than 3 levels deep" in raw.warnings[0]


def test_deeply_nested_html_is_read_without_recursion():
    html = ("<div>" * 60_000 + "深处" + "</div>" * 60_000).encode()  # 660 KB: under the zip-bomb ratio check
    started = time.perf_counter()
    raw = read_docx(package_docx(para("正文") + altchunk("rIdH"), chunks={"rIdH": (html, "text/html")}))
    assert time.perf_counter() - started < 5
    assert [b.text for b in raw.blocks] == ["正文"]
    (warning,) = raw.warnings  # libxml2 stops at 256 levels: said, not silently cut
    assert warning.startswith("embedded document word/afchunk1.htm was not imported: the HTML cannot be read to its end (")
    assert "256" in warning


def test_html_nested_as_deep_as_real_pages_is_read():
    html = ("<div>" * 200 + "<p>深处的段落</p>" + "</div>" * 200).encode()
    raw = read_docx(package_docx(altchunk("rIdH"), chunks={"rIdH": (html, "text/html")}))
    assert [b.text for b in raw.blocks] == ["深处的段落"] and raw.warnings == []


# -- against LibreOffice's rendering -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice_text(tmp_path_factory):
    """LibreOffice's text export of each fixture (one run for all)."""
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("lo18")
    builders = {"strict": build_strict_plan, "restart": build_list_number_restart, "table": build_numbered_table}
    paths = {}
    for name, build in builders.items():
        paths[name] = folder / f"{name}.docx"
        paths[name].write_bytes(build()[0])
    converted = convert_with_libreoffice(list(paths.values()), folder / "txt", "txt:Text (encoded):UTF8")
    assert len(converted) == len(paths), "LibreOffice failed to convert a fixture"
    return {name: (read_docx(path), converted[path].read_text("utf-8-sig").splitlines()) for name, path in paths.items()}


@pytest.mark.parametrize("name", ["strict", "restart"])
def test_paragraph_labels_match_libreoffice(libreoffice_text, name):
    raw, lines = libreoffice_text[name]
    ours = [f"{b.label} {b.text}" if b.label else b.text for b in raw.blocks if b.kind == "paragraph"]
    theirs = [" ".join(line.split()) for line in lines][: len(ours)]
    assert ours == theirs


def test_table_row_labels_match_libreoffice(libreoffice_text):
    """LibreOffice writes each cell on a line of its own, a numbered one as "1. text": the same numbers, in the
    same order, as our row labels and the numbers left in the cells."""
    raw, lines = libreoffice_text["table"]
    theirs = [match.group() for match in (re.match(r"\d+\.", line.strip()) for line in lines) if match]
    ours = []
    for block in raw.blocks:
        ours += [block.label] if block.label else []
        ours += [m.group() for c in block.cells for line in c.split("\n") if (m := re.match(r"\d+\.", line))]
    assert ours == theirs == ["1.", "2.", "3.", "4.", "5."]
