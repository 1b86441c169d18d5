"""tf.nn ops: values against NumPy, gradients against finite differences (and TensorFlow's own
gradient rules where they differ from the exact derivative), and TensorFlow's errors."""

import math

import numpy as np
import pytest

import lamina as tf
from tests.ops.harness import OpCase, check_values, check_vjp, default_inputs, inputs_for

_ERF = np.vectorize(math.erf)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(x, axis=-1):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _away_from_kinks(rng, shape, dtype):
    """Inputs at least 0.1 away from 0 (and 6), where the piecewise activations are not smooth."""
    x = rng.uniform(0.1, 7.5, size=shape) * rng.choice([-1, 1], size=shape)
    x = np.where(np.abs(x - 6) < 0.1, 5.5, x)
    return (x.astype(dtype),)


def _labels_logits(rng, shape, dtype):
    labels = _softmax(rng.normal(size=shape)).astype(dtype)
    return labels, rng.normal(size=shape).astype(dtype)


def _binary_labels_logits(rng, shape, dtype):
    return rng.uniform(0, 1, size=shape).astype(dtype), rng.normal(scale=2, size=shape).astype(dtype)


def _sigmoid_xent(z, x):
    return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))


_SELU = (1.6732632423543772848170429916717, 1.0507009873554804934193349852946)

CASES = [
    OpCase(
        "relu",
        tf.nn.relu,
        lambda x: np.maximum(x, 0),
        dtypes=("float16", "float32", "float64", "int32"),
        make_inputs=_away_from_kinks,
    ),
    OpCase(
        "relu6",
        tf.nn.relu6,
        lambda x: np.clip(x, 0, 6),
        dtypes=("float32", "float64", "int64"),
        make_inputs=_away_from_kinks,
    ),
    OpCase(
        "elu", tf.nn.elu, lambda x: np.where(x > 0, x, np.expm1(x)), dtypes=("float16", "float32", "float64")
    ),
    OpCase("selu", tf.nn.selu, lambda x: _SELU[1] * np.where(x > 0, x, _SELU[0] * np.expm1(x))),
    OpCase("gelu", tf.nn.gelu, lambda x: 0.5 * x * (1 + _ERF(x / np.sqrt(2)))),
    OpCase(
        "gelu_approximate",
        lambda x: tf.nn.gelu(x, approximate=True),
        lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3))),
    ),
    OpCase(
        "leaky_relu", tf.nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x), make_inputs=_away_from_kinks
    ),
    OpCase(
        "leaky_relu_alpha",
        lambda x: tf.nn.leaky_relu(x, alpha=0.5),
        lambda x: np.where(x > 0, x, 0.5 * x),
        make_inputs=_away_from_kinks,
    ),
    OpCase("swish", tf.nn.swish, lambda x: x / (1 + np.exp(-x))),
    OpCase("silu_beta", lambda x: tf.nn.silu(x, beta=2.0), lambda x: x / (1 + np.exp(-2 * x))),
    OpCase("softsign", tf.nn.softsign, lambda x: x / (1 + np.abs(x))),
    OpCase("softplus", tf.nn.softplus, lambda x: np.log1p(np.exp(x))),
    OpCase(
        "crelu",
        tf.nn.crelu,
        lambda x: np.concatenate([np.maximum(x, 0), np.maximum(-x, 0)], -1),
        make_inputs=_away_from_kinks,
    ),
    OpCase(
        "crelu_axis0",
        lambda x: tf.nn.crelu(x, axis=0),
        lambda x: np.concatenate([np.maximum(x, 0), np.maximum(-x, 0)], 0),
        make_inputs=_away_from_kinks,
    ),
    OpCase("softmax", tf.nn.softmax, _softmax, dtypes=("float16", "float32", "float64")),
    OpCase("softmax_axis0", lambda x: tf.nn.softmax(x, axis=0), lambda x: _softmax(x, 0)),
    OpCase("log_softmax", tf.nn.log_softmax, _log_softmax, dtypes=("float16", "float32", "float64")),
    OpCase(
        "moments",
        lambda x: tf.nn.moments(x, axes=[0, 2]),
        lambda x: (x.mean((0, 2)), x.var((0, 2))),
        dtypes=("float16", "float32", "float64"),
        shapes=((2, 3, 2),),
        grad=False,
    ),
    OpCase(
        "moments_keepdims",
        lambda x: tf.nn.moments(x, axes=-1, keepdims=True),
        lambda x: (x.mean(-1, keepdims=True), x.var(-1, keepdims=True)),
        grad=False,
    ),
    OpCase(
        "batch_normalization",
        lambda x, m, v, o, s: tf.nn.batch_normalization(x, m, v, o, s, 0.001),
        lambda x, m, v, o, s: (x - m) * s / np.sqrt(v + 0.001) + o,
        make_inputs=lambda rng, shape, dtype: tuple(
            rng.uniform(0.5, 2, size=s).astype(dtype) for s in ((4, 3), (3,), (3,), (3,), (3,))
        ),
    ),
    OpCase(
        "batch_normalization_no_affine",
        lambda x, m, v: tf.nn.batch_normalization(x, m, v, None, None, 0.1),
        lambda x, m, v: (x - m) / np.sqrt(v + 0.1),
        make_inputs=lambda rng, shape, dtype: tuple(
            rng.uniform(0.5, 2, size=s).astype(dtype) for s in ((4, 3), (3,), (3,))
        ),
    ),
    OpCase("l2_loss", tf.nn.l2_loss, lambda x: np.sum(x**2) / 2, dtypes=("float16", "float32", "float64")),
    OpCase(
        "bias_add",
        tf.nn.bias_add,
        lambda x, b: x + b,
        dtypes=("float32", "float64", "int32"),
        make_inputs=lambda rng, shape, dtype: (
            default_inputs(1)(rng, (2, 2, 3), dtype) + default_inputs(1)(rng, (3,), dtype)
        ),
    ),
    OpCase(
        "bias_add_nchw",
        lambda x, b: tf.nn.bias_add(x, b, data_format="NCHW"),
        lambda x, b: x + b[:, None, None],
        make_inputs=lambda rng, shape, dtype: (
            default_inputs(1)(rng, (2, 3, 2, 2), dtype) + default_inputs(1)(rng, (3,), dtype)
        ),
    ),
    OpCase(
        "softmax_cross_entropy",
        tf.nn.softmax_cross_entropy_with_logits,
        lambda z, x: -np.sum(z * _log_softmax(x), -1),
        dtypes=("float16", "float32", "float64"),
        make_inputs=_labels_logits,
    ),
    OpCase(
        "softmax_cross_entropy_axis0",
        lambda z, x: tf.nn.softmax_cross_entropy_with_logits(z, x, axis=0),
        lambda z, x: -np.sum(z * _log_softmax(x, 0), 0),
        make_inputs=_labels_logits,
        grad=False,
    ),
    OpCase(
        "sigmoid_cross_entropy",
        lambda z, x: tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x),
        _sigmoid_xent,
        make_inputs=_binary_labels_logits,
    ),
    OpCase(
        "weighted_cross_entropy",
        lambda z, x: tf.nn.weighted_cross_entropy_with_logits(z, x, 3.0),
        lambda z, x: (1 - z) * x + (1 + 2 * z) * np.log1p(np.exp(-x)),
        make_inputs=_binary_labels_logits,
    ),
    OpCase(
        "log_poisson_loss",
        tf.nn.log_poisson_loss,
        lambda t, x: np.exp(x) - x * t,
        make_inputs=lambda rng, shape, dtype: (
            rng.uniform(0, 4, shape).astype(dtype),
            rng.normal(size=shape).astype(dtype),
        ),
    ),
    OpCase(
        "log_poisson_loss_full",
        lambda t, x: tf.nn.log_poisson_loss(t, x, compute_full_loss=True),
        lambda t, x: np.exp(x) - x * t + np.where(t > 1, t * np.log(t) - t + 0.5 * np.log(2 * np.pi * t), 0),
        make_inputs=lambda rng, shape, dtype: (
            rng.uniform(0, 4, shape).astype(dtype),
            rng.normal(size=shape).astype(dtype),
        ),
    ),
    OpCase(
        "lrn",
        lambda x: tf.nn.lrn(x, depth_radius=1, bias=1.0, alpha=0.5, beta=0.75),
        lambda x: (
            x
            / (
                1
                + 0.5
                * (
                    np.pad(x**2, [(0, 0)] * 3 + [(1, 1)])[..., :-2]
                    + x**2
                    + np.pad(x**2, [(0, 0)] * 3 + [(1, 1)])[..., 2:]
                )
            )
            ** 0.75
        ),
        dtypes=("float32",),
        shapes=((1, 2, 2, 4),),
        grad=False,
    ),
    OpCase(
        "zero_fraction",
        tf.nn.zero_fraction,
        lambda x: np.float32(np.mean(x == 0)),
        dtypes=("int32", "float32"),
        make_inputs=lambda rng, shape, dtype: (rng.integers(0, 2, size=shape).astype(dtype),),
        grad=False,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_values(case):
    for dtype in case.dtypes:
        for shape in case.shapes:
            check_values(case, shape, dtype)


@pytest.mark.parametrize("case", [c for c in CASES if c.grad], ids=str)
def test_gradient(case):
    inputs = inputs_for(case, case.shapes[0], "float64")
    check_vjp(case.lamina_fn, inputs, rtol=1e-5, atol=1e-7)


def test_lrn_gradient():
    x = np.random.default_rng(0).normal(size=(1, 1, 2, 4)).astype(np.float32)
    tensor = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(tensor)
        out = tf.nn.lrn(tensor, depth_radius=1)
    got = tape.gradient(out, tensor).numpy()

    def f(v):
        return tf.nn.lrn(tf.constant(v.astype(np.float32)), depth_radius=1).numpy().astype(np.float64).sum()

    eps = 1e-3
    expected = np.zeros_like(x, dtype=np.float64)
    for i in np.ndindex(x.shape):
        plus, minus = x.astype(np.float64), x.astype(np.float64)
        plus[i] += eps
        minus[i] -= eps
        expected[i] = (f(plus) - f(minus)) / (2 * eps)
    np.testing.assert_allclose(got, expected, rtol=2e-2, atol=2e-3)


def test_activation_gradients_at_kinks_match_tensorflow():
    x = tf.constant([0.0, 6.0, -1.0, 3.0])
    for fn, expected in [
        (tf.nn.relu, [0, 1, 0, 1]),
        (tf.nn.relu6, [0, 0, 0, 1]),
        (tf.nn.elu, [1, 1, np.exp(-1), 1]),
    ]:
        with tf.GradientTape() as tape:
            tape.watch(x)
            out = fn(x)
        np.testing.assert_allclose(tape.gradient(out, x).numpy(), expected, rtol=1e-6)


def test_softmax_cross_entropy_gradients_follow_tensorflow():
    # Labels that do not sum to one: TensorFlow's logits gradient is softmax - labels regardless.
    labels = tf.constant([[0.2, 0.9, 0.3]], dtype=tf.float64)
    logits = tf.constant([[1.0, -2.0, 0.5]], dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch([labels, logits])
        loss = tf.nn.softmax_cross_entropy_with_logits(labels, logits)
    grad_labels, grad_logits = tape.gradient(loss, [labels, logits])
    np.testing.assert_allclose(grad_logits.numpy(), _softmax(logits.numpy()) - labels.numpy(), rtol=1e-12)
    np.testing.assert_allclose(grad_labels.numpy(), -_log_softmax(logits.numpy()), rtol=1e-12)


def test_softmax_cross_entropy_broadcast_labels_gradient():
    labels = tf.constant([[0.0, 1.0, 0.0]], dtype=tf.float64)
    logits = tf.constant([[1.0, -2.0, 0.5], [0.0, 1.0, 2.0]], dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(labels)
        loss = tf.nn.softmax_cross_entropy_with_logits(labels, logits)
    np.testing.assert_allclose(
        tape.gradient(loss, labels).numpy(), -_log_softmax(logits.numpy()).sum(0, keepdims=True)
    )


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sparse_softmax_cross_entropy(dtype):
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(2, 3, 4)).astype(dtype)
    labels = rng.integers(0, 4, size=(2, 3))
    expected = -np.take_along_axis(_log_softmax(logits), labels[..., None], -1)[..., 0]
    for label_dtype in (tf.int32, tf.int64):
        got = tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant(labels, label_dtype), logits)
        assert got.dtype == tf.as_dtype(dtype)
        np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5)
    check_vjp(lambda x: tf.nn.sparse_softmax_cross_entropy_with_logits(labels, x), [logits])


def test_dropout():
    x = tf.ones([200, 50])
    tf.random.set_seed(5)
    first = tf.nn.dropout(x, 0.25, seed=3).numpy()
    kept = first != 0
    np.testing.assert_allclose(first[kept], 1 / 0.75, rtol=1e-6)
    assert 0.7 < kept.mean() < 0.8
    tf.random.set_seed(5)
    np.testing.assert_array_equal(tf.nn.dropout(x, 0.25, seed=3).numpy(), first)
    assert not np.array_equal(tf.nn.dropout(x, 0.25, seed=3).numpy(), first)  # the next call draws anew
    rows = tf.nn.dropout(tf.ones([100, 4]), 0.5, noise_shape=[100, 1]).numpy()
    assert all(len(set(row)) == 1 for row in rows)
    assert tf.nn.dropout(x, 0.0) is x
    half = tf.nn.dropout(tf.ones([8], tf.float16), tf.constant(0.5))
    assert half.dtype == tf.float16 and set(half.numpy().tolist()) <= {0.0, 2.0}


def test_dropout_with_an_unknown_batch_size():
    # A None in noise_shape (or an unknown dimension of x) takes x's size when the op runs.
    function = tf.function(
        lambda x: tf.nn.dropout(x, 0.5, noise_shape=[None, 1]), input_signature=[tf.TensorSpec([None, 4])]
    )
    rows = function(tf.ones([64, 4])).numpy()
    assert rows.shape == (64, 4) and all(len(set(row)) == 1 for row in rows)
    assert 0 < (rows[:, 0] == 0).mean() < 1
    full = tf.function(lambda x: tf.nn.dropout(x, 0.5), input_signature=[tf.TensorSpec([None, 4])])
    assert set(np.unique(full(tf.ones([16, 4])).numpy())) == {0.0, 2.0}
    with pytest.raises(tf.errors.InvalidArgumentError, match="not broadcastable"):
        tf.nn.dropout(tf.ones([4, 3]), 0.5, noise_shape=[3, 1])


def test_dropout_gradient_uses_the_same_mask():
    x = tf.constant(np.arange(1.0, 21.0))
    with tf.GradientTape() as tape:
        tape.watch(x)
        out = tf.nn.dropout(x, 0.5, seed=1)
    grad = tape.gradient(out, x).numpy()
    np.testing.assert_allclose(grad, np.where(out.numpy() != 0, 2.0, 0.0))


def test_embedding_lookup():
    params = np.arange(12.0).reshape(6, 2)
    ids = np.array([[5, 0], [2, 2]])
    np.testing.assert_array_equal(tf.nn.embedding_lookup(params, ids).numpy(), params[ids])
    # A list of shards splits the ids into contiguous ranges, the first shards one larger ("div").
    shards = [params[0:2], params[2:4], params[4:6]]
    np.testing.assert_array_equal(tf.nn.embedding_lookup(shards, ids).numpy(), params[ids])
    uneven = [params[0:3], params[3:5]]
    np.testing.assert_array_equal(tf.nn.embedding_lookup(uneven, [0, 1, 2, 3, 4]).numpy(), params[:5])
    clipped = tf.nn.embedding_lookup(tf.constant([[3.0, 4.0], [0.3, 0.4]]), [[0, 1]], max_norm=1.0)
    np.testing.assert_allclose(clipped.numpy(), [[[0.6, 0.8], [0.3, 0.4]]], rtol=1e-6)
    check_vjp(lambda p: tf.nn.embedding_lookup(p, ids), [params])


def test_in_top_k():
    predictions = tf.constant([[0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [np.nan, 1.0, 0.0]])
    got = tf.nn.in_top_k(targets=[1, 0, 1], predictions=predictions, k=1)
    assert got.dtype == tf.bool and got.numpy().tolist() == [True, False, False]
    # Ties at the boundary are all inside; an out-of-range target is never inside.
    ties = tf.nn.in_top_k([0, 1, 7], tf.constant([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [1.0, 2.0, 3.0]]), 1)
    assert ties.numpy().tolist() == [True, True, False]
    assert tf.nn.in_top_k([0, 1, 2], predictions, 2).numpy().tolist() == [True, True, False]


def test_loss_scaling_helpers():
    assert tf.nn.compute_average_loss([1.0, 2.0, 3.0]).numpy() == pytest.approx(2.0)
    assert tf.nn.compute_average_loss([1.0, 2.0, 3.0], global_batch_size=6).numpy() == pytest.approx(1.0)
    weighted = tf.nn.compute_average_loss([1.0, 2.0, 3.0], sample_weight=[1.0, 0.0, 2.0])
    assert weighted.numpy() == pytest.approx(7 / 3)
    assert tf.nn.compute_average_loss(tf.ones([2, 3])).numpy() == pytest.approx(3.0)
    assert tf.nn.compute_average_loss([1.0], global_batch_size=0).numpy() == 0
    assert tf.nn.scale_regularization_loss([1.0, 2.0]).numpy() == pytest.approx(3.0)
    mean, variance = tf.nn.normalize_moments(4.0, [4.0, 8.0], [8.0, 20.0], 1.0)
    assert mean.numpy().tolist() == [2.0, 3.0] and variance.numpy().tolist() == [1.0, 1.0]
    mean, variance = tf.nn.normalize_moments(4.0, [4.0, 8.0], [8.0, 20.0], None)
    assert mean.numpy().tolist() == [1.0, 2.0] and variance.numpy().tolist() == [1.0, 1.0]


def test_aliases():
    x = tf.constant([[1.0, -2.0], [3.0, 4.0]])
    np.testing.assert_allclose(
        tf.nn.l2_normalize(x, axis=1).numpy(),
        x.numpy() / np.linalg.norm(x.numpy(), axis=1, keepdims=True),
        rtol=1e-6,
    )
    np.testing.assert_allclose(tf.nn.sigmoid(x).numpy(), 1 / (1 + np.exp(-x.numpy())), rtol=1e-6)
    np.testing.assert_allclose(tf.nn.tanh(x).numpy(), np.tanh(x.numpy()), rtol=1e-6)
    assert tf.nn.silu is tf.nn.swish and tf.nn.lrn is tf.nn.local_response_normalization


# ---- errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "fn, error, match",
    [
        (lambda: tf.nn.elu(tf.constant([1, 2])), tf.errors.InvalidArgumentError, "int32"),
        (lambda: tf.nn.gelu(tf.constant([1, 2])), ValueError, "floating point"),
        (lambda: tf.nn.softmax(tf.ones([2, 3]), axis=2), tf.errors.InvalidArgumentError, r"range \[-2, 2\)"),
        (lambda: tf.nn.dropout(tf.ones([2]), 1.0), ValueError, r"range \[0, 1\)"),
        (lambda: tf.nn.dropout(tf.constant([1, 2]), 0.5), ValueError, "floating point"),
        (
            lambda: tf.nn.dropout(tf.ones([2, 3]), 0.5, noise_shape=[3, 1]),
            tf.errors.InvalidArgumentError,
            "broadcastable",
        ),
        (
            lambda: tf.nn.bias_add(tf.ones([2, 3]), [1.0, 2.0]),
            tf.errors.InvalidArgumentError,
            "as many biases",
        ),
        (lambda: tf.nn.bias_add(tf.ones([2, 3]), [[1.0, 2.0, 3.0]]), tf.errors.InvalidArgumentError, "1D"),
        (
            lambda: tf.nn.bias_add(tf.ones([3]), [1.0, 2.0, 3.0]),
            tf.errors.InvalidArgumentError,
            "at least 2D",
        ),
        (
            lambda: tf.nn.bias_add(tf.ones([2, 3]), [1.0, 2.0, 3.0], data_format="XYZ"),
            ValueError,
            "data_format",
        ),
        (
            lambda: tf.nn.softmax_cross_entropy_with_logits(tf.ones([2, 2]), tf.ones([2, 3])),
            tf.errors.InvalidArgumentError,
            "broadcastable",
        ),
        (
            lambda: tf.nn.sparse_softmax_cross_entropy_with_logits([1, 5], tf.ones([2, 3])),
            tf.errors.InvalidArgumentError,
            r"label value of 5 which is outside the valid range of \[0, 3\)",
        ),
        (
            lambda: tf.nn.sparse_softmax_cross_entropy_with_logits([-1, 0], tf.ones([2, 3])),
            tf.errors.InvalidArgumentError,
            "label value of -1",
        ),
        (
            lambda: tf.nn.sparse_softmax_cross_entropy_with_logits([[1, 2]], tf.ones([2, 3])),
            ValueError,
            "rank",
        ),
        (
            lambda: tf.nn.sparse_softmax_cross_entropy_with_logits([1, 2, 0], tf.ones([2, 3])),
            ValueError,
            "except for the last dimension",
        ),
        (
            lambda: tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0, 1.0], logits=tf.ones([2, 3])),
            ValueError,
            "same shape",
        ),
        (lambda: tf.nn.log_poisson_loss([0.0, 1.0], [0.5, 1.0, 2.0]), ValueError, "same shape"),
        (
            lambda: tf.nn.embedding_lookup(tf.ones([3, 2]), [2, 5]),
            tf.errors.InvalidArgumentError,
            r"= 5 is not in \[0, 3\)",
        ),
        (lambda: tf.nn.lrn(tf.ones([1, 2, 4])), tf.errors.InvalidArgumentError, "4-dimensional"),
        (lambda: tf.nn.l2_loss(tf.constant([1, 2])), tf.errors.InvalidArgumentError, "int32"),
        (lambda: tf.nn.compute_average_loss([1.0], global_batch_size=2.5), TypeError, "integer"),
    ],
)
def test_errors(fn, error, match):
    with pytest.raises(error, match=match):
        fn()
