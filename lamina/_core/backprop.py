"""Reverse-mode autodiff: `tf.GradientTape`, `tf.custom_gradient`, and each op's gradient.

An op's gradient is, by default, `jax.vjp` of its implementation, packaged as a second op (the
op's "VJP op") and run through the dispatch point like any other op: so it is jit-compiled and
cached like the forward, an outer tape records it (higher-order gradients), and graph building
adds it as nodes. An OpDef's explicit `grad` rule replaces it where TensorFlow's gradient differs.
"""

from __future__ import annotations

import contextlib
import enum
import inspect

import jax
import jax.numpy as jnp
import numpy as np

from lamina._core import dtypes, nest, registry
from lamina._core.context import STATE
from lamina._core.dispatch import execute, read_variable
from lamina._core.registry import unflatten_inputs
from lamina._core.tape import OpRecord, Tape, record_operation
from lamina._core.tensor import EagerTensor, Tensor

_INEXACT = dtypes.INEXACT


class UnconnectedGradients(enum.Enum):
    """What `gradient` returns for a source the target does not depend on."""

    NONE = "none"
    ZERO = "zero"


def _op(name: str, *inputs, **attrs):
    return execute(registry.get(name), list(inputs), attrs)


# ---- default gradients: the VJP op ------------------------------------------------------------
def _vjp_impl(impl):
    def vjp(*args, _structure, _has_ct, _attrs):
        attrs = dict(_attrs)
        num_leaves = sum(1 if s < 0 else s for s in _structure)
        leaves, cotangents = list(args[:num_leaves]), list(args[num_leaves:])
        diff_index = [i for i, a in enumerate(leaves) if jnp.issubdtype(a.dtype, jnp.inexact)]

        def forward(*diff_leaves):
            full = list(leaves)
            for i, value in zip(diff_index, diff_leaves):
                full[i] = value
            return impl(*unflatten_inputs(full, _structure), **attrs)

        outputs, pullback = jax.vjp(forward, *[leaves[i] for i in diff_index])
        many = isinstance(outputs, (tuple, list))
        out_list = list(outputs) if many else [outputs]
        # TensorFlow's gradient of a complex input is the conjugate of JAX's cotangent convention:
        # conjugate what goes in and what comes out (a no-op for real dtypes).
        ct_iter = iter(cotangents)
        cts = [_conj(next(ct_iter)) if has else _zero_cotangent(o) for o, has in zip(out_list, _has_ct)]
        result = pullback(type(outputs)(cts) if many else cts[0])
        return tuple(_conj(r) for r in result)

    return vjp


def _conj(array):
    return jnp.conj(array) if jnp.iscomplexobj(array) else array


def _zero_cotangent(output):
    if jnp.issubdtype(output.dtype, jnp.inexact):
        return jnp.zeros(output.shape, output.dtype)
    return np.zeros(output.shape, dtype=jax.dtypes.float0)


def vjp_opdef(opdef):
    """The op computing `opdef`'s input cotangents from its inputs and output cotangents."""
    if opdef._grad_op is None:
        opdef._grad_op = registry.OpDef(
            name=f"{opdef.name}VJP",
            impl=_vjp_impl(opdef.impl),
            inputs=(),
            types={},
            jit=opdef.jit,
        )
    return opdef._grad_op


class GradContext:
    """What an explicit gradient rule sees: the op's inputs (as declared), outputs and attrs."""

    __slots__ = ("inputs", "outputs", "attrs")

    def __init__(self, inputs, outputs, attrs):
        self.inputs = inputs
        self.outputs = outputs
        self.attrs = attrs


def _input_cotangents(record: OpRecord, out_cts: list) -> list:
    """Cotangents for each flat input of `record` (None where no gradient flows)."""
    if record.grad_fn is not None:
        return list(record.grad_fn(out_cts))
    opdef = record.opdef
    if opdef.grad is not None:
        filled = [
            ct if ct is not None else _zeros_like(o) if o.dtype in _INEXACT else None
            for ct, o in zip(out_cts, record.outputs)
        ]
        ctx = GradContext(unflatten_inputs(record.inputs, record.structure), record.outputs, record.attrs)
        per_input = opdef.grad(ctx, *filled)
        flat = []
        for grad, size in zip(per_input, record.structure):
            flat.extend([grad] if size < 0 else (grad if grad is not None else [None] * size))
        return flat
    has_ct = tuple(o.dtype in _INEXACT for o in record.outputs)
    cts = [
        ct if ct is not None else _zeros_like(o) for ct, o, has in zip(out_cts, record.outputs, has_ct) if has
    ]
    grads = execute(
        vjp_opdef(opdef),
        list(record.inputs) + cts,
        {"_structure": record.structure, "_has_ct": has_ct, "_attrs": tuple(record.attrs.items())},
    )
    grads = grads if isinstance(grads, list) else [grads]
    grad_iter = iter(grads)
    return [next(grad_iter) if t.dtype in _INEXACT else None for t in record.inputs]


def _zeros_like(tensor):
    return _op("ZerosLike", tensor)


def _ones_like(tensor):
    return _op("OnesLike", tensor)


def _accumulate(cotangents: dict, tensor, grad):
    key = id(tensor)
    previous = cotangents.get(key)
    if grad.dtype is not tensor.dtype and tensor.dtype in _INEXACT:
        grad = _op("Cast", grad, DstT=tensor.dtype)
    cotangents[key] = grad if previous is None else _op("AddV2", previous, grad)


def backward(tape: Tape, targets: list, output_gradients: list) -> dict:
    """Walks `tape`'s records backwards from `targets`; returns {id(tensor): cotangent}."""
    cotangents: dict = {}
    for target, seed in zip(targets, output_gradients):
        if target.dtype not in _INEXACT:
            continue
        _accumulate(
            cotangents, target, _ones_like(target) if seed is None else _as_tensor(seed, target.dtype)
        )
    for record in reversed(tape.records):
        out_cts = [cotangents.get(id(o)) for o in record.outputs]
        if all(ct is None for ct in out_cts):
            continue
        for tensor, grad in zip(record.inputs, _input_cotangents(record, out_cts)):
            if grad is not None and tensor.dtype in _INEXACT:
                _accumulate(cotangents, tensor, grad)
    return cotangents


def _as_tensor(value, dtype):
    from lamina._core.convert import convert_to_tensor

    return convert_to_tensor(value, dtype=dtype)


# ---- GradientTape ---------------------------------------------------------------------------
class GradientTape:
    """Records eager operations so that `gradient` can differentiate through them."""

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._tape: Tape | None = None
        self._recording = False
        self._used = False

    def __enter__(self):
        self._push()
        return self

    def __exit__(self, *exc):
        if self._recording:
            self._pop()
        return False

    def _push(self):
        if self._recording:
            raise ValueError(
                "Tape is still recording, This can happen if you try to re-enter an already-active tape."
            )
        if self._tape is None:
            self._tape = Tape(self._persistent, self._watch_accessed_variables)
        self._tape.recording = True
        STATE.tapes.append(self._tape)
        self._recording = True

    def _pop(self):
        STATE.tapes.remove(self._tape)
        self._recording = False

    def watch(self, tensor):
        """Marks tensors (or Variables) in `tensor`'s structure as sources to differentiate by."""
        if self._tape is None:
            self._tape = Tape(self._persistent, self._watch_accessed_variables)
        for item in nest.flatten(tensor):
            if isinstance(item, Tensor):
                self._tape.watch(item)
            elif hasattr(item, "_eager_read"):
                self._tape.watch_variable(item)
            else:
                raise ValueError(
                    f"Passed in object {item!r} of type {type(item).__name__!r}, "
                    "not tf.Tensor or tf.Variable."
                )

    @contextlib.contextmanager
    def stop_recording(self):
        """Temporarily stops recording operations on this tape."""
        if self._tape is None or not self._recording:
            raise ValueError("Tape.stop_recording() can only be used while the tape is recording.")
        self._tape.recording = False
        try:
            yield
        finally:
            self._tape.recording = True

    def reset(self):
        """Clears everything recorded so far (the tape keeps recording if it was)."""
        old, self._tape = self._tape, Tape(self._persistent, self._watch_accessed_variables)
        if self._recording:
            STATE.tapes[STATE.tapes.index(old)] = self._tape

    def watched_variables(self):
        return tuple(self._tape.watched_vars.values()) if self._tape is not None else ()

    def gradient(
        self, target, sources, output_gradients=None, unconnected_gradients=UnconnectedGradients.NONE
    ):
        """d(sum of `target`)/d(`sources`), with `sources`' structure; see tf.GradientTape.gradient."""
        self._check_usable()
        unconnected = UnconnectedGradients(unconnected_gradients)
        targets = [_target_tensor(t) for t in nest.flatten(target)]
        seeds = [None] * len(targets) if output_gradients is None else nest.flatten(output_gradients)
        if len(seeds) != len(targets):
            raise ValueError("output_gradients must have the same structure as target")
        flat_sources = nest.flatten(sources)
        with self._paused():
            cotangents = backward(self._tape, targets, seeds)
            result = [self._source_gradient(s, cotangents, unconnected) for s in flat_sources]
        if not self._persistent:
            self._used = True
            if not self._recording:  # release what was recorded; watched_variables() stays answerable
                self._tape.records, self._tape.watched, self._tape.var_reads = [], {}, {}
        return nest.pack_sequence_as(sources, result)

    def _check_usable(self):
        if self._tape is None:
            raise RuntimeError("GradientTape.gradient can only be called on a tape that recorded something.")
        if self._used and not self._persistent:
            raise RuntimeError(
                "A non-persistent GradientTape can only be used to compute one set of gradients (or "
                "jacobians)"
            )

    @contextlib.contextmanager
    def _paused(self):
        was = self._tape.recording
        self._tape.recording = False
        try:
            yield
        finally:
            self._tape.recording = was

    def _source_gradient(self, source, cotangents, unconnected):
        if isinstance(source, Tensor):
            grad = cotangents.get(id(source)) if id(source) in self._tape.watched else None
            like = source
        elif hasattr(source, "_eager_read"):
            grads = [
                cotangents[id(t)] for t in self._tape.var_reads.get(id(source), ()) if id(t) in cotangents
            ]
            grad = grads[0] if len(grads) == 1 else (_op("AddN", grads) if grads else None)
            like = source
        else:
            raise ValueError(f"Sources must be Tensors or Variables, got {type(source).__name__}: {source!r}")
        if grad is None and unconnected is UnconnectedGradients.ZERO:
            return _op("ZerosLike", read_variable(like) if not isinstance(like, Tensor) else like)
        return grad

    def jacobian(
        self,
        target,
        sources,
        unconnected_gradients=UnconnectedGradients.NONE,
        parallel_iterations=None,
        experimental_use_pfor=True,
    ):
        """d target[i...] / d source[j...] for every element pair: shape target.shape + source.shape."""
        self._check_usable()
        target = _target_tensor(target)
        flat_sources = nest.flatten(sources)
        size = int(np.prod(target.shape.as_list()))
        rows = self._gradient_rows(
            target, flat_sources, size, lambda i: _one_hot(target, i), unconnected_gradients
        )
        result = []
        for source, source_rows in zip(flat_sources, rows):
            source_shape = _shape_of(source)
            if source_rows is None:
                result.append(None)
                continue
            full_shape = target.shape.as_list() + source_shape
            if not source_rows:
                result.append(EagerTensor(jnp.zeros(full_shape, dtype=source.dtype.np_dtype)))
                continue
            stacked = _op("Pack", source_rows, axis=0)
            result.append(_op("Reshape", stacked, shape=tuple(full_shape)))
        self._used = True
        return nest.pack_sequence_as(sources, result)

    def batch_jacobian(
        self,
        target,
        source,
        unconnected_gradients=UnconnectedGradients.NONE,
        parallel_iterations=None,
        experimental_use_pfor=True,
    ):
        """Per-example Jacobians: result[b] = d target[b] / d source[b]."""
        self._check_usable()
        target = _target_tensor(target)
        target_shape = target.shape.as_list()
        batch, inner = target_shape[0], int(np.prod(target_shape[1:]))

        def seed(i):
            values = np.zeros([batch, inner], dtype=target.dtype.np_dtype)
            values[:, i] = 1
            return EagerTensor(jnp.asarray(values.reshape(target_shape)))

        (rows,) = self._gradient_rows(target, [source], inner, seed, unconnected_gradients)
        source_shape = _shape_of(source)
        self._used = True
        if rows is None:  # unconnected: TensorFlow's batch_jacobian returns zeros here, not None
            return EagerTensor(
                jnp.zeros([batch] + target_shape[1:] + source_shape[1:], source.dtype.np_dtype)
            )
        stacked = _op("Pack", rows, axis=1)
        return _op("Reshape", stacked, shape=tuple([batch] + target_shape[1:] + source_shape[1:]))

    def _gradient_rows(self, target, flat_sources, count, seed_fn, unconnected_gradients):
        persistent, self._persistent = self._persistent, True
        try:
            rows = [[] for _ in flat_sources]
            for i in range(count):
                grads = self.gradient(
                    target,
                    flat_sources,
                    output_gradients=seed_fn(i),
                    unconnected_gradients=unconnected_gradients,
                )
                for k, grad in enumerate(grads):
                    if rows[k] is not None:
                        rows[k] = None if grad is None else rows[k] + [grad]
            return rows
        finally:
            self._persistent = persistent


def _target_tensor(target):
    if isinstance(target, Tensor):
        return target
    if hasattr(target, "_eager_read"):
        return read_variable(target)
    from lamina._core.convert import convert_to_tensor

    return convert_to_tensor(target)


def _shape_of(source) -> list:
    return list(source.shape.as_list())


def _one_hot(target, index):
    values = np.zeros(target.shape.num_elements(), dtype=target.dtype.np_dtype)
    values[index] = 1
    return EagerTensor(jnp.asarray(values.reshape(target.shape.as_list())))


# ---- custom_gradient --------------------------------------------------------------------------
def custom_gradient(f=None):
    """Decorator: `f(*x)` returns `(y, grad_fn)`; the tape uses `grad_fn(*dy)` for y's gradient."""
    if f is None:
        return custom_gradient

    def decorated(*args, **kwargs):
        if STATE.builder is not None:
            return STATE.builder.custom_gradient(f, args, kwargs)
        return _eager_custom_gradient(f, args, kwargs)

    decorated.__name__ = getattr(f, "__name__", "custom_gradient")
    decorated.__doc__ = f.__doc__
    decorated.__wrapped__ = f
    return decorated


def _eager_custom_gradient(f, args, kwargs):
    input_tensors = [x for x in nest.flatten(args) if isinstance(x, Tensor)]
    probe = Tape(persistent=False, watch_accessed_variables=True)
    outer = STATE.tapes
    STATE.tapes = [probe]
    try:
        result, grad_fn = f(*args, **kwargs)
    finally:
        STATE.tapes = outer
    variables = list(probe.watched_vars.values())
    flat_outputs = nest.flatten(result)
    fresh = [EagerTensor(t._value, t.dtype) for t in flat_outputs]
    if STATE.tapes:
        variable_reads = [read_variable(v) for v in variables]
        takes_variables = "variables" in inspect.signature(grad_fn).parameters

        def closure(out_cts):
            cts = [ct if ct is not None else _zeros_like(o) for ct, o in zip(out_cts, fresh)]
            if takes_variables:
                input_grads, variable_grads = grad_fn(*cts, variables=variables)
            else:
                if variables:
                    raise TypeError(
                        "If using @custom_gradient with a function that uses variables, then grad_fn must "
                        "accept a keyword argument 'variables'."
                    )
                input_grads, variable_grads = grad_fn(*cts), []
            input_grads = nest.flatten(input_grads) if nest.is_nested(input_grads) else [input_grads]
            if len(input_grads) != len(input_tensors):
                raise ValueError(
                    f"custom_gradient function expected to return {len(input_tensors)} gradients, "
                    f"but returned {len(input_grads)} instead."
                )
            return [_target_tensor(g) if g is not None else None for g in input_grads] + list(variable_grads)

        inputs = input_tensors + variable_reads
        record_operation(None, None, inputs, tuple(-1 for _ in inputs), fresh, grad_fn=closure)
    return nest.pack_sequence_as(result, fresh)


# ---- gradients of a graph (tf.gradients / tf.compat.v1.gradients) --------------------------------
def gradients(
    ys,
    xs,
    grad_ys=None,
    name="gradients",
    gate_gradients=False,
    aggregation_method=None,
    stop_gradients=None,
    unconnected_gradients=UnconnectedGradients.NONE,
):
    """Symbolic gradients of sum(ys) with respect to xs, added to the graph being built.

    The graph's operations are the record a tape would have made, so this runs the same backward
    pass as GradientTape over them; `stop_gradients` tensors are treated as constants."""
    builder = STATE.builder
    if builder is None:
        raise RuntimeError(
            "tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead."
        )
    stopped = {id(t) for t in nest.flatten(stop_gradients)} if stop_gradients is not None else set()
    tape = Tape(persistent=True, watch_accessed_variables=False)
    for op in builder.get_operations():
        if op.opdef.impl is None or not op.opdef.differentiable or not op.outputs:
            continue
        if any(id(t) in stopped for t in op.outputs):
            continue
        tape.records.append(OpRecord(op.opdef, op.attrs, list(op.inputs), op.structure, list(op.outputs)))
    targets = [_target_tensor(y) for y in nest.flatten(ys)]
    seeds = [None] * len(targets) if grad_ys is None else nest.flatten(grad_ys)
    cotangents = backward(tape, targets, seeds)
    unconnected = UnconnectedGradients(unconnected_gradients)
    result = []
    for x in nest.flatten(xs):
        if isinstance(x, Tensor):
            grad = cotangents.get(id(x))
            like = x
        else:  # a variable: the sum over its reads in the graph
            reads = [
                op.outputs[0]
                for op in builder.get_operations()
                if op.type == "ReadVariableOp" and op.attrs["variable"] is x
            ]
            grads = [cotangents[id(t)] for t in reads if id(t) in cotangents]
            grad = grads[0] if len(grads) == 1 else (_op("AddN", grads) if grads else None)
            like = read_variable(x) if grad is None else grad
        if grad is None and unconnected is UnconnectedGradients.ZERO:
            grad = _zeros_like(like)
        result.append(grad)
    return result
