""".doc and .wps: LibreOffice conversion (batched), antiword/catdoc fallback, missing tools, bad files."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

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
    path.write_bytes(plausible_word_binary())
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


def plausible_word_binary(fib: bytes = b"\xec\xa5\xc1\x00") -> bytes:
    """A structurally valid compound file (MS-CFB v3) holding a 4 KB WordDocument stream that starts
    with a FIB magic: it passes every check made without a converter, which then fails on it."""
    end, free, fat_sect = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD

    def u32s(*values: int) -> bytes:
        return b"".join(v.to_bytes(4, "little") for v in values)

    header = (doc_module.OLE_MAGIC + bytes(16) + (0x3E).to_bytes(2, "little") + (3).to_bytes(2, "little")
              + b"\xfe\xff" + (9).to_bytes(2, "little") + (6).to_bytes(2, "little") + bytes(6)
              + u32s(0, 1, 1, 0, 4096, end, 0, end, 0) + u32s(0) + u32s(*[free] * 108))
    fat = u32s(fat_sect, end, *range(3, 10), end) + u32s(*[free] * (128 - 10))

    def entry(name: str, kind: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + len(encoded).to_bytes(2, "little") + bytes([kind, 1])
                + u32s(free, free, 1 if kind == 5 else free) + bytes(36) + u32s(start, size, 0))

    directory = entry("Root Entry", 5, end, 0) + entry("WordDocument", 2, 2, 4096) + bytes(256)
    stream = fib + bytes(4096 - len(fib))
    assert len(header) == 512 and len(fat) == 512 and len(directory) == 512
    return header + fat + directory + stream


def test_plausible_word_binary_is_structurally_sound():
    assert doc_module.ole_damage(plausible_word_binary()) is None
    truncated = plausible_word_binary()[:1600]  # the WordDocument stream is cut off
    assert "outside the file" in doc_module.ole_damage(truncated)


@pytest.mark.parametrize("garbage", [doc_module.OLE_MAGIC + bytes(range(256)) * 8, _fake_word_binary(),
                                     plausible_word_binary()[:1600]])
@pytest.mark.parametrize("tools", ["installed", "absent"])
def test_damaged_ole_file_fails_with_one_line(tmp_path, monkeypatch, garbage, tools):
    """Damage that shows in the OLE structure is reported without LibreOffice or antiword (the test
    used to get MissingToolError on machines without them)."""
    if tools == "absent":
        monkeypatch.setattr(doc_module, "find_soffice", lambda: None)
        monkeypatch.setattr(doc_module, "find_text_tool", lambda: None)
    path = tmp_path / "damaged.doc"
    path.write_bytes(garbage)
    started = time.perf_counter()
    with pytest.raises(InputError, match="damaged") as info:
        read_doc(path)
    assert "\n" not in str(info.value)
    assert time.perf_counter() - started < 2  # no converter was run


@pytest.mark.skipif(find_soffice() is None and shutil.which("antiword") is None and shutil.which("catdoc") is None,
                    reason="neither LibreOffice nor antiword/catdoc is installed")
def test_damage_only_a_converter_finds_fails_with_one_line(tmp_path):
    path = tmp_path / "damaged.doc"
    path.write_bytes(plausible_word_binary())
    with pytest.raises(InputError) as info:
        read_doc(path)
    assert "\n" not in str(info.value)


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


# -- LibreOffice that hangs: a fake soffice on PATH (no LibreOffice needed) ---------------------

FAKE_SOFFICE = r'''#!{python}
"""A stand-in for soffice --convert-to: converts files in order like LibreOffice, printing what it
prints; hangs (with a child) on a file whose name contains "hang", cannot load one containing "bad"."""
import os, shutil, subprocess, sys, time
args = sys.argv[1:]
out_dir = args[args.index("--outdir") + 1]
target = args[args.index("--convert-to") + 1].split(":")[0]
profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))[len("-env:UserInstallation=file://"):]
os.makedirs(profile, exist_ok=True)
inputs = args[args.index("--outdir") + 2:]
with open(os.environ["FAKE_SOFFICE_LOG"], "a") as handle:
    handle.write(" ".join(os.path.basename(a) for a in inputs) + "\n")
for source in inputs:
    stem = os.path.splitext(os.path.basename(source))[0]
    if "hang" in stem:
        child = subprocess.Popen(["sleep", "3600"])
        with open(os.environ["FAKE_SOFFICE_PIDS"], "a") as handle:
            handle.write(f"{{os.getpid()}} {{child.pid}}\n")
        time.sleep(3600)
    if "bad" in stem:
        print("Error: source file could not be loaded", file=sys.stderr, flush=True)
        continue
    print(f"convert {{source}} -> {{out_dir}}/{{stem}}.{{target}} using filter : fake", flush=True)
    shutil.copy(os.environ["FAKE_SOFFICE_DOCX"], os.path.join(out_dir, f"{{stem}}.{{target}}"))
'''


def _all_ended(pids: list[int], seconds: float = 5.0) -> bool:
    """Every process has ended within ``seconds``: a killed process takes a moment to go."""
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to reap it counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """PATH holds only a fake soffice (and sleep); the converter state of this process starts empty."""
    import sys

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    (bin_dir / "sleep").symlink_to(shutil.which("sleep") or shutil.which("sleep", path=os.defpath))
    docx = tmp_path / "converted.docx"
    docx.write_bytes(build_plan()[0])
    env = {"FAKE_SOFFICE_LOG": str(tmp_path / "calls.log"), "FAKE_SOFFICE_PIDS": str(tmp_path / "pids.log"),
           "FAKE_SOFFICE_DOCX": str(docx)}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(doc_module, "_converted", {})
    monkeypatch.setattr(doc_module, "_timed_out", {})
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(doc_module, "_work_dir", work)
    assert find_soffice() == str(script)

    class Fake:
        calls = tmp_path / "calls.log"
        pids = tmp_path / "pids.log"
        profile = work / "profile"

        def call_lines(self) -> list[str]:
            return self.calls.read_text().splitlines() if self.calls.exists() else []

        def pid_list(self) -> list[int]:
            return [int(p) for line in (self.pids.read_text().split("\n") if self.pids.exists() else []) for p in line.split()]

    yield Fake()
    for pid in Fake().pid_list():  # never leave a sleeper behind, even when an assertion failed
        if _alive(pid):
            os.kill(pid, 9)


def _plans(folder, *names):
    paths = []
    for name in names:
        path = folder / name
        path.write_bytes(plausible_word_binary())
        paths.append(path)
    return paths


def test_a_hanging_file_fails_alone_and_the_batch_goes_on(tmp_path, fake_soffice, monkeypatch):
    monkeypatch.setattr(doc_module, "CONVERT_TIMEOUT", 1.0)
    good1, bad, hang, good2 = _plans(tmp_path, "甲.doc", "bad.doc", "hang.doc", "乙.wps")
    started = time.perf_counter()
    prefetch([good1, bad, hang, good2])
    elapsed = time.perf_counter() - started
    assert 1.0 <= elapsed < 10
    # one run for the batch, one for the files after the hang; the hung file is not run again
    assert fake_soffice.call_lines() == ["甲.doc bad.doc hang.doc 乙.wps", "乙.wps"]
    assert len(fake_soffice.pid_list()) == 2 and _all_ended(fake_soffice.pid_list())
    assert read_doc(good1).blocks[2].label == "一、" and read_doc(good2).format == "wps"
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"hang\.doc: LibreOffice timed out after 1 s") as info:
        read_doc(hang)
    assert "damaged" not in str(info.value) and time.perf_counter() - started < 0.5
    with pytest.raises(InputError, match="could not open it"):
        read_doc(bad)  # a file LibreOffice could not open is tried once more, alone (quick)
    assert fake_soffice.call_lines()[2:] == ["bad.doc"]


def test_one_hanging_file_read_alone_times_out(tmp_path, fake_soffice, monkeypatch):
    monkeypatch.setattr(doc_module, "CONVERT_TIMEOUT", 0.5)
    (hang,) = _plans(tmp_path, "hang.doc")
    with pytest.raises(InputError, match="timed out after 0.5 s"):
        read_doc(hang)
    with pytest.raises(InputError, match="timed out after 0.5 s"):
        read_doc(hang)  # not converted again
    assert fake_soffice.call_lines() == ["hang.doc"]
    assert _all_ended(fake_soffice.pid_list())
    assert not fake_soffice.profile.exists()  # removed after the killed run


def test_timeout_is_per_file_not_per_batch(tmp_path, fake_soffice, monkeypatch):
    """Each file a batch finishes gives it the full timeout again; a slow but steady batch is not killed."""
    monkeypatch.setattr(doc_module, "CONVERT_TIMEOUT", 2.0)
    script = shutil.which("soffice")
    text = open(script, encoding="utf-8").read().replace("for source in inputs:\n", "for source in inputs:\n    time.sleep(0.6)\n")
    open(script, "w", encoding="utf-8").write(text)
    paths = _plans(tmp_path, *(f"计划{i}.doc" for i in range(6)))  # 3.6 s in all, 0.6 s each
    prefetch(paths)
    assert len(fake_soffice.call_lines()) == 1
    assert all(read_doc(path).blocks[2].label == "一、" for path in paths)


_INTERRUPTED_RUN = r"""
import sys, time
from pathlib import Path
import planparse.read.doc as doc
doc.CONVERT_TIMEOUT = 600
print(doc._private_dir(), flush=True)
doc.read_doc(Path(sys.argv[1]))
"""


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_kills_libreoffice_and_removes_the_profile(tmp_path, fake_soffice, signame):
    """Ctrl-C (KeyboardInterrupt) or SIGTERM while soffice hangs: its whole process group is killed
    and the private profile (and, for SIGTERM, the whole private folder) removed."""
    import signal
    import subprocess
    import sys

    (hang,) = _plans(tmp_path, "hang.doc")
    env = dict(os.environ, TMPDIR=str(tmp_path))
    process = subprocess.Popen([sys.executable, "-c", _INTERRUPTED_RUN, str(hang)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        private = Path(process.stdout.readline().strip())
        deadline = time.monotonic() + 30
        while len(fake_soffice.pid_list()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        pids = fake_soffice.pid_list()
        assert len(pids) == 2 and all(_alive(pid) for pid in pids)
        assert (private / "profile").exists()
        process.send_signal(getattr(signal, signame))
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    if signame == "SIGINT":
        assert "KeyboardInterrupt" in err
    else:
        assert process.returncode == -signal.SIGTERM, err
    assert _all_ended(pids)
    assert not (private / "profile").exists()
    assert not private.exists()  # atexit (Ctrl-C) or the SIGTERM handler removed the private folder


def test_a_hanging_text_tool_is_killed(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "sleep").symlink_to(shutil.which("sleep") or shutil.which("sleep", path=os.defpath))
    pid_file = tmp_path / "pids"
    script = bin_dir / "antiword"
    script.write_text(f"#!/bin/sh\nsleep 3600 &\necho $$ $! > '{pid_file}'\nwait\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(doc_module, "TEXT_TOOL_TIMEOUT", 1.0)
    (path,) = _plans(tmp_path, "plan.doc")
    started = time.perf_counter()
    with pytest.raises(InputError, match="antiword timed out after 1 s"):
        read_doc(path)
    assert time.perf_counter() - started < 10
    pids = [int(pid) for pid in pid_file.read_text().split()]
    assert len(pids) == 2 and _all_ended(pids)
