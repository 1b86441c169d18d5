"""Ops that only shape how gradients flow."""

from __future__ import annotations

from lamina.ops._op import defop, execute, tensor

_STOP_GRADIENT = defop("StopGradient", lambda input: input, inputs=["input: T"], differentiable=False)


def stop_gradient(input, name=None):  # noqa: A002 - TensorFlow's argument name
    """Returns `input` unchanged, but no gradient flows back through it."""
    return execute(_STOP_GRADIENT, [tensor(input)], None, name)
