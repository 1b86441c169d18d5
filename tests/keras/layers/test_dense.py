"""tf.keras.layers.Dense through the layer harness, plus its values and errors."""

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test


def test_dense_harness():
    run_layer_test(
        tf.keras.layers.Dense,
        {"units": 3, "activation": "tanh", "name": "dense_h"},
        input_shape=(2, 4),
        expected_output_shape=(2, 3),
        expected_output_dtype="float32",
        expected_num_weights=2,
        expected_num_trainable_weights=2,
        expected_weight_names=["dense_h/kernel:0", "dense_h/bias:0"],
        supports_masking=True,
    )


def test_dense_values_rank3():
    layer = tf.keras.layers.Dense(2, use_bias=False, kernel_initializer="ones")
    x = np.arange(12, dtype="float32").reshape(1, 3, 4)
    np.testing.assert_allclose(layer(x).numpy(), np.repeat(x.sum(-1, keepdims=True), 2, axis=-1))
    layer2 = tf.keras.layers.Dense(3, bias_initializer="ones", kernel_initializer="zeros")
    np.testing.assert_allclose(layer2(np.ones((2, 5), "float32")).numpy(), np.ones((2, 3)))


def test_dense_errors():
    with pytest.raises(ValueError, match="units"):
        tf.keras.layers.Dense(-1)
    layer = tf.keras.layers.Dense(2)
    layer(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        layer(np.ones((1, 4), "float32"))
    with pytest.raises(TypeError, match="Keyword argument not understood"):
        tf.keras.layers.Dense(2, unknown=1)


def test_dense_regularizer_losses_and_casting():
    layer = tf.keras.layers.Dense(
        1, kernel_initializer="ones", kernel_regularizer=tf.keras.regularizers.L2(0.5)
    )
    out = layer(np.ones((1, 2), "float64"))
    assert out.dtype == tf.float32
    np.testing.assert_allclose([float(v) for v in layer.losses], [1.0])
