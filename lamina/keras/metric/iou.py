"""Intersection-over-union metrics for segmentation: IoU, MeanIoU, BinaryIoU, OneHotIoU, OneHotMeanIoU.

Each accumulates a class confusion matrix; a class's IoU is tp / (tp + fp + fn) read from it.
"""

from __future__ import annotations

from lamina.keras.metric import confusion
from lamina.keras.metric.base import Metric
from lamina.ops import array_ops, cast_ops, comparison_ops, linalg_ops, math_ops, reduction_ops
from lamina.ops._op import tensor


class _IoUBase(Metric):
    """Accumulates the [num_classes, num_classes] confusion matrix (rows: labels, columns:
    predictions) in `total_cm`."""

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(name=name, dtype=dtype)
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_weight("total_confusion_matrix", shape=(num_classes, num_classes))

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's (label, prediction) pairs to the confusion matrix.

        Args:
          y_true: class indices (or one-hot along `axis` when not sparse_y_true).
          y_pred: class indices (or scores along `axis` when not sparse_y_pred).
          sample_weight: optional weight of each pixel/example (flattened like the labels).
        """
        y_true, y_pred = tensor(y_true), tensor(y_pred)
        if not self.sparse_y_true:
            y_true = reduction_ops.argmax(y_true, axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = reduction_ops.argmax(y_pred, axis=self.axis)
        y_true = array_ops.reshape(cast_ops.cast(y_true, self._dtype), [-1])
        y_pred = array_ops.reshape(cast_ops.cast(y_pred, self._dtype), [-1])
        if sample_weight is not None:
            sample_weight = array_ops.reshape(cast_ops.cast(tensor(sample_weight), self._dtype), [-1])
        if self.ignore_class is not None:
            # Ignored pixels get weight 0 (rather than being removed: shapes stay static).
            kept = cast_ops.cast(comparison_ops.not_equal(y_true, float(self.ignore_class)), self._dtype)
            sample_weight = kept if sample_weight is None else math_ops.multiply(sample_weight, kept)
        matrix = confusion.class_confusion_matrix(
            y_true, y_pred, self.num_classes, sample_weight, self._dtype
        )
        return self.total_cm.assign_add(matrix)

    def _class_counts(self):
        """Per class: (true positives, tp + fp + fn)."""
        matrix = self.total_cm.read_value()
        true_positives = linalg_ops.diag_part(matrix)
        union = math_ops.subtract(
            math_ops.add(reduction_ops.reduce_sum(matrix, axis=0), reduction_ops.reduce_sum(matrix, axis=1)),
            true_positives,
        )
        return true_positives, union


class IoU(_IoUBase):
    """The mean IoU of the classes in `target_class_ids` (classes never seen are left out).

    Args:
      num_classes: the number of classes.
      target_class_ids: the classes whose IoU is averaged.
      name: the metric's name.
      dtype: the dtype of the state and result.
      ignore_class: a label value whose pixels are not counted.
      sparse_y_true: labels are class indices (else one-hot along `axis`).
      sparse_y_pred: predictions are class indices (else scores along `axis`).
      axis: the class axis of dense labels/predictions.
    """

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(num_classes, name, dtype, ignore_class, sparse_y_true, sparse_y_pred, axis)
        target_class_ids = list(target_class_ids)
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"Target class id {max(target_class_ids)} is out of range, which is [{0}, {num_classes})."
            )
        self.target_class_ids = target_class_ids

    def result(self):
        """The mean over the target classes of tp / (tp + fp + fn), over classes with a non-zero union."""
        true_positives, union = self._class_counts()
        if self.target_class_ids != list(range(self.num_classes)):
            true_positives = array_ops.stack([true_positives[i] for i in self.target_class_ids])
            union = array_ops.stack([union[i] for i in self.target_class_ids])
        num_valid = reduction_ops.reduce_sum(cast_ops.cast(comparison_ops.greater(union, 1e-9), self._dtype))
        iou = math_ops.divide_no_nan(true_positives, union)
        return math_ops.divide_no_nan(reduction_ops.reduce_sum(iou), num_valid)

    def get_config(self):
        config = {
            "num_classes": self.num_classes,
            "target_class_ids": self.target_class_ids,
            "ignore_class": self.ignore_class,
            "sparse_y_true": self.sparse_y_true,
            "sparse_y_pred": self.sparse_y_pred,
            "axis": self.axis,
        }
        return {**super().get_config(), **config}


class MeanIoU(IoU):
    """The IoU averaged over all classes seen. Arguments as IoU's, without target_class_ids."""

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes,
            list(range(num_classes)),
            name,
            dtype,
            ignore_class,
            sparse_y_true,
            sparse_y_pred,
            axis,
        )

    def get_config(self):
        config = super().get_config()
        del config["target_class_ids"]
        return config


class BinaryIoU(IoU):
    """IoU for binary segmentation: predictions >= `threshold` are class 1.

    Args:
      target_class_ids: which of the classes 0 and 1 to average.
      threshold: the prediction from which a pixel is class 1.
      name: the metric's name.
      dtype: the dtype of the state and result.
    """

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(2, target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = cast_ops.cast(tensor(y_pred), self._dtype)
        y_pred = cast_ops.cast(comparison_ops.greater_equal(y_pred, self.threshold), self._dtype)
        return super().update_state(y_true, y_pred, sample_weight)

    def get_config(self):
        return {
            "target_class_ids": self.target_class_ids,
            "threshold": self.threshold,
            "name": self.name,
            "dtype": self.dtype,
        }


class OneHotIoU(IoU):
    """IoU with one-hot labels (argmax along `axis`). Arguments as IoU's; predictions are scores
    unless sparse_y_pred."""

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_pred=False,
        axis=-1,
    ):
        super().__init__(num_classes, target_class_ids, name, dtype, ignore_class, False, sparse_y_pred, axis)

    def get_config(self):
        config = super().get_config()
        del config["sparse_y_true"]
        return config


class OneHotMeanIoU(MeanIoU):
    """MeanIoU with one-hot labels (argmax along `axis`). Arguments as MeanIoU's; predictions are
    scores unless sparse_y_pred."""

    def __init__(self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_pred=False, axis=-1):
        super().__init__(num_classes, name, dtype, ignore_class, False, sparse_y_pred, axis)

    def get_config(self):
        config = super().get_config()
        del config["sparse_y_true"]
        return config
