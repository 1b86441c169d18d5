"""lamina: TensorFlow's layered programming model, written from scratch on XLA through JAX.

    import lamina as tf
"""

import sys as _sys

import lamina._core  # noqa: F401  (configures JAX before anything else uses it)
import lamina.ops  # noqa: F401  (registers every op and the Tensor operators)
from lamina._api import (
    autograph,
    bitwise,
    compat,
    config,
    debugging,
    dtypes,
    errors,
    image,
    keras,
    linalg,
    math,
    nest,
    nn,
    random,
    strings,
)
from lamina._api.root import *  # noqa: F403
from lamina._api.unimplemented import module_getattr as _module_getattr

# Programs compare tf.__version__ against TensorFlow releases, so it names the release whose
# behaviour lamina follows; lamina's own version is __lamina_version__.
__version__ = "2.15.0"
__lamina_version__ = "0.1.0"

# Make `import lamina.math` / `import lamina.compat.v1 as tf` work like TensorFlow's namespaces.
# The public namespace wins over an implementation package of the same path (lamina/compat/v1
# holds the v1 graph machinery; every module of it is imported by now).
_NAMESPACES = {
    "autograph": autograph, "autograph.experimental": autograph.experimental,
    "bitwise": bitwise, "compat": compat, "compat.v1": compat.v1, "compat.v1.train": compat.v1.train,
    "compat.v1.initializers": compat.v1.initializers, "compat.v1.losses": compat.v1.losses,
    "compat.v1.metrics": compat.v1.metrics, "compat.v1.layers": compat.v1.layers,
    "compat.v1.keras": compat.v1.keras, "compat.v1.keras.utils": compat.v1.keras.utils,
    "config": config, "config.experimental": config.experimental, "config.threading": config.threading,
    "debugging": debugging, "dtypes": dtypes, "errors": errors, "keras": keras,
    "keras.activations": keras.activations, "keras.backend": keras.backend,
    "keras.callbacks": keras.callbacks, "keras.constraints": keras.constraints,
    "keras.datasets": keras.datasets, "keras.datasets.boston_housing": keras.datasets.boston_housing,
    "keras.datasets.cifar10": keras.datasets.cifar10, "keras.datasets.cifar100": keras.datasets.cifar100,
    "keras.datasets.fashion_mnist": keras.datasets.fashion_mnist, "keras.datasets.imdb": keras.datasets.imdb,
    "keras.datasets.mnist": keras.datasets.mnist, "keras.datasets.reuters": keras.datasets.reuters,
    "keras.initializers": keras.initializers, "keras.layers": keras.layers, "keras.losses": keras.losses,
    "keras.metrics": keras.metrics, "keras.mixed_precision": keras.mixed_precision,
    "keras.models": keras.models,
    "keras.optimizers": keras.optimizers, "keras.optimizers.schedules": keras.optimizers.schedules,
    "keras.optimizers.experimental": keras.optimizers.experimental,
    "keras.regularizers": keras.regularizers, "keras.saving": keras.saving, "keras.utils": keras.utils,
    "image": image, "linalg": linalg, "math": math,
    "nest": nest, "nn": nn, "random": random, "random.experimental": random.experimental,
    "strings": strings,
}
# A TensorFlow name lamina lacks raises UnimplementedError naming it (see docs/status.md).
for _name, _module in _NAMESPACES.items():
    _sys.modules[f"{__name__}.{_name}"] = _module
    _module.__getattr__ = _module_getattr(f"tf.{_name}")
# TensorFlow's root aliases of Keras namespaces are the same modules (tf.optimizers is tf.keras.optimizers).
initializers, losses, metrics, optimizers = keras.initializers, keras.losses, keras.metrics, keras.optimizers
for _name, _module in {
    "initializers": initializers, "losses": losses, "metrics": metrics, "optimizers": optimizers,
    "optimizers.schedules": optimizers.schedules,
}.items():
    _sys.modules[f"{__name__}.{_name}"] = _module
__getattr__ = _module_getattr("tf")
del _name, _module
