"""TensorFlow's exception classes, and the helpers that make messages name the user's line.

Every error lamina raises for bad input to an op is an `OpError` subclass with TensorFlow's
canonical error code, so `except tf.errors.InvalidArgumentError` works as users expect.
"""

from __future__ import annotations

import os
import sys

OK = 0
CANCELLED = 1
UNKNOWN = 2
INVALID_ARGUMENT = 3
DEADLINE_EXCEEDED = 4
NOT_FOUND = 5
ALREADY_EXISTS = 6
PERMISSION_DENIED = 7
RESOURCE_EXHAUSTED = 8
FAILED_PRECONDITION = 9
ABORTED = 10
OUT_OF_RANGE = 11
UNIMPLEMENTED = 12
INTERNAL = 13
UNAVAILABLE = 14
DATA_LOSS = 15
UNAUTHENTICATED = 16

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Frames that are never the user's: lamina itself, and JAX (host callbacks run under its frames).
_INTERNAL = (_PACKAGE_DIR, "<frozen")
_INTERNAL_PARTS = (f"{os.sep}jax{os.sep}", f"{os.sep}jaxlib{os.sep}")


def user_frame() -> str:
    """Returns "file:line" of the innermost stack frame outside lamina and JAX, or "" if none."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_INTERNAL) and not any(part in filename for part in _INTERNAL_PARTS):
            return f"{filename}:{frame.f_lineno}"
        frame = frame.f_back
    return ""


class OpError(Exception):
    """Base class of errors raised while running an op; carries `message`, `op` and `error_code`."""

    error_code = UNKNOWN

    def __init__(self, node_def=None, op=None, message="", *args, **kwargs):
        # TensorFlow's signature is (node_def, op, message); allow OpError(message) too.
        if op is None and not message and isinstance(node_def, str):
            node_def, message = None, node_def
        self._node_def = node_def
        self._op = op
        self._message = message
        self._experimental_payloads = kwargs.get("experimental_payloads") or {}
        super().__init__(message)

    @property
    def message(self) -> str:
        return self._message

    @property
    def op(self):
        return self._op

    @property
    def node_def(self):
        return self._node_def

    @property
    def experimental_payloads(self):
        return self._experimental_payloads

    def __str__(self) -> str:
        return self._message

    def __reduce__(self):
        return (type(self), (self._node_def, self._op, self._message))


def _make(name: str, code: int, doc: str) -> type:
    cls = type(name, (OpError,), {"__doc__": doc, "error_code": code})

    def __init__(self, node_def=None, op=None, message="", *args, **kwargs):
        OpError.__init__(self, node_def, op, message, *args, **kwargs)

    cls.__init__ = __init__
    cls.__module__ = __name__
    return cls


CancelledError = _make("CancelledError", CANCELLED, "An operation was cancelled.")
UnknownError = _make("UnknownError", UNKNOWN, "An unknown error.")
InvalidArgumentError = _make("InvalidArgumentError", INVALID_ARGUMENT, "An op received an invalid argument.")
DeadlineExceededError = _make("DeadlineExceededError", DEADLINE_EXCEEDED, "A deadline expired.")
NotFoundError = _make("NotFoundError", NOT_FOUND, "A requested entity (a file, a name) was not found.")
AlreadyExistsError = _make("AlreadyExistsError", ALREADY_EXISTS, "An entity already exists.")
PermissionDeniedError = _make("PermissionDeniedError", PERMISSION_DENIED, "Permission was denied.")
ResourceExhaustedError = _make("ResourceExhaustedError", RESOURCE_EXHAUSTED, "A resource ran out.")
FailedPreconditionError = _make(
    "FailedPreconditionError", FAILED_PRECONDITION, "The system is not in a state to run the op."
)
AbortedError = _make("AbortedError", ABORTED, "An operation was aborted.")
OutOfRangeError = _make("OutOfRangeError", OUT_OF_RANGE, "Iteration ran past the valid range.")
UnimplementedError = _make("UnimplementedError", UNIMPLEMENTED, "An operation is not implemented.")
InternalError = _make("InternalError", INTERNAL, "An internal invariant was broken.")
UnavailableError = _make("UnavailableError", UNAVAILABLE, "A service is unavailable.")
DataLossError = _make("DataLossError", DATA_LOSS, "Data was lost or corrupted.")
UnauthenticatedError = _make("UnauthenticatedError", UNAUTHENTICATED, "The request has no valid credentials.")

_BY_CODE = {
    cls.error_code: cls
    for cls in (
        CancelledError,
        UnknownError,
        InvalidArgumentError,
        DeadlineExceededError,
        NotFoundError,
        AlreadyExistsError,
        PermissionDeniedError,
        ResourceExhaustedError,
        FailedPreconditionError,
        AbortedError,
        OutOfRangeError,
        UnimplementedError,
        InternalError,
        UnavailableError,
        DataLossError,
        UnauthenticatedError,
    )
}


def exception_type_from_error_code(code: int) -> type:
    return _BY_CODE[code]


def error_code_from_exception_type(cls: type) -> int:
    return cls.error_code


def op_error(cls: type, op_name: str, message: str) -> OpError:
    """Builds `cls` with a message that names the op and the user's line: "msg [Op:Name] at f.py:12"."""
    where = user_frame()
    text = f"{message} [Op:{op_name}]" + (f" (called at {where})" if where else "")
    return cls(None, op_name, text)


class UnimplementedAPIError(UnimplementedError, AttributeError):
    """A TensorFlow API that lamina does not have yet. It is also an AttributeError, so `hasattr`
    and `getattr(module, name, default)` keep working for code that probes for optional APIs."""


def unimplemented(api_name: str) -> UnimplementedAPIError:
    """The error for a public API that lamina does not have yet (listed in docs/status.md)."""
    return UnimplementedAPIError(
        None, None, f"{api_name} is not implemented in lamina yet (see docs/status.md for what is)."
    )


class OperatorNotAllowedInGraphError(TypeError):
    """A symbolic tensor was used where a Python value is needed (bool, iteration)."""
