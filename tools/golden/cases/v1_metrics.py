"""Golden cases: tf.compat.v1.metrics — each streaming metric built in a v1 graph over placeholders and
run in a Session over two or three batches (the update op's result and the value after each batch,
"as data comes in"), with and without weights; the local variables each metric creates (names,
shapes, count, collections), metrics_collections/updates_collections, and the errors (eager use,
mismatched shapes, bad arguments).

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

# Binary labels and scores in [0, 1]; three batches of different sizes.
_BINARY = [
    {"labels": [1.0, 0.0, 1.0, 1.0], "predictions": [0.9, 0.4, 0.35, 0.8], "weights": [1.0, 2.0, 0.5, 1.0]},
    {"labels": [0.0, 0.0, 1.0, 0.0], "predictions": [0.6, 0.1, 0.7, 0.2], "weights": [1.0, 1.0, 1.0, 0.0]},
    {"labels": [1.0, 1.0, 0.0], "predictions": [0.05, 0.55, 0.45], "weights": [2.0, 1.0, 1.0]},
]
# Labels and decisions (any non-zero prediction is positive), for the counts, precision and recall.
_DECISIONS = [
    {
        "labels": [1.0, 0.0, 1.0, 1.0, 0.0],
        "predictions": [1.0, 1.0, 0.0, 1.0, 0.0],
        "weights": [1.0, 2.0, 0.5, 1.0, 3.0],
    },
    {"labels": [0.0, 0.0, 1.0], "predictions": [0.0, -2.0, 0.0], "weights": [1.0, 1.0, 4.0]},
    {"labels": [1.0, 0.0], "predictions": [0.5, 0.0], "weights": [2.0, 0.0]},
]
# Real-valued targets and predictions.
_REGRESSION = [
    {"labels": [1.0, 2.0, 3.0, 4.0], "predictions": [1.5, 1.0, 3.0, 5.5], "weights": [1.0, 0.5, 2.0, 1.0]},
    {"labels": [0.0, -1.0, 2.5], "predictions": [0.5, -3.0, 2.0], "weights": [0.0, 1.0, 3.0]},
]
# Class indices, three classes.
_CLASSES = [
    {"labels": [0, 1, 2, 2, 1], "predictions": [0, 2, 2, 1, 1], "weights": [1.0, 1.0, 0.5, 2.0, 1.0]},
    {"labels": [2, 0, 0, 1], "predictions": [2, 1, 0, 1], "weights": [1.0, 0.0, 3.0, 1.0]},
]
# Scores over four classes and their (sparse) labels.
_SCORES = [
    {
        "labels": [[2], [0], [3]],
        "predictions": [[0.1, 0.4, 0.3, 0.2], [0.5, 0.1, 0.3, 0.1], [0.2, 0.2, 0.1, 0.5]],
        "weights": [1.0, 2.0, 0.5],
    },
    {
        "labels": [[1], [3]],
        "predictions": [[0.05, 0.9, 0.02, 0.03], [0.4, 0.3, 0.2, 0.1]],
        "weights": [1.0, 0.0],
    },
]


def _define(name, function):
    """Adds a generated case to this module, so it is found like a written one."""
    function.__name__ = f"case_{name}"
    globals()[function.__name__] = function


def _placeholders(tf, batch, dtypes):
    """One placeholder per batch entry, its leading (batch) dimension unknown."""
    holders = {}
    for key, value in batch.items():
        shape = [None, len(value[0])] if isinstance(value[0], list) else [None]
        holders[key] = tf.compat.v1.placeholder(dtypes.get(key, tf.float32), shape, name=key)
    return holders


def _stream(tf, make, batches, dtypes=None, weighted=True):
    """Builds `make(tf.compat.v1.metrics, **placeholders)` in a new graph and runs it over `batches`:
    the update op's result and then the value after each batch, and the variables it made."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        keys = [key for key in batches[0] if weighted or key != "weights"]
        holders = _placeholders(tf, {key: batches[0][key] for key in keys}, dtypes or {})
        value, update = make(v1.metrics, **holders)
        with v1.Session(graph=graph) as session:
            session.run(v1.local_variables_initializer())
            updates, values = [], []
            for batch in batches:
                feed = {holders[key]: batch[key] for key in keys}
                updates.append(session.run(update, feed))
                values.append(session.run(value))
        return {
            "updates": updates,
            "values": values,
            "local_variables": [(v.name, v.shape.as_list(), v.dtype.name) for v in v1.local_variables()],
            "metric_variables": len(graph.get_collection("metric_variables")),
            "global_variables": len(v1.global_variables()),
            "value_shape": value.shape,
            "value_dtype": value.dtype,
        }


def _int_dtypes(tf):
    return {"labels": tf.int64, "predictions": tf.int64}


# ---- each metric, over its batches, with and without weights ---------------------------------------
_METRICS = {
    "accuracy": (lambda m, **k: m.accuracy(**k), _CLASSES, _int_dtypes),
    "accuracy_float": (lambda m, **k: m.accuracy(**k), _REGRESSION, None),
    "mean_squared_error": (lambda m, **k: m.mean_squared_error(**k), _REGRESSION, None),
    "root_mean_squared_error": (lambda m, **k: m.root_mean_squared_error(**k), _REGRESSION, None),
    "mean_absolute_error": (lambda m, **k: m.mean_absolute_error(**k), _REGRESSION, None),
    "mean_relative_error": (
        lambda m, labels, predictions, **k: m.mean_relative_error(
            labels, predictions, normalizer=labels, **k
        ),
        _REGRESSION,
        None,
    ),
    "auc": (lambda m, **k: m.auc(**k), _BINARY, None),
    "auc_pr": (lambda m, **k: m.auc(curve="PR", **k), _BINARY, None),
    "auc_pr_careful": (
        lambda m, **k: m.auc(curve="PR", summation_method="careful_interpolation", **k),
        _BINARY,
        None,
    ),
    "auc_roc_careful": (lambda m, **k: m.auc(summation_method="careful_interpolation", **k), _BINARY, None),
    "auc_minoring": (lambda m, **k: m.auc(num_thresholds=7, summation_method="minoring", **k), _BINARY, None),
    "auc_majoring": (lambda m, **k: m.auc(num_thresholds=7, summation_method="majoring", **k), _BINARY, None),
    "auc_pr_majoring": (
        lambda m, **k: m.auc(curve="PR", num_thresholds=5, summation_method="majoring", **k),
        _BINARY,
        None,
    ),
    "auc_thresholds": (lambda m, **k: m.auc(thresholds=[0.3, 0.5, 0.75], **k), _BINARY, None),
    "auc_small": (lambda m, **k: m.auc(num_thresholds=3, **k), _BINARY, None),
    "precision": (lambda m, **k: m.precision(**k), _DECISIONS, None),
    "recall": (lambda m, **k: m.recall(**k), _DECISIONS, None),
    "true_positives": (lambda m, **k: m.true_positives(**k), _DECISIONS, None),
    "false_positives": (lambda m, **k: m.false_positives(**k), _DECISIONS, None),
    "true_negatives": (lambda m, **k: m.true_negatives(**k), _DECISIONS, None),
    "false_negatives": (lambda m, **k: m.false_negatives(**k), _DECISIONS, None),
    "precision_at_thresholds": (
        lambda m, **k: m.precision_at_thresholds(thresholds=[0.0, 0.4, 0.6, 1.0], **k),
        _BINARY,
        None,
    ),
    "recall_at_thresholds": (
        lambda m, **k: m.recall_at_thresholds(thresholds=[0.0, 0.4, 0.6, 1.0], **k),
        _BINARY,
        None,
    ),
    "true_positives_at_thresholds": (
        lambda m, **k: m.true_positives_at_thresholds(thresholds=[0.35, 0.5], **k),
        _BINARY,
        None,
    ),
    "false_positives_at_thresholds": (
        lambda m, **k: m.false_positives_at_thresholds(thresholds=[0.35, 0.5], **k),
        _BINARY,
        None,
    ),
    "true_negatives_at_thresholds": (
        lambda m, **k: m.true_negatives_at_thresholds(thresholds=[0.35, 0.5], **k),
        _BINARY,
        None,
    ),
    "false_negatives_at_thresholds": (
        lambda m, **k: m.false_negatives_at_thresholds(thresholds=[0.35, 0.5], **k),
        _BINARY,
        None,
    ),
    "specificity_at_sensitivity": (
        lambda m, **k: m.specificity_at_sensitivity(sensitivity=0.5, **k),
        _BINARY,
        None,
    ),
    "specificity_at_sensitivity_small": (
        lambda m, **k: m.specificity_at_sensitivity(sensitivity=0.8, num_thresholds=5, **k),
        _BINARY,
        None,
    ),
    "sensitivity_at_specificity": (
        lambda m, **k: m.sensitivity_at_specificity(specificity=0.6, **k),
        _BINARY,
        None,
    ),
    "sensitivity_at_specificity_small": (
        lambda m, **k: m.sensitivity_at_specificity(specificity=0.5, num_thresholds=6, **k),
        _BINARY,
        None,
    ),
    "mean_iou": (lambda m, **k: m.mean_iou(num_classes=3, **k), _CLASSES, _int_dtypes),
    "mean_iou_absent_class": (lambda m, **k: m.mean_iou(num_classes=4, **k), _CLASSES, _int_dtypes),
    "mean_per_class_accuracy": (
        lambda m, **k: m.mean_per_class_accuracy(num_classes=3, **k),
        _CLASSES,
        _int_dtypes,
    ),
    "mean_per_class_accuracy_absent": (
        lambda m, **k: m.mean_per_class_accuracy(num_classes=4, **k),
        _CLASSES,
        _int_dtypes,
    ),
    "precision_at_k": (lambda m, **k: m.precision_at_k(k=2, **k), _SCORES, lambda tf: {"labels": tf.int64}),
    "precision_at_k_class": (
        lambda m, **k: m.precision_at_k(k=2, class_id=3, **k),
        _SCORES,
        lambda tf: {"labels": tf.int64},
    ),
    "recall_at_k": (lambda m, **k: m.recall_at_k(k=2, **k), _SCORES, lambda tf: {"labels": tf.int64}),
    "recall_at_k_class": (
        lambda m, **k: m.recall_at_k(k=1, class_id=0, **k),
        _SCORES,
        lambda tf: {"labels": tf.int64},
    ),
    "sparse_precision_at_k": (
        lambda m, **k: m.sparse_precision_at_k(k=3, **k),
        _SCORES,
        lambda tf: {"labels": tf.int64},
    ),
}


# ---- top-k metrics: label sets (duplicates, several labels, out of range), classes, indices --------------
_TOP_K_SCORES = [[0.1, 0.4, 0.3, 0.2], [0.5, 0.1, 0.3, 0.1], [0.2, 0.2, 0.1, 0.5]]
_LABEL_SETS = {
    "duplicates": [[1, 1], [0, 0], [3, 3]],
    "several": [[1, 2], [0, 3], [2, 1]],
    "out_of_range": [[5, 1], [-1, 0], [3, 7]],
    "one_per_row": [2, 0, 7],
}


def _top_k_metrics(tf, labels, build):
    """Each metric of `build(metrics, labels)` over the same batch twice: (update, value) pairs."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        metrics = build(v1.metrics, tf.constant(labels, tf.int64))
        with v1.Session(graph=graph) as session:
            session.run(v1.local_variables_initializer())
            updates = [session.run([update for _, update in metrics]) for _ in range(2)]
            return {
                "updates": updates,
                "values": session.run([value for value, _ in metrics]),
                "local_variables": [v.name for v in v1.local_variables()],
            }


def _top_k_set_case(labels):
    def build(metrics, labels):
        scores = _TOP_K_SCORES
        return [
            metrics.precision_at_k(labels, scores, 2),
            metrics.recall_at_k(labels, scores, 2),
            metrics.precision_at_k(labels, scores, 2, class_id=1),
            metrics.recall_at_k(labels, scores, 2, class_id=1),
            metrics.precision_at_k(labels, scores, 4),
            metrics.recall_at_k(labels, scores, 1, class_id=0, weights=[1.0, 2.0, 4.0]),
            metrics.precision_at_k(labels, scores, 3, weights=2.0),
            metrics.recall_at_k(labels, scores, 2, class_id=9),
        ]

    return lambda tf, np: _top_k_metrics(tf, labels, build)


for _name, _labels in _LABEL_SETS.items():
    _define(f"at_k_labels_{_name}", _top_k_set_case(_labels))


def case_at_top_k_indices(tf, np):
    """The _at_top_k forms take predicted indices (duplicates count once); k only names the scope."""

    def build(m, labels):
        indices = tf.constant([[1, 2], [0, 0], [3, 3]], tf.int64)
        return [
            m.precision_at_top_k(labels, indices, k=2),
            m.recall_at_top_k(labels, indices),
            m.precision_at_top_k(labels, indices, class_id=3),
            m.recall_at_top_k(labels, indices, k=2, class_id=2, weights=[1.0, 0.5, 2.0]),
        ]

    return _top_k_metrics(tf, _LABEL_SETS["several"], build)


def case_at_k_names(tf, np):
    """Scope names: precision_at_<k>[_class<id>], recall_at_k when k is not given, made unique."""
    return _top_k_metrics(
        tf,
        _LABEL_SETS["several"],
        lambda m, labels: [
            m.precision_at_k(labels, _TOP_K_SCORES, 2),
            m.precision_at_k(labels, _TOP_K_SCORES, 2),
            m.sparse_precision_at_k(labels, _TOP_K_SCORES, 1, class_id=2),
            m.recall_at_top_k(labels, tf.constant([[0], [1], [2]], tf.int64)),
            m.recall_at_k(labels, _TOP_K_SCORES, 3, name="my_recall"),
        ],
    )


def case_at_k_too_large(tf, np):
    return _in_graph(
        tf, lambda m: m.precision_at_k(tf.constant([[1]], tf.int64), tf.constant([[0.5, 0.5]]), 3)
    )


def _metric_case(make, batches, dtypes, weighted):
    return lambda tf, np: _stream(tf, make, batches, dtypes and dtypes(tf), weighted)


for _name, (_make, _batches, _dtypes) in _METRICS.items():
    _define(_name, _metric_case(_make, _batches, _dtypes, False))
    _define(f"{_name}_weighted", _metric_case(_make, _batches, _dtypes, True))


# ---- metrics of one tensor ------------------------------------------------------------------------
def _values_stream(tf, make, batches, shape, weights=None, weights_shape=(None,)):
    """Like _stream, for metrics of `values` (and optional weights) of a fixed `shape`."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        values = v1.placeholder(tf.float32, shape, name="values")
        weight_holder = None if weights is None else v1.placeholder(tf.float32, weights_shape, name="weights")
        value, update = make(v1.metrics, values, weight_holder)
        with v1.Session(graph=graph) as session:
            session.run(v1.local_variables_initializer())
            results = []
            for index, batch in enumerate(batches):
                feed = {values: batch}
                if weights is not None:
                    feed[weight_holder] = weights[index]
                results.append((session.run(update, feed), session.run(value)))
        return {
            "results": results,
            "local_variables": [(v.name, v.shape.as_list(), v.dtype.name) for v in v1.local_variables()],
        }


_VALUES = [[1.0, 4.0, -2.0, 0.5], [3.0, 3.0, 10.0, -7.0]]
_TENSORS = [[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [[-1.0, 0.0, 1.0], [2.0, 2.0, 2.0]]]


def case_mean(tf, np):
    return _values_stream(tf, lambda m, v, w: m.mean(v, w), _VALUES, [None])


def case_mean_weighted(tf, np):
    weights = [[1.0, 0.0, 2.0, 0.5], [0.0, 0.0, 0.0, 0.0]]
    return _values_stream(tf, lambda m, v, w: m.mean(v, w), _VALUES, [None], weights)


def case_mean_scalar_weight(tf, np):
    return _values_stream(tf, lambda m, v, w: m.mean(v, w), _VALUES, [None], [2.0, 0.5], ())


def case_mean_of_matrix(tf, np):
    weights = [[[1.0], [0.0]], [[2.0], [1.0]]]
    return _values_stream(tf, lambda m, v, w: m.mean(v, w), _TENSORS, [2, 3], weights, (2, 1))


def case_mean_tensor(tf, np):
    return _values_stream(tf, lambda m, v, w: m.mean_tensor(v, w), _TENSORS, [2, 3])


def case_mean_tensor_weighted(tf, np):
    weights = [[[1.0, 0.0, 2.0], [0.0, 0.0, 1.0]], [[1.0, 1.0, 1.0], [0.0, 0.0, 3.0]]]
    return _values_stream(tf, lambda m, v, w: m.mean_tensor(v, w), _TENSORS, [2, 3], weights, (2, 3))


def case_percentage_below(tf, np):
    return _values_stream(tf, lambda m, v, w: m.percentage_below(v, threshold=1.0), _VALUES, [None])


def case_percentage_below_weighted(tf, np):
    weights = [[1.0, 0.0, 2.0, 0.5], [1.0, 1.0, 0.0, 3.0]]
    return _values_stream(tf, lambda m, v, w: m.percentage_below(v, 3.0, weights=w), _VALUES, [None], weights)


def _cosine(tf, np, weights=None):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        labels = v1.placeholder(tf.float32, [None, 3])
        predictions = v1.placeholder(tf.float32, [None, 3])
        weight_holder = None if weights is None else v1.placeholder(tf.float32, [None, 1])
        value, update = v1.metrics.mean_cosine_distance(labels, predictions, dim=1, weights=weight_holder)
        unit = 1.0 / np.sqrt(3.0)
        batches = [
            ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], [[1.0, 0.0, 0.0], [0.6, 0.8, 0.0]]),
            (
                [[unit, unit, unit], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]],
                [[0.0, 0.0, 1.0], [0.0, 0.0, -1.0], [0.0, 1.0, 0.0]],
            ),
        ]
        with v1.Session(graph=graph) as session:
            session.run(v1.local_variables_initializer())
            results = []
            for index, (label_batch, prediction_batch) in enumerate(batches):
                feed = {labels: label_batch, predictions: prediction_batch}
                if weights is not None:
                    feed[weight_holder] = weights[index]
                results.append((session.run(update, feed), session.run(value)))
        return {"results": results, "local_variables": [v.name for v in v1.local_variables()]}


def case_mean_cosine_distance(tf, np):
    return _cosine(tf, np)


def case_mean_cosine_distance_weighted(tf, np):
    return _cosine(tf, np, [[[2.0], [1.0]], [[1.0], [0.0], [3.0]]])


# ---- state: names, collections, reset ----------------------------------------------------------------
def case_variable_names_and_scopes(tf, np):
    """Default scope names are made unique; `name=` replaces them; local variables only."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        labels = tf.constant([1.0, 0.0, 1.0])
        predictions = tf.constant([0.7, 0.2, 0.4])
        v1.metrics.mean(predictions)
        v1.metrics.mean(labels)
        v1.metrics.precision(labels, predictions)
        v1.metrics.accuracy(labels, predictions, name="my_accuracy")
        v1.metrics.root_mean_squared_error(labels, predictions)
        v1.metrics.recall_at_thresholds(labels, predictions, [0.5])
        with v1.variable_scope("outer"):
            v1.metrics.mean_absolute_error(labels, predictions)
        return {
            "local": [v.name for v in v1.local_variables()],
            "metric": [v.name for v in graph.get_collection("metric_variables")],
            "global": [v.name for v in v1.global_variables()],
            "trainable": [v.name for v in v1.trainable_variables()],
        }


def case_collections(tf, np):
    """metrics_collections gets the value tensor, updates_collections the update op."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        values = tf.constant([1.0, 2.0, 6.0])
        value, update = v1.metrics.mean(
            values, metrics_collections=["my_metrics"], updates_collections=["my_updates"]
        )
        found_value = graph.get_collection("my_metrics")
        found_update = graph.get_collection("my_updates")
        with v1.Session(graph=graph) as session:
            session.run(v1.local_variables_initializer())
            session.run(found_update[0])
            return {
                "same": [found_value[0] is value, found_update[0] is update],
                "counts": [len(found_value), len(found_update)],
                "value": session.run(found_value[0]),
            }


def case_reset_by_local_initializer(tf, np):
    """Running the local variables' initializer again restarts the stream."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        values = v1.placeholder(tf.float32, [None])
        value, update = v1.metrics.mean(values)
        with v1.Session(graph=graph) as session:
            init = v1.local_variables_initializer()
            session.run(init)
            session.run(update, {values: [1.0, 2.0]})
            first = session.run(value)
            session.run(init)
            before = session.run(value)
            session.run(update, {values: [10.0]})
            return [first, before, session.run(value)]


def case_value_before_update(tf, np):
    """The value of a fresh metric (no data yet) is 0, not NaN."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        labels = tf.constant([1.0, 0.0])
        predictions = tf.constant([0.7, 0.2])
        metrics = [
            v1.metrics.mean(predictions),
            v1.metrics.accuracy(labels, predictions),
            v1.metrics.precision(labels, predictions),
            v1.metrics.recall(labels, predictions),
            v1.metrics.root_mean_squared_error(labels, predictions),
            v1.metrics.auc(labels, predictions),
            v1.metrics.precision_at_thresholds(labels, predictions, [0.5]),
            v1.metrics.mean_iou(tf.constant([0, 1]), tf.constant([0, 0]), 2),
            v1.metrics.mean_per_class_accuracy(tf.constant([0, 1]), tf.constant([0, 0]), 2),
        ]
        with v1.Session(graph=graph) as session:
            session.run(v1.local_variables_initializer())
            return session.run([value for value, _ in metrics])


def case_session_loop_rmse(tf, np):
    """A training loop reports the streaming RMSE of its predictions over the batches seen so far."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        x = v1.placeholder(tf.float32, [None, 2])
        y = v1.placeholder(tf.float32, [None, 1])
        w = v1.get_variable("w", initializer=tf.constant([[0.5], [-0.5]]))
        prediction = tf.matmul(x, w)
        loss = tf.reduce_mean(tf.square(prediction - y))
        train_op = v1.train.GradientDescentOptimizer(0.1).minimize(loss)
        rmse, rmse_update = v1.metrics.root_mean_squared_error(y, prediction)
        xs = [[[1.0, 2.0], [0.5, -1.0]], [[2.0, 0.0], [1.0, 1.0]], [[-1.0, 0.5], [0.0, 3.0]]]
        ys = [[[1.0], [0.5]], [[2.0], [1.5]], [[-0.5], [2.0]]]
        with v1.Session(graph=graph) as session:
            session.run([v1.global_variables_initializer(), v1.local_variables_initializer()])
            reported = []
            for batch_x, batch_y in zip(xs, ys):
                session.run(rmse_update, {x: batch_x, y: batch_y})
                session.run(train_op, {x: batch_x, y: batch_y})
                reported.append(session.run(rmse))
            return {"rmse": reported, "w": session.run(w)}


# ---- errors ---------------------------------------------------------------------------------------
def case_eager_mean_raises(tf, np):
    return tf.compat.v1.metrics.mean(tf.constant([1.0, 2.0]))


def case_eager_accuracy_raises(tf, np):
    return tf.compat.v1.metrics.accuracy(tf.constant([1, 2]), tf.constant([1, 2]))


def case_eager_auc_raises(tf, np):
    return tf.compat.v1.metrics.auc(tf.constant([1.0, 0.0]), tf.constant([0.5, 0.5]))


def _in_graph(tf, build):
    with tf.Graph().as_default():
        return build(tf.compat.v1.metrics)


def case_mismatched_shapes(tf, np):
    return _in_graph(
        tf, lambda m: m.mean_squared_error(tf.constant([1.0, 2.0, 3.0]), tf.constant([1.0, 2.0]))
    )


def case_mismatched_shapes_accuracy(tf, np):
    return _in_graph(tf, lambda m: m.accuracy(tf.constant([[1, 2, 3]]), tf.constant([[1, 2], [3, 4]])))


def case_mismatched_shapes_precision(tf, np):
    return _in_graph(tf, lambda m: m.precision(tf.constant([1.0, 0.0, 1.0]), tf.constant([1.0, 0.0])))


def case_bad_weights_shape(tf, np):
    return _in_graph(tf, lambda m: m.mean(tf.constant([1.0, 2.0, 3.0]), weights=tf.constant([1.0, 2.0])))


def case_auc_bad_curve(tf, np):
    return _in_graph(tf, lambda m: m.auc(tf.constant([1.0]), tf.constant([0.5]), curve="XY"))


def case_auc_bad_summation(tf, np):
    return _in_graph(tf, lambda m: m.auc(tf.constant([1.0]), tf.constant([0.5]), summation_method="simpson"))


def case_specificity_out_of_range(tf, np):
    return _in_graph(
        tf, lambda m: m.specificity_at_sensitivity(tf.constant([1.0]), tf.constant([0.5]), sensitivity=1.5)
    )


def case_sensitivity_out_of_range(tf, np):
    return _in_graph(
        tf, lambda m: m.sensitivity_at_specificity(tf.constant([1.0]), tf.constant([0.5]), specificity=-0.1)
    )


def case_predictions_out_of_range(tf, np):
    """Scores outside [0, 1] fail when the update runs."""
    v1 = tf.compat.v1
    with tf.Graph().as_default():
        value, update = v1.metrics.precision_at_thresholds(
            tf.constant([1.0, 0.0]), tf.constant([1.5, 0.2]), [0.5]
        )
        with v1.Session() as session:
            session.run(v1.local_variables_initializer())
            return session.run(update)
