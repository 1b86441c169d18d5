"""`tf.keras.callbacks.CSVLogger`: one CSV row of results per epoch."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable

import numpy as np

from lamina._core.tensor import Tensor
from lamina.keras.callback.base import Callback, to_python


def _cell(value):
    """A log value as CSV text: strings as they are, sequences and arrays as "[a, b]" in quotes. A
    NumPy scalar is written by its str (so a float32 "lr" of 0.1 reads "0.1", as in Keras)."""
    if isinstance(value, Tensor):
        value = to_python(value)
    if isinstance(value, str):
        return value
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    if isinstance(value, Iterable):
        return f'"[{", ".join(str(item) for item in value)}]"'
    return value


class CSVLogger(Callback):
    """Writes the logs of each epoch as a row of a CSV file.

    The header is "epoch" followed by the sorted keys of the first epoch's logs; when those hold no
    "val_" key, a "val_" column is added for each key too (validation may start at a later epoch). A
    later epoch's missing values are written "NA"; keys that were not in the first epoch are left out.

    Args:
      filename: the CSV file (a string or path-like); it is truncated when training starts unless
        `append` is set.
      separator: the column separator.
      append: add rows to an existing file (the header is written only if the file is empty).

    Example:

    >>> callback = tf.keras.callbacks.CSVLogger("/tmp/training.csv")
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        self.append_header = True
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as existing:
                    self.append_header = not existing.readline()
            mode = "a"
        else:
            mode = "w"
        self.csv_file = open(self.filename, mode, newline="")  # noqa: SIM115  (closed in on_train_end)
        self.writer = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            if not any(key.startswith("val_") for key in self.keys):
                self.keys += ["val_" + key for key in self.keys]
        if self.writer is None:
            self.writer = csv.DictWriter(
                self.csv_file, fieldnames=["epoch", *self.keys], delimiter=self.sep, lineterminator="\n"
            )
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _cell(logs[key]) if key in logs else "NA") for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None:
            self.csv_file.close()
        self.csv_file = None
        self.writer = None
