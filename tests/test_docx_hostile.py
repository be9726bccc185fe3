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
