"""The loops behind `fit`, `evaluate`, `predict` and the `*_on_batch` methods.

Each loop draws batches from a data adapter, calls the model's compiled step function (one XLA call
per batch) and drives the callbacks. Metric results stay tensors on the device until a callback
needs them per batch, or the epoch ends.
"""

from __future__ import annotations

import numpy as np

from lamina._core import nest
from lamina._core.convert import convert_to_tensor
from lamina._core.tensor import Tensor
from lamina.keras.callback.base import CallbackList
from lamina.keras.model import data_adapter


# ---- step functions ---------------------------------------------------------------------------------
def _step_function(model, kind: str, batch):
    """The model's compiled train/test/predict step for batches like `batch` (made on first use,
    remade after compile or when the set of trainable weights changed; one per batch structure,
    dtypes and example shapes)."""
    attribute = f"_{kind}_function"
    if kind == "train":
        signature = tuple(id(v) for v in model.trainable_variables)
        if model._trainable_signature != signature:
            model._train_function = None
            model._trainable_signature = signature
    functions = getattr(model, attribute)
    if functions is None:
        functions = {}
        setattr(model, attribute, functions)
    key = (nest.map_structure(lambda _: None, batch, check_types=False).__repr__(),) + tuple(
        (leaf.dtype, tuple(leaf.shape.as_list()[1:])) for leaf in nest.flatten(batch)
    )
    function = functions.get(key)
    if function is None:
        step = {"train": model.train_step, "test": model.test_step, "predict": model.predict_step}[kind]
        function = functions[key] = model._compiled(lambda data: step(data), batch, f"{kind}_function")
    return function


def _to_tensors(batch):
    def convert(value):
        if value is None or isinstance(value, Tensor):
            return value
        array = np.asarray(value)
        if array.dtype == np.float64:
            array = array.astype(np.float32)
        return convert_to_tensor(array)

    return nest.map_structure(convert, batch, check_types=False)


def _scalars(logs: dict) -> dict:
    return {key: _to_python(value) for key, value in logs.items()}


def _to_python(value):
    if isinstance(value, Tensor):
        array = np.asarray(value.numpy())
        return float(array) if array.ndim == 0 else array
    return value


def _verbosity(verbose) -> int:
    return 1 if verbose == "auto" else int(verbose)


# ---- fit --------------------------------------------------------------------------------------------
def _training_data(model, args):
    x, y, sample_weight = args["x"], args["y"], args["sample_weight"]
    validation_data = args["validation_data"]
    data = data_adapter.make_data(
        x, y, sample_weight, args["batch_size"], args["shuffle"], args["steps_per_epoch"]
    )
    if args["validation_split"] and validation_data is None:
        if not isinstance(data, data_adapter.ArrayData):
            raise ValueError(
                "`validation_split` is only supported for Tensors or NumPy arrays, found following types in "
                f"the input: {type(x).__name__}"
            )
        data, validation = data.split(args["validation_split"])
        validation.batch_size = args["validation_batch_size"] or data.batch_size
        validation.steps = args["validation_steps"] or validation.steps
    elif validation_data is not None:
        validation = _validation_adapter(validation_data, args)
    else:
        validation = None
    if args["class_weight"] is not None:
        if not isinstance(data, data_adapter.ArrayData) or isinstance(data.y, (dict, list)):
            raise ValueError(
                "`class_weight` is only supported for models with a single output and array labels."
            )
        weights = data_adapter.class_weights_to_sample_weights(data.y, args["class_weight"])
        data.sample_weight = weights if data.sample_weight is None else data.sample_weight * weights
    return data, validation


def _validation_adapter(validation_data, args):
    if isinstance(validation_data, (tuple, list)) and 2 <= len(validation_data) <= 3:
        x, y, weight = data_adapter.unpack_x_y_sample_weight(tuple(validation_data))
        return data_adapter.make_data(
            x, y, weight, args["validation_batch_size"] or args["batch_size"], False, args["validation_steps"]
        )
    return data_adapter.make_data(validation_data, steps=args["validation_steps"])


def fit(model, args):
    data, validation = _training_data(model, args)
    epochs, verbose = args["epochs"], _verbosity(args["verbose"])
    callbacks = args["callbacks"]
    if not isinstance(callbacks, CallbackList):
        callbacks = CallbackList(
            callbacks,
            add_history=True,
            add_progbar=verbose != 0,
            model=model,
            verbose=verbose,
            epochs=epochs,
            steps=data.steps,
        )
    model.stop_training = False
    callbacks.on_train_begin()
    logs = {}
    initial_epoch, skip = _resume_point(callbacks, args["initial_epoch"])
    for epoch in range(initial_epoch, epochs):
        model.reset_metrics()
        callbacks.on_epoch_begin(epoch)
        logs = _run_epoch(model, data, epoch, callbacks, skip if epoch == initial_epoch else 0)
        epoch_logs = _scalars(logs)
        if validation is not None and _should_validate(epoch, args["validation_freq"]):
            results = evaluate(
                model,
                {
                    "x": validation,
                    "y": None,
                    "batch_size": None,
                    "verbose": 0,
                    "sample_weight": None,
                    "steps": None,
                    "callbacks": None,
                    "return_dict": True,
                },
            )
            epoch_logs.update({f"val_{key}": value for key, value in results.items()})
        callbacks.on_epoch_end(epoch, epoch_logs)
        logs = epoch_logs
        if model.stop_training:
            break
    callbacks.on_train_end(logs=logs)
    return model.history


def _resume_point(callbacks, initial_epoch):
    """(epoch, batches to skip in it): where a BackupAndRestore callback says a run continues."""
    epoch, skip = initial_epoch, 0
    for callback in callbacks:
        restored = getattr(callback, "initial_epoch", None)
        if isinstance(restored, int) and hasattr(callback, "initial_step") and restored > epoch:
            epoch, skip = restored, callback.initial_step
    return epoch, skip


def _run_epoch(model, data, epoch, callbacks, skip=0):
    batch_hooks = callbacks.needs_batch_hooks
    logs, function = {}, None
    for step, batch in enumerate(data.epoch(epoch)):
        if step < skip:
            continue
        batch = _to_tensors(batch)
        if batch_hooks:
            callbacks.on_train_batch_begin(step)
        function = function or _step_function(model, "train", batch)
        logs = function(batch)
        if batch_hooks:
            callbacks.on_train_batch_end(step, logs)
        if model.stop_training:
            break
    if not logs:
        raise ValueError(
            "Unexpected result of `train_function` (Empty logs): the training data produced no batch. Check "
            "`steps_per_epoch` and the size of the data."
        )
    return logs


def _should_validate(epoch, validation_freq) -> bool:
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return epoch + 1 in validation_freq


# ---- evaluate / predict --------------------------------------------------------------------------------
def evaluate(model, args):
    x = args["x"]
    data = (
        x
        if isinstance(x, (data_adapter.ArrayData, data_adapter.IteratorData))
        else data_adapter.make_data(
            x, args["y"], args["sample_weight"], args["batch_size"], False, args["steps"]
        )
    )
    verbose = _verbosity(args["verbose"])
    callbacks = args["callbacks"]
    if not isinstance(callbacks, CallbackList):
        callbacks = CallbackList(
            callbacks, add_progbar=verbose != 0, model=model, verbose=verbose, epochs=1, steps=data.steps
        )
    model.reset_metrics()
    callbacks.on_test_begin()
    logs, function = {}, None
    batch_hooks = callbacks.needs_batch_hooks
    for step, batch in enumerate(data.epoch(0)):
        batch = _to_tensors(batch)
        if batch_hooks:
            callbacks.on_test_batch_begin(step)
        function = function or _step_function(model, "test", batch)
        logs = function(batch)
        if batch_hooks:
            callbacks.on_test_batch_end(step, logs)
    logs = _scalars(logs)
    callbacks.on_test_end(logs)
    if args["return_dict"]:
        return logs
    return _as_list(model, logs)


def _as_list(model, logs: dict):
    values = [logs[name] for name in model.metrics_names if name in logs]
    values += [value for key, value in logs.items() if key not in model.metrics_names]
    return values[0] if len(values) == 1 else values


def predict(model, args):
    data = data_adapter.make_data(args["x"], batch_size=args["batch_size"], steps=args["steps"])
    verbose = _verbosity(args["verbose"])
    callbacks = args["callbacks"]
    if not isinstance(callbacks, CallbackList):
        callbacks = CallbackList(
            callbacks, add_progbar=verbose != 0, model=model, verbose=verbose, epochs=1, steps=data.steps
        )
    callbacks.on_predict_begin()
    outputs, function = [], None
    for step, batch in enumerate(data.epoch(0)):
        batch = _to_tensors(batch)
        callbacks.on_predict_batch_begin(step)
        function = function or _step_function(model, "predict", batch)
        result = function(batch)
        outputs.append(nest.map_structure(lambda t: np.asarray(t.numpy()), result))
        callbacks.on_predict_batch_end(step, {"outputs": result})
    if not outputs:
        raise ValueError(
            "Unexpected result of `predict_function` (Empty batch_outputs): the input data is empty."
        )
    callbacks.on_predict_end()
    return nest.map_structure(lambda *parts: np.concatenate(parts, axis=0), *outputs)


# ---- on_batch ------------------------------------------------------------------------------------------
def train_on_batch(model, x, y, sample_weight, class_weight, reset_metrics, return_dict):
    if class_weight is not None:
        weights = data_adapter.class_weights_to_sample_weights(y, class_weight)
        sample_weight = weights if sample_weight is None else np.asarray(sample_weight) * weights
    if reset_metrics:
        model.reset_metrics()
    batch = _to_tensors(data_adapter.pack_x_y_sample_weight(x, y, sample_weight))
    logs = _scalars(_step_function(model, "train", batch)(batch))
    return logs if return_dict else _as_list(model, logs)


def test_on_batch(model, x, y, sample_weight, reset_metrics, return_dict):
    if reset_metrics:
        model.reset_metrics()
    batch = _to_tensors(data_adapter.pack_x_y_sample_weight(x, y, sample_weight))
    logs = _scalars(_step_function(model, "test", batch)(batch))
    return logs if return_dict else _as_list(model, logs)


def predict_on_batch(model, x):
    batch = _to_tensors((x,))
    result = _step_function(model, "predict", batch)(batch)
    return nest.map_structure(lambda t: np.asarray(t.numpy()), result)
