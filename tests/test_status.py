"""docs/status.md and the list of unimplemented names match the public API (`make status` regenerates)."""

import os
import subprocess
import sys

import pytest

import lamina as tf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_status_files_are_up_to_date():
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "tools", "api", "status.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_unimplemented_names_raise_unimplemented_error():
    from lamina._api.unimplemented_names import MISSING

    assert "estimator" in MISSING["tf"]
    with pytest.raises(tf.errors.UnimplementedError, match="tf.estimator"):
        tf.estimator  # noqa: B018
    assert not hasattr(tf, "estimator")  # still an AttributeError for code that probes
    with pytest.raises(AttributeError, match="no attribute"):
        tf.not_a_tensorflow_name  # noqa: B018
