"""`tf.keras.layers.InputSpec`: what a layer accepts (rank, dtype, known axis sizes), checked on
every call so a mismatch fails at the user's line with the layer's name and the shape received."""

from __future__ import annotations

from lamina._core import dtypes, nest
from lamina._core.shape import TensorShape


class InputSpec:
    """Describes the rank, dtype and shape a layer expects of one input.

    Args:
      dtype: the expected dtype, or None.
      shape: the expected shape (None for unknown dimensions), or None.
      ndim: the exact rank, min_ndim / max_ndim: bounds on the rank.
      axes: {axis: size} that must match (negative axes count from the end).
      allow_last_axis_squeeze: accept an input one rank short or long with a last axis of 1.
      name: the expected input name (for dict inputs).
    """

    def __init__(
        self,
        dtype=None,
        shape=None,
        ndim=None,
        max_ndim=None,
        min_ndim=None,
        axes=None,
        allow_last_axis_squeeze=False,
        name=None,
    ):
        self.dtype = dtypes.as_dtype(dtype).name if dtype is not None else None
        shape = TensorShape(shape) if shape is not None else None
        self.shape = tuple(shape.as_list()) if shape is not None and shape.rank is not None else None
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        self.name = name
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.axes = {int(k): v for k, v in (axes or {}).items()}
        if self.axes and self.ndim is None and self.min_ndim is None:
            raise ValueError("Axis constraints in an InputSpec need `ndim` or `min_ndim`.")
        rank = self.ndim if self.ndim is not None else self.min_ndim
        if rank is not None and self.axes and max(self.axes) >= rank:
            raise ValueError(f"Axis {max(self.axes)} is greater than the maximum allowed value: {rank - 1}")

    def get_config(self) -> dict:
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        fields = {k: v for k, v in self.get_config().items() if v}
        return "InputSpec(" + ", ".join(f"{k}={v}" for k, v in fields.items()) + ")"


def assert_input_compatibility(input_spec, inputs, layer_name: str) -> None:
    """Raises ValueError when `inputs` (a tensor or a structure) do not satisfy `input_spec`."""
    if not input_spec:
        return
    specs = nest.flatten(input_spec)
    tensors = nest.flatten(inputs)
    if len(tensors) != len(specs):
        raise ValueError(
            f'Layer "{layer_name}" expects {len(specs)} input(s), but it received {len(tensors)} input '
            f"tensors. Inputs received: {tensors}"
        )
    for index, (spec, tensor) in enumerate(zip(specs, tensors)):
        if spec is not None:
            _check_one(spec, tensor, index, layer_name)


def _check_one(spec: InputSpec, tensor, index: int, layer_name: str) -> None:
    shape = TensorShape(tensor.shape)
    prefix = f'Input {index} of layer "{layer_name}" is incompatible with the layer: '
    received = f"Full shape received: {_shape_text(shape)}"
    rank = shape.rank
    if rank is None:
        return
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and rank != spec.ndim:
        raise ValueError(f"{prefix}expected ndim={spec.ndim}, found ndim={rank}. {received}")
    if spec.max_ndim is not None and rank > spec.max_ndim:
        raise ValueError(f"{prefix}expected max_ndim={spec.max_ndim}, found ndim={rank}")
    if spec.min_ndim is not None and rank < spec.min_ndim:
        raise ValueError(f"{prefix}expected min_ndim={spec.min_ndim}, found ndim={rank}. {received}")
    if spec.dtype is not None and tensor.dtype.name != spec.dtype:
        raise ValueError(f"{prefix}expected dtype={spec.dtype}, found dtype={tensor.dtype.name}")
    dims = shape.as_list()
    for axis, size in spec.axes.items():
        actual = dims[axis] if -rank <= axis < rank else None
        if size is not None and actual is not None and actual not in (size,) and actual != size:
            raise ValueError(
                f"{prefix}expected axis {axis} of input shape to have value {size}, but received input "
                f"with shape {_shape_text(shape)}"
            )
    if spec.shape is not None and len(spec.shape) == rank:
        for expected, actual in zip(spec.shape, dims):
            if expected is not None and actual is not None and expected != actual:
                raise ValueError(f"{prefix}expected shape={spec.shape}, found shape={_shape_text(shape)}")


def _shape_text(shape: TensorShape) -> str:
    return str(tuple(shape.as_list())) if shape.rank is not None else "<unknown>"
