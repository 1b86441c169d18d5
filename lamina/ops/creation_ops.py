"""Tensors made from values and shapes: constant, fill, zeros/ones(_like), eye, range, linspace."""

from __future__ import annotations

import builtins
import math

import jax.numpy as jnp
import numpy as np

from lamina._core import registry
from lamina._core.convert import constant_value_tensor
from lamina._core.dispatch import constant as graph_constant
from lamina._core.shape import broadcast_shapes
from lamina.ops._op import (
    Tensor,
    binary_operands,
    canonical_axis,
    defop,
    dtypes,
    execute,
    shape_error,
    static_ints,
    static_value,
)
from lamina.ops._op import (
    tensor as as_tensor,
)
from lamina.ops.array_ops import _broadcast, shape_arg

# This module defines tf.range, which shadows the builtin.
_py_range = builtins.range


# ---- creation -----------------------------------------------------------------------------------
def constant(value, dtype=None, shape=None, name="Const"):
    """A tensor holding `value` (Python/NumPy), optionally cast to `dtype` and broadcast to `shape`."""
    if isinstance(value, Tensor) and dtype is not None and value.dtype is not dtypes.as_dtype(dtype):
        raise TypeError(
            f"Expected tensor {value!r} with dtype {dtypes.as_dtype(dtype)!r}, but got dtype {value.dtype!r}."
        )
    result = constant_value_tensor(value, dtype)
    if shape is not None:
        dims = list(shape_arg(shape, "Const"))
        array = np.asarray(result.numpy())
        if array.size == 1:
            array = np.full(dims, array.reshape(()), dtype=array.dtype)
        elif array.size != math.prod(dims):
            raise TypeError(
                f"Eager execution of tf.constant with unsupported shape. Tensor {result!r} (converted from "
                f"{value!r}) has {array.size} elements, but got `shape` {tuple(dims)} with "
                f"{math.prod(dims)} elements)."
            )
        result = constant_value_tensor(array.reshape(dims), result.dtype)
    return graph_constant(result, name)


_FILL = defop("Fill", lambda value, dims: _broadcast(value, dims), inputs=["value: T"], strings=True)


def fill(dims, value, name=None):
    """A tensor of shape `dims` filled with the scalar `value`."""
    dims = shape_arg(dims, "Fill")
    if any(d < 0 for d in dims):
        raise shape_error("Fill", f"Dimension {min(dims)} must be >= 0; received dims={list(dims)}")
    value = as_tensor(value)
    if value.shape.rank != 0:
        raise shape_error("Fill", f"value must be a scalar, got shape {value.shape}")
    return execute(_FILL, [value], {"dims": dims}, name)


def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of `shape` filled with zeros (empty strings for tf.string)."""
    dtype = dtypes.as_dtype(dtype)
    zero = b"" if dtype is dtypes.string else np.zeros((), dtype.np_dtype)
    return fill(shape, constant(zero, dtype), name)


def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of `shape` filled with ones."""
    dtype = dtypes.as_dtype(dtype)
    if dtype is dtypes.string:
        raise TypeError("Cannot convert 1 to EagerTensor of dtype string")
    return fill(shape, constant(np.ones((), dtype.np_dtype)), name)


def zeros_like(input, dtype=None, name=None):  # noqa: A002 - TensorFlow's argument name
    """A tensor of zeros with the shape of `input` and its dtype (or `dtype`)."""
    x = as_tensor(input)
    dtype = x.dtype if dtype is None else dtypes.as_dtype(dtype)
    if dtype is x.dtype and dtype is not dtypes.string:
        return execute(registry.get("ZerosLike"), [x], None, name)
    return zeros(x.shape, dtype, name)


def ones_like(input, dtype=None, name=None):  # noqa: A002
    """A tensor of ones with the shape of `input` and its dtype (or `dtype`)."""
    x = as_tensor(input)
    dtype = x.dtype if dtype is None else dtypes.as_dtype(dtype)
    if dtype is dtypes.string:
        raise shape_error("OnesLike", "Value for attr 'T' of string is not in the list of allowed values")
    if dtype is x.dtype:
        return execute(registry.get("OnesLike"), [x], None, name)
    return ones(x.shape, dtype, name)


def _eye_impl(num_rows, num_columns, batch_shape, dtype):
    matrix = jnp.eye(num_rows, num_columns, dtype=dtype.np_dtype)
    return jnp.broadcast_to(matrix, batch_shape + (num_rows, num_columns))


# TensorFlow composes eye from ones + MatrixDiag; one op with no inputs is one XLA call.
_EYE = defop("Eye", _eye_impl, inputs=[], differentiable=False)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """Identity matrices: shape `batch_shape + [num_rows, num_columns]`."""
    num_rows = static_ints(num_rows, "num_rows", "Eye")
    num_columns = num_rows if num_columns is None else static_ints(num_columns, "num_columns", "Eye")
    batch_shape = () if batch_shape is None else shape_arg(batch_shape, "Eye")
    for dim in (num_rows, num_columns, *batch_shape):
        if dim < 0:
            raise shape_error("Eye", f"Dimension {dim} must be >= 0")
    attrs = {
        "num_rows": num_rows,
        "num_columns": num_columns,
        "batch_shape": batch_shape,
        "dtype": dtypes.as_dtype(dtype),
    }
    return execute(_EYE, [], attrs, name)


def _range_impl(start, delta, size, Tidx):
    # start + i * delta, computed in the output dtype like TensorFlow's kernel.
    steps = jnp.arange(size, dtype=Tidx.np_dtype)
    return jnp.asarray(start, Tidx.np_dtype) + steps * jnp.asarray(delta, Tidx.np_dtype)


_RANGE = defop("Range", _range_impl, inputs=[], differentiable=False)

# When range's dtype is inferred, the widest argument wins along this order (TensorFlow's rule).
_RANGE_ORDER = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


def _range_arg(value, what: str):
    if isinstance(value, (Tensor,)) or hasattr(value, "_eager_read"):
        array = static_value(value)
        if array is None:
            raise shape_error("Range", f"`{what}` must be known when the op is built; got {value!r}")
        if np.ndim(array) != 0:
            raise shape_error("Range", f"{what} must be a scalar, not shape {list(np.shape(array))}")
        return array.item(), value.dtype
    converted = constant_value_tensor(value)
    return converted.numpy().item(), converted.dtype


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TensorFlow's name
    """[start, start + delta, ...) up to but excluding `limit`; `range(n)` counts from 0."""
    if limit is None:
        start, limit = 0, start
    values = [_range_arg(v, w) for v, w in ((start, "start"), (limit, "limit"), (delta, "delta"))]
    if dtype is None:
        dtype = max((d for _, d in values), key=lambda d: _RANGE_ORDER.index(d) if d in _RANGE_ORDER else 0)
    dtype = dtypes.as_dtype(dtype)
    start, limit, delta = (_cast_scalar(v, dtype) for v, _ in values)
    if delta == 0:
        raise shape_error("Range", f"Requires delta != 0: {delta}")
    if delta > 0 and start > limit:
        raise shape_error("Range", f"Requires start <= limit when delta > 0: {start}/{limit}")
    if delta < 0 and start < limit:
        raise shape_error("Range", f"Requires start >= limit when delta < 0: {start}/{limit}")
    size = (
        math.ceil(abs((limit - start) / delta)) if dtype.is_floating else -(-abs(limit - start) // abs(delta))
    )
    return execute(_RANGE, [], {"start": start, "delta": delta, "size": int(size), "Tidx": dtype}, name)


def _cast_scalar(value, dtype):
    # Arguments are cast to the op's dtype first (tf.range(3.7, dtype=tf.int32) counts to 3).
    return dtype.np_dtype.type(value).item()


def _linspace_impl(start, stop, num, axis):
    start, stop = jnp.broadcast_arrays(start, stop)
    delta = (stop - start) / jnp.asarray(max(num - 1, 1), start.dtype)
    steps = jnp.arange(num, dtype=start.dtype)
    values = start[..., None] + steps * delta[..., None]
    if num > 1:
        # The last value is exactly `stop`, not start + (num - 1) * delta.
        values = values.at[..., num - 1].set(stop)
    return jnp.moveaxis(values, -1, axis)


_LINSPACE = defop("LinSpace", _linspace_impl, inputs=["start: T", "stop: T"], types={"T": dtypes.FLOATING})


def linspace(start, stop, num, name=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` inclusive; start/stop may be batched."""
    start, stop = binary_operands(start, stop)
    if start.dtype.is_integer:
        start, stop = (_cast(v, dtypes.float64) for v in (start, stop))
    num = static_ints(num, "num", "LinSpace")
    if num < 0:
        raise shape_error("LinSpace", f"Requires num >= 0: {num}")
    rank = broadcast_shapes(start.shape, stop.shape).rank
    axis = canonical_axis(static_ints(axis, "axis", "LinSpace"), rank + 1, "LinSpace")
    return execute(_LINSPACE, [start, stop], {"num": num, "axis": axis}, name)


def _cast(x, dtype):
    return execute(registry.get("Cast"), [x], {"DstT": dtype})
