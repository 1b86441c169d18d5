"""What `Model.compile` turns its `loss`, `loss_weights`, `metrics` and `weighted_metrics` into: a
loss container that computes the total loss of a batch (per output, weighted, plus the model's
regularization losses) and keeps its running means, and a metrics container that updates one Keras
metric per (output, metric). Both accept a single value, a list in output order or a dict by output
name, as Keras does.
"""

from __future__ import annotations

from lamina._core import nest
from lamina._core.tensor import Tensor
from lamina.keras import loss as loss_functions
from lamina.keras import loss_classes
from lamina.keras.metric import functions
from lamina.keras.metric import lookup as metric_lookup
from lamina.keras.metric.base import Mean, MeanMetricWrapper, Metric
from lamina.ops import array_ops, cast_ops, math_ops


def map_to_outputs(value, output_names: list, what: str):
    """`value` (one for all outputs, a list in output order, or a dict by output name) as a list with
    one entry per output (None where a dict leaves an output out).

    Raises:
      ValueError: a list of the wrong length, or a dict key that names no output.
    """
    if isinstance(value, dict):
        unknown = [k for k in value if k not in output_names]
        if unknown:
            raise ValueError(
                f"Found unexpected {what} key(s) {unknown}: the model's outputs are named {output_names}."
            )
        return [value.get(name) for name in output_names]
    if isinstance(value, (list, tuple)) and len(output_names) > 1:
        if len(value) != len(output_names):
            raise ValueError(
                f"When passing a list as `{what}`, it should have one entry per model output. The model has "
                f"{len(output_names)} outputs, but you passed {what}={value}"
            )
        return list(value)
    return [value for _ in output_names]


def flatten_targets(y, output_names: list):
    """Labels (or sample weights) as a list in output order, from a tensor, list or dict."""
    if y is None:
        return [None] * len(output_names)
    if isinstance(y, dict):
        missing = [n for n in output_names if n not in y]
        if len(missing) == len(output_names):
            raise ValueError(
                f"Found unexpected keys {sorted(y)} in the targets; the model's outputs are {output_names}."
            )
        return [y.get(name) for name in output_names]
    if isinstance(y, (list, tuple)) and len(output_names) > 1:
        return list(y)
    if isinstance(y, (list, tuple)) and len(y) == 1:
        return list(y)
    return [y]


def _batch_size(tensor):
    return cast_ops.cast(array_ops.shape(tensor)[0], "float32")


class LossesContainer:
    """The compiled loss: `container(y_true, y_pred, sample_weight, regularization_losses)` returns
    the batch's total loss and updates the running means reported as "loss" and "<output>_loss"."""

    def __init__(self, losses, loss_weights=None, output_names=None):
        self._user_losses = losses
        self._user_weights = loss_weights
        self._output_names = output_names
        self._losses: list | None = None
        self._weights: list = []
        self._loss_metric = Mean(name="loss")
        self._per_output_metrics: list = []
        self.built = False

    def build(self, output_names: list):
        self._output_names = list(output_names)
        self._losses = [
            _get_loss(entry) for entry in map_to_outputs(self._user_losses, self._output_names, "loss")
        ]
        weights = self._user_weights
        self._weights = (
            [1.0] * len(self._output_names)
            if weights is None
            else [
                1.0 if w is None else float(w)
                for w in map_to_outputs(weights, self._output_names, "loss_weights")
            ]
        )
        if len(self._output_names) > 1:
            self._per_output_metrics = [
                Mean(name=f"{name}_loss") if loss is not None else None
                for name, loss in zip(self._output_names, self._losses)
            ]
        self.built = True

    @property
    def metrics(self) -> list:
        if not self.built:
            return []
        return [self._loss_metric] + [m for m in self._per_output_metrics if m is not None]

    def __call__(self, y_true, y_pred, sample_weight=None, regularization_losses=None):
        predictions = nest.flatten(y_pred)
        targets = flatten_targets(y_true, self._output_names)
        weights = flatten_targets(sample_weight, self._output_names)
        if len(weights) == 1 and len(predictions) > 1:
            weights = weights * len(predictions)
        totals, metric_values = [], []
        batch = _batch_size(predictions[0])
        for index, (loss, target, prediction) in enumerate(zip(self._losses, targets, predictions)):
            if loss is None or target is None:
                continue
            value = loss(target, prediction, sample_weight=weights[index] if index < len(weights) else None)
            if self._per_output_metrics:
                self._per_output_metrics[index].update_state(value, sample_weight=batch)
            metric_values.append(value * self._weights[index])
            totals.append(value * self._weights[index])
        if regularization_losses:
            penalty = math_ops.add_n([cast_ops.cast(r, "float32") for r in regularization_losses])
            totals.append(penalty)
            metric_values.append(penalty)
        if not totals:
            raise ValueError(
                "No loss to compute. Provide a `loss` argument in `compile()`, or labels for at least one "
                "output."
            )
        total = math_ops.add_n(totals) if len(totals) > 1 else totals[0]
        self._loss_metric.update_state(
            math_ops.add_n(metric_values) if len(metric_values) > 1 else metric_values[0], sample_weight=batch
        )
        return total

    def reset_state(self):
        for metric in self.metrics:
            metric.reset_state()


def _get_loss(identifier):
    if identifier is None:
        return None
    loss = loss_classes.get(identifier)
    if isinstance(loss, loss_classes.Loss):
        return loss
    name = getattr(loss, "__name__", "loss")
    return loss_classes.LossFunctionWrapper(loss, name=name)


class MetricsContainer:
    """The compiled metrics: one Keras metric per (output, requested metric), named "<metric>" for a
    single-output model and "<output>_<metric>" otherwise; "accuracy"/"acc" (and "crossentropy"/"ce")
    pick the binary, categorical or sparse variant from the labels' and predictions' shapes and the
    loss, like Keras."""

    def __init__(self, metrics=None, weighted_metrics=None, output_names=None, losses=None):
        self._user_metrics = metrics
        self._user_weighted = weighted_metrics
        self._losses = losses
        self._metrics: list | None = None  # per output: [(metric, weighted)]
        self.built = False

    def build(self, y_true, y_pred, output_names: list):
        self._output_names = list(output_names)
        predictions = nest.flatten(y_pred)
        targets = flatten_targets(y_true, self._output_names)
        plain = _metrics_per_output(self._user_metrics, self._output_names, "metrics")
        weighted = _metrics_per_output(self._user_weighted, self._output_names, "weighted_metrics")
        losses = (
            map_to_outputs(self._losses, self._output_names, "loss")
            if self._losses is not None
            else [None] * len(output_names)
        )
        self._metrics = []
        for index in range(len(self._output_names)):
            entries = []
            for group, is_weighted in ((plain, False), (weighted, True)):
                for identifier in _as_list(group[index] if group else None):
                    metric = _get_metric(
                        identifier,
                        targets[index] if index < len(targets) else None,
                        predictions[index],
                        losses[index],
                        is_weighted,
                    )
                    entries.append((metric, is_weighted))
            self._metrics.append(entries)
        self._set_names()
        self.built = True

    def _set_names(self):
        """ "<output>_<metric>" for several outputs; a weighted metric whose name an unweighted one
        already has becomes "weighted_<metric>" (Keras's rule).

        Raises:
          ValueError: two metrics that would have the same name."""
        taken: set = set()
        multi = len(self._output_names) > 1
        for output_name, entries in zip(self._output_names, self._metrics):
            for metric, is_weighted in sorted(entries, key=lambda entry: entry[1]):
                base = metric.name
                name = f"{output_name}_{base}" if multi else base
                if is_weighted and name in taken:
                    name = f"{output_name}_weighted_{base}" if multi else f"weighted_{base}"
                if name in taken:
                    raise ValueError(
                        f"Found two metrics with the same name: {name}. All the metrics added to the model "
                        "need to have unique names."
                    )
                taken.add(name)
                metric._name = name

    @property
    def metrics(self) -> list:
        if not self.built:
            return []
        return [metric for entries in self._metrics for metric, _ in entries]

    def update_state(self, y_true, y_pred, sample_weight=None):
        predictions = nest.flatten(y_pred)
        targets = flatten_targets(y_true, self._output_names)
        weights = flatten_targets(sample_weight, self._output_names)
        if len(weights) == 1 and len(predictions) > 1:
            weights = weights * len(predictions)
        for index, entries in enumerate(self._metrics):
            if index >= len(targets) or targets[index] is None:
                continue
            for metric, is_weighted in entries:
                weight = weights[index] if index < len(weights) else None
                # Only `weighted_metrics` see sample (and class) weights, as in Keras.
                metric.update_state(
                    targets[index], predictions[index], sample_weight=weight if is_weighted else None
                )

    def reset_state(self):
        for metric in self.metrics:
            metric.reset_state()


def _metrics_per_output(metrics, output_names: list, what: str):
    """Metrics for each output: a flat list applies to every output, a list of lists or a dict names
    them per output (Keras's rule)."""
    if not metrics:
        return None
    if isinstance(metrics, (list, tuple)) and not any(isinstance(m, (list, tuple, dict)) for m in metrics):
        return [list(metrics) for _ in output_names]
    return map_to_outputs(metrics, output_names, what)


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


_ACCURACY_NAMES = ("accuracy", "acc")
_CROSSENTROPY_NAMES = ("crossentropy", "ce")


def _get_metric(identifier, y_true, y_pred, loss, weighted) -> Metric:
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str) and identifier in _ACCURACY_NAMES + _CROSSENTROPY_NAMES:
        return _inferred_metric(identifier, y_true, y_pred, loss)
    metric = metric_lookup.get(identifier)
    if isinstance(metric, Metric):
        return metric
    name = identifier if isinstance(identifier, str) else getattr(metric, "__name__", "metric")
    return MeanMetricWrapper(metric, name=name)


def _inferred_metric(name, y_true, y_pred, loss) -> Metric:
    """Keras's choice of accuracy/crossentropy variant from shapes and the loss."""
    target_shape = y_true.shape if isinstance(y_true, Tensor) else None
    output_shape = y_pred.shape
    loss_name = (
        getattr(loss, "__name__", None)
        or getattr(loss, "name", None)
        or (loss if isinstance(loss, str) else "")
    )
    is_binary = output_shape.rank is not None and output_shape[-1] == 1 or "binary" in str(loss_name)
    is_sparse = "sparse" in str(loss_name) or (
        target_shape is not None
        and output_shape.rank is not None
        and target_shape.rank is not None
        and (
            target_shape.rank == output_shape.rank - 1
            or (target_shape.rank == output_shape.rank and target_shape[-1] == 1)
        )
        and output_shape[-1] != 1
    )
    if name in _ACCURACY_NAMES:
        if is_binary:
            function = functions.binary_accuracy
        elif is_sparse:
            function = functions.sparse_categorical_accuracy
        else:
            function = functions.categorical_accuracy
    elif is_binary:
        function = loss_functions.binary_crossentropy
    elif is_sparse:
        function = loss_functions.sparse_categorical_crossentropy
    else:
        function = loss_functions.categorical_crossentropy
    return MeanMetricWrapper(function, name=name)
