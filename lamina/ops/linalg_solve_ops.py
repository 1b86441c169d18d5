"""Linear algebra on square matrices: inverses, determinants, solves and factorizations.

Decompositions and solves run on JAX's LAPACK-backed kernels. Half-precision inputs are computed in
float32 and cast back, because those kernels have no float16 versions. Where TensorFlow checks the
*result* on the CPU (a singular matrix has no inverse), the public function checks the eager result
after the op ran: the check needs the value, which only exists after the computation.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from lamina.ops._op import defop, dtypes, execute, invalid, tensor
from lamina.ops.linalg_ops import (
    _DECOMPOSABLE,
    _FLOAT_COMPLEX,
    _adjoint,
    _dims,
    _require_finite,
    _require_rank,
    _require_square,
    _shape_list,
    _widen,
)


# ---- inverse, determinants, solves ------------------------------------------------------------
def _inv_impl(x, adjoint=False):
    inverse = jnp.linalg.inv(_widen(x)).astype(x.dtype)
    return _adjoint(inverse) if adjoint else inverse


_INV = defop("MatrixInverse", _inv_impl, inputs=["input: T"], types={"T": _DECOMPOSABLE})


def inv(input, adjoint=False, name=None):  # noqa: A002 - TensorFlow's argument name
    """The inverse of each square matrix in `input` (of its adjoint when `adjoint`).

    Raises:
      InvalidArgumentError: a matrix is singular ("Input is not invertible.").
    """
    x = tensor(input)
    _require_square(x, "MatrixInverse")
    result = execute(_INV, [x], {"adjoint": bool(adjoint)}, name)
    return _require_finite(result, "MatrixInverse", "Input is not invertible.")


_DET = defop(
    "MatrixDeterminant",
    lambda x: jnp.linalg.det(x),
    inputs=["input: T"],
    types={"T": frozenset((dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128))},
)


def det(input, name=None):  # noqa: A002
    """The determinant of each square matrix in `input`."""
    x = tensor(input)
    _require_square(x, "MatrixDeterminant")
    return execute(_DET, [x], None, name)


def _slogdet_impl(x):
    sign, log_abs = jnp.linalg.slogdet(_widen(x))
    return sign.astype(x.dtype), log_abs.astype(x.dtype)


_SLOGDET = defop("LogMatrixDeterminant", _slogdet_impl, inputs=["input: T"], types={"T": _DECOMPOSABLE})


def slogdet(input, name=None):  # noqa: A002
    """(sign, log|det|) of each square matrix; stable where the determinant itself would overflow."""
    x = tensor(input)
    _require_square(x, "LogMatrixDeterminant")
    return tuple(execute(_SLOGDET, [x], None, name))


def _logdet_impl(matrix):
    chol = lax.linalg.cholesky(_widen(matrix), symmetrize_input=False)
    diagonal = jnp.real(jnp.diagonal(chol, axis1=-2, axis2=-1))
    return (2.0 * jnp.sum(jnp.log(diagonal), axis=-1)).astype(jnp.real(matrix).dtype)


_LOGDET = defop("LogDet", _logdet_impl, inputs=["matrix: T"], types={"T": _DECOMPOSABLE})


def logdet(matrix, name=None):
    """log(det(matrix)) of Hermitian positive-definite matrices, computed from their Cholesky factor."""
    x = tensor(matrix)
    _require_square(x, "Cholesky")
    return execute(_LOGDET, [x], None, name)


def _solve_impl(matrix, rhs, adjoint=False):
    lhs = _adjoint(matrix) if adjoint else matrix
    return jnp.linalg.solve(_widen(lhs), _widen(rhs)).astype(rhs.dtype)


_SOLVE = defop(
    "MatrixSolve",
    _solve_impl,
    inputs=["matrix: T", "rhs: T"],
    types={"T": frozenset((dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128))},
)


def solve(matrix, rhs, adjoint=False, name=None):
    """Solves matrix @ x = rhs for x (matrix [..., M, M], rhs [..., M, K]; batch dims must be equal)."""
    matrix = tensor(matrix)
    rhs = tensor(rhs, dtype_hint=matrix.dtype)
    _require_square(matrix, "MatrixSolve", "First input (lhs) must be a square matrix.")
    m_shape, r_shape = _shape_list(matrix), _shape_list(rhs)
    if len(m_shape) != len(r_shape):
        raise invalid("MatrixSolve", "All input tensors must have the same rank.")
    if m_shape[:-2] != r_shape[:-2]:
        raise invalid("MatrixSolve", "All input tensors must have the same outer dimensions.")
    if m_shape[-1] != r_shape[-2]:
        raise invalid(
            "MatrixSolve", f"Input matrix and rhs are incompatible: {_dims(m_shape)} vs. {_dims(r_shape)}"
        )
    result = execute(_SOLVE, [matrix, rhs], {"adjoint": bool(adjoint)}, name)
    return _require_finite(result, "MatrixSolve", "Input matrix is not invertible.")


def _triangular_solve_impl(matrix, rhs, lower=True, adjoint=False):
    batch = jnp.broadcast_shapes(matrix.shape[:-2], rhs.shape[:-2])
    matrix = jnp.broadcast_to(matrix, batch + matrix.shape[-2:])
    rhs = jnp.broadcast_to(rhs, batch + rhs.shape[-2:])
    out = lax.linalg.triangular_solve(
        _widen(matrix), _widen(rhs), left_side=True, lower=lower, transpose_a=adjoint, conjugate_a=adjoint
    )
    return out.astype(rhs.dtype)


_TRIANGULAR_SOLVE = defop(
    "MatrixTriangularSolve",
    _triangular_solve_impl,
    inputs=["matrix: T", "rhs: T"],
    types={"T": _DECOMPOSABLE | frozenset((dtypes.bfloat16,))},
)


def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """Solves matrix @ x = rhs for a lower (or upper) triangular `matrix`; the other triangle is ignored.

    Batch dimensions broadcast. A zero on the diagonal gives inf/nan values, as in TensorFlow.
    """
    matrix = tensor(matrix)
    rhs = tensor(rhs, dtype_hint=matrix.dtype)
    _require_square(matrix, "MatrixTriangularSolve")
    _require_rank(rhs, 2, "MatrixTriangularSolve")
    m_shape, r_shape = _shape_list(matrix), _shape_list(rhs)
    if m_shape[-1] != r_shape[-2]:
        raise invalid(
            "MatrixTriangularSolve",
            f"Input matrix and rhs are incompatible: {_dims(m_shape)} vs. {_dims(r_shape)}",
        )
    try:
        np.broadcast_shapes(tuple(m_shape[:-2]), tuple(r_shape[:-2]))
    except ValueError:
        raise invalid(
            "MatrixTriangularSolve", f"Incompatible batch dimensions: {_dims(m_shape)} vs. {_dims(r_shape)}"
        ) from None
    return execute(_TRIANGULAR_SOLVE, [matrix, rhs], {"lower": bool(lower), "adjoint": bool(adjoint)}, name)


def _pinv_impl(a, rcond=None):
    return jnp.linalg.pinv(_widen(a), rtol=rcond).astype(a.dtype)


_PINV = defop("Pinv", _pinv_impl, inputs=["a: T"], types={"T": _DECOMPOSABLE})


def pinv(a, rcond=None, validate_args=False, name=None):
    """Moore-Penrose pseudo-inverse via SVD; singular values below rcond * max(s) count as zero.

    The default `rcond` is 10 * max(rows, cols) * eps(dtype), as in TensorFlow.
    """
    a = tensor(a)
    if a.dtype not in _FLOAT_COMPLEX:
        raise TypeError(f"Input `a` must have `float`-like `dtype` (saw {a.dtype.name}).")
    _require_rank(a, 2, "Pinv")
    if rcond is not None:
        rcond = float(np.asarray(rcond))
    return execute(_PINV, [a], {"rcond": rcond}, name)


# ---- decompositions -------------------------------------------------------------------------------
def _cholesky_impl(x):
    # TensorFlow reads only the lower triangle, so no symmetrization; the upper triangle of the
    # result is zero even when the factorization fails (NaNs only below the diagonal, like TF).
    return jnp.tril(lax.linalg.cholesky(_widen(x), symmetrize_input=False)).astype(x.dtype)


def _cholesky_grad_impl(chol, grad):
    """d(loss)/d(input) from the factor L and d(loss)/dL, symmetrized as TensorFlow does."""
    chol, grad = _widen(chol), _widen(grad)
    middle = jnp.tril(_adjoint(chol) @ grad)
    middle = middle - 0.5 * jnp.tril(jnp.triu(middle))  # halve the diagonal
    identity = jnp.broadcast_to(jnp.eye(chol.shape[-1], dtype=chol.dtype), chol.shape)
    chol_inverse = lax.linalg.triangular_solve(chol, identity, left_side=True, lower=True)
    grad_input = _adjoint(chol_inverse) @ middle @ chol_inverse
    return 0.5 * (grad_input + _adjoint(grad_input))


_CHOLESKY_GRAD = defop("CholeskyGrad", _cholesky_grad_impl, inputs=["l: T", "grad: T"])


def _cholesky_grad(ctx, grad):
    result = execute(_CHOLESKY_GRAD, [ctx.outputs[0], grad])
    return [result]


_CHOLESKY = defop(
    "Cholesky", _cholesky_impl, inputs=["input: T"], types={"T": _DECOMPOSABLE}, grad=_cholesky_grad
)


def cholesky(input, name=None):  # noqa: A002
    """The lower-triangular Cholesky factor L (input = L @ L^H) of Hermitian positive-definite matrices.

    Only the lower triangle of `input` is read. The gradient is symmetric, as TensorFlow's.
    """
    x = tensor(input)
    _require_square(x, "Cholesky")
    return execute(_CHOLESKY, [x], None, name)


def _cholesky_solve_impl(chol, rhs):
    chol, wide_rhs = _widen(chol), _widen(rhs)
    y = lax.linalg.triangular_solve(chol, wide_rhs, left_side=True, lower=True)
    x = lax.linalg.triangular_solve(chol, y, left_side=True, lower=True, transpose_a=True, conjugate_a=True)
    return x.astype(rhs.dtype)


_CHOLESKY_SOLVE = defop(
    "CholeskySolve", _cholesky_solve_impl, inputs=["chol: T", "rhs: T"], types={"T": _DECOMPOSABLE}
)


def cholesky_solve(chol, rhs, name=None):
    """Solves A @ x = rhs given A's Cholesky factor `chol` (from tf.linalg.cholesky)."""
    chol = tensor(chol)
    rhs = tensor(rhs, dtype_hint=chol.dtype)
    _require_square(chol, "CholeskySolve")
    _require_rank(rhs, 2, "CholeskySolve")
    if _shape_list(chol)[:-1] != _shape_list(rhs)[:-1]:
        raise invalid(
            "CholeskySolve",
            f"chol and rhs are incompatible: {_dims(_shape_list(chol))} vs. {_dims(_shape_list(rhs))}",
        )
    return execute(_CHOLESKY_SOLVE, [chol, rhs], None, name)


def _qr_impl(x, full_matrices=False):
    q, r = jnp.linalg.qr(_widen(x), mode="complete" if full_matrices else "reduced")
    return q.astype(x.dtype), r.astype(x.dtype)


_QR = defop("Qr", _qr_impl, inputs=["input: T"], types={"T": _DECOMPOSABLE})


def qr(input, full_matrices=False, name=None):  # noqa: A002
    """QR decomposition: (q, r) with q orthonormal columns and r upper triangular, input = q @ r."""
    x = tensor(input)
    _require_rank(x, 2, "Qr")
    return tuple(execute(_QR, [x], {"full_matrices": bool(full_matrices)}, name))


def _svd_impl(x, full_matrices=False, compute_uv=True):
    wide = _widen(x)
    if not compute_uv:
        return jnp.linalg.svd(wide, compute_uv=False).astype(jnp.real(x).dtype)
    u, s, vh = jnp.linalg.svd(wide, full_matrices=full_matrices)
    return s.astype(jnp.real(x).dtype), u.astype(x.dtype), _adjoint(vh).astype(x.dtype)


_SVD = defop("Svd", _svd_impl, inputs=["input: T"], types={"T": _DECOMPOSABLE})


def svd(tensor_, full_matrices=False, compute_uv=True, name=None):
    """Singular values of each matrix, and (when `compute_uv`) the singular vectors.

    Returns TensorFlow's order `(s, u, v)` with input = u @ diag(s) @ adjoint(v): `v` itself, not its
    adjoint (NumPy returns `vh`). With compute_uv=False, returns `s` alone. `s` is real.
    """
    x = tensor(tensor_)
    _require_rank(x, 2, "Svd")
    attrs = {"full_matrices": bool(full_matrices), "compute_uv": bool(compute_uv)}
    result = execute(_SVD, [x], attrs, name)
    return tuple(result) if compute_uv else result


def _hermitian_from_lower(x):
    """The Hermitian matrix that the lower triangle of `x` describes (TensorFlow ignores the upper one)."""
    lower = jnp.tril(x, -1)
    diagonal = jnp.real(jnp.diagonal(x, axis1=-2, axis2=-1)).astype(x.dtype)
    return lower + _adjoint(lower) + diagonal[..., None] * jnp.eye(x.shape[-1], dtype=x.dtype)


def _eigh_impl(x, compute_v=True):
    # Building the Hermitian matrix from the lower triangle inside the implementation also makes the
    # gradient flow into the lower triangle only, which is what TensorFlow's gradient does.
    vectors, values = lax.linalg.eigh(_hermitian_from_lower(_widen(x)), lower=True, symmetrize_input=False)
    values = values.astype(x.dtype)
    return (values, vectors.astype(x.dtype)) if compute_v else values


_EIGH = defop("SelfAdjointEigV2", _eigh_impl, inputs=["input: T"], types={"T": _DECOMPOSABLE})


def eigh(tensor_, name=None):
    """Eigen-decomposition of Hermitian matrices: (e, v), eigenvalues ascending, v's columns the vectors.

    Only the lower triangle is read.
    """
    x = tensor(tensor_)
    _require_square(x, "SelfAdjointEigV2")
    return tuple(execute(_EIGH, [x], {"compute_v": True}, name))


def eigvalsh(tensor_, name=None):
    """Eigenvalues (ascending) of Hermitian matrices; only the lower triangle is read."""
    x = tensor(tensor_)
    _require_square(x, "SelfAdjointEigV2")
    return execute(_EIGH, [x], {"compute_v": False}, name)


def _expm_impl(x):
    return jax.scipy.linalg.expm(x)


_EXPM = defop(
    "MatrixExponential",
    _expm_impl,
    inputs=["input: T"],
    types={"T": frozenset((dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128))},
)


def expm(input, name=None):  # noqa: A002
    """The matrix exponential of each square matrix (Pade approximation with scaling and squaring)."""
    x = tensor(input)
    _require_square(x, "MatrixExponential")
    return execute(_EXPM, [x], None, name)
