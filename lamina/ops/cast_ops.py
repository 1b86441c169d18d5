"""Dtype changes: `cast`, `saturate_cast` and `bitcast`.

Casts follow TensorFlow's CPU conversion rules rather than NumPy's: float -> integer truncates toward
zero (nan, inf and out-of-range values convert as on x86, see `_float_to_integer`), complex -> real
keeps the real part, and gradients flow only through casts between floating and complex types.
"""

from __future__ import annotations

import builtins

import jax.numpy as jnp
import ml_dtypes
import numpy as np
from jax import lax

from lamina._core.errors import UnimplementedError, op_error
from lamina.ops._elementwise import _ALL_DEVICE, _INEXACT, _NUMERIC
from lamina.ops._op import defop, dtypes, execute, invalid, tensor


def _drop_imaginary(x, target):
    """The real part of complex `x` when casting to a real type (TensorFlow discards the imaginary part)."""
    if jnp.issubdtype(x.dtype, jnp.complexfloating) and not jnp.issubdtype(target, jnp.complexfloating):
        return jnp.real(x)
    return x


def _float_to_integer(x, target):
    """TensorFlow's CPU conversion of floats to 8/16/32/64-bit integers: truncation toward zero; a value
    outside the int32 (int64 for int64) range, nan or inf becomes that type's minimum (x86's "integer
    indefinite"), and narrower types keep its low bits (-1.0 -> 255 as uint8, 300.0 -> 44)."""
    wide = np.dtype(np.int64) if target == np.int64 else np.dtype(np.int32)
    if x.dtype.itemsize < 4:
        x = x.astype(np.float32)  # exact; keeps 2**31 representable for the range check
    limit = 2.0 ** (8 * wide.itemsize - 1)
    truncated = jnp.trunc(x)
    valid = (truncated >= -limit) & (truncated < limit)  # False for nan
    converted = jnp.where(valid, truncated, jnp.zeros_like(truncated)).astype(wide)
    converted = jnp.where(valid, converted, np.iinfo(wide).min)
    return converted.astype(target)


def _convert(x, target):
    """x as NumPy dtype `target`, with TensorFlow's conversion rules."""
    x = _drop_imaginary(x, target)
    if jnp.issubdtype(x.dtype, jnp.floating) and target.kind in "iu" and target not in (np.uint32, np.uint64):
        return _float_to_integer(x, target)
    return x.astype(target)


def _cast_impl(x, DstT):
    return _convert(x, DstT.np_dtype)


def _cast_grad(ctx, grad):
    # TensorFlow: gradients flow through casts between floating/complex types only; a cast to or from
    # an integer type stops them (None, not zeros).
    source = ctx.inputs[0].dtype
    if grad is None or source not in _INEXACT or ctx.attrs["DstT"] not in _INEXACT:
        return [None]
    return [cast(grad, source)]


_CAST = defop("Cast", _cast_impl, inputs=["x: SrcT"], types={"SrcT": _ALL_DEVICE}, grad=_cast_grad)


def cast(x, dtype, name=None):
    """Casts `x` to `dtype`; float -> int truncates toward zero, complex -> real keeps the real part."""
    x = tensor(x)
    dtype = dtypes.as_dtype(dtype)
    if x.dtype is dtype:
        return x
    if (x.dtype is dtypes.string) != (dtype is dtypes.string):
        raise op_error(UnimplementedError, "Cast", f"Cast {x.dtype.name} to {dtype.name} is not supported")
    return execute(_CAST, [x], {"DstT": dtype}, name)


def _saturate_cast_impl(value, low, high, DstT):
    value = _drop_imaginary(value, DstT.np_dtype)
    if low is not None:
        value = jnp.clip(value, low, high)
    return _convert(value, DstT.np_dtype)


_SATURATE_CAST = defop("SaturateCast", _saturate_cast_impl, inputs=["value: T"], types={"T": _NUMERIC})


def _range_of(dtype: dtypes.DType):
    """(lowest, highest) finite values of a real dtype."""
    if dtype.is_floating:
        info = ml_dtypes.finfo(dtype.np_dtype) if dtype is dtypes.bfloat16 else np.finfo(dtype.np_dtype)
        return info.min, info.max
    return dtype.min, dtype.max  # (not `limits`, which clips the minimum to 0 like TensorFlow's)


def _representable_bound(bound, source: dtypes.DType):
    """`bound` (an int or float limit of the target type) as a value of `source` that does not round
    beyond it: float32(2**31 - 1) rounds up to 2**31, which no longer fits an int32."""
    if not (source.is_floating or source.is_complex):
        return int(bound)
    real_type = source.real_dtype.np_dtype
    value = real_type.type(bound)
    # Compare exactly: as Python floats, 2**63 - 1 and float32(2**63) look equal.
    exact = int(value) if isinstance(bound, (int, np.integer)) else float(value)
    if builtins.abs(exact) > builtins.abs(bound):
        value = np.nextafter(value, real_type.type(0))
    return float(value)


def saturate_cast(value, dtype, name=None):
    """Casts `value` to `dtype`, clamping it to the target's range first (no wrap-around or inf).

    Raises:
      TypeError: `dtype` has no numeric range (bool, string).
    """
    x = tensor(value)
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_numeric:
        raise TypeError(f"Cannot find minimum value of {dtype!r} with type {dtype!r}.")
    low = high = None
    if not dtype.is_complex:
        source = x.dtype.real_dtype
        target_low, target_high = _range_of(dtype)
        source_low, source_high = _range_of(source)
        # Clamp only where the target range is narrower than the source's.
        if float(target_low) > float(source_low) or float(target_high) < float(source_high):
            low = _representable_bound(max(target_low, source_low), x.dtype)
            high = _representable_bound(min(target_high, source_high), x.dtype)
    if x.dtype is dtype:
        return x
    return execute(_SATURATE_CAST, [x], {"low": low, "high": high, "DstT": dtype}, name)


def _bitcast_impl(x, type):  # noqa: A002 - TensorFlow's attribute name
    return lax.bitcast_convert_type(x, type.np_dtype)


_BITCAST = defop("Bitcast", _bitcast_impl, inputs=["input: T"], types={"T": _NUMERIC}, differentiable=False)


def bitcast(input, type, name=None):  # noqa: A002 - TensorFlow's argument names
    """Reinterprets the bytes of `input` as `type`. A wider type consumes the last dimension (which must
    equal the size ratio); a narrower one adds a last dimension of that ratio.

    Raises:
      InvalidArgumentError: the last dimension does not match the size ratio.
    """
    x = tensor(input)
    type = dtypes.as_dtype(type)  # noqa: A001
    if not type.is_numeric:
        raise invalid("Bitcast", f"Cannot bitcast to {type.name}")
    ratio = type.size / x.dtype.size
    if ratio > 1:
        dims = x.shape.as_list()
        if not dims or dims[-1] != int(ratio):
            raise invalid(
                "Bitcast",
                f"Cannot bitcast {x.dtype.name} to {type.name}: the last dimension of "
                f"shape {dims} must be {int(ratio)}",
            )
    return execute(_BITCAST, [x], {"type": type}, name)
