"""`tf.TensorSpec`: the shape (possibly partial) and dtype a tensor argument must have."""

from __future__ import annotations

from lamina._core import dtypes
from lamina._core.shape import TensorShape, as_shape


class TensorSpec:
    """Describes a tensor: `TensorSpec(shape, dtype=tf.float32, name=None)`."""

    __slots__ = ("_shape", "_dtype", "_name")

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self._shape = as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._name = name

    @classmethod
    def from_tensor(cls, tensor, name=None):
        return cls(tensor.shape, tensor.dtype, name)

    @classmethod
    def from_spec(cls, spec, name=None):
        return cls(spec.shape, spec.dtype, name if name is not None else spec.name)

    @property
    def shape(self) -> TensorShape:
        return self._shape

    @property
    def dtype(self) -> dtypes.DType:
        return self._dtype

    @property
    def name(self):
        return self._name

    def is_compatible_with(self, value) -> bool:
        """True if `value` (a Tensor or TensorSpec) has this dtype and a compatible shape."""
        dtype, shape = getattr(value, "dtype", None), getattr(value, "shape", None)
        return dtype is self._dtype and shape is not None and self._shape.is_compatible_with(shape)

    def most_specific_compatible_type(self, other) -> TensorSpec:
        if other.dtype is not self._dtype:
            raise ValueError(f"No TensorSpec is compatible with both {self} and {other}.")
        return TensorSpec(self._shape.most_specific_compatible_shape(other.shape), self._dtype)

    def __eq__(self, other):
        return (
            isinstance(other, TensorSpec)
            and self._shape == other._shape
            and self._dtype is other._dtype
            and self._name == other._name
        )

    def __hash__(self):
        return hash((self._shape, self._dtype, self._name))

    def __repr__(self):
        return f"TensorSpec(shape={self._shape}, dtype={self._dtype!r}, name={self._name!r})"
