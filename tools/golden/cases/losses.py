"""Golden cases: tf.keras.losses — every loss function and class on fixed inputs, sample weights
(per example, per element, scalar), each reduction, from_logits, label smoothing, axis, labels whose
rank differs from the predictions', sparse integer labels and ignore_class, dtypes, the logits behind
softmax/sigmoid outputs, tf.function, gradients, get/serialize/deserialize, and the errors.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

# Fixed inputs, 4 examples x 3 entries. Probabilities include 0 and values near 1 (clipping).
_LABELS = [[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
_PROBS = [[0.1, 0.8, 0.6], [0.7, 0.2, 0.4], [0.05, 0.3, 0.9], [0.99, 0.6, 0.0]]
_LOGITS = [[-2.0, 1.5, 0.3], [1.0, -0.5, -1.2], [-3.0, 0.2, 2.5], [4.0, 0.4, -6.0]]
_ONE_HOT = [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
_DISTRIBUTION = [[0.2, 0.5, 0.3], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [0.5, 0.25, 0.25]]
_SPARSE = [1, 0, 2, 0]
_TARGETS = [[1.0, -2.0, 0.5], [0.0, 3.0, 1.5], [2.0, 2.0, -1.0], [-0.5, 0.0, 4.0]]
_PREDICTIONS = [[1.5, -1.0, 0.0], [0.2, 2.0, 3.0], [1.0, 2.5, -1.0], [0.0, -0.5, 2.0]]
_POSITIVE_TARGETS = [[1.0, 2.0, 0.5], [0.0, 3.0, 1.5], [2.0, 2.0, 1.0], [0.5, 0.0, 4.0]]
_POSITIVE_PREDICTIONS = [[1.5, 1.0, 0.1], [0.2, 2.0, 3.0], [1.0, 2.5, 1.0], [0.3, 0.5, 2.0]]
_SIGNED = [[-1.0, 1.0, 1.0], [1.0, -1.0, -1.0], [-1.0, -1.0, 1.0], [1.0, 1.0, -1.0]]
_ROW_WEIGHTS = [1.0, 0.5, 0.0, 2.0]
_ELEMENT_WEIGHTS = [[1.0, 0.0, 2.0], [0.5, 0.5, 0.5], [0.0, 0.0, 0.0], [3.0, 1.0, 0.25]]


def _define(name, function):
    """Adds a generated case to this module, so it is found like a written one."""
    function.__name__ = f"case_{name}"
    globals()[function.__name__] = function


def _c(tf, value, dtype=None):
    return tf.constant(value, dtype=dtype or tf.float32)


# Each loss: (class name, function name, constructor kwargs, y_true, y_pred).
_LOSSES = {
    "mse": ("MeanSquaredError", "mean_squared_error", {}, _TARGETS, _PREDICTIONS),
    "mae": ("MeanAbsoluteError", "mean_absolute_error", {}, _TARGETS, _PREDICTIONS),
    "mape": ("MeanAbsolutePercentageError", "mean_absolute_percentage_error", {}, _TARGETS, _PREDICTIONS),
    "msle": (
        "MeanSquaredLogarithmicError",
        "mean_squared_logarithmic_error",
        {},
        _POSITIVE_TARGETS,
        _PREDICTIONS,
    ),
    "huber": ("Huber", "huber", {}, _TARGETS, _PREDICTIONS),
    "log_cosh": ("LogCosh", "log_cosh", {}, _TARGETS, _PREDICTIONS),
    "poisson": ("Poisson", "poisson", {}, _POSITIVE_TARGETS, _POSITIVE_PREDICTIONS),
    "kld": ("KLDivergence", "kl_divergence", {}, _DISTRIBUTION, _PROBS),
    "cosine": ("CosineSimilarity", "cosine_similarity", {}, _TARGETS, _PREDICTIONS),
    "hinge": ("Hinge", "hinge", {}, _LABELS, _LOGITS),
    "hinge_signed": ("Hinge", "hinge", {}, _SIGNED, _LOGITS),
    "squared_hinge": ("SquaredHinge", "squared_hinge", {}, _LABELS, _LOGITS),
    "categorical_hinge": ("CategoricalHinge", "categorical_hinge", {}, _ONE_HOT, _LOGITS),
    "bce": ("BinaryCrossentropy", "binary_crossentropy", {}, _LABELS, _PROBS),
    "bce_logits": ("BinaryCrossentropy", "binary_crossentropy", {"from_logits": True}, _LABELS, _LOGITS),
    "cce": ("CategoricalCrossentropy", "categorical_crossentropy", {}, _ONE_HOT, _DISTRIBUTION),
    "cce_logits": (
        "CategoricalCrossentropy",
        "categorical_crossentropy",
        {"from_logits": True},
        _ONE_HOT,
        _LOGITS,
    ),
    "bfce": ("BinaryFocalCrossentropy", "binary_focal_crossentropy", {}, _LABELS, _PROBS),
    "bfce_logits": (
        "BinaryFocalCrossentropy",
        "binary_focal_crossentropy",
        {"from_logits": True, "apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5},
        _LABELS,
        _LOGITS,
    ),
    "cfce": ("CategoricalFocalCrossentropy", "categorical_focal_crossentropy", {}, _ONE_HOT, _DISTRIBUTION),
    "cfce_logits": (
        "CategoricalFocalCrossentropy",
        "categorical_focal_crossentropy",
        {"from_logits": True, "alpha": 0.5, "gamma": 3.0},
        _ONE_HOT,
        _LOGITS,
    ),
}


def _function_case(function_name, kwargs, y_true, y_pred):
    def case(tf, np):
        return getattr(tf.keras.losses, function_name)(_c(tf, y_true), _c(tf, y_pred), **kwargs)

    return case


def _class_case(class_name, kwargs, y_true, y_pred, weights, reduction):
    def case(tf, np):
        options = dict(kwargs)
        if reduction is not None:
            options["reduction"] = reduction
        loss = getattr(tf.keras.losses, class_name)(**options)
        sample_weight = None if weights is None else _c(tf, weights)
        return loss(_c(tf, y_true), _c(tf, y_pred), sample_weight=sample_weight)

    return case


# Per-element weights ([4, 3]) do not fit losses reduced over the last axis ([4]): see the error cases.
_WEIGHTS = {"": None, "_row_weights": _ROW_WEIGHTS, "_scalar_weight": 2.5}
for _label, (_class, _function, _kwargs, _true, _pred) in _LOSSES.items():
    _define(f"function_{_label}", _function_case(_function, _kwargs, _true, _pred))
    for _suffix, _weights in _WEIGHTS.items():
        _define(f"class_{_label}{_suffix}", _class_case(_class, _kwargs, _true, _pred, _weights, None))
    for _reduction in ("none", "sum", "sum_over_batch_size"):
        _define(
            f"class_{_label}_{_reduction}_row_weights",
            _class_case(_class, _kwargs, _true, _pred, _ROW_WEIGHTS, _reduction),
        )


# ---- sparse categorical crossentropy ------------------------------------------------------------
def case_sparse_cce_function(tf, np):
    return tf.keras.losses.sparse_categorical_crossentropy(tf.constant(_SPARSE), _c(tf, _DISTRIBUTION))


def case_sparse_cce_function_logits(tf, np):
    return tf.keras.losses.sparse_categorical_crossentropy(
        tf.constant(_SPARSE), _c(tf, _LOGITS), from_logits=True
    )


def case_sparse_cce_unnormalized_probabilities(tf, np):
    return tf.keras.losses.sparse_categorical_crossentropy(
        tf.constant([0, 2]), _c(tf, [[2.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    )


def case_sparse_cce_class(tf, np):
    return tf.keras.losses.SparseCategoricalCrossentropy()(tf.constant(_SPARSE), _c(tf, _DISTRIBUTION))


def case_sparse_cce_class_weighted(tf, np):
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum")
    return loss(tf.constant(_SPARSE), _c(tf, _LOGITS), sample_weight=_c(tf, _ROW_WEIGHTS))


def case_sparse_cce_labels_column(tf, np):
    labels = tf.constant([[1], [0], [2], [0]])
    return [
        tf.keras.losses.sparse_categorical_crossentropy(labels, _c(tf, _LOGITS), from_logits=True),
        tf.keras.losses.SparseCategoricalCrossentropy()(labels, _c(tf, _DISTRIBUTION)),
    ]


def case_sparse_cce_float_labels(tf, np):
    return tf.keras.losses.sparse_categorical_crossentropy(
        _c(tf, [1.0, 0.0, 2.7, 0.2]), _c(tf, _DISTRIBUTION)
    )


def case_sparse_cce_int64_labels(tf, np):
    return tf.keras.losses.sparse_categorical_crossentropy(
        tf.constant(_SPARSE, dtype=tf.int64), _c(tf, _LOGITS), from_logits=True
    )


def case_sparse_cce_axis0(tf, np):
    logits = tf.transpose(_c(tf, _LOGITS))
    return tf.keras.losses.sparse_categorical_crossentropy(
        tf.constant(_SPARSE), logits, from_logits=True, axis=0
    )


def case_sparse_cce_rank3(tf, np):
    logits = tf.reshape(_c(tf, _LOGITS), [2, 2, 3])
    return [
        tf.keras.losses.sparse_categorical_crossentropy(
            tf.constant([[1, 0], [2, 0]]), logits, from_logits=True
        ),
        tf.keras.losses.sparse_categorical_crossentropy(
            tf.constant([[[1], [0]], [[2], [0]]]), logits, from_logits=True
        ),
    ]


def case_sparse_cce_ignore_class_function(tf, np):
    return tf.keras.losses.sparse_categorical_crossentropy(
        tf.constant([1, -1, 2, 0]), _c(tf, _LOGITS), from_logits=True, ignore_class=-1
    )


def case_sparse_cce_ignore_class_mean(tf, np):
    loss = tf.keras.losses.SparseCategoricalCrossentropy(ignore_class=0)
    return loss(tf.constant(_SPARSE), _c(tf, _DISTRIBUTION))


def case_sparse_cce_ignore_class_weighted(tf, np):
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    return loss(tf.constant([1, -1, 2, 0]), _c(tf, _LOGITS), sample_weight=_c(tf, [1.0, 2.0, 3.0, 4.0]))


def case_sparse_cce_ignore_class_reductions(tf, np):
    losses = tf.keras.losses
    labels, logits = tf.constant([1, -1, 2, -1]), _c(tf, _LOGITS)
    return [
        losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1, reduction=reduction)(
            labels, logits, sample_weight=_c(tf, _ROW_WEIGHTS)
        )
        for reduction in ("none", "sum", "sum_over_batch_size")
    ]


def case_sparse_cce_ignore_class_rank3(tf, np):
    logits = tf.reshape(_c(tf, _LOGITS), [2, 2, 3])
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=2, reduction="none")
    return loss(tf.constant([[1, 0], [2, 0]]), logits)


def case_sparse_cce_ignore_everything(tf, np):
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0)
    return loss(tf.constant([0, 0]), _c(tf, [[1.0, 2.0], [3.0, 4.0]]))


def case_sparse_cce_label_out_of_range_error(tf, np):
    return tf.keras.losses.sparse_categorical_crossentropy(tf.constant([0, 3, 1, 0]), _c(tf, _DISTRIBUTION))


def case_sparse_cce_negative_label_error(tf, np):
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    return loss(tf.constant([0, -1, 1, 0]), _c(tf, _LOGITS))


def case_sparse_cce_shape_mismatch_error(tf, np):
    return tf.keras.losses.sparse_categorical_crossentropy(tf.constant([0, 1, 2]), _c(tf, _LOGITS))


# ---- options ------------------------------------------------------------------------------------
def case_huber_delta(tf, np):
    return [
        tf.keras.losses.huber(_c(tf, _TARGETS), _c(tf, _PREDICTIONS), delta=0.5),
        tf.keras.losses.Huber(delta=2.0)(_c(tf, _TARGETS), _c(tf, _PREDICTIONS)),
    ]


def case_huber_float64_gives_float32(tf, np):
    return tf.keras.losses.huber(_c(tf, _TARGETS, tf.float64), _c(tf, _PREDICTIONS, tf.float64))


def case_bce_label_smoothing(tf, np):
    return [
        tf.keras.losses.binary_crossentropy(_c(tf, _LABELS), _c(tf, _PROBS), label_smoothing=0.2),
        tf.keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)(
            _c(tf, _LABELS), _c(tf, _LOGITS)
        ),
    ]


def case_bce_axis0(tf, np):
    return tf.keras.losses.binary_crossentropy(_c(tf, _LABELS), _c(tf, _PROBS), axis=0)


def case_bce_extreme_probabilities(tf, np):
    return tf.keras.losses.binary_crossentropy(_c(tf, [[1.0, 0.0, 1.0, 0.0]]), _c(tf, [[0.0, 1.0, 1.0, 0.0]]))


def case_bce_rank1(tf, np):
    return [
        tf.keras.losses.binary_crossentropy(_c(tf, [0.0, 1.0, 1.0]), _c(tf, [0.2, 0.6, 0.9])),
        tf.keras.losses.BinaryCrossentropy()(_c(tf, [0.0, 1.0, 1.0]), _c(tf, [0.2, 0.6, 0.9])),
    ]


def case_cce_label_smoothing(tf, np):
    return [
        tf.keras.losses.categorical_crossentropy(
            _c(tf, _ONE_HOT), _c(tf, _DISTRIBUTION), label_smoothing=0.3
        ),
        tf.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(
            _c(tf, _ONE_HOT), _c(tf, _LOGITS)
        ),
    ]


def case_cce_axis0(tf, np):
    labels, logits = tf.transpose(_c(tf, _ONE_HOT)), tf.transpose(_c(tf, _LOGITS))
    return [
        tf.keras.losses.categorical_crossentropy(labels, logits, from_logits=True, axis=0),
        tf.keras.losses.categorical_crossentropy(labels, tf.transpose(_c(tf, _DISTRIBUTION)), axis=0),
    ]


def case_cce_axis0_label_smoothing(tf, np):
    labels = tf.transpose(_c(tf, _ONE_HOT))
    return tf.keras.losses.categorical_crossentropy(
        labels, tf.transpose(_c(tf, _LOGITS)), from_logits=True, label_smoothing=0.2, axis=0
    )


def case_cce_unnormalized_probabilities(tf, np):
    return tf.keras.losses.categorical_crossentropy(_c(tf, _ONE_HOT), _c(tf, _PROBS))


def case_cfce_axis0_label_smoothing(tf, np):
    labels = tf.transpose(_c(tf, _ONE_HOT))
    return tf.keras.losses.categorical_focal_crossentropy(
        labels, tf.transpose(_c(tf, _LOGITS)), from_logits=True, label_smoothing=0.2, axis=0
    )


def case_graph_op_names(tf, np):
    graph = tf.Graph()
    with graph.as_default():
        first = tf.keras.losses.MeanSquaredError()(tf.zeros([2, 2]), tf.ones([2, 2]))
        second = tf.keras.losses.MeanSquaredError()(tf.zeros([2, 2]), tf.ones([2, 2]))
        named = tf.keras.losses.SparseCategoricalCrossentropy(name="__xent__")(
            tf.zeros([2], tf.int32), tf.ones([2, 2])
        )
        return [first.name, second.name, named.name]


def case_cfce_label_smoothing(tf, np):
    return tf.keras.losses.categorical_focal_crossentropy(
        _c(tf, _ONE_HOT), _c(tf, _DISTRIBUTION), label_smoothing=0.2
    )


def case_bfce_label_smoothing_axis(tf, np):
    return tf.keras.losses.binary_focal_crossentropy(
        _c(tf, _LABELS), _c(tf, _PROBS), label_smoothing=0.2, gamma=1.0, axis=0
    )


def case_cosine_axis0(tf, np):
    return [
        tf.keras.losses.cosine_similarity(_c(tf, _TARGETS), _c(tf, _PREDICTIONS), axis=0),
        tf.keras.losses.CosineSimilarity(axis=0, reduction="none")(_c(tf, _TARGETS), _c(tf, _PREDICTIONS)),
    ]


def case_cosine_zero_vector(tf, np):
    return tf.keras.losses.cosine_similarity(
        _c(tf, [[0.0, 0.0], [1.0, 1.0]]), _c(tf, [[1.0, 2.0], [0.0, 0.0]])
    )


def case_hinge_mixed_labels_not_converted(tf, np):
    return tf.keras.losses.hinge(_c(tf, [[0.0, 1.0, -1.0]]), _c(tf, [[0.3, -0.2, 0.5]]))


def case_mape_zero_targets(tf, np):
    return tf.keras.losses.mean_absolute_percentage_error(_c(tf, [[0.0, 1.0]]), _c(tf, [[0.5, 1.5]]))


def case_kld_clipping(tf, np):
    return tf.keras.losses.kl_divergence(_c(tf, [[0.0, 1.0, 2.0]]), _c(tf, [[0.5, 0.0, 0.5]]))


# ---- rank alignment, dtypes ---------------------------------------------------------------------
def case_rank_labels_vector_predictions_column(tf, np):
    y_true, y_pred = _c(tf, [1.0, 0.0, 2.0]), _c(tf, [[0.5], [0.2], [1.0]])
    return [
        tf.keras.losses.MeanSquaredError()(y_true, y_pred),
        tf.keras.losses.MeanSquaredError(reduction="none")(y_true, y_pred),
        tf.keras.losses.mean_squared_error(y_true, y_pred),
    ]


def case_rank_labels_column_predictions_vector(tf, np):
    y_true, y_pred = _c(tf, [[1.0], [0.0], [2.0]]), _c(tf, [0.5, 0.2, 1.0])
    return [
        tf.keras.losses.MeanSquaredError()(y_true, y_pred),
        tf.keras.losses.mean_squared_error(y_true, y_pred),
    ]


def case_rank_python_lists_not_squeezed(tf, np):
    return tf.keras.losses.MeanSquaredError()([1.0, 0.0, 2.0], [[0.5], [0.2], [1.0]])


def case_rank_bce_labels_column(tf, np):
    return tf.keras.losses.BinaryCrossentropy()(
        _c(tf, [[0.0], [1.0]]), _c(tf, [[0.3, 0.6, 0.9], [0.2, 0.5, 0.7]])
    )


def case_rank_cce_labels_extra_dim(tf, np):
    return tf.keras.losses.CategoricalCrossentropy()(
        tf.reshape(_c(tf, _ONE_HOT), [4, 3, 1]), _c(tf, _DISTRIBUTION)
    )


def case_weights_column(tf, np):
    return tf.keras.losses.MeanSquaredError()(
        _c(tf, _TARGETS), _c(tf, _PREDICTIONS), sample_weight=_c(tf, [[1.0], [0.5], [0.0], [2.0]])
    )


def case_weights_python_list(tf, np):
    return tf.keras.losses.MeanAbsoluteError()(
        _c(tf, _TARGETS), _c(tf, _PREDICTIONS), sample_weight=_ROW_WEIGHTS
    )


def case_weights_rank3_losses(tf, np):
    y = tf.reshape(_c(tf, _TARGETS), [2, 2, 3])
    p = tf.reshape(_c(tf, _PREDICTIONS), [2, 2, 3])
    mse = tf.keras.losses.MeanSquaredError
    return [
        mse()(y, p, sample_weight=_c(tf, [1.0, 3.0])),
        mse(reduction="none")(y, p, sample_weight=_c(tf, [1.0, 3.0])),
        mse()(y, p, sample_weight=_c(tf, [[1.0, 0.0], [2.0, 3.0]])),
    ]


def case_weights_int_and_float64(tf, np):
    mse = tf.keras.losses.MeanSquaredError()
    return [
        mse(_c(tf, _TARGETS), _c(tf, _PREDICTIONS), sample_weight=tf.constant([1, 2, 0, 1])),
        mse(_c(tf, _TARGETS), _c(tf, _PREDICTIONS), sample_weight=tf.constant(_ROW_WEIGHTS, tf.float64)),
    ]


def case_empty_batch(tf, np):
    return [
        tf.keras.losses.MeanSquaredError()(tf.zeros([0, 3]), tf.ones([0, 3])),
        tf.keras.losses.MeanSquaredError(reduction="sum")(tf.zeros([0, 3]), tf.ones([0, 3])),
    ]


def case_dtype_float64(tf, np):
    y, p = _c(tf, _LABELS, tf.float64), _c(tf, _PROBS, tf.float64)
    return [
        tf.keras.losses.binary_crossentropy(y, p),
        tf.keras.losses.BinaryCrossentropy()(y, p, sample_weight=_ROW_WEIGHTS),
        tf.keras.losses.categorical_crossentropy(
            _c(tf, _ONE_HOT, tf.float64), _c(tf, _DISTRIBUTION, tf.float64)
        ),
        tf.keras.losses.log_cosh(_c(tf, _TARGETS, tf.float64), _c(tf, _PREDICTIONS, tf.float64)),
    ]


def case_dtype_int_labels_cast(tf, np):
    return [
        tf.keras.losses.binary_crossentropy(tf.constant([[0, 1, 1]]), _c(tf, [[0.2, 0.7, 0.9]])),
        tf.keras.losses.MeanSquaredError()(tf.constant([1, 0, 2]), _c(tf, [[0.5], [0.2], [1.0]])),
    ]


def case_dtype_float64_predictions_float32_labels(tf, np):
    return tf.keras.losses.MeanSquaredError()(
        _c(tf, [1.0, 0.0, 2.0]), _c(tf, [[0.5], [0.2], [1.0]], tf.float64)
    )


def case_dtype_int_losses(tf, np):
    return [
        tf.keras.losses.MeanSquaredError()(tf.constant([[0, 1, 3]]), tf.constant([[1, 1, 1]])),
        tf.keras.losses.mean_absolute_error(tf.constant([[0, 1, 3]]), tf.constant([[1, 1, 1]])),
    ]


def case_dtype_float16(tf, np):
    return tf.keras.losses.MeanSquaredError()(
        _c(tf, _TARGETS, tf.float16), _c(tf, _PREDICTIONS, tf.float16), sample_weight=_ROW_WEIGHTS
    )


# ---- logits behind activations, tf.function -----------------------------------------------------
_EXTREME_LOGITS = [[20.0, 0.0, -20.0], [1.0, 2.0, 3.0]]
_EXTREME_LABELS = [[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]


def case_logits_eager_nn_softmax_clips(tf, np):
    probabilities = tf.nn.softmax(_c(tf, _EXTREME_LOGITS))
    return tf.keras.losses.categorical_crossentropy(_c(tf, _EXTREME_LABELS), probabilities)


def case_logits_keras_softmax(tf, np):
    probabilities = tf.keras.activations.softmax(_c(tf, _EXTREME_LOGITS))
    return [
        tf.keras.losses.categorical_crossentropy(_c(tf, _EXTREME_LABELS), probabilities),
        tf.keras.losses.sparse_categorical_crossentropy(tf.constant([2, 1]), probabilities),
        tf.keras.losses.CategoricalCrossentropy()(_c(tf, _EXTREME_LABELS), probabilities),
    ]


def case_logits_keras_sigmoid(tf, np):
    probabilities = tf.keras.activations.sigmoid(_c(tf, _EXTREME_LOGITS))
    return [
        tf.keras.losses.binary_crossentropy(_c(tf, _EXTREME_LABELS), probabilities),
        tf.keras.losses.binary_focal_crossentropy(_c(tf, _EXTREME_LABELS), probabilities),
    ]


def case_logits_graph_softmax_op(tf, np):
    labels, logits = _c(tf, _EXTREME_LABELS), _c(tf, _EXTREME_LOGITS)

    @tf.function
    def losses():
        probabilities = tf.nn.softmax(logits)
        return [
            tf.keras.losses.categorical_crossentropy(labels, probabilities),
            tf.keras.losses.sparse_categorical_crossentropy(tf.constant([2, 1]), probabilities),
        ]

    return losses()


def case_logits_graph_sigmoid_op(tf, np):
    labels, logits = _c(tf, _EXTREME_LABELS), _c(tf, _EXTREME_LOGITS)
    return tf.function(lambda: tf.keras.losses.binary_crossentropy(labels, tf.sigmoid(logits)))()


def case_tf_function_class(tf, np):
    loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)

    @tf.function
    def compute(y, p, w):
        return loss(y, p, sample_weight=w)

    return compute(_c(tf, _ONE_HOT), _c(tf, _LOGITS), _c(tf, _ROW_WEIGHTS))


def case_tf_function_ignore_class(tf, np):
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0)
    return tf.function(lambda y, p: loss(y, p))(tf.constant(_SPARSE), _c(tf, _LOGITS))


def case_v1_graph_session(tf, np):
    graph = tf.Graph()
    with graph.as_default():
        labels = tf.compat.v1.placeholder(tf.float32, [None, 3])
        predictions = tf.compat.v1.placeholder(tf.float32, [None, 3])
        weights = tf.compat.v1.placeholder(tf.float32, [None])
        loss = tf.keras.losses.BinaryCrossentropy()(labels, predictions, sample_weight=weights)
        with tf.compat.v1.Session() as session:
            return session.run(loss, {labels: _LABELS, predictions: _PROBS, weights: _ROW_WEIGHTS})


# ---- gradients ----------------------------------------------------------------------------------
def _gradient(tf, loss, y_true, y_pred, sample_weight=None):
    y_pred = _c(tf, y_pred)
    with tf.GradientTape() as tape:
        tape.watch(y_pred)
        value = loss(_c(tf, y_true), y_pred, sample_weight=sample_weight)
    return tape.gradient(value, y_pred)


def case_gradient_mse(tf, np):
    return _gradient(tf, tf.keras.losses.MeanSquaredError(), _TARGETS, _PREDICTIONS, _ROW_WEIGHTS)


def case_gradient_bce_probabilities(tf, np):
    return _gradient(tf, tf.keras.losses.BinaryCrossentropy(), _LABELS, _PROBS)


def case_gradient_cce_logits(tf, np):
    return _gradient(tf, tf.keras.losses.CategoricalCrossentropy(from_logits=True), _ONE_HOT, _LOGITS)


def case_gradient_huber(tf, np):
    return _gradient(tf, tf.keras.losses.Huber(delta=0.8), _TARGETS, _PREDICTIONS)


def case_gradient_sparse_ignore_class(tf, np):
    logits = _c(tf, _LOGITS)
    loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        value = loss(tf.constant(_SPARSE), logits)
    return tape.gradient(value, logits)


# ---- Loss subclasses ----------------------------------------------------------------------------
def _subclass(tf):
    class ScaledError(tf.keras.losses.Loss):
        def call(self, y_true, y_pred):
            error = tf.abs(y_true - y_pred)
            if tf.reduce_sum(error) > 1.0:
                error = error * 2.0
            return error

    return ScaledError


def case_subclass_call(tf, np):
    loss = _subclass(tf)()
    return [loss(_c(tf, _TARGETS), _c(tf, _PREDICTIONS)), loss(_c(tf, [[0.0]]), _c(tf, [[0.5]]))]


def case_subclass_in_tf_function(tf, np):
    loss = _subclass(tf)(reduction="sum")
    return tf.function(lambda y, p: loss(y, p, sample_weight=_c(tf, _ROW_WEIGHTS)))(
        _c(tf, _TARGETS), _c(tf, _PREDICTIONS)
    )


def case_subclass_config(tf, np):
    cls = _subclass(tf)
    loss = cls.from_config({"reduction": "sum", "name": "scaled"})
    return [loss.get_config(), cls().get_config()]


def case_subclass_weights_wider_than_losses(tf, np):
    class Raw(tf.keras.losses.Loss):
        def call(self, y_true, y_pred):
            return y_pred

    return Raw()(0.0, _c(tf, [[1.0], [2.0]]), sample_weight=_c(tf, [[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]))


def case_base_loss_call_error(tf, np):
    return tf.keras.losses.Loss()(_c(tf, [1.0]), _c(tf, [2.0]))


# ---- config, get, serialize ---------------------------------------------------------------------
_CONFIG_CLASSES = (
    "MeanSquaredError",
    "MeanAbsoluteError",
    "MeanAbsolutePercentageError",
    "MeanSquaredLogarithmicError",
    "Huber",
    "LogCosh",
    "BinaryCrossentropy",
    "CategoricalCrossentropy",
    "SparseCategoricalCrossentropy",
    "BinaryFocalCrossentropy",
    "CategoricalFocalCrossentropy",
    "KLDivergence",
    "Poisson",
    "CosineSimilarity",
    "Hinge",
    "SquaredHinge",
    "CategoricalHinge",
)


def case_default_configs(tf, np):
    return {name: getattr(tf.keras.losses, name)().get_config() for name in _CONFIG_CLASSES}


def case_config_round_trip(tf, np):
    losses = tf.keras.losses
    originals = [
        losses.Huber(delta=2.5, reduction="sum", name="h"),
        losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.3, gamma=1.0, from_logits=True),
        losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=3, reduction="none"),
        losses.CategoricalCrossentropy(label_smoothing=0.2, axis=0),
    ]
    return [type(loss).from_config(loss.get_config()).get_config() for loss in originals]


def case_serialize(tf, np):
    losses = tf.keras.losses
    return [
        losses.serialize(losses.Huber(2.0)),
        losses.serialize(losses.MeanSquaredError(reduction="sum")),
        losses.serialize(losses.mean_squared_error),
        losses.serialize(losses.mse),
        losses.serialize(losses.Poisson(), use_legacy_format=True),
        losses.serialize(losses.categorical_hinge, use_legacy_format=True),
    ]


def case_deserialize_round_trip(tf, np):
    losses = tf.keras.losses
    huber = losses.deserialize(losses.serialize(losses.Huber(2.0, name="h")))
    legacy = losses.deserialize({"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}})
    return [
        type(huber).__name__,
        huber.get_config(),
        legacy.get_config(),
        losses.deserialize("mse").__name__,
        losses.deserialize("binary_crossentropy").__name__,
    ]


def case_get_names(tf, np):
    names = [
        "mse",
        "MSE",
        "mae",
        "MAE",
        "mape",
        "MAPE",
        "msle",
        "MSLE",
        "kld",
        "KLD",
        "kullback_leibler_divergence",
        "logcosh",
        "log_cosh",
        "huber",
        "huber_loss",
        "mean_squared_error",
        "binary_crossentropy",
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "binary_focal_crossentropy",
        "categorical_focal_crossentropy",
        "poisson",
        "cosine_similarity",
        "hinge",
        "squared_hinge",
        "categorical_hinge",
        "kl_divergence",
    ]
    return {name: tf.keras.losses.get(name).__name__ for name in names}


def case_get_class_names(tf, np):
    found = {name: tf.keras.losses.get(name) for name in _CONFIG_CLASSES}
    return {name: [type(loss).__name__, loss.get_config()] for name, loss in found.items()}


def case_get_passthrough(tf, np):
    losses = tf.keras.losses
    huber = losses.Huber()
    return [losses.get(None) is None, losses.get(huber) is huber, losses.get(losses.mse) is losses.mse]


def case_get_dict(tf, np):
    return tf.keras.losses.get({"class_name": "Huber", "config": {"delta": 3.0}}).get_config()


def case_aliases_are_functions(tf, np):
    losses = tf.keras.losses
    return [
        losses.mse is losses.mean_squared_error,
        losses.MAE is losses.mean_absolute_error,
        losses.kld is losses.kl_divergence,
        losses.logcosh is losses.log_cosh,
        losses.kullback_leibler_divergence is losses.kl_divergence,
        losses.msle is losses.MSLE,
        losses.mape is losses.MAPE,
    ]


def case_reduction_keys(tf, np):
    reduction = tf.keras.losses.Reduction
    return [reduction.all(), reduction.AUTO, reduction.NONE, reduction.SUM, reduction.SUM_OVER_BATCH_SIZE]


def case_loss_attributes(tf, np):
    loss = tf.keras.losses.BinaryCrossentropy(from_logits=True, name="bce")
    return [loss.name, loss.reduction, loss.from_logits, tf.keras.losses.Loss().name]


# ---- errors -------------------------------------------------------------------------------------
def case_error_unknown_name(tf, np):
    return tf.keras.losses.get("no_such_loss")


def case_error_uninterpretable_identifier(tf, np):
    return tf.keras.losses.get(3)


def case_error_bad_reduction(tf, np):
    return tf.keras.losses.MeanSquaredError(reduction="mean")


def case_error_validate_reduction(tf, np):
    return tf.keras.losses.Reduction.validate("bogus")


def case_error_shape_mismatch_eager(tf, np):
    return tf.keras.losses.MeanSquaredError()(tf.zeros([2, 3]), tf.zeros([2, 4]))


def case_error_shape_mismatch_bce_eager(tf, np):
    return tf.keras.losses.BinaryCrossentropy()(tf.zeros([2, 3]), tf.fill([2, 4], 0.5))


def case_error_shape_mismatch_in_function(tf, np):
    return tf.function(lambda: tf.keras.losses.MeanAbsoluteError()(tf.zeros([2, 3]), tf.zeros([2, 4])))()


def case_error_shape_mismatch_cce(tf, np):
    return tf.keras.losses.CategoricalCrossentropy()(tf.zeros([2, 3]), tf.fill([2, 4], 0.25))


def case_error_shape_mismatch_cce_function(tf, np):
    return tf.keras.losses.categorical_crossentropy(tf.zeros([2, 1]), tf.fill([2, 3], 0.5))


def case_error_shape_mismatch_cce_in_function(tf, np):
    return tf.function(
        lambda: tf.keras.losses.categorical_focal_crossentropy(tf.zeros([2, 3]), tf.zeros([2, 4]))
    )()


def case_error_sigmoid_logits_shapes(tf, np):
    return tf.keras.losses.binary_crossentropy(tf.zeros([2, 1]), tf.zeros([2, 3]), from_logits=True)


def case_error_weights_cannot_squeeze(tf, np):
    return tf.keras.losses.MeanSquaredError()(
        _c(tf, _TARGETS), _c(tf, _PREDICTIONS), sample_weight=tf.ones([4, 2])
    )


def case_error_weights_wrong_length(tf, np):
    return tf.keras.losses.MeanSquaredError()(
        _c(tf, _TARGETS), _c(tf, _PREDICTIONS), sample_weight=[1.0, 2.0]
    )


def case_error_element_weights_on_class_axis_loss(tf, np):
    return tf.keras.losses.CategoricalCrossentropy()(
        _c(tf, _ONE_HOT), _c(tf, _DISTRIBUTION), sample_weight=_c(tf, _ELEMENT_WEIGHTS)
    )


def case_error_element_weights_on_row_losses(tf, np):
    return tf.keras.losses.MeanSquaredError()(
        _c(tf, _TARGETS), _c(tf, _PREDICTIONS), sample_weight=_c(tf, _ELEMENT_WEIGHTS)
    )


def case_element_weights_with_reduction_none_losses(tf, np):
    class PerElement(tf.keras.losses.Loss):
        def call(self, y_true, y_pred):
            return tf.square(y_true - y_pred)

    loss = PerElement()
    return [
        loss(_c(tf, _TARGETS), _c(tf, _PREDICTIONS), sample_weight=_c(tf, _ELEMENT_WEIGHTS)),
        loss(_c(tf, _TARGETS), _c(tf, _PREDICTIONS), sample_weight=_c(tf, _ROW_WEIGHTS)),
    ]


def case_error_scalar_inputs(tf, np):
    return tf.keras.losses.mean_squared_error(tf.constant(1.0), tf.constant(3.0))
