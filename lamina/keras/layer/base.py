"""`tf.keras.layers.Layer`: the unit Keras models are made of.

A layer's contract, top to bottom: the constructor validates and stores configuration; `build`
creates weights with `add_weight` once the input shape is known; `call` does the maths with lamina
ops; `compute_output_shape` and `compute_mask` describe the result; `get_config` returns what the
constructor needs to make an equal layer.

`__call__` is the one place that handles what every layer shares, in this order: numpy inputs become
tensors (floating inputs are cast to the layer's compute dtype), the input spec is checked, the layer
is built on the first call (weights named `<layer>/<weight>:0` under the enclosing scopes), `training`
and `mask` are filled in when the caller left them out (`training` from the enclosing layer's call,
`mask` from the inputs' Keras masks), `call` runs in the layer's name scope, the activity regularizer
adds its loss, and the output masks are attached. On Keras tensors (from `tf.keras.Input`) the same
call traces into the Keras graph and records a Node, which is how functional models are described.
Nothing here asks whether it runs eagerly or in a graph: the ops decide at the dispatch point.
"""

from __future__ import annotations

import contextlib
import inspect
import threading

import numpy as np

from lamina._core import dtypes, nest
from lamina._core.context import STATE, name_scope
from lamina._core.convert import convert_to_tensor
from lamina._core.graph import FuncGraph, init_scope
from lamina._core.module import Module
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina._core.variables import Variable, VariableSynchronization
from lamina.keras import constraint as constraints
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.autocast_variable import AutoCastVariable, autocast
from lamina.keras.dtype_policy import Policy, as_policy
from lamina.keras.layer import keras_graph
from lamina.keras.layer.input_spec import assert_input_compatibility
from lamina.keras.naming import to_snake_case, unique_name
from lamina.ops import array_ops, cast_ops, math_ops

# Constructor keywords every layer accepts (besides trainable, name, dtype, dynamic).
_BASE_KWARGS = frozenset(
    {"input_shape", "batch_input_shape", "batch_size", "weights", "activity_regularizer", "autocast",
     "input_dim", "input_length", "implementation"}
)  # fmt: skip


class _CallContext(threading.local):
    """What an outer layer's call passes to the layers it calls: the `training` value, and how deep
    the calls are nested (the outermost call clears the call-time losses of the previous one)."""

    def __init__(self):
        self.training = None
        self.depth = 0


CALL_CONTEXT = _CallContext()


class Layer(Module):
    """Base class of Keras layers; see the module docstring for the contract.

    Args:
      trainable: whether the layer's weights are updated by training.
      name: the layer's name (default: the class name in snake case, made unique).
      dtype: the dtype of weights and computations: a dtype, its name, or a
        `tf.keras.mixed_precision.Policy` (default: the global policy, "float32").
      dynamic: accepted for compatibility (layers always run in graphs too).
      **kwargs: input_shape / batch_input_shape / batch_size / input_dim (the input a model starts
        from), weights (initial weights), activity_regularizer, autocast.

    Raises:
      TypeError: an unknown keyword argument.
    """

    _TRACKING_EXCLUDED = frozenset(
        {"_inbound_nodes", "_outbound_nodes", "_init_args", "_trainable_weights", "_non_trainable_weights",
         "_losses", "_callable_losses", "_dtype_policy", "input_spec", "_initial_weights",
         "_activity_regularizer", "_build_input_shape", "_metric_values"}
    )  # fmt: skip

    def __new__(cls, *args, **kwargs):
        layer = super().__new__(cls)
        layer._init_args = (args, kwargs)  # for get_config of layers that do not override it
        return layer

    def __init__(self, trainable=True, name=None, dtype=None, dynamic=False, **kwargs):
        unknown = set(kwargs) - _BASE_KWARGS
        if unknown:
            raise TypeError(f"Keyword argument not understood: {sorted(unknown)[0]!r}")
        if name is not None and not isinstance(name, str):
            raise TypeError(f"Expected `name` argument to be a string, but got: {name!r}")
        self._name = name or unique_name(to_snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        self._dtype_policy = as_policy(dtype)
        self._dynamic = bool(dynamic)
        self.built = False
        self.input_spec = None
        self.supports_masking = False
        self.stateful = False
        self._autocast = kwargs.get("autocast", True)
        self._trainable_weights: list[Variable] = []
        self._non_trainable_weights: list[Variable] = []
        self._losses: list = []
        self._callable_losses: list = []
        self._metric_values: list = []  # (name, value) added by add_metric during the last call
        self._inbound_nodes: list = []
        self._outbound_nodes: list = []
        self._activity_regularizer = regularizers.get(kwargs.get("activity_regularizer"))
        self._initial_weights = kwargs.get("weights")
        self._batch_input_shape = _batch_input_shape(kwargs)
        self._build_input_shape = None

    def __init_subclass__(cls, **kwargs):
        """Wraps a subclass's `build` so that calling it marks the layer built and keeps the shape."""
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__ and not getattr(cls.__dict__["build"], "_lamina_wrapped", False):
            cls.build = _wrap_build(cls.__dict__["build"])

    # ---- the contract ------------------------------------------------------------------------------
    def build(self, input_shape):
        """Creates the layer's weights for inputs of `input_shape` (a TensorShape, or a structure of
        them for several inputs). The base class only records that the layer is built."""
        self._build_input_shape = input_shape
        self.built = True

    def call(self, inputs, *args, **kwargs):
        """The layer's computation. The base class returns its inputs unchanged."""
        return inputs

    def compute_output_shape(self, input_shape):
        """The output shape for inputs of `input_shape`, found by tracing `call` on placeholders."""
        graph = FuncGraph(f"{self.name}_output_shape", allow_variable_creation=True)
        dtype = self.compute_dtype or "float32"
        with graph.as_default():
            placeholders = nest.map_structure(
                lambda shape: graph.placeholder(dtype, shape), to_shapes(input_shape), check_types=False
            )
            outputs = self(placeholders)
        self._losses = []
        return nest.map_structure(lambda t: t.shape, outputs)

    def compute_mask(self, inputs, mask=None):
        """The mask of the outputs: the input mask when the layer supports masking, else None."""
        if not self.supports_masking:
            return None
        return mask

    def get_config(self) -> dict:
        """The constructor arguments that recreate this layer (without its weights)."""
        config = {"name": self.name, "trainable": self.trainable, "dtype": self._dtype_config()}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = self._batch_input_shape
        if type(self).get_config is Layer.get_config:
            config.update(self._auto_config())
        return config

    @classmethod
    def from_config(cls, config):
        """A layer made from `get_config()`'s result."""
        try:
            return cls(**config)
        except TypeError as error:
            raise TypeError(
                f"Error when deserializing class '{cls.__name__}' using config={config}.\n\nException "
                f"encountered: {error}"
            ) from error

    # ---- calling -------------------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        if not hasattr(self, "_trainable_weights"):
            raise RuntimeError(
                f"It looks like you are subclassing `Layer` ({type(self).__name__}) and forgot to call "
                "`super().__init__()`. Always start with this line."
            )
        inputs, args, kwargs, first_key = self._split_call_arguments(args, kwargs)
        inputs = self._convert_inputs(inputs)
        keras_inputs = [t for t in nest.flatten((inputs, args, kwargs)) if keras_graph.is_keras_tensor(t)]
        symbolic = STATE.builder is None and bool(keras_inputs)
        original = (args, dict(kwargs))
        scope = keras_graph.keras_graph().as_default() if symbolic else contextlib.nullcontext()
        with scope:
            outputs = self._call_with_context(inputs, args, kwargs, first_key)
        if symbolic:
            outputs = self._record_node(inputs, original, outputs)
        return outputs

    def _call_with_context(self, inputs, args, kwargs, first_key):
        signature = self._call_parameters()
        # The inputs' masks reach compute_mask whether or not `call` takes a `mask` argument.
        input_mask = kwargs.get("mask")
        if input_mask is None:
            masks = nest.map_structure(keras_graph.get_mask, inputs, check_types=False)
            if any(m is not None for m in nest.flatten(masks)):
                input_mask = masks
                if "mask" in signature:
                    kwargs["mask"] = masks
        if "mask" not in signature and not any(p.kind is p.VAR_KEYWORD for p in signature.values()):
            kwargs.pop("mask", None)
        training = self._resolve_training(kwargs, signature)
        if "training" in signature:
            kwargs["training"] = training
        else:
            kwargs.pop("training", None)
        context = CALL_CONTEXT
        saved_training = context.training
        if context.depth == 0:
            self._clear_losses()
        context.depth += 1
        context.training = training if training is not None else saved_training
        try:
            assert_input_compatibility(self.input_spec, inputs, self.name)
            self._maybe_build(inputs)
            with name_scope(self._name_scope()), self._autocast_scope():
                if first_key is None:
                    outputs = self.call(inputs, *args, **kwargs)
                else:
                    outputs = self.call(*args, **{first_key: inputs}, **kwargs)
                self._add_activity_loss(outputs)
            self._attach_masks(inputs, outputs, input_mask)
        finally:
            context.depth -= 1
            context.training = saved_training
        return outputs

    def _name_scope(self) -> str:
        """The name scope `call` runs in: the layer's name (tf.compat.v1.layers re-enter their
        variable scope's name scope instead)."""
        return self.name

    def _autocast_scope(self):
        """Under a mixed policy, weights read inside `call` come out in the compute dtype."""
        policy = self._dtype_policy
        if policy.compute_dtype == policy.variable_dtype:
            return contextlib.nullcontext()
        return autocast(policy.compute_dtype)

    def _split_call_arguments(self, args, kwargs):
        """(inputs, other positional args, keyword args, keyword the inputs came in under or None)."""
        if args:
            return args[0], args[1:], kwargs, None
        parameters = list(self._call_parameters())
        if parameters and parameters[0] in kwargs:
            kwargs = dict(kwargs)
            return kwargs.pop(parameters[0]), (), kwargs, parameters[0]
        if "inputs" in kwargs:
            kwargs = dict(kwargs)
            return kwargs.pop("inputs"), (), kwargs, None
        raise TypeError(f"Layer {self.name!r} was called without inputs.")

    def _call_parameters(self) -> dict:
        cache = type(self).__dict__.get("_lamina_call_parameters")
        if cache is None or cache[0] is not type(self).call:
            parameters = dict(inspect.signature(type(self).call).parameters)
            parameters.pop("self", None)
            cache = (type(self).call, parameters)
            type(self)._lamina_call_parameters = cache
        return cache[1]

    def _resolve_training(self, kwargs, signature):
        """Explicit argument > the enclosing layer's call > the default in `call`'s signature."""
        training = kwargs.get("training")
        if training is None:
            training = CALL_CONTEXT.training
        if training is None and "training" in signature:
            default = signature["training"].default
            training = None if default is inspect.Parameter.empty else default
        return training

    def _convert_inputs(self, inputs):
        """NumPy values become tensors; floating tensors are cast to the compute dtype (autocast)."""
        compute = self.compute_dtype
        cast = self._autocast and compute is not None and dtypes.as_dtype(compute).is_floating

        def convert(value):
            if isinstance(value, (np.ndarray, np.generic, float)):
                value = convert_to_tensor(value)
            if cast and isinstance(value, Tensor) and value.dtype.is_floating and value.dtype.name != compute:
                value = cast_ops.cast(value, compute)
            return value

        return nest.map_structure(convert, inputs, check_types=False)

    def _maybe_build(self, inputs):
        if self.built:
            return
        shapes = nest.map_structure(lambda t: TensorShape(t.shape), inputs, check_types=False)
        builder = STATE.builder
        lift = builder is None or getattr(builder, "is_function", False)
        with init_scope() if lift else contextlib.nullcontext():
            saved = STATE.name_scope
            STATE.name_scope = [*saved, self.name]  # weights are named <scopes>/<layer>/<weight>
            try:
                self.build(shapes)
            finally:
                STATE.name_scope = saved
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def _add_activity_loss(self, outputs):
        if self._activity_regularizer is None:
            return
        for output in nest.flatten(outputs):
            penalty = self._activity_regularizer(output)
            batch = cast_ops.cast(array_ops.shape(output)[0], penalty.dtype)
            self.add_loss(math_ops.divide(penalty, batch))

    def _attach_masks(self, inputs, outputs, mask):
        if not self.supports_masking and type(self).compute_mask is Layer.compute_mask:
            return
        output_mask = self.compute_mask(inputs, mask)
        flat_outputs = nest.flatten(outputs)
        if output_mask is None:
            return
        flat_masks = (
            nest.flatten(output_mask) if nest.is_nested(output_mask) else [output_mask] * len(flat_outputs)
        )
        for output, output_mask_part in zip(flat_outputs, flat_masks):
            if isinstance(output, Tensor):
                keras_graph.set_mask(output, output_mask_part)

    def _record_node(self, inputs, original, outputs):
        """Records this call in the Keras graph; returns the outputs (an output that is one of the
        inputs, unchanged, is copied first so that each Keras tensor has one producing call)."""
        args, kwargs = original
        call_args = (inputs, *args)
        input_tensors = [t for t in nest.flatten((call_args, kwargs)) if keras_graph.is_keras_tensor(t)]
        input_ids = {id(t) for t in input_tensors}
        if any(id(t) in input_ids for t in nest.flatten(outputs)):
            outputs = nest.map_structure(
                lambda t: _copy_keeping_mask(t) if id(t) in input_ids else t, outputs, check_types=False
            )
        node = keras_graph.Node(self, call_args, kwargs, input_tensors, outputs, nest.flatten(outputs))
        self._inbound_nodes.append(node)
        for tensor in input_tensors:
            history = keras_graph.keras_history(tensor)
            if history is not None:
                history[0].layer._outbound_nodes.append(node)
        return outputs

    # ---- weights -------------------------------------------------------------------------------
    def add_weight(
        self,
        name=None,
        shape=None,
        dtype=None,
        initializer=None,
        regularizer=None,
        trainable=None,
        constraint=None,
        use_resource=None,
        synchronization=VariableSynchronization.AUTO,
        aggregation=None,
        **kwargs,
    ):
        """Creates a weight Variable of this layer and tracks it.

        Args:
          name: the weight's name (prefixed by the layer's scope when built in `__call__`).
          shape: its shape (default scalar); dtype: its dtype (default: the layer's variable dtype).
          initializer: an initializer, its name or config (default glorot_uniform for floats,
            zeros otherwise). regularizer: adds its penalty to `losses`. constraint: applied after
            each optimizer update.
          trainable: whether training updates it (default True, False for ON_READ variables).

        Returns:
          The new Variable.
        """
        for key in kwargs:
            if key not in ("getter", "collections", "experimental_autocast", "caching_device", "partitioner"):
                raise TypeError(f"Unknown keyword argument: {key}")
        dtype = dtypes.as_dtype(dtype or self._dtype_policy.variable_dtype or "float32")
        shape = () if shape is None else tuple(TensorShape(shape).as_list())
        if initializer is None:
            initializer = "glorot_uniform" if dtype.is_floating else "zeros"
        init = initializers.get(initializer)
        if trainable is None:
            trainable = VariableSynchronization(synchronization) is not VariableSynchronization.ON_READ
        elif trainable and VariableSynchronization(synchronization) is VariableSynchronization.ON_READ:
            raise ValueError(
                "Synchronization value can be set to VariableSynchronization.ON_READ only for "
                "non-trainable variables."
            )
        extra = {} if aggregation is None else {"aggregation": aggregation}
        with init_scope() if _lift_variables() else contextlib.nullcontext():
            variable = Variable(
                lambda: init(shape, dtype=dtype),
                name=name or "Variable",
                dtype=dtype,
                trainable=trainable,
                constraint=_constraint(constraint),
                synchronization=synchronization,
                shape=shape,
                **extra,
            )
        (self._trainable_weights if trainable else self._non_trainable_weights).append(variable)
        if regularizer is not None:
            penalty = regularizers.get(regularizer)
            self._callable_losses.append(lambda: penalty(variable))
        policy = self._dtype_policy
        if dtype.is_floating and policy.compute_dtype != policy.variable_dtype:
            return AutoCastVariable(variable)
        return variable

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        for layer in self._flatten_layers():
            layer._trainable = bool(value)

    def _own_weights(self):
        tracked = self._trainable_weights + self._non_trainable_weights
        seen = {id(v) for v in tracked}
        extra = [v for v in self._tracked_children() if isinstance(v, Variable) and id(v) not in seen]
        return (
            self._trainable_weights + [v for v in extra if v.trainable],
            self._non_trainable_weights + [v for v in extra if not v.trainable],
        )

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        own, _ = self._own_weights()
        nested = [w for layer in self._direct_sublayers() for w in layer.trainable_weights]
        return _dedup(own + nested)

    @property
    def non_trainable_weights(self) -> list:
        own_trainable, own_frozen = self._own_weights()
        if self.trainable:
            nested = [w for layer in self._direct_sublayers() for w in layer.non_trainable_weights]
            return _dedup(own_frozen + nested)
        nested = [w for layer in self._direct_sublayers() for w in layer.weights]
        return _dedup(own_trainable + own_frozen + nested)

    @property
    def weights(self) -> list:
        return _dedup(self.trainable_weights + self.non_trainable_weights)

    @property
    def variables(self) -> list:
        return self.weights

    @property
    def trainable_variables(self) -> list:
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list:
        return self.non_trainable_weights

    def get_weights(self) -> list:
        """The weights' current values as NumPy arrays, in `weights` order."""
        return [np.asarray(w.numpy()) for w in self.weights]

    def set_weights(self, weights):
        """Assigns NumPy values to the weights, in `weights` order.

        Raises:
          ValueError: a different number of arrays than weights, or a shape that does not match.
        """
        params = self.weights
        if len(params) != len(weights):
            raise ValueError(
                f'You called `set_weights(weights)` on layer "{self.name}" with a weight list of length '
                f"{len(weights)}, but the layer was expecting {len(params)} weights. Provided weights: "
                f"{str(weights)[:50]}..."
            )
        for variable, value in zip(params, weights):
            value = np.asarray(value)
            if tuple(variable.shape.as_list()) != value.shape:
                raise ValueError(
                    f"Layer {self.name} weight shape {tuple(variable.shape.as_list())} is not compatible "
                    f"with provided weight shape {value.shape}."
                )
            variable.assign(value.astype(variable.dtype.as_numpy_dtype, copy=False))

    def count_params(self) -> int:
        """The number of scalars in the layer's weights.

        Raises:
          ValueError: the layer is not built yet.
        """
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer {self.name}, but the layer isn't built. You "
                f"can build it manually via: `{self.name}.build(batch_input_shape)`."
            )
        return int(sum(int(np.prod(w.shape.as_list())) for w in self.weights))

    # ---- losses -------------------------------------------------------------------------------
    def add_loss(self, losses, **kwargs):
        """Adds a loss (a tensor, or a zero-argument callable evaluated when `losses` is read) that
        training adds to the compiled loss."""
        for loss in nest.flatten(losses):
            if loss is None:
                continue
            if callable(loss) and not isinstance(loss, Tensor):
                self._callable_losses.append(loss)
            else:
                self._losses.append(convert_to_tensor(loss))

    @property
    def losses(self) -> list:
        """This layer's and its sublayers' losses: those added during the last call, and the weight
        regularization penalties (computed now)."""
        collected = []
        for layer in self._flatten_layers():
            collected.extend(layer._losses)
            for penalty in layer._callable_losses:
                value = penalty()
                if value is not None:
                    collected.append(value)
        return collected

    def _clear_losses(self):
        for layer in self._flatten_layers():
            layer._losses = []
            layer._metric_values = []

    def _added_metric_values(self) -> list:
        """(name, value) pairs that this layer and its sublayers passed to add_metric in the last call."""
        return [entry for layer in self._flatten_layers() for entry in getattr(layer, "_metric_values", [])]

    def add_metric(self, value, name=None, **kwargs):
        """Reports `value` (a tensor computed in `call`) as a metric: the model that runs this layer
        in `fit`/`evaluate` keeps its mean over the epoch under `name`.

        Raises:
          ValueError: no name, or an aggregation other than "mean".
        """
        aggregation = kwargs.pop("aggregation", None)
        if kwargs:
            raise TypeError(f"Unknown keyword arguments: {sorted(kwargs)}")
        if aggregation not in (None, "mean"):
            raise ValueError(
                f"We currently support only `mean` aggregation for add_metric. Received: {aggregation}"
            )
        if name is None:
            raise ValueError("Please provide a name for your metric like `self.add_metric(value, name=...)`.")
        self._metric_values.append((name, convert_to_tensor(value)))

    def add_update(self, updates):
        """Runs update ops (deprecated in TF2: updates run where they are created)."""
        for update in nest.flatten(updates):
            if callable(update):
                update()

    @property
    def metrics(self) -> list:
        return []

    @property
    def updates(self) -> list:
        return []

    # ---- nested layers -------------------------------------------------------------------------------
    def _direct_sublayers(self) -> list:
        return [c for c in self._tracked_children() if isinstance(c, Layer)]

    def _flatten_layers(self, include_self=True, recursive=True):
        if not recursive:
            children = self._direct_sublayers()
            return ([self] if include_self else []) + children
        return [m for m in self._flatten_modules(include_self) if isinstance(m, Layer)]

    # ---- dtypes ----------------------------------------------------------------------------------
    @property
    def dtype(self):
        """The dtype of the layer's weights (a string)."""
        return self._dtype_policy.variable_dtype

    @property
    def variable_dtype(self):
        return self._dtype_policy.variable_dtype

    @property
    def compute_dtype(self):
        return self._dtype_policy.compute_dtype

    @property
    def dtype_policy(self) -> Policy:
        return self._dtype_policy

    def _dtype_config(self):
        policy = self._dtype_policy
        if policy.name in ("mixed_float16", "mixed_bfloat16"):
            return {
                "module": "keras.mixed_precision",
                "class_name": "Policy",
                "config": policy.get_config(),
                "registered_name": None,
            }
        return policy.variable_dtype

    def _auto_config(self) -> dict:
        """The constructor arguments of a subclass that does not override get_config, if they are
        plain values (Keras's automatic config); otherwise an error that says to write get_config."""
        init = type(self).__init__
        if init is Layer.__init__:
            return {}
        args, kwargs = self._init_args
        try:
            bound = inspect.signature(init).bind(self, *args, **kwargs)
        except TypeError:
            return {}
        config = {}
        for key, value in bound.arguments.items():
            if key == "self" or inspect.signature(init).parameters[key].kind is inspect.Parameter.VAR_KEYWORD:
                continue
            if not _is_plain(value):
                raise NotImplementedError(
                    f"Layer {type(self).__name__} was created by passing non-serializable argument values "
                    "in `__init__()`, and therefore the layer must override `get_config()` in order to be "
                    f"serializable. Please implement `get_config()`. Argument {key!r}: {value!r}"
                )
            config[key] = value
        return config

    # ---- properties of the layer's first call --------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def dynamic(self) -> bool:
        return self._dynamic

    @property
    def activity_regularizer(self):
        return self._activity_regularizer

    @activity_regularizer.setter
    def activity_regularizer(self, value):
        self._activity_regularizer = regularizers.get(value)

    @property
    def inbound_nodes(self) -> list:
        return self._inbound_nodes

    @property
    def outbound_nodes(self) -> list:
        return self._outbound_nodes

    def _node_attribute(self, attribute: str, what: str):
        if not self._inbound_nodes:
            raise AttributeError(
                f"Layer {self.name} is not connected, no {what} to return."
                if what in ("input", "output")
                else f"The layer {self.name!r} has never been called and thus has no defined {what}."
            )
        if len(self._inbound_nodes) > 1 and what.endswith("shape"):
            shapes = {str(getattr(n, attribute)) for n in self._inbound_nodes}
            if len(shapes) > 1:
                raise AttributeError(
                    f'The layer "{self.name}" has multiple inbound nodes with different {what}s. Hence '
                    f"the notion of {what} is ill-defined for the layer."
                )
        return getattr(self._inbound_nodes[0], attribute)

    @property
    def input(self):
        tensors = self._node_attribute("input_tensors", "input")
        return tensors[0] if len(tensors) == 1 else tensors

    @property
    def output(self):
        return self._node_attribute("outputs", "output")

    @property
    def input_shape(self):
        return _as_tuples(self._node_attribute("input_shapes", "input shape"))

    @property
    def output_shape(self):
        return _as_tuples(self._node_attribute("output_shapes", "output shape"))

    @property
    def input_mask(self):
        return nest.map_structure(keras_graph.get_mask, self.input, check_types=False)

    @property
    def output_mask(self):
        return nest.map_structure(keras_graph.get_mask, self.output, check_types=False)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r}>"


# ---- helpers ------------------------------------------------------------------------------------
def _copy_keeping_mask(tensor):
    copy = array_ops.identity(tensor)
    keras_graph.set_mask(copy, keras_graph.get_mask(tensor))
    return copy


def _wrap_build(build):
    def wrapped(self, input_shape=None, *args, **kwargs):
        if (
            input_shape is not None
            and not isinstance(input_shape, TensorShape)
            and _is_shape_tuple(input_shape)
        ):
            input_shape = TensorShape(input_shape)
        if self._build_input_shape is None:
            self._build_input_shape = input_shape
        result = build(self, input_shape, *args, **kwargs)
        self.built = True
        return result

    wrapped.__name__ = build.__name__
    wrapped.__doc__ = build.__doc__
    wrapped._lamina_wrapped = True
    return wrapped


def to_shapes(value):
    """A shape argument as TensorShapes: a tuple of ints (or None) is one shape, other lists, tuples
    and dicts hold several."""
    if isinstance(value, TensorShape) or value is None or _is_shape_tuple(value):
        return TensorShape(value)
    if isinstance(value, dict):
        return {k: to_shapes(v) for k, v in value.items()}
    return type(value)(to_shapes(v) for v in value)


def _is_shape_tuple(value) -> bool:
    return isinstance(value, (list, tuple)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in value
    )


def _batch_input_shape(kwargs):
    if kwargs.get("batch_input_shape") is not None:
        return tuple(kwargs["batch_input_shape"])
    if kwargs.get("input_shape") is not None:
        return (kwargs.get("batch_size"), *tuple(kwargs["input_shape"]))
    if kwargs.get("input_dim") is not None:
        length = kwargs.get("input_length")
        return (
            (kwargs.get("batch_size"), kwargs["input_dim"])
            if length is None
            else (kwargs.get("batch_size"), length, kwargs["input_dim"])
        )
    return None


def _lift_variables() -> bool:
    builder = STATE.builder
    return builder is not None and getattr(builder, "is_function", False)


def _constraint(constraint):
    return None if constraint is None else constraints.get(constraint)


def _dedup(values):
    seen, result = set(), []
    for value in values:
        if id(value) not in seen:
            seen.add(id(value))
            result.append(value)
    return result


def _is_plain(value) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


def _as_tuples(shapes):
    if isinstance(shapes, TensorShape):
        return tuple(shapes.as_list()) if shapes.rank is not None else None
    return [_as_tuples(s) for s in shapes]
