"""`tf.keras.callbacks.ModelCheckpoint`: save the model (or its weights) during training."""

from __future__ import annotations

import math
import os

import numpy as np

from lamina._core.errors import UnimplementedError
from lamina.keras.callback import monitor as monitoring
from lamina.keras.callback.base import Callback, logger, python_logs
from lamina.keras.util.progbar import print_msg


def _auto_maximizes(monitor: str) -> bool:
    return "acc" in monitor or monitor.startswith("fmeasure")


class ModelCheckpoint(Callback):
    """Saves the model with `model.save(path)` (or `model.save_weights(path)`) during fit.

    `filepath` may hold `str.format` fields filled from the epoch (counted from 1), the logs of the
    epoch and, when saving every few batches, `batch` (counted from 1 in its epoch):
    "weights.{epoch:02d}-{val_loss:.2f}.h5" saves "weights.03-0.42.h5" at the third epoch.

    Args:
      filepath: a string or path-like; its folder is created when missing.
      monitor: the log key compared when `save_best_only` is set.
      verbose: 1 prints a message each time the callback saves (or decides not to).
      save_best_only: save only when `monitor` improves on the best value so far (a file path
        without format fields is then overwritten by each better model).
      save_weights_only: call `model.save_weights` instead of `model.save`.
      mode: "min", "max" or "auto" (maximise names containing "acc" or starting with "fmeasure"); an
        unknown mode logs a warning and means "auto".
      save_freq: "epoch" to save at the end of each epoch, or an int N to save after every N
        training batches.
      options: passed on as `options=` to the save method when not None.
      initial_value_threshold: the best value to beat initially (default: ±infinity).
      **kwargs: `period` (deprecated: save every `period` epochs when `save_freq="epoch"`);
        `load_weights_on_restart` (deprecated).

    Raises:
      ValueError: `save_freq` is neither "epoch" nor an int.
      KeyError (when saving): `filepath` names a field that the logs lack.
      UnimplementedError: `load_weights_on_restart=True` (call `model.load_weights` before fit).

    Example:

    >>> callback = tf.keras.callbacks.ModelCheckpoint(
    ...     "/tmp/ckpt/weights.{epoch:02d}", save_weights_only=True)
    """

    _supports_tf_logs = True

    def __init__(
        self,
        filepath,
        monitor: str = "val_loss",
        verbose: int = 0,
        save_best_only: bool = False,
        save_weights_only: bool = False,
        mode: str = "auto",
        save_freq="epoch",
        options=None,
        initial_value_threshold=None,
        **kwargs,
    ):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self._options = options
        self.period = 1
        self._read_deprecated_kwargs(kwargs)
        if save_freq != "epoch" and (not isinstance(save_freq, int) or isinstance(save_freq, bool)):
            raise ValueError(
                f'Unrecognized save_freq: {save_freq}. Expected save_freq are "epoch" or integer'
            )
        self.mode = monitoring.resolve_mode(
            mode, monitor, _auto_maximizes, f"ModelCheckpoint mode {mode} is unknown, fallback to auto mode."
        )
        self.monitor_op = np.greater if self.mode == "max" else np.less
        if initial_value_threshold is not None:
            self.best = initial_value_threshold
        else:
            self.best = -math.inf if self.mode == "max" else math.inf
        self.epochs_since_last_save = 0
        self._batches_seen_since_last_saving = 0
        self._current_epoch = 0

    def _read_deprecated_kwargs(self, kwargs: dict):
        if "period" in kwargs:
            self.period = kwargs.pop("period")
            logger.warning(
                "`period` argument is deprecated. Please use `save_freq` to specify the frequency in "
                "number of batches seen."
            )
        if kwargs.pop("load_weights_on_restart", False):
            raise UnimplementedError(
                None,
                None,
                "ModelCheckpoint(load_weights_on_restart=True) is not implemented in lamina (the argument "
                "is deprecated in TensorFlow too): call `model.load_weights()` before `model.fit()`.",
            )
        for key in kwargs:
            logger.warning("ModelCheckpoint ignores the unknown argument `%s`.", key)

    def _is_improvement(self, value) -> bool:
        return bool(self.monitor_op(value, self.best))

    # ---- hooks ------------------------------------------------------------------------------------
    def _implements_train_batch_hooks(self) -> bool:
        return self.save_freq != "epoch"

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_seen_since_last_saving += 1
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_since_last_save += 1
        if self.save_freq == "epoch" and self.epochs_since_last_save >= self.period:
            self.epochs_since_last_save = 0
            self._save_model(epoch, None, logs)

    # ---- saving -----------------------------------------------------------------------------------
    def _get_file_path(self, epoch, batch, logs: dict) -> str:
        fields = dict(logs, epoch=epoch + 1)
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {error}'
            ) from error

    def _save_model(self, epoch, batch, logs):
        logs = python_logs(logs)  # batch logs hold device tensors: read them only when saving
        filepath = self._get_file_path(epoch, batch, logs)
        if self.save_best_only:
            value = logs.get(self.monitor)
            if value is None:
                logger.warning("Can save best model only with %s available, skipping.", self.monitor)
                return
            if not self._is_improvement(value):
                if self.verbose > 0:
                    print_msg(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {self.best:0.5f}")
                return
            if self.verbose > 0:
                print_msg(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from {self.best:0.5f} to "
                    f"{value:0.5f}, saving model to {filepath}"
                )
            self.best = value
        elif self.verbose > 0:
            print_msg(f"\nEpoch {epoch + 1}: saving model to {filepath}")
        self._write(filepath)

    def _write(self, filepath: str):
        folder = os.path.dirname(filepath)
        if folder:
            os.makedirs(folder, exist_ok=True)
        kwargs = {} if self._options is None else {"options": self._options}
        if self.save_weights_only:
            self.model.save_weights(filepath, **kwargs)
        else:
            self.model.save(filepath, **kwargs)
