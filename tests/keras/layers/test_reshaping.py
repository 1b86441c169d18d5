"""tf.keras.layers UpSampling1D/2D/3D, ZeroPadding1D/2D/3D and Cropping1D/2D/3D — the layer
harness, values against NumPy (np.repeat, np.pad, slicing, and a half-pixel bilinear resampling
written here), data formats, configs and errors."""

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers


def _data(*shape, seed=0):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype("float32")


def np_bilinear_upsample(x, factor, axis):
    """Half-pixel-centre linear interpolation along `axis` (what tf.image.resize does)."""
    size = x.shape[axis]
    source = (np.arange(size * factor) + 0.5) / factor - 0.5
    low = np.floor(source)
    fraction = source - low
    low_index = np.clip(low, 0, size - 1).astype(int)
    high_index = np.clip(low + 1, 0, size - 1).astype(int)
    shape = [1] * x.ndim
    shape[axis] = -1
    fraction = fraction.reshape(shape)
    return np.take(x, low_index, axis) * (1 - fraction) + np.take(x, high_index, axis) * fraction


@pytest.mark.parametrize(
    "cls, kwargs, shape, out_shape",
    [
        (layers.UpSampling1D, {"size": 3}, (2, 3, 2), (2, 9, 2)),
        (layers.UpSampling2D, {"size": (2, 3)}, (1, 2, 3, 2), (1, 4, 9, 2)),
        (layers.UpSampling2D, {"interpolation": "bilinear"}, (1, 3, 3, 1), (1, 6, 6, 1)),
        (layers.UpSampling3D, {"size": (1, 2, 3)}, (1, 2, 2, 1, 2), (1, 2, 4, 3, 2)),
        (layers.ZeroPadding1D, {"padding": (1, 2)}, (2, 3, 2), (2, 6, 2)),
        (layers.ZeroPadding2D, {"padding": ((1, 0), (2, 1))}, (1, 2, 3, 2), (1, 3, 6, 2)),
        (
            layers.ZeroPadding3D,
            {"padding": 1, "data_format": "channels_first"},
            (1, 2, 2, 2, 2),
            (1, 2, 4, 4, 4),
        ),
        (layers.Cropping1D, {"cropping": (1, 2)}, (2, 6, 2), (2, 3, 2)),
        (layers.Cropping2D, {"cropping": ((1, 2), (0, 3))}, (1, 5, 6, 2), (1, 2, 3, 2)),
        (layers.Cropping3D, {"cropping": 1}, (1, 4, 4, 4, 1), (1, 2, 2, 2, 1)),
    ],
)
def test_harness(cls, kwargs, shape, out_shape):
    run_layer_test(cls, kwargs, input_shape=shape, expected_output_shape=out_shape, expected_num_weights=0)


def test_upsampling_nearest_values():
    x = _data(2, 3, 4, 2)
    np.testing.assert_array_equal(layers.UpSampling1D(2)(x[:, 0]).numpy(), np.repeat(x[:, 0], 2, axis=1))
    expected = np.repeat(np.repeat(x, 2, axis=1), 3, axis=2)
    np.testing.assert_array_equal(layers.UpSampling2D((2, 3))(x).numpy(), expected)
    first = layers.UpSampling2D((2, 3), data_format="channels_first")(np.moveaxis(x, -1, 1)).numpy()
    np.testing.assert_array_equal(np.moveaxis(first, 1, -1), expected)
    x5 = _data(1, 2, 2, 3, 1)
    expected5 = np.repeat(np.repeat(np.repeat(x5, 2, 1), 1, 2), 3, 3)
    np.testing.assert_array_equal(layers.UpSampling3D((2, 1, 3))(x5).numpy(), expected5)
    ints = np.arange(4, dtype="int32").reshape(1, 2, 2, 1)
    assert layers.UpSampling2D()(ints).dtype == tf.int32  # nearest keeps the dtype


@pytest.mark.parametrize("size", [(2, 2), (3, 2)])
def test_upsampling_bilinear_matches_half_pixel_resampling(size):
    x = _data(2, 3, 4, 2)
    expected = np_bilinear_upsample(np_bilinear_upsample(x, size[0], 1), size[1], 2)
    out = layers.UpSampling2D(size, interpolation="bilinear")(x).numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    first = layers.UpSampling2D(size, data_format="channels_first", interpolation="bilinear")
    np.testing.assert_allclose(np.moveaxis(first(np.moveaxis(x, -1, 1)).numpy(), 1, -1), expected, atol=1e-6)


def test_upsampling_bilinear_known_values():
    # TensorFlow 2.15: UpSampling2D(interpolation="bilinear") of [[0, 1, 2], [3, 4, 5]].
    x = np.arange(6, dtype="float32").reshape(1, 2, 3, 1)
    out = layers.UpSampling2D(interpolation="bilinear")(x).numpy()[0, :, :, 0]
    expected = [
        [0.0, 0.25, 0.75, 1.25, 1.75, 2.0],
        [0.75, 1.0, 1.5, 2.0, 2.5, 2.75],
        [2.25, 2.5, 3.0, 3.5, 4.0, 4.25],
        [3.0, 3.25, 3.75, 4.25, 4.75, 5.0],
    ]
    np.testing.assert_allclose(out, expected, rtol=1e-6)


def test_zero_padding_values():
    x = _data(2, 3, 4, 2)
    out = layers.ZeroPadding2D(((1, 0), (2, 1)))(x).numpy()
    np.testing.assert_array_equal(out, np.pad(x, [(0, 0), (1, 0), (2, 1), (0, 0)]))
    out = layers.ZeroPadding2D((1, 2), data_format="channels_first")(x).numpy()
    np.testing.assert_array_equal(out, np.pad(x, [(0, 0), (0, 0), (1, 1), (2, 2)]))
    np.testing.assert_array_equal(
        layers.ZeroPadding1D(2)(x[:, 0]).numpy(), np.pad(x[:, 0], [(0, 0), (2, 2), (0, 0)])
    )
    x5 = _data(1, 1, 2, 2, 1)
    out = layers.ZeroPadding3D((1, 0, 2))(x5).numpy()
    np.testing.assert_array_equal(out, np.pad(x5, [(0, 0), (1, 1), (0, 0), (2, 2), (0, 0)]))


def test_cropping_values():
    x = _data(2, 6, 5, 3)
    np.testing.assert_array_equal(layers.Cropping2D(((1, 2), (0, 3)))(x).numpy(), x[:, 1:4, 0:2])
    np.testing.assert_array_equal(
        layers.Cropping2D(1, data_format="channels_first")(x).numpy(), x[:, :, 1:4, 1:2]
    )
    np.testing.assert_array_equal(layers.Cropping1D((2, 0))(x[:, 0]).numpy(), x[:, 0, 2:])
    x5 = _data(1, 4, 4, 4, 1)
    out = layers.Cropping3D(((1, 1), (0, 2), (2, 0)))(x5).numpy()
    np.testing.assert_array_equal(out, x5[:, 1:3, 0:2, 2:])


def test_unknown_dimensions_in_functional_models():
    inputs = tf.keras.Input((None, None, 2))
    assert layers.UpSampling2D(2)(inputs).shape.as_list() == [None, None, None, 2]
    assert layers.ZeroPadding2D(1)(inputs).shape.as_list() == [None, None, None, 2]
    assert layers.Cropping2D(1)(inputs).shape.as_list() == [None, None, None, 2]
    assert layers.Cropping2D(((1, 2), (0, 1))).compute_output_shape((None, 6, None, 2)).as_list() == [
        None,
        3,
        None,
        2,
    ]
    model = tf.keras.Model(inputs, layers.Cropping2D(1)(layers.ZeroPadding2D(1)(inputs)))
    x = _data(1, 3, 4, 2)
    np.testing.assert_array_equal(model(x).numpy(), x)
    with pytest.raises(ValueError, match="known height and width"):
        layers.UpSampling2D(interpolation="bilinear")(inputs)


def test_configs():
    assert layers.UpSampling1D(3).get_config()["size"] == 3
    config = layers.UpSampling2D(3, interpolation="bilinear").get_config()
    assert config["size"] == (3, 3) and config["interpolation"] == "bilinear"
    assert config["data_format"] == "channels_last"
    assert layers.ZeroPadding1D().get_config()["padding"] == (1, 1)
    assert layers.ZeroPadding2D(2).get_config()["padding"] == ((2, 2), (2, 2))
    assert layers.ZeroPadding3D((1, 2, 3)).get_config()["padding"] == ((1, 1), (2, 2), (3, 3))
    assert layers.Cropping2D((1, 2)).get_config()["cropping"] == ((1, 1), (2, 2))
    assert "data_format" not in layers.Cropping1D().get_config()
    for layer in (layers.UpSampling3D(2), layers.Cropping3D(), layers.ZeroPadding2D(((1, 2), (3, 4)))):
        config = layer.get_config()
        assert type(layer).from_config(config).get_config() == config


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: layers.UpSampling2D(interpolation="cubic"), NotImplementedError, "interpolation"),
        (lambda: layers.UpSampling2D(size=0), ValueError, "size"),
        (lambda: layers.UpSampling1D(size=0), ValueError, "size"),
        (lambda: layers.ZeroPadding2D((1, 2, 3)), ValueError, "should have two elements"),
        (lambda: layers.ZeroPadding2D(((1, 2), (3,))), ValueError, "2nd entry of padding"),
        (lambda: layers.ZeroPadding1D(-1), ValueError, ">= 0"),
        (lambda: layers.Cropping2D((1, 2, 3)), ValueError, "should have two elements"),
        (lambda: layers.Cropping1D((1, 2, 3)), ValueError, "tuple of 2 integers"),
    ],
)
def test_constructor_errors(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_call_errors():
    with pytest.raises(ValueError, match="`cropping` must be greater than the input shape"):
        layers.Cropping1D((3, 3))(np.ones((1, 6, 2), "float32"))
    with pytest.raises(ValueError, match="`cropping` must be greater than the input shape"):
        layers.Cropping2D(((0, 0), (3, 3)))(np.ones((1, 5, 5, 2), "float32"))
    assert layers.Cropping3D(((0, 0), (3, 3), (0, 0)))(np.ones((1, 5, 6, 5, 2), "float32")).shape == (
        1,
        5,
        0,
        5,
        2,
    )
    with pytest.raises(ValueError):
        layers.Cropping1D((3, 4)).compute_output_shape((1, 6, 2))
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=4"):
        layers.UpSampling1D()(np.ones((1, 2, 2, 2), "float32"))
