"""What Keras attaches to a tensor: its mask, and the logits a probability output was computed from.

Keras stores these as `_keras_mask` / `_keras_logits` attributes of the tensor. lamina's tensors have
fixed slots, so the attachments live in a side table keyed by the tensor's identity; each entry holds
a weak reference to its tensor and disappears with it, so a later tensor that reuses the id never
sees a stale attachment. An object that does carry a `_keras_mask` / `_keras_logits` attribute (a
user type, a future layer output) is honoured too.

Who attaches: `sparse_categorical_crossentropy(..., ignore_class=...)` attaches the mask of the
entries it kept, `tf.keras.activations.softmax`/`sigmoid` attach their input as logits. Who reads:
`Loss.__call__` and metrics (masked entries do not count), the crossentropies (they use the logits
instead of clipping the probabilities).
"""

from __future__ import annotations

import weakref

# id(tensor) -> (weak reference to the tensor, {"mask": ..., "logits": ...})
_TABLE: dict[int, tuple[weakref.ref, dict]] = {}


def _forget(reference: weakref.ref, key: int) -> None:
    entry = _TABLE.get(key)
    if entry is not None and entry[0] is reference:
        del _TABLE[key]


def _attach(tensor, kind: str, value) -> None:
    key = id(tensor)
    entry = _TABLE.get(key)
    if entry is None or entry[0]() is not tensor:
        reference = weakref.ref(tensor, lambda ref, key=key: _forget(ref, key))
        entry = _TABLE[key] = (reference, {})
    entry[1][kind] = value


def _attached(tensor, kind: str):
    own = getattr(tensor, f"_keras_{kind}", None)
    if own is not None:
        return own
    entry = _TABLE.get(id(tensor))
    if entry is None or entry[0]() is not tensor:
        return None
    return entry[1].get(kind)


def set_mask(tensor, mask) -> None:
    """Attaches a boolean `mask` (True = the entry counts) to `tensor`."""
    _attach(tensor, "mask", mask)


def get_mask(tensor):
    """The mask attached to `tensor`, or None."""
    return _attached(tensor, "mask")


def set_logits(tensor, logits) -> None:
    """Records that `tensor` is softmax(logits) or sigmoid(logits)."""
    _attach(tensor, "logits", logits)


def get_logits(tensor):
    """The logits `tensor` was computed from by a Keras softmax/sigmoid activation, or None."""
    return _attached(tensor, "logits")
