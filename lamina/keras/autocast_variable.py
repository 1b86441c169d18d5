"""Weights that compute in the layer's dtype: under a mixed-precision policy ("mixed_float16",
"mixed_bfloat16") a layer keeps float32 weights, and reads of them inside its `call` come out in
float16 / bfloat16. `add_weight` hands the layer an AutoCastVariable wrapping the real Variable (which
is what `weights`, optimizers and checkpoints see); reading the wrapper while a layer with such a
policy runs casts the value, and the cast is differentiable, so gradients reach the float32 Variable.
"""

from __future__ import annotations

import contextlib
import threading

from lamina._core import dtypes
from lamina._core.convert import register_tensor_conversion_function
from lamina._core.dispatch import read_variable
from lamina._core.variables import Variable
from lamina.ops import cast_ops
from lamina.ops.operators import _OPERATORS


class _AutocastState(threading.local):
    def __init__(self):
        self.dtype = None


_STATE = _AutocastState()


@contextlib.contextmanager
def autocast(dtype):
    """Inside the block, AutoCastVariables of a floating dtype read as `dtype` (None: no cast)."""
    saved = _STATE.dtype
    _STATE.dtype = None if dtype is None else dtypes.as_dtype(dtype)
    try:
        yield
    finally:
        _STATE.dtype = saved


class AutoCastVariable:
    """A floating Variable whose reads are cast to the active autocast dtype (see the module
    docstring). Everything else (assign, shape, name, numpy, ...) is the wrapped Variable's."""

    def __init__(self, variable: Variable):
        if not variable.dtype.is_floating:
            raise ValueError(f"An AutoCastVariable needs a floating variable, received {variable.dtype.name}")
        self._variable = variable

    def value(self):
        value = read_variable(self._variable)
        target = _STATE.dtype
        if target is not None and target is not value.dtype:
            return cast_ops.cast(value, target)
        return value

    read_value = value

    @property
    def true_dtype(self):
        return self._variable.dtype

    def __getattr__(self, name):
        return getattr(self._variable, name)

    def __array__(self, dtype=None, copy=None):
        return self._variable.__array__(dtype)

    def __hash__(self):
        return id(self)

    def __repr__(self):
        return f"<AutoCastVariable '{self._variable.name}' dtype={self._variable.dtype.name}>"


def _convert(value, dtype=None, name=None, as_ref=False):
    result = value.value()
    if dtype is not None and dtypes.as_dtype(dtype) is not result.dtype:
        raise ValueError(
            f"Incompatible type conversion requested to type '{dtypes.as_dtype(dtype).name}' for "
            f"AutoCastVariable of type '{result.dtype.name}'"
        )
    return result


register_tensor_conversion_function(AutoCastVariable, _convert)
for _name in _OPERATORS:  # the same operators as Variable's: they convert `self` like any operand
    setattr(AutoCastVariable, _name, getattr(Variable, _name))
del _name


def unwrap(value):
    """The Variable inside an AutoCastVariable (other values unchanged)."""
    return value._variable if isinstance(value, AutoCastVariable) else value
