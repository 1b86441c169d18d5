"""Eager op dispatch: what one small op costs when a Python program runs ops one at a time.

- scalar_add: `a + b` on float32 scalars, 100 per step, then one sync: per-op dispatch overhead.
- matmul_256: one 256x256 float32 matmul per step, synced: dispatch plus a small kernel.
- chain_100: `x = x * 1.0001 + 0.0001` 50 times (100 ops) on a float32 vector, then a sync:
  overhead on a dependent chain, with Python-number operands.

JAX runs op by op (no jit), which is its eager mode. Syncs: lamina and JAX wait for the device
(`block_until_ready`); TensorFlow and PyTorch on CPU return finished results.
"""

from __future__ import annotations

import numpy as np

from bench.core import Workload

ADDS_PER_STEP = 100
CHAIN_LINKS = 50
CHAIN_SIZE = 1000
MATMUL_SIZE = 256
SCALE, SHIFT = 1.0001, 0.0001


def _inputs(seed: int = 0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((MATMUL_SIZE, MATMUL_SIZE)).astype(np.float32)
    b = rng.standard_normal((MATMUL_SIZE, MATMUL_SIZE)).astype(np.float32)
    return a, b


def _chain_expected(start: np.ndarray) -> np.ndarray:
    value = start.astype(np.float64)
    for _ in range(CHAIN_LINKS):
        value = value * SCALE + SHIFT
    return value


def _check_close(expected, rtol):
    def check(result):
        np.testing.assert_allclose(np.asarray(result, dtype=np.float64), expected, rtol=rtol, atol=rtol)

    return check


# ---- per-framework pieces: make a tensor, wait for a result --------------------------------------
def _lamina():
    import lamina as tf

    return tf.constant, lambda x: x._value.block_until_ready()


def _tensorflow():
    import tensorflow as tf

    return tf.constant, lambda x: x


def _jax():
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)  # as lamina runs it
    return jnp.asarray, lambda x: x.block_until_ready()


def _torch():
    import torch

    sync = torch.cuda.synchronize if torch.cuda.is_available() else (lambda: None)
    return torch.from_numpy, lambda x: (sync(), x)[1]


_FRAMEWORKS = {"lamina": _lamina, "tensorflow": _tensorflow, "jax": _jax, "torch": _torch}


def _to_numpy(x):
    return x.numpy() if hasattr(x, "numpy") else np.asarray(x)


# ---- builders -----------------------------------------------------------------------------------
def _scalar_add(framework):
    make, sync = _FRAMEWORKS[framework]()
    a, b = make(np.array(1.5, np.float32)), make(np.array(2.25, np.float32))

    def step():
        for _ in range(ADDS_PER_STEP):
            c = a + b
        return sync(c)

    return step, lambda result: _check_close(3.75, 1e-6)(_to_numpy(result))


def _matmul(framework):
    make, sync = _FRAMEWORKS[framework]()
    a, b = _inputs()
    x, y = make(a), make(b)

    def step():
        return sync(x @ y)

    expected = a.astype(np.float64) @ b.astype(np.float64)
    return step, lambda result: _check_close(expected, 1e-3)(_to_numpy(result))


def _chain(framework):
    make, sync = _FRAMEWORKS[framework]()
    start = np.linspace(-1.0, 1.0, CHAIN_SIZE, dtype=np.float32)
    x0 = make(start)

    def step():
        x = x0
        for _ in range(CHAIN_LINKS):
            x = x * SCALE + SHIFT
        return sync(x)

    return step, lambda result: _check_close(_chain_expected(start), 1e-5)(_to_numpy(result))


def _for_all(builder):
    return {framework: (lambda framework=framework: builder(framework)) for framework in _FRAMEWORKS}


WORKLOADS = [
    Workload("scalar_add", "a + b on float32 scalars (100 per step)", ADDS_PER_STEP, _for_all(_scalar_add)),
    Workload("matmul_256", "256x256 float32 matmul, synced", 1, _for_all(_matmul)),
    Workload(
        "chain_100",
        "x = x * 1.0001 + 0.0001, 50 times on 1000 floats, synced",
        2 * CHAIN_LINKS,
        _for_all(_chain),
    ),
]
