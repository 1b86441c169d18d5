"""Devices and tf.config, on the 4 fake CPU devices that tests/conftest.py sets up."""

import jax
import pytest

import lamina as tf
from lamina._core.context import SETTINGS, STATE


def _placed(device_name):
    with tf.device(device_name):
        return (tf.constant(1.0) + tf.constant(2.0)).device


def test_lists_physical_and_logical_devices():
    physical = tf.config.list_physical_devices()
    assert physical[0] == tf.config.PhysicalDevice(name="/physical_device:CPU:0", device_type="CPU")
    assert len(tf.config.list_physical_devices("CPU")) == 4
    assert tf.config.list_physical_devices("GPU") == []
    assert tf.config.list_physical_devices("cpu") == []  # the filter is case-sensitive, as in TensorFlow
    logical = tf.config.list_logical_devices("CPU")
    assert logical[1] == tf.config.LogicalDevice(name="/device:CPU:1", device_type="CPU")
    assert tf.config.get_visible_devices() == physical
    assert tf.config.experimental.get_device_details(physical[0]) == {}


def test_device_scope_places_ops():
    with tf.device("/CPU:1"):
        x = tf.constant(1.0) + 1
        sample = tf.random.normal([2])
    assert x.device.endswith("CPU:1") and sample.device.endswith("CPU:1")
    assert x.device == "/job:localhost/replica:0/task:0/device:CPU:1"
    assert STATE.device == []


@pytest.mark.parametrize(
    "name, index",
    [
        ("/CPU:0", 0),
        ("/device:CPU:2", 2),
        ("/job:localhost/replica:0/task:0/device:CPU:3", 3),
        ("cpu:1", 1),
        ("CPU", 0),
        ("/cpu:*", 0),
        ("/device:XLA_CPU:1", 1),
        (tf.DeviceSpec(device_type="CPU", device_index=2), 2),
    ],
)
def test_device_names(name, index):
    assert _placed(name).endswith(f"device:CPU:{index}")


def test_missing_devices_fall_back_like_soft_placement():
    assert _placed("/GPU:0").endswith("CPU:0")
    assert _placed("/device:GPU:1").endswith("CPU:0")
    assert _placed("/CPU:7").endswith("CPU:0")


def test_no_placement_and_partial_specs():
    with tf.device("/CPU:2"):
        assert _placed("/job:localhost").endswith("CPU:2")  # no device type: keeps the outer device
        assert _placed("").endswith("CPU:2")
        with tf.device(None):
            assert STATE.device[-1] is None
    assert _placed(None).endswith("CPU:0")


def test_soft_placement_can_be_turned_off():
    assert tf.config.get_soft_device_placement()
    tf.config.set_soft_device_placement(False)
    try:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Could not satisfy device specification"):
            tf.device("/GPU:0")
        assert _placed("/CPU:3").endswith("CPU:3")
    finally:
        tf.config.set_soft_device_placement(True)


@pytest.mark.parametrize(
    "name, error, match",
    [
        ("foo", ValueError, "Unknown attribute 'foo'"),
        ("/CPU:0/GPU:0", ValueError, "Multiple device types"),
        ("/job:worker/CPU:0", tf.errors.InvalidArgumentError, "unknown device"),
        ("/task:1/CPU:0", tf.errors.InvalidArgumentError, "unknown device"),
    ],
)
def test_bad_device_names(name, error, match):
    with pytest.raises(error, match=match):
        tf.device(name)


def test_device_functions_are_rejected_in_eager_mode():
    with pytest.raises(RuntimeError, match="does not support functions"):
        tf.device(lambda op: "/CPU:0")


def test_device_spec_parses_and_prints():
    spec = tf.DeviceSpec.from_string("/job:foo/replica:1/task:2/device:GPU:3")
    assert (spec.job, spec.replica, spec.task, spec.device_type, spec.device_index) == ("foo", 1, 2, "GPU", 3)
    assert spec.to_string() == "/job:foo/replica:1/task:2/device:GPU:3"
    assert tf.DeviceSpec.from_string("cpu:0").to_string() == "/device:CPU:0"
    assert tf.DeviceSpec.from_string("gpu").to_string() == "/device:GPU:*"
    assert spec.replace(device_type="CPU").to_string() == "/job:foo/replica:1/task:2/device:CPU:3"
    merged = spec.make_merged_spec(tf.DeviceSpec(task=5, device_index=0))
    expected = tf.DeviceSpec("foo", 1, 5, "GPU", 0)
    assert merged == expected and hash(merged) == hash(expected)
    assert repr(tf.DeviceSpec.from_string("/CPU:0")) == (
        "<DeviceSpec(job=None, replica=None, task=None, device_type=CPU, device_index=0)>"
    )


def test_set_visible_devices_hides_devices():
    cpus = tf.config.list_physical_devices("CPU")
    tf.config.set_visible_devices(cpus[2:], "CPU")
    try:
        assert tf.config.get_visible_devices() == cpus[2:]
        assert [d.name for d in tf.config.list_logical_devices()] == ["/device:CPU:0", "/device:CPU:1"]
        # Logical device 0 is the first visible one; the hidden default device is replaced.
        assert _placed("/CPU:0").endswith("CPU:2")
        assert tf.constant(1.0).device.endswith("CPU:2")
        with pytest.raises(ValueError, match="hide every device"):
            tf.config.set_visible_devices([], "CPU")
    finally:
        tf.config.set_visible_devices(cpus, "CPU")
    assert tf.config.get_visible_devices() == cpus and tf.constant(1.0).device.endswith("CPU:0")


def test_executing_eagerly_and_run_functions_eagerly():
    assert tf.executing_eagerly()
    assert not tf.config.functions_run_eagerly()
    tf.config.run_functions_eagerly(True)
    try:
        assert tf.config.functions_run_eagerly() and SETTINGS.run_functions_eagerly
    finally:
        tf.config.run_functions_eagerly(False)


def test_threading_memory_and_tf32_settings():
    threading = tf.config.threading
    previous = threading.get_inter_op_parallelism_threads(), threading.get_intra_op_parallelism_threads()
    assert previous == (0, 0)
    threading.set_inter_op_parallelism_threads(2)
    threading.set_intra_op_parallelism_threads(3)
    assert threading.get_inter_op_parallelism_threads() == 2
    assert threading.get_intra_op_parallelism_threads() == 3
    threading.set_inter_op_parallelism_threads(0)
    threading.set_intra_op_parallelism_threads(0)

    cpu = tf.config.list_physical_devices("CPU")[0]
    with pytest.raises(ValueError, match="Cannot set memory growth on non-GPU"):
        tf.config.experimental.set_memory_growth(cpu, True)
    assert tf.config.experimental.get_memory_info("CPU:0") == {"current": 0, "peak": 0}

    precision = jax.config.jax_default_matmul_precision
    try:
        tf.config.experimental.enable_tensor_float_32_execution(False)
        assert not tf.config.experimental.tensor_float_32_execution_enabled()
        tf.config.experimental.enable_tensor_float_32_execution(True)
        assert tf.config.experimental.tensor_float_32_execution_enabled()
    finally:
        jax.config.update("jax_default_matmul_precision", precision)
