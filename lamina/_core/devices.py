"""Devices and runtime settings: TensorFlow's device names over JAX devices.

TensorFlow names a device `/job:localhost/replica:0/task:0/device:GPU:1`; lamina's devices are
the local JAX devices of each platform (`jax.local_devices(backend="cpu")`, ...), numbered per
type in JAX's order. `tf.device(name)` resolves a name to one JAX device and pushes it on the
device scope stack (`context.STATE.device`) that eager execution honours. Like TensorFlow's soft
placement (on by default), a name that matches no device (`/GPU:0` on a machine without a GPU)
falls back to a device that exists.

This module also holds the process-wide settings behind `tf.config` (visible devices, soft
placement, thread counts, memory growth, TF32) so that they live in one place below the ops.
"""

from __future__ import annotations

import collections
import functools

import jax

from lamina._core.context import SETTINGS, STATE, current_device
from lamina._core.errors import InvalidArgumentError

PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])

# JAX platform name -> TensorFlow device type.
_PLATFORM_TYPES = {"cpu": "CPU", "gpu": "GPU", "cuda": "GPU", "rocm": "GPU", "tpu": "TPU"}
# Device types TensorFlow accepts in "TYPE:index" form without the "device:" prefix.
_SHORT_TYPES = ("CPU", "GPU", "TPU", "XLA_CPU", "XLA_GPU")
# XLA_CPU/XLA_GPU are TensorFlow's names for the same hardware driven through XLA.
_TYPE_ALIASES = {"XLA_CPU": "CPU", "XLA_GPU": "GPU"}


# ---- DeviceSpec ---------------------------------------------------------------------------------
class DeviceSpec:
    """A (possibly partial) device name: job, replica, task, device type and index."""

    __slots__ = ("_job", "_replica", "_task", "_device_type", "_device_index")

    def __init__(self, job=None, replica=None, task=None, device_type=None, device_index=None):
        self._job = None if job is None else str(job)
        self._replica = None if replica is None else int(replica)
        self._task = None if task is None else int(task)
        self._device_type = _normal_type(device_type)
        self._device_index = None if device_index is None else int(device_index)

    job = property(lambda self: self._job)
    replica = property(lambda self: self._replica)
    task = property(lambda self: self._task)
    device_type = property(lambda self: self._device_type)
    device_index = property(lambda self: self._device_index)

    @classmethod
    def from_string(cls, spec: str) -> DeviceSpec:
        """Parses "/job:a/replica:0/task:0/device:GPU:1", "/GPU:1", "cpu:0", "CPU" and the like."""
        return cls(**_parse_device_string(spec))

    def parse_from_string(self, spec: str) -> DeviceSpec:
        return DeviceSpec.from_string(spec)

    def _fields(self) -> dict:
        return {
            "job": self._job,
            "replica": self._replica,
            "task": self._task,
            "device_type": self._device_type,
            "device_index": self._device_index,
        }

    def replace(self, **kwargs) -> DeviceSpec:
        """A copy with the given fields replaced."""
        return DeviceSpec(**{**self._fields(), **kwargs})

    def make_merged_spec(self, dev: DeviceSpec) -> DeviceSpec:
        """A copy where the fields that `dev` sets override this spec's."""
        return DeviceSpec(**{**self._fields(), **{k: v for k, v in dev._fields().items() if v is not None}})

    def to_string(self) -> str:
        parts = [
            f"/{key}:{value}"
            for key, value in (("job", self._job), ("replica", self._replica), ("task", self._task))
            if value is not None
        ]
        if self._device_type is not None:
            index = "*" if self._device_index is None else self._device_index
            parts.append(f"/device:{self._device_type}:{index}")
        return "".join(parts)

    def __eq__(self, other):
        return isinstance(other, DeviceSpec) and self._fields() == other._fields()

    def __hash__(self):
        return hash(tuple(self._fields().values()))

    def __repr__(self):
        fields = ", ".join(f"{key}={value}" for key, value in self._fields().items())
        return f"<DeviceSpec({fields})>"


def _normal_type(device_type):
    if device_type is None:
        return None
    device_type = str(device_type)
    return device_type.upper() if device_type.upper() in _SHORT_TYPES else device_type


def _parse_index(text: str, spec: str):
    if text == "*":
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"Invalid device index {text!r} in device spec {spec!r}.") from None


def _parse_device_string(spec: str) -> dict:
    fields: dict = {}
    for part in (p for p in spec.split("/") if p):
        pieces = part.split(":")
        key = pieces[0].lower()
        if len(pieces) == 2 and key in ("job", "replica", "task"):
            fields[key] = pieces[1] if key == "job" else _parse_index(pieces[1], spec)
            continue
        if key == "device" and len(pieces) in (2, 3):
            pieces = pieces[1:]
        elif pieces[0].upper() not in _SHORT_TYPES or len(pieces) > 2:
            raise ValueError(
                f"Unknown attribute {part!r} is encountered while parsing the device spec: {spec!r}."
            )
        if "device_type" in fields:
            raise ValueError(f"Multiple device types are not allowed while parsing the device spec: {spec}.")
        fields["device_type"] = pieces[0]
        fields["device_index"] = _parse_index(pieces[1], spec) if len(pieces) > 1 else None
    return fields


# ---- the devices lamina sees --------------------------------------------------------------------
@functools.cache
def _devices_by_type() -> dict[str, tuple]:
    """Every local JAX device, grouped by TensorFlow device type (platforms without devices skipped)."""
    found: dict[str, tuple] = {}
    for platform in ("cpu", "gpu", "tpu"):
        try:
            devices = jax.local_devices(backend=platform)
        except RuntimeError:  # the platform is not installed or has no devices
            continue
        if devices:
            found.setdefault(_PLATFORM_TYPES[devices[0].platform], tuple(devices))
    return found


_hidden: set = set()  # JAX devices hidden with tf.config.set_visible_devices


def _visible(device_type: str) -> list:
    return [d for d in _devices_by_type().get(device_type, ()) if d not in _hidden]


def _physical_device(device_type: str, index: int) -> PhysicalDevice:
    return PhysicalDevice(f"/physical_device:{device_type}:{index}", device_type)


def list_physical_devices(device_type=None) -> list:
    """Every physical device (visible or not), optionally only those of `device_type` ("CPU", "GPU")."""
    return [
        _physical_device(kind, index)
        for kind, devices in _devices_by_type().items()
        if device_type is None or kind == device_type
        for index in range(len(devices))
    ]


def _jax_device(device) -> jax.Device:
    """The JAX device behind a PhysicalDevice."""
    kind, _, index = device.name.rpartition(":")
    devices = _devices_by_type().get(device.device_type, ())
    if not index.isdigit() or int(index) >= len(devices) or not kind.endswith(device.device_type):
        raise ValueError(f"Unrecognized device: {device!r}")
    return devices[int(index)]


def get_visible_devices(device_type=None) -> list:
    """The physical devices ops may run on (all of them unless set_visible_devices hid some)."""
    return [d for d in list_physical_devices(device_type) if _jax_device(d) not in _hidden]


def set_visible_devices(devices, device_type=None):
    """Makes only `devices` (of `device_type`, or of every type when None) visible to lamina.

    Hidden devices are left out of list_logical_devices and tf.device resolution; if JAX's default
    device gets hidden, new arrays default to the first visible device instead.
    """
    devices = [devices] if isinstance(devices, PhysicalDevice) else list(devices)
    keep = {_jax_device(d) for d in devices}
    by_type = _devices_by_type()
    affected = {
        d for kind, devs in by_type.items() if device_type is None or kind == device_type for d in devs
    }
    hidden = (_hidden - affected) | (affected - keep)
    remaining = [d for devs in by_type.values() for d in devs if d not in hidden]
    if not remaining:
        raise ValueError("set_visible_devices would hide every device; at least one must stay visible.")
    _hidden.clear()
    _hidden.update(hidden)
    jax.config.update("jax_default_device", remaining[0] if jax.devices()[0] in hidden else None)


def list_logical_devices(device_type=None) -> list:
    """The devices ops can be placed on: visible devices, renumbered per type from 0."""
    return [
        LogicalDevice(f"/device:{kind}:{index}", kind)
        for kind in _devices_by_type()
        if device_type is None or kind == device_type
        for index in range(len(_visible(kind)))
    ]


def get_device_details(device) -> dict:
    """Details of a GPU (its name and compute capability); {} for other devices, like TensorFlow."""
    jax_device = _jax_device(device)
    if device.device_type != "GPU":
        return {}
    details = {"device_name": jax_device.device_kind}
    capability = getattr(jax_device, "compute_capability", None)
    if capability:
        details["compute_capability"] = tuple(int(part) for part in str(capability).split("."))
    return details


def get_memory_info(device: str) -> dict:
    """{"current": bytes in use, "peak": peak bytes in use} of a device named like "GPU:0".

    Devices whose allocator keeps no statistics (CPU) report 0, as TensorFlow does.
    """
    jax_device = resolve(device, soft=False)
    stats = jax_device.memory_stats() or {}
    return {"current": int(stats.get("bytes_in_use", 0)), "peak": int(stats.get("peak_bytes_in_use", 0))}


# ---- resolving names: tf.device -----------------------------------------------------------------
def _full_name(spec: DeviceSpec) -> str:
    full = DeviceSpec("localhost", 0, 0, spec.device_type, spec.device_index).make_merged_spec(spec)
    return full.to_string()


def resolve(name, soft=None):
    """The JAX device for a device name or DeviceSpec, or None for "no placement".

    A spec without a device type ("/job:localhost") keeps the enclosing scope's device. A device
    that does not exist falls back to one that does when soft placement is on (the default).
    """
    spec = name if isinstance(name, DeviceSpec) else DeviceSpec.from_string(name)
    if spec.job not in (None, "localhost") or spec.replica not in (None, 0) or spec.task not in (None, 0):
        raise InvalidArgumentError(None, None, f"{_full_name(spec)} unknown device.")
    if spec.device_type is None:
        return current_device()
    kind = _TYPE_ALIASES.get(spec.device_type, spec.device_type)
    candidates = _visible(kind)
    index = spec.device_index or 0
    if index < len(candidates):
        return candidates[index]
    if not (_settings["soft_placement"] if soft is None else soft):
        available = ", ".join(f"/job:localhost/replica:0/task:0{d.name}" for d in list_logical_devices())
        raise InvalidArgumentError(
            None,
            None,
            f"Could not satisfy device specification '{_full_name(spec)}'. enable_soft_placement=0. "
            f"Supported device types [{', '.join(_devices_by_type())}]. All available devices [{available}].",
        )
    return candidates[0] if candidates else _default_device()


def _default_device():
    return jax.config.jax_default_device or next(d for d in jax.devices() if d not in _hidden)


class device:  # noqa: N801 - TensorFlow's public name
    """Context manager that places the ops created inside it on a device.

    `name` is a device name ("/GPU:0", "/device:CPU:1", "cpu:0",
    "/job:localhost/replica:0/task:0/device:CPU:0"), a DeviceSpec, or None (no placement: ops go
    to JAX's default device).
    """

    __slots__ = ("_device",)

    def __init__(self, device_name):
        if callable(device_name):
            raise RuntimeError("tf.device does not support functions when eager execution is enabled.")
        self._device = None if device_name is None else resolve(device_name)

    def __enter__(self):
        STATE.device.append(self._device)
        return self

    def __exit__(self, *exc_info):
        STATE.device.pop()
        return False


# ---- runtime settings: tf.config ----------------------------------------------------------------
_settings = {"soft_placement": True, "inter_op_threads": 0, "intra_op_threads": 0}
_memory_growth: dict = {}


def set_soft_device_placement(enabled):
    """When on (the default), a device scope naming a missing device falls back to one that exists."""
    _settings["soft_placement"] = bool(enabled)


def get_soft_device_placement() -> bool:
    return _settings["soft_placement"]


def run_functions_eagerly(run_eagerly):
    """Makes tf.function run its Python function eagerly instead of tracing it (for debugging)."""
    SETTINGS.run_functions_eagerly = bool(run_eagerly)


def functions_run_eagerly() -> bool:
    return SETTINGS.run_functions_eagerly


# XLA sizes its CPU thread pools when the backend starts, so these values are recorded (and read
# back) but do not resize running pools; TensorFlow also refuses changes after initialization.
def set_inter_op_parallelism_threads(num_threads):
    _settings["inter_op_threads"] = int(num_threads)


def get_inter_op_parallelism_threads() -> int:
    return _settings["inter_op_threads"]


def set_intra_op_parallelism_threads(num_threads):
    _settings["intra_op_threads"] = int(num_threads)


def get_intra_op_parallelism_threads() -> int:
    return _settings["intra_op_threads"]


def set_memory_growth(device, enable):
    """Recorded for GPUs; JAX's allocator is configured before start-up (XLA_PYTHON_CLIENT_PREALLOCATE=false
    or XLA_PYTHON_CLIENT_MEM_FRACTION), so this call does not change allocation."""
    if device.device_type != "GPU":
        raise ValueError("Cannot set memory growth on non-GPU and non-Pluggable devices")
    _jax_device(device)
    _memory_growth[device] = bool(enable)


def get_memory_growth(device) -> bool:
    if device.device_type != "GPU":
        raise KeyError(device)
    return _memory_growth.get(device, False)


def enable_tensor_float_32_execution(enabled):
    """Allows (True) or forbids (False) TensorFloat-32 in float32 matmuls and convolutions."""
    jax.config.update("jax_default_matmul_precision", "tensorfloat32" if enabled else "float32")


def tensor_float_32_execution_enabled() -> bool:
    """Whether float32 matmuls may use TensorFloat-32 (JAX's default precision allows it on GPUs)."""
    return jax.config.jax_default_matmul_precision not in ("float32", "highest")
