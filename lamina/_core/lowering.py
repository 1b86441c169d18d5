"""Lowering: the part of a Graph that some outputs need, as one pure JAX function.

`lower(graph, inputs, outputs)` prunes the graph to what `outputs` depend on (data and control
inputs; in a tf.function graph also every variable assignment, since a function runs all of its
stateful ops), then builds `impl(*input_arrays, *variable_arrays) -> (*outputs, *new_variable_values)`.
Variables are functionalized: a read takes the current value, an assignment produces a new one,
in program order. The result is an OpDef, so running it goes through the dispatch point: eagerly it
is jit-compiled once per input signature, inside another graph it becomes one node, and a
GradientTape differentiates it like any op.
"""

from __future__ import annotations

import itertools

import jax
import numpy as np

from lamina._core import dtypes, registry
from lamina._core.errors import InvalidArgumentError, op_error
from lamina._core.graph import (
    ASSIGN_VARIABLE,
    CONST,
    NO_OP,
    PLACEHOLDER,
    READ_VARIABLE,
    Graph,
    init_scope,
)
from lamina._core.registry import unflatten_inputs

_call_ids = itertools.count()


class Lowered:
    """A pruned graph as an op: `opdef` takes (inputs..., captured..., variables...) and returns
    (outputs..., new values of `assigned`...)."""

    def __init__(self, opdef, inputs, captured, variables, assigned, outputs, read_first=()):
        self.opdef = opdef
        self.inputs = inputs
        self.captured = captured  # [(EagerTensor, placeholder)] fed from the captured values
        self.variables = variables
        self.assigned = assigned
        self.outputs = outputs
        self.read_first = list(read_first)  # variables whose first access reads them (must be initialized)


def _needed_ops(graph: Graph, outputs: list, targets: list, fed: set, keep_assignments: bool) -> list:
    needed: set[int] = set()
    stack = [t.op for t in outputs if id(t) not in fed] + list(targets)
    if keep_assignments:
        stack += [op for op in graph.get_operations() if op.opdef is ASSIGN_VARIABLE or op.opdef.stateful]
    while stack:
        op = stack.pop()
        if id(op) in needed:
            continue
        needed.add(id(op))
        stack.extend(t.op for t in op.inputs if id(t) not in fed)
        stack.extend(op.control_inputs)
    return [op for op in graph.get_operations() if id(op) in needed]


def lower(graph: Graph, inputs: list, outputs: list, name: str = "graph", targets: list = ()) -> Lowered:
    """Builds the Lowered op computing `outputs` (and running the ops `targets`) from the tensors
    `inputs`: placeholders, or any tensors whose values are fed instead of computed."""
    fed = {id(t) for t in inputs}
    ops = _needed_ops(graph, outputs, list(targets), fed, keep_assignments=graph.is_function)
    captured = [(value, ph) for value, ph in graph.captures if ph.op.opdef is PLACEHOLDER and ph.op in ops]
    captured_ids = {id(ph) for _, ph in captured}
    for op in ops:
        if op.opdef is PLACEHOLDER and id(op.outputs[0]) not in fed | captured_ids:
            raise op_error(
                InvalidArgumentError,
                op.name,
                f"You must feed a value for placeholder tensor '{op.name}' with dtype "
                f"{op.outputs[0].dtype.name} and shape {op.outputs[0].shape}",
            )
    ops = [op for op in ops if not op.outputs or not all(id(t) in fed for t in op.outputs)]
    ops, constants, aliases = _fold_and_deduplicate(ops, fed, outputs, list(targets))
    variables, assigned, read_first = [], [], []
    for op in ops:
        if op.opdef in (READ_VARIABLE, ASSIGN_VARIABLE):
            variable = op.attrs["variable"]
            if all(v is not variable for v in variables):
                variables.append(variable)
                if op.opdef is READ_VARIABLE:
                    read_first.append(variable)
            if op.opdef is ASSIGN_VARIABLE and all(v is not variable for v in assigned):
                assigned.append(variable)
    runs = None
    if any(op.opdef.seed_input is not None for op in ops):
        runs = _run_counter(graph)
        variables.append(runs)
        assigned.append(runs)
    feeds = list(inputs) + [ph for _, ph in captured]
    impl = _make_impl(ops, feeds, variables, assigned, outputs, runs, constants, aliases)
    jit = all(_jittable(op) for op in ops)
    stateful = any(op.opdef.stateful for op in ops)
    opdef = registry.OpDef(
        name=f"__inference_{name}_{next(_call_ids)}",
        impl=impl,
        inputs=(),
        types={},
        jit=jit,
        stateful=stateful,
    )
    lowered = Lowered(opdef, list(inputs), captured, variables, assigned, list(outputs), read_first)
    lowered.ops = ops
    return lowered


def _is_pure(opdef) -> bool:
    """An op whose outputs depend only on its inputs and attributes: safe to fold or share."""
    return (
        opdef.impl is not None
        and opdef.jit
        and not opdef.host
        and not opdef.stateful
        and opdef.seed_input is None
        and opdef not in (CONST, PLACEHOLDER, READ_VARIABLE, ASSIGN_VARIABLE)
    )


def _attrs_key(attrs: dict):
    key = tuple(sorted(attrs.items()))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _fold_and_deduplicate(ops: list, fed: set, outputs: list, targets: list):
    """Constant folding (outputs known when the graph was built become constants) and common
    subexpression elimination (a pure op repeated on the same inputs reuses the first one's outputs).
    Returns the ops left to run, {id(tensor): value} and {id(tensor): the tensor it is the same as}."""
    constants: dict = {}
    aliases: dict = {}
    seen: dict = {}
    kept = []
    for op in ops:
        if _is_pure(op.opdef) and op.outputs:
            if all(t._static_value is not None and id(t) not in fed for t in op.outputs):
                constants.update((id(t), t._static_value) for t in op.outputs)
                continue
            attrs = _attrs_key(op.attrs)
            if attrs is not None and not op.control_inputs:
                key = (id(op.opdef), tuple(id(aliases.get(id(t), t)) for t in op.inputs), attrs)
                first = seen.get(key)
                if first is not None:
                    aliases.update((id(a), b) for a, b in zip(op.outputs, first.outputs))
                    continue
                seen[key] = op
        kept.append(op)
    return _drop_dead(kept, outputs, aliases, targets), constants, aliases


def _drop_dead(ops: list, outputs: list, aliases: dict, targets: list) -> list:
    """Drops ops whose outputs nothing uses any more (folded or shared away); effects are kept."""
    live = {id(aliases.get(id(t), t)) for t in outputs}
    target_ids = {id(op) for op in targets}
    kept = []
    for op in reversed(ops):
        unused = not any(id(t) in live for t in op.outputs)
        if op.outputs and unused and not op.opdef.stateful and id(op) not in target_ids:
            continue
        kept.append(op)
        live.update(id(aliases.get(id(t), t)) for t in op.inputs)
    return kept[::-1]


def _run_counter(graph: Graph):
    """How many compiled runs of `graph`'s programs drew random numbers: a Variable, so lowering
    threads it through every program like any state. Each (outermost) graph counts its own runs, as
    each TensorFlow kernel keeps its own random state: two graphs built alike draw alike."""
    while graph.outer_graph is not None:
        graph = graph.outer_graph
    runs = graph.__dict__.get("_random_runs")
    if runs is None:
        from lamina._core.variables import Variable

        with init_scope():
            runs = graph._random_runs = Variable(np.int64(0), trainable=False, name="random_runs")
    return runs


def _jittable(op) -> bool:
    """Whether `op` can run inside a compiled segment: not a host op, and no string values (ops
    that also accept strings, such as reshape or a string constant, run on the host for them)."""
    opdef = op.opdef
    if any(t.dtype is dtypes.string for t in (*op.inputs, *op.outputs)):
        return opdef.impl is None and opdef is not CONST
    return opdef.impl is None or opdef is CONST or (opdef.jit and not opdef.host)


def _run_ops(ops, env: dict, state: dict, run, aliases: dict):
    """Runs `ops` in order: values in `env` (by tensor id), variable values in `state`."""

    def lookup(tensor):
        return env[id(aliases.get(id(tensor), tensor))]

    for op in ops:
        opdef = op.opdef
        if opdef is PLACEHOLDER or opdef is NO_OP:
            continue
        if opdef is READ_VARIABLE:
            env[id(op.outputs[0])] = state[id(op.attrs["variable"])]
        elif opdef is ASSIGN_VARIABLE:
            state[id(op.attrs["variable"])] = lookup(op.inputs[0])
        elif opdef is CONST:
            env[id(op.outputs[0])] = op.attrs["value"]
        else:
            flat = [lookup(t) for t in op.inputs]
            if opdef.seed_input is not None:  # a new draw on every run of the program
                seed = flat[opdef.seed_input]
                flat[opdef.seed_input] = seed + (np.array([0, 1]) * run).astype(seed.dtype)
            result = opdef.impl(*unflatten_inputs(flat, op.structure), **op.attrs)
            results = result if isinstance(result, (tuple, list)) else (result,)
            for tensor, output in zip(op.outputs, results):
                env[id(tensor)] = output


class _Segment:
    """A run of jittable ops between ops that cannot be compiled, as one jitted function of the
    values it reads (`inputs`), returning the values later segments use (`outputs`) and the new
    values of the variables it touches."""

    def __init__(self, ops, inputs, outputs, variables, constants, aliases):
        self.ops, self.inputs, self.outputs, self.variables = ops, inputs, outputs, variables

        def run_segment(values, state_values, run):
            env = dict(constants)
            env.update(zip(inputs, values))
            state = dict(zip(variables, state_values))
            _run_ops(ops, env, state, run, aliases)
            return [env[i] for i in outputs], [state[i] for i in variables]

        self.function = jax.jit(run_segment)


def _plan(ops, outputs, constants, aliases) -> list:
    """Splits `ops` at the ops that cannot be jitted: [(_Segment | op)], in order."""
    groups: list = []
    for op in ops:
        if _jittable(op) and groups and isinstance(groups[-1], list):
            groups[-1].append(op)
        else:
            groups.append([op] if _jittable(op) else op)

    def canonical(tensor):
        return id(aliases.get(id(tensor), tensor))

    needed_later = {canonical(t) for t in outputs}
    plan = []
    for group in reversed(groups):
        members = group if isinstance(group, list) else [group]
        if isinstance(group, list):
            defined = {id(t) for op in members for t in op.outputs}
            reads = list(dict.fromkeys(canonical(t) for op in members for t in op.inputs))
            inputs = [i for i in reads if i not in defined and i not in constants]
            results = [
                i for i in dict.fromkeys(id(t) for op in members for t in op.outputs) if i in needed_later
            ]
            variables = list(
                dict.fromkeys(
                    id(op.attrs["variable"]) for op in members if op.opdef in (READ_VARIABLE, ASSIGN_VARIABLE)
                )
            )
            plan.append(_Segment(members, inputs, results, variables, constants, aliases))
        else:
            plan.append(group)
        needed_later.update(canonical(t) for op in members for t in op.inputs)
    return plan[::-1]


def _make_impl(ops, feeds, variables, assigned, outputs, runs=None, constants=None, aliases=None):
    """The lowered program: one function to jit when every op can be compiled; otherwise a driver
    that runs jitted segments and, between them, the ops that cannot be compiled."""
    num_feeds = len(feeds)
    constants, aliases = constants or {}, aliases or {}
    plan = None if all(_jittable(op) for op in ops) else _plan(ops, outputs, constants, aliases)

    def impl(*arrays):
        env = dict(constants)
        env.update((id(t), a) for t, a in zip(feeds, arrays[:num_feeds]))
        state = {id(v): a for v, a in zip(variables, arrays[num_feeds:])}
        run = state[id(runs)] if runs is not None else None
        if plan is None:
            _run_ops(ops, env, state, run, aliases)
        else:
            for step in plan:
                if isinstance(step, _Segment):
                    values, new_state = step.function(
                        [env[i] for i in step.inputs], [state[i] for i in step.variables], run
                    )
                    env.update(zip(step.outputs, values))
                    state.update(zip(step.variables, new_state))
                else:
                    _run_ops([step], env, state, run, aliases)
        if runs is not None:
            state[id(runs)] = run + 1
        return tuple(env[id(aliases.get(id(t), t))] for t in outputs) + tuple(state[id(v)] for v in assigned)

    impl.plan = plan  # for inspection: None when the whole program is one executable
    return impl
