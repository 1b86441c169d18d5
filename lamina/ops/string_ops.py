"""String ops (`tf.strings`): hashing into buckets, case, regex replacement, number formatting, and
the whitespace split + n-grams that text vectorization needs.

String tensors are NumPy object arrays of `bytes` on the host; these ops are `host=True` and run
on NumPy, between the compiled segments of a graph. Each declares a `shape_fn` so that graph
building knows its output shape (element-wise ops keep the input's shape).
"""

from __future__ import annotations

import re

import numpy as np

from lamina._core.shape import TensorShape
from lamina.ops._hashing import fingerprint64, siphash24
from lamina.ops._op import defop, dtypes, execute, invalid, tensor

_STRING = frozenset((dtypes.string,))


def _same_shape(dtype):
    def shape_fn(inputs, attrs):
        return [(dtype, inputs[0].shape)]

    return shape_fn


def _elementwise(function, array, out_dtype=object) -> np.ndarray:
    """`function` applied to every element of a host array (a 0-d array stays 0-d)."""
    array = np.asarray(array)
    flat = [function(value) for value in array.reshape(-1)]
    out = np.empty(len(flat), dtype=out_dtype) if out_dtype is object else np.array(flat, dtype=out_dtype)
    if out_dtype is object:
        out[:] = flat
    return out.reshape(array.shape)


def _as_bytes(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _string_input(value, name: str):
    value = tensor(value, dtype_hint=dtypes.string)
    if value.dtype is not dtypes.string:
        raise TypeError(f"`{name}` must be a string tensor, got dtype {value.dtype.name}")
    return value


# ---- hashing ---------------------------------------------------------------------------------------
_HASH_FAST = defop(
    "StringToHashBucketFast",
    lambda input, *, num_buckets: _elementwise(lambda s: fingerprint64(s) % num_buckets, input, np.int64),
    inputs=["input: T"],
    types={"T": _STRING},
    host=True,
    differentiable=False,
    shape_fn=_same_shape(dtypes.int64),
)


def _num_buckets(num_buckets) -> int:
    num_buckets = int(num_buckets)
    if num_buckets < 1:
        raise ValueError(f"`num_buckets` must be >= 1, got {num_buckets}")
    return num_buckets


def to_hash_bucket_fast(input, num_buckets, name=None):  # noqa: A002 - TensorFlow's argument name
    """Hashes each string to a bucket in `[0, num_buckets)` with FarmHash's Fingerprint64 (the
    same buckets as TensorFlow's)."""
    attrs = {"num_buckets": _num_buckets(num_buckets)}
    return execute(_HASH_FAST, [_string_input(input, "input")], attrs, name)


_HASH_STRONG = defop(
    "StringToHashBucketStrong",
    lambda input, *, num_buckets, key: _elementwise(
        lambda s: siphash24(key, s) % num_buckets, input, np.int64
    ),
    inputs=["input: T"],
    types={"T": _STRING},
    host=True,
    differentiable=False,
    shape_fn=_same_shape(dtypes.int64),
)


def to_hash_bucket_strong(input, num_buckets, key, name=None):  # noqa: A002
    """Hashes each string to a bucket in `[0, num_buckets)` with SipHash-2-4 under the 128-bit
    `key` (two ints), which an adversary who does not know the key cannot steer.

    Raises:
      InvalidArgumentError: a key that is not a list of two ints.
    """
    key = list(key) if isinstance(key, (list, tuple)) else key
    if not isinstance(key, list) or len(key) != 2:
        raise invalid("StringToHashBucketStrong", f"Key must have 2 elements, got {key!r}")
    attrs = {"num_buckets": _num_buckets(num_buckets), "key": (int(key[0]), int(key[1]))}
    return execute(_HASH_STRONG, [_string_input(input, "input")], attrs, name)


# ---- case and regular expressions -------------------------------------------------------------------
def _case_impl(method):
    def impl(input, *, encoding):
        if encoding == "":  # ASCII letters only, bytes kept as they are
            return _elementwise(lambda s: getattr(s, method)(), input)
        return _elementwise(lambda s: getattr(s.decode(encoding), method)().encode(encoding), input)

    return impl


_LOWER = defop(
    "StringLower", _case_impl("lower"), inputs=["input: T"], types={"T": _STRING}, host=True,
    differentiable=False, shape_fn=_same_shape(dtypes.string),
)  # fmt: skip
_UPPER = defop(
    "StringUpper", _case_impl("upper"), inputs=["input: T"], types={"T": _STRING}, host=True,
    differentiable=False, shape_fn=_same_shape(dtypes.string),
)  # fmt: skip


def _encoding(encoding) -> str:
    encoding = "" if encoding is None else str(encoding).lower()
    if encoding not in ("", "utf-8", "utf8"):
        raise ValueError(f"Unsupported encoding {encoding!r}; expected '' or 'utf-8'.")
    return "utf-8" if encoding else ""


def lower(input, encoding="", name=None):  # noqa: A002
    """Lower-cases each string: ASCII letters only, or every letter with `encoding="utf-8"`."""
    return execute(_LOWER, [_string_input(input, "input")], {"encoding": _encoding(encoding)}, name)


def upper(input, encoding="", name=None):  # noqa: A002
    """Upper-cases each string: ASCII letters only, or every letter with `encoding="utf-8"`."""
    return execute(_UPPER, [_string_input(input, "input")], {"encoding": _encoding(encoding)}, name)


def _regex_replace_impl(input, *, pattern, rewrite, replace_global):
    compiled = re.compile(pattern.encode("utf-8"))
    replacement = rewrite.encode("utf-8")
    count = 0 if replace_global else 1
    return _elementwise(lambda s: compiled.sub(replacement, s, count=count), input)


_REGEX_REPLACE = defop(
    "StaticRegexReplace",
    _regex_replace_impl,
    inputs=["input: T"],
    types={"T": _STRING},
    host=True,
    differentiable=False,
    shape_fn=_same_shape(dtypes.string),
)


def regex_replace(input, pattern, rewrite, replace_global=True, name=None):  # noqa: A002
    """Replaces matches of the regular expression `pattern` by `rewrite` (`\\1` names a group) in
    each string; every match, or only the first when `replace_global` is False.

    Raises:
      ValueError: a pattern or rewrite given as a tensor (they must be Python strings here).
    """
    for what, value in (("pattern", pattern), ("rewrite", rewrite)):
        if not isinstance(value, (str, bytes)):
            raise ValueError(f"regex_replace needs `{what}` as a Python string, got {value!r}")
    pattern = pattern.decode("utf-8") if isinstance(pattern, bytes) else pattern
    rewrite = rewrite.decode("utf-8") if isinstance(rewrite, bytes) else rewrite
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"Invalid pattern {pattern!r}: {error}") from None
    attrs = {"pattern": pattern, "rewrite": rewrite, "replace_global": bool(replace_global)}
    return execute(_REGEX_REPLACE, [_string_input(input, "input")], attrs, name)


# ---- numbers as strings -------------------------------------------------------------------------------
def _format_number(value, fmt: str, kind: str) -> bytes:
    if kind == "b":
        return b"true" if value else b"false"
    if kind in "iu":
        return (fmt % int(value)).encode()
    return (fmt % float(value)).encode()


def _as_string_impl(input, *, fmt):
    array = np.asarray(input)
    kind = array.dtype.kind
    return _elementwise(lambda v: _format_number(v, fmt, kind), array)


_AS_STRING = defop(
    "AsString",
    _as_string_impl,
    inputs=["input: T"],
    types={"T": dtypes.INTEGER | dtypes.FLOATING | {dtypes.bool}},
    host=True,
    differentiable=False,
    shape_fn=_same_shape(dtypes.string),
)


def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="", name=None):  # noqa: A002
    """Formats each number as a string: integers in decimal; floats with `precision` digits ("%f"
    style by default, "%e" with `scientific`, "%g" with `shortest`), padded to `width` with `fill`.

    Raises:
      ValueError: both `scientific` and `shortest`, or a `fill` longer than one character.
    """
    value = tensor(input)
    if scientific and shortest:
        raise ValueError("Cannot select both scientific and shortest notation")
    if len(fill) > 1:
        raise ValueError(f"Fill string must be one or fewer characters, got {fill!r}")
    if value.dtype.is_integer and (precision > -1 or scientific or shortest):
        raise ValueError(f"Cannot select precision or notation for integer dtype {value.dtype.name}")
    spec = "%" + (fill if fill in ("0", "-", "+", " ") else "") + (str(width) if width > -1 else "")
    if value.dtype.is_integer or value.dtype is dtypes.bool:
        fmt = spec + "d"
    else:
        fmt = (
            spec
            + (f".{precision}" if precision > -1 else "")
            + ("e" if scientific else "g" if shortest else "f")
        )
    return execute(_AS_STRING, [value], {"fmt": fmt}, name)


# ---- splitting into tokens and n-grams (text vectorization) ---------------------------------------------
def _split_one(text: bytes, split) -> list:
    if split == "whitespace":
        return text.split()
    if split == "character":
        return [c.encode("utf-8") for c in text.decode("utf-8", "replace")]
    return [text]


def _row_ngrams(tokens: list, widths: tuple, separator: bytes) -> list:
    out = []
    for width in widths:
        out.extend(separator.join(tokens[i : i + width]) for i in range(len(tokens) - width + 1))
    return out


def _split_ngrams_impl(input, *, split, widths, separator, length):
    rows = [_row_ngrams(_split_one(s, split), widths, separator) for s in np.asarray(input).reshape(-1)]
    if length is None:
        length = max((len(r) for r in rows), default=0)
    tokens = np.full((len(rows), length), b"", dtype=object)
    valid = np.zeros((len(rows), length), dtype=bool)
    for i, row in enumerate(rows):
        row = row[:length]
        tokens[i, : len(row)] = row
        valid[i, : len(row)] = True
    return tokens, valid


_SPLIT_NGRAMS = defop(
    "StringSplitToNGrams",
    _split_ngrams_impl,
    inputs=["input: T"],
    types={"T": _STRING},
    host=True,
    jit=False,
    differentiable=False,
    shape_fn=lambda inputs, attrs: [
        (dtypes.string, TensorShape([_rows(inputs[0].shape), attrs["length"]])),
        (dtypes.bool, TensorShape([_rows(inputs[0].shape), attrs["length"]])),
    ],
)


def _rows(shape):
    return 1 if shape.rank == 0 else shape[0]


def split_to_ngrams(input, split="whitespace", widths=(1,), separator=" ", length=None, name=None):  # noqa: A002
    """Splits each string of a string tensor (a scalar, a vector, or `[batch, 1]`) into tokens (on
    ASCII whitespace, into characters with `split="character"`, or not at all with None) and forms
    the n-grams of each width in `widths` (all 1-grams, then all 2-grams, ...), joined by
    `separator`.

    Returns `(tokens, valid)`: a `[batch, length]` string tensor (rows padded with empty strings, or
    cut, to `length`; by default the longest row's length) and a bool tensor marking real tokens.
    This is the dense form of `tf.strings.split` followed by `tf.strings.ngrams`.
    """
    value = _string_input(input, "input")
    rank = value.shape.rank
    if rank is None or rank > 2 or (rank == 2 and value.shape[1] != 1):
        raise ValueError(
            f"split_to_ngrams expects a vector of strings (or [batch, 1]), received: shape={value.shape}"
        )
    if split not in ("whitespace", "character", None):
        raise ValueError(f"Unknown split {split!r}; expected 'whitespace', 'character' or None.")
    attrs = {
        "split": split,
        "widths": tuple(int(w) for w in widths),
        "separator": _as_bytes(separator),
        "length": None if length is None else int(length),
    }
    tokens, valid = execute(_SPLIT_NGRAMS, [value], attrs, name)
    return tokens, valid
