"""Convolutional LSTMs (Shi et al., 2015): `tf.keras.layers.ConvLSTM1D`, `ConvLSTM2D`, `ConvLSTM3D`.

An LSTM whose matmuls are convolutions: the input convolution uses the layer's strides, padding and
dilation; the recurrent one is "same"-padded with stride 1, so the states keep the output's spatial
size. The four gates' kernels sit side by side in the last axis of `kernel` and `recurrent_kernel`
(i, f, c, o), so one convolution computes all four. The weights are named `conv_lstm2d/kernel:0`
(no cell in the name, as in Keras).
"""

from __future__ import annotations

from lamina._core.shape import TensorShape
from lamina.keras import activation as activations
from lamina.keras import regularizer as regularizers
from lamina.keras.layer import conv_utils
from lamina.keras.layer.gated_cell import _UnitForgetBias
from lamina.keras.layer.input_spec import InputSpec
from lamina.keras.layer.rnn import _STATEFUL_BATCH_MESSAGE, RNN
from lamina.keras.layer.rnn_cell import DropoutRNNCell, _apply, _mask, state_list
from lamina.ops import array_ops, cast_ops, creation_ops, math_ops, nn_conv, nn_ops


class ConvLSTMCell(DropoutRNNCell):
    """One step of a convolutional LSTM over `rank` spatial dimensions (see the module docstring).

    Args: rank, filters, kernel_size, strides, padding ("valid" or "same"), data_format,
    dilation_rate, and the LSTMCell arguments (activation, recurrent_activation (default
    hard_sigmoid), use_bias, initializers, unit_forget_bias, regularizers, constraints, dropout,
    recurrent_dropout).
    """

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="hard_sigmoid",
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
        super().__init__(
            activation, use_bias, kernel_initializer, recurrent_initializer, bias_initializer,
            kernel_regularizer, recurrent_regularizer, bias_regularizer, kernel_constraint,
            recurrent_constraint, bias_constraint, dropout, recurrent_dropout, **kwargs,
        )  # fmt: skip
        self.rank = rank
        self.filters = _check_filters(filters)
        self.kernel_size = conv_utils.normalize_tuple(kernel_size, rank, "kernel_size")
        self.strides = conv_utils.normalize_tuple(strides, rank, "strides")
        self.padding = _check_padding(padding)
        self.data_format = conv_utils.normalize_data_format(data_format)
        self.dilation_rate = conv_utils.normalize_tuple(dilation_rate, rank, "dilation_rate")
        conv_utils.check_strides_and_dilation(self.strides, self.dilation_rate)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = (self.filters, self.filters)
        self._format = conv_utils.tf_data_format(self.data_format, rank)

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        channels = shape[1] if self.data_format == "channels_first" else shape[-1]
        if channels is None:
            raise ValueError(
                "The channel dimension of the inputs should be defined. The input_shape received is "
                f"{input_shape}, where axis {1 if self.data_format == 'channels_first' else -1} "
                "(0-based) is the channel dimension, which found to be `None`."
            )
        four = self.filters * 4
        self._add_kernels((*self.kernel_size, channels, four), (*self.kernel_size, self.filters, four))
        initializer = _UnitForgetBias(self.bias_initializer, self.filters) if self.unit_forget_bias else None
        self._add_bias((four,), initializer)

    def _conv(self, x, kernel, strides, padding, dilation):
        return nn_conv.convolution(
            x, kernel, strides=strides, padding=padding.upper(), data_format=self._format, dilations=dilation
        )

    def _input_conv(self, x):
        return self._conv(x, self.kernel, self.strides, self.padding, self.dilation_rate)

    def call(self, inputs, states, training=None):
        h_previous, c_previous = state_list(states)[:2]
        input_mask, recurrent_mask = self._dropout_masks(inputs, training)
        z = math_ops.add(
            self._input_conv(_mask(inputs, input_mask)),
            self._conv(_mask(h_previous, recurrent_mask), self.recurrent_kernel, 1, "same", 1),
        )
        if self.bias is not None:
            z = nn_ops.bias_add(z, self.bias, data_format=self._format)
        axis = 1 if self.data_format == "channels_first" else -1
        z_i, z_f, z_c, z_o = array_ops.split(z, 4, axis=axis)
        gate = self.recurrent_activation
        c = math_ops.add(
            math_ops.multiply(gate(z_f), c_previous),
            math_ops.multiply(gate(z_i), _apply(self.activation, z_c)),
        )
        h = math_ops.multiply(gate(z_o), _apply(self.activation, c))
        return h, [h, c]

    def get_initial_state(self, inputs=None, batch_size=None, dtype=None):
        """Zero states shaped like the input convolution's output, for a batch like `inputs` (one
        step's inputs); the zeros follow the inputs' shape even where it is unknown."""
        if inputs is None:
            raise ValueError("ConvLSTMCell.get_initial_state needs `inputs` (one time step).")
        dtype = dtype or inputs.dtype
        zeros = creation_ops.zeros_like(cast_ops.cast(inputs, dtype))
        kernel = creation_ops.zeros((*self.kernel_size, self.kernel.shape[-2], self.filters), dtype=dtype)
        state = self._conv(zeros, kernel, self.strides, self.padding, self.dilation_rate)
        return [state, state]

    def output_tail(self, step_shape) -> list:
        """The dimensions of a state (and output) after the batch, for one step of `step_shape`."""
        shape = TensorShape(step_shape).as_list()
        spatial = conv_utils.spatial_dims(shape, self.data_format)
        sizes = [
            conv_utils.conv_output_length(n, k, self.padding, s, d)
            for n, k, s, d in zip(spatial, self.kernel_size, self.strides, self.dilation_rate)
        ]
        return conv_utils.with_spatial(shape, sizes, self.filters, self.data_format)[1:]

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            **self._weight_config(),
            "unit_forget_bias": self.unit_forget_bias,
            **self._regularizer_config(),
        }


def _check_filters(filters) -> int:
    if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
        raise ValueError(
            "Invalid value for argument `filters`. Expected a strictly positive value. Received "
            f"filters={filters}."
        )
    return filters


def _check_padding(padding) -> str:
    value = padding.lower() if isinstance(padding, str) else padding
    if value not in ("valid", "same"):
        raise ValueError(f'The `padding` argument must be one of "valid", "same". Received: {padding}')
    return value


class ConvRNN(RNN):
    """The shared part of ConvLSTM1D/2D/3D: an RNN over a ConvLSTMCell whose states are images."""

    _rank = 2

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        activation="tanh",
        recurrent_activation="hard_sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        dropout=0.0,
        recurrent_dropout=0.0,
        **kwargs,
    ):
        cell = ConvLSTMCell(
            self._rank, filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout, recurrent_dropout=recurrent_dropout,
            name="conv_lstm_cell", dtype=kwargs.get("dtype"),
        )  # fmt: skip
        super().__init__(
            cell, return_sequences=return_sequences, return_state=return_state, go_backwards=go_backwards,
            stateful=stateful, **kwargs,
        )  # fmt: skip
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.input_spec = InputSpec(ndim=self._rank + 3)
        self._step_shape = None

    def _batch_and_steps(self, shape: TensorShape):
        return (shape[1], shape[0]) if self.time_major else (shape[0], shape[1])

    def build(self, input_shape):
        shape = TensorShape(input_shape)
        batch, _ = self._batch_and_steps(shape)
        self._step_shape = TensorShape([batch]).concatenate(shape[2:])
        if not self.cell.built:
            self.cell.build(self._step_shape)  # no cell scope: conv_lstm2d/kernel:0, as in Keras
        features = shape.as_list()[2:]
        if self.stateful:
            if batch is None:
                raise ValueError(_STATEFUL_BATCH_MESSAGE)
            spec = (None, batch, *features) if self.time_major else (batch, None, *features)
            self.input_spec = InputSpec(shape=spec)
            self._create_state_variables(batch)
        else:
            self.input_spec = InputSpec(shape=(None, None, *features))

    def call(self, inputs, mask=None, training=None, initial_state=None):
        return super().call(inputs, mask=mask, training=training, initial_state=initial_state)

    def _zero_output(self, reference, initial):
        return creation_ops.zeros_like(initial[0])  # the output is the state h

    def _state_tails(self) -> list:
        if self._step_shape is None:
            return [[None] * (self._rank + 1)] * 2
        return [self.cell.output_tail(self._step_shape)] * 2

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape)
        batch, steps = self._batch_and_steps(shape)
        tail = self.cell.output_tail(TensorShape([batch]).concatenate(shape[2:]))
        if self.return_sequences:
            output = TensorShape([*([steps, batch] if self.time_major else [batch, steps]), *tail])
        else:
            output = TensorShape([batch, *tail])
        if self.return_state:
            state = TensorShape([batch, *tail])
            return [output, state, state]
        return output

    def get_config(self) -> dict:
        config = {**RNN.get_config(self)}
        config.pop("cell")
        cell_config = self.cell.get_config()
        for key in ("name", "trainable", "dtype"):
            cell_config.pop(key, None)
        config.update(cell_config)
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class ConvLSTM1D(ConvRNN):
    """A convolutional LSTM over sequences of 1-D signals: inputs `[batch, time, steps, channels]`
    (channels_last) or `[batch, time, channels, steps]`. Args as ConvLSTM2D."""

    _rank = 1


class ConvLSTM2D(ConvRNN):
    """A convolutional LSTM over sequences of images: inputs `[batch, time, rows, cols, channels]`
    (channels_last) or `[batch, time, channels, rows, cols]`.

    Args:
      filters: the number of output channels. kernel_size, strides, dilation_rate: ints or tuples
        of 2. padding: "valid" or "same". data_format: "channels_last" or "channels_first".
      activation (tanh), recurrent_activation (hard_sigmoid), use_bias, kernel_initializer,
      recurrent_initializer, bias_initializer, unit_forget_bias, kernel_regularizer,
      recurrent_regularizer, bias_regularizer, activity_regularizer, kernel_constraint,
      recurrent_constraint, bias_constraint, dropout, recurrent_dropout: as for LSTM.
      return_sequences, return_state, go_backwards, stateful: as for RNN.

    Raises:
      ValueError: bad filters, kernel_size, strides, padding or data_format; an input not rank 5.
    """

    _rank = 2


class ConvLSTM3D(ConvRNN):
    """A convolutional LSTM over sequences of volumes: inputs `[batch, time, d1, d2, d3, channels]`
    (channels_last) or channels first. Args as ConvLSTM2D."""

    _rank = 3
