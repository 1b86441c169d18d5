"""`tf.keras.mixed_precision.LossScaleOptimizer`: float16 training without underflowing gradients.

The loss is multiplied by a scale before differentiation and the gradients divided by it after, so
small float16 gradients survive. With a dynamic scale, a step whose gradients are not all finite is
skipped and the scale halved; after `dynamic_growth_steps` finite steps in a row it doubles.
"""

from __future__ import annotations

import numpy as np

from lamina._core.graph import init_scope
from lamina._core.variables import Variable
from lamina.keras.optimizer import catalog
from lamina.keras.optimizer.base import Optimizer
from lamina.ops import (
    array_ops,
    cast_ops,
    control_flow_ops,
    creation_ops,
    math_functions,
    math_ops,
    reduction_ops,
)


class LossScaleOptimizer:
    """Wraps an optimizer with loss scaling (see the module docstring).

    Args:
      inner_optimizer: the optimizer that applies the unscaled gradients.
      dynamic: adjust the scale (True) or keep `initial_scale`.
      initial_scale: the starting scale (default 2**15).
      dynamic_growth_steps: finite steps before the scale doubles (default 2000).

    Raises:
      TypeError: an inner optimizer that is not a Keras optimizer.
      ValueError: a fixed (non-dynamic) scale with `dynamic_growth_steps`.
    """

    def __init__(self, inner_optimizer, dynamic=True, initial_scale=None, dynamic_growth_steps=None):
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError(
                "'inner_optimizer' must be an instance of `tf.keras.optimizers.Optimizer`, but got: "
                f"{inner_optimizer}"
            )
        if not dynamic and dynamic_growth_steps is not None:
            raise ValueError(
                f'"dynamic_growth_steps" must be None if "dynamic" is False, but got: {dynamic_growth_steps}'
            )
        if not dynamic and initial_scale is None:
            raise ValueError('"initial_scale" must be specified if "dynamic" is False')
        self.inner_optimizer = inner_optimizer
        self.dynamic = bool(dynamic)
        self.dynamic_growth_steps = int(dynamic_growth_steps or 2000)
        with init_scope():
            self._scale = Variable(float(initial_scale or 2.0**15), trainable=False, name="loss_scale")
            self._counter = Variable(np.int64(0), trainable=False, name="good_steps")

    @property
    def loss_scale(self):
        return self._scale.read_value()

    @property
    def dynamic_counter(self):
        return self._counter.read_value()

    @property
    def initial_scale(self):
        return float(self._scale.initial_value.numpy())

    def get_scaled_loss(self, loss):
        """`loss` times the current scale (a callable loss is wrapped)."""
        if callable(loss):
            return lambda: self.get_scaled_loss(loss())
        return math_ops.multiply(loss, cast_ops.cast(self._scale, loss.dtype))

    def get_unscaled_gradients(self, grads):
        """Each gradient divided by the current scale (None stays None)."""
        return [None if g is None else math_ops.divide(g, cast_ops.cast(self._scale, g.dtype)) for g in grads]

    def compute_gradients(self, loss, var_list, tape=None):
        """Gradients of `loss` computed on the scaled loss, then unscaled."""
        var_list = list(var_list() if callable(var_list) else var_list)
        if callable(loss):
            pairs = self.inner_optimizer.compute_gradients(self.get_scaled_loss(loss), var_list, tape)
            grads = [g for g, _ in pairs]
        else:
            if tape is None:
                raise ValueError("`tape` is required when a `Tensor` loss is passed.")
            # Seeding the backward pass with the scale differentiates `loss * scale`.
            seed = math_ops.multiply(creation_ops.ones_like(loss), cast_ops.cast(self._scale, loss.dtype))
            grads = tape.gradient(loss, var_list, output_gradients=seed)
        return list(zip(self.get_unscaled_gradients(grads), var_list))

    def minimize(self, loss, var_list, tape=None):
        self.apply_gradients(self.compute_gradients(loss, var_list, tape))

    def apply_gradients(self, grads_and_vars, name=None, **kwargs):
        """Applies (already unscaled) gradients if they are all finite; adjusts a dynamic scale."""
        pairs = list(grads_and_vars)
        if not self.dynamic:
            return self.inner_optimizer.apply_gradients(pairs, name=name, **kwargs)
        inner = self.inner_optimizer
        if not inner._built:
            with init_scope():
                inner.build([v for _, v in pairs])
            inner._built = True
        checks = [reduction_ops.reduce_all(math_functions.is_finite(g)) for g, _ in pairs if g is not None]
        finite = reduction_ops.reduce_all(array_ops.stack(checks)) if checks else True

        def apply():
            inner.apply_gradients(pairs, name=name, **kwargs)
            grown = self._counter + 1 >= self.dynamic_growth_steps
            self._scale.assign(
                control_flow_ops.cond(grown, lambda: self._scale * 2.0, lambda: self._scale * 1.0)
            )
            self._counter.assign(
                control_flow_ops.cond(grown, lambda: self._counter * 0, lambda: self._counter + 1)
            )
            return finite

        def skip():
            self._scale.assign(math_ops.maximum(self._scale / 2.0, 1.0))
            self._counter.assign(self._counter * 0)
            return finite

        control_flow_ops.cond(finite, apply, skip)
        return inner.iterations

    # ---- the inner optimizer's state -----------------------------------------------------------------
    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self.inner_optimizer.learning_rate = value

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    @property
    def variables(self):
        return [self._scale, self._counter, *self.inner_optimizer.variables]

    def build(self, var_list):
        self.inner_optimizer.build(var_list)

    def get_config(self) -> dict:
        return {
            "inner_optimizer": catalog.serialize(self.inner_optimizer),
            "dynamic": self.dynamic,
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps if self.dynamic else None,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        config["inner_optimizer"] = catalog.deserialize(
            config["inner_optimizer"], custom_objects=custom_objects
        )
        return cls(**config)
