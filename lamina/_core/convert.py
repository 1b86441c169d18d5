"""convert_to_tensor: Python values, NumPy arrays, Tensors and Variables -> Tensor.

TensorFlow's inference rules for Python values: int -> int32 (int64 when it does not fit),
float -> float32, complex -> complex128, bool -> bool, str/bytes -> string; a nested list takes
the widest kind of its leaves. NumPy arrays keep their dtype. A requested dtype that cannot hold a
Python value exactly (1.5 as int32) raises TypeError.
"""

from __future__ import annotations

import numbers

import jax
import numpy as np

from lamina._core import dtypes
from lamina._core.context import STATE
from lamina._core.errors import InvalidArgumentError
from lamina._core.tensor import EagerTensor, Tensor

# Extra conversions registered by higher layers (Variables, Keras tensors...): type -> function.
_CONVERSIONS: list[tuple[type, callable]] = []

# Small cache of converted Python scalars: `x * 2.0` in an eager loop converts 2.0 once.
_SCALAR_CACHE: dict = {}
_SCALAR_CACHE_LIMIT = 4096


def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    """Registers `conversion_func(value, dtype=None, name=None, as_ref=False)` for `base_type`."""
    _CONVERSIONS.append((base_type, conversion_func))


def _leaf_kind(v):
    """The inference kind of one Python/NumPy leaf: 'b', 'i', 'l' (needs int64), 'f', 'd' (a NumPy
    float64), 'c', 's', or a DType (a Tensor or a NumPy scalar of another width)."""
    if isinstance(v, (bool, np.bool_)):
        return "b"
    if isinstance(v, np.floating):
        return "d" if v.dtype == np.float64 else "f"
    if isinstance(v, numbers.Integral):
        value = int(v)
        if not -(2**63) <= value < 2**64:
            raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
        return "i" if -(2**31) <= value < 2**31 else "l"
    if isinstance(v, numbers.Real):
        return "f"
    if isinstance(v, numbers.Complex):
        return "c"
    if isinstance(v, (str, bytes, np.str_, np.bytes_)):
        return "s"
    if isinstance(v, Tensor):
        return v.dtype
    if isinstance(v, np.ndarray):
        return dtypes.from_numpy(v.dtype)
    raise ValueError(f"Attempt to convert a value ({v!r}) with an unsupported type ({type(v)}) to a Tensor.")


# The first leaf of a sequence fixes its family; these are the leaf kinds each family accepts.
_NUMBERS = frozenset("bilfd")
_COMPATIBLE_KINDS = {
    "b": frozenset("b"),
    "i": _NUMBERS,
    "l": _NUMBERS,
    "f": _NUMBERS,
    "d": _NUMBERS,
    "c": _NUMBERS | {"c"},
    "s": frozenset("s"),
}


def _infer_python_dtype(value) -> dtypes.DType:
    """TensorFlow's inference for a Python value: the first leaf fixes the family, ints widen to
    floats, floats accept ints and bools; any other mix is an error."""
    kinds = (
        [_leaf_kind(v) for v in _leaves(value)] if isinstance(value, (list, tuple)) else [_leaf_kind(value)]
    )
    if not kinds:
        return dtypes.float32  # an empty list
    for kind in kinds:
        if isinstance(kind, dtypes.DType):
            return kind
    distinct = set(kinds)
    allowed = _COMPATIBLE_KINDS[kinds[0]]
    if not distinct <= allowed:
        raise ValueError("Can't convert Python sequence with mixed types to Tensor.")
    for kind, dtype in (
        ("s", dtypes.string),
        ("c", dtypes.complex128),
        ("d", dtypes.float64),
        ("f", dtypes.float32),
        ("l", dtypes.int64),
        ("i", dtypes.int32),
        ("b", dtypes.bool),
    ):
        if kind in distinct:
            return dtype
    return dtypes.float32


# Which inferred families a requested dtype accepts from Python values (TensorFlow refuses to turn a
# Python float into an int, even 2.0, or a number into a string).
def _accepts(requested: dtypes.DType, inferred: dtypes.DType) -> bool:
    if requested is dtypes.string or inferred is dtypes.string:
        return requested is inferred
    if requested is dtypes.bool:
        return inferred is dtypes.bool
    if requested.is_integer:
        return inferred.is_integer or inferred is dtypes.bool
    if requested.is_floating:
        return not inferred.is_complex
    return True


def _to_numpy(value, dtype: dtypes.DType | None) -> np.ndarray:
    """Python/NumPy value -> NumPy array of `dtype` (inferred when None), with TensorFlow's checks."""
    if isinstance(value, (np.ndarray, np.generic)):
        array = np.asarray(value)
        if array.dtype.kind in "SUO":
            if dtype not in (None, dtypes.string):
                raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
            return _strings_array(array)
        if dtype is None:
            return array
        if dtype is dtypes.string:
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype string")
        with np.errstate(all="ignore"):
            return array.astype(dtype.np_dtype)  # NumPy values are cast, as TensorFlow does
    if isinstance(value, (list, tuple)) and any(isinstance(v, Tensor) for v in _leaves(value)):
        value = _nested_tensors_to_numpy(value)
    inferred = _infer_python_dtype(value)
    if isinstance(value, (list, tuple)) and next(_leaves(value), None) is None:
        inferred = dtype or inferred  # an empty list takes any dtype
    if dtype is None:
        dtype = inferred
    elif not _accepts(dtype, inferred):
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    if dtype is dtypes.string:
        return _strings_array(value)
    try:
        array = np.array(value, dtype=object if inferred in (dtypes.int64, dtypes.int32) else None)
    except ValueError as e:
        raise ValueError(f"Can't convert non-rectangular Python sequence to Tensor: {value!r}") from e
    if array.dtype == object and inferred not in (dtypes.int64, dtypes.int32):
        raise ValueError(f"Can't convert non-rectangular Python sequence to Tensor: {value!r}")
    return _cast_python(array, dtype, inferred, value)


def _cast_python(array: np.ndarray, dtype: dtypes.DType, inferred: dtypes.DType, original) -> np.ndarray:
    if array.dtype == object:  # Python ints: wrap into the target width, like a C cast
        values = array.ravel().tolist()
        if any(isinstance(v, (list, tuple)) for v in values):
            raise ValueError(f"Can't convert non-rectangular Python sequence to Tensor: {original!r}")
        if dtype is not dtypes.uint64 and any(int(v) >= 2**63 for v in values):
            raise ValueError("Can't convert Python sequence with out-of-range integer to Tensor.")
        if dtype.is_integer:
            bits = dtype.size * 8
            wrapped = [int(v) & ((1 << bits) - 1) for v in values]
            out = (
                np.array(wrapped, dtype=np.uint64).astype(dtype.np_dtype)
                if wrapped
                else np.zeros(0, dtype.np_dtype)
            )
            return out.reshape(array.shape)
        array = array.astype(np.float64 if dtype is not dtypes.bool else np.bool_)
    if inferred is dtypes.float32 and dtype is dtypes.float32 and array.size:
        finite = array[np.isfinite(array)]
        if finite.size and np.max(np.abs(finite)) > np.finfo(np.float32).max:
            raise ValueError(
                "Can't convert Python sequence with a value out of range for a double-precision float."
            )
    with np.errstate(all="ignore"):
        return array.astype(dtype.np_dtype)


def _leaves(value):
    for v in value:
        if isinstance(v, (list, tuple)):
            yield from _leaves(v)
        else:
            yield v


def _nested_tensors_to_numpy(value):
    if isinstance(value, (list, tuple)):
        return [_nested_tensors_to_numpy(v) for v in value]
    return value.numpy() if isinstance(value, EagerTensor) else value


def _strings_array(value) -> np.ndarray:
    array = np.array(value, dtype=object)

    def encode(v):
        if isinstance(v, bytes):
            return v
        if isinstance(v, str):
            return v.encode("utf-8")
        if isinstance(v, np.bytes_):
            return bytes(v)
        raise TypeError(f"Cannot convert {v!r} to a string tensor element.")

    flat = [encode(v) for v in array.ravel().tolist()] if array.size else []
    out = np.empty(array.shape, dtype=object)
    out.ravel()[:] = flat if flat else out.ravel()[:]
    return out


def eager_from_numpy(array: np.ndarray, dtype: dtypes.DType | None = None) -> EagerTensor:
    """Wraps a NumPy array as an EagerTensor (device array, or host array for strings)."""
    if dtype is None:
        dtype = dtypes.from_numpy(array.dtype)
    if dtype is dtypes.string:
        return EagerTensor(array, dtypes.string)
    device = STATE.device[-1] if STATE.device else None
    return EagerTensor(jax.device_put(array, device), dtype)


def constant_value_tensor(value, dtype=None) -> EagerTensor:
    """EagerTensor from a Python/NumPy value (no graph node); used for pickling too."""
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    return eager_from_numpy(_to_numpy(value, dtype), dtype)


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None, preferred_dtype=None) -> Tensor:
    """Converts `value` to a Tensor. Tensors of another dtype than `dtype` raise ValueError."""
    if isinstance(value, Tensor):
        if dtype is not None and value.dtype is not dtypes.as_dtype(dtype):
            raise ValueError(
                f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} for Tensor with dtype "
                f"{value.dtype.name}: {value!r}"
            )
        return value
    for base_type, function in _CONVERSIONS:
        if isinstance(value, base_type):
            return function(value, dtype=None if dtype is None else dtypes.as_dtype(dtype), name=name)
    if dtype is not None:
        return _python_to_tensor(value, dtypes.as_dtype(dtype))
    hint = dtype_hint if dtype_hint is not None else preferred_dtype
    if hint is not None:
        try:
            return _python_to_tensor(value, dtypes.as_dtype(hint))
        except (TypeError, ValueError):
            pass
    return _python_to_tensor(value, None)


def convert_operand(value, dtype_hint: dtypes.DType | None) -> Tensor:
    """Fast conversion of an op's operand; Python scalars are cached (never handed to users as
    their own tensor, since a tape identifies watched tensors by object)."""
    if isinstance(value, Tensor):
        return value
    if type(value) in (int, float, bool):
        return (
            _python_to_tensor(value, dtype_hint, cache=True)
            if dtype_hint is None
            else _hinted(value, dtype_hint)
        )
    return convert_to_tensor(value, dtype_hint=dtype_hint)


def _hinted(value, hint):
    try:
        return _python_to_tensor(value, hint, cache=True)
    except (TypeError, ValueError):
        return _python_to_tensor(value, None, cache=True)


def _python_to_tensor(value, dtype: dtypes.DType | None, cache: bool = False) -> EagerTensor:
    scalar = cache and type(value) in (int, float, bool)
    if scalar:
        # The device is part of the key: a constant made inside `tf.device` lives on that device.
        key = (type(value), value, dtype, STATE.device[-1] if STATE.device else None)
        cached = _SCALAR_CACHE.get(key)
        if cached is not None:
            return cached
    tensor = eager_from_numpy(_to_numpy(value, dtype), dtype)
    if scalar and value == value and value != 0 and len(_SCALAR_CACHE) < _SCALAR_CACHE_LIMIT:
        _SCALAR_CACHE[key] = tensor
    return tensor


def dtype_mismatch(
    op_name: str, index: int, expected: dtypes.DType, got: dtypes.DType
) -> InvalidArgumentError:
    from lamina._core.errors import op_error

    return op_error(
        InvalidArgumentError,
        op_name,
        f"cannot compute {op_name} as input #{index}(zero-based) was expected to be a {expected.name} tensor "
        f"but is a {got.name} tensor",
    )


def is_tensor(value) -> bool:
    """True for Tensors and tensor-like lamina objects (Variables); False for NumPy/Python values."""
    return isinstance(value, Tensor) or any(isinstance(value, base) for base, _ in _CONVERSIONS)


def get_static_value(tensor, partial=False):
    """The NumPy value of `tensor` if known without running anything, else None."""
    if isinstance(tensor, EagerTensor):
        return tensor.numpy()
    if isinstance(tensor, Tensor):
        return getattr(tensor, "_static_value", None)
    if isinstance(tensor, (np.ndarray, np.generic)):
        return tensor
    if any(isinstance(tensor, base) for base, _ in _CONVERSIONS):
        return None
    return np.asarray(tensor) if tensor is not None else None
