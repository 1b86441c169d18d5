"""tf.keras.layers pooling: Max/AveragePooling1D/2D/3D and GlobalMax/AveragePooling1D/2D/3D — the
layer harness, values against NumPy windows computed here, padding, data formats, keepdims, the
masked GlobalAveragePooling1D, and errors."""

import itertools

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers


def np_pool(x, window, strides, padding, reduce):
    """Channels-last pooling; with "same" padding each window reduces only its real elements."""
    rank = x.ndim - 2
    geometry = []
    for i in range(rank):
        size = x.shape[1 + i]
        if padding == "valid":
            geometry.append((0, (size - window[i]) // strides[i] + 1))
        else:
            out = -(-size // strides[i])
            geometry.append((max((out - 1) * strides[i] + window[i] - size, 0) // 2, out))
    out = np.zeros((x.shape[0], *[g[1] for g in geometry], x.shape[-1]), x.dtype)
    for position in itertools.product(*[range(g[1]) for g in geometry]):
        index = [slice(None)]
        for p, s, w, (before, _), size in zip(position, strides, window, geometry, x.shape[1:-1]):
            start = p * s - before
            index.append(slice(max(start, 0), min(start + w, size)))
        block = x[tuple(index)]
        out[(slice(None), *position)] = reduce(block, axis=tuple(range(1, rank + 1)))
    return out


def _data(*shape, seed=0):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype("float32")


@pytest.mark.parametrize(
    "cls, kwargs, shape, out_shape",
    [
        (layers.MaxPooling1D, {}, (2, 6, 3), (2, 3, 3)),
        (layers.AveragePooling1D, {"pool_size": 3, "strides": 1}, (2, 5, 2), (2, 3, 2)),
        (layers.MaxPooling2D, {"padding": "same"}, (1, 5, 5, 2), (1, 3, 3, 2)),
        (layers.AveragePooling2D, {}, (1, 4, 4, 1), (1, 2, 2, 1)),
        (layers.MaxPooling3D, {}, (1, 4, 4, 4, 1), (1, 2, 2, 2, 1)),
        (layers.AveragePooling3D, {"pool_size": 2, "padding": "same"}, (1, 3, 3, 3, 2), (1, 2, 2, 2, 2)),
        (layers.GlobalMaxPooling1D, {}, (2, 5, 3), (2, 3)),
        (layers.GlobalAveragePooling1D, {"keepdims": True}, (2, 5, 3), (2, 1, 3)),
        (layers.GlobalMaxPooling2D, {"keepdims": True}, (2, 3, 4, 2), (2, 1, 1, 2)),
        (layers.GlobalAveragePooling2D, {"data_format": "channels_first"}, (2, 3, 4, 2), (2, 3)),
        (layers.GlobalMaxPooling3D, {}, (1, 2, 3, 2, 2), (1, 2)),
        (layers.GlobalAveragePooling3D, {"keepdims": True}, (1, 2, 3, 2, 2), (1, 1, 1, 1, 2)),
    ],
)
def test_pooling_harness(cls, kwargs, shape, out_shape):
    layer, _ = run_layer_test(
        cls, kwargs, input_shape=shape, expected_output_shape=out_shape, expected_num_weights=0
    )
    assert layer.supports_masking is (cls is layers.GlobalAveragePooling1D)


@pytest.mark.parametrize(
    "cls, reduce, kwargs, shape",
    [
        (layers.MaxPooling1D, np.max, {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 7, 2)),
        (layers.AveragePooling1D, np.mean, {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 8, 2)),
        (layers.MaxPooling2D, np.max, {"pool_size": (2, 3), "strides": 1}, (1, 5, 6, 2)),
        (layers.AveragePooling2D, np.mean, {"pool_size": 3, "strides": 2, "padding": "same"}, (1, 6, 5, 1)),
        (layers.AveragePooling3D, np.mean, {"pool_size": 2, "padding": "same"}, (1, 3, 4, 3, 2)),
        (layers.MaxPooling3D, np.max, {"pool_size": (1, 2, 2), "strides": (1, 1, 2)}, (1, 2, 4, 4, 1)),
    ],
)
def test_pooling_matches_numpy(cls, reduce, kwargs, shape):
    x = _data(*shape)
    layer = cls(**kwargs)
    expected = np_pool(x, layer.pool_size, layer.strides, layer.padding, reduce)
    np.testing.assert_allclose(layer(x).numpy(), expected, rtol=1e-6, atol=1e-6)
    assert layer.compute_output_shape(shape).as_list() == list(expected.shape)


def test_average_pooling_same_excludes_padding():
    x = np.arange(1, 6, dtype="float32").reshape(1, 5, 1)
    out = layers.AveragePooling1D(2, padding="same")(x).numpy().ravel()
    np.testing.assert_allclose(out, [1.5, 3.5, 5.0])  # the last window holds only the 5


def test_pooling_channels_first_matches_channels_last():
    x = _data(2, 5, 6, 3)
    last = layers.MaxPooling2D(3, strides=2, padding="same")(x).numpy()
    first = layers.MaxPooling2D(3, strides=2, padding="same", data_format="channels_first")(
        np.moveaxis(x, -1, 1)
    )
    np.testing.assert_allclose(np.moveaxis(first.numpy(), 1, -1), last)
    x1 = _data(2, 6, 3)
    np.testing.assert_allclose(
        np.moveaxis(
            layers.AveragePooling1D(data_format="channels_first")(np.moveaxis(x1, -1, 1)).numpy(), 1, -1
        ),
        layers.AveragePooling1D()(x1).numpy(),
        rtol=1e-6,
    )


def test_global_pooling_values():
    x = _data(2, 3, 4, 5)
    np.testing.assert_allclose(layers.GlobalMaxPooling2D()(x).numpy(), x.max(axis=(1, 2)))
    np.testing.assert_allclose(layers.GlobalAveragePooling2D()(x).numpy(), x.mean(axis=(1, 2)), rtol=1e-6)
    np.testing.assert_allclose(
        layers.GlobalAveragePooling2D(data_format="channels_first", keepdims=True)(x).numpy(),
        x.mean(axis=(2, 3), keepdims=True),
        rtol=1e-6,
    )


def test_global_average_pooling1d_mask():
    x = _data(2, 4, 3)
    mask = np.array([[True, True, False, False], [True, False, True, True]])
    out = layers.GlobalAveragePooling1D()(x, mask=mask).numpy()
    expected = np.stack([x[0, :2].mean(0), x[1, [0, 2, 3]].mean(0)])
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    first = layers.GlobalAveragePooling1D(data_format="channels_first")(np.moveaxis(x, -1, 1), mask=mask)
    np.testing.assert_allclose(first.numpy(), expected, rtol=1e-6)
    fully_masked = layers.GlobalAveragePooling1D()(x, mask=np.zeros((2, 4), bool)).numpy()
    assert np.isnan(fully_masked).all()  # 0 / 0, as in TensorFlow


def test_global_average_pooling1d_takes_the_keras_mask():
    # Masking marks the all-zero steps; the pooling layer picks the mask up without being passed it.
    data = np.array([[[1.0, 2.0], [3.0, 4.0], [0.0, 0.0]]], "float32")
    masked = layers.Masking(0.0)(data)
    np.testing.assert_allclose(layers.GlobalAveragePooling1D()(masked).numpy(), [[2.0, 3.0]])
    inputs = tf.keras.Input((3, 2))
    pooled = layers.GlobalAveragePooling1D()(layers.Masking(0.0)(inputs))
    assert pooled.shape.as_list() == [None, 2]
    assert tf.keras.Model(inputs, pooled)(data).numpy().tolist() == [[2.0, 3.0]]


def test_functional_unknown_dimensions():
    inputs = tf.keras.Input((None, None, 3))
    assert layers.MaxPooling2D(3)(inputs).shape.as_list() == [None, None, None, 3]
    assert layers.GlobalAveragePooling2D()(inputs).shape.as_list() == [None, 3]
    assert layers.MaxPooling2D().compute_output_shape((None, 7, None, 2)).as_list() == [None, 3, None, 2]


def test_config_and_aliases():
    config = layers.MaxPooling1D(3).get_config()
    assert (
        config["pool_size"] == (3,) and config["strides"] == (3,) and config["data_format"] == "channels_last"
    )
    assert layers.MaxPooling1D.from_config(config).get_config() == config
    assert layers.AveragePooling2D(3, strides=1).get_config()["strides"] == (1, 1)
    assert layers.GlobalMaxPooling3D(keepdims=True).get_config()["keepdims"] is True
    assert layers.MaxPool2D is layers.MaxPooling2D and layers.AvgPool3D is layers.AveragePooling3D
    assert (
        layers.GlobalAvgPool1D is layers.GlobalAveragePooling1D
        and layers.GlobalMaxPool2D is layers.GlobalMaxPooling2D
    )


def test_errors():
    with pytest.raises(ValueError, match="pool_size"):
        layers.MaxPooling2D(0)
    with pytest.raises(ValueError, match="padding"):
        layers.MaxPooling2D(padding="causal")
    with pytest.raises(ValueError, match="data_format"):
        layers.AveragePooling2D(data_format="NHWC")
    with pytest.raises(ValueError, match="expected ndim=4, found ndim=3"):
        layers.MaxPooling2D()(np.ones((1, 4, 4), "float32"))
    with pytest.raises(ValueError, match="expected ndim=4, found ndim=3"):
        layers.GlobalMaxPooling2D()(np.ones((1, 4, 4), "float32"))
