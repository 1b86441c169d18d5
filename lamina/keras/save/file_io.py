"""Writing files atomically: the data goes to a temporary file beside the target, is flushed to disk,
and replaces the target in one rename, so a crash mid-save leaves the previous file intact."""

from __future__ import annotations

import contextlib
import os
import tempfile


@contextlib.contextmanager
def atomic_path(filepath: str):
    """Yields a temporary path in `filepath`'s folder; on success it replaces `filepath`, on error
    it is removed and `filepath` is untouched."""
    folder = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(filepath)}.", suffix=".tmp", dir=folder)
    os.close(handle)
    try:
        yield temporary
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, filepath)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise


def may_write(filepath: str, overwrite: bool) -> bool:
    """Whether to write `filepath`: always with `overwrite`; otherwise only when it does not exist or
    the user answers "y" to Keras's prompt (no answer available means no)."""
    if overwrite or not os.path.exists(filepath):
        return True
    while True:
        try:
            answer = input(f"[WARNING] {filepath} already exists - overwrite? [y/n]").strip().lower()
        except EOFError:
            return False
        if answer in ("y", "n"):
            return answer == "y"
        print('Please answer "y" or "n".')
