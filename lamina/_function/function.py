"""`tf.function`: traces a Python function into a graph once per input signature, and runs the
graph as one compiled XLA call.

A call is keyed by its arguments' trace types: a tensor by dtype and shape, a Variable by identity,
a Python value by value, containers by structure. A new key traces a new ConcreteFunction; the
trace runs the Python body with placeholders (so Python side effects happen at trace time only).
Each retrace logs one line that says which argument changed and how; `input_signature` and
`reduce_retracing=True` (unknown dimensions after a shape change) avoid retraces.
"""

from __future__ import annotations

import functools
import inspect
import logging
import weakref

import numpy as np

from lamina._core import nest
from lamina._core.context import SETTINGS, STATE
from lamina._core.convert import convert_to_tensor
from lamina._core.dispatch import assign_variable, execute, read_variable
from lamina._core.errors import user_frame
from lamina._core.graph import FuncGraph, SymbolicTensor
from lamina._core.lowering import lower
from lamina._core.shape import TensorShape
from lamina._core.tensor import EagerTensor, Tensor
from lamina._core.tensor_spec import TensorSpec
from lamina._core.variables import Variable

logger = logging.getLogger("lamina.function")
# After this many retraces of one function, the retrace message says how to avoid them.
_RETRACE_ADVICE_AFTER = 5


# ---- trace keys -------------------------------------------------------------------------------
class _Spec:
    """The trace type of one tensor argument (dtype and shape; shape may be relaxed)."""

    __slots__ = ("dtype", "shape")

    def __init__(self, dtype, shape):
        self.dtype, self.shape = dtype, shape

    def __eq__(self, other):
        return isinstance(other, _Spec) and self.dtype is other.dtype and self.shape == other.shape

    def __hash__(self):
        return hash((self.dtype, self.shape))

    def __repr__(self):
        return f"{self.dtype.name}{self.shape}"


def _trace_type(value):
    if isinstance(value, (Tensor, TensorSpec)):
        return _Spec(value.dtype, TensorShape(value.shape))
    if isinstance(value, Variable):  # variables of one spec share a trace (bound at call time)
        return ("variable", value.dtype, TensorShape(value.shape), value.trainable)
    if isinstance(value, dict):
        return ("dict", tuple((k, _trace_type(value[k])) for k in sorted(value, key=repr)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_trace_type(v) for v in value))
    try:
        hash(value)
    except TypeError:
        return ("object", id(value))
    return ("value", type(value).__name__, value)


def _relax(trace_type, previous):
    """`trace_type` with every dimension that differs from `previous` made unknown."""
    if isinstance(trace_type, _Spec) and isinstance(previous, _Spec) and trace_type.dtype is previous.dtype:
        if trace_type.shape.rank == previous.shape.rank and trace_type.shape.rank is not None:
            return _Spec(trace_type.dtype, trace_type.shape.most_specific_compatible_shape(previous.shape))
        return _Spec(trace_type.dtype, TensorShape(None))
    if isinstance(trace_type, tuple) and isinstance(previous, tuple) and len(trace_type) == len(previous):
        return tuple(_relax(a, b) for a, b in zip(trace_type, previous))
    return trace_type


def _describe_change(names, new_key, old_key) -> str:
    for name, new, old in zip(names, new_key, old_key):
        if new != old:
            return f"argument {name!r} changed from {_brief(old)} to {_brief(new)}"
    return "a different set of arguments"


def _brief(trace_type) -> str:
    if isinstance(trace_type, _Spec):
        return f"a {trace_type.dtype.name} tensor of shape {trace_type.shape}"
    if isinstance(trace_type, tuple) and trace_type and trace_type[0] == "value":
        return f"the Python value {trace_type[2]!r}"
    if isinstance(trace_type, tuple) and trace_type and trace_type[0] == "variable":
        return f"a {trace_type[1].name} tf.Variable of shape {trace_type[2]}"
    return repr(trace_type)


# ---- ConcreteFunction ---------------------------------------------------------------------------
class ConcreteFunction:
    """One trace of a tf.function: its graph, its inputs and outputs, callable with tensors."""

    def __init__(
        self,
        graph: FuncGraph,
        inputs,
        structured_inputs,
        structured_outputs,
        input_names,
        variable_arguments=(),
    ):
        self.graph = graph
        self.inputs = inputs  # placeholders, in the order tensors are flattened from the arguments
        self.structured_input_signature = structured_inputs
        self.structured_outputs = structured_outputs
        self._input_names = input_names
        self.variable_arguments = variable_arguments  # stand-ins for variables passed as arguments
        self.outputs = [t for t in nest.flatten(structured_outputs) if isinstance(t, SymbolicTensor)]
        self._lowered = None

    @property
    def name(self) -> str:
        return self.graph.name

    @property
    def variables(self) -> list:
        return list(self._lowering().variables)

    def _lowering(self):
        if self._lowered is None:
            self._lowered = lower(self.graph, self.inputs, self.outputs, self.graph.name)
        return self._lowered

    def __call__(self, *args, **kwargs):
        return self._call_flat(nest.flatten(_numpy_to_tensors((args, kwargs))))

    def _call_flat(self, leaves: list):
        """Runs the function on the flattened arguments (tensors, variables and Python values)."""
        tensors = [t for t in leaves if isinstance(t, Tensor)]
        variables = [v for v in leaves if isinstance(v, Variable)]
        if len(tensors) != len(self.inputs) or len(variables) != len(self.variable_arguments):
            raise TypeError(
                f"{self.name} expects {len(self.inputs)} tensors and {len(self.variable_arguments)} "
                f"variables, received {len(tensors)} and {len(variables)}."
            )
        binding = {id(stand_in): v for stand_in, v in zip(self.variable_arguments, variables)}
        lowered = self._lowering()
        arguments = tensors + [value for value, _ in lowered.captured]
        arguments += [read_variable(binding.get(id(v), v)) for v in lowered.variables]
        results = execute(lowered.opdef, arguments, None, self.name)
        results = results if isinstance(results, list) else [results]
        num_outputs = len(self.outputs)
        for variable, value in zip(lowered.assigned, results[num_outputs:]):
            assign_variable(binding.get(id(variable), variable), value)
        values = iter(results[:num_outputs])
        leaves = [
            next(values) if isinstance(leaf, SymbolicTensor) else leaf
            for leaf in nest.flatten(self.structured_outputs)
        ]
        return nest.pack_sequence_as(self.structured_outputs, leaves)

    def __repr__(self):
        return f"<ConcreteFunction {self.name} inputs={self.inputs} outputs={self.outputs}>"


# ---- Function ------------------------------------------------------------------------------------
class Function:
    """The callable `tf.function` returns: a cache of ConcreteFunctions keyed by trace type."""

    def __init__(
        self,
        python_function,
        name=None,
        input_signature=None,
        autograph=True,
        jit_compile=None,
        reduce_retracing=False,
        experimental_relax_shapes=None,
        warn_on_retrace=True,
        **unused_options,
    ):
        if not callable(python_function):
            raise TypeError(f"tf.function expects a callable, received {python_function!r}")
        functools.update_wrapper(self, python_function)
        self._python_function = python_function
        self._name = name or getattr(python_function, "__name__", "function")
        self._input_signature = None if input_signature is None else list(input_signature)
        self._reduce_retracing = bool(reduce_retracing or experimental_relax_shapes)
        self._autograph = autograph
        self._jit_compile = jit_compile
        self._signature = _signature_of(python_function)
        self._concrete: dict = {}
        self._last_key = None
        self._tracing_count = 0
        self._bound: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._warn_on_retrace = warn_on_retrace  # off for lamina's own functions (Keras's steps)

    @property
    def python_function(self):
        return self._python_function

    @property
    def input_signature(self):
        return self._input_signature

    def experimental_get_tracing_count(self) -> int:
        return self._tracing_count

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        bound = self._bound.get(instance)
        if bound is None:
            bound = Function(
                self._python_function.__get__(instance, owner),
                name=self._name,
                input_signature=self._input_signature,
                autograph=self._autograph,
                jit_compile=self._jit_compile,
                reduce_retracing=self._reduce_retracing,
            )
            self._bound[instance] = bound
        return bound

    def __call__(self, *args, **kwargs):
        if SETTINGS.run_functions_eagerly:
            return self._python_function(*args, **kwargs)
        if STATE.builder is not None:  # called while another function traces: run the body inline
            return self._converted()(*args, **kwargs)
        args, kwargs = _numpy_to_tensors(args), _numpy_to_tensors(kwargs)
        concrete, arguments = self._concrete_for(args, kwargs)
        return concrete._call_flat(nest.flatten(arguments))

    def get_concrete_function(self, *args, **kwargs) -> ConcreteFunction:
        """The ConcreteFunction for these arguments (tensors or TensorSpecs), tracing if needed."""
        if not args and not kwargs and self._input_signature is not None:
            args = tuple(self._input_signature)
        return self._concrete_for(args, kwargs)[0]

    # ---- tracing -------------------------------------------------------------------------------
    def _bind(self, args, kwargs):
        if self._signature is None:
            return list(args) + [kwargs[k] for k in sorted(kwargs)], [
                f"arg{i}" for i in range(len(args))
            ] + sorted(kwargs)
        bound = self._signature.bind(*args, **kwargs)
        bound.apply_defaults()
        names, values = [], []
        for name, value in bound.arguments.items():
            kind = self._signature.parameters[name].kind
            if kind is inspect.Parameter.VAR_POSITIONAL:
                names += [f"{name}[{i}]" for i in range(len(value))]
                values += list(value)
            elif kind is inspect.Parameter.VAR_KEYWORD:
                names += sorted(value)
                values += [value[k] for k in sorted(value)]
            else:
                names.append(name)
                values.append(value)
        return values, names

    def _concrete_for(self, args, kwargs):
        if self._input_signature is not None:
            return self._concrete_for_signature(args, kwargs)
        values, names = self._bind(args, kwargs)
        key = tuple(_trace_type(v) for v in values)
        concrete = self._concrete.get(key)
        if concrete is None:
            if self._last_key is not None and self._reduce_retracing:
                relaxed = _relax(key, self._last_key)
                concrete = self._concrete.get(relaxed)
                if concrete is not None:
                    return concrete, values
                key = relaxed
            if self._tracing_count and self._warn_on_retrace:
                self._log_retrace(names, key)
            concrete = self._trace(values, names, args, kwargs, key)
            self._concrete[key] = concrete
        self._last_key = key
        return concrete, values

    def _concrete_for_signature(self, args, kwargs):
        values, names = self._bind(args, kwargs)
        flat = nest.flatten(values)
        if (
            len(flat) != len(self._input_signature)
            or not all(
                spec.is_compatible_with(v if not isinstance(v, Variable) else read_variable(v))
                for spec, v in zip(self._input_signature, flat)
                if isinstance(v, (Tensor, Variable, TensorSpec))
            )
            or any(not isinstance(v, (Tensor, Variable, TensorSpec)) for v in flat)
        ):
            raise TypeError(
                f"Python inputs incompatible with input_signature of {self._name!r}: received "
                f"{[_brief(_trace_type(v)) for v in flat]}, expected {self._input_signature}"
            )
        key = ("signature",)
        concrete = self._concrete.get(key)
        if concrete is None:
            specs = nest.pack_sequence_as(values, list(self._input_signature))
            concrete = self._trace(specs, names, args, kwargs, key)
            self._concrete[key] = concrete
        return concrete, values

    def _log_retrace(self, names, key):
        reason = _describe_change(names, key, self._last_key) if self._last_key else "new arguments"
        message = (
            f"tf.function {self._name!r} retraced (trace {self._tracing_count + 1}) at {user_frame()}: "
            f"{reason}."
        )
        if self._tracing_count >= _RETRACE_ADVICE_AFTER:
            message += (
                " Frequent retracing is slow: pass tensors rather than Python numbers, give an "
                "input_signature with None for varying dimensions, or use reduce_retracing=True."
            )
        logger.warning(message)

    def _trace(self, values, names, args, kwargs, key) -> ConcreteFunction:
        graph = FuncGraph(self._name, allow_variable_creation=self._tracing_count == 0)
        placeholders = []

        stand_ins = []

        def placeholder_for(value, path):
            if isinstance(value, Variable):
                stand_ins.append(_VariableArgument(value))
                return stand_ins[-1]
            if isinstance(value, (Tensor, TensorSpec)):
                shape = key_shape(path, value)
                tensor = graph.placeholder(value.dtype, shape, name=getattr(value, "name", None) or path)
                placeholders.append(tensor)
                return tensor
            return value

        def key_shape(path, value):
            spec = key[names.index(path)] if key[0] != "signature" and path in names else None
            return spec.shape if isinstance(spec, _Spec) else TensorShape(value.shape)

        symbolic = [
            nest.map_structure(lambda v, n=name: placeholder_for(v, n), value)
            for value, name in zip(values, names)
        ]
        with graph.as_default():
            outputs = self._call_with(symbolic, args, kwargs)
            outputs = nest.map_structure(_as_output, outputs)
        self._tracing_count += 1
        specs = iter(TensorSpec(p.shape, p.dtype, p.op.name) for p in placeholders)
        signature = tuple(
            nest.map_structure(lambda v: next(specs) if isinstance(v, (Tensor, TensorSpec)) else v, value)
            for value in values
        )
        return ConcreteFunction(graph, placeholders, (signature, {}), outputs, names, stand_ins)

    def _call_with(self, symbolic_values, args, kwargs):
        """Calls the Python function with the symbolic values in place of the original arguments."""
        if self._signature is None:
            positional = symbolic_values[: len(args)]
            keywords = dict(zip(sorted(kwargs), symbolic_values[len(args) :]))
            return self._converted()(*positional, **keywords)
        bound = self._signature.bind(*args, **kwargs)
        bound.apply_defaults()
        iterator = iter(symbolic_values)
        for name, value in bound.arguments.items():
            kind = self._signature.parameters[name].kind
            if kind is inspect.Parameter.VAR_POSITIONAL:
                bound.arguments[name] = tuple(next(iterator) for _ in value)
            elif kind is inspect.Parameter.VAR_KEYWORD:
                replaced = {k: next(iterator) for k in sorted(value)}
                bound.arguments[name] = replaced
            else:
                bound.arguments[name] = next(iterator)
        return self._converted()(*bound.args, **bound.kwargs)

    def _converted(self):
        """The Python function, with AutoGraph's rewrite of control flow over tensors if enabled."""
        if not self._autograph:
            return self._python_function
        from lamina._function import autograph

        return autograph.convert(self._python_function)

    def __repr__(self):
        return f"<lamina.Function {self._name}>"


class _VariableArgument(Variable):
    """Stands, in a trace, for a tf.Variable argument: calls bind it to the variable they pass, so
    variables of one dtype and shape share a trace."""

    def __init__(self, template: Variable):  # noqa: D107 - copies the template's description, no value
        self.__dict__.update(template.__dict__)
        self._array = None
        self._initial_value = None


def _numpy_to_tensors(structure):
    """NumPy arrays in tf.function arguments are traced by dtype and shape, like tensors."""
    return (
        nest.map_structure(
            lambda v: convert_to_tensor(v) if isinstance(v, np.ndarray) else v, structure, check_types=False
        )
        if nest.is_nested(structure)
        else structure
    )


def _as_output(value):
    if isinstance(value, Variable):
        return read_variable(value)
    if isinstance(value, EagerTensor):  # a value computed before the trace: route it through the graph
        from lamina._core import registry

        return execute(registry.get("Identity"), [value])
    return value


def _signature_of(function):
    try:
        return inspect.signature(function)
    except (TypeError, ValueError):
        return None


def function(
    func=None,
    input_signature=None,
    autograph=True,
    jit_compile=None,
    reduce_retracing=False,
    experimental_implements=None,
    experimental_autograph_options=None,
    experimental_attributes=None,
    experimental_relax_shapes=None,
    experimental_compile=None,
    experimental_follow_type_hints=None,
    name=None,
):
    """Compiles `func` into a graph-backed callable (decorator, with or without arguments)."""
    options = dict(
        input_signature=input_signature,
        autograph=autograph,
        jit_compile=jit_compile if jit_compile is not None else experimental_compile,
        reduce_retracing=reduce_retracing,
        experimental_relax_shapes=experimental_relax_shapes,
        name=name,
    )
    if func is None:
        return lambda f: Function(f, **options)
    return Function(func, **options)
