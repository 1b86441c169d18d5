"""What every op file uses: registration, the dispatch call, and operand conversion.

An op file declares each op with `defop` (registry entry: signature, jax implementation, rules)
and defines its public function right below it; the function converts its arguments to Tensors
and calls `execute`.
"""

from __future__ import annotations

import numpy as np

from lamina._core import dtypes
from lamina._core.context import STATE
from lamina._core.convert import convert_operand, convert_to_tensor
from lamina._core.dispatch import execute
from lamina._core.errors import InvalidArgumentError, op_error
from lamina._core.registry import register as defop
from lamina._core.tensor import EagerTensor, Tensor

__all__ = [
    "defop",
    "execute",
    "tensor",
    "binary_operands",
    "static_value",
    "static_ints",
    "canonical_axis",
    "invalid",
    "shape_error",
    "shape_error",
    "dtypes",
    "Tensor",
    "EagerTensor",
]


def tensor(value, dtype=None, dtype_hint=None) -> Tensor:
    """Converts an op argument to a Tensor (Variables are read)."""
    if isinstance(value, Tensor) and dtype is None:
        return value
    return convert_to_tensor(value, dtype=dtype, dtype_hint=dtype_hint)


def binary_operands(x, y):
    """Converts the operands of a binary op: a Python value adopts the other operand's dtype."""
    if isinstance(x, Tensor):
        if not isinstance(y, Tensor):
            y = convert_operand(y, x.dtype)
    elif isinstance(y, Tensor):
        x = convert_operand(x, y.dtype)
    else:
        x = convert_operand(x, None)
        y = convert_operand(y, x.dtype)
    return x, y


def static_value(value):
    """The NumPy value of a Python/NumPy/eager argument that must be known when the op is built
    (an axis, a shape), or None if it is only known at run time (a symbolic tensor)."""
    if isinstance(value, EagerTensor):
        return value.numpy()
    if isinstance(value, Tensor):
        return getattr(value, "_static_value", None)
    if hasattr(value, "_eager_read"):
        return value.numpy()
    if isinstance(value, (list, tuple)) and any(isinstance(v, Tensor) for v in value):
        items = [static_value(v) for v in value]  # e.g. [tf.shape(x)[0], 3] while building a graph
        return None if any(item is None for item in items) else np.asarray(items)
    return np.asarray(value) if value is not None else None


class StaticArgumentError(InvalidArgumentError):
    """An argument that must be known when the op is built (a shape, an axis) depends on values only
    known at run time. Callers that traced with unknown dimensions can retrace with known ones."""


def static_ints(value, what: str, op_name: str):
    """An int or tuple of ints from an argument that must be static (axis, perm, multiples)."""
    array = static_value(value)
    if array is None:
        raise op_error(
            StaticArgumentError,
            op_name,
            f"`{what}` must be known when the op is built; got a symbolic tensor {value!r}",
        )
    array = np.asarray(array)
    if array.dtype.kind not in "iu" and array.size:
        raise invalid(op_name, f"`{what}` must be integers, got {array.dtype} value {array.tolist()!r}")
    return int(array) if array.ndim == 0 else tuple(int(v) for v in array.ravel())


def canonical_axis(axis: int, rank: int, op_name: str) -> int:
    """Resolves a possibly negative axis against `rank`; raises InvalidArgumentError if out of range."""
    if not -rank <= axis < rank:
        raise invalid(
            op_name, f"axis {axis} is out of range for a tensor of rank {rank}; expected [-{rank}, {rank})"
        )
    return axis % rank


def invalid(op_name: str, message: str) -> InvalidArgumentError:
    return op_error(InvalidArgumentError, op_name, message)


def shape_error(op_name: str, message: str) -> Exception:
    """An error found by an op's static shape checks: while a graph is being built TensorFlow's shape
    functions report it as ValueError; run eagerly, the kernel reports InvalidArgumentError."""
    error = invalid(op_name, message)
    return ValueError(str(error)) if STATE.builder is not None else error
