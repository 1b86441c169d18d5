"""The monitored quantity of EarlyStopping, ModelCheckpoint and ReduceLROnPlateau: whether a larger or
a smaller value is better, and how a value missing from the logs is reported.

Each of the three callbacks guesses the direction of `mode="auto"` from the metric's name by its own
rule (Keras 2.15 has three different rules, and programs rely on them):
  EarlyStopping: names ending in "acc", "accuracy" or "auc" are maximised;
  ModelCheckpoint: names containing "acc" or starting with "fmeasure" are maximised;
  ReduceLROnPlateau: names containing "acc" are maximised.
"""

from __future__ import annotations

from lamina.keras.callback.base import logger, to_python

MODES = ("auto", "min", "max")


def resolve_mode(mode: str, monitor: str, auto_maximizes, unknown_message: str) -> str:
    """ "min" or "max" for `mode`; `auto_maximizes(monitor)` decides "auto". An unknown mode logs
    `unknown_message` (which names the callback) and falls back to "auto", as Keras does."""
    if mode not in MODES:
        logger.warning(unknown_message)
        mode = "auto"
    if mode == "auto":
        return "max" if auto_maximizes(monitor) else "min"
    return mode


def monitor_value(logs: dict, monitor: str, missing_message: str):
    """`logs[monitor]` as a Python number, or None after logging `missing_message` followed by the
    keys that are available."""
    value = (logs or {}).get(monitor)
    if value is None:
        logger.warning("%s Available metrics are: %s", missing_message, ",".join(logs or {}))
        return None
    return to_python(value)
