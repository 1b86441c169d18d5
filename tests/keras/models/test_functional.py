"""Functional models: construction from Keras tensors, layer order, replay, shared layers, nested
models, plain ops on Keras tensors, and the errors for disconnected graphs."""

import numpy as np
import pytest

import lamina as tf


def _dense(units, name, value):
    layer = tf.keras.layers.Dense(units, name=name, kernel_initializer=tf.keras.initializers.Constant(value))
    return layer


def test_replay_matches_layer_by_layer_computation():
    inputs = tf.keras.Input(shape=(3,), name="x")
    hidden = _dense(4, "h", 0.1)(inputs)
    outputs = _dense(2, "o", -0.2)(hidden)
    model = tf.keras.Model(inputs, outputs)
    data = np.arange(6, dtype="float32").reshape(2, 3)
    expected = (data @ np.full((3, 4), 0.1)) @ np.full((4, 2), -0.2)
    np.testing.assert_allclose(model(data).numpy(), expected, rtol=1e-6)
    assert model.name.startswith("model")
    assert [layer.name for layer in model.layers] == ["x", "h", "o"]
    assert [w.name for w in model.weights] == ["h/kernel:0", "h/bias:0", "o/kernel:0", "o/bias:0"]
    assert model.output_names == ["o"] and model.input_names == ["x"]
    assert model.input_shape == (None, 3) and model.output_shape == (None, 2)


def test_layer_order_follows_keras_depth_rule():
    wide = tf.keras.Input(shape=(2,), name="wide")
    deep = tf.keras.Input(shape=(3,), name="deep")
    h1 = tf.keras.layers.Dense(4, name="h1")(deep)
    h2 = tf.keras.layers.Dense(2, name="h2")(h1)
    joined = tf.concat([wide, h2], axis=-1)
    main = tf.keras.layers.Dense(1, name="main")(joined)
    aux = tf.keras.layers.Dense(1, name="aux")(h2)
    model = tf.keras.Model([wide, deep], [main, aux])
    assert [layer.name for layer in model.layers] == ["deep", "h1", "wide", "h2", "main", "aux"]
    x = {"wide": np.ones((2, 2), "float32"), "deep": np.ones((2, 3), "float32")}
    by_name = model(x)
    by_position = model([x["wide"], x["deep"]])
    for a, b in zip(by_name, by_position):
        np.testing.assert_allclose(a.numpy(), b.numpy())


def test_plain_ops_and_shared_layers_replay():
    inputs = tf.keras.Input(shape=(2,))
    shared = _dense(2, "shared", 1.0)
    doubled = shared(inputs) * 2.0 + 1.0
    twice = shared(doubled)
    model = tf.keras.Model(inputs, twice)
    data = np.array([[1.0, 2.0]], "float32")
    first = data @ np.ones((2, 2)) * 2 + 1
    np.testing.assert_allclose(model(data).numpy(), first @ np.ones((2, 2)))
    assert len(model.weights) == 2
    assert len(shared.inbound_nodes) == 2


def test_nested_model_and_submodel_share_weights():
    inputs = tf.keras.Input(shape=(3,))
    hidden = _dense(2, "inner_h", 0.5)(inputs)
    inner = tf.keras.Model(inputs, hidden, name="inner")
    outer_in = tf.keras.Input(shape=(3,))
    outer = tf.keras.Model(outer_in, _dense(1, "head", 1.0)(inner(outer_in)))
    data = np.ones((1, 3), "float32")
    np.testing.assert_allclose(outer(data).numpy(), [[3.0]])
    inner.layers[1].kernel.assign(np.zeros((3, 2), "float32"))
    np.testing.assert_allclose(outer(data).numpy(), [[0.0]])
    assert [w.name for w in outer.weights] == [
        "inner_h/kernel:0",
        "inner_h/bias:0",
        "head/kernel:0",
        "head/bias:0",
    ]


def test_training_argument_reaches_layers():
    class Mode(tf.keras.layers.Layer):
        def call(self, x, training=None):
            return x + (1.0 if training else 0.0)

    inputs = tf.keras.Input(shape=(1,))
    model = tf.keras.Model(inputs, Mode()(inputs))
    data = np.zeros((1, 1), "float32")
    assert float(model(data, training=True)[0, 0]) == 1.0
    assert float(model(data)[0, 0]) == 0.0


def test_disconnected_graph_and_bad_inputs_raise():
    a = tf.keras.Input(shape=(2,))
    b = tf.keras.Input(shape=(2,))
    out = tf.keras.layers.Dense(1)(b)
    with pytest.raises(ValueError, match="Graph disconnected"):
        tf.keras.Model(a, out)
    with pytest.raises(ValueError, match="tf.keras.Input"):
        tf.keras.Model(tf.constant([[1.0]]), out)
    model = tf.keras.Model(b, out)
    with pytest.raises(ValueError, match="expects 1 input"):
        model([np.ones((1, 2)), np.ones((1, 2))])
    with pytest.raises(ValueError, match="incompatible"):
        model(np.ones((1, 3), "float32"))
