"""`tf.keras.layers.Embedding`: integer ids to dense vectors, rows of a trainable table."""

from __future__ import annotations

from lamina._core.errors import unimplemented
from lamina._core.shape import TensorShape
from lamina.keras import constraint as constraints
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.layer.base import Layer
from lamina.ops import cast_ops, comparison_ops, nn_ops


class Embedding(Layer):
    """Looks up row `i` of the `embeddings` table (shape `(input_dim, output_dim)`) for each id `i`.

    Inputs of any shape give outputs of that shape plus a last axis of `output_dim`. Float ids are
    cast to int32; an id outside [0, input_dim) raises InvalidArgumentError.

    Args:
      input_dim: the vocabulary size (largest id + 1). output_dim: the vector size.
      embeddings_initializer, embeddings_regularizer, embeddings_constraint: for the table.
      activity_regularizer: a penalty on the outputs.
      mask_zero: id 0 is padding: `compute_mask` returns `ids != 0` (so input_dim should count it).
      input_length: the length of the id sequences, when fixed (needed to Flatten then Dense after
        it in a Sequential model).
      sparse: TensorFlow's sparse-output option; lamina has no SparseTensor, so True is refused.

    Raises:
      ValueError: input_dim or output_dim not positive.
      UnimplementedError: sparse=True.
    """

    def __init__(
        self,
        input_dim,
        output_dim,
        embeddings_initializer="uniform",
        embeddings_regularizer=None,
        activity_regularizer=None,
        embeddings_constraint=None,
        mask_zero=False,
        input_length=None,
        sparse=False,
        **kwargs,
    ):
        if "input_shape" not in kwargs and "batch_input_shape" not in kwargs:
            lengths = input_length if isinstance(input_length, (list, tuple)) else (input_length,)
            kwargs["input_shape"] = tuple(lengths)
        kwargs.setdefault("autocast", False)  # float ids are cast to int32, never to float16 first
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if input_dim <= 0 or output_dim <= 0:
            raise ValueError(
                "Both `input_dim` and `output_dim` should be positive, Received input_dim = "
                f"{input_dim} and output_dim = {output_dim}"
            )
        if sparse:
            raise unimplemented("tf.keras.layers.Embedding(sparse=True) (lamina has no SparseTensor)")
        self.input_dim = int(input_dim)
        self.output_dim = int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self.input_length = input_length
        self.sparse = sparse

    def build(self, input_shape=None):
        self.embeddings = self.add_weight(
            "embeddings",
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
        )

    def call(self, inputs):
        if inputs.dtype.name not in ("int32", "int64"):
            inputs = cast_ops.cast(inputs, "int32")
        outputs = nn_ops.embedding_lookup(self.embeddings, inputs)
        compute = self.compute_dtype
        if compute is not None and outputs.dtype.name != compute:
            outputs = cast_ops.cast(outputs, compute)  # mixed precision: float32 table, float16 outputs
        return outputs

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return comparison_ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        dims = TensorShape(input_shape).as_list()
        if self.input_length is None:
            return TensorShape([*dims, self.output_dim])
        lengths = (
            list(self.input_length) if isinstance(self.input_length, (list, tuple)) else [self.input_length]
        )
        if len(lengths) != len(dims) - 1:
            raise ValueError(
                f'"input_length" is {self.input_length}, but received input has shape {tuple(dims)}'
            )
        for index, (expected, actual) in enumerate(zip(lengths, dims[1:]), start=1):
            if expected is not None and actual is not None and expected != actual:
                raise ValueError(
                    f'"input_length" is {self.input_length}, but received input has shape {tuple(dims)}'
                )
            if expected is None:
                lengths[index - 1] = actual
        return TensorShape([dims[0], *lengths, self.output_dim])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "input_length": self.input_length,
        }
