"""`tf.py_function` and `tf.numpy_function`: Python code as an op.

The function runs on the host with concrete values, so these ops are not jit-compiled (`jit=False`):
eagerly they simply call it; a graph that contains one runs un-jitted (compiling the segments around
it is future work, see docs/architecture.md). Their outputs have the dtypes `Tout` and unknown shapes
while the graph is built, as in TensorFlow.
"""

from __future__ import annotations

import numpy as np

from lamina._core import dtypes, nest
from lamina._core.errors import InvalidArgumentError, op_error
from lamina._core.shape import TensorShape
from lamina._core.tensor import EagerTensor
from lamina.ops._op import defop, execute, tensor


def _unknown_shapes(inputs, attrs):
    return [(dtype, TensorShape(None)) for dtype in attrs["Tout"]]


def _results(values, tout, op_name):
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    if len(values) != len(tout):
        raise op_error(
            InvalidArgumentError, op_name, f"the function returned {len(values)} values; Tout has {len(tout)}"
        )
    out = []
    for value, dtype in zip(values, tout):
        if isinstance(value, EagerTensor):
            array = value._value
        elif isinstance(value, (np.ndarray, np.generic)):
            array = np.asarray(value)
        else:  # Python numbers and lists take the declared dtype
            array = np.asarray(value, dtype=dtype.np_dtype)
        if array.dtype != dtype.np_dtype:
            raise op_error(
                InvalidArgumentError,
                op_name,
                f"the function returned a {array.dtype} value where Tout says {dtype.name}",
            )
        out.append(array)
    return tuple(out)


def _numpy_impl(inputs, func, Tout):
    return _results(func(*[np.asarray(a) for a in inputs]), Tout, "PyFunc")


def _eager_impl(inputs, func, Tout):
    return _results(func(*[EagerTensor(a) for a in inputs]), Tout, "EagerPyFunc")


_NUMPY_FUNCTION = defop(
    "PyFunc",
    _numpy_impl,
    inputs=["*input"],
    jit=False,
    differentiable=False,
    stateful=True,
    shape_fn=_unknown_shapes,
)
# The function runs lamina ops on lamina tensors, so a tape can differentiate through it.
_PY_FUNCTION = defop(
    "EagerPyFunc", _eager_impl, inputs=["*input"], jit=False, stateful=True, shape_fn=_unknown_shapes
)


def _call(opdef, func, inp, Tout, name):
    single = not isinstance(Tout, (list, tuple))
    tout = tuple(dtypes.as_dtype(t) for t in ([Tout] if single else Tout))
    inputs = [tensor(x) for x in nest.flatten(inp)]
    result = execute(opdef, [inputs], {"func": func, "Tout": tout}, name)
    result = result if isinstance(result, list) else [result]
    return result[0] if single else result


def numpy_function(func, inp, Tout, stateful=True, name=None):
    """Calls `func` on NumPy arrays when the op runs; returns tensors of dtypes `Tout`."""
    return _call(_NUMPY_FUNCTION, func, inp, Tout, name)


def py_function(func, inp, Tout, name=None):
    """Calls `func` on eager tensors when the op runs (it may use lamina ops; GradientTape sees
    through them); returns tensors of dtypes `Tout`."""
    return _call(_PY_FUNCTION, func, inp, Tout, name)
