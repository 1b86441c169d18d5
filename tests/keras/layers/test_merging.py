"""The merging layers (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot) and their
functional spellings: values against NumPy, shapes, masks, Keras graphs and errors."""

import numpy as np
import pytest

import lamina as tf
from lamina.keras.layer import keras_graph
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers


def _x(*shape, offset=0.0):
    return (np.cos(np.arange(np.prod(shape)) * 0.3 + offset) - 0.2).reshape(shape).astype("float32")


A, B, C = _x(2, 3), _x(2, 3, offset=1.3), _x(2, 3, offset=2.1)


@pytest.mark.parametrize(
    "cls, inputs, expected",
    [
        (layers.Add, [A, B, C], A + B + C),
        (layers.Subtract, [A, B], A - B),
        (layers.Multiply, [A, B, C], A * B * C),
        (layers.Average, [A, B, C], (A + B + C) / 3),
        (layers.Maximum, [A, B, C], np.maximum(np.maximum(A, B), C)),
        (layers.Minimum, [A, B], np.minimum(A, B)),
    ],
)
def test_elementwise_merges(cls, inputs, expected):
    run_layer_test(
        cls,
        {},
        input_data=inputs,
        expected_output=expected,
        expected_num_weights=0,
        supports_masking=True,
        check_training=False,
    )


def test_functional_spellings_match_the_classes():
    np.testing.assert_allclose(layers.add([A, B, C]).numpy(), A + B + C, rtol=1e-6)
    np.testing.assert_allclose(layers.subtract([A, B]).numpy(), A - B, rtol=1e-6)
    np.testing.assert_allclose(layers.multiply([A, B]).numpy(), A * B, rtol=1e-6)
    np.testing.assert_allclose(layers.average([A, C]).numpy(), (A + C) / 2, rtol=1e-6)
    np.testing.assert_allclose(layers.maximum([A, B]).numpy(), np.maximum(A, B))
    np.testing.assert_allclose(layers.minimum([B, C]).numpy(), np.minimum(B, C))
    np.testing.assert_allclose(layers.concatenate([A, C]).numpy(), np.concatenate([A, C], -1))
    np.testing.assert_allclose(layers.concatenate([A, B], 0).numpy(), np.concatenate([A, B], 0))
    np.testing.assert_allclose(layers.dot([A, B], 1).numpy(), np.sum(A * B, 1, keepdims=True), rtol=1e-5)
    assert layers.add([A, B], name="named_add").shape.as_list() == [2, 3]


def test_broadcasting_and_ranks():
    np.testing.assert_allclose(layers.Add()([A, _x(2, 1)]).numpy(), A + _x(2, 1))
    out = layers.Add()([_x(2, 3), _x(2, 3, 1)])  # the lower-rank input gets an axis after the batch
    np.testing.assert_allclose(out.numpy(), _x(2, 3)[:, None, :] + _x(2, 3, 1))
    assert layers.Add().compute_output_shape([(None, 3), (None, 1)]).as_list() == [None, 3]
    assert layers.Add().compute_output_shape([(2, 3), (2, 3, 1)]).as_list() == [2, 3, 3]
    np.testing.assert_allclose(layers.Add()([A]).numpy(), A)
    ints = layers.Average()([np.ones((2, 3), "int32"), 3 * np.ones((2, 3), "int32")])
    assert ints.dtype == tf.float64
    np.testing.assert_allclose(ints.numpy(), 2.0)
    assert layers.Add()([A, A.astype("float64")]).dtype == tf.float32  # autocast to the layer's dtype


def test_merges_in_a_keras_graph():
    a, b = tf.keras.Input((3,)), tf.keras.Input((3,))
    for output in (layers.add([a, b]), layers.maximum([a, b]), layers.concatenate([a, b])):
        assert keras_graph.is_keras_tensor(output)
    assert layers.concatenate([a, b]).shape.as_list() == [None, 6]
    assert layers.dot([a, b], axes=1).shape.as_list() == [None, 1]
    c = tf.keras.Input((3, 4))
    d = tf.keras.Input((3, 5))
    assert layers.Dot(axes=1)([c, d]).shape.as_list() == [None, 4, 5]


def test_merge_masks_are_anded():
    m1 = tf.constant([[True, False, True], [True, True, False]])
    m2 = tf.constant([[True, True, False], [False, True, True]])
    x = np.ones((2, 3, 2), "float32")
    np.testing.assert_array_equal(
        layers.Add().compute_mask([x, x], [m1, m2]).numpy(), m1.numpy() & m2.numpy()
    )
    np.testing.assert_array_equal(layers.Add().compute_mask([x, x], [m1, None]).numpy(), m1.numpy())
    assert layers.Add().compute_mask([x, x], None) is None
    assert layers.Add().compute_mask([x, x], [None, None]) is None
    embed = layers.Embedding(5, 2, mask_zero=True)
    ids1, ids2 = np.array([[1, 0, 2], [0, 3, 3]]), np.array([[1, 1, 0], [0, 0, 3]])
    out = layers.Subtract()([embed(ids1), embed(ids2)])
    np.testing.assert_array_equal(keras_graph.get_mask(out).numpy(), (ids1 != 0) & (ids2 != 0))
    with pytest.raises(ValueError, match="`mask` should be a list"):
        layers.Add().compute_mask([x, x], m1)


def test_concatenate_values_shapes_and_masks():
    a, b = _x(2, 1, 3), _x(2, 2, 3, offset=1.0)
    run_layer_test(
        layers.Concatenate,
        {"axis": 1},
        input_data=[a, b],
        expected_output=np.concatenate([a, b], 1),
        expected_output_shape=(2, 3, 3),
        check_training=False,
    )
    assert layers.Concatenate().compute_output_shape([(None, 3), (None, 4)]).as_list() == [None, 7]
    assert layers.Concatenate(axis=1).get_config()["axis"] == 1
    m1 = tf.constant([[True, False, True], [True, True, False]])
    m2 = tf.constant([[True, True, False], [False, True, True]])
    x = np.ones((2, 3, 2), "float32")
    last = layers.Concatenate(axis=-1).compute_mask([x, x], [m1, m2])
    np.testing.assert_array_equal(last.numpy(), m1.numpy() & m2.numpy())
    along_time = layers.Concatenate(axis=1).compute_mask([x, x], [m1, None])
    np.testing.assert_array_equal(along_time.numpy(), np.concatenate([m1.numpy(), np.ones((2, 3), bool)], 1))
    assert layers.Concatenate().compute_mask([x, x], [None, None]) is None


def test_dot_values():
    run_layer_test(
        layers.Dot,
        {"axes": 1},
        input_data=[A, B],
        expected_output=np.sum(A * B, axis=1, keepdims=True),
        check_training=False,
        rtol=1e-5,
    )
    unit = lambda v, axis: v / np.linalg.norm(v, axis=axis, keepdims=True)  # noqa: E731
    cosine = layers.Dot(axes=1, normalize=True)([A, B]).numpy()
    np.testing.assert_allclose(cosine, np.sum(unit(A, 1) * unit(B, 1), axis=1, keepdims=True), rtol=1e-5)
    a, b = _x(2, 3, 4), _x(2, 5, 4, offset=0.5)
    np.testing.assert_allclose(
        layers.Dot(axes=(2, 2))([a, b]).numpy(), np.einsum("bik,bjk->bij", a, b), rtol=1e-5
    )
    c = _x(2, 3, 5, offset=0.5)
    np.testing.assert_allclose(
        layers.Dot(axes=[1, 1])([a, c]).numpy(), np.einsum("bki,bkj->bij", a, c), rtol=1e-5
    )
    np.testing.assert_allclose(
        layers.Dot(axes=(-1, -2))([a, _x(2, 4, 5)]).numpy(), a @ _x(2, 4, 5), rtol=1e-5
    )
    mixed = layers.Dot(axes=(1, 1))([_x(2, 3), _x(2, 3, 5)]).numpy()
    np.testing.assert_allclose(mixed, np.einsum("bk,bkj->bj", _x(2, 3), _x(2, 3, 5)), rtol=1e-5)
    assert layers.Dot(axes=(3, 1)).compute_output_shape([(2, 2, 3, 4), (2, 4, 5)]).as_list() == [2, 2, 3, 5]
    assert layers.Dot(axes=(1, 2), normalize=True).get_config()["axes"] == (1, 2)
    assert layers.Dot(axes=1).compute_mask([A, B], [None, None]) is None


def test_merge_errors():
    with pytest.raises(ValueError, match="Inputs have incompatible shapes"):
        layers.Add()([_x(2, 3), _x(2, 4)])
    with pytest.raises(ValueError, match="different batch sizes"):
        layers.Maximum()([_x(2, 3), _x(3, 3)])
    with pytest.raises(ValueError, match="should be called on a list of inputs"):
        layers.Add()(A)
    with pytest.raises(ValueError, match="exactly 2 inputs"):
        layers.Subtract()([A, B, C])
    with pytest.raises(ValueError, match="matching shapes except for the concatenation axis"):
        layers.Concatenate(axis=1)([_x(2, 3), _x(3, 3)])
    with pytest.raises(ValueError, match="matching shapes except for the concatenation axis"):
        layers.Concatenate()([_x(2, 3), _x(2, 3, 1)])
    with pytest.raises(ValueError, match="at least 1 input"):
        layers.Concatenate()(A)
    with pytest.raises(tf.errors.InvalidArgumentError):
        layers.Concatenate()([A, np.ones((2, 3), "int32")])


def test_dot_errors():
    with pytest.raises(TypeError, match="should be a list or an int"):
        layers.Dot(axes="x")
    with pytest.raises(ValueError, match="should contain two elements"):
        layers.Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match="list of 2 inputs"):
        layers.Dot(axes=1)([A, A, A])
    with pytest.raises(ValueError, match=r"axis values 3 \(at axis 1\) != 4"):
        layers.Dot(axes=1)([_x(2, 3), _x(2, 4)])
    with pytest.raises(ValueError, match="batch_dot over axis 0"):
        layers.Dot(axes=0)([A, A])
    with pytest.raises(ValueError, match="different batch sizes"):
        layers.Dot(axes=1)([_x(2, 3), _x(3, 3)])
