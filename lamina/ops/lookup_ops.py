"""Vocabulary tables on the host: a token -> index mapping with TensorFlow's out-of-vocabulary
buckets, and the op that looks keys up in one (`LookupTableFindV2`).

A table is a mutable host object that the op holds as an attribute (by identity), like
TensorFlow's table resource: a graph traced before `set` sees the new contents when it runs.
Lookups run on NumPy between the compiled segments of a graph.
"""

from __future__ import annotations

import numpy as np

from lamina._core.errors import FailedPreconditionError, InvalidArgumentError, op_error
from lamina._core.shape import TensorShape
from lamina.ops._hashing import fingerprint64
from lamina.ops._op import defop, dtypes, execute, tensor


class VocabularyTable:
    """Maps keys (bytes or ints) to values; keys not in the table map to `default`, or, with
    `num_oov_buckets` > 0, to `oov_start + bucket(key)`: FarmHash Fingerprint64 modulo the bucket
    count for strings, the key modulo it (floor) for integers.

    Args:
      key_dtype, value_dtype: the dtypes of keys and values (`tf.string`, `tf.int64`, ...).
    """

    def __init__(self, key_dtype, value_dtype):
        self.key_dtype = dtypes.as_dtype(key_dtype)
        self.value_dtype = dtypes.as_dtype(value_dtype)
        self._mapping = None
        self._default = None
        self._oov = None  # (start, count)
        self._missing_error = None

    def set(self, keys, values, default=None, oov_start=0, num_oov_buckets=0, missing_error=None):
        """Replaces the contents. `missing_error`: a message; when given, a key that is not in the
        table raises InvalidArgumentError with it (`{keys}` is replaced by the missing keys)."""
        self._mapping = dict(zip((self._key(k) for k in keys), values))
        self._default = default
        self._oov = (int(oov_start), int(num_oov_buckets)) if num_oov_buckets else None
        self._missing_error = missing_error

    @property
    def initialized(self) -> bool:
        return self._mapping is not None

    def size(self) -> int:
        return 0 if self._mapping is None else len(self._mapping)

    def _key(self, key):
        if self.key_dtype is dtypes.string:
            return key if isinstance(key, bytes) else str(key).encode("utf-8")
        return int(key)

    def _missing(self, key):
        if self._oov is not None:
            start, count = self._oov
            bucket = fingerprint64(key) % count if isinstance(key, bytes) else key % count
            return start + bucket
        return self._default

    def lookup(self, keys) -> np.ndarray:
        """The values of `keys` (a NumPy array), same shape."""
        if self._mapping is None:
            raise op_error(FailedPreconditionError, "LookupTableFindV2", "Table not initialized.")
        keys = np.asarray(keys)
        unique, inverse = np.unique(keys.reshape(-1), return_inverse=True)
        found, missing = [], []
        for key in unique:
            key = self._key(key)
            value = self._mapping.get(key)
            if value is None:
                missing.append(key)
                value = self._missing(key)
            found.append(value)
        if missing and self._missing_error is not None:
            shown = ", ".join(
                repr(k.decode("utf-8", "replace") if isinstance(k, bytes) else k) for k in missing[:10]
            )
            message = self._missing_error.replace("{keys}", f"[{shown}]")
            raise op_error(InvalidArgumentError, "LookupTableFindV2", message)
        np_dtype = object if self.value_dtype is dtypes.string else self.value_dtype.np_dtype
        values = np.empty(len(found), dtype=np_dtype)
        values[:] = found
        return values[inverse].reshape(keys.shape)


_LOOKUP = defop(
    "LookupTableFindV2",
    lambda keys, *, table: table.lookup(keys),
    inputs=["keys: T"],
    host=True,
    differentiable=False,
    shape_fn=lambda inputs, attrs: [(attrs["table"].value_dtype, TensorShape(inputs[0].shape))],
)


def lookup(table: VocabularyTable, keys, name=None):
    """The values of `keys` in `table` (same shape as `keys`).

    Raises:
      InvalidArgumentError: keys of a dtype the table does not take.
    """
    keys = tensor(keys)
    wanted = table.key_dtype
    if keys.dtype is not wanted and not (keys.dtype.is_integer and wanted.is_integer):
        raise op_error(
            InvalidArgumentError,
            "LookupTableFindV2",
            f"Expected keys of dtype {wanted.name}, got {keys.dtype.name}",
        )
    return execute(_LOOKUP, [keys], {"table": table}, name)
