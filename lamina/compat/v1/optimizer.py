"""`tf.compat.v1.train` optimizers: `Optimizer` and its TensorFlow 1.x subclasses.

`minimize` = `compute_gradients` + `apply_gradients`. In a v1 graph these build the update ops and
return the train op that a Session runs; eagerly (with a callable loss) they update the variables at
once and return None. The update formulas are the shared kernels of lamina/ops/training_ops.py, so
each rule exists once for Keras and v1 optimizers alike.

Slot variables (an Adam `m`, a Momentum accumulator) are v1 variables named `<var>/<optimizer name>`,
`<var>/<optimizer name>_1`, ... like TensorFlow's, created on the first `apply_gradients` for each
variable; in a graph they are global variables initialized by `global_variables_initializer`.
"""

from __future__ import annotations

import contextlib
import numbers

from lamina._core import dtypes
from lamina._core.backprop import GradientTape, gradients
from lamina._core.context import STATE, executing_eagerly, name_scope
from lamina._core.convert import convert_to_tensor
from lamina._core.graph import Graph
from lamina._core.variables import Variable
from lamina.compat.v1.graph_ops import trainable_variables
from lamina.ops import cast_ops, creation_ops, math_ops, training_ops

GATE_NONE, GATE_OP, GATE_GRAPH = 0, 1, 2
_FLOAT_DTYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32, dtypes.float64)


class Optimizer:
    """Base class of the v1 optimizers.

    Subclasses follow TensorFlow's protocol: `_create_slots(var_list)` makes slot variables (with
    `_zeros_slot`, `_get_or_make_slot`, `_create_non_slot_variable`), `_prepare()` turns the
    hyper-parameters into tensors, `_resource_apply_dense(grad, handle)` updates one variable and
    returns its update op, and `_finish(update_ops, name_scope)` runs after every variable's update
    (Adam advances its beta powers there) and returns the op grouping them.

    Args:
      use_locking: accepted for compatibility (updates of one step never race in lamina).
      name: the optimizer's name: the name scope of its ops and the suffix of its slot variables.

    Raises:
      ValueError: `name` is empty.
    """

    GATE_NONE, GATE_OP, GATE_GRAPH = GATE_NONE, GATE_OP, GATE_GRAPH

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots: dict[str, dict] = {}  # slot name -> {var.ref(): slot variable}
        self._non_slots: dict = {}  # (name, graph or None) -> variable

    def get_name(self) -> str:
        return self._name

    # ---- the three steps --------------------------------------------------------------------------
    def minimize(
        self,
        loss,
        global_step=None,
        var_list=None,
        gate_gradients=GATE_OP,
        aggregation_method=None,
        colocate_gradients_with_ops=False,
        name=None,
        grad_loss=None,
    ):
        """Computes the gradients of `loss` and applies them (and increments `global_step`).

        Args:
          loss: a scalar Tensor (graph), or a callable returning it (required eagerly).
          global_step: an integer Variable incremented once per call of the returned op, or None.
          var_list: the variables to train; default: every trainable variable (eagerly: those the
            loss reads).
          gate_gradients, aggregation_method, colocate_gradients_with_ops: TensorFlow's scheduling
            options; accepted, they change no value.
          name: the name of the returned op.
          grad_loss: the gradient to start back-propagation from (default: ones).

        Returns:
          The train op in a graph; None eagerly (the variables are updated already).

        Raises:
          ValueError: no variables to optimize, or no variable receives a gradient.
        """
        grads_and_vars = self.compute_gradients(
            loss,
            var_list=var_list,
            gate_gradients=gate_gradients,
            aggregation_method=aggregation_method,
            colocate_gradients_with_ops=colocate_gradients_with_ops,
            grad_loss=grad_loss,
        )
        if all(grad is None for grad, _ in grads_and_vars):
            raise ValueError(
                "No gradients provided for any variable, check your graph for ops that do not support "
                f"gradients, between variables {[str(v) for _, v in grads_and_vars]} and loss {loss}."
            )
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(
        self,
        loss,
        var_list=None,
        gate_gradients=GATE_OP,
        aggregation_method=None,
        colocate_gradients_with_ops=False,
        grad_loss=None,
    ):
        """The gradient of `loss` with respect to each variable.

        Returns:
          A list of `(gradient, variable)` pairs; the gradient is None for a variable the loss does
          not depend on.

        Raises:
          ValueError: a bad `gate_gradients`, a non-floating loss, or no variables to optimize.
          RuntimeError: eager execution with a loss that is not callable.
        """
        if gate_gradients not in (GATE_NONE, GATE_OP, GATE_GRAPH):
            raise ValueError(
                "gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                f"Optimizer.GATE_GRAPH.  Not {gate_gradients}"
            )
        if callable(loss):
            return _tape_gradients(loss, var_list, grad_loss)
        if executing_eagerly():
            raise RuntimeError(
                "`loss` passed to Optimizer.compute_gradients should be a function when eager execution "
                "is enabled."
            )
        _check_float(loss)
        var_list = _variables_to_train(var_list)
        grads = gradients(loss, var_list, grad_ys=grad_loss)
        return list(zip(grads, var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """Updates each variable from its gradient (pairs whose gradient is None are skipped).

        Args:
          grads_and_vars: `(gradient, variable)` pairs, as `compute_gradients` returns.
          global_step: an integer Variable incremented after the updates, or None.
          name: the name of the returned op (default: the optimizer's name).

        Returns:
          The train op in a graph; None eagerly.

        Raises:
          ValueError: no pairs, no gradient at all, or a gradient whose shape differs from its
            variable's.
          TypeError: a pair whose second element is not a Variable.
        """
        pairs = _checked_pairs(grads_and_vars)
        var_list = [var for grad, var in pairs if grad is not None]
        if not var_list:
            raise ValueError(f"No gradients provided for any variable: {[str(v) for _, v in pairs]}.")
        self._create_slots(var_list)
        with name_scope(name or self._name) as scope:
            self._prepare()
            update_ops = []
            for grad, var in pairs:
                if grad is not None:
                    with name_scope("update_" + _op_name(var)):
                        update_ops.append(self._apply_constrained(grad, var))
            if global_step is None:
                return self._finish(update_ops, scope[:-1] if name is None else name)
            # TensorFlow's train op is then the increment itself, run after every update.
            with _after([self._finish(update_ops, "update")]):
                return global_step.assign_add(1, read_value=False)

    # ---- slots ------------------------------------------------------------------------------------
    def get_slot_names(self) -> list:
        """The names of the slots this optimizer creates, sorted."""
        return sorted(self._slots)

    def get_slot(self, var, name):
        """The slot variable `name` of `var`, or None."""
        return self._slots.get(name, {}).get(var.ref())

    def variables(self) -> list:
        """Every variable this optimizer created (slots and shared accumulators), sorted by name."""
        created = [v for slots in self._slots.values() for v in slots.values()]
        created += list(self._non_slots.values())
        return sorted(created, key=lambda v: v.name)

    def _get_or_make_slot_with_initializer(self, var, initializer, shape, dtype, slot_name, op_name):
        """The slot `slot_name` of `var`, created (once) as `initializer(shape, dtype)` and named
        `<var>/<op_name>` (numbered when `var` already has slots)."""
        slots = self._slots.setdefault(slot_name, {})
        if var.ref() not in slots:
            slots[var.ref()] = self._new_slot_variable(var, lambda: initializer(shape, dtype), dtype, op_name)
        return slots[var.ref()]

    def _get_or_make_slot(self, var, val, slot_name, op_name):
        """The slot `slot_name` of `var`, created (once) with the initial value `val`."""
        slots = self._slots.setdefault(slot_name, {})
        if var.ref() not in slots:
            value = convert_to_tensor(val)
            slots[var.ref()] = self._new_slot_variable(var, value, value.dtype, op_name)
        return slots[var.ref()]

    def _zeros_slot(self, var, slot_name, op_name):
        """The slot `slot_name` of `var`, created (once) filled with zeros."""
        return self._filled_slot(var, slot_name, 0, op_name)

    def _filled_slot(self, var, slot_name, fill_value, op_name):
        def fill(shape, dtype):
            return creation_ops.fill(shape, convert_to_tensor(fill_value, dtype))

        return self._get_or_make_slot_with_initializer(
            var, fill, var.shape.as_list(), var.dtype, slot_name, op_name
        )

    def _new_slot_variable(self, var, initial_value, dtype, op_name):
        name = op_name
        if not _builds_graph_variables():
            # A graph numbers repeated names itself; eagerly, number the slots of `var` the same way.
            count = sum(var.ref() in slots for slots in self._slots.values())
            name = f"{op_name}_{count}" if count else op_name
        with name_scope(_op_name(var) + "/"):
            return Variable(initial_value, trainable=False, name=name, dtype=dtype)

    def _create_non_slot_variable(self, initial_value, name, colocate_with=None):
        """The variable `name` this optimizer shares across its variables in the current graph,
        created (once) with `initial_value`."""
        key = (name, STATE.builder if _builds_graph_variables() else None)
        if key not in self._non_slots:
            with name_scope(""):
                self._non_slots[key] = Variable(initial_value, trainable=False, name=name)
        return self._non_slots[key]

    def _get_non_slot_variable(self, name, graph=None):
        """The shared variable `name` made in `graph` (None: made eagerly), or None. As in
        TensorFlow, graph code must pass its graph."""
        return self._non_slots.get((name, graph))

    def _call_if_callable(self, param):
        return param() if callable(param) else param

    # ---- the parts a subclass defines (TensorFlow's protocol) ------------------------------------
    def _create_slots(self, var_list):
        """Creates the slot variables of `var_list` (none by default)."""

    def _prepare(self):
        """Converts the hyper-parameters to tensors for one apply (callables are called now)."""

    def _resource_apply_dense(self, grad, handle):
        """Updates the variable `handle` from `grad`; returns the update op (None eagerly)."""
        return self._apply_dense(grad, handle)

    def _apply_dense(self, grad, var):
        raise TypeError(
            f"{type(self).__name__} must define _resource_apply_dense(grad, handle) (or _apply_dense) "
            "to update a variable."
        )

    def _finish(self, update_ops, name_scope):
        """Runs after every variable's update; returns the op that groups `update_ops`."""
        return _group(update_ops, name_scope)

    def _apply_constrained(self, grad, var):
        update = self._resource_apply_dense(grad, var)
        if var.constraint is None:
            return update
        with _after([update]):
            return var.assign(var.constraint(var.read_value()), read_value=False)


# ---- helpers --------------------------------------------------------------------------------------
def _builds_graph_variables() -> bool:
    """True when a Variable created now is a v1 graph variable (not an eager or lifted one)."""
    builder = STATE.builder
    return builder is not None and not getattr(builder, "is_function", False)


def _op_name(var) -> str:
    return var.name[:-2] if var.name.endswith(":0") else var.name


@contextlib.contextmanager
def _after(ops):
    """Ops built in the block run after `ops` (in a graph; eager ops already run in order)."""
    builder = STATE.builder
    graph_ops = [op for op in ops if op is not None]
    if isinstance(builder, Graph) and graph_ops:
        with builder.control_dependencies(graph_ops):
            yield
    else:
        yield


def _group(ops, name):
    """One op that runs after `ops` (graph); None eagerly, where they ran already."""
    builder = STATE.builder
    if not isinstance(builder, Graph):
        return None
    return builder.no_op([op for op in ops if op is not None], name=name)


def _assign(var, value):
    """Assigns `value` to `var`; the assignment op in a graph, None eagerly."""
    return var.assign(value, read_value=False)


def _call_if_callable(value):
    return value() if callable(value) else value


def _hyper(value, name: str):
    return convert_to_tensor(_call_if_callable(value), name=name)


def _check_learning_rate(learning_rate):
    """A negative constant learning rate is an error (TensorFlow accepts it silently and climbs)."""
    if isinstance(learning_rate, numbers.Real) and learning_rate < 0:
        raise ValueError(f"learning_rate must be >= 0. Received: learning_rate={learning_rate}")
    return learning_rate


def _check_float(loss):
    dtype = getattr(loss, "dtype", None)
    if dtype not in _FLOAT_DTYPES:
        expected = ", ".join(
            f"tf.{d.name}" for d in (dtypes.float32, dtypes.float64, dtypes.float16, dtypes.bfloat16)
        )
        raise ValueError(f"Invalid type {dtype!r} for {getattr(loss, 'name', loss)}, expected: [{expected}].")


def _variables_to_train(var_list) -> list:
    var_list = trainable_variables() if var_list is None else list(var_list)
    if not var_list:
        raise ValueError("No variables to optimize.")
    return var_list


def _tape_gradients(loss, var_list, grad_loss) -> list:
    """(gradient, variable) pairs of a callable loss, through a GradientTape."""
    with GradientTape() as tape:
        if var_list is not None:
            tape.watch(list(var_list))
        value = loss()
    var_list = list(tape.watched_variables()) if var_list is None else list(var_list)
    if not var_list:
        raise ValueError("No variables to optimize.")
    _check_float(value)
    grads = tape.gradient(value, var_list, output_gradients=grad_loss)
    return list(zip(grads, var_list))


def _checked_pairs(grads_and_vars) -> list:
    pairs = []
    for pair in grads_and_vars:
        grad, var = pair
        if not isinstance(var, Variable):
            raise TypeError(
                f"apply_gradients can only update tf.Variables; received {var!r} for gradient {grad!r}."
            )
        if grad is not None:
            grad = convert_to_tensor(grad, dtype_hint=var.dtype)
            if not grad.shape.is_compatible_with(var.shape):
                raise ValueError(
                    f"The gradient of {var.name} has shape {grad.shape}, which does not match the "
                    f"variable's shape {var.shape}."
                )
        pairs.append((grad, var))
    if not pairs:
        raise ValueError("No variables provided.")
    return pairs


# ---- the optimizers -------------------------------------------------------------------------------
class _BuiltIn(Optimizer):
    """A lamina optimizer: its kernel returns the new values of a variable and of its slots (in the
    order of `_SLOTS`) from the hyper-parameters that `_prepare` converted once per apply."""

    _SLOTS: tuple = ()

    def _prepare(self):
        self._hyper = self._hyper_parameters()

    def _hyper_parameters(self) -> dict:
        return {}

    def _kernel(self, var, slots, grad, hyper) -> tuple:
        raise TypeError(f"{type(self).__name__} does not define its update kernel.")

    def _resource_apply_dense(self, grad, handle):
        slots = [self.get_slot(handle, slot_name) for slot_name in self._SLOTS]
        new_values = self._kernel(handle, slots, grad, self._hyper)
        assignments = [_assign(target, value) for target, value in zip([handle, *slots], new_values)]
        return _group(assignments, "group_deps")


class GradientDescentOptimizer(_BuiltIn):
    """`var -= learning_rate * grad`.

    Args:
      learning_rate: a float, a scalar Tensor, or a callable returning one (e.g. a decay).
      use_locking: accepted for compatibility.
      name: the optimizer's name.
    """

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = _check_learning_rate(learning_rate)

    def _hyper_parameters(self):
        return {"lr": _hyper(self._learning_rate, "learning_rate")}

    def _kernel(self, var, slots, grad, hyper):
        return (training_ops.apply_gradient_descent(var, hyper["lr"], grad),)


class ProximalGradientDescentOptimizer(_BuiltIn):
    """Gradient descent followed by the proximal step of l1 and l2 regularization (FOBOS).

    Args:
      learning_rate: a float, a scalar Tensor, or a callable returning one.
      l1_regularization_strength, l2_regularization_strength: non-negative penalties.
      use_locking: accepted for compatibility.
      name: the optimizer's name.
    """

    def __init__(
        self,
        learning_rate,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        use_locking=False,
        name="ProximalGradientDescent",
    ):
        super().__init__(use_locking, name)
        self._learning_rate = _check_learning_rate(learning_rate)
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _hyper_parameters(self):
        return {
            "lr": _hyper(self._learning_rate, "learning_rate"),
            "l1": _hyper(self._l1, "l1_regularization_strength"),
            "l2": _hyper(self._l2, "l2_regularization_strength"),
        }

    def _kernel(self, var, slots, grad, hyper):
        return (
            training_ops.apply_proximal_gradient_descent(var, hyper["lr"], hyper["l1"], hyper["l2"], grad),
        )


class MomentumOptimizer(_BuiltIn):
    """`accum = momentum * accum + grad; var -= learning_rate * accum` (with `use_nesterov`,
    `var -= learning_rate * (grad + momentum * accum)`).

    Args:
      learning_rate: a float, a scalar Tensor, or a callable returning one.
      momentum: the accumulator's decay (a float, tensor or callable).
      use_locking: accepted for compatibility.
      name: the optimizer's name.
      use_nesterov: use Nesterov momentum.
    """

    _SLOTS = ("momentum",)

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(use_locking, name)
        self._learning_rate = _check_learning_rate(learning_rate)
        self._momentum, self._use_nesterov = momentum, use_nesterov

    def _create_slots(self, var_list):
        for var in var_list:
            self._filled_slot(var, "momentum", 0, self._name)

    def _hyper_parameters(self):
        return {
            "lr": _hyper(self._learning_rate, "learning_rate"),
            "momentum": _hyper(self._momentum, "momentum"),
        }

    def _kernel(self, var, slots, grad, hyper):
        return training_ops.apply_momentum(
            var, slots[0], hyper["lr"], grad, hyper["momentum"], use_nesterov=self._use_nesterov
        )


class AdamOptimizer(_BuiltIn):
    """Adam (Kingma & Ba): bias-corrected moving averages of the gradient and its square.

    The bias corrections use `beta1_power`/`beta2_power`, two variables this optimizer shares across
    all the variables it trains in a graph; they advance after every update.

    Args:
      learning_rate, beta1, beta2, epsilon: floats, scalar Tensors or callables returning them.
      use_locking: accepted for compatibility.
      name: the optimizer's name.
    """

    _SLOTS = ("m", "v")

    def __init__(
        self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking=False, name="Adam"
    ):
        super().__init__(use_locking, name)
        self._learning_rate = _check_learning_rate(learning_rate)
        self._beta1, self._beta2, self._epsilon = beta1, beta2, epsilon

    def _create_slots(self, var_list):
        self._create_non_slot_variable(_call_if_callable(self._beta1), "beta1_power", var_list[0])
        self._create_non_slot_variable(_call_if_callable(self._beta2), "beta2_power", var_list[0])
        for var in var_list:
            self._filled_slot(var, "m", 0, self._name)
            self._filled_slot(var, "v", 0, self._name)

    def _beta_powers(self):
        graph = STATE.builder if _builds_graph_variables() else None
        return self._get_non_slot_variable("beta1_power", graph), self._get_non_slot_variable(
            "beta2_power", graph
        )

    def _hyper_parameters(self):
        return {
            "lr": _hyper(self._learning_rate, "learning_rate"),
            "beta1": _hyper(self._beta1, "beta1"),
            "beta2": _hyper(self._beta2, "beta2"),
            "epsilon": _hyper(self._epsilon, "epsilon"),
        }

    def _kernel(self, var, slots, grad, hyper):
        beta1_power, beta2_power = self._beta_powers()
        return training_ops.apply_adam(
            var,
            *slots,
            beta1_power,
            beta2_power,
            hyper["lr"],
            hyper["beta1"],
            hyper["beta2"],
            hyper["epsilon"],
            grad,
        )

    def _finish(self, update_ops, name_scope):
        """Advances the beta powers once every variable has been updated with the current ones."""
        hyper = self._hyper
        with _after(update_ops):
            advanced = [
                _assign(power, math_ops.multiply(power.read_value(), _cast_like(hyper[beta], power)))
                for power, beta in zip(self._beta_powers(), ("beta1", "beta2"))
            ]
        return _group([*update_ops, *advanced], name_scope)


def _cast_like(value, variable):
    return cast_ops.cast(value, variable.dtype)


class AdagradOptimizer(_BuiltIn):
    """Adagrad: `accum += grad^2; var -= learning_rate * grad / sqrt(accum)`.

    Args:
      learning_rate: a float, a scalar Tensor, or a callable returning one.
      initial_accumulator_value: the accumulators' starting value; must be positive.
      use_locking: accepted for compatibility.
      name: the optimizer's name.

    Raises:
      ValueError: `initial_accumulator_value` is not positive.
    """

    _SLOTS = ("accumulator",)

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = _check_learning_rate(learning_rate)
        self._initial_accumulator_value = initial_accumulator_value

    def _create_slots(self, var_list):
        for var in var_list:
            self._filled_slot(var, "accumulator", self._initial_accumulator_value, self._name)

    def _hyper_parameters(self):
        return {"lr": _hyper(self._learning_rate, "learning_rate")}

    def _kernel(self, var, slots, grad, hyper):
        return training_ops.apply_adagrad(var, slots[0], hyper["lr"], 0.0, grad)


class ProximalAdagradOptimizer(_BuiltIn):
    """Adagrad followed by the proximal step of l1 and l2 regularization (FOBOS).

    Args:
      learning_rate: a float, a scalar Tensor, or a callable returning one.
      initial_accumulator_value: the accumulators' starting value; must be positive.
      l1_regularization_strength, l2_regularization_strength: non-negative penalties.
      use_locking: accepted for compatibility.
      name: the optimizer's name.

    Raises:
      ValueError: `initial_accumulator_value` is not positive.
    """

    _SLOTS = ("accumulator",)

    def __init__(
        self,
        learning_rate,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        use_locking=False,
        name="ProximalAdagrad",
    ):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate = _check_learning_rate(learning_rate)
        self._initial_accumulator_value = initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength

    def _create_slots(self, var_list):
        for var in var_list:
            self._filled_slot(var, "accumulator", self._initial_accumulator_value, self._name)

    def _hyper_parameters(self):
        return {
            "lr": _hyper(self._learning_rate, "learning_rate"),
            "l1": _hyper(self._l1, "l1_regularization_strength"),
            "l2": _hyper(self._l2, "l2_regularization_strength"),
        }

    def _kernel(self, var, slots, grad, hyper):
        return training_ops.apply_proximal_adagrad(var, slots[0], hyper["lr"], hyper["l1"], hyper["l2"], grad)


class RMSPropOptimizer(_BuiltIn):
    """RMSProp: divide the gradient by a moving root mean square of recent gradients.

    `ms = decay * ms + (1 - decay) * grad^2; mom = momentum * mom + learning_rate * grad /
    sqrt(ms + epsilon); var -= mom`. With `centered`, the mean square is centred by a moving mean
    of the gradient. The mean-square slot ("rms") starts at ones, as in TensorFlow.

    Args:
      learning_rate: a float, a scalar Tensor, or a callable returning one.
      decay: the moving averages' discount factor.
      momentum: the momentum's decay.
      epsilon: a small constant for numerical stability.
      use_locking: accepted for compatibility.
      centered: normalize by the gradient's estimated variance instead of its second moment.
      name: the optimizer's name.
    """

    def __init__(
        self,
        learning_rate,
        decay=0.9,
        momentum=0.0,
        epsilon=1e-10,
        use_locking=False,
        centered=False,
        name="RMSProp",
    ):
        super().__init__(use_locking, name)
        self._learning_rate = _check_learning_rate(learning_rate)
        self._decay, self._momentum, self._epsilon, self._centered = decay, momentum, epsilon, centered
        self._SLOTS = ("mg", "rms", "momentum") if centered else ("rms", "momentum")

    def _create_slots(self, var_list):
        for var in var_list:
            self._filled_slot(var, "rms", 1, self._name)
            if self._centered:
                self._filled_slot(var, "mg", 0, self._name)
            self._filled_slot(var, "momentum", 0, self._name)

    def _hyper_parameters(self):
        return {
            "lr": _hyper(self._learning_rate, "learning_rate"),
            "decay": _hyper(self._decay, "decay"),
            "momentum": _hyper(self._momentum, "momentum"),
            "epsilon": _hyper(self._epsilon, "epsilon"),
        }

    def _kernel(self, var, slots, grad, hyper):
        scalars = (hyper["lr"], hyper["decay"], hyper["momentum"], hyper["epsilon"], grad)
        if self._centered:
            return training_ops.apply_centered_rms_prop(var, *slots, *scalars)
        return training_ops.apply_rms_prop(var, *slots, *scalars)


class AdadeltaOptimizer(_BuiltIn):
    """Adadelta (Zeiler): steps scaled by the ratio of moving RMS of updates and of gradients.

    Args:
      learning_rate: a float, a scalar Tensor, or a callable returning one.
      rho: the moving averages' decay rate.
      epsilon: a small constant for numerical stability.
      use_locking: accepted for compatibility.
      name: the optimizer's name.
    """

    _SLOTS = ("accum", "accum_update")

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-08, use_locking=False, name="Adadelta"):
        super().__init__(use_locking, name)
        self._learning_rate = _check_learning_rate(learning_rate)
        self._rho, self._epsilon = rho, epsilon

    def _create_slots(self, var_list):
        for var in var_list:
            self._filled_slot(var, "accum", 0, self._name)
            self._filled_slot(var, "accum_update", 0, self._name)

    def _hyper_parameters(self):
        return {
            "lr": _hyper(self._learning_rate, "learning_rate"),
            "rho": _hyper(self._rho, "rho"),
            "epsilon": _hyper(self._epsilon, "epsilon"),
        }

    def _kernel(self, var, slots, grad, hyper):
        return training_ops.apply_adadelta(var, *slots, hyper["lr"], hyper["rho"], hyper["epsilon"], grad)


class FtrlOptimizer(_BuiltIn):
    """FTRL-Proximal (McMahan et al.), with optional l1, l2 and l2-shrinkage regularization.

    Args:
      learning_rate: a float, a scalar Tensor, or a callable returning one.
      learning_rate_power: how the per-coordinate rate shrinks with the accumulator; <= 0.
      initial_accumulator_value: the accumulators' starting value; >= 0.
      l1_regularization_strength, l2_regularization_strength: non-negative penalties.
      use_locking: accepted for compatibility.
      name: the optimizer's name.
      accum_name, linear_name: the suffixes of the two slot variables (default: `name`).
      l2_shrinkage_regularization_strength: a non-negative magnitude penalty applied to the
        gradient.
      beta: adds `beta / (2 * learning_rate)` to the l2 strength (default: 0).

    Raises:
      ValueError: a parameter outside its range.
    """

    _SLOTS = ("accum", "linear")

    def __init__(
        self,
        learning_rate,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        use_locking=False,
        name="Ftrl",
        accum_name=None,
        linear_name=None,
        l2_shrinkage_regularization_strength=0.0,
        beta=None,
    ):
        super().__init__(use_locking, name)
        _check_ftrl(
            learning_rate_power,
            initial_accumulator_value,
            l1_regularization_strength,
            l2_regularization_strength,
            l2_shrinkage_regularization_strength,
        )
        self._learning_rate = _check_learning_rate(learning_rate)
        self._learning_rate_power = learning_rate_power
        self._initial_accumulator_value = initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength
        self._l2_shrinkage = l2_shrinkage_regularization_strength
        self._beta = 0.0 if beta is None else beta
        self._accum_name, self._linear_name = accum_name, linear_name

    def _create_slots(self, var_list):
        for var in var_list:
            self._filled_slot(var, "accum", self._initial_accumulator_value, self._accum_name or self._name)
            self._filled_slot(var, "linear", 0, self._linear_name or self._name)

    def _hyper_parameters(self):
        lr = _hyper(self._learning_rate, "learning_rate")
        l2 = _hyper(self._l2, "l2_regularization_strength")
        if self._beta:
            l2 = math_ops.add(l2, math_ops.truediv(_hyper(self._beta, "beta"), math_ops.multiply(2.0, lr)))
        return {
            "lr": lr,
            "l1": _hyper(self._l1, "l1_regularization_strength"),
            "l2": l2,
            "l2_shrinkage": _hyper(self._l2_shrinkage, "l2_shrinkage_regularization_strength"),
            "lr_power": _hyper(self._learning_rate_power, "learning_rate_power"),
        }

    def _kernel(self, var, slots, grad, hyper):
        return training_ops.apply_ftrl(
            var, *slots, grad, hyper["lr"], hyper["l1"], hyper["l2"], hyper["l2_shrinkage"], hyper["lr_power"]
        )


def _check_ftrl(lr_power, initial_accumulator_value, l1, l2, l2_shrinkage):
    """FTRL's parameter ranges, checked with TensorFlow's messages."""
    if initial_accumulator_value < 0.0:
        raise ValueError(
            f"initial_accumulator_value {initial_accumulator_value:f} needs to be positive or zero"
        )
    if lr_power > 0.0:
        raise ValueError(f"learning_rate_power {lr_power:f} needs to be negative or zero")
    for name, value in (
        ("l1_regularization_strength", l1),
        ("l2_regularization_strength", l2),
        ("l2_shrinkage_regularization_strength", l2_shrinkage),
    ):
        if value < 0.0:
            raise ValueError(f"{name} {value:f} needs to be positive or zero")
