"""Imports point down the stack (DESIGN.md): a module imports only from its own package or a lower layer."""

import ast
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
from layers import LAYERS  # noqa: E402


def _imports(path):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_imports_point_down_the_stack():
    package_root = os.path.join(ROOT, "lamina")
    violations = []
    for package in os.listdir(package_root):
        folder = os.path.join(package_root, package)
        if not os.path.isdir(folder) or package.startswith("__"):
            continue
        assert package in LAYERS, f"lamina/{package} is not placed in tools/layers.py"
        for dirpath, _, names in os.walk(folder):
            for name in (n for n in names if n.endswith(".py")):
                path = os.path.join(dirpath, name)
                for module in _imports(path):
                    parts = module.split(".")
                    if parts[0] != "lamina" or len(parts) < 2 or parts[1] == package:
                        continue
                    target = parts[1]
                    if target not in LAYERS or LAYERS[target] >= LAYERS[package]:
                        violations.append(f"{os.path.relpath(path, ROOT)} imports {module}")
    assert not violations, "imports that point up or sideways:\n" + "\n".join(violations)
