"""Element-wise comparisons (`equal`, `less`, ...), logic on bool tensors and bitwise ops on
integer tensors. None of them has a gradient.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from lamina._core.shape import broadcast_shapes
from lamina.ops._elementwise import (
    _ALL_DEVICE,
    _BOOL,
    _INTEGER,
    _REAL,
    _STRING,
    _is_host_strings,
    _matching_operands,
)
from lamina.ops._op import defop, execute, invalid, tensor


# ---- comparisons --------------------------------------------------------------------------------
def _broadcastable(shape_a, shape_b) -> bool:
    try:
        np.broadcast_shapes(shape_a, shape_b)
    except ValueError:
        return False
    return True


def _equality_impl(device_compare, host_compare, incompatible_result: bool):
    def impl(x, y, incompatible_shape_error=True):
        # With incompatible_shape_error=False (the `==` operator), shapes that cannot broadcast
        # compare as one scalar: unequal. Shapes are static here, so this is decided at trace time.
        if not incompatible_shape_error and not _broadcastable(x.shape, y.shape):
            return np.array(incompatible_result)
        if _is_host_strings(x):
            return host_compare(x, y).astype(bool)
        return device_compare(x, y)

    return impl


# String tensors (NumPy object arrays) compare on the host, other dtypes on the device.
_EQUAL = defop(
    "Equal",
    _equality_impl(jnp.equal, np.equal, False),
    inputs=["x: T", "y: T"],
    types={"T": _ALL_DEVICE | _STRING},
    differentiable=False,
    strings=True,
)
_NOT_EQUAL = defop(
    "NotEqual",
    _equality_impl(jnp.not_equal, np.not_equal, True),
    inputs=["x: T", "y: T"],
    types={"T": _ALL_DEVICE | _STRING},
    differentiable=False,
    strings=True,
)


def _check_broadcastable(op_name, x, y):
    try:
        broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise invalid(op_name, f"Incompatible shapes: {x.shape.as_list()} vs. {y.shape.as_list()}") from None


def _equality(opdef, x, y, raise_on_incompatible: bool, name):
    if raise_on_incompatible:
        _check_broadcastable(opdef.name, x, y)
    return execute(opdef, [x, y], {"incompatible_shape_error": raise_on_incompatible}, name)


def equal(x, y, name=None):
    """x == y element-wise, with broadcasting.

    Raises:
      InvalidArgumentError: the shapes cannot broadcast, or the dtypes differ.
    """
    x, y = _matching_operands(x, y)
    return _equality(_EQUAL, x, y, True, name)


def not_equal(x, y, name=None):
    """x != y element-wise, with broadcasting."""
    x, y = _matching_operands(x, y)
    return _equality(_NOT_EQUAL, x, y, True, name)


_LESS = defop("Less", jnp.less, inputs=["x: T", "y: T"], types={"T": _REAL}, differentiable=False)


def less(x, y, name=None):
    """x < y element-wise."""
    x, y = _matching_operands(x, y)
    return execute(_LESS, [x, y], None, name)


_LESS_EQUAL = defop(
    "LessEqual", jnp.less_equal, inputs=["x: T", "y: T"], types={"T": _REAL}, differentiable=False
)


def less_equal(x, y, name=None):
    """x <= y element-wise."""
    x, y = _matching_operands(x, y)
    return execute(_LESS_EQUAL, [x, y], None, name)


_GREATER = defop("Greater", jnp.greater, inputs=["x: T", "y: T"], types={"T": _REAL}, differentiable=False)


def greater(x, y, name=None):
    """x > y element-wise."""
    x, y = _matching_operands(x, y)
    return execute(_GREATER, [x, y], None, name)


_GREATER_EQUAL = defop(
    "GreaterEqual", jnp.greater_equal, inputs=["x: T", "y: T"], types={"T": _REAL}, differentiable=False
)


def greater_equal(x, y, name=None):
    """x >= y element-wise."""
    x, y = _matching_operands(x, y)
    return execute(_GREATER_EQUAL, [x, y], None, name)


# ---- logic --------------------------------------------------------------------------------------
_LOGICAL_AND = defop(
    "LogicalAnd", jnp.logical_and, inputs=["x: T", "y: T"], types={"T": _BOOL}, differentiable=False
)


def logical_and(x, y, name=None):
    """x AND y element-wise, for bool tensors."""
    x, y = _matching_operands(x, y)
    return execute(_LOGICAL_AND, [x, y], None, name)


_LOGICAL_OR = defop(
    "LogicalOr", jnp.logical_or, inputs=["x: T", "y: T"], types={"T": _BOOL}, differentiable=False
)


def logical_or(x, y, name=None):
    """x OR y element-wise, for bool tensors."""
    x, y = _matching_operands(x, y)
    return execute(_LOGICAL_OR, [x, y], None, name)


# TensorFlow builds xor from and/or/not; here it is one op.
_LOGICAL_XOR = defop(
    "LogicalXor", jnp.logical_xor, inputs=["x: T", "y: T"], types={"T": _BOOL}, differentiable=False
)


def logical_xor(x, y, name="LogicalXor"):
    """x XOR y element-wise, for bool tensors."""
    x, y = _matching_operands(x, y)
    return execute(_LOGICAL_XOR, [x, y], None, name)


_LOGICAL_NOT = defop("LogicalNot", jnp.logical_not, inputs=["x: T"], types={"T": _BOOL}, differentiable=False)


def logical_not(x, name=None):
    """NOT x element-wise, for bool tensors."""
    return execute(_LOGICAL_NOT, [tensor(x)], None, name)


# ---- bitwise ------------------------------------------------------------------------------------
_BITWISE_AND = defop(
    "BitwiseAnd", jnp.bitwise_and, inputs=["x: T", "y: T"], types={"T": _INTEGER}, differentiable=False
)


def bitwise_and(x, y, name=None):
    """Bitwise AND of integer tensors."""
    x, y = _matching_operands(x, y)
    return execute(_BITWISE_AND, [x, y], None, name)


_BITWISE_OR = defop(
    "BitwiseOr", jnp.bitwise_or, inputs=["x: T", "y: T"], types={"T": _INTEGER}, differentiable=False
)


def bitwise_or(x, y, name=None):
    """Bitwise OR of integer tensors."""
    x, y = _matching_operands(x, y)
    return execute(_BITWISE_OR, [x, y], None, name)


_BITWISE_XOR = defop(
    "BitwiseXor", jnp.bitwise_xor, inputs=["x: T", "y: T"], types={"T": _INTEGER}, differentiable=False
)


def bitwise_xor(x, y, name=None):
    """Bitwise XOR of integer tensors."""
    x, y = _matching_operands(x, y)
    return execute(_BITWISE_XOR, [x, y], None, name)


_INVERT = defop("Invert", jnp.invert, inputs=["x: T"], types={"T": _INTEGER}, differentiable=False)


def invert(x, name=None):
    """Bitwise NOT of an integer tensor (~x)."""
    return execute(_INVERT, [tensor(x)], None, name)


def _shift_impl(shift):
    def impl(x, y):
        # TensorFlow clamps the shift amount to [0, bits - 1] instead of leaving it undefined.
        bits = np.iinfo(x.dtype).bits
        return shift(x, jnp.clip(y, 0, bits - 1).astype(x.dtype))

    return impl


_LEFT_SHIFT = defop(
    "LeftShift",
    _shift_impl(jnp.left_shift),
    inputs=["x: T", "y: T"],
    types={"T": _INTEGER},
    differentiable=False,
)


def left_shift(x, y, name=None):
    """x << y for integer tensors (shift amounts clamped to [0, bits - 1])."""
    x, y = _matching_operands(x, y)
    return execute(_LEFT_SHIFT, [x, y], None, name)


# jnp.right_shift is arithmetic for signed types and logical for unsigned ones, like TensorFlow's.
_RIGHT_SHIFT = defop(
    "RightShift",
    _shift_impl(jnp.right_shift),
    inputs=["x: T", "y: T"],
    types={"T": _INTEGER},
    differentiable=False,
)


def right_shift(x, y, name=None):
    """x >> y for integer tensors: arithmetic for signed types, logical for unsigned ones."""
    x, y = _matching_operands(x, y)
    return execute(_RIGHT_SHIFT, [x, y], None, name)
