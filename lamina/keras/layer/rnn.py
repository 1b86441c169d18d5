"""`tf.keras.layers.RNN`: runs a recurrent cell over the time axis of a sequence.

The time loop is `tf.scan` (or `tf.foldl` when only the last output is needed) over the inputs laid
out time-major: eagerly it is a Python loop over the steps, as in TensorFlow, and inside a
`tf.function` or a Keras graph it is one op that lowers to one `lax.scan`, so a whole sequence is a
single XLA loop. `unroll=True` writes the steps out in Python instead (a fixed number of steps).

The loop carries the previous output and the flat list of states. A mask (from the `mask`
argument or a Keras mask) keeps the previous output and states at masked steps; layers that need
zeros there instead (the halves of `Bidirectional` with `return_sequences`) set
`zero_output_for_mask`. A stateful layer keeps its states in Variables that each call starts from
and writes back; `reset_states` sets them to zeros or given values.
"""

from __future__ import annotations

import numpy as np

from lamina._core import nest
from lamina._core.convert import convert_to_tensor
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina._core.variables import Variable
from lamina.keras.layer import layer_serialization
from lamina.keras.layer.base import Layer
from lamina.keras.layer.input_spec import InputSpec
from lamina.keras.layer.rnn_cell import (
    StackedRNNCells,
    batch_zeros,
    cell_caller,
    child_scope,
    flat_state_sizes,
    initial_state_of,
    output_size_of,
)
from lamina.ops import array_ops, cast_ops, functional_ops, indexing_ops


class RNN(Layer):
    """Base class for recurrent layers: applies `cell` at every time step of its input.

    Args:
      cell: a cell (an object with `call(inputs, states)` and `state_size`, optionally
        `output_size` and `get_initial_state`) or a list of cells (stacked).
      return_sequences: return the output of every step (`[batch, time, ...]`) instead of the last.
      return_state: also return the final states (a list: output, then the states).
      go_backwards: process the sequence from its last step to its first (the returned sequence is
        in that order too).
      stateful: start each call from the states the previous call ended with (needs a fixed
        batch size; `reset_states` zeroes them).
      unroll: write the loop out in Python (a fixed number of time steps).
      time_major: inputs and outputs are `[time, batch, ...]`.

    Call arguments: `inputs`, `mask` (`[batch, time]` booleans), `training`, `initial_state` (a
    list of tensors, one per state), `constants` (passed to cells whose `call` takes them).

    Raises:
      ValueError: a cell without `call` or `state_size`; a stateful layer with an unknown batch
        size; initial states that do not match the cell's states; unroll with an unknown number of
        steps.
    """

    _TRACKING_EXCLUDED = Layer._TRACKING_EXCLUDED | {"_state_variables"}

    def __init__(
        self,
        cell,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        time_major=False,
        **kwargs,
    ):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not callable(getattr(cell, "call", None)):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        if not hasattr(cell, "state_size"):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute (tuple of integers, one integer per RNN "
                f"state). Received: cell={cell}"
            )
        zero_output_for_mask = kwargs.pop("zero_output_for_mask", False)
        kwargs.pop("num_constants", None)
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.time_major = bool(time_major)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=3)
        self._state_variables = None

    # ---- calling ---------------------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        # `layer([x, h0, c0])` is `layer(x, initial_state=[h0, c0])`, as in Keras.
        if args and isinstance(args[0], (list, tuple)) and kwargs.get("initial_state") is None:
            inputs = list(args[0])
            if len(inputs) > 1:
                kwargs["initial_state"] = inputs[1:]
            args = (inputs[0], *args[1:])
        return super().__call__(*args, **kwargs)

    def build(self, input_shape):
        shape = _sequence_shape(input_shape)
        batch = shape[1] if self.time_major else shape[0]
        step_shape = TensorShape([batch]).concatenate(shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            with child_scope(self.cell.name):
                self.cell.build(step_shape)
        features = shape[2:].as_list()
        if self.stateful:
            if batch is None:
                raise ValueError(_STATEFUL_BATCH_MESSAGE)
            spec_shape = (None, batch, *features) if self.time_major else (batch, None, *features)
            self.input_spec = InputSpec(shape=spec_shape)
            self._create_state_variables(batch)
        elif all(d is not None for d in features):
            self.input_spec = InputSpec(shape=(None, None, *features))

    def call(self, inputs, mask=None, training=None, initial_state=None, constants=None):
        if nest.is_nested(inputs):
            raise ValueError(
                "lamina's RNN layers take one input tensor (nested inputs are not supported). Received: "
                f"inputs={inputs}"
            )
        mask = _first_mask(mask)
        steps = inputs.shape[0 if self.time_major else 1]
        if self.unroll and steps is None:
            raise ValueError("Unrolling requires a fixed number of timesteps.")
        sequence = inputs if self.time_major else _swap_batch_time(inputs)
        mask = None if mask is None else (mask if self.time_major else _swap_batch_time(mask))
        if self.go_backwards:
            sequence = array_ops.reverse(sequence, [0])
            mask = None if mask is None else array_ops.reverse(mask, [0])
        reference = sequence[0]
        initial = [_cast_float(s, reference.dtype) for s in self._initial_states(reference, initial_state)]
        prepare = getattr(self.cell, "prepare_dropout", None)
        if prepare is not None:
            prepare(reference, training)
        try:
            last_output, outputs, final = self._run(sequence, mask, initial, reference, training, constants)
        finally:
            clear = getattr(self.cell, "clear_dropout", None)
            if clear is not None:
                clear()
        if self.stateful:
            for variable, value in zip(self._state_variables, final):
                variable.assign(_cast_float(value, variable.dtype))
        if self.return_sequences:
            output = outputs if self.time_major else _swap_batch_time(outputs)
        else:
            output = last_output
        if self.return_state:
            return [output, *self._pack_states(final)]
        return output

    # ---- the time loop --------------------------------------------------------------------------------
    def _run(self, sequence, mask, initial, reference, training, constants):
        """(last output, outputs [time, batch, ...] or None, final flat states)."""
        zero_output = self._zero_output(reference, initial)
        cell = self.cell
        call_cell = cell_caller(cell, training, constants)

        def step(carry, elements):
            previous_output, states = carry[0], list(carry[1:])
            output, new_states = call_cell(elements[0], self._pack_states(states))
            new_states = [_as_tensor(s) for s in nest.flatten(new_states)]
            if len(new_states) != len(states):
                raise ValueError(
                    f"The RNN cell returned {len(new_states)} states, but its `state_size` describes "
                    f"{len(states)}: {cell.state_size}"
                )
            if mask is not None:
                keep = elements[1]
                output = _select(keep, output, zero_output if self.zero_output_for_mask else previous_output)
                new_states = [_select(keep, new, old) for new, old in zip(new_states, states)]
            return (output, *new_states)

        carry = (zero_output, *initial)
        elements = (sequence,) if mask is None else (sequence, mask)
        if self.unroll:
            return self._unrolled(step, carry, elements)
        if self.return_sequences:
            stacked = functional_ops.scan(step, elements, initializer=carry)
            return stacked[0][-1], stacked[0], [s[-1] for s in stacked[1:]]
        final = functional_ops.foldl(step, elements, initializer=carry)
        return final[0], None, list(final[1:])

    def _zero_output(self, reference, initial):
        """Zeros shaped like one step's output (the output before the first step)."""
        return batch_zeros(reference, _tail(output_size_of(self.cell)), reference.dtype)

    def _unrolled(self, step, carry, elements):
        columns = [array_ops.unstack(e) for e in elements]
        outputs = []
        for t in range(len(columns[0])):
            carry = step(carry, tuple(column[t] for column in columns))
            outputs.append(carry[0])
        stacked = array_ops.stack(outputs) if self.return_sequences else None
        return carry[0], stacked, list(carry[1:])

    # ---- states ---------------------------------------------------------------------------------
    def _flat_state_sizes(self) -> list:
        return flat_state_sizes(self.cell.state_size)

    def _state_tails(self) -> list:
        """Each state's dimensions after the batch."""
        return [_tail(size) for size in self._flat_state_sizes()]

    def _pack_states(self, flat: list) -> list:
        """Flat states in the cell's structure (a cell with one state gets a list of one)."""
        state_size = self.cell.state_size
        if isinstance(state_size, TensorShape) or not nest.is_nested(state_size):
            return [flat[0]]
        return list(nest.pack_sequence_as(state_size, list(flat)))

    def get_initial_state(self, inputs):
        """The states a call on `inputs` (a full sequence) starts from when none are given."""
        inputs = _as_tensor(inputs)
        reference = inputs[:, 0] if not self.time_major else inputs[0]
        states = initial_state_of(self.cell, reference, self.compute_dtype or reference.dtype)
        return self._pack_states([_as_tensor(s) for s in nest.flatten(states)])

    def _initial_states(self, reference, initial_state) -> list:
        if initial_state is None:
            if self.stateful:
                return [variable.read_value() for variable in self._state_variables]
            states = initial_state_of(self.cell, reference, self.compute_dtype or reference.dtype)
            return [_as_tensor(s) for s in nest.flatten(states)]
        given = [_as_tensor(s) for s in nest.flatten(initial_state)]
        tails = self._state_tails()
        if len(given) != len(tails):
            raise ValueError(
                f"Layer has {len(tails)} states but was passed {len(given)} initial states. Received: "
                f"initial_state={initial_state}"
            )
        for state, tail in zip(given, tails):
            if not TensorShape(state.shape[1:]).is_compatible_with(TensorShape(tail)):
                raise ValueError(
                    "An `initial_state` was passed that is not compatible with `cell.state_size`. Received "
                    f"initial state shapes {[tuple(s.shape) for s in given]}; however `cell.state_size` is "
                    f"{self.cell.state_size}"
                )
        return given

    def _create_state_variables(self, batch: int):
        dtype = self.variable_dtype or "float32"
        self._state_variables = [
            Variable(np.zeros((batch, *tail), dtype=np.dtype(dtype)), trainable=False, name="Variable")
            for tail in self._state_tails()
        ]

    @property
    def states(self) -> list:
        """The state Variables of a stateful layer (None for each state otherwise)."""
        if self._state_variables is None:
            return [None] * len(self._flat_state_sizes())
        return list(self._state_variables)

    def reset_states(self, states=None):
        """Sets a stateful layer's states to zeros, or to `states` (one array per state).

        Raises:
          AttributeError: the layer is not stateful.
          ValueError: the batch size is unknown, or `states` do not match the states.
        """
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        if self._state_variables is None:
            raise ValueError(_STATEFUL_BATCH_MESSAGE)
        if states is None:
            for variable in self._state_variables:
                variable.assign(np.zeros(variable.shape.as_list(), variable.dtype.as_numpy_dtype))
            return
        values = nest.flatten(states) if nest.is_nested(states) else [states]
        if len(values) != len(self._state_variables):
            raise ValueError(
                f"Layer {self.name} expects {len(self._state_variables)} states, but it received "
                f"{len(values)} state values. States received: {states}"
            )
        for index, (variable, value) in enumerate(zip(self._state_variables, values)):
            value = np.asarray(value.numpy() if isinstance(value, (Tensor, Variable)) else value)
            expected = tuple(variable.shape.as_list())
            if value.shape != expected:
                raise ValueError(
                    f"State {index} is incompatible with layer {self.name}: expected shape={expected} but "
                    f"found shape={value.shape}"
                )
            variable.assign(value.astype(variable.dtype.as_numpy_dtype))

    # ---- shapes, masks, config ----------------------------------------------------------------------
    def compute_output_shape(self, input_shape):
        shape = _sequence_shape(input_shape)
        batch, steps = (shape[1], shape[0]) if self.time_major else (shape[0], shape[1])
        output_tail = _tail(output_size_of(self.cell))
        if self.return_sequences:
            leading = [steps, batch] if self.time_major else [batch, steps]
            output = TensorShape([*leading, *output_tail])
        else:
            output = TensorShape([batch, *output_tail])
        if not self.return_state:
            return output
        return [output, *[TensorShape([batch, *tail]) for tail in self._state_tails()]]

    def compute_mask(self, inputs, mask=None):
        mask = _first_mask(mask)
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self._flat_state_sizes())
        return output_mask

    def _rnn_config(self) -> dict:
        config = {
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "time_major": self.time_major,
        }
        if self.zero_output_for_mask:
            config["zero_output_for_mask"] = True
        return config

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            **self._rnn_config(),
            "cell": layer_serialization.serialize(self.cell),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cell = layer_serialization.deserialize(config.pop("cell"), custom_objects)
        return cls(cell, **config)


_STATEFUL_BATCH_MESSAGE = (
    "If a RNN is stateful, it needs to know its batch size. Specify the batch size of your input tensors: \n"
    "- If using a Sequential model, specify the batch size by passing a `batch_input_shape` argument to your "
    "first layer.\n- If using the functional API, specify the batch size by passing a `batch_shape` argument "
    "to your Input layer."
)


# ---- helpers ---------------------------------------------------------------------------------------
def _sequence_shape(input_shape) -> TensorShape:
    if isinstance(input_shape, (list, tuple)) and input_shape and not _is_dims(input_shape):
        input_shape = input_shape[0]
    shape = TensorShape(input_shape)
    if shape.rank is not None and shape.rank < 3:
        raise ValueError(f"Shape {tuple(shape.as_list())} must have rank at least 3")
    return shape


def _is_dims(value) -> bool:
    return all(d is None or isinstance(d, (int, np.integer)) for d in value)


def _tail(size) -> list:
    """A state or output size (an int or a shape) as the dimensions after the batch."""
    if isinstance(size, (int, np.integer)):
        return [int(size)]
    return TensorShape(size).as_list()


def _first_mask(mask):
    if nest.is_nested(mask):
        mask = nest.flatten(mask)[0]
    if mask is None:
        return None
    mask = _as_tensor(mask)
    return mask if mask.dtype.name == "bool" else cast_ops.cast(mask, "bool")


def _swap_batch_time(tensor):
    rank = tensor.shape.rank
    return array_ops.transpose(tensor, [1, 0, *range(2, rank)])


def _select(keep, new, old):
    """`new` where `keep` (one bool per batch row) is True, else `old`."""
    keep = array_ops.reshape(keep, (-1, *([1] * (new.shape.rank - 1))))
    return indexing_ops.where(keep, new, old)


def _cast_float(tensor, dtype):
    """A floating state in `dtype` (states follow the compute dtype under mixed precision)."""
    if tensor.dtype.is_floating and tensor.dtype != dtype:
        return cast_ops.cast(tensor, dtype)
    return tensor


def _as_tensor(value):
    if isinstance(value, Variable):
        return value.read_value()
    return value if isinstance(value, Tensor) else convert_to_tensor(value)
