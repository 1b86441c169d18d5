"""`make stats`: lines of Python per package of lamina, in stack order (tinygrad-style budget)."""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from layers import LAYERS  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lamina")


def count(path: str) -> tuple[int, int]:
    files = lines = 0
    for folder, _, names in os.walk(path):
        for name in names:
            if name.endswith(".py"):
                files += 1
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    lines += sum(1 for line in f if line.strip())
    return files, lines


def main():
    rows = []
    for package in sorted(os.listdir(ROOT), key=lambda p: (LAYERS.get(p, 99), p)):
        path = os.path.join(ROOT, package)
        if os.path.isdir(path) and not package.startswith("__"):
            rows.append((package, *count(path)))
    total = sum(r[2] for r in rows)
    print(f"{'package':<14}{'files':>7}{'lines':>9}")
    for package, files, lines in rows:
        print(f"{package:<14}{files:>7}{lines:>9}")
    print(f"{'total':<14}{sum(r[1] for r in rows):>7}{total:>9}   (non-blank lines)")


if __name__ == "__main__":
    main()
