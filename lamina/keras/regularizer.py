"""`tf.keras.regularizers`: penalties on a weight, added to the training loss.

A regularizer is called on a weight tensor and returns a scalar penalty tensor of the weight's dtype.
Its factors are stored rounded to float32 (Keras's floatx), as Keras does, and cast to the weight's
dtype when the penalty is built, so the penalty is the same eagerly, in a `tf.function` and in a v1
graph.
"""

from __future__ import annotations

import math

import numpy as np

from lamina._core.convert import convert_to_tensor
from lamina.keras.serialization import Catalog
from lamina.ops import array_ops, cast_ops, creation_ops, linalg_ops, math_functions, math_ops, reduction_ops


def _check_penalty(value):
    """`value` as Keras stores a penalty factor: a float32-rounded number.

    Raises:
      ValueError: `value` is not an int or float, or is infinite or NaN.
    """
    if not isinstance(value, (float, int)):
        raise ValueError(
            f"Value {value} is not a valid regularization penalty number, expected an int or float value."
        )
    if math.isinf(value) or math.isnan(value):
        raise ValueError(
            f"Value {value} is not a valid regularization penalty number, an infinite number or NaN are "
            "not valid values."
        )
    return np.float32(value)


def _factor(value, like):
    """The factor `value` as a scalar tensor of `like`'s dtype."""
    return cast_ops.cast(creation_ops.constant(value), like.dtype)


def _l1_penalty(factor, x):
    return math_ops.multiply(_factor(factor, x), reduction_ops.reduce_sum(math_functions.abs(x)))


def _l2_penalty(factor, x):
    return math_ops.multiply(_factor(factor, x), reduction_ops.reduce_sum(math_ops.square(x)))


class Regularizer:
    """Base class of regularizers: `__call__(x)` returns the penalty for weight `x`."""

    def __call__(self, x):
        """The penalty for `x`; the base class penalizes nothing (0.0)."""
        return 0.0

    def get_config(self) -> dict:
        """The constructor arguments, as a dict of Python values.

        Raises:
          NotImplementedError: the subclass did not define `get_config` (this class is abstract).
        """
        raise NotImplementedError(f"{self} does not implement get_config()")

    @classmethod
    def from_config(cls, config: dict):
        """A regularizer built from `get_config()`'s dict."""
        return cls(**config)


def _only_alias(kwargs: dict, value):
    """Keras accepts `l=` as another spelling of the factor; anything else is an error."""
    value = kwargs.pop("l", value)
    if kwargs:
        raise TypeError(f"Argument(s) not recognized: {kwargs}")
    return value


class L1(Regularizer):
    """Penalty `l1 * sum(abs(x))`.

    Raises:
      ValueError: `l1` is not a finite int or float.
      TypeError: an unknown keyword argument (`l` is accepted for `l1`).
    """

    def __init__(self, l1=0.01, **kwargs):
        l1 = _only_alias(kwargs, l1)
        self.l1 = _check_penalty(0.01 if l1 is None else l1)

    def __call__(self, x):
        """The scalar penalty for weight `x`."""
        return _l1_penalty(self.l1, convert_to_tensor(x))

    def get_config(self) -> dict:
        return {"l1": float(self.l1)}


class L2(Regularizer):
    """Penalty `l2 * sum(square(x))`.

    Raises:
      ValueError: `l2` is not a finite int or float.
      TypeError: an unknown keyword argument (`l` is accepted for `l2`).
    """

    def __init__(self, l2=0.01, **kwargs):
        l2 = _only_alias(kwargs, l2)
        self.l2 = _check_penalty(0.01 if l2 is None else l2)

    def __call__(self, x):
        """The scalar penalty for weight `x`."""
        return _l2_penalty(self.l2, convert_to_tensor(x))

    def get_config(self) -> dict:
        return {"l2": float(self.l2)}


class L1L2(Regularizer):
    """Penalty `l1 * sum(abs(x)) + l2 * sum(square(x))`; a zero factor adds no term.

    Raises:
      ValueError: a factor is not a finite int or float (None means 0).
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _check_penalty(0.0 if l1 is None else l1)
        self.l2 = _check_penalty(0.0 if l2 is None else l2)

    def __call__(self, x):
        """The scalar penalty for weight `x` (a zero of its dtype when both factors are 0)."""
        x = convert_to_tensor(x)
        penalty = creation_ops.zeros([], x.dtype)
        if self.l1:
            penalty = math_ops.add(penalty, _l1_penalty(self.l1, x))
        if self.l2:
            penalty = math_ops.add(penalty, _l2_penalty(self.l2, x))
        return penalty

    def get_config(self) -> dict:
        return {"l1": float(self.l1), "l2": float(self.l2)}


_ORTHOGONAL_MODES = ("rows", "columns")


class OrthogonalRegularizer(Regularizer):
    """Penalizes non-orthogonal rows (mode "rows") or columns ("columns") of a 2-D weight.

    The vectors are normalized to unit length; the penalty is `factor` times the mean absolute cosine
    similarity over all ordered pairs of distinct vectors (0 when they are orthogonal).

    Raises:
      ValueError: `factor` is not a finite int or float, or `mode` is unknown.
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _check_penalty(factor)
        if mode not in _ORTHOGONAL_MODES:
            raise ValueError(
                'Invalid value for argument `mode`. Expected one of {"rows", "columns"}. '
                f"Received: mode={mode}"
            )
        self.mode = mode

    def __call__(self, inputs):
        """The scalar penalty for the 2-D weight `inputs`.

        Raises:
          ValueError: `inputs` is not 2-D.
        """
        x = convert_to_tensor(inputs)
        if x.shape.rank != 2:
            raise ValueError(
                f"Inputs to OrthogonalRegularizer must have rank 2. Received: inputs.shape == {x.shape}"
            )
        if self.mode == "columns":
            x = array_ops.transpose(x)
        x = math_ops.l2_normalize(x, axis=1)
        cosines = linalg_ops.matmul(x, x, transpose_b=True)
        size = int(x.shape[0])
        off_diagonal = math_ops.subtract(
            creation_ops.ones([size, size], x.dtype), creation_ops.eye(size, dtype=x.dtype)
        )
        total = reduction_ops.reduce_sum(math_functions.abs(math_ops.multiply(cosines, off_diagonal)))
        pairs = creation_ops.constant(float(size * (size - 1)), dtype=x.dtype)
        return math_ops.multiply(_factor(self.factor, x), math_ops.divide(total, pairs))

    def get_config(self) -> dict:
        return {"factor": float(self.factor), "mode": self.mode}


def l1_l2(l1=0.01, l2=0.01):
    """An L1L2 regularizer with both factors defaulting to 0.01 (L1L2's own defaults are 0)."""
    return L1L2(l1=l1, l2=l2)


# ---- get / serialize / deserialize -------------------------------------------------------------
_CLASSES = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)
CATALOG = Catalog(
    "keras.regularizers",
    "regularizer",
    {
        **{c.__name__: c for c in _CLASSES},
        "l1": L1,
        "l2": L2,
        "orthogonal_regularizer": OrthogonalRegularizer,
    },
)
# Names that build a configured object rather than name a class.
_FACTORIES = {"l1_l2": l1_l2}


def serialize(regularizer, use_legacy_format=False):
    """A regularizer as Keras's dict (only `class_name` and `config` with `use_legacy_format`)."""
    config = CATALOG.serialize(regularizer)
    if use_legacy_format and isinstance(config, dict):
        return {"class_name": config["class_name"], "config": config["config"]}
    return config


def deserialize(config, custom_objects=None, use_legacy_format=False):
    """The regularizer described by a name ("l2", "L1L2", "l1_l2") or a serialized dict.

    Raises:
      ValueError: an unknown name or class.
    """
    if isinstance(config, str) and config in _FACTORIES and config not in (custom_objects or {}):
        return _FACTORIES[config]()
    return CATALOG.deserialize(config, custom_objects)


def get(identifier):
    """A regularizer from None, a name, a serialized dict, or a callable (returned as is).

    Raises:
      ValueError: an unknown name, or an identifier of another kind.
    """
    if identifier is None or callable(identifier) and not isinstance(identifier, str):
        return identifier
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    raise ValueError(f"Could not interpret regularizer identifier: {identifier}")
