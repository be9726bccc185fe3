"""Read Word 97-2003 (.doc) and WPS (.wps) files.

LibreOffice converts them to .docx, which keeps Word's automatic numbering, and the .docx reader does
the rest. Where LibreOffice is missing, antiword or catdoc give the text without automatic numbers
(a warning says so). Each process uses its own LibreOffice profile, so parallel runs never share one.

Converters never outlive a call and never stall a batch:
- each runs in its own session (process group); on a timeout, Ctrl-C (KeyboardInterrupt), SIGTERM or
  any other exception the whole group is killed with SIGKILL and, for LibreOffice, the private
  profile is removed (the next run builds a fresh one). SIGTERM is handled only while a converter runs,
  from the main thread, and only when no other handler is installed: the group is killed, the private
  folder removed, and the signal delivered again with its default action.
- the timeout (``CONVERT_TIMEOUT``, env ``PLANPARSE_SOFFICE_TIMEOUT``) is per file: a batch run is
  given that long again each time it finishes a file. A file LibreOffice hangs on fails alone with
  "timed out after N s"; the files after it go on in a new run, and it is not converted again (by
  path, size and mtime) in this process.
- a damaged OLE file (no Word document stream where the directory says, or no directory) is reported
  as damaged without running any tool.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from planparse.errors import InputError, MissingToolError
from planparse.messages import say
from planparse.read.types import OLE_MAGIC, ZIP_MAGIC, RawDocument, blocks_from_lines

RTF_MAGIC = b"{\\rtf"
MAX_FILE_BYTES = 200 * 1024 * 1024


def _timeout_from_env(default: float) -> float:
    try:
        value = float(os.environ.get("PLANPARSE_SOFFICE_TIMEOUT", default))
    except ValueError:
        return default
    return value if value > 0 else default


CONVERT_TIMEOUT = _timeout_from_env(120.0)  # per file; the first start in a process builds the profile
TEXT_TOOL_TIMEOUT = 60
MAX_TOOL_OUTPUT = 50 * 1024 * 1024  # antiword/catdoc text kept (the .txt limit); more is refused
POLL_SECONDS = 0.05
LOAD_FAILED = "Error: source file could not be loaded"  # what soffice prints (stderr) per file it cannot open

_lock = threading.Lock()  # one LibreOffice profile per process: conversions in it run one at a time
_work_dir: Path | None = None
# (resolved path, size, mtime_ns) -> converted .docx, filled by prefetch() for folders
_converted: dict[tuple[str, int, int], Path] = {}
# (resolved path, size, mtime_ns) -> the timeout LibreOffice ran out of on it; never converted again
_timed_out: dict[tuple[str, int, int], float] = {}


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


def _profile_dir() -> Path:
    return _private_dir() / "profile"


def _remove_profile() -> None:
    """Remove the private LibreOffice profile (after a killed run it may be half written or locked)."""
    if _work_dir is not None:
        shutil.rmtree(_work_dir / "profile", ignore_errors=True)


class _Terminated(BaseException):
    """SIGTERM arrived while a converter ran (raised by the temporary handler)."""


@contextlib.contextmanager
def _sigterm_cleans_up():
    """While converters run, turn SIGTERM into ``_Terminated`` so every ``finally`` on the way kills
    the converter's process group and removes the profile; then remove this process's private folder
    and deliver SIGTERM again with its default action, so the process ends as it would have.

    Only from the main thread (Python's rule) and only when SIGTERM has its default action: a handler
    the application installed is left alone (the cleanup then runs if that handler raises).
    """
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def handler(signum, frame):
        raise _Terminated()

    signal.signal(signal.SIGTERM, handler)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if _work_dir is not None:
            shutil.rmtree(_work_dir, ignore_errors=True)
        os.kill(os.getpid(), signal.SIGTERM)
        raise SystemExit(128 + signal.SIGTERM) from None  # only if the signal has not ended us yet
    finally:
        if signal.getsignal(signal.SIGTERM) is handler:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _exited(process: subprocess.Popen) -> bool:
    """Has the process ended? Leaves it unreaped (a zombie still owns its process group id, so killing
    the group afterwards can never hit an unrelated group that reused the number)."""
    if hasattr(os, "waitid"):
        try:
            return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:
            return process.poll() is not None
    return process.poll() is not None


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _run(command: list[str], timeout: float, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
         progress: Callable[[], object] | None = None) -> int:
    """Run a converter in its own session and return its exit status.

    The deadline is ``timeout`` seconds after the start, or after the last change of ``progress()``
    (a batch gets the full timeout for each file). On the deadline the process group is killed and
    ``subprocess.TimeoutExpired`` raised; on any exception while waiting (Ctrl-C, SIGTERM via
    ``_sigterm_cleans_up``) the group is killed and the exception goes on. Whatever happens, nothing
    the converter started is left running (children it moved to another session excepted).
    """
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                               start_new_session=True)
    try:
        seen = progress() if progress else None
        deadline = time.monotonic() + timeout
        pause = 0.005
        while not _exited(process):
            now = time.monotonic()
            if progress is not None:
                current = progress()
                if current != seen:
                    seen, deadline = current, now + timeout
            if now >= deadline:
                raise subprocess.TimeoutExpired(command, timeout)
            time.sleep(min(pause, max(deadline - now, 0.001)))
            pause = min(pause * 2, POLL_SECONDS)
    finally:
        _kill_group(process)  # stragglers after a normal exit; everything on timeout or interrupt
        process.wait()
    return process.returncode


def convert_to_docx(paths: list[Path], out_dir: Path, timeout: float | None = None,
                    timed_out: dict[Path, float] | None = None) -> dict[Path, Path]:
    """Convert many .doc/.wps files to .docx with as few LibreOffice runs as possible.

    Returns input → converted .docx for the files that converted; files LibreOffice could not open
    are missing from the result, and files it hung on are also put in ``timed_out`` (see read_doc).
    """
    return convert_with_libreoffice(paths, out_dir, "docx:MS Word 2007 XML",
                                    CONVERT_TIMEOUT if timeout is None else timeout, timed_out)


def convert_with_libreoffice(paths: list[Path], out_dir: Path, target: str, timeout: float | None = None,
                             timed_out: dict[Path, float] | None = None) -> dict[Path, Path]:
    """Batch ``soffice --convert-to target`` in this process's private profile.

    Inputs sharing a file name go to separate runs (LibreOffice names outputs after the input's stem).
    ``timeout`` is per file. A file LibreOffice hangs on is left out of the result and put in
    ``timed_out`` (path → seconds) when given; the files after it are converted by a new run.
    """
    timeout = CONVERT_TIMEOUT if timeout is None else timeout  # read at call time: tests and callers may set it
    extension = target.split(":", 1)[0]
    soffice = find_soffice()
    if soffice is None:
        raise MissingToolError(say("doc.install_hint"))
    out_dir.mkdir(parents=True, exist_ok=True)
    pending = batches_by_stem(paths)
    converted: dict[Path, Path] = {}
    runs = 0
    with _lock, _sigterm_cleans_up():
        while pending:
            batch = pending.pop(0)
            batch_dir = out_dir / f"batch{runs}"
            log_out, log_err = out_dir / f"batch{runs}.out", out_dir / f"batch{runs}.err"
            runs += 1
            batch_dir.mkdir(exist_ok=True)
            command = [soffice, f"-env:UserInstallation={_profile_dir().as_uri()}", "--headless", "--invisible",
                       "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--convert-to", target,
                       "--outdir", str(batch_dir), *(str(p) for p in batch)]

            def progress(batch_dir=batch_dir, log_out=log_out, log_err=log_err):
                return len(os.listdir(batch_dir)), _size(log_out), _size(log_err)

            hung = None
            try:
                with log_out.open("wb") as out, log_err.open("wb") as err:
                    _run(command, timeout, stdout=out, stderr=err, progress=progress)
            except subprocess.TimeoutExpired:
                _remove_profile()
                hung = _hung_file(batch, batch_dir, extension, _tail(log_out), _tail(log_err))
            except OSError as exc:
                raise MissingToolError(say("doc.cannot_run_converter", reason=exc.strerror,
                                           hint=say("doc.install_hint"))) from None
            except BaseException:
                _remove_profile()
                raise
            for path in batch:
                result = batch_dir / f"{path.stem}.{extension}"
                if path != hung and result.is_file() and result.stat().st_size > 0:
                    converted[path] = result
            if hung is not None:
                index = batch.index(hung)
                if timed_out is not None:
                    timed_out[hung] = timeout
                with contextlib.suppress(OSError):
                    _timed_out[_key(hung)] = timeout
                rest = [path for path in batch[index + 1:] if path not in converted]
                if rest:
                    pending.insert(0, rest)
    return converted


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _tail(path: Path, limit: int = 1 << 20) -> str:
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            handle.seek(max(0, size - limit))
            return handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _hung_file(batch: list[Path], batch_dir: Path, extension: str, out: str, err: str) -> Path | None:
    """The file a killed batch run was stuck on, or None when it had finished every file.

    LibreOffice converts its arguments in order, printing "convert SRC -> DEST …" once a file is loaded
    (then it writes DEST) and LOAD_FAILED for a file it cannot open. The stuck file is the one whose
    "convert" line has no output yet (stuck writing), else the first file after those it reported
    (stuck loading). Without usable messages: the first file after the last output.
    """
    done = [(batch_dir / f"{path.stem}.{extension}").is_file() for path in batch]
    after_last_output = max((i + 1 for i, ok in enumerate(done) if ok), default=0)
    converting = [line[len("convert "):].split(" -> ", 1)[0] for line in out.splitlines() if line.startswith("convert ")]
    if converting:
        last = converting[-1]
        for i, path in enumerate(batch):
            if last in (str(path), os.path.abspath(path)) and not done[i]:
                return path
    reported = len(converting) + err.count(LOAD_FAILED)
    position = max(reported, after_last_output)
    return batch[position] if position < len(batch) else None


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


_ENDOFCHAIN_OR_SPECIAL = 0xFFFFFFFA  # sector numbers above this are markers (MS-CFB MAXREGSECT)
_WORD_STREAMS = ("WordDocument", "CONTENTS")  # Word 6-2003 and WPS; Works


def ole_damage(data: bytes) -> str | None:
    """Why an OLE compound file (header already checked by looks_like_word_binary) cannot be a Word or
    WPS document, or None when it may be one. Reads only the directory (MS-CFB) and the first bytes of
    the WordDocument stream, so a damaged file is reported without LibreOffice or antiword.

    Only definite faults count: no directory inside the file, no WordDocument/CONTENTS stream in it, or
    a WordDocument stream starting outside the file. Anything this check cannot follow (a broken FAT, a
    stream in the mini stream) is left to the converters; so is the FIB's magic number, which real files
    do not always have (Apache POI's Bug51944.doc, read by antiword and LibreOffice, has 0xA699).
    """
    sector_size = 1 << int.from_bytes(data[30:32], "little")
    sectors = len(data) // sector_size - 1  # sector n starts at (n + 1) * sector_size

    def u32(offset: int) -> int:
        return int.from_bytes(data[offset:offset + 4], "little")

    def sector(n: int) -> bytes | None:
        if n > _ENDOFCHAIN_OR_SPECIAL or n >= sectors:
            return None
        return data[(n + 1) * sector_size:(n + 2) * sector_size]

    # The FAT: sector numbers from the header's DIFAT array, then the DIFAT chain (bounded by the file).
    per_sector = sector_size // 4
    fat_sectors = [u32(76 + 4 * i) for i in range(109)][:u32(44)]
    difat, seen = u32(68), set()
    while len(fat_sectors) < u32(44) and difat not in seen and (chunk := sector(difat)) is not None:
        seen.add(difat)
        fat_sectors += [int.from_bytes(chunk[4 * i:4 * i + 4], "little") for i in range(per_sector - 1)]
        difat = int.from_bytes(chunk[-4:], "little")

    def next_sector(n: int) -> int | None:
        index, slot = divmod(n, per_sector)
        fat = sector(fat_sectors[index]) if index < len(fat_sectors) else None
        return None if fat is None else int.from_bytes(fat[4 * slot:4 * slot + 4], "little")

    first = u32(48)
    if sector(first) is None:
        return say("doc.damage_directory_outside")
    directory, current, visited = [], first, set()
    while current is not None and current not in visited and (chunk := sector(current)) is not None:
        visited.add(current)
        directory.append(chunk)
        current = next_sector(current)
    entries = b"".join(directory)
    found: dict[str, tuple[int, int]] = {}
    for offset in range(0, len(entries) - 127, 128):
        entry = entries[offset:offset + 128]
        name_len = int.from_bytes(entry[64:66], "little")
        if entry[66] != 2 or not 2 <= name_len <= 64 or name_len % 2:
            continue  # only streams with a sane name
        name = entry[:name_len - 2].decode("utf-16-le", errors="replace")
        if name in _WORD_STREAMS:
            found.setdefault(name, (int.from_bytes(entry[116:120], "little"), int.from_bytes(entry[120:124], "little")))
    if not found:
        return say("doc.damage_no_stream")
    if "WordDocument" not in found:
        return None  # a Works/WPS CONTENTS stream: not checked further
    start, size = found["WordDocument"]
    if size < u32(56) or size < 32:
        return None  # kept in the mini stream: left to the converters
    if sector(start) is None:
        return say("doc.damage_stream_outside")
    return None


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
                with path.open("rb") as handle:
                    if not ole_damage(handle.read(MAX_FILE_BYTES)):
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
            raise InputError(say("doc.is_folder", name=path))
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(say("read.no_such_file", name=path)) from None
    except OSError as exc:
        raise InputError(say("doc.cannot_read", name=path, reason=exc.strerror)) from None
    if size == 0:
        raise InputError(say("word.empty", name=path))
    if size > MAX_FILE_BYTES:
        raise InputError(say("word.too_large", name=path, size=size // 2**20, limit=MAX_FILE_BYTES // 2**20))
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
        raw.warnings.append(say("doc.docx_named_doc", file=path.name, fmt=fmt))
        return raw
    if not head.startswith(OLE_MAGIC) and not head.startswith(RTF_MAGIC):
        raise InputError(say("doc.bad_signature", name=path))
    if head.startswith(OLE_MAGIC) and not looks_like_word_binary(path):
        raise InputError(say("doc.no_word_stream", name=path))
    if head.startswith(OLE_MAGIC):
        with path.open("rb") as handle:
            damage = ole_damage(handle.read(MAX_FILE_BYTES))
        if damage:
            raise InputError(say("doc.damaged", name=path, reason=damage))
    if head.startswith(OLE_MAGIC) and is_password_protected(path):
        raise InputError(say("word.password", name=path))
    if find_soffice() is not None:
        return _read_with_libreoffice(path, fmt)
    tool = find_text_tool()
    if tool is None:
        raise MissingToolError(say("doc.no_tool", name=path, hint=say("doc.install_hint")))
    return _read_with_text_tool(path, fmt, *tool)


def _read_with_libreoffice(path: Path, fmt: str) -> RawDocument:
    from planparse.read.docx import read_docx

    key = _key(path)
    if key in _timed_out:  # hung in an earlier batch: not tried again at full timeout
        raise InputError(say("doc.converter_timeout", name=path, seconds=_timed_out[key]))
    converted = _converted.get(key)
    if converted is None or not converted.exists():
        out_dir = Path(tempfile.mkdtemp(dir=_private_dir(), prefix="one-"))
        timed_out: dict[Path, float] = {}
        converted = convert_to_docx([path], out_dir, timed_out=timed_out).get(path)
        if converted is None:
            shutil.rmtree(out_dir, ignore_errors=True)
            if path in timed_out:
                raise InputError(say("doc.converter_timeout", name=path, seconds=timed_out[path]))
            raise InputError(say("doc.converter_failed", name=path))
        _converted[key] = converted
    raw = read_docx(converted, source=str(path))
    raw.format = fmt
    return raw


def _read_with_text_tool(path: Path, fmt: str, name: str, executable: str) -> RawDocument:
    if name == "antiword":
        command = [executable, "-m", "UTF-8.txt", "-w", "0", str(path)]
    else:
        command = [executable, "-d", "utf-8", "-w", str(path)]
    # Output goes to temporary files, not pipes: no pipe can fill and stall the tool, and the text is
    # size-checked before it is read (MAX_TOOL_OUTPUT).
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, _sigterm_cleans_up():
        try:
            returncode = _run(command, TEXT_TOOL_TIMEOUT, stdout=out, stderr=err)
        except subprocess.TimeoutExpired:
            raise InputError(say("doc.tool_timeout", name=path, tool=name, seconds=TEXT_TOOL_TIMEOUT)) from None
        except OSError as exc:
            raise MissingToolError(say("doc.cannot_run_tool", name=path, tool=name, reason=exc.strerror,
                                       hint=say("doc.install_hint"))) from None
        size = os.fstat(out.fileno()).st_size
        if size > MAX_TOOL_OUTPUT:
            raise InputError(say("doc.tool_output_too_large", name=path, tool=name, size=size // 2**20,
                                 limit=MAX_TOOL_OUTPUT // 2**20))
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
        err.seek(max(0, os.fstat(err.fileno()).st_size - 65536))
        messages = err.read().decode("utf-8", errors="replace")
    if returncode != 0 or not text.strip():
        reason = messages.strip().splitlines()
        detail = reason[-1] if reason else say("doc.exit_status", code=returncode)
        if "encrypt" in detail.lower() or "password" in detail.lower():
            raise InputError(say("word.password", name=path))
        raise InputError(say("doc.tool_failed", name=path, tool=name, detail=detail))
    # antiword indents and wraps nothing with -w 0; strip the trailing blank lines it adds.
    text = text.replace("\r\n", "\n").rstrip("\n")
    raw = RawDocument(text=text, blocks=blocks_from_lines(text), source=str(path), format=fmt, encoding="utf-8")
    raw.warnings.append(say("doc.numbers_lost", tool=name))
    return raw
