"""tf.keras.regularizers: penalties against NumPy formulas, in every mode, their gradients, lookup.

Values that must equal TensorFlow's (penalties on fixed inputs, configs, errors) are golden cases in
tools/golden/cases/keras_init_reg.py.
"""

import numpy as np
import pytest

import lamina as tf

R = tf.keras.regularizers
W = np.array([[0.5, -1.5, 2.0], [3.0, 0.25, -0.75]], dtype=np.float32)


def _orthogonal_reference(matrix, factor):
    rows = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    cosines = np.abs(rows @ rows.T)
    size = rows.shape[0]
    return factor * (cosines.sum() - np.trace(cosines)) / (size * (size - 1))


@pytest.mark.parametrize(
    "regularizer, expected",
    [
        (R.L1(0.2), 0.2 * np.abs(W).sum()),
        (R.L2(0.3), 0.3 * np.square(W).sum()),
        (R.L1L2(0.2, 0.3), 0.2 * np.abs(W).sum() + 0.3 * np.square(W).sum()),
        (R.OrthogonalRegularizer(0.5), _orthogonal_reference(W, 0.5)),
        (R.OrthogonalRegularizer(0.5, "columns"), _orthogonal_reference(W.T, 0.5)),
    ],
)
def test_penalties_match_numpy(regularizer, expected):
    penalty = regularizer(tf.constant(W))
    assert penalty.shape == () and penalty.dtype == tf.float32
    np.testing.assert_allclose(penalty.numpy(), expected, rtol=1e-6)
    traced = tf.function(lambda x: regularizer(x))(tf.constant(W))
    np.testing.assert_allclose(traced.numpy(), expected, rtol=1e-6)


def test_penalty_of_a_variable_and_its_gradient():
    variable = tf.Variable(W)
    regularizer = R.L1L2(l1=0.1, l2=0.25)
    with tf.GradientTape() as tape:
        penalty = regularizer(variable)
    gradient = tape.gradient(penalty, variable)
    np.testing.assert_allclose(gradient.numpy(), 0.1 * np.sign(W) + 0.5 * W, rtol=1e-6)


def test_penalty_in_v1_graph():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, shape=(2, 3))
        penalty = R.L2(0.5)(x)
        with tf.compat.v1.Session(graph=graph) as session:
            value = session.run(penalty, feed_dict={x: W})
    np.testing.assert_allclose(value, 0.5 * np.square(W).sum(), rtol=1e-6)


def test_factors_are_stored_as_float32():
    regularizer = R.L1(0.1)
    assert regularizer.get_config() == {"l1": float(np.float32(0.1))}
    assert R.L1.from_config(regularizer.get_config()).get_config() == regularizer.get_config()


def test_l1_l2_name_builds_nonzero_factors():
    expected = {"l1": float(np.float32(0.01)), "l2": float(np.float32(0.01))}
    assert R.get("l1_l2").get_config() == R.l1_l2().get_config() == expected
    assert R.get("L1L2").get_config() == {"l1": 0.0, "l2": 0.0}


def test_unknown_name_raises():
    # Keras 2.15 returns the unknown string itself; lamina reports it instead.
    with pytest.raises(ValueError, match="Unknown regularizer: 'l3'"):
        R.get("l3")


def test_custom_objects_and_callables():
    class Scaled(R.Regularizer):
        def __init__(self, scale=1.0):
            self.scale = scale

        def __call__(self, x):
            return self.scale * tf.reduce_sum(x)

        def get_config(self):
            return {"scale": self.scale}

    rebuilt = R.deserialize(R.serialize(Scaled(2.0)), custom_objects={"Scaled": Scaled})
    np.testing.assert_allclose(rebuilt(tf.constant(W)).numpy(), 2.0 * W.sum(), rtol=1e-6)

    def penalty(x):
        return tf.reduce_sum(x)

    assert R.get(penalty) is penalty
