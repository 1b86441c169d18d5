"""`tf.keras.callbacks.ProgbarLogger`: the progress bar of fit, evaluate and predict.

The drawing is `lamina.keras.util.progbar.Progbar`'s; this callback decides when a bar starts and
what it shows. With `verbose=1` the bar is updated after every batch, which reads that batch's
metrics from the device; with `verbose=2` it is drawn once per epoch, so fit needs no batch hooks for
it (unless the number of steps is unknown and the batches must be counted).
"""

from __future__ import annotations

from lamina.keras.callback.base import Callback, python_logs, to_python
from lamina.keras.util import progbar as progbar_util
from lamina.keras.util.progbar import print_msg

_COUNT_MODES = ("samples", "steps")
_NOT_METRICS = ("size", "num_steps", "batch")


class ProgbarLogger(Callback):
    """Prints metrics and progress to stdout (`Model.fit` adds one, counting steps).

    Args:
      count_mode: "steps" to count batches, "samples" to count examples (from each batch log's
        "size" entry).
      stateful_metrics: names of metrics whose values are shown as they are rather than averaged
        over the epoch. Every value the trainer logs is already a running result, so each log key
        is treated as stateful too.

    Raises:
      ValueError: an unknown `count_mode`.
    """

    _supports_tf_logs = True

    def __init__(self, count_mode: str = "samples", stateful_metrics=None):
        super().__init__()
        if count_mode not in _COUNT_MODES:
            raise ValueError(f'Unknown `count_mode`: {count_mode}. Expected values are ["samples", "steps"]')
        self.use_steps = count_mode == "steps"
        self.stateful_metrics = set(stateful_metrics or [])
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._steps_seen = 0
        self._called_in_fit = False

    def set_params(self, params):
        super().set_params(params)
        self.verbose = params.get("verbose", 1)
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps") if self.use_steps else params.get("samples")

    # ---- which batch hooks are needed -------------------------------------------------------------
    def _needs_batches(self) -> bool:
        return self.verbose == 1 or self.target is None

    def _implements_train_batch_hooks(self) -> bool:
        return self._needs_batches()

    def _implements_test_batch_hooks(self) -> bool:
        return not self._called_in_fit and self._needs_batches()

    def _implements_predict_batch_hooks(self) -> bool:
        return self._needs_batches()

    # ---- hooks ------------------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._called_in_fit = True  # fit's validation draws no bar of its own

    def on_train_end(self, logs=None):
        self._called_in_fit = False

    def on_epoch_begin(self, epoch, logs=None):
        self._reset()
        if self.verbose and self.epochs > 1:
            print_msg(f"Epoch {epoch + 1}/{self.epochs}")

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._reset()

    def on_predict_begin(self, logs=None):
        self._reset()

    def on_train_batch_end(self, batch, logs=None):
        self._batch_update(batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._batch_update(batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._batch_update(batch, None)  # predict's logs hold outputs, not metrics

    def on_epoch_end(self, epoch, logs=None):
        self._finalize(logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finalize(logs)

    def on_predict_end(self, logs=None):
        self._finalize(None)

    # ---- the bar ----------------------------------------------------------------------------------
    def _reset(self):
        """Starts a new bar (its clock, which verbose=2's times are measured by, starts now)."""
        self.seen = 0
        self._steps_seen = 0
        self.progbar = None
        self._ensure_progbar()

    def _ensure_progbar(self):
        if self.progbar is None:
            self.progbar = progbar_util.Progbar(
                target=self.target,
                verbose=self.verbose,
                stateful_metrics=self.stateful_metrics,
                unit_name="step" if self.use_steps else "sample",
            )
        return self.progbar

    def _values(self, logs) -> list:
        values = [(key, value) for key, value in python_logs(logs).items() if key not in _NOT_METRICS]
        stateful = getattr(self.progbar, "stateful_metrics", None)
        if isinstance(stateful, set):  # the trainer's values are running results: never re-average
            stateful.update(key for key, _ in values)
        return values

    def _batch_update(self, batch, logs):
        logs = logs or {}
        self._ensure_progbar()
        self._steps_seen = batch + 1
        if self.use_steps:
            self.seen = batch + 1
        else:
            self.seen += int(to_python(logs.get("size", 0))) * int(to_python(logs.get("num_steps", 1)))
        if self.verbose == 1:
            self.progbar.update(self.seen, self._values(logs), finalize=False)

    def _finalize(self, logs):
        progbar = self._ensure_progbar()
        if self.target is None:
            # Unknown length (a generator): the count of what was seen becomes the bar's target.
            progbar.target = self.seen or self._steps_seen
        target = self.target if self.target is not None else progbar.target
        progbar.update(target, self._values(logs or {}), finalize=True)
