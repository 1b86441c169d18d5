"""tf.keras.layers BatchNormalization, LayerNormalization, GroupNormalization and UnitNormalization —
the layer harness, values against NumPy, BatchNormalization's moving statistics (eager, in a
tf.function, fused and not, masked, frozen), and the errors."""

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers


def _data(*shape, seed=0, shift=0.0):
    return (np.random.RandomState(seed).uniform(-1, 1, shape) + shift).astype("float32")


def _normalize(x, axes, epsilon):
    mean = x.mean(axis=axes, keepdims=True)
    variance = x.var(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(variance + epsilon)


# ---- BatchNormalization ---------------------------------------------------------------------------
def test_batch_norm_harness():
    run_layer_test(
        layers.BatchNormalization,
        {"name": "bn_h", "momentum": 0.5},
        input_shape=(4, 3),
        call_kwargs={"training": True},
        expected_output_shape=(4, 3),
        expected_num_weights=4,
        expected_num_trainable_weights=2,
        expected_weight_names=["bn_h/gamma:0", "bn_h/beta:0", "bn_h/moving_mean:0", "bn_h/moving_variance:0"],
        supports_masking=True,
        deterministic=False,  # each training call moves the moving statistics
    )
    run_layer_test(
        layers.BatchNormalization, {"axis": 1}, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4)
    )


def _fixed_batch_norm(x, **kwargs):
    layer = layers.BatchNormalization(**kwargs)
    layer(x)
    channels = layer.moving_mean.shape.as_list()
    gamma = np.linspace(0.5, 1.5, np.prod(channels)).reshape(channels).astype("float32")
    beta = np.linspace(-0.2, 0.3, np.prod(channels)).reshape(channels).astype("float32")
    moving_mean = np.full(channels, 0.1, "float32")
    moving_variance = np.full(channels, 2.0, "float32")
    weights = (
        ([gamma] if layer.scale else []) + ([beta] if layer.center else []) + [moving_mean, moving_variance]
    )
    layer.set_weights(weights)
    return layer, gamma, beta


def test_batch_norm_training_values_and_moving_statistics():
    x = _data(6, 3, shift=0.5)
    layer, gamma, beta = _fixed_batch_norm(x, momentum=0.9, epsilon=0.01)
    out = layer(x, training=True).numpy()
    np.testing.assert_allclose(out, _normalize(x, 0, 0.01) * gamma + beta, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.9 * 0.1 + 0.1 * x.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.9 * 2.0 + 0.1 * x.var(0), rtol=1e-5)


def test_batch_norm_inference_uses_moving_statistics():
    x = _data(4, 3)
    layer, gamma, beta = _fixed_batch_norm(x, epsilon=0.001)
    expected = (x - 0.1) / np.sqrt(2.0 + 0.001) * gamma + beta
    for out in (layer(x), layer(x, training=False)):
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.1)  # unchanged


def test_batch_norm_fused_ranks_update_with_the_unbiased_variance():
    for shape, axis in [((2, 3, 2, 4), -1), ((2, 4, 3, 2), 1), ((2, 2, 2, 2, 3), -1)]:
        x = _data(*shape, seed=len(shape))
        layer = layers.BatchNormalization(axis=axis, momentum=0.0)
        out = layer(x, training=True).numpy()
        axes = tuple(i for i in range(len(shape)) if i != axis % len(shape))
        count = np.prod([shape[i] for i in axes])
        np.testing.assert_allclose(
            layer.moving_variance.numpy(), x.var(axes) * count / (count - 1), rtol=1e-5
        )
        np.testing.assert_allclose(out, _normalize(x, axes, 1e-3), rtol=1e-4, atol=1e-5)
    # Not fused: an inner axis of a rank-4 input, a rank-3 input, or fused=False.
    for shape, kwargs in [((2, 3, 2, 2), {"axis": 2}), ((2, 3, 4), {}), ((2, 3, 2, 2), {"fused": False})]:
        x = _data(*shape)
        layer = layers.BatchNormalization(momentum=0.0, **kwargs)
        layer(x, training=True)
        axis = kwargs.get("axis", -1) % len(shape)
        axes = tuple(i for i in range(len(shape)) if i != axis)
        np.testing.assert_allclose(layer.moving_variance.numpy(), x.var(axes), rtol=1e-5)


def test_batch_norm_several_axes():
    x = _data(2, 3, 4, 5)
    layer = layers.BatchNormalization(axis=[1, 2], center=False, scale=False)
    out = layer(x, training=True).numpy()
    assert [w.shape.as_list() for w in layer.weights] == [[1, 3, 4, 1]] * 2
    np.testing.assert_allclose(out, _normalize(x, (0, 3), 1e-3), rtol=1e-4, atol=1e-5)
    assert layer.get_config()["axis"] == [1, 2]


def test_batch_norm_training_in_tf_function_updates_statistics():
    x = _data(8, 2, shift=1.0)
    layer = layers.BatchNormalization(momentum=0.5)

    @tf.function
    def step(inputs):
        return layer(inputs, training=True)

    step(x)
    step(x)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.75 * x.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.25 + 0.75 * x.var(0), rtol=1e-5)


def test_batch_norm_symbolic_training_flag():
    x = _data(4, 2, shift=1.0)
    layer = layers.BatchNormalization(momentum=0.0)

    @tf.function
    def call(inputs, training):
        return layer(inputs, training=training)

    inference = call(x, tf.constant(False)).numpy()
    np.testing.assert_allclose(inference, x / np.sqrt(1.001), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.0)
    call(x, tf.constant(True))
    np.testing.assert_allclose(layer.moving_mean.numpy(), x.mean(0), rtol=1e-5)


def test_batch_norm_frozen_layer_runs_in_inference_mode():
    x = _data(4, 3)
    layer, gamma, beta = _fixed_batch_norm(x)
    layer.trainable = False
    out = layer(x, training=True).numpy()
    np.testing.assert_allclose(out, (x - 0.1) / np.sqrt(2.001) * gamma + beta, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.1)
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 4


def test_batch_norm_mask_excludes_masked_steps():
    x = _data(2, 4, 3)
    mask = np.array([[True, True, False, False], [True, False, True, True]])
    layer = layers.BatchNormalization(momentum=0.0)
    out = layer(x, training=True, mask=mask).numpy()
    kept = x[mask]
    np.testing.assert_allclose(layer.moving_mean.numpy(), kept.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), kept.var(0), rtol=1e-5)
    np.testing.assert_allclose(out, (x - kept.mean(0)) / np.sqrt(kept.var(0) + 1e-3), rtol=1e-4, atol=1e-5)


def test_batch_norm_half_precision_and_integer_inputs():
    x = _data(4, 3)
    out = layers.BatchNormalization(dtype="mixed_float16")(x, training=True)
    assert out.dtype == tf.float16
    np.testing.assert_allclose(out.numpy(), _normalize(x, 0, 1e-3), atol=2e-3)
    assert layers.BatchNormalization()(np.ones((2, 3), "int32")).dtype == tf.float32


def test_batch_norm_get_config_round_trip():
    layer = layers.BatchNormalization(axis=1, momentum=0.8, epsilon=1e-4, center=False, name="bn_cfg")
    config = layer.get_config()
    assert config["axis"] == 1 and config["momentum"] == 0.8 and config["center"] is False
    assert "synchronized" not in config and "fused" not in config
    assert layers.BatchNormalization.from_config(config).get_config() == config
    assert layers.BatchNormalization(synchronized=True).get_config()["synchronized"] is True


@pytest.mark.parametrize(
    "kwargs", [{"renorm": True}, {"virtual_batch_size": 2}, {"adjustment": lambda s: (1, 0)}]
)
def test_batch_norm_unimplemented_options(kwargs):
    with pytest.raises(tf.errors.UnimplementedError, match="BatchNormalization"):
        layers.BatchNormalization(**kwargs)


def test_batch_norm_errors():
    with pytest.raises(ValueError, match="Expected 0 <= axis < inputs.rank"):
        layers.BatchNormalization(axis=3)(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="Duplicate axis"):
        layers.BatchNormalization(axis=[1, 1])(np.ones((2, 3, 4), "float32"))
    with pytest.raises(TypeError, match="axis"):
        layers.BatchNormalization(axis="a")
    with pytest.raises(ValueError, match="undefined `axis` dimension"):
        layers.BatchNormalization(axis=1)(tf.keras.Input((None, 3)))
    with pytest.raises(ValueError, match="only support 4D or 5D"):
        layers.BatchNormalization(fused=True)(np.ones((2, 3), "float32"))
    layer = layers.BatchNormalization()
    layer(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="expected axis 1 of input shape to have value 3"):
        layer(np.ones((2, 4), "float32"))


# ---- LayerNormalization, GroupNormalization, UnitNormalization -----------------------------------------
@pytest.mark.parametrize(
    "cls, kwargs, shape, names",
    [
        (layers.LayerNormalization, {}, (2, 3, 4), ["gamma", "beta"]),
        (layers.LayerNormalization, {"axis": [1, 2], "center": False}, (2, 3, 4), ["gamma"]),
        (layers.GroupNormalization, {"groups": 2}, (2, 3, 4), ["gamma", "beta"]),
        (layers.UnitNormalization, {}, (2, 5), []),
    ],
)
def test_normalization_harness(cls, kwargs, shape, names):
    run_layer_test(
        cls,
        {**kwargs, "name": "norm_h"},
        input_shape=shape,
        expected_output_shape=shape,
        expected_weight_names=[f"norm_h/{n}:0" for n in names],
        supports_masking=True,
    )


def test_layer_norm_values():
    x = _data(2, 3, 4, shift=0.3)
    layer = layers.LayerNormalization(epsilon=0.01, gamma_initializer="ones")
    np.testing.assert_allclose(layer(x).numpy(), _normalize(x, -1, 0.01), rtol=1e-4, atol=1e-5)
    layer = layers.LayerNormalization(axis=(1, 2))
    layer(x)
    gamma = np.arange(12, dtype="float32").reshape(3, 4) / 10
    beta = np.ones((3, 4), "float32")
    layer.set_weights([gamma, beta])
    np.testing.assert_allclose(
        layer(x).numpy(), _normalize(x, (1, 2), 1e-3) * gamma + beta, rtol=1e-4, atol=1e-5
    )
    assert layer.get_config()["axis"] == [1, 2]
    layer = layers.LayerNormalization(axis=1)
    layer(x)
    layer.set_weights([np.array([1.0, 2.0, 3.0], "float32"), np.zeros(3, "float32")])
    expected = _normalize(x, 1, 1e-3) * np.array([1.0, 2.0, 3.0]).reshape(1, 3, 1)
    np.testing.assert_allclose(layer(x).numpy(), expected, rtol=1e-4, atol=1e-5)


def test_group_norm_values():
    x = _data(2, 3, 6, shift=0.2)
    layer = layers.GroupNormalization(groups=3, epsilon=0.01)
    layer(x)
    gamma, beta = np.linspace(0.5, 1.0, 6).astype("float32"), np.linspace(-1, 1, 6).astype("float32")
    layer.set_weights([gamma, beta])
    grouped = x.reshape(2, 3, 3, 2)
    expected = _normalize(grouped, (1, 3), 0.01).reshape(2, 3, 6) * gamma + beta
    np.testing.assert_allclose(layer(x).numpy(), expected, rtol=1e-4, atol=1e-5)
    # Channels first, and groups=-1 (one group per channel: instance normalization).
    first = layers.GroupNormalization(groups=-1, axis=1)(np.moveaxis(x, -1, 1)).numpy()
    np.testing.assert_allclose(np.moveaxis(first, 1, -1), _normalize(x, 1, 1e-3), rtol=1e-4, atol=1e-5)


def test_group_norm_unknown_spatial_dimensions():
    inputs = tf.keras.Input((None, None, 4))
    outputs = layers.GroupNormalization(groups=2)(inputs)
    assert outputs.shape.as_list() == [None, None, None, 4]
    model = tf.keras.Model(inputs, outputs)
    x = _data(1, 3, 2, 4)
    expected = _normalize(x.reshape(1, 3, 2, 2, 2), (1, 2, 4), 1e-3).reshape(x.shape)
    np.testing.assert_allclose(model(x).numpy(), expected, rtol=1e-4, atol=1e-5)


def test_unit_normalization_values():
    x = _data(3, 4)
    out = layers.UnitNormalization()(x).numpy()
    np.testing.assert_allclose(out, x / np.linalg.norm(x, axis=-1, keepdims=True), rtol=1e-5)
    x3 = _data(2, 2, 3)
    out = layers.UnitNormalization(axis=(1, 2))(x3).numpy()
    np.testing.assert_allclose(out, x3 / np.sqrt((x3**2).sum((1, 2), keepdims=True)), rtol=1e-5)
    np.testing.assert_array_equal(layers.UnitNormalization()(np.zeros((1, 3), "float32")).numpy(), 0.0)
    assert layers.UnitNormalization(axis=(1, 2)).get_config()["axis"] == [1, 2]


def test_half_precision_keeps_float32_weights():
    layer = layers.LayerNormalization(dtype="mixed_float16")
    out = layer(_data(2, 3))
    assert out.dtype == tf.float16 and [w.dtype for w in layer.weights] == [tf.float32, tf.float32]


def test_configs_round_trip():
    for layer in (
        layers.LayerNormalization(axis=[1, 2], epsilon=0.1, center=False),
        layers.GroupNormalization(groups=4, axis=1, scale=False),
        layers.UnitNormalization(axis=2),
    ):
        config = layer.get_config()
        assert type(layer).from_config(config).get_config() == config
    assert layers.GroupNormalization(groups=-1).get_config()["groups"] == -1


def test_normalization_errors():
    x = np.ones((2, 4, 3), "float32")
    with pytest.raises(ValueError, match="Expected 0 <= axis < inputs.rank"):
        layers.LayerNormalization(axis=5)(x)
    with pytest.raises(ValueError, match="Duplicate axis"):
        layers.LayerNormalization(axis=[1, 1])(x)
    with pytest.raises(TypeError, match="axis"):
        layers.LayerNormalization(axis="a")
    with pytest.raises(ValueError, match=r"cannot be more than the number of channels \(3\)"):
        layers.GroupNormalization(groups=4)(x)
    with pytest.raises(ValueError, match="must be a multiple"):
        layers.GroupNormalization(groups=2)(x)
    with pytest.raises(ValueError, match="groups"):
        layers.GroupNormalization(groups=0)
    with pytest.raises(ValueError, match="should have a defined dimension"):
        layers.GroupNormalization(groups=2)(tf.keras.Input((4, None)))
    with pytest.raises(ValueError, match="Expected 0 <= axis < inputs.rank"):
        layers.UnitNormalization(axis=5)(x)
    with pytest.raises(TypeError, match="axis"):
        layers.UnitNormalization(axis="a")
