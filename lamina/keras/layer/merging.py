"""The merging layers: combine a list of tensors into one.

Element-wise merges (Add, Subtract, Multiply, Average, Maximum, Minimum) broadcast the samples'
shapes against each other (the batch sizes must agree); an input of lower rank gets new axes after
the batch axis, as in Keras. Their output mask is the AND of the input masks. Concatenate joins
along an axis (its mask joins the inputs' masks); Dot contracts one axis of each of two inputs per
sample (no mask). Each class has its functional spelling (`add([a, b])`, `concatenate([a, b])`, ...).
"""

from __future__ import annotations

from lamina._core.convert import convert_to_tensor
from lamina._core.shape import TensorShape
from lamina.keras.layer.base import Layer, to_shapes
from lamina.ops import array_ops, cast_ops, comparison_ops, creation_ops, linalg_ops, math_ops, reduction_ops


def _shape_list(shape):
    shape = TensorShape(shape)
    return None if shape.rank is None else shape.as_list()


def _text(shapes):
    """Shapes as TensorFlow prints them in merge errors: a list of tuples, or one tuple."""
    if _is_shape_list(shapes):
        return "[" + ", ".join(_text(s) for s in shapes) + "]"
    dims = _shape_list(shapes)
    return str(tuple(dims)) if dims is not None else "<unknown>"


def _is_shape_list(input_shape) -> bool:
    """A list of shapes (not one shape given as a tuple of ints)."""
    if not isinstance(input_shape, (list, tuple)):
        return False
    return all(isinstance(s, (TensorShape, list, tuple)) for s in input_shape)


class _Merge(Layer):
    """Base of the element-wise merges; each subclass defines `_merge_function(list of tensors)`."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def _check_shapes(self, input_shape):
        """The output shape for a list of input shapes; raises ValueError like Keras's merges."""
        if not _is_shape_list(input_shape):
            raise ValueError(
                "A merge layer should be called on a list of inputs. Received: "
                f"input_shape={_text(input_shape)} (not a list of shapes)"
            )
        shapes = [_shape_list(s) for s in input_shape]
        if not shapes:
            raise ValueError("A merge layer should be called on a list of at least 1 input. Got 0 inputs.")
        if any(s is None for s in shapes):
            return TensorShape(None)
        batch_sizes = {s[0] for s in shapes if s and s[0] is not None}
        if len(batch_sizes) > 1:
            raise ValueError(
                "Cannot merge tensors with different batch sizes. Got tensors with shapes "
                f"{_text(input_shape)}"
            )
        output = shapes[0][1:]
        for shape in shapes[1:]:
            output = _broadcast(output, shape[1:])
        batch = next(iter(batch_sizes)) if batch_sizes else None
        return TensorShape([batch, *output])

    def build(self, input_shape):
        self._check_shapes(input_shape)

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"A merge layer should be called on a list of inputs. Received: inputs={inputs}")
        inputs = list(inputs)
        ranks = [x.shape.rank for x in inputs]
        if None not in ranks and len(set(ranks)) > 1:
            # Keras's rule for inputs of different ranks: new axes go right after the batch axis.
            top = max(ranks)
            inputs = [_expand_after_batch(x, top - rank) for x, rank in zip(inputs, ranks)]
        return self._merge_function(inputs)

    def compute_output_shape(self, input_shape):
        return self._check_shapes(to_shapes(input_shape))

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)):
            raise ValueError(f"`mask` should be a list. Received: mask={mask}")
        if not isinstance(inputs, (list, tuple)) or len(mask) != len(inputs):
            raise ValueError(
                f"The lists `inputs` and `mask` should have the same length. Received: inputs={inputs} of "
                f"length {len(inputs)}, and mask={mask} of length {len(mask)}"
            )
        present = [m for m in mask if m is not None]
        if not present:
            return None
        output = present[0]
        for other in present[1:]:
            output = comparison_ops.logical_and(output, other)
        return output

    def get_config(self) -> dict:
        return super().get_config()


def _broadcast(first, second):
    """Keras's broadcast of two sample shapes (aligned on the right; None is unknown)."""
    if len(first) < len(second):
        first, second = second, first
    offset = len(first) - len(second)
    output = list(first[:offset])
    for i, j in zip(first[offset:], second):
        if i is None or j is None:
            output.append(None)
        elif i == 1 or j == 1 or i == j:
            output.append(j if i == 1 else i)
        else:
            raise ValueError(
                f"Inputs have incompatible shapes. Received shapes {tuple(first)} and {tuple(second)}"
            )
    return output


def _expand_after_batch(x, count):
    for _ in range(count):
        x = array_ops.expand_dims(x, 1)
    return x


def _fold(function, inputs):
    if len(inputs) == 1:
        return array_ops.identity(inputs[0])  # a layer's output is never its input tensor
    output = inputs[0]
    for x in inputs[1:]:
        output = function(output, x)
    return output


class Add(_Merge):
    """The element-wise sum of a list of inputs of compatible shapes: `Add()([a, b, c])`."""

    def _merge_function(self, inputs):
        return _fold(math_ops.add, inputs)


class Subtract(_Merge):
    """`inputs[0] - inputs[1]` for a list of exactly two inputs.

    Raises:
      ValueError: a number of inputs other than two.
    """

    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                "A `Subtract` layer should be called on exactly 2 inputs. Received: "
                f"input_shape={_text(input_shape)}"
            )

    def _merge_function(self, inputs):
        if len(inputs) != 2:
            raise ValueError(
                f"A `Subtract` layer should be called on exactly 2 inputs. Received: inputs={inputs}"
            )
        return math_ops.subtract(inputs[0], inputs[1])


class Multiply(_Merge):
    """The element-wise product of a list of inputs."""

    def _merge_function(self, inputs):
        return _fold(math_ops.multiply, inputs)


class Average(_Merge):
    """The element-wise mean of a list of inputs (integer inputs give a float64 mean, as in TF)."""

    def _merge_function(self, inputs):
        return math_ops.truediv(_fold(math_ops.add, inputs), len(inputs))


class Maximum(_Merge):
    """The element-wise maximum of a list of inputs."""

    def _merge_function(self, inputs):
        return _fold(math_ops.maximum, inputs)


class Minimum(_Merge):
    """The element-wise minimum of a list of inputs."""

    def _merge_function(self, inputs):
        return _fold(math_ops.minimum, inputs)


class Concatenate(_Merge):
    """Joins a list of inputs along `axis`; every other axis must agree.

    Args:
      axis: the axis to join along (default -1, the last).

    Raises:
      ValueError: inputs whose shapes differ off the concatenation axis, or an axis out of range.
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def _check_shapes(self, input_shape):
        if not _is_shape_list(input_shape) or len(input_shape) < 1:
            raise ValueError(
                "A `Concatenate` layer should be called on a list of at least 1 input. Received: "
                f"input_shape={_text(input_shape)}"
            )
        shapes = [_shape_list(s) for s in input_shape]
        if any(s is None for s in shapes):
            return TensorShape(None)
        rank = len(shapes[0])
        if not -rank <= self.axis < rank:
            raise ValueError(
                f"Invalid `axis` for a `Concatenate` layer: {self.axis} is out of range for inputs of rank "
                f"{rank}. Received: input_shape={_text(input_shape)}"
            )
        axis = self.axis % rank
        output = list(shapes[0])
        for shape in shapes[1:]:
            if len(shape) != rank or any(
                a is not None and b is not None and a != b
                for i, (a, b) in enumerate(zip(output, shape))
                if i != axis
            ):
                raise ValueError(
                    "A `Concatenate` layer requires inputs with matching shapes except for the concatenation "
                    f"axis. Received: input_shape={_text(input_shape)}"
                )
            output = [
                (None if a is None or b is None else a + b) if i == axis else (a if a is not None else b)
                for i, (a, b) in enumerate(zip(output, shape))
            ]
        return TensorShape(output)

    def call(self, inputs):
        return array_ops.concat(list(inputs), axis=self.axis)

    def compute_mask(self, inputs, mask=None):
        if mask is None:
            return None
        if not isinstance(mask, (list, tuple)):
            raise ValueError(f"`mask` should be a list. Received mask={mask}")
        if not isinstance(inputs, (list, tuple)) or len(mask) != len(inputs):
            raise ValueError(
                f"The lists `inputs` and `mask` should have the same length. Received: inputs={inputs} of "
                f"length {len(inputs)}, and mask={mask} of length {len(mask)}"
            )
        if all(m is None for m in mask):
            return None
        full = [_full_mask(x, m) for x, m in zip(inputs, mask)]
        return reduction_ops.reduce_all(array_ops.concat(full, axis=self.axis), axis=-1)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def _full_mask(x, mask):
    """A boolean mask of x's full shape: all True for no mask; a lower-rank mask broadcast over the
    trailing axes."""
    ones = cast_ops.cast(creation_ops.ones_like(x), "bool")  # works for unknown sizes too
    if mask is None:
        return ones
    mask = convert_to_tensor(mask)
    while mask.shape.rank is not None and mask.shape.rank < ones.shape.rank:
        mask = array_ops.expand_dims(mask, -1)
    return comparison_ops.logical_and(mask, ones)


class Dot(_Merge):
    """Per-sample dot products of two inputs: contracts axis `axes[0]` of the first with `axes[1]` of
    the second (the batch axis 0 is kept). `(batch, n)` with `(batch, n)` gives `(batch, 1)`.

    Args:
      axes: an int (the same axis of both inputs) or a pair of ints.
      normalize: L2-normalize both inputs along the contracted axes first (cosine similarity).

    Raises:
      TypeError / ValueError: axes that are not an int or a pair of ints.
      ValueError: other than two inputs, contracted axes of different sizes, or the batch axis.
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(
                    f"Invalid type for argument `axes`: it should be a list or an int. Received: axes={axes}"
                )
            if len(axes) != 2:
                raise ValueError(
                    "Invalid format for argument `axes`: it should contain two elements. "
                    f"Received: axes={axes}"
                )
            if not all(isinstance(a, int) for a in axes):
                raise ValueError(
                    "Invalid format for argument `axes`: list elements should be integers. "
                    f"Received: axes={axes}"
                )
        self.axes = axes
        self.normalize = normalize

    def _axes_for(self, rank1, rank2):
        if isinstance(self.axes, int):
            return [self.axes % rank1, self.axes % rank2] if self.axes < 0 else [self.axes, self.axes]
        return [a % rank if a < 0 else a for a, rank in zip(self.axes, (rank1, rank2))]

    def _check_shapes(self, input_shape):
        if not _is_shape_list(input_shape) or len(input_shape) != 2:
            raise ValueError(
                "A `Dot` layer should be called on a list of 2 inputs. Received: "
                f"input_shape={_text(input_shape)}"
            )
        first, second = (_shape_list(s) for s in input_shape)
        if first is None or second is None:
            return TensorShape(None)
        axes = self._axes_for(len(first), len(second))
        if 0 in axes:
            raise ValueError(
                "Cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch "
                "dimension to your inputs using K.expand_dims(x, 0)"
            )
        if max(axes[0] - len(first), axes[1] - len(second)) >= 0:
            raise ValueError(f"Invalid `axes` {self.axes} for inputs of shapes {_text(input_shape)}")
        a, b = first[axes[0]], second[axes[1]]
        if a is not None and b is not None and a != b:
            raise ValueError(
                f"Incompatible input shapes: axis values {a} (at axis {axes[0]}) != {b} (at axis {axes[1]}). "
                f"Full input shapes: {_text(first)}, {_text(second)}"
            )
        if first[0] is not None and second[0] is not None and first[0] != second[0]:
            raise ValueError(
                "Cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes "
                f"{_text(first)} and {_text(second)}."
            )
        output = first[: axes[0]] + first[axes[0] + 1 :] + second[1 : axes[1]] + second[axes[1] + 1 :]
        return TensorShape(output if len(output) > 1 else [*output, 1])

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            raise ValueError(f"A `Dot` layer should be called on exactly 2 inputs. Received: inputs={inputs}")
        first, second = inputs
        self._check_shapes([first.shape, second.shape])
        axes = self._axes_for(first.shape.rank, second.shape.rank)
        if self.normalize:
            first = math_ops.l2_normalize(first, axis=axes[0])
            second = math_ops.l2_normalize(second, axis=axes[1])
        return batch_dot(first, second, axes)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self) -> dict:
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def batch_dot(x, y, axes):
    """Per-sample contraction of axis axes[0] of x with axis axes[1] of y (axis 0 is the batch),
    written as one einsum; a result with only the batch axis gets a trailing axis of 1."""
    letters = iter("bcdefghijklmnopqrstuvwxyz")
    x_spec = ["a"] + [next(letters) for _ in range(x.shape.rank - 1)]
    y_spec = ["a"] + [next(letters) for _ in range(y.shape.rank - 1)]
    y_spec[axes[1]] = x_spec[axes[0]]
    kept = [c for i, c in enumerate(x_spec) if i != axes[0]] + [
        c for i, c in enumerate(y_spec) if i not in (0, axes[1])
    ]
    output = linalg_ops.einsum(f"{''.join(x_spec)},{''.join(y_spec)}->{''.join(kept)}", x, y)
    return array_ops.expand_dims(output, -1) if len(kept) == 1 else output


# ---- functional spellings ------------------------------------------------------------------------
def add(inputs, **kwargs):
    """`Add(**kwargs)(inputs)`: the element-wise sum of a list of tensors."""
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """`Subtract(**kwargs)(inputs)`: `inputs[0] - inputs[1]`."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """`Multiply(**kwargs)(inputs)`: the element-wise product of a list of tensors."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """`Average(**kwargs)(inputs)`: the element-wise mean of a list of tensors."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """`Maximum(**kwargs)(inputs)`: the element-wise maximum of a list of tensors."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """`Minimum(**kwargs)(inputs)`: the element-wise minimum of a list of tensors."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """`Concatenate(axis, **kwargs)(inputs)`: a list of tensors joined along `axis`."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs, axes, normalize=False, **kwargs):
    """`Dot(axes, normalize, **kwargs)(inputs)`: per-sample dot products of two tensors."""
    return Dot(axes=axes, normalize=normalize, **kwargs)(inputs)


__all__ = [
    "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
    "add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate", "dot",
]  # fmt: skip
