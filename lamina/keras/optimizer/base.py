"""`tf.keras.optimizers.Optimizer`: the base class of Keras 2.15's optimizers.

An optimizer owns its state as Variables: `iterations` (int64), the learning rate (a float32 Variable,
or a schedule plus a Variable holding its current value) and, per trained variable, the slots its
subclass creates in `build` (created lazily on the first `apply_gradients`, as in Keras). One update
step is:

  learning rate for this step -> clip gradients -> decoupled weight decay -> `update_step` per
  variable -> iterations += 1 -> exponential moving averages (EMA).

Eagerly, the whole step for one list of variables runs as ONE compiled call: it is traced once by
lamina's tf.function machinery (an internal function per variable list, taking the gradients as
arguments) and later steps only run the cached executable. Inside a user's tf.function (or any graph
being built) the same code traces inline, so the user's step stays one executable.
"""

from __future__ import annotations

import logging
import numbers
import re

import numpy as np

from lamina._core.backprop import GradientTape
from lamina._core.context import name_scope
from lamina._core.convert import convert_to_tensor
from lamina._core.devices import list_physical_devices
from lamina._core.dtypes import as_dtype, float32, int64
from lamina._core.graph import init_scope
from lamina._core.tensor import EagerTensor, Tensor
from lamina._core.variables import Variable
from lamina._function.function import Function
from lamina.keras import schedule as schedules
from lamina.keras.schedule import LearningRateSchedule
from lamina.ops import cast_ops, clip_ops, comparison_ops, indexing_ops, math_ops

logger = logging.getLogger("lamina.keras.optimizers")

# Keyword arguments of Keras's legacy optimizers that the 2.15 optimizers reject.
_REMOVED_KWARGS = ("decay", "gradient_aggregator", "gradient_transformers")


class CallableList(list):
    """A list that also answers a call with itself: Keras 2.15's `optimizer.variables` is used both as
    a property and as a method."""

    def __call__(self):
        return self


class Optimizer:
    """Base class of Keras optimizers.

    A subclass calls `super().__init__(name=..., **kwargs)`, stores its hyper-parameters, creates
    its slots in `build(var_list)` with `add_variable_from_reference`, and implements
    `update_step(gradient, variable)` with lamina ops and Variable assignments.

    Args:
      name: the name scope of the optimizer's slot variables.
      weight_decay: if set, each step first subtracts `variable * weight_decay * learning_rate`
        (decoupled weight decay) from every variable not excluded by `exclude_from_weight_decay`.
      clipnorm: clip each gradient to this L2 norm.
      clipvalue: clip each gradient element to [-clipvalue, clipvalue].
      global_clipnorm: clip the gradients together to this global L2 norm.
      use_ema: keep an exponential moving average of each variable (in a slot named "average").
      ema_momentum: the weight of the old average at each EMA update.
      ema_overwrite_frequency: every this many steps, overwrite the variables with their averages.
      jit_compile: accepted for compatibility; lamina always compiles the update step. The config
        reports it as Keras does: true only when a GPU is present.
      **kwargs: `lr` is accepted and ignored with a warning, as in Keras 2.15.

    Raises:
      ValueError: both clipnorm and global_clipnorm are set; a negative clip value (lamina rejects
        what Keras silently ignores); a removed legacy argument (`decay`); ema_momentum outside [0, 1].
      TypeError: an unknown keyword argument.
    """

    def __init__(
        self,
        name,
        weight_decay=0,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        jit_compile=True,
        **kwargs,
    ):
        self._check_kwargs(kwargs)
        self.name = name
        self.weight_decay = weight_decay
        self.clipnorm = _clip_argument("clipnorm", clipnorm)
        self.global_clipnorm = _clip_argument("global_clipnorm", global_clipnorm)
        self.clipvalue = _clip_argument("clipvalue", clipvalue)
        if self.clipnorm is not None and self.global_clipnorm is not None:
            raise ValueError(
                "At most one of `clipnorm` and `global_clipnorm` can be set. Received: "
                f"clipnorm={clipnorm}, global_clipnorm={global_clipnorm}."
            )
        self.use_ema = use_ema
        if use_ema and not 0 <= ema_momentum <= 1:
            raise ValueError(
                f"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={ema_momentum}"
            )
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.jit_compile = bool(jit_compile) and bool(list_physical_devices("GPU"))
        self._variables: list = []
        self._built = False
        self._index_dict: dict = {}
        self._trainable_variables: list = []
        self._update_functions: dict = {}
        self._exclude_from_weight_decay: set = set()
        self._exclude_from_weight_decay_names: list = []
        with init_scope():
            self._iterations = Variable(np.int64(0), name="iteration", trainable=False, dtype=int64)

    @staticmethod
    def _check_kwargs(kwargs: dict):
        for key in kwargs:
            if key == "lr":
                logger.warning(
                    "`lr` is deprecated in Keras optimizer, please use `learning_rate`; the value is ignored."
                )
            elif key in _REMOVED_KWARGS:
                raise ValueError(
                    f"{key} is deprecated in the new Keras optimizer, please check the docstring for valid "
                    "arguments."
                )
            else:
                raise TypeError(
                    f"{key} is not a valid argument, kwargs should be empty for "
                    "`optimizer_experimental.Optimizer`."
                )

    # ---- learning rate ----------------------------------------------------------------------------
    def _build_learning_rate(self, learning_rate):
        """Stores `learning_rate`: a schedule is kept (with a Variable for its current value); a number,
        tensor or callable becomes a float32 Variable named "learning_rate"."""
        with init_scope():
            if isinstance(learning_rate, LearningRateSchedule):
                initial = cast_ops.cast(learning_rate(self._iterations), float32)
                self._current_learning_rate = Variable(
                    initial, name="current_learning_rate", dtype=float32, trainable=False
                )
                return learning_rate
            if callable(learning_rate) and not isinstance(learning_rate, (Tensor, Variable)):
                learning_rate = learning_rate()
            _check_learning_rate(learning_rate)
            value = learning_rate.read_value() if isinstance(learning_rate, Variable) else learning_rate
            value = cast_ops.cast(convert_to_tensor(value, dtype_hint=float32), float32)
            return Variable(value, name="learning_rate", dtype=float32, trainable=False)

    @property
    def learning_rate(self):
        """The learning rate Variable (for a schedule: a Variable holding the rate of the latest step)."""
        if isinstance(self._learning_rate, LearningRateSchedule):
            return self._current_learning_rate
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        if isinstance(learning_rate, LearningRateSchedule):
            self._learning_rate = self._build_learning_rate(learning_rate)
            self._update_functions.clear()  # compiled steps read the previous learning rate
            return
        if isinstance(self._learning_rate, LearningRateSchedule):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` "
                "constructor argument, hence its learning rate is not settable. If you need the learning "
                "rate to be settable, you should instantiate the optimizer with a float `learning_rate` "
                "argument."
            )
        _check_learning_rate(learning_rate)
        self._learning_rate.assign(cast_ops.cast(learning_rate, float32))

    lr = learning_rate

    def _learning_rate_for_step(self):
        """The learning rate of the step being taken; a schedule is evaluated at `iterations`."""
        if isinstance(self._learning_rate, LearningRateSchedule):
            rate = cast_ops.cast(self._learning_rate(self._iterations), float32)
            self._current_learning_rate.assign(rate)
            return rate
        return self._learning_rate.read_value()

    def _lr(self, variable):
        """The current learning rate in `variable`'s dtype (read inside the update step)."""
        return _in_dtype(self.learning_rate, variable.dtype)

    # ---- state ------------------------------------------------------------------------------------
    @property
    def iterations(self):
        """The number of update steps taken (an int64 Variable)."""
        return self._iterations

    @iterations.setter
    def iterations(self, variable):
        if self._built:
            raise RuntimeError("Cannot set `iterations` of an optimizer after it has been built.")
        if not isinstance(variable, Variable) or variable.dtype is not int64:
            raise ValueError(f"`iterations` must be an int64 tf.Variable. Received: {variable!r}")
        self._iterations = variable
        self._update_functions.clear()

    @property
    def variables(self) -> CallableList:
        """`iterations` and every variable the optimizer created (slots, EMA averages), in creation
        order. Usable as a list or called as a method, like Keras 2.15's."""
        return CallableList([self._iterations, *self._variables])

    @staticmethod
    def _var_key(variable) -> int:
        return variable._unique_id

    def build(self, var_list):
        """Records the variables this optimizer trains and creates the EMA averages if enabled.

        A subclass extends it: `super().build(var_list)`; return if `self._built`; set
        `self._built = True`; create its slots with `add_variable_from_reference`."""
        if self._built:
            return
        self._trainable_variables = list(var_list)
        self._index_dict = {self._var_key(v): i for i, v in enumerate(self._trainable_variables)}
        if self.use_ema:
            self._model_variables_moving_average = [
                self.add_variable_from_reference(v, "average", initial_value=v) for v in var_list
            ]

    def _slot(self, slots: list, variable):
        """The slot of `variable` in a per-variable list built in `build`."""
        return slots[self._index_dict[self._var_key(variable)]]

    def add_variable(self, shape, dtype=None, initializer="zeros", name=None):
        """Creates an optimizer variable of `shape` filled with zeros ("zeros") or ones ("ones")."""
        if initializer not in ("zeros", "ones"):
            raise ValueError(
                f"`initializer` must be 'zeros' or 'ones'. Received: initializer={initializer!r}"
            )
        dtype = as_dtype(dtype or float32)
        fill = np.zeros if initializer == "zeros" else np.ones
        with init_scope():
            variable = Variable(fill(tuple(shape), dtype.as_numpy_dtype), name=name, trainable=False)
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, variable, variable_name, shape=None, initial_value=None):
        """Creates a slot for `variable`, named "<variable_name>/<variable's name>", of its dtype and
        shape (or `shape`), holding `initial_value` (default zeros)."""
        with init_scope():
            if initial_value is None:
                shape = variable.shape.as_list() if shape is None else shape
                initial_value = np.zeros(shape, variable.dtype.as_numpy_dtype)
            elif isinstance(initial_value, Variable):
                initial_value = initial_value.read_value()
            slot = Variable(
                initial_value,
                name=f"{variable_name}/{variable._name}",
                dtype=variable.dtype,
                trainable=False,
            )
        self._variables.append(slot)
        return slot

    # ---- applying gradients -----------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars, name=None, skip_gradients_aggregation=False, **kwargs):
        """Applies one update step to the variables of `grads_and_vars` (pairs of gradient and
        Variable; pairs whose gradient is None are skipped).

        Returns:
          The `iterations` Variable.

        Raises:
          ValueError: every gradient is None.
          KeyError: a variable the optimizer was not built with.
        """
        grads_and_vars = list(grads_and_vars)
        if not grads_and_vars:
            return self._iterations
        if not self._built:
            with name_scope(name or self.name), init_scope():
                self.build([v for _, v in grads_and_vars])
            self._built = True
        pairs = _filter_empty_gradients(grads_and_vars)
        variables = tuple(v for _, v in pairs)
        for variable in variables:
            if self._var_key(variable) not in self._index_dict:
                raise KeyError(
                    f"The optimizer cannot recognize variable {variable.name}. This usually means you are "
                    "trying to call the optimizer to update different parts of the model separately. Please "
                    "call `optimizer.build(variables)` with the full list of trainable variables before the "
                    "training loop."
                )
        grads = [_as_gradient(g, v) for g, v in pairs]
        self._update_function(variables)(grads)
        return self._iterations

    def _update_function(self, variables: tuple):
        """The compiled update step for this list of variables (traced on its first call)."""
        key = tuple(self._var_key(v) for v in variables)
        function = self._update_functions.get(key)
        if function is None:
            # `variables` is closed over, not an argument: tf.function would otherwise bind variable
            # arguments per call, apart from the same variables read through the optimizer's state.
            def update(grads):
                self._update(grads, variables)

            function = Function(update, name=f"{self.name}_update", autograph=False)
            self._update_functions[key] = function
        return function

    def _update(self, grads: list, variables: tuple):
        """One step, what the compiled update function traces: learning rate, clipping, weight decay,
        `update_step` per variable, iterations += 1, moving averages, then variable constraints."""
        learning_rate = self._learning_rate_for_step()
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(variables, learning_rate)
        for gradient, variable in zip(grads, variables):
            self.update_step(gradient, variable)
        self._iterations.assign_add(np.int64(1))
        if self.use_ema:
            self._update_moving_averages()
        for variable in variables:
            if variable.constraint is not None:  # e.g. a layer's kernel_constraint
                variable.assign(variable.constraint(variable))

    def update_step(self, gradient, variable):
        """Updates `variable` (and its slots) from `gradient`. Implemented by each optimizer."""
        raise NotImplementedError(f"{type(self).__name__} must implement `update_step(gradient, variable)`.")

    def _clip_gradients(self, grads: list) -> list:
        if self.clipnorm:
            return [clip_ops.clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm:
            return clip_ops.clip_by_global_norm(grads, self.global_clipnorm)[0]
        if self.clipvalue:
            return [clip_ops.clip_by_value(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    # ---- weight decay -----------------------------------------------------------------------------
    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exempts variables from weight decay: those in `var_list`, and those whose name contains a
        match of one of the regular expressions `var_names`.

        Raises:
          ValueError: the optimizer is already built.
        """
        if self._built:
            raise ValueError(
                "`exclude_from_weight_decay()` can only be configured before the optimizer is built."
            )
        self._exclude_from_weight_decay.update(self._var_key(v) for v in var_list or [])
        self._exclude_from_weight_decay_names = list(var_names or [])

    def _use_weight_decay(self, variable) -> bool:
        if self._var_key(variable) in self._exclude_from_weight_decay:
            return False
        return not any(re.search(pattern, variable.name) for pattern in self._exclude_from_weight_decay_names)

    def _apply_weight_decay(self, variables, learning_rate):
        if not self.weight_decay:
            return
        for variable in variables:
            if self._use_weight_decay(variable):
                decay = _in_dtype(self.weight_decay, variable.dtype) * _in_dtype(
                    learning_rate, variable.dtype
                )
                variable.assign_sub(variable * decay)

    # ---- moving averages --------------------------------------------------------------------------
    def _update_moving_averages(self):
        momentum = self.ema_momentum
        for variable, average in zip(self._trainable_variables, self._model_variables_moving_average):
            average.assign(
                _in_dtype(momentum, variable.dtype) * average
                + _in_dtype(1 - momentum, variable.dtype) * variable
            )
        if self.ema_overwrite_frequency:
            due = comparison_ops.equal(
                math_ops.floormod(self._iterations, np.int64(self.ema_overwrite_frequency)), np.int64(0)
            )
            for variable, average in zip(self._trainable_variables, self._model_variables_moving_average):
                variable.assign(indexing_ops.where(due, average.read_value(), variable.read_value()))

    def finalize_variable_values(self, var_list):
        """With EMA on, sets each variable of `var_list` to its moving average (call after training);
        otherwise does nothing."""
        if not self.use_ema:
            return
        for variable in var_list:
            variable.assign(self._slot(self._model_variables_moving_average, variable).read_value())

    # ---- minimize ---------------------------------------------------------------------------------
    def compute_gradients(self, loss, var_list, tape=None):
        """[(gradient, variable)] of `loss` (a callable, or a tensor recorded by `tape`) with respect to
        `var_list` (a list, or a callable returning one).

        Raises:
          ValueError: `loss` is a tensor and no `tape` is given.
        """
        if not callable(loss) and tape is None:
            raise ValueError(
                f"`tape` is required when a `Tensor` loss is passed. Received: loss={loss}, tape={tape}."
            )
        if tape is None:
            tape = GradientTape()
        if callable(loss):
            with tape:
                if not callable(var_list):
                    tape.watch(var_list)
                loss = loss()
                if callable(var_list):
                    var_list = var_list()
        var_list = list(var_list)
        grads = tape.gradient(loss, var_list)
        return list(zip(grads, var_list))

    def minimize(self, loss, var_list, tape=None):
        """Computes the gradients of `loss` and applies them (one step). Returns None, as Keras 2.15."""
        self.apply_gradients(self.compute_gradients(loss, var_list, tape))

    # ---- config -----------------------------------------------------------------------------------
    def _serialize_hyperparameter(self, value):
        if isinstance(value, LearningRateSchedule):
            return schedules.serialize(value)
        if isinstance(value, Variable):
            return value.numpy()
        if isinstance(value, EagerTensor):
            return value.numpy()
        if callable(value):
            return value()
        return value

    def get_config(self) -> dict:
        """The constructor arguments, with Keras 2.15's keys (the learning rate as a value, or a
        serialized schedule)."""
        return {
            "name": self.name,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "jit_compile": self.jit_compile,
            "is_legacy_optimizer": False,
            "learning_rate": self._serialize_hyperparameter(self._learning_rate),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """An optimizer built from `get_config()`'s dict (a serialized schedule is rebuilt)."""
        config = dict(config)
        config.pop("is_legacy_optimizer", None)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(config["learning_rate"], custom_objects)
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r}>"


# ---- helpers ------------------------------------------------------------------------------------
def _hyper(value):
    """A hyper-parameter's value: a callable one (Keras accepts `beta_1=lambda: 0.9`) is called."""
    if callable(value) and not isinstance(value, (Tensor, Variable)):
        return value()
    return value


def _in_dtype(value, dtype):
    """`value` (Python number, Tensor or Variable) as a tensor of `dtype`."""
    if isinstance(value, (Tensor, Variable)):
        value = value.read_value() if isinstance(value, Variable) else value
        return value if value.dtype is dtype else cast_ops.cast(value, dtype)
    return convert_to_tensor(value, dtype=dtype)


def _via_float32(value, dtype):
    """`value` in `dtype` the way Keras's `tf.cast(python_float, dtype)` computes it: a Python number is
    first converted to float32, so float64 variables see float32-rounded hyper-parameters there."""
    if isinstance(value, (Tensor, Variable)):
        return _in_dtype(value, dtype)
    return _in_dtype(convert_to_tensor(value, dtype=float32), dtype)


def _check_learning_rate(learning_rate):
    """Rejects a negative learning rate known now (a number or an eager value). Keras 2.15 accepts it
    and silently trains uphill; lamina raises instead (an intended difference)."""
    if isinstance(learning_rate, (Tensor, Variable)) and not isinstance(learning_rate, EagerTensor):
        if isinstance(learning_rate, Variable):
            learning_rate = learning_rate.read_value()
        if not isinstance(learning_rate, EagerTensor):
            return  # a symbolic value: only known when the step runs
    if isinstance(learning_rate, str) or isinstance(learning_rate, bool):
        raise TypeError(
            f"`learning_rate` must be a float, a tensor or a schedule. Received: {learning_rate!r}"
        )
    value = np.asarray(learning_rate.numpy() if isinstance(learning_rate, EagerTensor) else learning_rate)
    if value.dtype.kind not in "iuf" or value.ndim:
        raise TypeError(f"`learning_rate` must be a scalar float. Received: learning_rate={learning_rate!r}")
    if value < 0:
        raise ValueError(f"`learning_rate` must be non-negative. Received: learning_rate={value.item()!r}")


def _clip_argument(name: str, value):
    """A clipping threshold: None, or a non-negative number (0 turns clipping off, as in Keras).
    Keras 2.15 accepts negative values and silently ignores them; lamina raises (intended)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a non-negative float or None. Received: {name}={value!r}")
    if value < 0:
        raise ValueError(f"`{name}` must be non-negative (0 disables clipping). Received: {name}={value!r}")
    return value


def _filter_empty_gradients(grads_and_vars: list) -> list:
    """The pairs whose gradient is not None; a warning names the variables without one.

    Raises:
      ValueError: no variable has a gradient.
    """
    pairs = [(g, v) for g, v in grads_and_vars if g is not None]
    if not pairs:
        names = [v.name for _, v in grads_and_vars]
        raise ValueError(
            f"No gradients provided for any variable: ({names},). Provided `grads_and_vars` is "
            f"{tuple(grads_and_vars)}."
        )
    if len(pairs) < len(grads_and_vars):
        missing = [v.name for g, v in grads_and_vars if g is None]
        logger.warning("Gradients do not exist for variables %s when minimizing the loss.", missing)
    return pairs


def _as_gradient(gradient, variable):
    """`gradient` as a tensor whose shape matches `variable`'s.

    Raises:
      ValueError: the shapes differ.
    """
    gradient = convert_to_tensor(gradient, dtype_hint=variable.dtype)
    if not gradient.shape.is_compatible_with(variable.shape):
        raise ValueError(
            f"Gradient shape {gradient.shape} does not match the shape {variable.shape} of variable "
            f"'{variable.name}'."
        )
    return gradient
