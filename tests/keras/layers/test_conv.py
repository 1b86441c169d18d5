"""tf.keras.layers convolutions: Conv1D/2D/3D, the transposed convolutions, SeparableConv1D/2D and
DepthwiseConv1D/2D — the layer harness, values against a NumPy convolution written here, data formats,
groups, causal padding, and the argument errors."""

import itertools

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers


# ---- a NumPy reference (channels last, any rank) -----------------------------------------------------
def _pads(size, window, stride, dilation, padding):
    effective = (window - 1) * dilation + 1
    if padding == "valid":
        return 0, (size - effective) // stride + 1
    out = -(-size // stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, out


def np_conv(x, w, strides=None, padding="valid", dilation=None, groups=1):
    """x [batch, *spatial, cin], w [*kernel, cin // groups, cout] -> [batch, *out, cout]."""
    rank = x.ndim - 2
    strides, dilation = strides or (1,) * rank, dilation or (1,) * rank
    geometry = [_pads(x.shape[1 + i], w.shape[i], strides[i], dilation[i], padding) for i in range(rank)]
    out = np.zeros((x.shape[0], *[g[1] for g in geometry], w.shape[-1]), np.float64)
    per_group_in, per_group_out = w.shape[-2], w.shape[-1] // groups
    for position in itertools.product(*[range(g[1]) for g in geometry]):
        for offset in itertools.product(*[range(k) for k in w.shape[:rank]]):
            source = [
                p * s + o * d - g[0] for p, s, o, d, g in zip(position, strides, offset, dilation, geometry)
            ]
            if not all(0 <= v < x.shape[1 + i] for i, v in enumerate(source)):
                continue
            pixel = x[(slice(None), *source)]
            for group in range(groups):
                inputs = pixel[:, group * per_group_in : (group + 1) * per_group_in]
                kernel = w[(*offset, slice(None), slice(group * per_group_out, (group + 1) * per_group_out))]
                out[(slice(None), *position, slice(group * per_group_out, (group + 1) * per_group_out))] += (
                    inputs @ kernel
                )
    return out


def np_conv_transpose(x, w, out_spatial, strides, padding="valid"):
    """The transpose of np_conv: x [batch, *spatial, cin], w [*kernel, cout, cin]."""
    rank = x.ndim - 2
    befores = [_pads(out_spatial[i], w.shape[i], strides[i], 1, padding)[0] for i in range(rank)]
    out = np.zeros((x.shape[0], *out_spatial, w.shape[-2]), np.float64)
    for position in itertools.product(*[range(n) for n in x.shape[1:-1]]):
        for offset in itertools.product(*[range(k) for k in w.shape[:rank]]):
            target = [p * s + o - b for p, s, o, b in zip(position, strides, offset, befores)]
            if all(0 <= v < out_spatial[i] for i, v in enumerate(target)):
                out[(slice(None), *target)] += x[(slice(None), *position)] @ w[offset].T
    return out


def _data(*shape, seed=0):
    return np.random.RandomState(seed).uniform(-1, 1, shape).astype("float32")


def _set(layer, x, seed=1):
    layer(x)
    layer.set_weights([_data(*w.shape, seed=seed + i) for i, w in enumerate(layer.get_weights())])
    return layer


# ---- harness --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cls, kwargs, shape, out_shape, names",
    [
        (layers.Conv1D, {"filters": 3, "kernel_size": 2}, (2, 5, 4), (2, 4, 3), ["kernel", "bias"]),
        (
            layers.Conv2D,
            {"filters": 2, "kernel_size": 3, "padding": "same"},
            (2, 4, 4, 3),
            (2, 4, 4, 2),
            None,
        ),
        (
            layers.Conv3D,
            {"filters": 2, "kernel_size": 2, "strides": 2},
            (1, 4, 4, 4, 1),
            (1, 2, 2, 2, 2),
            None,
        ),
        (layers.Conv1DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2}, (2, 3, 2), (2, 7, 2), None),
        (
            layers.Conv2DTranspose,
            {"filters": 2, "kernel_size": 2, "strides": 2},
            (1, 3, 3, 2),
            (1, 6, 6, 2),
            None,
        ),
        (layers.Conv3DTranspose, {"filters": 1, "kernel_size": 2}, (1, 2, 2, 2, 2), (1, 3, 3, 3, 1), None),
        (
            layers.SeparableConv1D,
            {"filters": 4, "kernel_size": 3, "depth_multiplier": 2},
            (2, 6, 3),
            (2, 4, 4),
            ["depthwise_kernel", "pointwise_kernel", "bias"],
        ),
        (layers.SeparableConv2D, {"filters": 2, "kernel_size": 2}, (1, 4, 4, 3), (1, 3, 3, 2), None),
        (
            layers.DepthwiseConv1D,
            {"kernel_size": 2, "depth_multiplier": 3},
            (2, 5, 2),
            (2, 4, 6),
            ["depthwise_kernel", "bias"],
        ),
        (layers.DepthwiseConv2D, {"kernel_size": 3, "padding": "same"}, (1, 4, 4, 3), (1, 4, 4, 3), None),
    ],
)
def test_conv_harness(cls, kwargs, shape, out_shape, names):
    expected_names = None if names is None else [f"h_{cls.__name__}/{n}:0" for n in names]
    run_layer_test(
        cls,
        {**kwargs, "name": f"h_{cls.__name__}"},
        input_shape=shape,
        expected_output_shape=out_shape,
        expected_output_dtype="float32",
        expected_weight_names=expected_names,
    )


# ---- values -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, shape",
    [
        ({"kernel_size": 3}, (2, 7, 3)),
        ({"kernel_size": 3, "strides": 2, "padding": "same"}, (1, 8, 2)),
        ({"kernel_size": 2, "dilation_rate": 2, "padding": "same"}, (1, 7, 2)),
        ({"kernel_size": 2, "groups": 2}, (1, 5, 4)),
        ({"kernel_size": (3, 2), "strides": (2, 1)}, (2, 6, 5, 2)),
        ({"kernel_size": 4, "strides": 2, "padding": "same"}, (1, 7, 6, 2)),
        ({"kernel_size": 3, "dilation_rate": 2}, (1, 7, 7, 1)),
        ({"kernel_size": 2, "groups": 2}, (1, 4, 4, 2)),
        ({"kernel_size": 2, "padding": "same"}, (1, 3, 4, 3, 2)),
    ],
)
def test_conv_matches_numpy(kwargs, shape):
    cls = {3: layers.Conv1D, 4: layers.Conv2D, 5: layers.Conv3D}[len(shape)]
    x = _data(*shape)
    layer = _set(cls(filters=4, activation="tanh", **kwargs), x)
    kernel, bias = layer.get_weights()
    rank = len(shape) - 2
    expected = np_conv(
        x,
        kernel,
        layer.strides,
        layer.padding,
        layer.dilation_rate,
        kwargs.get("groups", 1),
    )
    np.testing.assert_allclose(layer(x).numpy(), np.tanh(expected + bias), rtol=1e-5, atol=1e-5)
    assert layer.compute_output_shape(shape).as_list() == list(expected.shape)
    assert layer.kernel.shape.as_list() == [*layer.kernel_size, shape[-1] // layer.groups, 4]
    assert rank == len(layer.kernel_size)


def test_conv1d_causal_sees_only_the_past():
    x = _data(1, 6, 2)
    layer = _set(layers.Conv1D(2, 3, padding="causal", dilation_rate=2), x)
    kernel, bias = layer.get_weights()
    padded = np.concatenate([np.zeros((1, 4, 2), "float32"), x], axis=1)
    expected = np_conv(padded, kernel, dilation=(2,)) + bias
    out = layer(x).numpy()
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    changed = x.copy()
    changed[:, 4:] += 1.0  # the future does not change earlier outputs
    np.testing.assert_allclose(layer(changed).numpy()[:, :4], out[:, :4], rtol=1e-6)


@pytest.mark.parametrize("cls, shape", [(layers.Conv1D, (2, 6, 3)), (layers.Conv2D, (1, 5, 4, 3))])
def test_channels_first_matches_channels_last(cls, shape):
    x = _data(*shape)
    last = _set(cls(4, 3, padding="same", strides=2), x)
    first = cls(4, 3, padding="same", strides=2, data_format="channels_first")
    moved = np.moveaxis(x, -1, 1)
    first(moved)
    first.set_weights(last.get_weights())
    np.testing.assert_allclose(
        np.moveaxis(first(moved).numpy(), 1, -1), last(x).numpy(), rtol=1e-5, atol=1e-6
    )
    assert first.compute_output_shape(moved.shape).as_list() == list(
        np.moveaxis(last(x).numpy(), -1, 1).shape
    )


def test_conv1d_extra_batch_dimensions():
    x = _data(2, 3, 6, 2)
    layer = _set(layers.Conv1D(3, 2), x)
    out = layer(x).numpy()
    assert out.shape == (2, 3, 5, 3)
    np.testing.assert_allclose(out[1, 2], layer(x[1, 2][None]).numpy()[0], rtol=1e-6)
    assert layer.compute_output_shape((2, 3, 6, 2)).as_list() == [2, 3, 5, 3]


@pytest.mark.parametrize(
    "cls, kwargs, shape",
    [
        (layers.Conv1DTranspose, {"kernel_size": 3, "strides": 2}, (1, 4, 2)),
        (layers.Conv2DTranspose, {"kernel_size": 3, "strides": 2, "output_padding": 1}, (2, 3, 2, 2)),
        (layers.Conv2DTranspose, {"kernel_size": 3, "strides": 2, "padding": "same"}, (1, 3, 3, 1)),
        (layers.Conv2DTranspose, {"kernel_size": 2, "strides": 3}, (1, 2, 2, 1)),
        (layers.Conv3DTranspose, {"kernel_size": 2, "strides": 2, "output_padding": 1}, (1, 2, 1, 2, 2)),
    ],
)
def test_conv_transpose_matches_numpy(cls, kwargs, shape):
    x = _data(*shape)
    layer = _set(cls(filters=3, **kwargs), x)
    kernel, bias = layer.get_weights()
    out = layer(x).numpy()
    expected = np_conv_transpose(x, kernel, out.shape[1:-1], layer.strides, layer.padding) + bias
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert layer.compute_output_shape(shape).as_list() == list(out.shape)


def test_conv_transpose_output_sizes():
    x = np.ones((1, 3, 3, 1), "float32")
    assert layers.Conv2DTranspose(1, 3, strides=2)(x).shape == (1, 7, 7, 1)
    assert layers.Conv2DTranspose(1, 3, strides=2, output_padding=1)(x).shape == (1, 8, 8, 1)
    assert layers.Conv2DTranspose(1, 3, strides=2, padding="same")(x).shape == (1, 6, 6, 1)
    assert layers.Conv2DTranspose(1, 3, dilation_rate=2)(x).shape == (1, 7, 7, 1)
    assert layers.Conv2DTranspose(2, 3, data_format="channels_first")(
        np.ones((1, 3, 5, 5), "float32")
    ).shape == (
        1,
        2,
        7,
        7,
    )


def test_conv_transpose_is_the_gradient_of_conv():
    # <conv(a, k), b> == <a, conv_transpose(b, k)>: the adjoint identity.
    a, b = _data(1, 6, 6, 2, seed=3), _data(1, 3, 3, 4, seed=4)
    conv = _set(layers.Conv2D(4, 3, strides=2, padding="same", use_bias=False), a)
    transpose = layers.Conv2DTranspose(2, 3, strides=2, padding="same", use_bias=False)
    transpose(b)
    transpose.set_weights(conv.get_weights())
    left = np.sum(conv(a).numpy() * b)
    right = np.sum(a * transpose(b).numpy())
    np.testing.assert_allclose(left, right, rtol=1e-5)


def test_depthwise_and_separable_match_numpy():
    x = _data(2, 5, 5, 3)
    depthwise = _set(layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same"), x)
    kernel, bias = depthwise.get_weights()
    # A depthwise convolution is a grouped convolution with one group per input channel.
    grouped = kernel.reshape(3, 3, 1, 6)
    expected = np_conv(x, grouped, padding="same", groups=3) + bias
    np.testing.assert_allclose(depthwise(x).numpy(), expected, rtol=1e-5, atol=1e-5)

    separable = _set(layers.SeparableConv2D(4, 2, depth_multiplier=2, strides=2), x)
    depth_kernel, point_kernel, bias = separable.get_weights()
    middle = np_conv(x, depth_kernel.reshape(2, 2, 1, 6), strides=(2, 2), groups=3)
    expected = np_conv(middle, point_kernel) + bias
    np.testing.assert_allclose(separable(x).numpy(), expected, rtol=1e-5, atol=1e-5)


def test_one_dimensional_depthwise_and_separable_match_two_dimensional():
    x = _data(2, 7, 3)
    one = _set(layers.SeparableConv1D(2, 3, depth_multiplier=2, padding="causal"), x)
    two = layers.SeparableConv2D(2, (1, 3), depth_multiplier=2)
    padded = np.concatenate([np.zeros((2, 2, 3), "float32"), x], axis=1)[:, None]
    two(padded)
    two.set_weights([w[None] for w in one.get_weights()[:2]] + one.get_weights()[2:])
    np.testing.assert_allclose(one(x).numpy(), two(padded).numpy()[:, 0], rtol=1e-5, atol=1e-6)

    depth = _set(layers.DepthwiseConv1D(2, strides=2, data_format="channels_first"), np.moveaxis(x, -1, 1))
    kernel, bias = depth.get_weights()
    expected = np_conv(x, kernel.reshape(2, 1, 3), strides=(2,), groups=3) + bias
    np.testing.assert_allclose(np.moveaxis(depth(np.moveaxis(x, -1, 1)).numpy(), 1, -1), expected, rtol=1e-5)


def test_functional_with_unknown_spatial_dimensions():
    inputs = tf.keras.Input((None, None, 3))
    for layer, channels in [
        (layers.Conv2D(4, 3, strides=2), 4),
        (layers.Conv2DTranspose(2, 3, strides=2), 2),
        (layers.SeparableConv2D(5, 3), 5),
        (layers.DepthwiseConv2D(3, depth_multiplier=2), 6),
    ]:
        out = layer(inputs)
        assert out.shape.as_list() == [None, None, None, channels]
    assert layers.Conv2DTranspose(2, 3, strides=2)(tf.keras.Input((4, 5, 3))).shape.as_list() == [
        None,
        9,
        11,
        2,
    ]


def test_training_step_in_tf_function_and_regularizer():
    layer = layers.Conv2D(2, 2, kernel_regularizer=tf.keras.regularizers.L2(0.5), kernel_initializer="ones")
    x = np.ones((1, 3, 3, 1), "float32")

    @tf.function
    def loss():
        return tf.reduce_sum(layer(x))

    np.testing.assert_allclose(loss().numpy(), 4 * 4 * 2)
    np.testing.assert_allclose([float(v) for v in layer.losses], [0.5 * 8])


def test_get_config():
    config = layers.Conv2D(2, 3, name="c").get_config()
    assert (
        config["kernel_size"] == (3, 3) and config["strides"] == (1, 1) and config["dilation_rate"] == (1, 1)
    )
    assert config["padding"] == "valid" and config["data_format"] == "channels_last" and config["groups"] == 1
    assert config["activation"] == "linear"
    transpose = layers.Conv3DTranspose(2, 3, output_padding=None).get_config()
    assert "dilation_rate" not in transpose and transpose["output_padding"] is None
    separable = layers.SeparableConv1D(2, 3, depth_multiplier=3).get_config()
    assert separable["depth_multiplier"] == 3 and separable["kernel_size"] == (3,)
    assert layers.SeparableConv1D.from_config(separable).get_config() == separable
    depthwise = layers.DepthwiseConv2D(3).get_config()
    assert "filters" not in depthwise and "kernel_initializer" not in depthwise
    assert layers.DepthwiseConv2D.from_config(depthwise).get_config() == depthwise


def test_aliases():
    assert layers.Convolution2D is layers.Conv2D and layers.Convolution1DTranspose is layers.Conv1DTranspose
    assert layers.SeparableConvolution2D is layers.SeparableConv2D
    assert layers.Conv2D(1, 1).name.startswith("conv2d")


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: layers.Conv2D(2, (3, 3, 3)), ValueError, "must be a tuple of 2 integers"),
        (lambda: layers.Conv2D(2, 0), ValueError, "requirement `> 0`"),
        (lambda: layers.Conv2D(0, 3), ValueError, "strictly positive"),
        (lambda: layers.Conv2D(2, 3, strides=0), ValueError, "cannot contains 0"),
        (lambda: layers.Conv2D(2, 3, padding="full"), ValueError, "padding"),
        (lambda: layers.Conv2D(2, 3, padding="causal"), ValueError, "Causal padding"),
        (lambda: layers.DepthwiseConv1D(3, padding="causal"), ValueError, "Causal padding"),
        (lambda: layers.Conv2D(2, 3, data_format="nchw"), ValueError, "data_format"),
        (lambda: layers.Conv2D(3, 3, groups=2), ValueError, "evenly divisible by the number of groups"),
        (lambda: layers.Conv2D(2, 3, strides=2, dilation_rate=2), ValueError, "not supported in conjunction"),
        (
            lambda: layers.Conv2DTranspose(2, 3, strides=2, output_padding=2),
            ValueError,
            "greater than output",
        ),
        (lambda: layers.Conv2DTranspose(2, 3, groups=2), ValueError, "groups"),
        (lambda: layers.Conv3DTranspose(2, 3, dilation_rate=2), ValueError, "dilation_rate"),
        (lambda: layers.SeparableConv2D(2, 3, depth_multiplier=0), ValueError, "depth_multiplier"),
        (lambda: layers.Conv2D(2, 3, unknown=1), TypeError, "Keyword argument not understood"),
    ],
)
def test_constructor_errors(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_call_errors():
    with pytest.raises(ValueError, match="expected min_ndim=4, found ndim=3"):
        layers.Conv2D(2, 3)(np.ones((5, 5, 2), "float32"))
    with pytest.raises(ValueError, match="input channels must be evenly divisible"):
        layers.Conv2D(2, 3, groups=2)(np.ones((1, 4, 4, 3), "float32"))
    with pytest.raises(ValueError, match="channel dimension of the inputs should be defined"):
        layers.Conv2D(2, 3)(tf.keras.Input((4, 4, None)))
    with pytest.raises(ValueError, match="expected ndim=4, found ndim=5"):
        layers.Conv2DTranspose(2, 3)(np.ones((1, 4, 4, 4, 2), "float32"))
    layer = layers.Conv2D(2, 3)
    layer(np.ones((1, 4, 4, 3), "float32"))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        layer(np.ones((1, 4, 4, 2), "float32"))
