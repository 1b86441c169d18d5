"""Layers inside other layers' configs: an RNN's cell, a wrapper's layer, a stack's cells.

A nested layer is written as Keras writes it (`{"module": "keras.layers", "class_name": "LSTM",
"config": {...}, "registered_name": None}`) and read back by class name. Classes are found among
`custom_objects`, the names registered with `register_keras_serializable`, and the layer classes
lamina defines (every imported subclass of `Layer` in the `lamina` package). Reading a config never
runs code from the config itself.
"""

from __future__ import annotations

from lamina.keras import serialization
from lamina.keras.layer.base import Layer


def serialize(layer) -> dict:
    """Keras's dict for `layer`: its module, class name, config and registered name."""
    registered = getattr(type(layer), "_lamina_registered_name", None)
    return {
        "module": None if registered else "keras.layers",
        "class_name": type(layer).__name__,
        "config": layer.get_config(),
        "registered_name": registered,
    }


def deserialize(config, custom_objects=None):
    """The layer a `serialize` dict describes (a Layer instance is returned as is).

    Raises:
      ValueError: not a serialized layer, or a class name that no known layer class has.
    """
    if isinstance(config, Layer):
        return config
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not interpret serialized layer: {config!r}")
    names = [n for n in (config.get("registered_name"), config["class_name"]) if n]
    for name in names:
        cls = serialization.get_registered_object(name, custom_objects)
        if cls is None:
            cls = lamina_layer_classes().get(name)
        if cls is not None:
            return cls.from_config(dict(config.get("config") or {}))
    raise ValueError(
        f"Unknown layer: '{config['class_name']}'. Please ensure you are using a `keras.utils."
        "custom_object_scope` and that this object is included in the scope, or pass it in "
        "`custom_objects`."
    )


def lamina_layer_classes() -> dict:
    """The Keras layer classes defined in lamina, by class name (tf.compat.v1.layers' classes of the
    same names are shims for v1 graphs, never what a Keras config means)."""
    found, pending = {}, [Layer]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("lamina.keras.") and not cls.__name__.startswith("_"):
            found.setdefault(cls.__name__, cls)
    return found
