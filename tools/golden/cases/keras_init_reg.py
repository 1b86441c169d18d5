"""Golden cases: tf.keras.initializers, tf.keras.regularizers, tf.keras.constraints, and TensorFlow's
own initializers (tf.zeros_initializer, ..., tf.compat.v1.*_initializer).

Deterministic initializers are compared by value; random ones by dtype and shape only (the random
streams differ by design; their statistics are unit-tested in tests/keras/test_initializers.py).
Regularizer penalties and constraint projections use fixed inputs. get_config, serialize/get round
trips and the errors each raises are recorded too.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

_RANDOM_KERAS = (
    "RandomNormal", "RandomUniform", "TruncatedNormal", "VarianceScaling", "GlorotUniform", "GlorotNormal",
    "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "Orthogonal",
)  # fmt: skip
_KERAS_CLASSES = ("Zeros", "Ones", "Constant", "Identity") + _RANDOM_KERAS

_WEIGHT = [[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]]
_SQUARE = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]]


def _init(tf):
    return tf.keras.initializers


def _reg(tf):
    return tf.keras.regularizers


def _con(tf):
    return tf.keras.constraints


def _dtype_and_shape(tensor):
    return tensor.dtype, tensor.shape


# ---- deterministic Keras initializers ------------------------------------------------------------
def case_zeros_default(tf, np):
    return _init(tf).Zeros()((2, 3))


def case_zeros_dtypes(tf, np):
    zeros = _init(tf).Zeros()
    return [zeros((2,), dtype=d) for d in (tf.float16, tf.float64, tf.int32, tf.int64, tf.bool, "float32")]


def case_ones_dtypes(tf, np):
    ones = _init(tf).Ones()
    return [ones((2, 1), dtype=d) for d in (tf.float32, tf.float64, tf.int32, tf.int8, tf.bool)]


def case_zeros_tensorshape(tf, np):
    return _init(tf).Zeros()(tf.TensorShape([3, 1]))


def case_ones_scalar_shape(tf, np):
    return _init(tf).Ones()(())


def case_zeros_string_dtype(tf, np):
    return _init(tf).Zeros()((2,), dtype=tf.string)


def case_ones_unknown_keyword(tf, np):
    return _init(tf).Ones()((2,), foo=1)


def case_zeros_partition(tf, np):
    return _init(tf).Zeros()((4, 2), partition_shape=(2, 2), partition_offset=(2, 0))


def case_constant_scalar(tf, np):
    return _init(tf).Constant(2.5)((2, 2))


def case_constant_list(tf, np):
    return _init(tf).Constant([1, 2, 3, 4, 5, 6])((2, 3))


def case_constant_int_dtype(tf, np):
    return _init(tf).Constant(7)((3,), dtype=tf.int32)


def case_constant_float64(tf, np):
    return _init(tf).Constant(0.1)((2,), dtype=tf.float64)


def case_constant_bool(tf, np):
    return _init(tf).Constant(True)((2,), dtype=tf.bool)


def case_constant_wrong_size(tf, np):
    return _init(tf).Constant([1, 2, 3])((2, 2))


def case_identity_square(tf, np):
    return _init(tf).Identity()((3, 3))


def case_identity_gain_wide(tf, np):
    return _init(tf).Identity(gain=2.0)((2, 3))


def case_identity_gain_tall(tf, np):
    return _init(tf).Identity(gain=-0.5)((4, 2), dtype=tf.float64)


def case_identity_rank1(tf, np):
    return _init(tf).Identity()((3,))


def case_identity_rank3(tf, np):
    return _init(tf).Identity()((2, 2, 2))


def case_identity_int_dtype(tf, np):
    return _init(tf).Identity()((2, 2), dtype=tf.int32)


# ---- random Keras initializers: dtypes, shapes, errors ---------------------------------------------
def case_random_dtypes_and_shapes(tf, np):
    results = []
    for name in _RANDOM_KERAS:
        initializer = getattr(_init(tf), name)(seed=1)
        results.append(_dtype_and_shape(initializer((3, 4))))
        results.append(_dtype_and_shape(initializer((2, 3, 4), dtype=tf.float64)))
        results.append(_dtype_and_shape(initializer((5, 2), dtype=tf.float16)))
    return results


def case_random_scalar_and_vector_shapes(tf, np):
    results = []
    for name in _RANDOM_KERAS[:-1]:  # Orthogonal needs rank >= 2
        initializer = getattr(_init(tf), name)(seed=3)
        results.append(_dtype_and_shape(initializer(())))
        results.append(_dtype_and_shape(initializer((7,))))
    return results


def case_random_uniform_int(tf, np):
    values = _init(tf).RandomUniform(0, 10, seed=1)((50,), dtype=tf.int32)
    return values.dtype, bool(tf.reduce_all(values >= 0)), bool(tf.reduce_all(values < 10))


def case_random_uniform_int_fractional_bounds(tf, np):
    return _init(tf).RandomUniform(seed=1)((2,), dtype=tf.int32)


def case_random_uniform_bool(tf, np):
    return _init(tf).RandomUniform(seed=1)((2,), dtype=tf.bool)


def case_random_normal_int(tf, np):
    return _init(tf).RandomNormal(seed=1)((2,), dtype=tf.int32)


def case_truncated_normal_complex(tf, np):
    return _init(tf).TruncatedNormal(seed=1)((2,), dtype=tf.complex64)


def case_glorot_int64(tf, np):
    return _init(tf).GlorotUniform(seed=1)((2, 2), dtype=tf.int64)


def case_he_normal_bool(tf, np):
    return _init(tf).HeNormal(seed=1)((2, 2), dtype=tf.bool)


def case_orthogonal_initializer_rank1(tf, np):
    return _init(tf).Orthogonal(seed=1)((3,))


def case_orthogonal_int(tf, np):
    return _init(tf).Orthogonal(seed=1)((3, 3), dtype=tf.int32)


def case_glorot_partition_keyword(tf, np):
    return _dtype_and_shape(
        _init(tf).GlorotUniform(seed=1)((4, 2), partition_shape=(2, 2), partition_offset=(0, 0))
    )


def case_glorot_unknown_keyword(tf, np):
    return _init(tf).GlorotUniform(seed=1)((2, 2), partition_info=None)


def case_seeded_repeats(tf, np):
    initializer = _init(tf).HeUniform(seed=7)
    first, second = initializer((4, 3)), initializer((4, 3))
    again = _init(tf).HeUniform(seed=7)((4, 3))
    return bool(tf.reduce_all(first == second)), bool(tf.reduce_all(first == again))


def case_variance_scaling_bad_scale(tf, np):
    return _init(tf).VarianceScaling(scale=0.0)


def case_variance_scaling_negative_scale(tf, np):
    return _init(tf).VarianceScaling(scale=-2.0)


def case_variance_scaling_bad_mode(tf, np):
    return _init(tf).VarianceScaling(mode="fan_sum")


def case_variance_scaling_mode_is_case_sensitive(tf, np):
    return _init(tf).VarianceScaling(mode="FAN_IN")


def case_variance_scaling_bad_distribution(tf, np):
    return _init(tf).VarianceScaling(distribution="cauchy")


def case_variance_scaling_distribution_spellings(tf, np):
    spellings = ("normal", "Normal", "UNIFORM", "untruncated_normal", "Truncated_Normal")
    return [_init(tf).VarianceScaling(distribution=d).get_config()["distribution"] for d in spellings]


def case_base_initializer_call(tf, np):
    return _init(tf).Initializer()((2,))


# ---- Keras initializer configs, serialization, lookup ---------------------------------------------
def case_default_configs(tf, np):
    return {name: getattr(_init(tf), name)().get_config() for name in _KERAS_CLASSES}


def case_custom_configs(tf, np):
    k = _init(tf)
    objects = [
        k.Constant(3),
        k.Constant([1.0, 2.0]),
        k.RandomNormal(1.0, 2.0, seed=4),
        k.RandomUniform(-1, 1, seed=5),
        k.TruncatedNormal(mean=0.5, stddev=0.1, seed=6),
        k.VarianceScaling(2, "fan_avg", "normal", seed=7),
        k.VarianceScaling(0.5, "fan_out", "uniform"),
        k.GlorotNormal(seed=8),
        k.HeUniform(seed=9),
        k.LecunNormal(seed=10),
        k.Orthogonal(gain=2.0, seed=11),
        k.Identity(gain=3),
    ]
    return [o.get_config() for o in objects]


def case_base_initializer_config(tf, np):
    return _init(tf).Initializer().get_config()


def case_serialize_every_class(tf, np):
    return [_init(tf).serialize(getattr(_init(tf), name)()) for name in _KERAS_CLASSES]


def case_serialize_legacy_format(tf, np):
    return _init(tf).serialize(_init(tf).VarianceScaling(3.0, seed=2), use_legacy_format=True)


def case_deserialize_round_trip(tf, np):
    k = _init(tf)
    objects = [
        k.VarianceScaling(2.0, "fan_out", "uniform", seed=4),
        k.Orthogonal(0.5, seed=1),
        k.Constant(2.0),
    ]
    rebuilt = [k.deserialize(k.serialize(o)) for o in objects]
    return [(type(o).__name__, o.get_config()) for o in rebuilt]


def case_deserialize_without_module(tf, np):
    initializer = _init(tf).deserialize({"class_name": "RandomNormal", "config": {"stddev": 2.0, "seed": 3}})
    return type(initializer).__name__, initializer.get_config()


def case_get_by_name(tf, np):
    names = (
        "zeros", "Zeros", "ones", "constant", "identity", "Identity", "random_normal", "random_uniform",
        "truncated_normal", "variance_scaling", "glorot_uniform", "glorot_normal", "he_uniform",
        "he_normal", "lecun_uniform", "lecun_normal", "orthogonal", "GlorotUniform", "Orthogonal",
        "uniform", "normal", "one", "zero",
    )  # fmt: skip
    found = [_init(tf).get(name) for name in names]
    return [(type(o).__name__, o.get_config()) for o in found]


def case_get_class(tf, np):
    found = _init(tf).get(_init(tf).Ones)
    return type(found).__name__, found((2,))


def case_get_none(tf, np):
    return _init(tf).get(None) is None


def case_get_instance_is_identity(tf, np):
    initializer = _init(tf).Constant(4.0)
    return _init(tf).get(initializer) is initializer


def case_get_dict(tf, np):
    found = _init(tf).get(
        {
            "module": "keras.initializers",
            "class_name": "Constant",
            "config": {"value": 3.0},
            "registered_name": None,
        }
    )
    return found((2,))


def case_get_unknown_name(tf, np):
    return _init(tf).get("xavier")


def case_get_unknown_class(tf, np):
    return _init(tf).get({"class_name": "Xavier", "config": {}})


def case_get_number(tf, np):
    return _init(tf).get(3)


def case_from_config_ignores_dtype(tf, np):
    return (
        _init(tf)
        .RandomNormal.from_config({"mean": 1.0, "stddev": 0.5, "seed": 2, "dtype": "float64"})
        .get_config()
    )


def case_root_initializers_are_keras(tf, np):
    return tf.initializers.GlorotUniform is tf.keras.initializers.GlorotUniform


# ---- TensorFlow's v2 initializers (tf.zeros_initializer, ...) -------------------------------------
def case_v2_zeros_ones(tf, np):
    return [
        tf.zeros_initializer()((2, 2)),
        tf.ones_initializer()((3,), dtype=tf.int32),
        tf.zeros_initializer()((2,), dtype=tf.bool),
    ]


def case_v2_constant_default_dtype(tf, np):
    return [
        tf.constant_initializer(3)((2,)),
        tf.constant_initializer(1.5)((2,)),
        tf.constant_initializer([1, 2])((2,)),
    ]


def case_v2_constant_dtype(tf, np):
    return tf.constant_initializer([1, 2, 3, 4])((2, 2), dtype=tf.float64)


def case_v2_constant_bad_value_type(tf, np):
    return tf.constant_initializer(object())


def case_v2_constant_wrong_size(tf, np):
    return tf.constant_initializer([1, 2])((2, 2))


def case_v2_configs(tf, np):
    objects = [
        tf.zeros_initializer(),
        tf.ones_initializer(),
        tf.constant_initializer([1, 2]),
        tf.random_normal_initializer(1.0, 2.0, seed=3),
        tf.random_uniform_initializer(-1.0, 1.0),
    ]
    return [o.get_config() for o in objects]


def case_v2_class_names(tf, np):
    return [
        type(tf.zeros_initializer()).__name__,
        type(tf.constant_initializer()).__name__,
        type(tf.random_normal_initializer()).__name__,
        type(tf.random_uniform_initializer()).__name__,
    ]


def case_v2_random_dtypes_and_shapes(tf, np):
    return [
        _dtype_and_shape(tf.random_normal_initializer(seed=1)((2, 3))),
        _dtype_and_shape(tf.random_normal_initializer(seed=1)((2,), dtype=tf.float64)),
        _dtype_and_shape(tf.random_uniform_initializer(0, 5, seed=1)((4,), dtype=tf.int32)),
    ]


def case_v2_seeded_repeats(tf, np):
    initializer = tf.random_uniform_initializer(seed=5)
    return bool(tf.reduce_all(initializer((6,)) == initializer((6,))))


def case_v2_random_normal_int(tf, np):
    return tf.random_normal_initializer()((2,), dtype=tf.int32)


def case_v2_zeros_string(tf, np):
    return tf.zeros_initializer()((2,), dtype=tf.string)


def case_v2_unknown_keyword(tf, np):
    return tf.zeros_initializer()((2,), partition_info=None)


# ---- tf.compat.v1 initializers -----------------------------------------------------------------
def case_v1_configs(tf, np):
    v1 = tf.compat.v1
    objects = [
        v1.zeros_initializer(),
        v1.ones_initializer(dtype=tf.int32),
        v1.constant_initializer([1, 2]),
        v1.random_normal_initializer(1.0, 2.0, seed=3),
        v1.truncated_normal_initializer(),
        v1.random_uniform_initializer(),
        v1.glorot_uniform_initializer(seed=1),
        v1.glorot_normal_initializer(),
        v1.orthogonal_initializer(gain=2.0, seed=1),
        v1.variance_scaling_initializer(2.0, "fan_avg", "uniform", seed=4),
        v1.variance_scaling_initializer(distribution="normal"),
        v1.initializers.identity(gain=2.0),
        v1.initializers.he_normal(seed=3),
        v1.initializers.he_uniform(),
        v1.initializers.lecun_normal(),
        v1.initializers.lecun_uniform(seed=2),
    ]
    return [o.get_config() for o in objects]


def case_v1_values(tf, np):
    v1 = tf.compat.v1
    return [
        v1.zeros_initializer()((2,), dtype=tf.string),
        v1.ones_initializer()((2,), dtype=tf.bool),
        v1.constant_initializer([1, 2, 3, 4])((2, 2)),
        v1.constant_initializer(2, dtype=tf.int32)((3,)),
        v1.initializers.identity(gain=2.0)((2, 3)),
    ]


def case_v1_random_dtypes_and_shapes(tf, np):
    v1 = tf.compat.v1
    objects = [
        v1.glorot_uniform_initializer(seed=1),
        v1.glorot_normal_initializer(seed=1),
        v1.orthogonal_initializer(seed=1),
        v1.variance_scaling_initializer(seed=1),
        v1.initializers.he_normal(seed=1),
        v1.uniform_unit_scaling_initializer(seed=1),
        v1.truncated_normal_initializer(seed=1),
    ]
    return [_dtype_and_shape(o((3, 2, 4))) for o in objects]


def case_v1_variance_scaling_bad_distribution(tf, np):
    return tf.compat.v1.variance_scaling_initializer(distribution="cauchy")


def case_v1_variance_scaling_bad_mode(tf, np):
    return tf.compat.v1.variance_scaling_initializer(mode="fan")


def case_v1_variance_scaling_bad_scale(tf, np):
    return tf.compat.v1.variance_scaling_initializer(scale=-1.0)


def case_v1_orthogonal_rank1(tf, np):
    return tf.compat.v1.orthogonal_initializer()((3,))


def case_v1_identity_rank3(tf, np):
    return tf.compat.v1.initializers.identity()((2, 2, 2))


def case_v1_random_normal_int_constructor(tf, np):
    return tf.compat.v1.random_normal_initializer(dtype=tf.int32)


def case_v1_random_uniform_int_needs_maxval(tf, np):
    return tf.compat.v1.random_uniform_initializer(0)((2,), dtype=tf.int32)


# ---- regularizers ------------------------------------------------------------------------------
def case_l1_penalty(tf, np):
    x = tf.constant(_WEIGHT)
    return [_reg(tf).L1()(x), _reg(tf).L1(0.3)(x), _reg(tf).l1(l1=2)(x), _reg(tf).L1(l=0.5)(x)]


def case_l2_penalty(tf, np):
    x = tf.constant(_WEIGHT)
    return [_reg(tf).L2()(x), _reg(tf).L2(0.3)(x), _reg(tf).l2(2)(x), _reg(tf).L2(l=0.5)(x)]


def case_l1l2_penalty(tf, np):
    x = tf.constant(_WEIGHT)
    r = _reg(tf)
    return [
        r.L1L2()(x),
        r.L1L2(0.1)(x),
        r.L1L2(l2=0.2)(x),
        r.L1L2(0.1, 0.2)(x),
        r.l1_l2()(x),
        r.L1L2(None, None)(x),
    ]


def case_penalty_float64(tf, np):
    x = tf.constant(_WEIGHT, dtype=tf.float64)
    r = _reg(tf)
    return [r.L1(0.1)(x), r.L2(0.1)(x), r.L1L2(0.5, 0.1)(x), r.L1L2()(x)]


def case_l1_int_weight(tf, np):
    return _reg(tf).L1(0.5)(tf.constant([1, -2]))


def case_negative_factor(tf, np):
    x = tf.constant(_WEIGHT)
    return [_reg(tf).L1(-1.0)(x), _reg(tf).L1L2(-1.0, -2.0)(x)]


def case_orthogonal_penalty_rows(tf, np):
    r = _reg(tf).OrthogonalRegularizer(factor=1.0)
    matrices = (
        _WEIGHT,
        [[1.0, 2.0], [3.0, 4.0]],
        [[1.0, 0.0], [0.0, 1.0]],
        _SQUARE,
        [[1.0, 2.0], [2.0, 1.0], [0.5, -1.0]],
    )
    return [r(tf.constant(m)) for m in matrices]


def case_orthogonal_penalty_columns(tf, np):
    r = _reg(tf).OrthogonalRegularizer(factor=0.5, mode="columns")
    matrices = (_WEIGHT, [[1.0, 2.0], [3.0, 4.0]], _SQUARE, [[1.0, 2.0], [2.0, 1.0], [0.5, -1.0]])
    return [r(tf.constant(m)) for m in matrices]


def case_orthogonal_default_factor(tf, np):
    return _reg(tf).orthogonal_regularizer()(tf.constant(_SQUARE))


def case_orthogonal_regularizer_rank1(tf, np):
    return _reg(tf).OrthogonalRegularizer()(tf.constant([1.0, 2.0]))


def case_orthogonal_regularizer_rank3(tf, np):
    return _reg(tf).OrthogonalRegularizer()(tf.ones((2, 2, 2)))


def case_orthogonal_bad_mode(tf, np):
    return _reg(tf).OrthogonalRegularizer(mode="diagonal")


def case_regularizer_configs(tf, np):
    r = _reg(tf)
    objects = [
        r.L1(), r.L2(), r.L1L2(), r.l1_l2(), r.L1(0.3), r.L2(2), r.L1L2(0.1, None), r.OrthogonalRegularizer(),
        r.OrthogonalRegularizer(0.2, "columns"),
    ]  # fmt: skip
    return [o.get_config() for o in objects]


def case_penalty_string(tf, np):
    return _reg(tf).L1("0.1")


def case_penalty_nan(tf, np):
    return _reg(tf).L2(float("nan"))


def case_penalty_inf(tf, np):
    return _reg(tf).L1L2(l2=float("inf"))


def case_orthogonal_factor_string(tf, np):
    return _reg(tf).OrthogonalRegularizer(factor="big")


def case_penalty_unknown_keyword(tf, np):
    return _reg(tf).L1(l1=0.1, scale=2.0)


def case_base_regularizer_call(tf, np):
    return _reg(tf).Regularizer()(tf.constant(_WEIGHT))


def case_base_regularizer_config(tf, np):
    return _reg(tf).Regularizer().get_config()


def case_regularizer_serialize(tf, np):
    r = _reg(tf)
    return [
        r.serialize(o) for o in (r.L1(), r.L2(0.5), r.L1L2(0.1, 0.2), r.OrthogonalRegularizer(0.1, "columns"))
    ]


def case_regularizer_serialize_legacy(tf, np):
    return _reg(tf).serialize(_reg(tf).L2(0.25), use_legacy_format=True)


def case_regularizer_get(tf, np):
    r = _reg(tf)
    names = ("l1", "l2", "l1_l2", "L1", "L2", "L1L2", "orthogonal_regularizer", "OrthogonalRegularizer")
    found = [r.get(name) for name in names]
    found.append(r.get({"class_name": "L2", "config": {"l2": 0.3}}))
    found.append(r.deserialize(r.serialize(r.L1L2(0.5, 0.25))))
    return [(type(o).__name__, o.get_config()) for o in found]


def case_regularizer_get_passthrough(tf, np):
    r = _reg(tf)
    instance = r.L1()
    return r.get(None) is None, r.get(instance) is instance, r.get(r.L2) is r.L2


def case_regularizer_get_number(tf, np):
    return _reg(tf).get(3)


def case_regularizer_get_unknown_class(tf, np):
    return _reg(tf).get({"class_name": "L3", "config": {}})


# ---- constraints -------------------------------------------------------------------------------
def case_max_norm(tf, np):
    w = tf.constant(_WEIGHT)
    c = _con(tf)
    return [c.MaxNorm()(w), c.MaxNorm(1.0, axis=1)(w), c.MaxNorm(1.0, axis=[0, 1])(w), c.max_norm(0.5)(w)]


def case_max_norm_float64(tf, np):
    return _con(tf).MaxNorm(1.0)(tf.constant(_SQUARE, dtype=tf.float64))


def case_max_norm_negative(tf, np):
    return _con(tf).MaxNorm(-1.0)(tf.constant(_WEIGHT))


def case_min_max_norm(tf, np):
    w = tf.constant(_WEIGHT)
    c = _con(tf)
    return [
        c.MinMaxNorm()(w),
        c.MinMaxNorm(1.0, 2.0, 0.5, axis=1)(w),
        c.min_max_norm(2.0, 3.0, rate=0.25)(w),
        c.MinMaxNorm(1.0, 2.0)(tf.zeros((2, 2))),
    ]


def case_unit_norm(tf, np):
    w = tf.constant(_WEIGHT)
    c = _con(tf)
    return [
        c.UnitNorm()(w),
        c.unit_norm(axis=1)(w),
        c.UnitNorm()(tf.zeros((2, 2))),
        c.UnitNorm(-1)(tf.constant(_SQUARE)),
    ]


def case_non_neg(tf, np):
    return _con(tf).NonNeg()(tf.constant(_WEIGHT)), _con(tf).non_neg()(tf.constant(_SQUARE))


def case_radial_sizes(tf, np):
    results = []
    for size in (2, 3, 4, 5, 6):
        kernel = tf.reshape(tf.range(1.0, 1.0 + size * size * 2 * 1), (size, size, 2, 1))
        results.append(_con(tf).RadialConstraint()(kernel))
    return results


def case_radial_channels(tf, np):
    kernel = tf.reshape(tf.range(0.0, 3 * 3 * 2 * 3), (3, 3, 2, 3))
    return _con(tf).radial_constraint()(kernel)


def case_radial_float64(tf, np):
    kernel = tf.reshape(tf.range(1.0, 17.0, dtype=tf.float64), (4, 4, 1, 1))
    return _con(tf).RadialConstraint()(kernel)


def case_radial_rank2(tf, np):
    return _con(tf).RadialConstraint()(tf.ones((3, 3)))


def case_radial_rank3(tf, np):
    return _con(tf).RadialConstraint()(tf.ones((3, 3, 1)))


def case_base_constraint(tf, np):
    return _con(tf).Constraint()(tf.constant(_WEIGHT)), _con(tf).Constraint().get_config()


def case_constraint_configs(tf, np):
    c = _con(tf)
    objects = [
        c.MaxNorm(), c.MaxNorm(1.5, axis=[0, 1]), c.MinMaxNorm(), c.MinMaxNorm(0.5, 2, 0.1, -1), c.NonNeg(),
        c.UnitNorm(), c.UnitNorm(axis=1), c.RadialConstraint(),
    ]  # fmt: skip
    return [o.get_config() for o in objects]


def case_constraint_serialize(tf, np):
    c = _con(tf)
    return [
        c.serialize(o)
        for o in (c.MaxNorm(3, 1), c.NonNeg(), c.MinMaxNorm(0.1), c.UnitNorm(), c.RadialConstraint())
    ]


def case_constraint_serialize_legacy(tf, np):
    return _con(tf).serialize(_con(tf).UnitNorm(axis=2), use_legacy_format=True)


def case_constraint_get(tf, np):
    c = _con(tf)
    names = (
        "max_norm", "MaxNorm", "min_max_norm", "MinMaxNorm", "non_neg", "NonNeg", "unit_norm", "UnitNorm",
        "radial_constraint", "RadialConstraint", "maxnorm", "nonneg", "unitnorm",
    )  # fmt: skip
    found = [c.get(name) for name in names]
    found.append(c.get({"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 1}}))
    found.append(c.deserialize(c.serialize(c.MinMaxNorm(0.5, 1.5, 0.5, 1))))
    return [(type(o).__name__, o.get_config()) for o in found]


def case_constraint_get_passthrough(tf, np):
    c = _con(tf)
    instance = c.NonNeg()
    return c.get(None) is None, c.get(instance) is instance


def case_constraint_get_unknown(tf, np):
    return _con(tf).get("positive")


def case_constraint_get_number(tf, np):
    return _con(tf).get(3)


def case_constraint_unknown_keyword(tf, np):
    return _con(tf).MaxNorm(m=3)
