"""tf.keras.activations beyond the golden values (tests/golden, topic "activations"): gradients against
finite differences, relu's options against a NumPy reference, the logits attached by softmax/sigmoid,
and get/serialize with user functions."""

import numpy as np
import pytest

import lamina as tf
from lamina.keras.attachments import get_logits
from tests.ops.harness import check_gradient

X = np.array([-3.0, -1.2, -0.4, 0.3, 0.9, 2.2, 5.5, 7.0])


@pytest.mark.parametrize(
    "name", ["elu", "gelu", "mish", "selu", "sigmoid", "softplus", "softsign", "swish", "tanh"]
)
def test_gradient_matches_finite_differences(name):
    check_gradient(getattr(tf.keras.activations, name), [X])


def test_softmax_gradient_with_axis_list():
    matrix = X.reshape(2, 4)
    check_gradient(lambda x: tf.keras.activations.softmax(x, axis=[0, 1]), [matrix])


def _relu_reference(x, alpha, max_value, threshold):
    negative = np.where(x < threshold, alpha * (x - threshold), 0.0)
    positive = np.where(x > threshold, x, 0.0)
    if max_value is not None:
        positive = np.minimum(positive, max_value)
    return positive + negative


@pytest.mark.parametrize(
    "alpha, max_value, threshold",
    [
        (0.0, None, 0.0),
        (0.3, None, 0.0),
        (0.0, 4.0, 0.0),
        (0.0, 6.0, 0.0),
        (0.2, 4.0, 1.0),
        (0.1, None, -1.0),
    ],
)
def test_relu_options_match_reference(alpha, max_value, threshold):
    got = tf.keras.activations.relu(tf.constant(X), alpha=alpha, max_value=max_value, threshold=threshold)
    np.testing.assert_allclose(got.numpy(), _relu_reference(X, alpha, max_value, threshold), rtol=1e-12)


def test_softmax_and_sigmoid_remember_their_logits():
    logits = tf.constant(X.reshape(2, 4))
    assert get_logits(tf.keras.activations.softmax(logits)) is logits
    assert get_logits(tf.keras.activations.sigmoid(logits)) is logits
    assert get_logits(tf.keras.activations.tanh(logits)) is None


def test_get_and_serialize_user_function():
    def scaled_tanh(x):
        return 2.0 * tf.tanh(x)

    assert tf.keras.activations.serialize(scaled_tanh) == "scaled_tanh"
    assert (
        tf.keras.activations.deserialize("scaled_tanh", custom_objects={"scaled_tanh": scaled_tanh})
        is scaled_tanh
    )
    assert tf.keras.activations.get(scaled_tanh) is scaled_tanh


def test_softmax_in_a_graph_with_unknown_batch():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 4])
        y = tf.keras.activations.softmax(x)
        assert y.shape.as_list() == [None, 4]
        with tf.compat.v1.Session() as session:
            value = session.run(y, {x: X.reshape(2, 4)})
    np.testing.assert_allclose(value.sum(axis=-1), [1.0, 1.0], rtol=1e-6)
