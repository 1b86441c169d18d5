"""Branching and loops: `tf.cond`, `tf.case`, `tf.switch_case` and `tf.while_loop`.

Eagerly, as in TensorFlow 2, these run Python control flow over eager ops: `tf.cond` calls one
branch, `tf.while_loop` is a Python loop. A tape records the ops that ran, so gradients need
nothing special. While a graph is built, the branches (or the loop's cond and body) are traced into
FuncGraphs and the construct becomes one op that calls `lax.switch` or `lax.while_loop` on them
(see lamina/ops/_subgraphs.py).

A `tf.while_loop` with `maximum_iterations` lowers to a `lax.scan` over that many steps that stops
updating once the condition is false, so reverse-mode gradients work; without it, the loop is a
`lax.while_loop`, whose reverse gradient raises InvalidArgumentError asking for
`maximum_iterations` (TensorFlow raises InvalidArgumentError for the same loop under XLA).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from lamina._core import dtypes, nest
from lamina._core.context import STATE
from lamina._core.convert import convert_to_tensor
from lamina._core.dispatch import read_variable
from lamina._core.errors import InvalidArgumentError, op_error
from lamina._core.graph import FuncGraph, SymbolicTensor
from lamina._core.shape import TensorShape, as_shape
from lamina._core.tensor import EagerTensor, Tensor
from lamina._core.variables import Variable
from lamina.ops._subgraphs import (
    _as_loop_tensor,
    _bind,
    _Body,
    _check_callable,
    _emit,
    _in_graph,
    _is_composite,
    _like,
    _pack_outputs,
    _tracing,
)

__all__ = ["case", "cond", "switch_case", "while_loop"]


# ---- branches: cond, switch_case, case ------------------------------------------------------------
def _same_structure_error(what: str, structures, names):
    lines = "\n".join(f"{name} output: {s}" for name, s in zip(names, structures))
    return TypeError(
        f"{what} must have the same number, type, and overall structure of return values.\n\n{lines}"
    )


def _check_branch_outputs(bodies, names, what: str):
    """Branches must return one structure, with the same dtypes and (for XLA) the same shapes."""
    first = bodies[0].structure
    for body, name in zip(bodies[1:], names[1:]):
        try:
            nest.assert_same_structure(first, body.structure, expand_composites=True)
        except (TypeError, ValueError):
            raise _same_structure_error(what, [first, body.structure], [names[0], name]) from None
        flat_first = nest.flatten(first, expand_composites=True)
        for a, b in zip(flat_first, nest.flatten(body.structure, expand_composites=True)):
            if (a is None) != (b is None) or (a is not None and a.dtype is not b.dtype):
                raise _same_structure_error(what, [first, body.structure], [names[0], name])
            if a is not None and a.shape.rank is not None and b.shape.rank is not None:
                dims_a, dims_b = a.shape.as_list(), b.shape.as_list()
                if len(dims_a) != len(dims_b) or any(
                    x is not None and y is not None and x != y for x, y in zip(dims_a, dims_b)
                ):
                    raise ValueError(
                        f"{what}: {names[0]} returns a tensor of shape {a.shape} where {name} returns "
                        f"shape {b.shape}. lamina compiles branches with XLA, which needs every branch "
                        "to produce the same shapes; pad or reshape the outputs to one shape."
                    )


def _select(type_name: str, name: str, leading: list, bodies: list, to_index):
    """One op running the body chosen by `to_index(leading_arrays)` (an int32 scalar)."""
    operands, bound, assigned, jit = _bind(bodies)

    def branch(b):
        def run(tensors, variables):
            outputs, variables = b((), tensors, variables)
            return tuple(outputs), tuple(variables[i] for i in assigned)

        return run

    branches = [branch(b) for b in bound]

    def compute(leading_arrays, tensors, variables):
        index = to_index(leading_arrays)
        tensors, variables = tuple(tensors), tuple(variables)
        if not jit:  # a body has host ops: choose in Python
            return branches[int(index)](tensors, variables)
        if len(branches) == 1:
            return branches[0](tensors, variables)
        return jax.lax.switch(index, branches, tensors, variables)

    results = _emit(type_name, name, leading, operands, assigned, compute, jit)
    return _pack_outputs(bodies[0].structure, results)


def _trace_branch(fn, name):
    return _Body(name, [], lambda _: fn())


def cond(pred, true_fn=None, false_fn=None, name=None):
    """`true_fn()` if `pred` else `false_fn()`.

    Eagerly, only the chosen branch runs (and returns whatever it returns). In a graph both are
    traced, must return the same structure of tensors (same dtypes and shapes), and one op chooses
    at run time; `pred` must then be a boolean scalar tensor, not a Python bool.
    """
    if true_fn is None:
        raise TypeError("cond(): 'true_fn' argument required")
    if false_fn is None:
        raise TypeError("cond(): 'false_fn' argument required")
    _check_callable(true_fn, "true_fn")
    _check_callable(false_fn, "false_fn")
    if not _in_graph():
        if isinstance(pred, Variable):
            pred = read_variable(pred)
        return true_fn() if pred else false_fn()
    if isinstance(pred, bool):
        raise TypeError("pred must not be a Python bool", pred)
    pred = convert_to_tensor(pred)
    if pred.dtype is not dtypes.bool:
        raise TypeError(f"pred must be a boolean tensor, got a {pred.dtype.name} tensor")
    if pred.shape.rank not in (0, None):
        raise ValueError(f"pred must be a scalar, got a tensor of shape {pred.shape}")
    bodies = [_trace_branch(false_fn, "cond_false"), _trace_branch(true_fn, "cond_true")]
    _check_branch_outputs(bodies[::-1], ["true_fn", "false_fn"], "true_fn and false_fn arguments to tf.cond")
    return _select(
        "If", name or "cond", [pred], bodies, lambda leading: jnp.reshape(leading[0], ()).astype(jnp.int32)
    )


def _canonical_branches(branch_fns) -> list:
    """The branch functions in key order: from a list of callables, a list of (int, callable)
    pairs, or a dict int -> callable; keys must be 0..n-1."""
    if isinstance(branch_fns, dict):
        items = list(branch_fns.items())
    elif (
        isinstance(branch_fns, (list, tuple)) and branch_fns and all(isinstance(f, tuple) for f in branch_fns)
    ):
        items = list(branch_fns)
    elif isinstance(branch_fns, (list, tuple)):
        items = list(enumerate(branch_fns))
    else:
        raise TypeError(f"branch_fns must be a list, tuple, or dict, got {type(branch_fns).__name__}")
    if not items:
        raise ValueError("Must provide at least one item in branch_fns")
    for key, fn in items:
        if not isinstance(key, (int, np.integer)) or isinstance(key, bool):
            raise TypeError(f"branch index must be an int, got {key!r}")
        _check_callable(fn, f"branch_fns[{key}]")
    keys = sorted(int(k) for k, _ in items)
    if len(set(keys)) != len(keys):
        raise ValueError(f"branch indices (keys) must be unique, got {keys}")
    if keys != list(range(len(keys))):
        raise ValueError(
            f"branch indices (keys) must form contiguous range of [0 to {len(keys)}) but found {keys}"
        )
    return [fn for _, fn in sorted(items, key=lambda item: int(item[0]))]


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """Runs `branch_fns[branch_index]()`; an out-of-range index (negative too) runs `default`, or the
    last branch when there is no default."""
    if not isinstance(branch_index, Tensor):
        raise TypeError(f"'branch_index' must be a Tensor, got {type(branch_index)}")
    if not branch_index.dtype.is_integer:
        raise TypeError(f"'branch_index' must be an integer Tensor, got {branch_index.dtype!r}")
    fns = _canonical_branches(branch_fns)
    if default is not None:
        _check_callable(default, "default")
    count = len(fns)
    if not _in_graph():
        index = int(branch_index)
        if 0 <= index < count:
            return fns[index]()
        return (default or fns[-1])()
    if branch_index.shape.rank not in (0, None):
        raise ValueError(f"branch_index must be a scalar, got a tensor of shape {branch_index.shape}")
    bodies = [_trace_branch(fn, f"switch_case_branch{i}") for i, fn in enumerate(fns)]
    if default is not None:
        bodies.append(_trace_branch(default, "switch_case_default"))
    names = [f"branch {i}" for i in range(count)] + (["default"] if default is not None else [])
    _check_branch_outputs(bodies, names, "All branch functions of tf.switch_case")
    fallback = len(bodies) - 1

    def to_index(leading):
        index = jnp.reshape(leading[0], ()).astype(jnp.int32)
        return jnp.where((index < 0) | (index >= count), fallback, index)

    return _select("Case", name or "switch_case", [branch_index], bodies, to_index)


def _unpack_singleton(value, strict: bool):
    if not strict and isinstance(value, (list, tuple)) and len(value) == 1:
        return value[0]
    return value


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """Runs the function of the first pair whose predicate is true, else `default()`.

    Without `default`, the last pair's function is the fallback and TensorFlow requires one
    predicate to be true; with `exclusive=True` at most one may be. Eagerly (and in a graph when the
    predicates are known while building) a violation raises InvalidArgumentError; a graph whose
    predicates are only known when it runs does not check them (lamina graphs cannot raise from
    inside a compiled program yet): it runs the first true pair's function, or the fallback.
    A single-element list or tuple result is unpacked unless `strict=True`.
    """
    if isinstance(pred_fn_pairs, dict):
        pairs = list(pred_fn_pairs.items())
    elif isinstance(pred_fn_pairs, (list, tuple)):
        pairs = list(pred_fn_pairs)
    else:
        raise TypeError("pred_fn_pairs must be a list, tuple, or dict")
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in pred_fn_pairs must be a 2-tuple, got {pair!r}")
        pred, fn = pair
        _check_callable(fn, "fn")
        if isinstance(pred, Tensor) and pred.dtype is not dtypes.bool:
            raise TypeError(f"pred must be Tensor of type bool: {pred!r}")
    if default is not None:
        _check_callable(default, "default")
    if not pairs:
        if default is None:
            raise ValueError("tf.case needs at least one (pred, fn) pair or a default")
        return _unpack_singleton(default(), strict)
    preds = [convert_to_tensor(p, dtype=dtypes.bool) for p, _ in pairs]
    fns = [fn for _, fn in pairs]
    known = [_static_bool(p) for p in preds]
    if all(k is not None for k in known):
        _check_case(known, exclusive, default is None)
    if not _in_graph():
        chosen = next((fn for fn, value in zip(fns, known) if value), default)
        return _unpack_singleton(chosen(), strict)
    bodies = [_trace_branch(fn, f"case_branch{i}") for i, fn in enumerate(fns)]
    if default is not None:
        bodies.append(_trace_branch(default, "case_default"))
    names = [f"branch {i}" for i in range(len(fns))] + (["default"] if default is not None else [])
    _check_branch_outputs(bodies, names, "All functions of tf.case")
    fallback = len(bodies) - 1

    def to_index(leading):
        stacked = jnp.stack([jnp.reshape(p, ()) for p in leading])
        return jnp.where(jnp.any(stacked), jnp.argmax(stacked), fallback).astype(jnp.int32)

    result = _select("Case", name or "case", preds, bodies, to_index)
    return _unpack_singleton(result, strict)


def _static_bool(tensor):
    value = tensor.numpy() if isinstance(tensor, EagerTensor) else getattr(tensor, "_static_value", None)
    if value is None:
        return None
    value = np.asarray(value)
    if value.size != 1:
        raise ValueError(f"pred must be a scalar, got a tensor of shape {value.shape}")
    return bool(value.reshape(()))


def _check_case(values, exclusive: bool, no_default: bool):
    shown = ", ".join(str(v) for v in values)
    if exclusive and sum(values) > 1:
        raise op_error(
            InvalidArgumentError,
            "case",
            f"Input error: exclusive=True: more than 1 conditions evaluated as True: {shown}",
        )
    if no_default and not any(values):
        raise op_error(
            InvalidArgumentError, "case", f"Input error: None of conditions evaluated as True: {shown}"
        )


# ---- while_loop ------------------------------------------------------------------------------------
def _no_reverse_gradient(*_):
    raise op_error(
        InvalidArgumentError,
        "While",
        "tf.while_loop without `maximum_iterations` cannot be differentiated in reverse mode: lamina "
        "compiles it to an XLA while loop, whose trip count is unknown when the gradient is built. Pass "
        "`maximum_iterations=` (an upper bound on the number of iterations) to tf.while_loop to make it "
        "differentiable.",
    )


def _forward_only(fn):
    """`fn` whose reverse-mode gradient raises the error above instead of JAX's."""
    wrapped = jax.custom_vjp(fn)
    wrapped.defvjp(lambda *args: (fn(*args), None), _no_reverse_gradient)
    return wrapped


def _enter_composites(loop_vars, call_body, limit):
    """Composite loop variables (a graph tf.TensorArray) fix their storage for the loop:
    `_lamina_enter_loop(maximum_iterations, probe)` returns the value the loop carries, where `probe()`
    traces the body once in a throwaway graph and returns what it made of that loop variable (how an
    array whose element shape is still unknown learns it from the loop's writes)."""
    leaves = nest.flatten(loop_vars)
    if not any(_is_composite(leaf) for leaf in leaves):
        return loop_vars
    traced: list = []

    def probe(index):
        if not traced:
            graph = FuncGraph("while_probe", outer_graph=STATE.builder)
            with _tracing(graph):
                inputs = [
                    leaf if _is_composite(leaf) else graph.placeholder(leaf.dtype, leaf.shape)
                    for leaf in (_as_loop_tensor(v) for v in leaves)
                ]
                output = call_body(nest.pack_sequence_as(loop_vars, inputs))
                traced.append(nest.flatten(_repack_body_output(loop_vars, output)))
        return traced[0][index]

    entered = [
        leaf._lamina_enter_loop(limit, lambda i=i: probe(i)) if _is_composite(leaf) else leaf
        for i, leaf in enumerate(leaves)
    ]
    return nest.pack_sequence_as(loop_vars, entered)


def _caller(fn, template):
    """Calls `fn` with loop variables as TensorFlow does: spread when they are a list or tuple."""
    if isinstance(template, (list, tuple)):
        return lambda values: fn(*values)
    return lambda values: fn(values)


def _repack_body_output(template, output):
    """The body's result in the loop variables' structure (leaves converted to tensors)."""
    if isinstance(template, (list, tuple)) and len(template) == 1 and not nest.is_nested(output):
        output = [output]
    nest.assert_same_structure(template, output, check_types=False)
    return nest.pack_sequence_as(template, [_as_loop_tensor(v) for v in nest.flatten(output)])


def _static_int(value):
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, EagerTensor):
        return int(value.numpy())
    if isinstance(value, SymbolicTensor) and value._static_value is not None:
        return int(value._static_value)
    if isinstance(value, Tensor):
        return None
    return int(value)


def _shape_allows(invariant: TensorShape, shape: TensorShape) -> bool:
    """True if `shape` is at least as specific as `invariant` (TensorFlow's loop-shape rule)."""
    if invariant.rank is None:
        return True
    if shape.rank != invariant.rank:
        return False
    return all(i is None or i == s for i, s in zip(invariant.as_list(), shape.as_list()))


def _display_name(tensor, index: int) -> str:
    return tensor.name if isinstance(tensor, SymbolicTensor) else f"loop_vars[{index}]"


def while_loop(
    cond,
    body,
    loop_vars,
    shape_invariants=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    maximum_iterations=None,
    name=None,
):
    """Repeats `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`; returns the final loop_vars
    (same structure). See the module docstring for gradients and `maximum_iterations`."""
    _check_callable(cond, "cond")
    _check_callable(body, "body")
    if (
        isinstance(parallel_iterations, bool)
        or not isinstance(parallel_iterations, int)
        or parallel_iterations < 1
    ):
        raise TypeError("'parallel_iterations' must be a positive integer.")
    if loop_vars is None or (nest.is_nested(loop_vars) and not nest.flatten(loop_vars)):
        raise ValueError("'loop_vars' must be provided.")
    call_cond, call_body = _caller(cond, loop_vars), _caller(body, loop_vars)
    if not _in_graph():
        flat = [_as_loop_tensor(v) for v in nest.flatten(loop_vars)]
        limit = None if maximum_iterations is None else _static_int(maximum_iterations)
        values, count = nest.pack_sequence_as(loop_vars, flat), 0
        while (limit is None or count < limit) and call_cond(values):
            values = _repack_body_output(loop_vars, call_body(values))
            count += 1
        return values
    # A graph loop carries a composite loop variable (tf.TensorArray) as its component tensors.
    limit = None if maximum_iterations is None else _static_int(maximum_iterations)
    loop_vars = _enter_composites(loop_vars, call_body, limit)
    flat = [_as_loop_tensor(v) for v in nest.flatten(loop_vars, expand_composites=True)]
    return _graph_while_loop(
        call_cond, call_body, loop_vars, flat, shape_invariants, maximum_iterations, name or "while"
    )


def _flat_invariants(loop_vars, shape_invariants) -> list:
    """shape_invariants flattened like the loop variables with composites expanded: a composite's
    components keep their own shapes."""
    invariants = nest.flatten(shape_invariants)
    leaves = nest.flatten(loop_vars)
    if len(invariants) != len(leaves) or not any(_is_composite(leaf) for leaf in leaves):
        return invariants
    flat = []
    for leaf, invariant in zip(leaves, invariants):
        if _is_composite(leaf):
            flat.extend(t.shape for t in nest.flatten(leaf, expand_composites=True))
        else:
            flat.append(invariant)
    return flat


def _loop_invariants(loop_vars, flat, shape_invariants):
    if shape_invariants is None:
        return [t.shape for t in flat]
    invariants = _flat_invariants(loop_vars, shape_invariants)
    if len(invariants) != len(flat):
        raise ValueError(
            f"shape_invariants must have the structure of loop_vars: {len(invariants)} shapes for "
            f"{len(flat)} loop variables"
        )
    invariants = [as_shape(s) for s in invariants]
    for i, (tensor, invariant) in enumerate(zip(flat, invariants)):
        if not _shape_allows(invariant, tensor.shape):
            raise ValueError(
                f"The shape invariant specified for {_display_name(tensor, i)} is not compatible with the "
                f"initial shape of the loop variable. It enters the loop with shape {tensor.shape}, but the "
                f"specified shape invariant is {invariant}."
            )
    return invariants


def _graph_while_loop(call_cond, call_body, loop_vars, flat, shape_invariants, maximum_iterations, name):
    invariants = _loop_invariants(loop_vars, flat, shape_invariants)
    specs = [(t.dtype, s) for t, s in zip(flat, invariants)]

    def pack(placeholders):
        return nest.pack_sequence_as(loop_vars, placeholders, expand_composites=True)

    cond_body = _Body("while_cond", specs, lambda phs: call_cond(pack(phs)))
    loop_body = _Body("while_body", specs, lambda phs: _repack_body_output(loop_vars, call_body(pack(phs))))
    predicate = nest.flatten(cond_body.structure)
    if len(predicate) != 1 or predicate[0] is None or predicate[0].dtype is not dtypes.bool:
        raise TypeError(f"tf.while_loop's cond must return a boolean scalar, got {cond_body.structure}")
    if predicate[0].shape.num_elements() not in (1, None):
        raise ValueError(f"tf.while_loop's cond must return a scalar, got shape {predicate[0].shape}")
    for i, (tensor, invariant, out) in enumerate(zip(flat, invariants, loop_body.outputs)):
        label = _display_name(tensor, i)
        if out.dtype is not tensor.dtype:
            raise TypeError(
                f"Loop var {label} enters the loop with type {tensor.dtype!r} but has type {out.dtype!r} "
                f"after 1 iteration. {label} type should remain constant."
            )
        if not _shape_allows(invariant, out.shape):
            raise ValueError(
                f"Input tensor `{label}` enters the loop with shape {tensor.shape}, but has shape "
                f"{out.shape} after one iteration. To allow the shape to vary across iterations, use the "
                "`shape_invariants` argument of tf.while_loop to specify a less-specific shape."
            )
    operands, (cond_b, body_b), assigned, jit = _bind([cond_body, loop_body])
    if cond_b.assigned_index:
        raise ValueError("tf.while_loop's cond must not assign variables; assign them in body instead.")
    limit = None if maximum_iterations is None else _static_int(maximum_iterations)
    leading = list(flat)
    dynamic_limit = maximum_iterations is not None and limit is None
    if dynamic_limit:
        leading.append(convert_to_tensor(maximum_iterations))
    count = len(flat)
    labels = [_display_name(t, i) for i, t in enumerate(flat)]

    def loop_functions(tensors, variables):
        """The loop's condition and step on carries (loop values, assigned variables' values)."""

        def env(carried):
            current = list(variables)
            for index, value in zip(assigned, carried):
                current[index] = value
            return current

        def keep_going(carry):
            (predicate,), _ = cond_b(carry[0], tensors, env(carry[1]))
            return jnp.reshape(predicate, ())

        def step(carry):
            outputs, new_variables = body_b(carry[0], tensors, env(carry[1]))
            return (
                tuple(_like(o, v) for o, v in zip(outputs, carry[0])),
                tuple(_like(new_variables[i], v) for i, v in zip(assigned, carry[1])),
            )

        return keep_going, step

    # custom_vjp functions must not close over traced values: everything is an argument.
    def unbounded(tensors, variables, carry):
        return jax.lax.while_loop(*loop_functions(tensors, variables), carry)

    def counted(tensors, variables, carry, bound):
        return _counted_loop(*loop_functions(tensors, variables), carry, bound)

    def compute(leading_arrays, tensors, variables):
        tensors, variables = tuple(tensors), tuple(variables)
        keep_going, step = loop_functions(tensors, variables)
        carry = (tuple(leading_arrays[:count]), tuple(variables[i] for i in assigned))
        if not jit:  # a body has host ops: loop in Python
            steps = 0
            bound = int(leading_arrays[count]) if dynamic_limit else limit
            while (bound is None or steps < bound) and bool(keep_going(carry)):
                carry, steps = step(carry), steps + 1
            return carry
        _check_loop_shapes(step, carry, labels)
        if limit is not None:
            return _bounded_loop(keep_going, step, carry, limit)
        if dynamic_limit:
            return _forward_only(counted)(tensors, variables, carry, leading_arrays[count])
        return _forward_only(unbounded)(tensors, variables, carry)

    results = _emit("While", name, leading, operands, assigned, compute, jit)
    return nest.pack_sequence_as(loop_vars, results, expand_composites=True)


def _counted_loop(keep_going, step, carry, limit):
    def go(state):
        steps, inner = state
        return jnp.logical_and(steps < limit, keep_going(inner))

    def advance(state):
        steps, inner = state
        return steps + 1, step(inner)

    return jax.lax.while_loop(go, advance, (jnp.zeros((), jnp.asarray(limit).dtype), carry))[1]


def _bounded_loop(keep_going, step, carry, limit: int):
    """At most `limit` iterations as a scan (reverse-differentiable): once the condition is false,
    the remaining steps leave the carry unchanged."""

    def scan_step(state, _):
        done, inner = state
        go = jnp.logical_and(jnp.logical_not(done), keep_going(inner))
        inner = jax.lax.cond(go, step, lambda c: c, inner)
        return (jnp.logical_not(go), inner), None

    (_, carry), _ = jax.lax.scan(scan_step, (jnp.asarray(False), carry), None, length=max(limit, 0))
    return carry


def _check_loop_shapes(step, carry, labels):
    """XLA loops keep every loop variable's shape; say so clearly when the body changes one."""
    after = jax.eval_shape(step, carry)
    for label, before, now in zip(labels, carry[0], after[0]):
        if tuple(np.shape(before)) != tuple(now.shape):
            raise ValueError(
                f"Loop variable {label} enters tf.while_loop with shape {tuple(np.shape(before))} and has "
                f"shape {tuple(now.shape)} after one iteration. Its shape invariant allows that, but lamina "
                "compiles loops with XLA, where every loop variable keeps one shape: pad it to a fixed "
                "maximum size (and carry its length in another loop variable) instead."
            )
