"""The Keras graph: where functional models are described before they run.

`tf.keras.Input` makes a placeholder in one process-wide graph; calling a layer on such symbolic
tensors ("Keras tensors") builds the layer, traces its `call` into the same graph (so shapes and
dtypes come from the ordinary graph shape inference) and records a `Node`: which layer was called
on which Keras tensors. A functional model is the DAG of nodes (and of plain TensorFlow ops on Keras
tensors) between its inputs and outputs; running it replays that DAG on real values.

Tensors cannot carry extra attributes, so masks and the node that produced a Keras tensor live in
side tables keyed by the tensor's identity (entries vanish with the tensor).
"""

from __future__ import annotations

import weakref

from lamina._core.graph import FuncGraph, SymbolicTensor
from lamina.keras import backend


class KerasGraph(FuncGraph):
    """The graph functional models are described in. Variables made while it is the builder (layer
    weights built on a first symbolic call) are created eagerly, like in a tf.function's first trace;
    plain ops on its tensors made outside any builder are added to it (see `accepts_eager_ops`)."""

    accepts_eager_ops = True

    def __init__(self):
        super().__init__("keras_graph", allow_variable_creation=True)


_GRAPH: list = [KerasGraph()]


def keras_graph() -> KerasGraph:
    return _GRAPH[0]


@backend.register_reset_hook
def reset_keras_graph() -> None:
    """A fresh graph (part of `tf.keras.backend.clear_session`)."""
    _GRAPH[0] = KerasGraph()
    _HISTORY.clear()


def is_keras_tensor(value) -> bool:
    """True for a symbolic tensor of the Keras graph (made from `tf.keras.Input`)."""
    return isinstance(value, SymbolicTensor) and isinstance(value.graph, KerasGraph)


# ---- side tables -----------------------------------------------------------------------------------
class _SideTable:
    """value per tensor, keyed by identity, dropped when the tensor is collected."""

    def __init__(self):
        self._entries: dict[int, tuple] = {}

    def set(self, tensor, value):
        key = id(tensor)
        if value is None:
            self._entries.pop(key, None)
            return
        try:
            ref = weakref.ref(tensor, lambda _, k=key, t=self._entries: t.pop(k, None))
        except TypeError:  # not weak-referenceable: nothing to attach to
            return
        self._entries[key] = (ref, value)

    def get(self, tensor):
        entry = self._entries.get(id(tensor))
        if entry is None or entry[0]() is not tensor:
            return None
        return entry[1]

    def clear(self):
        self._entries.clear()


_MASKS = _SideTable()
_HISTORY = _SideTable()


def get_mask(tensor):
    """The Keras mask attached to `tensor` by the layer that produced it (`tensor._keras_mask`)."""
    return _MASKS.get(tensor)


def set_mask(tensor, mask) -> None:
    _MASKS.set(tensor, mask)


def keras_history(tensor):
    """`(node, index)`: the layer call that produced a Keras tensor and which output it is; None for
    Keras inputs and results of plain ops."""
    return _HISTORY.get(tensor)


class Node:
    """One call of a layer on Keras tensors.

    Attributes:
      layer: the layer called.
      call_args, call_kwargs: the arguments as passed, Keras tensors included (replayed with values).
      input_tensors: the Keras tensors among the arguments, flattened.
      outputs: the call's result (a structure of Keras tensors).
      output_tensors: `outputs` flattened.
    """

    def __init__(self, layer, call_args, call_kwargs, input_tensors, outputs, output_tensors):
        self.layer = layer
        self.call_args = call_args
        self.call_kwargs = call_kwargs
        self.input_tensors = input_tensors
        self.outputs = outputs
        self.output_tensors = output_tensors
        for index, tensor in enumerate(output_tensors):
            _HISTORY.set(tensor, (self, index))

    @property
    def input_shapes(self):
        shapes = [t.shape for t in self.input_tensors]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shapes(self):
        shapes = [t.shape for t in self.output_tensors]
        return shapes[0] if len(shapes) == 1 else shapes

    def __repr__(self):
        return f"<Node {self.layer.name} inputs={[t.name for t in self.input_tensors]}>"
