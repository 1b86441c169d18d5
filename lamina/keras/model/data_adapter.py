"""The inputs `fit`/`evaluate`/`predict` accept, as one iterator of batches per epoch.

Arrays (NumPy arrays, tensors, lists and dicts of them) are sliced on the host: `batch_size` rows
per step, shuffled per epoch when asked, the last batch smaller. Anything else that yields batches
(a generator, a `tf.keras.utils.Sequence`, an iterable such as a dataset) is drawn from as is.
A batch is a tuple `(x,)`, `(x, y)` or `(x, y, sample_weight)`.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from lamina._core import nest
from lamina._core.tensor import Tensor
from lamina._core.variables import Variable


def unpack_x_y_sample_weight(data):
    """`(x, y, sample_weight)` from a batch tuple of one to three elements (missing ones are None)."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(
        f"Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, found: {data!r}"
    )


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    if y is None:
        return (x,)
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def _as_array(value):
    if isinstance(value, (Tensor, Variable)):
        return np.asarray(value.numpy())
    if isinstance(value, (list, tuple)) and not any(isinstance(v, (np.ndarray, Tensor)) for v in value):
        return np.asarray(value)
    return value if isinstance(value, np.ndarray) else np.asarray(value)


def _is_array_like(value) -> bool:
    return isinstance(value, (np.ndarray, Tensor, Variable, float, int)) or (
        hasattr(value, "__array__") and not hasattr(value, "__next__")
    )


def is_array_data(x) -> bool:
    leaves = nest.flatten(x)
    return bool(leaves) and all(_is_array_like(leaf) for leaf in leaves)


def _arrays(structure):
    if structure is None:
        return None
    if isinstance(structure, dict):
        return {k: _arrays(v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)) and any(
        isinstance(v, (np.ndarray, Tensor, Variable, list, dict)) for v in structure
    ):
        return (
            type(structure)(_arrays(v) for v in structure)
            if not isinstance(structure, list)
            else [_arrays(v) for v in structure]
        )
    return _as_array(structure)


class ArrayData:
    """Arrays sliced into batches.

    Raises:
      ValueError: arrays with different numbers of samples, or an empty dataset.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, shuffle=False, steps=None):
        self.x, self.y, self.sample_weight = _arrays(x), _arrays(y), _arrays(sample_weight)
        sizes = {
            int(np.shape(a)[0]) for a in nest.flatten((self.x, self.y, self.sample_weight)) if a is not None
        }
        if len(sizes) > 1:
            raise ValueError(
                "Data cardinality is ambiguous: make sure all arrays contain the same number of samples. "
                f"Received sample counts: {sorted(sizes)}"
            )
        self.num_samples = sizes.pop() if sizes else 0
        if self.num_samples == 0:
            raise ValueError("Expected input data to be non-empty.")
        self.batch_size = batch_size or 32
        self.shuffle = shuffle
        self.steps = steps if steps is not None else math.ceil(self.num_samples / self.batch_size)

    def split(self, validation_split: float):
        """(training data, validation data): the last `validation_split` of the samples validate."""
        if not 0.0 < validation_split < 1.0:
            raise ValueError(f"`validation_split` must be between 0 and 1, received: {validation_split}")
        split_at = int(self.num_samples * (1.0 - validation_split))
        if split_at == 0 or split_at == self.num_samples:
            raise ValueError(
                f"Training data contains {self.num_samples} samples, which is not sufficient to split it "
                f"into a validation and training set as specified by `validation_split={validation_split}`."
            )

        head, tail = slice(0, split_at), slice(split_at, None)
        return (
            ArrayData(
                *_slice_all((self.x, self.y, self.sample_weight), head),
                batch_size=self.batch_size,
                shuffle=self.shuffle,
            ),
            ArrayData(*_slice_all((self.x, self.y, self.sample_weight), tail), batch_size=self.batch_size),
        )

    def epoch(self, epoch: int = 0):
        """The batches of one epoch (shuffled per epoch when asked)."""
        order = np.random.permutation(self.num_samples) if self.shuffle else None
        for step in range(self.steps):
            start = (step * self.batch_size) % self.num_samples
            if order is not None:
                index = order[start : start + self.batch_size]
            else:
                index = slice(start, start + self.batch_size)
            yield pack_x_y_sample_weight(*_slice_all((self.x, self.y, self.sample_weight), index))


def _slice_all(parts, index):
    return tuple(None if p is None else nest.map_structure(lambda a, i=index: a[i], p) for p in parts)


class IteratorData:
    """Batches drawn from a generator, a Sequence or any iterable (restarted per epoch when it can
    be iterated again)."""

    def __init__(self, source, steps=None):
        self.source = source
        self.batch_size = None
        length = _length(source)
        self.steps = steps if steps is not None else length
        self.num_samples = None

    def epoch(self, epoch: int = 0):
        source = self.source
        if (
            hasattr(source, "__getitem__")
            and hasattr(source, "__len__")
            and not isinstance(source, (list, tuple))
        ):
            if hasattr(source, "on_epoch_end") and epoch > 0:
                source.on_epoch_end()
            batches = (source[i] for i in range(len(source)))
        elif iter(source) is source:  # a generator: continues across epochs
            batches = source
        else:
            batches = iter(source)
        limit = self.steps
        for batch in batches if limit is None else itertools.islice(batches, limit):
            yield batch if isinstance(batch, tuple) else (batch,)


def _length(source):
    try:
        return len(source)
    except TypeError:
        return None


def make_data(x, y=None, sample_weight=None, batch_size=None, shuffle=False, steps=None):
    """ArrayData for arrays, IteratorData for everything that yields batches.

    Raises:
      ValueError: `y` or `sample_weight` given with a generator or dataset (they come from it).
    """
    if x is None:
        raise ValueError("Unrecognized data type: x=None (you must pass the input data).")
    if is_array_data(x):
        return ArrayData(x, y, sample_weight, batch_size, shuffle, steps)
    if y is not None:
        raise ValueError(
            "`y` argument is not supported when using a dataset, generator or Sequence as input: the "
            f"targets come from it. Received: y={type(y).__name__}"
        )
    if batch_size is not None and not isinstance(x, ArrayData):
        raise ValueError(
            "The `batch_size` argument must not be specified for the given input type: the batches come "
            f"from it. Received input: {type(x).__name__}, batch_size: {batch_size}"
        )
    return IteratorData(x, steps)


def class_weights_to_sample_weights(y, class_weight: dict):
    """Per-example weights: `class_weight[label]` (labels from one-hot rows by argmax)."""
    labels = np.asarray(y)
    if labels.ndim > 1 and labels.shape[-1] > 1:
        labels = labels.argmax(axis=-1)
    labels = labels.reshape(labels.shape[0], -1)[:, 0] if labels.ndim > 1 else labels
    largest = int(max(class_weight)) if class_weight else 0
    table = np.ones(max(largest + 1, int(labels.max(initial=0)) + 1), dtype="float32")
    for label, weight in class_weight.items():
        table[int(label)] = weight
    return table[np.rint(labels).astype("int64")]
