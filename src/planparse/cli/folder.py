"""`planparse parse DIR`: every plan file in a folder, with a progress bar and an ok/failed summary.

A broken file is reported on stderr and the rest continue. Output is JSON Lines on stdout (one
collection per file, in file order) or, with ``--out DIR``, one file per input.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.render import render

_EXTENSIONS = {"json": ".json", "markdown": ".md", "tree": ".txt"}


def _output_path(out_dir: Path, relative: Path, fmt: str, taken: set[Path]) -> Path:
    target = out_dir / relative.with_suffix(_EXTENSIONS.get(fmt, ".json"))
    if target in taken:  # plan.doc and plan.docx side by side
        target = out_dir / relative.parent / (relative.name + _EXTENSIONS.get(fmt, ".json"))
    taken.add(target)
    return target


def parse_folder(path: Path, fmt: str = "json", out_dir: Path | None = None, classify: bool = True,
                 taxonomy=None) -> int:
    """Parse every plan file under ``path``; return the exit status (0 all ok, 1 some failed, 2 none ok).

    Entries not read (symlinks out of the folder, unreadable sub-folders) get one warning line each.
    With ``out_dir``, no output may replace an input (exit 2 naming it, before anything is written),
    and each output is written atomically.
    """
    from planparse.pipeline import load_folder
    from planparse.read.folder import find_plan_files
    from planparse.safe_io import OutputError, atomic_write, printable, refuse_inputs, write_stdout

    err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
    skipped: list[Path] = []

    def skip(entry: Path, reason: str) -> None:
        skipped.append(entry)
        err.print(say("cli.warning", message=say("cli.skipped", name=printable(str(entry)), reason=reason)), markup=False)

    try:
        files = find_plan_files(path, on_skip=skip)
    except PlanparseError as exc:
        err.print(say("cli.error", message=printable(str(exc))), markup=False)
        return 2
    if not files:
        err.print(say("cli.error", message=say("cli.no_plan_files", name=printable(str(path)))), markup=False)
        return 2
    targets: dict[Path, Path] = {}
    if out_dir is not None:
        taken: set[Path] = set()
        targets = {file: _output_path(out_dir, file.relative_to(path), fmt, taken) for file in files}
        try:
            refuse_inputs(targets.values(), files, say("cli.choose_out_folder_or_format"))
        except OutputError as exc:
            err.print(say("cli.error", message=exc), markup=False)
            return 2
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            err.print(say("cli.error", message=say("cli.cannot_create_folder", name=printable(str(out_dir)),
                                                   reason=exc.strerror)), markup=False)
            return 2
    failures: list[tuple[Path, str]] = []
    ok = 0
    # File names are data: no console markup in the progress line.
    progress = Progress(TextColumn("{task.description}", markup=False, style="progress.description"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                        disable=not err.is_terminal)
    with progress:
        task = progress.add_task(say("folder_run.parsing"), total=len(files))
        for file, collection in load_folder(path, classify=classify, files=files, taxonomy=taxonomy):
            relative = file.relative_to(path)
            progress.update(task, description=printable(str(relative)))
            try:
                if isinstance(collection, Exception):
                    raise collection
                if out_dir is None:
                    write_stdout(render(collection, fmt, one_line=True) if fmt == "json"
                                 else f"==> {printable(str(relative))} <==\n" + render(collection, fmt, one_line=False))
                else:
                    target = targets[file]
                    try:
                        target.parent.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        raise OutputError(say("cli.cannot_write", name=printable(str(target)),
                                              reason=exc.strerror or exc)) from None
                    atomic_write(target, render(collection, fmt, one_line=False))
                ok += 1
            except PlanparseError as exc:
                failures.append((relative, str(exc)))
                progress.console.print(say("cli.error", message=printable(str(exc))), markup=False)
            progress.advance(task)
    summary = say("folder_run.summary", count=len(files), counts=say("folder_run.parsed", ok=ok, failed=len(failures)))
    if skipped:
        summary += say("folder_run.skipped", count=len(skipped))
    if out_dir is not None:
        summary += say("folder_run.output_in", name=printable(str(out_dir)))
    err.print(summary, markup=False)
    if not failures:
        return 0
    return 2 if ok == 0 else 1
