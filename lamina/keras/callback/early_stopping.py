"""`tf.keras.callbacks.EarlyStopping`: stop fit when a monitored quantity stops improving."""

from __future__ import annotations

import math

import numpy as np

from lamina.keras.callback import monitor as monitoring
from lamina.keras.callback.base import Callback
from lamina.keras.util.progbar import print_msg


def _auto_maximizes(monitor: str) -> bool:
    return monitor.endswith(("acc", "accuracy", "auc"))


class EarlyStopping(Callback):
    """Stops training when `monitor` has not improved for `patience` epochs.

    At the end of each epoch (from `start_from_epoch` on), the monitored value is an improvement when
    it beats the best value so far by more than `min_delta`. Each epoch without one counts towards
    `patience` (`wait`); once `wait >= patience` (and never at the first epoch) training stops with
    `model.stop_training = True`. With a `baseline`, an improvement only resets `wait` when it also
    beats the baseline, but while the value keeps improving training never stops.

    Args:
      monitor: the log key to watch (e.g. "val_loss", "val_accuracy").
      min_delta: the smallest change that counts as an improvement (its sign is ignored).
      patience: the number of epochs without improvement after which training stops.
      verbose: 1 prints a message when training stops and when weights are restored.
      mode: "min", "max" or "auto" (maximise names ending in "acc", "accuracy" or "auc"). An unknown
        mode logs a warning and means "auto".
      baseline: a value the monitored quantity must beat for `wait` to be reset.
      restore_best_weights: when training stops, set the model's weights back to those of the best
        epoch (when training runs to its last epoch the final weights are kept).
      start_from_epoch: the number of epochs before the first one that is monitored.

    Attributes:
      stopped_epoch: the epoch at which training stopped (0 if it did not).
      best: the best monitored value; best_epoch: its epoch; wait: epochs since the last improvement.

    Example:

    >>> callback = tf.keras.callbacks.EarlyStopping(monitor="loss", patience=3)
    """

    def __init__(
        self,
        monitor="val_loss",
        min_delta=0,
        patience=0,
        verbose=0,
        mode="auto",
        baseline=None,
        restore_best_weights=False,
        start_from_epoch=0,
    ):
        super().__init__()
        self.monitor = monitor
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights = None
        self.mode = monitoring.resolve_mode(
            mode, monitor, _auto_maximizes, f"EarlyStopping mode {mode} is unknown, fallback to auto mode."
        )
        self.monitor_op = np.greater if self.mode == "max" else np.less
        # min_delta carries the mode's sign, so "better by more than |min_delta|" is one comparison.
        self.min_delta = abs(min_delta) if self.mode == "max" else -abs(min_delta)

    def _is_improvement(self, value, reference) -> bool:
        return bool(self.monitor_op(value - self.min_delta, reference))

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = -math.inf if self.mode == "max" else math.inf
        self.best_weights = None
        self.best_epoch = 0

    def get_monitor_value(self, logs):
        """The monitored value in `logs`, or None (with a warning) when it is missing."""
        return monitoring.monitor_value(
            logs,
            self.monitor,
            f"Early stopping conditioned on metric `{self.monitor}` which is not available.",
        )

    def on_epoch_end(self, epoch, logs=None):
        value = self.get_monitor_value(logs)
        if value is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
        self.wait += 1
        if self._is_improvement(value, self.best):
            self.best = value
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(value, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                if self.verbose > 0:
                    best = self.best_epoch + 1
                    print_msg(f"Restoring model weights from the end of the best epoch: {best}.")
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
