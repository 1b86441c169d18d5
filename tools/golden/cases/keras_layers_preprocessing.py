"""Golden cases: tf.keras preprocessing layers — Normalization (adapt, given mean/variance, invert,
axis), Rescaling, Resizing (bilinear, nearest, crop_to_aspect_ratio), CenterCrop, the Random* image
layers (identity with training=False; shape, dtype and structural properties in training, which is
their default when called directly), Discretization (bin_boundaries, adapt), CategoryEncoding
(one_hot, multi_hot, count), Hashing (num_bins, salt, mask_value), StringLookup and IntegerLookup
(given vocabularies and adapt, OOV indices, mask tokens, invert, every output_mode),
TextVectorization (adapt, int with output_sequence_length, multi_hot, ngrams, max_tokens).

Adapted vocabularies are ordered by count, most frequent first; equal counts go by token, largest
first (the tie cases record that order).

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""


def _l(tf):
    return tf.keras.layers


def _define(name, function):
    """Adds a generated case to this module, so it is found like a written one."""
    function.__name__ = f"case_{name}"
    globals()[function.__name__] = function


def _vocabulary(layer):
    """get_vocabulary() as plain Python values (TensorFlow mixes str with NumPy scalars)."""
    return [str(token) if isinstance(token, str) else int(token) for token in layer.get_vocabulary()]


def _image(tf, np, shape=(1, 4, 4, 1)):
    """A fixed float32 image batch with values 0, 1, 2, ... in row-major order."""
    return tf.constant(np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape))


def _table(np):
    return np.array(
        [[1.0, -2.0, 0.5], [3.0, 0.0, 1.5], [-1.0, 4.0, 2.5], [0.5, 1.0, -0.5], [2.0, 2.0, 1.0]], np.float32
    )


# ---- Normalization, Rescaling ----------------------------------------------------------------------
def case_normalization_adapt(tf, np):
    layer = _l(tf).Normalization()
    layer.adapt(_table(np))
    return [layer(_table(np)), layer.mean, layer.variance]


def case_normalization_adapt_axis_none(tf, np):
    layer = _l(tf).Normalization(axis=None)
    layer.adapt(_table(np))
    return [layer(tf.constant([0.0, 1.0, 2.0])), layer.mean, layer.variance]


def case_normalization_adapt_axis_1_rank3(tf, np):
    data = np.arange(12, dtype=np.float32).reshape(2, 3, 2) ** 1.5
    layer = _l(tf).Normalization(axis=1)
    layer.adapt(data)
    return [layer(data), layer.mean, layer.variance]


def case_normalization_given_mean_variance(tf, np):
    layer = _l(tf).Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0])
    return layer(tf.constant([[1.0, 2.0], [3.0, -1.0], [0.0, 8.0]]))


def case_normalization_invert(tf, np):
    layer = _l(tf).Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0], invert=True)
    return layer(tf.constant([[0.0, 0.0], [1.0, -1.0], [0.5, 2.0]]))


def case_normalization_int_input(tf, np):
    layer = _l(tf).Normalization(mean=2.0, variance=4.0)
    return layer(tf.constant([[1, 2, 5]]))


def case_normalization_mean_without_variance(tf, np):
    return _l(tf).Normalization(mean=1.0)


def case_rescaling(tf, np):
    layer = _l(tf).Rescaling(scale=1.0 / 127.5, offset=-1.0)
    return [layer(tf.constant([[0, 127, 255]])), layer(tf.constant([[0.5, 2.0]]))]


# ---- Resizing, CenterCrop ---------------------------------------------------------------------------
def case_resizing_bilinear(tf, np):
    return _l(tf).Resizing(3, 5)(_image(tf, np, (1, 4, 4, 1)))


def case_resizing_nearest(tf, np):
    return _l(tf).Resizing(2, 6, interpolation="nearest")(_image(tf, np, (1, 4, 3, 2)))


def case_resizing_crop_to_aspect_ratio(tf, np):
    return _l(tf).Resizing(2, 2, crop_to_aspect_ratio=True)(_image(tf, np, (1, 4, 6, 1)))


def case_resizing_unbatched_int(tf, np):
    out = _l(tf).Resizing(2, 2)(tf.constant(np.arange(16, dtype=np.int32).reshape(4, 4, 1)))
    return [out.dtype, out]


def case_center_crop(tf, np):
    return _l(tf).CenterCrop(2, 3)(_image(tf, np, (2, 4, 5, 1)))


def case_center_crop_larger_target(tf, np):
    return _l(tf).CenterCrop(5, 6)(_image(tf, np, (1, 4, 4, 1)))


# ---- Random* image layers --------------------------------------------------------------------------
def _random_layers(tf):
    layers = _l(tf)
    return [
        layers.RandomFlip(),
        layers.RandomRotation(0.2),
        layers.RandomZoom(0.3),
        layers.RandomTranslation(0.2, 0.2),
        layers.RandomContrast(0.5),
        layers.RandomBrightness(0.2),
        layers.RandomHeight(0.3),
        layers.RandomWidth(0.3),
    ]


def case_random_layers_inference_identity(tf, np):
    x = _image(tf, np, (2, 4, 4, 3))
    return [layer(x, training=False) for layer in _random_layers(tf)]


def case_random_crop_inference_center(tf, np):
    return _l(tf).RandomCrop(2, 3)(_image(tf, np, (1, 4, 5, 1)), training=False)


def case_random_layers_training_shape_dtype(tf, np):
    x = _image(tf, np, (2, 4, 4, 3))
    layers = _random_layers(tf)[:6] + [_l(tf).RandomCrop(3, 2)]
    return [[out.shape, out.dtype] for out in (layer(x, training=True) for layer in layers)]


def case_random_flip_horizontal_flips_or_keeps(tf, np):
    x = _image(tf, np, (6, 2, 3, 1))
    out = _l(tf).RandomFlip("horizontal")(x, training=True)
    same = tf.reduce_all(tf.equal(out, x), axis=[1, 2, 3])
    flipped = tf.reduce_all(tf.equal(out, tf.reverse(x, axis=[2])), axis=[1, 2, 3])
    return [out.shape, tf.reduce_all(tf.logical_or(same, flipped))]


def case_random_brightness_trains_by_default(tf, np):
    # Called without `training`, the Random* layers augment: a positive factor range always brightens.
    x = _image(tf, np, (1, 3, 3, 1)) * 10.0
    layer = _l(tf).RandomBrightness((0.1, 0.3))
    return [tf.reduce_all(layer(x) > x), tf.reduce_all(tf.equal(layer(x, training=False), x))]


def case_random_flip_bad_mode(tf, np):
    return _l(tf).RandomFlip("diagonal")


# ---- Discretization, CategoryEncoding, Hashing -------------------------------------------------------
def case_discretization_boundaries(tf, np):
    layer = _l(tf).Discretization(bin_boundaries=[0.0, 1.0, 2.0])
    return layer(tf.constant([[-1.0, 0.0, 0.5], [1.0, 2.5, 2.0]]))


def case_discretization_adapt(tf, np):
    layer = _l(tf).Discretization(num_bins=4)
    layer.adapt(np.arange(20, dtype=np.float32))
    return [[float(b) for b in layer.bin_boundaries], layer(tf.constant([0.0, 4.0, 8.9, 9.0, 30.0]))]


def case_discretization_one_hot(tf, np):
    layer = _l(tf).Discretization(bin_boundaries=[0.0, 1.0], output_mode="one_hot")
    return layer(tf.constant([-0.5, 0.5, 3.0]))


def case_discretization_both_boundaries_and_bins(tf, np):
    return _l(tf).Discretization(bin_boundaries=[0.0, 1.0], num_bins=3)


def case_category_encoding_one_hot(tf, np):
    return _l(tf).CategoryEncoding(num_tokens=4, output_mode="one_hot")(tf.constant([3, 0, 2, 1]))


def case_category_encoding_multi_hot(tf, np):
    return _l(tf).CategoryEncoding(num_tokens=5)(tf.constant([[0, 1], [0, 0], [1, 4], [3, 3]]))


def case_category_encoding_count_weights(tf, np):
    layer = _l(tf).CategoryEncoding(num_tokens=4, output_mode="count")
    counts = layer(tf.constant([[0, 1, 1], [3, 3, 3]]))
    weighted = layer(
        tf.constant([[0, 1, 1], [3, 2, 3]]), count_weights=tf.constant([[0.5, 1.0, 2.0], [1.0, 0.1, 0.2]])
    )
    return [counts, weighted]


def case_category_encoding_out_of_range(tf, np):
    return _l(tf).CategoryEncoding(num_tokens=3)(tf.constant([[0, 3]]))


_WORDS = [["apple", "banana", "cherry"], ["durian", "apple", "elderberry"]]


def case_hashing_strings(tf, np):
    return _l(tf).Hashing(num_bins=5)(tf.constant(_WORDS))


def case_hashing_ints(tf, np):
    return _l(tf).Hashing(num_bins=4)(tf.constant([[1, 2, 3], [40, 500, -6]]))


def case_hashing_salt(tf, np):
    return _l(tf).Hashing(num_bins=5, salt=133)(tf.constant(_WORDS))


def case_hashing_mask_value(tf, np):
    return _l(tf).Hashing(num_bins=3, mask_value="")(tf.constant([["apple", "", "cherry", ""]]))


def case_hashing_one_hot(tf, np):
    return _l(tf).Hashing(num_bins=3, output_mode="one_hot")(tf.constant(["apple", "banana", "cherry"]))


# ---- StringLookup, IntegerLookup ---------------------------------------------------------------------
_VOCAB = ["a", "b", "c", "d"]
_TOKENS = [["a", "c", "z"], ["d", "x", "a"]]


def case_string_lookup_vocabulary(tf, np):
    layer = _l(tf).StringLookup(vocabulary=_VOCAB)
    return [layer(tf.constant(_TOKENS)), _vocabulary(layer), layer.vocabulary_size()]


def case_string_lookup_two_oov_indices(tf, np):
    layer = _l(tf).StringLookup(vocabulary=_VOCAB, num_oov_indices=2)
    return [layer(tf.constant([["a", "z", "x", "zz", "d"]])), _vocabulary(layer)]


def case_string_lookup_mask_token(tf, np):
    layer = _l(tf).StringLookup(vocabulary=_VOCAB, mask_token="")
    return [layer(tf.constant([["a", "", "q", "d"]])), _vocabulary(layer)]


def case_string_lookup_invert(tf, np):
    layer = _l(tf).StringLookup(vocabulary=_VOCAB, invert=True)
    return layer(tf.constant([[1, 0, 4], [3, 2, 2]]))


def _string_output_mode_case(output_mode, extra):
    def case(tf, np):
        layer = _l(tf).StringLookup(vocabulary=_VOCAB, output_mode=output_mode, **extra)
        return layer(tf.constant(_TOKENS))

    return case


for _mode, _extra in (
    ("multi_hot", {}),
    ("count", {}),
    ("tf_idf", {"idf_weights": [0.5, 1.0, 1.5, 2.0]}),
):
    _define(f"string_lookup_{_mode}", _string_output_mode_case(_mode, _extra))


def case_string_lookup_one_hot_rank2_input(tf, np):
    layer = _l(tf).StringLookup(vocabulary=_VOCAB, output_mode="one_hot")
    return layer(tf.constant(_TOKENS))


def case_string_lookup_one_hot_rank1(tf, np):
    layer = _l(tf).StringLookup(vocabulary=_VOCAB, output_mode="one_hot")
    return layer(tf.constant(["b", "q", "d"]))


def case_string_lookup_adapt_ties(tf, np):
    layer = _l(tf).StringLookup()
    layer.adapt(tf.constant(["b", "a", "c", "a", "b", "d", "d", "e", "c", "c"]))
    return [_vocabulary(layer), layer(tf.constant(["a", "b", "c", "f"]))]


def case_string_lookup_adapt_max_tokens(tf, np):
    layer = _l(tf).StringLookup(max_tokens=3)
    layer.adapt(tf.constant([["x", "y", "y"], ["z", "y", "x"]]))
    return [_vocabulary(layer), layer(tf.constant([["x", "y", "z"]]))]


def case_string_lookup_duplicate_vocabulary(tf, np):
    return _l(tf).StringLookup(vocabulary=["a", "b", "a"])


def case_integer_lookup_vocabulary(tf, np):
    layer = _l(tf).IntegerLookup(vocabulary=[12, 36, 1138, 42])
    return [layer(tf.constant([[12, 1138, 42], [42, 1000, 36]])), _vocabulary(layer)]


def case_integer_lookup_adapt(tf, np):
    layer = _l(tf).IntegerLookup()
    layer.adapt(tf.constant([5, 3, 9, 3, 1, 9, 9]))
    return [_vocabulary(layer), layer(tf.constant([9, 3, 7, 1]))]


def case_integer_lookup_invert(tf, np):
    layer = _l(tf).IntegerLookup(vocabulary=[12, 36, 1138, 42], invert=True)
    return layer(tf.constant([[1, 0, 4]]))


def case_integer_lookup_mask_multi_hot(tf, np):
    layer = _l(tf).IntegerLookup(vocabulary=[7, 8, 9], mask_token=0, output_mode="multi_hot")
    return [layer(tf.constant([[7, 0, 9], [5, 8, 8]])), _vocabulary(layer)]


# ---- TextVectorization ----------------------------------------------------------------------------
_CORPUS = ["The cat sat on the mat.", "The dog sat!", "A cat, a DOG, and a bird.", "Mat? Mat."]


def case_text_vectorization_adapt(tf, np):
    layer = _l(tf).TextVectorization()
    layer.adapt(_CORPUS)
    return [_vocabulary(layer), layer(tf.constant(["the bird sat on a log", "cat"]))]


def case_text_vectorization_sequence_length(tf, np):
    layer = _l(tf).TextVectorization(max_tokens=6, output_sequence_length=4)
    layer.adapt(_CORPUS)
    return [_vocabulary(layer), layer(tf.constant(["the cat sat on the mat", "dog"]))]


def case_text_vectorization_multi_hot(tf, np):
    layer = _l(tf).TextVectorization(output_mode="multi_hot")
    layer.adapt(_CORPUS)
    return layer(tf.constant(["a cat and a fish", "mat mat mat"]))


def case_text_vectorization_count_ngrams(tf, np):
    layer = _l(tf).TextVectorization(output_mode="count", ngrams=2, max_tokens=8)
    layer.adapt(_CORPUS)
    return [_vocabulary(layer), layer(tf.constant(["the cat sat", "a cat a cat"]))]


def case_text_vectorization_vocabulary_no_standardize(tf, np):
    layer = _l(tf).TextVectorization(standardize=None, vocabulary=["Cat", "dog", "sat."])
    return layer(tf.constant(["Cat sat. dog cat", "dog"]))


def case_text_vectorization_tf_idf(tf, np):
    layer = _l(tf).TextVectorization(output_mode="tf_idf")
    layer.adapt(_CORPUS)
    return layer(tf.constant(["the cat the", "bird mat"]))


def case_text_vectorization_bad_output_mode(tf, np):
    return _l(tf).TextVectorization(output_mode="words")


TOLERANCE = {
    "normalization_adapt_axis_1_rank3": {"rtol": 1e-5, "atol": 1e-5},
    "text_vectorization_tf_idf": {"rtol": 1e-5, "atol": 1e-6},
}
