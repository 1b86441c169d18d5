"""Optimizer update rules: TensorFlow's raw training ops (ApplyAdam, ApplyMomentum, ...), each declared once.

Every rule is a pure op: it takes the current values of a variable and its slots plus the
hyper-parameters, and returns the updated values; callers assign them to their Variables. So an
eager update of one variable is one jitted XLA call, a graph holds one node per update, and inside a
compiled training step the whole update fuses with the rest of the step. The op names are
TensorFlow's raw op names without the "Resource" prefix. Keras's optimizers and the tf.compat.v1.train
optimizers both build on these, so each formula exists once.

The formulas follow the documented semantics of TensorFlow's ops (tf.raw_ops.Apply*), written in the
same order of operations where that order changes float32 rounding (`m += (g - m) * (1 - beta1)`
rather than `beta1 * m + (1 - beta1) * g`). None of these ops is differentiable.
"""

from __future__ import annotations

import jax.numpy as jnp

from lamina.ops._op import Tensor, defop, dtypes, execute, tensor
from lamina.ops.cast_ops import cast

_FLOAT = dtypes.FLOATING


def _training_op(name: str, impl, inputs: list[str]):
    """Registers an update rule: every input shares var's floating dtype; no gradient."""
    return defop(
        name, impl, inputs=[f"{spec}: T" for spec in inputs], types={"T": _FLOAT}, differentiable=False
    )


def _operands(var, *scalars) -> list:
    """`var` as a tensor, then each other argument converted (or cast) to var's dtype."""
    var = tensor(var)
    converted = [var]
    for value in scalars:
        if isinstance(value, Tensor) or hasattr(value, "_eager_read"):
            value = tensor(value)
            if value.dtype is not var.dtype:
                value = cast(value, var.dtype)
        else:
            value = tensor(value, dtype=var.dtype)
        converted.append(value)
    return converted


def _run(opdef, operands: list, attrs: dict | None = None, name=None):
    result = execute(opdef, operands, attrs, name)
    return tuple(result) if isinstance(result, list) else result


# ---- plain and proximal gradient descent ---------------------------------------------------------


def _shrink(prox, step, l1, l2):
    """The proximal step shared by the proximal rules: soft-threshold by step * l1, then divide by
    1 + step * l2 (TensorFlow skips the threshold when l1 is 0, which gives the same values)."""
    thresholded = jnp.sign(prox) * jnp.maximum(jnp.abs(prox) - step * l1, 0)
    return jnp.where(l1 > 0, thresholded, prox) / (1 + step * l2)


_GRADIENT_DESCENT = _training_op(
    "ApplyGradientDescent", lambda var, alpha, delta: var - alpha * delta, ["var", "alpha", "delta"]
)


def apply_gradient_descent(var, alpha, delta, name=None):
    """var - alpha * delta (TensorFlow's ApplyGradientDescent). Returns the new var."""
    return _run(_GRADIENT_DESCENT, _operands(var, alpha, delta), None, name)


def _proximal_gradient_descent_impl(var, alpha, l1, l2, delta):
    return _shrink(var - alpha * delta, alpha, l1, l2)


_PROXIMAL_GRADIENT_DESCENT = _training_op(
    "ApplyProximalGradientDescent", _proximal_gradient_descent_impl, ["var", "alpha", "l1", "l2", "delta"]
)


def apply_proximal_gradient_descent(var, alpha, l1, l2, delta, name=None):
    """FOBOS step: prox = var - alpha * delta; var = sign(prox) * max(|prox| - alpha * l1, 0) /
    (1 + alpha * l2) (ApplyProximalGradientDescent). Returns the new var."""
    return _run(_PROXIMAL_GRADIENT_DESCENT, _operands(var, alpha, l1, l2, delta), None, name)


# ---- momentum ----------------------------------------------------------------------------------


def _momentum_impl(var, accum, lr, grad, momentum, use_nesterov):
    accum = accum * momentum + grad
    if use_nesterov:
        return var - (grad * lr + accum * momentum * lr), accum
    return var - accum * lr, accum


_MOMENTUM = _training_op("ApplyMomentum", _momentum_impl, ["var", "accum", "lr", "grad", "momentum"])


def apply_momentum(var, accum, lr, grad, momentum, use_nesterov=False, name=None):
    """accum = accum * momentum + grad; var -= lr * accum (Nesterov: var -= lr * (grad + momentum *
    accum)). TensorFlow's ApplyMomentum. Returns (var, accum)."""
    operands = _operands(var, accum, lr, grad, momentum)
    return _run(_MOMENTUM, operands, {"use_nesterov": bool(use_nesterov)}, name)


def _keras_momentum_impl(var, accum, lr, grad, momentum, use_nesterov):
    accum = accum * momentum - grad * lr
    if use_nesterov:
        return var + (accum * momentum - grad * lr), accum
    return var + accum, accum


_KERAS_MOMENTUM = _training_op(
    "ApplyKerasMomentum", _keras_momentum_impl, ["var", "accum", "lr", "grad", "momentum"]
)


def apply_keras_momentum(var, accum, lr, grad, momentum, use_nesterov=False, name=None):
    """Keras's momentum form, where accum holds the velocity: accum = accum * momentum - lr * grad;
    var += accum (Nesterov: var += momentum * accum - lr * grad). TensorFlow's
    ResourceApplyKerasMomentum. Returns (var, accum)."""
    operands = _operands(var, accum, lr, grad, momentum)
    return _run(_KERAS_MOMENTUM, operands, {"use_nesterov": bool(use_nesterov)}, name)


# ---- Adam and AdaMax -----------------------------------------------------------------------------


def _adam_moments(m, v, beta1, beta2, grad):
    m = m + (grad - m) * (1 - beta1)
    v = v + (grad * grad - v) * (1 - beta2)
    return m, v


def _adam_step_size(lr, beta1_power, beta2_power):
    return lr * jnp.sqrt(1 - beta2_power) / (1 - beta1_power)


def _adam_impl(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, use_nesterov):
    alpha = _adam_step_size(lr, beta1_power, beta2_power)
    m, v = _adam_moments(m, v, beta1, beta2, grad)
    direction = (grad * (1 - beta1) + beta1 * m) if use_nesterov else m
    return var - (direction * alpha) / (jnp.sqrt(v) + epsilon), m, v


_ADAM = _training_op(
    "ApplyAdam",
    _adam_impl,
    ["var", "m", "v", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad"],
)


def apply_adam(
    var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, use_nesterov=False, name=None
):
    """One Adam step (TensorFlow's ApplyAdam).

    lr_t = lr * sqrt(1 - beta2_power) / (1 - beta1_power); m += (grad - m) * (1 - beta1);
    v += (grad^2 - v) * (1 - beta2); var -= lr_t * m / (sqrt(v) + epsilon). With `use_nesterov`, m
    in the last step becomes beta1 * m + (1 - beta1) * grad. `beta1_power`/`beta2_power` are
    beta1**t and beta2**t for the step t being taken (t counts from 1).

    Returns:
      (var, m, v) after the step.
    """
    operands = _operands(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad)
    return _run(_ADAM, operands, {"use_nesterov": bool(use_nesterov)}, name)


def _adam_amsgrad_impl(var, m, v, vhat, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad):
    alpha = _adam_step_size(lr, beta1_power, beta2_power)
    m, v = _adam_moments(m, v, beta1, beta2, grad)
    vhat = jnp.maximum(vhat, v)
    return var - (m * alpha) / (jnp.sqrt(vhat) + epsilon), m, v, vhat


_ADAM_AMSGRAD = _training_op(
    "ApplyAdamWithAmsgrad",
    _adam_amsgrad_impl,
    ["var", "m", "v", "vhat", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad"],
)


def apply_adam_with_amsgrad(
    var, m, v, vhat, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, name=None
):
    """Adam with the AMSGrad correction: like `apply_adam`, but vhat = max(vhat, v) and the step divides
    by sqrt(vhat) + epsilon (ApplyAdamWithAmsgrad). Returns (var, m, v, vhat)."""
    operands = _operands(var, m, v, vhat, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad)
    return _run(_ADAM_AMSGRAD, operands, None, name)


def _ada_max_impl(var, m, v, beta1_power, lr, beta1, beta2, epsilon, grad):
    m = m + (grad - m) * (1 - beta1)
    v = jnp.maximum(beta2 * v, jnp.abs(grad))
    return var - (lr * m) / ((1 - beta1_power) * (v + epsilon)), m, v


_ADA_MAX = _training_op(
    "ApplyAdaMax", _ada_max_impl, ["var", "m", "v", "beta1_power", "lr", "beta1", "beta2", "epsilon", "grad"]
)


def apply_ada_max(var, m, v, beta1_power, lr, beta1, beta2, epsilon, grad, name=None):
    """AdaMax (Adam over the infinity norm): m += (grad - m) * (1 - beta1); v = max(beta2 * v, |grad|);
    var -= lr / (1 - beta1_power) * m / (v + epsilon) (ApplyAdaMax). Returns (var, m, v)."""
    operands = _operands(var, m, v, beta1_power, lr, beta1, beta2, epsilon, grad)
    return _run(_ADA_MAX, operands, None, name)


# ---- Adagrad ----------------------------------------------------------------------------------


def _adagrad_impl(var, accum, lr, epsilon, grad, update_slots):
    if update_slots:
        accum = accum + grad * grad
    return var - grad * lr / (jnp.sqrt(accum) + epsilon), accum


_ADAGRAD = _training_op("ApplyAdagradV2", _adagrad_impl, ["var", "accum", "lr", "epsilon", "grad"])


def apply_adagrad(var, accum, lr, epsilon, grad, update_slots=True, name=None):
    """accum += grad^2 (unless `update_slots` is False); var -= lr * grad / (sqrt(accum) + epsilon).
    TensorFlow's ApplyAdagradV2. Returns (var, accum)."""
    operands = _operands(var, accum, lr, epsilon, grad)
    return _run(_ADAGRAD, operands, {"update_slots": bool(update_slots)}, name)


def _proximal_adagrad_impl(var, accum, lr, l1, l2, grad):
    accum = accum + grad * grad
    step = lr / jnp.sqrt(accum)  # per element: the adaptive learning rate is also the proximal step
    return _shrink(var - grad * step, step, l1, l2), accum


_PROXIMAL_ADAGRAD = _training_op(
    "ApplyProximalAdagrad", _proximal_adagrad_impl, ["var", "accum", "lr", "l1", "l2", "grad"]
)


def apply_proximal_adagrad(var, accum, lr, l1, l2, grad, name=None):
    """Adagrad with a FOBOS proximal step: accum += grad^2; step = lr / sqrt(accum);
    prox = var - step * grad; var = sign(prox) * max(|prox| - step * l1, 0) / (1 + step * l2)
    (ApplyProximalAdagrad). Returns (var, accum)."""
    return _run(_PROXIMAL_ADAGRAD, _operands(var, accum, lr, l1, l2, grad), None, name)


# ---- RMSProp and Adadelta --------------------------------------------------------------------------


def _rms_prop_impl(var, ms, mom, lr, rho, momentum, epsilon, grad):
    ms = ms + (grad * grad - ms) * (1 - rho)
    mom = mom * momentum + lr * grad / jnp.sqrt(ms + epsilon)
    return var - mom, ms, mom


_RMS_PROP = _training_op(
    "ApplyRMSProp", _rms_prop_impl, ["var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"]
)


def apply_rms_prop(var, ms, mom, lr, rho, momentum, epsilon, grad, name=None):
    """ms = rho * ms + (1 - rho) * grad^2; mom = momentum * mom + lr * grad / sqrt(ms + epsilon);
    var -= mom (ApplyRMSProp). Returns (var, ms, mom)."""
    operands = _operands(var, ms, mom, lr, rho, momentum, epsilon, grad)
    return _run(_RMS_PROP, operands, None, name)


def _centered_rms_prop_impl(var, mg, ms, mom, lr, rho, momentum, epsilon, grad):
    ms = ms + (grad * grad - ms) * (1 - rho)
    mg = mg + (grad - mg) * (1 - rho)
    mom = mom * momentum + lr * grad / jnp.sqrt(ms - mg * mg + epsilon)
    return var - mom, mg, ms, mom


_CENTERED_RMS_PROP = _training_op(
    "ApplyCenteredRMSProp",
    _centered_rms_prop_impl,
    ["var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad"],
)


def apply_centered_rms_prop(var, mg, ms, mom, lr, rho, momentum, epsilon, grad, name=None):
    """RMSProp normalized by the gradient's estimated variance: mg = rho * mg + (1 - rho) * grad;
    ms as in `apply_rms_prop`; mom = momentum * mom + lr * grad / sqrt(ms - mg^2 + epsilon);
    var -= mom (ApplyCenteredRMSProp). Returns (var, mg, ms, mom)."""
    operands = _operands(var, mg, ms, mom, lr, rho, momentum, epsilon, grad)
    return _run(_CENTERED_RMS_PROP, operands, None, name)


def _adadelta_impl(var, accum, accum_update, lr, rho, epsilon, grad):
    accum = accum * rho + grad * grad * (1 - rho)
    update = jnp.sqrt(accum_update + epsilon) / jnp.sqrt(accum + epsilon) * grad
    accum_update = accum_update * rho + update * update * (1 - rho)
    return var - update * lr, accum, accum_update


_ADADELTA = _training_op(
    "ApplyAdadelta", _adadelta_impl, ["var", "accum", "accum_update", "lr", "rho", "epsilon", "grad"]
)


def apply_adadelta(var, accum, accum_update, lr, rho, epsilon, grad, name=None):
    """accum = rho * accum + (1 - rho) * grad^2;
    update = sqrt(accum_update + epsilon) / sqrt(accum + epsilon) * grad;
    accum_update = rho * accum_update + (1 - rho) * update^2; var -= lr * update (ApplyAdadelta).
    Returns (var, accum, accum_update)."""
    operands = _operands(var, accum, accum_update, lr, rho, epsilon, grad)
    return _run(_ADADELTA, operands, None, name)


# ---- FTRL -------------------------------------------------------------------------------------


def _accum_power(accum, lr_power):
    """accum ** -lr_power; the usual lr_power of -0.5 takes sqrt, which rounds like TensorFlow's."""
    return jnp.where(lr_power == -0.5, jnp.sqrt(accum), jnp.power(accum, -lr_power))


def _ftrl_impl(var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power, multiply_linear_by_lr):
    shrunk_grad = grad + 2 * l2_shrinkage * var
    new_accum = accum + grad * grad
    sigma = _accum_power(new_accum, lr_power) - _accum_power(accum, lr_power)
    if multiply_linear_by_lr:
        linear = linear + shrunk_grad * lr - sigma * var
        quadratic = _accum_power(new_accum, lr_power) + 2 * l2 * lr
        threshold = l1 * lr
    else:
        linear = linear + shrunk_grad - sigma / lr * var
        quadratic = _accum_power(new_accum, lr_power) / lr + 2 * l2
        threshold = l1
    var = jnp.where(jnp.abs(linear) > threshold, (jnp.sign(linear) * threshold - linear) / quadratic, 0)
    return var.astype(linear.dtype), new_accum, linear


_FTRL = _training_op(
    "ApplyFtrlV2",
    _ftrl_impl,
    ["var", "accum", "linear", "grad", "lr", "l1", "l2", "l2_shrinkage", "lr_power"],
)


def apply_ftrl(
    var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power, multiply_linear_by_lr=False, name=None
):
    """One FTRL-Proximal step (TensorFlow's ApplyFtrlV2).

    shrunk = grad + 2 * l2_shrinkage * var; new_accum = accum + grad^2;
    linear += shrunk - (new_accum^-lr_power - accum^-lr_power) / lr * var;
    quadratic = new_accum^-lr_power / lr + 2 * l2;
    var = (sign(linear) * l1 - linear) / quadratic where |linear| > l1, else 0; accum = new_accum.
    With `multiply_linear_by_lr`, linear is kept multiplied by lr (so are l1 and the quadratic term).

    Returns:
      (var, accum, linear) after the step.
    """
    operands = _operands(var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power)
    return _run(_FTRL, operands, {"multiply_linear_by_lr": bool(multiply_linear_by_lr)}, name)
