"""The pipeline, top to bottom: read → clean → structure → classify → model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from planparse.budget import file_budget, time_budget
from planparse.classify import classify_collection
from planparse.clean import clean
from planparse.errors import PlanparseError
from planparse.messages import say
from planparse.model import PlanCollection
from planparse.read import RawDocument, read_path
from planparse.read.text import document_from_text
from planparse.safe_io import printable
from planparse.structure.outline import Decision
from planparse.structure.tree import build

if TYPE_CHECKING:
    from os import PathLike

    from planparse.classify.taxonomy import Taxonomy


def no_text_warning() -> str:
    """The warning a document with no text carries (data/messages/files.toml, in the current language)."""
    return say("pipeline.no_text")


def _without_blank_plans(collection: PlanCollection) -> PlanCollection:
    """An empty or text-free document has no plan (not one untitled, empty plan) and says so in a warning.

    Only plans holding no text at all are dropped, so nothing of the document is lost."""
    def blank(plan) -> bool:
        return not (plan.title or plan.preamble or plan.closing or plan.signature or plan.date or plan.sections)

    if collection.plans and all(blank(plan) for plan in collection.plans) and not collection.page_title:
        collection.plans = []
    if not collection.plans and not collection.page_title and not collection.page_intro:
        collection.warnings.append(no_text_warning())
    return collection


def _structure(raw: RawDocument, explain: list[Decision] | None) -> PlanCollection:
    if raw.source:
        raw.source = printable(raw.source)  # a file name that is not valid UTF-8 must still serialise
    return _without_blank_plans(build(clean(raw), explain))


def _classified(collection: PlanCollection, classify: bool, taxonomy: Taxonomy | str | PathLike | None):
    return classify_collection(collection, taxonomy) if classify else collection  # the model loads on first use


def parse_document(raw: RawDocument, classify: bool = True, explain: list[Decision] | None = None,
                   taxonomy: Taxonomy | str | PathLike | None = None) -> PlanCollection:
    """Run one read document through the pipeline; ``explain`` collects the outline decisions.

    A document with no text gives a collection with no plans and ``no_text_warning()`` in its warnings."""
    return _classified(_structure(raw, explain), classify, taxonomy)


def parse(
    text: str, source: str | None = None, classify: bool = True, explain: list[Decision] | None = None,
    taxonomy: Taxonomy | str | PathLike | None = None,
) -> PlanCollection:
    """Parse the text of one plan, or of a page holding several, into a PlanCollection.

    Pass a list as ``explain`` to receive why each candidate heading was taken or refused. ``taxonomy`` is the
    domain taxonomy to classify with: a ``Taxonomy`` or the path of a taxonomy file (default: the union one).
    """
    # The read document is a temporary here, so its blocks are freed before classification: the cyclic GC's full
    # collections during classification then skip them (a 3 MB text has ~28k blocks).
    return _classified(_structure(document_from_text(text, source), explain), classify, taxonomy)


def load(path: str | Path, classify: bool = True, explain: list[Decision] | None = None,
         taxonomy: Taxonomy | str | PathLike | None = None) -> PlanCollection:
    """Read a .txt (any encoding), .docx, .doc or .wps file and parse it (``taxonomy``: as for ``parse``)."""
    return _classified(_structure(read_path(path), explain), classify, taxonomy)  # the blocks freed first, as in parse


def load_folder(
    path: str | Path, classify: bool = True, files: list[Path] | None = None,
    taxonomy: Taxonomy | str | PathLike | None = None,
) -> Iterator[tuple[Path, PlanCollection | PlanparseError]]:
    """Parse every plan file (.txt .docx .doc .wps .pdf, and .png/.jpg with OCR) under a folder, in name order.

    Yields (file, collection) or, for a file that cannot be read, (file, the error), so one broken
    file never stops the rest. .doc/.wps files are converted by LibreOffice in one batch. ``files``
    restricts the walk to a list already found with ``planparse.read.folder.find_plan_files``.
    Reading and parsing each run within a time budget (``planparse.budget``; main thread only): a file
    that runs over is yielded with a TimeBudgetError and the rest go on. ``taxonomy``: as for ``parse`` (read
    once, before the first file).
    """
    from planparse.read.folder import iter_folder

    if classify and taxonomy is not None:
        from planparse.classify.taxonomy import resolve

        taxonomy = resolve(taxonomy)

    for file, raw in iter_folder(path, files):
        if isinstance(raw, PlanparseError):
            yield file, raw
            continue
        try:
            with time_budget(file_budget(len(raw.text) * 3), say("budget.parsing", name=file)):  # ~3 bytes per CJK character
                collection = parse_document(raw, classify=classify, taxonomy=taxonomy)
        except PlanparseError as exc:
            yield file, exc
        except Exception as exc:  # a bug on one file is reported with it; the batch goes on
            yield file, PlanparseError(f"{file}: internal error: {type(exc).__name__}: {exc}")
        else:
            yield file, collection
