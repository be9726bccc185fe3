"""Budgets of the readers (issue 11): random numbering, tables and fields in generated .docx files end
in time with a document or one InputError line; the tool-dependent tests pass or skip without tools."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures_docx import minimal_docx
from planparse.errors import InputError
from planparse.read.docx import MAX_GRID_COLUMNS, read_docx
from planparse.read.numbering import FORMATTERS, MAX_LABEL_CHARS

ROOT = Path(__file__).resolve().parents[1]
SECONDS_PER_EXAMPLE = 5  # each example takes well under 0.1 s here; generous for slow CI

# -- strategies ------------------------------------------------------------------------------------

_XML_TEXT = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")

start_values = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.integers(min_value=0, max_value=40).map(lambda n: "9" * (n * 120)),  # up to 4,800 digits
    st.sampled_from(["", " 7 ", "+3", "-0", "1e9", "0x10", "٣", "99999999999999999999"]),
)
formats = st.one_of(st.sampled_from(sorted(FORMATTERS)), st.text(_XML_TEXT, max_size=12))
level_texts = st.one_of(
    st.lists(st.one_of(st.sampled_from(["%1", "%2", "%3", "%9", "%0", "%%", "、", "（", "）", "."]),
                       st.text(_XML_TEXT, max_size=4)), max_size=60).map("".join),
    st.sampled_from(["%1" * 200, "第%1章" + "字" * 5000, "x" * 300_000]),
)
ilvls = st.one_of(st.integers(min_value=-2, max_value=10), st.sampled_from([10**30, -(10**30)])).map(str)
big_ints = st.one_of(st.integers(min_value=-5, max_value=100), st.integers(min_value=-(10**13), max_value=10**13))


@st.composite
def numbering_docs(draw):
    levels = draw(st.lists(st.tuples(ilvls, start_values, formats, level_texts,
                                     st.one_of(st.none(), ilvls), st.booleans()), min_size=1, max_size=6))
    xml_levels = []
    for ilvl, start, fmt, text, restart, legal in levels:
        parts = [f"<w:start w:val={quoteattr(start)}/>", f"<w:numFmt w:val={quoteattr(fmt)}/>"]
        if restart is not None:
            parts.append(f"<w:lvlRestart w:val={quoteattr(restart)}/>")
        if legal:
            parts.append("<w:isLgl/>")
        parts.append(f"<w:lvlText w:val={quoteattr(text)}/>")
        xml_levels.append(f'<w:lvl w:ilvl={quoteattr(ilvl)}>{"".join(parts)}</w:lvl>')
    overrides = draw(st.lists(st.tuples(ilvls, start_values), max_size=3))
    override_xml = "".join(f"<w:lvlOverride w:ilvl={quoteattr(i)}><w:startOverride w:val={quoteattr(s)}/></w:lvlOverride>"
                           for i, s in overrides)
    numbering = (f'<w:abstractNum w:abstractNumId="0">{"".join(xml_levels)}</w:abstractNum>'
                 f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 f'<w:num w:numId="2"><w:abstractNumId w:val="0"/>{override_xml}</w:num>')
    paragraphs = draw(st.lists(st.tuples(st.sampled_from(["1", "2", "3", "0"]), ilvls), max_size=150))
    body = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val={quoteattr(i)}/><w:numId w:val="{n}"/></w:numPr></w:pPr>'
                   "<w:r><w:t>条目</w:t></w:r></w:p>" for n, i in paragraphs)
    return body, numbering


@st.composite
def table_docs(draw):
    rows = draw(st.lists(st.tuples(st.one_of(st.none(), big_ints),
                                   st.lists(st.tuples(st.one_of(st.none(), big_ints),
                                                      st.sampled_from([None, "restart", "continue", ""])),
                                            min_size=1, max_size=8)), min_size=1, max_size=30))
    xml = []
    for before, cells in rows:
        tr_pr = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before is not None else ""
        tcs = []
        for span, vmerge in cells:
            props = (f'<w:gridSpan w:val="{span}"/>' if span is not None else "") + (
                "" if vmerge is None else "<w:vMerge/>" if vmerge == "" else f'<w:vMerge w:val="{vmerge}"/>')
            tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc>")
        xml.append(f"<w:tr>{tr_pr}{''.join(tcs)}</w:tr>")
    return f"<w:tbl>{''.join(xml)}</w:tbl>"


_FIELD_PIECES = {
    "begin": '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
    "separate": '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
    "end": '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    "page": "<w:r><w:instrText> PAGE </w:instrText></w:r>",
    "link": '<w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r>',
    "text": "<w:r><w:t>字</w:t></w:r>",
    "break": "</w:p><w:p>",
}


def _read_in_time(data: bytes):
    started = time.perf_counter()
    try:
        result = read_docx(data, source="random.docx")
    except InputError as exc:  # the only exception allowed: one line, naming the file
        assert "\n" not in str(exc) and str(exc).startswith("random.docx")
        result = exc
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS_PER_EXAMPLE, f"{elapsed:.1f} s"
    return result


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_SETTINGS
@given(numbering_docs())
def test_random_numbering_ends_in_time_with_bounded_labels(doc):
    body, numbering = doc
    result = _read_in_time(minimal_docx(body, numbering))
    if not isinstance(result, InputError):
        assert all(b.label is None or len(b.label) <= MAX_LABEL_CHARS for b in result.blocks)


@_SETTINGS
@given(table_docs())
def test_random_table_spans_end_in_time(table):
    result = _read_in_time(minimal_docx(table))
    if not isinstance(result, InputError):
        assert all(len(b.cells) <= 8 * MAX_GRID_COLUMNS + MAX_GRID_COLUMNS for b in result.blocks if b.cells is not None)


@_SETTINGS
@given(st.lists(st.sampled_from(sorted(_FIELD_PIECES)), max_size=3000))
def test_random_field_codes_end_in_time(pieces):
    _read_in_time(minimal_docx("<w:p>" + "".join(_FIELD_PIECES[p] for p in pieces) + "</w:p>"))


# -- a machine without LibreOffice, antiword and catdoc ---------------------------------------------


def test_tool_tests_pass_or_skip_with_a_reason_without_the_tools(tmp_path):
    """`make test` where no converter is installed: PATH is emptied, so soffice, antiword and catdoc
    are all absent; every test of the .doc readers passes or skips saying which tool is missing."""
    if os.environ.get("PLANPARSE_NO_TOOLS_RUN"):
        return  # this very test, inside the run it starts
    empty = tmp_path / "empty-path"
    empty.mkdir()
    env = dict(os.environ, PATH=str(empty), PLANPARSE_NO_TOOLS_RUN="1")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-p", "no:warnings",
         "tests/test_doc.py", "tests/test_docx_libreoffice.py", "tests/test_doc_folder.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    skipped = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert skipped, "expected the LibreOffice tests to skip"
    assert all("installed" in line and any(tool in line for tool in ("LibreOffice", "antiword", "catdoc"))
               for line in skipped), skipped
