"""Functional models: `tf.keras.Model(inputs, outputs)` over Keras tensors.

The model is the DAG between its inputs and outputs in the Keras graph (keras_graph.py): layer calls
(Nodes) and plain ops on Keras tensors. It is ordered once, when the model is made; calling the model
replays it on the values given — each Node calls its layer again (so `training`, masks, shared
layers and nested models work as for any layer call) and each plain op runs again through the
dispatch point. Replaying inside a tf.function is how `fit` compiles a functional model.
"""

from __future__ import annotations

from lamina._core import nest
from lamina._core.convert import convert_to_tensor
from lamina._core.dispatch import execute, read_variable
from lamina._core.graph import Operation
from lamina._core.tensor import Tensor
from lamina.keras.layer import keras_graph
from lamina.keras.layer.base import Layer
from lamina.keras.layer.input_layer import InputLayer
from lamina.keras.model.model import Model
from lamina.keras.naming import unique_name
from lamina.ops import array_ops, cast_ops


class Functional(Model):
    """A model defined by its input and output Keras tensors (see the module docstring).

    Args:
      inputs: a Keras tensor from `tf.keras.Input`, or a list or dict of them.
      outputs: Keras tensors computed from the inputs (a tensor, list or dict).
      name: the model's name (default "model", made unique). trainable: as for layers.

    Raises:
      ValueError: an input that is not a `tf.keras.Input`, or an output that cannot be computed from
        the inputs ("Graph disconnected").
    """

    def __init__(self, inputs=None, outputs=None, name=None, trainable=True, **kwargs):
        init_functional(self, inputs, outputs, name=name, trainable=trainable, **kwargs)

    def call(self, inputs, training=None, mask=None):
        values = {}
        flat_inputs = self._conform_inputs(inputs)
        masks = nest.flatten(mask) if mask is not None else [None] * len(flat_inputs)
        for tensor, value, input_mask in zip(self.inputs, flat_inputs, masks):
            if input_mask is not None:
                keras_graph.set_mask(value, input_mask)
            values[id(tensor)] = value
        for unit in self._steps:
            if isinstance(unit, Operation):
                _replay_op(unit, values, self._captured)
            else:
                _replay_node(unit, values)
        return nest.pack_sequence_as(self._nested_outputs, [values[id(t)] for t in self.outputs])

    def _conform_inputs(self, inputs) -> list:
        """The call's inputs in the order of `self.inputs` (a dict may name them), converted to each
        Input's dtype, a missing trailing axis of size 1 added."""
        if isinstance(inputs, dict) and not isinstance(self._nested_inputs, dict):
            missing = [name for name in self.input_names if name not in inputs]
            if missing:
                raise ValueError(
                    f"Missing data for input {missing[0]!r}. You passed a data dictionary with keys "
                    f"{sorted(inputs)}. Expected the following keys: {self.input_names}"
                )
            flat = [inputs[name] for name in self.input_names]
        else:
            flat = nest.flatten(inputs)
        if len(flat) != len(self.inputs):
            raise ValueError(
                f'Layer "{self.name}" expects {len(self.inputs)} input(s), but it received {len(flat)} input '
                f"tensors. Inputs received: {flat}"
            )
        return [_conform(value, reference) for value, reference in zip(flat, self.inputs)]

    @property
    def input_names(self) -> list:
        return [keras_graph.keras_history(t)[0].layer.name for t in self.inputs]

    @property
    def input(self):
        return self._nested_inputs

    @property
    def output(self):
        return self._nested_outputs

    @property
    def input_shape(self):
        shapes = [tuple(t.shape.as_list()) for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [tuple(t.shape.as_list()) for t in self.outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def layers(self) -> list:
        return list(self._layers)

    def _weight_layers(self) -> list:
        return list(self._layers)

    def get_config(self) -> dict:
        """Keras 2.15's config: name, trainable, every layer with its inbound nodes, input and output
        layers (lamina/keras/save/config.py). A model that applies plain TensorFlow ops to Keras
        tensors cannot be serialized (ValueError)."""
        from lamina.keras.save.config import functional_config

        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """The functional model a `get_config()` result describes, made of new layers."""
        from lamina.keras.save.config import (
            functional_from_config,
            is_functional_config,
            model_from_subclass_config,
        )

        if not is_functional_config(config):
            return model_from_subclass_config(cls, config, custom_objects)
        return functional_from_config(cls, config, custom_objects)


def init_functional(model, inputs=None, outputs=None, name=None, trainable=True, **kwargs):
    """Makes `model` (a Functional, or a Model subclass calling `Model(inputs, outputs)`) the model
    from `inputs` to `outputs`."""
    if inputs is None or outputs is None:
        raise ValueError("A functional model needs both `inputs` and `outputs`.")
    Layer.__init__(model, name=name or unique_name("model"), trainable=trainable, **kwargs)
    model._init_trainer()
    model._nested_inputs, model._nested_outputs = inputs, outputs
    model.inputs, model.outputs = nest.flatten(inputs), nest.flatten(outputs)
    for tensor in model.inputs:
        history = keras_graph.keras_history(tensor)
        if history is None or not isinstance(history[0].layer, InputLayer):
            raise ValueError(
                f"Input tensors to a Functional model must come from `tf.keras.Input`. Received "
                f"inputs={tensor} (missing previous layer metadata)."
            )
    for tensor in model.outputs:
        if not keras_graph.is_keras_tensor(tensor):
            raise ValueError(
                f"Output tensors of a Functional model must be the output of a TensorFlow `Layer` "
                f"(thus holding past layer metadata). Found: {tensor}"
            )
    model._captured = {id(symbolic): eager for eager, symbolic in keras_graph.keras_graph().captures}
    model._steps = _execution_order(model.inputs, model.outputs, model._captured)
    model._layers = _layers_in_keras_order(model.inputs, model.outputs)
    model._output_names = [_producer_name(t) for t in model.outputs]
    model._is_graph_network = True
    model.built = True


def _producer_name(tensor) -> str:
    history = keras_graph.keras_history(tensor)
    return history[0].layer.name if history is not None else tensor.op.name


# ---- ordering ------------------------------------------------------------------------------------------
def _producer(tensor):
    history = keras_graph.keras_history(tensor)
    return history[0] if history is not None else tensor.op


def _dependencies(unit) -> list:
    if isinstance(unit, Operation):
        return list(unit.inputs)
    return list(unit.input_tensors)


def _execution_order(inputs, outputs, captured) -> list:
    """The nodes and plain ops from `inputs` to `outputs`, each after what it consumes."""
    known = {id(t) for t in inputs}
    order, done, visiting = [], set(), set()

    def visit(tensor, consumer_name):
        if id(tensor) in known:
            return
        unit = _producer(tensor)
        if (not isinstance(unit, Operation) and isinstance(unit.layer, InputLayer)) or (
            isinstance(unit, Operation) and unit.type == "Placeholder" and id(unit.outputs[0]) not in captured
        ):
            raise ValueError(
                f'Graph disconnected: cannot obtain value for tensor {tensor} at layer "{consumer_name}". '
                f"The following previous layers were accessed without issue: {[_unit_name(u) for u in order]}"
            )
        if id(unit) in done:
            return
        if id(unit) in visiting:
            raise ValueError(f'The tensor {tensor} at layer "{consumer_name}" is part of a cycle.')
        visiting.add(id(unit))
        for dependency in _dependencies(unit):
            visit(dependency, _unit_name(unit))
        visiting.discard(id(unit))
        done.add(id(unit))
        order.append(unit)

    for tensor in outputs:
        visit(tensor, _producer_name(tensor))
    return order


def _unit_name(unit) -> str:
    return unit.name if isinstance(unit, Operation) else unit.layer.name


def _nodes_producing(tensor) -> list:
    """The layer calls that produced `tensor`, looking through plain ops."""
    history = keras_graph.keras_history(tensor)
    if history is not None:
        return [history[0]]
    return [node for dependency in tensor.op.inputs for node in _nodes_producing(dependency)]


def _parent_nodes(node) -> list:
    return [parent for tensor in node.input_tensors for parent in _nodes_producing(tensor)]


def _layers_in_keras_order(inputs, outputs) -> list:
    """Keras's order of `model.layers`: by depth from the outputs (deepest first), ties broken by
    the order a depth-first walk from the outputs first meets each layer."""
    layer_index, nodes_in_order = {}, []
    finished = set()

    def walk(node):
        if id(node) in finished:
            return
        layer_index.setdefault(id(node.layer), (len(layer_index), node.layer))
        for parent in _parent_nodes(node):
            walk(parent)
        finished.add(id(node))
        nodes_in_order.append(node)

    for tensor in outputs:
        for node in _nodes_producing(tensor):
            walk(node)
    node_depth, layer_depth = {}, {}
    for node in reversed(nodes_in_order):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = depth
        node_depth[id(node)] = depth
        for parent in _parent_nodes(node):
            node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    for tensor in inputs:  # inputs no output depends on still belong to the model
        layer = keras_graph.keras_history(tensor)[0].layer
        if id(layer) not in layer_depth:
            layer_depth[id(layer)] = 0
            layer_index[id(layer)] = (-1, layer)
    ordered = sorted(layer_index.values(), key=lambda entry: (-layer_depth[id(entry[1])], entry[0]))
    return [layer for _, layer in ordered]


# ---- replay --------------------------------------------------------------------------------------------
def _substitute(structure, values):
    return nest.map_structure(
        lambda v: values[id(v)] if keras_graph.is_keras_tensor(v) and id(v) in values else v,
        structure,
        check_types=False,
    )


def _replay_node(node, values):
    args = _substitute(node.call_args, values)
    kwargs = _substitute(node.call_kwargs, values)
    outputs = node.layer(*args, **kwargs)
    for tensor, value in zip(node.output_tensors, nest.flatten(outputs)):
        values[id(tensor)] = value


def _replay_op(op: Operation, values, captured):
    if op.type == "Const":
        result = [convert_to_tensor(op.attrs["value"], dtype=op.attrs["dtype"])]
    elif op.type == "ReadVariableOp":
        result = [read_variable(op.attrs["variable"])]
    elif op.type == "Placeholder":
        result = [captured[id(op.outputs[0])]]
    else:
        flat = iter(values[id(t)] if id(t) in values else _outside_value(t, captured) for t in op.inputs)
        inputs = [[next(flat) for _ in range(n)] if n >= 0 else next(flat) for n in op.structure]
        result = execute(op.opdef, inputs, op.attrs)
        result = result if isinstance(result, list) else [result]
    for tensor, value in zip(op.outputs, result):
        values[id(tensor)] = value


def _outside_value(tensor, captured):
    if id(tensor) in captured:
        return captured[id(tensor)]
    raise ValueError(f"Functional model replay: no value for {tensor}.")


def _conform(value, reference):
    """A model input value in the dtype of its `tf.keras.Input`, with a missing last axis of 1 added."""
    if not isinstance(value, Tensor):
        value = convert_to_tensor(value)
    numeric = value.dtype.is_floating or value.dtype.is_integer
    if (
        value.dtype != reference.dtype
        and numeric
        and (reference.dtype.is_floating or reference.dtype.is_integer)
    ):
        value = cast_ops.cast(value, reference.dtype)
    rank, reference_rank = value.shape.rank, reference.shape.rank
    if (
        rank is not None
        and reference_rank is not None
        and rank == reference_rank - 1
        and reference.shape[-1] == 1
    ):
        value = array_ops.expand_dims(value, -1)
    return value
