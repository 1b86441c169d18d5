"""Functions applied over the elements of tensors: `tf.scan`, `tf.foldl`, `tf.foldr`, `tf.map_fn`
and `tf.vectorized_map`.

Eagerly (over at least one element), `tf.scan`, `tf.foldl`, `tf.foldr` and `tf.map_fn` loop in
Python over the elements (`elems` unpacked along axis 0), and a tape records the ops that ran. While
a graph is built, `fn` is traced into a FuncGraph and the construct becomes one op that calls
`lax.scan` on it (see lamina/ops/_subgraphs.py). `tf.vectorized_map` traces `fn` for one element and
vectorizes it with `jax.vmap` (one compiled op, eagerly too); a `fn` that JAX cannot trace falls
back to `tf.map_fn`.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from lamina._core import dtypes, nest
from lamina._core.convert import convert_to_tensor
from lamina._core.dispatch import read_variable
from lamina._core.errors import InvalidArgumentError, OutOfRangeError, op_error
from lamina._core.shape import TensorShape
from lamina._core.tensor import Tensor
from lamina._core.tensor_spec import TensorSpec
from lamina._core.variables import Variable
from lamina.ops import array_ops
from lamina.ops._subgraphs import (
    _as_loop_tensor,
    _bind,
    _Body,
    _check_callable,
    _emit,
    _in_graph,
    _like,
    _pack_outputs,
)

__all__ = ["foldl", "foldr", "map_fn", "scan", "vectorized_map"]


# ---- scan, foldl, foldr, map_fn, vectorized_map ----------------------------------------------------
def _elements(elems):
    """The flat element tensors (rank >= 1, one leading size) and that size (None if unknown)."""
    flat = [_as_loop_tensor(e) for e in nest.flatten(elems)]
    if not flat:
        raise ValueError("elems must be a Tensor or a (possibly nested) sequence of Tensors, not empty")
    size = None
    for tensor in flat:
        if tensor.shape.rank == 0:
            raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
        if tensor.shape.rank is None:
            continue
        first = tensor.shape.as_list()[0]
        if first is not None and size is not None and first != size:
            raise ValueError(f"Dimensions {size} and {first} are not compatible")
        size = first if first is not None else size
    return flat, size


def _element_spec(tensor):
    shape = tensor.shape
    return tensor.dtype, (TensorShape(None) if shape.rank is None else TensorShape(shape.as_list()[1:]))


def _check_accumulators(initial, outputs, what: str):
    for i, (start, out) in enumerate(zip(initial, outputs)):
        if out.dtype is not start.dtype:
            raise TypeError(
                f"{what}: accumulator {i} starts as {start.dtype.name} but fn returns {out.dtype.name}; "
                "its dtype must stay the same."
            )
        if start.shape.rank is not None and out.shape.rank is not None:
            a, b = start.shape.as_list(), out.shape.as_list()
            if len(a) != len(b) or any(x is not None and y is not None and x != y for x, y in zip(a, b)):
                raise ValueError(
                    f"{what}: accumulator {i} starts with shape {start.shape} but fn returns shape "
                    f"{out.shape}; lamina compiles the loop with XLA, where the accumulator keeps one shape."
                )


def _fold_input(fn, initializer, elems, reverse: bool, collect: bool, name: str, what: str):
    """scan (collect=True) and foldl/foldr (collect=False): the shared argument handling."""
    _check_callable(fn, "fn")
    flat, size = _elements(elems)
    if initializer is None:
        if size == 0:
            raise op_error(OutOfRangeError, what, "Tried to read from index 0 but array size is: 0")
        template = elems
        initial = None
    else:
        template = initializer
        initial = [_as_loop_tensor(v) for v in nest.flatten(initializer)]
    if not _in_graph() and size != 0:
        return _eager_fold(fn, template, initial, elems, flat, reverse, collect, what)
    return _graph_fold(fn, template, initial, elems, flat, reverse, collect, name, what)


def _eager_fold(fn, template, initial, elems, flat, reverse, collect, what):
    columns = [array_ops.unstack(e) for e in flat]
    size = len(columns[0])
    order = list(range(size))[::-1] if reverse else list(range(size))
    results = [None] * size
    if initial is None:  # the first element (last when reversed) is the initial accumulator
        first, order = order[0], order[1:]
        initial = [column[first] for column in columns]
        results[first] = initial
    accumulator = nest.pack_sequence_as(template, initial)
    for i in order:
        output = fn(accumulator, nest.pack_sequence_as(elems, [column[i] for column in columns]))
        nest.assert_same_structure(template, output, check_types=False)
        leaves = [_as_loop_tensor(v) for v in nest.flatten(output)]
        accumulator = nest.pack_sequence_as(template, leaves)
        results[i] = leaves
    if not collect:
        return accumulator
    stacked = [array_ops.stack([r[k] for r in results]) for k in range(len(initial))]
    return nest.pack_sequence_as(template, stacked)


def _graph_fold(fn, template, initial, elems, flat, reverse, collect, name, what):
    if initial is None:
        acc_specs = [_element_spec(e) for e in flat]
    else:
        acc_specs = [(t.dtype, t.shape) for t in initial]
    x_specs = [_element_spec(e) for e in flat]
    num_acc = len(acc_specs)

    def call(placeholders):
        accumulator = nest.pack_sequence_as(template, placeholders[:num_acc])
        output = fn(accumulator, nest.pack_sequence_as(elems, placeholders[num_acc:]))
        nest.assert_same_structure(template, output, check_types=False)
        return nest.pack_sequence_as(template, [_as_loop_tensor(v) for v in nest.flatten(output)])

    body = _Body(f"{what}_fn", acc_specs + x_specs, call)
    _check_accumulators(body.inputs[:num_acc], body.outputs, f"tf.{what}")
    operands, (bound,), assigned, jit = _bind([body])
    drop_first = initial is None
    leading = list(flat) if drop_first else list(initial) + list(flat)

    def compute(leading_arrays, tensors, variables):
        tensors, variables = tuple(tensors), tuple(variables)
        xs = list(leading_arrays[0 if drop_first else num_acc :])
        if drop_first:
            start = [x[-1] if reverse else x[0] for x in xs]
            xs = [x[:-1] if reverse else x[1:] for x in xs]
        else:
            start = list(leading_arrays[:num_acc])

        def step(carry, x):
            accumulator, carried = carry
            current = list(variables)
            for index, value in zip(assigned, carried):
                current[index] = value
            outputs, current = bound(list(accumulator) + list(x), tensors, current)
            accumulator = tuple(_like(o, a) for o, a in zip(outputs, accumulator))
            carried = tuple(_like(current[i], v) for i, v in zip(assigned, carried))
            return (accumulator, carried), (accumulator if collect else None)

        carry = (tuple(start), tuple(variables[i] for i in assigned))
        if jit:
            (accumulator, carried), ys = jax.lax.scan(step, carry, tuple(xs), reverse=reverse)
        else:
            accumulator, carried, ys = _python_scan(step, carry, xs, reverse, collect)
        if not collect:
            return accumulator, carried
        if drop_first:
            pieces = [(y, jnp.expand_dims(s, 0)) for y, s in zip(ys, start)]
            ys = tuple(jnp.concatenate(p[::-1] if not reverse else p) for p in pieces)
        return ys, carried

    results = _emit("While", name, leading, operands, assigned, compute, jit)
    return nest.pack_sequence_as(template, results)


def _python_scan(step, carry, xs, reverse, collect):
    """lax.scan's semantics in Python, for bodies with host ops (not traceable by JAX)."""
    size = int(np.shape(xs[0])[0]) if xs else 0
    order = range(size - 1, -1, -1) if reverse else range(size)
    ys = [None] * size
    for i in order:
        carry, ys[i] = step(carry, tuple(x[i] for x in xs))
    if not collect:
        return carry[0], carry[1], None
    stacked = tuple(
        jnp.stack([y[k] for y in ys]) if size else jnp.zeros((0, *np.shape(a)), jnp.asarray(a).dtype)
        for k, a in enumerate(carry[0])
    )
    return carry[0], carry[1], stacked


def scan(
    fn,
    elems,
    initializer=None,
    parallel_iterations=10,
    back_prop=True,
    swap_memory=False,
    infer_shape=True,
    reverse=False,
    name=None,
):
    """Repeatedly applies `acc = fn(acc, x)` over the elements of `elems` (unpacked along axis 0)
    and stacks every `acc`. Without `initializer` the first element (the last when `reverse`) is
    the initial accumulator and appears in the output as is."""
    return _fold_input(fn, initializer, elems, bool(reverse), True, name or "scan", "scan")


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """`fn(...fn(fn(initializer, elems[0]), elems[1])..., elems[n-1])`: the final accumulator."""
    return _fold_input(fn, initializer, elems, False, False, name or "foldl", "foldl")


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """foldl from the last element to the first."""
    return _fold_input(fn, initializer, elems, True, False, name or "foldr", "foldr")


def _signature_leaf(leaf):
    if isinstance(leaf, TensorSpec):
        return leaf.dtype, TensorShape(leaf.shape)
    if isinstance(leaf, Tensor):
        return leaf.dtype, TensorShape(None)
    return dtypes.as_dtype(leaf), TensorShape(None)


def _map_output(value, dtype, shape):
    """One leaf of map_fn's result as a tensor of the dtype the output signature says."""
    if isinstance(value, Variable):
        value = read_variable(value)
    if not isinstance(value, Tensor):
        value = convert_to_tensor(value, dtype=dtype)
    if value.dtype is not dtype:
        raise op_error(
            InvalidArgumentError,
            "map_fn",
            f"map_fn's fn returned a {value.dtype.name} tensor where {dtype.name} was expected; give "
            "fn_output_signature when fn's outputs differ from elems in dtype or structure",
        )
    if not shape.is_compatible_with(value.shape):
        raise ValueError(f"Incompatible shape for value ({value.shape}), expected ({shape})")
    return value


def map_fn(
    fn,
    elems,
    dtype=None,
    parallel_iterations=None,
    back_prop=True,
    swap_memory=False,
    infer_shape=True,
    name=None,
    fn_output_signature=None,
):
    """Stacks `fn(x)` for each element `x` of `elems` (unpacked along axis 0). fn's result must have
    the structure and dtypes of `fn_output_signature` (`dtype` is its deprecated name), or of
    `elems` when neither is given."""
    _check_callable(fn, "fn")
    signature = fn_output_signature if fn_output_signature is not None else dtype
    flat, size = _elements(elems)
    if signature is None:
        template = elems
        specs = [(t.dtype, TensorShape(None)) for t in flat]
    else:
        template = signature
        specs = [_signature_leaf(leaf) for leaf in nest.flatten(signature)]

    def outputs_of(x):
        output = fn(x)
        nest.assert_same_structure(template, output, check_types=False)
        return [_map_output(v, d, s) for v, (d, s) in zip(nest.flatten(output), specs)]

    if not _in_graph() and size != 0:
        columns = [array_ops.unstack(e) for e in flat]
        rows = [outputs_of(nest.pack_sequence_as(elems, [c[i] for c in columns])) for i in range(size)]
        stacked = [array_ops.stack([row[k] for row in rows]) for k in range(len(specs))]
        return nest.pack_sequence_as(template, stacked)
    body = _Body(
        "map_fn_fn",
        [_element_spec(e) for e in flat],
        lambda phs: outputs_of(nest.pack_sequence_as(elems, phs)),
    )
    operands, (bound,), assigned, jit = _bind([body])

    def compute(leading_arrays, tensors, variables):
        tensors, variables = tuple(tensors), tuple(variables)

        def step(carried, x):
            current = list(variables)
            for index, value in zip(assigned, carried):
                current[index] = value
            outputs, current = bound(list(x), tensors, current)
            return tuple(_like(current[i], v) for i, v in zip(assigned, carried)), tuple(outputs)

        carry = tuple(variables[i] for i in assigned)
        if jit:
            carried, ys = jax.lax.scan(step, carry, tuple(leading_arrays))
        else:
            count = int(np.shape(leading_arrays[0])[0])
            rows = []
            for i in range(count):
                carry, row = step(carry, tuple(x[i] for x in leading_arrays))
                rows.append(row)
            if not rows:
                raise op_error(
                    InvalidArgumentError, "map_fn", "map_fn over zero elements needs a traceable fn"
                )
            carried, ys = carry, tuple(jnp.stack(column) for column in zip(*rows))
        return ys, carried

    results = _emit("While", name or "map", list(flat), operands, assigned, compute, jit)
    return nest.pack_sequence_as(template, results)


def vectorized_map(fn, elems, fallback_to_while_loop=True, warn=True):
    """`fn` applied to every element of `elems` at once: fn is traced for one element and
    vectorized with jax.vmap (one compiled op, eagerly too)."""
    _check_callable(fn, "fn")
    flat, _ = _elements(elems)
    body = _Body(
        "vectorized_map_fn",
        [_element_spec(e) for e in flat],
        lambda phs: fn(nest.pack_sequence_as(elems, phs)),
    )
    operands, (bound,), assigned, jit = _bind([body])
    if assigned:
        raise ValueError("tf.vectorized_map's fn must not assign variables.")
    if not jit:
        if not fallback_to_while_loop:
            raise ValueError("tf.vectorized_map: fn uses ops that cannot be vectorized")
        return map_fn(
            fn,
            elems,
            fn_output_signature=nest.map_structure(
                lambda t: None if t is None else TensorSpec(t.shape, t.dtype), body.structure
            ),
        )

    def compute(leading_arrays, tensors, variables):
        def one(*x):
            return tuple(bound(list(x), tensors, variables)[0])

        return jax.vmap(one)(*leading_arrays), ()

    results = _emit("VectorizedMap", "vectorized_map", list(flat), operands, [], compute, jit)
    return _pack_outputs(body.structure, results)
