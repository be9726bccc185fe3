"""Hostile and broken .docx files: a one-line InputError, quickly, with no file contents leaked."""

from __future__ import annotations

import struct
import time
import zipfile

import pytest

from fixtures_docx import build_restarts, docx_with_part, zip_bytes
from planparse.errors import InputError
from planparse.read.docx import OLE_MAGIC, read_docx


@pytest.fixture(scope="module")
def good() -> bytes:
    return build_restarts()[0]


def _rejects(data: bytes, *words: str) -> str:
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_docx(data, source="hostile.docx")
    assert time.perf_counter() - started < 5
    message = str(info.value)
    assert "\n" not in message and message.startswith("hostile.docx")
    for word in words:
        assert word in message
    return message


def test_text_file_named_docx():
    _rejects("一、指导思想\n二、主要任务\n".encode("utf-8"), "not a Word document")


def test_empty_file():
    _rejects(b"", "empty")


def test_truncated_zip(good):
    _rejects(good[: len(good) // 2], "corrupt")


def test_zip_without_document_part():
    _rejects(zip_bytes({"xl/workbook.xml": b"<workbook/>"}), "not a Word document")


def test_zip_bomb_declared_ratio():
    bomb = zip_bytes({"word/document.xml": b" " * (30 * 1024 * 1024)})
    assert len(bomb) < 200_000
    _rejects(bomb, "zip bomb")


def test_zip_bomb_with_lying_header(good):
    """The headers claim a small part; the stream inflates to far more. Reading stays bounded."""
    payload = b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>" + b" " * 400_000
    data = bytearray(docx_with_part(good, "word/document.xml", payload))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = data.find(signature)
        while pos >= 0:
            name_len = struct.unpack_from("<H", data, pos + (26 if signature == b"PK\x03\x04" else 28))[0]
            name_at = pos + (30 if signature == b"PK\x03\x04" else 46)
            if bytes(data[name_at:name_at + name_len]) == b"word/document.xml":
                struct.pack_into("<I", data, pos + offset, 1000)
            pos = data.find(signature, pos + 4)
    _rejects(bytes(data), "corrupt")


def test_too_many_members():
    _rejects(zip_bytes({f"word/media/{i}.bin": b"" for i in range(6000)}, zipfile.ZIP_STORED), "zip members")


def test_external_entity_in_numbering(good):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE n [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
           b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="&leak;"/></w:lvl></w:abstractNum>'
           b'</w:numbering>')
    message = _rejects(docx_with_part(good, "word/numbering.xml", xxe), "DTD")
    assert "root:" not in message


def test_billion_laughs_in_document(good):
    entities = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    laughs = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "ha">{entities}]>'
              '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
              '<w:t>&l9;</w:t></w:r></w:p></w:body></w:document>').encode()
    _rejects(docx_with_part(good, "word/document.xml", laughs))


def test_password_protected_docx():
    # Word saves an encrypted .docx as an OLE compound file holding an "EncryptedPackage" stream.
    fake = OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1024)
    _rejects(fake, "password")


def test_legacy_doc_named_docx():
    _rejects(OLE_MAGIC + bytes(2048), ".doc")


def test_random_bytes():
    import random

    _rejects(bytes(random.Random(3).randrange(256) for _ in range(4096)))


def test_directory_and_missing_path(tmp_path):
    with pytest.raises(InputError, match="directory"):
        read_docx(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_docx(tmp_path / "missing.docx")


def _hostile_files(good: bytes) -> dict[str, bytes]:
    xxe = (b'<?xml version="1.0"?><!DOCTYPE n [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
           b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&leak;</w:numbering>')
    return {
        "renamed.docx": "一、指导思想\n".encode("utf-8"),
        "truncated.docx": good[: len(good) // 3],
        "bomb.docx": zip_bytes({"word/document.xml": b" " * (30 * 1024 * 1024)}),
        "xxe.docx": docx_with_part(good, "word/numbering.xml", xxe),
        "locked.docx": OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1024),
        "random.doc": bytes((i * 7919 + 13) % 256 for i in range(8192)),
    }


def test_cli_exits_2_with_one_line_on_each_hostile_file(good, tmp_path, monkeypatch, capsys):
    """`planparse parse FILE` (the console entry point, in-process) on each hostile file: exit 2, one line."""
    from planparse.cli import main

    for name, data in _hostile_files(good).items():
        path = tmp_path / name
        path.write_bytes(data)
        monkeypatch.setattr("sys.argv", ["planparse", "parse", str(path)])
        started = time.perf_counter()
        with pytest.raises(SystemExit) as info:
            main()
        assert time.perf_counter() - started < 5, name
        out, err = capsys.readouterr()
        assert info.value.code == 2, (name, err)
        assert out == "" and len(err.strip().splitlines()) == 1, (name, err)
        assert "root:" not in err


# -- tiny files that ask for huge allocations or quadratic walks (issue 11) ----------------------
# Each case was measured before the budgets: MemoryError, ValueError, gigabytes or minutes. The bounds
# here are generous for slow CI; locally each case takes well under a second.

import tracemalloc  # noqa: E402

from fixtures_docx import minimal_docx, numbered_para, one_level_list  # noqa: E402
from planparse.read import docx as docx_module  # noqa: E402
from planparse.read import numbering as numbering_module  # noqa: E402

PEAK_LIMIT = 200 * 2**20


def _bounded(data: bytes, *, seconds: float = 10, memory: bool = True):
    """Read ``data``; return (RawDocument or InputError, seconds, tracemalloc peak bytes or 0)."""
    peak = 0
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        result = read_docx(data, source="hostile.docx")
    except InputError as exc:
        result = exc
    finally:
        elapsed = time.perf_counter() - started
        if memory:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < PEAK_LIMIT, f"peak {peak / 2**20:.0f} MB"
    if isinstance(result, InputError):
        assert "\n" not in str(result) and str(result).startswith("hostile.docx")
    return result


def _labels(raw) -> list[str | None]:
    return [b.label for b in raw.blocks]


@pytest.mark.parametrize("fmt", ["lowerLetter", "upperLetter"])
def test_letter_start_of_ten_to_the_fifteen(fmt):
    """Was MemoryError: a label of 10^15/26 letters. Start values are clamped to Word's 32767 and a
    letter label longer than 30 letters is shown in decimal."""
    raw = _bounded(minimal_docx(numbered_para() * 3, one_level_list(fmt, "%1.", 10**15)))
    assert _labels(raw) == ["32767.", "32768.", "32769."]


def test_letter_labels_stay_letters_up_to_thirty_repeats():
    raw = _bounded(minimal_docx(numbered_para() * 2, one_level_list("lowerLetter", "%1)", 779)))
    assert _labels(raw) == ["y" * 30 + ")", "z" * 30 + ")"]
    raw = _bounded(minimal_docx(numbered_para(), one_level_list("upperLetter", "%1.", 781)))
    assert _labels(raw) == ["781."]


@pytest.mark.parametrize("start", ["9" * 4300, "9" * 5000, "-" + "9" * 4300, "1e9", "", "٣"])
def test_start_values_of_thousands_of_digits(start):
    """Was ValueError (int→str over 4,300 digits) once the counter passed 10^4300."""
    raw = _bounded(minimal_docx(numbered_para() * 2, one_level_list("decimal", "%1.", start)))
    assert all(label is None or len(label) <= 7 for label in _labels(raw))


def test_start_override_is_clamped_too():
    numbering = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                 '<w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>'
                 f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{"7" * 4000}"/></w:lvlOverride></w:num>')
    raw = _bounded(minimal_docx(numbered_para(), numbering))
    assert _labels(raw) == ["三万二千七百六十七、"]


def test_huge_lvl_text_is_not_copied_into_every_paragraph():
    """Was 860 MB for 3,000 paragraphs under a 300 KB template: now no number and one warning."""
    raw = _bounded(minimal_docx(numbered_para(text="条目") * 3000, one_level_list("decimal", "%1" + "x" * 300_000)))
    assert set(_labels(raw)) == {None} and len(raw.blocks) == 3000
    assert [w for w in raw.warnings if "template" in w] == [raw.warnings[0]] and len(raw.warnings) == 1


def test_many_placeholders_make_no_label_longer_than_the_cap():
    template = "%1" * 120  # under the template cap, 120 x 30 letters = 3,600 characters rendered
    raw = _bounded(minimal_docx(numbered_para() * 2, one_level_list("lowerLetter", template, 780)))
    assert _labels(raw) == [None, None]
    assert any("renders to" in w for w in raw.warnings)
    assert numbering_module.MAX_LABEL_CHARS < 3600


@pytest.mark.parametrize("xml", [
    '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000000"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>',
    '<w:tr><w:trPr><w:gridBefore w:val="100000000"/></w:trPr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>',
    '<w:tr><w:trPr><w:gridBefore w:val="-5"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="-7"/></w:tcPr>'
    '<w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr>',
])
def test_grid_span_and_grid_before_of_billions(xml):
    """Was MemoryError: a list of 10^8-10^12 empty cells. Spans are clamped to Word's 63 columns."""
    raw = _bounded(minimal_docx(f"<w:tbl>{xml * 200}</w:tbl>"))
    assert len(raw.blocks) == 200 and all(b.text == "甲" for b in raw.blocks)
    assert all(len(b.cells) <= docx_module.MAX_GRID_COLUMNS + 1 for b in raw.blocks)


def test_unterminated_fields_are_refused_quickly():
    """30,000 fields opened and never ended took minutes (every run re-read the whole field stack)."""
    field = ('<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>HYPERLINK "x"</w:instrText>'
             '<w:fldChar w:fldCharType="separate"/><w:t>链接</w:t></w:r>')
    result = _bounded(minimal_docx(f"<w:p>{field * 30_000}</w:p>", stored=True), memory=False)
    assert isinstance(result, InputError) and "unterminated field codes" in str(result)


def test_field_nesting_within_the_cap_still_reads():
    field = ('<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>HYPERLINK "x"</w:instrText>'
             '<w:fldChar w:fldCharType="separate"/><w:t>链接</w:t></w:r>')
    raw = _bounded(minimal_docx(f"<w:p>{field * 900}</w:p><w:p><w:r><w:t>后文</w:t></w:r></w:p>"))
    assert raw.blocks[0].text == "链接" * 900 and raw.blocks[1].text == "后文"


def test_long_field_instructions_are_linear():
    """100,000 instrText runs inside a field result took 64 s (the instructions were re-joined per run)."""
    body = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/><w:instrText>PAGE</w:instrText>'
            '<w:fldChar w:fldCharType="separate"/></w:r>'
            + '<w:r><w:instrText>x</w:instrText><w:t>7</w:t></w:r>' * 100_000
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>正文</w:t></w:r></w:p>')
    raw = _bounded(minimal_docx(body, stored=True), memory=False)
    assert raw.blocks[0].text == "正文"  # the PAGE field's result is furniture


def test_long_based_on_chain_is_resolved_once():
    """20,000 styles each based on the previous one, each used once: over 60 s (quadratic) before."""
    n = 20_000
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="s{i}"><w:name w:val="样式{i}"/>'
                     + (f'<w:basedOn w:val="s{i - 1}"/>' if i else '<w:pPr><w:outlineLvl w:val="0"/></w:pPr>')
                     + "</w:style>" for i in range(n))
    body = "".join(f'<w:p><w:pPr><w:pStyle w:val="s{i}"/></w:pPr><w:r><w:t>段{i}</w:t></w:r></w:p>' for i in range(n))
    raw = _bounded(minimal_docx(body, styles=styles), memory=False)
    assert len(raw.blocks) == n and all(b.heading_level == 1 for b in raw.blocks)
    assert raw.blocks[-1].style == f"样式{n - 1}"


def test_based_on_cycle_and_inheritance():
    styles = ('<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="C"/>'
              '<w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="C"><w:name w:val="C"/><w:basedOn w:val="A"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/><w:ilvl w:val="0"/></w:numPr><w:outlineLvl w:val="2"/></w:pPr></w:style>')
    numbering = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/>'
                 '<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="%2."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    body = "".join(f'<w:p><w:pPr><w:pStyle w:val="{s}"/></w:pPr><w:r><w:t>{s}</w:t></w:r></w:p>' for s in "ABC")
    raw = _bounded(minimal_docx(body, numbering, styles))
    # A: nothing of its own, B's level 1, C's list and outline level; the cycle back to A is cut.
    # (C at level 0 shows 二: level 0 counted once when A and B skipped over it.)
    assert [(b.text, b.label, b.heading_level) for b in raw.blocks] == [("A", "1.", 3), ("B", "2.", 3), ("C", "二、", 3)]


def test_long_num_style_link_chain_is_followed_once():
    """20,000 lists chained through list styles took minutes (5,000: 4 s); now one walk in all."""
    n = 20_000
    abstracts = "".join(f'<w:abstractNum w:abstractNumId="{i}"><w:numStyleLink w:val="L{i}"/></w:abstractNum>' for i in range(n))
    abstracts += (f'<w:abstractNum w:abstractNumId="{n}"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/>'
                  '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>')
    nums = "".join(f'<w:num w:numId="{i + 1}"><w:abstractNumId w:val="{i}"/></w:num>' for i in range(n + 1))
    styles = "".join(f'<w:style w:type="numbering" w:styleId="L{i}"><w:pPr><w:numPr><w:numId w:val="{i + 2}"/>'
                     "</w:numPr></w:pPr></w:style>" for i in range(n))
    raw = _bounded(minimal_docx("".join(numbered_para(i + 1) for i in range(n)), abstracts + nums, styles), memory=False)
    assert _labels(raw)[:3] == ["1.", "2.", "3."] and _labels(raw)[-1] == f"{n}."


def test_num_style_link_cycle_ends():
    numbering = ('<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="L1"/></w:abstractNum>'
                 '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="L0"/></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
    styles = ('<w:style w:type="numbering" w:styleId="L0"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
              '<w:style w:type="numbering" w:styleId="L1"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>')
    raw = _bounded(minimal_docx(numbered_para(1) + numbered_para(2), numbering, styles))
    assert _labels(raw) == [None, None]


def test_deleted_paragraph_marks_join_in_linear_time():
    """100,000 paragraphs whose marks were deleted (tracked change) took 35 s: the carried text was
    re-copied for each one."""
    body = ('<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:rPr></w:pPr>'
            '<w:r><w:t>' + "字" * 50 + '</w:t></w:r></w:p>') * 100_000 + '<w:p><w:r><w:t>尾</w:t></w:r></w:p>'
    raw = _bounded(minimal_docx(body, stored=True), memory=False)
    assert len(raw.blocks) == 1 and len(raw.text) == 5_000_001


def test_repeated_merged_cell_cannot_blow_up_the_text():
    """A 1 MB cell merged down 5,000 rows made 5 GB of row text; past 50 M characters it is refused."""
    top = '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>' + "x" * 1_000_000 + "</w:t></w:r></w:p></w:tc></w:tr>"
    rest = '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>' * 5000
    result = _bounded(minimal_docx(f"<w:tbl>{top}{rest}</w:tbl>", stored=True), memory=False)
    assert isinstance(result, InputError) and "million characters" in str(result)


def test_a_part_with_millions_of_tags_is_refused_before_parsing():
    """2 M empty paragraphs fit in a 1.3 MB .docx and took 9 s and 0.9 GB; a part is capped at 2 M tags."""
    import random

    rnd = random.Random(1)
    body = "".join("<w:p/>" if rnd.random() < 0.9 else f"<w:p><w:r><w:t>{rnd.randrange(10**6)}</w:t></w:r></w:p>"
                   for _ in range(docx_module.MAX_PART_TAGS))
    data = minimal_docx(body)
    assert len(data) < 2_000_000
    result = _bounded(data, seconds=5, memory=False)
    assert isinstance(result, InputError) and "XML tags" in str(result)


def test_deep_nesting_is_an_input_error():
    nested = "<w:hyperlink>" * 3000 + "<w:r><w:t>深</w:t></w:r>" + "</w:hyperlink>" * 3000
    result = _bounded(minimal_docx(f"<w:p>{nested}</w:p>"))
    assert isinstance(result, InputError)
