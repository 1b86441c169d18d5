"""`TextVectorization`: strings to token indices or token-count vectors.

A call standardizes each string (lower-case, strip ASCII punctuation), splits it into tokens,
forms n-grams, looks the tokens up in a `StringLookup` vocabulary (the empty string is the mask,
index 0, in "int" mode) and encodes them. Splitting and lookup run on the host; rows are padded
with the mask (index 0) to the longest row, or padded/cut to `output_sequence_length`.
"""

from __future__ import annotations

from lamina._core import dtypes
from lamina._core.errors import unimplemented
from lamina._core.shape import TensorShape
from lamina.keras.layer.index_lookup import StringLookup
from lamina.keras.layer.preprocessing import COUNT, INT, MULTI_HOT, TF_IDF, PreprocessingLayer, adapt_array
from lamina.ops import array_ops, string_ops

# ASCII punctuation, as a character class.
_PUNCTUATION = r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'
_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")
_MODES = (INT, COUNT, MULTI_HOT, TF_IDF)


def _check_choice(value, allowed, argument):
    if value is None or callable(value) or value in allowed:
        return
    raise ValueError(
        f"Unkown value for `{argument}` argument of layer TextVectorization. If restoring a model and "
        f"`{argument}` is a custom callable, please ensure the callable is registered as a custom object. "
        "See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for "
        f"details. Allowed values are: `None`, a `Callable`, or one of the following values: {allowed}. "
        f"Received: {value}"
    )


def _ngram_widths(ngrams) -> tuple:
    if ngrams is None:
        return (1,)
    if isinstance(ngrams, int):
        return tuple(range(1, ngrams + 1))
    return tuple(int(n) for n in ngrams)


class TextVectorization(PreprocessingLayer):
    """Maps strings to sequences of token indices ("int") or to vectors over the vocabulary
    ("multi_hot", "count", "tf_idf").

    Args:
      max_tokens: the vocabulary size limit, special tokens included.
      standardize: "lower_and_strip_punctuation", "lower", "strip_punctuation", None, or a
        callable from a string tensor to a string tensor.
      split: "whitespace", "character" or None (each string is one token).
      ngrams: None, an int n (1- to n-grams), or a tuple of n-gram widths.
      output_mode: "int", "multi_hot", "count" or "tf_idf".
      output_sequence_length: "int" mode only: pad or cut each row to this many tokens.
      pad_to_max_tokens: make vector encodings `max_tokens` wide.
      vocabulary, idf_weights: a given vocabulary (and its idf weights for "tf_idf").
      sparse, ragged: must be False (sparse and ragged outputs are not supported).
      encoding: the strings' text encoding ("utf-8").

    Raises:
      ValueError: an unknown standardize, split or output_mode, or output_sequence_length outside
        "int" mode.
    """

    def __init__(
        self, max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace", ngrams=None,
        output_mode="int", output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
        idf_weights=None, sparse=False, ragged=False, encoding="utf-8", **kwargs,
    ):  # fmt: skip
        kwargs.pop("vocabulary_size", None)
        kwargs["dtype"] = kwargs.get("dtype") or "string"
        super().__init__(**kwargs)
        _check_choice(standardize, _STANDARDIZE, "standardize")
        _check_choice(split, _SPLIT, "split")
        if output_mode not in _MODES:
            raise ValueError(
                "Unkown value for `output_mode` argument of layer TextVectorization. Allowed values are: "
                "`None`, "
                f"or one of the following values: {_MODES}. Received: {output_mode}"
            )
        if output_sequence_length is not None and output_mode != INT:
            raise ValueError(
                "`output_sequence_length` must not be set if `output_mode` is not 'int'. Received "
                f"output_sequence_length={output_sequence_length}."
            )
        if callable(split):
            raise unimplemented("tf.keras.layers.TextVectorization(split=<callable>)")
        if ragged:
            raise unimplemented("tf.keras.layers.TextVectorization(ragged=True)")
        if sparse:
            raise unimplemented("tf.keras.layers.TextVectorization(sparse=True)")
        self.max_tokens, self.standardize, self.split, self.ngrams = max_tokens, standardize, split, ngrams
        self.output_mode, self.output_sequence_length = output_mode, output_sequence_length
        self.pad_to_max_tokens, self.sparse, self.ragged, self.encoding = (
            pad_to_max_tokens,
            sparse,
            ragged,
            encoding,
        )
        self.input_vocabulary, self.input_idf_weights = vocabulary, idf_weights
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, mask_token="", vocabulary=vocabulary, idf_weights=idf_weights,
            output_mode=output_mode, pad_to_max_tokens=pad_to_max_tokens, encoding=encoding,
            name=f"{self.name}_string_lookup",
        )  # fmt: skip

    # ---- the vocabulary ---------------------------------------------------------------------------
    def get_vocabulary(self, include_special_tokens=True) -> list:
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self) -> int:
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights)

    def reset_state(self):
        self._lookup_layer.reset_state()

    def update_state(self, data):
        array = adapt_array(data)
        tokens, valid = self._tokenize(array.reshape(-1))
        rows = [[t for t, ok in zip(row, keep) if ok] for row, keep in zip(tokens.numpy(), valid.numpy())]
        self._lookup_layer.update_from_documents(rows)

    def finalize_state(self):
        self._lookup_layer.finalize_state()

    # ---- calling ---------------------------------------------------------------------------------
    def _standardize(self, strings):
        if self.standardize is None:
            return strings
        if callable(self.standardize):
            return self.standardize(strings)
        if "lower" in self.standardize:
            strings = string_ops.lower(strings, encoding=self.encoding)
        if "strip_punctuation" in self.standardize:
            strings = string_ops.regex_replace(strings, _PUNCTUATION, "")
        return strings

    def _tokenize(self, strings, length=None):
        strings = self._standardize(strings)
        widths = _ngram_widths(self.ngrams)
        return string_ops.split_to_ngrams(strings, split=self.split, widths=widths, length=length)

    def call(self, inputs):
        if inputs.dtype is not dtypes.string:
            raise ValueError(f"TextVectorization expects string inputs, received dtype {inputs.dtype.name}")
        rank = inputs.shape.rank
        if rank is not None and rank > 1 and (rank > 2 or inputs.shape[-1] != 1):
            raise ValueError(
                "When using `TextVectorization` to tokenize strings, the input rank must be 1 or the last "
                f"shape dimension must be 1. Received: inputs.shape={tuple(inputs.shape.as_list())} with "
                f"rank={rank}"
            )
        # The split takes scalars and [batch, 1] columns itself: string tensors are not reshaped
        # here, so the whole call stays host ops then device ops.
        tokens, valid = self._tokenize(inputs, self.output_sequence_length)
        indices = self._lookup_layer.lookup(tokens)
        outputs = self._lookup_layer.encode_indices(indices, valid)
        return array_ops.squeeze(outputs, 0) if rank == 0 else outputs

    def compute_output_shape(self, input_shape):
        batch = TensorShape(input_shape).as_list()[:1] or [None]
        if self.output_mode == INT:
            return TensorShape([batch[0], self.output_sequence_length])
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        return TensorShape([batch[0], depth])

    def get_config(self) -> dict:
        lookup_config = self._lookup_layer.get_config()
        return {
            **super().get_config(),
            "max_tokens": self.max_tokens,
            "standardize": self.standardize,
            "split": self.split,
            "ngrams": self.ngrams,
            "output_mode": self.output_mode,
            "output_sequence_length": self.output_sequence_length,
            "pad_to_max_tokens": self.pad_to_max_tokens,
            "sparse": self.sparse,
            "ragged": self.ragged,
            "vocabulary": lookup_config["vocabulary"],
            "idf_weights": lookup_config["idf_weights"],
            "encoding": self.encoding,
            "vocabulary_size": self.vocabulary_size(),
        }
