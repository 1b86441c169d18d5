"""`tf.keras.Input` and `tf.keras.layers.InputLayer`: where a functional model starts.

`Input(shape=(784,))` makes a placeholder of shape `(None, 784)` in the Keras graph (see
keras_graph.py) and an InputLayer that owns it; layers called on it build Keras tensors from it.
"""

from __future__ import annotations

from lamina._core import dtypes
from lamina._core.shape import TensorShape
from lamina.keras.layer import keras_graph
from lamina.keras.layer.base import Layer
from lamina.keras.naming import get_uid


class InputLayer(Layer):
    """The layer behind a model input: it holds the input placeholder and computes nothing.

    Args:
      input_shape: the shape without the batch dimension; batch_size: the batch size, if fixed.
      dtype: the input dtype (default: the float type). input_tensor: an existing Keras tensor to
        use instead of a new placeholder. sparse / ragged: not supported (raise).
      name: the layer's (and the placeholder's) name, default "input_N".
      batch_input_shape: the full shape, batch dimension included (instead of input_shape).
    """

    def __init__(
        self,
        input_shape=None,
        batch_size=None,
        dtype=None,
        input_tensor=None,
        sparse=None,
        name=None,
        ragged=None,
        type_spec=None,
        **kwargs,
    ):
        if sparse or ragged or type_spec is not None:
            from lamina._core.errors import unimplemented

            raise unimplemented("tf.keras.Input with sparse, ragged or type_spec")
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        if batch_input_shape is not None and (input_shape is not None or batch_size is not None):
            raise ValueError(
                "Only provide the `input_shape` OR `batch_input_shape` argument to InputLayer, not both."
            )
        if input_tensor is None and batch_input_shape is None and input_shape is None:
            raise ValueError(
                "You should provide one of `input_shape`, `batch_input_shape`, or `input_tensor`."
            )
        super().__init__(name=name or f"input_{get_uid('input')}", dtype=dtype, **kwargs)
        if input_tensor is not None:
            if not keras_graph.is_keras_tensor(input_tensor):
                raise ValueError(
                    f"`input_tensor` must be a Keras tensor (from tf.keras.Input), got {input_tensor!r}"
                )
            tensor = input_tensor
            self._dtype_policy = type(self._dtype_policy)(tensor.dtype.name)
        else:
            if batch_input_shape is None:
                batch_input_shape = (batch_size, *_dims(input_shape))
            dtype = dtypes.as_dtype(dtype or self._dtype_policy.variable_dtype or "float32")
            tensor = keras_graph.keras_graph().placeholder(
                dtype, TensorShape(batch_input_shape), name=self.name
            )
        self._batch_input_shape = tuple(TensorShape(tensor.shape).as_list())
        self.built = True
        self.is_placeholder = input_tensor is None
        node = keras_graph.Node(self, (), {}, [], tensor, [tensor])
        self._inbound_nodes.append(node)

    @property
    def output_shape(self):
        """`[(batch, ...)]`: an input layer's output shapes come as a list (Keras's convention)."""
        return [tuple(TensorShape(self._batch_input_shape).as_list())]

    def get_config(self) -> dict:
        return {
            "batch_input_shape": self._batch_input_shape,
            "dtype": self.dtype,
            "sparse": False,
            "ragged": False,
            "name": self.name,
        }


def _dims(shape):
    if isinstance(shape, int):
        return (shape,)
    return tuple(TensorShape(shape).as_list())


def Input(  # noqa: N802 - TensorFlow's public name
    shape=None,
    batch_size=None,
    name=None,
    dtype=None,
    sparse=None,
    tensor=None,
    ragged=None,
    type_spec=None,
    **kwargs,
):
    """A Keras tensor: the symbolic input a functional model is built from.

    Args:
      shape: the shape of one example (a tuple; None for unknown dimensions); the batch dimension is
        added in front. batch_size: a fixed batch size. name: the input's name (unique).
      dtype: the input dtype (default float32). tensor: an existing Keras tensor to wrap.

    Returns:
      The Keras tensor (shape `(batch_size, *shape)`).

    Raises:
      ValueError: neither shape nor tensor given, or an unknown keyword argument.
    """
    batch_shape = kwargs.pop("batch_shape", None) or kwargs.pop("batch_input_shape", None)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {list(kwargs)}")
    if shape is None and tensor is None and batch_shape is None:
        raise ValueError(
            "Please provide to Input a `shape` or a `tensor` or a `type_spec` argument. Note that `shape` "
            "does not include the batch dimension."
        )
    options = dict(
        name=name, dtype=dtype, sparse=sparse, ragged=ragged, type_spec=type_spec, input_tensor=tensor
    )
    if batch_shape is not None:
        layer = InputLayer(batch_input_shape=batch_shape, **options)
    else:
        layer = InputLayer(input_shape=shape, batch_size=batch_size, **options)
    return layer._inbound_nodes[0].outputs
