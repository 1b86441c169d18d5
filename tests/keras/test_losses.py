"""tf.keras.losses beyond the golden values (tests/golden, topic "losses"): gradients against finite
differences, graphs with unknown batch sizes, one XLA executable per compiled loss, the mask and logits
that tensors carry, user functions and registered classes, and warnings."""

import gc
import warnings

import numpy as np
import pytest

import lamina as tf
from lamina._core import eager
from lamina.keras.attachments import _TABLE, get_logits, get_mask, set_mask
from lamina.keras.loss import huber_elementwise
from lamina.keras.loss_classes import LossFunctionWrapper
from lamina.keras.loss_utils import compute_weighted_loss, squeeze_or_expand_dimensions
from lamina.keras.serialization import register_keras_serializable
from tests.ops.harness import check_gradient

LABELS = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
PROBS = np.array([[0.1, 0.8, 0.6], [0.7, 0.2, 0.4]])
LOGITS = np.array([[-2.0, 1.5, 0.3], [1.0, -0.5, -1.2]])
ONE_HOT = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
TARGETS = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, 1.5]])
PREDICTIONS = np.array([[1.5, -1.0, 0.1], [0.2, 2.0, 3.0]])
POSITIVE = np.array([[1.5, 1.0, 0.1], [0.2, 2.0, 3.0]])


@pytest.mark.parametrize(
    "loss, y_true, y_pred",
    [
        (tf.keras.losses.MeanSquaredError(), TARGETS, PREDICTIONS),
        (tf.keras.losses.MeanAbsolutePercentageError(), TARGETS + 3.0, PREDICTIONS),
        (tf.keras.losses.LogCosh(), TARGETS, PREDICTIONS),
        (tf.keras.losses.Poisson(), TARGETS + 2.0, POSITIVE),
        (tf.keras.losses.CosineSimilarity(), TARGETS, PREDICTIONS),
        (tf.keras.losses.BinaryCrossentropy(label_smoothing=0.1), LABELS, PROBS),
        (tf.keras.losses.BinaryCrossentropy(from_logits=True), LABELS, LOGITS),
        (tf.keras.losses.CategoricalCrossentropy(), ONE_HOT, PROBS),
        (tf.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.2), ONE_HOT, LOGITS),
        (tf.keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True), LABELS, PROBS),
        (tf.keras.losses.CategoricalFocalCrossentropy(from_logits=True), ONE_HOT, LOGITS),
        (tf.keras.losses.KLDivergence(), ONE_HOT * 0.8 + 0.1, PROBS),
        (tf.keras.losses.SquaredHinge(), LABELS, LOGITS),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, tf.keras.losses.Loss) else None,
)
def test_gradient_matches_finite_differences(loss, y_true, y_pred):
    weights = tf.constant([1.0, 0.25], tf.float64)
    check_gradient(
        lambda p: loss(tf.constant(y_true), p, sample_weight=weights), [y_pred], rtol=1e-4, atol=1e-6
    )


def test_huber_gradient_matches_finite_differences():
    # Keras computes Huber in float32; its element-wise part is checked in float64.
    check_gradient(
        lambda error: huber_elementwise(error, tf.constant(0.7, tf.float64)),
        [PREDICTIONS - TARGETS],
        rtol=1e-4,
        atol=1e-6,
    )


def test_sparse_gradient_matches_finite_differences():
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=2)
    check_gradient(lambda p: loss(tf.constant([1, 2]), p), [LOGITS], rtol=1e-4, atol=1e-6)


def test_unknown_batch_size_in_a_graph():
    """Rank alignment uses static ranks: [None] labels against [None, 1] predictions are squeezed."""
    graph = tf.Graph()
    with graph.as_default():
        labels = tf.compat.v1.placeholder(tf.float32, [None])
        predictions = tf.compat.v1.placeholder(tf.float32, [None, 1])
        loss = tf.keras.losses.MeanSquaredError()(labels, predictions)
        one_hot = tf.compat.v1.placeholder(tf.float32, [None, 3])
        per_example = tf.keras.losses.CategoricalCrossentropy(reduction="none")(one_hot, one_hot)
        assert loss.shape.as_list() == []
        assert per_example.shape.as_list() == [None]
        with tf.compat.v1.Session() as session:
            value = session.run(loss, {labels: [1.0, 0.0, 2.0], predictions: [[0.5], [0.2], [1.0]]})
    np.testing.assert_allclose(value, (0.25 + 0.04 + 1.0) / 3, rtol=1e-6)


def test_compiled_loss_is_one_executable(monkeypatch):
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0)
    compute = tf.function(lambda y, p, w: loss(y, p, sample_weight=w))
    args = (tf.constant([1, 0, 2]), tf.constant(LOGITS[[0, 1, 0]], tf.float32), tf.constant([1.0, 2.0, 0.5]))
    compute(*args)  # trace
    launched = []
    original = eager.run
    monkeypatch.setattr(
        eager,
        "run",
        lambda opdef, inputs, attrs: launched.append(opdef.name) or original(opdef, inputs, attrs),
    )
    compute(*args)
    assert len(launched) == 1, launched


def test_mask_on_predictions_counts_only_valid_entries():
    """A mask attached to y_pred (Keras's `_keras_mask`) excludes entries; the mean runs over the rest."""
    y_true = tf.constant([[0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    y_pred = tf.constant([[0.2, 0.7], [0.9, 0.4], [0.1, 0.3]])
    set_mask(y_pred, tf.constant([True, False, True]))
    mse = tf.keras.losses.MeanSquaredError
    np.testing.assert_allclose(mse()(y_true, y_pred).numpy(), (0.065 + 0.05) / 2, rtol=1e-6)
    np.testing.assert_allclose(mse(reduction="sum")(y_true, y_pred).numpy(), 0.115, rtol=1e-6)
    weighted = mse()(y_true, y_pred, sample_weight=[1.0, 2.0, 3.0])
    np.testing.assert_allclose(weighted.numpy(), (0.065 + 0.15) / 2, rtol=1e-6)
    np.testing.assert_allclose(mse(reduction="none")(y_true, y_pred).numpy(), [0.065, 0.0, 0.05], rtol=1e-6)


def test_attachments_follow_their_tensor():
    tensor = tf.constant([1.0])
    mask = tf.constant([True])
    set_mask(tensor, mask)
    assert get_mask(tensor) is mask
    assert get_logits(tensor) is None
    assert get_mask(tf.constant([1.0])) is None
    size = len(_TABLE)
    del tensor
    gc.collect()
    assert len(_TABLE) == size - 1


def test_sparse_ignore_class_attaches_mask():
    losses = tf.keras.losses.sparse_categorical_crossentropy(
        tf.constant([1, 2]), tf.constant(LOGITS, tf.float32), from_logits=True, ignore_class=2
    )
    assert get_mask(losses).numpy().tolist() == [True, False]
    assert losses.numpy()[1] == 0.0


def test_from_logits_on_an_activation_output_warns():
    probabilities = tf.keras.activations.sigmoid(tf.constant(LOGITS, tf.float32))
    with pytest.warns(UserWarning, match="from_logits=True"):
        value = tf.keras.losses.binary_crossentropy(
            tf.constant(LABELS, tf.float32), probabilities, from_logits=True
        )
    expected = tf.keras.losses.binary_crossentropy(
        tf.constant(LABELS, tf.float32), tf.constant(LOGITS, tf.float32), from_logits=True
    )
    np.testing.assert_allclose(value.numpy(), expected.numpy(), rtol=1e-6)


def test_function_wrapper_config_and_custom_objects():
    def scaled_error(y_true, y_pred, scale=1.0):
        return scale * tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)

    loss = LossFunctionWrapper(scaled_error, name="scaled", scale=3.0)
    config = loss.get_config()
    assert config == {"reduction": "auto", "name": "scaled", "scale": 3.0, "fn": "scaled_error"}
    np.testing.assert_allclose(loss(tf.constant([[1.0, 2.0]]), tf.constant([[2.0, 2.0]])).numpy(), 1.5)
    found = tf.keras.losses.deserialize("scaled_error", custom_objects={"scaled_error": scaled_error})
    assert found is scaled_error


def test_registered_loss_class_round_trip():
    @register_keras_serializable(package="LossTests")
    class Doubled(tf.keras.losses.Loss):
        def call(self, y_true, y_pred):
            return 2.0 * tf.abs(y_true - y_pred)

    serialized = tf.keras.losses.serialize(Doubled(name="double"))
    assert serialized["registered_name"] == "LossTests>Doubled"
    restored = tf.keras.losses.deserialize(serialized)
    assert isinstance(restored, Doubled) and restored.name == "double"


def test_builtin_function_dict_is_read():
    serialized = tf.keras.losses.serialize(tf.keras.losses.mean_squared_error)
    assert tf.keras.losses.deserialize(serialized) is tf.keras.losses.mean_squared_error
    assert tf.keras.losses.get(serialized) is tf.keras.losses.mean_squared_error


def test_unknown_name_lists_known_names():
    with pytest.raises(ValueError, match="no_such_loss"):
        tf.keras.losses.get("no_such_loss")


def test_compute_weighted_loss_casts_integer_losses_back():
    value = compute_weighted_loss(tf.constant([-1, -2]))
    assert value.dtype == tf.int32 and int(value) == -1  # mean -1.5 truncated toward zero, like Keras


def test_squeeze_or_expand_dimensions():
    y_pred, y_true, weights = squeeze_or_expand_dimensions(
        tf.zeros([4, 1]), tf.zeros([4]), tf.zeros([4, 1, 1])
    )
    assert [y_pred.shape.as_list(), y_true.shape.as_list(), weights.shape.as_list()] == [[4], [4], [4, 1]]
    y_pred, y_true = squeeze_or_expand_dimensions(tf.zeros([4, 3]), tf.zeros([4]))
    assert [y_pred.shape.as_list(), y_true.shape.as_list()] == [[4, 3], [4]]


def test_no_warning_for_plain_probabilities():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tf.keras.losses.categorical_crossentropy(tf.constant(ONE_HOT), tf.constant(PROBS))


def test_sparse_labels_with_unknown_batch_in_a_graph():
    """Labels [None, 2, 1] against logits [None, 2, 3] are flattened and the result reshaped back."""
    graph = tf.Graph()
    with graph.as_default():
        labels = tf.compat.v1.placeholder(tf.int32, [None, 2, 1])
        logits = tf.compat.v1.placeholder(tf.float32, [None, 2, 3])
        per_entry = tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
        loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0)(labels, logits)
        assert per_entry.shape.as_list() == [None, 2]
        with tf.compat.v1.Session() as session:
            feed = {labels: [[[1], [0]], [[2], [0]]], logits: np.arange(12.0).reshape(2, 2, 3)}
            per_entry_value, loss_value = session.run([per_entry, loss], feed)
    log_sum = np.log(
        np.exp(0.0) + np.exp(1.0) + np.exp(2.0)
    )  # each row is (k, k + 1, k + 2): label j costs log_sum - j
    np.testing.assert_allclose(per_entry_value, [[log_sum - 1, log_sum], [log_sum - 2, log_sum]], rtol=1e-5)
    np.testing.assert_allclose(loss_value, (log_sum - 1 + log_sum - 2) / 2, rtol=1e-5)
