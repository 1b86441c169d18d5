"""First-call latency of the compiled train step (bench/workloads/compiled.py): import, building
the model, and the first step (trace + compile), each in a fresh process, twice in a row: the second
process shows what a persistent compilation cache saves.

    .venv/bin/python bench/first_call.py [--frameworks lamina,tensorflow,jax]

lamina's cache lives in a temporary directory here (LAMINA_CACHE_DIR), emptied before the first run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBE = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from bench.workloads import compiled
step, _ = getattr(compiled, "_" + {framework!r})()
t1 = time.perf_counter()
step()
t2 = time.perf_counter()
print(f"{{t1 - t0:.3f}} {{t2 - t1:.3f}}")
"""


def interpreter(framework: str) -> str:
    if framework == "tensorflow":
        return os.environ.get("BENCH_TF_PYTHON", os.path.expanduser("~/tf215/bin/python"))
    return sys.executable


def measure(framework: str, cache_dir: str) -> tuple[float, float]:
    env = dict(os.environ, LAMINA_CACHE_DIR=cache_dir, TF_CPP_MIN_LOG_LEVEL="3")
    code = PROBE.format(root=ROOT, framework=framework)
    out = subprocess.run(
        [interpreter(framework), "-c", code], env=env, capture_output=True, text=True, check=True
    )
    setup, first = out.stdout.split()
    return float(setup), float(first)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frameworks", default="lamina,tensorflow,jax")
    args = parser.parse_args()
    print("| framework | import + build (s) | first step, 1st process (s) | first step, 2nd process (s) |")
    print("|---|---|---|---|")
    for framework in args.frameworks.split(","):
        if not os.path.exists(interpreter(framework)):
            continue
        with tempfile.TemporaryDirectory() as cache_dir:
            setup, first = measure(framework, cache_dir)
            _, second = measure(framework, cache_dir)
        print(f"| {framework} | {setup:.2f} | {first:.2f} | {second:.2f} |")


if __name__ == "__main__":
    main()
