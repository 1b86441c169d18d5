"""`tf.keras.layers.Lambda`: wraps a Python function as a layer.

Serialization differs from Keras on purpose. Keras 2.15 writes a lambda (and any Python function)
as marshalled bytecode and runs it again when the config is loaded, so loading an untrusted model
runs its code. lamina never does that:

- a function defined with `def` at a module's top level (or a builtin such as `math.sqrt`) is saved
  by name and module, and found again on load in `custom_objects`, the registered Keras objects, or
  that module if it is already imported (loading imports nothing);
- a lambda or a nested function is saved as a marker (`function_type: "lambda"`, `function`: its
  qualified name) that makes `from_config` raise a ValueError unless `custom_objects` maps that name
  to a function. Bytecode written by Keras is refused the same way.
"""

from __future__ import annotations

import inspect
import sys
import types

from lamina._core import nest
from lamina._core.shape import TensorShape
from lamina.keras.layer.base import Layer, to_shapes
from lamina.keras.serialization import get_registered_object
from lamina.ops import array_ops


class Lambda(Layer):
    """A layer that calls `function(inputs, **arguments)`.

    Args:
      function: the function; it may take `mask` and `training` keyword arguments, which the layer
        then passes.
      output_shape: the output shape without the batch axis (a tuple, or a list of them for several
        outputs), or a function of the input shape; None: found by tracing `function`.
      mask: a function `(inputs, mask) -> output mask`, or a mask tensor; None: no output mask.
      arguments: extra keyword arguments for `function`.

    Raises:
      TypeError: a `function` that is not callable.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(f"Lambda expects a callable `function`. Received: function={function!r}")
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = output_shape
        parameters = _parameters(function)
        self._expects_mask = "mask" in parameters
        self._expects_training = "training" in parameters

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._expects_mask:
            kwargs["mask"] = mask
        if self._expects_training:
            kwargs["training"] = training
        outputs = self.function(inputs, **kwargs)
        # A Keras tensor must not be its own layer's output: an input returned as is gets a copy.
        seen = {id(t) for t in nest.flatten(inputs)}
        return nest.map_structure(lambda t: array_ops.identity(t) if id(t) in seen else t, outputs)

    def compute_mask(self, inputs, mask=None):
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        input_shape = to_shapes(input_shape)
        if callable(self._output_shape):
            return to_shapes(self._output_shape(input_shape))
        first = nest.flatten(input_shape)[0] if not isinstance(input_shape, TensorShape) else input_shape
        batch = first[0] if first.rank else None
        if _is_one_shape(self._output_shape):
            return TensorShape([batch, *self._output_shape])
        return [TensorShape([batch, *shape]) for shape in self._output_shape]

    def get_config(self) -> dict:
        config = {**super().get_config()}
        config["function"], config["function_type"], config["module"] = _serialize_function(self.function)
        shape = self._output_shape
        if callable(shape):
            config["output_shape"], config["output_shape_type"], config["output_shape_module"] = (
                _serialize_function(shape)
            )
        else:
            config["output_shape"], config["output_shape_type"], config["output_shape_module"] = (
                shape,
                "raw",
                None,
            )
        if self.mask is not None:
            if not callable(self.mask):
                raise ValueError(f"Invalid input for serialization, type: {type(self.mask)} ")
            config["mask"], config["mask_type"], config["mask_module"] = _serialize_function(self.mask)
        config["arguments"] = self.arguments
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A Lambda layer from `get_config()`'s result; see the module docstring for how functions
        are found and why a lambda is refused."""
        config = dict(config)
        name = config.get("name")
        config["function"] = _deserialize_function(
            config.pop("function"), config.pop("function_type", "function"), config.pop("module", None),
            custom_objects, name,
        )  # fmt: skip
        config["output_shape"] = _deserialize_function(
            config.pop("output_shape", None), config.pop("output_shape_type", "raw"),
            config.pop("output_shape_module", None), custom_objects, name,
        )  # fmt: skip
        if "mask" in config:
            config["mask"] = _deserialize_function(
                config.pop("mask"), config.pop("mask_type", "raw"), config.pop("mask_module", None),
                custom_objects, name,
            )  # fmt: skip
        return cls(**config)


def _parameters(function):
    """Names `function` accepts as keywords ("mask" and "training" for one that takes **kwargs)."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):  # some builtins have no signature
        return set()
    names = set(parameters)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        names |= {"mask", "training"}
    return names


def _is_one_shape(value) -> bool:
    return isinstance(value, TensorShape) or (
        isinstance(value, (list, tuple)) and all(d is None or isinstance(d, int) for d in value)
    )


def _named(function):
    """(name, module) when `function` can be found again by name in its module, else None."""
    name, module = getattr(function, "__name__", None), getattr(function, "__module__", None)
    if module is None and isinstance(function, types.BuiltinFunctionType):
        module = "builtins"
    if not name or not module or name == "<lambda>":
        return None
    found = getattr(sys.modules.get(module), name, None)
    return (name, module) if found is function else None


def _serialize_function(function):
    """(value, type, module) for a config: a named function by name, a lambda as a marker."""
    named = _named(function)
    if named is not None:
        return named[0], "function", named[1]
    if isinstance(function, types.FunctionType):
        return function.__qualname__, "lambda", function.__module__
    raise ValueError(f"Invalid input for serialization, type: {type(function)} ")


def _deserialize_function(value, kind, module, custom_objects, layer_name):
    if kind == "raw":
        return value
    if kind == "function":
        found = get_registered_object(value, custom_objects)
        if found is None:
            found = getattr(sys.modules.get(module), value, None) if module else None
        if found is None:
            raise ValueError(
                f"Lambda layer {layer_name!r}: cannot find function {value!r} of module {module!r}. Import "
                "that module before loading, or pass the function in `custom_objects`."
            )
        return found
    if kind == "lambda":
        found = get_registered_object(value, custom_objects) if isinstance(value, str) else None
        if found is not None:
            return found
        shown = value if isinstance(value, str) else "(Python bytecode)"
        raise ValueError(
            f"Lambda layer {layer_name!r} was saved with a lambda or nested function {shown}. lamina "
            "does not load Python code from a config (that would run arbitrary code). Define the "
            "function with `def` at "
            "module level so it is saved by name, or pass it in `custom_objects`"
            + (f" under the name {value!r}." if isinstance(value, str) else ".")
        )
    raise ValueError(f"Lambda layer {layer_name!r}: unknown function type {kind!r} in its config.")
