"""AutoGraph: Python `if`/`while`/`for`/`break`/`continue`/`return` over tensors -> graph control flow.

`convert(f)` rewrites `f`'s source so that its control flow statements call the operators in
`runtime` (imported by converted code as `ag__`); those run plain Python for Python values and eager
tensors, and build `tf.cond` / `tf.while_loop` when a condition is a symbolic tensor. See README.md.
"""

from __future__ import annotations

import ast
import functools
import types

from lamina._function.autograph.conversion import DO_NOT_CONVERT, ConversionError, convert, transform

__all__ = ["ConversionError", "convert", "do_not_convert", "to_code", "to_graph"]


def to_graph(entity, recursive=True, experimental_optional_features=None):
    """The converted version of a Python function or method (`tf.autograph.to_graph`).

    Args:
      entity: a Python function, bound method or functools.partial.
      recursive: accepted for compatibility; functions called by `entity` are converted when called.
      experimental_optional_features: accepted for compatibility (none are implemented).

    Returns:
      A function that runs `entity`'s code with tensor control flow turned into graph ops.

    Raises:
      ConversionError: when `entity`'s source cannot be found or converted.
    """
    del recursive, experimental_optional_features
    return convert(entity, strict=True)


def to_code(entity, recursive=True, experimental_optional_features=None) -> str:
    """The source code AutoGraph generates for `entity`, as a string (`tf.autograph.to_code`).

    >>> def f(x):
    ...     if x > 0:
    ...         x = -x
    ...     return x
    >>> "ag__.if_stmt" in to_code(f)
    True
    """
    del recursive, experimental_optional_features
    if isinstance(entity, types.MethodType):
        entity = entity.__func__
    if isinstance(entity, functools.partial):
        entity = entity.func
    try:
        definition = transform(entity)
    except (OSError, TypeError, SyntaxError) as error:
        raise ConversionError(f"AutoGraph could not read the source of {entity!r}: {error}") from error
    return ast.unparse(definition) + "\n"


def do_not_convert(func=None):
    """Decorator: AutoGraph leaves `func` as it is, also when a converted function calls it
    (`tf.autograph.experimental.do_not_convert`). Usable as `@do_not_convert` or `@do_not_convert()`."""
    if func is None:
        return do_not_convert
    try:
        setattr(func, DO_NOT_CONVERT, True)
        return func
    except (AttributeError, TypeError):  # a builtin or a slotted object: wrap it instead

        @functools.wraps(func)
        def unconverted(*args, **kwargs):
            return func(*args, **kwargs)

        setattr(unconverted, DO_NOT_CONVERT, True)
        return unconverted
