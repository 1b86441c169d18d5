"""Golden cases: tf.compat.v1.losses — every loss with scalar, per-example and per-element weights and
each reduction, label smoothing, dtypes, the broadcasting rule for weights, loss collections and
get_total_loss in a v1 graph with regularization losses, Sessions, and the errors.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

_LABELS = [[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
_PROBS = [[0.1, 0.8, 0.6], [0.7, 0.2, 0.4], [0.05, 0.3, 0.9], [0.99, 0.6, 0.0]]
_LOGITS = [[-2.0, 1.5, 0.3], [1.0, -0.5, -1.2], [-3.0, 0.2, 2.5], [4.0, 0.4, -6.0]]
_ONE_HOT = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
_SPARSE = [1, 0, 2, 0]
_TARGETS = [[1.0, -2.0, 0.5], [0.0, 3.0, 1.5], [2.0, 2.0, -1.0], [-0.5, 0.0, 4.0]]
_PREDICTIONS = [[1.5, -1.0, 0.0], [0.2, 2.0, 3.0], [1.0, 2.5, -1.0], [0.0, -0.5, 2.0]]
_UNIT_LABELS = [[0.6, 0.8, 0.0], [1.0, 0.0, 0.0], [0.0, 0.6, -0.8], [0.0, 0.0, 1.0]]
_UNIT_PREDICTIONS = [[0.8, 0.6, 0.0], [0.0, 1.0, 0.0], [0.0, 0.8, -0.6], [0.6, 0.0, 0.8]]
_COLUMN_WEIGHTS = [[1.0], [0.5], [0.0], [2.0]]
_ELEMENT_WEIGHTS = [[1.0, 0.0, 2.0], [0.5, 0.5, 0.5], [0.0, 0.0, 0.0], [3.0, 1.0, -0.25]]
_ROW_WEIGHTS = [1.0, 0.5, 0.0, 2.0]


def _define(name, function):
    """Adds a generated case to this module, so it is found like a written one."""
    function.__name__ = f"case_{name}"
    globals()[function.__name__] = function


def _c(tf, value, dtype=None):
    return tf.constant(value, dtype=dtype or tf.float32)


# name: (function, positional inputs, extra kwargs, weight shapes allowed: "element" or "row")
_LOSSES = {
    "mean_squared_error": ("mean_squared_error", (_TARGETS, _PREDICTIONS), {}, "element"),
    "absolute_difference": ("absolute_difference", (_TARGETS, _PREDICTIONS), {}, "element"),
    "log_loss": ("log_loss", (_LABELS, _PROBS), {}, "element"),
    "hinge_loss": ("hinge_loss", (_LABELS, _LOGITS), {}, "element"),
    "huber_loss": ("huber_loss", (_TARGETS, _PREDICTIONS), {}, "element"),
    "huber_loss_delta": ("huber_loss", (_TARGETS, _PREDICTIONS), {"delta": 0.5}, "element"),
    "sigmoid_cross_entropy": ("sigmoid_cross_entropy", (_LABELS, _LOGITS), {}, "element"),
    "softmax_cross_entropy": ("softmax_cross_entropy", (_ONE_HOT, _LOGITS), {}, "row"),
    "cosine_distance": ("cosine_distance", (_UNIT_LABELS, _UNIT_PREDICTIONS), {"axis": 1}, "column"),
}
_REDUCTIONS = ("NONE", "SUM", "MEAN", "SUM_OVER_BATCH_SIZE", "SUM_BY_NONZERO_WEIGHTS")


def _loss_case(function, inputs, kwargs, weights, reduction):
    def case(tf, np):
        options = dict(kwargs)
        if weights is not None:
            options["weights"] = _c(tf, weights) if isinstance(weights, list) else weights
        if reduction is not None:
            options["reduction"] = getattr(tf.compat.v1.losses.Reduction, reduction)
        return getattr(tf.compat.v1.losses, function)(*[_c(tf, value) for value in inputs], **options)

    return case


_WEIGHTS_BY_KIND = {
    "element": {"column": _COLUMN_WEIGHTS, "element": _ELEMENT_WEIGHTS},
    "row": {"row": _ROW_WEIGHTS},
    "column": {"column": _COLUMN_WEIGHTS},
}
for _label, (_function, _inputs, _kwargs, _kind) in _LOSSES.items():
    _define(_label, _loss_case(_function, _inputs, _kwargs, None, None))
    _define(f"{_label}_scalar_weight", _loss_case(_function, _inputs, _kwargs, 2.0, None))
    for _weights_label, _weights in _WEIGHTS_BY_KIND[_kind].items():
        for _reduction in _REDUCTIONS:
            _define(
                f"{_label}_{_weights_label}_weights_{_reduction.lower()}",
                _loss_case(_function, _inputs, _kwargs, _weights, _reduction),
            )


# ---- per-loss options ---------------------------------------------------------------------------
def case_log_loss_epsilon(tf, np):
    return tf.compat.v1.losses.log_loss(_c(tf, _LABELS), _c(tf, _PROBS), epsilon=0.1)


def case_log_loss_unclipped_extremes(tf, np):
    return tf.compat.v1.losses.log_loss(_c(tf, [[1.0, 0.0]]), _c(tf, [[0.0, 1.0]]))


def case_sigmoid_cross_entropy_label_smoothing(tf, np):
    return tf.compat.v1.losses.sigmoid_cross_entropy(_c(tf, _LABELS), _c(tf, _LOGITS), label_smoothing=0.2)


def case_softmax_cross_entropy_label_smoothing(tf, np):
    return tf.compat.v1.losses.softmax_cross_entropy(_c(tf, _ONE_HOT), _c(tf, _LOGITS), label_smoothing=0.3)


def case_sparse_softmax_cross_entropy(tf, np):
    losses = tf.compat.v1.losses
    labels, logits = tf.constant(_SPARSE), _c(tf, _LOGITS)
    return [
        losses.sparse_softmax_cross_entropy(labels, logits),
        losses.sparse_softmax_cross_entropy(labels, logits, weights=_c(tf, _ROW_WEIGHTS)),
        losses.sparse_softmax_cross_entropy(labels, logits, weights=_c(tf, _COLUMN_WEIGHTS)),
        losses.sparse_softmax_cross_entropy(tf.constant([[1], [0], [2], [0]]), logits, weights=3.0),
        losses.sparse_softmax_cross_entropy(
            labels, logits, weights=_c(tf, _ROW_WEIGHTS), reduction=losses.Reduction.NONE
        ),
        losses.sparse_softmax_cross_entropy(
            labels, logits, weights=_c(tf, _ROW_WEIGHTS), reduction="weighted_mean"
        ),
    ]


def case_cosine_distance_dim(tf, np):
    return tf.compat.v1.losses.cosine_distance(
        _c(tf, _UNIT_LABELS), _c(tf, _UNIT_PREDICTIONS), dim=0, reduction=tf.compat.v1.losses.Reduction.NONE
    )


def case_mean_pairwise_squared_error_weights(tf, np):
    losses = tf.compat.v1.losses
    labels, predictions = _c(tf, _TARGETS), _c(tf, _PREDICTIONS)
    return [
        losses.mean_pairwise_squared_error(labels, predictions, weights=_c(tf, _COLUMN_WEIGHTS)),
        losses.mean_pairwise_squared_error(labels, predictions, weights=_c(tf, _ELEMENT_WEIGHTS)),
        losses.mean_pairwise_squared_error(labels, predictions, weights=_c(tf, [[1.0, 1.0, 0.0]])),
        losses.mean_pairwise_squared_error(labels, predictions, weights=_c(tf, [[0.0], [0.0], [0.0], [0.0]])),
    ]


def case_mean_pairwise_squared_error_rank3(tf, np):
    labels = tf.reshape(_c(tf, _TARGETS), [2, 2, 3])
    predictions = tf.reshape(_c(tf, _PREDICTIONS), [2, 2, 3])
    return tf.compat.v1.losses.mean_pairwise_squared_error(
        labels, predictions, weights=_c(tf, [[[1.0]], [[2.0]]])
    )


def _in_session(tf, build):
    graph = tf.Graph()
    with graph.as_default():
        fetches = build()
        with tf.compat.v1.Session() as session:
            return session.run(fetches)


def case_mean_pairwise_squared_error_graph(tf, np):
    losses = tf.compat.v1.losses

    def build():
        labels, predictions = _c(tf, _TARGETS), _c(tf, _PREDICTIONS)
        return [
            losses.mean_pairwise_squared_error(labels, predictions),
            losses.mean_pairwise_squared_error(labels, predictions, weights=2.0),
            losses.mean_pairwise_squared_error(_c(tf, [1.0, 2.0, 4.0]), _c(tf, [1.5, 2.0, 3.0])),
        ]

    return _in_session(tf, build)


# ---- compute_weighted_loss, dtypes --------------------------------------------------------------
def case_compute_weighted_loss_reductions(tf, np):
    losses = tf.compat.v1.losses
    values = _c(tf, [[1.0, 2.0], [3.0, 4.0]])
    weights = _c(tf, [[0.0, -1.0], [0.0, 2.0]])
    return [
        losses.compute_weighted_loss(values, weights, reduction=reduction)
        for reduction in losses.Reduction.all()
    ]


def case_compute_weighted_loss_all_zero_weights(tf, np):
    losses = tf.compat.v1.losses
    values = _c(tf, [[1.0, 2.0], [3.0, 4.0]])
    return [
        losses.compute_weighted_loss(values, _c(tf, [[0.0, 0.0], [0.0, 0.0]]), reduction=reduction)
        for reduction in ("weighted_sum", "weighted_mean", "weighted_sum_by_nonzero_weights")
    ]


def case_compute_weighted_loss_dtypes(tf, np):
    losses = tf.compat.v1.losses
    return [
        losses.compute_weighted_loss(
            _c(tf, [[1.0, 2.0], [3.0, 4.0]], tf.float64), weights=_c(tf, [[0.0], [1.0]])
        ),
        losses.compute_weighted_loss(tf.constant([[1, 2], [3, 4]]), weights=_c(tf, [[0.5], [1.0]])),
        losses.compute_weighted_loss(
            tf.constant([[1, 2], [3, 4]]), weights=_c(tf, [[2.0, 0.5]]), reduction=losses.Reduction.NONE
        ),
        losses.compute_weighted_loss(
            _c(tf, [[1.0, 2.0], [3.0, 4.0]], tf.float16), weights=_c(tf, [[2.0, 0.0]])
        ),
        losses.compute_weighted_loss(
            _c(tf, [[1.0, 2.0], [3.0, 4.0]]), weights=_c(tf, [[2.0, 0.0]], tf.float64)
        ),
        losses.compute_weighted_loss(_c(tf, [[1.0, 2.0], [3.0, 4.0]]), weights=2),
    ]


def case_compute_weighted_loss_python_and_empty(tf, np):
    losses = tf.compat.v1.losses
    return [
        losses.compute_weighted_loss(3.0),
        losses.compute_weighted_loss([[1.0, 2.0], [3.0, 4.0]], weights=0.0),
        losses.compute_weighted_loss(tf.zeros([0, 2])),
        losses.compute_weighted_loss(tf.zeros([0, 2]), reduction=losses.Reduction.SUM_OVER_BATCH_SIZE),
    ]


def case_mse_casts_to_float32(tf, np):
    losses = tf.compat.v1.losses
    return [
        losses.mean_squared_error(_c(tf, [[1.0, 0.0]], tf.float64), _c(tf, [[2.0, 3.0]], tf.float64)),
        losses.mean_squared_error(tf.constant([[1, 0]]), tf.constant([[2, 3]])),
        losses.hinge_loss(tf.constant([[0, 1]]), _c(tf, [[0.5, 0.2]])),
    ]


def case_cross_entropy_keep_logits_dtype(tf, np):
    losses = tf.compat.v1.losses
    logits = _c(tf, [[0.5, 0.2]], tf.float64)
    return [
        losses.sigmoid_cross_entropy(tf.constant([[0, 1]]), logits),
        losses.softmax_cross_entropy(tf.constant([[0, 1]]), logits),
        losses.log_loss(tf.constant([[0, 1]]), logits),
    ]


def case_reduction_keys(tf, np):
    reduction = tf.compat.v1.losses.Reduction
    return [
        reduction.all(),
        reduction.NONE,
        reduction.SUM,
        reduction.MEAN,
        reduction.SUM_OVER_BATCH_SIZE,
        reduction.SUM_BY_NONZERO_WEIGHTS,
        reduction.SUM_OVER_NONZERO_WEIGHTS,
    ]


# ---- gradients ----------------------------------------------------------------------------------
def case_gradient_softmax_cross_entropy_stops_at_labels(tf, np):
    labels, logits = _c(tf, _ONE_HOT), _c(tf, _LOGITS)
    with tf.GradientTape() as tape:
        tape.watch([labels, logits])
        loss = tf.compat.v1.losses.softmax_cross_entropy(labels, logits, label_smoothing=0.1)
    gradients = tape.gradient(loss, [labels, logits])
    return [gradients[0] is None, gradients[1]]


def case_gradient_huber(tf, np):
    predictions = _c(tf, _PREDICTIONS)
    with tf.GradientTape() as tape:
        tape.watch(predictions)
        loss = tf.compat.v1.losses.huber_loss(_c(tf, _TARGETS), predictions, weights=_c(tf, _COLUMN_WEIGHTS))
    return tape.gradient(loss, predictions)


# ---- collections in v1 graphs -------------------------------------------------------------------
def case_graph_collections_and_total_loss(tf, np):
    losses = tf.compat.v1.losses
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2])
        y = tf.compat.v1.placeholder(tf.float32, [None, 1])
        w = tf.Variable([[1.0], [2.0]])
        data_loss = losses.mean_squared_error(y, tf.matmul(x, w))
        losses.add_loss(tf.constant(0.5), loss_collection="regularization_losses")
        losses.add_loss(tf.reduce_sum(tf.square(w)) * 0.01, loss_collection="regularization_losses")
        total = losses.get_total_loss()
        data_only = losses.get_total_loss(add_regularization_losses=False)
        regularization = losses.get_regularization_loss()
        counts = [len(losses.get_losses()), len(losses.get_regularization_losses())]
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            feed = {x: [[1.0, 0.0], [0.0, 1.0]], y: [[1.0], [2.5]]}
            values = session.run([total, data_only, regularization, data_loss], feed)
    return [counts, values, total.name, regularization.name]


def case_graph_loss_names_and_scopes(tf, np):
    losses = tf.compat.v1.losses
    graph = tf.Graph()
    with graph.as_default():
        one, two = _c(tf, [[1.0]]), _c(tf, [[2.0]])
        scoped = losses.mean_squared_error(one, two, scope="myscope")
        losses.absolute_difference(one, two, loss_collection=None)
        losses.compute_weighted_loss(one, loss_collection="other")
        losses.log_loss(one, two)
        losses.sparse_softmax_cross_entropy(tf.constant([1]), _c(tf, [[2.0, 1.0]]))
        return [
            scoped.name,
            [t.name for t in losses.get_losses()],
            [t.name for t in losses.get_losses(scope="myscope")],
            [t.name for t in losses.get_losses(loss_collection="other")],
        ]


def case_graph_training_loop(tf, np):
    losses = tf.compat.v1.losses
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2])
        y = tf.compat.v1.placeholder(tf.int32, [None])
        w = tf.Variable([[0.5, -0.5, 0.1], [0.2, 0.3, -0.4]])
        losses.sparse_softmax_cross_entropy(y, tf.matmul(x, w))
        losses.add_loss(0.1 * tf.reduce_sum(tf.square(w)), loss_collection="regularization_losses")
        total = losses.get_total_loss()
        (gradient,) = tf.gradients(total, [w])
        step = w.assign_sub(0.5 * gradient)
        feed = {x: [[1.0, 2.0], [-1.0, 0.5], [0.3, -0.2]], y: [0, 2, 1]}
        values = []
        with tf.compat.v1.Session() as session:
            session.run(tf.compat.v1.global_variables_initializer())
            for _ in range(3):
                values.append(session.run(total, feed))
                session.run(step, feed)
            values.append(session.run(w))
        return values


def case_eager_collections_stay_empty(tf, np):
    losses = tf.compat.v1.losses
    losses.mean_squared_error(_c(tf, [[1.0]]), _c(tf, [[2.0]]))
    losses.add_loss(tf.constant(1.0))
    return [losses.get_losses(), losses.get_regularization_losses(), losses.get_regularization_loss()]


# ---- errors -------------------------------------------------------------------------------------
def case_error_weights_rank_mismatch(tf, np):
    return tf.compat.v1.losses.mean_squared_error(
        _c(tf, _TARGETS), _c(tf, _PREDICTIONS), weights=_c(tf, _ROW_WEIGHTS)
    )


def case_error_weights_dim_mismatch(tf, np):
    return tf.compat.v1.losses.compute_weighted_loss(
        _c(tf, [[1.0, 2.0], [3.0, 4.0]]), weights=_c(tf, [[2.0], [1.0], [3.0]])
    )


def case_error_weights_higher_rank(tf, np):
    return tf.compat.v1.losses.compute_weighted_loss(_c(tf, [1.0, 2.0]), weights=_c(tf, [[2.0], [1.0]]))


def case_error_softmax_column_weights(tf, np):
    return tf.compat.v1.losses.softmax_cross_entropy(
        _c(tf, _ONE_HOT), _c(tf, _LOGITS), weights=_c(tf, _COLUMN_WEIGHTS)
    )


def case_error_shapes_incompatible(tf, np):
    return tf.compat.v1.losses.mean_squared_error(_c(tf, [[1.0, 2.0]]), _c(tf, [[1.0, 2.0, 3.0]]))


def case_error_sigmoid_shapes_incompatible(tf, np):
    return tf.compat.v1.losses.sigmoid_cross_entropy(_c(tf, [[0.0, 1.0]]), _c(tf, [[0.5, 0.2, 0.1]]))


def case_error_labels_none(tf, np):
    return tf.compat.v1.losses.mean_squared_error(None, _c(tf, [[1.0]]))


def case_error_predictions_none(tf, np):
    return tf.compat.v1.losses.absolute_difference(_c(tf, [[1.0]]), None)


def case_error_bad_reduction(tf, np):
    return tf.compat.v1.losses.compute_weighted_loss(_c(tf, [1.0]), reduction="bad")


def case_error_cosine_without_axis(tf, np):
    return tf.compat.v1.losses.cosine_distance(_c(tf, _UNIT_LABELS), _c(tf, _UNIT_PREDICTIONS))


def case_error_cosine_axis_and_dim(tf, np):
    return tf.compat.v1.losses.cosine_distance(_c(tf, _UNIT_LABELS), _c(tf, _UNIT_PREDICTIONS), axis=1, dim=1)


def case_error_sparse_label_out_of_range(tf, np):
    return tf.compat.v1.losses.sparse_softmax_cross_entropy(tf.constant([1, 0, 5, 0]), _c(tf, _LOGITS))


def case_error_sparse_labels_rank(tf, np):
    return tf.compat.v1.losses.sparse_softmax_cross_entropy(tf.constant([[0, 1]]), _c(tf, [[0.5, 0.2]]))


def case_error_sparse_float_labels(tf, np):
    return tf.compat.v1.losses.sparse_softmax_cross_entropy(_c(tf, [0.0]), _c(tf, [[0.5, 0.2]]))


def case_error_total_loss_without_losses(tf, np):
    graph = tf.Graph()
    with graph.as_default():
        return tf.compat.v1.losses.get_total_loss()
