"""Debugging ops: `tf.debugging.check_numerics`, `Assert` and the `assert_*` family.

A failing assertion raises InvalidArgumentError with the user's message and the values involved;
a passing one returns None, like TensorFlow 2 in eager mode. Checks that depend on values are
ops (`Assert`, `AssertCompare`, `CheckNumerics`) so that they also run when a compiled graph
runs; checks on static facts (rank, dtype, shape) raise right away, in Python, as TensorFlow does.

The assertion ops are host ops: their implementation compares the values on the host with NumPy
and raises. Their only effect is that check (they have no outputs), and a host op is not
jit-compiled, so it can raise with a message built from the values.
"""

from __future__ import annotations

import collections.abc
import operator

import numpy as np

from lamina._core.callbacks import checked_on_host
from lamina._core.tensor import Tensor
from lamina.ops._op import (
    binary_operands,
    defop,
    dtypes,
    execute,
    invalid,
    static_value,
    tensor,
)


def _summarize(values, summarize) -> str:
    """The first `summarize` elements of `values`, flattened, as NumPy prints them."""
    flat = np.ravel(np.asarray(values))
    return np.array2string(flat[:summarize], threshold=summarize + 1)


def _default_summarize(summarize) -> int:
    # TensorFlow 2 prints the first 3 elements of each tensor by default.
    return 3 if summarize is None else int(summarize)


# ---- check_numerics -----------------------------------------------------------------------------
def _check_numerics_values(tensor, message):
    values = np.asarray(tensor).astype(np.float64)
    has_nan, has_inf = bool(np.isnan(values).any()), bool(np.isinf(values).any())
    if has_nan or has_inf:
        found = " and ".join(kind for kind, present in (("Inf", has_inf), ("NaN", has_nan)) if present)
        raise invalid("CheckNumerics", f"{message} : Tensor had {found} values")


_CHECK_NUMERICS_ON_HOST = checked_on_host(_check_numerics_values)


def _check_numerics_impl(tensor, message):
    _CHECK_NUMERICS_ON_HOST(tensor, message=message)
    return tensor


def _check_numerics_grad(ctx, upstream):
    # TensorFlow checks the gradient flowing back through the op as well.
    message = f"Not a number (NaN) or infinity (Inf) values detected in gradient. {ctx.attrs['message']}"
    return [check_numerics(upstream, message)]


_CHECK_NUMERICS = defop(
    "CheckNumerics",
    _check_numerics_impl,
    inputs=["tensor: T"],
    types={"T": dtypes.FLOATING},
    stateful=True,
    grad=_check_numerics_grad,
)


def check_numerics(tensor_, message, name=None):
    """Returns `tensor_` unchanged; raises InvalidArgumentError naming `message` if it holds NaN or Inf.

    Args:
      tensor_: a floating-point tensor.
      message: the text that prefixes the error message.

    Returns:
      `tensor_`, as a new tensor (its gradient is checked the same way).
    """
    return execute(_CHECK_NUMERICS, [tensor(tensor_)], {"message": str(message)}, name)


def assert_all_finite(x, message, name=None):
    """Raises InvalidArgumentError naming `message` if `x` holds NaN or Inf; returns `x`."""
    return check_numerics(x, message, name)


# ---- Assert -------------------------------------------------------------------------------------
def _format_datum(value, summarize: int) -> str:
    array = np.asarray(value)
    if array.dtype == object:
        flat = array.ravel().tolist()
        return ", ".join(repr(item) for item in flat[:summarize]) + (", ..." if len(flat) > summarize else "")
    flat = array.ravel()
    text = ", ".join(str(item) for item in flat[:summarize].tolist())
    return text + (", ..." if flat.size > summarize else "")


def _assert_impl(condition, data, summarize):
    if not bool(np.asarray(condition).reshape(())):
        summary = "\n".join(_format_datum(value, summarize) for value in data)
        raise invalid("Assert", f"Expected condition to be true. Summarized data: {summary}")
    return ()


_ASSERT = defop(
    "Assert",
    checked_on_host(_assert_impl),
    inputs=["condition: Tcondition", "*data"],
    types={"Tcondition": {dtypes.bool}},
    stateful=True,
    strings=True,
    differentiable=False,
)


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TensorFlow's public name
    """Raises InvalidArgumentError listing `data` if `condition` (a scalar bool) is false.

    Args:
      condition: a scalar boolean (a tensor or a Python bool).
      data: tensors or Python values printed when the condition is false.
      summarize: how many elements of each tensor to print (3 by default).

    Returns:
      None.
    """
    condition = tensor(condition)
    if condition.shape.num_elements() not in (1, None):
        raise ValueError(
            "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all(); "
            f"received a condition of shape {condition.shape}."
        )
    values = [tensor(item) for item in data]
    execute(_ASSERT, [condition, values], {"summarize": _default_summarize(summarize)}, name)


# ---- element-wise comparisons -------------------------------------------------------------------
_COMPARISONS = {
    "equal": (operator.eq, "=="),
    "not_equal": (operator.ne, "!="),
    "less": (operator.lt, "<"),
    "less_equal": (operator.le, "<="),
    "greater": (operator.gt, ">"),
    "greater_equal": (operator.ge, ">="),
}


def _holds(x, y, comparison, tolerance):
    """Element-wise truth of the condition (broadcast), or raises for incompatible shapes."""
    try:
        shape = np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise invalid("AssertCompare", f"Incompatible shapes: {list(x.shape)} vs. {list(y.shape)}") from None
    if comparison == "near":
        atol, rtol = tolerance
        wide = np.complex128 if np.iscomplexobj(x) else np.float64
        holds = np.abs(x.astype(wide) - y.astype(wide)) <= atol + rtol * np.abs(y.astype(wide))
    else:
        holds = _COMPARISONS[comparison][0](x, y)
    return np.broadcast_to(holds, shape)


def _failure_details(x, y, holds, summarize: int) -> list[str]:
    """TensorFlow's eager report: the first failing indices and values (same shapes only), then the
    first elements of x and y."""
    lines = []
    if x.shape == y.shape and x.size:
        failing = np.argwhere(~holds)[:summarize]
        index = tuple(failing.T)
        lines += [
            f"Indices of first {len(failing)} different values:",
            np.array2string(failing),
            "Corresponding x values:",
            np.array2string(x[index]),
            "Corresponding y values:",
            np.array2string(y[index]),
        ]
    for label, values in (("x", x), ("y", y)):
        count = min(summarize, values.size)
        lines += [f"First {count} elements of {label}:", _summarize(values, count)]
    return lines


def _assert_compare_impl(x, y, comparison, condition, message, summarize, tolerance):
    x, y = np.asarray(x), np.asarray(y)
    holds = _holds(x, y, comparison, tolerance)
    if not holds.all():
        lines = ([message] if message else []) + [f"Condition {condition} did not hold."]
        lines += _failure_details(x, y, holds, summarize)
        raise invalid("AssertCompare", "\n".join(lines))
    return ()


# One op for the whole family: the comparison is an attribute. TensorFlow builds each assertion
# from a comparison, a reduce_all and an Assert; here it is one host step.
_ASSERT_COMPARE = defop(
    "AssertCompare",
    checked_on_host(_assert_compare_impl),
    inputs=["x: T", "y: T"],
    stateful=True,
    strings=True,
    differentiable=False,
)


def _assert_compare(x, y, comparison, condition, message, summarize, name, tolerance=None):
    x, y = binary_operands(x, y)
    if comparison not in ("equal", "not_equal") and not (x.dtype.is_floating or x.dtype.is_integer):
        raise invalid("AssertCompare", f"Condition {condition} needs real numbers; received {x.dtype.name}")
    attrs = {
        "comparison": comparison,
        "condition": condition,
        "message": "" if message is None else str(message),
        "summarize": _default_summarize(summarize),
        "tolerance": tolerance,
    }
    execute(_ASSERT_COMPARE, [x, y], attrs, name)


def assert_equal(x, y, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless x == y element-wise (with broadcasting); else returns None."""
    _assert_compare(x, y, "equal", "x == y", message, summarize, name)


def assert_none_equal(x, y, summarize=None, message=None, name=None):
    """Raises InvalidArgumentError unless x != y for every element."""
    _assert_compare(x, y, "not_equal", "x != y", message, summarize, name)


def assert_less(x, y, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless x < y element-wise."""
    _assert_compare(x, y, "less", "x < y", message, summarize, name)


def assert_less_equal(x, y, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless x <= y element-wise."""
    _assert_compare(x, y, "less_equal", "x <= y", message, summarize, name)


def assert_greater(x, y, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless x > y element-wise."""
    _assert_compare(x, y, "greater", "x > y", message, summarize, name)


def assert_greater_equal(x, y, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless x >= y element-wise."""
    _assert_compare(x, y, "greater_equal", "x >= y", message, summarize, name)


def _assert_sign(x, comparison, condition, message, summarize, name):
    x = tensor(x)
    zero = tensor(np.zeros((), x.dtype.np_dtype)) if x.dtype.is_numeric else 0
    _assert_compare(x, zero, comparison, condition, message, summarize, name)


def assert_negative(x, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless every element of x is < 0."""
    _assert_sign(x, "less", "x < 0", message, summarize, name)


def assert_positive(x, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless every element of x is > 0."""
    _assert_sign(x, "greater", "x > 0", message, summarize, name)


def assert_non_negative(x, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless every element of x is >= 0."""
    _assert_sign(x, "greater_equal", "x >= 0", message, summarize, name)


def assert_non_positive(x, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless every element of x is <= 0."""
    _assert_sign(x, "less_equal", "x <= 0", message, summarize, name)


def _tolerance(value, dtype) -> float:
    if value is None:
        return 10 * float(np.finfo(dtype.real_dtype.np_dtype).eps)
    return float(static_value(value))


def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless |x - y| <= atol + rtol * |y| element-wise.

    `rtol` and `atol` default to 10 * eps of the dtype (floating and complex dtypes only).
    """
    x, y = binary_operands(x, y)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        raise ValueError(f"assert_near needs floating or complex tensors; received {x.dtype.name}")
    tolerance = (_tolerance(atol, x.dtype), _tolerance(rtol, x.dtype))
    condition = f"|x - y| <= atol + rtol * |y| (atol={tolerance[0]:g}, rtol={tolerance[1]:g})"
    _assert_compare(x, y, "near", condition, message, summarize, name, tolerance)


# ---- static checks: rank, dtype, shape ----------------------------------------------------------
def _prefix(message) -> str:
    return f"{message}.  " if message else ""


def _static_rank(rank, what="Rank") -> int:
    value = static_value(rank)
    if value is None or np.ndim(value) != 0:
        raise ValueError(f"{what} must be a scalar.")
    return int(value)


def _rank_error(x, message, requirement):
    return ValueError(
        f"{_prefix(message)}Tensor  must have rank {requirement}.  Received rank {x.shape.rank}, "
        f"shape {tuple(x.shape.as_list())}"
    )


def assert_rank(x, rank, message=None, name=None):
    """Raises ValueError unless `x` has rank `rank` (an integer)."""
    x, rank = tensor(x), _static_rank(rank)
    if x.shape.rank is not None and x.shape.rank != rank:
        raise _rank_error(x, message, rank)


def assert_rank_at_least(x, rank, message=None, name=None):
    """Raises ValueError unless `x` has rank >= `rank`."""
    x, rank = tensor(x), _static_rank(rank)
    if x.shape.rank is not None and x.shape.rank < rank:
        raise _rank_error(x, message, f"at least {rank}")


def assert_rank_in(x, ranks, message=None, name=None):
    """Raises ValueError unless the rank of `x` is one of `ranks`."""
    x = tensor(x)
    ranks = tuple(_static_rank(r) for r in ranks)
    if x.shape.rank is not None and x.shape.rank not in ranks:
        raise _rank_error(x, message, f"in {ranks}")


def assert_type(tensor_, tf_type, message=None, name=None):
    """Raises TypeError unless `tensor_` has dtype `tf_type`."""
    tf_type = dtypes.as_dtype(tf_type)
    dtype = tensor_.dtype if hasattr(tensor_, "dtype") else tensor(tensor_).dtype
    if dtype is not tf_type:
        raise TypeError(f"{_prefix(message)}tensor must be of type {tf_type!r}; got {dtype!r}")


def assert_integer(x, message=None, name=None):
    """Raises TypeError unless `x` has an integer dtype."""
    x = tensor(x)
    if not x.dtype.is_integer:
        raise TypeError(
            f'{_prefix(message)}Expected "x" to be integer type.  Found: tensor of dtype {x.dtype.name}'
        )


def assert_scalar(tensor_, message=None, name=None):
    """Raises ValueError unless `tensor_` is a scalar."""
    value = tensor(tensor_)
    if value.shape.rank not in (0, None):
        raise ValueError(
            f"{_prefix(message)}Expected scalar shape, saw shape: {tuple(value.shape.as_list())}."
        )


def assert_proper_iterable(values):
    """Raises TypeError if `values` is a Tensor, an ndarray, a string or not iterable."""
    if isinstance(values, (Tensor, np.ndarray, str, bytes)) or not isinstance(
        values, collections.abc.Iterable
    ):
        raise TypeError(f'Expected argument "values" to be a "proper" iterable.  Found: {type(values)}')


def assert_same_float_dtype(tensors=None, dtype=None):
    """The common floating dtype of `tensors` (and `dtype`); ValueError if they differ or aren't float.

    Returns float32 when neither gives a dtype.
    """
    expected = None if dtype is None else dtypes.as_dtype(dtype)
    reference = f"{expected!r}" if expected is not None else None
    for item in tensors or ():
        if not hasattr(item, "dtype"):
            continue
        if expected is None:
            expected, reference = item.dtype, f"{item!r}"
        elif item.dtype is not expected:
            raise ValueError(
                f"{item!r}, type={item.dtype!r}, must be of the same type ({expected!r}) as {reference}."
            )
    if expected is None:
        return dtypes.float32
    if not expected.is_floating:
        raise ValueError(f"Expected floating point type, got {expected!r}.")
    return expected


def is_numeric_tensor(tensor_) -> bool:
    """True for a Tensor of a numeric dtype (not bool, not string)."""
    return isinstance(tensor_, Tensor) and tensor_.dtype.is_numeric


def _parse_spec(spec):
    """(has a leading ellipsis, the remaining dimension entries) of one shape spec."""
    dims = list(spec)
    leading = bool(dims) and (dims[0] is Ellipsis or dims[0] == "*")
    return leading, dims[1:] if leading else dims


def _tensor_description(x) -> str:
    return f"Tensor shape={tuple(x.shape.as_list())} dtype={x.dtype.name}"


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks tensors' shapes against specs whose named dimensions must agree across tensors.

    Args:
      shapes: (tensor, spec) pairs or a {tensor: spec} mapping. A spec lists dimensions: ints,
        names ("N") that must have one size across all tensors, None or "." (any size), and an
        optional leading `...` or "*" for any number of outer dimensions. A scalar tensor and an
        empty spec both count as one dimension of size 1.

    Raises:
      ValueError: a rank or a dimension does not match.
    """
    pairs = shapes.items() if isinstance(shapes, collections.abc.Mapping) else shapes
    known: dict = {}
    for x, spec in pairs:
        x = tensor(x)
        if x.shape.rank is None:
            continue
        leading, dims = _parse_spec(spec)
        actual = x.shape.as_list() or [1]
        # A scalar counts as one dimension of size 1, so specs of length 0 or 1 accept ranks 0 and 1.
        if not leading and x.shape.rank not in ((0, 1) if len(dims) <= 1 else (len(dims),)):
            raise _rank_error(x, message, "in (0, 1)" if len(dims) <= 1 else len(dims))
        dims = dims or [1]
        if len(actual) < len(dims):
            raise _rank_error(x, message, f"at least {len(dims)}")
        offset = len(actual) - len(dims)
        for axis, dim in enumerate(dims, offset):
            _check_dimension(x, axis, dim, actual[axis], known, message)


def _check_dimension(x, axis, dim, size, known, message):
    if dim is None or dim == "." or size is None:
        return
    if isinstance(dim, str):
        expected, origin = known.setdefault(
            dim, (size, f"Specified by {_tensor_description(x)} dimension {axis}")
        )
        origin = origin.replace("Specified by Tensor", "Specified by tensor")
    else:
        expected, origin = int(dim), "Specified explicitly"
    if size != expected:
        raise ValueError(
            f"{_prefix(message)}{origin}.  {_tensor_description(x)} dimension {axis} must have size "
            f"{expected}.  Received size {size}, shape {tuple(x.shape.as_list())}"
        )
