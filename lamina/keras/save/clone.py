"""`tf.keras.models.clone_model`: the same architecture made of new layers with fresh weights."""

from __future__ import annotations

from lamina._core import nest
from lamina._core.graph import Operation
from lamina.keras.layer import keras_graph
from lamina.keras.layer.input_layer import Input, InputLayer
from lamina.keras.layer.lambda_layer import Lambda
from lamina.keras.model.functional import Functional, _replay_op
from lamina.keras.model.model import Model
from lamina.keras.model.sequential import Sequential
from lamina.keras.save import config as configs


def clone_layer(layer):
    """The default `clone_function`: a new layer of the same class from `layer.get_config()`. A
    Lambda layer keeps its function objects (they are not code read from a file)."""
    config = layer.get_config()
    if isinstance(layer, Lambda):
        functions = {config["function"]: layer.function}
        if callable(layer._output_shape):
            functions[config["output_shape"]] = layer._output_shape
        if callable(layer.mask):
            functions[config["mask"]] = layer.mask
        return type(layer).from_config(config, custom_objects=functions)
    return configs.call_from_config(type(layer), config)


def clone_model(model, input_tensors=None, clone_function=None):
    """A copy of a Sequential or functional `model` made of new layers (fresh weights: copy them
    with `set_weights` if needed).

    Args:
      model: the model. input_tensors: Keras tensors (from `tf.keras.Input`) to build the clone on,
        instead of new inputs like the original's. clone_function: makes each new layer from an old
        one (default: the layer's class from its config); return the old layer to share it.

    Returns:
      The new model. A subclassed model is rebuilt from its config (`from_config(get_config())`).

    Raises:
      ValueError: input_tensors that do not match the model's inputs, or `input_tensors` /
        `clone_function` with a subclassed model.
    """
    clone_function = clone_function or clone_layer
    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors, clone_function)
    if isinstance(model, Functional) and getattr(model, "_is_graph_network", False):
        return _clone_functional(model, input_tensors, clone_function)
    if not isinstance(model, Model):
        raise ValueError(f"Expected `model` argument to be a `Model` instance. Received: model={model!r}")
    if input_tensors is not None or clone_function is not clone_layer:
        raise ValueError(
            "Arguments `clone_function` and `input_tensors` are only supported for Sequential models or "
            f"Functional models. Received model of type '{type(model).__name__}', with "
            f"clone_function={clone_function} and input_tensors={input_tensors}"
        )
    return configs.call_from_config(type(model), model.get_config())


def _new_input(layer: InputLayer):
    config = layer.get_config()
    return Input(batch_shape=config["batch_input_shape"], dtype=config["dtype"], name=config["name"])


def _clone_sequential(model, input_tensors, clone_function):
    layers = [clone_function(layer) for layer in model.layers]
    first = model._layers[0] if model._layers else None
    if input_tensors is None:
        if isinstance(first, InputLayer):
            origin = keras_graph.keras_history(_new_input(first))[0].layer
            return Sequential([origin, *layers], name=model.name)
        return Sequential(layers, name=model.name)
    tensors = nest.flatten(input_tensors)
    if len(tensors) != 1:
        raise ValueError(
            "To clone a `Sequential` model, we expect at most one tensor as part of "
            "`input_tensors`. Received: "
            f"input_tensors={input_tensors}"
        )
    history = keras_graph.keras_history(tensors[0]) if keras_graph.is_keras_tensor(tensors[0]) else None
    if history is None or not isinstance(history[0].layer, InputLayer):
        raise ValueError(
            "Cannot clone a `Sequential` model on top of a tensor that does not come from `tf.keras.Input`. "
            f"Use the Functional API instead. Received: input_tensors={input_tensors}"
        )
    return Sequential([history[0].layer, *layers], name=model.name)


def _clone_functional(model, input_tensors, clone_function):
    if input_tensors is None:
        new_inputs = [_new_input(keras_graph.keras_history(t)[0].layer) for t in model.inputs]
    else:
        new_inputs = nest.flatten(input_tensors)
        if len(new_inputs) != len(model.inputs):
            raise ValueError(
                f"Expected {len(model.inputs)} input tensors to clone model {model.name!r}. Received: "
                f"input_tensors={input_tensors}"
            )
        for tensor in new_inputs:
            if not keras_graph.is_keras_tensor(tensor):
                raise ValueError(
                    f"`input_tensors` must be Keras tensors (from `tf.keras.Input`). Received: {tensor!r}"
                )
    values = {id(old): new for old, new in zip(model.inputs, new_inputs)}
    clones: dict = {}
    for unit in model._steps:
        if isinstance(unit, Operation):
            _replay_op(unit, values, model._captured)
            continue
        layer = unit.layer
        if id(layer) not in clones:
            clones[id(layer)] = clone_function(layer)
        args = _substitute(unit.call_args, values)
        kwargs = _substitute(unit.call_kwargs, values)
        outputs = clones[id(layer)](*args, **kwargs)
        for tensor, value in zip(unit.output_tensors, nest.flatten(outputs)):
            values[id(tensor)] = value
    inputs = nest.pack_sequence_as(model._nested_inputs, new_inputs)
    outputs = nest.pack_sequence_as(model._nested_outputs, [values[id(t)] for t in model.outputs])
    return Model(inputs=inputs, outputs=outputs, name=model.name)


def _substitute(structure, values: dict):
    return nest.map_structure(
        lambda v: values.get(id(v), v) if keras_graph.is_keras_tensor(v) else v, structure, check_types=False
    )
