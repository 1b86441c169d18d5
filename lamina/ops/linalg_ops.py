"""Linear algebra: matmul, einsum, tensordot, norms, transposes, diagonals and cross products.
(Inverses, determinants, solves and factorizations are in linalg_solve_ops.py.)

Decompositions and solves run on JAX's LAPACK-backed kernels. Half-precision inputs are computed in
float32 and cast back, because those kernels have no float16 versions. Where TensorFlow checks the
*result* on the CPU (a singular matrix has no inverse), the public function checks the eager result
after the op ran: the check needs the value, which only exists after the computation.
"""

from __future__ import annotations

import numbers

import jax
import jax.numpy as jnp
import numpy as np

from lamina._core.errors import FailedPreconditionError, NotFoundError, op_error
from lamina.ops._op import (
    EagerTensor,
    canonical_axis,
    defop,
    dtypes,
    execute,
    invalid,
    shape_error,
    static_ints,
    tensor,
)

_FLOAT_COMPLEX = dtypes.FLOATING | dtypes.COMPLEX
# Decompositions: TensorFlow registers them for half, float, double and complex, not bfloat16.
_DECOMPOSABLE = frozenset(
    (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128)
)
_MATMUL_TYPES = frozenset(
    (
        dtypes.bfloat16,
        dtypes.float16,
        dtypes.float32,
        dtypes.float64,
        dtypes.int32,
        dtypes.int64,
        dtypes.complex64,
        dtypes.complex128,
    )
)
_BATCH_MATMUL_TYPES = _MATMUL_TYPES | frozenset(
    (dtypes.int16, dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64)
)
_LOW_PRECISION = (jnp.float16, jnp.bfloat16)


def _widen(x):
    """float16/bfloat16 -> float32 (LAPACK kernels exist only for float32 and wider)."""
    return x.astype(jnp.float32) if x.dtype in _LOW_PRECISION else x


def _adjoint(x):
    return jnp.conj(jnp.swapaxes(x, -1, -2))


def _shape_list(t) -> list:
    return list(t.shape.as_list())


def _dims(shape) -> str:
    return "[" + ",".join(str(d) for d in shape) + "]"


def _require_rank(x, minimum: int, op_name: str, message: str | None = None):
    rank = x.shape.rank
    if rank is not None and rank < minimum:
        raise shape_error(op_name, message or f"Input tensor 0 must have rank >= {minimum}, got {rank}")


def _require_square(x, op_name: str, message: str = "Input matrix must be square."):
    _require_rank(x, 2, op_name)
    shape = _shape_list(x)
    if shape[-1] is not None and shape[-2] is not None and shape[-1] != shape[-2]:
        raise shape_error(op_name, message)


def _not_a_matrix(op_name: str, x):
    return invalid(op_name, f"input must be at least 2-dim, received shape: {_dims(_shape_list(x))}")


def _require_finite(result, op_name: str, message: str):
    """TensorFlow's CPU kernels refuse singular inputs; we see singularity as a non-finite result."""
    values = result if isinstance(result, (list, tuple)) else [result]
    for value in values:
        if isinstance(value, EagerTensor) and not bool(jnp.all(jnp.isfinite(value._value))):
            raise shape_error(op_name, message)
    return result


# ---- matmul -------------------------------------------------------------------------------------
def _matmul_impl(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, Tout=None):
    if transpose_a or adjoint_a:
        a = jnp.swapaxes(a, -1, -2)
        a = jnp.conj(a) if adjoint_a else a
    if transpose_b or adjoint_b:
        b = jnp.swapaxes(b, -1, -2)
        b = jnp.conj(b) if adjoint_b else b
    out_dtype = Tout.np_dtype if Tout is not None else a.dtype
    # Low-precision floats accumulate in float32, like TensorFlow's CPU and GPU kernels.
    accumulate = jnp.float32 if a.dtype in _LOW_PRECISION else out_dtype
    return jnp.matmul(a, b, preferred_element_type=accumulate).astype(out_dtype)


_MATMUL = defop("MatMul", _matmul_impl, inputs=["a: T", "b: T"], types={"T": _MATMUL_TYPES})
_BATCH_MATMUL = defop(
    "BatchMatMulV3", _matmul_impl, inputs=["x: T", "y: T"], types={"T": _BATCH_MATMUL_TYPES}
)
# With an output_type, TensorFlow only has int8/uint8 kernels that widen to int32.
_WIDENING_MATMUL = defop(
    "BatchMatMulV3Widening",
    _matmul_impl,
    inputs=["x: Ta", "y: Tb"],
    types={"Ta": frozenset((dtypes.int8, dtypes.uint8)), "Tb": frozenset((dtypes.int8, dtypes.uint8))},
)


def _check_matmul_shapes(op_name, a_shape, b_shape, transpose_a, transpose_b):
    if len(a_shape) < 2 or len(b_shape) < 2:
        bad = 0 if len(a_shape) < 2 else 1
        raise shape_error(op_name, f"In[{bad}] ndims must be >= 2: {len(a_shape if bad == 0 else b_shape)}")
    for x, y in zip(reversed(a_shape[:-2]), reversed(b_shape[:-2]), strict=False):
        if x is not None and y is not None and x != y and 1 not in (x, y):
            raise shape_error(
                op_name,
                "In[0] and In[1] must have compatible batch dimensions: "
                f"{_dims(a_shape)} vs. {_dims(b_shape)}",
            )
    inner_a = a_shape[-2] if transpose_a else a_shape[-1]
    inner_b = b_shape[-1] if transpose_b else b_shape[-2]
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        raise shape_error(
            op_name, f"Matrix size-incompatible: In[0]: {_dims(a_shape)}, In[1]: {_dims(b_shape)}"
        )


def matmul(
    a,
    b,
    transpose_a=False,
    transpose_b=False,
    adjoint_a=False,
    adjoint_b=False,
    a_is_sparse=False,
    b_is_sparse=False,
    output_type=None,
    name=None,
):
    """Matrix product of the last two dimensions of `a` and `b`; leading (batch) dimensions broadcast.

    `a_is_sparse` / `b_is_sparse` are hints TensorFlow may use for a faster kernel; they do not change
    the result, and XLA picks its own kernel, so they are accepted and ignored.
    """
    if transpose_a and adjoint_a:
        raise ValueError(
            f"Only one of `transpose_a` and `adjoint_a` can be True. Received `transpose_a`="
            f"{transpose_a}, `adjoint_a`={adjoint_a}."
        )
    if transpose_b and adjoint_b:
        raise ValueError(
            f"Only one of `transpose_b` and `adjoint_b` can be True. Received `transpose_b`="
            f"{transpose_b}, `adjoint_b`={adjoint_b}."
        )
    a = tensor(a)
    b = tensor(b, dtype_hint=a.dtype)
    a_shape, b_shape = _shape_list(a), _shape_list(b)
    batched = len(a_shape) > 2 or len(b_shape) > 2 or output_type is not None
    op_name = "BatchMatMulV3" if batched else "MatMul"
    _check_matmul_shapes(op_name, a_shape, b_shape, transpose_a or adjoint_a, transpose_b or adjoint_b)
    attrs = {
        "transpose_a": bool(transpose_a),
        "transpose_b": bool(transpose_b),
        "adjoint_a": bool(adjoint_a),
        "adjoint_b": bool(adjoint_b),
        "Tout": None,
    }
    if output_type is not None:
        output_type = dtypes.as_dtype(output_type)
        if output_type is not a.dtype:
            if output_type is not dtypes.int32 or a.dtype not in (dtypes.int8, dtypes.uint8):
                raise op_error(
                    NotFoundError,
                    "BatchMatMulV3",
                    f"Could not find a kernel for BatchMatMulV3 with Ta={a.dtype.name}, "
                    f"Tb={b.dtype.name}, Tout={output_type.name}",
                )
            attrs["Tout"] = output_type
            return execute(_WIDENING_MATMUL, [a, b], attrs, name)
    return execute(_BATCH_MATMUL if batched else _MATMUL, [a, b], attrs, name)


def _matvec_impl(a, b, transpose_a=False, adjoint_a=False):
    return _matmul_impl(a, b[..., None], transpose_a=transpose_a, adjoint_a=adjoint_a)[..., 0]


_MATVEC = defop("MatVec", _matvec_impl, inputs=["a: T", "b: T"], types={"T": _BATCH_MATMUL_TYPES})


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None):
    """Matrix-vector product: `a` [..., M, N] times `b` [..., N] gives [..., M] (batch dims broadcast)."""
    if transpose_a and adjoint_a:
        raise ValueError(
            f"Only one of `transpose_a` and `adjoint_a` can be True. Received `transpose_a`="
            f"{transpose_a}, `adjoint_a`={adjoint_a}."
        )
    a = tensor(a)
    b = tensor(b, dtype_hint=a.dtype)
    a_shape, b_shape = _shape_list(a), _shape_list(b)
    if len(b_shape) < 1:
        raise shape_error("MatMul", f"In[1] ndims must be >= 1: {len(b_shape)}")
    _check_matmul_shapes("MatMul", a_shape, b_shape + [1], transpose_a or adjoint_a, False)
    return execute(_MATVEC, [a, b], {"transpose_a": bool(transpose_a), "adjoint_a": bool(adjoint_a)}, name)


# ---- einsum / tensordot ---------------------------------------------------------------------------
_EINSUM_TYPES = _MATMUL_TYPES  # TensorFlow registers Einsum for the dtypes of MatMul


def _einsum_impl(inputs, equation):
    dtype = inputs[0].dtype
    accumulate = jnp.float32 if dtype in _LOW_PRECISION else dtype
    return jnp.einsum(equation, *inputs, preferred_element_type=accumulate).astype(dtype)


_EINSUM = defop("Einsum", _einsum_impl, inputs=["*inputs: T"], types={"T": _EINSUM_TYPES})


def _check_einsum_shapes(equation: str, inputs):
    """Same letter, same size (size-1 dimensions broadcast only under an ellipsis, which we skip)."""
    sizes: dict[str, int] = {}
    for spec, x in zip(equation.split("->")[0].split(","), inputs, strict=True):
        if "..." in spec:
            continue
        shape = _shape_list(x)
        for axis, (letter, size) in enumerate(zip(spec.strip(), shape, strict=False)):
            if size is None:
                continue
            if sizes.setdefault(letter, size) != size:
                raise shape_error(
                    "Einsum",
                    f"Expected dimension {sizes[letter]} at axis {axis} of the input "
                    f"shaped {_dims(shape)} but got dimension {size}",
                )


def einsum(equation, *inputs, **kwargs):
    """Tensor contraction over the indices of an Einstein-summation `equation` ("ij,jk->ik")."""
    name = kwargs.pop("name", None)
    kwargs.pop("optimize", None)  # TensorFlow's contraction-order hint; XLA orders contractions itself
    if kwargs:
        raise TypeError(f"Invalid keyword arguments for einsum: {', '.join(kwargs)}")
    equation = equation.replace(" ", "")
    expected = len(equation.split("->")[0].split(","))
    if len(inputs) != expected:
        raise ValueError(f'Got {len(inputs)} inputs for equation "{equation}", expecting {expected}')
    first = tensor(inputs[0])
    tensors = [first] + [tensor(x, dtype_hint=first.dtype) for x in inputs[1:]]
    _check_einsum_shapes(equation, tensors)
    if not all(t.shape.is_fully_defined() for t in tensors):
        # Unknown sizes (a graph's batch dimension): the graph's shape inference checks the equation.
        return execute(_EINSUM, [tensors], {"equation": equation}, name)
    try:
        jax.eval_shape(
            lambda *xs: jnp.einsum(equation, *xs),
            *[jax.ShapeDtypeStruct(tuple(t.shape.as_list()), np.float32) for t in tensors],
        )
    except ValueError as e:
        raise shape_error(
            "Einsum",
            f"Invalid einsum equation {equation!r} for input shapes "
            f"{[tuple(t.shape.as_list()) for t in tensors]}: {e}",
        ) from None
    return execute(_EINSUM, [tensors], {"equation": equation}, name)


def _tensordot_impl(a, b, axes):
    dtype = a.dtype
    accumulate = jnp.float32 if dtype in _LOW_PRECISION else dtype
    return jnp.tensordot(a, b, axes=axes, preferred_element_type=accumulate).astype(dtype)


_TENSORDOT = defop("TensorDot", _tensordot_impl, inputs=["a: T", "b: T"], types={"T": _MATMUL_TYPES})


def _tensordot_axes(axes, a_rank: int, b_rank: int):
    if not isinstance(axes, (list, tuple)) and np.ndim(static_ints(axes, "axes", "TensorDot")) == 0:
        count = static_ints(axes, "axes", "TensorDot")
        if count < 0:
            raise ValueError(f"`axes` must be at least 0. Received: {count}.")
        if count > a_rank:
            raise ValueError(
                f"`axes` must not be larger than the number of dimensions of tensor a. Received "
                f"{count}, vs tensor dimensions {a_rank}."
            )
        return tuple(range(a_rank - count, a_rank)), tuple(range(count))
    if len(axes) != 2:
        raise ValueError(f"`axes` must be an integer or have length 2. Received {axes}.")
    a_axes, b_axes = (static_ints(part, "axes", "TensorDot") for part in axes)
    a_axes = (a_axes,) if isinstance(a_axes, int) else a_axes
    b_axes = (b_axes,) if isinstance(b_axes, int) else b_axes
    if len(a_axes) != len(b_axes):
        raise ValueError(f"Different number of contraction axes `a` and `b`, {len(a_axes)} != {len(b_axes)}.")
    a_axes = tuple(canonical_axis(axis, a_rank, "TensorDot") for axis in a_axes)
    b_axes = tuple(canonical_axis(axis, b_rank, "TensorDot") for axis in b_axes)
    return a_axes, b_axes


def tensordot(a, b, axes, name=None):
    """Sums the products of `a` and `b` over `axes` (an int N: last N of `a` with first N of `b`; or a
    pair of axis lists)."""
    a = tensor(a)
    b = tensor(b, dtype_hint=a.dtype)
    a_shape, b_shape = _shape_list(a), _shape_list(b)
    a_axes, b_axes = _tensordot_axes(axes, len(a_shape), len(b_shape))
    for x, y in zip(a_axes, b_axes, strict=True):
        if a_shape[x] is not None and b_shape[y] is not None and a_shape[x] != b_shape[y]:
            raise shape_error(
                "MatMul",
                f"Matrix size-incompatible: contraction axis {x} of `a` {_dims(a_shape)} "
                f"has size {a_shape[x]} but axis {y} of `b` {_dims(b_shape)} has size "
                f"{b_shape[y]}",
            )
    return execute(_TENSORDOT, [a, b], {"axes": (a_axes, b_axes)}, name)


# ---- norms ----------------------------------------------------------------------------------------
def _vector_norm(x, order, axis, keepdims):
    magnitude = jnp.abs(x)
    if order == "euclidean" or order == 2:
        # sqrt(sum(x * conj(x))) rather than sqrt(sum(|x|^2)): same value, and TensorFlow's gradient
        # at x = 0 (NaN) comes out the same way.
        squared = jnp.real(x * jnp.conj(x)) if jnp.iscomplexobj(x) else x * x
        return jnp.sqrt(jnp.sum(squared, axis=axis, keepdims=keepdims))
    if order == np.inf:
        return jnp.max(magnitude, axis=axis, keepdims=keepdims)
    if order == 1:
        return jnp.sum(magnitude, axis=axis, keepdims=keepdims)
    return jnp.sum(magnitude**order, axis=axis, keepdims=keepdims) ** (1.0 / order)


def _matrix_norm(x, order, axis, keepdims):
    row_axis, column_axis = axis
    if order in ("euclidean", "fro"):
        return _vector_norm(x, "euclidean", axis, keepdims)
    if order == 2:
        moved = jnp.moveaxis(x, (row_axis, column_axis), (-2, -1))
        result = jnp.linalg.svd(_widen(moved), compute_uv=False)[..., 0].astype(jnp.real(x).dtype)
        if keepdims:
            result = jnp.expand_dims(result, tuple(sorted(axis)))
        return result
    # ord 1: max column sum; ord inf: max row sum.
    sum_axis, max_axis = (row_axis, column_axis) if order == 1 else (column_axis, row_axis)
    sums = jnp.sum(jnp.abs(x), axis=sum_axis, keepdims=True)
    result = jnp.max(sums, axis=max_axis, keepdims=True)
    return result if keepdims else jnp.squeeze(result, axis=axis)


def _norm_impl(x, ord, axis, keepdims, matrix):  # noqa: A002
    if matrix:
        result = _matrix_norm(x, ord, axis, keepdims)
    else:
        result = _vector_norm(x, ord, axis, keepdims)
    # TensorFlow's norm keeps the input dtype, complex included (the value is real).
    return result.astype(x.dtype)


_NORM = defop("Norm", _norm_impl, inputs=["tensor: T"], types={"T": _FLOAT_COMPLEX})


def _norm_axis(axis, rank):
    shown = tuple(axis) if isinstance(axis, list) else axis
    bad = ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {shown}")
    if axis is None:
        return None
    if isinstance(axis, numbers.Integral) and not isinstance(axis, bool):
        return (canonical_axis(int(axis), rank, "Norm"),)
    if not isinstance(axis, (list, tuple)) or len(axis) != 2:
        raise bad
    if not all(isinstance(a, numbers.Integral) for a in axis):
        raise bad
    resolved = tuple(canonical_axis(int(a), rank, "Norm") for a in axis)
    if resolved[0] == resolved[1]:
        raise bad
    return resolved


def _is_supported_vector_ord(order):
    return order == "euclidean" or (
        isinstance(order, numbers.Real) and not isinstance(order, bool) and order > 0
    )


def norm(tensor_, ord="euclidean", axis=None, keepdims=None, name=None):  # noqa: A002
    """Vector norm (axis None or an int) or matrix norm (axis a pair) of `tensor_`.

    Vector norms: 'euclidean', 1, 2, np.inf or any real p > 0; with axis=None the whole tensor is one
    vector. Matrix norms: 'euclidean'/'fro', 1, 2 (largest singular value), np.inf.
    """
    x = tensor(tensor_)
    axis_tuple = _norm_axis(axis, x.shape.rank)
    matrix = axis_tuple is not None and len(axis_tuple) == 2
    if matrix:
        if ord not in ("euclidean", "fro", 1, 2, np.inf):
            raise ValueError(
                f"'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got {ord}"
            )
    elif not _is_supported_vector_ord(ord):
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    attrs = {
        "ord": ord if isinstance(ord, str) else float(ord),
        "axis": tuple(range(x.shape.rank)) if axis_tuple is None else axis_tuple,
        "keepdims": bool(keepdims),
        "matrix": matrix,
    }
    return execute(_NORM, [x], attrs, name)


def normalize(tensor_, ord="euclidean", axis=None, name=None):  # noqa: A002
    """Returns (`tensor_` divided by its norm, the norm), the norm kept with keepdims=True."""
    from lamina.ops.math_ops import divide

    x = tensor(tensor_)
    magnitude = norm(x, ord=ord, axis=axis, keepdims=True)
    return divide(x, magnitude, name=name), magnitude


def _lstsq_impl(matrix, rhs, l2_regularizer, fast):
    matrix, rhs = _widen(matrix), _widen(rhs)
    rows, cols = matrix.shape[-2], matrix.shape[-1]
    if not fast:
        solution = jnp.linalg.pinv(matrix) @ rhs
    elif rows >= cols:  # normal equations: (A^H A + l2 I) x = A^H b
        gram = _adjoint(matrix) @ matrix + l2_regularizer * jnp.eye(cols, dtype=matrix.dtype)
        solution = jnp.linalg.solve(gram, _adjoint(matrix) @ rhs)
    else:  # minimum-norm solution: x = A^H (A A^H + l2 I)^-1 b
        gram = matrix @ _adjoint(matrix) + l2_regularizer * jnp.eye(rows, dtype=matrix.dtype)
        solution = _adjoint(matrix) @ jnp.linalg.solve(gram, rhs)
    return solution


_LSTSQ = defop("MatrixSolveLs", _lstsq_impl, inputs=["matrix: T", "rhs: T"], types={"T": _DECOMPOSABLE})


def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """Least-squares solution of matrix @ x = rhs (batched), optionally L2-regularized.

    fast=True solves the regularized normal equations, like TensorFlow; fast=False uses the
    pseudo-inverse (l2_regularizer must then be 0).
    """
    a, b = tensor(matrix), tensor(rhs)
    if a.dtype is not b.dtype:
        raise shape_error(
            "MatrixSolveLs", f"matrix and rhs differ in dtype: {a.dtype.name} vs {{b.dtype.name}}"
        )
    _require_rank(a, 2, "MatrixSolveLs")
    if a.shape[-2] is not None and b.shape[-2] is not None and a.shape[-2] != b.shape[-2]:
        raise shape_error("MatrixSolveLs", f"matrix and rhs differ in rows: shapes {a.shape} and {b.shape}")
    l2 = float(l2_regularizer)
    if not fast and l2 != 0.0:
        raise shape_error("MatrixSolveLs", "fast=False requires l2_regularizer == 0")
    return execute(_LSTSQ, [a, b], {"l2_regularizer": l2, "fast": bool(fast)}, name)


# ---- transposes -----------------------------------------------------------------------------------
def _matrix_transpose_impl(a, conjugate=False):
    swapped = jnp.swapaxes(a, -1, -2)
    return jnp.conj(swapped) if conjugate else swapped


_MATRIX_TRANSPOSE = defop("MatrixTranspose", _matrix_transpose_impl, inputs=["a: T"])


def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Swaps the last two dimensions of `a` (conjugating complex values when `conjugate`)."""
    a = tensor(a)
    if a.shape.rank is not None and a.shape.rank < 2:
        raise ValueError(
            f"Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` = {a} with "
            f"shape: {a.shape}"
        )
    return execute(_MATRIX_TRANSPOSE, [a], {"conjugate": bool(conjugate)}, name)


def adjoint(matrix, name=None):
    """The conjugate transpose of the last two dimensions of `matrix`."""
    return matrix_transpose(matrix, name=name, conjugate=True)


# ---- diagonals ------------------------------------------------------------------------------------
# TensorFlow's MatrixDiag*V3 ops address a band of diagonals k_low..k_high. Diagonal d holds the
# elements (i - min(d, 0), i + max(d, 0)) for i < its length; the band is stored as rows ordered from
# k_high down to k_low, each padded to the longest length. `align` says on which side a short
# superdiagonal (first word) and subdiagonal (second word) sits.
_ALIGNMENTS = ("LEFT_RIGHT", "RIGHT_LEFT", "LEFT_LEFT", "RIGHT_RIGHT")


def _diagonal_length(d: int, rows: int, cols: int) -> int:
    return max(0, min(rows + min(d, 0), cols - max(d, 0)))


def _alignment_offset(d: int, length: int, max_length: int, align: str) -> int:
    super_align, sub_align = align.split("_")
    side = super_align if d > 0 else sub_align
    return max_length - length if side == "RIGHT" else 0


def _band_layout(k_low: int, k_high: int, rows: int, cols: int, align: str):
    """For each (row, col) of a matrix: the flat index into the [num_diags * max_len] band, or -1."""
    max_length = max(_diagonal_length(d, rows, cols) for d in range(k_low, k_high + 1))
    index = np.full((rows, cols), -1, dtype=np.int64)
    for position, d in enumerate(range(k_high, k_low - 1, -1)):
        length = _diagonal_length(d, rows, cols)
        offset = _alignment_offset(d, length, max_length, align)
        for i in range(length):
            index[i - min(d, 0), i + max(d, 0)] = position * max_length + offset + i
    return index, max_length


def _diag_part_impl(x, padding_value, k, align):
    rows, cols = x.shape[-2:]
    k_low, k_high = k
    index, max_length = _band_layout(k_low, k_high, rows, cols, align)
    num_diags = k_high - k_low + 1
    # Invert the layout: for each band slot, the flat matrix element it reads (or -1 for padding).
    source = np.full(num_diags * max_length, -1, dtype=np.int64)
    where = index >= 0
    source[index[where]] = np.flatnonzero(where)
    flat = x.reshape(x.shape[:-2] + (rows * cols,))
    gathered = jnp.take(flat, np.maximum(source, 0), axis=-1)
    band = jnp.where(source >= 0, gathered, padding_value.astype(x.dtype))
    if k_low == k_high:
        return band
    return band.reshape(x.shape[:-2] + (num_diags, max_length))


_DIAG_PART = defop("MatrixDiagPartV3", _diag_part_impl, inputs=["input: T", "padding_value: T"])


def _diag_k(k, op_name):
    k = static_ints(k, "k", op_name)
    k = (k, k) if isinstance(k, int) else tuple(k)
    if len(k) == 1:
        k = (k[0], k[0])
    if len(k) != 2:
        raise shape_error(op_name, f"diag_index must be a scalar or a vector of length 2, got {list(k)}")
    if k[0] > k[1]:
        raise shape_error(
            op_name, f"lower_diag_index must not be larger than upper_diag_index: {k[0]} > {k[1]}"
        )
    return k


def _check_align(align, op_name):
    if align not in _ALIGNMENTS:
        raise shape_error(
            op_name,
            f"Value for attr 'align' of \"{align}\" is not in the list of allowed values: "
            + ", ".join(f'"{a}"' for a in _ALIGNMENTS),
        )


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):  # noqa: A002
    """The k-th diagonal (or band of diagonals k=(low, high)) of each matrix in `input`."""
    x = tensor(input)
    k_low, k_high = _diag_k(k, "MatrixDiagPartV3")
    _check_align(align, "MatrixDiagPartV3")
    if x.shape.rank is not None and x.shape.rank < 2:
        raise _not_a_matrix("MatrixDiagPartV3", x)
    rows, cols = _shape_list(x)[-2:]
    for bound in (k_low, k_high):
        if not (-rows < bound < cols or (rows == 0 or cols == 0)):
            which = "lower" if bound == k_low else "upper"
            raise shape_error(
                "MatrixDiagPartV3",
                f"{which}_diag_index is out of bound: {bound}. It must be between {-rows} and {cols}",
            )
    padding = tensor(padding_value, dtype=x.dtype)
    return execute(_DIAG_PART, [x, padding], {"k": (k_low, k_high), "align": align}, name)


def _diag_impl(diagonal, padding_value, k, num_rows, num_cols, align):
    k_low, k_high = k
    index, max_length = _band_layout(k_low, k_high, num_rows, num_cols, align)
    batch = diagonal.shape[:-2] if k_low != k_high else diagonal.shape[:-1]
    flat = diagonal.reshape(batch + (-1,))
    gathered = jnp.take(flat, np.maximum(index, 0).reshape(-1), axis=-1).reshape(batch + (num_rows, num_cols))
    return jnp.where(index >= 0, gathered, padding_value.astype(diagonal.dtype))


_DIAG = defop("MatrixDiagV3", _diag_impl, inputs=["diagonal: T", "padding_value: T"])


def _diag_matrix_size(max_length, k_low, k_high, num_rows, num_cols):
    """TensorFlow's rule for the output matrix size of MatrixDiagV3."""
    min_rows = max_length - min(k_high, 0)
    min_cols = max_length + max(k_low, 0)
    if num_rows == -1 and num_cols == -1:
        num_rows = num_cols = max(min_rows, min_cols)
    elif num_rows == -1:
        num_rows = min_rows
    elif num_cols == -1:
        num_cols = min_cols
    if num_rows < min_rows:
        raise shape_error("MatrixDiagV3", "The number of rows is too small.")
    if num_cols < min_cols:
        raise shape_error("MatrixDiagV3", "The number of columns is too small.")
    if num_rows != min_rows and num_cols != min_cols:
        raise shape_error(
            "MatrixDiagV3",
            "The number of rows or columns is not consistent with the specified "
            "d_lower, d_upper, and diagonal.",
        )
    return num_rows, num_cols


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """Matrices with `diagonal` on their k-th diagonal (or band k=(low, high)) and padding elsewhere."""
    values = tensor(diagonal)
    k_low, k_high = _diag_k(k, "MatrixDiagV3")
    _check_align(align, "MatrixDiagV3")
    shape = _shape_list(values)
    if k_low != k_high:
        if len(shape) < 2 or shape[-2] != k_high - k_low + 1:
            raise shape_error(
                "MatrixDiagV3",
                "The number of diagonals provided in the input does not match the "
                "lower_diag_index and upper_diag_index range.",
            )
    elif not shape:
        raise shape_error("MatrixDiagV3", "diagonal must be at least 1-dim, received shape: []")
    num_rows, num_cols = _diag_matrix_size(shape[-1], k_low, k_high, int(num_rows), int(num_cols))
    padding = tensor(padding_value, dtype=values.dtype)
    attrs = {"k": (k_low, k_high), "num_rows": num_rows, "num_cols": num_cols, "align": align}
    return execute(_DIAG, [values, padding], attrs, name)


def _set_diag_impl(x, diagonal, k, align):
    rows, cols = x.shape[-2:]
    index, _ = _band_layout(k[0], k[1], rows, cols, align)
    batch = x.shape[:-2]
    flat = diagonal.reshape(batch + (-1,))
    gathered = jnp.take(flat, np.maximum(index, 0).reshape(-1), axis=-1).reshape(x.shape)
    return jnp.where(index >= 0, gathered, x)


_SET_DIAG = defop("MatrixSetDiagV3", _set_diag_impl, inputs=["input: T", "diagonal: T"])


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):  # noqa: A002
    """`input` with its k-th diagonal (or band of diagonals) replaced by `diagonal`."""
    x = tensor(input)
    values = tensor(diagonal, dtype_hint=x.dtype)
    k_low, k_high = _diag_k(k, "MatrixSetDiagV3")
    _check_align(align, "MatrixSetDiagV3")
    if x.shape.rank < 2:
        raise _not_a_matrix("MatrixSetDiagV3", x)
    shape = _shape_list(x)
    rows, cols = shape[-2:]
    max_length = max(_diagonal_length(d, rows, cols) for d in range(k_low, k_high + 1))
    band = [] if k_low == k_high else [k_high - k_low + 1]
    expected = shape[:-2] + band + [max_length]
    if _shape_list(values) != expected:
        raise shape_error(
            "MatrixSetDiagV3",
            "Either first dimensions of diagonal don't match input.shape[:-2], "
            "or diagonal.shape[:-1] is not equal to the longests diagonal in "
            "range [lower_diag_index:upper_diag_index].\nInput shape: "
            f"{_dims(shape)}\nDiagonal shape: {_dims(_shape_list(values))}\n"
            f"Expected diagonal shape: {_dims(expected)}",
        )
    return execute(_SET_DIAG, [x, values], {"k": (k_low, k_high), "align": align}, name)


def _band_part_impl(x, num_lower, num_upper):
    rows, cols = x.shape[-2:]
    offset = np.arange(cols)[None, :] - np.arange(rows)[:, None]  # col - row
    keep = np.ones((rows, cols), dtype=bool)
    if num_lower >= 0:
        keep &= -offset <= num_lower
    if num_upper >= 0:
        keep &= offset <= num_upper
    return jnp.where(keep, x, jnp.zeros((), x.dtype))


_BAND_PART = defop("MatrixBandPart", _band_part_impl, inputs=["input: T"])


def band_part(input, num_lower, num_upper, name=None):  # noqa: A002
    """Keeps `num_lower` subdiagonals and `num_upper` superdiagonals (negative: all); zeroes the rest."""
    x = tensor(input)
    if x.shape.rank < 2:
        raise _not_a_matrix("MatrixBandPart", x)
    rows, cols = _shape_list(x)[-2:]
    num_lower = static_ints(num_lower, "num_lower", "MatrixBandPart")
    num_upper = static_ints(num_upper, "num_upper", "MatrixBandPart")
    if num_lower > rows:
        raise shape_error(
            "MatrixBandPart",
            f"num_lower must be negative or less or equal to number of rows ({rows}) got: {num_lower}",
        )
    if num_upper > cols:
        raise shape_error(
            "MatrixBandPart",
            f"num_upper must be negative or less or equal to number of columns ({cols}) got: {num_upper}",
        )
    return execute(_BAND_PART, [x], {"num_lower": num_lower, "num_upper": num_upper}, name)


_TRACE = defop(
    "Trace",
    lambda x: jnp.trace(x, axis1=-2, axis2=-1, dtype=x.dtype),
    inputs=["x: T"],
    types={"T": dtypes.NUMERIC},
)


def trace(x, name=None):
    """The sum of the main diagonal of each matrix in `x`."""
    x = tensor(x)
    if x.shape.rank < 2:
        raise _not_a_matrix("MatrixDiagPartV3", x)
    return execute(_TRACE, [x], None, name)


def _tensor_diag_impl(diagonal):
    size = int(np.prod(diagonal.shape))
    positions = np.arange(size)
    flat = jnp.zeros((size, size), diagonal.dtype).at[positions, positions].set(diagonal.reshape(-1))
    return flat.reshape(diagonal.shape + diagonal.shape)


_TENSOR_DIAG = defop("Diag", _tensor_diag_impl, inputs=["diagonal: T"])


def tensor_diag(diagonal, name=None):
    """A rank-2k tensor with `diagonal` (rank k) on its diagonal: out[i..., i...] = diagonal[i...]."""
    values = tensor(diagonal)
    if values.shape.rank == 0:
        raise shape_error("Diag", "Input must be at least rank 1, got 0")
    return execute(_TENSOR_DIAG, [values], None, name)


def _tensor_diag_part_impl(x):
    half = x.ndim // 2
    size = int(np.prod(x.shape[:half]))
    return jnp.diagonal(x.reshape(size, size)).reshape(x.shape[:half])


_TENSOR_DIAG_PART = defop("DiagPart", _tensor_diag_part_impl, inputs=["input: T"])


def tensor_diag_part(input, name=None):  # noqa: A002
    """The inverse of tensor_diag: for a rank-2k tensor, out[i...] = input[i..., i...]."""
    x = tensor(input)
    shape = _shape_list(x)
    half = len(shape) // 2
    if len(shape) % 2 or not shape or shape[:half] != shape[half:]:
        raise shape_error(
            "DiagPart", "Input must have even rank and matching halves, got shape {_dims(shape)}"
        )
    return execute(_TENSOR_DIAG_PART, [x], None, name)


# ---- cross product --------------------------------------------------------------------------------
_CROSS = defop("Cross", lambda a, b: jnp.cross(a, b), inputs=["a: T", "b: T"], types={"T": dtypes.REAL})


def cross(a, b, name=None):
    """Pairwise cross product of 3-element vectors along the last dimension (a and b of one shape)."""
    a = tensor(a)
    b = tensor(b, dtype_hint=a.dtype)
    if _shape_list(a) != _shape_list(b):
        raise shape_error(
            "Cross", f"Both inputs must be of same shape: {_dims(_shape_list(a))} vs. {_dims(_shape_list(b))}"
        )
    if a.shape.rank == 0 or _shape_list(a)[-1] != 3:
        raise op_error(
            FailedPreconditionError, "Cross", "Cross-products are only defined for 3-element vectors."
        )
    return execute(_CROSS, [a, b], None, name)
