"""`tf.keras.utils.Progbar`: the progress bar `fit`, `evaluate`, `predict` and `get_file` print, in
Keras 2.15's exact text.

verbose=1 redraws one line per update (backspaces and a carriage return, when the output can be
redrawn; a new line per update otherwise):

    3/5 [=================>............] - ETA: 0s - loss: 0.6111
    5/5 [==============================] - 1s 100ms/step - loss: 0.4567

verbose=2 prints one line when the target is reached:

    5/5 - 1s - loss: 0.4567 - 500ms/epoch - 100ms/step

Metric values are averaged over the steps they were reported for, weighted by how many steps each
report covers; stateful metrics show their last value. Also here: the interactive-logging switch
(`tf.keras.utils.enable_interactive_logging`, ...) that sends Keras's messages to stdout or to logging.
"""

from __future__ import annotations

import logging
import os
import sys
import time

import numpy as np

logger = logging.getLogger("lamina.keras")

_INTERACTIVE = {"enabled": True}


def enable_interactive_logging() -> None:
    """Keras's messages (progress bars, downloads) go to stdout (the default)."""
    _INTERACTIVE["enabled"] = True


def disable_interactive_logging() -> None:
    """Keras's messages go to the "lamina.keras" logger instead of stdout."""
    _INTERACTIVE["enabled"] = False


def is_interactive_logging_enabled() -> bool:
    """Whether Keras's messages go to stdout."""
    return _INTERACTIVE["enabled"]


def print_msg(message: str, line_break: bool = True) -> None:
    """Writes `message` to stdout (flushed) or, with interactive logging off, to the logger."""
    if not is_interactive_logging_enabled():
        logger.info(message)
        return
    sys.stdout.write(message + ("\n" if line_break else ""))
    sys.stdout.flush()


def _can_redraw() -> bool:
    """Keras's test for a display that understands backspace and carriage return. It is true on
    every POSIX system (so logs redirected to a file get the control characters too, as in Keras)."""
    return (
        (hasattr(sys.stdout, "isatty") and sys.stdout.isatty())
        or "ipykernel" in sys.modules
        or "posix" in sys.modules
        or "PYCHARM_HOSTED" in os.environ
    )


def _duration(seconds: float, unit: str) -> str:
    """ " 2s/step", " 100ms/step", " 5us/step" (exactly 0 prints as seconds)."""
    if seconds >= 1 or seconds == 0:
        return f" {seconds:.0f}s/{unit}"
    if seconds >= 1e-3:
        return f" {seconds * 1e3:.0f}ms/{unit}"
    return f" {seconds * 1e6:.0f}us/{unit}"


def _eta(seconds: float) -> str:
    """ "45s", "6:45", "27:46:30"."""
    whole = int(seconds)
    if seconds > 3600:
        return f"{whole // 3600}:{(whole % 3600) // 60:02d}:{whole % 60:02d}"
    if seconds > 60:
        return f"{whole // 60}:{whole % 60:02d}"
    return f"{whole}s"


def _metric_text(value) -> str:
    return f" {value:.4f}" if abs(value) > 1e-3 else f" {value:.4e}"


class Progbar:
    """A progress bar over `target` steps.

    Args:
      target: the number of steps, or None when unknown.
      width: the bar's width in characters.
      verbose: 0 (silent), 1 (a bar redrawn on each update) or 2 (one line at the end).
      interval: the least time, in seconds, between two redraws with verbose=1.
      stateful_metrics: names of metrics shown as their last value instead of averaged.
      unit_name: what a step is called ("step", "sample").
    """

    def __init__(self, target, width=30, verbose=1, interval=0.05, stateful_metrics=None, unit_name="step"):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics) if stateful_metrics else set()
        self._dynamic_display = _can_redraw()
        self._start = time.time()
        self._last_update = 0.0
        self._line_width = 0  # the width of the line last drawn (verbose=1), without padding
        self._seen_so_far = 0
        self._sums: dict[str, list] = {}  # name -> [weighted sum, weight] (or [last value, 1])
        self._order: list[str] = []
        self._epoch_start = self._start
        self._epoch_end = None  # when `current` last equalled `target` (verbose=2's epoch time)
        self._first_step_done = None  # when step 1 was drawn: later steps are timed from there

    # ---- bookkeeping ---------------------------------------------------------------------------------
    def _accumulate(self, current, values) -> None:
        steps = max(current - self._seen_so_far, 1)
        for name, value in values:
            if name not in self._order:
                self._order.append(name)
            if name in self.stateful_metrics:
                self._sums[name] = [value, 1]
            elif name in self._sums:
                self._sums[name][0] += value * steps
                self._sums[name][1] += steps
            else:
                self._sums[name] = [value * steps, steps]
        self._seen_so_far = current

    def _metrics(self) -> str:
        text = ""
        for name in self._order:
            total, weight = self._sums[name]
            text += f" - {name}:" + _metric_text(np.mean(total / max(1, weight)))
        return text

    def _step_time(self, current, now) -> float:
        """Seconds per step: from the end of step 1 when it was drawn (so compilation in the first
        step does not inflate the estimate), else from the start."""
        if not current:
            return 0.0
        if current > 1 and self._first_step_done is not None:
            per_step = (now - self._first_step_done) / (current - 1)
        else:
            per_step = (now - self._start) / current
        if current == 1:
            self._first_step_done = now
        return per_step

    # ---- drawing -------------------------------------------------------------------------------------
    def _bar(self, current) -> str:
        if self.target is None:
            return f"{current:7d}/Unknown"
        digits = int(np.log10(self.target)) + 1
        filled = int(self.width * current / self.target)
        bar = "=" * (filled - 1) + (">" if current < self.target else "=") if filled > 0 else ""
        return f"{current:{digits}d}/{self.target} [" + bar + "." * (self.width - filled) + "]"

    def _draw_line(self, current, now, finalize) -> None:
        previous_width = self._line_width
        prefix = "\b" * previous_width + "\r" if self._dynamic_display else "\n"
        bar = self._bar(current)
        per_step = self._step_time(current, now)
        if self.target is None or finalize:
            info = f" - {now - self._start:.0f}s" + _duration(per_step, self.unit_name)
        else:
            info = " - ETA: " + _eta(per_step * (self.target - current))
        info += self._metrics()
        self._line_width = len(bar) + len(info)
        info += " " * max(previous_width - self._line_width, 0)
        print_msg(prefix + bar + info + ("\n" if finalize else ""), line_break=False)

    def _print_summary(self, current, now) -> None:
        """verbose=2's line: count, elapsed time, metrics, time per epoch and per step.

        Keras 2.15 crashes here without a target and omits the line break when the target was never
        hit exactly; lamina prints "n/Unknown" and always ends the line."""
        if self.target is None:
            count = f"{current}/Unknown"
        else:
            count = f"{current:{int(np.log10(self.target)) + 1}d}/{self.target}"
        line = count + f" - {now - self._start:.0f}s" + self._metrics()
        epoch_end = self._epoch_end if self.target is not None else now
        if epoch_end is not None:
            epoch_time = epoch_end - self._epoch_start
            steps = self.target if self.target is not None else max(current, 1)
            line += (
                " -" + _duration(epoch_time, "epoch") + " -" + _duration(epoch_time / steps, self.unit_name)
            )
            self._epoch_start, self._epoch_end = now, None
        print_msg(line + "\n", line_break=False)

    # ---- public API ----------------------------------------------------------------------------------
    def update(self, current, values=None, finalize=None):
        """Moves the bar to step `current`.

        Args:
          current: the index of the current step (the number of steps done).
          values: a list of `(name, value)` pairs; values of metrics not listed in `stateful_metrics`
            are averaged over steps.
          finalize: whether this is the last update (default: `current >= target`).
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        self._accumulate(current, values or [])
        now = time.time()
        if current == self.target:
            self._epoch_end = now
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            self._draw_line(current, now, finalize)
        elif self.verbose == 2 and finalize:
            self._print_summary(current, now)
        self._last_update = now

    def add(self, n, values=None):
        """Advances the bar by `n` steps."""
        self.update(self._seen_so_far + n, values)
