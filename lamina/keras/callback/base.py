"""`tf.keras.callbacks.Callback` and `CallbackList`.

The trainer talks to one `CallbackList`. Batch-level logs reach it as dicts of scalar EagerTensors
that stay on the device: reading one is a host synchronisation, which would stall the step loop. So
the list hands the tensors unchanged to callbacks that declare `_supports_tf_logs = True`, converts
them to Python numbers once per batch only when some other callback's batch hook runs, and tells the
trainer (`needs_batch_hooks`) when no callback has a batch hook at all, so the trainer can skip the
per-batch calls entirely. Epoch-level logs arrive as Python floats; every callback sees the same dict
(a copy of the trainer's), so a key one callback adds (LearningRateScheduler's "lr") reaches the ones
after it (History, CSVLogger).
"""

from __future__ import annotations

import logging

from lamina._core.tensor import Tensor

logger = logging.getLogger("lamina.keras.callbacks")

_MODES = ("train", "test", "predict")


def to_python(value):
    """`value` with each Tensor (or NumPy value) in it turned into a Python number, or a NumPy array
    when it is not a scalar; lists, tuples and dicts are converted element-wise, other values are kept.
    Reading a device tensor is a host synchronisation."""
    if isinstance(value, (list, tuple)):
        items = [to_python(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        return {key: to_python(item) for key, item in value.items()}
    if isinstance(value, Tensor):
        value = value.numpy()
    if hasattr(value, "ndim") and hasattr(value, "item"):
        return value.item() if value.ndim == 0 else value
    return value


def python_logs(logs: dict | None) -> dict:
    """A new dict of `logs` with each tensor value read to a Python number."""
    return {key: to_python(value) for key, value in (logs or {}).items()}


class Callback:
    """Base class of callbacks: objects whose hooks the trainer calls during fit, evaluate and predict.

    Override the hooks you need; each receives a `logs` dict (never None). Epoch-level logs hold
    Python floats (`loss`, metric names, `val_*`); batch-level logs hold the running values of the
    same names.

    Attributes:
      model: the model being trained (set by `set_model` before training starts).
      params: a dict with `verbose`, `epochs` and `steps` (the steps per epoch, None when unknown).
      validation_data: kept for compatibility; always None.

    Set the class attribute `_supports_tf_logs = True` in a callback whose batch hooks accept logs
    whose values are scalar tensors (read with `float(value)` only when needed): the trainer then
    need not read every batch's metrics back from the device for it.

    Example:

    >>> class CountEpochs(tf.keras.callbacks.Callback):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.count = 0
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         self.count += 1
    """

    model = None
    validation_data = None
    _supports_tf_logs = False

    def __init__(self):
        self.model = None
        self.validation_data = None
        self.params = {}

    def set_params(self, params: dict):
        """Stores the training parameters (`verbose`, `epochs`, `steps`)."""
        self.params = params

    def set_model(self, model):
        """Stores the model the callback acts on."""
        self.model = model

    # ---- batch hooks ------------------------------------------------------------------------------
    def on_batch_begin(self, batch, logs=None):
        """Deprecated spelling of `on_train_batch_begin` (which calls it)."""

    def on_batch_end(self, batch, logs=None):
        """Deprecated spelling of `on_train_batch_end` (which calls it)."""

    def on_train_batch_begin(self, batch, logs=None):
        """Called before training on batch `batch` (counted from 0 in each epoch)."""
        # Positional `logs`: a LambdaCallback's function may name its parameter anything.
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        """Called after training on batch `batch`; `logs` holds the running loss and metrics."""
        self.on_batch_end(batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        """Called before evaluating batch `batch` (in evaluate, and in fit's validation)."""

    def on_test_batch_end(self, batch, logs=None):
        """Called after evaluating batch `batch`; `logs` holds the running loss and metrics."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before predicting batch `batch`."""

    def on_predict_batch_end(self, batch, logs=None):
        """Called after predicting batch `batch`; `logs` holds the batch's `outputs`."""

    # ---- epoch and run hooks ----------------------------------------------------------------------
    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of epoch `epoch` (counted from 0) in fit."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of epoch `epoch` with the epoch's results (and `val_*` ones)."""

    def on_train_begin(self, logs=None):
        """Called when fit starts."""

    def on_train_end(self, logs=None):
        """Called when fit ends (after the last epoch, or after `model.stop_training` was set)."""

    def on_test_begin(self, logs=None):
        """Called when evaluate (or fit's validation) starts."""

    def on_test_end(self, logs=None):
        """Called when evaluate (or fit's validation) ends."""

    def on_predict_begin(self, logs=None):
        """Called when predict starts."""

    def on_predict_end(self, logs=None):
        """Called when predict ends."""

    # ---- which batch hooks does this callback have? -----------------------------------------------
    def _overrides(self, *hooks: str) -> bool:
        """True if any of `hooks` is defined by a subclass or set on the instance."""
        own = vars(self)
        return any(hook in own or getattr(type(self), hook) is not getattr(Callback, hook) for hook in hooks)

    def _implements_train_batch_hooks(self) -> bool:
        """True if the trainer must call this callback's train batch hooks."""
        return self._overrides("on_batch_begin", "on_batch_end", "on_train_batch_begin", "on_train_batch_end")

    def _implements_test_batch_hooks(self) -> bool:
        """True if the trainer must call this callback's test batch hooks."""
        return self._overrides("on_test_batch_begin", "on_test_batch_end")

    def _implements_predict_batch_hooks(self) -> bool:
        """True if the trainer must call this callback's predict batch hooks."""
        return self._overrides("on_predict_batch_begin", "on_predict_batch_end")


def _as_callback_list(callbacks) -> list:
    if callbacks is None:
        return []
    if isinstance(callbacks, Callback):
        return [callbacks]
    callbacks = list(callbacks)
    for callback in callbacks:
        if not isinstance(callback, Callback):
            raise TypeError(
                "Expected every callback to be a `tf.keras.callbacks.Callback` instance, received: "
                f"{callback!r} of type {type(callback).__name__}"
            )
    return callbacks


class CallbackList:
    """The container through which the trainer calls its callbacks.

    Args:
      callbacks: a Callback or a list of them (None for none).
      add_history: if True and no `History` is among `callbacks`, one is appended.
      add_progbar: if True and no `ProgbarLogger` is among `callbacks`, one (counting steps) is
        appended after the History.
      model: the model passed to every callback's `set_model`.
      **params: the training parameters passed to every callback's `set_params` (`verbose`,
        `epochs`, `steps`).

    Raises:
      TypeError: an element of `callbacks` is not a Callback.
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        self.callbacks = _as_callback_list(callbacks)
        self.model = None
        self.params = {}
        self._add_default_callbacks(add_history, add_progbar)
        if model is not None:
            self.set_model(model)
        if params:
            self.set_params(params)

    def _add_default_callbacks(self, add_history: bool, add_progbar: bool):
        from lamina.keras.callback.history import History
        from lamina.keras.callback.progbar import ProgbarLogger

        self._history = next((cb for cb in self.callbacks if isinstance(cb, History)), None)
        self._progbar = next((cb for cb in self.callbacks if isinstance(cb, ProgbarLogger)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger(count_mode="steps")
            self.callbacks.append(self._progbar)

    def append(self, callback):
        """Adds `callback` at the end, giving it the list's model and params when they are set."""
        (callback,) = _as_callback_list([callback])
        self.callbacks.append(callback)
        if self.model is not None:
            callback.set_model(self.model)
        if self.params:
            callback.set_params(self.params)

    def set_model(self, model):
        """Calls `set_model(model)` on every callback (and on the History the model will hold)."""
        self.model = model
        for callback in self.callbacks:
            callback.set_model(model)

    def set_params(self, params: dict):
        """Calls `set_params(params)` on every callback."""
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)

    def __iter__(self):
        return iter(self.callbacks)

    # ---- what the trainer asks before its loops ---------------------------------------------------
    def _batch_callbacks(self, mode: str) -> list:
        return [cb for cb in self.callbacks if getattr(cb, f"_implements_{mode}_batch_hooks")()]

    @property
    def needs_train_batch_hooks(self) -> bool:
        """True if some callback has a train batch hook (fit must call `on_train_batch_*`)."""
        return bool(self._batch_callbacks("train"))

    @property
    def needs_test_batch_hooks(self) -> bool:
        """True if some callback has a test batch hook (evaluate must call `on_test_batch_*`)."""
        return bool(self._batch_callbacks("test"))

    @property
    def needs_predict_batch_hooks(self) -> bool:
        """True if some callback has a predict batch hook (predict must call `on_predict_batch_*`)."""
        return bool(self._batch_callbacks("predict"))

    @property
    def needs_batch_hooks(self) -> bool:
        """True if some callback has a batch hook of any mode. When False the trainer may skip every
        `on_*_batch_*` call (and never read a batch's metrics from the device). Read it after
        `set_params`: whether ProgbarLogger needs batches depends on `verbose`."""
        return any(self._batch_callbacks(mode) for mode in _MODES)

    # ---- batch hooks ------------------------------------------------------------------------------
    def _call_batch_hook(self, mode: str, hook: str, batch, logs):
        callbacks = self._batch_callbacks(mode)
        if not callbacks:
            return
        logs = {} if logs is None else logs
        converted = None
        for callback in callbacks:
            if callback._supports_tf_logs:
                getattr(callback, hook)(batch, dict(logs))
                continue
            if converted is None:  # one host read per batch, shared by every callback that needs it
                converted = python_logs(logs)
            getattr(callback, hook)(batch, converted)

    def on_batch_begin(self, batch, logs=None):
        """Same as `on_train_batch_begin`."""
        self._call_batch_hook("train", "on_train_batch_begin", batch, logs)

    def on_batch_end(self, batch, logs=None):
        """Same as `on_train_batch_end`."""
        self._call_batch_hook("train", "on_train_batch_end", batch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        """Calls `on_train_batch_begin` of each callback that has a train batch hook."""
        self._call_batch_hook("train", "on_train_batch_begin", batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        """Calls `on_train_batch_end` of each callback that has a train batch hook."""
        self._call_batch_hook("train", "on_train_batch_end", batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        """Calls `on_test_batch_begin` of each callback that has a test batch hook."""
        self._call_batch_hook("test", "on_test_batch_begin", batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        """Calls `on_test_batch_end` of each callback that has a test batch hook."""
        self._call_batch_hook("test", "on_test_batch_end", batch, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        """Calls `on_predict_batch_begin` of each callback that has a predict batch hook."""
        self._call_batch_hook("predict", "on_predict_batch_begin", batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        """Calls `on_predict_batch_end` of each callback that has a predict batch hook."""
        self._call_batch_hook("predict", "on_predict_batch_end", batch, logs)

    # ---- epoch and run hooks ----------------------------------------------------------------------
    def _call_hook(self, hook: str, *args, logs=None):
        logs = python_logs(logs)  # one dict shared by all callbacks; the caller's is not changed
        for callback in self.callbacks:
            getattr(callback, hook)(*args, logs)

    def on_epoch_begin(self, epoch, logs=None):
        """Calls every callback's `on_epoch_begin(epoch, logs)`."""
        self._call_hook("on_epoch_begin", epoch, logs=logs)

    def on_epoch_end(self, epoch, logs=None):
        """Calls every callback's `on_epoch_end(epoch, logs)`."""
        self._call_hook("on_epoch_end", epoch, logs=logs)

    def on_train_begin(self, logs=None):
        """Calls every callback's `on_train_begin`."""
        self._call_hook("on_train_begin", logs=logs)

    def on_train_end(self, logs=None):
        """Calls every callback's `on_train_end`."""
        self._call_hook("on_train_end", logs=logs)

    def on_test_begin(self, logs=None):
        """Calls every callback's `on_test_begin`."""
        self._call_hook("on_test_begin", logs=logs)

    def on_test_end(self, logs=None):
        """Calls every callback's `on_test_end`."""
        self._call_hook("on_test_end", logs=logs)

    def on_predict_begin(self, logs=None):
        """Calls every callback's `on_predict_begin`."""
        self._call_hook("on_predict_begin", logs=logs)

    def on_predict_end(self, logs=None):
        """Calls every callback's `on_predict_end`."""
        self._call_hook("on_predict_end", logs=logs)
