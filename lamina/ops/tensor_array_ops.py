"""`tf.TensorArray`: a list of tensors of one dtype that loops write into and stack at the end.

Eagerly, as in TensorFlow 2, a TensorArray is a Python list of eager tensors: `write` stores into
the list (and returns the same object), `read` takes an element out, `stack` calls tf.stack. A
GradientTape records those ops, so gradients need nothing special.

While a graph is built (tf.function, loop bodies), XLA needs static shapes, so the array is a dense
buffer `[capacity, *element_shape]` (allocated at the first write, when the element shape becomes
known) plus its size: a Python int for fixed-size arrays, an int32 tensor for `dynamic_size=True`
arrays once a loop has written them. `write` returns a NEW TensorArray over the updated buffer (the
old one must not be used again, as in TensorFlow). Graph arrays are composite values (see
`lamina/_core/nest.py`): their components are the buffer (and the size tensor of dynamic arrays), so
they can be loop variables of `tf.while_loop` and AutoGraph loops, and outputs of `tf.cond`.

Entering a loop (`_lamina_enter_loop`) fixes the storage: an array whose element shape is still
unknown learns it from one trial trace of the loop body, and a dynamic-size array gets room for
`maximum_iterations` more elements (AutoGraph passes the trip count of `for i in tf.range(n)` with a
static `n`). A dynamic-size array in a loop without such a bound is an error that says what to set.
Inside compiled code an out-of-range write is dropped and a read is clamped (XLA cannot raise);
indices known when the graph is built are checked like TensorFlow checks them at run time.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from lamina._core.context import STATE
from lamina._core.errors import InvalidArgumentError, OutOfRangeError, op_error, unimplemented
from lamina._core.shape import TensorShape, as_shape
from lamina.ops._op import Tensor, defop, dtypes, execute, static_value
from lamina.ops._op import tensor as as_tensor
from lamina.ops.array_ops import concat, pad, reshape, split, stack, unstack
from lamina.ops.cast_ops import cast
from lamina.ops.creation_ops import zeros
from lamina.ops.math_ops import maximum

__all__ = ["TensorArray"]

_INDEX = (dtypes.int32, dtypes.int64)


# ---- the graph ops: TensorFlow's TensorList ops over a dense buffer -----------------------------------
# `mode="drop"`: an out-of-range write inside compiled code leaves the buffer unchanged. Graph building
# folds ops on constants by calling the implementation on NumPy arrays, hence the `jnp.asarray`.
_SET_ITEM = defop(
    "TensorListSetItem",
    lambda buffer, index, item: jnp.asarray(buffer).at[index].set(item, mode="drop"),
    inputs=["input_handle: T", "index: I", "item: T"],
    types={"I": _INDEX},
)
_GET_ITEM = defop(
    "TensorListGetItem",
    lambda buffer, index: jax.lax.dynamic_index_in_dim(jnp.asarray(buffer), index, 0, keepdims=False),
    inputs=["input_handle: T", "index: I"],
    types={"I": _INDEX},
)
_GATHER = defop(
    "TensorListGather",
    lambda buffer, indices: jnp.take(buffer, indices, axis=0, mode="clip"),
    inputs=["input_handle: T", "indices: I"],
    types={"I": _INDEX},
)
_SCATTER = defop(
    "TensorListScatterIntoExistingList",
    lambda buffer, items, indices: jnp.asarray(buffer).at[indices].set(items, mode="drop"),
    inputs=["input_handle: T", "tensor: T", "indices: I"],
    types={"I": _INDEX},
)
_STACK_GRAD = defop(
    "TensorListStackGrad",
    lambda grad, buffer: jnp.zeros_like(buffer).at[: grad.shape[0]].set(grad),
    inputs=["grad: T", "input_handle: T"],
)


def _stack_prefix_grad(ctx, grad):
    return [execute(_STACK_GRAD, [grad, ctx.inputs[0]], None), None]


# The first `size` elements of a dynamic-size array: the output shape depends on the value of `size`,
# so, like boolean_mask, the op runs un-jitted on concrete arrays.
_STACK_PREFIX = defop(
    "TensorListStack",
    lambda buffer, size: buffer[: int(size)],
    inputs=["input_handle: T", "num_elements: I"],
    types={"I": _INDEX},
    jit=False,
    grad=_stack_prefix_grad,
    shape_fn=lambda inputs, attrs: [(inputs[0].dtype, TensorShape([None] + inputs[0].shape.as_list()[1:]))],
)


# ---- helpers ------------------------------------------------------------------------------------------
def _static_int(value):
    """The int value of an index/size argument, or None when only known at run time."""
    array = static_value(value)
    return None if array is None else int(np.asarray(array).reshape(()))


def _shape_text(shape: TensorShape) -> str:
    return "<unknown>" if shape.rank is None else str(tuple(shape.as_list()))


def _convert_value(value, dtype):
    """`value` as a tensor of the array's dtype; a tensor (or Python value) of another dtype raises
    InvalidArgumentError, like TensorFlow's write."""
    if not isinstance(value, Tensor) and not hasattr(value, "_eager_read"):
        try:
            return as_tensor(value, dtype=dtype)
        except (TypeError, ValueError):
            value = as_tensor(value)
    value = as_tensor(value)
    if value.dtype is not dtype:
        raise op_error(
            InvalidArgumentError,
            "TensorArrayWrite",
            f"TensorArray dtype is {dtype.name} but Op is trying to write dtype {value.dtype.name}",
        )
    return value


def _merge_element_shape(element_shape: TensorShape, shape: TensorShape, infer_shape: bool) -> TensorShape:
    if not infer_shape:
        return element_shape
    if not element_shape.is_compatible_with(shape):
        raise ValueError(
            f"Incompatible shape for value ({_shape_text(shape)}), expected ({_shape_text(element_shape)})"
        )
    return element_shape.merge_with(shape)


def _check_read_index(index: int, size: int):
    if index < 0:
        raise op_error(
            OutOfRangeError,
            "TensorArrayRead",
            f"Reading from negative indices (index {index}) is not allowed.",
        )
    if index >= size:
        raise op_error(
            OutOfRangeError, "TensorArrayRead", f"Tried to read from index {index} but array size is: {size}"
        )


def _check_write_index(index: int, size: int, dynamic_size: bool):
    if index < 0:
        raise op_error(
            OutOfRangeError,
            "TensorArrayWrite",
            f"Writing to negative indices (index {index}) is not allowed.",
        )
    if index >= size and not dynamic_size:
        raise op_error(
            OutOfRangeError,
            "TensorArrayWrite",
            f"Tried to write to index {index} but array is not resizeable and size is: {size}",
        )


def _static_ints(values, what: str) -> list:
    array = static_value(values)
    if array is None:
        raise ValueError(
            f"tf.TensorArray: `{what}` must be known when the function is traced; got {values!r}"
        )
    return [int(v) for v in np.asarray(array).reshape(-1)]


def _unknown_shape_error(what: str) -> ValueError:
    return ValueError(
        f"tf.TensorArray.{what}: the element shape is not known yet (nothing has been written). Pass "
        "element_shape= to tf.TensorArray, or write an element first."
    )


# ---- eager: a Python list ---------------------------------------------------------------------------
class _EagerTensorArray:
    """TensorFlow 2's eager TensorArray: a list of eager tensors (None where nothing was written)."""

    def __init__(self, dtype, size, dynamic_size, clear_after_read, infer_shape, element_shape):
        if size is None:
            raise ValueError("Size must be declared for TensorArrays when eager execution is enabled.")
        self.dtype = dtype
        self.dynamic_size = dynamic_size
        self.clear_after_read = True if clear_after_read is None else bool(clear_after_read)
        self.infer_shape = infer_shape
        self.element_shape = element_shape
        self.tensors: list = [None] * int(static_value(size))
        self.cleared: set = set()

    def _zeros(self, what: str):
        if not self.element_shape.is_fully_defined():
            raise _unknown_shape_error(what)
        return zeros(self.element_shape.as_list(), self.dtype)

    def _element(self, index: int, what: str):
        value = self.tensors[index]
        return self._zeros(what) if value is None else value

    def read(self, index):
        index = int(static_value(index))
        _check_read_index(index, len(self.tensors))
        value = self.tensors[index]
        if value is None and index in self.cleared:
            raise op_error(
                InvalidArgumentError,
                "TensorArrayRead",
                f"Could not read index {index} twice because it was cleared after a previous read (perhaps "
                "try setting clear_after_read = false?)",
            )
        value = self._element(index, "read")
        if self.clear_after_read:
            self.tensors[index] = None
            self.cleared.add(index)
        return value

    def write(self, index, value):
        index = int(static_value(index))
        _check_write_index(index, len(self.tensors), self.dynamic_size)
        value = _convert_value(value, self.dtype)
        self.element_shape = _merge_element_shape(self.element_shape, value.shape, self.infer_shape)
        if index >= len(self.tensors):
            self.tensors.extend([None] * (index + 1 - len(self.tensors)))
        self.tensors[index] = value
        self.cleared.discard(index)
        return self

    def stack(self):
        if not self.tensors:
            dims = [0] + (self.element_shape.as_list() if self.element_shape.is_fully_defined() else [])
            return zeros(dims, self.dtype)
        return stack([self._element(i, "stack") for i in range(len(self.tensors))])

    def gather(self, indices):
        elements = []
        for index in _static_ints(indices, "indices"):
            _check_read_index(index, len(self.tensors))
            elements.append(self._element(index, "gather"))
        if not elements:
            return zeros([0] + self.element_shape.as_list(), self.dtype)
        return stack(elements)

    def concat(self):
        elements = [self._element(i, "concat") for i in range(len(self.tensors))]
        for i, element in enumerate(elements):
            if element.shape.rank == 0:
                raise op_error(
                    InvalidArgumentError,
                    "TensorArrayConcat",
                    f"Concat saw a scalar shape at index {i} but requires at least vectors.",
                )
        if not elements:
            rest = self.element_shape.as_list()[1:] if self.element_shape.is_fully_defined() else []
            return zeros([0] + rest, self.dtype)
        return concat(elements, 0)

    def unstack(self, value):
        value = _convert_value(value, self.dtype)
        if value.shape.rank == 0:
            raise ValueError("Argument `axis` = 0 not in range [0, 0)")
        elements = unstack(value)
        if len(elements) > len(self.tensors) and not self.dynamic_size:
            raise ValueError(
                f"Cannot unstack {len(elements)} tensors into a TensorArray of static size "
                f"{len(self.tensors)} "
            )
        if elements:
            self.element_shape = _merge_element_shape(self.element_shape, elements[0].shape, self.infer_shape)
        self.tensors, self.cleared = list(elements), set()
        return self

    def scatter(self, indices, value):
        indices = _static_ints(indices, "indices")
        value = _convert_value(value, self.dtype)
        for index, element in zip(indices, unstack(value, num=len(indices))):
            self.write(index, element)
        return self

    def split(self, value, lengths):
        value = _convert_value(value, self.dtype)
        lengths = _static_ints(lengths, "lengths")
        total = value.shape.as_list()[0] if value.shape.rank else None
        if total is None or sum(lengths) != total:
            raise op_error(
                InvalidArgumentError,
                "TensorArraySplit",
                "Expected sum of lengths to be equal to values.shape[0], but sum of lengths is "
                f"{sum(lengths)} "
                f"and value's shape is: {value.shape.as_list() if value.shape.rank is not None else '?'}",
            )
        if len(lengths) > len(self.tensors) and not self.dynamic_size:
            raise ValueError(
                f"Cannot split {len(lengths)} tensors into a TensorArray of static size {len(self.tensors)}"
            )
        pieces = split(value, lengths) if lengths else []
        shapes = {tuple(p.shape.as_list()) for p in pieces}
        if len(shapes) == 1:
            self.element_shape = _merge_element_shape(self.element_shape, pieces[0].shape, self.infer_shape)
        elif self.infer_shape and pieces:
            self.element_shape = TensorShape([None] + value.shape.as_list()[1:])
        self.tensors, self.cleared = list(pieces), set()
        return self

    def size(self):
        return as_tensor(len(self.tensors), dtype=dtypes.int32)


# ---- graph: a dense buffer ----------------------------------------------------------------------------
class _GraphTensorArray:
    """A buffer `[capacity, *element_shape]` (None until the element shape is known) and the size: an
    int, or an int32 tensor for dynamic-size arrays written at run-time indices. Immutable: every
    update returns a new one."""

    def __init__(self, dtype, size, dynamic_size, infer_shape, element_shape, buffer=None, presized=False):
        self.dtype = dtype
        self.size_value = size
        self.dynamic_size = dynamic_size
        self.infer_shape = infer_shape
        self.element_shape = element_shape
        self.buffer = buffer
        self.presized = presized  # sized for a loop by `enter_loop` (see the module docstring)
        # While `enter_loop` probes a loop body: a list that the first write of this unallocated
        # array (or of one derived from it) appends the element shape to.
        self.shape_sink = None

    def replace(self, **changes):
        fields = dict(
            dtype=self.dtype,
            size=self.size_value,
            dynamic_size=self.dynamic_size,
            infer_shape=self.infer_shape,
            element_shape=self.element_shape,
            buffer=self.buffer,
            presized=False,
        )
        fields.update(changes)
        array = _GraphTensorArray(**fields)
        array.shape_sink = self.shape_sink if array.buffer is None else None
        return array

    @property
    def capacity(self) -> int:
        if self.buffer is not None:
            return self.buffer.shape.as_list()[0]
        return self.size_value if isinstance(self.size_value, int) else 0

    def static_size(self):
        return self.size_value if isinstance(self.size_value, int) else _static_int(self.size_value)

    # composite protocol (nest.py)
    def components(self) -> list:
        if self.buffer is None:
            return []
        return (
            [self.buffer, as_tensor(self.size_value, dtype=dtypes.int32)]
            if self.dynamic_size
            else [self.buffer]
        )

    def rebuild(self, components):
        if not components:
            return self
        buffer = components[0]
        size = components[1] if self.dynamic_size else buffer.shape.as_list()[0]
        return self.replace(buffer=buffer, size=size, element_shape=TensorShape(buffer.shape.as_list()[1:]))

    def allocated(self, element_shape: TensorShape, capacity: int):
        """This array with a buffer of `capacity` elements (existing elements kept)."""
        if not element_shape.is_fully_defined():
            raise _unknown_shape_error("write")
        if self.buffer is None:
            return self.replace(
                buffer=zeros([capacity] + element_shape.as_list(), self.dtype), element_shape=element_shape
            )
        extra = capacity - self.capacity
        if extra <= 0:
            return self
        paddings = [[0, extra]] + [[0, 0]] * element_shape.rank
        return self.replace(buffer=pad(self.buffer, paddings))

    def _index(self, index, what: str):
        """(index tensor, its static value or None), checking static values like TensorFlow."""
        known = _static_int(index)
        if known is not None:
            if what == "write":
                _check_write_index(known, self.capacity if not self.dynamic_size else known + 1, False)
            else:
                size = self.static_size()
                _check_read_index(known, size if size is not None else self.capacity)
        tensor = as_tensor(index, dtype_hint=dtypes.int32)
        if tensor.dtype not in _INDEX:
            raise TypeError(f"tf.TensorArray.{what}: index must be an integer, got {tensor.dtype.name}")
        return tensor, known

    def write(self, index, value):
        value = _convert_value(value, self.dtype)
        shape = self.element_shape
        if self.buffer is not None:
            shape = TensorShape(self.buffer.shape.as_list()[1:])
        if not shape.is_compatible_with(value.shape) and (self.infer_shape or self.buffer is not None):
            raise ValueError(
                f"Inconsistent shapes: saw {_shape_text(value.shape)} but expected {_shape_text(shape)}"
            )
        shape = shape.merge_with(value.shape)
        if self.buffer is None and self.shape_sink is not None:
            self.shape_sink.append(shape)
        index_tensor, known = self._index(index, "write")
        capacity = self.capacity
        if known is not None and self.dynamic_size:
            capacity = max(capacity, known + 1)
        elif known is None and self.dynamic_size and capacity == 0:
            raise ValueError(
                "tf.TensorArray(dynamic_size=True) written at an index known only at run time needs room "
                "for its elements: lamina compiles with XLA, which needs static shapes. Write it in a loop "
                "with `maximum_iterations` (or `for i in tf.range(n)` with a static n), or give it a size."
            )
        array = self.allocated(shape, capacity)
        buffer = execute(_SET_ITEM, [array.buffer, index_tensor, value], None, "TensorArrayV2Write")
        size = array.size_value
        if self.dynamic_size:
            size = self._grown_size(known, index_tensor)
        return array.replace(buffer=buffer, size=size)

    def _grown_size(self, known, index_tensor):
        current = self.static_size()
        if known is not None and current is not None:
            return max(current, known + 1)
        size = as_tensor(self.size_value, dtype=dtypes.int32)
        return maximum(size, cast(index_tensor, dtypes.int32) + 1)

    def read(self, index):
        if self.buffer is None:
            if not self.element_shape.is_fully_defined():
                raise _unknown_shape_error("read")
            return zeros(self.element_shape.as_list(), self.dtype)
        index_tensor, _ = self._index(index, "read")
        return execute(_GET_ITEM, [self.buffer, index_tensor], None, "TensorArrayV2Read")

    def stack(self):
        size = self.static_size()
        if self.buffer is None:
            if not self.element_shape.is_fully_defined():
                raise _unknown_shape_error("stack")
            return zeros([size or 0] + self.element_shape.as_list(), self.dtype)
        if size is None:
            return execute(_STACK_PREFIX, [self.buffer, self.size_value], None, "TensorArrayV2Stack")
        if size == self.capacity:
            return self.buffer
        return self.buffer[:size]

    def gather(self, indices):
        indices = as_tensor(indices, dtype_hint=dtypes.int32)
        known = static_value(indices)
        if known is not None:
            for index in np.asarray(known).reshape(-1):
                self._index(int(index), "gather")
        array = self if self.buffer is not None else self.allocated(self.element_shape, self.capacity)
        return execute(_GATHER, [array.buffer, indices], None, "TensorArrayV2Gather")

    def concat(self):
        stacked = self.stack()
        if self.element_shape.rank == 0:
            raise op_error(
                InvalidArgumentError,
                "TensorArrayConcat",
                "Concat saw a scalar shape at index 0 but requires at least vectors.",
            )
        return reshape(stacked, [-1] + stacked.shape.as_list()[2:])

    def unstack(self, value):
        value = _convert_value(value, self.dtype)
        if value.shape.rank == 0:
            raise ValueError("Argument `axis` = 0 not in range [0, 0)")
        count = value.shape.as_list()[0]
        size = self.static_size()
        if count is None or not value.shape.is_fully_defined():
            raise ValueError(f"tf.TensorArray.unstack needs a value of known shape, got {value.shape}")
        if size is not None and count > size and not self.dynamic_size:
            raise ValueError(f"Cannot unstack {count} tensors into a TensorArray of static size {size} ")
        element_shape = _merge_element_shape(self.element_shape, TensorShape(value.shape.as_list()[1:]), True)
        return self.replace(buffer=value, size=count, element_shape=element_shape)

    def scatter(self, indices, value):
        value = _convert_value(value, self.dtype)
        indices = as_tensor(indices, dtype_hint=dtypes.int32)
        element = TensorShape(value.shape.as_list()[1:]) if value.shape.rank else TensorShape(None)
        shape = _merge_element_shape(self.element_shape, element, True)
        known = static_value(indices)
        capacity = self.capacity
        if known is not None:
            for index in np.asarray(known).reshape(-1):
                _check_write_index(int(index), capacity, self.dynamic_size)
                capacity = max(capacity, int(index) + 1)
        array = self.allocated(shape, capacity)
        buffer = execute(_SCATTER, [array.buffer, value, indices], None, "TensorArrayV2Scatter")
        size = array.size_value
        if self.dynamic_size:
            size = capacity if known is not None and self.static_size() is not None else size
        return array.replace(buffer=buffer, size=size)

    def split(self, value, lengths):
        value = _convert_value(value, self.dtype)
        lengths = _static_ints(lengths, "lengths")
        total = value.shape.as_list()[0] if value.shape.rank else None
        if total is not None and sum(lengths) != total:
            raise op_error(
                InvalidArgumentError,
                "TensorArraySplit",
                "Expected sum of lengths to be equal to values.shape[0], but sum of lengths is "
                f"{sum(lengths)} "
                f"and value's shape is: {value.shape.as_list()}",
            )
        if len(set(lengths)) > 1:
            raise ValueError(
                "tf.TensorArray.split with unequal lengths makes elements of different shapes, which a "
                "TensorArray in a tf.function cannot hold (lamina compiles it to one dense XLA buffer); "
                f"got lengths {lengths}."
            )
        length = lengths[0] if lengths else 0
        pieces = reshape(value, [len(lengths), length] + value.shape.as_list()[1:])
        return self.unstack(pieces)

    def size(self):
        return as_tensor(self.size_value, dtype=dtypes.int32)

    def _learn_element_shape(self, probe) -> TensorShape:
        """The element shape the loop body's first write gives this array. The trial trace may fail
        after that write (a `tf.cond` whose other branch leaves the array unallocated): the shape
        seen by then is what counts."""
        seen, failure = [], None
        self.shape_sink = seen
        try:
            after = probe()
            if isinstance(after, TensorArray):
                seen.append(after.element_shape)
        except Exception as error:  # noqa: BLE001 - reported below if no shape was learned
            failure = error
        finally:
            self.shape_sink = None
        shape = self.element_shape
        for candidate in seen:
            if shape.is_compatible_with(candidate):
                shape = shape.merge_with(candidate)
        if not shape.is_fully_defined():
            raise ValueError(
                "A tf.TensorArray enters a loop whose body does not make its element shape known "
                f"(it is {_shape_text(shape)}); pass element_shape= to tf.TensorArray."
            ) from failure
        return shape

    def enter_loop(self, maximum_iterations, probe):
        """This array as a loop variable (see the module docstring)."""
        shape = self.element_shape
        if self.buffer is None and not shape.is_fully_defined():
            shape = self._learn_element_shape(probe)
        capacity = self.capacity
        if self.dynamic_size:
            if maximum_iterations is None:
                if self.presized:
                    return self
                raise ValueError(
                    "tf.TensorArray(dynamic_size=True) is a loop variable of a loop without a bound. lamina "
                    "compiles loops with XLA, which needs the array's storage size up front: pass "
                    "`maximum_iterations=` to tf.while_loop (AutoGraph: loop `for i in tf.range(n)` with a "
                    "static n), or create the TensorArray with a fixed `size`."
                )
            base = self.static_size()
            capacity = max(capacity, (capacity if base is None else base) + int(maximum_iterations))
        array = self.allocated(shape, capacity)
        if self.dynamic_size:
            array = array.replace(size=as_tensor(array.size_value, dtype=dtypes.int32))
        array.presized = True
        return array


# ---- the public class ---------------------------------------------------------------------------------
class TensorArray:
    """A list of tensors of one dtype, written element by element (typically in a loop) and stacked.

    Eagerly it is a Python list of tensors; in a tf.function it is a dense buffer of static shape
    (see the module docstring), whose methods return new TensorArrays: always use the result of
    `write` / `unstack` / `scatter` / `split`.

    >>> ta = tf.TensorArray(tf.float32, size=3)
    >>> for i in range(3):
    ...     ta = ta.write(i, float(i) * 2.0)
    >>> ta.stack().numpy().tolist()
    [0.0, 2.0, 4.0]
    """

    def __init__(
        self,
        dtype,
        size=None,
        dynamic_size=None,
        clear_after_read=None,
        tensor_array_name=None,
        handle=None,
        flow=None,
        infer_shape=True,
        element_shape=None,
        colocate_with_first_write_call=True,
        name=None,
    ):
        if handle is not None or flow is not None:
            raise ValueError("tf.TensorArray: building from `handle` or `flow` is not supported in lamina.")
        dtype = dtypes.as_dtype(dtype)
        element_shape = TensorShape(None) if element_shape is None else as_shape(element_shape)
        dynamic_size = bool(dynamic_size)
        if STATE.builder is None:
            self._impl = _EagerTensorArray(
                dtype, size, dynamic_size, clear_after_read, infer_shape, element_shape
            )
            return
        if size is None:
            raise ValueError("Size must be provided if handle is not provided")
        static_size = _static_int(size)
        if static_size is None and not dynamic_size:
            raise ValueError(
                f"tf.TensorArray(size={size!r}): in a tf.function lamina needs the size when the function is "
                "traced (XLA compiles static shapes). Pass a Python int or a tensor whose value is known "
                "while tracing (tf.shape(x)[0] of a fully known shape), or use dynamic_size=True in a loop "
                "with maximum_iterations."
            )
        self._impl = _GraphTensorArray(dtype, static_size or 0, dynamic_size, infer_shape, element_shape)
        if element_shape.is_fully_defined() and not dynamic_size:
            self._impl = self._impl.allocated(element_shape, static_size)

    @classmethod
    def _wrap(cls, impl) -> TensorArray:
        array = cls.__new__(cls)
        array._impl = impl
        return array

    def _result(self, impl) -> TensorArray:
        return self if impl is self._impl else TensorArray._wrap(impl)

    # ---- properties
    @property
    def dtype(self):
        """The dtype of the elements."""
        return self._impl.dtype

    @property
    def element_shape(self) -> TensorShape:
        """The shape of the elements (unknown until the first write or `element_shape=`)."""
        impl = self._impl
        if isinstance(impl, _GraphTensorArray) and impl.buffer is not None:
            return TensorShape(impl.buffer.shape.as_list()[1:])
        return impl.element_shape

    @property
    def dynamic_size(self) -> bool:
        """Whether writes past the end grow the array."""
        return self._impl.dynamic_size

    @property
    def handle(self):
        """TensorFlow's resource handle; lamina's arrays have none (TensorFlow 2's eager arrays neither)."""
        return None

    @property
    def flow(self):
        """The tensor that carries the array's value through a graph (its buffer), or 0 eagerly."""
        impl = self._impl
        if isinstance(impl, _GraphTensorArray) and impl.buffer is not None:
            return impl.buffer
        return as_tensor(0, dtype=dtypes.int32)

    # ---- reading
    def read(self, index, name=None):
        """The element at `index`; zeros of the element shape where nothing was written."""
        return self._impl.read(index)

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked."""
        return self._impl.gather(indices)

    def stack(self, name=None):
        """All elements stacked into one tensor `[size, *element_shape]`."""
        return self._impl.stack()

    def concat(self, name=None):
        """All elements concatenated along their first dimension."""
        return self._impl.concat()

    def size(self, name=None):
        """The number of elements, as an int32 scalar tensor."""
        return self._impl.size()

    # ---- writing
    def write(self, index, value, name=None) -> TensorArray:
        """Writes `value` at `index`; returns the TensorArray to use from now on."""
        return self._result(self._impl.write(index, value))

    def unstack(self, value, name=None) -> TensorArray:
        """Replaces the elements with the slices of `value` along its first dimension."""
        return self._result(self._impl.unstack(value))

    def scatter(self, indices, value, name=None) -> TensorArray:
        """Writes `value[k]` at `indices[k]`."""
        return self._result(self._impl.scatter(indices, value))

    def split(self, value, lengths, name=None) -> TensorArray:
        """Replaces the elements with consecutive pieces of `value` of the given lengths."""
        return self._result(self._impl.split(value, lengths))

    # ---- bookkeeping TensorFlow has for its resources
    def identity(self) -> TensorArray:
        return self

    def close(self, name=None):
        return None

    def grad(self, source, flow=None, name=None):
        raise unimplemented(
            "TensorArray.grad (TensorFlow's internal gradient accumulator; use tf.GradientTape)"
        )

    def mark_used(self):
        return None

    # ---- composite protocol (lamina/_core/nest.py), for graph arrays
    def _lamina_components(self) -> list:
        if isinstance(self._impl, _EagerTensorArray):
            raise TypeError(
                "An eager tf.TensorArray (created outside the tf.function) cannot be used while a graph is "
                "built; create the TensorArray inside the function."
            )
        return self._impl.components()

    def _lamina_rebuild(self, components) -> TensorArray:
        return TensorArray._wrap(self._impl.rebuild(list(components)))

    def _lamina_enter_loop(self, maximum_iterations, probe) -> TensorArray:
        """The value this array enters a graph loop with (storage for the loop; see module docstring).
        `probe()` returns this loop variable as the body leaves it after one trial iteration."""
        if isinstance(self._impl, _EagerTensorArray):
            return self
        return self._result(self._impl.enter_loop(maximum_iterations, probe))

    def __repr__(self):
        return f"<tf.TensorArray dtype={self.dtype.name} element_shape={_shape_text(self.element_shape)}>"
