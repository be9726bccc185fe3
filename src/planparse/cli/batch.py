"""Folder runs of `lint`, `classify` and `export`: every plan file under a folder, one at a time.

The same walk and reporting as `planparse parse DIR` (cli/folder.py): files found by
``read.folder.find_plan_files`` (symlinks out of the folder and unreadable sub-folders skipped with one
line each), .doc/.wps converted in one batch, a progress bar on stderr when it is a terminal, a broken
file reported on its own line while the rest go on, and a summary line at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.read.types import RawDocument


@dataclass
class FolderRun:
    """One folder run: ``files`` found, then ``each()`` yields (file, relative name, RawDocument) while a
    progress bar advances; a file that cannot be read is reported and counted, not yielded."""

    folder: Path
    activity: str  # parsing, linting, classifying or exporting: its words are [folder_run] of data/messages/cli.toml
    files: list[Path] = field(default_factory=list)
    skipped: int = 0
    failed: int = 0
    console: Console = field(default_factory=lambda: Console(stderr=True, highlight=False, soft_wrap=True, emoji=False))
    _progress: Progress | None = None

    def find(self) -> list[Path]:
        """The plan files under the folder; PlanparseError when the folder cannot be read or holds none."""
        from planparse.read.folder import find_plan_files
        from planparse.safe_io import printable

        def skip(entry: Path, reason: str) -> None:
            self.skipped += 1
            self.say(say("cli.warning", message=say("cli.skipped", name=printable(str(entry)), reason=reason)))

        self.files = find_plan_files(self.folder, on_skip=skip)
        if not self.files:
            raise PlanparseError(say("cli.no_plan_files", name=printable(str(self.folder))))
        return self.files

    def say(self, line: str) -> None:
        """One line on stderr, above the progress bar; file names and text are never console markup."""
        (self._progress.console if self._progress else self.console).print(line, markup=False)

    def fail(self, error: PlanparseError) -> None:
        from planparse.safe_io import printable

        self.failed += 1
        self.say(say("cli.error", message=printable(str(error))))

    def each(self) -> Iterator[tuple[Path, str, RawDocument]]:
        from planparse.read.folder import iter_folder
        from planparse.safe_io import printable

        progress = Progress(TextColumn("{task.description}", markup=False, style="progress.description"), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), console=self.console, transient=True,
                            disable=not self.console.is_terminal)
        self._progress = progress
        try:
            with progress:
                task = progress.add_task(say(f"folder_run.{self.activity}"), total=len(self.files))
                for file, raw in iter_folder(self.folder, self.files):
                    relative = printable(str(file.relative_to(self.folder)))
                    progress.update(task, description=relative)
                    if isinstance(raw, PlanparseError):
                        self.fail(raw)
                    else:
                        yield file, relative, raw
                    progress.advance(task)
        finally:
            self._progress = None

    def summary(self, counts: str) -> str:
        """``planparse: 12 files: <counts>, 1 failed, 2 skipped`` (failed and skipped only when there are any)."""
        line = say("folder_run.summary", count=len(self.files), counts=counts)
        if self.failed:
            line += say("folder_run.failed", count=self.failed)
        if self.skipped:
            line += say("folder_run.skipped", count=self.skipped)
        return line

    def exit_code(self, problems: bool = False) -> int:
        """0 all read and nothing found, 1 problems or some files failed, 2 no file could be read."""
        if self.files and self.failed == len(self.files):
            return 2
        return 1 if problems or self.failed else 0


def parse_each(run: FolderRun, classify: bool, work: Callable[[Path, str, RawDocument, object], None]) -> None:
    """Parse every file of ``run`` and call ``work(file, relative, raw, collection)``; a file whose parsing
    or work fails (PlanparseError, or a bug on that file) is reported and the rest go on. Each file runs
    within the per-file time budget of folder runs (``planparse.budget``, as ``pipeline.load_folder``)."""
    from planparse.budget import file_budget, time_budget
    from planparse.pipeline import parse_document

    for file, relative, raw in run.each():
        try:
            with time_budget(file_budget(len(raw.text) * 3), say("cli.named", name=relative,  # ~3 bytes a character
                                                                 message=say(f"folder_run.{run.activity}"))):
                work(file, relative, raw, parse_document(raw, classify=classify))
        except PlanparseError as exc:
            run.fail(exc)
        except Exception as exc:  # noqa: BLE001 - a bug on one file is reported with it; the batch goes on
            run.fail(PlanparseError(say("cli.internal_error", name=relative, kind=type(exc).__name__, reason=exc)))
