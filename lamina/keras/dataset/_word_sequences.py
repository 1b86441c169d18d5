"""What imdb and reuters share: word-index sequences re-indexed, filtered by length and vocabulary."""

from __future__ import annotations

import logging

import numpy as np

logger = logging.getLogger("lamina.keras")


def check_kwargs(num_words, kwargs: dict):
    """`num_words`, after Keras's old `nb_words` spelling; other keywords are errors."""
    if "nb_words" in kwargs:
        logger.warning("The `nb_words` argument in `load_data` has been renamed `num_words`.")
        num_words = kwargs.pop("nb_words")
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {kwargs}.")
    return num_words


def shuffled(rng: np.random.RandomState, *arrays):
    """`arrays` reordered by one permutation drawn from `rng`."""
    order = np.arange(len(arrays[0]))
    rng.shuffle(order)
    return [array[order] for array in arrays]


def reindex(sequences, start_char, index_from) -> list[list[int]]:
    """Each sequence's indices shifted by `index_from`, with `start_char` in front when not None."""
    head = [] if start_char is None else [start_char]
    return [head + [int(w) + index_from for w in sequence] for sequence in sequences]


def drop_long(maxlen, sequences, labels):
    """The sequences shorter than `maxlen` (all when maxlen is None) and their labels.

    Raises:
      ValueError: none is kept.
    """
    if not maxlen:
        return sequences, labels
    kept = [i for i, sequence in enumerate(sequences) if len(sequence) < maxlen]
    if not kept:
        raise ValueError(
            f"After filtering for sequences shorter than maxlen={maxlen}, no sequence was kept. "
            "Increase maxlen."
        )
    return [sequences[i] for i in kept], labels[kept]


def limit_vocabulary(sequences, num_words, skip_top, oov_char) -> list[list[int]]:
    """Indices outside [skip_top, num_words) become `oov_char` (or are dropped when it is None).

    Without `num_words`, the limit is the largest index present, which itself falls outside (Keras's
    rule: so the largest index is always out of vocabulary)."""
    if not num_words:
        num_words = max((max(sequence) for sequence in sequences if sequence), default=0)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in sequence] for sequence in sequences]
    return [[w for w in sequence if skip_top <= w < num_words] for sequence in sequences]


def as_object_array(sequences) -> np.ndarray:
    """Sequences as Keras returns them: `np.array(..., dtype=object)` (a 1-D array of lists, or a 2-D
    array when every sequence has the same length, as in Keras)."""
    return np.array(sequences, dtype="object")
