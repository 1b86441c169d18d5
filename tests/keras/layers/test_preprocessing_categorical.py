"""CategoryEncoding and Hashing: the layer harness, encodings against NumPy bincounts, hash bins
against the FarmHash / SipHash functions (themselves checked against TensorFlow), masks, graphs and
errors. TensorFlow's values are checked in tests/golden (keras_layers_preprocessing)."""

import numpy as np
import pytest

import lamina as tf
from lamina.ops._hashing import fingerprint64, siphash24
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers
_IDS = np.array([[0, 3, 3], [4, 1, 0]], np.int64)


def _counts(ids, depth, weights=None):
    return np.stack(
        [np.bincount(row, weights=w, minlength=depth) for row, w in zip(ids, weights or [None] * len(ids))]
    )


def test_category_encoding_harness_and_modes():
    run_layer_test(
        layers.CategoryEncoding,
        {"num_tokens": 6},
        input_data=_IDS,
        input_dtype="int64",
        expected_output=np.minimum(_counts(_IDS, 6), 1),
        expected_output_dtype="float32",
    )
    count = layers.CategoryEncoding(num_tokens=6, output_mode="count")
    np.testing.assert_array_equal(count(_IDS).numpy(), _counts(_IDS, 6))
    weights = np.array([[0.5, 1.0, 2.0], [1.0, 1.0, 0.25]], np.float32)
    np.testing.assert_allclose(count(_IDS, count_weights=weights).numpy(), _counts(_IDS, 6, list(weights)))
    one_hot = layers.CategoryEncoding(num_tokens=5, output_mode="one_hot")
    np.testing.assert_array_equal(one_hot(np.array([4, 0, 2])).numpy(), np.eye(5)[[4, 0, 2]])
    np.testing.assert_array_equal(one_hot(np.array([[1], [3]])).numpy(), np.eye(5)[[1, 3]])
    np.testing.assert_array_equal(one_hot(np.array(2)).numpy(), np.eye(5)[2])
    assert one_hot.compute_output_shape((None, 1)) == (None, 5)
    floats = layers.CategoryEncoding(num_tokens=3)(np.array([[1.0, 2.0]]))  # floats are cast to ids
    np.testing.assert_array_equal(floats.numpy(), [[0, 1, 1]])


def test_category_encoding_errors():
    with pytest.raises(ValueError, match="num_tokens must be set"):
        layers.CategoryEncoding()
    with pytest.raises(ValueError, match=">= 1"):
        layers.CategoryEncoding(num_tokens=0)
    with pytest.raises(ValueError, match="`output_mode`"):
        layers.CategoryEncoding(num_tokens=2, output_mode="int")
    layer = layers.CategoryEncoding(num_tokens=3)
    for bad in ([[0, 3]], [[-1, 0]]):
        with pytest.raises(tf.errors.InvalidArgumentError, match="0 <= values < num_tokens"):
            layer(np.array(bad))
    with pytest.raises(ValueError, match="maximum supported output rank is 2"):
        layer(np.zeros((1, 1, 2), np.int64))
    with pytest.raises(ValueError, match="count_weights"):
        layer(np.array([[0]]), count_weights=np.array([[1.0]]))


_WORDS = np.array([["apple", "", "cherry"], ["durian", "apple", "kiwi"]], dtype=object)


def test_hashing_harness_and_fingerprint_bins():
    expected = [[fingerprint64(w.encode()) % 5 for w in row] for row in _WORDS]
    run_layer_test(
        layers.Hashing,
        {"num_bins": 5},
        input_data=_WORDS,
        input_dtype="string",
        expected_output=expected,
        expected_output_dtype="int64",
    )


def test_hashing_salt_mask_and_integers():
    salted = layers.Hashing(num_bins=7, salt=[3, 11])(tf.constant(_WORDS))
    np.testing.assert_array_equal(
        salted.numpy(), [[siphash24((3, 11), w.encode()) % 7 for w in r] for r in _WORDS]
    )
    same_salt = layers.Hashing(num_bins=7, salt=5)(tf.constant(_WORDS))
    np.testing.assert_array_equal(
        same_salt.numpy(), [[siphash24((5, 5), w.encode()) % 7 for w in r] for r in _WORDS]
    )
    masked = layers.Hashing(num_bins=4, mask_value="")(tf.constant(_WORDS)).numpy()
    expected = [[0 if w == "" else 1 + fingerprint64(w.encode()) % 3 for w in row] for row in _WORDS]
    np.testing.assert_array_equal(masked, expected)
    ints = np.array([[0, 7, -12, 123456789]])
    out = layers.Hashing(num_bins=4, mask_value=0)(ints).numpy()
    np.testing.assert_array_equal(
        out, [[0] + [1 + fingerprint64(str(v).encode()) % 3 for v in (7, -12, 123456789)]]
    )


def test_hashing_output_modes_and_graphs():
    counts = layers.Hashing(num_bins=3, output_mode="count")(tf.constant([["a", "a", "b"]])).numpy()
    bins = [fingerprint64(w) % 3 for w in (b"a", b"a", b"b")]
    np.testing.assert_array_equal(counts, [np.bincount(bins, minlength=3)])
    layer = layers.Hashing(num_bins=4, mask_value="")
    traced = tf.function(lambda x: layer(x))
    np.testing.assert_array_equal(traced(tf.constant(_WORDS)).numpy(), layer(tf.constant(_WORDS)).numpy())
    inputs = tf.keras.Input(shape=(3,), dtype="string")
    model = tf.keras.Model(inputs, layers.Hashing(num_bins=4, output_mode="multi_hot")(inputs))
    assert model.output_shape == (None, 4)
    assert model(tf.constant(_WORDS)).shape == (2, 4)


def test_hashing_errors():
    with pytest.raises(ValueError, match="num_bins"):
        layers.Hashing(num_bins=0)
    with pytest.raises(ValueError, match="`salt`"):
        layers.Hashing(num_bins=3, salt="pepper")
    with pytest.raises(ValueError, match="`output_mode`"):
        layers.Hashing(num_bins=3, output_mode="tf_idf")
    with pytest.raises(tf.errors.InvalidArgumentError, match="string or integer"):
        layers.Hashing(num_bins=3)(np.array([0.5]))
    config = layers.Hashing(num_bins=3, salt=7, mask_value="x").get_config()
    assert (config["salt"], config["mask_value"], config["dtype"]) == ([7, 7], "x", "int64")
