"""The Python operators of Tensor and Variable (`+`, `/`, `**`, `@`, `==`, `&`, `~`, ...), installed
when this module is imported. Each operator calls the public op function, with TensorFlow 2's
operator conventions: `==` and `!=` with None give a Python bool and with shapes that cannot
broadcast a scalar result instead of an error; `&`, `|`, `^`, `~` are logical on bool tensors and
bitwise on integer ones.
"""

from __future__ import annotations

from lamina._core.tensor import install_operator
from lamina._core.variables import Variable
from lamina.ops._elementwise import _matching_operands
from lamina.ops._op import dtypes, tensor
from lamina.ops.comparison_ops import (
    _EQUAL,
    _NOT_EQUAL,
    _equality,
    bitwise_and,
    bitwise_or,
    bitwise_xor,
    greater,
    greater_equal,
    invert,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
)
from lamina.ops.linalg_ops import matmul
from lamina.ops.math_functions import abs
from lamina.ops.math_ops import add, floordiv, floormod, multiply, negative, pow, subtract, truediv


def _reflected(function):
    return lambda self, other: function(other, self)


def _operator_add(x, y):
    # `+` converts the other operand with the tensor's dtype only as a hint (TensorFlow's `add`), so a
    # mismatch surfaces as InvalidArgumentError; the reflected form converts strictly (TypeError).
    return add(x, y)


def _reflected_add(self, other):
    other, self = _matching_operands(other, self)
    return add(other, self)


def _logical_or_bitwise(logical, bitwise):
    """`&`, `|`, `^`: logical for bool tensors, bitwise for integer tensors."""

    def operator(x, y):
        x, y = _matching_operands(x, y)
        return logical(x, y) if x.dtype is dtypes.bool else bitwise(x, y)

    return operator


def _invert_operator(x):
    x = tensor(x)
    return logical_not(x) if x.dtype is dtypes.bool else invert(x)


def _equals_operator(self, other):
    """`==`: False for None, and a scalar False when the shapes cannot broadcast (TensorFlow 2)."""
    if other is None:
        return False
    x, y = _matching_operands(self, other)
    return _equality(_EQUAL, x, y, False, None)


def _not_equals_operator(self, other):
    if other is None:
        return True
    x, y = _matching_operands(self, other)
    return _equality(_NOT_EQUAL, x, y, False, None)


_and_operator = _logical_or_bitwise(logical_and, bitwise_and)
_or_operator = _logical_or_bitwise(logical_or, bitwise_or)
_xor_operator = _logical_or_bitwise(logical_xor, bitwise_xor)

_OPERATORS = {
    "__add__": _operator_add,
    "__radd__": _reflected_add,
    "__sub__": subtract,
    "__rsub__": _reflected(subtract),
    "__mul__": multiply,
    "__rmul__": _reflected(multiply),
    "__truediv__": truediv,
    "__rtruediv__": _reflected(truediv),
    "__floordiv__": floordiv,
    "__rfloordiv__": _reflected(floordiv),
    "__mod__": floormod,
    "__rmod__": _reflected(floormod),
    "__pow__": pow,
    "__rpow__": _reflected(pow),
    "__matmul__": matmul,
    "__rmatmul__": _reflected(matmul),
    "__neg__": negative,
    "__abs__": abs,
    "__invert__": _invert_operator,
    "__and__": _and_operator,
    "__rand__": _reflected(_and_operator),
    "__or__": _or_operator,
    "__ror__": _reflected(_or_operator),
    "__xor__": _xor_operator,
    "__rxor__": _reflected(_xor_operator),
    "__lt__": less,
    "__le__": less_equal,
    "__gt__": greater,
    "__ge__": greater_equal,
    "__eq__": _equals_operator,
    "__ne__": _not_equals_operator,
}


def _as_operator(function):
    # Operator methods take exactly (self[, other]); the public functions' `name` stays unset.
    if function in (negative, abs, _invert_operator):
        return lambda self: function(self)
    return lambda self, other: function(self, other)


for _name, _function in _OPERATORS.items():
    install_operator(_name, _as_operator(_function), classes=(Variable,))
del _name, _function
