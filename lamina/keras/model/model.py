"""`tf.keras.Model`: a layer with layers inside, and the one trainer.

`Model(inputs, outputs)` makes a functional model (functional.py); a subclass defines `call`.
`compile` records the optimizer, loss and metrics; `fit`/`evaluate`/`predict` run `train_step` /
`test_step` / `predict_step` once per batch through a `tf.function` (traced once for a batch
dimension of any size), so a training step — forward, backward, optimizer update, metric updates —
is one compiled XLA call, the same machinery as any tf.function. Metrics stay on the device between
steps; they are read when a callback or the progress bar asks and at the end of each epoch.
"""

from __future__ import annotations

from lamina._core import nest
from lamina._core.backprop import GradientTape
from lamina._core.context import SETTINGS
from lamina._core.tensor_spec import TensorSpec
from lamina._function.function import Function
from lamina.keras import loss_classes
from lamina.keras.layer.base import Layer, _dedup, to_shapes
from lamina.keras.metric.base import Mean
from lamina.keras.model import data_adapter, training_loop
from lamina.keras.model.compile_utils import LossesContainer, MetricsContainer
from lamina.keras.model.summary import print_summary
from lamina.keras.optimizer import catalog as optimizers
from lamina.ops._op import StaticArgumentError


class Model(Layer):
    """A layer made of layers, with training: see the module docstring.

    `Model(inputs=..., outputs=...)` returns a functional model; `Model(name=...)` subclassed with
    a `call` method is a subclassed model. Arguments other than inputs/outputs: name, trainable.
    """

    _TRACKING_EXCLUDED = Layer._TRACKING_EXCLUDED | frozenset(
        {"optimizer", "compiled_loss", "compiled_metrics", "history", "_train_function", "_test_function",
         "_predict_function", "_loss_argument", "_added_metrics"}
    )  # fmt: skip

    def __new__(cls, *args, **kwargs):
        if cls is Model and (args or "inputs" in kwargs or "outputs" in kwargs):
            from lamina.keras.model.functional import Functional

            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        if args or "inputs" in kwargs or "outputs" in kwargs:  # a subclass calling Model(inputs, outputs)
            from lamina.keras.model.functional import init_functional

            init_functional(self, *args, **kwargs)
            return
        allowed = {"name", "trainable", "dtype", "dynamic", "autocast"}
        unknown = set(kwargs) - allowed
        if unknown:
            raise TypeError(f"Keyword argument not understood: {sorted(unknown)[0]!r}")
        super().__init__(**kwargs)
        self._init_trainer()

    def _init_trainer(self):
        self.optimizer = None
        self.compiled_loss = None
        self.compiled_metrics = None
        self._loss_argument = None
        self._is_compiled = False
        self._run_eagerly = None
        self._steps_per_execution = 1
        self.stop_training = False
        self.history = None
        self._train_function = self._test_function = self._predict_function = None
        self._trainable_signature = None
        self._added_metrics = {}  # name -> Mean, for values layers report with add_metric

    # ---- structure ----------------------------------------------------------------------------------
    # A model lists weights layer by layer (each layer's own order), then its own: Keras's order,
    # which get_weights/set_weights and saved files follow.
    @property
    def weights(self) -> list:
        own_trainable, own_frozen = self._own_weights()
        return _dedup(
            [w for layer in self._weight_layers() for w in layer.weights] + own_trainable + own_frozen
        )

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        own_trainable, _ = self._own_weights()
        return _dedup([w for layer in self._weight_layers() for w in layer.trainable_weights] + own_trainable)

    @property
    def non_trainable_weights(self) -> list:
        own_trainable, own_frozen = self._own_weights()
        if not self.trainable:
            return self.weights
        nested = [w for layer in self._weight_layers() for w in layer.non_trainable_weights]
        return _dedup(nested + own_frozen)

    def _weight_layers(self) -> list:
        return self._direct_sublayers()

    @property
    def layers(self) -> list:
        return [layer for layer in self._direct_sublayers()]

    def get_layer(self, name=None, index=None):
        """The layer with this `name`, or at this `index` in `layers`.

        Raises:
          ValueError: no such layer, or neither / both arguments given.
        """
        if index is not None and name is not None:
            raise ValueError(
                f"Provide only a layer name or a layer index. Received: index={index}, name={name}."
            )
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only has {len(self.layers)} "
                    "layers."
                )
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(
                f"No such layer: {name}. Existing layers are: {[layer.name for layer in self.layers]}."
            )
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def build(self, input_shape):
        """Creates the weights of a subclassed model by calling it on placeholders of `input_shape`.

        Raises:
          ValueError: input_shape is None, or the model cannot be called on such inputs.
        """
        if self.built:
            return
        if input_shape is None:
            raise ValueError("Input shape must be defined when calling `build()` on a `Model` subclass.")
        from lamina._core.graph import FuncGraph

        graph = FuncGraph(f"{self.name}_build", allow_variable_creation=True)
        with graph.as_default():
            placeholders = nest.map_structure(
                lambda shape: graph.placeholder("float32", shape), to_shapes(input_shape), check_types=False
            )
            self.call(placeholders) if "training" not in self._call_parameters() else self.call(
                placeholders, training=False
            )
        self._clear_losses()
        self._build_input_shape = input_shape
        self.built = True

    def summary(
        self,
        line_length=None,
        positions=None,
        print_fn=None,
        expand_nested=False,
        show_trainable=False,
        layer_range=None,
    ):
        """Prints TensorFlow's table of layers, output shapes and parameter counts.

        Raises:
          ValueError: the model is not built yet.
        """
        if not self.built:
            raise ValueError(
                "This model has not yet been built. Build the model first by calling `build()` or by calling "
                "the model on a batch of data."
            )
        print_summary(self, line_length, positions, print_fn, expand_nested, show_trainable, layer_range)

    # ---- compile ------------------------------------------------------------------------------------
    def compile(
        self,
        optimizer="rmsprop",
        loss=None,
        metrics=None,
        loss_weights=None,
        weighted_metrics=None,
        run_eagerly=None,
        steps_per_execution=None,
        jit_compile=None,
        pss_evaluation_shards=0,
        **kwargs,
    ):
        """Configures training: the optimizer, the loss (per output), the metrics.

        Raises:
          ValueError: an unknown optimizer, loss or metric name; an unknown keyword argument.
        """
        if kwargs:
            raise TypeError(f"Invalid keyword argument(s) in `compile()`: {tuple(kwargs)}")
        if not hasattr(self, "_is_compiled"):
            self._init_trainer()
        self.optimizer = optimizers.get(optimizer)
        self._loss_argument = loss
        self.loss = loss
        self.compiled_loss = LossesContainer(loss, loss_weights)
        self.compiled_metrics = MetricsContainer(metrics, weighted_metrics, losses=loss)
        self._run_eagerly = run_eagerly
        self._steps_per_execution = int(steps_per_execution or 1)
        self._is_compiled = True
        self._train_function = self._test_function = self._predict_function = None
        for entry in nest.flatten(loss):  # unknown names fail here, not in the first step
            if isinstance(entry, str):
                loss_classes.get(entry)

    @property
    def run_eagerly(self) -> bool:
        return bool(self._run_eagerly) or SETTINGS.run_functions_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value):
        self._run_eagerly = value

    @property
    def metrics(self) -> list:
        """The loss trackers, then the compiled metrics (once the first batch has built them)."""
        if not getattr(self, "_is_compiled", False):
            return []
        return self.compiled_loss.metrics + self.compiled_metrics.metrics + list(self._added_metrics.values())

    @property
    def metrics_names(self) -> list:
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    @property
    def output_names(self) -> list:
        names = getattr(self, "_output_names", None)
        return list(names) if names else ["output_1"]

    # ---- steps -------------------------------------------------------------------------------------
    def train_step(self, data):
        """One training step on one batch: forward, loss, gradients, optimizer update, metrics.
        Returns the metrics' results by name. Override it to customize training."""
        x, y, sample_weight = data_adapter.unpack_x_y_sample_weight(data)
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x, y, y_pred, sample_weight)
        self.optimizer.minimize(loss, self.trainable_variables, tape=tape)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data):
        """One evaluation step: forward in inference mode, loss and metrics updated."""
        x, y, sample_weight = data_adapter.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        self.compute_loss(x, y, y_pred, sample_weight)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        """The model's outputs on one batch, in inference mode."""
        x, _, _ = data_adapter.unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None):
        """The batch's total loss: the compiled loss per output plus the model's `losses`."""
        if not self.compiled_loss.built:
            self.compiled_loss.build(self._output_names_for(y_pred))
        return self.compiled_loss(y, y_pred, sample_weight, regularization_losses=self.losses)

    def compute_metrics(self, x, y, y_pred, sample_weight):
        """Updates the compiled metrics with the batch; returns every metric's result by name."""
        if not self.compiled_metrics.built:
            self.compiled_metrics.build(y, y_pred, self._output_names_for(y_pred))
        self.compiled_metrics.update_state(y, y_pred, sample_weight)
        for name, value in self._added_metric_values():
            if name not in self._added_metrics:
                self._added_metrics[name] = Mean(name=name)
            self._added_metrics[name].update_state(value)
        return self.get_metrics_result()

    def get_metrics_result(self) -> dict:
        results = {}
        for metric in self.metrics:
            value = metric.result()
            if isinstance(value, dict):
                results.update(value)
            else:
                results[metric.name] = value
        return results

    def _output_names_for(self, y_pred) -> list:
        count = len(nest.flatten(y_pred))
        names = getattr(self, "_output_names", None)
        if names and len(names) == count:
            return list(names)
        return ["output_1"] if count == 1 else [f"output_{i + 1}" for i in range(count)]

    # ---- compiled step functions ---------------------------------------------------------------------
    def _compiled(self, step, batch, name):
        """`step` as a tf.function whose inputs have an unknown batch dimension (one trace serves the
        last, smaller batch too), or `step` itself when running eagerly."""
        if self.run_eagerly:
            return step
        return _StepFunction(step, batch, name)

    # ---- fit / evaluate / predict ---------------------------------------------------------------------
    def _assert_compiled(self, what: str):
        if not getattr(self, "_is_compiled", False):
            raise RuntimeError(
                f"You must compile your model before {what}. Call `model.compile(optimizer, loss)`."
            )

    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose="auto",
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        class_weight=None,
        sample_weight=None,
        initial_epoch=0,
        steps_per_epoch=None,
        validation_steps=None,
        validation_batch_size=None,
        validation_freq=1,
        max_queue_size=10,
        workers=1,
        use_multiprocessing=False,
    ):
        """Trains for `epochs` epochs; returns the History (see the module docstring)."""
        self._assert_compiled("training/testing")
        return training_loop.fit(self, locals())

    def evaluate(
        self,
        x=None,
        y=None,
        batch_size=None,
        verbose="auto",
        sample_weight=None,
        steps=None,
        callbacks=None,
        max_queue_size=10,
        workers=1,
        use_multiprocessing=False,
        return_dict=False,
        **kwargs,
    ):
        """The loss and metrics over the data: a scalar (loss only), a list, or a dict (return_dict)."""
        self._assert_compiled("training/testing")
        return training_loop.evaluate(self, locals())

    def predict(
        self,
        x,
        batch_size=None,
        verbose="auto",
        steps=None,
        callbacks=None,
        max_queue_size=10,
        workers=1,
        use_multiprocessing=False,
    ):
        """The model's outputs on `x`, batch by batch, concatenated as NumPy arrays."""
        return training_loop.predict(self, locals())

    def train_on_batch(
        self, x, y=None, sample_weight=None, class_weight=None, reset_metrics=True, return_dict=False
    ):
        """One training step on exactly this batch; returns the loss (and metrics)."""
        self._assert_compiled("training/testing")
        return training_loop.train_on_batch(
            self, x, y, sample_weight, class_weight, reset_metrics, return_dict
        )

    def test_on_batch(self, x, y=None, sample_weight=None, reset_metrics=True, return_dict=False):
        """The loss (and metrics) of exactly this batch."""
        self._assert_compiled("training/testing")
        return training_loop.test_on_batch(self, x, y, sample_weight, reset_metrics, return_dict)

    def predict_on_batch(self, x):
        """The model's outputs on exactly this batch, as NumPy arrays."""
        return training_loop.predict_on_batch(self, x)

    # ---- configs and saving (lamina/keras/save) -----------------------------------------------------
    def get_config(self) -> dict:
        """A subclassed model's config, as in Keras 2.15: its constructor arguments when they are plain
        values (else `{}`: override get_config), or name/trainable/dtype without an `__init__`."""
        from lamina.keras.save.config import subclassed_model_config

        return subclassed_model_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A model from `get_config()`'s result (a functional config makes a functional model)."""
        from lamina.keras.save.config import model_from_subclass_config

        return model_from_subclass_config(cls, config, custom_objects)

    def get_compile_config(self):
        """The serialized arguments of `compile` (None before compile)."""
        from lamina.keras.save.config import get_compile_config

        return get_compile_config(self)

    def compile_from_config(self, config):
        """Compiles the model with a `get_compile_config()` result."""
        from lamina.keras.save.config import compile_from_config

        compile_from_config(self, config)

    def to_json(self, **kwargs) -> str:
        """The model's architecture as JSON text (`tf.keras.models.model_from_json` reads it back);
        keyword arguments go to `json.dumps`."""
        from lamina.keras.save.config import model_to_json

        return model_to_json(self, **kwargs)

    def to_yaml(self, **kwargs):
        raise RuntimeError(
            "Method `model.to_yaml()` has been removed due to security risk of arbitrary code execution. "
            "Please use `model.to_json()` instead."
        )

    def save(self, filepath, overwrite=True, save_format=None, **kwargs):
        """Saves the model to a `.keras` file (or a legacy `.h5` file); see `tf.keras.saving.save_model`."""
        from lamina.keras.save.saving_api import save_model

        save_model(self, filepath, overwrite=overwrite, save_format=save_format, **kwargs)

    def save_weights(self, filepath, overwrite=True, save_format=None, options=None):
        """Saves the weights (and optimizer state) to a `.weights.h5` file, or a legacy `.h5` file."""
        from lamina.keras.save.saving_api import save_weights

        save_weights(self, filepath, overwrite=overwrite, save_format=save_format, options=options)

    def load_weights(self, filepath, skip_mismatch=False, by_name=False, options=None):
        """Loads weights saved by `save_weights` (or TensorFlow) from `.weights.h5`, `.keras` or `.h5`."""
        from lamina.keras.save.saving_api import load_weights

        load_weights(self, filepath, skip_mismatch=skip_mismatch, by_name=by_name, options=options)


class _StepFunction:
    """A train/test/predict step compiled once for batches of any size; a step that needs the batch
    size while it is traced (a shape argument computed from `tf.shape(x)[0]`, such as the noise of a
    GAN's `tf.random.normal([batch, latent])`) is compiled once per batch shape instead."""

    def __init__(self, step, batch, name):
        signature = [
            TensorSpec([None, *leaf.shape.as_list()[1:]] if leaf.shape.rank else leaf.shape, leaf.dtype)
            for leaf in nest.flatten(batch)
        ]
        self._step, self._name = step, name
        self._function = Function(step, name=name, input_signature=signature, autograph=True)
        self._any_batch_size = True

    def __call__(self, batch):
        try:
            return self._function(batch)
        except StaticArgumentError:
            if not self._any_batch_size:
                raise
            self._any_batch_size = False
            self._function = Function(self._step, name=self._name, autograph=True, warn_on_retrace=False)
            return self._function(batch)

    def experimental_get_tracing_count(self) -> int:
        return self._function.experimental_get_tracing_count()
