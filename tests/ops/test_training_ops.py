"""The optimizer update rules (lamina/ops/training_ops.py) against NumPy re-implementations of TensorFlow's
raw training ops, table-driven: one record per rule with its hyper-parameters and slot count."""

from dataclasses import dataclass, field

import numpy as np
import pytest

import lamina as tf
from lamina.ops import training_ops


def np_shrink(prox, step, l1, l2):
    thresholded = np.sign(prox) * np.maximum(np.abs(prox) - step * l1, 0) if l1 > 0 else prox
    return thresholded / (1 + step * l2)


def np_momentum(var, accum, lr, grad, momentum, use_nesterov=False):
    accum = momentum * accum + grad
    step = lr * (grad + momentum * accum) if use_nesterov else lr * accum
    return var - step, accum


def np_keras_momentum(var, accum, lr, grad, momentum, use_nesterov=False):
    accum = momentum * accum - lr * grad
    return var + (momentum * accum - lr * grad if use_nesterov else accum), accum


def np_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, use_nesterov=False):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    lr_t = lr * np.sqrt(1 - beta2_power) / (1 - beta1_power)
    direction = beta1 * m + (1 - beta1) * grad if use_nesterov else m
    return var - lr_t * direction / (np.sqrt(v) + epsilon), m, v


def np_amsgrad(var, m, v, vhat, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    vhat = np.maximum(vhat, v)
    lr_t = lr * np.sqrt(1 - beta2_power) / (1 - beta1_power)
    return var - lr_t * m / (np.sqrt(vhat) + epsilon), m, v, vhat


def np_adagrad(var, accum, lr, epsilon, grad, update_slots=True):
    if update_slots:
        accum = accum + grad**2
    return var - lr * grad / (np.sqrt(accum) + epsilon), accum


def np_proximal_adagrad(var, accum, lr, l1, l2, grad):
    accum = accum + grad**2
    step = lr / np.sqrt(accum)
    return np_shrink(var - step * grad, step, l1, l2), accum


def np_rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad):
    ms = rho * ms + (1 - rho) * grad**2
    mom = momentum * mom + lr * grad / np.sqrt(ms + epsilon)
    return var - mom, ms, mom


def np_centered_rms_prop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad):
    mg = rho * mg + (1 - rho) * grad
    ms = rho * ms + (1 - rho) * grad**2
    mom = momentum * mom + lr * grad / np.sqrt(ms - mg**2 + epsilon)
    return var - mom, mg, ms, mom


def np_adadelta(var, accum, accum_update, lr, rho, epsilon, grad):
    accum = rho * accum + (1 - rho) * grad**2
    update = np.sqrt(accum_update + epsilon) / np.sqrt(accum + epsilon) * grad
    accum_update = rho * accum_update + (1 - rho) * update**2
    return var - lr * update, accum, accum_update


def np_ada_max(var, m, v, beta1_power, lr, beta1, beta2, epsilon, grad):
    m = beta1 * m + (1 - beta1) * grad
    v = np.maximum(beta2 * v, np.abs(grad))
    return var - lr / (1 - beta1_power) * m / (v + epsilon), m, v


def np_ftrl(var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power, multiply_linear_by_lr=False):
    shrunk = grad + 2 * l2_shrinkage * var
    new_accum = accum + grad**2
    sigma = new_accum**-lr_power - accum**-lr_power
    if multiply_linear_by_lr:
        linear = linear + shrunk * lr - sigma * var
        quadratic, threshold = new_accum**-lr_power + 2 * l2 * lr, l1 * lr
    else:
        linear = linear + shrunk - sigma / lr * var
        quadratic, threshold = new_accum**-lr_power / lr + 2 * l2, l1
    var = np.where(np.abs(linear) > threshold, (np.sign(linear) * threshold - linear) / quadratic, 0.0)
    return var, new_accum, linear


@dataclass
class Rule:
    """One update rule: `tensors` names its tensor arguments in order (var first, then slots and
    grad); `scalars` are its hyper-parameters by name; both functions take the same arguments."""

    name: str
    lamina_fn: object
    numpy_fn: object
    tensors: tuple
    scalars: dict
    attrs: dict = field(default_factory=dict)

    def __str__(self):
        return self.name + "".join(f"-{k}={v}" for k, v in self.attrs.items())


T = training_ops
ADAM_SCALARS = {
    "beta1_power": 0.81,
    "beta2_power": 0.998,
    "lr": 0.1,
    "beta1": 0.9,
    "beta2": 0.999,
    "epsilon": 1e-3,
}
RULES = [
    Rule(
        "gradient_descent",
        T.apply_gradient_descent,
        lambda var, alpha, delta: var - alpha * delta,
        ("var", "delta"),
        {"alpha": 0.1},
    ),
    Rule(
        "proximal_gradient_descent",
        T.apply_proximal_gradient_descent,
        lambda var, alpha, l1, l2, delta: np_shrink(var - alpha * delta, alpha, l1, l2),
        ("var", "delta"),
        {"alpha": 0.3, "l1": 0.2, "l2": 0.1},
    ),
    Rule(
        "proximal_gradient_descent_no_l1",
        T.apply_proximal_gradient_descent,
        lambda var, alpha, l1, l2, delta: np_shrink(var - alpha * delta, alpha, l1, l2),
        ("var", "delta"),
        {"alpha": 0.3, "l1": 0.0, "l2": 0.1},
    ),
    *[
        Rule(
            "momentum",
            T.apply_momentum,
            np_momentum,
            ("var", "accum", "grad"),
            {"lr": 0.1, "momentum": 0.9},
            {"use_nesterov": n},
        )
        for n in (False, True)
    ],
    *[
        Rule(
            "keras_momentum",
            T.apply_keras_momentum,
            np_keras_momentum,
            ("var", "accum", "grad"),
            {"lr": 0.1, "momentum": 0.9},
            {"use_nesterov": n},
        )
        for n in (False, True)
    ],
    *[
        Rule("adam", T.apply_adam, np_adam, ("var", "m", "v", "grad"), ADAM_SCALARS, {"use_nesterov": n})
        for n in (False, True)
    ],
    Rule(
        "adam_with_amsgrad",
        T.apply_adam_with_amsgrad,
        np_amsgrad,
        ("var", "m", "v", "vhat", "grad"),
        ADAM_SCALARS,
    ),
    *[
        Rule(
            "adagrad",
            T.apply_adagrad,
            np_adagrad,
            ("var", "accum", "grad"),
            {"lr": 0.1, "epsilon": 1e-3},
            {"update_slots": u},
        )
        for u in (True, False)
    ],
    Rule(
        "proximal_adagrad",
        T.apply_proximal_adagrad,
        np_proximal_adagrad,
        ("var", "accum", "grad"),
        {"lr": 0.3, "l1": 0.05, "l2": 0.1},
    ),
    Rule(
        "rms_prop",
        T.apply_rms_prop,
        np_rms_prop,
        ("var", "ms", "mom", "grad"),
        {"lr": 0.1, "rho": 0.9, "momentum": 0.5, "epsilon": 1e-3},
    ),
    Rule(
        "centered_rms_prop",
        T.apply_centered_rms_prop,
        np_centered_rms_prop,
        ("var", "mg", "ms", "mom", "grad"),
        {"lr": 0.1, "rho": 0.9, "momentum": 0.5, "epsilon": 1e-3},
    ),
    Rule(
        "adadelta",
        T.apply_adadelta,
        np_adadelta,
        ("var", "accum", "accum_update", "grad"),
        {"lr": 0.7, "rho": 0.9, "epsilon": 1e-3},
    ),
    Rule(
        "ada_max",
        T.apply_ada_max,
        np_ada_max,
        ("var", "m", "v", "grad"),
        {"beta1_power": 0.81, "lr": 0.1, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-3},
    ),
    *[
        Rule(
            "ftrl",
            T.apply_ftrl,
            np_ftrl,
            ("var", "accum", "linear", "grad"),
            {"lr": 0.2, "l1": 0.05, "l2": 0.1, "l2_shrinkage": 0.02, "lr_power": power},
            {"multiply_linear_by_lr": multiply},
        )
        for power in (-0.5, -0.7)
        for multiply in (False, True)
    ],
]
# Slots that must stay positive (they hold squares); centered RMSProp's mg stays small so ms - mg^2 > 0.
POSITIVE = {"v", "vhat", "accum", "accum_update", "ms"}


def arguments(rule, dtype, seed=0):
    """The rule's keyword arguments: NumPy tensors of `dtype` and Python-float hyper-parameters."""
    rng = np.random.default_rng(seed)
    values = {}
    for name in rule.tensors:
        x = rng.uniform(-1, 1, size=(2, 3))
        if name in POSITIVE:
            x = np.abs(x) + 0.1
        values[name] = (0.1 * x if name == "mg" else x).astype(dtype)
    return {**values, **rule.scalars}


def call_lamina(rule, kwargs):
    tensors = {k: tf.constant(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    result = rule.lamina_fn(**tensors, **rule.attrs)
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("rule", RULES, ids=str)
def test_rule_matches_numpy(rule, dtype):
    kwargs = arguments(rule, dtype)
    got = call_lamina(rule, kwargs)
    expected = rule.numpy_fn(**{k: np.asarray(v, np.float64) for k, v in kwargs.items()}, **rule.attrs)
    expected = expected if isinstance(expected, tuple) else (expected,)
    updated = [name for name in rule.tensors if name not in ("grad", "delta")]
    assert len(got) == len(expected) == len(updated)
    rtol = 2e-6 if dtype == "float32" else 1e-12
    for name, g, e in zip(updated, got, expected):
        assert g.dtype == tf.as_dtype(dtype), name
        np.testing.assert_allclose(g.numpy(), e, rtol=rtol, atol=rtol, err_msg=f"{rule}: {name}")


def test_scalars_are_cast_to_the_variable_dtype():
    var = tf.constant([1.0, 2.0], tf.float64)
    lr = tf.constant(0.5, tf.float32)
    result = training_ops.apply_gradient_descent(var, lr, tf.constant([1.0, -1.0], tf.float64))
    assert result.dtype == tf.float64
    np.testing.assert_allclose(result.numpy(), [0.5, 2.5])


def test_variables_are_read_and_slots_left_for_the_caller():
    var, accum = tf.Variable([1.0, 2.0]), tf.Variable([0.0, 0.0])
    new_var, new_accum = training_ops.apply_momentum(var, accum, 0.1, tf.constant([1.0, 1.0]), 0.9)
    np.testing.assert_allclose(new_var.numpy(), [0.9, 1.9])
    np.testing.assert_allclose(new_accum.numpy(), [1.0, 1.0])
    np.testing.assert_allclose(var.numpy(), [1.0, 2.0])  # a pure op: nothing is assigned


def test_one_graph_node_per_update():
    @tf.function
    def step(var, m, v, grad):
        return training_ops.apply_adam(var, m, v, 0.9, 0.999, 0.01, 0.9, 0.999, 1e-7, grad)

    x = tf.constant([1.0, 2.0])
    graph = step.get_concrete_function(x, x, x, x).graph
    types = [op.type for op in graph.get_operations()]
    assert types.count("ApplyAdam") == 1


def test_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="ApplyGradientDescent"):
        training_ops.apply_gradient_descent(tf.constant([1, 2]), 1, tf.constant([1, 1]))
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError)):
        training_ops.apply_gradient_descent(tf.constant([1.0, 2.0]), 0.1, tf.constant([1.0, 1.0, 1.0]))


def test_not_recorded_by_a_tape():
    var = tf.constant([1.0])
    with tf.GradientTape() as tape:
        tape.watch(var)
        result = training_ops.apply_gradient_descent(var, 0.1, tf.constant([1.0]))
    assert tape.gradient(result, var) is None
