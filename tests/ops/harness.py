"""Table-driven op checks: one record per op drives value checks against NumPy over dtypes, and
gradient checks against central finite differences (in float64)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

import lamina as tf

FLOATS = ("float16", "bfloat16", "float32", "float64")
INTS = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")
SIGNED_INTS = ("int8", "int16", "int32", "int64")
COMPLEX = ("complex64", "complex128")

_TOLERANCE = {
    "float16": 2e-3,
    "bfloat16": 2e-2,
    "float32": 1e-5,
    "float64": 1e-12,
    "complex64": 1e-5,
    "complex128": 1e-12,
}


@dataclass
class OpCase:
    """One op under test. `lamina_fn` and `numpy_fn` take the same NumPy inputs."""

    name: str
    lamina_fn: Callable
    numpy_fn: Callable
    dtypes: tuple = ("float32", "float64")
    shapes: tuple = ((2, 3),)
    # make_inputs(rng, shape, dtype) -> tuple of NumPy arrays; default: one standard-normal input.
    make_inputs: Callable | None = None
    rtol: float | None = None
    atol: float = 1e-6
    grad: bool = True
    grad_dtypes: tuple = ("float64",)
    extra: dict = field(default_factory=dict)

    def __str__(self):
        return self.name


def default_inputs(num_inputs=1, low=-2.0, high=2.0):
    def make(rng, shape, dtype):
        out = []
        for _ in range(num_inputs):
            if np.dtype(_np_dtype(dtype)).kind in "iu":
                lo = 0 if np.dtype(_np_dtype(dtype)).kind == "u" else int(low) - 3
                out.append(rng.integers(lo, int(high) + 4, size=shape).astype(_np_dtype(dtype)))
            elif np.dtype(_np_dtype(dtype)).kind == "b":
                out.append(rng.random(size=shape) > 0.5)
            elif np.dtype(_np_dtype(dtype)).kind == "c":
                out.append((rng.uniform(low, high, shape) + 1j * rng.uniform(low, high, shape)).astype(dtype))
            else:
                out.append(rng.uniform(low, high, size=shape).astype(_np_dtype(dtype)))
        return tuple(out)

    return make


def _np_dtype(name):
    return tf.as_dtype(name).as_numpy_dtype


def inputs_for(case: OpCase, shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    make = case.make_inputs or default_inputs(1)
    return make(rng, shape, dtype)


def check_values(case: OpCase, shape, dtype):
    """lamina's result equals NumPy's (computed in float64 for low-precision floats), with the right dtype."""
    inputs = inputs_for(case, shape, dtype)
    got = case.lamina_fn(*[tf.constant(x) for x in inputs])
    wide = [x.astype(np.float64) if x.dtype.name in ("float16", "bfloat16") else x for x in inputs]
    expected = case.numpy_fn(*wide)
    got_list = got if isinstance(got, (list, tuple)) else [got]
    exp_list = expected if isinstance(expected, (list, tuple)) else [expected]
    assert len(got_list) == len(exp_list)
    for g, e in zip(got_list, exp_list):
        g_np = np.asarray(g.numpy())
        e_np = np.asarray(e)
        assert g_np.shape == e_np.shape, f"{case.name}: shape {g_np.shape} != {e_np.shape}"
        rtol = case.rtol if case.rtol is not None else _TOLERANCE.get(dtype, 0)
        if g_np.dtype.kind in "iub":
            np.testing.assert_array_equal(g_np, e_np.astype(g_np.dtype), err_msg=case.name)
        else:
            np.testing.assert_allclose(
                g_np.astype(np.complex128 if g_np.dtype.kind == "c" else np.float64),
                e_np,
                rtol=rtol,
                atol=max(case.atol, rtol),
                err_msg=case.name,
            )


def numerical_jacobian(f, inputs, eps=1e-6):
    """Central finite differences of sum(f(*inputs) * w) for a fixed random weighting w."""
    base = np.asarray(f(*inputs))
    rng = np.random.default_rng(1)
    weights = rng.normal(size=base.shape)
    grads = []
    for i, x in enumerate(inputs):
        g = np.zeros_like(x, dtype=np.float64)
        flat = g.reshape(-1)
        for j in range(x.size):
            plus = [v.copy() for v in inputs]
            minus = [v.copy() for v in inputs]
            plus[i].reshape(-1)[j] += eps
            minus[i].reshape(-1)[j] -= eps
            flat[j] = np.sum((np.asarray(f(*plus)) - np.asarray(f(*minus))) * weights) / (2 * eps)
        grads.append(g)
    return weights, grads


def check_gradient(fn, inputs, rtol=1e-5, atol=1e-7, eps=1e-6):
    """GradientTape gradients of `fn` (float64 inputs) match central finite differences."""
    inputs = [np.asarray(x, dtype=np.float64) for x in inputs]

    def value(*xs):
        return fn(*[tf.constant(x) for x in xs]).numpy()

    weights, expected = numerical_jacobian(value, inputs, eps)
    tensors = [tf.constant(x) for x in inputs]
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        out = fn(*tensors)
        loss = tf.reduce_sum(out * tf.constant(weights))
    got = tape.gradient(loss, tensors)
    for g, e in zip(got, expected):
        assert g is not None, "gradient is None"
        np.testing.assert_allclose(g.numpy(), e, rtol=rtol, atol=atol)


def check_vjp(fn, inputs, rtol=1e-5, atol=1e-7, eps=1e-6):
    """Like `check_gradient`, but seeds the tape with the random weighting as `output_gradients`, so it
    needs no other op (shape and indexing ops are tested without reductions)."""
    inputs = [np.asarray(x, dtype=np.float64) for x in inputs]

    def value(*xs):
        return fn(*[tf.constant(x) for x in xs]).numpy()

    weights, expected = numerical_jacobian(value, inputs, eps)
    tensors = [tf.constant(x) for x in inputs]
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        out = fn(*tensors)
    got = tape.gradient(out, tensors, output_gradients=tf.constant(weights))
    for g, e in zip(got, expected, strict=True):
        assert g is not None, "gradient is None"
        np.testing.assert_allclose(g.numpy(), e, rtol=rtol, atol=atol)
