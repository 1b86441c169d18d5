"""Keras object (de)serialization, written once for every Keras namespace.

A serialized Keras object is either a name (`"relu"`, `"adam"`, `"mse"`) or a dict
`{"module": "keras.optimizers", "class_name": "Adam", "config": {...}, "registered_name": None}`.
Each namespace (`tf.keras.optimizers`, `.losses`, `.metrics`, `.activations`, ...) builds its
`get`/`serialize`/`deserialize` from a `Catalog` of the objects it knows by name; user classes join
through `register_keras_serializable`, the global custom objects (`get_custom_objects()`), a
`custom_object_scope`, or the `custom_objects` argument. Every Catalog is listed in `_CATALOGS`, so
`serialize_keras_object` / `deserialize_keras_object` (tf.keras.utils) handle any namespace's objects.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from lamina._core.convert import is_tensor
from lamina._core.dtypes import DType
from lamina._core.shape import TensorShape
from lamina._core.variables import Variable
from lamina.ops import creation_ops

# The global custom objects (`tf.keras.utils.get_custom_objects()`): "package>Name" -> class or
# function for everything register_keras_serializable registered, plus whatever users add.
_REGISTERED: dict[str, Any] = {}
# Object -> the "package>Name" it was registered under (kept apart from the object so that a subclass
# of a registered class does not inherit its parent's name).
_REGISTERED_NAMES: dict[Any, str] = {}
# The objects of the custom_object_scope blocks active in this thread.
_SCOPE = threading.local()
# Every Catalog made, in creation order (serialize_keras_object finds an object's namespace here).
_CATALOGS: list[Catalog] = []


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Decorator that makes a class or function findable by `deserialize` as "package>name"."""

    def decorate(obj):
        registered = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        _REGISTERED[registered] = obj
        _REGISTERED_NAMES[obj] = registered
        return obj

    return decorate


def get_registered_name(obj) -> str:
    """The name `obj` is registered under, else its own `__name__`."""
    try:
        registered = _REGISTERED_NAMES.get(obj)
    except TypeError:  # an unhashable object is never registered
        registered = None
    return registered or getattr(obj, "__name__", type(obj).__name__)


def _registered_class_name(cls) -> str | None:
    try:
        return _REGISTERED_NAMES.get(cls)
    except TypeError:
        return None


def _scope_objects() -> dict:
    if not hasattr(_SCOPE, "objects"):
        _SCOPE.objects = {}
    return _SCOPE.objects


def get_custom_objects() -> dict:
    """The global custom objects: a dict of name -> class or function that deserialization searches.
    Adding to it makes an object findable everywhere (the registry writes "package>Name" entries)."""
    return _REGISTERED


def get_registered_object(name: str, custom_objects: dict | None = None, module_objects: dict | None = None):
    """The class or function called `name`: searched in the active custom_object_scope blocks, the
    global custom objects, `custom_objects`, then `module_objects`; None when none has it."""
    for table in (_scope_objects(), _REGISTERED, custom_objects or {}, module_objects or {}):
        if name in table:
            return table[name]
    return None


class CustomObjectScope:
    """A `with` block inside which deserialization also finds the given objects.

    Args:
      *args: dicts of name -> class or function (None entries are skipped).

    Example: `with CustomObjectScope({"MyLayer": MyLayer}): layer = deserialize(config)`.
    """

    def __init__(self, *args):
        for objects in args:
            if objects is not None and not isinstance(objects, dict):
                raise TypeError(f"custom_object_scope expects dicts of name -> object. Received: {objects!r}")
        self.custom_objects = args
        self.backup = None

    def __enter__(self):
        self.backup = dict(_scope_objects())
        for objects in self.custom_objects:
            _scope_objects().update(objects or {})
        return self

    def __exit__(self, *exc_info):
        _SCOPE.objects = self.backup
        return False


custom_object_scope = CustomObjectScope


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
        _CATALOGS.append(self)

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
        registered = _registered_class_name(type(obj))
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
            f"{self.kind} must be passed in custom_objects, be in a custom_object_scope, or be registered "
            "with tf.keras.utils.register_keras_serializable."
        )


# ---- any Keras object (tf.keras.utils.serialize_keras_object / deserialize_keras_object) ---------------
def _catalog_of_class(cls) -> Catalog | None:
    """The first Catalog that holds `cls` itself (not a subclass: a user's subclass is its own)."""
    for catalog in _CATALOGS:
        if any(value is cls for value in catalog.objects.values()):
            return catalog
    return None


def _plain(value):
    """NumPy scalars and 0-d arrays inside a config become Python values (JSON-ready)."""
    if isinstance(value, np.generic) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return value.item()
    return value


def serialize_keras_object(obj):
    """`obj` as JSON-ready Python values, in Keras 2.15's format.

    Python values, lists, tuples and dicts keep their shape (their items are serialized); NumPy arrays,
    tensors and bytes become {"class_name": "__numpy__" / "__tensor__" / "__bytes__", "config": ...};
    a DType becomes its name and a TensorShape its list of dimensions; a function becomes
    {"module": "builtins", "class_name": "function", "config": its name, "registered_name":
    "function"}; any object with `get_config` becomes {"module", "class_name", "config",
    "registered_name"}.

    Raises:
      ValueError: an object that is none of these.
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, np.generic) or (isinstance(obj, np.ndarray) and obj.ndim == 0):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return {"class_name": "__numpy__", "config": {"value": obj.tolist(), "dtype": obj.dtype.name}}
    if isinstance(obj, (list, tuple)):
        return type(obj)(serialize_keras_object(item) for item in obj)
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    kind = type(obj).__name__
    if isinstance(obj, DType):
        return obj.name
    if isinstance(obj, TensorShape):
        return None if obj.rank is None else obj.as_list()
    if is_tensor(obj) or isinstance(obj, Variable):
        value = np.asarray(obj.numpy())
        return {"class_name": "__tensor__", "config": {"value": value.tolist(), "dtype": obj.dtype.name}}
    if not hasattr(obj, "get_config"):
        if callable(obj) and not inspect.isclass(obj):
            name = getattr(obj, "__name__", None)
            if name is None or name == "<lambda>":
                raise ValueError(f"Cannot serialize {obj!r}: lamina does not serialize lambdas or partials.")
            return {
                "module": "builtins",
                "class_name": "function",
                "config": name,
                "registered_name": "function",
            }
        raise ValueError(f"Cannot serialize {obj!r}: it has no get_config method. Received: type {kind}")
    catalog = _catalog_of_class(type(obj))
    if catalog is not None:
        config = catalog.serialize(obj)
    else:
        registered = _registered_class_name(type(obj))
        module = type(obj).__module__
        config = {
            "module": None if module == "__main__" else module,
            "class_name": kind,
            "config": obj.get_config(),
            "registered_name": registered or kind,
        }
    config["config"] = serialize_keras_object(
        {key: _plain(value) for key, value in config["config"].items()}
        if isinstance(config["config"], dict)
        else config["config"]
    )
    return config


def _find_function(name: str, custom_objects):
    found = get_registered_object(name, custom_objects)
    if found is not None:
        return found
    for table in (_scope_objects(), _REGISTERED, custom_objects or {}):
        for registered, value in table.items():
            if registered.rpartition(">")[2] == name and callable(value):
                return value
    for catalog in _CATALOGS:
        value = catalog.objects.get(name)
        if value is not None and not inspect.isclass(value):
            return value
    return None


def _find_class(config: dict, custom_objects):
    """(class, catalog or None) for a serialized dict; raises TypeError when no table has it."""
    class_name, registered = config["class_name"], config.get("registered_name")
    for name in (registered, class_name):
        if name:
            found = get_registered_object(name, custom_objects)
            if found is not None:
                return found, None
    module = config.get("module")
    if module:
        # Keras writes "keras.optimizers.experimental" for some optimizers: same namespace family.
        family = [c for c in _CATALOGS if c.module == module or module.startswith(c.module + ".")]
        for catalog in family:
            found = catalog.objects.get(class_name)
            if found is None:
                found = catalog.objects.get(catalog.normalize(class_name))
            if inspect.isclass(found):
                return found, catalog
    raise TypeError(
        f"Could not locate class '{class_name}'. Make sure custom classes are decorated with "
        f"`@keras.saving.register_keras_serializable()`. Full object config: {config}"
    )


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """The object a `serialize_keras_object` result describes (plain values come back as they are).

    Args:
      config: what serialize_keras_object returned.
      custom_objects: name -> class or function, for user objects not registered or in a scope.
      safe_mode: kept for Keras's signature; lamina never deserializes code (lambdas), in either mode.

    Raises:
      TypeError: a class that no table holds, or one without `from_config`.
      ValueError: a serialized lambda.
    """
    if config is None or isinstance(config, (bool, int, float, str)):
        return config
    if isinstance(config, (list, tuple)):
        return type(config)(deserialize_keras_object(item, custom_objects, safe_mode) for item in config)
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config}")
    if "class_name" not in config or "config" not in config:
        return {
            key: deserialize_keras_object(item, custom_objects, safe_mode) for key, item in config.items()
        }
    class_name, inner = config["class_name"], config["config"]
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__tensor__":
        return creation_ops.constant(inner["value"], dtype=inner["dtype"])
    if class_name == "__lambda__":
        raise ValueError(
            "Requested the deserialization of a lambda: lamina never runs code from a serialized file. "
            "Pass the function in custom_objects instead. Received: class_name='__lambda__'"
        )
    if class_name == "function":
        found = _find_function(inner, custom_objects)
        if found is None:
            raise TypeError(
                f"Could not locate function '{inner}'. Make sure custom functions are decorated with "
                f"`@keras.saving.register_keras_serializable()`. Full object config: {config}"
            )
        return found
    cls, catalog = _find_class(config, custom_objects)
    if not inspect.isclass(cls):
        return cls
    if catalog is not None:
        return catalog.deserialize({**config, "registered_name": None}, custom_objects)
    if not hasattr(cls, "from_config"):
        raise TypeError(
            f"Unable to reconstruct an instance of '{class_name}' because the class is missing a "
            f"`from_config()` method. Full object config: {config}"
        )
    return cls.from_config(inner)
