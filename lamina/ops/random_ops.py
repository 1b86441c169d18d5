"""Random ops: TensorFlow's global/op seed rules on top of stateless, key-based JAX sampling.

Every sampling op is stateless at heart: it takes a seed tensor `[s0, s1]` and derives a JAX
key from it inside the compiled implementation. The stateful API (`tf.random.normal(seed=...)`)
picks that seed from TensorFlow's rules: a global seed (`tf.random.set_seed`) and an op seed, and
a per-(global, op) call counter so that repeated calls give new values, reproducibly.
"""

from __future__ import annotations

import os

import jax
import numpy as np

# TensorFlow's documented default graph-level seed when only an op seed is given.
_DEFAULT_GLOBAL_SEED = 87654321

_global_seed: int | None = None
_op_counter = 0
_streams: dict[tuple[int, int], int] = {}


def set_seed(seed):
    """Sets the global seed: later random ops (and op seeds) become reproducible from here."""
    global _global_seed, _op_counter
    _global_seed = None if seed is None else int(seed)
    _op_counter = 0
    _streams.clear()


def get_global_seed():
    return _global_seed


def next_seed(op_seed=None) -> np.ndarray:
    """The `[s0, s1]` seed for one call of a stateful random op (TensorFlow's seed rules)."""
    global _op_counter
    if _global_seed is None and op_seed is None:
        return np.frombuffer(os.urandom(16), dtype=np.int64).copy()
    if op_seed is None:
        global_seed, op_seed = _global_seed, _op_counter
        _op_counter += 1
    else:
        global_seed = _DEFAULT_GLOBAL_SEED if _global_seed is None else _global_seed
        op_seed = int(op_seed)
    stream = (global_seed, op_seed)
    count = _streams.get(stream, 0)
    _streams[stream] = count + 1
    mixed = (global_seed * 1_000_003 + op_seed) % (2**63)
    return np.array([mixed, count], dtype=np.int64)


def key_from_seed(seed):
    """A JAX PRNG key from a traced `[s0, s1]` integer seed (used inside op implementations)."""
    seed = seed.astype(np.int64)
    key = jax.random.PRNGKey(seed[0])
    return jax.random.fold_in(key, (seed[1] & 0x7FFFFFFF).astype(np.uint32))
