"""Times the same workloads in lamina and, where installed, TensorFlow, Keras 3, JAX and PyTorch.

    .venv/bin/python bench/run.py [--workloads eager] [--repeats 15] [--frameworks lamina,jax]

Each framework runs in its own interpreter (a worker process kept alive for the whole run), and
rounds are interleaved across frameworks (lamina, tensorflow, keras3, jax, torch, lamina, ...) so
that machine noise hits all of them alike. Per workload it prints the median time per op of each
framework and its ratio to lamina's (above 1: lamina is faster), and writes a markdown table.

Interpreters: lamina and JAX use this one; TensorFlow uses $BENCH_TF_PYTHON (default
~/tf215/bin/python); Keras 3 on TensorFlow ("keras3") uses $BENCH_KERAS3_PYTHON (default
~/tf216/bin/python, TensorFlow 2.16 with its bundled Keras 3); PyTorch uses $BENCH_TORCH_PYTHON
(default: this one, if `import torch` works).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.core import FRAMEWORKS, load  # noqa: E402

WORKER = os.path.join(ROOT, "bench", "worker.py")
INTERPRETER_VARIABLES = ("BENCH_TF_PYTHON", "BENCH_KERAS3_PYTHON", "BENCH_TORCH_PYTHON")


def interpreters() -> dict[str, str]:
    """The Python interpreter for each framework that is installed."""
    here = sys.executable
    found = {"lamina": here}
    candidates = {
        "tensorflow": (
            os.environ.get("BENCH_TF_PYTHON", os.path.expanduser("~/tf215/bin/python")),
            "tensorflow",
        ),
        "keras3": (
            os.environ.get("BENCH_KERAS3_PYTHON", os.path.expanduser("~/tf216/bin/python")),
            # Keras 3 on the TensorFlow backend, not Keras 2 (tf-keras) nor another backend.
            "keras, tensorflow; assert keras.__version__.startswith('3.') and "
            "keras.backend.backend() == 'tensorflow'",
        ),
        "jax": (here, "jax"),
        "torch": (os.environ.get("BENCH_TORCH_PYTHON", here), "torch"),
    }
    for framework, (python, probe) in candidates.items():
        if os.path.exists(python) and _imports(python, probe):
            found[framework] = python
    return found


def _imports(python: str, probe: str) -> bool:
    """Whether `python -c "import <probe>"` succeeds (`probe` may add statements after the import)."""
    result = subprocess.run(
        [python, "-c", f"import {probe}"],
        capture_output=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow"},
    )
    return result.returncode == 0


class Worker:
    """A framework's worker process for one workload."""

    def __init__(self, framework: str, python: str, module: str, workload: str):
        self.framework = framework
        self.process = subprocess.Popen(
            [python, WORKER, framework, module, workload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
        )
        self.status = self._read()

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        return json.loads(line) if line else {"error": "worker exited before answering"}

    def round(self) -> float:
        self.process.stdin.write("round\n")
        self.process.stdin.flush()
        return self._read()["seconds_per_step"]

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.write("quit\n")
            self.process.stdin.close()
            self.process.wait(timeout=60)


@dataclass
class Result:
    workload: str
    description: str
    per_op: dict[str, float] = field(default_factory=dict)  # framework -> median seconds per op
    errors: dict[str, str] = field(default_factory=dict)


def run_workload(workload, module: str, pythons: dict[str, str], repeats: int) -> Result:
    """Starts one worker per framework, then times `repeats` interleaved rounds."""
    result = Result(workload.name, workload.description)
    workers = []
    for framework, python in pythons.items():
        if framework not in workload.builders:
            continue
        worker = Worker(framework, python, module, workload.name)
        if "error" in worker.status:
            result.errors[framework] = worker.status["error"]
            worker.close()
        else:
            workers.append(worker)
    samples: dict[str, list[float]] = {w.framework: [] for w in workers}
    try:
        for _ in range(repeats):
            for worker in workers:  # ABAB...: every round visits every framework
                samples[worker.framework].append(worker.round())
    finally:
        for worker in workers:
            worker.close()
    for framework, times in samples.items():
        result.per_op[framework] = statistics.median(times) / workload.ops_per_step
    return result


def _microseconds(seconds: float) -> str:
    """µs below 10 ms (as in every table so far), ms below 1 s, seconds above (a Keras fit epoch)."""
    if seconds < 1e-2:
        return f"{seconds * 1e6:.2f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def markdown(results: list[Result], command: str) -> str:
    """A markdown table: per workload, each framework's median time per op and its ratio to lamina."""
    frameworks = [f for f in FRAMEWORKS if any(f in r.per_op for r in results)]
    header = "| workload | " + " | ".join(frameworks) + " |"
    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}",
        "",
        "Median time per op; in brackets, the framework's time divided by lamina's "
        "(above 1: lamina is faster).",
        "",
        header,
        "|" + "---|" * (len(frameworks) + 1),
    ]
    for result in results:
        base = result.per_op.get("lamina")
        cells = []
        for framework in frameworks:
            value = result.per_op.get(framework)
            if value is None:
                cells.append("n/a")
            elif framework == "lamina" or not base:
                cells.append(_microseconds(value))
            else:
                cells.append(f"{_microseconds(value)} ({value / base:.2f}x)")
        lines.append(f"| {result.workload} | " + " | ".join(cells) + " |")
    for result in results:
        for framework, error in result.errors.items():
            lines.append(f"\n{result.workload} / {framework}: not run ({error})")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", default="eager", help="comma-separated modules of bench/workloads")
    parser.add_argument("--repeats", type=int, default=15, help="interleaved rounds per workload")
    parser.add_argument("--frameworks", default=",".join(FRAMEWORKS), help="comma-separated subset to run")
    default_output = os.path.join(ROOT, "bench", "out", "last_run.md")
    parser.add_argument("--output", default=default_output, help="where to write the markdown table")
    args = parser.parse_args(argv)
    wanted = args.frameworks.split(",")
    pythons = {f: p for f, p in interpreters().items() if f in wanted}
    print("frameworks:", ", ".join(f"{f} ({p})" for f, p in pythons.items()), flush=True)
    results = []
    for module in args.workloads.split(","):
        for workload in load(module):
            result = run_workload(workload, module, pythons, args.repeats)
            results.append(result)
            timings = ", ".join(f"{f} {_microseconds(t)}" for f, t in result.per_op.items())
            print(f"{module}/{workload.name}: {timings}", flush=True)
    # The interpreter overrides belong to the command: without them a rerun times other builds.
    overrides = [f"{name}={os.environ[name]}" for name in INTERPRETER_VARIABLES if name in os.environ]
    command = " ".join(
        shlex.quote(a)
        for a in [
            *overrides,
            os.path.relpath(sys.executable, ROOT),
            "bench/run.py",
            *(argv if argv is not None else sys.argv[1:]),
        ]
    )
    table = markdown(results, command)
    print("\n" + table)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as handle:
        handle.write(table)


if __name__ == "__main__":
    main()
