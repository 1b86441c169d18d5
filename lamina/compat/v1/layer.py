"""`tf.compat.v1.layers`: TensorFlow 1.x's layers, as classes and as functions.

Each class is the Keras layer of the same name with the v1 base (`layer_base.Layer`) under it, so
the maths is Keras's and the weights are `get_variable` variables in the layer's variable scope.
The signatures are TF 1.x's: `kernel_initializer=None` (the scope's default initializer, Glorot
uniform unless the scope sets one), `bias_initializer=zeros_initializer()`, data_format
"channels_last", pooling strides required, and `training=False` by default.

Each function makes a layer and calls it once: `dense(x, 3)` twice makes `dense` and `dense_1`;
`name=` names the variable scope exactly, so a second `dense(x, 3, name="fc")` fails unless
`reuse=True` (or the enclosing scope reuses), in which case it shares `fc/kernel` and `fc/bias`.
"""

from __future__ import annotations

from lamina.compat.v1 import init_ops
from lamina.compat.v1.layer_base import Layer
from lamina.keras.layer import batch_normalization as keras_batch_normalization
from lamina.keras.layer import conv as keras_conv
from lamina.keras.layer import conv_depthwise as keras_conv_depthwise
from lamina.keras.layer import conv_transpose as keras_conv_transpose
from lamina.keras.layer import core as keras_core
from lamina.keras.layer import dense as keras_dense
from lamina.keras.layer import pooling as keras_pooling
from lamina.keras.layer import regularization as keras_regularization

_ZEROS = init_ops.Zeros()
_ONES = init_ops.Ones()


# ---- core ---------------------------------------------------------------------------------------
class Dense(keras_dense.Dense, Layer):
    """`activation(inputs @ kernel + bias)`; see tf.keras.layers.Dense. Variables: `kernel`, `bias`."""

    def __init__(
        self,
        units,
        activation=None,
        use_bias=True,
        kernel_initializer=None,
        bias_initializer=_ZEROS,
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(
            units=units,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            trainable=trainable,
            name=name,
            **kwargs,
        )


def dense(
    inputs,
    units,
    activation=None,
    use_bias=True,
    kernel_initializer=None,
    bias_initializer=_ZEROS,
    kernel_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    kernel_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A densely connected layer applied to `inputs` (see `Dense`); returns its output.

    Example:
      >>> with tf.Graph().as_default():
      ...     x = tf.compat.v1.placeholder(tf.float32, [None, 4])
      ...     y = tf.compat.v1.layers.dense(x, 3, activation=tf.nn.relu)
      ...     names = [v.name for v in tf.compat.v1.global_variables()]
      >>> y.name, names
      ('dense/Relu:0', ['dense/kernel:0', 'dense/bias:0'])
    """
    layer = Dense(
        units,
        activation=activation,
        use_bias=use_bias,
        kernel_initializer=kernel_initializer,
        bias_initializer=bias_initializer,
        kernel_regularizer=kernel_regularizer,
        bias_regularizer=bias_regularizer,
        activity_regularizer=activity_regularizer,
        kernel_constraint=kernel_constraint,
        bias_constraint=bias_constraint,
        trainable=trainable,
        name=name,
        _scope=name,
        _reuse=reuse,
    )
    return layer(inputs)


class Dropout(keras_regularization.Dropout, Layer):
    """Zeroes entries with probability `rate` (scaling the rest by 1 / (1 - rate)) when `training`
    is true (a Python bool or, in a graph, a bool tensor); see tf.keras.layers.Dropout."""

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(rate=rate, noise_shape=noise_shape, seed=seed, name=name, **kwargs)

    def call(self, inputs, training=False):
        return super().call(inputs, training=training)


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """Dropout of `inputs` when `training` (default False: the inputs pass unchanged)."""
    return Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)(inputs, training=training)


class Flatten(keras_core.Flatten, Layer):
    """Flattens all but the batch dimension; see tf.keras.layers.Flatten."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)


def flatten(inputs, name=None, data_format="channels_last"):
    """`inputs` reshaped to (batch, everything else)."""
    return Flatten(name=name, data_format=data_format)(inputs)


# ---- convolutions -------------------------------------------------------------------------------
def _conv_arguments(local: dict) -> dict:
    """The keyword arguments a functional conv shim passes on to its class (all but inputs and reuse,
    plus the variable scope TF's functions give the layer)."""
    arguments = {k: v for k, v in local.items() if k not in ("inputs", "reuse")}
    return {**arguments, "_scope": local["name"], "_reuse": local["reuse"]}


class Conv1D(keras_conv.Conv1D, Layer):
    """1-D convolution over (batch, length, channels); see tf.keras.layers.Conv1D."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format="channels_last",
        dilation_rate=1,
        activation=None,
        use_bias=True,
        kernel_initializer=None,
        bias_initializer=_ZEROS,
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(**_forwarded(locals()))


class Conv2D(keras_conv.Conv2D, Layer):
    """2-D convolution over (batch, rows, cols, channels); see tf.keras.layers.Conv2D."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format="channels_last",
        dilation_rate=(1, 1),
        activation=None,
        use_bias=True,
        kernel_initializer=None,
        bias_initializer=_ZEROS,
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(**_forwarded(locals()))


class Conv3D(keras_conv.Conv3D, Layer):
    """3-D convolution over (batch, depth, rows, cols, channels); see tf.keras.layers.Conv3D."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1, 1),
        padding="valid",
        data_format="channels_last",
        dilation_rate=(1, 1, 1),
        activation=None,
        use_bias=True,
        kernel_initializer=None,
        bias_initializer=_ZEROS,
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(**_forwarded(locals()))


class Conv2DTranspose(keras_conv_transpose.Conv2DTranspose, Layer):
    """Transposed 2-D convolution; see tf.keras.layers.Conv2DTranspose."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format="channels_last",
        activation=None,
        use_bias=True,
        kernel_initializer=None,
        bias_initializer=_ZEROS,
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(**_forwarded(locals()))


class Conv3DTranspose(keras_conv_transpose.Conv3DTranspose, Layer):
    """Transposed 3-D convolution; see tf.keras.layers.Conv3DTranspose."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1, 1),
        padding="valid",
        data_format="channels_last",
        activation=None,
        use_bias=True,
        kernel_initializer=None,
        bias_initializer=_ZEROS,
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(**_forwarded(locals()))


class SeparableConv1D(keras_conv_depthwise.SeparableConv1D, Layer):
    """Depthwise then pointwise 1-D convolution; see tf.keras.layers.SeparableConv1D."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format="channels_last",
        dilation_rate=1,
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer=None,
        pointwise_initializer=None,
        bias_initializer=_ZEROS,
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(**_forwarded(locals()))


class SeparableConv2D(keras_conv_depthwise.SeparableConv2D, Layer):
    """Depthwise then pointwise 2-D convolution; see tf.keras.layers.SeparableConv2D."""

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format="channels_last",
        dilation_rate=(1, 1),
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer=None,
        pointwise_initializer=None,
        bias_initializer=_ZEROS,
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        trainable=True,
        name=None,
        **kwargs,
    ):
        super().__init__(**_forwarded(locals()))


def _forwarded(local: dict) -> dict:
    """A v1 constructor's arguments as keywords for the Keras class (its **kwargs merged in)."""
    arguments = {k: v for k, v in local.items() if k not in ("self", "kwargs", "__class__")}
    return {**arguments, **local["kwargs"]}


def conv1d(
    inputs,
    filters,
    kernel_size,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
    activation=None,
    use_bias=True,
    kernel_initializer=None,
    bias_initializer=_ZEROS,
    kernel_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    kernel_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A 1-D convolution applied to `inputs` (see `Conv1D`)."""
    return Conv1D(**_conv_arguments(locals()))(inputs)


def conv2d(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1),
    padding="valid",
    data_format="channels_last",
    dilation_rate=(1, 1),
    activation=None,
    use_bias=True,
    kernel_initializer=None,
    bias_initializer=_ZEROS,
    kernel_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    kernel_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A 2-D convolution applied to `inputs` (see `Conv2D`)."""
    return Conv2D(**_conv_arguments(locals()))(inputs)


def conv3d(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1, 1),
    padding="valid",
    data_format="channels_last",
    dilation_rate=(1, 1, 1),
    activation=None,
    use_bias=True,
    kernel_initializer=None,
    bias_initializer=_ZEROS,
    kernel_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    kernel_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A 3-D convolution applied to `inputs` (see `Conv3D`)."""
    return Conv3D(**_conv_arguments(locals()))(inputs)


def conv2d_transpose(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1),
    padding="valid",
    data_format="channels_last",
    activation=None,
    use_bias=True,
    kernel_initializer=None,
    bias_initializer=_ZEROS,
    kernel_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    kernel_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A transposed 2-D convolution applied to `inputs` (see `Conv2DTranspose`)."""
    return Conv2DTranspose(**_conv_arguments(locals()))(inputs)


def conv3d_transpose(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1, 1),
    padding="valid",
    data_format="channels_last",
    activation=None,
    use_bias=True,
    kernel_initializer=None,
    bias_initializer=_ZEROS,
    kernel_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    kernel_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A transposed 3-D convolution applied to `inputs` (see `Conv3DTranspose`)."""
    return Conv3DTranspose(**_conv_arguments(locals()))(inputs)


def separable_conv1d(
    inputs,
    filters,
    kernel_size,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
    depth_multiplier=1,
    activation=None,
    use_bias=True,
    depthwise_initializer=None,
    pointwise_initializer=None,
    bias_initializer=_ZEROS,
    depthwise_regularizer=None,
    pointwise_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    depthwise_constraint=None,
    pointwise_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A separable 1-D convolution applied to `inputs` (see `SeparableConv1D`)."""
    return SeparableConv1D(**_conv_arguments(locals()))(inputs)


def separable_conv2d(
    inputs,
    filters,
    kernel_size,
    strides=(1, 1),
    padding="valid",
    data_format="channels_last",
    dilation_rate=(1, 1),
    depth_multiplier=1,
    activation=None,
    use_bias=True,
    depthwise_initializer=None,
    pointwise_initializer=None,
    bias_initializer=_ZEROS,
    depthwise_regularizer=None,
    pointwise_regularizer=None,
    bias_regularizer=None,
    activity_regularizer=None,
    depthwise_constraint=None,
    pointwise_constraint=None,
    bias_constraint=None,
    trainable=True,
    name=None,
    reuse=None,
):
    """A separable 2-D convolution applied to `inputs` (see `SeparableConv2D`)."""
    return SeparableConv2D(**_conv_arguments(locals()))(inputs)


# ---- pooling ------------------------------------------------------------------------------------
class MaxPooling1D(keras_pooling.MaxPooling1D, Layer):
    """Max pooling over the steps of (batch, steps, channels); see tf.keras.layers.MaxPooling1D."""

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        super().__init__(pool_size, strides, padding=padding, data_format=data_format, name=name, **kwargs)


class MaxPooling2D(keras_pooling.MaxPooling2D, Layer):
    """Max pooling over rows and columns; see tf.keras.layers.MaxPooling2D."""

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        super().__init__(pool_size, strides, padding=padding, data_format=data_format, name=name, **kwargs)


class MaxPooling3D(keras_pooling.MaxPooling3D, Layer):
    """Max pooling over the three spatial axes; see tf.keras.layers.MaxPooling3D."""

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        super().__init__(pool_size, strides, padding=padding, data_format=data_format, name=name, **kwargs)


class AveragePooling1D(keras_pooling.AveragePooling1D, Layer):
    """Average pooling over the steps; see tf.keras.layers.AveragePooling1D."""

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        super().__init__(pool_size, strides, padding=padding, data_format=data_format, name=name, **kwargs)


class AveragePooling2D(keras_pooling.AveragePooling2D, Layer):
    """Average pooling over rows and columns; see tf.keras.layers.AveragePooling2D."""

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        super().__init__(pool_size, strides, padding=padding, data_format=data_format, name=name, **kwargs)


class AveragePooling3D(keras_pooling.AveragePooling3D, Layer):
    """Average pooling over the three spatial axes; see tf.keras.layers.AveragePooling3D."""

    def __init__(self, pool_size, strides, padding="valid", data_format="channels_last", name=None, **kwargs):
        super().__init__(pool_size, strides, padding=padding, data_format=data_format, name=name, **kwargs)


def max_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Max pooling of `inputs` (see `MaxPooling1D`)."""
    return MaxPooling1D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


def max_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Max pooling of `inputs` (see `MaxPooling2D`)."""
    return MaxPooling2D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


def max_pooling3d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Max pooling of `inputs` (see `MaxPooling3D`)."""
    return MaxPooling3D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


def average_pooling1d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Average pooling of `inputs` (see `AveragePooling1D`)."""
    return AveragePooling1D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


def average_pooling2d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Average pooling of `inputs` (see `AveragePooling2D`)."""
    return AveragePooling2D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


def average_pooling3d(inputs, pool_size, strides, padding="valid", data_format="channels_last", name=None):
    """Average pooling of `inputs` (see `AveragePooling3D`)."""
    return AveragePooling3D(pool_size, strides, padding=padding, data_format=data_format, name=name)(inputs)


# ---- batch normalization ------------------------------------------------------------------------
class BatchNormalization(keras_batch_normalization.BatchNormalization, Layer):
    """Batch normalization; see tf.keras.layers.BatchNormalization. Variables: `gamma`, `beta`
    (trainable), `moving_mean`, `moving_variance`. When `training` is true in a v1 graph, the
    moving-statistics assignments go to the UPDATE_OPS collection (run them with the train op:
    `with tf.control_dependencies(tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.UPDATE_OPS))`);
    eagerly they run at once."""

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer=_ZEROS,
        gamma_initializer=_ONES,
        moving_mean_initializer=_ZEROS,
        moving_variance_initializer=_ONES,
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        renorm=False,
        renorm_clipping=None,
        renorm_momentum=0.99,
        fused=None,
        trainable=True,
        virtual_batch_size=None,
        adjustment=None,
        name=None,
        **kwargs,
    ):
        super().__init__(**_forwarded(locals()))

    def call(self, inputs, training=False):
        return super().call(inputs, training=training)


def batch_normalization(
    inputs,
    axis=-1,
    momentum=0.99,
    epsilon=1e-3,
    center=True,
    scale=True,
    beta_initializer=_ZEROS,
    gamma_initializer=_ONES,
    moving_mean_initializer=_ZEROS,
    moving_variance_initializer=_ONES,
    beta_regularizer=None,
    gamma_regularizer=None,
    beta_constraint=None,
    gamma_constraint=None,
    training=False,
    trainable=True,
    name=None,
    reuse=None,
    renorm=False,
    renorm_clipping=None,
    renorm_momentum=0.99,
    fused=None,
    virtual_batch_size=None,
    adjustment=None,
):
    """Batch normalization of `inputs` (see `BatchNormalization`); `training` is a Python bool or,
    in a graph, a bool tensor."""
    arguments = {k: v for k, v in locals().items() if k not in ("inputs", "training", "reuse")}
    layer = BatchNormalization(**arguments, _scope=name, _reuse=reuse)
    return layer(inputs, training=training)
