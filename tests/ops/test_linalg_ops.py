"""Linear algebra ops: values against NumPy/SciPy, decompositions by their defining identities,
gradients against finite differences, and TensorFlow's errors."""

import numpy as np
import pytest
import scipy.linalg

import lamina as tf
from tests.ops.harness import OpCase, check_values, check_vjp


def _matrices(*shapes, spd=False, well_conditioned=False):
    """make_inputs for ops taking matrices of `shapes` (None: the case's shape)."""

    def make(rng, shape, dtype):
        out = []
        for position, s in enumerate(shapes):
            s = shape if s is None else s
            x = rng.uniform(-1, 1, size=s)
            if np.dtype(dtype).kind == "c":
                x = x + 1j * rng.uniform(-1, 1, size=s)
            if spd:
                x = x @ np.conj(np.swapaxes(x, -1, -2)) + s[-1] * np.eye(s[-1])
            elif well_conditioned and position == 0:
                x = x + 2 * s[-1] * np.eye(s[-1])
            out.append(x.astype(dtype))
        return tuple(out)

    return make


def _ints(*shapes):
    def make(rng, shape, dtype):
        return tuple(rng.integers(-4, 5, size=shape if s is None else s).astype(dtype) for s in shapes)

    return make


def _numpy_set_diag(x, diagonal):
    out = x.copy()
    for i in range(diagonal.shape[-1]):
        out[..., i, i] = diagonal[..., i]
    return out


def _conj_t(x):
    return np.conj(np.swapaxes(x, -1, -2))


CASES = [
    OpCase(
        "matmul",
        tf.matmul,
        np.matmul,
        dtypes=("float16", "float32", "float64", "int32", "complex64"),
        make_inputs=_matrices((2, 3), (3, 4)),
        rtol=None,
    ),
    OpCase(
        "matmul_batched_broadcast",
        tf.matmul,
        np.matmul,
        dtypes=("float32", "int64"),
        make_inputs=_matrices((2, 1, 2, 3), (3, 3, 2)),
    ),
    OpCase(
        "matmul_transpose_a",
        lambda a, b: tf.matmul(a, b, transpose_a=True),
        lambda a, b: a.T @ b,
        make_inputs=_matrices((3, 2), (3, 4)),
    ),
    OpCase(
        "matmul_adjoint_b",
        lambda a, b: tf.matmul(a, b, adjoint_b=True),
        lambda a, b: a @ _conj_t(b),
        dtypes=("float64", "complex128"),
        make_inputs=_matrices((2, 3), (4, 3)),
    ),
    OpCase("matvec", tf.linalg.matvec, lambda a, b: a @ b, make_inputs=_matrices((2, 2, 3), (3,))),
    OpCase(
        "einsum",
        lambda a, b: tf.einsum("bij,bjk->bik", a, b),
        lambda a, b: np.einsum("bij,bjk->bik", a, b),
        dtypes=("float32", "float64", "int32"),
        make_inputs=_matrices((2, 2, 3), (2, 3, 2)),
    ),
    OpCase(
        "einsum_ellipsis",
        lambda a: tf.einsum("...ii->...i", a),
        lambda a: np.einsum("...ii->...i", a),
        grad=False,
        shapes=((2, 3, 3),),
    ),
    OpCase(
        "tensordot",
        lambda a, b: tf.tensordot(a, b, [[0, 2], [1, 0]]),
        lambda a, b: np.tensordot(a, b, [[0, 2], [1, 0]]),
        make_inputs=_matrices((2, 3, 4), (4, 2, 3)),
    ),
    OpCase(
        "tensordot_int_axes",
        lambda a, b: tf.tensordot(a, b, 1),
        lambda a, b: np.tensordot(a, b, 1),
        make_inputs=_matrices((2, 3), (3, 2)),
    ),
    OpCase(
        "inv",
        tf.linalg.inv,
        np.linalg.inv,
        dtypes=("float32", "float64", "complex64"),
        shapes=((2, 3, 3),),
        make_inputs=_matrices(None, well_conditioned=True),
        rtol=1e-4,
    ),
    OpCase(
        "inv_adjoint",
        lambda x: tf.linalg.inv(x, adjoint=True),
        lambda x: _conj_t(np.linalg.inv(x)),
        shapes=((3, 3),),
        make_inputs=_matrices(None, well_conditioned=True),
        rtol=1e-4,
    ),
    OpCase("det", tf.linalg.det, np.linalg.det, shapes=((2, 3, 3),), rtol=1e-4),
    OpCase(
        "slogdet",
        tf.linalg.slogdet,
        lambda x: tuple(np.linalg.slogdet(x)),
        shapes=((2, 3, 3),),
        grad=False,
        rtol=1e-4,
    ),
    # logdet reads the lower triangle but, like TensorFlow, returns a symmetric gradient: checked below.
    OpCase(
        "logdet",
        tf.linalg.logdet,
        lambda x: np.linalg.slogdet(x)[1],
        shapes=((3, 3),),
        make_inputs=_matrices(None, spd=True),
        rtol=1e-4,
        grad=False,
    ),
    OpCase(
        "solve",
        tf.linalg.solve,
        np.linalg.solve,
        make_inputs=_matrices((2, 3, 3), (2, 3, 2), well_conditioned=True),
        rtol=1e-4,
    ),
    OpCase(
        "solve_adjoint",
        lambda a, b: tf.linalg.solve(a, b, adjoint=True),
        lambda a, b: np.linalg.solve(a.T, b),
        make_inputs=_matrices((3, 3), (3, 1), well_conditioned=True),
        rtol=1e-4,
    ),
    OpCase(
        "triangular_solve",
        tf.linalg.triangular_solve,
        lambda a, b: scipy.linalg.solve_triangular(np.tril(a) + 0, b, lower=True),
        make_inputs=_matrices((3, 3), (3, 2), well_conditioned=True),
        rtol=1e-4,
    ),
    OpCase(
        "triangular_solve_upper_adjoint",
        lambda a, b: tf.linalg.triangular_solve(a, b, lower=False, adjoint=True),
        lambda a, b: np.linalg.solve(np.triu(a).T, b),
        make_inputs=_matrices((3, 3), (3, 2), well_conditioned=True),
        rtol=1e-4,
    ),
    OpCase(
        "cholesky",
        tf.linalg.cholesky,
        np.linalg.cholesky,
        dtypes=("float32", "float64", "complex128"),
        shapes=((3, 3),),
        make_inputs=_matrices(None, spd=True),
        rtol=1e-4,
        grad=False,
    ),
    OpCase(
        "cholesky_solve",
        tf.linalg.cholesky_solve,
        lambda chol, b: np.linalg.solve(chol @ chol.T, b),
        make_inputs=lambda rng, shape, dtype: (
            np.linalg.cholesky(_matrices((3, 3), spd=True)(rng, shape, dtype)[0]),
            rng.normal(size=(3, 2)).astype(dtype),
        ),
        rtol=1e-4,
    ),
    OpCase("pinv", tf.linalg.pinv, np.linalg.pinv, shapes=((3, 2),), rtol=1e-4),
    OpCase("expm", tf.linalg.expm, scipy.linalg.expm, shapes=((3, 3),), rtol=1e-4),
    OpCase(
        "eigvalsh",
        tf.linalg.eigvalsh,
        np.linalg.eigvalsh,
        shapes=((3, 3),),
        make_inputs=_matrices(None, spd=True),
        rtol=1e-4,
    ),
    OpCase(
        "svd_values",
        lambda x: tf.linalg.svd(x, compute_uv=False),
        lambda x: np.linalg.svd(x, compute_uv=False),
        shapes=((2, 4, 3),),
        rtol=1e-4,
    ),
    OpCase(
        "norm_euclidean", tf.norm, np.linalg.norm, dtypes=("float16", "float32", "float64"), shapes=((2, 3),)
    ),
    OpCase(
        "norm_axis_keepdims",
        lambda x: tf.norm(x, axis=-1, keepdims=True),
        lambda x: np.linalg.norm(x, axis=-1, keepdims=True),
    ),
    OpCase("norm_ord1", lambda x: tf.norm(x, ord=1, axis=0), lambda x: np.linalg.norm(x, ord=1, axis=0)),
    OpCase("norm_ord3", lambda x: tf.norm(x, ord=3, axis=1), lambda x: np.linalg.norm(x, ord=3, axis=1)),
    OpCase("norm_inf", lambda x: tf.norm(x, ord=np.inf), lambda x: np.max(np.abs(x)), grad=False),
    OpCase(
        "norm_matrix_fro",
        lambda x: tf.norm(x, ord="fro", axis=[0, 2]),
        lambda x: np.linalg.norm(np.moveaxis(x, 1, 0), ord="fro", axis=(1, 2)),
        shapes=((2, 3, 4),),
    ),
    OpCase(
        "norm_matrix_1",
        lambda x: tf.norm(x, ord=1, axis=[-2, -1]),
        lambda x: np.linalg.norm(x, 1, (-2, -1)),
        shapes=((2, 3, 4),),
        grad=False,
    ),
    OpCase(
        "norm_matrix_inf",
        lambda x: tf.norm(x, ord=np.inf, axis=[1, 0], keepdims=True),
        lambda x: np.linalg.norm(x, np.inf, (1, 0), keepdims=True),
        shapes=((3, 4),),
        grad=False,
    ),
    OpCase(
        "norm_matrix_2",
        lambda x: tf.norm(x, ord=2, axis=[0, 1]),
        lambda x: np.linalg.norm(x, 2, (0, 1)),
        shapes=((3, 4),),
        rtol=1e-4,
    ),
    OpCase(
        "matrix_transpose",
        tf.linalg.matrix_transpose,
        lambda x: np.swapaxes(x, -1, -2),
        dtypes=("float32", "int32", "bool"),
        shapes=((2, 3, 4),),
        grad=False,
    ),
    OpCase("adjoint", tf.linalg.adjoint, _conj_t, dtypes=("complex64", "float64"), shapes=((2, 3),)),
    OpCase(
        "trace",
        tf.linalg.trace,
        lambda x: np.trace(x, axis1=-2, axis2=-1),
        dtypes=("float32", "int32"),
        shapes=((2, 3, 4),),
    ),
    OpCase(
        "diag_part",
        tf.linalg.diag_part,
        lambda x: np.diagonal(x, axis1=-2, axis2=-1).copy(),
        dtypes=("float32", "int32"),
        shapes=((2, 3, 4),),
    ),
    OpCase(
        "diag",
        tf.linalg.diag,
        lambda d: d[..., None] * np.eye(d.shape[-1], dtype=d.dtype),
        dtypes=("float32", "int64"),
        shapes=((2, 3),),
    ),
    OpCase(
        "set_diag",
        tf.linalg.set_diag,
        lambda x, d: _numpy_set_diag(x, d),
        dtypes=("float32", "int32"),
        make_inputs=_ints((2, 3, 4), (2, 3)),
    ),
    OpCase(
        "band_part",
        lambda x: tf.linalg.band_part(x, 1, 0),
        lambda x: np.tril(x) - np.tril(x, -2),
        dtypes=("float32", "int32"),
        shapes=((3, 4),),
    ),
    OpCase(
        "tensor_diag",
        tf.linalg.tensor_diag,
        lambda d: np.diag(d.ravel()).reshape(d.shape * 2),
        shapes=((2, 2),),
    ),
    OpCase(
        "tensor_diag_part",
        tf.linalg.tensor_diag_part,
        lambda x: np.diagonal(x.reshape(4, 4)).reshape(2, 2),
        shapes=((2, 2, 2, 2),),
    ),
    OpCase(
        "cross",
        tf.linalg.cross,
        np.cross,
        dtypes=("float32", "float64", "int32"),
        make_inputs=_ints((2, 3), (2, 3)),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_values(case):
    for dtype in case.dtypes:
        for shape in case.shapes:
            check_values(case, shape, dtype)


@pytest.mark.parametrize("case", [c for c in CASES if c.grad], ids=str)
def test_gradient(case):
    from tests.ops.harness import inputs_for

    inputs = inputs_for(case, case.shapes[0], "float64")
    check_vjp(case.lamina_fn, inputs, rtol=1e-4, atol=1e-6)


# ---- decompositions, by their defining identities ----------------------------------------------
@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64"])
@pytest.mark.parametrize("full_matrices", [False, True])
def test_qr(dtype, full_matrices):
    x = _matrices((2, 4, 3))(np.random.default_rng(0), None, dtype)[0]
    q, r = tf.linalg.qr(x, full_matrices=full_matrices)
    assert q.dtype == tf.as_dtype(dtype) and r.dtype == tf.as_dtype(dtype)
    assert q.shape == ((2, 4, 4) if full_matrices else (2, 4, 3))
    assert r.shape == ((2, 4, 3) if full_matrices else (2, 3, 3))
    q, r = q.numpy(), r.numpy()
    tol = 1e-5 if dtype != "float64" else 1e-12
    np.testing.assert_allclose(q @ r, x, atol=tol)
    np.testing.assert_allclose(
        _conj_t(q) @ q, np.broadcast_to(np.eye(q.shape[-1]), q.shape[:-2] + (q.shape[-1],) * 2), atol=tol
    )
    np.testing.assert_array_equal(np.tril(r, -1), 0)


@pytest.mark.parametrize("dtype", ["float32", "float64", "complex128"])
@pytest.mark.parametrize("full_matrices", [False, True])
def test_svd_returns_s_u_v(dtype, full_matrices):
    x = _matrices((4, 3))(np.random.default_rng(0), None, dtype)[0]
    s, u, v = tf.linalg.svd(x, full_matrices=full_matrices)
    assert s.dtype == tf.as_dtype(dtype).real_dtype and u.dtype == tf.as_dtype(dtype)
    assert u.shape == ((4, 4) if full_matrices else (4, 3)) and v.shape == (3, 3)
    np.testing.assert_allclose(s.numpy(), np.linalg.svd(x, compute_uv=False), rtol=1e-5)
    # v is returned as is (not its adjoint): x = u[:, :k] diag(s) v^H.
    reconstructed = u.numpy()[:, :3] * s.numpy() @ _conj_t(v.numpy())
    np.testing.assert_allclose(reconstructed, x, atol=1e-5)


@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64"])
def test_eigh_reads_lower_triangle(dtype):
    x = _matrices((3, 3), spd=True)(np.random.default_rng(0), None, dtype)[0]
    garbage_upper = np.triu(np.full_like(x, 100), 1) + np.tril(x)
    e, v = tf.linalg.eigh(garbage_upper)
    e, v = e.numpy(), v.numpy()
    assert e.dtype == np.dtype(dtype)
    np.testing.assert_allclose(e, np.linalg.eigvalsh(x), rtol=1e-4)
    np.testing.assert_allclose(x @ v, v * e, atol=1e-4)


def test_cholesky_reads_lower_triangle_and_fails_with_nan():
    np.testing.assert_allclose(
        tf.linalg.cholesky(tf.constant([[4.0, 100.0], [2.0, 5.0]])).numpy(), [[2.0, 0.0], [1.0, 2.0]]
    )
    result = tf.linalg.cholesky(tf.constant([[1.0, 2.0], [2.0, 1.0]])).numpy()
    assert np.isnan(result[1, 1]) and result[0, 1] == 0


def test_cholesky_gradient_is_symmetric_like_tensorflow():
    x = tf.constant([[4.0, 1.0], [1.0, 3.0]], dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.linalg.cholesky(x)
    grad = tape.gradient(loss, x).numpy()
    # TensorFlow 2.15: tf.linalg.cholesky gradient of sum(L) at this input.
    np.testing.assert_allclose(grad, grad.T)
    np.testing.assert_allclose(grad, [[0.206344459, 0.174622164], [0.174622164, 0.301511345]], rtol=1e-6)


@pytest.mark.parametrize("fn", [tf.linalg.cholesky, tf.linalg.logdet], ids=["cholesky", "logdet"])
def test_cholesky_gradients_match_finite_differences_on_symmetric_inputs(fn):
    def f(a):
        return fn(tf.matmul(a, a, transpose_b=True) + tf.constant(3 * np.eye(3)))

    check_vjp(f, [np.random.default_rng(0).normal(size=(3, 3))], rtol=1e-4)


def test_eigh_gradient_flows_into_lower_triangle():
    x = tf.constant([[2.0, 1.0], [1.0, 3.0]], dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        e = tf.linalg.eigvalsh(x)
        loss = e * tf.constant([1.0, 2.0], dtype=tf.float64)
    grad = tape.gradient(loss, x).numpy()
    # TensorFlow 2.15's value: the gradient lives in the lower triangle, which is all eigh reads.
    np.testing.assert_allclose(grad, [[1.276393202, 0.0], [0.894427191, 1.723606798]], rtol=1e-6)
    check_vjp(
        lambda a: tf.linalg.eigvalsh(tf.matmul(a, a, transpose_b=True)),
        [np.array([[1.0, 0.3], [0.2, 2.0]])],
        rtol=1e-4,
    )


def test_matmul_dtypes():
    a = tf.constant(np.ones((2, 3), np.int8))
    result = tf.matmul(a, tf.constant(np.ones((3, 4), np.int8)), output_type=tf.int32)
    assert result.dtype == tf.int32 and result.numpy().tolist() == [[3] * 4] * 2
    result = tf.matmul([[1, 2]], [[3], [4]])
    assert result.dtype == tf.int32 and result.numpy().tolist() == [[11]]
    assert tf.matmul(tf.ones([1, 2, 3], tf.bfloat16), tf.ones([1, 3, 2], tf.bfloat16)).dtype == tf.bfloat16


# ---- diagonal bands: TensorFlow 2.15 golden values -------------------------------------------
_M34 = np.arange(12).reshape(3, 4)
_M43 = np.arange(12).reshape(4, 3)


@pytest.mark.parametrize(
    "matrix, k, align, expected",
    [
        (_M34, (-1, 1), "RIGHT_LEFT", [[1, 6, 11], [0, 5, 10], [4, 9, -1]]),
        (_M34, (-1, 1), "LEFT_RIGHT", [[1, 6, 11], [0, 5, 10], [-1, 4, 9]]),
        (_M43, (-1, 1), "RIGHT_LEFT", [[-1, 1, 5], [0, 4, 8], [3, 7, 11]]),
        (_M43, (-1, 1), "LEFT_RIGHT", [[1, 5, -1], [0, 4, 8], [3, 7, 11]]),
        (_M34, (-2, 0), "RIGHT_RIGHT", [[0, 5, 10], [-1, 4, 9], [-1, -1, 8]]),
        (_M34, (-2, 0), "RIGHT_LEFT", [[0, 5, 10], [4, 9, -1], [8, -1, -1]]),
        (_M34, (0, 2), "RIGHT_LEFT", [[-1, 2, 7], [1, 6, 11], [0, 5, 10]]),
        (_M34, (0, 2), "LEFT_LEFT", [[2, 7, -1], [1, 6, 11], [0, 5, 10]]),
        (_M34, 1, "RIGHT_LEFT", [1, 6, 11]),
    ],
)
def test_diag_part_bands(matrix, k, align, expected):
    got = tf.linalg.diag_part(tf.constant(matrix), k=k, padding_value=-1, align=align)
    assert got.numpy().tolist() == expected


def test_diag_and_set_diag_bands():
    assert tf.linalg.diag([1, 2], k=1).numpy().tolist() == [[0, 1, 0], [0, 0, 2], [0, 0, 0]]
    assert tf.linalg.diag([1, 2], num_rows=3).numpy().tolist() == [[1, 0], [0, 2], [0, 0]]
    assert tf.linalg.diag([1, 2], num_cols=3).numpy().tolist() == [[1, 0, 0], [0, 2, 0]]
    assert tf.linalg.diag([[1, 2], [3, 4]], k=(-1, 0)).numpy().tolist() == [[1, 0], [3, 2]]
    assert tf.linalg.diag([[1, 2, 0], [3, 4, 5]], k=(0, 1)).numpy().tolist() == [
        [3, 2, 0],
        [0, 4, 0],
        [0, 0, 5],
    ]
    assert tf.linalg.diag([1.0], k=-1, padding_value=9.0).numpy().tolist() == [[9.0, 9.0], [1.0, 9.0]]
    band = tf.linalg.set_diag(tf.zeros([3, 3], tf.int32), [[1, 2, 0], [3, 4, 5]], k=(0, 1))
    assert band.numpy().tolist() == [[3, 2, 0], [0, 4, 0], [0, 0, 5]]
    assert tf.linalg.set_diag(tf.zeros([2, 3], tf.int32), [7, 8], k=1).numpy().tolist() == [
        [0, 7, 0],
        [0, 0, 8],
    ]


def test_band_part_negative_means_all():
    x = tf.reshape(tf.constant(list(range(9))), [3, 3])
    assert tf.linalg.band_part(x, 0, -1).numpy().tolist() == [[0, 1, 2], [0, 4, 5], [0, 0, 8]]
    assert tf.linalg.band_part(x, -2, 0).numpy().tolist() == [[0, 0, 0], [3, 4, 0], [6, 7, 8]]


def test_singular_solves_and_determinants():
    singular = tf.constant([[1.0, 2.0], [2.0, 4.0]])
    assert tf.linalg.det(singular).numpy() == 0
    sign, log_abs = tf.linalg.slogdet(singular)
    assert sign.numpy() == 0 and log_abs.numpy() == -np.inf
    result = tf.linalg.triangular_solve(tf.constant([[0.0, 0.0], [1.0, 1.0]]), tf.constant([[2.0], [3.0]]))
    assert np.isinf(result.numpy()).all()


# ---- errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "fn, error, match",
    [
        (
            lambda: tf.matmul(tf.ones([2, 3]), tf.ones([4, 5])),
            tf.errors.InvalidArgumentError,
            r"Matrix size-incompatible: In\[0\]: \[2,3\], In\[1\]: \[4,5\]",
        ),
        (
            lambda: tf.matmul(tf.ones([2, 2, 3]), tf.ones([3, 3, 5])),
            tf.errors.InvalidArgumentError,
            "compatible batch dimensions",
        ),
        (
            lambda: tf.matmul(tf.ones([3]), tf.ones([3, 4])),
            tf.errors.InvalidArgumentError,
            "ndims must be >= 2",
        ),
        (
            lambda: tf.matmul(tf.ones([2, 3]), tf.ones([3, 4], tf.float64)),
            tf.errors.InvalidArgumentError,
            "float64",
        ),
        (
            lambda: tf.matmul(tf.ones([2, 3], tf.int8), tf.ones([3, 4], tf.int8)),
            tf.errors.InvalidArgumentError,
            "int8",
        ),
        (
            lambda: tf.matmul(tf.ones([2, 2]), tf.ones([2, 2]), transpose_a=True, adjoint_a=True),
            ValueError,
            "Only one of",
        ),
        (
            lambda: tf.linalg.inv([[1.0, 2.0], [2.0, 4.0]]),
            tf.errors.InvalidArgumentError,
            "Input is not invertible",
        ),
        (lambda: tf.linalg.inv(tf.ones([2, 3])), tf.errors.InvalidArgumentError, "must be square"),
        (lambda: tf.linalg.inv(tf.ones([2, 2], tf.int32)), tf.errors.InvalidArgumentError, "int32"),
        (
            lambda: tf.linalg.solve([[1.0, 2.0], [2.0, 4.0]], [[1.0], [1.0]]),
            tf.errors.InvalidArgumentError,
            "not invertible",
        ),
        (
            lambda: tf.linalg.solve(tf.ones([3, 2, 2]), tf.ones([1, 2, 1])),
            tf.errors.InvalidArgumentError,
            "same outer dimensions",
        ),
        (lambda: tf.linalg.pinv([[1, 2], [3, 4]]), TypeError, "float"),
        (lambda: tf.linalg.cross([1.0, 0.0], [0.0, 1.0]), tf.errors.FailedPreconditionError, "3-element"),
        (
            lambda: tf.linalg.cross(tf.ones([2, 3]), tf.ones([3])),
            tf.errors.InvalidArgumentError,
            "same shape",
        ),
        (lambda: tf.linalg.band_part(tf.ones([3, 3]), 5, 0), tf.errors.InvalidArgumentError, "num_lower"),
        (lambda: tf.linalg.diag([1, 2], k=(1, 0)), tf.errors.InvalidArgumentError, "must not be larger"),
        (
            lambda: tf.linalg.diag([1, 2], k=1, num_rows=1, num_cols=4),
            tf.errors.InvalidArgumentError,
            "too small",
        ),
        (lambda: tf.linalg.diag_part(tf.ones([2, 2]), k=5), tf.errors.InvalidArgumentError, "out of bound"),
        (lambda: tf.linalg.diag_part(tf.ones([2, 2]), align="FOO"), tf.errors.InvalidArgumentError, "align"),
        (
            lambda: tf.linalg.set_diag(tf.zeros([2, 3]), [7.0, 8.0, 9.0]),
            tf.errors.InvalidArgumentError,
            "longests diagonal",
        ),
        (lambda: tf.linalg.trace(tf.ones([3])), tf.errors.InvalidArgumentError, "at least 2-dim"),
        (lambda: tf.linalg.matrix_transpose([1, 2]), ValueError, "rank >= 2"),
        (lambda: tf.norm(tf.ones([2, 2]), ord="fro"), ValueError, "supported vector norm"),
        (lambda: tf.norm(tf.ones([2, 2]), ord=3, axis=[0, 1]), ValueError, "supported matrix norm"),
        (lambda: tf.norm(tf.ones([2, 2, 2]), axis=[0, 1, 2]), ValueError, "tuple of 2 unique integers"),
        (lambda: tf.norm(tf.constant([3, 4])), tf.errors.InvalidArgumentError, "int32"),
        (lambda: tf.einsum("ij,jk->ik", tf.ones([2, 2])), ValueError, "expecting 2"),
        (
            lambda: tf.einsum("ij,jk->ik", tf.ones([2, 2]), tf.ones([3, 2])),
            tf.errors.InvalidArgumentError,
            "Expected dimension 2",
        ),
        (lambda: tf.tensordot(tf.ones([2, 3]), tf.ones([4, 2]), [[0, 1], [1]]), ValueError, "2 != 1"),
        (lambda: tf.tensordot(tf.ones([2, 3]), tf.ones([3, 2]), 3), ValueError, "must not be larger"),
        (
            lambda: tf.tensordot(tf.ones([2, 3]), tf.ones([4, 2]), [[1], [1]]),
            tf.errors.InvalidArgumentError,
            "size-incompatible",
        ),
    ],
)
def test_errors(fn, error, match):
    with pytest.raises(error, match=match):
        fn()


def test_lstsq_and_normalize():
    a = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
    b = np.array([[1.0], [2.0], [2.0]])
    expected = np.linalg.lstsq(a, b, rcond=None)[0]
    np.testing.assert_allclose(tf.linalg.lstsq(a, b).numpy(), expected, rtol=1e-10)
    np.testing.assert_allclose(tf.linalg.lstsq(a, b, fast=False).numpy(), expected, rtol=1e-10)
    wide = tf.linalg.lstsq(a.T, np.array([[1.0], [2.0]]))  # under-determined: minimum-norm solution
    np.testing.assert_allclose(wide.numpy(), np.linalg.pinv(a.T) @ np.array([[1.0], [2.0]]), rtol=1e-10)
    ridge = tf.linalg.lstsq(a, b, l2_regularizer=0.5).numpy()
    np.testing.assert_allclose(ridge, np.linalg.solve(a.T @ a + 0.5 * np.eye(2), a.T @ b), rtol=1e-10)
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.linalg.lstsq(a, b, l2_regularizer=0.5, fast=False)
    normalized, norm = tf.linalg.normalize(tf.constant([[3.0, 4.0], [6.0, 8.0]]), axis=1)
    np.testing.assert_allclose(normalized.numpy(), [[0.6, 0.8], [0.6, 0.8]], rtol=1e-6)
    np.testing.assert_allclose(norm.numpy(), [[5.0], [10.0]], rtol=1e-6)


def test_einsum_with_an_unknown_batch_size():
    function = tf.function(
        lambda x: tf.einsum("abc,cd->abd", x, tf.ones([4, 5])), input_signature=[tf.TensorSpec([None, 3, 4])]
    )
    graph_output = function.get_concrete_function().structured_outputs
    assert graph_output.shape.as_list() == [None, 3, 5]
    np.testing.assert_allclose(function(np.ones((2, 3, 4), "float32")).numpy(), np.full((2, 3, 5), 4.0))
