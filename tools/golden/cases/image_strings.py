"""Golden cases: `tf.image.resize` (every method, up- and downsampling, antialias, dtypes,
preserve_aspect_ratio, errors) and `tf.strings` (FarmHash and SipHash buckets, case, regex
replacement, number formatting).

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

_METHODS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")


def _define(name, function):
    """Adds a generated case to this module, so it is found like a written one."""
    function.__name__ = f"case_{name}"
    globals()[function.__name__] = function


def _images(np, shape=(2, 5, 6, 2)):
    """A fixed float32 batch: a smooth pattern plus a ramp, so every kernel tap matters."""
    values = np.arange(int(np.prod(shape)), dtype=np.float64)
    return (np.sin(values * 0.7) * 10.0 + values * 0.1).astype(np.float32).reshape(shape)


def _resize_case(method, size, antialias):
    def case(tf, np):
        return tf.image.resize(_images(np), size, method=method, antialias=antialias)

    return case


# TensorFlow evaluates the kernels and accumulates the taps in float32, in its own order.
TOLERANCE = {}
for _method in _METHODS:
    for _label, _size in (("up", (7, 9)), ("down", (3, 4))):
        _define(f"resize_{_method}_{_label}", _resize_case(_method, _size, False))
        TOLERANCE[f"resize_{_method}_{_label}"] = {"rtol": 1e-5, "atol": 1e-5}
    if _method not in ("nearest", "area"):
        _define(f"resize_{_method}_down_antialias", _resize_case(_method, (2, 3), True))
        TOLERANCE[f"resize_{_method}_down_antialias"] = {"rtol": 1e-5, "atol": 1e-5}


def case_resize_rank3_int_bilinear(tf, np):
    out = tf.image.resize(tf.constant(np.arange(12, dtype=np.int32).reshape(3, 4, 1)), [2, 5])
    return [out.dtype, out]


def case_resize_nearest_keeps_dtype(tf, np):
    out = tf.image.resize(
        tf.constant(np.arange(24, dtype=np.uint8).reshape(1, 4, 6, 1)), [3, 4], method="nearest"
    )
    return [out.dtype, out]


def case_resize_float64_gives_float32(tf, np):
    return tf.image.resize(tf.constant(_images(np).astype(np.float64)), [3, 3]).dtype


def case_resize_preserve_aspect_ratio(tf, np):
    return tf.image.resize(_images(np), [4, 4], preserve_aspect_ratio=True).shape


def case_resize_bad_rank(tf, np):
    return tf.image.resize(tf.zeros([4, 4]), [2, 2])


def case_resize_bad_method(tf, np):
    return tf.image.resize(_images(np), [2, 2], method="cubic-ish")


def case_resize_zero_size(tf, np):
    return tf.image.resize(_images(np), [0, 2])


# ---- tf.strings ------------------------------------------------------------------------------------
_WORDS = ["", "a", "apple", "banana split", "The quick brown fox jumps over the lazy dog", "x" * 70, "é☃"]


def case_hash_bucket_fast(tf, np):
    return tf.strings.to_hash_bucket_fast(tf.constant(_WORDS), 1000003)


def case_hash_bucket_fast_rank2(tf, np):
    return tf.strings.to_hash_bucket_fast(tf.constant([["a", "b"], ["c", "d"]]), 7)


def case_hash_bucket_strong(tf, np):
    return tf.strings.to_hash_bucket_strong(tf.constant(_WORDS), 1000003, key=[17, 1234567])


def case_hash_bucket_strong_bad_key(tf, np):
    return tf.strings.to_hash_bucket_strong(tf.constant(["a"]), 5, key=[1])


def case_lower_upper(tf, np):
    words = tf.constant(["MiXeD Case", "ÉCOLE"])
    return [tf.strings.lower(words), tf.strings.upper(words), tf.strings.lower(words, encoding="utf-8")]


def case_regex_replace(tf, np):
    words = tf.constant(["a.b,c!", "no punctuation", "x--y"])
    return [
        tf.strings.regex_replace(words, r"[.,!-]", ""),
        tf.strings.regex_replace(words, r"([a-z])\.", r"<\1>"),
        tf.strings.regex_replace(words, "-", "+", replace_global=False),
    ]


def case_as_string_ints(tf, np):
    return [
        tf.strings.as_string(tf.constant([0, -12, 345])),
        tf.strings.as_string(tf.constant([7], tf.int64), width=4),
    ]


def case_as_string_floats(tf, np):
    x = tf.constant([1.5, -0.25, 1e-5])
    return [
        tf.strings.as_string(x),
        tf.strings.as_string(x, precision=2),
        tf.strings.as_string(x, scientific=True),
        tf.strings.as_string(x, shortest=True),
    ]


def case_as_string_bool(tf, np):
    return tf.strings.as_string(tf.constant([True, False]))
