"""Folders of plans: find the files, convert the legacy Word ones in one batch, read each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from planparse.errors import InputError, PlanparseError
from planparse.read.types import RawDocument

PLAN_SUFFIXES = (".txt", ".docx", ".doc", ".wps")
GOLD_SUFFIX = ".gold.txt"


def find_plan_files(directory: str | Path) -> list[Path]:
    """Plan files under ``directory`` (recursively), sorted by relative path.

    Hidden files and folders, Word's "~$name.docx" lock files and gold annotations beside corpus
    plans (NAME.gold.txt, see corpus/README.md) are skipped.
    """
    root = Path(directory)
    if not root.is_dir():
        raise InputError(f"{root}: not a folder")
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or path.name.startswith("~$"):
            continue
        if path.name.endswith(GOLD_SUFFIX):
            continue
        if path.suffix.lower() in PLAN_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def iter_folder(directory: str | Path, files: list[Path] | None = None) -> Iterator[tuple[Path, RawDocument | PlanparseError]]:
    """Yield (path, RawDocument) per plan file, or (path, error) for a file that cannot be read.

    .doc/.wps files are converted by LibreOffice in one batch first (a second per file otherwise).
    """
    from planparse.read import read_path
    from planparse.read.doc import prefetch

    files = find_plan_files(directory) if files is None else files
    try:
        prefetch(files)
    except PlanparseError:
        pass  # each file then reports its own error (e.g. a missing converter)
    for path in files:
        try:
            yield path, read_path(path)
        except PlanparseError as exc:
            yield path, exc
