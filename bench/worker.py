"""One framework's side of a benchmark, run in that framework's own interpreter.

    <python> bench/worker.py <framework> <module> <workload>

Builds and warms up the workload, then answers each "round" line on stdin with one JSON line
{"seconds_per_step": ...}; "quit" (or end of input) exits. The first line it prints is
{"ready": true, "calls": N} or {"error": "..."} when the framework is missing or the check fails.
"""

from __future__ import annotations

import json
import os
import sys

# Allow `import bench...` from any interpreter (TensorFlow's and PyTorch's virtualenvs too).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _say(message: dict):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main(framework: str, module: str, workload_name: str):
    from bench.core import Timer, find

    try:
        step, check = find(module, workload_name).builders[framework]()
        timer = Timer(step, check)
    except Exception as error:  # reported to run.py, which leaves this framework out
        _say({"error": f"{type(error).__name__}: {error}"})
        return
    _say({"ready": True, "calls": timer.calls})
    for line in sys.stdin:
        if line.strip() != "round":
            break
        _say({"seconds_per_step": timer.round()})


if __name__ == "__main__":
    main(*sys.argv[1:4])
