"""The activation layers through the layer harness, against NumPy formulas."""

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test

X = np.linspace(-3.0, 3.0, 24, dtype="float32").reshape(2, 3, 4)


@pytest.mark.parametrize(
    "layer_cls, kwargs, reference",
    [
        (tf.keras.layers.ReLU, {}, lambda x: np.maximum(x, 0)),
        (tf.keras.layers.ReLU, {"max_value": 1.0}, lambda x: np.clip(x, 0, 1)),
        (tf.keras.layers.LeakyReLU, {"alpha": 0.1}, lambda x: np.where(x > 0, x, 0.1 * x)),
        (tf.keras.layers.ELU, {"alpha": 0.5}, lambda x: np.where(x > 0, x, 0.5 * (np.exp(x) - 1))),
        (tf.keras.layers.ThresholdedReLU, {"theta": 1.0}, lambda x: np.where(x > 1.0, x, 0)),
        (tf.keras.layers.Softmax, {}, lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True)),
    ],
)
def test_elementwise_activation_layers(layer_cls, kwargs, reference):
    run_layer_test(
        layer_cls,
        kwargs,
        input_data=X,
        expected_output=reference(X),
        expected_output_shape=(2, 3, 4),
        expected_num_weights=0,
        supports_masking=True,
    )


def test_prelu_learns_a_slope_per_feature():
    layer, output = run_layer_test(
        tf.keras.layers.PReLU,
        {"alpha_initializer": tf.keras.initializers.Constant(0.25), "shared_axes": [1]},
        input_data=X,
        expected_output=np.where(X > 0, X, 0.25 * X),
        expected_num_weights=1,
        expected_num_trainable_weights=1,
    )
    assert layer.weights[0].shape == (1, 4)


def test_softmax_mask_zeroes_masked_entries():
    x = np.array([[1.0, 2.0, 3.0]], "float32")
    out = tf.keras.layers.Softmax()(x, mask=np.array([[True, False, True]])).numpy()
    np.testing.assert_allclose(
        out, [[np.exp(1) / (np.exp(1) + np.exp(3)), 0.0, np.exp(3) / (np.exp(1) + np.exp(3))]], rtol=1e-6
    )
