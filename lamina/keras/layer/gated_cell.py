"""The gated recurrent cells: `tf.keras.layers.LSTMCell` and `tf.keras.layers.GRUCell`.

Both compute every gate from one matmul of the inputs and one of the state (the weights of the
gates sit side by side in `kernel` and `recurrent_kernel`, in Keras's order: LSTM i, f, c, o; GRU
z, r, h), then split. `implementation` (1 or 2 in Keras, a choice between many small matmuls and a
few large ones) is accepted and kept in the config; XLA fuses either way, so lamina runs one form.
"""

from __future__ import annotations

from lamina._core.shape import TensorShape
from lamina.keras import activation as activations
from lamina.keras.layer.rnn_cell import (
    DropoutRNNCell,
    _apply,
    _mask,
    _matmul,
    check_units,
    same_form,
    state_list,
)
from lamina.ops import array_ops, creation_ops, math_ops, nn_ops


class _UnitForgetBias:
    """The LSTM bias initializer with `unit_forget_bias`: the forget gate's part is ones, the rest
    comes from the bias initializer."""

    def __init__(self, initializer, units):
        self.initializer, self.units = initializer, units

    def __call__(self, shape, dtype=None, **kwargs):
        units = self.units
        return array_ops.concat(
            [
                self.initializer((units,), dtype=dtype),
                creation_ops.ones((units,), dtype=dtype),
                self.initializer((units * 2,), dtype=dtype),
            ],
            axis=0,
        )


class LSTMCell(DropoutRNNCell):
    """One step of a long short-term memory network (Hochreiter & Schmidhuber, 1997).

    With `z = x @ kernel + h @ recurrent_kernel + bias` split into four parts:
    `i, f, o = recurrent_activation(z_i, z_f, z_o)`, `c' = f * c + i * activation(z_c)` and
    `h' = o * activation(c')`. The states are `[h, c]`; the output is `h'`.

    Args:
      units: the state size, a positive integer.
      activation (default tanh), recurrent_activation (default sigmoid), use_bias,
      kernel_initializer, recurrent_initializer, bias_initializer, unit_forget_bias (initialize the
        forget gate's bias to 1), kernel_regularizer, recurrent_regularizer, bias_regularizer,
      kernel_constraint, recurrent_constraint, bias_constraint: for `kernel` `[input_dim, 4 * units]`,
        `recurrent_kernel` `[units, 4 * units]` and `bias` `[4 * units]`.
      dropout, recurrent_dropout: fractions of the inputs / previous state dropped in training.
      implementation: 1 or 2 (accepted; see the module docstring).

    Raises:
      ValueError: units that are not a positive integer.
    """

    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
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
        implementation = kwargs.pop("implementation", 2)
        super().__init__(
            activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
            kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
            recurrent_constraint, bias_constraint, dropout, recurrent_dropout, **kwargs,
        )  # fmt: skip
        self.units = units
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.implementation = _check_implementation(implementation)
        self.state_size = [units, units]
        self.output_size = units

    def build(self, input_shape):
        input_dim = TensorShape(input_shape)[-1]
        self._add_kernels((input_dim, self.units * 4), (self.units, self.units * 4))
        initializer = _UnitForgetBias(self.bias_initializer, self.units) if self.unit_forget_bias else None
        self._add_bias((self.units * 4,), initializer)

    def call(self, inputs, states, training=None):
        h_previous, c_previous = state_list(states)[:2]
        input_mask, recurrent_mask = self._dropout_masks(inputs, training)
        z = math_ops.add(
            _matmul(_mask(inputs, input_mask), self.kernel),
            _matmul(_mask(h_previous, recurrent_mask), self.recurrent_kernel),
        )
        if self.bias is not None:
            z = nn_ops.bias_add(z, self.bias)
        z_i, z_f, z_c, z_o = array_ops.split(z, 4, axis=-1)
        gate = self.recurrent_activation
        c = math_ops.add(
            math_ops.multiply(gate(z_f), c_previous),
            math_ops.multiply(gate(z_i), _apply(self.activation, z_c)),
        )
        h = math_ops.multiply(gate(z_o), _apply(self.activation, c))
        return h, [h, c]

    def get_config(self) -> dict:
        config = {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            **self._weight_config(),
            "unit_forget_bias": self.unit_forget_bias,
            **self._regularizer_config(),
            "implementation": self.implementation,
        }
        return config


class GRUCell(DropoutRNNCell):
    """One step of a gated recurrent unit (Cho et al., 2014).

    `z, r = recurrent_activation(...)` (update and reset gates), the candidate
    `hh = activation(x_h + r * (h @ U_h + b_h))` when `reset_after` (the cuDNN form, the default) or
    `activation(x_h + (r * h) @ U_h)` otherwise, and `h' = z * h + (1 - z) * hh`.

    Args:
      units: the state size, a positive integer.
      activation, recurrent_activation, use_bias, kernel_initializer, recurrent_initializer,
      bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer,
      kernel_constraint, recurrent_constraint, bias_constraint: for `kernel` `[input_dim, 3 * units]`,
        `recurrent_kernel` `[units, 3 * units]` and `bias` (`[2, 3 * units]`, an input and a recurrent
        bias, when `reset_after`; else `[3 * units]`).
      dropout, recurrent_dropout: fractions of the inputs / previous state dropped in training.
      reset_after: apply the reset gate after the recurrent matmul.
      implementation: 1 or 2 (accepted; see the module docstring).

    Raises:
      ValueError: units that are not a positive integer.
    """

    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
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
        reset_after=True,
        **kwargs,
    ):
        units = check_units(units)
        implementation = kwargs.pop("implementation", 2)
        super().__init__(
            activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
            kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
            recurrent_constraint, bias_constraint, dropout, recurrent_dropout, **kwargs,
        )  # fmt: skip
        self.units = units
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)
        self.implementation = _check_implementation(implementation)
        self.state_size = units
        self.output_size = units

    def build(self, input_shape):
        input_dim = TensorShape(input_shape)[-1]
        self._add_kernels((input_dim, self.units * 3), (self.units, self.units * 3))
        self._add_bias((2, self.units * 3) if self.reset_after else (self.units * 3,))

    def call(self, inputs, states, training=None):
        h_previous = state_list(states)[0]
        input_mask, recurrent_mask = self._dropout_masks(inputs, training)
        input_bias, recurrent_bias = self._biases()
        x = _matmul(_mask(inputs, input_mask), self.kernel)
        if input_bias is not None:
            x = nn_ops.bias_add(x, input_bias)
        x_z, x_r, x_h = array_ops.split(x, 3, axis=-1)
        h_dropped = _mask(h_previous, recurrent_mask)
        units = self.units
        if self.reset_after:
            inner = _matmul(h_dropped, self.recurrent_kernel)
            if recurrent_bias is not None:
                inner = nn_ops.bias_add(inner, recurrent_bias)
        else:
            inner = _matmul(h_dropped, self.recurrent_kernel[:, : 2 * units])
        r_z, r_r = inner[:, :units], inner[:, units : 2 * units]
        gate = self.recurrent_activation
        z = gate(math_ops.add(x_z, r_z))
        r = gate(math_ops.add(x_r, r_r))
        if self.reset_after:
            r_h = math_ops.multiply(r, inner[:, 2 * units :])
        else:
            r_h = _matmul(math_ops.multiply(r, h_dropped), self.recurrent_kernel[:, 2 * units :])
        candidate = _apply(self.activation, math_ops.add(x_h, r_h))
        h = math_ops.add(
            math_ops.multiply(z, h_previous), math_ops.multiply(math_ops.subtract(1.0, z), candidate)
        )
        return h, same_form(states, [h])

    def _biases(self):
        if self.bias is None:
            return None, None
        if self.reset_after:
            return self.bias[0], self.bias[1]
        return self.bias, None

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            **self._weight_config(),
            **self._regularizer_config(),
            "implementation": self.implementation,
            "reset_after": self.reset_after,
        }


def _check_implementation(value) -> int:
    if value not in (1, 2):
        raise ValueError(f"`implementation` must be 1 or 2. Received: implementation={value}")
    return int(value)
