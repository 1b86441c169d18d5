"""Golden cases: tf.keras.optimizers.schedules — values at many steps (staircase, past the decay,
cycles, warmup, restarts), dtypes, steps given as int64 variables, inside tf.function and in v1
graphs, get_config and serialize, and the errors schedules raise.

Each `case_<name>(tf, np)` runs unchanged under TensorFlow (recording) and lamina (testing).
"""

# Steps at which every schedule is sampled: the start, inside the first period, exactly at and
# just past decay boundaries, and far beyond.
_STEPS = (0, 1, 3, 7, 9, 10, 11, 15, 20, 29, 30, 31, 64, 100, 1000)


def _values(tf, schedule, steps=_STEPS):
    """The schedule's value at each step, as one tensor."""
    return tf.stack([schedule(step) for step in steps])


def _schedules(tf):
    return tf.keras.optimizers.schedules


# ---- values -------------------------------------------------------------------------------------
def case_exponential(tf, np):
    return _values(tf, _schedules(tf).ExponentialDecay(0.1, 10, 0.5))


def case_exponential_staircase(tf, np):
    return _values(tf, _schedules(tf).ExponentialDecay(0.1, 10, 0.5, staircase=True))


def case_exponential_growth(tf, np):
    return _values(tf, _schedules(tf).ExponentialDecay(0.01, 7, 1.3), (0, 1, 6, 7, 8, 20, 50))


def case_exponential_fractional_steps(tf, np):
    return _values(tf, _schedules(tf).ExponentialDecay(0.5, 2.5, 0.96), (0, 1, 2, 3, 4, 5, 13))


def case_piecewise_constant(tf, np):
    schedule = _schedules(tf).PiecewiseConstantDecay([10, 20, 30], [1.0, 0.5, 0.1, 0.01])
    return _values(tf, schedule)


def case_piecewise_constant_int_values(tf, np):
    return _values(tf, _schedules(tf).PiecewiseConstantDecay([5, 10], [3, 2, 1]), (0, 5, 6, 10, 11))


def case_piecewise_constant_mixed_values_in_function_error(tf, np):
    schedule = _schedules(tf).PiecewiseConstantDecay([5], [0.1, 1])
    return tf.function(lambda step: schedule(step))(tf.constant(6))


def case_piecewise_constant_float_boundaries(tf, np):
    schedule = _schedules(tf).PiecewiseConstantDecay([1.5, 10.5], [0.3, 0.2, 0.1])
    return _values(tf, schedule, (0, 1, 2, 10, 11))


def case_piecewise_constant_float_step(tf, np):
    schedule = _schedules(tf).PiecewiseConstantDecay([1.5, 10.5], [0.3, 0.2, 0.1])
    return _values(tf, schedule, (tf.constant(1.5), tf.constant(1.6), tf.constant(10.5), tf.constant(11.0)))


def case_piecewise_constant_int64_step(tf, np):
    schedule = _schedules(tf).PiecewiseConstantDecay([10, 20], [0.3, 0.2, 0.1])
    return _values(tf, schedule, [tf.constant(s, tf.int64) for s in (5, 10, 15, 25)])


def case_polynomial_linear(tf, np):
    return _values(tf, _schedules(tf).PolynomialDecay(0.1, 30))


def case_polynomial_power(tf, np):
    return _values(tf, _schedules(tf).PolynomialDecay(0.1, 30, end_learning_rate=0.01, power=0.5))


def case_polynomial_square(tf, np):
    return _values(tf, _schedules(tf).PolynomialDecay(1.0, 20, end_learning_rate=0.0, power=2.0))


def case_polynomial_cycle(tf, np):
    schedule = _schedules(tf).PolynomialDecay(0.1, 10, end_learning_rate=0.001, power=1.5, cycle=True)
    return _values(tf, schedule)


def case_polynomial_increasing(tf, np):
    return _values(tf, _schedules(tf).PolynomialDecay(0.01, 10, end_learning_rate=0.1))


def case_inverse_time(tf, np):
    return _values(tf, _schedules(tf).InverseTimeDecay(0.1, 10, 0.5))


def case_inverse_time_staircase(tf, np):
    return _values(tf, _schedules(tf).InverseTimeDecay(0.1, 10, 0.5, staircase=True))


def case_cosine(tf, np):
    return _values(tf, _schedules(tf).CosineDecay(0.1, 30))


def case_cosine_alpha(tf, np):
    return _values(tf, _schedules(tf).CosineDecay(0.1, 30, alpha=0.1))


def case_cosine_warmup(tf, np):
    schedule = _schedules(tf).CosineDecay(0.01, 20, alpha=0.05, warmup_target=0.1, warmup_steps=10)
    return _values(tf, schedule)


def case_cosine_warmup_steps_without_target(tf, np):
    return _values(tf, _schedules(tf).CosineDecay(0.1, 20, warmup_steps=10))


def case_cosine_warmup_target_without_steps(tf, np):
    return _values(tf, _schedules(tf).CosineDecay(0.1, 20, warmup_target=0.5))


def case_cosine_restarts(tf, np):
    return _values(tf, _schedules(tf).CosineDecayRestarts(0.1, 10))


def case_cosine_restarts_constant_period(tf, np):
    return _values(tf, _schedules(tf).CosineDecayRestarts(0.1, 10, t_mul=1.0, m_mul=0.5))


def case_cosine_restarts_all_options(tf, np):
    schedule = _schedules(tf).CosineDecayRestarts(0.1, 5, t_mul=1.5, m_mul=0.8, alpha=0.1)
    return _values(tf, schedule)


# ---- dtypes and kinds of step -------------------------------------------------------------------
def case_dtype_float64_rate(tf, np):
    schedule = _schedules(tf).ExponentialDecay(tf.constant(0.1, tf.float64), 10, 0.5)
    return [schedule(3), schedule(tf.constant(3, tf.int64))]


def case_dtype_float64_numpy_rate(tf, np):
    return _schedules(tf).PolynomialDecay(np.float64(0.1), 10)(3)


def case_dtype_float16_rate(tf, np):
    return _schedules(tf).CosineDecay(tf.constant(0.1, tf.float16), 10)(3)


def case_step_int64_variable(tf, np):
    step = tf.Variable(0, dtype=tf.int64)
    schedule = _schedules(tf).CosineDecayRestarts(0.1, 4)
    values = []
    for _ in range(6):
        values.append(schedule(step))
        step.assign_add(3)
    return tf.stack(values)


def case_step_float(tf, np):
    schedule = _schedules(tf).InverseTimeDecay(0.1, 4, 0.5)
    return [schedule(2.5), schedule(tf.constant(2.5, tf.float64))]


def case_in_tf_function(tf, np):
    schedule = _schedules(tf).CosineDecay(0.01, 20, warmup_target=0.1, warmup_steps=10)
    step = tf.Variable(0, dtype=tf.int64)

    @tf.function
    def advance():
        step.assign_add(4)
        return schedule(step)

    return tf.stack([advance() for _ in range(8)])


def case_in_v1_graph(tf, np):
    graph = tf.Graph()
    with graph.as_default():
        step = tf.compat.v1.placeholder(tf.int64, [])
        rate = _schedules(tf).PiecewiseConstantDecay([3, 6], [0.3, 0.2, 0.1])(step)
        decayed = _schedules(tf).ExponentialDecay(0.1, 3, 0.5, staircase=True)(step)
        with tf.compat.v1.Session(graph=graph) as session:
            return [session.run([rate, decayed], {step: s}) for s in (0, 3, 4, 7)]


# ---- config and serialization --------------------------------------------------------------------
def case_config_exponential(tf, np):
    return _schedules(tf).ExponentialDecay(0.1, 10, 0.5, staircase=True, name="decay").get_config()


def case_config_piecewise(tf, np):
    return _schedules(tf).PiecewiseConstantDecay([1, 2], [0.1, 0.2, 0.3]).get_config()


def case_config_polynomial(tf, np):
    return _schedules(tf).PolynomialDecay(0.1, 10).get_config()


def case_config_inverse_time(tf, np):
    return _schedules(tf).InverseTimeDecay(0.1, 10, 0.5).get_config()


def case_config_cosine(tf, np):
    return _schedules(tf).CosineDecay(0.1, 10, warmup_target=0.2, warmup_steps=3).get_config()


def case_config_cosine_restarts(tf, np):
    return _schedules(tf).CosineDecayRestarts(0.1, 10, t_mul=1.5).get_config()


def case_serialize(tf, np):
    return _schedules(tf).serialize(_schedules(tf).PolynomialDecay(0.1, 10, power=2.0, cycle=True))


def case_deserialize_round_trip(tf, np):
    s = _schedules(tf)
    schedule = s.deserialize(s.serialize(s.CosineDecayRestarts(0.1, 10, m_mul=0.5)))
    return [type(schedule).__name__, schedule.get_config(), schedule(15)]


def case_from_config(tf, np):
    s = _schedules(tf)
    schedule = s.InverseTimeDecay.from_config(s.InverseTimeDecay(0.2, 5, 1.0, staircase=True).get_config())
    return [schedule.get_config(), schedule(7)]


def case_subclass(tf, np):
    class Halving(tf.keras.optimizers.schedules.LearningRateSchedule):
        def __init__(self, rate):
            self.rate = rate

        def __call__(self, step):
            return self.rate / tf.cast(step + 1, tf.float32)

        def get_config(self):
            return {"rate": self.rate}

    schedule = Halving.from_config({"rate": 0.5})
    return [schedule(3), schedule.get_config()]


# ---- errors --------------------------------------------------------------------------------------
def case_piecewise_length_mismatch_error(tf, np):
    return _schedules(tf).PiecewiseConstantDecay([1, 2], [0.1, 0.2])


def case_base_call_error(tf, np):
    return tf.keras.optimizers.schedules.LearningRateSchedule()(1)


def case_base_get_config_error(tf, np):
    return tf.keras.optimizers.schedules.LearningRateSchedule().get_config()
