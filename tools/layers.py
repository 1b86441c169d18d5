"""The package's layers, bottom to top (DESIGN.md): a module may import only from its own layer
package or from lower layers. Used by tests/test_layering.py and tools/stats.py."""

# Packages of equal rank are siblings: they may not import each other.
LAYERS = {
    "_core": 0,
    "ops": 1,
    "_function": 2,
    "compat": 3,
    "data": 3,
    "train": 3,
    "summary": 3,
    "saved_model": 3,
    "io": 3,
    "keras": 4,
    "estimator": 5,
    "distribute": 6,
    "serving": 6,
    "onnx": 6,
    "examples": 7,
    "_api": 8,
}
