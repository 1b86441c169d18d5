"""`tf.keras.constraints`: projections applied to a weight after each optimizer update.

A constraint is called on a weight tensor and returns the projected tensor (same shape and dtype).
Norm-based constraints divide by `norm + tf.keras.backend.epsilon()` so that a zero weight stays zero.
"""

from __future__ import annotations

import numpy as np

from lamina._core.convert import convert_to_tensor
from lamina._core.errors import InvalidArgumentError, op_error
from lamina.keras import backend
from lamina.keras.serialization import Catalog
from lamina.ops import array_ops, cast_ops, clip_ops, comparison_ops, indexing_ops, math_ops, reduction_ops


def _norms(w, axis):
    """The L2 norms of `w` along `axis`, keeping the reduced dimensions (so they broadcast)."""
    return math_ops.sqrt(reduction_ops.reduce_sum(math_ops.square(w), axis=axis, keepdims=True))


def _rescale(w, desired, norms):
    """`w` with its norms moved from `norms` to `desired`."""
    return math_ops.multiply(w, math_ops.divide(desired, math_ops.add(norms, backend.epsilon())))


class Constraint:
    """Base class of weight constraints: `__call__(w)` returns the projected weight (here `w` itself)."""

    def __call__(self, w):
        """The projected weight; the base class leaves `w` unchanged."""
        return w

    def get_config(self) -> dict:
        """The constructor arguments, as a dict of Python values."""
        return {}

    @classmethod
    def from_config(cls, config: dict):
        """A constraint built from `get_config()`'s dict."""
        return cls(**config)


class MaxNorm(Constraint):
    """Rescales each slice along `axis` whose L2 norm exceeds `max_value` down to norm `max_value`.

    Args:
      max_value: the largest allowed norm.
      axis: the axis (or axes) the norm is computed over: 0 for the input weights of each unit of a
        Dense kernel `(input_dim, units)`, `[0, 1, 2]` for a Conv2D kernel.
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        """The projected weight."""
        w = convert_to_tensor(w)
        norms = _norms(w, self.axis)
        return _rescale(w, clip_ops.clip_by_value(norms, 0, self.max_value), norms)

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves each slice's L2 norm along `axis` toward [min_value, max_value].

    The new norm is `rate * clip(norm, min_value, max_value) + (1 - rate) * norm`: rate 1 clips
    strictly, a smaller rate moves the norm only part of the way each step.
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w):
        """The projected weight."""
        w = convert_to_tensor(w)
        norms = _norms(w, self.axis)
        clipped = clip_ops.clip_by_value(norms, self.min_value, self.max_value)
        desired = math_ops.add(
            math_ops.multiply(clipped, self.rate), math_ops.multiply(norms, 1.0 - self.rate)
        )
        return _rescale(w, desired, norms)

    def get_config(self) -> dict:
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }


class NonNeg(Constraint):
    """Sets negative weights to zero."""

    def __call__(self, w):
        """`w` with negative entries zeroed."""
        w = convert_to_tensor(w)
        keep = cast_ops.cast(comparison_ops.greater_equal(w, 0), w.dtype)
        return math_ops.multiply(w, keep)


class UnitNorm(Constraint):
    """Rescales each slice along `axis` to unit L2 norm."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        """The projected weight."""
        w = convert_to_tensor(w)
        return math_ops.divide(w, math_ops.add(_norms(w, self.axis), backend.epsilon()))

    def get_config(self) -> dict:
        return {"axis": self.axis}


def _radial_sources(size: int) -> np.ndarray:
    """For a size x size kernel, the flat index of the entry each position copies (Keras's rule).

    Positions are grouped into square rings around the centre (a 1x1 centre for odd sizes, 2x2 for
    even). The centre copies the entry at (c - 1, c - 1), c = size // 2; ring d >= 1 copies the
    diagonal entry (c + d - 1) for odd sizes and (c + d) for even sizes.
    """
    centre = size // 2
    odd = size % 2
    positions = np.arange(size)
    # Distance of each row/column from the centre block.
    distance = (
        np.abs(positions - centre)
        if odd
        else np.where(positions < centre, centre - 1 - positions, positions - centre)
    )
    ring = np.maximum(distance[:, None], distance[None, :])
    diagonal = np.where(ring == 0, centre - 1, centre + ring - 1 + (1 - odd))
    return (diagonal * size + diagonal).reshape(-1)


class RadialConstraint(Constraint):
    """Makes each 2-D kernel of a Conv2D weight `(size, size, in, out)` constant on square rings
    around its centre (radially symmetric), as Keras's RadialConstraint does; see `_radial_sources`."""

    def __call__(self, w):
        """The projected 4-D kernel.

        Raises:
          ValueError: `w` is not 4-D.
          InvalidArgumentError: the kernel is not square or is 1x1.
        """
        w = convert_to_tensor(w)
        shape = w.shape.as_list()
        if len(shape) != 4:
            raise ValueError(
                f"The weight tensor must have rank 4. Received weight tensor with shape: {w.shape}"
            )
        if shape[0] != shape[1] or shape[0] < 2:
            raise op_error(
                InvalidArgumentError,
                "RadialConstraint",
                f"RadialConstraint needs square kernels of size >= 2, received kernel shape {shape[:2]}",
            )
        flat = array_ops.reshape(w, [shape[0] * shape[1], shape[2] * shape[3]])
        radial = indexing_ops.gather(flat, _radial_sources(shape[0]))
        return array_ops.reshape(radial, shape)


# ---- get / serialize / deserialize -------------------------------------------------------------
_CLASSES = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm, RadialConstraint)
ALIASES = {
    "max_norm": MaxNorm,
    "min_max_norm": MinMaxNorm,
    "non_neg": NonNeg,
    "unit_norm": UnitNorm,
    "radial_constraint": RadialConstraint,
}
# Older Keras spellings that string lookup still accepts.
_LEGACY_NAMES = {"maxnorm": MaxNorm, "nonneg": NonNeg, "unitnorm": UnitNorm}
CATALOG = Catalog(
    "keras.constraints", "constraint", {**{c.__name__: c for c in _CLASSES}, **ALIASES, **_LEGACY_NAMES}
)


def serialize(constraint, use_legacy_format=False):
    """A constraint as Keras's dict (only `class_name` and `config` with `use_legacy_format`)."""
    config = CATALOG.serialize(constraint)
    if use_legacy_format and isinstance(config, dict):
        return {"class_name": config["class_name"], "config": config["config"]}
    return config


def deserialize(config, custom_objects=None, use_legacy_format=False):
    """The constraint described by a name or a serialized dict.

    Raises:
      ValueError: an unknown name or class.
    """
    return CATALOG.deserialize(config, custom_objects)


def get(identifier):
    """A constraint from None, a name, a serialized dict, or a callable (returned as is).

    Raises:
      ValueError: an unknown name, or an identifier of another kind.
    """
    if identifier is not None and not isinstance(identifier, (str, dict)) and not callable(identifier):
        raise ValueError(f"Could not interpret constraint function identifier: {identifier}")
    return CATALOG.get(identifier)
