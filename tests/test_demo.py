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
    weights = [float(v) for v in re.findall(r"-?\d+\.\d+", out.split("learned w:")[1].splitlines()[0])]
    assert abs(weights[0] - 3.0) < 0.1 and abs(weights[1] + 2.0) < 0.1 and abs(weights[-1] - 1.0) < 0.1
    keras_part = out.split("tf.keras")[1]
    epoch_losses = [float(v) for v in re.findall(r"step - loss: ([0-9.]+)", keras_part)]
    assert len(epoch_losses) == 5 and epoch_losses[-1] < 0.1 and epoch_losses[0] > epoch_losses[-1]
    keras_weights = [float(v) for v in re.findall(r"-?\d+\.\d+", keras_part.split("learned w:")[1])]
    assert abs(keras_weights[0] - 3.0) < 0.2 and abs(keras_weights[-1] - 1.0) < 0.2
