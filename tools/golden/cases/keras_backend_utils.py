"""Golden cases: tf.keras.backend (settings and tensor functions) and tf.keras.utils (label encodings,
normalize, pad_sequences, batch packing, serialize_keras_object, and the exact text Progbar prints).

Progbar cases replace `time.time` with a fake clock and capture stdout, so the recorded text (bar,
ETA, per-step times, metric averages, backspaces and padding) is TensorFlow 2.15's to the character.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

import io
import sys
import time

_X = [[1.0, -2.0], [3.0, 4.0]]


def _k(tf):
    return tf.keras.backend


def _u(tf):
    return tf.keras.utils


def _a(tf):
    return tf.reshape(tf.range(24, dtype=tf.float32), (2, 3, 4))


# ---- settings -----------------------------------------------------------------------------------
def case_defaults(tf, np):
    k = _k(tf)
    return [k.floatx(), k.epsilon(), k.image_data_format(), k.backend(), k.learning_phase()]


def case_set_floatx_roundtrip(tf, np):
    k = _k(tf)
    k.set_floatx("float64")
    try:
        return [k.floatx(), k.constant([1, 2]), tf.keras.initializers.Zeros()((2,))]
    finally:
        k.set_floatx("float32")


def case_set_floatx_int_raises(tf, np):
    _k(tf).set_floatx("int32")


def case_set_floatx_bfloat16_raises(tf, np):
    _k(tf).set_floatx("bfloat16")


def case_set_epsilon_roundtrip(tf, np):
    k = _k(tf)
    k.set_epsilon(1e-3)
    try:
        return [k.epsilon(), tf.keras.constraints.UnitNorm()(tf.constant([[0.0], [0.0]]))]
    finally:
        k.set_epsilon(1e-7)


def case_set_image_data_format_bad(tf, np):
    _k(tf).set_image_data_format("nchw")


def case_get_uid_counts_per_prefix(tf, np):
    k = _k(tf)
    k.reset_uids()
    return [k.get_uid("golden_a"), k.get_uid("golden_a"), k.get_uid("golden_b"), k.get_uid("golden_a")]


def case_clear_session_resets_uids(tf, np):
    k = _k(tf)
    k.get_uid("golden_c")
    k.clear_session()
    return k.get_uid("golden_c")


# ---- values and variables -----------------------------------------------------------------------
def case_zeros_is_variable(tf, np):
    z = _k(tf).zeros((2, 3))
    return [isinstance(z, tf.Variable), z.dtype, tf.convert_to_tensor(z)]


def case_zeros_empty_is_tensor(tf, np):
    z = _k(tf).zeros((0, 3))
    return [isinstance(z, tf.Variable), z.shape]


def case_ones_int_and_eye(tf, np):
    k = _k(tf)
    ones, eye = k.ones((2,), dtype="int32"), k.eye(3)
    return [isinstance(ones, tf.Variable), tf.convert_to_tensor(ones), tf.convert_to_tensor(eye)]


def case_variable_defaults(tf, np):
    v = _k(tf).variable([[1, 2], [3, 4]])
    return [v.dtype, tf.convert_to_tensor(v)]


def case_get_set_value(tf, np):
    k = _k(tf)
    v = k.variable([[1.0, 2.0], [3.0, 4.0]])
    w = k.variable([1, 2], dtype="int32")
    k.set_value(v, [[5, 6], [7, 8]])
    k.batch_set_value([(w, [9, 9])])
    return [k.get_value(v), k.batch_get_value([v, w]), k.get_value(tf.constant(1.5)), k.get_value(3)]


def case_update_add_sub(tf, np):
    k = _k(tf)
    v = k.variable([1.0, 2.0])
    k.update_add(v, [1.0, 1.0])
    k.update_sub(v, [0.5, 0.5])
    after_add_sub = k.get_value(v)
    k.update(v, [7.0, 7.0])
    return [after_add_sub, k.get_value(v)]


def case_constant_and_cast(tf, np):
    k = _k(tf)
    return [
        k.constant([1, 2]),
        k.constant(3, shape=(2, 2), dtype="int32"),
        k.cast(tf.constant([1.7, -1.7]), "int32"),
        k.cast_to_floatx([1, 2]),
    ]


def case_shapes(tf, np):
    k = _k(tf)
    x = tf.zeros((2, 3))
    return [k.int_shape(x), k.int_shape(np.zeros((4, 1))), k.ndim(x), k.shape(x), k.dtype(x)]


def case_count_params(tf, np):
    return int(_k(tf).count_params(_k(tf).variable(np.zeros((3, 4)))))


# ---- reductions and elementwise -----------------------------------------------------------------
def case_reductions(tf, np):
    k, x = _k(tf), tf.constant(_X)
    return [
        k.sum(x),
        k.sum(x, axis=1, keepdims=True),
        k.mean(x, axis=0),
        k.max(x, 0),
        k.min(x, -1),
        k.prod(x, axis=0),
        k.std(x),
        k.var(x, axis=0),
    ]


def case_mean_of_bool_is_float(tf, np):
    return _k(tf).mean(tf.constant([True, False, True]))


def case_all_any_argmax(tf, np):
    k = _k(tf)
    return [
        k.all(tf.constant([[1, 0], [1, 1]])),
        k.any(tf.constant([[1, 0], [0, 0]]), axis=1),
        k.argmax(tf.constant(_X)),
        k.argmin(tf.constant(_X), 0),
    ]


def case_cumulative(tf, np):
    k, x = _k(tf), tf.constant(_X)
    return [k.cumsum(x, axis=1), k.cumprod(x)]


def case_sqrt_clamps_negatives(tf, np):
    return _k(tf).sqrt(tf.constant(_X))


def case_elementwise(tf, np):
    k, x = _k(tf), tf.constant(_X)
    return [
        k.square(x),
        k.abs(x),
        k.exp(tf.constant([0.0, 1.0])),
        k.log(tf.constant([1.0, 0.0])),
        k.sign(x),
        k.round(tf.constant([0.5, 1.5, 2.5, -0.5])),
        k.pow(x, 2),
        k.maximum(x, 0.0),
        k.minimum(x, 0.0),
        k.sin(tf.constant([0.0])),
        k.cos(tf.constant([0.0])),
    ]


def case_comparisons(tf, np):
    k, x = _k(tf), tf.constant(_X)
    return [
        k.equal(x, 1.0),
        k.not_equal(x, 1.0),
        k.greater(x, 1.0),
        k.greater_equal(x, 1.0),
        k.less(x, 1.0),
        k.less_equal(x, 1.0),
    ]


def case_clip(tf, np):
    k, x = _k(tf), tf.constant(_X)
    return [k.clip(x, -1, 2), k.clip(x, 2, -1), k.clip(x, 0, None), k.clip(tf.constant([1, 5, 9]), 2, 6)]


# ---- shapes -------------------------------------------------------------------------------------
def case_concatenate(tf, np):
    k, x = _k(tf), tf.constant(_X)
    return [k.concatenate([x, x]), k.concatenate([x, x], axis=0), k.concatenate([x, x], axis=-2)]


def case_reshaping(tf, np):
    k, x, a = _k(tf), tf.constant(_X), _a(tf)
    return [
        k.reshape(x, (4,)),
        k.expand_dims(x),
        k.expand_dims(x, 0),
        k.squeeze(tf.zeros((2, 1, 3)), 1),
        k.permute_dimensions(a, (2, 0, 1)),
        k.transpose(a),
        k.flatten(a),
        k.batch_flatten(a),
        k.stack([x, x], axis=1),
    ]


def case_repeating(tf, np):
    k, x = _k(tf), tf.constant(_X)
    return [
        k.tile(x, (1, 2)),
        k.tile(tf.constant([1, 2]), 2),
        k.repeat_elements(x, 2, axis=1),
        k.repeat(x, 3),
        k.reverse(x, 1),
        k.reverse(x, [0, 1]),
    ]


def case_gather_one_hot_like(tf, np):
    k, x = _k(tf), tf.constant(_X)
    return [
        k.gather(x, [1, 0, 1]),
        k.one_hot(tf.constant([0, 2]), 3),
        k.ones_like(x),
        k.zeros_like(x, dtype="int32"),
        k.l2_normalize(x, axis=1),
    ]


def case_arange(tf, np):
    k = _k(tf)
    return [k.arange(5), k.arange(1, 7, 2, dtype="float32"), k.arange(-3)]


def case_dot(tf, np):
    k, x, a = _k(tf), tf.constant(_X), _a(tf)
    b = tf.reshape(tf.range(20, dtype=tf.float32), (4, 5))
    c = tf.reshape(tf.range(40, dtype=tf.float32), (2, 4, 5))
    return [k.dot(x, x), k.dot(a, b), k.dot(a, c)]


def case_bias_add(tf, np):
    k, a = _k(tf), _a(tf)
    return [
        k.bias_add(a, tf.constant([1.0, 2.0, 3.0, 4.0])),
        k.bias_add(a, tf.constant([1.0, 2.0, 3.0]), data_format="channels_first"),
    ]


def case_activations(tf, np):
    k, x = _k(tf), tf.constant(_X)
    return [
        k.sigmoid(tf.constant([0.0, 2.0])),
        k.softmax(x),
        k.softmax(x, axis=0),
        k.relu(tf.constant([-2.0, 0.5, 3.0, 7.0]), alpha=0.1, max_value=5.0, threshold=1.0),
        k.relu(tf.constant([-2.0, 0.5])),
        k.tanh(tf.constant([0.0, 1.0])),
        k.softplus(tf.constant([0.0])),
        k.softsign(tf.constant([1.0])),
        k.elu(tf.constant([-1.0, 1.0]), 0.5),
        k.hard_sigmoid(tf.constant([-3.0, 0.0, 1.0, 3.0])),
    ]


def case_random_shapes_and_dtypes(tf, np):
    k = _k(tf)
    return [
        (t.dtype, t.shape)
        for t in (
            k.random_normal((2, 3)),
            k.random_uniform((4,), dtype="float64", seed=3),
            k.truncated_normal((1, 2), seed=1),
        )
    ]


# ---- tf.keras.utils -----------------------------------------------------------------------------
def case_to_categorical(tf, np):
    u = _u(tf)
    return [
        u.to_categorical([0, 2, 1]),
        u.to_categorical([[0], [2]], num_classes=4, dtype="int32"),
        u.to_categorical([[0, 1], [2, 0]]),
        u.to_categorical([-1, 1], 3),
        u.to_categorical(tf.constant([1, 0])),
        u.to_categorical([1.7, 0.2]),
        u.to_categorical(2, 3),
    ]


def case_to_ordinal(tf, np):
    u = _u(tf)
    return [
        u.to_ordinal([0, 2, 1]),
        u.to_ordinal([[0], [3]], num_classes=4, dtype="int32"),
        u.to_ordinal([[0, 1], [2, 0]]),
        u.to_ordinal(tf.constant([1, 0])),
    ]


def case_normalize(tf, np):
    u = _u(tf)
    return [
        u.normalize(np.array([[3.0, 4.0], [0.0, 0.0]])),
        u.normalize(np.array([[3.0, 4.0], [4.0, 3.0]]), axis=0),
        u.normalize(np.array([[1.0, 3.0]]), order=1),
        u.normalize([[3, 4]]),
        u.normalize(np.array([3.0, 4.0])),
        u.normalize(np.array([[3.0, 4.0]], dtype=np.float32)),
        u.normalize(tf.constant([[3.0, 4.0]])),
        u.normalize(tf.constant([3.0, 4.0])),
        u.normalize(tf.constant([[0.0, 0.0], [3.0, 4.0]]), order=1),
    ]


_SEQUENCES = [[1], [2, 3], [4, 5, 6, 7]]


def case_pad_sequences(tf, np):
    pad = _u(tf).pad_sequences
    return [
        pad(_SEQUENCES),
        pad(_SEQUENCES, padding="post"),
        pad(_SEQUENCES, maxlen=2),
        pad(_SEQUENCES, maxlen=2, truncating="post"),
        pad(_SEQUENCES, value=-1, maxlen=5),
        pad([[1.5], [2.5, 3.5]], dtype="float32"),
        pad([[1.5], [2.5, 3.5]]),
        pad([[], [1, 2]]),
        pad([np.ones((1, 2)), np.zeros((2, 2))]),
        pad(np.array([[1, 2], [3, 4]]), maxlen=3),
        pad([["a"], ["b", "c"]], dtype=object, value="x"),
    ]


def case_pad_sequences_bad_padding(tf, np):
    _u(tf).pad_sequences(_SEQUENCES, padding="mid")


def case_pad_sequences_bad_truncating(tf, np):
    _u(tf).pad_sequences(_SEQUENCES, maxlen=2, truncating="mid")


def case_pad_sequences_string_value_needs_object(tf, np):
    _u(tf).pad_sequences([["a"], ["b", "c"]], value="x")


def case_pad_sequences_not_iterable(tf, np):
    _u(tf).pad_sequences(5)


def case_pad_sequences_items_not_iterable(tf, np):
    _u(tf).pad_sequences([1, 2])


def case_pad_sequences_item_shapes_differ(tf, np):
    _u(tf).pad_sequences([np.ones((1, 2)), np.zeros((2, 3))])


def case_pack_unpack(tf, np):
    u = _u(tf)
    return [
        u.pack_x_y_sample_weight(1),
        u.pack_x_y_sample_weight([1, 2]),
        u.pack_x_y_sample_weight((1, 2)),
        u.pack_x_y_sample_weight(1, 2),
        u.pack_x_y_sample_weight(1, 2, 3),
        u.pack_x_y_sample_weight(1, None, 3),
        u.unpack_x_y_sample_weight((1, 2)),
        u.unpack_x_y_sample_weight([1, 2, 3]),
        u.unpack_x_y_sample_weight(1),
        u.unpack_x_y_sample_weight((1,)),
        u.unpack_x_y_sample_weight({"a": 1}),
    ]


def case_unpack_too_long(tf, np):
    _u(tf).unpack_x_y_sample_weight((1, 2, 3, 4))


def case_set_random_seed_rejects_float(tf, np):
    _u(tf).set_random_seed(1.5)


def case_set_random_seed_seeds_numpy_and_python(tf, np):
    import random

    _u(tf).set_random_seed(3)
    return [np.random.rand(), random.random()]


def case_serialize_plain_values(tf, np):
    s = _u(tf).serialize_keras_object
    return [
        s([1, 2.5, "a", None, True]),
        s({"a": (1, 2)}),
        s(np.array([1.0, 2.0])),
        s(np.float32(3.0)),
        s(tf.constant([1, 2])),
        s(b"xy"),
        s(tf.float32),
        s(tf.TensorShape([None, 3])),
    ]


def case_serialize_keras_objects(tf, np):
    s = _u(tf).serialize_keras_object
    k = tf.keras
    return [
        s(k.activations.relu),
        s(k.regularizers.L2(0.5)),
        s(k.initializers.Zeros()),
        s(k.constraints.NonNeg()),
        s(k.losses.mse),
    ]


def case_deserialize_round_trip(tf, np):
    u, k = _u(tf), tf.keras
    d, s = u.deserialize_keras_object, u.serialize_keras_object
    return [
        d(s(k.regularizers.L2(0.5))).get_config(),
        d(s(np.array([1, 2], dtype=np.int32))),
        d(s(b"q")),
        d({"a": s(np.array([1.5]))}),
        d("relu"),
        d(s(k.activations.relu)).__name__,
    ]


def case_deserialize_unknown_class(tf, np):
    _u(tf).deserialize_keras_object({"class_name": "NoSuchThing", "config": {}})


def case_deserialize_needs_module_or_registration(tf, np):
    _u(tf).deserialize_keras_object({"class_name": "L2", "config": {"l2": 0.5}})


def case_custom_object_scope(tf, np):
    class Scaled:
        def __init__(self, factor=1.0):
            self.factor = factor

        def get_config(self):
            return {"factor": self.factor}

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    u = _u(tf)
    config = {"class_name": "Scaled", "config": {"factor": 3.0}}
    with u.custom_object_scope({"Scaled": Scaled}):
        inside = u.deserialize_keras_object(config).factor
        found = u.get_registered_object("Scaled") is Scaled
    with u.CustomObjectScope({"Scaled": Scaled}):
        via_namespace = tf.keras.regularizers.get(config).factor
    outside = u.get_registered_object("Scaled")
    explicit = u.deserialize_keras_object(config, custom_objects={"Scaled": Scaled}).factor
    return [inside, found, via_namespace, outside is None, explicit]


def case_registered_names(tf, np):
    u = _u(tf)

    @u.register_keras_serializable(package="GoldenPkg")
    class Thing:
        def __init__(self, a=1):
            self.a = a

        def get_config(self):
            return {"a": self.a}

        @classmethod
        def from_config(cls, config):
            return cls(**config)

    serialized = u.serialize_keras_object(Thing(4))
    return [
        u.get_registered_name(Thing),
        u.get_registered_name(tf.keras.activations.relu),
        u.get_registered_object("GoldenPkg>Thing") is Thing,
        "GoldenPkg>Thing" in u.get_custom_objects(),
        serialized,
        u.deserialize_keras_object(serialized).a,
    ]


def case_register_needs_get_config(tf, np):
    @_u(tf).register_keras_serializable(package="GoldenPkg")
    class NoConfig:
        pass


def case_sequence_iterates_in_order(tf, np):
    class Batches(_u(tf).Sequence):
        def __len__(self):
            return 3

        def __getitem__(self, index):
            return index * 10

    return [list(Batches()), Batches().on_epoch_end()]


def case_interactive_logging_default(tf, np):
    return _u(tf).is_interactive_logging_enabled()


# ---- Progbar: the exact text ------------------------------------------------------------------------
def _progbar_text(tf, ctor, steps):
    """What a Progbar prints for `steps` = [(method, seconds since the last step, args, kwargs)]."""
    clock = [1000.0]
    real_time, real_stdout = time.time, sys.stdout
    out = io.StringIO()
    time.time = lambda: clock[0]
    sys.stdout = out
    try:
        bar = _u(tf).Progbar(**ctor)
        for method, seconds, args, kwargs in steps:
            clock[0] += seconds
            getattr(bar, method)(*args, **kwargs)
    finally:
        time.time, sys.stdout = real_time, real_stdout
    return out.getvalue()


def _losses(n, seconds=0.1):
    return [("update", seconds, (i,), {"values": [("loss", 1.0 / i)]}) for i in range(1, n + 1)]


def case_progbar_verbose1(tf, np):
    return _progbar_text(tf, {"target": 5}, _losses(5))


def case_progbar_verbose2(tf, np):
    return _progbar_text(tf, {"target": 5, "verbose": 2}, _losses(5))


def case_progbar_verbose0_is_silent(tf, np):
    return _progbar_text(tf, {"target": 3, "verbose": 0}, _losses(3))


def case_progbar_unknown_target(tf, np):
    steps = _losses(3) + [("update", 0.1, (3,), {"finalize": True})]
    return _progbar_text(tf, {"target": None}, steps)


def case_progbar_stateful_metrics(tf, np):
    steps = [("update", 0.5, (i,), {"values": [("loss", float(i)), ("acc", i / 10)]}) for i in range(1, 4)]
    return _progbar_text(tf, {"target": 3, "stateful_metrics": ["acc"]}, steps)


def case_progbar_add(tf, np):
    steps = [
        ("add", 0.02, (2,), {"values": [("loss", 2.0)]}),
        ("add", 0.02, (2,), {"values": [("loss", 4.0)]}),
    ]
    return _progbar_text(tf, {"target": 4}, steps)


def case_progbar_eta_formats(tf, np):
    steps = [("update", 5.0, (10,), {}), ("update", 400.0, (50,), {}), ("update", 4000.0, (100,), {})]
    return _progbar_text(tf, {"target": 100, "unit_name": "sample"}, steps)


def case_progbar_eta_hours(tf, np):
    return _progbar_text(tf, {"target": 10000}, [("update", 10.0, (1,), {}), ("update", 10.0, (2,), {})])


def case_progbar_microseconds(tf, np):
    return _progbar_text(
        tf, {"target": 1000}, [("update", 0.00001, (500,), {}), ("update", 0.00002, (1000,), {})]
    )


def case_progbar_interval_skips_redraws(tf, np):
    steps = [
        ("update", 0.1, (1,), {}),
        ("update", 0.1, (2,), {}),
        ("update", 2.0, (3,), {}),
        ("update", 0.1, (10,), {}),
    ]
    return _progbar_text(tf, {"target": 10, "interval": 1.0}, steps)


def case_progbar_width(tf, np):
    return _progbar_text(tf, {"target": 7, "width": 10}, [("update", 0.3, (i,), {}) for i in range(1, 8)])


def case_progbar_small_values_and_weights(tf, np):
    steps = [
        ("update", 0.1, (1,), {"values": [("loss", 1e-5), ("x", 123456.0)]}),
        ("update", 0.1, (3,), {"values": [("loss", 2e-3), ("x", 5.0)]}),
    ]
    return _progbar_text(tf, {"target": 3}, steps)


def case_progbar_negative_values(tf, np):
    steps = [
        ("update", 0.1, (1,), {"values": [("l", -0.0005)]}),
        ("update", 0.1, (2,), {"values": [("l", -5.0)]}),
    ]
    return _progbar_text(tf, {"target": 2}, steps)


def case_progbar_past_target(tf, np):
    return _progbar_text(tf, {"target": 3}, [("update", 0.1, (5,), {})])


def case_progbar_zero_steps_then_done(tf, np):
    return _progbar_text(tf, {"target": 2}, [("update", 0.0, (0,), {}), ("update", 0.2, (2,), {})])


def case_progbar_shorter_line_is_padded(tf, np):
    steps = [
        ("update", 0.1, (1,), {"values": [("s", 123456789.0)]}),
        ("update", 0.1, (2,), {"values": [("s", 1.0)]}),
    ]
    return _progbar_text(tf, {"target": 3, "stateful_metrics": ["s"]}, steps)


def case_progbar_redraw_after_finishing(tf, np):
    steps = [("update", 1, (3,), {}), ("update", 2, (1,), {}), ("update", 4, (3,), {})]
    return _progbar_text(tf, {"target": 3}, steps)


def case_progbar_array_values(tf, np):
    steps = [
        ("update", 0.1, (1,), {"values": [("v", np.array([1.0, 3.0]))]}),
        ("update", 0.1, (2,), {"values": [("v", np.array([5.0, 7.0]))]}),
    ]
    return _progbar_text(tf, {"target": 2}, steps)


def case_progbar_verbose2_epoch_time(tf, np):
    steps = [("update", 1, (1,), {}), ("update", 1, (2,), {}), ("update", 7, (3,), {})]
    return _progbar_text(tf, {"target": 3, "verbose": 2}, steps)


def case_progbar_verbose2_twice(tf, np):
    return _progbar_text(tf, {"target": 3, "verbose": 2}, [("update", 1, (3,), {}), ("update", 5, (3,), {})])


def case_progbar_verbose2_averages(tf, np):
    steps = [
        ("update", 1, (1,), {"values": [("a", 1.0)]}),
        ("update", 1, (3,), {"values": [("a", 3.0)]}),
    ]
    return _progbar_text(tf, {"target": 3, "verbose": 2}, steps)


def case_progbar_finalize_early(tf, np):
    return _progbar_text(tf, {"target": 3}, [("update", 1, (2,), {"finalize": True})])


# ---- control flow, losses and the rest of tf.keras.backend ------------------------------------------
def _ab(tf):
    a = tf.reshape(tf.range(6, dtype=tf.float32), (2, 3))
    return a, -a


def case_switch(tf, np):
    k, (a, b) = _k(tf), _ab(tf)
    c = tf.reshape(tf.range(12, dtype=tf.float32), (2, 3, 2))
    mask = tf.constant([[True, False, True], [False, True, False]])
    return [
        k.switch(tf.constant(True), a, b),
        k.switch(tf.constant(False), lambda: a, lambda: b),
        k.switch(mask, a, b),
        k.switch(tf.constant([True, False, True]), a, b),
        k.switch(mask, c, -c),
        k.switch(tf.constant([[1, 0, 1], [0, 1, 0]]), a, b),
    ]


def case_switch_condition_rank_too_high(tf, np):
    a, b = _ab(tf)
    _k(tf).switch(tf.constant([[[True]]]), a, b)


def case_train_and_test_phase(tf, np):
    k, (a, b) = _k(tf), _ab(tf)
    return [
        k.in_train_phase(lambda: 1.0, 2.0),
        k.in_train_phase(1.0, 2.0, training=1),
        k.in_train_phase(a, b, training=tf.constant(True)),
        k.in_test_phase(1.0, 2.0),
    ]


def case_random_bernoulli_and_variables(tf, np):
    k = _k(tf)
    normal = k.random_normal_variable((2, 2), 0.0, 1.0, seed=1)
    uniform = k.random_uniform_variable((2,), 0.0, 1.0, name="u")
    return [
        k.random_bernoulli((3,), p=0.0),
        k.random_bernoulli((3,), p=1.0, dtype="float64"),
        [isinstance(v, tf.Variable) for v in (normal, uniform)],
        (normal.dtype, normal.shape, uniform.dtype, uniform.shape),
    ]


def case_folds_and_map(tf, np):
    k, elems = _k(tf), tf.constant([1.0, 2.0, 3.0])
    return [
        k.foldl(lambda acc, x: acc + x, elems),
        k.foldr(lambda acc, x: acc * 2 + x, elems, initializer=tf.constant(0.0)),
        k.map_fn(lambda x: x * 2, elems),
    ]


def case_backend_crossentropies(tf, np):
    k = _k(tf)
    return [
        k.binary_crossentropy(tf.constant([[0.0, 1.0]]), tf.constant([[0.2, 0.8]])),
        k.binary_crossentropy(tf.constant([[0.0, 1.0]]), tf.constant([[0.5, -1.0]]), from_logits=True),
        k.categorical_crossentropy(tf.constant([[0.0, 1.0]]), tf.constant([[0.2, 0.8]])),
        k.categorical_crossentropy(
            tf.constant([[0.0, 1.0], [1.0, 0.0]]), tf.constant([[0.2, 0.3], [0.8, 0.7]]), axis=0
        ),
        k.sparse_categorical_crossentropy(tf.constant([1]), tf.constant([[0.2, 0.8]])),
        k.sparse_categorical_crossentropy(
            tf.constant([1, 0]), tf.constant([[1.0, 2.0], [3.0, 1.0]]), from_logits=True
        ),
    ]


def case_print_tensor_returns_its_input(tf, np):
    real_stdout = sys.stdout
    sys.stdout = io.StringIO()
    try:
        return _k(tf).print_tensor(tf.constant([1.0, 2.0]), message="value")
    finally:
        sys.stdout = real_stdout


def case_is_keras_tensor(tf, np):
    return [_k(tf).is_keras_tensor(tf.keras.Input((3,))), _k(tf).is_keras_tensor(tf.constant([1.0]))]


def case_is_keras_tensor_rejects_numpy(tf, np):
    _k(tf).is_keras_tensor(np.zeros(2))


def case_img_to_array(tf, np):
    u = _u(tf)
    return [
        u.img_to_array(np.ones((2, 3))),
        u.img_to_array(np.arange(24).reshape(2, 3, 4)),
        u.img_to_array(np.arange(24).reshape(2, 3, 4), "channels_first"),
        u.img_to_array(np.ones((2, 3)), "channels_first"),
        u.img_to_array([[1, 2], [3, 4]]),
        u.img_to_array(np.ones((2, 3), dtype=np.uint8), None, "uint8"),
    ]


def case_img_to_array_bad_rank(tf, np):
    _u(tf).img_to_array(np.ones(3))


def case_img_to_array_bad_format(tf, np):
    _u(tf).img_to_array(np.ones((2, 2)), "nhwc")
