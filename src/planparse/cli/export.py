"""`planparse export PATH --to docx|md|xlsx`: a clean, consistently numbered copy of a plan (or of each
plan file in a folder)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from planparse.cli import app, fail, warn_if_empty
from planparse.cli.outputs import EXPORT_FORMATS, choose_format
from planparse.errors import PlanparseError
from planparse.messages import say


class GroupBy(str, Enum):
    domain = "domain"


@app.command()
def export(
    path: Path = typer.Argument(..., metavar="PATH", help="A plan file (.txt .docx .doc .wps .pdf), or a folder of them."),
    to: str = typer.Option(
        None, "--to", metavar=EXPORT_FORMATS.metavar, show_default=False,
        help="Output format (default: from the --out extension, .docx .md .xlsx; a folder needs --to)."),
    group_by: GroupBy = typer.Option(None, "--group-by", metavar="domain",
                                     help="Regroup the measures under one section per domain."),
    out: Path = typer.Option(
        None, "--out", "-o", metavar="FILE|DIR",
        help="Output file (default: next to the input, NAME.planparse.docx/.xlsx; md: standard output). "
             "For a folder: a folder to write one file per input into (default: next to each input)."),
) -> None:
    """GB/T 9704 .docx (一、→（一）→1.→（1）, placeholders highlighted), Markdown, or an .xlsx of measures."""
    import planparse
    from planparse.export import export as run
    from planparse.safe_io import printable, refuse_input, write_stdout

    grouping = group_by.value if group_by else None
    if path.is_dir():
        if to is None:
            raise fail(say("export_cli.folder_needs_to", name=printable(str(path)), choices=EXPORT_FORMATS.metavar))
        raise typer.Exit(_export_folder(path, choose_format(EXPORT_FORMATS, to, None), out, grouping))
    if to is None and out is None:
        raise fail(say("export_cli.give_to", choices=EXPORT_FORMATS.metavar, suffixes=EXPORT_FORMATS.suffixes()))
    fmt = choose_format(EXPORT_FORMATS, to, out)
    if out is None and fmt != "md":
        out = path.with_name(f"{path.stem}.planparse.{fmt}")
    try:
        if out is not None:  # checked before parsing: the input is never replaced
            refuse_input(out, [path])
        collection = planparse.load(path)
        warn_if_empty(collection, path)
        result = run(collection, fmt, out, grouping)
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    if isinstance(result, str):
        write_stdout(result)
    else:
        typer.echo(say("cli.wrote", name=printable(str(result))), err=True)


def _export_folder(folder: Path, fmt: str, out_dir: Path | None, group_by: str | None) -> int:
    """Each plan file to ``out_dir`` (same relative path, new suffix) or next to itself as
    NAME.planparse.EXT; every output checked against every input before anything is written."""
    from planparse.cli.batch import FolderRun, parse_each
    from planparse.export import export as run
    from planparse.safe_io import printable, refuse_inputs

    batch = FolderRun(folder, "exporting")
    try:
        files = batch.find()
        targets: dict[Path, Path] = {}
        for file in files:
            relative = file.relative_to(folder)
            name = f"{relative.stem}.planparse.{fmt}" if out_dir is None else f"{relative.stem}.{fmt}"
            target = (out_dir / relative).with_name(name) if out_dir is not None else file.with_name(name)
            if target in targets.values():  # plan.doc and plan.docx side by side
                target = target.with_name(f"{relative.name}.{fmt}")
            targets[file] = target
        refuse_inputs(targets.values(), files, say("cli.choose_out_folder"))
    except PlanparseError as exc:
        raise fail(str(exc)) from None
    written = 0

    def work(file, _relative, _raw, collection) -> None:
        nonlocal written
        warn_if_empty(collection, file)
        target = targets[file]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PlanparseError(say("cli.cannot_write", name=printable(str(target)), reason=exc.strerror or exc)) from None
        run(collection, fmt, target, group_by)
        written += 1
        batch.say(say("cli.wrote", name=printable(str(target))))

    parse_each(batch, True, work)
    batch.say(batch.summary(say("folder_run.exported", count=written)))
    return batch.exit_code()
