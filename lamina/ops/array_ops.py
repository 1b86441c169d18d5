"""Tensor creation and shape manipulation: constant, zeros/ones/fill, reshape, stack, concat, ..."""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from lamina._core.convert import constant_value_tensor
from lamina._core.shape import TensorShape
from lamina.ops._op import defop, dtypes, execute, invalid, static_ints, tensor


def constant(value, dtype=None, shape=None, name="Const"):
    """A tensor holding `value` (a Python/NumPy value), optionally cast to `dtype` and broadcast to `shape`."""
    result = constant_value_tensor(value, dtype)
    if shape is not None:
        dims = TensorShape(shape).as_list()
        if result.shape.num_elements() == 1:
            return fill(dims, reshape(result, []))
        if result.shape.num_elements() != int(np.prod(dims)):
            raise TypeError(
                f"Eager execution of tf.constant with unsupported shape. Tensor {result!r} (converted from "
                f"{value!r}) has {result.shape.num_elements()} elements, but got `shape` {shape} with "
                f"{int(np.prod(dims))} elements)."
            )
        return reshape(result, dims)
    return result


_IDENTITY = defop("Identity", lambda x: x, inputs=["input: T"])


def identity(input, name=None):  # noqa: A002 - TensorFlow's argument name
    """Returns a tensor with the same value as `input`."""
    return execute(_IDENTITY, [tensor(input)], None, name)


def _check_reshape(op_name, in_shape: TensorShape, target: tuple):
    if sum(1 for d in target if d == -1) > 1:
        raise invalid(op_name, f"Only one input size may be -1, not both; got shape {list(target)}")
    if any(d < -1 for d in target):
        raise invalid(op_name, f"Size values must be >= -1; got shape {list(target)}")
    size = in_shape.num_elements()
    if size is None:
        return
    product = int(np.prod([d for d in target if d != -1]))
    if -1 in target:
        if (product == 0 and size != 0) or (product and size % product):
            raise invalid(op_name, f"Input to reshape is a tensor with {size} values, but the requested shape "
                                   f"requires a multiple of {product}")
    elif product != size:
        raise invalid(op_name, f"Input to reshape is a tensor with {size} values, but the requested shape has "
                               f"{product}")


# Shape-like arguments (a reshape's shape, a tile's multiples, an axis) are attributes, not tensor
# inputs: XLA compiles static shapes, so they must be known when the op is built.
_RESHAPE = defop("Reshape", lambda tensor, shape: jnp.reshape(tensor, shape), inputs=["tensor: T"])


def reshape(tensor_, shape, name=None):
    """Reshapes `tensor_` to `shape`; one dimension may be -1 and is then inferred."""
    x = tensor(tensor_)
    target = static_ints(shape, "shape", "Reshape")
    target = (target,) if isinstance(target, int) else target
    _check_reshape("Reshape", x.shape, target)
    return execute(_RESHAPE, [x], {"shape": target}, name)


_PACK = defop("Pack", lambda values, axis: jnp.stack(values, axis=axis), inputs=["*values: T"])


def stack(values, axis=0, name="stack"):
    """Stacks rank-R tensors of one shape into a rank-(R+1) tensor along `axis`."""
    values = [tensor(v) for v in values]
    if not values:
        raise ValueError("stack requires at least one tensor")
    first = values[0].shape
    for i, v in enumerate(values[1:], 1):
        if not first.is_compatible_with(v.shape):
            raise invalid("Pack", f"Shapes of all inputs must match: values[0].shape = {first} != "
                                  f"values[{i}].shape = {v.shape}")
    rank = first.rank
    if not -(rank + 1) <= axis < rank + 1:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-(rank + 1)}, {rank + 1})")
    return execute(_PACK, [values], {"axis": axis % (rank + 1)}, name)


_FILL = defop("Fill", lambda value, dims: jnp.broadcast_to(value, dims), inputs=["value: T"])


def fill(dims, value, name=None):
    """A tensor of shape `dims` filled with the scalar `value`."""
    dims = static_ints(dims, "dims", "Fill")
    dims = (dims,) if isinstance(dims, int) else dims
    if any(d < 0 for d in dims):
        raise invalid("Fill", f"dims must be non-negative; got {list(dims)}")
    value = tensor(value)
    if value.shape.rank != 0:
        raise invalid("Fill", f"value must be a scalar, got shape {value.shape}")
    return execute(_FILL, [value], {"dims": dims}, name)


def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of `shape` filled with zeros."""
    dtype = dtypes.as_dtype(dtype)
    return fill(shape, constant(np.zeros((), dtype.np_dtype) if dtype is not dtypes.string else b""), name)


def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of `shape` filled with ones."""
    dtype = dtypes.as_dtype(dtype)
    return fill(shape, constant(np.ones((), dtype.np_dtype)), name)
