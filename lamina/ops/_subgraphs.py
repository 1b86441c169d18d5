"""Machinery shared by the control-flow constructs (control_flow_ops: `tf.cond`, `tf.case`,
`tf.switch_case`, `tf.while_loop`; functional_ops: `tf.scan`, `tf.foldl`, `tf.foldr`, `tf.map_fn`,
`tf.vectorized_map`): tracing their bodies into FuncGraphs and emitting each construct as one op.

While a graph is built (tf.function, tf.compat.v1), each branch or loop body is traced into its own
FuncGraph whose placeholders are the branch inputs / loop variables; tensors of enclosing graphs
that it uses become outer captures (`FuncGraph.outer_captures`). Each body is lowered to a pure
function, and the whole construct becomes ONE op whose implementation calls `lax.switch`,
`lax.while_loop` or `lax.scan` on them. The op takes (leading inputs: predicate / loop variables /
elements, then every outer tensor and captured value the bodies use, then the values of the
variables they read) and returns (outputs, then the new values of the variables they assign), so
stateful bodies are functionalized exactly like a tf.function (see `ConcreteFunction._call_flat`).
Gradients are jax.vjp of that implementation. XLA needs static shapes: branches must produce the
same shapes, and a loop variable cannot change shape across iterations.
"""

from __future__ import annotations

import contextlib

import jax
import jax.numpy as jnp

from lamina._core import nest, registry
from lamina._core.context import STATE
from lamina._core.convert import convert_to_tensor
from lamina._core.dispatch import assign_variable, execute, read_variable
from lamina._core.graph import FuncGraph, Operation
from lamina._core.lowering import lower
from lamina._core.tensor import Tensor
from lamina._core.variables import Variable


# ---- tracing bodies into FuncGraphs ---------------------------------------------------------------
@contextlib.contextmanager
def _tracing(graph):
    """Builds `graph`: its ops are not recorded on the enclosing tapes (the construct's single op
    is), and its names start from the root scope."""
    saved_tapes, saved_scope = STATE.tapes, STATE.name_scope
    STATE.tapes, STATE.name_scope = [], []
    try:
        with graph.as_default():
            yield graph
    finally:
        STATE.tapes, STATE.name_scope = saved_tapes, saved_scope


class _Body:
    """A Python callable traced into a FuncGraph and lowered.

    `specs` are the (dtype, shape) of its explicit inputs; `call(placeholders)` calls the user's
    function with them (packed as the user expects). `structure` is what it returned, with each
    tensor leaf replaced by a tensor of the body graph (None leaves and Operations stay None)."""

    def __init__(self, name: str, specs, call):
        self.graph = FuncGraph(name, outer_graph=STATE.builder)
        with _tracing(self.graph):
            self.inputs = [self.graph.placeholder(d, s, name=f"arg{i}") for i, (d, s) in enumerate(specs)]
            # expand_composites: a composite output (a graph tf.TensorArray) contributes its tensors.
            self.structure = nest.map_structure(self._output, call(self.inputs), expand_composites=True)
        self.outputs = [t for t in nest.flatten(self.structure, expand_composites=True) if t is not None]
        captures = list(self.graph.outer_captures.values())
        self.outer = [outer for outer, _ in captures]
        feeds = self.inputs + [inner for _, inner in captures]
        self.lowered = lower(self.graph, feeds, self.outputs, name)

    def _output(self, leaf):
        if leaf is None or isinstance(leaf, Operation):
            return None
        if isinstance(leaf, Variable):
            leaf = read_variable(leaf)
        elif not isinstance(leaf, Tensor):
            leaf = convert_to_tensor(leaf)
        return self.graph._as_graph_tensor(leaf)


class _Operands:
    """The tensors (outer tensors, captured eager values) and variables that the bodies of one
    construct use, deduplicated; the construct's op takes them after its leading inputs."""

    def __init__(self):
        self.tensors: list = []
        self._tensor_index: dict[int, int] = {}
        self.variables: list = []
        self.stateful = False

    def tensor(self, value) -> int:
        index = self._tensor_index.get(id(value))
        if index is None:
            index = self._tensor_index[id(value)] = len(self.tensors)
            self.tensors.append(value)
        return index

    def variable(self, variable) -> int:
        for index, known in enumerate(self.variables):
            if known is variable:
                return index
        self.variables.append(variable)
        return len(self.variables) - 1


class _Bound:
    """A body's positions among its construct's operands; calling it runs the lowered body."""

    def __init__(self, body: _Body, operands: _Operands):
        lowered = body.lowered
        self.body = body
        self.tensor_index = [operands.tensor(t) for t in body.outer] + [
            operands.tensor(value) for value, _ in lowered.captured
        ]
        self.variable_index = [operands.variable(v) for v in lowered.variables]
        self.assigned_index = [operands.variable(v) for v in lowered.assigned]
        self.num_outputs = len(body.outputs)

    def __call__(self, explicit, tensors, variables):
        """(outputs, variables after the body ran) from the explicit input arrays, all operand
        arrays and all current variable arrays."""
        args = list(explicit) + [tensors[i] for i in self.tensor_index]
        args += [variables[i] for i in self.variable_index]
        results = self.body.lowered.opdef.impl(*args)
        variables = list(variables)
        for index, value in zip(self.assigned_index, results[self.num_outputs :]):
            variables[index] = value
        return list(results[: self.num_outputs]), variables


def _bind(bodies):
    operands = _Operands()
    bound = [_Bound(b, operands) for b in bodies]
    assigned = sorted({i for b in bound for i in b.assigned_index})
    jit = all(b.lowered.opdef.jit for b in bodies)
    # An effect beyond outputs (tf.print) in a body makes the construct's op one too.
    operands.stateful = any(op.opdef.stateful for b in bodies for op in getattr(b.lowered, "ops", ()))
    return operands, bound, assigned, jit


def _emit(type_name: str, name: str, leading: list, operands: _Operands, assigned: list, compute, jit: bool):
    """Adds (or runs) the construct's op. `compute(leading_arrays, tensor_arrays, variable_arrays)`
    returns (output arrays, new values of the `assigned` variables); returns the output tensors."""
    num_leading, num_tensors = len(leading), len(operands.tensors)

    def impl(*arrays):
        outputs, new_values = compute(
            arrays[:num_leading],
            arrays[num_leading : num_leading + num_tensors],
            arrays[num_leading + num_tensors :],
        )
        return tuple(outputs) + tuple(new_values)

    stateful = operands.stateful
    prefix = "" if operands.variables or stateful else "Stateless"
    opdef = registry.OpDef(
        name=prefix + type_name, impl=impl, inputs=(), types={}, jit=jit, stateful=stateful
    )
    arguments = list(leading) + list(operands.tensors) + [read_variable(v) for v in operands.variables]
    results = execute(opdef, arguments, None, name)
    results = results if isinstance(results, list) else [results]
    num_outputs = len(results) - len(assigned)
    for index, value in zip(assigned, results[num_outputs:]):
        assign_variable(operands.variables[index], value)
    return results[:num_outputs]


def _pack_outputs(structure, values):
    values = iter(values)
    leaves = [
        None if leaf is None else next(values) for leaf in nest.flatten(structure, expand_composites=True)
    ]
    return nest.pack_sequence_as(structure, leaves, expand_composites=True)


def _like(value, reference):
    """`value` with `reference`'s dtype (and without JAX's weak typing), so loop carries match."""
    return jax.lax.convert_element_type(value, jnp.asarray(reference).dtype)


def _in_graph() -> bool:
    return STATE.builder is not None


def _check_callable(fn, what: str):
    if not callable(fn):
        raise TypeError(f"'{what}' must be callable.")


def _as_loop_tensor(value):
    if isinstance(value, Variable):
        return read_variable(value)
    if _is_composite(value):  # a tf.TensorArray: carried as is (graph loops carry its components)
        return value
    return value if isinstance(value, Tensor) else convert_to_tensor(value)


def _is_composite(value) -> bool:
    return hasattr(value, "_lamina_enter_loop")
