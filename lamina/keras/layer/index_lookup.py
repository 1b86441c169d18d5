"""Vocabulary lookups: `StringLookup` and `IntegerLookup` map tokens to indices (or back, with
`invert=True`), from a given vocabulary or one `adapt` builds from token counts.

Indices are laid out as in TensorFlow: in "int" mode the mask token (if any) is index 0, then come
`num_oov_indices` out-of-vocabulary indices (an unknown token picks one by hashing: FarmHash
Fingerprint64 for strings, the value itself for integers, modulo their number), then the vocabulary
in order. The other output modes ("one_hot", "multi_hot", "count", "tf_idf") encode those indices
as vectors over the vocabulary; they have no mask slot, and mask tokens are ignored. The tables
live on the host (`lamina.ops.lookup_ops`); lookups run there, the encodings compile.
"""

from __future__ import annotations

import collections
import os

import numpy as np

from lamina._core import dtypes
from lamina._core.errors import UnimplementedError, op_error, unimplemented
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina.keras.layer.preprocessing import (
    COUNT,
    INT,
    MULTI_HOT,
    ONE_HOT,
    TF_IDF,
    PreprocessingLayer,
    adapt_array,
    check_output_mode,
    encode,
    encoded_shape,
)
from lamina.ops import cast_ops, creation_ops, indexing_ops, lookup_ops

_MODES = (INT, ONE_HOT, MULTI_HOT, COUNT, TF_IDF)


class IndexLookup(PreprocessingLayer):
    """The shared machinery of StringLookup, IntegerLookup and TextVectorization's vocabulary."""

    def __init__(
        self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype, vocabulary=None,
        idf_weights=None, invert=False, output_mode=INT, sparse=False, pad_to_max_tokens=False, **kwargs,
    ):  # fmt: skip
        if output_mode == "binary":
            output_mode = MULTI_HOT
        kwargs.pop("vocabulary_size", None)  # recorded in get_config; the vocabulary decides it
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == INT else "float32"
        super().__init__(**kwargs)
        self._check_arguments(
            max_tokens, num_oov_indices, output_mode, invert, sparse, pad_to_max_tokens, idf_weights
        )
        self.max_tokens, self.num_oov_indices = max_tokens, num_oov_indices
        self.mask_token, self.oov_token = mask_token, oov_token
        self.vocabulary_dtype = dtypes.as_dtype(vocabulary_dtype)
        self.invert, self.output_mode, self.sparse = invert, output_mode, sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.input_vocabulary, self.input_idf_weights = vocabulary, idf_weights
        self._autocast = False
        self._tokens = None  # the vocabulary without special tokens, or None before it is set
        self._idf = None
        self._table = lookup_ops.VocabularyTable(
            dtypes.int64 if invert else self.vocabulary_dtype,
            self.vocabulary_dtype if invert else dtypes.int64,
        )
        self.reset_state()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        elif output_mode == TF_IDF and idf_weights is not None:
            raise ValueError(
                "`idf_weights` must be set together with `vocabulary`, received only idf_weights."
            )

    def _check_arguments(
        self, max_tokens, num_oov_indices, output_mode, invert, sparse, pad_to_max_tokens, idf_weights
    ):
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                f"If set, `max_tokens` must be greater than 1. Received: max_tokens={max_tokens}"
            )
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(
                f"If pad_to_max_tokens is True, must set `max_tokens`. Received: max_tokens={max_tokens}"
            )
        if num_oov_indices < 0:
            raise ValueError(
                "`num_oov_indices` must be greater than or equal to 0. Received: "
                f"num_oov_indices={num_oov_indices}"
            )
        check_output_mode(output_mode, _MODES, type(self).__name__)
        if invert and output_mode != INT:
            raise ValueError(
                f"`output_mode` must be `'int'` when `invert` is true. Received: output_mode={output_mode}"
            )
        if sparse and output_mode == INT:
            raise ValueError(
                "`sparse` may only be true if `output_mode` is `'one_hot'`, `'multi_hot'`, `'count'` or "
                f"`'tf_idf'`. Received: sparse={sparse} and output_mode={output_mode}"
            )
        if sparse:
            raise unimplemented("sparse outputs of tf.keras.layers.StringLookup / IntegerLookup")
        if idf_weights is not None and output_mode != TF_IDF:
            raise ValueError(
                "`idf_weights` should only be set if `output_mode` is `'tf_idf'`. Received: "
                f"idf_weights={idf_weights} and output_mode={output_mode}"
            )

    # ---- the index layout ------------------------------------------------------------------------
    def _uses_mask(self) -> bool:
        return self.mask_token is not None and self.output_mode == INT

    def _oov_start(self) -> int:
        return 1 if self._uses_mask() else 0

    def _token_start(self) -> int:
        return self._oov_start() + self.num_oov_indices

    def _special_tokens(self) -> list:
        return ([self.mask_token] if self._uses_mask() else []) + [self.oov_token] * self.num_oov_indices

    def vocabulary_size(self) -> int:
        """The number of indices: special tokens plus the vocabulary."""
        return self._token_start() + (0 if self._tokens is None else len(self._tokens))

    def get_vocabulary(self, include_special_tokens=True) -> list:
        """The token of each index, in order (special tokens first unless excluded)."""
        tokens = [self._to_python(t) for t in (self._tokens or [])]
        return (self._special_tokens() + tokens) if include_special_tokens else tokens

    def _depth(self) -> int:
        return self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()

    # ---- setting the vocabulary --------------------------------------------------------------------
    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Replaces the vocabulary (a list, array, tensor, or the path of a file with a token per line)
        and, in "tf_idf" mode, the idf weights (one per token).

        Raises:
          ValueError: repeated tokens, the mask token anywhere but first, more tokens than
            max_tokens, or idf weights missing, unwanted or of the wrong length.
        """
        if self.output_mode == TF_IDF and idf_weights is None:
            raise ValueError("`idf_weights` must be set if output_mode is TF_IDF")
        if self.output_mode != TF_IDF and idf_weights is not None:
            raise ValueError(
                f"`idf_weights` should only be set if output_mode is `'tf_idf'`. Received: output_mode="
                f"{self.output_mode} and idf_weights={idf_weights}"
            )
        tokens = [self._to_key(t) for t in self._read_vocabulary(vocabulary)]
        tokens = self._strip_special_tokens(tokens)
        repeated = [self._to_python(t) for t, n in collections.Counter(tokens).items() if n > 1]
        if repeated:
            raise ValueError(
                "The passed vocabulary has at least one repeated term. Please uniquify your dataset. "
                "The repeated "
                f"terms are {sorted(repeated)}"
            )
        size = self._token_start() + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(
                "Attempted to set a vocabulary larger than the maximum vocab size. Passed vocab size is "
                f"{size}, max vocab size is {self.max_tokens}."
            )
        idf = None
        if idf_weights is not None:
            idf = np.asarray(
                idf_weights.numpy() if isinstance(idf_weights, Tensor) else idf_weights, np.float32
            )
            if idf.shape != (len(tokens),):
                raise ValueError(
                    "`idf_weights` must be the same length as vocabulary. len(idf_weights) is "
                    f"{idf.reshape(-1).size}, len(vocabulary) is {len(tokens)}"
                )
        self._install(tokens, idf)

    def _read_vocabulary(self, vocabulary) -> list:
        if isinstance(vocabulary, str) and os.path.isfile(vocabulary):
            with open(vocabulary, encoding="utf-8") as handle:
                return [line.rstrip("\n").rstrip("\r") for line in handle]
        if isinstance(vocabulary, Tensor):
            vocabulary = vocabulary.numpy()
        return (
            list(np.asarray(vocabulary, dtype=object).reshape(-1))
            if not isinstance(vocabulary, list)
            else vocabulary
        )

    def _strip_special_tokens(self, tokens: list) -> list:
        special = [self._to_key(t) for t in self._special_tokens()]
        if special and tokens[: len(special)] == special:
            tokens = tokens[len(special) :]
        if self.mask_token is not None and self._to_key(self.mask_token) in tokens:
            order = [self._to_python(t) for t in special] or [self.mask_token, self.oov_token]
            raise ValueError(
                "Found reserved mask token at unexpected location in `vocabulary`. Note that passed "
                "`vocabulary` "
                "does not need to include the OOV and mask tokens. Either remove all mask and OOV tokens, or "
                "include them only at the start of the vocabulary in precisely this order: "
                f"{order}. Received: "
                f"mask_token={self.mask_token}"
            )
        return tokens

    def _install(self, tokens: list, idf):
        """Makes `tokens` the vocabulary and fills the lookup table."""
        self._tokens = tokens
        start = self._token_start()
        if self.invert:
            keys = list(range(start, start + len(tokens)))
            values = list(tokens)
            if self._uses_mask():
                keys, values = [0, *keys], [self._to_key(self.mask_token), *values]
            self._table.set(keys, values, default=self._to_key(self.oov_token))
        else:
            keys, values = list(tokens), list(range(start, start + len(tokens)))
            if self.mask_token is not None:
                keys, values = (
                    [self._to_key(self.mask_token), *keys],
                    [0 if self._uses_mask() else -1, *values],
                )
            missing = None
            if self.num_oov_indices == 0:
                missing = (
                    "When `num_oov_indices=0` all inputs should be in vocabulary, found OOV values {keys}, "
                    "consider "
                    "setting `num_oov_indices=1`."
                )
            self._table.set(keys, values, oov_start=self._oov_start(), num_oov_buckets=self.num_oov_indices,
                            missing_error=missing)  # fmt: skip
        self._idf = None
        if idf is not None:
            oov_weight = float(np.mean(idf)) if idf.size else 0.0
            weights = np.concatenate([np.full(self._token_start(), oov_weight, np.float32), idf])
            self._idf = np.pad(weights, (0, max(self._depth() - weights.size, 0)))

    # ---- adapt -------------------------------------------------------------------------------------
    def reset_state(self):
        self._counts = collections.Counter()
        self._document_counts = collections.Counter()
        self._num_documents = 0

    def update_state(self, data):
        array = adapt_array(data)
        if array.ndim >= 2:
            self.update_from_documents(
                [row.reshape(-1).tolist() for row in array.reshape(array.shape[0], -1)]
            )
        else:
            self.update_from_documents([array.reshape(-1).tolist()])

    def update_from_documents(self, documents):
        """Counts the tokens of each document (a list of tokens; documents matter for idf)."""
        for document in documents:
            keys = [self._to_key(t) for t in document]
            self._counts.update(keys)
            self._document_counts.update(set(keys))
        self._num_documents += len(documents)

    def finalize_state(self):
        special = {self._to_key(t) for t in (self.mask_token, self.oov_token) if t is not None}
        ranked = sorted(
            ((count, token) for token, count in self._counts.items() if token not in special), reverse=True
        )
        tokens = [token for _, token in ranked]
        if self.max_tokens is not None:
            tokens = tokens[: max(self.max_tokens - self._token_start(), 0)]
        idf = None
        if self.output_mode == TF_IDF:
            frequencies = np.array([self._document_counts[t] for t in tokens], np.float64)
            idf = np.log(1.0 + self._num_documents / (1.0 + frequencies)).astype(np.float32)
        self._install(tokens, idf)
        self.reset_state()

    # ---- calling -----------------------------------------------------------------------------------
    def lookup(self, inputs):
        """Indices (or, inverted, tokens) of `inputs`, before any encoding."""
        return lookup_ops.lookup(self._table, inputs)

    def encode_indices(self, indices, valid=None):
        """Encodes looked-up indices per output_mode; `valid` (bool, same shape) marks real tokens."""
        if self.output_mode == INT:
            return indices
        if valid is not None:
            indices = indexing_ops.where(valid, indices, creation_ops.constant(-1, dtype=indices.dtype))
        idf = None if self._idf is None else creation_ops.constant(self._idf)
        return encode(indices, self.output_mode, self._depth(), self.compute_dtype, idf_weights=idf)

    def call(self, inputs):
        inputs = self._prepare_inputs(inputs)
        return self.encode_indices(self.lookup(inputs))

    def compute_output_shape(self, input_shape):
        shape = TensorShape(input_shape).as_list()
        return TensorShape(encoded_shape(shape, self.output_mode, self._depth()))

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self) -> dict:
        idf = self.input_idf_weights
        return {
            **super().get_config(),
            "invert": self.invert,
            "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices,
            "oov_token": self.oov_token,
            "mask_token": self.mask_token,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "idf_weights": None if idf is None else np.asarray(idf, np.float64).tolist(),
            "vocabulary": self._config_vocabulary(),
            "vocabulary_size": self.vocabulary_size(),
        }

    def _config_vocabulary(self):
        vocabulary = self.input_vocabulary
        if vocabulary is None or isinstance(vocabulary, str):
            return vocabulary
        return [self._to_python(self._to_key(t)) for t in self._read_vocabulary(vocabulary)]


class StringLookup(IndexLookup):
    """Maps strings to integer indices (or indices back to strings with `invert=True`).

    Args:
      max_tokens: the most indices, special tokens included (None: no limit).
      num_oov_indices: indices for out-of-vocabulary tokens (0: unknown tokens are an error).
      mask_token: a token that maps to index 0 in "int" mode (None: no mask).
      oov_token: the token inverted lookups return for OOV indices.
      vocabulary: the tokens (a list, array, tensor or a file path), or None to `adapt` them.
      idf_weights: per-token weights for "tf_idf" mode with a given vocabulary.
      encoding: the text encoding of the strings ("utf-8").
      invert: map indices to tokens.
      output_mode: "int", "one_hot", "multi_hot", "count" or "tf_idf".
      sparse: must be False. pad_to_max_tokens: make encodings `max_tokens` wide.

    Raises:
      ValueError: inconsistent arguments (see `set_vocabulary` for the vocabulary's).
    """

    def __init__(
        self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]", vocabulary=None,
        idf_weights=None, encoding="utf-8", invert=False, output_mode="int", sparse=False,
        pad_to_max_tokens=False, **kwargs,
    ):  # fmt: skip
        self.encoding = encoding
        super().__init__(
            max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
            oov_token=oov_token, vocabulary_dtype=dtypes.string, vocabulary=vocabulary,
            idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens, **kwargs,
        )  # fmt: skip

    def _to_key(self, token):
        if isinstance(token, bytes):
            return token
        if isinstance(token, np.bytes_):
            return bytes(token)
        return str(token).encode(self.encoding or "utf-8")

    def _to_python(self, key):
        return key.decode(self.encoding or "utf-8", "replace") if isinstance(key, bytes) else key

    def _prepare_inputs(self, inputs):
        wanted = dtypes.int64 if self.invert else dtypes.string
        if self.invert and inputs.dtype.is_integer:
            return cast_ops.cast(inputs, dtypes.int64)
        if inputs.dtype is not wanted:
            raise op_error(
                UnimplementedError, "Cast", f"Cast {inputs.dtype.name} to {wanted.name} is not supported"
            )
        return inputs

    def get_config(self) -> dict:
        return {**super().get_config(), "encoding": self.encoding}


class IntegerLookup(IndexLookup):
    """Maps integers to indices (or indices back to integers with `invert=True`); see StringLookup
    for the arguments. `oov_token` defaults to -1; `vocabulary_dtype` is "int64"."""

    def __init__(
        self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, vocabulary=None,
        vocabulary_dtype="int64", idf_weights=None, invert=False, output_mode="int", sparse=False,
        pad_to_max_tokens=False, **kwargs,
    ):  # fmt: skip
        if dtypes.as_dtype(vocabulary_dtype) not in (dtypes.int64, dtypes.int32):
            raise ValueError(
                "IntegerLookup only supports int64 vocabularies. Received: "
                f"vocabulary_dtype={vocabulary_dtype}"
            )
        super().__init__(
            max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
            oov_token=oov_token, vocabulary_dtype=vocabulary_dtype, vocabulary=vocabulary,
            idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens, **kwargs,
        )  # fmt: skip

    def _to_key(self, token):
        return int(token)

    def _to_python(self, key):
        return int(key)

    def _prepare_inputs(self, inputs):
        if inputs.dtype is dtypes.string:
            raise op_error(UnimplementedError, "Cast", "Cast string to int64 is not supported")
        return cast_ops.cast(inputs, dtypes.int64) if inputs.dtype is not dtypes.int64 else inputs

    def get_config(self) -> dict:
        return {**super().get_config(), "vocabulary_dtype": self.vocabulary_dtype.name}
