"""The pipeline, top to bottom: read → clean → structure → classify → model."""

from __future__ import annotations

from pathlib import Path

from planparse.clean import clean
from planparse.model import PlanCollection
from planparse.read import RawDocument, read_path
from planparse.read.text import document_from_text
from planparse.structure.tree import build


def classify_collection(collection: PlanCollection) -> PlanCollection:
    """Fill domains when the classifier is available (it loads lazily on first use)."""
    try:
        from planparse.classify import classify_collection as _classify
    except ImportError:
        return collection
    return _classify(collection)


def parse_document(raw: RawDocument, classify: bool = True) -> PlanCollection:
    collection = build(clean(raw))
    return classify_collection(collection) if classify else collection


def parse(text: str, source: str | None = None, classify: bool = True) -> PlanCollection:
    """Parse the text of one plan, or of a page holding several, into a PlanCollection."""
    return parse_document(document_from_text(text, source), classify=classify)


def load(path: str | Path, classify: bool = True) -> PlanCollection:
    """Read a .txt (any encoding), .docx, .doc or .wps file and parse it."""
    return parse_document(read_path(path), classify=classify)
