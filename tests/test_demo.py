"""`make demo` prints a falling loss."""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_demo_loss_falls():
    out = subprocess.run(
        [sys.executable, os.path.join(ROOT, "examples", "demo.py")],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    losses = [float(v) for v in re.findall(r"loss ([0-9.]+)", out)]
    assert len(losses) == 6
    assert all(a > b for a, b in zip(losses, losses[1:]))
    assert losses[0] > 10 and losses[-1] < 0.05
    weights = [float(v) for v in re.findall(r"-?\d+\.\d+", out.split("learned w:")[1])]
    assert abs(weights[0] - 3.0) < 0.1 and abs(weights[1] + 2.0) < 0.1 and abs(weights[-1] - 1.0) < 0.1
