"""TensorFlow 1.x spellings of ops: the same ops as their v2 names, with v1 argument names
(`keep_dims`, `reduction_indices`, `dim`) and v1-only conveniences (`to_float`, `random_normal`).
Each is a thin wrapper; none is a second implementation."""

from __future__ import annotations

from lamina._core import dtypes
from lamina.ops import cast_ops, math_functions, random_ops, reduction_ops


def _v1_axis(axis, reduction_indices, keepdims, keep_dims):
    if axis is not None and reduction_indices is not None:
        raise ValueError("Cannot specify both 'axis' and 'reduction_indices'.")
    if keepdims is not None and keep_dims is not None:
        raise ValueError("Cannot specify both 'keepdims' and 'keep_dims'.")
    axis = axis if axis is not None else reduction_indices
    return axis, bool(keepdims if keepdims is not None else keep_dims)


def _v1_reduction(v2_function):
    def reduction(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
        axis, keepdims = _v1_axis(axis, reduction_indices, keepdims, keep_dims)
        return v2_function(input_tensor, axis=axis, keepdims=keepdims, name=name)

    reduction.__name__ = v2_function.__name__
    reduction.__doc__ = f"{v2_function.__doc__}\n\n(TensorFlow 1.x names: keep_dims, reduction_indices.)"
    return reduction


reduce_sum = _v1_reduction(reduction_ops.reduce_sum)
reduce_mean = _v1_reduction(reduction_ops.reduce_mean)
reduce_max = _v1_reduction(reduction_ops.reduce_max)
reduce_min = _v1_reduction(reduction_ops.reduce_min)
reduce_prod = _v1_reduction(reduction_ops.reduce_prod)
reduce_any = _v1_reduction(reduction_ops.reduce_any)
reduce_all = _v1_reduction(reduction_ops.reduce_all)
reduce_logsumexp = _v1_reduction(reduction_ops.reduce_logsumexp)


def argmax(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """v1 argmax: `dimension` is the old name of `axis` (default 0)."""
    axis = axis if axis is not None else dimension
    return reduction_ops.argmax(input, axis=axis, output_type=output_type, name=name)


def argmin(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    axis = axis if axis is not None else dimension
    return reduction_ops.argmin(input, axis=axis, output_type=output_type, name=name)


def to_float(x, name="ToFloat"):
    return cast_ops.cast(x, dtypes.float32, name=name)


def to_double(x, name="ToDouble"):
    return cast_ops.cast(x, dtypes.float64, name=name)


def to_int32(x, name="ToInt32"):
    return cast_ops.cast(x, dtypes.int32, name=name)


def to_int64(x, name="ToInt64"):
    return cast_ops.cast(x, dtypes.int64, name=name)


def log(x, name=None):
    return math_functions.log(x, name=name)


random_normal = random_ops.normal
random_uniform = random_ops.uniform
truncated_normal = random_ops.truncated_normal
set_random_seed = random_ops.set_seed


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """`ref.assign(value)`: in a graph, a tensor that holds the new value once assigned."""
    return ref.assign(value, name=name)


def assign_add(ref, value, use_locking=None, name=None):
    return ref.assign_add(value, name=name)


def assign_sub(ref, value, use_locking=None, name=None):
    return ref.assign_sub(value, name=name)
