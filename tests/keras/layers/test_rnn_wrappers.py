"""tf.keras.layers.Bidirectional, TimeDistributed and ConvLSTM1D/2D/3D: the harness, values against
NumPy or against the layers they are made of, masks, shapes and errors."""

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers
RNG = np.random.RandomState(11)
X = RNG.uniform(-1, 1, (2, 5, 3)).astype("float32")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _hard_sigmoid(x):
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


def _set_random(layer, seed=5):
    rng = np.random.RandomState(seed)
    layer.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype("float32") for w in layer.get_weights()])
    return layer.get_weights()


# ---- Bidirectional ------------------------------------------------------------------------------------
def test_bidirectional_harness_and_names():
    run_layer_test(
        layers.Bidirectional,
        {"layer": layers.GRU(2, name="g"), "name": "bi_h"},
        input_shape=(2, 5, 3),
        expected_output_shape=(2, 4),
        expected_weight_names=[
            "bi_h/forward_g/gru_cell/kernel:0",
            "bi_h/forward_g/gru_cell/recurrent_kernel:0",
            "bi_h/forward_g/gru_cell/bias:0",
            "bi_h/backward_g/gru_cell/kernel:0",
            "bi_h/backward_g/gru_cell/recurrent_kernel:0",
            "bi_h/backward_g/gru_cell/bias:0",
        ],
    )


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
def test_bidirectional_merges_forward_and_flipped_backward(merge_mode):
    layer = layers.Bidirectional(layers.GRU(2, return_sequences=True), merge_mode=merge_mode)
    layer(X)
    weights = _set_random(layer)
    forward, backward = (
        layers.GRU(2, return_sequences=True),
        layers.GRU(2, return_sequences=True, go_backwards=True),
    )
    forward(X), backward(X)
    forward.set_weights(weights[:3])
    backward.set_weights(weights[3:])
    f, b = forward(X).numpy(), backward(X).numpy()[:, ::-1]
    expected = {
        "concat": np.concatenate([f, b], -1),
        "sum": f + b,
        "mul": f * b,
        "ave": (f + b) / 2,
        None: [f, b],
    }[merge_mode]
    got = layer(X)
    got = [g.numpy() for g in got] if merge_mode is None else got.numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    assert layer.compute_output_shape((2, 5, 3)) == (
        [tf.TensorShape([2, 5, 2])] * 2
        if merge_mode is None
        else tf.TensorShape([2, 5, 4 if merge_mode == "concat" else 2])
    )


def test_bidirectional_states_initial_state_and_mask():
    layer = layers.Bidirectional(layers.LSTM(2, return_state=True, return_sequences=True))
    outputs = layer(X)
    assert len(outputs) == 5 and outputs[0].shape == (2, 5, 4)
    np.testing.assert_allclose(outputs[0].numpy()[:, -1, :2], outputs[1].numpy(), rtol=1e-6)
    np.testing.assert_allclose(outputs[0].numpy()[:, 0, 2:], outputs[3].numpy(), rtol=1e-6)
    states = [np.full((2, 2), 0.3, "float32")] * 4
    assert not np.allclose(layer(X, initial_state=states)[0].numpy(), outputs[0].numpy())
    mask = np.array([[True, True, True, False, False], [True] * 5])
    masked = layer(X, mask=tf.constant(mask))[0].numpy()
    np.testing.assert_array_equal(masked[0, 3:], 0.0)  # masked steps are zeros with return_sequences
    masks = layer.compute_mask(X, tf.constant(mask))
    np.testing.assert_array_equal(np.asarray(masks[0]), mask)
    assert masks[1:] == [None] * 4


def test_bidirectional_backward_layer_and_config():
    backward = layers.LSTM(3, go_backwards=True, name="back")
    layer = layers.Bidirectional(layers.LSTM(2), backward_layer=backward)
    assert layer(X).shape == (2, 5)
    assert backward.name == "backward_back"
    config = layer.get_config()
    assert config["backward_layer"]["config"]["name"] == "back"
    clone = layers.Bidirectional.from_config(config)
    assert clone.get_config() == config and clone.backward_layer.units == 3
    with pytest.raises(ValueError, match="Invalid merge mode"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="different `go_backwards`"):
        layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2))
    with pytest.raises(ValueError, match="return_sequences"):
        layers.Bidirectional(
            layers.LSTM(2), backward_layer=layers.LSTM(2, go_backwards=True, return_sequences=True)
        )
    with pytest.raises(ValueError, match="Layer` instance"):
        layers.Bidirectional(lambda x: x)


# ---- TimeDistributed -------------------------------------------------------------------------------------
def test_time_distributed_harness():
    run_layer_test(
        layers.TimeDistributed,
        {"layer": layers.Dense(4), "name": "td_h"},
        input_shape=(2, 5, 3),
        expected_output_shape=(2, 5, 4),
        expected_weight_names=["td_h/kernel:0", "td_h/bias:0"],
    )


def test_time_distributed_applies_the_layer_per_step():
    dense = layers.Dense(2)
    layer = layers.TimeDistributed(dense)
    kernel, bias = [w.numpy() for w in (layer(X), dense.kernel, dense.bias)][1:]
    np.testing.assert_allclose(layer(X).numpy(), X @ kernel + bias, rtol=1e-5, atol=1e-6)
    symbolic = layers.TimeDistributed(layers.Dense(3))(tf.keras.Input((None, 4)))
    assert symbolic.shape.as_list() == [None, None, 3]
    assert layer.compute_output_shape((None, 7, 3)).as_list() == [None, 7, 2]
    mask = tf.constant([[True, False, True, True, False], [True] * 5])
    np.testing.assert_array_equal(np.asarray(layer.compute_mask(tf.constant(X), mask)), np.asarray(mask))
    masking = layers.TimeDistributed(layers.Masking(0.0))
    data = X.copy()
    data[0, 1] = 0.0
    np.testing.assert_array_equal(
        np.asarray(masking.compute_mask(tf.constant(data), None))[0], [1, 0, 1, 1, 1]
    )
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        layers.TimeDistributed(layers.Dense(2))(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="Layer` instance"):
        layers.TimeDistributed(lambda x: x)


# ---- ConvLSTM ------------------------------------------------------------------------------------------
def _conv_valid(x, kernel):
    """NumPy 2-D 'valid' convolution (cross-correlation) of [B, H, W, C] with [kh, kw, C, F]."""
    kh, kw = kernel.shape[:2]
    rows, cols = x.shape[1] - kh + 1, x.shape[2] - kw + 1
    out = np.zeros((x.shape[0], rows, cols, kernel.shape[-1]), "float64")
    for i in range(rows):
        for j in range(cols):
            out[:, i, j] = np.einsum("bhwc,hwcf->bf", x[:, i : i + kh, j : j + kw], kernel)
    return out


def _conv_same(x, kernel):
    kh, kw = kernel.shape[:2]
    padded = np.pad(x, ((0, 0), ((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2), (0, 0)))
    return _conv_valid(padded, kernel)


def test_conv_lstm2d_harness():
    run_layer_test(
        layers.ConvLSTM2D,
        {"filters": 2, "kernel_size": 2, "name": "clstm_h"},
        input_shape=(1, 3, 4, 4, 1),
        expected_output_shape=(1, 3, 3, 2),
        expected_weight_names=["clstm_h/kernel:0", "clstm_h/recurrent_kernel:0", "clstm_h/bias:0"],
        rtol=1e-4,
        atol=1e-5,
    )


def test_conv_lstm2d_matches_numpy():
    x = RNG.uniform(-1, 1, (1, 3, 4, 4, 2)).astype("float32")
    layer = layers.ConvLSTM2D(2, 2, return_sequences=True, return_state=True)
    layer(x)
    kernel, recurrent, bias = _set_random(layer)
    outputs, h, c = layer(x)
    state_h = state_c = np.zeros((1, 3, 3, 2))
    expected = []
    for t in range(3):
        z = _conv_valid(x[:, t], kernel) + _conv_same(state_h, recurrent) + bias
        i, f, g, o = np.split(z, 4, axis=-1)
        state_c = _hard_sigmoid(f) * state_c + _hard_sigmoid(i) * np.tanh(g)
        state_h = _hard_sigmoid(o) * np.tanh(state_c)
        expected.append(state_h)
    np.testing.assert_allclose(outputs.numpy(), np.stack(expected, 1), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(c.numpy(), state_c, rtol=1e-4, atol=1e-5)
    assert h.shape == (1, 3, 3, 2)


def test_conv_lstm_1d_3d_and_channels_first_shapes():
    one_d = layers.ConvLSTM1D(2, 3, padding="same", return_sequences=True)
    assert one_d(np.ones((1, 3, 5, 2), "float32")).shape == (1, 3, 5, 2)
    assert layers.ConvLSTM3D(2, 2)(np.ones((1, 2, 3, 3, 3, 1), "float32")).shape == (1, 2, 2, 2, 2)
    first = layers.ConvLSTM2D(2, 2, data_format="channels_first")
    assert first(np.ones((1, 3, 1, 4, 4), "float32")).shape == (1, 2, 3, 3)
    assert first.compute_output_shape((1, 3, 1, 4, 4)).as_list() == [1, 2, 3, 3]
    config = first.get_config()
    assert config["kernel_size"] == (2, 2) and config["recurrent_activation"] == "hard_sigmoid"
    assert layers.ConvLSTM2D.from_config(config).get_config() == config
    with pytest.raises(ValueError, match="expected ndim=5"):
        layers.ConvLSTM2D(2, 2)(np.ones((1, 3, 4, 4), "float32"))
    with pytest.raises(ValueError, match="padding"):
        layers.ConvLSTM2D(2, 2, padding="causal")
