"""Random ops: TensorFlow's global/op seed rules on top of stateless, key-based JAX sampling.

Every sampling op is stateless at heart: it takes a seed tensor `[s0, s1]` and derives a JAX
key from it inside the compiled implementation. The seed is a tensor *input*, never an attribute,
so a repeated call reuses the compiled executable. Each distribution is declared once as a
sampler `sample(key, *params, **attrs)` and registered in up to three flavours:

- stateless (`StatelessRandomNormal`, ...): the user passes the seed (`tf.random.stateless_*`);
- stateful (`RandomStandardNormal`, ...): the seed comes from TensorFlow's rules (`next_seed`):
  a global seed (`tf.random.set_seed`), an op seed, and a per-(global, op) call counter so that
  repeated calls give new values, reproducibly. The op names differ from the stateless ones so
  that graph building can tell which ops must draw a fresh seed on every run;
- generator (`StatefulStandardNormalV2`, ...): `tf.random.Generator` keeps its state in a
  tf.Variable; the op maps (state, params) to (sample, advanced state), so a draw is one XLA call
  in eager mode and an ordinary variable update when a graph is functionalized.

Bit-equality with TensorFlow's random streams is not a goal; the distributions, shapes, dtypes
and reproducibility rules are.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
from jax.extend.random import threefry_2x32

from lamina._core.context import STATE
from lamina._core.dispatch import assign_variable, read_variable
from lamina._core.shape import TensorShape
from lamina._core.variables import Variable
from lamina.ops._op import defop, dtypes, execute, invalid, static_ints, static_value, tensor
from lamina.ops.array_ops import stack
from lamina.ops.creation_ops import constant

# TensorFlow's documented default graph-level seed when only an op seed is given.
_DEFAULT_GLOBAL_SEED = 87654321



class _SeedState:
    """A graph-level seed and the counters TensorFlow's seed rules need: how many unseeded random
    ops were made, and how many draws each (graph seed, op seed) stream has given."""

    def __init__(self, seed=None):
        self.seed = seed
        self.op_count = 0
        self.streams: dict[tuple[int, int], int] = {}


_EAGER = _SeedState()  # the eager context's (tf.random.set_seed outside any graph)


def _seed_state() -> _SeedState:
    """Whose seed rules apply: the outermost graph being built, else the eager context.

    A v1 graph has its own seed (`tf.compat.v1.set_random_seed` inside `as_default`, `graph.seed`);
    a tf.function graph starts from the eager seed. Either way op seeds count the graph's own random
    ops, so two graphs built the same way draw the same numbers (TensorFlow's behaviour).
    """
    graph = STATE.builder
    if graph is None:
        return _EAGER
    while graph.outer_graph is not None:
        graph = graph.outer_graph
    state = graph.__dict__.get("_seed_state")
    if state is None or state.seed != graph.seed:
        if state is None and graph.seed is None and graph.is_function:
            graph.seed = _EAGER.seed
        state = graph._seed_state = _SeedState(graph.seed)
    return state


def set_seed(seed):
    """Sets the graph-level seed: of the graph being built, else the global (eager) one. Later
    random ops (and op seeds) become reproducible from here."""
    seed = None if seed is None else int(seed)
    graph = STATE.builder
    if graph is None:
        _EAGER.__init__(seed)
    else:
        while graph.outer_graph is not None:
            graph = graph.outer_graph
        graph.seed = seed
        graph._seed_state = _SeedState(seed)


def get_global_seed():
    return _seed_state().seed


def next_seed(op_seed=None) -> np.ndarray:
    """The `[s0, s1]` seed for one call of a stateful random op (TensorFlow's seed rules)."""
    state = _seed_state()
    if state.seed is None and op_seed is None:
        return np.frombuffer(os.urandom(16), dtype=np.int64).copy()
    if op_seed is None:
        global_seed, op_seed = state.seed, state.op_count
        state.op_count += 1
    else:
        global_seed = _DEFAULT_GLOBAL_SEED if state.seed is None else state.seed
        op_seed = int(op_seed)
    stream = (global_seed, op_seed)
    count = state.streams.get(stream, 0)
    state.streams[stream] = count + 1
    mixed = (global_seed * 1_000_003 + op_seed) % (2**63)
    return np.array([mixed, count], dtype=np.int64)


def _key_from_words(words):
    """A JAX threefry key from traced int64 words.

    The first word seeds the key; each further word is mixed in by encrypting its two 32-bit
    halves under the key so far (one threefry block, a bijection of the word for a fixed key: two
    seeds that share a first word never collide, even when they differ only in high bits). One
    block per word instead of a `fold_in` per half keeps the op's compile time down.
    """
    key = jax.random.PRNGKey(words[0])
    for word in words[1:]:
        halves = jnp.stack([word & 0xFFFFFFFF, (word >> 32) & 0xFFFFFFFF]).astype(np.uint32)
        key = threefry_2x32(key, halves)
    return key


def key_from_seed(seed):
    """A JAX PRNG key from a traced `[s0, s1]` integer seed (used inside op implementations)."""
    seed = seed.astype(np.int64)
    return _key_from_words([seed[0], seed[1]])


def _key_from_state(state):
    """A JAX key from a Generator state `[counter..., key]` (traced int64)."""
    return _key_from_words([state[-1], *[state[i] for i in range(state.shape[0] - 1)]])


# ---- declaring a distribution in its three flavours ---------------------------------------------
@dataclass(frozen=True)
class _Flavours:
    stateless: object = None
    stateful: object = None
    generator: object = None


def _seeded(sample):
    def impl(seed, *params, **attrs):
        return sample(key_from_seed(seed), *params, **attrs)

    return impl


def _advancing(sample):
    # One draw advances the counter (state[0]) by one: every draw gets a fresh key.
    def impl(state, *params, **attrs):
        return sample(_key_from_state(state), *params, **attrs), state.at[0].add(1)

    return impl


def _declare(sample, params, types, *, stateless=None, stateful=None, generator=None, **rules) -> _Flavours:
    """Registers `sample` under each given op name; the seed (or the state) is the first input."""
    seeded_types = {**types, "Tseed": dtypes.INDEX}
    state_types = {**types, "Tstate": {dtypes.int64}}

    def seeded(name, **extra):
        return defop(
            name, _seeded(sample), inputs=["seed: Tseed", *params], types=seeded_types, **rules, **extra
        )

    return _Flavours(
        stateless=seeded(stateless) if stateless else None,
        stateful=seeded(stateful, seed_input=0) if stateful else None,
        generator=defop(
            generator, _advancing(sample), inputs=["state: Tstate", *params], types=state_types, **rules
        )
        if generator
        else None,
    )


def _compute_dtype(dtype):
    """Half-precision samples are drawn in float32 and rounded: JAX's inverse-CDF transforms lose
    too much in 16 bits (tails)."""
    return np.float32 if dtype in (dtypes.float16, dtypes.bfloat16) else dtype.np_dtype


# ---- argument helpers ---------------------------------------------------------------------------
def _shape_attr(shape, op_name: str) -> tuple:
    """A static output shape from a list, tuple, TensorShape, NumPy array or eager tensor."""
    if isinstance(shape, TensorShape):
        if not shape.is_fully_defined():
            raise ValueError(f"Cannot sample a random tensor of partially-known shape {shape}")
        return tuple(shape.as_list())
    value = static_value(shape)
    if value is not None and np.asarray(value).ndim == 1 and np.asarray(value).size == 0:
        return ()
    dims = static_ints(shape, "shape", op_name)
    if isinstance(dims, int):
        raise invalid(op_name, "shape must be a vector of {int32,int64}, got shape []")
    for dim in dims:
        if dim < 0:
            raise invalid(op_name, f"Dimension {dim} must be >= 0")
    return dims


def _check_dtype(dtype, allowed, exception=ValueError):
    dtype = dtypes.as_dtype(dtype)
    if dtype not in allowed:
        names = ", ".join(f"tf.{d.name}" for d in sorted(allowed, key=lambda d: d.as_datatype_enum))
        raise exception(f"Argument `dtype` got invalid value {dtype!r}. Accepted dtypes are ({names}).")
    return dtype


def _stateless_seed(seed, op_name: str):
    """The user's `[2]` seed tensor (int32 or int64; the dtype is checked by the op signature)."""
    seed = tensor(seed)
    if seed.shape.as_list() != [2]:
        raise invalid(op_name, f"seed must have shape [2], not {seed.shape.as_list()}")
    return seed


def _op_seed(seed):
    """The seed tensor of one stateful op call, from TensorFlow's global/op seed rules."""
    return tensor(next_seed(seed))


def _broadcast(op_name: str, *shapes) -> tuple:
    try:
        return tuple(np.broadcast_shapes(*[tuple(s.as_list()) for s in shapes]))
    except ValueError:
        described = " vs. ".join(str(s.as_list()) for s in shapes)
        raise invalid(op_name, f"Incompatible shapes: {described}") from None


_FLOATS = dtypes.FLOATING
_INDEX = dtypes.INDEX
_FULL_INT = frozenset((dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64))


# ---- normal ------------------------------------------------------------------------------------
def _sample_normal(key, mean, stddev, *, shape, dtype):
    z = jax.random.normal(key, shape, _compute_dtype(dtype)).astype(dtype.np_dtype)
    return z * stddev + mean


_NORMAL = _declare(
    _sample_normal,
    ["mean: T", "stddev: T"],
    {"T": _FLOATS},
    stateless="StatelessRandomNormal",
    stateful="RandomStandardNormal",
    generator="StatefulStandardNormalV2",
)


def _normal_params(mean, stddev, dtype):
    dtype = _check_dtype(dtype, _FLOATS, TypeError)
    return tensor(mean, dtype=dtype), tensor(stddev, dtype=dtype), dtype


def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Samples from a normal distribution N(mean, stddev**2) of the given `shape`.

    Args:
      shape: the output shape (1-D integers). `mean` and `stddev` broadcast against it.
      seed: an op seed; with `tf.random.set_seed` it makes the sequence of results reproducible.

    Returns:
      A `dtype` tensor of random values.
    """
    mean, stddev, dtype = _normal_params(mean, stddev, dtype)
    attrs = {"shape": _shape_attr(shape, "RandomStandardNormal"), "dtype": dtype}
    return execute(_NORMAL.stateful, [_op_seed(seed), mean, stddev], attrs, name)


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None, alg="auto_select"):
    """Normal samples that are a deterministic function of `seed` (a `[2]` int32/int64 tensor)."""
    _algorithm(alg)
    mean, stddev, dtype = _normal_params(mean, stddev, dtype)
    attrs = {"shape": _shape_attr(shape, "StatelessRandomNormal"), "dtype": dtype}
    return execute(
        _NORMAL.stateless, [_stateless_seed(seed, "StatelessRandomNormal"), mean, stddev], attrs, name
    )


# ---- normal noise shaped like a tensor (internal) -----------------------------------------------------
def _normal_like_impl(x, seed, mean, stddev):
    half = x.dtype in (np.float16, jnp.bfloat16)
    z = jax.random.normal(key_from_seed(seed), x.shape, np.float32 if half else x.dtype).astype(x.dtype)
    return z * stddev + mean


# Not a TensorFlow op: TensorFlow writes `normal(tf.shape(x))` with a run-time shape, which lamina's
# static shape attributes cannot express while a graph's batch size is unknown. The output's shape
# follows x, so graph shape inference handles unknown dimensions (as for Dropout).
_NORMAL_LIKE = defop(
    "RandomNormalLike",
    _normal_like_impl,
    inputs=["x: T", "seed: Tseed", "mean: T", "stddev: T"],
    types={"T": _FLOATS, "Tseed": dtypes.INDEX},
    seed_input=1,
)


def normal_like(x, mean=0.0, stddev=1.0, seed=None, name=None):
    """Samples from N(mean, stddev**2) with the shape and dtype of the floating tensor `x` (whose
    dimensions may be unknown while a graph is built). Used by Keras's noise layers.

    Raises:
      TypeError: `x` is not floating-point.
    """
    x = tensor(x)
    if not x.dtype.is_floating:
        raise TypeError(f"Cannot draw normal noise shaped like a {x.dtype.name} tensor; it must be floating.")
    mean, stddev = tensor(mean, dtype=x.dtype), tensor(stddev, dtype=x.dtype)
    return execute(_NORMAL_LIKE, [x, _op_seed(seed), mean, stddev], None, name)


# ---- truncated normal ---------------------------------------------------------------------------
def _sample_truncated_normal(key, mean, stddev, *, shape, dtype):
    z = jax.random.truncated_normal(key, -2.0, 2.0, shape, _compute_dtype(dtype)).astype(dtype.np_dtype)
    return z * stddev + mean


_TRUNCATED_NORMAL = _declare(
    _sample_truncated_normal,
    ["mean: T", "stddev: T"],
    {"T": _FLOATS},
    stateless="StatelessTruncatedNormal",
    stateful="TruncatedNormal",
    generator="StatefulTruncatedNormal",
)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples conditioned on lying within 2 standard deviations of `mean`."""
    mean, stddev, dtype = _normal_params(mean, stddev, dtype)
    attrs = {"shape": _shape_attr(shape, "TruncatedNormal"), "dtype": dtype}
    return execute(_TRUNCATED_NORMAL.stateful, [_op_seed(seed), mean, stddev], attrs, name)


def stateless_truncated_normal(
    shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None, alg="auto_select"
):
    """Truncated normal samples that are a deterministic function of `seed`."""
    _algorithm(alg)
    mean, stddev, dtype = _normal_params(mean, stddev, dtype)
    attrs = {"shape": _shape_attr(shape, "StatelessTruncatedNormal"), "dtype": dtype}
    inputs = [_stateless_seed(seed, "StatelessTruncatedNormal"), mean, stddev]
    return execute(_TRUNCATED_NORMAL.stateless, inputs, attrs, name)


def _sample_parameterized_truncated_normal(key, means, stddevs, minvals, maxvals, *, shape):
    compute = _compute_dtype(dtypes.as_dtype(means.dtype))
    lower = ((minvals - means) / stddevs).astype(compute)
    upper = ((maxvals - means) / stddevs).astype(compute)
    z = jax.random.truncated_normal(key, lower, upper, shape, compute).astype(means.dtype)
    return z * stddevs + means


_PARAMETERIZED_TRUNCATED_NORMAL = _declare(
    _sample_parameterized_truncated_normal,
    ["means: T", "stddevs: T", "minvals: T", "maxvals: T"],
    {"T": _FLOATS},
    stateless="StatelessParameterizedTruncatedNormal",
)


def stateless_parameterized_truncated_normal(
    shape, seed, means=0.0, stddevs=1.0, minvals=-2.0, maxvals=2.0, name=None
):
    """Normal samples truncated to [minvals, maxvals]; every parameter broadcasts against `shape`."""
    op_name = "StatelessParameterizedTruncatedNormal"
    means = tensor(means)
    params = [means] + [tensor(v, dtype_hint=means.dtype) for v in (stddevs, minvals, maxvals)]
    shape = _shape_attr(shape, op_name)
    _broadcast(op_name, TensorShape(shape), *[p.shape for p in params])
    return execute(
        _PARAMETERIZED_TRUNCATED_NORMAL.stateless,
        [_stateless_seed(seed, op_name), *params],
        {"shape": shape},
        name,
    )


# ---- uniform ------------------------------------------------------------------------------------
def _sample_uniform(key, minval, maxval, *, shape, dtype):
    # Drawn in `dtype` itself: rounding a float32 draw could produce 1.0 in half precision.
    u = jax.random.uniform(key, shape, dtype.np_dtype)
    # minval + (maxval - minval) * u, like TensorFlow: gradients reach both bounds.
    return minval + (maxval - minval) * u


_UNIFORM = _declare(
    _sample_uniform,
    ["minval: T", "maxval: T"],
    {"T": _FLOATS},
    stateless="StatelessRandomUniform",
    stateful="RandomUniform",
    generator="StatefulUniform",
)


def _sample_uniform_int(key, minval, maxval, *, shape):
    return jax.random.randint(key, shape, minval, maxval, dtype=minval.dtype)


def _check_int_bounds(arrays, attrs):
    low, high = (np.asarray(a) for a in arrays[1:3])
    if not low < high:
        raise invalid("RandomUniformInt", f"Need minval < maxval, got {low} >= {high}")


_UNIFORM_INT = _declare(
    _sample_uniform_int,
    ["minval: T", "maxval: T"],
    {"T": _INDEX},
    stateless="StatelessRandomUniformInt",
    stateful="RandomUniformInt",
    generator="StatefulUniformInt",
    validate=_check_int_bounds,
    differentiable=False,
)


def _sample_full_int(key, *, shape, dtype):
    unsigned = np.uint32 if dtype.size == 4 else np.uint64
    bits = jax.random.bits(key, shape, unsigned)
    return bits if dtype.is_unsigned else jax.lax.bitcast_convert_type(bits, dtype.np_dtype)


_UNIFORM_FULL_INT = _declare(
    _sample_full_int,
    [],
    {},
    stateless="StatelessRandomUniformFullInt",
    generator="StatefulUniformFullInt",
    differentiable=False,
)

_UNIFORM_DTYPES = _FLOATS | _INDEX


def _int_bounds(minval, maxval, dtype, op_name):
    minval, maxval = tensor(minval, dtype=dtype), tensor(maxval, dtype=dtype)
    for what, bound in (("minval", minval), ("maxval", maxval)):
        if bound.shape.rank != 0:
            raise invalid(op_name, f"{what} must be 0-D, got shape {bound.shape.as_list()}")
    return minval, maxval


def _uniform_call(float_op, int_op, seed, shape, minval, maxval, dtype, name):
    """Runs the uniform op for `dtype`: `float_op` for floats, `int_op` for bounded integers."""
    if dtype.is_integer:
        minval, maxval = _int_bounds(minval, maxval, dtype, int_op.name)
        return execute(int_op, [seed, minval, maxval], {"shape": shape}, name)
    minval, maxval = tensor(minval, dtype=dtype), tensor(1 if maxval is None else maxval, dtype=dtype)
    return execute(float_op, [seed, minval, maxval], {"shape": shape, "dtype": dtype}, name)


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform samples in [minval, maxval). Floats default to [0, 1); integer dtypes need `maxval`."""
    dtype = _check_dtype(dtype, _UNIFORM_DTYPES)
    if dtype.is_integer and maxval is None:
        raise ValueError(f"Must specify maxval for integer dtype {dtype!r}")
    shape = _shape_attr(shape, "RandomUniform")
    return _uniform_call(
        _UNIFORM.stateful, _UNIFORM_INT.stateful, _op_seed(seed), shape, minval, maxval, dtype, name
    )


def _check_int_range_arguments(minval, maxval, dtype):
    if (minval is None) != (maxval is None):
        raise ValueError(
            f"For integer `dtype` argument {dtype!r}, argument `minval` and `maxval` must be both None or "
            f"not None. Got `minval`={minval} and `maxval`={maxval}."
        )


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None, alg="auto_select"):
    """Uniform samples that are a deterministic function of `seed`.

    Integer dtypes take both bounds, or neither for the full range of the dtype (the only case
    where uint32/uint64 are allowed).
    """
    _algorithm(alg)
    dtype = dtypes.as_dtype(dtype)
    seed = _stateless_seed(seed, "StatelessRandomUniform")
    shape = _shape_attr(shape, "StatelessRandomUniform")
    if dtype.is_integer:
        _check_int_range_arguments(minval, maxval, dtype)
        if minval is None:
            dtype = _check_dtype(dtype, _FULL_INT)
            return execute(_UNIFORM_FULL_INT.stateless, [seed], {"shape": shape, "dtype": dtype}, name)
        if dtype.is_unsigned:
            raise ValueError(
                f"Argument `dtype` got invalid value {dtype!r} when argument `minval` is not None. "
                "Please don't use unsigned integers in this case."
            )
    dtype = _check_dtype(dtype, _UNIFORM_DTYPES)
    return _uniform_call(_UNIFORM.stateless, _UNIFORM_INT.stateless, seed, shape, minval, maxval, dtype, name)


# ---- categorical --------------------------------------------------------------------------------
def _sample_categorical(key, logits, *, num_samples, dtype):
    logits = logits.astype(np.promote_types(logits.dtype, np.float32))
    # Gumbel-max per row; JAX draws `shape` = (num_samples, batch), TensorFlow returns the transpose.
    samples = jax.random.categorical(key, logits, axis=-1, shape=(num_samples, logits.shape[0]))
    return samples.T.astype(dtype.np_dtype)


_CATEGORICAL = _declare(
    _sample_categorical,
    ["logits: T"],
    {"T": _FLOATS},
    stateless="StatelessMultinomial",
    stateful="Multinomial",
    differentiable=False,
)


def _categorical_args(logits, num_samples, dtype, op_name):
    logits = tensor(logits)
    if logits.shape.rank != 2:
        raise invalid(op_name, f"logits should be a matrix, got shape {logits.shape.as_list()}")
    if logits.shape[1] == 0:
        raise invalid(op_name, "num_classes should be positive, got 0")
    num_samples = static_ints(num_samples, "num_samples", op_name)
    if not isinstance(num_samples, int) or num_samples < 0:
        raise invalid(op_name, f"num_samples should be a non-negative scalar, got {num_samples}")
    dtype = _check_dtype(dtypes.int64 if dtype is None else dtype, _INDEX)
    return logits, {"num_samples": num_samples, "dtype": dtype}


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Draws `num_samples` class indices per row of `logits` ([batch, num_classes], unnormalized
    log-probabilities). Returns a [batch, num_samples] tensor of `dtype` (int64 by default)."""
    logits, attrs = _categorical_args(logits, num_samples, dtype, "Multinomial")
    return execute(_CATEGORICAL.stateful, [_op_seed(seed), logits], attrs, name)


def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None):
    """Categorical samples that are a deterministic function of `seed`."""
    logits, attrs = _categorical_args(logits, num_samples, dtype, "StatelessMultinomial")
    return execute(
        _CATEGORICAL.stateless, [_stateless_seed(seed, "StatelessMultinomial"), logits], attrs, name
    )


# ---- shuffle ------------------------------------------------------------------------------------
def _sample_shuffle(key, value):
    if value.ndim == 0:
        return value
    return jnp.take(value, jax.random.permutation(key, value.shape[0]), axis=0)


# TensorFlow registers no gradient for shuffles.
_SHUFFLE = _declare(
    _sample_shuffle,
    ["value: T"],
    {"T": dtypes.ALL_DEVICE},
    stateless="StatelessShuffle",
    stateful="RandomShuffle",
    differentiable=False,
)


def shuffle(value, seed=None, name=None):
    """Randomly permutes `value` along its first dimension (a scalar is returned unchanged)."""
    return execute(_SHUFFLE.stateful, [_op_seed(seed), tensor(value)], None, name)


def stateless_shuffle(value, seed, alg="auto_select", name=None):
    """Permutes `value` along its first dimension as a deterministic function of `seed`."""
    _algorithm(alg)
    return execute(_SHUFFLE.stateless, [_stateless_seed(seed, "StatelessShuffle"), tensor(value)], None, name)


# ---- gamma --------------------------------------------------------------------------------------
def _sample_gamma(key, alpha, beta, *, shape):
    compute = _compute_dtype(dtypes.as_dtype(alpha.dtype))
    concentration = jnp.broadcast_to(alpha.astype(compute), shape)
    # JAX differentiates gamma samples with respect to alpha (implicit reparameterization), like
    # TensorFlow's RandomGammaGrad; the division by beta carries beta's gradient.
    samples = jax.random.gamma(key, concentration, shape, compute) / beta.astype(compute)
    return samples.astype(alpha.dtype)


_GAMMA_DTYPES = frozenset((dtypes.float16, dtypes.float32, dtypes.float64))
_GAMMA = _declare(
    _sample_gamma,
    ["alpha: T", "beta: T"],
    {"T": _GAMMA_DTYPES},
    stateless="StatelessRandomGammaV3",
    stateful="RandomGamma",
)


def _gamma_params(alpha, beta, dtype):
    dtype = _check_dtype(dtype, _GAMMA_DTYPES)
    return tensor(alpha, dtype=dtype), tensor(1 if beta is None else beta, dtype=dtype)


def gamma(shape, alpha, beta=None, dtype=dtypes.float32, seed=None, name=None):
    """Gamma(alpha, beta) samples (beta is the rate). The result has shape
    `shape + broadcast_shape(alpha.shape, beta.shape)`: one batch of `shape` draws per parameter."""
    alpha, beta = _gamma_params(alpha, beta, dtype)
    full = _shape_attr(shape, "RandomGamma") + _broadcast("RandomGamma", alpha.shape, beta.shape)
    return execute(_GAMMA.stateful, [_op_seed(seed), alpha, beta], {"shape": full}, name)


def stateless_gamma(shape, seed, alpha, beta=None, dtype=dtypes.float32, name=None):
    """Gamma samples that are a deterministic function of `seed`; unlike `gamma`, `shape` is the
    full output shape and must end with the broadcast shape of `alpha` and `beta`."""
    op_name = "StatelessRandomGammaV3"
    alpha, beta = _gamma_params(alpha, beta, dtype)
    shape = _shape_attr(shape, op_name)
    parameters = _broadcast(op_name, alpha.shape, beta.shape)
    if len(parameters) > len(shape) or shape[len(shape) - len(parameters) :] != parameters:
        raise invalid(op_name, "Shape passed in must end with broadcasted shape.")
    return execute(_GAMMA.stateless, [_stateless_seed(seed, op_name), alpha, beta], {"shape": shape}, name)


# ---- poisson ------------------------------------------------------------------------------------
def _sample_poisson(key, lam, *, shape, dtype):
    rate = jnp.broadcast_to(lam.astype(np.promote_types(lam.dtype, np.float32)), shape)
    return jax.random.poisson(key, rate, shape, np.int64).astype(dtype.np_dtype)


_POISSON_DTYPES = frozenset((dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64))
# TensorFlow registers no gradient for Poisson samples.
_POISSON = _declare(
    _sample_poisson,
    ["lam: R"],
    {"R": _POISSON_DTYPES},
    stateless="StatelessRandomPoisson",
    stateful="RandomPoissonV2",
    differentiable=False,
)


def poisson(shape, lam, dtype=dtypes.float32, seed=None, name=None):
    """Poisson(lam) samples of shape `shape + lam.shape`, as `dtype` (float32 by default)."""
    dtype = _check_dtype(dtype, _POISSON_DTYPES)
    lam = tensor(lam, dtype_hint=dtypes.float32)
    full = _shape_attr(shape, "RandomPoissonV2") + tuple(lam.shape.as_list())
    return execute(_POISSON.stateful, [_op_seed(seed), lam], {"shape": full, "dtype": dtype}, name)


def stateless_poisson(shape, seed, lam, dtype=dtypes.int32, name=None):
    """Poisson samples that are a deterministic function of `seed`; `lam` broadcasts to `shape`."""
    op_name = "StatelessRandomPoisson"
    dtype = _check_dtype(dtype, _POISSON_DTYPES)
    lam = tensor(lam, dtype_hint=dtypes.float32)
    shape = _shape_attr(shape, op_name)
    if _broadcast(op_name, TensorShape(shape), lam.shape) != shape:
        raise invalid(
            op_name, f"lam of shape {lam.shape.as_list()} does not broadcast to shape {list(shape)}"
        )
    return execute(
        _POISSON.stateless, [_stateless_seed(seed, op_name), lam], {"shape": shape, "dtype": dtype}, name
    )


# ---- binomial -----------------------------------------------------------------------------------
def _sample_binomial(key, counts, probs, *, shape, dtype):
    counts = jnp.broadcast_to(counts.astype(np.float64), shape)
    probs = jnp.broadcast_to(probs.astype(np.float64), shape)
    return jnp.round(jax.random.binomial(key, counts, probs, shape, np.float64)).astype(dtype.np_dtype)


_BINOMIAL = _declare(
    _sample_binomial,
    ["counts: T", "probs: T"],
    {"T": _POISSON_DTYPES},
    stateless="StatelessRandomBinomial",
    generator="StatefulRandomBinomial",
    differentiable=False,
)


def _binomial_args(shape, counts, probs, dtype, op_name):
    dtype = _check_dtype(dtype, _POISSON_DTYPES)
    counts = tensor(counts, dtype_hint=dtypes.float32)
    probs = tensor(probs, dtype=counts.dtype)
    shape = _shape_attr(shape, op_name)
    if _broadcast(op_name, TensorShape(shape), counts.shape, probs.shape) != shape:
        raise invalid(
            op_name,
            f"counts {counts.shape.as_list()} and probs {probs.shape.as_list()} must broadcast "
            f"to shape {list(shape)}",
        )
    return counts, probs, {"shape": shape, "dtype": dtype}


def stateless_binomial(shape, seed, counts, probs, output_dtype=dtypes.int32, name=None):
    """Binomial(counts, probs) samples that are a deterministic function of `seed`; `counts` and
    `probs` broadcast to `shape`."""
    counts, probs, attrs = _binomial_args(shape, counts, probs, output_dtype, "StatelessRandomBinomial")
    seed = _stateless_seed(seed, "StatelessRandomBinomial")
    return execute(_BINOMIAL.stateless, [seed, counts, probs], attrs, name)


# ---- seeds from seeds ---------------------------------------------------------------------------
def stateless_split(seed, num=2, alg="auto_select"):
    """`num` new seeds ([num, 2], the dtype of `seed`) derived deterministically from `seed`."""
    _algorithm(alg)
    seed = _stateless_seed(seed, "StatelessRandomUniformFullInt")
    num = static_ints(num, "num", "StatelessRandomUniformFullInt")
    attrs = {"shape": (num, 2), "dtype": seed.dtype}
    return execute(_UNIFORM_FULL_INT.stateless, [seed], attrs)


def stateless_fold_in(seed, data, alg="auto_select"):
    """A new seed `[derived from seed, data]`: distinct `data` values give independent seeds."""
    _algorithm(alg)
    data = tensor(data)
    seed = _stateless_seed(seed, "StatelessRandomUniformFullInt")
    first = execute(
        _UNIFORM_FULL_INT.stateless, [seed], {"shape": (), "dtype": _check_dtype(data.dtype, _FULL_INT)}
    )
    return stack([first, data])


# ---- tf.random.Generator ------------------------------------------------------------------------
class Algorithm(enum.Enum):
    """RNG algorithms. lamina samples with JAX's threefry in every case; the choice sets the
    Generator state size like TensorFlow (Philox: 3 int64 words, ThreeFry: 2)."""

    PHILOX = 1
    THREEFRY = 2
    AUTO_SELECT = 3


_STATE_SIZE = {Algorithm.PHILOX: 3, Algorithm.THREEFRY: 2}
_ALGORITHM_NAMES = {
    "philox": Algorithm.PHILOX,
    "threefry": Algorithm.THREEFRY,
    "auto_select": Algorithm.AUTO_SELECT,
}


def _algorithm(alg) -> Algorithm:
    """Resolves an `alg` argument (None, a name, an Algorithm, its int value) to PHILOX or THREEFRY."""
    if alg is None:
        return Algorithm.PHILOX
    try:
        if isinstance(alg, str):
            alg = _ALGORITHM_NAMES[alg.lower()]
        alg = Algorithm(alg.value if isinstance(alg, Algorithm) else int(alg))
    except (KeyError, ValueError, TypeError):
        raise ValueError(
            f"Argument `alg` got unsupported value {alg}. Supported values are philox for the Philox "
            "algorithm, threefry for the ThreeFry algorithm, and auto_select for auto-selection."
        ) from None
    return Algorithm.PHILOX if alg is Algorithm.AUTO_SELECT else alg


def _int64_word(value: int) -> int:
    """A Python int reduced to a signed 64-bit word (two's complement wrap-around)."""
    value = int(value) % 2**64
    return value - 2**64 if value >= 2**63 else value


def _state_from_seed(seed, alg: Algorithm) -> np.ndarray:
    """A fresh state `[0, ..., key]`: the seed becomes the key and the counter starts at zero, so the
    streams of different seeds never overlap (TensorFlow puts an int seed into the counter)."""
    size = _STATE_SIZE[alg]
    words = [_int64_word(w) for w in np.ravel(np.asarray(static_value(seed), dtype=object)).tolist()]
    if len(words) > size:
        raise ValueError(f"The seed has {len(words)} words; algorithm {alg.name} takes at most {size}.")
    state = np.zeros(size, dtype=np.int64)
    state[size - len(words) :] = words
    return state


def create_rng_state(seed, alg):
    """The initial Generator state (an int64 vector) for `seed` (an int or a list of ints)."""
    return constant(_state_from_seed(seed, _algorithm(alg)))


_RNG_SKIP = defop(
    "RngReadAndSkip",
    lambda state, delta: state.at[0].add(delta.astype(np.int64)),
    inputs=["state: Tstate", "delta: Tdelta"],
    types={"Tstate": {dtypes.int64}, "Tdelta": _INDEX},
    differentiable=False,
)
_RNG_KEY = defop(
    "RngKey",
    lambda state: state[-1],
    inputs=["state: Tstate"],
    types={"Tstate": {dtypes.int64}},
    differentiable=False,
)


class Generator:
    """A random number generator whose state lives in a tf.Variable (int64 `[counter..., key]`).

    Every draw is one op that reads the state and writes it back advanced, so draws are
    reproducible from the state, and a compiled function that draws updates the state like any
    other variable.
    """

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            if state is not None or alg is not None:
                raise ValueError("When `copy_from` is given, `state` and `alg` must be None.")
            alg, state = copy_from.algorithm, copy_from.state.numpy()
        elif state is None:
            raise ValueError(
                "Generator needs `copy_from` or `state`; use Generator.from_seed or "
                "Generator.from_non_deterministic_state to create one from a seed."
            )
        self._alg = _algorithm(alg)
        self._state_var = Variable(self._checked_state(state), trainable=False, name="StateVar")

    def _checked_state(self, state):
        array = np.asarray(static_value(state))
        size = _STATE_SIZE[self._alg]
        if array.shape != (size,):
            raise ValueError(f"Shapes {array.shape} and [{size}] are incompatible")
        return array.astype(np.int64)

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A generator whose stream is a deterministic function of `seed` (an int or list of ints)."""
        alg = _algorithm(alg)
        return cls(state=_state_from_seed(seed, alg), alg=alg)

    @classmethod
    def from_state(cls, state, alg):
        return cls(state=state, alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        """A generator with state `counter + [key]` (the counter has state size - 1 words)."""
        counter = np.ravel(np.asarray(static_value(counter), dtype=np.int64)).tolist()
        return cls(state=[*counter, _int64_word(static_value(key))], alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A generator seeded from the operating system's entropy."""
        alg = _algorithm(alg)
        return cls(state=np.frombuffer(os.urandom(8 * _STATE_SIZE[alg]), dtype=np.int64).copy(), alg=alg)

    # ---- state ----------------------------------------------------------------------------------
    @property
    def state(self):
        """The tf.Variable holding the state."""
        return self._state_var

    @property
    def algorithm(self) -> int:
        return self._alg.value

    @property
    def key(self):
        """The key word of the state (its last element)."""
        return execute(_RNG_KEY, [read_variable(self._state_var)])

    def reset(self, state):
        """Replaces the state (same algorithm and size)."""
        self._state_var.assign(self._checked_state(state))

    def reset_from_seed(self, seed):
        self._state_var.assign(_state_from_seed(seed, self._alg))

    def reset_from_key_counter(self, key, counter):
        counter = np.ravel(np.asarray(static_value(counter), dtype=np.int64)).tolist()
        self.reset([*counter, _int64_word(static_value(key))])

    def skip(self, delta):
        """Advances the state as if `delta` draws had been made."""
        delta = tensor(delta, dtype_hint=dtypes.int64)
        assign_variable(self._state_var, execute(_RNG_SKIP, [read_variable(self._state_var), delta]))

    def _draw(self, opdef, params, attrs, name=None):
        value, new_state = execute(opdef, [read_variable(self._state_var), *params], attrs, name)
        assign_variable(self._state_var, new_state)
        return value

    # ---- distributions --------------------------------------------------------------------------
    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Normal samples; see tf.random.normal."""
        mean, stddev, dtype = _normal_params(mean, stddev, dtype)
        attrs = {"shape": _shape_attr(shape, "StatefulStandardNormalV2"), "dtype": dtype}
        return self._draw(_NORMAL.generator, [mean, stddev], attrs, name)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Normal samples within 2 standard deviations of the mean; see tf.random.truncated_normal."""
        mean, stddev, dtype = _normal_params(mean, stddev, dtype)
        attrs = {"shape": _shape_attr(shape, "StatefulTruncatedNormal"), "dtype": dtype}
        return self._draw(_TRUNCATED_NORMAL.generator, [mean, stddev], attrs, name)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None):
        """Uniform samples in [minval, maxval); integer dtypes take both bounds or neither (full range)."""
        dtype = dtypes.as_dtype(dtype)
        shape = _shape_attr(shape, "StatefulUniform")
        if dtype.is_integer:
            if (minval is None) != (maxval is None):
                raise ValueError(
                    f"For integer dtype {dtype!r}, minval and maxval must be both `None` or both "
                    f"non-`None`; got minval={minval} and maxval={maxval}"
                )
            if minval is None:
                return self.uniform_full_int(shape, dtype, name)
        dtype = _check_dtype(dtype, _UNIFORM_DTYPES)
        if dtype.is_integer:
            minval, maxval = _int_bounds(minval, maxval, dtype, "StatefulUniformInt")
            return self._draw(_UNIFORM_INT.generator, [minval, maxval], {"shape": shape}, name)
        minval, maxval = tensor(minval, dtype=dtype), tensor(1 if maxval is None else maxval, dtype=dtype)
        return self._draw(_UNIFORM.generator, [minval, maxval], {"shape": shape, "dtype": dtype}, name)

    def uniform_full_int(self, shape, dtype=dtypes.uint64, name=None):
        """Integers uniform over the whole range of `dtype` (int32, int64, uint32, uint64)."""
        dtype = _check_dtype(dtype, _FULL_INT)
        attrs = {"shape": _shape_attr(shape, "StatefulUniformFullInt"), "dtype": dtype}
        return self._draw(_UNIFORM_FULL_INT.generator, [], attrs, name)

    def binomial(self, shape, counts, probs, dtype=dtypes.int32, name=None):
        """Binomial(counts, probs) samples; `counts` and `probs` broadcast to `shape`."""
        counts, probs, attrs = _binomial_args(shape, counts, probs, dtype, "StatefulRandomBinomial")
        return self._draw(_BINOMIAL.generator, [counts, probs], attrs, name)

    # ---- new seeds and generators ---------------------------------------------------------------
    def make_seeds(self, count=1):
        """`count` seeds for stateless ops, as the columns of a [2, count] int64 tensor."""
        count = static_ints(count, "count", "StatefulUniformFullInt")
        return self.uniform_full_int((2, count), dtypes.int64)

    def split(self, count=1):
        """`count` new generators with independent streams; advances this generator."""
        keys = self.uniform_full_int((count,), dtypes.int64).numpy().tolist()
        return [Generator(state=_state_from_seed(key, self._alg), alg=self._alg) for key in keys]

    def __repr__(self):
        return f"<tf.random.Generator algorithm={self._alg.name} state={self._state_var.numpy().tolist()}>"


_global_generator: Generator | None = None


def get_global_generator() -> Generator:
    """The process-wide Generator, created from non-deterministic state on first use."""
    global _global_generator
    if _global_generator is None:
        _global_generator = Generator.from_non_deterministic_state()
    return _global_generator


def set_global_generator(generator: Generator):
    """Replaces the process-wide Generator."""
    global _global_generator
    _global_generator = generator
