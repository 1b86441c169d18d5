"""`tf.keras.optimizers.Adafactor`: Adam-like steps with factored second moments (Shazeer & Stern, 2018)."""

from __future__ import annotations

import numpy as np

from lamina.keras.optimizer.base import Optimizer, _hyper, _in_dtype
from lamina.ops import array_ops, math_ops, reduction_ops


def _rms(x):
    return math_ops.sqrt(reduction_ops.reduce_mean(math_ops.square(x)))


class Adafactor(Optimizer):
    """Adafactor. For a variable of rank >= 2 the second moment is kept factored, as row means
    (slot "r", the shape without the last axis) and column means (slot "c", the shape without the
    second-to-last axis) of the squared gradients; its estimate (slot "v") is their outer product
    over the mean of r. A variable of rank < 2 keeps the full second moment in "v". The moments decay
    with 1 - t^beta_2_decay at step t; the update is clipped to an RMS of `clip_threshold` and scaled
    by max(epsilon_2, RMS(variable)) times the step size.

    Args:
      learning_rate: a float, a `LearningRateSchedule` or a callable returning the rate.
      beta_2_decay: the exponent of the second-moment decay schedule.
      epsilon_1: added to the squared gradients.
      epsilon_2: the smallest variable scale the step is proportional to.
      clip_threshold: the largest RMS of an update before scaling.
      relative_step: cap the step size at 1 / sqrt(t).
      name, weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum,
        ema_overwrite_frequency, jit_compile: see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_2_decay=-0.8,
        epsilon_1=1e-30,
        epsilon_2=1e-3,
        clip_threshold=1.0,
        relative_step=True,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        name="Adafactor",
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
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, var_list):
        super().build(var_list)
        if self._built:
            return
        self._built = True
        self._r, self._c, self._v = [], [], []
        for variable in var_list:
            shape = variable.shape.as_list()
            if len(shape) >= 2:
                self._r.append(self.add_variable_from_reference(variable, "r", shape=shape[:-1]))
                self._c.append(self.add_variable_from_reference(variable, "c", shape=shape[:-2] + shape[-1:]))
            else:
                self._r.append(None)
                self._c.append(None)
            self._v.append(self.add_variable_from_reference(variable, "v"))

    def update_step(self, gradient, variable):
        dtype = variable.dtype
        step = _in_dtype(math_ops.add(self.iterations.read_value(), np.int64(1)), dtype)
        lr = self._lr(variable)
        if self.relative_step:
            lr = math_ops.minimum(lr, math_ops.rsqrt(step))
        r, c, v = (self._slot(slots, variable) for slots in (self._r, self._c, self._v))
        alpha = math_ops.maximum(_in_dtype(_hyper(self.epsilon_2), dtype), _rms(variable)) * lr
        squared = math_ops.square(gradient) + _in_dtype(_hyper(self.epsilon_1), dtype)
        beta_2 = 1.0 - math_ops.pow(step, _in_dtype(_hyper(self.beta_2_decay), dtype))
        if r is not None:
            r.assign(beta_2 * r + (1.0 - beta_2) * reduction_ops.reduce_mean(squared, axis=-1))
            c.assign(beta_2 * c + (1.0 - beta_2) * reduction_ops.reduce_mean(squared, axis=-2))
            row_factor = r / reduction_ops.reduce_mean(r, axis=-1, keepdims=True)
            v.assign(array_ops.expand_dims(row_factor, -1) * array_ops.expand_dims(c, -2))
        else:
            v.assign(beta_2 * v + (1.0 - beta_2) * squared)
        update = gradient / math_ops.sqrt(v)
        clip = _in_dtype(_hyper(self.clip_threshold), dtype)
        update = update / math_ops.maximum(_in_dtype(1.0, dtype), _rms(update) / clip)
        variable.assign_add(-alpha * update)

    def get_config(self):
        return {
            **super().get_config(),
            "beta_2_decay": self.beta_2_decay,
            "epsilon_1": self.epsilon_1,
            "epsilon_2": self.epsilon_2,
            "clip_threshold": self.clip_threshold,
            "relative_step": self.relative_step,
        }
