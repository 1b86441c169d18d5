"""Reductions: reduce_* over axes, argmax/argmin, cumulative scans, segment reductions, bincount,
top_k and sorting.

Axes are attributes (static ints), normalized and checked here the way TensorFlow's kernels check
them: an axis outside [-rank, rank) or listed twice is an InvalidArgumentError that names the axis
and the rank. `segment_*` and `bincount` have output sizes that depend on input values (the largest
segment id, the largest value), so they run un-jitted (`jit=False`) on concrete arrays.
"""

from __future__ import annotations

import collections

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from lamina.ops._op import (
    canonical_axis,
    defop,
    dtypes,
    execute,
    invalid,
    shape_error,
    static_ints,
    static_value,
    tensor,
)
from lamina.ops.cast_ops import cast
from lamina.ops.comparison_ops import not_equal

_FLOAT = dtypes.FLOATING
_INEXACT = dtypes.INEXACT
_REAL = dtypes.REAL
_NUMERIC = dtypes.NUMERIC
_BOOL = frozenset((dtypes.bool,))
_INDEX = dtypes.INDEX


# ---- axes ---------------------------------------------------------------------------------------
def _axis_list(axis, op_name: str) -> tuple:
    value = static_value(axis)
    if value is not None and np.asarray(value).size and np.asarray(value).dtype.kind == "f":
        # TensorFlow converts the axis to an int32 tensor first, which a float refuses.
        raise TypeError(f"Cannot convert {axis!r} to EagerTensor of dtype int32")
    axes = static_ints(axis, "axis", op_name)
    return (axes,) if isinstance(axes, int) else axes


def _reduction_axes(x, axis, op_name: str):
    """The reduced axes as a sorted tuple of non-negative ints (None: all axes).

    Raises:
      InvalidArgumentError: an axis is out of range for x's rank, or listed twice.
    """
    if axis is None:
        return None
    axes = _axis_list(axis, op_name)
    rank = x.shape.rank
    if rank is None:
        return axes
    seen = []
    for a in axes:
        if not -rank <= a < rank:
            raise shape_error(op_name, f"Invalid reduction dimension ({a} for input with {rank} dimension(s)")
        index = a % rank
        if index in seen:
            raise shape_error(
                op_name, f"Invalid reduction arguments: Axes contains duplicate dimension: {index}"
            )
        seen.append(index)
    return tuple(sorted(seen))


def _reduce(opdef, input_tensor, axis, keepdims, name, **attrs):
    x = tensor(input_tensor)
    axes = _reduction_axes(x, axis, opdef.name)
    return execute(opdef, [x], {"axis": axes, "keepdims": bool(keepdims), **attrs}, name)


def _is_empty_reduction(x, axis) -> bool:
    shape = x.shape if axis is None else [x.shape[a] for a in axis]
    return 0 in shape


def _lowest(dtype):
    return -jnp.inf if jnp.issubdtype(dtype, jnp.floating) else jnp.iinfo(dtype).min


def _highest(dtype):
    return jnp.inf if jnp.issubdtype(dtype, jnp.floating) else jnp.iinfo(dtype).max


# ---- reduce_* -----------------------------------------------------------------------------------
_SUM = defop(
    "Sum",
    lambda x, axis, keepdims: jnp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype),
    inputs=["input: T"],
    types={"T": _NUMERIC},
)


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum of elements across `axis` (all axes when None); reduced axes are kept as size 1 if `keepdims`."""
    return _reduce(_SUM, input_tensor, axis, keepdims, name)


def _mean_impl(x, axis, keepdims):
    if not jnp.issubdtype(x.dtype, jnp.integer):
        return jnp.mean(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    # TensorFlow's integer mean: the sum in x's own dtype, divided with truncation toward zero.
    count = int(np.prod([x.shape[a] for a in (range(x.ndim) if axis is None else axis)]))
    total = jnp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    return lax.div(total.astype(jnp.int64), jnp.int64(max(count, 1))).astype(x.dtype)


_MEAN = defop("Mean", _mean_impl, inputs=["input: T"], types={"T": _NUMERIC})


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean of elements across `axis`; for integer tensors the mean is truncated toward zero."""
    return _reduce(_MEAN, input_tensor, axis, keepdims, name)


def _extremum_impl(reducer, identity):
    def impl(x, axis, keepdims):
        # An empty reduction yields the identity (-inf / lowest int for max), as in TensorFlow; JAX
        # needs it spelled out. JAX's gradient splits ties evenly, like TensorFlow's.
        initial = identity(x.dtype) if _is_empty_reduction(x, axis) else None
        return reducer(x, axis=axis, keepdims=keepdims, initial=initial)

    return impl


_MAX = defop("Max", _extremum_impl(jnp.max, _lowest), inputs=["input: T"], types={"T": _REAL})


def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    """Maximum of elements across `axis`; the gradient is shared evenly among tied maxima."""
    return _reduce(_MAX, input_tensor, axis, keepdims, name)


_MIN = defop("Min", _extremum_impl(jnp.min, _highest), inputs=["input: T"], types={"T": _REAL})


def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    """Minimum of elements across `axis`; the gradient is shared evenly among tied minima."""
    return _reduce(_MIN, input_tensor, axis, keepdims, name)


_PROD = defop(
    "Prod",
    lambda x, axis, keepdims: jnp.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype),
    inputs=["input: T"],
    types={"T": _NUMERIC},
)


def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    """Product of elements across `axis`."""
    return _reduce(_PROD, input_tensor, axis, keepdims, name)


_ANY = defop(
    "Any",
    lambda x, axis, keepdims: jnp.any(x, axis=axis, keepdims=keepdims),
    inputs=["input: T"],
    types={"T": _BOOL},
    differentiable=False,
)


def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    """Logical OR of a bool tensor across `axis`."""
    return _reduce(_ANY, input_tensor, axis, keepdims, name)


_ALL = defop(
    "All",
    lambda x, axis, keepdims: jnp.all(x, axis=axis, keepdims=keepdims),
    inputs=["input: T"],
    types={"T": _BOOL},
    differentiable=False,
)


def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    """Logical AND of a bool tensor across `axis`."""
    return _reduce(_ALL, input_tensor, axis, keepdims, name)


def _euclidean_norm_impl(x, axis, keepdims):
    if jnp.issubdtype(x.dtype, jnp.complexfloating):
        squares = jnp.real(x * jnp.conj(x))
        return jnp.sqrt(jnp.sum(squares, axis=axis, keepdims=keepdims)).astype(x.dtype)
    total = jnp.sum(x * x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    if jnp.issubdtype(x.dtype, jnp.integer):
        # Integer norms are integers, as in TensorFlow: the square root truncated.
        return jnp.floor(jnp.sqrt(total.astype(jnp.float64))).astype(x.dtype)
    return jnp.sqrt(total)


_EUCLIDEAN_NORM = defop("EuclideanNorm", _euclidean_norm_impl, inputs=["input: T"], types={"T": _NUMERIC})


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(sum(|x| ** 2)) across `axis`, in x's dtype."""
    return _reduce(_EUCLIDEAN_NORM, input_tensor, axis, keepdims, name)


def _logsumexp_impl(x, axis, keepdims):
    initial = -jnp.inf if _is_empty_reduction(x, axis) else None
    raw_max = jnp.max(x, axis=axis, keepdims=True, initial=initial)
    # Shifting by the (finite) maximum keeps exp from overflowing; the shift carries no gradient.
    shift = lax.stop_gradient(jnp.where(jnp.isfinite(raw_max), raw_max, jnp.zeros_like(raw_max)))
    result = jnp.log(jnp.sum(jnp.exp(x - shift), axis=axis, keepdims=True)) + shift
    return result if keepdims else jnp.squeeze(result, axis=axis)


_LOGSUMEXP = defop("ReduceLogSumExp", _logsumexp_impl, inputs=["input: T"], types={"T": _FLOAT})


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """log(sum(exp(x))) across `axis`, computed without overflow."""
    return _reduce(_LOGSUMEXP, input_tensor, axis, keepdims, name)


def _variance_impl(x, axis, keepdims, std):
    mean = jnp.mean(x, axis=axis, keepdims=True)
    deviation = x - mean
    squares = (
        jnp.real(deviation * jnp.conj(deviation))
        if jnp.issubdtype(x.dtype, jnp.complexfloating)
        else (deviation * deviation)
    )
    variance = jnp.mean(squares, axis=axis, keepdims=keepdims)
    return jnp.sqrt(variance) if std else variance


_VARIANCE = defop("ReduceVariance", _variance_impl, inputs=["input: T"], types={"T": _INEXACT})


def _moments_reduction(input_tensor, axis, keepdims, name, std: bool):
    x = tensor(input_tensor)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        raise TypeError(f"Input must be either real or complex. Received integer type {x.dtype!r}.")
    return _reduce(_VARIANCE, x, axis, keepdims, name, std=std)


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """Population variance across `axis` (real dtype for complex input)."""
    return _moments_reduction(input_tensor, axis, keepdims, name, std=False)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """Population standard deviation across `axis` (real dtype for complex input)."""
    return _moments_reduction(input_tensor, axis, keepdims, name, std=True)


def _count_nonzero_impl(x, axis, keepdims, dtype):
    return jnp.sum(x != 0, axis=axis, keepdims=keepdims, dtype=dtype.np_dtype)


_COUNT_NONZERO = defop(
    "CountNonzero",
    _count_nonzero_impl,
    inputs=["input: T"],
    types={"T": dtypes.ALL_DEVICE},
    differentiable=False,
)


def count_nonzero(input, axis=None, keepdims=None, dtype=dtypes.int64, name=None):  # noqa: A002
    """Number of non-zero (True, non-empty string) elements across `axis`, as `dtype` (int64 by default)."""
    x = tensor(input)
    if x.dtype is dtypes.string:
        x = not_equal(x, b"")  # strings live on the host: compare there, count on the device
    return _reduce(_COUNT_NONZERO, x, axis, bool(keepdims), name, dtype=dtypes.as_dtype(dtype))


# ---- argmax / argmin ----------------------------------------------------------------------------
def _arg_impl(reducer, nan_replacement):
    def impl(x, axis, output_type):
        if jnp.issubdtype(x.dtype, jnp.floating):
            # TensorFlow's kernel compares with `>` / `<`, which a nan never wins: nan is skipped.
            x = jnp.where(jnp.isnan(x), jnp.asarray(nan_replacement, x.dtype), x)
        return reducer(x, axis=axis).astype(output_type.np_dtype)

    return impl


_ARG_TYPES = _REAL | _BOOL
_ARG_MAX = defop(
    "ArgMax",
    _arg_impl(jnp.argmax, -np.inf),
    inputs=["input: T"],
    types={"T": _ARG_TYPES},
    differentiable=False,
)
_ARG_MIN = defop(
    "ArgMin",
    _arg_impl(jnp.argmin, np.inf),
    inputs=["input: T"],
    types={"T": _ARG_TYPES},
    differentiable=False,
)
_ARG_OUTPUT_TYPES = {
    "ArgMax": (dtypes.int16, dtypes.uint16, dtypes.int32, dtypes.int64),
    "ArgMin": (dtypes.int32, dtypes.int64),
}


def _arg_reduce(opdef, input, axis, output_type, name):  # noqa: A002
    x = tensor(input)
    axis = 0 if axis is None else static_ints(axis, "axis", opdef.name)
    output_type = dtypes.as_dtype(output_type)
    if output_type not in _ARG_OUTPUT_TYPES[opdef.name]:
        allowed = ", ".join(d.name for d in _ARG_OUTPUT_TYPES[opdef.name])
        raise shape_error(
            opdef.name,
            f"Value for attr 'output_type' of {output_type.name} is not "
            f"in the list of "
            f"allowed values: {allowed}",
        )
    rank = x.shape.rank
    if not -rank <= axis < rank:
        raise shape_error(opdef.name, f"Expected dimension in the range [{-rank}, {rank}), but got {axis}")
    axis %= rank
    if x.shape[axis] == 0:
        raise shape_error(opdef.name, f"Reduction axis {axis} is empty in shape {x.shape.as_list()}")
    return execute(opdef, [x], {"axis": axis, "output_type": output_type}, name)


def argmax(input, axis=None, output_type=dtypes.int64, name=None):  # noqa: A002
    """Index of the largest value along `axis` (0 when None); the first one among ties."""
    return _arg_reduce(_ARG_MAX, input, axis, output_type, name)


def argmin(input, axis=None, output_type=dtypes.int64, name=None):  # noqa: A002
    """Index of the smallest value along `axis` (0 when None); the first one among ties."""
    return _arg_reduce(_ARG_MIN, input, axis, output_type, name)


# ---- cumulative scans ---------------------------------------------------------------------------
def _shift_for_exclusive(x, axis, reverse, fill):
    """x moved one step along `axis` (toward the end, or the start if reverse), `fill` entering, so
    that an inclusive scan of the result is the exclusive scan of x."""
    size = x.shape[axis]
    padding = [(0, 0)] * x.ndim
    padding[axis] = (0, 1) if reverse else (1, 0)
    padded = jnp.pad(x, padding, constant_values=fill)
    start = 1 if reverse else 0
    return lax.slice_in_dim(padded, start, start + size, axis=axis)


def _scan_impl(scan, fill):
    def impl(x, axis, exclusive, reverse):
        if exclusive:
            x = _shift_for_exclusive(x, axis, reverse, fill)
        return scan(x, axis=axis, reverse=reverse)

    return impl


_CUMSUM = defop("Cumsum", _scan_impl(lax.cumsum, 0), inputs=["x: T"], types={"T": _NUMERIC})
_CUMPROD = defop("Cumprod", _scan_impl(lax.cumprod, 1), inputs=["x: T"], types={"T": _NUMERIC})
_CUMULATIVE_LOGSUMEXP = defop(
    "CumulativeLogsumexp", _scan_impl(lax.cumlogsumexp, -np.inf), inputs=["x: T"], types={"T": _FLOAT}
)


def _scan(opdef, x, axis, exclusive, reverse, name):
    x = tensor(x)
    axis = static_ints(axis, "axis", opdef.name)
    rank = x.shape.rank
    if not -rank <= axis < rank:
        message = f"ScanOp: Expected scan axis in the range [{-rank}, {rank}), but got {axis}"
        raise shape_error(opdef.name, message)
    attrs = {"axis": axis % rank, "exclusive": bool(exclusive), "reverse": bool(reverse)}
    return execute(opdef, [x], attrs, name)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along `axis`; `exclusive` leaves out the current element, `reverse` scans backward."""
    return _scan(_CUMSUM, x, axis, exclusive, reverse, name)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along `axis` (see `cumsum` for `exclusive` and `reverse`)."""
    return _scan(_CUMPROD, x, axis, exclusive, reverse, name)


def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative log(sum(exp(x))) along `axis`, computed without overflow."""
    return _scan(_CUMULATIVE_LOGSUMEXP, x, axis, exclusive, reverse, name)


# ---- segment reductions -------------------------------------------------------------------------
def _segment_counts(ids, num_segments, sorted_ids):
    ones = jnp.ones(ids.shape, jnp.int64)
    return jax.ops.segment_sum(ones, ids, num_segments, indices_are_sorted=sorted_ids)


def _per_segment(counts, data):
    """counts reshaped to broadcast against per-segment results of `data` (num_segments, ...)."""
    return counts.reshape(counts.shape + (1,) * (data.ndim - 1))


def _segment_prod(data, ids, num_segments):
    # jax.ops.segment_prod has no gradient for repeated ids; a masked product over a
    # (segments, elements) grid does, at O(segments * elements) memory.
    member = ids[None, :] == jnp.arange(num_segments, dtype=ids.dtype)[:, None]
    member = member.reshape(member.shape + (1,) * (data.ndim - 1))
    return jnp.prod(jnp.where(member, data[None], jnp.ones_like(data[None])), axis=1, dtype=data.dtype)


def _segment_reduce(kind, data, ids, num_segments, sorted_ids, empty):
    """Reduces rows of `data` (rows along axis 0) into `num_segments` segments by `ids`; ids outside
    [0, num_segments) are dropped. `empty(dtype)` is the value of a segment without rows."""
    if kind == "prod":
        return _segment_prod(data, ids, num_segments)
    reducer = {"sum": jax.ops.segment_sum, "max": jax.ops.segment_max, "min": jax.ops.segment_min}[kind]
    result = reducer(data, ids, num_segments, indices_are_sorted=sorted_ids)
    if kind == "sum":
        return result
    counts = _per_segment(_segment_counts(ids, num_segments, sorted_ids), data)
    return jnp.where(counts > 0, result, jnp.asarray(empty(data.dtype), data.dtype))


def _segment_mean(data, ids, num_segments, sorted_ids, integer_division):
    total = jax.ops.segment_sum(data, ids, num_segments, indices_are_sorted=sorted_ids)
    counts = _per_segment(jnp.maximum(_segment_counts(ids, num_segments, sorted_ids), 1), data)
    if integer_division:
        return lax.div(total, jnp.broadcast_to(counts, total.shape).astype(total.dtype))
    return total / counts.astype(total.dtype)


def _sorted_segment_impl(kind):
    def impl(data, segment_ids):
        # Un-jitted: the number of segments is the last (largest) id + 1, read from the values.
        ids = np.asarray(segment_ids)
        num_segments = int(ids[-1]) + 1 if ids.size else 0
        ids = jnp.asarray(ids)
        if kind == "mean":
            return _segment_mean(data, ids, num_segments, True, jnp.issubdtype(data.dtype, jnp.integer))
        return _segment_reduce(kind, data, ids, num_segments, True, lambda dtype: 0)

    return impl


def _check_sorted_ids(op_name):
    def validate(arrays, attrs):
        ids = np.asarray(arrays[1])
        if ids.size == 0:
            return
        num_segments = int(ids[-1]) + 1
        if ids.min() < 0:
            raise invalid(
                op_name,
                f"Segment id {int(ids.min())} out of range [0, "
                f"{num_segments}), possibly "
                "because 'segment_ids' input is not sorted.",
            )
        if np.any(np.diff(ids) < 0):
            raise invalid(op_name, "segment ids are not increasing")

    return validate


def _sorted_segment_op(op_name, kind, types):
    return defop(
        op_name,
        _sorted_segment_impl(kind),
        inputs=["data: T", "segment_ids: Tindices"],
        types={"T": types, "Tindices": _INDEX},
        jit=False,
        validate=_check_sorted_ids(op_name),
    )


_SEGMENT_SUM = _sorted_segment_op("SegmentSum", "sum", _NUMERIC)
_SEGMENT_MEAN = _sorted_segment_op("SegmentMean", "mean", _NUMERIC)
_SEGMENT_MAX = _sorted_segment_op("SegmentMax", "max", _REAL)
_SEGMENT_MIN = _sorted_segment_op("SegmentMin", "min", _REAL)
_SEGMENT_PROD = _sorted_segment_op("SegmentProd", "prod", _NUMERIC)


def _sorted_segment(opdef, data, segment_ids, name):
    data, segment_ids = tensor(data), tensor(segment_ids)
    if segment_ids.shape.rank != 1:
        raise shape_error(opdef.name, "segment_ids should be a vector.")
    if data.shape.rank == 0 or data.shape[0] != segment_ids.shape[0]:
        raise shape_error(opdef.name, "segment_ids should be the same size as dimension 0 of input.")
    return execute(opdef, [data, segment_ids], None, name)


def segment_sum(data, segment_ids, name=None):
    """Sums rows of `data` by sorted `segment_ids`; the output has max(segment_ids) + 1 rows (0 if none)."""
    return _sorted_segment(_SEGMENT_SUM, data, segment_ids, name)


def segment_mean(data, segment_ids, name=None):
    """Means of rows of `data` by sorted `segment_ids` (truncated for integers; 0 for empty segments)."""
    return _sorted_segment(_SEGMENT_MEAN, data, segment_ids, name)


def segment_max(data, segment_ids, name=None):
    """Maxima of rows of `data` by sorted `segment_ids` (0 for empty segments)."""
    return _sorted_segment(_SEGMENT_MAX, data, segment_ids, name)


def segment_min(data, segment_ids, name=None):
    """Minima of rows of `data` by sorted `segment_ids` (0 for empty segments)."""
    return _sorted_segment(_SEGMENT_MIN, data, segment_ids, name)


def segment_prod(data, segment_ids, name=None):
    """Products of rows of `data` by sorted `segment_ids` (1 for empty segments)."""
    return _sorted_segment(_SEGMENT_PROD, data, segment_ids, name)


def _unsorted_segment_impl(kind):
    def impl(data, segment_ids, num_segments):
        # segment_ids may have any rank r: the first r axes of data are flattened into rows.
        ids = segment_ids.reshape(-1)
        rows = data.reshape((ids.shape[0],) + data.shape[segment_ids.ndim :])
        if kind == "mean":
            return _unsorted_segment_mean(rows, ids, num_segments)
        if kind == "sqrt_n":
            total = jax.ops.segment_sum(rows, ids, num_segments)
            counts = _per_segment(jnp.maximum(_segment_counts(ids, num_segments, False), 1), rows)
            return total / jnp.sqrt(counts.astype(total.dtype))
        empty = {
            "sum": lambda dtype: 0,
            "prod": lambda dtype: 1,
            "max": _lowest_finite,
            "min": _highest_finite,
        }[kind]
        return _segment_reduce(kind, rows, ids, num_segments, False, empty)

    return impl


def _unsorted_segment_mean(rows, ids, num_segments):
    if not jnp.issubdtype(rows.dtype, jnp.integer):
        return _segment_mean(rows, ids, num_segments, False, False)
    # TensorFlow divides the integer sums by the counts with `truediv`: float32 for 8/16-bit data,
    # float64 otherwise.
    float_type = jnp.float32 if rows.dtype.itemsize <= 2 else jnp.float64
    return _segment_mean(rows.astype(float_type), ids, num_segments, False, False)


def _lowest_finite(dtype):
    return jnp.finfo(dtype).min if jnp.issubdtype(dtype, jnp.floating) else jnp.iinfo(dtype).min


def _highest_finite(dtype):
    return jnp.finfo(dtype).max if jnp.issubdtype(dtype, jnp.floating) else jnp.iinfo(dtype).max


def _check_segment_range(op_name):
    def validate(arrays, attrs):
        ids = np.asarray(arrays[1]).reshape(-1)
        bad = np.nonzero(ids >= attrs["num_segments"])[0]
        if bad.size:
            raise invalid(
                op_name, f"segment_ids[{bad[0]}] = {ids[bad[0]]} is out of range [0, {attrs['num_segments']})"
            )

    return validate


def _unsorted_segment_op(op_name, kind, types):
    return defop(
        op_name,
        _unsorted_segment_impl(kind),
        inputs=["data: T", "segment_ids: Tindices"],
        types={"T": types, "Tindices": _INDEX},
        validate=_check_segment_range(op_name),
    )


_UNSORTED_SEGMENT_SUM = _unsorted_segment_op("UnsortedSegmentSum", "sum", _NUMERIC)
_UNSORTED_SEGMENT_MAX = _unsorted_segment_op("UnsortedSegmentMax", "max", _REAL)
_UNSORTED_SEGMENT_MIN = _unsorted_segment_op("UnsortedSegmentMin", "min", _REAL)
_UNSORTED_SEGMENT_PROD = _unsorted_segment_op("UnsortedSegmentProd", "prod", _NUMERIC)
_UNSORTED_SEGMENT_MEAN = _unsorted_segment_op("UnsortedSegmentMean", "mean", _REAL | dtypes.COMPLEX)
_UNSORTED_SEGMENT_SQRT_N = _unsorted_segment_op("UnsortedSegmentSqrtN", "sqrt_n", _INEXACT)


def _dims_text(dims) -> str:
    return "[" + ",".join(str(d) for d in dims) + "]"


def _unsorted_segment(opdef, data, segment_ids, num_segments, name):
    data, segment_ids = tensor(data), tensor(segment_ids)
    num_segments = static_ints(num_segments, "num_segments", opdef.name)
    if not isinstance(num_segments, int) or num_segments < 0:
        raise shape_error(opdef.name, f"num_segments should be a non-negative scalar, got {num_segments}")
    ids_dims, data_dims = segment_ids.shape.as_list(), data.shape.as_list()
    if data_dims[: len(ids_dims)] != ids_dims:
        message = f"data.shape = {_dims_text(data_dims)} does not start with segment_ids.shape = "
        raise shape_error(opdef.name, message + _dims_text(ids_dims))
    return execute(opdef, [data, segment_ids], {"num_segments": num_segments}, name)


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """Sums slices of `data` into `num_segments` rows by `segment_ids` (any order; negative ids dropped)."""
    return _unsorted_segment(_UNSORTED_SEGMENT_SUM, data, segment_ids, num_segments, name)


def unsorted_segment_max(data, segment_ids, num_segments, name=None):
    """Per-segment maxima (the dtype's lowest value for empty segments)."""
    return _unsorted_segment(_UNSORTED_SEGMENT_MAX, data, segment_ids, num_segments, name)


def unsorted_segment_min(data, segment_ids, num_segments, name=None):
    """Per-segment minima (the dtype's highest value for empty segments)."""
    return _unsorted_segment(_UNSORTED_SEGMENT_MIN, data, segment_ids, num_segments, name)


def unsorted_segment_prod(data, segment_ids, num_segments, name=None):
    """Per-segment products (1 for empty segments)."""
    return _unsorted_segment(_UNSORTED_SEGMENT_PROD, data, segment_ids, num_segments, name)


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """Per-segment means (0 for empty segments); integer data gives a float32/float64 result."""
    return _unsorted_segment(_UNSORTED_SEGMENT_MEAN, data, segment_ids, num_segments, name)


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """Per-segment sums divided by sqrt(number of rows in the segment)."""
    return _unsorted_segment(_UNSORTED_SEGMENT_SQRT_N, data, segment_ids, num_segments, name)


# ---- bincount -----------------------------------------------------------------------------------
def _bincount_impl(values, weights, minlength, maxlength, binary_output, per_row, dtype):
    # Un-jitted: without maxlength the number of bins is the largest value + 1.
    concrete = np.asarray(values)
    size = int(concrete.max()) + 1 if concrete.size else 0
    if minlength is not None:
        size = max(size, minlength)
    if maxlength is not None:
        size = min(size, maxlength)
    output_type = weights[0].dtype if weights else dtype.np_dtype
    counts = weights[0] if weights else jnp.ones(concrete.shape, output_type)
    rows = concrete.shape[0] if per_row else 1
    bins = jnp.asarray(concrete).reshape(rows, -1)
    # Values past the last bin (maxlength) go to an index past the end and are dropped.
    index = jnp.where(bins < size, bins + size * jnp.arange(rows)[:, None], rows * size)
    flat = jnp.zeros(rows * size, output_type).at[index.reshape(-1)].add(counts.reshape(-1), mode="drop")
    if binary_output:
        flat = (flat != 0).astype(output_type)
    return flat.reshape((rows, size) if per_row else (size,))


def _check_non_negative(arrays, attrs):
    if np.asarray(arrays[0]).size and np.asarray(arrays[0]).min() < 0:
        raise invalid("DenseBincount", "Input arr must be non-negative!")


_BINCOUNT = defop(
    "DenseBincount",
    _bincount_impl,
    inputs=["input: Tidx", "*weights: T"],
    types={"Tidx": _INDEX, "T": {dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64}},
    jit=False,
    differentiable=False,
    validate=_check_non_negative,
)


def bincount(
    arr,
    weights=None,
    minlength=None,
    maxlength=None,
    dtype=dtypes.int32,
    name=None,
    axis=None,
    binary_output=False,
):
    """Counts occurrences of each value in a non-negative integer tensor.

    Args:
      arr: values to count (non-integer values are cast to int32).
      weights: if given, each occurrence adds its weight instead of 1; the result takes its dtype.
      minlength, maxlength: bounds on the number of bins (default: max(arr) + 1).
      dtype: the result's dtype when there are no weights.
      axis: None or 0 counts over all values; -1 counts each row of a 2-D `arr` separately.
      binary_output: 1 for every value present instead of its count.
    """
    arr = tensor(arr)
    if arr.dtype not in _INDEX:
        arr = cast(arr, dtypes.int32)
    if axis not in (None, 0, -1):
        raise ValueError(f"Unsupported axis value {axis}. Only 0 and -1 are currently supported.")
    per_row = axis == -1 and arr.shape.rank == 2
    weight_list = []
    if weights is not None:
        weights = tensor(weights)
        if weights.shape != arr.shape:
            raise shape_error(
                "DenseBincount",
                f"`weights` must be the same shape as `arr`. Received shapes {arr.shape} and {weights.shape}",
            )
        weight_list = [weights]
    attrs = {
        "minlength": None if minlength is None else int(minlength),
        "maxlength": None if maxlength is None else int(maxlength),
        "binary_output": bool(binary_output),
        "per_row": per_row,
        "dtype": dtypes.as_dtype(dtype),
    }
    return execute(_BINCOUNT, [arr, weight_list], attrs, name)


# ---- top_k and sorting --------------------------------------------------------------------------
TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def _top_k_impl(x, k, sorted, index_type):  # noqa: A002 - TensorFlow's attribute name
    # lax.top_k returns sorted results, which `sorted=False` allows too; ties keep the lower index.
    values, indices = lax.top_k(x, k)
    return values, indices.astype(index_type.np_dtype)


_TOP_K = defop("TopKV2", _top_k_impl, inputs=["input: T"], types={"T": _REAL})


def top_k(input, k=1, sorted=True, index_type=dtypes.int32, name=None):  # noqa: A002
    """The `k` largest entries along the last axis and their indices: a (values, indices) namedtuple.

    Raises:
      InvalidArgumentError: `input` is a scalar, `k` is negative or larger than the last dimension.
    """
    x = tensor(input)
    k = static_ints(k, "k", "TopKV2")
    index_type = dtypes.as_dtype(index_type)
    if x.shape.rank == 0:
        raise shape_error("TopKV2", f"input must be >= 1-D, got shape {x.shape.as_list()}")
    if k < 0:
        raise shape_error("TopKV2", f"Need k >= 0, got {k}")
    columns = x.shape[-1]
    if columns is not None and columns < k:
        raise shape_error("TopKV2", f"input must have at least k columns. Had {columns}, needed {k}")
    values, indices = execute(_TOP_K, [x], {"k": k, "sorted": bool(sorted), "index_type": index_type}, name)
    return TopKV2(values, indices)


def _sort_impl(x, axis, descending):
    return jnp.sort(x, axis=axis, descending=descending)


def _argsort_impl(x, axis, descending):
    # A stable sort: equal values keep their order, also when descending (TensorFlow's top_k order).
    return jnp.argsort(x, axis=axis, stable=True, descending=descending).astype(jnp.int32)


_SORT = defop("Sort", _sort_impl, inputs=["values: T"], types={"T": _REAL})
_ARGSORT = defop("ArgSort", _argsort_impl, inputs=["values: T"], types={"T": _REAL}, differentiable=False)


def _sort_attrs(x, axis, direction, op_name):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(
            f"Argument `direction` should be one of ASCENDING, DESCENDING. Received: direction={direction}"
        )
    axis = static_ints(axis, "axis", op_name)
    rank = x.shape.rank
    if rank == 0:
        raise shape_error(op_name, "Cannot sort a scalar; values must be at least 1-D.")
    return {"axis": canonical_axis(axis, rank, op_name), "descending": direction == "DESCENDING"}


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """`values` sorted along `axis` (the last by default), ascending or descending."""
    x = tensor(values)
    return execute(_SORT, [x], _sort_attrs(x, axis, direction, "Sort"), name)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """int32 indices that sort `values` along `axis`; the sort is always stable (equal values keep order)."""
    x = tensor(values)
    return execute(_ARGSORT, [x], _sort_attrs(x, axis, direction, "ArgSort"), name)
