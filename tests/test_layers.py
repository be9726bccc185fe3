"""Imports run one way: text ← read ← clean ← structure ← classify/pipeline ← features ← cli.

Checked on the source with ast, so a new upward import fails here rather than in a review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "planparse"

# Layer of each top-level part of the package; a module may import only from its own layer or lower ones.
LAYER = {
    "data": 0, "errors": 0, "budget": 0, "messages": 0, "model": 0, "version": 0, "safe_io": 0, "text": 1, "read": 2, "clean": 3, "structure": 4,
    "classify": 5, "pipeline": 5, "render": 5,
    "dedup": 6, "plandiff": 6, "store": 6, "trends": 6, "chart": 7, "lint": 6, "export": 6, "spark": 6,
    "__init__": 7, "demo": 7, "devtools": 7, "cli": 8, "__main__": 9,
}


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "planparse" and len(parts) > 1 else ("__init__" if module == "planparse" else None)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found += [f"{node.module}.{alias.name}" for alias in node.names if node.module == "planparse"]
    return found


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        yield rel.parts[0].removesuffix(".py"), path


@pytest.mark.parametrize("part,path", list(_modules()), ids=lambda v: str(v).rsplit("planparse/", 1)[-1])
def test_no_module_imports_a_layer_above_its_own(part, path):
    own = LAYER[part]
    upward = []
    for module in _imports(path):
        target = _part(module)
        if target is None or target == part or target not in LAYER:
            continue
        if LAYER[target] > own:
            upward.append(module)
    assert not upward, f"{path.relative_to(SRC)} imports upward: {upward}"


def test_the_text_layer_needs_only_the_standard_library_opencc_and_data():
    import sys

    allowed = set(sys.stdlib_module_names) | {"opencc", "__future__"}
    for path in (SRC / "text").glob("*.py"):
        for module in _imports(path):
            root = module.split(".")[0]
            if root == "planparse":
                assert _part(module) in ("text", "data"), f"{path.name} imports {module}"
            else:
                assert root in allowed, f"{path.name} imports {module}"
