"""Resizing, CenterCrop and the Random* image layers: the layer harness, values against NumPy
(crops, flips, exact rotations and shifts), the properties of random draws (ranges, per-image or
per-batch, seeding), inference mode, graphs with unknown image sizes, and errors. TensorFlow's values
are checked in tests/golden (keras_layers_preprocessing)."""

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test
from tests.ops.test_image_ops import numpy_bilinear

layers = tf.keras.layers


def _images(shape=(2, 4, 5, 3)):
    return np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)


def test_resizing_harness_and_values():
    x = _images()
    run_layer_test(
        layers.Resizing,
        {"height": 3, "width": 7},
        input_data=x,
        expected_output=numpy_bilinear(x, 3, 7),
        rtol=1e-5,
    )
    nearest = layers.Resizing(2, 5, interpolation="nearest")(x)
    np.testing.assert_array_equal(nearest.numpy(), x[:, [1, 3]])
    cropped = layers.Resizing(2, 2, crop_to_aspect_ratio=True)(x)  # the centred 4 x 4 box first
    np.testing.assert_allclose(cropped.numpy(), numpy_bilinear(x[:, :, 0:4], 2, 2), rtol=1e-6)
    unbatched = layers.Resizing(2, 2)(np.arange(16, dtype=np.int32).reshape(4, 4, 1))
    assert unbatched.dtype == tf.float32 and unbatched.shape == (2, 2, 1)


def test_center_crop_harness_and_values():
    x = _images((2, 5, 6, 1))
    run_layer_test(layers.CenterCrop, {"height": 3, "width": 2}, input_data=x, expected_output=x[:, 1:4, 2:4])
    larger = layers.CenterCrop(6, 6)(x)  # taller than the input: crop to 1:1, then resize
    np.testing.assert_allclose(larger.numpy(), numpy_bilinear(x[:, :, 0:5], 6, 6), rtol=1e-6)
    assert layers.CenterCrop(2, 2)(x[0].astype(np.uint8)).dtype == tf.float32


_RANDOM_LAYERS = [
    (layers.RandomFlip, {}),
    (layers.RandomRotation, {"factor": 0.2}),
    (layers.RandomZoom, {"height_factor": 0.3}),
    (layers.RandomTranslation, {"height_factor": 0.2, "width_factor": 0.2}),
    (layers.RandomContrast, {"factor": 0.5}),
    (layers.RandomBrightness, {"factor": 0.2}),
    (layers.RandomHeight, {"factor": 0.3}),
    (layers.RandomWidth, {"factor": 0.3}),
]


@pytest.mark.parametrize("cls, kwargs", _RANDOM_LAYERS, ids=lambda v: getattr(v, "__name__", ""))
def test_random_layers_inference_identity_and_seeding(cls, kwargs):
    x = _images()
    run_layer_test(
        cls, {**kwargs, "seed": 3}, input_data=x, call_kwargs={"training": False}, expected_output=x
    )
    first, second = cls(**kwargs, seed=5), cls(**kwargs, seed=5)
    a, b = first(x), second(x)
    np.testing.assert_array_equal(a.numpy(), b.numpy())  # equal seeds, equal draws
    assert a.dtype == tf.float32
    draws = [first(x).numpy() for _ in range(4)]  # each call draws anew
    assert any(d.shape != a.shape or not np.array_equal(d, a.numpy()) for d in draws)


def test_random_layers_in_a_function_draw_each_run():
    layer = layers.RandomBrightness(0.5, seed=1)
    step = tf.function(lambda x: layer(x, training=True))
    x = np.full((2, 2, 2, 1), 100.0, np.float32)
    first, second = step(x).numpy(), step(x).numpy()
    assert not np.array_equal(first, second)


def test_random_flip():
    x = _images((8, 2, 3, 1))
    out = layers.RandomFlip("horizontal", seed=1)(x).numpy()
    kept = [np.array_equal(o, i) for o, i in zip(out, x)]
    flipped = [np.array_equal(o, i[:, ::-1]) for o, i in zip(out, x)]
    assert all(k or f for k, f in zip(kept, flipped)) and any(kept) and any(flipped)
    both = layers.RandomFlip(seed=2)(x).numpy()
    options = lambda i: [i, i[::-1], i[:, ::-1], i[::-1, ::-1]]  # noqa: E731
    assert all(any(np.array_equal(o, v) for v in options(i)) for o, i in zip(both, x))


def test_random_rotation_zoom_translation_exact_cases():
    x = _images((1, 4, 4, 1))
    quarter = layers.RandomRotation((0.25, 0.25))(x)  # a quarter turn, counter-clockwise
    np.testing.assert_allclose(quarter.numpy()[0, :, :, 0], np.rot90(x[0, :, :, 0]), atol=1e-4)
    shifted = layers.RandomTranslation((0.25, 0.25), (0.5, 0.5), fill_mode="constant", fill_value=-1.0)(x)
    expected = np.full((4, 4), -1.0)
    expected[1:, 2:] = x[0, :3, :2, 0]  # down by one row, right by two columns
    np.testing.assert_array_equal(shifted.numpy()[0, :, :, 0], expected)
    zoomed = layers.RandomZoom((-0.5, -0.5), (0.0, 0.0), interpolation="nearest")(x)  # 2x vertically
    np.testing.assert_array_equal(zoomed.numpy()[0, :, :, 0], x[0, [1, 1, 2, 2], :, 0])


def test_random_contrast_and_brightness_ranges():
    x = np.random.default_rng(0).uniform(50, 200, size=(6, 3, 3, 2)).astype(np.float32)
    out = layers.RandomContrast((0.3, 0.2), seed=4)(x).numpy()
    mean = x.mean(axis=(1, 2), keepdims=True)
    ratio = (out - mean) / (x - mean)
    assert np.ptp(ratio) < 1e-3 and 0.7 <= ratio.mean() <= 1.2  # one factor for the whole batch
    bright = layers.RandomBrightness((0.1, 0.2), seed=4)(x).numpy()
    deltas = bright - x
    per_image = deltas.reshape(6, -1)
    np.testing.assert_allclose(per_image, per_image[:, :1].repeat(per_image.shape[1], axis=1), atol=1e-3)
    assert np.all((per_image >= 0.1 * 255 - 1e-3) & (per_image <= 0.2 * 255 + 1e-3))
    clipped = layers.RandomBrightness((1.0, 1.0), value_range=(0, 1))(np.array([[[[0.25]]]], np.float32))
    np.testing.assert_array_equal(clipped.numpy(), [[[[1.0]]]])


def test_random_crop_and_random_height_width():
    x = _images((2, 5, 6, 1))
    crop = layers.RandomCrop(3, 2, seed=1)
    out = crop(x).numpy()
    windows = [x[:, i : i + 3, j : j + 2] for i in range(3) for j in range(5)]
    assert any(np.array_equal(out, w) for w in windows)  # one window for the whole batch
    inference = crop(x, training=False)
    # inference: the centred 5 x 3 box (the 3:2 aspect ratio), resized
    np.testing.assert_allclose(inference.numpy(), numpy_bilinear(x[:, :, 1:4], 3, 2), rtol=1e-6)
    assert crop.compute_output_shape((None, 5, 6, 1)) == (None, 3, 2, 1)
    heights = {layers.RandomHeight((0.5, 1.0))(x).shape[1] for _ in range(3)}
    assert heights <= {7, 8, 9, 10}  # int(5 * factor) for a factor in [1.5, 2)
    width = layers.RandomWidth((-0.5, -0.5), interpolation="nearest")(x)
    assert width.shape == (2, 5, 3, 1)
    assert layers.RandomHeight(0.3).compute_output_shape((None, 5, 6, 1)) == (None, None, 6, 1)


def test_image_layers_in_a_functional_model_with_unknown_size():
    inputs = tf.keras.Input(shape=(None, None, 3))
    outputs = [
        layers.Resizing(4, 4)(inputs),
        layers.CenterCrop(2, 3)(inputs),
        layers.RandomRotation(0.1)(inputs),
        layers.RandomCrop(2, 2)(inputs),
        layers.RandomWidth(0.2)(inputs),
    ]
    assert [tuple(o.shape) for o in outputs] == [
        (None, 4, 4, 3), (None, 2, 3, 3), (None, None, None, 3), (None, 2, 2, 3), (None, None, None, 3)
    ]  # fmt: skip
    model = tf.keras.Model(inputs, outputs)
    results = model(np.ones((2, 5, 6, 3), np.float32), training=False)
    assert [tuple(r.shape) for r in results] == [
        (2, 4, 4, 3),
        (2, 2, 3, 3),
        (2, 5, 6, 3),
        (2, 2, 2, 3),
        (2, 5, 6, 3),
    ]


def test_image_layer_errors():
    with pytest.raises(ValueError, match="unknown mode argument diagonal"):
        layers.RandomFlip("diagonal")
    with pytest.raises(NotImplementedError, match="interpolation"):
        layers.Resizing(2, 2, interpolation="cubic")
    with pytest.raises(NotImplementedError, match="fill_mode"):
        layers.RandomRotation(0.1, fill_mode="mirror")
    with pytest.raises(NotImplementedError, match="interpolation"):
        layers.RandomZoom(0.1, interpolation="bicubic")
    with pytest.raises(ValueError, match="negative value"):
        layers.RandomRotation((0.3, 0.1))
    with pytest.raises(ValueError, match=r"between \[-1, 1\]"):
        layers.RandomZoom(-1.5)
    with pytest.raises(ValueError, match="width_factor"):
        layers.RandomTranslation(0.1, (0.5, 0.1))
    with pytest.raises(ValueError, match="negative values"):
        layers.RandomContrast(-0.1)
    with pytest.raises(ValueError, match=r"range \[-1.0, 1.0\]"):
        layers.RandomBrightness(1.5)
    with pytest.raises(ValueError, match="value_range"):
        layers.RandomBrightness(0.1, value_range=(0,))
    with pytest.raises(ValueError, match="larger than -1"):
        layers.RandomHeight((-1.3, 0.2))
    with pytest.raises(ValueError, match="rank 3 or 4"):
        layers.Resizing(2, 2)(np.zeros((4, 4), np.float32))
    with pytest.raises(tf.errors.InvalidArgumentError):
        layers.CenterCrop(2, 2)(np.zeros((4, 4), np.float32))
