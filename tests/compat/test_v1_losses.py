"""tf.compat.v1.losses beyond the golden values (tests/golden, topic "v1_losses"): Session training
loops, loss collections per graph and inside tf.function, unknown batch sizes, gradients, and the
shared maths with Keras's losses."""

import numpy as np
import pytest

import lamina as tf
from lamina.keras.loss import log_loss_elementwise
from tests.ops.harness import check_gradient

losses = tf.compat.v1.losses
LABELS = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
LOGITS = np.array([[-2.0, 1.5, 0.3], [1.0, -0.5, -1.2]])


def test_session_loop_with_placeholders_of_unknown_batch():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 3])
        y = tf.compat.v1.placeholder(tf.float32, [None, 3])
        w = tf.Variable(np.eye(3, dtype=np.float32))
        loss = losses.sigmoid_cross_entropy(y, tf.matmul(x, w), weights=tf.ones_like(y))
        assert loss.shape.as_list() == [] and loss.name == "sigmoid_cross_entropy_loss/value:0"
        (gradient,) = tf.gradients(losses.get_total_loss(), [w])
        step = w.assign_sub(0.5 * gradient)
        feed = {x: LOGITS, y: LABELS}
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            first = session.run(loss, feed)
            for _ in range(5):
                session.run(step, feed)
            last = session.run(loss, feed)
    assert last < first


def test_collections_belong_to_their_graph():
    first, second = tf.Graph(), tf.Graph()
    with first.as_default():
        losses.absolute_difference(tf.constant([[1.0]]), tf.constant([[2.0]]))
    with second.as_default():
        assert losses.get_losses() == []
    with first.as_default():
        assert len(losses.get_losses()) == 1


def test_tf_function_collects_in_its_own_graph():
    @tf.function
    def compute():
        value = losses.mean_squared_error(tf.constant([[1.0, 2.0]]), tf.constant([[2.0, 4.0]]))
        return value, len(losses.get_losses())

    value, count = compute()
    assert count == 1
    np.testing.assert_allclose(value.numpy(), 2.5)
    assert losses.get_losses() == []


def test_reductions_of_compute_weighted_loss():
    values = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    weights = tf.constant([[0.0, 1.0], [2.0, 2.0]])
    reduction = losses.Reduction
    expected = {
        reduction.NONE: [[0.0, 2.0], [6.0, 8.0]],
        reduction.SUM: 16.0,
        reduction.MEAN: 16.0 / 5.0,
        reduction.SUM_OVER_BATCH_SIZE: 4.0,
        reduction.SUM_BY_NONZERO_WEIGHTS: 16.0 / 3.0,
    }
    for key, value in expected.items():
        np.testing.assert_allclose(
            losses.compute_weighted_loss(values, weights, reduction=key).numpy(), value
        )


def test_mean_squared_error_gradient_is_analytic():
    labels = tf.constant(LABELS, tf.float32)
    predictions = tf.constant(LOGITS, tf.float32)
    weights = tf.constant([[1.0], [0.0]])
    with tf.GradientTape() as tape:
        tape.watch(predictions)
        loss = losses.mean_squared_error(labels, predictions, weights=weights)
    expected = 2.0 * (LOGITS - LABELS) * np.array([[1.0], [0.0]]) / 3.0  # 3 entries have non-zero weight
    np.testing.assert_allclose(tape.gradient(loss, predictions).numpy(), expected, rtol=1e-6)


def test_log_loss_gradient_matches_finite_differences():
    # v1 losses compute in float32; the element-wise maths they share with Keras is checked in float64.
    probabilities = np.array([[0.2, 0.6, 0.9], [0.7, 0.3, 0.4]])
    check_gradient(lambda p: log_loss_elementwise(tf.constant(LABELS), p, 1e-7), [probabilities])


def test_sigmoid_cross_entropy_is_keras_binary_crossentropy_elementwise():
    labels, logits = tf.constant(LABELS, tf.float32), tf.constant(LOGITS, tf.float32)
    v1 = losses.sigmoid_cross_entropy(labels, logits, label_smoothing=0.2, reduction=losses.Reduction.NONE)
    keras = tf.keras.losses.binary_crossentropy(labels, logits, from_logits=True, label_smoothing=0.2)
    np.testing.assert_allclose(tf.reduce_mean(v1, axis=-1).numpy(), keras.numpy(), rtol=1e-6)


@pytest.mark.parametrize("weights", [1.0, [[1.0], [0.0]]])
def test_mean_pairwise_matches_pair_definition(weights):
    labels = np.array([[1.0, 2.0, 4.0], [0.0, 0.0, 1.0]])
    predictions = np.array([[1.5, 2.0, 3.0], [1.0, 0.0, 0.0]])
    diffs = predictions - labels
    per_example = [np.mean([(d[i] - d[j]) ** 2 for i in range(3) for j in range(i + 1, 3)]) for d in diffs]
    row_weights = np.broadcast_to(np.asarray(weights), (2, 1))[:, 0]
    got = losses.mean_pairwise_squared_error(
        tf.constant(labels, tf.float32), tf.constant(predictions, tf.float32), weights=tf.constant(weights)
    )
    np.testing.assert_allclose(got.numpy(), np.sum(np.asarray(per_example) * row_weights), rtol=1e-6)
