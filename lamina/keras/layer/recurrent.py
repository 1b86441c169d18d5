"""`tf.keras.layers.SimpleRNN`, `LSTM` and `GRU`: an RNN over the matching built-in cell.

Each layer takes the cell's arguments and the RNN's, makes the cell (named "simple_rnn_cell",
"lstm_cell", "gru_cell", so weights are `lstm/lstm_cell/kernel:0` as in Keras) and exposes the
cell's settings as read-only attributes. TensorFlow picks a cuDNN kernel for some settings; lamina
always runs the cell under one XLA loop, which computes the same function.
"""

from __future__ import annotations

from lamina.keras import regularizer as regularizers
from lamina.keras.layer.gated_cell import GRUCell, LSTMCell
from lamina.keras.layer.input_spec import InputSpec
from lamina.keras.layer.rnn import RNN
from lamina.keras.layer.rnn_cell import SimpleRNNCell

_RNN_ARGUMENTS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major")
_LAYER_ARGUMENTS = ("name", "trainable", "dtype")


class _CellLayer(RNN):
    """The shared part of SimpleRNN, LSTM and GRU: make the cell from the constructor arguments."""

    _cell_class = None
    _cell_name = ""

    def __init__(self, cell_arguments: dict, rnn_arguments: dict, activity_regularizer, kwargs: dict):
        kwargs.pop("enable_caching_device", None)
        if "implementation" in kwargs:
            cell_arguments["implementation"] = kwargs.pop("implementation")
        cell = self._cell_class(
            **cell_arguments,
            name=self._cell_name,
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
        )
        super().__init__(cell, **rnn_arguments, **kwargs)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs, mask=None, training=None, initial_state=None):
        return super().call(inputs, mask=mask, training=training, initial_state=initial_state)

    def get_config(self) -> dict:
        config = {**RNN.get_config(self)}
        config.pop("cell")
        cell_config = self.cell.get_config()
        for key in _LAYER_ARGUMENTS:
            cell_config.pop(key, None)
        config.update(cell_config)
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _forward(name: str):
    """A read-only attribute that reads the cell's attribute of the same name."""
    return property(lambda self: getattr(self.cell, name), doc=f"The cell's `{name}`.")


_SHARED = (
    "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
    "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
)  # fmt: skip


class SimpleRNN(_CellLayer):
    """A fully connected RNN whose output is fed back as the next step's state (SimpleRNNCell).

    Args: the arguments of `tf.keras.layers.SimpleRNNCell` (units, activation, use_bias, the
    initializers, regularizers and constraints, dropout, recurrent_dropout), activity_regularizer,
    and those of `tf.keras.layers.RNN` (return_sequences, return_state, go_backwards, stateful,
    unroll, time_major).

    Raises:
      ValueError: units that are not a positive integer; an input that is not rank 3.
    """

    _cell_class = SimpleRNNCell
    _cell_name = "simple_rnn_cell"

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
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        **kwargs,
    ):
        cell_arguments = dict(
            units=units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout,
        )  # fmt: skip
        rnn_arguments = dict(
            return_sequences=return_sequences, return_state=return_state, go_backwards=go_backwards,
            stateful=stateful, unroll=unroll, time_major=kwargs.pop("time_major", False),
        )  # fmt: skip
        super().__init__(cell_arguments, rnn_arguments, activity_regularizer, kwargs)


for _name in _SHARED:
    setattr(SimpleRNN, _name, _forward(_name))


class LSTM(_CellLayer):
    """Long short-term memory (Hochreiter & Schmidhuber, 1997) over a sequence (LSTMCell).

    Args: the arguments of `tf.keras.layers.LSTMCell` (units, activation, recurrent_activation,
    use_bias, the initializers, unit_forget_bias, regularizers and constraints, dropout,
    recurrent_dropout, implementation), activity_regularizer, and those of `tf.keras.layers.RNN`
    (return_sequences, return_state, go_backwards, stateful, time_major, unroll). The states are
    `[h, c]`.

    Raises:
      ValueError: units that are not a positive integer; an input that is not rank 3.
    """

    _cell_class = LSTMCell
    _cell_name = "lstm_cell"

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
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        time_major=False,
        unroll=False,
        **kwargs,
    ):
        cell_arguments = dict(
            units=units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout, recurrent_dropout=recurrent_dropout,
        )  # fmt: skip
        rnn_arguments = dict(
            return_sequences=return_sequences, return_state=return_state, go_backwards=go_backwards,
            stateful=stateful, unroll=unroll, time_major=time_major,
        )  # fmt: skip
        super().__init__(cell_arguments, rnn_arguments, activity_regularizer, kwargs)


for _name in (*_SHARED, "recurrent_activation", "unit_forget_bias", "implementation"):
    setattr(LSTM, _name, _forward(_name))


class GRU(_CellLayer):
    """Gated recurrent unit (Cho et al., 2014) over a sequence (GRUCell).

    Args: the arguments of `tf.keras.layers.GRUCell` (units, activation, recurrent_activation,
    use_bias, the initializers, regularizers and constraints, dropout, recurrent_dropout,
    reset_after, implementation), activity_regularizer, and those of `tf.keras.layers.RNN`
    (return_sequences, return_state, go_backwards, stateful, unroll, time_major).

    Raises:
      ValueError: units that are not a positive integer; an input that is not rank 3.
    """

    _cell_class = GRUCell
    _cell_name = "gru_cell"

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
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        time_major=False,
        reset_after=True,
        **kwargs,
    ):
        cell_arguments = dict(
            units=units, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, reset_after=reset_after,
        )  # fmt: skip
        rnn_arguments = dict(
            return_sequences=return_sequences, return_state=return_state, go_backwards=go_backwards,
            stateful=stateful, unroll=unroll, time_major=time_major,
        )  # fmt: skip
        super().__init__(cell_arguments, rnn_arguments, activity_regularizer, kwargs)


for _name in (*_SHARED, "recurrent_activation", "reset_after", "implementation"):
    setattr(GRU, _name, _forward(_name))
