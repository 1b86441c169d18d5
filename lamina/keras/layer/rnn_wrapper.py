"""Layers that wrap another layer: `tf.keras.layers.Wrapper`, `TimeDistributed` (the layer applied
to every time step) and `Bidirectional` (a recurrent layer run forwards and backwards)."""

from __future__ import annotations

import inspect

from lamina._core import nest
from lamina._core.shape import TensorShape
from lamina.keras.layer import layer_serialization
from lamina.keras.layer.base import Layer
from lamina.keras.layer.input_spec import InputSpec
from lamina.keras.layer.rnn_cell import child_scope
from lamina.ops import array_ops, cast_ops, functional_ops, math_ops


class Wrapper(Layer):
    """Base class of layers that wrap one layer (`self.layer`).

    Raises:
      ValueError: `layer` is not a Layer instance.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Please initialize `{type(self).__name__}` layer with a `tf.keras.layers.Layer` instance. "
                f"Received: {layer}"
            )
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None):
        if not self.layer.built:
            self.layer.build(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "layer": layer_serialization.serialize(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = layer_serialization.deserialize(config.pop("layer"), custom_objects)
        return cls(layer, **config)


def _accepts(layer, argument: str) -> bool:
    return argument in inspect.signature(layer.call).parameters


# ---- TimeDistributed ------------------------------------------------------------------------------
class TimeDistributed(Wrapper):
    """Applies `layer` to every time step (axis 1) of its input independently.

    The time axis is folded into the batch (`[batch * time, ...]`), the layer runs once, and the
    result is unfolded; the wrapped layer's weights are shared by all steps (and named
    `time_distributed/kernel:0`, as in Keras).

    Args:
      layer: the layer to apply.

    Raises:
      ValueError: `layer` is not a Layer; an input of rank below 3.
    """

    def __init__(self, layer, **kwargs):
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def _check_rank(self, shape: TensorShape):
        if shape.rank is not None and shape.rank < 3:
            raise ValueError(
                "`TimeDistributed` Layer should be passed an `input_shape ` with at least 3 dimensions, "
                f"received: {tuple(shape.as_list())}"
            )

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        self._check_rank(shape)
        self.input_spec = InputSpec(shape=[None, None, *shape.as_list()[2:]])
        if not self.layer.built:
            self.layer.build(TensorShape([shape[0]]).concatenate(shape[2:]))

    def call(self, inputs, training=None, mask=None):
        self._check_rank(inputs.shape)
        kwargs = {}
        if _accepts(self.layer, "training"):
            kwargs["training"] = training
        dims = inputs.shape.as_list()
        if dims[1] is None and dims[0] is None:
            return self._map_over_time(inputs, mask, kwargs)
        if mask is not None and _accepts(self.layer, "mask"):
            kwargs["mask"] = _fold(mask)
        outputs = self.layer(_fold(inputs), **kwargs)
        return nest.map_structure(lambda y: _unfold(y, dims[0], dims[1]), outputs)

    def _map_over_time(self, inputs, mask, kwargs):
        """Batch and time both unknown (a Keras graph): a loop over the time steps."""
        time_major = _swap(inputs)
        if mask is not None and _accepts(self.layer, "mask"):

            def step(elements):
                return self.layer(elements[0], mask=elements[1], **kwargs)

            outputs = functional_ops.map_fn(step, (time_major, _swap(mask)), fn_output_signature=inputs.dtype)
        else:
            outputs = functional_ops.map_fn(lambda x: self.layer(x, **kwargs), time_major)
        return nest.map_structure(_swap, outputs)

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape)
        self._check_rank(shape)
        inner = self.layer.compute_output_shape(TensorShape([shape[0]]).concatenate(shape[2:]))
        return nest.map_structure(
            lambda s: TensorShape([shape[0], shape[1]]).concatenate(TensorShape(s)[1:]),
            inner,
            check_types=False,
        )

    def compute_mask(self, inputs, mask=None):
        dims = inputs.shape.as_list()
        inner_mask = None
        if dims[0] is not None or dims[1] is not None:
            folded_mask = None if mask is None else _fold(mask)
            inner_mask = self.layer.compute_mask(_fold(inputs), folded_mask)
        if inner_mask is None:
            return mask
        inner_mask = nest.flatten(inner_mask)[0]
        if inner_mask is None:
            return mask
        return _unfold(inner_mask, dims[0], dims[1])


def _fold(tensor):
    """[batch, time, ...] -> [batch * time, ...]."""
    return array_ops.reshape(tensor, (-1, *tensor.shape.as_list()[2:]))


def _unfold(tensor, batch, steps):
    """[batch * time, ...] -> [batch, time, ...] (one of batch and time known)."""
    rest = tensor.shape.as_list()[1:]
    if steps is not None:
        return array_ops.reshape(tensor, (-1, steps, *rest))
    return array_ops.reshape(tensor, (batch, -1, *rest))


def _swap(tensor):
    return array_ops.transpose(tensor, [1, 0, *range(2, tensor.shape.rank)])


# ---- Bidirectional -----------------------------------------------------------------------------------
_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


class Bidirectional(Wrapper):
    """Runs a recurrent layer over the sequence forwards and a copy of it backwards, and merges the
    two outputs (the backward sequence is flipped back so step t of both lines up).

    Args:
      layer: the recurrent layer (an RNN, LSTM, GRU, ...); the forward half is a copy of it named
        `forward_<name>` (built fresh from its config, as in Keras).
      merge_mode: "concat" (default), "sum", "mul", "ave", or None (return both outputs as a list).
      weights: initial weights (forward half first).
      backward_layer: the backward half (default: a copy of `layer` with `go_backwards` flipped);
        it must differ from `layer` in `go_backwards` and agree in `return_sequences` and
        `return_state`.

    Call arguments: inputs, training, mask, initial_state (the forward states then the backward
    ones), constants.

    Raises:
      ValueError: a merge mode other than these; a layer without `go_backwards`; a backward layer
        that does not match.
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Please initialize `Bidirectional` layer with a `tf.keras.layers.Layer` instance. "
                f"Received: {layer}"
            )
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                f"`backward_layer` need to be a `tf.keras.layers.Layer` instance. Received: {backward_layer}"
            )
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                '{"sum", "mul", "ave", "concat", None}'
            )
        if not hasattr(layer, "go_backwards"):
            raise ValueError(
                f"`Bidirectional` needs a recurrent layer (one with `go_backwards`). Received: layer={layer}"
            )
        super().__init__(layer, **kwargs)
        self._backward_layer_config = None
        self.forward_layer = _copy(layer, "forward_" + layer.name)
        if backward_layer is None:
            self.backward_layer = _copy(layer, "backward_" + layer.name, go_backwards=not layer.go_backwards)
        else:
            self._backward_layer_config = layer_serialization.serialize(backward_layer)
            self.backward_layer = backward_layer
            self.backward_layer._name = "backward_" + backward_layer.name
        _check_halves(self.forward_layer, self.backward_layer)
        self.merge_mode = merge_mode
        if weights is not None:
            self._initial_weights = list(weights)
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.stateful = layer.stateful
        self.supports_masking = True
        self.input_spec = layer.input_spec
        for half in (self.forward_layer, self.backward_layer):
            half.zero_output_for_mask = self.return_sequences

    def build(self, input_shape):
        # Weights are named <name>/forward_<layer>/<cell>/... and <name>/backward_<layer>/...
        for half in (self.forward_layer, self.backward_layer):
            if not half.built:
                with child_scope(half.name):
                    half.build(input_shape)

    def call(self, inputs, training=None, mask=None, initial_state=None, constants=None):
        kwargs = {}
        if _accepts(self.forward_layer, "training"):
            kwargs["training"] = training
        if mask is not None:
            kwargs["mask"] = mask
        if constants is not None:
            kwargs["constants"] = constants
        forward_kwargs, backward_kwargs = dict(kwargs), dict(kwargs)
        if initial_state is not None:
            states = list(nest.flatten(initial_state)) if nest.is_nested(initial_state) else [initial_state]
            if len(states) % 2:
                raise ValueError(
                    "When passing `initial_state` to a Bidirectional RNN, the state should be a list "
                    f"containing the states of the underlying RNNs. Received: {initial_state}"
                )
            half = len(states) // 2
            forward_kwargs["initial_state"], backward_kwargs["initial_state"] = states[:half], states[half:]
        forward = self.forward_layer(inputs, **forward_kwargs)
        backward = self.backward_layer(inputs, **backward_kwargs)
        forward_states = backward_states = []
        if self.return_state:
            forward, forward_states = forward[0], list(forward[1:])
            backward, backward_states = backward[0], list(backward[1:])
        if self.return_sequences:
            time_axis = 0 if getattr(self.forward_layer, "time_major", False) else 1
            backward = array_ops.reverse(backward, [time_axis])
        outputs = self._merge(forward, backward)
        if self.return_state:
            leading = outputs if self.merge_mode is None else [outputs]
            return leading + forward_states + backward_states
        return outputs

    def _merge(self, forward, backward):
        mode = self.merge_mode
        if mode == "concat":
            return array_ops.concat([forward, backward], axis=-1)
        if mode == "sum":
            return math_ops.add(forward, backward)
        if mode == "ave":
            return math_ops.multiply(math_ops.add(forward, backward), 0.5)
        if mode == "mul":
            return math_ops.multiply(forward, backward)
        return [forward, backward]

    def reset_states(self, states=None):
        """Resets both halves' states (`states`: the forward ones, then the backward ones)."""
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        if states is None:
            self.forward_layer.reset_states()
            self.backward_layer.reset_states()
            return
        half = len(states) // 2
        self.forward_layer.reset_states(states[:half])
        self.backward_layer.reset_states(states[half:])

    def compute_output_shape(self, input_shape):
        forward = self.forward_layer.compute_output_shape(input_shape)
        backward = self.backward_layer.compute_output_shape(input_shape)
        states = []
        if self.return_state:
            states = list(forward[1:]) + list(backward[1:])
            forward, backward = forward[0], backward[0]
        forward, backward = TensorShape(forward), TensorShape(backward)
        if self.merge_mode == "concat":
            last = None if forward[-1] is None or backward[-1] is None else forward[-1] + backward[-1]
            outputs = [forward[:-1].concatenate([last])]
        elif self.merge_mode is None:
            outputs = [forward, backward]
        else:
            outputs = [forward]
        if not self.return_state:
            return outputs[0] if len(outputs) == 1 else outputs
        return outputs + states

    def compute_mask(self, inputs, mask=None):
        if nest.is_nested(mask):
            mask = nest.flatten(mask)[0]
        if mask is not None and mask.dtype.name != "bool":
            mask = cast_ops.cast(mask, "bool")
        output_mask = mask if self.return_sequences else None
        output_masks = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            num_states = len(self.forward_layer.states) * 2
            return output_masks + [None] * num_states
        return output_masks[0] if len(output_masks) == 1 else output_masks

    def get_config(self) -> dict:
        config = {**super().get_config(), "merge_mode": self.merge_mode}
        if self._backward_layer_config is not None:
            config["backward_layer"] = self._backward_layer_config
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = layer_serialization.deserialize(config.pop("layer"), custom_objects)
        backward = config.pop("backward_layer", None)
        if backward is not None:
            backward = layer_serialization.deserialize(backward, custom_objects)
        return cls(layer, backward_layer=backward, **config)


def _copy(layer, name: str, **changes):
    config = {**layer.get_config(), "name": name, **changes}
    return type(layer).from_config(config)


def _check_halves(forward, backward):
    if forward.go_backwards == backward.go_backwards:
        raise ValueError(
            "Forward layer and backward layer should have different `go_backwards` value."
            f"forward_layer.go_backwards = {forward.go_backwards},"
            f"backward_layer.go_backwards = {backward.go_backwards}"
        )
    for attribute in ("stateful", "return_sequences", "return_state"):
        forward_value, backward_value = getattr(forward, attribute), getattr(backward, attribute)
        if forward_value != backward_value:
            raise ValueError(
                "Forward layer and backward layer are expected to have the same value for attribute "
                f'"{attribute}", got "{forward_value}" for forward layer and "{backward_value}" for backward '
                "layer"
            )
