"""The cross-year notebook runs top to bottom (nbclient), so it never rots."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "cross_year_analysis.ipynb"


def test_cross_year_notebook_executes():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, when a cell fails
    outputs = ["".join(o.get("text", "") for o in cell.get("outputs", [])) for cell in nb.cells if cell.cell_type == "code"]
    text = "\n".join(outputs)
    assert "re-ingest: Counter({'unchanged'" in text
    assert "六场 → 八场" in text and "moved" in text
    images = [o for cell in nb.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    assert images, "the trends chart is displayed"
    assert "hengtuo_2025.txt" in text and "%" in text
