"""Normalization, Rescaling and Discretization: the layer harness, values against NumPy (adapted
statistics, bucket indices, approximate quantiles), state handling, and errors. TensorFlow's values
are checked in tests/golden (keras_layers_preprocessing)."""

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers


def _data(shape=(6, 3), seed=0):
    return np.random.default_rng(seed).normal(2.0, 3.0, size=shape).astype(np.float32)


# ---- Normalization ---------------------------------------------------------------------------------
def test_normalization_harness_given_statistics():
    x = _data((2, 3))
    run_layer_test(
        layers.Normalization,
        {"mean": [1.0, 2.0, 3.0], "variance": [1.0, 4.0, 9.0]},
        input_data=x,
        expected_output=(x - [1.0, 2.0, 3.0]) / [1.0, 2.0, 3.0],
        expected_num_weights=0,
    )


@pytest.mark.parametrize("axis, reduce", [(-1, (0, 1)), (None, (0, 1, 2)), ((1, 2), (0,)), (1, (0, 2))])
def test_normalization_adapt_matches_numpy(axis, reduce):
    data = _data((8, 3, 4))
    layer = layers.Normalization(axis=axis)
    layer.adapt(data, batch_size=3)  # statistics merged over three batches
    mean = data.mean(axis=reduce, keepdims=True)
    variance = data.var(axis=reduce, keepdims=True)
    np.testing.assert_allclose(layer.mean.numpy(), mean, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layer.variance.numpy(), variance, rtol=1e-5)
    np.testing.assert_allclose(layer(data).numpy(), (data - mean) / np.sqrt(variance), rtol=1e-4, atol=1e-4)
    assert [w.name for w in layer.weights] == ["mean:0", "variance:0", "count:0"]
    assert int(layer.weights[2].numpy()) == int(np.prod([data.shape[d] for d in reduce]))


def test_normalization_adapt_resets_steps_and_set_weights():
    layer = layers.Normalization()
    layer.adapt(np.ones((4, 2), np.float32))
    layer.adapt(np.arange(8, dtype=np.float32).reshape(4, 2), batch_size=2, steps=1)  # rows 0-1 only
    np.testing.assert_allclose(layer.mean.numpy(), [[1.0, 2.0]])
    layer.set_weights([np.array([1.0, 1.0]), np.array([4.0, 4.0]), np.array(2)])
    np.testing.assert_allclose(layer(np.array([[3.0, 5.0]])).numpy(), [[1.0, 2.0]])
    traced = tf.function(lambda x: layer(x))
    np.testing.assert_allclose(traced(np.array([[3.0, 5.0]], np.float32)).numpy(), [[1.0, 2.0]])


def test_normalization_invert_int_inputs_and_unadapted_identity():
    layer = layers.Normalization(mean=2.0, variance=4.0, invert=True)
    np.testing.assert_allclose(layer(tf.constant([[1, 0]])).numpy(), [[4.0, 2.0]])
    assert layers.Normalization()(tf.constant([[3, 4]])).dtype == tf.float32
    np.testing.assert_allclose(layers.Normalization()(np.array([[3.0, 4.0]])).numpy(), [[3.0, 4.0]])
    zero_variance = layers.Normalization(mean=0.0, variance=0.0)  # divides by epsilon, not by zero
    assert np.isfinite(zero_variance(np.array([[1.0]], np.float32)).numpy()).all()


def test_normalization_errors():
    with pytest.raises(ValueError, match="both `mean` and `variance` must be set"):
        layers.Normalization(mean=1.0)
    with pytest.raises(ValueError, match=r"range \[-ndim, ndim\)"):
        layers.Normalization(axis=3).adapt(np.ones((2, 2)))
    with pytest.raises(ValueError, match="Cannot `adapt`"):
        layers.Normalization(mean=1.0, variance=1.0).adapt(np.ones((2, 2)))
    with pytest.raises(ValueError, match="must have known shape"):
        layers.Normalization(axis=1)(tf.keras.Input(shape=(None,)))
    with pytest.raises(TypeError, match="NumPy array"):
        layers.Normalization().adapt({"x": 1})


# ---- Rescaling --------------------------------------------------------------------------------------
def test_rescaling_harness_and_int_inputs():
    x = _data((2, 3))
    run_layer_test(
        layers.Rescaling, {"scale": 0.5, "offset": -1.0}, input_data=x, expected_output=x * 0.5 - 1.0
    )
    out = layers.Rescaling(1.0 / 255)(np.array([[0, 255]], np.uint8))
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), [[0.0, 1.0]])
    per_channel = layers.Rescaling([1.0, 10.0], offset=[0.0, 1.0])
    np.testing.assert_allclose(per_channel(np.array([[2.0, 3.0]])).numpy(), [[2.0, 31.0]])
    assert layers.Rescaling(2.0, dtype="float64")(np.ones((1, 1), np.float32)).dtype == tf.float64


# ---- Discretization ---------------------------------------------------------------------------------
def test_discretization_harness_and_bucket_indices():
    boundaries = [-1.0, 0.0, 2.5]
    x = _data((3, 4))
    run_layer_test(
        layers.Discretization,
        {"bin_boundaries": boundaries},
        input_data=x,
        expected_output=np.searchsorted(boundaries, x, side="right"),
        expected_output_dtype="int64",
    )
    edges = layers.Discretization(bin_boundaries=boundaries)(np.array([-1.0, 0.0, 2.5, -5.0, 9.0]))
    np.testing.assert_array_equal(edges.numpy(), [1, 2, 3, 0, 3])  # a boundary belongs to the bin above
    ints = layers.Discretization(bin_boundaries=[0.5, 1.5])(np.array([0, 1, 2], np.int32))
    np.testing.assert_array_equal(ints.numpy(), [0, 1, 2])


def test_discretization_output_modes():
    layer = layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="count")
    np.testing.assert_array_equal(layer(np.array([[-1.0, 0.5, 0.7, 3.0]])).numpy(), [[1.0, 2.0, 1.0]])
    one_hot = layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="one_hot")
    np.testing.assert_array_equal(one_hot(np.array([0.5, -2.0])).numpy(), [[0, 1, 0], [1, 0, 0]])
    assert one_hot.compute_output_shape((None,)) == (None, 3)
    assert layers.Discretization(bin_boundaries=[0.0], output_mode="multi_hot").dtype == "float32"


def test_discretization_adapt_quantiles():
    layer = layers.Discretization(num_bins=4)
    layer.adapt(np.arange(20, dtype=np.float32))
    assert layer.bin_boundaries == [4.0, 9.0, 14.0]
    # With more values than 1/epsilon the summary is compressed; quantiles stay within ~epsilon.
    data = np.random.default_rng(0).uniform(0.0, 1.0, 5000).astype(np.float32)
    large = layers.Discretization(num_bins=5, epsilon=0.01)
    large.adapt(data, batch_size=1000)
    np.testing.assert_allclose(large.bin_boundaries, np.quantile(data, [0.2, 0.4, 0.6, 0.8]), atol=0.02)
    counts = np.bincount(large(data).numpy(), minlength=5) / data.size
    np.testing.assert_allclose(counts, 0.2, atol=0.03)


def test_discretization_errors():
    with pytest.raises(ValueError, match="Both `num_bins` and `bin_boundaries`"):
        layers.Discretization(bin_boundaries=[0.0], num_bins=3)
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        layers.Discretization(num_bins=-1)
    with pytest.raises(ValueError, match="`output_mode`"):
        layers.Discretization(output_mode="tf_idf")
    with pytest.raises(ValueError, match="Cannot adapt"):
        layers.Discretization(bin_boundaries=[0.0]).adapt(np.ones(3))
    with pytest.raises(tf.errors.UnimplementedError):
        layers.Discretization(bin_boundaries=[0.0], sparse=True)
