"""The graph IR: `tf.Graph`, `Operation` and the symbolic `Tensor`.

A Graph is the builder that the dispatch point hands op calls to while it is the default
(`with graph.as_default()`, tf.function tracing): each call becomes an Operation whose outputs are
SymbolicTensors with a dtype and a partial shape. The same IR serves tf.function, tf.compat.v1
graphs and (later) Keras functional models and saved models; `lowering.py` turns it into one JAX
function.

Shapes come from the op's implementation itself: `jax.eval_shape` with the known input shapes.
Unknown dimensions (`None`) are probed: the op is shape-evaluated twice, with every unknown size set
to two different probe values, and an output dimension that differs between the probes is unknown.
Probe values are divisible by 2..7 so that reshapes with -1 of unknown batches evaluate.
"""

from __future__ import annotations

import contextlib
import functools
import itertools

import jax
import numpy as np

from lamina._core import dtypes, registry
from lamina._core.context import STATE
from lamina._core.errors import (
    InvalidArgumentError,
    OperatorNotAllowedInGraphError,
    OpError,
    op_error,
    user_frame,
)
from lamina._core.registry import unflatten_inputs
from lamina._core.shape import TensorShape, as_shape
from lamina._core.tensor import EagerTensor, Tensor

_PROBES = (420, 840)
# Eager tensors up to this many elements become Const nodes; larger ones are captured as inputs.
_CONST_LIMIT = 1 << 16
# Ops whose inputs are all known are folded at build time when no input has more elements than this,
# so shape arithmetic (`tf.shape(x)[0] * 2`) stays static.
_FOLD_LIMIT = 1 << 12


class SymbolicTensor(Tensor):
    """An output of an Operation in a Graph: a dtype, a partial shape, and no value yet."""

    __slots__ = ("_op", "_index", "_dtype", "_shape", "_static_value", "__weakref__")

    def __init__(self, op: Operation, index: int, dtype: dtypes.DType, shape: TensorShape):
        self._op = op
        self._index = index
        self._dtype = dtype
        self._shape = shape
        self._static_value = None

    @property
    def dtype(self) -> dtypes.DType:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return self._shape

    @property
    def op(self) -> Operation:
        return self._op

    @property
    def graph(self) -> Graph:
        return self._op.graph

    @property
    def name(self) -> str:
        return f"{self._op.name}:{self._index}"

    @property
    def value_index(self) -> int:
        return self._index

    @property
    def device(self) -> str:
        return ""

    def set_shape(self, shape):
        """Refines the static shape; raises ValueError when `shape` contradicts it."""
        self._shape = self._shape.merge_with(as_shape(shape))

    def consumers(self) -> list:
        return [op for op in self.graph.get_operations() if any(t is self for t in op.inputs)]

    def __hash__(self):
        # tf.compat.v1 code keys feed_dicts by tensor; inside functions, tensors are unhashable like
        # eager ones (their `==` is element-wise).
        if self._op.graph.is_function:
            raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")
        return id(self)

    def _not_allowed(self, what: str):
        return OperatorNotAllowedInGraphError(
            f"{what} a symbolic `tf.Tensor` ({self.name}) is not allowed: its value is only known when the "
            "graph runs. In a tf.function, AutoGraph converts `if`/`while`/`for` over tensors into graph "
            "control flow; otherwise use tf.cond / tf.while_loop, or compare static shapes instead."
        )

    def __bool__(self):
        raise self._not_allowed("Using")

    def __iter__(self):
        raise self._not_allowed("Iterating over")

    def __len__(self):
        raise TypeError(
            f"len is not well defined for a symbolic Tensor ({self.name}). Please call `x.shape` rather than "
            "`len(x)` for shape information."
        )

    def __index__(self):
        raise self._not_allowed("Using as a Python int")

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self):
        return f'Tensor("{self.name}", shape={self._shape}, dtype={self._dtype.name})'


class Operation:
    """One node of a Graph: an op call with its inputs, attributes and outputs."""

    def __init__(self, graph, opdef, name, inputs, structure, attrs, control_inputs):
        self.graph = graph
        self.opdef = opdef
        self.name = name
        self.inputs = tuple(inputs)  # flat; `structure` says which are list-valued
        self.structure = structure
        self.attrs = attrs
        self.control_inputs = tuple(control_inputs)
        self.outputs: tuple = ()

    @property
    def type(self) -> str:
        return self.opdef.name

    def get_attr(self, name: str):
        try:
            return self.attrs[name]
        except KeyError:
            raise ValueError(f"Operation '{self.name}' has no attr named '{name}'.") from None

    def values(self):
        return self.outputs

    def __repr__(self):
        return f"<tf.Operation '{self.name}' type={self.type}>"


def _const_impl(value, dtype):
    return value


# Graph-only ops: Const (a value baked into the graph), Placeholder (an input), and the variable
# accesses that lowering functionalizes. Their implementations are never traced by eval_shape.
CONST = registry.register("Const", _const_impl, inputs=[], differentiable=False)
PLACEHOLDER = registry.OpDef(name="Placeholder", impl=None, inputs=(), types={}, differentiable=False)
READ_VARIABLE = registry.OpDef(name="ReadVariableOp", impl=None, inputs=(), types={})
NO_OP = registry.OpDef(name="NoOp", impl=None, inputs=(), types={}, differentiable=False)
ASSIGN_VARIABLE = registry.OpDef(
    name="AssignVariableOp", impl=None, inputs=(), types={}, differentiable=False
)


class Graph:
    """`tf.Graph`: a builder of Operations, and the IR that lowering compiles."""

    # tf.function graphs run every stateful op and order variable accesses by program order.
    is_function = False

    def __init__(self):
        self._operations: list[Operation] = []
        self._by_name: dict[str, Operation] = {}
        self._name_counts: dict[str, int] = {}
        self._collections: dict[str, list] = {}
        self._control_stack: list[list[Operation]] = []
        self._captures: dict[int, tuple[EagerTensor, SymbolicTensor]] = {}
        self._variable_reads: dict[int, object] = {}
        self.seed = None
        self._finalized = False
        # The graph this one was built inside (a function body, a cond branch), if any; tensors of
        # enclosing graphs used here are captured as placeholders (see _capture_outer).
        self.outer_graph = None
        self.outer_captures: dict[int, tuple[SymbolicTensor, SymbolicTensor]] = {}

    # ---- building ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def as_default(self):
        """Makes this graph the one op calls are added to, inside the `with` block."""
        saved = STATE.builder
        STATE.builder = self
        try:
            yield self
        finally:
            STATE.builder = saved

    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        scope = "/".join(STATE.name_scope)
        full = f"{scope}/{name}" if scope else name
        count = self._name_counts.get(full, 0)
        unique = full if count == 0 else f"{full}_{count}"
        while unique in self._by_name:
            count += 1
            unique = f"{full}_{count}"
        if mark_as_used:
            self._name_counts[full] = count + 1
        return unique

    def _op_name(self, name: str) -> str:
        """A unique name under the current scope; a name ending in "/" (what `with tf.name_scope(...)
        as scope` gives) is taken exactly, so an op can carry its scope's own name (TF's convention)."""
        if not name.endswith("/"):
            return self.unique_name(name)
        exact = name[:-1]
        if exact in self._by_name:
            raise ValueError(f"Duplicate node name in graph: '{exact}'")
        return exact

    def _new_op(self, opdef, name, inputs, structure, attrs, output_avals) -> Operation:
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        control = [op for group in self._control_stack for op in group]
        op = Operation(self, opdef, self._op_name(name or opdef.name), inputs, structure, attrs, control)
        op.outputs = tuple(
            SymbolicTensor(op, i, dtype, shape) for i, (dtype, shape) in enumerate(output_avals)
        )
        self._operations.append(op)
        self._by_name[op.name] = op
        return op

    def _as_graph_tensor(self, value) -> SymbolicTensor:
        if isinstance(value, SymbolicTensor):
            if value.graph is self:
                return value
            if self._encloses(value.graph):
                return self._capture_outer(value)
            raise ValueError(f"Tensor {value.name} must be from the same graph as the op using it.")
        if isinstance(value, EagerTensor):
            return self._capture(value)
        raise TypeError(f"Expected a tf.Tensor, got {type(value).__name__}: {value!r}")

    def _encloses(self, graph) -> bool:
        outer = self.outer_graph
        while outer is not None:
            if outer is graph:
                return True
            outer = outer.outer_graph
        return False

    def _capture_outer(self, tensor: SymbolicTensor) -> SymbolicTensor:
        """A tensor of an enclosing graph, used inside this one (a cond branch, a loop body): it
        becomes a placeholder here, and `outer_captures` says what the enclosing op must feed it."""
        captured = self.outer_captures.get(id(tensor))
        if captured is None:
            inner = self.placeholder(tensor.dtype, tensor.shape, name=tensor.op.name.replace("/", "_"))
            inner._static_value = tensor._static_value
            captured = self.outer_captures[id(tensor)] = (tensor, inner)
        return captured[1]

    def constant(self, tensor: EagerTensor, name: str | None = None) -> SymbolicTensor:
        """A Const node holding `tensor`'s value (`tf.constant` while building a graph)."""
        value = np.asarray(tensor.numpy())
        op = self._new_op(
            CONST,
            name or "Const",
            [],
            (),
            {"value": value, "dtype": tensor.dtype},
            [(tensor.dtype, tensor.shape)],
        )
        op.outputs[0]._static_value = value
        return op.outputs[0]

    def _capture(self, tensor: EagerTensor) -> SymbolicTensor:
        captured = self._captures.get(id(tensor))
        if captured is not None:
            return captured[1]
        size = int(np.prod(tensor.shape.as_list()))
        if size <= _CONST_LIMIT:
            op = self.constant(tensor).op
        else:  # a large value is fed at call time instead of being baked into the program
            op = self._new_op(
                PLACEHOLDER,
                "captured",
                [],
                (),
                {"dtype": tensor.dtype, "shape": tensor.shape},
                [(tensor.dtype, tensor.shape)],
            )
        self._captures[id(tensor)] = (tensor, op.outputs[0])
        return op.outputs[0]

    def add_op(self, opdef, inputs: list, attrs: dict, name: str | None = None):
        """Adds one call of `opdef` (the dispatch point calls this); returns its output tensor(s)."""
        structure = tuple(len(x) if isinstance(x, list) else -1 for x in inputs)
        flat = [self._as_graph_tensor(t) for x in inputs for t in (x if isinstance(x, list) else (x,))]
        avals, many = infer_outputs(opdef, flat, structure, attrs)
        op = self._new_op(opdef, name, flat, structure, attrs, avals)
        _fold_constants(op)
        return list(op.outputs) if many else op.outputs[0]

    def no_op(self, control_inputs=(), name="NoOp") -> Operation:
        """An op that does nothing but run after `control_inputs` (tf.group, initializers)."""
        with self.control_dependencies(list(control_inputs)):
            return self._new_op(NO_OP, name, [], (), {}, [])

    def placeholder(self, dtype, shape, name="Placeholder") -> SymbolicTensor:
        dtype, shape = dtypes.as_dtype(dtype), as_shape(shape)
        op = self._new_op(PLACEHOLDER, name, [], (), {"dtype": dtype, "shape": shape}, [(dtype, shape)])
        return op.outputs[0]

    def read_variable(self, variable) -> SymbolicTensor:
        self._variable_reads[id(variable)] = variable
        op = self._new_op(
            READ_VARIABLE,
            "ReadVariableOp",
            [],
            (),
            {"variable": variable},
            [(variable.dtype, variable.shape)],
        )
        return op.outputs[0]

    def assign_variable(self, variable, value) -> Operation:
        value = self._as_graph_tensor(value)
        return self._new_op(ASSIGN_VARIABLE, "AssignVariableOp", [value], (-1,), {"variable": variable}, [])

    def custom_gradient(self, f, args, kwargs):
        from lamina._core.errors import unimplemented

        raise unimplemented("tf.custom_gradient inside a graph (tf.function / tf.compat.v1)")

    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created inside the block run after `control_inputs` (ops or tensors); None clears."""
        if control_inputs is None:
            saved, self._control_stack = self._control_stack, []
            try:
                yield
            finally:
                self._control_stack = saved
            return
        ops = [c.op if isinstance(c, SymbolicTensor) else c for c in control_inputs]
        self._control_stack.append([op for op in ops if isinstance(op, Operation)])
        try:
            yield
        finally:
            self._control_stack.pop()

    def name_scope(self, name):
        from lamina._core.context import name_scope

        return name_scope(name)

    # ---- queries -----------------------------------------------------------------------------
    def get_operations(self) -> list[Operation]:
        return list(self._operations)

    def get_operation_by_name(self, name: str) -> Operation:
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"The name {name!r} refers to an Operation not in the graph.") from None

    def get_tensor_by_name(self, name: str) -> SymbolicTensor:
        op_name, sep, index = name.rpartition(":")
        if not sep or not index.isdigit():
            raise ValueError(f"The name {name!r} looks like an (invalid) Operation name, not a Tensor name.")
        op = self.get_operation_by_name(op_name)
        if int(index) >= len(op.outputs):
            raise KeyError(
                f"The name {name!r} refers to a Tensor which does not exist: {op_name} has "
                f"{len(op.outputs)} outputs."
            )
        return op.outputs[int(index)]

    def as_graph_element(self, obj):
        if isinstance(obj, str):
            return self.get_tensor_by_name(obj) if ":" in obj else self.get_operation_by_name(obj)
        return obj

    @property
    def operations_count(self) -> int:
        return len(self._operations)

    @property
    def captures(self) -> list[tuple[EagerTensor, SymbolicTensor]]:
        return list(self._captures.values())

    # ---- collections -------------------------------------------------------------------------
    def add_to_collection(self, name: str, value):
        self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        for name in [names] if isinstance(names, str) else names:
            self.add_to_collection(name, value)

    def get_collection(self, name: str, scope=None) -> list:
        items = list(self._collections.get(name, []))
        if scope is None:
            return items
        return [item for item in items if getattr(item, "name", "").startswith(scope)]

    def get_collection_ref(self, name: str) -> list:
        return self._collections.setdefault(name, [])

    def get_all_collection_keys(self) -> list[str]:
        return list(self._collections)

    def clear_collection(self, name: str):
        self._collections.pop(name, None)

    def finalize(self):
        self._finalized = True

    @property
    def finalized(self) -> bool:
        return self._finalized

    def as_graph_def(self) -> dict:
        """A JSON-serializable description: one entry per node (name, op, inputs, attrs)."""
        nodes = []
        for op in self._operations:
            inputs = [t.name for t in op.inputs] + [f"^{c.name}" for c in op.control_inputs]
            nodes.append({"name": op.name, "op": op.type, "input": inputs, "attr": _describe_attrs(op.attrs)})
        return {"node": nodes, "versions": {"producer": 1}}


def _describe_attrs(attrs: dict) -> dict:
    described = {}
    for key, value in attrs.items():
        if isinstance(value, np.ndarray):
            described[key] = {"tensor": {"dtype": str(value.dtype), "shape": list(value.shape)}}
        elif isinstance(value, (dtypes.DType, TensorShape)):
            described[key] = str(value)
        elif isinstance(value, (bool, int, float, str)) or value is None:
            described[key] = value
        elif isinstance(value, tuple) and all(isinstance(v, (bool, int, float, str)) for v in value):
            described[key] = list(value)
        else:
            described[key] = repr(value)
    return described


class FuncGraph(Graph):
    """A function body (a tf.function trace, a cond branch, a loop body): lowering runs all its
    stateful ops, in program order."""

    is_function = True

    def __init__(self, name: str, allow_variable_creation: bool = False, outer_graph=None):
        super().__init__()
        self.name = name
        self.allow_variable_creation = allow_variable_creation
        self.outer_graph = outer_graph

    def check_variable_creation(self):
        if not self.allow_variable_creation:
            raise ValueError(
                f"tf.function {self.name!r} tried to create a tf.Variable on a later trace. tf.function only "
                "supports singleton tf.Variables created on the first call: create the variable once, "
                "outside the function or on the first call only."
            )


# ---- shape inference ---------------------------------------------------------------------------
def _unknown_dims(flat: list) -> list[tuple[int, int]]:
    """(input, axis) of every unknown dimension (every input has a known rank here)."""
    return [(i, j) for i, t in enumerate(flat) for j, d in enumerate(t.shape.as_tuple()) if d is None]


def _evaluate(function, flat, structure, sizes: dict):
    """jax.eval_shape of the op with each unknown dimension (i, j) given the size sizes[(i, j)]."""
    structs = [
        jax.ShapeDtypeStruct(
            tuple(sizes[(i, j)] if d is None else d for j, d in enumerate(t.shape.as_tuple())),
            t.dtype.np_dtype,
        )
        for i, t in enumerate(flat)
    ]
    return jax.eval_shape(function, *unflatten_inputs(structs, structure))


def _constrained_sizes(function, flat, structure, unknown) -> dict | None:
    """When the probe size fails (an unknown dimension meets a known one: `[None] * [4]` broadcasts,
    `[None, None] @ [3, 4]` needs an inner 3), a size for each unknown dimension that type-checks:
    the probe where it can be anything, else one of the known sizes, else 1. None if nothing fits."""
    known = sorted({d for t in flat for d in t.shape.as_tuple() if d is not None and d > 1})
    candidates = [_PROBES[0], *known, 1]
    for choice in itertools.islice(itertools.product(candidates, repeat=len(unknown)), 256):
        sizes = dict(zip(unknown, choice))
        try:
            _evaluate(function, flat, structure, sizes)
        except OpError:
            raise
        except Exception:  # noqa: BLE001, S112 - try the next assignment
            continue
        return sizes
    return None


def infer_outputs(opdef, flat: list, structure: tuple, attrs: dict):
    """[(dtype, TensorShape)] for each output of `opdef` on `flat` inputs, and whether it has several.

    Unknown dimensions are probed: the op is shape-evaluated with them set to two sizes, and output
    dimensions that differ between the two are unknown."""
    if opdef.shape_fn is not None:  # ops whose implementation cannot be shape-evaluated (Python calls)
        avals = opdef.shape_fn(flat, attrs)
        return avals, len(avals) != 1 or attrs.get("_many", False)
    function = functools.partial(opdef.impl, **attrs)
    if not opdef.jit or opdef.host:
        return _infer_by_running(opdef, function, flat, structure)
    if any(t.shape.rank is None for t in flat):
        return _infer_unknown_rank(opdef, function, flat, structure)
    unknown = _unknown_dims(flat)
    sizes = {dim: _PROBES[0] for dim in unknown}
    try:
        results = [_evaluate(function, flat, structure, sizes)]
    except OpError:
        raise
    except Exception as error:  # noqa: BLE001 - any failure means the shapes may never match
        sizes = _constrained_sizes(function, flat, structure, unknown) if unknown else None
        if sizes is None:
            # While a graph is built, TensorFlow's shape functions raise ValueError.
            shapes = ", ".join(f"{t.dtype.name}{t.shape}" for t in flat)
            # JAX's message would quote the probe sizes standing in for unknown dimensions.
            detail = "Incompatible shapes: no size of the unknown dimensions fits" if unknown else str(error)
            raise ValueError(f"{detail} (inputs: {shapes}) [Op:{opdef.name}] at {user_frame()}") from None
        results = [_evaluate(function, flat, structure, sizes)]
    if unknown:  # the free dimensions again at a second size
        second = {dim: _PROBES[1] if size == _PROBES[0] else size for dim, size in sizes.items()}
        results.append(_evaluate(function, flat, structure, second))
    many = isinstance(results[0], (tuple, list))
    outputs = [list(r) if many else [r] for r in results]
    avals = []
    for per_probe in zip(*outputs):
        first = per_probe[0]
        dims = [d if all(p.shape[i] == d for p in per_probe) else None for i, d in enumerate(first.shape)]
        avals.append((_dtype_of(first.dtype), TensorShape(dims)))
    return avals, many


def _infer_unknown_rank(opdef, function, flat, structure):
    """Inputs of unknown rank: output dtypes from a probe at some rank, output shapes unknown."""
    for rank in range(5):
        structs = [
            jax.ShapeDtypeStruct(
                tuple(t.shape.as_tuple() or (_PROBES[0],) * rank)
                if t.shape.rank is not None
                else (_PROBES[0],) * rank,
                t.dtype.np_dtype,
            )
            for t in flat
        ]
        try:
            result = jax.eval_shape(function, *unflatten_inputs(structs, structure))
        except Exception:  # noqa: BLE001, S112 - try the next rank
            continue
        many = isinstance(result, (tuple, list))
        outputs = list(result) if many else [result]
        return [(_dtype_of(o.dtype), TensorShape(None)) for o in outputs], many
    shapes = ", ".join(f"{t.dtype.name}{t.shape}" for t in flat)
    raise op_error(InvalidArgumentError, opdef.name, f"cannot infer outputs for inputs {shapes}")


def _infer_by_running(opdef, function, flat, structure):
    """Ops whose output shapes depend on input values (unique, boolean_mask) or that run on the host
    (strings) cannot be shape-evaluated: run them once on small stand-in values for the output
    dtypes and ranks; every output dimension is unknown."""
    if any(t.shape.rank is None for t in flat):
        shapes = ", ".join(f"{t.dtype.name}{t.shape}" for t in flat)
        raise op_error(
            InvalidArgumentError, opdef.name, f"needs inputs of known rank in a graph, got {shapes}"
        )
    stand_ins = []
    for t in flat:
        dims = [1 if d is None else d for d in t.shape.as_tuple()]
        if t.dtype is dtypes.string:
            stand_ins.append(np.full(dims, b"", dtype=object))
        else:
            stand_ins.append(np.zeros(dims, t.dtype.np_dtype))
    try:
        result = function(*unflatten_inputs(stand_ins, structure))
    except Exception as error:  # noqa: BLE001 - reported as the op's build-time error
        raise op_error(InvalidArgumentError, opdef.name, str(error)) from None
    many = isinstance(result, (tuple, list))
    outputs = [np.asarray(r) for r in (result if many else [result])]
    return [(_dtype_of(o.dtype), TensorShape([None] * o.ndim)) for o in outputs], many


def _dtype_of(np_dtype):
    return dtypes.string if np_dtype == np.dtype(object) else dtypes.from_numpy(np_dtype)


def _fold_constants(op: Operation):
    """Computes outputs now when every input is known and small (shape arithmetic stays static)."""
    opdef = op.opdef
    if opdef.host or not opdef.jit or not op.outputs:
        return
    if opdef.shape_only and all(t.shape.is_fully_defined() for t in op.inputs):
        # Zero-stride stand-ins: the op only looks at their shapes.
        values = [np.broadcast_to(np.zeros((), t.dtype.np_dtype), t.shape.as_list()) for t in op.inputs]
    else:
        values = [t._static_value for t in op.inputs]
        if any(v is None or v.size > _FOLD_LIMIT for v in values):
            return
    arrays = unflatten_inputs([np.asarray(v) for v in values], op.structure)
    if opdef.validate is not None:  # known values: TensorFlow's value checks apply at build time
        opdef.validate(arrays, op.attrs)
    with jax.ensure_compile_time_eval():
        result = opdef.impl(*arrays, **op.attrs)
    results = result if isinstance(result, (tuple, list)) else [result]
    for tensor, value in zip(op.outputs, results):
        tensor._static_value = np.asarray(value)


# ---- the default graph -------------------------------------------------------------------------
_DEFAULT_GRAPH = [Graph()]


def get_default_graph() -> Graph:
    """The graph being built, or the process's global default graph."""
    builder = STATE.builder
    return builder if isinstance(builder, Graph) else _DEFAULT_GRAPH[0]


def reset_default_graph():
    if isinstance(STATE.builder, Graph):
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs.")
    _DEFAULT_GRAPH[0] = Graph()


@contextlib.contextmanager
def init_scope():
    """Lifts out of graph building (and tape recording) to run eagerly, e.g. to create variables."""
    saved_builder, saved_tapes = STATE.builder, STATE.tapes
    STATE.builder, STATE.tapes = None, []
    try:
        yield
    finally:
        STATE.builder, STATE.tapes = saved_builder, saved_tapes


def is_symbolic(value) -> bool:
    return isinstance(value, SymbolicTensor)
