"""`tf.DType`: TensorFlow's dtypes, mapped onto NumPy/JAX dtypes.

A DType is an interned object (one instance per type), so `a.dtype is tf.float32` is a cheap
identity check on the eager hot path. `string` lives on the host as a NumPy object array.
"""

from __future__ import annotations

import builtins as _builtins

import ml_dtypes
import numpy as np


class DType:
    """A tensor's element type (`tf.float32`, `tf.int64`, `tf.string`, ...)."""

    __slots__ = ("_name", "_np", "_enum", "__weakref__")

    def __init__(self, name: str, np_dtype, enum: int):
        self._name = name
        self._np = np.dtype(np_dtype)
        self._enum = enum

    @property
    def name(self) -> str:
        return self._name

    @property
    def as_numpy_dtype(self):
        return object if self._np.kind == "O" else self._np.type

    @property
    def np_dtype(self) -> np.dtype:
        return self._np

    @property
    def as_datatype_enum(self) -> int:
        return self._enum

    @property
    def base_dtype(self) -> DType:
        return self

    @property
    def real_dtype(self) -> DType:
        return {complex64: float32, complex128: float64}.get(self, self)

    @property
    def is_floating(self) -> bool:
        return self in _FLOATING

    @property
    def is_integer(self) -> bool:
        return self in _INTEGER

    @property
    def is_unsigned(self) -> bool:
        return self in _UNSIGNED

    @property
    def is_complex(self) -> bool:
        return self in (complex64, complex128)

    @property
    def is_bool(self) -> bool:
        return self is bool

    @property
    def is_numeric(self) -> bool:
        return self in _NUMERIC

    @property
    def is_quantized(self) -> bool:
        return False

    @property
    def size(self) -> int:
        return 0 if self._np.kind == "O" else self._np.itemsize

    @property
    def min(self):
        return self._limit(0)

    @property
    def max(self):
        return self._limit(1)

    def _limit(self, which: int):
        if self.is_integer:
            info = np.iinfo(self._np)
        elif self.is_floating:
            info = ml_dtypes.finfo(self._np) if self is bfloat16 else np.finfo(self._np)
        else:
            raise TypeError(f"Cannot find minimum/maximum value of {self._name}.")
        return (info.min, info.max)[which]

    def limits(self, clip_negative=True):
        """The intensity range of an image of this dtype (TensorFlow's image convention: floats are
        [-1, 1]); with `clip_negative` the lower bound is 0."""
        if self is bool:
            low, high = False, True
        elif self.is_floating:
            low, high = -1, 1
        elif self.is_integer:
            low, high = self.min, self.max
        else:
            raise ValueError(f"No intensity limits are defined for dtype {self._name}.")
        return (0 if clip_negative else low), high

    limits = property(limits)

    def is_compatible_with(self, other) -> bool:
        return self is as_dtype(other)

    def __eq__(self, other):
        if other is None:
            return False
        if isinstance(other, DType):
            return self is other
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return self._enum

    def __repr__(self):
        return f"tf.{self._name}"

    def __str__(self):
        return f"<dtype: '{self._name}'>"

    def __reduce__(self):
        return (as_dtype, (self._name,))


# TensorFlow's DataType enum numbers (they appear in GraphDefs and checkpoints).
float32 = DType("float32", np.float32, 1)
float64 = DType("float64", np.float64, 2)
int32 = DType("int32", np.int32, 3)
uint8 = DType("uint8", np.uint8, 4)
int16 = DType("int16", np.int16, 5)
int8 = DType("int8", np.int8, 6)
string = DType("string", object, 7)
complex64 = DType("complex64", np.complex64, 8)
int64 = DType("int64", np.int64, 9)
bool = DType("bool", np.bool_, 10)  # noqa: A001 - TensorFlow's public name
bfloat16 = DType("bfloat16", ml_dtypes.bfloat16, 14)
uint16 = DType("uint16", np.uint16, 17)
complex128 = DType("complex128", np.complex128, 18)
float16 = DType("float16", np.float16, 19)
uint32 = DType("uint32", np.uint32, 22)
uint64 = DType("uint64", np.uint64, 23)
resource = DType("resource", object, 20)
variant = DType("variant", object, 21)

half = float16
double = float64

_ALL = (
    float16,
    bfloat16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    uint8,
    uint16,
    uint32,
    uint64,
    bool,
    complex64,
    complex128,
    string,
    resource,
    variant,
)
_FLOATING = frozenset((float16, bfloat16, float32, float64))
_UNSIGNED = frozenset((uint8, uint16, uint32, uint64))
_INTEGER = frozenset((int8, int16, int32, int64)) | _UNSIGNED
_NUMERIC = _FLOATING | _INTEGER | frozenset((complex64, complex128))

# Named dtype sets that op definitions use for their type constraints.
FLOATING = _FLOATING
INTEGER = _INTEGER
COMPLEX = frozenset((complex64, complex128))
REAL = _FLOATING | _INTEGER
NUMERIC = _NUMERIC
INEXACT = _FLOATING | COMPLEX
SIGNED_NUMERIC = _NUMERIC - _UNSIGNED
ALL_DEVICE = _NUMERIC | frozenset((bool,))
INDEX = frozenset((int32, int64))

_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update(half=float16, double=float64, float=float32)
_BY_ENUM = {d.as_datatype_enum: d for d in _ALL}
_BY_NP = {d.np_dtype: d for d in _ALL if d not in (resource, variant, string)}
_BY_NP[np.dtype(object)] = string


def as_dtype(type_value) -> DType:
    """Converts a DType, name, NumPy dtype/type, Python type or enum number into a `tf.DType`."""
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        found = _BY_NAME.get(type_value)
        if found is not None:
            return found
    elif isinstance(type_value, int) and not isinstance(type_value, _builtins.bool):
        found = _BY_ENUM.get(type_value)
        if found is not None:
            return found
    elif type_value is float:
        return float32
    elif type_value is _builtins.bool:
        return bool
    elif not any(type_value is refused for refused in (int, str, bytes, complex, None)):
        # (TensorFlow refuses those Python types: their width is ambiguous.)
        try:
            np_type = np.dtype(type_value)
        except TypeError:
            np_type = None
        if np_type is not None:
            if np_type.kind in "SUO":
                return string
            found = _BY_NP.get(np_type)
            if found is not None:
                return found
        as_tf = getattr(type_value, "as_datatype_enum", None)
        if as_tf is not None:
            return _BY_ENUM[as_tf]
    raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} to a TensorFlow DType.")


def from_numpy(np_dtype) -> DType:
    """The DType of a NumPy dtype (string kinds map to `tf.string`)."""
    found = _BY_NP.get(np_dtype)
    if found is not None:
        return found
    return as_dtype(np_dtype)
