"""`planparse parse DIR`: every plan file in a folder, with a progress bar and an ok/failed summary.

A broken file is reported on stderr and the rest continue. Output is JSON Lines on stdout (one
collection per file, in file order) or, with ``--out DIR``, one file per input.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from planparse.errors import PlanparseError
from planparse.render import render

_EXTENSIONS = {"json": ".json", "markdown": ".md", "tree": ".txt"}


def _output_path(out_dir: Path, relative: Path, fmt: str, taken: set[Path]) -> Path:
    target = out_dir / relative.with_suffix(_EXTENSIONS.get(fmt, ".json"))
    if target in taken:  # plan.doc and plan.docx side by side
        target = out_dir / relative.parent / (relative.name + _EXTENSIONS.get(fmt, ".json"))
    taken.add(target)
    return target


def parse_folder(path: Path, fmt: str = "json", out_dir: Path | None = None, classify: bool = True) -> int:
    """Parse every plan file under ``path``; return the exit status (0 all ok, 1 some failed, 2 none ok)."""
    from planparse.pipeline import load_folder
    from planparse.read.folder import find_plan_files

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        files = find_plan_files(path)
    except PlanparseError as exc:
        err.print(f"planparse: error: {exc}", markup=False)
        return 2
    if not files:
        err.print(f"planparse: error: {path}: no .txt/.docx/.doc/.wps files in this folder", markup=False)
        return 2
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            err.print(f"planparse: error: {out_dir}: cannot create output folder ({exc.strerror})", markup=False)
            return 2
    failures: list[tuple[Path, str]] = []
    ok = 0
    taken: set[Path] = set()
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal)
    with progress:
        task = progress.add_task("parsing", total=len(files))
        for file, collection in load_folder(path, classify=classify, files=files):
            relative = file.relative_to(path)
            progress.update(task, description=str(relative))
            try:
                if isinstance(collection, Exception):
                    raise collection
                if out_dir is None:
                    sys.stdout.write(render(collection, fmt, one_line=True) if fmt == "json"
                                     else f"==> {relative} <==\n" + render(collection, fmt, one_line=False))
                    sys.stdout.flush()
                else:
                    target = _output_path(out_dir, relative, fmt, taken)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(render(collection, fmt, one_line=False), encoding="utf-8")
                ok += 1
            except PlanparseError as exc:
                failures.append((relative, str(exc)))
                progress.console.print(f"planparse: error: {exc}", markup=False)
            progress.advance(task)
    summary = f"planparse: {len(files)} files: {ok} ok, {len(failures)} failed"
    if out_dir is not None:
        summary += f" (output in {out_dir})"
    err.print(summary, markup=False)
    if not failures:
        return 0
    return 2 if ok == 0 else 1
