"""Shared by the recorder (run under TensorFlow) and the golden test (run under lamina).

A case's result is turned into a JSON-safe tree by `encode`; the recorder stores TensorFlow's tree,
the test encodes lamina's result the same way and `compare`s the two trees. This module imports
neither TensorFlow nor lamina: it recognises tensors, dtypes and shapes by their attributes, so the
very same code describes both sides. It must run on NumPy 1.x (TensorFlow 2.15's pin) and 2.x.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re

import numpy as np

GOLDEN_DIR = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(GOLDEN_DIR, "cases")
DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(GOLDEN_DIR)), "tests", "golden", "data")

CASE_PREFIX = "case_"

# Default tolerances per dtype name. Low-precision floats get one unit in the last place: TensorFlow
# computes some float16/bfloat16 kernels in float32 and rounds once, XLA may round differently.
DEFAULT_TOLERANCE = {"float16": (1e-3, 1e-3), "bfloat16": (8e-3, 8e-3)}
FLOAT_TOLERANCE = (1e-6, 1e-6)

_FLOAT_NAMES = ("float16", "bfloat16", "float32", "float64", "half", "double")
_COMPLEX_NAMES = ("complex64", "complex128")
_STRING_NAMES = ("string",)


# ---- case modules -----------------------------------------------------------------------------
def topics() -> list[str]:
    """Every topic that has a case file, sorted."""
    names = [f[:-3] for f in os.listdir(CASES_DIR) if f.endswith(".py") and not f.startswith("_")]
    return sorted(names)


def load_topic(topic: str):
    """Imports tools/golden/cases/<topic>.py as a standalone module (no package needed)."""
    path = os.path.join(CASES_DIR, f"{topic}.py")
    spec = importlib.util.spec_from_file_location(f"golden_cases_{topic}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cases_of(module) -> dict:
    """{case name: function} for every `case_<name>` function of a case module, in file order."""
    found = {}
    for attribute, value in vars(module).items():
        if attribute.startswith(CASE_PREFIX) and callable(value):
            found[attribute[len(CASE_PREFIX) :]] = value
    return found


def tolerance_of(module, case: str):
    """(rtol, atol) from the module's TOLERANCE dict for `case`, or None for the dtype defaults."""
    override = getattr(module, "TOLERANCE", {}).get(case)
    if override is None:
        return None
    return (override.get("rtol", FLOAT_TOLERANCE[0]), override.get("atol", FLOAT_TOLERANCE[1]))


def data_path(topic: str) -> str:
    return os.path.join(DATA_DIR, f"{topic}.json")


def load_data(topic: str) -> dict:
    with open(data_path(topic), encoding="utf-8") as f:
        return json.load(f)


def dump_data(document: dict) -> str:
    """JSON text with one case per line: small, and diffs show which case changed."""
    lines = ["{"]
    for key in ("topic", "tensorflow_version", "numpy_version"):
        lines.append(f"  {json.dumps(key)}: {json.dumps(document[key])},")
    lines.append('  "cases": {')
    items = list(document["cases"].items())
    for index, (name, record) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        lines.append(
            f"    {json.dumps(name)}: {json.dumps(record, allow_nan=False, ensure_ascii=False)}{comma}"
        )
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---- encoding ---------------------------------------------------------------------------------
def _is_dtype(value) -> bool:
    return hasattr(value, "as_datatype_enum") and hasattr(value, "is_floating") and hasattr(value, "name")


def _is_shape(value) -> bool:
    return hasattr(value, "as_list") and hasattr(value, "is_fully_defined") and hasattr(value, "rank")


def _is_tensor(value) -> bool:
    return callable(getattr(value, "numpy", None)) and _is_dtype(getattr(value, "dtype", None))


def _float_leaf(x: float):
    # JSON has no NaN/inf: spell them as strings (a finite float is never a string).
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _string_leaf(x):
    if isinstance(x, bytes):
        try:
            return x.decode("utf-8")
        except UnicodeDecodeError:
            return {"hex": x.hex()}
    return str(x)


def _map_nested(function, nested):
    if isinstance(nested, list):
        return [_map_nested(function, item) for item in nested]
    return function(nested)


def encode_array(array: np.ndarray, dtype_name: str):
    """The nested-list value of `array`, JSON-safe, according to its dtype name."""
    if dtype_name in _STRING_NAMES or array.dtype.kind in "OSU":
        return _map_nested(_string_leaf, array.tolist())
    if dtype_name in _COMPLEX_NAMES or array.dtype.kind == "c":
        wide = array.astype(np.complex128)
        return {"real": encode_array(wide.real, "float64"), "imag": encode_array(wide.imag, "float64")}
    if dtype_name in _FLOAT_NAMES or array.dtype.kind == "f":
        return _map_nested(_float_leaf, array.astype(np.float64).tolist())
    return array.tolist()  # bool and integers (JSON integers have no width limit)


def _dtype_name_of_numpy(dtype) -> str:
    return "string" if dtype.kind in "OSU" else str(dtype)


def encode(value):
    """A JSON-safe tree describing `value` (a tensor, NumPy/Python value, dtype, shape, or a nest)."""
    if value is None:
        return {"kind": "none"}
    if isinstance(value, np.generic):
        array = np.asarray(value)
        name = _dtype_name_of_numpy(array.dtype)
        return {"kind": "numpy_scalar", "dtype": name, "value": encode_array(array, name)}
    if isinstance(value, np.ndarray):
        name = _dtype_name_of_numpy(value.dtype)
        return {
            "kind": "ndarray",
            "dtype": name,
            "shape": list(value.shape),
            "value": encode_array(value, name),
        }
    if isinstance(value, (bool, int, float, complex, str, bytes)):
        return _encode_python(value)
    if _is_dtype(value):
        return {"kind": "dtype", "value": value.name}
    if _is_shape(value):
        return {"kind": "shape", "value": None if value.rank is None else list(value.as_list())}
    if _is_tensor(value):
        array = np.asarray(value.numpy())
        name = value.dtype.name
        return {
            "kind": "tensor",
            "dtype": name,
            "shape": list(array.shape),
            "value": encode_array(array, name),
        }
    if isinstance(value, dict):
        return {"kind": "dict", "items": {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {
            "kind": type(value).__name__ if type(value) in (list, tuple) else "tuple",
            "items": [encode(v) for v in value],
        }
    raise TypeError(
        f"golden: cannot encode a {type(value).__module__}.{type(value).__name__}: convert it in the case"
    )


def _encode_python(value):
    kind = type(value).__name__
    if isinstance(value, bool) or isinstance(value, int):
        return {"kind": "python", "type": kind, "value": value}
    if isinstance(value, float):
        return {"kind": "python", "type": kind, "value": _float_leaf(value)}
    if isinstance(value, complex):
        return {"kind": "python", "type": kind, "value": [_float_leaf(value.real), _float_leaf(value.imag)]}
    return {"kind": "python", "type": kind, "value": _string_leaf(value)}


# TensorFlow prefixes kernel errors with the wrapping function's name; it says nothing useful.
_FUNCTION_NODE = re.compile(r"\{\{function_node [^}]*\}\}\s*")
# Object addresses change from run to run; without them, re-recording gives identical files.
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def encode_error(error: BaseException, op_error_class) -> dict:
    """The record of a case that raised: the class name, whether it is an OpError, the message
    (first line, for people reading a failure; tests do not compare it)."""
    text = _ADDRESS.sub("", _FUNCTION_NODE.sub("", str(error))).strip()
    message = text.splitlines()[0] if text else ""
    return {
        "error": type(error).__name__,
        "op_error": isinstance(error, op_error_class),
        "message": message[:240],
    }


# ---- comparison ------------------------------------------------------------------------------
def _decode_floats(nested) -> np.ndarray:
    def leaf(x):
        return float(x) if isinstance(x, str) else x

    return np.asarray(_map_nested(leaf, nested), dtype=np.float64)


def _compare_float_values(expected, got, tolerance, where: str) -> list[str]:
    want = _decode_floats(expected)
    have = _decode_floats(got)
    if want.shape != have.shape:
        return [f"{where}: value shape {list(have.shape)} != expected {list(want.shape)}"]
    rtol, atol = tolerance
    same_nan = np.isnan(want) == np.isnan(have)
    finite = np.isfinite(want) & np.isfinite(have)
    # inf - inf warns (tests turn warnings into errors); non-finite entries are compared exactly.
    with np.errstate(invalid="ignore", over="ignore"):
        near = np.abs(have - want) <= atol + rtol * np.abs(want)
    ok = same_nan & np.where(finite, near, (want == have) | np.isnan(want))
    if ok.all():
        return []
    index = tuple(int(i) for i in np.argwhere(~ok)[0])
    return [
        f"{where}: {int((~ok).sum())} value(s) differ, first at {list(index)}: got {float(have[index])!r}, "
        f"expected {float(want[index])!r} (rtol={rtol}, atol={atol})"
    ]


def _compare_values(expected, got, dtype: str, tolerance, where: str) -> list[str]:
    if isinstance(expected, dict) and "real" in expected:
        if not (isinstance(got, dict) and "real" in got):
            return [f"{where}: got a non-complex value"]
        return _compare_float_values(
            expected["real"], got["real"], tolerance, where + ".real"
        ) + _compare_float_values(expected["imag"], got["imag"], tolerance, where + ".imag")
    if dtype in _FLOAT_NAMES:
        return _compare_float_values(expected, got, tolerance, where)
    if expected != got:
        return [f"{where}: got {_short(got)}, expected {_short(expected)}"]
    return []


def _short(value) -> str:
    text = json.dumps(value)
    return text if len(text) < 200 else text[:200] + "..."


def compare(expected: dict, got: dict, tolerance=None, where: str = "result") -> list[str]:
    """Differences between two encoded trees (empty list: they match). `tolerance` = (rtol, atol)
    overrides the per-dtype defaults for floats; ints, bools and strings are compared exactly."""
    if expected["kind"] != got["kind"]:
        return [
            f"{where}: got a {got['kind']} ({_short(got)}), "
            f"expected a {expected['kind']} ({_short(expected)})"
        ]
    kind = expected["kind"]
    if kind in ("list", "tuple"):
        return _compare_sequences(expected["items"], got["items"], tolerance, where)
    if kind == "dict":
        return _compare_dicts(expected["items"], got["items"], tolerance, where)
    if kind == "python":
        return _compare_python(expected, got, tolerance, where)
    if kind in ("none", "dtype", "shape"):
        return [] if expected == got else [f"{where}: got {_short(got)}, expected {_short(expected)}"]
    return _compare_arrays(expected, got, tolerance, where)  # tensor, ndarray, numpy_scalar


def _compare_sequences(expected: list, got: list, tolerance, where: str) -> list[str]:
    if len(expected) != len(got):
        return [f"{where}: {len(got)} items, expected {len(expected)}"]
    problems = []
    for index, (e, g) in enumerate(zip(expected, got, strict=True)):
        problems += compare(e, g, tolerance, f"{where}[{index}]")
    return problems


def _compare_dicts(expected: dict, got: dict, tolerance, where: str) -> list[str]:
    if sorted(expected) != sorted(got):
        return [f"{where}: keys {sorted(got)}, expected {sorted(expected)}"]
    problems = []
    for key in expected:
        problems += compare(expected[key], got[key], tolerance, f"{where}[{key!r}]")
    return problems


def _compare_python(expected: dict, got: dict, tolerance, where: str) -> list[str]:
    if expected["type"] != got["type"]:
        return [
            f"{where}: got Python {got['type']} {_short(got['value'])}, "
            f"expected Python {expected['type']} {_short(expected['value'])}"
        ]
    # A Python complex is stored as [real, imag]: compared like two floats.
    value_type = "float64" if expected["type"] in ("float", "complex") else expected["type"]
    return _compare_values(expected["value"], got["value"], value_type, tolerance or FLOAT_TOLERANCE, where)


def _compare_arrays(expected: dict, got: dict, tolerance, where: str) -> list[str]:
    problems = []
    if expected["dtype"] != got["dtype"]:
        problems.append(f"{where}: dtype {got['dtype']}, expected {expected['dtype']}")
    if expected.get("shape") != got.get("shape"):
        problems.append(f"{where}: shape {got.get('shape')}, expected {expected.get('shape')}")
    if problems:
        return problems
    dtype = expected["dtype"]
    chosen = tolerance or DEFAULT_TOLERANCE.get(dtype, FLOAT_TOLERANCE)
    return _compare_values(expected["value"], got["value"], dtype, chosen, where)
