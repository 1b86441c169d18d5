"""`tf.keras.optimizers.Adam`, `AdamW`, `Adamax` and `Nadam`: the Adam family (bias-corrected moment
estimates)."""

from __future__ import annotations

import numpy as np

from lamina._core.graph import init_scope
from lamina._core.variables import Variable
from lamina.keras.optimizer.base import Optimizer, _hyper, _in_dtype, _via_float32
from lamina.ops import math_ops, training_ops


def _step_number(optimizer, dtype, ahead: int = 1):
    """The number of the step being taken (iterations + 1), or further `ahead`, in `dtype`."""
    return _in_dtype(math_ops.add(optimizer.iterations.read_value(), np.int64(ahead)), dtype)


def _power(base, exponent):
    """base ** exponent (beta_1 ** t) in the exponent's dtype, a Python base rounded through float32 as
    Keras's `tf.cast(beta_1, dtype)` does."""
    return math_ops.pow(_via_float32(_hyper(base), exponent.dtype), exponent)


class Adam(Optimizer):
    """Adam: per-variable slots "m" (first moment) and "v" (second moment), plus "vhat" with amsgrad.

    m += (gradient - m) * (1 - beta_1); v += (gradient^2 - v) * (1 - beta_2); the step is
    learning_rate * sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + epsilon) at step t (AMSGrad:
    sqrt(vhat) with vhat = max(vhat, v)).

    Args:
      learning_rate: a float, a `LearningRateSchedule` or a callable returning the rate.
      beta_1, beta_2: the decay rates of the moment estimates.
      epsilon: added to the denominator for numerical stability.
      amsgrad: use the AMSGrad variant.
      name, weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, jit_compile: see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-07,
        amsgrad=False,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        name="Adam",
        **kwargs,
    ):
        super().__init__(
            name,
            weight_decay,
            clipnorm,
            clipvalue,
            global_clipnorm,
            use_ema,
            ema_momentum,
            ema_overwrite_frequency,
            jit_compile,
            **kwargs,
        )
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self._momentums, self._velocities = [], []
        for variable in var_list:
            self._momentums.append(self.add_variable_from_reference(variable, "m"))
            self._velocities.append(self.add_variable_from_reference(variable, "v"))
        self._velocity_hats = []
        if self.amsgrad:
            self._velocity_hats = [self.add_variable_from_reference(v, "vhat") for v in var_list]

    def update_step(self, gradient, variable):
        # Keras's own formulation, not the raw ApplyAdam kernel: Keras computes (1 - beta) in Python
        # double precision but beta ** t from float32 betas, and float32 results differ by ~1e-5.
        dtype = variable.dtype
        m, v = self._slot(self._momentums, variable), self._slot(self._velocities, variable)
        beta_1, beta_2 = _hyper(self.beta_1), _hyper(self.beta_2)
        step = _step_number(self, dtype)
        m.assign_add((gradient - m) * _in_dtype(1 - beta_1, dtype))
        v.assign_add((math_ops.square(gradient) - v) * _in_dtype(1 - beta_2, dtype))
        denominator = v
        if self.amsgrad:
            vhat = self._slot(self._velocity_hats, variable)
            vhat.assign(math_ops.maximum(vhat, v))
            denominator = vhat
        alpha = self._lr(variable) * math_ops.sqrt(1 - _power(beta_2, step)) / (1 - _power(beta_1, step))
        epsilon = _in_dtype(_hyper(self.epsilon), dtype)
        variable.assign_sub((m * alpha) / (math_ops.sqrt(denominator) + epsilon))

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter): each step first subtracts
    `variable * weight_decay * learning_rate`, then takes the Adam step. Arguments as `Adam`.

    Raises:
      ValueError: `weight_decay` is None.
    """

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.004,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-07,
        amsgrad=False,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        name="AdamW",
        **kwargs,
    ):
        if weight_decay is None:
            raise ValueError("Missing value of `weight_decay` which is required and must be a float value.")
        super().__init__(
            learning_rate,
            beta_1,
            beta_2,
            epsilon,
            amsgrad,
            weight_decay,
            clipnorm,
            clipvalue,
            global_clipnorm,
            use_ema,
            ema_momentum,
            ema_overwrite_frequency,
            jit_compile,
            name,
            **kwargs,
        )


class Adamax(Optimizer):
    """Adamax: Adam over the infinity norm. Slots "m" (first moment) and "u" (exponentially weighted
    infinity norm): m += (gradient - m) * (1 - beta_1); u = max(beta_2 * u, |gradient|); the step is
    learning_rate * m / ((1 - beta_1^t) * (u + epsilon)). Arguments as `Adam` (without amsgrad)."""

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-07,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        name="Adamax",
        **kwargs,
    ):
        super().__init__(
            name,
            weight_decay,
            clipnorm,
            clipvalue,
            global_clipnorm,
            use_ema,
            ema_momentum,
            ema_overwrite_frequency,
            jit_compile,
            **kwargs,
        )
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self._m, self._u = [], []
        for variable in var_list:
            self._m.append(self.add_variable_from_reference(variable, "m"))
            self._u.append(self.add_variable_from_reference(variable, "u"))

    def update_step(self, gradient, variable):
        m, u = self._slot(self._m, variable), self._slot(self._u, variable)
        beta_1_power = _power(self.beta_1, _step_number(self, variable.dtype))
        new_variable, new_m, new_u = training_ops.apply_ada_max(
            variable,
            m,
            u,
            beta_1_power,
            self._lr(variable),
            _hyper(self.beta_1),
            _hyper(self.beta_2),
            _hyper(self.epsilon),
            gradient,
        )
        m.assign(new_m)
        u.assign(new_u)
        variable.assign(new_variable)

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}


# Nadam's momentum schedule: mu_t = beta_1 * (1 - 0.5 * 0.96 ** t).
_NADAM_DECAY = 0.96


class Nadam(Optimizer):
    """Nadam: Adam with Nesterov momentum and the momentum schedule
    mu_t = beta_1 * (1 - 0.5 * 0.96^t). Slots "m" and "v" as `Adam`; the running product of the mu_t
    is optimizer state outside `variables()` (as in Keras). Arguments as `Adamax`."""

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-07,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        name="Nadam",
        **kwargs,
    ):
        super().__init__(
            name,
            weight_decay,
            clipnorm,
            clipvalue,
            global_clipnorm,
            use_ema,
            ema_momentum,
            ema_overwrite_frequency,
            jit_compile,
            **kwargs,
        )
        self._learning_rate = self._build_learning_rate(learning_rate)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self._momentums, self._velocities = [], []
        for variable in var_list:
            self._momentums.append(self.add_variable_from_reference(variable, "m"))
            self._velocities.append(self.add_variable_from_reference(variable, "v"))
        dtype = var_list[0].dtype if var_list else None
        with init_scope():
            # The product of mu_1 ... mu_(t-1): advanced once per step, after every variable's update.
            self._u_product = Variable(np.ones((), dtype.as_numpy_dtype), name="u_product", trainable=False)

    def _momentum_at(self, step):
        beta_1 = _via_float32(_hyper(self.beta_1), step.dtype)
        return beta_1 * (1.0 - 0.5 * math_ops.pow(_via_float32(_NADAM_DECAY, step.dtype), step))

    def update_step(self, gradient, variable):
        # Unlike Adam, Keras's Nadam takes (1 - beta) from the float32-cast betas: mirrored here.
        dtype = variable.dtype
        m, v = self._slot(self._momentums, variable), self._slot(self._velocities, variable)
        beta_1, beta_2 = _via_float32(_hyper(self.beta_1), dtype), _via_float32(_hyper(self.beta_2), dtype)
        step = _step_number(self, dtype)
        u_t, u_t_1 = self._momentum_at(step), self._momentum_at(_step_number(self, dtype, ahead=2))
        u_product_t = _in_dtype(self._u_product, dtype) * u_t
        u_product_t_1 = u_product_t * u_t_1
        m.assign_add((gradient - m) * (1.0 - beta_1))
        v.assign_add((math_ops.square(gradient) - v) * (1.0 - beta_2))
        m_hat = u_t_1 * m / (1.0 - u_product_t_1) + (1.0 - u_t) * gradient / (1.0 - u_product_t)
        v_hat = v / (1.0 - math_ops.pow(beta_2, step))
        epsilon = _in_dtype(_hyper(self.epsilon), dtype)
        variable.assign_sub((m_hat * self._lr(variable)) / (math_ops.sqrt(v_hat) + epsilon))

    def _update(self, grads, variables):
        super()._update(grads, variables)
        step = _in_dtype(self.iterations, self._u_product.dtype)  # the step just taken
        self._u_product.assign(self._u_product * self._momentum_at(step))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
