"""Element-wise math: arithmetic, comparisons, logic, and the Tensor operators that use them."""

from __future__ import annotations

import jax.numpy as jnp

from lamina._core.tensor import install_operator
from lamina._core.variables import Variable
from lamina.ops._op import binary_operands, defop, dtypes, execute, tensor

# ---- arithmetic ---------------------------------------------------------------------------------
_ADD = defop("AddV2", lambda x, y: x + y, inputs=["x: T", "y: T"], types={"T": dtypes.NUMERIC})


def add(x, y, name=None):
    """x + y element-wise, with NumPy broadcasting. Both must have the same dtype."""
    x, y = binary_operands(x, y)
    return execute(_ADD, [x, y], None, name)


_SUB = defop("Sub", lambda x, y: x - y, inputs=["x: T", "y: T"], types={"T": dtypes.NUMERIC})


def subtract(x, y, name=None):
    """x - y element-wise, with NumPy broadcasting."""
    x, y = binary_operands(x, y)
    return execute(_SUB, [x, y], None, name)


_MUL = defop("Mul", lambda x, y: x * y, inputs=["x: T", "y: T"], types={"T": dtypes.NUMERIC})


def multiply(x, y, name=None):
    """x * y element-wise, with NumPy broadcasting."""
    x, y = binary_operands(x, y)
    return execute(_MUL, [x, y], None, name)


_NEG = defop("Neg", lambda x: -x, inputs=["x: T"], types={"T": dtypes.SIGNED_NUMERIC})


def negative(x, name=None):
    """-x element-wise."""
    return execute(_NEG, [tensor(x)], None, name)


_ADD_N = defop("AddN", lambda inputs: sum(inputs[1:], inputs[0]), inputs=["*inputs: T"],
               types={"T": dtypes.NUMERIC})


def add_n(inputs, name=None):
    """Sums a list of tensors of the same shape and dtype."""
    if not inputs:
        raise ValueError("inputs must be a non-empty list of tensors, got []")
    first = tensor(inputs[0])
    return execute(_ADD_N, [[first] + [tensor(x, dtype_hint=first.dtype) for x in inputs[1:]]], None, name)


# ---- dtype changes ------------------------------------------------------------------------------
def _cast_impl(x, DstT):
    target = DstT.np_dtype
    if jnp.issubdtype(x.dtype, jnp.complexfloating) and not jnp.issubdtype(target, jnp.complexfloating):
        x = jnp.real(x)
    return x.astype(target)


_CAST = defop("Cast", _cast_impl, inputs=["x: SrcT"], types={"SrcT": dtypes.ALL_DEVICE})


def cast(x, dtype, name=None):
    """Casts `x` to `dtype`; float -> int truncates toward zero, like TensorFlow."""
    x = tensor(x)
    dtype = dtypes.as_dtype(dtype)
    if x.dtype is dtype:
        return x
    return execute(_CAST, [x], {"DstT": dtype}, name)


_ZEROS_LIKE = defop("ZerosLike", lambda x: jnp.zeros_like(x), inputs=["x: T"], differentiable=False)
_ONES_LIKE = defop("OnesLike", lambda x: jnp.ones_like(x), inputs=["x: T"], differentiable=False)


# ---- operators ----------------------------------------------------------------------------------
def _binary(function):
    return lambda self, other: function(self, other)


def _reflected(function):
    return lambda self, other: function(other, self)


_OPERATORS = {
    "__add__": _binary(add),
    "__radd__": _reflected(add),
    "__sub__": _binary(subtract),
    "__rsub__": _reflected(subtract),
    "__mul__": _binary(multiply),
    "__rmul__": _reflected(multiply),
    "__neg__": lambda self: negative(self),
}

for _name, _function in _OPERATORS.items():
    install_operator(_name, _function, classes=(Variable,))
