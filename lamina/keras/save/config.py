"""Layers and models as JSON-ready configs, in Keras 2.15's structure.

A serialized layer is `{"module", "class_name", "config", "registered_name"}`, plus `"build_config":
{"input_shape": ...}` once the layer is built. A Sequential model's config is `{"name", "layers"}`
(its InputLayer first when the input is known). A functional model's config is `{"name",
"trainable", "layers", "input_layers", "output_layers"}` where each layer entry also carries its
`"name"` and `"inbound_nodes"`: one list per call of the layer inside this model, holding for each
tensor of the call's first argument `[producing layer, its node index, output index, other call
arguments]`. Node indices count only the calls that belong to the model; a nested functional model
counts its own creation as node 0, as in Keras, so its first call is node 1.

Plain TensorFlow ops applied to Keras tensors are part of a lamina functional model but are not
layers: such a model cannot be written as a config (a ValueError says which op and how to wrap it).

Reading a config never runs code: classes come from `custom_objects`, the registered Keras objects
and lamina's own layers (the `tf.keras.layers` namespace registers its public classes here).
"""

from __future__ import annotations

import inspect
import json
import logging

import numpy as np

from lamina._core import nest
from lamina._core.dtypes import DType
from lamina._core.graph import Operation
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina.keras import serialization
from lamina.keras.layer import keras_graph
from lamina.keras.layer.base import Layer
from lamina.keras.layer.input_layer import InputLayer
from lamina.keras.layer.layer_serialization import lamina_layer_classes
from lamina.keras.model.functional import Functional
from lamina.keras.model.model import Model
from lamina.keras.model.sequential import Sequential

logger = logging.getLogger("lamina.keras.save")

KERAS_VERSION = "2.15.0"
_CONSTANT_VALUE = "_CONSTANT_VALUE"


# ---- the layer catalog (tf.keras.layers.serialize / deserialize) -------------------------------------
class LayerCatalog(serialization.Catalog):
    """A Catalog of layer classes whose dicts are written and read by `serialize_layer` /
    `deserialize_layer` (so `tf.keras.utils.serialize_keras_object` writes layers as Keras does)."""

    def serialize(self, obj):
        return serialize_layer(obj)

    def deserialize(self, config, custom_objects=None):
        return deserialize_layer(config, custom_objects)


# Layers by class name; filled from the public `tf.keras.layers` namespace (register_layer_classes).
LAYERS = LayerCatalog("keras.layers", "layer", {})
# Models: Keras writes module "keras" for Sequential and "keras.src.engine.functional" for Functional;
# this catalog's module makes both findable by `deserialize_keras_object`.
MODELS = LayerCatalog("keras", "model", {"Sequential": Sequential, "Functional": Functional, "Model": Model})


def register_layer_classes(namespace: dict) -> None:
    """Adds every Layer class of `namespace` (a module's dict) to the layer catalog."""
    for name, value in namespace.items():
        if inspect.isclass(value) and issubclass(value, Layer) and not name.startswith("_"):
            LAYERS.objects[name] = value


def _is_lamina_class(cls) -> bool:
    return cls.__module__.startswith("lamina.") and serialization._registered_class_name(cls) is None


# ---- serializing -----------------------------------------------------------------------------------
def serialize_layer(layer, include_build_config: bool = True) -> dict:
    """`layer` as Keras 2.15 writes it: module, class name, config, registered name, build config.

    Raises:
      TypeError: `layer` is not a Layer.
      ValueError: a functional model with plain TensorFlow ops (see the module docstring).
    """
    if not isinstance(layer, Layer):
        raise TypeError(f"Expected a Keras layer or model to serialize. Received: {layer!r}")
    cls = type(layer)
    if cls is Sequential:
        module, class_name, registered = "keras", "Sequential", None
    elif cls is Functional:
        module, class_name, registered = "keras.src.engine.functional", "Functional", "Functional"
    elif _is_lamina_class(cls):
        module, class_name, registered = "keras.layers", cls.__name__, None
    else:
        registered = serialization.get_registered_name(cls)
        own_module = cls.__module__
        module = None if (registered != cls.__name__ or own_module == "__main__") else own_module
        class_name = cls.__name__
    config = layer.get_config()
    if isinstance(config, dict):
        config = serialization.serialize_keras_object(config)
    result = {"module": module, "class_name": class_name, "config": config, "registered_name": registered}
    if include_build_config:
        build_config = get_build_config(layer)
        if build_config is not None:
            result["build_config"] = build_config
    return result


def serialize(layer, use_legacy_format: bool = False) -> dict:
    """`tf.keras.layers.serialize`: `{"module", "class_name", "config", "registered_name"}` (the
    legacy format has only class_name and config)."""
    result = serialize_layer(layer)
    if use_legacy_format:
        return {"class_name": result["class_name"], "config": result["config"]}
    return result


def get_build_config(layer) -> dict | None:
    """`{"input_shape": ...}` of a built layer (a functional model: its inputs' shapes); else None."""
    if isinstance(layer, InputLayer) or not layer.built:
        return None
    if isinstance(layer, Functional) and getattr(layer, "_is_graph_network", False):
        nested = layer._nested_inputs
        if isinstance(nested, dict):
            return {"input_shape": {key: _shape_list(t.shape) for key, t in nested.items()}}
        if isinstance(nested, (list, tuple)):
            shapes = [_shape_list(t.shape) for t in nested]
            return {"input_shape": shapes[0] if len(shapes) == 1 else shapes}
        return {"input_shape": _shape_list(nested.shape)}
    shape = layer._build_input_shape
    if shape is None:
        return None
    return {"input_shape": _shapes_to_lists(shape)}


def build_from_config(layer, build_config: dict) -> None:
    """Builds `layer` for the `input_shape` of a `get_build_config` result (if not built yet)."""
    shape = (build_config or {}).get("input_shape")
    if shape is None or layer.built:
        return
    layer.build(_lists_to_shapes(shape))


def _shape_list(shape):
    shape = TensorShape(shape)
    return None if shape.rank is None else shape.as_list()


def _is_dims(value) -> bool:
    return isinstance(value, (list, tuple)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in value
    )


def _shapes_to_lists(shape):
    if isinstance(shape, TensorShape):
        return _shape_list(shape)
    if _is_dims(shape):
        return [None if d is None else int(d) for d in shape]
    if isinstance(shape, dict):
        return {key: _shapes_to_lists(value) for key, value in shape.items()}
    if isinstance(shape, (list, tuple)):
        return [_shapes_to_lists(value) for value in shape]
    return shape


def _lists_to_shapes(shape):
    if _is_dims(shape):
        return tuple(shape)
    if isinstance(shape, dict):
        return {key: _lists_to_shapes(value) for key, value in shape.items()}
    if isinstance(shape, (list, tuple)):
        return [_lists_to_shapes(value) for value in shape]
    return shape


def json_default(value):
    """`json.dumps` fallback for the values configs hold: NumPy values, shapes, dtypes, tensors."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, TensorShape):
        return _shape_list(value)
    if isinstance(value, DType):
        return value.name
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, Tensor) and hasattr(value, "numpy"):
        return np.asarray(value.numpy()).tolist()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable. Received: {value!r}")


# ---- functional models -------------------------------------------------------------------------------
def _has_creation_node(layer) -> bool:
    """Keras gives a nested functional model a node for its own creation (node 0)."""
    return isinstance(layer, Functional) and bool(getattr(layer, "_is_graph_network", False))


def _check_only_layers(model) -> None:
    # Constants and variable reads only feed other ops: name the op that computes something.
    for unit in model._steps:
        if (
            isinstance(unit, Operation)
            and unit.type not in ("Const", "ReadVariableOp")
            and not _is_autocast(unit)
        ):
            raise ValueError(
                f"Cannot serialize the functional model {model.name!r}: it applies the TensorFlow op "
                f"{unit.type!r} directly to Keras tensors, and a saved model can hold only layers. Wrap "
                "that computation in a `tf.keras.layers.Lambda` layer (with a named function) or in a custom "
                f"layer. Received: op {unit.name!r} of type {unit.type}"
            )


def _is_autocast(op: Operation) -> bool:
    """A float-to-float Cast that a layer made of its own input (undone and redone by the layer)."""
    if op.type != "Cast" or len(op.inputs) != 1:
        return False
    source, target = op.inputs[0].dtype, op.outputs[0].dtype
    return source.is_floating and target.is_floating and _history(op.inputs[0]) is not None


def _history(tensor):
    """(node, output index) that produced a Keras tensor, looking through a layer's autocast."""
    history = keras_graph.keras_history(tensor)
    if history is None and keras_graph.is_keras_tensor(tensor) and tensor.op.type == "Cast":
        inner = tensor.op.inputs[0]
        if inner.dtype.is_floating and tensor.dtype.is_floating:
            return _history(inner)
    return history


def _model_nodes(model) -> set:
    nodes = {id(unit) for unit in model._steps if not isinstance(unit, Operation)}
    for tensor in model.inputs:
        nodes.add(id(keras_graph.keras_history(tensor)[0]))
    return nodes


def _node_indices(model) -> dict:
    """id(node) -> the node's index in the config: its position among the layer's calls inside
    `model` (after the creation node of a nested functional model)."""
    members, indices = _model_nodes(model), {}
    for layer in model.layers:
        kept = [node for node in layer._inbound_nodes if id(node) in members]
        offset = 1 if _has_creation_node(layer) else 0
        for position, node in enumerate(kept):
            indices[id(node)] = offset + position
    return indices


def _tensor_reference(tensor, indices: dict) -> list:
    history = _history(tensor)
    if history is None:
        raise ValueError(
            f"Cannot serialize a functional model: the Keras tensor {tensor.name!r} was not produced by a "
            "layer. Wrap the operation that made it in a `tf.keras.layers.Lambda` or a custom layer."
        )
    node, index = history
    return [node.layer.name, indices.get(id(node), 0), index]


def _serialize_argument(value, indices: dict):
    if keras_graph.is_keras_tensor(value):
        return _tensor_reference(value, indices)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Tensor) and hasattr(value, "numpy"):
        return np.asarray(value.numpy()).tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _serialize_node(node, indices: dict) -> list | dict:
    layer = node.layer
    names = list(layer._call_parameters())[1:]
    arguments = dict(zip(names, node.call_args[1:]))
    arguments.update({k: v for k, v in node.call_kwargs.items() if k != "training"})
    kwargs = nest.map_structure(lambda v: _serialize_argument(v, indices), arguments, check_types=False)
    try:
        json.dumps(kwargs, default=json_default)
    except TypeError as error:
        types = {key: type(value).__name__ for key, value in arguments.items()}
        raise TypeError(
            f"Layer {layer.name} was passed non-JSON-serializable arguments. Arguments had types: {types}. "
            "They cannot be serialized out when saving the model."
        ) from error

    def entry(value):
        if keras_graph.is_keras_tensor(value):
            return [*_tensor_reference(value, indices), kwargs]
        return [_CONSTANT_VALUE, -1, _serialize_argument(value, indices), kwargs]

    first = node.call_args[0] if node.call_args else []
    if isinstance(first, dict):
        return {key: entry(value) for key, value in first.items()}
    if isinstance(first, (list, tuple)):
        return [entry(value) for value in first]
    return [entry(first)]


def _structure_references(structure, indices: dict):
    if isinstance(structure, dict):
        return {key: _tensor_reference(value, indices) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return [_tensor_reference(value, indices) for value in structure]
    return [_tensor_reference(structure, indices)]


def functional_config(model) -> dict:
    """`Functional.get_config()`: see the module docstring.

    Raises:
      ValueError: the model applies plain TensorFlow ops to Keras tensors.
    """
    _check_only_layers(model)
    indices = _node_indices(model)
    members = _model_nodes(model)
    layers = []
    for layer in model.layers:
        entry = serialize_layer(layer)
        entry["name"] = layer.name
        entry["inbound_nodes"] = [
            _serialize_node(node, indices)
            for node in layer._inbound_nodes
            if id(node) in members and not isinstance(layer, InputLayer)
        ]
        layers.append(entry)
    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": _structure_references(model._nested_inputs, indices),
        "output_layers": _structure_references(model._nested_outputs, indices),
    }


def _is_entry(value) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) in (3, 4)
        and isinstance(value[0], str)
        and isinstance(value[1], int)
        and (value[0] == _CONSTANT_VALUE or isinstance(value[2], int))
    )


class _Rebuild:
    """The state of rebuilding a functional model from its config: layers made so far and the outputs
    of each (layer name, node index) already called."""

    def __init__(self, custom_objects):
        self.custom_objects = custom_objects
        self.layers: dict = {}
        self.outputs: dict = {}  # (layer name, node index) -> flat output tensors
        self.next_index: dict = {}

    def add_layer(self, data: dict):
        name = data.get("name") or (data.get("config") or {}).get("name")
        layer = deserialize_layer(data, self.custom_objects)
        self.layers[name] = layer
        if isinstance(layer, InputLayer):
            self.outputs[(name, 0)] = [layer._inbound_nodes[0].outputs]
            self.next_index[name] = 1
        else:
            self.next_index[name] = 1 if _has_creation_node(layer) else 0
        return name

    def references(self, data) -> list:
        """The (layer name, node index) pairs a node's data needs: its input entries and the tensors
        among its keyword arguments."""
        entries = list(data.values()) if isinstance(data, dict) else list(data)
        found = []

        def from_kwargs(value):
            if isinstance(value, list) and len(value) == 3 and _is_entry(value) and value[0] in self.layers:
                found.append((value[0], value[1]))
            elif isinstance(value, dict):
                for item in value.values():
                    from_kwargs(item)
            elif isinstance(value, list):
                for item in value:
                    from_kwargs(item)

        for entry in entries:
            if not _is_entry(entry):
                raise ValueError(
                    f"Could not interpret a node of a functional model config. Received: {data!r}"
                )
            if entry[0] != _CONSTANT_VALUE:
                found.append((entry[0], entry[1]))
            if len(entry) == 4:
                from_kwargs(entry[3])
        return found

    def ready(self, data) -> bool:
        for layer_name, index in self.references(data):
            if layer_name not in self.layers:
                raise ValueError(
                    f"A node refers to layer {layer_name!r}, which is not in the model config. Known layers: "
                    f"{sorted(self.layers)}"
                )
            if (layer_name, index) not in self.outputs:
                return False
        return True

    def tensor(self, entry):
        if entry[0] == _CONSTANT_VALUE:
            return entry[2]
        outputs = self.outputs[(entry[0], entry[1])]
        if entry[2] >= len(outputs):
            raise ValueError(
                f"Layer {entry[0]!r} node {entry[1]} has {len(outputs)} output(s); the config asks "
                "for output "
                f"{entry[2]}."
            )
        return outputs[entry[2]]

    def kwargs(self, value):
        if isinstance(value, list) and len(value) == 3 and _is_entry(value) and value[0] in self.layers:
            return self.tensor(value)
        if isinstance(value, dict):
            return {key: self.kwargs(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.kwargs(item) for item in value]
        return value

    def call(self, name: str, data):
        layer = self.layers[name]
        if isinstance(data, dict):
            entries = list(data.values())
            inputs = {key: self.tensor(entry) for key, entry in data.items()}
        else:
            entries = list(data)
            inputs = [self.tensor(entry) for entry in entries]
            if len(inputs) == 1:
                inputs = inputs[0]
        kwargs = self.kwargs(entries[0][3]) if entries and len(entries[0]) == 4 else {}
        outputs = layer(inputs, **kwargs)
        self.outputs[(name, self.next_index[name])] = nest.flatten(outputs)
        self.next_index[name] += 1

    def structure(self, data, what: str):
        if _is_entry(data):
            return self.tensor(data)
        if isinstance(data, dict):
            return {key: self.structure(value, what) for key, value in data.items()}
        if isinstance(data, (list, tuple)):
            items = [self.structure(value, what) for value in data]
            return items[0] if len(items) == 1 else items
        raise ValueError(f"Could not interpret the {what} of a functional model config. Received: {data!r}")


def reconstruct_functional(config: dict, custom_objects=None):
    """(inputs, outputs) of the functional model that `config` describes, made of new layers."""
    if not isinstance(config, dict) or "layers" not in config:
        raise ValueError(f"A functional model config needs a 'layers' list. Received: {config!r}")
    rebuild = _Rebuild(custom_objects)
    order, pending = [], {}
    for data in config["layers"]:
        name = rebuild.add_layer(data)
        order.append(name)
        pending[name] = (
            [] if isinstance(rebuild.layers[name], InputLayer) else list(data.get("inbound_nodes") or [])
        )
    progress = True
    while progress and any(pending.values()):
        progress = False
        for name in order:
            while pending[name] and rebuild.ready(pending[name][0]):
                rebuild.call(name, pending[name].pop(0))
                progress = True
    waiting = [name for name in order if pending[name]]
    if waiting:
        raise ValueError(
            f"Could not rebuild the functional model {config.get('name')!r}: the inputs of layer "
            f"{waiting[0]!r} are never produced. Received layer config: {pending[waiting[0]][0]!r}"
        )
    inputs = rebuild.structure(config["input_layers"], "input_layers")
    outputs = rebuild.structure(config["output_layers"], "output_layers")
    return inputs, outputs


def functional_from_config(cls, config: dict, custom_objects=None):
    """`Functional.from_config` (and `Model.from_config` of a functional config)."""
    with serialization.CustomObjectScope(custom_objects or {}):
        inputs, outputs = reconstruct_functional(config, custom_objects)
        return cls(
            inputs=inputs, outputs=outputs, name=config.get("name"), trainable=config.get("trainable", True)
        )


def is_functional_config(config) -> bool:
    return isinstance(config, dict) and all(k in config for k in ("layers", "input_layers", "output_layers"))


# ---- Sequential ----------------------------------------------------------------------------------
def sequential_config(model) -> dict:
    """`Sequential.get_config()`: the name and every layer (the InputLayer first when known)."""
    return {"name": model.name, "layers": [serialize_layer(layer) for layer in model._layers]}


def sequential_from_config(cls, config, custom_objects=None):
    """`Sequential.from_config`: a dict `{"name", "layers"}` or (older Keras) a list of layer configs."""
    if isinstance(config, list):
        name, layer_configs, build_shape = None, config, None
    elif isinstance(config, dict) and isinstance(config.get("layers"), list):
        name, layer_configs, build_shape = (
            config.get("name"),
            config["layers"],
            config.get("build_input_shape"),
        )
    else:
        raise ValueError(f"A Sequential config needs a 'layers' list. Received: {config!r}")
    with serialization.CustomObjectScope(custom_objects or {}):
        model = cls(name=name)
        for layer_config in layer_configs:
            model.add(deserialize_layer(layer_config, custom_objects))
    if not model._is_graph_network and build_shape is not None:
        model.build(_lists_to_shapes(build_shape))
    return model


# ---- deserializing ------------------------------------------------------------------------------------
def layer_class(config: dict, custom_objects=None):
    """The class a serialized layer names, or None: custom objects and registered classes first,
    then lamina's layers. Nothing is imported."""
    class_name, registered = config.get("class_name"), config.get("registered_name")
    for name in (registered, class_name):
        if name:
            found = serialization.get_registered_object(name, custom_objects)
            if found is not None:
                return found
    for table in (LAYERS.objects, MODELS.objects):
        if class_name in table:
            return table[class_name]
    return lamina_layer_classes().get(class_name)


def deserialize_layer(config, custom_objects=None):
    """The layer (or model) a serialized dict describes; a Layer instance is returned as is.

    Raises:
      ValueError: not a serialized layer, or a class that no table has (a custom class must be passed in
        `custom_objects`, be in a `custom_object_scope`, or be registered).
    """
    if isinstance(config, Layer):
        return config
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not interpret serialized layer. Received: {config!r}")
    cls = layer_class(config, custom_objects)
    if config["class_name"] in ("TFOpLambda", "SlicingOpLambda"):
        name = config.get("name") or (config.get("config") or {}).get("name")
        raise ValueError(
            f"Layer {name!r} is a TensorFlow op that "
            "Keras recorded as a layer (TFOpLambda: a plain TF op applied to Keras tensors). lamina does not "
            "load such layers (it would call a function named by the file). Wrap the op in a "
            "`tf.keras.layers.Lambda` with a named function, or in a custom layer, and save again. Received: "
            f"class_name={config['class_name']!r}"
        )
    if cls is None or not inspect.isclass(cls) or not issubclass(cls, Layer):
        raise ValueError(
            f"Unknown layer: '{config['class_name']}'. Please ensure you are using a "
            "`keras.utils.custom_object_scope` and that this object is included in the scope, pass the class "
            "in `custom_objects`, or register it with `tf.keras.saving.register_keras_serializable`. "
            f"Received: registered_name={config.get('registered_name')!r}"
        )
    inner = config.get("config")
    inner = dict(inner) if isinstance(inner, dict) else ([] if inner is None else inner)
    with serialization.CustomObjectScope(custom_objects or {}):
        return call_from_config(cls, inner, custom_objects)


def deserialize(config, custom_objects=None, use_legacy_format: bool = False):
    """`tf.keras.layers.deserialize`: the layer a `serialize` result describes (either format)."""
    return deserialize_layer(config, custom_objects)


def call_from_config(cls, config, custom_objects=None):
    """`cls.from_config(config)`, passing `custom_objects` where `from_config` accepts it."""
    from_config = cls.from_config
    try:
        parameters = inspect.signature(from_config).parameters
    except (TypeError, ValueError):
        parameters = {}
    if "custom_objects" in parameters:
        return from_config(config, custom_objects=custom_objects)
    return from_config(config)


# ---- whole models ----------------------------------------------------------------------------------
def model_from_config(config, custom_objects=None):
    """`tf.keras.models.model_from_config`: the model of `{"class_name", "config"}`.

    Raises:
      TypeError: `config` is not a dict (a list is a Sequential's old config format).
    """
    if isinstance(config, list):
        raise TypeError(
            "`model_from_config` expects a dictionary, not a list. Received: config="
            f"{config}. Did you mean to use `Sequential.from_config(config)`?"
        )
    if not isinstance(config, dict):
        raise TypeError(f"`model_from_config` expects a dictionary. Received: config={config!r}")
    return deserialize_layer(config, custom_objects)


def model_to_json(model, **kwargs) -> str:
    """`Model.to_json()`: `{"class_name", "config", "keras_version", "backend"}` as JSON text."""
    entry = serialize_layer(model, include_build_config=False)
    data = {"class_name": entry["class_name"], "config": entry["config"]}
    data.update(keras_version=KERAS_VERSION, backend="tensorflow")
    return json.dumps(data, default=json_default, **kwargs)


def model_from_json(json_string, custom_objects=None):
    """`tf.keras.models.model_from_json`: the model `Model.to_json()` described.

    Raises:
      ValueError: text that is not JSON.
    """
    try:
        config = json.loads(json_string)
    except (TypeError, json.JSONDecodeError) as error:
        raise ValueError(
            f"model_from_json expects JSON text. Received: {str(json_string)[:100]!r}"
        ) from error
    return model_from_config(config, custom_objects)


def subclassed_model_config(model) -> dict:
    """`Model.get_config()` of a subclassed model, as in Keras 2.15: the constructor arguments when they
    are plain values (`{}` when they are not), or name/trainable/dtype for a class without `__init__`."""
    if getattr(model, "_is_graph_network", False):  # a subclass that called Model(inputs, outputs)
        return functional_config(model)
    if type(model).__init__ is Model.__init__:
        return {"name": model.name, "trainable": model.trainable, "dtype": model._dtype_config()}
    try:
        return model._auto_config()
    except NotImplementedError:
        return {}


def model_from_subclass_config(cls, config, custom_objects=None):
    """`Model.from_config`: a functional config makes a functional model; otherwise `cls(**config)`."""
    if is_functional_config(config):
        target = Functional if cls is Model else cls
        return functional_from_config(target, config, custom_objects)
    try:
        return cls(**config)
    except TypeError as error:
        raise TypeError(
            f"Unable to revive model from config. When overriding the `get_config()` method, make sure that "
            f"the returned config contains all items used as arguments in the constructor to {cls}, which is "
            f"the default behavior. You can override this default behavior by defining a `from_config(cls, "
            f"config)` class method to specify how to create an instance of {cls.__name__} from its "
            "config.\n\n"
            f"Received config={config}\n\nError encountered during deserialization: {error}"
        ) from error


# ---- compile configuration ---------------------------------------------------------------------------
def get_compile_config(model) -> dict | None:
    """The arguments `compile` was given, serialized (None for a model that is not compiled)."""
    if not getattr(model, "_is_compiled", False):
        return None
    losses, metrics = model.compiled_loss, model.compiled_metrics
    steps = getattr(model, "_steps_per_execution", 1)
    return {
        "optimizer": serialization.serialize_keras_object(model.optimizer),
        "loss": serialization.serialize_keras_object(getattr(model, "_loss_argument", None)),
        "metrics": serialization.serialize_keras_object(getattr(metrics, "_user_metrics", None)),
        "loss_weights": serialization.serialize_keras_object(getattr(losses, "_user_weights", None)),
        "weighted_metrics": serialization.serialize_keras_object(getattr(metrics, "_user_weighted", None)),
        "run_eagerly": getattr(model, "_run_eagerly", None),
        "steps_per_execution": None if steps == 1 else steps,
        "jit_compile": None,
    }


def compile_from_config(model, config: dict, custom_objects=None) -> None:
    """Compiles `model` with a `get_compile_config` result, then creates the optimizer's variables for
    the model's weights (so saved optimizer state can be restored into them)."""
    arguments = serialization.deserialize_keras_object(config, custom_objects)
    known = (
        "optimizer",
        "loss",
        "metrics",
        "loss_weights",
        "weighted_metrics",
        "run_eagerly",
        "steps_per_execution",
    )
    model.compile(**{key: arguments.get(key) for key in known if key in arguments})
    if model.built and model.optimizer is not None and hasattr(model.optimizer, "build"):
        model.optimizer.build(model.trainable_variables)
