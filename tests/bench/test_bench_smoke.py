"""Smoke test of the benchmark runner: the lamina side of every workload runs, is correct, and is
timed. No timing is asserted (timings belong in bench/RESULTS.md, not in tests)."""

import numpy as np
import pytest

from bench import core
from bench.run import Result, markdown

WORKLOADS = core.load("eager") + core.load("compiled") + core.load("training")


@pytest.mark.parametrize("workload", WORKLOADS, ids=lambda w: w.name)
def test_lamina_side_runs_correctly_and_is_timed(workload):
    step, check = workload.builders["lamina"]()
    check(step())
    timer = core.Timer(step, check, round_seconds=0.001, warmup=1)
    seconds = timer.round()
    assert seconds > 0 and timer.calls >= 1


def test_checks_reject_wrong_results():
    step, check = core.find("eager", "chain_100").builders["lamina"]()
    with pytest.raises(AssertionError):
        check(np.asarray(step()) + 1.0)


def test_markdown_table_has_ratios_against_lamina():
    results = [Result("scalar_add", "a + b", per_op={"lamina": 2e-6, "jax": 4e-6})]
    table = markdown(results, "bench/run.py --repeats 1")
    assert "| workload | lamina | jax |" in table
    assert "| scalar_add | 2.00 µs | 4.00 µs (2.00x) |" in table


def test_compiled_train_step_learns():
    step, check = core.find("compiled", "mlp_adam").builders["lamina"]()
    losses = [float(step()) for _ in range(5)]
    assert all(b < a for a, b in zip(losses, losses[1:])), losses


def test_keras_adam_train_step_learns():
    step, check = core.find("training", "mlp_keras_adam").builders["lamina"]()
    losses = [float(step()) for _ in range(5)]
    assert all(b < a for a, b in zip(losses, losses[1:])), losses
