"""Neural-network ops (`tf.nn`): activations, softmax, normalization, dropout, losses, embeddings.

Composite ops (cross-entropies, moments, batch normalization, LRN) are single ops with one
implementation, so each is one XLA call in eager mode. Half-precision inputs to reductions are
accumulated in float32, as TensorFlow's kernels do.
"""

from __future__ import annotations

import numbers

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from lamina.ops import random_ops
from lamina.ops._op import canonical_axis, defop, dtypes, execute, invalid, static_ints, static_value, tensor
from lamina.ops.indexing_ops import check_indices_in_range

_FLOAT = dtypes.FLOATING
_REAL = dtypes.REAL
_LOW_PRECISION = (jnp.float16, jnp.bfloat16)


def _accumulation_dtype(dtype):
    return jnp.float32 if dtype in _LOW_PRECISION else dtype


# ---- activations --------------------------------------------------------------------------------
# Written with `where` rather than maximum/minimum: the gradient at the kink is then exactly
# TensorFlow's (relu'(0) = 0, relu6'(6) = 0), where jnp.maximum would split it 0.5/0.5.
def _relu_impl(features):
    return jnp.where(features > 0, features, jnp.zeros((), features.dtype))


_RELU = defop("Relu", _relu_impl, inputs=["features: T"], types={"T": _REAL})


def relu(features, name=None):
    """max(features, 0) element-wise."""
    return execute(_RELU, [tensor(features)], None, name)


def _relu6_impl(features):
    zero, six = jnp.zeros((), features.dtype), jnp.asarray(6, features.dtype)
    return jnp.where(features >= 6, six, jnp.where(features > 0, features, zero))


_RELU6 = defop("Relu6", _relu6_impl, inputs=["features: T"], types={"T": _REAL})


def relu6(features, name=None):
    """min(max(features, 0), 6) element-wise."""
    return execute(_RELU6, [tensor(features)], None, name)


_ELU = defop(
    "Elu",
    lambda features: jnp.where(features > 0, features, jnp.expm1(features)),
    inputs=["features: T"],
    types={"T": _FLOAT},
)


def elu(features, name=None):
    """features if > 0, else exp(features) - 1."""
    return execute(_ELU, [tensor(features)], None, name)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _selu_impl(features):
    scale = jnp.asarray(_SELU_SCALE, features.dtype)
    negative = jnp.asarray(_SELU_ALPHA, features.dtype) * jnp.expm1(features)
    return scale * jnp.where(features > 0, features, negative)


_SELU = defop("Selu", _selu_impl, inputs=["features: T"], types={"T": _FLOAT})


def selu(features, name=None):
    """Scaled ELU: scale * (features if > 0 else alpha * (exp(features) - 1))."""
    return execute(_SELU, [tensor(features)], None, name)


def _gelu_impl(features, approximate):
    x = features
    if approximate:
        inner = np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)
        return (0.5 * x * (1.0 + jnp.tanh(inner.astype(x.dtype)))).astype(x.dtype)
    return (0.5 * x * (1.0 + lax.erf(x * np.asarray(1.0 / np.sqrt(2.0), x.dtype)))).astype(x.dtype)


_GELU = defop("Gelu", _gelu_impl, inputs=["features: T"], types={"T": _FLOAT})


def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit: x * P(X <= x) for X ~ N(0, 1); the tanh approximation when asked."""
    x = tensor(features)
    if not x.dtype.is_floating:
        raise ValueError(
            f"`features.dtype` must be a floating point tensor.Received:features.dtype={x.dtype!r}"
        )
    return execute(_GELU, [x], {"approximate": bool(approximate)}, name)


def _leaky_relu_impl(features, alpha):
    return jnp.where(features > 0, features, features * jnp.asarray(alpha, features.dtype))


_LEAKY_RELU = defop("LeakyRelu", _leaky_relu_impl, inputs=["features: T"], types={"T": _FLOAT})


def leaky_relu(features, alpha=0.2, name=None):
    """features if > 0, else alpha * features. Integer inputs are computed in float32, as in TensorFlow."""
    x = tensor(features)
    if x.dtype.is_integer:
        from lamina.ops.cast_ops import cast

        x = cast(x, dtypes.float32)
    return execute(_LEAKY_RELU, [x], {"alpha": float(alpha)}, name)


def _swish_impl(features, beta):
    return features * lax.logistic(features * jnp.asarray(beta, features.dtype))


_SWISH = defop("Swish", _swish_impl, inputs=["features: T"], types={"T": _FLOAT})


def swish(features, beta=1.0):
    """features * sigmoid(beta * features) (also called SiLU)."""
    x = tensor(features, dtype_hint=dtypes.float32)
    if x.dtype.is_integer:
        from lamina.ops.cast_ops import cast

        x = cast(x, dtypes.float32)
    return execute(_SWISH, [x], {"beta": float(static_value(beta))})


silu = swish

_SOFTSIGN = defop(
    "Softsign",
    lambda features: features / (1 + jnp.abs(features)),
    inputs=["features: T"],
    types={"T": _FLOAT},
)


def softsign(features, name=None):
    """features / (|features| + 1)."""
    return execute(_SOFTSIGN, [tensor(features)], None, name)


def _crelu_impl(features, axis):
    return jnp.concatenate([_relu_impl(features), _relu_impl(-features)], axis=axis)


_CRELU = defop(
    "CRelu", _crelu_impl, inputs=["features: T"], types={"T": dtypes.SIGNED_NUMERIC - dtypes.COMPLEX}
)


def crelu(features, axis=-1, name=None):
    """Concatenates relu(features) and relu(-features) along `axis` (doubling that dimension)."""
    x = tensor(features)
    return execute(_CRELU, [x], {"axis": canonical_axis(int(axis), x.shape.rank, "ConcatV2")}, name)


# ---- softmax ------------------------------------------------------------------------------------
def _softmax_axis(x, axis, op_name):
    rank = x.shape.rank
    if rank == 0:
        raise invalid(op_name, "Input dims must be <= 5 and >=1")
    axis = -1 if axis is None else static_ints(axis, "axis", op_name)
    if not -rank <= axis < rank:
        raise invalid(
            op_name,
            f"`dim` must be in the range [{-rank}, {rank}) where {rank} is the number of "
            f"dimensions in the input. Received: dim={axis}",
        )
    return axis % rank


def _softmax_impl(logits, axis):
    wide = logits.astype(_accumulation_dtype(logits.dtype))
    return jax.nn.softmax(wide, axis=axis).astype(logits.dtype)


def _log_softmax_impl(logits, axis):
    wide = logits.astype(_accumulation_dtype(logits.dtype))
    return jax.nn.log_softmax(wide, axis=axis).astype(logits.dtype)


_SOFTMAX = defop("Softmax", _softmax_impl, inputs=["logits: T"], types={"T": _FLOAT})
_LOG_SOFTMAX = defop("LogSoftmax", _log_softmax_impl, inputs=["logits: T"], types={"T": _FLOAT})


def softmax(logits, axis=None, name=None):
    """exp(logits) / sum(exp(logits), axis), computed stably (the max is subtracted first)."""
    x = tensor(logits)
    return execute(_SOFTMAX, [x], {"axis": _softmax_axis(x, axis, "Softmax")}, name)


def log_softmax(logits, axis=None, name=None):
    """logits - log(sum(exp(logits), axis)), computed stably."""
    x = tensor(logits)
    return execute(_LOG_SOFTMAX, [x], {"axis": _softmax_axis(x, axis, "LogSoftmax")}, name)


# ---- moments and normalization ------------------------------------------------------------------
def _moments_impl(x, axes, keepdims):
    wide = x.astype(_accumulation_dtype(x.dtype))
    mean = jnp.mean(wide, axis=axes, keepdims=True)
    # TensorFlow's variance treats the mean as a constant (stop_gradient), which changes nothing in
    # value but keeps the gradient the textbook one.
    variance = jnp.mean(jnp.square(wide - lax.stop_gradient(mean)), axis=axes, keepdims=keepdims)
    if not keepdims:
        mean = jnp.squeeze(mean, axis=axes)
    return mean.astype(x.dtype), variance.astype(x.dtype)


_MOMENTS = defop("Moments", _moments_impl, inputs=["x: T"], types={"T": _REAL})


def _axes(axes, rank, op_name):
    axes = static_ints(axes, "axes", op_name)
    axes = (axes,) if isinstance(axes, int) else axes
    return tuple(sorted({canonical_axis(a, rank, op_name) for a in axes}))


def moments(x, axes, shift=None, keepdims=False, name=None):
    """Mean and variance of `x` over `axes`. `shift` is accepted and unused, as in TensorFlow 2."""
    x = tensor(x)
    attrs = {"axes": _axes(axes, x.shape.rank, "Moments"), "keepdims": bool(keepdims)}
    return tuple(execute(_MOMENTS, [x], attrs, name))


def _batch_norm_impl(x, mean, variance, offset, scale, variance_epsilon):
    inverse = lax.rsqrt(variance + jnp.asarray(variance_epsilon, x.dtype))
    if scale is not None:
        inverse = inverse * scale
    shift = -mean * inverse if offset is None else offset - mean * inverse
    return x * inverse + shift


def _batch_norm_no_affine(x, mean, variance, variance_epsilon):
    return _batch_norm_impl(x, mean, variance, None, None, variance_epsilon)


def _batch_norm_offset(x, mean, variance, offset, variance_epsilon):
    return _batch_norm_impl(x, mean, variance, offset, None, variance_epsilon)


def _batch_norm_scale(x, mean, variance, scale, variance_epsilon):
    return _batch_norm_impl(x, mean, variance, None, scale, variance_epsilon)


# One op per combination of present arguments: inputs are tensors, and `None` is not one.
_BATCH_NORM = {
    (True, True): defop(
        "BatchNormalization",
        _batch_norm_impl,
        inputs=["x: T", "mean: T", "variance: T", "offset: T", "scale: T"],
        types={"T": _FLOAT},
    ),
    (False, False): defop(
        "BatchNormalizationNoAffine",
        _batch_norm_no_affine,
        inputs=["x: T", "mean: T", "variance: T"],
        types={"T": _FLOAT},
    ),
    (True, False): defop(
        "BatchNormalizationOffset",
        _batch_norm_offset,
        inputs=["x: T", "mean: T", "variance: T", "offset: T"],
        types={"T": _FLOAT},
    ),
    (False, True): defop(
        "BatchNormalizationScale",
        _batch_norm_scale,
        inputs=["x: T", "mean: T", "variance: T", "scale: T"],
        types={"T": _FLOAT},
    ),
}


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """(x - mean) * scale / sqrt(variance + variance_epsilon) + offset (offset/scale may be None)."""
    x = tensor(x)
    inputs = [x, tensor(mean, dtype_hint=x.dtype), tensor(variance, dtype_hint=x.dtype)]
    inputs += [tensor(v, dtype_hint=x.dtype) for v in (offset, scale) if v is not None]
    opdef = _BATCH_NORM[(offset is not None, scale is not None)]
    return execute(opdef, inputs, {"variance_epsilon": float(variance_epsilon)}, name)


def _normalize_moments_impl(counts, mean_ss, variance_ss, shift):
    divisor = 1.0 / counts
    shifted_mean = mean_ss * divisor
    mean = shifted_mean if shift is None else shifted_mean + shift
    return mean, variance_ss * divisor - jnp.square(shifted_mean)


_NORMALIZE_MOMENTS = defop(
    "NormalizeMoments",
    _normalize_moments_impl,
    inputs=["counts: T", "mean_ss: T", "variance_ss: T", "shift: T"],
    types={"T": _FLOAT},
)
_NORMALIZE_MOMENTS_NO_SHIFT = defop(
    "NormalizeMomentsNoShift",
    lambda counts, mean_ss, variance_ss: _normalize_moments_impl(counts, mean_ss, variance_ss, None),
    inputs=["counts: T", "mean_ss: T", "variance_ss: T"],
    types={"T": _FLOAT},
)


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """Mean and variance from sufficient statistics (count, sum, sum of squares, optional shift)."""
    mean_ss = tensor(mean_ss)
    inputs = [tensor(counts, dtype=mean_ss.dtype), mean_ss, tensor(variance_ss, dtype_hint=mean_ss.dtype)]
    if shift is None:
        return tuple(execute(_NORMALIZE_MOMENTS_NO_SHIFT, inputs, None, name))
    return tuple(execute(_NORMALIZE_MOMENTS, inputs + [tensor(shift, dtype_hint=mean_ss.dtype)], None, name))


def _group_normalize_impl(x, groups, axis, epsilon):
    wide = x.astype(_accumulation_dtype(x.dtype))
    grouped = wide.reshape(x.shape[:axis] + (groups, x.shape[axis] // groups) + x.shape[axis + 1 :])
    reduce = tuple(i for i in range(1, grouped.ndim) if i != axis)
    mean = jnp.mean(grouped, axis=reduce, keepdims=True)
    variance = jnp.mean(jnp.square(grouped - lax.stop_gradient(mean)), axis=reduce, keepdims=True)
    normalized = (grouped - mean) * lax.rsqrt(variance + jnp.asarray(epsilon, wide.dtype))
    return normalized.reshape(x.shape).astype(x.dtype)


# Keras's GroupNormalization reshapes by the runtime shape; one op here, so the reshape happens on
# concrete sizes even when the spatial sizes were unknown while a graph was built.
_GROUP_NORMALIZE = defop("GroupNormalize", _group_normalize_impl, inputs=["x: T"], types={"T": _FLOAT})


def group_normalize(x, groups, axis, epsilon, name=None):
    """(x - mean) / sqrt(variance + epsilon) with one mean and variance per example and per group of
    `channels / groups` consecutive channels along `axis` (not part of tf.nn: the op under
    `tf.keras.layers.GroupNormalization`)."""
    x = tensor(x)
    rank = x.shape.rank
    axis = canonical_axis(int(axis), rank, "GroupNormalize")
    channels = x.shape.as_list()[axis]
    if axis == 0 or channels is None or channels % int(groups):
        raise invalid(
            "GroupNormalize",
            f"axis {axis} of shape {x.shape} must be a known non-batch axis divisible into {groups} groups",
        )
    attrs = {"groups": int(groups), "axis": axis, "epsilon": float(epsilon)}
    return execute(_GROUP_NORMALIZE, [x], attrs, name)


def _lrn_impl(x, depth_radius, bias, alpha, beta):
    wide = x.astype(_accumulation_dtype(x.dtype))
    squared = jnp.square(wide)
    window = (1, 1, 1, 2 * depth_radius + 1)
    padding = ((0, 0), (0, 0), (0, 0), (depth_radius, depth_radius))
    zero = np.asarray(0, squared.dtype)
    square_sum = lax.reduce_window(squared, zero, lax.add, window, (1, 1, 1, 1), padding)
    return (wide / (bias + alpha * square_sum) ** beta).astype(x.dtype)


_LRN = defop(
    "LRN",
    _lrn_impl,
    inputs=["input: T"],
    types={"T": frozenset((dtypes.float16, dtypes.bfloat16, dtypes.float32))},
)


def local_response_normalization(input, depth_radius=5, bias=1, alpha=1, beta=0.5, name=None):  # noqa: A002
    """input / (bias + alpha * sum of squares over a depth window of radius `depth_radius`) ** beta."""
    x = tensor(input)
    if x.shape.rank != 4:
        raise invalid("LRN", f"in must be 4-dimensional, got shape {x.shape}")
    attrs = {
        "depth_radius": int(depth_radius),
        "bias": float(bias),
        "alpha": float(alpha),
        "beta": float(beta),
    }
    return execute(_LRN, [x], attrs, name)


lrn = local_response_normalization


# ---- dropout ------------------------------------------------------------------------------------
def _dropout_impl(x, seed, rate, noise_shape):
    offset = x.ndim - len(noise_shape)
    noise_shape = tuple(x.shape[offset + i] if d is None else d for i, d in enumerate(noise_shape))
    key = random_ops.key_from_seed(seed)
    compute = _accumulation_dtype(x.dtype)
    uniform = jax.random.uniform(key, noise_shape, dtype=compute)
    rate = rate.astype(compute)
    keep = uniform >= rate
    scaled = x.astype(compute) / (1 - rate)
    return jnp.where(keep, scaled, jnp.zeros((), compute)).astype(x.dtype)


# The seed is an input (not an attribute) so that every call reuses one executable.
_DROPOUT = defop(
    "Dropout", _dropout_impl, inputs=["x: T", "seed: Tseed", "rate: T"], types={"T": _FLOAT}, seed_input=1
)


def _noise_shape(noise_shape, x):
    """The mask's shape as an attribute; None entries (x's dimensions unknown while a graph is built)
    are taken from x when the op runs, so a graph with an unknown batch size still drops per example."""
    shape = x.shape.as_list()
    if noise_shape is None:
        return tuple(shape)
    values = static_value(noise_shape)
    if values is None or np.asarray(values).dtype == object:
        dims = list(noise_shape)  # a list holding None entries
    else:
        dims = np.asarray(values).tolist()
    if len(dims) == len(shape):
        dims = [s if d is None else int(d) for d, s in zip(dims, shape, strict=True)]
    elif any(d is None for d in dims):
        raise invalid("Dropout", f"noise_shape {dims} has unknown entries but not the rank of x {shape}")
    if not _broadcastable(dims, shape):
        raise invalid(
            "Dropout", f"noise_shape {dims} is not broadcastable to the shape of x {shape}"
        ) from None
    return tuple(None if d is None else int(d) for d in dims)


def _broadcastable(dims, shape) -> bool:
    """Whether `dims` broadcasts to `shape`, unknown (None) sizes matching anything."""
    if len(dims) > len(shape):
        return False
    for dim, size in zip(reversed(dims), reversed(shape)):
        if dim is not None and size is not None and dim not in (1, size):
            return False
    return True


def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes each element with probability `rate` and scales the rest by 1 / (1 - rate).

    Args:
      x: a floating-point tensor.
      rate: the drop probability, a float or scalar tensor in [0, 1).
      noise_shape: the shape of the random keep/drop mask; it broadcasts against `x` (e.g. [batch, 1]
        drops whole rows). None entries take x's size.
      seed: op seed (with the global seed, makes the mask reproducible).
    """
    x = tensor(x)
    if not x.dtype.is_floating:
        raise ValueError(
            f"`x.dtype` must be a floating point tensor as `x` will be scaled. Received: x_dtype={x.dtype!r}"
        )
    if isinstance(rate, numbers.Real) and not isinstance(rate, bool):
        if not 0 <= rate < 1:
            raise ValueError(
                f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}"
            )
        if rate == 0:
            return x
    rate_tensor = tensor(rate, dtype_hint=x.dtype)
    if rate_tensor.dtype is not x.dtype:
        from lamina.ops.cast_ops import cast

        rate_tensor = cast(rate_tensor, x.dtype)
    seed_tensor = tensor(random_ops.next_seed(seed))
    attrs = {"noise_shape": _noise_shape(noise_shape, x)}
    return execute(_DROPOUT, [x, seed_tensor, rate_tensor], attrs, name)


# ---- bias, l2 loss, zero fraction ---------------------------------------------------------------
def _bias_add_impl(value, bias, channel_axis):
    shape = [1] * value.ndim
    shape[channel_axis] = bias.shape[0]
    return value + bias.reshape(shape)


_BIAS_ADD = defop("BiasAdd", _bias_add_impl, inputs=["value: T", "bias: T"], types={"T": dtypes.NUMERIC})


def bias_add(value, bias, data_format=None, name=None):
    """Adds the 1-D `bias` along the channel dimension (last for N...C formats, 1 for NC...)."""
    if data_format is not None and not (
        data_format.startswith("N")
        and data_format[1:2] == "C"
        or data_format.startswith("N")
        and data_format.endswith("C")
    ):
        raise ValueError(
            f"`data_format` must be of the form `N...C` or `NC...`. Received: data_format={data_format}"
        )
    value = tensor(value)
    bias = tensor(bias, dtype_hint=value.dtype)
    if bias.shape.rank != 1:
        raise invalid("BiasAdd", f"Biases must be 1D: {_dims(bias)}")
    if value.shape.rank < 2:
        raise invalid("BiasAdd", f"Input tensor must be at least 2D: {_dims(value)}")
    channels_first = data_format is not None and data_format.startswith("NC") and len(data_format) > 2
    channel_axis = 1 if channels_first else value.shape.rank - 1
    if value.shape.as_list()[channel_axis] != bias.shape.as_list()[0]:
        where = "channel" if channels_first else "last"
        raise invalid(
            "BiasAdd",
            f"Must provide as many biases as the {where} dimension of the input tensor: "
            f"{_dims(bias)} vs. {_dims(value)}",
        )
    return execute(_BIAS_ADD, [value, bias], {"channel_axis": channel_axis}, name)


def _dims(t) -> str:
    return "[" + ",".join(str(d) for d in t.shape.as_list()) + "]"


def _l2_loss_impl(t):
    wide = t.astype(_accumulation_dtype(t.dtype))
    return (jnp.sum(jnp.square(wide)) / 2).astype(t.dtype)


_L2_LOSS = defop("L2Loss", _l2_loss_impl, inputs=["t: T"], types={"T": _FLOAT})


def l2_loss(t, name=None):
    """sum(t ** 2) / 2, a scalar."""
    return execute(_L2_LOSS, [tensor(t)], None, name)


def _zero_fraction_impl(value):
    return jnp.mean((value == 0).astype(jnp.float32))


_ZERO_FRACTION = defop("ZeroFraction", _zero_fraction_impl, inputs=["value: T"], differentiable=False)


def zero_fraction(value, name=None):
    """The fraction of elements of `value` that are zero, as a float32 scalar."""
    return execute(_ZERO_FRACTION, [tensor(value)], None, name)


# ---- cross-entropy losses -----------------------------------------------------------------------
def _softmax_cross_entropy_impl(labels, logits):
    wide = logits.astype(_accumulation_dtype(logits.dtype))
    log_probabilities = jax.nn.log_softmax(wide, axis=-1)
    loss = -jnp.sum(labels.astype(wide.dtype) * log_probabilities, axis=-1)
    return loss.astype(logits.dtype)


def _softmax_cross_entropy_grad_impl(labels, logits, grad):
    """TensorFlow's gradients: d/dlogits = softmax - labels (it assumes labels sum to 1, unlike the
    exact derivative), d/dlabels = -log_softmax(logits)."""
    wide = logits.astype(_accumulation_dtype(logits.dtype))
    log_probabilities = jax.nn.log_softmax(wide, axis=-1)
    labels_b = jnp.broadcast_to(labels.astype(wide.dtype), wide.shape)
    g = grad.astype(wide.dtype)[..., None]
    grad_logits = g * (jnp.exp(log_probabilities) - labels_b)
    grad_labels = g * -log_probabilities
    return grad_labels.astype(labels.dtype), grad_logits.astype(logits.dtype)


_SOFTMAX_XENT_GRAD = defop(
    "SoftmaxCrossEntropyWithLogitsGrad",
    _softmax_cross_entropy_grad_impl,
    inputs=["labels: T", "logits: T", "grad: T"],
)


def _sum_to_shape(x, shape):
    leading = x.ndim - len(shape)
    x = jnp.sum(x, axis=tuple(range(leading))) if leading else x
    stretched = tuple(i for i, d in enumerate(shape) if d == 1 and x.shape[i] != 1)
    return jnp.sum(x, axis=stretched, keepdims=True) if stretched else x


_SUM_TO_SHAPE = defop("SumToShape", _sum_to_shape, inputs=["x: T"])


def _softmax_cross_entropy_grad(ctx, grad):
    labels, logits = ctx.inputs
    grad_labels, grad_logits = execute(_SOFTMAX_XENT_GRAD, [labels, logits, grad])
    if labels.shape.as_list() != logits.shape.as_list():
        # Labels were broadcast against the logits: sum their gradient back to the labels' shape.
        grad_labels = execute(_SUM_TO_SHAPE, [grad_labels], {"shape": tuple(labels.shape.as_list())})
    return [grad_labels, grad_logits]


_SOFTMAX_XENT = defop(
    "SoftmaxCrossEntropyWithLogits",
    _softmax_cross_entropy_impl,
    inputs=["labels: T", "logits: T"],
    types={"T": _FLOAT},
    grad=_softmax_cross_entropy_grad,
)


def _move_axis_last(x, axis):
    from lamina.ops.array_ops import transpose

    rank = x.shape.rank
    axis = axis % rank
    if axis == rank - 1:
        return x
    return transpose(x, [i for i in range(rank) if i != axis] + [axis])


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """-sum(labels * log_softmax(logits), axis): per-example cross-entropy, shape logits.shape minus axis.

    `labels` are cast to the logits' dtype and broadcast against them. Gradients match TensorFlow's:
    softmax(logits) - labels for logits, -log_softmax(logits) for labels.
    """
    logits = tensor(logits)
    labels = tensor(labels, dtype_hint=logits.dtype)
    if labels.dtype is not logits.dtype:
        from lamina.ops.cast_ops import cast

        labels = cast(labels, logits.dtype)
    axis = static_ints(axis, "axis", "SoftmaxCrossEntropyWithLogits")
    if logits.shape.rank > 1 and axis % logits.shape.rank != logits.shape.rank - 1:
        logits, labels = _move_axis_last(logits, axis), _move_axis_last(labels, axis)
    try:
        np.broadcast_shapes(tuple(labels.shape.as_list()), tuple(logits.shape.as_list()))
        ok = labels.shape.rank <= logits.shape.rank
    except ValueError:
        ok = False
    if not ok:
        sizes = f"logits_size={_dims(logits)} labels_size={_dims(labels)}"
        raise invalid("SoftmaxCrossEntropyWithLogits", f"logits and labels must be broadcastable: {sizes}")
    return execute(_SOFTMAX_XENT, [labels, logits], None, name)


def _sparse_softmax_cross_entropy_impl(labels, logits):
    wide = logits.astype(_accumulation_dtype(logits.dtype))
    log_probabilities = jax.nn.log_softmax(wide, axis=-1)
    picked = jnp.take_along_axis(log_probabilities, labels[..., None].astype(jnp.int32), axis=-1)
    return (-picked[..., 0]).astype(logits.dtype)


def _check_labels(arrays, attrs):
    labels, logits = arrays
    num_classes = logits.shape[-1]
    values = np.asarray(labels)
    bad = (values < 0) | (values >= num_classes)
    if bad.any():
        first = values[bad].ravel()[0]
        shown = " ".join(str(v) for v in values.ravel()[:10])
        raise invalid(
            "SparseSoftmaxCrossEntropyWithLogits",
            f"Received a label value of {first} which is outside the valid range of "
            f"[0, {num_classes}).  Label values: {shown}",
        )


_SPARSE_SOFTMAX_XENT = defop(
    "SparseSoftmaxCrossEntropyWithLogits",
    _sparse_softmax_cross_entropy_impl,
    inputs=["labels: Tlabels", "logits: T"],
    types={"T": _FLOAT, "Tlabels": dtypes.INDEX},
    validate=_check_labels,
)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """-log_softmax(logits)[label] per example; `labels` are class indices in [0, num_classes).

    Raises:
      InvalidArgumentError: a label is out of range (checked on the host, like TensorFlow on CPU).
    """
    logits = tensor(logits)
    labels = tensor(labels)
    if labels.shape.rank != logits.shape.rank - 1:
        raise ValueError(
            f"`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: labels.shape="
            f"{tuple(labels.shape.as_list())} of rank {labels.shape.rank} and logits.shape="
            f"{tuple(logits.shape.as_list())} of rank {logits.shape.rank}"
        )
    if labels.shape.as_list() != logits.shape.as_list()[:-1]:
        raise ValueError(
            f"`labels.shape` must equal `logits.shape` except for the last dimension. Received: "
            f"labels.shape={tuple(labels.shape.as_list())} and logits.shape="
            f"{tuple(logits.shape.as_list())}"
        )
    return execute(_SPARSE_SOFTMAX_XENT, [labels, logits], None, name)


def _same_shape(labels, logits, first="logits", second="labels"):
    if labels.shape.as_list() != logits.shape.as_list():
        raise ValueError(
            f"`{first}` and `{second}` must have the same shape, received "
            f"({tuple(logits.shape.as_list())} vs {tuple(labels.shape.as_list())})."
        )


def _sigmoid_cross_entropy_impl(labels, logits):
    # max(x, 0) - x * z + log(1 + exp(-|x|)), written with `where` so that the gradient at x = 0
    # is sigmoid(0) - z, like TensorFlow's.
    nonnegative = logits >= 0
    zero = jnp.zeros((), logits.dtype)
    relu_logits = jnp.where(nonnegative, logits, zero)
    negative_abs = jnp.where(nonnegative, -logits, logits)
    return relu_logits - logits * labels + jnp.log1p(jnp.exp(negative_abs))


_SIGMOID_XENT = defop(
    "SigmoidCrossEntropyWithLogits",
    _sigmoid_cross_entropy_impl,
    inputs=["labels: T", "logits: T"],
    types={"T": _FLOAT},
)


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Element-wise logistic loss: -z * log(sigmoid(x)) - (1 - z) * log(1 - sigmoid(x)), computed stably."""
    if labels is None or logits is None:
        raise ValueError("Both `labels` and `logits` must be provided.")
    logits = tensor(logits)
    labels = tensor(labels, dtype_hint=logits.dtype)
    _same_shape(labels, logits)
    return execute(_SIGMOID_XENT, [labels, logits], None, name)


def _weighted_cross_entropy_impl(labels, logits, pos_weight):
    log_weight = 1 + (pos_weight - 1) * labels
    softplus_negative = jnp.log1p(jnp.exp(-jnp.abs(logits))) + jnp.where(logits < 0, -logits, 0)
    return (1 - labels) * logits + log_weight * softplus_negative


_WEIGHTED_XENT = defop(
    "WeightedCrossEntropyWithLogits",
    _weighted_cross_entropy_impl,
    inputs=["labels: T", "logits: T", "pos_weight: T"],
    types={"T": _FLOAT},
)


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Sigmoid cross-entropy with positive examples weighted by `pos_weight`."""
    logits = tensor(logits)
    labels = tensor(labels, dtype_hint=logits.dtype)
    _same_shape(labels, logits)
    return execute(_WEIGHTED_XENT, [labels, logits, tensor(pos_weight, dtype_hint=logits.dtype)], None, name)


def _log_poisson_loss_impl(targets, log_input, compute_full_loss):
    loss = jnp.exp(log_input) - log_input * targets
    if compute_full_loss:
        # Stirling's approximation of log(targets!), used where targets > 1 (0 elsewhere).
        safe = jnp.where(targets > 1, targets, jnp.ones((), targets.dtype))
        stirling = safe * jnp.log(safe) - safe + 0.5 * jnp.log(2 * np.pi * safe)
        loss = loss + jnp.where(targets > 1, stirling, jnp.zeros((), targets.dtype))
    return loss


_LOG_POISSON = defop(
    "LogPoissonLoss", _log_poisson_loss_impl, inputs=["targets: T", "log_input: T"], types={"T": _FLOAT}
)


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """Poisson negative log-likelihood exp(log_input) - log_input * targets (+ Stirling term if full)."""
    log_input = tensor(log_input)
    targets = tensor(targets, dtype_hint=log_input.dtype)
    _same_shape(targets, log_input, "log_input", "targets")
    return execute(_LOG_POISSON, [targets, log_input], {"compute_full_loss": bool(compute_full_loss)}, name)


# ---- replica-aware loss scaling -----------------------------------------------------------------
def _average_loss_impl(per_example_loss, weight, global_batch_size):
    total = jnp.sum(per_example_loss * weight)
    if global_batch_size is None:
        global_batch_size = per_example_loss.shape[0] if per_example_loss.ndim else 1
    if global_batch_size == 0:
        return jnp.zeros((), total.dtype)  # TensorFlow divides with div_no_nan
    return total / jnp.asarray(global_batch_size, total.dtype)


_AVERAGE_LOSS = defop(
    "ComputeAverageLoss", _average_loss_impl, inputs=["per_example_loss: T", "weight: T"], types={"T": _FLOAT}
)


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """sum(per_example_loss * sample_weight) / global_batch_size.

    global_batch_size defaults to the per-replica batch size (the loss's first dimension) times the
    number of replicas in sync; lamina runs this outside any distribution strategy, where that is 1.
    """
    loss = tensor(per_example_loss)
    if loss.dtype.is_integer:
        from lamina.ops.cast_ops import cast

        loss = cast(loss, dtypes.float64)  # TensorFlow's true division of integers gives float64
    if global_batch_size is not None:
        value = static_value(global_batch_size)
        if value is None or np.asarray(value).dtype.kind not in "iu":
            raise TypeError(f"global_batch_size must be an integer. Received: {global_batch_size!r}")
        global_batch_size = int(value)
    weight = tensor(1.0 if sample_weight is None else sample_weight, dtype_hint=loss.dtype)
    return execute(_AVERAGE_LOSS, [loss, weight], {"global_batch_size": global_batch_size})


_SCALE_REGULARIZATION = defop(
    "ScaleRegularizationLoss", lambda loss: jnp.sum(loss), inputs=["loss: T"], types={"T": _FLOAT}
)


def scale_regularization_loss(regularization_loss):
    """sum(regularization_loss) / number of replicas in sync (1 outside a distribution strategy)."""
    return execute(_SCALE_REGULARIZATION, [tensor(regularization_loss, dtype_hint=dtypes.float32)])


# ---- embeddings and top-k membership ------------------------------------------------------------
def _partition_of(ids, sizes):
    """TensorFlow 2's "div" sharding of `total` ids over len(sizes) partitions: contiguous ranges,
    the first `total % n` partitions one id larger. Returns (partition, row) for each id."""
    count, total = len(sizes), sum(sizes)
    per, extras = total // count, total % count
    threshold = extras * (per + 1)
    low = ids < threshold
    partition = jnp.where(low, ids // (per + 1), extras + (ids - threshold) // max(per, 1))
    row = jnp.where(low, ids % (per + 1), (ids - threshold) % max(per, 1))
    return partition, row


def _embedding_impl(params, ids, max_norm):
    """Gathers the rows of the (possibly sharded) table `params` for `ids`; see _partition_of."""
    if len(params) == 1:
        result = jnp.take(params[0], ids, axis=0)
    else:
        partition, row = _partition_of(ids, [p.shape[0] for p in params])
        result = None
        for index, part in enumerate(params):
            rows = jnp.take(part, jnp.clip(row, 0, part.shape[0] - 1), axis=0)
            mask = (partition == index).reshape(partition.shape + (1,) * (part.ndim - 1))
            result = rows if result is None else jnp.where(mask, rows, result)
    if max_norm is not None:
        axes = tuple(range(ids.ndim, result.ndim))
        norm = jnp.sqrt(jnp.sum(jnp.square(result), axis=axes, keepdims=True))
        factor = jnp.where(norm > max_norm, max_norm / jnp.maximum(norm, 1e-30), 1)
        result = result * factor.astype(result.dtype)
    return result


def _check_ids(arrays, attrs):
    params, ids = arrays
    check_indices_in_range("GatherV2", ids, sum(p.shape[0] for p in params))


_EMBEDDING = defop(
    "EmbeddingLookup",
    _embedding_impl,
    inputs=["*params: T", "ids: Tindices"],
    types={"Tindices": dtypes.INDEX},
    validate=_check_ids,
)


def embedding_lookup(params, ids, max_norm=None, name=None):
    """Rows of `params` (a tensor, or a list of shards split in contiguous "div" ranges) for `ids`.

    With `max_norm`, each looked-up embedding whose L2 norm exceeds it is scaled down to that norm.
    """
    tables = [tensor(p) for p in params] if isinstance(params, (list, tuple)) else [tensor(params)]
    if not tables:
        raise ValueError("`params` must be specified and non-empty.")
    ids = tensor(ids)
    attrs = {"max_norm": None if max_norm is None else float(max_norm)}
    return execute(_EMBEDDING, [tables, ids], attrs, name)


def _in_top_k_impl(predictions, targets, k):
    num_classes = predictions.shape[-1]
    valid_target = (targets >= 0) & (targets < num_classes)
    target_values = jnp.take_along_axis(predictions, jnp.clip(targets, 0, num_classes - 1)[:, None], axis=-1)
    # Ties at the boundary count as inside the top k, as in TensorFlow: count only strictly larger.
    larger = jnp.sum(predictions > target_values, axis=-1)
    finite = jnp.all(jnp.isfinite(predictions), axis=-1)
    return valid_target & finite & (larger < k)


_IN_TOP_K = defop(
    "InTopKV2",
    _in_top_k_impl,
    inputs=["predictions: T", "targets: Tindex"],
    types={"T": frozenset((dtypes.float32,)), "Tindex": dtypes.INDEX},
    differentiable=False,
)


def in_top_k(targets, predictions, k, name=None):
    """Whether each target class is among the top `k` predictions of its row (ties count as in)."""
    predictions = tensor(predictions)
    targets = tensor(targets)
    if predictions.shape.rank != 2:
        raise invalid("InTopKV2", f"predictions must be 2-dimensional, got shape {predictions.shape}")
    if targets.shape.rank != 1 or targets.shape.as_list()[0] != predictions.shape.as_list()[0]:
        raise invalid(
            "InTopKV2",
            f"First dimension of predictions {predictions.shape.as_list()[0]} must "
            f"match length of targets {targets.shape.as_list()}",
        )
    return execute(_IN_TOP_K, [predictions, targets], {"k": static_ints(k, "k", "InTopKV2")}, name)
