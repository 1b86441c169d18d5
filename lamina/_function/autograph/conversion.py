"""Converting a live Python function: source -> transformed AST -> a new function object.

The new function runs with the original's globals (so module state stays shared), the original's
closure cells (so `nonlocal` writes and late-bound free variables behave the same), defaults and
attributes, and code whose filename and line numbers are the original's (so tracebacks and
debuggers point at the user's source). It is compiled inside a factory function whose parameters
are the free variables plus `ag__` (the runtime module); the factory's cells are then swapped for the
original ones.
"""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import logging
import sysconfig
import textwrap
import types
import weakref

from lamina._function.autograph import runtime, transformer

logger = logging.getLogger("lamina.autograph")

DO_NOT_CONVERT = "__autograph_do_not_convert__"
# Library code is never converted: it does not branch on tensors, and converting it would be slow.
_LIBRARY_PREFIXES = (
    "lamina",
    "jax",
    "jaxlib",
    "numpy",
    "scipy",
    "ml_dtypes",
    "opt_einsum",
    "absl",
    "_pytest",
    "pytest",
)
_LIBRARY_PATHS = tuple(
    path
    for path in {sysconfig.get_paths().get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    if path
)
_UNCONVERTED = object()
_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class ConversionError(Exception):
    """The function's source could not be converted (no source available, unsupported syntax)."""


def convert(function, strict: bool = False):
    """The AutoGraph-converted version of `function` (cached), or `function` itself where there is
    nothing to convert (library code, builtins, lambdas, generators, `do_not_convert`).

    Args:
      function: a Python function, bound method or functools.partial; anything else is returned.
      strict: raise ConversionError when conversion fails (default: log a warning and return the
        function unconverted, as TensorFlow does).
    """
    if isinstance(function, types.MethodType):
        inner = convert(function.__func__, strict)
        return function if inner is function.__func__ else types.MethodType(inner, function.__self__)
    if isinstance(function, functools.partial):
        inner = convert(function.func, strict)
        return (
            function
            if inner is function.func
            else functools.partial(inner, *function.args, **function.keywords)
        )
    if not isinstance(function, types.FunctionType):
        return function
    cached = _cache.get(function)
    if cached is not None:
        return function if cached is _UNCONVERTED else cached
    result = _UNCONVERTED
    if _skip_reason(function) is None:
        try:
            result = _convert_function(function)
        except Exception as error:  # no source, syntax we do not handle: run it as it is
            if strict:
                raise ConversionError(
                    f"AutoGraph could not convert {function.__qualname__}: {error}"
                ) from error
            logger.warning(
                "AutoGraph could not convert %s and will run it as is: %s", function.__qualname__, error
            )
    _cache[function] = result
    return function if result is _UNCONVERTED else result


def _skip_reason(function) -> str | None:
    code = function.__code__
    if getattr(function, DO_NOT_CONVERT, False):
        return "marked do_not_convert"
    if "ag__" in code.co_freevars:
        return "already converted"
    if function.__name__ == "<lambda>":
        return "lambda"
    if code.co_flags & (inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR):
        return "generator or coroutine"
    module = function.__module__ or ""
    if module.split(".")[0] in _LIBRARY_PREFIXES:
        return "library module"
    if code.co_filename.startswith(_LIBRARY_PATHS):
        return "library file"
    return None


# ---- source -> AST ---------------------------------------------------------------------------------
def parse_function(function) -> ast.FunctionDef:
    """The function's definition, with the original line numbers and columns, decorators removed."""
    lines, first_line = inspect.getsourcelines(function)
    source = "".join(lines)
    dedented = textwrap.dedent(source)
    indent = len(lines[0]) - len(lines[0].lstrip()) if dedented != source else 0
    tree = ast.parse(dedented)
    if not tree.body or not isinstance(tree.body[0], ast.FunctionDef):
        raise ConversionError(f"{function.__qualname__} is not defined by a `def` statement")
    definition = tree.body[0]
    ast.increment_lineno(definition, function.__code__.co_firstlineno - 1)
    for node in ast.walk(definition):  # columns of the original (indented) lines, for traceback carets
        if hasattr(node, "col_offset"):
            node.col_offset += indent
            node.end_col_offset = (node.end_col_offset or 0) + indent
    definition.decorator_list = []
    _strip_signature_expressions(definition)
    return definition


def _strip_signature_expressions(definition):
    # Defaults and annotations were evaluated when the original was defined; the new function
    # takes the original's values, so the expressions are dropped instead of evaluated again.
    arguments = definition.args
    arguments.defaults = []
    arguments.kw_defaults = [None] * len(arguments.kwonlyargs)
    for argument in (
        arguments.posonlyargs + arguments.args + arguments.kwonlyargs + [arguments.vararg, arguments.kwarg]
    ):
        if argument is not None:
            argument.annotation = None
    definition.returns = None


class _Mangle(ast.NodeTransformer):
    """Private names (`self.__x`) as the compiler mangles them inside the class the method was in."""

    def __init__(self, class_name):
        self.prefix = "_" + class_name.lstrip("_")

    def _mangled(self, name):
        return self.prefix + name if name.startswith("__") and not name.endswith("__") else name

    def visit_Name(self, node):  # noqa: N802 - ast.NodeTransformer's naming
        node.id = self._mangled(node.id)
        return node

    def visit_Attribute(self, node):  # noqa: N802
        self.generic_visit(node)
        node.attr = self._mangled(node.attr)
        return node


class _ExplicitSuper(ast.NodeTransformer):
    """`super()` -> `super(__class__, first_argument)`: zero-argument super needs the class cell,
    which the compiler only creates for code compiled inside a class body."""

    def __init__(self, first_argument):
        self.first_argument = first_argument

    def visit_Call(self, node):  # noqa: N802
        self.generic_visit(node)
        if (
            isinstance(node.func, ast.Name)
            and node.func.id == "super"
            and not node.args
            and not node.keywords
        ):
            node.args = [
                ast.copy_location(ast.Name(id="__class__", ctx=ast.Load()), node),
                ast.copy_location(ast.Name(id=self.first_argument, ctx=ast.Load()), node),
            ]
        return node


def _class_name(function) -> str | None:
    parts = function.__qualname__.split(".")
    return parts[-2] if len(parts) >= 2 and parts[-2] != "<locals>" else None


def transform(function) -> ast.FunctionDef:
    """The converted definition of `function` (the AST that `to_code` prints)."""
    definition = parse_function(function)
    class_name = _class_name(function)
    if class_name is not None:
        _Mangle(class_name).visit(definition)
    arguments = definition.args.posonlyargs + definition.args.args
    if "__class__" in function.__code__.co_freevars and arguments:
        _ExplicitSuper(arguments[0].arg).visit(definition)
    builtin_names = set(vars(builtins)) - set(function.__globals__) - set(function.__code__.co_freevars)
    transformer.convert_scope(definition, builtin_names)
    return definition


# ---- AST -> function ---------------------------------------------------------------------------------
def _convert_function(function):
    definition = transform(function)
    free = list(function.__code__.co_freevars)
    factory = ast.parse(
        f"def __autograph_factory__({', '.join(['ag__', *free])}):\n    return {definition.name}"
    )
    factory = factory.body[0]
    factory.body.insert(0, definition)
    ast.copy_location(factory, definition)
    module = ast.fix_missing_locations(ast.Module(body=[factory], type_ignores=[]))
    code = compile(module, function.__code__.co_filename, "exec", dont_inherit=True)
    namespace: dict = {}
    exec(code, function.__globals__, namespace)  # noqa: S102 - compiles the user's own (rewritten) code
    template = namespace["__autograph_factory__"](runtime, *([None] * len(free)))
    cells = dict(zip(free, function.__closure__ or ()))
    cells["ag__"] = types.CellType(runtime)
    closure = tuple(cells[name] for name in template.__code__.co_freevars)
    converted = types.FunctionType(
        template.__code__, function.__globals__, function.__name__, function.__defaults__, closure or None
    )
    converted.__kwdefaults__ = dict(function.__kwdefaults__) if function.__kwdefaults__ else None
    for attribute in ("__module__", "__qualname__", "__doc__", "__annotations__"):
        setattr(converted, attribute, getattr(function, attribute))
    converted.__dict__.update(function.__dict__)
    converted.__wrapped_unconverted__ = function
    return converted


__all__ = ["ConversionError", "convert", "transform", "parse_function"]
