"""Golden cases: tf.keras convolution, pooling and resizing layers — Conv1D/2D/3D (padding, strides,
dilation, causal, groups), Conv1D/2D/3DTranspose (strides, output_padding), SeparableConv1D/2D,
DepthwiseConv1D/2D, Max/AveragePooling1D/2D/3D, GlobalMax/AveragePooling1D/2D/3D (keepdims),
UpSampling1D/2D/3D (nearest, bilinear), ZeroPadding1D/2D/3D, Cropping1D/2D/3D; weight names and
shapes, compute_output_shape and the errors.

Layers run channels_last; channels_first is recorded only for the layers TensorFlow runs that way on
the CPU (its Conv and pooling kernels refuse NCHW there, a device limitation, not Keras behaviour).
Weights are set explicitly from sin-based arrays after the layer is built; inputs are fixed.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""


def _array(np, shape, offset=0.0, scale=0.5):
    """Fixed float32 values of `shape`: scale * sin(0.7 * i + offset)."""
    size = int(np.prod(shape)) if len(shape) else 1
    values = np.sin(np.arange(size, dtype=np.float64) * 0.7 + offset) * scale
    return values.reshape(shape).astype(np.float32)


def _x(tf, np, shape, offset=0.0):
    """A fixed float32 input tensor: cos(0.3 * i + offset) - 0.2."""
    size = int(np.prod(shape))
    values = np.cos(np.arange(size, dtype=np.float64) * 0.3 + offset) - 0.2
    return tf.constant(values.reshape(shape).astype(np.float32))


def _fixed(layer, np, x):
    """Builds `layer` by calling it once, then replaces every weight with fixed values."""
    layer(x)
    layer.set_weights([_array(np, w.shape, offset=i) for i, w in enumerate(layer.get_weights())])
    return layer


def _l(tf):
    return tf.keras.layers


def _define(name, function):
    """Adds a generated case to this module, so it is found like a written one."""
    function.__name__ = f"case_{name}"
    globals()[function.__name__] = function


def _layer_case(class_name, input_shape, kwargs):
    """A case: the output of layers.<class_name>(**kwargs) with fixed weights on a fixed input."""

    def case(tf, np):
        x = _x(tf, np, input_shape)
        return _fixed(getattr(_l(tf), class_name)(**kwargs), np, x)(x)

    return case


# ---- convolutions ------------------------------------------------------------------------------
_CONVOLUTIONS = {
    "conv1d_valid": ("Conv1D", (2, 7, 3), {"filters": 4, "kernel_size": 3}),
    "conv1d_same_strides": (
        "Conv1D",
        (2, 7, 3),
        {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"},
    ),
    "conv1d_dilation": ("Conv1D", (1, 9, 2), {"filters": 3, "kernel_size": 3, "dilation_rate": 2}),
    "conv1d_causal": (
        "Conv1D",
        (1, 6, 2),
        {"filters": 2, "kernel_size": 3, "padding": "causal", "dilation_rate": 2},
    ),
    "conv1d_groups": ("Conv1D", (1, 6, 4), {"filters": 6, "kernel_size": 2, "groups": 2}),
    "conv2d_valid": ("Conv2D", (2, 5, 5, 3), {"filters": 2, "kernel_size": 3}),
    "conv2d_same": ("Conv2D", (1, 5, 4, 2), {"filters": 3, "kernel_size": (3, 2), "padding": "same"}),
    "conv2d_strides": ("Conv2D", (1, 6, 5, 2), {"filters": 2, "kernel_size": 3, "strides": (2, 1)}),
    "conv2d_same_strides_even": (
        "Conv2D",
        (1, 6, 6, 1),
        {"filters": 2, "kernel_size": 4, "strides": 2, "padding": "same"},
    ),
    "conv2d_dilation_same": (
        "Conv2D",
        (1, 7, 7, 2),
        {"filters": 2, "kernel_size": 3, "dilation_rate": 2, "padding": "same"},
    ),
    "conv2d_groups": ("Conv2D", (1, 4, 4, 4), {"filters": 4, "kernel_size": 2, "groups": 2}),
    "conv2d_relu_no_bias": (
        "Conv2D",
        (1, 4, 4, 2),
        {"filters": 3, "kernel_size": 2, "activation": "relu", "use_bias": False},
    ),
    "conv3d_valid": ("Conv3D", (1, 4, 4, 4, 2), {"filters": 2, "kernel_size": 3}),
    "conv3d_same_strides": (
        "Conv3D",
        (1, 5, 4, 3, 1),
        {"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same"},
    ),
    "conv1d_transpose_strides": (
        "Conv1DTranspose",
        (1, 4, 2),
        {"filters": 3, "kernel_size": 3, "strides": 2},
    ),
    "conv2d_transpose_valid": ("Conv2DTranspose", (1, 3, 3, 2), {"filters": 2, "kernel_size": 3}),
    "conv2d_transpose_strides": (
        "Conv2DTranspose",
        (1, 3, 3, 2),
        {"filters": 2, "kernel_size": 3, "strides": 2},
    ),
    "conv2d_transpose_same": (
        "Conv2DTranspose",
        (1, 3, 2, 2),
        {"filters": 1, "kernel_size": 3, "strides": 2, "padding": "same"},
    ),
    "conv2d_transpose_output_padding": (
        "Conv2DTranspose",
        (1, 3, 3, 1),
        {"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 1},
    ),
    "conv3d_transpose_output_padding": (
        "Conv3DTranspose",
        (1, 2, 2, 2, 2),
        {"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 1},
    ),
    "separable_conv1d": (
        "SeparableConv1D",
        (1, 6, 2),
        {"filters": 3, "kernel_size": 3, "depth_multiplier": 2},
    ),
    "separable_conv2d": (
        "SeparableConv2D",
        (1, 5, 5, 2),
        {"filters": 3, "kernel_size": 3, "depth_multiplier": 2},
    ),
    "separable_conv2d_same": (
        "SeparableConv2D",
        (1, 4, 4, 3),
        {"filters": 2, "kernel_size": 2, "padding": "same"},
    ),
    "depthwise_conv1d": ("DepthwiseConv1D", (1, 6, 2), {"kernel_size": 3, "depth_multiplier": 2}),
    "depthwise_conv2d": ("DepthwiseConv2D", (1, 5, 5, 2), {"kernel_size": 3, "depth_multiplier": 2}),
    "depthwise_conv2d_strides_same": (
        "DepthwiseConv2D",
        (1, 5, 5, 3),
        {"kernel_size": 3, "strides": 2, "padding": "same"},
    ),
}
for _name, (_class, _shape, _kwargs) in _CONVOLUTIONS.items():
    _define(_name, _layer_case(_class, _shape, _kwargs))


def case_conv_weight_names_and_shapes(tf, np):
    layers = _l(tf)
    built = [
        (layers.Conv2D(3, 2, name="c2"), (1, 4, 4, 2)),
        (layers.Conv2DTranspose(3, 2, name="c2t"), (1, 4, 4, 2)),
        (layers.SeparableConv2D(3, 2, depth_multiplier=2, name="sep"), (1, 4, 4, 2)),
        (layers.DepthwiseConv2D(2, depth_multiplier=3, name="dw"), (1, 4, 4, 2)),
        (layers.Conv1D(4, 3, groups=2, name="c1g"), (1, 5, 4)),
    ]
    result = []
    for layer, shape in built:
        layer(_x(tf, np, shape))
        result.append([[w.name for w in layer.weights], [w.shape for w in layer.weights]])
    return result


def case_conv_compute_output_shape(tf, np):
    layers = _l(tf)
    return [
        layers.Conv2D(4, 3, strides=2).compute_output_shape((None, 9, 8, 3)),
        layers.Conv2D(4, 3, padding="same", strides=2).compute_output_shape((None, 9, 8, 3)),
        layers.Conv2DTranspose(4, 3, strides=2).compute_output_shape((None, 5, 6, 3)),
        layers.Conv1D(2, 3, padding="causal").compute_output_shape((None, 7, 3)),
    ]


def case_conv2d_strides_and_dilation(tf, np):
    return _l(tf).Conv2D(2, 3, strides=2, dilation_rate=2)


def case_conv2d_rank3_input(tf, np):
    return _l(tf).Conv2D(2, 3)(_x(tf, np, (5, 5, 2)))


def case_conv2d_groups_not_dividing(tf, np):
    return _l(tf).Conv2D(3, 2, groups=2)(_x(tf, np, (1, 4, 4, 4)))


def case_conv2d_bad_padding(tf, np):
    return _l(tf).Conv2D(2, 3, padding="full")


def case_conv1d_causal_in_conv2d(tf, np):
    return _l(tf).Conv2D(2, 3, padding="causal")


# ---- pooling -------------------------------------------------------------------------------------
_POOLING = {
    "max_pooling1d": ("MaxPooling1D", (2, 7, 2), {}),
    "max_pooling1d_same_strides": (
        "MaxPooling1D",
        (1, 7, 2),
        {"pool_size": 3, "strides": 2, "padding": "same"},
    ),
    "average_pooling1d": ("AveragePooling1D", (2, 6, 2), {"pool_size": 3}),
    "max_pooling2d": ("MaxPooling2D", (1, 5, 5, 2), {}),
    "max_pooling2d_strides": ("MaxPooling2D", (1, 5, 5, 1), {"pool_size": 3, "strides": 1}),
    "average_pooling2d": ("AveragePooling2D", (1, 4, 6, 2), {"pool_size": (2, 3)}),
    "average_pooling2d_same": ("AveragePooling2D", (1, 5, 5, 1), {"pool_size": 2, "padding": "same"}),
    "max_pooling3d": ("MaxPooling3D", (1, 4, 4, 4, 2), {}),
    "average_pooling3d_same": ("AveragePooling3D", (1, 3, 4, 3, 1), {"pool_size": 2, "padding": "same"}),
    "global_max_pooling1d": ("GlobalMaxPooling1D", (2, 5, 3), {}),
    "global_average_pooling1d_keepdims": ("GlobalAveragePooling1D", (2, 5, 3), {"keepdims": True}),
    "global_max_pooling2d_keepdims": ("GlobalMaxPooling2D", (2, 3, 4, 2), {"keepdims": True}),
    "global_average_pooling2d": ("GlobalAveragePooling2D", (2, 3, 4, 2), {}),
    "global_average_pooling2d_channels_first": (
        "GlobalAveragePooling2D",
        (2, 3, 4, 2),
        {"data_format": "channels_first"},
    ),
    "global_max_pooling3d": ("GlobalMaxPooling3D", (1, 2, 3, 2, 2), {}),
    "global_average_pooling3d_keepdims": ("GlobalAveragePooling3D", (1, 2, 3, 2, 2), {"keepdims": True}),
}
for _name, (_class, _shape, _kwargs) in _POOLING.items():
    _define(_name, _layer_case(_class, _shape, _kwargs))


def case_global_average_pooling1d_mask(tf, np):
    x = _x(tf, np, (2, 4, 2))
    mask = tf.constant([[True, True, False, False], [True, False, True, True]])
    return _l(tf).GlobalAveragePooling1D()(x, mask=mask)


# ---- resizing and padding ----------------------------------------------------------------------------
_RESIZING = {
    "up_sampling1d": ("UpSampling1D", (2, 3, 2), {"size": 3}),
    "up_sampling2d_nearest": ("UpSampling2D", (1, 2, 3, 2), {"size": (2, 3)}),
    "up_sampling2d_bilinear": ("UpSampling2D", (1, 3, 3, 1), {"size": 2, "interpolation": "bilinear"}),
    "up_sampling2d_channels_first": ("UpSampling2D", (1, 2, 2, 3), {"data_format": "channels_first"}),
    "up_sampling3d": ("UpSampling3D", (1, 2, 2, 1, 2), {"size": (1, 2, 3)}),
    "zero_padding1d": ("ZeroPadding1D", (2, 3, 2), {"padding": (1, 2)}),
    "zero_padding2d": ("ZeroPadding2D", (1, 2, 3, 2), {"padding": ((1, 0), (2, 1))}),
    "zero_padding2d_channels_first": (
        "ZeroPadding2D",
        (1, 2, 2, 3),
        {"padding": 1, "data_format": "channels_first"},
    ),
    "zero_padding3d": ("ZeroPadding3D", (1, 1, 2, 2, 1), {"padding": (1, 0, 1)}),
    "cropping1d": ("Cropping1D", (2, 6, 2), {"cropping": (1, 2)}),
    "cropping2d": ("Cropping2D", (1, 5, 6, 2), {"cropping": ((1, 2), (0, 3))}),
    "cropping2d_channels_first": (
        "Cropping2D",
        (1, 2, 5, 4),
        {"cropping": 1, "data_format": "channels_first"},
    ),
    "cropping3d": ("Cropping3D", (1, 4, 4, 4, 1), {"cropping": ((1, 1), (0, 2), (2, 0))}),
}
for _name, (_class, _shape, _kwargs) in _RESIZING.items():
    _define(_name, _layer_case(_class, _shape, _kwargs))


def case_cropping1d_too_much(tf, np):
    return _l(tf).Cropping1D((3, 3))(_x(tf, np, (1, 6, 2)))


# Convolutions sum many products; TensorFlow's Eigen kernels and XLA sum them in different orders.
TOLERANCE = {
    name[len("case_") :]: {"rtol": 1e-5, "atol": 1e-5}
    for name in list(globals())
    if name.startswith("case_") and name[len("case_") :] in _CONVOLUTIONS
}
