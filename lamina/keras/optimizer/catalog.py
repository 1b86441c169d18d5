"""`tf.keras.optimizers.get`, `serialize` and `deserialize`: optimizers by name ("adam", "Adam",
"ADAM") or by Keras's serialized dict."""

from __future__ import annotations

import numpy as np

from lamina.keras.optimizer.adafactor import Adafactor
from lamina.keras.optimizer.adagrad import Adadelta, Adagrad
from lamina.keras.optimizer.adam import Adam, Adamax, AdamW, Nadam
from lamina.keras.optimizer.ftrl import Ftrl
from lamina.keras.optimizer.lion import Lion
from lamina.keras.optimizer.rmsprop import RMSprop
from lamina.keras.optimizer.sgd import SGD
from lamina.keras.serialization import Catalog

# Serialized dicts name any optimizer class; a bare string names only the optimizers Keras 2.15 knows
# by name (not AdamW, Adafactor or Lion: `get("adamw")` raises there too).
_CATALOG = Catalog(
    "keras.optimizers",
    "optimizer",
    {
        cls.__name__.lower(): cls
        for cls in (Adadelta, Adafactor, Adagrad, Adam, AdamW, Adamax, Ftrl, Lion, Nadam, RMSprop, SGD)
    },
    normalize=str.lower,
)
_BY_NAME = Catalog(
    "keras.optimizers",
    "optimizer",
    {cls.__name__.lower(): cls for cls in (Adadelta, Adagrad, Adam, Adamax, Ftrl, Nadam, RMSprop, SGD)},
    normalize=str.lower,
)


def _catalog_for(identifier) -> Catalog:
    return _BY_NAME if isinstance(identifier, str) else _CATALOG


# Keras 2.15 writes "keras.optimizers" for Adam, AdamW and Lion, and "keras.optimizers.experimental"
# for its other built-in optimizers (where those classes were first published).
_BUILT_IN = (Adadelta, Adagrad, Adamax, Ftrl, Nadam, RMSprop, SGD)


def serialize(optimizer, use_legacy_format=False):
    """Keras's dict for `optimizer`: {"module", "class_name", "config", "registered_name"}."""
    config = _CATALOG.serialize(optimizer)
    # The serialized form holds plain Python values (get_config's learning rate is a NumPy float32).
    config["config"] = {k: v.item() if isinstance(v, np.generic) else v for k, v in config["config"].items()}
    if type(optimizer) in _BUILT_IN:
        config["module"] = "keras.optimizers.experimental"
    return config


def deserialize(config, custom_objects=None, use_legacy_format=False, **kwargs):
    """The optimizer described by a dict from `serialize` (or by a name).

    Raises:
      ValueError: an unknown optimizer name.
    """
    return _catalog_for(config).deserialize(config, custom_objects)


def get(identifier, **kwargs):
    """An optimizer from a name ("adam", case-insensitive), a serialized dict, or an optimizer (returned
    as is).

    Raises:
      ValueError: an unknown name, or an identifier that is none of these.
    """
    if (
        identifier is not None
        and not isinstance(identifier, (str, dict))
        and not hasattr(identifier, "get_config")
    ):
        raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}")
    return _catalog_for(identifier).get(identifier)
