"""Golden cases: tf.keras models — Sequential, functional and subclassed models trained with fit from
fixed initial weights (history per epoch: losses, metrics, val_*), evaluate, predict, a two-input
two-output functional model (dict outputs, loss_weights), BatchNormalization and Dropout(0.0) in
training, class_weight, sample_weight, validation_split, a last partial batch, regularization
losses, train_on_batch/test_on_batch/predict_on_batch, each optimizer name in compile; metrics_names,
weight names, count_params, the summary() text, get_config; and the errors (fit before compile,
summary of an unbuilt model, input shape mismatch).

Every model gets fixed initial weights (sin-based, set with set_weights after building; never the
random initializers), fits with shuffle=False and no randomness anywhere, and names every layer and
model whose name is recorded (default names depend on how many were made before).

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""


def _array(np, shape, offset=0.0, scale=0.5):
    """Fixed float32 values of `shape`: scale * sin(0.7 * i + offset)."""
    size = int(np.prod(shape)) if len(shape) else 1
    values = np.sin(np.arange(size, dtype=np.float64) * 0.7 + offset) * scale
    return values.reshape(shape).astype(np.float32)


def _fix_weights(model, np):
    """Sets every weight of a built model to fixed values; moving variances stay positive."""
    values = []
    for index, weight in enumerate(model.weights):
        value = _array(np, tuple(weight.shape), offset=index)
        if "moving_variance" in weight.name:
            value = 1.0 + np.abs(value)
        values.append(value)
    model.set_weights(values)
    return model


def _data(np):
    """8 examples of 3 features and a smooth regression target."""
    x = np.linspace(-1.0, 1.0, 24, dtype=np.float32).reshape(8, 3)
    y = np.sin(x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)
    return x, y


def _validation(np):
    x = (np.cos(np.arange(12, dtype=np.float32) * 0.9) * 0.8).reshape(4, 3).astype(np.float32)
    y = np.sin(x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)
    return x, y


def _labels(np):
    """Binary labels for the 8 examples of _data (3 ones, 5 zeros)."""
    return np.array([[0.0], [1.0], [0.0], [0.0], [1.0], [0.0], [1.0], [0.0]], np.float32)


def _l(tf):
    return tf.keras.layers


def _regressor(tf, np, optimizer=None, metrics=("mae",), name="regressor"):
    """Dense(4, relu) -> Dense(1), built for 3 features, fixed weights, compiled with mse."""
    model = tf.keras.Sequential(
        [_l(tf).Dense(4, activation="relu", name="hidden"), _l(tf).Dense(1, name="output")], name=name
    )
    model.build((None, 3))
    _fix_weights(model, np)
    model.compile(
        optimizer=optimizer if optimizer is not None else tf.keras.optimizers.SGD(0.1),
        loss="mse",
        metrics=list(metrics),
    )
    return model


def _fit_history(model, x, y, **kwargs):
    kwargs.setdefault("verbose", 0)
    kwargs.setdefault("shuffle", False)
    return model.fit(x, y, **kwargs).history


# ---- Sequential fit, evaluate, predict -----------------------------------------------------------------
def case_sequential_fit_history(tf, np):
    x, y = _data(np)
    model = _regressor(tf, np)
    history = _fit_history(model, x, y, epochs=3, batch_size=4, validation_data=_validation(np))
    return [history, model.get_weights()]


def case_sequential_fit_partial_last_batch(tf, np):
    x, y = _data(np)
    model = _regressor(tf, np)
    history = _fit_history(model, x, y, epochs=2, batch_size=3)
    return [history, model.get_weights()]


def case_sequential_fit_full_batch_default(tf, np):
    x, y = _data(np)
    model = _regressor(tf, np, metrics=())
    history = model.fit(x, y, epochs=2, verbose=0, shuffle=False)  # default batch_size 32 > 8 examples
    return [history.history, history.epoch, history.params]


def case_sequential_evaluate(tf, np):
    x, y = _data(np)
    model = _regressor(tf, np)
    _fit_history(model, x, y, epochs=2, batch_size=4)
    return [
        model.evaluate(x, y, batch_size=3, verbose=0),
        model.evaluate(x, y, verbose=0, return_dict=True),
    ]


def case_sequential_evaluate_without_metrics(tf, np):
    x, y = _data(np)
    model = _regressor(tf, np, metrics=())
    return model.evaluate(x, y, verbose=0)


def case_sequential_predict(tf, np):
    x, _ = _data(np)
    model = _regressor(tf, np)
    return [model.predict(x, batch_size=3, verbose=0), model(x), model.predict_on_batch(x[:2])]


def case_train_on_batch_test_on_batch(tf, np):
    x, y = _data(np)
    model = _regressor(tf, np)
    first = model.train_on_batch(x[:4], y[:4])
    second = model.train_on_batch(x[4:], y[4:])
    as_dict = model.train_on_batch(x, y, return_dict=True)
    tested = model.test_on_batch(x, y)
    return [first, second, as_dict, tested, model.get_weights()]


def case_fit_validation_split(tf, np):
    x, y = _data(np)
    model = _regressor(tf, np)
    history = _fit_history(model, x, y, epochs=2, batch_size=2, validation_split=0.25)
    return [history, model.get_weights()]


def case_fit_sample_weight(tf, np):
    x, y = _data(np)
    model = _regressor(tf, np)
    weights = np.array([1.0, 0.5, 2.0, 0.0, 1.0, 3.0, 0.25, 1.0], np.float32)
    history = _fit_history(model, x, y, epochs=2, batch_size=4, sample_weight=weights)
    return [history, model.get_weights()]


def case_evaluate_sample_weight(tf, np):
    # The loss is sum(weight * loss) / batch size; `metrics` ignore sample weights,
    # `weighted_metrics` use them.
    x, y = _data(np)
    model = _regressor(tf, np)
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"], weighted_metrics=["mae"])
    weights = np.array([1.0, 0.5, 2.0, 0.0, 1.0, 3.0, 0.25, 1.0], np.float32)
    return [
        model.evaluate(x, y, sample_weight=weights, batch_size=4, verbose=0),
        model.evaluate(x, y, sample_weight=weights, batch_size=4, verbose=0, return_dict=True),
        model.metrics_names,
    ]


def _classifier(tf, np):
    model = tf.keras.Sequential(
        [
            _l(tf).Dense(3, activation="tanh", name="hidden"),
            _l(tf).Dense(1, activation="sigmoid", name="prob"),
        ],
        name="classifier",
    )
    model.build((None, 3))
    _fix_weights(model, np)
    model.compile(
        optimizer=tf.keras.optimizers.SGD(0.5),
        loss="binary_crossentropy",
        metrics=["accuracy", tf.keras.metrics.AUC(name="auc")],
    )
    return model


def case_fit_classifier(tf, np):
    x, _ = _data(np)
    model = _classifier(tf, np)
    history = _fit_history(model, x, _labels(np), epochs=3, batch_size=4)
    return [history, model.get_weights()]


def case_fit_class_weight(tf, np):
    x, _ = _data(np)
    model = _classifier(tf, np)
    history = _fit_history(model, x, _labels(np), epochs=3, batch_size=4, class_weight={0: 1.0, 1: 3.0})
    return [history, model.get_weights()]


def case_fit_sparse_categorical(tf, np):
    x, _ = _data(np)
    labels = np.array([0, 2, 1, 1, 0, 2, 2, 1], np.int32)
    model = tf.keras.Sequential([_l(tf).Dense(3, name="logits")], name="softmax_classifier")
    model.build((None, 3))
    _fix_weights(model, np)
    model.compile(
        optimizer=tf.keras.optimizers.Adam(0.05),
        loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    history = _fit_history(model, x, labels, epochs=3, batch_size=4)
    return [history, model.get_weights()]


def case_fit_with_regularization_losses(tf, np):
    x, y = _data(np)
    model = tf.keras.Sequential(
        [
            _l(tf).Dense(
                4, activation="relu", kernel_regularizer=tf.keras.regularizers.L2(0.05), name="hidden"
            ),
            _l(tf).Dense(1, activity_regularizer=tf.keras.regularizers.L1(0.1), name="output"),
        ],
        name="regularized",
    )
    model.build((None, 3))
    _fix_weights(model, np)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse", metrics=["mse"])
    history = _fit_history(model, x, y, epochs=2, batch_size=4)
    return [history, model.get_weights(), model.evaluate(x, y, verbose=0)]


def case_batch_norm_dropout_fit(tf, np):
    x, y = _data(np)
    model = tf.keras.Sequential(
        [
            # No bias before batch normalization: its gradient is ~0, so Adam would amplify noise.
            _l(tf).Dense(4, use_bias=False, name="hidden"),
            _l(tf).BatchNormalization(momentum=0.9, name="bn"),
            _l(tf).Activation("relu", name="relu"),
            _l(tf).Dropout(0.0, name="dropout"),
            _l(tf).Dense(1, name="output"),
        ],
        name="bn_model",
    )
    model.build((None, 3))
    _fix_weights(model, np)
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    history = _fit_history(model, x, y, epochs=3, batch_size=4)
    return [history, model.get_weights(), model.predict(x, verbose=0), model.evaluate(x, y, verbose=0)]


def _optimizer_name_case(name):
    def case(tf, np):
        x, y = _data(np)
        model = _regressor(tf, np, optimizer=name)
        history = _fit_history(model, x, y, epochs=2, batch_size=4)
        return [history, model.get_weights(), type(model.optimizer).__name__]

    return case


for _optimizer in ("sgd", "adam", "rmsprop"):
    _case = _optimizer_name_case(_optimizer)
    _case.__name__ = f"case_compile_optimizer_{_optimizer}"
    globals()[_case.__name__] = _case


# ---- a functional model with two inputs and two outputs ----------------------------------------------
def _two_input_model(tf, np):
    layers = _l(tf)
    a = tf.keras.Input((3,), name="a")
    b = tf.keras.Input((2,), name="b")
    joined = layers.Concatenate(name="joined")([a, b])
    hidden = layers.Dense(4, activation="tanh", name="hidden")(joined)
    reg = layers.Dense(1, name="reg")(hidden)
    cls = layers.Dense(1, activation="sigmoid", name="cls")(hidden)
    model = tf.keras.Model(inputs=[a, b], outputs={"reg": reg, "cls": cls}, name="two_heads")
    return _fix_weights(model, np)


def _two_input_data(np):
    x, y = _data(np)
    b = np.stack([np.cos(np.arange(8.0)), np.sin(np.arange(8.0) * 0.5)], axis=1).astype(np.float32)
    return [x, b], {"reg": y, "cls": _labels(np)}


def case_functional_two_inputs_two_outputs_fit(tf, np):
    inputs, targets = _two_input_data(np)
    model = _two_input_model(tf, np)
    model.compile(
        optimizer=tf.keras.optimizers.SGD(0.2),
        loss={"reg": "mse", "cls": "binary_crossentropy"},
        loss_weights={"reg": 1.0, "cls": 0.5},
        metrics={"cls": ["accuracy"], "reg": ["mae"]},
    )
    history = _fit_history(model, inputs, targets, epochs=3, batch_size=4)
    return [history, model.get_weights(), model.metrics_names]


def case_functional_two_outputs_evaluate_predict(tf, np):
    inputs, targets = _two_input_data(np)
    model = _two_input_model(tf, np)
    model.compile(
        optimizer="sgd",
        loss={"reg": "mae", "cls": "binary_crossentropy"},
        loss_weights={"reg": 2.0, "cls": 1.0},
    )
    predictions = model.predict(inputs, verbose=0)
    return [
        model.evaluate(inputs, targets, verbose=0),
        model.evaluate(inputs, targets, verbose=0, return_dict=True),
        sorted(predictions),
        predictions["reg"],
        predictions["cls"],
    ]


def case_functional_list_losses(tf, np):
    layers = _l(tf)
    inputs = tf.keras.Input((3,), name="x")
    first = layers.Dense(1, name="first")(inputs)
    second = layers.Dense(2, name="second")(inputs)
    model = _fix_weights(tf.keras.Model(inputs, [first, second], name="list_heads"), np)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss=["mse", "mae"], loss_weights=[0.3, 1.0])
    x, y = _data(np)
    history = _fit_history(model, x, [y, np.concatenate([y, -y], axis=1)], epochs=2, batch_size=4)
    return [history, model.metrics_names, model.get_weights()]


# ---- names, counts, summary, config ------------------------------------------------------------------
def case_metrics_names(tf, np):
    x, y = _data(np)
    model = _regressor(tf, np, metrics=("mae", tf.keras.metrics.RootMeanSquaredError(name="rmse")))
    before = list(model.metrics_names)
    _fit_history(model, x, y, epochs=1, batch_size=4)
    return [before, model.metrics_names, [m.name for m in model.metrics]]


def case_weight_names_sequential(tf, np):
    model = _regressor(tf, np)
    return [[w.name for w in model.weights], [w.name for w in model.trainable_weights]]


def case_weight_names_functional(tf, np):
    model = _two_input_model(tf, np)
    return [[w.name for w in model.weights], [layer.name for layer in model.layers]]


def _subclassed(tf):
    layers = _l(tf)

    class Block(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = layers.Dense(3, name="inner")
            self.norm = layers.BatchNormalization(name="norm")

        def call(self, inputs, training=None):
            return self.norm(self.dense(inputs), training=training)

    class Net(tf.keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.block = Block(name="block")
            self.head = layers.Dense(1, name="head")

        def call(self, inputs, training=None):
            return self.head(self.block(inputs, training=training))

    return Net(name="net")


def case_weight_names_subclassed(tf, np):
    model = _subclassed(tf)
    model(_data(np)[0])
    return [
        [w.name for w in model.weights],
        [w.name for w in model.trainable_weights],
        [w.name for w in model.non_trainable_weights],
        [layer.name for layer in model.layers],
    ]


def case_subclassed_fit(tf, np):
    x, y = _data(np)
    model = _subclassed(tf)
    model(x)
    _fix_weights(model, np)
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
    history = _fit_history(model, x, y, epochs=2, batch_size=4)
    return [history, model.get_weights()]


def case_count_params(tf, np):
    subclassed = _subclassed(tf)
    subclassed(_data(np)[0])
    return [
        _regressor(tf, np).count_params(),
        _two_input_model(tf, np).count_params(),
        subclassed.count_params(),
    ]


def _summary(model, **kwargs):
    lines = []
    model.summary(print_fn=lambda line, **_: lines.append(line), **kwargs)
    return "\n".join(lines)


def case_summary_sequential(tf, np):
    return _summary(_regressor(tf, np))


def case_summary_sequential_with_batch_norm(tf, np):
    model = tf.keras.Sequential(
        [tf.keras.Input((5,)), _l(tf).Dense(3, name="dense"), _l(tf).BatchNormalization(name="bn")],
        name="with_bn",
    )
    return _summary(model)


def case_summary_functional(tf, np):
    return _summary(_two_input_model(tf, np))


def case_summary_subclassed(tf, np):
    model = _subclassed(tf)
    model(_data(np)[0])
    return _summary(model)


def case_summary_line_length(tf, np):
    return _summary(_regressor(tf, np), line_length=80)


def case_get_config_sequential(tf, np):
    config = _regressor(tf, np).get_config()
    return [
        sorted(config),
        config["name"],
        [layer["class_name"] for layer in config["layers"]],
        [sorted(layer["config"]) for layer in config["layers"]],
        [layer["config"]["name"] for layer in config["layers"]],
    ]


def case_get_config_functional(tf, np):
    config = _two_input_model(tf, np).get_config()
    return [
        sorted(config),
        config["name"],
        [layer["class_name"] for layer in config["layers"]],
        [layer["name"] for layer in config["layers"]],
        [layer["inbound_nodes"] for layer in config["layers"]],
        config["input_layers"],
        config["output_layers"],
    ]


def case_sequential_from_config_round_trip(tf, np):
    model = _regressor(tf, np)
    clone = tf.keras.Sequential.from_config(model.get_config())
    clone.set_weights(model.get_weights())
    x, _ = _data(np)
    return [[layer.name for layer in clone.layers], clone(x)]


# ---- errors ---------------------------------------------------------------------------------------
def case_fit_before_compile(tf, np):
    x, y = _data(np)
    model = tf.keras.Sequential([_l(tf).Dense(1)])
    return model.fit(x, y, epochs=1, verbose=0)


def case_evaluate_before_compile(tf, np):
    x, y = _data(np)
    model = tf.keras.Sequential([_l(tf).Dense(1)])
    model.build((None, 3))
    return model.evaluate(x, y, verbose=0)


def case_summary_unbuilt(tf, np):
    return _summary(tf.keras.Sequential([_l(tf).Dense(1)]))


def case_fit_input_shape_mismatch(tf, np):
    x, y = _data(np)
    model = _regressor(tf, np)
    return model.fit(x[:, :2], y, epochs=1, verbose=0)


def case_fit_target_count_mismatch(tf, np):
    x, y = _data(np)
    return _regressor(tf, np).fit(x, y[:5], epochs=1, verbose=0)


def case_fit_unknown_loss(tf, np):
    # compile accepts any string; the loss is looked up when fit first runs it.
    x, y = _data(np)
    model = tf.keras.Sequential([_l(tf).Dense(1)])
    model.compile(optimizer="sgd", loss="not_a_loss")
    return model.fit(x, y, epochs=1, verbose=0)


def case_compile_unknown_optimizer(tf, np):
    model = tf.keras.Sequential([_l(tf).Dense(1)])
    return model.compile(optimizer="not_an_optimizer", loss="mse")


# Several epochs of float32 arithmetic: summation order differs between TensorFlow and XLA.
TOLERANCE = {
    name[len("case_") :]: {"rtol": 1e-4, "atol": 1e-5}
    for name in list(globals())
    if name.startswith("case_") and "summary" not in name and "names" not in name
}
