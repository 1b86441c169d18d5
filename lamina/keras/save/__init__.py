"""Keras model configs, saving and loading, in Keras 2.15's formats (the implementation behind
`tf.keras.saving`, `tf.keras.models.load_model`, `Model.save`; named `save` because the public
namespace `tf.keras.saving` takes the module path `lamina.keras.saving`).

- config.py: layers and models as JSON-ready configs (`get_config`/`from_config` of Functional and
  Sequential models, `tf.keras.layers.serialize`/`deserialize`, `model_from_json`).
- clone.py: `tf.keras.models.clone_model`.
- state.py: where each weight lives in a weights file: Keras's tree of objects (layers, optimizer,
  metrics) walked the way Keras 2.15 walks it, so files are interchangeable with TensorFlow's.
- keras_format.py: the `.keras` zip (config.json, metadata.json, model.weights.h5) and `.weights.h5`.
- h5_format.py: the legacy HDF5 format (`.h5`: a full model or its weights).
- saving_api.py: `save_model`/`load_model`/`save_weights`/`load_weights`, choosing the format.

Loading never runs code from a file: classes are found by name among lamina's layers, the
registered Keras objects and `custom_objects`; nothing is unpickled, imported or executed.
"""
