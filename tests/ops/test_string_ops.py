"""String ops (tf.strings) and host vocabulary tables: the hashes against published test vectors
and fingerprints recorded from TensorFlow, case and regex ops against Python's, number formatting,
splitting into n-grams, table lookups with OOV buckets, and the ops inside tf.function. Bucket
values of every length class are also checked against TensorFlow in tests/golden (image_strings)."""

import numpy as np
import pytest

import lamina as tf
from lamina.ops import lookup_ops, string_ops
from lamina.ops._hashing import fingerprint64, siphash24

# Fingerprint64 values recorded from TensorFlow 2.15 (`tf.fingerprint`), one per length class of
# the algorithm: empty, 1-3, 4-7, 8-16, 17-32, 33-64 bytes, and the 64-byte block loop.
_ALPHABET = b"abcdefghijklmnopqrstuvwxyz0123456789" * 10
_FINGERPRINTS = {
    b"": 0x9AE16A3B2F90404F,
    b"apple": 6447335267136888601,
    _ALPHABET[:3]: 0x24A5B3A074E7F369,
    _ALPHABET[:7]: 0x3C40C92B1CCB7355,
    _ALPHABET[:16]: 0x54630BAD7705CEBD,
    _ALPHABET[:32]: 0x0CF7D548B260F41A,
    _ALPHABET[:64]: 0x329B2197AB082C24,
    _ALPHABET[:65]: 0xB5F9E500C309820B,
    _ALPHABET[:200]: 0x2CC1D6381DA7FC27,
}


def test_fingerprint64_known_values():
    for data, value in _FINGERPRINTS.items():
        assert fingerprint64(data) == value, data


def test_siphash24_reference_vectors():
    # The test vectors of the SipHash paper: key 00..0f, messages 00..(n-1).
    key = (0x0706050403020100, 0x0F0E0D0C0B0A0908)
    assert siphash24(key, b"") == 0x726FDB47DD0E0E31
    assert siphash24(key, bytes(range(15))) == 0xA129CA6149BE45E5


def test_hash_buckets():
    words = ["apple", "banana", "", "a" * 100]
    fast = tf.strings.to_hash_bucket_fast(words, 7)
    assert fast.dtype == tf.int64 and fast.shape == (4,)
    np.testing.assert_array_equal(fast.numpy(), [fingerprint64(w.encode()) % 7 for w in words])
    strong = tf.strings.to_hash_bucket_strong(tf.constant([words]), 7, key=[1, 2])
    np.testing.assert_array_equal(strong.numpy(), [[siphash24((1, 2), w.encode()) % 7 for w in words]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Key must have 2 elements"):
        tf.strings.to_hash_bucket_strong(words, 7, key=[1])
    with pytest.raises(ValueError, match="num_buckets"):
        tf.strings.to_hash_bucket_fast(words, 0)
    with pytest.raises(TypeError, match="string tensor"):
        tf.strings.to_hash_bucket_fast(tf.constant([1, 2]), 3)


def test_case_and_regex_replace():
    words = tf.constant([["MiXeD", "ÉCOLE"]])
    np.testing.assert_array_equal(tf.strings.lower(words).numpy(), [[b"mixed", "É".encode() + b"cole"]])
    np.testing.assert_array_equal(
        tf.strings.lower(words, encoding="utf-8").numpy(), [[b"mixed", "école".encode()]]
    )
    np.testing.assert_array_equal(tf.strings.upper(["abc"]).numpy(), [b"ABC"])
    out = tf.strings.regex_replace(["a.b,c", "x--y"], r"[.,-]", "")
    np.testing.assert_array_equal(out.numpy(), [b"abc", b"xy"])
    out = tf.strings.regex_replace(["aa-bb-cc"], r"(\w+)-", r"<\1>", replace_global=False)
    np.testing.assert_array_equal(out.numpy(), [b"<aa>bb-cc"])
    with pytest.raises(ValueError, match="Invalid pattern"):
        tf.strings.regex_replace(["a"], "(", "")


def test_as_string():
    np.testing.assert_array_equal(tf.strings.as_string(tf.constant([3, -40])).numpy(), [b"3", b"-40"])
    np.testing.assert_array_equal(tf.strings.as_string(tf.constant([1.5])).numpy(), [b"1.500000"])
    np.testing.assert_array_equal(tf.strings.as_string(tf.constant([1.5]), precision=1).numpy(), [b"1.5"])
    np.testing.assert_array_equal(tf.strings.as_string(tf.constant([7]), width=3, fill="0").numpy(), [b"007"])
    np.testing.assert_array_equal(tf.strings.as_string(tf.constant([True])).numpy(), [b"true"])
    with pytest.raises(ValueError, match="both scientific and shortest"):
        tf.strings.as_string(tf.constant([1.0]), scientific=True, shortest=True)


def test_split_to_ngrams():
    tokens, valid = string_ops.split_to_ngrams(tf.constant(["a b  c", "d"]), widths=(1, 2))
    np.testing.assert_array_equal(
        tokens.numpy(), [[b"a", b"b", b"c", b"a b", b"b c"], [b"d", b"", b"", b"", b""]]
    )
    np.testing.assert_array_equal(valid.numpy(), [[True] * 5, [True] + [False] * 4])
    tokens, valid = string_ops.split_to_ngrams(tf.constant([["ab"], ["c"]]), split="character", length=3)
    np.testing.assert_array_equal(tokens.numpy(), [[b"a", b"b", b""], [b"c", b"", b""]])
    tokens, _ = string_ops.split_to_ngrams(tf.constant("x y"), split=None)
    np.testing.assert_array_equal(tokens.numpy(), [[b"x y"]])


def test_vocabulary_table_lookup():
    table = lookup_ops.VocabularyTable(tf.string, tf.int64)
    with pytest.raises(tf.errors.FailedPreconditionError, match="not initialized"):
        lookup_ops.lookup(table, tf.constant(["a"]))
    table.set([b"a", b"b"], [3, 4], oov_start=0, num_oov_buckets=3)
    out = lookup_ops.lookup(table, tf.constant([["a", "zz"], ["b", "q"]]))
    np.testing.assert_array_equal(out.numpy(), [[3, fingerprint64(b"zz") % 3], [4, fingerprint64(b"q") % 3]])
    ints = lookup_ops.VocabularyTable(tf.int64, tf.int64)
    ints.set([10], [2], oov_start=0, num_oov_buckets=2)
    np.testing.assert_array_equal(lookup_ops.lookup(ints, tf.constant([10, -3, 4])).numpy(), [2, 1, 0])
    strict = lookup_ops.VocabularyTable(tf.string, tf.int64)
    strict.set([b"a"], [0], missing_error="missing {keys}")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"missing \['b'\]"):
        lookup_ops.lookup(strict, tf.constant(["a", "b"]))
    inverse = lookup_ops.VocabularyTable(tf.int64, tf.string)
    inverse.set([1, 2], [b"x", b"y"], default=b"?")
    np.testing.assert_array_equal(lookup_ops.lookup(inverse, tf.constant([2, 0])).numpy(), [b"y", b"?"])


def test_host_ops_in_a_function_see_table_updates():
    table = lookup_ops.VocabularyTable(tf.string, tf.int64)
    table.set([b"a"], [1], default=0)

    @tf.function
    def f(x):
        return lookup_ops.lookup(table, tf.strings.lower(x)) * 10 + tf.strings.to_hash_bucket_fast(x, 1)

    np.testing.assert_array_equal(f(tf.constant(["A", "b"])).numpy(), [10, 0])
    table.set([b"b"], [2], default=0)  # like TensorFlow's table resources, a traced graph sees it
    np.testing.assert_array_equal(f(tf.constant(["A", "b"])).numpy(), [0, 20])
