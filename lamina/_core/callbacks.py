"""Host checks inside compiled programs: an op implementation that validates values on the host
(assertions, check_numerics) whenever the program runs, eager or compiled.

The check runs in an ordered JAX host callback. JAX reports an exception raised there as a runtime
error of its own; the OpError the check raised is kept here, per thread, so that the eager executor
re-raises it unchanged (`take_pending`).
"""

from __future__ import annotations

import threading

import jax
import numpy as np

from lamina._core.errors import OpError

_PENDING = threading.local()


def take_pending() -> OpError | None:
    """The OpError a host check raised during the last run on this thread, if any (and forget it)."""
    error = getattr(_PENDING, "error", None)
    _PENDING.error = None
    return error


def checked_on_host(check):
    """An op implementation that runs `check(*numpy_arrays, **attrs)` on the host when the op runs
    and returns nothing; `check` raises an OpError when the values are wrong."""

    def impl(*arrays, **attrs):
        leaves = jax.tree_util.tree_leaves(arrays)
        if any(isinstance(a, np.ndarray) and a.dtype == object for a in leaves):
            check(*arrays, **attrs)  # string tensors live on the host already: check now
            return ()

        def run(*values):
            try:
                check(*values, **attrs)
            except OpError as error:
                _PENDING.error = error
                raise

        jax.debug.callback(run, *arrays, ordered=True)
        return ()

    return impl
