"""The package's layers, bottom to top (DESIGN.md): a module may import only from its own layer
package or from lower layers. Used by tests/test_layering.py and tools/stats.py."""

# Packages of equal rank are siblings: they may not import each other.
LAYERS = {
    "_core": 0,
    "ops": 1,
    "_function": 2,
    "data": 3,
    "train": 3,
    "summary": 3,
    "saved_model": 3,
    "io": 3,
    "keras": 4,
    # tf.compat.v1 is a shim over everything below it: v1 optimizers, losses, metrics and layers
    # wrap Keras's, v1 Saver/FileWriter wrap train/ and summary/.
    "compat": 5,
    "estimator": 6,
    "distribute": 7,
    "serving": 7,
    "onnx": 7,
    "examples": 8,
    "_api": 9,
}
