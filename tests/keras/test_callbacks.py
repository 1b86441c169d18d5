"""tf.keras.callbacks driven through CallbackList the way the trainer drives them, with a stand-in
model: the trainer contract (which callbacks get device tensors, which get Python numbers, when batch
hooks are needed), warnings, errors, BackupAndRestore and ProgbarLogger.

Behaviour compared with TensorFlow 2.15 (stopping epochs, learning-rate traces, file names, CSV text,
printed messages) is in tools/golden/cases/keras_callbacks.py, checked by tests/golden.
"""

import json
import logging
import os
import re

import numpy as np
import pytest

import lamina as tf
from lamina._core.tensor import EagerTensor
from lamina.keras.util import progbar as progbar_util

callbacks_module = tf.keras.callbacks
CallbackList = callbacks_module.CallbackList


class FakeModel:
    """What callbacks use of a model; weights are one NumPy vector, saves are recorded (and
    `save_weights` writes a checkpoint-like pair of files that `load_weights` reads back)."""

    def __init__(self, learning_rate=0.1):
        self.optimizer = tf.keras.optimizers.SGD(learning_rate)
        self.stop_training = False
        self.weights = [np.zeros((2,), np.float32)]
        self.calls = []

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [np.array(w) for w in weights]

    def save(self, filepath, **kwargs):
        self.calls.append(("save", filepath, kwargs))

    def save_weights(self, filepath, **kwargs):
        self.calls.append(("save_weights", filepath, kwargs))
        with open(filepath + ".index", "w") as f:
            json.dump([w.tolist() for w in self.weights], f)
        with open(filepath + ".data-00000-of-00001", "w") as f:
            f.write("data")

    def load_weights(self, filepath):
        self.calls.append(("load_weights", filepath, {}))
        with open(filepath + ".index") as f:
            self.weights = [np.array(w, np.float32) for w in json.load(f)]


def run_fit(model, callbacks, epochs, steps=2, epoch_logs=None, verbose=0, crash_at=None):
    """Drives `callbacks` like Model.fit: device-tensor batch logs, Python-float epoch logs, batch
    hooks only when needed, resuming from a BackupAndRestore. Returns the CallbackList."""
    callback_list = CallbackList(
        callbacks,
        add_history=True,
        add_progbar=verbose != 0,
        model=model,
        verbose=verbose,
        epochs=epochs,
        steps=steps,
    )
    callback_list.on_train_begin()
    initial_epoch, initial_step = 0, 0
    for callback in callback_list:
        if isinstance(callback, callbacks_module.BackupAndRestore):
            initial_epoch, initial_step = callback.initial_epoch, callback.initial_step
    for epoch in range(initial_epoch, epochs):
        callback_list.on_epoch_begin(epoch)
        first = initial_step if epoch == initial_epoch else 0
        for batch in range(first, steps):
            if crash_at == (epoch, batch):
                raise RuntimeError("interrupted")
            model.weights = [model.weights[0] + 1]
            if callback_list.needs_train_batch_hooks:
                callback_list.on_train_batch_begin(batch)
                callback_list.on_train_batch_end(batch, {"loss": tf.constant(float(epoch + batch))})
        logs = epoch_logs[epoch] if epoch_logs else {"loss": float(epoch)}
        callback_list.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    callback_list.on_train_end()
    return callback_list


class Recorder(callbacks_module.Callback):
    """Records the logs its batch hooks receive."""

    def __init__(self, tf_logs=False):
        super().__init__()
        self._supports_tf_logs = tf_logs
        self.logs = []

    def on_train_batch_end(self, batch, logs=None):
        self.logs.append(logs)


# ---- Callback and CallbackList ------------------------------------------------------------------
def test_callback_defaults_and_setters():
    callback = callbacks_module.Callback()
    assert callback.model is None and callback.validation_data is None and callback.params == {}
    model = FakeModel()
    callback.set_model(model)
    callback.set_params({"epochs": 3})
    assert callback.model is model and callback.params == {"epochs": 3}
    assert callbacks_module.Callback._supports_tf_logs is False


def test_callback_list_forwards_model_params_and_default_callbacks():
    model = FakeModel()
    terminate = callbacks_module.TerminateOnNaN()
    callback_list = CallbackList(
        [terminate], add_history=True, add_progbar=True, model=model, verbose=1, epochs=2, steps=3
    )
    names = [type(cb).__name__ for cb in callback_list.callbacks]
    assert names == ["TerminateOnNaN", "History", "ProgbarLogger"]
    assert all(cb.model is model for cb in callback_list.callbacks)
    assert all(cb.params == {"verbose": 1, "epochs": 2, "steps": 3} for cb in callback_list.callbacks)
    late = callbacks_module.Callback()
    callback_list.append(late)
    assert late.model is model and late.params["epochs"] == 2
    assert list(callback_list) == callback_list.callbacks


def test_callback_list_rejects_non_callbacks():
    with pytest.raises(TypeError, match="received: 3 of type int"):
        CallbackList([callbacks_module.History(), 3])


def test_epoch_logs_are_shared_between_callbacks_and_copied_from_the_caller():
    model = FakeModel()
    history = callbacks_module.History()
    scheduler = callbacks_module.LearningRateScheduler(lambda epoch, lr: 0.25)
    callback_list = CallbackList([scheduler, history], model=model)
    logs = {"loss": 1.0}
    callback_list.on_train_begin()
    callback_list.on_epoch_begin(0)
    callback_list.on_epoch_end(0, logs)
    assert logs == {"loss": 1.0}
    assert history.history == {"loss": [1.0], "lr": [np.float32(0.25)]}


def test_batch_logs_stay_tensors_for_tf_logs_callbacks_and_become_floats_once_for_others():
    tensor_user, float_user, float_user_2 = Recorder(tf_logs=True), Recorder(), Recorder()
    callback_list = CallbackList([tensor_user, float_user, float_user_2])
    logs = {"loss": tf.constant(0.5), "accuracy": tf.constant(0.25)}
    callback_list.on_train_batch_end(0, logs)
    (seen_tensor,), (seen_float,), (seen_float_2,) = tensor_user.logs, float_user.logs, float_user_2.logs
    assert all(isinstance(v, EagerTensor) for v in seen_tensor.values())
    assert seen_float == {"loss": 0.5, "accuracy": 0.25} and all(
        type(v) is float for v in seen_float.values()
    )
    assert seen_float_2 is seen_float  # converted once per batch, shared


def test_batch_logs_are_not_read_when_every_batch_callback_takes_tensors(monkeypatch):
    from lamina.keras.callback import base

    def fail(logs):
        raise AssertionError("batch logs were read from the device")

    monkeypatch.setattr(base, "python_logs", fail)
    recorder = Recorder(tf_logs=True)
    callback_list = CallbackList([recorder, callbacks_module.History(), callbacks_module.EarlyStopping()])
    callback_list.on_train_batch_end(0, {"loss": tf.constant(1.0)})
    assert isinstance(recorder.logs[0]["loss"], EagerTensor)


def test_hooks_receive_an_empty_dict_for_none_logs():
    received = []
    lam = callbacks_module.LambdaCallback(
        on_train_begin=lambda logs: received.append(logs),
        on_epoch_end=lambda epoch, logs: received.append(logs),
        on_batch_end=lambda batch, logs: received.append(logs),
    )
    callback_list = CallbackList([lam])
    callback_list.on_train_begin()
    callback_list.on_epoch_end(0)
    callback_list.on_train_batch_end(0)
    assert received == [{}, {}, {}]


def test_train_batch_hooks_call_the_deprecated_aliases():
    calls = []

    class Aliases(callbacks_module.Callback):
        def on_batch_begin(self, batch, logs=None):
            calls.append(("begin", batch, logs))

        def on_batch_end(self, batch, logs=None):
            calls.append(("end", batch, logs))

    callback_list = CallbackList([Aliases()])
    callback_list.on_train_batch_begin(4, {"a": 1.0})
    callback_list.on_train_batch_end(4, {"a": tf.constant(2.0)})
    callback_list.on_batch_end(5)
    callback_list.on_test_batch_end(6)
    assert calls == [("begin", 4, {"a": 1.0}), ("end", 4, {"a": 2.0}), ("end", 5, {})]


class EvaluateHooks(callbacks_module.Callback):
    def on_test_batch_end(self, batch, logs=None):
        pass


@pytest.mark.parametrize(
    "make_callbacks, params, train, test, predict",
    [
        (lambda: [], {}, False, False, False),
        (
            lambda: [
                callbacks_module.History(),
                callbacks_module.EarlyStopping(),
                callbacks_module.CSVLogger("x"),
            ],
            {},
            False,
            False,
            False,
        ),
        (lambda: [callbacks_module.TerminateOnNaN()], {}, True, False, False),
        (lambda: [callbacks_module.LambdaCallback(on_epoch_end=print)], {}, False, False, False),
        (lambda: [callbacks_module.LambdaCallback(on_batch_end=print)], {}, True, False, False),
        (lambda: [callbacks_module.LambdaCallback(on_predict_batch_end=print)], {}, False, False, True),
        (lambda: [EvaluateHooks()], {}, False, True, False),
        (lambda: [callbacks_module.ModelCheckpoint("x")], {}, False, False, False),
        (lambda: [callbacks_module.ModelCheckpoint("x", save_freq=5)], {}, True, False, False),
        (lambda: [callbacks_module.ProgbarLogger("steps")], {"verbose": 1, "steps": 4}, True, True, True),
        (lambda: [callbacks_module.ProgbarLogger("steps")], {"verbose": 2, "steps": 4}, False, False, False),
        (lambda: [callbacks_module.ProgbarLogger("steps")], {"verbose": 0, "steps": 4}, False, False, False),
        (lambda: [callbacks_module.ProgbarLogger("steps")], {"verbose": 2, "steps": None}, True, True, True),
        (lambda: [callbacks_module.BackupAndRestore("x")], {}, False, False, False),
        (lambda: [callbacks_module.BackupAndRestore("x", save_freq=2)], {}, True, False, False),
    ],
)
def test_needs_batch_hooks(make_callbacks, params, train, test, predict):
    callback_list = CallbackList(make_callbacks(), **params)
    assert callback_list.needs_train_batch_hooks is train
    assert callback_list.needs_test_batch_hooks is test
    assert callback_list.needs_predict_batch_hooks is predict
    assert callback_list.needs_batch_hooks is (train or test or predict)


def test_to_python_converts_nested_tensors():
    from lamina.keras.callback.base import to_python

    value = to_python({"a": [tf.constant(1.5), (tf.constant(2), "s")], "b": tf.constant([1.0, 2.0])})
    assert value["a"] == [1.5, (2, "s")] and type(value["a"][1][0]) is int
    np.testing.assert_array_equal(value["b"], [1.0, 2.0])


# ---- History ------------------------------------------------------------------------------------
def test_history_records_epochs_and_sets_model_history():
    model = FakeModel()
    logs = [{"loss": 0.5, "val_loss": 0.75}, {"loss": 0.25, "val_loss": 0.5}]
    callback_list = run_fit(model, [], epochs=2, epoch_logs=logs)
    history = callback_list._history
    assert model.history is history
    assert history.epoch == [0, 1]
    assert history.history == {"loss": [0.5, 0.25], "val_loss": [0.75, 0.5]}
    assert history.params == {"verbose": 0, "epochs": 2, "steps": 2}


# ---- EarlyStopping ------------------------------------------------------------------------------
def test_early_stopping_stops_the_fit_and_restores_the_best_weights():
    model = FakeModel()
    stopper = callbacks_module.EarlyStopping(monitor="val_loss", patience=1, restore_best_weights=True)
    logs = [{"val_loss": v} for v in (1.0, 0.5, 0.7, 0.6, 0.1)]
    callback_list = run_fit(model, [stopper], epochs=5, steps=2, epoch_logs=logs)
    assert callback_list._history.epoch == [0, 1, 2]
    assert stopper.stopped_epoch == 2 and stopper.best == 0.5 and stopper.best_epoch == 1
    np.testing.assert_array_equal(model.weights[0], [4.0, 4.0])  # two batches per epoch, best after epoch 1


def test_early_stopping_warns_about_a_missing_monitor_and_unknown_mode(caplog):
    with caplog.at_level(logging.WARNING, logger="lamina.keras"):
        stopper = callbacks_module.EarlyStopping(monitor="val_loss", mode="bogus", patience=0)
        run_fit(FakeModel(), [stopper], epochs=2, epoch_logs=[{"loss": 1.0}, {"loss": 2.0}])
    messages = [r.getMessage() for r in caplog.records]
    assert messages[0] == "EarlyStopping mode bogus is unknown, fallback to auto mode."
    missing = (
        "Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss"
    )
    assert messages[1:] == [missing, missing]
    assert stopper.stopped_epoch == 0 and stopper.mode == "min"


# ---- ReduceLROnPlateau / LearningRateScheduler --------------------------------------------------
def test_reduce_lr_on_plateau_changes_the_optimizer_and_logs_lr(caplog):
    model = FakeModel(learning_rate=0.1)
    reducer = callbacks_module.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0, min_delta=0)
    logs = [{"loss": 1.0}, {"loss": 1.0}, {"loss": 1.0}]
    history = run_fit(model, [reducer], epochs=3, epoch_logs=logs)._history
    # "lr" is the rate the epoch ran with; the reduction after epochs 1 and 2 applies from the next.
    np.testing.assert_allclose(history.history["lr"], [0.1, 0.1, 0.05], rtol=1e-6)
    np.testing.assert_allclose(model.optimizer.learning_rate.numpy(), 0.025, rtol=1e-6)
    with caplog.at_level(logging.WARNING, logger="lamina.keras"):
        run_fit(FakeModel(), [callbacks_module.ReduceLROnPlateau(monitor="nope", unknown=1)], epochs=1)
    assert [r.getMessage() for r in caplog.records] == [
        "ReduceLROnPlateau ignores the unknown argument `unknown`.",
        "Learning rate reduction is conditioned on metric `nope` which is not available. Available metrics "
        "are: loss,lr",
    ]


def test_learning_rate_scheduler_sets_the_rate_before_each_epoch():
    model = FakeModel(learning_rate=0.1)
    seen = []

    class Peek(callbacks_module.Callback):
        def on_train_batch_end(self, batch, logs=None):
            seen.append(float(self.model.optimizer.learning_rate.numpy()))

    scheduler = callbacks_module.LearningRateScheduler(lambda epoch: [0.5, 0.25, 0.125][epoch])
    history = run_fit(model, [scheduler, Peek()], epochs=3, steps=1)._history
    assert seen == [0.5, 0.25, 0.125]
    assert history.history["lr"] == [0.5, 0.25, 0.125]


def test_learning_rate_scheduler_does_not_hide_type_errors_in_the_schedule():
    def schedule(epoch, lr):
        return "a" + 1

    model = FakeModel()
    with pytest.raises(TypeError, match="can only concatenate"):
        run_fit(model, [callbacks_module.LearningRateScheduler(schedule)], epochs=1)


@pytest.mark.parametrize(
    "result, match",
    [
        (
            lambda: tf.constant([0.1, 0.2]),
            "scalar float tensor. Got: a tensor of shape \\(2,\\) and dtype float32",
        ),
        (lambda: tf.constant(1), "dtype int32"),
        (lambda: "0.1", "should be float. Got: '0.1'"),
    ],
)
def test_learning_rate_scheduler_rejects_non_float_results(result, match):
    scheduler = callbacks_module.LearningRateScheduler(lambda epoch, lr: result())
    with pytest.raises(ValueError, match=match):
        run_fit(FakeModel(), [scheduler], epochs=1)


def test_learning_rate_callbacks_need_a_settable_learning_rate():
    schedule = tf.keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5)
    model = FakeModel()
    model.optimizer = tf.keras.optimizers.SGD(schedule)
    with pytest.raises(TypeError, match="not settable"):
        run_fit(model, [callbacks_module.LearningRateScheduler(lambda epoch, lr: 0.5)], epochs=1)
    reducer = callbacks_module.ReduceLROnPlateau(monitor="loss", patience=0)
    with pytest.raises(TypeError, match="not settable"):
        run_fit(model, [reducer], epochs=2, epoch_logs=[{"loss": 1.0}, {"loss": 1.0}])
    model.optimizer = object()
    with pytest.raises(ValueError, match='Optimizer must have a "lr" attribute.'):
        run_fit(model, [callbacks_module.LearningRateScheduler(lambda epoch: 0.5)], epochs=1)


# ---- ModelCheckpoint ----------------------------------------------------------------------------
def test_model_checkpoint_formats_batch_logs_and_creates_the_folder(tmp_path):
    model = FakeModel()
    path = tmp_path / "sub" / "w{epoch}-{batch}-{loss:.1f}.weights"
    checkpoint = callbacks_module.ModelCheckpoint(path, save_weights_only=True, save_freq=3, options="opts")
    run_fit(model, [checkpoint], epochs=2, steps=2)
    saves = [(kind, os.path.basename(p), kwargs) for kind, p, kwargs in model.calls]
    assert saves == [("save_weights", "w2-1-1.0.weights", {"options": "opts"})]
    assert (tmp_path / "sub").is_dir()


def test_model_checkpoint_warnings_and_errors(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="lamina.keras"):
        checkpoint = callbacks_module.ModelCheckpoint(
            tmp_path / "m", monitor="nope", save_best_only=True, mode="x"
        )
        run_fit(FakeModel(), [checkpoint], epochs=1)
    assert [r.getMessage() for r in caplog.records] == [
        "ModelCheckpoint mode x is unknown, fallback to auto mode.",
        "Can save best model only with nope available, skipping.",
    ]
    with pytest.raises(ValueError, match="Unrecognized save_freq: True"):
        callbacks_module.ModelCheckpoint("m", save_freq=True)
    with pytest.raises(tf.errors.UnimplementedError, match="load_weights_on_restart"):
        callbacks_module.ModelCheckpoint("m", load_weights_on_restart=True)
    with pytest.raises(KeyError, match="Failed to format this callback filepath"):
        run_fit(FakeModel(), [callbacks_module.ModelCheckpoint(str(tmp_path / "{val_loss}"))], epochs=1)


# ---- CSVLogger ----------------------------------------------------------------------------------
def test_csv_logger_writes_floats_and_lr_like_keras(tmp_path):
    path = tmp_path / "log.csv"
    model = FakeModel(learning_rate=0.1)
    logs = [{"loss": 0.5, "val_loss": 0.75}, {"loss": 0.25, "val_loss": 0.5}]
    scheduler = callbacks_module.LearningRateScheduler(lambda epoch, lr: lr)
    run_fit(model, [scheduler, callbacks_module.CSVLogger(path)], epochs=2, epoch_logs=logs)
    assert path.read_text() == "epoch,loss,lr,val_loss\n0,0.5,0.1,0.75\n1,0.25,0.1,0.5\n"


# ---- TerminateOnNaN, LambdaCallback, BaseLogger -------------------------------------------------
def test_terminate_on_nan_stops_fit_after_the_bad_batch(capsys):
    model = FakeModel()
    callback_list = CallbackList([callbacks_module.TerminateOnNaN()], model=model, epochs=3, steps=2)
    callback_list.on_train_batch_end(1, {"loss": tf.constant(float("nan"))})
    assert model.stop_training
    assert capsys.readouterr().out == "Batch 1: Invalid loss, terminating training\n"


def test_lambda_callback_calls_the_given_functions():
    calls = []
    lam = callbacks_module.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: calls.append(("epoch_begin", epoch)),
        on_train_end=lambda logs: calls.append(("train_end",)),
        on_batch_end=lambda b, batch_logs: calls.append(("batch_end", b, batch_logs["loss"])),
        on_test_begin=lambda logs: calls.append(("test_begin",)),
    )
    run_fit(FakeModel(), [lam], epochs=1, steps=2)
    CallbackList([lam]).on_test_begin()
    assert calls == [
        ("epoch_begin", 0),
        ("batch_end", 0, 0.0),
        ("batch_end", 1, 1.0),
        ("train_end",),
        ("test_begin",),
    ]


def test_lambda_callback_rejects_unknown_hooks_and_non_callables():
    with pytest.raises(TypeError, match="unexpected keyword argument 'on_epoch_finish'"):
        callbacks_module.LambdaCallback(on_epoch_finish=print)
    with pytest.raises(TypeError, match="`on_epoch_end` must be callable. Received: 3"):
        callbacks_module.LambdaCallback(on_epoch_end=3)


def test_base_logger_without_metrics_param_averages_every_key():
    seen = {}
    peek = callbacks_module.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.update(logs))
    callback_list = CallbackList([callbacks_module.BaseLogger(), peek])
    callback_list.on_epoch_begin(0)
    callback_list.on_train_batch_end(0, {"loss": tf.constant(1.0), "size": 3})
    callback_list.on_train_batch_end(1, {"loss": tf.constant(3.0), "size": 1})
    callback_list.on_epoch_end(0, {"val_loss": 2.0})
    assert seen == {"val_loss": 2.0, "loss": 1.5}


# ---- BackupAndRestore ---------------------------------------------------------------------------
def test_backup_and_restore_resumes_an_interrupted_fit(tmp_path):
    backup_dir = tmp_path / "backup"
    model = FakeModel()
    with pytest.raises(RuntimeError, match="interrupted"):
        run_fit(model, [callbacks_module.BackupAndRestore(backup_dir)], epochs=4, steps=2, crash_at=(2, 1))
    # Epochs 0 and 1 were backed up (weights 4.0); only the latest weights are kept.
    assert sorted(os.listdir(backup_dir)) == [
        "ckpt-2.weights.h5.data-00000-of-00001",
        "ckpt-2.weights.h5.index",
        "training_state.json",
    ]
    assert json.loads((backup_dir / "training_state.json").read_text()) == {
        "epoch": 1,
        "batch": None,
        "weights": "ckpt-2",
    }

    resumed = FakeModel()
    backup = callbacks_module.BackupAndRestore(backup_dir)
    history = run_fit(resumed, [backup], epochs=4, steps=2)._history
    assert backup.initial_epoch == 2 and backup.initial_step == 0
    assert history.epoch == [2, 3]
    np.testing.assert_array_equal(resumed.weights[0], [8.0, 8.0])  # 4 restored + 2 epochs of 2 batches
    assert not backup_dir.exists()  # deleted once training finished


def test_backup_and_restore_every_n_batches_resumes_mid_epoch(tmp_path):
    backup_dir = tmp_path / "backup"
    with pytest.raises(RuntimeError):
        run_fit(
            FakeModel(),
            [callbacks_module.BackupAndRestore(backup_dir, save_freq=3)],
            epochs=3,
            steps=4,
            crash_at=(1, 2),
        )
    state = json.loads((backup_dir / "training_state.json").read_text())
    assert state == {"epoch": 1, "batch": 1, "weights": "ckpt-2"}  # backups after batches 3 and 6
    backup = callbacks_module.BackupAndRestore(backup_dir, save_freq=3, delete_checkpoint=False)
    model = FakeModel()
    run_fit(model, [backup], epochs=3, steps=4)
    assert (backup.initial_epoch, backup.initial_step) == (1, 2)
    np.testing.assert_array_equal(model.weights[0], [12.0, 12.0])  # 6 restored + 6 batches
    assert json.loads((backup_dir / "training_state.json").read_text())["epoch"] == 2


def test_backup_and_restore_argument_errors():
    with pytest.raises(ValueError, match="Empty `backup_dir`"):
        callbacks_module.BackupAndRestore("")
    with pytest.raises(ValueError, match="Either `save_freq` or `save_before_preemption` must be set."):
        callbacks_module.BackupAndRestore("b", save_freq=False)
    with pytest.raises(ValueError, match="Received: save_freq='batch'"):
        callbacks_module.BackupAndRestore("b", save_freq="batch")
    with pytest.raises(tf.errors.UnimplementedError, match="save_before_preemption"):
        callbacks_module.BackupAndRestore("b", save_before_preemption=True)


# ---- ProgbarLogger ------------------------------------------------------------------------------
@pytest.fixture
def progbar_calls(monkeypatch):
    """Replaces lamina.keras.util.progbar.Progbar by a recorder; returns the list of its calls."""
    calls = []

    class RecordingProgbar:
        def __init__(
            self, target, width=30, verbose=1, interval=0.05, stateful_metrics=None, unit_name="step"
        ):
            self.target = target
            self.stateful_metrics = set(stateful_metrics or ())
            calls.append(("new", target, verbose, unit_name))

        def update(self, current, values=None, finalize=None):
            rounded = [(k, round(v, 4)) for k, v in values or []]
            calls.append(("update", current, rounded, finalize, sorted(self.stateful_metrics)))

    monkeypatch.setattr(progbar_util, "Progbar", RecordingProgbar)
    return calls


def test_progbar_logger_verbose_1_updates_every_batch(progbar_calls, capsys):
    logs = [{"loss": 0.5, "val_loss": 0.25}, {"loss": 0.4, "val_loss": 0.2}]
    run_fit(FakeModel(), [], epochs=2, steps=2, epoch_logs=logs, verbose=1)
    assert capsys.readouterr().out == "Epoch 1/2\nEpoch 2/2\n"
    epoch_1 = [
        ("new", 2, 1, "step"),
        ("update", 1, [("loss", 0.0)], False, ["loss"]),
        ("update", 2, [("loss", 1.0)], False, ["loss"]),
        ("update", 2, [("loss", 0.5), ("val_loss", 0.25)], True, ["loss", "val_loss"]),
    ]
    assert progbar_calls[:4] == epoch_1
    assert progbar_calls[4:] == [
        ("new", 2, 1, "step"),
        ("update", 1, [("loss", 1.0)], False, ["loss"]),
        ("update", 2, [("loss", 2.0)], False, ["loss"]),
        ("update", 2, [("loss", 0.4), ("val_loss", 0.2)], True, ["loss", "val_loss"]),
    ]


def test_progbar_logger_verbose_2_draws_once_per_epoch(progbar_calls, capsys):
    run_fit(FakeModel(), [], epochs=1, steps=3, verbose=2)
    assert capsys.readouterr().out == ""  # one epoch: no "Epoch 1/1" line
    assert progbar_calls == [("new", 3, 2, "step"), ("update", 3, [("loss", 0.0)], True, ["loss"])]


def test_progbar_logger_counts_batches_when_steps_are_unknown(progbar_calls):
    callback_list = CallbackList([], add_progbar=True, verbose=2, epochs=1, steps=None)
    assert callback_list.needs_train_batch_hooks
    callback_list.on_train_begin()
    callback_list.on_epoch_begin(0)
    for batch in range(5):
        callback_list.on_train_batch_end(batch, {"loss": tf.constant(1.0)})
    callback_list.on_epoch_end(0, {"loss": 1.0})
    assert progbar_calls == [("new", None, 2, "step"), ("update", 5, [("loss", 1.0)], True, ["loss"])]


def test_progbar_logger_in_evaluate_and_predict_but_not_in_fit_validation(progbar_calls):
    callback_list = CallbackList([], add_progbar=True, verbose=1, epochs=1, steps=2)
    callback_list.on_train_begin()
    callback_list.on_test_begin()
    callback_list.on_test_batch_end(0, {"loss": tf.constant(1.0)})
    callback_list.on_test_end({"loss": 1.0})
    callback_list.on_train_end()
    assert progbar_calls == []
    callback_list.on_test_begin()
    callback_list.on_test_batch_end(0, {"loss": tf.constant(1.0)})
    callback_list.on_test_end({"loss": 1.0})
    callback_list.on_predict_begin()
    callback_list.on_predict_batch_end(0, {"outputs": tf.constant([1.0])})
    callback_list.on_predict_end()
    assert progbar_calls == [
        ("new", 2, 1, "step"),
        ("update", 1, [("loss", 1.0)], False, ["loss"]),
        ("update", 2, [("loss", 1.0)], True, ["loss"]),
        ("new", 2, 1, "step"),
        ("update", 1, [], False, []),
        ("update", 2, [], True, []),
    ]


def test_progbar_logger_count_mode_error():
    with pytest.raises(
        ValueError, match='Unknown `count_mode`: x. Expected values are \\["samples", "steps"\\]'
    ):
        callbacks_module.ProgbarLogger(count_mode="x")


def test_progbar_logger_draws_with_the_real_progbar(capsys):
    run_fit(FakeModel(), [], epochs=2, steps=3, epoch_logs=[{"loss": 0.5}, {"loss": 0.25}], verbose=2)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert re.fullmatch(r"3/3 - \d+s - loss: 0\.5000 - \d+[mu]?s/epoch - \d+[mu]?s/step", lines[1])
    assert re.fullmatch(r"3/3 - \d+s - loss: 0\.2500 - \d+[mu]?s/epoch - \d+[mu]?s/step", lines[3])


def test_verbose_messages_follow_interactive_logging(caplog, capsys):
    progbar_util.disable_interactive_logging()
    try:
        with caplog.at_level(logging.INFO, logger="lamina.keras"):
            stopper = callbacks_module.EarlyStopping(monitor="loss", patience=0, verbose=1)
            logs = [{"loss": 1.0}, {"loss": 2.0}, {"loss": 3.0}]
            run_fit(FakeModel(), [stopper], epochs=3, epoch_logs=logs)
    finally:
        progbar_util.enable_interactive_logging()
    assert capsys.readouterr().out == ""
    assert [r.getMessage() for r in caplog.records] == ["Epoch 2: early stopping"]
