"""Array helpers of `tf.keras.utils`: one-hot and ordinal label encodings, normalization, and padding
of variable-length sequences. They work on NumPy values and return NumPy arrays (`normalize` keeps a
tensor a tensor)."""

from __future__ import annotations

import numpy as np

from lamina._core.convert import convert_to_tensor, is_tensor
from lamina.keras import backend
from lamina.ops import array_ops, comparison_ops, creation_ops, linalg_ops, math_ops
from lamina.ops.indexing_ops import where


def _integer_labels(y) -> tuple[np.ndarray, tuple]:
    """`y` as a flat int array, and the shape of the labels (a trailing axis of 1 is dropped)."""
    labels = np.array(y, dtype="int64")
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    return labels.ravel(), tuple(shape)


def to_categorical(y, num_classes=None, dtype="float32") -> np.ndarray:
    """One-hot encoding of integer labels: shape `labels.shape + (num_classes,)`.

    Args:
      y: integer class labels (floats are truncated); a trailing axis of size 1 is dropped.
      num_classes: number of classes; default `max(y) + 1`.
      dtype: the output dtype.
    """
    labels, shape = _integer_labels(y)
    if not num_classes:
        num_classes = int(np.max(labels)) + 1 if labels.size else 0
    encoded = np.zeros((labels.shape[0], num_classes), dtype=dtype)
    encoded[np.arange(labels.shape[0]), labels] = 1
    return encoded.reshape(shape + (num_classes,))


def to_ordinal(y, num_classes=None, dtype="float32") -> np.ndarray:
    """Ordinal encoding of integer labels: label k becomes k ones followed by zeros, over
    `num_classes - 1` entries (shape `labels.shape + (num_classes - 1,)`)."""
    labels, shape = _integer_labels(y)
    if not num_classes:
        num_classes = int(np.max(labels)) + 1 if labels.size else 1
    ranks = np.arange(num_classes - 1)
    encoded = (ranks[np.newaxis, :] < labels[:, np.newaxis]).astype(dtype)
    return encoded.reshape(shape + (num_classes - 1,))


def normalize(x, axis=-1, order=2):
    """`x` divided by its `order`-norm along `axis` (zero vectors stay zero).

    A NumPy/Python input gives a NumPy array at least 2-D (a vector comes back as shape (1, n), as in
    Keras); a tensor gives a tensor.
    """
    if is_tensor(x):
        x = convert_to_tensor(x)
        norms = linalg_ops.norm(x, ord=order, axis=axis, keepdims=True)
        safe = where(comparison_ops.equal(norms, 0), creation_ops.ones_like(norms), norms)
        result = math_ops.divide(x, safe)
        return array_ops.expand_dims(result, 0) if x.shape.rank == 1 else result
    x = np.asarray(x)
    norms = np.atleast_1d(np.linalg.norm(x, order, axis))
    norms[norms == 0] = 1
    return x / np.expand_dims(norms, axis)


def _check_choice(name: str, value: str) -> None:
    if value not in ("pre", "post"):
        raise ValueError(f'{name.capitalize()} type "{value}" not understood')


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre", value=0.0):
    """Pads (and truncates) sequences to one length: a NumPy array `(len(sequences), maxlen, ...)`.

    Args:
      sequences: a list of sequences (lists or arrays; items may themselves be arrays of one shape).
      maxlen: the output length; default the longest sequence.
      dtype: the output dtype (`object` for variable-length strings).
      padding: "pre" or "post": where the padding goes.
      truncating: "pre" or "post": which end of a long sequence is dropped.
      value: the padding value.

    Raises:
      ValueError: `sequences` is not a list of iterables, items differ in shape, a bad
        padding/truncating value, or a string `value` with a non-string dtype.
    """
    _check_choice("padding", padding)
    _check_choice("truncating", truncating)
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    lengths, item_shape = [], None
    for sequence in sequences:
        try:
            lengths.append(len(sequence))
        except TypeError:
            raise ValueError(
                f"`sequences` must be a list of iterables. Found non-iterable: {sequence}"
            ) from None
        if item_shape is None and len(sequence):
            item_shape = np.asarray(sequence).shape[1:]
    item_shape = item_shape or ()
    if maxlen is None:
        maxlen = max(lengths, default=0)
    is_text = np.issubdtype(np.dtype(dtype), np.str_)
    if isinstance(value, str) and np.dtype(dtype) != object and not is_text:
        raise ValueError(
            f"`dtype` {dtype} is not compatible with `value`'s type: {type(value)}\n"
            "You should set `dtype=object` for variable length strings."
        )
    padded = np.full((len(lengths), maxlen) + tuple(item_shape), value, dtype=dtype)
    for index, (sequence, length) in enumerate(zip(sequences, lengths)):
        kept = min(length, maxlen)
        if kept == 0:
            continue
        window = sequence[length - kept :] if truncating == "pre" else sequence[:kept]
        window = np.asarray(window, dtype=dtype)
        if window.shape[1:] != tuple(item_shape):
            raise ValueError(
                f"Shape of sample {window.shape[1:]} of sequence at position {index} is different from "
                f"expected shape {tuple(item_shape)}"
            )
        if padding == "post":
            padded[index, :kept] = window
        else:
            padded[index, maxlen - kept :] = window
    return padded


def img_to_array(img, data_format=None, dtype=None) -> np.ndarray:
    """An image (a PIL image, or anything NumPy reads as an (h, w) or (h, w, c) array) as a 3-D array:
    (h, w, c) for "channels_last", (c, h, w) for "channels_first" (default: image_data_format()); a
    2-D image gets one channel. `dtype` defaults to floatx().

    Raises:
      ValueError: an unknown data_format, or an image that is neither 2-D nor 3-D.
    """
    data_format = backend.image_data_format() if data_format is None else data_format
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError(f"Unknown data_format: {data_format}")
    array = np.asarray(img, dtype=backend.floatx() if dtype is None else dtype)
    if array.ndim == 3:
        return array.transpose(2, 0, 1) if data_format == "channels_first" else array
    if array.ndim == 2:
        return array[np.newaxis] if data_format == "channels_first" else array[..., np.newaxis]
    raise ValueError(f"Unsupported image shape: {array.shape}")
