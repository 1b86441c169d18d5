"""Golden cases: tf.keras.optimizers — weights and slots after a few steps of every optimizer on a tiny
least-squares problem (fixed data, fixed initial weights), with the options that change the step
(momentum, nesterov, centered, amsgrad, weight decay, clipping, schedules, EMA), eagerly and inside
tf.function; slot names and counts, iterations, get_config, get/serialize, and the errors.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

_STEPS = 4


def _variables(tf, dtype):
    """The weights of the tiny problem: w (2x2) and b (2), fixed initial values."""
    w = tf.Variable(tf.constant([[0.5, -0.3], [0.2, 0.8]], dtype), name="w")
    b = tf.Variable(tf.constant([0.1, -0.2], dtype), name="b")
    return w, b


def _loss(tf, w, b):
    """Mean squared error of x @ w + b against y, fixed 3x2 data."""
    x = tf.constant([[1.0, 2.0], [-1.0, 0.5], [0.3, -0.7]], w.dtype)
    y = tf.constant([[0.5, -1.0], [1.5, 0.2], [-0.3, 0.4]], w.dtype)
    return tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))


def _train(tf, optimizer, steps=_STEPS, function=False, dtype="float32", skip_bias=False):
    """Weights, iterations and every optimizer variable after `steps` apply_gradients calls."""
    w, b = _variables(tf, dtype)

    def step():
        with tf.GradientTape() as tape:
            loss = _loss(tf, w, b)
        grad_w, grad_b = tape.gradient(loss, [w, b])
        optimizer.apply_gradients([(grad_w, w), (None if skip_bias else grad_b, b)])

    if function:
        step = tf.function(step)
    for _ in range(steps):
        step()
    return {
        "w": tf.convert_to_tensor(w),
        "b": tf.convert_to_tensor(b),
        "slots": [tf.convert_to_tensor(v) for v in optimizer.variables()],
    }


def _k(tf):
    return tf.keras.optimizers


# ---- every optimizer, default options ----------------------------------------------------------
def case_sgd(tf, np):
    return _train(tf, _k(tf).SGD(0.1))


def case_sgd_momentum(tf, np):
    return _train(tf, _k(tf).SGD(0.1, momentum=0.9))


def case_sgd_nesterov(tf, np):
    return _train(tf, _k(tf).SGD(0.1, momentum=0.8, nesterov=True))


def case_rmsprop(tf, np):
    return _train(tf, _k(tf).RMSprop(0.01))


def case_rmsprop_momentum(tf, np):
    return _train(tf, _k(tf).RMSprop(0.01, rho=0.8, momentum=0.5, epsilon=1e-3))


def case_rmsprop_centered(tf, np):
    return _train(tf, _k(tf).RMSprop(0.01, centered=True))


def case_rmsprop_centered_momentum(tf, np):
    return _train(tf, _k(tf).RMSprop(0.01, momentum=0.9, centered=True))


def case_adam(tf, np):
    return _train(tf, _k(tf).Adam(0.1))


def case_adam_hyperparameters(tf, np):
    return _train(tf, _k(tf).Adam(0.05, beta_1=0.5, beta_2=0.9, epsilon=0.01))


def case_adam_amsgrad(tf, np):
    return _train(tf, _k(tf).Adam(0.1, amsgrad=True), steps=5)


def case_adamw(tf, np):
    return _train(tf, _k(tf).AdamW(0.1))


def case_adamw_amsgrad_strong_decay(tf, np):
    return _train(tf, _k(tf).AdamW(0.1, weight_decay=0.5, amsgrad=True))


def case_adamax(tf, np):
    return _train(tf, _k(tf).Adamax(0.1))


def case_nadam(tf, np):
    return _train(tf, _k(tf).Nadam(0.1))


def case_adagrad(tf, np):
    return _train(tf, _k(tf).Adagrad(0.1))


def case_adagrad_options(tf, np):
    return _train(tf, _k(tf).Adagrad(0.2, initial_accumulator_value=0.5, epsilon=0.01))


def case_adadelta(tf, np):
    return _train(tf, _k(tf).Adadelta(1.0))


def case_adadelta_options(tf, np):
    return _train(tf, _k(tf).Adadelta(0.5, rho=0.8, epsilon=1e-3))


def case_ftrl(tf, np):
    return _train(tf, _k(tf).Ftrl(0.1))


def case_ftrl_regularized(tf, np):
    optimizer = _k(tf).Ftrl(
        0.2,
        learning_rate_power=-0.7,
        initial_accumulator_value=0.2,
        l1_regularization_strength=0.01,
        l2_regularization_strength=0.05,
        l2_shrinkage_regularization_strength=0.02,
        beta=0.3,
    )
    return _train(tf, optimizer)


def case_ftrl_strong_l1(tf, np):
    return _train(tf, _k(tf).Ftrl(0.5, l1_regularization_strength=0.3))


def case_lion(tf, np):
    return _train(tf, _k(tf).Lion(0.01))


def case_lion_betas(tf, np):
    return _train(tf, _k(tf).Lion(0.02, beta_1=0.5, beta_2=0.9))


def case_adafactor(tf, np):
    return _train(tf, _k(tf).Adafactor(0.1))


def case_adafactor_options(tf, np):
    optimizer = _k(tf).Adafactor(
        0.05, beta_2_decay=-0.5, epsilon_2=0.01, clip_threshold=0.5, relative_step=False
    )
    return _train(tf, optimizer)


def case_adafactor_rank_3_in_function(tf, np):
    optimizer = _k(tf).Adafactor(0.5)
    w = tf.Variable(tf.reshape(tf.range(12, dtype=tf.float32) / 10.0 - 0.5, [2, 3, 2]), name="w")

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(w - 0.25) * tf.range(1.0, 3.0))
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])

    for _ in range(3):
        step()
    return [
        tf.convert_to_tensor(w),
        [tf.convert_to_tensor(v) for v in optimizer.variables()],
        [v.name for v in optimizer.variables()],
    ]


# ---- options shared by every optimizer -----------------------------------------------------------
def case_adam_weight_decay(tf, np):
    return _train(tf, _k(tf).Adam(0.1, weight_decay=0.2))


def case_sgd_weight_decay_excluded_by_name(tf, np):
    optimizer = _k(tf).SGD(0.1, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_names=["b"])
    return _train(tf, optimizer)


def case_sgd_clipnorm(tf, np):
    return _train(tf, _k(tf).SGD(0.1, clipnorm=0.5))


def case_sgd_clipvalue(tf, np):
    return _train(tf, _k(tf).SGD(0.1, momentum=0.5, clipvalue=0.3))


def case_adam_global_clipnorm(tf, np):
    return _train(tf, _k(tf).Adam(0.1, global_clipnorm=0.4))


def case_sgd_global_clipnorm(tf, np):
    return _train(tf, _k(tf).SGD(0.5, global_clipnorm=0.4))


def case_sgd_schedule(tf, np):
    schedule = _k(tf).schedules.ExponentialDecay(0.2, decay_steps=1, decay_rate=0.5)
    optimizer = _k(tf).SGD(schedule, weight_decay=0.3)
    result = _train(tf, optimizer)
    result["learning_rate"] = tf.convert_to_tensor(optimizer.learning_rate)
    return result


def case_adam_piecewise_schedule(tf, np):
    schedule = _k(tf).schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.05, 0.01])
    return _train(tf, _k(tf).Adam(schedule), steps=5)


def case_sgd_callable_learning_rate(tf, np):
    return _train(tf, _k(tf).SGD(lambda: 0.3))


def case_sgd_ema(tf, np):
    return _train(tf, _k(tf).SGD(0.1, use_ema=True, ema_momentum=0.5), steps=3)


def case_adam_ema_overwrite(tf, np):
    optimizer = _k(tf).Adam(0.1, use_ema=True, ema_momentum=0.6, ema_overwrite_frequency=2)
    return _train(tf, optimizer, steps=5)


def case_rmsprop_ema_default_frequency(tf, np):
    return _train(tf, _k(tf).RMSprop(0.01, use_ema=True), steps=3)


def case_ema_finalize(tf, np):
    optimizer = _k(tf).SGD(0.1, momentum=0.5, use_ema=True, ema_momentum=0.7)
    w, b = _variables(tf, "float32")
    for _ in range(3):
        with tf.GradientTape() as tape:
            loss = _loss(tf, w, b)
        optimizer.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
    optimizer.finalize_variable_values([w, b])
    return [tf.convert_to_tensor(w), tf.convert_to_tensor(b)]


def case_variable_constraint_applied_after_update(tf, np):
    optimizer = _k(tf).SGD(0.1, momentum=0.5)
    w = tf.Variable([1.0, -2.0, 0.05], constraint=lambda x: tf.maximum(x, 0.0))
    for _ in range(2):
        optimizer.apply_gradients([(tf.constant([1.0, 1.0, 1.0]), w)])
    return [tf.convert_to_tensor(w), tf.convert_to_tensor(optimizer.variables()[1])]


def case_none_gradient_is_skipped(tf, np):
    return _train(tf, _k(tf).Adam(0.1), skip_bias=True)


def case_float64_variables(tf, np):
    return _train(tf, _k(tf).Adam(0.1), dtype="float64")


def case_float64_nadam(tf, np):
    return _train(tf, _k(tf).Nadam(0.1), dtype="float64")


# ---- inside tf.function -------------------------------------------------------------------------
def case_adam_in_function(tf, np):
    return _train(tf, _k(tf).Adam(0.1), function=True)


def case_rmsprop_centered_in_function(tf, np):
    return _train(tf, _k(tf).RMSprop(0.01, momentum=0.5, centered=True), function=True)


def case_sgd_ema_schedule_in_function(tf, np):
    schedule = _k(tf).schedules.InverseTimeDecay(0.2, decay_steps=1, decay_rate=1.0)
    optimizer = _k(tf).SGD(schedule, momentum=0.9, use_ema=True, ema_overwrite_frequency=3)
    return _train(tf, optimizer, function=True)


def case_ftrl_in_function(tf, np):
    return _train(tf, _k(tf).Ftrl(0.2, l1_regularization_strength=0.01, beta=0.1), function=True)


def case_lion_in_function(tf, np):
    return _train(tf, _k(tf).Lion(0.01, weight_decay=0.1), function=True)


# ---- minimize, iterations, learning rate ----------------------------------------------------------
def case_minimize_callable_loss(tf, np):
    optimizer = _k(tf).SGD(0.1, momentum=0.5)
    w, b = _variables(tf, "float32")
    results = [optimizer.minimize(lambda: _loss(tf, w, b), [w, b]) for _ in range(3)]
    return [
        results,
        tf.convert_to_tensor(w),
        tf.convert_to_tensor(b),
        tf.convert_to_tensor(optimizer.iterations),
    ]


def case_minimize_tensor_loss_with_tape(tf, np):
    optimizer = _k(tf).Adagrad(0.1)
    w, b = _variables(tf, "float32")
    with tf.GradientTape() as tape:
        loss = _loss(tf, w, b)
    optimizer.minimize(loss, [w, b], tape=tape)
    return [tf.convert_to_tensor(w), tf.convert_to_tensor(b)]


def case_minimize_callable_var_list(tf, np):
    optimizer = _k(tf).SGD(0.1)
    w, b = _variables(tf, "float32")
    optimizer.minimize(lambda: _loss(tf, w, b), lambda: [w, b])
    return [tf.convert_to_tensor(w), tf.convert_to_tensor(b)]


def case_apply_gradients_returns_iterations(tf, np):
    optimizer = _k(tf).SGD(0.1)
    w, b = _variables(tf, "float32")
    empty = optimizer.apply_gradients([])
    result = optimizer.apply_gradients([(tf.ones_like(w), w)])
    return [tf.convert_to_tensor(empty), tf.convert_to_tensor(result), result.dtype]


def case_iterations_before_and_after(tf, np):
    optimizer = _k(tf).Adam()
    before = [v.name for v in optimizer.variables()]
    w, b = _variables(tf, "float32")
    optimizer.apply_gradients([(tf.ones_like(w), w), (tf.ones_like(b), b)])
    return [before, optimizer.iterations.dtype, tf.convert_to_tensor(optimizer.iterations)]


def case_learning_rate_variable(tf, np):
    optimizer = _k(tf).Adam(0.25)
    rate = optimizer.learning_rate
    optimizer.learning_rate = 0.5
    after_set = tf.convert_to_tensor(optimizer.learning_rate)
    optimizer.lr = 0.125
    return [rate.dtype, rate.name, after_set, tf.convert_to_tensor(optimizer.lr)]


def case_learning_rate_of_schedule_follows_steps(tf, np):
    schedule = _k(tf).schedules.ExponentialDecay(0.1, 1, 0.5)
    optimizer = _k(tf).SGD(schedule)
    w = tf.Variable([1.0])
    rates = [tf.convert_to_tensor(optimizer.learning_rate)]
    for _ in range(3):
        optimizer.apply_gradients([(tf.constant([1.0]), w)])
        rates.append(tf.convert_to_tensor(optimizer.learning_rate))
    return [rates, tf.convert_to_tensor(w)]


def case_set_learning_rate_between_steps(tf, np):
    optimizer = _k(tf).SGD(0.1)
    w = tf.Variable([1.0])
    optimizer.apply_gradients([(tf.constant([1.0]), w)])
    optimizer.learning_rate = 0.5
    optimizer.apply_gradients([(tf.constant([1.0]), w)])
    return tf.convert_to_tensor(w)


# ---- slots, config, lookup ------------------------------------------------------------------------
def case_slot_names(tf, np):
    k = _k(tf)
    optimizers = {
        "sgd": k.SGD(),
        "rmsprop": k.RMSprop(),
        "rmsprop_full": k.RMSprop(momentum=0.5, centered=True),
        "adam": k.Adam(),
        "amsgrad": k.Adam(amsgrad=True),
        "adamw": k.AdamW(),
        "adamax": k.Adamax(),
        "nadam": k.Nadam(),
        "adagrad": k.Adagrad(),
        "adadelta": k.Adadelta(),
        "ftrl": k.Ftrl(),
        "lion": k.Lion(),
        "ema": k.SGD(use_ema=True),
        "named": k.Adam(name="my_adam"),
    }
    names = {}
    for key, optimizer in optimizers.items():
        w, b = _variables(tf, "float32")
        optimizer.apply_gradients([(tf.ones_like(w), w), (tf.ones_like(b), b)])
        names[key] = [v.name for v in optimizer.variables()]
    return names


def case_build_outside_apply(tf, np):
    optimizer = _k(tf).Adam()
    w, b = _variables(tf, "float32")
    optimizer.build([w, b])
    return [v.name for v in optimizer.variables()]


def case_add_variable_from_reference(tf, np):
    optimizer = _k(tf).SGD()
    w, _ = _variables(tf, "float32")
    zeros = optimizer.add_variable_from_reference(w, "zeros_slot")
    given = optimizer.add_variable_from_reference(w, "given", initial_value=tf.ones_like(w))
    plain = optimizer.add_variable([3], name="extra")
    return [
        [v.name for v in (zeros, given, plain)],
        [tf.convert_to_tensor(v) for v in (zeros, given, plain)],
        len(optimizer.variables()),
    ]


def case_default_configs(tf, np):
    k = _k(tf)
    classes = [
        k.SGD,
        k.RMSprop,
        k.Adam,
        k.AdamW,
        k.Adamax,
        k.Nadam,
        k.Adagrad,
        k.Adadelta,
        k.Ftrl,
        k.Lion,
        k.Adafactor,
    ]
    return {cls.__name__: cls().get_config() for cls in classes}


def case_config_with_options(tf, np):
    optimizer = _k(tf).Adam(
        0.5,
        beta_1=0.8,
        amsgrad=True,
        weight_decay=0.1,
        clipnorm=1.5,
        use_ema=True,
        ema_momentum=0.9,
        ema_overwrite_frequency=7,
        name="custom",
    )
    return optimizer.get_config()


def case_config_with_schedule(tf, np):
    schedule = _k(tf).schedules.ExponentialDecay(0.1, 10, 0.5)
    config = _k(tf).SGD(schedule, momentum=0.5).get_config()
    return config


def case_from_config_round_trip(tf, np):
    k = _k(tf)
    original = k.RMSprop(0.05, rho=0.8, momentum=0.1, centered=True, global_clipnorm=2.0)
    rebuilt = k.RMSprop.from_config(original.get_config())
    return [type(rebuilt).__name__, rebuilt.get_config()]


def case_from_config_schedule(tf, np):
    k = _k(tf)
    schedule = k.schedules.PolynomialDecay(0.1, 10)
    rebuilt = k.Adam.from_config(k.Adam(schedule).get_config())
    return rebuilt.get_config()["learning_rate"]


def case_get_by_name(tf, np):
    k = _k(tf)
    names = [
        "adam",
        "Adam",
        "ADAM",
        "sgd",
        "rmsprop",
        "adagrad",
        "adadelta",
        "adamax",
        "nadam",
        "ftrl",
        "RMSProp",
    ]
    return [type(k.get(name)).__name__ for name in names]


def case_get_returns_instance(tf, np):
    optimizer = _k(tf).SGD(0.3)
    return _k(tf).get(optimizer) is optimizer


def case_get_from_dict(tf, np):
    # (Keras 2.15 builds its legacy Adam from such a dict; lamina has one Adam. The names agree.)
    optimizer = _k(tf).get(
        {"module": "keras.optimizers", "class_name": "adam", "config": {"learning_rate": 0.5}}
    )
    return type(optimizer).__name__


def case_serialize(tf, np):
    return _k(tf).serialize(_k(tf).Nadam(0.2))


def case_serialize_modules(tf, np):
    k = _k(tf)
    classes = [
        k.SGD,
        k.RMSprop,
        k.Adam,
        k.AdamW,
        k.Adamax,
        k.Nadam,
        k.Adagrad,
        k.Adadelta,
        k.Ftrl,
        k.Lion,
        k.Adafactor,
    ]
    return {cls.__name__: k.serialize(cls())["module"] for cls in classes}


def case_deserialize_serialized(tf, np):
    k = _k(tf)
    optimizer = k.deserialize(k.serialize(k.Ftrl(0.2, beta=0.5)))
    return [type(optimizer).__name__, optimizer.get_config()]


# ---- errors -----------------------------------------------------------------------------------------
def case_error_unknown_name(tf, np):
    return _k(tf).get("not_an_optimizer")


def case_error_adamw_is_not_known_by_name(tf, np):
    return _k(tf).get("adamw")


def case_error_adafactor_is_not_known_by_name(tf, np):
    return _k(tf).get("adafactor")


def case_error_bad_identifier(tf, np):
    return _k(tf).get(3)


def case_error_clipnorm_and_global_clipnorm(tf, np):
    return _k(tf).Adam(clipnorm=1.0, global_clipnorm=1.0)


def case_error_unknown_argument(tf, np):
    return _k(tf).Adam(foo=1)


def case_error_decay_argument(tf, np):
    return _k(tf).SGD(decay=0.1)


def case_error_sgd_momentum_out_of_range(tf, np):
    return _k(tf).SGD(momentum=1.5)


def case_error_ema_momentum_out_of_range(tf, np):
    return _k(tf).Adam(use_ema=True, ema_momentum=1.5)


def case_error_ftrl_positive_power(tf, np):
    return _k(tf).Ftrl(learning_rate_power=0.5)


def case_error_ftrl_negative_l1(tf, np):
    return _k(tf).Ftrl(l1_regularization_strength=-0.1)


def case_error_ftrl_negative_initial_accumulator(tf, np):
    return _k(tf).Ftrl(initial_accumulator_value=-0.1)


def case_error_lion_beta_1(tf, np):
    return _k(tf).Lion(beta_1=0.0)


def case_error_adamw_without_weight_decay(tf, np):
    return _k(tf).AdamW(weight_decay=None)


def case_error_no_gradients(tf, np):
    w = tf.Variable([1.0])
    return _k(tf).Adam().apply_gradients([(None, w)])


def case_error_tensor_loss_without_tape(tf, np):
    w = tf.Variable([1.0])
    return _k(tf).SGD().minimize(w * 2.0, [w])


def case_error_variable_not_built(tf, np):
    optimizer = _k(tf).Adam()
    optimizer.apply_gradients([(tf.constant([1.0]), tf.Variable([1.0]))])
    return optimizer.apply_gradients([(tf.constant([1.0]), tf.Variable([2.0]))])


def case_error_set_learning_rate_of_schedule(tf, np):
    optimizer = _k(tf).SGD(_k(tf).schedules.ExponentialDecay(0.1, 1, 0.5))
    optimizer.learning_rate = 0.5


def case_error_string_learning_rate(tf, np):
    return _k(tf).SGD("fast")
