"""lamina: TensorFlow's layered programming model, written from scratch on XLA through JAX.

    import lamina as tf
"""

import sys as _sys

import lamina._core  # noqa: F401  (configures JAX before anything else uses it)
import lamina.ops  # noqa: F401  (registers every op and the Tensor operators)
from lamina._api import dtypes, errors, math, nest
from lamina._api.root import *  # noqa: F403
from lamina._api.root import bool  # noqa: F401,A004  (`import *` skips nothing, but keep it explicit)

__version__ = "0.1.0"
# The TensorFlow release whose behaviour lamina follows.
TENSORFLOW_VERSION = "2.15"

# Make `import lamina.math` / `from lamina.errors import ...` work like TensorFlow's namespaces.
for _name, _module in {"dtypes": dtypes, "errors": errors, "math": math, "nest": nest}.items():
    _sys.modules.setdefault(f"{__name__}.{_name}", _module)
del _name, _module
