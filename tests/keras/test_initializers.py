"""tf.keras.initializers, TensorFlow's v2 initializers (tf.zeros_initializer, ...) and the v1 ones:
statistics of the random initializers, seeding rules, orthogonality, fans, graph modes.

Values that must equal TensorFlow's (deterministic initializers, configs, errors) are golden cases
in tools/golden/cases/keras_init_reg.py; random streams differ from TensorFlow's by design, so here
the distributions are checked through statistics over a large tensor.
"""

import math
import warnings

import numpy as np
import pytest

import lamina as tf
from lamina.keras.initializer import TRUNCATED_NORMAL_STDDEV, compute_fans
from lamina.keras.serialization import register_keras_serializable

K = tf.keras.initializers
SHAPE = (200, 200)  # 40,000 samples: the sample std is within ~1% of the true one


def _stats(tensor):
    values = np.asarray(tensor.numpy(), dtype=np.float64)
    return values.mean(), values.std(), np.abs(values).max()


# ---- fans --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "shape, fans",
    [((), (1, 1)), ((7,), (7, 7)), ((3, 5), (3, 5)), ((3, 3, 16, 32), (144, 288)), ((2, 4, 6), (8, 12))],
)
def test_compute_fans(shape, fans):
    assert compute_fans(shape) == fans


# ---- distributions -----------------------------------------------------------------------------
def test_random_normal_statistics():
    mean, std, _ = _stats(K.RandomNormal(mean=1.0, stddev=0.5, seed=1)(SHAPE))
    assert abs(mean - 1.0) < 0.01 and abs(std - 0.5) < 0.01


def test_truncated_normal_is_cut_at_two_stddevs():
    values = K.TruncatedNormal(mean=0.0, stddev=0.5, seed=2)(SHAPE)
    _, std, largest = _stats(values)
    assert largest <= 1.0
    assert abs(std - 0.5 * TRUNCATED_NORMAL_STDDEV) < 0.01


def test_random_uniform_bounds_and_mean():
    mean, _, _ = _stats(K.RandomUniform(-0.2, 0.6, seed=3)(SHAPE))
    values = K.RandomUniform(-0.2, 0.6, seed=3)(SHAPE).numpy()
    assert values.min() >= -0.2 and values.max() < 0.6
    assert abs(mean - 0.2) < 0.01


def test_random_uniform_integers():
    values = K.RandomUniform(2, 5, seed=3)((1000,), dtype=tf.int64).numpy()
    assert values.dtype == np.int64 and set(values.tolist()) == {2, 3, 4}


# (initializer, scale, mode, distribution) for a conv kernel 3x3x64x128: fan_in 576, fan_out 1152;
# 73,728 samples, so the sample std is within ~0.3% (one standard error) of the true one.
KERNEL = (3, 3, 64, 128)
FANS = {"fan_in": 576.0, "fan_out": 1152.0, "fan_avg": 864.0}
PRESETS = [
    (K.GlorotUniform, 1.0, "fan_avg", "uniform"),
    (K.GlorotNormal, 1.0, "fan_avg", "truncated_normal"),
    (K.HeUniform, 2.0, "fan_in", "uniform"),
    (K.HeNormal, 2.0, "fan_in", "truncated_normal"),
    (K.LecunUniform, 1.0, "fan_in", "uniform"),
    (K.LecunNormal, 1.0, "fan_in", "truncated_normal"),
]


def _check_variance_scaling(values, scale, mode, distribution):
    variance = scale / FANS[mode]
    values = np.asarray(values.numpy(), dtype=np.float64)
    if distribution == "uniform":
        limit = math.sqrt(3.0 * variance)
        assert np.abs(values).max() <= limit and np.abs(values).max() > 0.99 * limit
    elif distribution == "truncated_normal":
        # The truncation is at two (pre-truncation) stddevs, and the rescaling restores the variance.
        assert np.abs(values).max() <= 2.0 * math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV
    assert abs(values.std() / math.sqrt(variance) - 1.0) < 0.015
    assert abs(values.mean()) < 0.03 * math.sqrt(variance)


@pytest.mark.parametrize(
    "cls, scale, mode, distribution", PRESETS, ids=lambda p: getattr(p, "__name__", None)
)
def test_presets_are_variance_scaling(cls, scale, mode, distribution):
    _check_variance_scaling(cls(seed=4)(KERNEL), scale, mode, distribution)


@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
@pytest.mark.parametrize("distribution", ["truncated_normal", "untruncated_normal", "uniform"])
def test_variance_scaling_modes_and_distributions(mode, distribution):
    initializer = K.VarianceScaling(scale=3.0, mode=mode, distribution=distribution, seed=5)
    _check_variance_scaling(initializer(KERNEL), 3.0, mode, distribution)


def test_variance_scaling_partition_uses_full_shape_for_fans():
    initializer = K.VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform", seed=6)
    part = initializer((400, 100), partition_shape=(200, 100), partition_offset=(200, 0))
    assert part.shape == (200, 100)
    assert np.abs(part.numpy()).max() <= math.sqrt(3.0 / 400.0)


def test_partitions_draw_different_values():
    initializer = K.RandomNormal(seed=6)
    first = initializer((4, 2), partition_shape=(2, 2), partition_offset=(0, 0))
    second = initializer((4, 2), partition_shape=(2, 2), partition_offset=(2, 0))
    assert not np.array_equal(first.numpy(), second.numpy())


def test_layout_is_unimplemented():
    with pytest.raises(tf.errors.UnimplementedError, match="layout"):
        K.Zeros()((2,), layout=object())


# ---- orthogonal --------------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (5, 5), (3, 3, 4, 8)])
def test_orthogonal_is_orthonormal(shape):
    values = K.Orthogonal(gain=2.0, seed=7)(shape).numpy().astype(np.float64) / 2.0
    matrix = values.reshape(-1, shape[-1])
    small = min(matrix.shape)
    gram = matrix.T @ matrix if matrix.shape[0] >= matrix.shape[1] else matrix @ matrix.T
    np.testing.assert_allclose(gram, np.eye(small), atol=1e-5)


def test_orthogonal_float64():
    values = K.Orthogonal(seed=8)((5, 3), dtype=tf.float64).numpy()
    np.testing.assert_allclose(values.T @ values, np.eye(3), atol=1e-12)


# ---- seeding -----------------------------------------------------------------------------------
def test_seeded_instances_repeat_and_agree():
    first = K.GlorotUniform(seed=11)((3, 4)).numpy()
    initializer = K.GlorotUniform(seed=11)
    np.testing.assert_array_equal(initializer((3, 4)).numpy(), first)
    np.testing.assert_array_equal(initializer((3, 4)).numpy(), first)
    assert not np.array_equal(K.GlorotUniform(seed=12)((3, 4)).numpy(), first)


def test_unseeded_instance_repeats_and_warns():
    initializer = K.RandomNormal()
    first = initializer((3, 3)).numpy()
    with pytest.warns(UserWarning, match="RandomNormal is unseeded"):
        second = initializer((3, 3)).numpy()
    np.testing.assert_array_equal(first, second)


def test_seeded_instance_does_not_warn():
    initializer = K.Orthogonal(seed=3)
    initializer((2, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        initializer((2, 2))


def test_unseeded_instances_differ():
    assert not np.array_equal(K.HeNormal()((4, 4)).numpy(), K.HeNormal()((4, 4)).numpy())


def test_global_seed_makes_unseeded_instances_reproducible():
    tf.random.set_seed(123)
    first = [K.GlorotUniform()((3,)).numpy(), K.RandomUniform()((3,)).numpy()]
    tf.random.set_seed(123)
    second = [K.GlorotUniform()((3,)).numpy(), K.RandomUniform()((3,)).numpy()]
    tf.random.set_seed(None)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_seed_must_be_an_integer():
    with pytest.raises(ValueError, match="seed"):
        K.RandomNormal(seed=1.5)


# ---- graph modes -------------------------------------------------------------------------------
def test_seeded_initializer_in_function_matches_eager():
    initializer = K.HeUniform(seed=21)
    eager = initializer((3, 2)).numpy()
    traced = tf.function(lambda: K.HeUniform(seed=21)((3, 2)))()
    np.testing.assert_allclose(traced.numpy(), eager, rtol=1e-6)  # one XLA fusion vs op by op


def test_initializers_in_v1_graph():
    graph = tf.Graph()
    with graph.as_default():
        values = [K.Identity(2.0)((2, 2)), K.Orthogonal(seed=1)((3, 3)), K.Constant(1.5)((2,))]
        with tf.compat.v1.Session(graph=graph) as session:
            identity, orthogonal, constant = session.run(values)
    np.testing.assert_array_equal(identity, 2.0 * np.eye(2))
    np.testing.assert_allclose(orthogonal.T @ orthogonal, np.eye(3), atol=1e-5)
    np.testing.assert_array_equal(constant, [1.5, 1.5])


# ---- serialization -----------------------------------------------------------------------------
def test_registered_custom_initializer_round_trip():
    @register_keras_serializable("TestH5")
    class Halves(K.Initializer):
        def __call__(self, shape, dtype=None, **kwargs):
            return tf.fill(shape, tf.constant(0.5, dtype or tf.float32))

    config = K.serialize(Halves())
    assert config["registered_name"] == "TestH5>Halves"
    np.testing.assert_array_equal(K.deserialize(config)((2,)).numpy(), [0.5, 0.5])


def test_custom_objects_lookup():
    class Twos(K.Initializer):
        def __call__(self, shape, dtype=None, **kwargs):
            return tf.fill(shape, tf.constant(2.0, dtype or tf.float32))

    rebuilt = K.deserialize({"class_name": "Twos", "config": {}}, custom_objects={"Twos": Twos})
    np.testing.assert_array_equal(rebuilt((2,)).numpy(), [2.0, 2.0])


def test_get_returns_callables_unchanged():
    def initializer(shape, dtype=None):
        return tf.zeros(shape, dtype or tf.float32)

    assert K.get(initializer) is initializer
    assert K.get(tf.zeros_initializer()).__class__.__name__ == "Zeros"


# ---- TensorFlow's v2 initializers --------------------------------------------------------------
def test_v2_unseeded_draws_new_values_each_call():
    initializer = tf.random_normal_initializer()
    assert not np.array_equal(initializer((5,)).numpy(), initializer((5,)).numpy())


def test_v2_seeded_and_global_seed_reproducible():
    initializer = tf.random_uniform_initializer(seed=3)
    np.testing.assert_array_equal(initializer((5,)).numpy(), initializer((5,)).numpy())
    tf.random.set_seed(9)
    first = tf.random_normal_initializer()((5,)).numpy()
    tf.random.set_seed(9)
    second = tf.random_normal_initializer()((5,)).numpy()
    tf.random.set_seed(None)
    np.testing.assert_array_equal(first, second)


def test_v2_statistics():
    mean, std, _ = _stats(tf.random_normal_initializer(0.5, 2.0, seed=1)(SHAPE))
    assert abs(mean - 0.5) < 0.05 and abs(std - 2.0) < 0.03


# ---- tf.compat.v1 initializers -----------------------------------------------------------------
V1 = tf.compat.v1


def test_v1_seeded_calls_draw_new_values_reproducibly():
    V1.set_random_seed(5)
    initializer = V1.glorot_uniform_initializer(seed=2)
    first, second = initializer((3, 3)).numpy(), initializer((3, 3)).numpy()
    V1.set_random_seed(5)
    again = V1.glorot_uniform_initializer(seed=2)((3, 3)).numpy()
    tf.random.set_seed(None)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, again)


@pytest.mark.parametrize(
    "make, scale, mode, distribution",
    [
        (lambda: V1.glorot_uniform_initializer(seed=1), 1.0, "fan_avg", "uniform"),
        (lambda: V1.glorot_normal_initializer(seed=1), 1.0, "fan_avg", "truncated_normal"),
        (lambda: V1.initializers.he_normal(seed=1), 2.0, "fan_in", "truncated_normal"),
        (lambda: V1.initializers.lecun_uniform(seed=1), 1.0, "fan_in", "uniform"),
        (
            lambda: V1.variance_scaling_initializer(3.0, "fan_out", "normal", seed=1),
            3.0,
            "fan_out",
            "truncated_normal",
        ),
        (
            lambda: V1.variance_scaling_initializer(2.0, "fan_in", "untruncated_normal", 1),
            2.0,
            "fan_in",
            "normal",
        ),
    ],
)
def test_v1_variance_scaling_statistics(make, scale, mode, distribution):
    _check_variance_scaling(make()(KERNEL), scale, mode, distribution)


def test_v1_uniform_unit_scaling_bound():
    values = V1.uniform_unit_scaling_initializer(factor=2.0, seed=1)((100, 50)).numpy()
    limit = 2.0 * math.sqrt(3.0 / 100.0)
    assert np.abs(values).max() <= limit and np.abs(values).max() > 0.99 * limit


def test_v1_orthogonal_and_identity():
    values = V1.orthogonal_initializer(gain=3.0, seed=1)((4, 6)).numpy() / 3.0
    np.testing.assert_allclose(values @ values.T, np.eye(4), atol=1e-5)
    np.testing.assert_array_equal(V1.initializers.identity()((2, 2)).numpy(), np.eye(2))


def test_v1_get_variable_with_keras_and_v1_initializers():
    graph = tf.Graph()
    with graph.as_default():
        a = V1.get_variable("a", shape=(3, 3), initializer=V1.orthogonal_initializer(seed=1))
        b = V1.get_variable("b", shape=(2,), initializer=K.Constant(4.0))
        c = V1.get_variable("c", shape=(20, 30))  # the default: glorot uniform
        with V1.Session(graph=graph) as session:
            session.run(V1.global_variables_initializer())
            a_value, b_value, c_value = session.run([a, b, c])
    np.testing.assert_allclose(a_value.T @ a_value, np.eye(3), atol=1e-5)
    np.testing.assert_array_equal(b_value, [4.0, 4.0])
    assert np.abs(c_value).max() <= math.sqrt(6.0 / 50.0)
