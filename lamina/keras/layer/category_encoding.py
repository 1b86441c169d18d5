"""Categorical features as numbers: `CategoryEncoding` (one-hot, multi-hot or count vectors of
integer ids) and `Hashing` (strings or integers hashed into a fixed number of bins, with TensorFlow's
FarmHash fingerprints, or SipHash under a salt, so the bins equal TensorFlow's)."""

from __future__ import annotations

from lamina._core import dtypes
from lamina._core.errors import InvalidArgumentError, op_error, unimplemented
from lamina._core.shape import TensorShape
from lamina.keras.layer.base import Layer
from lamina.keras.layer.preprocessing import (
    COUNT,
    INT,
    MULTI_HOT,
    ONE_HOT,
    check_output_mode,
    encode,
    encoded_shape,
)
from lamina.ops import (
    cast_ops,
    comparison_ops,
    creation_ops,
    debug_ops,
    indexing_ops,
    lookup_ops,
    math_ops,
    reduction_ops,
    string_ops,
)


class CategoryEncoding(Layer):
    """Encodes integer ids in `[0, num_tokens)` as vectors of length `num_tokens`.

    Args:
      num_tokens: the number of ids.
      output_mode: "multi_hot" (1 where an id of the sample occurs), "one_hot" (a vector per id),
        or "count" (how often each id occurs, weighted by `count_weights` when the call has them).
      sparse: must be False (sparse outputs are not supported).

    Call arguments:
      inputs: integer ids, rank 0 to 2 (ids outside `[0, num_tokens)` raise InvalidArgumentError).
      count_weights: weights of the same shape, "count" mode only.

    Raises:
      ValueError: a missing or non-positive num_tokens, an unknown output_mode, or an output of rank
        above 2.
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":  # Keras's older name
            output_mode = MULTI_HOT
        check_output_mode(output_mode, (COUNT, ONE_HOT, MULTI_HOT), "CategoryEncoding")
        if num_tokens is None:
            raise ValueError(
                "num_tokens must be set to use this layer. If the number of tokens is not known beforehand, "
                "use the IntegerLookup layer instead."
            )
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        if sparse:
            raise unimplemented("tf.keras.layers.CategoryEncoding(sparse=True)")
        self.num_tokens, self.output_mode, self.sparse = num_tokens, output_mode, sparse
        self._autocast = False

    def call(self, inputs, count_weights=None):
        if count_weights is not None and self.output_mode != COUNT:
            raise ValueError(
                "`count_weights` is not used when `output_mode` is not `'count'`. Received "
                f"`count_weights={count_weights}`."
            )
        if not inputs.dtype.is_integer:
            inputs = cast_ops.cast(inputs, "int64")
        in_range = comparison_ops.logical_and(
            comparison_ops.greater_equal(reduction_ops.reduce_min(inputs), cast_ops.cast(0, inputs.dtype)),
            comparison_ops.less(
                reduction_ops.reduce_max(inputs), cast_ops.cast(self.num_tokens, inputs.dtype)
            ),
        )
        debug_ops.Assert(
            in_range,
            [f"Input values must be in the range 0 <= values < num_tokens with num_tokens={self.num_tokens}"],
        )
        return encode(
            inputs, self.output_mode, self.num_tokens, self.compute_dtype, count_weights=count_weights
        )

    def compute_output_shape(self, input_shape):
        return TensorShape(
            encoded_shape(TensorShape(input_shape).as_list(), self.output_mode, self.num_tokens)
        )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_tokens": self.num_tokens,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        }


class Hashing(Layer):
    """Hashes strings or integers (as their decimal strings) into `num_bins` bins.

    Without a salt a value's bin is FarmHash Fingerprint64 modulo the bin count (TensorFlow's
    `to_hash_bucket_fast`); with a salt (an int, or two), SipHash-2-4 keyed by it
    (`to_hash_bucket_strong`). With `mask_value`, that value goes to bin 0 and the others to bins
    1 to num_bins - 1.

    Args:
      num_bins: the number of bins (including the mask bin).
      mask_value: a value to map to bin 0, or None.
      salt: None, an int, or a pair of ints keying the strong hash.
      output_mode: "int" (int64 bins) or "one_hot", "multi_hot", "count" encodings of them.
      sparse: must be False (sparse outputs are not supported).

    Raises:
      ValueError: a missing or non-positive num_bins, a bad salt, or an unknown output_mode.
      InvalidArgumentError (call): inputs that are neither strings nor integers.
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False, **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == INT else "float32"
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError(
                "The `num_bins` for `Hashing` cannot be `None` or non-positive values. Received: "
                f"num_bins={num_bins}."
            )
        check_output_mode(output_mode, (INT, ONE_HOT, MULTI_HOT, COUNT), "Hashing")
        if sparse:
            raise unimplemented("tf.keras.layers.Hashing(sparse=True)")
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2 and all(isinstance(s, int) for s in salt):
                salt = list(salt)
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError(
                    "The `salt` argument for `Hashing` can only be a tuple of size 2 integers, or a single "
                    f"integer. Received: salt={salt}."
                )
        self.num_bins, self.mask_value, self.salt = num_bins, mask_value, salt
        self.output_mode, self.sparse = output_mode, sparse
        self._autocast = False
        self._mask_table = None

    def call(self, inputs):
        if inputs.dtype.is_integer:
            strings = string_ops.as_string(inputs)
        elif inputs.dtype is dtypes.string:
            strings = inputs
        else:
            raise op_error(
                InvalidArgumentError,
                "StringToHashBucketFast",
                f"Hashing expects string or integer inputs, received dtype {inputs.dtype.name}",
            )
        buckets = self.num_bins - (1 if self.mask_value is not None else 0)
        if self.salt is None:
            bins = string_ops.to_hash_bucket_fast(strings, buckets)
        else:
            bins = string_ops.to_hash_bucket_strong(strings, buckets, key=self.salt)
        if self.mask_value is not None:
            bins = indexing_ops.where(
                self._is_mask(inputs), creation_ops.zeros_like(bins), math_ops.add(bins, 1)
            )
        return encode(bins, self.output_mode, self.num_bins, self.compute_dtype)

    def _is_mask(self, inputs):
        if inputs.dtype is not dtypes.string:
            return comparison_ops.equal(inputs, cast_ops.cast(self.mask_value, inputs.dtype))
        if self._mask_table is None:  # a one-entry table compares on the host, where strings live
            self._mask_table = lookup_ops.VocabularyTable(dtypes.string, dtypes.int64)
            self._mask_table.set([self.mask_value], [1], default=0)
        return comparison_ops.equal(lookup_ops.lookup(self._mask_table, inputs), 1)

    def compute_output_shape(self, input_shape):
        return TensorShape(encoded_shape(TensorShape(input_shape).as_list(), self.output_mode, self.num_bins))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_bins": self.num_bins,
            "salt": self.salt,
            "mask_value": self.mask_value,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        }
