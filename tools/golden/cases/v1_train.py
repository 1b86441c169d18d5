"""Golden cases: tf.compat.v1.train — each v1 optimizer training a tiny linear model in a v1 graph
with a Session (weights, loss, global step, slots, variables), compute/apply_gradients, eager use,
learning-rate decays on the global step, and the errors they raise.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

_X = [[1.0, 2.0], [3.0, -1.0], [0.5, 0.25], [-2.0, 1.5]]
_Y = [[1.0], [2.0], [-0.5], [0.75]]
_STEPS = 4


def _model(tf):
    """A linear model y = x @ w + b with fixed initial weights; returns (w, b, loss)."""
    v1 = tf.compat.v1
    x = tf.constant(_X)
    w = v1.get_variable("w", initializer=tf.constant([[0.3], [-0.2]]))
    b = v1.get_variable("b", initializer=tf.constant([0.1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - tf.constant(_Y)))
    return w, b, loss


def _train(tf, make_optimizer, steps=_STEPS):
    """Trains the model for `steps` steps with minimize(global_step=); returns what a user sees."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w, b, loss = _model(tf)
        step = v1.train.get_or_create_global_step()
        optimizer = make_optimizer(v1.train)
        train_op = optimizer.minimize(loss, global_step=step)
        slots = {name: optimizer.get_slot(w, name).name for name in optimizer.get_slot_names()}
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            losses = [session.run([train_op, loss])[1] for _ in range(steps)]
            slot_values = [session.run(optimizer.get_slot(w, name)) for name in optimizer.get_slot_names()]
            return {
                "weights": session.run([w, b]),
                "losses": losses,
                "global_step": session.run(step),
                "slots": slots,
                "slot_values": slot_values,
                "global_variables": [v.name for v in v1.global_variables()],
                "optimizer_variables": [v.name for v in optimizer.variables()],
            }


# ---- each optimizer trains ------------------------------------------------------------------------
def case_gradient_descent(tf, np):
    return _train(tf, lambda train: train.GradientDescentOptimizer(0.1))


def case_proximal_gradient_descent(tf, np):
    return _train(
        tf,
        lambda train: train.ProximalGradientDescentOptimizer(
            0.1, l1_regularization_strength=0.05, l2_regularization_strength=0.1
        ),
    )


def case_momentum(tf, np):
    return _train(tf, lambda train: train.MomentumOptimizer(0.05, 0.9))


def case_momentum_nesterov(tf, np):
    return _train(tf, lambda train: train.MomentumOptimizer(0.05, 0.9, use_nesterov=True))


def case_adam(tf, np):
    return _train(tf, lambda train: train.AdamOptimizer(0.1))


def case_adam_options(tf, np):
    return _train(
        tf, lambda train: train.AdamOptimizer(0.05, beta1=0.5, beta2=0.9, epsilon=1e-3, name="MyAdam")
    )


def case_adagrad(tf, np):
    return _train(tf, lambda train: train.AdagradOptimizer(0.2))


def case_adagrad_initial_accumulator(tf, np):
    return _train(tf, lambda train: train.AdagradOptimizer(0.2, initial_accumulator_value=1.5))


def case_proximal_adagrad(tf, np):
    return _train(
        tf,
        lambda train: train.ProximalAdagradOptimizer(
            0.2, l1_regularization_strength=0.01, l2_regularization_strength=0.05
        ),
    )


def case_rmsprop(tf, np):
    return _train(tf, lambda train: train.RMSPropOptimizer(0.01))


def case_rmsprop_momentum(tf, np):
    return _train(tf, lambda train: train.RMSPropOptimizer(0.01, decay=0.8, momentum=0.5, epsilon=1e-6))


def case_rmsprop_centered(tf, np):
    return _train(tf, lambda train: train.RMSPropOptimizer(0.01, momentum=0.3, centered=True))


def case_ftrl(tf, np):
    return _train(tf, lambda train: train.FtrlOptimizer(0.5))


def case_ftrl_regularized(tf, np):
    return _train(
        tf,
        lambda train: train.FtrlOptimizer(
            0.5,
            learning_rate_power=-0.7,
            initial_accumulator_value=0.2,
            l1_regularization_strength=0.01,
            l2_regularization_strength=0.02,
        ),
    )


def case_ftrl_shrinkage_and_names(tf, np):
    return _train(
        tf,
        lambda train: train.FtrlOptimizer(
            0.5, l2_shrinkage_regularization_strength=0.1, accum_name="acc", linear_name="lin"
        ),
    )


def case_ftrl_beta(tf, np):
    return _train(tf, lambda train: train.FtrlOptimizer(0.5, l2_regularization_strength=0.01, beta=0.3))


def case_adadelta(tf, np):
    return _train(tf, lambda train: train.AdadeltaOptimizer(1.0))


def case_adadelta_options(tf, np):
    return _train(tf, lambda train: train.AdadeltaOptimizer(0.5, rho=0.9, epsilon=1e-4))


def case_learning_rate_tensor(tf, np):
    return _train(tf, lambda train: train.GradientDescentOptimizer(tf.constant(0.1) * 2.0))


def case_learning_rate_decay(tf, np):
    def make(train):
        rate = train.exponential_decay(0.2, train.get_global_step(), 2, 0.5, staircase=True)
        return train.MomentumOptimizer(rate, 0.5)

    return _train(tf, make, steps=6)


def case_two_optimizers_share_names(tf, np):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w, b, loss = _model(tf)
        v1.train.AdamOptimizer(0.1).minimize(loss, var_list=[b])
        v1.train.AdamOptimizer(0.1).minimize(loss)
        v1.train.MomentumOptimizer(0.1, 0.9, name="Adam").minimize(loss, var_list=[w])
        return [v.name for v in v1.global_variables()]


def case_scoped_variables(tf, np):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        with v1.variable_scope("layer"):
            w, b, loss = _model(tf)
        optimizer = v1.train.RMSPropOptimizer(0.1, centered=True)
        with tf.name_scope("training"):
            optimizer.minimize(loss)
        return [optimizer.get_slot_names(), [v.name for v in optimizer.variables()]]


# ---- compute_gradients / apply_gradients ----------------------------------------------------------
def case_compute_gradients(tf, np):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w, b, loss = _model(tf)
        unused = v1.get_variable("unused", initializer=tf.constant(1.0))
        pairs = v1.train.GradientDescentOptimizer(0.1).compute_gradients(loss)
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            grads = [session.run(g) for g, _ in pairs if g is not None]
            return [grads, [v.name for _, v in pairs], [g is None for g, _ in pairs], unused.name]


def case_compute_gradients_grad_loss(tf, np):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w, b, loss = _model(tf)
        pairs = v1.train.GradientDescentOptimizer(0.1).compute_gradients(loss, grad_loss=tf.constant(3.0))
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            return session.run([g for g, _ in pairs])


def case_apply_gradients_explicit(tf, np):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w, b, loss = _model(tf)
        step = v1.train.get_or_create_global_step()
        optimizer = v1.train.AdamOptimizer(0.1)
        grads = [(tf.constant([[1.0], [-2.0]]), w), (None, b)]
        train_op = optimizer.apply_gradients(grads, global_step=step)
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            for _ in range(3):
                session.run(train_op)
            beta_powers = [session.run(v) for v in optimizer.variables() if "power" in v.name]
            return [session.run([w, b, step]), beta_powers, [v.name for v in optimizer.variables()]]


def case_apply_gradients_clipped(tf, np):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w, b, loss = _model(tf)
        optimizer = v1.train.MomentumOptimizer(0.1, 0.9)
        pairs = optimizer.compute_gradients(loss)
        clipped = [(tf.clip_by_value(g, -0.5, 0.5), v) for g, v in pairs]
        train_op = optimizer.apply_gradients(clipped)
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            for _ in range(3):
                session.run(train_op)
            return session.run([w, b])


def case_minimize_var_list(tf, np):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w, b, loss = _model(tf)
        optimizer = v1.train.AdagradOptimizer(0.1)
        train_op = optimizer.minimize(loss, var_list=[b])
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            for _ in range(3):
                session.run(train_op)
            return [session.run([w, b]), len(v1.global_variables()), optimizer.get_slot(w, "accumulator")]


def case_minimize_without_global_step_returns_op(tf, np):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w, b, loss = _model(tf)
        train_op = v1.train.GradientDescentOptimizer(0.1).minimize(loss)
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            return [session.run(train_op), session.run(b)]


def case_float64_variables(tf, np):
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        w = v1.get_variable("w", initializer=tf.constant([1.0, -2.0], tf.float64))
        loss = tf.reduce_sum(tf.square(w))
        optimizer = v1.train.AdamOptimizer(0.1)
        train_op = optimizer.minimize(loss)
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            for _ in range(3):
                session.run(train_op)
            return [session.run(w), [v.dtype for v in optimizer.variables()]]


# ---- eager use ------------------------------------------------------------------------------------
def case_eager_minimize(tf, np):
    w = tf.Variable([[0.3], [-0.2]], name="w")
    b = tf.Variable([0.1], name="b")
    x, y = tf.constant(_X), tf.constant(_Y)
    step = tf.Variable(0, dtype=tf.int64)
    optimizer = tf.compat.v1.train.AdamOptimizer(0.1)

    def loss():
        return tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))

    results = [optimizer.minimize(loss, global_step=step, var_list=[w, b]) for _ in range(3)]
    return [w, b, step, results, [v.name for v in optimizer.variables()]]


def case_eager_compute_gradients(tf, np):
    w = tf.Variable([[0.3], [-0.2]], name="w")
    x = tf.constant(_X)
    pairs = tf.compat.v1.train.GradientDescentOptimizer(0.1).compute_gradients(
        lambda: tf.reduce_sum(tf.matmul(x, w))
    )
    return [[g for g, _ in pairs], [v.name for _, v in pairs]]


def case_eager_decay_learning_rate(tf, np):
    step = tf.Variable(0, dtype=tf.int64)
    w = tf.Variable([1.0, 2.0])
    rate = tf.compat.v1.train.polynomial_decay(0.5, step, 4, end_learning_rate=0.1)
    optimizer = tf.compat.v1.train.GradientDescentOptimizer(rate)
    for _ in range(5):
        optimizer.minimize(lambda: tf.reduce_sum(tf.square(w)), global_step=step, var_list=[w])
    return [w, step, rate()]


def case_in_tf_function(tf, np):
    w = tf.Variable([1.0, -2.0])
    optimizer = tf.compat.v1.train.MomentumOptimizer(0.1, 0.9)

    @tf.function
    def train_step():
        optimizer.minimize(lambda: tf.reduce_sum(tf.square(w)), var_list=[w])
        return tf.identity(w)

    return [train_step() for _ in range(3)]


# ---- decays on the global step --------------------------------------------------------------------
def _decays_in_graph(tf, build, steps=(0, 1, 3, 5, 10, 13, 25, 100)):
    """Each decay built by `build(train, global_step)`, evaluated at several global steps."""
    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        step = v1.train.get_or_create_global_step()
        value = tf.compat.v1.placeholder(tf.int64, [])
        set_step = step.assign(value)
        rates = build(v1.train, step)
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            results = []
            for s in steps:
                session.run(set_step, {value: s})
                results.append(session.run(rates))
            return results


def case_decay_exponential(tf, np):
    return _decays_in_graph(
        tf,
        lambda train, step: [
            train.exponential_decay(0.1, step, 10, 0.5),
            train.exponential_decay(0.1, step, 10, 0.5, staircase=True),
        ],
    )


def case_decay_natural_exp(tf, np):
    return _decays_in_graph(
        tf,
        lambda train, step: [
            train.natural_exp_decay(0.1, step, 10, 0.5),
            train.natural_exp_decay(0.1, step, 10, 0.5, staircase=True),
        ],
    )


def case_decay_inverse_time(tf, np):
    return _decays_in_graph(
        tf,
        lambda train, step: [
            train.inverse_time_decay(0.1, step, 10, 0.5),
            train.inverse_time_decay(0.1, step, 10, 0.5, staircase=True),
        ],
    )


def case_decay_polynomial(tf, np):
    return _decays_in_graph(
        tf,
        lambda train, step: [
            train.polynomial_decay(0.1, step, 10),
            train.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, power=2.0),
            train.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, power=0.5, cycle=True),
        ],
    )


def case_decay_piecewise_constant(tf, np):
    return _decays_in_graph(
        tf,
        lambda train, step: [
            train.piecewise_constant(step, [5, 13], [1.0, 0.5, 0.1]),
            train.piecewise_constant_decay(step, [3], [0.3, 0.2]),
        ],
    )


def case_decay_cosine(tf, np):
    return _decays_in_graph(
        tf,
        lambda train, step: [
            train.cosine_decay(0.1, step, 20),
            train.cosine_decay(0.1, step, 20, alpha=0.2),
        ],
    )


def case_decay_cosine_restarts(tf, np):
    return _decays_in_graph(
        tf,
        lambda train, step: [
            train.cosine_decay_restarts(0.1, step, 4),
            train.cosine_decay_restarts(0.1, step, 4, t_mul=1.0, m_mul=0.5, alpha=0.1),
        ],
    )


def case_decay_linear_cosine(tf, np):
    return _decays_in_graph(
        tf,
        lambda train, step: [
            train.linear_cosine_decay(0.1, step, 20),
            train.linear_cosine_decay(0.1, step, 20, num_periods=2.0, alpha=0.1, beta=0.01),
        ],
    )


def case_decay_eager_is_callable(tf, np):
    step = tf.Variable(3, dtype=tf.int64)
    rate = tf.compat.v1.train.exponential_decay(0.1, step, 10, 0.5)
    first = rate()
    step.assign(20)
    return [callable(rate), first, rate()]


def case_decay_graph_returns_tensor(tf, np):
    graph = tf.Graph()
    with graph.as_default():
        step = tf.compat.v1.train.get_or_create_global_step()
        rate = tf.compat.v1.train.cosine_decay(0.1, step, 10)
        return [tf.is_tensor(rate), rate.dtype, rate.shape]


def case_decay_float64_rate(tf, np):
    step = tf.Variable(3, dtype=tf.int64)
    return tf.compat.v1.train.inverse_time_decay(tf.constant(0.1, tf.float64), step, 10, 0.5)()


def case_decay_graph_without_global_step_error(tf, np):
    with tf.Graph().as_default():
        return tf.compat.v1.train.exponential_decay(0.1, None, 10, 0.5)


# ---- errors ---------------------------------------------------------------------------------------
def case_minimize_no_variables_error(tf, np):
    with tf.Graph().as_default():
        return tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(tf.constant(3.0) * 2.0)


def case_minimize_no_gradients_error(tf, np):
    with tf.Graph().as_default():
        tf.compat.v1.get_variable("w", initializer=tf.constant(1.0))
        return tf.compat.v1.train.AdamOptimizer(0.1).minimize(tf.constant(3.0) * 2.0)


def case_minimize_empty_var_list_error(tf, np):
    with tf.Graph().as_default():
        w = tf.compat.v1.get_variable("w", initializer=tf.constant(1.0))
        return tf.compat.v1.train.AdamOptimizer(0.1).minimize(w * 2.0, var_list=[])


def case_apply_gradients_all_none_error(tf, np):
    with tf.Graph().as_default():
        w = tf.compat.v1.get_variable("w", initializer=tf.constant(1.0))
        return tf.compat.v1.train.GradientDescentOptimizer(0.1).apply_gradients([(None, w)])


def case_apply_gradients_empty_error(tf, np):
    with tf.Graph().as_default():
        return tf.compat.v1.train.GradientDescentOptimizer(0.1).apply_gradients([])


def case_apply_gradients_shape_mismatch_error(tf, np):
    with tf.Graph().as_default():
        w = tf.compat.v1.get_variable("w", initializer=tf.constant(1.0))
        return tf.compat.v1.train.GradientDescentOptimizer(0.1).apply_gradients(
            [(tf.constant([1.0, 2.0]), w)]
        )


def case_gate_gradients_error(tf, np):
    with tf.Graph().as_default():
        w = tf.compat.v1.get_variable("w", initializer=tf.constant(1.0))
        return tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(w * 2.0, gate_gradients=5)


def case_integer_loss_error(tf, np):
    with tf.Graph().as_default():
        w = tf.compat.v1.get_variable("w", initializer=tf.constant(1.0))
        return tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(tf.cast(w, tf.int32) * 2)


def case_eager_tensor_loss_error(tf, np):
    w = tf.Variable(1.0)
    return tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(w * 2.0)


def case_empty_name_error(tf, np):
    return tf.compat.v1.train.GradientDescentOptimizer(0.1, name="")


def case_adagrad_zero_accumulator_error(tf, np):
    return tf.compat.v1.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)


def case_proximal_adagrad_negative_accumulator_error(tf, np):
    return tf.compat.v1.train.ProximalAdagradOptimizer(0.1, initial_accumulator_value=-1.0)


def case_ftrl_positive_power_error(tf, np):
    return tf.compat.v1.train.FtrlOptimizer(0.1, learning_rate_power=0.5)


def case_ftrl_negative_accumulator_error(tf, np):
    return tf.compat.v1.train.FtrlOptimizer(0.1, initial_accumulator_value=-0.5)


def case_ftrl_negative_l1_error(tf, np):
    return tf.compat.v1.train.FtrlOptimizer(0.1, l1_regularization_strength=-0.5)


def case_ftrl_negative_l2_error(tf, np):
    return tf.compat.v1.train.FtrlOptimizer(0.1, l2_regularization_strength=-0.5)


def case_ftrl_negative_shrinkage_error(tf, np):
    return tf.compat.v1.train.FtrlOptimizer(0.1, l2_shrinkage_regularization_strength=-0.5)


def case_piecewise_length_mismatch_error(tf, np):
    with tf.Graph().as_default():
        step = tf.compat.v1.train.get_or_create_global_step()
        return tf.compat.v1.train.piecewise_constant(step, [1, 2], [0.1, 0.2])


def case_gate_constants(tf, np):
    optimizer = tf.compat.v1.train.Optimizer
    return [optimizer.GATE_NONE, optimizer.GATE_OP, optimizer.GATE_GRAPH]


def case_optimizer_names(tf, np):
    train = tf.compat.v1.train
    return [
        train.GradientDescentOptimizer(0.1).get_name(),
        train.MomentumOptimizer(0.1, 0.9).get_name(),
        train.AdamOptimizer().get_name(),
        train.AdagradOptimizer(0.1).get_name(),
        train.RMSPropOptimizer(0.1).get_name(),
        train.FtrlOptimizer(0.1).get_name(),
        train.ProximalAdagradOptimizer(0.1).get_name(),
        train.AdadeltaOptimizer().get_name(),
        train.ProximalGradientDescentOptimizer(0.1).get_name(),
    ]


# ---- subclassing with TensorFlow's protocol -------------------------------------------------------
def case_subclass_with_slots(tf, np):
    v1 = tf.compat.v1

    class SignMomentum(v1.train.Optimizer):
        def __init__(self, learning_rate, use_locking=False, name="SignMomentum"):
            super().__init__(use_locking, name)
            self._learning_rate = learning_rate

        def _create_slots(self, var_list):
            for var in var_list:
                self._zeros_slot(var, "m", self._name)

        def _prepare(self):
            self._learning_rate_t = tf.convert_to_tensor(self._call_if_callable(self._learning_rate))

        def _resource_apply_dense(self, grad, handle):
            m = self.get_slot(handle, "m")
            m_t = m.assign(0.5 * m + grad)
            return v1.group(handle.assign_sub(self._learning_rate_t * tf.sign(m_t)))

    graph = tf.Graph()
    with graph.as_default():
        w = v1.get_variable("w", initializer=tf.constant([1.0, -2.0, 0.5]))
        optimizer = SignMomentum(0.1)
        train_op = optimizer.minimize(tf.reduce_sum(tf.square(w - 0.75)))
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            for _ in range(3):
                session.run(train_op)
            return [
                session.run([w, optimizer.get_slot(w, "m")]),
                [v.name for v in v1.global_variables()],
                optimizer.get_slot_names(),
            ]


def case_subclass_with_non_slot_variable(tf, np):
    v1 = tf.compat.v1

    class CountingDescent(v1.train.Optimizer):
        """Gradient descent whose rate shrinks with a step counter shared by all variables."""

        def __init__(self, name="CountingDescent"):
            super().__init__(False, name)

        def _create_slots(self, var_list):
            self._create_non_slot_variable(1.0, "count", var_list[0])

        def _resource_apply_dense(self, grad, handle):
            count = self._get_non_slot_variable("count", graph=v1.get_default_graph())
            return handle.assign_sub(grad / count)

        def _finish(self, update_ops, name_scope):
            count = self._get_non_slot_variable("count", graph=v1.get_default_graph())
            with v1.get_default_graph().control_dependencies(update_ops):
                return v1.group(*update_ops, count.assign_add(1.0), name=name_scope)

    graph = tf.Graph()
    with graph.as_default():
        w = v1.get_variable("w", initializer=tf.constant([1.0, -2.0]))
        b = v1.get_variable("b", initializer=tf.constant(0.5))
        optimizer = CountingDescent()
        train_op = optimizer.minimize(tf.reduce_sum(w * w) + b * b)
        with v1.Session(graph=graph) as session:
            session.run(v1.global_variables_initializer())
            for _ in range(3):
                session.run(train_op)
            return [session.run([w, b]), [v.name for v in optimizer.variables()]]
