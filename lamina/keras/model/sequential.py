"""`tf.keras.Sequential`: a stack of layers, each feeding the next.

Once the input shape is known (an `Input` or `input_shape=` on the first layer, or the first call),
the stack is described as a functional model over Keras tensors, so `summary()`, `inputs`/`outputs`
and saving work as for any functional model. Before that, calls run the layers in order.
"""

from __future__ import annotations

from lamina._core.context import STATE
from lamina._core.graph import init_scope
from lamina._core.shape import TensorShape
from lamina.keras.layer import keras_graph
from lamina.keras.layer.base import Layer, to_shapes
from lamina.keras.layer.input_layer import Input, InputLayer
from lamina.keras.model.functional import Functional, init_functional
from lamina.keras.naming import unique_name


class Sequential(Functional):
    """A linear stack of layers.

    Args:
      layers: the layers, in order (an `Input` tensor may come first).
      name: the model's name (default "sequential", made unique).

    Raises:
      TypeError: something added that is not a layer.
      ValueError: two layers with the same name, or a layer with several outputs.
    """

    def __init__(self, layers=None, name=None):
        Layer.__init__(self, name=name or unique_name("sequential"))
        self._init_trainer()
        self._layers = []
        self._input_layer = None
        self._is_graph_network = False
        self.inputs, self.outputs = [], []
        self._output_names = None
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self) -> list:
        return [layer for layer in self._layers if not isinstance(layer, InputLayer)]

    def add(self, layer):
        """Appends a layer (or an `Input` tensor, which sets the model's input)."""
        if keras_graph.is_keras_tensor(layer) and keras_graph.keras_history(layer) is not None:
            layer = keras_graph.keras_history(layer)[0].layer
        if not isinstance(layer, Layer):
            raise TypeError(
                "The added layer must be an instance of class Layer. Received: "
                f"layer={layer} of type {type(layer)}."
            )
        if any(existing.name == layer.name for existing in self._layers):
            raise ValueError(
                f'All layers added to a Sequential model should have unique names. Name "{layer.name}" is '
                "already the name of a layer in this model. Update the `name` argument to pass a unique name."
            )
        if isinstance(layer, InputLayer):
            if self._layers:
                raise ValueError("An InputLayer can only be the first layer of a Sequential model.")
            self._layers.append(layer)
            self._rebuild()
            return
        if not self._layers and getattr(layer, "_batch_input_shape", None) is not None:
            batch_shape = layer._batch_input_shape
            input_tensor = Input(batch_shape=batch_shape, dtype=layer.dtype, name=f"{layer.name}_input")
            self._layers.append(keras_graph.keras_history(input_tensor)[0].layer)
        self._layers.append(layer)
        self._rebuild()

    def pop(self):
        """Removes the last layer.

        Raises:
          TypeError: the model has no layers.
        """
        if not self.layers:
            raise TypeError("There are no layers in the model.")
        self._layers.pop()
        self._rebuild()

    def _rebuild(self):
        """Describes the stack as a functional model when its input is known."""
        self._is_graph_network = False
        self.built = False
        if not self._layers or not isinstance(self._layers[0], InputLayer):
            return
        inputs = self._layers[0]._inbound_nodes[0].outputs
        outputs = inputs
        with init_scope():
            for layer in self._layers[1:]:
                outputs = layer(outputs)
                if isinstance(outputs, (list, tuple)) and len(outputs) != 1:
                    raise ValueError(
                        "All layers in a Sequential model should have a single output tensor. For "
                        "multi-output layers, use the functional API."
                    )
        self._set_graph(inputs, outputs)

    def _set_graph(self, inputs, outputs):
        layers, name, trainable = self._layers, self.name, self.trainable
        trainer_state = {
            k: getattr(self, k)
            for k in (
                "optimizer",
                "compiled_loss",
                "compiled_metrics",
                "_loss_argument",
                "_is_compiled",
                "_run_eagerly",
                "_steps_per_execution",
                "history",
            )
        }
        weights_state = (self._trainable_weights, self._non_trainable_weights)
        init_functional(self, inputs, outputs, name=name, trainable=trainable)
        self._layers = layers
        self.__dict__.update(trainer_state)
        self._trainable_weights, self._non_trainable_weights = weights_state
        self._is_graph_network = True
        self.built = True

    def build(self, input_shape=None):
        """Describes the model for inputs of `input_shape` (batch dimension included)."""
        if self._is_graph_network:
            return
        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument.")
        shape = to_shapes(input_shape)
        if not isinstance(shape, TensorShape):
            raise ValueError(f"A Sequential model takes one input; received input_shape={input_shape}")
        self._build_for(shape, self.dtype or "float32")

    def _build_for(self, shape: TensorShape, dtype):
        with init_scope():
            saved = STATE.name_scope
            STATE.name_scope = []
            try:
                # Keras names the inferred input after the first layer ("dense_input").
                name = f"{self._layers[0].name}_input" if self._layers else None
                input_tensor = Input(batch_shape=tuple(shape.as_list()), dtype=dtype, name=name)
                self._layers.insert(0, keras_graph.keras_history(input_tensor)[0].layer)
                self._rebuild()
            finally:
                STATE.name_scope = saved

    def __call__(self, *args, **kwargs):
        if not self._is_graph_network and self._layers:
            inputs = args[0] if args else kwargs.get("inputs")
            if hasattr(inputs, "shape") and hasattr(inputs, "dtype"):
                shape = TensorShape([None, *TensorShape(inputs.shape).as_list()[1:]])
                self._build_for(shape, _input_dtype(inputs, self))
        return super().__call__(*args, **kwargs)

    def get_config(self) -> dict:
        """Keras 2.15's config: `{"name", "layers"}`, the InputLayer first when the input is known."""
        from lamina.keras.save.config import sequential_config

        return sequential_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """The Sequential model a `get_config()` result (or a list of layer configs) describes."""
        from lamina.keras.save.config import sequential_from_config

        return sequential_from_config(cls, config, custom_objects)

    def call(self, inputs, training=None, mask=None):
        if self._is_graph_network:
            return super().call(inputs, training=training, mask=mask)
        outputs = inputs
        for layer in self.layers:
            outputs = layer(outputs)
        return outputs


def _input_dtype(inputs, model) -> str:
    """Floating inputs take the model's dtype; others keep theirs."""
    name = getattr(inputs.dtype, "name", None) or str(inputs.dtype)
    return (model.dtype or "float32") if name.startswith(("float", "bfloat")) else name
