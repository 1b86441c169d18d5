"""Recurrent cells: one time step of a recurrent layer (`tf.keras.layers.SimpleRNNCell`, `LSTMCell`,
`GRUCell`, `StackedRNNCells`).

A cell's `call(inputs, states, training=None)` maps one step's inputs `[batch, features]` and the
previous states to `(output, new_states)`; `state_size` and `output_size` describe the states and
the output. `tf.keras.layers.RNN` runs a cell over time (lamina/keras/layer/rnn.py).

Dropout in a cell uses one mask per sequence, not per step (Keras's rule): the RNN layer asks the
cell to draw its masks before the time loop (`prepare_dropout`) and to drop them after it, so every
step reuses them and the loop body stays free of random ops. A cell called on its own draws fresh
masks each call.
"""

from __future__ import annotations

import contextlib
import inspect
import numbers

from lamina._core import nest
from lamina._core.context import STATE
from lamina._core.convert import convert_to_tensor
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina.keras import activation as activations
from lamina.keras import constraint as constraints
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.layer import layer_serialization
from lamina.keras.layer.base import Layer
from lamina.ops import array_ops, cast_ops, creation_ops, linalg_ops, math_ops, nn_ops, reduction_ops


# ---- helpers shared by the cells and the RNN layer ----------------------------------------------------
@contextlib.contextmanager
def child_scope(name: str):
    """Names the weights a parent layer builds for its child `<parent>/<child>/<weight>`, as Keras
    does (a plain name scope in a graph would make the child's name unique instead)."""
    saved = STATE.name_scope
    STATE.name_scope = [*saved, name]
    try:
        yield
    finally:
        STATE.name_scope = saved


def batch_zeros(reference, tail, dtype):
    """Zeros of shape `[batch, *tail]` where `batch` is the first dimension of `reference`. With an
    unknown batch size (a Keras graph), the zeros are derived from `reference` so the shape follows
    it (XLA shapes are static: a zeros op cannot take a size computed at run time)."""
    tail = tuple(int(d) for d in tail)
    batch = reference.shape[0] if reference.shape.rank else None
    if batch is not None:
        return creation_ops.zeros((batch, *tail), dtype=dtype)
    column = cast_ops.cast(creation_ops.zeros_like(reference), dtype)
    if reference.shape.rank > 1:
        column = reduction_ops.reduce_sum(column, axis=list(range(1, reference.shape.rank)))
    column = array_ops.reshape(column, (-1, *([1] * len(tail))))
    return array_ops.tile(column, (1, *tail)) if tail else column


def check_units(units, name: str = "units") -> int:
    """`units` as a positive int.

    Raises:
      ValueError: anything else (Keras's message).
    """
    if isinstance(units, bool) or not isinstance(units, numbers.Integral) or units <= 0:
        raise ValueError(
            f"Received an invalid value for argument `{name}`, expected a positive integer, got {units}."
        )
    return int(units)


def clamp_rate(rate) -> float:
    """A dropout rate clipped to [0, 1], as Keras's recurrent cells store it."""
    return min(1.0, max(0.0, float(rate)))


def state_list(states) -> list:
    """A cell's `states` argument as a list of tensors (a single tensor is one state)."""
    flat = nest.flatten(states) if nest.is_nested(states) else [states]
    return [s if isinstance(s, Tensor) else convert_to_tensor(s) for s in flat]


def same_form(states, new_states: list):
    """`new_states` as a list when the cell was given a list of states, else as one tensor."""
    return new_states if nest.is_nested(states) else new_states[0]


def _apply(activation, x):
    return x if activation is None else activation(x)


# ---- the base class of user cells ---------------------------------------------------------------------
class AbstractRNNCell(Layer):
    """Base class for RNN cells written by users: subclasses define `call(inputs, states)`
    returning `(output, new_states)`, and the properties `state_size` and `output_size`. The
    initial state is zeros of `state_size` unless `get_initial_state` is overridden.
    """

    def call(self, inputs, states):
        raise NotImplementedError(f"{type(self).__name__} must define `call(inputs, states)`.")

    @property
    def state_size(self):
        raise NotImplementedError(f"{type(self).__name__} must define the property `state_size`.")

    @property
    def output_size(self):
        raise NotImplementedError(f"{type(self).__name__} must define the property `output_size`.")

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """Zero states: `[batch, *size]` for each size in `state_size`, the batch size from
        `inputs` (one step's inputs) or `batch_size`."""
        if inputs is None:
            if batch_size is None:
                raise ValueError("get_initial_state needs `inputs` or `batch_size`.")
            inputs = creation_ops.zeros((int(batch_size), 1), dtype=dtype or self.compute_dtype)
        return zero_states(self.state_size, inputs, dtype or inputs.dtype)


# ---- the shared part of the built-in cells ------------------------------------------------------------
class DropoutRNNCell(Layer):
    """What SimpleRNNCell, LSTMCell, GRUCell and ConvLSTMCell share: their weight arguments, their
    dropout masks (one per sequence, see the module docstring) and the common config."""

    def __init__(
        self,
        activation,
        use_bias,
        kernel_initializer,
        recurrent_initializer,
        bias_initializer,
        kernel_regularizer,
        recurrent_regularizer,
        bias_regularizer,
        kernel_constraint,
        recurrent_constraint,
        bias_constraint,
        dropout,
        recurrent_dropout,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = clamp_rate(dropout)
        self.recurrent_dropout = clamp_rate(recurrent_dropout)
        self._prepared_masks = None

    # ---- weights
    def _add_kernels(self, kernel_shape, recurrent_shape):
        self.kernel = self.add_weight(
            shape=kernel_shape, name="kernel", initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
        )  # fmt: skip
        self.recurrent_kernel = self.add_weight(
            shape=recurrent_shape, name="recurrent_kernel", initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint,
        )  # fmt: skip

    def _add_bias(self, shape, initializer=None):
        if not self.use_bias:
            self.bias = None
            return
        self.bias = self.add_weight(
            shape=shape, name="bias", initializer=initializer or self.bias_initializer,
            regularizer=self.bias_regularizer, constraint=self.bias_constraint,
        )  # fmt: skip

    # ---- dropout masks
    def _recurrent_tail(self) -> tuple:
        """The shape of one recurrent state without the batch dimension."""
        return (self.units,)

    def _draw_masks(self, inputs, training):
        if not training:
            return None, None
        input_mask = recurrent_mask = None  # a rate of 1 fails in nn.dropout, as in Keras
        if self.dropout > 0:
            input_mask = nn_ops.dropout(creation_ops.ones_like(inputs), self.dropout)
        if self.recurrent_dropout > 0:
            zeros = nest.flatten(self.get_initial_state(inputs=inputs, dtype=inputs.dtype))[0]
            ones = math_ops.add(zeros, 1.0)
            recurrent_mask = nn_ops.dropout(ones, self.recurrent_dropout)
        return input_mask, recurrent_mask

    def prepare_dropout(self, inputs, training):
        """Draws this sequence's masks for step inputs shaped like `inputs` (called by the RNN layer
        before its time loop)."""
        self._prepared_masks = self._draw_masks(inputs, training)

    def clear_dropout(self):
        self._prepared_masks = None

    def _dropout_masks(self, inputs, training):
        if self._prepared_masks is not None:
            return self._prepared_masks
        return self._draw_masks(inputs, training)

    # ---- config
    def _weight_config(self) -> dict:
        return {
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
        }

    def _regularizer_config(self) -> dict:
        return {
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
        }

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """Zero states: one `[batch, *state]` tensor per state (the batch from `inputs` or
        `batch_size`)."""
        dtype = dtype or (inputs.dtype if inputs is not None else self.compute_dtype)
        if inputs is None:
            if batch_size is None:
                raise ValueError("get_initial_state needs `inputs` or `batch_size`.")
            inputs = creation_ops.zeros((int(batch_size), 1), dtype=dtype)
        zeros = [batch_zeros(inputs, self._recurrent_tail(), dtype) for _ in nest.flatten(self.state_size)]
        return zeros if nest.is_nested(self.state_size) else zeros[0]


def _mask(x, mask):
    return x if mask is None else math_ops.multiply(x, mask)


def _matmul(x, kernel):
    return linalg_ops.matmul(x, kernel)


# ---- SimpleRNNCell ------------------------------------------------------------------------------------
class SimpleRNNCell(DropoutRNNCell):
    """One step of a fully connected RNN: `h = activation(x @ kernel + h_prev @ recurrent_kernel + bias)`.

    Args:
      units: the state (and output) size, a positive integer.
      activation (default tanh), use_bias, kernel_initializer, recurrent_initializer,
      bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer,
      kernel_constraint, recurrent_constraint, bias_constraint: for the weights `kernel`
        `[input_dim, units]`, `recurrent_kernel` `[units, units]` and `bias` `[units]`.
      dropout, recurrent_dropout: fractions of the inputs / previous state dropped in training
        (clipped to [0, 1]).

    Raises:
      ValueError: units that are not a positive integer.
    """

    def __init__(
        self,
        units,
        activation="tanh",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        **kwargs,
    ):
        units = check_units(units)
        super().__init__(
            activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
            kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
            recurrent_constraint, bias_constraint, dropout, recurrent_dropout, **kwargs,
        )  # fmt: skip
        self.units = units
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        input_dim = TensorShape(input_shape)[-1]
        self._add_kernels((input_dim, self.units), (self.units, self.units))
        self._add_bias((self.units,))

    def call(self, inputs, states, training=None):
        previous = state_list(states)[0]
        input_mask, recurrent_mask = self._dropout_masks(inputs, training)
        h = _matmul(_mask(inputs, input_mask), self.kernel)
        if self.bias is not None:
            h = nn_ops.bias_add(h, self.bias)
        output = math_ops.add(h, _matmul(_mask(previous, recurrent_mask), self.recurrent_kernel))
        output = _apply(self.activation, output)
        return output, same_form(states, [output])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            **self._weight_config(),
            **self._regularizer_config(),
        }


# ---- StackedRNNCells ----------------------------------------------------------------------------------
class StackedRNNCells(Layer):
    """Several cells run as one: each step feeds the output of one cell to the next.

    Args:
      cells: a list of cells (objects with `call(inputs, states)` and `state_size`).

    The states are nested: one entry per cell, in order (`state_size` is the tuple of the cells'
    state sizes).

    Raises:
      ValueError: an object in `cells` that is not a cell.
    """

    def __init__(self, cells, **kwargs):
        kwargs.pop("reverse_state_order", None)
        super().__init__(**kwargs)
        cells = list(cells)
        for cell in cells:
            if not hasattr(cell, "call"):
                raise ValueError(
                    f"All cells must have a `call` method. Received cell without a `call` method: {cell}"
                )
            if not hasattr(cell, "state_size"):
                raise ValueError(
                    "All cells must have a `state_size` attribute. Received cell without a `state_size`: "
                    f"{cell}"
                )
        self.cells = cells

    @property
    def state_size(self):
        return tuple(cell.state_size for cell in self.cells)

    @property
    def output_size(self):
        return output_size_of(self.cells[-1])

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                with child_scope(cell.name):
                    cell.build(shape)
            size = output_size_of(cell)
            shape = TensorShape([shape[0]]).concatenate(TensorShape(size))

    def call(self, inputs, states, constants=None, training=None, **kwargs):
        per_cell = nest.pack_sequence_as(self.state_size, nest.flatten(states))
        new_states = []
        for cell, cell_states in zip(self.cells, per_cell):
            cell_states = cell_states if nest.is_nested(cell_states) else [cell_states]
            given = constants if "constants" in inspect.signature(cell.call).parameters else None
            inputs, cell_new = cell_caller(cell, training, given)(inputs, cell_states)
            new_states.append(cell_new)
        return inputs, nest.pack_sequence_as(self.state_size, nest.flatten(new_states))

    def prepare_dropout(self, inputs, training):
        for cell in self.cells:
            if hasattr(cell, "prepare_dropout"):
                cell.prepare_dropout(inputs, training)
            inputs = batch_zeros(inputs, TensorShape(output_size_of(cell)).as_list(), inputs.dtype)

    def clear_dropout(self):
        for cell in self.cells:
            if hasattr(cell, "clear_dropout"):
                cell.clear_dropout()

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        if inputs is None:
            inputs = creation_ops.zeros((int(batch_size), 1), dtype=dtype or self.compute_dtype)
        return tuple(initial_state_of(cell, inputs, dtype or inputs.dtype) for cell in self.cells)

    def get_config(self) -> dict:
        return {**super().get_config(), "cells": [layer_serialization.serialize(c) for c in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cells = [layer_serialization.deserialize(c, custom_objects) for c in config.pop("cells")]
        return cls(cells, **config)


# ---- running one cell step ---------------------------------------------------------------------------
def output_size_of(cell):
    """The cell's `output_size`, else the size of its first state (Keras's fallback)."""
    size = getattr(cell, "output_size", None)
    if size is not None:
        return size
    state_size = cell.state_size
    return nest.flatten(state_size)[0] if nest.is_nested(state_size) else state_size


def initial_state_of(cell, reference, dtype):
    """The cell's initial states for a batch like `reference` (one step's inputs): zeros, or what
    a custom cell's own `get_initial_state(inputs=None, batch_size=..., dtype=...)` returns."""
    getter = getattr(type(cell), "get_initial_state", None)
    if getter is None:
        return zero_states(cell.state_size, reference, dtype)
    if getter.__module__.startswith("lamina."):  # ours: the batch comes from the step's inputs
        return cell.get_initial_state(inputs=reference, dtype=dtype)
    batch = reference.shape[0]
    if batch is None:
        batch = array_ops.shape(reference)[0]
    return cell.get_initial_state(inputs=None, batch_size=batch, dtype=dtype)


def zero_states(state_size, reference, dtype):
    """Zeros for each state of `state_size`, with the batch size of `reference`."""
    zeros = [
        batch_zeros(reference, TensorShape(size).as_list(), dtype) for size in flat_state_sizes(state_size)
    ]
    return zeros if nest.is_nested(state_size) else zeros[0]


def flat_state_sizes(state_size) -> list:
    """The size of each state, flattened (an int or a TensorShape is one state)."""
    if isinstance(state_size, TensorShape):
        return [state_size]
    return nest.flatten(state_size) if nest.is_nested(state_size) else [state_size]


def cell_caller(cell, training=None, constants=None):
    """`(inputs, states) -> (output, new_states)`: `cell.call` with `training` and `constants` when
    its call takes them (looked up once, not at every step).

    Raises:
      ValueError: constants for a cell whose call does not take them.
    """
    parameters = inspect.signature(cell.call).parameters
    kwargs = {}
    if "training" in parameters:
        kwargs["training"] = training
    if constants is not None:
        if "constants" not in parameters:
            raise ValueError(
                f"RNN cell {cell!r} does not support constants (its `call` has no `constants` argument)."
            )
        kwargs["constants"] = constants
    return lambda inputs, states: cell.call(inputs, states, **kwargs)
