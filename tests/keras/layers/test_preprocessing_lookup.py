"""StringLookup and IntegerLookup: the layer harness, index layouts (mask, OOV buckets hashed like
TensorFlow's), every output mode against NumPy, adapt (frequency order, ties, max_tokens, idf),
invert, set_vocabulary and vocabulary files, graphs, configs and errors. TensorFlow's values are
checked in tests/golden (keras_layers_preprocessing)."""

import numpy as np
import pytest

import lamina as tf
from lamina.ops._hashing import fingerprint64
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers
_VOCAB = ["a", "b", "c", "d"]
_TOKENS = np.array([["a", "c", "zz"], ["d", "q", "a"]], dtype=object)


def test_string_lookup_harness_and_layout():
    run_layer_test(
        layers.StringLookup,
        {"vocabulary": _VOCAB},
        input_data=_TOKENS,
        input_dtype="string",
        expected_output=[[1, 3, 0], [4, 0, 1]],
        expected_output_dtype="int64",
        expected_num_weights=0,
    )
    layer = layers.StringLookup(vocabulary=_VOCAB, mask_token="", num_oov_indices=3)
    assert layer.get_vocabulary() == ["", "[UNK]", "[UNK]", "[UNK]", *_VOCAB]
    assert layer.get_vocabulary(include_special_tokens=False) == _VOCAB
    assert layer.vocabulary_size() == 8
    out = layer(tf.constant(["", "b", "zz", "q"])).numpy()
    np.testing.assert_array_equal(out, [0, 5, 1 + fingerprint64(b"zz") % 3, 1 + fingerprint64(b"q") % 3])


def test_string_lookup_output_modes_against_numpy():
    ids = np.array([[1, 3, 0], [4, 0, 1]])  # _TOKENS looked up in _VOCAB
    counts = np.stack([np.bincount(row, minlength=5) for row in ids]).astype(np.float32)
    for mode, expected in (("multi_hot", np.minimum(counts, 1)), ("count", counts)):
        out = layers.StringLookup(vocabulary=_VOCAB, output_mode=mode)(tf.constant(_TOKENS))
        np.testing.assert_array_equal(out.numpy(), expected)
    idf = np.array([0.5, 1.0, 1.5, 2.0], np.float32)
    tf_idf = layers.StringLookup(vocabulary=_VOCAB, output_mode="tf_idf", idf_weights=idf)(
        tf.constant(_TOKENS)
    )
    np.testing.assert_allclose(tf_idf.numpy(), counts * np.concatenate([[idf.mean()], idf]))
    one_hot = layers.StringLookup(vocabulary=_VOCAB, output_mode="one_hot")(tf.constant(["b", "q"]))
    np.testing.assert_array_equal(one_hot.numpy(), np.eye(5)[[2, 0]])
    padded = layers.StringLookup(vocabulary=_VOCAB, output_mode="count", pad_to_max_tokens=True, max_tokens=8)
    assert padded(tf.constant([["a"]])).shape == (1, 8)
    masked = layers.StringLookup(vocabulary=_VOCAB, mask_token="", output_mode="multi_hot")
    assert masked.get_vocabulary()[0] == "[UNK]"  # no mask slot outside "int" mode
    np.testing.assert_array_equal(masked(tf.constant([["", "a"]])).numpy(), [[0, 1, 0, 0, 0]])


def test_string_lookup_adapt_order_and_limits():
    layer = layers.StringLookup()
    layer.adapt(np.array(["b", "a", "c", "a", "b", "d", "d", "e", "c", "c", "[UNK]"]))
    # most frequent first; ties by token, largest first; the OOV token itself is not a token
    assert layer.get_vocabulary() == ["[UNK]", "c", "d", "b", "a", "e"]
    limited = layers.StringLookup(max_tokens=3, mask_token="")
    limited.adapt(tf.constant([["x", "y", "y"], ["", "y", "x"]]))
    assert limited.get_vocabulary() == ["", "[UNK]", "y"]
    layer.adapt(["new", "new", "old"])  # adapting again replaces the vocabulary
    assert layer.get_vocabulary() == ["[UNK]", "new", "old"]


def test_string_lookup_adapt_tf_idf():
    layer = layers.StringLookup(output_mode="tf_idf")
    documents = [["a", "b", "a"], ["a", "c", "c"], ["a", "a", "d"]]
    layer.adapt(tf.constant(documents))
    assert layer.get_vocabulary() == ["[UNK]", "a", "c", "d", "b"]
    idf = np.log(1 + 3 / (1 + np.array([3.0, 1.0, 1.0, 1.0])))  # documents holding a, c, d, b
    out = layer(tf.constant([["a", "c", "z"]])).numpy()
    np.testing.assert_allclose(out, [[idf.mean(), idf[0], idf[1], 0, 0]], rtol=1e-6)


def test_invert_and_set_vocabulary(tmp_path):
    inverse = layers.StringLookup(vocabulary=_VOCAB, mask_token="", invert=True)
    np.testing.assert_array_equal(
        inverse(tf.constant([[0, 1, 2, 5, 9]])).numpy(), [[b"", b"[UNK]", b"a", b"d", b"[UNK]"]]
    )
    layer = layers.StringLookup(vocabulary=["x"])
    layer.set_vocabulary(["[UNK]", "p", "q"])  # leading special tokens are accepted and dropped
    assert layer.get_vocabulary() == ["[UNK]", "p", "q"]
    path = tmp_path / "vocab.txt"
    path.write_text("red\ngreen\nblue\n", encoding="utf-8")
    from_file = layers.StringLookup(vocabulary=str(path))
    np.testing.assert_array_equal(from_file(tf.constant(["blue", "red", "pink"])).numpy(), [3, 1, 0])


def test_integer_lookup():
    run_layer_test(
        layers.IntegerLookup,
        {"vocabulary": [12, 36, 1138, 42]},
        input_data=np.array([[12, 1138, 42], [42, 1000, 36]], np.int64),
        input_dtype="int64",
        expected_output=[[1, 3, 4], [4, 0, 2]],
    )
    oov = layers.IntegerLookup(vocabulary=[12, 36], num_oov_indices=3)
    np.testing.assert_array_equal(oov(np.array([12, 5, 7, -3])).numpy(), [3, 5 % 3, 7 % 3, -3 % 3])
    masked = layers.IntegerLookup(vocabulary=[7, 8], mask_token=0)
    assert masked.get_vocabulary() == [0, -1, 7, 8]
    np.testing.assert_array_equal(masked(np.array([0, 8, 9], np.int32)).numpy(), [0, 3, 1])
    adapted = layers.IntegerLookup()
    adapted.adapt(np.array([5, 3, 9, 3, 1, 9, 9, 0]))
    assert adapted.get_vocabulary() == [-1, 9, 3, 5, 1, 0]
    inverse = layers.IntegerLookup(vocabulary=[12, 36], invert=True)
    np.testing.assert_array_equal(inverse(np.array([[1, 0, 2, 7]])).numpy(), [[12, -1, 36, -1]])
    assert layers.IntegerLookup(vocabulary=[1])(np.array([1.0, 2.0])).numpy().tolist() == [1, 0]


def test_lookups_in_graphs_and_configs():
    layer = layers.StringLookup(vocabulary=_VOCAB, output_mode="multi_hot")
    traced = tf.function(lambda x: layer(x))
    np.testing.assert_array_equal(traced(tf.constant(_TOKENS)).numpy(), layer(tf.constant(_TOKENS)).numpy())
    inputs = tf.keras.Input(shape=(3,), dtype="string")
    ids = layers.StringLookup(vocabulary=_VOCAB)(inputs)
    model = tf.keras.Model(inputs, layers.Embedding(5, 2)(ids))
    assert model(tf.constant(_TOKENS)).shape == (2, 3, 2)
    config = layers.StringLookup(vocabulary=np.array(_VOCAB), mask_token="").get_config()
    assert config["vocabulary"] == _VOCAB and config["vocabulary_size"] == 6 and config["dtype"] == "int64"
    clone = layers.StringLookup.from_config(config)
    assert clone.get_vocabulary() == ["", "[UNK]", *_VOCAB]
    assert layers.StringLookup(vocabulary=_VOCAB, output_mode="count").get_config()["dtype"] == "float32"


def test_lookup_errors():
    with pytest.raises(ValueError, match="repeated term"):
        layers.StringLookup(vocabulary=["a", "b", "a"])
    with pytest.raises(ValueError, match="reserved mask token"):
        layers.StringLookup(vocabulary=["a", "", "b"], mask_token="")
    with pytest.raises(ValueError, match="larger than the maximum vocab size"):
        layers.StringLookup(vocabulary=_VOCAB, max_tokens=3)
    with pytest.raises(ValueError, match="`idf_weights` must be set"):
        layers.StringLookup(vocabulary=_VOCAB, output_mode="tf_idf")
    with pytest.raises(ValueError, match="same length as vocabulary"):
        layers.StringLookup(vocabulary=_VOCAB, output_mode="tf_idf", idf_weights=[1.0])
    with pytest.raises(ValueError, match="must be `'int'` when `invert`"):
        layers.StringLookup(invert=True, output_mode="count")
    with pytest.raises(ValueError, match="max_tokens"):
        layers.StringLookup(max_tokens=1)
    with pytest.raises(ValueError, match="num_oov_indices"):
        layers.IntegerLookup(num_oov_indices=-1)
    with pytest.raises(tf.errors.FailedPreconditionError, match="not initialized"):
        layers.StringLookup()(tf.constant(["a"]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_oov_indices=0"):
        layers.StringLookup(vocabulary=_VOCAB, num_oov_indices=0)(tf.constant(["a", "z"]))
    with pytest.raises(tf.errors.UnimplementedError, match="Cast int32 to string"):
        layers.StringLookup(vocabulary=_VOCAB)(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="maximum supported output rank is 2"):
        layers.StringLookup(vocabulary=_VOCAB, output_mode="one_hot")(tf.constant(_TOKENS))
