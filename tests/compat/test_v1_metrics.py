"""tf.compat.v1.metrics: streaming metrics in v1 Session loops (the value "as data comes in"), local
state, collections, errors. Values of every metric against TensorFlow: tests/golden (topic
v1_metrics)."""

import numpy as np
import pytest

import lamina as tf

tf1 = tf.compat.v1
metrics = tf1.metrics

RNG = np.random.RandomState(0)
X = RNG.randn(12, 3).astype(np.float32)
Y = (X @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.25).astype(np.float32)
BATCHES = [(X[i : i + 4], Y[i : i + 4]) for i in range(0, 12, 4)]


def test_session_loop_reports_streaming_rmse():
    """Updating the RMSE before each training step gives the RMSE of every prediction made so far."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf1.placeholder(tf.float32, [None, 3])
        y = tf1.placeholder(tf.float32, [None, 1])
        w = tf1.get_variable("w", [3, 1], initializer=tf1.zeros_initializer())
        prediction = tf.matmul(x, w)
        train_op = tf1.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_mean(tf.square(prediction - y)))
        rmse, rmse_update = metrics.root_mean_squared_error(y, prediction)
        with tf1.Session(graph=graph) as session:
            session.run([tf1.global_variables_initializer(), tf1.local_variables_initializer()])
            squared_errors = []
            for batch_x, batch_y in BATCHES:
                weights = session.run(w)
                squared_errors.extend(((batch_x @ weights - batch_y) ** 2).ravel())
                updated = session.run(rmse_update, {x: batch_x, y: batch_y})
                session.run(train_op, {x: batch_x, y: batch_y})
                expected = np.sqrt(np.mean(squared_errors))
                np.testing.assert_allclose(updated, expected, rtol=1e-5)
                np.testing.assert_allclose(session.run(rmse), expected, rtol=1e-5)
            assert len(squared_errors) == 12


def test_metric_state_is_local_and_needs_the_local_initializer():
    graph = tf.Graph()
    with graph.as_default():
        value, update = metrics.mean(tf.constant([1.0, 3.0]))
        assert [v.name for v in tf1.local_variables()] == ["mean/total:0", "mean/count:0"]
        assert tf1.global_variables() == [] and tf1.trainable_variables() == []
        assert len(graph.get_collection("metric_variables")) == 2
        with tf1.Session(graph=graph) as session:
            session.run(tf1.global_variables_initializer())
            with pytest.raises(tf.errors.FailedPreconditionError):
                session.run(update)
            session.run(tf1.local_variables_initializer())
            assert session.run(update) == 2.0
            assert session.run(update) == 2.0
            assert session.run(value) == 2.0


def test_value_does_not_update_and_update_does():
    graph = tf.Graph()
    with graph.as_default():
        values = tf1.placeholder(tf.float32, [None])
        total, update = metrics.true_positives(values, values)
        with tf1.Session(graph=graph) as session:
            session.run(tf1.local_variables_initializer())
            session.run(update, {values: [1.0, 0.0, 2.0]})
            assert session.run(total) == 2.0
            assert session.run(total) == 2.0
            assert session.run(update, {values: [5.0]}) == 3.0


def test_collections_receive_value_and_update():
    graph = tf.Graph()
    with graph.as_default():
        labels, predictions = tf.constant([1, 0, 1]), tf.constant([1, 1, 1])
        value, update = metrics.accuracy(
            labels, predictions, metrics_collections=["values"], updates_collections=["updates"]
        )
        other = metrics.recall(labels, predictions, metrics_collections="values")
        assert graph.get_collection("values") == [value, other[0]]
        assert graph.get_collection("updates") == [update]


def test_several_metrics_update_in_one_run():
    """One Session run updates every metric of an evaluation loop; values agree with NumPy."""
    labels = np.array([1, 0, 1, 1, 0, 0], np.float32)
    scores = np.array([0.9, 0.3, 0.4, 0.8, 0.6, 0.1], np.float32)
    graph = tf.Graph()
    with graph.as_default():
        label_input = tf1.placeholder(tf.float32, [None])
        score_input = tf1.placeholder(tf.float32, [None])
        decisions = tf.cast(score_input > 0.5, tf.float32)
        pairs = {
            "accuracy": metrics.accuracy(label_input, decisions),
            "precision": metrics.precision(label_input, decisions),
            "recall": metrics.recall(label_input, decisions),
            "auc": metrics.auc(label_input, score_input),
            "mae": metrics.mean_absolute_error(label_input, score_input),
        }
        with tf1.Session(graph=graph) as session:
            session.run(tf1.local_variables_initializer())
            for start in (0, 3):
                feed = {label_input: labels[start : start + 3], score_input: scores[start : start + 3]}
                session.run([update for _, update in pairs.values()], feed)
            result = session.run({name: value for name, (value, _) in pairs.items()})
    predicted = scores > 0.5
    assert result["accuracy"] == pytest.approx(np.mean(predicted == labels))
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["mae"] == pytest.approx(np.mean(np.abs(scores - labels)))
    assert result["auc"] == pytest.approx(8 / 9, abs=1e-3)  # 8 of 9 positive/negative pairs ordered


def test_eager_use_raises():
    with pytest.raises(RuntimeError, match="not supported when eager execution is enabled"):
        metrics.root_mean_squared_error(tf.constant([1.0]), tf.constant([2.0]))
    with pytest.raises(RuntimeError, match="tf.metrics.precision_at_k"):
        metrics.precision_at_k(tf.constant([[1]], tf.int64), tf.constant([[0.2, 0.8]]), 1)


def test_bad_arguments_name_the_value():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Curve XY is unknown"):
            metrics.auc(tf.constant([1.0]), tf.constant([0.5]), curve="XY")
        with pytest.raises(ValueError, match="simpson"):
            metrics.auc(tf.constant([1.0]), tf.constant([0.5]), summation_method="simpson")
        with pytest.raises(ValueError, match="incompatible"):
            metrics.mean_squared_error(tf.constant([1.0, 2.0, 3.0]), tf.constant([1.0, 2.0]))
        with pytest.raises(ValueError, match="weights can not be broadcast"):
            metrics.mean(tf.constant([1.0, 2.0, 3.0]), weights=tf.constant([1.0, 2.0]))


def test_predictions_outside_the_unit_interval_fail_the_update():
    graph = tf.Graph()
    with graph.as_default():
        scores = tf1.placeholder(tf.float32, [None])
        _, update = metrics.auc(tf.constant([1.0, 0.0]), scores, num_thresholds=5)
        with tf1.Session(graph=graph) as session:
            session.run(tf1.local_variables_initializer())
            session.run(update, {scores: [0.25, 1.0]})
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"predictions must be in \[0, 1\]"):
                session.run(update, {scores: [0.25, 1.5]})
