"""Golden cases: the thresholded tf.keras.metrics — TruePositives/FalsePositives/TrueNegatives/
FalseNegatives, Precision and Recall (thresholds, top_k, class_id), PrecisionAtRecall,
RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity, AUC (ROC/PR, each summation
method, num_thresholds small and default, explicit thresholds, multi_label, label_weights,
from_logits) and the IoU family; sample weights, reset_state, tf.function, configs and errors.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

# 24 fixed binary examples: scores spread over [0, 1] (some exactly on thresholds 0, 0.25, 0.5, 1).
_SCORES = [
    0.0, 0.05, 0.1, 0.17, 0.25, 0.3, 0.33, 0.42, 0.5, 0.5, 0.55, 0.61,
    0.66, 0.7, 0.74, 0.75, 0.8, 0.83, 0.9, 0.93, 0.97, 1.0, 0.38, 0.12,
]  # fmt: skip
_LABELS = [0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0]
_WEIGHTS = [1.0, 0.5, 2.0, 1.0, 0.0, 1.5, 1.0, 1.0, 0.25, 3.0, 1.0, 1.0] * 2

# 6 examples of 3 labels/classes.
_PROBS = [
    [0.1, 0.6, 0.3],
    [0.5, 0.2, 0.3],
    [0.3, 0.3, 0.4],
    [0.05, 0.05, 0.9],
    [0.4, 0.4, 0.2],
    [0.7, 0.1, 0.2],
]
_ONE_HOT = [[0, 1, 0], [0, 0, 1], [0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]]
_SPARSE = [1, 2, 2, 0, 1, 0]
_MULTI_HOT = [[0, 1, 1], [1, 0, 1], [0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 1, 0]]
_ROW_WEIGHTS = [1.0, 0.5, 2.0, 0.0, 1.5, 1.0]


def _batches(*arrays, size):
    count = len(arrays[0])
    return [tuple(array[i : i + size] for array in arrays) for i in range(0, count, size)]


def _run(tf, metric, y_true, y_pred, weights=None, size=8):
    """The result after updates in batches of `size` (weighted when `weights` is given), the state,
    and the result after reset_state."""
    arrays = (y_true, y_pred) if weights is None else (y_true, y_pred, weights)
    for batch in _batches(*arrays, size=size):
        if weights is None:
            metric.update_state(*batch)
        else:
            metric.update_state(batch[0], batch[1], sample_weight=batch[2])
    result = metric.result()
    state = {v.name: v.read_value() for v in metric.variables}
    metric.reset_state()
    return {"result": result, "state": state, "reset": metric.result()}


def _binary_pair(tf, metric_class, **kwargs):
    """Unweighted and weighted runs over the 24 binary examples."""
    return {
        "plain": _run(tf, metric_class(**kwargs), _LABELS, _SCORES),
        "weighted": _run(tf, metric_class(**kwargs), _LABELS, _SCORES, _WEIGHTS),
    }


def _multi_pair(tf, np, metric_class, y_true=_ONE_HOT, **kwargs):
    """Unweighted and (per-row) weighted runs over the 6 three-class examples (as NumPy arrays: a
    multi-label AUC reads the label count from their shape)."""
    y_true, probs = np.array(y_true, np.float32), np.array(_PROBS, np.float32)
    return {
        "plain": _run(tf, metric_class(**kwargs), y_true, probs, size=2),
        "weighted": _run(tf, metric_class(**kwargs), y_true, probs, _ROW_WEIGHTS, size=2),
    }


def _plain_config(config):
    plain = {}
    for key, value in config.items():
        if hasattr(value, "tolist"):
            value = value.tolist()
        elif isinstance(value, (list, tuple)) or type(value).__name__ == "ListWrapper":
            value = list(value)
        plain[key] = value
    return plain


# ---- confusion counts ----------------------------------------------------------------------------
def case_true_positives(tf, np):
    return _binary_pair(tf, tf.keras.metrics.TruePositives)


def case_false_positives(tf, np):
    return _binary_pair(tf, tf.keras.metrics.FalsePositives)


def case_true_negatives(tf, np):
    return _binary_pair(tf, tf.keras.metrics.TrueNegatives)


def case_false_negatives(tf, np):
    return _binary_pair(tf, tf.keras.metrics.FalseNegatives)


def case_true_positives_thresholds(tf, np):
    return _binary_pair(tf, tf.keras.metrics.TruePositives, thresholds=[0.1, 0.5, 0.75])


def case_false_negatives_even_thresholds(tf, np):
    # [0, 0.5, 1] is evenly spaced: Keras buckets the predictions instead of comparing them.
    return _binary_pair(tf, tf.keras.metrics.FalseNegatives, thresholds=[0.0, 0.5, 1.0])


def case_true_positives_even_five(tf, np):
    return _binary_pair(tf, tf.keras.metrics.TruePositives, thresholds=[0.0, 0.25, 0.5, 0.75, 1.0])


def case_false_positives_multi_dim(tf, np):
    return _multi_pair(tf, np, tf.keras.metrics.FalsePositives, y_true=_MULTI_HOT, thresholds=[0.25, 0.35])


def case_true_negatives_soft_labels(tf, np):
    metric = tf.keras.metrics.TrueNegatives(thresholds=[0.2, 0.6])
    metric.update_state([0.5, 2.0, 0.0, 0.0], [0.3, 0.7, 0.9, 0.1])
    return metric.result()


def case_counts_in_function(tf, np):
    metric = tf.keras.metrics.TruePositives(thresholds=[0.3, 0.6])

    @tf.function
    def update(y_true, y_pred, weights):
        metric.update_state(y_true, y_pred, sample_weight=weights)

    for y_true, y_pred, weights in _batches(_LABELS, _SCORES, _WEIGHTS, size=8):
        update(tf.constant(y_true), tf.constant(y_pred), tf.constant(weights))
    return metric.result()


# ---- precision and recall ------------------------------------------------------------------------
def case_precision(tf, np):
    return _binary_pair(tf, tf.keras.metrics.Precision)


def case_recall(tf, np):
    return _binary_pair(tf, tf.keras.metrics.Recall)


def case_precision_thresholds(tf, np):
    return _binary_pair(tf, tf.keras.metrics.Precision, thresholds=[0.0, 0.3, 0.5, 0.9])


def case_recall_even_thresholds(tf, np):
    return _binary_pair(tf, tf.keras.metrics.Recall, thresholds=[0.0, 0.5, 1.0])


def case_precision_top_k(tf, np):
    return _multi_pair(tf, np, tf.keras.metrics.Precision, y_true=_MULTI_HOT, top_k=2)


def case_recall_top_k(tf, np):
    return _multi_pair(tf, np, tf.keras.metrics.Recall, y_true=_MULTI_HOT, top_k=1)


def case_precision_class_id(tf, np):
    return _multi_pair(tf, np, tf.keras.metrics.Precision, y_true=_MULTI_HOT, class_id=2, thresholds=0.25)


def case_recall_class_id(tf, np):
    return _multi_pair(tf, np, tf.keras.metrics.Recall, y_true=_MULTI_HOT, class_id=0, thresholds=[0.2, 0.45])


def case_precision_top_k_class_id(tf, np):
    return _multi_pair(tf, np, tf.keras.metrics.Precision, y_true=_MULTI_HOT, top_k=2, class_id=1)


def case_recall_top_k_thresholds(tf, np):
    kwargs = {"top_k": 2, "thresholds": [0.25, 0.5]}
    return _multi_pair(tf, np, tf.keras.metrics.Recall, y_true=_MULTI_HOT, **kwargs)


def case_precision_top_k_one_dimensional(tf, np):
    metric = tf.keras.metrics.Precision(top_k=1)
    metric.update_state([1, 0, 1], [0.3, 0.6, 0.2])
    return metric.result()


def case_precision_column_labels(tf, np):
    metric = tf.keras.metrics.Precision()
    metric.update_state([[1], [0], [1], [1]], [0.6, 0.7, 0.2, 0.9])
    return metric.result()


def case_precision_three_dims(tf, np):
    metric = tf.keras.metrics.Precision()
    labels = np.reshape(np.array(_LABELS, np.float32), (2, 3, 4))
    scores = np.reshape(np.array(_SCORES, np.float32), (2, 3, 4))
    metric.update_state(labels, scores, sample_weight=[[1.0, 2.0, 0.5], [0.0, 1.0, 1.0]])
    return metric.result()


def case_precision_shape_mismatch_error(tf, np):
    tf.keras.metrics.Precision().update_state([1, 0, 1], [1, 0, 1, 1])


def case_precision_weights_not_broadcastable_error(tf, np):
    metric = tf.keras.metrics.Precision()
    metric.update_state(np.ones((2, 2, 2)), np.full((2, 2, 2), 0.6), sample_weight=[1.0, 2.0])


def case_precision_class_id_weights_error(tf, np):
    metric = tf.keras.metrics.Precision(class_id=2)
    metric.update_state(_ONE_HOT[:2], _PROBS[:2], sample_weight=[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def case_precision_threshold_range_error(tf, np):
    return tf.keras.metrics.Precision(thresholds=[0.5, 1.5])


def case_out_of_range_predictions(tf, np):
    naive = tf.keras.metrics.TruePositives(thresholds=[0.3, 0.9])
    naive.update_state([1, 1, 0], [1.5, -0.5, 2.0])
    bucketed = tf.keras.metrics.TruePositives(thresholds=[0.0, 0.5, 1.0])
    bucketed.update_state([1, 1, 0], [1.5, -0.5, 2.0])
    return [naive.result(), bucketed.result()]


# ---- best threshold under a constraint ---------------------------------------------------------
def case_precision_at_recall(tf, np):
    return _binary_pair(tf, tf.keras.metrics.PrecisionAtRecall, recall=0.7)


def case_precision_at_recall_few_thresholds(tf, np):
    return _binary_pair(tf, tf.keras.metrics.PrecisionAtRecall, recall=0.5, num_thresholds=5)


def case_precision_at_recall_unreachable(tf, np):
    metric = tf.keras.metrics.PrecisionAtRecall(recall=1.0, num_thresholds=3)
    metric.update_state([1, 0], [0.0, 0.0])
    return metric.result()


def case_recall_at_precision(tf, np):
    return _binary_pair(tf, tf.keras.metrics.RecallAtPrecision, precision=0.8)


def case_recall_at_precision_one_threshold(tf, np):
    return _binary_pair(tf, tf.keras.metrics.RecallAtPrecision, precision=0.6, num_thresholds=1)


def case_sensitivity_at_specificity(tf, np):
    return _binary_pair(tf, tf.keras.metrics.SensitivityAtSpecificity, specificity=0.6)


def case_specificity_at_sensitivity(tf, np):
    return _binary_pair(tf, tf.keras.metrics.SpecificityAtSensitivity, sensitivity=0.75, num_thresholds=11)


def case_sensitivity_at_specificity_class_id(tf, np):
    kwargs = {"specificity": 0.5, "class_id": 2, "num_thresholds": 7}
    return _multi_pair(tf, np, tf.keras.metrics.SensitivityAtSpecificity, y_true=_MULTI_HOT, **kwargs)


def case_at_recall_range_error(tf, np):
    return tf.keras.metrics.PrecisionAtRecall(recall=1.5)


def case_at_specificity_num_thresholds_error(tf, np):
    return tf.keras.metrics.SensitivityAtSpecificity(0.5, num_thresholds=0)


# ---- AUC -----------------------------------------------------------------------------------------
def case_auc_roc(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC)


def case_auc_roc_small(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC, num_thresholds=5)


def case_auc_roc_minoring(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC, num_thresholds=7, summation_method="minoring")


def case_auc_roc_majoring(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC, num_thresholds=7, summation_method="majoring")


def case_auc_pr(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC, curve="PR")


def case_auc_pr_small(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC, curve="PR", num_thresholds=6)


def case_auc_pr_minoring(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC, curve="pr", num_thresholds=9, summation_method="minoring")


def case_auc_pr_majoring(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC, curve="PR", summation_method="Majoring")


def case_auc_two_thresholds(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC, num_thresholds=2)


def case_auc_explicit_thresholds(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC, thresholds=[0.6, 0.2, 0.45])


def case_auc_explicit_even_thresholds(tf, np):
    return _binary_pair(tf, tf.keras.metrics.AUC, thresholds=[0.25, 0.5, 0.75], curve="PR")


def case_auc_from_logits(tf, np):
    logits = [(s - 0.5) * 8.0 for s in _SCORES]
    metric = tf.keras.metrics.AUC(num_thresholds=9, from_logits=True)
    return _run(tf, metric, _LABELS, logits, _WEIGHTS)


def case_auc_pooled_labels(tf, np):
    return _multi_pair(tf, np, tf.keras.metrics.AUC, y_true=_MULTI_HOT, num_thresholds=11)


def case_auc_pooled_label_weights(tf, np):
    kwargs = {"num_thresholds": 11, "label_weights": [1.0, 2.0, 0.5]}
    return _multi_pair(tf, np, tf.keras.metrics.AUC, y_true=_MULTI_HOT, **kwargs)


def case_auc_pooled_label_weights_explicit_thresholds(tf, np):
    kwargs = {"thresholds": [0.25, 0.35], "label_weights": [1.0, 2.0, 0.5]}
    return _multi_pair(tf, np, tf.keras.metrics.AUC, y_true=_MULTI_HOT, **kwargs)


def case_auc_multi_label(tf, np):
    return _multi_pair(tf, np, tf.keras.metrics.AUC, y_true=_MULTI_HOT, num_thresholds=11, multi_label=True)


def case_auc_multi_label_num_labels(tf, np):
    kwargs = {"num_thresholds": 11, "multi_label": True, "num_labels": 3, "curve": "PR"}
    return _multi_pair(tf, np, tf.keras.metrics.AUC, y_true=_MULTI_HOT, **kwargs)


def case_auc_multi_label_weights(tf, np):
    kwargs = {"num_thresholds": 11, "multi_label": True, "label_weights": [1.0, 2.0, 0.5]}
    return _multi_pair(tf, np, tf.keras.metrics.AUC, y_true=_MULTI_HOT, **kwargs)


def case_auc_multi_label_explicit_thresholds(tf, np):
    kwargs = {"thresholds": [0.25, 0.35, 0.6], "multi_label": True, "summation_method": "minoring"}
    return _multi_pair(tf, np, tf.keras.metrics.AUC, y_true=_MULTI_HOT, **kwargs)


def case_auc_multi_label_entry_weights(tf, np):
    metric = tf.keras.metrics.AUC(num_thresholds=5, multi_label=True)
    metric.update_state(
        np.array(_MULTI_HOT),
        np.array(_PROBS),
        sample_weight=np.reshape(np.arange(18, dtype=np.float32), (6, 3)),
    )
    return metric.result()


def case_auc_out_of_range_predictions(tf, np):
    metric = tf.keras.metrics.AUC(num_thresholds=5)
    metric.update_state([1, 0, 1], [1.5, -0.5, 0.5])
    return [v.read_value() for v in metric.variables]


def case_auc_predictions_on_thresholds(tf, np):
    # Predictions exactly on (and one float32 step around) the default thresholds k / 199: TensorFlow
    # buckets ceil(p * 199) - 1, which is not always the same as comparing p with the thresholds.
    on = [np.float32(k / 199) for k in (1, 37, 50, 99, 100, 143, 198)]
    up = [np.nextafter(p, np.float32(1)) for p in on]
    down = [np.nextafter(p, np.float32(0)) for p in on]
    scores = np.array(on + up + down, np.float32)
    labels = np.array([1, 0, 1] * 7, np.float32)
    metric = tf.keras.metrics.AUC()
    metric.update_state(labels, scores)
    return {v.name: v.read_value() for v in metric.variables}


def case_zero_predictions_at_threshold_zero(tf, np):
    # AUC's first threshold is -epsilon, so a prediction of 0 (or below, clipped) is above it;
    # Precision's evenly spaced thresholds start at 0 itself.
    scores = [0.0, 1e-8, -1e-8, 0.25, 0.25000003, 1.0, 1.5, -0.5]
    auc = tf.keras.metrics.AUC(num_thresholds=5)
    auc.update_state([1] * len(scores), scores)
    precision = tf.keras.metrics.Precision(thresholds=[0.0, 0.25, 0.5, 0.75, 1.0])
    precision.update_state([1] * len(scores), scores)
    recall = tf.keras.metrics.Recall(thresholds=[0.0, 0.3, 0.6, 1.0])
    recall.update_state([1] * len(scores), scores)
    return [
        auc.true_positives.read_value(),
        precision.true_positives.read_value(),
        recall.true_positives.read_value(),
    ]


def case_auc_in_function(tf, np):
    metric = tf.keras.metrics.AUC(num_thresholds=21, curve="PR")

    @tf.function
    def update(y_true, y_pred, weights):
        metric.update_state(y_true, y_pred, sample_weight=weights)

    for y_true, y_pred, weights in _batches(_LABELS, _SCORES, _WEIGHTS, size=8):
        update(tf.constant(y_true), tf.constant(y_pred), tf.constant(weights))
    return metric.result()


def case_auc_multi_label_built_in_function(tf, np):
    metric = tf.keras.metrics.AUC(num_thresholds=5, multi_label=True)

    @tf.function
    def update(y_true, y_pred):
        metric.update_state(y_true, y_pred)

    update(tf.constant(_MULTI_HOT[:3]), tf.constant(_PROBS[:3]))
    update(tf.constant(_MULTI_HOT[3:]), tf.constant(_PROBS[3:]))
    return metric.result()


def case_auc_properties(tf, np):
    metric = tf.keras.metrics.AUC(thresholds=[0.5, 0.25])
    return {"thresholds": metric.thresholds, "num_thresholds": metric.num_thresholds}


def case_auc_configs(tf, np):
    metrics = tf.keras.metrics
    objects = [
        metrics.AUC(name="a"),
        metrics.AUC(name="b", num_thresholds=7, curve="PR", summation_method="minoring"),
        metrics.AUC(name="c", thresholds=[0.3, 0.6], multi_label=True, num_labels=2, label_weights=[1, 2]),
        metrics.AUC(name="d", thresholds=[0.25, 0.5, 0.75], from_logits=True),
    ]
    return [_plain_config(o.get_config()) for o in objects]


def case_auc_from_config(tf, np):
    original = tf.keras.metrics.AUC(name="a", thresholds=[0.3, 0.6], curve="PR")
    rebuilt = tf.keras.metrics.AUC.from_config(original.get_config())
    rebuilt.update_state(_LABELS, _SCORES)
    return {"thresholds": rebuilt.thresholds, "result": rebuilt.result()}


def case_auc_bad_curve_error(tf, np):
    return tf.keras.metrics.AUC(curve="DET")


def case_auc_bad_summation_error(tf, np):
    return tf.keras.metrics.AUC(summation_method="riemann")


def case_auc_num_thresholds_error(tf, np):
    return tf.keras.metrics.AUC(num_thresholds=1)


def case_auc_num_labels_without_multi_label_error(tf, np):
    return tf.keras.metrics.AUC(num_labels=3)


def case_auc_negative_label_weights_error(tf, np):
    return tf.keras.metrics.AUC(label_weights=[-1.0, 1.0])


def case_auc_thresholds_not_range_checked(tf, np):
    return tf.keras.metrics.AUC(thresholds=[0.5, 2.0]).thresholds


def case_thresholded_configs(tf, np):
    metrics = tf.keras.metrics
    objects = [
        metrics.TruePositives(name="tp"),
        metrics.FalseNegatives(thresholds=[0.2, 0.7], name="fn"),
        metrics.Precision(thresholds=[0.3, 0.6], name="p"),
        metrics.Recall(top_k=2, class_id=1, name="r"),
        metrics.PrecisionAtRecall(0.5, name="par"),
        metrics.RecallAtPrecision(0.6, num_thresholds=11, class_id=0, name="rap"),
        metrics.SensitivityAtSpecificity(0.4, name="sas"),
        metrics.SpecificityAtSensitivity(0.3, num_thresholds=5, name="sps"),
    ]
    return [_plain_config(o.get_config()) for o in objects]


def case_thresholded_default_names(tf, np):
    metrics = tf.keras.metrics
    objects = [
        metrics.TruePositives(), metrics.FalsePositives(), metrics.TrueNegatives(), metrics.FalseNegatives(),
        metrics.Precision(), metrics.Recall(), metrics.PrecisionAtRecall(0.5), metrics.RecallAtPrecision(0.5),
        metrics.SensitivityAtSpecificity(0.5), metrics.SpecificityAtSensitivity(0.5), metrics.AUC(),
        metrics.MeanIoU(2), metrics.IoU(2, [0]), metrics.BinaryIoU(), metrics.OneHotIoU(2, [1]),
        metrics.OneHotMeanIoU(2),
    ]  # fmt: skip
    # Default names are made unique ("precision", "precision_1", ...): compare the stem only.
    return [o.name.rstrip("0123456789").rstrip("_") for o in objects]


# ---- IoU ------------------------------------------------------------------------------------------
_SEG_TRUE = [[0, 1, 2, 2], [1, 1, 0, 3], [2, 0, 0, 1]]
_SEG_PRED = [[0, 2, 2, 1], [1, 1, 0, 3], [0, 0, 2, 1]]
_SEG_WEIGHTS = [[1.0, 0.5, 2.0, 1.0], [0.0, 1.0, 1.0, 3.0], [1.0, 1.0, 0.5, 2.0]]


def _iou_run(tf, metric, y_true=_SEG_TRUE, y_pred=_SEG_PRED, weights=_SEG_WEIGHTS):
    plain = _run(tf, metric, y_true, y_pred, size=1)
    weighted = _run(tf, metric, y_true, y_pred, weights, size=2)
    return {"plain": plain, "weighted": weighted}


def case_mean_iou(tf, np):
    return _iou_run(tf, tf.keras.metrics.MeanIoU(num_classes=4))


def case_mean_iou_unseen_class(tf, np):
    return _iou_run(tf, tf.keras.metrics.MeanIoU(num_classes=5))


def case_mean_iou_ignore_class(tf, np):
    return _iou_run(tf, tf.keras.metrics.MeanIoU(num_classes=4, ignore_class=2))


def case_iou_target_classes(tf, np):
    return _iou_run(tf, tf.keras.metrics.IoU(num_classes=4, target_class_ids=[0, 2]))


def case_iou_dense_predictions(tf, np):
    metric = tf.keras.metrics.IoU(num_classes=3, target_class_ids=[1], sparse_y_pred=False)
    metric.update_state(_SPARSE, _PROBS)
    return metric.result()


def case_binary_iou(tf, np):
    return _iou_run(tf, tf.keras.metrics.BinaryIoU(), _LABELS, _SCORES, _WEIGHTS)


def case_binary_iou_threshold_one_class(tf, np):
    return _iou_run(
        tf, tf.keras.metrics.BinaryIoU(target_class_ids=[1], threshold=0.3), _LABELS, _SCORES, _WEIGHTS
    )


def case_one_hot_iou(tf, np):
    metric = tf.keras.metrics.OneHotIoU(num_classes=3, target_class_ids=[0, 2])
    return _run(tf, metric, _ONE_HOT, _PROBS, _ROW_WEIGHTS, size=2)


def case_one_hot_mean_iou(tf, np):
    metric = tf.keras.metrics.OneHotMeanIoU(num_classes=3)
    return _run(tf, metric, _ONE_HOT, _PROBS, _ROW_WEIGHTS, size=3)


def case_one_hot_mean_iou_sparse_predictions(tf, np):
    metric = tf.keras.metrics.OneHotMeanIoU(num_classes=3, sparse_y_pred=True)
    metric.update_state(_ONE_HOT, [1, 0, 2, 0, 0, 0])
    return metric.result()


def case_mean_iou_in_function(tf, np):
    metric = tf.keras.metrics.MeanIoU(num_classes=4)

    @tf.function
    def update(y_true, y_pred, weights):
        metric.update_state(y_true, y_pred, sample_weight=weights)

    update(tf.constant(_SEG_TRUE), tf.constant(_SEG_PRED), tf.constant(_SEG_WEIGHTS))
    return metric.result()


def case_iou_target_out_of_range_error(tf, np):
    return tf.keras.metrics.IoU(num_classes=2, target_class_ids=[5])


def case_iou_configs(tf, np):
    metrics = tf.keras.metrics
    objects = [
        metrics.MeanIoU(3, name="m", ignore_class=0),
        metrics.IoU(4, [1, 3], name="i", sparse_y_pred=False),
        metrics.BinaryIoU(target_class_ids=[1], threshold=0.3, name="b"),
        metrics.OneHotIoU(3, [0], name="o"),
        metrics.OneHotMeanIoU(3, name="om", axis=1),
    ]
    return [_plain_config(o.get_config()) for o in objects]
