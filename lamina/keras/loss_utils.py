"""What Keras losses and metrics share: reductions, aligning the ranks of labels, predictions and
sample weights, masks, and the weighted reduction of per-example losses.

Rank alignment follows Keras 2.15 (its `squeeze_or_expand_dimensions`): predictions of shape [N, 1]
against labels [N] are squeezed (and labels [N, 1] against predictions [N]); a sample weight one rank
above the losses loses its last dimension, one rank below gains one. Ranks must be known when the op
is built; a tensor of unknown rank is used as it is.
"""

from __future__ import annotations

from lamina._core import dtypes
from lamina._core.context import name_scope
from lamina._core.convert import convert_to_tensor, is_tensor
from lamina.keras import attachments
from lamina.ops import array_ops, math_ops, reduction_ops
from lamina.ops.cast_ops import cast
from lamina.ops.comparison_ops import logical_and


class Reduction:
    """How a loss reduces its per-example values (`tf.keras.losses.Reduction`).

    AUTO: SUM_OVER_BATCH_SIZE (outside a distribution strategy, the only context lamina has yet).
    NONE: no reduction; the weighted per-example losses.
    SUM: the sum of the weighted losses.
    SUM_OVER_BATCH_SIZE: the sum of the weighted losses divided by their number of elements.
    """

    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls) -> tuple[str, ...]:
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key) -> None:
        """Raises ValueError unless `key` is one of `Reduction.all()`."""
        if key not in cls.all():
            raise ValueError(f'Invalid Reduction Key: {key}. Expected keys are "{cls.all()}"')


def _rank(x):
    return x.shape.rank


def _last_dim(x):
    return x.shape.as_list()[-1]


def remove_squeezable_dimensions(labels, predictions, expected_rank_diff: int = 0):
    """Squeezes the last dimension of `predictions` (or `labels`) when it is 1 (or unknown) and the
    ranks differ by `expected_rank_diff` + 1 (or - 1). Returns (labels, predictions)."""
    labels_rank, predictions_rank = _rank(labels), _rank(predictions)
    if labels_rank is None or predictions_rank is None:
        return labels, predictions
    rank_diff = predictions_rank - labels_rank
    if rank_diff == expected_rank_diff + 1 and _last_dim(predictions) in (1, None):
        predictions = array_ops.squeeze(predictions, [-1])
    elif rank_diff == expected_rank_diff - 1 and _last_dim(labels) in (1, None):
        labels = array_ops.squeeze(labels, [-1])
    return labels, predictions


def squeeze_or_expand_dimensions(y_pred, y_true=None, sample_weight=None):
    """Aligns the ranks of `y_true` with `y_pred`, then of `sample_weight` with `y_pred`.

    Returns:
      (y_pred, y_true) when `sample_weight` is None, else (y_pred, y_true, sample_weight).

    Raises:
      InvalidArgumentError (ValueError while a graph is built): a dimension to squeeze is not 1.
    """
    y_pred_rank = _rank(y_pred)
    if y_true is not None:
        y_true_rank = _rank(y_true)
        if y_true_rank is not None and y_pred_rank is not None:
            # Labels [N] against predictions [N, C] (sparse labels) are left alone.
            if y_pred_rank - y_true_rank != 1 or _last_dim(y_pred) == 1:
                y_true, y_pred = remove_squeezable_dimensions(y_true, y_pred)
    if sample_weight is None:
        return y_pred, y_true
    weights_rank = _rank(sample_weight)
    if weights_rank == 0 or weights_rank is None or y_pred_rank is None:
        return y_pred, y_true, sample_weight
    if weights_rank - y_pred_rank == 1:
        sample_weight = array_ops.squeeze(sample_weight, [-1])
    elif y_pred_rank - weights_rank == 1:
        sample_weight = array_ops.expand_dims(sample_weight, -1)
    return y_pred, y_true, sample_weight


def align_labels(y_true, y_pred):
    """Keras's label/prediction alignment before a loss or metric function: when both are tensors,
    their ranks are aligned (squeezing a trailing 1); Python and NumPy values are left as they are."""
    if is_tensor(y_true) and is_tensor(y_pred):
        y_pred, y_true = squeeze_or_expand_dimensions(y_pred, y_true)
    return y_true, y_pred


def apply_mask(y_pred, sample_weight, mask):
    """`sample_weight` multiplied by the (boolean) `mask` cast to `y_pred`'s dtype; the mask alone when
    there is no sample weight; `sample_weight` unchanged when there is no mask."""
    if mask is None:
        return sample_weight
    mask = cast(mask, y_pred.dtype)
    if sample_weight is None:
        return mask
    sample_weight = cast(convert_to_tensor(sample_weight, dtype_hint=y_pred.dtype), y_pred.dtype)
    mask, _, sample_weight = squeeze_or_expand_dimensions(mask, sample_weight=sample_weight)
    return sample_weight * mask


def apply_valid_mask(losses, sample_weight, mask, reduction: str):
    """Folds `mask` into `sample_weight`. With a mean reduction the weights are also scaled by
    (number of entries / number of valid entries), so the mean runs over the valid entries only."""
    if mask is not None and reduction in (Reduction.AUTO, Reduction.SUM_OVER_BATCH_SIZE):
        mask = cast(mask, losses.dtype)
        valid = reduction_ops.reduce_sum(mask)
        total = cast(array_ops.size(mask), losses.dtype)
        mask = mask * (total / valid)
    return apply_mask(losses, sample_weight, mask)


def combined_mask(y_pred, losses):
    """The mask of the predictions and/or the one a loss function attached to its result (both: and)."""
    in_mask, out_mask = attachments.get_mask(y_pred), attachments.get_mask(losses)
    if in_mask is not None and out_mask is not None:
        return logical_and(in_mask, out_mask)
    return in_mask if in_mask is not None else out_mask


def reduce_weighted_loss(weighted_losses, reduction: str):
    """Sums (SUM), averages over the number of elements (SUM_OVER_BATCH_SIZE, AUTO; 0 when there are
    none) or keeps (NONE) already weighted losses."""
    if reduction == Reduction.NONE:
        return weighted_losses
    total = reduction_ops.reduce_sum(weighted_losses)
    if reduction == Reduction.SUM:
        return total
    count = cast(array_ops.size(weighted_losses), total.dtype)
    return math_ops.divide_no_nan(total, count, name="value")


def compute_weighted_loss(losses, sample_weight=None, reduction: str = Reduction.SUM_OVER_BATCH_SIZE):
    """Weights per-example `losses` by `sample_weight` (broadcast after rank alignment) and reduces.

    Non-float losses are computed in float32 and cast back to their dtype (as Keras does); the
    sample weight is cast to the losses' dtype.

    Raises:
      ValueError: `reduction` is not a Reduction key.
    """
    Reduction.validate(reduction)
    if reduction == Reduction.AUTO:
        reduction = Reduction.SUM_OVER_BATCH_SIZE
    with name_scope("weighted_loss"):
        return _weighted_loss(losses, sample_weight, reduction)


def _weighted_loss(losses, sample_weight, reduction: str):
    losses = convert_to_tensor(losses)
    input_dtype = losses.dtype
    if not input_dtype.is_floating:
        losses = cast(losses, dtypes.float32)
    if sample_weight is None:
        return cast(reduce_weighted_loss(losses, reduction), input_dtype)
    sample_weight = cast(convert_to_tensor(sample_weight, dtype_hint=losses.dtype), losses.dtype)
    losses, _, sample_weight = squeeze_or_expand_dimensions(losses, None, sample_weight)
    weighted = math_ops.multiply(losses, sample_weight)
    return cast(reduce_weighted_loss(weighted, reduction), input_dtype)
