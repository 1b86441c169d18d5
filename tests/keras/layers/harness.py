"""The layer harness: one call checks what every Keras layer must do.

`run_layer_test(tf.keras.layers.Dense, {"units": 3}, input_shape=(2, 4), ...)` makes the layer,
calls it, and checks the output shape and dtype (against `expected_*` and against
`compute_output_shape`), the number and names of weights, that `from_config(get_config())` makes a
layer that computes the same outputs with the same weights, that calling it on a `tf.keras.Input`
gives a Keras tensor of a compatible shape, that a `tf.function` call matches the eager one, and that
one gradient step changes every trainable weight. Returns the layer and its output for extra checks.
"""

from __future__ import annotations

import numpy as np

import lamina as tf
from lamina.keras.layer import keras_graph


def _input_data(input_shape, input_dtype, seed=0):
    rng = np.random.RandomState(seed)
    if np.dtype(input_dtype).kind in "iu":
        return rng.randint(0, 10, size=input_shape).astype(input_dtype)
    return rng.uniform(-1.0, 1.0, size=input_shape).astype(input_dtype)


def _call(layer, data, call_kwargs, training=None):
    kwargs = dict(call_kwargs)
    if training is not None:
        kwargs["training"] = training
    return layer(data, **kwargs)


def run_layer_test(
    layer_cls,
    kwargs=None,
    input_shape=None,
    input_data=None,
    input_dtype="float32",
    call_kwargs=None,
    expected_output_shape=None,
    expected_output_dtype=None,
    expected_output=None,
    expected_num_weights=None,
    expected_num_trainable_weights=None,
    expected_weight_names=None,
    expected_mask=None,
    supports_masking=None,
    deterministic=True,
    check_functional=True,
    check_training=True,
    check_config=True,
    rtol=1e-5,
    atol=1e-6,
):
    """Runs the checks described in the module docstring; see the arguments' names for what they
    check. `input_data` (a NumPy array or a list of them) wins over `input_shape`; `deterministic`
    False skips value comparisons between calls (random layers in training mode)."""
    kwargs = dict(kwargs or {})
    call_kwargs = dict(call_kwargs or {})
    if input_data is None:
        input_data = _input_data(input_shape, input_dtype)
    multi = isinstance(input_data, (list, tuple))
    shapes = [np.shape(x) for x in input_data] if multi else np.shape(input_data)

    layer = layer_cls(**kwargs)
    output = _call(layer, input_data, call_kwargs)
    outputs = tf.nest.flatten(output)
    first = outputs[0]
    if expected_output_shape is not None:
        assert tuple(first.shape) == tuple(expected_output_shape), (first.shape, expected_output_shape)
    if expected_output_dtype is not None:
        assert first.dtype.name == tf.as_dtype(expected_output_dtype).name, (
            first.dtype,
            expected_output_dtype,
        )
    if expected_output is not None:
        np.testing.assert_allclose(np.asarray(first), expected_output, rtol=rtol, atol=atol)
    _check_weights(layer, expected_num_weights, expected_num_trainable_weights, expected_weight_names)
    if supports_masking is not None:
        assert layer.supports_masking == supports_masking
    if expected_mask is not None:
        mask = layer.compute_mask(input_data, None)
        np.testing.assert_array_equal(np.asarray(mask), expected_mask)

    computed = layer.compute_output_shape([tuple(s) for s in shapes] if multi else tuple(shapes))
    _check_compatible(
        tf.nest.flatten(computed)[0]
        if isinstance(computed, (list, tuple)) and not _is_shape(computed)
        else computed,
        first.shape,
    )

    if deterministic:
        _check_function_matches(layer, input_data, call_kwargs, output, rtol, atol)
    if check_config:
        _check_config_round_trip(layer, input_data, call_kwargs, output, deterministic, rtol, atol)
    if check_functional:
        _check_functional(layer_cls, kwargs, shapes, multi, input_dtype, call_kwargs, first)
    if check_training and layer.trainable_weights:
        _check_training_step(layer, input_data, call_kwargs)
    return layer, output


def _is_shape(value) -> bool:
    return isinstance(value, tf.TensorShape) or (
        isinstance(value, (list, tuple)) and all(d is None or isinstance(d, int) for d in value)
    )


def _check_compatible(shape, actual):
    expected = tf.TensorShape(shape)
    assert expected.is_compatible_with(actual), f"compute_output_shape gave {expected}, call gave {actual}"


def _check_weights(layer, num_weights, num_trainable, names):
    if num_weights is not None:
        assert len(layer.weights) == num_weights, [w.name for w in layer.weights]
    if num_trainable is not None:
        assert len(layer.trainable_weights) == num_trainable, [w.name for w in layer.trainable_weights]
    if names is not None:
        assert [w.name for w in layer.weights] == list(names)


def _check_function_matches(layer, data, call_kwargs, expected, rtol, atol):
    function = tf.function(lambda x: _call(layer, x, call_kwargs))
    result = function(data)
    for got, want in zip(tf.nest.flatten(result), tf.nest.flatten(expected)):
        np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=rtol, atol=atol)


def _check_config_round_trip(layer, data, call_kwargs, expected, deterministic, rtol, atol):
    config = layer.get_config()
    clone = type(layer).from_config(config)
    assert clone.get_config() == config
    _call(clone, data, call_kwargs)
    clone.set_weights(layer.get_weights())
    if deterministic:
        result = _call(clone, data, call_kwargs)
        for got, want in zip(tf.nest.flatten(result), tf.nest.flatten(expected)):
            np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=rtol, atol=atol)


def _check_functional(layer_cls, kwargs, shapes, multi, input_dtype, call_kwargs, eager_output):
    if multi:
        inputs = [tf.keras.Input(shape=s[1:], dtype=input_dtype) for s in shapes]
    else:
        inputs = tf.keras.Input(shape=shapes[1:], dtype=input_dtype)
    symbolic = tf.nest.flatten(layer_cls(**kwargs)(inputs, **call_kwargs))[0]
    assert keras_graph.is_keras_tensor(symbolic)
    assert symbolic.dtype == eager_output.dtype
    assert symbolic.shape[1:].is_compatible_with(eager_output.shape[1:]), (symbolic.shape, eager_output.shape)


def _check_training_step(layer, data, call_kwargs):
    before = [w.numpy().copy() for w in layer.trainable_weights]
    with tf.GradientTape() as tape:
        result = _call(layer, data, call_kwargs, training=True if "training" in _parameters(layer) else None)
        loss = tf.add_n([tf.reduce_sum(tf.cast(t, tf.float32) ** 2) for t in tf.nest.flatten(result)])
    gradients = tape.gradient(loss, layer.trainable_weights)
    assert all(g is not None for g in gradients), [
        w.name for w, g in zip(layer.trainable_weights, gradients) if g is None
    ]
    for gradient in gradients:
        assert np.all(np.isfinite(np.asarray(tf.convert_to_tensor(gradient))))
    tf.keras.optimizers.SGD(0.1).apply_gradients(zip(gradients, layer.trainable_weights))
    changed = [not np.allclose(b, w.numpy()) for b, w in zip(before, layer.trainable_weights)]
    assert any(changed), "a gradient step changed no trainable weight"


def _parameters(layer):
    import inspect

    return inspect.signature(layer.call).parameters
