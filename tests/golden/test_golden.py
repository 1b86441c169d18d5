"""Behaviour that must match TensorFlow 2.15, checked against golden values recorded from it.

Each case in tools/golden/cases/<topic>.py runs here with `import lamina as tf`; its result is
encoded like the recorder encoded TensorFlow's (tools/golden/goldenlib.py) and compared with
tests/golden/data/<topic>.json. See tools/golden/README.md. TensorFlow is never imported here.
"""

from __future__ import annotations

import builtins
import importlib.util
import os

import numpy as np
import pytest

import lamina

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_GOLDENLIB = os.path.join(_ROOT, "tools", "golden", "goldenlib.py")
_spec = importlib.util.spec_from_file_location("goldenlib", _GOLDENLIB)
goldenlib = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(goldenlib)

_TOPICS = goldenlib.topics()
_MODULES = {topic: goldenlib.load_topic(topic) for topic in _TOPICS}
_DATA = {topic: goldenlib.load_data(topic) for topic in _TOPICS if os.path.exists(goldenlib.data_path(topic))}
_PARAMS = [(topic, case) for topic, document in _DATA.items() for case in document["cases"]]


def _error_class(name: str):
    """lamina.errors.<name>, else the builtin exception <name>, else None."""
    found = getattr(lamina.errors, name, None)
    if isinstance(found, type) and issubclass(found, BaseException):
        return found
    found = getattr(builtins, name, None)
    if isinstance(found, type) and issubclass(found, BaseException):
        return found
    return None


def _check_raises(function, record: dict):
    expected = _error_class(record["error"])
    try:
        result = function(lamina, np)
    except Exception as error:  # noqa: BLE001 - any class may be the expected one
        matches = (
            isinstance(error, expected)
            if expected is not None
            else (record["error"] in [cls.__name__ for cls in type(error).__mro__])
        )
        if not matches:
            expected_text = f"TensorFlow raised {record['error']}: {record['message']}"
            raise AssertionError(f"raised {type(error).__name__}: {error}\n{expected_text}") from error
        if record["op_error"]:
            assert isinstance(error, lamina.errors.OpError), (
                f"{type(error).__name__} is not a tf.errors.OpError"
            )
        return
    pytest.fail(
        f"returned {goldenlib.encode(result)!r}\nTensorFlow raised {record['error']}: {record['message']}"
    )


@pytest.mark.parametrize("topic, case", _PARAMS, ids=[f"{t}-{c}" for t, c in _PARAMS])
def test_matches_tensorflow(topic, case):
    module = _MODULES[topic]
    function = goldenlib.cases_of(module)[case]
    record = _DATA[topic]["cases"][case]
    if "error" in record:
        _check_raises(function, record)
        return
    got = goldenlib.encode(function(lamina, np))
    problems = goldenlib.compare(record, got, goldenlib.tolerance_of(module, case))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("topic", _TOPICS)
def test_recording_is_up_to_date(topic):
    """Every case in the case file has a recorded value and every recorded case still exists."""
    assert topic in _DATA, (
        f"no golden data for {topic}: run ~/tf215/bin/python tools/golden/record.py {topic}"
    )
    written = set(goldenlib.cases_of(_MODULES[topic]))
    recorded = set(_DATA[topic]["cases"])
    assert written == recorded, (
        f"re-record {topic}: not recorded {sorted(written - recorded)}, stale {sorted(recorded - written)}"
    )
    assert _DATA[topic]["tensorflow_version"].startswith("2.15.")
