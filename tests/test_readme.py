"""The README's example runs and does what it says."""

import contextlib
import io
import os
import re

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_readme_example_fits_the_line():
    with open(os.path.join(ROOT, "README.md")) as f:
        code = re.search(r"```python\n(.*?)```", f.read(), re.S).group(1)
    assert len(code.strip().splitlines()) <= 12
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    # NumPy prints 3.0 as "3." in an array: digits after the point are optional.
    loss, *weights = re.findall(r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?", out.getvalue())
    assert float(loss) < 1e-4
    assert np.allclose([float(w) for w in weights], [3.0, -2.0, 0.5], atol=1e-2)
