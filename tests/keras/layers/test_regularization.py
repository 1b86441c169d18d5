"""The regularization layers: Dropout, SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout,
AlphaDropout (identity in inference, their noise's structure and statistics in training) and
ActivityRegularization (its losses)."""

import math

import numpy as np
import pytest

import lamina as tf
from lamina.keras.layer import keras_graph
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers


def _x(*shape, shift=-0.2):
    return (np.cos(np.arange(np.prod(shape)) * 0.3) + shift).reshape(shape).astype("float32")


@pytest.mark.parametrize(
    "cls, kwargs, shape",
    [
        (layers.Dropout, {"rate": 0.5}, (2, 3, 4)),
        (layers.SpatialDropout1D, {"rate": 0.5}, (2, 3, 4)),
        (layers.SpatialDropout2D, {"rate": 0.5}, (1, 2, 2, 3)),
        (layers.SpatialDropout3D, {"rate": 0.5}, (1, 2, 2, 2, 2)),
        (layers.GaussianNoise, {"stddev": 1.0}, (2, 3, 4)),
        (layers.GaussianDropout, {"rate": 0.4}, (2, 3, 4)),
        (layers.AlphaDropout, {"rate": 0.3}, (2, 3, 4)),
        (layers.ActivityRegularization, {"l1": 0.1}, (2, 3, 4)),
    ],
)
def test_identity_in_inference(cls, kwargs, shape):
    x = _x(*shape)
    layer, _ = run_layer_test(
        cls, kwargs, input_data=x, expected_output=x, expected_num_weights=0, supports_masking=True
    )
    np.testing.assert_allclose(layer(x, training=False).numpy(), x)


def test_dropout_training_keeps_scaled_entries():
    x = _x(8, 16, shift=2.0)  # positive: a kept entry is never 0
    out = layers.Dropout(0.75)(x, training=True).numpy()
    kept = out != 0
    np.testing.assert_allclose(out[kept], 4.0 * x[kept], rtol=1e-6)
    assert 0.1 < kept.mean() < 0.45
    np.testing.assert_allclose(layers.Dropout(0.0)(x, training=True).numpy(), x)


def test_dropout_noise_shape_and_seed():
    x = np.ones((6, 3, 2), "float32")
    out = layers.Dropout(0.5, noise_shape=(None, 1, 2))(x, training=True).numpy()
    assert np.all(out == out[:, :1, :])  # one mask per sample and feature, shared by the timesteps
    tf.random.set_seed(3)
    first = layers.Dropout(0.5, seed=7)(np.ones((4, 8), "float32"), training=True).numpy()
    tf.random.set_seed(3)
    second = layers.Dropout(0.5, seed=7)(np.ones((4, 8), "float32"), training=True).numpy()
    np.testing.assert_array_equal(first, second)
    config = layers.Dropout(0.3, noise_shape=(None, 1), seed=2, name="d").get_config()
    assert config == {
        "name": "d",
        "trainable": True,
        "dtype": "float32",
        "rate": 0.3,
        "noise_shape": (None, 1),
        "seed": 2,
    }


def test_dropout_training_in_graphs():
    layer = layers.Dropout(0.5)
    function = tf.function(lambda x, training: layer(x, training=training))
    x = np.ones((64, 8), "float32")
    trained = function(x, tf.constant(True)).numpy()
    assert set(np.unique(trained)) == {0.0, 2.0}
    np.testing.assert_allclose(function(x, tf.constant(False)).numpy(), x)
    unknown_batch = tf.function(
        lambda x: layers.Dropout(0.5, noise_shape=(None, 1))(x, training=True),
        input_signature=[tf.TensorSpec([None, 8], tf.float32)],
    )
    rows = unknown_batch(x).numpy()
    assert all(len(set(row)) == 1 for row in rows)  # whole rows dropped or kept
    symbolic = layers.Dropout(0.5)(tf.keras.Input((3,)), training=True)
    assert symbolic.shape.as_list() == [None, 3]


def test_training_is_inherited_from_the_enclosing_layer():
    class Outer(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.dropout = layers.Dropout(0.5)

        def call(self, inputs, training=None):
            return self.dropout(inputs)

    x = np.ones((16, 16), "float32")
    assert np.any(Outer()(x, training=True).numpy() == 0)
    np.testing.assert_allclose(Outer()(x).numpy(), x)


def test_dropout_errors():
    for rate in (1.5, -0.1):
        with pytest.raises(ValueError, match=f"Invalid value {rate} received for `rate`"):
            layers.Dropout(rate)
    with pytest.raises(ValueError, match="in the range"):
        layers.Dropout(1.0)(_x(2, 3), training=True)
    with pytest.raises(ValueError, match="must be a floating point tensor"):
        layers.Dropout(0.5)(np.ones((2, 2), "int32"), training=True)


def _whole_channels(out, x, axes, scale):
    kept = np.all(np.abs(out - x * scale) < 1e-5, axis=axes)
    dropped = np.all(out == 0, axis=axes)
    return bool(np.all(kept | dropped))


def test_spatial_dropout_drops_whole_channels():
    x3 = _x(4, 5, 6, shift=2.0)
    assert _whole_channels(layers.SpatialDropout1D(0.5)(x3, training=True).numpy(), x3, (1,), 2.0)
    x4 = _x(3, 3, 2, 5, shift=2.0)
    assert _whole_channels(layers.SpatialDropout2D(0.75)(x4, training=True).numpy(), x4, (1, 2), 4.0)
    first = layers.SpatialDropout2D(0.5, data_format="channels_first")(x4, training=True).numpy()
    assert _whole_channels(first, x4, (2, 3), 2.0)
    x5 = _x(2, 2, 2, 2, 3, shift=2.0)
    assert _whole_channels(layers.SpatialDropout3D(0.5)(x5, training=True).numpy(), x5, (1, 2, 3), 2.0)
    config = layers.SpatialDropout2D(0.3, name="sd").get_config()
    assert config == {
        "name": "sd",
        "trainable": True,
        "dtype": "float32",
        "rate": 0.3,
        "noise_shape": None,
        "seed": None,
    }


def test_spatial_dropout_errors():
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        layers.SpatialDropout1D(0.5)(_x(2, 3), training=True)
    with pytest.raises(ValueError, match="expected ndim=4"):
        layers.SpatialDropout2D(0.5)(_x(2, 3, 4))
    with pytest.raises(ValueError, match='`data_format` must be "channels_last" or "channels_first"'):
        layers.SpatialDropout2D(0.5, data_format="x")


def test_gaussian_noise_statistics():
    x = np.zeros((200, 50), "float32")
    noise = layers.GaussianNoise(0.5)(x, training=True).numpy()
    assert abs(noise.mean()) < 0.02 and abs(noise.std() - 0.5) < 0.02
    assert layers.GaussianNoise(0.5, seed=3, name="gn").get_config() == {
        "name": "gn", "trainable": True, "dtype": "float32", "stddev": 0.5, "seed": 3
    }  # fmt: skip


def test_noise_layers_with_an_unknown_batch_size():
    signature = [tf.TensorSpec([None, 4], tf.float32)]
    noisy = tf.function(lambda x: layers.GaussianNoise(1.0)(x, training=True), input_signature=signature)
    assert not np.allclose(noisy(np.zeros((3, 4), "float32")).numpy(), 0.0)
    scaled = tf.function(lambda x: layers.GaussianDropout(0.5)(x, training=True), input_signature=signature)
    assert scaled(np.ones((3, 4), "float32")).shape.as_list() == [3, 4]
    alpha = tf.function(lambda x: layers.AlphaDropout(0.5)(x, training=True), input_signature=signature)
    assert alpha(np.ones((3, 4), "float32")).shape.as_list() == [3, 4]
    with pytest.raises(TypeError, match="must be floating"):
        layers.GaussianNoise(0.5)(np.ones((2, 2), "int32"), training=True)


def test_gaussian_dropout_statistics():
    x = np.full((200, 50), 2.0, "float32")
    out = layers.GaussianDropout(0.2)(x, training=True).numpy() / 2.0
    assert abs(out.mean() - 1.0) < 0.02 and abs(out.std() - math.sqrt(0.2 / 0.8)) < 0.02
    np.testing.assert_allclose(layers.GaussianDropout(0.0)(x, training=True).numpy(), x)
    np.testing.assert_allclose(layers.GaussianDropout(1.0)(x, training=True).numpy(), x)


def test_alpha_dropout_keeps_mean_and_variance():
    rng = np.random.RandomState(0)
    x = rng.standard_normal((400, 100)).astype("float32")
    rate = 0.2
    out = layers.AlphaDropout(rate)(x, training=True).numpy()
    assert abs(out.mean()) < 0.03 and abs(out.std() - 1.0) < 0.03
    saturation = -1.6732632423543772 * 1.0507009873554805
    a = ((1 - rate) * (1 + rate * saturation**2)) ** -0.5
    b = -a * saturation * rate
    dropped = np.isclose(out, a * saturation + b, atol=1e-5)
    np.testing.assert_allclose(out[~dropped], a * x[~dropped] + b, rtol=1e-5, atol=1e-5)
    assert abs(dropped.mean() - rate) < 0.02
    assert layers.AlphaDropout(0.1, noise_shape=(None, 1), name="ad").get_config() == {
        "name": "ad", "trainable": True, "dtype": "float32", "rate": 0.1, "seed": None
    }  # fmt: skip


def test_random_layers_keep_masks():
    masked = layers.Masking()(np.array([[[0.0, 0.0], [1.0, 2.0]]], "float32"))
    for layer in (layers.GaussianNoise(0.1), layers.SpatialDropout1D(0.1), layers.AlphaDropout(0.1)):
        np.testing.assert_array_equal(
            keras_graph.get_mask(layer(masked, training=True)).numpy(), [[False, True]]
        )


def test_activity_regularization_losses():
    x = _x(4, 3)
    layer = layers.ActivityRegularization(l1=0.01, l2=0.02)
    np.testing.assert_allclose(layer(x).numpy(), x)
    expected = (0.01 * np.abs(x).sum() + 0.02 * np.square(x).sum()) / 4
    np.testing.assert_allclose([float(v) for v in layer.losses], [expected], rtol=1e-5)
    layer(_x(2, 3))  # losses are those of the last call
    smaller = (0.01 * np.abs(_x(2, 3)).sum() + 0.02 * np.square(_x(2, 3)).sum()) / 2
    np.testing.assert_allclose([float(v) for v in layer.losses], [smaller], rtol=1e-5)
    default = layers.ActivityRegularization(name="activity")
    default(x)
    assert [float(v) for v in default.losses] == [0.0]
    assert default.get_config() == {
        "name": "activity",
        "trainable": True,
        "dtype": "float32",
        "l1": 0.0,
        "l2": 0.0,
    }
