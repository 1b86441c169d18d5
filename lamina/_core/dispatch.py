"""The single dispatch point: every op call goes through `execute`.

`execute` checks the inputs' dtypes against the op's signature, then either runs the op now
(eager) or adds a node to the graph being built (tf.function tracing, a v1 Graph, a Keras
functional model). No op, layer or model asks which mode it is in; they all call this.
Variable reads and writes go through here too, so that graph building can functionalize state.
"""

from __future__ import annotations

from lamina._core import eager
from lamina._core.context import STATE
from lamina._core.convert import dtype_mismatch
from lamina._core.errors import InvalidArgumentError, op_error
from lamina._core.tape import record_operation, record_variable_read


def execute(opdef, inputs: list, attrs: dict | None = None, name: str | None = None):
    """Runs or records one call of `opdef`; returns a Tensor or a list of Tensors.

    Active GradientTapes record the call in both modes, so a tape inside a tf.function adds the
    gradient to the graph through this same function."""
    _check_types(opdef, inputs)
    attrs = attrs or {}
    builder = STATE.builder
    if builder is not None:
        result = builder.add_op(opdef, inputs, attrs, name)
    else:
        try:
            result = eager.run(opdef, inputs, attrs)
        except (TypeError, AttributeError):
            # Not all inputs are eager. Symbolic tensors of a graph that takes ops made outside any
            # builder (the Keras graph: `x * 2` on a `tf.keras.Input`) get the op added there.
            graph = _accepting_graph(inputs)
            if graph is None:
                raise
            result = graph.add_op(opdef, inputs, attrs, name)
    if STATE.tapes and opdef.differentiable:
        flat, structure = _flatten_inputs(inputs)
        record_operation(opdef, attrs, flat, structure, result if isinstance(result, list) else [result])
    return result


def _accepting_graph(inputs: list):
    """The graph of the first symbolic input, if that graph accepts ops made eagerly."""
    for x in inputs:
        for tensor in x if isinstance(x, list) else (x,):
            graph = getattr(tensor, "graph", None)
            if getattr(graph, "accepts_eager_ops", False):
                return graph
    return None


def _flatten_inputs(inputs: list):
    flat, structure = [], []
    for x in inputs:
        if isinstance(x, list):
            flat.extend(x)
            structure.append(len(x))
        else:
            flat.append(x)
            structure.append(-1)
    return flat, tuple(structure)


def _check_types(opdef, inputs: list):
    bound = {}  # type variable -> (dtype, name of the input that bound it)
    position = 0  # flat position of the tensor, as TensorFlow numbers inputs in its messages
    for index, spec in enumerate(opdef.inputs):
        type_var = spec.type_var
        value = inputs[index]
        items = value if spec.is_list else (value,)
        if type_var is None:
            position += len(items)
            continue
        for tensor in items:
            dtype = tensor.dtype
            previous = bound.get(type_var)
            if previous is None:
                allowed = opdef.types[type_var]
                if allowed is not None and dtype not in allowed:
                    raise _dtype_not_allowed(opdef, spec.name, type_var, dtype, allowed)
                bound[type_var] = (dtype, spec.name)
            elif previous[0] is not dtype:
                if STATE.builder is not None:  # graph building checks types like TensorFlow's op builder
                    raise _graph_type_error(
                        opdef.name,
                        f"Input '{spec.name}' of '{opdef.name}' Op has type {dtype.name} that does not "
                        f"match type {previous[0].name} of argument '{previous[1]}'.",
                    )
                raise dtype_mismatch(opdef.name, position, previous[0], dtype)
            position += 1


def _dtype_not_allowed(opdef, input_name: str, type_var: str, dtype, allowed) -> Exception:
    names = ", ".join(sorted(d.name for d in allowed))
    if STATE.builder is not None:
        return _graph_type_error(
            opdef.name,
            f"Value passed to parameter '{input_name}' has DataType {dtype.name} not in list of allowed "
            f"values: {names}",
        )
    return op_error(
        InvalidArgumentError,
        opdef.name,
        f"Value for attr '{type_var}' of {dtype.name} is not in the list of allowed values: "
        f"{names} (input '{input_name}' of {opdef.name})",
    )


def _graph_type_error(op_name: str, message: str) -> TypeError:
    """While a graph is built, TensorFlow reports dtype errors as TypeError (eagerly, the kernel
    lookup reports InvalidArgumentError)."""
    return TypeError(str(op_error(InvalidArgumentError, op_name, message)))


def read_variable(variable):
    """A Tensor holding `variable`'s current value (a graph node when building a graph)."""
    builder = STATE.builder
    tensor = builder.read_variable(variable) if builder is not None else variable._eager_read()
    if STATE.tapes:
        record_variable_read(variable, tensor)
    return tensor


def assign_variable(variable, value):
    """Writes `value` (a Tensor of the variable's dtype and shape) into `variable`."""
    builder = STATE.builder
    if builder is not None:
        return builder.assign_variable(variable, value)
    return variable._eager_assign(value)


def read_after(variable, operation):
    """A read of `variable` that a graph runs after `operation` (an assignment)."""
    builder = STATE.builder
    with builder.control_dependencies([operation]):
        return read_variable(variable)


def constant(tensor, name: str | None = None):
    """`tensor` (an EagerTensor) as a constant of the graph being built, or itself when eager."""
    builder = STATE.builder
    return builder.constant(tensor, name) if builder is not None else tensor
