"""The core layers (Activation, Identity, Masking, Flatten, Reshape, Permute, RepeatVector, Lambda,
Embedding, EinsumDense) through the layer harness, plus values against NumPy and the errors."""

import math

import numpy as np
import pytest

import lamina as tf
from lamina.keras.layer import keras_graph
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers


def _x(*shape):
    return (np.cos(np.arange(np.prod(shape)) * 0.3) - 0.2).reshape(shape).astype("float32")


# ---- Activation, Identity -------------------------------------------------------------------------
def test_activation_harness_and_values():
    x = _x(2, 5)
    run_layer_test(
        layers.Activation,
        {"activation": "relu"},
        input_data=x,
        expected_output=np.maximum(x, 0),
        expected_num_weights=0,
        supports_masking=True,
    )
    np.testing.assert_allclose(layers.Activation(tf.nn.softplus)(x).numpy(), np.log1p(np.exp(x)), rtol=1e-6)
    assert layers.Activation(None).get_config()["activation"] == "linear"
    assert layers.Activation("tanh", dtype="float64")(x).dtype == tf.float64


def test_activation_errors():
    with pytest.raises(ValueError, match="Unknown activation function 'bad'"):
        layers.Activation("bad")


def test_identity_returns_a_new_equal_tensor():
    x = _x(2, 3)
    run_layer_test(layers.Identity, {}, input_data=x, expected_output=x, expected_num_weights=0)
    inputs = tf.keras.Input((3,))
    output = layers.Identity()(inputs)
    assert output is not inputs and output.shape.as_list() == [None, 3]
    pair = layers.Identity()([x, x + 1])
    np.testing.assert_allclose(pair[1].numpy(), x + 1)
    assert layers.Identity()(tf.constant([1, 2])).dtype == tf.int32


# ---- Masking --------------------------------------------------------------------------------------
def test_masking_output_and_mask():
    x = np.array([[[0.0, 0.0], [1.0, 2.0], [0.0, 3.0]], [[4.0, 5.0], [0.0, 0.0], [0.0, 0.0]]], "float32")
    keep = np.any(x != 0.0, axis=-1)
    run_layer_test(
        layers.Masking,
        {"mask_value": 0.0},
        input_data=x,
        expected_output=x * keep[..., None],
        expected_mask=keep,
    )
    layer = layers.Masking(mask_value=-1.0)
    y = np.array([[[-1.0, -1.0], [1.0, -1.0]]], "float32")
    out = layer(y)
    np.testing.assert_array_equal(keras_graph.get_mask(out).numpy(), [[False, True]])
    np.testing.assert_allclose(out.numpy(), [[[0.0, 0.0], [1.0, -1.0]]])


def test_mask_flows_through_pass_through_layers():
    x = np.array([[[0.0, 0.0], [1.0, 2.0]]], "float32")
    masked = layers.Masking()(x)
    for layer in (layers.Activation("relu"), layers.Dropout(0.5), layers.Dense(2)):
        np.testing.assert_array_equal(keras_graph.get_mask(layer(masked)).numpy(), [[False, True]])
    for layer in (layers.Flatten(), layers.Identity(), layers.Lambda(lambda t: t * 2)):
        assert keras_graph.get_mask(layer(masked)) is None


# ---- Flatten, Reshape, Permute, RepeatVector ---------------------------------------------------------
def test_flatten():
    x = _x(2, 3, 2, 2)
    run_layer_test(
        layers.Flatten, {}, input_data=x, expected_output=x.reshape(2, 12), expected_output_shape=(2, 12)
    )
    first = layers.Flatten(data_format="channels_first")(x).numpy()
    np.testing.assert_allclose(first, np.transpose(x, (0, 2, 3, 1)).reshape(2, 12))
    assert layers.Flatten()(_x(3)).shape.as_list() == [3, 1]
    assert layers.Flatten().compute_output_shape((None, 3, None)).as_list() == [None, None]
    assert layers.Flatten()(tf.keras.Input((3, 4))).shape.as_list() == [None, 12]
    assert layers.Flatten()(tf.constant([[1, 2]])).dtype == tf.int32


def test_flatten_errors():
    with pytest.raises(ValueError, match="data_format"):
        layers.Flatten(data_format="bad")
    with pytest.raises(ValueError, match="expected min_ndim=1, found ndim=0"):
        layers.Flatten()(tf.constant(1.0))


def test_reshape():
    x = _x(2, 12)
    run_layer_test(layers.Reshape, {"target_shape": (3, 4)}, input_data=x, expected_output=x.reshape(2, 3, 4))
    y = _x(2, 3, 4)
    np.testing.assert_allclose(layers.Reshape((-1, 2))(y).numpy(), y.reshape(2, 6, 2))
    assert layers.Reshape((3, -1)).compute_output_shape((None, 6)).as_list() == [None, 3, 2]
    assert layers.Reshape((3, -1)).compute_output_shape((None, None)).as_list() == [None, 3, None]
    symbolic = layers.Reshape((-1, 2))(tf.keras.Input((3, 4)))
    assert symbolic.shape.as_list() == [None, 6, 2]
    assert layers.Reshape([3, -1]).get_config()["target_shape"] == (3, -1)


def test_reshape_errors():
    with pytest.raises(tf.errors.InvalidArgumentError):
        layers.Reshape((5,))(_x(2, 12))
    with pytest.raises(ValueError, match="total size of new array must be unchanged"):
        layers.Reshape((5, -1)).compute_output_shape((None, 6))
    with pytest.raises(ValueError, match="at most one unknown dimension"):
        layers.Reshape((-1, -1)).compute_output_shape((None, 6))
    with pytest.raises(TypeError, match="not iterable"):
        layers.Reshape(3)


def test_permute():
    x = _x(2, 3, 4)
    run_layer_test(layers.Permute, {"dims": (2, 1)}, input_data=x, expected_output=np.transpose(x, (0, 2, 1)))
    y = _x(1, 2, 3, 2)
    np.testing.assert_allclose(layers.Permute((3, 1, 2))(y).numpy(), np.transpose(y, (0, 3, 1, 2)))
    assert layers.Permute((2, 1)).compute_output_shape((None, 3, 4)).as_list() == [None, 4, 3]


def test_permute_errors():
    for dims in [(1, 1), (0, 1), (2, 3)]:
        with pytest.raises(ValueError, match="Invalid permutation argument `dims`"):
            layers.Permute(dims)
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        layers.Permute((2, 1))(_x(2, 3))


def test_repeat_vector():
    x = _x(2, 4)
    expected = np.repeat(x[:, None, :], 3, axis=1)
    run_layer_test(layers.RepeatVector, {"n": 3}, input_data=x, expected_output=expected)
    assert layers.RepeatVector(2).compute_output_shape((None, 3)).as_list() == [None, 2, 3]
    with pytest.raises(TypeError, match="Expected an integer value for `n`"):
        layers.RepeatVector(2.0)
    with pytest.raises(ValueError, match="expected ndim=2, found ndim=3"):
        layers.RepeatVector(2)(_x(2, 3, 1))


# ---- Lambda ---------------------------------------------------------------------------------------
def scale_and_shift(t, scale=2.0):
    return t * scale + 1.0


def keep_mask(inputs, mask):
    return mask


def test_lambda_harness_and_arguments():
    x = _x(2, 3)
    run_layer_test(
        layers.Lambda,
        {"function": scale_and_shift, "arguments": {"scale": 3.0}},
        input_data=x,
        expected_output=x * 3.0 + 1.0,
        expected_num_weights=0,
    )
    np.testing.assert_allclose(
        layers.Lambda(lambda t, power: t**power, arguments={"power": 3.0})(x).numpy(), x**3
    )


def test_lambda_output_shape_mask_and_training():
    assert layers.Lambda(scale_and_shift, output_shape=(3,)).compute_output_shape((2, 5)).as_list() == [2, 3]
    assert layers.Lambda(scale_and_shift, output_shape=lambda s: s).compute_output_shape(
        (2, 5)
    ).as_list() == [2, 5]
    assert layers.Lambda(lambda t: t[:, :2]).compute_output_shape((2, 5)).as_list() == [2, 2]
    shapes = layers.Lambda(lambda t: t, output_shape=[(3,), (4,)]).compute_output_shape([(2, 5), (2, 5)])
    assert [s.as_list() for s in shapes] == [[2, 3], [2, 4]]
    masked = layers.Masking()(np.array([[[0.0], [1.0]]], "float32"))
    out = layers.Lambda(lambda t: t * 2, mask=keep_mask)(masked)
    np.testing.assert_array_equal(keras_graph.get_mask(out).numpy(), [[False, True]])
    got_mask = layers.Lambda(lambda t, mask: tf.cast(mask, tf.float32))(masked)
    np.testing.assert_allclose(got_mask.numpy(), [[0.0, 1.0]])
    flag = layers.Lambda(lambda t, training=None: t * (2.0 if training else 1.0))
    np.testing.assert_allclose(flag(np.ones((1, 1), "float32"), training=True).numpy(), [[2.0]])
    np.testing.assert_allclose(flag(np.ones((1, 1), "float32")).numpy(), [[1.0]])


def test_lambda_in_a_functional_graph_returns_a_new_tensor():
    inputs = tf.keras.Input((3,))
    output = layers.Lambda(lambda t: t)(inputs)
    assert output is not inputs and keras_graph.is_keras_tensor(output)


def test_lambda_config_saves_named_functions_by_name():
    config = layers.Lambda(scale_and_shift, output_shape=math.sqrt, mask=keep_mask, name="lam").get_config()
    assert config["function"] == "scale_and_shift" and config["function_type"] == "function"
    assert config["module"] == __name__
    assert (config["output_shape"], config["output_shape_type"], config["output_shape_module"]) == (
        "sqrt",
        "function",
        "math",
    )
    clone = layers.Lambda.from_config(config)
    assert clone.function is scale_and_shift and clone.mask is keep_mask and clone._output_shape is math.sqrt
    builtin = layers.Lambda.from_config(layers.Lambda(abs).get_config())
    assert builtin.function is abs


def test_lambda_config_never_loads_code():
    config = layers.Lambda(lambda t: t + 1.0, name="anonymous").get_config()
    assert config["function_type"] == "lambda" and "<lambda>" in config["function"]
    with pytest.raises(ValueError, match="does not load Python code"):
        layers.Lambda.from_config(config)

    def replacement(t):
        return t - 1.0

    restored = layers.Lambda.from_config(config, custom_objects={config["function"]: replacement})
    np.testing.assert_allclose(restored(np.ones((1, 2), "float32")).numpy(), [[0.0, 0.0]])
    keras_bytecode = {**config, "function": ("4wEAAAAA", None, None)}
    with pytest.raises(ValueError, match="Python bytecode"):
        layers.Lambda.from_config(keras_bytecode)
    unknown = {
        **config,
        "function": "no_such_function",
        "function_type": "function",
        "module": "not_imported_mod",
    }
    with pytest.raises(ValueError, match="cannot find function"):
        layers.Lambda.from_config(unknown)


def test_lambda_errors():
    with pytest.raises(TypeError, match="callable"):
        layers.Lambda(5)
    with pytest.raises(ValueError, match="Invalid input for serialization"):
        layers.Lambda(lambda t: t, mask=np.array([True])).get_config()


# ---- Embedding ------------------------------------------------------------------------------------
def test_embedding_harness_and_lookup():
    ids = np.array([[0, 2, 1], [3, 3, 0]], "int32")
    layer, _ = run_layer_test(
        layers.Embedding,
        {"input_dim": 4, "output_dim": 3, "name": "emb_h"},
        input_data=ids,
        input_dtype="int32",
        expected_output_shape=(2, 3, 3),
        expected_output_dtype="float32",
        expected_weight_names=["emb_h/embeddings:0"],
    )
    table = layer.get_weights()[0]  # after the harness's training step
    np.testing.assert_allclose(layer(ids).numpy(), table[ids])
    assert np.all(
        np.abs(layers.Embedding(4, 3)(ids).numpy()) <= 0.05
    )  # the "uniform" initializer: RandomUniform(-0.05, 0.05)
    np.testing.assert_allclose(layer(np.array([[1.0, 2.0]], "float32")).numpy(), table[[[1, 2]]])


def test_embedding_mask_zero():
    ids = np.array([[0, 2, 1, 0], [3, 0, 0, 0]], "int32")
    layer = layers.Embedding(5, 2, mask_zero=True)
    out = layer(ids)
    np.testing.assert_array_equal(keras_graph.get_mask(out).numpy(), ids != 0)
    np.testing.assert_array_equal(layer.compute_mask(ids).numpy(), ids != 0)
    assert layers.Embedding(3, 2).compute_mask(ids) is None


def test_embedding_input_length_and_config():
    layer = layers.Embedding(5, 2, input_length=3)
    assert layer.get_config()["batch_input_shape"] == (None, 3)
    assert layers.Embedding(5, 2).get_config()["batch_input_shape"] == (None, None)
    assert layer.compute_output_shape((None, 3)).as_list() == [None, 3, 2]
    with pytest.raises(ValueError, match='"input_length" is 4'):
        layers.Embedding(5, 2, input_length=4).compute_output_shape((None, 3))
    assert layers.Embedding(5, 2, dtype="float64")(np.array([[1]])).dtype == tf.float64


def test_embedding_errors():
    with pytest.raises(ValueError, match="should be positive"):
        layers.Embedding(0, 2)
    with pytest.raises(tf.errors.InvalidArgumentError):
        layers.Embedding(5, 2)(np.array([[7]], "int32"))
    with pytest.raises(tf.errors.UnimplementedError):
        layers.Embedding(5, 2, sparse=True)


# ---- EinsumDense ---------------------------------------------------------------------------------
def _einsum_weights(layer):
    weights = [
        np.sin(np.arange(w.size) + i).reshape(w.shape).astype("float32")
        for i, w in enumerate(layer.get_weights())
    ]
    layer.set_weights(weights)
    return weights


def test_einsum_dense_harness_matrix():
    x = _x(3, 4)
    layer, _ = run_layer_test(
        layers.EinsumDense,
        {"equation": "ab,bc->ac", "output_shape": 2, "bias_axes": "c", "name": "ed"},
        input_data=x,
        expected_output_shape=(3, 2),
        expected_weight_names=["ed/kernel:0", "ed/bias:0"],
    )
    kernel, bias = _einsum_weights(layer)
    np.testing.assert_allclose(layer(x).numpy(), x @ kernel + bias, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "equation, output_shape, bias_axes, input_shape, kernel_shape, bias_shape, out_shape",
    [
        ("abc,cd->abd", (None, 5), "d", (2, 3, 4), (4, 5), (5,), (2, 3, 5)),
        ("abc,cd->abd", (3, 5), "bd", (2, 3, 4), (4, 5), (3, 5), (2, 3, 5)),
        ("abc,cd->abd", (3, 5), "b", (2, 3, 4), (4, 5), (3, 1), (2, 3, 5)),
        ("abc,cde->abde", (3, 5, 6), "be", (2, 3, 4), (4, 5, 6), (3, 1, 6), (2, 3, 5, 6)),
        ("abc,bcd->adb", (5, 3), "bd", (2, 3, 4), (3, 4, 5), (5, 3), (2, 5, 3)),
        ("...b,bc->...c", 4, "c", (2, 3, 3), (3, 4), (4,), (2, 3, 4)),
        ("...bd,bc->...cd", (4, 3), "c", (2, 5, 3, 3), (3, 4), (4, 1), (2, 5, 4, 3)),
        ("ab...,bc->ac...", 4, "c", (2, 3, 5, 6), (3, 4), (4, 1, 1), (2, 4, 5, 6)),
        ("ab,b->a", (), None, (2, 3), (3,), None, (2,)),
    ],
)
def test_einsum_dense_shapes(
    equation, output_shape, bias_axes, input_shape, kernel_shape, bias_shape, out_shape
):
    layer = layers.EinsumDense(equation, output_shape, bias_axes=bias_axes)
    x = _x(*input_shape)
    out = layer(x)
    assert tuple(out.shape) == out_shape
    assert tuple(layer.kernel.shape) == kernel_shape
    assert (None if layer.bias is None else tuple(layer.bias.shape)) == bias_shape
    assert tuple(layer.compute_output_shape(input_shape)) == out_shape
    weights = _einsum_weights(layer)
    expected = np.einsum(equation, x, weights[0])
    if bias_shape is not None:
        expected = expected + weights[1]
    np.testing.assert_allclose(layer(x).numpy(), expected, rtol=1e-5, atol=1e-5)


def test_einsum_dense_activation_config_and_graph():
    layer = layers.EinsumDense("abc,cd->abd", output_shape=(None, 2), activation="relu", bias_axes="d")
    config = layer.get_config()
    assert config["output_shape"] == [None, 2] and config["activation"] == "relu"
    assert layers.EinsumDense("ab,bc->ac", 4).get_config()["activation"] == "linear"
    out = layer(tf.keras.Input((3, 4)))
    assert out.shape.as_list() == [None, 3, 2]
    assert np.all(layer(_x(2, 3, 4)).numpy() >= 0)


def test_einsum_dense_errors():
    with pytest.raises(ValueError, match="Invalid einsum equation"):
        layers.EinsumDense("ab,bc", 4)
    with pytest.raises(ValueError, match="Bias dimension 'x' was requested"):
        layers.EinsumDense("ab,bc->ac", 4, bias_axes="x")(_x(2, 3))
    with pytest.raises(ValueError, match="do not match at shared dimension 'b'"):
        layers.EinsumDense("abc,cd->abd", (4, 5))(_x(2, 3, 4))
    with pytest.raises(ValueError, match="Weight dimension 'd'"):
        layers.EinsumDense("abc,cd->abd", (3, None))(_x(2, 3, 4))
