"""Golden cases: tf.keras.metrics — Mean/Sum/MeanTensor/MeanMetricWrapper, the accuracy, regression,
loss and F-score metrics after several updates (with and without sample weights), after
reset_state, inside tf.function; the metric functions; get_config, get/serialize lookups; errors.
(The thresholded metrics, AUC and IoU are in metrics_confusion.py.)

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

# Fixed data: 6 examples, 3 classes.
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
_BINARY_TRUE = [[1, 0], [0, 0], [1, 1], [0, 1], [1, 0], [0, 1]]
_BINARY_PRED = [[0.8, 0.4], [0.3, 0.7], [0.6, 0.9], [0.2, 0.5], [0.45, 0.1], [0.55, 0.65]]
_REG_TRUE = [[1.0, 2.0], [3.0, -1.0], [0.5, 0.25], [2.0, 4.0], [-1.5, 1.0], [0.0, 3.0]]
_REG_PRED = [[1.5, 1.0], [2.0, -0.5], [0.75, 0.5], [2.5, 3.0], [-1.0, 0.5], [0.5, 2.0]]
_WEIGHTS = [1.0, 0.5, 2.0, 0.0, 1.5, 1.0]


def _batches(*arrays, size=2):
    """Splits each array into batches of `size` examples: [(a[0:2], b[0:2]), (a[2:4], b[2:4]), ...]."""
    count = len(arrays[0])
    return [tuple(array[i : i + size] for array in arrays) for i in range(0, count, size)]


def _run(tf, metric, batches, weighted=False):
    """Updates with each batch (the last element is the sample weight when `weighted`), then the
    result, the state variables, and the result after reset_state."""
    for batch in batches:
        if weighted:
            metric.update_state(*batch[:-1], sample_weight=batch[-1])
        else:
            metric.update_state(*batch)
    result = metric.result()
    state = {v.name: v.read_value() for v in metric.variables}
    metric.reset_state()
    return {"result": result, "state": state, "reset": metric.result()}


def _pair(tf, metric_class, y_true, y_pred, **kwargs):
    """The metric after three unweighted batches, and a fresh one after three weighted batches."""
    plain = _run(tf, metric_class(**kwargs), _batches(y_true, y_pred))
    weighted = _run(tf, metric_class(**kwargs), _batches(y_true, y_pred, _WEIGHTS), weighted=True)
    return {"plain": plain, "weighted": weighted}


def _plain_config(config):
    """A get_config dict with lists, tuples and arrays as plain lists (TensorFlow wraps lists)."""
    plain = {}
    for key, value in config.items():
        if hasattr(value, "tolist"):
            value = value.tolist()
        elif isinstance(value, (list, tuple)) or type(value).__name__ == "ListWrapper":
            value = list(value)
        elif callable(value):
            value = value.__name__
        plain[key] = value
    return plain


# ---- Mean, Sum, MeanTensor, MeanMetricWrapper ---------------------------------------------------
def case_mean(tf, np):
    return _run(tf, tf.keras.metrics.Mean(), [([1.0, 2.0, 3.0],), ([4.0],), (5.0,)])


def case_mean_weighted(tf, np):
    batches = [([1.0, 2.0, 3.0], [1.0, 0.0, 2.0]), ([4.0, 6.0], [0.5, 0.5]), (7.0, 3.0)]
    return _run(tf, tf.keras.metrics.Mean(), batches, weighted=True)


def case_mean_weights_per_row(tf, np):
    batches = [([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [1.0, 2.0]), ([[1.0, 1.0, 1.0]], [[3.0]])]
    return _run(tf, tf.keras.metrics.Mean(), batches, weighted=True)


def case_mean_weights_rank_above(tf, np):
    return _run(tf, tf.keras.metrics.Mean(), [([1.0, 2.0], [[2.0], [3.0]])], weighted=True)


def case_mean_weights_expanded_3d(tf, np):
    values = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    return _run(tf, tf.keras.metrics.Mean(), [(values, [[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]])], weighted=True)


def case_mean_weights_reduce_values(tf, np):
    values = np.arange(120, dtype=np.float32).reshape(2, 3, 4, 5)
    return _run(tf, tf.keras.metrics.Mean(), [(values, [[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]])], weighted=True)


def case_sum_weights_reduce_values(tf, np):
    values = np.arange(120, dtype=np.float32).reshape(2, 3, 4, 5)
    return _run(tf, tf.keras.metrics.Sum(), [(values, [[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]])], weighted=True)


def case_mean_weights_not_broadcastable_error(tf, np):
    tf.keras.metrics.Mean().update_state([1.0, 2.0, 3.0], sample_weight=[1.0, 2.0])


def case_sum(tf, np):
    batches = [([1.0, 2.0, 3.0], [1.0, 0.0, 2.0]), ([4.0, 6.0], [0.5, 0.5])]
    return _run(tf, tf.keras.metrics.Sum(), batches, weighted=True)


def case_mean_int_values(tf, np):
    return _run(tf, tf.keras.metrics.Mean(), [(tf.constant([1, 2, 4]),)])


def case_mean_float64(tf, np):
    metric = tf.keras.metrics.Mean(dtype="float64")
    metric.update_state([1.0, 2.0], sample_weight=[1, 2])
    return {"result": metric.result(), "dtype": metric.dtype, "variable": metric.variables[0].dtype}


def case_mean_call(tf, np):
    metric = tf.keras.metrics.Mean()
    return [metric([1.0, 2.0]), metric([3.0]), metric.result()]


def case_mean_merge_state(tf, np):
    first, second = tf.keras.metrics.Mean(), tf.keras.metrics.Mean()
    first.update_state([1.0, 2.0])
    second.update_state([5.0], sample_weight=[2.0])
    first.merge_state([second])
    return first.result()


def case_mean_in_function(tf, np):
    metric = tf.keras.metrics.Mean()

    @tf.function
    def update(values, weights):
        metric.update_state(values, sample_weight=weights)

    update(tf.constant([1.0, 2.0]), tf.constant([1.0, 3.0]))
    update(tf.constant([4.0, 8.0]), tf.constant([0.5, 0.5]))
    return metric.result()


def case_mean_weights_and_variables(tf, np):
    metric = tf.keras.metrics.Mean(name="m")
    return {
        "name": metric.name,
        "dtype": metric.dtype,
        "variables": [v.name for v in metric.variables],
        "trainable": [v.name for v in metric.trainable_weights],
        "non_trainable": [v.name for v in metric.non_trainable_weights],
        "variable_trainable": [v.trainable for v in metric.variables],
    }


def case_mean_tensor(tf, np):
    batches = [([1.0, 2.0, 3.0], [1.0, 0.0, 2.0]), ([3.0, 5.0, 7.0], [1.0, 1.0, 0.5])]
    return _run(tf, tf.keras.metrics.MeanTensor(), batches, weighted=True)


def case_mean_tensor_2d(tf, np):
    batches = [([[1.0, 2.0], [3.0, 4.0]],), ([[5.0, 6.0], [7.0, 8.0]],)]
    return _run(tf, tf.keras.metrics.MeanTensor(shape=(2, 2)), batches)


def case_mean_tensor_shape_change_error(tf, np):
    metric = tf.keras.metrics.MeanTensor()
    metric.update_state([1.0, 2.0])
    metric.update_state([1.0, 2.0, 3.0])


def case_mean_tensor_result_before_update_error(tf, np):
    return tf.keras.metrics.MeanTensor().result()


def case_mean_metric_wrapper(tf, np):
    metrics = tf.keras.metrics
    wrapper = metrics.MeanMetricWrapper(metrics.binary_accuracy, name="ba", threshold=0.7)
    weighted = _run(tf, wrapper, _batches(_BINARY_TRUE, _BINARY_PRED, _WEIGHTS), weighted=True)
    return {"weighted": weighted, "config": _plain_config(wrapper.get_config())}


def case_mean_metric_wrapper_from_config(tf, np):
    metrics = tf.keras.metrics
    wrapper = metrics.MeanMetricWrapper(metrics.binary_accuracy, name="ba", threshold=0.7)
    rebuilt = metrics.MeanMetricWrapper.from_config(wrapper.get_config())
    rebuilt.update_state(_BINARY_TRUE, _BINARY_PRED)
    return {"name": rebuilt.name, "result": rebuilt.result()}


def case_metric_subclass(tf, np):
    class Counter(tf.keras.metrics.Metric):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.hits = self.add_weight(name="hits", initializer="zeros")
            self.seen = self.add_weight(name="seen", shape=(2,), initializer="ones", dtype="int32")

        def update_state(self, y_true, y_pred):
            self.hits.assign_add(tf.reduce_sum(tf.cast(tf.equal(y_true, y_pred), self.dtype)))
            self.seen.assign_add(tf.constant([1, 2]))

        def result(self):
            return self.hits * 2.0

    metric = Counter(name="counter")
    first = metric([1, 2, 3], [1, 0, 3])
    metric.update_state([4], [4])
    variables = {v.name: v.read_value() for v in metric.variables}
    return {"first": first, "result": metric.result(), "variables": variables, "config": metric.get_config()}


def case_metric_subclass_update_in_function(tf, np):
    class Total(tf.keras.metrics.Metric):
        def __init__(self):
            super().__init__(name="total_metric")
            # (Keras 2.15's default initializer here is glorot_uniform, random: lamina's is zeros.)
            self.total = self.add_weight(name="total", initializer="zeros")

        def update_state(self, values):
            self.total.assign_add(tf.reduce_sum(values))

        def result(self):
            return tf.identity(self.total)

    metric = Total()

    @tf.function
    def update(values):
        metric.update_state(values)

    update(tf.constant([1.0, 2.0]))
    update(tf.constant([3.0, 4.0]))
    return metric.result()


def case_metric_bad_name_error(tf, np):
    return tf.keras.metrics.Mean(name=3)


def case_metric_string_dtype_error(tf, np):
    return tf.keras.metrics.Mean(dtype="string")


def case_metric_abstract_error(tf, np):
    return tf.keras.metrics.Metric()


# ---- accuracy ------------------------------------------------------------------------------------
def case_accuracy(tf, np):
    y_true = [[1.0], [2.0], [3.0], [4.0], [0.0], [1.0]]
    y_pred = [[1.0], [2.0], [3.5], [4.0], [1.0], [1.0]]
    return _pair(tf, tf.keras.metrics.Accuracy, y_true, y_pred)


def case_accuracy_squeezes_labels(tf, np):
    metric = tf.keras.metrics.Accuracy()
    metric.update_state([[1.0], [2.0], [3.0]], [1.0, 2.0, 4.0])
    return metric.result()


def case_accuracy_shape_mismatch_error(tf, np):
    tf.keras.metrics.Accuracy().update_state([1, 0, 1], [1, 0, 1, 1])


def case_binary_accuracy(tf, np):
    return _pair(tf, tf.keras.metrics.BinaryAccuracy, _BINARY_TRUE, _BINARY_PRED)


def case_binary_accuracy_threshold(tf, np):
    return _pair(tf, tf.keras.metrics.BinaryAccuracy, _BINARY_TRUE, _BINARY_PRED, threshold=0.6)


def case_binary_accuracy_per_entry_weights(tf, np):
    metric = tf.keras.metrics.BinaryAccuracy()
    metric.update_state(_BINARY_TRUE[:2], _BINARY_PRED[:2], sample_weight=[[1.0, 0.0], [0.5, 2.0]])
    return metric.result()


def case_binary_accuracy_shape_mismatch_error(tf, np):
    tf.keras.metrics.BinaryAccuracy().update_state([[1, 0, 1]], [[1, 0, 1, 1]])


def case_categorical_accuracy(tf, np):
    return _pair(tf, tf.keras.metrics.CategoricalAccuracy, _ONE_HOT, _PROBS)


def case_sparse_categorical_accuracy(tf, np):
    return _pair(tf, tf.keras.metrics.SparseCategoricalAccuracy, _SPARSE, _PROBS)


def case_sparse_categorical_accuracy_column_labels(tf, np):
    labels = [[label] for label in _SPARSE]
    return _pair(tf, tf.keras.metrics.SparseCategoricalAccuracy, labels, _PROBS)


def case_sparse_categorical_accuracy_3d(tf, np):
    metric = tf.keras.metrics.SparseCategoricalAccuracy()
    metric.update_state([[1, 2], [0, 0], [2, 2]], np.reshape(np.array(_PROBS, np.float32), (3, 2, 3)))
    return metric.result()


def case_top_k_categorical_accuracy(tf, np):
    return _pair(tf, tf.keras.metrics.TopKCategoricalAccuracy, _ONE_HOT, _PROBS, k=2)


def case_top_k_categorical_accuracy_k1(tf, np):
    return _pair(tf, tf.keras.metrics.TopKCategoricalAccuracy, _ONE_HOT, _PROBS, k=1)


def case_sparse_top_k_categorical_accuracy(tf, np):
    return _pair(tf, tf.keras.metrics.SparseTopKCategoricalAccuracy, _SPARSE, _PROBS, k=2)


def case_sparse_top_k_categorical_accuracy_default_k(tf, np):
    return _pair(tf, tf.keras.metrics.SparseTopKCategoricalAccuracy, _SPARSE, _PROBS)


def case_sparse_top_k_categorical_accuracy_3d(tf, np):
    metric = tf.keras.metrics.SparseTopKCategoricalAccuracy(k=1)
    metric.update_state([[1, 2], [0, 0], [2, 2]], np.reshape(np.array(_PROBS, np.float32), (3, 2, 3)))
    return metric.result()


def case_accuracy_functions(tf, np):
    metrics = tf.keras.metrics
    probs = np.array(_PROBS, np.float32)
    return {
        "binary": metrics.binary_accuracy(
            np.array(_BINARY_TRUE, np.float32), np.array(_BINARY_PRED, np.float32)
        ),
        "binary_threshold": metrics.binary_accuracy([1.0, 0.0, 1.0], [0.6, 0.2, 0.3], threshold=0.25),
        "categorical": metrics.categorical_accuracy(np.array(_ONE_HOT, np.float32), probs),
        "sparse": metrics.sparse_categorical_accuracy(np.array(_SPARSE, np.float32), probs),
        "sparse_column": metrics.sparse_categorical_accuracy(np.array([[s] for s in _SPARSE]), probs),
        "top_k": metrics.top_k_categorical_accuracy(np.array(_ONE_HOT, np.float32), probs, k=2),
        "sparse_top_k": metrics.sparse_top_k_categorical_accuracy(np.array(_SPARSE), probs, k=1),
        "sparse_top_k_column": metrics.sparse_top_k_categorical_accuracy(
            np.array([[s] for s in _SPARSE]), probs, k=2
        ),
    }


def case_top_k_ties_count_as_in(tf, np):
    scores = np.array([[0.5, 0.5, 0.5], [0.1, 0.3, 0.3], [0.2, 0.2, 0.1]], np.float32)
    return tf.keras.metrics.sparse_top_k_categorical_accuracy(np.array([2, 1, 0]), scores, k=1)


# ---- regression ----------------------------------------------------------------------------------
def case_mean_squared_error(tf, np):
    return _pair(tf, tf.keras.metrics.MeanSquaredError, _REG_TRUE, _REG_PRED)


def case_mean_squared_error_squeezes_labels(tf, np):
    metric = tf.keras.metrics.MeanSquaredError()
    metric.update_state([[1.0], [2.0], [3.0]], [1.0, 2.0, 4.0])
    return metric.result()


def case_mean_squared_error_shape_mismatch_error(tf, np):
    tf.keras.metrics.MeanSquaredError().update_state([1.0, 0.0, 1.0], [1.0, 0.0, 1.0, 1.0])


def case_root_mean_squared_error(tf, np):
    return _pair(tf, tf.keras.metrics.RootMeanSquaredError, _REG_TRUE, _REG_PRED)


def case_mean_absolute_error(tf, np):
    return _pair(tf, tf.keras.metrics.MeanAbsoluteError, _REG_TRUE, _REG_PRED)


def case_mean_absolute_percentage_error(tf, np):
    return _pair(tf, tf.keras.metrics.MeanAbsolutePercentageError, _REG_TRUE, _REG_PRED)


def case_mean_squared_logarithmic_error(tf, np):
    return _pair(tf, tf.keras.metrics.MeanSquaredLogarithmicError, _REG_TRUE, _REG_PRED)


def case_log_cosh_error(tf, np):
    return _pair(tf, tf.keras.metrics.LogCoshError, _REG_TRUE, _REG_PRED)


def case_cosine_similarity(tf, np):
    return _pair(tf, tf.keras.metrics.CosineSimilarity, _REG_TRUE, _REG_PRED)


def case_cosine_similarity_axis_0(tf, np):
    metric = tf.keras.metrics.CosineSimilarity(axis=0)
    metric.update_state(_REG_TRUE, _REG_PRED)
    return metric.result()


def case_mean_relative_error(tf, np):
    batches = _batches(_REG_TRUE, _REG_PRED, _WEIGHTS)
    weighted = _run(tf, tf.keras.metrics.MeanRelativeError(normalizer=[2.0, 4.0]), batches, weighted=True)
    plain = _run(
        tf, tf.keras.metrics.MeanRelativeError(normalizer=[2.0, 4.0]), _batches(_REG_TRUE, _REG_PRED)
    )
    return {"plain": plain, "weighted": weighted}


def case_r2_score(tf, np):
    return _pair(tf, tf.keras.metrics.R2Score, _REG_TRUE, _REG_PRED)


def case_r2_score_variance_weighted(tf, np):
    return _pair(
        tf, tf.keras.metrics.R2Score, _REG_TRUE, _REG_PRED, class_aggregation="variance_weighted_average"
    )


def case_r2_score_per_output(tf, np):
    return _pair(tf, tf.keras.metrics.R2Score, _REG_TRUE, _REG_PRED, class_aggregation=None)


def case_r2_score_adjusted(tf, np):
    metric = tf.keras.metrics.R2Score(num_regressors=2)
    metric.update_state(_REG_TRUE, _REG_PRED)
    return metric.result()


def case_r2_score_too_many_regressors(tf, np):
    metric = tf.keras.metrics.R2Score(num_regressors=1)
    metric.update_state([[1.0], [2.0]], [[1.5], [2.5]])
    return metric.result()


def case_r2_score_rank_error(tf, np):
    tf.keras.metrics.R2Score().update_state([1.0, 2.0], [1.0, 2.0])


def case_r2_score_bad_aggregation_error(tf, np):
    return tf.keras.metrics.R2Score(class_aggregation="median")


# ---- the losses as metrics ----------------------------------------------------------------------
def case_hinge(tf, np):
    return _pair(tf, tf.keras.metrics.Hinge, _BINARY_TRUE, _BINARY_PRED)


def case_squared_hinge(tf, np):
    return _pair(tf, tf.keras.metrics.SquaredHinge, _BINARY_TRUE, _BINARY_PRED)


def case_categorical_hinge(tf, np):
    return _pair(tf, tf.keras.metrics.CategoricalHinge, _ONE_HOT, _PROBS)


def case_kl_divergence(tf, np):
    return _pair(tf, tf.keras.metrics.KLDivergence, _ONE_HOT, _PROBS)


def case_poisson(tf, np):
    return _pair(tf, tf.keras.metrics.Poisson, _ONE_HOT, _PROBS)


def case_binary_crossentropy(tf, np):
    return _pair(tf, tf.keras.metrics.BinaryCrossentropy, _BINARY_TRUE, _BINARY_PRED)


def case_binary_crossentropy_logits_smoothing(tf, np):
    logits = (np.array(_BINARY_PRED, np.float32) - 0.5) * 6.0
    return _pair(
        tf, tf.keras.metrics.BinaryCrossentropy, _BINARY_TRUE, logits, from_logits=True, label_smoothing=0.2
    )


def case_categorical_crossentropy(tf, np):
    return _pair(tf, tf.keras.metrics.CategoricalCrossentropy, _ONE_HOT, _PROBS)


def case_categorical_crossentropy_logits_smoothing(tf, np):
    logits = np.log(np.array(_PROBS, np.float32)) * 1.5
    kwargs = {"from_logits": True, "label_smoothing": 0.1}
    return _pair(tf, tf.keras.metrics.CategoricalCrossentropy, _ONE_HOT, logits, **kwargs)


def case_sparse_categorical_crossentropy(tf, np):
    return _pair(tf, tf.keras.metrics.SparseCategoricalCrossentropy, _SPARSE, _PROBS)


def case_sparse_categorical_crossentropy_logits(tf, np):
    logits = np.log(np.array(_PROBS, np.float32)) * 2.0
    return _pair(tf, tf.keras.metrics.SparseCategoricalCrossentropy, _SPARSE, logits, from_logits=True)


def case_sparse_categorical_crossentropy_ignore_class(tf, np):
    return _pair(tf, tf.keras.metrics.SparseCategoricalCrossentropy, _SPARSE, _PROBS, ignore_class=2)


# ---- F-scores ------------------------------------------------------------------------------------
def case_f1_score(tf, np):
    return _pair(tf, tf.keras.metrics.F1Score, _ONE_HOT, _PROBS)


def case_f1_score_micro_threshold(tf, np):
    return _pair(tf, tf.keras.metrics.F1Score, _ONE_HOT, _PROBS, average="micro", threshold=0.35)


def case_f1_score_macro(tf, np):
    return _pair(tf, tf.keras.metrics.F1Score, _ONE_HOT, _PROBS, average="macro")


def case_fbeta_score_weighted(tf, np):
    return _pair(tf, tf.keras.metrics.FBetaScore, _ONE_HOT, _PROBS, average="weighted", beta=2.0)


def case_fbeta_score_zero_rows(tf, np):
    metric = tf.keras.metrics.FBetaScore(beta=0.5)
    metric.update_state([[1, 0], [0, 1]], [[0.0, 0.0], [0.2, 0.7]])
    return metric.result()


def case_fbeta_score_bad_average_error(tf, np):
    return tf.keras.metrics.FBetaScore(average="median")


def case_fbeta_score_int_beta_error(tf, np):
    return tf.keras.metrics.FBetaScore(beta=1)


def case_fbeta_score_threshold_range_error(tf, np):
    return tf.keras.metrics.FBetaScore(threshold=1.5)


def case_fbeta_score_rank_error(tf, np):
    tf.keras.metrics.FBetaScore().update_state([1.0, 0.0], [0.5, 0.2])


# ---- configs and lookups -------------------------------------------------------------------------
def case_configs(tf, np):
    metrics = tf.keras.metrics
    objects = [
        metrics.Mean(name="m"),
        metrics.BinaryAccuracy(name="b", threshold=0.7),
        metrics.SparseTopKCategoricalAccuracy(k=3, name="s"),
        metrics.CosineSimilarity(name="c", axis=0),
        metrics.BinaryCrossentropy(name="bce", from_logits=True, label_smoothing=0.1),
        metrics.SparseCategoricalCrossentropy(name="scce", ignore_class=3),
        metrics.MeanRelativeError(normalizer=[1.0, 2.0], name="mre"),
        metrics.R2Score(class_aggregation=None, num_regressors=1, name="r2"),
        metrics.F1Score(average="macro", threshold=0.3, name="f1"),
        metrics.FBetaScore(beta=2.0, name="fb"),
        metrics.MeanTensor(name="mt"),
        metrics.KLDivergence(name="kl"),
        metrics.LogCoshError(name="lc"),
    ]
    return [_plain_config(o.get_config()) for o in objects]


def case_from_config_round_trip(tf, np):
    metrics = tf.keras.metrics
    original = metrics.BinaryAccuracy(name="b", threshold=0.7)
    rebuilt = metrics.BinaryAccuracy.from_config(original.get_config())
    rebuilt.update_state(_BINARY_TRUE, _BINARY_PRED)
    return {"config": _plain_config(rebuilt.get_config()), "result": rebuilt.result()}


def case_default_names(tf, np):
    metrics = tf.keras.metrics
    objects = [
        metrics.Mean(), metrics.Sum(), metrics.Accuracy(), metrics.BinaryAccuracy(),
        metrics.CategoricalAccuracy(), metrics.SparseCategoricalAccuracy(), metrics.TopKCategoricalAccuracy(),
        metrics.SparseTopKCategoricalAccuracy(), metrics.MeanSquaredError(), metrics.RootMeanSquaredError(),
        metrics.MeanAbsoluteError(), metrics.MeanAbsolutePercentageError(),
        metrics.MeanSquaredLogarithmicError(), metrics.CosineSimilarity(), metrics.LogCoshError(),
        metrics.Hinge(), metrics.SquaredHinge(), metrics.CategoricalHinge(), metrics.KLDivergence(),
        metrics.Poisson(), metrics.BinaryCrossentropy(), metrics.CategoricalCrossentropy(),
        metrics.SparseCategoricalCrossentropy(), metrics.F1Score(), metrics.FBetaScore(), metrics.R2Score(),
        metrics.MeanTensor(),
    ]  # fmt: skip
    return [o.name for o in objects]


def case_get_functions(tf, np):
    names = [
        "accuracy", "acc", "ACC", "mse", "MSE", "mae", "MAE", "mape", "MAPE", "msle", "MSLE",
        "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
        "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "cosine_similarity",
        "cosine_proximity", "log_cosh", "logcosh", "hinge", "squared_hinge", "categorical_hinge",
        "poisson", "kullback_leibler_divergence", "binary_crossentropy", "categorical_crossentropy",
        "sparse_categorical_crossentropy", "mean_squared_error",
    ]  # fmt: skip
    return {name: tf.keras.metrics.get(name).__name__ for name in names}


def case_get_classes(tf, np):
    names = ["Accuracy", "AUC", "Precision", "Mean", "MeanSquaredError", "RootMeanSquaredError", "F1Score"]
    found = {}
    for name in names:
        metric = tf.keras.metrics.get(name)
        config = _plain_config(metric.get_config())
        del config["name"]  # default names depend on how many metrics were made before
        found[name] = {"class": type(metric).__name__, "config": config}
    return found


def case_get_passes_objects_through(tf, np):
    metrics = tf.keras.metrics
    metric = metrics.Mean()
    return [metrics.get(metric) is metric, metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy]


def case_get_from_dict(tf, np):
    metric = tf.keras.metrics.get(
        {"class_name": "BinaryAccuracy", "config": {"name": "ba", "threshold": 0.3}}
    )
    return {"class": type(metric).__name__, "config": _plain_config(metric.get_config())}


def case_serialize(tf, np):
    metrics = tf.keras.metrics
    serialized = metrics.serialize(metrics.BinaryAccuracy(name="b", threshold=0.7))
    serialized["config"] = _plain_config(serialized["config"])
    return serialized


def case_serialize_deserialize(tf, np):
    metrics = tf.keras.metrics
    metric = metrics.deserialize(metrics.serialize(metrics.CosineSimilarity(name="c", axis=0)))
    return {"class": type(metric).__name__, "config": _plain_config(metric.get_config())}


def case_namespace_aliases(tf, np):
    metrics, losses = tf.keras.metrics, tf.keras.losses
    return [
        metrics.mse is losses.mean_squared_error,
        metrics.MSE is metrics.mean_squared_error,
        metrics.mae is losses.mae,
        metrics.KLD is metrics.kl_divergence,
        metrics.kld is metrics.kullback_leibler_divergence,
        metrics.logcosh is metrics.log_cosh,
        metrics.binary_crossentropy is losses.binary_crossentropy,
        tf.metrics.AUC is metrics.AUC,
    ]
