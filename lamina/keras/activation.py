"""Keras activation functions (`tf.keras.activations`) and their get/serialize/deserialize.

Most are the tf.nn / tf.math ops under Keras's argument names. `softmax` and `sigmoid` attach their
input to their output as logits, so that a crossentropy given their output computes from the logits
(Keras 2.15 does the same through `_keras_logits`).
"""

from __future__ import annotations

from lamina._core.convert import convert_to_tensor
from lamina.keras import attachments
from lamina.keras.serialization import Catalog
from lamina.ops import clip_ops, comparison_ops, indexing_ops, nn_ops, reduction_ops
from lamina.ops import math_functions as mf
from lamina.ops.cast_ops import cast


def softmax(x, axis=-1):
    """exp(x) / sum(exp(x), axis): a probability distribution along `axis` (an int or a list of ints).

    Raises:
      ValueError: `x` has rank 0 or 1.
      InvalidArgumentError: `axis` is out of range.
    """
    x = convert_to_tensor(x)
    if x.shape.rank is not None and x.shape.rank <= 1:
        raise ValueError(f"Cannot apply softmax to a tensor that is 1D. Received input: {x}")
    if isinstance(axis, int):
        output = nn_ops.softmax(x, axis=axis)
    else:
        numerator = mf.exp(x - reduction_ops.reduce_max(x, axis=axis, keepdims=True))
        output = numerator / reduction_ops.reduce_sum(numerator, axis=axis, keepdims=True)
    attachments.set_logits(output, x)
    return output


def elu(x, alpha=1.0):
    """x if x > 0, else alpha * (exp(x) - 1)."""
    result = nn_ops.elu(x)
    if alpha == 1:
        return result
    return indexing_ops.where(comparison_ops.greater(x, 0.0), result, alpha * result)


def selu(x):
    """Scaled ELU: 1.0507 * (x if x > 0 else 1.6733 * (exp(x) - 1))."""
    return nn_ops.selu(x)


def softplus(x):
    """log(exp(x) + 1)."""
    return mf.softplus(x)


def softsign(x):
    """x / (|x| + 1)."""
    return nn_ops.softsign(x)


def swish(x):
    """x * sigmoid(x) (also called SiLU)."""
    return nn_ops.swish(x)


def _relu_leaky_part(x, alpha, max_value, threshold):
    """relu's negative side: alpha * relu(threshold - x), or None when a plain leaky ReLU suffices."""
    if max_value is None and threshold == 0:
        return None
    return nn_ops.relu(threshold - x if threshold != 0 else -x)


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """max(x, 0) by default. With `threshold`, values not above it become 0 (x itself above it); with
    `max_value`, values are capped; with `alpha`, values below the threshold become
    alpha * (x - threshold) instead of 0.
    """
    x = convert_to_tensor(x)
    negative = None
    if alpha != 0:
        negative = _relu_leaky_part(x, alpha, max_value, threshold)
        if negative is None:
            return nn_ops.leaky_relu(x, alpha=alpha)
    clip_max = max_value is not None
    if threshold != 0:
        x = x * cast(comparison_ops.greater(x, threshold), x.dtype)
    elif max_value is not None and not hasattr(max_value, "dtype") and max_value == 6:
        x, clip_max = nn_ops.relu6(x), False
    else:
        x = nn_ops.relu(x)
    if clip_max:
        x = clip_ops.clip_by_value(x, cast(0, x.dtype), cast(max_value, x.dtype))
    if negative is not None:
        x = x - alpha * negative
    return x


def gelu(x, approximate=False):
    """x * P(X <= x), X ~ N(0, 1); the tanh approximation when `approximate`."""
    return nn_ops.gelu(x, approximate=approximate)


def tanh(x):
    """Hyperbolic tangent."""
    return mf.tanh(x)


def sigmoid(x):
    """1 / (1 + exp(-x)); the output remembers `x` as its logits."""
    x = convert_to_tensor(x)
    output = mf.sigmoid(x)
    attachments.set_logits(output, x)
    return output


def exponential(x):
    """exp(x)."""
    return mf.exp(x)


def hard_sigmoid(x):
    """A piecewise-linear sigmoid: clip(0.2 * x + 0.5, 0, 1).

    Raises:
      TypeError: `x` is not floating point.
    """
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        raise TypeError(f"Cannot convert 0.2 to EagerTensor of dtype {x.dtype.name}")
    return clip_ops.clip_by_value(x * 0.2 + 0.5, 0.0, 1.0)


def linear(x):
    """The identity: returns `x` itself."""
    return x


def mish(x):
    """x * tanh(softplus(x))."""
    x = convert_to_tensor(x)
    return x * mf.tanh(mf.softplus(x))


def relu6(features, name=None):
    """min(max(features, 0), 6)."""
    return nn_ops.relu6(features, name=name)


def leaky_relu(features, alpha=0.2, name=None):
    """features if > 0, else alpha * features."""
    return nn_ops.leaky_relu(features, alpha=alpha, name=name)


def log_softmax(logits, axis=None, name=None):
    """logits - log(sum(exp(logits), axis))."""
    return nn_ops.log_softmax(logits, axis=axis, name=name)


_ACTIVATIONS = {
    function.__name__: function
    for function in (
        softmax,
        elu,
        selu,
        softplus,
        softsign,
        swish,
        relu,
        gelu,
        tanh,
        sigmoid,
        exponential,
        hard_sigmoid,
        linear,
        mish,
        relu6,
        leaky_relu,
        log_softmax,
    )
}
CATALOG = Catalog("keras.activations", "activation function", {**_ACTIVATIONS, "silu": swish})


def serialize(activation, use_legacy_format=False):
    """An activation function's name (a function's `__name__`: `tf.nn.relu` gives "relu"); an object
    with `get_config` gives Keras's dict."""
    del use_legacy_format  # both formats write a function as its name
    return CATALOG.serialize(activation)


def deserialize(name, custom_objects=None, use_legacy_format=False):
    """The activation function called `name` (or described by a serialized dict).

    Raises:
      ValueError: the name is not a known activation (nor in `custom_objects` or registered).
    """
    del use_legacy_format  # both formats are read
    if isinstance(name, dict):
        if "class_name" not in name or "config" not in name:
            raise ValueError(
                f"Improper config format for {name}. Expecting python dict contains `class_name` and "
                "`config` as keys"
            )
        if name["class_name"] == "function":
            name = name["config"]
    try:
        return CATALOG.deserialize(name, custom_objects)
    except ValueError as error:
        raise ValueError(f"Unknown activation function '{name}' cannot be deserialized.") from error


def get(identifier):
    """An activation from None (linear), a name, a serialized dict, or a callable (returned as is).

    Raises:
      ValueError: an unknown name.
      TypeError: an identifier that is none of these.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret activation function identifier: {identifier}")
