"""Keras 2's legacy HDF5 format (`.h5`): a whole model, or only its weights.

A weights file has, at its root (or in the `model_weights` group of a model file), the attributes
`backend`, `keras_version` and `layer_names` (every layer of `model.layers`, in order), and one
group per layer whose `weight_names` attribute lists the layer's weights (`"dense/kernel:0"`), each
stored as a dataset at that name inside the group. A model file adds the attributes `model_config`
(the model's JSON, as `to_json` writes it) and, for a compiled model, `training_config` (loss,
metrics, loss weights and the optimizer's config), and the group `optimizer_weights` (the
optimizer's variables, listed by its `weight_names`).

Weights load by layer order (layers that have weights, matched one to one) or, with `by_name`, by
layer name. Writes are atomic; nothing in a file is executed.
"""

from __future__ import annotations

import json
import logging

import h5py
import numpy as np

from lamina.keras import serialization
from lamina.keras.optimizer import catalog as optimizers
from lamina.keras.save import config as configs
from lamina.keras.save.file_io import atomic_path

logger = logging.getLogger("lamina.keras.save")


def _decoded(values) -> list:
    return [v.decode("utf8") if isinstance(v, bytes) else str(v) for v in np.asarray(values).tolist()]


def _attribute_text(value) -> str:
    return value.decode("utf8") if isinstance(value, bytes) else str(value)


def _weights_of(layer) -> list:
    return list(layer.trainable_weights) + [
        w for w in layer.non_trainable_weights if all(w is not t for t in layer.trainable_weights)
    ]


# ---- writing -----------------------------------------------------------------------------------------
def _write_names(group, key: str, names: list) -> None:
    group.attrs[key] = np.array([n.encode("utf8") for n in names], dtype="S") if names else np.array([], "S1")


def write_weights(model, group) -> None:
    """Writes the layers' weights into `group` (an open h5py File or Group) in the legacy layout."""
    group.attrs["backend"] = "tensorflow"
    group.attrs["keras_version"] = configs.KERAS_VERSION
    layers = model.layers
    _write_names(group, "layer_names", [layer.name for layer in layers])
    for layer in layers:
        _write_layer(group.create_group(layer.name), _weights_of(layer), layer.name)
    top = [w for w in model._own_weights()[0] + model._own_weights()[1]]
    _write_layer(group.create_group("top_level_model_weights"), top, "top_level_model_weights")


def _write_layer(group, weights: list, owner: str) -> None:
    names = [w.name for w in weights]
    if len(set(names)) != len(names):
        raise ValueError(
            f"Cannot save the weights of {owner!r} in the HDF5 format: several weights share a name. "
            f"Received weight names: {names}"
        )
    _write_names(group, "weight_names", names)
    for name, weight in zip(names, weights):
        group.create_dataset(name, data=np.asarray(weight.numpy()))


def save_weights(model, filepath: str) -> None:
    """Writes `model`'s weights to the legacy HDF5 file `filepath` (atomically)."""
    with atomic_path(filepath) as temporary:
        with h5py.File(temporary, "w") as h5file:
            write_weights(model, h5file)


def _training_config(model) -> dict | None:
    compile_config = configs.get_compile_config(model)
    if compile_config is None:
        return None
    optimizer = compile_config["optimizer"]
    return {
        "loss": compile_config["loss"],
        "metrics": compile_config["metrics"],
        "weighted_metrics": compile_config["weighted_metrics"],
        "loss_weights": compile_config["loss_weights"],
        "optimizer_config": {"class_name": optimizer["class_name"], "config": optimizer["config"]},
    }


def save_model(model, filepath: str, include_optimizer: bool = True) -> None:
    """Writes `model` (config, weights, and its training config and optimizer state when compiled and
    `include_optimizer`) to the legacy HDF5 file `filepath` (atomically)."""
    model_json = configs.model_to_json(model)
    training = None
    if include_optimizer:
        try:
            training = _training_config(model)
        except ValueError as error:
            logger.warning("The model is saved without its training configuration: %s", error)
    with atomic_path(filepath) as temporary:
        with h5py.File(temporary, "w") as h5file:
            h5file.attrs["backend"] = "tensorflow"
            h5file.attrs["keras_version"] = configs.KERAS_VERSION
            h5file.attrs["model_config"] = model_json
            write_weights(model, h5file.create_group("model_weights"))
            if training is not None:
                h5file.attrs["training_config"] = json.dumps(training, default=configs.json_default)
                variables = list(model.optimizer.variables)
                group = h5file.create_group("optimizer_weights")
                names = [f"{index}/{v.name}" for index, v in enumerate(variables)]
                _write_names(group, "weight_names", names)
                for name, variable in zip(names, variables):
                    group.create_dataset(name, data=np.asarray(variable.numpy()))


# ---- reading -----------------------------------------------------------------------------------------
def _layer_values(group) -> list:
    return [np.asarray(group[name][()]) for name in _decoded(group.attrs.get("weight_names", []))]


def _check_shapes(layer_name: str, weights: list, values: list, filepath: str) -> str | None:
    if len(weights) != len(values):
        return (
            f"Weight count mismatch for layer {layer_name!r}: the layer expects {len(weights)} "
            "weight(s), the "
            f"file {filepath} has {len(values)}."
        )
    for weight, value in zip(weights, values):
        expected = tuple(weight.shape.as_list())
        if expected != value.shape:
            return (
                f"Cannot assign value to variable '{weight.name}': Shape mismatch. The variable shape "
                f"{expected}, and the assigned value shape {value.shape} (from {filepath}) are incompatible."
            )
    return None


def _assign(weights: list, values: list) -> None:
    for weight, value in zip(weights, values):
        weight.assign(value.astype(weight.dtype.as_numpy_dtype, copy=False))


def load_weights(model, group, filepath: str, by_name: bool = False, skip_mismatch: bool = False) -> None:
    """Loads legacy HDF5 weights from `group` (the file, or its `model_weights` group) into `model`.

    Raises:
      ValueError: `skip_mismatch` without `by_name`; a different number of layers with weights, or a
        count or shape that does not match (unless skipped).
    """
    if skip_mismatch and not by_name:
        raise ValueError(
            "When calling model.load_weights, skip_mismatch can only be set to True when by_name is True."
        )
    saved_names = _decoded(group.attrs.get("layer_names", []))
    if by_name:
        _load_by_name(model, group, saved_names, filepath, skip_mismatch)
        return
    saved = [name for name in saved_names if len(group[name].attrs.get("weight_names", [])) > 0]
    layers = [layer for layer in model.layers if layer.weights]
    if len(saved) != len(layers):
        raise ValueError(
            f"Layer count mismatch when loading weights from file. Model expected {len(layers)} "
            "layers, found "
            f"{len(saved)} saved layers (in {filepath})."
        )
    pending = []
    for layer, name in zip(layers, saved):
        weights, values = _weights_of(layer), _layer_values(group[name])
        problem = _check_shapes(layer.name, weights, values, filepath)
        if problem is not None:
            raise ValueError(problem)
        pending.append((weights, values))
    if "top_level_model_weights" in group:
        own = model._own_weights()[0] + model._own_weights()[1]
        values = _layer_values(group["top_level_model_weights"])
        if values:
            problem = _check_shapes(model.name, own, values, filepath)
            if problem is not None:
                raise ValueError(problem)
            pending.append((own, values))
    for weights, values in pending:
        _assign(weights, values)


def _load_by_name(model, group, saved_names, filepath, skip_mismatch) -> None:
    by_layer = {layer.name: layer for layer in model._flatten_layers(include_self=False)}
    for name in saved_names:
        layer = by_layer.get(name)
        if layer is None:
            continue
        weights, values = _weights_of(layer), _layer_values(group[name])
        problem = _check_shapes(name, weights, values, filepath)
        if problem is not None:
            if skip_mismatch:
                logger.warning("Skipping loading weights for layer %r: %s", name, problem)
                continue
            raise ValueError(problem)
        _assign(weights, values)


def load_weights_file(model, filepath: str, by_name: bool = False, skip_mismatch: bool = False) -> None:
    """`load_weights` of a legacy `.h5` file (a weights file or a whole-model file)."""
    with _open(filepath) as h5file:
        group = h5file["model_weights"] if "model_weights" in h5file else h5file
        load_weights(model, group, filepath, by_name, skip_mismatch)


def _open(filepath: str):
    try:
        return h5py.File(filepath, "r")
    except OSError as error:
        raise ValueError(
            f"Could not read the HDF5 file {filepath}: corrupt, truncated or not HDF5 ({error})"
        ) from error


def _optimizer(config: dict, custom_objects):
    """The optimizer of a training_config (TensorFlow writes the 2.11+ optimizers as "Custom>Adam")."""
    config = dict(config)
    name = config.get("class_name", "")
    if name.startswith("Custom>") and serialization.get_registered_object(name, custom_objects) is None:
        config["class_name"] = name[len("Custom>") :]
    return optimizers.get(config) if not custom_objects else _optimizer_with(config, custom_objects)


def _optimizer_with(config, custom_objects):
    with serialization.CustomObjectScope(custom_objects):
        return optimizers.get(config)


def load_model(filepath: str, custom_objects=None, compile: bool = True, safe_mode: bool = True):
    """The model saved in the legacy HDF5 file `filepath` (compiled, with its optimizer state, when
    `compile` and the file has a training configuration).

    Raises:
      ValueError: a file without a model config (a weights-only file), or a damaged one.
    """
    with _open(filepath) as h5file:
        if "model_config" not in h5file.attrs:
            raise ValueError(
                f"No model config found in the file at {filepath}. It holds only weights: build the "
                "model and "
                "call `model.load_weights(path)`."
            )
        try:
            model_config = json.loads(_attribute_text(h5file.attrs["model_config"]))
        except json.JSONDecodeError as error:
            raise ValueError(f"The model config in {filepath} is not valid JSON: {error}") from error
        from lamina.keras.save.keras_format import check_no_code

        check_no_code(model_config, custom_objects, safe_mode)
        with serialization.CustomObjectScope(custom_objects or {}):
            model = configs.model_from_config(model_config, custom_objects)
        load_weights(model, h5file["model_weights"], filepath)
        training = h5file.attrs.get("training_config")
        if compile and training is not None:
            _compile(model, json.loads(_attribute_text(training)), custom_objects)
            _load_optimizer_weights(model, h5file, filepath)
    return model


def _compile(model, training: dict, custom_objects) -> None:
    arguments = {
        key: _training_argument(training.get(key), custom_objects)
        for key in ("loss", "metrics", "weighted_metrics", "loss_weights")
    }
    for key in ("metrics", "weighted_metrics"):  # Keras 2 wrote one list per output
        value = arguments[key]
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
            arguments[key] = value[0]
    model.compile(optimizer=_optimizer(training["optimizer_config"], custom_objects), **arguments)
    if model.built:
        model.optimizer.build(model.trainable_variables)


def _training_argument(value, custom_objects):
    """A loss or metric of a training_config. TensorFlow writes them in the legacy format (no
    "module"): such an object is found by class name among the Keras catalogs, and one that cannot be
    rebuilt is replaced by its name (which `compile` understands for the built-in ones)."""
    if isinstance(value, list):
        return [_training_argument(item, custom_objects) for item in value]
    if isinstance(value, dict) and "class_name" not in value:
        return {key: _training_argument(item, custom_objects) for key, item in value.items()}
    if not isinstance(value, dict):
        return serialization.deserialize_keras_object(value, custom_objects)
    if "module" in value:
        return serialization.deserialize_keras_object(value, custom_objects)
    found = serialization.get_registered_object(value["class_name"], custom_objects)
    for catalog in serialization._CATALOGS:
        if found is None:
            found = catalog.objects.get(value["class_name"])
    config = value.get("config") or {}
    if isinstance(found, type) and hasattr(found, "from_config"):
        try:
            return found.from_config(config)
        except (TypeError, ValueError):
            pass
    if isinstance(config, dict) and isinstance(config.get("name"), str):
        return config["name"]
    raise ValueError(f"Could not rebuild the training configuration entry {value!r}")


def _load_optimizer_weights(model, h5file, filepath: str) -> None:
    if "optimizer_weights" not in h5file:
        return
    group = h5file["optimizer_weights"]
    values = [np.asarray(group[name][()]) for name in _decoded(group.attrs.get("weight_names", []))]
    variables = list(model.optimizer.variables)
    shapes_match = len(values) == len(variables) and all(
        tuple(v.shape.as_list()) == value.shape for v, value in zip(variables, values)
    )
    if not shapes_match:
        logger.warning(
            "Error in loading the saved optimizer state from %s: the optimizer has %d variables, "
            "the file %d. "
            "The optimizer starts from a fresh state.", filepath, len(variables), len(values)
        )  # fmt: skip
        return
    _assign(variables, values)
