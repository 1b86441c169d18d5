"""`tf.linalg`."""

# ruff: noqa: F401
from lamina.ops.array_ops import eye
from lamina.ops.linalg_ops import (
    adjoint,
    band_part,
    cholesky,
    cholesky_solve,
    cross,
    det,
    diag,
    diag_part,
    eigh,
    eigvalsh,
    einsum,
    expm,
    inv,
    logdet,
    matmul,
    matrix_transpose,
    matvec,
    norm,
    pinv,
    qr,
    set_diag,
    slogdet,
    solve,
    svd,
    tensor_diag,
    tensor_diag_part,
    tensordot,
    trace,
    triangular_solve,
)
from lamina.ops.math_ops import l2_normalize
