"""`tf.linalg`."""

# ruff: noqa: F401
from lamina.ops.clip_ops import global_norm
from lamina.ops.creation_ops import eye
from lamina.ops.linalg_ops import (
    adjoint,
    band_part,
    cross,
    diag,
    diag_part,
    einsum,
    lstsq,
    matmul,
    matrix_transpose,
    matvec,
    norm,
    normalize,
    set_diag,
    tensor_diag,
    tensor_diag_part,
    tensordot,
    trace,
)
from lamina.ops.linalg_solve_ops import (
    cholesky,
    cholesky_solve,
    det,
    eigh,
    eigvalsh,
    expm,
    inv,
    logdet,
    pinv,
    qr,
    slogdet,
    solve,
    svd,
    triangular_solve,
)
from lamina.ops.math_ops import l2_normalize
