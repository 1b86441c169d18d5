"""The Keras Loss classes (`tf.keras.losses.Loss`, `MeanSquaredError`, ...) and the namespace's
get/serialize/deserialize.

A Loss computes per-example losses with `call(y_true, y_pred)`, folds in `sample_weight` and any mask
(a mask on the predictions, or the one `sparse_categorical_crossentropy(ignore_class=...)` attaches to
its result) and reduces them as its `reduction` says. The built-in classes wrap the functions of
lamina/keras/loss.py with fixed keyword arguments.
"""

from __future__ import annotations

from lamina._core.context import name_scope
from lamina._core.convert import is_tensor
from lamina._function.autograph import convert as autograph_convert
from lamina.keras import loss as functions
from lamina.keras.loss_utils import (
    Reduction,
    apply_valid_mask,
    combined_mask,
    compute_weighted_loss,
    squeeze_or_expand_dimensions,
)
from lamina.keras.serialization import Catalog, get_registered_name


class Loss:
    """Base class of Keras losses: subclasses implement `call(y_true, y_pred)` returning per-example
    losses; calling the loss weights and reduces them.

    Args:
      reduction: one of `tf.keras.losses.Reduction` ("auto", "none", "sum", "sum_over_batch_size").
      name: the loss's name (and name scope of its ops); defaults to the class name for the scope.

    Raises:
      ValueError: `reduction` is not a Reduction key.
    """

    def __init__(self, reduction=Reduction.AUTO, name=None):
        Reduction.validate(reduction)
        self.reduction = reduction
        self.name = name
        self._allow_sum_over_batch_size = False
        if name is None:
            self._name_scope = type(self).__name__.strip("_")
        elif name == "<lambda>":
            self._name_scope = "lambda"
        else:
            self._name_scope = name.strip("_")

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The weighted, reduced loss.

        Args:
          y_true: labels.
          y_pred: predictions.
          sample_weight: None, a scalar (scales the loss), or a tensor broadcastable to the per-example
            losses after rank alignment (a weight per example, or per element).

        Returns:
          A scalar, or the weighted per-example losses when the reduction is NONE.
        """
        with name_scope(self._name_scope):
            # AutoGraph converts a subclass's `call` so that Python control flow over tensors works
            # in graphs; the built-in calls are library code and stay as they are.
            losses = autograph_convert(self.call)(y_true, y_pred)
            reduction = self._get_reduction()
            mask = combined_mask(y_pred, losses)
            sample_weight = apply_valid_mask(losses, sample_weight, mask, reduction)
            return compute_weighted_loss(losses, sample_weight, reduction=reduction)

    def call(self, y_true, y_pred):
        """The per-example losses; subclasses implement it."""
        raise NotImplementedError("Must be implemented in subclasses.")

    def _get_reduction(self) -> str:
        return Reduction.SUM_OVER_BATCH_SIZE if self.reduction == Reduction.AUTO else self.reduction

    def get_config(self) -> dict:
        return {"reduction": self.reduction, "name": self.name}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)


def _plain(value):
    """A config value as a Python value (a tensor argument becomes its NumPy value)."""
    return value.numpy().tolist() if is_tensor(value) and hasattr(value, "numpy") else value


class LossFunctionWrapper(Loss):
    """A Loss that calls a loss function with fixed keyword arguments.

    Args:
      fn: a function (y_true, y_pred, **kwargs) -> per-example losses.
      reduction, name: as for Loss.
      **kwargs: passed to `fn` on every call.
    """

    def __init__(self, fn, reduction=Reduction.AUTO, name=None, **kwargs):
        super().__init__(reduction=reduction, name=name)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        """Aligns the ranks of tensor labels and predictions, then calls the function."""
        if is_tensor(y_pred) and is_tensor(y_true):
            y_pred, y_true = squeeze_or_expand_dimensions(y_pred, y_true)
        return autograph_convert(self.fn)(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({key: _plain(value) for key, value in self._fn_kwargs.items()})
        config["fn"] = get_registered_name(self.fn)
        return config

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        name = config.pop("fn", None)
        if cls is LossFunctionWrapper:
            config["fn"] = get(name) if isinstance(name, str) else name
        return cls(**config)


# ---- regression ---------------------------------------------------------------------------------
class MeanSquaredError(LossFunctionWrapper):
    """mean((y_true - y_pred) ** 2) over the last axis, then weighted and reduced."""

    def __init__(self, reduction=Reduction.AUTO, name="mean_squared_error"):
        super().__init__(functions.mean_squared_error, reduction=reduction, name=name)


class MeanAbsoluteError(LossFunctionWrapper):
    """mean(|y_true - y_pred|) over the last axis, then weighted and reduced."""

    def __init__(self, reduction=Reduction.AUTO, name="mean_absolute_error"):
        super().__init__(functions.mean_absolute_error, reduction=reduction, name=name)


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """100 * mean(|(y_true - y_pred) / y_true|) over the last axis, then weighted and reduced."""

    def __init__(self, reduction=Reduction.AUTO, name="mean_absolute_percentage_error"):
        super().__init__(functions.mean_absolute_percentage_error, reduction=reduction, name=name)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """mean((log(y_pred + 1) - log(y_true + 1)) ** 2) over the last axis, then weighted and reduced."""

    def __init__(self, reduction=Reduction.AUTO, name="mean_squared_logarithmic_error"):
        super().__init__(functions.mean_squared_logarithmic_error, reduction=reduction, name=name)


class Huber(LossFunctionWrapper):
    """Quadratic for errors up to `delta`, linear beyond (see `huber`)."""

    def __init__(self, delta=1.0, reduction=Reduction.AUTO, name="huber_loss"):
        super().__init__(functions.huber, reduction=reduction, name=name, delta=delta)


class LogCosh(LossFunctionWrapper):
    """mean(log(cosh(y_pred - y_true))) over the last axis, then weighted and reduced."""

    def __init__(self, reduction=Reduction.AUTO, name="log_cosh"):
        super().__init__(functions.log_cosh, reduction=reduction, name=name)


# ---- probabilistic ------------------------------------------------------------------------------
class BinaryCrossentropy(LossFunctionWrapper):
    """Crossentropy of binary labels against probabilities (or logits when `from_logits`)."""

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=Reduction.AUTO,
        name="binary_crossentropy",
    ):
        super().__init__(
            functions.binary_crossentropy,
            reduction=reduction,
            name=name,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits


class BinaryFocalCrossentropy(LossFunctionWrapper):
    """Binary crossentropy down-weighting well-classified examples by (1 - p_t) ** gamma."""

    def __init__(
        self,
        apply_class_balancing=False,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=Reduction.AUTO,
        name="binary_focal_crossentropy",
    ):
        super().__init__(
            functions.binary_focal_crossentropy,
            reduction=reduction,
            name=name,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits, self.apply_class_balancing = from_logits, apply_class_balancing
        self.alpha, self.gamma = alpha, gamma


class CategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy of one-hot (or soft) labels against class probabilities or logits."""

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=Reduction.AUTO,
        name="categorical_crossentropy",
    ):
        super().__init__(
            functions.categorical_crossentropy,
            reduction=reduction,
            name=name,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class CategoricalFocalCrossentropy(LossFunctionWrapper):
    """Categorical crossentropy scaled by alpha * (1 - p) ** gamma."""

    def __init__(
        self,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=Reduction.AUTO,
        name="categorical_focal_crossentropy",
    ):
        super().__init__(
            functions.categorical_focal_crossentropy,
            reduction=reduction,
            name=name,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits, self.alpha, self.gamma = from_logits, alpha, gamma


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Crossentropy of integer class labels against class probabilities or logits; labels equal to
    `ignore_class` do not count (the mean runs over the other entries)."""

    def __init__(
        self,
        from_logits=False,
        ignore_class=None,
        reduction=Reduction.AUTO,
        name="sparse_categorical_crossentropy",
    ):
        super().__init__(
            functions.sparse_categorical_crossentropy,
            reduction=reduction,
            name=name,
            from_logits=from_logits,
            ignore_class=ignore_class,
        )


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence sum(y_true * log(y_true / y_pred)) over the last axis."""

    def __init__(self, reduction=Reduction.AUTO, name="kl_divergence"):
        super().__init__(functions.kl_divergence, reduction=reduction, name=name)


class Poisson(LossFunctionWrapper):
    """mean(y_pred - y_true * log(y_pred)) over the last axis, then weighted and reduced."""

    def __init__(self, reduction=Reduction.AUTO, name="poisson"):
        super().__init__(functions.poisson, reduction=reduction, name=name)


class CosineSimilarity(LossFunctionWrapper):
    """Negative cosine similarity along `axis` (-1 for parallel vectors, 1 for opposite ones)."""

    def __init__(self, axis=-1, reduction=Reduction.AUTO, name="cosine_similarity"):
        super().__init__(functions.cosine_similarity, reduction=reduction, name=name, axis=axis)


# ---- hinge --------------------------------------------------------------------------------------
class Hinge(LossFunctionWrapper):
    """mean(max(1 - y_true * y_pred, 0)) over the last axis; labels in {0, 1} become {-1, 1}."""

    def __init__(self, reduction=Reduction.AUTO, name="hinge"):
        super().__init__(functions.hinge, reduction=reduction, name=name)


class SquaredHinge(LossFunctionWrapper):
    """mean(max(1 - y_true * y_pred, 0) ** 2) over the last axis; labels in {0, 1} become {-1, 1}."""

    def __init__(self, reduction=Reduction.AUTO, name="squared_hinge"):
        super().__init__(functions.squared_hinge, reduction=reduction, name=name)


class CategoricalHinge(LossFunctionWrapper):
    """max(max_negative - positive + 1, 0) for one-hot labels."""

    def __init__(self, reduction=Reduction.AUTO, name="categorical_hinge"):
        super().__init__(functions.categorical_hinge, reduction=reduction, name=name)


# ---- get / serialize / deserialize --------------------------------------------------------------
_CLASSES = (
    Loss,
    MeanSquaredError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError,
    Huber,
    LogCosh,
    BinaryCrossentropy,
    BinaryFocalCrossentropy,
    CategoricalCrossentropy,
    CategoricalFocalCrossentropy,
    SparseCategoricalCrossentropy,
    KLDivergence,
    Poisson,
    CosineSimilarity,
    Hinge,
    SquaredHinge,
    CategoricalHinge,
)
FUNCTIONS = {
    function.__name__: function
    for function in (
        functions.mean_squared_error,
        functions.mean_absolute_error,
        functions.mean_absolute_percentage_error,
        functions.mean_squared_logarithmic_error,
        functions.huber,
        functions.log_cosh,
        functions.binary_crossentropy,
        functions.binary_focal_crossentropy,
        functions.categorical_crossentropy,
        functions.categorical_focal_crossentropy,
        functions.sparse_categorical_crossentropy,
        functions.kl_divergence,
        functions.poisson,
        functions.cosine_similarity,
        functions.hinge,
        functions.squared_hinge,
        functions.categorical_hinge,
    )
}
ALIASES = {
    "mse": functions.mean_squared_error,
    "MSE": functions.mean_squared_error,
    "mae": functions.mean_absolute_error,
    "MAE": functions.mean_absolute_error,
    "mape": functions.mean_absolute_percentage_error,
    "MAPE": functions.mean_absolute_percentage_error,
    "msle": functions.mean_squared_logarithmic_error,
    "MSLE": functions.mean_squared_logarithmic_error,
    "kld": functions.kl_divergence,
    "KLD": functions.kl_divergence,
    "kullback_leibler_divergence": functions.kl_divergence,
    "logcosh": functions.log_cosh,
    "huber_loss": functions.huber,
}
CATALOG = Catalog(
    "keras.losses",
    "loss function",
    {**{cls.__name__: cls for cls in _CLASSES}, **FUNCTIONS, **ALIASES},
)


def serialize(loss, use_legacy_format=False):
    """A loss as Keras 2.15 writes it: a Loss becomes {"module", "class_name", "config",
    "registered_name"}; a function becomes {"module": "builtins", "class_name": "function", "config":
    its name, "registered_name": "function"}. The legacy format gives the name / {"class_name",
    "config"}."""
    if loss is None:
        return None
    if not hasattr(loss, "get_config"):
        name = get_registered_name(loss)
        if use_legacy_format:
            return name
        return {"module": "builtins", "class_name": "function", "config": name, "registered_name": "function"}
    if use_legacy_format:
        return {"class_name": type(loss).__name__, "config": loss.get_config()}
    return CATALOG.serialize(loss)


def deserialize(name, custom_objects=None, use_legacy_format=False):
    """The loss function or Loss described by a name or a serialized dict.

    Raises:
      ValueError: the name is not a known loss (nor in `custom_objects` or registered).
    """
    del use_legacy_format  # both formats are read
    if isinstance(name, dict) and name.get("class_name") == "function":
        return CATALOG.deserialize(name["config"], custom_objects)
    return CATALOG.deserialize(name, custom_objects)


def get(identifier):
    """A loss from a name ("mse", "CategoricalCrossentropy"), a serialized dict, or a callable (returned
    as is); None stays None.

    Raises:
      ValueError: an unknown name, or an identifier that is none of these.
    """
    if isinstance(identifier, dict) and identifier.get("class_name") == "function":
        return deserialize(identifier)
    return CATALOG.get(identifier)
