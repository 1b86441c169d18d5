"""Callbacks that change the optimizer's learning rate between epochs: `LearningRateScheduler` and
`ReduceLROnPlateau`. Both add the learning rate of the epoch to its logs as "lr" (so it appears in
History and CSVLogger).

The rate is changed through `optimizer.learning_rate = value`, which assigns the optimizer's
learning-rate Variable: compiled training steps read that Variable, so they see the new rate without
retracing. An optimizer built with a `LearningRateSchedule` has no settable rate, and setting it
raises TypeError. (Keras 2.15 instead writes the schedule's "current rate" Variable, which the next
step overwrites, so the callback silently does nothing; lamina reports the conflict.)
"""

from __future__ import annotations

import inspect
import math

import numpy as np

from lamina._core.tensor import Tensor
from lamina.keras.callback import monitor as monitoring
from lamina.keras.callback.base import Callback, logger, to_python
from lamina.keras.util.progbar import print_msg


def _optimizer(model):
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "lr"):
        raise ValueError('Optimizer must have a "lr" attribute.')
    return optimizer


def _learning_rate(optimizer) -> float:
    """The optimizer's current learning rate (a float32 value) as a Python float."""
    return float(to_python(optimizer.learning_rate))


def _logged_learning_rate(optimizer):
    """The learning rate as logged under "lr": a NumPy float32 scalar, as in Keras (so CSVLogger
    writes "0.1", not the float32 value's longer Python repr)."""
    return np.float32(_learning_rate(optimizer))


def _takes_two_arguments(function) -> bool:
    """True if `function` can be called as `function(epoch, lr)`."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # no signature (some builtins): try the two-argument form
        return True
    positional = [
        p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
    ]
    return len(positional) >= 2 or any(p.kind is p.VAR_POSITIONAL for p in positional)


class LearningRateScheduler(Callback):
    """Sets the learning rate at the start of each epoch to `schedule(epoch, lr)`.

    Args:
      schedule: a function of the epoch index (from 0) and the current learning rate (a Python
        float) returning the new rate as a float or a scalar float tensor; a function of the epoch
        alone is accepted too.
      verbose: 1 prints each new rate.

    Raises (at the start of an epoch):
      ValueError: `schedule` returned something other than a float or a scalar float tensor, or the
        model's optimizer has no learning rate.
      TypeError: the optimizer's learning rate is a `LearningRateSchedule`.

    Example:

    >>> callback = tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.9)
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = _optimizer(self.model)
        if _takes_two_arguments(self.schedule):
            rate = self.schedule(epoch, _learning_rate(optimizer))
        else:
            rate = self.schedule(epoch)
        rate = _checked_rate(rate)
        optimizer.learning_rate = rate
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {rate}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["lr"] = _logged_learning_rate(_optimizer(self.model))


def _checked_rate(rate) -> float:
    """`rate` (a schedule function's result) as a Python float."""
    if isinstance(rate, Tensor):
        if rate.shape.rank != 0 or not rate.dtype.is_floating:
            raise ValueError(
                'The output of the "schedule" function should be a float or a scalar float tensor. '
                f"Got: a tensor of shape {rate.shape} and dtype {rate.dtype.name}"
            )
        return float(to_python(rate))
    if isinstance(rate, (float, np.float32, np.float64)):
        return float(rate)
    raise ValueError(f'The output of the "schedule" function should be float. Got: {rate!r}')


def _auto_maximizes(monitor: str) -> bool:
    return "acc" in monitor


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by `factor` when `monitor` has not improved for `patience` epochs.

    At the end of each epoch the value is an improvement when it beats the best so far by more than
    `min_delta`. Otherwise, outside a cooldown, the epoch counts towards `patience` (`wait`); when
    `wait >= patience` and the rate is above `min_lr`, the rate becomes `max(lr * factor, min_lr)`
    and a cooldown of `cooldown` epochs starts, during which `wait` stays 0.

    Args:
      monitor: the log key to watch.
      factor: the factor the rate is multiplied by; must be below 1.
      patience: the number of epochs without improvement after which the rate is reduced.
      verbose: 1 prints each reduction.
      mode: "min", "max" or "auto" (maximise names containing "acc"); an unknown mode logs a warning
        and means "auto".
      min_delta: the smallest change that counts as an improvement.
      cooldown: the number of epochs after a reduction before epochs count towards `patience` again.
      min_lr: the lowest learning rate.
      **kwargs: `epsilon`, the deprecated name of `min_delta`.

    Raises:
      ValueError: `factor >= 1.0`.

    Example:

    >>> callback = tf.keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2)
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0,
        **kwargs,
    ):
        super().__init__()
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. Got {factor}")
        if "epsilon" in kwargs:
            min_delta = kwargs.pop("epsilon")
            logger.warning("`epsilon` argument is deprecated and will be removed, use `min_delta` instead.")
        for key in kwargs:
            logger.warning("ReduceLROnPlateau ignores the unknown argument `%s`.", key)
        self.monitor = monitor
        self.factor = factor
        self.min_lr = min_lr
        self.min_delta = min_delta
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.mode = monitoring.resolve_mode(
            mode,
            monitor,
            _auto_maximizes,
            f"Learning rate reduction mode {mode} is unknown, fallback to auto mode.",
        )
        self._reset()

    def _reset(self):
        self.cooldown_counter = 0
        self.wait = 0
        if self.mode == "max":
            self.monitor_op = lambda value, best: np.greater(value, best + self.min_delta)
            self.best = -math.inf
        else:
            self.monitor_op = lambda value, best: np.less(value, best - self.min_delta)
            self.best = math.inf

    def in_cooldown(self) -> bool:
        """True while epochs after the latest reduction do not count towards `patience`."""
        return self.cooldown_counter > 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = {} if logs is None else logs
        optimizer = _optimizer(self.model)
        logs["lr"] = _logged_learning_rate(optimizer)
        value = monitoring.monitor_value(
            logs,
            self.monitor,
            f"Learning rate reduction is conditioned on metric `{self.monitor}` which is not available.",
        )
        if value is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self.monitor_op(value, self.best):
            self.best = value
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                self._reduce(optimizer, epoch)

    def _reduce(self, optimizer, epoch):
        rate = _learning_rate(optimizer)
        # The rate is a float32 value: compare with min_lr rounded the same way, or a rate already at
        # min_lr would look larger than it and be "reduced" to itself forever.
        if rate <= float(np.float32(self.min_lr)):
            return
        rate = max(rate * self.factor, self.min_lr)
        optimizer.learning_rate = rate
        if self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {rate}.")
        self.cooldown_counter = self.cooldown
        self.wait = 0
