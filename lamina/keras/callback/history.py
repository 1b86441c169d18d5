"""`History` (the record fit returns) and `BaseLogger` (epoch averages of batch values)."""

from __future__ import annotations

from lamina.keras.callback.base import Callback


class History(Callback):
    """Records the logs of every epoch; `Model.fit` returns it (and sets `model.history` to it).

    Attributes:
      history: a dict from each log key (`loss`, metric names, `val_*`, `lr`) to the list of its
        values, one per epoch. It keeps growing when the same History is used for several fits.
      epoch: the indices of the epochs run by the latest fit.
      params: the training parameters (`verbose`, `epochs`, `steps`).
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []
        if self.model is not None:
            self.model.history = self

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)


class BaseLogger(Callback):
    """Replaces the epoch's metric values in the logs by their averages over the epoch's batches.

    Each batch's value is weighted by the batch's `size` entry in the logs (batches without one
    count for nothing); a metric named in `stateful_metrics` keeps its last batch value instead. The
    metrics averaged are those listed in `params["metrics"]` when the params have that key, else
    every key seen in the batch logs. (`Model.fit` already reports epoch averages, so this callback
    only matters for batch logs that hold per-batch values.)

    Args:
      stateful_metrics: names of metrics whose batch values are already running results.
    """

    def __init__(self, stateful_metrics=None):
        super().__init__()
        self.stateful_metrics = set(stateful_metrics or [])
        self.seen = 0
        self.totals = {}

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        logs = dict(logs or {})
        size = logs.pop("size", 0)
        num_steps = logs.pop("num_steps", 1)
        logs.pop("batch", None)
        self.seen += size * num_steps
        for key, value in logs.items():
            if key in self.stateful_metrics:
                self.totals[key] = value
            else:
                self.totals[key] = self.totals.get(key, 0) + value * size

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        names = self.params.get("metrics", self.totals.keys())
        for name in names:
            if name not in self.totals:
                continue
            if name in self.stateful_metrics:
                logs[name] = self.totals[name]
            elif self.seen:
                logs[name] = self.totals[name] / self.seen
