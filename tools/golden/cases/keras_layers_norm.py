"""Golden cases: tf.keras normalization and regularization layers — BatchNormalization (training and
inference outputs, moving statistics after one training call, axis, center/scale off, the fused
rank-4 path, trainable=False), LayerNormalization, GroupNormalization, UnitNormalization, the
random layers (SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout, AlphaDropout: identity in
inference, shape/dtype and structural properties in training), ActivityRegularization and the
regularization losses layers collect (layer.losses).

Weights are set explicitly after the layer is built; inputs are fixed cos-based arrays.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""


def _x(tf, np, shape, offset=0.0, shift=-0.2):
    """A fixed float32 input tensor: cos(0.3 * i + offset) + shift."""
    size = int(np.prod(shape))
    values = np.cos(np.arange(size, dtype=np.float64) * 0.3 + offset) + shift
    return tf.constant(values.reshape(shape).astype(np.float32))


def _l(tf):
    return tf.keras.layers


def _values(variables):
    return [v.numpy() for v in variables]


def _fixed_batch_norm(layer, np, x):
    """Builds a BatchNormalization layer, then sets gamma, beta, moving mean and (positive) variance."""
    layer(x)
    weights = []
    for index, weight in enumerate(layer.get_weights()):
        i = np.arange(weight.size, dtype=np.float64).reshape(weight.shape)
        name = layer.weights[index].name
        if "moving_variance" in name:
            weights.append((1.0 + 0.5 * np.sin(i + 1.0) ** 2).astype(np.float32))
        elif "gamma" in name:
            weights.append((1.0 + 0.3 * np.sin(i)).astype(np.float32))
        else:
            weights.append((0.2 * np.cos(i + 2.0 * index)).astype(np.float32))
    layer.set_weights(weights)
    return layer


# ---- BatchNormalization --------------------------------------------------------------------------
def case_batch_norm_training_output(tf, np):
    x = _x(tf, np, (6, 3))
    layer = _fixed_batch_norm(_l(tf).BatchNormalization(momentum=0.9), np, x)
    return layer(x, training=True)


def case_batch_norm_moving_statistics(tf, np):
    x = _x(tf, np, (6, 3))
    layer = _fixed_batch_norm(_l(tf).BatchNormalization(momentum=0.9), np, x)
    layer(x, training=True)
    return _values([layer.moving_mean, layer.moving_variance])


def case_batch_norm_moving_statistics_two_calls(tf, np):
    x = _x(tf, np, (5, 2))
    layer = _fixed_batch_norm(_l(tf).BatchNormalization(momentum=0.5, epsilon=0.01), np, x)
    layer(x, training=True)
    layer(x * 2.0 + 1.0, training=True)
    return _values([layer.moving_mean, layer.moving_variance])


def case_batch_norm_inference_output(tf, np):
    x = _x(tf, np, (4, 3))
    layer = _fixed_batch_norm(_l(tf).BatchNormalization(), np, x)
    return [layer(x, training=False), layer(x)]


def case_batch_norm_inference_leaves_statistics(tf, np):
    x = _x(tf, np, (4, 3))
    layer = _fixed_batch_norm(_l(tf).BatchNormalization(), np, x)
    layer(x, training=False)
    return _values([layer.moving_mean, layer.moving_variance])


def case_batch_norm_axis1(tf, np):
    x = _x(tf, np, (3, 2, 4))
    layer = _fixed_batch_norm(_l(tf).BatchNormalization(axis=1, momentum=0.9), np, x)
    out = layer(x, training=True)
    return [out, [w.shape for w in layer.weights]] + _values([layer.moving_mean, layer.moving_variance])


def case_batch_norm_rank4_channels_last(tf, np):
    # A rank-4 input takes TensorFlow's fused kernel; its moving variance uses the unbiased batch variance.
    x = _x(tf, np, (2, 3, 2, 2))
    layer = _fixed_batch_norm(_l(tf).BatchNormalization(momentum=0.9), np, x)
    out = layer(x, training=True)
    return [out] + _values([layer.moving_mean, layer.moving_variance])


def case_batch_norm_rank3_moving_variance(tf, np):
    x = _x(tf, np, (2, 3, 2))
    layer = _fixed_batch_norm(_l(tf).BatchNormalization(momentum=0.0), np, x)
    layer(x, training=True)
    return _values([layer.moving_mean, layer.moving_variance])


def case_batch_norm_no_center_no_scale(tf, np):
    x = _x(tf, np, (4, 3))
    layer = _fixed_batch_norm(_l(tf).BatchNormalization(center=False, scale=False), np, x)
    return [layer(x, training=True), layer(x, training=False), len(layer.weights)]


def case_batch_norm_frozen_runs_in_inference_mode(tf, np):
    x = _x(tf, np, (4, 3))
    layer = _fixed_batch_norm(_l(tf).BatchNormalization(), np, x)
    layer.trainable = False
    out = layer(x, training=True)
    return [out] + _values([layer.moving_mean, layer.moving_variance])


def case_batch_norm_weights(tf, np):
    layer = _l(tf).BatchNormalization(name="bn")
    layer(_x(tf, np, (2, 3)))
    return [
        [w.name for w in layer.weights],
        [w.name for w in layer.trainable_weights],
        [w.name for w in layer.non_trainable_weights],
        _values(layer.weights),
    ]


def case_batch_norm_get_config(tf, np):
    return _l(tf).BatchNormalization(axis=1, momentum=0.8, epsilon=1e-4, name="bn_cfg").get_config()


def case_batch_norm_bad_axis(tf, np):
    return _l(tf).BatchNormalization(axis=3)(_x(tf, np, (2, 3)))


# ---- LayerNormalization, GroupNormalization, UnitNormalization -----------------------------------------
def _fixed(layer, np, x):
    """Builds `layer` by calling it once, then sets every weight to a fixed, sin-based value."""
    layer(x)
    weights = []
    for index, weight in enumerate(layer.get_weights()):
        i = np.arange(weight.size, dtype=np.float64).reshape(weight.shape)
        weights.append((1.0 + 0.3 * np.sin(i + index)).astype(np.float32))
    layer.set_weights(weights)
    return layer


def case_layer_norm_last_axis(tf, np):
    x = _x(tf, np, (3, 4))
    return _fixed(_l(tf).LayerNormalization(), np, x)(x)


def case_layer_norm_default_weights(tf, np):
    layer = _l(tf).LayerNormalization(name="ln")
    out = layer(_x(tf, np, (2, 3, 4)))
    return [out, [w.name for w in layer.weights], [w.shape for w in layer.weights]]


def case_layer_norm_axes_1_2(tf, np):
    x = _x(tf, np, (2, 3, 4))
    layer = _fixed(_l(tf).LayerNormalization(axis=[1, 2], epsilon=1e-2), np, x)
    return [layer(x), [w.shape for w in layer.weights]]


def case_layer_norm_no_center_no_scale(tf, np):
    x = _x(tf, np, (2, 5))
    layer = _l(tf).LayerNormalization(center=False, scale=False)
    return [layer(x), len(layer.weights)]


def case_group_norm(tf, np):
    x = _x(tf, np, (2, 3, 4))
    layer = _fixed(_l(tf).GroupNormalization(groups=2), np, x)
    return [layer(x), [w.shape for w in layer.weights]]


def case_group_norm_rank4(tf, np):
    x = _x(tf, np, (1, 2, 2, 6))
    return _fixed(_l(tf).GroupNormalization(groups=3, epsilon=0.01), np, x)(x)


def case_group_norm_bad_groups(tf, np):
    return _l(tf).GroupNormalization(groups=3)(_x(tf, np, (2, 4)))


def case_unit_norm(tf, np):
    return _l(tf).UnitNormalization()(_x(tf, np, (3, 4)))


def case_unit_norm_axes(tf, np):
    return _l(tf).UnitNormalization(axis=(1, 2))(_x(tf, np, (2, 2, 3)))


# ---- random regularization layers ----------------------------------------------------------------------
def case_random_layers_inference_identity(tf, np):
    layers = _l(tf)
    x3 = _x(tf, np, (2, 3, 4))
    x4 = _x(tf, np, (1, 2, 2, 3))
    return [
        layers.SpatialDropout1D(0.5)(x3),
        layers.SpatialDropout2D(0.5)(x4, training=False),
        layers.GaussianNoise(1.0)(x3),
        layers.GaussianDropout(0.4)(x3, training=False),
        layers.AlphaDropout(0.3)(x3),
    ]


def case_random_layers_training_shapes(tf, np):
    layers = _l(tf)
    x = _x(tf, np, (2, 3, 4))
    outputs = [
        layers.GaussianNoise(1.0)(x, training=True),
        layers.GaussianDropout(0.4)(x, training=True),
        layers.AlphaDropout(0.3)(x, training=True),
        layers.SpatialDropout1D(0.5)(x, training=True),
    ]
    return [[out.shape, out.dtype] for out in outputs]


def _whole_channels(tf, out, x, reduce_axes, scale):
    """True when every channel of `out` is either all zero or all x * scale."""
    kept = tf.abs(out - x * scale) < 1e-5
    dropped = tf.equal(out, 0.0)
    return tf.reduce_all(
        tf.logical_or(tf.reduce_all(kept, axis=reduce_axes), tf.reduce_all(dropped, axis=reduce_axes))
    )


def case_spatial_dropout1d_drops_whole_channels(tf, np):
    x = _x(tf, np, (4, 5, 6), shift=2.0)  # positive: a kept entry is never 0
    out = _l(tf).SpatialDropout1D(0.5)(x, training=True)
    return [out.shape, _whole_channels(tf, out, x, [1], 2.0)]


def case_spatial_dropout2d_drops_whole_channels(tf, np):
    x = _x(tf, np, (3, 3, 2, 5), shift=2.0)
    out = _l(tf).SpatialDropout2D(0.75)(x, training=True)
    return [out.shape, _whole_channels(tf, out, x, [1, 2], 4.0)]


def case_spatial_dropout2d_channels_first(tf, np):
    x = _x(tf, np, (3, 5, 2, 3), shift=2.0)
    out = _l(tf).SpatialDropout2D(0.5, data_format="channels_first")(x, training=True)
    return [out.shape, _whole_channels(tf, out, x, [2, 3], 2.0)]


def case_spatial_dropout3d_inference(tf, np):
    return _l(tf).SpatialDropout3D(0.5)(_x(tf, np, (1, 2, 2, 2, 2)))


def case_spatial_dropout1d_rank2_input(tf, np):
    return _l(tf).SpatialDropout1D(0.5)(_x(tf, np, (2, 3)), training=True)


def case_gaussian_dropout_rate_zero_training(tf, np):
    x = _x(tf, np, (2, 3))
    return _l(tf).GaussianDropout(0.0)(x, training=True)


def case_random_layers_get_config(tf, np):
    layers = _l(tf)
    return [
        layers.GaussianNoise(0.5, seed=3, name="gn").get_config(),
        layers.GaussianDropout(0.2, name="gd").get_config(),
        layers.AlphaDropout(0.1, name="ad").get_config(),
        layers.SpatialDropout2D(0.3, name="sd").get_config(),
    ]


# ---- regularization losses ------------------------------------------------------------------------
def case_activity_regularization_losses(tf, np):
    x = _x(tf, np, (4, 3))
    layer = _l(tf).ActivityRegularization(l1=0.01, l2=0.02)
    out = layer(x)
    return [out, layer.losses]


def case_activity_regularization_default(tf, np):
    x = _x(tf, np, (2, 3))
    layer = _l(tf).ActivityRegularization(name="activity")
    layer(x)
    return [layer.losses, layer.get_config()]


def case_activity_regularization_losses_reset_per_call(tf, np):
    layer = _l(tf).ActivityRegularization(l1=0.1)
    layer(_x(tf, np, (2, 3)))
    layer(_x(tf, np, (3, 3), offset=1.0))
    return layer.losses


def case_dense_regularizer_losses(tf, np):
    x = _x(tf, np, (2, 3))
    layer = _l(tf).Dense(
        2, kernel_regularizer=tf.keras.regularizers.L2(0.1), bias_regularizer="l1", activity_regularizer="l2"
    )
    layer(x)
    kernel = np.sin(np.arange(6, dtype=np.float64)).reshape(3, 2).astype(np.float32)
    layer.set_weights([kernel, np.array([0.5, -0.25], np.float32)])
    layer(x)
    return layer.losses


# BatchNormalization divides by a square root of a variance: float32 rounding differs a little.
TOLERANCE = {
    name[len("case_") :]: {"rtol": 1e-5, "atol": 1e-5}
    for name in list(globals())
    if name.startswith("case_batch_norm")
    or name.startswith("case_layer_norm")
    or name.startswith("case_group")
}
