"""Eager execution of one op: the compiled implementation, run now, its outputs wrapped.

Each (op, attributes) pair gets one jitted function, and JAX caches its executables per input
shapes and dtypes, so a repeated eager call costs one cache lookup and one XLA dispatch.
"""

from __future__ import annotations

import jax
import numpy as np

from lamina._core import dtypes
from lamina._core.callbacks import take_pending
from lamina._core.context import STATE
from lamina._core.errors import InvalidArgumentError, OpError, op_error
from lamina._core.tensor import EagerTensor

_DTYPE_OF_NP = dtypes._BY_NP


def run(opdef, inputs: list, attrs: dict):
    """Runs `opdef` on EagerTensor `inputs` (a list; list-valued inputs are lists) with `attrs`."""
    arrays = [x._value if x.__class__ is EagerTensor else [t._value for t in x] for x in inputs]
    host = opdef.host or (opdef.strings and _has_strings(inputs))
    device = STATE.device[-1] if STATE.device else None
    if device is not None and not host:
        arrays = jax.device_put(arrays, device)
    fn = opdef.compiled(tuple(attrs.items()) if attrs else (), attrs, host)
    try:
        if opdef.validate is not None:
            opdef.validate(arrays, attrs)
        result = fn(*arrays)
        if opdef.stateful:  # host effects (prints, checks) happen before the call returns
            jax.effects_barrier()
    except jax.errors.JaxRuntimeError:
        pending = take_pending()
        if pending is None:
            raise
        raise _with_op(pending, opdef.name) from None
    except OpError as e:
        raise _with_op(e, opdef.name) from None
    except (TypeError, ValueError) as e:
        raise op_error(InvalidArgumentError, opdef.name, f"{e} (inputs: {describe(inputs)})") from None
    if result.__class__ is tuple or result.__class__ is list:
        return [_wrap(r) for r in result]
    return _wrap(result)


def _has_strings(inputs) -> bool:
    for x in inputs:
        for t in x if isinstance(x, list) else (x,):
            if t._dtype is dtypes.string:
                return True
    return False


def _wrap(value) -> EagerTensor:
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        value = np.asarray(value)
        if value.dtype.kind in "OSU":
            return EagerTensor(value, dtypes.string)
        return EagerTensor(jax.device_put(value))
    return EagerTensor(value, _DTYPE_OF_NP[value.dtype])


def describe(inputs) -> str:
    """ "[float32 (2, 3), int32 (4,)]": the dtypes and shapes of op inputs, for error messages."""
    parts = []
    for x in inputs:
        items = x if isinstance(x, list) else [x]
        parts.extend(f"{t.dtype.name} {tuple(t.shape.as_tuple() or ())}" for t in items)
    return "[" + ", ".join(parts) + "]"


def _with_op(error: OpError, op_name: str) -> OpError:
    if "[Op:" in error.message:
        return error
    return op_error(type(error), op_name, error.message)
