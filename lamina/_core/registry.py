"""The op registry: every op is declared once as an OpDef.

An OpDef holds the op's TensorFlow type name, its input signature with type constraints, an
implementation written with jax.numpy / jax.lax, and optionally a gradient rule, a shape rule
and a host-side input check. The dispatch point (dispatch.py) is the only caller.

Input signatures read like TensorFlow's op registrations: `"x: T"` is one tensor whose dtype is
bound to type variable `T`; `"*values: T"` is a list of tensors that all share `T`. `types` maps
each type variable to the set of dtypes it may take (None: any).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jax

_OPS: dict[str, OpDef] = {}


@dataclass(frozen=True)
class InputSpec:
    name: str
    type_var: str | None
    is_list: bool


@dataclass(eq=False)
class OpDef:
    """One op: signature, implementation and rules. See the module docstring."""

    name: str
    impl: Callable
    inputs: tuple[InputSpec, ...]
    types: dict[str, frozenset | None]
    # grad(ctx, *output_cotangents) -> list of input cotangents (None for "no gradient").
    # When absent, the gradient is jax.vjp of `impl` (compiled and cached like the forward).
    grad: Callable | None = None
    differentiable: bool = True
    # validate(arrays, attrs): host-side checks of input *values* TensorFlow does on CPU (index
    # ranges, integer division by zero). Called in eager mode only; raises an OpError.
    validate: Callable | None = None
    # jit=False: the output shape depends on input values (unique, where, boolean_mask), so the
    # op runs un-jitted, between compiled segments.
    jit: bool = True
    # host=True: the op works on NumPy arrays on the host (strings).
    host: bool = False
    # strings=True: `impl` also accepts NumPy object arrays (string tensors); calls with a string
    # input run it un-jitted on the host, others compile it for the device (reshape, concat, gather).
    strings: bool = False
    # stateful=True: the op has an effect beyond its outputs (printing); a function graph runs it
    # even when no output depends on it, in program order.
    stateful: bool = False
    # seed_input: the index of a seed input that TensorFlow's stateful seed rules chose (random ops,
    # dropout). Eagerly every call draws a new seed; in a compiled graph the seed is a constant, so
    # lowering adds a per-run counter to it and each run draws new values.
    seed_input: int | None = None
    # shape_only=True: the result depends only on the inputs' shapes (tf.shape, tf.size, tf.rank),
    # so graph building knows its value whenever those shapes are fully known.
    shape_only: bool = False
    # shape_fn(inputs, attrs) -> [(dtype, TensorShape)]: the outputs' description for graph
    # building, for ops whose implementation cannot be shape-evaluated (it calls back into Python).
    shape_fn: Callable | None = None
    _compiled: dict = field(default_factory=dict, repr=False)
    _grad_op: OpDef | None = field(default=None, repr=False)

    def compiled(self, attrs_key: tuple, attrs: dict, host: bool = False) -> Callable:
        """The implementation specialized to `attrs`, jit-compiled (JAX caches per input avals) unless
        it runs on the host."""
        if host:
            attrs_key = ("host", attrs_key)
        fn = self._compiled.get(attrs_key)
        if fn is None:
            if attrs:
                impl = self.impl

                def fn(*args, _impl=impl, _attrs=attrs):
                    return _impl(*args, **_attrs)

            else:
                fn = self.impl
            if self.jit and not self.host and not host:
                fn = jax.jit(fn)
                self._compiled[attrs_key] = fn  # only compiled functions are worth keeping
        return fn


def unflatten_inputs(leaves, structure: tuple) -> list:
    """Regroups an op's flat input list by its structure (-1: one tensor; n: a list of n), the
    inverse of flattening list-valued inputs such as AddN's."""
    grouped, position = [], 0
    for size in structure:
        if size < 0:
            grouped.append(leaves[position])
            position += 1
        else:
            grouped.append(list(leaves[position : position + size]))
            position += size
    return grouped


def _parse_input(spec: str) -> InputSpec:
    name, _, type_var = (part.strip() for part in spec.partition(":"))
    is_list = name.startswith("*")
    return InputSpec(name.lstrip("*"), type_var or None, is_list)


def register(
    name: str,
    impl: Callable,
    *,
    inputs: tuple[str, ...] | list[str],
    types: dict[str, Any] | None = None,
    **rules,
) -> OpDef:
    """Declares an op. Raises KeyError if `name` is already registered."""
    if name in _OPS:
        raise KeyError(f"Op {name!r} is already registered.")
    specs = tuple(_parse_input(s) for s in inputs)
    type_sets = {k: (None if v is None else frozenset(v)) for k, v in (types or {}).items()}
    for spec in specs:
        if spec.type_var is not None and spec.type_var not in type_sets:
            type_sets[spec.type_var] = None
    opdef = OpDef(name=name, impl=impl, inputs=specs, types=type_sets, **rules)
    _OPS[name] = opdef
    return opdef


def get(name: str) -> OpDef:
    try:
        return _OPS[name]
    except KeyError:
        raise KeyError(f"No op named {name!r} is registered.") from None


def registered_ops() -> dict[str, OpDef]:
    return dict(_OPS)
