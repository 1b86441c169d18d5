"""tf.keras.metrics beyond the golden values: one compiled call per tf.function step, no host work in
eager updates, Metric subclassing, v1 graphs, masks, names and lookups. (Values against TensorFlow:
tools/golden/cases/metrics.py and metrics_confusion.py.)"""

import numpy as np
import pytest

import lamina as tf
from lamina._core import eager
from lamina.keras.attachments import set_mask
from lamina.keras.metric import confusion

_PROBS = np.array([[0.1, 0.6, 0.3], [0.5, 0.2, 0.3], [0.3, 0.3, 0.4], [0.05, 0.05, 0.9]], np.float32)
_MULTI_HOT = np.array([[0, 1, 1], [1, 0, 1], [0, 0, 1], [1, 0, 0]], np.float32)
_CLASSES = np.array([1, 2, 2, 0], np.int32)


def _metrics():
    m = tf.keras.metrics
    return [
        m.Mean(),
        m.AUC(num_thresholds=11),
        m.AUC(thresholds=[0.25, 0.35], multi_label=True, curve="PR"),
        m.Precision(top_k=2),
        m.Recall(thresholds=[0.3, 0.6], class_id=2),
        m.BinaryAccuracy(),
        m.PrecisionAtRecall(0.5, num_thresholds=7),
        m.MeanIoU(num_classes=3),
        m.F1Score(average="macro"),
        m.R2Score(),
    ]


def _update_all(metrics, y_true, y_pred, classes, weights):
    mean, auc, auc_multi, precision, recall, binary, at_recall, iou, f1, r2 = metrics
    mean.update_state(y_pred, sample_weight=weights)
    auc.update_state(y_true, y_pred, sample_weight=weights)
    auc_multi.update_state(y_true, y_pred)
    precision.update_state(y_true, y_pred)
    recall.update_state(y_true, y_pred, sample_weight=weights)
    binary.update_state(y_true, y_pred)
    at_recall.update_state(y_true, y_pred)
    iou.update_state(classes, tf.argmax(y_pred, axis=-1), sample_weight=weights)
    f1.update_state(y_true, y_pred)
    r2.update_state(y_true, y_pred)


class _RunLog:
    """Records every op the eager executor runs while active."""

    def __init__(self, monkeypatch):
        self.opdefs = []
        original = eager.run

        def recording(opdef, inputs, attrs):
            self.opdefs.append(opdef)
            return original(opdef, inputs, attrs)

        monkeypatch.setattr(eager, "run", recording)


def test_function_step_updating_many_metrics_is_one_compiled_call(monkeypatch):
    compiled, eager_twins = _metrics(), _metrics()

    @tf.function
    def step(y_true, y_pred, classes, weights):
        _update_all(compiled, y_true, y_pred, classes, weights)

    weights = tf.constant([1.0, 0.5, 2.0, 0.0])
    step(tf.constant(_MULTI_HOT), tf.constant(_PROBS), tf.constant(_CLASSES), weights)
    log = _RunLog(monkeypatch)
    step(tf.constant(_MULTI_HOT[::-1]), tf.constant(_PROBS), tf.constant(_CLASSES), weights)
    monkeypatch.undo()
    assert len(log.opdefs) == 1 and log.opdefs[0].jit
    assert step.experimental_get_tracing_count() == 1
    _update_all(eager_twins, _MULTI_HOT, _PROBS, _CLASSES, [1.0, 0.5, 2.0, 0.0])
    _update_all(eager_twins, _MULTI_HOT[::-1], _PROBS, _CLASSES, [1.0, 0.5, 2.0, 0.0])
    for traced, plain in zip(compiled, eager_twins):
        np.testing.assert_allclose(traced.result().numpy(), plain.result().numpy(), rtol=1e-6, atol=1e-6)


def test_eager_updates_run_only_compiled_ops_without_host_checks(monkeypatch):
    metrics = _metrics()
    log = _RunLog(monkeypatch)
    _update_all(metrics, _MULTI_HOT, _PROBS, _CLASSES, [1.0, 0.5, 2.0, 0.0])
    monkeypatch.undo()
    assert log.opdefs
    offenders = {o.name for o in log.opdefs if not o.jit or o.validate is not None or o.stateful or o.host}
    assert not offenders, f"ops that read values back or cannot compile: {offenders}"


class _Counter(tf.keras.metrics.Metric):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hits = self.add_weight("hits")
        self.seen = self.add_weight("seen", shape=(2,), initializer="ones", dtype="int32")
        self.scaled = self.add_weight("scaled", initializer=tf.keras.initializers.Constant(3.0))

    def update_state(self, y_true, y_pred):
        self.hits.assign_add(tf.reduce_sum(tf.cast(tf.equal(y_true, y_pred), self.dtype)))
        self.seen.assign_add(tf.constant([1, 2]))

    def result(self):
        return self.hits * 2.0


def test_metric_subclass_with_add_weight():
    metric = _Counter(name="counter")
    assert [v.name for v in metric.variables] == ["hits:0", "seen:0", "scaled:0"]
    assert [v.numpy().tolist() for v in metric.variables] == [0.0, [1, 1], 3.0]
    assert metric.variables[1].dtype is tf.int32
    assert metric.trainable_weights == [] and metric.non_trainable_weights == metric.weights
    assert not any(v.trainable for v in metric.variables)
    assert metric([1, 2, 3], [1, 0, 3]).numpy() == 4.0
    metric.update_state([4], [4])
    assert metric.result().numpy() == 6.0 and metric.seen.numpy().tolist() == [3, 5]
    metric.reset_state()
    assert [v.numpy().tolist() for v in metric.variables] == [0.0, [0, 0], 0.0]
    assert metric.get_config() == {"name": "counter", "dtype": "float32"}
    rebuilt = _Counter.from_config(metric.get_config())
    assert rebuilt.name == "counter" and repr(rebuilt) == "_Counter(name=counter,dtype=float32)"


def test_metric_subclass_update_in_function_and_default_names():
    class FreshlyNamedMetric(_Counter):
        pass

    first, second = FreshlyNamedMetric(), FreshlyNamedMetric()
    assert (first.name, second.name) == ("freshly_named_metric", "freshly_named_metric_1")

    @tf.function
    def update(y_true, y_pred):
        first.update_state(y_true, y_pred)

    update(tf.constant([1, 2]), tf.constant([1, 2]))
    update(tf.constant([3, 4]), tf.constant([0, 4]))
    assert first.result().numpy() == 6.0 and update.experimental_get_tracing_count() == 1


def test_metric_rejects_unknown_keyword_and_abstract_use():
    with pytest.raises(TypeError, match="colour"):
        _Counter(colour="red")
    with pytest.raises(TypeError):
        tf.keras.metrics.Metric()


def test_get_unknown_name_names_it():
    with pytest.raises(ValueError, match="bogus_metric"):
        tf.keras.metrics.get("bogus_metric")
    with pytest.raises(ValueError, match="42"):
        tf.keras.metrics.get(42)
    with pytest.raises(ValueError, match="NoSuchMetric"):
        tf.keras.metrics.deserialize({"class_name": "NoSuchMetric", "config": {}})


def test_get_and_namespaces():
    assert tf.keras.metrics.get("acc") is tf.keras.metrics.get("accuracy")
    assert tf.keras.metrics.get("mse") is tf.keras.losses.mean_squared_error
    assert isinstance(tf.keras.metrics.get("AUC"), tf.keras.metrics.AUC)
    assert tf.metrics.Mean is tf.keras.metrics.Mean
    round_trip = tf.keras.metrics.deserialize(tf.keras.metrics.serialize(tf.keras.metrics.AUC(curve="PR")))
    assert round_trip.curve == "PR"


def test_metrics_in_a_v1_graph_session():
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        scores = v1.placeholder(tf.float32, [None])
        labels = v1.placeholder(tf.float32, [None])
        mean, auc = tf.keras.metrics.Mean(), tf.keras.metrics.AUC(num_thresholds=5)
        updates = [mean.update_state(scores), auc.update_state(labels, scores)]
        results = [mean.result(), auc.result()]
        init = v1.variables_initializer(mean.variables + auc.variables)
        with v1.Session() as session:
            session.run(init)
            session.run(updates, {scores: [0.2, 0.6], labels: [0.0, 1.0]})
            session.run(updates, {scores: [0.9], labels: [1.0]})
            mean_value, auc_value = session.run(results)
    assert np.isclose(mean_value, 1.7 / 3) and auc_value == 1.0


def test_mask_attached_to_values_zeroes_their_weight():
    def masked_error(y_true, y_pred):
        errors = tf.abs(y_true - y_pred)
        set_mask(errors, tf.not_equal(y_true, -1.0))
        return errors

    metric = tf.keras.metrics.MeanMetricWrapper(masked_error, name="masked")
    metric.update_state([1.0, -1.0, 3.0], [2.0, 5.0, 3.0])
    metric.update_state([2.0, -1.0], [0.0, 0.0], sample_weight=[0.5, 4.0])
    assert np.isclose(metric.result().numpy(), (1.0 + 0.0 + 0.5 * 2.0) / 2.5)


def test_auc_label_count_must_stay_the_same():
    auc = tf.keras.metrics.AUC(multi_label=True)
    auc.update_state(_MULTI_HOT, _PROBS)
    with pytest.raises(ValueError, match="labels"):
        auc.update_state(_MULTI_HOT[:, :2], _PROBS[:, :2])
    with pytest.raises(ValueError, match="rank 2"):
        tf.keras.metrics.AUC(multi_label=True).update_state([1.0, 0.0], [0.3, 0.2])


def test_confusion_functions_are_pure():
    counts = confusion.thresholded_counts([1, 0, 1, 1], [0.9, 0.6, 0.4, 0.2], [0.3, 0.5])
    assert {k: v.numpy().tolist() for k, v in counts.items()} == {
        "tp": [2.0, 1.0],
        "fp": [1.0, 1.0],
        "tn": [0.0, 0.0],
        "fn": [1.0, 2.0],
    }
    matrix = confusion.class_confusion_matrix([0, 1, 2, 2], [0, 2, 2, 5], 3, weights=[1.0, 2.0, 3.0, 4.0])
    assert matrix.numpy().tolist() == [[1.0, 0.0, 0.0], [0.0, 0.0, 2.0], [0.0, 0.0, 3.0]]
