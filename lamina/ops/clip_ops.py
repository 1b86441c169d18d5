"""Clipping: clip_by_value, clip_by_norm, clip_by_global_norm and global_norm.

Each is one op (one XLA call), with TensorFlow's formulas so that values and gradients match it:
ties at the clipping bounds pass the gradient through, a zero tensor is left alone by
clip_by_norm (no 0/0), and an infinite or nan global norm turns every clipped value into nan.
"""

from __future__ import annotations

import collections.abc

import jax.numpy as jnp

from lamina._core.shape import broadcast_shapes
from lamina.ops._elementwise import _matching_operands
from lamina.ops._op import canonical_axis, defop, dtypes, execute, static_ints, tensor
from lamina.ops.math_ops import _maximum_impl, _minimum_impl

_FLOAT = dtypes.FLOATING


def _clip_by_value_impl(t, clip_value_min, clip_value_max):
    # min then max, as TensorFlow composes them: with min > max every value becomes clip_value_min;
    # the tie rules of maximum/minimum send the gradient to t at both bounds.
    return _maximum_impl(_minimum_impl(t, clip_value_max), clip_value_min)


_CLIP_BY_VALUE = defop("ClipByValue", _clip_by_value_impl,
                       inputs=["t: T", "clip_value_min: T", "clip_value_max: T"], types={"T": dtypes.REAL})


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clamps `t` to [clip_value_min, clip_value_max] element-wise (bounds broadcast against `t`).

    Raises:
      ValueError: the bounds would broadcast `t` to a larger shape.
      TypeError: a Python bound cannot be represented in `t`'s dtype.
    """
    t, low = _matching_operands(t, clip_value_min)
    t, high = _matching_operands(t, clip_value_max)
    result_shape = broadcast_shapes(broadcast_shapes(t.shape, low.shape), high.shape)
    if not result_shape.is_compatible_with(t.shape):
        raise ValueError(f"Shapes {t.shape} and {result_shape} are incompatible")
    return execute(_CLIP_BY_VALUE, [t, low, high], None, name)


def _clip_by_norm_impl(t, clip_norm, axes):
    squares_sum = jnp.sum(t * t, axis=axes, keepdims=True)
    # The double select keeps sqrt away from 0 so that the gradient at t == 0 is finite.
    positive = squares_sum > 0
    norm = jnp.where(positive, jnp.sqrt(jnp.where(positive, squares_sum, jnp.ones_like(squares_sum))),
                     squares_sum)
    return t * clip_norm / _maximum_impl(norm, clip_norm)


_CLIP_BY_NORM = defop("ClipByNorm", _clip_by_norm_impl, inputs=["t: T", "clip_norm: T"], types={"T": _FLOAT})


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """Rescales `t` so that its L2 norm over `axes` (all when None) is at most `clip_norm`.

    Returns `t * clip_norm / max(norm, clip_norm)`: `t` itself where the norm is within bounds.
    """
    t, clip_norm = _matching_operands(t, clip_norm)
    if axes is not None:
        axes = static_ints(axes, "axes", "ClipByNorm")
        axes = (axes,) if isinstance(axes, int) else axes
        axes = tuple(sorted({canonical_axis(a, t.shape.rank, "ClipByNorm") for a in axes}))
    return execute(_CLIP_BY_NORM, [t, clip_norm], {"axes": axes}, name)


def _global_norm_impl(t_list):
    return jnp.sqrt(sum(jnp.sum(t * t) for t in t_list))


_GLOBAL_NORM = defop("GlobalNorm", _global_norm_impl, inputs=["*t_list: T"], types={"T": _FLOAT})


def _present_tensors(t_list) -> list:
    if not isinstance(t_list, collections.abc.Sequence) or isinstance(t_list, str):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    tensors = [tensor(t) for t in t_list if t is not None]
    if not tensors:
        raise ValueError("`t_list` holds no tensors (every entry is None).")
    return tensors


def global_norm(t_list, name=None):
    """sqrt(sum of squares of every element of every tensor in `t_list`); None entries are ignored."""
    return execute(_GLOBAL_NORM, [_present_tensors(t_list)], None, name)


def _clip_by_global_norm_impl(t_list, clip_norm, use_norm):
    norm = use_norm[0] if use_norm else _global_norm_impl(t_list)
    scale = clip_norm * _minimum_impl(1 / norm, 1 / clip_norm)
    # Adding (norm - norm) makes the scale nan when the norm is inf or nan: every value becomes nan
    # rather than silently 0, which is how TensorFlow flags a diverged gradient.
    scale = scale + (norm - norm)
    return tuple(t * scale for t in t_list) + (norm,)


_CLIP_BY_GLOBAL_NORM = defop("ClipByGlobalNorm", _clip_by_global_norm_impl,
                             inputs=["*t_list: T", "clip_norm: T", "*use_norm: T"], types={"T": _FLOAT})


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scales every tensor of `t_list` by clip_norm / max(global_norm, clip_norm).

    Args:
      t_list: a sequence of tensors (None entries are passed through).
      clip_norm: the largest global norm to keep.
      use_norm: the global norm to use, if already computed.

    Returns:
      (list of clipped tensors, the global norm before clipping).
    """
    tensors = _present_tensors(t_list)
    dtype = tensors[0].dtype
    clip_norm = _matching_operands(tensors[0], clip_norm)[1]
    norms = [] if use_norm is None else [tensor(use_norm, dtype_hint=dtype)]
    *clipped, norm = execute(_CLIP_BY_GLOBAL_NORM, [tensors, clip_norm, norms], None, name)
    clipped_iter = iter(clipped)
    return [None if t is None else next(clipped_iter) for t in t_list], norm
