"""tf.keras.backend: the global settings and who reads them, clear_session and its hooks, keras.json, and
the tensor functions in graphs and against NumPy.

Values that must equal TensorFlow's (every function on fixed inputs, settings errors) are golden cases
in tools/golden/cases/keras_backend_utils.py.
"""

import json

import numpy as np
import pytest

import lamina as tf

# The implementation module (its import path is shadowed by the public tf.keras.backend namespace).
from lamina.keras.initializer import backend as backend_impl

K = tf.keras.backend


@pytest.fixture
def restore_settings():
    saved = (K.floatx(), K.epsilon(), K.image_data_format())
    yield
    K.set_floatx(saved[0])
    K.set_epsilon(saved[1])
    K.set_image_data_format(saved[2])


def test_floatx_sets_the_default_dtype_of_initializers_and_backend_values(restore_settings):
    K.set_floatx(tf.float64)  # lamina also accepts a DType
    assert K.floatx() == "float64"
    assert tf.keras.initializers.GlorotUniform(seed=1)((2, 2)).dtype == tf.float64
    assert K.variable([1, 2]).dtype == tf.float64
    assert K.zeros((2,)).dtype == tf.float64
    assert K.cast_to_floatx([1, 2]).dtype == np.float64
    assert K.mean(tf.constant([True, False])).dtype == tf.float64
    K.set_floatx("float16")
    assert tf.keras.initializers.Ones()((1,)).dtype == tf.float16


def test_set_floatx_rejects_other_types(restore_settings):
    with pytest.raises(ValueError, match=r"Unknown `floatx` value: int32"):
        K.set_floatx("int32")
    assert K.floatx() == "float32"


def test_epsilon_is_read_by_constraints_when_called(restore_settings):
    w = np.array([[3.0, 0.0], [4.0, 0.0]], dtype=np.float32)
    unit = tf.keras.constraints.UnitNorm(axis=0)
    np.testing.assert_allclose(unit(tf.constant(w)).numpy(), w / (np.array([5.0, 0.0]) + 1e-7), rtol=1e-6)
    K.set_epsilon(1.0)
    assert K.epsilon() == 1.0
    np.testing.assert_allclose(unit(tf.constant(w)).numpy(), w / np.array([6.0, 1.0]), rtol=1e-6)
    max_norm = tf.keras.constraints.MaxNorm(2.0)
    np.testing.assert_allclose(max_norm(tf.constant(w)).numpy(), w * 2.0 / np.array([6.0, 1.0]), rtol=1e-6)


def test_set_epsilon_stores_a_float(restore_settings):
    K.set_epsilon("1e-3")  # Keras 2.15 stores the string as is; lamina converts it
    assert K.epsilon() == pytest.approx(1e-3)


def test_image_data_format(restore_settings):
    K.set_image_data_format("channels_first")
    assert K.image_data_format() == "channels_first"
    with pytest.raises(ValueError, match="Unknown `data_format`: NHWC"):
        K.set_image_data_format("NHWC")
    assert K.image_data_format() == "channels_first"


def test_keras_json_in_keras_home_sets_the_defaults(tmp_path, monkeypatch, restore_settings):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    config = {"floatx": "float16", "epsilon": 0.01, "image_data_format": "channels_first", "backend": "jax"}
    (tmp_path / "keras.json").write_text(json.dumps(config))
    backend_impl._read_config_file()
    assert (K.floatx(), K.epsilon(), K.image_data_format()) == ("float16", 0.01, "channels_first")


def test_broken_or_invalid_keras_json_is_ignored(tmp_path, monkeypatch, restore_settings):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    (tmp_path / "keras.json").write_text("{not json")
    backend_impl._read_config_file()
    (tmp_path / "keras.json").write_text(json.dumps({"floatx": "int8", "epsilon": 0.5}))
    backend_impl._read_config_file()
    assert (K.floatx(), K.epsilon()) == ("float32", 0.5)


def test_clear_session_resets_uids_and_runs_registered_hooks():
    calls = []

    def hook():
        calls.append(K.get_uid("hooked"))

    assert backend_impl.register_reset_hook(hook) is hook
    backend_impl.register_reset_hook(hook)  # registering twice runs it once
    try:
        K.get_uid("hooked")
        K.get_uid("hooked")
        K.clear_session()
        assert calls == [1]  # counters were reset before the hook ran
        assert K.get_uid("hooked") == 2
    finally:
        backend_impl._RESET_HOOKS.remove(hook)


def test_clear_session_restarts_default_metric_names():
    K.clear_session()
    first = tf.keras.metrics.Precision().name
    second = tf.keras.metrics.Precision().name
    K.clear_session()
    assert (first, second, tf.keras.metrics.Precision().name) == ("precision", "precision_1", "precision")


def test_get_value_of_a_symbolic_tensor_raises():
    @tf.function
    def inside(x):
        return K.get_value(x)

    with pytest.raises(ValueError, match="symbolic"):
        inside(tf.constant(1.0))


def test_values_and_variables_round_trip():
    v = K.variable(np.arange(6).reshape(2, 3), name="kernel")
    assert isinstance(v, tf.Variable) and v.dtype == tf.float32 and v.name == "kernel:0"
    K.set_value(v, np.ones((2, 3)))
    np.testing.assert_array_equal(K.get_value(v), np.ones((2, 3), np.float32))
    K.batch_set_value([(v, np.zeros((2, 3)))])
    assert K.batch_get_value([v])[0].sum() == 0
    assert K.count_params(v) == 6 and K.int_shape(v) == (2, 3) and K.ndim(v) == 2
    assert K.get_value([1, 2]) == [1, 2]
    with pytest.raises(ValueError):
        K.set_value(v, [1.0, 2.0])  # wrong shape


def test_functions_trace_into_graphs_like_eager():
    x = np.array([[1.0, 4.0], [9.0, 16.0]], dtype=np.float32)

    def compute(t):
        return K.sum(K.dot(K.sqrt(t), K.transpose(t)), axis=1) + K.mean(K.clip(t, 2.0, 10.0))

    eager = compute(tf.constant(x)).numpy()
    traced = tf.function(compute)(tf.constant(x)).numpy()
    expected = (np.sqrt(x) @ x.T).sum(axis=1) + np.clip(x, 2.0, 10.0).mean()
    np.testing.assert_allclose(eager, expected, rtol=1e-6)
    np.testing.assert_allclose(traced, expected, rtol=1e-6)


def test_batch_flatten_with_an_unknown_batch_size():
    flatten = tf.function(K.batch_flatten, input_signature=[tf.TensorSpec([None, 3, 4])])
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    np.testing.assert_array_equal(flatten(tf.constant(x)).numpy(), x.reshape(2, 12))


def test_dot_follows_numpy_for_vectors_and_higher_ranks():
    a = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    b = np.arange(40, dtype=np.float32).reshape(2, 4, 5)
    v = np.array([1.0, -1.0, 2.0, 0.5], dtype=np.float32)
    np.testing.assert_allclose(K.dot(tf.constant(a), tf.constant(b)).numpy(), np.dot(a, b))
    np.testing.assert_allclose(K.dot(tf.constant(a), tf.constant(v)).numpy(), np.dot(a, v))


def test_clip_with_an_open_side_on_integers():
    np.testing.assert_array_equal(K.clip(tf.constant([-5, 5]), None, 2).numpy(), [-5, 2])
    np.testing.assert_array_equal(K.clip(tf.constant([-5, 5]), 0, None).numpy(), [0, 5])


def test_bad_inputs_name_what_was_received():
    with pytest.raises(ValueError, match=r"shape=\(2, 3, 4\)"):
        K.repeat(tf.zeros((2, 3, 4)), 2)
    with pytest.raises(ValueError, match=r"bias.shape=\(1, 1, 1, 1\)"):
        K.bias_add(tf.zeros((2, 3, 4)), tf.zeros((1, 1, 1, 1)))
    with pytest.raises(ValueError, match="Unknown data_format"):
        K.bias_add(tf.zeros((2, 3)), tf.zeros((3,)), data_format="NCHW")


def test_bias_add_channels_first_with_a_full_rank_bias():
    x = np.zeros((2, 3, 4, 5), dtype=np.float32)
    bias = np.arange(60, dtype=np.float32).reshape(4, 5, 3)  # channels last, as Keras stores it
    got = K.bias_add(tf.constant(x), tf.constant(bias), data_format="channels_first").numpy()
    np.testing.assert_array_equal(got, x + bias.transpose(2, 0, 1)[None])


def test_random_functions_sample_in_range_with_floatx():
    uniform = K.random_uniform((2000,), minval=-1.0, maxval=3.0, seed=4).numpy()
    assert uniform.dtype == np.float32 and uniform.min() >= -1.0 and uniform.max() < 3.0
    assert abs(uniform.mean() - 1.0) < 0.15
    normal = K.random_normal((4000,), mean=2.0, stddev=0.5).numpy()
    assert abs(normal.mean() - 2.0) < 0.05 and abs(normal.std() - 0.5) < 0.05
    truncated = K.truncated_normal((2000,), stddev=1.0).numpy()
    assert np.abs(truncated).max() <= 2.0


def test_stop_gradient_of_a_list():
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        kept, stopped = x * 3.0, K.stop_gradient([x * 5.0])[0]
        total = K.sum(kept + stopped)
    np.testing.assert_array_equal(tape.gradient(total, x).numpy(), [3.0, 3.0])
