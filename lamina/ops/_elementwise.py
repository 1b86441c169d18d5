"""The pieces every element-wise op module shares: TensorFlow's type-constraint sets and the
conversion of binary-op operands.

TensorFlow's rule holds for every binary op: both operands share one dtype, and a Python or NumPy
operand adopts the tensor's dtype (`_matching_operands` raises TypeError where it cannot, as in
`int_tensor * 1.5`).
"""

from __future__ import annotations

import numpy as np

from lamina._core.errors import InternalError, op_error
from lamina._core.variables import Variable
from lamina.ops._op import Tensor, binary_operands, dtypes, invalid

# Type constraints, as TensorFlow registers them.
_FLOAT = dtypes.FLOATING
_INEXACT = dtypes.INEXACT  # floating and complex
_REAL = dtypes.REAL  # floating and integer
_NUMERIC = dtypes.NUMERIC
_INTEGER = dtypes.INTEGER
_SIGNED = dtypes.SIGNED_NUMERIC  # everything numeric but unsigned integers
_SIGNED_REAL = _SIGNED - dtypes.COMPLEX
_BOOL = frozenset((dtypes.bool,))
_STRING = frozenset((dtypes.string,))
_ALL_DEVICE = dtypes.ALL_DEVICE  # numeric and bool: every dtype that lives on the device


# ---- operand conversion -------------------------------------------------------------------------
def _is_tensor_like(value) -> bool:
    return isinstance(value, (Tensor, Variable))


def _matching_operands(x, y):
    """Converts binary-op operands like `binary_operands`, but a Python/NumPy operand that cannot take
    the other operand's dtype raises TypeError, as TensorFlow's op conversion does (`int_tensor * 1.5`).
    Two tensors of different dtypes are left for the dispatch check (InvalidArgumentError)."""
    x_given, y_given = _is_tensor_like(x), _is_tensor_like(y)
    original_x, original_y = x, y
    x, y = binary_operands(x, y)
    if x.dtype is not y.dtype:
        if not y_given:
            raise TypeError(f"Cannot convert {original_y!r} to EagerTensor of dtype {x.dtype.name}")
        if not x_given:
            raise TypeError(f"Cannot convert {original_x!r} to EagerTensor of dtype {y.dtype.name}")
    return x, y


def _same_dtype_operands(x, y):
    """Operands of the Python-level TensorFlow functions (truediv, divide_no_nan) that check dtypes
    themselves and raise TypeError for a mismatch."""
    x, y = _matching_operands(x, y)
    if x.dtype is not y.dtype:
        raise TypeError(f"`x` and `y` must have the same dtype, got {x.dtype!r} != {y.dtype!r}.")
    return x, y


def _is_integer_array(array) -> bool:
    return np.issubdtype(array.dtype, np.integer)


def _nonzero_divisor_check(op_name: str, internal: bool = False):
    """validate hook: integer division by zero is an error (TensorFlow checks it on CPU). TensorFlow's
    truncating division reports it as an InternalError rather than an InvalidArgumentError."""

    def validate(arrays, attrs):
        divisor = arrays[1]
        if _is_integer_array(divisor) and not np.all(np.asarray(divisor)):
            if internal:
                message = "Unexpected error in binary operator (only integer div and mod should have errors)"
                raise op_error(InternalError, op_name, message)
            raise invalid(op_name, "Integer division by zero")

    return validate


# String tensors are NumPy object arrays on the host; ops that accept them branch on this.
def _is_host_strings(array) -> bool:
    return isinstance(array, np.ndarray) and array.dtype == object
