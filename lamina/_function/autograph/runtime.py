"""The operators converted code calls (`ag__.if_stmt`, `ag__.for_stmt`, ...).

Each one decides at run time, from the values it receives: a symbolic tensor (a graph being built)
becomes graph control flow through `tf.cond` / `tf.while_loop`; anything else (Python values, eager
tensors) runs as plain Python with exactly Python's semantics.

Converted statements hand over their variables as a "state": `get_state()` returns the values of the
variables the statement modifies and that are read later (a tuple, in the order of `names`),
`set_state(values)` writes them back. A graph branch or loop body starts with `set_state(inputs)`,
runs the Python body once (tracing it) and ends with `get_state()` as its outputs.
"""

from __future__ import annotations

import builtins
import functools
import math
import sys

from lamina._core.context import STATE
from lamina._core.errors import unimplemented
from lamina._core.graph import FuncGraph, SymbolicTensor
from lamina._core.tensor import Tensor


# ---- undefined values ------------------------------------------------------------------------------
class Undefined:
    """The value of a variable that a converted statement carries before it has been assigned."""

    __slots__ = ("symbol_name",)

    def __init__(self, symbol_name: str):
        self.symbol_name = symbol_name

    def __repr__(self):
        return f"<undefined {self.symbol_name}>"


class UndefinedReturnValue(Undefined):
    """The return value before any `return` ran (see the return lowering in transformer.py)."""

    __slots__ = ()

    def __init__(self, symbol_name: str = "retval_"):
        super().__init__(symbol_name)


def _unbound(name: str) -> UnboundLocalError:
    return UnboundLocalError(f"cannot access local variable '{name}' where it is not associated with a value")


def ld(value):
    """Loads a variable that converted code may have left undefined."""
    if isinstance(value, Undefined):
        raise _unbound(value.symbol_name)
    return value


def ld_or_undefined(local_values: dict, name: str):
    """The variable's current value if it has one (from `locals()`), else an Undefined."""
    return local_values[name] if name in local_values else Undefined(name)


def return_value(value):
    """What the converted function returns: None when no `return` statement ran."""
    return None if isinstance(value, UndefinedReturnValue) else value


# ---- helpers ---------------------------------------------------------------------------------------
def _is_symbolic(value) -> bool:
    return isinstance(value, SymbolicTensor)


def _where(depth: int = 2) -> str:
    frame = sys._getframe(depth)
    return f"{frame.f_code.co_filename}:{frame.f_lineno}"


def _control_flow_ops():
    # Imported lazily: lamina.ops.control_flow_ops sits above nothing we import at module level.
    from lamina.ops import control_flow_ops

    return control_flow_ops


def _as_tuple(values) -> tuple:
    return tuple(values) if isinstance(values, (list, tuple)) else (values,)


def _to_bool_tensor(value):
    from lamina._core.convert import convert_to_tensor

    return convert_to_tensor(value) if isinstance(value, Tensor) else convert_to_tensor(bool(value))


def _zeros(spec):
    from lamina.ops.creation_ops import zeros

    dtype, shape = spec
    return zeros(shape, dtype)


def _spec_of(value, what: str):
    """(dtype, shape) of a traced value, for a zero placeholder of the same kind."""
    from lamina._core.convert import convert_to_tensor

    tensor = value if isinstance(value, Tensor) else convert_to_tensor(value)
    if not tensor.shape.is_fully_defined():
        raise ValueError(f"{what}: its shape {tensor.shape} is not fully known.")
    return tensor.dtype, tuple(tensor.shape.as_list())


def _probe(run):
    """Runs `run` once in a throwaway graph nested in the current one (to learn dtypes and shapes)."""
    graph = FuncGraph("autograph_probe", outer_graph=STATE.builder)
    with graph.as_default():
        return run()


def _nothing():
    return None


# ---- if ----------------------------------------------------------------------------------------------
def if_stmt(test, body, orelse, get_state, set_state, names):
    """`if test: body() else: orelse()`; a symbolic `test` becomes one tf.cond over the state."""
    if _is_symbolic(test):
        _graph_if(test, body, orelse, get_state, set_state, names, _where())
    elif test:
        body()
    else:
        orelse()


class _UndefinedInBranch(Exception):
    def __init__(self, index, branch, value):
        super().__init__(index, branch)
        self.index, self.branch, self.value = index, branch, value


def _graph_if(test, body, orelse, get_state, set_state, names, where):
    initial = tuple(get_state())
    fills: dict = {}  # index -> (dtype, shape): return values undefined in one branch become zeros
    dropped: set = set()  # undefined in both branches: not an output

    def branch(function, label):
        def run():
            set_state(initial)
            function()
            outputs = []
            for index, value in enumerate(get_state()):
                if index in dropped:
                    continue
                if isinstance(value, Undefined):
                    if index not in fills:
                        raise _UndefinedInBranch(index, label, value)
                    value = _zeros(fills[index])
                outputs.append(value)
            return tuple(outputs) if outputs else None

        return run

    while True:
        try:
            results = _control_flow_ops().cond(test, branch(body, "main"), branch(orelse, "else"))
            break
        except _UndefinedInBranch as missing:
            other = orelse if missing.branch == "main" else body
            _resolve_undefined(missing, other, initial, get_state, set_state, names, where, fills, dropped)
    results = iter(() if results is None else _as_tuple(results))
    set_state(tuple(value if index in dropped else next(results) for index, value in enumerate(initial)))


def _resolve_undefined(missing, other, initial, get_state, set_state, names, where, fills, dropped):
    """A variable came out of one branch undefined: look at the other branch to decide what to do."""
    name = names[missing.index]

    def run_other():
        set_state(initial)
        other()
        return get_state()[missing.index]

    value = _probe(run_other)
    if isinstance(value, Undefined):
        dropped.add(missing.index)  # defined on neither path: it stays undefined after the if
    elif isinstance(missing.value, UndefinedReturnValue):
        # A `return` in one branch only: the other branch's value is never used (the return flag is
        # false there), so any value of the right kind will do.
        fills[missing.index] = _spec_of(value, f"the return value at {where}")
    else:
        raise ValueError(
            f"'{name}' must also be initialized in the {missing.branch} branch of the `if` at {where}: "
            f"in a tf.function a variable that the `if` over a tensor assigns, and that is used after it, "
            f"needs a value on both paths. Assign '{name}' before the `if` or in both branches."
        ) from None


def if_exp(test, if_true, if_false):
    """`if_true() if test else if_false()`; a symbolic `test` becomes a tf.cond."""
    if _is_symbolic(test):
        return _control_flow_ops().cond(test, if_true, if_false)
    return if_true() if test else if_false()


# ---- while -------------------------------------------------------------------------------------------
def while_stmt(test, body, get_state, set_state, names):
    """`while test(): body()`; as soon as `test()` returns a symbolic tensor, the remaining loop is a
    tf.while_loop over the state."""
    where = _where()
    while True:
        condition = test()
        if _is_symbolic(condition):
            _graph_while(test, body, get_state, set_state, names, where)
            return
        if not condition:
            return
        body()


def _fill_undefined(initial, names, trace_body, where):
    """Loop variables first assigned inside the loop start as zeros of the dtype and shape that one
    trial trace of the body gives them (like TensorFlow); variables it cannot type are an error."""
    undefined = [i for i, value in enumerate(initial) if isinstance(value, Undefined)]
    if not undefined:
        return list(initial)

    def must_define(index):
        return ValueError(
            f"'{names[index]}' must be defined before the loop at {where}: a loop over a tensor carries "
            f"'{names[index]}' from one iteration to the next, so it needs a value before the first one."
        )

    try:
        traced = list(_probe(lambda: trace_body(initial)))
    except Exception as error:
        raise must_define(undefined[0]) from error
    filled = list(initial)
    for index in undefined:
        value = traced[index]
        if isinstance(value, Undefined):
            raise must_define(index)
        try:
            filled[index] = _zeros(_probe(lambda v=value: _spec_of(v, "")))
        except (ValueError, TypeError) as error:
            raise must_define(index) from error
    return filled


def _check_defined(values, names, where, when):
    for name, value in zip(names, values):
        if isinstance(value, Undefined) and not isinstance(value, UndefinedReturnValue):
            raise ValueError(f"'{name}' became undefined {when} of the loop at {where}.")


def _graph_while(test, body, get_state, set_state, names, where):
    def trace_body(initial):
        set_state(initial)
        body()
        return get_state()

    initial = tuple(get_state())
    initial = _fill_undefined(initial, names, trace_body, where)
    padded = not initial  # tf.while_loop needs at least one loop variable

    def cond_fn(*values):
        set_state(values[padded:])
        return _to_bool_tensor(test())

    def body_fn(*values):
        set_state(values[padded:])
        body()
        outputs = tuple(get_state())
        _check_defined(outputs, names, where, "in the body")
        return (values[0],) + outputs if padded else outputs

    start = (_zero_scalar(),) if padded else tuple(initial)
    results = _as_tuple(_control_flow_ops().while_loop(cond_fn, body_fn, start))
    set_state(results[padded:])


def _zero_scalar():
    from lamina._core.convert import convert_to_tensor

    return convert_to_tensor(0)


# ---- for ---------------------------------------------------------------------------------------------
class _SymbolicRange:
    """`tf.range(start, limit, delta)` with symbolic bounds, iterated by a graph loop (never built)."""

    def __init__(self, start, limit, delta, dtype):
        from lamina._core.convert import convert_to_tensor
        from lamina.ops.cast_ops import cast

        values = [convert_to_tensor(v) for v in (start, limit, delta)]
        if dtype is None:
            order = ("int32", "int64", "float32", "float64")
            dtype = max(
                (v.dtype for v in values), key=lambda d: order.index(d.name) if d.name in order else 0
            )
        self.start, self.limit, self.delta = (cast(v, dtype) for v in values)


def for_iter(function):
    """The callee of a `for` statement's iterable: `tf.range` with symbolic bounds is iterated
    lazily (graph loop over a counter) rather than materialized; other callees are converted."""
    from lamina.ops import creation_ops

    if function is not creation_ops.range:
        return converted(function)

    @functools.wraps(function)
    def range_or_symbolic(start, limit=None, delta=1, dtype=None, name="range"):
        if any(_is_symbolic(v) for v in (start, limit, delta)):
            start, limit = (0, start) if limit is None else (start, limit)
            return _SymbolicRange(start, limit, delta, dtype)
        return function(start, limit, delta, dtype, name)

    return range_or_symbolic


def for_stmt(iterable, extra_test, body, get_state, set_state, names):
    """`for item in iterable: body(item)` while `extra_test()` (break/return flags) holds."""
    where = _where()
    if isinstance(iterable, _SymbolicRange):
        _graph_range_loop(iterable, extra_test, body, get_state, set_state, names, where)
    elif _is_symbolic(iterable):
        _graph_tensor_loop(iterable, extra_test, body, get_state, set_state, names, where)
    elif type(iterable).__module__.startswith("lamina.data"):
        raise unimplemented(
            f"AutoGraph's conversion of a `for` loop over a tf.data.Dataset (at {where}); iterate with "
            "`dataset.reduce(...)` or outside the tf.function"
        )
    else:
        _python_for(iterable, extra_test, body, get_state, set_state, names, where)


def _python_for(iterable, extra_test, body, get_state, set_state, names, where):
    iterator = iter(iterable)
    while True:
        keep = True if extra_test is None else extra_test()
        if not _is_symbolic(keep) and not keep:
            return
        try:
            item = next(iterator)
        except StopIteration:
            return
        if _is_symbolic(keep):
            # A `break` under a tensor condition: each remaining (unrolled) iteration runs under it.
            _graph_if(keep, functools.partial(body, item), _nothing, get_state, set_state, names, where)
        else:
            body(item)


def _and_tensors(first, second):
    if not _is_symbolic(first) and not _is_symbolic(second):
        return _to_bool_tensor(bool(first) and bool(second))
    from lamina.ops.comparison_ops import logical_and

    return logical_and(_to_bool_tensor(first), _to_bool_tensor(second))


def _enter_composites(initial, trace_body, trip_count):
    """A loop of known trip count sizes the composite loop variables it carries (a dynamic-size
    tf.TensorArray gets room for `trip_count` more elements; see lamina/ops/tensor_array_ops.py)."""
    if trip_count is None or not any(hasattr(v, "_lamina_enter_loop") for v in initial):
        return initial
    traced: list = []

    def probe(index):
        if not traced:
            traced.append(list(_probe(lambda: trace_body(initial))))
        return traced[0][index]

    return [
        value._lamina_enter_loop(trip_count, lambda i=i: probe(i))
        if hasattr(value, "_lamina_enter_loop")
        else value
        for i, value in enumerate(initial)
    ]


def _graph_counted_loop(first, keep_going, advance, item_at, extra_test, body, state, where, trip_count=None):
    """The loop `index = first; while keep_going(index) and extra_test(): body(item_at(index))`;
    `trip_count` is its number of iterations when known while tracing (None otherwise)."""
    get_state, set_state, names = state

    def trace_body(initial):
        set_state(initial)
        body(item_at(first))
        return get_state()

    initial = _fill_undefined(tuple(get_state()), names, trace_body, where)
    initial = _enter_composites(initial, trace_body, trip_count)

    def cond_fn(index, *values):
        set_state(values)
        going = keep_going(index)
        return going if extra_test is None else _and_tensors(going, extra_test())

    def body_fn(index, *values):
        set_state(values)
        body(item_at(index))
        outputs = tuple(get_state())
        _check_defined(outputs, names, where, "in the body")
        return (advance(index),) + outputs

    # A trip count known while tracing bounds the loop, which makes it differentiable in reverse mode.
    bound = int(trip_count) if trip_count is not None else None
    loop = _control_flow_ops().while_loop(cond_fn, body_fn, (first, *initial), maximum_iterations=bound)
    results = _as_tuple(loop)
    set_state(results[1:])


def _graph_tensor_loop(tensor, extra_test, body, get_state, set_state, names, where):
    from lamina._core.convert import convert_to_tensor
    from lamina.ops.array_ops import shape
    from lamina.ops.indexing_ops import gather

    if tensor.shape.rank == 0:
        raise TypeError(f"Cannot iterate over a scalar tensor (the `for` loop at {where}).")
    length = tensor.shape[0] if tensor.shape.rank is not None else None
    trip_count = length
    length = shape(tensor)[0] if length is None else convert_to_tensor(length)
    _graph_counted_loop(
        convert_to_tensor(0),
        lambda index: index < length,
        lambda index: index + 1,
        lambda index: gather(tensor, index),
        extra_test,
        body,
        (get_state, set_state, names),
        where,
        trip_count,
    )


def _static_trip_count(bounds):
    """How many values `tf.range(start, limit, delta)` has, when all three are known while tracing."""
    values = [
        getattr(v, "_static_value", None) if _is_symbolic(v) else v.numpy()
        for v in (bounds.start, bounds.limit, bounds.delta)
    ]
    if any(v is None for v in values):
        return None
    start, limit, delta = (float(v) for v in values)
    return max(0, math.ceil((limit - start) / delta)) if delta else None


def _graph_range_loop(bounds, extra_test, body, get_state, set_state, names, where):
    from lamina.ops.comparison_ops import logical_and, logical_or

    delta = bounds.delta
    static_delta = None if _is_symbolic(delta) else float(delta.numpy())
    if static_delta is not None and static_delta == 0:
        raise ValueError(f"tf.range needs delta != 0 (the `for` loop at {where}).")

    def keep_going(index):
        if static_delta is not None:
            return index < bounds.limit if static_delta > 0 else index > bounds.limit
        return logical_or(
            logical_and(delta > 0, index < bounds.limit), logical_and(delta < 0, index > bounds.limit)
        )

    _graph_counted_loop(
        bounds.start,
        keep_going,
        lambda index: index + delta,
        lambda index: index,
        extra_test,
        body,
        (get_state, set_state, names),
        where,
        _static_trip_count(bounds),
    )


# ---- logical operators -------------------------------------------------------------------------------
def and_(first, *rest):
    """`first and rest[0]() and ...`: Python's short circuit; a symbolic operand is combined lazily
    (the rest only runs, in the graph, where it is true)."""
    value = first
    for operand in rest:
        if _is_symbolic(value):
            value = _lazy(value, operand, when_true=True)
        elif not value:
            return value
        else:
            value = operand()
    return value


def or_(first, *rest):
    """`first or rest[0]() or ...`, like `and_`."""
    value = first
    for operand in rest:
        if _is_symbolic(value):
            value = _lazy(value, operand, when_true=False)
        elif value:
            return value
        else:
            value = operand()
    return value


def _lazy(value, operand, when_true):
    def evaluate():
        return _to_bool_tensor(operand())

    def keep():
        return value

    if when_true:
        return _control_flow_ops().cond(value, evaluate, keep)
    return _control_flow_ops().cond(value, keep, evaluate)


def not_(value):
    """`not value`; a symbolic tensor becomes tf.logical_not."""
    if _is_symbolic(value):
        from lamina.ops.comparison_ops import logical_not

        return logical_not(value)
    return not value


# ---- print and assert --------------------------------------------------------------------------------
def print_(*args, **kwargs):
    """`print(...)`: tf.print when an argument is a symbolic tensor (so it prints when the graph runs),
    Python's print otherwise."""
    if any(_is_symbolic(a) for a in args):
        import lamina

        graph_print = vars(lamina).get("print")
        if graph_print is not None:
            return graph_print(*args, **kwargs)
    return builtins.print(*args, **kwargs)


def assert_stmt(test, message):
    """`assert test, message()`; a symbolic `test` becomes tf.debugging.Assert."""
    if _is_symbolic(test):
        from lamina.ops.debug_ops import Assert

        text = message()
        return Assert(test, [text if text is not None else "AutoGraph assertion failed"])
    if not test:
        text = message()
        raise AssertionError() if text is None else AssertionError(text)
    return None


# ---- calls -------------------------------------------------------------------------------------------
def converted(function):
    """The callee of a call in converted code: user functions are converted too (recursively)."""
    from lamina._function.autograph import conversion

    return conversion.convert(function)
