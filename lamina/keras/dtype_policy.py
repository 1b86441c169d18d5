"""Dtype policies (`tf.keras.mixed_precision.Policy`): the dtype a layer keeps its weights in and the
dtype it computes in. "mixed_float16" and "mixed_bfloat16" keep float32 weights and compute in half
precision; any dtype name is a policy that uses that dtype for both."""

from __future__ import annotations

from lamina._core import dtypes
from lamina.keras import backend

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}


class Policy:
    """A layer's variable and compute dtypes.

    Args:
      name: "float32", "float64", ..., "mixed_float16" or "mixed_bfloat16".

    Raises:
      ValueError: a name that is neither a dtype nor a mixed policy.
    """

    def __init__(self, name):
        if isinstance(name, dtypes.DType):
            name = name.name
        if not isinstance(name, str):
            raise TypeError(f"'name' must be a string, not a {type(name).__name__}: {name!r}")
        if name in _MIXED:
            self._variable, self._compute = "float32", _MIXED[name]
        elif name == "_infer":
            self._variable = self._compute = None
        else:
            try:
                dtype = dtypes.as_dtype(name).name
            except TypeError:
                raise ValueError(
                    f"Cannot convert value {name} to a mixed precision Policy. Valid policies include "
                    "'mixed_float16', 'mixed_bfloat16', and the name of any dtype such as 'float32'."
                ) from None
            self._variable = self._compute = dtype
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    @property
    def variable_dtype(self):
        return self._variable

    @property
    def compute_dtype(self):
        return self._compute

    def get_config(self) -> dict:
        return {"name": self._name}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)

    def __eq__(self, other):
        return isinstance(other, Policy) and other.name == self.name

    def __hash__(self):
        return hash(self._name)

    def __repr__(self):
        return f'<Policy "{self._name}">'


_GLOBAL: list = [None]


def global_policy() -> Policy:
    """The policy layers get when made without `dtype` (default: the float type, "float32")."""
    if _GLOBAL[0] is None:
        return Policy(backend.floatx())
    return _GLOBAL[0]


def set_global_policy(policy) -> None:
    """Sets the default policy of layers made from now on (None restores "float32")."""
    if policy is not None and not isinstance(policy, Policy):
        policy = Policy(policy)
    if policy is not None and not dtypes.as_dtype(policy.compute_dtype or "float32").is_floating:
        raise ValueError(
            f"set_global_policy can only be used to set the global policy to floating-point policies, "
            f"such as 'float32' and 'mixed_float16', but got policy: {policy.name}"
        )
    _GLOBAL[0] = policy


def as_policy(dtype) -> Policy:
    """A layer's `dtype` argument (None, a dtype or its name, a Policy, a policy config) as a Policy."""
    if dtype is None:
        return global_policy()
    if isinstance(dtype, Policy):
        return dtype
    if isinstance(dtype, dict) and "config" in dtype:  # a serialized policy
        return Policy(**dtype["config"])
    return Policy(dtype)
