"""tf.keras.constraints: projections against NumPy formulas, in every mode, and as Variable constraints.

Values that must equal TensorFlow's (fixed inputs, configs, errors) are golden cases in
tools/golden/cases/keras_init_reg.py.
"""

import numpy as np
import pytest

import lamina as tf

C = tf.keras.constraints
W = np.array([[0.5, -1.5, 2.0], [3.0, 0.25, -0.75], [0.0, 0.0, 0.1]], dtype=np.float32)


def _norms(w, axis):
    return np.sqrt(np.square(w).sum(axis=axis, keepdims=True))


@pytest.mark.parametrize(
    "constraint, expected",
    [
        (C.MaxNorm(2.0), W * np.minimum(_norms(W, 0), 2.0) / (_norms(W, 0) + 1e-7)),
        (C.MaxNorm(1.0, axis=1), W * np.minimum(_norms(W, 1), 1.0) / (_norms(W, 1) + 1e-7)),
        (C.UnitNorm(axis=1), W / (_norms(W, 1) + 1e-7)),
        (
            C.MinMaxNorm(1.0, 2.0, rate=0.5),
            W * (0.5 * np.clip(_norms(W, 0), 1.0, 2.0) + 0.5 * _norms(W, 0)) / (_norms(W, 0) + 1e-7),
        ),
        (C.NonNeg(), np.maximum(W, 0.0)),
    ],
)
def test_projections_match_numpy(constraint, expected):
    np.testing.assert_allclose(constraint(tf.constant(W)).numpy(), expected, rtol=1e-6, atol=1e-7)
    traced = tf.function(lambda w: constraint(w))(tf.constant(W))
    np.testing.assert_allclose(traced.numpy(), expected, rtol=1e-6, atol=1e-7)


def test_max_norm_bounds_column_norms():
    projected = C.MaxNorm(1.0)(tf.constant(W)).numpy()
    assert np.all(np.linalg.norm(projected, axis=0) <= 1.0 + 1e-6)


def test_non_neg_keeps_dtype():
    # Keras 2.15 fails on float64 (it multiplies by a float32 mask); lamina keeps the weight's dtype.
    for dtype in (tf.float64, tf.int32):
        result = C.NonNeg()(tf.constant([-1, 2, 0], dtype=dtype))
        assert result.dtype == dtype
        np.testing.assert_array_equal(result.numpy(), [0, 2, 0])


def _radial_reference(kernel):
    """Keras's RadialConstraint rule, written as a loop: ring d of a size x size kernel copies one
    diagonal entry of the original (see lamina/keras/constraint.py)."""
    size = kernel.shape[0]
    centre, odd = size // 2, size % 2
    out = np.empty_like(kernel)
    for row in range(size):
        for col in range(size):
            if odd:
                ring = max(abs(row - centre), abs(col - centre))
                source = centre - 1 if ring == 0 else centre + ring - 1
            else:
                distance = [centre - 1 - p if p < centre else p - centre for p in (row, col)]
                ring = max(distance)
                source = centre - 1 if ring == 0 else centre + ring
            out[row, col] = kernel[source, source]
    return out


@pytest.mark.parametrize("size", [2, 3, 4, 5, 7, 8])
def test_radial_constraint_matches_reference(size):
    kernel = np.random.default_rng(size).normal(size=(size, size, 2, 3)).astype(np.float32)
    result = C.RadialConstraint()(tf.constant(kernel)).numpy()
    np.testing.assert_array_equal(result, _radial_reference(kernel))


@pytest.mark.parametrize("shape", [(3, 4, 1, 1), (1, 1, 2, 2)])
def test_radial_constraint_needs_square_kernels(shape):
    with pytest.raises(tf.errors.InvalidArgumentError, match="square"):
        C.RadialConstraint()(tf.ones(shape))


def test_variable_constraint_after_assign():
    variable = tf.Variable(W, constraint=C.NonNeg())
    projected = variable.constraint(variable)
    variable.assign(projected)
    np.testing.assert_array_equal(variable.numpy(), np.maximum(W, 0.0))


def test_get_by_name_and_round_trip():
    constraint = C.get("max_norm")
    assert type(constraint).__name__ == "MaxNorm" and constraint.get_config() == {"max_value": 2, "axis": 0}
    rebuilt = C.deserialize(C.serialize(C.MinMaxNorm(0.5, 1.5, 0.25, axis=[0, 1])))
    assert rebuilt.get_config() == {"min_value": 0.5, "max_value": 1.5, "rate": 0.25, "axis": [0, 1]}
