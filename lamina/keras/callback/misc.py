"""`TerminateOnNaN` and `LambdaCallback`."""

from __future__ import annotations

import numpy as np

from lamina.keras.callback.base import Callback, to_python
from lamina.keras.util.progbar import print_msg

_HOOKS = (
    "on_epoch_begin",
    "on_epoch_end",
    "on_batch_begin",
    "on_batch_end",
    "on_train_begin",
    "on_train_end",
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_begin",
    "on_test_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_begin",
    "on_predict_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
)


class TerminateOnNaN(Callback):
    """Stops training (`model.stop_training = True`) after a training batch whose loss is NaN or
    infinite. Reading the loss is a host synchronisation per batch."""

    _supports_tf_logs = True

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = np.asarray(to_python(loss))
        if np.isnan(loss).any() or np.isinf(loss).any():
            print_msg(f"Batch {batch}: Invalid loss, terminating training")
            self.model.stop_training = True


class LambdaCallback(Callback):
    """A callback made of functions given as keyword arguments, one per hook.

    `on_epoch_begin` / `on_epoch_end` and the batch hooks receive `(index, logs)`, the begin/end
    hooks receive `(logs)`. Any hook name of `Callback` is accepted (`on_train_batch_end`,
    `on_test_begin`, ...); `on_batch_begin` / `on_batch_end` run for training batches.

    Raises:
      TypeError: a keyword argument that is not a hook name, or a hook that is not callable.

    Example:

    >>> losses = []
    >>> callback = tf.keras.callbacks.LambdaCallback(
    ...     on_epoch_end=lambda epoch, logs: losses.append(logs["loss"]))
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_batch_begin=None,
        on_batch_end=None,
        on_train_begin=None,
        on_train_end=None,
        **kwargs,
    ):
        super().__init__()
        functions = dict(
            on_epoch_begin=on_epoch_begin,
            on_epoch_end=on_epoch_end,
            on_batch_begin=on_batch_begin,
            on_batch_end=on_batch_end,
            on_train_begin=on_train_begin,
            on_train_end=on_train_end,
            **kwargs,
        )
        for name, function in functions.items():
            if name not in _HOOKS:
                raise TypeError(
                    f"LambdaCallback got an unexpected keyword argument '{name}'; expected one of "
                    f"{', '.join(_HOOKS)}"
                )
            if function is None:
                continue
            if not callable(function):
                raise TypeError(f"LambdaCallback argument `{name}` must be callable. Received: {function!r}")
            # An instance attribute overrides the no-op method and marks the hook as implemented.
            setattr(self, name, function)
