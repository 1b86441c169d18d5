"""Ordering without data: `tf.control_dependencies`, `tf.group`, `tf.no_op`, `tf.tuple`.

While a graph is built these add control edges (the graph's own `control_dependencies` and
`no_op`). Eagerly, ops already run in program order, so there is nothing to order: as in
TensorFlow 2, `group` and `no_op` return None and `control_dependencies` is an empty context
(a callable among its inputs is called, which is how TensorFlow runs an eager "op" there).
"""

from __future__ import annotations

import contextlib

from lamina._core import nest
from lamina._core.context import STATE
from lamina.ops.array_ops import identity


def control_dependencies(control_inputs):
    """A context in which new ops run only after `control_inputs` (ops or tensors); None clears the
    dependencies of enclosing blocks."""
    builder = STATE.builder
    if builder is None:
        for control in control_inputs or ():
            if callable(control):
                control()
        return contextlib.nullcontext()
    return builder.control_dependencies(control_inputs)


def group(*inputs, name=None):
    """An op that runs after everything in `inputs` (nested lists of ops and tensors allowed) and
    produces nothing. Eagerly: None."""
    builder = STATE.builder
    if builder is None:
        return None
    flat = [item for item in nest.flatten(list(inputs)) if item is not None]
    return builder.no_op(flat, name=name or "NoOp")


def no_op(name=None):
    """An op that does nothing (a target for control edges). Eagerly: None."""
    builder = STATE.builder
    return None if builder is None else builder.no_op((), name=name or "NoOp")


def tuple(tensors, name=None, control_inputs=None):  # noqa: A001 - TensorFlow's name
    """`tensors` again, each available only once all of them (and `control_inputs`) are computed."""
    if STATE.builder is None:
        return list(tensors)
    gate = group(*[t for t in tensors if t is not None], *(control_inputs or ()), name=name or "tuple")
    with control_dependencies([gate]):
        return [None if t is None else identity(t) for t in tensors]
