"""The golden mechanism itself: encoding results to JSON-safe trees and comparing two trees."""

from __future__ import annotations

import importlib.util
import json
import os

import numpy as np
import pytest

import lamina as tf

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_GOLDENLIB = os.path.join(_ROOT, "tools", "golden", "goldenlib.py")
_spec = importlib.util.spec_from_file_location("goldenlib", _GOLDENLIB)
goldenlib = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(goldenlib)


def _roundtrip(value):
    """Encodes `value` and passes it through strict JSON, as the recorder does."""
    return json.loads(json.dumps(goldenlib.encode(value), allow_nan=False))


def test_encode_tensor_records_dtype_shape_and_values():
    encoded = _roundtrip(tf.constant([[1.5, 2.0]]))
    assert encoded == {"kind": "tensor", "dtype": "float32", "shape": [1, 2], "value": [[1.5, 2.0]]}


def test_encode_non_finite_floats_survive_strict_json():
    encoded = _roundtrip(np.array([np.nan, np.inf, -np.inf, 1.0], np.float32))
    assert encoded["value"] == ["nan", "inf", "-inf", 1.0]


def test_encode_strings_complex_and_big_unsigned():
    assert _roundtrip(tf.constant(["caf\u00e9", "b"]))["value"] == ["caf\u00e9", "b"]
    assert _roundtrip(np.array([1 + 2j]))["value"] == {"real": [1.0], "imag": [2.0]}
    assert _roundtrip(np.array([2**64 - 1], np.uint64))["value"] == [2**64 - 1]
    assert _roundtrip(b"\xff")["value"] == {"hex": "ff"}


def test_encode_python_values_keep_their_type():
    assert _roundtrip(True) == {"kind": "python", "type": "bool", "value": True}
    assert _roundtrip(1) == {"kind": "python", "type": "int", "value": 1}
    assert _roundtrip(np.float32(1.0))["kind"] == "numpy_scalar"


def test_encode_dtypes_shapes_and_nests():
    encoded = _roundtrip({"d": tf.int8, "s": tf.TensorShape([2, None]), "l": (None, [1.0])})
    assert encoded["items"]["d"] == {"kind": "dtype", "value": "int8"}
    assert encoded["items"]["s"] == {"kind": "shape", "value": [2, None]}
    assert encoded["items"]["l"]["kind"] == "tuple"
    assert encoded["items"]["l"]["items"][0] == {"kind": "none"}


def test_encode_rejects_unknown_objects():
    with pytest.raises(TypeError, match="cannot encode"):
        goldenlib.encode(object())


def test_compare_accepts_equal_and_close_values():
    expected = _roundtrip(np.array([1.0, np.nan], np.float32))
    close = _roundtrip(np.array([1.0 + 1e-7, np.nan], np.float32))
    assert goldenlib.compare(expected, close) == []


@pytest.mark.parametrize(
    "got, fragment",
    [
        (np.array([1.0, 2.0], np.float64), "dtype float64"),
        (np.array([[1.0, 2.0]], np.float32), "shape [1, 2]"),
        (np.array([1.0, 2.1], np.float32), "1 value(s) differ"),
        (np.array([1.0, np.nan], np.float32), "1 value(s) differ"),
        ([1.0, 2.0], "got a list"),
    ],
)
def test_compare_reports_differences(got, fragment):
    expected = _roundtrip(np.array([1.0, 2.0], np.float32))
    problems = goldenlib.compare(expected, _roundtrip(got))
    assert any(fragment in p for p in problems), problems


def test_compare_handles_infinities_without_warnings():
    expected = _roundtrip(np.array([np.inf, -np.inf, 1.0], np.float32))
    assert goldenlib.compare(expected, expected) == []
    assert goldenlib.compare(expected, _roundtrip(np.array([np.inf, np.inf, 1.0], np.float32)))


def test_compare_is_exact_for_integers_and_python_types():
    assert goldenlib.compare(_roundtrip(np.array([1, 2])), _roundtrip(np.array([1, 3])))
    assert goldenlib.compare(_roundtrip(True), _roundtrip(1))
    assert goldenlib.compare(_roundtrip(np.inf), _roundtrip(-np.inf))


def test_compare_uses_tolerance_override_and_low_precision_defaults():
    expected = _roundtrip(np.array([1.0], np.float32))
    loose = _roundtrip(np.array([1.001], np.float32))
    assert goldenlib.compare(expected, loose)
    assert goldenlib.compare(expected, loose, tolerance=(1e-2, 0.0)) == []
    half = _roundtrip(np.array([1.0], np.float16))
    assert goldenlib.compare(half, _roundtrip(np.array([1.000976], np.float16))) == []


def test_every_case_module_defines_cases():
    for topic in goldenlib.topics():
        assert goldenlib.cases_of(goldenlib.load_topic(topic)), topic
