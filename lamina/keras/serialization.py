"""Keras object (de)serialization, written once for every Keras namespace.

A serialized Keras object is either a name (`"relu"`, `"adam"`, `"mse"`) or a dict
`{"module": "keras.optimizers", "class_name": "Adam", "config": {...}, "registered_name": None}`.
Each namespace (`tf.keras.optimizers`, `.losses`, `.metrics`, `.activations`, ...) builds its
`get`/`serialize`/`deserialize` from a `Catalog` of the objects it knows by name; user classes join
through `register_keras_serializable` or the `custom_objects` argument.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

# "package>Name" -> class or function, filled by register_keras_serializable.
_REGISTERED: dict[str, Any] = {}


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Decorator that makes a class or function findable by `deserialize` as "package>name"."""

    def decorate(obj):
        registered = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(f"Cannot register {obj.__name__}: a registered class needs a get_config method.")
        _REGISTERED[registered] = obj
        obj._lamina_registered_name = registered
        return obj

    return decorate


def get_registered_name(obj) -> str:
    """The name `obj` is registered under, else its own `__name__`."""
    return getattr(obj, "_lamina_registered_name", None) or getattr(obj, "__name__", type(obj).__name__)


def get_registered_object(name: str, custom_objects: dict | None = None, module_objects: dict | None = None):
    """The class or function called `name` in custom_objects, the registry or module_objects."""
    for table in (custom_objects or {}, _REGISTERED, module_objects or {}):
        if name in table:
            return table[name]
    return None


class Catalog:
    """The named objects of one Keras namespace, and its get/serialize/deserialize.

    Args:
      module: the namespace written into serialized dicts ("keras.optimizers").
      kind: what the objects are, for messages ("optimizer", "loss function").
      objects: name -> class or function; several names may map to one object (aliases).
      normalize: maps a string identifier to its table key before lookup (optimizers accept "Adam"
        and "adam").
    """

    def __init__(
        self, module: str, kind: str, objects: dict[str, Any], normalize: Callable[[str], str] = str
    ):
        self.module, self.kind, self.objects, self.normalize = module, kind, dict(objects), normalize

    def add(self, **objects):
        self.objects.update(objects)

    def serialize(self, obj) -> Any:
        """A function becomes its name; an object with get_config becomes Keras's dict."""
        if obj is None:
            return None
        if not hasattr(obj, "get_config"):
            if callable(obj):
                return get_registered_name(obj)
            raise ValueError(f"Cannot serialize {obj!r}: it is neither a function nor has get_config.")
        registered = getattr(type(obj), "_lamina_registered_name", None)
        return {
            "module": None if registered else self.module,
            "class_name": type(obj).__name__,
            "config": obj.get_config(),
            "registered_name": registered,
        }

    def deserialize(self, config, custom_objects: dict | None = None):
        """The object described by a name or a serialized dict."""
        if isinstance(config, str):
            found = self._lookup(config, custom_objects)
            return found() if inspect.isclass(found) else found
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError(f"Could not interpret serialized {self.kind}: {config!r}")
        name = config.get("registered_name") or config["class_name"]
        cls = self._lookup(name, custom_objects, fallback=config["class_name"])
        inner = config.get("config")
        if not inspect.isclass(cls):
            return cls
        if hasattr(cls, "from_config"):
            return cls.from_config(inner or {})
        return cls(**(inner or {}))

    def get(self, identifier, custom_objects: dict | None = None):
        """None, a name, a serialized dict, or an object/function already (returned as is)."""
        if identifier is None:
            return None
        if isinstance(identifier, (str, dict)):
            return self.deserialize(identifier, custom_objects)
        if callable(identifier) or hasattr(identifier, "get_config"):
            return identifier
        raise ValueError(f"Could not interpret {self.kind} identifier: {identifier!r}")

    def _lookup(self, name: str, custom_objects, fallback: str | None = None):
        for candidate in (name, fallback):
            if candidate is None:
                continue
            found = get_registered_object(candidate, custom_objects)
            if found is None:
                found = self.objects.get(self.normalize(candidate))
            if found is not None:
                return found
        raise ValueError(
            f"Unknown {self.kind}: {name!r}. Known names: {', '.join(sorted(self.objects))}. A custom "
            f"{self.kind} must be passed in custom_objects or registered with "
            "tf.keras.utils.register_keras_serializable."
        )
