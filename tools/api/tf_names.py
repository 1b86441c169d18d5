"""Lists TensorFlow 2.15's public names per namespace, as JSON, for tools/api/status.py.

Run with TensorFlow's interpreter (never lamina's):
    ~/tf215/bin/python tools/api/tf_names.py > tools/api/tf215_names.json
"""

import json
import types

import tensorflow as tf

# The namespaces lamina mirrors today; a namespace lamina lacks is one missing name of `tf`.
NAMESPACES = [
    "",
    "math",
    "nn",
    "linalg",
    "random",
    "random.experimental",
    "config",
    "config.experimental",
    "config.threading",
    "debugging",
    "dtypes",
    "errors",
    "bitwise",
    "nest",
    "compat",
    "compat.v1",
    "compat.v1.train",
    "compat.v1.initializers",
    "compat.v1.losses",
    "compat.v1.metrics",
    "compat.v1.layers",
    "compat.v1.keras",
    "compat.v1.keras.utils",
    "keras",
    "keras.activations",
    "keras.backend",
    "keras.datasets",
    "keras.datasets.boston_housing",
    "keras.datasets.cifar10",
    "keras.datasets.cifar100",
    "keras.datasets.fashion_mnist",
    "keras.datasets.imdb",
    "keras.datasets.mnist",
    "keras.datasets.reuters",
    "keras.utils",
    "keras.callbacks",
    "keras.constraints",
    "keras.initializers",
    "keras.layers",
    "keras.mixed_precision",
    "keras.models",
    "keras.losses",
    "keras.metrics",
    "keras.optimizers",
    "keras.optimizers.experimental",
    "keras.optimizers.schedules",
    "keras.regularizers",
    "keras.saving",
    "autograph",
    "autograph.experimental",
    "image",
    "strings",
]


def public_names(module) -> list[str]:
    return sorted(n for n in dir(module) if not n.startswith("_"))


def main():
    out = {}
    for path in NAMESPACES:
        module = tf
        for part in path.split(".") if path else []:
            module = getattr(module, part)
        out["tf" + ("." + path if path else "")] = public_names(module)
    out["_submodules_of_tf"] = sorted(
        n for n in public_names(tf) if isinstance(getattr(tf, n), types.ModuleType)
    )
    print(json.dumps({"tensorflow": tf.__version__, "names": out}, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
