"""lamina: TensorFlow's layered programming model, written from scratch on XLA through JAX.

    import lamina as tf
"""

import sys as _sys

import lamina._core  # noqa: F401  (configures JAX before anything else uses it)
import lamina.ops  # noqa: F401  (registers every op and the Tensor operators)
from lamina._api import bitwise, config, debugging, dtypes, errors, linalg, math, nest, nn, random
from lamina._api.root import *  # noqa: F403
from lamina._api.unimplemented import module_getattr as _module_getattr

# Programs compare tf.__version__ against TensorFlow releases, so it names the release whose
# behaviour lamina follows; lamina's own version is __lamina_version__.
__version__ = "2.15.0"
__lamina_version__ = "0.1.0"

# Make `import lamina.math` / `from lamina.errors import ...` work like TensorFlow's namespaces.
_NAMESPACES = {"dtypes": dtypes, "errors": errors, "linalg": linalg, "math": math, "nest": nest, "nn": nn}
_NAMESPACES.update({"bitwise": bitwise, "config": config, "config.experimental": config.experimental,
                    "config.threading": config.threading, "debugging": debugging, "random": random,
                    "random.experimental": random.experimental})
# A TensorFlow name lamina lacks raises UnimplementedError naming it (see docs/status.md).
for _name, _module in _NAMESPACES.items():
    _sys.modules.setdefault(f"{__name__}.{_name}", _module)
    _module.__getattr__ = _module_getattr(f"tf.{_name}")
__getattr__ = _module_getattr("tf")
del _name, _module
