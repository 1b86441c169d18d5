"""tf.random: distributions (moments, ranges), dtypes and shapes, seed rules, stateless ops,
Generator state, gradients, and errors. Statistical bounds are generous (several standard errors)
and every draw is seeded, so the tests are deterministic."""

import numpy as np
import pytest

import lamina as tf
from lamina.ops import random_ops
from tests.ops.harness import check_vjp

N = 20_000  # samples for moment checks: standard error of a mean ~ 0.007 sigma


@pytest.fixture(autouse=True)
def _seeded():
    tf.random.set_seed(1234)
    yield
    tf.random.set_seed(None)


def _moments(sample):
    values = np.asarray(sample.numpy(), dtype=np.float64).ravel()
    return values.mean(), values.std()


# ---- distributions: shape, dtype, moments -------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_normal_moments_and_dtype(dtype):
    sample = tf.random.normal([N], mean=3.0, stddev=2.0, dtype=dtype)
    assert sample.dtype == tf.as_dtype(dtype) and sample.shape == (N,)
    mean, std = _moments(sample)
    assert abs(mean - 3.0) < 0.1 and abs(std - 2.0) < 0.1


def test_normal_parameters_broadcast():
    sample = tf.random.normal([N, 3], mean=[0.0, 10.0, -10.0], stddev=[1.0, 0.1, 3.0])
    values = sample.numpy()
    np.testing.assert_allclose(values.mean(axis=0), [0.0, 10.0, -10.0], atol=0.1)
    np.testing.assert_allclose(values.std(axis=0), [1.0, 0.1, 3.0], rtol=0.05)


@pytest.mark.parametrize("dtype", ["float32", "float64", "bfloat16"])
def test_truncated_normal_stays_within_two_stddevs(dtype):
    sample = tf.random.truncated_normal([N], mean=1.0, stddev=0.5, dtype=dtype)
    values = np.asarray(sample.numpy(), dtype=np.float64)
    assert sample.dtype == tf.as_dtype(dtype)
    assert values.min() >= 0.0 and values.max() <= 2.0
    # The standard normal truncated to [-2, 2] has standard deviation 0.8796.
    assert abs(values.mean() - 1.0) < 0.02 and abs(values.std() - 0.5 * 0.8796) < 0.02


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_uniform_float_range_and_moments(dtype):
    values = np.asarray(tf.random.uniform([N], dtype=dtype).numpy(), dtype=np.float64)
    assert values.min() >= 0.0 and values.max() < 1.0
    assert abs(values.mean() - 0.5) < 0.01 and abs(values.var() - 1 / 12) < 0.005
    # (maxval - minval) * u + minval may round up to maxval in low precision, as in TensorFlow.
    shifted = tf.random.uniform([N], minval=-3.0, maxval=5.0, dtype=dtype).numpy().astype(np.float64)
    assert shifted.min() >= -3.0 and shifted.max() <= 5.0 and abs(shifted.mean() - 1.0) < 0.1


@pytest.mark.parametrize("dtype", ["int32", "int64"])
def test_uniform_int_covers_the_range(dtype):
    sample = tf.random.uniform([N], minval=-2, maxval=5, dtype=dtype)
    assert sample.dtype == tf.as_dtype(dtype)
    counts = np.bincount(sample.numpy() + 2, minlength=7)
    assert len(counts) == 7 and counts.min() > N / 7 * 0.9 and counts.max() < N / 7 * 1.1


def test_categorical_frequencies_follow_softmax():
    logits = np.log(np.array([[0.1, 0.2, 0.7], [0.5, 0.5, 0.0]], dtype=np.float32) + 1e-30)
    sample = tf.random.categorical(logits, N)
    assert sample.dtype == tf.int64 and sample.shape == (2, N)
    np.testing.assert_allclose(np.bincount(sample.numpy()[0], minlength=3) / N, [0.1, 0.2, 0.7], atol=0.02)
    np.testing.assert_allclose(np.bincount(sample.numpy()[1], minlength=3) / N, [0.5, 0.5, 0.0], atol=0.02)
    assert tf.random.categorical(logits, 0, dtype=tf.int32).shape == (2, 0)


def test_shuffle_permutes_the_first_dimension():
    rows = np.arange(40, dtype=np.int32).reshape(20, 2)
    shuffled = tf.random.shuffle(rows).numpy()
    assert shuffled.shape == (20, 2) and not np.array_equal(shuffled, rows)
    np.testing.assert_array_equal(np.sort(shuffled[:, 0]), rows[:, 0])
    np.testing.assert_array_equal(shuffled[:, 1], shuffled[:, 0] + 1)  # rows move whole
    assert tf.random.shuffle(7).numpy() == 7


# Gamma, Poisson and binomial samplers compile slowly (rejection loops, ~2 s each), so each test
# below compiles one configuration and checks shape, dtype, moments and gradients on it.
def test_gamma_shape_prefix_moments_and_gradient():
    alpha, beta = tf.constant([[0.5], [3.0]]), tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(alpha)
        sample = tf.random.gamma([N], alpha, beta)
    # The output is `shape` + broadcast(alpha.shape, beta.shape): N draws for each (alpha, beta).
    assert sample.shape == (N, 2, 2) and sample.dtype == tf.float32
    values = sample.numpy().astype(np.float64)
    # Gamma(alpha, rate beta): mean alpha / beta, variance alpha / beta**2.
    np.testing.assert_allclose(values.mean(axis=0), [[0.5, 0.25], [3.0, 1.5]], rtol=0.05)
    np.testing.assert_allclose(values.var(axis=0), [[0.5, 0.125], [3.0, 0.75]], rtol=0.1)
    assert values.min() > 0
    # d E[x] / d alpha = 1 / beta, so the summed pathwise gradient is about N * sum(1 / beta).
    np.testing.assert_allclose(tape.gradient(sample, alpha).numpy() / N, [[1.5], [1.5]], rtol=0.05)


def test_poisson_shape_dtype_moments_and_no_gradient():
    lam = tf.constant([1.0, 7.5])
    with tf.GradientTape() as tape:
        tape.watch(lam)
        sample = tf.random.poisson([N], lam)
    assert sample.dtype == tf.float32 and sample.shape == (N, 2)
    np.testing.assert_allclose(sample.numpy().mean(axis=0), [1.0, 7.5], rtol=0.05)
    np.testing.assert_allclose(sample.numpy().var(axis=0), [1.0, 7.5], rtol=0.1)
    assert tape.gradient(sample, lam) is None  # TensorFlow registers no gradient for Poisson


def test_stateless_binomial_moments():
    sample = tf.random.stateless_binomial([N, 2], seed=[1, 2], counts=[10.0, 40.0], probs=[0.5, 0.25])
    assert sample.dtype == tf.int32
    np.testing.assert_allclose(sample.numpy().mean(axis=0), [5.0, 10.0], rtol=0.03)
    np.testing.assert_allclose(sample.numpy().var(axis=0), [2.5, 7.5], rtol=0.1)


def test_stateless_poisson_and_gamma():
    lam = tf.random.stateless_poisson([N, 2], [3, 4], lam=[2.0, 5.0])
    assert lam.dtype == tf.int32
    np.testing.assert_allclose(lam.numpy().mean(axis=0), [2.0, 5.0], rtol=0.05)
    gam = tf.random.stateless_gamma([N, 2], [3, 4], alpha=[2.0, 5.0], beta=2.0)
    np.testing.assert_allclose(gam.numpy().mean(axis=0), [1.0, 2.5], rtol=0.05)


def test_stateless_parameterized_truncated_normal_bounds():
    sample = tf.random.stateless_parameterized_truncated_normal(
        [N, 3], seed=[5, 6], means=[0.0, 1.0, 2.0], stddevs=1.0, minvals=-1.0, maxvals=[1.0, 2.0, 10.0]
    ).numpy()
    assert sample.min() >= -1.0 and (sample.max(axis=0) <= [1.0, 2.0, 10.0]).all()
    assert abs(sample[:, 0].mean()) < 0.03  # symmetric truncation keeps the mean


# ---- seeds and reproducibility ------------------------------------------------------------------
def test_global_seed_reproduces_the_sequence():
    tf.random.set_seed(7)
    first = [tf.random.normal([4]).numpy(), tf.random.uniform([4]).numpy()]
    tf.random.set_seed(7)
    second = [tf.random.normal([4]).numpy(), tf.random.uniform([4]).numpy()]
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.array_equal(tf.random.normal([4]).numpy(), first[0])


def test_op_seed_gives_new_values_per_call_reproducibly():
    tf.random.set_seed(3)
    calls = [tf.random.normal([3], seed=11).numpy() for _ in range(2)]
    assert not np.array_equal(calls[0], calls[1])
    tf.random.set_seed(3)
    np.testing.assert_array_equal(tf.random.normal([3], seed=11).numpy(), calls[0])


def test_without_any_seed_calls_differ():
    tf.random.set_seed(None)
    assert not np.array_equal(tf.random.normal([4]).numpy(), tf.random.normal([4]).numpy())


def test_seed_is_an_input_so_calls_reuse_one_executable():
    opdef = random_ops._NORMAL.stateful
    for _ in range(3):
        tf.random.normal([5], seed=2)
    attrs = {"shape": (5,), "dtype": tf.float32}
    assert opdef.compiled(tuple(attrs.items()), attrs)._cache_size() == 1


@pytest.mark.parametrize("seed_dtype", ["int32", "int64"])
def test_stateless_ops_are_functions_of_the_seed(seed_dtype):
    seed = tf.constant([12, 34], dtype=seed_dtype)
    for fn in (tf.random.stateless_normal, tf.random.stateless_uniform, tf.random.stateless_truncated_normal):
        np.testing.assert_array_equal(fn([6], seed).numpy(), fn([6], seed).numpy())
        assert not np.array_equal(fn([6], seed).numpy(), fn([6], tf.constant([12, 35], seed_dtype)).numpy())
    logits = [[0.0, 0.0, 0.0]]
    categorical = tf.random.stateless_categorical(logits, 10, seed).numpy()
    np.testing.assert_array_equal(categorical, tf.random.stateless_categorical(logits, 10, seed).numpy())


def test_seeds_differing_in_high_bits_differ():
    low = tf.random.stateless_normal([4], tf.constant([1, 5], tf.int64)).numpy()
    high = tf.random.stateless_normal([4], tf.constant([1, 5 + 2**40], tf.int64)).numpy()
    assert not np.array_equal(low, high)


def test_stateless_uniform_integers():
    bounded = tf.random.stateless_uniform([N], [1, 2], minval=3, maxval=9, dtype=tf.int64).numpy()
    assert bounded.min() == 3 and bounded.max() == 8
    for dtype in ("int32", "uint64"):
        full = tf.random.stateless_uniform([1000], [1, 2], minval=None, maxval=None, dtype=dtype)
        assert full.dtype == tf.as_dtype(dtype)
        info = np.iinfo(dtype)
        # Draws spread over the whole range: some land in each of the outer quarters.
        values, quarter = full.numpy().astype(np.float64), (float(info.max) - float(info.min)) / 4
        assert values.min() < info.min + quarter and values.max() > info.max - quarter


def test_stateless_shuffle_split_and_fold_in():
    seed = tf.constant([3, 4], tf.int64)
    stateless_shuffle = tf.random.experimental.stateless_shuffle
    shuffled = stateless_shuffle(np.arange(10), seed).numpy()
    np.testing.assert_array_equal(shuffled, stateless_shuffle(np.arange(10), seed).numpy())
    np.testing.assert_array_equal(np.sort(shuffled), np.arange(10))
    seeds = tf.random.experimental.stateless_split(seed, num=3)
    assert seeds.shape == (3, 2) and seeds.dtype == tf.int64 and len({tuple(s) for s in seeds.numpy()}) == 3
    assert tf.random.split(tf.constant([1, 2]), 2).dtype == tf.int32
    folded = [tf.random.experimental.stateless_fold_in(seed, data).numpy() for data in (0, 1)]
    assert folded[0][1] == 0 and folded[1][1] == 1 and folded[0].shape == (2,)
    np.testing.assert_array_equal(folded[0], tf.random.fold_in(seed, 0).numpy())


# ---- Generator ----------------------------------------------------------------------------------
def test_generator_from_seed_is_reproducible_and_advances():
    first, second = tf.random.Generator.from_seed(42), tf.random.Generator.from_seed(42)
    draws = [first.normal([3]).numpy(), first.normal([3]).numpy()]
    assert not np.array_equal(draws[0], draws[1])
    np.testing.assert_array_equal(second.normal([3]).numpy(), draws[0])
    assert isinstance(first.state, tf.Variable)
    assert first.state.dtype == tf.int64 and first.state.shape == (3,)
    assert first.state.numpy()[0] == 2 and first.key.numpy() == 42


def test_generator_distributions():
    generator = tf.random.Generator.from_seed(1, alg="threefry")
    assert generator.algorithm == tf.random.Algorithm.THREEFRY.value and generator.state.shape == (2,)
    mean, std = _moments(generator.normal([N], mean=1.0, stddev=3.0))
    assert abs(mean - 1.0) < 0.1 and abs(std - 3.0) < 0.1
    truncated = generator.truncated_normal([N]).numpy()
    assert np.abs(truncated).max() <= 2.0
    uniform = generator.uniform([N], minval=2.0, maxval=4.0).numpy()
    assert uniform.min() >= 2.0 and uniform.max() < 4.0
    ints = generator.uniform([N], minval=0, maxval=3, dtype=tf.int32).numpy()
    assert set(np.unique(ints)) == {0, 1, 2}
    assert generator.uniform([2], minval=None, maxval=None, dtype=tf.int64).dtype == tf.int64
    assert generator.uniform_full_int([2]).dtype == tf.uint64
    binomial = generator.binomial([N, 2], counts=[10.0, 40.0], probs=[0.5, 0.25]).numpy()
    assert binomial.dtype == np.int32 and abs(binomial[:, 1].mean() - 10.0) < 0.2


def test_generator_reset_skip_split_and_seeds():
    generator = tf.random.Generator.from_seed(5)
    first = generator.normal([2]).numpy()
    generator.reset_from_seed(5)
    np.testing.assert_array_equal(generator.normal([2]).numpy(), first)
    generator.reset_from_seed(5)
    generator.skip(1)
    assert generator.state.numpy()[0] == 1
    assert not np.array_equal(generator.normal([2]).numpy(), first)
    children = generator.split(2)
    assert len(children) == 2
    assert not np.array_equal(children[0].normal([4]).numpy(), children[1].normal([4]).numpy())
    seeds = generator.make_seeds(3)
    assert seeds.shape == (2, 3) and seeds.dtype == tf.int64
    copy = tf.random.Generator(copy_from=generator)
    np.testing.assert_array_equal(copy.normal([3]).numpy(), generator.normal([3]).numpy())
    keyed = tf.random.Generator.from_key_counter(7, [1, 2], "philox")
    np.testing.assert_array_equal(keyed.state.numpy(), [1, 2, 7])


def test_global_generator_can_be_replaced():
    replacement = tf.random.Generator.from_seed(9)
    tf.random.set_global_generator(replacement)
    try:
        assert tf.random.get_global_generator() is replacement
        expected = tf.random.Generator.from_seed(9).normal([3]).numpy()
        np.testing.assert_array_equal(tf.random.get_global_generator().normal([3]).numpy(), expected)
    finally:
        tf.random.set_global_generator(tf.random.Generator.from_non_deterministic_state())


# ---- gradients ----------------------------------------------------------------------------------
def test_normal_gradient_reaches_mean_and_stddev():
    mean, stddev = tf.constant(2.0), tf.constant(0.5)
    with tf.GradientTape() as tape:
        tape.watch([mean, stddev])
        sample = tf.random.normal([50], mean=mean, stddev=stddev)
    d_mean, d_stddev = tape.gradient(sample, [mean, stddev])
    assert d_mean.numpy() == pytest.approx(50.0)
    assert d_stddev.numpy() == pytest.approx(((sample.numpy() - 2.0) / 0.5).sum(), rel=1e-4, abs=1e-4)


@pytest.mark.parametrize(
    "fn",
    [
        lambda mean, stddev: tf.random.stateless_normal([2, 3], [1, 2], mean, stddev, tf.float64),
        lambda mean, stddev: tf.random.stateless_truncated_normal([2, 3], [1, 2], mean, stddev, tf.float64),
        lambda low, high: tf.random.stateless_uniform([2, 3], [1, 2], low, high + 3.0, dtype=tf.float64),
    ],
    ids=["normal", "truncated_normal", "uniform"],
)
def test_stateless_gradients_match_finite_differences(fn):
    check_vjp(fn, [np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.5, 2.0])])


def test_shuffle_has_no_gradient():
    value = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(value)
        shuffled = tf.random.shuffle(value)
    assert tape.gradient(shuffled, value) is None


# ---- errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: tf.random.uniform([2], dtype=tf.int32), ValueError),
        (lambda: tf.random.uniform([2], 5, 5, dtype=tf.int32), tf.errors.InvalidArgumentError),
        (lambda: tf.random.uniform([2], [0, 1], [5, 6], dtype=tf.int32), tf.errors.InvalidArgumentError),
        (lambda: tf.random.uniform([2], 0, 5, dtype=tf.uint8), ValueError),
        (lambda: tf.random.normal([2], dtype=tf.int32), TypeError),
        (lambda: tf.random.normal(3), tf.errors.InvalidArgumentError),
        (lambda: tf.random.normal([-1, 2]), tf.errors.InvalidArgumentError),
        (lambda: tf.random.normal([2, 3], mean=[1.0, 2.0]), tf.errors.InvalidArgumentError),
        (lambda: tf.random.categorical([0.0, 1.0], 3), tf.errors.InvalidArgumentError),
        (lambda: tf.random.categorical([[0.0, 1.0]], 3, dtype=tf.int16), ValueError),
        (lambda: tf.random.gamma([2], 1, dtype=tf.int32), ValueError),
        (lambda: tf.random.stateless_normal([2], seed=[1, 2, 3]), tf.errors.InvalidArgumentError),
        (lambda: tf.random.stateless_normal([2], seed=[1.0, 2.0]), tf.errors.InvalidArgumentError),
        (lambda: tf.random.stateless_uniform([2], [1, 2], dtype=tf.int32), ValueError),
        (lambda: tf.random.stateless_uniform([2], [1, 2], 0, 3, dtype=tf.uint32), ValueError),
        (lambda: tf.random.stateless_gamma([3], [1, 2], alpha=[1.0, 5.0]), tf.errors.InvalidArgumentError),
        (lambda: tf.random.Generator.from_seed(1, alg="foo"), ValueError),
        (lambda: tf.random.Generator.from_state([1, 2], "philox"), ValueError),
        (lambda: tf.random.Generator.from_seed(1).uniform([2], dtype=tf.int32), ValueError),
    ],
)
def test_bad_arguments_raise_tensorflows_errors(call, error):
    with pytest.raises(error):
        call()


def test_error_messages_name_what_was_wrong():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval, got 5 >= 5"):
        tf.random.uniform([2], 5, 5, dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"seed must have shape \[2\], not \[3\]"):
        tf.random.stateless_uniform([2], seed=[1, 2, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="logits should be a matrix"):
        tf.random.categorical([0.0, 1.0], 3)


def test_normal_like_follows_the_shape_of_its_input():
    # Internal op of Keras's noise layers: the noise takes x's shape when the op runs.
    noise = random_ops.normal_like(tf.zeros([200, 50]), mean=1.0, stddev=0.5).numpy()
    assert noise.shape == (200, 50) and abs(noise.mean() - 1.0) < 0.02 and abs(noise.std() - 0.5) < 0.02
    half = random_ops.normal_like(tf.zeros([4], tf.float16))
    assert half.dtype == tf.float16
    function = tf.function(lambda x: random_ops.normal_like(x), input_signature=[tf.TensorSpec([None, 3])])
    assert function(tf.zeros([5, 3])).shape.as_list() == [5, 3]
    tf.random.set_seed(1)
    first = random_ops.normal_like(tf.zeros([3]), seed=2).numpy()
    tf.random.set_seed(1)
    np.testing.assert_array_equal(random_ops.normal_like(tf.zeros([3]), seed=2).numpy(), first)
    with pytest.raises(TypeError, match="must be floating"):
        random_ops.normal_like(tf.zeros([3], tf.int32))
