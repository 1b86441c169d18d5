"""Golden cases: tf.keras.callbacks driven through tf.keras.callbacks.CallbackList with a small stand-in
model (weights as NumPy arrays, a real SGD optimizer, save methods that record their calls) and
fixed epoch logs — EarlyStopping (patience, min_delta, baseline, start_from_epoch, modes, restored
weights), ReduceLROnPlateau (cooldown, min_lr), LearningRateScheduler, ModelCheckpoint (file names,
save_best_only, save_freq in batches, period), CSVLogger files, History, BaseLogger, TerminateOnNaN,
the text printed with verbose=1 and the errors.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

import contextlib
import io
import os
import tempfile


class _Model:
    """What callbacks use of a model: weights, stop_training, an optimizer and the save methods."""

    def __init__(self, tf, np, learning_rate=0.1):
        self.optimizer = tf.keras.optimizers.SGD(learning_rate)
        self.stop_training = False
        self.weights = [np.zeros((2,), np.float32)]
        self.saved = []
        # Keras 2.15's ModelCheckpoint asks the model for its distribution strategy.
        self.distribute_strategy = getattr(getattr(tf, "distribute", None), "get_strategy", lambda: None)()

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [w.copy() for w in weights]

    def save(self, filepath, *args, **kwargs):
        self.saved.append(["save", os.path.basename(filepath)])

    def save_weights(self, filepath, *args, **kwargs):
        self.saved.append(["save_weights", os.path.basename(filepath)])


def _fit(tf, np, callback, values, key="val_loss", learning_rate=0.1):
    """Runs epochs whose logs are `{key: value}`, setting the weights to the epoch index before each
    epoch ends; returns the callback list's model after on_train_end and the epochs run."""
    model = _Model(tf, np, learning_rate)
    callbacks = tf.keras.callbacks.CallbackList(
        [callback], model=model, epochs=len(values), steps=1, verbose=0
    )
    callbacks.on_train_begin()
    epochs = []
    for epoch, value in enumerate(values):
        callbacks.on_epoch_begin(epoch)
        model.set_weights([np.full((2,), epoch, np.float32)])
        callbacks.on_epoch_end(epoch, {key: value})
        epochs.append(epoch)
        if model.stop_training:
            break
    callbacks.on_train_end()
    return model, epochs


def _early_stopping(tf, np, values, key="val_loss", **kwargs):
    callback = tf.keras.callbacks.EarlyStopping(**kwargs)
    model, epochs = _fit(tf, np, callback, values, key)
    return {
        "epochs": epochs,
        "weight": float(model.weights[0][0]),
        "stopped_epoch": callback.stopped_epoch,
        "best": float(callback.best),
        "wait": callback.wait,
        "best_epoch": callback.best_epoch,
    }


# ---- EarlyStopping ------------------------------------------------------------------------------
def case_early_stopping_patience(tf, np):
    return _early_stopping(tf, np, [1.0, 0.9, 0.95, 0.96, 0.5], patience=2)


def case_early_stopping_restores_best_weights(tf, np):
    return _early_stopping(tf, np, [1.0, 0.9, 0.95, 0.96, 0.5], patience=2, restore_best_weights=True)


def case_early_stopping_keeps_last_weights_without_stop(tf, np):
    return _early_stopping(tf, np, [1.0, 0.9, 0.95, 0.96, 0.97], patience=5, restore_best_weights=True)


def case_early_stopping_min_delta(tf, np):
    return _early_stopping(tf, np, [1.0, 0.95, 0.85, 0.84], patience=1, min_delta=0.1)


def case_early_stopping_baseline_never_beaten(tf, np):
    return _early_stopping(tf, np, [1.0, 0.9, 0.8, 0.4], patience=2, baseline=0.5)


def case_early_stopping_baseline_beaten(tf, np):
    return _early_stopping(tf, np, [0.4, 0.45, 0.3, 0.5, 0.5, 0.5], patience=2, baseline=0.5)


def case_early_stopping_baseline_not_best(tf, np):
    return _early_stopping(tf, np, [0.6, 0.7, 0.8], patience=2, baseline=0.5)


def case_early_stopping_start_from_epoch(tf, np):
    return _early_stopping(tf, np, [0.1, 2.0, 3.0, 4.0, 5.0, 6.0], patience=1, start_from_epoch=2)


def case_early_stopping_start_from_epoch_restore(tf, np):
    values = [0.1, 2.0, 3.0, 4.0, 5.0, 6.0]
    return _early_stopping(tf, np, values, patience=1, start_from_epoch=2, restore_best_weights=True)


def case_early_stopping_accuracy_is_maximised(tf, np):
    return _early_stopping(
        tf, np, [0.5, 0.6, 0.55, 0.54], key="val_accuracy", monitor="val_accuracy", patience=1
    )


def case_early_stopping_auc_is_maximised(tf, np):
    return _early_stopping(tf, np, [0.5, 0.6, 0.55, 0.54], key="val_auc", monitor="val_auc", patience=1)


def case_early_stopping_mode_max(tf, np):
    return _early_stopping(tf, np, [0.5, 0.6, 0.55, 0.54], patience=1, mode="max")


def case_early_stopping_patience_zero(tf, np):
    return _early_stopping(tf, np, [1.0, 1.0, 0.5], patience=0)


def case_early_stopping_nan_is_no_improvement(tf, np):
    return _early_stopping(tf, np, [1.0, float("nan"), float("nan")], patience=1)


def case_early_stopping_missing_monitor(tf, np):
    return _early_stopping(tf, np, [0.5, 0.6, 0.55], key="loss", patience=1)


def case_early_stopping_min_delta_sign(tf, np):
    es = tf.keras.callbacks.EarlyStopping
    return [
        es(min_delta=-0.5).min_delta,
        es(min_delta=0.5).min_delta,
        es(min_delta=-0.5, mode="max").min_delta,
    ]


def case_early_stopping_verbose_output(tf, np):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _early_stopping(tf, np, [1.0, 2.0, 3.0], patience=1, verbose=1, restore_best_weights=True)
    return out.getvalue()


# ---- ReduceLROnPlateau --------------------------------------------------------------------------
def case_reduce_lr_on_plateau_trace(tf, np):
    model = _Model(tf, np, learning_rate=1.0)
    callback = tf.keras.callbacks.ReduceLROnPlateau(
        monitor="val_loss", factor=0.5, patience=1, cooldown=1, min_lr=0.1, min_delta=0.01
    )
    callbacks = tf.keras.callbacks.CallbackList([callback], model=model)
    callbacks.on_train_begin()
    trace = []
    for epoch, value in enumerate([1.0, 1.0, 0.995, 0.9, 0.95, 0.95, 0.95, 0.95]):
        callbacks.on_epoch_end(epoch, {"val_loss": value})
        trace.append([callback.wait, callback.cooldown_counter, float(model.optimizer.learning_rate.numpy())])
    return trace


def case_reduce_lr_on_plateau_verbose_output(tf, np):
    model = _Model(tf, np, learning_rate=0.1)
    callback = tf.keras.callbacks.ReduceLROnPlateau(patience=0, factor=0.5, verbose=1, min_lr=0.02)
    callbacks = tf.keras.callbacks.CallbackList([callback], model=model)
    callbacks.on_train_begin()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for epoch in range(4):
            callbacks.on_epoch_end(epoch, {"val_loss": 1.0})
    return out.getvalue()


def case_reduce_lr_on_plateau_auto_modes(tf, np):
    names = ["val_auc", "val_acc", "acc_x", "fmeasure_v", "loss"]
    reduce = tf.keras.callbacks.ReduceLROnPlateau
    return [reduce(monitor=name, min_delta=0).monitor_op(2, 1) for name in names]


def case_reduce_lr_on_plateau_factor_error(tf, np):
    return tf.keras.callbacks.ReduceLROnPlateau(factor=1.0)


def case_reduce_lr_on_plateau_epsilon(tf, np):
    return tf.keras.callbacks.ReduceLROnPlateau(epsilon=0.3).min_delta


def case_reduce_lr_on_plateau_in_history(tf, np):
    model = _Model(tf, np, learning_rate=0.1)
    history = tf.keras.callbacks.History()
    callback = tf.keras.callbacks.ReduceLROnPlateau(patience=0, factor=0.5, min_delta=0)
    callbacks = tf.keras.callbacks.CallbackList([callback, history], model=model)
    callbacks.on_train_begin()
    for epoch, value in enumerate([1.0, 1.0, 0.5]):
        callbacks.on_epoch_end(epoch, {"val_loss": value})
    return history.history


# ---- LearningRateScheduler ----------------------------------------------------------------------
def _schedule_history(tf, np, schedule, epochs=3):
    model = _Model(tf, np, learning_rate=0.1)
    history = tf.keras.callbacks.History()
    callback = tf.keras.callbacks.LearningRateScheduler(schedule)
    callbacks = tf.keras.callbacks.CallbackList([callback, history], model=model)
    callbacks.on_train_begin()
    for epoch in range(epochs):
        callbacks.on_epoch_begin(epoch)
        callbacks.on_epoch_end(epoch, {"loss": 1.0})
    callbacks.on_train_end()
    return {key: [float(v) for v in values] for key, values in history.history.items()}


def case_learning_rate_scheduler_two_arguments(tf, np):
    seen = []

    def schedule(epoch, lr):
        seen.append([epoch, lr, type(lr).__name__])
        return lr * 0.5

    return {"history": _schedule_history(tf, np, schedule), "seen": seen}


def case_learning_rate_scheduler_one_argument(tf, np):
    return _schedule_history(tf, np, lambda epoch: 0.01 * (epoch + 1))


def case_learning_rate_scheduler_tensor_result(tf, np):
    return _schedule_history(tf, np, lambda epoch, lr: tf.constant(0.3), epochs=2)


def case_learning_rate_scheduler_float64_result(tf, np):
    return _schedule_history(tf, np, lambda epoch, lr: np.float64(0.2), epochs=1)


def case_learning_rate_scheduler_int_result_error(tf, np):
    return _schedule_history(tf, np, lambda epoch, lr: 1, epochs=1)


def case_learning_rate_scheduler_float16_result_error(tf, np):
    return _schedule_history(tf, np, lambda epoch, lr: np.float16(0.2), epochs=1)


def case_learning_rate_scheduler_verbose_output(tf, np):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _schedule_history(tf, np, lambda epoch, lr: lr * 0.5, epochs=2)
    model = _Model(tf, np)
    callback = tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5, verbose=1)
    callback.set_model(model)
    with contextlib.redirect_stdout(out):
        callback.on_epoch_begin(0)
        callback.on_epoch_begin(1)
    return out.getvalue()


# ---- ModelCheckpoint ----------------------------------------------------------------------------
def _checkpoint(tf, np, epoch_values, batches=1, printed=False, folder=None, **kwargs):
    """Saves made by a ModelCheckpoint over epochs with `batches` batches each; the batch logs hold
    `loss` = epoch + batch / 10, the epoch logs `val_loss` from `epoch_values`."""
    folder = folder or tempfile.mkdtemp()
    model = _Model(tf, np)
    callback = tf.keras.callbacks.ModelCheckpoint(os.path.join(folder, kwargs.pop("name")), **kwargs)
    callbacks = tf.keras.callbacks.CallbackList(
        [callback], model=model, epochs=len(epoch_values), steps=batches
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        callbacks.on_train_begin()
        for epoch, value in enumerate(epoch_values):
            callbacks.on_epoch_begin(epoch)
            for batch in range(batches):
                callbacks.on_train_batch_begin(batch)
                callbacks.on_train_batch_end(batch, {"loss": tf.constant(epoch + batch / 10)})
            callbacks.on_epoch_end(epoch, {"loss": value + 1.0, "val_loss": value})
        callbacks.on_train_end()
    text = out.getvalue().replace(folder + os.sep, "")
    return {"saved": model.saved, "printed": text} if printed else model.saved


def case_model_checkpoint_file_names(tf, np):
    return _checkpoint(tf, np, [0.1563, 0.0923, 0.0729], name="w.{epoch:02d}-{val_loss:.2f}.h5")


def case_model_checkpoint_save_freq_batches(tf, np):
    return _checkpoint(
        tf, np, [0.5, 0.4, 0.3], batches=4, name="w.{epoch:02d}-{batch}-{loss:.1f}", save_freq=3
    )


def case_model_checkpoint_best_only_weights(tf, np):
    values = [0.5, 0.3, 0.4, 0.2]
    return _checkpoint(
        tf, np, values, printed=True, name="best", verbose=1, save_best_only=True, save_weights_only=True
    )


def case_model_checkpoint_verbose_output(tf, np):
    return _checkpoint(tf, np, [0.5, 0.3], printed=True, name="m{epoch}", verbose=1)


def case_model_checkpoint_initial_value_threshold(tf, np):
    values = [0.5, 0.3, 0.1]
    return _checkpoint(
        tf, np, values, printed=True, name="m", verbose=1, save_best_only=True, initial_value_threshold=0.2
    )


def case_model_checkpoint_missing_monitor(tf, np):
    return _checkpoint(tf, np, [0.5, 0.3], name="m", monitor="nope", save_best_only=True)


def case_model_checkpoint_max_mode(tf, np):
    return _checkpoint(
        tf, np, [0.5, 0.3, 0.6], name="m{epoch}", monitor="val_loss", mode="max", save_best_only=True
    )


def case_model_checkpoint_period(tf, np):
    return _checkpoint(tf, np, [0.5, 0.4, 0.3, 0.2, 0.1], name="w{epoch}", period=2)


def case_model_checkpoint_missing_format_key(tf, np):
    # Formatting fails before anything is written, so the folder is never created.
    return _checkpoint(tf, np, [0.5], folder="checkpoints", name="w{epoch}{missing}")


def case_model_checkpoint_bad_save_freq(tf, np):
    return tf.keras.callbacks.ModelCheckpoint("a", save_freq="batch")


def case_model_checkpoint_auto_modes(tf, np):
    names = ["val_auc", "val_acc", "acc_x", "fmeasure_v", "val_fmeasure", "loss"]
    checkpoints = [tf.keras.callbacks.ModelCheckpoint("x", monitor=name) for name in names]
    return [[c.monitor_op(2, 1), float(c.best)] for c in checkpoints]


# ---- CSVLogger ----------------------------------------------------------------------------------
def _csv(tf, np, epochs_logs, stop_at=None, **kwargs):
    path = os.path.join(tempfile.mkdtemp(), "log.csv")
    model = _Model(tf, np)
    callbacks = tf.keras.callbacks.CallbackList([tf.keras.callbacks.CSVLogger(path, **kwargs)], model=model)
    callbacks.on_train_begin()
    for epoch, logs in enumerate(epochs_logs):
        model.stop_training = epoch == stop_at
        callbacks.on_epoch_end(epoch, logs)
    callbacks.on_train_end()
    with open(path) as f:
        return f.read()


def case_csv_logger_values(tf, np):
    logs = [
        {"b": 1.5, "a": 2, "s": "str", "l": [1, 2], "e": "", "q": 'he"l,lo'},
        {"b": 1.25, "a": 3},
        {"b": 1.0, "a": 4, "s": "x", "l": 1, "e": 4, "q": 5, "extra": 9},
    ]
    return _csv(tf, np, logs, stop_at=2)


def case_csv_logger_validation_keys(tf, np):
    return _csv(tf, np, [{"loss": 0.5, "val_loss": 0.75}, {"loss": 0.25, "val_loss": 0.5}], separator=";")


def case_csv_logger_append(tf, np):
    path = os.path.join(tempfile.mkdtemp(), "log.csv")
    model = _Model(tf, np)
    for run in range(2):
        logger = tf.keras.callbacks.CSVLogger(path, append=True)
        callbacks = tf.keras.callbacks.CallbackList([logger], model=model)
        callbacks.on_train_begin()
        callbacks.on_epoch_end(0, {"loss": run + 0.5})
        callbacks.on_train_end()
    with open(path) as f:
        return f.read()


def case_csv_logger_overwrites(tf, np):
    path = os.path.join(tempfile.mkdtemp(), "log.csv")
    model = _Model(tf, np)
    logger = tf.keras.callbacks.CSVLogger(path)
    for run in range(2):
        callbacks = tf.keras.callbacks.CallbackList([logger], model=model)
        callbacks.on_train_begin()
        callbacks.on_epoch_end(0, {"loss": run + 0.5})
        callbacks.on_train_end()
    with open(path) as f:
        return f.read()


# ---- History, BaseLogger, TerminateOnNaN, CallbackList ------------------------------------------
def case_history_over_two_fits(tf, np):
    model = _Model(tf, np)
    history = tf.keras.callbacks.History()
    out = []
    for start in (0, 1):
        callbacks = tf.keras.callbacks.CallbackList([history], model=model, epochs=3, steps=2, verbose=0)
        callbacks.on_train_begin()
        for epoch in range(start, 3):
            callbacks.on_epoch_end(epoch, {"loss": epoch / 4})
        callbacks.on_train_end()
        out.append([list(history.epoch), history.history, model.history is history, history.params])
    return out


def case_base_logger_averages(tf, np):
    seen = {}

    class Peek(tf.keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.update(logs)

    base = tf.keras.callbacks.BaseLogger(stateful_metrics=["acc"])
    callbacks = tf.keras.callbacks.CallbackList([base, Peek()], metrics=["loss", "acc", "mae"])
    callbacks.on_epoch_begin(0)
    callbacks.on_train_batch_begin(0)
    callbacks.on_train_batch_end(0, {"loss": 1.0, "acc": 0.5, "size": 2})
    callbacks.on_train_batch_begin(1)
    callbacks.on_train_batch_end(1, {"loss": 4.0, "acc": 0.7, "size": 1, "num_steps": 2, "mae": 1.0})
    callbacks.on_epoch_end(0, {"val_loss": 3.0})
    return seen


def case_terminate_on_nan(tf, np):
    model = _Model(tf, np)
    callbacks = tf.keras.callbacks.CallbackList([tf.keras.callbacks.TerminateOnNaN()], model=model)
    out = io.StringIO()
    results = []
    logs_and_hooks = [
        ("on_train_batch_end", {"loss": tf.constant(np.inf)}),
        ("on_train_batch_end", {"acc": float("nan")}),
        ("on_train_batch_end", {"loss": tf.constant(1.0)}),
        ("on_train_batch_end", {"loss": float("nan")}),
        ("on_epoch_end", {"loss": float("nan")}),
        ("on_test_batch_end", {"loss": float("nan")}),
    ]
    with contextlib.redirect_stdout(out):
        for hook, logs in logs_and_hooks:
            model.stop_training = False
            callbacks.on_train_batch_begin(3)
            getattr(callbacks, hook)(3, logs)
            results.append(model.stop_training)
    return [results, out.getvalue()]


def case_callback_list_default_callbacks(tf, np):
    c = tf.keras.callbacks
    lists = [
        c.CallbackList(
            [c.TerminateOnNaN()], add_history=True, add_progbar=True, epochs=3, steps=5, verbose=1
        ),
        c.CallbackList([c.History(), c.TerminateOnNaN()], add_history=True, add_progbar=True),
        c.CallbackList(c.TerminateOnNaN(), add_history=False, add_progbar=True),
    ]
    names = [[type(cb).__name__ for cb in cl.callbacks] for cl in lists]
    return [names, lists[0].callbacks[1].params]


def case_callback_list_epoch_logs_are_copied(tf, np):
    model = _Model(tf, np)
    history = tf.keras.callbacks.History()
    scheduler = tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.25)
    callbacks = tf.keras.callbacks.CallbackList([scheduler, history], model=model)
    logs = {"loss": 1.0}
    callbacks.on_train_begin()
    callbacks.on_epoch_begin(0)
    callbacks.on_epoch_end(0, logs)
    return [sorted(logs), sorted(history.history)]


def case_batch_hook_aliases(tf, np):
    calls = []

    class Aliases(tf.keras.callbacks.Callback):
        def on_batch_begin(self, batch, logs=None):
            calls.append(["begin", batch, dict(logs)])

        def on_batch_end(self, batch, logs=None):
            calls.append(["end", batch, dict(logs)])

    callbacks = tf.keras.callbacks.CallbackList([Aliases()])
    callbacks.on_train_batch_begin(0, {"a": 1.0})
    callbacks.on_train_batch_end(0, {"a": 2.0})
    callbacks.on_test_batch_begin(1)
    callbacks.on_test_batch_end(1)
    callbacks.on_predict_batch_begin(2)
    callbacks.on_predict_batch_end(2)
    return calls


def case_csv_logger_with_learning_rate_scheduler(tf, np):
    path = os.path.join(tempfile.mkdtemp(), "log.csv")
    model = _Model(tf, np)
    scheduler = tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    callbacks = tf.keras.callbacks.CallbackList([scheduler, tf.keras.callbacks.CSVLogger(path)], model=model)
    callbacks.on_train_begin()
    for epoch in range(2):
        callbacks.on_epoch_begin(epoch)
        callbacks.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1)})
    callbacks.on_train_end()
    with open(path) as f:
        return f.read()
