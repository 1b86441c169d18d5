"""Indexing: slice, strided_slice and `tensor[...]`, gather/scatter, boolean_mask, where, unique, ...

Slice bounds are attributes (static), like every shape-like argument: XLA compiles static shapes.
Index *values* (gather, scatter) are tensor inputs; their range is checked on the host in eager mode
(the OpDef's `validate` hook), as TensorFlow's CPU kernels do, because XLA would clamp them silently.
"""

from __future__ import annotations

import builtins
import collections
import numbers

import jax
import jax.numpy as jnp
import numpy as np

from lamina._core.shape import broadcast_shapes
from lamina._core.tensor import install_operator
from lamina._core.variables import Variable
from lamina.ops._op import (
    Tensor,
    binary_operands,
    canonical_axis,
    defop,
    dtypes,
    execute,
    invalid,
    shape_error,
    static_ints,
    static_value,
)
from lamina.ops._op import tensor as as_tensor
from lamina.ops.array_ops import _dims_text, _xp, reshape, shape_arg

# This module defines tf.slice, which shadows the builtin.
builtin_slice = builtins.slice
_INDICES = (dtypes.int32, dtypes.int64)
_GATHER_INDICES = (dtypes.int16, dtypes.int32, dtypes.int64)


# ---- slice ----------------------------------------------------------------------------------------
def _slice_impl(input, begin, size):
    return input[tuple(builtin_slice(b, b + s) for b, s in zip(begin, size, strict=True))]


_SLICE = defop("Slice", _slice_impl, inputs=["input: T"], strings=True)


def slice(input_, begin, size, name=None):  # noqa: A001 - TensorFlow's name
    """The block of `input_` starting at `begin` with extent `size` (-1: everything to the end)."""
    x = as_tensor(input_)
    begin = _ints_tuple(begin, "begin", "Slice")
    size = _ints_tuple(size, "size", "Slice")
    dims = x.shape.as_list()
    if len(begin) != len(dims) or len(size) != len(dims):
        raise shape_error(
            "Slice",
            f"Expected begin and size arguments to be 1-D tensors of size {len(dims)}, but got "
            f"shapes [{len(begin)}] and [{len(size)}] instead.",
        )
    resolved = []
    for i, (b, s, d) in enumerate(zip(begin, size, dims, strict=True)):
        s = d - b if s == -1 else s
        if not 0 <= b <= d:
            raise shape_error("Slice", f"Expected begin[{i}] in [0, {d}], but got {b}")
        if not 0 <= s <= d - b:
            raise shape_error("Slice", f"Expected size[{i}] in [0, {d - b}], but got {s}")
        resolved.append(s)
    return execute(_SLICE, [x], {"begin": begin, "size": tuple(resolved)}, name)


def _ints_tuple(value, what, op_name) -> tuple:
    result = static_ints(value, what, op_name)
    return (result,) if isinstance(result, int) else result


# ---- strided_slice --------------------------------------------------------------------------------
def _bit(mask: int, index: int) -> bool:
    return bool(mask >> index & 1)


def _strided_index(
    dims, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask
) -> tuple:
    """The NumPy basic index (ints, slices, None) that a StridedSlice spec selects from shape `dims`.

    Each spec entry is an ellipsis, a new axis, or applies to the next input dimension: a shrink
    (an int index) or a slice whose masked bounds are None. Raises InvalidArgumentError like TF.
    """
    if bin(ellipsis_mask).count("1") > 1:
        raise shape_error("StridedSlice", "Multiple ellipses in slice spec not allowed")
    count = len(begin)
    consumed = sum(1 for i in range(count) if not _bit(ellipsis_mask, i) and not _bit(new_axis_mask, i))
    index, dim = [], 0
    for i in range(count):
        if _bit(ellipsis_mask, i):
            fill = max(len(dims) - consumed, 0)
            index.extend([builtin_slice(None)] * fill)
            dim += fill
            continue
        if _bit(new_axis_mask, i):
            index.append(None)
            continue
        if not dims:
            raise shape_error("StridedSlice", "Attempting to slice scalar input.")
        if dim >= len(dims):
            raise shape_error(
                "StridedSlice", f"Index out of range using input dim {dim}; input has only {len(dims)} dims"
            )
        if strides[i] == 0:
            raise shape_error("StridedSlice", f"strides[{i}] must be non-zero")
        if _bit(shrink_axis_mask, i) and dims[dim] is None:  # unknown while a graph is built
            index.append(begin[i])
        elif _bit(shrink_axis_mask, i):
            position = begin[i] + dims[dim] if begin[i] < 0 else begin[i]
            if not 0 <= position < dims[dim]:
                raise shape_error("StridedSlice", f"slice index {position} of dimension {dim} out of bounds.")
            index.append(position)
        else:
            start = None if _bit(begin_mask, i) else begin[i]
            stop = None if _bit(end_mask, i) else end[i]
            index.append(builtin_slice(start, stop, strides[i]))
        dim += 1
    return tuple(index)


def _strided_slice_impl(
    input, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask
):
    index = _strided_index(
        input.shape, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask
    )
    result = input[index]
    # NumPy returns a scalar (not an array) for a full integer index of a host array.
    return np.asarray(result, dtype=object) if _xp(input) is np else result


_STRIDED_SLICE = defop("StridedSlice", _strided_slice_impl, inputs=["input: T"], strings=True)


def strided_slice(
    input_,
    begin,
    end,
    strides=None,
    begin_mask=0,
    end_mask=0,
    ellipsis_mask=0,
    new_axis_mask=0,
    shrink_axis_mask=0,
    var=None,
    name=None,
):
    """Extracts a strided slice of `input_`; the masks follow TensorFlow's StridedSlice op."""
    x = as_tensor(input_)
    begin = _ints_tuple(begin, "begin", "StridedSlice")
    end = _ints_tuple(end, "end", "StridedSlice")
    strides = (1,) * len(begin) if strides is None else _ints_tuple(strides, "strides", "StridedSlice")
    if not len(begin) == len(end) == len(strides):
        raise shape_error(
            "StridedSlice",
            f"Expected begin, end, and strides to be 1D equal size tensors, but got shapes "
            f"[{len(begin)}], [{len(end)}], and [{len(strides)}] instead.",
        )
    attrs = {
        "begin": begin,
        "end": end,
        "strides": strides,
        "begin_mask": int(begin_mask),
        "end_mask": int(end_mask),
        "ellipsis_mask": int(ellipsis_mask),
        "new_axis_mask": int(new_axis_mask),
        "shrink_axis_mask": int(shrink_axis_mask),
    }
    _strided_index(tuple(x.shape.as_list()), **attrs)  # validates before dispatch
    return execute(_STRIDED_SLICE, [x], attrs, name)


# ---- tensor[...] ----------------------------------------------------------------------------------
_BAD_INDEX = (
    "Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar tf.int32/tf.int64 "
    "tensors are valid indices, got {!r}"
)


def _index_value(value):
    """A Python int from an int, NumPy integer, or scalar int32/int64 tensor; TypeError otherwise."""
    if isinstance(value, numbers.Integral):
        return int(value)
    is_tensor = isinstance(value, (Tensor, Variable))
    if is_tensor and value.dtype in _INDICES and value.shape.rank == 0:
        array = static_value(value)
        if array is None:
            raise TypeError(f"A symbolic tensor index needs a known value in lamina, got {value!r}")
        return int(array)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iu":
        return int(value)
    raise TypeError(_BAD_INDEX.format(value))


def _slice_bound(value):
    return None if value is None else _index_value(value)


def _is_boolean_index(key) -> bool:
    if isinstance(key, bool):
        return True
    if isinstance(key, (Tensor, Variable)):
        return key.dtype is dtypes.bool
    return isinstance(key, np.ndarray) and key.dtype == np.bool_


def getitem(tensor, key):
    """`tensor[key]` with TensorFlow's rules: ints, slices, `...`, None/tf.newaxis and scalar int tensors;
    a boolean tensor or array key is a boolean mask."""
    if _is_boolean_index(key):
        return boolean_mask(tensor, key)
    entries = key if isinstance(key, (list, tuple)) else [key]
    begin, end, strides = [], [], []
    masks = {"begin_mask": 0, "end_mask": 0, "ellipsis_mask": 0, "new_axis_mask": 0, "shrink_axis_mask": 0}
    for i, entry in enumerate(entries):
        bit = 1 << i
        if isinstance(entry, builtin_slice):
            start, stop, step = (_slice_bound(v) for v in (entry.start, entry.stop, entry.step))
            begin.append(0 if start is None else start)
            end.append(0 if stop is None else stop)
            strides.append(1 if step is None else step)
            masks["begin_mask"] |= bit if start is None else 0
            masks["end_mask"] |= bit if stop is None else 0
            continue
        if entry is Ellipsis or entry is None:
            masks["ellipsis_mask" if entry is Ellipsis else "new_axis_mask"] |= bit
            begin.append(0), end.append(0), strides.append(1)
            continue
        position = _index_value(entry)
        begin.append(position)
        end.append(position + 1)
        strides.append(1)
        masks["shrink_axis_mask"] |= bit
    return strided_slice(tensor, begin, end, strides, **masks)


install_operator("__getitem__", getitem, classes=(Variable,))


# ---- gather ---------------------------------------------------------------------------------------
def _first_bad(indices: np.ndarray, low, high):
    """(position tuple, value) of the first entry of `indices` outside [low, high), or None."""
    bad = np.argwhere((indices < low) | (indices >= high))
    if not len(bad):
        return None
    position = tuple(int(i) for i in bad[0])
    return position, indices[position]


def check_indices_in_range(op_name: str, indices, limit: int):
    """TensorFlow's CPU check of gathered indices: InvalidArgumentError naming the first index
    outside [0, limit) and where it is."""
    found = _first_bad(np.asarray(indices), 0, limit)
    if found is not None:
        position, value = found
        where = ",".join(str(p) for p in position)
        raise invalid(op_name, f"indices[{where}] = {value} is not in [0, {limit})")


def _gather_check(arrays, attrs):
    params, indices = arrays
    check_indices_in_range("GatherV2", indices, params.shape[attrs["axis"]])


def _batched(function, batch_dims: int):
    """`function` mapped over `batch_dims` leading dimensions of all its arguments."""
    for _ in range(batch_dims):
        function = jax.vmap(function)
    return function


def _gather_impl(params, indices, axis, batch_dims):
    if _xp(params) is np:
        return _host_batched(lambda p, i: np.take(p, i, axis=axis - batch_dims), batch_dims)(
            params, np.asarray(indices)
        )
    return _batched(lambda p, i: jnp.take(p, i, axis=axis - batch_dims), batch_dims)(params, indices)


def _host_batched(function, batch_dims: int):
    """The host (NumPy) counterpart of `_batched`: a loop over the batch positions."""
    if batch_dims == 0:
        return function

    def mapped(first, second):
        results = [_host_batched(function, batch_dims - 1)(a, b) for a, b in zip(first, second, strict=True)]
        return np.stack(results) if results else np.empty((0,), dtype=object)

    return mapped


_GATHER = defop(
    "GatherV2",
    _gather_impl,
    inputs=["params: Tparams", "indices: Tindices"],
    types={"Tindices": _GATHER_INDICES},
    validate=_gather_check,
    strings=True,
)


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Gathers slices of `params` along `axis` at `indices` (the first `batch_dims` dims are batch dims)."""
    params = as_tensor(params)
    indices = as_tensor(indices)
    if indices.dtype not in _GATHER_INDICES:
        raise shape_error(
            "GatherV2",
            f"Value for attr 'Tindices' of {indices.dtype.name} is not in the list of allowed "
            "values: int16, int32, int64",
        )
    rank, index_rank = params.shape.rank, indices.shape.rank
    batch_dims = static_ints(batch_dims, "batch_dims", "GatherV2")
    if batch_dims < 0:
        batch_dims += index_rank
    axis = batch_dims if axis is None else static_ints(axis, "axis", "GatherV2")
    axis = canonical_axis(axis, rank, "GatherV2")
    if not 0 <= batch_dims <= min(index_rank, axis):
        raise ValueError(
            f"batch_dims ({batch_dims}) must be in [0, {min(index_rank, axis)}] for axis {axis} and "
            f"indices of rank {index_rank}"
        )
    if params.shape.as_list()[:batch_dims] != indices.shape.as_list()[:batch_dims]:
        raise shape_error(
            "GatherV2",
            f"params.shape[:{batch_dims}] should match indices.shape[:{batch_dims}], got "
            f"{_dims_text(params.shape)} and {_dims_text(indices.shape)}",
        )
    attrs = {"axis": axis, "batch_dims": batch_dims}
    return execute(_GATHER, [params, indices], attrs, name)


def _nd_index(indices):
    """Splits an index tensor [..., k] into a tuple of k index arrays for NumPy-style indexing."""
    return tuple(indices[..., i] for i in range(indices.shape[-1]))


def _gather_nd_impl(params, indices, batch_dims):
    function = lambda p, i: p[_nd_index(i)]  # noqa: E731
    if _xp(params) is np:
        return _host_batched(function, batch_dims)(params, np.asarray(indices))
    return _batched(function, batch_dims)(params, indices)


def _gather_nd_check(arrays, attrs):
    params, indices = arrays
    batch_dims = attrs["batch_dims"]
    indices = np.asarray(indices)
    depth = indices.shape[-1]
    limits = np.asarray(params.shape[batch_dims : batch_dims + depth])
    rows = indices.reshape(-1, depth)
    bad = np.nonzero(np.any((rows < 0) | (rows >= limits), axis=1))[0]
    if len(bad):
        row = rows[bad[0]].tolist()
        raise invalid(
            "GatherNd",
            f"indices[{bad[0]}] = {row} does not index into param shape "
            f"{_dims_text(list(params.shape))}, node name: GatherNd",
        )


_GATHER_ND = defop(
    "GatherNd",
    _gather_nd_impl,
    inputs=["params: Tparams", "indices: Tindices"],
    types={"Tindices": _GATHER_INDICES},
    validate=_gather_nd_check,
    strings=True,
)


def gather_nd(params, indices, batch_dims=0, name=None):
    """Gathers slices of `params` addressed by the last dimension of `indices` (k-tuples of indices)."""
    params = as_tensor(params)
    indices = as_tensor(indices)
    batch_dims = static_ints(batch_dims, "batch_dims", "GatherNd")
    depth = indices.shape.as_list()[-1] if indices.shape.rank else None
    if depth is None or depth > params.shape.rank - batch_dims:
        raise shape_error(
            "GatherNd",
            f"index innermost dimension length must be <= params rank; saw: {depth} vs. "
            f"{params.shape.rank - batch_dims}",
        )
    return execute(_GATHER_ND, [params, indices], {"batch_dims": batch_dims}, name)


# ---- scatter ----------------------------------------------------------------------------------------
def _scatter_check(op_name):
    def check(arrays, attrs):
        target_shape = attrs["shape"] if "shape" in attrs else arrays[0].shape
        indices = np.asarray(arrays[-2])
        depth = indices.shape[-1]
        rows = indices.reshape(-1, depth)
        limits = np.asarray(target_shape[:depth])
        bad = np.nonzero(np.any((rows < 0) | (rows >= limits), axis=1))[0]
        if len(bad):
            raise invalid(
                op_name,
                f"indices[{bad[0]}] = {rows[bad[0]].tolist()} does not index into shape "
                f"{_dims_text(list(target_shape))}",
            )

    return check


def _check_updates(op_name, indices, updates, shape):
    index_dims = indices.shape.as_list()
    depth = index_dims[-1] if index_dims else 0
    expected = index_dims[:-1] + list(shape[depth:])
    if depth > len(shape) or updates.shape.as_list() != expected:
        raise shape_error(
            op_name,
            f"Dimensions [0,{len(index_dims) - 1}) of indices[shape={_dims_text(index_dims)}] "
            f"must match dimensions [0,{len(index_dims) - 1}) of updates[shape="
            f"{_dims_text(updates.shape)}] and the slices of shape={_dims_text(list(shape))}",
        )


_SCATTER_ND = defop(
    "ScatterNd",
    lambda indices, updates, shape: jnp.zeros(shape, updates.dtype).at[_nd_index(indices)].add(updates),
    inputs=["indices: Tindices", "updates: T"],
    types={"Tindices": _INDICES},
    validate=_scatter_check("ScatterNd"),
)


def scatter_nd(indices, updates, shape, name=None):
    """A zero tensor of `shape` with `updates` added at `indices` (duplicates add up)."""
    indices = as_tensor(indices)
    updates = as_tensor(updates)
    shape = shape_arg(shape, "ScatterNd")
    _check_updates("ScatterNd", indices, updates, shape)
    return execute(_SCATTER_ND, [indices, updates], {"shape": shape}, name)


def _tensor_scatter(method):
    def impl(tensor, indices, updates):
        target = tensor.at[_nd_index(indices)]
        return target.add(-updates) if method == "subtract" else getattr(target, method)(updates)

    return impl


def _tensor_scatter_op(op_name, method):
    return defop(
        op_name,
        _tensor_scatter(method),
        inputs=["tensor: T", "indices: Tindices", "updates: T"],
        types={"Tindices": _INDICES},
        validate=_scatter_check(op_name),
    )


_TENSOR_SCATTER = {
    "update": _tensor_scatter_op("TensorScatterUpdate", "set"),
    "add": _tensor_scatter_op("TensorScatterAdd", "add"),
    "sub": _tensor_scatter_op("TensorScatterSub", "subtract"),
    "max": _tensor_scatter_op("TensorScatterMax", "max"),
    "min": _tensor_scatter_op("TensorScatterMin", "min"),
}


def _tensor_scatter_call(kind, tensor, indices, updates, name):
    opdef = _TENSOR_SCATTER[kind]
    tensor = as_tensor(tensor)
    indices = as_tensor(indices)
    updates = as_tensor(updates, dtype_hint=tensor.dtype)
    _check_updates(opdef.name, indices, updates, tensor.shape.as_list())
    return execute(opdef, [tensor, indices, updates], None, name)


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """A copy of `tensor` with the slices at `indices` replaced by `updates`."""
    return _tensor_scatter_call("update", tensor, indices, updates, name)


def tensor_scatter_nd_add(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` added at `indices`."""
    return _tensor_scatter_call("add", tensor, indices, updates, name)


def tensor_scatter_nd_sub(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` subtracted at `indices`."""
    return _tensor_scatter_call("sub", tensor, indices, updates, name)


def tensor_scatter_nd_max(tensor, indices, updates, name=None):
    """A copy of `tensor` with the element-wise maximum of it and `updates` at `indices`."""
    return _tensor_scatter_call("max", tensor, indices, updates, name)


def tensor_scatter_nd_min(tensor, indices, updates, name=None):
    """A copy of `tensor` with the element-wise minimum of it and `updates` at `indices`."""
    return _tensor_scatter_call("min", tensor, indices, updates, name)


# ---- data-dependent shapes: boolean_mask, where, unique ---------------------------------------------
def _boolean_mask_impl(tensor, mask, axis):
    # The mask is never differentiated, so it is concrete here even under the gradient's jax.vjp.
    positions = np.flatnonzero(np.asarray(mask))
    dims = tensor.shape
    flat = tensor.reshape(dims[:axis] + (-1,) + dims[axis + mask.ndim :])
    return _xp(tensor).take(flat, positions, axis=axis)


# TensorFlow composes boolean_mask from reshape, where and gather; one op here. Its output size depends
# on the mask's values, so it runs un-jitted.
_BOOLEAN_MASK = defop(
    "BooleanMask", _boolean_mask_impl, inputs=["tensor: T", "mask: M"], jit=False, strings=True
)


def boolean_mask(tensor, mask, axis=None, name="boolean_mask"):
    """The entries of `tensor` (from dimension `axis` on) where `mask` is True, flattened to one dimension."""
    tensor = as_tensor(tensor)
    mask = as_tensor(mask)
    mask_rank = mask.shape.rank
    if mask_rank == 0:
        raise ValueError("mask cannot be scalar.")
    axis = 0 if axis is None else static_ints(axis, "axis", "BooleanMask")
    axis = axis + tensor.shape.rank if axis < 0 else axis
    covered = tensor.shape[axis : axis + mask_rank]
    if not covered.is_compatible_with(mask.shape):
        raise ValueError(f"Shapes {covered} and {mask.shape} are incompatible")
    return execute(_BOOLEAN_MASK, [tensor, mask], {"axis": axis}, name)


_WHERE = defop(
    "Where",
    lambda condition: jnp.argwhere(condition).astype(np.int64),
    inputs=["condition: T"],
    jit=False,
    differentiable=False,
)
_SELECT = defop(
    "SelectV2",
    lambda condition, t, e: _xp(t).where(condition, t, e),
    inputs=["condition: B", "t: T", "e: T"],
    types={"B": (dtypes.bool,)},
    strings=True,
)


def where(condition, x=None, y=None, name=None):
    """With x and y: elements of x where `condition` is True, else of y (all three broadcast).
    Without: the int64 coordinates [num_true, rank] of the True (non-zero) entries of `condition`."""
    if (x is None) != (y is None):
        raise ValueError("x and y must both be non-None or both be None.")
    if x is None:
        condition = as_tensor(condition)
        return execute(_WHERE, [condition], None, name)
    condition = as_tensor(condition, dtype=dtypes.bool)
    x, y = binary_operands(x, y)
    try:
        broadcast_shapes(broadcast_shapes(condition.shape, x.shape), y.shape)
    except ValueError:
        raise shape_error(
            "SelectV2",
            f"condition {_dims_text(condition.shape)}, then {_dims_text(x.shape)}, and else "
            f"{_dims_text(y.shape)} must be broadcastable",
        ) from None
    return execute(_SELECT, [condition, x, y], None, name)


def _unique_impl(x, out_idx, with_counts=False):
    """Unique values in order of first occurrence (TensorFlow's order, unlike NumPy's sorted one)."""
    xp = _xp(x)
    values, first, inverse, counts = np.unique(
        np.asarray(x), return_index=True, return_inverse=True, return_counts=True
    )
    order = np.argsort(first, kind="stable")
    rank_of = np.empty_like(order)
    rank_of[order] = np.arange(len(order))
    index = rank_of[inverse.reshape(-1)].astype(out_idx.np_dtype)
    unique = xp.take(x, first[order], axis=0) if xp is jnp else values[order]
    outputs = (unique, jnp.asarray(index))
    return outputs + (jnp.asarray(counts[order].astype(out_idx.np_dtype)),) if with_counts else outputs


def _unique_grad(ctx, grad_y, grad_idx, *rest):
    # TensorFlow registers no gradient for Unique; lamina gives the natural one: each input gets its
    # unique value's gradient.
    return [gather(grad_y, ctx.outputs[1])]


_UNIQUE = defop("Unique", _unique_impl, inputs=["x: T"], jit=False, grad=_unique_grad, strings=True)
_UNIQUE_WITH_COUNTS = defop(
    "UniqueWithCounts",
    lambda x, out_idx: _unique_impl(x, out_idx, True),
    inputs=["x: T"],
    jit=False,
    grad=_unique_grad,
    strings=True,
)


def _unique_call(opdef, x, out_idx, name):
    x = as_tensor(x)
    if x.shape.rank != 1:
        raise shape_error(opdef.name, "unique expects a 1D vector.")
    out_idx = dtypes.as_dtype(out_idx)
    if out_idx not in _INDICES:
        raise shape_error(
            opdef.name,
            f"Value for attr 'out_idx' of {out_idx.name} is not in the list of allowed values: int32, int64",
        )
    return execute(opdef, [x], {"out_idx": out_idx}, name)


Unique = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCounts = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def unique(x, out_idx=dtypes.int32, name=None):
    """The unique elements `y` of 1-D `x` in order of first occurrence, and `idx` with x == gather(y, idx)."""
    return Unique(*_unique_call(_UNIQUE, x, out_idx, name))


def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """Like `unique`, plus how many times each unique element occurs."""
    return UniqueWithCounts(*_unique_call(_UNIQUE_WITH_COUNTS, x, out_idx, name))


# ---- permutations and sorted search -----------------------------------------------------------------
def _invert_permutation_check(arrays, attrs):
    values = np.asarray(arrays[0])
    seen = np.zeros(len(values), dtype=bool)
    for value in values.tolist():
        if not 0 <= value < len(values):
            raise invalid("InvertPermutation", f"{value} is not between 0 and {len(values)}")
        if seen[value]:
            raise invalid("InvertPermutation", f"{value} is duplicated in the input.")
        seen[value] = True


_INVERT_PERMUTATION = defop(
    "InvertPermutation",
    lambda x: jnp.zeros_like(x).at[x].set(jnp.arange(x.shape[0], dtype=x.dtype)),
    inputs=["x: T"],
    types={"T": _INDICES},
    validate=_invert_permutation_check,
    differentiable=False,
)


def invert_permutation(x, name=None):
    """y such that y[x[i]] = i, for a permutation `x` of 0..n-1."""
    x = as_tensor(x)
    if x.shape.rank != 1:
        raise shape_error("InvertPermutation", f"invert_permutation expects a 1D vector, got shape {x.shape}")
    return execute(_INVERT_PERMUTATION, [x], None, name)


def _bound_impl(side):
    def impl(sorted_inputs, values, out_type):
        search = jax.vmap(lambda row, targets: jnp.searchsorted(row, targets, side=side))
        return search(sorted_inputs, values).astype(out_type.np_dtype)

    return impl


_LOWER_BOUND = defop(
    "LowerBound", _bound_impl("left"), inputs=["sorted_inputs: T", "values: T"], differentiable=False
)
_UPPER_BOUND = defop(
    "UpperBound", _bound_impl("right"), inputs=["sorted_inputs: T", "values: T"], differentiable=False
)


def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None):
    """Insertion points of `values` in the innermost dimension of `sorted_sequence` (batched over the
    leading dimensions)."""
    if side not in ("left", "right"):
        raise ValueError(f"Argument `side` must be either 'right' or 'left'. Received: `side` = '{side}'.")
    sorted_sequence, values = binary_operands(sorted_sequence, values)
    opdef = _LOWER_BOUND if side == "left" else _UPPER_BOUND
    sequence_dims, value_dims = sorted_sequence.shape.as_list(), values.shape.as_list()
    if sequence_dims[:-1] != value_dims[:-1] or not sequence_dims:
        raise shape_error(opdef.name, "Leading dim_size of both tensors must match.")
    rows = reshape(sorted_sequence, [-1, sequence_dims[-1]])
    targets = reshape(values, [-1, value_dims[-1]])
    out_type = dtypes.as_dtype(out_type)
    result = execute(opdef, [rows, targets], {"out_type": out_type}, name)
    return reshape(result, value_dims)
