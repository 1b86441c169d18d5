"""lamina's core: dtypes, shapes, tensors, variables, the op registry, the dispatch point,
eager execution and autodiff. See README.md in this folder."""

import jax

# TensorFlow has 64-bit types (int64 indices, float64 math); JAX disables them by default.
# Every op passes explicit dtypes, so enabling them changes no default that lamina relies on.
jax.config.update("jax_enable_x64", True)


def _enable_compilation_cache():
    """JAX's persistent compilation cache, on by default in a per-user directory, so a second process
    skips XLA compilation of the same programs. LAMINA_COMPILATION_CACHE=0 turns it off;
    LAMINA_CACHE_DIR moves it. Only programs that took a while to compile are stored (not every
    small eager kernel), so the cache stays small."""
    import os

    if os.environ.get("LAMINA_COMPILATION_CACHE", "1") == "0":
        return
    directory = os.environ.get("LAMINA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "lamina", "xla"
    )
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError:
        return  # a read-only home: run without the cache
    jax.config.update("jax_compilation_cache_dir", directory)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.2)


_enable_compilation_cache()
