"""tf.keras recurrent cells and layers (SimpleRNN, LSTM, GRU, RNN, StackedRNNCells): the harness,
values against NumPy recurrences, masks, states, the compiled loop, and errors. Golden values
from TF 2.15 are in tools/golden/cases/keras_layers_rnn.py."""

import time

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers
RNG = np.random.RandomState(7)
X = RNG.uniform(-1, 1, (2, 5, 3)).astype("float32")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _random_weights(layer):
    rng = np.random.RandomState(3)
    layer.set_weights([rng.uniform(-0.6, 0.6, w.shape).astype("float32") for w in layer.get_weights()])
    return layer.get_weights()


def _run(step, x, state, mask=None, go_backwards=False):
    """A NumPy recurrence: (outputs in processing order, final state); masked steps keep state."""
    outputs, output = [], np.zeros_like(state[0])
    for t in range(x.shape[1])[::-1] if go_backwards else range(x.shape[1]):
        new_output, new_state = step(x[:, t], state)
        if mask is not None:
            keep = mask[:, t : t + 1]
            new_output = np.where(keep, new_output, output)
            new_state = [np.where(keep, n, o) for n, o in zip(new_state, state)]
        output, state = new_output, new_state
        outputs.append(output)
    return np.stack(outputs, axis=1), state


def _lstm_step(kernel, recurrent, bias):
    def step(x, state):
        h, c = state
        i, f, g, o = np.split(x @ kernel + h @ recurrent + bias, 4, axis=-1)
        c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
        h = _sigmoid(o) * np.tanh(c)
        return h, [h, c]

    return step


def _gru_step(kernel, recurrent, bias, reset_after):
    units = recurrent.shape[0]

    def step(x, state):
        (h,) = state
        input_bias, recurrent_bias = (bias[0], bias[1]) if reset_after else (bias, 0.0)
        x_z, x_r, x_h = np.split(x @ kernel + input_bias, 3, axis=-1)
        inner = h @ recurrent + recurrent_bias
        z = _sigmoid(x_z + inner[:, :units])
        r = _sigmoid(x_r + inner[:, units : 2 * units])
        if reset_after:
            candidate = np.tanh(x_h + r * inner[:, 2 * units :])
        else:
            candidate = np.tanh(x_h + (r * h) @ recurrent[:, 2 * units :])
        h = z * h + (1 - z) * candidate
        return h, [h]

    return step


def _simple_step(kernel, recurrent, bias):
    def step(x, state):
        h = np.tanh(x @ kernel + bias + state[0] @ recurrent)
        return h, [h]

    return step


# ---- the harness -----------------------------------------------------------------------------------
def test_simple_rnn_harness():
    run_layer_test(
        layers.SimpleRNN,
        {"units": 2, "name": "srnn_h"},
        input_shape=(2, 5, 3),
        expected_output_shape=(2, 2),
        expected_weight_names=[
            "srnn_h/simple_rnn_cell/kernel:0",
            "srnn_h/simple_rnn_cell/recurrent_kernel:0",
            "srnn_h/simple_rnn_cell/bias:0",
        ],
        supports_masking=True,
    )


def test_lstm_harness():
    run_layer_test(
        layers.LSTM,
        {"units": 2, "return_sequences": True, "name": "lstm_h"},
        input_shape=(2, 5, 3),
        expected_output_shape=(2, 5, 2),
        expected_num_trainable_weights=3,
        expected_weight_names=[
            "lstm_h/lstm_cell/kernel:0",
            "lstm_h/lstm_cell/recurrent_kernel:0",
            "lstm_h/lstm_cell/bias:0",
        ],
    )


def test_gru_harness_reset_before():
    layer, _ = run_layer_test(
        layers.GRU,
        {"units": 2, "reset_after": False, "return_state": True},
        input_shape=(2, 5, 3),
        expected_output_shape=(2, 2),
    )
    assert [tuple(w.shape) for w in layer.weights] == [(3, 6), (2, 6), (6,)]


# ---- values against NumPy ----------------------------------------------------------------------------
def test_lstm_matches_numpy_with_states():
    layer = layers.LSTM(2, return_sequences=True, return_state=True)
    layer(X)
    kernel, recurrent, bias = _random_weights(layer)
    outputs, h, c = layer(X)
    zeros = np.zeros((2, 2), "float32")
    expected, (h_ref, c_ref) = _run(_lstm_step(kernel, recurrent, bias), X, [zeros, zeros])
    np.testing.assert_allclose(outputs.numpy(), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h.numpy(), h_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c.numpy(), c_ref, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_matches_numpy_go_backwards(reset_after):
    layer = layers.GRU(2, reset_after=reset_after, go_backwards=True, return_sequences=True)
    layer(X)
    weights = _random_weights(layer)
    expected, _ = _run(_gru_step(*weights, reset_after), X, [np.zeros((2, 2), "float32")], go_backwards=True)
    np.testing.assert_allclose(layer(X).numpy(), expected, rtol=1e-5, atol=1e-6)


def test_simple_rnn_mask_keeps_previous_output_and_state():
    mask = np.array([[True, False, True, True, False], [False, False, True, False, True]])
    layer = layers.SimpleRNN(2, return_sequences=True, return_state=True)
    layer(X)
    weights = _random_weights(layer)
    outputs, state = layer(X, mask=tf.constant(mask))
    expected, (state_ref,) = _run(_simple_step(*weights), X, [np.zeros((2, 2), "float32")], mask=mask)
    np.testing.assert_allclose(outputs.numpy(), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(state.numpy(), state_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(outputs.numpy()[1, :2], 0.0)  # nothing seen yet: the zero state


def test_mask_from_keras_masking_matches_mask_argument():
    x = X.copy()
    x[0, 3:] = 0.0
    lstm = layers.LSTM(2)
    masked = lstm(layers.Masking(0.0)(x))
    direct = lstm(x, mask=tf.constant(np.any(x != 0.0, axis=-1)))
    np.testing.assert_allclose(masked.numpy(), direct.numpy(), rtol=1e-6)
    np.testing.assert_allclose(masked.numpy()[0], lstm(x[:1, :3]).numpy()[0], rtol=1e-5, atol=1e-6)


def test_unroll_and_time_major_match_the_loop():
    reference = layers.GRU(2, return_sequences=True)
    expected = reference(X).numpy()
    for kwargs, data, transpose in (
        ({"unroll": True}, X, False),
        ({"time_major": True}, X.transpose(1, 0, 2), True),
    ):
        layer = layers.GRU(2, return_sequences=True, **kwargs)
        layer(data)
        layer.set_weights(reference.get_weights())
        got = layer(data).numpy()
        np.testing.assert_allclose(
            got.transpose(1, 0, 2) if transpose else got, expected, rtol=1e-5, atol=1e-6
        )


def test_initial_state_argument_and_list_inputs():
    layer = layers.LSTM(2)
    layer(X)
    weights = _random_weights(layer)
    h0 = RNG.uniform(-1, 1, (2, 2)).astype("float32")
    c0 = RNG.uniform(-1, 1, (2, 2)).astype("float32")
    _, (h_ref, _) = _run(_lstm_step(*weights), X, [h0, c0])
    np.testing.assert_allclose(layer(X, initial_state=[h0, c0]).numpy(), h_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        layer([X, tf.constant(h0), tf.constant(c0)]).numpy(), h_ref, rtol=1e-5, atol=1e-6
    )


def test_cell_single_step_matches_numpy():
    cell = layers.LSTMCell(2)
    x = X[:, 0]
    h = RNG.uniform(-1, 1, (2, 2)).astype("float32")
    c = RNG.uniform(-1, 1, (2, 2)).astype("float32")
    output, (h1, c1) = cell(x, [h, c])
    weights = _random_weights(cell)
    output, (h1, c1) = cell(x, [tf.constant(h), tf.constant(c)])
    h_ref, (_, c_ref) = _lstm_step(*weights)(x, [h, c])
    np.testing.assert_allclose(output.numpy(), h_ref, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c1.numpy(), c_ref, rtol=1e-5, atol=1e-6)
    assert [w.name for w in cell.weights][0].endswith("/kernel:0")
    assert cell.state_size == [2, 2] and cell.output_size == 2


def test_unit_forget_bias_initializer():
    layer = layers.LSTM(2, bias_initializer="zeros")
    layer(X)
    np.testing.assert_array_equal(layer.cell.bias.numpy(), [0, 0, 1, 1, 0, 0, 0, 0])
    plain = layers.LSTM(2, unit_forget_bias=False, bias_initializer="ones")
    plain(X)
    np.testing.assert_array_equal(plain.cell.bias.numpy(), np.ones(8))


# ---- RNN over cells ---------------------------------------------------------------------------------
class _MinimalCell(tf.keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units))

    def call(self, inputs, states):
        h = tf.tanh(tf.matmul(inputs, self.kernel) + states[0])
        return h, [h]


def test_rnn_custom_cell_values_and_names():
    layer = layers.RNN(_MinimalCell(2, name="minimal"), return_sequences=True, name="custom")
    outputs = layer(X)
    assert [w.name for w in layer.weights] == ["custom/minimal/kernel:0"]
    kernel = layer.get_weights()[0]

    def step(x, state):
        h = np.tanh(x @ kernel + state[0])
        return h, [h]

    expected, _ = _run(step, X, [np.zeros((2, 2), "float32")])
    np.testing.assert_allclose(outputs.numpy(), expected, rtol=1e-5, atol=1e-6)


def test_stacked_cells_equal_stacked_layers():
    tf.keras.backend.clear_session()  # default names count the layers made before in this process
    stacked = layers.RNN([layers.SimpleRNNCell(2), layers.LSTMCell(2)], return_state=True)
    output, first_state, (h, c) = stacked(X)
    assert [w.name.split("/", 1)[1] for w in stacked.weights][:2] == [
        "stacked_rnn_cells/simple_rnn_cell/kernel:0",
        "stacked_rnn_cells/simple_rnn_cell/recurrent_kernel:0",
    ]
    first, second = layers.SimpleRNN(2, return_sequences=True), layers.LSTM(2)
    second(first(X))
    first.set_weights(stacked.get_weights()[:3])
    second.set_weights(stacked.get_weights()[3:])
    np.testing.assert_allclose(output.numpy(), second(first(X)).numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(output.numpy(), h.numpy())
    assert first_state.shape == (2, 2) and c.shape == (2, 2)
    config = stacked.get_config()
    clone = layers.RNN.from_config(config)
    assert clone.get_config() == config
    assert isinstance(clone.cell, layers.StackedRNNCells)


def test_stateful_layer_carries_and_resets_states():
    layer = layers.GRU(2, stateful=True)
    first = layer(X).numpy()
    second = layer(X).numpy()
    assert not np.allclose(first, second)
    assert [s.shape for s in layer.states] == [(2, 2)]
    np.testing.assert_allclose(layer.states[0].numpy(), second)
    assert len(layer.weights) == 3  # the states are not weights
    layer.reset_states()
    np.testing.assert_allclose(layer(X).numpy(), first, rtol=1e-6)
    call = tf.function(lambda x: layer(x))
    layer.reset_states()
    np.testing.assert_allclose(call(X).numpy(), first, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(call(X).numpy(), second, rtol=1e-5, atol=1e-6)
    layer.reset_states([np.ones((2, 2), "float32")])
    np.testing.assert_array_equal(layer.states[0].numpy(), np.ones((2, 2)))


def test_dropout_only_in_training():
    layer = layers.LSTM(2, dropout=0.5, recurrent_dropout=0.5)
    inference = layer(X).numpy()
    plain = layers.LSTM(2)
    plain(X)
    plain.set_weights(layer.get_weights())
    np.testing.assert_allclose(inference, plain(X).numpy(), rtol=1e-6)
    first, second = layer(X, training=True).numpy(), layer(X, training=True).numpy()
    assert np.all(np.isfinite(first)) and not np.allclose(first, second)
    compiled = tf.function(lambda x: layer(x, training=True))
    assert not np.allclose(compiled(X).numpy(), compiled(X).numpy())


def test_time_loop_is_one_while_op_in_a_function():
    layer = layers.LSTM(2, return_sequences=True)
    layer(X)
    function = tf.function(lambda x: layer(x))
    graph = function.get_concrete_function(tf.TensorSpec((2, 5, 3), tf.float32)).graph
    types = [op.type for op in graph.get_operations()]
    assert types.count("While") == 1 and "MatMul" not in types, types
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(function(X) ** 2)
    gradients = tape.gradient(loss, layer.trainable_weights)
    with tf.GradientTape() as tape:
        eager_loss = tf.reduce_sum(layer(X) ** 2)
    for got, want in zip(gradients, tape.gradient(eager_loss, layer.trainable_weights)):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-4, atol=1e-6)


def test_keras_tensors_with_unknown_steps():
    inputs = tf.keras.Input((None, 3))
    sequences = layers.LSTM(2, return_sequences=True)(inputs)
    assert sequences.shape.as_list() == [None, None, 2]
    output, state = layers.GRU(2, return_state=True)(sequences)
    assert output.shape.as_list() == [None, 2] and state.shape.as_list() == [None, 2]
    assert layers.LSTM(2, return_state=True).compute_output_shape((2, 5, 3)) == [
        tf.TensorShape([2, 2]), tf.TensorShape([2, 2]), tf.TensorShape([2, 2])
    ]  # fmt: skip


def test_eager_call_is_fast_after_the_first():
    layer = layers.LSTM(16)
    data = RNG.uniform(size=(8, 20, 16)).astype("float32")
    layer(data)
    start = time.perf_counter()
    layer(data)
    assert time.perf_counter() - start < 1.0


def test_config_round_trip_keeps_cell_arguments():
    layer = layers.GRU(
        2, reset_after=False, dropout=0.25, recurrent_activation="hard_sigmoid", go_backwards=True
    )
    config = layer.get_config()
    assert config["reset_after"] is False and config["dropout"] == 0.25 and "cell" not in config
    clone = layers.GRU.from_config(config)
    assert clone.get_config() == config and clone.cell.name == "gru_cell"
    assert layers.LSTM(2, dropout=1.5).dropout == 1.0  # clipped, as in Keras


# ---- errors -----------------------------------------------------------------------------------------
def test_errors():
    with pytest.raises(ValueError, match="expected a positive integer, got 0"):
        layers.LSTM(0)
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        layers.GRU(2)(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(layers.Dense(2))
    with pytest.raises(ValueError, match="not compatible with `cell.state_size`"):
        layers.LSTM(2)(X, initial_state=[np.zeros((2, 3), "float32")] * 2)
    with pytest.raises(ValueError, match="Layer has 2 states but was passed 1"):
        layers.LSTM(2)(X, initial_state=[np.zeros((2, 2), "float32")])
    with pytest.raises(AttributeError, match="Layer must be stateful"):
        layers.SimpleRNN(2).reset_states()
    with pytest.raises(ValueError, match="needs to know its batch size"):
        layers.LSTM(2, stateful=True)(tf.keras.Input((4, 3)))
    with pytest.raises(ValueError, match="Unrolling requires a fixed number of timesteps"):
        layers.LSTM(2, unroll=True)(tf.keras.Input((None, 3)))
    stateful = layers.SimpleRNN(2, stateful=True)
    stateful(X)
    with pytest.raises(ValueError, match=r"expected shape=\(2, None, 3\)"):
        stateful(X[:1])
    with pytest.raises(ValueError, match="State 0 is incompatible"):
        stateful.reset_states([np.ones((3, 2))])


class _TwoStateCell(layers.AbstractRNNCell):
    """h' = h + x @ kernel; n' = n + 1 (counts the steps); output h'."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    @property
    def state_size(self):
        return [self.units, 1]

    @property
    def output_size(self):
        return self.units

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units), initializer="ones")

    def call(self, inputs, states):
        h = states[0] + tf.matmul(inputs, self.kernel)
        return h, [h, states[1] + 1.0]


def test_abstract_rnn_cell_subclass():
    cell = _TwoStateCell(2)
    zeros = cell.get_initial_state(batch_size=3, dtype=tf.float32)
    assert [tuple(z.shape) for z in zeros] == [(3, 2), (3, 1)]
    layer = layers.RNN(cell, return_state=True)
    mask = np.array([[True, True, False, True, True], [True] * 5])
    output, h, count = layer(X, mask=tf.constant(mask))
    np.testing.assert_allclose(
        output.numpy(), (X * mask[..., None]).sum(1).sum(-1, keepdims=True) * [1, 1], rtol=1e-5
    )
    np.testing.assert_array_equal(count.numpy(), [[4.0], [5.0]])
    assert [tuple(s.shape) for s in layer.get_initial_state(X)] == [(2, 2), (2, 1)]
    with pytest.raises(NotImplementedError, match="state_size"):
        _ = layers.AbstractRNNCell().state_size
