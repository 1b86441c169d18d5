"""`tf.keras.layers.EinsumDense`: a dense layer whose contraction is an einsum equation.

The equation `"<input>,<kernel>-><output>"` names every axis with a letter ("abc,cd->abd"); the
input and output may start or end with "..." for axes passed through unchanged. The kernel's shape
comes from the letters it shares with the input (their sizes) and with the output (the sizes given
in `output_shape`, which lists the output's sizes after its first letter — the batch — or, for
"...X" outputs, the sizes of the explicit letters).
"""

from __future__ import annotations

import re

from lamina._core.shape import TensorShape
from lamina.keras import activation as activations
from lamina.keras import constraint as constraints
from lamina.keras import initializer as initializers
from lamina.keras import regularizer as regularizers
from lamina.keras.layer.base import Layer
from lamina.ops import linalg_ops

_FORMS = (
    ("plain", re.compile(r"^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$")),
    ("left", re.compile(r"^\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)$")),
    ("right", re.compile(r"^([a-zA-Z]+)\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\.$")),
)


def parse_equation(equation: str):
    """(form, input letters, kernel letters, output letters); form is "plain", "left" or "right"."""
    for form, pattern in _FORMS:
        match = pattern.match(equation)
        if match:
            return (form, *match.groups())
    raise ValueError(
        f"Invalid einsum equation '{equation}'. Equations must be in the form [X],[Y]->[Z], "
        "...[X],[Y]->...[Z], "
        "or [X]...,[Y]->[Z]...."
    )


class _Plan:
    """The shapes an equation gives for one input shape: kernel, bias and output."""

    def __init__(self, equation, output_shape, bias_axes, input_shape):
        form, inputs, kernel, outputs = parse_equation(equation)
        dims = TensorShape(input_shape).as_list()
        elided = len(dims) - len(inputs)
        explicit = dims[elided:] if form == "left" else dims[: len(inputs)]
        sizes = dict(zip(inputs, explicit))
        given = dict(zip(outputs if form == "left" else outputs[1:], output_shape))
        for letter, size in given.items():
            if letter in sizes and size is not None and sizes[letter] is not None and size != sizes[letter]:
                raise ValueError(
                    "Input shape and output shape do not match at shared dimension "
                    f"'{letter}'. Input shape is "
                    f"{sizes[letter]}, and output shape is {size}."
                )
        self.sizes = {**given, **{k: v for k, v in sizes.items() if v is not None or k not in given}}
        self.kernel_shape = [self._weight_size(c, inputs, outputs) for c in kernel]
        self.bias_shape = self._bias_shape(bias_axes, outputs, form, elided)
        passed = dims[:elided] if form == "left" else dims[len(inputs) :]
        own = [self.sizes.get(c) for c in outputs]
        self.output_shape = TensorShape(passed + own if form == "left" else own + passed)

    def _weight_size(self, letter, inputs, outputs):
        size = self.sizes.get(letter)
        if size is None:
            raise ValueError(
                f"Weight dimension '{letter}' did not have a known size in either the input spec "
                f"'{inputs}' or "
                f"the output spec '{outputs}'. For this layer, the weight must be fully specified."
            )
        return size

    def _bias_shape(self, bias_axes, outputs, form, elided):
        if not bias_axes:
            return None
        for letter in bias_axes:
            if letter not in outputs:
                raise ValueError(
                    f"Bias dimension '{letter}' was requested, but is not part of the output spec '{outputs}'"
                )
        first = min(outputs.index(letter) for letter in bias_axes)
        shape = [self._weight_size(c, "", outputs) if c in bias_axes else 1 for c in outputs[first:]]
        return shape + [1] * elided if form == "right" else shape


class EinsumDense(Layer):
    """`activation(einsum(equation, inputs, kernel) + bias)`.

    Args:
      equation: "<input>,<kernel>-><output>", e.g. "ab,bc->ac" (a Dense layer) or "abc,cd->abd"
        (a Dense layer on each timestep); "..." may begin or end the input and output.
      output_shape: the output's sizes without the batch axis (an int for one); None for a size the
        input determines.
      activation: an activation or its name. bias_axes: the output letters the bias spans (None: no
        bias).
      kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
      activity_regularizer, kernel_constraint, bias_constraint: as for Dense.

    Raises:
      ValueError: an equation of another form, a bias letter not in the output, sizes that disagree.
    """

    def __init__(
        self,
        equation,
        output_shape,
        activation=None,
        bias_axes=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        parse_equation(equation)
        self.equation = equation
        if output_shape is None:
            raise TypeError(
                "EinsumDense needs `output_shape` (an int or a sequence). Received: output_shape=None"
            )
        self.partial_output_shape = [output_shape] if isinstance(output_shape, int) else list(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def _plan(self, input_shape) -> _Plan:
        return _Plan(self.equation, self.partial_output_shape, self.bias_axes, input_shape)

    def build(self, input_shape):
        plan = self._plan(input_shape)
        self.full_output_shape = plan.output_shape
        self.kernel = self.add_weight(
            "kernel",
            shape=plan.kernel_shape,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            trainable=True,
        )
        self.bias = None
        if plan.bias_shape is not None:
            self.bias = self.add_weight(
                "bias",
                shape=plan.bias_shape,
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                trainable=True,
            )

    def call(self, inputs):
        outputs = linalg_ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            outputs = outputs + self.bias
        return self.activation(outputs) if self.activation is not None else outputs

    def compute_output_shape(self, input_shape):
        return self._plan(input_shape).output_shape

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
