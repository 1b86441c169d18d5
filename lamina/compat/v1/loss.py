"""`tf.compat.v1.losses`: element-wise losses weighted by `weights` and reduced to a scalar, and the
graph's loss collections (`get_total_loss`).

The element-wise maths is Keras's (lamina/keras/loss.py); what is v1's own is the weighting: weights
must broadcast to the losses with the same rank (or be a scalar), losses are computed in float32 and
the default reduction divides by the number of non-zero weights. In a graph each loss is added to the
`loss_collection` ("losses"); eagerly nothing is collected.
"""

from __future__ import annotations

from lamina._core import dtypes
from lamina._core.context import executing_eagerly, name_scope
from lamina._core.convert import convert_to_tensor
from lamina._core.graph import get_default_graph
from lamina.keras import loss as keras_loss
from lamina.keras.loss_utils import remove_squeezable_dimensions
from lamina.ops import array_ops, comparison_ops, creation_ops, indexing_ops, math_ops, nn_ops, reduction_ops
from lamina.ops.cast_ops import cast
from lamina.ops.gradient_ops import stop_gradient

LOSSES = "losses"  # tf.compat.v1.GraphKeys.LOSSES
REGULARIZATION_LOSSES = "regularization_losses"  # tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES


class Reduction:
    """How a v1 loss reduces its weighted element-wise losses (`tf.compat.v1.losses.Reduction`).

    NONE: the weighted losses, unreduced. SUM: their sum. MEAN: the sum over the sum of the weights.
    SUM_OVER_BATCH_SIZE: the sum over the number of elements. SUM_BY_NONZERO_WEIGHTS (also
    SUM_OVER_NONZERO_WEIGHTS, the default): the sum over the number of non-zero weights.
    """

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls) -> tuple[str, ...]:
        return (
            cls.NONE,
            cls.SUM,
            cls.MEAN,
            cls.SUM_OVER_BATCH_SIZE,
            cls.SUM_OVER_NONZERO_WEIGHTS,
            cls.SUM_BY_NONZERO_WEIGHTS,
        )

    @classmethod
    def validate(cls, key) -> None:
        """Raises ValueError unless `key` is one of `Reduction.all()`."""
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}. Key should be one of {cls.all()}.")


# ---- collections --------------------------------------------------------------------------------
def add_loss(loss, loss_collection=LOSSES):
    """Adds `loss` to the graph collection `loss_collection` (nothing eagerly or when it is None)."""
    if loss_collection and not executing_eagerly():
        get_default_graph().add_to_collection(loss_collection, loss)


def get_losses(scope=None, loss_collection=LOSSES) -> list:
    """The losses in `loss_collection` whose names start with `scope`."""
    return get_default_graph().get_collection(loss_collection, scope)


def get_regularization_losses(scope=None) -> list:
    """The regularization losses collected in the graph (GraphKeys.REGULARIZATION_LOSSES)."""
    return get_default_graph().get_collection(REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope=None, name="total_regularization_loss"):
    """The sum of the regularization losses, or a constant 0.0 when there are none."""
    losses = get_regularization_losses(scope)
    if losses:
        return math_ops.add_n(losses, name=name)
    return creation_ops.constant(0.0)


def get_total_loss(add_regularization_losses=True, name="total_loss", scope=None):
    """The sum of the collected losses (and regularization losses).

    Raises:
      ValueError: there are no losses to add.
    """
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses = losses + get_regularization_losses(scope=scope)
    return math_ops.add_n(losses, name=name)


# ---- weighting ----------------------------------------------------------------------------------
def _dims(shape) -> str:
    return "(" + ", ".join(str(d) for d in shape.as_list()) + ("," if shape.rank == 1 else "") + ")"


def _check_broadcastable(weights, values) -> None:
    """v1's rule: `weights` is a scalar, or has the rank of `values` with each dimension 1 or equal."""
    weights_rank, values_rank = weights.shape.rank, values.shape.rank
    if weights_rank == 0 or weights_rank is None or values_rank is None:
        return
    prefix = "weights can not be broadcast to values."
    shapes = f"values.shape={_dims(values.shape)}. weights.shape={_dims(weights.shape)}."
    if weights_rank != values_rank:
        raise ValueError(f"{prefix} values.rank={values_rank}. weights.rank={weights_rank}. {shapes}")
    for index, (w, v) in enumerate(zip(weights.shape.as_list(), values.shape.as_list())):
        if w is not None and v is not None and w not in (1, v):
            raise ValueError(f"{prefix} Mismatch at dim {index}. {shapes}")


def _num_present(losses, weights, per_batch=False):
    """The number of entries of `losses` whose (broadcast) weight is non-zero: in total, or per
    example (summed over every axis but the first, keeping dimensions) when `per_batch`."""
    present = indexing_ops.where(
        comparison_ops.equal(weights, 0.0), creation_ops.zeros_like(weights), creation_ops.ones_like(weights)
    )
    present = present * creation_ops.ones_like(losses)
    if per_batch:
        return reduction_ops.reduce_sum(present, axis=list(range(1, losses.shape.rank)), keepdims=True)
    return reduction_ops.reduce_sum(present)


def _reduce(losses, weights, reduction):
    weighted = losses * weights
    if reduction == Reduction.NONE:
        return weighted
    total = reduction_ops.reduce_sum(weighted)
    if reduction == Reduction.SUM:
        return total
    if reduction == Reduction.MEAN:
        count = reduction_ops.reduce_sum(creation_ops.ones_like(losses) * weights)
    elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
        count = cast(array_ops.size(losses), dtypes.float32)
    else:
        count = _num_present(losses, weights)
    return math_ops.divide_no_nan(total, count, name="value")


def compute_weighted_loss(
    losses, weights=1.0, scope=None, loss_collection=LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS
):
    """Weights element-wise `losses` and reduces them; the result has the losses' dtype (computed in
    float32) and is added to `loss_collection` in a graph.

    Raises:
      ValueError: an unknown reduction, or weights that do not broadcast to the losses (v1's rule).
    """
    Reduction.validate(reduction)
    with name_scope(scope or "weighted_loss"):
        losses = convert_to_tensor(losses)
        input_dtype = losses.dtype
        weights = convert_to_tensor(weights, dtype_hint=dtypes.float32)
        _check_broadcastable(weights, losses)
        losses, weights = cast(losses, dtypes.float32), cast(weights, dtypes.float32)
        loss = cast(_reduce(losses, weights, reduction), input_dtype)
        add_loss(loss, loss_collection)
        return loss


# ---- losses -------------------------------------------------------------------------------------
def _require(value, name: str) -> None:
    if value is None:
        raise ValueError(f"Argument `{name}` must not be None.")


def _float_pair(labels, predictions):
    """Both cast to float32; raises ValueError when their shapes are incompatible."""
    predictions = cast(predictions, dtypes.float32)
    labels = cast(labels, dtypes.float32)
    _check_compatible(predictions, labels)
    return labels, predictions


def _check_compatible(first, second) -> None:
    if not first.shape.is_compatible_with(second.shape):
        raise ValueError(f"Shapes {first.shape} and {second.shape} are incompatible")


def _elementwise_loss(default_name, elementwise):
    """A v1 loss of (labels, predictions): `elementwise(labels, predictions)` weighted and reduced."""

    def loss(
        labels,
        predictions,
        weights=1.0,
        scope=None,
        loss_collection=LOSSES,
        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
    ):
        _require(labels, "labels")
        _require(predictions, "predictions")
        with name_scope(scope or default_name) as scope:
            labels, predictions = _float_pair(labels, predictions)
            losses = elementwise(labels, predictions)
            return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)

    loss.__name__ = default_name
    return loss


mean_squared_error = _elementwise_loss("mean_squared_error", keras_loss.squared_error)
mean_squared_error.__doc__ = (
    "Weighted (predictions - labels) ** 2, reduced (`reduction`, default: mean over non-zero weights)."
)
absolute_difference = _elementwise_loss("absolute_difference", keras_loss.absolute_error)
absolute_difference.__doc__ = (
    "Weighted |predictions - labels|, reduced (`reduction`, default: mean over non-zero weights)."
)


def log_loss(
    labels,
    predictions,
    weights=1.0,
    epsilon=1e-7,
    scope=None,
    loss_collection=LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Weighted -(labels * log(p + epsilon) + (1 - labels) * log(1 - p + epsilon)), p = predictions
    (not clipped), reduced."""
    _require(labels, "labels")
    _require(predictions, "predictions")
    with name_scope(scope or "log_loss") as scope:
        labels, predictions = _float_pair(labels, predictions)
        losses = keras_loss.log_loss_elementwise(labels, predictions, epsilon)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def hinge_loss(
    labels,
    logits,
    weights=1.0,
    scope=None,
    loss_collection=LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Weighted max(1 - (2 * labels - 1) * logits, 0) for labels in {0, 1}, reduced."""
    _require(labels, "labels")
    _require(logits, "logits")
    with name_scope(scope or "hinge_loss") as scope:
        labels, logits = _float_pair(labels, logits)
        losses = keras_loss.hinge_elementwise(2.0 * labels - 1.0, logits)
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def huber_loss(
    labels,
    predictions,
    weights=1.0,
    delta=1.0,
    scope=None,
    loss_collection=LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Weighted Huber loss of predictions - labels: quadratic up to `delta`, linear beyond, reduced."""
    _require(labels, "labels")
    _require(predictions, "predictions")
    with name_scope(scope or "huber_loss") as scope:
        labels, predictions = _float_pair(labels, predictions)
        losses = keras_loss.huber_elementwise(predictions - labels, cast(delta, dtypes.float32))
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def sigmoid_cross_entropy(
    multi_class_labels,
    logits,
    weights=1.0,
    label_smoothing=0,
    scope=None,
    loss_collection=LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Weighted sigmoid crossentropy of logits against labels in [0, 1] (smoothed towards 0.5 by
    `label_smoothing`), reduced."""
    _require(multi_class_labels, "multi_class_labels")
    _require(logits, "logits")
    with name_scope(scope or "sigmoid_cross_entropy_loss") as scope:
        logits = convert_to_tensor(logits)
        labels = cast(multi_class_labels, logits.dtype)
        _check_compatible(logits, labels)
        labels = keras_loss.smooth_binary_labels(labels, label_smoothing)
        losses = nn_ops.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def softmax_cross_entropy(
    onehot_labels,
    logits,
    weights=1.0,
    label_smoothing=0,
    scope=None,
    loss_collection=LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Weighted softmax crossentropy per example (labels over the last axis, smoothed towards uniform
    by `label_smoothing`; no gradient flows into the labels), reduced."""
    _require(onehot_labels, "onehot_labels")
    _require(logits, "logits")
    with name_scope(scope or "softmax_cross_entropy_loss") as scope:
        logits = convert_to_tensor(logits)
        labels = cast(onehot_labels, logits.dtype)
        _check_compatible(logits, labels)
        labels = stop_gradient(keras_loss.smooth_categorical_labels(labels, label_smoothing))
        losses = nn_ops.softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def sparse_softmax_cross_entropy(
    labels,
    logits,
    weights=1.0,
    scope=None,
    loss_collection=LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
):
    """Weighted crossentropy of integer class labels against logits, reduced. Labels (and weights)
    with a trailing dimension of 1 are squeezed.

    Raises:
      InvalidArgumentError: a label is outside [0, num_classes) (checked eagerly on the host).
    """
    _require(labels, "labels")
    _require(logits, "logits")
    with name_scope(scope or "sparse_softmax_cross_entropy_loss") as scope:
        labels, logits = convert_to_tensor(labels), convert_to_tensor(logits)
        labels, logits = remove_squeezable_dimensions(labels, logits, expected_rank_diff=1)
        weights = convert_to_tensor(weights, dtype_hint=dtypes.float32)
        if labels.shape.rank is not None and weights.shape.rank == labels.shape.rank + 1:
            weights = array_ops.squeeze(weights, [-1])
        losses = nn_ops.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits, name="xentropy"
        )
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def cosine_distance(
    labels,
    predictions,
    axis=None,
    weights=1.0,
    scope=None,
    loss_collection=LOSSES,
    reduction=Reduction.SUM_BY_NONZERO_WEIGHTS,
    dim=None,
):
    """Weighted 1 - sum(labels * predictions, axis) (keeping `axis`), for unit-normalized inputs.

    Raises:
      ValueError: `axis` is missing, or given both as `axis` and `dim`.
    """
    if dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'dim' and 'axis'.")
        axis = dim
    if axis is None:
        raise ValueError("You must specify argument `axis`.")
    _require(labels, "labels")
    _require(predictions, "predictions")
    with name_scope(scope or "cosine_distance_loss") as scope:
        labels, predictions = _float_pair(labels, predictions)
        similarity = reduction_ops.reduce_sum(predictions * labels, axis=(axis,), keepdims=True)
        return compute_weighted_loss(1.0 - similarity, weights, scope, loss_collection, reduction=reduction)


def mean_pairwise_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=LOSSES):
    """For each example, the mean over pairs of its entries (i, j) of ((p_i - p_j) - (l_i - l_j)) ** 2,
    counting the entries whose weight is non-zero; the per-example values times `weights`, summed.

    (TensorFlow run eagerly counts every entry of the batch instead when `weights` is a non-zero
    scalar; lamina counts per example in every mode, as TensorFlow does in graphs.)
    """
    _require(labels, "labels")
    _require(predictions, "predictions")
    with name_scope(scope or "mean_pairwise_squared_error"):
        labels, predictions = _float_pair(labels, predictions)
        weights = cast(convert_to_tensor(weights, dtype_hint=dtypes.float32), dtypes.float32)
        diffs = predictions - labels
        _check_broadcastable(weights, diffs)
        axes = list(range(1, diffs.shape.rank))
        count = _num_present(diffs, weights, per_batch=True)
        sum_of_squares = reduction_ops.reduce_sum(math_ops.square(diffs), axis=axes, keepdims=True)
        first = 2.0 * math_ops.divide_no_nan(sum_of_squares, math_ops.maximum(count - 1.0, 0.0))
        sum_of_diffs = reduction_ops.reduce_sum(diffs, axis=axes, keepdims=True)
        pairs = math_ops.maximum(count * (count - 1.0), 0.0)
        second = 2.0 * math_ops.divide_no_nan(math_ops.square(sum_of_diffs), pairs)
        loss = reduction_ops.reduce_sum((first - second) * weights)
        any_present = comparison_ops.greater(reduction_ops.reduce_sum(count), 0.0)
        mean_loss = indexing_ops.where(any_present, loss, creation_ops.zeros_like(loss), name="value")
        add_loss(mean_loss, loss_collection)
        return mean_loss
