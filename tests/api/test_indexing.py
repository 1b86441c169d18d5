"""`tensor[...]` follows TensorFlow's rules and agrees with NumPy wherever both accept the index."""

import numpy as np
import pytest

import lamina as tf

VALUES = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)

# Each key is applied to both a lamina tensor and a NumPy array; results must match exactly.
KEYS = [
    0,
    -1,
    (1, 2),
    (1, 2, 3),
    (-2, -3, -4),
    slice(None),
    slice(1, None),
    slice(None, None, -1),
    (slice(None), slice(0, 3, 2)),
    (slice(None), slice(None, None, -2), 1),
    (slice(None), slice(-1, 0, -1)),
    (slice(None), slice(5, -10, -1)),
    (slice(None), slice(-100, 100)),
    (slice(None), slice(2, 1)),
    Ellipsis,
    (Ellipsis, 1),
    (0, Ellipsis, 2),
    (Ellipsis, slice(None, None, 3)),
    None,
    (None, 0),
    (Ellipsis, None),
    (0, None, slice(1, 3), None),
    (slice(None), None, Ellipsis, None, -1),
    np.int64(1),
    (np.int32(1), slice(np.int64(0), np.int64(2))),
    [1, 2],
    [0, slice(1, 2)],
]


@pytest.mark.parametrize("key", KEYS, ids=repr)
def test_getitem_matches_numpy(key):
    expected = VALUES[tuple(key) if isinstance(key, list) else key]
    got = tf.constant(VALUES)[key]
    assert got.dtype == tf.float32
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got.numpy(), expected)


def test_scalar_tensor_indices():
    x = tf.constant(VALUES)
    np.testing.assert_array_equal(x[tf.constant(1)].numpy(), VALUES[1])
    np.testing.assert_array_equal(x[tf.constant(1, tf.int64), -1].numpy(), VALUES[1, -1])
    np.testing.assert_array_equal(x[:, tf.constant(1) : tf.constant(3)].numpy(), VALUES[:, 1:3])


def test_boolean_keys_are_masks():
    x = tf.constant(VALUES)
    mask = np.array([True, False])
    np.testing.assert_array_equal(x[mask].numpy(), VALUES[mask])
    np.testing.assert_array_equal(x[tf.constant(mask)].numpy(), VALUES[mask])
    with pytest.raises(ValueError, match="scalar"):
        x[True]


def test_variables_and_other_dtypes():
    variable = tf.Variable([[1, 2, 3], [4, 5, 6]])
    assert variable[1, ::-1].numpy().tolist() == [6, 5, 4]
    flags = tf.constant([True, False, True])
    assert flags[::2].numpy().tolist() == [True, True]
    assert tf.constant(7)[...].numpy() == 7
    assert [int(row[0]) for row in tf.constant([[1, 2], [3, 4]])] == [1, 3]


def test_getitem_gradient():
    x = tf.constant(VALUES.astype(np.float64))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x[1, ::-2, None, 1:3]
    grad = tape.gradient(y, x, output_gradients=tf.ones(y.shape, tf.float64))
    expected = np.zeros_like(VALUES, dtype=np.float64)
    expected[1, ::-2, 1:3] = 1
    np.testing.assert_array_equal(grad.numpy(), expected)


@pytest.mark.parametrize(
    "key",
    [1.5, "a", [[0, 1]], (0, [1, 2]), tf.constant([0, 1]), tf.constant(1.0), slice(0.5, 2)],
    ids=repr,
)
def test_invalid_index_types_raise_type_error(key):
    with pytest.raises(TypeError, match="Only integers, slices"):
        tf.constant(VALUES)[key]


@pytest.mark.parametrize(
    "key,message",
    [
        (2, "slice index 2 of dimension 0 out of bounds"),
        (-3, "slice index -1 of dimension 0 out of bounds"),
        ((0, 3), "slice index 3 of dimension 1 out of bounds"),
        ((0, 0, 0, 0), "Index out of range using input dim 3"),
        ((Ellipsis, Ellipsis), "Multiple ellipses"),
        (slice(None, None, 0), "strides"),
    ],
)
def test_out_of_range_raises_invalid_argument(key, message):
    with pytest.raises(tf.errors.InvalidArgumentError, match=message):
        tf.constant(VALUES)[key]


def test_scalar_cannot_be_indexed():
    with pytest.raises(tf.errors.InvalidArgumentError, match="scalar"):
        tf.constant(1.0)[0]
    assert tf.constant(3.0)[tf.newaxis].numpy().tolist() == [3.0]
