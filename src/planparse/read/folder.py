"""Folders of plans: find the files, convert the legacy Word ones in one batch, read each."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from planparse.budget import file_budget, time_budget
from planparse.errors import InputError, PlanparseError
from planparse.messages import say
from planparse.read.types import RawDocument

PLAN_SUFFIXES = (".txt", ".docx", ".doc", ".wps", ".pdf")
GOLD_SUFFIX = ".gold.txt"

OnSkip = Callable[[Path, str], None]
_log = logging.getLogger(__name__)


def _log_skip(path: Path, reason: str) -> None:
    """The default report of a skipped entry: one warning line (shown on stderr when logging is not set up)."""
    from planparse.safe_io import printable

    _log.warning(say("folder.skipped", name=printable(str(path)), reason=reason))  # no args: never %-formatted


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the reader reports the file's own error


def _inside(path: Path, real_root: Path) -> bool:
    """Whether ``path``, symlinks resolved, lies inside the folder ``real_root`` (already resolved)."""
    return Path(os.path.realpath(path)).is_relative_to(real_root)


def find_plan_files(directory: str | Path, on_skip: OnSkip | None = None) -> list[Path]:
    """Plan files under ``directory`` (recursively), sorted by relative path.

    Hidden files and folders, Word's "~$name.docx" lock files and gold annotations beside corpus
    plans (NAME.gold.txt, see corpus/README.md) are skipped silently. Reported through ``on_skip(path,
    reason)`` (default: a logged warning, one line each) and not read: a symlink that points outside the
    folder (``-> /etc/passwd``), a broken symlink, a sub-folder that cannot be read. Symlinks to folders
    are never descended (those inside the folder are read where they are). An unreadable ``directory``
    itself is an InputError.
    """
    root = Path(directory)
    if not root.is_dir():
        raise InputError(say("folder.not_folder", name=root))
    real_root = root.resolve()
    report = on_skip or _log_skip

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        if os.path.realpath(where) == str(real_root):
            raise InputError(say("folder.cannot_read", name=root, reason=exc.strerror or exc))
        report(where, say("folder.skip_cannot_read", reason=exc.strerror or exc))

    found = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        base = Path(dirpath)
        kept = []
        for name in dirnames:
            if name.startswith("."):
                continue
            path = base / name
            if path.is_symlink():  # listed with the folders but never walked into
                if not _inside(path, real_root):
                    report(path, say("folder.skip_folder_link_outside"))
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            if name.startswith((".", "~$")) or name.endswith(GOLD_SUFFIX):
                continue
            if os.path.splitext(name)[1].lower() not in PLAN_SUFFIXES:
                continue
            path = base / name
            if path.is_symlink():
                if not path.exists():
                    report(path, say("folder.skip_broken_link"))
                    continue
                if not _inside(path, real_root):
                    report(path, say("folder.skip_file_link_outside"))
                    continue
            if path.is_file():
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def iter_folder(directory: str | Path, files: list[Path] | None = None) -> Iterator[tuple[Path, RawDocument | PlanparseError]]:
    """Yield (path, RawDocument) per plan file, or (path, error) for a file that cannot be read.

    Each file is read within its time budget (``planparse.budget``); one that runs over is reported
    as a TimeBudgetError and the walk goes on.

    .doc/.wps files are converted by LibreOffice in one batch first (a second per file otherwise).
    """
    from planparse.read import read_path
    from planparse.read.doc import prefetch

    files = find_plan_files(directory) if files is None else files
    real_root = Path(directory).resolve()
    try:
        prefetch([f for f in files if not f.is_symlink() or _inside(f, real_root)])
    except PlanparseError:
        pass  # each file then reports its own error (e.g. a missing converter)
    for path in files:
        if path.is_symlink() and not _inside(path, real_root):  # replaced by a link since it was found
            yield path, InputError(say("folder.link_outside", name=path))
            continue
        try:
            with time_budget(file_budget(_size(path), path.suffix), say("budget.reading", name=path)):
                raw = read_path(path)
        except PlanparseError as exc:
            yield path, exc
        else:
            yield path, raw
