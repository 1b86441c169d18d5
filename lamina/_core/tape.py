"""What a GradientTape records while eager ops run.

This module only records; backprop.py walks the records backwards. Tensors are identified by
object identity: a record keeps its input and output tensors alive, so ids stay unique for the
tape's lifetime. Only floating and complex tensors carry gradients, as in TensorFlow.
"""

from __future__ import annotations

from lamina._core import dtypes
from lamina._core.context import STATE

_DIFFERENTIABLE = dtypes.INEXACT


class OpRecord:
    """One recorded op call: the op (or a Python gradient closure) and its tensors."""

    __slots__ = ("opdef", "attrs", "inputs", "structure", "outputs", "grad_fn")

    def __init__(self, opdef, attrs, inputs, structure, outputs, grad_fn=None):
        self.opdef = opdef
        self.attrs = attrs
        self.inputs = inputs  # flat list of Tensors
        self.structure = structure  # per declared input: -1 (one tensor) or the list length
        self.outputs = outputs  # list of Tensors
        self.grad_fn = grad_fn  # custom_gradient: output cotangents -> input cotangents


class Tape:
    """The recording state of one GradientTape."""

    def __init__(self, persistent: bool, watch_accessed_variables: bool):
        self.persistent = persistent
        self.watch_accessed_variables = watch_accessed_variables
        self.recording = True
        self.watched: dict[int, object] = {}
        self.records: list[OpRecord] = []
        self.watched_vars: dict[int, object] = {}
        self.var_reads: dict[int, list] = {}

    def watch(self, tensor):
        if tensor.dtype in _DIFFERENTIABLE:
            self.watched[id(tensor)] = tensor

    def watch_variable(self, variable):
        self.watched_vars.setdefault(id(variable), variable)


def active_tapes():
    return [tape for tape in STATE.tapes if tape.recording]


def record_operation(opdef, attrs, inputs, structure, outputs, grad_fn=None):
    """Records an op call on every recording tape that watches one of its inputs."""
    record = None
    for tape in STATE.tapes:
        if not tape.recording:
            continue
        watched = tape.watched
        for t in inputs:
            if id(t) in watched:
                break
        else:
            continue
        if record is None:
            record = OpRecord(opdef, attrs, inputs, structure, outputs, grad_fn)
        tape.records.append(record)
        for out in outputs:
            if out.dtype in _DIFFERENTIABLE:
                watched[id(out)] = out


def record_variable_read(variable, tensor):
    """Marks `tensor` (a fresh read of `variable`) as watched on tapes that watch the variable."""
    if tensor.dtype not in _DIFFERENTIABLE:
        return
    for tape in STATE.tapes:
        if not tape.recording:
            continue
        key = id(variable)
        if key not in tape.watched_vars:
            if not (tape.watch_accessed_variables and variable.trainable):
                continue
            tape.watched_vars[key] = variable
        tape.watched[id(tensor)] = tensor
        tape.var_reads.setdefault(key, []).append(tensor)
