"""Shape queries and shape manipulation: identity, shape, broadcast_to, reshape, stack, concat, ...

Shape-like arguments (a reshape's shape, a tile's multiples, an axis) are attributes, not tensor
inputs: XLA compiles static shapes, so they must be known when the op is built.

String tensors live on the host as NumPy object arrays. Ops that TensorFlow also runs on strings
(reshape, transpose, concat, gather, ...) are declared with `strings=True`: a call with a string input
runs the same implementation un-jitted on NumPy. The implementations pick their array module with
`_xp`, so one function serves both paths.
"""

from __future__ import annotations

import builtins
import math

import jax.numpy as jnp
import numpy as np

from lamina._core.shape import TensorShape, broadcast_shapes
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
from lamina.ops._op import (
    tensor as as_tensor,
)

# This module defines tf.range, which shadows the builtin.
_py_range = builtins.range


def _xp(array):
    """NumPy for host arrays (strings), jax.numpy for device arrays and tracers."""
    return np if isinstance(array, np.ndarray) and array.dtype == object else jnp


def _as_tuple(value) -> tuple:
    return (value,) if isinstance(value, int) else tuple(value)


def shape_arg(shape, op_name: str) -> tuple:
    """A static shape from a list/tuple/TensorShape/tensor argument, as a tuple of ints."""
    if isinstance(shape, TensorShape):
        if not shape.is_fully_defined():
            raise ValueError(f"Cannot create a tensor of partially known shape {shape} ({op_name}).")
        return tuple(shape.as_list())
    if isinstance(shape, (list, tuple)) and not shape:
        return ()
    return _as_tuple(static_ints(shape, "shape", op_name))


def _broadcast(value, dims):
    if _xp(value) is np:
        # NumPy's broadcast_to is a read-only view; a host tensor owns its array.
        return np.array(np.broadcast_to(value, dims))
    return jnp.broadcast_to(value, dims)


# ---- identity and shape queries -----------------------------------------------------------------
_IDENTITY = defop("Identity", lambda input: input, inputs=["input: T"], strings=True)


def identity(input, name=None):  # noqa: A002 - TensorFlow's argument name
    """Returns a tensor with the same value as `input`."""
    x = as_tensor(input)
    return execute(_IDENTITY, [x], None, name)


_IDENTITY_N = defop("IdentityN", lambda input: tuple(input), inputs=["*input"])


def identity_n(input, name=None):  # noqa: A002
    """Returns a list of tensors with the same values as the list `input`."""
    values = [as_tensor(v) for v in input]
    if any(v.dtype is dtypes.string for v in values):
        return [identity(v) for v in values]
    return list(execute(_IDENTITY_N, [values], None, name))


def _shape_impl(input, out_type):
    return _xp(input).asarray(input.shape, dtype=out_type.np_dtype)


_SHAPE = defop("Shape", _shape_impl, inputs=["input: T"], differentiable=False, strings=True, shape_only=True)


def shape(input, out_type=dtypes.int32, name=None):  # noqa: A002
    """The shape of `input` as a 1-D tensor of `out_type` (int32 or int64)."""
    x = as_tensor(input)
    out_type = _index_type(out_type, "Shape")
    return execute(_SHAPE, [x], {"out_type": out_type}, name)


def _index_type(out_type, op_name: str):
    out_type = dtypes.as_dtype(out_type)
    if out_type not in dtypes.INDEX:
        raise shape_error(
            op_name,
            f"Value for attr 'out_type' of {out_type.name} is not in the list of allowed "
            "values: int32, int64",
        )
    return out_type


_SHAPE_N = defop(
    "ShapeN",
    lambda input, out_type: tuple(jnp.asarray(x.shape, out_type.np_dtype) for x in input),
    inputs=["*input: T"],
    differentiable=False,
    shape_only=True,
)


def shape_n(input, out_type=dtypes.int32, name=None):  # noqa: A002
    """The shapes of a list of tensors of one dtype, as a list of 1-D tensors."""
    values = [as_tensor(v) for v in input]
    out_type = _index_type(out_type, "ShapeN")
    if values and values[0].dtype is dtypes.string:
        return [shape(v, out_type) for v in values]
    return list(execute(_SHAPE_N, [values], {"out_type": out_type}, name))


_RANK = defop(
    "Rank",
    lambda input: _xp(input).asarray(input.ndim, dtype=np.int32),
    inputs=["input: T"],
    differentiable=False,
    strings=True,
    shape_only=True,
)


def rank(input, name=None):  # noqa: A002
    """The number of dimensions of `input`, as an int32 scalar."""
    x = as_tensor(input)
    return execute(_RANK, [x], None, name)


def _size_impl(input, out_type):
    return _xp(input).asarray(math.prod(input.shape), dtype=out_type.np_dtype)


_SIZE = defop("Size", _size_impl, inputs=["input: T"], differentiable=False, strings=True, shape_only=True)


def size(input, out_type=dtypes.int32, name=None):  # noqa: A002
    """The number of elements of `input`, as a scalar of `out_type`."""
    x = as_tensor(input)
    return execute(_SIZE, [x], {"out_type": _index_type(out_type, "Size")}, name)


_ENSURE_SHAPE = defop("EnsureShape", lambda input, shape: input, inputs=["input: T"], strings=True)


def ensure_shape(x, shape, name=None):
    """Returns `x` unchanged after checking that its shape is compatible with `shape`."""
    x = as_tensor(x)
    expected = shape if isinstance(shape, TensorShape) else TensorShape(shape)
    if not x.shape.is_compatible_with(expected):
        raise shape_error(
            "EnsureShape",
            f"Shape of tensor input {_dims_text(x.shape)} is not compatible with "
            f"expected shape {_dims_text(expected)}.",
        )
    return execute(_ENSURE_SHAPE, [x], {"shape": expected}, name)


def _dims_text(shape) -> str:
    dims = shape if isinstance(shape, (list, tuple)) else shape.as_list()
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


# ---- broadcasting -------------------------------------------------------------------------------
def broadcast_static_shape(shape_x, shape_y):
    """The broadcast of two TensorShapes; raises ValueError if they are incompatible."""
    try:
        return broadcast_shapes(TensorShape(shape_x), TensorShape(shape_y))
    except ValueError:
        raise ValueError(
            "Incompatible shapes for broadcasting. Two shapes are compatible if for each dimension pair they "
            f"are either equal or one of them is 1. Received: {TensorShape(shape_x)} and "
            f"{TensorShape(shape_y)}."
        ) from None


def _broadcast_args_impl(s0, s1):
    size = max(s0.shape[0], s1.shape[0])
    s0 = jnp.concatenate([jnp.ones(size - s0.shape[0], s0.dtype), s0])
    s1 = jnp.concatenate([jnp.ones(size - s1.shape[0], s1.dtype), s1])
    return jnp.where(s0 == 1, s1, s0)


def _broadcast_args_check(arrays, attrs):
    first, second = (np.asarray(a).tolist() for a in arrays)
    try:
        broadcast_shapes(TensorShape(first), TensorShape(second))
    except ValueError:
        raise invalid(
            "BroadcastArgs", f"Incompatible shapes: {_dims_text(first)} vs. {_dims_text(second)}"
        ) from None


_BROADCAST_ARGS = defop(
    "BroadcastArgs",
    _broadcast_args_impl,
    inputs=["s0: T", "s1: T"],
    types={"T": dtypes.INDEX},
    differentiable=False,
    validate=_broadcast_args_check,
)


def broadcast_dynamic_shape(shape_x, shape_y):
    """The broadcast of two shapes given as 1-D int32/int64 tensors."""
    shape_x, shape_y = binary_operands(shape_x, shape_y)
    return execute(_BROADCAST_ARGS, [shape_x, shape_y], None, None)


_BROADCAST_TO = defop(
    "BroadcastTo", lambda input, shape: _broadcast(input, shape), inputs=["input: T"], strings=True
)


def broadcast_to(input, shape, name=None):  # noqa: A002
    """Broadcasts `input` to `shape` with NumPy's rules."""
    x = as_tensor(input)
    target = shape_arg(shape, "BroadcastTo")
    try:
        result = broadcast_shapes(x.shape, TensorShape(target))
    except ValueError:
        result = None
    if result is None or result.as_list() != list(target):
        raise shape_error(
            "BroadcastTo", f"Incompatible shapes: {_dims_text(x.shape)} vs. {{_dims_text(target)}}"
        )
    return execute(_BROADCAST_TO, [x], {"shape": target}, name)


# ---- shape manipulation -------------------------------------------------------------------------
def _check_reshape(op_name, in_shape: TensorShape, target: tuple):
    if sum(1 for d in target if d == -1) > 1:
        raise shape_error(op_name, f"Only one input size may be -1, not both; got shape {list(target)}")
    if any(d < -1 for d in target):
        raise shape_error(op_name, f"Size values must be >= -1; got shape {list(target)}")
    size = in_shape.num_elements()
    if size is None:
        return
    product = math.prod(d for d in target if d != -1)
    if -1 in target:
        if (product == 0 and size != 0) or (product and size % product):
            raise shape_error(
                op_name,
                f"Input to reshape is a tensor with {size} values, but the requested shape "
                f"requires a multiple of {product}",
            )
    elif product != size:
        raise shape_error(
            op_name, f"Input to reshape is a tensor with {size} values, but the requested shape has {product}"
        )


_RESHAPE = defop(
    "Reshape", lambda tensor, shape: _xp(tensor).reshape(tensor, shape), inputs=["tensor: T"], strings=True
)


def reshape(tensor, shape, name=None):
    """Reshapes `tensor` to `shape`; one dimension may be -1 and is then inferred."""
    x = as_tensor(tensor)
    target = shape_arg(shape, "Reshape")
    _check_reshape("Reshape", x.shape, target)
    if -1 in target and 0 in target and x.shape.is_fully_defined():
        target = _resolve_empty_reshape(x.shape.as_list(), target)
    return execute(_RESHAPE, [x], {"shape": target}, name)


def _resolve_empty_reshape(dims: list, target: tuple) -> tuple:
    # With a 0 in the target, -1 cannot be size / product; TensorFlow infers it from the non-zero
    # dimensions of both shapes (reshape([0, 3] -> [3, 0, -1]) gives [3, 0, 1]).
    known = math.prod(d for d in target if d > 0)
    missing = math.prod(d for d in dims if d) // known
    return tuple(missing if d == -1 else d for d in target)


_TRANSPOSE = defop("Transpose", lambda x, perm: _xp(x).transpose(x, perm), inputs=["x: T"], strings=True)
_CONJUGATE_TRANSPOSE = defop(
    "ConjugateTranspose", lambda x, perm: jnp.conj(jnp.transpose(x, perm)), inputs=["x: T"]
)


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permutes the dimensions of `a` (reverses them by default); `conjugate` also conjugates."""
    x = as_tensor(a)
    rank = x.shape.rank
    if perm is None:
        perm = tuple(_py_range(rank - 1, -1, -1))
    else:
        perm = _as_tuple(static_ints(perm, "perm", "Transpose"))
    _check_permutation(perm, rank)
    opdef = _CONJUGATE_TRANSPOSE if conjugate and x.dtype.is_complex else _TRANSPOSE
    return execute(opdef, [x], {"perm": perm}, name)


def _check_permutation(perm: tuple, rank: int):
    if len(perm) != rank:
        raise shape_error(
            "Transpose",
            f"transpose expects a vector of size {rank}. But input(1) is a vector of size {len(perm)}",
        )
    for dim in _py_range(rank):
        if dim not in perm and dim - rank not in perm:
            listed = ",".join(str(p) for p in perm)
            raise shape_error("Transpose", f"{dim} is missing from {{{listed}}}.")


_EXPAND_DIMS = defop(
    "ExpandDims", lambda input, axis: _xp(input).expand_dims(input, axis), inputs=["input: T"], strings=True
)


def expand_dims(input, axis, name=None):  # noqa: A002
    """Inserts a dimension of size 1 at `axis` (in [-rank-1, rank])."""
    x = as_tensor(input)
    axis = static_ints(axis, "axis", "ExpandDims")
    if not isinstance(axis, int):
        if len(axis) != 1:
            raise shape_error(
                "ExpandDims", "'dim' must be a tensor with a single value, received: {list(axis)}"
            )
        axis = axis[0]
    rank = x.shape.rank
    if not -rank - 1 <= axis <= rank:
        raise shape_error(
            "ExpandDims", f"Tried to expand dim index {axis} for tensor with {rank} dimensions."
        )
    return execute(_EXPAND_DIMS, [x], {"axis": axis % (rank + 1)}, name)


_SQUEEZE = defop(
    "Squeeze",
    lambda input, squeeze_dims: _xp(input).squeeze(input, squeeze_dims),
    inputs=["input: T"],
    strings=True,
)


def squeeze(input, axis=None, name=None):  # noqa: A002
    """Removes dimensions of size 1 (all of them, or those listed in `axis`)."""
    x = as_tensor(input)
    dims = x.shape.as_list()
    if axis is None:
        axes = tuple(i for i, d in enumerate(dims) if d == 1)
    else:
        axes = []
        for a in _as_tuple(static_ints(axis, "axis", "Squeeze")):
            if not -len(dims) <= a < len(dims):
                raise shape_error(
                    "Squeeze", f"Tried to squeeze dim index {a} for tensor with {len(dims)} dimensions."
                )
            if dims[a] != 1:
                raise shape_error(
                    "Squeeze",
                    f"Can not squeeze dim[{a % len(dims)}], expected a dimension of 1, got {dims[a]}",
                )
            axes.append(a % len(dims))
        axes = tuple(sorted(set(axes)))
    return execute(_SQUEEZE, [x], {"squeeze_dims": axes}, name)


_CONCAT = defop(
    "ConcatV2",
    lambda values, axis: _xp(values[0]).concatenate(values, axis=axis),
    inputs=["*values: T"],
    strings=True,
)


def concat(values, axis, name="concat"):
    """Joins tensors of one dtype along an existing `axis`."""
    if isinstance(values, (Tensor,)):
        values = [values]
    values = [as_tensor(v) for v in values]
    if not values:
        raise shape_error("ConcatV2", "concat expects at least one tensor, received an empty list")
    axis = static_ints(axis, "axis", "ConcatV2")
    if len(values) == 1:
        return identity(values[0], name)
    rank = values[0].shape.rank
    if not -rank <= axis < rank:
        raise shape_error(
            "ConcatV2",
            f"ConcatOp : Expected concatenating dimensions in the range [{-rank}, {rank}), but got {axis}",
        )
    axis %= rank
    first = values[0].shape.as_list()
    for i, v in enumerate(values[1:], 1):
        dims = v.shape.as_list()
        if len(dims) != rank:
            raise shape_error(
                "ConcatV2",
                f"ConcatOp : Ranks of all input tensors should match: shape[0] = "
                f"{_dims_text(first)} vs. shape[{i}] = {_dims_text(dims)}",
            )
        for d in _py_range(rank):
            if d != axis and dims[d] != first[d]:
                raise shape_error(
                    "ConcatV2",
                    f"ConcatOp : Dimension {d} in both shapes must be equal: shape[0] = "
                    f"{_dims_text(first)} vs. shape[{i}] = {_dims_text(dims)}",
                )
    return execute(_CONCAT, [values], {"axis": axis}, name)


_PACK = defop(
    "Pack", lambda values, axis: _xp(values[0]).stack(values, axis=axis), inputs=["*values: T"], strings=True
)


def stack(values, axis=0, name="stack"):
    """Stacks rank-R tensors of one shape into a rank-(R+1) tensor along `axis`."""
    values = [as_tensor(v) for v in values]
    if not values:
        raise ValueError("stack requires at least one tensor")
    first = values[0].shape
    for i, v in enumerate(values[1:], 1):
        if not first.is_compatible_with(v.shape):
            raise shape_error(
                "Pack",
                f"Shapes of all inputs must match: values[0].shape = {first} != "
                f"values[{i}].shape = {v.shape}",
            )
    rank = first.rank
    axis = static_ints(axis, "axis", "Pack")
    if not -(rank + 1) <= axis < rank + 1:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-(rank + 1)}, {rank + 1})")
    return execute(_PACK, [values], {"axis": axis % (rank + 1)}, name)


def _unpack_impl(value, num, axis):
    xp = _xp(value)
    return tuple(xp.take(value, i, axis=axis) for i in _py_range(num))


_UNPACK = defop("Unpack", _unpack_impl, inputs=["value: T"], strings=True)


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits `value` along `axis` into a list of rank-(R-1) tensors."""
    x = as_tensor(value)
    rank = x.shape.rank
    axis = static_ints(axis, "axis", "Unpack")
    if not -rank <= axis < rank:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-rank}, {rank})")
    axis %= rank
    size = x.shape.as_list()[axis]
    if num is not None and num != size:
        raise shape_error(
            "Unpack", f"Input shape axis {axis} must equal {num}, got shape {{_dims_text(x.shape)}}"
        )
    return list(execute(_UNPACK, [x], {"num": size, "axis": axis}, name))


def _split_impl(value, size_splits, axis):
    xp = _xp(value)
    offsets = np.cumsum(size_splits)[:-1].tolist()
    return tuple(xp.split(value, offsets, axis=axis))


_SPLIT = defop(
    "Split",
    lambda value, num_split, axis: tuple(_xp(value).split(value, num_split, axis=axis)),
    inputs=["value: T"],
    strings=True,
)
_SPLIT_V = defop("SplitV", _split_impl, inputs=["value: T"], strings=True)


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits `value` along `axis` into `num_or_size_splits` equal parts, or parts of the listed sizes."""
    x = as_tensor(value)
    axis = static_ints(axis, "axis", "Split")
    rank = x.shape.rank
    if not -rank <= axis < rank:
        raise shape_error("Split", f"-input rank(-{rank}) <= split_dim < input rank ({rank}) but got {axis}")
    axis %= rank
    size = x.shape.as_list()[axis]
    splits = static_ints(num_or_size_splits, "num_or_size_splits", "Split")
    if isinstance(splits, int):
        if splits < 1:
            raise shape_error("Split", f"Value for attr 'num_split' of {splits} must be at least minimum 1")
        if size % splits:
            raise shape_error(
                "Split",
                f"Number of ways to split should evenly divide the split dimension, but got "
                f"split_dim {axis} (size = {size}) and num_split {splits}",
            )
        opdef, attrs = _SPLIT, {"num_split": splits, "axis": axis}
    else:
        opdef, attrs = _SPLIT_V, {"size_splits": _resolve_size_splits(list(splits), size), "axis": axis}
    return list(execute(opdef, [x], attrs, name))


def _resolve_size_splits(splits: list, size: int) -> tuple:
    if splits.count(-1) > 1:
        raise shape_error("SplitV", "There can only be one -1 in the input.")
    known = sum(s for s in splits if s != -1)
    if -1 in splits and known <= size:
        splits[splits.index(-1)] = size - known
    if sum(splits) != size or any(s < 0 for s in splits):
        raise shape_error(
            "SplitV",
            "Determined shape must either match input shape along split_dim exactly if fully "
            f"specified, or be less than the size of the input along split_dim if not fully "
            f"specified.  Got: {known}",
        )
    return tuple(splits)


_TILE = defop(
    "Tile", lambda input, multiples: _xp(input).tile(input, multiples), inputs=["input: T"], strings=True
)


def tile(input, multiples, name=None):  # noqa: A002
    """Repeats `input` `multiples[i]` times along dimension i."""
    x = as_tensor(input)
    multiples = _as_tuple(static_ints(multiples, "multiples", "Tile"))
    if len(multiples) != x.shape.rank:
        raise shape_error(
            "Tile",
            f"Expected multiples argument to be a vector of length {x.shape.rank} but got "
            f"length {len(multiples)}",
        )
    for i, m in enumerate(multiples):
        if m < 0:
            raise shape_error("Tile", f"Expected multiples[{i}] >= 0, but got {m}")
    return execute(_TILE, [x], {"multiples": multiples}, name)


def _pad_impl(input, constant_values, paddings):
    if _xp(input) is np:
        # np.pad turns bytes fill values into np.bytes_; build the host result directly.
        shape = tuple(d + before + after for d, (before, after) in zip(input.shape, paddings, strict=True))
        result = np.full(shape, constant_values.item(), dtype=object)
        inner = tuple(
            builtins.slice(before, before + d) for d, (before, _) in zip(input.shape, paddings, strict=True)
        )
        result[inner] = input
        return result
    return jnp.pad(input, paddings, mode="constant", constant_values=constant_values)


_PAD = defop("PadV2", _pad_impl, inputs=["input: T", "constant_values: T"], strings=True)
_MIRROR_PAD = defop(
    "MirrorPad", lambda input, paddings, mode: jnp.pad(input, paddings, mode=mode), inputs=["input: T"]
)


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pads `tensor` with `paddings[i] = [before, after]` values per dimension (CONSTANT, REFLECT or
    SYMMETRIC)."""
    x = as_tensor(tensor)
    upper = str(mode).upper()
    if upper not in ("CONSTANT", "REFLECT", "SYMMETRIC"):
        raise ValueError(
            'Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". '
            f"Received `mode` = {mode}"
        )
    flat = static_ints(paddings, "paddings", "Pad")
    array = np.asarray(static_value(paddings))
    if array.ndim != 2 or array.shape != (x.shape.rank, 2):
        raise shape_error(
            "Pad",
            f"The first dimension of paddings must be the rank of inputs{_dims_text(array.shape)} "
            f"{_dims_text(x.shape)}",
        )
    pairs = tuple((flat[2 * i], flat[2 * i + 1]) for i in _py_range(x.shape.rank))
    for before, after in pairs:
        if before < 0 or after < 0:
            raise shape_error("Pad", f"Paddings must be non-negative: {before} {after}")
    if upper == "CONSTANT":
        if type(constant_values) is int and constant_values == 0:
            # The default pads with the dtype's zero: False for bool, b"" for strings (TF's Pad op).
            constant_values = b"" if x.dtype is dtypes.string else np.zeros((), x.dtype.np_dtype)
        fill_value = as_tensor(constant_values, dtype=x.dtype)
        return execute(_PAD, [x, fill_value], {"paddings": pairs}, name)
    _check_mirror(pairs, x.shape.as_list(), upper)
    return execute(_MIRROR_PAD, [x], {"paddings": pairs, "mode": upper.lower()}, name)


def _check_mirror(pairs, dims, mode):
    for (before, after), dim in zip(pairs, dims, strict=True):
        if mode == "REFLECT" and (before >= dim or after >= dim):
            raise shape_error(
                "MirrorPad",
                f"paddings must be less than the dimension size: {before}, {after} not less than {dim}",
            )
        if mode == "SYMMETRIC" and (before > dim or after > dim):
            raise shape_error(
                "MirrorPad",
                f"paddings must be no greater than the dimension size: {before}, {after} greater than {dim}",
            )


_REVERSE = defop(
    "ReverseV2", lambda tensor, axis: _xp(tensor).flip(tensor, axis), inputs=["tensor: T"], strings=True
)


def reverse(tensor, axis, name=None):
    """Reverses `tensor` along each dimension in `axis`."""
    x = as_tensor(tensor)
    rank = x.shape.rank
    axes = []
    for i, a in enumerate(_as_tuple(static_ints(axis, "axis", "ReverseV2"))):
        if not -rank <= a < rank:
            raise shape_error("ReverseV2", f"'axis'[{i}] = {a} is out of valid range [0, {rank - 1}")
        if a % rank in axes:
            raise shape_error("ReverseV2", f"axis {a % rank} specified more than once.")
        axes.append(a % rank)
    return execute(_REVERSE, [x], {"axis": tuple(axes)}, name)


def _reverse_sequence_impl(input, seq_lengths, seq_axis, batch_axis):
    positions = jnp.arange(input.shape[seq_axis])
    lengths = seq_lengths.astype(positions.dtype)[:, None]  # [batch, 1]
    source = jnp.where(positions[None, :] < lengths, lengths - 1 - positions[None, :], positions[None, :])
    # Broadcast the [batch, seq] source index to the input's rank, then gather along seq_axis.
    shape = [1] * input.ndim
    shape[batch_axis], shape[seq_axis] = input.shape[batch_axis], input.shape[seq_axis]
    order = sorted((batch_axis, seq_axis))
    index = source if order == [batch_axis, seq_axis] else source.T
    index = jnp.broadcast_to(index.reshape(shape), input.shape)
    return jnp.take_along_axis(input, index, axis=seq_axis)


def _check_sequence_lengths(arrays, attrs):
    lengths, size = np.asarray(arrays[1]), np.shape(arrays[0])[attrs["seq_axis"]]
    bad = np.flatnonzero((lengths < 0) | (lengths > size))
    if bad.size:
        raise invalid("ReverseSequence", f"seq_lens[{bad[0]}] = {lengths[bad[0]]} is not in [0, {size}]")


_REVERSE_SEQUENCE = defop(
    "ReverseSequence",
    _reverse_sequence_impl,
    inputs=["input: T", "seq_lengths: Tlen"],
    types={"Tlen": dtypes.INDEX},
    validate=_check_sequence_lengths,
)


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None):  # noqa: A002
    """Reverses the first `seq_lengths[b]` elements of each batch entry `b` along `seq_axis`."""
    x = as_tensor(input)
    lengths = as_tensor(seq_lengths, dtype_hint=dtypes.int64)
    rank = x.shape.rank
    seq_axis = canonical_axis(int(seq_axis if seq_axis is not None else 1), rank, "ReverseSequence")
    batch_axis = canonical_axis(int(batch_axis if batch_axis is not None else 0), rank, "ReverseSequence")
    if seq_axis == batch_axis:
        raise shape_error("ReverseSequence", f"batch_dim == seq_dim == {seq_axis}")
    if lengths.shape.rank != 1 or lengths.shape[0] != x.shape[batch_axis]:
        raise shape_error(
            "ReverseSequence",
            f"len(seq_lens) != input.dims({batch_axis}), ({lengths.shape} vs. {x.shape[batch_axis]})",
        )
    return execute(_REVERSE_SEQUENCE, [x, lengths], {"seq_axis": seq_axis, "batch_axis": batch_axis}, name)


_ROLL = defop(
    "Roll", lambda input, shift, axis: _xp(input).roll(input, shift, axis), inputs=["input: T"], strings=True
)


def roll(input, shift, axis, name=None):  # noqa: A002
    """Rolls elements along `axis` by `shift` (lists roll several axes; repeated axes add up)."""
    x = as_tensor(input)
    shift = _as_tuple(static_ints(shift, "shift", "Roll"))
    axis = _as_tuple(static_ints(axis, "axis", "Roll"))
    if len(shift) != len(axis):
        raise shape_error("Roll", "shift and axis must have the same size")
    rank = x.shape.rank
    for a in axis:
        if not -rank <= a < rank:
            raise shape_error("Roll", f"axis {a} is out of range")
    return execute(_ROLL, [x], {"shift": shift, "axis": tuple(a % rank for a in axis)}, name)


def _meshgrid_impl(args, indexing):
    return tuple(jnp.meshgrid(*args, indexing=indexing))


# TensorFlow builds meshgrid from reshapes and broadcasting multiplies; here it is one op.
_MESHGRID = defop("Meshgrid", _meshgrid_impl, inputs=["*args: T"])


def meshgrid(*args, **kwargs):
    """Coordinate grids from 1-D tensors; `indexing` is 'xy' (default, Cartesian) or 'ij' (matrix)."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"Argument `indexing` parameter must be either 'xy' or 'ij', got '{indexing}'")
    if not args:
        return []
    values = [reshape(as_tensor(a), [-1]) for a in args]
    return list(execute(_MESHGRID, [values], {"indexing": indexing}, name))


def _repeat_impl(input, repeats, axis):
    counts = np.asarray(repeats)
    return jnp.repeat(
        input, counts, axis=axis, total_repeat_length=int(counts.sum()) if counts.ndim else None
    )


# TensorFlow composes repeat from tile, reshape and boolean_mask; one op here. `repeats` is static.
_REPEAT = defop("Repeat", _repeat_impl, inputs=["input: T"])


def repeat(input, repeats, axis=None, name=None):  # noqa: A002
    """Repeats each element of `input` `repeats` times along `axis` (the flattened input if None)."""
    x = as_tensor(input)
    if axis is None:
        x, axis = reshape(x, [-1]), 0
    axis = canonical_axis(static_ints(axis, "axis", "Repeat"), x.shape.rank, "Repeat")
    counts = static_ints(repeats, "repeats", "Repeat")
    if not isinstance(counts, int):
        if len(counts) == 1:
            counts = counts[0]
        elif len(counts) != x.shape.as_list()[axis]:
            raise ValueError(f"Dimensions {x.shape.as_list()[axis]} and {len(counts)} are not compatible")
    for count in _as_tuple(counts):
        if count < 0:
            raise shape_error("Repeat", f"Expected repeats >= 0, but got {count}")
    return execute(_REPEAT, [x], {"repeats": counts, "axis": axis}, name)


def _sequence_mask_impl(lengths, maxlen, dtype):
    positions = jnp.arange(maxlen, dtype=lengths.dtype)
    return (positions < lengths[..., None]).astype(dtype.np_dtype)


_SEQUENCE_MASK = defop(
    "SequenceMask", _sequence_mask_impl, inputs=["lengths: T"], types={"T": dtypes.REAL}, differentiable=False
)


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None):
    """mask[i..., j] = j < lengths[i...]; `maxlen` defaults to the largest length."""
    lengths = as_tensor(lengths)
    if maxlen is None:
        values = static_value(lengths)
        if values is None:
            raise shape_error(
                "SequenceMask", "`maxlen=None` needs the value of `lengths`; pass maxlen explicitly"
            )
        maxlen = int(np.max(values)) if np.size(values) else 0
    else:
        maxlen = static_ints(maxlen, "maxlen", "SequenceMask")
        if maxlen < 0:
            raise shape_error("SequenceMask", f"Requires start <= limit when delta > 0: 0/{maxlen}")
    return execute(
        _SEQUENCE_MASK, [lengths], {"maxlen": max(maxlen, 0), "dtype": dtypes.as_dtype(dtype)}, name
    )


def _one_hot_impl(indices, on_value, off_value, depth, axis):
    hot = indices[..., None] == jnp.arange(depth, dtype=indices.dtype)
    values = jnp.where(hot, on_value, off_value)
    return values if axis == -1 else jnp.moveaxis(values, -1, axis)


_ONE_HOT = defop(
    "OneHot",
    _one_hot_impl,
    inputs=["indices: TI", "on_value: T", "off_value: T"],
    types={"TI": (dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64)},
)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot encoding: a new dimension of size `depth` at `axis`; out-of-range indices give all-off."""
    indices = as_tensor(indices)
    dtype = _one_hot_dtype(on_value, off_value, dtype)
    on = as_tensor(1 if on_value is None else on_value, dtype=dtype)
    off = as_tensor(0 if off_value is None else off_value, dtype=dtype)
    depth = static_ints(depth, "depth", "OneHot")
    if depth < 0:
        raise shape_error("OneHot", f"depth must be non-negative, got: {depth}")
    rank = indices.shape.rank
    axis = -1 if axis is None else static_ints(axis, "axis", "OneHot")
    if axis != -1 and not 0 <= axis <= rank:
        raise shape_error(
            "OneHot", f"Expected axis to be -1 or between [0, {rank + 1}). But received: {{axis}}"
        )
    return execute(_ONE_HOT, [indices, on, off], {"depth": depth, "axis": axis}, name)


def _one_hot_dtype(on_value, off_value, dtype):
    if dtype is not None:
        return dtypes.as_dtype(dtype)
    on_dtype = None if on_value is None else as_tensor(on_value).dtype
    off_dtype = None if off_value is None else as_tensor(off_value).dtype
    if on_dtype is not None and off_dtype is not None and on_dtype is not off_dtype:
        raise TypeError(f"dtype {on_dtype!r} of on_value does not match dtype {off_dtype!r} of off_value")
    return on_dtype or off_dtype or dtypes.float32


def _space_to_depth_impl(input, block_size, data_format):
    if data_format == "NCHW":
        input = jnp.transpose(input, (0, 2, 3, 1))
    batch, height, width, depth = input.shape
    blocks = input.reshape(batch, height // block_size, block_size, width // block_size, block_size, depth)
    out = blocks.transpose(0, 1, 3, 2, 4, 5).reshape(batch, height // block_size, width // block_size, -1)
    return jnp.transpose(out, (0, 3, 1, 2)) if data_format == "NCHW" else out


def _depth_to_space_impl(input, block_size, data_format):
    if data_format == "NCHW":
        input = jnp.transpose(input, (0, 2, 3, 1))
    batch, height, width, depth = input.shape
    blocks = input.reshape(batch, height, width, block_size, block_size, depth // block_size**2)
    out = blocks.transpose(0, 1, 3, 2, 4, 5).reshape(batch, height * block_size, width * block_size, -1)
    return jnp.transpose(out, (0, 3, 1, 2)) if data_format == "NCHW" else out


_SPACE_TO_DEPTH = defop("SpaceToDepth", _space_to_depth_impl, inputs=["input: T"])
_DEPTH_TO_SPACE = defop("DepthToSpace", _depth_to_space_impl, inputs=["input: T"])


def _block_op_args(op_name, x, block_size, data_format):
    block_size = static_ints(block_size, "block_size", op_name)
    if block_size < 2:
        raise shape_error(op_name, f"Value for attr 'block_size' of {block_size} must be at least minimum 2")
    if data_format not in ("NHWC", "NCHW"):
        raise shape_error(
            op_name,
            f"Value for attr 'data_format' of {data_format!r} is not in the list of allowed "
            "values: NHWC, NCHW",
        )
    if x.shape.rank != 4:
        raise shape_error(op_name, f"Input rank should be 4 instead of {x.shape.rank}")
    dims = x.shape.as_list()
    height, width, depth = (
        (dims[1], dims[2], dims[3]) if data_format == "NHWC" else (dims[2], dims[3], dims[1])
    )
    return block_size, height, width, depth


def space_to_depth(input, block_size, data_format="NHWC", name=None):  # noqa: A002
    """Moves `block_size` x `block_size` spatial blocks into the depth dimension."""
    x = as_tensor(input)
    block_size, height, width, _ = _block_op_args("SpaceToDepth", x, block_size, data_format)
    if height % block_size or width % block_size:
        raise shape_error(
            "SpaceToDepth",
            f"Image width {width} and height {height} should be divisible by block_size: {block_size}",
        )
    return execute(_SPACE_TO_DEPTH, [x], {"block_size": block_size, "data_format": data_format}, name)


def depth_to_space(input, block_size, data_format="NHWC", name=None):  # noqa: A002
    """Moves depth into `block_size` x `block_size` spatial blocks (the inverse of space_to_depth)."""
    x = as_tensor(input)
    block_size, _, _, depth = _block_op_args("DepthToSpace", x, block_size, data_format)
    if depth % (block_size * block_size):
        raise shape_error(
            "DepthToSpace", f"Input depth dimension {depth} should be divisible by: {block_size * block_size}"
        )
    return execute(_DEPTH_TO_SPACE, [x], {"block_size": block_size, "data_format": data_format}, name)
