"""`tf.keras.utils.Sequence`: a dataset that `fit` reads batch by batch, by index."""

from __future__ import annotations


class Sequence:
    """Base class of an indexable dataset of batches.

    A subclass defines `__len__` (the number of batches) and `__getitem__(index)` (batch `index`,
    usually `(x, y)`), and may define `on_epoch_end` (called after each epoch, e.g. to reshuffle).
    Indexing makes each batch once per epoch, in any order, which makes a Sequence safe to read from
    several workers.
    """

    def __getitem__(self, index):
        """Batch number `index`; subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__(index) to return a batch.")

    def __len__(self):
        """The number of batches in an epoch; subclasses define it."""
        raise NotImplementedError(
            f"{type(self).__name__} must define __len__() to return the number of batches."
        )

    def on_epoch_end(self):
        """Called at the end of every epoch; the base class changes nothing."""
        return None

    def __iter__(self):
        """The batches in index order."""
        for index in range(len(self)):
            yield self[index]
