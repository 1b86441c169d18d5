"""`tf.keras.backend`: Keras's global settings (float type, fuzz factor, image data format, the
default-name counters) and the thin tensor functions Keras programs call through `K.`.

The settings start from `$KERAS_HOME/keras.json` (else `~/.keras/keras.json`) when that file exists,
as in Keras; lamina only reads it, never writes it. `clear_session` resets the default-name counters
(so the next Dense layer is "dense" again) and runs the reset hooks other Keras modules register with
`register_reset_hook` (the functional-model graph is one).

Every tensor function is a thin wrapper over lamina's ops, so it works eagerly and while a graph is
built. Where Keras's version has a trap, the docstring says so (`sqrt` clamps negatives to 0, `clip`
with `max_value < min_value` clips everything to `min_value`).
"""

from __future__ import annotations

# This module defines Keras's `all`, `any`, `sum`, `max`, `min`, `abs`, `round` and `pow` (tensor
# functions); Python's own are reached as `builtins.<name>`.
import builtins
import json
import os
import sys
from collections.abc import Callable

import numpy as np

from lamina._core import dtypes
from lamina._core.convert import convert_to_tensor, is_tensor
from lamina._core.graph import SymbolicTensor, init_scope
from lamina._core.shape import TensorShape
from lamina._core.variables import Variable
from lamina.keras import activation, loss, naming
from lamina.ops import (
    array_ops,
    cast_ops,
    clip_ops,
    comparison_ops,
    control_flow_ops,
    creation_ops,
    dependency_ops,
    functional_ops,
    gradient_ops,
    indexing_ops,
    linalg_ops,
    logging_ops,
    math_functions,
    math_ops,
    nn_ops,
    random_ops,
    reduction_ops,
)

_FLOAT_TYPES = ("float16", "float32", "float64")
_DATA_FORMATS = ("channels_last", "channels_first")
_SETTINGS = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last"}
_RESET_HOOKS: list[Callable[[], None]] = []


# ---- settings ---------------------------------------------------------------------------------------
def keras_home() -> str:
    """Keras's folder: `$KERAS_HOME`, else `~/.keras` (where keras.json and the datasets cache live)."""
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def floatx() -> str:
    """The default float type, as a string ("float32" unless changed)."""
    return _SETTINGS["floatx"]


def set_floatx(value) -> None:
    """Sets the default float type: "float16", "float32" or "float64" (a string or a DType).

    Raises:
      ValueError: another type.
    """
    name = value.name if isinstance(value, dtypes.DType) else str(value)
    if name not in _FLOAT_TYPES:
        raise ValueError(f"Unknown `floatx` value: {value}. Expected one of {set(_FLOAT_TYPES)}")
    _SETTINGS["floatx"] = name


def epsilon() -> float:
    """The fuzz factor that keeps divisions and logarithms finite (1e-7 unless changed)."""
    return _SETTINGS["epsilon"]


def set_epsilon(value) -> None:
    """Sets the fuzz factor (stored as a Python float)."""
    _SETTINGS["epsilon"] = float(value)


def image_data_format() -> str:
    """ "channels_last" (NHWC, the default) or "channels_first" (NCHW)."""
    return _SETTINGS["image_data_format"]


def set_image_data_format(data_format: str) -> None:
    """Sets the default image data format: "channels_last" or "channels_first".

    Raises:
      ValueError: another value.
    """
    if data_format not in _DATA_FORMATS:
        raise ValueError(f"Unknown `data_format`: {data_format}. Expected one of {set(_DATA_FORMATS)}")
    _SETTINGS["image_data_format"] = str(data_format)


def _read_config_file() -> None:
    """Applies floatx/epsilon/image_data_format from keras.json; a missing or broken file is ignored."""
    try:
        with open(os.path.join(keras_home(), "keras.json"), encoding="utf-8") as f:
            config = json.load(f)
    except (OSError, ValueError):
        return
    if not isinstance(config, dict):
        return
    for key, setter in (
        ("floatx", set_floatx),
        ("epsilon", set_epsilon),
        ("image_data_format", set_image_data_format),
    ):
        if key in config:
            try:
                setter(config[key])
            except (TypeError, ValueError):
                pass  # an invalid entry keeps the default, as Keras does


_read_config_file()


def backend() -> str:
    """The name of the backend Keras runs on; programs compare it with "tensorflow"."""
    return "tensorflow"


def learning_phase() -> int:
    """0: layers such as Dropout run in inference mode unless called with `training=True`."""
    return 0


# ---- default names and clear_session ----------------------------------------------------------------
get_uid = naming.get_uid
reset_uids = naming.reset_uids


def register_reset_hook(hook: Callable[[], None]) -> Callable[[], None]:
    """Makes `clear_session` call `hook()` (for module-level Keras state, such as the functional-model
    graph). Returns `hook`, so it can be used as a decorator."""
    if hook not in _RESET_HOOKS:
        _RESET_HOOKS.append(hook)
    return hook


def clear_session() -> None:
    """Resets Keras's global state: default-name counters and every registered reset hook."""
    naming.reset_uids()
    for hook in list(_RESET_HOOKS):
        hook()


# ---- values and variables ---------------------------------------------------------------------------
def _dtype_or_floatx(dtype) -> dtypes.DType:
    return dtypes.as_dtype(floatx() if dtype is None else dtype)


def cast(x, dtype):
    """`x` converted to `dtype`."""
    return cast_ops.cast(x, dtype)


def cast_to_floatx(x):
    """`x` as the default float type: a tensor is cast, anything else becomes a NumPy array."""
    if is_tensor(x):
        return cast_ops.cast(x, floatx())
    return np.asarray(x, dtype=floatx())


def constant(value, dtype=None, shape=None, name=None):
    """A constant tensor; `dtype` defaults to floatx()."""
    return creation_ops.constant(value, dtype=_dtype_or_floatx(dtype), shape=shape, name=name or "Const")


def variable(value, dtype=None, name=None, constraint=None) -> Variable:
    """A Variable holding `value`; `dtype` defaults to floatx()."""
    return Variable(value, dtype=_dtype_or_floatx(dtype), name=name, constraint=constraint)


def _filled(fill, shape, dtype, name):
    """A Variable of `shape` made by `fill` (a tensor when a dimension is 0, as in Keras)."""
    dtype = _dtype_or_floatx(dtype)
    with init_scope():
        value = fill(shape, dtype=dtype)
        if builtins.all(value.shape.as_list()):
            return Variable(value, dtype=dtype, name=name)
        return value


def zeros(shape, dtype=None, name=None):
    """A Variable of zeros (a plain tensor when `shape` has a 0)."""
    return _filled(creation_ops.zeros, shape, dtype, name)


def ones(shape, dtype=None, name=None):
    """A Variable of ones (a plain tensor when `shape` has a 0)."""
    return _filled(creation_ops.ones, shape, dtype, name)


def eye(size, dtype=None, name=None):
    """A Variable holding the `size` x `size` identity matrix."""
    return _filled(lambda shape, dtype: creation_ops.eye(shape, dtype=dtype), size, dtype, name)


def zeros_like(x, dtype=None, name=None):
    """Zeros of `x`'s shape (and dtype unless given)."""
    return creation_ops.zeros_like(x, dtype=dtype, name=name)


def ones_like(x, dtype=None, name=None):
    """Ones of `x`'s shape (and dtype unless given)."""
    return creation_ops.ones_like(x, dtype=dtype, name=name)


def get_value(x):
    """`x`'s value as NumPy; a non-tensor is returned as is.

    Raises:
      ValueError: `x` is a symbolic tensor (it has no value until its graph runs).
    """
    if isinstance(x, SymbolicTensor):
        raise ValueError(
            f"get_value needs a tensor that holds a value; {x.name} is symbolic (it belongs to a graph "
            "being built). Received: a symbolic tensor."
        )
    if isinstance(x, Variable) or is_tensor(x):
        return x.numpy()
    return x


eval = get_value  # noqa: A001 - Keras's public name


def batch_get_value(tensors) -> list:
    """`get_value` of each tensor."""
    return [get_value(x) for x in tensors]


def set_value(x: Variable, value) -> None:
    """Assigns a NumPy-convertible `value` to the Variable `x`."""
    x.assign(np.asarray(value, dtype=x.dtype.np_dtype))


def batch_set_value(tuples) -> None:
    """`set_value(x, value)` for each `(x, value)` pair."""
    for x, value in tuples:
        set_value(x, value)


def update(x: Variable, new_x):
    """Assigns `new_x` to `x`; returns the updated variable's value."""
    return x.assign(new_x)


def update_add(x: Variable, increment):
    """Adds `increment` to `x`."""
    return x.assign_add(increment)


def update_sub(x: Variable, decrement):
    """Subtracts `decrement` from `x`."""
    return x.assign_sub(decrement)


# ---- shapes -----------------------------------------------------------------------------------------
def int_shape(x):
    """`x`'s static shape as a tuple of ints and None (None when the rank is unknown)."""
    shape = x.shape
    if isinstance(shape, TensorShape):
        return None if shape.rank is None else tuple(shape.as_list())
    return tuple(shape)


def ndim(x):
    """`x`'s rank as an int (None when unknown)."""
    shape = int_shape(x)
    return None if shape is None else len(shape)


def shape(x):
    """`x`'s shape as an int32 tensor (dynamic dimensions included)."""
    return array_ops.shape(x)


def dtype(x) -> str:
    """`x`'s dtype name ("float32")."""
    return dtypes.as_dtype(x.dtype).name


def count_params(x) -> int:
    """How many numbers `x` holds (the product of its static shape)."""
    return int(np.prod(int_shape(x)))


def is_sparse(tensor) -> bool:
    """False: lamina has no sparse tensors yet, so nothing is one."""
    return False


# ---- elementwise and reductions ---------------------------------------------------------------------
def _floatx_if_bool(x):
    x = convert_to_tensor(x)
    return cast_ops.cast(x, floatx()) if x.dtype == dtypes.bool else x


def sum(x, axis=None, keepdims=False):  # noqa: A001 - Keras's public name
    """Sum over `axis` (all axes when None)."""
    return reduction_ops.reduce_sum(x, axis=axis, keepdims=keepdims)


def prod(x, axis=None, keepdims=False):
    """Product over `axis`."""
    return reduction_ops.reduce_prod(x, axis=axis, keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    """Mean over `axis`; a bool `x` is averaged as floatx()."""
    return reduction_ops.reduce_mean(_floatx_if_bool(x), axis=axis, keepdims=keepdims)


def var(x, axis=None, keepdims=False):
    """Variance over `axis`; a bool `x` counts as floatx()."""
    return reduction_ops.reduce_variance(_floatx_if_bool(x), axis=axis, keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    """Standard deviation over `axis`; a bool `x` counts as floatx()."""
    return reduction_ops.reduce_std(_floatx_if_bool(x), axis=axis, keepdims=keepdims)


def max(x, axis=None, keepdims=False):  # noqa: A001 - Keras's public name
    """Maximum over `axis`."""
    return reduction_ops.reduce_max(x, axis=axis, keepdims=keepdims)


def min(x, axis=None, keepdims=False):  # noqa: A001 - Keras's public name
    """Minimum over `axis`."""
    return reduction_ops.reduce_min(x, axis=axis, keepdims=keepdims)


def all(x, axis=None, keepdims=False):  # noqa: A001 - Keras's public name
    """Logical AND over `axis` (nonzero counts as True)."""
    return reduction_ops.reduce_all(cast_ops.cast(x, dtypes.bool), axis=axis, keepdims=keepdims)


def any(x, axis=None, keepdims=False):  # noqa: A001 - Keras's public name
    """Logical OR over `axis` (nonzero counts as True)."""
    return reduction_ops.reduce_any(cast_ops.cast(x, dtypes.bool), axis=axis, keepdims=keepdims)


def argmax(x, axis=-1):
    """Index of the largest value along `axis` (int64)."""
    return reduction_ops.argmax(x, axis=axis)


def argmin(x, axis=-1):
    """Index of the smallest value along `axis` (int64)."""
    return reduction_ops.argmin(x, axis=axis)


def cumsum(x, axis=0):
    """Running sum along `axis`."""
    return reduction_ops.cumsum(x, axis=axis)


def cumprod(x, axis=0):
    """Running product along `axis`."""
    return reduction_ops.cumprod(x, axis=axis)


def square(x):
    return math_ops.square(x)


def sqrt(x):
    """Square root, with negative inputs clamped to 0 first (Keras's rule: never NaN)."""
    x = convert_to_tensor(x)
    return math_ops.sqrt(math_ops.maximum(x, cast_ops.cast(0, x.dtype)))


def exp(x):
    return math_functions.exp(x)


def log(x):
    return math_functions.log(x)


def abs(x):  # noqa: A001 - Keras's public name
    return math_functions.abs(x)


def sign(x):
    return math_functions.sign(x)


def round(x):  # noqa: A001 - Keras's public name
    """Rounds half to even (0.5 -> 0, 1.5 -> 2)."""
    return math_functions.round(x)


def sin(x):
    return math_functions.sin(x)


def cos(x):
    return math_functions.cos(x)


def pow(x, a):  # noqa: A001 - Keras's public name
    return math_ops.pow(x, a)


def maximum(x, y):
    return math_ops.maximum(x, y)


def minimum(x, y):
    return math_ops.minimum(x, y)


def equal(x, y):
    return comparison_ops.equal(x, y)


def not_equal(x, y):
    return comparison_ops.not_equal(x, y)


def greater(x, y):
    return comparison_ops.greater(x, y)


def greater_equal(x, y):
    return comparison_ops.greater_equal(x, y)


def less(x, y):
    return comparison_ops.less(x, y)


def less_equal(x, y):
    return comparison_ops.less_equal(x, y)


def clip(x, min_value, max_value):
    """`x` clipped to [min_value, max_value]. None means unbounded on that side; when both are numbers
    and max_value < min_value, everything becomes min_value (Keras's rule)."""
    x = convert_to_tensor(x)
    if isinstance(min_value, (int, float)) and isinstance(max_value, (int, float)) and max_value < min_value:
        max_value = min_value
    low = x.dtype.min if min_value is None else min_value
    high = x.dtype.max if max_value is None else max_value
    return clip_ops.clip_by_value(x, cast_ops.cast(low, x.dtype), cast_ops.cast(high, x.dtype))


def stop_gradient(variables):
    """`tf.stop_gradient` of a tensor, or of each tensor in a list."""
    if isinstance(variables, (list, tuple)):
        return [gradient_ops.stop_gradient(v) for v in variables]
    return gradient_ops.stop_gradient(variables)


# ---- shape manipulation -----------------------------------------------------------------------------
def reshape(x, shape):
    return array_ops.reshape(x, shape)


def permute_dimensions(x, pattern):
    """`x` with its axes reordered by `pattern` (a transpose)."""
    return array_ops.transpose(x, perm=list(pattern))


def transpose(x):
    """`x` with its axes reversed."""
    return array_ops.transpose(x)


def expand_dims(x, axis=-1):
    """`x` with a dimension of size 1 inserted at `axis` (last by default)."""
    return array_ops.expand_dims(x, axis)


def squeeze(x, axis):
    return array_ops.squeeze(x, axis)


def stack(x, axis=0):
    return array_ops.stack(x, axis=axis)


def concatenate(tensors, axis=-1):
    """`tensors` joined along `axis`."""
    if axis < 0:
        rank = ndim(tensors[0])
        axis = axis % rank if rank else 0
    return array_ops.concat(list(tensors), axis)


def tile(x, n):
    """`x` repeated `n` times along each axis (an int `n` tiles a vector)."""
    return array_ops.tile(x, [n] if isinstance(n, int) else n)


def repeat_elements(x, rep, axis):
    """Each element of `x` repeated `rep` times along `axis`."""
    return array_ops.repeat(x, rep, axis=axis)


def repeat(x, n):
    """A 2-D `x` (batch, features) repeated to (batch, n, features).

    Raises:
      ValueError: `x` is not 2-D.
    """
    if ndim(x) != 2:
        raise ValueError(f"repeat expects a 2-D tensor (batch, features). Received: shape={int_shape(x)}")
    return array_ops.tile(array_ops.expand_dims(x, 1), [1, n, 1])


def reverse(x, axes):
    """`x` reversed along `axes` (an int or a list)."""
    return array_ops.reverse(x, [axes] if isinstance(axes, int) else list(axes))


def flatten(x):
    """`x` as a vector."""
    return array_ops.reshape(x, [-1])


def batch_flatten(x):
    """`x` as (batch, everything else).

    Raises:
      ValueError: neither the batch size nor the other dimensions are known when the graph is built
        (XLA needs one of them to give the output a static shape).
    """
    x = convert_to_tensor(x)
    dims = int_shape(x)
    if builtins.all(d is not None for d in dims[1:]):
        return array_ops.reshape(x, [-1, int(np.prod(dims[1:], dtype=np.int64))])
    if dims[0] is not None:
        return array_ops.reshape(x, [dims[0], -1])
    raise ValueError(
        "batch_flatten needs the batch size or all other dimensions to be known when the graph is built. "
        f"Received: shape={dims}"
    )


def gather(reference, indices):
    """Rows of `reference` at `indices`."""
    return indexing_ops.gather(reference, indices)


def one_hot(indices, num_classes):
    """One-hot float32 encoding along a new last axis."""
    return array_ops.one_hot(indices, depth=num_classes, axis=-1)


def arange(start, stop=None, step=1, dtype="int32"):
    """[start, stop) in steps of `step`; `arange(n)` counts from 0 (a negative n gives nothing)."""
    if stop is None and start < 0:
        start = 0
    result = creation_ops.range(start, limit=stop, delta=step, dtype=dtypes.int32)
    return result if dtype == "int32" else cast_ops.cast(result, dtype)


def l2_normalize(x, axis=None):
    """`x` scaled to unit L2 norm along `axis`."""
    return math_ops.l2_normalize(x, axis=axis)


# ---- linear algebra ---------------------------------------------------------------------------------
def dot(x, y):
    """NumPy's `dot`: matrix product for 2-D inputs; for N-D inputs, sums over `x`'s last axis and
    `y`'s second-to-last (the last when `y` is a vector)."""
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    if ndim(x) == 2 and ndim(y) == 2:
        return linalg_ops.matmul(x, y)
    y_axis = ndim(y) - 2 if ndim(y) >= 2 else 0
    return linalg_ops.tensordot(x, y, axes=[[ndim(x) - 1], [y_axis]])


def bias_add(x, bias, data_format=None):
    """`x + bias` on the channels axis (`data_format` defaults to image_data_format()).

    Raises:
      ValueError: an unknown data_format, or a bias that is neither 1-D nor of rank ndim(x) - 1.
    """
    data_format = image_data_format() if data_format is None else data_format
    if data_format not in _DATA_FORMATS:
        raise ValueError(f"Unknown data_format: {data_format}. Expected one of {set(_DATA_FORMATS)}")
    bias_rank = ndim(bias)
    if bias_rank not in (1, ndim(x) - 1):
        raise ValueError(
            "Unexpected bias dimensions. Expected bias to be 1-D or of rank ndim(x) - 1 = "
            f"{ndim(x) - 1}. Received: bias.shape={int_shape(bias)}, x.shape={int_shape(x)}"
        )
    if data_format == "channels_last" or ndim(x) <= 2:
        if bias_rank == 1:
            return nn_ops.bias_add(x, bias)
        return math_ops.add(x, array_ops.expand_dims(bias, 0))
    if bias_rank == 1:
        channels_first_shape = [1, int_shape(bias)[0]] + [1] * (ndim(x) - 2)
        return math_ops.add(x, array_ops.reshape(bias, channels_first_shape))
    moved = array_ops.transpose(bias, perm=[bias_rank - 1] + list(range(bias_rank - 1)))
    return math_ops.add(x, array_ops.expand_dims(moved, 0))


# ---- activations ------------------------------------------------------------------------------------
def sigmoid(x):
    return math_functions.sigmoid(x)


def hard_sigmoid(x):
    """Piecewise-linear sigmoid: clip(0.2 * x + 0.5, 0, 1)."""
    return activation.hard_sigmoid(x)


def tanh(x):
    return math_functions.tanh(x)


def softmax(x, axis=-1):
    return nn_ops.softmax(x, axis=axis)


def softplus(x):
    return math_functions.softplus(x)


def softsign(x):
    return nn_ops.softsign(x)


def elu(x, alpha=1.0):
    """x for x > 0, alpha * (exp(x) - 1) otherwise."""
    return activation.elu(x, alpha=alpha)


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit with Keras's options (negative slope, cap, threshold)."""
    return activation.relu(x, alpha=alpha, max_value=max_value, threshold=threshold)


# ---- random -----------------------------------------------------------------------------------------
def _seed(seed):
    """Keras draws a fresh op seed when none is given, so each call differs."""
    return int(np.random.randint(10_000_000)) if seed is None else seed


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return random_ops.normal(shape, mean=mean, stddev=stddev, dtype=_dtype_or_floatx(dtype), seed=_seed(seed))


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    return random_ops.uniform(
        shape, minval=minval, maxval=maxval, dtype=_dtype_or_floatx(dtype), seed=_seed(seed)
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    return random_ops.truncated_normal(
        shape, mean=mean, stddev=stddev, dtype=_dtype_or_floatx(dtype), seed=_seed(seed)
    )


def random_bernoulli(shape, p=0.0, dtype=None, seed=None):
    """1 with probability `p`, else 0 (floatx() by default)."""
    dtype = _dtype_or_floatx(dtype)
    draws = random_ops.uniform(shape, dtype=dtype, seed=_seed(seed))
    return cast_ops.cast(comparison_ops.less(draws, cast_ops.cast(p, dtype)), dtype)


def random_normal_variable(shape, mean, scale, dtype=None, name=None, seed=None) -> Variable:
    """A Variable drawn from N(mean, scale**2)."""
    dtype = _dtype_or_floatx(dtype)
    return variable(
        random_ops.normal(shape, mean=mean, stddev=scale, dtype=dtype, seed=_seed(seed)), dtype, name
    )


def random_uniform_variable(shape, low, high, dtype=None, name=None, seed=None) -> Variable:
    """A Variable drawn uniformly from [low, high)."""
    dtype = _dtype_or_floatx(dtype)
    return variable(
        random_ops.uniform(shape, minval=low, maxval=high, dtype=dtype, seed=_seed(seed)), dtype, name
    )


# ---- control flow -----------------------------------------------------------------------------------
def _value(branch):
    return branch() if callable(branch) else branch


def switch(condition, then_expression, else_expression):
    """`then_expression` where `condition` holds, else `else_expression`.

    A scalar condition chooses one whole branch (`tf.cond`; callables are called only in the chosen
    branch eagerly); a tensor condition selects element-wise, a condition of rank >= 2 being extended
    with trailing axes to the branches' rank.

    Raises:
      ValueError: the condition's rank exceeds the branches'.
    """
    condition = convert_to_tensor(condition)
    if condition.dtype != dtypes.bool:
        condition = cast_ops.cast(condition, dtypes.bool)
    if not ndim(condition):
        return control_flow_ops.cond(
            condition, lambda: _value(then_expression), lambda: _value(else_expression)
        )
    then_value = convert_to_tensor(_value(then_expression))
    else_value = convert_to_tensor(_value(else_expression))
    condition_rank, value_rank = ndim(condition), ndim(then_value)
    if condition_rank > value_rank:
        raise ValueError(
            "Rank of `condition` should be less than or equal to rank of `then_expression` and "
            f"`else_expression`. ndim(condition)={condition_rank}, ndim(then_expression)={value_rank}"
        )
    if 1 < condition_rank < value_rank:
        extended = array_ops.reshape(condition, int_shape(condition) + (1,) * (value_rank - condition_rank))
        condition = array_ops.broadcast_to(extended, array_ops.shape(then_value))
    return indexing_ops.where(condition, then_value, else_value)


def in_train_phase(x, alt, training=None):
    """`x` in training, `alt` otherwise (callables are called); `training` defaults to
    learning_phase() (0), and a tensor chooses at run time through `switch`."""
    if training is None:
        training = learning_phase()
    if training is True or (isinstance(training, int) and not isinstance(training, bool) and training == 1):
        return _value(x)
    if training is False or (isinstance(training, int) and training == 0):
        return _value(alt)
    return switch(training, x, alt)


def in_test_phase(x, alt, training=None):
    """`x` at inference, `alt` in training (see in_train_phase)."""
    return in_train_phase(alt, x, training=training)


def foldl(fn, elems, initializer=None, name=None):
    """`fn(acc, element)` over `elems` from the first element (`tf.foldl`)."""
    return functional_ops.foldl(fn, elems, initializer=initializer, name=name)


def foldr(fn, elems, initializer=None, name=None):
    """`fn(acc, element)` over `elems` from the last element (`tf.foldr`)."""
    return functional_ops.foldr(fn, elems, initializer=initializer, name=name)


def map_fn(fn, elems, name=None, dtype=None):
    """`fn` applied to each element of `elems` along axis 0 (`tf.map_fn`)."""
    return functional_ops.map_fn(fn, elems, dtype=dtype, name=name)


def print_tensor(x, message="", summarize=3):
    """Prints `message` and `x` to stdout when it is computed; returns `x` (in a graph, a tensor that
    depends on the print)."""
    printed = logging_ops.print(message, x, output_stream=sys.stdout, summarize=summarize)
    if printed is None:
        return x
    with dependency_ops.control_dependencies([printed]):
        return array_ops.identity(x)


def is_keras_tensor(x) -> bool:
    """Whether `x` is a symbolic tensor of a Keras functional model (made from `tf.keras.Input`).

    Raises:
      ValueError: `x` is not a tensor at all.
    """
    if not (is_tensor(x) or isinstance(x, Variable)):
        raise ValueError(
            f"Unexpectedly found an instance of type `{type(x)}`. Expected a symbolic tensor instance."
        )
    # Imported here: the layers package imports this module while it loads.
    from lamina.keras.layer.keras_graph import is_keras_tensor as in_keras_graph

    return in_keras_graph(x)


# ---- losses -----------------------------------------------------------------------------------------
def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary crossentropy (no mean): -(t * log(p) + (1 - t) * log(1 - p))."""
    target, output = loss._prepare(target, output)
    return loss._binary_crossentropy_elementwise(target, output, from_logits)


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Crossentropy between one-hot (or soft) `target` and `output` along `axis`, per example."""
    return loss.categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1, ignore_class=None):
    """Crossentropy between integer labels `target` and `output` along `axis`, per example."""
    return loss.sparse_categorical_crossentropy(
        target, output, from_logits=from_logits, axis=axis, ignore_class=ignore_class
    )
