""".doc and .wps: LibreOffice conversion (batched), antiword/catdoc fallback, missing tools, bad files."""

from __future__ import annotations

import shutil
import time

import pytest

import planparse.read.doc as doc_module
from fixtures_docx import build_plan
from planparse.errors import InputError, MissingToolError
from planparse.read.doc import convert_with_libreoffice, find_soffice, prefetch, read_doc
from planparse.read.docx import read_docx

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory):
    """The plan fixture as .docx and, when LibreOffice exists, as .doc converted by LibreOffice."""
    folder = tmp_path_factory.mktemp("doc")
    docx_path = folder / "plan.docx"
    docx_path.write_bytes(build_plan()[0])
    doc_path = None
    if find_soffice():
        converted = convert_with_libreoffice([docx_path], folder / "out", "doc:MS Word 97")
        doc_path = folder / "plan.doc"
        shutil.copy(converted[docx_path], doc_path)
    return docx_path, doc_path


def _labelled(raw):
    return [(b.label, b.text) for b in raw.blocks]


@needs_soffice
def test_doc_reads_back_with_the_same_labels_as_docx(plan_files):
    docx_path, doc_path = plan_files
    from_doc = read_doc(doc_path)
    assert from_doc.format == "doc" and from_doc.source == str(doc_path) and from_doc.warnings == []
    assert _labelled(from_doc) == _labelled(read_docx(docx_path))
    assert [b.label for b in from_doc.blocks if b.label][:4] == ["一、", "二、", "（一）", "1."]


@needs_soffice
def test_batch_prefetch_converts_once_and_handles_same_names(plan_files, tmp_path, monkeypatch):
    _, doc_path = plan_files
    first, second = tmp_path / "计划一.doc", tmp_path / "计划二.wps"
    shutil.copy(doc_path, first)
    shutil.copy(doc_path, second)
    prefetch([first, second])

    def no_more_conversions(*args, **kwargs):
        raise AssertionError("read_doc converted again after prefetch")

    monkeypatch.setattr(doc_module, "convert_to_docx", no_more_conversions)
    raws = [read_doc(first), read_doc(second)]
    assert [r.format for r in raws] == ["doc", "wps"]
    assert _labelled(raws[0]) == _labelled(raws[1])
    assert raws[1].blocks[2].label == "一、"


@pytest.mark.skipif(shutil.which("antiword") is None and shutil.which("catdoc") is None,
                    reason="neither antiword nor catdoc is installed")
@needs_soffice  # the .doc fixture itself is made by LibreOffice
def test_fallback_without_libreoffice_warns_that_numbers_are_lost(plan_files, monkeypatch):
    _, doc_path = plan_files
    monkeypatch.setattr(doc_module, "find_soffice", lambda: None)
    raw = read_doc(doc_path)
    assert "指导思想" in raw.text and "节日走访慰问制度。" in raw.text
    assert all(b.label is None for b in raw.blocks)
    assert len(raw.warnings) == 1 and "automatic numbers" in raw.warnings[0] and "LibreOffice" in raw.warnings[0]


def test_batches_never_hold_two_files_with_one_stem(tmp_path):
    from pathlib import Path

    paths = [Path("a/计划.doc"), Path("b/计划.wps"), Path("a/方案.doc"), Path("c/计划.doc")]
    batches = doc_module.batches_by_stem(paths)
    assert batches == [[paths[0], paths[2]], [paths[1]], [paths[3]]]


def test_no_tool_at_all_names_the_packages(tmp_path, monkeypatch):
    path = tmp_path / "plan.doc"
    path.write_bytes(_fake_word_binary())
    monkeypatch.setattr(doc_module, "find_soffice", lambda: None)
    monkeypatch.setattr(doc_module, "find_text_tool", lambda: None)
    with pytest.raises(MissingToolError, match="libreoffice-writer-nogui.*antiword"):
        read_doc(path)


@pytest.mark.parametrize("content", [b"", bytes(range(256)) * 16, "一、指导思想\n".encode("gb18030")])
def test_not_a_word_file_is_rejected_quickly(tmp_path, content):
    path = tmp_path / "random.doc"
    path.write_bytes(content)
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_doc(path)
    assert time.perf_counter() - started < 2
    assert "\n" not in str(info.value)


def _fake_word_binary() -> bytes:
    """An OLE header that passes the signature checks, with a WordDocument name but no real streams."""
    header = bytearray(doc_module.OLE_MAGIC + bytes(20) + b"\xfe\xff" + (9).to_bytes(2, "little"))
    return bytes(header) + bytes(512 - len(header)) + "WordDocument".encode("utf-16-le") + bytes(2048)


@pytest.mark.parametrize("garbage", [doc_module.OLE_MAGIC + bytes(range(256)) * 8, _fake_word_binary()])
def test_damaged_ole_file_fails_with_one_line(tmp_path, garbage):
    path = tmp_path / "damaged.doc"
    path.write_bytes(garbage)
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_doc(path)
    assert "\n" not in str(info.value)
    assert time.perf_counter() - started < 30


@needs_soffice
def test_password_protected_doc_is_refused(plan_files, tmp_path):
    _, doc_path = plan_files
    data = bytearray(doc_path.read_bytes())
    fib = next(o for o in range(512, len(data), 512) if data[o:o + 2] == b"\xec\xa5")
    data[fib + 11] |= 0x01  # FIB flags: fEncrypted
    locked = tmp_path / "locked.doc"
    locked.write_bytes(bytes(data))
    with pytest.raises(InputError, match="password-protected"):
        read_doc(locked)


def test_docx_named_doc_is_read_as_docx(tmp_path):
    path = tmp_path / "plan.doc"
    path.write_bytes(build_plan()[0])
    raw = read_doc(path)
    assert raw.blocks[2].label == "一、" and "read as .docx" in raw.warnings[0]


@needs_soffice
def test_same_plan_as_docx_doc_and_txt_parses_to_the_same_structure(plan_files, tmp_path):
    import planparse

    docx_path, doc_path = plan_files
    raw = read_docx(docx_path)
    txt_path = tmp_path / "plan.txt"
    txt_path.write_text("\n".join((b.label or "") + b.text for b in raw.blocks), encoding="utf-8")

    def shape(collection):
        def item(node):
            return (node.marker, " ".join(node.text.split()), [item(c) for c in node.children])

        return [(s.marker, s.title, [item(i) for i in s.items]) for p in collection.plans for s in p.sections]

    shapes = [shape(planparse.load(path, classify=False)) for path in (docx_path, doc_path, txt_path)]
    assert shapes[0] == shapes[1]
    assert [s[0] for s in shapes[0]] == ["一、", "二、", "三、", "四、"]
    # The .txt form matches too, except the schedule table: in text its tab-separated rows are
    # lines without sentence punctuation, which cleaning joins (reported to the structure owner).
    without_table = [[s for s in shape_ if s[1] != "全年工作安排"] for shape_ in shapes]
    assert without_table[2] == without_table[0]
