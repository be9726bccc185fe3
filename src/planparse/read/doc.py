"""Read Word 97-2003 (.doc) and WPS (.wps) files.

LibreOffice converts them to .docx, which keeps Word's automatic numbering, and the .docx reader does
the rest. Where LibreOffice is missing, antiword or catdoc give the text without automatic numbers
(a warning says so). Each process uses its own LibreOffice profile, so parallel runs never share one.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from planparse.errors import InputError, MissingToolError
from planparse.read.types import OLE_MAGIC, ZIP_MAGIC, RawDocument, blocks_from_lines

RTF_MAGIC = b"{\\rtf"
MAX_FILE_BYTES = 200 * 1024 * 1024
CONVERT_TIMEOUT = float(os.environ.get("PLANPARSE_SOFFICE_TIMEOUT", "120"))  # first start builds the profile
TEXT_TOOL_TIMEOUT = 60
INSTALL_HINT = ("reading .doc/.wps needs LibreOffice (apt-get install libreoffice-writer-nogui) "
                "or antiword (apt-get install antiword)")
NUMBERS_LOST = "{tool} was used because LibreOffice is not installed: Word's automatic numbers (一、 （一） 1.) are lost"

_lock = threading.Lock()  # one LibreOffice profile per process: conversions in it run one at a time
_work_dir: Path | None = None
# (resolved path, size, mtime_ns) -> converted .docx, filled by prefetch() for folders
_converted: dict[tuple[str, int, int], Path] = {}


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def find_text_tool() -> tuple[str, str] | None:
    """(name, path) of antiword or catdoc, in that order of preference."""
    for name in ("antiword", "catdoc"):
        found = shutil.which(name)
        if found:
            return name, found
    return None


def _private_dir() -> Path:
    global _work_dir
    if _work_dir is None:
        _work_dir = Path(tempfile.mkdtemp(prefix=f"planparse-lo-{os.getpid()}-"))
        atexit.register(shutil.rmtree, _work_dir, True)
    return _work_dir


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run a converter in its own process group so a timeout kills soffice.bin too."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def convert_to_docx(paths: list[Path], out_dir: Path, timeout: float = CONVERT_TIMEOUT) -> dict[Path, Path]:
    """Convert many .doc/.wps files to .docx with as few LibreOffice runs as possible.

    Returns input → converted .docx for the files that converted; files LibreOffice could not open
    are missing from the result.
    """
    return convert_with_libreoffice(paths, out_dir, "docx:MS Word 2007 XML", timeout)


def convert_with_libreoffice(paths: list[Path], out_dir: Path, target: str,
                             timeout: float = CONVERT_TIMEOUT) -> dict[Path, Path]:
    """Batch ``soffice --convert-to target`` in this process's private profile.

    Inputs sharing a file name go to separate runs (LibreOffice names outputs after the input's stem).
    """
    extension = target.split(":", 1)[0]
    soffice = find_soffice()
    if soffice is None:
        raise MissingToolError(INSTALL_HINT)
    out_dir.mkdir(parents=True, exist_ok=True)
    batches = batches_by_stem(paths)
    converted: dict[Path, Path] = {}
    profile = _private_dir() / "profile"
    for index, batch in enumerate(batches):
        batch_dir = out_dir / f"batch{index}"
        batch_dir.mkdir(exist_ok=True)
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore",
                   "--nologo", "--nodefault", "--nolockcheck", "--convert-to", target,
                   "--outdir", str(batch_dir), *(str(p) for p in batch)]
        with _lock:
            try:
                _run(command, timeout * max(1, len(batch) // 4 + 1))
            except subprocess.TimeoutExpired:
                continue  # the files of this batch are reported as failed by the caller
            except OSError as exc:
                raise MissingToolError(f"cannot run LibreOffice ({exc.strerror}); {INSTALL_HINT}") from None
        for path in batch:
            result = batch_dir / f"{path.stem}.{extension}"
            if result.is_file() and result.stat().st_size > 0:
                converted[path] = result
    return converted


def batches_by_stem(paths: list[Path]) -> list[list[Path]]:
    """Group paths so no two in a group share a stem (LibreOffice writes <outdir>/<stem>.<ext>)."""
    batches: list[tuple[set[str], list[Path]]] = []
    for path in paths:
        for stems, batch in batches:
            if path.stem not in stems:
                stems.add(path.stem)
                batch.append(path)
                break
        else:
            batches.append(({path.stem}, [path]))
    return [batch for _, batch in batches]


def looks_like_word_binary(path: Path) -> bool:
    """An OLE compound file with a valid header and a Word (or Works) document stream.

    LibreOffice opens anything, falling back to importing bytes as text, so garbage behind an OLE
    signature is refused here rather than turned into a page of mojibake.
    """
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES)
    if len(data) < 1536 or not data.startswith(OLE_MAGIC):
        return False
    byte_order, sector_shift = data[28:30], int.from_bytes(data[30:32], "little")
    if byte_order != b"\xfe\xff" or sector_shift not in (9, 12):
        return False
    return any(name.encode("utf-16-le") in data for name in ("WordDocument", "CONTENTS"))


def is_password_protected(path: Path) -> bool:
    """True when the Word binary's FIB says the document is encrypted or XOR-obfuscated.

    The WordDocument stream starts on a sector boundary with the FIB (magic 0xA5EC); its flags word
    at offset 10 holds fEncrypted (0x0100) and fObfuscated (0x8000). Checked here because LibreOffice
    would only fail with a generic "could not load".
    """
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES)
    for offset in range(512, len(data) - 12, 512):
        if data[offset:offset + 2] == b"\xec\xa5" and 0x0065 <= int.from_bytes(data[offset + 2:offset + 4], "little") <= 0x0200:
            flags = int.from_bytes(data[offset + 10:offset + 12], "little")
            return bool(flags & 0x0100 or flags & 0x8000)
    return False


def _key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def prefetch(paths: list[Path]) -> None:
    """Convert the .doc/.wps files among ``paths`` in one batch, so later read_doc calls are instant."""
    legacy = [Path(p) for p in paths if Path(p).suffix.lower() in (".doc", ".wps")]
    if not legacy or find_soffice() is None:
        return
    candidates = []
    for path in legacy:
        try:
            if looks_like_word_binary(path):
                candidates.append(path)
        except OSError:
            continue
    if not candidates:
        return
    out_dir = Path(tempfile.mkdtemp(dir=_private_dir(), prefix="batch-"))
    for source, result in convert_to_docx(candidates, out_dir).items():
        try:
            _converted[_key(source)] = result
        except OSError:
            pass


def _check(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise InputError(f"{path}: is a directory, not a Word file")
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if size == 0:
        raise InputError(f"{path}: empty file, not a Word document")
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path}: file too large ({size // 2**20} MB > {MAX_FILE_BYTES // 2**20} MB)")
    with path.open("rb") as handle:
        return handle.read(8)


def read_doc(path: str | Path) -> RawDocument:
    """Read a .doc or .wps file into a RawDocument (via LibreOffice, else antiword/catdoc)."""
    path = Path(path)
    head = _check(path)
    fmt = path.suffix.lower().lstrip(".") or "doc"
    if head.startswith(ZIP_MAGIC):
        from planparse.read.docx import read_docx

        raw = read_docx(path, source=str(path))
        raw.warnings.append(f"{path.name} is a .docx file with a .{fmt} name; read as .docx")
        return raw
    if not head.startswith(OLE_MAGIC) and not head.startswith(RTF_MAGIC):
        raise InputError(f"{path}: not a Word 97-2003 or WPS document (unrecognised file signature)")
    if head.startswith(OLE_MAGIC) and not looks_like_word_binary(path):
        raise InputError(f"{path}: damaged or not a Word document (no Word document stream in the OLE file)")
    if head.startswith(OLE_MAGIC) and is_password_protected(path):
        raise InputError(f"{path}: the document is password-protected; save it without a password")
    if find_soffice() is not None:
        return _read_with_libreoffice(path, fmt)
    tool = find_text_tool()
    if tool is None:
        raise MissingToolError(f"{path}: {INSTALL_HINT}")
    return _read_with_text_tool(path, fmt, *tool)


def _read_with_libreoffice(path: Path, fmt: str) -> RawDocument:
    from planparse.read.docx import read_docx

    converted = _converted.get(_key(path))
    if converted is None or not converted.exists():
        out_dir = Path(tempfile.mkdtemp(dir=_private_dir(), prefix="one-"))
        converted = convert_to_docx([path], out_dir).get(path)
        if converted is None:
            shutil.rmtree(out_dir, ignore_errors=True)
            raise InputError(f"{path}: LibreOffice could not open it (damaged, password-protected, or not a Word file)")
        _converted[_key(path)] = converted
    raw = read_docx(converted, source=str(path))
    raw.format = fmt
    return raw


def _read_with_text_tool(path: Path, fmt: str, name: str, executable: str) -> RawDocument:
    if name == "antiword":
        command = [executable, "-m", "UTF-8.txt", "-w", "0", str(path)]
    else:
        command = [executable, "-d", "utf-8", "-w", str(path)]
    try:
        result = _run(command, TEXT_TOOL_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise InputError(f"{path}: {name} timed out after {TEXT_TOOL_TIMEOUT} s") from None
    text = result.stdout.decode("utf-8", errors="replace")
    if result.returncode != 0 or not text.strip():
        reason = result.stderr.decode("utf-8", errors="replace").strip().splitlines()
        detail = reason[-1] if reason else f"exit status {result.returncode}"
        if "encrypt" in detail.lower() or "password" in detail.lower():
            raise InputError(f"{path}: the document is password-protected; save it without a password")
        raise InputError(f"{path}: {name} could not read it ({detail})")
    # antiword indents and wraps nothing with -w 0; strip the trailing blank lines it adds.
    text = text.replace("\r\n", "\n").rstrip("\n")
    raw = RawDocument(text=text, blocks=blocks_from_lines(text), source=str(path), format=fmt, encoding="utf-8")
    raw.warnings.append(NUMBERS_LOST.format(tool=name))
    return raw
