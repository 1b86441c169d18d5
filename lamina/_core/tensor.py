"""`tf.Tensor`: the base class, and EagerTensor, which holds a concrete value.

An EagerTensor holds a `jax.Array` (device dtypes) or a NumPy object array of bytes (`tf.string`,
which lives on the host). Symbolic tensors (graph building) subclass `Tensor` in the graph IR.

Operators (`+`, `@`, `[]`, comparisons, ...) are not defined here: the ops package installs them
with `install_operator`, so this module stays below the ops in the stack.
"""

from __future__ import annotations

import numpy as np

from lamina._core import dtypes
from lamina._core.shape import TensorShape

_DTYPE_OF_NP = dtypes._BY_NP


class Tensor:
    """A multidimensional array with a dtype and a (possibly partial) shape."""

    __slots__ = ()
    # Makes NumPy defer to our reflected operators (`np_array + tensor` -> Tensor.__radd__).
    __array_priority__ = 100

    OVERLOADABLE_OPERATORS = frozenset()

    # Subclasses define `dtype`, `shape` and their own value or graph-node storage.

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def ndim(self):
        return self.shape.rank

    def ref(self):
        return Reference(self)

    experimental_ref = ref

    def __hash__(self):
        raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class Reference:
    """A hashable handle on a Tensor or Variable (`x.ref()`), compared by identity."""

    __slots__ = ("_wrapped",)

    def __init__(self, wrapped):
        self._wrapped = wrapped

    def deref(self):
        return self._wrapped

    def __eq__(self, other):
        return isinstance(other, Reference) and self._wrapped is other._wrapped

    def __hash__(self):
        return id(self._wrapped)

    def __repr__(self):
        return f"<Reference wrapping {self._wrapped!r}>"


def _device_name(array) -> str:
    try:
        device = next(iter(array.devices()))
    except (AttributeError, StopIteration):
        return "/job:localhost/replica:0/task:0/device:CPU:0"
    kind = "GPU" if device.platform in ("gpu", "cuda", "rocm") else device.platform.upper()
    index = getattr(device, "id", 0) if kind != "CPU" else device.id
    return f"/job:localhost/replica:0/task:0/device:{kind}:{index}"


class EagerTensor(Tensor):
    """A tensor with a concrete value, produced by eager op execution."""

    __slots__ = ("_value", "_dtype", "__weakref__")

    def __init__(self, value, dtype: dtypes.DType | None = None):
        self._value = value
        self._dtype = dtype if dtype is not None else _DTYPE_OF_NP[value.dtype]

    @property
    def dtype(self) -> dtypes.DType:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        return TensorShape(self._value.shape)

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def device(self) -> str:
        if self._dtype is dtypes.string:
            return "/job:localhost/replica:0/task:0/device:CPU:0"
        return _device_name(self._value)

    @property
    def backing_device(self) -> str:
        return self.device

    def numpy(self):
        """The value as a NumPy array (a NumPy scalar for rank 0); strings come back as bytes."""
        value = self._value
        if self._dtype is dtypes.string:
            return value[()] if value.ndim == 0 else value.copy()
        result = np.array(value)
        return result[()] if result.ndim == 0 else result

    def __array__(self, dtype=None, copy=None):
        value = self._value if self._dtype is dtypes.string else np.asarray(self._value)
        if dtype is not None:
            value = value.astype(dtype)
        return value

    def set_shape(self, shape):
        if not self.shape.is_compatible_with(shape):
            raise ValueError(
                f"Tensor's shape {self.shape} is not compatible with supplied shape {TensorShape(shape)}."
            )

    # Python conversions are defined in eager mode only: a symbolic tensor has no value yet.
    def __bool__(self):
        size = self._value.size
        if size > 1:
            raise ValueError(
                "The truth value of an array with more than one element is ambiguous. "
                f"Use a.any() or a.all(). Received a tensor of shape {self.shape}."
            )
        return bool(size) and bool(np.asarray(self._value).reshape(-1)[0])

    def __len__(self):
        if self._value.ndim == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return self._value.shape[0]

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        for i in range(self._value.shape[0]):
            yield self[i]

    def _single_value(self):
        if self._value.size != 1:
            raise TypeError(f"Only tensors with one element can be converted to Python scalars, got {self!r}")
        return np.asarray(self.numpy()).reshape(-1)[0]

    def __int__(self):
        return int(self._single_value())

    def __float__(self):
        return float(self._single_value())

    def __complex__(self):
        return complex(self._single_value())

    def __index__(self):
        if not (self._dtype.is_integer or self._dtype is dtypes.bool) or self._value.ndim != 0:
            raise TypeError(f"Only integer scalar tensors can be used as an index, got {self!r}")
        return int(self.numpy())

    def __format__(self, spec):
        if self._value.ndim == 0 and spec:
            return format(self.numpy(), spec)
        return str(self)

    def __reduce__(self):
        from lamina._core.convert import constant_value_tensor

        return (constant_value_tensor, (self.numpy(), self._dtype.name))

    def __repr__(self):
        value = self.numpy()
        text = repr(value.item() if isinstance(value, np.generic) else value)
        return f"<tf.Tensor: shape={self.shape}, dtype={self._dtype.name}, numpy={text}>"

    def __str__(self):
        return f"tf.Tensor({np.asarray(self.numpy())}, shape={self.shape}, dtype={self._dtype.name})"

    # Graph-only attributes: fail with TensorFlow's wording rather than an AttributeError deep down.
    @property
    def op(self):
        raise AttributeError("Tensor.op is undefined when eager execution is enabled.")

    @property
    def graph(self):
        raise AttributeError("Tensor.graph is undefined when eager execution is enabled.")

    @property
    def name(self):
        raise AttributeError("Tensor.name is undefined when eager execution is enabled.")

    @property
    def value_index(self):
        raise AttributeError("Tensor.value_index is undefined when eager execution is enabled.")

    def _numpy_or_value(self):
        return self.numpy()


def install_operator(name: str, function, classes=None):
    """Installs `function` as operator method `name` (e.g. "__add__") on Tensor (and `classes`)."""
    for cls in (Tensor, *(classes or ())):
        setattr(cls, name, function)
