"""`tf.keras.callbacks.BackupAndRestore`: resume an interrupted fit where it stopped.

The backup folder holds the model's weights, saved with `model.save_weights` under a new name at
each backup (`ckpt-1`, `ckpt-2`, ...), and `training_state.json`, which names the latest weights and
the epoch (and batch) they belong to. The JSON file is replaced atomically after the weights are
written and the previous weights are deleted only then, so a crash at any moment leaves a complete
backup behind.

The trainer's part: after `on_train_begin`, start at epoch `initial_epoch` of this callback (instead
of fit's own `initial_epoch` when the callback's is larger), and skip the first `initial_step`
batches of that epoch.
"""

from __future__ import annotations

import json
import os
import shutil

from lamina._core.errors import UnimplementedError
from lamina.keras.callback.base import Callback

_STATE_FILE = "training_state.json"

# Backups are Keras weights files (the TensorFlow checkpoint format comes with tf.train).
_SUFFIX = ".weights.h5"


class BackupAndRestore(Callback):
    """Backs up the weights and the training position during fit and restores them when fit starts
    again with the same `backup_dir`; the backup is deleted when fit finishes.

    Args:
      backup_dir: the folder of the backup (one per training job; do not share it between runs that
        train at the same time).
      save_freq: "epoch" to back up at the end of each epoch, or an int N to back up after every N
        training batches.
      delete_checkpoint: delete the backup when training ends (after the last epoch or an early stop).
      save_before_preemption: backing up when a cluster preempts the job (needs tf.distribute's
        preemption handling, which lamina does not have yet): must be False.

    Attributes:
      initial_epoch: the epoch (counted from 0) from which the restored run continues: 0 without a
        backup, `e + 1` after a backup at the end of epoch `e`.
      initial_step: the number of batches of `initial_epoch` already trained (non-zero only for
        backups taken every N batches).

    Raises:
      ValueError: an empty `backup_dir`; `save_freq` neither "epoch" nor a positive int.
      UnimplementedError: `save_before_preemption=True`.

    Example:

    >>> callback = tf.keras.callbacks.BackupAndRestore(backup_dir="/tmp/backup")
    """

    _supports_tf_logs = True

    def __init__(self, backup_dir, save_freq="epoch", delete_checkpoint=True, save_before_preemption=False):
        super().__init__()
        if backup_dir is None or not os.fspath(backup_dir):
            raise ValueError(f"Empty `backup_dir` argument passed. Received: backup_dir={backup_dir!r}")
        if save_before_preemption:
            raise UnimplementedError(
                None,
                None,
                "BackupAndRestore(save_before_preemption=True) is not implemented in lamina yet (it needs "
                "tf.distribute's preemption handling); use save_freq instead.",
            )
        if save_freq is False or save_freq is None or save_freq == 0:
            raise ValueError("Either `save_freq` or `save_before_preemption` must be set.")
        if save_freq != "epoch" and (
            not isinstance(save_freq, int) or isinstance(save_freq, bool) or save_freq < 0
        ):
            raise ValueError(
                f'Invalid value for argument `save_freq`. Expected "epoch" or a positive integer. '
                f"Received: save_freq={save_freq!r}"
            )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.delete_checkpoint = delete_checkpoint
        self.save_before_preemption = save_before_preemption
        self.initial_epoch = 0
        self.initial_step = 0
        self._current_epoch = 0
        self._batches_since_backup = 0

    # ---- hooks ------------------------------------------------------------------------------------
    def _implements_train_batch_hooks(self) -> bool:
        return self.save_freq != "epoch"

    def on_train_begin(self, logs=None):
        self.initial_epoch, self.initial_step = 0, 0
        self._batches_since_backup = 0
        state = self._read_state()
        if state is None:
            return
        self.model.load_weights(os.path.join(self.backup_dir, state["weights"] + _SUFFIX))
        epoch, batch = state["epoch"], state["batch"]
        steps = self.params.get("steps")
        if batch is None or (steps is not None and batch + 1 >= steps):
            self.initial_epoch, self.initial_step = epoch + 1, 0
        else:
            self.initial_epoch, self.initial_step = epoch, batch + 1

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_since_backup += 1
        if self._batches_since_backup >= self.save_freq:
            self._batches_since_backup = 0
            self._back_up(self._current_epoch, batch)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._back_up(epoch, None)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint:
            self._delete_backup()

    # ---- the backup folder ------------------------------------------------------------------------
    def _state_path(self) -> str:
        return os.path.join(self.backup_dir, _STATE_FILE)

    def _read_state(self):
        if not os.path.exists(self._state_path()):
            return None
        with open(self._state_path()) as file:
            return json.load(file)

    def _back_up(self, epoch: int, batch):
        os.makedirs(self.backup_dir, exist_ok=True)
        previous = self._read_state()
        number = 1 if previous is None else int(previous["weights"].split("-")[-1]) + 1
        weights = f"ckpt-{number}"
        self.model.save_weights(os.path.join(self.backup_dir, weights + _SUFFIX))
        temporary = self._state_path() + ".tmp"
        with open(temporary, "w") as file:
            json.dump({"epoch": epoch, "batch": batch, "weights": weights}, file)
        os.replace(temporary, self._state_path())
        if previous is not None:
            self._delete_weights(previous["weights"])

    def _delete_weights(self, name: str):
        """Deletes the files (or folder) `save_weights` wrote for the weights named `name`."""
        for entry in os.listdir(self.backup_dir):
            if entry == name or entry.startswith(name + "."):
                path = os.path.join(self.backup_dir, entry)
                if os.path.isdir(path):
                    shutil.rmtree(path)
                else:
                    os.remove(path)

    def _delete_backup(self):
        state = self._read_state()
        if state is None:
            return
        os.remove(self._state_path())
        self._delete_weights(state["weights"])
        if not os.listdir(self.backup_dir):
            os.rmdir(self.backup_dir)
