"""Element-wise mathematical functions: exponentials and logarithms, trigonometric and hyperbolic
functions, sigmoid and softplus, special functions (erf, gamma, Bessel), polynomials and
monotonicity tests, sign and magnitude, rounding, and nan/inf tests.

Rounding and the nan/inf tests have no gradient in TensorFlow, so they are not recorded on tapes;
the gradient of `abs` is TensorFlow's (0 at x == 0), carried by a `jax.custom_jvp`.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
from jax import lax

from lamina.ops._elementwise import (
    _FLOAT,
    _INEXACT,
    _NUMERIC,
    _REAL,
    _SIGNED,
    _SIGNED_REAL,
    _matching_operands,
)
from lamina.ops._op import defop, dtypes, execute, tensor

# ---- exponentials, logarithms, trigonometry -----------------------------------------------------
_EXP = defop("Exp", jnp.exp, inputs=["x: T"], types={"T": _INEXACT})


def exp(x, name=None):
    """e ** x element-wise."""
    return execute(_EXP, [tensor(x)], None, name)


_EXPM1 = defop("Expm1", jnp.expm1, inputs=["x: T"], types={"T": _INEXACT})


def expm1(x, name=None):
    """exp(x) - 1 element-wise, accurate near 0."""
    return execute(_EXPM1, [tensor(x)], None, name)


_LOG = defop("Log", jnp.log, inputs=["x: T"], types={"T": _INEXACT})


def log(x, name=None):
    """Natural logarithm element-wise."""
    return execute(_LOG, [tensor(x)], None, name)


_LOG1P = defop("Log1p", jnp.log1p, inputs=["x: T"], types={"T": _INEXACT})


def log1p(x, name=None):
    """log(1 + x) element-wise, accurate near 0."""
    return execute(_LOG1P, [tensor(x)], None, name)


_SIN = defop("Sin", jnp.sin, inputs=["x: T"], types={"T": _INEXACT})


def sin(x, name=None):
    """Sine element-wise."""
    return execute(_SIN, [tensor(x)], None, name)


_COS = defop("Cos", jnp.cos, inputs=["x: T"], types={"T": _INEXACT})


def cos(x, name=None):
    """Cosine element-wise."""
    return execute(_COS, [tensor(x)], None, name)


_TAN = defop("Tan", jnp.tan, inputs=["x: T"], types={"T": _INEXACT})


def tan(x, name=None):
    """Tangent element-wise."""
    return execute(_TAN, [tensor(x)], None, name)


_ASIN = defop("Asin", jnp.arcsin, inputs=["x: T"], types={"T": _INEXACT})


def asin(x, name=None):
    """Inverse sine element-wise."""
    return execute(_ASIN, [tensor(x)], None, name)


_ACOS = defop("Acos", jnp.arccos, inputs=["x: T"], types={"T": _INEXACT})


def acos(x, name=None):
    """Inverse cosine element-wise."""
    return execute(_ACOS, [tensor(x)], None, name)


_ATAN = defop("Atan", jnp.arctan, inputs=["x: T"], types={"T": _INEXACT})


def atan(x, name=None):
    """Inverse tangent element-wise."""
    return execute(_ATAN, [tensor(x)], None, name)


_ATAN2 = defop("Atan2", jnp.arctan2, inputs=["y: T", "x: T"], types={"T": _FLOAT})


def atan2(y, x, name=None):
    """The angle of the point (x, y), in [-pi, pi], element-wise."""
    y, x = _matching_operands(y, x)
    return execute(_ATAN2, [y, x], None, name)


_SINH = defop("Sinh", jnp.sinh, inputs=["x: T"], types={"T": _INEXACT})


def sinh(x, name=None):
    """Hyperbolic sine element-wise."""
    return execute(_SINH, [tensor(x)], None, name)


_COSH = defop("Cosh", jnp.cosh, inputs=["x: T"], types={"T": _INEXACT})


def cosh(x, name=None):
    """Hyperbolic cosine element-wise."""
    return execute(_COSH, [tensor(x)], None, name)


_TANH = defop("Tanh", jnp.tanh, inputs=["x: T"], types={"T": _INEXACT})


def tanh(x, name=None):
    """Hyperbolic tangent element-wise."""
    return execute(_TANH, [tensor(x)], None, name)


_ASINH = defop("Asinh", jnp.arcsinh, inputs=["x: T"], types={"T": _INEXACT})


def asinh(x, name=None):
    """Inverse hyperbolic sine element-wise."""
    return execute(_ASINH, [tensor(x)], None, name)


_ACOSH = defop("Acosh", jnp.arccosh, inputs=["x: T"], types={"T": _INEXACT})


def acosh(x, name=None):
    """Inverse hyperbolic cosine element-wise."""
    return execute(_ACOSH, [tensor(x)], None, name)


_ATANH = defop("Atanh", jnp.arctanh, inputs=["x: T"], types={"T": _INEXACT})


def atanh(x, name=None):
    """Inverse hyperbolic tangent element-wise."""
    return execute(_ATANH, [tensor(x)], None, name)


_SIGMOID = defop("Sigmoid", lax.logistic, inputs=["x: T"], types={"T": _INEXACT})


def sigmoid(x, name=None):
    """1 / (1 + exp(-x)) element-wise."""
    return execute(_SIGMOID, [tensor(x)], None, name)


_SOFTPLUS = defop("Softplus", jax.nn.softplus, inputs=["features: T"], types={"T": _FLOAT})


def softplus(features, name=None):
    """log(exp(features) + 1) element-wise, computed without overflow."""
    return execute(_SOFTPLUS, [tensor(features)], None, name)


_ERF = defop("Erf", lax.erf, inputs=["x: T"], types={"T": _FLOAT})


def erf(x, name=None):
    """The Gauss error function element-wise."""
    return execute(_ERF, [tensor(x)], None, name)


_ERFC = defop("Erfc", lax.erfc, inputs=["x: T"], types={"T": _FLOAT})


def erfc(x, name=None):
    """The complementary error function 1 - erf(x) element-wise."""
    return execute(_ERFC, [tensor(x)], None, name)


_LGAMMA = defop("Lgamma", lax.lgamma, inputs=["x: T"], types={"T": _FLOAT})


def lgamma(x, name=None):
    """log(|Gamma(x)|) element-wise."""
    return execute(_LGAMMA, [tensor(x)], None, name)


_DIGAMMA = defop("Digamma", lax.digamma, inputs=["x: T"], types={"T": _FLOAT})


def digamma(x, name=None):
    """The derivative of lgamma (the psi function) element-wise."""
    return execute(_DIGAMMA, [tensor(x)], None, name)


_ERFINV = defop("Erfinv", lax.erf_inv, inputs=["x: T"], types={"T": _FLOAT})


def erfinv(x, name=None):
    """The inverse of erf on (-1, 1) element-wise."""
    return execute(_ERFINV, [tensor(x)], None, name)


_NDTRI = defop("Ndtri", jax.scipy.special.ndtri, inputs=["x: T"], types={"T": _FLOAT})


def ndtri(x, name=None):
    """The inverse of the standard normal CDF on (0, 1) element-wise."""
    return execute(_NDTRI, [tensor(x)], None, name)


# log(sigmoid(x)) = -softplus(-x): one op, accurate for large |x|.
_LOG_SIGMOID = defop("LogSigmoid", jax.nn.log_sigmoid, inputs=["x: T"], types={"T": _FLOAT})


def log_sigmoid(x, name=None):
    """log(1 / (1 + exp(-x))) element-wise, without overflow."""
    return execute(_LOG_SIGMOID, [tensor(x)], None, name)


_BESSEL_I0E = defop("BesselI0e", jax.scipy.special.i0e, inputs=["x: T"], types={"T": _FLOAT})
_BESSEL_I1E = defop("BesselI1e", jax.scipy.special.i1e, inputs=["x: T"], types={"T": _FLOAT})
_BESSEL_I0 = defop("BesselI0", jax.scipy.special.i0, inputs=["x: T"], types={"T": _FLOAT})
_BESSEL_I1 = defop("BesselI1", jax.scipy.special.i1, inputs=["x: T"], types={"T": _FLOAT})


def bessel_i0e(x, name=None):
    """The exponentially scaled modified Bessel function of order 0: exp(-|x|) * I0(x)."""
    return execute(_BESSEL_I0E, [tensor(x)], None, name)


def bessel_i1e(x, name=None):
    """The exponentially scaled modified Bessel function of order 1: exp(-|x|) * I1(x)."""
    return execute(_BESSEL_I1E, [tensor(x)], None, name)


def bessel_i0(x, name=None):
    """The modified Bessel function of the first kind of order 0."""
    return execute(_BESSEL_I0, [tensor(x)], None, name)


def bessel_i1(x, name=None):
    """The modified Bessel function of the first kind of order 1."""
    return execute(_BESSEL_I1, [tensor(x)], None, name)


_NEXT_AFTER = defop(
    "NextAfter",
    jnp.nextafter,
    inputs=["x1: T", "x2: T"],
    types={"T": {dtypes.float32, dtypes.float64}},
    differentiable=False,
)


def nextafter(x1, x2, name=None):
    """The next representable float after x1 in the direction of x2, element-wise."""
    x1, x2 = _matching_operands(x1, x2)
    return execute(_NEXT_AFTER, [x1, x2], None, name)


def _polyval_impl(coeffs, x):
    result = jnp.zeros_like(x) if not coeffs else coeffs[0] + jnp.zeros_like(x)
    for coefficient in coeffs[1:]:  # Horner's scheme
        result = result * x + coefficient
    return result


_POLYVAL = defop("Polyval", _polyval_impl, inputs=["*coeffs: T", "x: T"], types={"T": _NUMERIC})


def polyval(coeffs, x, name=None):
    """coeffs[0] * x**(n-1) + ... + coeffs[n-1], element-wise in x (coefficients broadcast against x)."""
    if not isinstance(coeffs, (list, tuple)):
        raise ValueError(f"Argument coeffs must be list type found {type(coeffs)}.")
    x = tensor(x)
    coefficients = [_matching_operands(c, x)[0] for c in coeffs]
    return execute(_POLYVAL, [coefficients, x], None, name)


def _monotonic_impl(strict):
    def impl(x):
        flat = x.reshape(-1)
        steps = flat[1:] - flat[:-1] if flat.dtype != jnp.bool_ else flat[1:].astype(jnp.int8) - flat[:-1]
        return jnp.all(steps > 0) if strict else jnp.all(steps >= 0)

    return impl


_IS_NON_DECREASING = defop(
    "IsNonDecreasing", _monotonic_impl(False), inputs=["x: T"], types={"T": _REAL}, differentiable=False
)
_IS_STRICTLY_INCREASING = defop(
    "IsStrictlyIncreasing", _monotonic_impl(True), inputs=["x: T"], types={"T": _REAL}, differentiable=False
)


def _comparable_elements(x):
    x = tensor(x)
    if not x.dtype.is_numeric or x.dtype.is_complex:
        raise TypeError(f"Expected x to be numeric, not complex; received dtype {x.dtype.name}.")
    return x


def is_non_decreasing(x, name=None):
    """True if the elements of `x`, in row-major order, never decrease (True for fewer than 2)."""
    x = _comparable_elements(x)
    return execute(_IS_NON_DECREASING, [x], None, name)


def is_strictly_increasing(x, name=None):
    """True if the elements of `x`, in row-major order, always increase (True for fewer than 2)."""
    x = _comparable_elements(x)
    return execute(_IS_STRICTLY_INCREASING, [x], None, name)


# ---- sign, magnitude and rounding ---------------------------------------------------------------
@jax.custom_jvp
def _abs(x):
    return jnp.abs(x)


# TensorFlow's gradient of |x| is sign(x): 0 at x == 0 (JAX would pick 1), and conj(x)/|x| projected
# on the real line for complex x (0 at 0 instead of nan).
_abs.defjvps(
    lambda tangent, result, x: (
        jnp.real(jnp.conj(jnp.sign(x)) * tangent)
        if jnp.issubdtype(x.dtype, jnp.complexfloating)
        else tangent * jnp.sign(x)
    )
)

_ABS = defop("Abs", _abs, inputs=["x: T"], types={"T": _SIGNED_REAL})
_COMPLEX_ABS = defop("ComplexAbs", _abs, inputs=["x: T"], types={"T": dtypes.COMPLEX})


def abs(x, name=None):  # noqa: A001 - TensorFlow's public name
    """|x| element-wise; for complex x, the magnitude as a float32/float64 tensor."""
    x = tensor(x)
    return execute(_COMPLEX_ABS if x.dtype.is_complex else _ABS, [x], None, name)


def _sign_impl(x):
    if jnp.issubdtype(x.dtype, jnp.floating):
        # sign(-0.0) is 0.0 in TensorFlow, not -0.0 (and XLA folds `+ 0` away, so select instead).
        return jnp.where(x == 0, jnp.zeros_like(x), jnp.sign(x))
    return jnp.sign(x)


_SIGN = defop("Sign", _sign_impl, inputs=["x: T"], types={"T": _SIGNED})


def sign(x, name=None):
    """-1, 0 or 1 by the sign of x (nan for nan); x / |x| for complex x (0 at 0)."""
    return execute(_SIGN, [tensor(x)], None, name)


def _round_impl(x):
    if jnp.issubdtype(x.dtype, jnp.integer):
        return x
    return jnp.round(x)  # half to even, like TensorFlow


# Rounding ops have no gradient in TensorFlow (None, not zeros), so they are not recorded on tapes.
_ROUND = defop("Round", _round_impl, inputs=["x: T"], types={"T": _SIGNED_REAL}, differentiable=False)


def round(x, name=None):  # noqa: A001 - TensorFlow's public name
    """Rounds to the nearest integer, halves to even (banker's rounding): 0.5 -> 0, 1.5 -> 2."""
    return execute(_ROUND, [tensor(x)], None, name)


_RINT = defop("Rint", jnp.rint, inputs=["x: T"], types={"T": _FLOAT}, differentiable=False)


def rint(x, name=None):
    """Rounds to the nearest integer, halves to even."""
    return execute(_RINT, [tensor(x)], None, name)


_FLOOR = defop("Floor", jnp.floor, inputs=["x: T"], types={"T": _FLOAT}, differentiable=False)


def floor(x, name=None):
    """The largest integer not greater than x, element-wise."""
    return execute(_FLOOR, [tensor(x)], None, name)


_CEIL = defop("Ceil", jnp.ceil, inputs=["x: T"], types={"T": _FLOAT}, differentiable=False)


def ceil(x, name=None):
    """The smallest integer not less than x, element-wise."""
    return execute(_CEIL, [tensor(x)], None, name)


_IS_NAN = defop("IsNan", jnp.isnan, inputs=["x: T"], types={"T": _FLOAT}, differentiable=False)


def is_nan(x, name=None):
    """True where x is nan."""
    return execute(_IS_NAN, [tensor(x)], None, name)


_IS_INF = defop("IsInf", jnp.isinf, inputs=["x: T"], types={"T": _FLOAT}, differentiable=False)


def is_inf(x, name=None):
    """True where x is +inf or -inf."""
    return execute(_IS_INF, [tensor(x)], None, name)


_IS_FINITE = defop("IsFinite", jnp.isfinite, inputs=["x: T"], types={"T": _FLOAT}, differentiable=False)


def is_finite(x, name=None):
    """True where x is neither inf nor nan."""
    return execute(_IS_FINITE, [tensor(x)], None, name)
