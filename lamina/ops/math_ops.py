"""Element-wise arithmetic: add, subtract, multiply, division in its TensorFlow flavours, powers and
roots, maximum/minimum, complex parts, and L2 normalization.

TensorFlow's dtype rules hold here: `/` on integers divides in floating point (float32 for 8/16-bit
integers, float64 for 32/64-bit ones), `//` and `%` round toward minus infinity, and integer
division by zero is an error rather than a garbage value.

Where TensorFlow's gradient differs from what JAX would derive (ties in maximum and minimum, `pow`
with a non-positive base, `multiply_no_nan`, sqrt/rsqrt/reciprocal under a zero gradient), the
implementation carries the rule itself (a `jax.custom_jvp` / `custom_vjp` or a formulation whose
derivative is TensorFlow's), so the op stays one compiled call and its default VJP is TensorFlow's
gradient.
"""

from __future__ import annotations

import operator

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from lamina.ops._elementwise import (
    _INEXACT,
    _NUMERIC,
    _REAL,
    _SIGNED,
    _STRING,
    _is_host_strings,
    _is_integer_array,
    _is_tensor_like,
    _matching_operands,
    _nonzero_divisor_check,
    _same_dtype_operands,
)
from lamina.ops._op import (
    binary_operands,
    canonical_axis,
    defop,
    dtypes,
    execute,
    invalid,
    static_ints,
    tensor,
)
from lamina.ops.cast_ops import cast

# `/` on integers: TensorFlow casts both operands to this float type first.
_TRUEDIV_FLOAT = {
    dtypes.int8: dtypes.float32,
    dtypes.uint8: dtypes.float32,
    dtypes.int16: dtypes.float32,
    dtypes.uint16: dtypes.float32,
    dtypes.int32: dtypes.float64,
    dtypes.uint32: dtypes.float64,
    dtypes.int64: dtypes.float64,
    dtypes.uint64: dtypes.float64,
}


# ---- arithmetic ---------------------------------------------------------------------------------


def _add_impl(x, y):
    if _is_host_strings(x):
        # `+` on string tensors concatenates (on the host, where strings live).
        return np.asarray(np.frompyfunc(operator.add, 2, 1)(x, y), dtype=object)
    return x + y


_ADD = defop("AddV2", _add_impl, inputs=["x: T", "y: T"], types={"T": _NUMERIC | _STRING}, strings=True)


def add(x, y, name=None):
    """x + y element-wise, with NumPy broadcasting (concatenation for strings). Both must have the
    same dtype."""
    x, y = binary_operands(x, y)
    return execute(_ADD, [x, y], None, name)


_SUB = defop("Sub", lambda x, y: x - y, inputs=["x: T", "y: T"], types={"T": _NUMERIC})


def subtract(x, y, name=None):
    """x - y element-wise, with NumPy broadcasting."""
    x, y = _matching_operands(x, y)
    return execute(_SUB, [x, y], None, name)


_MUL = defop("Mul", lambda x, y: x * y, inputs=["x: T", "y: T"], types={"T": _NUMERIC})


def multiply(x, y, name=None):
    """x * y element-wise, with NumPy broadcasting."""
    x, y = _matching_operands(x, y)
    return execute(_MUL, [x, y], None, name)


def scalar_mul(scalar, x, name=None):
    """Multiplies `x` by a scalar (a 0-D value converted to `x`'s dtype)."""
    x = tensor(x)
    scalar = tensor(scalar, dtype=x.dtype) if not _is_tensor_like(scalar) else tensor(scalar)
    if scalar.shape.rank != 0:
        raise ValueError(f"The input scalar must be a 0-D value. Received shape {scalar.shape}.")
    return multiply(scalar, x, name)


_NEG = defop("Neg", lambda x: -x, inputs=["x: T"], types={"T": _SIGNED})


def negative(x, name=None):
    """-x element-wise."""
    return execute(_NEG, [tensor(x)], None, name)


_ADD_N = defop(
    "AddN", lambda inputs: sum(inputs[1:], inputs[0]), inputs=["*inputs: T"], types={"T": _NUMERIC}
)


def add_n(inputs, name=None):
    """Sums a list of tensors of the same shape and dtype."""
    if not inputs:
        raise ValueError("inputs must be a non-empty list of tensors, got []")
    first = tensor(inputs[0])
    return execute(_ADD_N, [[first] + [tensor(x, dtype_hint=first.dtype) for x in inputs[1:]]], None, name)


# ---- division -----------------------------------------------------------------------------------
_REAL_DIV = defop("RealDiv", lambda x, y: x / y, inputs=["x: T", "y: T"], types={"T": _INEXACT})


def realdiv(x, y, name=None):
    """x / y for floating and complex tensors (`tf.realdiv`)."""
    x, y = _matching_operands(x, y)
    return execute(_REAL_DIV, [x, y], None, name)


def truediv(x, y, name=None):
    """x / y in floating point: integer operands are cast to float32 (8/16-bit) or float64 first.

    Raises:
      TypeError: `x` and `y` have different dtypes.
    """
    x, y = _same_dtype_operands(x, y)
    target = _TRUEDIV_FLOAT.get(x.dtype)
    if target is not None:
        x, y = cast(x, target), cast(y, target)
    return execute(_REAL_DIV, [x, y], None, name)


def divide(x, y, name=None):
    """x / y with Python 3 division semantics (`tf.divide`): the same as `truediv`."""
    return truediv(x, y, name)


def _floordiv_impl(x, y):
    if jnp.issubdtype(x.dtype, jnp.integer):
        return jnp.floor_divide(x, y)
    # TensorFlow defines float floor division as floor(x / y) (so x // 0.0 is +-inf, not nan).
    return jnp.floor(x / y)


_FLOOR_DIV = defop(
    "FloorDiv",
    _floordiv_impl,
    inputs=["x: T", "y: T"],
    types={"T": _REAL},
    validate=_nonzero_divisor_check("FloorDiv"),
    differentiable=False,
)


def floordiv(x, y, name=None):
    """x // y element-wise, rounding toward minus infinity (`floor(x / y)` for floats)."""
    x, y = _matching_operands(x, y)
    return execute(_FLOOR_DIV, [x, y], None, name)


# jnp.remainder is TensorFlow's FloorMod: fmod, then shifted by y when the signs differ, so the result
# takes the divisor's sign; JAX's derivative (dx: 1, dy: -floor(x / y)) is TensorFlow's too.
_FLOOR_MOD = defop(
    "FloorMod",
    jnp.remainder,
    inputs=["x: T", "y: T"],
    types={"T": _REAL},
    validate=_nonzero_divisor_check("FloorMod"),
)


def floormod(x, y, name=None):
    """Remainder of floor division: `x - floor(x / y) * y`, with the sign of `y`."""
    x, y = _matching_operands(x, y)
    return execute(_FLOOR_MOD, [x, y], None, name)


mod = floormod


def _truncatediv_impl(x, y):
    if jnp.issubdtype(x.dtype, jnp.integer):
        return lax.div(*jnp.broadcast_arrays(x, y))  # C semantics: rounds toward zero
    return jnp.trunc(x / y)


_TRUNCATE_DIV = defop(
    "TruncateDiv",
    _truncatediv_impl,
    inputs=["x: T", "y: T"],
    types={"T": _REAL},
    validate=_nonzero_divisor_check("TruncateDiv", internal=True),
    differentiable=False,
)


def truncatediv(x, y, name=None):
    """x / y rounded toward zero (C semantics)."""
    x, y = _matching_operands(x, y)
    return execute(_TRUNCATE_DIV, [x, y], None, name)


# jnp.fmod is C's `%` for integers and fmod for floats: the result takes the sign of x.
_TRUNCATE_MOD = defop(
    "TruncateMod",
    jnp.fmod,
    inputs=["x: T", "y: T"],
    types={"T": _REAL},
    validate=_nonzero_divisor_check("TruncateMod", internal=True),
    differentiable=False,
)


def truncatemod(x, y, name=None):
    """Remainder of truncated division (C's `%`, `fmod` for floats): the result has the sign of `x`."""
    x, y = _matching_operands(x, y)
    return execute(_TRUNCATE_MOD, [x, y], None, name)


def _divide_no_nan_impl(x, y):
    # The inner where keeps x / 0 out of the graph, so the gradient at y == 0 is 0, not nan.
    safe_y = jnp.where(y == 0, jnp.ones_like(y), y)
    return jnp.where(y == 0, jnp.zeros_like(x), x / safe_y)


_DIV_NO_NAN = defop("DivNoNan", _divide_no_nan_impl, inputs=["x: T", "y: T"], types={"T": _INEXACT})


def divide_no_nan(x, y, name=None):
    """x / y, or 0 where y is 0. Integer operands are divided in floating point, like `truediv`."""
    x, y = _same_dtype_operands(x, y)
    target = _TRUEDIV_FLOAT.get(x.dtype)
    if target is not None:
        x, y = cast(x, target), cast(y, target)
    return execute(_DIV_NO_NAN, [x, y], None, name)


@jax.custom_vjp
def _multiply_no_nan(x, y):
    return jnp.where(y == 0, jnp.zeros_like(x), x * y)


def _multiply_no_nan_forward(x, y):
    return _multiply_no_nan(x, y), (x, y)


def _multiply_no_nan_backward(residuals, grad):
    # TensorFlow: dx = mul_no_nan(grad, y) (0 where y == 0), dy = mul_no_nan(x, grad) (x * grad, even
    # where y == 0: the mask does not stop the gradient reaching y).
    x, y = residuals
    return _multiply_no_nan(grad, y), _multiply_no_nan(x, grad)


_multiply_no_nan.defvjp(_multiply_no_nan_forward, _multiply_no_nan_backward)


def _multiply_no_nan_impl(x, y):
    # custom_vjp rules see same-shaped operands; broadcasting outside lets JAX sum gradients back.
    x, y = jnp.broadcast_arrays(x, y)
    return _multiply_no_nan(x, y)


_MUL_NO_NAN = defop("MulNoNan", _multiply_no_nan_impl, inputs=["x: T", "y: T"], types={"T": _INEXACT})


def multiply_no_nan(x, y, name=None):
    """x * y, or 0 where y is 0 even if x is inf or nan."""
    x, y = _matching_operands(x, y)
    if x.dtype is not y.dtype:
        raise ValueError(f"`x` and `y` must have the same dtype, got {x.dtype!r} != {y.dtype!r}.")
    return execute(_MUL_NO_NAN, [x, y], None, name)


def _xdivy_impl(x, y):
    safe_y = jnp.where(x == 0, jnp.ones_like(y), y)
    return jnp.where(x == 0, jnp.zeros_like(x), x / safe_y)


_XDIVY = defop("Xdivy", _xdivy_impl, inputs=["x: T", "y: T"], types={"T": _INEXACT})


def xdivy(x, y, name=None):
    """x / y, or 0 where x is 0."""
    x, y = _matching_operands(x, y)
    return execute(_XDIVY, [x, y], None, name)


def _xlogy_impl(x, y):
    safe_y = jnp.where(x == 0, jnp.ones_like(y), y)
    return jnp.where(x == 0, jnp.zeros_like(x), x * jnp.log(safe_y))


_XLOGY = defop("Xlogy", _xlogy_impl, inputs=["x: T", "y: T"], types={"T": _INEXACT})


def xlogy(x, y, name=None):
    """x * log(y), or 0 where x is 0."""
    x, y = _matching_operands(x, y)
    return execute(_XLOGY, [x, y], None, name)


def _xlog1py_impl(x, y):
    safe_y = jnp.where(x == 0, jnp.zeros_like(y), y)
    return jnp.where(x == 0, jnp.zeros_like(x), x * jnp.log1p(safe_y))


_XLOG1PY = defop("Xlog1py", _xlog1py_impl, inputs=["x: T", "y: T"], types={"T": _INEXACT})


def xlog1py(x, y, name=None):
    """x * log1p(y), or 0 where x is 0."""
    x, y = _matching_operands(x, y)
    return execute(_XLOG1PY, [x, y], None, name)


# ---- powers -------------------------------------------------------------------------------------
@jax.custom_jvp
def _inexact_pow(x, y):
    return jnp.power(x, y)


@_inexact_pow.defjvp
def _inexact_pow_jvp(primals, tangents):
    x, y = primals
    dx, dy = tangents
    z = jnp.power(x, y)
    slope_x = y * jnp.power(x, y - 1)  # TensorFlow's formula: nan for 0 ** 0, like TensorFlow
    # TensorFlow's rule: d/dy is z * log(x) where log(x) is defined (x > 0; x != 0 for complex), else 0.
    defined = x != 0 if jnp.issubdtype(x.dtype, jnp.complexfloating) else x > 0
    log_x = jnp.where(defined, jnp.log(jnp.where(defined, x, jnp.ones_like(x))), jnp.zeros_like(x))
    return z, slope_x * dx + z * log_x * dy


def _pow_impl(x, y):
    if jnp.issubdtype(x.dtype, jnp.integer):
        return jnp.power(x, y)
    return _inexact_pow(x, y)


def _check_integer_exponent(arrays, attrs):
    exponent = arrays[1]
    if _is_integer_array(exponent) and np.any(np.asarray(exponent) < 0):
        raise invalid("Pow", "Integers to negative integer powers are not allowed")


_POW = defop(
    "Pow", _pow_impl, inputs=["x: T", "y: T"], types={"T": _SIGNED}, validate=_check_integer_exponent
)


def pow(x, y, name=None):  # noqa: A001 - TensorFlow's public name
    """x ** y element-wise. Integer tensors cannot be raised to negative powers."""
    x, y = _matching_operands(x, y)
    return execute(_POW, [x, y], None, name)


_SQUARE = defop("Square", jnp.square, inputs=["x: T"], types={"T": _NUMERIC})


def square(x, name=None):
    """x * x element-wise."""
    return execute(_SQUARE, [tensor(x)], None, name)


def _zero_safe_gradient(function, derivative):
    """`function` whose gradient is 0 wherever the incoming gradient is 0, even where the derivative is
    infinite (TensorFlow's Sqrt, Rsqrt and Reciprocal kernels do this, so that the untaken branch of a
    `where` does not turn the gradient into nan). `derivative(x, y)` is f'(x) given y = f(x)."""

    @jax.custom_vjp
    def safe(x):
        return function(x)

    def forward(x):
        y = function(x)
        return y, (x, y)

    def backward(residuals, grad):
        x, y = residuals
        return (jnp.where(grad == 0, jnp.zeros_like(grad), grad * derivative(x, y)),)

    safe.defvjp(forward, backward)
    return safe


_SQRT = defop(
    "Sqrt", _zero_safe_gradient(jnp.sqrt, lambda x, y: 0.5 / y), inputs=["x: T"], types={"T": _INEXACT}
)


def sqrt(x, name=None):
    """Square root element-wise."""
    return execute(_SQRT, [tensor(x)], None, name)


_RSQRT = defop(
    "Rsqrt",
    _zero_safe_gradient(lax.rsqrt, lambda x, y: -0.5 * y * y * y),
    inputs=["x: T"],
    types={"T": _INEXACT},
)


def rsqrt(x, name=None):
    """1 / sqrt(x) element-wise."""
    return execute(_RSQRT, [tensor(x)], None, name)


_RECIPROCAL = defop(
    "Reciprocal",
    _zero_safe_gradient(jnp.reciprocal, lambda x, y: -y * y),
    inputs=["x: T"],
    types={"T": _INEXACT},
)


def reciprocal(x, name=None):
    """1 / x element-wise."""
    return execute(_RECIPROCAL, [tensor(x)], None, name)


def reciprocal_no_nan(x, name=None):
    """1 / x, or 0 where x is 0."""
    x = tensor(x)
    return divide_no_nan(tensor(1, dtype=x.dtype), x, name)


# ---- maximum, minimum, differences --------------------------------------------------------------
def _maximum_impl(x, y):
    # Written as a select so that the gradient goes to x where x >= y (ties included) and to y
    # elsewhere, as in TensorFlow; JAX's own rule would split ties. A nan in either operand wins.
    take_x = x >= y
    if jnp.issubdtype(x.dtype, jnp.floating):
        take_x = take_x | jnp.isnan(x)
    return jnp.where(take_x, x, y)


def _minimum_impl(x, y):
    take_x = x <= y
    if jnp.issubdtype(x.dtype, jnp.floating):
        take_x = take_x | jnp.isnan(x)
    return jnp.where(take_x, x, y)


_MAXIMUM = defop("Maximum", _maximum_impl, inputs=["x: T", "y: T"], types={"T": _REAL})


def maximum(x, y, name=None):
    """The larger of x and y element-wise (nan if either is nan)."""
    x, y = _matching_operands(x, y)
    return execute(_MAXIMUM, [x, y], None, name)


_MINIMUM = defop("Minimum", _minimum_impl, inputs=["x: T", "y: T"], types={"T": _REAL})


def minimum(x, y, name=None):
    """The smaller of x and y element-wise (nan if either is nan)."""
    x, y = _matching_operands(x, y)
    return execute(_MINIMUM, [x, y], None, name)


def _squared_difference_impl(x, y):
    difference = x - y
    return difference * jnp.conj(difference)


_SQUARED_DIFFERENCE = defop(
    "SquaredDifference",
    _squared_difference_impl,
    inputs=["x: T", "y: T"],
    types={"T": _INEXACT | {dtypes.int32, dtypes.int64}},
)


def squared_difference(x, y, name=None):
    """(x - y) * conj(x - y) element-wise."""
    x, y = _matching_operands(x, y)
    return execute(_SQUARED_DIFFERENCE, [x, y], None, name)


# ZerosLike and OnesLike are looked up by name (zeros_like/ones_like in creation_ops, backprop's
# zero and one gradients); `imag` of a real tensor uses ZerosLike directly.
_ZEROS_LIKE = defop("ZerosLike", lambda x: jnp.zeros_like(x), inputs=["x: T"], differentiable=False)
_ONES_LIKE = defop("OnesLike", lambda x: jnp.ones_like(x), inputs=["x: T"], differentiable=False)


# ---- complex numbers ----------------------------------------------------------------------------
_REAL_PART = defop("Real", jnp.real, inputs=["input: T"], types={"T": dtypes.COMPLEX})


def real(input, name=None):  # noqa: A002 - TensorFlow's argument name
    """The real part of a complex tensor (float32/float64); a real tensor is returned unchanged."""
    x = tensor(input)
    if not x.dtype.is_complex:
        return x
    return execute(_REAL_PART, [x], None, name)


_IMAG_PART = defop("Imag", jnp.imag, inputs=["input: T"], types={"T": dtypes.COMPLEX})


def imag(input, name=None):  # noqa: A002 - TensorFlow's argument name
    """The imaginary part of a complex tensor; zeros for a real tensor."""
    x = tensor(input)
    if not x.dtype.is_complex:
        return execute(_ZEROS_LIKE, [x], None, name)
    return execute(_IMAG_PART, [x], None, name)


_CONJ = defop("Conj", jnp.conj, inputs=["input: T"], types={"T": dtypes.COMPLEX})


def conj(x, name=None):
    """The complex conjugate; a real numeric tensor is returned unchanged."""
    x = tensor(x)
    if x.dtype.is_complex:
        return execute(_CONJ, [x], None, name)
    if x.dtype.is_numeric:
        return x
    raise TypeError(f"Expected numeric or variant tensor, got dtype {x.dtype!r}.")


_ANGLE = defop("Angle", jnp.angle, inputs=["input: T"], types={"T": _INEXACT})


def angle(input, name=None):  # noqa: A002 - TensorFlow's argument name
    """The argument of a complex tensor, in [-pi, pi]; pi for negative reals, 0 otherwise."""
    x = tensor(input)
    if not (x.dtype.is_complex or x.dtype.is_floating):
        raise TypeError(f"Cannot convert {np.pi!r} to EagerTensor of dtype {x.dtype.name}")
    return execute(_ANGLE, [x], None, name)


_COMPLEX = defop(
    "Complex",
    lambda real, imag: lax.complex(*jnp.broadcast_arrays(real, imag)),
    inputs=["real: T", "imag: T"],
    types={"T": {dtypes.float32, dtypes.float64}},
)


def complex(real, imag, name=None):  # noqa: A001 - TensorFlow's public name
    """real + imag * 1j: complex64 from float32 parts, complex128 from float64 parts."""
    real, imag = tensor(real), tensor(imag)
    if real.dtype is not imag.dtype or real.dtype not in (dtypes.float32, dtypes.float64):
        raise TypeError(
            f"The `real` and `imag` components have incorrect types: {real.dtype.name} {imag.dtype.name}. "
            "They must be consistent, and one of [tf.float32, tf.float64]"
        )
    return execute(_COMPLEX, [real, imag], None, name)


# ---- normalization ------------------------------------------------------------------------------
def _l2_normalize_impl(x, axis, epsilon):
    if jnp.issubdtype(x.dtype, jnp.complexfloating):
        squares = jnp.square(jnp.real(x)) + jnp.square(jnp.imag(x))
    else:
        squares = jnp.square(x)
    square_sum = jnp.sum(squares, axis=axis, keepdims=True)
    inverse_norm = lax.rsqrt(jnp.maximum(square_sum, epsilon))
    return x * inverse_norm.astype(x.dtype)


_L2_NORMALIZE = defop("L2Normalize", _l2_normalize_impl, inputs=["x: T"], types={"T": _INEXACT})


def _normalized_axes(axis, rank, op_name):
    if axis is None:
        return None
    axes = static_ints(axis, "axis", op_name)
    axes = (axes,) if isinstance(axes, int) else axes
    if rank is None:
        return tuple(axes)
    return tuple(sorted({canonical_axis(a, rank, op_name) for a in axes}))


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x ** 2, axis), epsilon)): unit L2 norm along `axis` (all axes when None).

    Args:
      x: a floating or complex tensor.
      axis: an int or list of ints; `dim` is its deprecated alias.
      epsilon: lower bound on the squared norm, so that a zero vector does not divide by zero.
    """
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'axis' and 'dim'")
        axis = dim
    x = tensor(x)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        raise TypeError(f"Cannot convert {epsilon!r} to EagerTensor of dtype {x.dtype.name}")
    axes = _normalized_axes(axis, x.shape.rank, "L2Normalize")
    return execute(_L2_NORMALIZE, [x], {"axis": axes, "epsilon": float(epsilon)}, name)
