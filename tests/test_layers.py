"""The layering the README's Development section writes down: no package imports one above it.

Read from the code itself with `ast`, so a new import that breaks the order fails here by name. Run
`python -m tests.test_layers` to print which package imports which.
"""

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# From the bottom up; a package may import its own layer and the layers below it.
LAYERS = (
    ("domain", "errors", "config"),
    ("vault",),
    ("models",),
    ("schemas",),
    ("parties", "inventory"),
    ("invoicing",),
    ("purchasing",),
    ("sunat",),
    ("printing",),
    ("notifications",),
    ("actions",),
    ("endpoint", "admin"),
    ("app", "gunicorn.conf"),
    ("bench",),
)
LAYER_OF = {name: level for level, names in enumerate(LAYERS) for name in names}
# What imports nothing of ours at all, not even its own layer's neighbours.
SELF_CONTAINED = ("domain", "errors", "config")


def unit_of(path):
    """'models' for models/party.py, 'app' for app.py."""
    relative = path.relative_to(ROOT)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def sources():
    for name in LAYER_OF:
        directory = ROOT / name
        if directory.is_dir():
            yield from sorted(directory.rglob("*.py"))
        elif (ROOT / f"{name}.py").exists():
            yield ROOT / f"{name}.py"


def imported(path):
    """The top-level names of our own packages that `path` imports, with the line of each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYER_OF or top == "tests":
                yield top, node.lineno


def graph():
    """unit → {imported unit: first place it is imported}."""
    edges = defaultdict(dict)
    for path in sources():
        unit = unit_of(path)
        for target, line in imported(path):
            if target != unit:
                edges[unit].setdefault(target, f"{path.relative_to(ROOT)}:{line}")
    return edges


def test_no_package_imports_one_above_it():
    wrong = []
    for unit, targets in graph().items():
        for target, where in targets.items():
            if target == "tests" and unit != "bench":
                wrong.append(f"{where}: {unit} imports the tests")
            elif target != "tests" and LAYER_OF[target] > LAYER_OF[unit]:
                wrong.append(f"{where}: {unit} (layer {LAYER_OF[unit]}) imports {target} (layer {LAYER_OF[target]})")
            elif unit in SELF_CONTAINED:
                wrong.append(f"{where}: {unit} must import nothing of the gateway's own, but imports {target}")
    assert wrong == []


def test_every_package_has_a_layer():
    packages = {path.name for path in ROOT.iterdir()
                if (path / "__init__.py").exists() and path.name not in ("tests",)}
    assert packages <= set(LAYER_OF), f"give {sorted(packages - set(LAYER_OF))} a layer here and in the README"


if __name__ == "__main__":
    for unit, targets in sorted(graph().items(), key=lambda item: LAYER_OF[item[0]]):
        sys.stdout.write(f"{unit} → {', '.join(sorted(targets, key=lambda t: LAYER_OF.get(t, 99)))}\n")
