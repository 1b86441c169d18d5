"""TextVectorization: the layer harness, standardization and splitting, n-grams, adapt, every
output mode against hand-computed values, sequence lengths, input shapes, graphs and functional
models, configs and errors. TensorFlow's values are checked in tests/golden
(keras_layers_preprocessing)."""

import numpy as np
import pytest

import lamina as tf
from tests.keras.layers.harness import run_layer_test

layers = tf.keras.layers
_CORPUS = ["The cat sat on the mat.", "The dog sat!", "A cat, a DOG, and a bird.", "Mat? Mat."]


def test_text_vectorization_harness():
    run_layer_test(
        layers.TextVectorization,
        {"vocabulary": ["the", "cat", "sat"]},
        input_data=np.array(["The cat sat!", "a Cat"], dtype=object),
        input_dtype="string",
        expected_output=[[2, 3, 4], [1, 3, 0]],
        expected_output_dtype="int64",
    )
    run_layer_test(
        layers.TextVectorization,
        {"vocabulary": ["the", "cat"], "output_mode": "count"},
        input_data=np.array([["the cat the"], ["dog"]], dtype=object),
        input_dtype="string",
        expected_output=[[0, 2, 1], [1, 0, 0]],
    )


def test_adapt_int_mode_and_sequence_length():
    layer = layers.TextVectorization(output_sequence_length=4)
    layer.adapt(_CORPUS)
    vocabulary = layer.get_vocabulary()
    assert vocabulary[:4] == ["", "[UNK]", "the", "mat"] and set(vocabulary) >= {"cat", "dog", "bird"}
    index = {token: i for i, token in enumerate(vocabulary)}
    out = layer(tf.constant(["The mat sat on a log!", "dog"])).numpy()
    np.testing.assert_array_equal(
        out, [[index["the"], index["mat"], index["sat"], index["on"]], [index["dog"], 0, 0, 0]]
    )
    ragged_rows = layers.TextVectorization(vocabulary=["a", "b"])(tf.constant(["a b a", "", "b"]))
    np.testing.assert_array_equal(
        ragged_rows.numpy(), [[2, 3, 2], [0, 0, 0], [3, 0, 0]]
    )  # padded to the longest


def test_standardize_split_and_ngrams_options():
    def vectorize(inputs, **kwargs):
        return layers.TextVectorization(**kwargs)(tf.constant(inputs)).numpy()

    np.testing.assert_array_equal(
        vectorize(["A. B", "b"], standardize="lower", vocabulary=["a.", "b"]), [[2, 3], [3, 0]]
    )
    np.testing.assert_array_equal(
        vectorize(["A. b", "b!"], standardize="strip_punctuation", vocabulary=["a", "b"]), [[1, 3], [3, 0]]
    )
    np.testing.assert_array_equal(vectorize(["abc"], split="character", vocabulary=["a", "b"]), [[2, 3, 1]])
    np.testing.assert_array_equal(vectorize(["a b", "c"], split=None, vocabulary=["a b"]), [[2], [1]])
    np.testing.assert_array_equal(vectorize(["a b c"], ngrams=(2,), vocabulary=["a b", "b c"]), [[2, 3]])
    np.testing.assert_array_equal(vectorize(["a b"], ngrams=2, vocabulary=["a", "b", "a b"]), [[2, 3, 4]])
    custom = vectorize(["Hello"], standardize=tf.strings.upper, vocabulary=["HELLO"])
    np.testing.assert_array_equal(custom, [[2]])


def test_vector_output_modes():
    layer = layers.TextVectorization(output_mode="count", ngrams=2, max_tokens=8)
    layer.adapt(_CORPUS)
    vocabulary = layer.get_vocabulary()
    assert vocabulary[0] == "[UNK]" and len(vocabulary) == 8 and "the mat" in vocabulary
    counts = layer(tf.constant(["the cat sat"])).numpy()[0]
    tokens = ["the", "cat", "sat", "the cat", "cat sat"]
    expected = np.zeros(8)
    for token in tokens:
        expected[vocabulary.index(token) if token in vocabulary else 0] += 1
    np.testing.assert_array_equal(counts, expected)
    multi_hot = layers.TextVectorization(output_mode="multi_hot", vocabulary=["a", "b"])
    np.testing.assert_array_equal(multi_hot(tf.constant(["a a c", ""])).numpy(), [[1, 1, 0], [0, 0, 0]])
    tf_idf = layers.TextVectorization(output_mode="tf_idf")
    tf_idf.adapt(["a b", "a c", "a"])
    idf = {"a": np.log(1 + 3 / 4), "b": np.log(1 + 3 / 2), "c": np.log(1 + 3 / 2)}
    vocabulary = tf_idf.get_vocabulary()
    out = tf_idf(tf.constant(["a a b z"])).numpy()[0]
    assert vocabulary == ["[UNK]", "a", "c", "b"]
    np.testing.assert_allclose(out, [np.mean(list(idf.values())), 2 * idf["a"], 0, idf["b"]], rtol=1e-6)


def test_input_shapes_graphs_and_models():
    layer = layers.TextVectorization(vocabulary=["a", "b"])
    np.testing.assert_array_equal(layer(tf.constant("a b")).numpy(), [2, 3])
    np.testing.assert_array_equal(layer(tf.constant([["a b"], ["b"]])).numpy(), [[2, 3], [3, 0]])
    traced = tf.function(lambda x: layer(x))
    np.testing.assert_array_equal(traced(tf.constant([["a b"], ["b"]])).numpy(), [[2, 3], [3, 0]])
    inputs = tf.keras.Input(shape=(1,), dtype="string")
    vectorize = layers.TextVectorization(vocabulary=["a", "b"], output_sequence_length=3)
    outputs = layers.Embedding(4, 2)(vectorize(inputs))
    assert tuple(vectorize(inputs).shape) == (None, 3)
    model = tf.keras.Model(inputs, outputs)
    assert model(tf.constant([["a b"], ["b a a a"]])).shape == (2, 3, 2)
    assert layers.TextVectorization(
        output_mode="multi_hot", max_tokens=5, pad_to_max_tokens=True
    ).compute_output_shape((None,)) == (None, 5)


def test_config_round_trip():
    layer = layers.TextVectorization(max_tokens=10, ngrams=2, output_sequence_length=5, vocabulary=["a", "b"])
    config = layer.get_config()
    assert (
        config["vocabulary"] == ["a", "b"] and config["vocabulary_size"] == 4 and config["dtype"] == "string"
    )
    clone = layers.TextVectorization.from_config(config)
    assert clone.get_vocabulary() == layer.get_vocabulary()
    np.testing.assert_array_equal(clone(tf.constant(["a b"])).numpy(), layer(tf.constant(["a b"])).numpy())


def test_errors():
    with pytest.raises(ValueError, match="`output_mode`"):
        layers.TextVectorization(output_mode="words")
    with pytest.raises(ValueError, match="`output_sequence_length` must not be set"):
        layers.TextVectorization(output_mode="count", output_sequence_length=3)
    with pytest.raises(ValueError, match="`standardize`"):
        layers.TextVectorization(standardize="upper")
    with pytest.raises(ValueError, match="`split`"):
        layers.TextVectorization(split="comma")
    with pytest.raises(tf.errors.UnimplementedError):
        layers.TextVectorization(ragged=True)
    with pytest.raises(ValueError, match="the input rank must be 1"):
        layers.TextVectorization(vocabulary=["a"])(tf.constant([["a", "b"]]))
    with pytest.raises(ValueError, match="string inputs"):
        layers.TextVectorization(vocabulary=["a"])(tf.constant([1]))
