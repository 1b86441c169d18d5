"""Golden cases: graph building and tf.function — static shapes with unknown dimensions, trace
counts, AutoGraph conversions, control flow values and gradients, tf.compat.v1 Sessions, and the
errors graphs raise.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""


def _graph_shape(tf, build):
    """The static shape of `build(placeholder)` in a v1 graph, where x is float32 [None, 4]."""
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 4])
        return build(x).shape


# ---- static shapes with unknown dimensions --------------------------------------------------------
def case_shape_matmul(tf, np):
    return _graph_shape(tf, lambda x: tf.matmul(x, tf.zeros([4, 3])))


def case_shape_reshape_infer(tf, np):
    return _graph_shape(tf, lambda x: tf.reshape(x, [-1, 2, 2]))


def case_shape_reduce(tf, np):
    return [
        _graph_shape(tf, lambda x: tf.reduce_sum(x, axis=0)),
        _graph_shape(tf, lambda x: tf.reduce_mean(x, 1)),
    ]


def case_shape_concat_batch(tf, np):
    return _graph_shape(tf, lambda x: tf.concat([x, x], axis=0))


def case_shape_concat_features(tf, np):
    return _graph_shape(tf, lambda x: tf.concat([x, x], axis=1))


def case_shape_transpose_expand(tf, np):
    return _graph_shape(tf, lambda x: tf.expand_dims(tf.transpose(x), 0))


def case_shape_broadcast_add(tf, np):
    return _graph_shape(tf, lambda x: x + tf.zeros([4]))


def case_shape_conv(tf, np):
    return _graph_shape(
        tf, lambda x: tf.nn.conv2d(tf.reshape(x, [-1, 2, 2, 1]), tf.zeros([2, 2, 1, 5]), 1, "SAME")
    )


def _graph_shape_of(tf, shape, build):
    """The static shape of `build(placeholder)` in a v1 graph, the placeholder float32 of `shape`."""
    g = tf.Graph()
    with g.as_default():
        return build(tf.compat.v1.placeholder(tf.float32, shape)).shape


def case_shape_unknown_broadcasts_against_known(tf, np):
    return [
        _graph_shape_of(tf, [None], lambda x: x * tf.constant([1.0, 2.0, 3.0, 4.0])),
        _graph_shape_of(tf, [None, None], lambda x: x * tf.zeros([4, 1])),
        _graph_shape_of(tf, [None, 1], lambda x: x - tf.zeros([3, 5])),
    ]


def case_shape_matmul_unknown_inner(tf, np):
    return _graph_shape_of(tf, [None, None], lambda x: tf.matmul(x, tf.zeros([3, 4])))


def case_shape_matmul_mismatch_error(tf, np):
    return _graph_shape(tf, lambda x: tf.matmul(x, tf.zeros([3, 3])))


def case_placeholder_name_and_shape(tf, np):
    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.int32, [None, 3], name="features")
        return [x.name, x.shape, x.dtype, x.op.type]


# ---- tf.function traces ---------------------------------------------------------------------------
def case_trace_counts(tf, np):
    traces = []

    @tf.function
    def f(x, flag):
        traces.append(1)
        return x * 2 if flag else x

    f(tf.constant(1.0), True)
    f(tf.constant(2.0), True)
    f(tf.constant([1.0]), True)
    f(tf.constant(1.0), False)
    f(tf.constant(3.0), True)
    return [len(traces), f.experimental_get_tracing_count()]


def case_trace_input_signature_result(tf, np):
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        return tf.reduce_sum(x) + tf.cast(tf.shape(x)[0], tf.float32)

    return [f(tf.constant([1.0, 2.0])), f(tf.constant([1.0, 2.0, 3.0])), f.experimental_get_tracing_count()]


def case_concrete_function_output_shape(tf, np):
    @tf.function
    def f(x):
        return tf.reshape(x, [-1, 2])

    concrete = f.get_concrete_function(tf.TensorSpec([None, 4], tf.float32))
    return [concrete.structured_outputs.shape, concrete(tf.ones([3, 4])).shape]


def case_function_variable_updates(tf, np):
    v = tf.Variable(1.0)

    @tf.function
    def step(x):
        v.assign(v * x)
        return v + 0.0

    return [step(tf.constant(2.0)), step(tf.constant(3.0)), v.read_value()]


def case_function_gradient_inside(tf, np):
    w = tf.Variable([1.0, 2.0])

    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w * x * w)
        return tape.gradient(loss, w)

    return f(tf.constant([3.0, 4.0]))


# ---- AutoGraph --------------------------------------------------------------------------------------
def case_autograph_if_else(tf, np):
    @tf.function
    def f(x):
        if tf.reduce_sum(x) > 0:
            y = x * 2.0
        else:
            y = x - 1.0
        return y

    return [f(tf.constant([1.0, 2.0])), f(tf.constant([-1.0, -2.0]))]


def case_autograph_while_and_for(tf, np):
    @tf.function
    def f(n):
        total = tf.constant(0)
        i = tf.constant(0)
        while i < n:
            total += i * i
            i += 1
        for j in tf.range(n):
            if j % 2 == 0:
                continue
            total += j
        return total

    return [f(tf.constant(5)), f(tf.constant(0))]


def case_autograph_break_and_return(tf, np):
    @tf.function
    def first_over(values, limit):
        found = tf.constant(-1.0)
        for v in values:
            if v > limit:
                found = v
                break
        return found

    values = tf.constant([1.0, 5.0, 7.0])
    return [first_over(values, tf.constant(4.0)), first_over(values, tf.constant(10.0))]


def case_autograph_python_control_flow_untouched(tf, np):
    @tf.function
    def f(x, repeats):
        for _ in range(repeats):
            x = x + 1.0
        return x if repeats > 2 else -x

    return [f(tf.constant(1.0), 3), f(tf.constant(1.0), 1)]


# ---- control flow ops --------------------------------------------------------------------------------
def case_cond_in_function(tf, np):
    @tf.function
    def f(x):
        return tf.cond(x > 0, lambda: x * 10.0, lambda: x / 10.0)

    return [f(tf.constant(2.0)), f(tf.constant(-2.0))]


def case_while_loop_values(tf, np):
    i, acc = tf.while_loop(
        lambda i, a: i < 5, lambda i, a: (i + 1, a * 2.0), (tf.constant(0), tf.constant(1.0))
    )
    return [i, acc]


def case_while_loop_gradient_bounded(tf, np):
    x = tf.constant(1.5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        _, y = tf.while_loop(
            lambda i, y: i < 3, lambda i, y: (i + 1, y * x), (0, tf.constant(1.0)), maximum_iterations=3
        )
    return [y, tape.gradient(y, x)]


def case_scan_cumulative(tf, np):
    return tf.scan(lambda acc, v: acc + v * v, tf.constant([1.0, 2.0, 3.0]), initializer=tf.constant(0.0))


def case_map_fn_structure(tf, np):
    return tf.map_fn(lambda v: (v * 2, v + 1), (tf.constant([1, 2]), tf.constant([10, 20])))


def case_foldr(tf, np):
    return tf.foldr(lambda acc, v: acc * 10 + v, tf.constant([1, 2, 3]))


def case_switch_case_default(tf, np):
    branches = [lambda: tf.constant(0), lambda: tf.constant(1)]
    return [
        tf.switch_case(tf.constant(1), branches),
        tf.switch_case(tf.constant(7), branches, default=lambda: tf.constant(-1)),
    ]


def case_tensor_array_loop(tf, np):
    @tf.function
    def squares(n):
        ta = tf.TensorArray(tf.float32, size=4)
        for i in tf.range(4):
            ta = ta.write(i, tf.cast(i * i, tf.float32) + n)
        return ta.stack()

    return squares(tf.constant(0.5))


# ---- tf.compat.v1 Sessions ----------------------------------------------------------------------------
def case_session_feeds_and_fetches(tf, np):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        x = tf1.placeholder(tf.float32, [None, 2])
        w = tf.Variable([[1.0], [-1.0]])
        y = tf.matmul(x, w)
        update = tf1.assign_add(w, [[0.5], [0.5]])
        init = tf1.global_variables_initializer()
    with tf1.Session(graph=g) as sess:
        sess.run(init)
        before = sess.run(y, {x: [[1.0, 2.0]]})
        sess.run(update)
        after = sess.run({"y": y, "w": w}, {x: [[1.0, 2.0]]})
    return [before, after["y"], after["w"]]


def case_session_gradients(tf, np):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        x = tf1.placeholder(tf.float32, [3])
        y = tf.reduce_sum(tf.sin(x) * x)
        (dx,) = tf1.gradients(y, [x])
    with tf1.Session(graph=g) as sess:
        return sess.run(dx, {x: [0.0, 1.0, 2.0]})


def case_session_missing_feed_error(tf, np):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        x = tf1.placeholder(tf.float32, [2])
        y = x * 2.0
    with tf1.Session(graph=g) as sess:
        return sess.run(y)


def case_session_uninitialized_variable_error(tf, np):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0)
        y = v * 2.0
    with tf1.Session(graph=g) as sess:
        return sess.run(y)


def case_variable_scope_names(tf, np):
    tf1 = tf.compat.v1
    g = tf.Graph()
    with g.as_default():
        with tf1.variable_scope("net"):
            a = tf1.get_variable("a", [2], initializer=tf1.zeros_initializer())
            with tf1.variable_scope("inner"):
                b = tf1.get_variable("b", [], dtype=tf.int32)
        with tf1.variable_scope("net", reuse=True):
            same = tf1.get_variable("a") is a
        return [a.name, b.name, same, [v.name for v in tf1.global_variables()]]


# ---- graph-level seeds ----------------------------------------------------------------------------
def _seeded_graph_draws(tf, seed):
    """The graph's seed and two runs of two unseeded random ops of a v1 graph seeded with `seed`."""
    g = tf.Graph()
    with g.as_default():
        tf.compat.v1.set_random_seed(seed)
        a, b = tf.random.uniform([3]), tf.random.normal([2], seed=7)
        with tf.compat.v1.Session() as sess:
            first, second = sess.run([a, b]), sess.run([a, b])
    return g.seed, first, second


def case_graph_seed_reproducible(tf, np):
    seed, first, second = _seeded_graph_draws(tf, 1)
    _, again, _ = _seeded_graph_draws(tf, 1)
    _, other, _ = _seeded_graph_draws(tf, 2)
    return [
        seed,
        bool(np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])),
        bool(np.array_equal(first[0], second[0])),  # each run draws anew
        bool(np.array_equal(first[0], other[0])),
    ]


def case_graph_seed_default_none(tf, np):
    g = tf.Graph()
    with g.as_default():
        return [g.seed, tf.compat.v1.get_default_graph().seed]


def case_function_graphs_seeded_alike(tf, np):
    tf.random.set_seed(5)

    def draw():
        return tf.random.uniform([2]), tf.random.uniform([2])

    first, second = tf.function(draw), tf.function(draw)
    a, b = first()
    a_again, _ = first()
    c, d = second()
    return [
        bool(np.array_equal(a.numpy(), c.numpy()) and np.array_equal(b.numpy(), d.numpy())),
        bool(np.array_equal(a.numpy(), a_again.numpy())),
        bool(np.array_equal(a.numpy(), b.numpy())),
    ]


# ---- dtype errors while building a graph are TypeError ----------------------------------------------
def case_graph_dtype_mismatch_error(tf, np):
    with tf.Graph().as_default():
        return tf.add(tf.constant(1.0), tf.constant(1))


def case_graph_dtype_not_allowed_error(tf, np):
    with tf.Graph().as_default():
        return tf.math.sin(tf.constant(1))


def case_function_dtype_mismatch_error(tf, np):
    return tf.function(lambda x: x * tf.constant(2))(tf.constant(1.5))


def case_op_named_like_its_scope(tf, np):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("train") as scope:
            a = tf.constant(1.0)
            op = tf.group(a, name=scope)
        b = tf.constant(2.0, name="exact/")
        return [scope, op.name, a.name, b.name]


def case_op_exact_name_duplicate_error(tf, np):
    g = tf.Graph()
    with g.as_default():
        tf.constant(1.0, name="c")
        return tf.constant(2.0, name="c/").name
