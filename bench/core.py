"""What a workload is, and how one framework's side of it is timed.

A workload is written once per framework as a *builder*: a function that imports the framework,
prepares inputs, and returns `(step, check)`. `step()` runs the workload once, including the
synchronization that makes its result ready; `check(result)` raises AssertionError if the result
is wrong. This module imports no framework, so every framework's interpreter can load it.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# The order of columns and of each interleaved round; "keras3" is Keras 3 on TensorFlow (its own
# interpreter: TensorFlow 2.16+ bundles Keras 3 as tf.keras).
FRAMEWORKS = ("lamina", "tensorflow", "keras3", "jax", "torch")


@dataclass
class Workload:
    """One benchmark: `builders[framework]() -> (step, check)`; `ops_per_step` converts step time to
    per-op time."""

    name: str
    description: str
    ops_per_step: int
    builders: dict[str, Callable] = field(default_factory=dict)


def load(module_name: str) -> list[Workload]:
    """The workloads of bench/workloads/<module_name>.py."""
    return list(importlib.import_module(f"bench.workloads.{module_name}").WORKLOADS)


def find(module_name: str, workload_name: str) -> Workload:
    for workload in load(module_name):
        if workload.name == workload_name:
            return workload
    raise KeyError(f"No workload {workload_name!r} in bench/workloads/{module_name}.py")


class Timer:
    """Times `step` in rounds of a fixed number of calls, calibrated once so a round lasts about
    `round_seconds` (short rounds are dominated by timer noise, long ones by machine drift)."""

    def __init__(self, step: Callable, check: Callable, round_seconds: float = 0.2, warmup: int = 3):
        self.step = step
        result = None
        for _ in range(warmup):  # compiles, caches, allocator warm-up
            result = step()
        check(result)
        start = time.perf_counter()
        step()
        once = max(time.perf_counter() - start, 1e-7)
        self.calls = max(1, int(round_seconds / once))

    def round(self) -> float:
        """Seconds per step, averaged over one round."""
        step, calls = self.step, self.calls
        start = time.perf_counter()
        for _ in range(calls):
            step()
        return (time.perf_counter() - start) / calls
