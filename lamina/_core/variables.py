"""`tf.Variable`: mutable state. All state in lamina (model weights, optimizer slots, metric
accumulators, RNG counters) is a Variable, so one mechanism functionalizes it for compilation.

Eagerly a Variable holds a jax.Array. Reads and writes go through the dispatch point
(`read_variable` / `assign_variable`), which lets a graph builder turn them into explicit state.
Every read returns a fresh Tensor so a GradientTape can attribute gradients to the variable.
"""

from __future__ import annotations

import enum
import itertools

from lamina._core import dtypes, registry
from lamina._core.context import STATE
from lamina._core.convert import convert_to_tensor, register_tensor_conversion_function
from lamina._core.dispatch import assign_variable, execute, read_after, read_variable
from lamina._core.errors import FailedPreconditionError, InvalidArgumentError
from lamina._core.graph import init_scope
from lamina._core.shape import TensorShape, as_shape
from lamina._core.tensor import EagerTensor, Reference, Tensor

_ids = itertools.count()


class VariableSynchronization(enum.Enum):
    AUTO = 0
    NONE = 1
    ON_WRITE = 2
    ON_READ = 3


class VariableAggregation(enum.Enum):
    NONE = 0
    SUM = 1
    MEAN = 2
    ONLY_FIRST_REPLICA = 3
    ONLY_FIRST_TOWER = 3


def _scoped_name(name: str | None) -> str:
    base = name if name else "Variable"
    scope = "/".join(s for s in STATE.name_scope if s)
    return f"{scope}/{base}" if scope else base


class Variable:
    """A mutable tensor-like value; see tf.Variable."""

    __array_priority__ = 100

    def __init__(
        self,
        initial_value=None,
        trainable=None,
        validate_shape=True,
        caching_device=None,
        name=None,
        variable_def=None,
        dtype=None,
        import_scope=None,
        constraint=None,
        synchronization=VariableSynchronization.AUTO,
        aggregation=VariableAggregation.NONE,
        shape=None,
        experimental_enable_variable_lifting=True,
    ):
        if initial_value is None:
            raise ValueError("The `initial_value` arg (`None`) must be specified.")
        if constraint is not None and not callable(constraint):
            raise ValueError(f"The `constraint` argument must be a callable. Received: {constraint!r}")
        builder = STATE.builder
        graph_variable = builder is not None and not getattr(builder, "is_function", False)
        if graph_variable:
            # A tf.compat.v1 graph variable: uninitialized until its initializer runs in a Session.
            if callable(initial_value):
                initial_value = initial_value()
            value = convert_to_tensor(initial_value, dtype=dtype)
        else:
            if builder is not None:
                # While a tf.function traces, the variable is created eagerly, lifted out of the
                # graph; its reads and writes in the graph go through the dispatch point.
                builder.check_variable_creation()
                initial_value = _lifted_initial_value(initial_value)
            with init_scope():
                if callable(initial_value):
                    initial_value = initial_value()
                value = convert_to_tensor(initial_value, dtype=dtype)
        if dtype is not None and value.dtype is not dtypes.as_dtype(dtype):
            raise ValueError(
                f"initial_value has dtype {value.dtype.name}, expected {dtypes.as_dtype(dtype).name}"
            )
        self._dtype = value.dtype
        if shape is not None:
            self._shape = as_shape(shape)
            if not self._shape.is_compatible_with(value.shape):
                raise ValueError(
                    f"The initial value's shape ({value.shape}) is not compatible with the explicitly "
                    "supplied "
                    f"`shape` argument ({self._shape})."
                )
        else:
            self._shape = value.shape if validate_shape else TensorShape(None)
        synchronization = VariableSynchronization(synchronization)
        if trainable is None:
            trainable = synchronization is not VariableSynchronization.ON_READ
        self._trainable = bool(trainable)
        base_name = name[:-2] if name and name.endswith(":0") else name
        self._name = (
            builder.unique_name(base_name or "Variable") if graph_variable else _scoped_name(base_name)
        )
        self._constraint = constraint
        self._synchronization = synchronization
        self._aggregation = VariableAggregation(aggregation)
        self._unique_id = next(_ids)
        self._initial_value = value
        self.initializer = None
        if graph_variable:
            self._array = None
            self.initializer = builder.assign_variable(self, value)
            builder.add_to_collection("variables", self)
            if self._trainable:
                builder.add_to_collection("trainable_variables", self)
        else:
            self._array = value._value

    # ---- eager state access, called by the dispatch point --------------------------------------
    def _eager_read(self) -> EagerTensor:
        if self._array is None:
            raise FailedPreconditionError(
                None,
                None,
                f"Could not find variable {self._name}: attempting to use an uninitialized value "
                "(run its initializer, e.g. tf.compat.v1.global_variables_initializer(), in the Session "
                "first).",
            )
        return EagerTensor(self._array, self._dtype)

    def _eager_assign(self, value: EagerTensor):
        self._array = value._value
        return self

    # ---- properties -----------------------------------------------------------------------------
    @property
    def dtype(self):
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return (
            self._shape
            if self._shape.rank is not None or not hasattr(self, "_array")
            else (TensorShape(self._array.shape))
        )

    def get_shape(self):
        return self.shape

    @property
    def name(self) -> str:
        return f"{self._name}:0"

    @property
    def trainable(self) -> bool:
        return self._trainable

    @property
    def constraint(self):
        return self._constraint

    @property
    def synchronization(self):
        return self._synchronization

    @property
    def aggregation(self):
        return self._aggregation

    @property
    def initial_value(self):
        return self._initial_value

    @property
    def device(self) -> str:
        return "" if self._array is None else EagerTensor(self._array, self._dtype).device

    @property
    def ndim(self):
        return self.shape.rank

    @property
    def handle(self):
        return self

    # ---- reads ----------------------------------------------------------------------------------
    def value(self) -> Tensor:
        return read_variable(self)

    def read_value(self) -> Tensor:
        return read_variable(self)

    def numpy(self):
        return self._eager_read().numpy()

    def __array__(self, dtype=None, copy=None):
        return EagerTensor(self._array, self._dtype).__array__(dtype)

    # ---- writes ---------------------------------------------------------------------------------
    def _checked(self, value, op_name: str) -> Tensor:
        # A Python value must fit the variable's dtype (TypeError otherwise); a tensor must match it.
        tensor = value if isinstance(value, Tensor) else convert_to_tensor(value, dtype=self._dtype)
        if tensor.dtype is not self._dtype:
            raise ValueError(
                f"Cannot {op_name} a {tensor.dtype.name} value to variable '{self.name}' of dtype "
                f"{self._dtype.name}; received: {value!r}"
            )
        if not self._shape.is_compatible_with(tensor.shape):
            message = (
                f"Cannot {op_name} value to variable ' {self.name}': Shape mismatch. The variable shape "
                f"{self._shape}, and the assigned value shape {tensor.shape} are incompatible."
            )
            # TensorFlow's assign checks in Python (ValueError); assign_add/sub fail in the kernel.
            if op_name == "assign":
                raise ValueError(message)
            raise InvalidArgumentError(None, op_name, message)
        return tensor

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Writes `value` into the variable. Returns the variable (None if not read_value); in a graph,
        a read of the new value (or the assignment op) that runs after the assignment."""
        done = assign_variable(self, self._checked(value, "assign"))
        return self._after(done, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        delta = self._checked(delta, "assign_add")
        done = assign_variable(self, execute(registry.get("AddV2"), [read_variable(self), delta]))
        return self._after(done, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        delta = self._checked(delta, "assign_sub")
        done = assign_variable(self, execute(registry.get("Sub"), [read_variable(self), delta]))
        return self._after(done, read_value)

    def _after(self, done, read_value):
        if done is self:  # eager: the write already happened
            return self if read_value else None
        return read_after(self, done) if read_value else done

    def _scatter(self, op_name: str, indices, updates):
        indices = convert_to_tensor(indices, dtype_hint=dtypes.int32)
        updates = convert_to_tensor(updates, dtype=self._dtype)
        new = execute(registry.get(op_name), [read_variable(self), indices, updates])
        return self._after(assign_variable(self, new), True)

    def scatter_nd_update(self, indices, updates, name=None):
        return self._scatter("TensorScatterUpdate", indices, updates)

    def scatter_nd_add(self, indices, updates, name=None):
        return self._scatter("TensorScatterAdd", indices, updates)

    def scatter_nd_sub(self, indices, updates, name=None):
        return self._scatter("TensorScatterSub", indices, updates)

    # ---- protocol -------------------------------------------------------------------------------
    def ref(self):
        return Reference(self)

    experimental_ref = ref

    def __hash__(self):
        raise TypeError("Variable is unhashable. Instead, use variable.ref() as the key.")

    def __bool__(self):
        return bool(self.read_value())

    def __int__(self):
        return int(self.read_value())

    def __float__(self):
        return float(self.read_value())

    def __index__(self):
        return self.read_value().__index__()

    def __len__(self):
        return len(self.read_value())

    def __iter__(self):
        return iter(self.read_value())

    def __repr__(self):
        if self._array is None:  # a graph variable: its value lives in a Session
            return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self._dtype.name}>"
        numpy = repr(EagerTensor(self._array, self._dtype).numpy())
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self._dtype.name}, numpy={numpy}>"

    def __deepcopy__(self, memo):
        copy = Variable(
            EagerTensor(self._array, self._dtype),
            trainable=self._trainable,
            name=self._name,
            constraint=self._constraint,
            synchronization=self._synchronization,
            aggregation=self._aggregation,
            shape=self._shape,
        )
        memo[id(self)] = copy
        return copy


def _lifted_initial_value(initial_value):
    """An initial value computed in a graph can seed a variable only if it is known statically."""
    if (
        callable(initial_value)
        or not isinstance(initial_value, Tensor)
        or isinstance(initial_value, EagerTensor)
    ):
        return initial_value
    static = getattr(initial_value, "_static_value", None)
    if static is None:
        raise ValueError(
            f"tf.Variable's initial value {initial_value!r} depends on values computed inside the graph "
            "being built. Pass a callable (e.g. `lambda: tf.random.normal(shape)`) or create the variable "
            "outside."
        )
    return static


def _convert_variable(variable, dtype=None, name=None, as_ref=False):
    if dtype is not None and dtype is not variable.dtype:
        raise ValueError(
            f"Incompatible type conversion requested to type '{dtype.name}' for variable of type "
            f"'{variable.dtype.name}' (Variable: {variable!r})"
        )
    return read_variable(variable)


register_tensor_conversion_function(Variable, _convert_variable)
